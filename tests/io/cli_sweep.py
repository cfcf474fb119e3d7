"""Run `report FILE --json` through the command line's entry point for each file named, in
this one process (each report runs in the command's own limited child), and print one JSON
line per file: exit status, stdout, stderr, seconds, and the child's peak RSS in MB.

    python tests/io/cli_sweep.py FILE...

Used by the corpus and fuzz tests: one interpreter for a hundred files instead of a hundred.
"""
from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from nato_planner import app  # noqa: E402
from nato_planner.io import sandbox  # noqa: E402


def run(argv: list[str]) -> dict:
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        sys.stdout.flush()
        sys.stderr.flush()
        saved = os.dup(1), os.dup(2)
        os.dup2(out.fileno(), 1)
        os.dup2(err.fileno(), 2)
        sandbox.last_child_usage.clear()
        start = time.perf_counter()
        try:
            code = app.main(argv)
        except SystemExit as stop:
            code = stop.code
        finally:
            elapsed = time.perf_counter() - start
            sys.stdout.flush()
            sys.stderr.flush()
            os.dup2(saved[0], 1)
            os.dup2(saved[1], 2)
            os.close(saved[0])
            os.close(saved[1])
        out.seek(0)
        err.seek(0)
        usage = sandbox.last_child_usage[0] if sandbox.last_child_usage else None
        return {"argv": argv, "code": code, "stdout": out.read().decode("utf-8", "replace"),
                "stderr": err.read().decode("utf-8", "replace"), "seconds": elapsed,
                "child_peak_mb": usage.ru_maxrss / 1024 if usage else None}


def main() -> None:
    results = [run(["report", path, "--json"]) for path in sys.argv[1:]]
    for result in results:
        print(json.dumps(result))


if __name__ == "__main__":
    main()
