"""Reading the workbook: file checks, sheets and columns found by their headers."""

from __future__ import annotations

import datetime as dt
import difflib
import os
import posixpath
import re
import zipfile
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from python_calamine import CalamineWorkbook

from . import schema
from .errors import WorkbookUnreadable
from .report import ERROR, Issue, issue
from .values import EXCEL_EPOCH, clean_text, is_blank, normalize

MAX_ROWS = 200_000
HEADER_SEARCH_ROWS = 10


def column_letter(index: int) -> str:
    """Excel letter of a 0-based column index: 0 → A, 27 → AB."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def column_index(letter: str) -> int:
    """0-based index of an Excel column letter: A → 0, AB → 27."""
    index = 0
    for char in letter:
        index = index * 26 + ord(char) - 64
    return index - 1


def cell_name(row: int, index: int) -> str:
    """Excel name of a cell from its row number and 0-based column index: (4, 2) → C4."""
    return f"{column_letter(index)}{row}"


@dataclass
class Table:
    """One sheet of the contract as read: where each known column is, and the data rows."""

    spec: schema.Sheet
    name: str
    columns: dict[str, int] = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)
    rows: list[tuple[int, Sequence[object]]] = field(default_factory=list)

    def letter(self, key: str) -> str | None:
        index = self.columns.get(key)
        return None if index is None else column_letter(index)

    def records(self) -> list[tuple[int, dict[str, object]]]:
        """Each data row as its Excel row number and a value per known column key."""
        out = []
        for number, values in self.rows:
            width = len(values)
            out.append(
                (
                    number,
                    {
                        key: values[index] if index < width else ""
                        for key, index in self.columns.items()
                    },
                )
            )
        return out


@dataclass(frozen=True)
class Unreadable:
    """Cells whose value cannot be read as Excel shows it, and the one issue that says so."""

    issue: Issue
    rows: range
    columns: range


@dataclass
class RawWorkbook:
    path: Path
    tables: dict[str, Table]
    issues: list[Issue]
    epoch: dt.date = EXCEL_EPOCH
    unreadable: list[Unreadable] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        """Every sheet and required column is there, so the rules can run."""
        return not any(issue.severity == ERROR for issue in self.issues)

    @cached_property
    def _unreadable_rows(self) -> dict[tuple[str | None, int], list[range]]:
        rows: dict[tuple[str | None, int], list[range]] = defaultdict(list)
        for cells in self.unreadable:
            for row in cells.rows:
                rows[cells.issue.sheet, row].append(cells.columns)
        return rows

    def explains(self, issue: Issue) -> bool:
        """The issue sits in cells already reported as unreadable: a consequence, not a cause."""
        if not self.unreadable or issue.row is None or issue.column is None:
            return False
        index = column_index(issue.column)
        return any(index in columns
                   for columns in self._unreadable_rows.get((issue.sheet, issue.row), ()))


def sniff(path: Path) -> None:
    """Raise a French explanation when the file is not an .xlsx workbook."""
    name = path.name
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(8)
    except PermissionError:
        raise WorkbookUnreadable(
            f"Impossible de lire « {name} » : accès refusé. S'il est ouvert dans Excel, "
            "fermez-le puis relancez la commande."
        ) from None
    except OSError as error:
        raise WorkbookUnreadable(f"Impossible de lire « {name} » : {error.strerror}.") from None
    if size == 0:
        raise WorkbookUnreadable(
            f"Le fichier « {name} » est vide (0 octet) : ce n'est pas un classeur."
        )
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        with path.open("rb") as handle:
            content = handle.read(1 << 20)
        if "EncryptedPackage".encode("utf-16-le") in content:
            raise WorkbookUnreadable(
                f"Le classeur « {name} » est protégé par un mot de passe. Ouvrez-le dans Excel, "
                "retirez le mot de passe (Fichier > Informations > Protéger le classeur) "
                "et enregistrez-le."
            )
        raise WorkbookUnreadable(
            f"« {name} » est au format Excel 97-2003 (.xls). Ouvrez-le dans Excel et "
            "enregistrez-le au format « Classeur Excel (*.xlsx) »."
        )
    if not head.startswith(b"PK"):
        raise WorkbookUnreadable(
            f"« {name} » n'est pas un classeur Excel : il ressemble à un fichier texte (CSV ?). "
            "Ouvrez-le dans Excel et enregistrez-le au format « Classeur Excel (*.xlsx) »."
        )
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            _refuse_expansion(name, archive)
            if "xl/workbook.xml" not in names:
                if "content.xml" in names or "mimetype" in names:
                    raise WorkbookUnreadable(
                        f"« {name} » est un classeur OpenDocument (.ods). Enregistrez-le au format "
                        "« Classeur Excel (*.xlsx) »."
                    )
                raise WorkbookUnreadable(f"« {name} » est une archive ZIP, pas un classeur Excel.")
    except zipfile.BadZipFile:
        raise WorkbookUnreadable(
            f"Le classeur « {name} » est endommagé (archive illisible). Ouvrez-le dans Excel, qui "
            "propose de le réparer, ou reprenez une copie de sauvegarde."
        ) from None


# An .xlsx is a zip: a few megabytes may expand to gigabytes (a "zip bomb", or a sheet formatted
# down to its last row). A year of sessions takes a few megabytes once expanded; MAX_ROWS rows
# of every sheet would stay well under these limits.
MAX_PART = 512 * 2**20
MAX_EXPANDED = 1024 * 2**20


def _refuse_expansion(name: str, archive: zipfile.ZipFile) -> None:
    """Refuse, before reading anything, a workbook whose parts would expand beyond reason."""
    parts = archive.infolist()
    total = sum(part.file_size for part in parts)
    largest = max(parts, key=lambda part: part.file_size, default=None)
    if largest is None or (largest.file_size <= MAX_PART and total <= MAX_EXPANDED):
        return
    where = ""
    try:
        sheets = {part: sheet for sheet, part in _sheet_parts(archive).items()}
    except (KeyError, ElementTree.ParseError):
        sheets = {}
    if largest.filename in sheets:
        where = f" (surtout la feuille « {sheets[largest.filename]} »)"
    raise WorkbookUnreadable(
        f"Le classeur « {name} » est anormal : une fois décompressé, il occuperait "
        f"{_size(total)}{where}, alors qu'un classeur de sessions en occupe quelques Mo. "
        "Ouvrez-le dans Excel, supprimez les lignes et colonnes inutilisées et enregistrez-le "
        "de nouveau, ou reprenez une copie de sauvegarde."
    )


def _size(count: int) -> str:
    """« 3,0 Go », « 750 Mo »."""
    if count >= 2**30:
        return f"{count / 2**30:.1f} Go".replace(".", ",")
    return f"{count // 2**20} Mo"


def workbook_epoch(path: Path) -> dt.date:
    """1904 date system (old Mac workbooks) or the usual 1900 one."""
    with zipfile.ZipFile(path) as archive:
        head = archive.read("xl/workbook.xml")[:4096]
    if re.search(rb'date1904="(1|true)"', head):
        return dt.date(1904, 1, 1)
    return EXCEL_EPOCH


_FORMULA_TAGS = (b"<f>", b"<f ", b":f>", b":f ")
_FORMULA_CELL = re.compile(
    rb"<(?:\w+:)?c\s([^>]*?)(?<!/)>\s*"
    rb"<(?:\w+:)?f\b(?:[^>]*/>|.*?</(?:\w+:)?f>)\s*"
    rb"(?:<(?:\w+:)?v\b[^>]*?(?:/>|>(.*?)</(?:\w+:)?v>))?",
    re.S,
)
_REFERENCE = re.compile(rb"\br=[\"']([A-Z]{1,3})(\d+)[\"']")
_STRING_RESULT = re.compile(rb"\bt=[\"']str[\"']")


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Each sheet's name → the path of its XML in the archive."""
    targets = {}
    for relation in ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels")):
        target = relation.get("Target", "")
        targets[relation.get("Id")] = (target.lstrip("/") if target.startswith("/")
                                       else posixpath.normpath(posixpath.join("xl", target)))
    parts = {}
    for element in ElementTree.fromstring(archive.read("xl/workbook.xml")).iter():
        if _local(element.tag) == "sheet":
            key = next((v for k, v in element.attrib.items() if _local(k) == "id"), None)
            if key in targets:
                parts[element.get("name", "")] = targets[key]
    return parts


