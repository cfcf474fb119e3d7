"""The rows below a budget table's header: which are line items, which are skipped and why,
and each line's amounts, classification, share and rationale.

Column-at-a-time so a 100,000-line sheet costs little more than reading it.
"""
from __future__ import annotations

import datetime as dt
import functools
import re
from itertools import compress, repeat
from operator import itemgetter
from dataclasses import dataclass, field
from typing import Callable

import numpy as np

from ..core.budget import CellProblem, LineColumns
from ..core.claims import Risk, UnknownRisk, canonical_declaration, parse_risk
from ..core.taxonomy import (
    NO_SUBCATEGORY, SUBCATEGORIES, SUBCATEGORY_INDEX, Bucket, UnknownClassification, implied_subcategory,
    parse_bucket, parse_subcategory,
)
from . import budget_shapes, long_tables
from .column_roles import ColumnRole
from .formula_cells import FormulaCells, is_total_formula
from .number_text import (
    NotANumber, parse_number_text, parse_numbers_in_bulk, uses_decimal_comma,
)
from .table_detection import TableLayout
from .vocabulary import fold, vocabulary
from .workbook_reader import Cell, Grid

_PART_OF = re.compile(r"^\W*(of which|o/w|thereof|davon|dont|memo(randum)?( items?)?)(?![a-z])",
                      re.IGNORECASE)
_MAX_LISTED_WARNINGS = 5


@dataclass
class RowProblem:
    row: int  # 1-based sheet row
    column: str
    value: str
    message: str


