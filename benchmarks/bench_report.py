"""`report` on a 100,000-line workbook against a bare python-calamine read of the same file.

Targets (issue 8): report time <= 1.5 x the bare read, peak memory < 400 MB, both measured as
WHOLE processes: `python main.py report FILE --json` (interpreter start, imports, the forked
limited child that reads the file, the JSON) against `python -c <open the book, read every
sheet>`. Wall time is the best of --repeat runs; CPU time (user + sys, the children included)
is printed too, being steadier on a shared machine. Peak RSS is the largest of the process and
its children (wait4), so the report's reading child counts.

    python benchmarks/bench_report.py [--lines 100000] [--repeat 5]
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
import sys, python_calamine
book = python_calamine.CalamineWorkbook.from_path(sys.argv[1])
cells = sum(len(book.get_sheet_by_name(n).to_python()) for n in book.sheet_names)
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


def run(command: list[str], repeat: int) -> tuple[float, float, float]:
    """(best wall seconds, best CPU seconds, peak RSS MB) of `command` as a whole process."""
    best_wall = best_cpu = float("inf")
    peak = 0.0
    for _ in range(repeat):
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, cwd=REPO)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != 0:
            raise SystemExit(f"{command[:3]} failed with status {process.returncode}")
        best_wall = min(best_wall, wall)
        best_cpu = min(best_cpu, usage.ru_utime + usage.ru_stime)
        peak = max(peak, usage.ru_maxrss / 1024)
    return best_wall, best_cpu, peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "budget_100k.xlsx")
        start = time.perf_counter()
        write_budget(path, args.lines)
        print(f"wrote {args.lines:,} lines ({os.path.getsize(path) / 1e6:.1f} MB) in "
              f"{time.perf_counter() - start:.1f} s")
        bare, bare_cpu, bare_peak = run([sys.executable, "-c", _BARE, path], args.repeat)
        report, report_cpu, report_peak = run(
            [sys.executable, os.path.join(REPO, "main.py"), "report", path, "--json"],
            args.repeat)
    ratio, cpu_ratio = report / bare, report_cpu / bare_cpu
    print(json.dumps({"bare_calamine_s": round(bare, 3), "report_s": round(report, 3),
                      "ratio": round(ratio, 2), "bare_cpu_s": round(bare_cpu, 3),
                      "report_cpu_s": round(report_cpu, 3), "cpu_ratio": round(cpu_ratio, 2),
                      "bare_peak_mb": round(bare_peak), "report_peak_mb": round(report_peak)}))
    print(f"wall ratio {ratio:.2f}, CPU ratio {cpu_ratio:.2f} (target <= 1.5): "
          f"{'OK' if ratio <= 1.5 else 'MISSED'}; report peak {report_peak:.0f} MB "
          f"(target < 400): {'OK' if report_peak < 400 else 'MISSED'}")


if __name__ == "__main__":
    main()
