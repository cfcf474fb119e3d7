"""`brief BUDGET --out brief.pdf`: the annual plan brief a delegate prints for the ambassador.

The PDF's text (pdftotext) must hold the very gap figures `report --json` gives for the same
budget; a bad target gives one error line and leaves no file behind.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

REPO = Path(__file__).resolve().parents[2]
PDFTOTEXT = shutil.which("pdftotext")
needs_pdftotext = pytest.mark.skipif(PDFTOTEXT is None, reason="pdftotext (poppler-utils) needed")


def run_cli(*args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY",
                                                              "QT_QPA_PLATFORM")}
    return subprocess.run([sys.executable, str(REPO / "main.py"), *args], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=180)


def pdf_text(pdf: Path) -> str:
    return subprocess.run([PDFTOTEXT, "-layout", str(pdf), "-"], check=True,
                          capture_output=True, text=True).stdout


@pytest.fixture(scope="module")
def budget(tmp_path_factory) -> Path:
    """A budget no sample resembles: NOK, two years, GDP on a Macro sheet."""
    path = tmp_path_factory.mktemp("brief") / "fjellmark_forsvar.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Budget"
    sheet.append(["Ministry of Defence - budget (NOK)"])
    sheet.append([])
    sheet.append(["Code", "Description", "Classification", "Sub-category", "Challenge risk",
                  "2026", "2027"])
    rows = [("1710", "Army pay", "Core defence", "Personnel", "low",
             21_400_000_000, 22_050_000_000),
            ("1720", "Frigates", "Core defence", "Equipment", "low",
             9_300_000_000, 11_900_000_000),
            ("1730", "Coast guard", "Security-related", "Critical infrastructure", "medium",
             2_100_000_000, 2_250_000_000),
            ("1735", "Arctic road upgrade", "Security-related", "Military mobility", "high",
             1_400_000_000, 1_500_000_000),
            ("1740", "Museums", "Not counted", None, None, 310_000_000, 320_000_000)]
    for row in rows:
        sheet.append(list(row))
    macro = book.create_sheet("Macro")
    macro.append(["Year", "GDP"])
    macro.append([2026, 5_100_000_000_000])
    macro.append([2027, 5_290_000_000_000])
    book.save(path)
    return path


@needs_pdftotext
def test_brief_holds_the_same_gap_figures_as_report(budget, tmp_path):
    report = run_cli("report", str(budget), "--json")
    assert report.returncode == 0, report.stderr
    out = tmp_path / "brief.pdf"
    done = run_cli("brief", str(budget), "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""  # no Qt chatter on the command line
    text = pdf_text(out)
    for year in json.loads(report.stdout)["years"]:
        for key in ("core_gap", "security_gap", "total_gap"):
            assert f"{year[key]:,.0f}" in text, (year["year"], key)
        assert f"{year['counted_pct_gdp']:.2f}%" in text
    assert "Annual plan brief" in text and "NOK" in text and "sheet 'Macro'" in text
    assert "2035" in text  # the path runs to the target year
    assert "Among allies" in text and "July 2026" in text  # placed among NATO's figures
    assert "NATO categories" in text and "Arctic road upgrade" in text  # the high-risk claim
    for year in json.loads(report.stdout)["years"]:
        assert f"{year['at_risk']:,.0f}" in text
        assert f"{year['counted_pct_gdp_without_high_risk']:.2f}%" in text


@needs_pdftotext
def test_brief_on_us_letter_paper(budget, tmp_path):
    out = tmp_path / "brief.pdf"
    assert run_cli("brief", str(budget), "--out", str(out), "--paper", "letter").returncode == 0
    info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True).stdout
    assert "612 x 792 pts" in info  # US Letter, not A4 (595 x 842)


def test_brief_into_a_missing_folder_is_one_error_line_and_no_file(budget, tmp_path):
    out = tmp_path / "no such folder" / "brief.pdf"
    done = run_cli("brief", str(budget), "--out", str(out))
    assert done.returncode == 2
    assert done.stderr.startswith("error:") and len(done.stderr.strip().splitlines()) == 1
    assert not out.parent.exists()


def test_brief_over_a_read_only_file_leaves_it_untouched(budget, tmp_path):
    out = tmp_path / "brief.pdf"
    out.write_bytes(b"%PDF-1.4 the brief sent last week")
    out.chmod(0o444)
    done = run_cli("brief", str(budget), "--out", str(out))
    assert done.returncode == 2 and done.stderr.startswith("error:")
    assert out.read_bytes() == b"%PDF-1.4 the brief sent last week"
    assert [p.name for p in tmp_path.iterdir()] == ["brief.pdf"]  # no temp file left


def test_brief_refuses_a_target_that_is_not_a_pdf_or_is_the_budget(budget, tmp_path):
    for target in (tmp_path / "brief.docx", budget):
        before = budget.read_bytes()
        done = run_cli("brief", str(budget), "--out", str(target))
        assert done.returncode == 2 and done.stderr.startswith("error:"), target
        assert budget.read_bytes() == before
    assert not (tmp_path / "brief.docx").exists()


@needs_pdftotext
def test_brief_of_a_project_file_matches_its_report(budget, tmp_path):
    project = tmp_path / "plan.natoplan"
    made = run_cli("project", "new", str(budget), "--out", str(project))
    assert made.returncode == 0, made.stderr
    report = run_cli("report", str(project), "--json")
    assert report.returncode == 0, report.stderr
    out = tmp_path / "brief.pdf"
    done = run_cli("brief", str(project), "--out", str(out))
    assert done.returncode == 0, done.stderr
    text = pdf_text(out)
    for year in json.loads(report.stdout)["years"]:
        assert f"{year['total_gap']:,.0f}" in text


@needs_pdftotext
def test_a_brief_says_what_changed_since_the_version_last_submitted(budget, tmp_path):
    from nato_planner.core.commands import ClassifyLines
    from nato_planner.core.taxonomy import Bucket
    from nato_planner.io.project_file import ProjectFile
    from nato_planner.io.project_recorder import attach
    project_path = tmp_path / "plan.natoplan"
    assert run_cli("project", "new", str(budget), "--out", str(project_path)).returncode == 0
    project = ProjectFile.open(project_path)
    project.new_scenario("Spring submission", project.scenario(), kind="submitted",
                         note="sent to NATO")
    loaded, stack, _ = attach(project)
    stack.push(ClassifyLines(loaded.plan, [4], Bucket.CORE))  # the museums now count as core
    project.close()
    then = json.loads(run_cli("report", str(project_path), "--json", "--scenario",
                              "Spring submission").stdout)["years"]
    now = json.loads(run_cli("report", str(project_path), "--json").stdout)["years"]
    out = tmp_path / "brief.pdf"
    done = run_cli("brief", str(project_path), "--out", str(out))
    assert done.returncode == 0, done.stderr
    text = " ".join(pdf_text(out).split())
    assert "Changes since the submitted version (Spring submission" in text
    assert "sent to NATO" in text
    for before, after in zip(then, now):
        assert f"{before['counted_pct_gdp']:.2f}%" in text and f"{after['counted_pct_gdp']:.2f}%" in text
    assert "Museums" in text  # the line behind the change, from the bridge


def test_a_brief_of_a_plan_never_submitted_has_no_changes_section(budget, tmp_path):
    from nato_planner.core.plan import Plan
    from nato_planner.io.budget_import import read_budget
    from nato_planner.ui.brief_pdf import _changes_section, brief_context
    plan = Plan(read_budget(str(budget)).budget)
    assert _changes_section(plan, brief_context(plan, "fjellmark_forsvar.xlsx")) == ""
    same = brief_context(plan, "fjellmark_forsvar.xlsx", submitted=plan, submitted_label="v1")
    assert "No figure has changed" in _changes_section(plan, same)
