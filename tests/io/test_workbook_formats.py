"""Every format reads to the same budget; the real format is sniffed; bad files are refused."""
from __future__ import annotations

import shutil

import pytest

from importer_workbooks import (
    budget_rows, convert_with_libreoffice, write_csv, write_ods, write_xlsx,
)
from nato_planner.core.plan import Plan
from nato_planner.core.errors import BudgetImportError
from nato_planner.io.budget_import import preview_cells, read_budget

EXPECTED_2026 = {"core": 1_800_000, "security": 210_000, "not_counted": 310_000}


def figures_2026(path):
    figures = Plan(read_budget(str(path)).budget).figures(2026)
    return {"core": figures.core, "security": figures.security,
            "not_counted": figures.not_counted}


def test_xlsx(tmp_path):
    assert figures_2026(write_xlsx(tmp_path / "b.xlsx", {"Budget": budget_rows()})) == \
        EXPECTED_2026


def test_xlsm_extension_reads_like_xlsx(tmp_path):
    path = write_xlsx(tmp_path / "b.xlsx", {"Budget": budget_rows()})
    assert figures_2026(path.rename(tmp_path / "b.xlsm")) == EXPECTED_2026


def test_ods(tmp_path):
    assert figures_2026(write_ods(tmp_path / "b.ods", {"Budget": budget_rows()})) == \
        EXPECTED_2026


def test_csv(tmp_path):
    assert figures_2026(write_csv(tmp_path / "b.csv", budget_rows())) == EXPECTED_2026


@pytest.mark.libreoffice
@pytest.mark.skipif(shutil.which("soffice") is None, reason="needs LibreOffice to write .xls")
def test_xls(tmp_path):
    source = write_xlsx(tmp_path / "b.xlsx", {"Budget": budget_rows()})
    xls = convert_with_libreoffice(source, "xls", "MS Excel 97")
    assert figures_2026(xls) == EXPECTED_2026


@pytest.mark.parametrize("wrong", ["b.ods", "b.xls", "b.csv"])
def test_the_content_decides_the_format_not_the_extension(tmp_path, wrong):
    path = write_xlsx(tmp_path / "b.xlsx", {"Budget": budget_rows()})
    assert figures_2026(path.rename(tmp_path / wrong)) == EXPECTED_2026


def test_an_ods_named_xlsx_reads_as_ods(tmp_path):
    path = write_ods(tmp_path / "b.ods", {"Budget": budget_rows()})
    assert figures_2026(path.rename(tmp_path / "b.xlsx")) == EXPECTED_2026


def test_zero_byte_file_is_refused_as_empty(tmp_path):
    (tmp_path / "b.xlsx").write_bytes(b"")
    with pytest.raises(BudgetImportError, match="empty"):
        read_budget(str(tmp_path / "b.xlsx"))


def test_text_named_xls_is_not_a_spreadsheet(tmp_path):
    (tmp_path / "b.xls").write_text("Attachment: see the budget in the mail\n")
    with pytest.raises(BudgetImportError, match="not a spreadsheet"):
        read_budget(str(tmp_path / "b.xls"))


def test_a_zip_that_is_not_a_workbook_is_refused(tmp_path):
    import zipfile
    with zipfile.ZipFile(tmp_path / "b.xlsx", "w") as archive:
        archive.writestr("photo.jpg", b"\xff\xd8 not really")
    with pytest.raises(BudgetImportError, match="not a spreadsheet"):
        read_budget(str(tmp_path / "b.xlsx"))


def test_a_missing_file_says_so(tmp_path):
    with pytest.raises(BudgetImportError, match="could not be opened"):
        read_budget(str(tmp_path / "nowhere.xlsx"))


def test_errors_name_the_file_and_say_what_to_do(tmp_path):
    (tmp_path / "budget 2026.xlsx").write_bytes(b"")
    with pytest.raises(BudgetImportError) as caught:
        read_budget(str(tmp_path / "budget 2026.xlsx"))
    message = str(caught.value)
    assert "'budget 2026.xlsx'" in message and ";" in message and "\n" not in message


def test_preview_shows_the_table_sheet_as_text(tmp_path):
    sheets = {"Cover": [["Budget 2026"]], "Budget": budget_rows()}
    cells = preview_cells(str(write_xlsx(tmp_path / "b.xlsx", sheets)), rows=6)
    assert len(cells) == 6
    assert cells[3][:4] == ["Code", "Description", "Classification", "2025 Budget"]
    assert cells[5][0] == "0601" and cells[5][3] == "1000"


def test_progress_is_reported_and_cancel_stops_the_import(tmp_path):
    from nato_planner.io.budget_import import ImportCancelled
    path = str(write_xlsx(tmp_path / "b.xlsx", {"Budget": budget_rows()}))
    seen: list[float] = []
    read_budget(path, progress=seen.append)
    assert seen == sorted(seen) and seen[-1] == 1.0
    with pytest.raises(ImportCancelled):
        read_budget(path, cancelled=lambda: True)


def test_csv_with_excel_separator_line_and_byte_order_mark(tmp_path):
    path = tmp_path / "b.csv"
    path.write_bytes("\ufeffsep=;\nCode;Description;2025\n0601;Army;1 234,5\n".encode("utf-8"))
    budget = read_budget(str(path)).budget
    assert budget.codes.tolist() == ["0601"] and budget.amounts[0, 0] == 1234.5


@pytest.mark.parametrize("writer, name", [(write_xlsx, "b.xlsx"), (write_ods, "b.ods"),
                                          (None, "b.csv")])
def test_row_numbers_are_the_sheet_rows_whatever_the_format(tmp_path, writer, name):
    rows = [[None, None], [None, None]] + [[None, None] + r for r in budget_rows()]
    path = (write_csv(tmp_path / name, rows) if writer is None
            else writer(tmp_path / name, {"Budget": rows}))
    result = read_budget(str(path))
    assert result.detection.header_row == 6
    assert [(s.row, s.reason) for s in result.skipped_rows] == [
        (7, "section heading"), (11, "subtotal"), (12, "blank"), (14, "total")]
    assert result.budget.source_rows.tolist() == [8, 9, 10, 13]
