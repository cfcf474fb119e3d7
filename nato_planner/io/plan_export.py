"""Writing the revised plan workbook (EXPORT_FORMAT.md) atomically.

Summary cells are live formulas over the Line items sheet that also carry the engine's
values (XlsxWriter writes both), so Excel/LibreOffice recalculate them and plain readers see
the same figures. Cells the importer could not read go back as the text it quoted
(unreadable_cells.py), and the Summary formulas leave a line with text in an amount or share
cell out of every total, as the engine and the importer do: a round trip reports the same
errors and the same figures. Sheets: line_items_sheet.py, plan_sheets.py.
"""
from __future__ import annotations

import os
import zipfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Callable

import xlsxwriter

from .. import __version__
from ..core.plan import Plan
from ..core.errors import ExportError
from ..core.pledge import DEFAULT_TARGETS, PledgeTargets, YearFigures
from .atomic_file import atomic_target, check_writable, private_scratch_folder, written_path
from .claims_sheet import CLAIMS, write_claims
from .export_layout import Formats, print_footer, print_landscape, write_header
from .line_items_sheet import write_line_items
from .plan_sheets import (
    add_chart, gdp_ranges, trajectory_rows, write_assumptions, write_changes, write_trajectory,
)
from .xlsx_formulas import ASSUMPTIONS, LineItemsGeometry, SummaryFormulas, TargetCells

Progress = Callable[[float], None]  # fraction done, 0-1
Cancelled = Callable[[], bool]

def summary_headers(targets: PledgeTargets = DEFAULT_TARGETS) -> list[str]:
    """Summary's header row (EXPORT_FORMAT.md); the gap columns name the plan's targets."""
    return ["Year", "GDP", "Core defence", "Security-related", "Not counted", "Unclassified",
            "Core % of GDP", "Security-related % of GDP", "Counted % of GDP",
            f"Gap to {targets.core_floor_pct:g}%", f"Gap to {targets.security_ceiling_pct:g}%",
            f"Gap to {targets.total_pct:g}%", "Equipment % of core"]


SUMMARY_HEADERS = summary_headers()  # with the Hague targets
SHEET_NAMES = ["Summary", "Line items", "Trajectory", "Changes", CLAIMS, ASSUMPTIONS]
_LINES_SHARE_OF_WORK = 0.9  # progress: the line rows are nearly all the work
EXCEL_ROWS = 1_048_576  # rows in one Excel sheet, the header included
EXCEL_CELL_CHARACTERS = 32_767  # characters in one Excel cell


class ExportCancelled(Exception):
    """The user cancelled an export; any existing file is untouched."""


@dataclass
class _Context:
    plan: Plan
    progress: Progress
    cancelled: Cancelled
    source_name: str
    now: datetime


# --- public API ---------------------------------------------------------------------------
def export_plan(plan: Plan, path: str | os.PathLike, progress: Progress | None = None,
                cancelled: Cancelled | None = None, source_name: str = "",
                now: datetime | None = None) -> None:
    """Write the revised plan to `path`, replacing it only with a complete file.

    Raises ExportError (one sentence) when the file cannot be written, ExportCancelled when
    `cancelled()` turns true; in both cases an existing file at `path` is left as it was.
    """
    target = Path(path)
    context = _Context(plan, progress or (lambda _f: None), cancelled or (lambda: False),
                       source_name or Path(plan.budget.source.path).name,
                       now or datetime.now().replace(microsecond=0))
    check_writable(written_path(target))
    check_fits_excel(plan)
    with atomic_target(target) as temp_path, private_scratch_folder() as scratch:
        _write_workbook(context, temp_path, scratch)
    context.progress(1.0)


def check_fits_excel(plan: Plan) -> None:
    """Refuse, before writing anything, a plan Excel would cut: more lines than a sheet has
    rows, or a text longer than a cell holds (XlsxWriter would drop or cut them quietly)."""
    budget = plan.budget
    lines = len(budget)
    if lines > EXCEL_ROWS - 1:
        raise ExportError(f"Cannot export: the budget has {lines:,} line items, more than the "
                          f"{EXCEL_ROWS - 1:,} an Excel sheet holds under its header; split the "
                          "budget into parts and export each.")
    columns = {"code": budget.codes, "description": budget.descriptions,
               "organisation": budget.organisations, "rationale": budget.rationales,
               "declaration category": budget.declarations, "evidence": budget.evidence}
    for what, texts in columns.items():
        for line, text in enumerate(texts):
            if isinstance(text, str) and len(text) > EXCEL_CELL_CHARACTERS:
                name = (budget.descriptions[line] or "")[:40] if what != "description" \
                    else text[:40]
                raise ExportError(
                    f"Cannot export: line {line + 1} (source row {budget.source_rows[line]}, "
                    f"'{name}...') has a {what} of {len(text):,} characters, more than the "
                    f"{EXCEL_CELL_CHARACTERS:,} an Excel cell holds; shorten it and export "
                    "again.")


# --- workbook ----------------------------------------------------------------------------
def _write_workbook(context: _Context, path: str, scratch: str) -> None:
    book = xlsxwriter.Workbook(path, {
        "constant_memory": True, "strings_to_formulas": False, "strings_to_urls": False,
        "strings_to_numbers": False, "nan_inf_to_errors": True, "remove_timezone": True,
        "tmpdir": scratch})
    sheets = {name: book.add_worksheet(name) for name in SHEET_NAMES}
    formats = Formats(book)
    targets = write_assumptions(sheets[ASSUMPTIONS], context.plan, formats)
    geometry = write_line_items(sheets["Line items"], context.plan, formats,
                                lambda done: _tick(context, done))
    rows = trajectory_rows(context.plan)
    write_trajectory(sheets["Trajectory"], context.plan, rows, targets, formats)
    write_changes(sheets["Changes"], context.plan, formats)
    write_claims(sheets[CLAIMS], context.plan, formats)
    _write_summary(sheets["Summary"], context, geometry, targets, formats)
    add_chart(book, sheets["Summary"], context.plan, len(rows), len(context.plan.years) + 14)
    _set_page_footers(book, context)
    book.set_properties({"title": "Revised defence budget plan",
                         "comments": f"Written by nato-planner {__version__}"})
    _check_cancelled(context)
    try:
        book.close()
    except BaseException as error:
        _close_abandoned_zips(error)
        raise


