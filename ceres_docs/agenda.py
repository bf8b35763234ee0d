"""What each session still needs, and by when: the procedure's steps as dated tasks.

Rules (P§ = the centre's procedure, N = the CERES newsletter):

- agrement (P§2): the session ends after the end of every agrément covering its start, within
  a year of it. Due one year after that agrément's end (29 February → 28 February): tell the
  DIECCTE of the session's date. Done once « DIECCTE prévenue le » holds a date; left out once
  the session is "Clôturée". No agrément at all for the title: no due date, the MF must ask
  for one.
- dte (P§5): ordered before the convocations are sent, so due with them. Done when the order
  date is entered or the status is "Demande de DTE envoyée" or later.
- convocations (P§6): due 1 month before a title session (same day number, or the month's last
  day), 15 days before a CCP session. Done at "Convocations envoyées" or later.
- resultats (N, P§7): due on the end date (the real one once entered). Done at "Résultats
  saisis" or later, or when the real end date and every candidate's outcome are entered.
- envoi-pv (P§8), cloture (P§9): once results are entered; the procedure sets no deadline.
  Done when the PVs' sending date is entered (envoi-pv), the status is "Clôturée" (cloture), or
  the validated PVs have come back (both).
- formulaire-ra (P§11): once the parchemins are received. Due at the last collection when
  every candidate has collected, never later than 2 months after reception. Done when sent.
- retour-documents (P§11): once parchemins are received and someone has not collected; due
  with the RA form. Done when the return date is entered.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass

from . import __version__, schema
from .dates import format_date
from .model import Session, Workbook
from .procedure import (
    Cover,
    Stage,
    agrement_cover,
    agrement_notice_due,
    convocations_due,
    ra_due,
    results_entered,
    stage,
    waiting,
)
from .report import plural, table
from .schema import SessionType, Status

TASKS = ("agrement", "dte", "convocations", "resultats", "envoi-pv", "cloture",
         "formulaire-ra", "retour-documents")
TASK_LABELS = {
    "agrement": "Agrément",
    "dte": "DTE",
    "convocations": "Convocations",
    "resultats": "Résultats",
    "envoi-pv": "Envoi des PV",
    "cloture": "Clôture",
    "formulaire-ra": "Formulaire RA",
    "retour-documents": "Retour des documents",
}
LATE, TODO, DONE = "en-retard", "a-faire", "fait"
STATES = (LATE, TODO, DONE)
STATE_LABELS = {LATE: "en retard", TODO: "à faire", DONE: "fait"}


@dataclass(frozen=True)
class Task:
    """One step of a session's procedure, with its due date and whether it is done."""

    session: str
    task: str
    due: dt.date | None
    state: str
    message: str

    def to_dict(self) -> dict[str, object]:
        data = asdict(self)
        data["due"] = self.due.isoformat() if self.due else None
        return data


def agenda(book: Workbook, today: dt.date) -> list[Task]:
    """Every task of every session not cancelled: late first, then to do, then done."""
    tasks = [task for session in book.sessions.values() if not session.cancelled
             for task in session_tasks(book, session, today)]
    return sorted(tasks, key=_order)


def _order(task: Task) -> tuple[object, ...]:
    """Late by due date, then to do by due date (none last), then done; then session, step."""
    due = dt.date.max if task.state == DONE or task.due is None else task.due
    return (STATES.index(task.state), due, len(task.session), task.session,
            TASKS.index(task.task))


def session_tasks(book: Workbook, session: Session, today: dt.date) -> list[Task]:
    """The tasks of one session, in the procedure's order."""
    name = describe(book, session)
    tasks: list[Task] = []

    def add(code: str, due: dt.date | None, done: bool, message: str) -> None:
        if done:
            state = DONE
        elif due is not None and today > due:
            state = LATE
        else:
            state = TODO
        tasks.append(Task(session.id, code, due, state, f"{name} : {message}"))

    agrement = _agrement_task(book, session)
    if agrement is not None and session.status is not Status.CLOSED:
        add("agrement", *agrement)
    convocations = convocations_due(session)
    add("dte", convocations, session.dte_date is not None or session.reached(
        Status.DTE_ORDERED), _dte_message(session, convocations))
    add("convocations", convocations, session.reached(Status.CONVENED),
        _convocations_message(session, convocations))
    entered = session.reached(Status.RESULTS_ENTERED) or (
        session.real_end is not None and results_entered(session))
    add("resultats", session.last_day, entered, _results_message(session, entered))
    if entered:
        received = session.pv_received
        add("envoi-pv", None, session.pv_sent is not None or received is not None,
            _pv_message(session))
        closed = session.status is Status.CLOSED
        add("cloture", None, closed or received is not None, _closing_message(session))
    if session.parchemins_received:
        due = ra_due(session)
        left = len(waiting(session, today))
        add("formulaire-ra", due, session.ra_sent is not None,
            _ra_message(book, session, due, left))
        if left:
            add("retour-documents", due, session.documents_returned is not None,
                _return_message(session, left, due))
    return tasks


