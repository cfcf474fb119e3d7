"""Finding the line-item table in a workbook: its sheet, header row, column roles, years,
scale and currency, and saying in warnings what was assumed."""
from __future__ import annotations

from dataclasses import dataclass, field

from ..core.taxonomy import UnknownClassification, parse_bucket
from .column_roles import (
    ColumnRole, amount_preference, header_text, is_commitment, is_generic_category,
    is_lone_amount, is_percentage, relative_offset, role_of, year_in,
)
from . import budget_shapes
from .number_text import NotANumber, is_nil_marker, parse_number_text
from .safety import refuse
from .units import currency_in, scale_in, scale_name
from .vocabulary import vocabulary
from .workbook_reader import Grid

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
    fy_start: int | None = None  # month the fiscal year starts (--fy-start); None: as written
    year_column: int | None = None  # a long table's year column (amount_years is {col: 0})
    only_year: int | None = None  # --year on a long table: keep that year's rows only
    flow_column: int | None = None  # the column flagging revenue / spending rows
    flow_letters: dict[str, str] = field(default_factory=dict)  # 'O' -> 'revenue' ...
    revenue_numbering: tuple[int, object] | None = None  # (column, NumberingRule)
    include_revenue: bool = False  # the user chose to keep revenue rows
    key_columns: list[int] = field(default_factory=list)  # what makes a long table's line
    long_fallbacks: list[int] = field(default_factory=list)  # for years the amount column lacks
    unit_column: int | None = None  # a column stating each row's unit ('eenheid' = 'x1000')
    nil_markers: frozenset[str] = frozenset()  # the file's own, from its notes (folded)
    percent_columns: list[int] = field(default_factory=list)

    def column_of(self, role: ColumnRole) -> int | None:
        return next((c for c, r in self.roles.items() if r == role), None)


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
        if _has_plain_numbers(grid[index]):
            continue  # '22768 | 1763 | 2003': a data row whose counts look like years
        if _is_header(grid, index, headers, lenient):
            found = HeaderFound(index, headers, _numbers_below(grid, index, headers))
            if found.numbers_below:
                return found
            first = first or found
    return first


def _has_plain_numbers(row: list) -> bool:
    """A number that is no year (1900-2100) among the cells: headers hold words and years,
    not amounts."""
    for cell in row:
        if cell.__class__ in (int, float):
            value = cell
        elif isinstance(cell, str) and cell.strip().isdigit() and len(cell.strip()) <= 12:
            value = int(cell.strip())
        else:
            continue
        if not (1900 <= value <= 2100 and float(value).is_integer()):
            return True
    return False


def percentage_columns(grid: Grid) -> list[str]:
    """The year columns of a header row (description or code beside them) that are all
    percentages ('2025 % of GDP'): a table of shares, not of money."""
    for index in range(min(len(grid), HEADER_SEARCH_ROWS)):
        headers = header_row_texts(grid, index)
        if not any(role_of(h) in (ColumnRole.DESCRIPTION, ColumnRole.CODE) for h in headers):
            continue
        found = [h for h in headers if h and is_percentage(h) and year_in(h) is not None]
        if found:
            return found
    return []


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
        for r, h in zip(roles, headers)) or (  # a long table keyed by organisation
        ColumnRole.ORGANISATION in roles and ColumnRole.YEAR in roles)
    has_amount = ColumnRole.AMOUNT in roles or any(
        r is None and is_lone_amount(h) for r, h in zip(roles, headers))
    if lenient and has_amount and not has_text and ColumnRole.AMOUNT in roles:
        has_text = unlabelled_text_column(grid, index, headers, roles, named=True) is not None
    return has_text and has_amount


