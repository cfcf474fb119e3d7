"""Subtotals for a briefing: per organisation, sub-category, NATO category and classification,
worked out by hand on a small budget; drill-down gives exactly the lines behind a subtotal."""
from __future__ import annotations

import numpy as np
import pytest

from nato_planner.core.budget import Budget, BudgetSource, CellProblem, LineColumns
from nato_planner.core.commands import ClassifyLines, CommandStack
from nato_planner.core.pivot import pivot_table
from nato_planner.core.plan import Plan
from nato_planner.core.taxonomy import NO_SUBCATEGORY, SUBCATEGORY_INDEX, Bucket

S = SUBCATEGORY_INDEX


def small_plan() -> Plan:
    rows = [  # organisation, bucket, sub-category, share, 2025, 2026
        ("MoD", Bucket.CORE, S["personnel"], 1.0, 100.0, 110.0),
        ("MoD", Bucket.CORE, S["equipment"], 1.0, 50.0, 80.0),
        ("MoD", Bucket.CORE, S["ukraine"], 1.0, 20.0, 20.0),
        ("Interior", Bucket.CORE, S["operations"], 0.5, 40.0, 40.0),  # border guard pro rata
        ("Interior", Bucket.SECURITY, S["civil_preparedness"], 1.0, 30.0, 35.0),
        ("Transport", Bucket.UNCLASSIFIED, NO_SUBCATEGORY, 1.0, 70.0, 75.0),
        ("", Bucket.CORE, NO_SUBCATEGORY, 1.0, 5.0, 6.0),
        ("MoD", Bucket.CORE, S["equipment"], 1.0, 0.0, 999.0),  # 2026 unreadable: left out
    ]
    errors = np.zeros((len(rows), 2), dtype=bool)
    errors[7, 1] = True
    columns = LineColumns(
        years=[2025, 2026], amounts=np.array([[r[4], r[5]] for r in rows]),
        codes=[f"L{i}" for i in range(len(rows))], descriptions=[f"line {i}" for i in range(len(rows))],
        organisations=[r[0] for r in rows], buckets=[int(r[1]) for r in rows],
        subcategories=[r[2] for r in rows], shares=[r[3] for r in rows], amount_errors=errors,
        problems={7: [CellProblem(CellProblem.AMOUNT, 2026, "approx. 999", "not a number")]})
    return Plan(Budget(columns, {2025: 1e4, 2026: 1.1e4}, BudgetSource(currency="EUR")))


def as_dict(table) -> dict[str, list[float]]:
    return {g: table.values[i].tolist() for i, g in enumerate(table.groups)}


def test_subtotals_by_organisation_add_amounts_as_budgeted():
    table = pivot_table(small_plan(), "organisation")
    assert as_dict(table) == {"MoD": [170.0, 210.0], "Interior": [70.0, 75.0],
                              "Transport": [70.0, 75.0], "(no organisation)": [5.0, 6.0]}
    assert table.groups[0] == "MoD"  # largest first
    assert table.totals.tolist() == [315.0, 366.0]


def test_counted_money_uses_the_share_and_leaves_uncounted_lines_at_zero():
    table = pivot_table(small_plan(), "bucket", "counted")
    got = as_dict(table)
    assert got["Core defence"] == [100 + 50 + 20 + 20 + 5, 110 + 80 + 20 + 20 + 6]
    assert got["Security-related"] == [30.0, 35.0]
    assert got["Unclassified"] == [0.0, 0.0]


def test_nato_categories_follow_tables_8a_8b():
    got = as_dict(pivot_table(small_plan(), "nato_category", "counted"))
    assert got["Personnel"] == [100.0, 110.0]
    assert got["Equipment"] == [50.0, 80.0]
    assert got["Other"] == [20.0 + 20.0, 20.0 + 20.0]  # Ukraine support and O&M
    assert got["Unassigned (core, no sub-category)"] == [5.0, 6.0]
    assert got["Not core defence"] == [30.0, 35.0]  # security counted, unclassified zero


def test_drill_down_gives_the_lines_behind_a_subtotal():
    table = pivot_table(small_plan(), "sub_category")
    assert sorted(table.lines_of["Equipment"].tolist()) == [1]  # line 7 is unreadable
    assert table.line_counts[table.groups.index("Unclassified: no sub-category")] == 1


def test_subtotals_follow_a_reclassification():
    plan = small_plan()
    CommandStack(plan).push(ClassifyLines(plan, [5], Bucket.SECURITY,
                                          S["military_mobility"]))
    got = as_dict(pivot_table(plan, "sub_category", "counted"))
    assert got["Military mobility"] == [70.0, 75.0]
    assert "Unclassified: no sub-category" not in got


def test_an_unknown_dimension_is_refused():
    with pytest.raises(KeyError):
        pivot_table(small_plan(), "colour")
