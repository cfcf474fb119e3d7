"""Which rows are line items, which are skipped and why, and which are errors left out."""
from __future__ import annotations

import numpy as np
import pytest

from importer_workbooks import budget_rows, write_csv, write_xlsx, write_xlsx_with_values
from nato_planner.core.plan import Plan
from nato_planner.core.errors import BudgetImportError
from nato_planner.core.taxonomy import SUBCATEGORY_INDEX, Bucket
from nato_planner.io.budget_import import read_budget


def read(tmp_path, rows, name="budget.xlsx"):
    return read_budget(str(write_xlsx(tmp_path / name, {"Budget": rows})))


def skipped(result):
    return [(s.row, s.reason) for s in result.skipped_rows]


def test_headings_subtotals_totals_and_blank_rows_are_listed_not_counted(tmp_path):
    result = read(tmp_path, budget_rows())
    assert skipped(result) == [(5, "section heading"), (9, "subtotal"), (10, "blank"),
                               (12, "total")]
    assert result.line_items == 4
    assert result.budget.source_rows.tolist() == [6, 7, 8, 11]
    figures = Plan(result.budget).figures(2025)
    assert figures.core + figures.security + figures.not_counted == 2_000_000


@pytest.mark.parametrize("label, reason", [
    ("TOTAL DEFENCE", "total"), ("Grand total", "total"), ("Sub-total army", "subtotal"),
    ("subtotal", "subtotal"), ("Sum of chapter 14", "total"), ("  Total:", "total")])
def test_total_words_in_the_description_skip_the_row(tmp_path, label, reason):
    result = read(tmp_path, [["Description", "2025"], ["Tanks", 5], [label, 5]])
    assert skipped(result) == [(3, reason)]


def test_total_word_in_the_code_column_skips_the_row(tmp_path):
    rows = [["Code", "Description", "2025"], ["01", "Tanks", 5], ["Total 01", "", 5]]
    assert skipped(read(tmp_path, rows)) == [(3, "total")]


def test_words_that_merely_contain_total_are_line_items(tmp_path):
    rows = [["Description", "2025"], ["Totalisator repairs", 5], ["Summit security", 7]]
    assert read(tmp_path, rows).line_items == 2


def test_a_repeated_header_row_is_skipped(tmp_path):
    rows = [["Description", "2025"], ["Tanks", 5], ["Description", "2025"], ["Ships", 7]]
    result = read(tmp_path, rows)
    assert skipped(result) == [(3, "repeated header")]
    assert result.line_items == 2


def test_rows_whose_amounts_are_sum_formulas_are_subtotals_whatever_their_label(tmp_path):
    rows = [["Description", "2025", "2026"], ["Army", 10, 20], ["Navy", 5, 6],
            ["Land and sea forces", 15, 26], ["Air force", 4, 4]]
    formulas = {(3, 1): "=SUM(B2:B3)", (3, 2): "=SUM(C2:C3)"}
    path = write_xlsx_with_values(tmp_path / "sums.xlsx", rows, formulas)
    result = read_budget(str(path))
    assert skipped(result) == [(4, "subtotal")]
    assert Plan(result.budget).figures(2025).unclassified == 19


def test_sum_formula_subtotals_whose_values_match_no_run_of_lines_are_still_skipped(tmp_path):
    rows = [["Description", "2025"], ["Tanks", 10], ["Trucks", 20], ["Radars", 5],
            ["Land systems", 30], ["Ships", 7], ["Defence", 42]]
    formulas = {(4, 1): "=SUM(B2:B3)", (6, 1): "=SUM(B2,B3,B4,B6)"}
    path = write_xlsx_with_values(tmp_path / "sums.xlsx", rows, formulas)
    result = read_budget(str(path))
    assert skipped(result) == [(5, "subtotal"), (7, "subtotal")]
    assert Plan(result.budget).figures(2025).unclassified == 42


def test_a_formula_line_with_a_cached_value_is_read_by_its_value(tmp_path):
    rows = [["Description", "2025"], ["Army", 10], ["Navy (half of army)", 5]]
    path = write_xlsx_with_values(tmp_path / "f.xlsx", rows, {(2, 1): "=B2/2"})
    result = read_budget(str(path))
    assert result.line_items == 2 and result.errors == []
    assert result.budget.amounts[:, 0].tolist() == [10, 5]


