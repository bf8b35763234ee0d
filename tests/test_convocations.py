"""What the convocations and letters say: a CCP session's own tests, the documents to bring,
the candidates a jury member or invigilator is told of (P§), no empty RS, the administration
the slips are addressed to. Real templates and LibreOffice (one run); PDFs and e-mail drafts
read back."""

from __future__ import annotations

import datetime as dt
import email
from email import policy
from pathlib import Path

import pytest
from builders import (
    CCP_1,
    CCP_SESSION,
    GRONDIN,
    PAYET,
    SESSION,
    TODAY,
    check,
    drop_column,
    full_book,
    manifest,
    minimal_book,
    on_request,
    run,
    write,
)
from docx import Document
from pypdf import PdfReader

from ceres_docs.contexts import DEFAULT_DOCUMENTS
from ceres_docs.plan import plan
from ceres_docs.render import render_one, template_path
from ceres_docs.rules import validate
from ceres_docs.templatecheck import example_contexts

BARE = "224610"  # a CCP session whose CCP says nothing of its tests nor of what to bring
NO_RS = "224620"  # a CCP session on CCP_2 still « En préparation », so without an RS yet
TITLE_TESTS = "Mise en situation professionnelle et entretiens du titre"
TITLE_TIMETABLE = ("Jour 1 : mise en situation. Jour 2 : entretien technique. Jour 3 : "
                   "entretien final.")
CCP_TESTS = "Animation d'une séance de sensibilisation devant le jury"
CCP_TIMETABLE = "Accueil à 7h45, épreuve de 8h00 à 12h00"
CCP_DOCUMENTS = ["une pièce d'identité", "le livret de certification", "deux stylos noirs"]
RS_PHONE, RS_EMAIL = "0692 11 22 33", "marie.hoarau@afpar.com"
ADMINISTRATION = "DEETS de La Réunion"
ADDRESS = ["112 rue de la République", "97488 Saint-Denis Cedex"]
JURY_ADDRESS = ["5 rue Juliette-Dodu", "97400 Saint-Denis"]  # TÉCHER Paul's, on two lines
KINDS = ("convocation-candidat", "convocation-jury", "convocation-surveillant",
         "courriel-convocation", "pv-general", "pv-individuel", "bordereau-dieccte")


def convocation_book():
    """full_book with the tests and documents of its title and of CCP_2, the RS's telephone
    and e-mail on 224566, a third session, on CCP_1, which says nothing of its tests, and a
    fourth, on CCP_2, held and its results typed but still « En préparation », without an RS
    (not required before the DTE is ordered, P§5); the administration renamed in
    Paramètres; TÉCHER Paul's address (no one else's)."""
    book = full_book()
    book["Paramètres"] += [
        {"Paramètre": "Administration – nom", "Valeur": ADMINISTRATION},
        {"Paramètre": "Administration – adresse", "Valeur": " ; ".join(ADDRESS)}]
    book["Titres"][0].update({"Nature des épreuves": TITLE_TESTS,
                              "Déroulement des épreuves": TITLE_TIMETABLE})
    book["CCP"][1].update({"Nature des épreuves": CCP_TESTS,
                           "Déroulement des épreuves": CCP_TIMETABLE,
                           "Documents à présenter": " ; ".join(CCP_DOCUMENTS) + "."})
    title, ccp = book["Sessions"]
    title.update({"RS téléphone": RS_PHONE, "RS courriel": RS_EMAIL})
    book["Intervenants"][0]["Adresse"] = "\n".join(JURY_ADDRESS)
    book["Inscriptions"].append({"N° session": CCP_SESSION, "N° CERES": PAYET,
                                 "Présence": "Présent", "Résultat": "Admis"})
    book["Sessions"].append({
        **ccp, "N° session": BARE, "Code CCP": CCP_1, "RS nom": "HOARAU Marie",
        "RS qualité": "Titulaire", "Statut": "Demande de DTE envoyée",
        "Date de début": dt.date(2026, 12, 14), "Date de fin": dt.date(2026, 12, 14),
        "Date réelle de fin": None, "Date commande DTE": dt.date(2026, 11, 2),
        "Date réception parchemins": None})
    book["Sessions"].append({  # held, its results typed, but its status never moved on
        **ccp, "N° session": NO_RS, "RS nom": None, "RS qualité": None,
        "Statut": "En préparation", "Date de début": dt.date(2026, 11, 2),
        "Date de fin": dt.date(2026, 11, 2), "Date réelle de fin": dt.date(2026, 11, 2),
        "Date commande DTE": None, "Date réception parchemins": None})
    book["Inscriptions"] += [{"N° session": BARE, "N° CERES": ceres}
                             for ceres in (PAYET, GRONDIN)]
    book["Inscriptions"] += [
        {"N° session": NO_RS, "N° CERES": PAYET, "Présence": "Présent", "Résultat": "Admis"},
        {"N° session": NO_RS, "N° CERES": GRONDIN, "Présence": "Présent",
         "Résultat": "Refusé", "Commentaire": "Séance de sensibilisation incomplète."}]
    book["Intervenants"] += [{**person, "N° session": session}
                             for session in (BARE, NO_RS) for person in book["Intervenants"]
                             if person["N° session"] == SESSION]
    return book


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    folder = tmp_path_factory.mktemp("convocations")
    out = folder / "documents"
    result = run("generate", write(convocation_book(), folder), "--out", out,
                 *on_request(SESSION, CCP_SESSION, BARE, NO_RS, kinds=KINDS))
    assert result.exit_code == 0, result.output
    return out


