"""Spreading as planners expect: default (core money onto equipment and operations), chosen
sub-categories or lines, equal, growth %, holds, a preview that matches what is applied,
rounding to the display unit, one undo step; close-the-gap's money lands where it should."""
from __future__ import annotations

import numpy as np
import pytest

from nato_planner.core.close_gap import propose_close_gap
from nato_planner.core.commands import CommandStack, SetHolds
from nato_planner.core.planning_commands import ApplySpread, CloseTheGap, SetPlannedHold
from nato_planner.core.spread import SpreadError, SpreadRequest, preview_spread
from nato_planner.core.taxonomy import EQUIPMENT_SLOT, SLOT_INDEX, SUBCATEGORY_INDEX, Bucket, Slot

from test_trajectory import make_plan

SUB = SUBCATEGORY_INDEX
OPERATIONS_SLOT = SLOT_INDEX[Slot(Bucket.CORE, SUB["operations"])]
PERSONNEL_SLOT = SLOT_INDEX[Slot(Bucket.CORE, SUB["personnel"])]
CYBER_SLOT = SLOT_INDEX[Slot(Bucket.SECURITY, SUB["networks_cyber"])]


def lines_in(plan, bucket, sub):
    b = plan.budget
    return np.flatnonzero((b.buckets == bucket) & (b.subcategories == SUB[sub]))


def test_new_core_money_goes_to_equipment_and_operations_not_pay():
    plan = make_plan()
    before = plan.slot_totals(2026)
    preview = preview_spread(plan, SpreadRequest(2026, Bucket.CORE, 3e9))
    moved = {m.slot: m.delta for m in preview.moves}
    assert set(moved) == {EQUIPMENT_SLOT, OPERATIONS_SLOT}
    assert moved[EQUIPMENT_SLOT] == pytest.approx(3e9 * 4 / 6)  # in proportion to 4 : 2 bn
    assert preview.lines_moved == 6 and "Equipment +" in preview.summary()
    stack = CommandStack(plan)
    stack.push(ApplySpread(plan, SpreadRequest(2026, Bucket.CORE, 3e9)))
    after = plan.slot_totals(2026)
    assert after[PERSONNEL_SLOT] == before[PERSONNEL_SLOT]
    assert after[EQUIPMENT_SLOT] - before[EQUIPMENT_SLOT] == pytest.approx(moved[EQUIPMENT_SLOT])
    assert len(stack.history) == 1
    stack.undo()
    assert np.array_equal(plan.slot_totals(2026), before)


def test_removed_money_comes_off_every_free_subcategory_in_proportion():
    plan = make_plan()
    preview = preview_spread(plan, SpreadRequest(2026, Bucket.CORE, -1.26e9))
    moved = {m.slot: m.delta for m in preview.moves}
    assert moved[PERSONNEL_SLOT] == pytest.approx(-1.26e9 * 6 / 12)


def test_equal_chosen_and_growth_modes_in_a_planned_year():
    plan = make_plan()
    equal = preview_spread(plan, SpreadRequest(2030, Bucket.CORE, 6e9, mode="equal"))
    assert [m.delta for m in equal.moves] == [1e9] * 6  # five sub-categories and "none"
    chosen = preview_spread(plan, SpreadRequest(2030, Bucket.CORE, 2e9, mode="chosen",
                                                slots=(PERSONNEL_SLOT,)))
    assert [(m.slot, m.delta) for m in chosen.moves] == [(PERSONNEL_SLOT, 2e9)]
    growth = preview_spread(plan, SpreadRequest(2030, Bucket.CORE, 0.0, mode="growth",
                                                growth_pct=10.0))
    assert growth.delta == pytest.approx(0.1 * plan.category_total(2030, Bucket.CORE, None))
    with pytest.raises(SpreadError, match="not part of Core defence"):
        preview_spread(plan, SpreadRequest(2030, Bucket.CORE, 1e9, slots=(CYBER_SLOT,)))


def test_chosen_lines_get_the_money_and_held_lines_and_slots_stay_put():
    plan = make_plan()
    stack = CommandStack(plan)
    equipment = lines_in(plan, Bucket.CORE, "equipment")
    stack.push(SetHolds(plan, equipment[:1], True))
    preview = preview_spread(plan, SpreadRequest(2026, Bucket.CORE, 1e8, mode="chosen",
                                                 lines=tuple(equipment)))
    assert preview.lines.tolist() == equipment[1:].tolist()
    stack.push(SetPlannedHold(plan, 2026, OPERATIONS_SLOT, True))
    preview = preview_spread(plan, SpreadRequest(2026, Bucket.CORE, 1e8))
    assert {m.slot for m in preview.moves} == {EQUIPMENT_SLOT}


def test_spreads_move_whole_display_units_and_keep_the_total_exact():
    plan = make_plan()
    plan.display_unit = 1e6  # the table shows EUR million
    stack = CommandStack(plan)
    before = plan.budget.amounts[:, 1].copy()
    stack.push(ApplySpread(plan, SpreadRequest(2026, Bucket.CORE, 1_234_567_891.0)))
    moved = plan.budget.amounts[:, 1] - before
    assert np.allclose(moved / 1e6, np.round(moved / 1e6))  # no cents residue
    assert moved.sum() == pytest.approx(1_235e6)  # the total moved to the unit


def test_preview_is_what_the_command_applies_even_when_run_later():
    plan = make_plan()
    request = SpreadRequest(2026, Bucket.SECURITY, 5e8)
    preview = preview_spread(plan, request)
    command = ApplySpread(plan, request)  # built now ...
    stack = CommandStack(plan)
    stack.push(SetHolds(plan, lines_in(plan, Bucket.SECURITY, "networks_cyber"), True))
    stack.push(command)  # ... run after a hold: it captures and spreads when it runs
    assert command.preview.moves != preview.moves
    stack.undo()
    stack.undo()
    assert np.array_equal(plan.budget.amounts, make_plan().budget.amounts)


def test_close_the_gap_security_money_never_lands_on_core_lines():
    plan = make_plan()
    personnel = lines_in(plan, Bucket.CORE, "personnel")
    before = plan.budget.amounts.copy()
    proposal = propose_close_gap(plan, "now")
    for step in proposal.steps:
        if step.security_spread is not None:
            assert {m.slot for m in step.security_spread.moves} <= {
                SLOT_INDEX[Slot(Bucket.SECURITY, SUB[k])] for k in
                ("critical_infrastructure", "networks_cyber", "civil_preparedness",
                 "innovation", "industrial_base", "military_mobility")}
        if step.core_spread is not None:
            assert PERSONNEL_SLOT not in {m.slot for m in step.core_spread.moves if m.delta}
    stack = CommandStack(plan)
    stack.push(CloseTheGap(plan, proposal))
    assert np.array_equal(plan.budget.amounts[personnel], before[personnel])  # pay untouched
    for year in range(2026, 2036):
        f = plan.figures(year)
        assert f.core >= 0.035 * f.gdp - 0.01 and f.security >= 0.015 * f.gdp - 0.01, year
    assert len(stack.history) == 1 and stack.undo_label.startswith("Close the gap at the targets")
    stack.undo()
    assert np.array_equal(plan.budget.amounts, before)
    assert plan.planning.planned_amounts == {}


def test_the_proposal_shows_the_figures_the_command_gives():
    plan = make_plan()
    proposal = propose_close_gap(plan, "path")
    CommandStack(plan).push(CloseTheGap(plan, proposal))
    for step in proposal.steps:
        assert plan.figures(step.year) == step.after
