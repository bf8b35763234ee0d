"""The plan of a run: which documents each session gets on that day, named and filed, each with
what its template is given, and which of them leave that day."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from .contexts import SessionView, session_code
from .dates import format_date
from .kinds import DERIVED_KINDS, KIND, SESSION_KINDS, TEMPLATE_KINDS, Kind, Recipient
from .model import Session, Workbook
from .naming import MAX_NAME, code_word, name_room, safe_name, session_stem, unique
from .procedure import Stage, stage


@dataclass
class Document:
    """One document to produce: its kind, where it goes and what its template receives."""

    kind: str
    session: str
    folder: str
    stem: str
    context: dict[str, Any]
    batch: str
    candidate: str | None = None
    person: str | None = None
    to_dieccte: bool = False
    pages: int = 0
    path: str = ""
    recipient: Recipient | None = None
    sent: bool = False  # it leaves today: it goes into envoi/
    on_request: bool = False  # asked for by name, whatever the session's stage
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class Plan:
    """What a run produces: the documents, the (session, kind) pairs produced anew (their
    earlier files are replaced; every other file stays as it was) and each session's stage."""

    documents: list[Document] = field(default_factory=list)
    scope: set[tuple[str, str]] = field(default_factory=set)
    stages: dict[str, Stage] = field(default_factory=dict)


def session_folder(book: Workbook, session: Session) -> str:
    title = book.titles[session.title]
    start = session.start.strftime("%d%m%Y") if session.start else "sans-date"
    return safe_name(f"{session.id}_{code_word(title.short)}_{start}", "")


def due(kind: Kind, session_stage: Stage) -> bool:
    """The session's stage calls for this kind now."""
    return kind.produced is not None and session_stage in kind.produced


# What a path gains over the output folder's, besides a document's stem, at its deepest:
# the run's folder beside the output (output.staging_prefix and mkdtemp's 8 characters),
# envoi/<recipient>/<channel>/<session folder>/, and an e-mail draft's « COURRIEL- » and .eml.
STAGING_EXTRA = len(".ceres-docs--") + 8
BUNDLE_EXTRA = (len("/envoi/") + max(len(r.value) for r in Recipient) + 1
                + max(len(k.channel) for k in KIND.values()) + 1)
DRAFT_EXTRA = len(KIND["courriel-convocation"].prefix) + 1 + len(".docx")


def stem_room(out: str | None, folder: str) -> int:
    """How long a document's stem may be for every path of it under out (named in full) to
    stay within naming.PATH_LIMIT, on Windows (260 characters a path); MAX_NAME elsewhere
    and when the output folder is not known."""
    if out is None or sys.platform != "win32":
        return MAX_NAME
    return name_room(out, STAGING_EXTRA + BUNDLE_EXTRA + len(folder) + 1 + DRAFT_EXTRA)


def make_plan(book: Workbook, sessions: Iterable[str] | None = None,
              kinds: Iterable[str] | None = None, today: dt.date | None = None,
              on_request: bool = False, out: str | None = None) -> Plan:
    """The documents due on that day for the chosen sessions and kinds, in a stable order.
    On request (sessions and kinds named), the kinds are produced whatever the stage (the
    procedure's refusals aside) and none of them leaves. With out (the output folder's full
    path), names are shortened so that no path passes naming.PATH_LIMIT."""
    today = today or dt.date.today()
    wanted_kinds = set(kinds or TEMPLATE_KINDS + DERIVED_KINDS)
    found = Plan()
    for session_id in (sorted(book.sessions) if sessions is None else list(sessions)):
        session = book.sessions[session_id]
        found.stages[session_id] = current = stage(session, today)
        if session.cancelled:
            continue
        chosen = {name for name in wanted_kinds if on_request or due(KIND[name], current)}
        found.scope |= {(session_id, name) for name in chosen}
        found.documents += session_documents(book, session, chosen, today, current, on_request,
                                             out)
    return found


def plan(book: Workbook, sessions: Iterable[str] | None = None,
         kinds: Iterable[str] | None = None, today: dt.date | None = None,
         on_request: bool = False) -> list[Document]:
    """The documents of make_plan."""
    return make_plan(book, sessions, kinds, today, on_request).documents


def session_documents(book: Workbook, session: Session, kinds: set[str], today: dt.date,
                      current: Stage, on_request: bool = False,
                      output: str | None = None) -> list[Document]:
    """The documents of these kinds that the session gets, named <PREFIX>_<session stem>
    [_<NOM_Prenom>] in the session's folder."""
    view = SessionView(book, session, today)
    centre = book.centres[session.centre]
    title = book.titles[session.title]
    stem = session_stem(session_code(session), title.short, centre.short_name,
                        session.start or today)
    folder = session_folder(book, session)
    room = stem_room(output, folder)
    taken: set[str] = set()
    out: list[Document] = []
    for kind in SESSION_KINDS:
        if kind.name not in kinds or kind.entries is None:
            continue
        if kind.refusal is not None and kind.refusal(session, today) is not None:
            continue
        sent = not on_request and kind.sent is not None and current in kind.sent
        for entry in kind.entries(view):
            name = "_".join(filter(None, (kind.prefix, stem, entry.who)))
            file_name = unique(safe_name(name, kind.suffix, room), taken,
                               entry.discriminator or kind.name)
            context = {**view.common, **entry.context}
            if "nom_fichier" in kind.variables:
                context["nom_fichier"] = file_name
            if kind.dated_at_deliberation and session.real_end is not None:
                context["date_edition"] = format_date(session.real_end)
            out.append(Document(kind.name, session.id, folder, file_name[:-len(kind.suffix)],
                                context, batch=f"{kind.name}:{centre.code}",
                                candidate=entry.candidate, person=entry.person,
                                to_dieccte=entry.to_dieccte, recipient=kind.recipient,
                                sent=sent, on_request=on_request, extra=entry.extra))
    return out


def refusal(session: Session, kind: str, today: dt.date) -> str | None:
    """Why the procedure does not allow this document for the session, in French; None when
    it does (always, for kinds without such a condition)."""
    check = KIND[kind].refusal
    return None if check is None else check(session, today)
