"""The planning engine on a 100,000-line budget, without Qt: what a view pays per gesture.

    python benchmarks/bench_planning.py [--lines 100000] [--repeat 30]

* reclassify one line -> its change record + every year's figures to 2035 (trajectory and
  gap table), target < 30 ms;
* a rationale edit -> its change record (text only: no figure is recomputed), target < 5 ms;
* jump back 40 history steps, announced once, target < 100 ms;
* also: a spread preview, close-the-gap proposal (dry run) and a snapshot for export.

Prints numbers (median and worst of --repeat runs); it asserts nothing.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np  # noqa: E402

from nato_planner.core.budget import Budget, BudgetSource, LineColumns  # noqa: E402
from nato_planner.core.close_gap import propose_close_gap  # noqa: E402
from nato_planner.core.commands import (  # noqa: E402
    Change, ClassifyLines, CommandStack, SetAmounts, SetRationale,
)
from nato_planner.core.plan import Plan  # noqa: E402
from nato_planner.core.spread import SpreadRequest, preview_spread  # noqa: E402
from nato_planner.core.taxonomy import SUBCATEGORIES, Bucket  # noqa: E402
from nato_planner.core.trajectory import gap_table, trajectory  # noqa: E402

YEARS = [2024, 2025, 2026]


def big_budget(lines: int, seed: int = 3) -> Budget:
    rng = np.random.default_rng(seed)
    buckets = rng.choice([1, 2, 3, 0], size=lines, p=[0.4, 0.2, 0.25, 0.15])
    by_bucket = {b: [i for i, s in enumerate(SUBCATEGORIES) if s.bucket == b] for b in (1, 2)}
    subs = np.array([rng.choice(by_bucket[b]) if b in (1, 2) else -1 for b in buckets])
    amounts = np.round(rng.lognormal(13, 1.2, (lines, len(YEARS))), 0)
    columns = LineColumns(YEARS, amounts, [f"L{i:06d}" for i in range(lines)],
                          [f"Line item {i}" for i in range(lines)], buckets=buckets,
                          subcategories=subs, shares=np.where(rng.random(lines) < 0.05, 0.5, 1.0))
    core = float((amounts[:, 2] * (buckets == 1)).sum())
    gdp = {y: core / 0.021 * (1.03 ** (y - 2026)) for y in YEARS}
    return Budget(columns, gdp, BudgetSource("bench.xlsx", "Budget", "EUR", 1.0))


class Views:
    """What the desktop views do with a change record: figures only when figures changed."""

    def __init__(self, plan: Plan) -> None:
        self.plan, self.heard, self.redraws = plan, 0, 0

    def __call__(self, change: Change) -> None:
        self.heard += 1
        if change.figures_changed:
            rows = trajectory(self.plan)  # every year to 2035: dashboard, chart, lanes
            gap_table(self.plan, rows)
            self.redraws += 1


def timed(action, repeat: int) -> list[float]:
    times = []
    for i in range(repeat):
        started = time.perf_counter()
        action(i)
        times.append((time.perf_counter() - started) * 1000)
    return times


def show(name: str, times: list[float], target: str = "") -> None:
    p95 = sorted(times)[max(0, int(len(times) * 0.95) - 1)]
    print(f"{name:<58} median {statistics.median(times):7.2f} ms   p95 {p95:7.2f} ms   "
          f"worst {max(times):7.2f} ms"
          + (f"   (target {target})" if target else ""))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lines", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    started = time.perf_counter()
    plan = Plan(big_budget(args.lines))
    print(f"{args.lines:,} lines x {len(YEARS)} years, built in "
          f"{time.perf_counter() - started:.2f} s; trajectory {plan.trajectory_years[0]}-"
          f"{plan.trajectory_years[-1]}")
    stack = CommandStack(plan)
    views = Views(plan)
    stack.subscribe(views)
    buckets = [Bucket.CORE, Bucket.SECURITY, Bucket.NOT_COUNTED]
    show("reclassify one line -> change + figures for all years",
         timed(lambda i: stack.push(ClassifyLines(plan, [i * 7], buckets[i % 3])), args.repeat),
         "< 30 ms")
    before = views.redraws
    show("rationale edit -> change record (no figure redraw)",
         timed(lambda i: stack.push(SetRationale(plan, [i], f"Reason {i}")), args.repeat),
         "< 5 ms")
    assert views.redraws == before  # a rationale edit redraws nothing that shows figures
    for i in range(40):
        stack.push(SetAmounts(plan, [i * 11], 2026, 1000.0 + i))
    heard = views.heard
    show("jump back 40 history steps (one announcement, one redraw)",
         timed(lambda i: stack.undo_many(40), 1), "< 100 ms")
    print(f"{'':<58} announcements during the jump: {views.heard - heard}")
    stack.redo_many(40)
    show("spread preview: +1 bn core in 2026 (default rule)",
         timed(lambda i: preview_spread(plan, SpreadRequest(2026, Bucket.CORE, 1e9)), 5))
    show("close-the-gap proposal 'now' (dry run on a scratch copy)",
         timed(lambda i: propose_close_gap(plan, "now"), 3))
    show("snapshot for export", timed(lambda i: plan.snapshot(), 5))
    print(f"history: {stack.depth} steps, {stack.memory_bytes / 1e6:.1f} MB remembered")


if __name__ == "__main__":
    main()
