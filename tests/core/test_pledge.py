"""The pledge figures exactly as DOMAIN.md defines them ("The figures, per year y")."""
from __future__ import annotations

import pytest

from nato_planner.core.plan import Plan
from nato_planner.core.pledge import (
    PledgeTargets, counted_amount, credible_path_pct, is_on_path, year_figures,
)
from nato_planner.core.taxonomy import Bucket

from core_budgets import simple_budget

C, S, N, U = Bucket.CORE, Bucket.SECURITY, Bucket.NOT_COUNTED, Bucket.UNCLASSIFIED


def figures(core=0.0, security=0.0, gdp=1000.0, equipment=0.0, targets=PledgeTargets()):
    return year_figures(2026, gdp, core=core, security=security, not_counted=0.0,
                        unclassified=0.0, equipment=equipment, targets=targets)


def test_security_above_the_ceiling_does_not_count():
    f = figures(core=30.0, security=20.0)  # 3% core, 2% security on a GDP of 1000
    assert f.counted == 45.0  # 30 + 15 (1.5% ceiling)
    assert f.counted_pct_gdp == pytest.approx(4.5)
    assert f.security_pct_gdp == pytest.approx(2.0)
    assert f.security_excess == 5.0
    assert f.security_gap == 0.0
    assert f.total_gap == pytest.approx(5.0)


def test_security_below_the_ceiling_counts_in_full():
    f = figures(core=30.0, security=10.0)
    assert f.counted == 40.0
    assert f.security_gap == pytest.approx(5.0)
    assert f.security_excess == 0.0


def test_core_above_the_floor_still_counts_toward_five_percent():
    f = figures(core=45.0, security=10.0)
    assert f.counted_pct_gdp == pytest.approx(5.5)
    assert (f.core_gap, f.total_gap) == (0.0, 0.0)


def test_gaps_are_never_negative():
    f = figures(core=80.0, security=40.0)
    assert (f.core_gap, f.security_gap, f.total_gap) == (0.0, 0.0, 0.0)


def test_gaps_are_the_missing_money():
    f = figures(core=20.0, security=5.0)
    assert f.core_gap == pytest.approx(15.0)  # 35 - 20
    assert f.security_gap == pytest.approx(10.0)  # 15 - 5
    assert f.total_gap == pytest.approx(25.0)  # 50 - 25


@pytest.mark.parametrize("gdp", [None, 0.0])
def test_missing_gdp_leaves_percentages_and_gaps_empty(gdp):
    f = figures(core=30.0, security=20.0, gdp=gdp)
    assert f.gdp is None
    assert None is f.core_pct_gdp is f.security_pct_gdp is f.counted_pct_gdp
    assert None is f.core_gap is f.security_gap is f.total_gap
    assert f.core == 30.0 and f.security == 20.0
    assert counted_amount(30.0, 20.0, gdp) == 50.0  # no ceiling is known without GDP


def test_equipment_share_of_core():
    assert figures(core=32.0, equipment=8.0).equipment_share_of_core == pytest.approx(25.0)
    assert figures(core=0.0).equipment_share_of_core is None


def test_user_adjusted_targets_move_the_ceiling_and_floor():
    targets = PledgeTargets(core_floor_pct=3.0, security_ceiling_pct=1.0, total_pct=4.0)
    f = figures(core=25.0, security=20.0, targets=targets)
    assert f.counted == 35.0  # 25 + 10 (1% ceiling)
    assert f.core_gap == pytest.approx(5.0)
    assert f.total_gap == pytest.approx(5.0)


def test_report_dict_has_the_contract_keys_in_order():
    keys = list(figures(core=1.0).as_report_dict())
    assert keys == ["year", "gdp", "core", "security", "not_counted", "unclassified",
                    "core_pct_gdp", "security_pct_gdp", "counted_pct_gdp", "core_gap",
                    "security_gap", "total_gap", "equipment_share_of_core"]


