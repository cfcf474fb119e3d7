"""Explain on a 100,000-line budget: building the explanation (core) and showing it in the
panel (the lines table sorted biggest first), then sorting the lines table by amount.

    QT_QPA_PLATFORM=offscreen python benchmarks/bench_explain.py [--lines 100000]

Prints numbers, asserts nothing (one run; the machine is shared and noisy).
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np  # noqa: E402
from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from nato_planner.core.budget import Budget, BudgetSource, LineColumns  # noqa: E402
from nato_planner.core.explain import explain  # noqa: E402
from nato_planner.core.plan import Plan  # noqa: E402
from nato_planner.core.taxonomy import NO_SUBCATEGORY, Bucket  # noqa: E402

YEARS = [2024, 2025, 2026, 2027]


def big_plan(lines: int) -> Plan:
    rng = np.random.default_rng(3)
    columns = LineColumns(
        years=YEARS, amounts=np.round(rng.uniform(1e4, 5e7, (lines, len(YEARS))), 2),
        codes=[f"{i:06d}" for i in range(lines)],
        descriptions=[f"Programme line {i}" for i in range(lines)],
        buckets=rng.choice([int(b) for b in Bucket], lines),
        subcategories=np.full(lines, NO_SUBCATEGORY), shares=np.ones(lines))
    gdp = {y: 7.6e11 * 1.03 ** i for i, y in enumerate(YEARS)}
    return Plan(Budget(columns, gdp, BudgetSource("big.xlsx", "Budget", "EUR", 1.0)))


def timed(what: str, action) -> None:
    start = time.perf_counter()
    action()
    print(f"{what:<48}{(time.perf_counter() - start) * 1000:8.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lines", type=int, default=100_000)
    lines = parser.parse_args().lines
    app = QApplication.instance() or QApplication([])
    from nato_planner.ui.explain_panel import ExplainPanel
    from nato_planner.ui.plan_session import PlanSession
    plan = big_plan(lines)
    print(f"{lines:,} lines, {len(YEARS)} budget years")
    timed("explain counted (core, budget year)", lambda: explain(plan, 2027, "counted"))
    timed("explain counted (core, planned year 2031)", lambda: explain(plan, 2031, "counted"))
    panel = ExplainPanel(PlanSession(plan, "big.xlsx"))
    timed("panel shows counted 2027 (lines table filled)", lambda: (
        panel.show_figure("counted", 2027), app.processEvents()))
    timed("lines table sorted by amount", lambda: (
        panel.lines_model.sort(6, Qt.SortOrder.AscendingOrder), app.processEvents()))


if __name__ == "__main__":
    main()