def formulas_without_value(path: Path, sheets: Iterable[str]) -> dict[str, list[tuple[int, int]]]:
    """Per sheet, the cells (row, 0-based column) holding a formula Excel never computed.

    Programs other than Excel (scripts, some exports) write formulas without their result;
    the cell then reads as empty. Sheets without any formula cost one substring search.
    """
    found: dict[str, list[tuple[int, int]]] = {}
    try:
        with zipfile.ZipFile(path) as archive:
            parts = _sheet_parts(archive)
            for name in sheets:
                if name not in parts:
                    continue
                xml = archive.read(parts[name])
                if not any(tag in xml for tag in _FORMULA_TAGS):
                    continue
                for match in _FORMULA_CELL.finditer(xml):
                    attributes, value = match.groups()
                    if value is not None and (value.strip() or _STRING_RESULT.search(attributes)):
                        continue
                    reference = _REFERENCE.search(attributes)
                    if reference:
                        letters, row = reference.groups()
                        found.setdefault(name, []).append(
                            (int(row), column_index(letters.decode())))
    except (KeyError, zipfile.BadZipFile, ElementTree.ParseError):
        return {}  # calamine read the file: a part we cannot follow only skips this check
    return found


OPEN_IN_EXCEL = "workbook-open"


def lock_file(path: Path) -> Path | None:
    """Excel's owner file (~$name.xlsx) beside the workbook while it is open."""
    candidate = path.with_name("~$" + path.name[2:]) if len(path.name) > 2 else None
    for lock in filter(None, [candidate, path.with_name("~$" + path.name)]):
        if lock.exists():
            return lock
    return None


