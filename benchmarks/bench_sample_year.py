"""The sample copied into a year (sample_year.py: 231 sessions, 1,518 candidates), end to end:
`ceres-docs generate` asked for every kind of every session, in ms per page, beside the
plain-text page cost of the same LibreOffice (a 100-page DOCX less a 1-page one, warm
profile), measured in the same run."""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from bench_generate import CLI, everything, plain_page_cost  # noqa: E402
from sample_year import DAY, build  # noqa: E402

RUNS = 3
GOAL_MS_PER_PAGE = 10


def main() -> int:
    from ceres_docs.convert import find_soffice
    from ceres_docs.rules import validate

    data = Path(__file__).parent / "data"
    data.mkdir(exist_ok=True)
    year = build(data / "annee-echantillon-x33.xlsx")
    start = time.perf_counter()
    report = validate(year, DAY).report
    checked = time.perf_counter() - start
    if report.errors:
        raise SystemExit(f"The sample-copied year has {len(report.errors)} errors.")
    arguments = everything(year)
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        walls = []
        for run in range(RUNS):
            out = folder / f"run-{run}"
            start = time.perf_counter()
            subprocess.run([*CLI, "generate", str(year), "--out", str(out), "--today",
                            DAY.isoformat(), *arguments], check=True, capture_output=True)
            walls.append(time.perf_counter() - start)
        documents = json.loads((folder / "run-0" / "manifest.json").read_text())["documents"]
        plain, plain_pages = plain_page_cost(find_soffice(), folder / "texte")
    pdfs = [d for d in documents if d["format"] == "pdf"]
    pages = sum(d["pages"] or 0 for d in pdfs)
    wall = statistics.median(walls)
    per_page = wall / pages * 1000
    print(f"Sample-copied year: {year.name} — validated in {checked:.2f} s "
          f"({len(report.warnings)} warnings, 0 errors); {len(pdfs)} PDFs ({pages} pages), "
          f"{len(documents) - len(pdfs)} other files")
    print(f"{'way':<52}{'median s':>10}{'ms/page':>9}{'ratio':>7}")
    print(f"{f'plain text, {plain_pages} pages less 1, warm profile':<52}{'':>10}"
          f"{plain * 1000:>9.2f}{1:>7.2f}")
    print(f"{f'ceres-docs generate, {RUNS} runs':<52}{wall:>10.1f}{per_page:>9.2f}"
          f"{per_page / (plain * 1000):>7.2f}")
    print(f"Runs: {', '.join(f'{w:.1f}' for w in walls)} s. Goal: ≤ {GOAL_MS_PER_PAGE} ms per "
          f"page → {'met' if per_page <= GOAL_MS_PER_PAGE else 'MISSED'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
