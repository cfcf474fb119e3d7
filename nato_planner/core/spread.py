"""Spreading money over lines and sub-categories: the arithmetic behind a drag, a typed total,
a planner's "add EUR 2 bn to core in 2030" and close-the-gap.

API for views (the preview is pure: it changes nothing):

    request = SpreadRequest(year=2030, bucket=Bucket.CORE, delta=2e9)        # default rule
    request = SpreadRequest(2030, Bucket.CORE, 2e9, mode="equal")            # equal per slot
    request = SpreadRequest(2030, Bucket.CORE, 2e9, mode="chosen", slots=(EQUIPMENT_SLOT,))
    request = SpreadRequest(2026, Bucket.CORE, 0, mode="growth", growth_pct=4.0)  # +4%
    request = SpreadRequest(2026, Bucket.CORE, 5e8, mode="chosen", lines=(12, 40))
    preview = preview_spread(plan, request)  # SpreadPreview: per slot before/delta/after and
                                             # how many lines move; preview.delta is the
                                             # money actually added (rounded to the unit)
    stack.push(ApplySpread(plan, request))   # planning_commands.ApplySpread: one undo step

Modes: "default" (new core money onto equipment and operations, never pay or pensions
first; security-related money onto security-related sub-categories; money removed comes off
every free slot in proportion), "proportional" (every free slot of the bucket, in proportion
to its current money), "chosen" (only the given slots or lines, in proportion), "equal"
(the same money per target slot), "growth" (each target slot grows by `growth_pct`, or by
its planning spending growth when none is given). Inside a budget year a slot's share goes
to its free lines in proportion to their counted money. Held lines and held (year, slot)
pairs never move. Money is rounded to the plan's display unit (largest remainder), so a
spread in EUR million leaves no cents and the total moves exactly by a whole unit.

The original arithmetic, for one slot's lines:

A delegate drags "Core defence 2026" from 12.0 to 12.3 bn; every line of that category that
is not held has to move so the category adds up to 12.3 bn to the cent. The rules
(documented in docs/trajectory.md and tested in tests/core/test_spread.py):

* Held lines never move.
* When the free lines add up to at least half their sizes (negative corrections are the
  smaller part), every free line is scaled by the same factor (new free total / old free
  total): the change is spread in proportion to the amounts, a negative correction line stays
  the same fraction of the category, and a total dragged to the held lines' sum (e.g. to
  zero) sets every free line to zero.
* Otherwise (corrections outweigh or nearly cancel the rest), a scale factor would flip signs
  or blow +1 bn / -1 bn pairs up a thousandfold, so the change is spread in proportion to
  each line's size |amount|.
* When every free line is zero, the change is spread evenly.
* Amounts are rounded to the cent with the largest-remainder method, so the free lines add
  up exactly to (new total - held lines), in whole cents.
* When every line is held (or there is none), there is nothing to move: SpreadError.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .errors import PlannerError
from .plan import Plan, bucket_slots
from .taxonomy import (
    NO_SUBCATEGORY, SLOT_INDEX, SLOTS, SUBCATEGORY_INDEX, Bucket, Slot,
)
from .trajectory import category_lines


class SpreadError(PlannerError):
    """A total that cannot be spread: every line is held, or the category has no line."""


def spread_total(amounts: np.ndarray, new_total: float, held: np.ndarray | None = None,
                 what: str = "this category", unit: float = 0.01) -> np.ndarray:
    """New amounts (a copy) whose sum is `new_total`, moving only the lines not held.
    With a `unit` above a cent, each line moves by whole units (no cents residue)."""
    amounts = np.asarray(amounts, dtype=np.float64)
    held = np.zeros(len(amounts), dtype=bool) if held is None else np.asarray(held, dtype=bool)
    free = ~held
    if not free.any():
        reason = "has no line" if len(amounts) == 0 else "has every line held"
        raise SpreadError(f"The total of {what} cannot change because it {reason}; "
                          "release a line (or add one) and try again.")
    result = amounts.copy()
    if unit > 0.01:  # move each line by whole units: round the change, not the amount
        delta = float(new_total) - float(amounts.sum())
        raw = _unrounded(amounts[free], float(amounts[free].sum()) + delta) - amounts[free]
        result[free] = amounts[free] + round_to_unit(raw, round(delta / unit), unit)
        return result
    target_cents = round((float(new_total) - float(amounts[held].sum())) * 100.0)
    raw = _unrounded(amounts[free], target_cents / 100.0)
    result[free] = _round_to_cents(raw, target_cents)
    return result


def round_to_unit(raw: np.ndarray, target_units: int, unit: float) -> np.ndarray:
    """`raw` rounded to multiples of `unit` whose sum is exactly target_units x unit (each a
    whole count times the unit, so a table in thousands shows no stray fractions)."""
    if len(raw) == 0:
        return raw.copy()
    return _whole_counts(raw / unit, int(target_units)) * unit


def _unrounded(free: np.ndarray, free_target: float) -> np.ndarray:
    """The free lines' new amounts before rounding (see the module docstring for the rules)."""
    old_sum = float(free.sum())
    sizes = np.abs(free)
    size_sum = float(sizes.sum())
    if old_sum > 0.0 and old_sum >= 0.5 * size_sum:  # corrections are the smaller part
        return free * (free_target / old_sum)
    weights = sizes / size_sum if size_sum > 0.0 else np.full(len(free), 1.0 / len(free))
    return free + (free_target - old_sum) * weights


