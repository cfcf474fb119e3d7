"""Close the gap, two ways, shown as a proposal before a command applies it (one undo step).

API for views:

    proposal = propose_close_gap(plan, "path")   # or "now"
    proposal.steps       # one GapStep per year that needs money: extra_core, extra_security,
                         # after (YearFigures once applied), note, core_spread / security_spread
                         # (spread.SpreadPreview: where the money goes, per sub-category)
    command = CloseTheGap(plan, proposal)        # run it through the command stack
    stack.push(command)                          # one undo step

Modes (BUDGET_FORMAT.md, "The path to 2035"):
* "path": every year after the first budget year ends at or above both credible paths
  (counted % and core %), and the target year at the core floor and the pledge total.
  Core is raised to the core path first, then security-related spending is filled up to the
  ceiling, then what is still missing goes to core (security money above the ceiling would
  not count).
* "now": every year after the first budget year reaches the core floor and the
  security-related ceiling (3.5% and 1.5% by default: the targets come from plan.targets).

Where the money goes (core/spread.py): new core money onto equipment and operations, not pay
or pensions; security-related money onto security-related sub-categories only, never onto a
core line. Held lines and held (year, sub-category) slots stay put. Every amount is rounded UP
to the plan's display unit, so a year never ends a cent below its target.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from .errors import PlannerError
from .plan import Plan
from .planning_commands import ApplySpread
from .pledge import YearFigures
from .spread import SpreadPreview, SpreadRequest, default_slots_for
from .taxonomy import Bucket
from .trajectory import TrajectoryYear, path_baseline, trajectory

CLOSE_GAP_MODES = {"path": "on the credible path", "now": "at the targets now"}


@dataclass(frozen=True)
class GapStep:
    """What one year needs, where it would go, and the figures it would then have."""

    year: int
    planned: bool
    core_before: float
    security_before: float
    extra_core: float
    extra_security: float
    after: YearFigures
    note: str = ""  # why a part could not go where the rule wanted it
    core_spread: SpreadPreview | None = None
    security_spread: SpreadPreview | None = None

    @property
    def feasible(self) -> bool:
        return self.core_spread is not None or self.security_spread is not None


@dataclass(frozen=True)
class GapProposal:
    mode: str
    steps: tuple[GapStep, ...]

    @property
    def extra_total(self) -> float:
        return sum(s.extra_core + s.extra_security for s in self.steps if s.feasible)

    @property
    def mode_label(self) -> str:
        return CLOSE_GAP_MODES[self.mode]

    def requests(self) -> list[SpreadRequest]:
        """The spreads that apply the proposal, year by year in order."""
        found = []
        for step in self.steps:
            for spread in (step.core_spread, step.security_spread):
                if step.feasible and spread is not None:
                    found.append(SpreadRequest(step.year, spread.bucket, spread.delta))
        return found


def propose_close_gap(plan: Plan, mode: str = "path") -> GapProposal:
    """The proposal: one step per year after the first budget year that lacks money."""
    if mode not in CLOSE_GAP_MODES:
        raise PlannerError(f"'{mode}' is not a way to close the gap: use 'path' or 'now'.")
    rows = trajectory(plan)
    if mode == "path" and path_baseline(plan) is None:
        return GapProposal(mode, ())
    first = plan.first_year
    scratch = plan.working_copy()  # a dry run: a budget year's money moves later baselines
    steps = []
    for row in rows:
        if first is None or row.year <= first or row.figures.gdp is None \
                or plan.budget.is_actual_year(row.year):  # actuals are history
            continue
        now = TrajectoryYear(row.year, row.planned, scratch.figures(row.year),
                             row.path_counted_pct, row.path_core_pct, None)
        step = _step(scratch, now, mode)
        if step is not None:
            steps.append(step)
    return GapProposal(mode, tuple(steps))


def _ceil_unit(x: float, unit: float) -> float:
    return math.ceil(round(x / unit, 6)) * unit


def _floor_unit(x: float, unit: float) -> float:
    return math.floor(round(x / unit, 6)) * unit


def _targets(plan: Plan, row: TrajectoryYear, mode: str) -> tuple[float, float, float]:
    """(core %, counted %, security %) the year must reach."""
    t = plan.targets
    if mode == "now":
        return t.core_floor_pct, t.total_pct, t.security_ceiling_pct
    core_pct = max(row.path_core_pct or 0.0, 0.0)
    counted_pct = max(row.path_counted_pct or 0.0, 0.0)
    if row.year >= t.target_year:
        core_pct, counted_pct = max(core_pct, t.core_floor_pct), max(counted_pct, t.total_pct)
    return core_pct, counted_pct, 0.0


def _step(plan: Plan, row: TrajectoryYear, mode: str) -> GapStep | None:
    f, t, unit = row.figures, plan.targets, plan.display_unit
    gdp = f.gdp or 0.0
    core_pct, counted_pct, security_pct = _targets(plan, row, mode)
    cap = _floor_unit(t.security_ceiling_pct / 100.0 * gdp, unit)
    core = max(f.core, _ceil_unit(core_pct / 100.0 * gdp, unit))
    security, notes = f.security, []
    security_free = bool(default_slots_for(plan, row.year, Bucket.SECURITY, +1.0))
    wanted_security = max(security_pct / 100.0 * gdp,
                          counted_pct / 100.0 * gdp - core)  # fill the counted gap
    # "now" reaches the ceiling itself (a part of a unit above it is not counted, harmless);
    # "path" fills only what counts
    limit = _ceil_unit(t.security_ceiling_pct / 100.0 * gdp, unit) if mode == "now" else cap
    if wanted_security > security and security < limit:
        if security_free:
            security = min(_ceil_unit(max(security, wanted_security), unit), max(limit, security))
        else:
            notes.append("No free security-related line or sub-category to raise: "
                         "the missing counted money goes to core.")
    need = counted_pct / 100.0 * gdp - (core + min(security, cap))
    if need > 0:
        core = _ceil_unit(core + need, unit)
    # whole display units, rounded up: a spread moves whole units, never short of the target
    extra_core = _ceil_unit(core - f.core, unit) if core > f.core else 0.0
    extra_security = _ceil_unit(security - f.security, unit) if security > f.security else 0.0
    if extra_core <= 0 and extra_security <= 0:
        return None
    spreads: dict[Bucket, SpreadPreview] = {}
    for bucket, extra in ((Bucket.CORE, extra_core), (Bucket.SECURITY, extra_security)):
        if extra <= 0:
            continue
        command = ApplySpread(plan, SpreadRequest(row.year, bucket, extra), confirm_actual=True)
        try:
            command.do(plan)  # on the scratch copy: later years see this year's money
        except PlannerError as error:
            notes.insert(0, f"Cannot apply the {bucket.label} part: {error}")
            continue
        spreads[bucket] = command.preview
    after = plan.figures(row.year)
    return GapStep(row.year, row.planned, f.core, f.security, after.core - f.core,
                   after.security - f.security, after, " ".join(notes),
                   spreads.get(Bucket.CORE), spreads.get(Bucket.SECURITY))
