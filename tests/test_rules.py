"""Each rule of the workbook contract and of the procedure, one small workbook per case.

Every test spoils one thing in the valid minimal workbook and asserts the whole report, so it
fails both when the rule is removed and when a change makes it fire elsewhere.
"""

import datetime as dt

import pytest
from builders import (
    CCP_1,
    CCP_2,
    GRONDIN,
    PAYET,
    SESSION,
    TITLE,
    TODAY,
    check,
    drop_column,
    rename_column,
    write,
    write_rows,
)

from ceres_docs import workbook
from ceres_docs.rules import validate

LOCATION = ["severity", "code", "sheet", "row", "column"]
TIMETABLE = "8h30 : accueil ; 9h : mise en situation professionnelle"


def located(report):
    return report.flatten(LOCATION)


def only_message(report) -> str:
    assert len(report.issues) == 1, report.issues
    return report.issues[0].message


def ccp_session(book, ccp=CCP_1):
    """Turn the session into a CCP session, with results a CCP session can have."""
    book["Sessions"][0].update({"Type": "CCP", "Code CCP": ccp})
    book["Inscriptions"][1].update({"Résultat": "Refusé", "CCP obtenus": None})


# The base workbook


def test_minimal_workbook_has_no_issue_at_all(book, tmp_path):
    validation = validate(write(book, tmp_path), today=TODAY)
    assert validation.report.issues == []
    assert validation.report.valid
    session = validation.book.sessions[SESSION]
    assert [c.code for c in validation.book.titles[TITLE].ccps] == [CCP_1, CCP_2]
    assert len(session.inscriptions) == 2 and len(session.jury) == 2
    assert session.start_time == dt.time(8, 30)


# Structure of the workbook (workbook.py)


def test_missing_sheet_is_named_and_stops_the_rules(book, tmp_path):
    del book["Centres"]
    report = check(book, tmp_path)
    assert located(report) == [("error", "missing-sheet", "Centres", None, None)]
    assert "Feuille « Centres » introuvable" in only_message(report)


def test_missing_column_suggests_the_closest_header(book, tmp_path):
    rename_column(book, "Sessions", "Date de fin", "Date fin")
    report = check(book, tmp_path)
    assert located(report) == [("error", "missing-column", "Sessions", 1, "H")]
    assert report.issues[0].field == "Date de fin"
    assert only_message(report) == (
        "Colonne « Date de fin » introuvable. La colonne H s'appelle « Date fin » : "
        "renommez-la « Date de fin »."
    )


def test_missing_column_without_a_close_header_says_where_to_add_it(book, tmp_path):
    drop_column(book, "Sessions", "Lieu")
    report = check(book, tmp_path)
    assert located(report) == [("error", "missing-column", "Sessions", 1, None)]
    assert "ajoutez-la en ligne 1 de la feuille Sessions" in only_message(report)


def test_optional_column_may_be_left_out(book, tmp_path):
    drop_column(book, "Sessions", "Heure de fin")
    drop_column(book, "Titres", "Nature des épreuves")
    assert check(book, tmp_path).issues == []


def test_column_present_twice(book, tmp_path):
    rows = book.rows()
    rows["Centres"][0].append("Nom")
    rows["Centres"][1].append("Autre nom")
    report = validate(write_rows(rows, tmp_path), today=TODAY).report
    assert located(report) == [("error", "duplicate-column", "Centres", 1, "H")]
    assert "(colonnes B et H)" in only_message(report)


def test_headers_not_on_the_first_row(book, tmp_path):
    rows = book.rows()
    rows["Titres"].insert(0, [])
    report = validate(write_rows(rows, tmp_path), today=TODAY).report
    assert located(report) == [("error", "header-not-first-row", "Titres", 2, None)]
    assert "Les en-têtes doivent être en ligne 1" in only_message(report)


def test_sheet_longer_than_the_row_limit(book, tmp_path, monkeypatch):
    monkeypatch.setattr(workbook, "MAX_ROWS", 3)
    book["Paramètres"] += [{"Paramètre": "SIRET", "Valeur": "12345678900011"},
                           {"Paramètre": "Remarque", "Valeur": "ligne de trop"}]
    report = check(book, tmp_path)
    assert located(report) == [("error", "too-many-rows", "Paramètres", 5, None)]


@pytest.mark.parametrize("lock_name", ["~$ssions.xlsx", "~$sessions.xlsx"])
def test_workbook_open_in_excel_is_a_warning(book, tmp_path, lock_name):
    path = write(book, tmp_path)
    (tmp_path / lock_name).write_bytes(b"owner")
    report = validate(path, today=TODAY).report
    assert located(report) == [("warning", "workbook-open", None, None, None)]
    assert f"({lock_name} existe)" in only_message(report)
    assert report.valid


# Cells (model.py)


@pytest.mark.parametrize("header, letter", [
    ("Type", "C"), ("Code titre", "D"), ("Date de début", "F"), ("Heure de début", "G"),
    ("Date de fin", "H"),
])
def test_session_required_value(book, tmp_path, header, letter):
    book["Sessions"][0][header] = " \u00a0"
    report = check(book, tmp_path)
    assert located(report) == [("error", "required-value", "Sessions", 2, letter)]
    assert only_message(report) == f"« {header} » est obligatoire : cette cellule est vide."


def test_impossible_date_is_an_error_at_its_cell(book, tmp_path):
    book["Candidats"][1]["Date de naissance"] = "31/02/1990"
    report = check(book, tmp_path)
    assert located(report) == [("error", "invalid-date", "Candidats", 3, "D")]
    assert report.issues[0].field == "Date de naissance"
    assert only_message(report) == "La date « 31/02/1990 » n'existe pas dans le calendrier."


def test_text_that_is_not_a_date(book, tmp_path):
    book["Sessions"][0]["Date réelle de fin"] = "mardi"
    report = check(book, tmp_path)
    assert ("error", "invalid-date", "Sessions", 2, "I") in located(report)
    assert "« mardi » n'est pas une date : tapez JJ/MM/AAAA" in report.issues[0].message


