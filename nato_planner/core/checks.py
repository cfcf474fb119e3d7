"""Guardrails over a plan: what a committee would ask about, each with its year and its lines.

`plan_checks(plan)` is a pure function over the plan's figures (one small-array pass per
year), so the Checks panel can redraw on every edit of a 100,000-line budget; the lines behind
a check are found only when asked for (`Check.lines()`, one numpy pass), e.g. when the user
clicks it to select them in the table.
"""
from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable

import numpy as np

from .claim_figures import claim_figures_for
from .claims import Risk
from .money import money_text
from .pledge import share_of_counted_at_risk
from .taxonomy import SUBCATEGORY_INDEX, Bucket
from .trajectory import TrajectoryYear, trajectory

if TYPE_CHECKING:
    from .plan import Plan


class CheckKind(enum.Enum):
    EQUIPMENT = "Equipment below the guideline"
    REAL_DECLINE = "Counted spending falls in real terms"
    ABOVE_CEILING = "Security-related money above the ceiling"
    BELOW_PATH = "Below the credible path"
    HIGH_RISK = "High-risk claims above the alert share"
    UNCLASSIFIED = "Unclassified money left"


@dataclass(frozen=True)
class Check:
    kind: CheckKind
    year: int
    message: str  # one sentence with the figures and units
    lines_behind: str  # what selecting its lines shows, e.g. "the security-related lines"
    find_lines: Callable[[], np.ndarray] = field(compare=False, repr=False)

    def lines(self) -> np.ndarray:
        """The lines behind the check (empty for a planned year: it has no lines)."""
        return self.find_lines()


_NO_LINES = np.empty(0, dtype=np.intp)


def plan_checks(plan: "Plan") -> list[Check]:
    """Every guardrail that fails, year by year (budget years, then planned years)."""
    found: list[Check] = []
    rows = trajectory(plan) if plan.years else []
    previous: TrajectoryYear | None = None
    for row in rows:
        found += _year_checks(plan, row, previous)
        previous = row
    return found


def _year_checks(plan: "Plan", row: TrajectoryYear, previous: TrajectoryYear | None
                 ) -> list[Check]:
    checks = [_equipment(plan, row), _real_decline(plan, row, previous),
              _above_ceiling(plan, row), _below_path(plan, row), _high_risk(plan, row),
              _unclassified(plan, row)]
    return [c for c in checks if c is not None]


def _money(plan: "Plan", amount: float) -> str:
    return money_text(amount, plan.budget.source.currency)


# --- the lines behind a check (computed on demand) ------------------------------------------
def _lines_with_money(plan: "Plan", year: int, mask: np.ndarray) -> np.ndarray:
    b = plan.budget
    if plan.is_planned_year(year) or year not in b.year_set:
        return _NO_LINES
    money = b.amounts[:, b.year_index(year)] != 0
    return np.flatnonzero(mask & money & ~b.excluded)


def _bucket_lines(plan: "Plan", year: int, *buckets: Bucket) -> Callable[[], np.ndarray]:
    return lambda: _lines_with_money(plan, year, np.isin(plan.budget.buckets,
                                                         [int(b) for b in buckets]))


# --- the guardrails -----------------------------------------------------------------------------
def _equipment(plan: "Plan", row: TrajectoryYear) -> Check | None:
    f, guideline = row.figures, plan.targets.equipment_guideline_pct
    share = f.equipment_share_of_core
    if share is None or share >= guideline:
        return None
    short = guideline / 100.0 * f.core - f.equipment
    equipment = SUBCATEGORY_INDEX["equipment"]

    def lines() -> np.ndarray:
        b = plan.budget
        return _lines_with_money(plan, row.year, (b.buckets == Bucket.CORE)
                                 & (b.subcategories != equipment))
    return Check(CheckKind.EQUIPMENT, row.year,
                 f"Equipment is {share:.1f}% of core, below the {guideline:g}% guideline "
                 f"({_money(plan, short)} short).", "the core lines not marked Equipment", lines)


def _real_decline(plan: "Plan", row: TrajectoryYear, previous: TrajectoryYear | None
                  ) -> Check | None:
    if previous is None:
        return None
    deflator = plan.planning.inflation_for(row.year)
    growth = row.real_growth_pct
    if growth is None or growth >= 0:
        return None

    def lines() -> np.ndarray:
        b = plan.budget
        if row.year not in b.years or previous.year not in b.years:
            return _NO_LINES
        now = b.counted_money(np.arange(len(b)))
        fell = now[:, b.year_index(row.year)] < now[:, b.year_index(previous.year)]
        counts = np.isin(b.buckets, [int(Bucket.CORE), int(Bucket.SECURITY)])
        return np.flatnonzero(fell & counts & ~b.excluded)
    return Check(CheckKind.REAL_DECLINE, row.year,
                 f"Counted spending changes by {growth:+.1f}% in real terms over "
                 f"{previous.year} (GDP deflator {deflator:g}%).",
                 "the counted lines whose money fell", lines)


def _above_ceiling(plan: "Plan", row: TrajectoryYear) -> Check | None:
    f = row.figures
    if f.gdp is None or f.security_excess <= 0:
        return None
    return Check(CheckKind.ABOVE_CEILING, row.year,
                 f"{_money(plan, f.security_excess)} of security-related money is above the "
                 f"{plan.targets.security_ceiling_pct:g}% ceiling and counts nowhere.",
                 "the security-related lines", _bucket_lines(plan, row.year, Bucket.SECURITY))


def _below_path(plan: "Plan", row: TrajectoryYear) -> Check | None:
    if row.on_path is not False:
        return None
    f = row.figures
    return Check(CheckKind.BELOW_PATH, row.year,
                 f"Counted {f.counted_pct_gdp:.2f}% of GDP against a credible path of "
                 f"{row.path_counted_pct:.2f}% (core {f.core_pct_gdp:.2f}% against "
                 f"{row.path_core_pct:.2f}%).",
                 "the unclassified and not-counted lines that could close it",
                 _bucket_lines(plan, row.year, Bucket.UNCLASSIFIED, Bucket.NOT_COUNTED))


def _high_risk(plan: "Plan", row: TrajectoryYear) -> Check | None:
    claims = claim_figures_for(plan, row.year)
    share, alert = share_of_counted_at_risk(claims), plan.targets.high_risk_alert_pct
    if share is None or share <= alert:
        return None

    def lines() -> np.ndarray:
        b = plan.budget
        counts = np.isin(b.buckets, [int(Bucket.CORE), int(Bucket.SECURITY)])
        return _lines_with_money(plan, row.year, counts & (b.risks == Risk.HIGH))
    return Check(CheckKind.HIGH_RISK, row.year,
                 f"{share:.1f}% of the counted money ({_money(plan, claims.at_risk)}) rests on "
                 f"high-risk claims, above the {alert:g}% you set.", "the high-risk lines", lines)


def _unclassified(plan: "Plan", row: TrajectoryYear) -> Check | None:
    f = row.figures
    if f.unclassified <= 0 or plan.is_planned_year(row.year):
        return None
    return Check(CheckKind.UNCLASSIFIED, row.year,
                 f"{_money(plan, f.unclassified)} is still unclassified and counts nowhere.",
                 "the unclassified lines", _bucket_lines(plan, row.year, Bucket.UNCLASSIFIED))
