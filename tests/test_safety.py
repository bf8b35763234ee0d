"""Safety: any text typed in a cell is printed as text, templates cannot reach Python, the
workbook is never modified, nothing leaves the machine."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import socket
import zipfile
from pathlib import Path

import pytest
from builders import CCP_SESSION, SESSION, full_book, on_request, run, sha256, write
from docx import Document
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st
from lxml import etree
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from ceres_docs import schema
from ceres_docs.contexts import items
from ceres_docs.naming import MAX_NAME, RESERVED, person_word, safe_name, unique
from ceres_docs.values import clean_text, is_blank

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# A day when both sessions of safety_book are at « résultats saisis »: a plain run produces
# their PVs and slips, and posts them to the DIECCTE.
RESULTS_DAY = "2026-03-10"
CCP_HELD = dt.date(2026, 3, 6)  # 224600's day here: over by RESULTS_DAY, its results typed


def safety_book():
    """full_book with 224600 held on CCP_HELD rather than 01/06/2026: results are typed only
    once a session is over (N)."""
    book = full_book()
    book["Sessions"][1].update({"Date de début": CCP_HELD, "Date de fin": CCP_HELD,
                                "Date réelle de fin": CCP_HELD})
    return book


# Every free-text cell that reaches a document: (sheet, row index in full_book, header).
# The rest is checked on entry (dates, codes, value lists, e-mail addresses, telephones).
PRINTED = [
    ("Paramètres", 0, "Valeur"),
    ("Centres", 0, "Nom"),
    ("Centres", 0, "Adresse"),
    ("Titres", 0, "Intitulé"),
    ("Titres", 0, "Nature des épreuves"),
    ("Titres", 0, "Déroulement des épreuves"),
    ("Titres", 0, "Documents à présenter"),
    ("CCP", 1, "Intitulé"),
    ("Sessions", 0, "RS nom"),
    ("Sessions", 0, "Lieu"),
    ("Candidats", 0, "Nom"),
    ("Candidats", 0, "Prénom"),
    ("Candidats", 1, "Pays de naissance"),
    ("Candidats", 0, "Commune de naissance"),
    ("Candidats", 0, "Adresse"),
    ("Inscriptions", 1, "Commentaire"),
    ("Intervenants", 0, "Nom"),
    ("Intervenants", 0, "Prénom"),
    ("Intervenants", 0, "Adresse"),
]
UPPER = {("Candidats", "Nom"), ("Intervenants", "Nom")}  # names are printed in capitals
# Lists typed « a ; b » (one per line too), printed item by item.
LISTS = {("Titres", "Documents à présenter"), ("CCP", "Documents à présenter")}
# A CCP's own texts, printed in the documents of a session of that CCP only.
PRINTED_FOR_A_CCP = [
    ("CCP", 1, "Nature des épreuves"),
    ("CCP", 1, "Déroulement des épreuves"),
    ("CCP", 1, "Documents à présenter"),
]
# Rows that several sessions use: an error there holds back the whole workbook; anywhere else
# among PRINTED, it holds back 224566 (the only session of these rows, or one of two).
SHARED = {"Paramètres", "Centres", "Titres", "CCP"}


def reported_at(where: tuple[str, int, str]) -> tuple[str, str]:
    """The sheet and cell a refusal of this cell names: the cell itself (the organisation's
    name left blank too: a parameter without a value is named at its value)."""
    sheet, index, header = where
    return sheet, f"{get_column_letter(full_book().header_row(sheet).index(header) + 1)}{index + 2}"


COUNTRY = ("Candidats", 1, "Pays de naissance")


def coded_country(value: str) -> bool:
    """A birth country typed as a number or a short code (974, FR), which is refused (P§4):
    it is to be typed in full."""
    typed = clean_text(value).strip()
    return bool(typed) and (typed.replace(" ", "").isdigit()
                            or (len(typed) <= 3 and typed.isalpha()))


def test_every_free_text_column_that_reaches_a_document_is_covered():
    text_columns = {(sheet.name, column.header) for sheet in schema.SHEETS
                    for column in sheet.columns if column.kind == "text"}
    unprinted = {("Paramètres", "Paramètre"), ("Centres", "Nom court"), ("Titres", "Abrégé"),
                 ("Agréments", "N° agrément"), ("Centres", "SIRET")}
    assert text_columns - unprinted == {(sheet, header) for sheet, _, header
                                        in PRINTED + PRINTED_FOR_A_CCP}


def docx_text(path: Path) -> str:
    """Every text part of a DOCX as Word shows it: runs, tabs, line and paragraph breaks."""
    parts = []
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if not (name.startswith("word/") and name.endswith(".xml")) and \
                    name != "docProps/core.xml":
                continue
            root = etree.fromstring(archive.read(name))  # a corrupt part fails here
            for element in root.iter():
                if element.tag == f"{W}t":
                    parts.append(element.text or "")
                elif element.tag in (f"{W}br", f"{W}p"):
                    parts.append("\n")
                elif element.tag == f"{W}tab":
                    parts.append("\t")
    return "".join(parts)


# What a cell of an .xlsx file can hold at all: XML forbids most control characters.
cell_text = st.text(
    st.characters(exclude_categories=("Cs", "Cc"), exclude_characters="\ufffe\uffff",
                  include_characters="\t\n\r"),
    min_size=1, max_size=40,
)


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> Path:
    return write(safety_book(), tmp_path_factory.mktemp("safety"))


def put(base: Path, folder: Path, cells: dict[tuple[str, int, str], str]) -> Path:
    """A copy of the workbook with cells typed as text, even '=…' (never a formula)."""
    book = load_workbook(base)
    for (sheet, index, header), value in cells.items():
        rows = book[sheet]
        headers = [cell.value for cell in rows[1]]
        cell = rows.cell(row=index + 2, column=headers.index(header) + 1)
        cell.value = value
        cell.data_type = "s"
    path = folder / "saisi.xlsx"
    book.save(path)
    return path


def shown(where: tuple[str, int, str], value: str) -> list[str]:
    """The text as a document prints it: trimmed, line breaks as typed, names in capitals;
    a list, item by item."""
    text = clean_text(value).replace("\r\n", "\n").replace("\r", "\n")
    if (where[0], where[2]) in LISTS:
        return items(text)
    if (where[0], where[2]) == ("Centres", "Adresse"):  # the letterhead's address is one line
        text = text.replace("\n", ", ")
    return [text.upper() if (where[0], where[2]) in UPPER else text]


@settings(max_examples=15, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture,
                                 HealthCheck.too_slow])
@given(values=st.tuples(*[cell_text] * len(PRINTED)))
@example(values=("\u00a0 ",) * len(PRINTED))  # blank where a name is required: refused
@example(values=("0\n1",) * len(PRINTED))  # found by Hypothesis: line breaks everywhere
@example(values=tuple("Réunion" if where == COUNTRY else "0" for where in PRINTED[:-1])
         + ("\u00a0",))  # a jury member's first name
@example(values=tuple("974" if where == COUNTRY else "0" for where in PRINTED))  # P§4
def test_any_text_in_the_printed_cells_is_printed_verbatim_or_refused(base, tmp_path_factory,
                                                                     values):
    folder = tmp_path_factory.mktemp("cas")
    cells = dict(zip(PRINTED, values, strict=True))
    workbook = put(base, folder, cells)
    before = sha256(workbook)
    out = folder / "documents"
    result = run("generate", workbook, "--out", out, "--no-pdf", *on_request(SESSION))
    assert sha256(workbook) == before
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    event("refusé" if result.exit_code else "produit")
    coded = coded_country(cells[COUNTRY])
    assert result.exit_code != 0 or not coded, result.output
    if result.exit_code != 0:
        assert result.exit_code == 1, result.output
        blanks = [where for where, value in cells.items() if is_blank(value)]
        refused = {reported_at(where) for where in blanks + ([COUNTRY] if coded else [])}
        faults = {tuple(re.split(r" {2,}", line)[1:3]) for line in result.output.splitlines()
                  if line.startswith("Erreur  ")}
        assert faults and faults <= refused, result.output  # a blank or coded cell, named
        # A required cell left blank in a row several sessions share stops everything; any
        # other error holds back the session alone (a blank optional cell is no error).
        if any(sheet in SHARED for sheet, _cell in faults):
            assert result.output.endswith("Erreur : Le classeur contient des erreurs : aucun "
                                          "document n'a été produit.\n"), result.output
        else:
            assert (f"1 session non produite à cause de ses erreurs (son dossier reste tel "
                    f"qu'il était) : {SESSION}. Corrigez :") in result.output
        assert not out.exists()
        return
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["documents"]
    for entry in manifest:  # every file named from these cells stays inside the output
        assert (out / entry["path"]).resolve().parent.parent == out.resolve(), entry["path"]
        assert (out / entry["path"]).is_file()
    texts = []
    for document in sorted(out.rglob("*.docx")):
        Document(str(document))  # opens: the file is a sound DOCX
        texts.append(docx_text(document))
    assert texts
    for where, value in cells.items():
        for expected in shown(where, value):
            assert not expected or any(expected in text for text in texts), (where, expected)


@pytest.mark.parametrize("value", ["{{ 7*7 }}", "{% for x in range(3) %}x{% endfor %}",
                                   "=HYPERLINK(\"http://exemple\")", "<w:p/>&amp;"])
def test_template_syntax_typed_in_a_cell_is_printed_as_typed(base, tmp_path, value):
    workbook = put(base, tmp_path, {("Paramètres", 0, "Valeur"): value})
    out = tmp_path / "documents"
    result = run("generate", workbook, "--out", out, "--no-pdf",
                 *on_request(SESSION, kinds=("pv-general",)))
    assert result.exit_code == 0, result.output
    [pv] = out.rglob("PVG_*.docx")
    assert value in docx_text(pv)  # the organisation's name, in the footer


@pytest.mark.parametrize("value", ["{{ 7*7 }}", "{% for x in range(3) %}x{% endfor %}",
                                   "<w:p/>&amp;", "0\n1 ; 2"])
def test_a_ccp_s_texts_are_printed_as_typed(base, tmp_path, value):
    workbook = put(base, tmp_path, dict.fromkeys(PRINTED_FOR_A_CCP, value))
    out = tmp_path / "documents"
    result = run("generate", workbook, "--out", out, "--no-pdf",
                 *on_request(CCP_SESSION, kinds=("convocation-candidat",)))
    assert result.exit_code == 0, result.output
    [convocation] = out.rglob("CONV_*.docx")
    text = docx_text(convocation)
    for where in PRINTED_FOR_A_CCP:
        for expected in shown(where, value):
            assert expected in text, (where, expected)


# File names built from data

ATTACKS = ["../../etc/passwd", "..\\..\\Windows\\system32", "CON", "nul.txt", "Com1",
           "lpt9.docx", "a\x00b", "\x1b[31m", ". .", "", "é" * 500, "C:\\x", "/abs/olu"]


@given(st.one_of(st.sampled_from(ATTACKS), st.text()), st.sampled_from([".pdf", ".docx", ""]))
def test_a_name_from_data_is_one_safe_windows_file_name(text, suffix):
    name = safe_name(text, suffix)
    assert re.fullmatch(r"[A-Za-z0-9_.-]+", name)
    assert name not in (".", "..") and not name.startswith(".")
    assert name.split(".")[0].upper() not in RESERVED
    assert len(name) <= MAX_NAME + len(suffix)
    folder = Path("/sortie")
    assert (folder / name).resolve().parent == folder


@given(st.text(), st.text())
def test_a_person_s_name_in_a_file_name_is_plain_ascii(last, first):
    name = safe_name(f"CONV_TP-01303_{person_word(last, first)}", ".pdf")
    assert re.fullmatch(r"CONV_TP-01303_[A-Za-z0-9_-]+\.pdf", name)


def test_namesakes_get_distinct_files(base, tmp_path):
    book = full_book()
    twin = {**book["Candidats"][0], "N° CERES": "9741411152699Z", "Date de naissance":
            dt.date(1992, 2, 2)}
    book["Candidats"].append(twin)
    book["Inscriptions"].append({"N° session": SESSION, "N° CERES": twin["N° CERES"],
                                 "Présence": "Présent", "Résultat": "Admis"})
    out = tmp_path / "documents"
    result = run("generate", write(book, tmp_path), "--out", out, "--no-pdf",
                 "--session", SESSION, "--only", "convocation-candidat")
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in out.rglob("CONV_*PAYET*.docx"))
    assert len(names) == 2 and names[0] != names[1], names
    assert unique("a.pdf", {"a.pdf"}, "X") == "a_X.pdf"


def test_report_copy_keeps_text_that_looks_like_a_formula_as_text(tmp_path):
    book = full_book()
    attacks = ["=1+1", "+33 262", "-2", "@SUM(A1)", "=HYPERLINK(\"http://x\")"]
    for row, attack in zip(book["Candidats"], attacks, strict=False):
        row["Adresse"] = attack
    book["Candidats"][0]["Date de naissance"] = "=cmd|' /C calc'!A0"
    workbook = write(book, tmp_path)
    source = load_workbook(workbook)
    for row in source["Candidats"].iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, str) and cell.value[:1] in "=+-@":
                cell.data_type = "s"
    source.save(workbook)
    copy = tmp_path / "rapport.xlsx"
    result = run("validate", workbook, "--report", copy)
    assert result.exit_code == 1, result.output
    with zipfile.ZipFile(copy) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/")]
        assert sheets and not any(b"<f>" in archive.read(n) or b"<f " in archive.read(n)
                                  for n in sheets)
    annotated = load_workbook(copy)
    assert annotated["Candidats"]["D2"].value == "=cmd|' /C calc'!A0"
    typed_values = {c.value for r in annotated["Candidats"].iter_rows() for c in r}
    assert set(attacks[: len(book["Candidats"])]) <= typed_values


# Templates: the sandbox covers every part docxtpl renders.

EVIL = "{{ ''.__class__.__mro__[1].__subclasses__() }}"
FOOTNOTES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<w:footnotes xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    '<w:footnote w:id="1"><w:p><w:r><w:t>{}</w:t></w:r></w:p></w:footnote></w:footnotes>'
)


def spoil(template: Path, destination: Path, part: str, text: str) -> None:
    """A copy of the template with text put in one of its parts."""
    with zipfile.ZipFile(template) as source, \
            zipfile.ZipFile(destination, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename).decode("utf-8")
            if part == "footer" and item.filename == "word/footer1.xml":
                data = data.replace("{{ organisme.nom }}", text)
            elif part == "properties" and item.filename == "docProps/core.xml":
                data = data.replace("Procès-verbal général de session", text)
            elif part == "footnotes" and item.filename == "[Content_Types].xml":
                data = data.replace("</Types>", '<Override PartName="/word/footnotes.xml" '
                                    'ContentType="application/vnd.openxmlformats-officedocument'
                                    '.wordprocessingml.footnotes+xml"/></Types>')
            elif part == "footnotes" and item.filename == "word/_rels/document.xml.rels":
                data = data.replace("</Relationships>", '<Relationship Id="rId99" Type="http://'
                                    'schemas.openxmlformats.org/officeDocument/2006/'
                                    'relationships/footnotes" Target="footnotes.xml"/>'
                                    "</Relationships>")
            elif part == "body" and item.filename == "word/document.xml":
                data = data.replace("</w:body>", "").replace(
                    "<w:sectPr", f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p><w:sectPr", 1
                ) + ""
                data = data.replace("</w:document>", "</w:body></w:document>")
            target.writestr(item, data)
        if part == "footnotes":
            target.writestr("word/footnotes.xml", FOOTNOTES.format(text))
    assert text in "".join(zipfile.ZipFile(destination).read(n).decode("utf-8")
                           for n in zipfile.ZipFile(destination).namelist())


PARTS = ["body", "footer", "footnotes", "properties"]


@pytest.fixture(scope="module")
def templates(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("modeles")
    result = run("templates", "export", folder / "m")
    assert result.exit_code == 0, result.output
    return folder / "m"


def with_part(templates: Path, folder: Path, part: str, text: str) -> Path:
    spoilt = folder / "modeles"
    shutil.copytree(templates, spoilt)
    spoil(templates / "pv-general.docx", spoilt / "pv-general.docx", part, text)
    return spoilt


@pytest.mark.parametrize("part", PARTS)
def test_each_part_of_a_template_is_rendered(base, templates, tmp_path, part):
    """The control: a variable in this part is filled, so the next test means something."""
    folder = with_part(templates, tmp_path, part, "Session n° {{ session.numero }} rendue")
    out = tmp_path / "documents"
    result = run("generate", base, "--out", out, "--only", "pv-general", "--no-pdf",
                 "--session", SESSION, "--templates", folder)
    assert result.exit_code == 0, result.output
    [pv] = out.rglob("*.docx")
    with zipfile.ZipFile(pv) as archive:
        everything = "".join(archive.read(n).decode("utf-8", "replace")
                             for n in archive.namelist())
    assert f"Session n° {SESSION} rendue" in everything


@pytest.mark.parametrize("part", PARTS)
def test_a_template_cannot_reach_python_from_any_part(base, templates, tmp_path, part):
    folder = with_part(templates, tmp_path, part, EVIL)
    out = tmp_path / "documents"
    result = run("generate", base, "--out", out, "--only", "pv-general", "--no-pdf",
                 "--session", SESSION, "--templates", folder)
    assert result.exit_code == 1, result.output
    assert "Erreur : Modèle « pv-general.docx » :" in result.output
    assert "templates check" in result.output
    assert "Traceback" not in result.output
    assert "subclasses" not in result.output.split(":", 2)[-1].replace(EVIL, "")
    assert not out.exists()


# The workbook is never modified, by any command.

def commands(workbook: Path, folder: Path) -> dict[str, list[object]]:
    scan = folder / "scan.pdf"
    from pypdf import PdfWriter
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    with scan.open("wb") as handle:
        writer.write(handle)
    return {
        "validate": ["validate", workbook],
        "validate --json": ["validate", workbook, "--json"],
        "validate --report": ["validate", workbook, "--report", folder / "rapport.xlsx"],
        "generate --no-pdf": ["generate", workbook, "--out", folder / "a", "--no-pdf",
                              "--today", RESULTS_DAY],
        # a plain run: the PVs of the candidates not admitted in full go into envoi/
        "generate": ["generate", workbook, "--out", folder / "b", "--today", RESULTS_DAY,
                     "--only", "pv-individuel"],
        "ra-mail": ["ra-mail", workbook, "--session", SESSION, "--scan", scan,
                    "--out", folder / "c"],
        "templates check": ["templates", "check", folder / "modeles"],
        "agenda": ["agenda", workbook, "--json", "--ics", folder / "agenda.ics"],
    }


def tree(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): sha256(p) for p in folder.rglob("*") if p.is_file()}


@pytest.mark.parametrize("name", list(commands(Path("x"), Path("/tmp")).keys()) + ["invalid"])
def test_no_command_modifies_the_workbook_it_reads(tmp_path, name):
    book = safety_book()
    if name == "invalid":
        book["Sessions"][0]["Date de fin"] = "32/13/2026"
    workbook = write(book, tmp_path)
    assert run("templates", "export", tmp_path / "modeles").exit_code == 0
    before, templates_before = sha256(workbook), tree(tmp_path / "modeles")
    args = commands(workbook, tmp_path)["generate --no-pdf" if name == "invalid" else name]
    result = run(*args)
    assert result.exit_code == (1 if name == "invalid" else 0), result.output
    assert sha256(workbook) == before
    assert tree(tmp_path / "modeles") == templates_before


# Personal data stays on the machine.

def test_nothing_is_sent_anywhere(base, tmp_path, monkeypatch):
    """No command opens a network connection: e-mails are drafts for the user to send."""
    def refuse(*args, **kwargs):
        raise AssertionError("connexion réseau tentée")
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    for args in commands(base, tmp_path).values():
        if args[0] == "templates":
            continue
        result = run(*args)
        assert result.exit_code == 0, result.output
        assert result.exception is None or isinstance(result.exception, SystemExit)
    assert list((tmp_path / "c").glob("*.eml"))


@pytest.mark.parametrize("args", [["--today", RESULTS_DAY],
                                  ["--no-pdf", *on_request(SESSION, CCP_SESSION)]],
                         ids=["what-leaves-today", "every-kind-by-name"])
def test_a_successful_run_prints_no_candidate_data(base, tmp_path, args):
    """The summary counts documents, and the mail of the day by envelope; names and N° CERES
    stay in the files."""
    result = run("generate", base, "--out", tmp_path / "o", *args)
    assert result.exit_code == 0, result.output
    assert "document" in result.output and "Aucun document" not in result.output
    if "--no-pdf" not in args:
        assert "  - DIECCTE, par la poste – session 224566 : " in result.output
    book = full_book()
    for candidate in book["Candidats"]:
        for header in ("N° CERES", "Nom", "Prénom", "Courriel"):
            value = candidate.get(header)
            if value:
                assert str(value) not in result.output, header
