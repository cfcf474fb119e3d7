"""`report` reads the budget's first sheet on a thread while the engine loads: the grid, the
refusals and the figures are the same as a read that waits, and the command line loads no
numpy before the budget is opened (the whole point of reading ahead)."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from importer_workbooks import budget_rows, write_xlsx, write_xlsx_with_values
from nato_planner.core.errors import BudgetImportError
from nato_planner.core.taxonomy import Bucket
from nato_planner.io.budget_import import read_budget
from nato_planner.io.workbook_reader import open_workbook


def test_a_sheet_read_ahead_gives_the_grid_a_plain_read_gives(tmp_path):
    path = str(write_xlsx(tmp_path / "b.xlsx", {"Budget": budget_rows(),
                                                 "GDP": [["Year", "GDP"], [2025, 7e11]]}))
    ahead = open_workbook(path)
    ahead.prefetch("Budget")
    assert ahead.grid("GDP") == open_workbook(path).grid("GDP")  # another sheet meanwhile
    assert ahead.grid("Budget") == open_workbook(path).grid("Budget")
    assert read_budget(path, workbook=ahead).budget.amounts.tolist() == \
        read_budget(path).budget.amounts.tolist()


def test_a_sheet_that_fails_while_read_ahead_is_refused_in_the_importers_words(tmp_path):
    path = str(write_xlsx(tmp_path / "b.xlsx", {"Budget": budget_rows()}))
    workbook = open_workbook(path)

    class DamagedBook:
        def get_sheet_by_name(self, name):
            raise RuntimeError("unexpected end of XML in row 12")
    workbook._book = DamagedBook()
    workbook.prefetch("Budget")
    with pytest.raises(BudgetImportError, match="its sheet 'Budget' is damaged .*row 12"):
        workbook.grid("Budget")


def test_the_command_line_loads_no_numpy_before_the_budget_is_opened():
    code = ("import sys; from nato_planner.cli import build_parser; "
            "build_parser().parse_args(['report', 'b.xlsx', '--json', '--gdp', '2025=7e11']); "
            "print(sorted(m for m in ('numpy', 'pandas', 'PySide6') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "[]"


def test_report_with_blank_and_text_amounts_and_formulas_matches_the_importer(tmp_path, capsys):
    from nato_planner.cli import main
    rows = budget_rows()
    rows[6][4] = None  # a blank amount: the formula scan runs while the sheet parses
    rows[7][4] = "1 250 000"
    path = write_xlsx_with_values(tmp_path / "f.xlsx", rows, {(10, 4): "=SUM(E7:E9)"})
    assert main(["report", str(path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    imported = read_budget(str(path))
    assert data["line_items"] == imported.line_items
    assert [s["row"] for s in data["skipped_rows"]] == [s.row for s in imported.skipped_rows]
    core = imported.budget.buckets == Bucket.CORE
    assert data["years"][0]["core"] == pytest.approx(
        float((imported.budget.amounts[core, 0] * imported.budget.shares[core]).sum()))
