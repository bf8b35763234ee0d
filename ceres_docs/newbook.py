"""A new, empty workbook that follows the contract and helps the person typing in it."""

from __future__ import annotations

import os
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from . import schema
from .columns import MAY_BE_EMPTY, OPTIONAL_COLUMN, REQUIRED, example_of, format_of, need_of
from .countries import BIRTH_COUNTRIES
from .errors import OutputError
from .output import fit_to_page_width, replace_file

# Required columns (a value on every row) have dark headers, the others light ones.
REQUIRED_FILL = PatternFill("solid", fgColor="1F4E78")
REQUIRED_FONT = Font(name="Calibri", bold=True, color="FFFFFF")
OPTIONAL_FILL = PatternFill("solid", fgColor="DDEBF7")
OPTIONAL_FONT = Font(name="Calibri", color="1F4E78")
DATA_ROWS = 5000  # rows with formats and lists: more than a year of sessions
# Columns whose drop-down list is another sheet's column (sheet, key) -> (sheet, key).
REFERENCES = {
    ("Sessions", "centre"): ("Centres", "code"),
    ("Agréments", "centre"): ("Centres", "code"),
    ("Sessions", "title"): ("Titres", "code"),
    ("Agréments", "title"): ("Titres", "code"),
    ("CCP", "title"): ("Titres", "code"),
    ("Sessions", "ccp"): ("CCP", "code"),
    ("Inscriptions", "session"): ("Sessions", "id"),
    ("Intervenants", "session"): ("Sessions", "id"),
    ("Inscriptions", "candidate"): ("Candidats", "id"),
}
# Suggested values kept in a hidden sheet: the list proposes them, any other value is allowed.
LISTS_SHEET = "Listes"
SUGGESTIONS = {("Candidats", "birth_country"): BIRTH_COUNTRIES}


# Cell formats by column kind: dates and times as Excel shows them, codes as text ("@") so
# that Excel keeps leading zeros and never turns a N° CERES into a number.
NUMBER_FORMATS = {"date": "DD/MM/YYYY", "time": "HH:MM",
                  **dict.fromkeys(("ceres_id", "session_id", "postcode", "phone", "ccp_list"),
                                  "@")}


def new_workbook() -> Workbook:
    """Every sheet with styled headers, frozen first row, formats, drop-down lists and an
    input message on every column with a format or a list."""
    book = Workbook()
    readme = book.active
    readme.title = "Lisez-moi"
    _write_readme(readme)
    fit_to_page_width(readme)
    for spec in schema.SHEETS:
        sheet = book.create_sheet(spec.name)
        for index, column in enumerate(spec.columns, start=1):
            letter = get_column_letter(index)
            cell = sheet.cell(row=1, column=index, value=column.header)
            _style_header(cell, column)
            sheet.column_dimensions[letter].width = max(column.width, len(column.header) + 2)
            if column.kind in NUMBER_FORMATS:
                _format(sheet, letter, NUMBER_FORMATS[column.kind])
            validation = _validation(spec.name, column)
            if validation is not None:
                validation.add(f"{letter}2:{letter}{DATA_ROWS}")
                sheet.add_data_validation(validation)
        sheet.freeze_panes = "A2"
        fit_to_page_width(sheet)
        sheet.row_dimensions[1].height = 32
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(spec.columns))}1"
    parameters = book["Paramètres"]
    for parameter in schema.PARAMETERS:
        parameters.append([parameter.name, parameter.default])
    _write_lists(book.create_sheet(LISTS_SHEET))
    return book


def _style_header(cell, column: schema.Column) -> None:
    cell.fill = REQUIRED_FILL if column.required else OPTIONAL_FILL
    cell.font = REQUIRED_FONT if column.required else OPTIONAL_FONT
    cell.alignment = Alignment(wrap_text=True, vertical="center")


def _column_range(sheet_name: str, key: str, first: int = 2, last: int = DATA_ROWS) -> str:
    """An absolute reference to one column of a sheet of the contract, for a list."""
    letter = get_column_letter([c.key for c in schema.sheet(sheet_name).columns].index(key) + 1)
    return f"'{sheet_name}'!${letter}${first}:${letter}${last}"


