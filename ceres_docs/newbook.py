"""A new, empty workbook that follows the contract and helps the person typing in it."""

from __future__ import annotations

import os
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from . import schema
from .errors import OutputError
from .output import fit_to_page_width, replace_file

HEADER_FILL = PatternFill("solid", fgColor="1F4E78")
HEADER_FONT = Font(bold=True, color="FFFFFF")
DATA_ROWS = 2000
REFERENCES = {
    ("Sessions", "centre"): ("Centres", "code"),
    ("Agréments", "centre"): ("Centres", "code"),
    ("Sessions", "title"): ("Titres", "code"),
    ("Agréments", "title"): ("Titres", "code"),
    ("CCP", "title"): ("Titres", "code"),
}


# Cell formats by column kind: dates and times as Excel shows them, codes as text ("@") so
# that Excel keeps leading zeros and never turns a N° CERES into a number.
NUMBER_FORMATS = {"date": "DD/MM/YYYY", "time": "HH:MM",
                  **dict.fromkeys(("ceres_id", "session_id", "postcode", "phone", "ccp_list"),
                                  "@")}

def new_workbook() -> Workbook:
    """Every sheet with styled headers, frozen first row, formats and drop-down lists."""
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
            cell.fill = HEADER_FILL
            cell.font = HEADER_FONT
            cell.alignment = Alignment(wrap_text=True, vertical="center")
            sheet.column_dimensions[letter].width = max(column.width, len(column.header) + 2)
            cell_range = f"{letter}2:{letter}{DATA_ROWS}"
            if column.kind in NUMBER_FORMATS:
                _format(sheet, letter, NUMBER_FORMATS[column.kind])
            if column.kind == "date":
                validation = DataValidation(
                    type="date", operator="greaterThan", formula1="1", allow_blank=True,
                    showErrorMessage=True, errorStyle="warning",
                    errorTitle="Date attendue", error="Tapez une date JJ/MM/AAAA.",
                )
                validation.add(cell_range)
                sheet.add_data_validation(validation)
            if column.options:
                validation = DataValidation(
                    type="list", formula1='"' + ",".join(column.options) + '"',
                    allow_blank=True, showErrorMessage=True, errorTitle="Valeur inconnue",
                    error="Choisissez une valeur dans la liste : " + ", ".join(column.options),
                )
                validation.add(cell_range)
                sheet.add_data_validation(validation)
            target = REFERENCES.get((spec.name, column.key))
            if target:
                target_sheet = schema.sheet(target[0])
                position = [c.key for c in target_sheet.columns].index(target[1]) + 1
                target_letter = get_column_letter(position)
                validation = DataValidation(
                    type="list",
                    formula1=f"'{target[0]}'!${target_letter}$2:${target_letter}${DATA_ROWS}",
                    allow_blank=True, showErrorMessage=True, errorStyle="warning",
                    errorTitle="Code inconnu",
                    error=f"Ce code n'est pas dans la feuille {target[0]}.",
                )
                validation.add(cell_range)
                sheet.add_data_validation(validation)
        sheet.freeze_panes = "A2"
        fit_to_page_width(sheet)
        sheet.row_dimensions[1].height = 32
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(spec.columns))}1"
    parameters = book["Paramètres"]
    for parameter in schema.PARAMETERS:
        parameters.append([parameter.name, parameter.default])
    return book


def _format(sheet, letter: str, number_format: str) -> None:
    sheet.column_dimensions[letter].number_format = number_format


def _write_readme(sheet) -> None:
    sheet.column_dimensions["A"].width = 28
    sheet.column_dimensions["B"].width = 100
    sheet.append(["Classeur ceres-docs"])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append(["", "Ce classeur rassemble les sessions CERES, candidats, jurys et résultats. "
                      "En-têtes en ligne 1, données à partir de la ligne 2 ; l'ordre des colonnes "
                      "est libre et vous pouvez en ajouter. Vérifiez-le avec "
                      "« ceres-docs validate »."])
    sheet.append([])
    for spec in schema.SHEETS:
        sheet.append([spec.name, spec.help])
        sheet.cell(row=sheet.max_row, column=1).font = Font(bold=True)
        for column in spec.columns:
            detail = column.help
            if column.options:
                detail += " Valeurs : " + ", ".join(column.options) + "."
            if column.required:
                detail += " Obligatoire."
            if column.optional:
                detail += " Colonne facultative."
            sheet.append(["   " + column.header, detail.strip()])
        if spec.name == "Paramètres":
            for parameter in schema.PARAMETERS:
                sheet.append(["   • " + parameter.name, parameter.help
                              + (" Obligatoire." if parameter.required else "")])
        sheet.append([])
    for row in sheet.iter_rows(min_col=2, max_col=2):
        row[0].alignment = Alignment(wrap_text=True, vertical="top")


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
