"""Every command, run as a process whose output is encoded in cp1252 (output redirected to a
file or a pipe on a French Windows), with text the code page lacks (« Ễ », « ☐ »): never a
traceback; human text keeps its accents, with « ? » for the missing character; --json loses
nothing."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from builders import SESSION, minimal_book, write
from test_outgoing import make_scan

import ceres_docs
from ceres_docs.kinds import TEMPLATE_FILES

ENV = {**os.environ, "PYTHONIOENCODING": "cp1252",
       "PYTHONPATH": os.pathsep.join([str(Path(ceres_docs.__file__).parents[1]),
                                      os.environ.get("PYTHONPATH", "")])}
TWIN = "9741411152689X"  # NGUYỄN Jean's second CERES record


def console(*args: object) -> tuple[int, str, str]:
    """ceres-docs as a process writing cp1252: exit code, stdout, stderr (both read as cp1252,
    so that bytes in another encoding fail or show)."""
    done = subprocess.run([sys.executable, "-m", "ceres_docs", *map(str, args)], env=ENV,
                          capture_output=True, timeout=600)
    out, err = done.stdout.decode("cp1252"), done.stderr.decode("cp1252")
    assert "Traceback" not in out + err, err
    return done.returncode, out, err


@pytest.fixture(scope="module")
def workbook(tmp_path_factory) -> Path:
    """A valid workbook whose text cp1252 cannot encode: a name in Vietnamese, a box."""
    book = minimal_book()
    book["Candidats"][0]["Nom"] = "NGUYỄN"
    book["Candidats"].append({**book["Candidats"][0], "N° CERES": TWIN, "Courriel": None})
    book["Paramètres"].append({"Paramètre": "☐ Couleur", "Valeur": "bleu"})
    book["Titres"][0]["Abrégé"] = "ECSR ☐"
    book["Sessions"][0]["Date réception parchemins"] = dt.date(2026, 5, 4)
    return write(book, tmp_path_factory.mktemp("console"))


def test_validate_table(workbook):
    code, out, err = console("validate", workbook)
    assert code == 0, err
    assert "Paramètre « ? Couleur » inconnu" in out
    assert f"NGUY?N Jean, né(e) le 12/05/1990, a plusieurs fiches CERES (9741411152681F, {TWIN})" \
        in out
    assert out.endswith("0 erreur, 2 avertissements : le classeur est valide.\n")


def test_validate_json_loses_nothing(workbook):
    code, out, err = console("validate", workbook, "--json")
    assert code == 0, err
    messages = [issue["message"] for issue in json.loads(out)["issues"]]
    assert messages[0].startswith("Paramètre « ☐ Couleur » inconnu")
    assert messages[1].startswith("NGUYỄN Jean, né(e) le 12/05/1990")
    assert "\\u2610 Couleur" in out and "NGUY\\u1ec4N" in out and "né(e)" in out


def test_agenda_table_and_json(workbook):
    code, out, err = console("agenda", workbook, "--today", "2026-06-01")
    assert code == 0, err
    assert "Session 224566 ECSR ? du 02/03/2026 au 04/03/2026 : parchemins reçus le " \
           "04/05/2026" in out
    code, out, err = console("agenda", workbook, "--today", "2026-06-01", "--json")
    assert code == 0, err
    messages = [task["message"] for task in json.loads(out)["items"]]
    assert any(m.startswith("Session 224566 ECSR ☐ du 02/03/2026") for m in messages)


def test_generate(workbook, tmp_path):
    """On a day when the session's results are entered: its PVs leave for the DIECCTE."""
    out = tmp_path / "documents ☐"
    code, printed, err = console("generate", workbook, "--out", out, "--today", "2026-03-10")
    assert code == 0, err
    shown = tmp_path / "documents ?"
    assert f"documents produits dans {shown} :" in printed
    assert f"À envoyer aujourd'hui ({shown / 'envoi'} et {shown / 'envoi.zip'}) :" in printed
    assert "  - DIECCTE, par la poste – session 224566 : " in printed
    assert "1 bordereau d'envoi à la DIECCTE" in printed and "1 PV général" in printed
    assert any("NGUYEN" in path.name for path in out.rglob("PVI_*.pdf"))
    assert (out / "envoi.zip").is_file()


