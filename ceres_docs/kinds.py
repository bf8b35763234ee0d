"""Every kind of document, described once: its template, file name, French labels, recipient,
weight for LibreOffice, template variables, how its context is built, when it is refused.

Every other module (the plan, the converter, the outgoing bundle, the command line, the
template builder and checker, the docs) reads this registry; none lists kinds of its own.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum

from .contexts import (
    Entry,
    SessionView,
    by_name,
    candidate_row,
    choice_text,
    person_row,
    pv_row,
    result_rows,
    totals,
)
from .dates import add_months, dates_phrase, format_date, long_date
from .model import Session
from .naming import person_word
from .procedure import (
    Cover,
    Obstacle,
    Stage,
    agrement_cover,
    documents_to_collect,
    expects_documents,
    postponement_obstacle,
    ra_due,
    results_entered,
    waiting,
)
from .schema import Presence, Result, Role


class Recipient(Enum):
    """Who a document is for; its value is its folder in the outgoing bundle (envoi/)."""

    CANDIDATE = "candidats"
    JURY = "jurys"
    DIECCTE = "DIECCTE"
    UD = "UD"
    DISPLAY = "affichage"
    CENTRE = ""  # kept at the centre: not in the bundle


# What every template of a session's document may use, and what headers and footers may use
# (a batch of documents of several sessions shares one header: see render.py).
COMMON_VARIABLES = frozenset({"organisme", "administration", "centre", "session", "titre", "jury",
                              "date_edition", "lieu_edition"})
LETTER_VARIABLES = frozenset({"organisme", "administration", "centre", "date_edition",
                              "lieu_edition"})
HEADER_VARIABLES = frozenset({"organisme", "centre", "date_edition"})


@dataclass(frozen=True)
class Window:
    """The stages from start (included) to end (excluded)."""

    start: Stage
    end: Stage

    def __contains__(self, stage: object) -> bool:
        return isinstance(stage, Stage) and self.start <= stage < self.end


BEFORE_THE_EXAM = Window(Stage.PREPARING, Stage.EXAMINED)
CONVOCATIONS_DUE = Window(Stage.DTE_ORDERED, Stage.CONVENED)  # P§5: the DTE is ordered first
PVS_TO_POST = Window(Stage.RESULTS_ENTERED, Stage.PV_SENT)
PLIS_COLLECTED = Window(Stage.PLIS_COLLECTED, Stage.PARCHEMINS_RECEIVED)
PARCHEMINS_HELD = Window(Stage.PARCHEMINS_RECEIVED, Stage.RA_SENT)
DOCUMENTS_TO_RETURN = Window(Stage.PARCHEMINS_RECEIVED, Stage.DOCUMENTS_RETURNED)


@dataclass(frozen=True)
class Kind:
    """One kind of document."""

    name: str  # as typed after --only, and the template's file name without .docx
    # File names: <PREFIX>_<session stem>[_<NOM_Prenom>]; an e-mail draft is named
    # <PREFIX>-<its attachment's name>, the print file <PREFIX>_<session stem>.
    prefix: str
    label: str  # French, singular: « 1 PV général »
    plural: str  # French, plural: « 3 PV généraux »
    recipient: Recipient | None  # None: the recipient of the document it is made from
    channel: str = ""  # sub-folder of the recipient's in envoi/
    entries: Callable[[SessionView], list[Entry]] | None = None  # None: no template
    refusal: Callable[[Session, dt.date], str | None] | None = None
    variables: tuple[str, ...] = ()  # the template's own, beside the common ones
    essential: tuple[str, ...] = ()  # variables the template must show
    sources: tuple[str, ...] = ()  # made from documents of these kinds (no template)
    suffix: str = ".pdf"
    weight: int = 1  # LibreOffice's rough cost of one document, to share the work out
    to_dieccte: bool = False  # its signed original may be posted to the DIECCTE (P§8)
    mail_object: str = ""  # « Veuillez trouver ci-jointe votre convocation {mail_object} »
    addressee: str = ""  # who a convocation is for, in French: « HOARAU Jean (candidat, …) »
    session: bool = True  # a session's document (the doublons letter is no session's)
    # When a run produces it: while the session's stage is in this window (before, the stage
    # has not come; after, the documents produced stay as they were). Its entries may narrow
    # it further (the return slip waits for the RA form's deadline).
    produced: Window | None = None
    # When it goes into envoi/: while the stage is in this window (None: never, it is kept
    # at the centre).
    sent: Window | None = None
    # Signed at the jury's deliberation: dated at the session's real end, not the run's day.
    dated_at_deliberation: bool = False

    @property
    def template(self) -> str | None:
        """The template's file name, for kinds filled from one."""
        return None if self.sources else f"{self.name}.docx"

    @property
    def may_use(self) -> frozenset[str]:
        """Every variable the template is given."""
        return (COMMON_VARIABLES if self.session else LETTER_VARIABLES) | set(self.variables)

    def label_for(self, count: int) -> str:
        return self.label if count == 1 else self.plural


