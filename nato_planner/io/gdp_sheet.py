"""GDP per year from a sheet named like 'GDP', 'Macro', 'Assumptions' or 'Parameters'.

Two layouts: a 'Year' column beside a 'GDP' column, or years across with a row labelled GDP.
A scale word in the GDP header, its label or the title rows applies to the values.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .column_roles import header_text, year_in
from .number_text import NotANumber, parse_number_text
from .sheet_order import GDP_SHEET
from .units import currency_in, scale_in
from .workbook_reader import Cell, Grid, Workbook

_GDP_LABEL = re.compile(r"(?<![a-z])gdp(?![a-z])|gross domestic product")
_NOT_LEVEL = re.compile(r"growth|deflator|per capita|capita|%|percent|ratio|share|real|index|"
                        r"change|rate")
_YEAR_LABEL = re.compile(r"(?<![a-z])(fiscal )?years?(?![a-z])|(?<![a-z])fy(?![a-z])")
_MAX_ROWS = 500


@dataclass
class GdpFound:
    values: dict[int, float] = field(default_factory=dict)
    source: str | None = None
    warnings: list[str] = field(default_factory=list)
    currency: str | None = None  # from a 'Currency | EUR' row (the exported plan has one)


def read_gdp(workbook: Workbook, line_item_sheet: str) -> GdpFound:
    """GDP from the first matching sheet that yields any; empty when there is none."""
    currency = None
    for sheet in workbook.sheet_names:
        if sheet == line_item_sheet or not GDP_SHEET.search(sheet):
            continue
        grid = workbook.grid(sheet, max_rows=_MAX_ROWS)
        currency = currency or _currency_row(grid)
        found = _year_column_layout(grid) or _years_across_layout(grid)
        if found:
            values, scale_text = found
            result = GdpFound(values, f"sheet '{sheet}'", currency=currency)
            if scale_text:
                result.warnings.append(f"GDP on sheet '{sheet}' scaled by '{scale_text}'.")
            return result
    return GdpFound(currency=currency)


def is_gdp_label(text: str) -> bool:
    lowered = text.lower()
    return bool(_GDP_LABEL.search(lowered)) and not _NOT_LEVEL.search(lowered)


def _year_column_layout(grid: Grid) -> tuple[dict[int, float], str | None] | None:
    for index, row in enumerate(grid[:30]):
        texts = [header_text(c) for c in row]
        year_col = next((c for c, t in enumerate(texts) if _YEAR_LABEL.fullmatch(t.lower())
                         or t.lower() in ("year", "years", "fiscal year")), None)
        gdp_col = next((c for c, t in enumerate(texts) if is_gdp_label(t)), None)
        if year_col is None or gdp_col is None:
            continue
        scale, scale_text = _scale(texts[gdp_col], grid[:index])
        values = {}
        for data in grid[index + 1:]:
            year, amount = _year_of(_at(data, year_col)), _number(_at(data, gdp_col))
            if year is not None and amount is not None and amount > 0:
                values[year] = amount * scale
        if values:
            return values, scale_text
    return None


def _years_across_layout(grid: Grid) -> tuple[dict[int, float], str | None] | None:
    for index, row in enumerate(grid[:30]):
        years = {c: _year_of(cell) for c, cell in enumerate(row)}
        years = {c: y for c, y in years.items() if y is not None}
        if not years:
            continue
        first_year = min(years)
        for data in grid[index + 1:index + 60]:
            label = next((header_text(c) for c in data[:first_year]
                          if isinstance(c, str) and is_gdp_label(c)), "")
            if not label:
                continue
            scale, scale_text = _scale(label, grid[:index])
            values = {y: v * scale for c, y in years.items()
                      if (v := _number(_at(data, c))) is not None and v > 0}
            if values:
                return values, scale_text
    return None


def _scale(header: str, title_rows: Grid) -> tuple[float, str | None]:
    for text in [header] + [" ".join(header_text(c) for c in r) for r in title_rows]:
        found = scale_in(text)
        if found:
            return found[0], text.strip()
    return 1.0, None


def _currency_row(grid: Grid) -> str | None:
    """The currency a row labelled 'Currency' names in its next cell."""
    for row in grid:
        if len(row) > 1 and header_text(row[0]).lower() == "currency":
            return currency_in(header_text(row[1]))
    return None


def _at(row: list[Cell], column: int) -> Cell:
    return row[column] if column < len(row) else ""


def _year_of(cell: Cell) -> int | None:
    if isinstance(cell, bool):
        return None
    if isinstance(cell, (int, float)):
        return int(cell) if float(cell).is_integer() and 2000 <= cell <= 2100 else None
    text = header_text(cell)
    return year_in(text) if text and len(text) <= 12 else None


def _number(cell: Cell) -> float | None:
    if isinstance(cell, bool):
        return None
    if isinstance(cell, (int, float)):
        return float(cell)
    if isinstance(cell, str) and cell.strip():
        try:
            return parse_number_text(cell)
        except NotANumber:
            return None
    return None