# --- the credible incremental path -----------------------------------------------------
def test_path_is_a_straight_line_from_baseline_to_target():
    assert credible_path_pct(2025, 2025, 2.0, 5.0, 2035) == 2.0
    assert credible_path_pct(2030, 2025, 2.0, 5.0, 2035) == pytest.approx(3.5)
    assert credible_path_pct(2029, 2025, 2.0, 5.0, 2035) == pytest.approx(3.2)
    assert credible_path_pct(2035, 2025, 2.0, 5.0, 2035) == 5.0


def test_path_before_baseline_and_after_target_is_flat():
    assert credible_path_pct(2023, 2025, 2.0, 5.0, 2035) == 2.0
    assert credible_path_pct(2040, 2025, 2.0, 5.0, 2035) == 5.0


def test_core_path_runs_to_the_floor():
    assert credible_path_pct(2030, 2025, 1.5, 3.5, 2035) == pytest.approx(2.5)


def test_a_year_is_on_path_at_or_above_the_line():
    line = credible_path_pct(2030, 2025, 2.0, 5.0, 2035)
    assert is_on_path(3.5, line)
    assert is_on_path(3.6, line)
    assert not is_on_path(3.49, line)
    assert not is_on_path(None, line)


# --- the same rules through a Budget ---------------------------------------------------
def test_counted_share_splits_a_line_between_core_and_not_counted():
    budget = simple_budget([(100.0, C, "operations", 0.4), (50.0, C, "personnel", 1.0)])
    f = Plan(budget).figures(2026)
    assert f.core == pytest.approx(90.0)  # 40 + 50
    assert f.not_counted == pytest.approx(60.0)


def test_share_on_a_not_counted_or_unclassified_line_changes_nothing():
    budget = simple_budget([(100.0, N, None, 0.4), (70.0, U, None, 0.5)])
    f = Plan(budget).figures(2026)
    assert (f.not_counted, f.unclassified, f.core) == (100.0, 70.0, 0.0)


def test_negative_correction_lines_reduce_the_total():
    budget = simple_budget([(100.0, C, "equipment", 1.0), (-30.0, C, "equipment", 1.0),
                            (20.0, S, "networks_cyber", 1.0)])
    f = Plan(budget).figures(2026)
    assert f.core == pytest.approx(70.0)
    assert f.equipment_share_of_core == pytest.approx(100.0)
    assert f.counted == pytest.approx(85.0)  # 70 + min(20, 15)


def test_equipment_share_counts_the_counted_part_only():
    budget = simple_budget([(100.0, C, "equipment", 0.5), (150.0, C, "personnel", 1.0)])
    assert Plan(budget).figures(2026).equipment_share_of_core == pytest.approx(25.0)  # 50 / 200


def test_year_without_gdp_in_the_budget_has_no_percentages():
    budget = simple_budget([(100.0, C, None, 1.0)], years=(2026, 2027), gdp={2026: 1000.0})
    assert Plan(budget).figures(2026).core_pct_gdp == pytest.approx(10.0)
    later = Plan(budget).figures(2027)
    assert later.core == 100.0 and later.core_pct_gdp is None and later.total_gap is None


def test_unreadable_line_is_left_out_of_every_year():
    budget = simple_budget([(100.0, C, None, 1.0), ([40.0, 40.0], C, None, 1.0)],
                           years=(2026, 2027), unreadable=[(1, 1)])  # "approx. 12" in 2027
    assert Plan(budget).figures(2026).core == 100.0
    assert Plan(budget).figures(2027).core == 100.0


def test_unreadable_cell_holding_nan_does_not_poison_the_totals():
    budget = simple_budget([(100.0, C, None, 1.0), (float("nan"), C, None, 1.0)],
                           unreadable=[(1, 0)])
    assert Plan(budget).figures(2026).core == 100.0
    assert Plan(budget).figures(2026).counted_pct_gdp == pytest.approx(10.0)
