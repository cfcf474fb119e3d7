"""The guardrails a committee would ask about: each with its year, its message and its lines.
Budgets are tiny so every expectation is worked by hand (GDP 1000 a year, ceiling 15)."""
from __future__ import annotations

from dataclasses import replace

from nato_planner.core.checks import CheckKind, plan_checks
from nato_planner.core.claim_commands import SetChallengeRisk
from nato_planner.core.claims import Risk
from nato_planner.core.commands import ClassifyLines, CommandStack
from nato_planner.core.plan import Plan
from nato_planner.core.taxonomy import Bucket

from core_budgets import simple_budget

YEARS = (2025, 2026)


def plan_of(rows, gdp=None) -> Plan:
    budget = simple_budget(rows, years=YEARS, gdp=gdp or {y: 1000.0 for y in YEARS})
    plan = Plan(budget)
    plan.targets = replace(plan.targets, target_year=2026)  # no planned years: budget only
    return plan


def by_kind(plan: Plan, kind: CheckKind) -> dict[int, object]:
    return {c.year: c for c in plan_checks(plan) if c.kind == kind}


def test_equipment_below_the_guideline_names_the_year_and_the_core_lines():
    plan = plan_of([([10, 30], Bucket.CORE, "equipment", 1.0),
                    ([90, 70], Bucket.CORE, "personnel", 1.0)])
    found = by_kind(plan, CheckKind.EQUIPMENT)
    assert list(found) == [2025]  # 10% in 2025; 30% in 2026 meets 20%
    assert "10.0% of core" in found[2025].message and "20% guideline" in found[2025].message
    assert found[2025].lines().tolist() == [1]


def test_negative_real_growth_of_counted_spending():
    # counted 100 -> 101: +1% nominal, deflator 2% -> about -1% real
    plan = plan_of([([60, 61], Bucket.CORE, None, 1.0), ([40, 40], Bucket.CORE, None, 1.0)])
    found = by_kind(plan, CheckKind.REAL_DECLINE)
    assert list(found) == [2026] and "-1.0% in real terms" in found[2026].message
    plan.planning.inflation_pct = 0.5
    assert not by_kind(plan, CheckKind.REAL_DECLINE)


def test_security_money_above_the_ceiling_counts_nowhere():
    plan = plan_of([([20, 10], Bucket.SECURITY, None, 1.0), ([50, 50], Bucket.CORE, None, 1.0)])
    found = by_kind(plan, CheckKind.ABOVE_CEILING)
    assert list(found) == [2025] and found[2025].message.startswith("5 of security-related")
    assert found[2025].lines().tolist() == [0]


def test_high_risk_share_above_what_the_user_set():
    plan = plan_of([([20, 20], Bucket.CORE, None, 1.0), ([80, 80], Bucket.CORE, None, 1.0)])
    SetChallengeRisk(plan, [0], Risk.HIGH).do(plan)  # 20% of counted
    assert set(by_kind(plan, CheckKind.HIGH_RISK)) == {2025, 2026}
    assert by_kind(plan, CheckKind.HIGH_RISK)[2025].lines().tolist() == [0]
    plan.targets = replace(plan.targets, high_risk_alert_pct=25.0)
    assert not by_kind(plan, CheckKind.HIGH_RISK)


def test_unclassified_money_left_and_a_year_below_the_path():
    plan = plan_of([([50, 40], Bucket.CORE, None, 1.0), ([0, 5], Bucket.UNCLASSIFIED, None, 1.0)])
    assert list(by_kind(plan, CheckKind.UNCLASSIFIED)) == [2026]
    assert by_kind(plan, CheckKind.UNCLASSIFIED)[2026].lines().tolist() == [1]
    below = by_kind(plan, CheckKind.BELOW_PATH)  # 5% -> 4% while the path climbs to 5%
    assert list(below) == [2026] and "4.00% of GDP" in below[2026].message


def test_checks_follow_edits_and_undo():
    plan = plan_of([([50, 50], Bucket.CORE, None, 1.0), ([10, 10], Bucket.UNCLASSIFIED, None, 1.0)])
    stack = CommandStack(plan)
    before = plan_checks(plan)
    assert by_kind(plan, CheckKind.UNCLASSIFIED)
    stack.push(ClassifyLines(plan, [1], Bucket.CORE))
    assert not by_kind(plan, CheckKind.UNCLASSIFIED)
    stack.undo()
    assert [(c.kind, c.year, c.message) for c in plan_checks(plan)] == \
        [(c.kind, c.year, c.message) for c in before]
