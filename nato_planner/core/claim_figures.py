"""The claim figures of any trajectory year: the at-risk band and core by NATO category.

Budget years read the budget's incremental totals (all lines, and high-risk lines alone);
a planned year scales each slot's high-risk money with the slot itself (a slot planned at
twice its baseline keeps the same high-risk part of it). The arithmetic is pledge.py's.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from .pledge import ClaimFigures, claim_figures
from .trajectory import (
    gdp_for, is_planned_year, slot_totals_for, trajectory_years,
)

if TYPE_CHECKING:
    from .plan import Plan


def high_risk_slot_totals_for(plan: "Plan", year: int) -> np.ndarray:
    """Counted money of high-risk lines per slot in a budget or planned year."""
    budget = plan.budget
    if not is_planned_year(plan, year):
        return budget.high_risk_slot_totals(year)
    source = max(y for y in plan.years if y < year)
    planned = slot_totals_for(plan, year)
    source_totals = budget.slot_totals(source)
    source_high = budget.high_risk_slot_totals(source)
    # the high-risk fraction of each slot in the source year, carried to the planned money
    fraction = np.divide(source_high, source_totals, out=np.zeros_like(source_high),
                         where=source_totals != 0)
    return planned * fraction


def claim_figures_for(plan: "Plan", year: int) -> ClaimFigures:
    return claim_figures(year, gdp_for(plan, year), slot_totals_for(plan, year),
                         high_risk_slot_totals_for(plan, year), plan.targets)


def all_claim_figures(plan: "Plan") -> list[ClaimFigures]:
    """Budget years only: what `report --json` lists under `years`."""
    return [claim_figures_for(plan, y) for y in plan.years]


def trajectory_claim_figures(plan: "Plan") -> list[ClaimFigures]:
    return [claim_figures_for(plan, y) for y in trajectory_years(plan)]
