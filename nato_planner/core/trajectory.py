"""The path to 2035: every year's figures (from Plan), the credible path and the gap table.

API for views (all read-only queries; figures come from Plan.figures, the one source):

    rows = trajectory(plan)      # [TrajectoryYear] first budget year .. target year
    rows[i].figures              # pledge.YearFigures
    rows[i].path_counted_pct     # the credible path's counted % that year (None: no GDP)
    rows[i].on_path              # at or above both lines (None: no GDP)
    rows[i].real_growth_pct      # counted money growth over the year before, deflated
    table = gap_table(plan)      # [GapRow]: the compact "gap table to 2035"
    table[i].core_gap, .core_gap_pct, .security_room, .security_room_pct,
    table[i].total_gap, .total_gap_pct, .real_growth_pct, .on_path, .basis

The credible path (DOMAIN.md, our default, user-adjustable): a straight line from the
baseline year's counted % to the pledge total in the target year, and from its core % to the
core floor. The baseline year is `PlanningAssumptions.path_baseline_year`, or by default the
first budget year that has a GDP. A year is *on the path* when both its counted % and its
core % are at or above their lines: 5% made of uncounted security money or a core share that
stalls is not a credible path to the 3.5% floor.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .plan import Plan, bucket_slots
from .pledge import YearFigures, credible_path_pct, is_on_path
from .taxonomy import NO_SUBCATEGORY, SUBCATEGORIES, Bucket

__all__ = ["TrajectoryYear", "GapRow", "PathBaseline", "trajectory", "gap_table",
           "path_baseline", "path_pcts", "path_shortfall", "gap_pcts", "pct_of_gdp",
           "category_lines", "can_change_total", "bucket_slots"]


@dataclass(frozen=True)
class TrajectoryYear:
    year: int
    planned: bool  # True: a planning year after the budget's own years
    figures: YearFigures
    path_counted_pct: float | None
    path_core_pct: float | None
    on_path: bool | None  # None when the year or the baseline has no GDP
    real_growth_pct: float | None = None

    @property
    def basis(self) -> str:
        """'budget' or 'planned', as `report --json` spells it."""
        return "planned" if self.planned else "budget"


# --- the credible path ----------------------------------------------------------------------
@dataclass(frozen=True)
class PathBaseline:
    year: int
    counted_pct: float
    core_pct: float


def path_baseline(plan: Plan) -> PathBaseline | None:
    """The year the straight line starts from; None when no candidate year has a GDP."""
    chosen = plan.planning.path_baseline_year
    candidates = [chosen] if chosen is not None else sorted(plan.years)
    for year in candidates:
        if not plan.has_year(year):
            continue
        f = plan.figures(year)
        if f.counted_pct_gdp is not None and f.core_pct_gdp is not None:
            return PathBaseline(year, f.counted_pct_gdp, f.core_pct_gdp)
    return None


def path_pcts(plan: Plan, year: int, baseline: PathBaseline | None) -> tuple[float, float] | None:
    """(counted %, core %) of the credible path in `year`."""
    if baseline is None:
        return None
    t = plan.targets
    return (credible_path_pct(year, baseline.year, baseline.counted_pct, t.total_pct,
                              t.target_year),
            credible_path_pct(year, baseline.year, baseline.core_pct, t.core_floor_pct,
                              t.target_year))


def _on_path(figures: YearFigures, path: tuple[float, float] | None) -> bool | None:
    if path is None or figures.counted_pct_gdp is None:
        return None
    return is_on_path(figures.counted_pct_gdp, path[0]) and is_on_path(figures.core_pct_gdp,
                                                                      path[1])


def trajectory(plan: Plan) -> list[TrajectoryYear]:
    """Every year from the first budget year to the target year with its figures and path."""
    baseline = path_baseline(plan)
    rows: list[TrajectoryYear] = []
    previous: YearFigures | None = None
    for year in plan.trajectory_years:
        figures = plan.figures(year)
        path = path_pcts(plan, year, baseline)
        growth = None if previous is None else plan.real_growth_pct(year, figures, previous)
        rows.append(TrajectoryYear(
            year, plan.is_planned_year(year), figures,
            None if path is None else path[0], None if path is None else path[1],
            _on_path(figures, path), growth))
        previous = figures
    return rows


# --- the gap table to 2035 --------------------------------------------------------------------
@dataclass(frozen=True)
class GapRow:
    """One row of the gap table: money and % of GDP (None without GDP)."""

    year: int
    basis: str  # 'budget' | 'planned'
    gdp: float | None
    core_gap: float | None  # to the core floor, never negative
    core_gap_pct: float | None
    security_room: float | None  # ceiling minus security-related, never negative
    security_room_pct: float | None
    total_gap: float | None  # to the pledge total (counted), never negative
    total_gap_pct: float | None
    real_growth_pct: float | None
    on_path: bool | None


def gap_table(plan: Plan, rows: list[TrajectoryYear] | None = None) -> list[GapRow]:
    """The compact table a delegate keeps in view: what each year lacks, to the target year."""
    table = []
    for row in rows if rows is not None else trajectory(plan):
        f = row.figures
        pcts = gap_pcts(f)
        table.append(GapRow(
            row.year, row.basis, f.gdp, f.core_gap, None if pcts is None else pcts[0],
            f.security_gap, None if pcts is None else pcts[1],
            f.total_gap, None if pcts is None else pcts[2], row.real_growth_pct, row.on_path))
    return table


def path_shortfall(row: TrajectoryYear) -> tuple[float, float] | None:
    """(counted money, core money) a year lacks to reach its path line; None without GDP."""
    f = row.figures
    if row.path_counted_pct is None or row.path_core_pct is None or f.gdp is None:
        return None
    counted_short = max(0.0, row.path_counted_pct / 100.0 * f.gdp - f.counted)
    core_short = max(0.0, row.path_core_pct / 100.0 * f.gdp - f.core)
    return counted_short, core_short


def pct_of_gdp(amount: float, gdp: float | None) -> float | None:
    """An amount as % of a year's GDP (a dragged sub-category, a proposal line)."""
    return None if not gdp else 100.0 * amount / gdp


