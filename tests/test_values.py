"""What people type in cells, parsed: properties over every date, hour and list value."""

import datetime as dt
import re
import unicodedata
import zipfile

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from ceres_docs import schema
from ceres_docs.naming import code_word
from ceres_docs.values import (
    clean_text,
    normalize,
    parse_ccp_list,
    parse_choice,
    parse_date,
    parse_postcode,
    parse_time,
)
from ceres_docs.workbook import workbook_epoch

# Known values, not the code's constants: Excel shows serial 43521 as 25/02/2019 in its usual
# 1900 date system; in the 1904 one (old Mac workbooks), serial 0 is 01/01/1904.
SERIAL_43521 = dt.date(2019, 2, 25)
EPOCH_1904 = dt.date(1904, 1, 1)
# Before 1 March 1900, Excel's 1900 system counts a 29 February 1900 that never was.
FIRST_TRUE_1900_DAY = dt.date(1900, 3, 1)
LISTS = [choices.spellings() for choices in (schema.SessionType, schema.Status,
                                             schema.RsQuality, schema.Presence, schema.Result,
                                             schema.Role)]
CHOICES = [(choice, options) for options in LISTS for choice in options]

four_digit_years = st.dates(min_value=dt.date(1000, 1, 1), max_value=dt.date(9999, 12, 31))
excel_dates = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(9999, 12, 31))
spaces = st.sampled_from(["", " ", "  ", "\u00a0", "\u202f"])


# Dates


@given(four_digit_years, st.sampled_from(["/", ".", "-"]), st.booleans(), spaces, spaces)
def test_date_typed_as_text_round_trips(day, separator, padded, before, after):
    if padded:
        text = f"{day.day:02d}{separator}{day.month:02d}{separator}{day.year:04d}"
    else:
        text = f"{day.day}{separator}{day.month}{separator}{day.year}"
    assert parse_date(before + text + after) == day


@given(st.dates(min_value=dt.date(1970, 1, 1), max_value=dt.date(2069, 12, 31)))
def test_two_digit_year_means_1970_to_2069(day):
    assert parse_date(day.strftime("%d/%m/%y")) == day


@given(four_digit_years)
def test_iso_date_text_round_trips(day):
    assert parse_date(f"{day.year:04d}-{day.month:02d}-{day.day:02d}") == day


@given(excel_dates, st.times())
def test_excel_date_cell_round_trips(day, time):
    assert parse_date(day) == day
    assert parse_date(dt.datetime.combine(day, time)) == day


@pytest.fixture(scope="module")
def code_epochs(tmp_path_factory) -> dict[bool, dt.date]:
    """The epochs the code reads a workbook's serials with: 1900 system, 1904 system (mac)."""
    epochs = {}
    for mac in (False, True):
        path = tmp_path_factory.mktemp("epoch") / "classeur.xlsx"
        system = ' date1904="1"' if mac else ""
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("xl/workbook.xml", f"<workbook><workbookPr{system}/></workbook>")
        epochs[mac] = workbook_epoch(path)
    return epochs


@given(excel_dates, st.floats(min_value=0, max_value=0.999, allow_nan=False), st.booleans())
def test_excel_serial_number_round_trips(code_epochs, day, fraction, mac):
    if mac:
        serial = (day - EPOCH_1904).days
    else:
        assume(day >= FIRST_TRUE_1900_DAY)
        serial = 43521 + (day - SERIAL_43521).days
    assume(serial >= 1)
    assert parse_date(serial, code_epochs[mac]) == day
    assert parse_date(serial + fraction, code_epochs[mac]) == day


def test_excel_serial_numbers_known_values(code_epochs):
    assert parse_date(43521) == SERIAL_43521
    assert parse_date(45345) == dt.date(2024, 2, 23)
    assert parse_date(45345.75) == dt.date(2024, 2, 23)
    assert parse_date(61) == FIRST_TRUE_1900_DAY
    assert parse_date(1, code_epochs[True]) == dt.date(1904, 1, 2)
    assert parse_date(45345 - 1462, code_epochs[True]) == dt.date(2024, 2, 23)


def _impossible(year: int, month: int, day: int) -> bool:
    try:
        dt.date(year, month, day)
    except ValueError:
        return True
    return False


@given(st.integers(1000, 9999), st.integers(0, 99), st.integers(0, 99))
def test_impossible_date_raises_in_french(year, month, day):
    assume(_impossible(year, month, day))
    text = f"{day:02d}/{month:02d}/{year}"
    with pytest.raises(ValueError, match=re.escape(f"la date « {text} » n'existe pas dans le "
                                                   "calendrier")):
        parse_date(text)


