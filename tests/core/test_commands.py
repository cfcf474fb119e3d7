"""Commands as a user meets them: labels in the Edit menu, one undo step per gesture, exact
undo/redo, the clean mark, the Changes sheet's rows and the 'Changed' column."""
from __future__ import annotations

import numpy as np
import pytest

from nato_planner.core.audit import audit_rows
from nato_planner.core.commands import (
    ClassifyLines, CommandStack, CompositeCommand, SetAmounts, SetGdp, SetHolds, SetRationale,
    SetShares,
)
from nato_planner.core.plan import Plan
from nato_planner.core.taxonomy import SUBCATEGORY_INDEX, Bucket

from core_budgets import WHEN, figures_tuple, random_budget, simple_budget

CYBER = SUBCATEGORY_INDEX["networks_cyber"]


@pytest.fixture
def plan() -> Plan:
    return Plan(simple_budget([(100.0, Bucket.UNCLASSIFIED, None, 1.0)] * 20
                              + [(50.0, Bucket.NOT_COUNTED, None, 1.0)] * 5))


@pytest.fixture
def stack(plan) -> CommandStack:
    return CommandStack(plan)


def classify(plan, lines, bucket=Bucket.CORE, sub=None):
    return ClassifyLines(plan, lines, bucket, sub, when=WHEN, user="analyst")


# --- labels ---------------------------------------------------------------------------------
def test_bulk_reclassify_label_counts_lines(plan):
    assert classify(plan, range(14)).label == "Reclassify 14 lines as Core defence"


def test_single_line_label_names_the_line(plan):
    assert classify(plan, [3], Bucket.SECURITY, CYBER).label == \
        "Reclassify 'Line 3' as Security-related: Networks & cyber"


def test_share_amount_and_gdp_labels(plan):
    assert SetShares(plan, [1, 2], 0.4, when=WHEN, user="a").label == \
        "Set counted share of 2 lines to 40%"
    assert SetAmounts(plan, [0], 2026, 5.0, when=WHEN, user="a").label == \
        "Set 2026 amount of 'Line 0'"
    assert SetGdp(plan, 2026, 2000.0).label == "Set 2026 GDP"


def test_stack_shows_undo_and_redo_labels(plan, stack):
    assert stack.undo_label is None and stack.redo_label is None
    stack.push(classify(plan, range(14)))
    stack.push(SetShares(plan, [0], 0.5, when=WHEN, user="a"))
    assert stack.undo_label == "Set counted share of 'Line 0' to 50%"
    stack.undo()
    assert stack.undo_label == "Reclassify 14 lines as Core defence"
    assert stack.redo_label == "Set counted share of 'Line 0' to 50%"
    assert stack.history == ["Reclassify 14 lines as Core defence"]
    assert stack.future == ["Set counted share of 'Line 0' to 50%"]


# --- undo / redo --------------------------------------------------------------------------
def test_undo_and_redo_restore_every_figure_exactly():
    plan = Plan(random_budget(4, 80))
    stack = CommandStack(plan)
    states = [figures_tuple(plan.budget)]
    stack.push(classify(plan, range(0, 80, 3), Bucket.SECURITY, CYBER))
    states.append(figures_tuple(plan.budget))
    stack.push(SetAmounts(plan, [5, 9, 1], 2026, [1.1e9, -3.3e6, 7.77], when=WHEN, user="a"))
    states.append(figures_tuple(plan.budget))
    stack.push(SetShares(plan, range(10, 40), 0.38, when=WHEN, user="a"))
    states.append(figures_tuple(plan.budget))
    for depth in (2, 1, 0):
        stack.undo()
        assert figures_tuple(plan.budget) == states[depth]
    for depth in (1, 2, 3):
        stack.redo()
        assert figures_tuple(plan.budget) == states[depth]


def test_undo_restores_the_lines_themselves(plan, stack):
    stack.push(classify(plan, [0, 1], Bucket.SECURITY, CYBER))
    stack.push(SetShares(plan, [0], 0.25, when=WHEN, user="a"))
    stack.push(SetAmounts(plan, [1], 2026, 999.0, when=WHEN, user="a"))
    stack.undo(), stack.undo(), stack.undo()
    b = plan.budget
    assert b.buckets[:2].tolist() == [Bucket.UNCLASSIFIED] * 2
    assert b.shares[0] == 1.0 and b.amounts[1, 0] == 100.0


