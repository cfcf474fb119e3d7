"""Spreading a dragged category total over its lines (core/spread.py, SpreadCategoryTotal)."""
from __future__ import annotations

import numpy as np
import pytest

from nato_planner.core.budget import Budget, LineColumns
from nato_planner.core.commands import CommandStack, SetHolds
from nato_planner.core.plan import Plan
from nato_planner.core.money import money_text
from nato_planner.core.planning_commands import SpreadCategoryTotal
from nato_planner.core.spread import SpreadError, spread_total
from nato_planner.core.taxonomy import SUBCATEGORY_INDEX, Bucket

EQUIPMENT = SUBCATEGORY_INDEX["equipment"]
PERSONNEL = SUBCATEGORY_INDEX["personnel"]


def cents(values) -> int:
    return int(round(float(np.sum(values)) * 100))


# --- the arithmetic ----------------------------------------------------------------------------
def test_increase_is_proportional_to_amounts():
    new = spread_total(np.array([100.0, 300.0]), 600.0)
    assert new.tolist() == [150.0, 450.0]


def test_held_lines_do_not_move():
    new = spread_total(np.array([100.0, 300.0, 50.0]), 650.0, np.array([False, True, False]))
    assert new[1] == 300.0
    assert (new[0], new[2]) == (233.33, 116.67)
    assert cents(new) == 65000


def test_all_free_lines_zero_spreads_evenly():
    new = spread_total(np.array([0.0, 0.0, 0.0, 40.0]), 100.0, np.array([False, False, False, True]))
    assert new[:3].tolist() == [20.0, 20.0, 20.0]


def test_total_dragged_to_zero_zeroes_every_free_line():
    new = spread_total(np.array([120.0, -20.0, 33.33]), 0.0)
    assert np.all(new == 0.0)


def test_negative_correction_keeps_its_proportion_when_rest_is_positive():
    new = spread_total(np.array([200.0, -50.0]), 300.0)
    assert new.tolist() == [400.0, -100.0]


def test_negative_free_sum_moves_lines_by_their_size_without_flipping_signs():
    # Corrections outweigh the rest: a scale factor would flip signs; spread by |amount|.
    new = spread_total(np.array([10.0, -30.0]), 0.0)  # change +20 spread 1:3
    assert new.tolist() == [15.0, -15.0]


def test_rounding_keeps_the_total_exact_to_the_cent():
    rng = np.random.default_rng(7)
    amounts = rng.uniform(-1e5, 1e7, 5_000).round(2)
    for target in (123_456_789.01, 1.0, 98_765.43):
        new = spread_total(amounts, target)
        assert cents(new) == round(target * 100)
        assert np.all(np.abs(new * 100 - np.round(new * 100)) < 1e-6)  # whole cents


def test_three_way_split_gives_the_odd_cent_to_one_line():
    new = spread_total(np.array([1.0, 1.0, 1.0]), 100.0)
    assert sorted(new.tolist()) == [33.33, 33.33, 33.34]


def test_every_line_held_is_a_domain_error_with_a_sentence():
    with pytest.raises(SpreadError, match="held"):
        spread_total(np.array([1.0, 2.0]), 5.0, np.array([True, True]), what="Core defence in 2026")


def test_no_line_is_a_domain_error():
    with pytest.raises(SpreadError, match="no line"):
        spread_total(np.array([]), 5.0)


# --- the command on a budget -----------------------------------------------------------------
def make_plan() -> Plan:
    amounts = np.array([[1000.0, 1200.0], [3000.0, 2800.0], [500.0, 600.0],
                        [-100.0, -100.0], [700.0, 900.0], [4000.0, 4000.0]])
    columns = LineColumns(
        years=[2025, 2026], amounts=amounts, codes=list("ABCDEF"),
        descriptions=["Frigates", "Pay", "Barracks", "Correction", "Cyber agency", "Schools"],
        buckets=[1, 1, 1, 1, 2, 3],
        subcategories=[EQUIPMENT, PERSONNEL, SUBCATEGORY_INDEX["infrastructure"], EQUIPMENT,
                       SUBCATEGORY_INDEX["networks_cyber"], -1],
        shares=[1.0, 1.0, 0.5, 1.0, 1.0, 1.0])
    budget = Budget(columns, gdp={2025: 100_000.0, 2026: 104_000.0})
    budget.source.currency = "EUR"
    return Plan(budget)


