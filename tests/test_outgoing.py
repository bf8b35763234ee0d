"""What leaves the centre: print file, DIECCTE slip, e-mail drafts, the bundle (P§6, P§8, P§11)."""

from __future__ import annotations

import email
import io
import zipfile
from email import policy
from pathlib import Path

import pytest
from builders import CCP_SESSION, GRONDIN, PAYET, RESULTS, SESSION, full_book, manifest, run, write
from pypdf import PdfReader, PdfWriter

NOT_ADMITTED = {GRONDIN, *RESULTS}


def entries(out, kind, session=SESSION):
    return [e for e in manifest(out) if e["kind"] == kind and e["session"] == session]


def flat(path: Path) -> str:
    return " ".join(" ".join(p.extract_text() for p in PdfReader(path).pages).split())


def parse(path: Path) -> email.message.EmailMessage:
    return email.message_from_bytes(path.read_bytes(), policy=policy.default)


def attachments(message) -> dict[str, bytes]:
    return {part.get_filename(): part.get_content() for part in message.iter_attachments()}


def readable_pages(content: bytes) -> int:
    return len(PdfReader(io.BytesIO(content)).pages)


@pytest.fixture(scope="module")
def sent(tmp_path_factory):
    folder = tmp_path_factory.mktemp("outgoing")
    workbook = write(full_book(), folder)
    out = folder / "documents"
    result = run("generate", workbook, "--out", out, "--bundle")
    assert result.exit_code == 0, result.output
    return workbook, out, result.output


def test_print_file_holds_every_pv_padded_to_even_pages(sent):
    _, out, _ = sent
    [printing] = entries(out, "impression-pv")
    assert printing["to_dieccte"] is False
    pvs = entries(out, "pv-general") + entries(out, "pv-individuel")
    assert len(pvs) == 6
    expected = sum(e["pages"] + e["pages"] % 2 for e in pvs)
    reader = PdfReader(out / printing["path"])
    assert len(reader.pages) == printing["pages"] == expected
    assert "PROCÈS-VERBAL GÉNÉRAL" in reader.pages[0].extract_text()
    assert reader.pages[1].extract_text().strip() == ""
    assert "PROCÈS-VERBAL INDIVIDUEL" in reader.pages[2].extract_text()


def test_slip_lists_exactly_the_candidates_not_admitted_in_full(sent):
    _, out, _ = sent
    [slip] = entries(out, "bordereau-dieccte")
    assert slip["to_dieccte"] is False
    content = flat(out / slip["path"])
    for ceres in NOT_ADMITTED:
        assert ceres in content
    assert PAYET not in content
    for reminder in ("CERES", "originaux", "restent au centre"):
        assert reminder in content, reminder
    listed = {e["candidate"] for e in entries(out, "pv-individuel") if e["to_dieccte"]}
    assert listed == NOT_ADMITTED


def test_slip_of_a_session_where_everyone_passed_encloses_no_individual_pv(sent):
    _, out, _ = sent
    [slip] = entries(out, "bordereau-dieccte", CCP_SESSION)
    content = flat(out / slip["path"])
    assert GRONDIN not in content
    assert "PV général" in content


def test_ra_draft_is_addressed_to_the_dieccte_with_the_form_attached(sent):
    _, out, _ = sent
    [draft] = entries(out, "courriel-ra")
    assert draft["format"] == "eml" and draft["to_dieccte"] is False
    message = parse(out / draft["path"])
    assert message["To"].addresses[0].addr_spec == "974.certification@dieccte.gouv.fr"
    assert message["From"].addresses[0].addr_spec == "examen.cfpae@afpar.com"
    assert message["Subject"] == ("Formulaire RA – TP-01303 ECSR – STANDRE – session du "
                                  "02/03/2026")
    assert message["X-Unsent"] == "1"
    files = attachments(message)
    assert list(files) == ["RA_TP-01303_ECSR_STANDRE_02032026.pdf"]
    assert readable_pages(files["RA_TP-01303_ECSR_STANDRE_02032026.pdf"]) >= 1
    body = message.get_body(preferencelist=("plain",)).get_content()
    assert "session n° 224566" in body and "parchemins" in body


