"""`report` on a 100,000-line workbook against a bare python-calamine read of the same file.

Targets (issue 8): report time <= 1.5 x the bare read, peak memory < 400 MB, both measured as
WHOLE processes: `python main.py report FILE --json` (interpreter start, imports, the forked
limited child that reads the file, the JSON) against `python -c <open the book, read every
sheet>`, run in turns so a noisy moment slows both alike. Wall time is the best of --repeat
runs of each, and the median ratio of back-to-back pairs is printed too; CPU time (user + sys,
the children included) is printed as well: `report` uses the second core while the sheet
parses, so its CPU time is larger than its wall time. Peak RSS is the largest of the process and
its children (wait4), so the report's reading child counts.

    python benchmarks/bench_report.py [--lines 100000] [--repeat 11] [--shapes numbers blanks text]
"""
from __future__ import annotations

import argparse
import compileall
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


SHAPES = {"numbers": "every amount a number",
          "blanks": "one 2026 amount in 50 left blank (the importer then checks for formulas)",
          "text": "2026 amounts typed as text, '1 100.50' (read in bulk, not cell by cell)"}


def write_budget(path: str, lines: int, shape: str = "numbers") -> None:
    """A realistic wide-ish budget: title block, codes with leading zeros, two years."""
    import xlsxwriter
    book = xlsxwriter.Workbook(path, {"constant_memory": True})
    sheet = book.add_worksheet("Budget")
    sheet.write_row(0, 0, ["Ministry of Defence - Budget 2026"])
    sheet.write_row(1, 0, ["Amounts in EUR thousands"])
    sheet.write_row(3, 0, ["Code", "Description", "Ministry", "Classification",
                           "2025 Budget", "2026 Plan"])
    for i in range(lines):
        plan = 1100.5 + (i % 900)
        if shape == "text":
            plan = f"{plan:,.2f}".replace(",", " ")
        sheet.write_row(4 + i, 0, [f"{i % 10000:04d}-{i:06d}", f"Budget line number {i} for "
                                   f"programme {i % 97}", MINISTRIES[i % 5], CLASSES[i % 6],
                                   1000.0 + (i % 1000)])
        if not (shape == "blanks" and i % 50 == 0):
            sheet.write(4 + i, 5, plan)
    book.close()


def run_once(command: list[str]) -> tuple[float, float, float]:
    """(wall seconds, CPU seconds, peak RSS MB) of `command` as a whole process."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, cwd=REPO)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{command[:3]} failed with status {os.waitstatus_to_exitcode(status)}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def interleaved(bare: list[str], report: list[str], repeat: int) -> dict[str, list[tuple]]:
    """Both commands in turns (bare, report, bare, ...): a noisy moment slows both alike."""
    runs: dict[str, list[tuple]] = {"bare": [], "report": []}
    for _ in range(repeat):
        runs["bare"].append(run_once(bare))
        runs["report"].append(run_once(report))
    return runs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=11)
    parser.add_argument("--shapes", nargs="+", choices=sorted(SHAPES), default=list(SHAPES),
                        help="budget shapes to measure (default: all)")
    args = parser.parse_args()
    # Bytecode as an installation has it (pip compiles it): with PYTHONDONTWRITEBYTECODE set,
    # every run would otherwise compile our modules from source, ~0.07 s of CPU.
    compileall.compile_dir(os.path.join(REPO, "nato_planner"), quiet=1)
    for shape in args.shapes:
        with tempfile.TemporaryDirectory() as folder:
            path = os.path.join(folder, f"budget_{shape}.xlsx")
            write_budget(path, args.lines, shape)
            print(f"{shape}: {args.lines:,} lines, {SHAPES[shape]} "
                  f"({os.path.getsize(path) / 1e6:.1f} MB)")
            runs = interleaved([sys.executable, "-c", _BARE, path],
                               [sys.executable, os.path.join(REPO, "main.py"), "report", path,
                                "--json"], args.repeat)
        report_ratios(runs, args.repeat)


def report_ratios(runs: dict[str, list[tuple]], repeat: int) -> None:
    best = {k: min(r[0] for r in v) for k, v in runs.items()}
    best_cpu = {k: min(r[1] for r in v) for k, v in runs.items()}
    peak = {k: max(r[2] for r in v) for k, v in runs.items()}
    pair_ratios = sorted(r[0] / b[0] for b, r in zip(runs["bare"], runs["report"]))
    ratio, cpu_ratio = best["report"] / best["bare"], best_cpu["report"] / best_cpu["bare"]
    median_pair = pair_ratios[len(pair_ratios) // 2]
    print(json.dumps({"bare_calamine_s": round(best["bare"], 3),
                      "report_s": round(best["report"], 3), "ratio": round(ratio, 2),
                      "median_pair_ratio": round(median_pair, 2),
                      "bare_cpu_s": round(best_cpu["bare"], 3),
                      "report_cpu_s": round(best_cpu["report"], 3),
                      "cpu_ratio": round(cpu_ratio, 2), "bare_peak_mb": round(peak["bare"]),
                      "report_peak_mb": round(peak["report"])}))
    print(f"  wall ratio {ratio:.2f} (best of {repeat} each), median of back-to-back pairs "
          f"{median_pair:.2f}, CPU ratio {cpu_ratio:.2f} (target <= 1.5): "
          f"{'OK' if ratio <= 1.5 else 'MISSED'}; report peak {peak['report']:.0f} MB "
          f"(target < 400): {'OK' if peak['report'] < 400 else 'MISSED'}")

if __name__ == "__main__":
    main()
