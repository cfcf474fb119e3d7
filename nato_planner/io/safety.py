"""Limits checked before a parser sees a file, so a hostile workbook costs seconds, not memory.

Zip bombs are caught from the declared sizes of the package entries, XML entity attacks from
the prologue of every XML part, absurd ODS sheets from their repeat counts.
"""
from __future__ import annotations

import posixpath
import re
import zipfile

from ..core.errors import BudgetImportError

MAX_FILE_BYTES = 200 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 300 * 1024 * 1024  # all package parts together
MAX_PART_RATIO = 200  # a part above BOMB_PART_BYTES that shrank more than this is a bomb
BOMB_PART_BYTES = 16 * 1024 * 1024
MAX_ZIP_ENTRIES = 20_000
MAX_CELLS = 10_000_000  # rows x columns of one sheet as calamine lays it out (~32 bytes each)
EXTENT_SCAN_BYTES = 16 * 1024 * 1024  # sheet parts up to this size are scanned for far cells
_PROLOGUE_BYTES = 16 * 1024
_ENTITY = re.compile(rb"<!\s*(ENTITY|DOCTYPE)", re.IGNORECASE)
_COMMENT = re.compile(rb"<!--.*?-->|<\?.*?\?>", re.DOTALL)  # complete comments and PIs
_START_TAG = re.compile(rb"<[A-Za-z_]")


def refuse(name: str, problem: str, advice: str) -> BudgetImportError:
    """One sentence on one line: which file, what is wrong, what to do (a quoted cell's line
    breaks and tabs become spaces, so a dialog or a terminal shows it whole)."""
    return BudgetImportError(" ".join(f"'{name}' {problem}; {advice}.".split()))


def check_file_size(name: str, size: int) -> None:
    if size > MAX_FILE_BYTES:
        raise refuse(name, f"is {size / 1e6:,.0f} MB, larger than the {MAX_FILE_BYTES / 1e6:,.0f}"
                     " MB a budget workbook may be", "split it or remove unused sheets")


def check_zip_package(name: str, archive: zipfile.ZipFile) -> None:
    """Refuse zip bombs and XML entity declarations before any part is parsed."""
    entries = archive.infolist()
    if any(entry.flag_bits & 0x1 for entry in entries):
        raise refuse(name, "has encrypted package parts (password-protected or damaged)",
                     "open it with its password in Excel or LibreOffice and save an "
                     "unprotected copy")
    if len(entries) > MAX_ZIP_ENTRIES:
        raise refuse(name, f"holds {len(entries):,} package parts, far more than a workbook",
                     "it cannot be imported safely")
    total = sum(entry.file_size for entry in entries)
    if total > MAX_UNCOMPRESSED_BYTES or any(_is_bomb(e) for e in entries):
        raise refuse(name, "expands to an unreasonable size when unpacked (a zip bomb)",
                     "it cannot be imported safely; ask the sender for a plain copy")
    for entry in entries:
        if _declares_entities(archive, entry):
            raise refuse(name, f"declares XML entities in its part '{entry.filename}', which "
                         "spreadsheets never need (an XML entity attack)",
                         "it cannot be imported safely; ask the sender for a plain copy")


def _is_bomb(entry: zipfile.ZipInfo) -> bool:
    if entry.file_size <= BOMB_PART_BYTES:
        return False
    return entry.file_size > MAX_PART_RATIO * max(entry.compress_size, 1)


def _declares_entities(archive: zipfile.ZipFile, entry: zipfile.ZipInfo) -> bool:
    """A DOCTYPE can only appear in the prolog, before the root element's start tag, but the
    prolog may be padded with comments of any length: read on until the first start tag."""
    with archive.open(entry) as part:
        head = part.read(_PROLOGUE_BYTES)
        if not head.lstrip(b"\xef\xbb\xbf\xff\xfe \t\r\n\x00").startswith(b"<"):
            return False  # not XML (an image, a binary part)
        utf16 = head.startswith((b"\xff\xfe", b"\xfe\xff"))
        while True:
            text = head.decode("utf-16", errors="ignore").encode("utf-8") if utf16 else head
            prolog = _COMMENT.sub(b"", text)
            unfinished = [i for i in (prolog.find(b"<!--"), prolog.find(b"<?")) if i >= 0]
            if unfinished:  # a comment still open at the end of what was read
                prolog = prolog[:min(unfinished)]
            if _ENTITY.search(prolog):
                return True
            if _START_TAG.search(prolog):
                return False
            more = part.read(len(head))  # doubling: a long comment costs linear time
            if not more:
                return False
            head += more


# --- xlsx: a few cells far apart make calamine lay out a huge dense sheet -------------------
# cells with content only: a styled empty cell (<c r="XFD1048576" s="1"/>) takes no room
_CELL_ROW = re.compile(rb'<(?:\w+:)?c\s[^>]*?\br="[A-Z]{1,3}(\d+)"[^>]*(?<!/)>')
_WIDE_REF = re.compile(rb'<(?:\w+:)?c\s[^>]*?\br="([A-Z]{2,3})\d+"[^>]*(?<!/)>')