def test_doublons(workbook, tmp_path):
    code, out, err = console("doublons", workbook, "--out", tmp_path / "doublons ☐", "--no-pdf")
    assert code == 0, err
    assert out.splitlines()[:2] == [
        "1 personne a plusieurs fiches CERES (2 fiches sur 3) :",
        f"  NGUY?N Jean, né(e) le 12/05/1990 : 9741411152681F, {TWIN}"]
    assert f"Lettre à la DIECCTE : {tmp_path / 'doublons ?.docx'}" in out


def test_ra_mail(workbook, tmp_path):
    scan = make_scan(tmp_path / "scan.pdf")
    code, out, err = console("ra-mail", workbook, "--session", SESSION, "--scan", scan,
                             "--out", tmp_path / "envoi ☐")
    assert code == 0, err
    renamed = tmp_path / "envoi ?" / "RA_TP-01303_ECSR_STANDRE_02032026.pdf"
    assert f"Formulaire signé : {renamed}" in out
    code, out, err = console("ra-mail", workbook, "--session", "☐", "--scan", scan,
                             "--out", tmp_path / "envoi ☐")
    assert code == 1
    assert (out, err) == ("", "Erreur : Session « ? » inconnue dans la feuille Sessions.\n")


def test_templates_export_and_check(tmp_path):
    folder = tmp_path / "modèles ☐"
    code, out, err = console("templates", "export", folder)
    assert code == 0, err
    assert out == f"{len(TEMPLATE_FILES)} modèles copiés dans {tmp_path / 'modèles ?'}.\n"
    (folder / "pv-general.docx").unlink()
    code, out, err = console("templates", "check", folder)
    assert code == 1, err
    assert f"  - Modèle « pv-general.docx » introuvable dans « {tmp_path / 'modèles ?'} »" in out


def test_init_and_its_error_on_stderr(tmp_path):
    path = tmp_path / "☐ sessions.xlsx"
    code, out, err = console("init", path)
    assert (code, out) == (0, f"Classeur créé : {tmp_path / '? sessions.xlsx'}\n"), err
    code, out, err = console("init", path)
    assert code == 1
    assert err.startswith(f"Erreur : « {tmp_path / '? sessions.xlsx'} » existe déjà")


def test_errors_on_stderr_and_as_json(tmp_path):
    path = tmp_path / "☐.xlsx"
    path.write_bytes(b"")
    code, out, err = console("validate", path)
    assert (code, out) == (1, "")
    assert err == "Erreur : Le fichier « ?.xlsx » est vide (0 octet) : ce n'est pas un classeur.\n"
    code, out, err = console("validate", path, "--json")
    assert code == 1
    [issue] = json.loads(out)["issues"]
    assert issue["message"] == "Le fichier « ☐.xlsx » est vide (0 octet) : ce n'est pas un " \
                               "classeur."
    code, out, err = console("validate", tmp_path / "absent ☐.xlsx")
    assert code == 2
    assert (f"classeur « {tmp_path / 'absent ?.xlsx'} » introuvable. Classeurs .xlsx dans le "
            f"dossier « {tmp_path} » : ?.xlsx.") in err


@pytest.mark.parametrize("encoding", ["cp1252", "cp850", "ascii", "utf-8"])
def test_json_escapes_only_what_the_encoding_lacks(encoding, monkeypatch):
    from ceres_docs.cli import _echo_json

    stream = io.TextIOWrapper(io.BytesIO(), encoding=encoding)
    monkeypatch.setattr(sys, "stdout", stream)
    data = {"nom": "NGUYỄN Aurélie ☐ 🙂 « € »", "lignes": ["a\nb", "\u0081"]}
    _echo_json(data)
    stream.flush()
    written = stream.buffer.getvalue().decode(encoding)
    assert json.loads(written) == data
    assert ("Aurélie" in written) == (encoding != "ascii")
    assert ("🙂" in written) == (encoding == "utf-8")