def _round_to_cents(raw: np.ndarray, target_cents: int) -> np.ndarray:
    return _whole_counts(raw * 100.0, target_cents) / 100.0


def _whole_counts(counts: np.ndarray, target: int) -> np.ndarray:
    """Largest remainder: floor every count, give the missing ones to the entries that lost
    most, so the whole counts sum to exactly `target`."""
    floors = np.floor(counts)
    missing = int(target - floors.sum())
    if 0 < missing <= len(counts):
        remainders = counts - floors
        order = np.argpartition(-remainders, missing - 1)[:missing]
        floors[order] += 1.0
    elif missing != 0:  # float noise on huge budgets: put the odd ones on the largest entry
        floors[int(np.argmax(np.abs(counts)))] += missing
    return floors


# --- spreading money over a year's sub-categories and lines ------------------------------------
SPREAD_MODES = {"default": "Where planners put it (new core money: equipment and operations)",
                "proportional": "In proportion to current amounts",
                "chosen": "Onto chosen sub-categories or lines",
                "equal": "Equally over the sub-categories",
                "growth": "By growth %"}
_EQUIPMENT = SLOT_INDEX[Slot(Bucket.CORE, SUBCATEGORY_INDEX["equipment"])]
_OPERATIONS = SLOT_INDEX[Slot(Bucket.CORE, SUBCATEGORY_INDEX["operations"])]
_PERSONNEL = SLOT_INDEX[Slot(Bucket.CORE, SUBCATEGORY_INDEX["personnel"])]
# New core money goes to the first group with something free: never pay and pensions first.
_CORE_ADD_ORDER = ([_EQUIPMENT, _OPERATIONS],
                   [s for s in bucket_slots(Bucket.CORE) if s not in
                    (_EQUIPMENT, _OPERATIONS, _PERSONNEL)],
                   [_PERSONNEL])
_SECURITY_NAMED = [s for s in bucket_slots(Bucket.SECURITY)
                   if SLOTS[s].subcategory != NO_SUBCATEGORY]
_SECURITY_ADD_ORDER = (_SECURITY_NAMED,
                       [s for s in bucket_slots(Bucket.SECURITY) if s not in _SECURITY_NAMED])


@dataclass(frozen=True)
class SpreadRequest:
    """Money to add (delta > 0) or remove for one year and bucket, and where it goes."""

    year: int
    bucket: Bucket
    delta: float  # counted money; ignored in mode "growth" with growth_pct
    mode: str = "default"
    slots: tuple[int, ...] | None = None  # target slots (taxonomy.SLOTS indices)
    lines: tuple[int, ...] | None = None  # target lines (budget years only)
    growth_pct: float | None = None  # mode "growth"

    def __post_init__(self) -> None:
        if self.mode not in SPREAD_MODES:
            raise SpreadError(f"'{self.mode}' is not a way to spread money; use one of "
                              f"{', '.join(SPREAD_MODES)}.")
        if not np.isfinite(self.delta) or abs(self.delta) > 1e15:
            raise SpreadError(f"{self.delta:g} cannot be spread: type an amount below "
                              "1,000,000 bn.")


@dataclass(frozen=True)
class SlotMove:
    slot: int
    label: str
    before: float
    delta: float
    lines_moved: int  # 0 in planned years (they hold money per slot, not per line)

    @property
    def after(self) -> float:
        return self.before + self.delta


