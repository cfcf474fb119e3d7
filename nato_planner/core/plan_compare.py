"""Two plans side by side (scenarios, submitted versions): figures per year to 2035 and the
bridge of one year: the lines and planning changes that explain the difference in counted
money, largest first. Every figure comes from the engine (Plan.figures).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .plan import Plan
from .pledge import YearFigures
from .taxonomy import CORE_SLOTS, SECURITY_SLOTS, SLOTS

_COUNTED_SLOTS = np.array(CORE_SLOTS + SECURITY_SLOTS)


@dataclass(frozen=True)
class YearComparison:
    year: int
    planned: bool  # a planning year (after the budget's own years) in either plan
    a: YearFigures
    b: YearFigures


@dataclass(frozen=True)
class BridgeStep:
    label: str
    amount: float  # change in counted money, b minus a
    kind: str  # "line", "planning", "other lines", "ceiling"


@dataclass(frozen=True)
class Bridge:
    year: int
    start: float  # counted money in plan a
    steps: tuple[BridgeStep, ...]
    end: float  # counted money in plan b


def compare_years(a: Plan, b: Plan) -> list[YearComparison]:
    """Every year of either plan's trajectory, both plans' figures."""
    years = sorted(set(a.trajectory_years) & set(b.trajectory_years))
    return [YearComparison(y, a.is_planned_year(y) or b.is_planned_year(y),
                           a.figures(y), b.figures(y)) for y in years]


def bridge(a: Plan, b: Plan, year: int, largest: int = 8) -> Bridge:
    """From a's counted money in `year` to b's: the `largest` changes one by one, the rest
    together, and what the security-related ceiling keeps out."""
    fa, fb = a.figures(year), b.figures(year)
    if a.is_planned_year(year) or b.is_planned_year(year):
        labels, deltas, kind = _slot_changes(a, b, year), None, "planning"
        labels, deltas = [label for label, _ in labels], np.array([d for _, d in labels])
    else:
        labels, deltas = _line_changes(a, b, year)
        kind = "line"
    order = np.argsort(-np.abs(deltas), kind="stable")
    shown = [i for i in order[:largest] if deltas[i] != 0]
    steps = [BridgeStep(labels[i], float(deltas[i]), kind) for i in shown]
    rest = float(deltas.sum() - deltas[shown].sum()) if len(deltas) else 0.0
    hidden = int((deltas != 0).sum()) - len(shown)
    if hidden:
        steps.append(BridgeStep(f"{hidden:,} other {'lines' if kind == 'line' else 'changes'}",
                                rest, "other lines"))
    ceiling = -(fb.security_excess - fa.security_excess)
    if abs(ceiling) > 0.005:
        steps.append(BridgeStep("Security-related above the ceiling (not counted)", ceiling,
                                "ceiling"))
    return Bridge(year, fa.counted, tuple(steps), fb.counted)


def _line_changes(a: Plan, b: Plan, year: int) -> tuple[list[str], np.ndarray]:
    """Counted money per line, b minus a, lines matched by position (the same import)."""
    ca, cb = _counted_by_line(a, year), _counted_by_line(b, year)
    if len(ca) != len(cb):
        raise ValueError("These two plans hold different budgets; compare them year by year.")
    budget = b.budget
    labels = [" ".join(t for t in (str(c), str(d)) if t)
              for c, d in zip(budget.codes, budget.descriptions)]
    return labels, cb - ca


def _counted_by_line(plan: Plan, year: int) -> np.ndarray:
    budget = plan.budget
    lines = np.arange(len(budget))
    slots, counted, _ = budget.line_contributions(lines)
    return np.where(np.isin(slots, _COUNTED_SLOTS), counted[:, budget.year_index(year)], 0.0)


def _slot_changes(a: Plan, b: Plan, year: int) -> list[tuple[str, float]]:
    ta, tb = a.slot_totals(year), b.slot_totals(year)
    return [(f"Planned {SLOTS[s].label}", float(tb[s] - ta[s])) for s in _COUNTED_SLOTS]
