"""Bad input, one builder per case: refused or accepted, never a traceback, never a write.

Each case below is a function that builds one file in a folder and returns its path; its
decorator says what must happen:

- ``@refused``: ``validate`` and ``generate`` both exit 1 with the French message at its
  place (sheet, cell), write nothing (no output folder, no staging folder) and leave the
  workbook byte for byte as it was;
- ``@accepted``: ``validate`` exits 0 (with the warning named, if any) and the value is read
  right, the workbook still untouched.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import builders
import pytest
from builders import (
    GRONDIN,
    PAYET,
    SESSION,
    TODAY,
    Book,
    drop_column,
    full_book,
    minimal_book,
    rename_column,
    sha256,
    write,
    write_rows,
)
from openpyxl import load_workbook
from openpyxl.styles import Border, Side
from openpyxl.utils.datetime import CALENDAR_MAC_1904

from ceres_docs import workbook
from ceres_docs.model import Workbook
from ceres_docs.rules import validate

NAME = "sessions.xlsx"
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@dataclass
class Refused:
    code: str
    message: str
    sheet: str | None = None
    cell: str | None = None
    errors: int = 1
    max_rows: int | None = None


@dataclass
class Accepted:
    read: Callable[[Workbook], object]
    value: object
    warning: str | None = None


CASES: dict[str, tuple[Callable[[Path], Path], Refused | Accepted]] = {}


def refused(code: str, message: str, sheet: str | None = None, cell: str | None = None,
            errors: int = 1, max_rows: int | None = None):
    """Register a case the tool must refuse: ``errors`` errors in all, the first one this one."""
    def register(make: Callable[[Path], Path]) -> Callable[[Path], Path]:
        CASES[make.__name__] = (make, Refused(code, message, sheet, cell, errors, max_rows))
        return make
    return register


def accepted(read: Callable[[Workbook], object], value: object, warning: str | None = None):
    """Register a case the tool must accept, reading ``read(book) == value``."""
    def register(make: Callable[[Path], Path]) -> Callable[[Path], Path]:
        CASES[make.__name__] = (make, Accepted(read, value, warning))
        return make
    return register


def sheet_part(book: Book, sheet: str) -> str:
    """Where openpyxl writes a sheet of the book: sheets are numbered in the book's order."""
    return f"xl/worksheets/sheet{list(book).index(sheet) + 1}.xml"


def rewrite_part(path: Path, part: str, edit: Callable[[str], str]) -> None:
    """Edit one XML part of an .xlsx, as another program would have written it."""
    with zipfile.ZipFile(path) as archive:
        contents = [(info, archive.read(info)) for info in archive.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for info, data in contents:
            if info.filename == part:
                data = edit(data.decode("utf-8")).encode("utf-8")
            archive.writestr(info, data)


def cached(xml: str, cell: str, value: str, text: bool = False) -> str:
    """Give a formula cell the value Excel computed and saved with it."""
    pattern = re.compile(rf'<c r="{cell}"([^>]*)>(<f>.*?</f>)<v\s*(?:/>|></v>)')
    kind = ' t="str"' if text else ""
    xml, count = pattern.subn(rf'<c r="{cell}"\1{kind}>\2<v>{value}</v>', xml)
    assert count == 1, cell
    return xml


# Files that are not .xlsx workbooks


@refused("unreadable-workbook", f"Le fichier « {NAME} » est vide (0 octet) : ce n'est pas un "
         "classeur.")
def empty_file(folder: Path) -> Path:
    path = folder / NAME
    path.write_bytes(b"")
    return path


@refused("unreadable-workbook", f"« {NAME} » n'est pas un classeur Excel : il ressemble à un "
         "fichier texte (CSV ?). Ouvrez-le dans Excel et enregistrez-le au format « Classeur "
         "Excel (*.xlsx) ».")
def csv_renamed_xlsx(folder: Path) -> Path:
    path = folder / NAME
    path.write_text("N° session;Code centre;Type\n224566;CFPAE;Titre\n", encoding="utf-8-sig")
    return path


@refused("unreadable-workbook", f"« {NAME} » est un classeur OpenDocument (.ods). Enregistrez-le "
         "au format « Classeur Excel (*.xlsx) ».")
def ods_renamed_xlsx(folder: Path) -> Path:
    path = folder / NAME
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet",
                         compress_type=zipfile.ZIP_STORED)
        archive.writestr("content.xml", '<?xml version="1.0" encoding="UTF-8"?>'
                         "<office:document-content/>")
        archive.writestr("META-INF/manifest.xml", "<manifest:manifest/>")
    return path