def test_dates_with_the_month_in_letters_are_read_in_every_date_column(book, tmp_path):
    book["Agréments"][0].update({"Date de début": "1er janvier 2024",
                                 "Date de fin": "31 Décembre 2026"})
    book["Sessions"][0].update({"Date de début": "2 mars 2026", "Date de fin": "4 MARS 2026",
                                "Date commande DTE": "5 janvier 2026"})
    book["Candidats"][0]["Date de naissance"] = "12 mai 1990"
    book["Intervenants"][0]["Fin d'habilitation"] = "30 juin 2027"
    validation = validate(write(book, tmp_path), today=TODAY)
    assert validation.report.issues == []
    assert validation.book.agrements[0].end == dt.date(2026, 12, 31)
    assert validation.book.sessions[SESSION].end == dt.date(2026, 3, 4)
    assert validation.book.candidates[PAYET].birth_date == dt.date(1990, 5, 12)


def test_start_hour_that_is_not_an_hour(book, tmp_path):
    book["Sessions"][0]["Heure de début"] = "25h"
    report = check(book, tmp_path)
    assert located(report) == [("error", "invalid-time", "Sessions", 2, "G")]
    assert "n'est pas une heure" in only_message(report)


def test_value_outside_its_list(book, tmp_path):
    book["Inscriptions"][0]["Résultat"] = "Admise"
    report = check(book, tmp_path)
    assert located(report) == [("error", "invalid-choice", "Inscriptions", 2, "D")]
    assert only_message(report) == (
        "Valeur « Admise » inconnue : choisissez parmi « Admis », « Partiellement admis », "
        "« Refusé »."
    )


def test_title_code_not_in_tp_format(book, tmp_path):
    book["Sessions"][0]["Code titre"] = "ECSR"
    report = check(book, tmp_path)
    assert located(report) == [("error", "invalid-title-code", "Sessions", 2, "D")]
    assert "tapez TP- et 5 chiffres" in only_message(report)


def test_ccp_code_not_in_cp_format(book, tmp_path):
    book["Sessions"][0]["Code CCP"] = "CP-1"
    report = check(book, tmp_path)
    assert located(report) == [("error", "invalid-ccp-code", "Sessions", 2, "E")]
    assert "tapez CP- et 5 chiffres" in only_message(report)


def test_ccp_list_with_a_bad_code(book, tmp_path):
    book["Inscriptions"][0]["CCP obtenus"] = f"{CCP_1}; CCP2"
    report = check(book, tmp_path)
    assert located(report) == [("error", "invalid-ccp-list", "Inscriptions", 2, "E")]
    assert "« CCP2 » n'est pas un code de CCP" in only_message(report)


def test_session_number_with_letters(book, tmp_path):
    book["Inscriptions"][0]["N° session"] = "S-224566"
    report = check(book, tmp_path)
    assert located(report) == [("error", "invalid-session-id", "Inscriptions", 2, "A")]
    assert "chiffres seulement" in only_message(report)


def test_ceres_number_typed_as_a_number_lacks_its_letter(book, tmp_path):
    book["Inscriptions"][0]["N° CERES"] = 9741411152681
    report = check(book, tmp_path)
    assert located(report) == [("error", "invalid-ceres-id", "Inscriptions", 2, "B")]
    assert only_message(report).startswith("« 9741411152681 » n'est pas un N° CERES")


def test_centre_exam_mailbox_not_an_email(book, tmp_path):
    book["Centres"][0]["Courriel examen"] = "examen.cfpae@afpar"
    report = check(book, tmp_path)
    assert located(report) == [("error", "invalid-email", "Centres", 2, "F")]
    assert "n'est pas une adresse électronique valide" in only_message(report)


def test_birth_postcode_with_a_letter(book, tmp_path):
    book["Candidats"][1]["Code postal de naissance"] = "75O12"
    report = check(book, tmp_path)
    assert located(report) == [("error", "invalid-postcode", "Candidats", 3, "G")]
    assert "n'est pas un code postal" in only_message(report)


@pytest.mark.parametrize("sheet, index, letter, label", [
    ("Centres", 0, "A", "Ce code centre « CFPAE »"),
    ("Titres", 0, "A", f"Ce code titre « {TITLE} »"),
    ("CCP", 1, "B", f"Ce code CCP « {CCP_2} »"),
    ("Sessions", 0, "A", f"Ce N° session « {SESSION} »"),
    ("Candidats", 0, "A", f"Ce N° CERES « {PAYET} »"),
])
def test_key_repeated_on_two_rows(book, tmp_path, sheet, index, letter, label):
    book[sheet].append(dict(book[sheet][index]))
    row = len(book[sheet]) + 1
    report = check(book, tmp_path)
    assert located(report) == [("error", "duplicate-key", sheet, row, letter)]
    assert only_message(report) == (
        f"{label} figure déjà en ligne {index + 2} : chaque ligne doit avoir le sien."
    )


def test_organisation_parameter_missing(book, tmp_path):
    book["Paramètres"] = []
    report = check(book, tmp_path)
    assert located(report) == [("error", "missing-parameter", "Paramètres", None, "A")]
    assert "Paramètre « Organisme » manquant" in only_message(report)


def test_organisation_parameter_without_value_is_located_at_its_value(book, tmp_path):
    """The row is there (as in a fresh « init » workbook): the empty cell is the problem."""
    book["Paramètres"] = [{"Paramètre": "Organisme", "Valeur": None}]
    report = check(book, tmp_path)
    assert located(report) == [("error", "missing-parameter", "Paramètres", 2, "B")]
    assert only_message(report) == ("Le paramètre « Organisme » n'a pas de valeur : renseignez "
                                     "la valeur (par exemple « SPL AFPAR »).")


def test_unknown_parameter_is_a_warning(book, tmp_path):
    book["Paramètres"].append({"Paramètre": "Couleur des PV", "Valeur": "bleu"})
    report = check(book, tmp_path)
    assert located(report) == [("warning", "unknown-parameter", "Paramètres", 4, "A")]
    assert "Paramètre « Couleur des PV » inconnu" in only_message(report)
    assert report.valid


def test_parameter_names_match_without_case_or_accents(book, tmp_path):
    book["Paramètres"] = [{"Paramètre": " organisme ", "Valeur": "SPL AFPAR"},
                          {"Paramètre": "COURRIEL CERTIFICATION DIECCTE", "Valeur": None}]
    validation = validate(write(book, tmp_path), today=TODAY)
    assert validation.report.issues == []
    assert validation.book.parameters["dieccte_email"] == "974.certification@dieccte.gouv.fr"


def test_dieccte_mailbox_parameter_not_an_email(book, tmp_path):
    book["Paramètres"][1]["Valeur"] = "974.certification"
    report = check(book, tmp_path)
    assert located(report) == [("error", "invalid-parameter", "Paramètres", 3, "B")]
    assert only_message(report).startswith("Courriel certification DIECCTE : « 974.certification")


