"""`nato-planner report` as acceptance runs it: the JSON contract, the readable table, and
exit status 2 with one 'error:' line for input that cannot be used."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent / "io"))
from importer_workbooks import budget_rows, write_xlsx  # noqa: E402

from nato_planner.cli import main  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
YEAR_KEYS = ["year", "gdp", "core", "security", "not_counted", "unclassified", "core_pct_gdp",
             "security_pct_gdp", "counted_pct_gdp", "core_gap", "security_gap", "total_gap",
             "equipment_share_of_core", "core_by_category", "at_risk",
             "counted_pct_gdp_without_high_risk"]


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def budget_file(tmp_path):
    rows = budget_rows()
    rows.insert(9, ["0604", "Stadium", "Core defence", "approx. 12", 5])
    sheets = {"Budget": rows, "Macro": [["Year", "GDP (EUR million)"], [2025, 60]]}
    return write_xlsx(tmp_path / "budget.xlsx", sheets)


def test_json_report_follows_the_contract(capsys, budget_file):
    code, out, err = run(capsys, "report", str(budget_file), "--json")
    assert code == 0 and err == ""
    data = json.loads(out)
    assert list(data) == ["source", "sheet", "currency", "scale", "line_items", "skipped_rows",
                          "errors", "warnings", "years", "trajectory"]
    assert (data["source"], data["sheet"], data["currency"], data["scale"]) == (
        "budget.xlsx", "Budget", "EUR", 1000)
    assert data["line_items"] == 4  # the error row is reported, not counted
    assert data["skipped_rows"] == [{"row": 5, "reason": "section heading"},
                                    {"row": 9, "reason": "subtotal"},
                                    {"row": 11, "reason": "blank"},
                                    {"row": 13, "reason": "total"}]
    assert [{k: e[k] for k in ("row", "column", "value")} for e in data["errors"]] == [
        {"row": 10, "column": "2025 Budget", "value": "approx. 12"}]
    assert all(list(e) == ["row", "column", "value", "message"] for e in data["errors"])
    assert [y["year"] for y in data["years"]] == [2025, 2026]
    assert all(list(y) == YEAR_KEYS for y in data["years"])


def test_json_money_is_in_plain_units_and_percent_is_percent(capsys, budget_file):
    data = json.loads(run(capsys, "report", str(budget_file), "--json")[1])
    y2025 = data["years"][0]
    # lines (EUR thousands): army 1000 core, jets 500 core equipment, guard 200 security,
    # pensions 300 not counted; GDP 60 million
    assert y2025["gdp"] == 60e6
    assert (y2025["core"], y2025["security"], y2025["not_counted"]) == (1.5e6, 2e5, 3e5)
    assert y2025["core_pct_gdp"] == pytest.approx(2.5)
    assert y2025["counted_pct_gdp"] == pytest.approx(100 * 1.7e6 / 60e6)
    assert y2025["core_gap"] == pytest.approx(0.035 * 60e6 - 1.5e6)
    assert y2025["equipment_share_of_core"] == pytest.approx(100 * 500 / 1500)


def test_a_year_without_gdp_has_null_percentages_and_a_warning(capsys, budget_file):
    data = json.loads(run(capsys, "report", str(budget_file), "--json")[1])
    y2026 = data["years"][1]
    assert y2026["gdp"] is None
    assert all(y2026[k] is None for k in ("core_pct_gdp", "security_pct_gdp",
                                          "counted_pct_gdp", "core_gap", "security_gap",
                                          "total_gap"))
    assert y2026["core"] == 1.8e6
    assert any("2026" in w and "GDP" in w for w in data["warnings"])


def test_gdp_option_supplies_a_year(capsys, budget_file):
    data = json.loads(run(capsys, "report", str(budget_file), "--json",
                          "--gdp", "2026=72000000", "--gdp", "2025=6e7")[1])
    assert [y["gdp"] for y in data["years"]] == [6e7, 7.2e7]
    assert data["years"][1]["core_pct_gdp"] == pytest.approx(2.5)


def test_sheet_and_year_options(capsys, tmp_path):
    path = write_xlsx(tmp_path / "b.xlsx", {"Other": [["Description", "2024"], ["x", 1]],
                                            "Main": [["Description", "Amount"], ["Army", 7]]})
    data = json.loads(run(capsys, "report", str(path), "--sheet", "Main", "--year", "2027",
                          "--json")[1])
    assert data["sheet"] == "Main" and [y["year"] for y in data["years"]] == [2027]
    assert data["years"][0]["unclassified"] == 7


def test_readable_report_puts_a_unit_on_every_number(capsys, budget_file):
    code, out, _ = run(capsys, "report", str(budget_file))
    assert code == 0
    assert "Year 2025" in out and "Year 2026" in out
    assert "1,500,000 EUR" in out and "2.50% of GDP" in out
    for line in out.splitlines():
        figure_line = line.startswith("  ") and not line.startswith("  - ")
        if figure_line and any(ch.isdigit() for ch in line):
            assert "EUR" in line or "%" in line or "n/a" in line, line


@pytest.mark.parametrize("argv", [
    ["report", "missing.xlsx"],
    ["report", "{empty}"],
    ["report", "{budget}", "--sheet", "Nope"],
    ["report", "{budget}", "--gdp", "2025"],
    ["report", "{budget}", "--gdp", "2025=lots"],
    ["report"],
])
def test_unusable_input_exits_2_with_one_error_line(capsys, tmp_path, budget_file, argv):
    (tmp_path / "empty.xlsx").write_bytes(b"")
    argv = [a.format(empty=tmp_path / "empty.xlsx", budget=budget_file) for a in argv]
    try:
        code = main(argv)
    except SystemExit as exit_:  # argparse usage errors leave through SystemExit
        code = exit_.code
    out, err = capsys.readouterr()
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and err.startswith("error:")
    assert "Traceback" not in err


def test_main_py_report_runs_without_qt(tmp_path, budget_file):
    """The report path must not import PySide6 (a machine without a display, or Qt)."""
    script = ("import sys; sys.modules['PySide6'] = None; sys.argv = ['main.py', 'report', "
              f"{str(budget_file)!r}, '--json']; sys.path.insert(0, {str(REPO)!r}); "
              "import runpy; runpy.run_path('main.py', run_name='__main__')")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          cwd=REPO, timeout=120)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["line_items"] == 4


def test_entry_point_reads_sys_argv(monkeypatch, capsys, budget_file):
    monkeypatch.setattr(sys, "argv", ["nato-planner", "report", str(budget_file), "--json"])
    assert main() == 0
    assert json.loads(capsys.readouterr().out)["sheet"] == "Budget"
