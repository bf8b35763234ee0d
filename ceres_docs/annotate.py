"""The --report copy: the user's workbook with every faulty cell coloured and commented."""

from __future__ import annotations

import os
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill

from .output import fit_to_page_width, replace_file
from .report import ERROR, SEVERITY_LABELS, WARNING, Issue, Report

FILLS = {
    ERROR: PatternFill("solid", fgColor="F8B4B4"),
    WARNING: PatternFill("solid", fgColor="FCE4A8"),
}
SHEET = "Anomalies"


def set_text(cell, value: object) -> None:
    """Write text that Excel will never read as a formula (=, +, -, @ stay literal)."""
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"


def _anchor(issue: Issue, sheets: list[str]) -> str | None:
    """The cell an issue points at in the copy (A1-style), or None for a whole sheet."""
    if issue.sheet not in sheets or not (issue.row or issue.column):
        return None
    return f"{issue.column or 'A'}{issue.row or 1}"


def write_report_copy(source: str | os.PathLike[str], report: Report,
                      destination: str | os.PathLike[str]) -> Path:
    """A copy of source with issues marked in place and listed in an Anomalies sheet."""
    destination = Path(destination)
    book = load_workbook(source)
    notes: dict[tuple[str, str], list[str]] = {}
    sheets = list(book.sheetnames)
    for issue in report.issues:
        ref = _anchor(issue, sheets)
        if ref is None or issue.sheet is None:
            continue
        cell = book[issue.sheet][ref]
        if issue.severity == ERROR or (issue.sheet, ref) not in notes:
            cell.fill = FILLS[issue.severity]
        notes.setdefault((issue.sheet, ref), []).append(
            f"{SEVERITY_LABELS[issue.severity]} : {issue.message}")
    for (sheet, ref), messages in notes.items():
        comment = Comment("\n".join(messages), "ceres-docs")
        comment.width, comment.height = 320, 40 + 60 * len(messages)
        book[sheet][ref].comment = comment
    if SHEET in book.sheetnames:
        del book[SHEET]
    listing = book.create_sheet(SHEET, 0)
    headers = ("Gravité", "Feuille", "Cellule", "Colonne", "Code", "Message")
    listing.append(headers)
    for cell in listing[1]:
        cell.font = Font(name="Calibri", bold=True)
    for issue in report.issues:
        row = [SEVERITY_LABELS[issue.severity], issue.sheet or "", issue.cell,
               issue.field or "", issue.code, issue.message]
        listing.append([None] * len(row))
        for index, value in enumerate(row, start=1):
            set_text(listing.cell(row=listing.max_row, column=index), value)
        ref = _anchor(issue, sheets)
        if ref is not None:
            link = listing.cell(row=listing.max_row, column=3)
            link.hyperlink = f"#'{issue.sheet}'!{ref}"
            link.font = Font(name="Calibri", color="0563C1", underline="single")
    for letter, width in zip("ABCDEF", (10, 14, 10, 24, 24, 110), strict=True):
        listing.column_dimensions[letter].width = width
    listing.freeze_panes = "A2"
    fit_to_page_width(listing)
    for worksheet in book.worksheets:
        worksheet.sheet_view.tabSelected = False
    listing.sheet_view.tabSelected = True
    book.active = 0
    replace_file(destination, book.save)
    return destination
