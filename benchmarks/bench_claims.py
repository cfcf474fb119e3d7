"""Claims on a 100,000-line budget: re-rate or reclassify one line and time until every view
(table, lanes, dashboard with the at-risk band, trajectory with the band, Checks panel, NATO
categories chart) has redrawn.

    QT_QPA_PLATFORM=offscreen python benchmarks/bench_claims.py [--lines 100000] [--runs 7]

Target: < 30 ms for one line. Prints numbers, asserts nothing.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np  # noqa: E402
from PySide6.QtCore import QCoreApplication, QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from bench_ui import open_from_core, settle, synthetic_columns  # noqa: E402
from nato_planner.core.claims import Risk  # noqa: E402
from nato_planner.core.taxonomy import Bucket  # noqa: E402


def timed(app, action) -> float:
    settle(app)
    started = time.perf_counter()
    action()
    settle(app)
    return (time.perf_counter() - started) * 1000


def view_costs(window) -> dict[str, float]:
    """Each claims view's own refresh, timed alone (ms)."""
    costs = {}
    for name, refresh in (("checks panel", window.claims.checks_panel.refresh),
                          ("NATO categories chart", window.claims.categories_chart.refresh),
                          ("dashboard (with band)", window.dashboard.refresh),
                          ("trajectory (with band)", window.trajectory.refresh)):
        started = time.perf_counter()
        refresh()
        costs[name] = (time.perf_counter() - started) * 1000
    return costs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    app = QApplication([])
    # A warning (e.g. 'could not keep this plan in a project' for a budget that has no file
    # behind it) must not wait for a click that never comes: print it instead.
    from PySide6.QtWidgets import QMessageBox
    QMessageBox.warning = staticmethod(lambda *a, **_k: print("warning:", a[2] if len(a) > 2 else a,
                                                              file=sys.stderr))
    QCoreApplication.setOrganizationName("nato-planner-bench")
    settings = QSettings(os.path.join(tempfile.mkdtemp(prefix="bench-settings-"), "b.ini"),
                         QSettings.Format.IniFormat)
    from nato_planner.ui.main_window import MainWindow
    print(f"machine: {os.cpu_count()} cores (shared with other jobs; numbers are noisy)")
    window = MainWindow(settings)
    window.resize(1600, 1000)
    window.show()
    settle(app)
    open_from_core(app, window, synthetic_columns(args.lines))
    session = window.session
    budget = session.plan.budget
    core = np.flatnonzero(budget.buckets == Bucket.CORE)
    # a realistic starting point: a tenth of the core lines already rated high
    window.table_view.select_lines(core[::10])
    window.claims.actions.risk_actions[Risk.HIGH].trigger()
    settle(app)
    print(f"{len(budget):,} lines, {int((budget.risks == Risk.HIGH).sum()):,} rated high")
    line = int(core[1])
    window.table_view.select_lines([line])
    settle(app)
    rate, undo, reclassify = [], [], []
    for _ in range(args.runs):
        rate.append(timed(app, window.claims.actions.risk_actions[Risk.HIGH].trigger))
        undo.append(timed(app, window.undo_action.trigger))
        reclassify.append(timed(app, window.classify_actions.bucket_actions[Bucket.SECURITY]
                                .trigger))
        window.undo_action.trigger()
    for name, values in (("re-rate 1 line high risk", rate), ("undo the re-rating", undo),
                         ("reclassify 1 line", reclassify)):
        print(f"{name:<28} -> every view redrawn: median {np.median(values):6.1f} ms, "
              f"max {max(values):6.1f} ms (target < 30 ms)")
    for name, ms in view_costs(window).items():
        print(f"  {name:<24} refresh alone: {ms:6.1f} ms")
    started = time.perf_counter()
    lines = window.claims.checks_panel.checks[0].lines() if window.claims.checks_panel.checks \
        else []
    print(f"lines behind the first check found on click: {len(lines):,} in "
          f"{(time.perf_counter() - started) * 1000:.1f} ms")
    session.stack.mark_clean()
    window.close()


if __name__ == "__main__":
    main()
