"""The path to 2035: planned years, GDP projection, the credible path, close-the-gap."""
from __future__ import annotations

import numpy as np
import pytest

from nato_planner.core.budget import Budget, BudgetSource, LineColumns
from nato_planner.core.commands import CommandStack, SetGdp, SetHolds
from nato_planner.core.plan import Plan
from nato_planner.core.planning_commands import (
    SetPlannedHold, SetPlanningAssumption, amount_for_pct, close_the_gap_command,
    set_category_total, set_planned_amount,
)
from nato_planner.core.taxonomy import EQUIPMENT_SLOT, SLOT_INDEX, SUBCATEGORY_INDEX, Bucket, Slot
from nato_planner.core.close_gap import propose_close_gap
from nato_planner.core.trajectory import trajectory

SUB = SUBCATEGORY_INDEX
PERSONNEL_SLOT = SLOT_INDEX[Slot(Bucket.CORE, SUB["personnel"])]


def make_plan(lines_per_slot: int = 3) -> Plan:
    """A small national budget in EUR: 2025 actual, 2026 budget; GDP 2025, 2026, 2030."""
    rows = [(Bucket.CORE, SUB["equipment"], 4.0e9), (Bucket.CORE, SUB["personnel"], 6.0e9),
            (Bucket.CORE, SUB["operations"], 2.0e9), (Bucket.SECURITY, SUB["networks_cyber"], 0.6e9),
            (Bucket.SECURITY, SUB["military_mobility"], 0.9e9), (Bucket.NOT_COUNTED, -1, 1.0e9)]
    buckets, subs, amounts = [], [], []
    for bucket, sub, total in rows:
        for k in range(lines_per_slot):
            buckets.append(int(bucket))
            subs.append(sub)
            amounts.append([total / lines_per_slot * (1 + k * 0.1), total / lines_per_slot * 1.05])
    n = len(amounts)
    columns = LineColumns([2025, 2026], np.array(amounts), [f"C{i}" for i in range(n)],
                          [f"Line {i}" for i in range(n)], buckets=buckets, subcategories=subs)
    gdp = {2025: 600e9, 2026: 620e9, 2030: 700e9}
    return Plan(Budget(columns, gdp, BudgetSource("x.xlsx", "Budget", "EUR", 1.0)))


def test_every_year_from_the_first_budget_year_to_2035():
    rows = trajectory(make_plan())
    assert [r.year for r in rows] == list(range(2025, 2036))
    assert [r.planned for r in rows] == [False, False] + [True] * 9


def test_budget_years_use_the_engine_figures_unchanged():
    plan = make_plan()
    rows = trajectory(plan)
    assert rows[0].figures == plan.figures(2025)
    assert rows[1].figures == plan.figures(2026)


def test_planned_years_start_from_last_budget_year_grown_at_spending_growth():
    plan = make_plan()
    last = plan.figures(2026)
    assert plan.figures(2027).core == pytest.approx(last.core)  # default growth 0%
    CommandStack(plan).push(SetPlanningAssumption(plan, "spending_growth_pct", 2.0))
    assert plan.figures(2029).core == pytest.approx(last.core * 1.02 ** 3)
    assert plan.figures(2029).equipment == pytest.approx(last.equipment * 1.02 ** 3)


def test_gdp_from_workbook_else_grown_from_last_known_year():
    plan = make_plan()
    assert plan.gdp(2030) == 700e9  # the workbook says so
    assert plan.gdp(2027) == pytest.approx(620e9 * 1.03)
    assert plan.gdp(2035) == pytest.approx(700e9 * 1.03 ** 5)
    stack = CommandStack(plan)
    stack.push(SetPlanningAssumption(plan, "gdp_growth_pct", 5.0))
    assert plan.gdp(2028) == pytest.approx(620e9 * 1.05 ** 2)
    stack.push(SetGdp(plan, 2028, 650e9))
    assert plan.gdp(2029) == pytest.approx(650e9 * 1.05)
    stack.undo()
    stack.undo()
    assert plan.gdp(2028) == pytest.approx(620e9 * 1.03 ** 2)


def test_path_is_a_straight_line_from_first_budget_year_to_5_and_3_5_in_2035():
    plan = make_plan()
    rows = trajectory(plan)
    base = plan.figures(2025)
    assert rows[0].path_counted_pct == pytest.approx(base.counted_pct_gdp)
    assert rows[-1].path_counted_pct == pytest.approx(5.0)
    assert rows[-1].path_core_pct == pytest.approx(3.5)
    step = (5.0 - base.counted_pct_gdp) / 10
    assert rows[4].path_counted_pct == pytest.approx(base.counted_pct_gdp + 4 * step)
    assert rows[0].on_path is True
    assert rows[-1].on_path is False  # flat spending never reaches 5%


def test_path_baseline_year_is_adjustable():
    plan = make_plan()
    CommandStack(plan).push(SetPlanningAssumption(plan, "path_baseline_year", 2026))
    rows = trajectory(plan)
    assert rows[1].path_counted_pct == pytest.approx(plan.figures(2026).counted_pct_gdp)


