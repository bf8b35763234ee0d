"""A year made of the sample workbook's sessions, copied 33 times (231 sessions, 1,518
candidates): the sample's real templates' content at a year's scale, valid against every rule.

Each copy gets new session numbers and N° CERES, its people's names and birth dates moved a
little (so that no copy looks like a duplicate of another), and its dates shifted: the
sessions already held move back into the past, those still to come move forward, by up to
half a year, so that every session stays at the stage the sample gives it on DAY.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from openpyxl import load_workbook

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "sessions.xlsx"
DAY = dt.date(2026, 11, 30)  # the sample's day (make demo)
COPIES = 33
STEP = dt.timedelta(days=5)  # between two copies: 33 copies spread over ±160 days


def _shifted(value: object, delta: dt.timedelta) -> object:
    if isinstance(value, dt.datetime):
        return value + delta
    return value


def build(path: Path, copies: int = COPIES, today: dt.date = DAY) -> Path:
    """Write the sample-copied year to path (deterministic: same rows every time)."""
    book = load_workbook(SAMPLE)
    now = dt.datetime.combine(today, dt.time())
    sessions, people = book["Sessions"], book["Candidats"]
    rows = {name: [list(row) for row in book[name].iter_rows(min_row=2, values_only=True)
                   if any(cell is not None for cell in row)]
            for name in ("Sessions", "Candidats", "Inscriptions", "Intervenants")}
    held = {row[0]: row[5] < now for row in rows["Sessions"]}  # started before the day
    for name in rows:
        sheet = book[name]
        sheet.delete_rows(2, sheet.max_row)
    for copy in range(copies):
        def session_id(old: str, copy: int = copy) -> str:
            return str(int(old) + 1000 * (copy + 1))

        def ceres(old: str, copy: int = copy) -> str:
            return f"{old[:3]}{(int(old[3:13]) + 7919 * copy) % 10**10:010d}{old[13]}"

        def delta(session: str, copy: int = copy) -> dt.timedelta:
            return -STEP * copy if held[session] else STEP * copy

        for row in rows["Sessions"]:
            # Moved with its session; but what happened before the day stays before it.
            moved = [new if not isinstance(old, dt.datetime) or old >= now or new < now else old
                     for old in row for new in [_shifted(old, delta(row[0]))]]
            sessions.append([session_id(row[0]), *moved[1:]])
        for row in rows["Candidats"]:
            people.append([ceres(row[0]), row[1] + ("" if copy == 0 else f"-{copy}"), row[2],
                           row[3] + dt.timedelta(days=copy), *row[4:]])
        for row in rows["Inscriptions"]:
            book["Inscriptions"].append([session_id(row[0]), ceres(row[1]), *row[2:6],
                                         _shifted(row[6], delta(row[0]))])
        for row in rows["Intervenants"]:
            book["Intervenants"].append([session_id(row[0]), *row[1:6],
                                         _shifted(row[6], abs(delta(row[0])))])
    book.save(path)
    return path


if __name__ == "__main__":
    build(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("annee-echantillon.xlsx"))
