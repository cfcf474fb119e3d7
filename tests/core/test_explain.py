"""Explanations read the engine's figures and write them the way a delegate checks them."""
from __future__ import annotations

import numpy as np

from nato_planner.core.explain import FIGURES, explain, explanation_text
from nato_planner.core.plan import Plan
from nato_planner.core.taxonomy import Bucket

from core_budgets import simple_budget

GDP = 2094.6e9


def _plan() -> Plan:
    # core 30.00 + 14.44 bn (one line counted at 50% of 28.88 bn), security 7.04 bn
    rows = [(30.0e9, Bucket.CORE, "personnel", 1.0), (28.88e9, Bucket.CORE, "equipment", 0.5),
            (7.04e9, Bucket.SECURITY, "military_mobility", 1.0),
            (3.0e9, Bucket.NOT_COUNTED, None, 1.0), (1.0e9, Bucket.UNCLASSIFIED, None, 1.0)]
    return Plan(simple_budget(rows, years=(2026,), gdp={2026: GDP}))


def test_counted_is_written_as_the_issue_asks_with_the_plans_numbers() -> None:
    e = explain(_plan(), 2026, "counted")
    # 44.44 + min(7.04, 31.419) = 51.48 bn; 51.48 / 2094.6 = 2.4577%
    assert e.formula[0] == ("counted = core 44.4 bn + min(security 7.0 bn, 1.5% x GDP "
                            "2,094.6 bn = 31.4 bn) = 51.5 bn = 2.46% of GDP")
    assert e.value == "2.46% of GDP (51.5 bn)"


def test_security_above_the_ceiling_is_named_as_not_counted() -> None:
    rows = [(10.0e9, Bucket.CORE, None, 1.0), (40.0e9, Bucket.SECURITY, None, 1.0)]
    plan = Plan(simple_budget(rows, years=(2026,), gdp={2026: 2000e9}))
    text = explanation_text(explain(plan, 2026, "counted"))
    # ceiling 30 bn; counted 10 + 30 = 40 bn = 2.00%; 10 bn above the ceiling
    assert "= 40.0 bn = 2.00% of GDP" in text
    assert "10.0 bn of security-related spending is above the 1.5% ceiling" in text


def test_lines_behind_are_the_lines_the_figure_adds_with_their_counted_share() -> None:
    plan = _plan()
    behind = explain(plan, 2026, "core").behind
    assert sorted(behind.lines.tolist()) == [0, 1]
    assert sorted(behind.counted.tolist()) == [14.44e9, 30.0e9]
    assert explain(plan, 2026, "equipment_share").behind.lines.tolist() == [1]
    assert sorted(explain(plan, 2026, "not_counted").behind.lines.tolist()) == [1, 3]
    assert explain(plan, 2026, "unclassified").behind.lines.tolist() == [4]


def test_an_unreadable_line_is_left_out_and_said_so() -> None:
    rows = [(5.0e9, Bucket.CORE, None, 1.0), (9.0e9, Bucket.CORE, None, 1.0)]
    budget = simple_budget(rows, years=(2026,), gdp={2026: GDP}, unreadable=[(1, 0)])
    e = explain(Plan(budget), 2026, "core")
    assert e.behind.lines.tolist() == [0]
    assert any("1 line with an unreadable amount is left out" in a for a in e.assumptions)


def test_a_year_without_gdp_says_what_to_do() -> None:
    rows = [(5.0e9, Bucket.CORE, None, 1.0)]
    e = explain(Plan(simple_budget(rows, years=(2026,), gdp={})), 2026, "counted")
    assert "no GDP" in e.value and "Edit > GDP per year" in e.gdp


def test_a_planned_year_names_its_projection_and_source_lines() -> None:
    plan = _plan()
    e = explain(plan, 2030, "counted")
    assert "projected from 2026" in e.gdp
    assert "2030 is a planned year: these are the lines of 2026" in e.behind.note
    assert f"{plan.figures(2030).counted_pct_gdp:.2f}% of GDP" in e.formula[0]


def test_every_figure_has_an_explanation_for_every_year() -> None:
    plan = _plan()
    for year in plan.trajectory_years:
        for figure in FIGURES:
            e = explain(plan, year, figure)
            assert e.formula and e.value and e.gdp, (figure, year)
            assert np.all(np.isfinite(e.behind.counted))
