"""Where the export puts back the cells the importer could not read, so a round trip is honest.

The budget keeps each unusable cell's original text (core.budget.CellProblem). The export
writes it back where it came from, as text: an unreadable amount into its year, a bad counted
share into the share column, an unknown classification or sub-category into its column.
Reading the plan back then reports the same errors and leaves the same lines out of every
total. A cell the plan has fixed since (a typed amount, a new classification) is not put back.
A flagged amount with no recorded text (a budget built in code) gets the marker "unreadable":
the line stays out of every total, never silently zeroed.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..core.budget import Budget, CellProblem
from ..core.claims import Risk
from ..core.taxonomy import NO_SUBCATEGORY, Bucket


@dataclass(frozen=True)
class SheetColumns:
    """0-based columns of the Line items sheet."""

    classification: int
    subcategory: int
    share: int
    first_year: int
    risk: int | None = None


def _still_there(budget: Budget, line: int, problem: CellProblem) -> bool:
    if problem.field == CellProblem.AMOUNT:
        return (problem.year in budget.years
                and bool(budget.amount_errors[line, budget.year_index(problem.year)]))
    if problem.field == CellProblem.SHARE:
        return bool(budget.excluded[line])
    if problem.field == CellProblem.CLASSIFICATION:
        return budget.buckets[line] == Bucket.UNCLASSIFIED
    if problem.field == CellProblem.RISK:
        return budget.risks[line] == Risk.NONE
    return budget.subcategories[line] == NO_SUBCATEGORY


def _column(budget: Budget, problem: CellProblem, columns: SheetColumns) -> int | None:
    if problem.field == CellProblem.AMOUNT:
        return columns.first_year + budget.year_index(problem.year)
    return {CellProblem.SHARE: columns.share,
            CellProblem.CLASSIFICATION: columns.classification,
            CellProblem.RISK: columns.risk,
            CellProblem.SUBCATEGORY: columns.subcategory}[problem.field]


UNREADABLE = "unreadable"


def _unexplained(budget: Budget, line: int, columns: SheetColumns,
                 explained: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Flagged amount cells no recorded problem accounts for."""
    if any(column == columns.share for column, _ in explained):
        return []  # a bad share already keeps the whole line out
    taken = {column for column, _ in explained}
    flagged = columns.first_year + np.flatnonzero(budget.amount_errors[line])
    return [(int(c), UNREADABLE) for c in flagged if c not in taken]


def unreadable_cells(budget: Budget, columns: SheetColumns) -> dict[int, list[tuple[int, str]]]:
    """line -> [(column, original text)] to write as text over the line's normal cells."""
    cells: dict[int, list[tuple[int, str]]] = {}
    lines = set(budget.problems) | set(np.flatnonzero(budget.excluded).tolist())
    for line in sorted(lines):
        found = [(_column(budget, p, columns), p.text) for p in budget.problems.get(line, [])
                 if _still_there(budget, line, p) and _column(budget, p, columns) is not None]
        found += _unexplained(budget, line, columns, found)
        if found:
            cells[int(line)] = found
    return cells
