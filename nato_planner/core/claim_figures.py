"""The claim figures of a plan's years: the at-risk band and core by NATO category.

Plan.claim_figures answers one year (budget years from the budget's incremental totals of
all lines and of high-risk lines; planned years carry each slot's high-risk fraction); the
arithmetic is pledge.py's. These helpers list them for report, the export and the charts.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from .pledge import ClaimFigures

if TYPE_CHECKING:
    from .plan import Plan


def claim_figures_for(plan: "Plan", year: int) -> ClaimFigures:
    return plan.claim_figures(year)


def all_claim_figures(plan: "Plan") -> list[ClaimFigures]:
    """Budget years only: what `report --json` lists under `years`."""
    return [plan.claim_figures(y) for y in plan.years]


def trajectory_claim_figures(plan: "Plan") -> list[ClaimFigures]:
    return [plan.claim_figures(y) for y in plan.trajectory_years]