def _is_empty(values: Sequence[object]) -> bool:
    return all(map(is_blank, values))


def _find_sheet(names: list[str], wanted: str) -> str | None:
    if wanted in names:
        return wanted
    for name in names:
        if normalize(name) == normalize(wanted):
            return name
    return None


def _match_headers(spec: schema.Sheet, name: str, header: Sequence[object],
                   issues: list[Issue]) -> Table:
    table = Table(spec, name)
    by_key = {normalize(column.header): column for column in spec.columns}
    unmatched: dict[str, int] = {}
    for index, raw in enumerate(header):
        text = clean_text(raw)
        if not text:
            continue
        column = by_key.get(normalize(text))
        if column is None:
            unmatched[text] = index
        elif column.key in table.columns:
            issues.append(issue(
                "duplicate-column", name, 1, column_letter(index), column.header,
                f"La colonne « {column.header} » apparaît deux fois (colonnes "
                f"{column_letter(table.columns[column.key])} et {column_letter(index)}) : "
                "supprimez ou renommez l'une des deux.",
            ))
        else:
            table.columns[column.key] = index
            table.headers[column.key] = column.header
    for column in spec.columns:
        if column.key in table.columns or column.optional:
            continue
        close = difflib.get_close_matches(
            normalize(column.header), [normalize(t) for t in unmatched], n=1, cutoff=0.6
        )
        if close:
            actual = next(t for t in unmatched if normalize(t) == close[0])
            letter = column_letter(unmatched.pop(actual))
            message = (f"Colonne « {column.header} » introuvable. La colonne {letter} s'appelle "
                       f"« {actual} » : renommez-la « {column.header} ».")
            issues.append(issue("missing-column", name, 1, letter, column.header, message))
        else:
            issues.append(issue(
                "missing-column", name, 1, None, column.header,
                f"Colonne « {column.header} » introuvable : ajoutez-la en ligne 1 de la feuille "
                f"{name}.",
            ))
    return table


def read_workbook(path: str | os.PathLike[str]) -> RawWorkbook:
    """Read every sheet of the contract; structural problems come back as issues."""
    path = Path(path)
    sniff(path)
    issues: list[Issue] = []
    lock = lock_file(path)
    if lock is not None:
        issues.append(issue(
            OPEN_IN_EXCEL, None, None, None, None,
            f"Le classeur semble ouvert dans Excel ({lock.name} existe) : ce sont les données "
            "enregistrées qui sont lues, pas les modifications en cours.",
        ))
    try:
        book = CalamineWorkbook.from_path(str(path))
        epoch = workbook_epoch(path)
    except Exception as error:  # calamine raises its own error types for damaged files
        raise WorkbookUnreadable(
            f"Le classeur « {path.name} » est illisible ({error}). Ouvrez-le dans Excel et "
            "enregistrez-le de nouveau au format .xlsx."
        ) from None
    tables: dict[str, Table] = {}
    unreadable: list[Unreadable] = []
    with book:
        names = list(book.sheet_names)
        found = {spec.name: _find_sheet(names, spec.name) for spec in schema.SHEETS}
        formulas = formulas_without_value(path, [name for name in found.values() if name])
        for spec in schema.SHEETS:
            name = found[spec.name]
            if name is None:
                issues.append(issue(
                    "missing-sheet", spec.name, None, None, None,
                    f"Feuille « {spec.name} » introuvable : ajoutez-la (ou créez un classeur "
                    "modèle avec « ceres-docs init »).",
                ))
                continue
            try:
                sheet = book.get_sheet_by_name(name)
                data = sheet.to_python(skip_empty_area=False, nrows=MAX_ROWS + 2)
                merged = sheet.merged_cell_ranges or []
            except Exception:  # calamine's own errors say little ("c") to a user
                raise WorkbookUnreadable(
                    f"La feuille « {name} » de « {path.name} » est endommagée : ouvrez le "
                    "classeur dans Excel, qui propose de le réparer, ou reprenez une copie de "
                    "sauvegarde."
                ) from None
            table = tables[spec.name] = _read_table(spec, name, data, issues)
            unreadable += _merged_cells(table, data, merged)
            unreadable += _formulas_without_value(table, formulas.get(name, []))
    return RawWorkbook(path, tables, issues, epoch, unreadable)


