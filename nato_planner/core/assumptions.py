"""What the planned years rest on: growth of GDP and of spending, inflation, the GDP series.

API for views (read; edit only through core/planning_commands.py):

    a = plan.planning                       # PlanningAssumptions
    a.gdp_growth_for(2030)                  # nominal GDP growth % used for 2030
    a.spending_growth_for(2030, slot)       # spending growth % of one slot in 2030
    a.inflation_for(2030)                   # GDP deflator rise % in 2030
    a.gdp_series                            # GdpSeries | None (None: the workbook's GDP)
    parse_gdp_series("2026 2.1e12\\n2027 2.2e12")  -> {2026: 2.1e12, 2027: 2.2e12}

Every rate is percent (3.0 means 3% a year). A rate "for a year" is the growth from the year
before to that year. Lookups go from the most specific to the default: (year, slot), then
slot, then year, then the plan-wide rate, so a delegate sets one rate and overrides only the
years or sub-categories that differ.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from .errors import PlannerError
from .planning_defaults import (  # noqa: F401 - part of this module's vocabulary
    DEFAULT_GDP_GROWTH_PCT, DEFAULT_INFLATION_PCT, DEFAULT_SPENDING_GROWTH_PCT,
)


GDP_SOURCES = {"workbook": "The workbook's GDP", "national": "A typed national forecast",
               "pasted": "A pasted series (IMF, European Commission...)"}


class AssumptionError(PlannerError):
    """An assumption a delegate typed that cannot be used (a rate of -150%, a bad series)."""


@dataclass(frozen=True)
class GdpSeries:
    """A GDP series chosen in place of the workbook's: its figures replace the workbook's for
    the years it covers; later years grow from its last year."""

    kind: str  # "national" or "pasted" (GDP_SOURCES)
    label: str  # e.g. "IMF WEO October 2026"
    values: dict[int, float]

    def __post_init__(self) -> None:
        if self.kind not in GDP_SOURCES or self.kind == "workbook":
            raise AssumptionError(f"'{self.kind}' is not a GDP series kind (national or pasted).")
        for year, value in self.values.items():
            check_gdp_value(year, value)


def check_rate(pct: float, what: str) -> float:
    """A growth or inflation rate a delegate can mean: finite and above -100% a year."""
    pct = float(pct)
    if not math.isfinite(pct) or pct <= -100.0 or pct > 1000.0:
        raise AssumptionError(f"{what} of {pct:g}% a year cannot be used: type a rate between "
                              "-99% and 1000%.")
    return pct


def check_gdp_value(year: int, value: float) -> float:
    value = float(value)
    if not math.isfinite(value) or value <= 0 or value > 1e16:
        raise AssumptionError(f"GDP {year} of {value:g} cannot be used: GDP is a positive "
                              "amount in plain currency units (e.g. 7.6e11).")
    return value


@dataclass
class PlanningAssumptions:
    """Growth, inflation, the GDP series, planned money and holds; edited by commands."""

    gdp_growth_pct: float = DEFAULT_GDP_GROWTH_PCT
    spending_growth_pct: float = DEFAULT_SPENDING_GROWTH_PCT
    inflation_pct: float = DEFAULT_INFLATION_PCT
    gdp_growth_by_year: dict[int, float] = field(default_factory=dict)
    spending_growth_by_year: dict[int, float] = field(default_factory=dict)
    spending_growth_by_slot: dict[int, float] = field(default_factory=dict)
    spending_growth_by_year_slot: dict[tuple[int, int], float] = field(default_factory=dict)
    inflation_by_year: dict[int, float] = field(default_factory=dict)
    gdp_series: GdpSeries | None = None  # None: the workbook's GDP
    path_baseline_year: int | None = None  # None: first budget year with a GDP
    planned_amounts: dict[tuple[int, int], float] = field(default_factory=dict)  # (year, slot)
    held_slots: set[tuple[int, int]] = field(default_factory=set)  # (year, slot) kept by spreads

    def __post_init__(self) -> None:
        if isinstance(self.gdp_series, dict):  # read back from a project file
            self.gdp_series = GdpSeries(**self.gdp_series)

    def gdp_growth_for(self, year: int) -> float:
        return self.gdp_growth_by_year.get(year, self.gdp_growth_pct)

    def spending_growth_for(self, year: int, slot: int) -> float:
        if (year, slot) in self.spending_growth_by_year_slot:
            return self.spending_growth_by_year_slot[(year, slot)]
        if slot in self.spending_growth_by_slot:
            return self.spending_growth_by_slot[slot]
        return self.spending_growth_by_year.get(year, self.spending_growth_pct)

    def inflation_for(self, year: int) -> float:
        return self.inflation_by_year.get(year, self.inflation_pct)

    @property
    def gdp_source(self) -> str:
        """'workbook', 'national' or 'pasted' (GDP_SOURCES)."""
        return "workbook" if self.gdp_series is None else self.gdp_series.kind

    def copy(self) -> "PlanningAssumptions":
        return PlanningAssumptions(
            self.gdp_growth_pct, self.spending_growth_pct, self.inflation_pct,
            dict(self.gdp_growth_by_year), dict(self.spending_growth_by_year),
            dict(self.spending_growth_by_slot), dict(self.spending_growth_by_year_slot),
            dict(self.inflation_by_year), self.gdp_series, self.path_baseline_year,
            dict(self.planned_amounts), set(self.held_slots))


# --- a pasted series ------------------------------------------------------------------------
_SCALE_WORDS = {"bn": 1e9, "billion": 1e9, "billions": 1e9, "mn": 1e6, "m": 1e6,
                "million": 1e6, "millions": 1e6, "tn": 1e12, "trillion": 1e12, "k": 1e3}


def parse_gdp_series(text: str, scale: float = 1.0) -> dict[int, float]:
    """Year and GDP per line, as pasted from an IMF or European Commission table.

    Accepts "2026 2.1e12", "2026;2,100,000,000,000", "2026\\t2100 bn", two columns
    separated by spaces, tabs, ';' or ',' (a ',' between digits is a thousands separator).
    `scale` multiplies every figure (1e9 when the table is in billions). Blank lines and a
    header line without a year are skipped; any other line that is not year + amount is
    refused with its line number.
    """
    values: dict[int, float] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        match = re.match(r"^\s*(?:FY\s*)?(\d{4})[a-z]?\s*[;,\t| ]\s*(.+)$", line, re.I)
        if not match:
            if not re.search(r"\d{4}", line) and number == 1:
                continue  # a header line such as "Year  GDP"
            raise AssumptionError(f"Line {number} of the pasted GDP series ('{raw.strip()}') "
                                  "is not a year and an amount, e.g. '2027 2.2e12'.")
        year, amount = int(match.group(1)), _series_amount(match.group(2), number, raw)
        if not 1950 <= year <= 2100:
            raise AssumptionError(f"Line {number} of the pasted GDP series names year {year}; "
                                  "use years 1950-2100.")
        values[year] = check_gdp_value(year, amount * scale)
    if not values:
        raise AssumptionError("The pasted GDP series has no line with a year and an amount; "
                              "paste two columns, e.g. '2026 2.1e12'.")
    return values


def _series_amount(text: str, number: int, raw: str) -> float:
    text = text.strip().strip(";,|\t ")
    factor = 1.0
    word = re.search(r"\s*([a-z]+)\.?$", text, re.I)
    if word and word.group(1).lower() in _SCALE_WORDS:
        factor = _SCALE_WORDS[word.group(1).lower()]
        text = text[:word.start()]
    cleaned = text.replace("\u00a0", "").replace(" ", "").replace("_", "")
    if re.fullmatch(r"-?\d{1,3}(,\d{3})+(\.\d+)?", cleaned):
        cleaned = cleaned.replace(",", "")
    elif re.fullmatch(r"-?\d{1,3}(\.\d{3})+(,\d+)?", cleaned):
        cleaned = cleaned.replace(".", "").replace(",", ".")
    elif re.fullmatch(r"-?\d+,\d+", cleaned):
        cleaned = cleaned.replace(",", ".")
    try:
        return float(cleaned) * factor
    except ValueError:
        raise AssumptionError(f"Line {number} of the pasted GDP series ('{raw.strip()}'): "
                              f"'{text}' is not an amount.") from None
