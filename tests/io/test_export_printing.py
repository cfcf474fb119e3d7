"""The exported plan on paper: LibreOffice prints it to PDF, and we read the pages back.

A delegate prints the plan for a meeting: every sample budget's plan fits in 10 pages, no
sheet is cut into column blocks, and every page says which plan and page it is.
"""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from nato_planner.core.commands import ClassifyLines, CommandStack, SetRationale
from nato_planner.core.plan import Plan
from nato_planner.core.taxonomy import Bucket
from nato_planner.io.budget_import import read_budget
from nato_planner.io.plan_export import export_plan

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
PDFTOTEXT = shutil.which("pdftotext")
pytestmark = [pytest.mark.libreoffice,
              pytest.mark.skipif(SOFFICE is None or PDFTOTEXT is None,
                                 reason="LibreOffice and pdftotext (poppler-utils) needed")]
SAMPLES = sorted(p for p in (Path(__file__).parents[2] / "sample_budgets").iterdir()
                 if p.suffix in {".xlsx", ".xls", ".ods", ".csv"})


def print_to_pdf(workbooks: list[Path], folder: Path) -> dict[str, Path]:
    profile = folder / "profile"
    subprocess.run([SOFFICE, f"-env:UserInstallation={profile.as_uri()}", "--headless",
                    "--norestore", "--convert-to", "pdf", "--outdir", str(folder),
                    *map(str, workbooks)], check=True, capture_output=True, timeout=300)
    return {w.stem: folder / f"{w.stem}.pdf" for w in workbooks}


def pages(pdf: Path) -> list[str]:
    text = subprocess.run([PDFTOTEXT, "-layout", str(pdf), "-"], check=True,
                          capture_output=True, text=True).stdout
    return text.split("\f")[:-1] if text.endswith("\f") else text.split("\f")


@pytest.fixture(scope="module")
def printed(tmp_path_factory) -> dict[str, list[str]]:
    folder = tmp_path_factory.mktemp("printed")
    workbooks = []
    for sample in SAMPLES:
        plan = Plan(read_budget(str(sample)).budget)
        stack = CommandStack(plan)
        lines = list(range(min(12, len(plan.budget))))
        stack.push(ClassifyLines(plan, lines, Bucket.SECURITY))
        stack.push(SetRationale(plan, lines, "Protects the national grid against sabotage; "
                                "designated critical infrastructure under the 2024 act."))
        target = folder / f"{sample.stem}_plan.xlsx"
        export_plan(plan, target, source_name=sample.name)
        workbooks.append(target)
    return {name: pages(pdf) for name, pdf in print_to_pdf(workbooks, folder).items()}


def test_every_sample_plan_prints_in_at_most_ten_pages(printed):
    too_long = {name: len(p) for name, p in printed.items() if len(p) > 10}
    assert not too_long, f"plans longer than 10 printed pages: {too_long}"


def test_no_sheet_is_cut_into_column_blocks(printed):
    """Each page that starts a sheet's table shows its first and its last column."""
    for name, plan_pages in printed.items():
        for number, page in enumerate(plan_pages, start=1):
            if "What changed" in page:
                assert "Rationale" in page and "Time" in page, (name, number)
            if "Organisation" in page and "Classification" in page:  # Line items
                assert "Changed" in page, (name, number)
            if "Classification" in page and "Organisation" not in page:  # Claims
                assert "Code" in page and "Rationale" in page, (name, number)
            if "Gap to 5%" in page:
                assert "Equipment %" in page and "Core defence" in page, (name, number)


def test_every_page_names_the_plan_and_its_page_number(printed):
    for name, plan_pages in printed.items():
        total = len(plan_pages)
        for number, page in enumerate(plan_pages, start=1):
            assert f"Page {number} of {total}" in page, (name, number)
            assert "Revised plan from" in page, (name, number)
