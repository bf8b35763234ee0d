"""The new workbook explains itself: Lisez-moi sheet, header styles, input messages and lists,
all checked on the saved file read back with openpyxl."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from builders import run
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.cell_range import MultiCellRange

from ceres_docs import schema
from ceres_docs.columns import example_of, format_of, need_of
from ceres_docs.rules import validate

SAMPLE = Path(__file__).resolve().parent.parent / "samples" / "sessions.xlsx"


@pytest.fixture(scope="module")
def saved(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("init") / "nouveau.xlsx"
    result = run("init", path)
    assert result.exit_code == 0, result.output
    return path


@pytest.fixture(scope="module")
def book(saved: Path):
    return load_workbook(saved)


def readme_rows(book) -> dict[tuple[str, str], tuple[str, ...]]:
    """Lisez-moi's column rows, keyed by (sheet, header): need, format, example, help."""
    rows: dict[tuple[str, str], tuple[str, ...]] = {}
    names = {spec.name for spec in schema.SHEETS}
    current = None
    for values in book["Lisez-moi"].iter_rows(values_only=True):
        first = values[0]
        if first in names and values[2] is None:
            current = first
        elif current and first and values[1] is not None and first != "Colonne":
            rows[current, first] = tuple(str(value) for value in values[1:5])
    return rows


def validation_at(sheet, cell: str):
    """The data validation that applies to a cell (Excel allows one per cell)."""
    found = [dv for dv in sheet.data_validations.dataValidation if cell in dv.sqref]
    assert len(found) <= 1, (sheet.title, cell)
    return found[0] if found else None


def letter(sheet_name: str, key: str) -> str:
    keys = [column.key for column in schema.sheet(sheet_name).columns]
    return get_column_letter(keys.index(key) + 1)


def test_readme_gives_the_format_example_and_need_of_the_ceres_number(book):
    need, format_, example, _help = readme_rows(book)["Candidats", "N° CERES"]
    assert need == "requise"
    assert format_ == "N° CERES (13 chiffres + 1 lettre)"
    assert example == "9741411152681F"


def test_readme_describes_every_column_of_every_sheet(book):
    rows = readme_rows(book)
    for spec in schema.SHEETS:
        for column in spec.columns:
            assert rows[spec.name, column.header] == (
                need_of(column), format_of(column), example_of(column) or "—", column.help)


def test_required_headers_are_dark_and_the_legend_says_so(book):
    sessions = book["Sessions"]
    required = sessions[f"{letter('Sessions', 'id')}1"]
    may_be_empty = sessions[f"{letter('Sessions', 'real_end')}1"]
    assert required.fill.fgColor.rgb != may_be_empty.fill.fgColor.rgb
    assert required.font.b and not may_be_empty.font.b
    readme = book["Lisez-moi"]
    legend = {row[0].value: row for row in readme.iter_rows(max_col=2)}
    assert legend["Requise"][0].fill.fgColor.rgb == required.fill.fgColor.rgb
    assert "En-tête foncé : une valeur est requise" in legend["Requise"][1].value
    assert legend["Peut être vide"][0].fill.fgColor.rgb == may_be_empty.fill.fgColor.rgb
    assert "En-tête clair" in legend["Peut être vide"][1].value


def test_a_date_cell_shows_an_input_message(book):
    validation = validation_at(book["Sessions"], f"{letter('Sessions', 'start')}2")
    assert validation.showInputMessage
    assert validation.promptTitle == "Date de début"
    assert "Date (JJ/MM/AAAA), par exemple 25/02/2019." in validation.prompt
    assert "Obligatoire sur chaque ligne." in validation.prompt
    assert validation.type == "date"


def test_a_ceres_number_cell_shows_an_input_message(book):
    validation = validation_at(book["Candidats"], "A2")
    assert validation.showInputMessage
    assert validation.promptTitle == "N° CERES"
    assert validation.prompt == (
        "Identifiant de la fiche candidat CERES. N° CERES (13 chiffres + 1 lettre), par exemple "
        "9741411152681F. Obligatoire sur chaque ligne.")
    assert str(validation.sqref) == "A2:A5000"


def test_every_column_with_a_format_or_a_list_has_a_short_enough_input_message(book):
    for spec in schema.SHEETS:
        sheet = book[spec.name]
        for column in spec.columns:
            validation = validation_at(sheet, f"{letter(spec.name, column.key)}2")
            if column.kind == "text" and validation is None:
                continue
            assert validation is not None, (spec.name, column.header)
            assert validation.showInputMessage, (spec.name, column.header)
            assert validation.promptTitle == column.header
            assert len(validation.promptTitle) <= 32
            assert 0 < len(validation.prompt) <= 255, (spec.name, column.header)
            assert f"{letter(spec.name, column.key)}5000" in validation.sqref


@pytest.mark.parametrize(("sheet", "key", "source"), [
    ("Inscriptions", "session", "'Sessions'!$A$2:$A$5000"),
    ("Intervenants", "session", "'Sessions'!$A$2:$A$5000"),
    ("Inscriptions", "candidate", "'Candidats'!$A$2:$A$5000"),
    ("Sessions", "ccp", "'CCP'!$B$2:$B$5000"),
    ("Sessions", "centre", "'Centres'!$A$2:$A$5000"),
])
def test_codes_and_numbers_are_chosen_from_their_sheet(book, sheet, key, source):
    validation = validation_at(book[sheet], f"{letter(sheet, key)}2")
    assert validation.type == "list"
    assert validation.formula1 == source
    assert validation.errorStyle == "warning"  # Excel asks, the value may still be kept


def test_birth_countries_are_suggested_from_a_hidden_list(book):
    validation = validation_at(book["Candidats"], f"{letter('Candidats', 'birth_country')}2")
    assert validation.type == "list"
    assert not validation.showErrorMessage  # any other country may be typed
    lists = book["Listes"]
    assert lists.sheet_state == "hidden"
    countries = [cell.value for cell in lists["A"][1:]]
    assert countries[:2] == ["France", "La Réunion"]
    assert {"Madagascar", "Maurice", "Comores", "Inde"} <= set(countries)
    assert validation.formula1 == f"'Listes'!$A$2:$A${len(countries) + 1}"


def test_a_new_workbook_lacks_only_the_organisation(saved, tmp_path):
    report = validate(saved, dt.date(2027, 1, 4)).report
    assert report.flatten(["code", "sheet", "row"]) == [
        ("missing-parameter", "Paramètres", 2)]
    book = load_workbook(saved)
    book["Paramètres"]["B2"] = "SPL AFPAR"
    filled = tmp_path / "rempli.xlsx"
    book.save(filled)
    assert validate(filled, dt.date(2027, 1, 4)).report.issues == []


def test_the_sample_still_validates():
    report = validate(SAMPLE, dt.date(2026, 11, 30)).report
    assert report.errors == []
    assert [issue.code for issue in report.warnings] == ["duplicate-person"]


def test_validation_ranges_are_one_per_cell(book):
    for spec in schema.SHEETS:
        ranges = [str(dv.sqref) for dv in book[spec.name].data_validations.dataValidation]
        assert len(ranges) == len(set(ranges)), spec.name
        assert all(len(MultiCellRange(r).ranges) == 1 for r in ranges)
