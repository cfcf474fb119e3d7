"""How money, shares and amounts read in labels, the audit log, charts and the status bar.

One formatter for the whole app, so a total reads the same on a lane, a chart and in Undo.
"""
from __future__ import annotations

import math


TABLE_UNITS = (1.0, 1e3, 1e6, 1e9)  # the units a table of amounts is shown in


def display_scale(source_scale: float | None) -> float:
    """The unit amounts are shown and planned in: the workbook's own when it is a plain power of
    1,000 (a budget in EUR million stays in millions), else whole currency units."""
    scale = float(source_scale or 1.0)
    return scale if scale in TABLE_UNITS else 1.0


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


def signed_money_text(amount: float, currency: str | None = None) -> str:
    """A change of money: '+EUR 1.2 bn', '-EUR 850 m' (money_text with a plus for a rise)."""
    return ("+" if amount > 0 else "") + money_text(amount, currency)


def share_text(fraction: float) -> str:
    """'38.25%', '40%': exact enough that two different shares never read the same."""
    return f"{fraction * 100:.4f}".rstrip("0").rstrip(".") + "%"


def amount_text(amount: float) -> str:
    """'1,234,567.5', '250': cents shown only when there are some."""
    return f"{amount:,.2f}".rstrip("0").rstrip(".")


_UNITS = ((1e12, "tn"), (1e9, "bn"), (1e6, "m"), (1e3, "k"), (1.0, ""))


def formula_unit(headline: float | None) -> tuple[float, str]:
    """One unit for every term of a formula, taken from its result (bn for EUR 51.5 bn),
    so the terms can be added by eye; GDP then reads 'EUR 2,094.6 bn', not '2.09 tn'."""
    size = abs(headline or 0.0)
    for factor, unit in _UNITS[1:]:
        if size >= factor:
            return factor, unit
    return 1.0, ""


def money_in_unit(amount: float | None, currency: str | None, unit: tuple[float, str],
                  decimals: int = 1) -> str:
    """'EUR 2,094.6 bn': an amount in a given unit, as a formula writes each of its terms.
    A term below one unit keeps three significant digits ('0.0312 bn', never '0.0 bn')."""
    if amount is None:
        return "n/a"
    factor, name = unit
    scaled = abs(amount) / factor
    if factor == 1.0:
        digits = 0
    elif 0 < scaled < 1:
        digits = max(decimals, 2 - int(math.floor(math.log10(scaled))))
    else:
        digits = decimals
    prefix = f"{currency} " if currency else ""
    sign = "-" if amount < 0 else ""
    return f"{sign}{prefix}{scaled:,.{digits}f}{' ' + name if name else ''}"


def pct_text(pct: float | None, decimals: int = 2) -> str:
    """'2.46%'; 'n/a' without a figure (a year without GDP)."""
    return "n/a" if pct is None else f"{pct:.{decimals}f}%"
