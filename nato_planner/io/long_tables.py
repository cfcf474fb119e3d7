"""Long tables: one row per line per year (a `year`, `fy_ef` or `Begrotingsjaar` column and
one amount column), pivoted into one line item per line with one amount per year.

Rows of one line in one year are added; different years never are.
"""
from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

import numpy as np

from ..core.budget import CellProblem, LineColumns
from .budget_shapes import row_year
from .safety import refuse

if TYPE_CHECKING:
    from .table_detection import TableLayout


def row_years(layout: TableLayout, column, candidates: np.ndarray) -> tuple[np.ndarray, list[int]]:
    """Each data row's year (0 where none), and the candidate rows whose year cell is not a
    year (reported as errors by the caller)."""
    cells = column(layout.year_column)
    cache: dict[object, int | None] = {}
    years = np.zeros(len(cells), dtype=np.int64)
    bad = []
    for i in np.flatnonzero(candidates):
        cell = cells[i]
        key = (cell.__class__, cell)
        if key not in cache:
            cache[key] = row_year(cell, layout.fy_start)
        found = cache[key]
        if found is None:
            bad.append(int(i))
        else:
            years[i] = found
    return years, bad


def check_only_year(layout: TableLayout, years: np.ndarray, lines: np.ndarray) -> None:
    """--year Y on a long table that has no rows for Y: say which years it has."""
    present = sorted(set(years[lines].tolist()) - {0})
    if layout.only_year is not None and layout.only_year not in present:
        shown = ", ".join(map(str, present[:12])) + (" ..." if len(present) > 12 else "")
        raise refuse(layout.file_name, f"has no rows for {layout.only_year} in its year column "
                     f"'{layout.headers[layout.year_column]}' (it has: {shown or 'none'})",
                     "give one of those years with --year")


def pivot(columns: LineColumns, years: np.ndarray,
          key_cells: list[list], lines: np.ndarray) -> tuple[LineColumns, int]:
    """One line per distinct key, one amount per year; returns the lines and how many rows
    were added into a line's year that another row already had."""
    from .line_item_rows import text_of  # the cell-to-text rule the rows use
    keys = zip(*[[text_of(cells[i]) for i in lines] for cells in key_cells]) if key_cells \
        else ((d,) for d in columns.descriptions)
    group_of: dict[tuple, int] = {}
    groups = np.fromiter((group_of.setdefault(k, len(group_of)) for k in keys),
                         dtype=np.int64, count=len(lines))
    distinct_years = sorted(set(years.tolist()))
    year_index = np.searchsorted(distinct_years, years)
    amounts = np.zeros((len(group_of), len(distinct_years)))
    np.add.at(amounts, (groups, year_index), columns.amounts[:, 0])
    errors = np.zeros(amounts.shape, dtype=bool)
    if columns.amount_errors is not None:
        np.logical_or.at(errors, (groups, year_index), columns.amount_errors.any(axis=1))
    amounts[errors] = 0.0
    first = np.unique(groups, return_index=True)[1]
    filled = len(set(zip(groups.tolist(), year_index.tolist())))
    pivoted = LineColumns(
        years=list(distinct_years), amounts=amounts, codes=_take(columns.codes, first),
        descriptions=_take(columns.descriptions, first),
        organisations=_take(columns.organisations, first), cofog=_take(columns.cofog, first),
        buckets=_take(columns.buckets, first), subcategories=_take(columns.subcategories, first),
        shares=_take(columns.shares, first), rationales=_take(columns.rationales, first),
        source_rows=_take(columns.source_rows, first), amount_errors=errors,
        problems=_problems(columns.problems, groups, years))
    return pivoted, len(lines) - filled


def _take(values, first: np.ndarray):
    if values is None:
        return None
    if isinstance(values, np.ndarray):
        return values[first]
    return [values[i] for i in first]


def _problems(problems: dict[int, list[CellProblem]], groups: np.ndarray,
              years: np.ndarray) -> dict[int, list[CellProblem]]:
    """Each row's unreadable cells, on its line, with the row's year for an amount."""
    moved: dict[int, list[CellProblem]] = {}
    for line, found in problems.items():
        for problem in found:
            if problem.field == CellProblem.AMOUNT:
                problem = dataclasses.replace(problem, year=int(years[line]))
            moved.setdefault(int(groups[line]), []).append(problem)
    return moved
