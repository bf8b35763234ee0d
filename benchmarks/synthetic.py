"""Deterministic synthetic workbooks, valid against every rule: a year of a centre's exams."""

from __future__ import annotations

import datetime as dt
import random
import sys
from pathlib import Path

from ceres_docs.newbook import new_workbook

LAST_NAMES = ["Hoarau", "Payet", "Técher", "Grondin", "Rivière", "Bègue", "Law-Yat", "Ah-Hong",
              "Sinimalé", "Fontaine", "Maillot", "Nativel", "Dijoux", "Clain", "Lauret"]
FIRST_NAMES = ["Marie-Claire", "Jean-Hugues", "Éloïse", "Noémie", "Anaïs", "Maëlys", "Jérôme",
               "Thérèse", "François", "Loïc", "Sébastien", "Chloé"]
CENTRES = [("CFPAE", "examen.cfpae@afpar.com", "97440 Saint-André"),
           ("CFPAC", "examen.cfpac@afpar.com", "97400 Saint-François"),
           ("CFPAD", "examen.cfpad@afpar.com", "97410 Saint-Pierre"),
           ("CFPAM", "examen.cfpam@afpar.com", "97460 Saint-Paul")]
TITLES = [("TP-01303", "Enseignant de la conduite et de la sécurité routière", "ECSR"),
          ("TP-00374", "Secrétaire assistant", "SA"),
          ("TP-00312", "Agent de propreté et d'hygiène", "APH")]
TESTS = ("Mise en situation professionnelle ; entretien technique ; questionnaire "
         "professionnel ; entretien final avec le jury.")
TIMETABLE = "Jour 1 : 08h00–12h00 mise en situation ; 13h30–17h00 entretiens."
OUTCOMES = [("Présent", "Admis", False, None)] * 6 + [
    ("Présent", "Partiellement admis", True, "Entretien technique insuffisant."),
    ("Présent", "Refusé", False, "Mise en situation non réussie."),
    ("Absence justifiée", None, False, None),
]


def build(path: Path, sessions: int = 150, candidates: int = 2000,
          inscriptions: int | None = None, seed: int = 974,
          today: dt.date = dt.date(2026, 11, 25)) -> Path:
    """sessions over a year, each candidate enrolled once (or inscriptions, cycling)."""
    rng = random.Random(seed)
    inscriptions = candidates if inscriptions is None else inscriptions
    book = new_workbook()
    book["Paramètres"]["B2"] = "SPL AFPAR"
    for code, email, town in CENTRES:
        book["Centres"].append([code, f"AFPAR – Centre {code}", f"AFPAR{code}",
                                f"1 rue du Centre, {town}", "0262000000", email])
    ccps = {}
    for number, (code, label, short) in enumerate(TITLES):
        book["Titres"].append([code, label, short, TESTS, TIMETABLE])
        ccps[code] = [f"CP-{number * 10 + k + 1:05d}" for k in range(3)]
        for k, ccp in enumerate(ccps[code]):
            book["CCP"].append([code, ccp, f"Compétence {k + 1} du titre {short}"])
        for centre, _, _ in CENTRES:
            book["Agréments"].append([f"AG-{centre}-{code}", centre, code,
                                      dt.date(2020, 1, 1), dt.date(2030, 12, 31)])
    ids, finished = [], set()
    for index in range(sessions):
        session_id = str(300000 + index)
        ids.append(session_id)
        centre = CENTRES[index % len(CENTRES)][0]
        title = TITLES[index % len(TITLES)][0]
        start = today - dt.timedelta(days=300) + dt.timedelta(days=(index * 365) // sessions)
        end = start + dt.timedelta(days=3)
        done = end < today
        if done:
            finished.add(session_id)
        parchemins = end + dt.timedelta(days=60) if end + dt.timedelta(days=60) < today else None
        book["Sessions"].append([
            session_id, centre, "Titre", title, None, start, dt.time(8, 0), end,
            end if done else None, "Clôturée" if done else "Convocations envoyées",
            start - dt.timedelta(days=60), "Jean DUPONT", "Titulaire", "Salle 1",
            end + dt.timedelta(days=30) if done else None, parchemins])
        for k in range(2):
            book["Intervenants"].append([session_id, "Jury", f"Jury{k}", "Paul",
                                         f"jury{k}.{index}@exemple.re", "0692000000",
                                         dt.date(2031, 1, 1)])
        book["Intervenants"].append([session_id, "Surveillant", "Surv", "Anne", None, None,
                                     None])
    people = []
    for index in range(candidates):
        ceres = f"974{index:010d}X"
        people.append(ceres)
        birth = dt.date(1970, 1, 1) + dt.timedelta(days=rng.randrange(12000))
        name = f"{rng.choice(LAST_NAMES)}{index}"
        book["Candidats"].append([ceres, name, rng.choice(FIRST_NAMES), birth, "Réunion",
                                  "Saint-Denis", None,
                                  f"c{index}@exemple.re" if index % 5 else None,
                                  "2 rue des Lilas, 97400 Saint-Denis"])
    for index in range(inscriptions):
        session_id = ids[index % sessions]
        title = TITLES[(index % sessions) % len(TITLES)][0]
        presence, result, partial, comment = OUTCOMES[rng.randrange(len(OUTCOMES))]
        if session_id not in finished:
            presence = result = comment = None
            partial = False
        book["Inscriptions"].append([session_id, people[index % candidates], presence, result,
                                     ccps[title][0] if partial else None, comment, None])
    book.save(path)
    return path


if __name__ == "__main__":
    build(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("synthetic.xlsx"))