def _validation(sheet_name: str, column: schema.Column) -> DataValidation | None:
    """The column's check and list, with its input message; None for free text."""
    target = REFERENCES.get((sheet_name, column.key))
    suggestions = SUGGESTIONS.get((sheet_name, column.key))
    if column.kind == "date":
        validation = DataValidation(
            type="date", operator="greaterThan", formula1="1", showErrorMessage=True,
            errorStyle="warning", errorTitle="Date attendue", error="Tapez une date JJ/MM/AAAA.",
        )
        rule = f"Date (JJ/MM/AAAA), par exemple {example_of(column)}."
    elif column.options:
        validation = DataValidation(
            type="list", formula1='"' + ",".join(column.options) + '"', showErrorMessage=True,
            errorTitle="Valeur inconnue",
            error="Choisissez une valeur dans la liste : " + ", ".join(column.options),
        )
        rule = "Choisissez dans la liste : " + ", ".join(column.options) + "."
    elif target:
        header = schema.sheet(target[0]).column(target[1]).header
        validation = DataValidation(
            type="list", formula1=_column_range(*target), showErrorMessage=True,
            errorStyle="warning", errorTitle="Valeur inconnue",
            error=f"Cette valeur n'est pas dans la colonne {header} de la feuille {target[0]}.",
        )
        rule = (f"Choisissez dans la liste (colonne {header} de la feuille {target[0]}), "
                f"par exemple {example_of(column)}.")
    elif suggestions:
        validation = DataValidation(
            type="list", formula1=f"'{LISTS_SHEET}'!$A$2:$A${len(suggestions) + 1}",
            showErrorMessage=False,
        )
        rule = ("Choisissez dans la liste ou tapez le nom du pays en toutes lettres : "
                + ", ".join(suggestions[:2]) + ", Madagascar…")
    elif column.kind != "text":
        validation = DataValidation(showErrorMessage=False)
        rule = f"{_capitalized(format_of(column))}, par exemple {example_of(column)}."
    else:
        return None
    validation.allow_blank = True
    validation.showInputMessage = True
    validation.promptTitle = column.header
    validation.prompt = _prompt(column, rule)
    return validation


def _prompt(column: schema.Column, rule: str) -> str:
    """The input message: what to type, whether it may stay empty, then the column's help
    when Excel's 255 characters leave room for it."""
    need = {REQUIRED: "Obligatoire sur chaque ligne.", MAY_BE_EMPTY: "Peut rester vide.",
            OPTIONAL_COLUMN: "Peut rester vide (colonne facultative)."}[need_of(column)]
    prompt = f"{rule} {need}"
    with_help = f"{column.help} {prompt}" if column.help else prompt
    return with_help if len(with_help) <= PROMPT_LIMIT else prompt


PROMPT_LIMIT = 255  # Excel's limit for an input message


def _capitalized(text: str) -> str:
    return text[:1].upper() + text[1:]


def _format(sheet, letter: str, number_format: str) -> None:
    sheet.column_dimensions[letter].number_format = number_format


def _write_lists(sheet) -> None:
    """The hidden sheet of suggested values, one column per list."""
    for index, ((sheet_name, key), values) in enumerate(SUGGESTIONS.items(), start=1):
        sheet.cell(row=1, column=index, value=schema.sheet(sheet_name).column(key).header)
        for row, value in enumerate(values, start=2):
            sheet.cell(row=row, column=index, value=value)
    sheet.sheet_state = "hidden"


README_HEADERS = ("Colonne", "Saisie", "Format", "Exemple", "Description")
README_WIDTHS = (28, 18, 34, 28, 70)
LEGEND = (
    (True, "Requise", "En-tête foncé : une valeur est requise sur chaque ligne."),
    (False, "Peut être vide", "En-tête clair : la cellule peut rester vide ; une colonne "
     "facultative peut même manquer."),
)
LINE_HEIGHT = 15  # points, a line of Calibri 11


