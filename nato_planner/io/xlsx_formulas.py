"""The Summary sheet's live formulas, as text: the pledge arithmetic of core/pledge.py in Excel.

The export writes each formula together with the value the engine computed, so a reader that
does not recalculate sees the engine's figures and a spreadsheet that does recalculate gets the
same numbers from the cells (tests check both against `Plan.figures`). Keep these formulas and
`core.pledge.year_figures` in step.
"""
from __future__ import annotations

from dataclasses import dataclass

from xlsxwriter.utility import xl_col_to_name, xl_rowcol_to_cell

LINE_ITEMS = "'Line items'"
ASSUMPTIONS = "Assumptions"
CORE_TEXT = "Core defence"
SECURITY_TEXT = "Security-related"
NOT_COUNTED_TEXT = "Not counted"
EQUIPMENT_TEXT = "Equipment"


@dataclass(frozen=True)
class LineItemsGeometry:
    """Where the Line items columns are (0-based columns, data rows 2..last_row, 1-based)."""

    classification_col: int
    subcategory_col: int
    share_col: int
    first_year_col: int
    year_count: int
    last_row: int  # 1-based last data row; at least 2 so every range is valid

    def column(self, col: int) -> str:
        letter = xl_col_to_name(col)
        return f"{LINE_ITEMS}!${letter}$2:${letter}${self.last_row}"

    def year_column(self, year_offset: int) -> str:
        return self.column(self.first_year_col + year_offset)

    def readable_mask(self) -> str:
        """1 for lines whose amounts and share are numbers (or blank): text there is an
        unreadable cell, and the importer leaves such a line out of every total."""
        ranges = [self.year_column(i) for i in range(self.year_count)]
        texts = "+".join(f"ISTEXT({r})" for r in ranges + [self.column(self.share_col)])
        return f"(({texts})=0)"


@dataclass(frozen=True)
class TargetCells:
    """Absolute references of the pledge target cells on the Assumptions sheet."""

    core_floor: str
    security_ceiling: str
    total: str


def absolute_cell(sheet: str, row: int, col: int) -> str:
    """'Sheet'!$B$7 from a 0-based row and column."""
    return f"{sheet}!{xl_rowcol_to_cell(row, col, row_abs=True, col_abs=True)}"


class SummaryFormulas:
    """The formulas of one Summary row; `row` is 0-based, columns A.. as in the header."""

    def __init__(self, geometry: LineItemsGeometry, targets: TargetCells,
                 gdp_years: str, gdp_values: str) -> None:
        self.geo, self.targets = geometry, targets
        self.gdp_years, self.gdp_values = gdp_years, gdp_values

    def _cell(self, row: int, col: str) -> str:
        return f"{col}{row + 1}"

    def _gdp(self, row: int) -> str:
        return f"$B{row + 1}"

    def _if_gdp(self, row: int, expression: str) -> str:
        return f'=IF({self._gdp(row)}="","",{expression})'

    def gdp(self, row: int) -> str:
        year = f"$A{row + 1}"
        return f'=IFERROR(INDEX({self.gdp_values},MATCH({year},{self.gdp_years},0)),"")'

    def _sum(self, year_offset: int, mask: str, shared: bool = True) -> str:
        amounts = self.geo.year_column(year_offset)
        share = f"{self.geo.column(self.geo.share_col)}," if shared else ""
        return f"SUMPRODUCT({amounts},{share}{mask}*{self.geo.readable_mask()})"

    def _is(self, text: str, col: int | None = None) -> str:
        column = self.geo.column(self.geo.classification_col if col is None else col)
        return f'({column}="{text}")'

    def core(self, year_offset: int) -> str:
        return "=" + self._sum(year_offset, self._is(CORE_TEXT))

    def security(self, year_offset: int) -> str:
        return "=" + self._sum(year_offset, self._is(SECURITY_TEXT))

    def not_counted(self, year_offset: int) -> str:
        """Not-counted lines whole, plus the uncounted rest (amount - counted part) of core
        and security-related lines. The share only ever enters SUMPRODUCT as its own
        argument, where a text cell counts as 0 instead of turning the sum into #VALUE!."""
        shared = f"({self._is(CORE_TEXT)}+{self._is(SECURITY_TEXT)})"
        whole = self._sum(year_offset, f"({self._is(NOT_COUNTED_TEXT)}+{shared})", shared=False)
        return f"={whole}-{self._sum(year_offset, shared)}"

    def unclassified(self, year_offset: int) -> str:
        """Blank, or any text that names no bucket (the importer reads it as unclassified)."""
        named = "-".join(self._is(t) for t in (CORE_TEXT, SECURITY_TEXT, NOT_COUNTED_TEXT))
        return "=" + self._sum(year_offset, f"(1-{named})", shared=False)

    def _counted(self, row: int) -> str:
        return f"(C{row + 1}+MIN(D{row + 1},{self.targets.security_ceiling}/100*{self._gdp(row)}))"

    def core_pct(self, row: int) -> str:
        return self._if_gdp(row, f"100*C{row + 1}/{self._gdp(row)}")

    def security_pct(self, row: int) -> str:
        return self._if_gdp(row, f"100*D{row + 1}/{self._gdp(row)}")

    def counted_pct(self, row: int) -> str:
        return self._if_gdp(row, f"100*{self._counted(row)}/{self._gdp(row)}")

    def _gap(self, row: int, target: str, amount: str) -> str:
        return self._if_gdp(row, f"MAX(0,{target}/100*{self._gdp(row)}-{amount})")

    def core_gap(self, row: int) -> str:
        return self._gap(row, self.targets.core_floor, f"C{row + 1}")

    def security_gap(self, row: int) -> str:
        return self._gap(row, self.targets.security_ceiling, f"D{row + 1}")

    def total_gap(self, row: int) -> str:
        return self._gap(row, self.targets.total, self._counted(row))

    def equipment_share(self, row: int, year_offset: int) -> str:
        mask = f"{self._is(CORE_TEXT)}*{self._is(EQUIPMENT_TEXT, self.geo.subcategory_col)}"
        return f'=IF(C{row + 1}=0,"",100*{self._sum(year_offset, mask)}/C{row + 1})'
