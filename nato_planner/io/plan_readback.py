"""An exported plan read back: its planning years (Trajectory sheet), growth assumptions and
targets (Assumptions sheet) and the unit its amounts were shown in, so opening an export
continues the plan; before, planning years started again from the growth assumption and
amounts came back in plain currency units."""
from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass, field

from ..core.errors import PlannerError
from ..core.money import display_scale
from ..core.plan import Plan
from ..core.planning_commands import spread_planned_total
from ..core.taxonomy import Bucket
from .budget_import import ImportResult
from .sandbox import limits_for, run_limited
from .workbook_reader import open_workbook

CENT = 0.01

DISPLAY_UNIT_LABEL = "Amounts shown in (currency units)"
ASSUMPTION_FIELDS: dict[str, tuple[str, str]] = {
    "Nominal growth of the economy (% a year)": ("planning", "gdp_growth_pct"),
    "Defence spending growth (% a year)": ("planning", "spending_growth_pct"),
    "Core defence floor (%)": ("targets", "core_floor_pct"),
    "Security-related ceiling (%)": ("targets", "security_ceiling_pct"),
    "Pledge total (%)": ("targets", "total_pct"),
    "Target year": ("targets", "target_year"),
    "Review year": ("targets", "review_year"),
    "Equipment guideline (% of core)": ("targets", "equipment_guideline_pct"),
}
_WHOLE = {"target_year", "review_year"}


@dataclass
class ExportedSettings:
    planning: dict[str, float] = field(default_factory=dict)
    targets: dict[str, float] = field(default_factory=dict)
    planned: dict[int, tuple[float, float]] = field(default_factory=dict)  # year -> core, security
    display_scale: float | None = None


def _number(value: object) -> float | None:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def read_exported_settings(path: str) -> ExportedSettings | None:
    """The settings of a plan this program exported; None for any other workbook. Read in a
    limited child like the line items: a file that only looks like an export may hold a
    hostile Trajectory sheet."""
    try:
        return run_limited(os.path.basename(str(path)), _settings_in_child, (str(path),),
                           limits_for(str(path)))
    except PlannerError:
        return None


def _settings_in_child(path: str, _progress) -> ExportedSettings | None:
    workbook = open_workbook(path)
    if not {"Trajectory", "Assumptions"} <= set(workbook.sheet_names):
        return None
    settings = ExportedSettings()
    _read_assumptions(workbook.grid("Assumptions"), settings)
    _read_trajectory(workbook.grid("Trajectory"), settings)
    return settings


def _read_assumptions(grid: list[list], settings: ExportedSettings) -> None:
    for row in grid:
        label = str(row[0]).strip() if row else ""
        value = _number(row[1]) if len(row) > 1 else None
        if value is None:
            continue
        if label == DISPLAY_UNIT_LABEL and value > 0:
            settings.display_scale = value
        elif label in ASSUMPTION_FIELDS:
            part, name = ASSUMPTION_FIELDS[label]
            getattr(settings, part)[name] = int(value) if name in _WHOLE else value


def _read_trajectory(grid: list[list], settings: ExportedSettings) -> None:
    if not grid:
        return
    header = [str(h).strip() for h in grid[0]]
    try:
        year, core, security, basis = (header.index(h) for h in (
            "Year", "Planned core", "Planned security-related", "Basis"))
    except ValueError:
        return
    for row in grid[1:]:
        if len(row) <= max(year, core, security, basis) or str(row[basis]).strip() != "planned":
            continue
        values = (_number(row[year]), _number(row[core]), _number(row[security]))
        if None not in values:
            settings.planned[int(values[0])] = (values[1], values[2])


def apply_exported_settings(plan: Plan, settings: ExportedSettings) -> None:
    """Put an export's assumptions, targets, planned years and display unit back on a plan
    read from it (before it is shown: no undo step)."""
    for name, value in settings.planning.items():
        setattr(plan.planning, name, value)
    if settings.targets:
        plan.targets = dataclasses.replace(plan.targets, **settings.targets)
    plan.display_unit = CENT  # restore the planned totals exactly, whatever unit they were in
    for year, totals in sorted(settings.planned.items()):
        if not plan.is_planned_year(year):
            continue
        for bucket, total in zip((Bucket.CORE, Bucket.SECURITY), totals):
            if abs(plan.category_total(year, bucket, None) - total) > 0.005:
                spread_planned_total(plan, year, bucket, total).do(plan)
    if settings.display_scale:
        plan.budget.source.scale = settings.display_scale
    plan.display_unit = display_scale(plan.budget.source.scale)


def plan_from_import(result: ImportResult, path: str) -> Plan:
    """The plan an imported workbook stands for: a budget, or an exported plan continued."""
    plan = Plan(result.budget)
    detection = getattr(result, "detection", None)
    if getattr(detection, "sheet", None) != "Line items":  # not one of our exports
        return plan
    settings = read_exported_settings(path)
    if settings is not None:
        apply_exported_settings(plan, settings)
    return plan