def test_no_gdp_gives_no_path_and_no_verdict():
    plan = make_plan()
    plan.budget.gdp.clear()
    rows = trajectory(plan)
    assert all(r.on_path is None and r.path_counted_pct is None for r in rows)


def test_planned_slot_and_bucket_commands_and_undo():
    plan = make_plan()
    stack = CommandStack(plan)
    stack.push(set_planned_amount(plan, 2030, EQUIPMENT_SLOT, 9e9))
    assert plan.figures(2030).equipment == 9e9
    assert stack.undo_label == "Set 2030 Equipment to EUR 9.00 bn"
    before = plan.slot_totals(2031)
    stack.push(SetPlannedHold(plan, 2031, PERSONNEL_SLOT, True))
    stack.push(set_category_total(plan, 2031, Bucket.CORE, None, 20e9))
    after = plan.slot_totals(2031)
    assert plan.figures(2031).core == pytest.approx(20e9)
    assert after[PERSONNEL_SLOT] == before[PERSONNEL_SLOT]
    stack.undo()
    assert np.array_equal(plan.slot_totals(2031), before)


def test_typed_percent_equals_the_amount_it_stands_for():
    plan = make_plan()
    amount = amount_for_pct(plan, 2030, 3.0)
    assert amount == pytest.approx(21e9)
    CommandStack(plan).push(set_category_total(plan, 2030, Bucket.CORE, None, amount))
    assert plan.figures(2030).core_pct_gdp == pytest.approx(3.0)


def test_close_the_gap_puts_every_year_on_the_path_within_the_ceiling_and_undoes():
    plan = make_plan()
    stack = CommandStack(plan)
    before = trajectory(plan)
    proposal = propose_close_gap(plan, "path")
    assert {s.year for s in proposal.steps} == {r.year for r in before if r.on_path is False}
    stack.push(close_the_gap_command(plan, proposal))
    after = trajectory(plan)
    assert all(r.on_path for r in after)
    for r in after:
        ceiling = plan.targets.security_ceiling_pct / 100 * r.figures.gdp
        assert r.figures.security <= ceiling + 0.01
        assert r.figures.counted_pct_gdp == pytest.approx(r.path_counted_pct, abs=1e-6) \
            or r.figures.counted_pct_gdp > r.path_counted_pct
    assert after[-1].figures.core_pct_gdp >= 3.5 - 1e-9
    assert len(stack.history) == 1
    stack.undo()
    assert trajectory(plan) == before


def test_close_the_gap_fills_security_only_up_to_the_ceiling_then_core():
    plan = make_plan()
    step = [s for s in propose_close_gap(plan, "path").steps if s.year == 2035][0]
    gdp, unit = plan.gdp(2035), plan.display_unit
    security = step.security_before + step.extra_security
    # security reaches the ceiling to within one display unit, never above it
    assert 0.015 * gdp - unit <= security <= 0.015 * gdp
    assert step.after.core_pct_gdp == pytest.approx(3.5, abs=1e-6)
    assert step.after.counted_pct_gdp == pytest.approx(5.0, abs=1e-6)



def test_a_budget_year_without_security_lines_closes_its_gap_with_core():
    plan = make_plan()
    security = [i for i, b in enumerate(plan.budget.buckets) if b == Bucket.SECURITY]
    stack = CommandStack(plan)
    stack.push(SetHolds(plan, security, True))  # no free security-related line anywhere
    step = [s for s in propose_close_gap(plan, "path").steps if s.year == 2026][0]
    assert step.extra_security == 0 and "goes to core" in step.note
    stack.push(close_the_gap_command(plan, propose_close_gap(plan, "path")))
    row = [r for r in trajectory(plan) if r.year == 2026][0]
    assert row.on_path is True
    assert plan.budget.amounts[security, 1].tolist() == make_plan().budget.amounts[security, 1].tolist()


def test_spreading_a_planned_bucket_with_no_money_spreads_evenly_over_its_subcategories():
    # Issue 10 changed this: new security-related money goes onto the six named
    # sub-categories, not onto "no sub-category" (it was 7 equal parts before).
    plan = make_plan()
    stack = CommandStack(plan)
    innovation = SLOT_INDEX[Slot(Bucket.SECURITY, SUB["innovation"])]
    no_sub = SLOT_INDEX[Slot(Bucket.SECURITY, -1)]
    stack.push(set_category_total(plan, 2030, Bucket.SECURITY, None, 0.0))
    assert plan.figures(2030).security == 0.0
    stack.push(set_category_total(plan, 2030, Bucket.SECURITY, None, 6e9))
    totals = plan.slot_totals(2030)
    named = [i for i, s in enumerate(SLOT_INDEX) if s.bucket == Bucket.SECURITY and i != no_sub]
    assert [totals[i] for i in named] == pytest.approx([1e9] * 6)
    assert totals[innovation] == pytest.approx(1e9)  # a slot with nothing before gets its share
    assert totals[no_sub] == 0.0
