"""Reading a budget workbook into a domain Budget plus a record of what was detected.

This module is the importer's public face: the CLI, the desktop import preview and the tests
call only what is defined here. (API fixed first so the UI can be built against it.)
"""
from __future__ import annotations

import contextlib
import gc
import logging
import os
import threading
from dataclasses import dataclass, field
from typing import Callable, Iterator

import numpy as np

from ..core.budget import Budget, BudgetSource
from ..core.errors import BudgetImportError
from .column_roles import ColumnRole, is_actual, year_in
from .formula_cells import FormulaCells, read_formula_cells, read_ods_formula_cells
from .budget_shapes import nil_markers_in
from .gdp_sheet import read_gdp
from .line_item_rows import read_rows, text_of
from .safety import refuse
from .sandbox import leave_for_exit, limits_for, run_limited
from .table_detection import (  # column_letter: for the import preview's grid headers
    HEADER_SEARCH_ROWS, TableLayout, column_letter, detect_layout, find_header,
    header_row_texts, layout_from_roles, percentage_columns,
)
from .sheet_order import candidate_sheets
from .units import scale_name
from .workbook_reader import Workbook, open_workbook

__all__ = ["ColumnRole", "ImportOptions", "Detection", "SkippedRow", "RowError", "ImportResult",
           "ImportCancelled", "read_budget", "read_budget_isolated", "preview_cells",
           "sheet_names", "year_in", "BudgetImportError"]
_log = logging.getLogger(__name__)
_DETECTION_ROWS = HEADER_SEARCH_ROWS + 40  # the header rows, and some rows to see numbers in


@dataclass
class ImportOptions:
    """What the user (or the command line) says; None means 'detect it'."""

    sheet: str | None = None
    header_row: int | None = None  # 1-based, as a spreadsheet shows it
    column_roles: dict[int, ColumnRole] | None = None  # 0-based column -> role
    amount_years: dict[int, int] | None = None  # 0-based column -> fiscal year
    scale: float | None = None
    currency: str | None = None
    year: int | None = None  # a lone "amount" column's year; a long table keeps only it
    gdp: dict[int, float] = field(default_factory=dict)  # --gdp overrides, plain units
    fy_start: int | None = None  # month the fiscal year starts (--fy-start); None: as written
    include_revenue: bool = False  # keep rows a flag column marks as revenue


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
    year_column: int | None = None  # a long table's year column (0-based)
    flow_column: int | None = None  # the column flagging revenue / spending rows
    revenue_rows: int = 0  # rows skipped as revenue (the preview can include them)
    include_revenue: bool = False  # the user chose to keep them


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
                cancelled: Cancelled | None = None,
                workbook: Workbook | None = None) -> ImportResult:
    """Import a budget workbook (.xlsx .xlsm .xls .ods .csv) whole, or raise BudgetImportError.
    `workbook`: `path` already opened (open_workbook), perhaps with a sheet being prefetched."""
    options = options or ImportOptions()

    def check_cancelled() -> None:
        if cancelled is not None and cancelled():
            raise ImportCancelled("The import was cancelled; nothing was imported.")
    try:
        with _collection_paused(), np.errstate(over="ignore", invalid="ignore"):
            # overflow (1e308 x 1,000) is refused with the row that caused it, not warned about
            return _Import(str(path), options, progress or (lambda _: None),
                           check_cancelled).run(workbook)
    except (BudgetImportError, ImportCancelled):
        raise
    except MemoryError:
        raise refuse(os.path.basename(str(path)), "is too large to read in the memory available",
                     "split it or remove unused sheets") from None
    except Exception as error:  # noqa: BLE001 - an unreadable file must not look like a crash
        _log.exception("unexpected error while importing %s", path)
        raise refuse(os.path.basename(str(path)), f"could not be read ({type(error).__name__})",
                     "open it in Excel or LibreOffice, save it as .xlsx and try again") from None


_pause_lock = threading.Lock()
_pauses = [0, False]  # reads under way, whether collection was on before the first


