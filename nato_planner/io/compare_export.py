"""The comparison of two plans as an Excel workbook: figures per year and the bridge."""
from __future__ import annotations

from pathlib import Path
from typing import Sequence

import xlsxwriter

from ..core.plan_compare import Bridge, YearComparison
from .atomic_file import atomic_target
from .export_layout import Formats, write_header

YEAR_HEADERS = ["Year", "Basis", "GDP A", "GDP B", "Counted % A", "Counted % B",
                "Change (pp)", "Core % A", "Core % B", "Counted money A", "Counted money B",
                "Change in counted money"]


def write_comparison(path: str | Path, name_a: str, name_b: str,
                     years: Sequence[YearComparison], bridge: Bridge,
                     currency: str | None) -> None:
    """One sheet 'Compare': A and B per year to 2035, then the bridge of one year.
    Written to a temp file and renamed, so a failure leaves any older file intact."""
    with atomic_target(Path(path)) as temp:
        book = xlsxwriter.Workbook(temp)
        formats = Formats(book)
        sheet = book.add_worksheet("Compare")
        unit = currency or "currency units"
        sheet.write_string(0, 0, f"A: {name_a}    B: {name_b}    (money in {unit}, "
                                 "percentages of GDP)", formats.label)
        _write_years(sheet, years, formats, first_row=2)
        _write_bridge(sheet, bridge, formats, first_row=len(years) + 5, unit=unit)
        sheet.set_column(0, 0, 44)
        sheet.set_column(1, len(YEAR_HEADERS) - 1, 15)
        book.close()


def _write_years(sheet, years: Sequence[YearComparison], formats: Formats, first_row: int) -> None:
    for col, text in enumerate(YEAR_HEADERS):
        sheet.write_string(first_row, col, text, formats.header)
    for row, y in enumerate(years, start=first_row + 1):
        sheet.write_number(row, 0, y.year, formats.year)
        sheet.write_string(row, 1, "planned" if y.planned else "budget")
        values = [y.a.gdp, y.b.gdp, y.a.counted_pct_gdp, y.b.counted_pct_gdp,
                  None if y.a.counted_pct_gdp is None or y.b.counted_pct_gdp is None
                  else y.b.counted_pct_gdp - y.a.counted_pct_gdp,
                  y.a.core_pct_gdp, y.b.core_pct_gdp, y.a.counted, y.b.counted,
                  y.b.counted - y.a.counted]
        kinds = ["money", "money", "pct", "pct", "pct", "pct", "pct", "money", "money", "money"]
        for col, (value, kind) in enumerate(zip(values, kinds), start=2):
            if value is None:
                sheet.write_string(row, col, "n/a (no GDP)")
            else:
                sheet.write_number(row, col, value, getattr(formats, kind))


def _write_bridge(sheet, bridge: Bridge, formats: Formats, first_row: int, unit: str) -> None:
    sheet.write_string(first_row, 0, f"Bridge {bridge.year}: counted money from A to B ({unit})",
                       formats.label)
    for col, text in enumerate(["Step", "Change", "Running total"]):
        sheet.write_string(first_row + 1, col, text, formats.header)
    row, running = first_row + 2, bridge.start
    sheet.write_string(row, 0, "A")
    sheet.write_number(row, 2, bridge.start, formats.money)
    for step in bridge.steps:
        row += 1
        running += step.amount
        sheet.write_string(row, 0, step.label)
        sheet.write_number(row, 1, step.amount, formats.money)
        sheet.write_number(row, 2, running, formats.money)
    sheet.write_string(row + 1, 0, "B")
    sheet.write_number(row + 1, 2, bridge.end, formats.money)
