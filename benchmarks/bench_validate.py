"""Times `validate` on 5,000 candidates and 10,000 inscriptions (goal: ≤ 1.5 s).

Beside it, in the same run, the plain way: openpyxl reading the same workbook in
read-only mode, cell by cell, without any check. Reported as a ratio.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

from openpyxl import load_workbook

from ceres_docs.rules import validate

sys.path.insert(0, str(Path(__file__).parent))
from synthetic import build  # noqa: E402

GOAL_SECONDS = 1.5
RUNS = 5


def plain_read(path: Path) -> int:
    book = load_workbook(path, read_only=True, data_only=True)
    cells = sum(len(row) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True))
    book.close()
    return cells


def timed(function, *args) -> list[float]:
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        function(*args)
        times.append(time.perf_counter() - start)
    return times


def main() -> int:
    folder = Path(__file__).parent / "data"
    folder.mkdir(exist_ok=True)
    path = folder / "validate-5000-10000.xlsx"
    if not path.exists():
        build(path, sessions=150, candidates=5000, inscriptions=10000)
    result = validate(path)
    errors = len(result.report.errors)
    ours = timed(validate, path)
    plain = timed(plain_read, path)
    ours_median, plain_median = statistics.median(ours), statistics.median(plain)
    print(f"Workbook: {path.name} (5,000 candidates, 10,000 inscriptions, {errors} errors)")
    print(f"{'way':<42}{'median s':>10}{'min s':>10}{'ratio':>8}")
    print(f"{'ceres-docs validate (read + all rules)':<42}{ours_median:>10.3f}{min(ours):>10.3f}"
          f"{ours_median / plain_median:>8.2f}")
    print(f"{'plain openpyxl read-only, no checks':<42}{plain_median:>10.3f}{min(plain):>10.3f}"
          f"{1:>8.2f}")
    verdict = "met" if ours_median <= GOAL_SECONDS else "MISSED"
    print(f"Goal: validate ≤ {GOAL_SECONDS} s → {verdict} ({ours_median:.3f} s median of {RUNS})")
    return 0 if errors == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