@dataclass
class ReadRows:
    columns: LineColumns
    skipped: list[tuple[int, str]] = field(default_factory=list)  # (1-based row, reason)
    problems: list[RowProblem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def read_rows(grid: Grid, layout: TableLayout, load_formulas: Callable[[], FormulaCells | None],
              check_cancelled: Callable[[], None], sum_formulas: bool = False) -> ReadRows:
    """Line items and skipped rows of the table under `layout.header_index`.

    `load_formulas` is called only when a row may be a SUM-formula subtotal (its values add
    up, or `sum_formulas`: the file holds SUM-like formulas) or may hide a formula without a
    stored result, so most workbooks are never parsed a second time.
    """
    start = layout.header_index + 1
    data = grid[start:]
    column = _column_getter(data)
    label = _labels(layout, column)
    amount_cols = sorted(layout.amount_years, key=layout.amount_years.get)
    parsed = []
    for c in amount_cols:
        check_cancelled()
        cells = column(c)
        if layout.year_column is not None:
            cells = budget_shapes.fill_missing_years(layout, column, cells)
        parsed.append(_AmountColumn.parse(cells, layout, c))
    factors = budget_shapes.row_scales(layout, column)
    if factors is not None:
        for amount_column in parsed:
            amount_column.values *= factors
    boundaries = _label_kinds(layout, data, label, column)
    sums = _sum_rows(parsed, label.labelled, boundaries)
    if sum_formulas or _may_hide_formulas(parsed, label) or sums.any():
        _apply_formulas(load_formulas(), amount_cols, parsed, start)
    kinds = _row_kinds(data, label, parsed, boundaries)
    result = ReadRows(_empty_columns())
    _skip_revenue(layout, column, kinds, result)
    years = _long_years(layout, column, kinds, start, result)
    lines = np.flatnonzero(kinds == _LINE)
    _warn_listed(result, (np.flatnonzero(sums & (kinds == _LINE)) + start + 1).tolist(),
                 "each equals the sum of the lines above it, so it may be a subtotal without "
                 "a 'Total' label; it is counted as a line, check it")
    result.skipped = [(int(i) + start + 1, _REASONS[int(kinds[i])])
                      for i in np.flatnonzero((kinds != _LINE) & (kinds != _OTHER_YEAR))]
    check_cancelled()
    result.columns = _line_columns(layout, column, label, parsed, lines, start, result)
    if years is not None:
        result.columns, repeated = long_tables.pivot(
            result.columns, years[lines], [column(c) for c in layout.key_columns], lines)
        if repeated:
            result.warnings.append(f"{repeated} row{'s' if repeated != 1 else ''} repeat a line "
                                   "in a year it already has; their amounts are added.")
    return result


def _long_years(layout: TableLayout, column, kinds: np.ndarray, start: int,
                result: ReadRows) -> np.ndarray | None:
    """A long table's year per row: rows without a readable year are errors, and --year
    keeps that year's rows only."""
    if layout.year_column is None:
        return None
    years, bad = long_tables.row_years(layout, column, kinds == _LINE)
    header = layout.headers[layout.year_column]
    cells = column(layout.year_column)
    for i in bad:
        kinds[i] = _NO_YEAR
        result.problems.append(RowProblem(i + start + 1, header, text_of(cells[i]),
                                          f"'{text_of(cells[i])}' is not a year; the row is left "
                                          "out of every total until it is corrected"))
    long_tables.check_only_year(layout, years, np.flatnonzero(kinds == _LINE))
    if layout.only_year is not None:
        other = (kinds == _LINE) & (years != layout.only_year)
        kinds[other] = _OTHER_YEAR
        kept = int((kinds == _LINE).sum())
        result.warnings.append(f"Only {layout.only_year} read (--year): {kept} rows of that "
                               f"year; {int(other.sum())} rows of other years left out.")
    return years


def _skip_revenue(layout: TableLayout, column, kinds: np.ndarray, result: ReadRows) -> None:
    """Rows a flag column (or the budget's numbering) marks as revenue or commitments are not
    spending: skipped with their reason, and one warning says how many and why."""
    revenue, commitment, told_by = budget_shapes.flow_masks(layout, column)
    if not len(revenue) or layout.include_revenue:
        return
    for mask, kind, reason in ((revenue, _REVENUE, "revenue"),
                               (commitment, _COMMITMENT, "commitment")):
        hit = mask & (kinds == _LINE)
        if hit.any():
            kinds[hit] = kind
            result.warnings.append(
                f"{int(hit.sum())} {reason} row{'s' if hit.sum() != 1 else ''} skipped, as "
                f"{told_by} marks them; they are not spending"
                + (" (the import preview can include them)." if kind == _REVENUE else "."))


def _apply_formulas(formulas: FormulaCells | None, amount_cols: list[int],
                    parsed: list["_AmountColumn"], start: int) -> None:
    if formulas is not None:
        for column, amount_column in zip(amount_cols, parsed):
            amount_column.apply_formulas(formulas, column, start)


# --- columns --------------------------------------------------------------------------------
def _column_getter(data: Grid) -> Callable[[int | None], list[Cell]]:
    """Cells of one column (cached): only the columns a role needs are ever gathered."""
    cache: dict[int | None, list[Cell]] = {}
    width = min(map(len, data), default=0)  # calamine and CSV grids are rectangular

    def column(index: int | None) -> list[Cell]:
        if index not in cache:
            if index is None:
                cache[index] = [""] * len(data)
            elif index < width:
                cache[index] = list(map(itemgetter(index), data))  # in C: 100k rows cost ms
            else:
                cache[index] = [row[index] if index < len(row) else "" for row in data]
        return cache[index]
    return column


def text_of(cell: Cell) -> str:
    """A cell as text; codes stay as written ('0601'), 601.0 reads '601'."""
    if cell.__class__ is str:
        return cell.strip()
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, (dt.datetime, dt.date)):
        return cell.isoformat()
    return str(cell)


@dataclass
class _Labels:
    descriptions: list[str]
    codes: list[str]
    labelled: np.ndarray  # rows with a description or a code