def test_nothing_to_undo_or_redo_is_harmless(plan, stack):
    assert stack.undo() is None and stack.redo() is None


def test_a_new_edit_drops_the_redo_branch(plan, stack):
    stack.push(classify(plan, [0]))
    stack.undo()
    stack.push(classify(plan, [1]))
    assert stack.redo() is None and stack.future == []


def test_composite_command_is_one_undo_step(plan, stack):
    before = figures_tuple(plan.budget)
    bulk = CompositeCommand("Apply rules to 6 lines", [
        classify(plan, range(3)), classify(plan, range(3, 6), Bucket.SECURITY, CYBER),
        SetShares(plan, [4], 0.5, when=WHEN, user="a")])
    change = stack.push(bulk)
    assert change.lines.tolist() == [0, 1, 2, 3, 4, 5]
    assert plan.figures(2026).core == 300.0 and plan.figures(2026).security == 250.0
    assert stack.history == ["Apply rules to 6 lines"]
    stack.undo()
    assert figures_tuple(plan.budget) == before
    assert stack.undo_label is None


def test_listeners_hear_what_changed(plan, stack):
    heard = []
    stack.subscribe(heard.append)
    stack.push(SetAmounts(plan, [7, 2], 2026, [1.0, 2.0], when=WHEN, user="a"))
    stack.undo()
    assert [(c.lines.tolist(), c.years) for c in heard] == [([2, 7], (2026,))] * 2


def test_amounts_given_in_any_line_order_land_on_their_lines(plan, stack):
    stack.push(SetAmounts(plan, [9, 2, 5], 2026, [90.0, 20.0, 50.0], when=WHEN, user="a"))
    assert plan.budget.amounts[[2, 5, 9], 0].tolist() == [20.0, 50.0, 90.0]


def test_gdp_edit_is_undoable_and_moves_percentages(plan, stack):
    stack.push(classify(plan, range(10)))
    assert plan.figures(2026).core_pct_gdp == pytest.approx(100.0)  # 1000 of GDP 1000
    stack.push(SetGdp(plan, 2026, 4000.0))
    assert plan.figures(2026).core_pct_gdp == pytest.approx(25.0)
    stack.undo()
    assert plan.gdp_of(2026) == 1000.0


def test_invalid_share_and_gdp_are_refused(plan):
    with pytest.raises(ValueError):
        SetShares(plan, [0], 1.5)
    with pytest.raises(ValueError):
        SetGdp(plan, 2026, 0.0)


def test_holds_are_undoable_and_do_not_touch_figures(plan, stack):
    before = figures_tuple(plan.budget)
    stack.push(SetHolds(plan, [1, 2], True))
    assert plan.budget.holds[[1, 2]].all()
    assert figures_tuple(plan.budget) == before
    stack.undo()
    assert not plan.budget.holds.any()


# --- clean mark (last export) -------------------------------------------------------------
def test_clean_mark_follows_undo_and_redo(plan, stack):
    assert stack.is_clean
    stack.push(classify(plan, [0]))
    assert not stack.is_clean
    stack.mark_clean()
    stack.push(classify(plan, [1]))
    assert not stack.is_clean
    stack.undo()
    assert stack.is_clean
    stack.undo()
    assert not stack.is_clean
    stack.redo()
    assert stack.is_clean


def test_clean_state_lost_when_its_redo_branch_is_dropped(plan, stack):
    stack.push(classify(plan, [0]))
    stack.mark_clean()
    stack.undo()
    stack.push(classify(plan, [1]))
    stack.undo()
    assert not stack.is_clean


# --- audit rows (the Changes sheet) -------------------------------------------------------
def test_audit_rows_appear_and_disappear_with_undo(plan, stack):
    stack.push(SetRationale(plan, [0, 1], "Hague 2025: cyber defence", when=WHEN, user="ana"))
    stack.push(classify(plan, [0, 1], Bucket.SECURITY, CYBER))
    rows = list(audit_rows(plan.audit, plan.budget))
    assert [r.what for r in rows[2:]] == [
        "classification: Unclassified -> Security-related / Networks & cyber"] * 2
    assert rows[2].line == "C0 Line 0" and rows[2].user == "analyst" and rows[2].time == WHEN
    assert rows[2].rationale == "Hague 2025: cyber defence"
    stack.undo()
    assert len(list(audit_rows(plan.audit, plan.budget))) == 2
    stack.redo()
    assert len(list(audit_rows(plan.audit, plan.budget))) == 4


