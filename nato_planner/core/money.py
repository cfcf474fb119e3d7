"""How money, shares and amounts read in labels, the audit log, charts and the status bar.

One formatter for the whole app, so a total reads the same on a lane, a chart and in Undo.
"""
from __future__ import annotations

import math


def money_text(amount: float | None, currency: str | None = None, digits: int = 3) -> str:
    """'EUR 1.24 bn', 'EUR 850 m', 'EUR 12,500', 'n/a' for a missing figure: money scaled
    so a delegate reads it at once, with its currency when the workbook names one."""
    if amount is None:
        return "n/a"
    prefix = f"{currency} " if currency else ""
    sign, value = ("-" if amount < 0 else ""), abs(amount)
    for factor, unit in ((1e12, "tn"), (1e9, "bn"), (1e6, "m"), (1e3, "k")):
        if value >= factor:
            scaled = value / factor
            decimals = max(0, digits - 1 - int(math.floor(math.log10(scaled))))
            return f"{sign}{prefix}{scaled:,.{decimals}f} {unit}"
    return f"{sign}{prefix}{value:,.0f}"


def share_text(fraction: float) -> str:
    """'38.25%', '40%': exact enough that two different shares never read the same."""
    return f"{fraction * 100:.4f}".rstrip("0").rstrip(".") + "%"


def amount_text(amount: float) -> str:
    """'1,234,567.5', '250': cents shown only when there are some."""
    return f"{amount:,.2f}".rstrip("0").rstrip(".")
