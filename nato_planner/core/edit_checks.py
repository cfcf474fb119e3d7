"""What a typed edit must satisfy before a command runs: a plausible amount, a share a
delegate can mean, and which years hold actual (executed) spending rather than a plan.

A tester typed 1e20 into an amount and 150 into a share; both were taken (the share as 15%)
without a word. Commands call these checks, so every way in (table, dialogs, charts) refuses
the same values with the same sentence.
"""
from __future__ import annotations

import math

from .errors import PlannerError
from .money import money_text

MAX_PLAUSIBLE_AMOUNT = 1e15  # currency units: a thousand times any national budget


class ImplausibleEdit(PlannerError, ValueError):
    """A typed value no budget can hold; str() says what to type instead."""


def check_amount(amount: float, currency: str | None = None, what: str = "An amount") -> float:
    """`amount` as a float, or ImplausibleEdit when it is not a finite, plausible figure."""
    value = float(amount)
    if not math.isfinite(value):
        raise ImplausibleEdit(f"{what} must be a number; '{amount}' is not.")
    if abs(value) >= MAX_PLAUSIBLE_AMOUNT:
        raise ImplausibleEdit(
            f"{what} of {money_text(value, currency)} is not plausible (more than "
            f"{money_text(MAX_PLAUSIBLE_AMOUNT, currency)}); check the unit shown in the column "
            "header and type the amount in that unit.")
    return value


def check_share_percent(percent: float) -> float:
    """A counted share typed in percent (0-100) as a fraction; 150 is refused, not cut to 15."""
    value = float(percent)
    if not math.isfinite(value) or not 0.0 <= value <= 100.0:
        raise ImplausibleEdit(f"A counted share is a percentage from 0 to 100; {percent:g} is "
                              "outside it. Type e.g. 40 for 40%.")
    return value / 100.0


def is_actual_year(year: int, current_year: int) -> bool:
    """A fiscal year before the current one: its amounts record what was spent (actual), so
    changing them rewrites history rather than planning; the app asks before it does."""
    return year < current_year
