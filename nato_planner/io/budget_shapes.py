"""The shapes real budgets come in (BUDGET_FORMAT.md): long tables with a year column,
relative years (t-2 ... t+4), revenue rows flagged by a column or by the budget's own
numbering, unit and currency columns, and year-like columns that are left out.

Each function settles one thing on a TableLayout and says in its warnings what it assumed.
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

import numpy as np

from .column_roles import (
    ColumnRole, amount_preference, header_text, is_currency_header, is_lone_amount,
    is_percentage, is_unit_header, left_out_year, relative_offset, year_in,
)
from .safety import refuse
from .units import currency_in, scale_in, scale_name
from .vocabulary import fold, vocabulary

if TYPE_CHECKING:
    from .table_detection import TableLayout
    from .workbook_reader import Cell, Grid

REVENUE, SPENDING, COMMITMENT = "revenue", "spending", "commitment"
_LETTER_DEFINITION = re.compile(r"([^\W\d_][^\W\d_\s]*(?:\s+[^\W\d_]+)?)\s*\(\s*([^\W\d_]{1,3})\s*\)")
_FLAG_SHARE = 0.8  # at least this share of a flag column's cells must say revenue or spending


# --- revenue / spending flag column -------------------------------------------------------------
def flow_letters(header: str) -> dict[str, str]:
    """Letters a header defines: 'Uitgaven (U) Verplichtingen (V) Ontvangsten (O)' ->
    {'u': spending, 'v': commitment, 'o': revenue}."""
    letters = {}
    for words, letter in _LETTER_DEFINITION.findall(header[:300]):
        kind = _kind_of_word(words)
        if kind:
            letters[fold(letter)] = kind
    return letters


def _kind_of_word(text: str) -> str | None:
    words = vocabulary()
    if words.value("revenue").search(text):
        return REVENUE
    if words.value("commitment").search(text) or words.header("commitment").search(text):
        return COMMITMENT
    if words.value("spending").search(text):
        return SPENDING
    return None


def flow_kind(cell: object, letters: dict[str, str]) -> str | None:
    """'Inntekt' -> revenue, 'AUSG.' -> spending, 'O' (defined in the header) -> revenue."""
    if not isinstance(cell, str) or not cell.strip():
        return None
    text = cell.strip()
    key = fold(text).strip(". ")
    if key in letters:
        return letters[key]
    return _kind_of_word(text) if len(text) <= 60 else None


def settle_flow_column(layout: TableLayout, sample: Grid) -> None:
    """The first column whose cells flag rows as revenue or spending: a flag header
    ('flow', 'Titelart', 'inntekt-utgift') with such values, or any text column whose values
    are all revenue/spending words. Other flag-header columns are ignored."""
    for column, role in sorted(layout.roles.items()):
        header = layout.headers[column]
        if role not in (ColumnRole.FLOW, ColumnRole.IGNORED, ColumnRole.CLASSIFICATION):
            continue
        letters = flow_letters(header)
        kinds = [flow_kind(row[column], letters) for row in sample
                 if column < len(row) and isinstance(row[column], str) and row[column].strip()]
        flagged = [k for k in kinds if k]
        is_flag = kinds and len(flagged) >= _FLAG_SHARE * len(kinds) and (
            role == ColumnRole.FLOW or len(set(flagged)) > 1)
        if is_flag and layout.flow_column is None:
            layout.roles[column] = ColumnRole.FLOW
            layout.flow_column, layout.flow_letters = column, letters
        elif role == ColumnRole.FLOW:
            layout.roles[column] = ColumnRole.IGNORED


def settle_revenue_numbering(layout: TableLayout, sample: Grid) -> None:
    """Without a flag column, the budget's own numbering may say which rows are revenue:
    German Titel main groups 0-3, Norwegian chapters 3000-5999."""
    if layout.flow_column is not None:
        return
    for rule in vocabulary().numbering:
        for column, header in enumerate(layout.headers):
            if not header or not rule.headers.is_whole(header.rstrip(".")):
                continue
            others = [h for c, h in enumerate(layout.headers) if c != column and h]
            if rule.also_headers and not any(rule.also_headers.search(h) for h in others):
                continue
            numbers = [_digits(row[column], rule.digits) for row in sample if column < len(row)
                       and row[column] not in ("", None)]
            kinds = {_is_revenue_number(n, rule) for n in numbers if n is not None}
            # a budget's numbering: mostly such numbers, and both revenue and spending ones
            if numbers and sum(n is not None for n in numbers) >= 0.9 * len(numbers) \
                    and kinds == {True, False}:
                layout.revenue_numbering = (column, rule)
                return


def _digits(cell: object, width: int) -> str | None:
    """A budget number as its digits, zero-padded to `width` where a number lost them
    (Titel 11910 -> '11910'; 1101.0 -> '01101'); None when it is not such a number."""
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    if isinstance(cell, int) and cell >= 100:
        text = str(cell).zfill(width)
    elif isinstance(cell, str):
        text = re.sub(r"[\s.\-/]", "", cell.strip())
    else:
        return None
    return text if text.isdigit() and min(3, width) <= len(text) <= width + 2 else None


def _is_revenue_number(digits: str | None, rule) -> bool:
    if digits is None:
        return False
    if rule.revenue_first_digit and int(digits[0]) in rule.revenue_first_digit:
        return True
    value = int(digits)
    return any(low <= value <= high for low, high in rule.revenue_ranges)


def flow_masks(layout: TableLayout, cells_of) -> tuple[np.ndarray, np.ndarray, str]:
    """Per data row: revenue, commitment, and the words saying which column told."""
    if layout.flow_column is not None:
        cells = cells_of(layout.flow_column)
        kinds = {}
        for cell in set(c for c in cells if isinstance(c, str)):
            kinds[cell] = flow_kind(cell, layout.flow_letters)
        kind = [kinds.get(c) if isinstance(c, str) else None for c in cells]
        revenue = np.fromiter((k == REVENUE for k in kind), dtype=bool, count=len(kind))
        commitment = np.fromiter((k == COMMITMENT for k in kind), dtype=bool, count=len(kind))
        return revenue, commitment, f"column '{layout.headers[layout.flow_column]}'"
    if layout.revenue_numbering is not None:
        column, rule = layout.revenue_numbering
        cells = cells_of(column)
        revenue = np.fromiter((_is_revenue_number(_digits(c, rule.digits), rule) for c in cells),
                              dtype=bool, count=len(cells))
        what = (f"main groups {', '.join(map(str, sorted(rule.revenue_first_digit)))}"
                if rule.revenue_first_digit else "numbers " + ", ".join(
                    f"{a}-{b}" for a, b in rule.revenue_ranges))
        return (revenue, np.zeros(len(cells), dtype=bool),
                f"column '{layout.headers[column]}' ({what} are revenue)")
    return np.zeros(0, dtype=bool), np.zeros(0, dtype=bool), ""


# --- long tables ---------------------------------------------------------------------------------
def row_year(cell: Cell, fy_start: int | None) -> int | None:
    """A long table's year cell: 2019, 2019.0, '2019', '2019/20', 'FY2020'."""
    if cell.__class__ in (int, float) and float(cell).is_integer():
        value = int(cell)
        return value if 1950 <= value <= 2100 else None
    if isinstance(cell, str) and 0 < len(cell.strip()) <= 24:
        return year_in(cell.strip(), fy_start)
    return None


