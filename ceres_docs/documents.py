"""Which documents each session gets, their names, and what their templates are given."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from .model import (
    Agrement,
    Candidate,
    Ccp,
    Centre,
    Inscription,
    Intervenant,
    Session,
    Title,
    Workbook,
)
from .naming import code_word, person_word, safe_name, session_stem, unique
from .rules import POSTPONABLE, agrement_cover, duplicate_people
from .values import format_date, normalize

TEMPLATE_KINDS = (
    "convocation-candidat",
    "convocation-jury",
    "convocation-surveillant",
    "pv-individuel",
    "pv-general",
    "formulaire-ra",
    "bordereau-dieccte",
    "bordereau-retour",
    "affichage",
    "demande-report",
)
# Templates of documents that are not a session's: the letter of « ceres-docs doublons ».
TEMPLATE_FILES = TEMPLATE_KINDS + ("doublons",)
DERIVED_SOURCES = {
    "impression-pv": ("pv-general", "pv-individuel"),
    "courriel-ra": ("formulaire-ra",),
    "courriel-convocation": ("convocation-candidat", "convocation-jury",
                             "convocation-surveillant"),
}
KINDS = TEMPLATE_KINDS + tuple(DERIVED_SOURCES)
ALL_KINDS = KINDS + ("envoi",)
PREFIXES = {
    "convocation-candidat": "CONV",
    "convocation-jury": "CONVJURY",
    "convocation-surveillant": "CONVSURV",
    "pv-individuel": "PVI",
    "pv-general": "PVG",
    "formulaire-ra": "RA",
    "bordereau-dieccte": "BORDEREAU-DIECCTE",
    "bordereau-retour": "BORDEREAU-RETOUR",
    "affichage": "AFFICHAGE",
    "demande-report": "REPORT",
}
LABELS = {
    "convocation-candidat": "convocations des candidats",
    "convocation-jury": "convocations des jurys",
    "convocation-surveillant": "convocations des surveillants",
    "pv-individuel": "PV individuels",
    "pv-general": "PV généraux",
    "formulaire-ra": "formulaires RA",
    "bordereau-dieccte": "bordereaux d'envoi à la DIECCTE",
    "bordereau-retour": "bordereaux de retour des documents non retirés",
    "affichage": "listes des résultats à afficher",
    "demande-report": "demandes de report à l'UD",
    "impression-pv": "fichiers d'impression des PV (recto verso)",
    "courriel-ra": "courriels RA (brouillons .eml)",
    "courriel-convocation": "courriels de convocation (brouillons .eml)",
}
DAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
          "septembre", "octobre", "novembre", "décembre")


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
    extra: dict[str, Any] = field(default_factory=dict)


def long_date(day: dt.date | None) -> str:
    if day is None:
        return ""
    number = "1er" if day.day == 1 else str(day.day)
    return f"{DAYS[day.weekday()]} {number} {MONTHS[day.month - 1]} {day.year}"


def hour(time: dt.time | None) -> str:
    return f"{time.hour:02d}h{time.minute:02d}" if time else ""


def add_months(day: dt.date, months: int) -> dt.date:
    """Same day n months later, or the month's last day when it has no such day."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def session_code(session: Session) -> str:
    """The CCP code for a CCP session, otherwise the title code."""
    return session.ccp if session.type == "CCP" and session.ccp else session.title


def session_folder(book: Workbook, session: Session) -> str:
    title = book.titles[session.title]
    start = session.start.strftime("%d%m%Y") if session.start else "sans-date"
    return safe_name(f"{session.id}_{code_word(title.short)}_{start}", "")


