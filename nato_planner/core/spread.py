"""Spreading a new category total over its lines: the arithmetic behind a chart drag.

A delegate drags "Core defence 2026" from 12.0 to 12.3 bn; every line of that category that
is not held has to move so the category adds up to 12.3 bn to the cent. The rules
(documented in docs/trajectory.md and tested in tests/core/test_spread.py):

* Held lines never move.
* When the free lines add up to more than zero, every free line is scaled by the same factor
  (new free total / old free total): the change is spread in proportion to the amounts, a
  negative correction line stays the same fraction of the category, and a total dragged to
  the held lines' sum (e.g. to zero) sets every free line to zero.
* When the free lines add up to zero or less (corrections outweigh the rest), a scale factor
  would flip signs, so the change is spread in proportion to each line's size |amount|.
* When every free line is zero, the change is spread evenly.
* Amounts are rounded to the cent with the largest-remainder method, so the free lines add
  up exactly to (new total - held lines), in whole cents.
* When every line is held (or there is none), there is nothing to move: SpreadError.
"""
from __future__ import annotations

import numpy as np

from .errors import PlannerError


class SpreadError(PlannerError):
    """A total that cannot be spread: every line is held, or the category has no line."""


def spread_total(amounts: np.ndarray, new_total: float, held: np.ndarray | None = None,
                 what: str = "this category") -> np.ndarray:
    """New amounts (a copy) whose sum is `new_total`, moving only the lines not held."""
    amounts = np.asarray(amounts, dtype=np.float64)
    held = np.zeros(len(amounts), dtype=bool) if held is None else np.asarray(held, dtype=bool)
    free = ~held
    if not free.any():
        reason = "has no line" if len(amounts) == 0 else "has every line held"
        raise SpreadError(f"The total of {what} cannot change because it {reason}; "
                          "release a line (or add one) and try again.")
    result = amounts.copy()
    target_cents = round((float(new_total) - float(amounts[held].sum())) * 100.0)
    raw = _unrounded(amounts[free], target_cents / 100.0)
    result[free] = _round_to_cents(raw, target_cents)
    return result


def _unrounded(free: np.ndarray, free_target: float) -> np.ndarray:
    """The free lines' new amounts before rounding (see the module docstring for the rules)."""
    old_sum = float(free.sum())
    if old_sum > 0.0:
        return free * (free_target / old_sum)
    sizes = np.abs(free)
    size_sum = float(sizes.sum())
    weights = sizes / size_sum if size_sum > 0.0 else np.full(len(free), 1.0 / len(free))
    return free + (free_target - old_sum) * weights


def _round_to_cents(raw: np.ndarray, target_cents: int) -> np.ndarray:
    """Largest remainder: floor every line to the cent, give the missing cents to the lines
    that lost most, so the sum is exactly `target_cents`."""
    cents = raw * 100.0
    floors = np.floor(cents)
    missing = int(target_cents - floors.sum())
    if 0 < missing <= len(raw):
        remainders = cents - floors
        order = np.argpartition(-remainders, missing - 1)[:missing]
        floors[order] += 1.0
    elif missing != 0:  # float noise on huge budgets: put the odd cents on the largest line
        floors[int(np.argmax(np.abs(raw)))] += missing
    return floors / 100.0
