"""NATO's allies table: the shipped July 2026 edition, and a newer one the user loads."""
from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from nato_planner.core.allies import standing
from nato_planner.core.errors import PlannerError
from nato_planner.io.allies_reference import load_allies_reference


def test_the_shipped_edition_names_itself_and_holds_every_ally():
    reference = load_allies_reference()
    assert reference.edition == "July 2026"
    assert "credited" in reference.attribution
    allies = {f.ally for f in reference.figures}
    assert len(allies - {"NATO Europe and Canada", "NATO total"}) == 31  # Iceland has no forces
    poland = {f.year: f for f in reference.figures if f.ally == "Poland"}
    assert poland[2026].core_pct_gdp == 4.68 and poland[2026].equipment_pct_of_core == 55.91
    assert poland[2026].estimate and not poland[2024].estimate


def test_a_plan_is_ranked_among_allies_not_among_aggregates():
    reference = load_allies_reference()
    top = standing(reference, 2026, 6.0)
    assert (top.rank, top.allies) == (1, 31)
    bottom = standing(reference, 2026, 1.0)
    assert bottom.rank == 32 and bottom.above == 31


def test_a_newer_edition_in_natos_wide_layout_is_read(tmp_path):
    path = tmp_path / "nato_2027.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Defence expenditure as a share of GDP, June 2027"])
    sheet.append([])
    sheet.append(["Country", "2025", "2026", "2027e"])
    sheet.append(["Albania", 1.5, 2.1, 2.4])
    sheet.append(["Belgium", 2.0, 2.0, 2.5])
    book.save(path)
    reference = load_allies_reference(path)
    assert reference.edition == "June 2027"
    assert reference.years == [2025, 2026, 2027]
    belgium = {f.year: f for f in reference.figures if f.ally == "Belgium"}
    assert belgium[2027].core_pct_gdp == 2.5 and belgium[2027].estimate


def test_a_csv_with_a_non_number_is_refused_with_the_row(tmp_path):
    path = tmp_path / "allies.csv"
    path.write_text("ally,year,core_pct_gdp,equipment_pct_of_core,estimate\n"
                    "Spain,2026,about two,,yes\n", encoding="utf-8")
    with pytest.raises(PlannerError, match="about two.*row 2"):
        load_allies_reference(path)


def test_a_file_without_years_is_refused(tmp_path):
    path = tmp_path / "notes.csv"
    path.write_text("Country,Notes\nSpain,fine\n", encoding="utf-8")
    with pytest.raises(PlannerError, match="no header row of years"):
        load_allies_reference(path)


@pytest.mark.parametrize("name", ["F3a_abort_implicit_columns.xlsx", "F2_rust_panic_truncated.xls",
                                  "F1a_traceback_zlib_error.xlsx"])
def test_a_hostile_workbook_as_the_allies_table_is_one_refusal(tmp_path, name):
    hostile = Path(__file__).parents[3] / "shared" / "corpus" / "hostile" / name
    if not hostile.exists():
        pytest.skip("the team's hostile corpus is not beside the project")
    with pytest.raises(PlannerError, match=f"The allies table '{name}' cannot be read"):
        load_allies_reference(hostile)


def test_a_pipe_named_like_an_allies_table_is_refused_not_waited_on(tmp_path):
    import os
    fifo = tmp_path / "allies.csv"
    os.mkfifo(fifo)
    with pytest.raises(PlannerError, match="is not a regular file"):
        load_allies_reference(fifo)
