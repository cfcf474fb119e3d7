"""Words the desktop app shows: counts with the right plural, the budget's line count said
the same way everywhere, and the importer's command-line hints turned into what to click.

The importer speaks to both `nato-planner report` and the desktop app; its sentences name
command-line options ("give --gdp YEAR=AMOUNT"), which mean nothing in a window.
"""
from __future__ import annotations

import re

from ..core.budget import Budget

# (command-line hint as the importer words it, what to do in the window instead)
_GUI_HINTS: tuple[tuple[str, str], ...] = (
    (r"give --gdp YEAR=AMOUNT or add a GDP sheet", "enter it with Edit > GDP per year (Ctrl+G) "
                                                    "or add a GDP sheet to the workbook"),
    (r"give one of those with --sheet", "choose one of those in the Sheet box of the import "
                                        "preview"),
    (r"choose (?:it|the sheet) with --sheet", "choose the sheet in the Sheet box of the import "
                                              "preview"),
    (r"give the year with --year", "set the year of each amount column in the import preview"),
    (r"from --gdp", "typed in"),
    (r"--gdp", "the GDP you typed"),
    (r"--sheet", "the Sheet box of the import preview"),
    (r"--year", "the year row of the import preview"),
)


def gui_wording(text: str) -> str:
    """An importer sentence with its command-line options replaced by what to click."""
    for pattern, replacement in _GUI_HINTS:
        text = re.sub(pattern, replacement, text)
    return text


def count_text(count: int, word: str, plural: str | None = None) -> str:
    """'1 row', '2 rows', '1,204 lines'."""
    return f"{count:,} {word if count == 1 else (plural or word + 's')}"


def line_count_text(budget: Budget) -> str:
    """The budget's size said once, the same way in the preview, the filter bar and the lanes:
    every line read, and how many of them an unreadable amount keeps out of the totals."""
    total = len(budget)
    unreadable = int(budget.excluded.sum())
    text = count_text(total, "line")
    if unreadable:
        text += f" ({unreadable:,} with an unreadable amount, left out of totals)"
    return text
