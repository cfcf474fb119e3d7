"""What the plan's figures rest on: the money behind +0.1 percentage point of GDP, and how the
path moves if the economy grows one point faster or slower.

API for views (pure queries; nothing changes):

    money_per_tenth_point(plan, 2030)     # money that is 0.1% of 2030 GDP (None: no GDP)
    rows = growth_sensitivity(plan)       # [GrowthSensitivity] per trajectory year:
    rows[i].counted_pct, .counted_pct_faster, .counted_pct_slower  (GDP growth +/- 1 point)
    rows[i].core_pct, .core_pct_faster, .core_pct_slower
    rows[i].total_gap, .total_gap_faster, .total_gap_slower

Only projected GDP moves: a workbook, typed or series figure stays what it is. Spending is
held as planned, so a faster-growing economy lowers the share of GDP the same money buys.
"""
from __future__ import annotations

from dataclasses import dataclass

from .plan import Plan

TENTH_OF_A_POINT = 0.1  # percentage points of GDP


def money_per_tenth_point(plan: Plan, year: int) -> float | None:
    """The money that adds 0.1 percentage point of GDP in `year`."""
    gdp = plan.gdp(year)
    return None if not gdp else TENTH_OF_A_POINT / 100.0 * gdp


@dataclass(frozen=True)
class GrowthSensitivity:
    year: int
    money_per_tenth_point: float | None
    counted_pct: float | None
    counted_pct_faster: float | None  # GDP growing `points` faster every projected year
    counted_pct_slower: float | None
    core_pct: float | None
    core_pct_faster: float | None
    core_pct_slower: float | None
    total_gap: float | None
    total_gap_faster: float | None
    total_gap_slower: float | None


def with_gdp_growth_shift(plan: Plan, points: float) -> Plan:
    """The same plan (sharing its budget, not changing it) with every GDP growth rate
    `points` percentage points higher."""
    planning = plan.planning.copy()
    planning.gdp_growth_pct += points
    planning.gdp_growth_by_year = {y: r + points for y, r in planning.gdp_growth_by_year.items()}
    return Plan(plan.budget, plan.targets, plan.audit, planning, plan.display_unit)


def growth_sensitivity(plan: Plan, points: float = 1.0) -> list[GrowthSensitivity]:
    """Every trajectory year's counted %, core % and total gap as planned, and with GDP
    growing `points` faster and slower."""
    faster, slower = with_gdp_growth_shift(plan, points), with_gdp_growth_shift(plan, -points)
    rows = []
    for year in plan.trajectory_years:
        now, up, down = plan.figures(year), faster.figures(year), slower.figures(year)
        rows.append(GrowthSensitivity(
            year, money_per_tenth_point(plan, year),
            now.counted_pct_gdp, up.counted_pct_gdp, down.counted_pct_gdp,
            now.core_pct_gdp, up.core_pct_gdp, down.core_pct_gdp,
            now.total_gap, up.total_gap, down.total_gap))
    return rows
