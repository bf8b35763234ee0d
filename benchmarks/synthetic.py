"""A deterministic synthetic workbook of any size, valid against every rule."""

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
CENTRES = [("CFPAE", "examen.cfpae@afpar.com"), ("CFPAC", "examen.cfpac@afpar.com"),
           ("CFPAD", "examen.cfpad@afpar.com"), ("CFPAM", "examen.cfpam@afpar.com")]
TITLES = [("TP-01303", "Enseignant de la conduite et de la sécurité routière", "ECSR"),
          ("TP-00374", "Secrétaire assistant", "SA"),
          ("TP-00312", "Agent de propreté et d'hygiène", "APH")]


def build(path: Path, sessions: int = 150, candidates: int = 5000,
          inscriptions: int = 10000, seed: int = 974) -> Path:
    rng = random.Random(seed)
    book = new_workbook()
    book["Paramètres"]["B2"] = "SPL AFPAR"
    book["Paramètres"]["A2"] = "Organisme"
    for code, email in CENTRES:
        book["Centres"].append([code, f"AFPAR {code}", f"AFPAR{code}", "1 rue du Centre 97400",
                                "0262000000", email])
    ccps = {}
    for number, (code, label, short) in enumerate(TITLES):
        book["Titres"].append([code, label, short])
        ccps[code] = [f"CP-{number * 10 + k + 1:05d}" for k in range(3)]
        for k, ccp in enumerate(ccps[code]):
            book["CCP"].append([code, ccp, f"Compétence {k + 1} de {short}"])
        for centre, _ in CENTRES:
            book["Agréments"].append([f"AG-{centre}-{code}", centre, code,
                                      dt.date(2020, 1, 1), dt.date(2030, 12, 31)])
    ids = []
    for index in range(sessions):
        session_id = str(300000 + index)
        ids.append(session_id)
        centre = CENTRES[index % len(CENTRES)][0]
        title = TITLES[index % len(TITLES)][0]
        start = dt.date(2026, 1, 5) + dt.timedelta(days=2 * index)
        end = start + dt.timedelta(days=3)
        book["Sessions"].append([session_id, centre, "Titre", title, None, start, dt.time(8, 0),
                                 end, end, "Clôturée", start - dt.timedelta(days=60),
                                 "Jean Dupont", "Titulaire", "Salle 1", None, None])
        for k in range(2):
            book["Intervenants"].append([session_id, "Jury", f"Jury{k}", "Paul",
                                         f"jury{k}@exemple.re", "0692000000",
                                         dt.date(2031, 1, 1)])
        book["Intervenants"].append([session_id, "Surveillant", "Surv", "Anne", None, None, None])
    people = []
    for index in range(candidates):
        ceres = f"974{index:010d}X"
        people.append(ceres)
        birth = dt.date(1970, 1, 1) + dt.timedelta(days=rng.randrange(12000))
        name = f"{rng.choice(LAST_NAMES)}{index}"
        book["Candidats"].append([ceres, name, rng.choice(FIRST_NAMES), birth, "Réunion",
                                  "Saint-Denis", None, f"c{index}@exemple.re",
                                  "2 rue des Lilas 97400 Saint-Denis"])
    outcomes = [("Présent", "Admis", None, None),
                ("Présent", "Partiellement admis", "ccp", "Entretien technique insuffisant."),
                ("Présent", "Refusé", None, "Mise en situation non réussie."),
                ("Absence justifiée", None, None, None)]
    for index in range(inscriptions):
        session_index = index % sessions
        title = TITLES[session_index % len(TITLES)][0]
        presence, result, ccp, comment = outcomes[rng.randrange(len(outcomes))]
        book["Inscriptions"].append([ids[session_index], people[index % candidates], presence,
                                     result, ccps[title][0] if ccp else None, comment, None])
    book.save(path)
    return path


if __name__ == "__main__":
    build(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("synthetic.xlsx"))
