"""Build samples/sessions.xlsx: a fictional but plausible year of CERES sessions at the SPL AFPAR.

Every person, address, e-mail, SIRET, agrément and CCP code is invented. The script is
deterministic: same data, same bytes, whatever the day it runs (fixed "created" and
"modified" properties, fixed zip entry dates and order); tests/test_builders.py rebuilds it
and compares it with the committed file.

    .venv/bin/python samples/build_sample.py [OUTPUT.xlsx]     # or: make sample
"""

from __future__ import annotations

import argparse
import io
import re
import zipfile
from collections.abc import Iterable
from datetime import date, datetime, time
from pathlib import Path

from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from ceres_docs import schema
from ceres_docs.newbook import NUMBER_FORMATS, new_workbook
from ceres_docs.output import write_whole

DEFAULT_OUTPUT = Path(__file__).with_name("sessions.xlsx")
SNAPSHOT = datetime(2026, 11, 25, 8, 0)  # the workbook's "created" and "modified" stamps
APPLICATION = b"Microsoft Excel Compatible / ceres-docs"

PARAMETERS = {
    "Organisme": "SPL AFPAR",
    "Courriel certification DIECCTE": "974.certification@dieccte.gouv.fr",
    "SIRET": "84752913600018",
    "Administration – nom": "DIECCTE de La Réunion",
    "Administration – adresse": "Service certification ; 112 rue de la République ; "
                                "97488 Saint-Denis Cedex",
}

CENTRES = [
    ("CFPAE", "AFPAR – Centre de Saint-André", "AFPARSTANDRE",
     "12 chemin du Centre, ZI Fayard, 97440 Saint-André", "0262 58 41 20",
     "examen.cfpae@afpar.com"),
    ("CFPAC", "AFPAR – Centre de Saint-François", "AFPARSTFRANCOIS",
     "41 chemin Commins, Saint-François, 97400 Saint-Denis", "0262 90 37 15",
     "examen.cfpac@afpar.com"),
    ("CFPAD", "AFPAR – Centre de Saint-Pierre", "AFPARSTPIERRE",
     "8 rue des Artisans, ZAE Pierrefonds, 97410 Saint-Pierre", "0262 96 52 80",
     "examen.cfpad@afpar.com"),
    ("CFPAM", "AFPAR – Centre de Saint-Paul", "AFPARSTPAUL",
     "27 avenue de Savanna, 97460 Saint-Paul", "0262 45 68 33",
     "examen.cfpam@afpar.com"),
]

ECSR, SA, APH = "TP-01303", "TP-00374", "TP-00466"

TITLES = [
    (
        ECSR, "Enseignant de la conduite et de la sécurité routière", "ECSR",
        "Mise en situation professionnelle : séance de formation à la conduite avec un élève, en "
        "véhicule à double commande, puis animation d'une séance collective de sensibilisation "
        "à la sécurité routière ; entretien technique ; questionnaire professionnel ; entretien "
        "final avec le jury à partir du dossier professionnel (DP).",
        "Jour 1 : 08h00–10h00 questionnaire professionnel, puis 10h15–17h00 séances de "
        "formation en véhicule (1 h 15 par candidat, selon le planning). Jours 2 et 3 : "
        "08h00–17h00 animations collectives (45 min) suivies de l'entretien technique (30 min). "
        "Dernier jour : 08h00–16h00 entretiens finaux (20 min par candidat).",
        "une pièce d'identité en cours de validité ; la présente convocation ; le permis de "
        "conduire ; le dossier professionnel (DP)",
    ),
    (
        SA, "Secrétaire assistant", "SA",
        "Mise en situation professionnelle sur poste informatique (3 h 30) : traitement d'un "
        "dossier de secrétariat, de gestion commerciale et de ressources humaines ; entretien "
        "technique (30 min) ; entretien final avec le jury à partir du dossier professionnel "
        "(15 min).",
        "Jour 1 : 08h00–11h30 mise en situation sur poste informatique, puis 13h00–16h30 "
        "entretiens techniques selon le planning. Jour 2 : 08h00–12h00 entretiens finaux (15 min "
        "par candidat).",
        "",
    ),
    (
        APH, "Agent de propreté et d'hygiène", "APH",
        "Mise en situation professionnelle (3 h) : nettoyage manuel et mécanisé de locaux "
        "(bureaux, sanitaires, sols) dans le respect des règles d'hygiène et de sécurité ; "
        "entretien technique (20 min) ; entretien final avec le jury à partir du dossier "
        "professionnel (20 min).",
        "Jour 1 : 08h00–11h00 et 12h30–15h30 mises en situation par groupes de quatre. Jour 2 : "
        "08h00–16h00 entretiens techniques. Jour 3 : 08h00–12h00 entretiens finaux.",
        "une pièce d'identité en cours de validité ; la présente convocation ; le dossier "
        "professionnel (DP) ; une tenue professionnelle et des chaussures de sécurité",
    ),
]

