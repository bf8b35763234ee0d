"""The ceres-docs command line: a thin layer over the library."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import shutil
import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from . import __version__
from .agenda import (
    LATE,
    TODO,
    agenda,
    event_count,
    format_agenda,
    format_stages,
    to_ics,
    to_json,
)
from .errors import CeresDocsError, WorkbookUnreadable
from .kinds import BUNDLE_KIND, KINDS, TEMPLATE_FILES
from .output import write_whole
from .report import Issue, Report, format_table, plural
from .rules import InvalidWorkbook
from .rules import validate as validate_workbook
from .workbook import OPEN_IN_EXCEL

if TYPE_CHECKING:
    from .accounts import Accounts

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
    "Error: The two entered values do not match.":
        "Erreur : les deux saisies diffèrent ; recommencez.",
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
    "required": "obligatoire",
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

class WorkbookPath(click.Path):
    """An existing workbook. « sessions » finds sessions.xlsx, as Windows hides extensions;
    a name not found is answered with the workbooks of its folder."""

    def __init__(self) -> None:
        super().__init__(exists=True, dir_okay=False, path_type=Path)

    def convert(self, value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> Any:
        path = Path(value)
        if not path.exists():
            named = path.with_name(path.name + ".xlsx") if path.name else path
            if path.suffix.lower() != ".xlsx" and named.is_file():
                click.echo(f"Classeur lu : {named}", err=True)
                return super().convert(named, param, ctx)
            self.fail(_workbook_not_found(path), param, ctx)
        return super().convert(value, param, ctx)


def _workbook_not_found(path: Path) -> str:
    """Where a workbook is not, and the workbooks that are in its folder."""
    folder = path.parent
    where = "le dossier courant" if str(folder) == "." else f"le dossier « {folder} »"
    if not folder.is_dir():
        return f"classeur « {path} » introuvable : {where} n'existe pas."
    names = sorted(p.name for p in folder.iterdir()
                   if p.suffix.lower() == ".xlsx" and not p.name.startswith("~$"))
    if not names:
        return f"classeur « {path} » introuvable, et {where} ne contient aucun classeur .xlsx."
    shown = ", ".join(names[:10]) + (", …" if len(names) > 10 else "")
    return (f"classeur « {path} » introuvable. Classeurs .xlsx dans {where} : {shown}. "
            "Tapez le nom de l'un d'eux.")


WORKBOOK = WorkbookPath()
INTERRUPTED = "Interrompu : aucun document n'a été modifié."


def _iso_date(ctx: click.Context, param: click.Parameter, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.datetime.strptime(value, "%Y-%m-%d").date()
    except ValueError:
        raise click.BadParameter(
            f"« {value} » n'est pas une date au format AAAA-MM-JJ (par exemple 2026-11-25)."
        ) from None
STOPPED = FRENCH["Aborted!"]  # a command with nothing to undo


@contextmanager
def failures_in_french(interrupted: str = INTERRUPTED) -> Iterator[None]:
    """Library failures as « Erreur : … » and exit 1 (with the table of a workbook's errors);
    Ctrl-C as one line and exit 130. Never a traceback. Every command runs its library calls
    in here: the one place where a CeresDocsError becomes what the user reads."""
    previous = {number: signal.signal(number, _interrupt) for number in STOP_SIGNALS}
    try:
        yield
    except InvalidWorkbook as error:
        click.echo(format_table(error.report, _width()))
        raise click.ClickException(str(error)) from None
    except CeresDocsError as error:
        raise click.ClickException(str(error)) from None
    except KeyboardInterrupt:
        click.echo(interrupted, err=True)
        raise SystemExit(130) from None
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


def _width(err: bool = False) -> int | None:
    """The console's width when printing to one, so that long messages wrap under their
    column; None (no wrapping) into a file or a pipe."""
    stream = sys.stderr if err else sys.stdout
    return shutil.get_terminal_size().columns if stream.isatty() else None


# Being stopped (kill, a closed terminal or console window) is handled like Ctrl-C: the run
# is undone and LibreOffice stopped, never left running.
STOP_SIGNALS = [getattr(signal, name) for name in ("SIGTERM", "SIGHUP", "SIGBREAK")
                if hasattr(signal, name)]


def _interrupt(number: int, frame: object) -> None:
    raise KeyboardInterrupt


SUBCOMMANDS = "COMMANDE [ARGUMENTS]..."


class FrenchHelp(click.HelpFormatter):
    """Help headings as French writes them: « Options : », « Commandes : »."""

    def write_heading(self, heading: str) -> None:
        self.write(f"{'':>{self.current_indent}}{heading} :\n")


class FrenchContext(click.Context):
    formatter_class = FrenchHelp


class FrenchCommand(click.Command):
    context_class = FrenchContext


class FrenchGroup(click.Group):
    """A group whose help is French to the last word, « COMMANDE [ARGUMENTS]... » included,
    and so are its commands' and subgroups'."""

    context_class = FrenchContext
    command_class = FrenchCommand

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("subcommand_metavar", SUBCOMMANDS)
        super().__init__(*args, **kwargs)


FrenchGroup.group_class = FrenchGroup


class Console(FrenchGroup):
    """The command line as run from a console, a file or a pipe (not CliRunner)."""

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        # Output redirected to a file or a pipe is encoded in the console's code page (cp1252
        # on a French Windows), which has no « Ễ » (NGUYỄN) nor « ☐ »: text from a workbook
        # must never end a run in a UnicodeEncodeError. Human text keeps that encoding, the
        # one a reader on the same machine expects (switching to UTF-8 would garble every
        # « é » for it), with « ? » for a character it lacks. --json, meant for programs,
        # loses nothing: see _echo_json.
        for stream in (sys.stdout, sys.stderr):
            if isinstance(stream, io.TextIOWrapper):
                stream.reconfigure(errors="replace")
        return super().__call__(*args, **kwargs)


_NOT_ASCII = re.compile(r"[^\x00-\x7f]")


def _echo_json(data: object) -> None:
    """data as JSON on stdout, in its encoding; a character that encoding lacks is written
    as a JSON escape (« \\u1ec4 »), which every JSON reader turns back into the character.
    Nothing is lost, and a program that decodes the output with the console's code page, as
    for the human text, reads every accent right (UTF-8 bytes would garble them)."""
    encoding = getattr(sys.stdout, "encoding", None) or "utf-8"

    def escaped(match: re.Match[str]) -> str:
        try:
            match.group().encode(encoding)
        except UnicodeEncodeError:
            return json.dumps(match.group())[1:-1]
        return match.group()

    click.echo(_NOT_ASCII.sub(escaped, json.dumps(data, ensure_ascii=False, indent=2)))


CONTEXT = {"help_option_names": ["-h", "--help"]}


@click.group(cls=Console, context_settings=CONTEXT)
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
    from .newbook import create_workbook  # openpyxl: loaded only by the commands that write xlsx

    with failures_in_french(STOPPED):
        create_workbook(path, force=force)
    click.echo(f"Classeur créé : {path}")


@cli.command()
@click.argument("workbook", type=WORKBOOK, metavar="CLASSEUR")
@click.option("--json", "as_json", is_flag=True, help="Afficher le rapport en JSON.")
@click.option(
    "--report",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="FICHIER.xlsx",
    help="Écrire une copie du classeur avec les cellules en cause colorées et commentées "
    "(un classeur .xlsx ; sans extension, .xlsx est ajouté).",
)
@click.option("--today", "today", callback=_iso_date, metavar="AAAA-MM-JJ",
              help="Faire comme si nous étions ce jour-là (par défaut : aujourd'hui).")
def validate(workbook: Path, as_json: bool, report: Path | None,
             today: dt.date | None) -> None:
    """Vérifier un classeur selon les règles de la procédure.

    Affiche chaque anomalie avec sa feuille, sa cellule et ce qu'il faut
    corriger. Code de sortie 0 si aucune erreur (les avertissements sont
    permis), 1 sinon. Le classeur n'est jamais modifié.

    Exemple :

        ceres-docs validate sessions.xlsx --report anomalies.xlsx
    """
    extended = False
    if report is not None:
        report, extended = _xlsx_name(report)
    if report is not None and report.exists() and report.samefile(workbook):
        raise click.BadParameter(
            "la copie annotée doit avoir un autre nom que le classeur vérifié.",
            param_hint="--report",
        )
    with failures_in_french(STOPPED):
        result = validate_workbook(workbook, today)
        if result.unreadable is not None and not as_json:
            raise WorkbookUnreadable(result.unreadable)
        if report is not None and result.unreadable is None:
            from .annotate import write_report_copy

            write_report_copy(workbook, result.report, report)
    if as_json:
        _echo_json(result.report.to_dict())
    else:
        click.echo(format_table(result.report, _width()))
        if report is not None:
            click.echo(f"Copie annotée : {report}"
                       + (" (extension .xlsx ajoutée)" if extended else ""))
    raise SystemExit(int(not result.report.valid))


def _xlsx_name(report: Path) -> tuple[Path, bool]:
    """The annotated copy's name, with .xlsx added to a name without extension (and True);
    another extension (.pdf, .xls…) is refused: the copy is an Excel workbook whatever its
    name, and a PDF name would only hide it from Excel."""
    suffix = report.suffix.lower()
    if suffix == ".xlsx":
        return report, False
    if suffix[1:].isalpha():
        raise click.BadParameter(
            f"la copie annotée est un classeur Excel : donnez un nom en .xlsx, par exemple "
            f"« {report.with_suffix('.xlsx').name} », au lieu de « {report.name} ».",
            param_hint="--report")
    return report.with_name(report.name + ".xlsx"), True


def _echo_open_in_excel(report: Report) -> None:
    """validate's warning that Excel has the workbook open, for the commands that show no
    table of the workbook's issues."""
    for warning in report.warnings:
        if warning.code == OPEN_IN_EXCEL:
            click.echo(f"Attention : {warning.message}", err=True)


@cli.command()
@click.argument("workbook", type=WORKBOOK, metavar="CLASSEUR")
@click.option("--out", "out", required=True, metavar="DOSSIER",
              type=click.Path(file_okay=False, path_type=Path),
              help="Dossier où ranger les documents (un sous-dossier par session).")
@click.option("--session", "sessions", multiple=True, metavar="N°",
              help="Seulement cette session (option répétable).")
@click.option("--only", "kinds", multiple=True, type=click.Choice(KINDS), metavar="TYPE",
              help="Seulement ce type de document (option répétable) : " + ", ".join(KINDS)
              + ".")
@click.option("--templates", type=click.Path(exists=True, file_okay=False, path_type=Path),
              metavar="DOSSIER", help="Utiliser les modèles DOCX de ce dossier.")
@click.option("--no-pdf", is_flag=True, help="Produire les documents en DOCX seulement.")
@click.option("--convert-timeout", type=click.FloatRange(min=1), metavar="SECONDES",
              help="Arrêter LibreOffice s'il n'a pas fini après ce délai (par défaut : 2 min, "
              "plus 10 s par lot d'au plus 200 documents d'un même type).")
@click.option("--today", "today", callback=_iso_date, metavar="AAAA-MM-JJ",
              help="Faire comme si nous étions ce jour-là (par défaut : aujourd'hui).")
@click.option("--strict", is_flag=True,
              help="Ne rien produire du tout si le classeur contient la moindre erreur.")
@click.option("--bundle", "with_bundle", is_flag=True, hidden=True)  # envoi/ is always made
def generate(workbook: Path, out: Path, sessions: tuple[str, ...], kinds: tuple[str, ...],
             templates: Path | None, no_pdf: bool, convert_timeout: float | None,
             today: dt.date | None, strict: bool, with_bundle: bool) -> None:
    """Produire les documents du jour : convocations, PV, formulaire RA…

    Chaque session reçoit ce que son étape demande ce jour-là (voir le
    README) ; les documents d'une étape passée restent tels qu'ils ont été
    produits. DOSSIER/envoi et DOSSIER/envoi.zip rassemblent, par
    destinataire, exactement ce qui part aujourd'hui. Avec --session et
    --only, le type demandé est produit quelle que soit l'étape, et ne
    part pas dans envoi/.

    Le classeur est d'abord vérifié. Une session qui a ses propres erreurs
    n'est pas produite (son dossier reste tel qu'il était) et les autres le
    sont, avec le code de sortie 1 ; une erreur qui concerne tout le
    classeur (feuille, colonne, Paramètres…) arrête tout. Les documents sont
    préparés à part puis mis en place d'un coup : en cas d'échec ou
    d'interruption (Ctrl-C, code de sortie 130), DOSSIER reste intact.

    Exemple :

        ceres-docs generate sessions.xlsx --out documents --today 2026-11-30
    """
    from .generate import kind_counts, prepare  # docxtpl, pypdf: only when writing documents
    from .outgoing import todays_mail

    with failures_in_french():
        job = prepare(workbook, out, sessions, kinds, templates, not no_pdf, convert_timeout,
                      today, strict)
        _echo_open_in_excel(job.report)
        with click.progressbar(length=job.steps, label="Production des documents",
                               file=sys.stderr) as bar:
            documents = job.run(bar.update)
    counts = kind_counts(documents)
    files = sum(count for count, _label in counts)
    if files:
        click.echo(f"{files} document{'s produits' if files > 1 else ' produit'} dans {out} :")
        for count, label in counts:
            click.echo(f"  {count:>4}  {label}")
    elif not job.skipped:
        click.echo("Aucun document à produire aujourd'hui pour ces sessions.")
    if job.on_request and files:
        click.echo("Produits à la demande, quelle que soit l'étape de la session : ils ne "
                   "sont pas rangés dans envoi/.")
    if job.without_email:
        count = len(job.without_email)
        click.echo(f"{count} personne{'s' if count > 1 else ''} sans adresse électronique : "
                   f"{'leurs convocations partent' if count > 1 else 'sa convocation part'} "
                   "par la poste :")
        for person in job.without_email:
            click.echo(f"  - {person}")
    if any(document.kind == "formulaire-ra" for document in documents):
        click.echo("Formulaire RA : une fois signé par les candidats, scannez-le en PDF puis "
                   "« ceres-docs ra-mail » prépare le courriel à la DIECCTE.")
    if no_pdf:
        click.echo("Sans PDF : ni fichier d'impression, ni courriel, ni envoi n'ont été "
                   "préparés.")
    warnings = len(job.report.warnings)
    if warnings:
        click.echo(f"{plural(warnings, 'avertissement')} dans le classeur : voir « ceres-docs "
                   "validate ».")
    _echo_problems(job.skipped, job.elsewhere)
    if not no_pdf:
        mail = todays_mail(documents)
        if mail:
            click.echo(f"À envoyer aujourd'hui ({out / BUNDLE_KIND} et "
                       f"{out / BUNDLE_KIND}.zip) :")
            for line in mail:
                click.echo(f"  - {line}")
        else:
            click.echo("À envoyer aujourd'hui : rien.")
    if job.skipped or job.elsewhere:
        raise SystemExit(1)


def _echo_problems(skipped: dict[str, list[Issue]], elsewhere: list[Issue]) -> None:
    """The sessions left out for their own errors, each with its errors, and the errors of
    rows that no session uses."""
    if skipped:
        count = len(skipped)
        because = ("non produites à cause de leurs erreurs (leur dossier reste tel qu'il était)"
                   if count > 1 else "non produite à cause de ses erreurs (son dossier reste tel "
                   "qu'il était)")
        click.echo(f"{plural(count, 'session')} {because} : {', '.join(skipped)}. Corrigez :")
        issues = sorted({i for found in skipped.values() for i in found},
                        key=lambda i: (i.sheet or "", i.row or 0, i.column or ""))
        click.echo(format_table(Report(issues), _width()).rsplit("\n\n", 1)[0])
    if elsewhere:
        click.echo(f"{plural(len(elsewhere), 'erreur')} dans des lignes qu'aucune session "
                   "n'utilise :")
        click.echo(format_table(Report(elsewhere), _width()).rsplit("\n\n", 1)[0])


@cli.group()
def templates() -> None:
    """Les modèles de documents (DOCX) qu'un centre peut adapter."""


@templates.command("export")
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path), metavar="DOSSIER")
@click.option("--force", is_flag=True, help="Remplacer les modèles déjà présents.")
def templates_export(folder: Path, force: bool) -> None:
    """Copier les modèles par défaut dans DOSSIER, pour les modifier.

    Ouvrez-les dans Word ou LibreOffice, changez le texte ou l'en-tête, gardez
    les {{ variables }} (voir docs/modeles.md), puis utilisez-les avec
    « generate --templates DOSSIER ».

    Exemple :

        ceres-docs templates export modeles-saint-andre
    """
    from .render import export_templates

    with failures_in_french(STOPPED):
        written = export_templates(folder, TEMPLATE_FILES, force)
    click.echo(f"{len(written)} modèles copiés dans {folder}.")