def test_audit_skips_lines_the_edit_did_not_change(plan, stack):
    stack.push(classify(plan, [0]))
    stack.push(classify(plan, [0, 1]))
    assert len(list(audit_rows(plan.audit, plan.budget))) == 2  # line 0 once, line 1 once


def test_rationale_records_who_and_when(plan, stack):
    stack.push(SetRationale(plan, [4], "Military-trained units only", when=WHEN, user="ana"))
    b = plan.budget
    assert (b.rationales[4], b.rationale_authors[4]) == ("Military-trained units only", "ana")
    assert b.rationale_times[4] == "2026-03-02 09:30:00"
    stack.undo()
    assert (b.rationales[4], b.rationale_authors[4], b.rationale_times[4]) == ("", "", "")


# --- what the plan changed (the 'Changed' column) -----------------------------------------
def test_changed_mask_and_description(plan, stack):
    stack.push(classify(plan, [20], Bucket.SECURITY, CYBER))
    stack.push(SetShares(plan, [20], 0.4, when=WHEN, user="a"))
    stack.push(SetAmounts(plan, [3], 2026, 1250.0, when=WHEN, user="a"))
    stack.push(SetRationale(plan, [5], "why", when=WHEN, user="a"))
    assert np.flatnonzero(plan.budget.changed_mask()).tolist() == [3, 5, 20]
    assert plan.budget.change_description(20) == (
        "classification: Not counted -> Security-related; "
        "sub-category: (none) -> Networks & cyber; share: 100% -> 40%")
    assert plan.budget.change_description(3) == "2026: 100 -> 1,250"
    assert plan.budget.change_description(5) == "rationale edited"
    assert plan.budget.change_description(0) == ""


def test_changed_mask_clears_when_edits_are_undone_or_reverted(plan, stack):
    stack.push(SetAmounts(plan, [3], 2026, 1250.0, when=WHEN, user="a"))
    stack.push(SetAmounts(plan, [3], 2026, 100.0, when=WHEN, user="a"))  # typed back
    assert not plan.budget.changed_mask().any()
    stack.push(classify(plan, [1]))
    stack.undo()
    assert not plan.budget.changed_mask().any()


# --- classification details ---------------------------------------------------------------
def test_reclassify_keeps_a_subcategory_that_fits_the_new_bucket(plan, stack):
    stack.push(classify(plan, [0, 1], Bucket.SECURITY, CYBER))
    stack.push(classify(plan, [0], Bucket.SECURITY))  # bucket only: sub-category stays
    stack.push(classify(plan, [1], Bucket.CORE))  # cyber is not a core sub-category
    b = plan.budget
    assert (b.subcategories[0], b.subcategories[1]) == (CYBER, -1)


def test_lowering_gdp_makes_security_money_hit_the_ceiling(plan, stack):
    stack.push(classify(plan, range(3), Bucket.SECURITY, CYBER))  # 300 of GDP 1000: 30%
    stack.push(SetGdp(plan, 2026, 30_000.0))  # now 1% of GDP: all of it counts
    assert plan.figures(2026).counted == 300.0
    stack.push(SetGdp(plan, 2026, 10_000.0))  # 3% of GDP: only 1.5% (150) counts
    f = plan.figures(2026)
    assert (f.counted, f.security_excess, f.security_gap) == (150.0, 150.0, 0.0)


def test_plan_targets_change_every_figure(plan, stack):
    from nato_planner.core.pledge import PledgeTargets
    stack.push(classify(plan, range(3), Bucket.SECURITY, CYBER))
    stack.push(SetGdp(plan, 2026, 10_000.0))
    plan.targets = PledgeTargets(security_ceiling_pct=2.0)
    assert plan.figures(2026).counted == 200.0
    assert plan.all_figures()[0].counted == 200.0