def test_every_person_with_an_address_gets_a_convocation_draft(sent):
    _, out, output = sent
    drafts = [e for e in manifest(out) if e["kind"] == "courriel-convocation"]
    convocations = [e for e in manifest(out) if e["kind"].startswith("convocation-")]
    assert len(drafts) == 3 and len(convocations) == 11
    assert "8 personne(s) sans adresse électronique : leur convocation part par la poste." \
        in output
    for entry in drafts:
        message = parse(out / entry["path"])
        assert message["From"].addresses[0].addr_spec == "examen.cfpae@afpar.com"
        assert message["Subject"].startswith("Convocation – session d'examen ")
        [(name, content)] = attachments(message).items()
        assert name.startswith(("CONV_", "CONVJURY_")) and name.endswith(".pdf")
        assert readable_pages(content) == 1
    recipients = {parse(out / e["path"])["To"].addresses[0].addr_spec for e in drafts}
    assert recipients == {"jean.payet@example.re", "paul.techer@example.re"}


def test_bundle_groups_the_mailing_by_recipient_and_zips_it(sent):
    _, out, output = sent
    root = out / "envoi"
    files = {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}
    assert any(f.startswith("DIECCTE/") and f.endswith(".eml") for f in files)
    assert any(f.startswith("DIECCTE/") and "BORDEREAU-DIECCTE_" in f for f in files)
    posted = {f for f in files if f.startswith("DIECCTE/PV-a-poster/")}
    assert len([f for f in posted if "/PVI_" in f]) == len(NOT_ADMITTED)
    assert any(f.startswith("candidats/courriels/") for f in files)
    assert any(f.startswith("candidats/courrier-postal/") for f in files)
    assert any(f.startswith("jurys/courriels/") for f in files)
    assert not any("/PVI_" in f and "PAYET" in f for f in files)
    assert any(f.startswith("affichage/") and "/AFFICHAGE_" in f for f in files)
    with zipfile.ZipFile(out / "envoi.zip") as archive:
        zipped = {n.removeprefix("envoi/") for n in archive.namelist() if not n.endswith("/")}
    assert zipped == files
    kinds = [(e["path"], e["format"]) for e in manifest(out) if e["kind"] == "envoi"]
    assert sorted(kinds) == [("envoi", "dossier"), ("envoi.zip", "zip")]
    assert "envoi.zip" in output


def test_return_slip_lists_uncollected_documents(sent):
    _, out, _ = sent
    [slip] = entries(out, "bordereau-retour")
    content = flat(out / slip["path"])
    assert PAYET not in content
    for ceres in NOT_ADMITTED:
        assert ceres in content


def make_scan(path: Path) -> Path:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    with path.open("wb") as handle:
        writer.write(handle)
    return path


def test_ra_mail_wraps_the_signed_scan_under_its_conventional_name(sent, tmp_path):
    workbook, _, _ = sent
    scan = make_scan(tmp_path / "scan 25-11.pdf")
    result = run("ra-mail", workbook, "--session", SESSION, "--scan", scan, "--out",
                 tmp_path / "envoi")
    assert result.exit_code == 0, result.output
    renamed = tmp_path / "envoi" / "RA_TP-01303_ECSR_STANDRE_02032026.pdf"
    assert renamed.read_bytes() == scan.read_bytes()
    message = parse(tmp_path / "envoi" / "COURRIEL-RA_TP-01303_ECSR_STANDRE_02032026.eml")
    assert message["To"].addresses[0].addr_spec == "974.certification@dieccte.gouv.fr"
    assert attachments(message) == {renamed.name: scan.read_bytes()}


@pytest.mark.parametrize("content, message", [
    (b"Ceci est un document Word", "n'est pas un PDF"),
    (b"%PDF-1.7\n garbage", "est un PDF illisible ou endommagé"),
    (b"", "n'est pas un PDF"),
])
def test_ra_mail_refuses_a_scan_that_is_not_a_readable_pdf(sent, tmp_path, content, message):
    workbook, _, _ = sent
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(content)
    result = run("ra-mail", workbook, "--session", SESSION, "--scan", scan, "--out",
                 tmp_path / "envoi")
    assert result.exit_code == 1
    assert f"Erreur : « scan.pdf » {message}" in result.output
    assert "Scannez le document au format PDF" in result.output
    assert not (tmp_path / "envoi").exists()


def test_ra_mail_needs_the_parchemins_received(tmp_path):
    book = full_book()
    book["Sessions"][0]["Date réception parchemins"] = None
    book["Inscriptions"][0]["Date retrait parchemin"] = None
    workbook = write(book, tmp_path)
    result = run("ra-mail", workbook, "--session", SESSION, "--scan",
                 make_scan(tmp_path / "scan.pdf"), "--out", tmp_path / "envoi")
    assert result.exit_code == 1
    assert "n'a pas de « Date réception parchemins »" in result.output
