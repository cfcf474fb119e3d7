"""Drag a chart bar on a 100,000-line budget: how long each intermediate redraw takes
(target < 16 ms, one frame at 60 Hz) and how long the spread on release takes.

    QT_QPA_PLATFORM=offscreen python benchmarks/bench_drag.py [--lines 100000] [--moves 120]

Prints numbers; it asserts nothing (performance targets live here, not in unit tests).
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np  # noqa: E402
import pyqtgraph as pg  # noqa: E402
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt  # noqa: E402
from PySide6.QtGui import QMouseEvent  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from nato_planner.core.budget import Budget, BudgetSource, LineColumns  # noqa: E402
from nato_planner.core.plan import Plan  # noqa: E402
from nato_planner.core.planning_commands import SpreadCategoryTotal  # noqa: E402
from nato_planner.core.taxonomy import SUBCATEGORIES, Bucket  # noqa: E402
from nato_planner.core.trajectory import trajectory  # noqa: E402
from nato_planner.ui.plan_session import PlanSession  # noqa: E402

YEARS = [2024, 2025, 2026]


def big_budget(lines: int, seed: int = 3) -> Budget:
    """About 40% core, 20% security-related lines, the rest not counted or unclassified."""
    rng = np.random.default_rng(seed)
    buckets = rng.choice([1, 2, 3, 0], size=lines, p=[0.4, 0.2, 0.25, 0.15])
    subs = np.array([rng.choice([i for i, s in enumerate(SUBCATEGORIES) if s.bucket == b])
                     if b in (1, 2) else -1 for b in buckets])
    amounts = np.round(rng.lognormal(13, 1.2, (lines, len(YEARS))), 0)
    amounts[::50, 1] *= -0.1  # corrections
    columns = LineColumns(YEARS, amounts, [f"L{i:06d}" for i in range(lines)],
                          [f"Line item {i}" for i in range(lines)], buckets=buckets,
                          subcategories=subs, shares=np.where(rng.random(lines) < 0.05, 0.5, 1.0))
    core = float((amounts[:, 2] * (buckets == 1)).sum())
    gdp = {y: core / 0.021 * (1.03 ** (y - 2026)) for y in YEARS}  # core about 2.1% of GDP
    return Budget(columns, gdp, BudgetSource("bench.xlsx", "Budget", "EUR", 1.0))


def send(view, kind, pos: QPoint, button, buttons) -> None:
    vp = view.viewport()
    QApplication.sendEvent(vp, QMouseEvent(kind, QPointF(pos), QPointF(vp.mapToGlobal(pos)),
                                           button, buttons, Qt.KeyboardModifier.NoModifier))


def to_view(plot, x: float, y: float) -> QPoint:
    return plot.mapFromScene(plot.getPlotItem().getViewBox().mapViewToScene(QPointF(x, y)))


def drag(app, plot, start: QPoint, end: QPoint, moves: int,
         full_repaint: bool = True) -> tuple[list[float], float]:
    """Per-move time (event + redraw) and the release time (command + redraw). With
    full_repaint the whole chart is painted each move (worst case); otherwise Qt paints only
    the region the move dirtied, as it does on screen."""
    left, none = Qt.MouseButton.LeftButton, Qt.MouseButton.NoButton
    send(plot, QEvent.Type.MouseMove, start, none, none)
    send(plot, QEvent.Type.MouseButtonPress, start, left, left)
    times = []
    for k in range(1, moves + 1):
        t0 = time.perf_counter()
        send(plot, QEvent.Type.MouseMove, start + (end - start) * (k / moves), none, left)
        plot.viewport().repaint() if full_repaint else app.processEvents()
        times.append((time.perf_counter() - t0) * 1000)
    t0 = time.perf_counter()
    send(plot, QEvent.Type.MouseButtonRelease, end, left, none)
    app.processEvents()
    plot.viewport().repaint()
    return times, (time.perf_counter() - t0) * 1000


def summary(name: str, times: list[float]) -> None:
    q = statistics.quantiles(times, n=100)
    print(f"  {name}: n={len(times)}  p50={q[49]:.2f} ms  p95={q[94]:.2f} ms  "
          f"max={max(times):.2f} ms  (target < 16 ms each)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=100_000)
    parser.add_argument("--moves", type=int, default=120)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication([])
    pg.setConfigOption("mouseRateLimit", -1)
    t0 = time.perf_counter()
    plan = Plan(big_budget(args.lines))
    print(f"budget: {args.lines:,} lines x {len(YEARS)} years built in "
          f"{time.perf_counter() - t0:.2f} s; machine: {os.cpu_count()} cores, shared")
    session = PlanSession(plan)
    session.select_year(2026)

    t0 = time.perf_counter()
    for _ in range(20):
        trajectory(plan)
    print(f"trajectory() 2024-2035: {(time.perf_counter() - t0) / 20 * 1000:.2f} ms per call")

    before = plan.figures(2026).core
    t0 = time.perf_counter()
    command = SpreadCategoryTotal(plan, 2026, Bucket.CORE, None, before * 1.1)
    built = time.perf_counter() - t0
    t0 = time.perf_counter()
    session.execute(command)
    applied = time.perf_counter() - t0
    t0 = time.perf_counter()
    session.undo()
    undone = time.perf_counter() - t0
    lines = command._spread.preview.lines_moved  # worked out when the command ran
    print(f"spread core 2026 +10% over {lines:,} lines (no widgets): build {built * 1000:.1f} ms, "
          f"compute and apply {applied * 1000:.1f} ms, undo {undone * 1000:.1f} ms")

    from nato_planner.ui.dashboard_widget import BREAKDOWN_SLOTS, DashboardWidget
    from nato_planner.ui.trajectory_widget import TrajectoryWidget
    from nato_planner.core.taxonomy import EQUIPMENT_SLOT

    trajectory_view = TrajectoryWidget(session)
    trajectory_view.resize(1400, 860)
    trajectory_view.show()
    dashboard = DashboardWidget(session)
    dashboard.resize(1400, 860)
    dashboard.show()
    app.processEvents()

    for full in (True, False):
        print("trajectory chart, drag the 2026 core bar up by 0.6% of GDP, "
              + ("whole chart repainted each move:" if full else "Qt repaints what changed:"))
        index = [r.year for r in trajectory_view.rows].index(2026)
        top = trajectory_view.core_bars.bar_end(index)
        plot = trajectory_view.plot
        moves, release = drag(app, plot, to_view(plot, top.x(), top.y() - 0.02),
                              to_view(plot, top.x(), top.y() + 0.6), args.moves, full)
        summary("intermediate redraws", moves)
        print(f"  release (spread over lines + one command + both views redrawn): "
              f"{release:.1f} ms; history: {session.stack.history[-1:]}")

    print("dashboard, drag the Equipment bar to +30%:")
    index = BREAKDOWN_SLOTS.index(EQUIPMENT_SLOT)
    end = dashboard.breakdown_bars.bar_end(index)
    plot = dashboard.breakdown_plot
    moves, release = drag(app, plot, to_view(plot, end.x() * 0.99, end.y()),
                          to_view(plot, end.x() * 1.3, end.y()), args.moves)
    summary("intermediate redraws", moves)
    print(f"  release (spread over lines + one command + both views redrawn): {release:.1f} ms;"
          f" history: {session.stack.history[-1:]}")


if __name__ == "__main__":
    main()
