"""The exported plan opened by a real spreadsheet engine that RECALCULATES every formula.

LibreOffice keeps stored formula results unless its profile says to recalculate on load, so
these tests run it with a private profile that does (ARCHITECTURE.md, last pitfall). All
workbooks are converted in one soffice call to keep the suite quick.
"""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest

from nato_planner.cli import main
from nato_planner.cli_plan import report_data
from nato_planner.core.commands import ClassifyLines, SetAmounts, SetShares
from nato_planner.core.taxonomy import SUBCATEGORY_INDEX, Bucket
from nato_planner.io.budget_import import read_budget
from nato_planner.io.line_items_sheet import FIRST_YEAR_COL
from nato_planner.io.plan_export import export_plan

try:
    from test_plan_export import (
        SAMPLES, SUMMARY_KEYS, assert_summary_equals_report, assert_year_matches, edit_plan,
        make_plan,
    )
except ImportError:  # tests/io as a package
    from .test_plan_export import (
        SAMPLES, SUMMARY_KEYS, assert_summary_equals_report, assert_year_matches, edit_plan,
        make_plan,
    )

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
pytestmark = [pytest.mark.libreoffice,
              pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) not installed")]

RECALC_ALWAYS = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry"
 xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load">
 <prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load">
 <prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""
RECLASSIFIED_LINE = 8  # Line items row 10: Not counted
EDITED_AMOUNT_LINE = 10  # Line items row 12, a core line, year 2025 (the first year column)
RESHARED_LINE = 18  # row 20: security-related at 50%
EQUIPMENT_LINE = 16  # row 18: core defence, no sub-category


def recalculate(workbooks: list[Path], folder: Path) -> dict[str, Path]:
    """Open every workbook in LibreOffice (recalculating) and save it again as xlsx."""
    profile = folder / "profile"
    (profile / "user").mkdir(parents=True)
    (profile / "user" / "registrymodifications.xcu").write_text(RECALC_ALWAYS)
    out = folder / "recalculated"
    subprocess.run([SOFFICE, f"-env:UserInstallation={profile.as_uri()}", "--headless",
                    "--norestore", "--convert-to", "xlsx", "--outdir", str(out),
                    *map(str, workbooks)], check=True, capture_output=True, timeout=300)
    return {p.name: out / p.name for p in workbooks}


def _reclassify_in_spreadsheet(source: Path, target: Path) -> None:
    """What a delegate does in Excel: pick another bucket, type another amount (openpyxl
    keeps the formulas and drops their stored results, so only a recalculation fills them)."""
    book = openpyxl.load_workbook(source)
    sheet = book["Line items"]
    sheet.cell(RECLASSIFIED_LINE + 2, 5).value = "Core defence"
    sheet.cell(EDITED_AMOUNT_LINE + 2, FIRST_YEAR_COL + 1).value = 123456789.0
    sheet.cell(RESHARED_LINE + 2, 7).value = 0.3
    sheet.cell(EQUIPMENT_LINE + 2, 6).value = "Equipment"
    book.save(target)


@pytest.fixture(scope="module")
def recalculated(tmp_path_factory):
    folder = tmp_path_factory.mktemp("libreoffice")
    plan = make_plan()
    edit_plan(plan)
    export_plan(plan, folder / "plan.xlsx")
    _reclassify_in_spreadsheet(folder / "plan.xlsx", folder / "edited.xlsx")
    workbooks = [folder / "plan.xlsx", folder / "edited.xlsx"]
    for sample in SAMPLES:
        workbooks.append(folder / f"sample_{sample.stem}.xlsx")
        assert main(["export", str(sample), "--out", str(workbooks[-1])]) == 0
    return plan, recalculate(workbooks, folder)


def _assert_summary_matches(path: Path, plan) -> None:
    sheet = openpyxl.load_workbook(path, data_only=True)["Summary"]
    for row, year in enumerate(plan.years, start=2):
        values = [c.value for c in sheet[row]][:len(SUMMARY_KEYS)]
        assert_year_matches(values, plan.figures(year).as_report_dict())


def test_recalculated_summary_equals_the_engine(recalculated):
    plan, files = recalculated
    _assert_summary_matches(files["plan.xlsx"], plan)


def test_reclassifying_in_the_spreadsheet_moves_summary_as_the_engine_says(recalculated):
    _, files = recalculated
    plan = make_plan()
    edit_plan(plan)
    assert plan.budget.buckets[RECLASSIFIED_LINE] != Bucket.CORE
    before = plan.figures(2025)
    assert plan.budget.buckets[RESHARED_LINE] == Bucket.SECURITY
    assert plan.budget.buckets[EQUIPMENT_LINE] == Bucket.CORE
    ClassifyLines(plan, [RECLASSIFIED_LINE], Bucket.CORE).do(plan)
    SetAmounts(plan, [EDITED_AMOUNT_LINE], 2025, 123456789.0).do(plan)
    SetShares(plan, [RESHARED_LINE], 0.3).do(plan)
    ClassifyLines(plan, [EQUIPMENT_LINE], Bucket.CORE, SUBCATEGORY_INDEX["equipment"]).do(plan)
    after = plan.figures(2025)
    for key in ("core", "security", "not_counted", "equipment_share_of_core"):
        assert getattr(after, key) != pytest.approx(getattr(before, key)), key
    _assert_summary_matches(files["edited.xlsx"], plan)


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.name)
def test_recalculated_sample_plan_equals_report_json(recalculated, sample: Path):
    _, files = recalculated
    report = report_data(read_budget(str(sample)), str(sample))
    assert_summary_equals_report(files[f"sample_{sample.stem}.xlsx"], report)
