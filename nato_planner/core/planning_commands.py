"""Commands behind the charts and the planning dialogs: set a category's total (drag or
typed), spread money, planned-year money and holds, growth and inflation assumptions, the GDP
series, the pledge targets, and close-the-gap. Each is one undo step with a label a delegate
reads, and returns a commands.Change (kinds AMOUNTS / ASSUMPTIONS / TARGETS / GDP).

API for views:

    stack.push(set_category_total(plan, 2030, Bucket.CORE, None, 120e9))   # drag / typed
    stack.push(ApplySpread(plan, SpreadRequest(2030, Bucket.CORE, 2e9)))   # see core/spread.py
    stack.push(SetPlannedHold(plan, 2030, slot, True))                     # hold a slot-year
    stack.push(SetPlanningAssumption(plan, "gdp_growth_pct", 2.5))          # plan-wide
    stack.push(SetPlanningAssumption(plan, "gdp_growth_pct", 1.2, year=2027))
    stack.push(SetPlanningAssumption(plan, "spending_growth_pct", 4.0, slot=EQUIPMENT_SLOT))
    stack.push(SetPlanningAssumption(plan, "inflation_pct", 2.4, year=2028))
    stack.push(SetGdpSeries(plan, GdpSeries("pasted", "IMF WEO Oct 2026", values)))
    stack.push(SetGdpSeries(plan, None))                                    # the workbook's
    stack.push(SetTargets(plan, replace(plan.targets, core_floor_pct=3.0)))
    stack.push(CloseTheGap(plan, propose_close_gap(plan, "now")))           # core/close_gap.py

The figure a delegate drags or types is always *counted* money (amount x counted share),
because that is what the charts show and what the pledge counts.
"""
from __future__ import annotations

import math
from dataclasses import fields
from typing import TYPE_CHECKING

import numpy as np

from .assumptions import GdpSeries, check_rate
from .commands import (
    AMOUNTS, ASSUMPTIONS, GDP, NO_CHANGE, TARGETS, Change, Command, EditRefused, SetAmounts,
    check_amount, refuse_actual_year,
)
from .money import money_text
from .plan import Plan, bucket_slots
from .pledge import PledgeTargets
from .spread import SpreadError, SpreadRequest, preview_spread, spread_total
from .taxonomy import NO_SUBCATEGORY, SLOT_INDEX, SLOTS, Bucket, Slot, subcategory_label

if TYPE_CHECKING:  # close_gap imports this module for its dry run
    from .close_gap import GapProposal


def category_name(bucket: Bucket, subcategory: int | None) -> str:
    if subcategory is None:
        return bucket.label
    return Slot(bucket, subcategory).label if subcategory == NO_SUBCATEGORY else \
        subcategory_label(subcategory)


def _currency(plan: Plan) -> str | None:
    return plan.budget.source.currency


# --- spreading money ----------------------------------------------------------------------------
class ApplySpread(Command):
    """Add (or remove) money for one year and bucket as a SpreadRequest says; where it goes is
    worked out when the command runs (what preview_spread shows for the same state)."""

    def __init__(self, plan: Plan, request: SpreadRequest, label: str | None = None,
                 confirm_actual: bool = False) -> None:
        if not plan.is_planned_year(request.year):
            refuse_actual_year(plan, request.year, confirm_actual)
        self.request = request
        sign = "+" if request.delta >= 0 else "-"
        self.label = label or (f"Spread {sign}{money_text(abs(request.delta), _currency(plan))}"
                               f" over {request.year} {Bucket(request.bucket).label}")
        self._inner: Command | None = None

    def _capture(self, plan: Plan) -> None:
        preview = preview_spread(plan, self.request)
        self.preview = preview
        if preview.planned:
            amounts = {m.slot: m.after for m in preview.moves if m.delta}
            self._inner = SetPlannedAmounts(plan, preview.year, amounts, self.label)
        else:
            self._inner = SetAmounts(plan, preview.lines, preview.year, preview.new_amounts,
                                     label=self.label, confirm_actual=True)

    def _apply(self, plan: Plan, forward: bool) -> Change:
        assert self._inner is not None
        return self._inner.do(plan) if forward else self._inner.undo(plan)

    def memory_bytes(self) -> int:
        return 256 + (self._inner.memory_bytes() if self._inner is not None else 0)


