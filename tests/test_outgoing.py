"""What leaves the centre: print file, DIECCTE slip, e-mail drafts, the bundle (P§6, P§8, P§11)."""

from __future__ import annotations

import datetime as dt
import email
import io
import zipfile
from email import policy
from pathlib import Path

import pytest
from builders import (
    CCP_1,
    CCP_SESSION,
    GRONDIN,
    PAYET,
    RESULTS,
    SESSION,
    WEIRD,
    full_book,
    manifest,
    on_request,
    run,
    write,
)
from pypdf import PdfReader, PdfWriter

NOT_ADMITTED = {GRONDIN, *RESULTS}
ABSENT = {ceres for ceres, (presence, _, _) in RESULTS.items() if presence != "Présent"}


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
def asked(tmp_path_factory):
    """Every kind of both sessions of full_book, asked for by name: their contents."""
    folder = tmp_path_factory.mktemp("outgoing")
    workbook = write(full_book(), folder)
    out = folder / "documents"
    result = run("generate", workbook, "--out", out, *on_request(SESSION, CCP_SESSION))
    assert result.exit_code == 0, result.output
    assert not (out / "envoi").exists() and not (out / "envoi.zip").exists()
    return workbook, out, result.output


def test_print_file_holds_every_pv_padded_to_even_pages(asked):
    _, out, _ = asked
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


def test_slip_lists_exactly_the_candidates_not_admitted_in_full(asked):
    _, out, _ = asked
    [slip] = entries(out, "bordereau-dieccte")
    assert slip["to_dieccte"] is False
    content = flat(out / slip["path"])
    for ceres in NOT_ADMITTED:
        assert ceres in content
    assert PAYET not in content
    for reminder in ("CERES", "originaux", "restent au centre"):
        assert reminder in content, reminder
    # no « Administration – … » in Paramètres: the default name, and no address line
    assert "DIECCTE de La Réunion Service certification Saint-André, le 30/11/2026" in content
    listed = {e["candidate"] for e in entries(out, "pv-individuel") if e["to_dieccte"]}
    assert listed == NOT_ADMITTED


def test_slip_of_a_session_where_everyone_passed_encloses_no_individual_pv(asked):
    _, out, _ = asked
    [slip] = entries(out, "bordereau-dieccte", CCP_SESSION)
    content = flat(out / slip["path"])
    assert GRONDIN not in content
    assert "PV général" in content


def test_generate_writes_no_ra_draft(asked):
    """The RA form leaves signed by the candidates, through « ceres-docs ra-mail » (see
    below), never as printed: generate writes the form, and no e-mail of it."""
    _, out, output = asked
    assert entries(out, "formulaire-ra") and entries(out, "formulaire-ra", CCP_SESSION)
    assert not list(out.rglob("COURRIEL-RA*"))
    assert "courriel-ra" not in {e["kind"] for e in manifest(out)}
    assert "« ceres-docs ra-mail » prépare le courriel à la DIECCTE" in output


def test_every_person_with_an_address_gets_a_convocation_draft(asked):
    _, out, output = asked
    drafts = [e for e in manifest(out) if e["kind"] == "courriel-convocation"]
    convocations = [e for e in manifest(out) if e["kind"].startswith("convocation-")]
    assert len(drafts) == 3 and len(convocations) == 11
    assert ("8 personnes sans adresse électronique : leurs convocations partent par la poste :\n"
            f"  - {WEIRD.upper()} Aurélie (candidat, session {SESSION})\n"
            f"  - TÉCHER0 Loïc (candidat, session {SESSION})\n"
            f"  - TÉCHER1 Loïc (candidat, session {SESSION})\n"
            f"  - TÉCHER2 Loïc (candidat, session {SESSION})\n"
            f"  - RIVIÈRE Anne (jury, session {SESSION})\n"
            f"  - LAW-YAT Thérèse (surveillant, session {SESSION})\n"
            f"  - {WEIRD.upper()} Aurélie (candidat, session {CCP_SESSION})\n"
            f"  - RIVIÈRE Anne (jury, session {CCP_SESSION})\n") in output
    for entry in drafts:
        message = parse(out / entry["path"])
        assert message["From"].addresses[0].addr_spec == "examen.cfpae@afpar.com"
        assert message["Subject"].startswith("Convocation – session d'examen ")
        [(name, content)] = attachments(message).items()
        assert name.startswith(("CONV_", "CONVJURY_")) and name.endswith(".pdf")
        assert readable_pages(content) == 1
    recipients = {parse(out / e["path"])["To"].addresses[0].addr_spec for e in drafts}
    assert recipients == {"jean.payet@example.re", "paul.techer@example.re"}


