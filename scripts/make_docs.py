"""Writes docs/classeur.md from the workbook contract (ceres_docs/schema.py) and the catalogue
of checks (ceres_docs/checks.py), and docs/modeles.md from the kind registry (ceres_docs/kinds.py).

Run it after changing the contract: `python scripts/make_docs.py`. A test fails while the
document is out of date.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ceres_docs import schema  # noqa: E402
from ceres_docs.checks import CATALOGUE  # noqa: E402
from ceres_docs.columns import example_of, format_of, need_of  # noqa: E402
from ceres_docs.report import SEVERITY_LABELS  # noqa: E402


def render() -> str:
    lines = [
        "# Le classeur ceres-docs",
        "",
        "<!-- Généré par scripts/make_docs.py à partir de ceres_docs/schema.py et "
        "ceres_docs/checks.py : ne pas "
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
        "- les lignes entièrement vides sont ignorées, même mises en forme (bordures, "
        "formats) ;",
        "- une formule est lue par la valeur qu'Excel a calculée et enregistrée avec le "
        "classeur ; les cellules fusionnées ne sont pas permises dans les colonnes lues ;",
        "- une date est une vraie date Excel, un texte `JJ/MM/AAAA` ou avec le mois en lettres "
        "(« 3 février 1985 », « 1er mars 2027 ») ; une heure s'écrit "
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
            example = f" Exemple : `{example_of(column)}`." if example_of(column) else ""
            lines.append(f"| {column.header} | {format_of(column)} | {need_of(column)} | "
                         f"{column.help}{example} |")
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
        "| Code | Gravité | Contrôle | Référence | Explication |",
        "|---|---|---|---|---|",
    ]
    lines += [f"| `{check.code}` | {SEVERITY_LABELS[check.severity]} | {check.title} | "
              f"{check.reference or '—'} | {check.explanation} |" for check in CATALOGUE]
    lines.append("")
    return "\n".join(lines)


LOOP_ITEMS = {"jury": "membre", "ccps": "ccp", "candidats": "c", "laureats": "l",
              "groupes": "g", "fiches": "f"}


def _flatten(prefix: str, value: object) -> list[tuple[str, str]]:
    if isinstance(value, dict):
        rows = []
        for key, item in value.items():
            rows += _flatten(f"{prefix}.{key}", item)
        return rows
    if isinstance(value, list):
        if value and isinstance(value[0], dict):
            item = LOOP_ITEMS.get(prefix.rsplit(".", 1)[-1], "element")
            rows = [(prefix, f"liste ({len(value)} dans l'exemple) : "
                             f"`{{%tr for {item} in {prefix} %}}`")]
            for key, sub in value[0].items():
                rows += _flatten(f"{item}.{key}", sub)
            return rows
        return [(prefix, "liste")]
    if isinstance(value, bool):
        return [(prefix, "oui/non (pour `{% if %}`)")]
    text = str(value).replace("\n", " ").replace("|", "/")
    return [(prefix, f"`{text[:60]}`" if text else "(vide)")]


def render_templates() -> str:
    from ceres_docs.kinds import COMMON_VARIABLES, HEADER_VARIABLES, KIND, TEMPLATE_FILES
    from ceres_docs.templatecheck import example_contexts

    examples = example_contexts()
    lines = [
        "# Les modèles de documents",
        "",
        "<!-- Généré par scripts/make_docs.py : ne pas modifier à la main. -->",
        "",
        "Chaque document est produit à partir d'un modèle Word (.docx) du dossier `templates/`, "
        "rempli avec [docxtpl](https://docxtpl.readthedocs.io) (syntaxe Jinja).",
        "",
        "Pour adapter les modèles d'un centre (en-tête, logo, formules) :",
        "",
        "```sh",
        "ceres-docs templates export modeles-centre     # copie les modèles par défaut",
        "# … modifier les .docx dans Word ou LibreOffice …",
        "ceres-docs templates check modeles-centre      # variables inconnues ou manquantes",
        "ceres-docs generate sessions.xlsx --out documents --templates modeles-centre",
        "```",
        "",
        "Règles :",
        "",
        "- une variable s'écrit `{{ candidat.nom }}` ; tapez-la d'un seul trait (sans changer "
        "de mise en forme au milieu), sinon Word la coupe en morceaux ;",
        "- une ligne de tableau répétée : une ligne contenant seulement "
        "`{%tr for ccp in resultat.ccps %}`, la ligne modèle, puis une ligne `{%tr endfor %}` ;",
        "- un paragraphe conditionnel : `{%p if session.epreuves %}` … `{%p endif %}`, chacun "
        "seul dans son paragraphe ;",
        "- le contenu des cellules du classeur est toujours imprimé tel quel (`&`, `<`, "
        "`{{ … }}` compris) : il n'est jamais interprété ;",
        "- les modèles sont exécutés dans un bac à sable : ils ne peuvent ni lire de fichier ni "
        "appeler de fonction Python ;",
        f"- **en-têtes et pieds de page** : seules les variables "
        f"{', '.join(f'`{v}`' for v in sorted(HEADER_VARIABLES))} y sont permises (les documents "
        "de plusieurs sessions sont produits ensemble, un par section) ; tout ce qui dépend de "
        "la session ou de la personne va dans le corps du document ;",
        "- chaque document commence sur une nouvelle page et sa numérotation de pages repart "
        "de 1 (champ PAGE).",
        "",
        "## Variables communes à tous les modèles",
        "",
        "| Variable | Exemple |",
        "|---|---|",
    ]
    common = examples["pv-general"]
    for name in sorted(COMMON_VARIABLES):
        lines += [f"| `{key}` | {example} |" for key, example in _flatten(name, common[name])]
    lines.append("")
    for kind in TEMPLATE_FILES:
        context = examples[kind]
        described = KIND[kind]
        essential = ", ".join(f"`{v}`" for v in sorted(described.essential))
        if described.session:
            made = f"Fichiers `{described.prefix}_…`."
        else:
            common = ", ".join(f"`{v}`" for v in sorted(described.may_use - set(
                described.variables)))
            made = (f"Lettre de la commande `ceres-docs {kind}`, qui ne concerne pas une "
                    f"session : des variables communes, seules {common} y sont disponibles.")
        lines += [f"## `{kind}.docx`", "",
                  f"{made} Variables à afficher au minimum : {essential}.", "",
                  "| Variable | Exemple |", "|---|---|"]
        for name in described.variables:
            lines += [f"| `{key}` | {example} |" for key, example in _flatten(name,
                                                                              context[name])]
        lines.append("")
    return "\n".join(lines)


DOCS = Path(__file__).resolve().parent.parent / "docs"
TARGETS = {"classeur.md": render, "modeles.md": render_templates}

if __name__ == "__main__":
    for name, build in TARGETS.items():
        (DOCS / name).write_text(build(), encoding="utf-8")
        print(f"écrit : {DOCS / name}")
