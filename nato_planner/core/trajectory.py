"""The path to 2035: budget years as imported, planned years after them, the credible path.

Planned years (after the last budget year up to the target year) carry money per category
slot, not per line, so the whole trajectory costs a few small-array operations per year:
each planned slot starts from a baseline (the last earlier budget year's counted money in
that slot, grown at `spending_growth_pct` a year) and can be set per (year, slot) by the
commands in planning_commands.py. Every figure still comes from pledge.year_figures.

The credible path (DOMAIN.md, our default, user-adjustable): a straight line from the
baseline year's counted % to the 5% target in 2035, and from its core % to 3.5%. The baseline
year is `PlanningAssumptions.path_baseline_year`, or by default the first budget year that
has a GDP (the earliest figure a delegation can defend). A year is *on the path* when both
its counted % and its core % are at or above their lines: 5% made of uncounted security money
or a core share that stalls is not a credible path to the 3.5% floor.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from .pledge import YearFigures, credible_path_pct, is_on_path, year_figures
from .taxonomy import (
    CORE_SLOTS, EQUIPMENT_SLOT, NO_SUBCATEGORY, NOT_COUNTED_SLOT, SECURITY_SLOTS, SLOTS,
    SUBCATEGORIES, UNCLASSIFIED_SLOT, Bucket, Slot,
)

if TYPE_CHECKING:
    from .plan import Plan


@dataclass
class PlanningAssumptions:
    """What the planned years rest on; every value is editable through a command."""

    gdp_growth_pct: float = 3.0  # nominal GDP growth a year, for years without workbook GDP
    spending_growth_pct: float = 0.0  # growth a year of the baseline money per slot
    inflation_pct: float = 2.0  # GDP deflator rise a year: real growth of counted spending
    path_baseline_year: int | None = None  # None: first budget year with a GDP
    planned_amounts: dict[tuple[int, int], float] = field(default_factory=dict)  # (year, slot)
    held_slots: set[tuple[int, int]] = field(default_factory=set)  # (year, slot) kept by spreads


@dataclass(frozen=True)
class TrajectoryYear:
    year: int
    planned: bool  # True: a planning year after the budget's own years
    figures: YearFigures
    path_counted_pct: float | None
    path_core_pct: float | None
    on_path: bool | None  # None when the year or the baseline has no GDP


# --- years ---------------------------------------------------------------------------------
def trajectory_years(plan: Plan) -> list[int]:
    """Every year from the first budget year to the target year (or the last budget year)."""
    if not plan.years:
        return []
    last = max(max(plan.years), plan.targets.target_year)
    return list(range(min(plan.years), last + 1))


def is_planned_year(plan: Plan, year: int) -> bool:
    return bool(plan.years) and year not in plan.years and year > min(plan.years)


def planned_years(plan: Plan) -> list[int]:
    return [y for y in trajectory_years(plan) if is_planned_year(plan, y)]


# --- GDP -----------------------------------------------------------------------------------
def gdp_for(plan: Plan, year: int) -> float | None:
    """Workbook (or user-set) GDP; for planned years without one, the nearest known GDP
    grown (or shrunk, going back) at the nominal growth assumption."""
    known = plan.budget.gdp
    if year in known or not is_planned_year(plan, year):
        return known.get(year)
    if not known:
        return None
    earlier = [y for y in known if y < year]
    base = max(earlier) if earlier else min(known)
    growth = 1.0 + plan.planning.gdp_growth_pct / 100.0
    return known[base] * growth ** (year - base)


def is_gdp_projected(plan: Plan, year: int) -> bool:
    """True when the year's GDP comes from the growth assumption, not from a figure."""
    return year not in plan.budget.gdp and gdp_for(plan, year) is not None


# --- money per slot -----------------------------------------------------------------------
def baseline_slot_totals(plan: Plan, year: int) -> np.ndarray:
    """A planned year's starting point: the last earlier budget year grown at spending growth."""
    source = max(y for y in plan.years if y < year)
    growth = 1.0 + plan.planning.spending_growth_pct / 100.0
    return plan.budget.slot_totals(source) * growth ** (year - source)


def slot_totals_for(plan: Plan, year: int) -> np.ndarray:
    """Counted money per slot (taxonomy.SLOTS) in any trajectory year."""
    if not is_planned_year(plan, year):
        return plan.budget.slot_totals(year)
    totals = baseline_slot_totals(plan, year)
    for (y, slot), amount in plan.planning.planned_amounts.items():
        if y == year:
            totals[slot] = amount
    return totals


def figures_for(plan: Plan, year: int) -> YearFigures:
    """The engine's figures for a budget year or a planned year."""
    if not is_planned_year(plan, year):
        return plan.figures(year)
    return _figures_of_slots(plan, year, slot_totals_for(plan, year))


def _figures_of_slots(plan: Plan, year: int, column: np.ndarray) -> YearFigures:
    return year_figures(
        year, gdp_for(plan, year), core=float(column[CORE_SLOTS].sum()),
        security=float(column[SECURITY_SLOTS].sum()),
        not_counted=float(column[NOT_COUNTED_SLOT]),
        unclassified=float(column[UNCLASSIFIED_SLOT]),
        equipment=float(column[EQUIPMENT_SLOT]), targets=plan.targets)


