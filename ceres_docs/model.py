"""The workbook as typed records, each remembering the row it came from."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field, fields

from . import schema
from .report import Issue, Report, issue
from .schema import Presence, Result, Role, RsQuality, SessionType, Status
from .values import (
    clean_text,
    is_blank,
    normalize,
    parse_ccp_code,
    parse_ccp_list,
    parse_ceres_id,
    parse_choice,
    parse_code,
    parse_date,
    parse_email,
    parse_phone,
    parse_postcode,
    parse_session_id,
    parse_time,
    parse_title_code,
)
from .workbook import RawWorkbook, Table


@dataclass
class Centre:
    row: int
    code: str
    name: str
    short_name: str
    address: str
    phone: str
    email: str | None
    siret: str = ""


@dataclass
class Ccp:
    row: int
    title: str
    code: str
    label: str
    tests: str = ""
    timetable: str = ""
    documents: str = ""


@dataclass
class Title:
    row: int
    code: str
    label: str
    short: str
    tests: str = ""
    timetable: str = ""
    documents: str = ""
    ccps: list[Ccp] = field(default_factory=list)


@dataclass
class Agrement:
    row: int
    number: str
    centre: str
    title: str
    start: dt.date | None
    end: dt.date | None


class Named:
    """A person's name as the documents print it."""

    last_name: str
    first_name: str

    @property
    def full_name(self) -> str:
        """NOM Prénom, as on lists and PVs."""
        return f"{self.last_name.upper()} {self.first_name}".strip()

    @property
    def addressed_name(self) -> str:
        """Prénom NOM, as at the top of a letter."""
        return f"{self.first_name} {self.last_name.upper()}".strip()


def name_order(person: Named) -> tuple[str, str]:
    """Alphabetical order of people, accents and case aside (BÈGUE before CADET)."""
    return normalize(person.last_name), normalize(person.first_name)


@dataclass
class Candidate(Named):
    row: int
    id: str
    last_name: str
    first_name: str
    birth_date: dt.date | None
    birth_country: str
    birth_city: str
    birth_postcode: str | None
    email: str | None
    address: str
    phone: str = ""


@dataclass
class Inscription:
    row: int
    session: str
    candidate: str
    presence: Presence | None
    result: Result | None
    ccps: list[str] | None
    comment: str
    collected: dt.date | None

    @property
    def absent(self) -> bool:
        return self.presence is not None and self.presence is not Presence.PRESENT

    @property
    def admitted_in_full(self) -> bool:
        return self.presence is Presence.PRESENT and self.result is Result.ADMITTED

    @property
    def has_outcome(self) -> bool:
        """A result, or an absence: what a closed session needs for everyone."""
        return self.absent or (self.presence is Presence.PRESENT and self.result is not None)


@dataclass
class Intervenant(Named):
    row: int
    session: str
    role: Role | None
    last_name: str
    first_name: str
    email: str | None
    phone: str
    habilitation_end: dt.date | None
    address: str = ""


@dataclass
class Session:
    row: int
    id: str
    centre: str
    type: SessionType | None
    title: str
    ccp: str | None
    start: dt.date | None
    start_time: dt.time | None
    end: dt.date | None
    real_end: dt.date | None
    status: Status | None
    dte_date: dt.date | None
    rs_name: str
    rs_quality: RsQuality | None
    place: str
    pv_received: dt.date | None
    parchemins_received: dt.date | None
    end_time: dt.time | None = None
    pv_sent: dt.date | None = None
    ra_sent: dt.date | None = None
    documents_returned: dt.date | None = None
    postpone_start: dt.date | None = None
    postpone_end: dt.date | None = None
    plis_collected: dt.date | None = None
    dieccte_told: dt.date | None = None
    rs_phone: str = ""
    rs_email: str | None = None
    inscriptions: list[Inscription] = field(default_factory=list)
    intervenants: list[Intervenant] = field(default_factory=list)

    @property
    def cancelled(self) -> bool:
        return self.status is Status.CANCELLED

    @property
    def last_day(self) -> dt.date | None:
        return self.real_end or self.end

    @property
    def jury(self) -> list[Intervenant]:
        return [person for person in self.intervenants if person.role is Role.JURY]

    @property
    def single_ccp(self) -> str | None:
        """The CCP of a CCP session; None for a title session."""
        return self.ccp if self.type is SessionType.CCP and self.ccp else None

    def reached(self, status: Status) -> bool:
        """The session's status is this one or a later one."""
        return self.status is not None and self.status.reached(status)

    @property
    def has_results(self) -> bool:
        return any(i.presence or i.result or i.ccps for i in self.inscriptions)


