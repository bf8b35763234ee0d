"""The command line, through click's CliRunner: exit codes, French messages, files written."""

import json
import re
import zipfile
from contextlib import contextmanager
from pathlib import Path

import pytest
from builders import SESSION, run, sha256, write
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from ceres_docs import schema
from ceres_docs.errors import OutputError

ISSUE_KEYS = ["severity", "code", "sheet", "row", "column", "field", "message"]


@contextmanager
def unchanged(path: Path):
    """The block must leave the file byte for byte as it was."""
    before = sha256(path)
    yield
    assert sha256(path) == before


def validate(path: Path, *options: str):
    with unchanged(path):
        return run("validate", path, *options)


# validate


def test_valid_workbook_exits_0(book, tmp_path):
    result = validate(write(book, tmp_path))
    assert result.exit_code == 0, result.output
    assert result.output == "Aucune anomalie : le classeur est valide.\n"


def test_warnings_alone_exit_0(book, tmp_path):
    book["Paramètres"].append({"Paramètre": "Couleur", "Valeur": "bleu"})
    result = validate(write(book, tmp_path))
    assert result.exit_code == 0, result.output
    assert "Attention  Paramètres  A4" in result.output
    assert "Paramètre « Couleur » inconnu" in result.output
    assert result.output.endswith("0 erreur, 1 avertissement : le classeur est valide.\n")


def test_errors_exit_1_with_the_french_table(book, tmp_path):
    book["Candidats"][1]["Date de naissance"] = "31/02/1990"
    result = validate(write(book, tmp_path))
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0].split() == ["Gravité", "Feuille", "Cellule", "Colonne", "Message"]
    assert lines[2].split("  ")[0] == "Erreur"
    assert "Candidats  D3       Date de naissance" in lines[2]
    assert lines[2].endswith("La date « 31/02/1990 » n'existe pas dans le calendrier.")
    assert lines[-1] == ("1 erreur, 0 avertissement : à corriger avant de produire les "
                         "documents.")


