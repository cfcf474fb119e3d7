"""The Line items sheet: one row per line, in the importer's own header vocabulary.

Classification, sub-category and share carry in-cell validation; unreadable cells come back
as the text the importer quoted (unreadable_cells.py) so a re-import reports them again.
"""
from __future__ import annotations

from typing import Callable

import numpy as np
from xlsxwriter.utility import xl_col_to_name

from ..core.claims import RISK_CHOICES, RISK_LABELS, Risk
from ..core.plan import Plan
from ..core.taxonomy import BUCKET_LABELS, SUBCATEGORIES, Bucket
from .export_layout import Formats, print_landscape, write_header
from .unreadable_cells import SheetColumns, unreadable_cells
from .xlsx_formulas import LineItemsGeometry

Tick = Callable[[float], None]  # fraction of lines written
LINE_TEXT_HEADERS = ["Code", "Description", "Organisation", "COFOG", "Classification",
                     "Sub-category", "Counted share", "Rationale", "Declaration category",
                     "Challenge risk", "Evidence"]
CLASSIFICATION_CHOICES = [BUCKET_LABELS[b] for b in (Bucket.CORE, Bucket.SECURITY,
                                                     Bucket.NOT_COUNTED)]
CLASS_COL, SUB_COL, SHARE_COL, RATIONALE_COL = 4, 5, 6, 7
DECLARATION_COL, RISK_COL, EVIDENCE_COL, FIRST_YEAR_COL = 8, 9, 10, 11
_TICK_EVERY = 4096


def _texts(column: np.ndarray) -> list[str]:
    return ["" if t is None else t if t.__class__ is str else str(t) for t in column.tolist()]


def _class_texts(plan: Plan) -> list[str]:
    labels = np.array(["", *(BUCKET_LABELS[Bucket(b)] for b in (1, 2, 3))], dtype=object)
    return labels[plan.budget.buckets.astype(np.intp)].tolist()


def _sub_texts(plan: Plan) -> list[str]:
    labels = np.array(["", *(s.label for s in SUBCATEGORIES)], dtype=object)
    return labels[plan.budget.subcategories.astype(np.intp) + 1].tolist()


def risk_texts(plan: Plan) -> list[str]:
    labels = np.array([RISK_LABELS[r] for r in Risk], dtype=object)
    return labels[plan.budget.risks.astype(np.intp)].tolist()


def _changed_texts(plan: Plan) -> dict[int, str]:
    budget = plan.budget
    return {int(i): budget.change_description(int(i))
            for i in np.flatnonzero(budget.changed_mask())}


def _line_geometry(plan: Plan) -> LineItemsGeometry:
    return LineItemsGeometry(CLASS_COL, SUB_COL, SHARE_COL, FIRST_YEAR_COL,
                             len(plan.years), max(len(plan.budget), 1) + 1)


def _format_line_items(sheet, plan: Plan, formats: Formats) -> None:
    years, n = len(plan.years), len(plan.budget)
    changed_col = FIRST_YEAR_COL + years
    for col, width in enumerate([14, 48, 26, 9, 18, 28, 10, 44, 28, 10, 32]):
        sheet.set_column(col, col, width, formats.share if col == SHARE_COL else None)
    if years:
        sheet.set_column(FIRST_YEAR_COL, changed_col - 1, 16, formats.money)
    sheet.set_column(changed_col, changed_col, 44)
    sheet.freeze_panes(1, 2)
    print_landscape(sheet, repeat_header=True)
    last = max(n, 1)  # 0-based last data row; an empty budget still gets valid ranges
    # One line per row on paper: a long 'Changed' text must not widen the printed page
    # (the Changes sheet prints every change whole).
    sheet.print_area(0, 0, last, changed_col)
    sheet.autofilter(0, 0, last, changed_col)
    # Codes like "0601" are text on purpose: no "number stored as text" triangles in Excel.
    sheet.ignore_errors({"number_stored_as_text": f"A2:{xl_col_to_name(changed_col)}{last + 1}"})
    sheet.data_validation(1, CLASS_COL, last, CLASS_COL, {
        "validate": "list", "source": CLASSIFICATION_CHOICES, "ignore_blank": True,
        "error_title": "Classification",
        "error_message": "Choose Core defence, Security-related or Not counted, or leave "
                         "it blank (unclassified)."})
    sheet.data_validation(1, SUB_COL, last, SUB_COL, {
        "validate": "list", "source": [s.label for s in SUBCATEGORIES], "ignore_blank": True})
    sheet.data_validation(1, SHARE_COL, last, SHARE_COL, {
        "validate": "decimal", "criteria": "between", "minimum": 0, "maximum": 1,
        "error_message": "A counted share is between 0% and 100%."})
    sheet.data_validation(1, RISK_COL, last, RISK_COL, {
        "validate": "list", "source": RISK_CHOICES, "ignore_blank": True,
        "error_title": "Challenge risk",
        "error_message": "Choose low, medium or high, or leave it blank (not judged yet)."})


