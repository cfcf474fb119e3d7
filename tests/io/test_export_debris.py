"""Exports and charts leave nothing behind (issue 9 item 6, hostile README F8-F12): no temp
file on cancel, failure or after a kill; nothing Excel would cut; charts written atomically
and never over their own budget; symlinked targets written through."""
from __future__ import annotations

import errno
import gc
import os
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import pytest

from nato_planner.core.errors import ExportError
from nato_planner.core.plan import Plan
from nato_planner.io import plan_export
from nato_planner.io.budget_import import read_budget
from nato_planner.io.plan_export import ExportCancelled, export_plan

REPO = Path(__file__).resolve().parents[2]
SAMPLE = REPO / "sample_budgets" / "westmark_budget_fy2025.xlsx"
CSV_SAMPLE = REPO / "sample_budgets" / "southvale_defence.csv"


@pytest.fixture()
def private_tmp(tmp_path, monkeypatch):
    """The system temp folder, empty and watched."""
    folder = tmp_path / "TMP"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


@pytest.fixture(scope="module")
def plan():
    return Plan(read_budget(str(SAMPLE)).budget)


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_a_cancelled_export_leaves_no_file_anywhere(tmp_path, private_tmp, plan):
    calls = []
    target = tmp_path / "out" / "plan.xlsx"
    target.parent.mkdir()
    with pytest.raises(ExportCancelled):
        export_plan(plan, target, cancelled=lambda: calls.append(1) or len(calls) >= 2)
    assert leftovers(target.parent) == []
    assert leftovers(private_tmp) == []


def test_the_next_export_removes_what_a_killed_one_left(tmp_path, private_tmp, plan):
    gone = 2 ** 22 + 12345  # above the usual pid_max: no such process
    stale_partial = tmp_path / f".plan.{gone}.abcd1234.tmp"
    stale_partial.write_bytes(b"PK partial plan with every line item")
    stale_scratch = private_tmp / f"nato-planner-scratch-{gone}-xyz"
    stale_scratch.mkdir()
    (stale_scratch / "worksheet_rows.xml").write_text("<row>Tanks 100</row>")
    alive = tmp_path / f".plan.{os.getppid()}.efgh5678.tmp"  # a writer still running
    alive.write_bytes(b"in progress")
    export_plan(plan, tmp_path / "plan.xlsx")
    assert not stale_partial.exists() and not stale_scratch.exists()
    assert alive.exists()
    assert leftovers(private_tmp) == []


def test_a_full_disk_keeps_the_old_plan_and_prints_no_noise(tmp_path, private_tmp, plan,
                                                            monkeypatch):
    target = tmp_path / "plan.xlsx"
    export_plan(plan, target)
    before = target.read_bytes()
    real_write = zipfile.ZipFile.write

    def disk_full(self, *args, **kwargs):
        if args and "sheet2" in str(args[-1]):
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_write(self, *args, **kwargs)
    monkeypatch.setattr(zipfile.ZipFile, "write", disk_full)
    unraisable = []
    monkeypatch.setattr(sys, "unraisablehook", unraisable.append)
    with pytest.raises(ExportError, match="disk is full"):
        export_plan(plan, target)
    gc.collect()
    assert unraisable == []  # no 'Exception ignored in: ZipFile.__del__'
    assert target.read_bytes() == before
    assert leftovers(tmp_path) == ["TMP", "plan.xlsx"]
    assert leftovers(private_tmp) == []


def test_more_lines_than_an_excel_sheet_holds_are_refused_before_writing(tmp_path, plan,
                                                                         monkeypatch):
    monkeypatch.setattr(plan_export, "EXCEL_ROWS", len(plan.budget))  # one row short
    with pytest.raises(ExportError, match=f"{len(plan.budget):,} line items, more than"):
        export_plan(plan, tmp_path / "plan.xlsx")
    assert leftovers(tmp_path) == []


def test_a_text_longer_than_a_cell_is_refused_naming_the_line(tmp_path):
    path = tmp_path / "long.csv"
    path.write_text("Description,2025\nTanks,1\n" + "B" * 40_000 + ",2\n")
    plan = Plan(read_budget(str(path)).budget)
    with pytest.raises(ExportError, match="line 2 .*40,000 characters"):
        export_plan(plan, tmp_path / "plan.xlsx")
    assert not (tmp_path / "plan.xlsx").exists()


def test_a_symlinked_target_is_written_through(tmp_path, plan):
    real = tmp_path / "shared" / "plan.xlsx"
    real.parent.mkdir()
    real.write_bytes(b"old plan")
    link = tmp_path / "plan.xlsx"
    link.symlink_to(real)
    export_plan(plan, link)
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert zipfile.is_zipfile(real)


# --- the command line: chart and export -----------------------------------------------------
def run_main(*argv: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    return subprocess.run([sys.executable, str(REPO / "main.py"), *argv], capture_output=True,
                          text=True, timeout=180, cwd=cwd, env=env)


@pytest.mark.parametrize("command", ["chart", "export"])
@pytest.mark.parametrize("spelling", ["same", "dot", "symlink", "hardlink"])
def test_out_naming_the_budget_itself_is_refused(tmp_path, command, spelling):
    source = CSV_SAMPLE if command == "chart" else SAMPLE  # export writes .xlsx only
    budget = tmp_path / f"budget{source.suffix}"
    budget.write_bytes(source.read_bytes())
    out = {"same": budget.name, "dot": f"./{budget.name}", "symlink": f"link{source.suffix}",
           "hardlink": f"hard{source.suffix}"}[spelling]
    if spelling == "symlink":
        (tmp_path / out).symlink_to(budget)
    if spelling == "hardlink":
        os.link(budget, tmp_path / out)
    done = run_main(command, budget.name, "--out", out, cwd=tmp_path)
    assert done.returncode == 2 and done.stderr.count("\n") == 1
    assert "is the budget itself" in done.stderr
    assert budget.read_bytes() == source.read_bytes()


def test_chart_refuses_a_format_it_does_not_write(tmp_path):
    done = run_main("chart", str(CSV_SAMPLE), "--out", "chart.jpg", cwd=tmp_path)
    assert done.returncode == 2 and done.stderr.startswith("error:") and ".png" in done.stderr
    assert leftovers(tmp_path) == []


def test_chart_replaces_an_image_whole_and_quietly(tmp_path):
    (tmp_path / "chart.png").write_bytes(b"old")
    done = run_main("chart", str(CSV_SAMPLE), "--out", "chart.png", "--kind", "dashboard",
                    "--year", "2025", cwd=tmp_path)
    assert done.returncode == 0 and done.stderr == ""  # no Qt plugin chatter
    image = (tmp_path / "chart.png").read_bytes()
    assert image.startswith(b"\x89PNG") and image.endswith(b"IEND\xaeB`\x82")
    assert leftovers(tmp_path) == ["chart.png"]