def describe(book: Workbook, session: Session) -> str:
    """« Session 224566 ECSR du 02/03/2026 au 04/03/2026 », as messages name a session."""
    title = book.titles.get(session.title)
    name = f"Session {session.id} {title.short if title else session.title}".rstrip()
    if session.single_ccp:
        name += f" (CCP {session.single_ccp})"
    start, end = session.start, session.end
    if start and end and start != end:
        return f"{name} du {format_date(start)} au {format_date(end)}"
    if start:
        return f"{name} le {format_date(start)}"
    return f"{name} (date de début non renseignée)"


def _agrement_task(book: Workbook, session: Session) -> tuple[dt.date | None, bool, str] | None:
    """P§2 as check_agrements reads it: nothing when an agrément covers the session, when its
    dates are unknown or when no agrément has started by then (validate reports those)."""
    if (not session.start or not session.end or session.centre not in book.centres
            or session.title not in book.titles):
        return None
    cover, period = agrement_cover(book, session.centre, session.title, session.start,
                                   session.end)
    if cover is Cover.NONE:
        return (None, False, f"le centre {session.centre} n'a aucun agrément pour le titre "
                f"{session.title} : le MF doit demander un agrément (P§2).")
    if cover is not Cover.EXPIRED or period is None:
        return None
    due = agrement_notice_due(period)
    if session.end > due:
        return None  # not possible at all: validate reports it
    if session.dieccte_told is not None:
        return (due, True, f"DIECCTE prévenue le {format_date(session.dieccte_told)} de la date "
                "de la session, qui se termine après la fin de l'agrément N° "
                f"{period.number} (P§2).")
    return (due, False, f"elle se termine après la fin de l'agrément N° {period.number} "
            f"({format_date(period.end)}) : prévenez la DIECCTE de la date de la session au plus "
            f"tard le {format_date(due)}, un an après la fin de l'agrément, puis saisissez « "
            "DIECCTE prévenue le » (P§2).")


def _notice(session: Session) -> str:
    if session.type is SessionType.TITLE:
        return "1 mois avant une session de titre"
    if session.type is SessionType.CCP:
        return "15 jours avant une session CCP"
    return "1 mois avant une session de titre, 15 jours avant une session CCP"


def _dte_message(session: Session, due: dt.date | None) -> str:
    if session.dte_date:
        return f"DTE commandé le {format_date(session.dte_date)} (P§5)."
    if session.reached(Status.DTE_ORDERED):
        return f"DTE commandé (statut « {session.status} ») (P§5)."
    when = f", au plus tard le {format_date(due)}" if due else ""
    return ("commandez le DTE dans CERES (nombre de candidats, coordonnées du RS, boîte examen "
            f"du centre) avant d'envoyer les convocations{when} ; saisissez ensuite la date de "
            "commande et le statut « Demande de DTE envoyée » (P§5).")


def _convocations_message(session: Session, due: dt.date | None) -> str:
    if session.reached(Status.CONVENED):
        return "convocations envoyées (P§6)."
    if due is None:
        missing = "la date de début" if session.start is None else "le type (Titre ou CCP)"
        return (f"envoyez les convocations {_notice(session)} : renseignez {missing} de la "
                f"session pour connaître la date limite ; {CONVENED_STEP} (P§6).")
    return ("envoyez les convocations des candidats, jurys et surveillants (modèles CERES, "
            f"papier à en-tête AFPAR) au plus tard le {format_date(due)}, {_notice(session)} ; "
            f"{CONVENED_STEP} (P§6).")


CONVENED_STEP = f"passez ensuite le statut à « {Status.CONVENED} »"