@contextlib.contextmanager
def _collection_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while reads run (a read makes millions of small
    acyclic objects; collecting only slows it, ~25%). Counted, so overlapping reads on two
    threads leave it as they found it."""
    with _pause_lock:
        if _pauses[0] == 0:
            _pauses[1] = gc.isenabled()
            gc.disable()
        _pauses[0] += 1
    try:
        yield
    finally:
        with _pause_lock:
            _pauses[0] -= 1
            if _pauses[0] == 0 and _pauses[1]:
                gc.enable()


class _Import:
    """One import run: open, find the table, read the rows, find GDP, build the Budget."""

    def __init__(self, path: str, options: ImportOptions, progress: Progress,
                 check_cancelled: Callable[[], None]) -> None:
        self.path, self.options, self.progress = path, options, progress
        self.check_cancelled = check_cancelled
        self.name = os.path.basename(path)
        self.passed_over: list[str] = []

    def run(self, workbook: Workbook | None = None) -> ImportResult:
        workbook = workbook or open_workbook(self.path)
        self._step(0.1)
        # before the first sheet is wanted: a sheet being prefetched parses meanwhile
        may_have_sums = workbook.may_have_sum_formulas()
        sheet, header_index, headers = self._find_table(workbook)
        grid = workbook.grid(sheet)
        self._step(0.5)
        layout = self._layout(sheet, grid, header_index, headers)
        self._step(0.6)
        rows = read_rows(grid, layout, lambda: self._formulas(workbook, layout),
                         self.check_cancelled, may_have_sums)
        leave_for_exit(grid)
        if not len(rows.columns.descriptions):
            raise refuse(self.name, f"has a table on sheet '{sheet}' (header in row "
                         f"{header_index + 1}) but no line items below it", "check the sheet "
                         "holds rows with a description and amounts, or choose it with --sheet")
        self._step(0.9)
        return self._result(workbook, layout, rows)

    def _formulas(self, workbook: Workbook, layout: TableLayout) -> FormulaCells | None:
        """Formula cells of the table's sheet (xlsx and ODS; xls and CSV give values alone)."""
        self.check_cancelled()
        if workbook.kind == "ods":
            return read_ods_formula_cells(workbook.data, layout.sheet, max_rows=10**7)
        if not workbook.has_formulas():
            return None
        formulas = read_formula_cells(workbook.data, layout.sheet)
        if formulas is None:
            layout.warnings.append("Formulas could not be checked; their stored values were used.")
        return formulas

    def _step(self, fraction: float) -> None:
        self.check_cancelled()
        self.progress(fraction)

    # --- where the table is ---------------------------------------------------------------
    def _find_table(self, workbook: Workbook) -> tuple[str, int, list[str]]:
        if not workbook.sheet_names:
            raise refuse(self.name, "has no worksheets", "choose the budget workbook itself")
        if self.options.header_row is not None:
            sheet = self.options.sheet or workbook.sheet_names[0]
            top = workbook.grid(sheet, max_rows=self.options.header_row)
            index = self.options.header_row - 1
            if index >= len(top):
                raise refuse(self.name, f"has no row {self.options.header_row} on sheet '{sheet}'",
                             "choose the header row again")
            return sheet, index, header_row_texts(top, index)
        fallback = None
        for lenient in (False, True):  # a clear header anywhere beats a guessed one
            self.passed_over = []
            for sheet in candidate_sheets(workbook, self.options.sheet):
                self.check_cancelled()
                found = find_header(workbook.grid(sheet, max_rows=_DETECTION_ROWS), lenient)
                if found and found.numbers_below:
                    return sheet, found.index, found.headers
                fallback = fallback or (found and (sheet, found.index, found.headers))
                self.passed_over.append(sheet)
        if fallback:
            self.passed_over = []
            return fallback
        for sheet in candidate_sheets(workbook, self.options.sheet):
            shares = percentage_columns(workbook.grid(sheet, max_rows=_DETECTION_ROWS))
            if shares:
                shown = ", ".join(f"'{h}'" for h in shares[:4])
                raise refuse(self.name, f"has only percentage columns ({shown}) on sheet "
                             f"'{sheet}': no amounts in money", "use the table of amounts "
                             "(currency units) rather than shares or percentages")
        where = f"sheet '{self.options.sheet}'" if self.options.sheet else "any sheet"
        raise refuse(self.name, f"has no recognisable line-item table: no header row with a "
                     f"description (or code) column and a year or amount column in the first "
                     f"{HEADER_SEARCH_ROWS} rows of {where}",
                     "add a header row such as 'Code | Description | 2025 | 2026', or choose "
                     "the sheet with --sheet")

    def _layout(self, sheet: str, grid, header_index: int, headers: list[str]) -> TableLayout:
        options = self.options
        if options.column_roles is not None:
            layout = self._chosen_layout(sheet, grid, header_index, headers)
        else:
            given = options.year or next(iter((options.amount_years or {}).values()), None)
            layout = detect_layout(self.name, sheet, grid, header_index, headers, given,
                                   options.fy_start)
            if options.amount_years is not None:
                layout.amount_years = dict(options.amount_years)
                layout.roles.update({c: ColumnRole.AMOUNT for c in options.amount_years})
        if options.scale is not None:
            layout.scale, layout.scale_source = options.scale, "chosen by the user"
            layout.unit_column = None  # the user's unit replaces the file's, row by row too
        if options.currency is not None:
            layout.currency = options.currency
        layout.include_revenue = options.include_revenue
        layout.nil_markers = self._notes_nil_markers(grid, layout)
        self._check_columns(layout)
        return layout

    def _notes_nil_markers(self, grid, layout: TableLayout) -> frozenset[str]:
        """Nil markers the file's notes define ('xxx = did not exist'): in the title block,
        below the table, or on a notes sheet."""
        lines = list(layout.title_lines)
        for row in grid[-40:]:
            lines += [c for c in row if isinstance(c, str) and 3 <= len(c) <= 500]
        markers = nil_markers_in(lines)
        if markers:
            layout.warnings.append("Nil markers defined in the file's notes read as zero: "
                                   + ", ".join(f"'{m}'" for m in sorted(markers)) + ".")
        return markers

    def _chosen_layout(self, sheet: str, grid, header_index: int,
                       headers: list[str]) -> TableLayout:
        """Roles (and years) the user set in the import preview."""
        options = self.options
        roles = options.column_roles or {}
        years = {c: y for c, role in roles.items() if role == ColumnRole.AMOUNT
                 and (y := (options.amount_years or {}).get(c)
                      or (year_in(headers[c], options.fy_start) if c < len(headers) else None)
                      or options.year)}
        if ColumnRole.YEAR in roles.values():  # a long table: the amount column's year varies
            years = {c: 0 for c, role in roles.items() if role == ColumnRole.AMOUNT}
        return layout_from_roles(self.name, sheet, grid, header_index, headers, roles, years,
                                 options.year, options.fy_start)

    def _check_columns(self, layout: TableLayout) -> None:
        if not layout.amount_years and layout.percent_columns:
            shown = ", ".join(f"'{layout.headers[c]}'" for c in layout.percent_columns[:4])
            raise refuse(self.name, f"has only percentage columns ({shown}) on sheet "
                         f"'{layout.sheet}': no amounts in money", "use the table of amounts "
                         "(currency units) rather than shares or percentages")
        if not layout.amount_years:
            raise refuse(self.name, f"has no amount column with a year on sheet '{layout.sheet}'",
                         "head the amount columns with their fiscal year (e.g. '2025')")
        if len(set(layout.amount_years.values())) < len(layout.amount_years):
            raise refuse(self.name, "has two amount columns chosen for the same year",
                         "give each year one column")

    # --- the result ----------------------------------------------------------------------
    def _result(self, workbook: Workbook, layout: TableLayout, rows) -> ImportResult:
        gdp_warnings: list[str] = []  # read first: the GDP sheet may name the currency
        gdp, gdp_source = self._gdp(workbook, layout, rows.columns.years, gdp_warnings)
        warnings = _sheet_warnings(layout, self.passed_over, workbook)
        warnings += list(layout.warnings) + _unit_warnings(layout) + gdp_warnings
        warnings += rows.warnings
        source = BudgetSource(self.path, layout.sheet, layout.currency, layout.scale,
                              gdp_source or "")
        # a year read from an "Actual" column is history: commands refuse to edit it
        # unless the edit says it corrects the record (core.commands.refuse_actual_year)
        rows.columns.actual_years = sorted(
            year for column, year in layout.amount_years.items()
            if column < len(layout.headers) and is_actual(layout.headers[column]))
        budget = Budget(rows.columns, gdp, source)
        self._refuse_if_nothing_readable(budget, rows)
        self._refuse_if_not_finite(budget, layout)
        warnings += _implausible_gdp_warnings(budget)
        detection = Detection(
            sheet=layout.sheet, sheet_names=list(workbook.sheet_names),
            header_row=layout.header_index + 1, headers=list(layout.headers),
            column_roles=dict(layout.roles), amount_years=dict(layout.amount_years),
            scale=layout.scale, scale_source=layout.scale_source, currency=layout.currency,
            gdp_source=gdp_source, year_column=layout.year_column,
            flow_column=layout.flow_column if layout.flow_column is not None else (
                layout.revenue_numbering[0] if layout.revenue_numbering else None),
            revenue_rows=sum(1 for _, reason in rows.skipped if reason == "revenue"),
            include_revenue=layout.include_revenue)
        skipped = [SkippedRow(row, reason) for row, reason in rows.skipped]
        errors = [RowError(p.row, p.column, p.value, p.message) for p in rows.problems]
        self.progress(1.0)
        return ImportResult(budget, detection, skipped, errors, warnings)

    def _refuse_if_nothing_readable(self, budget: Budget, rows) -> None:
        """A table whose every line is unreadable is no budget: refuse it whole."""
        if len(budget) and budget.excluded.all():
            first = rows.problems[0]
            raise refuse(self.name, f"has no readable line item: all {len(budget)} lines have "
                         f"an unreadable cell (first: row {first.row}, column "
                         f"'{first.column}': '{first.value}')",
                         "check that this is the budget table, or fix the cells")

    def _refuse_if_not_finite(self, budget: Budget, layout: TableLayout) -> None:
        """An amount or a year's total beyond 1.8e308 cannot be computed with: say which."""
        bad = ~np.isfinite(budget.amounts) & ~budget.amount_errors
        if bad.any():
            line, year = (int(i) for i in np.argwhere(bad)[0])
            scaled = f" once multiplied by the scale (x{layout.scale:,.0f})" \
                if layout.scale != 1 else ""
            raise refuse(self.name, f"has an amount too large to compute with in row "
                         f"{budget.source_rows[line]}, year {budget.years[year]}{scaled}",
                         "check the cell and the unit stated for the amounts")
        for year in budget.years:
            if not np.isfinite(budget.slot_totals(year)).all():
                raise refuse(self.name, f"has amounts for {year} that add up to more than can "
                             "be computed with (over 1.8e308)",
                             "check the amounts and the unit stated for them")

    def _gdp(self, workbook: Workbook, layout: TableLayout, years: list[int],
             warnings: list[str]) -> tuple[dict[int, float], str | None]:
        found = read_gdp(workbook, layout.sheet)
        if layout.currency is None and found.currency:
            layout.currency = found.currency
            warnings.append(f"Currency {found.currency}, as the assumptions sheet states it.")
        gdp = dict(found.values)
        warnings += found.warnings
        overridden = sorted(y for y in self.options.gdp if y in gdp)
        gdp.update({int(y): float(v) for y, v in self.options.gdp.items()})
        if overridden:
            warnings.append(f"GDP for {_years_text(overridden)} from --gdp replaces the value on "
                            f"{found.source}.")
        sources = [s for s in (found.source, "--gdp" if self.options.gdp else None) if s]
        missing = [y for y in years if not gdp.get(y)]
        if missing:
            warnings.append(f"No GDP for {_years_text(missing)}: percentages of GDP and gaps "
                            "are null for those years; give --gdp YEAR=AMOUNT or add a GDP "
                            "sheet.")
        return gdp, " and ".join(sources) or None