def _labels(layout: TableLayout, column) -> _Labels:
    descriptions = _texts(column(layout.column_of(ColumnRole.DESCRIPTION)))
    codes = _texts(column(layout.column_of(ColumnRole.CODE)))
    n = len(descriptions)
    labelled = (np.fromiter(map(bool, descriptions), dtype=bool, count=n)
                | np.fromiter(map(bool, codes), dtype=bool, count=n))
    return _Labels(descriptions, codes, labelled)


def _objects(values: list) -> np.ndarray:
    return np.fromiter(values, dtype=object, count=len(values))


@dataclass
class _AmountColumn:
    """One year's amounts: values (scale applied), blank cells, and unreadable cells."""

    header: str
    values: np.ndarray
    blank: np.ndarray
    bad: dict[int, tuple[str, str]]  # data index -> (cell text, why)
    totals: np.ndarray  # rows whose cell is a SUM-like formula over rows above

    @classmethod
    def parse(cls, cells: tuple, layout: TableLayout, col: int) -> "_AmountColumn":
        n = len(cells)
        if _all_numbers(cells):  # the usual case
            return cls(layout.headers[col], np.array(cells, dtype=np.float64) * layout.scale,
                       np.zeros(n, dtype=bool), {}, np.zeros(n, dtype=bool))
        values, blank, bad = _mixed_amounts(cells, layout.nil_markers)
        values[~np.isfinite(values)] = 0.0
        return cls(layout.headers[col], values * layout.scale, blank, bad,
                   np.zeros(n, dtype=bool))

    def apply_formulas(self, formulas: FormulaCells, col: int, start: int) -> None:
        """Error values and formulas without a result are unreadable; SUM formulas mark totals."""
        n = len(self.values)
        for (row, c), text in formulas.errors.items():
            if c == col and start <= row < start + n:
                self.bad[row - start] = (text, "is a spreadsheet error value, not an amount")
        for (row, c), text in formulas.formulas.items():
            if c != col or not start <= row < start + n:
                continue
            i = row - start
            if is_total_formula(text, row):
                self.totals[i] = True
            elif self.blank[i]:
                self.bad[i] = (text, "is a formula without a stored result (the file was "
                               "never calculated)")


_NUMBER, _TEXT, _EMPTY, _OTHER_CELL = range(4)
_CELL_KINDS = {float: _NUMBER, int: _NUMBER, str: _TEXT, type(None): _EMPTY}


def _mixed_amounts(cells: list[Cell], nil_markers: frozenset[str]
                   ) -> tuple[np.ndarray, np.ndarray, dict[int, tuple[str, str]]]:
    """(values, blank, bad) of a column that is not all numbers: numbers and empty cells
    sorted by type at C speed, plain text numbers read in bulk, other texts one by one."""
    n = len(cells)
    kinds = np.fromiter(map(_CELL_KINDS.get, map(type, cells), repeat(_OTHER_CELL)),
                        dtype=np.int8, count=n)
    values, blank, bad = np.zeros(n), kinds == _EMPTY, {}
    numbers = kinds == _NUMBER
    values[numbers] = np.array(list(compress(cells, numbers)), dtype=np.float64)
    is_text = kinds == _TEXT
    texts = np.flatnonzero(is_text)
    if len(texts):
        decimal_comma = uses_decimal_comma([c for c in cells[:2000] if c.__class__ is str])
        bulk, read = parse_numbers_in_bulk(list(compress(cells, is_text)), decimal_comma)
        values[texts[read]] = bulk[read]
        for i in texts[~read].tolist():
            _parse_text(i, cells[i], values, blank, bad, decimal_comma, nil_markers)
    for i in np.flatnonzero(kinds == _OTHER_CELL).tolist():
        bad[i] = (text_of(cells[i]), "is a date or true/false, not an amount")
    return values, blank, bad


def _all_numbers(cells: list[Cell]) -> bool:
    """Every cell a float or an int (not a bool): one set of types, built in C."""
    return set(map(type, cells)) <= _NUMBER_TYPES


