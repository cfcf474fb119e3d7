"""Every corpus file (shared/corpus hostile, real, budgets) through `report --json` as a whole
process: the worst wall time, CPU time and peak RSS (the process and its reading child, via
wait4). Targets (issue 8): each file < 5 s and < 500 MB, ending in exit 0 or exit 2 with one
'error:' line on stderr.

    python benchmarks/bench_hostile.py [--folders hostile real budgets] [--backtrace]
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus"


def run(path: Path, env: dict[str, str]) -> tuple[float, float, float, int, str]:
    """(wall s, CPU s, peak RSS MB, exit status, stderr) of one report as a whole process."""
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        process = subprocess.Popen([sys.executable, str(REPO / "main.py"), "report", str(path),
                                    "--json"], stdout=subprocess.DEVNULL, stderr=err,
                                   cwd=REPO, env=env)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        err.seek(0)
        stderr = err.read().decode("utf-8", "replace")
    return (wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024,
            os.waitstatus_to_exitcode(status), stderr)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folders", nargs="+", default=["hostile", "real", "budgets"])
    parser.add_argument("--backtrace", action="store_true", help="run with RUST_BACKTRACE=1")
    args = parser.parse_args()
    env = {k: v for k, v in os.environ.items() if k != "RUST_BACKTRACE"}
    if args.backtrace:
        env["RUST_BACKTRACE"] = "1"
    worst_wall = worst_cpu = worst_rss = 0.0
    worst_names = ["", "", ""]
    failures = []
    for folder in args.folders:
        for path in sorted((CORPUS / folder).iterdir()):
            if path.name == "README.md":
                continue
            wall, cpu, rss, code, stderr = run(path, env)
            lines = stderr.splitlines()
            clean = (code == 0 and not lines) or (code == 2 and len(lines) == 1
                                                  and lines[0].startswith("error:"))
            outcome = "imported" if code == 0 else "refused" if code == 2 else f"status {code}"
            print(f"{wall:6.2f} s {cpu:6.2f} s CPU {rss:5.0f} MB  {outcome:9} "
                  f"{folder}/{path.name}{'' if clean else '  NOT CLEAN: ' + stderr[:200]}")
            if not clean:
                failures.append(path.name)
            for index, (value, worst) in enumerate(((wall, worst_wall), (cpu, worst_cpu),
                                                    (rss, worst_rss))):
                if value > worst:
                    worst_names[index] = path.name
            worst_wall, worst_cpu, worst_rss = (max(worst_wall, wall), max(worst_cpu, cpu),
                                                max(worst_rss, rss))
    ok = worst_wall < 5 and worst_rss < 500 and not failures
    print(f"worst wall {worst_wall:.2f} s ({worst_names[0]}), worst CPU {worst_cpu:.2f} s "
          f"({worst_names[1]}), worst peak {worst_rss:.0f} MB ({worst_names[2]}); "
          f"{len(failures)} not clean (targets < 5 s, < 500 MB): {'OK' if ok else 'MISSED'}")


if __name__ == "__main__":
    main()
