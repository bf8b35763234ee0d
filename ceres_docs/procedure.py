"""The procedure's decisions, each made in one place for validate, the documents and the agenda
(P§ = the centre's procedure, N = the CERES newsletter)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from enum import Enum
from typing import NamedTuple

from .dates import add_months, add_years
from .model import Candidate, Inscription, Session, Workbook, name_order
from .schema import Presence, Result, SessionType, Status
from .values import normalize

CCP_NOTICE = dt.timedelta(days=15)
RA_DELAY_MONTHS = 2
POSTPONABLE = (Status.PREPARING, Status.DTE_ORDERED, Status.CONVENED)


class Period(NamedTuple):
    number: str
    start: dt.date
    end: dt.date


class Cover(Enum):
    """How a centre's agréments for a title cover a session's dates (P§2)."""

    COVERED = "covered"  # by one agrément
    NONE = "none"  # the centre has no agrément for the title: the MF must ask for one
    NOT_STARTED = "not-started"  # the first agrément starts later
    EXPIRED = "expired"  # the last agrément started ends before the session's end


def agrement_cover(book: Workbook, centre: str, title: str, start: dt.date,
                   end: dt.date) -> tuple[Cover, Period | None]:
    """P§2: the cover, with the agrément concerned: the covering one, the first one (not
    started) or the last one started (expired)."""
    periods = [Period(a.number, a.start, a.end) for a in book.agrements
               if a.centre == centre and a.title == title and a.start and a.end]
    if not periods:
        return Cover.NONE, None
    for period in periods:
        if period.start <= start and end <= period.end:
            return Cover.COVERED, period
    started = [p for p in periods if p.start <= start]
    if not started:
        return Cover.NOT_STARTED, min(periods, key=lambda p: p.start)
    return Cover.EXPIRED, max(started, key=lambda p: p.end)


def agrement_notice_due(period: Period) -> dt.date:
    """P§2: a session after the agrément's end is told to the DIECCTE within one year of it."""
    return add_years(period.end, 1)


class Obstacle(Enum):
    """Why the UD can no longer postpone a session (N)."""

    STARTED = "started"
    STATUS = "status"


def postponement_obstacle(session: Session, today: dt.date) -> Obstacle | None:
    """N: the UD postpones a session only before it starts, while « En préparation »,
    « Demande de DTE envoyée » or « Convocations envoyées »; None while it can."""
    if session.start is not None and today >= session.start:
        return Obstacle.STARTED
    if session.status not in POSTPONABLE:
        return Obstacle.STATUS
    return None


class Stage(Enum):
    """Where a session is in its life, in order (cancelled aside); the value is French."""

    PREPARING = "en préparation"
    DTE_ORDERED = "DTE commandé"
    CONVENED = "convoqués"
    EXAMINED = "épreuves passées"
    RESULTS_ENTERED = "résultats saisis"
    PV_SENT = "PV envoyés"
    PV_RECEIVED = "PV validés reçus"
    PLIS_COLLECTED = "plis retirés"
    PARCHEMINS_RECEIVED = "parchemins reçus"
    RA_SENT = "formulaire RA envoyé"
    DOCUMENTS_RETURNED = "documents renvoyés"
    CLOSED = "clôturée"
    CANCELLED = "annulée"

    def __lt__(self, other: Stage) -> bool:
        order = list(Stage)
        return order.index(self) < order.index(other)

    def __le__(self, other: Stage) -> bool:
        return self is other or self < other


