"""Turning what a person typed in a cell into a typed value.

Each parser returns the value or raises ``ValueError`` with a French explanation that
says what to type instead.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from collections.abc import Iterable

from .dates import format_date

EXCEL_EPOCH = dt.date(1899, 12, 30)

_SPACES = re.compile(r"\s+")
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'", "‐": "-", "–": "-"})


def clean_text(value: object) -> str:
    """The cell as text: spaces (non-breaking included) trimmed, numbers without '.0'."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "VRAI" if value else "FAUX"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0):
            return format_date(value)
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, dt.date):
        return format_date(value)
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    text = str(value).replace("\u00a0", " ").replace("\u202f", " ")
    text = text.replace("\r\n", "\n").replace("\r", "\n")  # Windows' and old Macs' line ends
    return text.strip()


def normalize(text: str) -> str:
    """Key for comparing labels and names: no accents, no case, single spaces."""
    text = unicodedata.normalize("NFKD", clean_text(text).translate(_APOSTROPHES))
    text = "".join(c for c in text if not unicodedata.combining(c))
    return _SPACES.sub(" ", text).casefold().strip()


def is_blank(value: object) -> bool:
    """An empty cell, or one holding only spaces."""
    return value is None or (isinstance(value, str) and not clean_text(value))


@functools.lru_cache(maxsize=64)
def _choice_keys(choices: tuple[str, ...]) -> dict[str, str]:
    keys: dict[str, str] = {}
    for choice in choices:
        keys.setdefault(normalize(choice), choice)
    return keys


def parse_choice(value: object, choices: Iterable[str]) -> str:
    """The canonical spelling of a list value, matched without case or accents."""
    options = tuple(choices)
    found = _choice_keys(options).get(normalize(clean_text(value)))
    if found is not None:
        return found
    listed = ", ".join(f"« {c} »" for c in options)
    raise ValueError(f"valeur « {clean_text(value)} » inconnue : choisissez parmi {listed}")


_DATE_DMY = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})$")
_DATE_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00)?)?$")
# « 3 février 1985 », « 1er mars 2027 », « lundi 31 août 2027 », « 3 févr. 85 », once
# normalized (no accents, no case).
_WEEKDAYS = "lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche"
_DATE_WORDS = re.compile(
    rf"^(?:(?:{_WEEKDAYS}),?\s+)?(\d{{1,2}})\s*(?:er)?\s+([a-z]+)\.?\s+(\d{{2}}|\d{{4}})$")
MONTHS = {
    "janvier": 1, "janv": 1, "fevrier": 2, "fevr": 2, "fev": 2, "mars": 3, "avril": 4, "avr": 4,
    "mai": 5, "juin": 6, "juillet": 7, "juil": 7, "aout": 8, "septembre": 9, "sept": 9,
    "octobre": 10, "oct": 10, "novembre": 11, "nov": 11, "decembre": 12, "dec": 12,
}


def excel_serial_to_date(serial: float, epoch: dt.date = EXCEL_EPOCH) -> dt.date:
    return epoch + dt.timedelta(days=int(serial))


def _year(digits: str) -> int:
    """A year of four digits, or of two: 70 to 99 are the 1900s, 00 to 69 the 2000s."""
    year = int(digits)
    if len(digits) == 2:
        year += 2000 if year < 70 else 1900
    return year