CCPS = [
    (ECSR, "CP-10671", "Former des apprenants par des actions individuelles et collectives, dans "
                       "le respect des publics et des règles de sécurité routière"),
    (ECSR, "CP-10672", "Animer des actions de sensibilisation à la sécurité routière"),
    (SA, "CP-00970", "Assurer les travaux courants de secrétariat et assister une équipe"),
    (SA, "CP-00971", "Traiter les opérations administratives liées à la gestion commerciale"),
    (SA, "CP-00972", "Traiter les opérations administratives liées à la gestion des ressources "
                     "humaines"),
    (APH, "CP-00511", "Réaliser une prestation de nettoyage manuel"),
    (APH, "CP-00512", "Réaliser une prestation de nettoyage mécanisé"),
    (APH, "CP-00513", "Réaliser une prestation de remise en état mécanisée"),
]

# A CCP session's convocation describes the CCP's own tests (P§6).
CCP_TESTS: dict[str, dict[str, object]] = {
    "CP-00972": {
        "tests": "Mise en situation professionnelle sur poste informatique (2 h 30) : dossier "
                 "de gestion administrative du personnel ; entretien technique (20 min).",
        "timetable": "08h30–11h00 mise en situation sur poste informatique, puis 11h15–12h30 "
                     "entretiens techniques selon le planning.",
    },
}

AGREMENTS = [
    ("AGR-974-2024-0112", "CFPAE", ECSR, date(2024, 2, 1), date(2028, 1, 31)),
    ("AGR-974-2024-0187", "CFPAM", ECSR, date(2024, 6, 15), date(2028, 6, 14)),
    ("AGR-974-2024-0241", "CFPAE", SA, date(2024, 9, 1), date(2027, 3, 31)),
    ("AGR-974-2025-0034", "CFPAD", SA, date(2025, 1, 20), date(2028, 1, 19)),
    ("AGR-974-2024-0203", "CFPAM", APH, date(2024, 7, 1), date(2027, 6, 30)),
    ("AGR-974-2025-0098", "CFPAC", APH, date(2025, 3, 10), date(2028, 3, 9)),
]

CLOSED, RESULTS, CCP_SESSION, CONVOKED, DTE_SENT, PREPARING, CANCELLED = (
    "224512", "224587", "224633", "224689", "224724", "224758", "224771")

SESSIONS: list[dict[str, object]] = [
    dict(id=CLOSED, centre="CFPAE", type="Titre", title=ECSR,
         start=date(2026, 6, 8), start_time=time(8, 0), end=date(2026, 6, 11),
         end_time=time(17, 0), real_end=date(2026, 6, 11), status="Clôturée",
         dte_date=date(2026, 4, 6), rs_name="BÉNARD Christophe", rs_quality="Titulaire",
         place="AFPAR Saint-André – salle 4 et véhicules à double commande",
         pv_sent=date(2026, 6, 15), pv_received=date(2026, 8, 24),
         plis_collected=date(2026, 8, 27), parchemins_received=date(2026, 10, 12)),
    dict(id=RESULTS, centre="CFPAD", type="Titre", title=SA,
         start=date(2026, 10, 5), start_time=time(8, 0), end=date(2026, 10, 6),
         end_time=time(16, 30), real_end=date(2026, 10, 6), status="Clôturée",
         dte_date=date(2026, 7, 20), rs_name="VÉLIA Sandrine", rs_quality="Titulaire",
         place="AFPAR Saint-Pierre – salle informatique B2", pv_sent=date(2026, 10, 9)),
    dict(id=CCP_SESSION, centre="CFPAD", type="CCP", title=SA, ccp="CP-00972",
         start=date(2026, 11, 16), start_time=time(8, 30), end=date(2026, 11, 16),
         end_time=time(12, 30), real_end=date(2026, 11, 16), status="Résultats saisis",
         dte_date=date(2026, 9, 28), rs_name="ÉLISABETH Marc", rs_quality="Suppléant",
         place="AFPAR Saint-Pierre – salle informatique B2"),
    dict(id=CONVOKED, centre="CFPAC", type="Titre", title=APH,
         start=date(2026, 12, 14), start_time=time(8, 0), end=date(2026, 12, 16),
         end_time=time(16, 0), status="Convocations envoyées",
         dte_date=date(2026, 10, 12), rs_name="CHANE-KUNE Olivier",
         rs_quality="Personne ne figurant pas sur l'agrément",
         place="AFPAR Saint-François – plateau technique propreté",
         rs_phone="0692 55 81 20", rs_email="o.chanekune@exemple.re",
         postpone_start=date(2027, 1, 11), postpone_end=date(2027, 1, 13)),
    dict(id=DTE_SENT, centre="CFPAM", type="Titre", title=ECSR,
         start=date(2027, 2, 8), start_time=time(8, 0), end=date(2027, 2, 11),
         end_time=time(17, 0), status="Demande de DTE envoyée",
         dte_date=date(2026, 11, 20), rs_name="GUICHARD Nicole", rs_quality="Titulaire",
         place="AFPAR Saint-Paul – salle 3 et véhicules à double commande"),
    dict(id=PREPARING, centre="CFPAE", type="Titre", title=SA,
         start=date(2027, 4, 12), start_time=time(8, 30), end=date(2027, 4, 13),
         end_time=time(16, 30), status="En préparation",
         place="AFPAR Saint-André – salle informatique 2",
         # after the agrément's end (31/03/2027), within its year: the DIECCTE was told (P§2)
         dieccte_told=date(2026, 11, 23)),
    dict(id=CANCELLED, centre="CFPAM", type="Titre", title=APH,
         start=date(2027, 1, 18), start_time=time(8, 0), end=date(2027, 1, 20),
         end_time=time(16, 0), status="Annulée",
         rs_name="LÉPINAY Didier", rs_quality="Suppléant",
         place="AFPAR Saint-Paul – plateau technique propreté"),
]