# Each kind's entries for one session (none when the session does not get the kind), and
# why the procedure refuses a kind to a session.


def candidate_convocations(view: SessionView) -> list[Entry]:
    return [Entry({"candidat": candidate_row(candidate)},
                  person_word(candidate.last_name, candidate.first_name), candidate.id,
                  candidate=candidate.id,
                  extra={"email": candidate.email or "", "name": candidate.addressed_name,
                         "full_name": candidate.full_name})
            for _inscription, candidate in view.enrolled]


def _intervenant_convocations(view: SessionView, role: Role) -> list[Entry]:
    """P§: a trainer who trained a candidate neither invigilates the session nor evaluates
    that candidate: the convocation lists the candidates, so that a member can say so."""
    people = by_name(p for p in view.session.intervenants if p.role is role)
    candidates = [{"nom": c.last_name.upper(), "prenom": c.first_name,
                   "nom_complet": c.full_name} for _inscription, c in view.enrolled]
    return [Entry({"intervenant": {**person_row(person), "adresse": person.address},
                   "candidats": candidates},
                  person_word(person.last_name, person.first_name), str(number),
                  person=person.full_name,
                  extra={"email": person.email or "", "name": person.addressed_name,
                         "full_name": person.full_name})
            for number, person in enumerate(people, start=1)]


def jury_convocations(view: SessionView) -> list[Entry]:
    return _intervenant_convocations(view, Role.JURY)


def invigilator_convocations(view: SessionView) -> list[Entry]:
    return _intervenant_convocations(view, Role.INVIGILATOR)


def pv_individuels(view: SessionView) -> list[Entry]:
    """P§7, P§8: one per candidate; the signed original of a candidate not admitted in full
    goes to the DIECCTE, never that of an admitted one."""
    if not results_entered(view.session):
        return []
    return [Entry({"candidat": candidate_row(candidate),
                   "resultat": result_rows(view.book, view.session, inscription)},
                  person_word(candidate.last_name, candidate.first_name), candidate.id,
                  candidate=candidate.id, to_dieccte=not inscription.admitted_in_full)
            for inscription, candidate in view.enrolled]


def pv_general(view: SessionView) -> list[Entry]:
    if not results_entered(view.session):
        return []
    return [Entry({"candidats": [pv_row(i, c) for i, c in view.enrolled],
                   "totaux": totals(view.session)}, to_dieccte=True)]


def dieccte_slip(view: SessionView) -> list[Entry]:
    """P§8: the PVs posted to the DIECCTE: the PV général and those of the candidates not
    admitted in full."""
    if not results_entered(view.session):
        return []
    not_admitted = [(i, c) for i, c in view.enrolled if not i.admitted_in_full]
    return [Entry({
        "pv_joints": [{**pv_row(i, c), "motif": choice_text(i.presence if i.absent else i.result)}
                      for i, c in not_admitted],
        "nombre_pv_individuels": len(not_admitted),
        "nombre_admis": len(view.enrolled) - len(not_admitted),
        "totaux": totals(view.session),
    })]


