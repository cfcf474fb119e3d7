"""Opening an exported plan continues it: planning years, growth assumptions, targets and the
unit amounts were shown in come back from the Trajectory and Assumptions sheets."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "core"))
from core_budgets import random_budget  # noqa: E402

from nato_planner.core.budget import BudgetSource  # noqa: E402
from nato_planner.core.commands import CommandStack  # noqa: E402
from nato_planner.core.plan import Plan  # noqa: E402
from nato_planner.core.planning_commands import SetPlanningAssumption, spread_planned_total  # noqa: E402
from nato_planner.core.taxonomy import Bucket  # noqa: E402
from nato_planner.io.budget_import import read_budget  # noqa: E402
from nato_planner.io.plan_export import export_plan  # noqa: E402
from nato_planner.io.plan_readback import plan_from_import  # noqa: E402


def planned_figures(plan: Plan) -> list[float]:
    """Core and security-related money of every planning year, in one flat list."""
    return [v for y in plan.planned_years for v in (y, plan.figures(y).core,
                                                    plan.figures(y).security)]


def test_reopening_an_export_restores_planning_years_assumptions_and_display_unit(tmp_path):
    budget = random_budget(lines=30)
    budget.source = BudgetSource("budget.xlsx", "Budget", "EUR", 1000.0)
    plan = Plan(budget)
    stack = CommandStack(plan)
    stack.push(SetPlanningAssumption(plan, "gdp_growth_pct", 2.2))
    stack.push(SetPlanningAssumption(plan, "spending_growth_pct", 1.5))
    stack.push(spread_planned_total(plan, 2031, Bucket.CORE, 9.0e9))
    stack.push(spread_planned_total(plan, 2033, Bucket.SECURITY, 2.5e9))
    out = tmp_path / "plan.xlsx"
    export_plan(plan, str(out))

    reopened = plan_from_import(read_budget(str(out)), str(out))
    assert reopened.planning.gdp_growth_pct == 2.2
    assert reopened.planning.spending_growth_pct == 1.5
    assert reopened.figures(2031).core == pytest.approx(9.0e9)
    assert reopened.figures(2033).security == pytest.approx(2.5e9)
    assert planned_figures(reopened) == pytest.approx(planned_figures(plan))
    assert reopened.budget.source.scale == 1000.0


def test_a_plain_budget_workbook_is_left_as_read(tmp_path):
    sample = Path(__file__).resolve().parents[2] / "sample_budgets" / "westmark_budget_fy2025.xlsx"
    result = read_budget(str(sample))
    plan = plan_from_import(result, str(sample))
    assert plan.planning.planned_amounts == {} and plan.budget.source.scale == result.budget.source.scale
