"""`nato-planner project new` and `report P.natoplan`: a project reports the same figures as
its workbook, then every saved edit; a project killed mid-session keeps its committed edits."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from nato_planner.cli import main
from nato_planner.core.commands import ClassifyLines
from nato_planner.core.plan import Plan
from nato_planner.core.taxonomy import Bucket
from nato_planner.io.project_file import ProjectFile
from nato_planner.io.project_recorder import attach

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "sample_budgets" / "westmark_budget_fy2025.xlsx"


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def project_path(tmp_path, capsys):
    path = tmp_path / "westmark.natoplan"
    code, out, err = run(capsys, "project", "new", SAMPLE, "--out", path)
    assert code == 0 and err == "" and "215 line items" in out
    return path


def test_a_new_project_reports_what_its_workbook_reports(capsys, project_path):
    _, from_workbook, _ = run(capsys, "report", SAMPLE, "--json")
    code, from_project, err = run(capsys, "report", project_path, "--json")
    assert code == 0 and err == ""
    assert json.loads(from_project) == json.loads(from_workbook)


def test_report_shows_the_edits_saved_in_the_project(capsys, project_path):
    before = json.loads(run(capsys, "report", project_path, "--json")[1])["years"][0]
    project = ProjectFile.open(project_path)
    loaded, stack, _ = attach(project)
    unclassified = [i for i in range(len(loaded.plan.budget))
                    if loaded.plan.budget.buckets[i] == Bucket.UNCLASSIFIED][:3]
    stack.push(ClassifyLines(loaded.plan, unclassified, Bucket.CORE))
    expected = loaded.plan.figures(loaded.plan.years[0])
    project.close()
    after = json.loads(run(capsys, "report", project_path, "--json")[1])["years"][0]
    assert after["core"] == pytest.approx(expected.core) and after["core"] > before["core"]
    assert after["unclassified"] < before["unclassified"]


def test_an_unknown_scenario_is_one_error_line(capsys, project_path):
    code, out, err = run(capsys, "report", project_path, "--scenario", "Plan B")
    assert code == 2 and out == ""
    assert err.startswith("error:") and "'Plan B'" in err and "'Working plan'" in err


def test_project_new_never_overwrites(capsys, project_path):
    before = project_path.read_bytes()
    code, _, err = run(capsys, "project", "new", SAMPLE, "--out", project_path)
    assert code == 2 and "already exists" in err and project_path.read_bytes() == before


def test_a_foreign_file_named_natoplan_is_refused_by_report(capsys, tmp_path):
    path = tmp_path / "notes.natoplan"
    path.write_text("meeting notes")
    code, _, err = run(capsys, "report", path)
    assert code == 2 and "not a NATO planner project" in err and path.read_text() == "meeting notes"


EDITING_SCRIPT = textwrap.dedent("""
    import sys, time
    from nato_planner.core.commands import SetShares
    from nato_planner.io.project_file import ProjectFile
    from nato_planner.io.project_recorder import attach
    project = ProjectFile.open(sys.argv[1])
    loaded, stack, _ = attach(project)
    for i in range(40):  # one edit every 20 ms, each reported once written
        stack.push(SetShares(loaded.plan, [i], 0.5))
        print(i, flush=True)
        time.sleep(0.02)
    time.sleep(60)  # still 'working' when it is killed
""")


def test_a_killed_session_keeps_every_committed_edit(capsys, project_path):
    child = subprocess.Popen([sys.executable, "-c", EDITING_SCRIPT, str(project_path)],
                             stdout=subprocess.PIPE, text=True, cwd=REPO)
    reported = [int(child.stdout.readline()) for _ in range(25)]
    time.sleep(1.0)  # every edit reported so far is older than a second
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    project = ProjectFile.open(project_path)
    loaded = project.load()
    assert all(loaded.plan.budget.shares[i] == 0.5 for i in reported)
    assert len(loaded.done) >= len(reported)
    project.close()


def test_export_of_a_scenario_writes_that_scenarios_figures(capsys, project_path, tmp_path):
    from nato_planner.io.budget_import import read_budget
    project = ProjectFile.open(project_path)
    project.new_scenario("Plan B", project.scenario("Working plan"))
    loaded, stack, _ = attach(project, "Plan B")
    unclassified = [i for i in range(len(loaded.plan.budget))
                    if loaded.plan.budget.buckets[i] == Bucket.UNCLASSIFIED][:4]
    stack.push(ClassifyLines(loaded.plan, unclassified, Bucket.SECURITY))
    expected = loaded.plan.all_figures()
    project.close()
    out = tmp_path / "plan_b.xlsx"
    code, _, err = run(capsys, "export", project_path, "--out", out, "--scenario", "Plan B")
    assert code == 0 and err == ""
    again = Plan(read_budget(str(out)).budget)  # what a colleague opening the export sees
    for figures in expected:
        assert again.figures(figures.year).security == pytest.approx(figures.security)
        assert again.figures(figures.year).core == pytest.approx(figures.core)
    working = json.loads(run(capsys, "report", project_path, "--json",
                             "--scenario", "Working plan")[1])["years"][0]
    assert working["security"] < expected[0].security


def test_project_new_on_a_file_that_aborts_its_parser_is_one_error_line(tmp_path):
    hostile = REPO.parent / "shared" / "corpus" / "hostile" / "F3d_abort_xlsb_far_cell.xlsb"
    if not hostile.exists():
        pytest.skip("the team's hostile corpus is not beside the project")
    out = tmp_path / "p.natoplan"
    done = subprocess.run([sys.executable, str(REPO / "main.py"), "project", "new", str(hostile),
                           "--out", str(out)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and done.stderr.startswith("error:")
    assert len(done.stderr.strip().splitlines()) == 1 and not out.exists()
