"""generate: real templates, real LibreOffice, PDFs read back with pypdf."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from builders import (
    CCP_1,
    CCP_2,
    CCP_SESSION,
    GRONDIN,
    PAYET,
    RESULTS,
    SESSION,
    WEIRD,
    fake_soffice,
    full_book,
    manifest,
    minimal_book,
    on_request,
    run,
    write,
)
from docx import Document
from pypdf import PdfReader


def text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def flat(value: str) -> str:
    return " ".join(value.split())


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    folder = tmp_path_factory.mktemp("generate")
    workbook = write(full_book(), folder)
    out = folder / "documents"
    result = run("generate", workbook, "--out", out, *on_request(SESSION, CCP_SESSION))
    assert result.exit_code == 0, result.output
    return workbook, out, result.output


def entries(out, kind, session=SESSION):
    return [e for e in manifest(out) if e["kind"] == kind and e["session"] == session]


def test_summary_counts_documents_per_kind(generated):
    _, out, output = generated
    assert f"30 documents produits dans {out} :" in output
    assert "6  convocations des candidats" in output
    assert "1  convocation d'un surveillant" in output
    assert output.endswith("À envoyer aujourd'hui : rien.\n")


def test_manifest_lists_every_file_with_its_real_page_count(generated):
    _, out, _ = generated
    documents = manifest(out)
    files = {p.relative_to(out).as_posix() for p in out.rglob("*")
             if p.is_file() and p.name != "manifest.json"}
    assert {e["path"] for e in documents} == files
    for entry in documents:
        assert set(entry) == {"kind", "session", "candidate", "person", "path", "format",
                              "pages", "to_dieccte", "produced"}
        assert entry["produced"] == "2026-11-30"
        assert entry["format"] == Path(entry["path"]).suffix[1:]
        if entry["format"] == "pdf":
            assert entry["pages"] == len(PdfReader(out / entry["path"]).pages) >= 1
        else:
            assert entry["pages"] is None
    assert {e["kind"] for e in documents} == {
        "convocation-candidat", "convocation-jury", "convocation-surveillant",
        "pv-individuel", "pv-general", "formulaire-ra", "bordereau-dieccte",
        "bordereau-retour", "impression-pv", "courriel-convocation"}


def test_one_document_per_person(generated):
    _, out, _ = generated
    assert len(entries(out, "convocation-candidat")) == 5
    assert len(entries(out, "convocation-jury")) == 2
    assert [e["person"] for e in entries(out, "convocation-surveillant")] == ["LAW-YAT Thérèse"]
    assert len(entries(out, "pv-individuel")) == 5
    assert len(entries(out, "pv-general")) == 1
    assert all(e["pages"] == 1 for e in entries(out, "convocation-candidat"))


def test_to_dieccte_follows_each_result(generated):
    _, out, _ = generated
    sent = {e["candidate"]: e["to_dieccte"] for e in entries(out, "pv-individuel")}
    assert sent == {PAYET: False, GRONDIN: True, "9741411152683A": True,
                    "9741411152684B": True, "9741411152685C": True}
    assert [e["to_dieccte"] for e in entries(out, "pv-general")] == [True]
    others = [e for e in manifest(out) if e["kind"] not in ("pv-individuel", "pv-general")]
    assert others and not any(e["to_dieccte"] for e in others)


def test_ra_form_names_follow_the_dieccte_convention(generated):
    _, out, _ = generated
    [title_ra] = entries(out, "formulaire-ra")
    [ccp_ra] = entries(out, "formulaire-ra", CCP_SESSION)
    assert title_ra["path"].endswith("/RA_TP-01303_ECSR_STANDRE_02032026.pdf")
    assert ccp_ra["path"].endswith(f"/RA_{CCP_2}_ECSR_STANDRE_01062026.pdf")


def test_names_are_printed_literally(generated):
    _, out, _ = generated
    [grondin] = [e for e in entries(out, "convocation-candidat") if e["candidate"] == GRONDIN]
    content = flat(text(out / grondin["path"]))
    assert "D'ÉMÉRIC & <FILS> {{ 7*7 }} Aurélie" in content
    assert "49" not in content
    assert Path(grondin["path"]).name == ("CONV_TP-01303_ECSR_STANDRE_02032026_"
                                          "D-EMERIC-FILS-7-7_Aurelie.pdf")


def test_pv_individuel_has_the_ccp_table(generated):
    _, out, _ = generated
    [pv] = [e for e in entries(out, "pv-individuel") if e["candidate"] == GRONDIN]
    content = flat(text(out / pv["path"]))
    assert "Partiellement admis" in content
    assert f"{CCP_1} Former à la conduite Obtenu" in content
    assert f"{CCP_2} Sensibiliser à la sécurité Non obtenu" in content
    assert "TÉCHER Paul" in content and "RIVIÈRE Anne" in content


def test_pv_general_has_every_candidate_and_the_totals(generated):
    _, out, _ = generated
    [pv] = entries(out, "pv-general")
    content = flat(text(out / pv["path"]))
    for ceres in [PAYET, GRONDIN, *RESULTS]:
        assert ceres in content
    for label in ("Absence justifiée", "Absence injustifiée", "Refusé", "Admis"):
        assert label in content
    assert "Inscrits 5" in content or "5 inscrits" in content.lower()


def test_ra_form_lists_candidates_and_instructions(generated):
    _, out, _ = generated
    [ra] = entries(out, "formulaire-ra")
    content = flat(text(out / ra["path"]))
    assert "974.certification@dieccte.gouv.fr" in content
    assert "RA_TP-01303_ECSR_STANDRE_02032026.pdf" in content
    assert "10/05/2026" in content
    assert PAYET in content


def test_generate_leaves_the_workbook_untouched(generated):
    workbook, out, _ = generated
    before = hashlib.sha256(workbook.read_bytes()).hexdigest()
    assert run("generate", workbook, "--out", out.parent / "encore",
               *on_request(SESSION, kinds=("pv-general",))).exit_code == 0
    assert hashlib.sha256(workbook.read_bytes()).hexdigest() == before


def test_invalid_workbook_writes_nothing(tmp_path):
    """The only session has an error: it is left out, with its error, and nothing is
    written (test_lifecycle: the other sessions would be produced)."""
    book = minimal_book()
    book["Sessions"][0]["Date de fin"] = "31/02/2026"
    out = tmp_path / "documents"
    result = run("generate", write(book, tmp_path), "--out", out)
    assert result.exit_code == 1
    assert "La date « 31/02/2026 » n'existe pas dans le calendrier." in result.output
    assert ("1 session non produite à cause de ses erreurs (son dossier reste tel qu'il "
            "était) : 224566.") in result.output
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir()] == ["sessions.xlsx"]


def test_summary_lines_agree_in_number(tmp_path):
    book = minimal_book()
    book["Paramètres"].append({"Paramètre": "Couleur", "Valeur": "bleu"})
    book["Sessions"].append({**book["Sessions"][0], "N° session": "224567"})
    for session in book["Sessions"]:
        session["Date de fin"] = "31/02/2026"
    result = run("generate", write(book, tmp_path), "--out", tmp_path / "documents")
    assert result.exit_code == 1
    assert ("2 sessions non produites à cause de leurs erreurs (leur dossier reste tel qu'il "
            "était) : 224566, 224567.") in result.output
    assert "1 avertissement dans le classeur : voir « ceres-docs validate »." in result.output


def test_the_one_person_without_an_email_address_is_named(tmp_path):
    book = minimal_book()
    book["Intervenants"][1]["Courriel"] = "anne.riviere@example.re"
    out = tmp_path / "documents"
    result = run("generate", write(book, tmp_path), "--out", out,
                 *on_request(SESSION, kinds=("courriel-convocation",)))
    assert result.exit_code == 0, result.output
    assert ("1 personne sans adresse électronique : sa convocation part par la poste :\n"
            f"  - GRONDIN Aurélie (candidat, session {SESSION})\n") in result.output


def test_unknown_session_is_refused(tmp_path):
    result = run("generate", write(minimal_book(), tmp_path), "--out", tmp_path / "o",
                 "--session", "999")
    assert result.exit_code == 1
    assert "Erreur : Session inconnue dans la feuille Sessions : 999." in result.output
    several = run("generate", write(minimal_book(), tmp_path), "--out", tmp_path / "o",
                  "--session", "999", "--session", "998")
    assert "Erreur : Sessions inconnues dans la feuille Sessions : 999, 998." in several.output


def test_no_pdf_keeps_docx_with_literal_text(tmp_path):
    book = full_book()
    out = tmp_path / "documents"
    result = run("generate", write(book, tmp_path), "--out", out, "--no-pdf",
                 *on_request(SESSION, CCP_SESSION, kinds=("convocation-candidat",)))
    assert result.exit_code == 0, result.output
    documents = manifest(out)
    assert {e["format"] for e in documents} == {"docx"}
    assert not list(out.rglob("*.pdf"))
    [grondin] = [e for e in documents if e["candidate"] == GRONDIN and e["session"] == SESSION]
    body = "\n".join(p.text for p in Document(out / grondin["path"]).paragraphs)
    assert f"{WEIRD.upper()} Aurélie" in body  # as typed, never run: no 49; name in capitals
    assert "49" not in body


def test_a_second_run_for_one_session_keeps_the_others(tmp_path):
    workbook = write(full_book(), tmp_path)
    out = tmp_path / "documents"
    assert run("generate", workbook, "--out", out, "--no-pdf",
               *on_request(SESSION, CCP_SESSION)).exit_code == 0
    before = {e["path"] for e in manifest(out)}
    (out / "notes-personnelles.txt").write_text("à garder", encoding="utf-8")
    result = run("generate", workbook, "--out", out, "--no-pdf", "--session", CCP_SESSION,
                 "--only", "formulaire-ra")
    assert result.exit_code == 0, result.output
    assert {e["path"] for e in manifest(out)} == before
    assert {p.relative_to(out).as_posix() for p in out.rglob("*.docx")} == before
    assert (out / "notes-personnelles.txt").read_text(encoding="utf-8") == "à garder"


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_failed_conversion_leaves_earlier_output_intact(generated, tmp_path):
    workbook, out, _ = generated
    copy = tmp_path / "documents"
    assert run("generate", workbook, "--out", copy,
               *on_request(SESSION, kinds=("pv-general",))).exit_code == 0
    before = snapshot(copy)
    broken = fake_soffice(tmp_path, "print('crash', file=sys.stderr); sys.exit(3)")
    result = run("generate", workbook, "--out", copy, *on_request(SESSION, CCP_SESSION),
                 env={"CERES_DOCS_SOFFICE": broken})
    assert result.exit_code == 1
    assert ("Erreur : LibreOffice s'est arrêté sur une erreur (code 3 : crash) en convertissant "
            ": PV individuels des sessions 224566, 224600 (6 documents) ;") in result.output
    assert snapshot(copy) == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".ceres-docs")] == []


def test_converter_that_leaves_no_pdf_is_named(generated, tmp_path):
    workbook, _, _ = generated
    silent = fake_soffice(tmp_path, "sys.exit(0)")
    result = run("generate", workbook, "--out", tmp_path / "o",
                 *on_request(SESSION, CCP_SESSION, kinds=("pv-general",)),
                 env={"CERES_DOCS_SOFFICE": silent})
    assert result.exit_code == 1
    assert ("Erreur : LibreOffice n'a pas produit le PDF de : PV généraux des sessions 224566, "
            "224600 (2 documents).") in result.output
    assert not (tmp_path / "o").exists()


def test_missing_libreoffice_says_how_to_install_it(generated, tmp_path):
    workbook, _, _ = generated
    result = run("generate", workbook, "--out", tmp_path / "o", *on_request(SESSION),
                 env={"CERES_DOCS_SOFFICE": str(tmp_path / "nulle-part" / "soffice")})
    assert result.exit_code == 1
    assert "n'existe pas" in result.output and "Installez LibreOffice" in result.output
    assert "--no-pdf" in result.output


def test_templates_export_then_check_is_clean(tmp_path):
    folder = tmp_path / "modeles"
    result = run("templates", "export", folder)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        f"{kind}.docx" for kind in ("convocation-candidat", "convocation-jury",
                                    "convocation-surveillant", "pv-individuel", "pv-general",
                                    "formulaire-ra", "bordereau-dieccte", "bordereau-retour",
                                    "affichage", "demande-report", "doublons"))
    check = run("templates", "check", folder)
    assert check.exit_code == 0, check.output
    assert check.output.count(": correct") == 11
    again = run("templates", "export", folder)
    assert again.exit_code == 1 and "existe déjà" in again.output


def add_paragraph(template: Path, text_: str, footer: bool = False) -> None:
    document = Document(template)
    if footer:
        document.sections[0].footer.add_paragraph(text_)
    else:
        document.paragraphs[0].insert_paragraph_before(text_)
    document.save(template)


def test_check_reports_unknown_and_misplaced_variables(tmp_path):
    folder = tmp_path / "modeles"
    run("templates", "export", folder)
    add_paragraph(folder / "pv-general.docx", "{{ candidat.nom }} {{ session.numro }}")
    add_paragraph(folder / "convocation-jury.docx", "{{ session.numero }}", footer=True)
    result = run("templates", "check", folder)
    assert result.exit_code == 1
    assert "pv-general.docx :\n  - variable inconnue : candidat" in result.output
    assert "convocation-jury.docx :\n  - en-tête ou pied de page : « session »" in result.output


def test_check_finds_a_misspelt_attribute(tmp_path):
    folder = tmp_path / "modeles"
    run("templates", "export", folder)
    add_paragraph(folder / "pv-general.docx", "{{ session.numro }}")
    result = run("templates", "check", folder)
    assert result.exit_code == 1
    assert "numro" in result.output


def test_generate_uses_a_centre_s_own_templates(generated, tmp_path):
    workbook, _, _ = generated
    folder = tmp_path / "modeles"
    run("templates", "export", folder)
    add_paragraph(folder / "pv-general.docx", "Centre de Saint-André – modèle maison")
    out = tmp_path / "o"
    result = run("generate", workbook, "--out", out, *on_request(SESSION, kinds=("pv-general",)),
                 "--templates", folder)
    assert result.exit_code == 0, result.output
    [pv] = entries(out, "pv-general")
    assert "modèle maison" in text(out / pv["path"])


def test_a_template_cannot_reach_python(generated, tmp_path):
    workbook, _, _ = generated
    folder = tmp_path / "modeles"
    run("templates", "export", folder)
    add_paragraph(folder / "pv-general.docx", "{{ ''.__class__.__mro__ }}")
    out = tmp_path / "o"
    result = run("generate", workbook, "--out", out, *on_request(SESSION, kinds=("pv-general",)),
                 "--templates", folder, "--no-pdf")
    assert result.exit_code == 1
    assert "Erreur : Modèle « pv-general.docx » :" in result.output
    assert "Traceback" not in result.output
    assert not out.exists()


def test_output_that_is_a_file_is_refused(generated, tmp_path):
    workbook, _, _ = generated
    (tmp_path / "o").write_text("un fichier", encoding="utf-8")
    result = run("generate", workbook, "--out", tmp_path / "o")
    assert result.exit_code == 2
    assert "c'est un fichier" in result.output


def test_convocations_say_where_when_and_what_to_bring(generated):
    _, out, _ = generated
    [payet] = [e for e in entries(out, "convocation-candidat") if e["candidate"] == PAYET]
    content = flat(text(out / payet["path"]))
    for expected in ("CONVOCATION", PAYET, "TP-01303", "du lundi 2 mars 2026 au mercredi "
                     "4 mars 2026", "08h30", "AFPAR Saint-André", "pièce d'identité",
                     "HOARAU Marie", "examen.cfpae@afpar.com"):
        assert expected in content, expected
    [jury] = [e for e in entries(out, "convocation-jury") if e["person"] == "TÉCHER Paul"]
    content = flat(text(out / jury["path"]))
    assert "TÉCHER Paul" in content and "jury" in content and "30/06/2027" in content
    [watcher] = entries(out, "convocation-surveillant")
    assert "surveillant" in flat(text(out / watcher["path"])).lower()


def test_line_breaks_typed_in_a_cell_stay_line_breaks(tmp_path):
    book = full_book()
    book["Inscriptions"][1]["Commentaire"] = "Grille 1 : séquence incomplète.\nGrille 2 : à revoir."
    out = tmp_path / "o"
    result = run("generate", write(book, tmp_path), "--out", out, "--only", "pv-individuel",
                 "--session", SESSION)
    assert result.exit_code == 0, result.output
    [pv] = [e for e in entries(out, "pv-individuel") if e["candidate"] == GRONDIN]
    lines = text(out / pv["path"]).splitlines()
    assert "Grille 1 : séquence incomplète." in lines
    assert "Grille 2 : à revoir." in lines


def test_a_file_libreoffice_reached_too_early_is_converted_again(tmp_path, monkeypatch):
    from ceres_docs import convert

    original_wait, original_stream = convert.Converter.wait, convert.Converter.as_converted
    calls = []

    def wait(self):
        calls.append(self.files)
        return original_wait(self)

    def lose_the_first(self, poll=0.05):
        calls.append(self.files)
        first = self.folder / (self.files[0].stem + ".pdf")
        for path in original_stream(self, poll):
            if path == self.files[0]:
                first.unlink()  # as if LibreOffice had found the file not there yet
            else:
                yield path

    monkeypatch.setattr(convert.Converter, "wait", wait)
    monkeypatch.setattr(convert.Converter, "as_converted", lose_the_first)
    out = tmp_path / "o"
    result = run("generate", write(full_book(), tmp_path), "--out", out, "--session", SESSION,
                 "--only", "pv-individuel", "--only", "pv-general")
    assert result.exit_code == 0, result.output
    documents = entries(out, "pv-individuel") + entries(out, "pv-general")
    assert len(documents) == 6
    assert all(len(PdfReader(out / e["path"]).pages) == e["pages"] >= 1 for e in documents)
    assert len(calls) == 2 and [f.name for f in calls[1]] == [calls[0][0].name]
