"""Commands behind the charts: set a category's total (by drag or typed), planned-year money,
growth assumptions and close-the-gap. Each is one undo step with a label a delegate reads.

The figure a delegate drags or types is always *counted* money (amount x counted share),
because that is what the charts show and what the pledge counts. A budget-year total is
spread over the category's lines (core/spread.py): lines with a zero counted share carry no
counted money and are left alone, like held lines.
"""
from __future__ import annotations

import numpy as np

from .commands import Change, Command, CompositeCommand, SetAmounts
from .money import money_text
from .plan import Plan
from .spread import spread_total
from .taxonomy import NO_SUBCATEGORY, SLOT_INDEX, SLOTS, Bucket, Slot, subcategory_label
from .trajectory import (
    GapProposal, bucket_slots, category_lines, gdp_for, is_planned_year, slot_totals_for,
)


def category_name(bucket: Bucket, subcategory: int | None) -> str:
    if subcategory is None:
        return bucket.label
    return Slot(bucket, subcategory).label if subcategory == NO_SUBCATEGORY else \
        subcategory_label(subcategory)


def _currency(plan: Plan) -> str | None:
    return plan.budget.source.currency


# --- budget years: spread over lines -----------------------------------------------------------
class SpreadCategoryTotal(Command):
    """Set a budget year's counted total of a bucket (or one sub-category slot) by spreading
    the change over its free lines; one SetAmounts underneath, so one undo step and one
    audit record."""

    def __init__(self, plan: Plan, year: int, bucket: Bucket, subcategory: int | None,
                 new_total: float) -> None:
        bucket = Bucket(bucket)
        name = category_name(bucket, subcategory)
        self.label = f"Set {year} {name} to {money_text(new_total, _currency(plan))}"
        b, yi = plan.budget, plan.budget.year_index(year)
        lines = category_lines(plan, bucket, subcategory)
        shares = np.where(np.isin(b.buckets[lines], (Bucket.CORE, Bucket.SECURITY)),
                          b.shares[lines], 1.0)
        counted = b.amounts[lines, yi] * shares
        held = b.holds[lines] | (shares <= 0)
        new_counted = spread_total(counted, new_total, held, what=f"{name} in {year}")
        moved = ~held & (new_counted != counted)
        self.new_total = float(new_total)
        self._set = SetAmounts(plan, lines[moved], year, new_counted[moved] / shares[moved],
                               label=self.label)

    def _apply(self, plan: Plan, forward: bool) -> Change:
        return self._set.do(plan) if forward else self._set.undo(plan)


# --- planned years: money per slot ----------------------------------------------------------
class SetPlannedAmounts(Command):
    """Set planned money of some slots of one planned year (absolute, counted money)."""

    def __init__(self, plan: Plan, year: int, amounts: dict[int, float], label: str) -> None:
        if not is_planned_year(plan, year):
            raise ValueError(f"{year} is a budget year; change its lines instead.")
        self.year, self.label = year, label
        self.new = {s: float(a) for s, a in amounts.items()}
        stored = plan.planning.planned_amounts
        self.old = {s: stored.get((year, s)) for s in self.new}

    def _apply(self, plan: Plan, forward: bool) -> Change:
        stored = plan.planning.planned_amounts
        for slot, amount in (self.new if forward else self.old).items():
            if amount is None:
                stored.pop((self.year, slot), None)
            else:
                stored[(self.year, slot)] = amount
        return Change(years=(self.year,), planning=True)


def set_planned_amount(plan: Plan, year: int, slot: int, amount: float) -> SetPlannedAmounts:
    """One slot of a planned year, e.g. 'Set 2030 Equipment to EUR 5.20 bn'."""
    label = f"Set {year} {SLOTS[slot].label} to {money_text(amount, _currency(plan))}"
    return SetPlannedAmounts(plan, year, {slot: amount}, label)