def test_json_report_structure(book, tmp_path):
    book["Candidats"][1]["Date de naissance"] = "31/02/1990"
    book["Intervenants"][0]["Fin d'habilitation"] = None
    result = validate(write(book, tmp_path), "--json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert list(data) == ["valid", "issues"]
    assert data["valid"] is False
    assert all(list(issue) == ISSUE_KEYS for issue in data["issues"])
    assert data["issues"] == [
        {"severity": "error", "code": "invalid-date", "sheet": "Candidats", "row": 3,
         "column": "D", "field": "Date de naissance",
         "message": "La date « 31/02/1990 » n'existe pas dans le calendrier."},
        {"severity": "warning", "code": "habilitation-missing", "sheet": "Intervenants",
         "row": 2, "column": "G", "field": "Fin d'habilitation",
         "message": "Fin d'habilitation de TÉCHER Paul non renseignée : impossible de vérifier "
                    "qu'elle couvre la session."},
    ]


def test_json_report_of_a_valid_workbook(book, tmp_path):
    result = validate(write(book, tmp_path), "--json")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == {"valid": True, "issues": []}


def test_report_copy_colours_and_comments_the_faulty_cell(book, tmp_path):
    book["Candidats"][1]["Date de naissance"] = "31/02/1990"
    copy = tmp_path / "anomalies.xlsx"
    result = validate(write(book, tmp_path), "--report", copy)
    assert result.exit_code == 1
    assert f"Copie annotée : {copy}" in result.output
    annotated = load_workbook(copy)
    assert annotated.sheetnames[0] == "Anomalies"
    assert set(schema.SHEETS_BY_NAME) <= set(annotated.sheetnames)
    cell = annotated["Candidats"]["D3"]
    assert cell.value == "31/02/1990"
    assert cell.fill.fill_type == "solid"
    assert cell.fill.fgColor.rgb.endswith("F8B4B4")
    assert "n'existe pas dans le calendrier" in cell.comment.text
    assert annotated["Candidats"]["D2"].fill.fill_type is None
    assert annotated["Candidats"]["D2"].comment is None
    listing = [[c.value for c in row] for row in annotated["Anomalies"].iter_rows()]
    assert listing == [
        ["Gravité", "Feuille", "Cellule", "Colonne", "Code", "Message"],
        ["Erreur", "Candidats", "D3", "Date de naissance", "invalid-date",
         "La date « 31/02/1990 » n'existe pas dans le calendrier."],
    ]


def test_report_copy_of_a_valid_workbook_has_an_empty_anomalies_sheet(book, tmp_path):
    copy = tmp_path / "copie.xlsx"
    result = validate(write(book, tmp_path), "--report", copy)
    assert result.exit_code == 0
    assert load_workbook(copy)["Anomalies"].max_row == 1


@pytest.mark.parametrize("same", ["sessions.xlsx", "./sessions.xlsx"])
def test_report_copy_must_not_replace_the_workbook(book, tmp_path, monkeypatch, same):
    path = write(book, tmp_path)
    monkeypatch.chdir(tmp_path)
    result = validate(path, "--report", same)
    assert result.exit_code == 2
    assert "la copie annotée doit avoir un autre nom que le classeur vérifié" in result.output


def test_report_copy_in_a_missing_folder(book, tmp_path):
    result = validate(write(book, tmp_path), "--report", tmp_path / "absent" / "copie.xlsx")
    assert result.exit_code == 1
    assert "n'existe pas : créez-le ou choisissez-en un autre" in result.output


def test_workbook_open_in_excel_is_only_a_warning(book, tmp_path):
    path = write(book, tmp_path)
    (tmp_path / "~$ssions.xlsx").write_bytes(b"owner")
    result = validate(path)
    assert result.exit_code == 0, result.output
    assert "Le classeur semble ouvert dans Excel (~$ssions.xlsx existe)" in result.output


def test_report_named_with_another_extension_is_refused(book, tmp_path):
    result = validate(write(book, tmp_path), "--report", tmp_path / "anomalies.pdf")
    assert result.exit_code == 2
    assert ("la copie annotée est un classeur Excel : donnez un nom en .xlsx, par exemple "
            "« anomalies.xlsx », au lieu de « anomalies.pdf »") in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["sessions.xlsx"]


def test_report_named_without_extension_gets_xlsx_and_says_so(book, tmp_path):
    result = validate(write(book, tmp_path), "--report", tmp_path / "anomalies")
    assert result.exit_code == 0, result.output
    copy = tmp_path / "anomalies.xlsx"
    assert result.output.endswith(f"Copie annotée : {copy} (extension .xlsx ajoutée)\n")
    assert load_workbook(copy).sheetnames
    assert not (tmp_path / "anomalies").exists()


# Every command that reads a workbook, with the arguments it needs besides
WORKBOOK_COMMANDS = {
    "validate": [],
    "agenda": [],
    "generate": ["--out", "documents", "--no-pdf", "--today", "2026-11-30"],
    "doublons": ["--out", "doublons", "--no-pdf"],
    "ra-mail": ["--session", SESSION, "--scan", "scan.pdf", "--out", "envoi"],
}


def test_every_command_reading_a_workbook_is_listed_here():
    from ceres_docs.cli import WORKBOOK, cli

    def commands(group):
        for name, command in group.commands.items():
            yield name, command
            yield from commands(command) if hasattr(command, "commands") else ()

    reading = {name for name, command in commands(cli)
               if any(param.type is WORKBOOK for param in command.params)}
    assert reading == set(WORKBOOK_COMMANDS)


@pytest.mark.parametrize("command", WORKBOOK_COMMANDS)
def test_workbook_named_without_its_extension_is_found(book, tmp_path, monkeypatch, command):
    monkeypatch.chdir(tmp_path)
    write(book, tmp_path)
    (tmp_path / "scan.pdf").write_bytes(b"%PDF-1.4")
    result = run(command, "sessions", *WORKBOOK_COMMANDS[command])
    assert result.output.startswith("Classeur lu : sessions.xlsx\n"), result.output
    assert "introuvable" not in result.output


@pytest.mark.parametrize("command", WORKBOOK_COMMANDS)
def test_workbook_not_found_suggests_the_workbooks_of_its_folder(book, tmp_path, monkeypatch,
                                                                 command):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "scan.pdf").write_bytes(b"%PDF-1.4")
    write(book, tmp_path, "sessions-2027.xlsx")
    write(book, tmp_path, "archives.XLSX")
    (tmp_path / "~$ssions-2027.xlsx").write_bytes(b"owner")
    result = run(command, tmp_path / "sessions", *WORKBOOK_COMMANDS[command])
    assert result.exit_code == 2
    assert (f"classeur « {tmp_path / 'sessions'} » introuvable. Classeurs .xlsx dans le "
            f"dossier « {tmp_path} » : archives.XLSX, sessions-2027.xlsx. Tapez le nom de l'un "
            "d'eux.") in " ".join(result.output.split())


