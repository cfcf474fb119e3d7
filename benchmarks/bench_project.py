"""Project files on a 100,000-line budget: create, open to first figures (io alone and in the
window), and the autosave of each command.

    QT_QPA_PLATFORM=offscreen python benchmarks/bench_project.py [--lines 100000]

Targets: open to first figures on screen < 2 s; each autosave < 50 ms. Prints numbers,
asserts nothing.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import numpy as np  # noqa: E402

from bench_ui import settle, synthetic_columns  # noqa: E402
from nato_planner.core.budget import Budget, BudgetSource  # noqa: E402
from nato_planner.core.commands import ClassifyLines, SetAmounts, SetRationale, SetShares  # noqa: E402
from nato_planner.core.plan import Plan  # noqa: E402
from nato_planner.core.planning_commands import set_category_total  # noqa: E402
from nato_planner.core.taxonomy import Bucket  # noqa: E402
from nato_planner.core.trajectory import trajectory  # noqa: E402
from nato_planner.io.project_file import ProjectFile  # noqa: E402
from nato_planner.io.project_recorder import attach  # noqa: E402


def timed(action):
    started = time.perf_counter()
    result = action()
    return result, time.perf_counter() - started


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def bench_create_and_open(path: Path, lines: int) -> None:
    budget = Budget(synthetic_columns(lines), {2024: 6e11, 2025: 6.2e11},
                    BudgetSource("synthetic.xlsx", "Budget", "EUR", 1000.0))
    project, seconds = timed(lambda: ProjectFile.create(path, Plan(budget)))
    project.close()
    print(f"create {lines:,}-line project: {seconds:.2f} s, {path.stat().st_size / 1e6:.1f} MB")

    def open_to_figures():
        opened = ProjectFile.open(path)
        loaded, stack, recorder = attach(opened)
        trajectory(loaded.plan)  # every year's figures to 2035
        return opened
    opened, seconds = timed(open_to_figures)
    print(f"open + load + trajectory to 2035 (io, no window): {seconds:.2f} s   (target < 2 s)")
    opened.close()


def bench_autosave(path: Path) -> None:
    project = ProjectFile.open(path)
    loaded, stack, recorder = attach(project)
    plan, rng = loaded.plan, np.random.default_rng(9)
    single = []
    for i in range(60):
        line = int(rng.integers(len(plan.budget)))
        command = (ClassifyLines(plan, [line], Bucket.CORE), SetShares(plan, [line], 0.5),
                   SetRationale(plan, [line], f"reason {i}"),
                   SetAmounts(plan, [line], 2025, 1234.5))[i % 4]
        stack.push(command)
        single.append(recorder.last_write_seconds)
    stack.undo()
    undo_write = recorder.last_write_seconds
    print(f"autosave, one-line commands (60): median {ms(statistics.median(single))}, "
          f"max {ms(max(single))}   (target < 50 ms)")
    print(f"autosave of an undo: {ms(undo_write)}")
    for count in (1_000, 10_000):
        lines = rng.choice(len(plan.budget), count, replace=False)
        stack.push(ClassifyLines(plan, lines, Bucket.SECURITY))
        print(f"autosave, reclassify {count:,} lines at once: {ms(recorder.last_write_seconds)}")
    stack.push(set_category_total(plan, 2031, Bucket.CORE, None, 9e10))
    print(f"autosave, a planned-year total (document change): {ms(recorder.last_write_seconds)}")
    project.close()


def bench_window(path: Path) -> None:
    from PySide6.QtWidgets import QApplication
    from nato_planner.ui.main_window import MainWindow
    app = QApplication.instance() or QApplication([])
    started = time.perf_counter()
    from nato_planner.ui import dashboard_widget, trajectory_widget  # noqa: F401
    print(f"chart modules (pyqtgraph) imported: {time.perf_counter() - started:.2f} s "
          "(the app does this while it waits for a file)")
    window = MainWindow()
    window.resize(1400, 900)
    window.show()
    settle(app)
    started = time.perf_counter()
    window.open_path(str(path))
    settle(app)
    seconds = time.perf_counter() - started
    print(f"open in the window, figures drawn: {seconds:.2f} s   (target < 2 s)")
    window.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lines", type=int, default=100_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        os.environ.setdefault("XDG_DATA_HOME", folder)
        path = Path(folder) / "bench.natoplan"
        bench_create_and_open(path, args.lines)
        bench_autosave(path)
        bench_window(path)


if __name__ == "__main__":
    main()
