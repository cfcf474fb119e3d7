"""Writing the revised plan workbook (EXPORT_FORMAT.md) atomically.

Summary cells are live formulas over the Line items sheet that also carry the engine's
values (XlsxWriter writes both), so Excel/LibreOffice recalculate them and plain readers see
the same figures. Lines with an unreadable amount keep their original text in that cell: the
Summary formulas leave a line with a text amount out of every total, as the engine and the
importer do, so a round trip reports the same errors and the same figures.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Callable

import numpy as np
import xlsxwriter
from xlsxwriter.utility import xl_col_to_name

from .. import __version__
from ..core.audit import audit_rows
from ..core.plan import Plan
from ..core.pledge import YearFigures
from ..core.taxonomy import BUCKET_LABELS, SUBCATEGORIES, Bucket
from ..core.trajectory import PlanningAssumptions, TrajectoryYear, trajectory
from .atomic_file import atomic_target, check_writable
from .unreadable_cells import SheetColumns, unreadable_cells
from .xlsx_formulas import (
    ASSUMPTIONS, LineItemsGeometry, SummaryFormulas, TargetCells, absolute_cell,
)

Progress = Callable[[float], None]  # fraction done, 0-1
Cancelled = Callable[[], bool]

SUMMARY_HEADERS = [
    "Year", "GDP", "Core defence", "Security-related", "Not counted", "Unclassified",
    "Core % of GDP", "Security-related % of GDP", "Counted % of GDP", "Gap to 3.5%",
    "Gap to 1.5%", "Gap to 5%", "Equipment % of core",
]
LINE_TEXT_HEADERS = ["Code", "Description", "Organisation", "COFOG", "Classification",
                     "Sub-category", "Counted share", "Rationale"]
TRAJECTORY_HEADERS = [
    "Year", "GDP", "Planned core", "Planned security-related", "Counted % of GDP",
    "Credible path %", "On path", "Basis", "Core % of GDP", "Core path %",
    "Core floor %", "Security ceiling %", "Pledge total %",
]
CHANGES_HEADERS = ["Time", "User", "Line", "What changed", "Rationale"]
CLASSIFICATION_CHOICES = [BUCKET_LABELS[b] for b in (Bucket.CORE, Bucket.SECURITY,
                                                     Bucket.NOT_COUNTED)]
SHEET_NAMES = ["Summary", "Line items", "Trajectory", "Changes", ASSUMPTIONS]
_CLASS_COL, _SUB_COL, _SHARE_COL, _FIRST_YEAR_COL = 4, 5, 6, 8
_PROGRESS_EVERY = 4096


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
    check_writable(target)
    with atomic_target(target) as temp_path:
        _write_workbook(context, temp_path)
    context.progress(1.0)


# --- workbook ----------------------------------------------------------------------------
class _Formats:
    """Every cell format, created once (XlsxWriter formats are per workbook)."""

    def __init__(self, book: xlsxwriter.Workbook) -> None:
        add = book.add_format
        self.header = add({"bold": True, "bottom": 1, "text_wrap": True, "valign": "top",
                           "bg_color": "#DCE6F1"})
        self.header_right = add({"bold": True, "bottom": 1, "valign": "top", "align": "right",
                                 "text_wrap": True, "bg_color": "#DCE6F1"})
        self.header_center = add({"bold": True, "bottom": 1, "valign": "top", "align": "center",
                                  "text_wrap": True, "bg_color": "#DCE6F1"})
        self.center = add({"align": "center"})
        self.header_indent = add({"bold": True, "bottom": 1, "valign": "top", "indent": 1,
                                  "bg_color": "#DCE6F1"})
        self.money = add({"num_format": "#,##0"})
        self.pct = add({"num_format": "0.00"})
        self.share = add({"num_format": "0%", "align": "center"})
        self.year = add({"num_format": "0"})
        self.text = add({"text_wrap": False})
        self.error = add({"font_color": "#C00000", "italic": True})
        self.label = add({"bold": True})
        self.time = add({"num_format": "yyyy-mm-dd hh:mm", "align": "left"})
        self.wrap = add({"text_wrap": True, "valign": "top"})
        self.note = add({"italic": True, "font_color": "#595959"})
        self.note_number = add({"align": "left"})


def _write_workbook(context: _Context, path: str) -> None:
    book = xlsxwriter.Workbook(path, {
        "constant_memory": True, "strings_to_formulas": False, "strings_to_urls": False,
        "strings_to_numbers": False, "nan_inf_to_errors": True, "remove_timezone": True})
    sheets = {name: book.add_worksheet(name) for name in SHEET_NAMES}
    formats = _Formats(book)
    targets = _write_assumptions(sheets[ASSUMPTIONS], context.plan, formats)
    geometry = _write_line_items(sheets["Line items"], context, formats)
    rows = _trajectory_rows(context.plan)
    _write_trajectory(sheets["Trajectory"], context.plan, rows, targets, formats)
    _write_changes(sheets["Changes"], context.plan, formats)
    _write_summary(sheets["Summary"], context, geometry, targets, formats)
    _add_chart(book, sheets["Summary"], len(rows), len(context.plan.years) + 14)
    book.set_properties({"title": "Revised defence budget plan",
                         "comments": f"Written by nato-planner {__version__}"})
    _check_cancelled(context)
    book.close()


def _check_cancelled(context: _Context) -> None:
    if context.cancelled():
        raise ExportCancelled("The export was cancelled; no file was written.")


def _write_header(sheet, headers: list[str], formats: _Formats,
                  numbers_from: int | None = None, text_columns: tuple[int, ...] = ()) -> None:
    """Header row; columns from `numbers_from` on hold numbers, so their titles align right
    (except `text_columns`, centred with their yes/no values)."""
    for col, text in enumerate(headers):
        right = numbers_from is not None and col >= numbers_from
        fmt = formats.header_center if col in text_columns else (
            formats.header_right if right else formats.header)
        sheet.write_string(0, col, text, fmt)


# --- Assumptions ---------------------------------------------------------------------------
def _planning(plan: Plan) -> PlanningAssumptions:
    return getattr(plan, "planning", None) or PlanningAssumptions()


def _assumption_rows(plan: Plan) -> list[tuple[str, float | int]]:
    t, p = plan.targets, _planning(plan)
    return [
        ("Nominal growth of the economy (% a year)", p.gdp_growth_pct),
        ("Defence spending growth (% a year)", p.spending_growth_pct),
        ("Core defence floor (%)", t.core_floor_pct),
        ("Security-related ceiling (%)", t.security_ceiling_pct),
        ("Pledge total (%)", t.total_pct),
        ("Target year", t.target_year),
        ("Review year", t.review_year),
        ("Equipment guideline (% of core)", t.equipment_guideline_pct),
    ]


def _write_assumptions(sheet, plan: Plan, formats: _Formats) -> TargetCells:
    """Year | GDP (what the importer's GDP rule reads back), then the assumptions below."""
    _write_header(sheet, ["Year", "GDP"], formats)
    years = sorted(plan.budget.gdp)
    for row, year in enumerate(years, start=1):
        sheet.write_number(row, 0, year, formats.year)
        sheet.write_number(row, 1, plan.budget.gdp[year], formats.money)
    first = len(years) + 2
    sheet.write_string(first, 0, "Assumptions used", formats.label)
    cells = {}
    for row, (label, value) in enumerate(_assumption_rows(plan), start=first + 1):
        sheet.write_string(row, 0, label)
        sheet.write_number(row, 1, value)
        cells[label] = absolute_cell(ASSUMPTIONS, row, 1)
    sheet.set_column(0, 0, 40)
    sheet.set_column(1, 1, 22)
    sheet.freeze_panes(1, 0)
    return TargetCells(core_floor=cells["Core defence floor (%)"],
                       security_ceiling=cells["Security-related ceiling (%)"],
                       total=cells["Pledge total (%)"])


def _gdp_ranges(plan: Plan) -> tuple[str, str]:
    last = max(len(plan.budget.gdp), 1) + 1
    return (f"{ASSUMPTIONS}!$A$2:$A${last}", f"{ASSUMPTIONS}!$B$2:$B${last}")


# --- Line items --------------------------------------------------------------------------
def _texts(column: np.ndarray) -> list[str]:
    return ["" if t is None else t if t.__class__ is str else str(t) for t in column.tolist()]


def _class_texts(plan: Plan) -> list[str]:
    labels = np.array(["", *(BUCKET_LABELS[Bucket(b)] for b in (1, 2, 3))], dtype=object)
    return labels[plan.budget.buckets.astype(np.intp)].tolist()


def _sub_texts(plan: Plan) -> list[str]:
    labels = np.array(["", *(s.label for s in SUBCATEGORIES)], dtype=object)
    return labels[plan.budget.subcategories.astype(np.intp) + 1].tolist()


def _changed_texts(plan: Plan) -> dict[int, str]:
    budget = plan.budget
    return {int(i): budget.change_description(int(i))
            for i in np.flatnonzero(budget.changed_mask())}



def _line_geometry(plan: Plan) -> LineItemsGeometry:
    return LineItemsGeometry(_CLASS_COL, _SUB_COL, _SHARE_COL, _FIRST_YEAR_COL,
                             len(plan.years), max(len(plan.budget), 1) + 1)


def _format_line_items(sheet, plan: Plan, formats: _Formats) -> None:
    years, n = len(plan.years), len(plan.budget)
    changed_col = _FIRST_YEAR_COL + years
    for col, width in enumerate([14, 48, 26, 9, 18, 28, 10, 44]):
        sheet.set_column(col, col, width, formats.share if col == _SHARE_COL else None)
    if years:
        sheet.set_column(_FIRST_YEAR_COL, changed_col - 1, 16, formats.money)
    sheet.set_column(changed_col, changed_col, 44)
    sheet.freeze_panes(1, 2)
    _print_landscape(sheet, repeat_header=True)
    sheet.autofilter(0, 0, max(n, 1), changed_col)
    # Codes like "0601" are text on purpose: no "number stored as text" triangles in Excel.
    sheet.ignore_errors({"number_stored_as_text": f"A2:{xl_col_to_name(changed_col)}{n + 1}"})
    last = max(n, 1)
    sheet.data_validation(1, _CLASS_COL, last, _CLASS_COL, {
        "validate": "list", "source": CLASSIFICATION_CHOICES, "ignore_blank": True,
        "error_title": "Classification",
        "error_message": "Choose Core defence, Security-related or Not counted, or leave "
                         "it blank (unclassified)."})
    sheet.data_validation(1, _SUB_COL, last, _SUB_COL, {
        "validate": "list", "source": [s.label for s in SUBCATEGORIES], "ignore_blank": True})
    sheet.data_validation(1, _SHARE_COL, last, _SHARE_COL, {
        "validate": "decimal", "criteria": "between", "minimum": 0, "maximum": 1,
        "error_message": "A counted share is between 0% and 100%."})


def _write_line_items(sheet, context: _Context, formats: _Formats) -> LineItemsGeometry:
    plan = context.plan
    budget = plan.budget
    sheet.set_row(0, 30)
    _write_header(sheet, LINE_TEXT_HEADERS, formats)
    for col, year in enumerate(plan.years, start=_FIRST_YEAR_COL):
        sheet.write_string(0, col, str(year), formats.header_right)
    sheet.write_string(0, _FIRST_YEAR_COL + len(plan.years), "Changed", formats.header_indent)
    _format_line_items(sheet, plan, formats)
    text_columns = [_texts(budget.codes), _texts(budget.descriptions),
                    _texts(budget.organisations), _texts(budget.cofog), _class_texts(plan),
                    _sub_texts(plan)]
    rows = zip(*text_columns, budget.shares.tolist(), _texts(budget.rationales),
               budget.amounts.tolist())
    _write_line_rows(sheet, context, rows, formats)
    return _line_geometry(plan)


def _write_line_rows(sheet, context: _Context, rows, formats: _Formats) -> None:
    """The hot loop of a 100,000-line export: plain calls, formats from set_column."""
    plan = context.plan
    n, changed_col = len(plan.budget), _FIRST_YEAR_COL + len(plan.years)
    changed = _changed_texts(plan)
    errors = unreadable_cells(plan.budget, SheetColumns(_CLASS_COL, _SUB_COL, _SHARE_COL,
                                                        _FIRST_YEAR_COL))
    write_string, write_number = sheet.write_string, sheet.write_number
    for i, (code, text, org, cofog, cls, sub, share, why, amounts) in enumerate(rows):
        r = i + 1
        if i % _PROGRESS_EVERY == 0:
            _check_cancelled(context)
            context.progress(0.9 * i / max(n, 1))
        for col, value in ((0, code), (1, text), (2, org), (3, cofog), (4, cls), (5, sub)):
            if value:
                write_string(r, col, value)
        write_number(r, _SHARE_COL, share, formats.share)
        if why:
            write_string(r, 7, why)
        for col, amount in enumerate(amounts, start=_FIRST_YEAR_COL):
            write_number(r, col, amount, formats.money)
        if i in errors:
            _write_error_cells(sheet, r, errors[i], formats)
        if i in changed:
            write_string(r, changed_col, changed[i])


def _write_error_cells(sheet, row: int, cells: list[tuple[int, str]],
                      formats: _Formats) -> None:
    """Over the row's normal cells (same row, so constant_memory has not flushed it yet)."""
    for col, text in cells:
        sheet.write_string(row, col, text, formats.error)


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
                   targets: TargetCells, formats: _Formats) -> None:
    plan = context.plan
    sheet.set_row(0, 45)  # before row 0 is written: constant_memory flushes rows in order
    _write_header(sheet, SUMMARY_HEADERS, formats, numbers_from=1)
    formulas = SummaryFormulas(geometry, targets, *_gdp_ranges(plan))
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
    _print_landscape(sheet)