def _read_table(spec: schema.Sheet, name: str, data: Sequence[Sequence[object]],
                issues: list[Issue]) -> Table:
    header = data[0] if data else []
    if _is_empty(header):
        for number, row in enumerate(data[1:HEADER_SEARCH_ROWS], start=2):
            if not _is_empty(row):
                issues.append(issue(
                    "header-not-first-row", name, number, None, None,
                    f"Les en-têtes doivent être en ligne 1 : la ligne 1 est vide et les données "
                    f"commencent en ligne {number}. Supprimez les lignes vides au-dessus.",
                ))
                return Table(spec, name)
    table = _match_headers(spec, name, header, issues)
    if len(data) > MAX_ROWS + 1:
        issues.append(issue(
            "too-many-rows", name, MAX_ROWS + 2, None, None,
            f"La feuille compte plus de {MAX_ROWS} lignes de données : seules les lignes 2 à "
            f"{MAX_ROWS + 1} sont lues. Supprimez les lignes inutiles ou répartissez les données "
            "sur plusieurs classeurs.",
        ))
        data = data[: MAX_ROWS + 1]
    table.rows = [
        (number, row) for number, row in enumerate(data[1:], start=2) if not _is_empty(row)
    ]
    return table


def _headers_by_index(table: Table) -> dict[int, str]:
    return {index: table.headers[key] for key, index in table.columns.items()}


def _merged_cells(table: Table, data: Sequence[list[Any]],
                  ranges: Sequence[tuple[tuple[int, int], tuple[int, int]]]) -> list[Unreadable]:
    """One error per merged range the contract reads; its value is copied to the other cells
    of rows in use, so that the rest of the report is what unmerging would give."""
    found = []
    last_row = min(len(data), MAX_ROWS + 1)
    headers = _headers_by_index(table)
    for (first_row, first_column), (end_row, end_column) in ranges:
        if first_row >= last_row or first_column >= len(data[first_row]):
            continue
        value = data[first_row][first_column]
        if _is_empty([value]):
            continue  # merged empty cells read as empty, as Excel shows them
        columns = range(first_column, end_column + 1)
        first = cell_name(first_row + 1, first_column)
        reference = f"{first}:{cell_name(end_row + 1, end_column)}"
        if first_row == 0:
            message = (f"Les en-têtes {reference} sont fusionnés : chaque colonne doit avoir son "
                       "propre en-tête en ligne 1. Défusionnez-les (Accueil > Fusionner et "
                       "centrer) puis tapez l'en-tête de chaque colonne.")
        elif headers.keys().isdisjoint(columns):
            continue
        else:
            message = (f"Les cellules {reference} sont fusionnées : seule {first} contient la "
                       "valeur. Défusionnez-les (Accueil > Fusionner et centrer) puis tapez la "
                       "valeur dans chaque cellule.")
            for row in data[first_row + 1:min(end_row + 1, last_row)]:
                if not _is_empty([v for i, v in enumerate(row) if i not in columns]):
                    for index in range(first_column, min(end_column + 1, len(row))):
                        row[index] = value
        merged = issue("merged-cells", table.name, first_row + 1,
                       column_letter(first_column), headers.get(first_column), message)
        found.append(Unreadable(merged, range(first_row + 1, min(end_row + 1, last_row) + 1),
                                columns))
    return found


def _formulas_without_value(table: Table, cells: list[tuple[int, int]]) -> list[Unreadable]:
    """One error per formula without a computed value in the header row or a column read."""
    found = []
    headers = _headers_by_index(table)
    for row, index in cells:
        if row == 1 or (row <= MAX_ROWS + 1 and index in headers):
            formula = issue(
                "formula-without-value", table.name, row, column_letter(index),
                headers.get(index),
                f"La cellule {cell_name(row, index)} contient une formule sans valeur calculée : "
                "ouvrez le classeur dans Excel, enregistrez-le (Excel calcule alors la valeur), "
                "ou tapez la valeur elle-même.",
            )
            found.append(Unreadable(formula, range(row, row + 1), range(index, index + 1)))
    return found
