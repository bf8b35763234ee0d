"""The workbook documentation follows the contract and the catalogue of checks."""

import sys
from pathlib import Path

import pytest

from ceres_docs.checks import CATALOGUE, CHECKS, ERROR
from ceres_docs.report import Issue, issue

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import make_docs  # noqa: E402


def test_docs_are_up_to_date():
    for name, build in make_docs.TARGETS.items():
        written = (ROOT / "docs" / name).read_text(encoding="utf-8")
        assert written == build(), f"{name} : lancez python scripts/make_docs.py"


def test_every_check_is_documented():
    documented = (ROOT / "docs" / "classeur.md").read_text(encoding="utf-8")
    for check in CATALOGUE:
        assert f"| `{check.code}` |" in documented, check.code


def test_catalogue_codes_are_unique_and_complete():
    assert len(CHECKS) == len(CATALOGUE)
    for check in CATALOGUE:
        assert check.title and check.explanation, check.code
        assert check.reference in ("", "N") or check.reference.startswith("P§"), check.code


def test_an_issue_outside_the_catalogue_is_refused():
    with pytest.raises(ValueError, match="not in the catalogue"):
        issue("not-a-check", "Sessions", 2, "A", "N° session", "message")
    with pytest.raises(ValueError, match="not in the catalogue"):
        Issue(ERROR, "duplicate-person", "Candidats", 2, "A", "N° CERES", "a warning")
    assert issue("duplicate-person", "Candidats", 2, "A", "N° CERES", "m").severity == "warning"


def test_every_column_kind_that_can_refuse_a_cell_has_its_check():
    """model.parse_rows reports a refused cell as invalid-<kind>: each must be catalogued.
    Text, codes and phones are taken as typed and never refused."""
    from ceres_docs import schema

    kinds = {column.kind for sheet in schema.SHEETS for column in sheet.columns}
    refusing = kinds - {"text", "code", "phone"}
    assert {f"invalid-{kind.replace('_', '-')}" for kind in refusing} <= set(CHECKS)
