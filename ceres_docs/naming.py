"""File and folder names built from data: ASCII, Windows-safe, never outside the output."""

from __future__ import annotations

import re
import unicodedata

MAX_NAME = 120
# A full path stays within this many characters, under Windows' 260 with room to spare (a
# deep OneDrive folder); names are shortened for it down to MIN_NAME, no further.
PATH_LIMIT = 240
MIN_NAME = 60
RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)),
            *(f"LPT{i}" for i in range(1, 10))}


def ascii_word(text: str, upper: bool = False) -> str:
    """Letters and digits in ASCII; every other run of characters becomes one hyphen."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    plain = plain.encode("ascii", "ignore").decode("ascii")
    word = re.sub(r"[^A-Za-z0-9]+", "-", plain).strip("-")
    return word.upper() if upper else word


def code_word(text: str) -> str:
    """Upper-case ASCII letters and digits only (abrégé, centre's short name)."""
    return re.sub(r"[^A-Z0-9]", "", ascii_word(text, upper=True))


def person_word(last_name: str, first_name: str) -> str:
    """NOM_Prenom, as the staff write it."""
    first = "-".join(part.capitalize() for part in ascii_word(first_name).split("-") if part)
    return "_".join(filter(None, [ascii_word(last_name, upper=True), first])) or "SANS-NOM"


def safe_name(stem: str, suffix: str, limit: int = MAX_NAME) -> str:
    """A file name that Windows accepts and that cannot climb out of its folder; its stem
    at most limit characters."""
    stem = re.sub(r"[^A-Za-z0-9_.-]", "", stem).strip(". ") or "document"
    if stem.split(".")[0].upper() in RESERVED:
        stem = "_" + stem
    return stem[:limit].rstrip(". ") + suffix


def name_room(folder: str, inside: int) -> int:
    """The longest stem that keeps every path under folder within PATH_LIMIT, when the
    deepest path a file gets inside it adds inside characters besides the stem."""
    return max(MIN_NAME, min(MAX_NAME, PATH_LIMIT - len(folder) - inside))


def session_stem(code: str, short: str, centre: str, start) -> str:
    """<TP-xxxxx or CP-xxxxx>_<ABRÉGÉ>_<NOM COURT>_<JJMMAAAA>: the DIECCTE's RA convention."""
    return f"{code}_{code_word(short)}_{code_word(centre)}_{start.strftime('%d%m%Y')}"


def unique(name: str, taken: set[str], discriminator: str) -> str:
    """The name itself, or with a discriminator (then a counter) when already taken."""
    candidate = name
    stem, dot, suffix = name.rpartition(".")
    if candidate.lower() in taken:
        candidate = f"{stem}_{discriminator}{dot}{suffix}"
    counter = 2
    while candidate.lower() in taken:
        candidate = f"{stem}_{discriminator}-{counter}{dot}{suffix}"
        counter += 1
    taken.add(candidate.lower())
    return candidate