def stage(session: Session, today: dt.date) -> Stage:
    """The session's stage on that day, from its status and the dates typed: the latest step
    that has happened by then (a date after today has not happened yet)."""
    if session.cancelled:
        return Stage.CANCELLED

    def by_today(day: dt.date | None) -> bool:
        return day is not None and day <= today

    ra_sent = by_today(session.ra_sent)
    finished = ra_sent and (not waiting(session, today) or by_today(session.documents_returned))
    if finished and session.status is Status.CLOSED:
        return Stage.CLOSED
    for day, reached in ((session.documents_returned, Stage.DOCUMENTS_RETURNED),
                         (session.ra_sent, Stage.RA_SENT),
                         (session.parchemins_received, Stage.PARCHEMINS_RECEIVED),
                         (session.plis_collected, Stage.PLIS_COLLECTED),
                         (session.pv_received, Stage.PV_RECEIVED),
                         (session.pv_sent, Stage.PV_SENT)):
        if by_today(day):
            return reached
    if (by_today(session.real_end) and results_entered(session)) or session.reached(
            Status.RESULTS_ENTERED):
        return Stage.RESULTS_ENTERED
    if by_today(session.start):
        return Stage.EXAMINED
    if session.reached(Status.CONVENED):
        return Stage.CONVENED
    if by_today(session.dte_date) or session.reached(Status.DTE_ORDERED):
        return Stage.DTE_ORDERED
    return Stage.PREPARING


def results_entered(session: Session) -> bool:
    """Every candidate has a result or an absence (P§7): the PVs can be printed."""
    return bool(session.inscriptions) and all(i.has_outcome for i in session.inscriptions)


def convocations_due(session: Session) -> dt.date | None:
    """P§6: 1 month before a title session's start (same day, or the month's last day),
    15 days before a CCP session's."""
    if session.start is None:
        return None
    if session.type is SessionType.TITLE:
        return add_months(session.start, -1)
    if session.type is SessionType.CCP:
        return session.start - CCP_NOTICE
    return None


def ra_limit(session: Session) -> dt.date:
    """P§11: the RA form goes at the latest 2 months after the parchemins' reception."""
    assert session.parchemins_received is not None
    return add_months(session.parchemins_received, RA_DELAY_MONTHS)


def ra_due(session: Session) -> dt.date:
    """P§11: the last collection, or 2 months after the parchemins' reception if that comes
    first. Absent candidates expect nothing: the last collection of the others closes it."""
    limit = ra_limit(session)
    expecting = [i for i in session.inscriptions if expects_documents(i)]
    collected = [i.collected for i in expecting]
    if expecting and all(collected):
        return min(max(day for day in collected if day), limit)
    return limit


def expects_documents(inscription: Inscription) -> bool:
    """P§11: a candidate who sat the exam collects a result; an absent one expects nothing."""
    return inscription.presence is Presence.PRESENT


def waiting(session: Session, today: dt.date) -> list[Inscription]:
    """P§11: the candidates who expect documents and have not collected them by that day."""
    return [i for i in session.inscriptions if expects_documents(i)
            and (i.collected is None or i.collected > today)]


def documents_to_collect(session: Session, inscription: Inscription) -> str:
    """P§11: what a candidate collects, by outcome: a title admitted, the parchemin; partially
    admitted, the livret de certification; a CCP session admitted, the CCP's certificate;
    refused, the notification alone; absent, nothing."""
    if not expects_documents(inscription):
        return ""
    if inscription.result is Result.ADMITTED:
        if session.single_ccp:
            return "Certificat de compétences professionnelles, Notification de résultat"
        return "Parchemin, Notification de résultat"
    if inscription.result is Result.PARTIAL:
        return "Livret de certification, Notification de résultat"
    return "Notification de résultat"


def duplicate_people(book: Workbook) -> list[list[Candidate]]:
    """P§4.3: candidate records that are likely one person under several N° CERES: same last
    name, first name (accents, case, spaces, hyphens, apostrophes aside; or the two swapped)
    and birth date. The
    groups in alphabetical order, each in the order of the Candidats sheet."""
    people: dict[tuple[str, str, dt.date], list[Candidate]] = defaultdict(list)
    for candidate in book.candidates.values():
        if candidate.last_name and candidate.first_name and candidate.birth_date:
            first, second = sorted((person_key(candidate.last_name),
                                    person_key(candidate.first_name)))
            people[first, second, candidate.birth_date].append(candidate)
    groups = [sorted(group, key=lambda c: c.row) for group in people.values() if len(group) > 1]
    return sorted(groups, key=lambda g: (*name_order(g[0]), g[0].birth_date, g[0].row))


def person_key(name: str) -> str:
    """A name compared without accents, case, spaces, hyphens or apostrophes."""
    return "".join(c for c in normalize(name) if c.isalnum())