def _print_landscape(sheet, repeat_header: bool = False) -> None:
    sheet.set_landscape()
    sheet.set_paper(9)  # A4
    sheet.fit_to_pages(1, 0)
    if repeat_header:
        sheet.repeat_rows(0)


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


def _write_summary_notes(sheet, context: _Context, first_row: int, formats: _Formats) -> None:
    col = _NOTE_VALUE_COL
    for row, (label, value) in enumerate(_summary_notes(context), start=first_row):
        sheet.write_string(row, 0, label, formats.label)
        if isinstance(value, datetime):
            sheet.write_datetime(row, col, value, formats.time)
        elif isinstance(value, str):
            sheet.write_string(row, col, value)
        elif value is not None:
            sheet.write_number(row, col, value, formats.note_number)


# --- Trajectory --------------------------------------------------------------------------
def _trajectory_rows(plan: Plan) -> list[TrajectoryYear]:
    return trajectory(plan) if plan.years else []


def _yes_no(value: bool) -> str:
    return "yes" if value else "no"


def _write_trajectory(sheet, plan: Plan, rows: list[TrajectoryYear], targets: TargetCells,
                      formats: _Formats) -> None:
    sheet.set_row(0, 30)
    _write_header(sheet, TRAJECTORY_HEADERS, formats, numbers_from=1, text_columns=(6, 7))
    t = plan.targets
    for r, item in enumerate(rows, start=1):
        f = item.figures
        values = [(f.gdp, formats.money), (f.core, formats.money),
                  (f.security, formats.money), (f.counted_pct_gdp, formats.pct),
                  (item.path_counted_pct, formats.pct)]
        sheet.write_number(r, 0, item.year, formats.year)
        for col, (value, fmt) in enumerate(values, start=1):
            if value is not None:
                sheet.write_number(r, col, value, fmt)
        if item.on_path is not None:
            sheet.write_string(r, 6, _yes_no(item.on_path), formats.center)
        sheet.write_string(r, 7, "planned" if item.planned else "budget", formats.center)
        for col, value in ((8, f.core_pct_gdp), (9, item.path_core_pct)):
            if value is not None:
                sheet.write_number(r, col, value, formats.pct)
        for col, (cell, value) in enumerate(((targets.core_floor, t.core_floor_pct),
                                             (targets.security_ceiling, t.security_ceiling_pct),
                                             (targets.total, t.total_pct)), start=10):
            sheet.write_formula(r, col, f"={cell}", formats.pct, value)
    sheet.set_column(0, 0, 8)
    sheet.set_column(1, 3, 18)
    sheet.set_column(4, 12, 12)
    sheet.freeze_panes(1, 1)
    _print_landscape(sheet, repeat_header=True)