def parse_date(value: object, epoch: dt.date = EXCEL_EPOCH) -> dt.date:
    """A date typed as an Excel date, a serial number, text JJ/MM/AAAA or with the month in
    letters (« 31 août 2027 »)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if 1 <= value < 2958466:
            return excel_serial_to_date(value, epoch)
        raise ValueError(f"« {clean_text(value)} » n'est pas une date : tapez JJ/MM/AAAA")
    text = clean_text(value)
    if match := _DATE_DMY.match(text):
        day, month, year = int(match.group(1)), int(match.group(2)), _year(match.group(3))
    elif match := _DATE_ISO.match(text):
        year, month, day = (int(part) for part in match.groups())
    elif (match := _DATE_WORDS.match(normalize(text))) and match.group(2) in MONTHS:
        day, month, year = int(match.group(1)), MONTHS[match.group(2)], _year(match.group(3))
    else:
        raise ValueError(
            f"« {text} » n'est pas une date : tapez JJ/MM/AAAA, par exemple 25/02/2019"
        )
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise ValueError(f"la date « {text} » n'existe pas dans le calendrier") from None


_TIME = re.compile(r"^(\d{1,2})\s*(?:[h:H]\s*(\d{2})?(?::(\d{2}))?)?$")


def parse_time(value: object) -> dt.time:
    """An hour typed as an Excel time, 9h, 9h30, 09:00 or 9:00:00."""
    if isinstance(value, dt.datetime):
        return value.time()
    if isinstance(value, dt.time):
        return value
    if isinstance(value, dt.timedelta):
        seconds = int(value.total_seconds())
        if 0 <= seconds < 86400:
            return dt.time(seconds // 3600, seconds // 60 % 60)
    if isinstance(value, float) and 0 <= value < 1:
        minutes = round(value * 24 * 60)
        return dt.time(minutes // 60 % 24, minutes % 60)
    text = clean_text(value)
    match = _TIME.match(text)
    if match and (match.group(2) or not text.isdigit()):
        hour, minute = int(match.group(1)), int(match.group(2) or 0)
        if hour < 24 and minute < 60:
            return dt.time(hour, minute)
    raise ValueError(f"« {text} » n'est pas une heure : tapez par exemple 9:00 ou 8h30")


_TITLE_CODE = re.compile(r"^TP-?(\d{5})$")
_CCP_CODE = re.compile(r"^CP-?(\d{5})$")


def parse_title_code(value: object) -> str:
    text = clean_text(value).upper().replace(" ", "")
    if match := _TITLE_CODE.match(text):
        return f"TP-{match.group(1)}"
    raise ValueError(f"« {clean_text(value)} » n'est pas un code de titre : tapez TP- et "
                     "5 chiffres, par exemple TP-01303")


def parse_ccp_code(value: object) -> str:
    text = clean_text(value).upper().replace(" ", "")
    if match := _CCP_CODE.match(text):
        return f"CP-{match.group(1)}"
    raise ValueError(f"« {clean_text(value)} » n'est pas un code de CCP : tapez CP- et 5 chiffres, "
                     "par exemple CP-00123")


def parse_ccp_list(value: object) -> list[str]:
    """CCP codes separated by ';' (commas and line breaks are accepted too), no repeats."""
    codes: list[str] = []
    for part in re.split(r"[;,\n]+", clean_text(value)):
        if part.strip():
            code = parse_ccp_code(part)
            if code not in codes:
                codes.append(code)
    return codes


def parse_session_id(value: object) -> str:
    text = clean_text(value)
    if text.isdigit():
        return text
    raise ValueError(f"« {text} » n'est pas un N° de session : tapez l'ID CERES, chiffres "
                     "seulement (par exemple 224566)")


_CERES_ID = re.compile(r"^\d{13}[A-Z]$")


def parse_ceres_id(value: object) -> str:
    text = clean_text(value).upper().replace(" ", "")
    if _CERES_ID.match(text):
        return text
    raise ValueError(f"« {clean_text(value)} » n'est pas un N° CERES : 13 chiffres suivis d'une "
                     "lettre, par exemple 9741411152681F")


def parse_code(value: object) -> str:
    return clean_text(value).upper()


_EMAIL = re.compile(r"^[^@\s<>(),;:\"]+@[^@\s<>(),;:\"]+\.[A-Za-z]{2,}$")


def parse_email(value: object) -> str:
    text = clean_text(value)
    if _EMAIL.match(text):
        return text
    raise ValueError(f"« {text} » n'est pas une adresse électronique valide "
                     "(par exemple examen.cfpae@afpar.com)")


def parse_postcode(value: object) -> str:
    """Five digits; four are padded, as Excel drops the 0 of departments 01 to 09."""
    text = clean_text(value).replace(" ", "")
    if text.isdigit() and len(text) in (4, 5):
        return text.zfill(5)
    if re.fullmatch(r"2[AB]\d{3}", text.upper()):
        return text.upper()
    raise ValueError(
        f"« {clean_text(value)} » n'est pas un code postal : 5 chiffres, par exemple 75012"
    )


def parse_phone(value: object) -> str:
    text = clean_text(value)
    if text.isdigit() and len(text) == 9:
        return "0" + text
    return text
