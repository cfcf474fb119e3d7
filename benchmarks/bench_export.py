"""Export a 100,000-line plan and compare with a bare XlsxWriter dump of the same cells.

Target: export time <= 1.5 x the bare dump (same library, same constant_memory mode, same
cells: the line items' text, share, amounts and 'Changed' text). Prints both times, the
ratio and the export's peak Python memory (tracemalloc, a separate pass).

    python benchmarks/bench_export.py [--lines 100000] [--years 6] [--repeat 3]
"""
from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

import numpy as np
import xlsxwriter

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from nato_planner.core.budget import Budget, LineColumns  # noqa: E402
from nato_planner.core.commands import ClassifyLines, SetRationale, SetShares  # noqa: E402
from nato_planner.core.plan import Plan  # noqa: E402
from nato_planner.core.taxonomy import SUBCATEGORIES, Bucket  # noqa: E402
from nato_planner.io.plan_export import export_plan  # noqa: E402


def make_plan(lines: int, years: int) -> Plan:
    """A big budget with edits on a tenth of the lines, so 'Changed' has text to write."""
    rng = np.random.default_rng(1)
    year_list = list(range(2025, 2025 + years))
    columns = LineColumns(
        years=year_list, amounts=np.round(rng.uniform(-1e5, 5e8, (lines, years)), 2),
        codes=[f"{i:06d}" for i in range(lines)],
        descriptions=[f"Programme line {i} - procurement and sustainment" for i in range(lines)],
        organisations=rng.choice(["Ministry of Defence", "Ministry of Interior"], lines).tolist(),
        cofog=rng.choice(["02.1", "02.2", "03.1", "04.5"], lines).tolist(),
        buckets=rng.choice([0, 1, 2, 3], lines), shares=rng.choice([1.0, 0.5], lines),
        rationales=[""] * lines)
    plan = Plan(Budget(columns, gdp={y: 7e11 * 1.03 ** i for i, y in enumerate(year_list)}))
    edited = np.arange(0, lines, 10)
    ClassifyLines(plan, edited, Bucket.SECURITY, 6).do(plan)
    SetShares(plan, edited[::2], 0.75).do(plan)
    SetRationale(plan, edited[::3], "Networks protecting mobilisation sites").do(plan)
    return plan


def dump_rows(plan: Plan) -> list[list]:
    """The same cells the export writes on Line items, as plain Python rows."""
    b = plan.budget
    labels = ["", *(Bucket(i).label for i in (1, 2, 3))]
    subs = ["", *(s.label for s in SUBCATEGORIES)]
    changed = b.changed_mask()
    rows = []
    for i in range(len(b)):
        rows.append([b.codes[i], b.descriptions[i], b.organisations[i], b.cofog[i],
                     labels[b.buckets[i]], subs[b.subcategories[i] + 1], float(b.shares[i]),
                     b.rationales[i], *b.amounts[i].tolist(),
                     b.change_description(i) if changed[i] else ""])
    return rows


def bare_dump(rows: list[list], path: str) -> None:
    book = xlsxwriter.Workbook(path, {"constant_memory": True, "strings_to_urls": False})
    sheet = book.add_worksheet("Line items")
    for r, row in enumerate(rows):
        sheet.write_row(r, 0, row)
    book.close()


def best_of(repeat: int, action) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--lines", type=int, default=100_000)
    parser.add_argument("--years", type=int, default=6)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    plan = make_plan(args.lines, args.years)
    rows = dump_rows(plan)
    with tempfile.TemporaryDirectory() as folder:
        bare_path, plan_path = os.path.join(folder, "bare.xlsx"), os.path.join(folder, "plan.xlsx")
        bare = best_of(args.repeat, lambda: bare_dump(rows, bare_path))
        export = best_of(args.repeat, lambda: export_plan(plan, plan_path))
        tracemalloc.start()
        export_plan(plan, plan_path)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        sizes = os.path.getsize(bare_path), os.path.getsize(plan_path)
    cells = len(rows) * len(rows[0])
    print(f"lines: {args.lines:,}  years: {args.years}  cells on Line items: {cells:,}")
    print(f"bare XlsxWriter dump (constant_memory, write_row): {bare:.2f} s "
          f"({sizes[0] / 1e6:.1f} MB)")
    print(f"export_plan (all five sheets, formulas, chart):   {export:.2f} s "
          f"({sizes[1] / 1e6:.1f} MB)")
    print(f"ratio export / bare dump: {export / bare:.2f} x  (target <= 1.5 x)")
    print(f"export peak Python memory (tracemalloc): {peak / 1e6:.0f} MB; "
          f"process max RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3:.0f} MB")


if __name__ == "__main__":
    main()
