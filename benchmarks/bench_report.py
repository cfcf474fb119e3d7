"""`report` on a 100,000-line workbook against a bare python-calamine read of the same file.

Targets (BUDGET_FORMAT.md / the importer brief): report time <= 1.5 x the bare read, peak
memory < 400 MB. Each side runs in its own fresh subprocess (best of --repeat runs), so the
timings are fair and the peak RSS of one does not leak into the other.

    python benchmarks/bench_report.py [--lines 100000] [--repeat 3]
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MINISTRIES = ["Ministry of Defence", "Ministry of Interior", "Ministry of Transport",
              "Ministry of Finance", "Ministry of Economy"]
CLASSES = ["Core defence", "Security-related", "Not counted", "", "Equipment", "Personnel"]

_BARE = """
import sys, time, resource, python_calamine
start = time.perf_counter()
book = python_calamine.CalamineWorkbook.from_path(sys.argv[1])
cells = sum(len(book.get_sheet_by_name(n).to_python()) for n in book.sheet_names)
elapsed = time.perf_counter() - start
print(elapsed, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
"""
_REPORT = """
import sys, json, time, resource
sys.path.insert(0, {repo!r})
from nato_planner.cli import report_data, import_options, build_parser
from nato_planner.io.budget_import import read_budget
start = time.perf_counter()
args = build_parser().parse_args(["report", sys.argv[1], "--json"])
text = json.dumps(report_data(read_budget(args.budget, import_options(args)), args.budget))
elapsed = time.perf_counter() - start
print(elapsed, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
"""


def write_budget(path: str, lines: int) -> None:
    """A realistic wide-ish budget: title block, codes with leading zeros, two years."""
    import xlsxwriter
    book = xlsxwriter.Workbook(path, {"constant_memory": True})
    sheet = book.add_worksheet("Budget")
    sheet.write_row(0, 0, ["Ministry of Defence - Budget 2026"])
    sheet.write_row(1, 0, ["Amounts in EUR thousands"])
    sheet.write_row(3, 0, ["Code", "Description", "Ministry", "Classification",
                           "2025 Budget", "2026 Plan"])
    for i in range(lines):
        sheet.write_row(4 + i, 0, [f"{i % 10000:04d}-{i:06d}", f"Budget line number {i} for "
                                   f"programme {i % 97}", MINISTRIES[i % 5], CLASSES[i % 6],
                                   1000.0 + (i % 1000), 1100.5 + (i % 900)])
    book.close()


def run(code: str, path: str, repeat: int) -> tuple[float, float]:
    best_time, peak = float("inf"), 0.0
    for _ in range(repeat):
        out = subprocess.run([sys.executable, "-c", code, path], capture_output=True,
                             text=True, check=True).stdout.split()
        best_time, peak = min(best_time, float(out[0])), max(peak, float(out[1]))
    return best_time, peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "budget_100k.xlsx")
        start = time.perf_counter()
        write_budget(path, args.lines)
        print(f"wrote {args.lines:,} lines ({os.path.getsize(path) / 1e6:.1f} MB) in "
              f"{time.perf_counter() - start:.1f} s")
        bare, bare_peak = run(_BARE, path, args.repeat)
        report, report_peak = run(_REPORT.format(repo=REPO), path, args.repeat)
    ratio = report / bare
    print(json.dumps({"bare_calamine_s": round(bare, 3), "report_s": round(report, 3),
                      "ratio": round(ratio, 2), "bare_peak_mb": round(bare_peak),
                      "report_peak_mb": round(report_peak)}))
    print(f"ratio {ratio:.2f} (target <= 1.5): {'OK' if ratio <= 1.5 else 'MISSED'}; "
          f"report peak {report_peak:.0f} MB (target < 400): "
          f"{'OK' if report_peak < 400 else 'MISSED'}")


if __name__ == "__main__":
    main()
