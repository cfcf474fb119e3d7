"""Plan answers every year to 2035: figures, gap table, assumptions per year and sub-category,
GDP series, real growth, sensitivity, targets from one place."""
from __future__ import annotations

from dataclasses import replace

import pytest

from nato_planner.core.assumptions import AssumptionError, GdpSeries, parse_gdp_series
from nato_planner.core.commands import CommandStack, EditRefused
from nato_planner.core.plan import YearOutsidePlan
from nato_planner.core.planning_commands import (
    SetGdpSeries, SetPlanningAssumption, SetTargets,
)
from nato_planner.core.sensitivity import growth_sensitivity, money_per_tenth_point
from nato_planner.core.taxonomy import EQUIPMENT_SLOT, SLOT_INDEX, SUBCATEGORY_INDEX, Bucket, Slot
from nato_planner.core.trajectory import gap_table, trajectory

from test_trajectory import make_plan

PERSONNEL_SLOT = SLOT_INDEX[Slot(Bucket.CORE, SUBCATEGORY_INDEX["personnel"])]


def test_any_year_to_2035_has_figures_and_years_outside_say_so():
    plan = make_plan()
    f = plan.figures(2030)
    assert f.gdp == 700e9 and f.core == pytest.approx(plan.figures(2026).core)
    assert plan.figures(2035).year == 2035
    with pytest.raises(YearOutsidePlan, match="2036 is outside the plan"):
        plan.figures(2036)
    with pytest.raises(YearOutsidePlan):
        plan.figures(2024)


def test_gap_table_has_money_and_percent_for_every_year():
    plan = make_plan()
    table = gap_table(plan)
    assert [r.year for r in table] == list(range(2025, 2036))
    row = table[5]  # 2030: GDP 700 bn
    f = plan.figures(2030)
    assert row.basis == "planned"
    assert row.core_gap == pytest.approx(0.035 * 700e9 - f.core)
    assert row.core_gap_pct == pytest.approx(3.5 - 100 * f.core / 700e9)
    assert row.security_room == pytest.approx(0.015 * 700e9 - f.security)
    assert row.total_gap_pct == pytest.approx(5.0 - f.counted_pct_gdp)
    assert table[0].real_growth_pct is None
    assert table[0].on_path is True and table[-1].on_path is False


def test_real_growth_is_deflated_by_the_year_s_inflation():
    plan = make_plan()
    stack = CommandStack(plan)
    stack.push(SetPlanningAssumption(plan, "inflation_pct", 4.0, year=2026))
    c25, c26 = plan.figures(2025).counted, plan.figures(2026).counted
    assert plan.real_growth_pct(2026) == pytest.approx(100 * ((c26 / c25) / 1.04 - 1))
    assert trajectory(plan)[2].real_growth_pct == pytest.approx(100 * (1 / 1.02 - 1))  # flat


def test_gdp_growth_per_year_compounds_year_by_year():
    plan = make_plan()
    stack = CommandStack(plan)
    stack.push(SetPlanningAssumption(plan, "gdp_growth_pct", 1.0, year=2028))
    assert plan.gdp(2029) == pytest.approx(620e9 * 1.03 * 1.01 * 1.03)
    stack.undo()
    assert plan.gdp(2029) == pytest.approx(620e9 * 1.03 ** 3)


def test_spending_growth_per_subcategory_and_per_year():
    plan = make_plan()
    stack = CommandStack(plan)
    base = plan.slot_totals(2026)
    stack.push(SetPlanningAssumption(plan, "spending_growth_pct", 10.0, slot=EQUIPMENT_SLOT))
    stack.push(SetPlanningAssumption(plan, "spending_growth_pct", 2.0, year=2028))
    totals = plan.slot_totals(2028)
    assert totals[EQUIPMENT_SLOT] == pytest.approx(base[EQUIPMENT_SLOT] * 1.1 ** 2)
    assert totals[PERSONNEL_SLOT] == pytest.approx(base[PERSONNEL_SLOT] * 1.02)
    assert stack.undo_label == "Set spending growth for 2028 to 2% a year"
    stack.push(SetPlanningAssumption(plan, "spending_growth_pct", 0.0, year=2028,
                                     slot=EQUIPMENT_SLOT))
    assert plan.slot_totals(2028)[EQUIPMENT_SLOT] == pytest.approx(base[EQUIPMENT_SLOT] * 1.1)