def flat(path: Path) -> str:
    """The PDF's text on one line; a list's bullet (the Symbol font's) read as « • »."""
    text = " ".join(page.extract_text() for page in PdfReader(path).pages)
    return " ".join(text.replace("\uf0b7", "•").split())


def pdf(out: Path, kind: str, session: str, candidate: str | None = None,
        person: str | None = None) -> str:
    [entry] = [e for e in manifest(out) if e["kind"] == kind and e["session"] == session
               and (candidate is None or e["candidate"] == candidate)
               and (person is None or e["person"] == person)]
    return flat(out / entry["path"])


def mail_body(out: Path, session: str, candidate: str) -> str:
    [entry] = [e for e in manifest(out) if e["kind"] == "courriel-convocation"
               and e["session"] == session and e["candidate"] == candidate]
    message = email.message_from_bytes((out / entry["path"]).read_bytes(),
                                       policy=policy.default)
    # drafts are written with CRLF (for Outlook): compare the text line by line
    return message.get_body(preferencelist=("plain",)).get_content().replace("\r\n", "\n")


# 1. A CCP session's convocation describes that CCP's tests, never the title's days.

def test_a_ccp_session_s_convocation_gives_the_ccp_s_tests(made):
    content = pdf(made, "convocation-candidat", CCP_SESSION, PAYET)
    assert f"Nature des épreuves {CCP_TESTS}" in content
    assert f"Déroulement {CCP_TIMETABLE}" in content
    assert TITLE_TESTS not in content and "Jour 1" not in content and "Jour 3" not in content
    jury = pdf(made, "convocation-jury", CCP_SESSION, person="TÉCHER Paul")
    assert CCP_TIMETABLE in jury and "Jour 1" not in jury


def test_a_ccp_without_tests_leaves_date_hour_and_place_only(made):
    content = pdf(made, "convocation-candidat", BARE, PAYET)
    for expected in ("le lundi 14 décembre 2026", "Heure de convocation 08h30",
                     "Lieu AFPAR Saint-André"):
        assert expected in content, expected
    for absent in ("Nature des épreuves", "Déroulement", "Jour 1", TITLE_TESTS):
        assert absent not in content, absent
    for kind, person in (("convocation-jury", "TÉCHER Paul"),
                         ("convocation-surveillant", "LAW-YAT Thérèse")):
        content = pdf(made, kind, BARE, person=person)
        assert "Déroulement" not in content and "Jour 1" not in content, kind


def test_a_title_session_keeps_the_title_s_tests(made):
    content = pdf(made, "convocation-candidat", SESSION, PAYET)
    assert f"Nature des épreuves {TITLE_TESTS}" in content
    assert "Jour 1 : mise en situation." in content and "Jour 3 : entretien final." in content


# 2. Documents to bring: the CCP's, or else the title's, or else the usual three.

def test_the_convocation_lists_the_ccp_s_documents_to_bring(made):
    content = pdf(made, "convocation-candidat", CCP_SESSION, PAYET)
    assert ("Présentez-vous à l'heure indiquée muni(e) de : • une pièce d'identité ; • le "
            "livret de certification ; • deux stylos noirs.") in content
    assert "dossier professionnel" not in content


