"""Where this plan stands among allies: NATO's published core defence % of GDP and equipment
share, one edition at a time (every edition restates earlier years, so the edition is named
wherever the figures are shown)."""
from __future__ import annotations

from dataclasses import dataclass, field

AGGREGATES = ("NATO Europe and Canada", "NATO total")  # shown, but not ranked as allies


@dataclass(frozen=True)
class AllyFigure:
    ally: str
    year: int
    core_pct_gdp: float | None
    equipment_pct_of_core: float | None = None
    estimate: bool = False  # NATO's "2025e": not yet outturn


@dataclass
class AlliesReference:
    edition: str  # "July 2026"
    source: str  # the publication, as NATO titles it
    attribution: str  # the credit NATO asks for
    figures: list[AllyFigure] = field(default_factory=list)

    @property
    def edition_text(self) -> str:
        return f"NATO, {self.edition} edition" if self.edition else "NATO figures (edition not stated)"

    @property
    def years(self) -> list[int]:
        return sorted({f.year for f in self.figures})

    def of_year(self, year: int) -> list[AllyFigure]:
        """The year's figures with a core %, highest first."""
        found = [f for f in self.figures if f.year == year and f.core_pct_gdp is not None]
        return sorted(found, key=lambda f: -(f.core_pct_gdp or 0.0))


@dataclass(frozen=True)
class Standing:
    year: int
    rank: int  # 1 = highest core % of GDP among allies
    allies: int  # how many allies have a figure that year
    above: int  # allies above this plan


def standing(reference: AlliesReference, year: int, core_pct_gdp: float) -> Standing | None:
    """Where a plan's core % of GDP would rank among the allies' figures of `year`."""
    allies = [f for f in reference.of_year(year) if f.ally not in AGGREGATES]
    if not allies:
        return None
    above = sum(1 for f in allies if (f.core_pct_gdp or 0.0) > core_pct_gdp)
    return Standing(year, above + 1, len(allies), above)
