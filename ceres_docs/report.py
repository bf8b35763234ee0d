"""Validation results as data: issues with their location, as Excel shows it."""

from __future__ import annotations

import re
import textwrap
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field

from .checks import CHECKS, ERROR, WARNING

SEVERITY_LABELS = {ERROR: "Erreur", WARNING: "Attention"}


@dataclass(frozen=True)
class Issue:
    """One problem found in the workbook, at a sheet, row and column when it has one."""

    severity: str
    code: str
    sheet: str | None
    row: int | None
    column: str | None
    field: str | None
    message: str

    @property
    def cell(self) -> str:
        if self.column and self.row:
            return f"{self.column}{self.row}"
        if self.row:
            return f"ligne {self.row}"
        if self.column:
            return f"colonne {self.column}"
        return ""

    def __post_init__(self) -> None:
        check = CHECKS.get(self.code)
        if check is None or check.severity != self.severity:
            raise ValueError(f"check {self.code!r} ({self.severity}) is not in the catalogue "
                             "(ceres_docs/checks.py)")

    def to_dict(self) -> dict[str, object]:
        return asdict(self)


def issue(code: str, sheet: str | None, row: int | None, column: str | None,
          field: str | None, message: str) -> Issue:
    """An issue of a catalogued check, with the check's severity."""
    return Issue(CHECKS[code].severity if code in CHECKS else "", code, sheet, row, column, field,
                 message)


@dataclass
class Report:
    """What validation found: valid when no issue is an error."""

    issues: list[Issue] = field(default_factory=list)

    @property
    def errors(self) -> list[Issue]:
        return [issue for issue in self.issues if issue.severity == ERROR]

    @property
    def warnings(self) -> list[Issue]:
        return [issue for issue in self.issues if issue.severity == WARNING]

    @property
    def valid(self) -> bool:
        return not self.errors

    def add(self, issue: Issue) -> None:
        self.issues.append(issue)

    def flatten(self, keys: list[str]) -> list[tuple[object, ...]]:
        return [tuple(getattr(issue, key) for key in keys) for issue in self.issues]

    def to_dict(self) -> dict[str, object]:
        return {"valid": self.valid, "issues": [issue.to_dict() for issue in self.issues]}

    def sort(self, sheet_order: list[str]) -> None:
        rank = {name: index for index, name in enumerate(sheet_order)}

        def key(issue: Issue) -> tuple[int, int, int, str, str]:
            column = issue.column or ""
            return (
                rank.get(issue.sheet or "", -1),
                issue.row or 0,
                len(column),
                column,
                issue.code,
            )

        self.issues.sort(key=key)


def table(headers: Sequence[str], rows: Sequence[Sequence[str]], width: int | None = None,
          decorate: Callable[[int, int, str], str] | None = None) -> list[str]:
    """Columns padded to their widest cell, then the message, wrapped under itself to width
    (the terminal's) when given. decorate(row, column, padded text) may colour a cell."""
    count = len(headers) - 1
    widths = [max(len(row[i]) for row in [headers, *rows]) for i in range(count)]
    start = sum(widths) + 2 * count
    room = width - start - 1 if width else 0
    lines = ["  ".join([*(headers[i].ljust(widths[i]) for i in range(count)), headers[-1]]),
             "  ".join("-" * w for w in widths) + "  " + "-" * 7]
    for number, row in enumerate(rows):
        cells = [row[i].ljust(widths[i]) for i in range(count)]
        if decorate is not None:
            cells = [decorate(number, i, cell) for i, cell in enumerate(cells)]
        message = _wrap(row[-1], room) if room >= 30 else [row[-1]]
        lines.append("  ".join([*cells, message[0] if message else ""]).rstrip())
        lines += [" " * start + more for more in message[1:]]
    return lines


_TIED = re.compile(r" (?=[:;!?»])|(?<=«) ")


def _wrap(text: str, width: int) -> list[str]:
    """Lines of at most width characters, never breaking before « : » or inside « », nor
    at a hyphen (Saint-André, TP-01303)."""
    tied = _TIED.sub("\u00a0", text)
    return [line.replace("\u00a0", " ")
            for line in textwrap.wrap(tied, width, break_on_hyphens=False)]


def format_table(report: Report, width: int | None = None) -> str:
    """The report as a readable French table: gravity, sheet, cell, column, message."""
    if not report.issues:
        return "Aucune anomalie : le classeur est valide."
    headers = ("Gravité", "Feuille", "Cellule", "Colonne", "Message")
    rows = [(SEVERITY_LABELS[issue.severity], issue.sheet or "", issue.cell, issue.field or "",
             issue.message) for issue in report.issues]
    return "\n".join([*table(headers, rows, width), "", summary(report)])


def plural(n: int, word: str) -> str:
    """« 1 erreur », « 2 erreurs »."""
    return f"{n} {word}{'s' if n > 1 else ''}"


def summary(report: Report) -> str:
    errors, warnings = len(report.errors), len(report.warnings)
    verdict = ("le classeur est valide" if report.valid
               else "à corriger avant de produire les documents")
    return f"{plural(errors, 'erreur')}, {plural(warnings, 'avertissement')} : {verdict}."