# One unreadable cell, one message: no rule reports the consequence of its missing value


def _postponed_while_status_unreadable(book):
    session = book["Sessions"][0]
    session.update({"Statut": "Terminée", "Date de début": dt.date(2026, 9, 1),
                    "Date de fin": dt.date(2026, 9, 3), "Date réelle de fin": None,
                    "Report début souhaité": dt.date(2026, 10, 1),
                    "Report fin souhaitée": dt.date(2026, 10, 3)})
    for inscription in book["Inscriptions"]:
        inscription.update({"Présence": None, "Résultat": None, "CCP obtenus": None,
                            "Commentaire": None})


UNREADABLE_CELLS = {
    # cell spoiled → the one issue expected; the comment says what was reported besides
    "agrément end date": (  # no-agrement at the session's row
        lambda b: b["Agréments"][0].update({"Date de fin": "fin août 2027"}),
        ("error", "invalid-date", "Agréments", 2, "E")),
    "agrément title": (  # no-agrement at the session's row
        lambda b: b["Agréments"][0].update({"Code titre": "TP 1303"}),
        ("error", "invalid-title-code", "Agréments", 2, "C")),
    "session number": (  # unknown-session in Inscriptions and Intervenants
        lambda b: b["Sessions"][0].update({"N° session": "224566A"}),
        ("error", "invalid-session-id", "Sessions", 2, "A")),
    "ceres number": (  # unknown-candidate in Inscriptions
        lambda b: b["Candidats"][0].update({"N° CERES": "974141115268"}),
        ("error", "invalid-ceres-id", "Candidats", 2, "A")),
    "title code": (  # unknown-title in CCP, Agréments, Sessions
        lambda b: b["Titres"][0].update({"Code titre": "TP-1303"}),
        ("error", "invalid-title-code", "Titres", 2, "A")),
    "title of a ccp": (  # ccp-not-in-title at the CCP obtained
        lambda b: b["CCP"][0].update({"Code titre": "TP-1303"}),
        ("error", "invalid-title-code", "CCP", 2, "A")),
    "jury role": (  # jury-too-small at the session's row
        lambda b: b["Intervenants"][0].update({"Rôle": "Juré"}),
        ("error", "invalid-choice", "Intervenants", 2, "B")),
    "pv received": (  # plis-before-pv at the plis' cell
        lambda b: b["Sessions"][0].update({"Date réception PV validés": "avril",
                                           "Date retrait des plis": dt.date(2026, 5, 2)}),
        ("error", "invalid-date", "Sessions", 2, "O")),
    "parchemins received": (  # collected-before-reception in Inscriptions
        lambda b: (b["Sessions"][0].update({"Date réception parchemins": "mai"}),
                   b["Inscriptions"][0].update({"Date retrait parchemin": dt.date(2026, 5, 9)})),
        ("error", "invalid-date", "Sessions", 2, "P")),
    "status of a postponed session": (  # postpone-impossible at the wished start
        _postponed_while_status_unreadable,
        ("error", "invalid-choice", "Sessions", 2, "J")),
}


@pytest.mark.parametrize("spoil, expected", UNREADABLE_CELLS.values(), ids=UNREADABLE_CELLS)
def test_an_unreadable_cell_is_one_message_at_that_cell(book, tmp_path, spoil, expected):
    spoil(book)
    assert located(check(book, tmp_path)) == [expected]


# References between sheets


def test_ccp_of_an_unknown_title(book, tmp_path):
    book["CCP"].append({"Code titre": "TP-99999", "Code CCP": "CP-00099", "Intitulé": "Autre"})
    report = check(book, tmp_path)
    assert located(report) == [("error", "unknown-title", "CCP", 4, "A")]
    assert "Le titre « TP-99999 » n'existe pas dans la feuille Titres" in only_message(report)


def test_agrement_of_an_unknown_centre(book, tmp_path):
    book["Agréments"].append({**book["Agréments"][0], "Code centre": "CFPAM"})
    report = check(book, tmp_path)
    assert located(report) == [("error", "unknown-centre", "Agréments", 3, "B")]
    assert "Le centre « CFPAM » n'existe pas" in only_message(report)


def test_agrement_of_an_unknown_title(book, tmp_path):
    book["Agréments"].append({**book["Agréments"][0], "Code titre": "TP-99999"})
    report = check(book, tmp_path)
    assert located(report) == [("error", "unknown-title", "Agréments", 3, "C")]


def test_agrement_ending_before_it_starts(book, tmp_path):
    book["Agréments"].append({**book["Agréments"][0], "N° agrément": "AG-2027",
                              "Date de début": dt.date(2027, 6, 1),
                              "Date de fin": dt.date(2027, 1, 1)})
    report = check(book, tmp_path)
    assert located(report) == [("error", "end-before-start", "Agréments", 3, "E")]
    assert "(01/01/2027) est avant la date de début (01/06/2027)" in only_message(report)


def test_inscription_to_an_unknown_session(book, tmp_path):
    book["Inscriptions"][0]["N° session"] = "999999"
    report = check(book, tmp_path)
    assert located(report) == [("error", "unknown-session", "Inscriptions", 2, "A")]
    assert "La session « 999999 » n'existe pas" in only_message(report)


def test_intervenant_of_an_unknown_session(book, tmp_path):
    book["Intervenants"].append({"N° session": "999999", "Rôle": "Surveillant",
                                 "Nom": "Robert", "Prénom": "Luc"})
    report = check(book, tmp_path)
    assert located(report) == [("error", "unknown-session", "Intervenants", 4, "A")]


def test_inscription_of_an_unknown_candidate(book, tmp_path):
    book["Inscriptions"][0]["N° CERES"] = "9741411152689Z"
    report = check(book, tmp_path)
    assert located(report) == [("error", "unknown-candidate", "Inscriptions", 2, "B")]
    assert "Le candidat « 9741411152689Z » n'existe pas" in only_message(report)


@pytest.mark.parametrize("sheet, header", [("Centres", "Nom court"), ("Titres", "Abrégé")])
def test_short_name_without_letter_or_digit(book, tmp_path, sheet, header):
    book[sheet][0][header] = "– ’"
    report = check(book, tmp_path)
    assert located(report) == [("error", "invalid-short-name", sheet, 2, "C")]
    assert "ne contient ni lettre ni chiffre" in only_message(report)


# Sessions


