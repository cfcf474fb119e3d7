"""Reading a budget workbook into a domain Budget plus a record of what was detected.

This module is the importer's public face: the CLI, the desktop import preview and the tests
call only what is defined here. (API fixed first so the UI can be built against it.)
"""
from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Callable

from ..core.budget import Budget


class ColumnRole(str, enum.Enum):
    DESCRIPTION = "description"
    CODE = "code"
    ORGANISATION = "organisation"
    COFOG = "cofog"
    CLASSIFICATION = "classification"
    SUBCATEGORY = "sub-category"
    SHARE = "counted share"
    RATIONALE = "rationale"
    AMOUNT = "amount"  # a fiscal-year amount column (its year is in Detection.amount_years)
    IGNORED = "ignored"


@dataclass
class ImportOptions:
    """What the user (or the command line) says; None means 'detect it'."""

    sheet: str | None = None
    header_row: int | None = None  # 1-based, as a spreadsheet shows it
    column_roles: dict[int, ColumnRole] | None = None  # 0-based column -> role
    amount_years: dict[int, int] | None = None  # 0-based column -> fiscal year
    scale: float | None = None
    currency: str | None = None
    year: int | None = None  # the year of a lone "amount"/"budget" column
    gdp: dict[int, float] = field(default_factory=dict)  # --gdp overrides, plain units


@dataclass
class Detection:
    """What the importer found and assumed, for the import preview and `report`."""

    sheet: str
    sheet_names: list[str]
    header_row: int  # 1-based
    headers: list[str]
    column_roles: dict[int, ColumnRole]
    amount_years: dict[int, int]  # 0-based column -> year, only the columns used
    scale: float
    scale_source: str  # e.g. "title block: 'Amounts in EUR thousands'"
    currency: str | None
    gdp_source: str | None  # e.g. "sheet 'Macro'", "--gdp", None


@dataclass(frozen=True)
class SkippedRow:
    row: int  # 1-based sheet row
    reason: str  # "blank", "section heading", "repeated header", "subtotal", "total"


@dataclass(frozen=True)
class RowError:
    row: int
    column: str  # header text of the column, e.g. "2025"
    value: str
    message: str


@dataclass
class ImportResult:
    budget: Budget
    detection: Detection
    skipped_rows: list[SkippedRow]
    errors: list[RowError]
    warnings: list[str]

    @property
    def line_items(self) -> int:
        """Lines that count in the totals (error rows are reported, not counted)."""
        return int((~self.budget.excluded).sum())


Progress = Callable[[float], None]  # fraction done, 0-1
Cancelled = Callable[[], bool]


class ImportCancelled(Exception):
    """The user cancelled a read; nothing was imported."""


def read_budget(path: str, options: ImportOptions | None = None,
                progress: Progress | None = None,
                cancelled: Cancelled | None = None) -> ImportResult:
    """Import a budget workbook (.xlsx .xlsm .xls .ods .csv) whole, or raise BudgetImportError."""
    raise NotImplementedError


def preview_cells(path: str, sheet: str | None = None, rows: int = 60) -> list[list[str]]:
    """The first `rows` rows of a sheet as display text, for the import preview's grid."""
    raise NotImplementedError