@dataclass
class Workbook:
    """Everything the workbook says, typed; invalid cells are None and reported."""

    raw: RawWorkbook
    parameters: dict[str, str]
    centres: dict[str, Centre]
    titles: dict[str, Title]
    ccps: dict[str, Ccp]
    agrements: list[Agrement]
    sessions: dict[str, Session]
    candidates: dict[str, Candidate]
    inscriptions: list[Inscription]
    intervenants: list[Intervenant]
    # Sheet → row → the key typed there (code, N°), duplicates included: what a row is about.
    keys: dict[str, dict[int, str]] = field(default_factory=dict)
    # (sheet, row, column key) of the cells typed but unreadable: their value is None, as
    # for an empty cell, and their own error is reported.
    unread: set[tuple[str, int, str]] = field(default_factory=set)

    def unreadable(self, sheet: str, row: int, *keys: str) -> bool:
        """One of these cells of the row could not be read. A rule that needs its value says
        nothing: the cell's own error is the one message, never a consequence elsewhere."""
        return any((sheet, row, key) in self.unread for key in keys)

    def unreadable_anywhere(self, sheet: str, *keys: str) -> bool:
        """A cell of one of these columns could not be read, in any row: a code or number
        looked up in that sheet may be the one typed there."""
        return any(found == sheet and key in keys for found, _row, key in self.unread)

    def issue(self, code: str, sheet: str, row: int | None, key: str | None,
              message: str) -> Issue:
        """An issue located at a column of a sheet, with the letter and header Excel shows."""
        table = self.raw.tables.get(sheet)
        letter = header = None
        if table is not None and key is not None:
            letter = table.letter(key)
            header = table.headers.get(key) or table.spec.column(key).header
        return issue(code, table.name if table else sheet, row, letter, header, message)


PARSERS: dict[str, Callable[..., object]] = {
    "text": clean_text,
    "code": parse_code,
    "title_code": parse_title_code,
    "ccp_code": parse_ccp_code,
    "ccp_list": parse_ccp_list,
    "session_id": parse_session_id,
    "ceres_id": parse_ceres_id,
    "email": parse_email,
    "postcode": parse_postcode,
    "phone": parse_phone,
    "time": parse_time,
}


def parse_rows(raw: RawWorkbook, table: Table, report: Report,
               unread: set[tuple[str, int, str]] | None = None) -> list[dict[str, object]]:
    """Each row's cells parsed by the column's kind; bad or missing cells are reported, and
    the bad ones added to unread."""
    out = []
    spec = table.spec
    letters = {key: table.letter(key) for key in table.columns}
    for number, values in table.records():
        parsed: dict[str, object] = {"row": number}
        for column in spec.columns:
            if column.key not in table.columns:
                parsed[column.key] = "" if column.kind in ("text", "phone") else None
                continue
            value = values[column.key]
            letter = letters[column.key]
            if is_blank(value):
                parsed[column.key] = "" if column.kind in ("text", "code", "phone") else None
                if column.required:
                    report.add(issue(
                        "required-value", table.name, number, letter, column.header,
                        f"« {column.header} » est obligatoire : cette cellule est vide.",
                    ))
                continue
            try:
                if column.kind == "date":
                    parsed[column.key] = parse_date(value, raw.epoch)
                elif column.kind == "choice":
                    assert column.choices is not None
                    parsed[column.key] = column.choices(parse_choice(value, column.options))
                else:
                    parsed[column.key] = PARSERS[column.kind](value)
            except ValueError as error:
                parsed[column.key] = "" if column.kind == "code" else None
                if unread is not None:
                    unread.add((spec.name, number, column.key))
                message = str(error)
                report.add(issue(
                    f"invalid-{column.kind.replace('_', '-')}", table.name, number,
                    letter, column.header, message[0].upper() + message[1:] + ".",
                ))
        out.append(parsed)
    return out


def _records(cls: type, rows: list[dict[str, object]]) -> list:
    names = {f.name for f in fields(cls)}
    return [cls(**{k: v for k, v in row.items() if k in names}) for row in rows]


