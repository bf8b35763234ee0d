"""Small workbooks for tests, written from Python dicts keyed by the contract's French headers.

    book = minimal_book()
    book["Sessions"][0]["Date de fin"] = "01/03/2026"
    path = write(book, tmp_path)

``book.headers[sheet]`` is the header row written (the contract's columns by default, plus any
extra key a row uses); edit it to drop, rename or reorder columns. ``write_rows`` writes raw
rows when a test needs what dicts cannot say (duplicate headers, empty first row).
``run`` invokes the command line; ``sha256`` and ``manifest`` read what it left.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import sys
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from openpyxl import Workbook

from ceres_docs import schema
from ceres_docs.cli import cli
from ceres_docs.report import Report
from ceres_docs.rules import validate

posix_only = pytest.mark.skipif(
    sys.platform == "win32", reason="POSIX only: signals, process groups or /proc")
windows_only = pytest.mark.skipif(
    sys.platform != "win32", reason="Windows only: its own signal (CTRL_BREAK_EVENT)")


def fake_soffice(folder: Path, body: str) -> str:
    """A LibreOffice whose body is Python (its arguments in sys.argv), run by this Python:
    an executable script on POSIX, a .cmd beside the script on Windows."""
    script = folder / "soffice.py"
    script.write_text(f"#!{sys.executable}\nimport os, subprocess, sys, time\n"
                      + textwrap.dedent(body) + "\n", encoding="utf-8")
    if sys.platform == "win32":
        shim = folder / "soffice.cmd"
        shim.write_text(f'@"{sys.executable}" "%~dp0soffice.py" %*\r\n', encoding="utf-8")
        return str(shim)
    script.chmod(0o755)
    return str(script)


TODAY = dt.date(2026, 6, 15)
SESSION = "224566"
TITLE = "TP-01303"
CCP_1, CCP_2 = "CP-00001", "CP-00002"
PAYET = "9741411152681F"
GRONDIN = "9741411152682K"


class Book(dict):
    """Sheet name → list of rows (header → value), with the header row of each sheet."""

    def __init__(self, sheets: dict[str, list[dict[str, object]]]) -> None:
        super().__init__(sheets)
        self.headers = {
            name: [column.header for column in schema.sheet(name).columns] for name in sheets
        }

    def header_row(self, name: str) -> list[str]:
        headers = list(self.headers.get(name, []))
        for row in self[name]:
            headers += [key for key in row if key not in headers]
        return headers

    def rows(self) -> dict[str, list[list[object]]]:
        """Each sheet as its header row followed by the data rows."""
        out = {}
        for name, records in self.items():
            headers = self.header_row(name)
            out[name] = [headers] + [[row.get(h) for h in headers] for row in records]
        return out


def drop_column(book: Book, sheet: str, header: str) -> None:
    book.headers[sheet].remove(header)
    for row in book[sheet]:
        row.pop(header, None)


def rename_column(book: Book, sheet: str, old: str, new: str) -> None:
    headers = book.headers[sheet]
    headers[headers.index(old)] = new
    for row in book[sheet]:
        if old in row:
            row[new] = row.pop(old)


def minimal_book() -> Book:
    """A valid workbook: one centre, one title with two CCPs, one Titre session with results."""
    return Book({
        "Paramètres": [
            {"Paramètre": "Organisme", "Valeur": "SPL AFPAR"},
            {"Paramètre": "Courriel certification DIECCTE",
             "Valeur": schema.DEFAULT_DIECCTE_EMAIL},
        ],
        "Centres": [{
            "Code centre": "CFPAE",
            "Nom": "AFPAR Centre de Saint-André",
            "Nom court": "STANDRE",
            "Adresse": "1 rue de la Gare, 97440 Saint-André",
            "Téléphone": "0262 00 00 00",
            "Courriel examen": "examen.cfpae@afpar.com",
        }],
        "Titres": [{
            "Code titre": TITLE,
            "Intitulé": "Enseignant de la sécurité routière et de l'éducation routière",
            "Abrégé": "ECSR",
        }],
        "CCP": [
            {"Code titre": TITLE, "Code CCP": CCP_1, "Intitulé": "Former à la conduite"},
            {"Code titre": TITLE, "Code CCP": CCP_2, "Intitulé": "Sensibiliser à la sécurité"},
        ],
        "Agréments": [{
            "N° agrément": "AG-2024-01",
            "Code centre": "CFPAE",
            "Code titre": TITLE,
            "Date de début": dt.date(2024, 1, 1),
            "Date de fin": dt.date(2026, 12, 31),
        }],
        "Sessions": [{
            "N° session": SESSION,
            "Code centre": "CFPAE",
            "Type": "Titre",
            "Code titre": TITLE,
            "Date de début": dt.date(2026, 3, 2),
            "Heure de début": "8h30",
            "Date de fin": dt.date(2026, 3, 4),
            "Date réelle de fin": dt.date(2026, 3, 4),
            "Statut": "Résultats saisis",
            "Date commande DTE": dt.date(2026, 1, 5),
            "RS nom": "HOARAU Marie",
            "RS qualité": "Titulaire",
            "Lieu": "AFPAR Saint-André",
        }],
        "Candidats": [
            {
                "N° CERES": PAYET,
                "Nom": "Payet",
                "Prénom": "Jean",
                "Date de naissance": dt.date(1990, 5, 12),
                "Pays de naissance": "France",
                "Commune de naissance": "Paris",
                "Code postal de naissance": "75012",
                "Courriel": "jean.payet@example.re",
            },
            {
                "N° CERES": GRONDIN,
                "Nom": "Grondin",
                "Prénom": "Aurélie",
                "Date de naissance": dt.date(1995, 8, 3),
                "Pays de naissance": "Réunion",
                "Commune de naissance": "Saint-Denis",
            },
        ],
        "Inscriptions": [
            {"N° session": SESSION, "N° CERES": PAYET, "Présence": "Présent",
             "Résultat": "Admis"},
            {"N° session": SESSION, "N° CERES": GRONDIN, "Présence": "Présent",
             "Résultat": "Partiellement admis", "CCP obtenus": CCP_1,
             "Commentaire": "Grille CCP 2 : séquence pédagogique incomplète."},
        ],
        "Intervenants": [
            {"N° session": SESSION, "Rôle": "Jury", "Nom": "Técher", "Prénom": "Paul",
             "Courriel": "paul.techer@example.re", "Fin d'habilitation": dt.date(2027, 6, 30)},
            {"N° session": SESSION, "Rôle": "Jury", "Nom": "Rivière", "Prénom": "Anne",
             "Fin d'habilitation": dt.date(2028, 1, 31)},
        ],
    })


def write_rows(sheets: dict[str, list[list[object]]], folder: Path,
               name: str = "sessions.xlsx") -> Path:
    """Write each sheet's rows from A1, in the given order, and return the file's path."""
    book = Workbook()
    book.remove(book.active)
    for sheet_name, rows in sheets.items():
        sheet = book.create_sheet(sheet_name)
        for row in rows:
            sheet.append(row)
            for cell in sheet[sheet.max_row]:
                if isinstance(cell.value, dt.date) and not isinstance(cell.value, dt.datetime):
                    cell.number_format = "DD/MM/YYYY"
    path = Path(folder) / name
    book.save(path)
    return path


def write(book: Book, folder: Path, name: str = "sessions.xlsx") -> Path:
    return write_rows(book.rows(), folder, name)


def check(book: Book, folder: Path, today: dt.date = TODAY) -> Report:
    """Write the book and validate it: the report of every issue found."""
    return validate(write(book, folder), today=today).report


CCP_SESSION = "224600"
WEIRD = "D'Éméric & <Fils> {{ 7*7 }}"
RESULTS = {
    "9741411152683A": ("Présent", "Refusé", None),
    "9741411152684B": ("Absence justifiée", None, None),
    "9741411152685C": ("Absence injustifiée", None, None),
}


def full_book():
    """The minimal book with every attendance and result, a CCP session and parchemins."""
    book = minimal_book()
    book["Candidats"][1]["Nom"] = WEIRD
    for number, (ceres, (presence, result, ccps)) in enumerate(RESULTS.items()):
        book["Candidats"].append({
            "N° CERES": ceres, "Nom": f"Técher{number}", "Prénom": "Loïc",
            "Date de naissance": dt.date(1991, 1, 1 + number), "Pays de naissance": "Réunion",
            "Commune de naissance": "Le Tampon"})
        book["Inscriptions"].append({
            "N° session": SESSION, "N° CERES": ceres, "Présence": presence,
            "Résultat": result, "CCP obtenus": ccps,
            "Commentaire": "Mise en situation non réussie." if result else None})
    session = book["Sessions"][0]
    session.update({"Statut": "Clôturée", "Date réception PV validés": dt.date(2026, 4, 1),
                    "Date réception parchemins": dt.date(2026, 5, 4)})
    book["Inscriptions"][0]["Date retrait parchemin"] = dt.date(2026, 5, 10)
    book["Sessions"].append({**session, "N° session": CCP_SESSION, "Type": "CCP",
                             "Code CCP": CCP_2, "Date de début": dt.date(2026, 6, 1),
                             "Date de fin": dt.date(2026, 6, 1),
                             "Date réelle de fin": dt.date(2026, 6, 1),
                             "Statut": "Résultats saisis", "Date réception PV validés": None,
                             "Date réception parchemins": dt.date(2026, 9, 1)})
    book["Inscriptions"].append({"N° session": CCP_SESSION, "N° CERES": GRONDIN,
                                 "Présence": "Présent", "Résultat": "Admis"})
    for person in list(book["Intervenants"]):
        book["Intervenants"].append({**person, "N° session": CCP_SESSION})
    book["Intervenants"].append({"N° session": SESSION, "Rôle": "Surveillant",
                                 "Nom": "Law-Yat", "Prénom": "Thérèse"})
    return book


# The day the document tests generate on (--today): results, parchemins and the RA form's
# deadline of full_book are all behind it.
ON = "2026-11-30"
# Every kind of a session's documents that a session of full_book can be asked for by name
# (affichage and demande-report need dates full_book does not have).
EVERY_KIND = ("convocation-candidat", "convocation-jury", "convocation-surveillant",
              "pv-individuel", "pv-general", "formulaire-ra", "bordereau-dieccte",
              "bordereau-retour", "impression-pv", "courriel-convocation")


def on_request(*sessions: str, kinds: tuple[str, ...] = EVERY_KIND) -> list[str]:
    """generate's arguments asking for these kinds of these sessions by name, whatever their
    stage, on the day ON (nothing of it goes into envoi/)."""
    args = ["--today", ON]
    for session in sessions:
        args += ["--session", session]
    for kind in kinds:
        args += ["--only", kind]
    return args


def run(*args: object, env: dict[str, str] | None = None) -> Result:
    """ceres-docs with these arguments, through click's CliRunner."""
    return CliRunner().invoke(cli, [str(arg) for arg in args], env=env)


def sha256(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def manifest(out: Path) -> list[dict]:
    """The documents listed in out/manifest.json."""
    return json.loads((Path(out) / "manifest.json").read_text(encoding="utf-8"))["documents"]
