"""Finding the line-item table in a workbook: its sheet, header row, column roles, years,
scale and currency, and saying in warnings what was assumed."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..core.taxonomy import UnknownClassification, parse_bucket
from .column_roles import (
    ColumnRole, header_text, is_actual, is_generic_category, is_lone_amount, role_of, year_in,
)
from .gdp_sheet import GDP_SHEET
from .number_text import NotANumber, is_nil_marker, parse_number_text
from .safety import refuse
from .units import currency_in, scale_in, scale_name
from .workbook_reader import Grid, Workbook

HEADER_SEARCH_ROWS = 30
_SAMPLE_ROWS = 200


@dataclass
class TableLayout:
    """Where the line items are and how to read them (0-based rows and columns)."""

    sheet: str
    header_index: int
    headers: list[str]
    roles: dict[int, ColumnRole]
    amount_years: dict[int, int]
    scale: float = 1.0
    scale_source: str = "default: no unit stated"
    currency: str | None = None
    title_lines: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    file_name: str = ""

    def column_of(self, role: ColumnRole) -> int | None:
        return next((c for c, r in self.roles.items() if r == role), None)


def candidate_sheets(workbook: Workbook, wanted: str | None) -> list[str]:
    """Sheets to search in order: visible ones first, GDP/assumption sheets last."""
    if wanted is not None:
        if wanted not in workbook.sheet_names:
            raise refuse(workbook.name, f"has no sheet named '{wanted}' (it has: "
                         f"{', '.join(workbook.sheet_names)})", "give one of those with --sheet")
        return [wanted]
    names = workbook.sheet_names
    return sorted(names, key=lambda n: (n in workbook.hidden, bool(GDP_SHEET.search(n)),
                                        names.index(n)))


@dataclass(frozen=True)
class HeaderFound:
    index: int  # 0-based row
    headers: list[str]
    numbers_below: bool  # some amount cell under it holds a number


def find_header(grid: Grid, lenient: bool = False) -> HeaderFound | None:
    """The first row (0-based) with a description-like column and at least one amount column
    that has numbers below it (so 'Title | Defence budget 2026' on a cover is passed over);
    failing that, the first such row at all. `lenient` also takes year columns over a column
    of unlabelled text (a second pass)."""
    first = None
    for index in range(min(len(grid), HEADER_SEARCH_ROWS)):
        headers = header_row_texts(grid, index)
        if index + 1 < len(grid) and _has_years_row_below(grid, index):
            continue  # 'Budget (EUR m)' over a row of years: that row is the header
        if _is_header(grid, index, headers, lenient):
            found = HeaderFound(index, headers, _numbers_below(grid, index, headers))
            if found.numbers_below:
                return found
            first = first or found
    return first


def _numbers_below(grid: Grid, index: int, headers: list[str]) -> bool:
    columns = [c for c, h in enumerate(headers)
               if role_of(h) == ColumnRole.AMOUNT or (role_of(h) is None and is_lone_amount(h))]
    for row in grid[index + 1:index + 1 + _SAMPLE_ROWS]:
        for column in columns:
            cell = row[column] if column < len(row) else ""
            if _is_number(cell):
                return True
    return False


def _is_number(cell: object) -> bool:
    if cell.__class__ in (int, float):
        return True
    if not isinstance(cell, str) or is_nil_marker(cell):
        return False
    try:
        parse_number_text(cell)
        return True
    except NotANumber:
        return False


def _is_header(grid: Grid, index: int, headers: list[str], lenient: bool) -> bool:
    roles = [role_of(h) for h in headers]
    has_text = any(r in (ColumnRole.DESCRIPTION, ColumnRole.CODE) for r in roles) or any(
        r == ColumnRole.CLASSIFICATION and is_generic_category(h)
        for r, h in zip(roles, headers))
    has_amount = ColumnRole.AMOUNT in roles or any(
        r is None and is_lone_amount(h) for r, h in zip(roles, headers))
    if lenient and has_amount and not has_text and ColumnRole.AMOUNT in roles:
        has_text = unlabelled_text_column(grid, index, headers, roles) is not None
    return has_text and has_amount


def unlabelled_text_column(grid: Grid, index: int, headers: list[str],
                           roles: list[ColumnRole | None]) -> int | None:
    """A column with a blank header left of the year columns whose cells below are text:
    the descriptions of a table whose top-left header cell was left empty."""
    first_amount = roles.index(ColumnRole.AMOUNT)
    below = grid[index + 1:index + 11]
    for column in range(first_amount):
        if headers[column]:
            continue
        texts = [row[column] for row in below
                 if column < len(row) and isinstance(row[column], str) and row[column].strip()]
        if len(texts) >= 2:
            return column
    return None


def header_row_texts(grid: Grid, index: int) -> list[str]:
    """The header texts of row `index`, completed by a two-row header's upper row."""
    headers = [header_text(cell) for cell in grid[index]]
    if not index:
        return headers
    return with_words_from_above(with_years_from_above(headers, grid[index - 1]),
                                 grid[index - 1])


