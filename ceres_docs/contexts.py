"""What the documents' templates are given: the parts of their contexts that kinds share (the
letter head, the session, people, candidates, results), and the doublons letter's context.

Each kind's own context is built in the kind registry (kinds.py) from these parts.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from .dates import dates_phrase, format_date, hour, long_date
from .model import (
    Candidate,
    Ccp,
    Centre,
    Inscription,
    Intervenant,
    Session,
    Title,
    Workbook,
    name_order,
)
from .schema import DEFAULT_ADMINISTRATION, Choice, Presence, Result

# What a candidate brings when neither the CCP nor the title says (« Documents à présenter »).
DEFAULT_DOCUMENTS = ("une pièce d'identité en cours de validité", "la présente convocation",
                     "le dossier professionnel (DP)")


@dataclass
class Entry:
    """One document of a kind for a session, before it is named and filed."""

    context: dict[str, Any]
    who: str = ""  # NOM_Prenom, at the end of its file name
    discriminator: str = ""  # tells two documents with one name apart
    candidate: str | None = None
    person: str | None = None
    to_dieccte: bool = False
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class SessionView:
    """A session as its documents see it: its records, its candidates in name order and what
    every one of its documents shares."""

    book: Workbook
    session: Session
    today: dt.date
    common: dict[str, Any] = field(default_factory=dict)
    enrolled: list[tuple[Inscription, Candidate]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.common = _common(self.book, self.session, self.today)
        self.enrolled = _enrolled(self.book, self.session)


def session_code(session: Session) -> str:
    """The CCP code for a CCP session, otherwise the title code."""
    return session.single_ccp or session.title


def items(text: str) -> list[str]:
    """The items of a cell typed « a ; b ; c » (or one per line), trimmed, empty ones left
    out; an item's closing « ; » or « . » is left to the document."""
    return [item for part in re.split(r"[;\n]", text)
            if (item := part.strip().rstrip(".;,").strip())]


def documents_to_bring(title: Title, ccp: Ccp | None) -> list[str]:
    """What a candidate brings: the CCP's list (CCP session), or else the title's, or else
    the usual three."""
    for text in (ccp.documents if ccp else "", title.documents):
        if found := items(text):
            return found
    return list(DEFAULT_DOCUMENTS)


def _common(book: Workbook, session: Session, today: dt.date) -> dict[str, Any]:
    centre = book.centres[session.centre]
    title = book.titles[session.title]
    ccp = book.ccps.get(session.ccp or "")
    own = ccp if session.single_ccp else None  # a CCP session's own texts
    if session.single_ccp:  # the CCP's tests, never the title's days and timetable
        tests, timetable = (own.tests, own.timetable) if own else ("", "")
    else:
        tests, timetable = title.tests, title.timetable
    return {
        **letter(book, centre, today),
        "session": {
            "numero": session.id,
            "type": choice_text(session.type),
            "code": session_code(session),
            "intitule": ccp.label if session.single_ccp and ccp else title.label,
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
            "rs_qualite": choice_text(session.rs_quality),
            "rs_telephone": session.rs_phone,
            "rs_courriel": session.rs_email or "",
            "statut": choice_text(session.status),
            "epreuves": tests,
            "deroulement": timetable,
            "documents_a_presenter": documents_to_bring(title, own),
        },
        "titre": {"code": title.code, "intitule": title.label, "abrege": title.short,
                  "ccps": [{"code": c.code, "intitule": c.label} for c in title.ccps]},
        "jury": [person_row(p) for p in by_name(session.jury)],
    }


def letter(book: Workbook, centre: Centre | None, today: dt.date) -> dict[str, Any]:
    """What every letter has: the sender (organisation and centre), the administration its
    slips and letters are addressed to, the place and date."""
    siret = book.parameters.get("siret", "")
    administration = {
        "nom": book.parameters.get("administration_name") or DEFAULT_ADMINISTRATION,
        "adresse": items(book.parameters.get("administration_address", "")),
    }
    if centre is None:
        return {"organisme": {"nom": book.parameters.get("organisation", ""), "siret": siret},
                "administration": administration,
                "centre": {key: "" for key in ("code", "nom", "nom_court", "adresse",
                                               "telephone", "courriel")},
                "date_edition": format_date(today), "lieu_edition": ""}
    return {
        "organisme": {"nom": book.parameters.get("organisation", ""),
                      "siret": centre.siret or siret},
        "administration": administration,
        "centre": {"code": centre.code, "nom": centre.name, "nom_court": centre.short_name,
                   "adresse": centre.address, "telephone": centre.phone,
                   "courriel": centre.email or ""},
        "date_edition": format_date(today),
        "lieu_edition": _town(centre.address),
    }


