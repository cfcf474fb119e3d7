"""Things given as BUDGET that are not budget files, and commands that do not exist: refused
at once with one 'error:' line, never a hang, a flood of memory or a window."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def run_main(*argv: str, timeout: float = 60) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    return subprocess.run([sys.executable, str(REPO / "main.py"), *argv], capture_output=True,
                          text=True, timeout=timeout, cwd=REPO, env=env)


def assert_refused(done: subprocess.CompletedProcess, *words: str) -> None:
    assert done.returncode == 2 and done.stdout == ""
    lines = done.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error:"), done.stderr
    for word in words:
        assert word in lines[0]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_is_refused_at_once_not_waited_on(tmp_path):
    fifo = tmp_path / "budget.csv"
    os.mkfifo(fifo)
    assert_refused(run_main("report", str(fifo)), "budget.csv", "not a regular file")


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero")
def test_an_endless_device_is_refused_not_read():
    assert_refused(run_main("report", "/dev/zero", "--json"), "not a regular file")


def test_a_folder_is_refused(tmp_path):
    assert_refused(run_main("report", str(tmp_path)), "not a regular file")


def test_a_mistyped_command_is_a_usage_error_not_a_window():
    done = run_main("frobnicate", "x")
    assert_refused(done, "'frobnicate'", "report")


def test_a_file_that_grew_past_the_cap_is_never_read_whole(tmp_path, monkeypatch):
    from nato_planner.core.errors import BudgetImportError
    from nato_planner.io import safety
    from nato_planner.io.budget_import import read_budget
    path = tmp_path / "big.csv"
    path.write_bytes(b"Description,2025\n" + b"Tanks,1\n" * 1000)
    monkeypatch.setattr(safety, "MAX_FILE_BYTES", 100)
    with pytest.raises(BudgetImportError, match="larger than"):
        read_budget(str(path))