def test_session_at_an_unknown_centre(book, tmp_path):
    book["Sessions"][0]["Code centre"] = "cfpam"
    report = check(book, tmp_path)
    assert located(report) == [("error", "unknown-centre", "Sessions", 2, "B")]
    assert "Le centre « CFPAM » n'existe pas" in only_message(report)


def test_session_of_an_unknown_title(book, tmp_path):
    book["Sessions"][0]["Code titre"] = "TP-99999"
    report = check(book, tmp_path)
    assert located(report) == [("error", "unknown-title", "Sessions", 2, "D")]


def test_ccp_session_naming_one_ccp_of_its_title_is_valid(book, tmp_path):
    ccp_session(book, CCP_2)
    assert check(book, tmp_path).issues == []


def test_ccp_session_without_its_ccp(book, tmp_path):
    ccp_session(book, None)
    report = check(book, tmp_path)
    assert located(report) == [("error", "ccp-required", "Sessions", 2, "E")]
    assert "Une session de type CCP doit indiquer son « Code CCP »" in only_message(report)


def test_ccp_session_of_an_unknown_ccp(book, tmp_path):
    ccp_session(book, "CP-00099")
    report = check(book, tmp_path)
    assert located(report) == [("error", "unknown-ccp", "Sessions", 2, "E")]


def test_ccp_session_naming_a_ccp_of_another_title(book, tmp_path):
    book["Titres"].append({"Code titre": "TP-00374", "Intitulé": "Secrétaire assistant",
                           "Abrégé": "SA"})
    book["CCP"].append({"Code titre": "TP-00374", "Code CCP": "CP-00374",
                        "Intitulé": "Assister une équipe"})
    ccp_session(book, "CP-00374")
    report = check(book, tmp_path)
    assert located(report) == [("error", "ccp-not-in-title", "Sessions", 2, "E")]
    assert only_message(report) == (
        "Le CCP « CP-00374 » n'appartient pas au titre TP-01303 (il relève de TP-00374)."
    )


def test_title_session_naming_a_ccp(book, tmp_path):
    book["Sessions"][0]["Code CCP"] = CCP_1
    report = check(book, tmp_path)
    assert located(report) == [("error", "ccp-not-expected", "Sessions", 2, "E")]


def test_session_ending_before_it_starts(book, tmp_path):
    book["Sessions"][0]["Date de fin"] = dt.date(2026, 3, 1)
    report = check(book, tmp_path)
    assert located(report) == [("error", "end-before-start", "Sessions", 2, "H")]
    assert only_message(report) == (
        "La date de fin (01/03/2026) est avant la date de début (02/03/2026)."
    )


def test_real_end_before_start(book, tmp_path):
    book["Sessions"][0]["Date réelle de fin"] = dt.date(2026, 3, 1)
    report = check(book, tmp_path)
    assert located(report) == [("error", "real-end-before-start", "Sessions", 2, "I")]


# Agrément (P§2)


def test_no_agrement_for_the_title(book, tmp_path):
    book["Agréments"] = []
    report = check(book, tmp_path)
    assert located(report) == [("error", "no-agrement", "Sessions", 2, "D")]
    assert only_message(report) == (
        "Le centre CFPAE n'a aucun agrément pour le titre TP-01303 (feuille Agréments) : le MF "
        "doit faire une demande d'agrément (P§2).")


def test_cancelled_session_needs_no_agrement_nor_jury(book, tmp_path):
    book["Agréments"] = []
    book["Intervenants"] = []
    book["Sessions"][0].update({"Statut": "Annulée", "Date commande DTE": None})
    assert check(book, tmp_path).issues == []


def test_session_before_the_agrement_starts(book, tmp_path):
    book["Agréments"][0]["Date de début"] = dt.date(2026, 4, 1)
    report = check(book, tmp_path)
    assert located(report) == [("error", "agrement-not-started", "Sessions", 2, "F")]
    assert "avant le début de l'agrément N° AG-2024-01 (01/04/2026)" in only_message(report)


def test_session_within_a_year_after_the_agrement_tells_the_dieccte(book, tmp_path):
    """P§2: allowed, once the DIECCTE knows; the DTE is ordered, so no word of creating it."""
    book["Agréments"][0]["Date de fin"] = dt.date(2026, 3, 3)
    report = check(book, tmp_path)
    assert located(report) == [("warning", "agrement-notice", "Sessions", 2, "X")]
    assert only_message(report) == (
        "La session se termine le 04/03/2026, après la fin de l'agrément N° AG-2024-01 "
        "(03/03/2026) : c'est permis dans l'année qui suit (P§2) ; prévenez la DIECCTE de la "
        "date de la session avant le 03/03/2027, puis saisissez la date dans « DIECCTE "
        "prévenue le ».")
    book["Sessions"][0]["DIECCTE prévenue le"] = dt.date(2026, 2, 20)
    assert check(book, tmp_path).issues == []


def test_a_session_in_preparation_after_the_agrement_is_created_before_its_end(book, tmp_path):
    book["Agréments"][0]["Date de fin"] = dt.date(2026, 3, 3)
    book["Sessions"][0].update({"Statut": "En préparation", "Date commande DTE": None,
                                "Date réelle de fin": None})
    book["Titres"][0]["Déroulement des épreuves"] = TIMETABLE
    for inscription in book["Inscriptions"]:
        inscription.update({"Présence": None, "Résultat": None, "CCP obtenus": None})
    report = check(book, tmp_path)
    assert located(report) == [("warning", "agrement-notice", "Sessions", 2, "X")]
    assert ("créez-la dans CERES avec des dates antérieures au 03/03/2026 pour commander le "
            "DTE, puis prévenez la DIECCTE") in only_message(report)


def test_session_more_than_a_year_after_the_agrement_is_an_error(book, tmp_path):
    book["Agréments"][0]["Date de fin"] = dt.date(2025, 3, 3)
    book["Sessions"][0]["DIECCTE prévenue le"] = dt.date(2026, 2, 20)
    report = check(book, tmp_path)
    assert located(report) == [("error", "agrement-expired", "Sessions", 2, "H")]
    assert only_message(report) == (
        "La session se termine le 04/03/2026, après la fin de l'agrément N° AG-2024-01 "
        "(03/03/2025), et plus d'un an après : ce n'est pas possible (P§2). Choisissez une fin "
        "au plus tard le 03/03/2026, ou attendez le nouvel agrément (le MF en fait la "
        "demande).")


