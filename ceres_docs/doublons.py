"""Duplicate candidate records (P§4.3): the letter asking the DIECCTE to merge them, and the
same list as a workbook for the MF, one row per record."""

from __future__ import annotations

import datetime as dt
import io
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from .contexts import duplicates_letter, enrolments
from .convert import convert_to_pdf
from .dates import format_date
from .errors import CeresDocsError, OutputError
from .model import Candidate, Workbook
from .output import fit_to_page_width, uninterrupted, write_whole
from .procedure import duplicate_people
from .render import render_one, template_path
from .report import Report
from .rules import InvalidWorkbook, checked_sessions

SUFFIXES = (".pdf", ".docx", ".xlsx")
HEADERS = (
    ("Personne", 11), ("N° CERES", 18), ("Nom", 22), ("Prénom", 20),
    ("Date de naissance", 14), ("Commune de naissance", 22), ("Code postal de naissance", 15),
    ("Pays de naissance", 16), ("Sessions", 44), ("Ligne (Candidats)", 15),
)


class SameAsWorkbook(OutputError):
    "A file to write is the workbook read."


@dataclass
class Duplicates:
    """What the search found and wrote: records read, people with several records, files."""

    records: int
    groups: list[list[str]] = field(default_factory=list)
    names: list[str] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)

    @property
    def duplicated(self) -> int:
        return sum(len(group) for group in self.groups)


def targets(out: Path, pdf: bool = True) -> tuple[Path, Path]:
    """The letter and the list: FICHIER.pdf (FICHIER.docx without PDF) and FICHIER.xlsx.
    A suffix .pdf, .docx or .xlsx given with FICHIER is dropped first."""
    name = out.name[: -len(out.suffix)] if out.suffix.lower() in SUFFIXES else out.name
    return out.with_name(f"{name}{'.pdf' if pdf else '.docx'}"), out.with_name(f"{name}.xlsx")


def write_duplicates(workbook: Path, out: Path, pdf: bool = True,
                     templates: Path | None = None, centre: str | None = None,
                     timeout: float | None = None, today: dt.date | None = None) -> Duplicates:
    """Find the duplicate records of a valid workbook; when there are some, write the letter
    and the list beside out (see targets), each file whole. Nothing is written otherwise."""
    today = today or dt.date.today()
    files = targets(out, pdf)
    for target in files:
        if target.exists() and target.samefile(workbook):
            raise SameAsWorkbook(f"« {target} » est le classeur lu : choisissez un autre nom "
                                 "pour la liste des doublons.")
    book, report, _problems = checked_sessions(workbook, today)
    in_candidates = [i for i in report.errors if i.sheet == "Candidats"]
    if in_candidates:
        raise InvalidWorkbook(Report(in_candidates), "La feuille Candidats contient des "
                              "erreurs : corrigez-les, rien n'a été écrit.")
    if centre is not None and centre not in book.centres:
        raise CeresDocsError(f"Centre « {centre} » inconnu dans la feuille Centres. Centres : "
                             f"{', '.join(book.centres) or 'aucun'}.")
    groups = duplicate_people(book)
    found = Duplicates(len(book.candidates), [[c.id for c in group] for group in groups],
                       [f"{group[0].full_name}, né(e) le {format_date(group[0].birth_date)}"
                        for group in groups])
    if not groups:
        return found
    folder = files[0].parent
    if not folder.is_dir():
        raise OutputError(
            f"Le dossier « {folder} » n'existe pas : créez-le ou choisissez-en un autre.")
    letter = duplicates_letter(book, groups, centre, today)
    template = template_path(templates, "doublons")
    with tempfile.TemporaryDirectory(prefix="ceres-docs-") as scratch:
        work = Path(scratch)
        made = work / "doublons.docx"
        render_one(template, letter, made)
        if pdf:
            [made] = convert_to_pdf([made], work, timeout,
                                    names={"doublons": "lettre des fiches candidats en double"})
        content = made.read_bytes()
    listing = listing_bytes(book, groups)
    with uninterrupted():
        write_whole(files[0], content)
        write_whole(files[1], listing)
    found.files = list(files)
    return found


def listing_bytes(book: Workbook, groups: list[list[Candidate]]) -> bytes:
    """The list as an .xlsx: one row per record, the person's number in the first column."""
    from openpyxl import Workbook as NewWorkbook
    from openpyxl.styles import Alignment, Font

    from .annotate import set_text

    workbook = NewWorkbook()
    sheet = workbook.active
    sheet.title = "Doublons"
    for column, (header, width) in enumerate(HEADERS, start=1):
        cell = sheet.cell(row=1, column=column)
        set_text(cell, header)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")  # long headers on 2 lines
        sheet.column_dimensions[cell.column_letter].width = width
    row = 1
    for number, group in enumerate(groups, start=1):
        for candidate in group:
            row += 1
            sessions = enrolments(book, candidate)
            values = (number, candidate.id, candidate.last_name, candidate.first_name,
                      candidate.birth_date, candidate.birth_city, candidate.birth_postcode or "",
                      candidate.birth_country, sessions, candidate.row)
            for column, value in enumerate(values, start=1):
                if value == "":
                    continue
                cell = sheet.cell(row=row, column=column)
                set_text(cell, value)
                if isinstance(value, dt.date):
                    cell.number_format = "DD/MM/YYYY"
    sheet.row_dimensions[1].height = 32  # two lines: not every program fits rows on opening
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    fit_to_page_width(sheet)
    saved = io.BytesIO()
    workbook.save(saved)
    return saved.getvalue()