def _common(book: Workbook, session: Session, today: dt.date) -> dict[str, Any]:
    centre = book.centres[session.centre]
    title = book.titles[session.title]
    ccp = book.ccps.get(session.ccp or "")
    return {
        **_letter(book, centre, today),
        "session": {
            "numero": session.id,
            "type": session.type or "",
            "code": session_code(session),
            "intitule": ccp.label if session.type == "CCP" and ccp else title.label,
            "titre_code": title.code,
            "titre_intitule": title.label,
            "titre_abrege": title.short,
            "ccp_code": ccp.code if ccp else "",
            "ccp_intitule": ccp.label if ccp else "",
            "date_debut": format_date(session.start),
            "date_debut_longue": long_date(session.start),
            "date_fin": format_date(session.end),
            "date_fin_longue": long_date(session.end),
            "dates": dates_phrase(session.start, session.end),
            "heure_debut": hour(session.start_time),
            "heure_fin": hour(session.end_time),
            "date_reelle_fin": format_date(session.real_end),
            "lieu": session.place,
            "rs_nom": session.rs_name,
            "rs_qualite": session.rs_quality or "",
            "statut": session.status or "",
            "epreuves": title.tests,
            "deroulement": title.timetable,
        },
        "titre": {"code": title.code, "intitule": title.label, "abrege": title.short,
                  "ccps": [{"code": c.code, "intitule": c.label} for c in title.ccps]},
        "jury": [_person(p) for p in _by_name(session.jury)],
    }


def _letter(book: Workbook, centre: Centre | None, today: dt.date) -> dict[str, Any]:
    """What every letter has: the sender (organisation and centre), the place and date."""
    siret = book.parameters.get("siret", "")
    if centre is None:
        return {"organisme": {"nom": book.parameters.get("organisation", ""), "siret": siret},
                "centre": {key: "" for key in ("code", "nom", "nom_court", "adresse",
                                               "telephone", "courriel")},
                "date_edition": format_date(today), "lieu_edition": ""}
    return {
        "organisme": {"nom": book.parameters.get("organisation", ""),
                      "siret": centre.siret or siret},
        "centre": {"code": centre.code, "nom": centre.name, "nom_court": centre.short_name,
                   "adresse": centre.address, "telephone": centre.phone,
                   "courriel": centre.email or ""},
        "date_edition": format_date(today),
        "lieu_edition": _town(centre.address),
    }


def dates_phrase(start: dt.date | None, end: dt.date | None) -> str:
    """« du lundi 2 mars 2026 au mercredi 4 mars 2026 », or « le … » for one day."""
    if start and end and end != start:
        return f"du {long_date(start)} au {long_date(end)}"
    return f"le {long_date(start)}"


def _town(address: str) -> str:
    """The town after a five-digit postcode in an address, if any."""
    match = re.search(r"\b\d{5}\s+([^,\n]+)", address)
    return match.group(1).strip() if match else ""


def _person(person: Intervenant) -> dict[str, str]:
    return {
        "role": person.role or "",
        "nom": person.last_name.upper(),
        "prenom": person.first_name,
        "nom_complet": person.full_name,
        "courriel": person.email or "",
        "telephone": person.phone,
        "fin_habilitation": format_date(person.habilitation_end),
    }


def _candidate(candidate: Candidate) -> dict[str, str]:
    place = candidate.birth_city
    if candidate.birth_postcode:
        place += f" ({candidate.birth_postcode})"
    elif candidate.birth_country and candidate.birth_country.casefold() != "france":
        place += f" ({candidate.birth_country})"
    return {
        "numero_ceres": candidate.id,
        "nom": candidate.last_name.upper(),
        "prenom": candidate.first_name,
        "nom_complet": candidate.full_name,
        "date_naissance": format_date(candidate.birth_date),
        "commune_naissance": candidate.birth_city,
        "pays_naissance": candidate.birth_country,
        "lieu_naissance": place,
        "adresse": candidate.address,
        "courriel": candidate.email or "",
        "telephone": candidate.phone,
    }


def _decision(inscription: Inscription) -> str:
    return "" if inscription.absent else (inscription.result or "")


def _result(book: Workbook, session: Session, inscription: Inscription) -> dict[str, Any]:
    title = book.titles[session.title]
    obtained = set(inscription.ccps or [])
    ccps = title.ccps
    if session.type == "CCP" and session.ccp:
        ccps = [c for c in title.ccps if c.code == session.ccp]
    rows = []
    for ccp in ccps:
        got = inscription.result == "Admis" or ccp.code in obtained
        if inscription.absent:
            mention = "—"
        else:
            mention = "Obtenu" if got and inscription.presence == "Présent" else "Non obtenu"
        rows.append({"code": ccp.code, "intitule": ccp.label,
                     "obtenu": mention == "Obtenu", "mention": mention})
    return {"presence": inscription.presence or "", "decision": _decision(inscription),
            "est_absent": inscription.absent, "commentaire": inscription.comment,
            "ccps": rows}