@templates.command("check")
@click.argument("folder", type=click.Path(exists=True, file_okay=False, path_type=Path),
                metavar="DOSSIER")
def templates_check(folder: Path) -> None:
    """Vérifier les modèles de DOSSIER : variables inconnues ou manquantes.

    Chaque modèle est aussi rempli avec un exemple, pour trouver les fautes de
    frappe dans les noms de variables.

    Exemple :

        ceres-docs templates check modeles-saint-andre
    """
    from .templatecheck import check_templates

    with failures_in_french(STOPPED):
        problems = check_templates(folder)
    for kind, found in problems.items():
        if found:
            click.echo(f"{kind}.docx :")
            for problem in found:
                click.echo(f"  - {problem}")
        else:
            click.echo(f"{kind}.docx : correct")
    if any(problems.values()):
        raise SystemExit(1)


@cli.command("ra-mail")
@click.argument("workbook", type=WORKBOOK, metavar="CLASSEUR")
@click.option("--session", required=True, metavar="N°", help="La session du formulaire.")
@click.option("--scan", required=True, metavar="PDF",
              type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Le scan PDF du formulaire signé par les candidats.")
@click.option("--out", "out", required=True, metavar="DOSSIER",
              type=click.Path(file_okay=False, path_type=Path),
              help="Dossier où écrire le PDF renommé et le courriel.")
def ra_mail_command(workbook: Path, session: str, scan: Path, out: Path) -> None:
    """Préparer le courriel du formulaire RA signé pour la DIECCTE (P§11).

    Vérifie que le scan est un PDF lisible, le copie sous le nom exact
    demandé par la DIECCTE (RA_TP-01303_ECSR_CENTRE_JJMMAAAA.pdf) et écrit
    à côté un brouillon de courriel (.eml) qui le joint : ouvrez-le dans
    Outlook ou Thunderbird, relisez, envoyez.

    Exemple :

        ceres-docs ra-mail sessions.xlsx --session 224566 --scan scan.pdf --out envoi
    """
    from .outgoing import ra_mail

    with failures_in_french():
        pdf, eml = ra_mail(workbook, session.strip(), scan, out)
    click.echo(f"Formulaire signé : {pdf}")
    click.echo(f"Courriel à envoyer : {eml}")


def _state_colour(text: str, state: str) -> str:
    """Late in red, to do in yellow, done in dim green; click drops colours off a terminal."""
    if state == LATE:
        return click.style(text, fg="red", bold=True)
    if state == TODO:
        return click.style(text, fg="yellow")
    return click.style(text, fg="green", dim=True)


@cli.command("agenda")
@click.argument("workbook", type=WORKBOOK, metavar="CLASSEUR")
@click.option("--today", "today", callback=_iso_date, metavar="AAAA-MM-JJ",
              help="Faire comme si nous étions ce jour-là (par défaut : aujourd'hui).")
@click.option("--json", "as_json", is_flag=True,
              help="Afficher toutes les tâches en JSON, faites comprises.")
@click.option("--ics", type=click.Path(dir_okay=False, path_type=Path), metavar="FICHIER",
              help="Écrire aussi les tâches datées dans un calendrier .ics (Outlook, "
              "Thunderbird), faites comprises.")
@click.option("--tout", "show_done", is_flag=True,
              help="Afficher aussi les tâches faites dans le tableau.")
def agenda_command(workbook: Path, today: dt.date | None, as_json: bool, ics: Path | None,
                   show_done: bool) -> None:
    """Les prochaines étapes de chaque session, avec leur échéance.

    Pour chaque session non annulée : les tâches en retard d'abord (la plus
    ancienne en tête), puis celles à faire, par échéance. Les tâches faites
    sont seulement comptées dans le tableau (--tout pour les voir) ; --json et
    --ics les donnent toutes. Un classeur qui contient des erreurs donne tout
    de même son agenda, avec un avertissement ; le code de sortie est 1
    seulement si le classeur est illisible ou incomplet. Le classeur n'est
    jamais modifié.

    \b
    Tâche             Échéance ; faite quand
    agrement          fin de l'agrément + 1 an, pour prévenir la DIECCTE de
                      la date de la session ; sans agrément : aucune, le MF
                      doit en demander un (P§2) ; « DIECCTE prévenue le »
                      saisie ; retirée une fois la session « Clôturée »
    dte               celle des convocations : le DTE se commande avant (P§5) ;
                      date de commande saisie, ou statut « Demande de DTE
                      envoyée » ou suivant
    convocations      début - 1 mois pour un titre (même jour du mois, sinon
                      son dernier jour : 31/03 → 28/02 ou 29/02), début - 15
                      jours pour un CCP (P§6) ; statut « Convocations
                      envoyées » ou suivant
    resultats         date de fin, la réelle si saisie (N, P§7) ; statut
                      « Résultats saisis » ou suivant, ou date réelle de fin et
                      résultat (ou absence) de chaque candidat saisis
    envoi-pv          aucune, la procédure n'en fixe pas ; une fois les
                      résultats saisis (P§8) ; date d'envoi des PV ou de
                      réception des PV validés saisie
    cloture           aucune ; une fois les résultats saisis (P§9) ; statut
                      « Clôturée » ou PV validés reçus
    formulaire-ra     dernier retrait si tous les candidats ont retiré leurs
                      documents, au plus tard réception des parchemins + 2
                      mois (P§11) ; date d'envoi du formulaire RA saisie
    retour-documents  celle du formulaire RA, si un candidat n'a pas retiré
                      ses documents (P§11) ; date de retour saisie

    Avec --ics, chaque tâche datée devient un événement d'une journée
    (Outlook, Thunderbird) ; les tâches sans échéance n'y figurent pas.

    Exemple :

        ceres-docs agenda sessions.xlsx --today 2026-11-25 --ics agenda.ics
    """
    if ics is not None and ics.exists() and ics.samefile(workbook):
        raise click.BadParameter("le calendrier doit avoir un autre nom que le classeur.",
                                 param_hint="--ics")
    day = today or dt.date.today()
    with failures_in_french(STOPPED):
        result = validate_workbook(workbook, day)
        if result.unreadable is not None:
            raise WorkbookUnreadable(result.unreadable)
        if result.book is None:
            click.echo(format_table(result.report, _width(as_json)), err=as_json)
            raise click.ClickException("Le classeur est incomplet : corrigez-le (voir "
                                       "ci-dessus) pour obtenir l'agenda.")
        _echo_open_in_excel(result.report)
        errors = len(result.report.errors)
        if errors:
            click.echo(f"{errors} erreur{'s' if errors > 1 else ''} dans le classeur : voir "
                       "« ceres-docs validate ». L'agenda peut être incomplet.", err=True)
        tasks = agenda(result.book, day)
        if ics is not None:
            write_whole(ics, to_ics(tasks, dt.datetime.now(dt.timezone.utc)))
    if as_json:
        _echo_json(to_json(tasks, result.book, day))
    else:
        stage_lines = format_stages(result.book, day)
        if stage_lines:
            click.echo(stage_lines + "\n")
        click.echo(format_agenda(tasks, show_done, _state_colour, _width()))
    if ics is not None:
        dated, undated = event_count(tasks)
        without = (f" ; {undated} tâche{'s' if undated > 1 else ''} sans échéance n'y "
                   f"figur{'ent' if undated > 1 else 'e'} pas" if undated else "")
        click.echo(f"Calendrier écrit : {ics} ({dated} événement{'s' if dated > 1 else ''}"
                   f"{without}).", err=as_json)


LOOPBACK = ("127.0.0.1", "localhost", "::1")
ACCOUNTS_FILE = click.Path(dir_okay=False, path_type=Path)


def server_accounts(host: str, config: Path | None) -> Accounts | None:
    """The accounts the page asks for, read from config; None (no login) only on this
    computer without config. Another address without accounts is refused (exit 2)."""
    if config is None:
        if host not in LOOPBACK:
            raise click.BadParameter(
                "sur une autre adresse que ce poste, la page doit être protégée par des "
                "comptes : donnez le fichier de comptes avec --config (voir « ceres-docs "
                "compte --help »), ou gardez 127.0.0.1.", param_hint="--host")
        return None
    from .accounts import read_accounts

    with failures_in_french(STOPPED):
        accounts = read_accounts(config)
    if not accounts:
        raise click.BadParameter(
            f"le fichier de comptes « {config} » n'a aucun compte : ajoutez-en avec "
            f"« ceres-docs compte {config} IDENTIFIANT ».", param_hint="--config")
    return accounts


@cli.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, metavar="ADRESSE",
              help="Adresse d'écoute ; par défaut, ce poste seulement.")