RE, FR = "Réunion", "France"

# CERES number, last name, first name, birth date, country, city, postcode, e-mail, address, phone
CANDIDATES = [
    # Saint-André, ECSR (session 224512)
    ("9741904730128M", "HOARAU", "Jean-Hugues", date(1988, 4, 12), RE, "Saint-Benoît", "",
     "jeanhugues.hoarau@exemple.re", "14 rue Amiral-Bouvet, 97470 Saint-Benoît",
     "0692 41 27 63"),
    ("9741909606580Z", "PAYET", "Marie-Claire", date(1991, 9, 3), RE, "Saint-André", "",
     "mc.payet@exemple.re", "3 chemin Morange, 97440 Saint-André", "0693 12 48 90"),
    ("9741918096553Q", "TÉCHER", "Ludovic", date(1985, 1, 27), RE, "Saint-Denis", "",
     "ludovic.techer@exemple.re", "27 rue de la Gare, 97440 Saint-André", "0692 85 10 44"),
    ("9742006820511H", "K/BIDI", "Noémie", date(1996, 11, 8), RE, "Saint-Benoît", "",
     "noemie.kbidi@exemple.re", "8 allée des Letchis, 97470 Saint-Benoît", "0693 20 67 15"),
    ("9742080791916Y", "LAW-YAT", "Jérôme", date(1983, 6, 19), RE, "Saint-Denis", "",
     "jerome.lawyat@exemple.re", "52 rue du Stade, 97441 Sainte-Suzanne", "0692 33 58 02"),
    ("9742085583264E", "RIVIÈRE", "Anaïs", date(1994, 2, 14), FR, "Bordeaux", "33000",
     "anais.riviere@exemple.fr", "5 impasse des Bougainvilliers, 97412 Bras-Panon",
     "0692 70 14 36"),
    ("9742090211560N", "GRONDIN", "Sébastien", date(1979, 12, 30), RE, "Sainte-Rose", "",
     "sebastien.grondin@exemple.re", "112 route Nationale 2, 97439 Sainte-Rose",
     "0692 04 91 27"),
    ("9742092844962J", "BÈGUE", "Thérèse", date(1975, 5, 22), RE, "Bras-Panon", "",
     "", "19 chemin Bras-des-Chevrettes, 97440 Saint-André", "0262 46 18 72"),
    ("9741931038921U", "SINIMALÉ", "Kévin", date(1998, 7, 7), RE, "Saint-André", "",
     "kevin.sinimale@exemple.re", "41 rue Lacaussade, 97440 Saint-André", "0693 44 02 81"),
    ("9742093921474T", "AH-HONG", "Maëlys", date(1997, 3, 11), RE, "Saint-Denis", "",
     "maelys.ahhong@exemple.re", "6 rue Marcel-Pagnol, 97441 Sainte-Suzanne", "0692 19 75 60"),
    ("9742126914899M", "DIJOUX", "Cédric", date(1987, 10, 2), RE, "Salazie", "",
     "cedric.dijoux@exemple.re", "3 rue Général-de-Gaulle, Hell-Bourg, 97433 Salazie",
     "0692 58 23 09"),
    ("9742149514529C", "HOAREAU", "Gaëlle", date(1992, 5, 30), RE, "Saint-André", "",
     "gaelle.hoareau@exemple.re", "17 lotissement Les Flamboyants, 97440 Saint-André",
     "0693 61 37 48"),
    ("9742149831628H", "RAKOTOMALALA", "Fidy", date(1990, 8, 25), "Madagascar", "Antananarivo",
     "", "fidy.rakotomalala@exemple.re", "24 rue Labourdonnais, 97470 Saint-Benoît",
     "0692 27 84 51"),
    ("9742182202734S", "MOREL", "Stéphanie", date(1986, 12, 19), FR, "Lyon", "69003",
     "stephanie.morel@exemple.fr", "9 rue des Capucines, 97440 Saint-André", "0692 90 46 13"),
    ("9741944209850Q", "VIRAPOULLÉ", "Yannick", date(1993, 4, 1), RE, "Saint-André", "",
     "", "33 chemin Champ-Borne, 97440 Saint-André", ""),
    ("9742187439651I", "ETHÈVE", "Aurélie", date(1989, 1, 16), RE, "Sainte-Suzanne", "",
     "aurelie.etheve@exemple.re", "2 rue des Pêcheurs, 97441 Sainte-Suzanne", "0693 08 52 97"),
    ("9742192370848V", "MUSSARD", "Frédéric", date(1981, 8, 9), RE, "Saint-Benoît", "",
     "frederic.mussard@exemple.re", "58 rue Montfleury, 97470 Saint-Benoît", "0692 66 31 74"),
    # Saint-Pierre, Secrétaire assistant (224587) and CCP (224633)
    ("9742227379492Q", "GRONDIN", "Marie-Claire", date(1993, 3, 17), RE, "Saint-Pierre", "",
     "marieclaire.grondin@exemple.re", "12 rue des Bons-Enfants, 97410 Saint-Pierre",
     "0692 13 86 25"),
    ("9742249779866Z", "HOARAU", "Éloïse", date(2001, 5, 9), RE, "Saint-Pierre", "",
     "eloise.hoarau@exemple.re", "4 allée des Tamarins, 97430 Le Tampon", "0693 72 19 64"),
    ("9742258575164I", "PAYET", "François", date(1986, 8, 21), RE, "Le Tampon", "",
     "francois.payet@exemple.re", "218 rue Hubert-Delisle, 97430 Le Tampon", "0692 35 07 88"),
    ("9742281639208G", "TURPIN", "Océane", date(2000, 12, 2), RE, "Saint-Louis", "",
     "oceane.turpin@exemple.re", "7 rue du Gol, 97450 Saint-Louis", "0693 50 28 17"),
    ("9742293069599A", "BOYER", "Joëlle", date(1978, 2, 26), FR, "Marseille", "13005",
     "joelle.boyer@exemple.fr", "15 rue Victor-Le-Vigoureux, 97410 Saint-Pierre",
     "0692 81 64 30"),
    ("9742294268063H", "NATIVEL", "Inès", date(1999, 10, 15), RE, "Saint-Joseph", "",
     "ines.nativel@exemple.re", "36 rue Raphaël-Babet, 97480 Saint-Joseph", "0693 26 93 41"),
    ("9742317321959X", "SOILIHI", "Zaïnaba", date(1992, 4, 4), "Comores", "Moroni", "",
     "", "10 rue François-de-Mahy, 97410 Saint-Pierre", "0692 21 47 08"),
    ("9742336129876F", "LAURET", "Mickaël", date(1995, 1, 31), RE, "Le Tampon", "",
     "mickael.lauret@exemple.re", "82 route Nationale 3, 97418 Plaine-des-Cafres",
     "0692 47 15 92"),
    ("9742339455439A", "ADÉKALOM", "Marie-Josée", date(1982, 7, 13), RE, "Saint-Pierre", "",
     "mj.adekalom@exemple.re", "5 impasse des Goyaviers, 97410 Saint-Pierre", "0692 09 38 56"),
    ("9742341778751Y", "CLAIN", "Rémi", date(1997, 9, 28), RE, "Entre-Deux", "",
     "remi.clain@exemple.re", "21 rue du Dimitile, 97414 Entre-Deux", "0693 83 60 21"),
    ("9742353475200P", "DAMOUR", "Hélène", date(1980, 6, 6), RE, "Saint-Louis", "",
     "", "14 chemin Maison-Rouge, 97450 Saint-Louis", "0262 26 71 39"),
    ("9742387088244I", "RAMASSAMY", "Dimitri", date(1993, 11, 23), RE, "Saint-Pierre", "",
     "dimitri.ramassamy@exemple.re", "3 rue des Cocotiers, 97410 Saint-Pierre",
     "0692 52 17 84"),
    ("9742417701324H", "MAILLOT", "Sandrine", date(1984, 3, 9), FR, "Paris", "75012",
     "sandrine.maillot@exemple.fr", "46 rue Marius-et-Ary-Leblond, 97410 Saint-Pierre",
     "0693 14 55 70"),
    ("9742452946404H", "RANDRIANARISOA", "Vololona", date(1989, 12, 1), "Madagascar",
     "Toamasina", "", "vololona.randrianarisoa@exemple.re",
     "11 rue des Filaos, 97429 Petite-Île", "0692 60 82 13"),
    # Saint-François, Agent de propreté et d'hygiène (224689)
    ("9742453498635N", "MOUTAMA", "Teddy", date(1990, 2, 17), RE, "Saint-Denis", "",
     "teddy.moutama@exemple.re", "9 rue Jean-Chatel, 97400 Saint-Denis", "0692 31 94 06"),
    ("9742461915098S", "OMARJEE", "Yasmina", date(1995, 6, 23), RE, "Saint-Denis", "",
     "yasmina.omarjee@exemple.re", "27 rue du Maréchal-Leclerc, 97400 Saint-Denis",
     "0693 05 71 42"),
    ("9742477797750C", "LEBON", "Jean-Noël", date(1976, 9, 12), RE, "Sainte-Marie", "",
     "", "4 chemin Terrain-Élisa, 97438 Sainte-Marie", "0262 53 09 64"),
    ("9742486336937Q", "FOLIO", "Béatrice", date(1983, 5, 5), RE, "Sainte-Suzanne", "",
     "", "18 allée des Vacoas, 97441 Sainte-Suzanne", ""),
    ("9742511392503R", "GOVINDIN", "Loïc", date(2002, 1, 20), RE, "Saint-Denis", "",
     "loic.govindin@exemple.re", "Résidence Les Camélias, bât. C, 97490 Sainte-Clotilde",
     "0692 74 26 58"),
    ("9742513834277A", "RAMDHUN", "Kavita", date(1991, 10, 30), "Maurice", "Curepipe", "",
     "kavita.ramdhun@exemple.re", "63 rue de Paris, 97400 Saint-Denis", "0693 38 49 27"),
    ("9742513911280P", "ATTOUMANI", "Faïza", date(1998, 8, 14), FR, "Mamoudzou", "97600",
     "faiza.attoumani@exemple.re", "2 rue des Manguiers, 97490 Sainte-Clotilde",
     "0693 68 12 75"),
    ("9742518037837M", "GROSSET", "Jean-Luc", date(1972, 11, 3), RE, "La Possession", "",
     "jeanluc.grosset@exemple.re", "15 rue Leconte-de-Lisle, 97419 La Possession",
     "0692 16 53 89"),
    # Saint-Paul, ECSR (224724). The first record duplicates SINIMALÉ Kévin above: created at
    # Saint-Paul without accents instead of reusing his existing record (P§4.3).
    ("9742614159981I", "SINIMALE", "Kevin", date(1998, 7, 7), RE, "Saint-André", "",
     "kevin.sinimale@exemple.re", "7 rue Évariste-de-Parny, 97460 Saint-Paul", "0693 44 02 81"),
    ("9742538034736W", "VITRY", "Ophélie", date(1994, 7, 25), RE, "Saint-Paul", "",
     "ophelie.vitry@exemple.re", "22 chemin Summer, 97460 Saint-Paul", "0692 88 20 36"),
    ("9742569826322Q", "BAILLIF", "Clément", date(1990, 3, 3), RE, "Le Port", "",
     "clement.baillif@exemple.re", "5 rue Rico-Carpaye, 97420 Le Port", "0693 57 64 19"),
    ("9742648132160I", "GONTHIER", "Émilie", date(1988, 9, 18), FR, "Toulouse", "31000",
     "emilie.gonthier@exemple.fr", "31 rue des Palmiers, 97434 Saint-Gilles-les-Bains",
     "0692 22 75 40"),
    ("9742648225191J", "SÉRY", "Mathéo", date(1999, 4, 27), RE, "Saint-Leu", "",
     "matheo.sery@exemple.re", "12 rue du Lagon, 97436 Saint-Leu", "0693 90 13 62"),
    ("9742654961995C", "DALLEAU", "Chloé", date(1996, 1, 9), RE, "Trois-Bassins", "",
     "chloe.dalleau@exemple.re", "8 chemin des Goyaves, 97426 Trois-Bassins", "0692 43 86 71"),
    ("9742671045183R", "PICARD", "Gérald", date(1977, 6, 15), FR, "Nantes", "44000",
     "", "40 route des Colimaçons, 97436 Saint-Leu", "0262 34 58 16"),
]

