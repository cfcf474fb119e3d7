"""Formulas and error values of an xlsx or ODS sheet, read only when a row may need them.

calamine gives cached values; to see that a row's amounts are SUM formulas (a subtotal) or
that a formula has no cached value, openpyxl reads the sheet once, in read-only mode (with
defusedxml installed it refuses XML entity declarations).
"""
from __future__ import annotations

import html
import io
import re
import zipfile
from dataclasses import dataclass, field

_FORMULA_MARKS = (b"<f>", b"<f ", b":f>", b":f ", b't="e"')
# What a chunk with a formula or an error cell must hold ('<f>' or '</f>'; t="e"): two
# searches instead of five over a sheet of tens of MB, the exact marks checked on a hit
_FORMULA_HINTS = (b"f>", b't="e"')
_SUM_MARKS = (b"SUM(", b"SUBTOTAL(", b"AGGREGATE(")
_SUM_SCAN_BYTES = 8 << 20
_CHUNK = 1 << 20
_SUM_CALL = re.compile(r"^=\s*\+?\s*(SUM|SUBTOTAL|AGGREGATE)\s*\(", re.IGNORECASE)
_CELL_SUM = re.compile(r"^=\s*\$?[A-Z]{1,3}\$?\d+(\s*\+\s*\$?[A-Z]{1,3}\$?\d+)+\s*$",
                       re.IGNORECASE)
_ROW_REFS = re.compile(r"\$?[A-Z]{1,3}\$?(\d+)", re.IGNORECASE)


@dataclass
class FormulaCells:
    """0-based (row, column) -> formula text, and -> error value ('#DIV/0!')."""

    formulas: dict[tuple[int, int], str] = field(default_factory=dict)
    errors: dict[tuple[int, int], str] = field(default_factory=dict)


def package_has_formulas(data: bytes) -> bool:
    """Whether any worksheet part holds a formula or an error cell (a fast byte scan)."""
    return _package_has(data, "xlsx", _FORMULA_MARKS, hints=_FORMULA_HINTS)


def package_has_sum_formulas(data: bytes, kind: str) -> bool:
    """Whether a sheet of an xlsx or ODS package may hold a SUM-like formula (a byte scan of
    each sheet's first 8 MB, some 20,000 rows, so a huge plain sheet costs no full inflate):
    a SUM subtotal is then found by its formula even when its value gives no hint."""
    return _package_has(data, kind, _SUM_MARKS, _SUM_SCAN_BYTES)


def _package_has(data: bytes, kind: str, marks: tuple[bytes, ...],
                 limit: int | None = None, hints: tuple[bytes, ...] | None = None) -> bool:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        parts = [n for n in archive.namelist() if _is_sheet_part(n, kind)]
        return any(_part_has(archive, name, marks, limit, hints or marks) for name in parts)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        return False


def _is_sheet_part(name: str, kind: str) -> bool:
    if kind == "ods":
        return name == "content.xml"
    return "worksheets" in name.replace("\\", "/").lower() and name.lower().endswith(".xml")


def _part_has(archive: zipfile.ZipFile, name: str, marks: tuple[bytes, ...],
              limit: int | None, hints: tuple[bytes, ...]) -> bool:
    tail, read = b"", 0
    with archive.open(name) as part:
        while (limit is None or read < limit) and (chunk := part.read(_CHUNK)):
            window, read = tail + chunk, read + len(chunk)
            if any(hint in window for hint in hints) and any(mark in window for mark in marks):
                return True
            tail = window[-12:]
    return False


def read_formula_cells(data: bytes, sheet: str) -> FormulaCells | None:
    """Formula texts and error values of `sheet`; None if openpyxl cannot read the package."""
    try:
        import openpyxl  # only here: it is slow, and most workbooks need no formula check
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
        try:
            return _collect(book[sheet])
        finally:
            book.close()
    except Exception:  # noqa: BLE001 - formulas are an extra; calamine's values still stand
        return None


