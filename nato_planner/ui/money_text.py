"""How money reads on screen: always with its currency and its unit, never a bare number.

The table shows amounts in the workbook's own unit (a budget in EUR thousands stays in
thousands, so a delegate recognises the numbers); totals use core.money.money_text, which
picks a unit that fits their size.
"""
from __future__ import annotations

from ..core.budget import Budget
from ..core.money import display_scale

UNIT_WORDS: dict[float, str] = {1.0: "", 1e3: "thousand", 1e6: "million", 1e9: "billion"}


def table_scale(budget: Budget) -> float:
    """The unit the table shows amounts in: the workbook's own, when it is a plain power of 1,000."""
    return display_scale(budget.source.scale)


def currency_text(budget: Budget) -> str:
    return budget.source.currency or "currency units"


def unit_caption(budget: Budget, scale: float | None = None) -> str:
    """'EUR thousand', 'EUR', or 'thousand currency units' when the currency is unknown."""
    word = UNIT_WORDS.get(table_scale(budget) if scale is None else scale, "")
    currency = budget.source.currency
    if currency:
        return f"{currency} {word}".strip()
    return f"{word} currency units".strip()


def amount_text(value: float, scale: float) -> str:
    """An amount in the table's unit: grouped digits, decimals only where the unit needs them."""
    shown = value / scale
    if shown == int(shown) and abs(shown) < 1e15:
        return f"{shown:,.0f}"
    return f"{shown:,.1f}" if scale > 1 else f"{shown:,.2f}"


def percent_text(value: float | None, decimals: int = 2) -> str:
    return "n/a" if value is None else f"{value:.{decimals}f}%"
