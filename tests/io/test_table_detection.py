"""Finding the line-item table: sheet, header row, columns, years, units and currency."""
from __future__ import annotations

import openpyxl
import pytest

from importer_workbooks import budget_rows, write_csv, write_xlsx
from nato_planner.core.errors import BudgetImportError
from nato_planner.io.budget_import import ColumnRole, ImportOptions, read_budget


def read(tmp_path, rows, name="budget.xlsx", options=None, sheets=None):
    path = write_xlsx(tmp_path / name, sheets or {"Budget": rows})
    return read_budget(str(path), options)


def test_title_block_rows_are_not_data_and_give_the_scale(tmp_path):
    result = read(tmp_path, budget_rows())
    detection = result.detection
    assert detection.header_row == 4
    assert detection.scale == 1000
    assert "Amounts in EUR thousands" in detection.scale_source
    assert detection.currency == "EUR"
    assert result.budget.amounts[0].tolist() == [1_000_000, 1_100_000]
    assert any("thousands" in w for w in result.warnings)


def test_column_roles_come_from_header_words_with_surrounding_text(tmp_path):
    rows = [["Budget line", "Line item description", "Spending ministry", "COFOG function",
             "NATO category", "NATO sub-category", "Counted share (%)", "Justification",
             "FY2025 Budget", "Unrelated"],
            ["A1", "Frigates and their crews", "MoD", "02.1", "Core", "Equipment", 100,
             "agreed", 10, "x"]]
    roles = read(tmp_path, rows).detection.column_roles
    assert [roles[c] for c in range(10)] == [
        ColumnRole.CODE, ColumnRole.DESCRIPTION, ColumnRole.ORGANISATION, ColumnRole.COFOG,
        ColumnRole.CLASSIFICATION, ColumnRole.SUBCATEGORY, ColumnRole.SHARE,
        ColumnRole.RATIONALE, ColumnRole.AMOUNT, ColumnRole.IGNORED]


def test_of_two_text_columns_the_longer_text_is_the_description(tmp_path):
    rows = [["Item", "Programme", "2025"],
            ["P-01", "Maintenance of the northern air base runway", 5],
            ["P-02", "Cyber defence operations centre", 6]]
    budget = read(tmp_path, rows).budget
    assert budget.codes.tolist() == ["P-01", "P-02"]
    assert budget.descriptions[0] == "Maintenance of the northern air base runway"


@pytest.mark.parametrize("header, year", [
    ("2025", 2025), ("FY2025 Budget", 2025), ("2026 Plan", 2026), ("2025e", 2025),
    ("Budget 2025", 2025), ("2025 EUR m", 2025), ("2025/26", 2025), ("FY 2027", 2027)])
def test_year_columns_in_the_ways_budgets_head_them(tmp_path, header, year):
    result = read(tmp_path, [["Description", header], ["Tanks", 5]])
    assert result.budget.years == [year]


def test_numeric_year_headers_count_and_years_come_out_ascending(tmp_path):
    result = read(tmp_path, [["Description", 2027, 2025, 2026], ["Tanks", 3, 1, 2]])
    assert result.budget.years == [2025, 2026, 2027]
    assert result.budget.amounts[0].tolist() == [1, 2, 3]


def test_a_plan_column_beats_an_actual_of_the_same_year_and_says_so(tmp_path):
    rows = [["Description", "2025 Budget", "2025 Actual", "2026 Plan"], ["Tanks", 10, 12, 20]]
    result = read(tmp_path, rows)
    assert result.budget.years == [2025, 2026]
    assert result.budget.amounts[0].tolist() == [10, 20]
    assert any("2025" in w and "2025 Budget" in w and "2025 Actual" in w
               for w in result.warnings)


def test_of_two_plan_columns_for_a_year_the_later_one_wins(tmp_path):
    rows = [["Description", "2025 Draft budget", "2025 Adopted budget"], ["Tanks", 10, 11]]
    result = read(tmp_path, rows)
    assert result.budget.amounts[0].tolist() == [11]
    assert any("2025 Adopted budget" in w for w in result.warnings)


