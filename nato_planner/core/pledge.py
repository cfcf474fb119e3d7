"""The pledge arithmetic: the one place in the code that turns money into pledge figures.

Every figure on screen, in `report` and in the export comes from `year_figures` and
`credible_path_pct` (see DOMAIN.md: "The figures, per year y").
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PledgeTargets:
    """The Hague pledge and older guidelines; every value is user-adjustable."""

    core_floor_pct: float = 3.5
    security_ceiling_pct: float = 1.5
    total_pct: float = 5.0
    target_year: int = 2035
    review_year: int = 2029
    equipment_guideline_pct: float = 20.0


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


def target_amount(target_pct: float, gdp: float) -> float:
    """The money a share of GDP stands for (the 1.5% ceiling, the 5% goal) in a year."""
    return target_pct / 100.0 * gdp
