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
from .values import format_date

TEMPLATE_KINDS = (
    "convocation-candidat",
    "convocation-jury",
    "convocation-surveillant",
    "pv-individuel",
    "pv-general",
    "formulaire-ra",
    "bordereau-dieccte",
    "bordereau-retour",
)
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
    "impression-pv": "IMPRESSION-PV",
    "courriel-ra": "COURRIEL-RA",
    "courriel-convocation": "COURRIEL",
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


def session_code(book: Workbook, session: Session) -> str:
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
    if session.start and session.end and session.end != session.start:
        dates = f"du {long_date(session.start)} au {long_date(session.end)}"
    else:
        dates = f"le {long_date(session.start)}"
    town = _town(centre.address)
    return {
        "organisme": {"nom": book.parameters.get("organisation", ""),
                      "siret": centre.siret or book.parameters.get("siret", "")},
        "centre": {"code": centre.code, "nom": centre.name, "nom_court": centre.short_name,
                   "adresse": centre.address, "telephone": centre.phone,
                   "courriel": centre.email or ""},
        "session": {
            "numero": session.id,
            "type": session.type or "",
            "code": session_code(book, session),
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
            "dates": dates,
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
        "date_edition": format_date(today),
        "lieu_edition": town,
    }


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


def _by_name(records: Iterable[Any]) -> list[Any]:
    return sorted(records, key=lambda r: (r.last_name.casefold(), r.first_name.casefold()))


def _enrolled(book: Workbook, session: Session) -> list[tuple[Inscription, Candidate]]:
    pairs = [(i, book.candidates[i.candidate]) for i in session.inscriptions
             if i.candidate in book.candidates]
    return sorted(pairs, key=lambda p: (p[1].last_name.casefold(), p[1].first_name.casefold()))


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
    stem = session_stem(session_code(book, session), title.short, centre.short_name, start)
    folder = session_folder(book, session)
    taken: set[str] = set()
    out: list[Document] = []

    def add(kind: str, name: str, context: dict[str, Any], discriminator: str = "",
            **fields: Any) -> None:
        file_name = unique(safe_name(name, ".pdf"), taken, discriminator or kind)
        out.append(Document(kind, session.id, folder, file_name[:-4], {**common, **context},
                            batch=f"{kind}:{centre.code}", **fields))

    enrolled = _enrolled(book, session)
    for _inscription, candidate in enrolled:
        add("convocation-candidat",
            f"CONV_{stem}_{person_word(candidate.last_name, candidate.first_name)}",
            {"candidat": _candidate(candidate)}, candidate.id, candidate=candidate.id,
            extra={"email": candidate.email or "", "name": candidate.addressed_name})
    for role, kind in (("Jury", "convocation-jury"), ("Surveillant", "convocation-surveillant")):
        for number, person in enumerate(_by_name(p for p in session.intervenants
                                                 if p.role == role), start=1):
            add(kind, f"{PREFIXES[kind]}_{stem}_{person_word(person.last_name, person.first_name)}",
                {"intervenant": _person(person)}, str(number),
                person=person.full_name,
                extra={"email": person.email or "", "name": person.addressed_name})
    if results_entered(session):
        not_admitted = [(i, c) for i, c in enrolled if not i.admitted_in_full]
        add("bordereau-dieccte", f"BORDEREAU-DIECCTE_{stem}", {
            "pv_joints": [{**_pv_row(i, c), "motif": i.presence if i.absent else i.result}
                          for i, c in not_admitted],
            "nombre_pv_individuels": len(not_admitted),
            "nombre_admis": len(enrolled) - len(not_admitted),
            "totaux": _totals(session),
        })
        add("pv-general", f"PVG_{stem}", {
            "candidats": [_pv_row(i, c) for i, c in enrolled],
            "totaux": _totals(session),
        }, to_dieccte=True)
        for inscription, candidate in enrolled:
            add("pv-individuel",
                f"PVI_{stem}_{person_word(candidate.last_name, candidate.first_name)}",
                {"candidat": _candidate(candidate),
                 "resultat": _result(book, session, inscription)},
                candidate.id, candidate=candidate.id,
                to_dieccte=not inscription.admitted_in_full)
    if session.parchemins_received:
        add("formulaire-ra", f"RA_{stem}", {
            "candidats": [{**_pv_row(i, c), "documents": documents_to_collect(i),
                           "date_retrait": format_date(i.collected)} for i, c in enrolled],
            "dieccte": {"courriel": book.parameters.get("dieccte_email", "")},
            "nom_fichier": f"RA_{stem}.pdf",
            "date_reception_parchemins": format_date(session.parchemins_received),
            "date_limite": format_date(add_months(session.parchemins_received, 2)),
        })
        waiting = [(i, c) for i, c in enrolled if i.collected is None]
        if waiting:
            add("bordereau-retour", f"BORDEREAU-RETOUR_{stem}", {
                "non_retires": [{**_pv_row(i, c), "documents": documents_to_collect(i)}
                                for i, c in waiting],
                "nombre_non_retires": len(waiting),
                "date_reception_parchemins": format_date(session.parchemins_received),
            })
    return out


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


def derived_kinds(kinds: Iterable[str]) -> tuple[set[str], set[str]]:
    """Template kinds to render and documents built from them, for the kinds asked for."""
    asked = set(kinds) or set(KINDS)
    derived = asked & set(DERIVED_SOURCES)
    rendered = (asked & set(TEMPLATE_KINDS)).union(
        *(DERIVED_SOURCES[kind] for kind in derived))
    return rendered, derived


COMMON_VARIABLES = {"organisme", "centre", "session", "titre", "jury", "date_edition",
                    "lieu_edition"}
KIND_VARIABLES = {
    "convocation-candidat": {"candidat"},
    "convocation-jury": {"intervenant"},
    "convocation-surveillant": {"intervenant"},
    "pv-individuel": {"candidat", "resultat"},
    "pv-general": {"candidats", "totaux"},
    "formulaire-ra": {"candidats", "dieccte", "nom_fichier", "date_reception_parchemins",
                      "date_limite"},
    "bordereau-dieccte": {"pv_joints", "nombre_pv_individuels", "nombre_admis", "totaux"},
    "bordereau-retour": {"non_retires", "nombre_non_retires", "date_reception_parchemins"},
}
ESSENTIAL_VARIABLES = {
    "convocation-candidat": {"candidat", "session"},
    "convocation-jury": {"intervenant", "session"},
    "convocation-surveillant": {"intervenant", "session"},
    "pv-individuel": {"candidat", "resultat", "jury"},
    "pv-general": {"candidats", "totaux", "jury"},
    "formulaire-ra": {"candidats", "dieccte", "nom_fichier"},
    "bordereau-dieccte": {"pv_joints", "session"},
    "bordereau-retour": {"non_retires", "session"},
}
HEADER_VARIABLES = {"organisme", "centre", "date_edition"}


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
    inscription = Inscription(2, session.id, candidate.id, "Présent", "Partiellement admis",
                              ["CP-00001"], "Entretien technique incomplet.", None)
    session.inscriptions = [inscription]
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
        sessions={session.id: session}, candidates={candidate.id: candidate},
        inscriptions=[inscription], intervenants=session.intervenants,
    )
    return {d.kind: d for d in plan(book, today=dt.date(2026, 11, 25))}