def name_order(person: Any) -> tuple[str, str]:
    """Alphabetical order of people, accents and case aside (BÈGUE before CADET)."""
    return normalize(person.last_name), normalize(person.first_name)


def _by_name(records: Iterable[Any]) -> list[Any]:
    return sorted(records, key=name_order)


def _enrolled(book: Workbook, session: Session) -> list[tuple[Inscription, Candidate]]:
    pairs = [(i, book.candidates[i.candidate]) for i in session.inscriptions
             if i.candidate in book.candidates]
    return sorted(pairs, key=lambda p: name_order(p[1]))


def results_entered(session: Session) -> bool:
    """Every candidate has a result or an absence: the PVs can be printed."""
    return bool(session.inscriptions) and all(i.has_outcome for i in session.inscriptions)


def documents_to_collect(inscription: Inscription) -> str:
    if inscription.admitted_in_full:
        return "Parchemin, Notification de résultat"
    if inscription.result == "Partiellement admis" and inscription.presence == "Présent":
        return "Livret de certification, Notification de résultat"
    return "Notification de résultat"


def plan(book: Workbook, sessions: Iterable[str] | None = None,
         kinds: Iterable[str] | None = None, today: dt.date | None = None) -> list[Document]:
    """Every document due for the chosen sessions and kinds, in a stable order."""
    today = today or dt.date.today()
    wanted_kinds = set(kinds or TEMPLATE_KINDS)
    wanted = list(sessions) if sessions else sorted(book.sessions)
    documents: list[Document] = []
    for session_id in wanted:
        session = book.sessions[session_id]
        if session.cancelled:
            continue
        documents += [d for d in _session_documents(book, session, today)
                      if d.kind in wanted_kinds]
    return documents


def _session_documents(book: Workbook, session: Session, today: dt.date) -> list[Document]:
    common = _common(book, session, today)
    title = book.titles[session.title]
    centre = book.centres[session.centre]
    start = session.start or today
    stem = session_stem(session_code(session), title.short, centre.short_name, start)
    folder = session_folder(book, session)
    taken: set[str] = set()
    out: list[Document] = []

    def add(kind: str, context: dict[str, Any], who: str = "", discriminator: str = "",
            **fields: Any) -> None:
        """A document named <PREFIX>_<session stem>[_<NOM_Prenom>]."""
        name = "_".join(filter(None, (PREFIXES[kind], stem, who)))
        file_name = unique(safe_name(name, ".pdf"), taken, discriminator or kind)
        out.append(Document(kind, session.id, folder, file_name[:-4], {**common, **context},
                            batch=f"{kind}:{centre.code}", **fields))

    enrolled = _enrolled(book, session)
    for _inscription, candidate in enrolled:
        add("convocation-candidat", {"candidat": _candidate(candidate)},
            person_word(candidate.last_name, candidate.first_name), candidate.id,
            candidate=candidate.id,
            extra={"email": candidate.email or "", "name": candidate.addressed_name})
    for role, kind in (("Jury", "convocation-jury"), ("Surveillant", "convocation-surveillant")):
        for number, person in enumerate(_by_name(p for p in session.intervenants
                                                 if p.role == role), start=1):
            add(kind, {"intervenant": _person(person)},
                person_word(person.last_name, person.first_name), str(number),
                person=person.full_name,
                extra={"email": person.email or "", "name": person.addressed_name})
    if refusal(session, "demande-report", today) is None:
        add("demande-report", _postponement(book, session))
    if results_entered(session):
        totals = _totals(session)
        not_admitted = [(i, c) for i, c in enrolled if not i.admitted_in_full]
        add("bordereau-dieccte", {
            "pv_joints": [{**_pv_row(i, c), "motif": i.presence if i.absent else i.result}
                          for i, c in not_admitted],
            "nombre_pv_individuels": len(not_admitted),
            "nombre_admis": len(enrolled) - len(not_admitted),
            "totaux": totals,
        })
        add("pv-general", {
            "candidats": [_pv_row(i, c) for i, c in enrolled],
            "totaux": totals,
        }, to_dieccte=True)
        for inscription, candidate in enrolled:
            add("pv-individuel",
                {"candidat": _candidate(candidate),
                 "resultat": _result(book, session, inscription)},
                person_word(candidate.last_name, candidate.first_name), candidate.id,
                candidate=candidate.id,
                to_dieccte=not inscription.admitted_in_full)
    if refusal(session, "affichage", today) is None:
        laureates = _laureates(book, session, enrolled)
        add("affichage", {
            "laureats": laureates,
            "nombre_admis": sum(row["decision"] == "Admis" for row in laureates),
            "nombre_partiellement_admis": sum(row["decision"] == "Partiellement admis"
                                              for row in laureates),
            "date_reception_pv": format_date(session.pv_received),
        })
    if session.parchemins_received:
        add("formulaire-ra", {
            "candidats": [{**_pv_row(i, c), "documents": documents_to_collect(i),
                           "date_retrait": format_date(i.collected)} for i, c in enrolled],
            "dieccte": {"courriel": book.parameters.get("dieccte_email", "")},
            "nom_fichier": f"{PREFIXES['formulaire-ra']}_{stem}.pdf",
            "date_reception_parchemins": format_date(session.parchemins_received),
            "date_limite": format_date(add_months(session.parchemins_received, 2)),
        })
        waiting = [(i, c) for i, c in enrolled if i.collected is None]
        if waiting:
            add("bordereau-retour", {
                "non_retires": [{**_pv_row(i, c), "documents": documents_to_collect(i)}
                                for i, c in waiting],
                "nombre_non_retires": len(waiting),
                "date_reception_parchemins": format_date(session.parchemins_received),
            })
    return out