def settle_year_column(layout: TableLayout, sample: Grid) -> None:
    """A year-column header ('year', 'fy_ef', 'Begrotingsjaar', 'Jahr', 'år'...) whose cells
    are years makes the table long; a header that only looks like one is ignored."""
    for column, role in sorted(layout.roles.items()):
        if role != ColumnRole.YEAR:
            continue
        cells = [row[column] for row in sample if column < len(row)
                 and row[column] not in ("", None)]
        years = [row_year(c, layout.fy_start) for c in cells]
        if layout.year_column is None and cells and sum(
                y is not None for y in years) >= 0.9 * len(cells):
            layout.year_column = column
        else:
            layout.roles[column] = ColumnRole.IGNORED


def is_long_table(layout: TableLayout) -> bool:
    """A year column and no amount column naming its own year."""
    if layout.year_column is None:
        return False
    if ColumnRole.AMOUNT in layout.roles.values():
        layout.warnings.append(f"Column '{layout.headers[layout.year_column]}' holds years, but "
                               "the amount columns name their own years; it is ignored.")
        layout.roles[layout.year_column] = ColumnRole.IGNORED
        layout.year_column = None
        return False
    return True


def settle_long_amount(layout: TableLayout, year: int | None, sample: Grid) -> None:
    """Each row is one line's amount in the row's year: the adopted budget column when there
    are several (not the draft, the outturn or the commitments). A column named like an
    amount whose cells are not numbers (Swedish 'Anslag' = '1:1') is a code, not money."""
    lone = [c for c, h in enumerate(layout.headers)
            if layout.roles.get(c) == ColumnRole.IGNORED and is_lone_amount(h)
            and _mostly_numbers(sample, c)]
    if not lone:
        layout.roles[layout.year_column] = ColumnRole.IGNORED
        layout.year_column = None
        return
    chosen = max(lone, key=lambda c: (amount_preference(layout.headers[c]), -c))
    layout.roles[chosen] = ColumnRole.AMOUNT
    layout.amount_years = {chosen: 0}
    layout.only_year = year
    layout.key_columns = key_columns(layout)
    layout.long_fallbacks = sorted(
        (c for c in lone if c != chosen and amount_preference(layout.headers[c]) >= 2),
        key=lambda c: (-amount_preference(layout.headers[c]), c))
    year_header = layout.headers[layout.year_column]
    left = [f"'{layout.headers[c]}'" for c in lone if c != chosen]
    layout.warnings.append(
        f"Long table: one row per line per year (year column '{year_header}'); the amounts "
        f"are column '{layout.headers[chosen]}'"
        + (f" ({', '.join(left)} left out)" if left else "") + ". Each line gets one amount "
        "per year; rows of one line in one year are added, different years never are.")


