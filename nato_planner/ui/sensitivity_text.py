"""The GDP sensitivity readout in words (figures from core.sensitivity)."""
from __future__ import annotations

from ..core.money import money_text
from ..core.plan import Plan
from ..core.sensitivity import gdp_sensitivity, money_per_tenth_point
from .wording import count_text


def _pct(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.2f}%"


def sensitivity_lines(plan: Plan) -> list[str]:
    """Three lines: what +0.1 pp of GDP costs (first year and target year), and the target
    year's counted % and gap with GDP growing a point faster or slower."""
    if not plan.years:
        return []
    currency = plan.budget.source.currency
    s = gdp_sensitivity(plan)
    first = plan.years[0]
    costs = [f"{year}: {money_text(money_per_tenth_point(plan, year), currency)}"
             for year in (first, s.year)]
    total = len(plan.trajectory_years)
    return [
        f"+0.1 percentage point of GDP costs {' · '.join(costs)}.",
        f"{s.year} as planned: counted {_pct(s.counted_pct)} of GDP, gap "
        f"{money_text(s.total_gap, currency)}; {s.years_on_path} of {count_text(total, 'year')} "
        "on the path.",
        f"GDP growing {s.shift_points:g} point faster: {_pct(s.counted_pct_faster)}, gap "
        f"{money_text(s.total_gap_faster, currency)}, {count_text(s.years_on_path_faster, 'year')} "
        f"on the path · {s.shift_points:g} point slower: {_pct(s.counted_pct_slower)}, gap "
        f"{money_text(s.total_gap_slower, currency)}, {count_text(s.years_on_path_slower, 'year')} "
        "on the path.",
    ]