def _parameters(raw: RawWorkbook, rows: list[dict[str, object]], report: Report) -> dict[str, str]:
    known = {normalize(p.name): p for p in schema.PARAMETERS}
    table = raw.tables["Paramètres"]
    values: dict[str, str] = {}
    found_at: dict[str, int] = {}
    for row in rows:
        name = str(row["name"] or "")
        number = row["row"]
        assert isinstance(number, int)
        if not name:
            continue
        parameter = known.get(normalize(name))
        if parameter is None:
            report.add(issue(
                "unknown-parameter", table.name, number, table.letter("name"),
                "Paramètre", f"Paramètre « {name} » inconnu : il est ignoré. Paramètres reconnus : "
                + ", ".join(f"« {p.name} »" for p in schema.PARAMETERS) + ".",
            ))
            continue
        values[parameter.key] = clean_text(row["value"])
        found_at[parameter.key] = number
        if parameter.key == "dieccte_email" and values[parameter.key]:
            try:
                parse_email(values[parameter.key])
            except ValueError as error:
                report.add(issue(
                    "invalid-parameter", table.name, number,
                    table.letter("value"), "Valeur", f"{parameter.name} : {error}.",
                ))
    for parameter in schema.PARAMETERS:
        if not values.get(parameter.key):
            if parameter.required and parameter.key in found_at:
                report.add(issue(
                    "missing-parameter", table.name, found_at[parameter.key],
                    table.letter("value"), "Valeur",
                    f"Le paramètre « {parameter.name} » n'a pas de valeur : renseignez la valeur "
                    f"(par exemple « {parameter.example} »).",
                ))
            elif parameter.required:
                report.add(issue(
                    "missing-parameter", table.name, None, table.letter("name"),
                    "Paramètre", f"Paramètre « {parameter.name} » manquant : ajoutez une ligne "
                    f"« {parameter.name} » avec sa valeur (par exemple « {parameter.example} »).",
                ))
            values[parameter.key] = parameter.default
    return values


def build(raw: RawWorkbook, report: Report) -> Workbook:
    """Typed records from a complete raw workbook; cell problems go into the report."""
    unread = _unreadable_cells(raw)
    rows = {name: parse_rows(raw, table, report, unread) for name, table in raw.tables.items()}
    book = Workbook(
        raw=raw,
        parameters=_parameters(raw, rows["Paramètres"], report),
        centres={},
        titles={},
        ccps={},
        agrements=_records(Agrement, rows["Agréments"]),
        sessions={},
        candidates={},
        inscriptions=_records(Inscription, rows["Inscriptions"]),
        intervenants=_records(Intervenant, rows["Intervenants"]),
        unread=unread,
    )
    _index(book, "Centres", _records(Centre, rows["Centres"]), book.centres, "code", report)
    _index(book, "Titres", _records(Title, rows["Titres"]), book.titles, "code", report)
    _index(book, "CCP", _records(Ccp, rows["CCP"]), book.ccps, "code", report)
    _index(book, "Sessions", _records(Session, rows["Sessions"]), book.sessions, "id", report)
    _index(book, "Candidats", _records(Candidate, rows["Candidats"]), book.candidates, "id", report)
    for ccp in book.ccps.values():
        if ccp.title in book.titles:
            book.titles[ccp.title].ccps.append(ccp)
    for inscription in book.inscriptions:
        if inscription.session in book.sessions:
            book.sessions[inscription.session].inscriptions.append(inscription)
    for person in book.intervenants:
        if person.session in book.sessions:
            book.sessions[person.session].intervenants.append(person)
    return book


def _unreadable_cells(raw: RawWorkbook) -> set[tuple[str, int, str]]:
    """The cells of the columns read that the file itself leaves unreadable (merged cells,
    formulas without a value)."""
    tables = {table.name: table for table in raw.tables.values()}
    found = set()
    for cells in raw.unreadable:
        table = tables.get(cells.issue.sheet or "")
        if table is None:
            continue
        keys = [key for key, index in table.columns.items() if index in cells.columns]
        found |= {(table.spec.name, row, key) for row in cells.rows for key in keys}
    return found


_DUPLICATE_LABELS = {
    "Centres": "ce code centre",
    "Titres": "ce code titre",
    "CCP": "ce code CCP",
    "Sessions": "ce N° session",
    "Candidats": "ce N° CERES",
}


def _index(book: Workbook, sheet: str, records: list, into: dict, key: str,
           report: Report) -> None:
    keys = book.keys.setdefault(sheet, {})
    for record in records:
        value = getattr(record, key)
        if not value:
            continue
        keys[record.row] = value
        if value in into:
            first = into[value].row
            report.add(book.issue(
                "duplicate-key", sheet, record.row, key,
                f"{_DUPLICATE_LABELS[sheet][0].upper()}{_DUPLICATE_LABELS[sheet][1:]} "
                f"« {value} » figure déjà en ligne {first} : chaque ligne doit avoir le sien.",
            ))
            continue
        into[value] = record