def test_a_lone_amount_column_takes_the_year_option(tmp_path):
    rows = [["Description", "Amount"], ["Tanks", 10]]
    result = read(tmp_path, rows, options=ImportOptions(year=2027))
    assert result.budget.years == [2027]
    assert any("2027" in w and "--year" in w for w in result.warnings)


def test_a_lone_amount_column_takes_the_year_in_the_title_block(tmp_path):
    rows = [["Defence budget 2026 (EUR million)"], ["Description", "Budget"], ["Tanks", 10]]
    result = read(tmp_path, rows)
    assert result.budget.years == [2026]
    assert result.budget.amounts[0, 0] == 10_000_000


@pytest.mark.parametrize("word", ["Montant", "Betrag", "Appropriation"])
def test_a_lone_amount_column_in_other_budget_languages(tmp_path, word):
    rows = [["Budget 2026 - EUR thousands"], ["Code", "Libellé", word], ["01", "Chars", "1 234,5"]]
    result = read(tmp_path, rows)
    assert result.budget.years == [2026]
    assert result.budget.amounts[0, 0] == 1_234_500


def test_a_lone_amount_column_without_any_year_is_refused_with_advice(tmp_path):
    with pytest.raises(BudgetImportError, match="--year"):
        read(tmp_path, [["Description", "Amount"], ["Tanks", 10]])


@pytest.mark.parametrize("words, scale", [
    ("thousands", 1e3), ("EUR '000", 1e3), ("(000)", 1e3), ("k", 1e3), ("EUR million", 1e6),
    ("mn", 1e6), ("MEUR", 1e6), ("EUR m", 1e6), ("Mio", 1e6), ("billion", 1e9), ("bn", 1e9)])
def test_scale_words_in_the_amount_header(tmp_path, words, scale):
    result = read(tmp_path, [["Description", f"2025 ({words})"], ["Tanks", 2]])
    assert result.detection.scale == scale
    assert result.budget.amounts[0, 0] == 2 * scale


def test_without_a_scale_word_amounts_are_plain_units_and_the_report_says_so(tmp_path):
    result = read(tmp_path, [["Description", "2025"], ["Tanks", 2]])
    assert result.detection.scale == 1
    assert any("No unit stated" in w for w in result.warnings)


@pytest.mark.parametrize("title", ["Prepared by M. Smith", "Contact: K. Jensen, budget office"])
def test_an_initial_in_the_title_block_is_not_a_scale_word(tmp_path, title):
    result = read(tmp_path, [["Defence budget"], [title], ["Description", "2025"], ["Tanks", 2]])
    assert result.detection.scale == 1
    assert result.budget.amounts[0, 0] == 2


@pytest.mark.parametrize("title, currency", [
    ("Amounts in EUR thousands", "EUR"), ("USD millions", "USD"), ("£ million", "GBP"),
    ("in PLN", "PLN"), ("€ thousands", "EUR"), ("$ thousands", "USD")])
def test_currency_from_the_title_block(tmp_path, title, currency):
    result = read(tmp_path, [[title], ["Description", "2025"], ["Tanks", 2]])
    assert result.detection.currency == currency


def test_unknown_currency_is_allowed(tmp_path):
    assert read(tmp_path, [["Description", "2025"], ["Tanks", 2]]).detection.currency is None


def test_a_cover_sheet_before_the_data_is_passed_over(tmp_path):
    sheets = {"Cover": [["Budget 2026"], ["Prepared by the Ministry of Finance"]],
              "Notes": [["Note", "Text"], ["1", "All amounts are provisional"]],
              "Data": budget_rows()}
    result = read(tmp_path, None, sheets=sheets)
    assert result.detection.sheet == "Data"
    assert result.detection.sheet_names == ["Cover", "Notes", "Data"]


def test_sheet_option_picks_the_sheet(tmp_path):
    sheets = {"2025": [["Description", "2025"], ["Old", 1]],
              "2026": [["Description", "2026"], ["New", 2]]}
    result = read(tmp_path, None, sheets=sheets, options=ImportOptions(sheet="2026"))
    assert result.detection.sheet == "2026"
    assert result.budget.descriptions.tolist() == ["New"]


def test_an_unknown_sheet_option_names_the_sheets_there_are(tmp_path):
    with pytest.raises(BudgetImportError, match="Budget"):
        read(tmp_path, budget_rows(), options=ImportOptions(sheet="Nope"))