def test_absurd_rates_are_refused_with_a_sentence():
    plan = make_plan()
    with pytest.raises(AssumptionError, match="cannot be used"):
        SetPlanningAssumption(plan, "gdp_growth_pct", -150.0)
    with pytest.raises(EditRefused, match="per sub-category"):
        SetPlanningAssumption(plan, "inflation_pct", 2.0, slot=EQUIPMENT_SLOT)


def test_pasted_series_in_two_columns_and_with_words():
    text = "Year\tGDP\n2026\t2.1e12\n2027; 2,200,000,000,000\n2028 2300 bn\n\n2029 2.400,5 bn"
    values = parse_gdp_series(text)
    assert values == {2026: 2.1e12, 2027: 2.2e12, 2028: 2.3e12, 2029: 2.4005e12}
    assert parse_gdp_series("2026 2100\n2027 2200", scale=1e9) == {2026: 2.1e12, 2027: 2.2e12}
    with pytest.raises(AssumptionError, match="Line 2"):
        parse_gdp_series("2026 1e12\n2027 lots")
    with pytest.raises(AssumptionError):
        parse_gdp_series("2026 -5")


def test_a_chosen_gdp_series_replaces_the_workbook_s_and_undoes():
    plan = make_plan()
    stack = CommandStack(plan)
    series = GdpSeries("pasted", "IMF WEO Oct 2026", {2026: 650e9, 2027: 680e9})
    stack.push(SetGdpSeries(plan, series))
    assert plan.gdp(2026) == 650e9 and plan.gdp_basis(2026) == "series"
    assert plan.gdp(2028) == pytest.approx(680e9 * 1.03)
    assert plan.gdp(2030) == 700e9  # a workbook year the series does not cover stays
    assert plan.planning.gdp_source == "pasted"
    stack.undo()
    assert plan.gdp(2026) == 620e9 and plan.planning.gdp_source == "workbook"


def test_money_per_tenth_point_and_the_path_with_faster_or_slower_growth():
    plan = make_plan()
    assert money_per_tenth_point(plan, 2030) == pytest.approx(0.7e9)
    rows = {r.year: r for r in growth_sensitivity(plan)}
    assert rows[2026].counted_pct_faster == rows[2026].counted_pct  # a workbook GDP stays
    f = plan.figures(2035)
    assert rows[2035].counted_pct_faster == pytest.approx(100 * f.counted / (700e9 * 1.04 ** 5))
    assert rows[2035].counted_pct_slower > rows[2035].counted_pct > rows[2035].counted_pct_faster
    assert plan.gdp(2035) == pytest.approx(700e9 * 1.03 ** 5)  # the plan itself is untouched


def test_targets_change_every_year_s_figures_and_path_and_undo():
    plan = make_plan()
    stack = CommandStack(plan)
    new = replace(plan.targets, core_floor_pct=3.0, total_pct=4.5, target_year=2033)
    stack.push(SetTargets(plan, new))
    assert stack.undo_label == "Set pledge targets (core floor 3%, total 4.5%, target year 2033)"
    rows = trajectory(plan)
    assert rows[-1].year == 2033 and rows[-1].path_counted_pct == pytest.approx(4.5)
    assert plan.figures(2030).core_gap == pytest.approx(0.03 * 700e9 - plan.figures(2030).core)
    stack.undo()
    assert trajectory(plan)[-1].year == 2035
    with pytest.raises(EditRefused, match="below the core floor"):
        SetTargets(plan, replace(plan.targets, total_pct=3.0))