def refusal(session: Session, kind: str, today: dt.date) -> str | None:
    """Why the procedure does not allow this document for the session, in French; None when
    it does (always, for kinds without such a condition)."""
    if kind == "affichage" and session.pv_received is None:
        return (f"Session {session.id} : l'affichage des résultats n'est permis qu'après "
                "réception des PV validés (P§10) : renseignez « Date réception PV validés » "
                "(feuille Sessions).")
    if kind != "demande-report":
        return None
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
    if session.status not in POSTPONABLE:
        return (f"Session {session.id} : l'UD ne reporte qu'une session « En préparation », "
                "« Demande de DTE envoyée » ou « Convocations envoyées » (N) ; celle-ci est "
                f"« {session.status} ».")
    if session.start and session.start <= today:
        return (f"Session {session.id} : la session a commencé le "
                f"{format_date(session.start)} : l'UD ne peut plus la reporter (N).")
    if start < today:
        return (f"Session {session.id} : le début souhaité ({format_date(start)}) est déjà "
                "passé (feuille Sessions).")
    return None


def _postponement(book: Workbook, session: Session) -> dict[str, Any]:
    """The wished dates, and the agrément: the one covering them, or else the last that
    ended (the extension has lapsed: the UD also needs SIRET, title and agrément, N)."""
    start, end = session.postpone_start, session.postpone_end
    assert start is not None and end is not None
    cover, period = agrement_cover(book, session.centre, session.title, start, end)
    known = period if cover in ("covered", "expired") else None
    return {
        "report": {"date_debut": format_date(start), "date_debut_longue": long_date(start),
                   "date_fin": format_date(end), "date_fin_longue": long_date(end),
                   "dates": dates_phrase(start, end)},
        "agrement": {"numero": known.number if known else "",
                     "date_fin": format_date(known.end) if known else "",
                     "echu": cover != "covered"},
    }


def _laureates(book: Workbook, session: Session,
               enrolled: list[tuple[Inscription, Candidate]]) -> list[dict[str, Any]]:
    """Who passed, in full or in part, with the CCPs obtained: what may be displayed (P§10).
    Refused and absent candidates are left out, as are N° CERES and birth dates."""
    title = book.titles[session.title]
    single = session.type == "CCP" and bool(session.ccp)
    rows = []
    for inscription, candidate in enrolled:
        if inscription.presence != "Présent":
            continue
        if inscription.result == "Admis":
            codes = [session.ccp or ""] if single else [c.code for c in title.ccps]
        elif inscription.result == "Partiellement admis":
            codes = list(inscription.ccps or [])
        else:
            continue
        rows.append({"nom": candidate.last_name.upper(), "prenom": candidate.first_name,
                     "nom_complet": candidate.full_name, "decision": inscription.result,
                     "titre_complet": inscription.result == "Admis" and not single,
                     "ccps_obtenus": ", ".join(codes)})
    return rows