def unlabelled_text_column(grid: Grid, index: int, headers: list[str],
                           roles: list[ColumnRole | None], named: bool = False) -> int | None:
    """A column with a blank header left of the year columns whose cells below are text:
    the descriptions of a table whose top-left header cell was left empty (`named`: or whose
    header no vocabulary knows, as SIPRI's 'Country')."""
    first_amount = roles.index(ColumnRole.AMOUNT)
    below = grid[index + 1:index + 11]
    for column in range(first_amount):
        if headers[column] and not (named and roles[column] is None
                                    and len(headers[column]) <= 30):  # a header, not data
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
                  headers: list[str], year: int | None,
                  fy_start: int | None = None) -> TableLayout:
    """Column roles, years, scale and currency of the table whose header is `header_index`."""
    layout = TableLayout(sheet, header_index, headers, {}, {},
                         title_lines=_title_lines(grid[:header_index]), file_name=file_name,
                         fy_start=fy_start)
    sample = grid[header_index + 1:header_index + 1 + _SAMPLE_ROWS]
    roles = [role_of(h) for h in headers]
    layout.roles = {c: r or ColumnRole.IGNORED for c, r in enumerate(roles)}
    if not {ColumnRole.DESCRIPTION, ColumnRole.CODE} & set(roles) and ColumnRole.AMOUNT in roles:
        column = unlabelled_text_column(grid, header_index, headers, roles)
        if column is not None:
            layout.roles[column] = ColumnRole.DESCRIPTION
            layout.warnings.append(f"Column {column_letter(column)} has no header; its text "
                                   "is read as the line description.")
    budget_shapes.settle_flow_column(layout, sample)
    budget_shapes.settle_year_column(layout, sample)
    _settle_text_columns(layout, sample)
    if budget_shapes.is_long_table(layout):
        budget_shapes.settle_long_amount(layout, year, sample)
    else:
        _settle_amount_columns(layout, year)
    budget_shapes.warn_left_out_years(layout)
    _settle_units(layout)
    budget_shapes.settle_unit_columns(layout, sample)
    budget_shapes.settle_revenue_numbering(layout, sample)
    return layout


def layout_from_roles(file_name: str, sheet: str, grid: Grid, header_index: int,
                      headers: list[str], roles: dict[int, ColumnRole],
                      amount_years: dict[int, int], year: int | None = None,
                      fy_start: int | None = None) -> TableLayout:
    """The layout a user chose in the import preview: roles and years as given (a year
    column makes it a long table whose first amount column holds every year's money)."""
    layout = TableLayout(sheet, header_index, headers,
                         {c: roles.get(c, ColumnRole.IGNORED) for c in range(len(headers))},
                         dict(amount_years), title_lines=_title_lines(grid[:header_index]),
                         file_name=file_name, fy_start=fy_start)
    sample = grid[header_index + 1:header_index + 1 + _SAMPLE_ROWS]
    layout.year_column = layout.column_of(ColumnRole.YEAR)
    layout.flow_column = layout.column_of(ColumnRole.FLOW)
    if layout.flow_column is not None:
        layout.flow_letters = budget_shapes.flow_letters(headers[layout.flow_column])
    if layout.year_column is not None:
        amounts = [c for c, r in layout.roles.items() if r == ColumnRole.AMOUNT]
        layout.amount_years = {amounts[0]: 0} if amounts else {}
        layout.only_year = year
        layout.key_columns = budget_shapes.key_columns(layout)
    _settle_units(layout)
    budget_shapes.settle_unit_columns(layout, sample)
    if layout.flow_column is None:
        budget_shapes.settle_revenue_numbering(layout, sample)
    return layout


def _title_lines(rows: Grid) -> list[str]:
    lines = (" ".join(header_text(c) for c in row if header_text(c)) for row in rows)
    return [line for line in lines if line]


# --- text columns ---------------------------------------------------------------------------
def _typical_length(sample: Grid, column: int) -> float:
    texts = [str(row[column]).strip() for row in sample
             if column < len(row) and isinstance(row[column], str) and row[column].strip()]
    return sum(map(len, texts)) / len(texts) if texts else 0.0


def _filled_length(sample: Grid, column: int) -> float:
    """Text characters per sample row (blank cells count 0): a column filled on every row
    beats a longer one filled on a few (a group heading repeated only where it starts)."""
    texts = [len(row[column].strip()) for row in sample
             if column < len(row) and isinstance(row[column], str)]
    return sum(texts) / max(len(sample), 1)


