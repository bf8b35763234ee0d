"""Every check of the catalogue (ceres_docs/checks.py) has a workbook that triggers it.

Each case below builds one small file and registers, through its decorator, the code it must
trigger and where (sheet, row, column letter); ``also`` names the other codes the same
workbook raises, if any, so that a case stays about one check. ``@spoiled`` cases spoil the
valid ``minimal_book()``; ``@built`` cases write the file themselves (raw rows, a lock file,
merged cells...).

Adding a code to the catalogue without a case here fails ``test_every_catalogued_code_has_a_case``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from builders import (
    CCP_1,
    CCP_2,
    TODAY,
    Book,
    drop_column,
    minimal_book,
    write,
    write_rows,
)
from openpyxl import load_workbook

from ceres_docs import workbook
from ceres_docs.checks import CATALOGUE, CHECKS, Check
from ceres_docs.errors import WorkbookUnreadable
from ceres_docs.rules import validate


@dataclass(frozen=True)
class Case:
    make: Callable[[Path], Path]
    sheet: str | None
    row: int | None
    column: str | None
    also: tuple[str, ...] = ()
    today: dt.date = TODAY
    max_rows: int | None = None


CASES: dict[str, Case] = {}


def built(code: str, sheet: str | None, row: int | None, column: str | None, *,
          also: tuple[str, ...] = (), today: dt.date = TODAY, max_rows: int | None = None):
    """Register ``make(folder) -> path`` as the case that triggers ``code`` at this place."""
    def register(make: Callable[[Path], Path]) -> Callable[[Path], Path]:
        assert code not in CASES, f"two cases for {code}"
        CASES[code] = Case(make, sheet, row, column, also, today, max_rows)
        return make
    return register


def spoiled(code: str, sheet: str | None, row: int | None, column: str | None, *,
            also: tuple[str, ...] = (), today: dt.date = TODAY):
    """Register ``spoil(book)``, which spoils the valid minimal book in place, as a case."""
    def register(spoil: Callable[[Book], None]) -> Callable[[Book], None]:
        def make(folder: Path) -> Path:
            book = minimal_book()
            spoil(book)
            return write(book, folder)

        built(code, sheet, row, column, also=also, today=today)(make)
        return spoil
    return register


def ccp_session(book: Book, ccp: str | None = CCP_1) -> None:
    """Turn the session into a CCP session, with results a CCP session can have."""
    book["Sessions"][0].update({"Type": "CCP", "Code CCP": ccp})
    book["Inscriptions"][1].update({"Résultat": "Refusé", "CCP obtenus": None})


BEFORE = dt.date(2026, 1, 15)  # before the session (02/03/2026), for postponements


def postpone(book: Book, start: dt.date | None, end: dt.date | None,
             status: str = "Convocations envoyées") -> None:
    """Ask for a postponement of a session whose results are not typed yet."""
    book["Sessions"][0].update({"Statut": status, "Date réelle de fin": None,
                                "Report début souhaité": start, "Report fin souhaitée": end})
    for inscription in book["Inscriptions"]:
        for header in ("Présence", "Résultat", "CCP obtenus", "Commentaire"):
            inscription[header] = None


# The file and its sheets


# Today rules.validate raises WorkbookUnreadable for such a file (only the CLI turns it into
# a report); it is being changed to return a report of this one issue. The test accepts both.
@built("unreadable-workbook", None, None, None)
def text_file_renamed_xlsx(folder: Path) -> Path:
    path = folder / "sessions.xlsx"
    path.write_text("N° session;Code centre;Type\n224566;CFPAE;Titre\n", encoding="utf-8")
    return path


@spoiled("missing-sheet", "Centres", None, None)
def missing_sheet(book: Book) -> None:
    del book["Centres"]


@spoiled("missing-column", "Sessions", 1, None)
def missing_column(book: Book) -> None:
    drop_column(book, "Sessions", "Lieu")


@built("duplicate-column", "Centres", 1, "H")
def duplicate_column(folder: Path) -> Path:
    rows = minimal_book().rows()
    rows["Centres"][0].append("Nom")
    rows["Centres"][1].append("Autre nom")
    return write_rows(rows, folder)


@built("header-not-first-row", "Titres", 2, None)
def header_not_first_row(folder: Path) -> Path:
    rows = minimal_book().rows()
    rows["Titres"].insert(0, [])
    return write_rows(rows, folder)


@built("too-many-rows", "Paramètres", 5, None, max_rows=3)
def too_many_rows(folder: Path) -> Path:
    """Four data rows in Paramètres, one more than MAX_ROWS (lowered to 3 for the case)."""
    book = minimal_book()
    book["Paramètres"] += [{"Paramètre": "SIRET", "Valeur": "12345678900011"},
                           {"Paramètre": "Remarque", "Valeur": "ligne de trop"}]
    return write(book, folder)


@built("merged-cells", "Inscriptions", 2, "A")
def merged_cells(folder: Path) -> Path:
    path = write(minimal_book(), folder)
    book = load_workbook(path)
    book["Inscriptions"].merge_cells("A2:A3")
    book.save(path)
    return path


@spoiled("formula-without-value", "Sessions", 2, "H")
def formula_without_value(book: Book) -> None:
    """openpyxl saves a formula without its value, like any program other than Excel."""
    book["Sessions"][0]["Date de fin"] = "=F2+2"


@built("workbook-open", None, None, None)
def workbook_open(folder: Path) -> Path:
    path = write(minimal_book(), folder)
    (folder / "~$ssions.xlsx").write_bytes(b"\x0bMarie HOARAU" + b"\x00" * 40)
    return path


# Cells


@spoiled("required-value", "Sessions", 2, "C")
def required_value(book: Book) -> None:
    book["Sessions"][0]["Type"] = " \u00a0"


@spoiled("invalid-date", "Candidats", 3, "D")
def invalid_date(book: Book) -> None:
    book["Candidats"][1]["Date de naissance"] = "31/02/1990"


@spoiled("invalid-time", "Sessions", 2, "G")
def invalid_time(book: Book) -> None:
    book["Sessions"][0]["Heure de début"] = "25h"


@spoiled("invalid-choice", "Inscriptions", 2, "D")
def invalid_choice(book: Book) -> None:
    book["Inscriptions"][0]["Résultat"] = "Admise"


@spoiled("invalid-title-code", "Sessions", 2, "D")
def invalid_title_code(book: Book) -> None:
    book["Sessions"][0]["Code titre"] = "ECSR"


@spoiled("invalid-ccp-code", "Sessions", 2, "E")
def invalid_ccp_code(book: Book) -> None:
    book["Sessions"][0]["Code CCP"] = "CP-1"


@spoiled("invalid-ccp-list", "Inscriptions", 2, "E")
def invalid_ccp_list(book: Book) -> None:
    book["Inscriptions"][0]["CCP obtenus"] = f"{CCP_1}; CCP2"


@spoiled("invalid-session-id", "Inscriptions", 2, "A")
def invalid_session_id(book: Book) -> None:
    book["Inscriptions"][0]["N° session"] = "S-224566"


@spoiled("invalid-ceres-id", "Inscriptions", 2, "B")
def invalid_ceres_id(book: Book) -> None:
    book["Inscriptions"][0]["N° CERES"] = 9741411152681


@spoiled("invalid-email", "Centres", 2, "F")
def invalid_email(book: Book) -> None:
    book["Centres"][0]["Courriel examen"] = "examen.cfpae@afpar"


@spoiled("invalid-postcode", "Candidats", 3, "G")
def invalid_postcode(book: Book) -> None:
    book["Candidats"][1]["Code postal de naissance"] = "75O12"


@spoiled("duplicate-key", "Centres", 3, "A")
def duplicate_key(book: Book) -> None:
    book["Centres"].append(dict(book["Centres"][0]))


# Parameters


@spoiled("missing-parameter", "Paramètres", None, "A")
def missing_parameter(book: Book) -> None:
    book["Paramètres"] = []


@spoiled("unknown-parameter", "Paramètres", 4, "A")
def unknown_parameter(book: Book) -> None:
    book["Paramètres"].append({"Paramètre": "Couleur des PV", "Valeur": "bleu"})


@spoiled("invalid-parameter", "Paramètres", 3, "B")
def invalid_parameter(book: Book) -> None:
    book["Paramètres"][1]["Valeur"] = "974.certification"


# References between sheets


@spoiled("unknown-centre", "Sessions", 2, "B")
def unknown_centre(book: Book) -> None:
    book["Sessions"][0]["Code centre"] = "CFPAM"


@spoiled("unknown-title", "CCP", 4, "A")
def unknown_title(book: Book) -> None:
    book["CCP"].append({"Code titre": "TP-99999", "Code CCP": "CP-00099", "Intitulé": "Autre"})


@spoiled("unknown-ccp", "Sessions", 2, "E")
def unknown_ccp(book: Book) -> None:
    ccp_session(book, "CP-00099")


@spoiled("unknown-session", "Inscriptions", 2, "A")
def unknown_session(book: Book) -> None:
    book["Inscriptions"][0]["N° session"] = "999999"


@spoiled("unknown-candidate", "Inscriptions", 2, "B")
def unknown_candidate(book: Book) -> None:
    book["Inscriptions"][0]["N° CERES"] = "9741411152689Z"


@spoiled("invalid-short-name", "Centres", 2, "C")
def invalid_short_name(book: Book) -> None:
    book["Centres"][0]["Nom court"] = "– ’"


# Sessions


@spoiled("ccp-required", "Sessions", 2, "E")
def ccp_required(book: Book) -> None:
    ccp_session(book, None)


@spoiled("ccp-not-expected", "Sessions", 2, "E")
def ccp_not_expected(book: Book) -> None:
    book["Sessions"][0]["Code CCP"] = CCP_1


@spoiled("ccp-not-in-title", "Inscriptions", 3, "E")
def ccp_not_in_title(book: Book) -> None:
    book["Inscriptions"][1]["CCP obtenus"] = f"{CCP_1};CP-00099"


@spoiled("end-before-start", "Sessions", 2, "H")
def end_before_start(book: Book) -> None:
    book["Sessions"][0]["Date de fin"] = dt.date(2026, 3, 1)


@spoiled("real-end-before-start", "Sessions", 2, "I")
def real_end_before_start(book: Book) -> None:
    book["Sessions"][0]["Date réelle de fin"] = dt.date(2026, 3, 1)


@spoiled("no-agrement", "Sessions", 2, "D")
def no_agrement(book: Book) -> None:
    book["Agréments"] = []


@spoiled("agrement-expired", "Sessions", 2, "H")
def agrement_expired(book: Book) -> None:
    """The session ends on 04/03/2026, more than a year after the agrément (01/03/2025)."""
    book["Agréments"][0]["Date de fin"] = dt.date(2025, 3, 1)


@spoiled("agrement-notice", "Sessions", 2, "X")
def agrement_notice(book: Book) -> None:
    """Within the year after the agrément's end, and the DIECCTE not told yet."""
    book["Agréments"][0]["Date de fin"] = dt.date(2026, 3, 3)