def _has_years_row_below(grid: Grid, index: int) -> bool:
    below = [header_text(cell) for cell in grid[index + 1]]
    return with_words_from_above(below, grid[index]) != below


def with_words_from_above(headers: list[str], above: list) -> list[str]:
    """'Budget (EUR m)' merged over a row of bare years ('2025 | 2026'), under a header row
    with a description: each year takes the amount word spanning it, blanks the header above."""
    over = [header_text(cell) for cell in above]
    filled = [h for h in headers if h]
    if not filled or any(len(h) > 12 or year_in(h) is None for h in filled):
        return headers
    if not any(role_of(h) in (ColumnRole.DESCRIPTION, ColumnRole.CODE) for h in over):
        return headers
    merged = list(headers) + [""] * max(0, len(over) - len(headers))
    over += [""] * (len(merged) - len(over))
    span, spanned = "", False
    for column, word in enumerate(over):
        if word:
            span = word if role_of(word) is None and is_lone_amount(word) else ""
        if not merged[column]:
            merged[column] = word
        elif span:
            merged[column], spanned = f"{merged[column]} {span}", True
    return merged if spanned else headers


def with_years_from_above(headers: list[str], above: list) -> list[str]:
    """A two-row header ('2025' over 'Budget'): the year joins the word below it."""
    merged = list(headers)
    for column, header in enumerate(headers):
        if column >= len(above) or not header or year_in(header) is not None:
            continue
        over = header_text(above[column])
        if over and len(over) <= 12 and year_in(over) is not None and role_of(header) is None:
            merged[column] = f"{over} {header}"
    return merged


def detect_layout(file_name: str, sheet: str, grid: Grid, header_index: int,
                  headers: list[str], year: int | None) -> TableLayout:
    """Column roles, years, scale and currency of the table whose header is `header_index`."""
    layout = TableLayout(sheet, header_index, headers, {}, {},
                         title_lines=_title_lines(grid[:header_index]), file_name=file_name)
    sample = grid[header_index + 1:header_index + 1 + _SAMPLE_ROWS]
    roles = [role_of(h) for h in headers]
    layout.roles = {c: r or ColumnRole.IGNORED for c, r in enumerate(roles)}
    if not {ColumnRole.DESCRIPTION, ColumnRole.CODE} & set(roles) and ColumnRole.AMOUNT in roles:
        column = unlabelled_text_column(grid, header_index, headers, roles)
        if column is not None:
            layout.roles[column] = ColumnRole.DESCRIPTION
            layout.warnings.append(f"Column {column_letter(column)} has no header; its text "
                                   "is read as the line description.")
    _settle_text_columns(layout, sample)
    _settle_amount_columns(layout, year)
    _settle_units(layout)
    return layout


def layout_from_roles(file_name: str, sheet: str, grid: Grid, header_index: int,
                      headers: list[str], roles: dict[int, ColumnRole],
                      amount_years: dict[int, int]) -> TableLayout:
    """The layout a user chose in the import preview: roles and years as given."""
    layout = TableLayout(sheet, header_index, headers,
                         {c: roles.get(c, ColumnRole.IGNORED) for c in range(len(headers))},
                         dict(amount_years), title_lines=_title_lines(grid[:header_index]),
                         file_name=file_name)
    _settle_units(layout)
    return layout


def _title_lines(rows: Grid) -> list[str]:
    lines = (" ".join(header_text(c) for c in row if header_text(c)) for row in rows)
    return [line for line in lines if line]


# --- text columns ---------------------------------------------------------------------------
def _typical_length(sample: Grid, column: int) -> float:
    texts = [str(row[column]).strip() for row in sample
             if column < len(row) and isinstance(row[column], str) and row[column].strip()]
    return sum(map(len, texts)) / len(texts) if texts else 0.0


def _settle_text_columns(layout: TableLayout, sample: Grid) -> None:
    """One description (the longest typical text), one code; a 'Category' of non-NATO values
    is a description when nothing else is, else ignored."""
    roles = layout.roles
    _settle_generic_category(layout, sample)
    texts = [c for c, r in roles.items() if r in (ColumnRole.DESCRIPTION, ColumnRole.CODE)]
    described = [c for c in texts if roles[c] == ColumnRole.DESCRIPTION]
    pool = described if described else (texts if len(texts) > 1 else [])
    if pool:
        description = max(pool, key=lambda c: (_typical_length(sample, c), -c))
        for column in texts:
            roles[column] = ColumnRole.CODE if column != description else ColumnRole.DESCRIPTION
    codes = [c for c, r in roles.items() if r == ColumnRole.CODE]
    for column in codes[1:]:
        roles[column] = ColumnRole.IGNORED
    for role in (ColumnRole.ORGANISATION, ColumnRole.COFOG, ColumnRole.CLASSIFICATION,
                 ColumnRole.SUBCATEGORY, ColumnRole.SHARE, ColumnRole.RATIONALE,
                 ColumnRole.DECLARATION, ColumnRole.RISK, ColumnRole.EVIDENCE):
        for column in [c for c, r in roles.items() if r == role][1:]:
            roles[column] = ColumnRole.IGNORED
            layout.warnings.append(f"Column '{layout.headers[column]}' also looks like the "
                                   f"{role.value} column; only the first one is used.")