def test_a_formula_without_a_cached_value_is_an_error_row(tmp_path):
    rows = [["Description", "2025"], ["Army", 10], ["Navy", "=B2*2"]]
    result = read(tmp_path, rows)
    assert [(e.row, e.column, e.value) for e in result.errors] == [(3, "2025", "=B2*2")]
    assert result.line_items == 1
    assert Plan(result.budget).figures(2025).unclassified == 10


def test_a_bad_amount_is_reported_with_row_column_and_text_and_left_out(tmp_path):
    rows = [["Description", "2025", "2026"], ["Army", 10, 11], ["Navy", "approx. 12", 13],
            ["Air", 4, 5]]
    result = read(tmp_path, rows)
    error = result.errors[0]
    assert (error.row, error.column, error.value) == (3, "2025", "approx. 12")
    assert "approx. 12" in error.message and "left out" in error.message
    assert result.line_items == 2
    # left out of every total, in every year, never read as zero and counted elsewhere
    assert Plan(result.budget).figures(2026).unclassified == 16
    assert result.budget.excluded.tolist() == [False, True, False]


def test_text_numbers_nil_markers_and_accounting_negatives(tmp_path):
    rows = [["Description", "2025"], ["A", "1,234.5"], ["B", "1 234,5"], ["C", "-"],
            ["D", ".."], ["E", "n/a"], ["F", "(250)"], ["G", -40], ["H", "1\u00a0000"]]
    result = read(tmp_path, rows)
    assert result.errors == []
    assert result.budget.amounts[:, 0].tolist() == [1234.5, 1234.5, 0, 0, 0, -250, -40, 1000]


def test_a_row_with_only_nil_markers_is_a_line_item_not_a_heading(tmp_path):
    rows = [["Description", "2025", "2026"], ["Reserve", "-", "n/a"], ["Army", 1, 2]]
    assert read(tmp_path, rows).line_items == 2


def test_blank_amount_cells_beside_filled_ones_are_zero(tmp_path):
    rows = [["Description", "2025", "2026"], ["New programme", None, 50]]
    result = read(tmp_path, rows)
    assert result.budget.amounts.tolist() == [[0, 50]]


def test_codes_stay_text(tmp_path):
    rows = [["Code", "Description", "2025"], ["0601", "Army", 1], ["14.02", "Navy", 2]]
    path = write_csv(tmp_path / "codes.csv", rows)
    assert read_budget(str(path)).budget.codes.tolist() == ["0601", "14.02"]
    assert read(tmp_path, rows).budget.codes.tolist() == ["0601", "14.02"]


def test_classification_words_and_subcategory_names_set_the_bucket(tmp_path):
    words = ["core", "Core Defense", "security related", "Defence- and security-related",
             "excluded", "NO", "", "Military mobility", "equipment"]
    rows = [["Description", "Classification", "2025"]] + [[f"L{i}", w, 1]
                                                           for i, w in enumerate(words)]
    budget = read(tmp_path, rows).budget
    assert budget.buckets.tolist() == [1, 1, 2, 2, 3, 3, 0, 2, 1]
    assert budget.subcategories[7] == SUBCATEGORY_INDEX["military_mobility"]
    assert budget.subcategories[8] == SUBCATEGORY_INDEX["equipment"]


def test_an_unknown_classification_is_an_error_and_the_row_stays_unclassified(tmp_path):
    rows = [["Description", "Classification", "2025"], ["Army", "Core", 10],
            ["Stadium", "Maybe defence", 7]]
    result = read(tmp_path, rows)
    assert [(e.row, e.column, e.value) for e in result.errors] == [
        (3, "Classification", "Maybe defence")]
    assert result.budget.buckets[1] == Bucket.UNCLASSIFIED
    assert Plan(result.budget).figures(2025).unclassified == 7


def test_subcategory_column_sets_the_subcategory(tmp_path):
    rows = [["Description", "Classification", "Sub-category", "2025"],
            ["Jets", "Core defence", "Equipment", 10], ["Pay", "Core defence", "Personnel", 30]]
    figures = Plan(read(tmp_path, rows).budget).figures(2025)
    assert figures.equipment_share_of_core == pytest.approx(25.0)


