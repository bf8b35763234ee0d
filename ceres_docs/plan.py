"""The plan of a run: which documents each session gets, named and filed, each with what its
template is given."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from .contexts import SessionView, session_code
from .kinds import KIND, SESSION_KINDS, TEMPLATE_KINDS, Recipient
from .model import Session, Workbook
from .naming import code_word, safe_name, session_stem, unique


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
    extra: dict[str, Any] = field(default_factory=dict)


def session_folder(book: Workbook, session: Session) -> str:
    title = book.titles[session.title]
    start = session.start.strftime("%d%m%Y") if session.start else "sans-date"
    return safe_name(f"{session.id}_{code_word(title.short)}_{start}", "")


def plan(book: Workbook, sessions: Iterable[str] | None = None,
         kinds: Iterable[str] | None = None, today: dt.date | None = None) -> list[Document]:
    """Every document due for the chosen sessions and kinds, in a stable order."""
    today = today or dt.date.today()
    wanted_kinds = set(kinds or TEMPLATE_KINDS)
    wanted = list(sessions) if sessions else sorted(book.sessions)
    documents: list[Document] = []
    for session_id in wanted:
        session = book.sessions[session_id]
        if not session.cancelled:
            documents += session_documents(book, session, wanted_kinds, today)
    return documents


def session_documents(book: Workbook, session: Session, kinds: set[str],
                      today: dt.date) -> list[Document]:
    """The documents of these kinds that the session gets, named <PREFIX>_<session stem>
    [_<NOM_Prenom>] in the session's folder."""
    view = SessionView(book, session, today)
    centre = book.centres[session.centre]
    title = book.titles[session.title]
    stem = session_stem(session_code(session), title.short, centre.short_name,
                        session.start or today)
    folder = session_folder(book, session)
    taken: set[str] = set()
    out: list[Document] = []
    for kind in SESSION_KINDS:
        if kind.name not in kinds or kind.entries is None:
            continue
        if kind.refusal is not None and kind.refusal(session, today) is not None:
            continue
        for entry in kind.entries(view):
            name = "_".join(filter(None, (kind.prefix, stem, entry.who)))
            file_name = unique(safe_name(name, kind.suffix), taken,
                               entry.discriminator or kind.name)
            context = {**view.common, **entry.context}
            if "nom_fichier" in kind.variables:
                context["nom_fichier"] = file_name
            out.append(Document(kind.name, session.id, folder, file_name[:-len(kind.suffix)],
                                context, batch=f"{kind.name}:{centre.code}",
                                candidate=entry.candidate, person=entry.person,
                                to_dieccte=entry.to_dieccte, recipient=kind.recipient,
                                extra=entry.extra))
    return out


def refusal(session: Session, kind: str, today: dt.date) -> str | None:
    """Why the procedure does not allow this document for the session, in French; None when
    it does (always, for kinds without such a condition)."""
    check = KIND[kind].refusal
    return None if check is None else check(session, today)
