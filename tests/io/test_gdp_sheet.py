"""GDP from a GDP/Macro/Assumptions/Parameters sheet, from --gdp, or missing (null + warning)."""
from __future__ import annotations

import pytest

from importer_workbooks import write_xlsx
from nato_planner.core.plan import Plan
from nato_planner.io.budget_import import ImportOptions, read_budget

LINES = [["Description", "Classification", "2025", "2026"], ["Army", "Core", 35, 40]]


def read(tmp_path, gdp_sheet=None, name="Macro", options=None):
    sheets = {"Budget": LINES}
    if gdp_sheet is not None:
        sheets[name] = gdp_sheet
    return read_budget(str(write_xlsx(tmp_path / "b.xlsx", sheets)), options)


@pytest.mark.parametrize("name", ["GDP", "Macro data", "Assumptions", "Model parameters"])
def test_year_and_gdp_columns(tmp_path, name):
    result = read(tmp_path, [["Year", "GDP"], [2025, 1000], [2026, 1100]], name=name)
    assert result.budget.gdp == {2025: 1000, 2026: 1100}
    assert result.detection.gdp_source == f"sheet '{name}'"
    assert Plan(result.budget).figures(2025).core_pct_gdp == pytest.approx(3.5)


def test_years_across_with_a_gdp_row_and_a_scale_in_the_title(tmp_path):
    sheet = [["Macroeconomic assumptions, EUR billion"], [],
             ["Indicator", 2024, 2025, 2026],
             ["Real GDP growth (%)", 1.2, 1.4, 1.5],
             ["Nominal GDP", 0.9, 1.0, 1.1]]
    gdp = read(tmp_path, sheet).budget.gdp
    assert gdp == {2024: pytest.approx(0.9e9), 2025: pytest.approx(1e9),
                   2026: pytest.approx(1.1e9)}


def test_scale_word_in_the_gdp_header(tmp_path):
    sheet = [["Fiscal year", "Gross domestic product (EUR million)"], ["2025", "1,000"]]
    assert read(tmp_path, sheet).budget.gdp[2025] == pytest.approx(1e9)


def test_gdp_option_supplies_and_overrides(tmp_path):
    sheet = [["Year", "GDP"], [2025, 1000], [2026, 1100]]
    result = read(tmp_path, sheet, options=ImportOptions(gdp={2026: 2000.0}))
    assert result.budget.gdp == {2025: 1000, 2026: 2000}
    assert "--gdp" in result.detection.gdp_source
    assert any("2026" in w and "--gdp" in w for w in result.warnings)


def test_gdp_smaller_than_the_budget_itself_is_flagged_as_a_unit_problem(tmp_path):
    result = read(tmp_path, [["Year", "GDP (EUR)"], [2025, 30], [2026, 1100]])
    assert [w for w in result.warnings if "smaller than the budget" in w] == [
        "GDP for 2025 is smaller than the budget's own lines: check the unit of the GDP "
        "figures (a scale word such as 'EUR bn' in the GDP header or title)."]
    assert not any("smaller than the budget" in w
                   for w in read(tmp_path, [["Year", "GDP"], [2025, 1000]]).warnings)


def test_missing_gdp_gives_null_percentages_and_a_warning(tmp_path):
    result = read(tmp_path, [["Year", "GDP"], [2025, 1000]])
    figures = Plan(result.budget).figures(2026)
    assert figures.gdp is None and figures.core_pct_gdp is None and figures.total_gap is None
    assert any("No GDP for 2026" in w for w in result.warnings)


def test_no_gdp_sheet_at_all(tmp_path):
    result = read(tmp_path)
    assert result.budget.gdp == {} and result.detection.gdp_source is None
    assert any("No GDP for 2025, 2026" in w for w in result.warnings)


def test_a_gdp_row_labelled_beside_a_code(tmp_path):
    sheet = [["Code", "Indicator", "2025", "2026"], ["B1GQ", "GDP at market prices", 900, 950]]
    assert read(tmp_path, sheet).budget.gdp == {2025: 900, 2026: 950}
