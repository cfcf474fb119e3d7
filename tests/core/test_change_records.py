"""Change records, batches, state captured when a command runs, a capped history, read-only
arrays and snapshots (issue 10, item 8), and the refusals of item 7."""
from __future__ import annotations

import numpy as np
import pytest

from nato_planner.core.budget import Budget, LineColumns
from nato_planner.core.commands import (
    AMOUNTS, ASSUMPTIONS, CLASSIFICATION, TEXT, ClassifyLines, CommandStack, EditRefused,
    SetAmounts, SetGdp, SetRationale, SetShares,
)
from nato_planner.core.plan import Plan
from nato_planner.core.planning_commands import SetPlanningAssumption
from nato_planner.core.taxonomy import Bucket

from core_budgets import WHEN, simple_budget


@pytest.fixture
def plan() -> Plan:
    return Plan(simple_budget([(100.0, Bucket.UNCLASSIFIED, None, 1.0)] * 10, years=(2025, 2026)))


def test_each_command_says_what_kind_of_thing_it_changed(plan):
    stack = CommandStack(plan)
    heard = []
    stack.subscribe(heard.append)
    stack.push(ClassifyLines(plan, [1], Bucket.CORE, when=WHEN, user="a"))
    stack.push(SetRationale(plan, [1], "Capability target", when=WHEN, user="a"))
    stack.push(SetAmounts(plan, [2], 2026, 5.0, when=WHEN, user="a"))
    stack.push(SetPlanningAssumption(plan, "inflation_pct", 2.5))
    assert [c.kinds for c in heard] == [{CLASSIFICATION}, {TEXT}, {AMOUNTS}, {ASSUMPTIONS}]
    rationale = heard[1]
    assert rationale.text_only and not rationale.figures_changed and rationale.years == ()
    assert heard[0].figures_changed and heard[0].lines.tolist() == [1]


def test_a_jump_of_many_steps_is_announced_once(plan):
    stack = CommandStack(plan)
    for line in range(10):
        stack.push(SetAmounts(plan, [line], 2026, 7.0 + line, when=WHEN, user="a"))
    heard = []
    stack.subscribe(heard.append)
    stack.jump_to(2)
    assert len(heard) == 1 and heard[0].lines.tolist() == list(range(2, 10))
    assert stack.depth == 2
    stack.redo_many(3)
    assert len(heard) == 2 and stack.depth == 5


def test_a_command_captures_the_state_when_it_runs_not_when_built(plan):
    stack = CommandStack(plan)
    later = SetAmounts(plan, [0], 2026, 50.0, when=WHEN, user="a")  # built while 100
    stack.push(SetAmounts(plan, [0], 2026, 75.0, when=WHEN, user="a"))
    stack.push(later)
    stack.undo()
    assert plan.budget.amounts[0, 1] == 75.0  # not 100: the state when it ran


def test_history_is_capped_by_steps_and_by_memory(plan):
    stack = CommandStack(plan, max_steps=5)
    for i in range(8):
        stack.push(SetAmounts(plan, [i], 2026, 1.0, when=WHEN, user="a"))
    assert stack.depth == 5
    big = Plan(simple_budget([(1.0, Bucket.CORE, None, 1.0)] * 20_000))
    small_memory = CommandStack(big, max_bytes=600_000)
    for _ in range(6):
        small_memory.push(SetShares(big, np.arange(20_000), 0.5, when=WHEN, user="a"))
    assert small_memory.depth < 6 and small_memory.memory_bytes <= 600_000


def test_budget_arrays_are_read_only_outside_commands(plan):
    with pytest.raises(ValueError, match="read-only"):
        plan.budget.amounts[0, 0] = 1.0
    with pytest.raises(ValueError, match="read-only"):
        plan.budget.buckets[0] = 1
    CommandStack(plan).push(SetAmounts(plan, [0], 2025, 3.0, when=WHEN, user="a"))
    assert plan.budget.amounts[0, 0] == 3.0 and not plan.budget.amounts.flags.writeable


def test_a_snapshot_does_not_follow_later_edits(plan):
    stack = CommandStack(plan)
    snapshot = plan.snapshot()
    stack.push(ClassifyLines(plan, range(5), Bucket.CORE, when=WHEN, user="a"))
    stack.push(SetAmounts(plan, [0], 2026, 9.0, when=WHEN, user="a"))
    assert snapshot.figures(2026).core == 0.0 and snapshot.budget.amounts[0, 1] == 100.0
    assert plan.figures(2026).core == 409.0
    with pytest.raises(RuntimeError):
        SetAmounts(snapshot, [0], 2026, 1.0).do(snapshot)


def test_excluded_lines_follow_a_typed_amount(plan):
    budget = simple_budget([(10.0, Bucket.CORE, None, 1.0)] * 3, unreadable=[(1, 0)])
    p = Plan(budget)
    assert budget.excluded.tolist() == [False, True, False] and p.figures(2026).core == 20.0
    CommandStack(p).push(SetAmounts(p, [1], 2026, 4.0, when=WHEN, user="a"))
    assert budget.excluded.tolist() == [False, False, False] and p.figures(2026).core == 24.0


def test_absurd_amounts_shares_and_gdp_are_refused_with_a_sentence(plan):
    for value in (1e20, float("nan"), float("inf")):
        with pytest.raises(EditRefused):
            SetAmounts(plan, [0], 2026, value)
    with pytest.raises(EditRefused, match="between 0% and 100%, not 150%"):
        SetShares(plan, [0], 1.5)  # a typed 150 is refused, never kept as 15%
    with pytest.raises(EditRefused, match="positive amount"):
        SetGdp(plan, 2026, float("inf"))


def test_an_actual_year_is_history_unless_the_edit_confirms_it():
    columns = LineColumns([2024, 2025], np.array([[5.0, 6.0]]), ["A"], ["Radar"],
                          actual_years=[2024])
    plan = Plan(Budget(columns, {2024: 100.0, 2025: 110.0}))
    with pytest.raises(EditRefused, match="2024 holds actuals"):
        SetAmounts(plan, [0], 2024, 9.0)
    CommandStack(plan).push(SetAmounts(plan, [0], 2024, 9.0, confirm_actual=True))
    assert plan.budget.amounts[0, 0] == 9.0


def test_a_bulk_step_that_fails_half_way_changes_nothing(plan):
    from nato_planner.core.commands import CompositeCommand
    from nato_planner.core.planning_commands import ApplySpread
    from nato_planner.core.spread import SpreadError, SpreadRequest
    stack = CommandStack(plan)
    before = plan.budget.amounts.copy()
    bulk = CompositeCommand("Bulk", [
        SetAmounts(plan, [0], 2026, 5.0, when=WHEN, user="a"),
        ApplySpread(plan, SpreadRequest(2026, Bucket.SECURITY, 10.0))])  # no security line
    with pytest.raises(SpreadError):
        stack.push(bulk)
    assert np.array_equal(plan.budget.amounts, before) and stack.depth == 0
