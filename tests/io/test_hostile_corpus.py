"""Every reproducer in shared/corpus/hostile (README there) run through `report --json` as a
user would, with RUST_BACKTRACE unset and set: imported with the README's figures, or refused
with exactly one 'error:' line naming the file. Never a traceback, an abort or panic text.

The reports run through tests/io/cli_sweep.py (one interpreter; each report in the command's
own limited child, whose peak memory is measured). Time bounds are loose (shared machine);
benchmarks/bench_hostile.py prints the real numbers.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
HOSTILE = REPO.parent / "shared" / "corpus" / "hostile"
SWEEP = REPO / "tests" / "io" / "cli_sweep.py"
FILES = sorted(p for p in HOSTILE.glob("*") if p.name != "README.md") if HOSTILE.is_dir() else []
pytestmark = pytest.mark.skipif(not FILES, reason="the shared corpus is not beside the repo")

# file -> ("imported", line items, 2025 unclassified, rows in errors) or ("refused", words)
EXPECTED = {
    "ok_minimal.xlsx": ("imported", 1, 100, []),
    "F1a_traceback_zlib_error.xlsx": ("refused", "damaged"),
    "F1b_traceback_zip_encrypted_flag.xlsx": ("refused", "encrypted"),
    "F1c_traceback_csv_field_over_128k.csv": ("imported", 1, 1, []),
    "F2_rust_panic_truncated.xls": ("refused", "could not be read"),
    "F3a_abort_implicit_columns.xlsx": ("refused", "absurd dimensions"),
    "F3b_abort_sheet_outside_worksheets.xlsx": ("refused", "absurd dimensions"),
    "F3c_abort_sheet_not_dot_xml.xlsx": ("refused", "absurd dimensions"),
    "F3d_abort_xlsb_far_cell.xlsb": ("refused", "far larger than any budget"),
    "F3e_abort_far_cell_in_17MB_part.xlsx": ("refused", "far larger than any budget"),
    "ctrl_far_cell_refused.xlsx": ("refused", "absurd dimensions"),
    "F4_xls_far_cell_1GB.xls": ("refused", "far larger than any budget"),
    "F5_slow_10MB_header_cell.xlsx": ("imported", 1, 100, []),
    "F5b_slow_4_sheets_10MB_header_cells.xlsx": ("refused", "no line items"),
    "F6_inf_after_scale.csv": ("refused", "row 2, year 2025"),
    "F6b_inf_sum.csv": ("refused", "add up to more than"),
    "ctrl_1e308.csv": ("imported", 2, 1e308, []),
    "F7_utf16_tab_text.csv": ("imported", 1, 100, []),
    "F13_unknown_class_counted_via_subcategory.csv": ("imported", 2, 150, [2]),
    "F14_ansi_escape_in_cell.csv": ("imported", 1, 100, [3]),
    "F15_entity_check_bypass_padded_doctype.xlsx": ("refused", "XML entit"),
    "info_near_limit_9_8M_cell_grid_1KB.xlsx": ("imported", 1, 100, []),
}


def sweep(files: list[Path], rust_backtrace: str | None) -> dict[str, dict]:
    env = {k: v for k, v in os.environ.items() if k != "RUST_BACKTRACE"}
    if rust_backtrace is not None:
        env["RUST_BACKTRACE"] = rust_backtrace
    done = subprocess.run([sys.executable, str(SWEEP), *map(str, files)], capture_output=True,
                          text=True, env=env, timeout=600, cwd=REPO)
    assert done.returncode == 0, done.stderr[-2000:]
    results = [json.loads(line) for line in done.stdout.splitlines()]
    return {Path(r["argv"][1]).name: r for r in results}


@pytest.fixture(scope="module", params=[None, "1"], ids=["no-backtrace", "RUST_BACKTRACE=1"])
def reports(request) -> dict[str, dict]:
    return sweep(FILES, request.param)


def assert_one_clean_outcome(name: str, result: dict) -> None:
    """Exit 0 with one JSON object and a silent stderr, or exit 2 with one 'error:' line."""
    assert result["code"] in (0, 2), result
    if result["code"] == 0:
        assert result["stderr"] == ""
        json.loads(result["stdout"])
    else:
        assert result["stdout"] == ""
        lines = result["stderr"].splitlines()
        assert len(lines) == 1 and lines[0].startswith("error:") and name in lines[0], lines
    assert result["child_peak_mb"] is None or result["child_peak_mb"] < 500
    assert result["seconds"] < 30  # loose: the 5 s target is checked by bench_hostile.py


def test_every_hostile_file_has_an_expected_outcome():
    assert {p.name for p in FILES} == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_hostile_file_outcome(reports, name):
    result = reports[name]
    assert_one_clean_outcome(name, result)
    expected = EXPECTED[name]
    if expected[0] == "refused":
        assert result["code"] == 2, result["stdout"][:300]
        assert expected[1] in result["stderr"]
        return
    assert result["code"] == 0, result["stderr"]
    _, lines, unclassified, error_rows = expected
    data = json.loads(result["stdout"])
    assert data["line_items"] == lines
    year = next(y for y in data["years"] if y["year"] == 2025)
    assert year["unclassified"] == pytest.approx(unclassified)
    assert year["core"] == year["security"] == year["not_counted"] == 0
    assert [e["row"] for e in data["errors"]] == error_rows
    assert year["core_pct_gdp"] is None and year["total_gap"] is None


def test_a_misread_classification_is_reported_and_not_counted(reports):
    data = json.loads(reports["F13_unknown_class_counted_via_subcategory.csv"]["stdout"])
    assert [(e["column"], e["value"]) for e in data["errors"]] == [("Classification",
                                                                    "Core dfence")]


def run_main(*argv: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(REPO / "main.py"), *argv], capture_output=True,
                          text=True, timeout=120, cwd=REPO, env=env)


@pytest.mark.parametrize("name", ["F2_rust_panic_truncated.xls", "F3d_abort_xlsb_far_cell.xlsb",
                                  "F6b_inf_sum.csv"])
def test_as_a_whole_process_stderr_holds_one_line(name):
    """No panic text, no abort message, no numpy warning, even with a Rust backtrace asked."""
    done = run_main("report", str(HOSTILE / name), "--json",
                    env={**os.environ, "RUST_BACKTRACE": "1"})
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.count("\n") == 1 and done.stderr.startswith(f"error: '{name}'")


def test_the_text_report_never_prints_raw_control_characters():
    done = run_main("report", str(HOSTILE / "F14_ansi_escape_in_cell.csv"))
    assert done.returncode == 0 and done.stderr == ""
    assert not any(ord(c) < 32 and c != "\n" or 0x7f <= ord(c) < 0xa0 for c in done.stdout)
    assert "row 3" in done.stdout and "\\x1b" in done.stdout  # shown escaped, so it is seen