def write_line_items(sheet, plan: Plan, formats: Formats, tick: Tick) -> LineItemsGeometry:
    """Header, layout, validation, then one row per line; `tick(fraction)` every few
    thousand lines reports progress (and may raise to cancel)."""
    budget = plan.budget
    sheet.set_row(0, 30)
    write_header(sheet, LINE_TEXT_HEADERS, formats)
    for col, year in enumerate(plan.years, start=FIRST_YEAR_COL):
        sheet.write_string(0, col, str(year), formats.header_right)
    sheet.write_string(0, FIRST_YEAR_COL + len(plan.years), "Changed", formats.header_indent)
    _format_line_items(sheet, plan, formats)
    text_columns = [_texts(budget.codes), _texts(budget.descriptions),
                    _texts(budget.organisations), _texts(budget.cofog), _class_texts(plan),
                    _sub_texts(plan)]
    claims = zip(_texts(budget.declarations), risk_texts(plan), _texts(budget.evidence))
    rows = zip(*text_columns, budget.shares.tolist(), _texts(budget.rationales), claims,
               budget.amounts.tolist())
    _write_line_rows(sheet, plan, rows, formats, tick)
    return _line_geometry(plan)


def _write_line_rows(sheet, plan: Plan, rows, formats: Formats, tick: Tick) -> None:
    """The hot loop of a 100,000-line export: plain calls, formats from set_column."""
    n, changed_col = len(plan.budget), FIRST_YEAR_COL + len(plan.years)
    changed = _changed_texts(plan)
    errors = unreadable_cells(plan.budget, SheetColumns(CLASS_COL, SUB_COL, SHARE_COL,
                                                        FIRST_YEAR_COL, RISK_COL))
    write_string, write_number = sheet.write_string, sheet.write_number
    for i, (code, text, org, cofog, cls, sub, share, why, claim, amounts) in enumerate(rows):
        r = i + 1
        if i % _TICK_EVERY == 0:
            tick(i / max(n, 1))
        for col, value in ((0, code), (1, text), (2, org), (3, cofog), (4, cls), (5, sub)):
            if value:
                write_string(r, col, value)
        write_number(r, SHARE_COL, share, formats.share)
        if why:
            write_string(r, RATIONALE_COL, why)
        for col, value in zip((DECLARATION_COL, RISK_COL, EVIDENCE_COL), claim):
            if value:
                write_string(r, col, value)
        for col, amount in enumerate(amounts, start=FIRST_YEAR_COL):
            write_number(r, col, amount, formats.money)
        if i in errors:
            _write_error_cells(sheet, r, errors[i], formats)
        if i in changed:
            write_string(r, changed_col, changed[i])


def _write_error_cells(sheet, row: int, cells: list[tuple[int, str]],
                       formats: Formats) -> None:
    """Over the row's normal cells (same row, so constant_memory has not flushed it yet)."""
    for col, text in cells:
        sheet.write_string(row, col, text, formats.error)
