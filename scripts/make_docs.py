"""Writes docs/classeur.md from the workbook contract (ceres_docs/schema.py).

Run it after changing the contract: `python scripts/make_docs.py`. A test fails while the
document is out of date.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ceres_docs import schema  # noqa: E402

KINDS = {
    "text": "texte",
    "code": "code",
    "title_code": "code titre (TP-00000)",
    "ccp_code": "code CCP (CP-00000)",
    "ccp_list": "codes CCP séparés par « ; »",
    "session_id": "nombre (ID CERES)",
    "ceres_id": "N° CERES (13 chiffres + 1 lettre)",
    "email": "adresse électronique",
    "postcode": "code postal (5 chiffres)",
    "phone": "téléphone",
    "date": "date (JJ/MM/AAAA)",
    "time": "heure (9:00, 9h, 8h30)",
    "choice": "liste",
}

RULES = [
    ("unreadable-workbook", "Erreur", "Le fichier n'est pas un classeur .xlsx lisible (vide, "
     "CSV, .ods, .xls, protégé par mot de passe, endommagé) ; seul cas où rien d'autre n'est "
     "vérifié."),
    ("missing-sheet", "Erreur", "Une feuille du classeur manque."),
    ("missing-column", "Erreur", "Une colonne obligatoire manque ; l'en-tête le plus proche est "
     "proposé."),
    ("duplicate-column", "Erreur", "Deux colonnes portent le même en-tête."),
    ("header-not-first-row", "Erreur", "Les en-têtes ne sont pas en ligne 1."),
    ("too-many-rows", "Erreur", "Une feuille dépasse 200 000 lignes : la suite n'est pas lue."),
    ("workbook-open", "Attention", "Le classeur est ouvert dans Excel (fichier ~$ à côté) : "
     "seules les données enregistrées sont lues."),
    ("required-value", "Erreur", "Une cellule obligatoire est vide."),
    ("invalid-date", "Erreur", "Date illisible ou inexistante (31/02/1990)."),
    ("invalid-time", "Erreur", "Heure illisible."),
    ("invalid-choice", "Erreur", "Valeur hors de la liste (la casse et les accents sont "
     "ignorés)."),
    ("invalid-title-code", "Erreur", "Code titre mal formé."),
    ("invalid-ccp-code", "Erreur", "Code CCP mal formé."),
    ("invalid-ccp-list", "Erreur", "Un des « CCP obtenus » est mal formé."),
    ("invalid-session-id", "Erreur", "N° session autre que des chiffres."),
    ("invalid-ceres-id", "Erreur", "N° CERES mal formé."),
    ("invalid-email", "Erreur", "Adresse électronique mal formée."),
    ("invalid-postcode", "Erreur", "Code postal mal formé."),
    ("duplicate-key", "Erreur", "Code centre, code titre, code CCP, N° session ou N° CERES en "
     "double."),
    ("missing-parameter", "Erreur", "Paramètre obligatoire absent (Organisme)."),
    ("unknown-parameter", "Attention", "Paramètre inconnu, ignoré."),
    ("invalid-parameter", "Erreur", "Valeur de paramètre invalide."),
    ("unknown-centre", "Erreur", "Code centre absent de la feuille Centres."),
    ("unknown-title", "Erreur", "Code titre absent de la feuille Titres."),
    ("unknown-ccp", "Erreur", "Code CCP absent de la feuille CCP."),
    ("unknown-session", "Erreur", "N° session absent de la feuille Sessions."),
    ("unknown-candidate", "Erreur", "N° CERES absent de la feuille Candidats."),
    ("invalid-short-name", "Erreur", "Nom court ou abrégé sans lettre ni chiffre (noms de "
     "fichiers)."),
    ("ccp-required", "Erreur", "Session CCP sans code CCP."),
    ("ccp-not-expected", "Erreur", "Session Titre avec un code CCP."),
    ("ccp-not-in-title", "Erreur", "CCP (de la session ou obtenu) qui n'appartient pas au titre."),
    ("end-before-start", "Erreur", "Date de fin avant la date de début (session, agrément)."),
    ("real-end-before-start", "Erreur", "Date réelle de fin avant la date de début."),
    ("no-agrement", "Erreur", "Aucun agrément du centre pour le titre : demande d'agrément par "
     "le MF (P§2)."),
    ("agrement-expired", "Erreur", "Session après la fin de l'agrément : procédure d'un an "
     "(P§2)."),
    ("agrement-not-started", "Erreur", "Session avant le début de l'agrément."),
    ("duplicate-inscription", "Erreur", "Le même candidat inscrit deux fois à une session."),
    ("absent-with-result", "Erreur", "Candidat absent avec un résultat ou des CCP (P§7)."),
    ("result-without-presence", "Erreur", "Résultat saisi sans la présence."),
    ("partial-without-ccp", "Erreur", "« Partiellement admis » sans CCP obtenus (P§7)."),
    ("refused-with-ccp", "Attention", "« Refusé » avec des CCP obtenus."),
    ("partial-with-all-ccps", "Attention", "« Partiellement admis » avec tous les CCP du titre."),
    ("partial-in-ccp-session", "Attention", "« Partiellement admis » dans une session CCP."),
    ("missing-comment", "Attention", "Candidat présent, partiellement admis ou refusé, sans "
     "commentaire (P§7)."),
    ("collected-before-reception", "Erreur", "Parchemin retiré avant sa réception (P§11)."),
    ("results-without-real-end", "Erreur", "Résultats saisis sans date réelle de fin (N)."),
    ("closed-without-result", "Erreur", "Session clôturée avec un candidat sans résultat ni "
     "absence (P§9)."),
    ("birth-postcode-missing", "Erreur", "Né(e) en France sans code postal (P§4)."),
    ("birth-postcode-reunion", "Erreur", "Né(e) à La Réunion avec un code postal (P§4)."),
    ("birth-date-future", "Erreur", "Date de naissance dans le futur."),
    ("duplicate-person", "Attention", "Même personne (nom, prénom, date de naissance) sous "
     "plusieurs N° CERES (P§4.3)."),
    ("jury-too-small", "Erreur", "Session avec candidats et moins de deux membres de jury."),
    ("habilitation-expired", "Erreur", "Habilitation d'un jury finie avant la fin de la "
     "session."),
    ("habilitation-missing", "Attention", "Jury sans date de fin d'habilitation."),
]


def render() -> str:
    lines = [
        "# Le classeur ceres-docs",
        "",
        "<!-- Généré par scripts/make_docs.py à partir de ceres_docs/schema.py : ne pas "
        "modifier à la main. -->",
        "",
        "Un seul classeur Excel (.xlsx) rassemble les sessions, les candidats, les jurys et les "
        "résultats. `ceres-docs init classeur.xlsx` en crée un vide, avec des listes "
        "déroulantes et une feuille « Lisez-moi ».",
        "",
        "Règles de lecture :",
        "",
        "- les en-têtes sont en **ligne 1**, les données à partir de la ligne 2 ;",
        "- les colonnes sont reconnues par leur en-tête : l'ordre est libre, des colonnes en "
        "plus sont permises, les espaces autour (même insécables) sont ignorés ;",
        "- les lignes entièrement vides sont ignorées ;",
        "- une date est une vraie date Excel ou un texte `JJ/MM/AAAA` ; une heure s'écrit "
        "`9:00`, `09:00`, `9h` ou `8h30` ;",
        "- les valeurs de liste sont reconnues sans tenir compte des majuscules ni des accents "
        "(« admis », « ABSENCE JUSTIFIEE ») ;",
        "- une colonne **obligatoire** doit exister ; une valeur **requise** ne peut pas être "
        "vide ; une colonne *facultative* peut manquer.",
        "",
    ]
    for spec in schema.SHEETS:
        lines += [f"## Feuille « {spec.name} »", "", spec.help, ""]
        lines += ["| Colonne | Type | Saisie | Description |", "|---|---|---|---|"]
        for column in spec.columns:
            kind = KINDS[column.kind]
            if column.choices:
                kind += " : " + ", ".join(column.choices)
            need = "requise" if column.required else ("colonne facultative" if column.optional
                                                      else "peut être vide")
            example = f" Exemple : `{column.example}`." if column.example else ""
            lines.append(f"| {column.header} | {kind} | {need} | {column.help}{example} |")
        lines.append("")
        if spec.name == "Paramètres":
            lines += ["Paramètres reconnus :", "", "| Paramètre | Description | Par défaut |",
                      "|---|---|---|"]
            for parameter in schema.PARAMETERS:
                need = " Obligatoire." if parameter.required else ""
                lines.append(f"| {parameter.name} | {parameter.help}{need} | "
                             f"{parameter.default or '—'} |")
            lines.append("")
    lines += [
        "## Contrôles de `ceres-docs validate`",
        "",
        "Chaque anomalie a un code stable (affiché avec `--json`), une gravité et un "
        "emplacement (feuille, ligne, colonne). Une **erreur** bloque la production des "
        "documents ; un **avertissement** signale un point à vérifier. P§ renvoie à la "
        "procédure CERES du centre, N à la lettre d'information CERES n°13.",
        "",
        "| Code | Gravité | Contrôle |",
        "|---|---|---|",
    ]
    lines += [f"| `{code}` | {severity} | {text} |" for code, severity, text in RULES]
    lines.append("")
    return "\n".join(lines)


TARGET = Path(__file__).resolve().parent.parent / "docs" / "classeur.md"

if __name__ == "__main__":
    TARGET.write_text(render(), encoding="utf-8")
    print(f"écrit : {TARGET}")