def test_agrement_from_the_first_to_the_last_day_covers_the_session(book, tmp_path):
    book["Agréments"][0].update({"Date de début": dt.date(2026, 3, 2),
                                 "Date de fin": dt.date(2026, 3, 4)})
    assert check(book, tmp_path).issues == []


def test_session_covered_by_a_renewed_agrement(book, tmp_path):
    book["Agréments"][0]["Date de fin"] = dt.date(2026, 3, 3)
    book["Agréments"].append({"N° agrément": "AG-2026-02", "Code centre": "CFPAE",
                              "Code titre": TITLE, "Date de début": dt.date(2026, 3, 1),
                              "Date de fin": dt.date(2031, 2, 28)})
    assert check(book, tmp_path).issues == []


# Results (P§7, N, P§9, P§11)


def test_candidate_inscribed_twice_to_a_session(book, tmp_path):
    book["Inscriptions"].append(dict(book["Inscriptions"][0]))
    report = check(book, tmp_path)
    assert located(report) == [("error", "duplicate-inscription", "Inscriptions", 4, "B")]
    assert f"déjà inscrit à la session {SESSION} en ligne 2" in only_message(report)


def test_absent_candidate_with_a_pass_result(book, tmp_path):
    book["Inscriptions"][0]["Présence"] = "Absence justifiée"
    report = check(book, tmp_path)
    assert located(report) == [("error", "absent-with-result", "Inscriptions", 2, "D")]
    assert "Candidat absent (Absence justifiée) : il n'a pas de résultat" in only_message(report)


def test_absent_candidate_with_ccps_obtained(book, tmp_path):
    book["Inscriptions"][1].update({"Présence": "Absence injustifiée", "Résultat": None})
    report = check(book, tmp_path)
    assert located(report) == [("error", "absent-with-result", "Inscriptions", 3, "D")]


def test_result_without_attendance(book, tmp_path):
    book["Inscriptions"][0]["Présence"] = None
    report = check(book, tmp_path)
    assert located(report) == [("error", "result-without-presence", "Inscriptions", 2, "C")]


def test_partially_admitted_without_ccp(book, tmp_path):
    book["Inscriptions"][1]["CCP obtenus"] = None
    report = check(book, tmp_path)
    assert located(report) == [("error", "partial-without-ccp", "Inscriptions", 3, "E")]
    assert "Candidat partiellement admis : indiquez les CCP obtenus" in only_message(report)


def test_refused_with_ccps_is_a_warning(book, tmp_path):
    book["Inscriptions"][1]["Résultat"] = "Refusé"
    report = check(book, tmp_path)
    assert located(report) == [("warning", "refused-with-ccp", "Inscriptions", 3, "E")]
    assert report.valid


def test_ccp_obtained_outside_the_session_title(book, tmp_path):
    book["Inscriptions"][1]["CCP obtenus"] = f"{CCP_1};CP-00099"
    report = check(book, tmp_path)
    assert located(report) == [("error", "ccp-not-in-title", "Inscriptions", 3, "E")]
    assert only_message(report) == (
        f"CP-00099 : ce CCP n'appartient pas au titre {TITLE}. "
        f"CCP du titre : {CCP_1}, {CCP_2}."
    )


def test_partially_admitted_with_every_ccp_is_a_warning(book, tmp_path):
    book["Inscriptions"][1]["CCP obtenus"] = f"{CCP_2} ; {CCP_1}"
    report = check(book, tmp_path)
    assert located(report) == [("warning", "partial-with-all-ccps", "Inscriptions", 3, "D")]


def test_partially_admitted_in_a_ccp_session_is_a_warning(book, tmp_path):
    ccp_session(book)
    book["Inscriptions"][1].update({"Résultat": "Partiellement admis", "CCP obtenus": CCP_1})
    report = check(book, tmp_path)
    assert located(report) == [("warning", "partial-in-ccp-session", "Inscriptions", 3, "D")]


@pytest.mark.parametrize("result", ["Partiellement admis", "Refusé"])
def test_candidate_not_admitted_without_comment_is_a_warning(book, tmp_path, result):
    book["Inscriptions"][1].update({"Résultat": result, "Commentaire": None})
    if result == "Refusé":
        book["Inscriptions"][1]["CCP obtenus"] = None
    report = check(book, tmp_path)
    assert located(report) == [("warning", "missing-comment", "Inscriptions", 3, "F")]
    assert f"Candidat {result.lower()} sans commentaire" in only_message(report)
    assert report.valid


def test_parchemin_collected_before_any_reception(book, tmp_path):
    book["Inscriptions"][0]["Date retrait parchemin"] = dt.date(2026, 6, 1)
    report = check(book, tmp_path)
    assert located(report) == [("error", "collected-before-reception", "Inscriptions", 2, "G")]
    assert "n'a pas de « Date réception parchemins »" in only_message(report)


def test_parchemin_collected_before_its_reception_date(book, tmp_path):
    book["Sessions"][0]["Date réception parchemins"] = dt.date(2026, 6, 10)
    book["Inscriptions"][0]["Date retrait parchemin"] = dt.date(2026, 6, 1)
    report = check(book, tmp_path)
    assert located(report) == [("error", "collected-before-reception", "Inscriptions", 2, "G")]
    assert "avant sa réception (10/06/2026)" in only_message(report)


def test_parchemin_collected_after_reception(book, tmp_path):
    book["Sessions"][0]["Date réception parchemins"] = dt.date(2026, 6, 10)
    book["Inscriptions"][0]["Date retrait parchemin"] = dt.date(2026, 6, 10)
    assert check(book, tmp_path).issues == []


def test_results_without_real_end_date(book, tmp_path):
    book["Sessions"][0]["Date réelle de fin"] = None
    report = check(book, tmp_path)
    assert located(report) == [("error", "results-without-real-end", "Sessions", 2, "I")]
    assert "saisissez-la d'abord, comme CERES l'exige (N)" in only_message(report)


def test_session_without_results_needs_no_real_end_date(book, tmp_path):
    book["Sessions"][0].update({"Date réelle de fin": None, "Statut": "Convocations envoyées"})
    for inscription in book["Inscriptions"]:
        for header in ("Présence", "Résultat", "CCP obtenus", "Commentaire"):
            inscription[header] = None
    assert check(book, tmp_path).issues == []


