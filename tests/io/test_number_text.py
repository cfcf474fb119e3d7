"""Numbers typed as text the way budget offices write them read back as the number meant."""
from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nato_planner.io.number_text import NotANumber, parse_number_text, uses_decimal_comma


@pytest.mark.parametrize("text, value", [
    ("1,234.56", 1234.56), ("1 234,56", 1234.56), ("1.234,56", 1234.56), ("(250)", -250.0),
    ("-250", -250.0), ("1\u00a0234", 1234.0), ("1\u202f234,5", 1234.5), ("12,5", 12.5),
    ("1,234,567", 1234567.0), ("1.234.567", 1234567.0), ("  42 ", 42.0), ("€ 1,200", 1200.0),
    ("250-", -250.0), ("+7", 7.0), ("( 1,000.5 )", -1000.5),
])
def test_text_numbers_in_both_conventions(text, value):
    assert parse_number_text(text) == pytest.approx(value)


@pytest.mark.parametrize("text", ["", " ", "-", "--", "..", "n/a", "N/A", "na", "NA"])
def test_nil_markers_and_blank_mean_zero(text):
    assert parse_number_text(text) == 0.0


@pytest.mark.parametrize("text", ["approx. 12", "12 (est.)", "TBD", "1,2,3", "12.5.6", "1e999",
                                  "twelve", "#REF!"])
def test_anything_else_is_not_a_number(text):
    with pytest.raises(NotANumber):
        parse_number_text(text)


def test_a_dot_group_is_thousands_only_in_a_decimal_comma_column():
    column = ["1.234,5", "1.234", "980"]
    assert uses_decimal_comma(column)
    assert parse_number_text("1.234", decimal_comma=True) == 1234.0
    assert not uses_decimal_comma(["1,234.5", "1.5", "1,234"])
    assert parse_number_text("1.234") == pytest.approx(1.234)


def _dot_convention(value: float) -> str:
    return f"{value:,.2f}"


def _comma_convention(value: float) -> str:
    return f"{value:,.2f}".replace(",", "\u00a0").replace(".", ",")


def _german_convention(value: float) -> str:
    return f"{value:,.2f}".replace(",", "_").replace(".", ",").replace("_", ".")


def _accounting(value: float) -> str:
    text = f"{abs(value):,.2f}"
    return f"({text})" if value < 0 else text


amounts = st.decimals(min_value=-10**12, max_value=10**12, places=2, allow_nan=False,
                      allow_infinity=False).map(float)


@given(amounts, st.sampled_from([_dot_convention, _comma_convention, _german_convention,
                                 _accounting]))
def test_any_amount_formatted_in_any_convention_reads_back(value, formatter):
    text = formatter(value)
    assert parse_number_text(text, uses_decimal_comma([text])) == pytest.approx(value, abs=1e-6)


@given(st.integers(min_value=-10**12, max_value=10**12))
def test_whole_numbers_with_thin_space_groups_read_back(value):
    text = f"{value:,}".replace(",", "\u2009")
    assert parse_number_text(text) == value


# --- a column of text numbers read in bulk reads exactly as cell by cell ------------------------
_PIECES = st.text(alphabet="0123456789.,- ()'\u00a0e", max_size=14)


def _reference(text: str, decimal_comma: bool) -> float | None:
    try:
        return parse_number_text(text, decimal_comma)
    except NotANumber:
        return None


@given(st.lists(_PIECES | amounts.map(_dot_convention) | amounts.map(_comma_convention)
                | amounts.map(_german_convention), max_size=40), st.booleans())
def test_bulk_reading_gives_what_cell_by_cell_gives(texts, decimal_comma):
    from nato_planner.io.number_text import parse_numbers_in_bulk
    values, read = parse_numbers_in_bulk(texts, decimal_comma)
    for text, value, was_read in zip(texts, values, read):
        if was_read:  # what bulk reads, it reads as parse_number_text does, sign of zero too
            expected = _reference(text, decimal_comma)
            assert expected is not None and value == expected, (text, value, expected)
            assert str(value) == str(expected), text
        else:
            assert value == 0.0


@pytest.mark.parametrize("texts, decimal_comma", [
    (["1 234.5", "1,234,567.25", "-12", "007"], False),
    (["1 234,5", "1.234", "1.234.567,25", "-12", "1,5"], True),
])
def test_the_plainest_forms_are_all_read_in_bulk(texts, decimal_comma):
    from nato_planner.io.number_text import parse_numbers_in_bulk
    values, read = parse_numbers_in_bulk(texts, decimal_comma)
    assert read.all()
    assert values.tolist() == [parse_number_text(t, decimal_comma) for t in texts]
