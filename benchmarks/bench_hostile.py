"""Hostile and malformed corpus files: each must be imported or refused in < 5 s, < 500 MB extra.

Each file is read in a fresh subprocess; "extra" memory is the peak RSS minus the RSS after the
importer's modules were loaded.

    python benchmarks/bench_hostile.py [--all]
"""
from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus" / "real"
HOSTILE = ["calamine__issue_594_dos.ods", "calamine__number_rows_repeated.ods",
           "calamine__OOM_alloc.xls", "calamine__OOM_alloc2.xls", "calamine__OOM_alloc3.xls",
           "calamine__issue444.xls", "calamine__issue_666_lost_sheets.xlsb",
           "calamine__issue_666_panic.xlsb", "calamine__ptgexp-truncated-operand.xls",
           "xlrd__corrupted_error.xls", "fastexcel__infer-dtypes-fallback.xlsx",
           "fastexcel__null-bytes-in-columns-names.xls", "fastexcel__fixture-invalid-cell-value-num.xlsx"]

_PROBE = """
import resource, sys, time
sys.path.insert(0, {repo!r})
from nato_planner.core.errors import BudgetImportError
from nato_planner.io.budget_import import read_budget
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
start = time.perf_counter()
try:
    result = read_budget(sys.argv[1])
    outcome = f"imported {{result.line_items}} lines"
except BudgetImportError as error:
    outcome = "refused: " + str(error)[:90]
elapsed = time.perf_counter() - start
extra = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - base) / 1024
print(f"{{elapsed:.3f}}\\t{{extra:.0f}}\\t{{outcome}}")
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--all", action="store_true", help="every corpus file, not just the "
                        "hostile ones")
    args = parser.parse_args()
    names = sorted(p.name for p in CORPUS.iterdir()) if args.all else HOSTILE
    worst_time = worst_memory = 0.0
    for name in names:
        try:
            done = subprocess.run([sys.executable, "-c", _PROBE.format(repo=str(REPO)),
                                   str(CORPUS / name)], capture_output=True, text=True,
                                  timeout=60)
            elapsed, extra, outcome = done.stdout.strip().split("\t", 2)
        except (subprocess.TimeoutExpired, ValueError):
            print(f"{'>60':>7} s {'?':>5} MB  {name}: CRASHED OR HUNG")
            worst_time = 60.0
            continue
        worst_time, worst_memory = max(worst_time, float(elapsed)), max(worst_memory,
                                                                        float(extra))
        print(f"{float(elapsed):7.3f} s {float(extra):5.0f} MB  {name}: {outcome}")
    ok = worst_time < 5 and worst_memory < 500
    print(f"worst: {worst_time:.3f} s, {worst_memory:.0f} MB extra (targets < 5 s, < 500 MB): "
          f"{'OK' if ok else 'MISSED'}")


if __name__ == "__main__":
    main()