@pytest.mark.parametrize("presence, letter", [(None, "C"), ("Présent", "D")])
def test_closed_session_with_a_candidate_without_outcome(book, tmp_path, presence, letter):
    book["Sessions"][0]["Statut"] = "Clôturée"
    book["Inscriptions"][0].update({"Présence": presence, "Résultat": None})
    report = check(book, tmp_path)
    assert located(report) == [("error", "status-without-result", "Inscriptions", 2, letter)]
    assert "est au statut « Clôturée » mais ce candidat n'a ni résultat ni absence" in \
        only_message(report)


def test_closed_session_accepts_absent_candidates(book, tmp_path):
    book["Sessions"][0]["Statut"] = "Clôturée"
    book["Inscriptions"][1].update({"Présence": "Absence injustifiée", "Résultat": None,
                                    "CCP obtenus": None, "Commentaire": None})
    assert check(book, tmp_path).issues == []


# Candidates (P§4)


def test_born_in_france_without_postcode(book, tmp_path):
    book["Candidats"][0]["Code postal de naissance"] = None
    report = check(book, tmp_path)
    assert located(report) == [("error", "birth-postcode-missing", "Candidats", 2, "G")]
    assert "Né(e) en France : le code postal" in only_message(report)


def test_born_in_reunion_with_a_postcode(book, tmp_path):
    book["Candidats"][1].update({"Pays de naissance": "La Réunion",
                                 "Code postal de naissance": "97400"})
    report = check(book, tmp_path)
    assert located(report) == [("error", "birth-postcode-reunion", "Candidats", 3, "G")]
    assert "saisissez la commune sans code postal (P§4)" in only_message(report)


def test_birth_date_in_the_future(book, tmp_path):
    book["Candidats"][0]["Date de naissance"] = TODAY + dt.timedelta(days=1)
    report = check(book, tmp_path)
    assert located(report) == [("error", "birth-date-future", "Candidats", 2, "D")]


def test_same_person_under_two_ceres_numbers(book, tmp_path):
    book["Candidats"][1]["Nom"] = "Grondin-Técher"
    book["Candidats"].append({**book["Candidats"][1], "N° CERES": "9741411152699B",
                              "Nom": " GRONDIN TECHER ", "Prénom": "aurelie"})
    report = check(book, tmp_path)
    assert located(report) == [("warning", "duplicate-person", "Candidats", 4, "A")]
    assert f"a plusieurs fiches CERES ({GRONDIN}, 9741411152699B)" in only_message(report)
    assert report.valid


# Jury


def test_session_with_a_single_jury_member(book, tmp_path):
    book["Intervenants"][1]["Rôle"] = "Surveillant"
    report = check(book, tmp_path)
    assert located(report) == [("error", "jury-too-small", "Sessions", 2, "A")]
    assert "2 candidats mais 1 membre de jury : il en faut au moins deux" in \
        only_message(report)


def test_session_without_candidates_needs_no_jury(book, tmp_path):
    book["Inscriptions"] = []
    book["Intervenants"] = []
    assert check(book, tmp_path).issues == []


def test_jury_member_without_habilitation_end_is_a_warning(book, tmp_path):
    book["Intervenants"][0]["Fin d'habilitation"] = None
    report = check(book, tmp_path)
    assert located(report) == [("warning", "habilitation-missing", "Intervenants", 2, "G")]
    assert report.valid


def test_jury_habilitation_ending_before_the_session_ends(book, tmp_path):
    book["Intervenants"][1]["Fin d'habilitation"] = dt.date(2026, 3, 3)
    report = check(book, tmp_path)
    assert located(report) == [("error", "habilitation-expired", "Intervenants", 3, "G")]
    assert "L'habilitation de RIVIÈRE Anne finit le 03/03/2026, avant la fin de la session" in \
        only_message(report)


def test_jury_habilitation_checked_against_the_real_end_date(book, tmp_path):
    book["Sessions"][0]["Date réelle de fin"] = dt.date(2026, 3, 6)
    book["Intervenants"][1]["Fin d'habilitation"] = dt.date(2026, 3, 5)
    report = check(book, tmp_path)
    assert located(report) == [("error", "habilitation-expired", "Intervenants", 3, "G")]
    assert "avant la fin de la session 224566 (06/03/2026)" in only_message(report)


def test_jury_habilitation_ending_on_the_last_day_covers_the_session(book, tmp_path):
    book["Intervenants"][1]["Fin d'habilitation"] = dt.date(2026, 3, 4)
    assert check(book, tmp_path).issues == []


# What users type: the contract is lenient where Excel users are


def test_list_values_match_ignoring_case_and_accents(book, tmp_path):
    book["Sessions"][0].update({"Type": "titre", "Statut": "RESULTATS SAISIS",
                                "RS qualité": "titulaire"})
    book["Inscriptions"][0].update({"Présence": "present", "Résultat": "admis"})
    book["Inscriptions"].append({"N° session": SESSION, "N° CERES": "9741411152683A",
                                 "Présence": "ABSENCE JUSTIFIEE"})
    book["Candidats"].append({"N° CERES": "9741411152683A", "Nom": "Hoarau", "Prénom": "Léa",
                              "Date de naissance": dt.date(2001, 1, 9),
                              "Pays de naissance": "Madagascar",
                              "Commune de naissance": "Antananarivo"})
    book["Intervenants"][0]["Rôle"] = "JURY"
    validation = validate(write(book, tmp_path), today=TODAY)
    assert validation.report.issues == []
    session = validation.book.sessions[SESSION]
    assert (session.type, session.status) == ("Titre", "Résultats saisis")
    assert [(i.presence, i.result) for i in session.inscriptions] == [
        ("Présent", "Admis"), ("Présent", "Partiellement admis"), ("Absence justifiée", None),
    ]


def test_headers_in_any_order_with_extra_columns_and_spaces(book, tmp_path):
    rows = book.rows()
    for sheet_rows in rows.values():
        header = sheet_rows[0]
        sheet_rows[0] = ["\u00a0" + h + "  " for h in header]
        for row in sheet_rows:
            row.reverse()
            row.insert(1, None)
        sheet_rows[0][1] = "Remarques"
        if len(sheet_rows) > 1:
            sheet_rows[1][1] = "colonne ajoutée par le centre"
    validation = validate(write_rows(rows, tmp_path), today=TODAY)
    assert validation.report.issues == []
    assert validation.book.sessions[SESSION].start == dt.date(2026, 3, 2)