P, AJ, AI = "Présent", "Absence justifiée", "Absence injustifiée"
ADMIS, PARTIEL, REFUSE = "Admis", "Partiellement admis", "Refusé"

# session -> (CERES number, presence, result, CCPs obtained, comment, parchment collected on)
INSCRIPTIONS: dict[str, list[tuple[str, str, str, str, str, date | None]]] = {
    CLOSED: [
        ("9741904730128M", P, ADMIS, "", "", date(2026, 10, 14)),
        ("9741909606580Z", P, ADMIS, "", "", date(2026, 10, 14)),
        ("9741918096553Q", P, ADMIS, "", "", None),
        ("9742006820511H", P, ADMIS, "", "", date(2026, 10, 16)),
        ("9742080791916Y", P, ADMIS, "", "", None),
        ("9742085583264E", P, ADMIS, "", "", date(2026, 10, 21)),
        ("9742090211560N", P, PARTIEL, "CP-10671",
         "Animation collective : objectifs non annoncés au groupe, messages de sécurité routière "
         "peu structurés ; séance de formation en véhicule conforme à la grille.", None),
        ("9742092844962J", P, ADMIS, "", "", None),
        ("9741931038921U", P, REFUSE, "",
         "Séance en véhicule : vérifications de sécurité non faites avant le départ ; animation "
         "collective : déroulé annoncé non respecté ; entretien technique : réglementation "
         "insuffisamment maîtrisée.", None),
        ("9742093921474T", P, ADMIS, "", "", date(2026, 10, 28)),
        ("9742126914899M", P, ADMIS, "", "", None),
        ("9742149514529C", P, ADMIS, "", "", date(2026, 11, 4)),
        ("9742149831628H", P, PARTIEL, "CP-10672",
         "Séance en véhicule : objectifs pédagogiques non formulés, pas d'évaluation de l'élève "
         "en fin de séance ; animation collective satisfaisante.", None),
        ("9742182202734S", AJ, "", "", "", None),
        ("9741944209850Q", AI, "", "", "", None),
        ("9742187439651I", P, ADMIS, "", "", date(2026, 11, 18)),
        ("9742192370848V", P, ADMIS, "", "", None),
    ],
    RESULTS: [
        ("9742227379492Q", P, PARTIEL, "CP-00970;CP-00971",
         "Mise en situation : éléments variables de paie mal calculés, déclaration préalable à "
         "l'embauche non traitée ; secrétariat et gestion commerciale conformes à la grille.",
         None),
        ("9742249779866Z", P, ADMIS, "", "", None),
        ("9742258575164I", P, ADMIS, "", "", None),
        ("9742281639208G", P, ADMIS, "", "", None),
        ("9742293069599A", P, REFUSE, "",
         "Mise en situation : courrier non conforme aux normes de présentation, tableau de suivi "
         "des commandes inexploitable ; entretien technique : procédures RH peu expliquées.",
         None),
        ("9742294268063H", P, PARTIEL, "CP-00972",
         "Mise en situation : compte rendu de réunion incomplet, devis et facture avec erreurs "
         "de calcul ; volet ressources humaines conforme à la grille.", None),
        ("9742317321959X", AJ, "", "", "", None),
        ("9742336129876F", AI, "", "", "", None),
        ("9742339455439A", P, ADMIS, "", "", None),
        ("9742341778751Y", P, ADMIS, "", "", None),
    ],
    CCP_SESSION: [
        # GRONDIN Marie-Claire completes the title with the CCP she lacked in 224587.
        ("9742227379492Q", P, ADMIS, "", "", None),
        ("9742353475200P", P, ADMIS, "", "", None),
        ("9742387088244I", P, REFUSE, "",
         "Mise en situation : état des absences du mois erroné, bulletin de salaire non "
         "contrôlé ; entretien technique : obligations de l'employeur peu maîtrisées.", None),
        ("9742417701324H", P, ADMIS, "", "", None),
        ("9742452946404H", AJ, "", "", "", None),
    ],
    CONVOKED: [(ceres, "", "", "", "", None) for ceres in (
        "9742453498635N", "9742461915098S", "9742477797750C", "9742486336937Q",
        "9742511392503R", "9742513834277A", "9742513911280P", "9742518037837M",
    )],
    DTE_SENT: [(ceres, "", "", "", "", None) for ceres in (
        "9742614159981I", "9742538034736W", "9742569826322Q", "9742648132160I",
        "9742648225191J", "9742654961995C", "9742671045183R",
    )],
}