# What leaves on one day: each session at the stage where its mail goes out.

D = dt.date
DAY = D(2026, 6, 15)
DISPLAYED, RETURNED = "224700", "224800"  # plis collected; RA deadline past, one uncollected


def mailing_book():
    """full_book's people on DAY: 224566 at « résultats saisis » (its PVs and slip go to the
    DIECCTE), 224600 at « DTE commandé » with a wished postponement (convocations to the
    candidates and jurys, by post and by e-mail; the request to the UD), 224700 at « plis
    retirés » (the results to display), 224800 at « parchemins reçus » past the RA form's
    deadline with a candidate who has not collected (the return slip to the DIECCTE)."""
    book = full_book()
    titre, ccp = book["Sessions"]
    titre.update({"Statut": "Résultats saisis", "Date réception PV validés": None,
                  "Date réception parchemins": None})
    book["Inscriptions"][0]["Date retrait parchemin"] = None
    ccp.update({"Statut": "Demande de DTE envoyée", "Date de début": D(2026, 9, 14),
                "Date de fin": D(2026, 9, 14), "Date réelle de fin": None,
                "Date commande DTE": D(2026, 6, 1), "Date réception parchemins": None,
                "Report début souhaité": D(2026, 10, 12),
                "Report fin souhaitée": D(2026, 10, 12)})
    book["Inscriptions"] = [row for row in book["Inscriptions"]
                            if row["N° session"] != CCP_SESSION]
    for ceres in (PAYET, GRONDIN):  # an address, and none
        book["Inscriptions"].append({"N° session": CCP_SESSION, "N° CERES": ceres})
    later = {"Date de début": D(2026, 4, 6), "Date de fin": D(2026, 4, 8),
             "Date réelle de fin": D(2026, 4, 8), "Statut": "Clôturée",
             "Date envoi PV": D(2026, 4, 20), "Date réception PV validés": D(2026, 5, 20),
             "Date retrait des plis": D(2026, 6, 1), "Date réception parchemins": None}
    earlier = {"Date de début": D(2026, 1, 5), "Date de fin": D(2026, 1, 7),
               "Date réelle de fin": D(2026, 1, 7), "Date commande DTE": D(2025, 11, 3),
               "Statut": "Clôturée", "Date envoi PV": D(2026, 1, 20),
               "Date réception PV validés": D(2026, 2, 20),
               "Date retrait des plis": D(2026, 2, 25),
               "Date réception parchemins": D(2026, 3, 1)}
    jury = [row for row in book["Intervenants"]
            if row["N° session"] == SESSION and row["Rôle"] == "Jury"]
    for number, row, collected in ((DISPLAYED, later, None), (RETURNED, earlier, D(2026, 3, 10))):
        book["Sessions"].append({**titre, **row, "N° session": number})
        book["Inscriptions"] += [
            {"N° session": number, "N° CERES": PAYET, "Présence": "Présent",
             "Résultat": "Admis", "Date retrait parchemin": collected},
            {"N° session": number, "N° CERES": GRONDIN, "Présence": "Présent",
             "Résultat": "Partiellement admis", "CCP obtenus": CCP_1,
             "Commentaire": "Grille CCP 2 incomplète."}]
        book["Intervenants"] += [{**person, "N° session": number} for person in jury]
    return book