def test_spoiled_cell_is_located_after_reordered_columns(book, tmp_path):
    book.headers["Candidats"].reverse()
    book["Candidats"][1]["Date de naissance"] = "31/02/1990"
    report = check(book, tmp_path)
    assert located(report) == [("error", "invalid-date", "Candidats", 3, "G")]


def test_fully_empty_rows_are_ignored_but_counted(book, tmp_path):
    rows = book.rows()
    width = len(rows["Candidats"][0])
    rows["Candidats"].insert(2, [None] * width)
    rows["Candidats"].insert(3, ["", " ", "\u00a0"])
    rows["Candidats"].append([None] * width)
    rows["Candidats"][4][6] = "97400"
    report = validate(write_rows(rows, tmp_path), today=TODAY).report
    assert located(report) == [("error", "birth-postcode-reunion", "Candidats", 5, "G")]


def test_dates_as_real_dates_text_and_serial_numbers(book, tmp_path):
    book["Sessions"][0].update({
        "Date de début": "02/03/2026",
        "Date de fin": dt.datetime(2026, 3, 4),
        "Date réelle de fin": (dt.date(2026, 3, 4) - dt.date(1899, 12, 30)).days,
        "Heure de début": dt.time(8, 30),
    })
    book["Candidats"][0]["Date de naissance"] = " 12/05/1990 "
    validation = validate(write(book, tmp_path), today=TODAY)
    assert validation.report.issues == []
    session = validation.book.sessions[SESSION]
    assert (session.start, session.end, session.real_end) == (
        dt.date(2026, 3, 2), dt.date(2026, 3, 4), dt.date(2026, 3, 4))
    assert session.start_time == dt.time(8, 30)
    assert validation.book.candidates[PAYET].birth_date == dt.date(1990, 5, 12)


def test_numbers_typed_as_numbers(book, tmp_path):
    book["Sessions"][0]["N° session"] = int(SESSION)
    book["Intervenants"][0]["N° session"] = float(SESSION)
    book["Candidats"][0]["Code postal de naissance"] = 1000
    book["Inscriptions"][1]["N° CERES"] = GRONDIN.lower()
    validation = validate(write(book, tmp_path), today=TODAY)
    assert validation.report.issues == []
    session = validation.book.sessions[SESSION]
    assert len(session.inscriptions) == 2 and len(session.jury) == 2
    assert validation.book.candidates[PAYET].birth_postcode == "01000"


def test_an_unreadable_cell_is_reported_once_not_with_its_consequences(book, tmp_path):
    book["Sessions"][0]["Statut"] = "Clôturée"
    book["Inscriptions"][0]["Présence"] = "absent"
    book["Inscriptions"][1]["Résultat"] = "Admis partiel"
    report = check(book, tmp_path)
    assert located(report) == [
        ("error", "invalid-choice", "Inscriptions", 2, "C"),
        ("error", "invalid-choice", "Inscriptions", 3, "D"),
    ]


# Statuses and the data agree (N, P§3, P§5, P§9)


@pytest.mark.parametrize("status", ["Demande de DTE envoyée", "Convocations envoyées",
                                    "Résultats saisis", "Clôturée"])
def test_a_status_after_the_dte_order_needs_its_date(book, tmp_path, status):
    book["Sessions"][0].update({"Statut": status, "Date commande DTE": None})
    book["Titres"][0]["Déroulement des épreuves"] = TIMETABLE
    report = check(book, tmp_path)
    assert located(report) == [("error", "status-without-dte", "Sessions", 2, "K")]
    assert f"Statut « {status} » mais pas de « Date commande DTE »" in only_message(report)


def test_a_session_in_preparation_needs_no_dte_date(book, tmp_path):
    book["Sessions"][0].update({"Statut": "En préparation", "Date commande DTE": None,
                                "Date réelle de fin": None})
    book["Titres"][0]["Déroulement des épreuves"] = TIMETABLE
    for inscription in book["Inscriptions"]:
        for header in ("Présence", "Résultat", "CCP obtenus", "Commentaire"):
            inscription[header] = None
    assert check(book, tmp_path).issues == []


def test_a_title_convocation_to_send_without_timetable_is_a_warning(book, tmp_path):
    book["Sessions"][0].update({"Statut": "En préparation", "Date commande DTE": None,
                                "Date réelle de fin": None})
    for inscription in book["Inscriptions"]:
        for header in ("Présence", "Résultat", "CCP obtenus", "Commentaire"):
            inscription[header] = None
    report = check(book, tmp_path)
    assert located(report) == [("warning", "timetable-missing", "Titres", 2, "E")]
    assert only_message(report).startswith(
        "Le titre TP-01303 n'a pas de « Déroulement des épreuves » : les convocations de la "
        "session 224566 n'indiqueraient aucun horaire. Tapez-le dans cette cellule")
    book["Sessions"].append({**book["Sessions"][0], "N° session": "224567"})
    assert "les convocations des sessions 224566, 224567 n'indiqueraient" in only_message(
        check(book, tmp_path))
    del book["Sessions"][1]
    book["Sessions"][0]["Statut"] = "Convocations envoyées"  # sent: too late to matter
    book["Sessions"][0]["Date commande DTE"] = dt.date(2026, 1, 5)
    assert check(book, tmp_path).issues == []


@pytest.mark.parametrize("status", ["Résultats saisis", "Clôturée"])
def test_results_status_needs_the_real_end_date(book, tmp_path, status):
    book["Sessions"][0].update({"Statut": status, "Date réelle de fin": None})
    book["Inscriptions"] = []
    report = check(book, tmp_path)
    assert ("error", "status-without-real-end", "Sessions", 2, "I") in located(report)
    assert not [i for i in report.issues if i.code == "results-without-real-end"]


def test_results_typed_without_real_end_give_one_message(book, tmp_path):
    book["Sessions"][0]["Date réelle de fin"] = None
    assert [i.code for i in check(book, tmp_path).issues] == ["results-without-real-end"]


def test_results_status_needs_every_result(book, tmp_path):
    book["Inscriptions"][1].update({"Résultat": None, "CCP obtenus": None})
    report = check(book, tmp_path)
    assert located(report) == [("error", "status-without-result", "Inscriptions", 3, "D")]
    assert "au statut « Résultats saisis » mais ce candidat" in only_message(report)


def test_cancelling_after_the_dte_order_is_flagged(book, tmp_path):
    book["Sessions"][0]["Statut"] = "Annulée"
    report = check(book, tmp_path)
    assert located(report) == [("warning", "cancelled-after-dte", "Sessions", 2, "J")]
    assert "ne peut être supprimée dans CERES qu'avant la commande du DTE (P§3)" in \
        only_message(report)