def _pv_row(inscription: Inscription, candidate: Candidate) -> dict[str, str]:
    return {
        "numero_ceres": candidate.id,
        "nom": candidate.last_name.upper(),
        "prenom": candidate.first_name,
        "nom_complet": candidate.full_name,
        "presence": inscription.presence or "",
        "decision": _decision(inscription),
        "ccps_obtenus": ", ".join(inscription.ccps or []) if not inscription.absent else "",
    }


def _totals(session: Session) -> dict[str, int]:
    inscriptions = session.inscriptions
    present = [i for i in inscriptions if i.presence == "Présent"]
    return {
        "inscrits": len(inscriptions),
        "presents": len(present),
        "admis": sum(i.result == "Admis" for i in present),
        "partiellement_admis": sum(i.result == "Partiellement admis" for i in present),
        "refuses": sum(i.result == "Refusé" for i in present),
        "absents_justifies": sum(i.presence == "Absence justifiée" for i in inscriptions),
        "absents_injustifies": sum(i.presence == "Absence injustifiée" for i in inscriptions),
    }


def duplicate_groups(book: Workbook) -> list[list[Candidate]]:
    """The duplicate-person groups of validate (P§4.3), in alphabetical order."""
    return sorted(duplicate_people(book),
                  key=lambda g: (*name_order(g[0]), g[0].birth_date, g[0].row))


def enrolments(book: Workbook, candidate: Candidate) -> str:
    """« 224512 du 08/06/2026, 224724 du 08/02/2027 »: the sessions a candidate record is
    enrolled in, by start date."""
    sessions = {i.session: book.sessions[i.session] for i in book.inscriptions
                if i.candidate == candidate.id and i.session in book.sessions}
    ordered = sorted(sessions.values(), key=lambda s: (s.start or dt.date.max, s.id))
    return ", ".join(f"{s.id} du {format_date(s.start)}" for s in ordered)


def duplicates_document(book: Workbook, found: list[list[Candidate]], centre: str | None,
                        today: dt.date) -> Document:
    """The letter asking the DIECCTE to merge duplicate candidate records (P§4.3), found by
    duplicate_groups, sent by the centre given (by default the first of the Centres sheet)."""
    sender = book.centres.get(centre or "") or next(iter(book.centres.values()), None)
    groups = []
    for number, group in enumerate(found, start=1):
        records = []
        for candidate in group:
            printed = _candidate(candidate)
            records.append({
                "numero_ceres": candidate.id,
                "nom": candidate.last_name,
                "prenom": candidate.first_name,
                "nom_complet": f"{candidate.last_name} {candidate.first_name}".strip(),
                "date_naissance": printed["date_naissance"],
                "commune_naissance": candidate.birth_city,
                "code_postal_naissance": candidate.birth_postcode or "",
                "pays_naissance": candidate.birth_country,
                "lieu_naissance": printed["lieu_naissance"],
                "sessions": enrolments(book, candidate),
            })
        groups.append({"numero": number, "nom_complet": group[0].full_name,
                       "date_naissance": format_date(group[0].birth_date),
                       "nombre_fiches": len(group), "fiches": records})
    context = {
        **_letter(book, sender, today),
        "dieccte": {"courriel": book.parameters.get("dieccte_email", "")},
        "groupes": groups,
        "nombre_groupes": len(groups),
        "nombre_fiches": sum(len(group) for group in found),
    }
    return Document("doublons", "", "", "DOUBLONS", context, batch="doublons")


def derived_kinds(kinds: Iterable[str]) -> tuple[set[str], set[str]]:
    """Template kinds to render and documents built from them, for the kinds asked for."""
    asked = set(kinds) or set(KINDS)
    derived = asked & set(DERIVED_SOURCES)
    rendered = (asked & set(TEMPLATE_KINDS)).union(
        *(DERIVED_SOURCES[kind] for kind in derived))
    return rendered, derived


COMMON_VARIABLES = {"organisme", "centre", "session", "titre", "jury", "date_edition",
                    "lieu_edition"}
