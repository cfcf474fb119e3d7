"""Numbers as budget workbooks write them: "1,234.56", "1 234,56", "1.234,56", "(250)", "-".

A cell that is neither a number nor a nil marker is an error the user must see; it is never
silently read as zero.
"""
from __future__ import annotations

import math
import re
from itertools import compress
from typing import TYPE_CHECKING

from .vocabulary import vocabulary

if TYPE_CHECKING:
    import numpy as np

# "-", "...", "n/a", "pm", "xxx"... (resources/vocabulary.json, values.nil)
NIL_MARKERS = frozenset(w.strip().lower() for w in vocabulary().value("nil").words)
_SPACES = re.compile(r"[\s\u00a0\u2007\u2009\u202f\u2002\u2003\u2004\u2005\u2006\u2008']")
_PLAIN = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")
_GROUPED_DOT = re.compile(r"\d{1,3}(,\d{3})+(\.\d*)?")   # 1,234,567.89
_GROUPED_COMMA = re.compile(r"\d{1,3}(\.\d{3})+(,\d*)?")  # 1.234.567,89
_DECIMAL_COMMA = re.compile(r"\d+,\d+")                   # 1234,56 (also 1 234,56 after spaces)
_CURRENCY = re.compile(r"^[€$£¥]|[€$£¥]$")
_SINGLE_DOT_GROUP = re.compile(r"\d{1,3}\.\d{3}")  # "1.234": 1234 where commas are decimals


class NotANumber(ValueError):
    """Text that is neither a number nor a nil marker."""


def parse_number_text(text: str, decimal_comma: bool = False) -> float:
    """The value a person means by `text`; nil markers and blank are 0.

    `decimal_comma` settles "1.234" (1234 in a column that writes "1.234,5", else 1.234).
    Raises NotANumber for anything else (e.g. "approx. 12", "12 (est.)").
    """
    cleaned = text.strip()
    if cleaned.lower() in NIL_MARKERS:
        return 0.0
    negative = False
    if cleaned.startswith("(") and cleaned.endswith(")"):
        negative, cleaned = True, cleaned[1:-1].strip()
    cleaned = _CURRENCY.sub("", cleaned).strip()
    if cleaned.startswith(("-", "\u2212")) and not negative:
        negative, cleaned = True, cleaned[1:].strip()
    elif cleaned.endswith("-") and not negative:  # "250-", as some ledgers print it
        negative, cleaned = True, cleaned[:-1].strip()
    elif cleaned.startswith("+"):
        cleaned = cleaned[1:].strip()
    digits = _SPACES.sub("", cleaned)
    if decimal_comma and _SINGLE_DOT_GROUP.fullmatch(digits):
        digits = digits.replace(".", "")
    value = _unsigned_value(digits, text, decimal_comma)
    if not math.isfinite(value):
        raise NotANumber(f"'{text}' is too large to be an amount")
    return -value if negative else value


def _unsigned_value(digits: str, original: str, decimal_comma: bool) -> float:
    """'1,234.5' / '1.234,5' / '1234,5' / '1234.5' -> float; '1,234' is 1234 unless the
    column writes decimal commas."""
    if _PLAIN.fullmatch(digits) and not digits.startswith(("+", "-")):
        return float(digits)
    comma_first = (_GROUPED_COMMA, _DECIMAL_COMMA, _GROUPED_DOT)
    for pattern in (comma_first if decimal_comma else (_GROUPED_DOT,) + comma_first[:2]):
        if pattern.fullmatch(digits):
            if pattern is _GROUPED_DOT:
                return float(digits.replace(",", ""))
            return float(digits.replace(".", "").replace(",", "."))
    raise NotANumber(f"'{original}' is not a number")


# The plainest number forms, read in bulk (parse_numbers_in_bulk): an optional minus, digits
# plain or grouped by 3 with commas or spaces (dots in a decimal-comma column), decimals.
_BULK_FORMS = {False: re.compile(r"-?(?:\d+|\d{1,3}(?:,\d{3})+|\d{1,3}(?: \d{3})+)(?:\.\d+)?"),
               True: re.compile(r"-?(?:\d+|\d{1,3}(?:\.\d{3})+|\d{1,3}(?: \d{3})+)(?:,\d+)?")}


def parse_numbers_in_bulk(texts: list[str], decimal_comma: bool = False
                          ) -> tuple[np.ndarray, np.ndarray]:
    """(values, read): the texts written in the plainest forms ('1234.5', '1,234.5', '1 234.5';
    in a decimal-comma column '1234,5', '1.234,5', '1 234,5') read at C speed, to exactly what
    parse_number_text gives them; the others (read False, value 0) are left to it."""
    import numpy as np  # noqa: F811 - here only: the command line reads --gdp with this module
    n = len(texts)
    form = _BULK_FORMS[decimal_comma].fullmatch
    read = np.fromiter(map(bool, map(form, texts)), dtype=bool, count=n)
    values = np.zeros(n)
    if read.any():
        chosen = compress(texts, read)  # str.replace is 4x faster than str.translate here
        plain = ([t.replace(".", "").replace(" ", "").replace(",", ".") for t in chosen]
                 if decimal_comma else [t.replace(",", "").replace(" ", "") for t in chosen])
        values[read] = np.fromiter(map(float, plain), dtype=np.float64, count=len(plain))
        read &= np.isfinite(values)  # 400 digits: parse_number_text says it is too large
        values[~read] = 0.0
    return values, read


def is_nil_marker(text: str) -> bool:
    return text.strip().lower() in NIL_MARKERS


def uses_decimal_comma(texts: list[str]) -> bool:
    """Whether a column's text numbers write decimals with a comma ("1.234,5", "12,5")."""
    for text in texts:
        digits = _SPACES.sub("", text.strip().strip("()").lstrip("-+"))
        if _GROUPED_COMMA.fullmatch(digits) and "," in digits:
            return True
        if _DECIMAL_COMMA.fullmatch(digits) and not _GROUPED_DOT.fullmatch(digits):
            return True
        if re.fullmatch(r"\d{1,3}(\.\d{3}){2,}", digits):
            return True
    return False
