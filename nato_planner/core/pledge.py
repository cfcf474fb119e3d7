"""The pledge arithmetic: the one place in the code that turns money into pledge figures.

Every figure on screen, in `report` and in the export comes from `year_figures` and
`credible_path_pct` (see DOMAIN.md: "The figures, per year y").
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .taxonomy import CORE_SLOTS, NATO_CATEGORIES, NATO_CATEGORY_SLOTS, SECURITY_SLOTS, SLOTS


@dataclass(frozen=True)
class PledgeTargets:
    """The Hague pledge and older guidelines; every value is user-adjustable."""

    core_floor_pct: float = 3.5
    security_ceiling_pct: float = 1.5
    total_pct: float = 5.0
    target_year: int = 2035
    review_year: int = 2029
    equipment_guideline_pct: float = 20.0
    high_risk_alert_pct: float = 10.0  # Checks: high-risk claims above this % of counted


DEFAULT_TARGETS = PledgeTargets()


@dataclass(frozen=True)
class YearFigures:
    """Pledge figures of one year; percentages are percent (3.5 means 3.5%), money in units.

    Percentages and gaps are None when the year has no GDP.
    """

    year: int
    gdp: float | None
    core: float
    security: float
    not_counted: float
    unclassified: float
    equipment: float
    counted: float
    security_excess: float
    core_pct_gdp: float | None
    security_pct_gdp: float | None
    counted_pct_gdp: float | None
    core_gap: float | None
    security_gap: float | None
    total_gap: float | None
    equipment_share_of_core: float | None

    def as_report_dict(self) -> dict[str, float | int | None]:
        """The year's entry in `report --json` (BUDGET_FORMAT.md)."""
        keys = ("year", "gdp", "core", "security", "not_counted", "unclassified",
                "core_pct_gdp", "security_pct_gdp", "counted_pct_gdp",
                "core_gap", "security_gap", "total_gap", "equipment_share_of_core")
        return {k: getattr(self, k) for k in keys}


def _pct(amount: float, gdp: float | None) -> float | None:
    return None if not gdp else 100.0 * amount / gdp


def _gap(target_pct: float, amount: float, gdp: float | None) -> float | None:
    return None if not gdp else max(0.0, target_pct / 100.0 * gdp - amount)


def counted_amount(core: float, security: float, gdp: float | None,
                   targets: PledgeTargets = DEFAULT_TARGETS) -> float:
    """Core plus security-related up to the ceiling; without GDP the ceiling is unknown."""
    if not gdp:
        return core + security
    return core + min(security, targets.security_ceiling_pct / 100.0 * gdp)


def year_figures(year: int, gdp: float | None, core: float, security: float,
                 not_counted: float, unclassified: float, equipment: float,
                 targets: PledgeTargets = DEFAULT_TARGETS) -> YearFigures:
    """All pledge figures of one year from the bucket totals (counted parts) and GDP."""
    gdp = float(gdp) if gdp else None
    counted = counted_amount(core, security, gdp, targets)
    return YearFigures(
        year=year, gdp=gdp, core=core, security=security, not_counted=not_counted,
        unclassified=unclassified, equipment=equipment, counted=counted,
        security_excess=core + security - counted,
        core_pct_gdp=_pct(core, gdp),
        security_pct_gdp=_pct(security, gdp),
        counted_pct_gdp=_pct(counted, gdp),
        core_gap=_gap(targets.core_floor_pct, core, gdp),
        security_gap=_gap(targets.security_ceiling_pct, security, gdp),
        total_gap=_gap(targets.total_pct, counted, gdp),
        equipment_share_of_core=(100.0 * equipment / core) if core else None,
    )


def credible_path_pct(year: int, baseline_year: int, baseline_pct: float,
                      target_pct: float, target_year: int) -> float:
    """The straight line from the baseline year's % to the target % in the target year.

    Before the baseline it is the baseline; from the target year on it is the target.
    """
    if year <= baseline_year or target_year <= baseline_year:
        return baseline_pct if year <= baseline_year else target_pct
    if year >= target_year:
        return target_pct
    step = (target_pct - baseline_pct) / (target_year - baseline_year)
    return baseline_pct + step * (year - baseline_year)