def _town(address: str) -> str:
    """The town after a five-digit postcode in an address, if any."""
    match = re.search(r"\b\d{5}\s+([^,\n]+)", address)
    return match.group(1).strip() if match else ""


def person_row(person: Intervenant) -> dict[str, str]:
    return {
        "role": choice_text(person.role),
        "nom": person.last_name.upper(),
        "prenom": person.first_name,
        "nom_complet": person.full_name,
        "courriel": person.email or "",
        "telephone": person.phone,
        "fin_habilitation": format_date(person.habilitation_end),
    }


def candidate_row(candidate: Candidate) -> dict[str, str]:
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


def choice_text(choice: Choice | None) -> str:
    """A list value as the documents print it: its French spelling, or nothing."""
    return "" if choice is None else str(choice.value)


def _decision(inscription: Inscription) -> str:
    return "" if inscription.absent else choice_text(inscription.result)


def result_rows(book: Workbook, session: Session, inscription: Inscription) -> dict[str, Any]:
    title = book.titles[session.title]
    obtained = set(inscription.ccps or [])
    ccps = title.ccps
    if session.single_ccp:
        ccps = [c for c in title.ccps if c.code == session.single_ccp]
    rows = []
    for ccp in ccps:
        got = inscription.result is Result.ADMITTED or ccp.code in obtained
        if inscription.absent:
            mention = "—"
        else:
            present = inscription.presence is Presence.PRESENT
            mention = "Obtenu" if got and present else "Non obtenu"
        rows.append({"code": ccp.code, "intitule": ccp.label,
                     "obtenu": mention == "Obtenu", "mention": mention})
    return {"presence": choice_text(inscription.presence), "decision": _decision(inscription),
            "est_absent": inscription.absent, "commentaire": inscription.comment,
            "ccps": rows}


def by_name(records: Iterable[Any]) -> list[Any]:
    return sorted(records, key=name_order)


def _enrolled(book: Workbook, session: Session) -> list[tuple[Inscription, Candidate]]:
    pairs = [(i, book.candidates[i.candidate]) for i in session.inscriptions
             if i.candidate in book.candidates]
    return sorted(pairs, key=lambda p: name_order(p[1]))


def pv_row(inscription: Inscription, candidate: Candidate) -> dict[str, str]:
    return {
        "numero_ceres": candidate.id,
        "nom": candidate.last_name.upper(),
        "prenom": candidate.first_name,
        "nom_complet": candidate.full_name,
        "presence": choice_text(inscription.presence),
        "decision": _decision(inscription),
        "ccps_obtenus": ", ".join(inscription.ccps or []) if not inscription.absent else "",
    }


def totals(session: Session) -> dict[str, int]:
    inscriptions = session.inscriptions
    present = [i for i in inscriptions if i.presence is Presence.PRESENT]
    return {
        "inscrits": len(inscriptions),
        "presents": len(present),
        "admis": sum(i.result is Result.ADMITTED for i in present),
        "partiellement_admis": sum(i.result is Result.PARTIAL for i in present),
        "refuses": sum(i.result is Result.REFUSED for i in present),
        "absents_justifies": sum(i.presence is Presence.EXCUSED for i in inscriptions),
        "absents_injustifies": sum(i.presence is Presence.UNEXCUSED for i in inscriptions),
    }


# The letter of « ceres-docs doublons », which is no session's.


def enrolments(book: Workbook, candidate: Candidate) -> str:
    """« 224512 du 08/06/2026, 224724 du 08/02/2027 »: the sessions a candidate record is
    enrolled in, by start date."""
    sessions = {i.session: book.sessions[i.session] for i in book.inscriptions
                if i.candidate == candidate.id and i.session in book.sessions}
    ordered = sorted(sessions.values(), key=lambda s: (s.start or dt.date.max, s.id))
    return ", ".join(f"{s.id} du {format_date(s.start)}" for s in ordered)


def duplicates_letter(book: Workbook, found: list[list[Candidate]], centre: str | None,
                      today: dt.date) -> dict[str, Any]:
    """The letter asking the DIECCTE to merge duplicate candidate records (P§4.3), sent by
    the centre given (by default the first of the Centres sheet)."""
    sender = book.centres.get(centre or "") or next(iter(book.centres.values()), None)
    groups = []
    for number, group in enumerate(found, start=1):
        records = []
        for candidate in group:
            printed = candidate_row(candidate)
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
    return {
        **letter(book, sender, today),
        "dieccte": {"courriel": book.parameters.get("dieccte_email", "")},
        "groupes": groups,
        "nombre_groupes": len(groups),
        "nombre_fiches": sum(len(group) for group in found),
    }
