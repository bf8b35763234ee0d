"""What a column of the contract expects, in the users' words: its format, an example, whether
it must be filled. Written once for the new workbook (Lisez-moi sheet, input messages) and for
docs/classeur.md."""

from __future__ import annotations

from .schema import Column

# Each kind of column in words, as the Lisez-moi sheet and docs/classeur.md show it.
KIND_FORMATS = {
    "text": "texte",
    "code": "code",
    "title_code": "code titre (TP-00000)",
    "ccp_code": "code CCP (CP-00000)",
    "ccp_list": "codes CCP séparés par « ; »",
    "session_id": "nombre (ID CERES)",
    "ceres_id": "N° CERES (13 chiffres + 1 lettre)",
    "email": "adresse électronique",
    "postcode": "code postal (5 chiffres)",
    "phone": "téléphone",
    "date": "date (JJ/MM/AAAA)",
    "time": "heure (9:00, 9h, 8h30)",
    "choice": "liste",
}

# An example of each kind, for a column whose contract gives none.
KIND_EXAMPLES = {
    "code": "CFPAE",
    "title_code": "TP-01303",
    "ccp_code": "CP-00123",
    "ccp_list": "CP-00123 ; CP-00124",
    "session_id": "224566",
    "ceres_id": "9741411152681F",
    "email": "prenom.nom@exemple.re",
    "postcode": "75012",
    "phone": "0262 12 34 56",
    "date": "25/02/2019",
    "time": "8:30",
}

REQUIRED = "requise"
MAY_BE_EMPTY = "peut être vide"
OPTIONAL_COLUMN = "colonne facultative"


def format_of(column: Column) -> str:
    """The column's format in words, with its list's values."""
    described = KIND_FORMATS[column.kind]
    if column.options:
        described += " : " + ", ".join(column.options)
    return described


def example_of(column: Column) -> str:
    """The contract's example, else one of the column's kind; empty for free text."""
    if column.example:
        return column.example
    if column.options:
        return column.options[0]
    return KIND_EXAMPLES.get(column.kind, "")


def need_of(column: Column) -> str:
    """Must every row fill it (requise), may it stay empty, may the column be left out."""
    if column.required:
        return REQUIRED
    return OPTIONAL_COLUMN if column.optional else MAY_BE_EMPTY