def ra_form(view: SessionView) -> list[Entry]:
    """P§11: the parchemins' hand-over form, once they are received: every candidate who
    expects documents (absent ones expect nothing)."""
    session = view.session
    if session.parchemins_received is None:
        return []
    return [Entry({
        "candidats": [{**pv_row(i, c), "documents": documents_to_collect(session, i),
                       "date_retrait": format_date(i.collected)} for i, c in view.enrolled
                      if expects_documents(i)],
        "dieccte": {"courriel": view.book.parameters.get("dieccte_email", "")},
        "date_reception_parchemins": format_date(session.parchemins_received),
        "date_limite": format_date(add_months(session.parchemins_received, 2)),
    })]


def return_slip(view: SessionView) -> list[Entry]:
    """P§11: what candidates did not collect goes back to the DIECCTE, once the RA form's
    deadline is reached (the last collection, two months after the reception at the latest)."""
    session = view.session
    left = {id(i) for i in waiting(session, view.today)}
    uncollected = [(i, c) for i, c in view.enrolled if id(i) in left]
    if session.parchemins_received is None or not uncollected or view.today < ra_due(session):
        return []
    return [Entry({
        "non_retires": [{**pv_row(i, c), "documents": documents_to_collect(session, i)}
                        for i, c in uncollected],
        "nombre_non_retires": len(uncollected),
        "date_reception_parchemins": format_date(session.parchemins_received),
    })]


def results_display(view: SessionView) -> list[Entry]:
    """P§10: who passed, in full or in part, with the CCPs obtained. Refused and absent
    candidates are left out, as are N° CERES and birth dates."""
    session = view.session
    title = view.book.titles[session.title]
    laureates, results = [], []
    for inscription, candidate in view.enrolled:
        if inscription.presence is not Presence.PRESENT:
            continue
        if inscription.result is Result.ADMITTED:
            codes = [session.single_ccp] if session.single_ccp else [c.code for c in title.ccps]
        elif inscription.result is Result.PARTIAL:
            codes = list(inscription.ccps or [])
        else:
            continue
        laureates.append({
            "nom": candidate.last_name.upper(), "prenom": candidate.first_name,
            "nom_complet": candidate.full_name, "decision": choice_text(inscription.result),
            "titre_complet": inscription.result is Result.ADMITTED and not session.single_ccp,
            "ccps_obtenus": ", ".join(codes)})
        results.append(inscription.result)
    return [Entry({
        "laureats": laureates,
        "nombre_admis": results.count(Result.ADMITTED),
        "nombre_partiellement_admis": results.count(Result.PARTIAL),
        "date_reception_pv": format_date(session.pv_received),
    })]


def display_refusal(session: Session, today: dt.date) -> str | None:
    """P§10: results are displayed only once the validated PVs' envelopes are collected."""
    if session.plis_collected is None:
        return (f"Session {session.id} : l'affichage des résultats n'est permis qu'une fois "
                "les plis des PV validés retirés (P§10) : renseignez « Date retrait des plis » "
                "(feuille Sessions).")
    if session.plis_collected > today:
        return (f"Session {session.id} : l'affichage des résultats n'est permis qu'une fois "
                "les plis des PV validés retirés (P§10), le "
                f"{format_date(session.plis_collected)}.")
    return None


def postponement_request(view: SessionView) -> list[Entry]:
    """N: the wished dates, and the agrément: the one covering them, or else the last that
    ended (the extension has lapsed: the UD also needs SIRET, title and agrément)."""
    session = view.session
    start, end = session.postpone_start, session.postpone_end
    assert start is not None and end is not None
    cover, period = agrement_cover(view.book, session.centre, session.title, start, end)
    known = period if cover in (Cover.COVERED, Cover.EXPIRED) else None
    return [Entry({
        "report": {"date_debut": format_date(start), "date_debut_longue": long_date(start),
                   "date_fin": format_date(end), "date_fin_longue": long_date(end),
                   "dates": dates_phrase(start, end)},
        "agrement": {"numero": known.number if known else "",
                     "date_fin": format_date(known.end) if known else "",
                     "echu": cover is not Cover.COVERED},
    })]