def _results_message(session: Session, entered: bool) -> str:
    if entered:
        return "résultats saisis (N, P§7)."
    if session.real_end is None:
        when = f" (fin prévue le {format_date(session.end)})" if session.end else ""
        return (f"après l'examen{when}, saisissez d'abord la date réelle de fin, puis les "
                "résultats de chaque candidat (présence, résultat, commentaire validé par le "
                "RS), dans CERES et dans le classeur (N, P§7).")
    if not session.inscriptions:
        return (f"date réelle de fin saisie ({format_date(session.real_end)}), mais aucun "
                "candidat n'est inscrit (feuille Inscriptions) : saisissez les inscriptions et "
                "leurs résultats (P§7).")
    missing = sum(not i.has_outcome for i in session.inscriptions)
    return (f"date réelle de fin saisie ({format_date(session.real_end)}) : saisissez "
            f"maintenant les résultats de {missing} candidat{'s' if missing > 1 else ''} sur "
            f"{len(session.inscriptions)} (présence, résultat, commentaire validé par le RS), "
            "dans CERES et dans le classeur (P§7).")


def _pv_message(session: Session) -> str:
    if session.pv_sent:
        return f"PV envoyés à la DIECCTE le {format_date(session.pv_sent)} (P§8)."
    if session.pv_received:
        return (f"PV validés reçus le {format_date(session.pv_received)} : ils ont été "
                "envoyés (P§8).")
    individual = sum(not i.admitted_in_full for i in session.inscriptions)
    if individual:
        parcel = (f"{individual} PV individuel{'s' if individual > 1 else ''} + le PV général "
                  "(candidats partiellement admis, refusés ou absents ; jamais ceux des admis)")
    else:
        parcel = "le PV général seul (tous les candidats sont admis)"
    return ("imprimez les PV en recto verso, faites-les signer (le PV général par chaque membre "
            f"du jury) et postez les originaux à la DIECCTE : {parcel} ; saisissez ensuite la "
            "date d'envoi (P§8).")


def _closing_message(session: Session) -> str:
    if session.status is Status.CLOSED:
        return "session clôturée dans CERES (P§9)."
    if session.pv_received:
        return (f"PV validés reçus le {format_date(session.pv_received)} : la session a été "
                "clôturée (P§9).")
    return ("une fois tout saisi, clôturez (validez) la session dans CERES, sinon la DIECCTE ne "
            "valide pas le PV ; passez ensuite le statut à « Clôturée » (P§9).")


def _not_collected(waiting: int) -> str:
    if waiting > 1:
        return f"{waiting} candidats n'ont pas retiré leurs documents"
    return "1 candidat n'a pas retiré ses documents"


def _ra_message(book: Workbook, session: Session, due: dt.date, waiting: int) -> str:
    received = format_date(session.parchemins_received)
    if session.ra_sent:
        return f"formulaire RA envoyé à la DIECCTE le {format_date(session.ra_sent)} (P§11)."
    collection = _not_collected(waiting) if waiting else "tous les documents sont retirés"
    email = book.parameters.get("dieccte_email") or schema.DEFAULT_DIECCTE_EMAIL
    return (f"parchemins reçus le {received}, {collection} : envoyez le formulaire RA signé par "
            f"les candidats, en PDF, à {email} au plus tard le {format_date(due)} (après le "
            "dernier retrait, et au plus tard 2 mois après la réception) ; « ceres-docs "
            "ra-mail » prépare le courriel (P§11).")


def _return_message(session: Session, waiting: int, due: dt.date) -> str:
    if session.documents_returned:
        return (f"documents non retirés renvoyés à la DIECCTE le "
                f"{format_date(session.documents_returned)} (P§11).")
    return (f"{_not_collected(waiting)} (livret, notification, parchemin) : s'ils ne sont pas "
            f"retirés le {format_date(due)}, renvoyez-les à la DIECCTE par courrier ou "
            "déposez-les dans ses locaux, avec le bordereau de retour (P§11).")


def stages(book: Workbook, today: dt.date) -> list[tuple[Session, Stage]]:
    """Each session of the agenda (not cancelled) and its stage that day, by start date."""
    ordered = sorted((s for s in book.sessions.values() if not s.cancelled),
                     key=lambda s: (s.start or dt.date.max, s.id))
    return [(session, stage(session, today)) for session in ordered]


def format_stages(book: Workbook, today: dt.date) -> str:
    """« Session 224512 ECSR du 08/06/2026 au 11/06/2026 : parchemins reçus », one line each."""
    if not stages(book, today):
        return ""
    lines = ["Étape de chaque session :"]
    lines += [f"  {describe(book, session)} : {found.value}"
              for session, found in stages(book, today)]
    return "\n".join(lines)