_NUMBER_TYPES = frozenset({float, int})


def _parse_text(i: int, cell: str, values: np.ndarray, blank: np.ndarray,
                bad: dict, decimal_comma: bool, nil_markers: frozenset[str]) -> None:
    if not cell or not cell.strip():
        blank[i] = True
        return
    try:
        values[i] = parse_number_text(cell, decimal_comma)
    except NotANumber:
        if nil_markers and fold(cell.strip()) in nil_markers:
            values[i] = 0.0  # a nil marker the file's own notes define
        else:
            bad[i] = (cell.strip(), "is not a number")


# --- what each row is ---------------------------------------------------------------------
(_LINE, _BLANK, _UNLABELLED, _HEADER, _TOTAL, _SUBTOTAL, _HEADING, _PART, _MEMO, _REVENUE,
 _COMMITMENT, _NO_YEAR, _OTHER_YEAR) = range(13)
_REASONS = {_PART: "breakdown ('of which') of a line above", _MEMO: "memo item",
            _REVENUE: "revenue", _COMMITMENT: "commitment", _NO_YEAR: "no year",
            _BLANK: "blank", _UNLABELLED: "no description or code", _HEADER: "repeated header",
            _TOTAL: "total", _SUBTOTAL: "subtotal", _HEADING: "section heading"}


# 'of which', 'o/w', 'thereof', 'davon', 'dont', 'memo', after any leading punctuation
_PART_START = frozenset("oOtTdDmM -*\u2022\u00b7(\u2013\u2014=#.:[>")


_LEADING = " -*\u2022\u00b7(\u2013\u2014=#.:[>\t"


@functools.cache
def _total_prefixes() -> dict[str, tuple[str, ...]]:
    """Every (sub)total word as written and without accents, lower case, by first letter:
    a C-speed `startswith` check before any label is matched word by word."""
    words = vocabulary()
    found: dict[str, set[str]] = {}
    for kind in ("total", "subtotal"):
        for word in words.value(kind).words:
            for form in {word.strip("=*").lower(), fold(word.strip("=*"))}:
                if form:
                    found.setdefault(form[0], set()).add(form)
    return {letter: tuple(forms) for letter, forms in found.items()}


def _may_be_total(text: str) -> bool:
    head = text[:24]
    if head[:1] in _LEADING:
        head = head.lstrip(_LEADING)
    head = head.lower()
    prefixes = _total_prefixes().get(head[:1])
    return prefixes is not None and head.startswith(prefixes)


@functools.cache
def _label_starts() -> frozenset[str]:
    """First characters of a label that may be a total or an 'of which' (any language, as
    written or without accents): only such labels are matched word by word."""
    words = vocabulary()
    return _PART_START | words.value("total").first_letters | words.value(
        "subtotal").first_letters


def _label_kinds(layout: TableLayout, data: Grid, label: _Labels, column) -> dict[int, int]:
    """Rows that their label alone makes skipped: repeated headers, totals, and 'of which'
    breakdowns or memo items (counting them would count money twice)."""
    found: dict[int, int] = dict.fromkeys(budget_shapes.aggregate_rows(layout, column), _TOTAL)
    for texts, role in ((label.descriptions, ColumnRole.DESCRIPTION),
                        (label.codes, ColumnRole.CODE)):
        col = layout.column_of(role)
        if col is None:
            continue
        header = layout.headers[col].casefold()
        starts = (_label_starts() | {header[:1].lower(), header[:1].upper()}) - {""}
        first_letters = map(itemgetter(slice(0, 1)), texts)  # "" for an empty text
        for i in compress(range(len(texts)), map(starts.__contains__, first_letters)):
            text = texts[i]
            match = _total_kind(text) if _may_be_total(text) else None
            part = _PART_OF.match(text) if role == ColumnRole.DESCRIPTION else None
            if text.casefold() == header:
                found[i] = _HEADER
            elif match and i not in found:
                found[i] = match
            elif part and i not in found:
                found[i] = _MEMO if part.group(1).lower().startswith("memo") else _PART
    return found