@pytest.mark.parametrize("shares, expected", [
    ([0.5, 1, 0.25], [0.5, 1.0, 0.25]),      # fractions 0-1
    ([50, 100, 25], [0.5, 1.0, 0.25]),       # percent numbers
    (["50%", "100 %", "25%"], [0.5, 1.0, 0.25]),  # percent text
    (["0.5", "1", ""], [0.5, 1.0, 1.0]),     # text fractions; blank means 100%
    (["40", "100%", "", 25], [0.4, 1.0, 1.0, 0.25]),  # percent as text beside "100%"
])
def test_counted_share_as_fraction_or_percent(tmp_path, shares, expected):
    rows = [["Description", "Classification", "Counted share", "2025"]] + [
        [f"L{i}", "Core", s, 100] for i, s in enumerate(shares)]
    result = read(tmp_path, rows)
    assert result.errors == []
    assert result.budget.shares.tolist() == pytest.approx(expected)
    assert Plan(result.budget).figures(2025).core == pytest.approx(100 * sum(expected))


@pytest.mark.parametrize("bad", [150, -5, "120%", "lots"])
def test_a_share_outside_0_to_100_percent_is_an_error_row(tmp_path, bad):
    rows = [["Description", "Classification", "Share", "2025"], ["Army", "Core", 50, 100],
            ["Guard", "Core", bad, 100]]
    result = read(tmp_path, rows)
    assert [(e.row, e.column) for e in result.errors] == [(3, "Share")]
    assert result.line_items == 1
    assert Plan(result.budget).figures(2025).core == 50


def test_a_table_whose_every_line_is_unreadable_is_refused_whole(tmp_path):
    rows = [["Description", "2025"], ["Army", "approx. 12"], ["Navy", "about 3"]]
    with pytest.raises(BudgetImportError, match=r"no readable line item.*row 2.*approx\. 12"):
        read(tmp_path, rows)


def test_uncounted_part_of_a_shared_line_lands_in_not_counted(tmp_path):
    rows = [["Description", "Classification", "Share", "2025"], ["Guard", "Core", "40%", 100]]
    figures = Plan(read(tmp_path, rows).budget).figures(2025)
    assert (figures.core, figures.not_counted) == (pytest.approx(40), pytest.approx(60))


def test_organisation_cofog_and_rationale_travel_with_the_line(tmp_path):
    rows = [["Code", "Description", "Ministry", "COFOG", "Rationale", "2025"],
            ["1", "Cyber centre", "MoD", "02.1", "Runs NATO-assigned networks", 3]]
    budget = read(tmp_path, rows).budget
    assert (budget.organisations[0], budget.cofog[0], budget.rationales[0]) == (
        "MoD", "02.1", "Runs NATO-assigned networks")


def test_a_table_with_a_header_but_no_lines_is_refused(tmp_path):
    from nato_planner.core.errors import BudgetImportError
    with pytest.raises(BudgetImportError, match="no line items"):
        read(tmp_path, [["Description", "2025"], ["Total", 0]])


def test_amounts_array_has_one_column_per_year_in_plain_units(tmp_path):
    rows = [["Amounts in EUR million"], ["Description", "2025", "2026"], ["Army", 1.5, 2]]
    budget = read(tmp_path, rows).budget
    assert np.array_equal(budget.amounts, [[1_500_000, 2_000_000]])


def test_an_unlabelled_subtotal_in_plain_values_is_counted_but_flagged(tmp_path):
    rows = [["Description", "2025"], ["Army", 10], ["Navy", 5], ["Armed forces", 15],
            ["Air", 3]]
    result = read(tmp_path, rows)
    assert result.line_items == 4
    assert any(w.startswith("Row 4:") and "subtotal" in w for w in result.warnings)


def test_a_total_label_outside_the_description_column_still_marks_a_total(tmp_path):
    rows = [["Ministry", "Code", "Description", "2025"], ["MoD", "01", "Army", 5],
            ["Total MoD", "", "", 5]]
    result = read(tmp_path, rows)
    assert skipped(result) == [(3, "total")]