# --- Changes ---------------------------------------------------------------------------------
def _write_changes(sheet, plan: Plan, formats: _Formats) -> None:
    _write_header(sheet, CHANGES_HEADERS, formats)
    for r, item in enumerate(audit_rows(plan.audit, plan.budget), start=1):
        sheet.write_datetime(r, 0, item.time, formats.time)
        for col, text in enumerate((item.user, item.line, item.what, item.rationale), start=1):
            if text:
                sheet.write_string(r, col, text)
    for col, width in enumerate([17, 14, 48, 48, 48]):
        sheet.set_column(col, col, width)
    sheet.freeze_panes(1, 0)


# --- chart -------------------------------------------------------------------------------------
def _add_chart(book: xlsxwriter.Workbook, summary, rows: int, anchor_row: int) -> None:
    """Counted % of GDP per year (columns) against the pledge lines, from Trajectory."""
    if not rows:
        return
    chart = book.add_chart({"type": "column"})
    categories = ["Trajectory", 1, 0, rows, 0]
    chart.add_series({"name": "Counted % of GDP", "categories": categories,
                      "values": ["Trajectory", 1, 4, rows, 4],
                      "fill": {"color": "#4F81BD"}, "gap": 60})
    lines = book.add_chart({"type": "line"})
    for col, name, color, dash in ((5, "Credible path %", "#7F7F7F", "dash"),
                                   (10, "Core floor 3.5%", "#C0504D", "solid"),
                                   (11, "Security ceiling 1.5%", "#F79646", "solid"),
                                   (12, "Pledge 5%", "#000000", "solid")):
        lines.add_series({"name": name, "categories": categories,
                          "values": ["Trajectory", 1, col, rows, col],
                          "line": {"color": color, "width": 2, "dash_type": dash},
                          "marker": {"type": "none"}})
    chart.combine(lines)
    chart.set_title({"name": "Counted % of GDP against the pledge",
                     "name_font": {"size": 12}})
    chart.set_y_axis({"name": "% of GDP", "min": 0, "major_gridlines": {"visible": True}})
    chart.set_x_axis({"num_font": {"rotation": 0}})
    chart.set_legend({"position": "bottom"})
    chart.set_size({"width": 900, "height": 380})
    summary.insert_chart(anchor_row, 0, chart)
