"""The centre's procedure as checks on the typed workbook (P§ = procedure, N = newsletter)."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from . import schema
from .dates import format_date
from .errors import CeresDocsError, WorkbookUnreadable
from .model import Session, Workbook, build
from .naming import code_word
from .procedure import (
    Cover,
    Obstacle,
    agrement_cover,
    agrement_notice_due,
    duplicate_people,
    person_key,
    postponement_obstacle,
)
from .report import Issue, Report, issue, plural
from .schema import Presence, Result, RsQuality, SessionType, Status
from .values import normalize
from .workbook import read_workbook

UNREADABLE = "unreadable-workbook"


@dataclass
class Validation:
    report: Report
    book: Workbook | None

    @property
    def unreadable(self) -> str | None:
        """Why the file could not be read at all (a French message), or None."""
        return next((i.message for i in self.report.issues if i.code == UNREADABLE), None)


def validate(path: str | os.PathLike[str], today: dt.date | None = None) -> Validation:
    """Read and check a workbook; the report holds every issue, the book is None if unusable.
    A file that is no readable workbook at all is one issue, not an exception."""
    try:
        raw = read_workbook(path)
    except WorkbookUnreadable as error:
        return Validation(Report([issue(UNREADABLE, None, None, None, None, str(error))]), None)
    report = Report(list(raw.issues))
    book = None
    if raw.complete:
        book = build(raw, report)
        cell_errors = len(report.issues)
        check(book, report, today or dt.date.today())
        report.issues = [issue for issue in _without_consequences(report.issues, cell_errors)
                         if not raw.explains(issue)]
    report.issues += [cells.issue for cells in raw.unreadable]
    report.sort([spec.name for spec in schema.SHEETS])
    return Validation(report, book)


class InvalidWorkbook(CeresDocsError):
    "The workbook has errors: nothing is generated."

    def __init__(self, report: Report,
                 message: str = "Le classeur contient des erreurs : aucun document n'a été "
                 "produit."):
        super().__init__(message)
        self.report = report


@dataclass
class Problems:
    """The errors of a workbook by what they hold back: everything, one session, or nothing
    (a row that no session uses)."""

    workbook: list[Issue] = field(default_factory=list)
    sessions: dict[str, list[Issue]] = field(default_factory=dict)
    elsewhere: list[Issue] = field(default_factory=list)

    @property
    def count(self) -> int:
        return (len(self.workbook) + len(self.elsewhere)
                + sum(len(issues) for issues in self.sessions.values()))


def problems(book: Workbook, report: Report) -> Problems:
    """Each error to the sessions it comes from: the session's row, its inscriptions and
    intervenants, its candidates, its agrément, its centre or title when no other session
    uses them. The file's structure, the Paramètres, and a centre or title row used by several
    sessions hold back every session."""
    found = Problems()
    for error in report.errors:
        owners = _owners(book, error)
        if owners is None:
            found.workbook.append(error)
        elif not owners:
            found.elsewhere.append(error)
        for owner in sorted(owners or ()):
            found.sessions.setdefault(owner, []).append(error)
    return found


STRUCTURE = {"unreadable-workbook", "missing-sheet", "missing-column", "duplicate-column",
             "header-not-first-row", "too-many-rows"}
SESSION_SHEETS = {"Sessions", "Inscriptions", "Intervenants", "Candidats", "Agréments",
                  "Centres", "Titres", "CCP"}


def _owners(book: Workbook, error: Issue) -> set[str] | None:
    """The sessions an error belongs to; None when it belongs to the whole workbook."""
    if (error.code in STRUCTURE or error.row is None or error.row == 1
            or error.sheet not in SESSION_SHEETS):
        return None
    sessions = book.sessions.values()
    key = book.keys.get(error.sheet, {}).get(error.row)
    if error.sheet == "Sessions":
        return {key} if key in book.sessions else set()
    if error.sheet in ("Inscriptions", "Intervenants"):
        records = book.inscriptions if error.sheet == "Inscriptions" else book.intervenants
        return {r.session for r in records if r.row == error.row and r.session in book.sessions}
    if error.sheet == "Candidats":
        return {i.session for i in book.inscriptions
                if key and i.candidate == key and i.session in book.sessions}
    if error.sheet == "Agréments":
        used = [a for a in book.agrements if a.row == error.row]
        return {s.id for s in sessions for a in used
                if s.centre == a.centre and s.title == a.title}
    if error.sheet == "CCP":
        ccp = next((c for c in book.ccps.values() if c.row == error.row), None)
        users = {s.id for s in sessions if key and (s.ccp == key or (ccp and s.title == ccp.title))}
    else:
        field_name = "centre" if error.sheet == "Centres" else "title"
        users = {s.id for s in sessions if key and getattr(s, field_name) == key}
    return users if len(users) <= 1 else None


def checked_sessions(workbook: Path, today: dt.date,
                     strict: bool = False) -> tuple[Workbook, Report, Problems]:
    """The workbook, its report and its errors by session. WorkbookUnreadable if the file
    cannot be read at all, InvalidWorkbook (with the report) when an error holds back every
    session (any error, when strict)."""
    result = validate(workbook, today)
    if result.unreadable is not None:
        raise WorkbookUnreadable(result.unreadable)
    if result.book is None:
        raise InvalidWorkbook(result.report)
    found = problems(result.book, result.report)
    if found.workbook or (strict and found.count):
        raise InvalidWorkbook(result.report)
    return result.book, result.report, found


def _without_consequences(issues: list[Issue], first_rule_issue: int) -> list[Issue]:
    """Drop rule issues at a cell already reported as unreadable: one cause, one message."""
    unreadable = {(i.sheet, i.row, i.column) for i in issues[:first_rule_issue] if i.column}
    return issues[:first_rule_issue] + [
        issue for issue in issues[first_rule_issue:]
        if (issue.sheet, issue.row, issue.column) not in unreadable
    ]


def check(book: Workbook, report: Report, today: dt.date) -> None:
    for rule in RULES:
        rule(book, report, today)


def _missing(book: Workbook, key: str | None, found: Mapping[str, object], sheet: str,
             column: str) -> bool:
    """A code or number typed, absent from its sheet, where no such cell is unreadable (the
    row it points to may be that one: its own error says so)."""
    return bool(key) and key not in found and not book.unreadable_anywhere(sheet, column)


def check_references(book: Workbook, report: Report, today: dt.date) -> None:
    """Codes and numbers that point to rows of other sheets must exist there."""
    for ccp in book.ccps.values():
        if _missing(book, ccp.title, book.titles, "Titres", "code"):
            report.add(book.issue(
                "unknown-title", "CCP", ccp.row, "title",
                f"Le titre « {ccp.title} » n'existe pas dans la feuille Titres : ajoutez-le ou "
                "corrigez le code.",
            ))
    for agrement in book.agrements:
        if _missing(book, agrement.centre, book.centres, "Centres", "code"):
            report.add(book.issue(
                "unknown-centre", "Agréments", agrement.row, "centre",
                f"Le centre « {agrement.centre} » n'existe pas dans la feuille Centres.",
            ))
        if _missing(book, agrement.title, book.titles, "Titres", "code"):
            report.add(book.issue(
                "unknown-title", "Agréments", agrement.row, "title",
                f"Le titre « {agrement.title} » n'existe pas dans la feuille Titres.",
            ))
        if agrement.start and agrement.end and agrement.end < agrement.start:
            report.add(book.issue(
                "end-before-start", "Agréments", agrement.row, "end",
                f"La date de fin ({format_date(agrement.end)}) est avant la date de début "
                f"({format_date(agrement.start)}).",
            ))
    for sheet, records in (("Inscriptions", book.inscriptions),
                           ("Intervenants", book.intervenants)):
        for record in records:
            if _missing(book, record.session, book.sessions, "Sessions", "id"):
                report.add(book.issue(
                    "unknown-session", sheet, record.row, "session",
                    f"La session « {record.session} » n'existe pas dans la feuille Sessions.",
                ))
    for inscription in book.inscriptions:
        if _missing(book, inscription.candidate, book.candidates, "Candidats", "id"):
            report.add(book.issue(
                "unknown-candidate", "Inscriptions", inscription.row, "candidate",
                f"Le candidat « {inscription.candidate} » n'existe pas dans la feuille Candidats : "
                "ajoutez sa fiche ou corrigez le N° CERES.",
            ))


def check_names(book: Workbook, report: Report, today: dt.date) -> None:
    """Names that go into file names must keep letters or digits once made ASCII."""
    for centre in book.centres.values():
        if centre.short_name and not code_word(centre.short_name):
            report.add(book.issue(
                "invalid-short-name", "Centres", centre.row, "short_name",
                f"Le nom court « {centre.short_name} » ne contient ni lettre ni chiffre : il sert "
                "aux noms de fichiers, tapez par exemple FORMAREUNION.",
            ))
    for title in book.titles.values():
        if title.short and not code_word(title.short):
            report.add(book.issue(
                "invalid-short-name", "Titres", title.row, "short",
                f"L'abrégé « {title.short} » ne contient ni lettre ni chiffre : tapez par exemple "
                "ECSR.",
            ))


def check_sessions(book: Workbook, report: Report, today: dt.date) -> None:
    """Each session is complete and consistent: type, title or CCP, dates."""
    for session in book.sessions.values():
        def error(code: str, key: str, message: str, s: Session = session) -> None:
            report.add(book.issue(code, "Sessions", s.row, key, message))

        if _missing(book, session.centre, book.centres, "Centres", "code"):
            error("unknown-centre", "centre",
                  f"Le centre « {session.centre} » n'existe pas dans la feuille Centres.")
        title = book.titles.get(session.title)
        if _missing(book, session.title, book.titles, "Titres", "code"):
            error("unknown-title", "title",
                  f"Le titre « {session.title} » n'existe pas dans la feuille Titres.")
        if session.type is SessionType.CCP:
            if not session.ccp:
                error("ccp-required", "ccp",
                      "Une session de type CCP doit indiquer son « Code CCP » (par exemple "
                      "CP-00123).")
            elif _missing(book, session.ccp, book.ccps, "CCP", "code"):
                error("unknown-ccp", "ccp",
                      f"Le CCP « {session.ccp} » n'existe pas dans la feuille CCP.")
            elif (title is not None and session.ccp in book.ccps
                  and not book.unreadable("CCP", book.ccps[session.ccp].row, "title")
                  and book.ccps[session.ccp].title != title.code):
                error("ccp-not-in-title", "ccp",
                      f"Le CCP « {session.ccp} » n'appartient pas au titre {title.code} "
                      f"(il relève de {book.ccps[session.ccp].title}).")
        elif session.type is SessionType.TITLE and session.ccp:
            error("ccp-not-expected", "ccp",
                  f"Une session de type Titre ne vise pas un CCP seul : videz « Code CCP » "
                  f"({session.ccp}) ou choisissez le type CCP.")
        if session.start and session.end and session.end < session.start:
            error("end-before-start", "end",
                  f"La date de fin ({format_date(session.end)}) est avant la date de début "
                  f"({format_date(session.start)}).")
        if session.start and session.real_end and session.real_end < session.start:
            error("real-end-before-start", "real_end",
                  f"La date réelle de fin ({format_date(session.real_end)}) est avant la date "
                  f"de début ({format_date(session.start)}).")


def check_agrements(book: Workbook, report: Report, today: dt.date) -> None:
    """P§2: the centre holds an agrément for the title that covers the session dates."""
    for session in book.sessions.values():
        if (session.cancelled or not session.start or not session.end
                or session.centre not in book.centres or session.title not in book.titles
                or _agrements_unread(book, session)):
            continue
        cover, period = agrement_cover(book, session.centre, session.title, session.start,
                                       session.end)
        if cover is Cover.NONE:
            report.add(book.issue(
                "no-agrement", "Sessions", session.row, "title",
                f"Le centre {session.centre} n'a aucun agrément pour le titre {session.title} "
                "(feuille Agréments) : le MF doit faire une demande d'agrément (P§2).",
            ))
        elif cover is Cover.NOT_STARTED and period:
            report.add(book.issue(
                "agrement-not-started", "Sessions", session.row, "start",
                f"La session commence le {format_date(session.start)}, avant le début de "
                f"l'agrément N° {period.number} ({format_date(period.start)}) : aucun agrément "
                "ne couvre cette date.",
            ))
        elif cover is Cover.EXPIRED and period:
            deadline = agrement_notice_due(period)
            ended = (f"La session se termine le {format_date(session.end)}, après la fin de "
                     f"l'agrément N° {period.number} ({format_date(period.end)})")
            if session.end > deadline:
                report.add(book.issue(
                    "agrement-expired", "Sessions", session.row, "end",
                    f"{ended}, et plus d'un an après : ce n'est pas possible (P§2). Choisissez "
                    f"une fin au plus tard le {format_date(deadline)}, ou attendez le nouvel "
                    "agrément (le MF en fait la demande).",
                ))
            elif session.dieccte_told is None:
                create = (f"créez-la dans CERES avec des dates antérieures au "
                          f"{format_date(period.end)} pour commander le DTE, puis "
                          if session.status is Status.PREPARING else "")
                report.add(book.issue(
                    "agrement-notice", "Sessions", session.row, "dieccte_told",
                    f"{ended} : c'est permis dans l'année qui suit (P§2) ; {create}prévenez la "
                    f"DIECCTE de la date de la session avant le {format_date(deadline)}, puis "
                    "saisissez la date dans « DIECCTE prévenue le ».",
                ))


def _agrements_unread(book: Workbook, session: Session) -> bool:
    """An agrément that may be the session's (same centre and title, or one of them
    unreadable) has an unreadable cell: its cover cannot be told."""
    return any(
        book.unreadable("Agréments", a.row, "centre", "title", "start", "end")
        for a in book.agrements
        if (a.centre == session.centre or book.unreadable("Agréments", a.row, "centre"))
        and (a.title == session.title or book.unreadable("Agréments", a.row, "title")))


def check_results(book: Workbook, report: Report, today: dt.date) -> None:
    """P§7 and N: attendance, decision, CCPs obtained, comments, real end date first."""
    seen: dict[tuple[str, str], int] = {}
    for inscription in book.inscriptions:
        def add(code: str, key: str, message: str, i=inscription) -> None:
            report.add(book.issue(code, "Inscriptions", i.row, key, message))

        pair = (inscription.session, inscription.candidate)
        if all(pair):
            if pair in seen:
                add("duplicate-inscription", "candidate",
                    f"Le candidat {inscription.candidate} est déjà inscrit à la session "
                    f"{inscription.session} en ligne {seen[pair]} : supprimez l'une des deux "
                    "lignes.")
            else:
                seen[pair] = inscription.row
        session = book.sessions.get(inscription.session)
        if inscription.absent and (inscription.result or inscription.ccps):
            add("absent-with-result", "result",
                f"Candidat absent ({inscription.presence}) : il n'a pas de résultat. Videz "
                "« Résultat » et « CCP obtenus », ou corrigez la présence.")
        if inscription.presence is None and (inscription.result or inscription.ccps):
            add("result-without-presence", "presence",
                "Un résultat est saisi mais pas la présence : choisissez « Présent ».")
        if inscription.result is Result.PARTIAL and not inscription.ccps:
            add("partial-without-ccp", "ccps",
                "Candidat partiellement admis : indiquez les CCP obtenus, séparés par « ; » "
                "(par exemple CP-00123;CP-00124).")
        if inscription.result is Result.REFUSED and inscription.ccps:
            add("refused-with-ccp", "ccps",
                "Candidat refusé mais des CCP obtenus sont indiqués : s'il a obtenu des CCP, "
                "choisissez « Partiellement admis ».")
        title = book.titles.get(session.title) if session else None
        if (title is not None and inscription.ccps
                and not book.unreadable_anywhere("CCP", "title", "code")):
            own = {ccp.code for ccp in title.ccps}
            foreign = [code for code in inscription.ccps if code not in own]
            if foreign:
                add("ccp-not-in-title", "ccps",
                    f"{', '.join(foreign)} : ce{'s' if len(foreign) > 1 else ''} CCP "
                    f"n'appartien{'nent' if len(foreign) > 1 else 't'} pas au titre {title.code}. "
                    f"CCP du titre : {', '.join(sorted(own)) or 'aucun dans la feuille CCP'}.")
            elif (inscription.result is Result.PARTIAL and own
                  and own <= set(inscription.ccps)):
                add("partial-with-all-ccps", "result",
                    "Tous les CCP du titre sont indiqués comme obtenus : le résultat est-il "
                    "plutôt « Admis » ?")
        if (session and session.type is SessionType.CCP
                and inscription.result is Result.PARTIAL):
            add("partial-in-ccp-session", "result",
                "Une session CCP porte sur un seul CCP : le résultat est « Admis » ou « Refusé ».")
        if (inscription.presence is Presence.PRESENT
                and inscription.result in (Result.PARTIAL, Result.REFUSED)
                and not inscription.comment):
            add("missing-comment", "comment",
                f"Candidat {inscription.result.value.lower()} sans commentaire : saisissez des "
                "éléments objectifs liés aux grilles d'évaluation, validés par le RS (P§7).")
        if (inscription.collected and session is not None
                and not book.unreadable("Sessions", session.row, "parchemins_received")):
            if session.parchemins_received is None:
                add("collected-before-reception", "collected",
                    f"Parchemin retiré le {format_date(inscription.collected)} alors que la "
                    f"session {session.id} n'a pas de « Date réception parchemins ».")
            elif inscription.collected < session.parchemins_received:
                add("collected-before-reception", "collected",
                    f"Parchemin retiré le {format_date(inscription.collected)}, avant sa réception "
                    f"({format_date(session.parchemins_received)}).")
    for session in book.sessions.values():
        if session.real_end is not None and session.real_end > today and session.has_results:
            report.add(book.issue(
                "results-before-end", "Sessions", session.row, "real_end",
                f"Des résultats sont saisis pour la session {session.id} mais sa date réelle "
                f"de fin ({format_date(session.real_end)}) n'est pas encore passée : l'examen "
                "n'est pas terminé. Corrigez la date, ou saisissez les résultats après "
                "l'examen (N).",
            ))
        if session.real_end is None and session.has_results:
            report.add(book.issue(
                "results-without-real-end", "Sessions", session.row, "real_end",
                f"Des résultats sont saisis pour la session {session.id} mais pas sa « Date "
                "réelle de fin » : saisissez-la d'abord, comme CERES l'exige (N).",
            ))
        elif session.real_end is None and session.reached(Status.RESULTS_ENTERED):
            report.add(book.issue(
                "status-without-real-end", "Sessions", session.row, "real_end",
                f"Statut « {session.status} » mais pas de « Date réelle de fin » : saisissez-la "
                "(N), ou corrigez le statut.",
            ))
        if session.reached(Status.RESULTS_ENTERED):
            for inscription in session.inscriptions:
                typed_without_presence = inscription.presence is None and (
                    inscription.result or inscription.ccps)
                if not inscription.has_outcome and not typed_without_presence:
                    report.add(book.issue(
                        "status-without-result", "Inscriptions", inscription.row,
                        "presence" if inscription.presence is None else "result",
                        f"La session {session.id} est au statut « {session.status} » mais ce "
                        "candidat n'a ni résultat ni absence : complétez la saisie (P§7, P§9), "
                        "ou corrigez le statut de la session.",
                    ))


def check_statuses(book: Workbook, report: Report, today: dt.date) -> None:
    """N, P§3, P§5: the status agrees with the dates typed; a postponement is still possible."""
    for session in book.sessions.values():
        def add(code: str, key: str, message: str, s: Session = session) -> None:
            report.add(book.issue(code, "Sessions", s.row, key, message))

        if session.reached(Status.DTE_ORDERED) and session.dte_date is None:
            add("status-without-dte", "dte_date",
                f"Statut « {session.status} » mais pas de « Date commande DTE » : saisissez la "
                "date à laquelle le DTE a été commandé (P§5), ou corrigez le statut.")
        if session.reached(Status.DTE_ORDERED):
            if not session.rs_name:
                add("rs-required", "rs_name",
                    f"Statut « {session.status} » : le nom du responsable de session est "
                    "obligatoire, la commande du DTE le donne (P§5).")
            if session.rs_quality is None:
                add("rs-required", "rs_quality",
                    f"Statut « {session.status} » : la qualité du RS est obligatoire : "
                    "« Titulaire », « Suppléant » ou « Personne ne figurant pas sur "
                    "l'agrément » (P§5).")
            if session.rs_quality is RsQuality.NOT_ON_AGREMENT:
                for key, what in (("rs_phone", "son téléphone"), ("rs_email", "son courriel")):
                    if not getattr(session, key):
                        add("rs-contact-required", key,
                            "Le RS ne figure pas sur l'agrément : la commande du DTE donne ses "
                            f"coordonnées ; saisissez {what} (P§5).")
        if (session.plis_collected and not book.unreadable("Sessions", session.row, "pv_received")
                and (session.pv_received is None
                     or session.plis_collected < session.pv_received)):
            add("plis-before-pv", "plis_collected",
                f"Plis retirés le {format_date(session.plis_collected)} "
                + (f"avant la réception des PV validés ({format_date(session.pv_received)})"
                   if session.pv_received else "sans « Date réception PV validés »")
                + " : les plis contiennent les PV validés, reçus d'abord (P§10).")
        if session.cancelled and session.dte_date:
            add("cancelled-after-dte", "status",
                f"Session annulée alors que son DTE a été commandé le "
                f"{format_date(session.dte_date)} : une session ne peut être supprimée dans CERES "
                "qu'avant la commande du DTE (P§3). Voyez avec l'UD ; aucun document n'est "
                "produit pour une session annulée.")
        wished_start, wished_end = session.postpone_start, session.postpone_end
        if wished_start and not wished_end:
            add("postpone-incomplete", "postpone_end",
                "Demande de report : indiquez aussi la « Report fin souhaitée » (N).")
        elif wished_end and not wished_start:
            add("postpone-incomplete", "postpone_start",
                "Demande de report : indiquez aussi le « Report début souhaité » (N).")
        elif wished_start and wished_end and wished_end < wished_start:
            add("postpone-end-before-start", "postpone_end",
                f"Report : la fin souhaitée ({format_date(wished_end)}) est avant le début "
                f"souhaité ({format_date(wished_start)}).")
        wished = wished_start or wished_end
        obstacle = postponement_obstacle(session, today)
        if book.unreadable("Sessions", session.row, "start") or (
                obstacle is Obstacle.STATUS and book.unreadable("Sessions", session.row, "status")):
            continue  # whether the UD can still postpone it cannot be told
        if wished_start and wished_start < today and obstacle is None:
            add("postpone-start-past", "postpone_start",
                f"Le début souhaité du report ({format_date(wished_start)}) est déjà passé : "
                "choisissez une date à venir. La demande de report n'est pas préparée.")
        if wished and obstacle is None and session.status is Status.PREPARING:
            add("postpone-while-preparing", "postpone_start",
                "La session est « En préparation » : vous pouvez changer vous-même sa date de "
                "début dans CERES ; la demande de report à l'UD n'est nécessaire qu'à partir de "
                "« Demande de DTE envoyée » (N). La demande est tout de même préparée.")
        if wished and obstacle is not None and not session.cancelled:
            reason = (f"elle a commencé le {format_date(session.start)}"
                      if obstacle is Obstacle.STARTED
                      else f"elle est au statut « {session.status} »")
            add("postpone-impossible", "postpone_start",
                f"L'UD ne peut plus reporter cette session : {reason}. Un report n'est possible "
                "qu'avant le début de la session, au statut « En préparation », « Demande de "
                "DTE envoyée » ou « Convocations envoyées » (N). La demande de report n'est "
                "pas préparée.")


REUNION = {"reunion", "la reunion", "ile de la reunion"}


def check_candidates(book: Workbook, report: Report, today: dt.date) -> None:
    """P§4: birth place as CERES wants it, and one record per person."""
    for candidate in book.candidates.values():
        country = normalize(candidate.birth_country)
        if country == "france" and not candidate.birth_postcode:
            report.add(book.issue(
                "birth-postcode-missing", "Candidats", candidate.row, "birth_postcode",
                "Né(e) en France : le code postal de la commune de naissance est obligatoire "
                "(P§4).",
            ))
        if country in REUNION and candidate.birth_postcode:
            report.add(book.issue(
                "birth-postcode-reunion", "Candidats", candidate.row, "birth_postcode",
                "Né(e) à La Réunion : saisissez la commune sans code postal (P§4) ; videz cette "
                "cellule.",
            ))
        typed = candidate.birth_country.strip()
        if typed and (typed.replace(" ", "").isdigit() or (len(typed) <= 3 and typed.isalpha())):
            report.add(book.issue(
                "birth-country-code", "Candidats", candidate.row, "birth_country",
                f"« {typed} » n'est pas un nom de pays : tapez le pays en toutes lettres "
                "(France, La Réunion, Madagascar…) (P§4).",
            ))
        elif country == "france" and (candidate.birth_postcode or "").startswith("974"):
            report.add(book.issue(
                "birth-postcode-france-reunion", "Candidats", candidate.row, "birth_postcode",
                f"Code postal de La Réunion ({candidate.birth_postcode}) avec le pays « France » "
                ": pour une naissance à La Réunion, tapez le pays « La Réunion » et la commune "
                "sans code postal (P§4).",
            ))
        elif country and country not in ("france", *REUNION) and candidate.birth_postcode:
            report.add(book.issue(
                "birth-postcode-abroad", "Candidats", candidate.row, "birth_postcode",
                f"Né(e) hors de France ({candidate.birth_country}) : le code postal ne se "
                "saisit que pour une naissance en France (P§4) ; videz cette cellule, ou "
                "corrigez le pays.",
            ))
        if candidate.birth_date and candidate.birth_date > today:
            report.add(book.issue(
                "birth-date-future", "Candidats", candidate.row, "birth_date",
                f"La date de naissance ({format_date(candidate.birth_date)}) est dans le futur.",
            ))
    for group in duplicate_people(book):
        ids = ", ".join(c.id for c in group)
        born = format_date(group[0].birth_date)
        for candidate in group[1:]:
            swapped = person_key(candidate.last_name) != person_key(group[0].last_name)
            who = (f"{candidate.full_name} et {group[0].full_name} (nom et prénom inversés), "
                   f"né(e)s le {born}, sont sans doute la même personne, qui a" if swapped
                   else f"{candidate.full_name}, né(e) le {born}, a")
            report.add(book.issue(
                "duplicate-person", "Candidats", candidate.row, "id",
                f"{who} plusieurs fiches CERES ({ids}) : transmettez ces N° au MF pour une "
                "demande à la DIECCTE (P§4.3).",
            ))


def check_jury(book: Workbook, report: Report, today: dt.date) -> None:
    """At least two jury members, each with an habilitation covering the session."""
    for session in book.sessions.values():
        if session.cancelled:
            continue
        if (session.inscriptions and len(session.jury) < 2
                and not _intervenants_unread(book, session)):
            report.add(book.issue(
                "jury-too-small", "Sessions", session.row, "id",
                f"La session {session.id} a {plural(len(session.inscriptions), 'candidat')} "
                f"mais {plural(len(session.jury), 'membre')} de jury : il en faut au moins deux "
                "(feuille "
                "Intervenants, rôle « Jury »).",
            ))
        last_day = session.last_day
        if book.unreadable("Sessions", session.row, "end", "real_end"):
            last_day = None
        for person in session.jury:
            if person.habilitation_end is None:
                report.add(book.issue(
                    "habilitation-missing", "Intervenants", person.row,
                    "habilitation_end",
                    f"Fin d'habilitation de {person.full_name} non "
                    "renseignée : impossible de vérifier qu'elle couvre la session.",
                ))
            elif last_day and person.habilitation_end < last_day:
                report.add(book.issue(
                    "habilitation-expired", "Intervenants", person.row,
                    "habilitation_end",
                    f"L'habilitation de {person.full_name} finit le "
                    f"{format_date(person.habilitation_end)}, avant la fin de la session "
                    f"{session.id} ({format_date(last_day)}) : choisissez un autre membre de jury "
                    "ou faites renouveler l'habilitation.",
                ))


def check_timetables(book: Workbook, report: Report, today: dt.date) -> None:
    """P§6: a title session's convocation, still to send, gives the title's timetable; an empty
    « Déroulement des épreuves » would leave the letter without one."""
    waiting: dict[str, list[str]] = {}
    for session in book.sessions.values():
        if (session.cancelled or session.reached(Status.CONVENED)
                or session.type is not SessionType.TITLE
                or book.unreadable("Sessions", session.row, "status")):
            continue
        title = book.titles.get(session.title)
        if title is not None and not title.timetable:
            waiting.setdefault(title.code, []).append(session.id)
    for code, sessions in waiting.items():
        plural = len(sessions) > 1
        report.add(book.issue(
            "timetable-missing", "Titres", book.titles[code].row, "timetable",
            f"Le titre {code} n'a pas de « Déroulement des épreuves » : les convocations "
            f"{'des sessions' if plural else 'de la session'} {', '.join(sessions)} "
            "n'indiqueraient aucun "
            "horaire. Tapez-le dans cette cellule, par exemple « 8h30 : accueil ; 9h : mise "
            "en situation professionnelle ; 14h : entretien final » (P§6).",
        ))


def _intervenants_unread(book: Workbook, session: Session) -> bool:
    """An intervenant who may be the session's has an unreadable session or role: its jury
    cannot be counted."""
    return any(
        book.unreadable("Intervenants", person.row, "role", "session")
        for person in book.intervenants
        if person.session == session.id or book.unreadable("Intervenants", person.row, "session"))


RULES = (
    check_references,
    check_names,
    check_sessions,
    check_agrements,
    check_results,
    check_statuses,
    check_candidates,
    check_jury,
    check_timetables,
)
