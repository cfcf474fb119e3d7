"""Re-importing a revised budget: classification, share, rationale and holds carry across by
code (by description where there is no code); new, removed and changed lines are listed before
anything changes; the whole re-import is one undo step, kept in the project file."""
from __future__ import annotations

import numpy as np

from nato_planner.core.budget import Budget, LineColumns
from nato_planner.core.commands import ClassifyLines, CommandStack, SetHolds, SetRationale, SetShares
from nato_planner.core.plan import Plan
from nato_planner.core.reimport import ReplaceBudget, carry_over, match_lines, review
from nato_planner.core.taxonomy import Bucket


def budget(rows, years=(2025, 2026)) -> Budget:
    """rows: (code, description, [amounts])"""
    return Budget(LineColumns(years=list(years), amounts=np.array([r[2] for r in rows], float),
                              codes=[r[0] for r in rows], descriptions=[r[1] for r in rows]),
                  {2025: 10_000.0, 2026: 10_500.0})


OLD = [("0601", "Army personnel", [1000, 1100]), ("0602", "Fighter aircraft", [500, 700]),
       ("0603", "Border guard", [200, 210]), ("", "Coast guard boats", [50, 60])]
NEW = [("0602", "Fighter aircraft", [500, 750]), ("0601", "Army personnel", [1000, 1100]),
       ("", "Coast guard boats", [50, 60]), ("0605", "Cyber range", [0, 90])]


def edited_plan() -> tuple[Plan, CommandStack]:
    plan = Plan(budget(OLD))
    stack = CommandStack(plan)
    stack.push(ClassifyLines(plan, [0, 1], Bucket.CORE))
    stack.push(ClassifyLines(plan, [2, 3], Bucket.SECURITY))
    stack.push(SetShares(plan, [3], 0.4))
    stack.push(SetRationale(plan, [3], "Coast guard: 40% is military"))
    stack.push(SetHolds(plan, [0], True))
    return plan, stack


def test_lines_match_by_code_then_description_and_the_review_lists_each_change():
    plan, _ = edited_plan()
    revised = budget(NEW)
    match = match_lines(plan.budget, revised)
    assert list(match.old_of_new) == [1, 0, 3, -1] and list(match.removed) == [2]
    found = review(plan.budget, revised, match)
    assert found.added == ["0605 Cyber range"] and found.removed == ["0603 Border guard"]
    assert found.changed == ["0602 Fighter aircraft: 2026: 700 -> 750"]
    assert found.carried == 3


def test_classification_share_rationale_and_holds_carry_across_in_one_undo_step():
    plan, stack = edited_plan()
    before = [plan.figures(y) for y in plan.years]
    revised = budget(NEW)
    carry_over(plan.budget, revised, match_lines(plan.budget, revised))
    stack.push(ReplaceBudget(plan, revised, "budget_v2.xlsx"))
    b = plan.budget
    assert list(b.buckets) == [Bucket.CORE, Bucket.CORE, Bucket.SECURITY, Bucket.UNCLASSIFIED]
    assert b.shares[2] == 0.4 and b.rationales[2] == "Coast guard: 40% is military"
    assert list(b.holds) == [False, True, False, False]
    assert plan.figures(2026).core == 750 + 1100 and plan.figures(2026).security == 60 * 0.4
    assert stack.undo_label == "Re-import revised budget budget_v2.xlsx"
    stack.undo()
    assert len(plan.budget) == 4 and [plan.figures(y) for y in plan.years] == before


def test_a_reimport_is_kept_in_the_project_file(tmp_path):
    from nato_planner.io.project_file import ProjectFile
    from nato_planner.io.project_recorder import attach
    project = ProjectFile.create(tmp_path / "p.natoplan", Plan(budget(OLD)))
    loaded, stack, _ = attach(project)
    stack.push(ClassifyLines(loaded.plan, [0, 1], Bucket.CORE))
    revised = budget(NEW)
    carry_over(loaded.plan.budget, revised, match_lines(loaded.plan.budget, revised))
    stack.push(ReplaceBudget(loaded.plan, revised, "v2.xlsx"))
    stack.push(SetShares(loaded.plan, [3], 0.5))  # an edit after the re-import
    expected = [(f.core, f.security) for f in loaded.plan.all_figures()]
    project.close()
    again = ProjectFile.open(tmp_path / "p.natoplan")
    reopened, stack2, _ = attach(again)
    assert [(f.core, f.security) for f in reopened.plan.all_figures()] == expected
    assert list(reopened.plan.budget.codes) == ["0602", "0601", "", "0605"]
    assert stack2.history == ["Set counted share of 'Cyber range' to 50%"]
    stack2.undo()
    assert reopened.plan.budget.shares[3] == 1.0
    again.close()
