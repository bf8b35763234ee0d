"""The ceres-docs command line: a thin layer over the library."""

from __future__ import annotations

import json
from pathlib import Path

import click

from . import __version__
from .annotate import write_report_copy
from .errors import CeresDocsError
from .newbook import create_workbook
from .report import format_table
from .rules import validate as validate_workbook

WORKBOOK = click.Path(exists=True, dir_okay=False, path_type=Path)
CONTEXT = {"help_option_names": ["-h", "--help"]}


@click.group(context_settings=CONTEXT)
@click.version_option(__version__, message="ceres-docs %(version)s")
def cli() -> None:
    """Les documents des sessions d'examen CERES, à partir d'un classeur Excel.

    Commencez par « ceres-docs init sessions.xlsx », remplissez le classeur,
    puis vérifiez-le avec « ceres-docs validate sessions.xlsx ».
    """


@cli.command()
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
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
@click.argument("workbook", type=WORKBOOK)
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
    if report is not None and report.resolve() == workbook.resolve():
        raise click.BadParameter(
            "la copie annotée doit avoir un autre nom que le classeur vérifié.",
            param_hint="--report",
        )
    try:
        result = validate_workbook(workbook)
        if report is not None:
            write_report_copy(workbook, result.report, report)
    except CeresDocsError as error:
        raise click.ClickException(str(error)) from None
    if as_json:
        click.echo(json.dumps(result.report.to_dict(), ensure_ascii=False, indent=2))
    else:
        click.echo(format_table(result.report))
        if report is not None:
            click.echo(f"Copie annotée : {report}")
    raise SystemExit(int(not result.report.valid))