class SetCategoryTotal(Command):
    """Set a year's counted total of a bucket (or one sub-category slot); the difference is
    spread as in core/spread.py (new core money onto equipment and operations by default)."""

    def __init__(self, plan: Plan, year: int, bucket: Bucket, subcategory: int | None,
                 new_total: float, mode: str = "default", confirm_actual: bool = False) -> None:
        check_amount(new_total, _currency(plan), f"The {year} total")
        if not plan.is_planned_year(year):
            refuse_actual_year(plan, year, confirm_actual)
        self.year, self.bucket, self.subcategory = year, Bucket(bucket), subcategory
        self.new_total, self.mode = float(new_total), mode
        name = category_name(self.bucket, subcategory)
        self.label = f"Set {year} {name} to {money_text(new_total, _currency(plan))}"
        self._spread: ApplySpread | None = None

    def _capture(self, plan: Plan) -> None:
        current = plan.category_total(self.year, self.bucket, self.subcategory)
        slots = None if self.subcategory is None else \
            (SLOT_INDEX[Slot(self.bucket, self.subcategory)],)
        mode = "chosen" if slots is not None else self.mode
        request = SpreadRequest(self.year, self.bucket, self.new_total - current, mode, slots)
        self._spread = ApplySpread(plan, request, self.label, confirm_actual=True)
        self._spread._capture(plan)

    def _apply(self, plan: Plan, forward: bool) -> Change:
        assert self._spread is not None
        return self._spread._apply(plan, forward)

    def memory_bytes(self) -> int:
        return 256 + (self._spread.memory_bytes() if self._spread is not None else 0)


# kept for callers that spread a budget year's total in proportion over every line
SpreadCategoryTotal = SetCategoryTotal


# --- planned years: money per slot ----------------------------------------------------------
class SetPlannedAmounts(Command):
    """Set planned money of some slots of one planned year (absolute, counted money)."""

    def __init__(self, plan: Plan, year: int, amounts: dict[int, float], label: str) -> None:
        if not plan.is_planned_year(year):
            raise EditRefused(f"{year} is a budget year; change its lines instead.")
        self.year, self.label = year, label
        self.new = {s: check_amount(a, _currency(plan), f"The {year} amount")
                    for s, a in amounts.items()}

    def _capture(self, plan: Plan) -> None:
        stored = plan.planning.planned_amounts
        self.old = {s: stored.get((self.year, s)) for s in self.new}

    def _apply(self, plan: Plan, forward: bool) -> Change:
        stored = plan.planning.planned_amounts
        for slot, amount in (self.new if forward else self.old).items():
            if amount is None:
                stored.pop((self.year, slot), None)
            else:
                stored[(self.year, slot)] = amount
        return Change(years=(self.year,), kinds=frozenset({AMOUNTS}))


def set_planned_amount(plan: Plan, year: int, slot: int, amount: float) -> SetPlannedAmounts:
    """One slot of a planned year, e.g. 'Set 2030 Equipment to EUR 5.20 bn'."""
    label = f"Set {year} {SLOTS[slot].label} to {money_text(amount, _currency(plan))}"
    return SetPlannedAmounts(plan, year, {slot: amount}, label)


def spread_planned_total(plan: Plan, year: int, bucket: Bucket,
                         new_total: float) -> SetPlannedAmounts:
    """A planned year's bucket total spread over ALL its slots in proportion (held slots
    stay). Every slot of the bucket is stored, so the year no longer follows the growth."""
    bucket = Bucket(bucket)
    slots = bucket_slots(bucket)
    current = plan.slot_totals(year)[slots]
    held = np.array([(year, s) in plan.planning.held_slots for s in slots])
    new = spread_total(current, new_total, held, what=f"{bucket.label} in {year}",
                       unit=plan.display_unit)
    label = f"Set {year} {bucket.label} to {money_text(new_total, _currency(plan))}"
    return SetPlannedAmounts(plan, year, dict(zip(slots, new.tolist())), label)