JURY, SURVEILLANT = "Jury", "Surveillant"

# session -> (role, last name, first name, e-mail, phone, end of habilitation)
INTERVENANTS: dict[str, list[tuple[str, str, str, str, str, date | None]]] = {
    CLOSED: [
        (JURY, "FONTAINE", "Régis", "regis.fontaine@exemple.re", "0692 15 42 76",
         date(2028, 3, 31)),
        (JURY, "CADET", "Sylvie", "sylvie.cadet@exemple.re", "0693 27 80 14", date(2027, 6, 30)),
        (JURY, "NAZE", "Christian", "christian.naze@exemple.re", "0692 68 05 33",
         date(2026, 12, 31)),
        (SURVEILLANT, "VELLAYOUDOM", "Nadia", "nadia.vellayoudom@exemple.re", "0262 58 41 27",
         None),
        (SURVEILLANT, "ELMA", "Jocelyn", "jocelyn.elma@exemple.re", "0262 58 41 29", None),
    ],
    RESULTS: [
        (JURY, "ROBERT", "Patricia", "patricia.robert@exemple.re", "0692 36 71 58",
         date(2028, 9, 30)),
        (JURY, "HUET", "Gilbert", "gilbert.huet@exemple.re", "0693 48 12 90", date(2027, 2, 28)),
        (SURVEILLANT, "ZITTE", "Corinne", "corinne.zitte@exemple.re", "0262 96 52 84", None),
    ],
    CCP_SESSION: [
        (JURY, "ROBERT", "Patricia", "patricia.robert@exemple.re", "0692 36 71 58",
         date(2028, 9, 30)),
        (JURY, "MAUNIER", "Josiane", "josiane.maunier@exemple.re", "0692 77 24 61",
         date(2027, 11, 30)),
        (SURVEILLANT, "ZITTE", "Corinne", "corinne.zitte@exemple.re", "0262 96 52 84", None),
    ],
    CONVOKED: [
        (JURY, "LEBRETON", "Hervé", "herve.lebreton@exemple.re", "0692 53 90 17",
         date(2027, 10, 31)),
        (JURY, "COURTOIS", "Fabienne", "fabienne.courtois@exemple.re", "0693 11 66 45",
         date(2028, 5, 31)),
        (JURY, "ERNEST", "Jean-Paul", "jeanpaul.ernest@exemple.re", "0692 29 47 83",
         date(2027, 1, 31)),
        (SURVEILLANT, "SAMSON", "Laëtitia", "laetitia.samson@exemple.re", "0262 90 37 18", None),
    ],
    DTE_SENT: [
        (JURY, "FONTAINE", "Régis", "regis.fontaine@exemple.re", "0692 15 42 76",
         date(2028, 3, 31)),
        (JURY, "FOUCQUE", "Nadine", "nadine.foucque@exemple.re", "0693 62 38 07",
         date(2029, 4, 30)),
        (SURVEILLANT, "BOMMALAIS", "Patrick", "patrick.bommalais@exemple.re", "0262 45 68 35",
         None),
        (SURVEILLANT, "PAUSÉ", "Murielle", "murielle.pause@exemple.re", "0262 45 68 36", None),
    ],
}