def _implausible_gdp_warnings(budget: Budget) -> list[str]:
    """GDP below the budget's own lines is almost always a GDP read in the wrong unit."""
    spent = budget.amounts.sum(axis=0, where=~budget.amount_errors)
    low = [y for y, total in zip(budget.years, spent)
           if budget.gdp.get(y) and abs(total) > budget.gdp[y]]
    if not low:
        return []
    return [f"GDP for {_years_text(low)} is smaller than the budget's own lines: check the unit "
            "of the GDP figures (a scale word such as 'EUR bn' in the GDP header or title)."]


def _sheet_warnings(layout: TableLayout, passed_over: list[str], workbook: Workbook) -> list[str]:
    before = [s for s in passed_over
              if workbook.sheet_names.index(s) < workbook.sheet_names.index(layout.sheet)]
    if not before:
        return []
    names = ", ".join(f"'{s}'" for s in before)
    return [f"Line items read from sheet '{layout.sheet}' (header in row "
            f"{layout.header_index + 1}); {names} passed over: no line-item table there."]


def _unit_warnings(layout: TableLayout) -> list[str]:
    if layout.scale_source.startswith("default"):
        scale = "No unit stated; amounts read as plain currency units."
    else:
        place, _, text = layout.scale_source.partition(": ")
        said = f", as the {place} says: {text}" if text else f" ({place})"
        scale = f"Amounts read in {scale_name(layout.scale)} (x{layout.scale:,.0f}){said}."
    currency = [] if layout.currency else ["No currency stated; amounts have no currency."]
    return [scale] + currency