@pytest.mark.parametrize("text", ["31/02/1990", "29/02/2023", "31/04/2026", "00/01/2020",
                                  "15/13/2020"])
def test_known_impossible_dates(text):
    with pytest.raises(ValueError, match="n'existe pas dans le calendrier"):
        parse_date(text)


@pytest.mark.parametrize("value", ["demain", "25 brumaire 2019", "février 2019", "2019", "",
                                   "12/05", True, 0, -3, 3e7])
def test_not_a_date_says_what_to_type(value):
    with pytest.raises(ValueError, match="n'est pas une date : tapez JJ/MM/AAAA"):
        parse_date(value)


FRENCH_MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
                 "septembre", "octobre", "novembre", "décembre"]


@given(four_digit_years, st.sampled_from([str.lower, str.upper, str.title]), st.booleans(),
       spaces, spaces)
def test_date_with_the_month_in_letters_round_trips(day, case, accents, before, after):
    month = FRENCH_MONTHS[day.month - 1]
    if not accents:
        month = unicodedata.normalize("NFKD", month).encode("ascii", "ignore").decode()
    number = "1er" if day.day == 1 else str(day.day)
    assert parse_date(before + case(f"{number} {month} {day.year}") + after) == day


@pytest.mark.parametrize("text, day", [
    ("3 février 1985", dt.date(1985, 2, 3)),
    ("31 août 2027", dt.date(2027, 8, 31)),
    ("31 aout 2027", dt.date(2027, 8, 31)),
    ("1er mars 2027", dt.date(2027, 3, 1)),
    ("1 MARS 2027", dt.date(2027, 3, 1)),
    ("Lundi 1er mars 2027", dt.date(2027, 3, 1)),
    ("3 févr. 85", dt.date(1985, 2, 3)),
    ("12 Sept 2026", dt.date(2026, 9, 12)),
])
def test_known_dates_with_the_month_in_letters(text, day):
    assert parse_date(text) == day


def test_impossible_date_with_the_month_in_letters():
    with pytest.raises(ValueError, match="la date « 31 février 2027 » n'existe pas"):
        parse_date("31 février 2027")


def test_29_february_of_a_leap_year_exists():
    assert parse_date("29/02/2024") == dt.date(2024, 2, 29)


# Hours


hours = st.integers(0, 23)
minutes = st.integers(0, 59)


@given(hours, minutes, st.sampled_from(["h", "H", ":"]), st.booleans(), spaces)
def test_hour_typed_as_text_round_trips(hour, minute, mark, padded, around):
    text = f"{hour:02d}" if padded else str(hour)
    assert parse_time(f"{around}{text}{mark}{minute:02d}{around}") == dt.time(hour, minute)


@given(hours, st.booleans())
def test_hour_without_minutes(hour, padded):
    text = f"{hour:02d}" if padded else str(hour)
    assert parse_time(f"{text}h") == dt.time(hour)


@given(hours, minutes, st.integers(0, 59))
def test_hour_with_seconds(hour, minute, second):
    assert parse_time(f"{hour}:{minute:02d}:{second:02d}") == dt.time(hour, minute)


@given(hours, minutes)
def test_excel_time_round_trips(hour, minute):
    fraction = (hour * 60 + minute) / (24 * 60)
    assert parse_time(fraction) == dt.time(hour, minute)
    assert parse_time(dt.time(hour, minute)) == dt.time(hour, minute)
    assert parse_time(dt.timedelta(hours=hour, minutes=minute)) == dt.time(hour, minute)
    assert parse_time(dt.datetime(2026, 3, 2, hour, minute)) == dt.time(hour, minute)


@pytest.mark.parametrize("text, expected", [
    ("9h", dt.time(9)), ("9h30", dt.time(9, 30)), ("09:00", dt.time(9)),
    ("9:00:00", dt.time(9)), ("8 h 30", dt.time(8, 30)), (0.375, dt.time(9)),
])
def test_usual_ways_of_typing_an_hour(text, expected):
    assert parse_time(text) == expected


@pytest.mark.parametrize("value", ["9", "900", "24:00", "9h75", "midi", "", 9, 1.5])
def test_not_an_hour(value):
    with pytest.raises(ValueError, match="n'est pas une heure : tapez par exemple 9:00 ou 8h30"):
        parse_time(value)


# List values