# Last name -> postal address, for the few intervenants whose convocation is posted to them
# (the others' shows their name only).
INTERVENANT_ADDRESSES = {
    "FONTAINE": "12 chemin Boeuf Mort, 97400 Saint-Denis",
    "NAZE": "5 rue des Flamboyants, 97440 Saint-André",
    "ELMA": "21 allée des Tamarins, 97470 Saint-Benoît",
    "LEBRETON": "40 avenue de Bourbon, 97410 Saint-Pierre",
}


def keyed(keys: tuple[str, ...],
          rows: Iterable[tuple[object, ...]]) -> list[dict[str, object]]:
    """Each row as a dict keyed by `keys` (as many keys as values)."""
    return [dict(zip(keys, row, strict=True)) for row in rows]


def rows_by_key() -> dict[str, list[dict[str, object]]]:
    """Every sheet's rows, each a dict keyed by the contract's column keys."""
    return {
        "Centres": keyed(("code", "name", "short_name", "address", "phone", "email"), CENTRES),
        "Titres": keyed(("code", "label", "short", "tests", "timetable", "documents"), TITLES),
        "CCP": [{**row, **CCP_TESTS.get(str(row["code"]), {})}
                for row in keyed(("title", "code", "label"), CCPS)],
        "Agréments": keyed(("number", "centre", "title", "start", "end"), AGREMENTS),
        "Sessions": SESSIONS,
        "Candidats": keyed(("id", "last_name", "first_name", "birth_date", "birth_country",
                            "birth_city", "birth_postcode", "email", "address", "phone"),
                           CANDIDATES),
        "Inscriptions": keyed(
            ("session", "candidate", "presence", "result", "ccps", "comment", "collected"),
            [(session, *row) for session, rows in INSCRIPTIONS.items() for row in rows],
        ),
        "Intervenants": keyed(
            ("session", "role", "last_name", "first_name", "email", "phone", "habilitation_end",
             "address"),
            [(session, *row, INTERVENANT_ADDRESSES.get(row[1], ""))
             for session, rows in INTERVENANTS.items() for row in rows],
        ),
    }