def _years_text(years: list[int]) -> str:
    return ", ".join(map(str, years))


def preview_cells(path: str, sheet: str | None = None, rows: int = 60) -> list[list[str]]:
    """The first `rows` rows of a sheet as display text, for the import preview's grid; read
    in a limited child like every import (another sheet may be the hostile one)."""
    return run_limited(os.path.basename(str(path)), _preview_in_child, (str(path), sheet, rows),
                       limits_for(str(path)))


def _preview_in_child(path: str, sheet: str | None, rows: int,
                      _progress: Progress) -> list[list[str]]:
    try:
        workbook = open_workbook(str(path))
        if sheet is None:
            sheet = _preview_sheet(workbook)
        if sheet not in workbook.sheet_names:
            raise refuse(workbook.name, f"has no sheet named '{sheet}'", "choose another sheet")
        return [[text_of(cell) for cell in row] for row in workbook.grid(sheet, max_rows=rows)]
    except BudgetImportError:
        raise
    except Exception as error:  # noqa: BLE001
        _log.exception("unexpected error while previewing %s", path)
        raise refuse(os.path.basename(str(path)), f"could not be read ({type(error).__name__})",
                     "open it in Excel or LibreOffice, save it as .xlsx and try again") from None


def sheet_names(path: str) -> list[str]:
    """The workbook's sheets in order, for the import preview's sheet list; read in a
    limited child like every import."""
    return run_limited(os.path.basename(str(path)), _sheet_names_in_child, (str(path),),
                       limits_for(str(path)))