@refused("unreadable-workbook", f"Le classeur « {NAME} » est endommagé (archive illisible). "
         "Ouvrez-le dans Excel, qui propose de le réparer, ou reprenez une copie de sauvegarde.")
def corrupt_zip(folder: Path) -> Path:
    """A real workbook cut in the middle, as by an interrupted copy."""
    path = write(minimal_book(), folder)
    content = path.read_bytes()
    path.write_bytes(content[: len(content) // 2])
    return path


@refused("unreadable-workbook", f"« {NAME} » est au format Excel 97-2003 (.xls). Ouvrez-le dans "
         "Excel et enregistrez-le au format « Classeur Excel (*.xlsx) ».")
def xls_renamed_xlsx(folder: Path) -> Path:
    path = folder / NAME
    path.write_bytes(OLE + b"\x00" * 504 + "Workbook".encode("utf-16-le") + b"\x00" * 64)
    return path


@refused("unreadable-workbook", f"Le classeur « {NAME} » est protégé par un mot de passe. "
         "Ouvrez-le dans Excel, retirez le mot de passe (Fichier > Informations > Protéger le "
         "classeur) et enregistrez-le.")
def password_protected(folder: Path) -> Path:
    """Excel saves an encrypted workbook as an OLE file with an EncryptedPackage stream."""
    path = folder / NAME
    path.write_bytes(OLE + b"\x00" * 504 + "EncryptionInfo".encode("utf-16-le") + b"\x00" * 32
                     + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 64)
    return path


@refused("unreadable-workbook", "La feuille « Sessions » de « sessions.xlsx » est endommagée")
def damaged_sheet(folder: Path) -> Path:
    book = minimal_book()
    path = write(book, folder)
    rewrite_part(path, sheet_part(book, "Sessions"), lambda xml: xml[: len(xml) // 2])
    return path


# Sheets and headers


@refused("missing-sheet", "Feuille « Intervenants » introuvable : ajoutez-la (ou créez un "
         "classeur modèle avec « ceres-docs init »).", "Intervenants")
def missing_sheet(folder: Path) -> Path:
    book = minimal_book()
    del book["Intervenants"]
    return write(book, folder)


@refused("missing-column", "Colonne « Lieu » introuvable : ajoutez-la en ligne 1 de la feuille "
         "Sessions.", "Sessions", "ligne 1")
def missing_header(folder: Path) -> Path:
    book = minimal_book()
    drop_column(book, "Sessions", "Lieu")
    return write(book, folder)


@refused("missing-column", "Colonne « Date de naissance » introuvable. La colonne D s'appelle "
         "« Date de naisance » : renommez-la « Date de naissance ».", "Candidats", "D1")
def misspelled_header(folder: Path) -> Path:
    book = minimal_book()
    rename_column(book, "Candidats", "Date de naissance", "Date de naisance")
    return write(book, folder)


@refused("duplicate-column", "La colonne « Nom » apparaît deux fois (colonnes B et H) : "
         "supprimez ou renommez l'une des deux.", "Centres", "H1")
def duplicated_header(folder: Path) -> Path:
    rows = minimal_book().rows()
    rows["Centres"][0].append("Nom")
    rows["Centres"][1].append("Autre nom")
    return write_rows(rows, folder)


@refused("header-not-first-row", "Les en-têtes doivent être en ligne 1 : la ligne 1 est vide et "
         "les données commencent en ligne 3. Supprimez les lignes vides au-dessus.", "Titres",
         "ligne 3")
def header_row_not_on_row_1(folder: Path) -> Path:
    rows = minimal_book().rows()
    rows["Titres"][:0] = [[], []]
    return write_rows(rows, folder)


@refused("too-many-rows", "La feuille compte plus de 50 lignes de données : seules les lignes "
         "2 à 51 sont lues.", "Candidats", "ligne 52", max_rows=50)
def huge_workbook(folder: Path) -> Path:
    """More rows than MAX_ROWS (lowered to 50 for the test, 200,000 for real)."""
    book = minimal_book()
    for number in range(60):
        book["Candidats"].append({
            "N° CERES": f"97414111{number:05d}Z", "Nom": f"Hoarau{number}", "Prénom": "Léa",
            "Date de naissance": dt.date(2000, 1, 1), "Pays de naissance": "Réunion",
            "Commune de naissance": "Saint-Pierre"})
    return write(book, folder)


# Merged cells and formulas


@refused("merged-cells", "Les cellules A2:A3 sont fusionnées : seule A2 contient la valeur. "
         "Défusionnez-les (Accueil > Fusionner et centrer) puis tapez la valeur dans chaque "
         "cellule.", "Inscriptions", "A2")
def merged_cells(folder: Path) -> Path:
    """The session number typed once for both candidates: one error, nothing else."""
    path = write(minimal_book(), folder)
    book = load_workbook(path)
    book["Inscriptions"].merge_cells("A2:A3")
    book.save(path)
    return path


@refused("merged-cells", "Les en-têtes B1:C1 sont fusionnés : chaque colonne doit avoir son "
         "propre en-tête en ligne 1.", "Candidats", "B1", errors=2)
def merged_header_cells(folder: Path) -> Path:
    """« Nom » merged over « Prénom »: the merge, and the header it hides, are reported."""
    path = write(minimal_book(), folder)
    book = load_workbook(path)
    book["Candidats"].merge_cells("B1:C1")
    book.save(path)
    return path


@refused("formula-without-value", "La cellule H2 contient une formule sans valeur calculée : "
         "ouvrez le classeur dans Excel, enregistrez-le (Excel calcule alors la valeur), ou tapez "
         "la valeur elle-même.", "Sessions", "H2")
def formula_without_cached_value(folder: Path) -> Path:
    """Written by a script (openpyxl saves formulas, never their values)."""
    book = minimal_book()
    book["Sessions"][0]["Date de fin"] = "=F2+2"
    return write(book, folder)


@accepted(lambda book: (book.sessions[SESSION].centre, book.sessions[SESSION].ccp,
                        book.sessions[SESSION].end),
          ("CFPAE", None, dt.date(2026, 3, 4)))
def formulas_with_cached_values(folder: Path) -> Path:
    """Saved by Excel: each formula with its result, an empty text result included."""
    book = minimal_book()
    book["Sessions"][0].update({"Code centre": '=UPPER("cfpae")', "Date de fin": "=F2+2",
                                "Code CCP": '=IF(C2="CCP","CP-00002","")'})
    path = write(book, folder)

    def compute(xml: str) -> str:
        xml = cached(xml, "B2", "CFPAE", text=True)
        xml = cached(xml, "E2", "", text=True)
        return cached(xml, "H2", "46085")

    rewrite_part(path, sheet_part(book, "Sessions"), compute)
    return path


@accepted(lambda book: [(i.session, i.candidate) for i in book.inscriptions],
          [(SESSION, PAYET), (SESSION, GRONDIN)])
def merged_cells_outside_the_columns_read(folder: Path) -> Path:
    """A remark merged over rows, in a column the centre added: nothing the tool reads."""
    book = minimal_book()
    book["Inscriptions"][0]["Remarques"] = "Convoqués ensemble"
    path = write(book, folder)
    workbook = load_workbook(path)
    workbook["Inscriptions"].merge_cells("H2:H3")
    workbook.save(path)
    return path


# Cell values


@refused("invalid-date", "La date « 31/02/2026 » n'existe pas dans le calendrier.", "Sessions",
         "F2")
def impossible_date(folder: Path) -> Path:
    book = minimal_book()
    book["Sessions"][0]["Date de début"] = "31/02/2026"
    return write(book, folder)


@refused("invalid-ceres-id", "« 9741411152681 » n'est pas un N° CERES : 13 chiffres suivis d'une "
         "lettre, par exemple 9741411152681F", "Inscriptions", "B2")
def ceres_number_typed_as_a_number(folder: Path) -> Path:
    """A N° CERES ends with a letter: typed as a number, it lost it."""
    book = minimal_book()
    book["Inscriptions"][0]["N° CERES"] = 9741411152681
    return write(book, folder)


@accepted(lambda book: (book.sessions[SESSION].start, book.sessions[SESSION].end,
                        book.candidates[PAYET].birth_date),
          (dt.date(2026, 3, 2), dt.date(2026, 3, 4), dt.date(1990, 5, 12)))
def excel_serial_dates(folder: Path) -> Path:
    """Dates pasted as numbers, shown by Excel as 46083 in a cell formatted Standard."""
    book = minimal_book()
    book["Sessions"][0].update({"Date de début": 46083, "Date de fin": 46085.0})
    book["Candidats"][0]["Date de naissance"] = 33005
    return write(book, folder)


@accepted(lambda book: (book.sessions[SESSION].start, book.sessions[SESSION].end,
                        book.agrements[0].end, book.sessions[SESSION].start_time),
          (dt.date(2026, 3, 2), dt.date(2026, 3, 4), dt.date(2026, 12, 31), dt.time(8, 30)))
def date_system_1904(folder: Path) -> Path:
    """An old Mac workbook: day 0 is 1 January 1904, for dates and for plain serials."""
    book = minimal_book()
    book["Sessions"][0].update({"Date de fin": (dt.date(2026, 3, 4) - dt.date(1904, 1, 1)).days,
                                "Heure de début": dt.time(8, 30)})
    path = write(book, folder)
    workbook = load_workbook(path)
    workbook.epoch = CALENDAR_MAC_1904
    workbook.save(path)
    with zipfile.ZipFile(path) as archive:
        assert b'date1904="1"' in archive.read("xl/workbook.xml")
    return path


@accepted(lambda book: (book.sessions[SESSION].start, book.sessions[SESSION].end,
                        book.sessions[SESSION].real_end, book.candidates[PAYET].birth_date),
          (dt.date(2026, 3, 15), dt.date(2026, 3, 17), dt.date(2026, 3, 17),
           dt.date(1990, 5, 12)))
def text_dates(folder: Path) -> Path:
    book = minimal_book()
    book["Sessions"][0].update({"Date de début": "15/03/2026", "Date de fin": "17.03.2026",
                                "Date réelle de fin": "17/3/26"})
    book["Candidats"][0]["Date de naissance"] = "1990-05-12"
    return write(book, folder)


@accepted(lambda book: {s.id: s.start_time for s in book.sessions.values()},
          {SESSION: dt.time(9), "224567": dt.time(9), "224568": dt.time(9),
           "224569": dt.time(9)})
def hours_typed_9h_09_00_9_00_00(folder: Path) -> Path:
    """Three ways of typing nine o'clock as text, and a real Excel time."""
    book = minimal_book()
    session = book["Sessions"][0]
    session["Heure de début"] = "9h"
    for number, hour in (("224567", "09:00"), ("224568", "9:00:00"), ("224569", dt.time(9))):
        book["Sessions"].append({**session, "N° session": number, "Heure de début": hour,
                                 "Statut": "En préparation", "Date réelle de fin": None})
    book["Titres"][0]["Déroulement des épreuves"] = "9h : mise en situation professionnelle"
    return write(book, folder)


@accepted(lambda book: (sorted(book.sessions), book.sessions[SESSION].centre,
                        book.sessions[SESSION].type, book.sessions[SESSION].start_time,
                        len(book.sessions[SESSION].inscriptions),
                        book.candidates[PAYET].last_name, book.inscriptions[0].result),
          ([SESSION], "CFPAE", "Titre", dt.time(8, 30), 2, "Payet", "Admis"))
def trailing_and_non_breaking_spaces(folder: Path) -> Path:
    """Spaces pasted from a web page or a PDF: after values, around headers, non-breaking."""
    book = minimal_book()
    book["Sessions"][0].update({"N° session": SESSION + " ", "Code centre": "CFPAE\u00a0",
                                "Type": "\u00a0Titre ", "Heure de début": "8h30\u202f"})
    book["Inscriptions"][0].update({"N° session": " " + SESSION, "N° CERES": PAYET + "\u00a0",
                                    "Résultat": "Admis  "})
    book["Candidats"][0]["Nom"] = "Payet\u00a0"
    rows = book.rows()
    rows["Sessions"][0] = [f"{header}\u00a0 " for header in rows["Sessions"][0]]
    return write_rows(rows, folder)


@accepted(lambda book: (sorted(book.sessions), len(book.sessions[SESSION].inscriptions),
                        book.candidates[PAYET].birth_postcode, book.centres["CFPAE"].phone),
          ([SESSION], 2, "01000", "0262000000"))
def numbers_stored_as_text(folder: Path) -> Path:
    """Numbers in cells formatted Text (Excel's green triangle): read like the numbers."""
    book = minimal_book()
    book["Sessions"][0]["N° session"] = "224566"
    book["Inscriptions"][0]["N° session"] = "224566"
    book["Intervenants"][0]["N° session"] = "224566"
    book["Candidats"][0]["Code postal de naissance"] = "01000"
    book["Centres"][0]["Téléphone"] = "0262000000"
    path = write(book, folder)
    workbook = load_workbook(path)
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                if isinstance(cell.value, str) and cell.value.isdigit():
                    cell.number_format = "@"
    workbook.save(path)
    return path


@accepted(lambda book: (sorted(book.sessions), len(book.sessions[SESSION].inscriptions),
                        len(book.sessions[SESSION].jury), book.candidates[PAYET].birth_postcode,
                        book.centres["CFPAE"].phone),
          ([SESSION], 2, 2, "01000", "0262000000"))
def session_numbers_and_codes_typed_as_numbers(folder: Path) -> Path:
    """N° session, postcode and phone typed as numbers: Excel drops leading zeros."""
    book = minimal_book()
    book["Sessions"][0]["N° session"] = int(SESSION)
    book["Inscriptions"][0]["N° session"] = float(SESSION)
    book["Intervenants"][1]["N° session"] = int(SESSION)
    book["Candidats"][0]["Code postal de naissance"] = 1000
    book["Centres"][0]["Téléphone"] = 262000000
    return write(book, folder)


# The file around the data


@accepted(lambda book: sorted(book.sessions), [SESSION],
          warning="Le classeur semble ouvert dans Excel (~$ssions.xlsx existe)")
def open_in_excel(folder: Path) -> Path:
    """Excel keeps ~$ssions.xlsx beside the workbook while it is open: read what is saved."""
    path = write(minimal_book(), folder)
    (folder / "~$ssions.xlsx").write_bytes(b"\x0bMarie HOARAU" + b"\x00" * 40)
    return path


@accepted(lambda book: (len(book.candidates), len(book.inscriptions),
                        book.raw.tables["Candidats"].rows[-1][0]),
          (5, 6, 6))
def empty_formatted_rows_to_10000(folder: Path) -> Path:
    """Borders and date formats down to row 10,000 of Candidats and Inscriptions, as a
    centre's template has them: only the rows with values count."""
    book = full_book()
    path = write(book, folder)
    workbook = load_workbook(path)
    border = Border(bottom=Side(style="thin"))
    for sheet in ("Candidats", "Inscriptions"):
        first = len(book[sheet]) + 2
        for cell in workbook[sheet][first]:
            cell.border = border
            cell.number_format = "DD/MM/YYYY"
    workbook.save(path)
    for sheet in ("Candidats", "Inscriptions"):
        first = len(book[sheet]) + 2
        rows = re.compile(rf'<row r="{first}"[^>]*>.*?</row>', re.S)

        def down_to_10000(xml: str, first: int = first, rows: re.Pattern[str] = rows) -> str:
            [row] = rows.findall(xml)
            copies = "".join(re.sub(rf'(r="[A-Z]*){first}"', rf'\g<1>{number}"', row)
                             for number in range(first + 1, 10001))
            xml = xml.replace(row, row + copies)
            return re.sub(r'<dimension ref="A1:([A-Z]+)\d+"/>', r'<dimension ref="A1:\g<1>10000"/>',
                          xml)

        rewrite_part(path, sheet_part(book, sheet), down_to_10000)
    return path


# The tests


def files(folder: Path) -> set[Path]:
    return set(folder.rglob("*"))


def run(*args: object):
    result = builders.run(*args)
    assert isinstance(result.exception, (SystemExit, type(None))), result.exc_info
    assert "Traceback" not in result.output
    return result


def ids(kind: type) -> list[str]:
    return [name for name, (_, expect) in CASES.items() if isinstance(expect, kind)]


def location_line(output: str, expect: Refused) -> str:
    """The output line of the expected issue, which must name its sheet and cell."""
    [line] = [line for line in output.splitlines() if expect.message in line]
    if expect.sheet:
        assert f"  {expect.sheet}  " in line
    if expect.cell:
        assert f"  {expect.cell} " in line
    return line


@pytest.mark.parametrize("name", ids(Refused))
def test_refused_with_a_french_message_at_its_place_and_nothing_written(name, tmp_path,
                                                                         monkeypatch):
    make, expect = CASES[name]
    assert isinstance(expect, Refused)
    if expect.max_rows:
        monkeypatch.setattr(workbook, "MAX_ROWS", expect.max_rows)
    path = make(tmp_path)
    before, listing = sha256(path), files(tmp_path)
    out = tmp_path / "documents"

    report = run("validate", path, "--json")
    assert report.exit_code == 1, report.output
    issues = json.loads(report.stdout)["issues"]
    errors = [issue for issue in issues if issue["severity"] == "error"]
    assert len(errors) == expect.errors, errors
    [issue] = [issue for issue in errors if issue["code"] == expect.code]
    assert expect.message in issue["message"]
    assert issue["sheet"] == expect.sheet
    cell = (issue["column"] or "") + str(issue["row"] or "")
    if expect.cell:
        assert cell == expect.cell.removeprefix("ligne ")
    else:
        assert cell == ""

    for command in ("validate", "generate"):
        # --strict: all or nothing (without it, a session with its own errors is left out
        # and the others are produced: see test_lifecycle).
        result = run(command, path, *(["--out", out, "--no-pdf", "--strict"]
                                      if command == "generate" else []))
        assert result.exit_code == 1, result.output
        if expect.code == "unreadable-workbook":
            assert result.output == f"Erreur : {issue['message']}\n"
            assert NAME in result.output
        else:
            location_line(result.output, expect)
            if command == "generate":
                assert result.output.endswith("Erreur : Le classeur contient des erreurs : aucun "
                                              "document n'a été produit.\n")
        assert not out.exists()
        assert not list(tmp_path.glob(".ceres-docs-*"))
        assert files(tmp_path) == listing
        assert sha256(path) == before


@pytest.mark.parametrize("name", [name for name in ids(Refused)
                                  if CASES[name][1].code == "unreadable-workbook"])
def test_an_unreadable_file_is_a_report_of_one_issue_not_an_exception(name, tmp_path):
    make, expect = CASES[name]
    validation = validate(make(tmp_path), TODAY)
    assert validation.book is None
    assert validation.report.flatten(["severity", "code", "sheet", "row", "column"]) == [
        ("error", "unreadable-workbook", None, None, None)]
    [issue] = validation.report.issues
    assert expect.message in issue.message
    assert validation.unreadable == issue.message


@pytest.mark.parametrize("name", ids(Accepted))
def test_accepted_and_read_right(name, tmp_path):
    make, expect = CASES[name]
    assert isinstance(expect, Accepted)
    path = make(tmp_path)
    before, listing = sha256(path), files(tmp_path)

    start = time.perf_counter()
    result = run("validate", path, "--json")
    seconds = time.perf_counter() - start
    assert result.exit_code == 0, result.output
    issues = json.loads(result.stdout)["issues"]
    warnings = [issue["message"] for issue in issues]
    if expect.warning:
        [warning] = warnings
        assert expect.warning in warning
    else:
        assert warnings == []
    assert seconds < 5, "an ordinary workbook is read in well under a second"

    validation = validate(path, TODAY)
    assert validation.report.valid
    assert validation.book is not None
    assert expect.read(validation.book) == expect.value
    assert sha256(path) == before
    assert files(tmp_path) == listing


def test_every_case_listed_in_issue_6_is_in_the_corpus():
    assert set(ids(Refused)) >= {
        "empty_file", "csv_renamed_xlsx", "ods_renamed_xlsx", "corrupt_zip", "xls_renamed_xlsx",
        "password_protected", "missing_sheet", "missing_header", "misspelled_header",
        "duplicated_header", "header_row_not_on_row_1", "merged_cells",
        "formula_without_cached_value", "impossible_date", "huge_workbook"}
    assert set(ids(Accepted)) >= {
        "open_in_excel", "trailing_and_non_breaking_spaces", "excel_serial_dates",
        "date_system_1904", "text_dates", "hours_typed_9h_09_00_9_00_00",
        "numbers_stored_as_text", "formulas_with_cached_values", "empty_formatted_rows_to_10000"}


def test_formula_values_come_from_the_cache_not_from_the_formula(tmp_path):
    """The cached value wins even when it is not what the formula would give now."""
    path = formulas_with_cached_values(tmp_path)
    rewrite_part(path, sheet_part(minimal_book(), "Sessions"),
                 lambda xml: xml.replace("<v>46085</v>", "<v>46086</v>"))
    book = validate(path, TODAY).book
    assert book is not None
    assert book.sessions[SESSION].end == dt.date(2026, 3, 5)


def test_formulas_without_value_outside_the_columns_read_are_ignored(tmp_path):
    book = minimal_book()
    book["Sessions"][0]["Calcul du centre"] = "=A2*2"
    assert validate(write(book, tmp_path), TODAY).report.issues == []


def xlsx_with_sheet_xml(path: Path, cells: str, target: str = "worksheets/sheet1.xml") -> Path:
    """The smallest .xlsx a program other than Excel could write: one sheet, given cells."""
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    relations = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("xl/workbook.xml", f'<workbook xmlns="{main}" xmlns:r="{relations}">'
                         '<sheets><sheet name="Sessions &amp; co" sheetId="1" r:id="rId7"/>'
                         "</sheets></workbook>")
        archive.writestr("xl/_rels/workbook.xml.rels",
                         '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
                         f'relationships"><Relationship Id="rId7" Target="{target}"/>'
                         "</Relationships>")
        archive.writestr(target.lstrip("/") if target.startswith("/") else f"xl/{target}",
                         f'<worksheet xmlns="{main}" xmlns:x="{main}"><sheetData><row r="4">'
                         f"{cells}</row></sheetData><dataValidations><dataValidation>"
                         "<formula1>1</formula1></dataValidation></dataValidations></worksheet>")
    return path


@pytest.mark.parametrize("cells, without_value", [
    ('<c r="C4"><f>A1*2</f></c>', [(4, 2)]),
    ('<c r="C4"><f>A1*2</f><v></v></c>', [(4, 2)]),
    ("<c r='C4' s='1'><f>A1*2</f><v/></c>", [(4, 2)]),
    ('<c r="C4"><f>A1*2</f><v>12</v></c>', []),
    ('<c r="C4" t="str"><f>IF(A1="","","x")</f><v></v></c>', []),
    ('<c r="C4" t="e"><f>1/0</f><v>#DIV/0!</v></c>', []),
    ('<c r="AB4" s="1"><f t="shared" ref="AB4:AC4" si="0">A4</f><v>1</v></c>'
     '<c r="AC4" s="1"><f t="shared" si="0"/></c>', [(4, 28)]),
    ('<x:c r="C4"><x:f>A1*2</x:f></x:c>', [(4, 2)]),
    ('<c r="B4"/><c r="C4" t="s"><v>0</v></c>', []),
])
def test_formulas_without_value_are_found_in_the_sheet_xml(tmp_path, cells, without_value):
    path = xlsx_with_sheet_xml(tmp_path / NAME, cells)
    found = workbook.formulas_without_value(path, ["Sessions & co"])
    assert found.get("Sessions & co", []) == without_value


def test_sheet_xml_found_through_an_absolute_target(tmp_path):
    path = xlsx_with_sheet_xml(tmp_path / NAME, '<c r="C4"><f>A1</f></c>',
                               target="/xl/worksheets/feuille.xml")
    assert workbook.formulas_without_value(path, ["Sessions & co"]) == {"Sessions & co": [(4, 2)]}


# A zip that would expand beyond reason (an .xlsx is a zip)


def padded(path: Path, sheet_part: str, size: int) -> Path:
    """The workbook with `size` bytes of spaces inside one sheet's XML, compressed away."""
    padded_path = path.with_name("gonfle.xlsx")
    with zipfile.ZipFile(path) as old, zipfile.ZipFile(padded_path, "w",
                                                       zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            data = old.read(info)
            if info.filename == sheet_part:
                head, tail = data.split(b"</sheetData>")
                data = head + b" " * size + b"</sheetData>" + tail
            new.writestr(info.filename, data)
    return padded_path


@pytest.mark.parametrize("limit", ["MAX_PART", "MAX_EXPANDED"])
def test_a_workbook_that_would_expand_beyond_reason_is_refused_at_once(tmp_path, monkeypatch,
                                                                        limit):
    monkeypatch.setattr(workbook, limit, 4 * 2**20)
    path = padded(write(minimal_book(), tmp_path), "xl/worksheets/sheet7.xml", 5 * 2**20)
    assert path.stat().st_size < 100_000
    before = sha256(path)
    start = time.perf_counter()
    result = run("validate", path)
    assert time.perf_counter() - start < 1
    assert result.exit_code == 1
    assert result.output == (
        "Erreur : Le classeur « gonfle.xlsx » est anormal : une fois décompressé, il occuperait "
        "5 Mo (surtout la feuille « Candidats »), alors qu'un classeur de sessions en occupe "
        "quelques Mo. Ouvrez-le dans Excel, supprimez les lignes et colonnes inutilisées et "
        "enregistrez-le de nouveau, ou reprenez une copie de sauvegarde.\n")
    assert sha256(path) == before
    assert run("generate", path, "--out", tmp_path / "o").exit_code == 1
    assert not (tmp_path / "o").exists()
