"""More documents: the duplicate-records letter and list (P§4.3), the results list for display
(P§10) and the postponement request to the UD (N). Real templates and LibreOffice; PDFs and
workbooks read back, text asserted."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from builders import (
    CCP_1,
    CCP_SESSION,
    GRONDIN,
    PAYET,
    SESSION,
    TODAY,
    WEIRD,
    full_book,
    manifest,
    minimal_book,
    on_request,
    run,
    sha256,
    write,
)
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from ceres_docs.doublons import listing_bytes, targets
from ceres_docs.generate import prepare
from ceres_docs.plan import plan, refusal
from ceres_docs.procedure import duplicate_people
from ceres_docs.rules import validate
from ceres_docs.schema import Status


def text(path: Path) -> str:
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(path).pages)


# doublons ---------------------------------------------------------------------------------

BORN = dt.date(1991, 9, 3)
# N° CERES, Nom, Prénom, date de naissance: one person typed three ways, a namesake born
# another day, and a second person whose records differ by apostrophe, accent and case.
RECORDS = [
    ("9742000000001A", "Hoarau", "Marie-Claire", BORN),
    ("9742000000002B", "HOARAU", "marie  claire", BORN),
    ("9742000000003C", "Hoaraù", "Marie Claire", BORN),
    ("9742000000004D", "Hoarau", "Marie-Claire", dt.date(1991, 9, 4)),
    ("9742000000005E", "D'Étang", "Zoé", dt.date(1996, 7, 14)),
    ("9742000000006F", "DETANG", "zoe", dt.date(1996, 7, 14)),
]


def duplicates_book():
    book = minimal_book()
    for ceres, last, first, born in RECORDS:
        book["Candidats"].append({
            "N° CERES": ceres, "Nom": last, "Prénom": first, "Date de naissance": born,
            "Pays de naissance": "Réunion", "Commune de naissance": "Saint-André"})
    book["Inscriptions"].append({"N° session": SESSION, "N° CERES": "9742000000002B",
                                 "Présence": "Présent", "Résultat": "Admis"})
    return book


@pytest.fixture(scope="module")
def duplicates(tmp_path_factory):
    folder = tmp_path_factory.mktemp("doublons")
    workbook = write(duplicates_book(), folder)
    before = sha256(workbook)
    result = run("doublons", workbook, "--out", folder / "doublons")
    assert sha256(workbook) == before
    return folder, result


def test_doublons_groups_accent_case_space_and_hyphen_variants(duplicates):
    folder, result = duplicates
    assert result.exit_code == 0, result.output
    assert result.output == (
        "2 personnes ont plusieurs fiches CERES (5 fiches sur 8) :\n"
        "  D'ÉTANG Zoé, né(e) le 14/07/1996 : 9742000000005E, 9742000000006F\n"
        "  HOARAU Marie-Claire, né(e) le 03/09/1991 : 9742000000001A, 9742000000002B, "
        "9742000000003C\n"
        f"Lettre à la DIECCTE : {folder / 'doublons.pdf'}\n"
        f"Liste des fiches : {folder / 'doublons.xlsx'}\n")
    assert sorted(p.name for p in folder.iterdir()) == ["doublons.pdf", "doublons.xlsx",
                                                         "sessions.xlsx"]


def test_doublons_letter_lists_every_record_by_person(duplicates):
    folder, _ = duplicates
    assert len(PdfReader(folder / "doublons.pdf").pages) == 1
    content = text(folder / "doublons.pdf")
    for expected in ("FICHES CANDIDATS EN DOUBLE", "Objet : Fiches candidats en double dans "
                     "CERES", "Service certification", "974.certification@dieccte.gouv.fr",
                     "Personnes concernées : 2 – fiches : 5",
                     "Personne 1 : D'ÉTANG Zoé, né(e) le 14/07/1996 (2 fiches)",
                     "Personne 2 : HOARAU Marie-Claire, né(e) le 03/09/1991 (3 fiches)",
                     "9742000000002B HOARAU marie claire Saint-André (Réunion) 224566 du "
                     "02/03/2026", "9742000000003C Hoaraù Marie Claire Saint-André (Réunion) —",
                     "Le manager de formation", "AFPAR Centre de Saint-André"):
        assert expected in content, expected
    assert content.index("9742000000005E") < content.index("9742000000001A")
    assert "9742000000004D" not in content  # a namesake born another day
    assert PAYET not in content and GRONDIN not in content


def test_doublons_list_has_one_row_per_record(duplicates):
    folder, _ = duplicates
    sheet = load_workbook(folder / "doublons.xlsx").active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("Personne", "N° CERES", "Nom", "Prénom", "Date de naissance",
                       "Commune de naissance", "Code postal de naissance", "Pays de naissance",
                       "Sessions", "Ligne (Candidats)")
    assert [row[:4] for row in rows[1:]] == [
        (1, "9742000000005E", "D'Étang", "Zoé"),
        (1, "9742000000006F", "DETANG", "zoe"),
        (2, "9742000000001A", "Hoarau", "Marie-Claire"),
        (2, "9742000000002B", "HOARAU", "marie  claire"),
        (2, "9742000000003C", "Hoaraù", "Marie Claire"),
    ]
    assert {row[4] for row in rows[3:]} == {dt.datetime(1991, 9, 3)}
    assert rows[4][8] == "224566 du 02/03/2026" and rows[3][8] is None
    assert [row[9] for row in rows[1:]] == [8, 9, 4, 5, 6]
    assert all(cell.font.b for cell in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["I"].width > sheet.column_dimensions["A"].width


def test_doublons_list_never_writes_a_formula(tmp_path):
    book = validate(write(duplicates_book(), tmp_path), TODAY).book
    book.candidates["9742000000001A"].last_name = "=Hoarau"
    book.candidates["9742000000002B"].first_name = "+Marie @Claire"
    book.candidates["9742000000003C"].last_name = "-HOARAU"
    saved = tmp_path / "liste.xlsx"
    saved.write_bytes(listing_bytes(book, duplicate_people(book)))
    sheet = load_workbook(saved).active
    rows = {row[1].value: row for row in sheet.iter_rows(min_row=2)}
    for ceres, column, typed in (("9742000000001A", 2, "=Hoarau"),
                                 ("9742000000002B", 3, "+Marie @Claire"),
                                 ("9742000000003C", 2, "-HOARAU")):
        cell = rows[ceres][column]
        assert cell.value == typed and cell.data_type == "s", ceres


def test_doublons_without_pdf_writes_the_letter_as_docx(tmp_path):
    workbook = write(duplicates_book(), tmp_path)
    result = run("doublons", workbook, "--out", tmp_path / "lettre.pdf", "--no-pdf")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["lettre.docx", "lettre.xlsx",
                                                         "sessions.xlsx"]
    cells = [cell.text for table in Document(tmp_path / "lettre.docx").tables
             for row in table.rows for cell in row.cells]
    assert "9742000000003C" in cells and "Hoaraù Marie Claire" in cells


def test_no_duplicate_writes_nothing(tmp_path):
    workbook = write(minimal_book(), tmp_path)
    result = run("doublons", workbook, "--out", tmp_path / "doublons")
    assert result.exit_code == 0, result.output
    assert result.output == "Aucun doublon trouvé parmi 2 fiches candidats.\n"
    assert [p.name for p in tmp_path.iterdir()] == ["sessions.xlsx"]


@pytest.mark.parametrize("name", ["sessions.xlsx", "sessions", "sessions.pdf"])
def test_doublons_never_overwrites_the_workbook(tmp_path, name):
    workbook = write(duplicates_book(), tmp_path)
    before = sha256(workbook)
    result = run("doublons", workbook, "--out", tmp_path / name)
    assert result.exit_code == 2
    assert "est le classeur lu : choisissez un autre nom" in result.output
    assert sha256(workbook) == before
    assert [p.name for p in tmp_path.iterdir()] == ["sessions.xlsx"]


@pytest.mark.parametrize(("spoil", "shown", "refusal"), [
    ("Paramètres", "Paramètre « Organisme » manquant",
     "Erreur : Le classeur contient des erreurs : aucun document n'a été produit."),
    ("Candidats", "La date « 31/02/1990 » n'existe pas dans le calendrier.",
     "Erreur : La feuille Candidats contient des erreurs : corrigez-les, rien n'a été écrit."),
])
def test_doublons_needs_a_valid_workbook_and_candidates_sheet(tmp_path, spoil, shown, refusal):
    book = duplicates_book()
    if spoil == "Paramètres":
        book["Paramètres"] = book["Paramètres"][1:]  # no Organisme: the letter's sender
    else:
        book["Candidats"][0]["Date de naissance"] = "31/02/1990"
    workbook = write(book, tmp_path)
    result = run("doublons", workbook, "--out", tmp_path / "doublons")
    assert result.exit_code == 1
    assert shown in result.output
    assert result.output.rstrip().endswith(refusal)
    assert [p.name for p in tmp_path.iterdir()] == ["sessions.xlsx"]


def test_doublons_is_not_held_back_by_a_session_s_own_error(tmp_path):
    """The letter is about candidate records: an error in a session's row (its own, not the
    Candidats sheet's) holds back that session's documents, not this letter."""
    book = duplicates_book()
    book["Sessions"][0]["Date de fin"] = "31/02/2026"
    workbook = write(book, tmp_path)
    result = run("doublons", workbook, "--out", tmp_path / "doublons", "--no-pdf")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("2 personnes ont plusieurs fiches CERES (5 fiches sur 8)")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["doublons.docx", "doublons.xlsx",
                                                         "sessions.xlsx"]


def test_doublons_unknown_centre(tmp_path):
    result = run("doublons", write(duplicates_book(), tmp_path), "--out", tmp_path / "d",
                 "--centre", "CFPAX", "--no-pdf")
    assert result.exit_code == 1
    assert ("Erreur : Centre « CFPAX » inconnu dans la feuille Centres. Centres : CFPAE."
            in result.output)


def test_file_names_from_the_out_option():
    assert targets(Path("a/doublons")) == (Path("a/doublons.pdf"), Path("a/doublons.xlsx"))
    assert targets(Path("liste.XLSX"), pdf=False) == (Path("liste.docx"), Path("liste.xlsx"))
    assert targets(Path("liste.2026")) == (Path("liste.2026.pdf"), Path("liste.2026.xlsx"))


# affichage --------------------------------------------------------------------------------

PLIS = dt.date(2026, 4, 10)  # 224566's validated PVs, received on 01/04, collected
CCP_HELD = dt.date(2026, 4, 15)  # 224600 held then, so its results are typed after its end
DISPLAY_DAY = dt.date(2026, 4, 20)  # 224566 at « plis retirés », 224600 at « résultats saisis »


def displayed_book():
    """full_book, the envelopes of 224566's validated PVs collected on PLIS (P§10), 224600
    held on CCP_HELD (rather than 01/06/2026) so that its results are behind DISPLAY_DAY."""
    book = full_book()
    book["Sessions"][0]["Date retrait des plis"] = PLIS
    book["Sessions"][1].update({"Date de début": CCP_HELD, "Date de fin": CCP_HELD,
                                "Date réelle de fin": CCP_HELD})
    return book


@pytest.fixture(scope="module")
def display(tmp_path_factory):
    """A plain run on DISPLAY_DAY, for the results lists only."""
    folder = tmp_path_factory.mktemp("affichage")
    workbook = write(displayed_book(), folder)
    out = folder / "documents"
    result = run("generate", workbook, "--out", out, "--only", "affichage", "--today",
                 DISPLAY_DAY)
    assert result.exit_code == 0, result.output
    return out, result.output


def displayed(out: Path) -> list[dict]:
    return [entry for entry in manifest(out) if entry["kind"] == "affichage"]


def test_affichage_only_for_a_session_with_its_plis_collected(display):
    out, output = display
    assert "1 document produit dans" in output
    assert "1  liste des résultats à afficher" in output
    [entry] = displayed(out)
    assert [e for e in manifest(out) if e["kind"] not in ("affichage", "envoi")] == []
    assert entry["session"] == SESSION and entry["to_dieccte"] is False
    assert entry["path"] == "224566_ECSR_02032026/AFFICHAGE_TP-01303_ECSR_STANDRE_02032026.pdf"
    assert entry["pages"] == 1
    # it leaves that day: printed and put up at the centre
    assert [p.relative_to(out / "envoi").as_posix() for p in (out / "envoi").rglob("*.pdf")] \
        == ["affichage/224566_ECSR_02032026/AFFICHAGE_TP-01303_ECSR_STANDRE_02032026.pdf"]
    assert "  - Affichage au centre, à imprimer et afficher – session 224566 : 1 liste des " \
           "résultats à afficher" in output


def test_affichage_shows_successes_only(display):
    out, _ = display
    content = text(out / displayed(out)[0]["path"])
    for expected in ("RÉSULTATS DE LA SESSION D'EXAMEN", "TP-01303 – Enseignant", "224566",
                     "du lundi 2 mars 2026 au mercredi 4 mars 2026", "AFPAR Centre de "
                     "Saint-André", f"{WEIRD.upper()} Aurélie Partiellement admis {CCP_1}",
                     "PAYET Jean Admis Titre complet", "Admis : 1 – partiellement admis : 1",
                     "procès-verbaux validés reçus le 01/04/2026"):
        assert expected in content, expected
    assert content.index(WEIRD.upper()) < content.index("PAYET")
    for hidden in ("TÉCHER0", "TÉCHER1", "TÉCHER2", "Refusé", "Absence", PAYET, GRONDIN,
                   "12/05/1990", "03/08/1995", "TÉCHER Paul"):
        assert hidden not in content, hidden


@pytest.mark.parametrize("plis", [None, dt.date(2026, 12, 1)], ids=["no-date", "after-today"])
def test_affichage_asked_for_before_the_plis_are_collected_is_refused(tmp_path, plis):
    """Even asked for by name, and with the validated PVs received (01/04/2026): the results
    are displayed only once their envelopes are collected (P§10)."""
    book = full_book()
    book["Sessions"][0]["Date retrait des plis"] = plis
    workbook = write(book, tmp_path)
    out = tmp_path / "documents"
    result = run("generate", workbook, "--out", out, *on_request(SESSION, kinds=("affichage",)))
    assert result.exit_code == 1
    what = (" : renseignez « Date retrait des plis » (feuille Sessions)" if plis is None
            else ", le 01/12/2026")
    assert result.output == (
        "Erreur : Session 224566 : l'affichage des résultats n'est permis qu'une fois les plis "
        f"des PV validés retirés (P§10){what}.\n")
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir()] == ["sessions.xlsx"]


def test_a_normal_run_has_affichage_only_while_the_plis_are_collected(tmp_path):
    book = validate(write(displayed_book(), tmp_path), DISPLAY_DAY).book
    kinds = {(d.session, d.kind) for d in plan(book, today=DISPLAY_DAY)}
    assert (SESSION, "affichage") in kinds
    assert (CCP_SESSION, "affichage") not in kinds
    assert (CCP_SESSION, "pv-general") in kinds
    day_before = PLIS - dt.timedelta(days=1)  # PVs received, plis not yet collected
    parchemins = dt.date(2026, 5, 4)  # the stage is over: the list stays as it was
    for day in (day_before, parchemins):
        assert (SESSION, "affichage") not in {(d.session, d.kind) for d in plan(book, today=day)}


# demande-report ---------------------------------------------------------------------------

# Before 224566 (02/03/2026) has started: the UD can still postpone it (builders' TODAY is
# after it has ended).
BEFORE = dt.date(2026, 1, 15)


def convoked_book(start=dt.date(2026, 6, 1), end=dt.date(2026, 6, 3)):
    """A session with its convocations sent and a wished postponement; no results yet."""
    book = minimal_book()
    book["Sessions"][0].update({
        "Statut": "Convocations envoyées", "Date réelle de fin": None,
        "Date de début": dt.date(2026, 3, 2), "Date de fin": dt.date(2026, 3, 4),
        "Report début souhaité": start, "Report fin souhaitée": end})
    for inscription in book["Inscriptions"]:
        inscription.update({"Présence": None, "Résultat": None, "CCP obtenus": None,
                            "Commentaire": None})
    book["Paramètres"].append({"Paramètre": "SIRET", "Valeur": "84752913600018"})
    return book


def test_bundle_files_the_request_for_the_ud(tmp_path):
    """A plain run before the exam: the request leaves for the UD; the convocations are
    produced, but left out of envoi/ (« Convocations envoyées »: they have left already)."""
    job = prepare(write(convoked_book(), tmp_path), tmp_path / "o",
                  kinds=["demande-report", "convocation-candidat"], today=BEFORE)
    assert {d.kind for d in job.run()} == {"demande-report", "convocation-candidat", "envoi"}
    root = tmp_path / "o" / "envoi"
    files = {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}
    assert files == {"UD/224566_ECSR_02032026/REPORT_TP-01303_ECSR_STANDRE_02032026.pdf"}


def test_demande_report_gives_the_session_and_the_wished_dates(tmp_path):
    job = prepare(write(convoked_book(), tmp_path), tmp_path / "o", sessions=[SESSION],
                  kinds=["demande-report"], today=BEFORE)
    [document] = job.run()
    assert document.path == "224566_ECSR_02032026/REPORT_TP-01303_ECSR_STANDRE_02032026.pdf"
    assert document.pages == 1 and not document.to_dieccte
    content = text(tmp_path / "o" / document.path)
    for expected in ("DEMANDE DE REPORT DE SESSION",
                     "DIECCTE de La Réunion Unité départementale (UD) Saint-André, le",
                     "Objet : Report de la session n° 224566 – TP-01303",
                     "au statut « Convocations envoyées »", "Session (ID CERES) 224566",
                     "Dates actuelles du lundi 2 mars 2026 au mercredi 4 mars 2026",
                     "Début souhaité lundi 1er juin 2026 Fin souhaitée mercredi 3 juin 2026",
                     "Le manager de formation"):
        assert expected in content, expected
    assert "Agrément échu" not in content and "84752913600018" not in content


def test_demande_report_past_the_agrement_adds_siret_title_and_agrement(tmp_path):
    """Also: the administration renamed in Paramètres (DIECCTE → DEETS), with its address."""
    book = convoked_book(dt.date(2027, 1, 11), dt.date(2027, 1, 13))
    book["Paramètres"] += [
        {"Paramètre": "Administration – nom", "Valeur": "DEETS de La Réunion"},
        {"Paramètre": "Administration – adresse",
         "Valeur": "112 rue de la République ;\n97488 Saint-Denis Cedex ;"}]
    job = prepare(write(book, tmp_path), tmp_path / "o", sessions=[SESSION],
                  kinds=["demande-report"], today=BEFORE)
    [document] = job.run()
    content = text(tmp_path / "o" / document.path)
    assert "DIECCTE de La Réunion" not in content
    for expected in ("DEETS de La Réunion Unité départementale (UD) 112 rue de la République "
                     "97488 Saint-Denis Cedex Saint-André, le",
                     "Agrément échu : éléments complémentaires",
                     "l'agrément N° AG-2024-01 a pris fin le 31/12/2026",
                     "N° SIRET du centre 84752913600018", "ID agrément AG-2024-01",
                     "Titre professionnel TP-01303 – Enseignant de la sécurité routière"):
        assert expected in content, expected
    assert len(PdfReader(tmp_path / "o" / document.path).pages) == 1


def test_the_centre_s_own_siret_comes_first(tmp_path):
    book = convoked_book(dt.date(2027, 1, 11), dt.date(2027, 1, 13))
    book["Centres"][0]["SIRET"] = "11122233300044"
    checked = validate(write(book, tmp_path), BEFORE)
    [document] = plan(checked.book, kinds=["demande-report"], today=BEFORE)
    assert document.context["organisme"]["siret"] == "11122233300044"
    assert document.context["agrement"] == {"numero": "AG-2024-01", "date_fin": "31/12/2026",
                                            "echu": True}


@pytest.mark.parametrize(("change", "reason"), [
    ({"status": Status.RESULTS_ENTERED},
     "Session 224566 : l'UD ne reporte qu'une session « En préparation », « Demande de DTE "
     "envoyée » ou « Convocations envoyées » (N) ; celle-ci est « Résultats saisis »."),
    ({"start": BEFORE},
     "Session 224566 : la session a commencé le 15/01/2026 : l'UD ne peut plus la reporter "
     "(N)."),
    ({"postpone_end": dt.date(2026, 5, 29)},
     "Session 224566 : la fin souhaitée (29/05/2026) est avant le début souhaité (01/06/2026) "
     "(feuille Sessions)."),
    ({"postpone_end": None},
     "Session 224566 : la demande de report indique les deux dates souhaitées : renseignez "
     "aussi « Report fin souhaitée » (feuille Sessions)."),
    ({"postpone_start": dt.date(2026, 1, 5)},
     "Session 224566 : le début souhaité (05/01/2026) est déjà passé (feuille Sessions)."),
    ({"postpone_start": None, "postpone_end": None},
     "Session 224566 : aucun report n'est demandé : renseignez « Report début souhaité » et "
     "« Report fin souhaitée » (feuille Sessions)."),
])
def test_no_postponement_request_when_the_ud_cannot_postpone(tmp_path, change, reason):
    book = validate(write(convoked_book(), tmp_path), BEFORE).book
    session = book.sessions[SESSION]
    for key, value in change.items():
        setattr(session, key, value)
    assert refusal(session, "demande-report", BEFORE) == reason
    assert plan(book, kinds=["demande-report"], today=BEFORE) == []


@pytest.mark.parametrize("status", ["En préparation", "Demande de DTE envoyée",
                                    "Convocations envoyées"])
def test_postponable_statuses(tmp_path, status):
    book = validate(write(convoked_book(), tmp_path), BEFORE).book
    book.sessions[SESSION].status = Status(status)
    assert refusal(book.sessions[SESSION], "demande-report", BEFORE) is None
    assert [d.kind for d in plan(book, kinds=["demande-report"], today=BEFORE)] == [
        "demande-report"]


def test_demande_report_asked_for_without_wished_dates_is_refused(tmp_path):
    out = tmp_path / "documents"
    result = run("generate", write(minimal_book(), tmp_path), "--out", out, "--only",
                 "demande-report", "--session", SESSION)
    assert result.exit_code == 1
    assert result.output == (
        "Erreur : Session 224566 : aucun report n'est demandé : renseignez « Report début "
        "souhaité » et « Report fin souhaitée » (feuille Sessions).\n")
    assert not out.exists()


# templates --------------------------------------------------------------------------------

def test_the_doublons_letter_has_no_session_variables(tmp_path):
    folder = tmp_path / "modeles"
    assert run("templates", "export", folder).exit_code == 0
    document = Document(folder / "doublons.docx")
    document.paragraphs[0].insert_paragraph_before("{{ session.numero }}")
    document.save(folder / "doublons.docx")
    result = run("templates", "check", folder)
    assert result.exit_code == 1
    assert "doublons.docx :\n  - variable inconnue : session" in result.output
    assert "affichage.docx : correct" in result.output
    assert "demande-report.docx : correct" in result.output
