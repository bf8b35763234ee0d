"""Validation results as data: issues with their location, as Excel shows it."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

ERROR = "error"
WARNING = "warning"

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

    def to_dict(self) -> dict[str, object]:
        return asdict(self)


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

    def codes(self) -> list[str]:
        return [issue.code for issue in self.issues]

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


def format_table(report: Report) -> str:
    """The report as a readable French table: gravity, sheet, cell, column, message."""
    if not report.issues:
        return "Aucune anomalie : le classeur est valide."
    headers = ("Gravité", "Feuille", "Cellule", "Colonne", "Message")
    rows = [
        (
            SEVERITY_LABELS[issue.severity],
            issue.sheet or "",
            issue.cell,
            issue.field or "",
            issue.message,
        )
        for issue in report.issues
    ]
    widths = [max(len(row[i]) for row in [headers, *rows]) for i in range(4)]
    lines = []
    for row in [headers, *rows]:
        cells = [row[i].ljust(widths[i]) for i in range(4)]
        lines.append("  ".join([*cells, row[4]]).rstrip())
    lines.insert(1, "  ".join("-" * w for w in widths) + "  " + "-" * 7)
    lines.append("")
    lines.append(summary(report))
    return "\n".join(lines)


def summary(report: Report) -> str:
    errors, warnings = len(report.errors), len(report.warnings)

    def plural(n: int, word: str) -> str:
        return f"{n} {word}{'s' if n > 1 else ''}"

    verdict = ("le classeur est valide" if report.valid
               else "à corriger avant de produire les documents")
    return f"{plural(errors, 'erreur')}, {plural(warnings, 'avertissement')} : {verdict}."