def test_workbook_not_found_in_a_folder_without_workbooks(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("validate", "sessions.xlsx")
    assert result.exit_code == 2
    assert ("classeur « sessions.xlsx » introuvable, et le dossier courant ne contient aucun "
            "classeur .xlsx.") in " ".join(result.output.split())


@pytest.mark.parametrize("command", ["agenda", "generate"])
def test_open_in_excel_warns_as_validate_does(book, tmp_path, command):
    path = write(book, tmp_path)
    (tmp_path / "~$ssions.xlsx").write_bytes(b"owner")
    result = run(command, path, *WORKBOOK_COMMANDS[command][:1],
                 *[str(tmp_path / arg) if arg == "documents" else arg
                   for arg in WORKBOOK_COMMANDS[command][1:]])
    assert result.exit_code == 0, result.output
    assert ("Attention : Le classeur semble ouvert dans Excel (~$ssions.xlsx existe) : ce sont "
            "les données enregistrées qui sont lues, pas les modifications en cours.\n"
            ) in result.output


def _every_command(group, path=()):
    yield path
    for name, command in group.commands.items():
        if hasattr(command, "commands"):
            yield from _every_command(command, (*path, name))
        else:
            yield (*path, name)


def test_no_english_left_in_any_help():
    from ceres_docs.cli import cli

    for path in _every_command(cli):
        output = run(*path, "--help").output
        for english in (r"Usage:", r"Options:", r"\bCOMMAND\b", r"\bARGS\b",
                        r"Show this message", r"\[default", r"required\]", r"Commands:"):
            assert not re.search(english, output), (path, english)
        assert "Utilisation :" in output and "Options :" in output, path


def test_missing_sheet_is_one_clear_message(book, tmp_path):
    del book["Intervenants"]
    result = validate(write(book, tmp_path))
    assert result.exit_code == 1
    assert "Feuille « Intervenants » introuvable" in result.output
    assert result.output.endswith("1 erreur, 0 avertissement : à corriger avant de produire "
                                  "les documents.\n")


def test_missing_workbook_is_a_usage_error(tmp_path):
    result = run("validate", tmp_path / "absent.xlsx")
    assert result.exit_code == 2
    assert "absent.xlsx" in result.output


# Files that are not workbooks


def _ods(path: Path) -> None:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", "<office:document-content/>")


def _zip_of_other_things(path: Path) -> None:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("notes.txt", "bonjour")


OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
UNREADABLE = {
    "empty": (lambda p: p.write_bytes(b""),
              "Le fichier « classeur.xlsx » est vide (0 octet) : ce n'est pas un classeur."),
    "csv": (lambda p: p.write_text("N° session;Code centre\n224566;CFPAE\n", encoding="utf-8"),
            "« classeur.xlsx » n'est pas un classeur Excel : il ressemble à un fichier texte "
            "(CSV ?). Ouvrez-le dans Excel et enregistrez-le au format « Classeur Excel "
            "(*.xlsx) »."),
    "corrupt zip": (lambda p: p.write_bytes(b"PK\x03\x04" + b"\x00garbage" * 50),
                    "Le classeur « classeur.xlsx » est endommagé (archive illisible)."),
    "xls": (lambda p: p.write_bytes(OLE + b"\x00" * 504 + "Workbook".encode("utf-16-le")),
            "« classeur.xlsx » est au format Excel 97-2003 (.xls). Ouvrez-le dans Excel et "
            "enregistrez-le au format « Classeur Excel (*.xlsx) »."),
    "password": (lambda p: p.write_bytes(OLE + b"\x00" * 504
                                         + "EncryptedPackage".encode("utf-16-le")
                                         + b"\x00" * 64),
                 "Le classeur « classeur.xlsx » est protégé par un mot de passe."),
    "ods": (_ods, "« classeur.xlsx » est un classeur OpenDocument (.ods). Enregistrez-le au "
                  "format « Classeur Excel (*.xlsx) »."),
    "other zip": (_zip_of_other_things,
                  "« classeur.xlsx » est une archive ZIP, pas un classeur Excel."),
}


@pytest.mark.parametrize("kind", list(UNREADABLE))
def test_unreadable_file_as_json_is_a_report_with_one_issue(tmp_path, kind):
    make, message = UNREADABLE[kind]
    path = tmp_path / "classeur.xlsx"
    make(path)
    result = validate(path, "--json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["valid"] is False
    [issue] = data["issues"]
    assert (issue["severity"], issue["code"], issue["sheet"], issue["row"]) == (
        "error", "unreadable-workbook", None, None)
    assert issue["message"].startswith(message)


@pytest.mark.parametrize("kind", list(UNREADABLE))
@pytest.mark.parametrize("options", [[], ["--report", "copie.xlsx"]])
def test_unreadable_file_gives_one_french_message(tmp_path, monkeypatch, kind, options):
    make, message = UNREADABLE[kind]
    path = tmp_path / "classeur.xlsx"
    make(path)
    monkeypatch.chdir(tmp_path)
    result = validate(path, *options)
    assert result.exit_code == 1
    assert result.output.startswith(f"Erreur : {message}")
    assert result.output.count("\n") == 1
    assert "Traceback" not in result.output
    assert not (tmp_path / "copie.xlsx").exists()


# init


def test_init_creates_every_sheet_with_a_readme(tmp_path):
    path = tmp_path / "nouveau.xlsx"
    result = run("init", path)
    assert result.exit_code == 0, result.output
    assert result.output == f"Classeur créé : {path}\n"
    book = load_workbook(path)
    assert book.sheetnames == ["Lisez-moi", *(spec.name for spec in schema.SHEETS), "Listes"]
    readme = "\n".join(str(c.value) for row in book["Lisez-moi"].iter_rows() for c in row
                       if c.value)
    for spec in schema.SHEETS:
        sheet = book[spec.name]
        assert [c.value for c in sheet[1]] == [column.header for column in spec.columns]
        assert sheet.freeze_panes == "A2"
        assert spec.help in readme
        for index, column in enumerate(spec.columns, start=1):
            dimension = sheet.column_dimensions[get_column_letter(index)]
            assert dimension.width >= column.width
            if column.kind == "date":
                assert dimension.number_format == "DD/MM/YYYY", (spec.name, column.header)


def test_init_adds_a_drop_down_list_for_every_value_list(tmp_path):
    path = tmp_path / "nouveau.xlsx"
    run("init", path)
    book = load_workbook(path)
    for spec in schema.SHEETS:
        lists = {
            validation.formula1: str(validation.sqref)
            for validation in book[spec.name].data_validations.dataValidation
            if validation.type == "list"
        }
        for index, column in enumerate(spec.columns):
            if column.options:
                letter = get_column_letter(index + 1)
                formula = '"' + ",".join(column.options) + '"'
                assert lists.get(formula, "").startswith(f"{letter}2:{letter}"), (spec.name,
                                                                                  column.header)


def test_init_never_overwrites_without_force(tmp_path):
    path = tmp_path / "sessions.xlsx"
    path.write_bytes(b"mes donnees")
    with unchanged(path):
        result = run("init", path)
    assert result.exit_code == 1
    assert "existe déjà : il n'est pas remplacé" in result.output
    assert "--force" in result.output


def test_init_overwrites_with_force(tmp_path):
    path = tmp_path / "sessions.xlsx"
    path.write_bytes(b"mes donnees")
    result = run("init", path, "--force")
    assert result.exit_code == 0, result.output
    assert "Lisez-moi" in load_workbook(path).sheetnames


def test_init_in_a_missing_folder(tmp_path):
    result = run("init", tmp_path / "absent" / "sessions.xlsx")
    assert result.exit_code == 1
    assert "n'existe pas" in result.output


def test_new_workbook_needs_only_the_organisation_to_be_valid(tmp_path):
    path = tmp_path / "sessions.xlsx"
    run("init", path)
    result = validate(path)
    assert result.exit_code == 1
    assert ("Paramètres  B2       Valeur   Le paramètre « Organisme » n'a pas de valeur : "
            "renseignez la valeur (par exemple « SPL AFPAR »).") in result.output
    book = load_workbook(path)
    parameters = book["Paramètres"]
    assert parameters["A2"].value == "Organisme"
    parameters["B2"] = "SPL AFPAR"
    book.save(path)
    result = validate(path)
    assert result.exit_code == 0, result.output
    assert result.output == "Aucune anomalie : le classeur est valide.\n"



def test_long_messages_wrap_under_their_column_on_a_console():
    from ceres_docs.report import table
    message = ("La session se termine le 04/03/2027, après la fin de l'agrément N° AG-2024-01 "
               "(31/12/2026) : prévenez la DIECCTE du changement de date « au plus tard » le "
               "31/12/2027, un an après la fin de l'agrément (P§2) ; voir Saint-André.")
    for width in (51, 52, 53, 56, 65, 89, 90):  # where a plain wrap breaks before « : »
        lines = table(("Gravité", "Feuille", "Message"), [("Erreur", "Sessions", message)],
                      width)
        assert all(len(line) <= width for line in lines)
        assert not any(line[19:].startswith((":", ";", "»")) for line in lines[3:]), width
        assert not any(line.endswith("«") for line in lines), width
    lines = table(("Gravité", "Feuille", "Message"), [("Erreur", "Sessions", message)], 60)
    assert lines[:2] == ["Gravité  Feuille   Message", "-------  --------  -------"]
    assert len(lines) > 4
    assert lines[2].startswith("Erreur   Sessions  La session")
    assert all(line.startswith(" " * 19) and line[19] != " " for line in lines[3:])
    assert " ".join(line.strip() for line in lines[2:]).endswith(message[-40:])
    assert " ".join(line[19:] for line in lines[2:]) == message
    assert table(("A", "Message"), [("x", message)], None)[2] == "x  " + message


# Failures, the same way for every command

COMMANDS = {  # each command, with the library function it calls
    "init": ("ceres_docs.newbook.create_workbook", ["init", "{folder}/nouveau.xlsx"]),
    "validate": ("ceres_docs.cli.validate_workbook", ["validate", "{book}"]),
    "validate --json": ("ceres_docs.cli.validate_workbook", ["validate", "{book}", "--json"]),
    "generate": ("ceres_docs.generate.prepare", ["generate", "{book}", "--out", "{folder}/d"]),
    "templates export": ("ceres_docs.render.export_templates",
                         ["templates", "export", "{folder}/modeles"]),
    "templates check": ("ceres_docs.templatecheck.check_templates",
                        ["templates", "check", "{folder}"]),
    "ra-mail": ("ceres_docs.outgoing.ra_mail", ["ra-mail", "{book}", "--session", SESSION,
                                                 "--scan", "{book}", "--out", "{folder}/e"]),
    "agenda": ("ceres_docs.cli.validate_workbook", ["agenda", "{book}"]),
    "agenda --json": ("ceres_docs.cli.validate_workbook", ["agenda", "{book}", "--json"]),
    "doublons": ("ceres_docs.doublons.write_duplicates", ["doublons", "{book}", "--out",
                                                          "{folder}/doublons"]),
}


@pytest.mark.parametrize("failure", [OutputError("Le dossier « x » n'existe pas."),
                                     KeyboardInterrupt()], ids=["library-error", "ctrl-c"])
@pytest.mark.parametrize("command", list(COMMANDS))
def test_every_command_ends_a_failure_with_one_french_line(book, tmp_path, monkeypatch,
                                                           command, failure):
    target, arguments = COMMANDS[command]

    def fail(*args, **kwargs):
        raise failure

    monkeypatch.setattr(target, fail)
    path = write(book, tmp_path)
    result = run(*(a.format(book=path, folder=tmp_path) for a in arguments))
    if isinstance(failure, KeyboardInterrupt):
        assert result.exit_code == 130, result.output
        assert result.output.startswith("Interrompu"), result.output
    else:
        assert result.exit_code == 1, result.output
        assert result.output == "Erreur : Le dossier « x » n'existe pas.\n"
    assert result.output.count("\n") == 1, result.output
    assert result.stdout == ""