@pytest.fixture(scope="module")
def mailing(tmp_path_factory):
    """A plain run on DAY: each session gets what its stage calls for."""
    folder = tmp_path_factory.mktemp("envoi")
    out = folder / "documents"
    result = run("generate", write(mailing_book(), folder), "--out", out, "--today", DAY)
    assert result.exit_code == 0, result.output
    return out, result.output


def test_bundle_groups_the_mailing_by_recipient_and_zips_it(mailing):
    out, output = mailing
    root = out / "envoi"
    files = {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}
    assert {(*f.split("/")[:-1], f.split("/")[-1].split("_")[0]) for f in files} == {
        ("DIECCTE", "224566_ECSR_02032026", "BORDEREAU-DIECCTE"),
        ("DIECCTE", "PV-a-poster", "224566_ECSR_02032026", "PVG"),
        ("DIECCTE", "PV-a-poster", "224566_ECSR_02032026", "PVI"),
        ("candidats", "courriels", "224600_ECSR_14092026", "COURRIEL-CONV"),
        ("candidats", "courrier-postal", "224600_ECSR_14092026", "CONV"),
        ("jurys", "courriels", "224600_ECSR_14092026", "COURRIEL-CONVJURY"),
        ("jurys", "courrier-postal", "224600_ECSR_14092026", "CONVJURY"),
        ("UD", "224600_ECSR_14092026", "REPORT"),
        ("affichage", "224700_ECSR_06042026", "AFFICHAGE"),
        ("DIECCTE", "224800_ECSR_05012026", "BORDEREAU-RETOUR"),
    }
    posted = {f for f in files if f.startswith("DIECCTE/PV-a-poster/")}
    assert len([f for f in posted if "/PVI_" in f]) == len(NOT_ADMITTED)
    assert not any("/PVI_" in f and "PAYET" in f for f in files)
    # by e-mail for whoever has an address, by post for the others, never both
    convocations = sorted(f.split("/", 1)[1].replace("224600_ECSR_14092026/", "")
                          for f in files if f.startswith(("candidats/", "jurys/")))
    assert convocations == [
        "courriels/COURRIEL-CONVJURY_CP-00002_ECSR_STANDRE_14092026_TECHER_Paul.eml",
        "courriels/COURRIEL-CONV_CP-00002_ECSR_STANDRE_14092026_PAYET_Jean.eml",
        "courrier-postal/CONVJURY_CP-00002_ECSR_STANDRE_14092026_RIVIERE_Anne.pdf",
        "courrier-postal/CONV_CP-00002_ECSR_STANDRE_14092026_D-EMERIC-FILS-7-7_Aurelie.pdf",
    ]
    # kept at the centre: the print file, the RA form
    assert list((out / "224566_ECSR_02032026").glob("IMPRESSION-PV_*.pdf"))
    assert list((out / "224800_ECSR_05012026").glob("RA_*.pdf"))
    assert not any("IMPRESSION-PV_" in f or "/RA_" in f for f in files)
    with zipfile.ZipFile(out / "envoi.zip") as archive:
        zipped = {n.removeprefix("envoi/") for n in archive.namelist() if not n.endswith("/")}
    assert zipped == files
    kinds = [(e["path"], e["format"]) for e in manifest(out) if e["kind"] == "envoi"]
    assert sorted(kinds) == [("envoi", "dossier"), ("envoi.zip", "zip")]
    head = f"À envoyer aujourd'hui ({out / 'envoi'} et {out / 'envoi.zip'}) :\n"
    assert sorted(output[output.index(head) + len(head):].splitlines()) == sorted([
        "  - DIECCTE, par la poste – session 224566 : 1 PV général, 4 PV individuels, 1 "
        "bordereau d'envoi à la DIECCTE",
        "  - Candidats, par courriel (brouillons à envoyer) – session 224600 : 1 courriel de "
        "convocation (brouillon .eml)",
        "  - Candidats, par la poste – session 224600 : 1 convocation d'un candidat",
        "  - Jurys et surveillants, par courriel (brouillons à envoyer) – session 224600 : 1 "
        "courriel de convocation (brouillon .eml)",
        "  - Jurys et surveillants, par la poste – session 224600 : 1 convocation d'un jury",
        "  - UD, par courriel ou par la poste – session 224600 : 1 demande de report à l'UD",
        "  - Affichage au centre, à imprimer et afficher – session 224700 : 1 liste des "
        "résultats à afficher",
        "  - DIECCTE, par la poste – session 224800 : 1 bordereau de retour des documents non "
        "retirés"])


