"""What a column of a budget table holds, judged from its header text (BUDGET_FORMAT.md).

The words come from resources/vocabulary.json (every ally's language); this module holds only
the order in which roles are tried and the year arithmetic.
"""
from __future__ import annotations

import datetime as dt
import enum
import functools
import re

from .vocabulary import fold, vocabulary


class ColumnRole(str, enum.Enum):
    DESCRIPTION = "description"
    CODE = "code"
    ORGANISATION = "organisation"
    COFOG = "cofog"
    CLASSIFICATION = "classification"
    SUBCATEGORY = "sub-category"
    SHARE = "counted share"
    RATIONALE = "rationale"
    DECLARATION = "declaration category"  # claims: the declaration's category a line claims
    RISK = "challenge risk"  # claims: low / medium / high
    EVIDENCE = "evidence"  # claims: the reference backing it
    AMOUNT = "amount"  # a fiscal-year amount column (its year is in Detection.amount_years)
    YEAR = "year column"  # the year of each row in a long table (one row per line per year)
    FLOW = "revenue/spending flag"  # marks each row as revenue or spending
    IGNORED = "ignored"


_HEADER_CHARS = 300  # a header longer than this is text, not a header; never scan more
_PLAIN_YEAR = re.compile(r"(?<!\d)(19[5-9]\d|20\d\d|2100)(?!\d)")
_OLD_YEAR = re.compile(r"(?<!\d)(19[0-4]\d)(?!\d)")
_FY_RANGE = re.compile(r"(?<!\d)(19[5-9]\d|20\d\d)\s*[-\u2013\u2014/]\s*(\d{4}|\d\d)(?!\d)")
_FY_SINGLE = re.compile(r"(?<![a-z0-9])fy\s?'?(\d{4}|\d\d)(?!\d)")
_YEAR_RANGE = re.compile(r"(19[5-9]\d|20\d\d)\s*[-\u2013\u2014/]\s*((?:19|20)?\d\d)(?!\d)")
_RELATIVE = re.compile(r"(?<!\w)t\s*(?:([+\-\u2212\u2013])\s*(\d{1,2}))?(?!\w)")
_TRANSITION_QUARTER = re.compile(r"(?<![a-z0-9])tq(?![a-z0-9])")
_NOT_AN_AMOUNT = re.compile(r"(?<![a-z0-9])(change|growth|variance|difference|diff|delta|ratio|"
                            r"index|vs\.?|versus|deviation|quantity|qty|fte|headcount|posts)"
                            r"(?![a-z0-9])")


def header_text(cell: object) -> str:
    """A header cell as text; 2025.0 reads '2025', a date header its year."""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, (dt.date, dt.datetime)):
        return str(cell.year)
    return "" if cell is None else " ".join(str(cell).split())


# --- years ---------------------------------------------------------------------------------------
def nato_year(start_year: int, fy_start: int | None) -> int:
    """The calendar year holding most months of a fiscal year that starts in month `fy_start`
    of `start_year` (NATO's rule). April (the default) -> the start year; October -> the next.
    An even split (July) goes to the start year."""
    month = fy_start or 4
    months_in_start_year = 13 - month
    return start_year if months_in_start_year >= 12 - months_in_start_year else start_year + 1


def year_in(text: str, fy_start: int | None = None) -> int | None:
    """The NATO year a header names: '2025', 'FY2025 Budget', '2025/26', 'FY25', 1950-2100.

    '2025/26' is mapped by the majority-of-months rule (`fy_start`, default April: 2025).
    'FY2026' names the fiscal year ending in 2026 (US and Canadian usage); without `fy_start`
    it is read as written (2026), with one it is mapped like a range."""
    lowered = text.lower()
    span = _FY_RANGE.search(lowered)
    if span and _range_end(span.group(1), span.group(2)) == int(span.group(1)) + 1:
        return nato_year(int(span.group(1)), fy_start)
    single = _FY_SINGLE.search(lowered)
    if single:
        digits = single.group(1)
        label = int(digits) if len(digits) == 4 else 2000 + int(digits)
        if 1950 <= label <= 2100:
            return label if fy_start in (None, 1) else nato_year(label - 1, fy_start)
    found = _PLAIN_YEAR.search(lowered)
    return int(found.group(1)) if found else None


def relative_offset(text: str) -> int | None:
    """'t+1', 'Bedrag t-2', 't' -> the offset from the budget year t; None if no such word."""
    if year_in(text) is not None:
        return None
    found = _RELATIVE.search(fold(text[:_HEADER_CHARS]))
    if not found:
        return None
    if found.group(1) is None:  # a bare 't': only alone or after an amount word ('Bedrag t')
        rest = fold(text[:_HEADER_CHARS]).replace(found.group(0), " ").strip()
        if rest and not vocabulary().header("amount").search(rest):
            return None
        return 0
    sign = -1 if found.group(1) in "-\u2212\u2013" else 1
    return sign * int(found.group(2))


def left_out_year(text: str) -> str | None:
    """Why a year-like header is not one year's money: 'before 1950', 'a transition quarter',
    'a range of years'; None when it is not year-like or is used."""
    lowered = text.lower()
    if _TRANSITION_QUARTER.search(lowered):
        return "a transition quarter (TQ), not a fiscal year"
    if year_in(text) is None and _OLD_YEAR.search(lowered):
        return "a year before 1950"
    span = _YEAR_RANGE.search(lowered)
    if span:
        end = _range_end(span.group(1), span.group(2))
        if end is not None and end - int(span.group(1)) > 1:
            return "a range of years, not one year"
    return None