@dataclass(frozen=True)
class SpreadPreview:
    """Where a spread puts the money, before anything changes."""

    year: int
    bucket: Bucket
    planned: bool
    delta: float  # the money actually moved, rounded to the unit
    moves: tuple[SlotMove, ...]
    lines: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=np.intp))
    new_amounts: np.ndarray = field(default_factory=lambda: np.empty(0))  # of `lines`, year

    @property
    def lines_moved(self) -> int:
        return len(self.lines)

    @property
    def slot_delta_of_equipment(self) -> float:
        return sum(m.delta for m in self.moves if m.slot == _EQUIPMENT)

    def summary(self) -> str:
        """'Equipment +1.2 bn (40 lines), Operations & other +0.8 bn (12 lines)'."""
        from .money import money_text
        parts = []
        for m in self.moves:
            if m.delta:
                where = f" ({m.lines_moved:,} line{'s' if m.lines_moved != 1 else ''})" \
                    if not self.planned else ""
                sign = "+" if m.delta > 0 else "-"
                parts.append(f"{m.label} {sign}{money_text(abs(m.delta))}{where}")
        return ", ".join(parts) or "nothing moves"


def _slot_of_lines(plan: Plan, lines: np.ndarray) -> np.ndarray:
    from .budget import _SLOT_TABLE
    b = plan.budget
    return _SLOT_TABLE[b.buckets[lines], b.subcategories[lines] + 1]


@dataclass
class _Units:
    """What can move in one year and bucket: per slot, current money and free lines."""

    current: dict[int, float]
    free: dict[int, np.ndarray]  # slot -> free line indices (budget years); empty for planned
    line_counted: dict[int, np.ndarray]  # slot -> counted money of those lines
    shares: dict[int, np.ndarray]


def _units(plan: Plan, year: int, bucket: Bucket, only_lines: np.ndarray | None) -> _Units:
    totals = plan.slot_totals(year)
    held_slots = plan.planning.held_slots
    slots = [s for s in bucket_slots(bucket) if (year, s) not in held_slots]
    current = {s: float(totals[s]) for s in slots}
    free: dict[int, np.ndarray] = {}
    counted: dict[int, np.ndarray] = {}
    shares: dict[int, np.ndarray] = {}
    if plan.is_planned_year(year):
        return _Units(current, {s: np.empty(0, dtype=np.intp) for s in slots}, {}, {})
    b, yi = plan.budget, plan.budget.year_index(year)
    lines = category_lines(plan, bucket)
    if only_lines is not None:
        lines = np.intersect1d(lines, only_lines)
    share = np.where(np.isin(b.buckets[lines], (Bucket.CORE, Bucket.SECURITY)),
                     b.shares[lines], 1.0)
    ok = ~b.holds[lines] & (share > 0)
    lines, share = lines[ok], share[ok]
    line_slots = _slot_of_lines(plan, lines)
    for s in slots:
        mine = line_slots == s
        free[s], shares[s] = lines[mine], share[mine]
        counted[s] = b.amounts[lines[mine], yi] * share[mine]
    return _Units(current, free, counted, shares)


def default_slots_for(plan: Plan, year: int, bucket: Bucket, delta: float) -> list[int]:
    """The slots the default rule puts money in (empty: nothing free to move)."""
    units = _units(plan, year, Bucket(bucket), None)
    return _default_slots(plan, year, Bucket(bucket), delta, units)


def _can_take(plan: Plan, year: int, units: _Units, slot: int) -> bool:
    if slot not in units.current:
        return False
    return plan.is_planned_year(year) or len(units.free[slot]) > 0


def _default_slots(plan: Plan, year: int, bucket: Bucket, delta: float,
                   units: _Units) -> list[int]:
    free = [s for s in bucket_slots(bucket) if _can_take(plan, year, units, s)]
    if delta < 0 or bucket not in (Bucket.CORE, Bucket.SECURITY):
        return free
    order = _CORE_ADD_ORDER if bucket == Bucket.CORE else _SECURITY_ADD_ORDER
    for group in order:
        chosen = [s for s in group if s in free]
        if chosen:
            return chosen
    return []


def _slot_weights(plan: Plan, request: SpreadRequest, slots: list[int],
                  units: _Units) -> np.ndarray:
    current = np.array([units.current[s] for s in slots])
    if request.mode == "equal":
        return np.full(len(slots), 1.0 / len(slots))
    if request.mode == "growth" and request.growth_pct is None:
        rates = np.array([plan.planning.spending_growth_for(request.year, s) for s in slots])
        current = current * rates
    return _weights(current)


def _weights(values: np.ndarray) -> np.ndarray:
    total = float(values.sum())
    if total > 0:  # a scale factor: a negative correction keeps its fraction
        return values / total
    sizes = np.abs(values)
    if sizes.sum() > 0:
        return sizes / sizes.sum()
    return np.full(len(values), 1.0 / len(values))


