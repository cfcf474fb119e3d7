"""A pivot (subtotals per group and year) as its own small workbook, for a briefing annex:
the subtotals with a total row, then every line behind them with its group."""
from __future__ import annotations

import os
from pathlib import Path

import xlsxwriter

from ..core.pivot import MEASURES, PivotTable, line_money
from ..core.plan import Plan
from .atomic_file import atomic_target, check_writable
from .export_layout import Formats, print_footer, print_landscape, write_header


def export_pivot(plan: Plan, pivot: PivotTable, path: str | os.PathLike) -> Path:
    """Write `pivot` to `path` (.xlsx), replacing it only with a complete file."""
    target = Path(path)
    check_writable(target)
    with atomic_target(target) as temp_path:
        book = xlsxwriter.Workbook(temp_path, {"strings_to_formulas": False,
                                               "strings_to_urls": False,
                                               "strings_to_numbers": False})
        try:
            formats = Formats(book)
            _write_subtotals(book.add_worksheet("Subtotals"), plan, pivot, formats)
            _write_lines(book.add_worksheet("Lines"), plan, pivot, formats)
            for sheet in book.worksheets():
                print_footer(sheet, f"Subtotals by {pivot.dimension.lower()}")
        finally:
            book.close()
    return target


def _unit(plan: Plan) -> str:
    return plan.budget.source.currency or "currency units"


def _write_subtotals(sheet, plan: Plan, pivot: PivotTable, formats: Formats) -> None:
    headers = [pivot.dimension, "Lines"] + [str(y) for y in pivot.years]
    write_header(sheet, headers, formats, numbers_from=1)
    for r, group in enumerate(pivot.groups, start=1):
        sheet.write_string(r, 0, group)
        sheet.write_number(r, 1, int(pivot.line_counts[r - 1]))
        for c, value in enumerate(pivot.values[r - 1], start=2):
            sheet.write_number(r, c, float(value), formats.money)
    total_row = len(pivot.groups) + 1
    sheet.write_string(total_row, 0, "All lines", formats.label)
    sheet.write_number(total_row, 1, int(pivot.line_counts.sum()), formats.label)
    for c, value in enumerate(pivot.totals, start=2):
        sheet.write_number(total_row, c, float(value), formats.money)
    sheet.write_string(total_row + 2, 0, f"{MEASURES[pivot.measure]}, in {_unit(plan)}; lines "
                       "with an unreadable amount are left out, as in every total.")
    sheet.set_column(0, 0, 42)
    sheet.set_column(1, 1, 8)
    sheet.set_column(2, 1 + len(pivot.years), 18)
    sheet.freeze_panes(1, 1)
    print_landscape(sheet, repeat_header=True)


def _write_lines(sheet, plan: Plan, pivot: PivotTable, formats: Formats) -> None:
    b, money = plan.budget, line_money(plan, pivot.measure)
    write_header(sheet, [pivot.dimension, "Code", "Description"] + [str(y) for y in pivot.years],
                 formats, numbers_from=3)
    row = 1
    for group in pivot.groups:
        for line in pivot.lines_of[group]:
            sheet.write_string(row, 0, group)
            sheet.write_string(row, 1, str(b.codes[line]))
            sheet.write_string(row, 2, str(b.descriptions[line]))
            for c, value in enumerate(money[line], start=3):
                sheet.write_number(row, c, float(value), formats.money)
            row += 1
    sheet.set_column(0, 0, 30)
    sheet.set_column(1, 1, 12)
    sheet.set_column(2, 2, 48)
    sheet.set_column(3, 2 + len(pivot.years), 16)
    sheet.autofilter(0, 0, max(row - 1, 1), 2 + len(pivot.years))
    sheet.freeze_panes(1, 3)
    print_landscape(sheet, repeat_header=True)