def _strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@st.composite
def variants(draw):
    """A list value as someone might type it: any case, accents or not, odd spaces."""
    choice, options = draw(st.sampled_from(CHOICES))
    text = _strip_accents(choice) if draw(st.booleans()) else choice
    flips = draw(st.lists(st.booleans(), min_size=len(text), max_size=len(text)))
    text = "".join(c.upper() if flip else c.lower() for c, flip in zip(text, flips, strict=True))
    text = text.replace("'", draw(st.sampled_from(["'", "’"])))
    return choice, options, draw(spaces) + text + draw(spaces)


@given(variants())
def test_any_casing_or_accent_stripped_variant_maps_to_the_canonical_value(variant):
    choice, options, typed = variant
    assert parse_choice(typed, options) == choice


@given(st.sampled_from(LISTS), st.text(max_size=30))
def test_other_text_is_refused_with_the_list(options, text):
    assume(normalize(text) not in {normalize(choice) for choice in options})
    with pytest.raises(ValueError, match="inconnue : choisissez parmi « "):
        parse_choice(text, options)


@pytest.mark.parametrize("typed", ["personne ne figurant pas sur l’agrement",
                                   "PERSONNE NE FIGURANT PAS SUR L`AGRÉMENT"])
def test_typographic_apostrophes_match(typed):
    expected = "Personne ne figurant pas sur l'agrément"
    assert parse_choice(typed, schema.RsQuality.spellings()) == expected


def test_refusal_lists_every_value():
    with pytest.raises(ValueError) as error:
        parse_choice("Admise", schema.Result.spellings())
    assert str(error.value) == ("valeur « Admise » inconnue : choisissez parmi « Admis », "
                                "« Partiellement admis », « Refusé »")


# CCP lists


ccp_numbers = st.lists(st.integers(0, 99999), max_size=6)


@given(ccp_numbers, st.sampled_from([";", "; ", " ;", ",", "\n", ";;"]), st.booleans(),
       st.booleans())
def test_ccp_list_round_trips_in_order_without_repeats(numbers, separator, lower, hyphen):
    codes = [f"CP-{n:05d}" for n in numbers]
    typed = [code.lower() if lower else code for code in codes]
    typed = [code if hyphen else code.replace("-", "") for code in typed]
    assert parse_ccp_list(separator.join(typed)) == list(dict.fromkeys(codes))


@given(ccp_numbers, st.text(alphabet="ABCXYZ-1234 ", min_size=1, max_size=8))
def test_ccp_list_with_a_bad_code_is_refused(numbers, bad):
    assume(bad.strip() and not re.fullmatch(r"CP-?\d{5}", bad.upper().replace(" ", "")))
    codes = [f"CP-{n:05d}" for n in numbers] + [bad]
    with pytest.raises(ValueError, match="n'est pas un code de CCP"):
        parse_ccp_list(";".join(codes))


def test_empty_ccp_list():
    assert parse_ccp_list("") == []
    assert parse_ccp_list(None) == []
    assert parse_ccp_list(" ; ") == []


# Postcodes


@pytest.mark.parametrize("typed, expected", [
    ("75012", "75012"), (1000, "01000"), ("01 000", "01000"), ("2a004", "2A004"),
])
def test_birth_postcode(typed, expected):
    assert parse_postcode(typed) == expected


@pytest.mark.parametrize("typed", ["750", "1", "750123", "75O12", "Paris"])
def test_not_a_postcode(typed):
    with pytest.raises(ValueError, match="n'est pas un code postal : 5 chiffres"):
        parse_postcode(typed)


# File names


@given(st.text())
def test_code_word_keeps_only_capitals_and_digits(text):
    assert re.fullmatch(r"[A-Z0-9]*", code_word(text))


@given(st.text())
def test_code_word_is_idempotent(text):
    assert code_word(code_word(text)) == code_word(text)


def test_code_word_keeps_the_letters_of_accented_names():
    assert code_word("Saint-André d'Îlet") == "SAINTANDREDILET"
    assert code_word("Formaréunion") == "FORMAREUNION"


@pytest.mark.parametrize("typed", ["1 rue de la Gare\r\n97440 Saint-André",
                                   "1 rue de la Gare\r97440 Saint-André"])
def test_every_line_end_is_one_line_break(typed):
    """A cell pasted from Windows (CR LF) or an old Mac (CR) breaks lines like Excel (LF)."""
    assert clean_text(typed) == "1 rue de la Gare\n97440 Saint-André"