def _total_kind(text: str) -> int | None:
    """_SUBTOTAL / _TOTAL for a label starting with a (sub)total word in any ally's language
    ('Subtotal', 'Zwischensumme', 'Összesen', 'Σύνολο'), else None."""
    words = vocabulary()
    if words.value("subtotal").starts(text):
        return _SUBTOTAL
    found = words.value("total").starts(text)
    if found is None:
        return None
    return _SUBTOTAL if found.group(0).startswith("sub") else _TOTAL


def _may_hide_formulas(parsed: list[_AmountColumn], label: _Labels) -> bool:
    """A labelled row with a blank amount may be a formula without a stored result."""
    return any((column.blank & label.labelled).any() for column in parsed)


def _sum_rows(parsed: list[_AmountColumn], labelled: np.ndarray,
              boundaries: dict[int, int]) -> np.ndarray:
    """Rows whose amounts equal the sum of the (2+) rows since the last heading or total:
    SUM subtotals, which the formulas confirm, or unlabelled ones, which get a warning."""
    if not parsed:
        return np.zeros(len(labelled), dtype=bool)
    values = np.column_stack([c.values for c in parsed])
    n = len(values)
    breaks = np.zeros(n, dtype=bool)
    breaks[list(boundaries)] = True
    breaks |= ~labelled
    segment_start = np.maximum.accumulate(np.where(breaks, np.arange(n) + 1, 0))
    cumulative = np.vstack([np.zeros((1, values.shape[1])), np.cumsum(values, axis=0)])
    above = cumulative[np.arange(n)] - cumulative[segment_start]
    enough = np.arange(n) - segment_start >= 2
    close = np.isclose(values, above, rtol=1e-9, atol=1e-6).all(axis=1)
    nonzero = np.abs(values).sum(axis=1) > 0
    return close & enough & nonzero & labelled


def _row_kinds(data: Grid, label: _Labels, parsed: list[_AmountColumn],
               by_label: dict[int, int]) -> np.ndarray:
    n = len(data)
    has_label = label.labelled
    any_amount = np.zeros(n, dtype=bool)
    sum_formula = np.zeros(n, dtype=bool)
    for column in parsed:
        any_amount |= ~column.blank
        any_amount[list(column.bad)] = True
        sum_formula |= column.totals
    kinds = np.full(n, _LINE, dtype=np.int8)
    kinds[~any_amount] = _HEADING
    kinds[sum_formula] = _SUBTOTAL
    for i, kind in by_label.items():
        kinds[i] = kind
    for i in np.flatnonzero(~has_label):
        kinds[i] = _unlabelled_kind(data[i]) if any_amount[i] else (
            _BLANK if all(c == "" or c is None for c in data[i]) else _HEADING)
    return kinds


def _unlabelled_kind(row: list[Cell]) -> int:
    """Amounts without a description or code: a total if another cell says so."""
    for cell in row:
        kind = _total_kind(cell) if cell.__class__ is str and _may_be_total(cell) else None
        if kind is not None:
            return kind
    return _UNLABELLED


# --- the line items' columns --------------------------------------------------------------------
def _empty_columns() -> LineColumns:
    return LineColumns(years=[], amounts=np.zeros((0, 0)), codes=[], descriptions=[])