def category_total(plan: Plan, year: int, bucket: Bucket, subcategory: int | None) -> float:
    """Counted money of a bucket (subcategory None) or of one of its slots in any year."""
    totals = slot_totals_for(plan, year)
    if subcategory is None:
        return float(totals[bucket_slots(bucket)].sum())
    return float(totals[SLOTS.index(Slot(Bucket(bucket), subcategory))])


def bucket_slots(bucket: Bucket) -> list[int]:
    """The slots a bucket's total is made of (core or security-related)."""
    return [i for i, s in enumerate(SLOTS) if s.bucket == bucket]


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
        if year not in trajectory_years(plan):
            continue
        f = figures_for(plan, year)
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
    """Every year from the first budget year to 2035 with its figures and the path."""
    baseline = path_baseline(plan)
    rows = []
    for year in trajectory_years(plan):
        figures = figures_for(plan, year)
        path = path_pcts(plan, year, baseline)
        rows.append(TrajectoryYear(
            year, is_planned_year(plan, year), figures,
            None if path is None else path[0], None if path is None else path[1],
            _on_path(figures, path)))
    return rows


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
    if is_planned_year(plan, year):
        held = plan.planning.held_slots
        return any((year, s) not in held for s in bucket_slots(bucket))
    lines = category_lines(plan, bucket)
    b = plan.budget
    return bool((~b.holds[lines] & (b.shares[lines] > 0)).any())


# --- close the gap ----------------------------------------------------------------------------
@dataclass(frozen=True)
class GapStep:
    """What one year needs to reach the credible path, and the figures it would then have."""

    year: int
    planned: bool
    core_before: float
    security_before: float
    extra_core: float
    extra_security: float
    after: YearFigures
    note: str = ""  # why a part could not go where the rule wanted it

    @property
    def feasible(self) -> bool:
        return self.extra_core >= 0 and not self.note.startswith("Cannot")


@dataclass(frozen=True)
class GapProposal:
    steps: tuple[GapStep, ...]

    @property
    def extra_total(self) -> float:
        return sum(s.extra_core + s.extra_security for s in self.steps if s.feasible)


def _ceil_cent(x: float) -> float:
    return float(np.ceil(round(x * 100.0, 6)) / 100.0)


def _floor_cent(x: float) -> float:
    return float(np.floor(round(x * 100.0, 6)) / 100.0)


def close_the_gap_proposal(plan: Plan) -> GapProposal:
    """For every year below the credible path after the baseline: the extra money that puts
    it on the path. Rule: first raise core to the core path (the 3.5% floor is what must be
    reached by 2035), then fill security-related spending up to the 1.5% ceiling, then put
    what is still missing on core (security money above the ceiling would not count)."""
    baseline = path_baseline(plan)
    steps = []
    for row in trajectory(plan):
        if row.on_path is False and baseline is not None and row.year > baseline.year:
            steps.append(_gap_step(plan, row))
    return GapProposal(tuple(steps))


def _gap_step(plan: Plan, row: TrajectoryYear) -> GapStep:
    f, t = row.figures, plan.targets
    gdp = f.gdp or 0.0
    cap = _floor_cent(t.security_ceiling_pct / 100.0 * gdp)
    core = max(f.core, _ceil_cent(row.path_core_pct / 100.0 * gdp))
    security, note = f.security, ""
    need = row.path_counted_pct / 100.0 * gdp - (core + min(security, cap))
    if need > 0 and security < cap:
        if can_change_total(plan, row.year, Bucket.SECURITY):
            security = min(_ceil_cent(security + need), max(cap, security))
        else:
            note = "No free security-related line to raise: the whole gap goes to core."
    need = row.path_counted_pct / 100.0 * gdp - (core + min(security, cap))
    if need > 0:
        core = _ceil_cent(core + need)
    if core > f.core and not can_change_total(plan, row.year, Bucket.CORE):
        note = "Cannot raise core: every core line is held or there is none; skipped."
    after = year_figures(row.year, f.gdp, core, security, f.not_counted, f.unclassified,
                         f.equipment * (core / f.core if f.core else 0.0), t)
    return GapStep(row.year, row.planned, f.core, f.security, core - f.core,
                   security - f.security, after, note)


def path_shortfall(row: TrajectoryYear) -> tuple[float, float] | None:
    """(counted money, core money) a year lacks to reach its path line; None without GDP."""
    f = row.figures
    if row.path_counted_pct is None or f.gdp is None:
        return None
    counted_short = max(0.0, row.path_counted_pct / 100.0 * f.gdp - f.counted)
    core_short = max(0.0, row.path_core_pct / 100.0 * f.gdp - f.core)
    return counted_short, core_short


def pct_of_gdp(amount: float, gdp: float | None) -> float | None:
    """An amount as % of a year's GDP (a dragged sub-category, a proposal line)."""
    return None if not gdp else 100.0 * amount / gdp


def gap_pcts(figures: YearFigures) -> tuple[float, float, float] | None:
    """The three gaps (core floor, security ceiling, 5% total) in % of GDP; None without GDP."""
    if not figures.gdp:
        return None
    return tuple(100.0 * gap / figures.gdp for gap in
                 (figures.core_gap, figures.security_gap, figures.total_gap))