def test_without_a_list_the_convocation_asks_for_the_usual_documents(made):
    for session in (SESSION, BARE):
        content = pdf(made, "convocation-candidat", session, PAYET)
        assert ("muni(e) de : • une pièce d'identité en cours de validité ; • la présente "
                "convocation ; • le dossier professionnel (DP).") in content, session


def test_the_candidate_s_e_mail_lists_the_same_documents(made):
    assert ("Présentez-vous à l'heure indiquée muni(e) de :\n- une pièce d'identité ;\n"
            "- le livret de certification ;\n- deux stylos noirs.\n\n"
            "Merci de nous confirmer") in mail_body(made, CCP_SESSION, PAYET)
    usual = mail_body(made, BARE, PAYET)
    assert ("muni(e) de :\n- une pièce d'identité en cours de validité ;\n- la présente "
            "convocation ;\n- le dossier professionnel (DP).\n\n") in usual
    assert "livret" not in usual


def test_a_ccp_without_a_list_takes_the_title_s(tmp_path):
    book = convocation_book()
    book["Titres"][0]["Documents à présenter"] = "une pièce d'identité ;\nle DP"
    book["CCP"][1]["Documents à présenter"] = " ; "
    checked = validate(write(book, tmp_path), TODAY)
    documents = {d.session: d.context["session"]["documents_a_presenter"]
                 for d in plan(checked.book, [SESSION, CCP_SESSION, BARE],
                               ["convocation-candidat"], TODAY, on_request=True)}
    assert documents == {s: ["une pièce d'identité", "le DP"]
                         for s in (SESSION, CCP_SESSION, BARE)}
    assert DEFAULT_DOCUMENTS == ("une pièce d'identité en cours de validité",
                                 "la présente convocation", "le dossier professionnel (DP)")


# 3. Jury members and invigilators are told the candidates (P§), without their own e-mail.

def test_the_jury_s_convocation_lists_the_candidates_in_name_order(made):
    content = pdf(made, "convocation-jury", SESSION, person="TÉCHER Paul")
    names = ["D'ÉMÉRIC & <FILS> {{ 7*7 }} Aurélie", "PAYET Jean", "TÉCHER0 Loïc",
             "TÉCHER1 Loïc", "TÉCHER2 Loïc"]
    assert " ".join(names) in content
    assert "ne peut ni surveiller la session, ni évaluer ce candidat" in content
    assert "paul.techer@example.re" not in content
    assert "PAYET Jean GRONDIN" not in content  # another session's candidates are not there
    bare = pdf(made, "convocation-jury", BARE, person="TÉCHER Paul")
    assert "D'ÉMÉRIC & <FILS> {{ 7*7 }} Aurélie PAYET Jean" in bare
    assert "TÉCHER0" not in bare


def test_the_invigilator_s_convocation_lists_the_candidates(made):
    content = pdf(made, "convocation-surveillant", SESSION, person="LAW-YAT Thérèse")
    assert "D'ÉMÉRIC & <FILS> {{ 7*7 }} Aurélie PAYET Jean TÉCHER0 Loïc" in content
    assert "ne peut pas surveiller la session" in content


@pytest.mark.parametrize("kind", ["convocation-jury", "convocation-surveillant"])
def test_before_any_enrolment_the_convocation_says_the_list_will_follow(tmp_path, kind):
    context = {**example_contexts()[kind], "candidats": []}
    render_one(template_path(None, kind), context, tmp_path / "rendu.docx")
    text = " ".join(p.text for p in Document(str(tmp_path / "rendu.docx")).paragraphs)
    assert "Aucun candidat n'est encore inscrit" in text
    # no table: the candidates' is left out, the session's block is made of paragraphs
    assert len(Document(str(tmp_path / "rendu.docx")).tables) == 0


def lines(out: Path, kind: str, person: str) -> list[str]:
    [entry] = [e for e in manifest(out) if e["kind"] == kind and e["session"] == SESSION
               and e["person"] == person]
    return PdfReader(out / entry["path"]).pages[0].extract_text().splitlines()


def test_the_address_block_holds_the_intervenant_s_address_under_the_name(made):
    text = lines(made, "convocation-jury", "TÉCHER Paul")
    name = text.index("TÉCHER Paul")
    assert text[name + 1:name + 4] == [*JURY_ADDRESS, "Saint-André, le 30/11/2026"]


