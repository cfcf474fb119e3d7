"""Comparing two plans: per-year figures side by side and a bridge that adds up."""
from __future__ import annotations

import copy

import pytest

from core_budgets import simple_budget

from nato_planner.core.commands import ClassifyLines, SetShares
from nato_planner.core.plan import Plan
from nato_planner.core.plan_compare import bridge, compare_years
from nato_planner.core.planning_commands import set_planned_amount
from nato_planner.core.taxonomy import EQUIPMENT_SLOT, Bucket


def two_plans():
    budget = simple_budget([(100.0, Bucket.CORE, None, 1.0), (40.0, Bucket.UNCLASSIFIED, None, 1.0),
                            (30.0, Bucket.SECURITY, None, 0.5), (5.0, Bucket.CORE, None, 1.0)],
                           years=(2026,), gdp={2026: 4000.0})
    a = Plan(budget)
    b = Plan(copy.deepcopy(budget))
    return a, b


def test_a_bridge_walks_from_a_to_b_line_by_line():
    a, b = two_plans()
    ClassifyLines(b, [1], Bucket.CORE).do(b)  # +40 core
    SetShares(b, [2], 1.0).do(b)  # security 15 -> 30
    result = bridge(a, b, 2026)
    assert result.start == 120.0 and result.end == 175.0  # core 105 + security 30 x 50%
    assert [(s.label, s.amount) for s in result.steps] == [("C1 Line 1", 40.0), ("C2 Line 2", 15.0)]
    assert result.start + sum(s.amount for s in result.steps) == result.end


def test_security_above_the_ceiling_shows_as_its_own_step():
    a, b = two_plans()
    ClassifyLines(b, [1], Bucket.SECURITY).do(b)  # security 15 -> 55; ceiling 1.5% of 4000 = 60
    SetShares(b, [2], 1.0).do(b)  # security 70: 10 above the ceiling
    result = bridge(a, b, 2026)
    assert result.end == pytest.approx(165.0)  # 105 core + 60 security
    assert result.steps[-1].kind == "ceiling" and result.steps[-1].amount == pytest.approx(-10.0)
    assert result.start + sum(s.amount for s in result.steps) == pytest.approx(result.end)


def test_many_small_changes_are_summed_into_one_step():
    a, b = two_plans()
    ClassifyLines(b, [1], Bucket.CORE).do(b)
    ClassifyLines(b, [0, 3], Bucket.NOT_COUNTED).do(b)
    result = bridge(a, b, 2026, largest=1)
    assert [s.label for s in result.steps] == ["C0 Line 0", "2 other lines"]
    assert result.steps[1].amount == 40.0 - 5.0


def test_planned_years_compare_by_category():
    a, b = two_plans()
    set_planned_amount(b, 2030, EQUIPMENT_SLOT, 250.0).do(b)
    years = {y.year: y for y in compare_years(a, b)}
    assert set(years) == set(range(2026, 2036)) and years[2030].planned
    assert years[2030].b.core - years[2030].a.core == pytest.approx(250.0)
    result = bridge(a, b, 2030)
    assert len(result.steps) == 1 and result.steps[0].amount == pytest.approx(250.0)
    assert "Equipment" in result.steps[0].label