ESSENTIAL_VARIABLES = {
    "convocation-candidat": {"candidat", "session"},
    "convocation-jury": {"intervenant", "session"},
    "convocation-surveillant": {"intervenant", "session"},
    "pv-individuel": {"candidat", "resultat", "jury"},
    "pv-general": {"candidats", "totaux", "jury"},
    "formulaire-ra": {"candidats", "dieccte", "nom_fichier"},
    "bordereau-dieccte": {"pv_joints", "session"},
    "bordereau-retour": {"non_retires", "session"},
    "affichage": {"laureats", "session"},
    "demande-report": {"report", "session"},
    "doublons": {"groupes"},
}
HEADER_VARIABLES = {"organisme", "centre", "date_edition"}
# A letter that is not a session's (doublons) has only these of the common variables.
LETTER_VARIABLES = {"organisme", "centre", "date_edition", "lieu_edition"}


def example_documents() -> dict[str, Document]:
    """One document of each kind from a small built-in session: for checking templates."""
    title = Title(2, "TP-01303", "Enseignant de la conduite et de la sécurité routière", "ECSR",
                  "Mise en situation professionnelle ; entretien final.", "Jour 1 : 08h00.")
    title.ccps = [Ccp(2, "TP-01303", "CP-00001", "Former à la conduite"),
                  Ccp(3, "TP-01303", "CP-00002", "Sensibiliser à la sécurité routière")]
    day = dt.date(2026, 2, 23)
    session = Session(2, "224566", "CFPAE", "Titre", "TP-01303", None, day, dt.time(8, 30),
                      day + dt.timedelta(days=4), day + dt.timedelta(days=4), "Clôturée",
                      day - dt.timedelta(days=60), "HOARAU Marie", "Titulaire",
                      "AFPAR Saint-André", day + dt.timedelta(days=60),
                      day + dt.timedelta(days=90))
    candidate = Candidate(2, "9741411152681F", "Payet", "Éloïse", dt.date(1990, 5, 12),
                          "Réunion", "Saint-Denis", None, "eloise@exemple.re",
                          "3 rue des Lilas, 97400 Saint-Denis")
    twin = Candidate(3, "9742614159981I", "PAYET", "Eloise", dt.date(1990, 5, 12), "Réunion",
                     "Saint-Denis", None, "", "")
    inscription = Inscription(2, session.id, candidate.id, "Présent", "Partiellement admis",
                              ["CP-00001"], "Entretien technique incomplet.", None)
    session.inscriptions = [inscription]
    later = dt.date(2027, 3, 1)
    postponed = Session(3, "224758", "CFPAE", "Titre", "TP-01303", None, later, dt.time(8, 30),
                        later + dt.timedelta(days=2), None, "Convocations envoyées",
                        day + dt.timedelta(days=200), "HOARAU Marie", "Titulaire",
                        "AFPAR Saint-André", None, None, postpone_start=dt.date(2027, 4, 5),
                        postpone_end=dt.date(2027, 4, 7))
    session.intervenants = [
        Intervenant(2, session.id, "Jury", "Técher", "Paul", "paul@exemple.re", "0692000000",
                    dt.date(2028, 1, 1)),
        Intervenant(3, session.id, "Surveillant", "Grondin", "Anne", "", "", None),
    ]
    book = Workbook(
        raw=None,  # type: ignore[arg-type]
        parameters={"organisation": "SPL AFPAR", "dieccte_email": "974.certification@"
                    "dieccte.gouv.fr", "siret": ""},
        centres={"CFPAE": Centre(2, "CFPAE", "AFPAR – Centre de Saint-André", "FORMAREUNION",
                                 "1 rue de la Gare, 97440 Saint-André", "0262000000",
                                 "examen.cfpae@afpar.com")},
        titles={title.code: title}, ccps={c.code: c for c in title.ccps},
        agrements=[Agrement(2, "AG-1", "CFPAE", title.code, dt.date(2024, 1, 1),
                            dt.date(2028, 12, 31))],
        sessions={session.id: session, postponed.id: postponed},
        candidates={candidate.id: candidate, twin.id: twin},
        inscriptions=[inscription], intervenants=session.intervenants,
    )
    today = dt.date(2026, 11, 25)
    examples = {d.kind: d for d in plan(book, [session.id], today=today)}
    examples.update((d.kind, d) for d in plan(book, [postponed.id], ["demande-report"], today))
    examples["doublons"] = duplicates_document(book, duplicate_groups(book), None, today)
    return examples