def check_xlsx_extent(name: str, archive: zipfile.ZipFile) -> None:
    """Refuse a worksheet whose cells span more than MAX_CELLS (e.g. A1 and Z1000000).

    The sheets are the parts the workbook's relationships name (whatever their folder or
    extension) plus anything under worksheets/. Parts over EXTENT_SCAN_BYTES are not scanned
    (scanning a real 35 MB sheet would cost half the read): the child process's memory limit
    (sandbox.py) bounds those.
    """
    for entry in _sheet_parts(archive):
        if entry.file_size > EXTENT_SCAN_BYTES:
            continue
        rows, columns = _extent(archive.read(entry))
        if rows * columns > MAX_CELLS:
            raise refuse(name, f"has a sheet whose cells span {rows:,} rows by {columns:,} "
                         "columns, far beyond any budget (absurd dimensions)",
                         "delete the stray far-away cells and save it again")


_SHEET_RELATION = re.compile(
    rb'<(?:\w+:)?Relationship\b(?=[^>]*\bType="[^"]*/(?:worksheet|chartsheet|dialogsheet)")'
    rb'[^>]*\bTarget="([^"]+)"')


def _sheet_parts(archive: zipfile.ZipFile) -> list[zipfile.ZipInfo]:
    by_name = {e.filename.replace("\\", "/").lstrip("/").lower(): e for e in archive.infolist()}
    wanted = {n for n in by_name if "worksheets/" in n}
    for rels in (n for n in by_name if n.endswith(".rels")):
        folder = rels.rpartition("_rels/")[0]
        for target in _SHEET_RELATION.findall(archive.read(by_name[rels])):
            path = target.decode("utf-8", "ignore").replace("\\", "/").lower()
            wanted.add(posixpath.normpath(path.lstrip("/") if path.startswith("/")
                                          else posixpath.join(folder, path)))
    return [by_name[n] for n in sorted(wanted) if n in by_name]


def _extent(xml: bytes) -> tuple[int, int]:
    """(last row, last column) of the cells that hold something."""
    cells = xml.count(b"<c ") + xml.count(b"<c>")
    rows = xml.count(b"<row ") + xml.count(b"<row>")
    if xml.count(b' r="') < cells + rows:  # a row or cell whose position is implied
        return _implied_extent(xml)
    last_row = max(map(int, _CELL_ROW.findall(xml)), default=1)
    columns = max((_column_number(c) for c in set(_WIDE_REF.findall(xml))), default=26)
    return last_row, columns


_ROW_OR_CELL = re.compile(rb'<(?:\w+:)?(row|c)\b([^>]*?)(/?)>')
_REF = re.compile(rb'\br="([A-Z]{0,3})(\d*)"')


def _implied_extent(xml: bytes) -> tuple[int, int]:
    """The slow way, as a reader does it: a row without r= follows the previous row, a cell
    without r= the previous cell."""
    row = column = last_row = last_column = 0
    for tag, attributes, closed in _ROW_OR_CELL.findall(xml):
        ref = _REF.search(attributes)
        if tag == b"row":
            row = int(ref.group(2)) if ref and ref.group(2) else row + 1
            column = 0
            continue
        if ref and ref.group(1):
            column = _column_number(ref.group(1))
            row = int(ref.group(2) or row)
        else:
            column += 1
        if not closed:
            last_row, last_column = max(last_row, row), max(last_column, column)
    return max(last_row, 1), max(last_column, 1)


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


# --- ODS: repeated rows and columns --------------------------------------------------------
_ODS_TOKEN = re.compile(
    rb"<table:table\s|<table:table-row\b([^>]*)>|</table:table-row>|<table:table-cell\b([^>]*)>")
_ROWS_REPEATED = re.compile(rb'number-rows-repeated="(\d+)"')
_COLS_REPEATED = re.compile(rb'number-columns-repeated="(\d+)"')


def check_ods_content(name: str, content: bytes) -> None:
    """Refuse a sheet whose filled cells, once repeats are expanded, exceed MAX_CELLS."""
    row = col = max_row = max_col = 0
    repeat = 1
    for token in _ODS_TOKEN.finditer(content):
        text = token.group(0)
        if text.startswith(b"<table:table ") or text.startswith(b"<table:table\t"):
            row = max_row = max_col = 0
        elif text.startswith(b"<table:table-row"):
            found = _ROWS_REPEATED.search(token.group(1))
            repeat, col = (int(found.group(1)) if found else 1), 0
            row += repeat
        elif text.startswith(b"</table:table-row"):
            continue
        else:
            col, max_row, max_col = _ods_cell(token.group(2), row, col, max_row, max_col)
            if max_row * max_col > MAX_CELLS:
                raise refuse(name, f"declares a sheet of {max_row:,} rows by {max_col:,} "
                             "columns of filled cells, far beyond any budget",
                             "it cannot be imported safely; remove the repeated cells")


def _ods_cell(attributes: bytes, row: int, col: int, max_row: int,
              max_col: int) -> tuple[int, int, int]:
    found = _COLS_REPEATED.search(attributes)
    col += int(found.group(1)) if found else 1
    if b"value-type" in attributes:
        max_row, max_col = max(max_row, row), max(max_col, col)
    return col, max_row, max_col


def check_grid_size(name: str, sheet: str, rows: int, columns: int) -> None:
    if rows * columns > MAX_CELLS:
        raise refuse(name, f"has a sheet '{sheet}' of {rows:,} rows by {columns:,} columns, "
                     "too large to import", "delete unused rows and columns or split the sheet")