def _line_columns(layout: TableLayout, column, label: _Labels, parsed: list[_AmountColumn],
                  lines: np.ndarray, start: int, result: ReadRows) -> LineColumns:
    years = [layout.amount_years[c] for c in sorted(layout.amount_years,
                                                    key=layout.amount_years.get)]
    amounts = (np.column_stack([p.values[lines] for p in parsed]) if parsed
               else np.zeros((len(lines), 0)))
    errors = np.zeros(amounts.shape, dtype=bool)
    rows = (lines + start + 1).tolist()
    messages: dict[int, list[CellProblem]] = {}
    for yi, amount_column in enumerate(parsed):
        for i, (text, why) in sorted(amount_column.bad.items()):
            line = int(np.searchsorted(lines, i))
            if line >= len(lines) or lines[line] != i:
                continue
            errors[line, yi] = True
            _report(result, messages, line, rows[line], amount_column.header, text,
                    f"'{text}' {why}; the row is left out of every total until it is "
                    "corrected", CellProblem.AMOUNT, years[yi])
    amounts[errors] = 0.0
    pick = _picker(column, lines)
    buckets, subcategories = _classification(layout, pick, rows, result, messages)
    shares = _shares(layout, pick, rows, result, messages, errors)
    return LineColumns(
        years=years, amounts=amounts, codes=_at_lines(label.codes, lines),
        descriptions=_at_lines(label.descriptions, lines),
        organisations=_optional_texts(layout, pick, ColumnRole.ORGANISATION),
        cofog=_optional_texts(layout, pick, ColumnRole.COFOG),
        buckets=buckets, subcategories=subcategories, shares=shares,
        rationales=_optional_texts(layout, pick, ColumnRole.RATIONALE),
        declarations=_declarations(layout, pick),
        risks=_risks(layout, pick, rows, result, messages),
        evidence=_optional_texts(layout, pick, ColumnRole.EVIDENCE),
        source_rows=rows, amount_errors=errors, problems=messages)


def _picker(column, lines: np.ndarray):
    def pick(index: int | None) -> list[Cell]:
        return _at_lines(column(index), lines)
    return pick


def _at_lines(cells: list, lines: np.ndarray) -> list:
    """The cells of the line items (all of them, usually: then the list itself)."""
    return cells if len(lines) == len(cells) else _objects(cells)[lines].tolist()


def _optional_texts(layout: TableLayout, pick, role: ColumnRole) -> list[str] | None:
    """A column's texts at the lines; None when the table has no such column (Budget leaves
    it blank without a pass over 100,000 empty strings)."""
    index = layout.column_of(role)
    return None if index is None else _texts(pick(index))


def _texts(cells: list[Cell]) -> list[str]:
    try:  # the usual text column: strip in C, one pass over 100,000 cells
        return list(map(str.strip, cells))
    except TypeError:  # a number, a date or None among the texts
        return [c.strip() if c.__class__ is str else text_of(c) for c in cells]


def _report(result: ReadRows, problems: dict[int, list[CellProblem]], line: int, row: int,
            header: str, text: str, message: str, field: str, year: int | None = None) -> None:
    result.problems.append(RowProblem(row, header, text, message))
    problems.setdefault(line, []).append(
        CellProblem(field, year, text, f"Row {row}, column '{header}': {message}."))


# --- classification and share -------------------------------------------------------------------
def _classification(layout: TableLayout, pick, rows: list[int], result: ReadRows,
                    messages: dict[int, list[CellProblem]]) -> tuple[np.ndarray, np.ndarray]:
    n = len(rows)
    buckets = np.full(n, int(Bucket.UNCLASSIFIED), dtype=np.int8)
    subcategories = np.full(n, NO_SUBCATEGORY, dtype=np.int16)
    class_col = layout.column_of(ColumnRole.CLASSIFICATION)
    sub_col = layout.column_of(ColumnRole.SUBCATEGORY)
    unknown = np.zeros(n, dtype=bool)
    if class_col is not None:
        unknown = _fill_buckets(layout.headers[class_col], _texts(pick(class_col)), rows,
                                buckets, subcategories, result, messages)
    if sub_col is not None:
        _fill_subcategories(layout.headers[sub_col], _texts(pick(sub_col)), rows, buckets,
                            subcategories, result, messages, unknown)
    return buckets, subcategories


