"""A plan: the imported budget, the pledge targets, the audit log and planning assumptions.

`Plan` is the ONE source of figures, for every year from the first budget year to the target
year, budget or planned. The table, the charts, `report`, the export and close-the-gap all ask
it; nothing else turns money into pledge figures (pledge.py holds the arithmetic, Plan feeds
it).

API (for views; edits go through commands in core/commands.py and core/planning_commands.py):

    plan.years                   # the budget's own fiscal years, e.g. [2025, 2026]
    plan.trajectory_years        # first budget year .. target year, e.g. 2025..2035
    plan.planned_years           # trajectory years that are not budget years
    plan.is_planned_year(2030)   # True
    plan.figures(2030)           # pledge.YearFigures of ANY trajectory year
    plan.trajectory_figures()    # [YearFigures] for every trajectory year
    plan.gdp(2030)               # GDP used for 2030 (workbook, chosen series or projection)
    plan.gdp_basis(2030)         # 'workbook' | 'series' | 'projected' | None
    plan.slot_totals(2030)       # counted money per taxonomy.SLOTS slot (a copy)
    plan.category_total(2030, Bucket.CORE, None)
    plan.real_growth_pct(2030)   # counted money growth over 2029, deflated; None for the first
    plan.claim_figures(2030)     # pledge.ClaimFigures: the at-risk band, core by NATO category
    plan.targets                 # pledge.PledgeTargets: floor, ceiling, total, years, guideline
    plan.snapshot()              # an immutable copy for export or a background task

The path, the gap table and sensitivity live in core/trajectory.py and core/sensitivity.py
(they import Plan; Plan imports neither: no cycle).
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .assumptions import PlanningAssumptions
from .audit import AuditRecord
from .budget import Budget
from .errors import PlannerError
from .money import display_scale
from .pledge import (
    DEFAULT_TARGETS, ClaimFigures, PledgeTargets, YearFigures, claim_figures, year_figures,
)
from .taxonomy import (
    CORE_SLOTS, EQUIPMENT_SLOT, NOT_COUNTED_SLOT, SECURITY_SLOTS, SLOTS, UNCLASSIFIED_SLOT,
    Bucket, Slot,
)


class YearOutsidePlan(PlannerError, KeyError):
    """A year before the first budget year or after the target year."""

    def __str__(self) -> str:  # KeyError would quote the sentence
        return str(self.args[0]) if self.args else ""


@dataclass
class Plan:
    budget: Budget
    targets: PledgeTargets = DEFAULT_TARGETS
    audit: list[AuditRecord] = field(default_factory=list)
    planning: PlanningAssumptions = field(default_factory=PlanningAssumptions)
    # the smallest step a spread or close-the-gap moves: the unit the budget is shown in
    # (1e6 for a table in EUR million), so planning never leaves cents a delegate cannot see
    display_unit: float | None = None

    def __post_init__(self) -> None:
        if self.display_unit is None:
            self.display_unit = display_scale(self.budget.source.scale)

    # --- years -----------------------------------------------------------------------------
    @property
    def years(self) -> list[int]:
        """The budget's own fiscal years (the workbook's amount columns)."""
        return self.budget.years

    @property
    def first_year(self) -> int | None:
        return min(self.years) if self.years else None

    @property
    def trajectory_years(self) -> list[int]:
        """Every year from the first budget year to the target year (or the last budget year)."""
        if not self.years:
            return []
        last = max(max(self.years), self.targets.target_year)
        return list(range(min(self.years), last + 1))

    @property
    def planned_years(self) -> list[int]:
        return [y for y in self.trajectory_years if self.is_planned_year(y)]

    def is_planned_year(self, year: int) -> bool:
        """A year after the first budget year that has no column in the budget."""
        return bool(self.years) and year not in self.budget.year_set and year > min(self.years)

    def has_year(self, year: int) -> bool:
        return year in self.budget.year_set or (
            bool(self.years) and min(self.years) <= year <= self.trajectory_years[-1])

    def _check_year(self, year: int) -> None:
        if not self.has_year(year):
            span = (f"{self.trajectory_years[0]}-{self.trajectory_years[-1]}" if self.years
                    else "none: the budget has no year")
            raise YearOutsidePlan(f"{year} is outside the plan (years {span}).")

    # --- GDP -------------------------------------------------------------------------------
    def known_gdp(self) -> dict[int, float]:
        """GDP figures (not projections): the workbook's or typed ones, with a chosen series'
        figures in their place for the years the series covers."""
        known = dict(self.budget.gdp)
        if self.planning.gdp_series is not None:
            known.update(self.planning.gdp_series.values)
        return known

    def gdp(self, year: int) -> float | None:
        """GDP of a year: a figure when there is one; for a planned year without one, the
        nearest earlier figure grown at each year's nominal growth (or the earliest figure
        shrunk back, when the plan has none before)."""
        known = self.known_gdp()
        if year in known or not self.is_planned_year(year):
            return known.get(year)
        if not known:
            return None
        earlier = [y for y in known if y < year]
        base = max(earlier) if earlier else min(known)
        value = known[base]
        for y in range(base + 1, year + 1):
            value *= 1.0 + self.planning.gdp_growth_for(y) / 100.0
        for y in range(year + 1, base + 1):  # going back from a later figure
            value /= 1.0 + self.planning.gdp_growth_for(y) / 100.0
        return value

    def gdp_of(self, year: int) -> float | None:
        """The GDP figure stored for a year (workbook or typed), never a projection."""
        return self.budget.gdp.get(year)

    def gdp_basis(self, year: int) -> str | None:
        """'workbook' (or typed), 'series' (the chosen GDP series), 'projected', or None."""
        series = self.planning.gdp_series
        if series is not None and year in series.values:
            return "series"
        if year in self.budget.gdp:
            return "workbook"
        return "projected" if self.gdp(year) is not None else None

    def is_gdp_projected(self, year: int) -> bool:
        return self.gdp_basis(year) == "projected"

    def set_gdp(self, year: int, value: float | None) -> None:
        """Called by the SetGdp command only."""
        self.budget.set_gdp(year, value)

    # --- money per slot --------------------------------------------------------------------
    def baseline_slot_totals(self, year: int) -> np.ndarray:
        """A planned year's starting point: the last earlier budget year's counted money per
        slot, grown at each year's (and slot's) spending growth."""
        source = max(y for y in self.years if y < year)
        totals = self.budget.slot_totals(source)
        p = self.planning
        if not (p.spending_growth_by_year or p.spending_growth_by_slot
                or p.spending_growth_by_year_slot):  # one rate: no per-year loop
            return totals * (1.0 + p.spending_growth_pct / 100.0) ** (year - source)
        for y in range(source + 1, year + 1):
            rates = np.array([self.planning.spending_growth_for(y, s) for s in range(len(SLOTS))])
            totals = totals * (1.0 + rates / 100.0)
        return totals

    def slot_totals(self, year: int) -> np.ndarray:
        """Counted money per slot (taxonomy.SLOTS) in any trajectory year; a copy."""
        self._check_year(year)
        if not self.is_planned_year(year):
            return self.budget.slot_totals(year)
        totals = self.baseline_slot_totals(year)
        for (y, slot), amount in self.planning.planned_amounts.items():
            if y == year:
                totals[slot] = amount
        return totals

    def category_total(self, year: int, bucket: Bucket, subcategory: int | None) -> float:
        """Counted money of a bucket (subcategory None) or of one of its slots in any year."""
        totals = self.slot_totals(year)
        if subcategory is None:
            return float(totals[bucket_slots(bucket)].sum())
        return float(totals[SLOTS.index(Slot(Bucket(bucket), subcategory))])

    # --- figures ---------------------------------------------------------------------------
    def figures(self, year: int) -> YearFigures:
        """The pledge figures of any year from the first budget year to the target year."""
        column = self.slot_totals(year)
        return year_figures(
            year, self.gdp(year), core=float(column[CORE_SLOTS].sum()),
            security=float(column[SECURITY_SLOTS].sum()),
            not_counted=float(column[NOT_COUNTED_SLOT]),
            unclassified=float(column[UNCLASSIFIED_SLOT]),
            equipment=float(column[EQUIPMENT_SLOT]), targets=self.targets)

    def figures_if(self, year: int, core: float | None = None,
                   security: float | None = None) -> YearFigures:
        """A year's figures if its core and/or security-related money were these (the live
        readout while a bar is dragged); nothing changes."""
        f = self.figures(year)
        core = f.core if core is None else core
        equipment = f.equipment * (core / f.core) if f.core else 0.0
        return year_figures(year, f.gdp, core, f.security if security is None else security,
                            f.not_counted, f.unclassified, equipment, self.targets)

    def high_risk_slot_totals(self, year: int) -> np.ndarray:
        """Counted money of high-risk lines per slot in any year: a planned year carries each
        slot's high-risk fraction of its last budget year to the slot's planned money."""
        self._check_year(year)
        budget = self.budget
        if not self.is_planned_year(year):
            return budget.high_risk_slot_totals(year)
        source = max(y for y in self.years if y < year)
        source_totals, source_high = budget.slot_totals(source), budget.high_risk_slot_totals(source)
        fraction = np.divide(source_high, source_totals, out=np.zeros_like(source_high),
                             where=source_totals != 0)
        return self.slot_totals(year) * fraction

    def claim_figures(self, year: int) -> ClaimFigures:
        """The at-risk band and core by NATO category of any trajectory year."""
        return claim_figures(year, self.gdp(year), self.slot_totals(year),
                             self.high_risk_slot_totals(year), self.targets)

    def all_figures(self) -> list[YearFigures]:
        """The budget years' figures (report's `years`)."""
        return [self.figures(y) for y in self.years]

    def trajectory_figures(self) -> list[YearFigures]:
        """Every trajectory year's figures, first budget year to the target year."""
        return [self.figures(y) for y in self.trajectory_years]

    def real_growth_pct(self, year: int, figures: YearFigures | None = None,
                        previous: YearFigures | None = None) -> float | None:
        """Growth of counted money over the year before, deflated by the GDP deflator
        (DOMAIN.md): 100 x ((counted(y) / counted(y-1)) / (1 + d) - 1); None for the first
        year or when the year before counted nothing."""
        if not self.has_year(year - 1):
            return None
        now = figures or self.figures(year)
        before = previous or self.figures(year - 1)
        if before.counted <= 0:
            return None
        deflator = 1.0 + self.planning.inflation_for(year) / 100.0
        return 100.0 * ((now.counted / before.counted) / deflator - 1.0)

    # --- background work -------------------------------------------------------------------
    def snapshot(self) -> "Plan":
        """An immutable copy (read-only arrays) that later edits cannot change: what an export
        or any background task reads, so edits during the export cannot race it."""
        return Plan(self.budget.frozen_copy(), self.targets, list(self.audit),
                    self.planning.copy(), self.display_unit)

    def working_copy(self) -> "Plan":
        """A scratch copy commands may edit without touching this plan (a dry run)."""
        return Plan(self.budget.frozen_copy(frozen=False), self.targets, list(self.audit),
                    self.planning.copy(), self.display_unit)


def bucket_slots(bucket: Bucket) -> list[int]:
    """The slots a bucket's total is made of (core or security-related)."""
    return [i for i, s in enumerate(SLOTS) if s.bucket == bucket]
