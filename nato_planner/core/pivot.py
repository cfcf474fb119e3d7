"""Subtotals for briefing: the budget's money per organisation, sub-category, NATO category or
bucket and per year, with the lines behind each subtotal (drill-down).

pandas does the group-by (one vectorised pass over 100k lines). Lines with an unreadable
amount stay out, as in every total. "Counted" is each line's amount times its counted share
for core and security-related lines, before the security-related ceiling (which applies to a
year's total, not to a line: the pledge figures themselves come from pledge.py).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np
import pandas as pd

from .plan import Plan
from .taxonomy import BUCKET_LABELS, SUBCATEGORIES, Bucket

MEASURES = {"amount": "Amount as budgeted",
            "counted": "Counted money (amount x counted share, before the ceiling)"}


@dataclass(frozen=True)
class PivotTable:
    dimension: str
    measure: str
    years: list[int]
    groups: list[str]  # row labels, largest first in the last year
    values: np.ndarray  # money, shape (groups, years)
    line_counts: np.ndarray  # lines per group
    lines_of: dict[str, np.ndarray]  # group -> line indices, for drill-down

    @property
    def totals(self) -> np.ndarray:
        return self.values.sum(axis=0) if len(self.groups) else np.zeros(len(self.years))

    def frame(self) -> pd.DataFrame:
        """The table as a DataFrame (groups as rows, years as columns, a Lines column)."""
        frame = pd.DataFrame(self.values, index=pd.Index(self.groups, name=self.dimension),
                             columns=[str(y) for y in self.years])
        frame.insert(0, "Lines", self.line_counts)
        return frame


def _organisations(plan: Plan) -> np.ndarray:
    orgs = plan.budget.organisations.astype(str)
    return np.where(orgs == "", "(no organisation)", orgs)


def _buckets(plan: Plan) -> np.ndarray:
    labels = np.array([BUCKET_LABELS[b] for b in Bucket], dtype=object)
    return labels[plan.budget.buckets.astype(np.intp)]


def _subcategories(plan: Plan) -> np.ndarray:
    b = plan.budget
    labels = np.array([s.label for s in SUBCATEGORIES] + [""], dtype=object)
    subs = labels[b.subcategories.astype(np.intp)]  # -1 (none) reads the last, empty label
    buckets = _buckets(plan)
    return np.where(subs == "", buckets + ": no sub-category", subs).astype(object)


def _nato_categories(plan: Plan) -> np.ndarray:
    """NATO's Tables 8a/8b for core lines (equipment, personnel, infrastructure, other);
    every other line is outside NATO's core figures."""
    keys = {"equipment": "Equipment", "personnel": "Personnel",
            "infrastructure": "Infrastructure", "operations": "Other", "ukraine": "Other"}
    labels = np.array([keys[s.key] if s.bucket == Bucket.CORE else "" for s in SUBCATEGORIES]
                      + ["Unassigned (core, no sub-category)"], dtype=object)
    b = plan.budget
    core = b.buckets == int(Bucket.CORE)
    return np.where(core, labels[b.subcategories.astype(np.intp)], "Not core defence")


DIMENSIONS: dict[str, tuple[str, Callable[[Plan], np.ndarray]]] = {
    "organisation": ("Organisation", _organisations),
    "sub_category": ("Sub-category", _subcategories),
    "nato_category": ("NATO category", _nato_categories),
    "bucket": ("Classification", _buckets),
}


def line_money(plan: Plan, measure: str) -> np.ndarray:
    """Each line's money per year under `measure` (shape lines x years)."""
    b = plan.budget
    amounts = np.where(b.excluded[:, None], 0.0, b.amounts)
    if measure == "amount":
        return amounts
    counted = np.isin(b.buckets, (int(Bucket.CORE), int(Bucket.SECURITY)))
    return amounts * np.where(counted, b.shares, 0.0)[:, None]


def pivot_table(plan: Plan, dimension: str, measure: str = "amount") -> PivotTable:
    """Money per group and year; raises KeyError for an unknown dimension or measure."""
    label, groups_of = DIMENSIONS[dimension]
    if measure not in MEASURES:
        raise KeyError(measure)
    b = plan.budget
    keep = ~b.excluded
    frame = pd.DataFrame(line_money(plan, measure)[keep], columns=plan.years)
    frame["group"] = groups_of(plan)[keep]
    grouped = frame.groupby("group", sort=False)
    sums = grouped[plan.years].sum()
    if plan.years:
        sums = sums.sort_values(plan.years[-1], ascending=False, kind="stable")
    lines = np.flatnonzero(keep)
    lines_of = {name: lines[ix] for name, ix in grouped.indices.items()}
    groups = [str(g) for g in sums.index]
    return PivotTable(label, measure, list(plan.years), groups,
                      sums.to_numpy(dtype=float).reshape(len(groups), len(plan.years)),
                      np.array([len(lines_of[g]) for g in groups], dtype=np.int64),
                      {str(k): v for k, v in lines_of.items()})