def _close_abandoned_zips(error: BaseException) -> None:
    """XlsxWriter leaves its zip open when a write fails (a full disk); closed later by the
    garbage collector, it fails again and prints 'Exception ignored' noise. Close it now."""
    trace = error.__traceback__
    while trace is not None:
        for value in list(trace.tb_frame.f_locals.values()):
            if isinstance(value, zipfile.ZipFile):
                try:
                    value.close()
                except Exception:  # noqa: BLE001 - the disk is still full; the file is gone
                    pass
        trace = trace.tb_next


def _set_page_footers(book: xlsxwriter.Workbook, context: _Context) -> None:
    """Every sheet prints one page wide with the plan's name and page numbers; sheets that
    set no layout of their own (narrow ones) print portrait."""
    plan_name = f"Revised plan from {context.source_name}" if context.source_name else (
        "Revised plan")
    for sheet in book.worksheets():
        if not sheet.fit_page:
            sheet.set_paper(9)  # A4
            sheet.fit_to_pages(1, 0)
        print_footer(sheet, plan_name)


def _tick(context: _Context, lines_done: float) -> None:
    _check_cancelled(context)
    context.progress(_LINES_SHARE_OF_WORK * lines_done)


def _check_cancelled(context: _Context) -> None:
    if context.cancelled():
        raise ExportCancelled("The export was cancelled; no file was written.")


# --- Summary -------------------------------------------------------------------------------
def _cached(value: float | None) -> float | str:
    return "" if value is None else value


def _summary_cells(f: YearFigures, formulas: SummaryFormulas, row: int, offset: int):
    """(formula, cached value, format name) for columns C.. of one Summary row."""
    return [
        (formulas.core(offset), f.core, "money"),
        (formulas.security(offset), f.security, "money"),
        (formulas.not_counted(offset), f.not_counted, "money"),
        (formulas.unclassified(offset), f.unclassified, "money"),
        (formulas.core_pct(row), f.core_pct_gdp, "pct"),
        (formulas.security_pct(row), f.security_pct_gdp, "pct"),
        (formulas.counted_pct(row), f.counted_pct_gdp, "pct"),
        (formulas.core_gap(row), f.core_gap, "money"),
        (formulas.security_gap(row), f.security_gap, "money"),
        (formulas.total_gap(row), f.total_gap, "money"),
        (formulas.equipment_share(row, offset), f.equipment_share_of_core, "pct"),
    ]


def _write_summary(sheet, context: _Context, geometry: LineItemsGeometry,
                   targets: TargetCells, formats: Formats) -> None:
    plan = context.plan
    sheet.set_row(0, 45)  # before row 0 is written: constant_memory flushes rows in order
    write_header(sheet, summary_headers(plan.targets), formats, numbers_from=1)
    formulas = SummaryFormulas(geometry, targets, *gdp_ranges(plan))
    for offset, year in enumerate(plan.years):
        row, f = offset + 1, plan.figures(year)
        sheet.write_number(row, 0, year, formats.year)
        sheet.write_formula(row, 1, formulas.gdp(row), formats.money, _cached(f.gdp))
        for col, (formula, value, fmt) in enumerate(_summary_cells(f, formulas, row, offset),
                                                    start=2):
            sheet.write_formula(row, col, formula, getattr(formats, fmt), _cached(value))
    _write_summary_notes(sheet, context, len(plan.years) + 2, formats)
    sheet.set_column(0, 0, 12)
    sheet.set_column(1, 5, 17)
    sheet.set_column(6, 12, 13)
    sheet.freeze_panes(1, 1)
    print_landscape(sheet)


def _summary_notes(context: _Context) -> list[tuple[str, object]]:
    plan, t = context.plan, context.plan.targets
    notes: list[tuple[str, object]] = [
        ("Pledge targets", None),
        ("Core defence floor (%)", t.core_floor_pct),
        ("Security-related ceiling (%)", t.security_ceiling_pct),
        ("Pledge total (%)", t.total_pct),
        ("Target year", t.target_year),
        ("Source file", context.source_name),
        ("Exported", context.now),
        ("Tool version", f"nato-planner {__version__}"),
    ]
    excluded = int(plan.budget.excluded.sum())
    if excluded:
        # Wording kept clear of header words (text, line items, amounts...) so the importer
        # never mistakes this row for a table header when the plan is read back.
        notes.append(("Unreadable cells", f"{excluded:,} line(s) keep the unreadable cell as "
                      "written in the source and stay out of every total, as on import."))
    return notes


_NOTE_VALUE_COL = 2  # labels in A spill over the empty B, so the Year column stays narrow


def _write_summary_notes(sheet, context: _Context, first_row: int, formats: Formats) -> None:
    col = _NOTE_VALUE_COL
    for row, (label, value) in enumerate(_summary_notes(context), start=first_row):
        sheet.write_string(row, 0, label, formats.label)
        if isinstance(value, datetime):
            sheet.write_datetime(row, col, value, formats.time)
        elif isinstance(value, str):
            sheet.write_string(row, col, value)
        elif value is not None:
            sheet.write_number(row, col, value, formats.note_number)


