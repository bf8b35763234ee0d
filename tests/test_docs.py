"""The workbook documentation follows the contract and lists every check."""

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import make_docs  # noqa: E402


def test_docs_are_up_to_date():
    for name, build in make_docs.TARGETS.items():
        written = (ROOT / "docs" / name).read_text(encoding="utf-8")
        assert written == build(), f"{name} : lancez python scripts/make_docs.py"


def emitted_codes() -> set[str]:
    source = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "ceres_docs").glob("*.py"))
    codes = set(re.findall(r'(?:ERROR|WARNING),\s*"([a-z-]+)"', source))
    kinds = re.findall(r'Column\([^)]*?"[a-z_]+",\s*"[^"]+",\s*"([a-z_]+)"', source, re.S)
    codes |= {"invalid-" + kind.replace("_", "-") for kind in kinds
              if kind not in ("text", "code", "phone")}
    return codes


def test_every_check_is_documented():
    documented = {code for code, _, _ in make_docs.RULES}
    assert emitted_codes() >= {"no-agrement", "invalid-date", "missing-column"}
    assert emitted_codes() - documented == set()

