"""A plan: the imported budget, the pledge targets, the audit log and planning assumptions.

The commands edit a Plan; the table, the charts, `report` and the export all read from it.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .audit import AuditRecord
from .budget import Budget
from .pledge import DEFAULT_TARGETS, PledgeTargets, YearFigures
from .trajectory import PlanningAssumptions


@dataclass
class Plan:
    budget: Budget
    targets: PledgeTargets = DEFAULT_TARGETS
    audit: list[AuditRecord] = field(default_factory=list)
    planning: PlanningAssumptions = field(default_factory=PlanningAssumptions)  # planned years

    @property
    def years(self) -> list[int]:
        """The budget's own fiscal years (the workbook's amount columns)."""
        return self.budget.years

    def gdp_of(self, year: int) -> float | None:
        return self.budget.gdp.get(year)

    def set_gdp(self, year: int, value: float | None) -> None:
        self.budget.set_gdp(year, value)

    def figures(self, year: int) -> YearFigures:
        return self.budget.figures(year, self.targets)

    def all_figures(self) -> list[YearFigures]:
        return [self.figures(y) for y in self.years]