def test_a_workbook_without_a_line_item_table_is_refused(tmp_path):
    with pytest.raises(BudgetImportError, match="no recognisable line-item table"):
        read(tmp_path, [["Name", "Phone"], ["Ann", "123"]])


def test_a_header_below_row_30_is_not_found(tmp_path):
    rows = [["filler"]] * 30 + [["Description", "2025"], ["Tanks", 1]]
    with pytest.raises(BudgetImportError):
        read(tmp_path, rows)


def test_csv_with_semicolons_and_decimal_commas(tmp_path):
    rows = [["Code", "Description", "2025"], ["0601", "Army", "1.234,5"],
            ["0602", "Navy", "2 000,25"]]
    path = write_csv(tmp_path / "budget.csv", rows, delimiter=";")
    budget = read_budget(str(path)).budget
    assert budget.codes.tolist() == ["0601", "0602"]
    assert budget.amounts[:, 0].tolist() == [1234.5, 2000.25]


def test_a_two_row_header_joins_the_year_to_the_word_below(tmp_path):
    rows = [["", "", 2025, 2025, 2026], ["Code", "Description", "Actual", "Budget", "Plan"],
            ["01", "Tanks", 9, 10, 12]]
    result = read(tmp_path, rows)
    assert result.detection.header_row == 2
    assert result.budget.years == [2025, 2026]
    assert result.budget.amounts[0].tolist() == [10, 12]


def test_an_amount_word_merged_over_a_row_of_years_heads_those_years(tmp_path):
    rows = [["Code", "Description", "Budget (EUR m)", None], [None, None, 2025, 2026],
            ["01", "Tanks", 1, 2], ["02", "Radars", 3, 4]]
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    book.active.merge_cells("C1:D1")
    book.save(tmp_path / "budget.xlsx")
    result = read_budget(str(tmp_path / "budget.xlsx"))
    assert result.detection.header_row == 2
    assert result.budget.years == [2025, 2026]
    assert result.budget.amounts.tolist() == [[1e6, 2e6], [3e6, 4e6]]
    assert result.skipped_rows == [] and result.errors == []
    assert read_budget(str(tmp_path / "budget.xlsx"), ImportOptions(
        header_row=2)).budget.amounts.tolist() == [[1e6, 2e6], [3e6, 4e6]]


def test_change_and_multi_year_total_columns_are_not_amounts(tmp_path):
    rows = [["Description", "2025", "2026", "% change 2026/2025", "Total 2025-2030",
             "Change 2026 vs 2025"], ["Tanks", 10, 12, "20%", 80, 2]]
    result = read(tmp_path, rows)
    assert result.budget.years == [2025, 2026]
    assert result.budget.amounts[0].tolist() == [10, 12]


def test_a_multi_year_total_with_a_short_end_year_is_not_the_first_years_amount(tmp_path):
    rows = [["Description", "2025", "2026", "2027", "Total 2025-27"], ["Tanks", 10, 20, 30, 60]]
    result = read(tmp_path, rows)
    assert result.budget.years == [2025, 2026, 2027]
    assert result.budget.amounts[0].tolist() == [10, 20, 30]


def test_commitments_and_payments_of_a_year_take_the_later_payments_column(tmp_path):
    rows = [["Programme", "AE 2025", "CP 2025"], ["Fregates", 900, 300]]
    result = read(tmp_path, rows)
    assert result.budget.amounts[0].tolist() == [300]
    assert any("CP 2025" in w for w in result.warnings)


def test_the_report_says_which_sheets_were_passed_over(tmp_path):
    sheets = {"Cover": [["Budget 2026"]], "Data": budget_rows()}
    result = read(tmp_path, None, sheets=sheets)
    assert any("'Cover' passed over" in w and "'Data'" in w for w in result.warnings)


def test_a_blank_top_left_header_over_text_is_the_description(tmp_path):
    rows = [["", 2025, 2026], ["Army", 1, 2], ["Navy", 3, 4]]
    result = read(tmp_path, rows)
    assert result.budget.descriptions.tolist() == ["Army", "Navy"]
    assert any("Column A has no header" in w for w in result.warnings)