def is_on_path(pct: float | None, path_pct: float, tolerance: float = 1e-9) -> bool:
    """A plan year is on the path when its % is at or above the line."""
    return pct is not None and pct + tolerance >= path_pct


# --- defending claims: the "at risk" band and NATO's categories --------------------------
@dataclass(frozen=True)
class ClaimFigures:
    """How much of a year's counted money rests on high-risk claims, and core by NATO category.

    `at_risk` is what the counted total loses when the high-risk lines are left out (their
    core money, and their security-related money as far as the rest stays under the ceiling):
    counted - at_risk is the counted money without them, so the band's two edges and its
    width always agree.
    """

    year: int
    gdp: float | None
    counted: float
    at_risk: float
    counted_without_high_risk: float
    counted_pct_gdp: float | None
    counted_pct_gdp_without_high_risk: float | None
    core_by_category: dict[str, float]

    def as_report_dict(self) -> dict[str, object]:
        """The claim keys of a year's entry in `report --json` (BUDGET_FORMAT.md)."""
        return {"core_by_category": dict(self.core_by_category), "at_risk": self.at_risk,
                "counted_pct_gdp_without_high_risk": self.counted_pct_gdp_without_high_risk}


def _nato_category_matrix() -> np.ndarray:
    """category x slot 0/1 matrix: one small product gives every category's money."""
    matrix = np.zeros((len(NATO_CATEGORIES), len(SLOTS)))
    for row, key in enumerate(NATO_CATEGORIES):
        matrix[row, NATO_CATEGORY_SLOTS[key]] = 1.0
    return matrix


_NATO_CATEGORY_MATRIX = _nato_category_matrix()


def core_by_category(slot_money: np.ndarray) -> dict[str, float]:
    """Counted core money by NATO category from money per slot (taxonomy.SLOTS)."""
    sums = _NATO_CATEGORY_MATRIX @ slot_money
    return {key: float(value) for key, value in zip(NATO_CATEGORIES, sums)}


def claim_figures(year: int, gdp: float | None, slot_money: np.ndarray,
                  high_risk_slot_money: np.ndarray,
                  targets: PledgeTargets = DEFAULT_TARGETS) -> ClaimFigures:
    """The band from money per slot of all lines and of the high-risk lines alone; the
    ceiling is applied to the security money that remains without the high-risk lines."""
    gdp = float(gdp) if gdp else None
    core, security = float(slot_money[CORE_SLOTS].sum()), float(slot_money[SECURITY_SLOTS].sum())
    high_core = float(high_risk_slot_money[CORE_SLOTS].sum())
    high_security = float(high_risk_slot_money[SECURITY_SLOTS].sum())
    counted = counted_amount(core, security, gdp, targets)
    without = counted_amount(core - high_core, security - high_security, gdp, targets)
    return ClaimFigures(year, gdp, counted, counted - without, without, _pct(counted, gdp),
                        _pct(without, gdp), core_by_category(slot_money))


def share_of_counted_at_risk(figures: ClaimFigures) -> float | None:
    """High-risk money as % of the counted total (None when nothing is counted)."""
    return 100.0 * figures.at_risk / figures.counted if figures.counted else None


def equipment_share_pct(equipment: float, core: float) -> float | None:
    return 100.0 * equipment / core if core else None


def real_growth_pct(counted: float, counted_before: float | None,
                    deflator_pct: float) -> float | None:
    """Growth of counted money over the year before, deflated by the GDP deflator (DOMAIN.md)."""
    if not counted_before:
        return None
    return 100.0 * ((counted / counted_before) / (1.0 + deflator_pct / 100.0) - 1.0)


def category_shares_pct(by_category: dict[str, float]) -> dict[str, float] | None:
    """Each NATO category as % of core (Tables 8a/8b: they add to 100); None without core."""
    core = sum(by_category.values())
    if not core:
        return None
    return {key: 100.0 * value / core for key, value in by_category.items()}