def test_dragged_figure_is_the_counted_total_and_one_undo_step():
    plan = make_plan()
    stack = CommandStack(plan)
    before = plan.figures(2026)
    assert before.core == pytest.approx(1200 + 2800 + 300 - 100)
    stack.push(SpreadCategoryTotal(plan, 2026, Bucket.CORE, None, 8400.0, mode="proportional"))
    assert plan.figures(2026).core == pytest.approx(8400.0)
    assert plan.figures(2025).core == pytest.approx(1000 + 3000 + 250 - 100)  # other year intact
    assert plan.budget.amounts[2, 1] == pytest.approx(1200.0)  # half-counted line: amount doubled
    assert stack.history == ["Set 2026 Core defence to EUR 8.40 k"]
    stack.undo()
    assert plan.figures(2026) == before
    assert plan.budget.amounts[:, 1].tolist() == [1200.0, 2800.0, 600.0, -100.0, 900.0, 4000.0]


def test_one_subcategory_moves_only_its_lines():
    plan = make_plan()
    CommandStack(plan).push(SpreadCategoryTotal(plan, 2026, Bucket.CORE, EQUIPMENT, 2200.0))
    assert plan.budget.amounts[:, 1].tolist()[1:3] == [2800.0, 600.0]
    assert plan.figures(2026).equipment == pytest.approx(2200.0)


def test_held_line_stays_and_all_held_says_what_to_do():
    plan = make_plan()
    stack = CommandStack(plan)
    stack.push(SetHolds(plan, [0], True))
    stack.push(SpreadCategoryTotal(plan, 2026, Bucket.CORE, EQUIPMENT, 1000.0))
    assert plan.budget.amounts[0, 1] == 1200.0
    assert plan.budget.amounts[3, 1] == pytest.approx(-200.0)
    stack.push(SetHolds(plan, [3], True))
    before = plan.budget.amounts.copy()
    with pytest.raises(SpreadError, match="Equipment in 2026"):  # refused when it runs
        stack.push(SpreadCategoryTotal(plan, 2026, Bucket.CORE, EQUIPMENT, 500.0))
    assert np.array_equal(plan.budget.amounts, before)
    assert stack.undo_label == "Hold 'Correction'"


def test_money_text_scales_with_units():
    assert money_text(1_240_000_000, "EUR") == "EUR 1.24 bn"
    assert money_text(12_300_000_000, "EUR") == "EUR 12.3 bn"
    assert money_text(850_000_000, "GBP") == "GBP 850 m"
    assert money_text(-2_500_000, None) == "-2.50 m"


# --- any budget: the total is exact to the cent and held lines never move -------------------
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

money = st.floats(min_value=-1e9, max_value=1e10, allow_nan=False).map(lambda v: round(v, 2))


@settings(max_examples=500, deadline=None)
@given(st.lists(st.tuples(money, st.booleans()), min_size=1, max_size=40), money)
def test_any_spread_hits_the_total_to_the_cent_and_keeps_held_lines(lines, target):
    amounts = np.array([a for a, _ in lines])
    held = np.array([h for _, h in lines])
    if held.all():
        with pytest.raises(SpreadError):
            spread_total(amounts, target, held)
        return
    new = spread_total(amounts, target, held)
    assert cents(new) == round(target * 100)
    assert np.array_equal(new[held], amounts[held])
    free_before, free_after = amounts[~held], new[~held]
    if free_before.sum() > 0 and target - amounts[held].sum() >= 0:  # scaling never flips a sign
        assert np.all((free_after >= -0.01) | (free_before < 0))


def test_lines_that_nearly_cancel_take_the_change_by_size_not_a_thousandfold_scale():
    # +1 bn and -1 bn corrections summing to EUR 1.12: a scale factor would multiply every line
    # by ~15,000; by size, each line moves by its share of the change only
    amounts = np.array([999_999_992.0, -999_999_993.0, 1.12])
    new = spread_total(amounts, 16_753.00)
    assert cents(new) == 1_675_300
    assert np.all(np.abs(new - amounts) <= 16_753.00 - amounts.sum() + 0.01)
    assert np.all(np.sign(new) == np.sign(amounts))
