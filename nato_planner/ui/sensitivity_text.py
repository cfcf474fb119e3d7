"""The GDP sensitivity readout in words (every figure from core.sensitivity)."""
from __future__ import annotations

from ..core.money import money_text
from ..core.plan import Plan
from ..core.sensitivity import growth_sensitivity


def _pct(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.2f}%"


def sensitivity_lines(plan: Plan, points: float = 1.0) -> list[str]:
    """What +0.1 pp of GDP costs (first budget year and target year), and the target year's
    counted % and gap as planned and with GDP growing a point faster or slower."""
    if not plan.years:
        return []
    currency = plan.budget.source.currency
    rows = {r.year: r for r in growth_sensitivity(plan, points)}
    first, last = rows[plan.years[0]], rows[plan.trajectory_years[-1]]
    costs = " · ".join(f"{r.year}: {money_text(r.money_per_tenth_point, currency)}"
                       for r in (first, last))
    return [
        f"+0.1 percentage point of GDP costs {costs}.",
        f"{last.year} as planned: counted {_pct(last.counted_pct)} of GDP (core "
        f"{_pct(last.core_pct)}), gap {money_text(last.total_gap, currency)}.",
        f"GDP growing {points:g} point faster: counted {_pct(last.counted_pct_faster)}, gap "
        f"{money_text(last.total_gap_faster, currency)} · {points:g} point slower: counted "
        f"{_pct(last.counted_pct_slower)}, gap {money_text(last.total_gap_slower, currency)}.",
    ]
