"""Checking a centre's templates: variables unknown or missing, and a trial rendering with a
small built-in session."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path
from typing import Any

from .contexts import duplicates_letter
from .kinds import HEADER_VARIABLES, KIND, TEMPLATE_FILES
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
from .plan import plan
from .procedure import duplicate_people
from .render import TemplateProblem, render_batch, template_path, template_variables
from .schema import Presence, Result, Role, RsQuality, SessionType, Status

SESSION_TEMPLATES = [name for name in TEMPLATE_FILES if KIND[name].session]


def example_contexts() -> dict[str, dict[str, Any]]:
    """What each template is given, for one document of each kind of a small session."""
    title = Title(2, "TP-01303", "Enseignant de la conduite et de la sécurité routière", "ECSR",
                  "Mise en situation professionnelle ; entretien final.", "Jour 1 : 08h00.")
    title.ccps = [Ccp(2, "TP-01303", "CP-00001", "Former à la conduite"),
                  Ccp(3, "TP-01303", "CP-00002", "Sensibiliser à la sécurité routière")]
    day = dt.date(2026, 2, 23)
    session = Session(2, "224566", "CFPAE", SessionType.TITLE, "TP-01303", None, day,
                      dt.time(8, 30), day + dt.timedelta(days=4), day + dt.timedelta(days=4),
                      Status.CLOSED, day - dt.timedelta(days=60), "HOARAU Marie",
                      RsQuality.HOLDER, "AFPAR Saint-André", day + dt.timedelta(days=60),
                      day + dt.timedelta(days=90), rs_phone="0692 11 22 33",
                      rs_email="marie.hoarau@exemple.re")
    candidate = Candidate(2, "9741411152681F", "Payet", "Éloïse", dt.date(1990, 5, 12),
                          "Réunion", "Saint-Denis", None, "eloise@exemple.re",
                          "3 rue des Lilas, 97400 Saint-Denis")
    twin = Candidate(3, "9742614159981I", "PAYET", "Eloise", dt.date(1990, 5, 12), "Réunion",
                     "Saint-Denis", None, "", "")
    inscription = Inscription(2, session.id, candidate.id, Presence.PRESENT, Result.PARTIAL,
                              ["CP-00001"], "Entretien technique incomplet.", None)
    session.inscriptions = [inscription]
    later = dt.date(2027, 3, 1)
    postponed = Session(3, "224758", "CFPAE", SessionType.TITLE, "TP-01303", None, later,
                        dt.time(8, 30), later + dt.timedelta(days=2), None, Status.CONVENED,
                        day + dt.timedelta(days=200), "HOARAU Marie", RsQuality.HOLDER,
                        "AFPAR Saint-André", None, None, postpone_start=dt.date(2027, 4, 5),
                        postpone_end=dt.date(2027, 4, 7))
    session.intervenants = [
        Intervenant(2, session.id, Role.JURY, "Técher", "Paul", "paul@exemple.re",
                    "0692000000", dt.date(2028, 1, 1), "5 rue Juliette-Dodu, 97400 Saint-Denis"),
        Intervenant(3, session.id, Role.INVIGILATOR, "Grondin", "Anne", "", "", None),
    ]
    book = Workbook(
        raw=None,  # type: ignore[arg-type]
        parameters={"organisation": "SPL AFPAR", "dieccte_email": "974.certification@"
                    "dieccte.gouv.fr", "siret": "",
                    "administration_address": "112 rue de la République ; 97488 Saint-Denis "
                    "Cedex"},
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
    session.plis_collected = day + dt.timedelta(days=65)
    examples = {d.kind: d.context
                for d in plan(book, [session.id], SESSION_TEMPLATES, today, on_request=True)}
    examples.update((d.kind, d.context) for d in plan(book, [postponed.id], ["demande-report"],
                                                      today, on_request=True))
    examples["doublons"] = duplicates_letter(book, duplicate_people(book), None, today)
    return examples


def check_templates(folder: Path | None) -> dict[str, list[str]]:
    """Problems of each template in folder (defaults when None), in French; empty when fine."""
    examples = example_contexts()
    problems: dict[str, list[str]] = {}
    for name in TEMPLATE_FILES:
        kind = KIND[name]
        found: list[str] = []
        problems[name] = found
        try:
            path = template_path(folder, name)
            used = template_variables(path)
        except TemplateProblem as error:
            found.append(str(error))
            continue
        except Exception:  # python-docx raises many kinds of errors on a damaged file
            found.append(f"« {name}.docx » n'est pas un document Word (.docx) lisible.")
            continue
        for variable in sorted(used["body"] - kind.may_use):
            found.append(f"variable inconnue : {variable}")
        for variable in sorted(used["header"] - HEADER_VARIABLES):
            found.append(f"en-tête ou pied de page : « {variable} » n'y est pas permis (seuls "
                         f"{', '.join(sorted(HEADER_VARIABLES))})")
        for variable in sorted(set(kind.essential) - used["body"]):
            found.append(f"variable manquante : {variable} (le document doit l'afficher)")
        if not found:
            with tempfile.TemporaryDirectory() as scratch:
                try:
                    render_batch(path, [examples[name]] * 2, Path(scratch) / "essai.docx")
                except TemplateProblem as error:
                    found.append(str(error))
    return problems