def gap_pcts(figures: YearFigures) -> tuple[float, float, float] | None:
    """The three gaps (core floor, security ceiling, total) in % of GDP; None without GDP."""
    if not figures.gdp:
        return None
    gaps = (figures.core_gap, figures.security_gap, figures.total_gap)
    return tuple(100.0 * (gap or 0.0) / figures.gdp for gap in gaps)  # type: ignore[return-value]


# --- which lines a budget-year total is made of -------------------------------------------
def category_lines(plan: Plan, bucket: Bucket, subcategory: int | None = None) -> np.ndarray:
    """Lines (indices) whose counted money lands in a bucket, or in one of its slots.

    `subcategory` None means the whole bucket; taxonomy.NO_SUBCATEGORY means the bucket's
    "no sub-category" slot. Lines with an unreadable amount are left out, as in every total.
    """
    b = plan.budget
    mask = (b.buckets == int(bucket)) & ~b.excluded
    if subcategory is not None:
        valid = np.array([s.bucket == bucket for s in SUBCATEGORIES] + [False])
        subs = np.where(valid[b.subcategories], b.subcategories, NO_SUBCATEGORY)
        mask &= subs == subcategory
    return np.flatnonzero(mask)


def can_change_total(plan: Plan, year: int, bucket: Bucket) -> bool:
    """Whether a bucket's total in `year` has something free to move (a line or a slot)."""
    if plan.is_planned_year(year):
        held = plan.planning.held_slots
        return any((year, s) not in held for s in bucket_slots(bucket))
    lines = category_lines(plan, bucket)
    b = plan.budget
    return bool((~b.holds[lines] & (b.shares[lines] > 0)).any())