def _mostly_numbers(sample: Grid, column: int) -> bool:
    from .number_text import NotANumber, parse_number_text
    cells = [row[column] for row in sample if column < len(row) and row[column] not in ("", None)]
    numbers = 0
    for cell in cells:
        if cell.__class__ in (int, float):
            numbers += 1
        elif isinstance(cell, str):
            try:
                parse_number_text(cell)
                numbers += 1
            except NotANumber:
                pass
    return not cells or numbers >= 0.5 * len(cells)


def key_columns(layout: TableLayout) -> list[int]:
    """The columns whose values make a long table's line: all but the year, the amounts and
    other money or percentage columns."""
    keys = []
    for column, header in enumerate(layout.headers):
        role = layout.roles.get(column, ColumnRole.IGNORED)
        if column == layout.year_column or role == ColumnRole.AMOUNT:
            continue
        if role == ColumnRole.IGNORED and (is_lone_amount(header) or is_percentage(header)
                                           or year_in(header) is not None):
            continue
        keys.append(column)
    return keys


# --- relative years, and year-like columns left out -----------------------------------------------
def base_year(layout: TableLayout, year: int | None) -> int:
    """t of 't-2 ... t+4': --year, else the year in the title block, else in the sheet name."""
    if year is not None:
        return year
    for text in layout.title_lines + [layout.sheet]:
        found = year_in(text, layout.fy_start)
        if found is not None:
            layout.warnings.append(f"Relative years (t-1, t, t+1...) read with t = {found}, "
                                   f"the year named in '{text}'.")
            return found
    raise refuse(layout.file_name, f"has amount columns in relative years (t-1, t, t+1...) on "
                 f"sheet '{layout.sheet}', and neither the title nor the sheet name says "
                 "which year t is", "give it with --year")


def warn_left_out_years(layout: TableLayout) -> None:
    """Name every year-like column that is not read as money (before 1950, TQ, a range,
    a percentage)."""
    for column, header in enumerate(layout.headers):
        if layout.roles.get(column) not in (ColumnRole.IGNORED, None) or not header:
            continue
        why = left_out_year(header)
        if why is None and is_percentage(header) and (
                year_in(header) is not None or relative_offset(header) is not None):
            layout.percent_columns.append(column)
            why = "a percentage, not money"
        if why:
            layout.warnings.append(f"Column '{header}' looks like a year but is left out: "
                                   f"{why}.")


# --- unit and currency columns --------------------------------------------------------------------
def is_unit_or_currency(header: str) -> bool:
    return is_unit_header(header) or is_currency_header(header)