def postponement_refusal(session: Session, today: dt.date) -> str | None:
    """Why no postponement request is prepared for the session (N), in French; None when
    one is."""
    start, end = session.postpone_start, session.postpone_end
    if start is None and end is None:
        return (f"Session {session.id} : aucun report n'est demandé : renseignez « Report "
                "début souhaité » et « Report fin souhaitée » (feuille Sessions).")
    if start is None or end is None:
        missing = "Report début souhaité" if start is None else "Report fin souhaitée"
        return (f"Session {session.id} : la demande de report indique les deux dates "
                f"souhaitées : renseignez aussi « {missing} » (feuille Sessions).")
    if end < start:
        return (f"Session {session.id} : la fin souhaitée ({format_date(end)}) est avant le "
                f"début souhaité ({format_date(start)}) (feuille Sessions).")
    obstacle = postponement_obstacle(session, today)
    if obstacle is Obstacle.STARTED:
        return (f"Session {session.id} : la session a commencé le "
                f"{format_date(session.start)} : l'UD ne peut plus la reporter (N).")
    if obstacle is Obstacle.STATUS:
        return (f"Session {session.id} : l'UD ne reporte qu'une session « En préparation », "
                "« Demande de DTE envoyée » ou « Convocations envoyées » (N) ; celle-ci est "
                f"« {session.status} ».")
    if start < today:
        return (f"Session {session.id} : le début souhaité ({format_date(start)}) est déjà "
                "passé (feuille Sessions).")
    return None


def _names(*names: str) -> tuple[str, ...]:
    return names


REGISTRY = (
    Kind("convocation-candidat", "CONV", "convocation d'un candidat",
         "convocations des candidats", Recipient.CANDIDATE, "courrier-postal",
         candidate_convocations, variables=_names("candidat"),
         essential=_names("candidat", "session"), mail_object="aux épreuves",
         addressee="candidat",
         produced=BEFORE_THE_EXAM, sent=CONVOCATIONS_DUE),
    Kind("convocation-jury", "CONVJURY", "convocation d'un jury", "convocations des jurys",
         Recipient.JURY, "courrier-postal", jury_convocations,
         variables=_names("intervenant", "candidats"),
         essential=_names("intervenant", "session", "candidats"),
         mail_object="en tant que membre du jury", addressee="jury", produced=BEFORE_THE_EXAM,
         sent=CONVOCATIONS_DUE),
    Kind("convocation-surveillant", "CONVSURV", "convocation d'un surveillant",
         "convocations des surveillants", Recipient.JURY, "courrier-postal",
         invigilator_convocations, variables=_names("intervenant", "candidats"),
         essential=_names("intervenant", "session", "candidats"),
         mail_object="en tant que surveillant(e)", addressee="surveillant",
         produced=BEFORE_THE_EXAM,
         sent=CONVOCATIONS_DUE),
    Kind("pv-general", "PVG", "PV général", "PV généraux", Recipient.DIECCTE, "PV-a-poster",
         pv_general, variables=_names("candidats", "totaux"),
         essential=_names("candidats", "totaux", "jury"), weight=4, to_dieccte=True,
         produced=PVS_TO_POST, sent=PVS_TO_POST, dated_at_deliberation=True),
    Kind("pv-individuel", "PVI", "PV individuel", "PV individuels", Recipient.DIECCTE,
         "PV-a-poster", pv_individuels, variables=_names("candidat", "resultat"),
         essential=_names("candidat", "resultat", "jury"), weight=3, to_dieccte=True,
         produced=PVS_TO_POST, sent=PVS_TO_POST, dated_at_deliberation=True),
    Kind("formulaire-ra", "RA", "formulaire RA", "formulaires RA", Recipient.CENTRE,
         entries=ra_form,
         variables=_names("candidats", "dieccte", "nom_fichier", "date_reception_parchemins",
                          "date_limite"),
         essential=_names("candidats", "dieccte", "nom_fichier"), weight=4,
         produced=PARCHEMINS_HELD),
    Kind("bordereau-dieccte", "BORDEREAU-DIECCTE", "bordereau d'envoi à la DIECCTE",
         "bordereaux d'envoi à la DIECCTE", Recipient.DIECCTE, entries=dieccte_slip,
         variables=_names("pv_joints", "nombre_pv_individuels", "nombre_admis", "totaux"),
         essential=_names("pv_joints", "session"), weight=2, produced=PVS_TO_POST,
         sent=PVS_TO_POST),
    Kind("bordereau-retour", "BORDEREAU-RETOUR",
         "bordereau de retour des documents non retirés",
         "bordereaux de retour des documents non retirés", Recipient.DIECCTE,
         entries=return_slip,
         variables=_names("non_retires", "nombre_non_retires", "date_reception_parchemins"),
         essential=_names("non_retires", "session"), weight=2, produced=DOCUMENTS_TO_RETURN,
         sent=DOCUMENTS_TO_RETURN),
    Kind("affichage", "AFFICHAGE", "liste des résultats à afficher",
         "listes des résultats à afficher", Recipient.DISPLAY,
         entries=results_display, refusal=display_refusal,
         variables=_names("laureats", "nombre_admis", "nombre_partiellement_admis",
                          "date_reception_pv"),
         essential=_names("laureats", "session"), produced=PLIS_COLLECTED,
         sent=PLIS_COLLECTED),
    Kind("demande-report", "REPORT", "demande de report à l'UD", "demandes de report à l'UD",
         Recipient.UD, entries=postponement_request,
         refusal=postponement_refusal, variables=_names("report", "agrement"),
         essential=_names("report", "session"), produced=BEFORE_THE_EXAM,
         sent=BEFORE_THE_EXAM),
    Kind("impression-pv", "IMPRESSION-PV", "fichier d'impression des PV (recto verso)",
         "fichiers d'impression des PV (recto verso)", Recipient.CENTRE,
         sources=("pv-general", "pv-individuel"), produced=PVS_TO_POST),
    Kind("courriel-convocation", "COURRIEL", "courriel de convocation (brouillon .eml)",
         "courriels de convocation (brouillons .eml)", None, "courriels",
         sources=("convocation-candidat", "convocation-jury", "convocation-surveillant"),
         suffix=".eml", produced=BEFORE_THE_EXAM, sent=CONVOCATIONS_DUE),
    Kind("doublons", "DOUBLONS", "lettre des fiches candidats en double",
         "lettres des fiches candidats en double", Recipient.DIECCTE,
         variables=_names("dieccte", "groupes", "nombre_groupes", "nombre_fiches"),
         essential=_names("groupes"), session=False),
)
KIND = {kind.name: kind for kind in REGISTRY}