@spoiled("agrement-not-started", "Sessions", 2, "F")
def agrement_not_started(book: Book) -> None:
    book["Agréments"][0]["Date de début"] = dt.date(2026, 4, 1)


# Inscriptions and results


@spoiled("duplicate-inscription", "Inscriptions", 4, "B")
def duplicate_inscription(book: Book) -> None:
    book["Inscriptions"].append(dict(book["Inscriptions"][0]))


@spoiled("absent-with-result", "Inscriptions", 2, "D")
def absent_with_result(book: Book) -> None:
    book["Inscriptions"][0]["Présence"] = "Absence justifiée"


@spoiled("result-without-presence", "Inscriptions", 2, "C")
def result_without_presence(book: Book) -> None:
    book["Inscriptions"][0]["Présence"] = None


@spoiled("partial-without-ccp", "Inscriptions", 3, "E")
def partial_without_ccp(book: Book) -> None:
    book["Inscriptions"][1]["CCP obtenus"] = None


@spoiled("refused-with-ccp", "Inscriptions", 3, "E")
def refused_with_ccp(book: Book) -> None:
    book["Inscriptions"][1]["Résultat"] = "Refusé"


@spoiled("partial-with-all-ccps", "Inscriptions", 3, "D")
def partial_with_all_ccps(book: Book) -> None:
    book["Inscriptions"][1]["CCP obtenus"] = f"{CCP_2} ; {CCP_1}"


