"""The bundled sample budgets read through the importer give the figures their generator
computed on its own (sample_budgets/make_samples.py -> expected_figures.json)."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from nato_planner.core.plan import Plan
from nato_planner.io.budget_import import ImportOptions, read_budget

SAMPLES = Path(__file__).resolve().parent.parent / "sample_budgets"
EXPECTED: dict[str, dict] = json.loads((SAMPLES / "expected_figures.json").read_text("utf-8"))
FIGURE_KEYS = ("gdp", "core", "security", "not_counted", "unclassified", "core_pct_gdp",
               "security_pct_gdp", "counted_pct_gdp", "core_gap", "security_gap", "total_gap",
               "equipment_share_of_core")

_cache: dict[str, object] = {}


def imported(name: str):
    """Each sample is read once per session: the reads are what is under test."""
    if name not in _cache:
        _cache[name] = read_budget(str(SAMPLES / name))
    return _cache[name]


def close_to(expected: float | None):
    return None if expected is None else pytest.approx(expected, rel=1e-9, abs=1e-6)


def reason_kind(reason: str) -> str:
    """The importer's wording may vary; what the user must see is which kind of row it was."""
    text = reason.lower()
    if "header" in text:
        return "repeated header"
    if "heading" in text:
        return "section heading"
    if "total" in text or "sum" in text:
        return "total"
    return "blank" if "blank" in text or "empty" in text else text


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_sample_reads_the_expected_line_items(name):
    result, expected = imported(name), EXPECTED[name]
    assert result.line_items == expected["line_items"]
    assert len(result.budget) == expected["lines_read"]
    assert result.budget.years == [y["year"] for y in expected["years"]]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_sample_skips_headings_totals_and_blank_rows(name):
    result = imported(name)
    found = [(row.row, reason_kind(row.reason)) for row in result.skipped_rows]
    assert found == [(r["row"], r["reason"]) for r in EXPECTED[name]["skipped_rows"]]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_sample_reports_its_error_rows(name):
    result = imported(name)
    found = sorted((e.row, e.column, e.value) for e in result.errors)
    assert found == [(e["row"], e["column"], e["value"]) for e in EXPECTED[name]["errors"]]
    assert all(e.message for e in result.errors)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_sample_detects_sheet_scale_and_currency(name):
    detection, expected = imported(name).detection, EXPECTED[name]
    if expected["sheet"] is not None:
        assert detection.sheet == expected["sheet"]
    assert detection.scale == expected["scale"]
    assert detection.currency == expected["currency"]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_sample_figures_match_the_generator(name):
    budget = imported(name).budget
    for expected in EXPECTED[name]["years"]:
        figures = Plan(budget).figures(expected["year"]).as_report_dict()
        for key in FIGURE_KEYS:
            assert figures[key] == close_to(expected[key]), (expected["year"], key)


@pytest.mark.parametrize("name", sorted(n for n in EXPECTED if EXPECTED[n]["spot_lines"]))
def test_tricky_cells_read_as_the_budget_office_meant(name):
    """Text numbers, nil markers, accounting negatives, codes with leading zeros."""
    budget = imported(name).budget
    rows = list(budget.source_rows)
    for spot in EXPECTED[name]["spot_lines"]:
        assert spot["row"] in rows, f"row {spot['row']} ({spot['code']}) was not read as a line"
        line = rows.index(spot["row"])
        assert budget.codes[line] == spot["code"]
        for year, amount in spot["amounts"].items():
            assert budget.amounts[line, budget.year_index(int(year))] == close_to(amount), \
                (spot["code"], year)


def test_csv_without_gdp_takes_gdp_from_the_options():
    name = next(n for n in EXPECTED if "with_gdp_option" in EXPECTED[n])
    option = EXPECTED[name]["with_gdp_option"]
    gdp = {int(y): v for y, v in option["gdp"].items()}
    budget = read_budget(str(SAMPLES / name), ImportOptions(gdp=gdp)).budget
    for expected in option["years"]:
        figures = Plan(budget).figures(expected["year"]).as_report_dict()
        for key in FIGURE_KEYS:
            assert figures[key] == close_to(expected[key]), (expected["year"], key)


@pytest.mark.libreoffice
@pytest.mark.skipif(shutil.which("soffice") is None, reason="needs LibreOffice for .ods/.xls")
def test_generator_is_deterministic_and_committed_figures_are_current(tmp_path, monkeypatch):
    import importlib.util
    import sys
    spec = importlib.util.spec_from_file_location("make_samples", SAMPLES / "make_samples.py")
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, "make_samples", module)  # dataclasses look it up
    spec.loader.exec_module(module)
    assert module.build(tmp_path) == EXPECTED
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(EXPECTED)


def run_report(*args: str) -> dict:
    """`python main.py report ... --json`, as the acceptance checks run it."""
    import subprocess
    import sys
    root = SAMPLES.parent
    done = subprocess.run([sys.executable, str(root / "main.py"), "report", *args, "--json"],
                          capture_output=True, text=True, cwd=root, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def assert_report_years(years: list[dict], expected_years: list[dict]) -> None:
    assert [y["year"] for y in years] == [y["year"] for y in expected_years]
    for got, expected in zip(years, expected_years):
        for key in FIGURE_KEYS:
            assert got[key] == close_to(expected[key]), (expected["year"], key)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_report_command_prints_the_same_figures(name):
    report, expected = run_report(str(SAMPLES / name)), EXPECTED[name]
    assert report["source"] == name
    assert (report["scale"], report["currency"]) == (expected["scale"], expected["currency"])
    assert report["line_items"] == expected["line_items"]
    assert [s["row"] for s in report["skipped_rows"]] == [s["row"] for s in
                                                           expected["skipped_rows"]]
    assert [(e["row"], e["column"], e["value"]) for e in report["errors"]] == \
        [(e["row"], e["column"], e["value"]) for e in expected["errors"]]
    assert_report_years(report["years"], expected["years"])


def test_report_with_gdp_option_fills_percentages_and_gaps():
    name = next(n for n in EXPECTED if "with_gdp_option" in EXPECTED[n])
    option = EXPECTED[name]["with_gdp_option"]
    gdp_args = [f"--gdp={year}={value:.0f}" for year, value in option["gdp"].items()]
    assert_report_years(run_report(str(SAMPLES / name), *gdp_args)["years"], option["years"])