def test_return_slip_lists_uncollected_documents(asked):
    """P§11: what the candidates who sat the exam have not collected (PAYET has); an absent
    candidate expects nothing, so is neither on the slip nor on the RA form."""
    _, out, _ = asked
    [slip] = entries(out, "bordereau-retour")
    content = flat(out / slip["path"])
    assert PAYET not in content
    assert len(NOT_ADMITTED - ABSENT) == 2 and len(ABSENT) == 2
    for ceres in NOT_ADMITTED - ABSENT:
        assert ceres in content, ceres
    for ceres in ABSENT:
        assert ceres not in content, ceres
    [form] = entries(out, "formulaire-ra")
    content = flat(out / form["path"])
    for ceres in {PAYET, *NOT_ADMITTED} - ABSENT:
        assert ceres in content, ceres
    for ceres in ABSENT:
        assert ceres not in content, ceres


def make_scan(path: Path) -> Path:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    with path.open("wb") as handle:
        writer.write(handle)
    return path


def test_ra_mail_wraps_the_signed_scan_under_its_conventional_name(asked, tmp_path):
    workbook, _, _ = asked
    scan = make_scan(tmp_path / "scan 25-11.pdf")
    result = run("ra-mail", workbook, "--session", SESSION, "--scan", scan, "--out",
                 tmp_path / "envoi")
    assert result.exit_code == 0, result.output
    renamed = tmp_path / "envoi" / "RA_TP-01303_ECSR_STANDRE_02032026.pdf"
    assert renamed.read_bytes() == scan.read_bytes()
    message = parse(tmp_path / "envoi" / "COURRIEL-RA_TP-01303_ECSR_STANDRE_02032026.eml")
    assert message["To"].addresses[0].addr_spec == "974.certification@dieccte.gouv.fr"
    assert message["From"].addresses[0].addr_spec == "examen.cfpae@afpar.com"
    assert message["Subject"] == ("Formulaire RA – TP-01303 ECSR – STANDRE – session du "
                                  "02/03/2026")
    assert message["X-Unsent"] == "1"
    assert attachments(message) == {renamed.name: scan.read_bytes()}
    body = message.get_body(preferencelist=("plain",)).get_content()
    assert "session n° 224566" in body and "parchemins" in body and renamed.name in body


@pytest.mark.parametrize("content, message", [
    (b"Ceci est un document Word", "n'est pas un PDF"),
    (b"%PDF-1.7\n garbage", "est un PDF illisible ou endommagé"),
    (b"", "n'est pas un PDF"),
])
def test_ra_mail_refuses_a_scan_that_is_not_a_readable_pdf(asked, tmp_path, content, message):
    workbook, _, _ = asked
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


def test_ra_mail_refuses_only_a_session_with_errors(tmp_path):
    """An error in another session's row does not hold back this session's RA form."""
    book = full_book()
    book["Sessions"][1]["Date de fin"] = "31/02/2026"
    workbook = write(book, tmp_path)
    scan = make_scan(tmp_path / "scan.pdf")
    result = run("ra-mail", workbook, "--session", SESSION, "--scan", scan, "--out",
                 tmp_path / "envoi")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "envoi" / "COURRIEL-RA_TP-01303_ECSR_STANDRE_02032026.eml").is_file()
    refused = run("ra-mail", workbook, "--session", CCP_SESSION, "--scan", scan, "--out",
                  tmp_path / "autre")
    assert refused.exit_code == 1
    assert "La date « 31/02/2026 » n'existe pas dans le calendrier." in refused.output
    assert refused.output.rstrip().endswith(
        f"Erreur : La session {CCP_SESSION} contient des erreurs : corrigez-les, rien n'a été "
        "écrit.")
    assert not (tmp_path / "autre").exists()