def _settle_text_columns(layout: TableLayout, sample: Grid) -> None:
    """One description, one code; a 'Category' of non-NATO values is a description when
    nothing else is, else ignored. A header that *is* a description word ('tekst') beats one
    that only contains it ('tjeneste-tekst'); among equals the longest text wins."""
    roles = layout.roles
    _settle_generic_category(layout, sample)
    texts = [c for c, r in roles.items() if r in (ColumnRole.DESCRIPTION, ColumnRole.CODE)]
    described = [c for c in texts if roles[c] == ColumnRole.DESCRIPTION]
    named_codes = [c for c in texts if roles[c] == ColumnRole.CODE]
    exact = [c for c in described
             if vocabulary().header("description").is_whole(layout.headers[c])]
    pool = exact or described or (texts if len(texts) > 1 else [])
    if pool:
        description = max(pool, key=lambda c: (_filled_length(sample, c), -c))
        for column in texts:
            roles[column] = ColumnRole.CODE if column != description else ColumnRole.DESCRIPTION
    codes = sorted((c for c, r in roles.items() if r == ColumnRole.CODE),
                   key=lambda c: (c not in named_codes, c))
    for column in codes[1:]:
        roles[column] = ColumnRole.IGNORED
    if ColumnRole.DESCRIPTION not in roles.values():
        _settle_unnamed_description(layout, sample)
    for role in (ColumnRole.ORGANISATION, ColumnRole.COFOG, ColumnRole.CLASSIFICATION,
                 ColumnRole.SUBCATEGORY, ColumnRole.SHARE, ColumnRole.RATIONALE,
                 ColumnRole.DECLARATION, ColumnRole.RISK, ColumnRole.EVIDENCE):
        for column in [c for c, r in roles.items() if r == role][1:]:
            roles[column] = ColumnRole.IGNORED
            layout.warnings.append(f"Column '{layout.headers[column]}' also looks like the "
                                   f"{role.value} column; only the first one is used.")


def _settle_unnamed_description(layout: TableLayout, sample: Grid) -> None:
    """No header names the description: the text column with the longest typical values is
    it (longer than the code's), and the import says so."""
    candidates = [c for c, r in layout.roles.items() if r == ColumnRole.IGNORED
                  and layout.headers[c] and _mostly_text(sample, c)
                  and not is_lone_amount(layout.headers[c])
                  and not budget_shapes.is_unit_or_currency(layout.headers[c])]
    if not candidates:
        return
    best = max(candidates, key=lambda c: (_filled_length(sample, c), -c))
    code = layout.column_of(ColumnRole.CODE)
    if code is not None and _filled_length(sample, best) <= _filled_length(sample, code):
        return
    layout.roles[best] = ColumnRole.DESCRIPTION
    layout.warnings.append(f"No header names the description; column '{layout.headers[best]}' "
                           f"({column_letter(best)}), the text column with the longest typical "
                           "values, is read as the line description.")


def _mostly_text(sample: Grid, column: int) -> bool:
    cells = [row[column] for row in sample if column < len(row)
             and row[column] not in ("", None)]
    texts = [c for c in cells if isinstance(c, str) and not _is_number(c) and len(c.strip()) > 2]
    return len(cells) > 0 and len(texts) >= 0.6 * len(cells)


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
    base = None
    for column, role in layout.roles.items():
        if role != ColumnRole.AMOUNT:
            continue
        header = layout.headers[column]
        fiscal_year = year_in(header, layout.fy_start)
        if fiscal_year is None:
            base = base or budget_shapes.base_year(layout, year)
            fiscal_year = base + (relative_offset(header) or 0)
        by_year.setdefault(fiscal_year, []).append(column)
    if not by_year:
        _settle_lone_amount(layout, year)
        return
    if year is not None and base is None:
        layout.warnings.append(f"The year {year} given was not needed: the amount columns "
                               "name their own years.")
    for fiscal_year, columns in sorted(by_year.items()):
        chosen = _preferred_column(layout, fiscal_year, columns)
        layout.amount_years[chosen] = fiscal_year
        for column in columns:
            if column != chosen:
                layout.roles[column] = ColumnRole.IGNORED


def _preferred_column(layout: TableLayout, year: int, columns: list[int]) -> int:
    """The adopted budget beats a plain amount, a revision, a draft, an actual, and a
    commitment column last; among equals the later column. The choice is reported."""
    if len(columns) == 1:
        if is_commitment(layout.headers[columns[0]]):
            layout.warnings.append(f"Year {year} has only a commitment column "
                                   f"'{layout.headers[columns[0]]}'; read as its amount.")
        return columns[0]
    chosen = max(columns, key=lambda c: (amount_preference(layout.headers[c]), c))
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