def preview_spread(plan: Plan, request: SpreadRequest) -> SpreadPreview:
    """Where the money of `request` would go; changes nothing (SpreadError when it cannot)."""
    bucket, year, unit = Bucket(request.bucket), request.year, plan.display_unit
    planned = plan.is_planned_year(year)
    only = None if request.lines is None else np.unique(np.asarray(request.lines, np.intp))
    units = _units(plan, year, bucket, only)
    slots = _target_slots(plan, request, units)
    named = request.slots[0] if request.slots is not None and len(request.slots) == 1 else None
    what = f"{bucket.label if named is None else SLOTS[named].label} in {year}"
    if not slots:
        raise SpreadError(f"The money for {what} has nowhere to go: every line or "
                          "sub-category is held or there is none; release one and try again.")
    delta = request.delta
    if request.mode == "growth" and request.growth_pct is not None:
        delta = sum(units.current[s] for s in slots) * request.growth_pct / 100.0
    units_total = round(delta / unit)
    slot_deltas = round_to_unit(_slot_weights(plan, request, slots, units) * delta,
                                units_total, unit)
    if planned:
        _refuse_overdraw(slots, slot_deltas, units, what)
        moves = tuple(SlotMove(s, SLOTS[s].label, units.current[s], float(d), 0)
                      for s, d in zip(slots, slot_deltas))
        return SpreadPreview(year, bucket, True, units_total * unit, moves)
    return _line_preview(plan, request, slots, slot_deltas, units, units_total * unit)


def _target_slots(plan: Plan, request: SpreadRequest, units: _Units) -> list[int]:
    year, bucket = request.year, Bucket(request.bucket)
    if request.slots is not None:
        wrong = [s for s in request.slots if SLOTS[s].bucket != bucket]
        if wrong:
            raise SpreadError(f"{SLOTS[wrong[0]].label} is not part of {bucket.label}: "
                              f"{bucket.label} money stays in its own sub-categories.")
        return [s for s in request.slots if _can_take(plan, year, units, s)]
    if request.lines is not None or request.mode in ("proportional", "equal", "growth") \
            or request.mode == "chosen":
        return [s for s in bucket_slots(bucket) if _can_take(plan, year, units, s)]
    return _default_slots(plan, year, bucket, request.delta, units)


def _refuse_overdraw(slots: list[int], deltas: np.ndarray, units: _Units, what: str) -> None:
    for s, d in zip(slots, deltas):
        if units.current[s] >= 0 and units.current[s] + d < -1e-6:
            raise SpreadError(f"Cannot take that much from {what}: {SLOTS[s].label} would "
                              "go below zero.")


def _line_preview(plan: Plan, request: SpreadRequest, slots: list[int], slot_deltas,
                  units: _Units, delta: float) -> SpreadPreview:
    """Inside a budget year: each slot's money over its free lines, in proportion."""
    unit = plan.display_unit
    moves, all_lines, all_amounts = [], [], []
    b, yi = plan.budget, plan.budget.year_index(request.year)
    for s, d in zip(slots, slot_deltas):
        lines, counted, share = units.free[s], units.line_counted[s], units.shares[s]
        line_deltas = round_to_unit(_line_weights(counted, d) * d, round(d / unit), unit)
        moved = line_deltas != 0
        amounts = b.amounts[lines[moved], yi] + _amount_change(line_deltas[moved], share[moved])
        all_lines.append(lines[moved])
        all_amounts.append(amounts)
        moves.append(SlotMove(s, SLOTS[s].label, units.current[s], float(d), int(moved.sum())))
    lines = np.concatenate(all_lines) if all_lines else np.empty(0, dtype=np.intp)
    amounts = np.concatenate(all_amounts) if all_amounts else np.empty(0)
    order = np.argsort(lines, kind="stable")
    return SpreadPreview(request.year, Bucket(request.bucket), False, delta, tuple(moves),
                         lines[order], amounts[order])


def _amount_change(counted_delta: np.ndarray, share: np.ndarray) -> np.ndarray:
    """The amount change that moves a line's counted money by `counted_delta`: exact for a
    fully counted line; for a part-counted one, to the cent away from zero, so the counted
    total never falls short of what was asked."""
    raw = counted_delta / share
    partial = share < 1.0
    rounded = np.sign(raw) * np.ceil(np.round(np.abs(raw) * 100.0, 6)) / 100.0
    return np.where(partial, rounded, raw)


def _line_weights(counted: np.ndarray, delta: float) -> np.ndarray:
    """Proportional to counted money; when removing, never push a line below zero by more
    than its own size (a scale factor over a positive total)."""
    if len(counted) == 0:
        raise SpreadError("a sub-category with money to move has no free line")
    return _weights(counted)