@spoiled("partial-in-ccp-session", "Inscriptions", 3, "D")
def partial_in_ccp_session(book: Book) -> None:
    ccp_session(book)
    book["Inscriptions"][1].update({"Résultat": "Partiellement admis", "CCP obtenus": CCP_1})


@spoiled("missing-comment", "Inscriptions", 3, "F")
def missing_comment(book: Book) -> None:
    book["Inscriptions"][1]["Commentaire"] = None


@spoiled("collected-before-reception", "Inscriptions", 2, "G")
def collected_before_reception(book: Book) -> None:
    book["Sessions"][0]["Date réception parchemins"] = dt.date(2026, 6, 10)
    book["Inscriptions"][0]["Date retrait parchemin"] = dt.date(2026, 6, 1)


@spoiled("results-before-end", "Sessions", 2, "I", today=dt.date(2026, 3, 3))
def results_before_end(book: Book) -> None:
    """Typed on 03/03 for an exam that ends on 04/03."""


@spoiled("results-without-real-end", "Sessions", 2, "I")
def results_without_real_end(book: Book) -> None:
    book["Sessions"][0]["Date réelle de fin"] = None


@spoiled("status-without-real-end", "Sessions", 2, "I")
def status_without_real_end(book: Book) -> None:
    """No candidate, so no result typed: only the status says the results are in."""
    book["Sessions"][0].update({"Statut": "Clôturée", "Date réelle de fin": None})
    book["Inscriptions"] = []