def _write_readme(sheet) -> None:
    """How the workbook is laid out, then each sheet's columns: need, format, example."""
    for index, width in enumerate(README_WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.append(["Classeur ceres-docs"])
    sheet["A1"].font = Font(name="Calibri", bold=True, size=14)
    _across(sheet, ["Ce classeur rassemble les sessions CERES, candidats, jurys et résultats. "
                    "En-têtes en ligne 1, données à partir de la ligne 2 ; l'ordre des colonnes "
                    "est libre et vous pouvez en ajouter. Vérifiez-le avec "
                    "« ceres-docs validate »."], first=1)
    _across(sheet, ["Cliquez sur une cellule : un message rappelle ce qu'il faut y taper. Une "
                    "flèche propose les valeurs des listes, les codes et numéros déjà saisis "
                    "dans les autres feuilles (centres, titres, CCP, sessions, candidats) et les "
                    "pays de naissance ; un autre pays peut être tapé."], first=1)
    sheet.append([])
    for required, label, text in LEGEND:
        _across(sheet, [label, text], first=2)
        _style_header(sheet.cell(row=sheet.max_row, column=1),
                      schema.Column("legend", label, required=required))
    sheet.append([])
    for spec in schema.SHEETS:
        _across(sheet, [spec.name, spec.help], first=2)
        sheet.cell(row=sheet.max_row, column=1).font = Font(name="Calibri", bold=True, size=12)
        sheet.append(README_HEADERS)
        for cell in sheet[sheet.max_row]:
            cell.font = Font(name="Calibri", bold=True)
        for column in spec.columns:
            _row(sheet, [column.header, need_of(column), format_of(column),
                         example_of(column) or "—", column.help], column)
        if spec.name == "Paramètres":
            sheet.append(["Paramètres reconnus :"])
            for parameter in schema.PARAMETERS:
                _row(sheet, ["   • " + parameter.name,
                             REQUIRED if parameter.required else MAY_BE_EMPTY, "texte",
                             parameter.example or "—", parameter.help])
        sheet.append([])


def _row(sheet, values: list[str], column: schema.Column | None = None) -> None:
    """A row of wrapped cells, as high as its longest cell needs (neither Excel nor
    LibreOffice sizes rows of a generated file by themselves); the first cell styled as the
    column's header when there is one."""
    sheet.append(values)
    row = sheet.max_row
    if column is not None:
        _style_header(sheet.cell(row=row, column=1), column)
    lines = 1
    for index, value in enumerate(values, start=1):
        sheet.cell(row=row, column=index).alignment = Alignment(wrap_text=True, vertical="top")
        lines = max(lines, _lines(value, README_WIDTHS[index - 1]))
    sheet.row_dimensions[row].height = lines * LINE_HEIGHT


def _across(sheet, values: list[str], first: int) -> None:
    """A row whose last value spans the remaining columns, from column `first`."""
    sheet.append(values)
    row = sheet.max_row
    last = len(README_WIDTHS)
    sheet.merge_cells(start_row=row, start_column=first, end_row=row, end_column=last)
    cell = sheet.cell(row=row, column=first)
    cell.alignment = Alignment(wrap_text=True, vertical="top")
    lines = _lines(values[-1], sum(README_WIDTHS[first - 1:]))
    sheet.row_dimensions[row].height = max(lines, 1) * LINE_HEIGHT


def _lines(text: str, width: int) -> int:
    """About how many lines a text takes in a column this wide (in characters)."""
    return -(-len(text) // int(width * 1.25)) if text else 1


def create_workbook(path: str | os.PathLike[str], force: bool = False) -> Path:
    """Write a new workbook at path; an existing file is kept unless force is given."""
    path = Path(path)
    if path.exists() and not force:
        raise OutputError(
            f"« {path} » existe déjà : il n'est pas remplacé. Choisissez un autre nom ou ajoutez "
            "--force pour l'écraser."
        )
    replace_file(path, new_workbook().save)
    return path
