"""What moves the path besides money: GDP. A delegate asks "what does +0.1 percentage point
of GDP cost?" and "where are we in the target year if GDP grows a point faster or slower?".

API for views (read-only; nothing here changes the plan):

    money_per_tenth_point(plan, 2030)      # 0.1% of 2030's GDP, in money; None without GDP
    s = gdp_sensitivity(plan)              # GdpSensitivity for the target year
    s.counted_pct, s.counted_pct_faster, s.counted_pct_slower
    s.total_gap, s.total_gap_faster, s.total_gap_slower
    s.years_on_path, s.years_on_path_faster, s.years_on_path_slower

A faster or slower GDP shifts every nominal growth rate (the plan-wide one and each year's)
by the same points, so only projected GDP moves: GDP the workbook or the chosen series gives
stays, as do the planned amounts of money.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

from .plan import Plan
from .trajectory import trajectory

TENTH_OF_A_POINT = 0.1  # percentage points of GDP


def money_per_tenth_point(plan: Plan, year: int) -> float | None:
    """The money +0.1 percentage point of GDP stands for in `year`."""
    gdp = plan.gdp(year)
    return None if not gdp else gdp * TENTH_OF_A_POINT / 100.0


def with_gdp_growth_shifted(plan: Plan, points: float) -> Plan:
    """The same plan with every nominal GDP growth rate `points` higher (a view: the budget
    is shared, nothing is copied or changed)."""
    planning = plan.planning.copy()
    planning.gdp_growth_pct += points
    planning.gdp_growth_by_year = {y: r + points for y, r in planning.gdp_growth_by_year.items()}
    return replace(plan, planning=planning)


@dataclass(frozen=True)
class GdpSensitivity:
    year: int
    money_per_tenth_point: float | None
    counted_pct: float | None
    counted_pct_faster: float | None
    counted_pct_slower: float | None
    total_gap: float | None
    total_gap_faster: float | None
    total_gap_slower: float | None
    years_on_path: int
    years_on_path_faster: int
    years_on_path_slower: int
    shift_points: float


def gdp_sensitivity(plan: Plan, year: int | None = None, points: float = 1.0) -> GdpSensitivity:
    """The target year (or `year`) as planned and with GDP growing `points` faster/slower."""
    year = plan.targets.target_year if year is None else year
    results = [_at(p, year) for p in (plan, with_gdp_growth_shifted(plan, points),
                                      with_gdp_growth_shifted(plan, -points))]
    (pct, gap, on), (pct_f, gap_f, on_f), (pct_s, gap_s, on_s) = results
    return GdpSensitivity(year, money_per_tenth_point(plan, year), pct, pct_f, pct_s,
                          gap, gap_f, gap_s, on, on_f, on_s, points)


def _at(plan: Plan, year: int) -> tuple[float | None, float | None, int]:
    rows = trajectory(plan)
    row = next((r for r in rows if r.year == year), None)
    on_path = sum(1 for r in rows if r.on_path)
    if row is None:
        return None, None, on_path
    return row.figures.counted_pct_gdp, row.figures.total_gap, on_path