@spoiled("status-without-result", "Inscriptions", 3, "D")
def status_without_result(book: Book) -> None:
    book["Inscriptions"][1].update({"Résultat": None, "CCP obtenus": None})


# Statuses and postponements


@spoiled("rs-required", "Sessions", 2, "L")
def rs_required(book: Book) -> None:
    book["Sessions"][0]["RS nom"] = None


@spoiled("rs-contact-required", "Sessions", 2, "Y")
def rs_contact_required(book: Book) -> None:
    book["Sessions"][0].update({"RS qualité": "Personne ne figurant pas sur l'agrément",
                                "RS courriel": "rs@exemple.re"})


@spoiled("status-without-dte", "Sessions", 2, "K")
def status_without_dte(book: Book) -> None:
    book["Sessions"][0]["Date commande DTE"] = None


@spoiled("plis-before-pv", "Sessions", 2, "W")
def plis_before_pv(book: Book) -> None:
    book["Sessions"][0]["Date retrait des plis"] = dt.date(2026, 4, 1)


@spoiled("cancelled-after-dte", "Sessions", 2, "J")
def cancelled_after_dte(book: Book) -> None:
    book["Sessions"][0]["Statut"] = "Annulée"


@spoiled("postpone-incomplete", "Sessions", 2, "V", today=BEFORE)
def postpone_incomplete(book: Book) -> None:
    postpone(book, dt.date(2026, 4, 6), None)


@spoiled("postpone-end-before-start", "Sessions", 2, "V", today=BEFORE)
def postpone_end_before_start(book: Book) -> None:
    postpone(book, dt.date(2026, 4, 8), dt.date(2026, 4, 6))


@spoiled("postpone-while-preparing", "Sessions", 2, "U", today=BEFORE)
def postpone_while_preparing(book: Book) -> None:
    postpone(book, dt.date(2026, 4, 6), dt.date(2026, 4, 8), "En préparation")
    book["Sessions"][0]["Date commande DTE"] = None
    book["Titres"][0]["Déroulement des épreuves"] = "8h30 : accueil"


@spoiled("timetable-missing", "Titres", 2, "E", today=BEFORE)
def timetable_missing(book: Book) -> None:
    """The convocations of the title session are still to send, and the title has no
    timetable to give them."""
    postpone(book, None, None, "Demande de DTE envoyée")


@spoiled("postpone-start-past", "Sessions", 2, "U", today=BEFORE)
def postpone_start_past(book: Book) -> None:
    postpone(book, BEFORE - dt.timedelta(days=5), BEFORE - dt.timedelta(days=3))