class SetPlannedHold(Command):
    """Hold (or release) one slot of a year, so spreading its bucket leaves it alone."""

    def __init__(self, plan: Plan, year: int, slot: int, hold: bool) -> None:
        self.key, self.hold = (year, slot), hold
        self.label = f"{'Hold' if hold else 'Release'} {year} {SLOTS[slot].label}"

    def _capture(self, plan: Plan) -> None:
        self.was_held = self.key in plan.planning.held_slots

    def _apply(self, plan: Plan, forward: bool) -> Change:
        state = self.hold if forward else self.was_held
        (plan.planning.held_slots.add if state else plan.planning.held_slots.discard)(self.key)
        return Change(years=(self.key[0],), kinds=frozenset({"holds"}))


# --- one entry point for drags and typed values ------------------------------------------------
def set_category_total(plan: Plan, year: int, bucket: Bucket, subcategory: int | None,
                       new_total: float, mode: str = "default") -> Command:
    """The command a drag (or a typed amount) on a category of any trajectory year runs."""
    return SetCategoryTotal(plan, year, bucket, subcategory, new_total, mode)


def amount_for_pct(plan: Plan, year: int, pct_of_gdp: float) -> float:
    """The money a typed '% of GDP' stands for in `year` (to the cent)."""
    gdp = plan.gdp(year)
    if not gdp:
        raise EditRefused(f"{year} has no GDP: enter GDP first, or type an amount.")
    if not math.isfinite(pct_of_gdp) or abs(pct_of_gdp) > 100:
        raise EditRefused(f"{pct_of_gdp:g}% of GDP cannot be used: type a share of GDP "
                          "between 0 and 100.")
    return round(pct_of_gdp / 100.0 * gdp, 2)


# --- assumptions ---------------------------------------------------------------------------
_BY_YEAR = {"gdp_growth_pct": "gdp_growth_by_year", "spending_growth_pct":
            "spending_growth_by_year", "inflation_pct": "inflation_by_year"}


class SetPlanningAssumption(Command):
    """Change one planning assumption, plan-wide or for one year and/or one slot:
    GDP growth, spending growth (also per slot), inflation, or the path's baseline year.
    A value None for a year or slot removes that override."""

    _NAMES = {"gdp_growth_pct": "nominal GDP growth", "spending_growth_pct": "spending growth",
              "inflation_pct": "inflation (GDP deflator)",
              "path_baseline_year": "credible-path baseline year"}

    def __init__(self, plan: Plan, name: str, value: float | int | None,
                 year: int | None = None, slot: int | None = None) -> None:
        if name not in self._NAMES:
            raise EditRefused(f"Unknown planning assumption {name!r}.")
        if slot is not None and name != "spending_growth_pct":
            raise EditRefused("Only spending growth can be set per sub-category.")
        if name == "path_baseline_year" and (year is not None or slot is not None):
            raise EditRefused("The path's baseline year is one year for the whole plan.")
        if value is not None and name != "path_baseline_year":
            value = check_rate(value, self._NAMES[name].capitalize())
        elif value is None and name != "path_baseline_year" and year is None and slot is None:
            raise EditRefused(f"Type a rate for {self._NAMES[name]}.")
        self.name, self.new, self.year, self.slot = name, value, year, slot
        self.label = self._label(value)

    def _label(self, value) -> str:
        where = "".join([f" for {self.year}" if self.year is not None else "",
                         f" of {SLOTS[self.slot].label}" if self.slot is not None else ""])
        if value is None:
            shown = ("first budget year with GDP" if self.name == "path_baseline_year"
                     else "the general rate")
        else:
            shown = str(value) if self.name == "path_baseline_year" else f"{value:g}% a year"
        return f"Set {self._NAMES[self.name]}{where} to {shown}"

    def _store(self, plan: Plan) -> tuple[dict | None, object]:
        p = plan.planning
        if self.year is None and self.slot is None:
            return None, self.name
        if self.slot is None:
            return getattr(p, _BY_YEAR[self.name]), self.year
        if self.year is None:
            return p.spending_growth_by_slot, self.slot
        return p.spending_growth_by_year_slot, (self.year, self.slot)

    def _capture(self, plan: Plan) -> None:
        store, key = self._store(plan)
        self.old = getattr(plan.planning, key) if store is None else store.get(key)

    def _apply(self, plan: Plan, forward: bool) -> Change:
        store, key = self._store(plan)
        value = self.new if forward else self.old
        if store is None:
            setattr(plan.planning, key, value)
        elif value is None:
            store.pop(key, None)
        else:
            store[key] = value
        gdp = frozenset({GDP}) if self.name == "gdp_growth_pct" else frozenset()
        return Change(years=None, kinds=frozenset({ASSUMPTIONS}) | gdp)