def test_a_sum_over_another_sheet_is_a_line_not_a_subtotal(tmp_path):
    rows = [["Description", "2025"], ["Army", 10], ["Navy", 5], ["Air force", 15]]
    path = write_xlsx_with_values(tmp_path / "linked.xlsx", rows,
                                  {(3, 1): "=SUM(Detail!B2:B3)"})
    result = read_budget(str(path))
    assert result.line_items == 3 and skipped(result) == []


def test_sum_formula_subtotals_in_an_ods_sheet(tmp_path):
    import zipfile
    from importer_workbooks import write_ods
    rows = [["Description", "2025"], ["Army", 10], ["Navy", 5], ["Land and sea", 15],
            ["Air", 4]]
    path = write_ods(tmp_path / "sums.ods", {"Budget": rows})
    with zipfile.ZipFile(path) as archive:
        parts = {n: archive.read(n) for n in archive.namelist()}
    parts["content.xml"] = parts["content.xml"].replace(
        b'office:value="15"', b'table:formula="of:=SUM([.B2:.B3])" office:value="15"')
    with zipfile.ZipFile(path, "w") as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    result = read_budget(str(path))
    assert skipped(result) == [(4, "subtotal")]
    assert result.line_items == 3


def test_of_which_breakdowns_and_memo_items_are_not_counted_twice(tmp_path):
    rows = [["Description", "2025"], ["Army", 100], ["of which: Ukraine support", 30],
            ["- thereof ammunition", 10], ["Navy", 50], ["Memo: pensions paid by finance", 20],
            ["Memorial upkeep", 1]]
    result = read(tmp_path, rows)
    assert skipped(result) == [(3, "breakdown ('of which') of a line above"),
                               (4, "breakdown ('of which') of a line above"), (6, "memo item")]
    assert Plan(result.budget).figures(2025).unclassified == 151


def _cell_by_cell(cells, nil_markers):
    """The importer's reading of an amount column one cell at a time (what bulk must equal)."""
    from nato_planner.io.line_item_rows import _parse_text, text_of
    from nato_planner.io.number_text import uses_decimal_comma
    n = len(cells)
    values, blank, bad = np.zeros(n), np.zeros(n, dtype=bool), {}
    decimal_comma = uses_decimal_comma([c for c in cells[:2000] if c.__class__ is str])
    for i, cell in enumerate(cells):
        if cell.__class__ in (float, int):
            values[i] = cell
        elif cell.__class__ is str:
            _parse_text(i, cell, values, blank, bad, decimal_comma, nil_markers)
        elif cell is None:
            blank[i] = True
        else:
            bad[i] = (text_of(cell), "is a date or true/false, not an amount")
    return values, blank, bad


def test_a_mixed_amount_column_reads_as_it_would_cell_by_cell():
    import datetime as dt
    from hypothesis import example, given, settings
    from hypothesis import strategies as st
    from nato_planner.io.line_item_rows import _mixed_amounts
    cell = (st.floats(allow_nan=False, allow_infinity=False, width=32)
            | st.integers(-10**9, 10**9) | st.none() | st.booleans()
            | st.just(dt.date(2025, 1, 1))
            | st.sampled_from(["1 234,5", "1.234", "1,234.5", "-12", "(250)", "", " ", "-",
                               "approx. 12", "n.v.", "1,5", "12.5.6", "€ 1,200"])
            | st.text(alphabet="0123456789., -", max_size=10))

    @settings(max_examples=200, deadline=None)
    @given(st.lists(cell, max_size=30), st.sampled_from([frozenset(), frozenset({"n.v."})]))
    @example(["1.234", 5.0, None], frozenset())  # a dot column: 1.234, not 1,234
    @example(["1 234,5", "1.234", "n.v.", True], frozenset({"n.v."}))  # a comma column
    def check(cells, nil_markers):
        values, blank, bad = _mixed_amounts(cells, nil_markers)
        want_values, want_blank, want_bad = _cell_by_cell(cells, nil_markers)
        assert values.tolist() == want_values.tolist()
        assert blank.tolist() == want_blank.tolist()
        assert bad == want_bad
    check()