def _fill_buckets(header: str, texts: list[str], rows: list[int], buckets: np.ndarray,
                  subcategories: np.ndarray, result: ReadRows, messages) -> np.ndarray:
    """Each distinct text is parsed once; lines take their bucket by table lookup. Returns
    which lines have a classification that could not be read."""
    distinct = list(dict.fromkeys(texts))  # in first-seen order
    ids = {text: i for i, text in enumerate(distinct)}
    index = np.fromiter(map(ids.__getitem__, texts), dtype=np.intp, count=len(texts))
    parsed: list[tuple[int, int] | str] = []
    for text in distinct:
        try:
            english = in_english(text)
            parsed.append((int(parse_bucket(english)), implied_subcategory(english)))
        except UnknownClassification as error:
            parsed.append(str(error))
    unknown = np.array([isinstance(p, str) for p in parsed])
    bucket_of = np.array([0 if isinstance(p, str) else p[0] for p in parsed], dtype=np.int8)
    sub_of = np.array([NO_SUBCATEGORY if isinstance(p, str) else p[1] for p in parsed],
                      dtype=np.int16)
    buckets[:], subcategories[:] = bucket_of[index], sub_of[index]
    for line in np.flatnonzero(unknown[index]):
        _report(result, messages, int(line), rows[line], header, texts[line],
                f"{parsed[index[line]]}; the row stays unclassified",
                CellProblem.CLASSIFICATION)
    return unknown[index] if len(index) else np.zeros(0, dtype=bool)


def _fill_subcategories(header: str, texts: list[str], rows: list[int], buckets: np.ndarray,
                        subcategories: np.ndarray, result: ReadRows, messages,
                        unclassifiable: np.ndarray) -> None:
    """A sub-category names its bucket, except on a line whose classification was unreadable:
    that line stays unclassified as its error says (a typo must not count as core)."""
    known: dict[str, int | str] = {}
    for text in set(texts):
        try:
            known[text] = parse_subcategory(in_english(text))
        except UnknownClassification as error:
            known[text] = str(error)
    mismatched = []
    for line, text in enumerate(texts):
        found = known[text]
        if isinstance(found, str):
            _report(result, messages, line, rows[line], header, text,
                    f"{found}; the sub-category is left blank", CellProblem.SUBCATEGORY)
        elif found != NO_SUBCATEGORY and not unclassifiable[line]:
            _place_subcategory(line, found, buckets, subcategories, mismatched, rows)
    _warn_listed(result, mismatched, "a sub-category of another classification was ignored")


def in_english(text: str) -> str:
    """A classification or sub-category written in an ally's language, as the English words
    core/taxonomy.py parses ('Kernverteidigung' -> 'core', 'Infrastruktur' -> 'Infrastructure');
    other text unchanged."""
    words = vocabulary()
    key = " ".join(fold(text).split())
    if key in words.classification:
        return words.classification[key]
    if key in words.subcategory:
        return SUBCATEGORIES[SUBCATEGORY_INDEX[words.subcategory[key]]].label
    return text


def _place_subcategory(line: int, sub: int, buckets: np.ndarray, subcategories: np.ndarray,
                       mismatched: list[int], rows: list[int]) -> None:
    bucket = SUBCATEGORIES[sub].bucket
    if buckets[line] == Bucket.UNCLASSIFIED:
        buckets[line] = int(bucket)  # a sub-category names its bucket
    if buckets[line] == bucket:
        subcategories[line] = sub
    else:
        mismatched.append(rows[line])


def _warn_listed(result: ReadRows, rows: list[int], what: str) -> None:
    if not rows:
        return
    shown = ", ".join(map(str, rows[:_MAX_LISTED_WARNINGS]))
    more = f" and {len(rows) - _MAX_LISTED_WARNINGS} more" if len(rows) > _MAX_LISTED_WARNINGS else ""
    result.warnings.append(f"{'Row' if len(rows) == 1 else 'Rows'} {shown}{more}: {what}.")