def to_json(tasks: Iterable[Task], book: Workbook | None = None,
            today: dt.date | None = None) -> dict[str, object]:
    """The tasks, and each session's stage when the book is given."""
    data: dict[str, object] = {"items": [task.to_dict() for task in tasks]}
    if book is not None and today is not None:
        data["sessions"] = [{"session": session.id, "stage": found.value}
                            for session, found in stages(book, today)]
    return data


def format_agenda(tasks: list[Task], show_done: bool = False,
                  style: Callable[[str, str], str] = lambda text, state: text,
                  width: int | None = None) -> str:
    """The agenda as a French table: due date, session, task, state, message.

    style(text, state) may colour the state cell; done tasks are counted, not listed, unless
    show_done."""
    shown = [task for task in tasks if show_done or task.state != DONE]
    done = sum(task.state == DONE for task in tasks)
    lines = []
    if shown:
        headers = ("Échéance", "Session", "Tâche", "État", "Message")
        rows = [(format_date(task.due) or "—", task.session,
                 TASK_LABELS[task.task], STATE_LABELS[task.state], task.message)
                for task in shown]
        lines += table(headers, rows, width, lambda row, column, text: (
            style(text, shown[row].state) if column == 3 else text))
        lines.append("")
    elif not tasks:
        return "Aucune session en cours : rien à faire."
    lines.append(agenda_summary(tasks))
    if done and not show_done:
        lines.append(f"{plural(done, 'tâche')} faite{'s' if done > 1 else ''} : --tout pour "
                     f"{'les' if done > 1 else 'la'} voir.")
    return "\n".join(lines)


def agenda_summary(tasks: list[Task]) -> str:
    late = sum(task.state == LATE for task in tasks)
    todo = sum(task.state == TODO for task in tasks)
    if not late and not todo:
        return "Rien en retard, rien à faire : toutes les tâches sont faites."
    late_text = plural(late, "tâche") if late else "Aucune tâche"
    return f"{late_text} en retard, {todo} à faire."


# iCalendar (RFC 5545), written by hand: a few properties of all-day events.


def to_ics(tasks: Iterable[Task], stamp: dt.datetime) -> bytes:
    """One all-day event per task with a due date, as an .ics file Outlook and Thunderbird
    import; the UID is stable (session-task@ceres-docs) from one run to the next."""
    stamp_text = stamp.astimezone(dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0",
             f"PRODID:-//SPL AFPAR//ceres-docs {__version__}//FR",
             "CALSCALE:GREGORIAN", "METHOD:PUBLISH", "X-WR-CALNAME:Agenda des sessions CERES"]
    for task in tasks:
        if task.due is None:
            continue
        summary = (f"[{STATE_LABELS[task.state]}] {TASK_LABELS[task.task]} – session "
                   f"{task.session}")
        lines += [
            "BEGIN:VEVENT",
            f"UID:{ics_text(f'{task.session}-{task.task}@ceres-docs')}",
            f"DTSTAMP:{stamp_text}",
            f"DTSTART;VALUE=DATE:{task.due:%Y%m%d}",
            f"DTEND;VALUE=DATE:{task.due + dt.timedelta(days=1):%Y%m%d}",
            f"SUMMARY:{ics_text(summary)}",
            f"DESCRIPTION:{ics_text(task.message)}",
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return b"".join(fold(line) + b"\r\n" for line in lines)


def ics_text(text: str) -> str:
    """A TEXT value escaped: backslash, semicolon, comma, newline (RFC 5545 §3.3.11)."""
    text = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return text.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


def fold(line: str, limit: int = 75) -> bytes:
    """A content line in UTF-8, folded so that no line exceeds 75 octets; continuation lines
    begin with a space (RFC 5545 §3.1). A fold never splits a character or an escape such as
    « \\, », which some readers mishandle."""
    parts: list[bytes] = []
    current = b""
    room = limit
    for piece in re.findall(r"\\.|.", line, re.S):
        encoded = piece.encode("utf-8")
        if len(current) + len(encoded) > room:
            parts.append(current)
            current, room = b"", limit - 1
        current += encoded
    parts.append(current)
    return b"\r\n ".join(parts)


def event_count(tasks: Iterable[Task]) -> tuple[int, int]:
    """How many tasks become events, and how many have no due date."""
    tasks = list(tasks)
    dated = sum(task.due is not None for task in tasks)
    return dated, len(tasks) - dated