@pytest.mark.parametrize("kind", ["convocation-jury", "convocation-surveillant"])
def test_without_an_address_the_block_shows_the_name_only(made, tmp_path, kind):
    person = {"convocation-jury": "RIVIÈRE Anne", "convocation-surveillant": "LAW-YAT Thérèse"}
    text = lines(made, kind, person[kind])
    name = text.index(person[kind])
    assert text[name + 1] == "Saint-André, le 30/11/2026"
    # nor an empty paragraph between them in the document itself
    context = example_contexts()[kind]
    context = {**context, "intervenant": {**context["intervenant"], "adresse": ""}}
    render_one(template_path(None, kind), context, tmp_path / "rendu.docx")
    paragraphs = [p.text for p in Document(str(tmp_path / "rendu.docx")).paragraphs]
    name = paragraphs.index(context["intervenant"]["nom_complet"])
    assert paragraphs[name + 1].startswith("Saint-André, le ")


def test_a_workbook_from_before_the_address_column_still_validates(tmp_path):
    book = minimal_book()
    drop_column(book, "Intervenants", "Adresse")
    assert "Adresse" not in book.header_row("Intervenants")
    assert check(book, tmp_path).issues == []


# 4. No empty RS; the RS's telephone and e-mail on the convocations.

def test_the_rs_s_telephone_and_e_mail_are_on_the_convocations(made):
    line = f"Responsable de session HOARAU Marie (Titulaire) – tél. {RS_PHONE} – {RS_EMAIL}"
    assert line in pdf(made, "convocation-candidat", SESSION, PAYET)
    assert line in pdf(made, "convocation-jury", SESSION, person="TÉCHER Paul")
    assert "Responsable de session HOARAU Marie (Titulaire) Documents à présenter" in pdf(
        made, "convocation-candidat", BARE, PAYET)  # nothing after the name when none given


def test_without_an_rs_no_document_prints_an_empty_one(made):
    documents = {
        "convocation-candidat": pdf(made, "convocation-candidat", NO_RS, PAYET),
        "convocation-jury": pdf(made, "convocation-jury", NO_RS, person="TÉCHER Paul"),
        "pv-general": pdf(made, "pv-general", NO_RS),
        "pv-individuel": pdf(made, "pv-individuel", NO_RS, PAYET),
        "bordereau-dieccte": pdf(made, "bordereau-dieccte", NO_RS),
    }
    for kind, content in documents.items():
        assert "Responsable de session" not in content, kind  # the table's row is left out
        assert "responsabilité de" not in content and "session, ," not in content, kind
    # the candidate's convocation is one page by design: no page number
    for kind, page in (("convocation-candidat", ""), ("convocation-jury", " Page 1")):
        assert documents[kind].endswith("Le responsable de session, AFPAR Centre de "
                                        "Saint-André SPL AFPAR – AFPAR Centre de Saint-André"
                                        + page), kind
    assert ("Le responsable de session se tient à votre disposition"
            in documents["convocation-jury"])
    with_rs = pdf(made, "pv-general", SESSION)
    assert "Responsable de session HOARAU Marie (Titulaire)" in with_rs
    assert "Le responsable de session, HOARAU Marie AFPAR Centre de Saint-André" in pdf(
        made, "convocation-candidat", SESSION, PAYET)


@pytest.mark.parametrize("kind", ["convocation-candidat", "convocation-jury",
                                  "convocation-surveillant"])
@pytest.mark.parametrize("rs", ["", "HOARAU Marie"])
def test_the_signature_names_the_rs_or_goes_straight_to_the_centre(tmp_path, kind, rs):
    """Room to sign, then the RS's name and the centre; without an RS, the centre's name
    takes the name's place (no empty line where the name would be)."""
    context = example_contexts()[kind]
    context = {**context, "session": {**context["session"], "rs_nom": rs}}
    render_one(template_path(None, kind), context, tmp_path / "rendu.docx")
    paragraphs = [p.text for p in Document(str(tmp_path / "rendu.docx")).paragraphs]
    signed = paragraphs[paragraphs.index("Le responsable de session,"):]
    assert signed[1:] == ([rs] if rs else []) + [context["centre"]["nom"]]


# 5. The administration's name and address come from Paramètres.

def test_the_slip_is_addressed_to_the_administration_of_the_parameters(made):
    content = pdf(made, "bordereau-dieccte", SESSION)
    assert f"{ADMINISTRATION} Service certification {' '.join(ADDRESS)}" in content
    assert "DIECCTE de La Réunion" not in content