@spoiled("postpone-impossible", "Sessions", 2, "U", today=dt.date(2026, 3, 2))
def postpone_impossible(book: Book) -> None:
    """Asked on the day the session starts: too late for the UD."""
    postpone(book, dt.date(2026, 4, 6), dt.date(2026, 4, 8))


# Candidates


@spoiled("birth-postcode-missing", "Candidats", 2, "G")
def birth_postcode_missing(book: Book) -> None:
    book["Candidats"][0]["Code postal de naissance"] = None


@spoiled("birth-postcode-reunion", "Candidats", 3, "G")
def birth_postcode_reunion(book: Book) -> None:
    book["Candidats"][1]["Code postal de naissance"] = "97400"


@spoiled("birth-date-future", "Candidats", 2, "D", today=TODAY)
def birth_date_future(book: Book) -> None:
    book["Candidats"][0]["Date de naissance"] = TODAY + dt.timedelta(days=1)


@spoiled("birth-country-code", "Candidats", 3, "E")
def birth_country_code(book: Book) -> None:
    book["Candidats"][1]["Pays de naissance"] = "974"


@spoiled("birth-postcode-france-reunion", "Candidats", 2, "G")
def birth_postcode_france_reunion(book: Book) -> None:
    book["Candidats"][0]["Code postal de naissance"] = "97411"


@spoiled("birth-postcode-abroad", "Candidats", 3, "G")
def birth_postcode_abroad(book: Book) -> None:
    book["Candidats"][1].update({"Pays de naissance": "Madagascar",
                                 "Commune de naissance": "Antananarivo",
                                 "Code postal de naissance": "10100"})


@spoiled("duplicate-person", "Candidats", 4, "A")
def duplicate_person(book: Book) -> None:
    book["Candidats"].append({**book["Candidats"][1], "N° CERES": "9741411152699B",
                              "Nom": " GRONDIN ", "Prénom": "aurelie"})


# Jury


@spoiled("jury-too-small", "Sessions", 2, "A")
def jury_too_small(book: Book) -> None:
    book["Intervenants"][1]["Rôle"] = "Surveillant"


@spoiled("habilitation-expired", "Intervenants", 3, "G")
def habilitation_expired(book: Book) -> None:
    book["Intervenants"][1]["Fin d'habilitation"] = dt.date(2026, 3, 3)


@spoiled("habilitation-missing", "Intervenants", 2, "G")
def habilitation_missing(book: Book) -> None:
    book["Intervenants"][0]["Fin d'habilitation"] = None


# The tests


def test_every_catalogued_code_has_a_case():
    missing = sorted(set(CHECKS) - set(CASES))
    unknown = sorted(set(CASES) - set(CHECKS))
    assert not missing, ("catalogued codes with no case that triggers them in "
                         f"tests/test_checks.py: {', '.join(missing)}")
    assert not unknown, f"cases for codes the catalogue does not have: {', '.join(unknown)}"


@pytest.mark.parametrize("check", CATALOGUE, ids=[check.code for check in CATALOGUE])
def test_the_case_triggers_its_check_at_its_place(check: Check, tmp_path, monkeypatch):
    case = CASES.get(check.code)
    if case is None:
        pytest.fail(f"no case triggers {check.code}: add one to tests/test_checks.py")
    if case.max_rows is not None:
        monkeypatch.setattr(workbook, "MAX_ROWS", case.max_rows)
    path = case.make(tmp_path)
    try:
        report = validate(path, case.today).report
    except WorkbookUnreadable:
        # Only an unreadable file may still be refused by an exception rather than a report
        # (see text_file_renamed_xlsx).
        assert check.code == "unreadable-workbook"
        return
    found = report.flatten(["code", "severity", "sheet", "row", "column"])
    assert (check.code, check.severity, case.sheet, case.row, case.column) in found, found
    assert {issue.code for issue in report.issues} == {check.code, *case.also}, found
    if check.code == "unreadable-workbook":
        assert len(report.issues) == 1, "nothing else is checked in an unreadable file"


def test_the_cases_start_from_a_valid_workbook(tmp_path):
    """Without this, a case could pass because the base book already raised its code."""
    assert validate(write(minimal_book(), tmp_path), TODAY).report.issues == []