# A session's kinds filled from a template, then those made from them: what --only takes.
SESSION_KINDS = tuple(kind for kind in REGISTRY if kind.session)
TEMPLATE_KINDS = tuple(kind.name for kind in SESSION_KINDS if kind.entries is not None)
DERIVED_KINDS = tuple(kind.name for kind in SESSION_KINDS if kind.sources)
KINDS = TEMPLATE_KINDS + DERIVED_KINDS
# Every template shipped, the session's and the doublons letter.
TEMPLATE_FILES = tuple(kind.name for kind in REGISTRY if kind.template)
BUNDLE_KIND = "envoi"  # the manifest's entries for envoi/ and envoi.zip
PV_KINDS = KIND["impression-pv"].sources


def unknown_kinds(names: list[str]) -> str:
    """« Type de document inconnu : pv. », « Types de document inconnus : a, b. »"""
    many = len(names) > 1
    return (f"Type{'s' if many else ''} de document inconnu{'s' if many else ''} : "
            f"{', '.join(names)}.")


def unknown_sessions(numbers: list[str]) -> str:
    """« Session inconnue dans la feuille Sessions : 999. », plural for several."""
    many = len(numbers) > 1
    return (f"Session{'s inconnues' if many else ' inconnue'} dans la feuille Sessions : "
            f"{', '.join(numbers)}.")


def kinds_to_render(asked: set[str] | tuple[str, ...]) -> tuple[set[str], set[str]]:
    """The kinds to fill from templates and those to make from them, for the kinds asked
    for (all when none)."""
    wanted = set(asked) or set(KINDS)
    derived = wanted & set(DERIVED_KINDS)
    rendered = (wanted & set(TEMPLATE_KINDS)).union(*(KIND[k].sources for k in derived))
    return rendered, derived


def order(kind: str) -> int:
    """A kind's place in lists and in the manifest; unknown kinds last."""
    names = [k.name for k in REGISTRY] + [BUNDLE_KIND]
    return names.index(kind) if kind in names else len(names)