BEFORE = dt.date(2026, 1, 15)  # before the session (02/03/2026): it can still be postponed


def postpone(book, start, end, status="Convocations envoyées"):
    book["Sessions"][0].update({"Statut": status, "Date réelle de fin": None,
                                "Report début souhaité": start, "Report fin souhaitée": end})
    for inscription in book["Inscriptions"]:
        for header in ("Présence", "Résultat", "CCP obtenus", "Commentaire"):
            inscription[header] = None


def test_a_postponement_before_the_start_is_fine(book, tmp_path):
    postpone(book, dt.date(2026, 4, 6), dt.date(2026, 4, 8))
    assert check(book, tmp_path, BEFORE).issues == []


@pytest.mark.parametrize("start, end, letter", [(dt.date(2026, 4, 6), None, "V"),
                                                (None, dt.date(2026, 4, 8), "U")])
def test_a_postponement_needs_both_dates(book, tmp_path, start, end, letter):
    postpone(book, start, end)
    report = check(book, tmp_path, BEFORE)
    assert located(report) == [("error", "postpone-incomplete", "Sessions", 2, letter)]


def test_a_postponement_ends_after_it_starts(book, tmp_path):
    postpone(book, dt.date(2026, 4, 8), dt.date(2026, 4, 6))
    report = check(book, tmp_path, BEFORE)
    assert located(report) == [("error", "postpone-end-before-start", "Sessions", 2, "V")]


@pytest.mark.parametrize("today, status, reason", [
    (dt.date(2026, 3, 2), "Convocations envoyées", "elle a commencé le 02/03/2026"),
    (BEFORE, "Résultats saisis", "elle est au statut « Résultats saisis »"),
])
def test_a_postponement_the_ud_can_no_longer_grant(book, tmp_path, today, status, reason):
    postpone(book, dt.date(2026, 4, 6), dt.date(2026, 4, 8), status)
    report = check(book, tmp_path, today)
    wished = [i for i in report.issues if i.code.startswith("postpone")]
    assert [(i.severity, i.code, i.row, i.column) for i in wished] == [
        ("warning", "postpone-impossible", 2, "U")]
    assert reason in wished[0].message


def test_a_postponement_to_a_past_date(book, tmp_path):
    postpone(book, dt.date(2026, 1, 10), dt.date(2026, 1, 12))
    report = check(book, tmp_path, BEFORE)
    assert located(report) == [("warning", "postpone-start-past", "Sessions", 2, "U")]
    assert "est déjà passé" in only_message(report)


def test_a_postponement_while_in_preparation_is_for_the_centre_itself(book, tmp_path):
    postpone(book, dt.date(2026, 4, 6), dt.date(2026, 4, 8), "En préparation")
    book["Sessions"][0]["Date commande DTE"] = None
    book["Titres"][0]["Déroulement des épreuves"] = TIMETABLE
    report = check(book, tmp_path, BEFORE)
    assert located(report) == [("warning", "postpone-while-preparing", "Sessions", 2, "U")]
    assert "vous pouvez changer vous-même sa date de début dans CERES" in only_message(report)


# Duplicates with last and first names swapped (P§4.3)


def test_a_record_with_last_and_first_names_swapped_is_a_likely_duplicate(book, tmp_path):
    book["Candidats"].append({**book["Candidats"][1], "N° CERES": "9741411152699B",
                              "Nom": "Aurélie", "Prénom": "GRONDIN"})
    report = check(book, tmp_path)
    assert located(report) == [("warning", "duplicate-person", "Candidats", 4, "A")]
    assert only_message(report) == (
        "AURÉLIE GRONDIN et GRONDIN Aurélie (nom et prénom inversés), né(e)s le 03/08/1995, "
        f"sont sans doute la même personne, qui a plusieurs fiches CERES ({GRONDIN}, "
        "9741411152699B) : transmettez ces N° au MF pour une demande à la DIECCTE (P§4.3).")
    from ceres_docs.procedure import duplicate_people

    found = validate(write(book, tmp_path), TODAY).book
    assert [[c.id for c in group] for group in duplicate_people(found)] == [
        [GRONDIN, "9741411152699B"]]


# What each candidate collects (P§11)


@pytest.mark.parametrize("session_type, presence, result, expected", [
    ("Titre", "Présent", "Admis", "Parchemin, Notification de résultat"),
    ("Titre", "Présent", "Partiellement admis",
     "Livret de certification, Notification de résultat"),
    ("Titre", "Présent", "Refusé", "Notification de résultat"),
    ("CCP", "Présent", "Admis",
     "Certificat de compétences professionnelles, Notification de résultat"),
    ("CCP", "Présent", "Refusé", "Notification de résultat"),
    ("Titre", "Absence justifiée", None, ""),
])
def test_what_a_candidate_collects_follows_the_outcome(session_type, presence, result,
                                                       expected):
    from ceres_docs.model import Inscription, Session
    from ceres_docs.procedure import documents_to_collect, expects_documents
    from ceres_docs.schema import Presence, Result, SessionType

    session = Session(2, SESSION, "CFPAE", SessionType(session_type), "TP-01303",
                      "CP-00001" if session_type == "CCP" else None, None, None, None, None,
                      None, None, "", None, "", None, None)
    inscription = Inscription(2, SESSION, PAYET, Presence(presence),
                              Result(result) if result else None, None, "", None)
    assert documents_to_collect(session, inscription) == expected
    assert expects_documents(inscription) is bool(expected)


def test_the_last_collection_closes_the_list_without_absent_candidates(book, tmp_path):
    """P§11: the RA form is due at the last collection; an absent candidate expects
    nothing, so it does not keep the list open until the two months' limit."""
    from ceres_docs.procedure import ra_due, waiting

    book["Sessions"][0].update({"Statut": "Clôturée",
                                "Date réception PV validés": dt.date(2026, 4, 1),
                                "Date réception parchemins": dt.date(2026, 5, 4)})
    book["Inscriptions"][0]["Date retrait parchemin"] = dt.date(2026, 5, 10)
    book["Inscriptions"][1].update({"Présence": "Absence justifiée", "Résultat": None,
                                    "CCP obtenus": None, "Commentaire": None})
    session = validate(write(book, tmp_path), TODAY).book.sessions[SESSION]
    assert waiting(session, TODAY) == []
    assert ra_due(session) == dt.date(2026, 5, 10)