def fill(sheet: Worksheet, spec: schema.Sheet, rows: list[dict[str, object]]) -> None:
    """Write rows under the headers new_workbook() put in row 1, with each column's format."""
    positions = {cell.value: cell.column for cell in sheet[1]}
    columns = {column.key: column for column in spec.columns}
    for number, row in enumerate(rows, start=2):
        unknown = set(row) - set(columns)
        if unknown:
            raise KeyError(f"{spec.name}: unknown keys {sorted(unknown)}")
        for key, value in row.items():
            if value is None or value == "":
                continue
            column = columns[key]
            cell = sheet.cell(row=number, column=positions[column.header], value=value)
            if column.kind in NUMBER_FORMATS:
                cell.number_format = NUMBER_FORMATS[column.kind]


def build_workbook() -> Workbook:
    """The sample workbook: ceres-docs' empty workbook filled with the data above."""
    book = new_workbook()
    parameters = book["Paramètres"]
    for row in parameters.iter_rows(min_row=2):
        if row[0].value in PARAMETERS:
            row[1].value = PARAMETERS[row[0].value]
    for name, rows in rows_by_key().items():
        fill(book[name], schema.sheet(name), rows)
    book.properties.creator = "ceres-docs (samples/build_sample.py)"
    book.properties.created = SNAPSHOT
    return book