@click.option("--port", default=8765, show_default=True, type=click.IntRange(1, 65535),
              metavar="PORT", help="Port d'écoute.")
@click.option("--open", "open_browser", is_flag=True,
              help="Ouvrir la page dans le navigateur.")
@click.option("--config", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              metavar="FICHIER", help="Fichier de comptes (voir « ceres-docs compte ») : la "
              "page demande alors un identifiant et un mot de passe. Obligatoire sur une "
              "autre adresse que ce poste.")
def serve(host: str, port: int, open_browser: bool, config: Path | None) -> None:
    """La page web : déposer un classeur, lire ses anomalies et son agenda.

    Par défaut, seul ce poste y accède (adresse 127.0.0.1), sans compte. Avec
    --config, chacun se connecte avec son compte et ne voit que ses propres
    classeurs ; c'est obligatoire pour servir d'autres postes (placez alors un
    proxy HTTPS devant : voir le README). Les classeurs déposés restent dans un
    dossier privé, une heure au plus, et sont effacés à l'arrêt (Ctrl-C).

    Exemples :

        ceres-docs serve --open

        ceres-docs serve --config /etc/ceres-docs/comptes.txt
    """
    accounts = server_accounts(host, config)
    import uvicorn

    from .web.app import create_app

    url = f"http://{'[::1]' if host == '::1' else host}:{port}/"
    click.echo(f"Page ouverte sur {url} (Ctrl-C pour arrêter).")
    import threading

    if accounts is not None:
        click.echo(f"Connexion obligatoire : {len(accounts)} compte"
                   f"{'s' if len(accounts) > 1 else ''} dans « {config} ».")
    if host not in LOOPBACK:
        click.echo("Attention : sans HTTPS, les mots de passe circulent en clair sur le "
                   "réseau ; placez un proxy HTTPS devant (voir le README).", err=True)
    if open_browser:
        import webbrowser

        threading.Timer(1.0, webbrowser.open, [url]).start()
    app = create_app(accounts=accounts, warm=True)  # LibreOffice kept running

    class Server(uvicorn.Server):
        """On Ctrl-C or SIGTERM, productions and LibreOffice stop at once, not after the
        requests waiting for them."""

        def handle_exit(self, sig: int, frame: Any) -> None:
            threading.Thread(target=app.state.stop, daemon=True).start()
            super().handle_exit(sig, frame)

    # Always trust X-Forwarded-Proto/For from this computer only: the advised setup is a
    # reverse proxy on the same server and ceres-docs on 127.0.0.1, so that https reaches
    # the page (Secure cookie); on a desktop no proxy sends them, and nobody else can.
    Server(uvicorn.Config(app, host=host, port=port, log_level="warning", access_log=False,
                          proxy_headers=True, forwarded_allow_ips="127.0.0.1",
                          timeout_graceful_shutdown=5)).run()