def test_roles_and_years_chosen_in_the_preview_are_used_as_given(tmp_path):
    rows = [["Budget notes"], ["Programme", "Amount", "Remarks"], ["Jets", 5, "x"],
            ["Pay", 7, "y"]]
    options = ImportOptions(header_row=2, column_roles={0: ColumnRole.DESCRIPTION,
                                                        1: ColumnRole.AMOUNT,
                                                        2: ColumnRole.IGNORED},
                            amount_years={1: 2026}, scale=1000.0, currency="NOK")
    result = read(tmp_path, rows, options=options)
    assert result.budget.years == [2026]
    assert result.budget.amounts[:, 0].tolist() == [5000, 7000]
    assert result.budget.rationales.tolist() == ["", ""]
    assert (result.detection.currency, result.budget.source.currency) == ("NOK", "NOK")


def test_the_detection_fed_back_as_options_reads_the_same_budget(tmp_path):
    first = read(tmp_path, budget_rows())
    d = first.detection
    again = read(tmp_path, budget_rows(), options=ImportOptions(
        sheet=d.sheet, header_row=d.header_row, column_roles=dict(d.column_roles),
        amount_years=dict(d.amount_years), scale=d.scale, currency=d.currency))
    assert again.budget.amounts.tolist() == first.budget.amounts.tolist()
    assert again.budget.buckets.tolist() == first.budget.buckets.tolist()


@pytest.mark.parametrize("title, scale", [
    ("Angaben in 1.000 Euro", 1e3), ("(in 1 000 EUR)", 1e3), ("in 1.000.000 €", 1e6),
    ("w tys. zł", 1e3), ("Chapter 1000 - Defence", 1.0), ("Budget 2026, version 2", 1.0)])
def test_scale_written_as_one_with_zeros_but_not_any_number(tmp_path, title, scale):
    result = read(tmp_path, [[title], ["Description", "2025"], ["Tanks", 2]])
    assert result.detection.scale == scale


def test_a_german_federal_budget_layout(tmp_path):
    rows = [["Einzelplan 14 - Bundesministerium der Verteidigung"], ["Angaben in 1.000 Euro"],
            ["Kapitel", "Titel", "Zweckbestimmung", "Soll 2025", "Soll 2026", "Ist 2024"],
            ["1403", "553 01", "Beschaffung von Flugzeugen", "1.234.567", "1.300.000", "987"]]
    result = read(tmp_path, rows)
    assert result.budget.years == [2024, 2025, 2026]
    assert result.budget.codes.tolist() == ["553 01"]
    assert result.budget.organisations.tolist() == ["1403"]
    assert result.budget.amounts[0].tolist() == [987_000, 1_234_567_000, 1_300_000_000]


def test_a_us_exhibit_with_quantity_and_cost_columns_reads_the_cost(tmp_path):
    rows = [["Procurement, Thousands of Dollars"],
            ["Line Number", "Line Item Title", "FY 2025 Enacted Quantity",
             "FY 2025 Enacted Cost", "FY 2026 Request Quantity", "FY 2026 Request Cost"],
            ["001", "F-35A Lightning II", 12, 1_500_000, 14, 1_700_000]]
    result = read(tmp_path, rows)
    assert result.budget.amounts[0].tolist() == [1.5e9, 1.7e9]
    assert result.detection.currency == "USD"


def test_a_cover_with_title_and_budget_year_cells_is_passed_over(tmp_path):
    sheets = {"Cover": [["Title", "Defence budget 2026"], ["Name", "Ministry of Defence"]],
              "Budget": budget_rows()}
    result = read(tmp_path, None, sheets=sheets)
    assert result.detection.sheet == "Budget" and result.line_items == 4


def test_key_value_rows_above_the_table_are_not_its_header(tmp_path):
    rows = [["Title", "Defence budget 2026"], ["Unit", "EUR thousands"], [],
            ["Code", "Description", "2025", "2026"], ["0601", "Army", 1000, 1100]]
    result = read(tmp_path, rows)
    assert result.detection.header_row == 4
    assert result.budget.amounts[0].tolist() == [1_000_000, 1_100_000]