def _shares(layout: TableLayout, pick, rows: list[int], result: ReadRows, messages,
            errors: np.ndarray) -> np.ndarray:
    """Counted share as a fraction; a column holding values above 1 is in percent."""
    share_col = layout.column_of(ColumnRole.SHARE)
    shares = np.ones(len(rows))
    if share_col is None:
        return shares
    header = layout.headers[share_col]
    cells = pick(share_col)
    if _all_numbers(cells):
        numbers = np.array(cells, dtype=np.float64)
        if numbers.size and 0.0 <= numbers.min() and numbers.max() <= 1.0:
            return numbers  # fractions 0-1 throughout: the exported plan's own layout
    percent = _share_in_percent(header, cells)
    for line, cell in enumerate(cells):
        value, problem = _share_value(cell, percent)
        if problem:
            errors[line, :] = True
            _report(result, messages, line, rows[line], header, text_of(cell),
                    f"'{text_of(cell)}' {problem}; the row is left out of every total until "
                    "it is corrected", CellProblem.SHARE)
        elif value is not None:
            shares[line] = value
    return shares


def _share_in_percent(header: str, cells: list[Cell]) -> bool:
    lowered = header.lower()
    if "fraction" in lowered or "0-1" in lowered:
        return False
    return any(1.0 < n <= 100.0 for n in map(_plain_share_number, cells) if n is not None)


def _plain_share_number(cell: Cell) -> float | None:
    """A share written without '%', as a number or as number text ("40", "0,5")."""
    if cell.__class__ in (float, int):
        return float(cell)
    if cell.__class__ is str and cell.strip() and not cell.strip().endswith("%"):
        try:
            return parse_number_text(cell.strip())
        except NotANumber:
            return None
    return None


def _share_value(cell: Cell, percent: bool) -> tuple[float | None, str | None]:
    if cell.__class__ in (float, int):
        value = cell / 100.0 if percent else float(cell)
    elif cell.__class__ is str and cell.strip():
        text = cell.strip()
        try:
            number = parse_number_text(text.rstrip("%").strip())
        except NotANumber:
            return None, "is not a share (give 0-100% or a fraction 0-1)"
        value = number / 100.0 if (text.endswith("%") or percent) else number
    elif cell in ("", None):
        return None, None
    else:
        return None, "is not a share (give 0-100% or a fraction 0-1)"
    if not 0.0 <= value <= 1.0 + 1e-12:
        return None, "is outside 0-100%"
    return min(value, 1.0), None


# --- claims: declaration category and challenge risk ------------------------------------------
def _declarations(layout: TableLayout, pick) -> list[str] | None:
    """Known categories in their canonical words; other text is kept (an 'inter alia' claim)."""
    texts = _optional_texts(layout, pick, ColumnRole.DECLARATION)
    if texts is None:
        return None
    canonical = {text: canonical_declaration(text) for text in set(texts)}
    return [canonical[t] for t in texts]


def _risks(layout: TableLayout, pick, rows: list[int], result: ReadRows,
           messages: dict[int, list[CellProblem]]) -> np.ndarray:
    """low / medium / high in any case; any other text is an error on its row and the line
    keeps no rating (it still counts: a risk says how a claim may fare, not what it is)."""
    risks = np.full(len(rows), int(Risk.NONE), dtype=np.int8)
    col = layout.column_of(ColumnRole.RISK)
    if col is None:
        return risks
    header, texts = layout.headers[col], _texts(pick(col))
    known: dict[str, int | str] = {}
    for text in set(texts):
        try:
            known[text] = int(parse_risk(text))
        except UnknownRisk as error:
            known[text] = str(error)
    for line, text in enumerate(texts):
        found = known[text]
        if isinstance(found, str):
            _report(result, messages, line, rows[line], header, text,
                    f"{found}; the line is left without a rating", CellProblem.RISK)
        else:
            risks[line] = found
    return risks
