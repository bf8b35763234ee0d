"""The ceres-docs command line: a thin layer over the library."""

from __future__ import annotations

import json
from pathlib import Path

import click

from . import __version__
from .annotate import write_report_copy
from .errors import CeresDocsError, WorkbookUnreadable
from .newbook import create_workbook
from .report import ERROR, Issue, Report, format_table
from .rules import validate as validate_workbook

# Click's own words (usage errors, help headings) in French: its modules look each message up
# through a module-level gettext function, which we point at this catalogue.
FRENCH = {
    "Usage:": "Utilisation :",
    "Commands": "Commandes",
    "Show this message and exit.": "Afficher cette aide et quitter.",
    "Show the version and exit.": "Afficher la version et quitter.",
    "Error: {message}": "Erreur : {message}",
    "Try '{command} {option}' for help.": "Tapez « {command} {option} » pour l'aide.",
    "Invalid value: {message}": "Valeur invalide : {message}",
    "Invalid value for {param_hint}: {message}": "Valeur invalide pour {param_hint} : {message}",
    "Missing argument": "Argument manquant",
    "Missing option": "Option manquante",
    "Missing parameter": "Paramètre manquant",
    "Missing {param_type}": "Il manque : {param_type}",
    "Missing parameter: {param_name}": "Paramètre manquant : {param_name}",
    "Missing command.": "Commande manquante.",
    "No such option {name!r}.": "Option {name!r} inconnue.",
    "No such command {name!r}.": "Commande {name!r} inconnue.",
    "Did you mean {possibility}?": "Vouliez-vous dire {possibility} ?",
    "(Did you mean one of: {possibilities}?)": "(Vouliez-vous dire : {possibilities} ?)",
    "Got unexpected extra argument ({args})": "Argument en trop ({args})",
    "Got unexpected extra arguments ({args})": "Arguments en trop ({args})",
    "Option {name!r} requires an argument.": "L'option {name!r} attend une valeur.",
    "Option {name!r} requires {nargs} arguments.": "L'option {name!r} attend {nargs} valeurs.",
    "Option {name!r} does not take a value.": "L'option {name!r} ne prend pas de valeur.",
    "Aborted!": "Interrompu.",
    "file": "fichier",
    "directory": "dossier",
    "path": "chemin",
    "{name} {filename!r} does not exist.": "{name} {filename!r} introuvable.",
    "{name} {filename!r} is a file.": "{name} {filename!r} : c'est un fichier.",
    "{name} {filename!r} is a directory.": "{name} {filename!r} : c'est un dossier.",
    "{name} {filename!r} is not readable.": "{name} {filename!r} : lecture non autorisée.",
    "{name} {filename!r} is not writable.": "{name} {filename!r} : écriture non autorisée.",
    "{value!r} is not {choice}.": "{value!r} n'est pas {choice}.",
    "{value!r} is not one of {choices}.": "{value!r} ne fait pas partie de : {choices}.",
    "{value!r} is not a valid {number_type}.": "{value!r} n'est pas un nombre valide.",
    "{value!r} does not match the format {format}.":
        "{value!r} ne correspond pas au format {format}.",
    "{value!r} does not match the formats {formats}.":
        "{value!r} ne correspond à aucun des formats {formats}.",
    "default: {default}": "par défaut : {default}",
}


def _french(message: str) -> str:
    return FRENCH.get(message, message)


def _french_plural(singular: str, plural: str, count: int) -> str:
    return _french(singular if count == 1 else plural)


for _module in (click.core, click.decorators, click.exceptions, click.formatting,
                click.parser, click.types, click.termui):
    if hasattr(_module, "_"):
        _module._ = _french  # type: ignore[attr-defined]
    if hasattr(_module, "ngettext"):
        _module.ngettext = _french_plural  # type: ignore[attr-defined]

WORKBOOK = click.Path(exists=True, dir_okay=False, path_type=Path)
CONTEXT = {"help_option_names": ["-h", "--help"]}


@click.group(context_settings=CONTEXT, subcommand_metavar="COMMANDE [ARGUMENTS]...")
@click.version_option(__version__, message="ceres-docs %(version)s",
                      help="Afficher la version et quitter.")
def cli() -> None:
    """Les documents des sessions d'examen CERES, à partir d'un classeur Excel.

    Commencez par « ceres-docs init sessions.xlsx », remplissez le classeur,
    puis vérifiez-le avec « ceres-docs validate sessions.xlsx ».
    """


@cli.command()
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path), metavar="CLASSEUR")
@click.option("--force", is_flag=True, help="Remplacer le fichier s'il existe déjà.")
def init(path: Path, force: bool) -> None:
    """Créer un classeur vide, prêt à remplir.

    Toutes les feuilles y sont, avec leurs en-têtes, des listes déroulantes et
    une feuille « Lisez-moi » qui explique chaque colonne. Un fichier existant
    n'est jamais remplacé sans --force.

    Exemple :

        ceres-docs init sessions.xlsx
    """
    try:
        create_workbook(path, force=force)
    except CeresDocsError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Classeur créé : {path}")


@cli.command()
@click.argument("workbook", type=WORKBOOK, metavar="CLASSEUR")
@click.option("--json", "as_json", is_flag=True, help="Afficher le rapport en JSON.")
@click.option(
    "--report",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Écrire une copie du classeur avec les cellules en cause colorées et commentées.",
)
def validate(workbook: Path, as_json: bool, report: Path | None) -> None:
    """Vérifier un classeur selon les règles de la procédure.

    Affiche chaque anomalie avec sa feuille, sa cellule et ce qu'il faut
    corriger. Code de sortie 0 si aucune erreur (les avertissements sont
    permis), 1 sinon. Le classeur n'est jamais modifié.

    Exemple :

        ceres-docs validate sessions.xlsx --report anomalies.xlsx
    """
    if report is not None and (report.resolve() == workbook.resolve()
                               or report.exists() and report.samefile(workbook)):
        raise click.BadParameter(
            "la copie annotée doit avoir un autre nom que le classeur vérifié.",
            param_hint="--report",
        )
    try:
        result = validate_workbook(workbook)
        if report is not None:
            write_report_copy(workbook, result.report, report)
    except WorkbookUnreadable as error:
        if as_json:
            unreadable = Report([Issue(ERROR, "unreadable-workbook", None, None, None, None,
                                       str(error))])
            click.echo(json.dumps(unreadable.to_dict(), ensure_ascii=False, indent=2))
            raise SystemExit(1) from None
        raise click.ClickException(str(error)) from None
    except CeresDocsError as error:
        raise click.ClickException(str(error)) from None
    if as_json:
        click.echo(json.dumps(result.report.to_dict(), ensure_ascii=False, indent=2))
    else:
        click.echo(format_table(result.report))
        if report is not None:
            click.echo(f"Copie annotée : {report}")
    raise SystemExit(int(not result.report.valid))