def _collect(worksheet) -> FormulaCells:
    found = FormulaCells()
    for row in worksheet.iter_rows():
        for cell in row:
            kind = getattr(cell, "data_type", None)
            if kind not in ("f", "e") or getattr(cell, "row", None) is None:
                continue
            key = (cell.row - 1, cell.column - 1)
            value = cell.value
            if kind == "f":
                found.formulas[key] = str(getattr(value, "text", value))
            else:
                found.errors[key] = str(value)
    return found


def is_total_formula(formula: str, row: int) -> bool:
    """A SUM/SUBTOTAL, or a '+' chain of cells, over rows above `row` (0-based)."""
    if "!" in formula or not (_SUM_CALL.match(formula) or _CELL_SUM.match(formula)):
        return False  # a sum over another sheet is a line fed from elsewhere, not a subtotal
    rows = [int(r) - 1 for r in _ROW_REFS.findall(formula.split("(", 1)[-1])]
    return bool(rows) and all(r < row for r in rows)


# --- ODS: formulas are attributes of the cells in content.xml -------------------------------
_ODS_TOKEN = re.compile(rb'<table:table\s[^>]*?table:name="([^"]*)"|</table:table>|'
                        rb'<table:table-row\b([^>]*)>|'
                        rb'<table:(?:covered-)?table-cell\b([^>]*)>')
_ODS_ATTRIBUTE = {name: re.compile(rb'\s' + name + rb'="([^"]*)"')
                  for name in (b"table:number-rows-repeated", b"table:number-columns-repeated",
                               b"table:formula")}
_ODS_REF = re.compile(r"\[\$?('[^']*'|[^.\[\]]*)\.\$?([A-Z]{1,3})\$?(\d+)")
_MAX_REPEAT = 10_000


def read_ods_formula_cells(data: bytes, sheet: str, max_rows: int) -> FormulaCells | None:
    """Formulas of an ODS sheet in xlsx spelling ('of:=SUM([.B2:.B3])' -> '=SUM(B2:B3)')."""
    try:
        content = zipfile.ZipFile(io.BytesIO(data)).read("content.xml")
    except (KeyError, zipfile.BadZipFile, OSError, EOFError, ValueError):
        return None
    found, inside, row, col = FormulaCells(), False, -1, 0
    wanted = html.escape(sheet, quote=True).encode("utf-8")
    for token in _ODS_TOKEN.finditer(content):
        if token.group(1) is not None:
            inside, row = token.group(1) == wanted, -1
        elif not inside:
            continue
        elif token.group(0).startswith(b"</table:table>"):
            break
        elif token.group(2) is not None:
            row, col = row + _ods_number(token.group(2), 0), 0
        else:
            col = _ods_cell_formulas(token.group(3), row, col, max_rows, found)
    return found


def _ods_number(attributes: bytes, index: int) -> int:
    names = (b"table:number-rows-repeated", b"table:number-columns-repeated")
    match = _ODS_ATTRIBUTE[names[index]].search(attributes)
    return min(int(match.group(1)), _MAX_REPEAT) if match else 1


def _ods_cell_formulas(attributes: bytes, row: int, col: int, max_rows: int,
                       found: FormulaCells) -> int:
    repeat = _ods_number(attributes, 1)
    formula = _ODS_ATTRIBUTE[b"table:formula"].search(attributes)
    if formula and 0 <= row < max_rows:
        text = _xlsx_spelling(html.unescape(formula.group(1).decode("utf-8", "replace")))
        for offset in range(min(repeat, 64)):
            found.formulas[(row, col + offset)] = text
    return col + repeat


def _xlsx_spelling(formula: str) -> str:
    """'of:=SUM([.B2:.B3])' -> '=SUM(B2:B3)'; a reference to another sheet keeps a '!'."""
    formula = formula.split(":", 1)[1] if formula[:3].lower() in ("of:", "oo:") else formula

    def cell(match: re.Match[str]) -> str:
        sheet = match.group(1).strip("'$")
        return f"{sheet + '!' if sheet else ''}{match.group(2)}{match.group(3)}"
    formula = _ODS_REF.sub(cell, formula)
    return formula.replace(":.", ":").replace("]", "").replace(";", ",")