def reproducible_bytes(book: Workbook) -> bytes:
    """The .xlsx with fixed timestamps, so that regenerating it changes nothing.

    openpyxl stamps docProps/core.xml's "modified" with the time of saving, every zip entry
    with the current time (both are set to SNAPSHOT; entries keep openpyxl's order), and
    docProps/app.xml with its own version (replaced by APPLICATION)."""
    saved = io.BytesIO()
    book.save(saved)
    stamp = SNAPSHOT.strftime("%Y-%m-%dT%H:%M:%SZ")
    out = io.BytesIO()
    with zipfile.ZipFile(saved) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "docProps/core.xml":
                data, found = re.subn(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                                      rb"\g<1>" + stamp.encode() + rb"\g<2>", data)
                if found != 1:
                    raise ValueError("docProps/core.xml: no single dcterms:modified to fix")
            elif item.filename == "docProps/app.xml":
                # openpyxl writes its own version here: the file would change with it.
                data, found = re.subn(rb"<Application>[^<]*</Application>",
                                      b"<Application>" + APPLICATION + b"</Application>", data)
                if found != 1:
                    raise ValueError("docProps/app.xml: no single Application to fix")
            info = zipfile.ZipInfo(item.filename, date_time=SNAPSHOT.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            target.writestr(info, data)
    return out.getvalue()


def build(output: Path = DEFAULT_OUTPUT) -> Path:
    """Write the sample workbook to `output` (samples/sessions.xlsx by default)."""
    write_whole(output, reproducible_bytes(build_workbook()))
    return output


def main(argv: list[str] | None = None) -> Path:
    parser = argparse.ArgumentParser(description="Construit le classeur d'exemple sessions.xlsx.")
    parser.add_argument("output", nargs="?", type=Path, default=DEFAULT_OUTPUT,
                        help=f"fichier à écrire (par défaut {DEFAULT_OUTPUT})")
    output = build(parser.parse_args(argv).output)
    print(f"Classeur d'exemple écrit : {output}")
    return output


if __name__ == "__main__":
    main()