def _settle_generic_category(layout: TableLayout, sample: Grid) -> None:
    for column, role in list(layout.roles.items()):
        header = layout.headers[column]
        if role != ColumnRole.CLASSIFICATION or not _is_generic(header):
            continue
        if _holds_classifications(sample, column):
            continue
        has_text = any(r in (ColumnRole.DESCRIPTION, ColumnRole.CODE)
                       for r in layout.roles.values())
        layout.roles[column] = ColumnRole.IGNORED if has_text else ColumnRole.DESCRIPTION
        use = "ignored" if has_text else "read as the line description"
        layout.warnings.append(f"Column '{header}' holds no NATO classifications; {use}.")


def _is_generic(header: str) -> bool:
    return is_generic_category(header)


def _holds_classifications(sample: Grid, column: int) -> bool:
    known = unknown = 0
    for row in sample:
        value = row[column] if column < len(row) else ""
        if not str(value).strip():
            continue
        try:
            parse_bucket(str(value))
            known += 1
        except UnknownClassification:
            unknown += 1
    return known >= unknown


# --- amount columns ---------------------------------------------------------------------------
def _settle_amount_columns(layout: TableLayout, year: int | None) -> None:
    by_year: dict[int, list[int]] = {}
    for column, role in layout.roles.items():
        if role == ColumnRole.AMOUNT:
            by_year.setdefault(year_in(layout.headers[column]), []).append(column)
    if not by_year:
        _settle_lone_amount(layout, year)
        return
    if year is not None:
        layout.warnings.append(f"The year {year} given was not needed: the amount columns "
                               "name their own years.")
    for fiscal_year, columns in sorted(by_year.items()):
        chosen = _preferred_column(layout, fiscal_year, columns)
        layout.amount_years[chosen] = fiscal_year
        for column in columns:
            if column != chosen:
                layout.roles[column] = ColumnRole.IGNORED


def _preferred_column(layout: TableLayout, year: int, columns: list[int]) -> int:
    """The later plan/budget column beats an actual; the choice is reported."""
    if len(columns) == 1:
        return columns[0]
    planned = [c for c in columns if not is_actual(layout.headers[c])]
    chosen = (planned or columns)[-1]
    others = ", ".join(f"'{layout.headers[c]}'" for c in columns if c != chosen)
    layout.warnings.append(f"Year {year} appears in {len(columns)} columns; used "
                           f"'{layout.headers[chosen]}' (column {column_letter(chosen)}) "
                           f"and ignored {others}.")
    return chosen


def _settle_lone_amount(layout: TableLayout, year: int | None) -> None:
    lone = [c for c, h in enumerate(layout.headers)
            if is_lone_amount(h) and layout.roles.get(c) in (None, ColumnRole.IGNORED)]
    if not lone:
        return
    title_year = next((y for y in map(year_in, layout.title_lines) if y), None)
    chosen_year = year if year is not None else title_year
    header = layout.headers[lone[0]]
    if chosen_year is None:
        raise refuse(layout.file_name, f"has one amount column '{header}' on sheet "
                     f"'{layout.sheet}' without a year, and the title above the table names "
                     "none", "give the year with --year")
    layout.roles[lone[0]] = ColumnRole.AMOUNT
    layout.amount_years[lone[0]] = chosen_year
    source = "--year" if year is not None else "the title block"
    layout.warnings.append(f"Column '{header}' has no year; read as the budget of "
                           f"{chosen_year} (from {source}).")
    for column in lone[1:]:
        layout.warnings.append(f"Column '{layout.headers[column]}' has no year either; ignored.")


# --- units ----------------------------------------------------------------------------------
def _settle_units(layout: TableLayout) -> None:
    amount_headers = [layout.headers[c] for c in sorted(layout.amount_years)]
    for place, texts in (("amount header", amount_headers), ("title block", layout.title_lines)):
        found = [(text, scale_in(text)) for text in texts]
        found = [(text, hit) for text, hit in found if hit]
        if found:
            text, (layout.scale, _) = found[0]
            layout.scale_source = f"{place}: '{text}'"
            if len({hit[0] for _, hit in found}) > 1 and place == "amount header":
                layout.warnings.append("Amount headers state different units; all amounts "
                                       f"read in {scale_name(layout.scale)} as '{text}' says.")
            break
    everything = amount_headers + layout.title_lines + layout.headers
    layout.currency = next((c for c in map(currency_in, everything) if c), None)


def column_letter(column: int) -> str:
    """0 -> 'A', 27 -> 'AB', as a spreadsheet names columns."""
    letters = ""
    column += 1
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return letters