def _valid_login(ctx: click.Context, param: click.Parameter, value: str) -> str:
    from .accounts import InvalidAccount, check_login

    try:
        return check_login(value)
    except InvalidAccount as error:
        raise click.BadParameter(str(error)) from None


def _valid_password(value: str) -> str:
    from .accounts import InvalidAccount, check_password

    try:
        return check_password(value)
    except InvalidAccount as error:
        raise click.UsageError(str(error)) from None


@cli.command("compte")
@click.argument("accounts_file", type=ACCOUNTS_FILE, metavar="FICHIER")
@click.argument("login", metavar="IDENTIFIANT", callback=_valid_login)
@click.option("--supprimer", "remove", is_flag=True, help="Supprimer ce compte.")
def account_command(accounts_file: Path, login: str, remove: bool) -> None:
    """Ajouter un compte à la page web, changer son mot de passe, ou le supprimer.

    Le mot de passe (10 caractères au moins) est demandé deux fois, sans
    s'afficher ; seule son empreinte (scrypt) est écrite dans FICHIER, créé au
    besoin et lisible par son seul propriétaire. Un identifiant déjà présent
    reçoit le nouveau mot de passe. L'identifiant : lettres sans accent,
    chiffres, points, tirets, soulignés. Relancez ensuite le serveur
    (« ceres-docs serve --config FICHIER »).

    Exemples :

        ceres-docs compte /etc/ceres-docs/comptes.txt cfpae

        ceres-docs compte /etc/ceres-docs/comptes.txt cfpae --supprimer
    """
    from .accounts import remove_account, set_account

    with failures_in_french(STOPPED):
        if remove:
            remove_account(accounts_file, login)
            click.echo(f"Compte « {login} » supprimé de « {accounts_file} ».")
            return
        password = click.prompt("Mot de passe", hide_input=True, value_proc=_valid_password,
                                confirmation_prompt="Confirmez le mot de passe")
        replaced = set_account(accounts_file, login, password)
    click.echo(f"Compte « {login} » {'mis à jour' if replaced else 'ajouté'} dans "
               f"« {accounts_file} ».")


