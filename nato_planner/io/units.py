"""Scale words ("EUR thousands", "'000", "mn") and currencies as budget workbooks state them."""
from __future__ import annotations

import re

# A bare "m" or "k" followed by ". " is an initial ("Prepared by M. Smith"), not a unit.
# "in 1.000 EUR", "(1 000 €)", "EUR 1,000,000": a one-with-zeros unit, not a number in a title
_UNITS_OF = (r"(?:(?<=in )|(?<=\())1[.,\s\u00a0']?{0}|1[.,\s\u00a0']?{0}(?=\s*(?:€|eur|euro|"
             r"usd|\$|£|gbp|pln|zł|nok|dkk|sek|cad))")
_SCALES: tuple[tuple[float, re.Pattern[str]], ...] = tuple(
    (factor, re.compile("|".join(rf"(?<!\w){p}(?!\w)" for p in patterns)))
    for factor, patterns in (
        (1e9, (r"billions?", r"bn", r"mrd\.?", r"milliard(s|en)?", r"bln", r"mld\.?", r"miljard(en)?",
               r"milliarder", r"miljardi?", r"mil mill?ones",
               _UNITS_OF.format(r"000[.,\s\u00a0']?000[.,\s\u00a0']?000"),
               r"[x\u00d7]\s?1[.,\s\u00a0']?000[.,\s\u00a0']?000[.,\s\u00a0']?000")),
        (1e6, (r"millions?", r"mn", r"mio\.?", r"mln", r"mill\.", r"m(?!\.\s)", r"m[€$£]",
               r"miljoen(en)?", r"millionen", r"millones", r"milioni", r"milh[õo]es", r"miljon(er)?",
               r"millioner", r"miljoonaa?", r"milion(y|[óo]w)?", r"mili[óo]n(y|ov|ů)?",
               r"[€$£]\s?m", r"meur", r"musd", r"mgbp", r"mpln", r"mnok", r"mdkk", r"msek",
               r"(eur|usd|gbp|cad|pln|nok|dkk|sek|czk|huf|ron|chf)\s?m",
               _UNITS_OF.format(r"000[.,\s\u00a0']?000"),
               r"[x\u00d7]\s?1[.,\s\u00a0']?000[.,\s\u00a0']?000")),
        (1e3, (r"thousands?", r"'000s?", r"\u2019000s?", r"\(000\)", r"000s", r"k(?!\.\s)", r"k[€$£]",
               r"keur", r"teur", r"tsd\.?", r"tausend", r"milliers?", r"tys\.?",
               _UNITS_OF.format("000"), r"[x\u00d7]\s?1[.,\s\u00a0']?000",
               r"(eur|usd|gbp|cad|pln|nok|dkk|sek|czk|huf|ron|chf)\s?k")),
    ))
_SCALE_NAMES = {1e9: "billions", 1e6: "millions", 1e3: "thousands", 1.0: "units"}

ISO_CURRENCIES = ("EUR", "USD", "GBP", "CAD", "PLN", "NOK", "DKK", "SEK", "CZK", "HUF", "RON",
                  "BGN", "TRY", "ISK", "MKD", "CHF", "UAH", "JPY", "AUD", "NZD")
_ISO = re.compile(r"(?<![A-Za-z])[MKT]?(" + "|".join(ISO_CURRENCIES) + r")(?![A-Za-z])")
_CURRENCY_WORDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("CAD", re.compile(r"c\$|ca\$|canadian dollars?")),
    ("EUR", re.compile(r"€|(?<![a-z])euros?(?![a-z])")),
    ("GBP", re.compile(r"£|pounds? sterling|(?<![a-z])sterling")),
    ("PLN", re.compile(r"zł|(?<![a-z])zloty")),
    ("CZK", re.compile(r"kč")),
    ("USD", re.compile(r"us\$|\$|(?<![a-z])dollars?(?![a-z])")),
)


def scale_in(text: str) -> tuple[float, str] | None:
    """(factor, the words that said so) for the earliest scale word in `text`, if any."""
    lowered = text.lower()
    found: list[tuple[int, int, float, str]] = []
    for factor, pattern in _SCALES:
        match = pattern.search(lowered)
        if match:  # the earliest word wins; at one place, the longest ('1.000.000' not '1.000')
            found.append((match.start(), -len(match.group(0)), factor, match.group(0)))
    if not found:
        return None
    _, _, factor, word = min(found)
    return factor, word


def scale_name(factor: float) -> str:
    return _SCALE_NAMES.get(factor, f"x{factor:,g}")


def currency_in(text: str) -> str | None:
    """An ISO code ('EUR', 'MEUR', 'USD') or a symbol/word ('€', '£', 'euros') in `text`."""
    match = _ISO.search(text)
    if match:
        return match.group(1)
    lowered = text.lower()
    for code, pattern in _CURRENCY_WORDS:
        if pattern.search(lowered):
            return code
    return None
