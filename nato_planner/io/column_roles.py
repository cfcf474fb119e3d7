"""What a column of a budget table holds, judged from its header text (BUDGET_FORMAT.md)."""
from __future__ import annotations

import datetime as dt
import enum
import re


class ColumnRole(str, enum.Enum):
    DESCRIPTION = "description"
    CODE = "code"
    ORGANISATION = "organisation"
    COFOG = "cofog"
    CLASSIFICATION = "classification"
    SUBCATEGORY = "sub-category"
    SHARE = "counted share"
    RATIONALE = "rationale"
    DECLARATION = "declaration category"
    RISK = "challenge risk"
    EVIDENCE = "evidence"
    AMOUNT = "amount"  # a fiscal-year amount column (its year is in Detection.amount_years)
    IGNORED = "ignored"


def _words(*patterns: str) -> re.Pattern[str]:
    return re.compile("|".join(rf"(?<![a-z0-9]){p}(?![a-z0-9])" for p in patterns))


# Checked in this order: the first that matches names the role (most specific first).
_BEFORE_YEAR: tuple[tuple[ColumnRole, re.Pattern[str]], ...] = (
    (ColumnRole.DECLARATION, _words(r"declaration categor(y|ies)", r"claim categor(y|ies)",
                                    r"1[.,]5\s*%\s*categor(y|ies)")),
    (ColumnRole.RISK, _words(r"challenge risks?", r"risks?")),
    (ColumnRole.EVIDENCE, _words(r"evidence", r"references?", r"source documents?")),
    (ColumnRole.SUBCATEGORY, _words(r"sub[\s_-]?categor(y|ies)")),
    (ColumnRole.SHARE, _words(r"shares?", r"counted\s*(%|percent(age)?)", r"eligible\s*%")),
    (ColumnRole.CLASSIFICATION, _words(r"classifications?", r"nato categor(y|ies)",
                                       r"pledge categor(y|ies)", r"categor(y|ies)", r"bucket")),
    (ColumnRole.RATIONALE, _words(r"rationale", r"justifications?", r"notes?", r"comments?",
                                  r"remarks?")),
)
_AFTER_YEAR: tuple[tuple[ColumnRole, re.Pattern[str]], ...] = (
    (ColumnRole.COFOG, _words(r"cofog", r"functions?", r"functional( code)?")),
    (ColumnRole.ORGANISATION, _words(r"ministr(y|ies)", r"departments?", r"organi[sz]ations?",
                                     r"agenc(y|ies)", r"chapters?", r"entity", r"kapitel")),
    (ColumnRole.DESCRIPTION, _words(r"descriptions?", r"line items?", r"titles?", r"names?",
                                    r"text", r"designation", r"label", r"libell[ée]",
                                    r"bezeichnung", r"zweckbestimmung", r"nazwa")),
    (ColumnRole.CODE, _words(r"codes?", r"ref", r"id", r"budget lines?",
                             r"accounts?", r"line no\.?", r"number", r"titel")),
    (ColumnRole.DESCRIPTION, _words(r"items?", r"programmes?", r"programs?")),
)
GENERIC_CATEGORY = _words(r"categor(y|ies)")
_LONE_AMOUNT = _words(r"amounts?", r"budget(ed)?", r"appropriations?", r"allocations?",
                      r"expenditures?", r"spending", r"credits?", r"montants?", r"betr[aä]ge?",
                      r"ansatz")
_YEAR = re.compile(r"(?<!\d)(20\d\d|2100)(?!\d)")
_SHORT_FY = re.compile(r"(?<![a-z0-9])fy\s?'?(\d\d)(?!\d)")
_YEAR_RANGE = re.compile(r"(20\d\d)\s*[-\u2013\u2014/]\s*((?:20)?\d\d)(?!\d)")
_NOT_AN_AMOUNT = re.compile(r"%|" + _words(r"change", r"growth", r"variance", r"difference",
                                            r"diff", r"delta", r"ratio", r"index", r"vs\.?",
                                            r"versus", r"deviation", r"quantity", r"qty",
                                            r"fte", r"headcount", r"posts").pattern)
_ACTUAL = _words(r"actuals?", r"outturns?", r"out-turn", r"executed", r"execution",
                 r"reali[sz]ed", r"spent", r"closed accounts?", r"ist", r"wykonanie")


def header_text(cell: object) -> str:
    """A header cell as text; 2025.0 reads '2025', a date header its year."""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, (dt.date, dt.datetime)):
        return str(cell.year)
    return "" if cell is None else " ".join(str(cell).split())


def year_in(text: str) -> int | None:
    """The fiscal year a header names: '2025', 'FY2025 Budget', '2025/26' (2025), 'FY25'."""
    found = _YEAR.search(text)
    if found:
        return int(found.group(1))
    short = _SHORT_FY.search(text.lower())
    return 2000 + int(short.group(1)) if short else None


def is_actual(text: str) -> bool:
    """An outturn column ('2024 Actual'); a plan or budget column for the same year beats it."""
    return bool(_ACTUAL.search(text.lower()))


def role_of(text: str) -> ColumnRole | None:
    """The role a header names; AMOUNT for a year column, None for an unknown header."""
    lowered = text.lower()
    if not lowered:
        return None
    for role, pattern in _BEFORE_YEAR:
        if pattern.search(lowered):
            return role
    if year_in(text) is not None:
        return None if _not_one_year_amount(lowered) else ColumnRole.AMOUNT
    for role, pattern in _AFTER_YEAR:
        if pattern.search(lowered):
            return role
    return None


def _not_one_year_amount(lowered: str) -> bool:
    """'% change 2026/2025', 'Total 2025-2030': a year in the header, yet not one year's money."""
    if _NOT_AN_AMOUNT.search(lowered):
        return True
    span = _YEAR_RANGE.search(lowered)
    end = _range_end(span) if span else None
    return end is not None and end - int(span.group(1)) != 1


def _range_end(span: re.Match[str]) -> int | None:
    """The last year of '2025-2030' or '2025-27'; None for '2025-12' (no span, a month)."""
    start, end = span.group(1), span.group(2)
    if len(end) == 4:
        return int(end)
    two_digit_end = int(start[:2] + end)
    return two_digit_end if two_digit_end > int(start) else None


def is_lone_amount(text: str) -> bool:
    """'Amount', 'Budget (EUR m)': an amount column whose year must come from elsewhere."""
    return year_in(text) is None and bool(_LONE_AMOUNT.search(text.lower()))