def _range_end(start: str, end: str) -> int | None:
    """The last year of '2025-2030' or '2025-27'; None for '2025-12' (no span, a month)."""
    if len(end) == 4:
        return int(end)
    two_digit_end = int(start[:2] + end)
    return two_digit_end if two_digit_end > int(start) else None


def _not_one_year_amount(text: str) -> bool:
    """'% change 2026/2025', 'Total 2025-2030': a year in the header, yet not one year's money."""
    lowered = text.lower()
    if _NOT_AN_AMOUNT.search(lowered) or is_percentage(text):
        return True
    return left_out_year(text) is not None


# --- what the header says the column is -------------------------------------------------------
def is_actual(text: str) -> bool:
    """An outturn column ('2024 Actual', 'Ist', 'Realisatie'); a budget column beats it."""
    return vocabulary().header("actual").search(text[:_HEADER_CHARS]) is not None


def is_commitment(text: str) -> bool:
    """A commitment-authority column (VE, AE, Dutch V, obligations...): never a year's amount
    while an appropriation or payment column for that year exists."""
    return vocabulary().header("commitment").search(text[:_HEADER_CHARS]) is not None


def is_percentage(text: str) -> bool:
    """'% of GDP', 'share 2025', 'Prozent': a percentage, never money."""
    words = vocabulary()
    head = text[:_HEADER_CHARS]
    if words.header("percentage").search(head):
        return True
    return year_in(head) is not None and words.header("share").search(head) is not None


def amount_preference(text: str) -> int:
    """Among several amount columns for one year (or a long table's lone columns): the adopted
    budget first, then a plain amount, a revised, a draft, an actual, a commitment last."""
    words = vocabulary()
    head = text[:_HEADER_CHARS]
    if is_commitment(head):
        return 0
    if is_actual(head):
        return 1
    if words.header("draft").search(head):
        return 2
    if words.header("revised").search(head):
        return 3
    if words.header("adopted").search(head):
        return 5
    return 4


@functools.lru_cache(maxsize=4096)
def role_of(text: str) -> ColumnRole | None:
    """The role a header names; AMOUNT for a year column, None for an unknown header."""
    head = text[:_HEADER_CHARS]
    if not head.strip():
        return None
    words = vocabulary()
    dated = year_in(head) is not None or relative_offset(head) is not None
    for role, kind in ((ColumnRole.DECLARATION, "declaration"), (ColumnRole.RISK, "risk"),
                       (ColumnRole.EVIDENCE, "evidence")):
        if words.header(kind).search(head) and not dated:
            return role  # before 'category' and 'reference': 'Declaration category'
    if words.header("subcategory").search(head):
        return ColumnRole.SUBCATEGORY
    if words.header("share").search(head):
        return None if dated else ColumnRole.SHARE
    if words.header("classification").search(head) or words.header("category").search(head):
        return ColumnRole.CLASSIFICATION
    if words.header("rationale").search(head):
        return ColumnRole.RATIONALE
    if dated:
        return None if _not_one_year_amount(head) else ColumnRole.AMOUNT
    if is_flow_header(head):
        return ColumnRole.FLOW
    for role, kind in ((ColumnRole.YEAR, "year"), (ColumnRole.COFOG, "cofog"),
                       (ColumnRole.CODE, "code"), (ColumnRole.ORGANISATION, "organisation"),
                       (ColumnRole.DESCRIPTION, "description"),
                       (ColumnRole.DESCRIPTION, "description_weak")):
        if words.header(kind).search(head):
            return role
    return None


def is_flow_header(text: str) -> bool:
    """'flow', 'Titelart', 'inntekt-utgift', 'Uitgaven (U) ... Ontvangsten (O)': a column that
    may flag rows as revenue or spending (its values decide)."""
    words, head = vocabulary(), text[:_HEADER_CHARS]
    if words.header("flow").search(head):
        return True
    return bool(words.value("revenue").search(head) and words.value("spending").search(head))


def is_generic_category(text: str) -> bool:
    """'Category' (any language) without 'NATO'/'classification': maybe not NATO buckets."""
    words, head = vocabulary(), text[:_HEADER_CHARS]
    return (words.header("category").search(head) is not None
            and words.header("classification").search(head) is None)


def is_lone_amount(text: str) -> bool:
    """'Amount', 'Budget (EUR m)', 'vastgestelde begroting': an amount column whose year must
    come from elsewhere (the title, --year, or a long table's year column)."""
    head = text[:_HEADER_CHARS]
    if year_in(head) is not None or relative_offset(head) is not None or is_percentage(head):
        return False
    words = vocabulary()
    return any(words.header(kind).search(head) for kind in
               ("amount", "adopted", "draft", "revised", "actual", "commitment"))


def is_unit_header(text: str) -> bool:
    return vocabulary().header("unit").search(text[:_HEADER_CHARS]) is not None


def is_currency_header(text: str) -> bool:
    return vocabulary().header("currency").search(text[:_HEADER_CHARS]) is not None