def _sheet_names_in_child(path: str, _progress: Progress) -> list[str]:
    try:
        names = list(open_workbook(str(path)).sheet_names)
    except BudgetImportError:
        raise
    except Exception as error:  # noqa: BLE001
        raise refuse(os.path.basename(str(path)), f"could not be read ({type(error).__name__})",
                     "open it in Excel or LibreOffice, save it as .xlsx and try again") from None
    if not names:
        raise refuse(os.path.basename(str(path)), "has no worksheets",
                     "choose the budget workbook itself")
    return names


def _preview_sheet(workbook: Workbook) -> str:
    for lenient in (False, True):
        for name in candidate_sheets(workbook, None):
            found = find_header(workbook.grid(name, max_rows=_DETECTION_ROWS), lenient)
            if found and found.numbers_below:
                return name
    if not workbook.sheet_names:
        raise refuse(workbook.name, "has no worksheets", "choose the budget workbook itself")
    return workbook.sheet_names[0]


def read_budget_isolated(path: str, options: ImportOptions | None = None,
                         progress: Progress | None = None,
                         cancelled: Cancelled | None = None) -> ImportResult:
    """read_budget in a child process with memory, CPU and time limits (sandbox.py): what the
    app and the command line use for every file a user names. Any failure of a parser on a
    hostile file (an abort, a panic, a runaway allocation, a hang) is one BudgetImportError;
    Cancel stops the child at once."""
    return run_limited(os.path.basename(str(path)), _read_in_child, (str(path), options),
                       limits_for(str(path)), progress, cancelled,
                       on_cancel=lambda: ImportCancelled("The import was cancelled; nothing "
                                                         "was imported."))


def _read_in_child(path: str, options: ImportOptions | None, progress: Progress) -> ImportResult:
    return read_budget(path, options, progress)
