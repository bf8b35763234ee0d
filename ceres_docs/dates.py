"""Dates as the procedure counts them and as the documents write them, in one place."""

from __future__ import annotations

import datetime as dt

DAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
          "septembre", "octobre", "novembre", "décembre")


def format_date(day: dt.date | None) -> str:
    """JJ/MM/AAAA, as the staff write dates; empty for no date."""
    return day.strftime("%d/%m/%Y") if day else ""


def long_date(day: dt.date | None) -> str:
    """« lundi 1er mars 2027 »; empty for no date."""
    if day is None:
        return ""
    number = "1er" if day.day == 1 else str(day.day)
    return f"{DAYS[day.weekday()]} {number} {MONTHS[day.month - 1]} {day.year}"


def dates_phrase(start: dt.date | None, end: dt.date | None) -> str:
    """« du lundi 2 mars 2026 au mercredi 4 mars 2026 », or « le … » for one day."""
    if start and end and end != start:
        return f"du {long_date(start)} au {long_date(end)}"
    return f"le {long_date(start)}"


def hour(time: dt.time | None) -> str:
    """« 08h30 »; empty for no time."""
    return f"{time.hour:02d}h{time.minute:02d}" if time else ""


def add_months(day: dt.date, months: int) -> dt.date:
    """Same day n months later, or the month's last day when it has no such day."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def add_years(day: dt.date, years: int) -> dt.date:
    """Same day n years later; 29 February becomes 28 February."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)