def settle_unit_columns(layout: TableLayout, sample: Grid) -> None:
    """A unit column ('eenheid' = 'x1000') sets the scale when no header or title states it
    (each row is read in its own unit); a currency column ('Valuta' = 'Euro') the currency."""
    for column, header in enumerate(layout.headers):
        if not header or layout.roles.get(column) not in (ColumnRole.IGNORED, None):
            continue
        values = [header_text(row[column])[:100] for row in sample if column < len(row)
                  and row[column] not in ("", None)]
        if is_unit_header(header) and layout.scale_source.startswith("default"):
            scales = [(hit[0], text) for text in values if (hit := scale_in(text))]
            if scales:
                factors = [f for f, _ in scales]
                layout.scale = max(set(factors), key=factors.count)
                text = next(t for f, t in scales if f == layout.scale)
                layout.scale_source = f"unit column: '{header}' = '{text}'"
                layout.unit_column = column
        if is_currency_header(header) and layout.currency is None:
            codes = {c for c in map(currency_in, set(values)) if c}
            if len(codes) == 1:
                layout.currency = codes.pop()


def row_scales(layout: TableLayout, column) -> np.ndarray | None:
    """Each row's factor relative to the layout's scale, where a unit column gives rows
    different units ('x1000' and 'miljoen'); None when every row has the same."""
    if layout.unit_column is None:
        return None
    cells = column(layout.unit_column)
    factors: dict = {}
    for cell in set(cells):
        hit = scale_in(header_text(cell)) if cell not in ("", None) else None
        factors[cell] = (hit[0] if hit else layout.scale) / layout.scale
    if all(f == 1.0 for f in factors.values()):
        return None
    return np.fromiter((factors[c] for c in cells), dtype=np.float64, count=len(cells))


def aggregate_rows(layout: TableLayout, column) -> list[int]:
    """Rows whose organisation is the whole government ('Rijk', 'All departments'): an
    overview of the other rows, counted twice if read as lines."""
    org = layout.column_of(ColumnRole.ORGANISATION)
    if org is None:
        return []
    cells = column(org)
    words = vocabulary().value("aggregate_organisation")
    whole = {c for c in set(cells) if isinstance(c, str) and c.strip() and words.is_whole(c)}
    return [i for i, c in enumerate(cells) if c in whole] if whole else []


# --- the file's own nil markers --------------------------------------------------------------------
_DEFINITION = re.compile(
    r"(?:^|[\s;,(])[\"'\u201c\u201e\u201a\u2018]?(?P<marker>[^\w\s\"'\u201c\u201d\u201e]{1,4}"
    r"|[a-z]{1,4}\.?(?:[a-z]\.)?)[\"'\u201d\u201c\u2019]?\s*(?:=|:|means|denotes|indicates|"
    r"bedeutet|signifie|betekent|significa|oznacza|znamená|jelentése|betyder|tarkoittaa)\s*"
    r"(?P<meaning>[^;=.\"\u201c\u201d]{2,60})", re.IGNORECASE)


def nil_markers_in(lines: list[str]) -> frozenset[str]:
    """Markers a file's notes define as nothing: '"xxx" = did not exist', '- : nil',
    'pm = pro memoria'. Folded, for comparison with folded cells."""
    meanings = vocabulary().value("nil_meaning")
    found = set()
    for line in lines:
        for match in _DEFINITION.finditer(line[:500]):
            if meanings.search(match.group("meaning")):
                found.add(fold(match.group("marker")).strip())
    return frozenset(m for m in found if m)


def fill_missing_years(layout: TableLayout, column, cells: list) -> list:
    """A long table whose amount column is blank for a whole year (a budget not yet adopted):
    that year's rows take the next budget column that has them (a revision or the draft,
    never the outturn or commitments), and a warning says so."""
    if not layout.long_fallbacks:
        return cells
    year_cells = column(layout.year_column)
    cache: dict = {}
    years = [cache.setdefault((y.__class__, y), row_year(y, layout.fy_start)) for y in year_cells]
    filled = {y for y, c in zip(years, cells) if c not in ("", None) and not (
        isinstance(c, str) and not c.strip())}
    missing = sorted({y for y in years if y is not None and y not in filled})
    if not missing:
        return cells
    merged = list(cells)
    for fallback in layout.long_fallbacks:
        other = column(fallback)
        has = {y for y, c in zip(years, other) if y in missing and c not in ("", None)
               and not (isinstance(c, str) and not c.strip())}
        if not has:
            continue
        for i, y in enumerate(years):
            if y in has:
                merged[i] = other[i]
        layout.warnings.append(
            f"Column '{layout.headers[next(iter(layout.amount_years))]}' is empty for "
            f"{', '.join(map(str, sorted(has)))}; those years are read from "
            f"'{layout.headers[fallback]}'.")
        missing = [y for y in missing if y not in has]
        if not missing:
            break
    return merged