class SetGdpSeries(Command):
    """Choose the GDP series: None for the workbook's, or a typed national forecast or a
    pasted IMF / European Commission series (assumptions.parse_gdp_series)."""

    def __init__(self, plan: Plan, series: GdpSeries | None) -> None:
        self.new = series
        self.label = "Use the workbook's GDP" if series is None else \
            f"Use GDP series '{series.label or series.kind}' ({len(series.values)} years)"

    def _capture(self, plan: Plan) -> None:
        self.old = plan.planning.gdp_series

    def _apply(self, plan: Plan, forward: bool) -> Change:
        plan.planning.gdp_series = self.new if forward else self.old
        return Change(years=None, kinds=frozenset({GDP, ASSUMPTIONS}))


class SetTargets(Command):
    """Change the pledge targets (floor, ceiling, total, target and review year, equipment
    guideline); every label and figure reads them from plan.targets."""

    def __init__(self, plan: Plan, targets: PledgeTargets) -> None:
        _check_targets(targets)
        self.new = targets
        changed = [f.name for f in fields(PledgeTargets)
                   if getattr(targets, f.name) != getattr(plan.targets, f.name)]
        self.label = "Set pledge targets" + (f" ({_targets_text(targets, changed)})"
                                             if changed else "")

    def _capture(self, plan: Plan) -> None:
        self.old = plan.targets

    def _apply(self, plan: Plan, forward: bool) -> Change:
        plan.targets = self.new if forward else self.old
        return Change(years=None, kinds=frozenset({TARGETS}))


_TARGET_NAMES = {"core_floor_pct": "core floor {:g}%", "security_ceiling_pct":
                 "security ceiling {:g}%", "total_pct": "total {:g}%",
                 "target_year": "target year {}", "review_year": "review year {}",
                 "equipment_guideline_pct": "equipment guideline {:g}%"}


def _targets_text(targets: PledgeTargets, changed: list[str]) -> str:
    return ", ".join(_TARGET_NAMES[n].format(getattr(targets, n)) for n in changed)


def _check_targets(t: PledgeTargets) -> None:
    for name in ("core_floor_pct", "security_ceiling_pct", "total_pct",
                 "equipment_guideline_pct"):
        value = getattr(t, name)
        if not math.isfinite(value) or not 0 <= value <= 100:
            raise EditRefused(f"A target of {value:g}% cannot be used: type a percentage "
                              "between 0 and 100.")
    if t.total_pct + 1e-9 < t.core_floor_pct:
        raise EditRefused(f"The pledge total ({t.total_pct:g}%) cannot be below the core floor "
                          f"({t.core_floor_pct:g}%).")
    if not 2000 <= t.target_year <= 2100 or not 2000 <= t.review_year <= 2100:
        raise EditRefused("Target and review years must be years between 2000 and 2100.")


# --- close the gap ------------------------------------------------------------------------------
class CloseTheGap(Command):
    """Apply a close-the-gap proposal (core/close_gap.py) as one undo step. The spreads are
    worked out when the command runs, year by year in order, exactly as the proposal's dry
    run did."""

    def __init__(self, plan: Plan, proposal: "GapProposal") -> None:
        self.proposal = proposal
        extra = money_text(proposal.extra_total, _currency(plan))
        self.label = f"Close the gap {proposal.mode_label} ({extra} more)"
        self._done: list[Command] = []

    def _capture(self, plan: Plan) -> None:
        self._done = []

    def _apply(self, plan: Plan, forward: bool) -> Change:
        if not forward:
            change = NO_CHANGE
            for command in reversed(self._done):
                change = change.merged(command.undo(plan))
            return change
        change = NO_CHANGE
        for request in self.proposal.requests():
            command = ApplySpread(plan, request, self.label, confirm_actual=True)
            try:
                change = change.merged(command.do(plan))
            except SpreadError:
                continue  # the proposal said so in its note
            self._done.append(command)
        return change

    def memory_bytes(self) -> int:
        return 256 + sum(c.memory_bytes() for c in self._done)


def close_the_gap_command(plan: Plan, proposal: "GapProposal") -> CloseTheGap:
    """Apply a proposal (core/close_gap.propose_close_gap) as one undo step."""
    return CloseTheGap(plan, proposal)
