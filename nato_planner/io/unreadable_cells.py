"""Where the export puts back the cells the importer could not read, so a round trip is honest.

A budget keeps, per line, the importer's first message, not the raw cells:
"Row 109, column '2027 Plan': 'approx. 12' is not a number; ...". From it the export writes the original
text back into the cell it came from: an unreadable amount into its year, a bad counted share
into the share column (the amounts stay numbers), an unknown classification or sub-category
into its column. Reading the plan back then reports the same errors and leaves the same lines
out of every total. Lines still excluded with no usable message get the marker "unreadable" in their flagged
amount cells (in the share cell when the whole line is flagged, so its amounts survive): they
stay excluded and are never silently zeroed.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from ..core.budget import Budget
from ..core.taxonomy import NO_SUBCATEGORY, Bucket
from .column_roles import ColumnRole, role_of, year_in

UNREADABLE = "unreadable"
_MESSAGE = re.compile(r"column '(?P<column>.*?)': '(?P<text>.*)' is ")


@dataclass(frozen=True)
class SheetColumns:
    """0-based columns of the Line items sheet."""

    classification: int
    subcategory: int
    share: int
    first_year: int


def _parsed(message: str) -> tuple[ColumnRole | None, int | None, str] | None:
    found = _MESSAGE.search(message)
    if not found:
        return None
    column = found.group("column")
    return role_of(column), year_in(column), found.group("text")


def _excluded_cells(budget: Budget, line: int, columns: SheetColumns,
                    parsed) -> list[tuple[int, str]]:
    """Text cells that keep an excluded line excluded when the plan is read back."""
    flagged = np.flatnonzero(budget.amount_errors[line]).tolist()
    role, year, text = parsed or (None, None, UNREADABLE)
    if role == ColumnRole.SHARE:
        return [(columns.share, text)]
    if role == ColumnRole.AMOUNT and year in budget.years:
        named = budget.year_index(year)
        return [(columns.first_year + yi, text if yi == named else UNREADABLE)
                for yi in flagged]
    if len(flagged) == len(budget.years):  # a whole-line problem (a share): keep the amounts
        return [(columns.share, UNREADABLE)]
    return [(columns.first_year + yi, UNREADABLE) for yi in flagged]


def _kept_cells(budget: Budget, line: int, columns: SheetColumns,
                parsed) -> list[tuple[int, str]]:
    """An unknown classification or sub-category the plan has not replaced since."""
    if parsed is None:
        return []
    role, _year, text = parsed
    if role == ColumnRole.CLASSIFICATION and budget.buckets[line] == Bucket.UNCLASSIFIED:
        return [(columns.classification, text)]
    if role == ColumnRole.SUBCATEGORY and budget.subcategories[line] == NO_SUBCATEGORY:
        return [(columns.subcategory, text)]
    return []


def unreadable_cells(budget: Budget, columns: SheetColumns) -> dict[int, list[tuple[int, str]]]:
    """line -> [(column, text)] to write as text over the line's normal cells."""
    cells: dict[int, list[tuple[int, str]]] = {}
    excluded = budget.excluded
    for line in set(budget.error_messages) | set(np.flatnonzero(excluded).tolist()):
        parsed = _parsed(budget.error_messages.get(line, ""))
        found = _kept_cells(budget, line, columns, parsed)
        if excluded[line]:
            found += _excluded_cells(budget, line, columns, parsed)
        if found:
            cells[int(line)] = found
    return cells