@cli.command("doublons")
@click.argument("workbook", type=WORKBOOK, metavar="CLASSEUR")
@click.option("--out", "out", required=True, metavar="FICHIER",
              type=click.Path(dir_okay=False, path_type=Path),
              help="Nom des fichiers à écrire : FICHIER.pdf (la lettre à la DIECCTE) et "
              "FICHIER.xlsx (la liste, une ligne par fiche).")
@click.option("--centre", metavar="CODE",
              help="Centre dont la lettre porte l'en-tête (par défaut : le premier de la "
              "feuille Centres).")
@click.option("--templates", type=click.Path(exists=True, file_okay=False, path_type=Path),
              metavar="DOSSIER", help="Utiliser le modèle doublons.docx de ce dossier.")
@click.option("--no-pdf", is_flag=True, help="Écrire la lettre en DOCX (FICHIER.docx), sans "
              "LibreOffice.")
def doublons_command(workbook: Path, out: Path, centre: str | None, templates: Path | None,
                     no_pdf: bool) -> None:
    """Lister les fiches candidats en double, pour la DIECCTE (P§4.3).

    Une même personne enregistrée sous plusieurs N° CERES : même nom, même
    prénom (sans tenir compte des accents, majuscules, espaces, traits d'union
    ni apostrophes) et même date de naissance. Écrit la lettre qui demande à
    la DIECCTE de regrouper ces fiches (FICHIER.pdf, ou FICHIER.docx avec
    --no-pdf) et la liste des fiches (FICHIER.xlsx). Le classeur est d'abord
    vérifié : s'il contient une erreur, rien n'est écrit ; sans doublon non
    plus. Le classeur n'est jamais modifié.

    Exemple :

        ceres-docs doublons sessions.xlsx --out doublons
    """
    from .doublons import SameAsWorkbook, write_duplicates

    with failures_in_french("Interrompu : aucun fichier n'a été écrit."):
        try:
            found = write_duplicates(workbook, out, not no_pdf, templates,
                                     centre.strip() if centre else None)
        except SameAsWorkbook as error:
            raise click.BadParameter(str(error), param_hint="--out") from None
    if not found.groups:
        click.echo(f"Aucun doublon trouvé parmi {plural(found.records, 'fiche')} "
                   f"candidat{'s' if found.records > 1 else ''}.")
        return
    people = len(found.groups)
    click.echo(f"{people} personne{'s ont' if people > 1 else ' a'} plusieurs fiches CERES "
               f"({found.duplicated} fiches sur {found.records}) :")
    for name, ids in zip(found.names, found.groups, strict=True):
        click.echo(f"  {name} : {', '.join(ids)}")
    click.echo(f"Lettre à la DIECCTE : {found.files[0]}")
    click.echo(f"Liste des fiches : {found.files[1]}")