def spread_planned_total(plan: Plan, year: int, bucket: Bucket,
                         new_total: float) -> SetPlannedAmounts:
    """A planned year's bucket total spread over its slots in proportion (held slots stay).
    Every slot of the bucket is stored, so the year no longer follows the baseline's growth."""
    bucket = Bucket(bucket)
    slots = bucket_slots(bucket)
    current = slot_totals_for(plan, year)[slots]
    held = np.array([(year, s) in plan.planning.held_slots for s in slots])
    new = spread_total(current, new_total, held, what=f"{bucket.label} in {year}")
    label = f"Set {year} {bucket.label} to {money_text(new_total, _currency(plan))}"
    return SetPlannedAmounts(plan, year, dict(zip(slots, new.tolist())), label)


class SetPlannedHold(Command):
    """Hold (or release) one slot of a planned year, so spreading its bucket leaves it alone."""

    def __init__(self, plan: Plan, year: int, slot: int, hold: bool) -> None:
        self.key, self.hold = (year, slot), hold
        self.was_held = self.key in plan.planning.held_slots
        self.label = f"{'Hold' if hold else 'Release'} {year} {SLOTS[slot].label}"

    def _apply(self, plan: Plan, forward: bool) -> Change:
        state = self.hold if forward else self.was_held
        (plan.planning.held_slots.add if state else plan.planning.held_slots.discard)(self.key)
        return Change(years=(self.key[0],), planning=True)


# --- one entry point for drags and typed values ------------------------------------------------
def set_category_total(plan: Plan, year: int, bucket: Bucket, subcategory: int | None,
                       new_total: float) -> Command:
    """The command a drag (or a typed amount) on a category of any trajectory year runs."""
    if not is_planned_year(plan, year):
        return SpreadCategoryTotal(plan, year, bucket, subcategory, new_total)
    if subcategory is None:
        return spread_planned_total(plan, year, bucket, new_total)
    return set_planned_amount(plan, year, SLOT_INDEX[Slot(Bucket(bucket), subcategory)],
                              new_total)


def amount_for_pct(plan: Plan, year: int, pct_of_gdp: float) -> float:
    """The money a typed '% of GDP' stands for in `year` (to the cent)."""
    gdp = gdp_for(plan, year)
    if not gdp:
        raise ValueError(f"{year} has no GDP: enter GDP first, or type an amount.")
    return round(pct_of_gdp / 100.0 * gdp, 2)


# --- assumptions ---------------------------------------------------------------------------
class SetPlanningAssumption(Command):
    """Change one planning assumption: GDP growth, spending growth or the path's baseline year."""

    _NAMES = {"gdp_growth_pct": "nominal GDP growth", "spending_growth_pct": "spending growth",
              "path_baseline_year": "credible-path baseline year"}

    def __init__(self, plan: Plan, name: str, value: float | int | None) -> None:
        if name not in self._NAMES:
            raise ValueError(f"Unknown planning assumption {name!r}.")
        self.name, self.new, self.old = name, value, getattr(plan.planning, name)
        shown = "first budget year with GDP" if value is None else \
            (str(value) if name == "path_baseline_year" else f"{value:g}% a year")
        self.label = f"Set {self._NAMES[name]} to {shown}"

    def _apply(self, plan: Plan, forward: bool) -> Change:
        setattr(plan.planning, self.name, self.new if forward else self.old)
        return Change(years=None, gdp=self.name == "gdp_growth_pct", planning=True)


# --- close the gap ------------------------------------------------------------------------------
def close_the_gap_command(plan: Plan, proposal: GapProposal) -> CompositeCommand:
    """Apply a proposal (core/trajectory.close_the_gap_proposal) as one undo step."""
    commands: list[Command] = []
    for step in proposal.steps:
        if not step.feasible:
            continue
        if step.extra_core > 0:
            commands.append(set_category_total(plan, step.year, Bucket.CORE, None,
                                               step.core_before + step.extra_core))
        if step.extra_security > 0:
            commands.append(set_category_total(plan, step.year, Bucket.SECURITY, None,
                                               step.security_before + step.extra_security))
    extra = money_text(proposal.extra_total, _currency(plan))
    return CompositeCommand(f"Close the gap to the credible path ({extra} more)", commands)
