"""A spreadsheet file as plain grids of Python values, whatever its format or extension says.

The real format is sniffed from the content (zip package, OLE compound file or text), hostile
files are refused before parsing (safety.py), and every sheet comes back as rows of cells
indexed like the sheet itself (row 0 is row 1, column 0 is column A).
"""
from __future__ import annotations

import codecs
import csv
import io
import os
import stat
import tempfile
import threading
import zipfile
import zlib
from typing import Any

import python_calamine

from . import safety
from .safety import refuse

Cell = Any  # str, float, int, bool, date/datetime/timedelta, or "" for an empty cell
Grid = list[list[Cell]]

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")
_BARE_BIFF = (b"\x09\x00", b"\x09\x02", b"\x09\x04")
_SPREADSHEET_EXTENSIONS = (".xlsx", ".xlsm", ".xlsb", ".xls", ".ods")
_TEXT_ENCODINGS = ("utf-8", "cp1252")
DETECTION_TEXT_CHARACTERS = 1_000
_DELIMITERS = ",;\t|"


class Workbook:
    """An opened workbook: its format, sheets (in workbook order) and a reader for each.
    (A plain class, not a dataclass: the command line opens one before dataclasses loads.)"""

    def __init__(self, path: str, kind: str, data: bytes, sheet_names: list[str],
                 hidden: set[str] | None = None, _book: Any = None,
                 _csv_grid: Grid | None = None, _sheets: dict[str, Any] | None = None) -> None:
        self.path = path
        self.kind = kind  # "xlsx" (also xlsm), "xlsb", "xls", "ods" or "csv"
        self.data = data
        self.sheet_names = sheet_names
        self.hidden = hidden if hidden is not None else set()
        self._book = _book
        self._csv_grid = _csv_grid
        self._sheets = _sheets if _sheets is not None else {}
        self._prefetching: dict[str, _SheetParse] = {}
        self._parser_lock = threading.Lock()
        self._scans: dict[str, bool] = {}

    def has_formulas(self) -> bool:
        """Whether an xlsx sheet holds a formula or an error cell (a byte scan, done once)."""
        from .formula_cells import package_has_formulas
        return self._scanned("formulas", ("xlsx",), lambda: package_has_formulas(self.data))

    def may_have_sum_formulas(self) -> bool:
        """Whether an xlsx or ODS sheet may hold a SUM-like formula (a byte scan, done once)."""
        from .formula_cells import package_has_sum_formulas
        return self._scanned("sums", ("xlsx", "ods"),
                             lambda: package_has_sum_formulas(self.data, self.kind))

    def _scanned(self, name: str, kinds: tuple[str, ...], scan) -> bool:
        if name not in self._scans:
            self._scans[name] = self.kind in kinds and scan()
        return self._scans[name]

    @property
    def name(self) -> str:
        return os.path.basename(self.path)

    def grid(self, sheet: str, max_rows: int | None = None) -> Grid:
        """The sheet's cells from A1; `max_rows` reads only the top (for detection)."""
        if self._csv_grid is not None:
            return self._csv_grid if max_rows is None else _detection_view(
                self._csv_grid[:max_rows])
        calamine_sheet = self._calamine_sheet(sheet)
        if calamine_sheet.end is None:
            return []
        height, width = calamine_sheet.end[0] + 1, calamine_sheet.end[1] + 1
        safety.check_grid_size(self.name, sheet, min(height, max_rows or height), width)
        try:
            grid = calamine_sheet.to_python(skip_empty_area=False, nrows=max_rows)
        except BaseException as error:  # noqa: BLE001 - pyo3 panics are BaseExceptions
            raise _unreadable(self.name, error) from None
        return grid if max_rows is None else _detection_view(grid)

    def prefetch(self, sheet: str) -> None:
        """Start parsing `sheet` on a background thread, so the caller can load the rest of
        the importer meanwhile (the parser lets go of the GIL); grid() then waits for it."""
        if self._book is not None and sheet not in self._sheets and sheet in self.sheet_names \
                and sheet not in self._prefetching:
            self._prefetching[sheet] = _SheetParse(lambda: self._parse_sheet(sheet))

    def _calamine_sheet(self, sheet: str) -> Any:
        if sheet not in self._sheets:
            started = self._prefetching.pop(sheet, None)
            self._sheets[sheet] = started.result() if started else self._parse_sheet(sheet)
        return self._sheets[sheet]

    def _parse_sheet(self, sheet: str) -> Any:
        with self._parser_lock:  # the parser's book takes one call at a time
            try:
                return self._book.get_sheet_by_name(sheet)
            except BaseException as error:  # noqa: BLE001
                raise _unreadable(self.name, error, sheet) from None


class _SheetParse:
    """One sheet parsed on a daemon thread; result() waits and returns it or raises its error."""

    def __init__(self, parse) -> None:
        self._value: Any = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, args=(parse,), daemon=True,
                                        name="sheet prefetch")
        self._thread.start()

    def _run(self, parse) -> None:
        try:
            self._value = parse()
        except BaseException as error:  # noqa: BLE001 - handed to the thread that asks
            self._error = error

    def result(self) -> Any:
        self._thread.join()
        if self._error is not None:
            raise self._error
        return self._value


def open_workbook(path: str) -> Workbook:
    """Open `path` for reading, or raise BudgetImportError saying why it cannot be used."""
    name = os.path.basename(path)
    data = _read_bytes(path, name)
    if data.startswith(b"PK"):
        return _open_package(path, name, data)
    if data.startswith(_OLE_MAGIC):
        return _open_compound(path, name, data)
    if data[:2] in _BARE_BIFF:
        raise refuse(name, "is in an Excel 2.x-4.x format that is no longer supported",
                     "open it in Excel or LibreOffice and save it as .xlsx")
    return _open_text(path, name, data)


def _read_bytes(path: str, name: str) -> bytes:
    """The file's bytes; a FIFO, a device or a folder is refused before it is opened (a FIFO
    would block, /dev/zero never ends), and never more than the size cap plus one byte is read."""
    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode):
            raise refuse(name, "is not a regular file (a folder, a pipe or a device)",
                         "choose the saved budget workbook")
        safety.check_file_size(name, info.st_size)
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with open(descriptor, "rb") as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):  # swapped since the stat
                raise refuse(name, "is not a regular file", "choose the saved budget workbook")
            data = handle.read(safety.MAX_FILE_BYTES + 1)
    except OSError as error:
        raise refuse(name, f"could not be opened ({error.strerror or error})",
                     "check the path and that you may read the file") from None
    safety.check_file_size(name, len(data))  # it grew since the stat
    if not data.strip():
        raise refuse(name, "is empty (0 bytes of data)", "choose the saved budget workbook")
    return data


def _open_package(path: str, name: str, data: bytes) -> Workbook:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        safety.check_zip_package(name, archive)
        kind = _package_kind(archive)
        if kind == "ods":
            _check_ods(name, archive)
        elif kind == "xlsx":
            safety.check_xlsx_extent(name, archive)
    except (zipfile.BadZipFile, zlib.error, EOFError, ValueError, NotImplementedError,
            RuntimeError, KeyError):
        raise refuse(name, "is a damaged zip package, not a readable spreadsheet",
                     "open it in Excel or LibreOffice and save it again") from None
    if kind is None:
        raise refuse(name, "is a zip archive but not a spreadsheet",
                     "choose an .xlsx, .xls, .ods or .csv budget workbook")
    return _open_with_calamine(path, name, data, kind)


def _package_kind(archive: zipfile.ZipFile) -> str | None:
    names = {n.replace("\\", "/").lstrip("/").lower() for n in archive.namelist()}
    if "mimetype" in names:
        mimetype = archive.read(_entry(archive, "mimetype"))[:100]
        if b"opendocument.spreadsheet" in mimetype:
            return "ods"
    if "xl/workbook.bin" in names:
        return "xlsb"
    if any(n.endswith("workbook.xml") for n in names) or "[content_types].xml" in names:
        return "xlsx"
    if "content.xml" in names:
        return "ods"
    return None


def _entry(archive: zipfile.ZipFile, wanted: str) -> str:
    for entry in archive.namelist():
        if entry.replace("\\", "/").lstrip("/").lower() == wanted:
            return entry
    raise KeyError(wanted)


def _check_ods(name: str, archive: zipfile.ZipFile) -> None:
    try:
        manifest = archive.read(_entry(archive, "meta-inf/manifest.xml"))
    except KeyError:
        manifest = b""
    if b"encryption-data" in manifest:
        raise _encrypted(name)
    try:
        safety.check_ods_content(name, archive.read(_entry(archive, "content.xml")))
    except KeyError:
        raise refuse(name, "is an OpenDocument package without a content part",
                     "open it in LibreOffice and save it again") from None


def _open_compound(path: str, name: str, data: bytes) -> Workbook:
    if _ENCRYPTED_STREAM in data:
        raise _encrypted(name)
    return _open_with_calamine(path, name, data, "xls")


def _open_with_calamine(path: str, name: str, data: bytes, kind: str) -> Workbook:
    try:
        book, loaded = _calamine_book(path, data, kind)
        sheets = [m for m in book.sheets_metadata
                  if m.typ == python_calamine.SheetTypeEnum.WorkSheet]
    except python_calamine.PasswordError:
        raise _encrypted(name) from None
    except BaseException as error:  # noqa: BLE001 - pyo3 panics are BaseExceptions
        raise _unreadable(name, error) from None
    hidden = {m.name for m in sheets if m.visible != python_calamine.SheetVisibleEnum.Visible}
    return Workbook(path, kind, data, [m.name for m in sheets], hidden, _book=book,
                    _sheets=loaded)


_EXTENSIONS = {"xlsx": (".xlsx", ".xlsm"), "xlsb": (".xlsb",), "xls": (".xls",), "ods": (".ods",)}


def _calamine_book(path: str, data: bytes, kind: str) -> tuple[Any, dict[str, Any]]:
    """calamine picks its parser by extension, so a misnamed file is read via a temporary copy
    with the right one (its format-guessing path hides password errors); its sheets are
    loaded while the copy exists."""
    if path.lower().endswith(_EXTENSIONS[kind]):
        return python_calamine.CalamineWorkbook.from_path(path), {}
    with tempfile.TemporaryDirectory(prefix="nato-planner-", ignore_cleanup_errors=True) as tmp:
        copy = os.path.join(tmp, "workbook" + _EXTENSIONS[kind][0])
        with open(copy, "wb") as handle:
            handle.write(data)
        book = python_calamine.CalamineWorkbook.from_path(copy)
        sheets = {}
        for name in book.sheet_names:
            try:
                sheets[name] = book.get_sheet_by_name(name)
            except Exception:  # noqa: BLE001 - reported when the sheet is asked for
                pass
    return book, sheets


def _encrypted(name: str):
    return refuse(name, "is encrypted (password-protected)",
                  "open it with its password in Excel or LibreOffice and save an unprotected copy")


def _unreadable(name: str, error: BaseException, sheet: str | None = None):
    if isinstance(error, (KeyboardInterrupt, SystemExit)):
        raise error
    where = f"its sheet '{sheet}' " if sheet else ""
    detail = str(error).splitlines()[0][:120] if str(error) else type(error).__name__
    return refuse(name, f"could not be read: {where}is damaged or not a supported spreadsheet "
                  f"({detail})", "open it in Excel or LibreOffice and save it as .xlsx")


def _detection_view(rows: Grid) -> Grid:
    """The top rows for header detection, texts cut to DETECTION_TEXT_CHARACTERS: no header
    is longer, and matching header words against huge cells would take seconds per sheet.
    Rows holding such a text are copied; the full grid keeps every character."""
    limit = DETECTION_TEXT_CHARACTERS
    return [row if not any(isinstance(c, str) and len(c) > limit for c in row)
            else [c[:limit] if isinstance(c, str) else c for c in row] for row in rows]


# --- CSV and other text files, as Excel writes them -------------------------------------
def _open_text(path: str, name: str, data: bytes) -> Workbook:
    lowered = path.lower()
    text = _decode(data)
    if lowered.endswith(_SPREADSHEET_EXTENSIONS) or "\x00" in text[:4096]:
        raise refuse(name, "is not a spreadsheet: its content is neither an Excel nor an "
                     "OpenDocument workbook", "choose the real budget workbook")
    if text.lstrip()[:100].lower().startswith(("<?xml", "<html", "<!doctype", "<table")):
        raise refuse(name, "is an XML or HTML document, not a spreadsheet file",
                     "open it in Excel or LibreOffice and save it as .xlsx")
    grid = _csv_grid(name, text)
    return Workbook(path, "csv", data, [_csv_sheet_name(path)], _csv_grid=grid)


def _decode(data: bytes) -> str:
    """UTF-16 with a BOM (Excel's "Unicode text") or without one, UTF-8 with or without a
    BOM, else cp1252 (Excel's "CSV" on Western Windows), else Latin-1, which decodes anything."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace")
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    else:
        utf16 = _utf16_without_bom(data[:4096])
        if utf16:
            return data.decode(utf16, errors="replace")
    for encoding in _TEXT_ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def _utf16_without_bom(head: bytes) -> str | None:
    """ASCII text in UTF-16 has a NUL in every other byte: which half says the byte order."""
    if len(head) < 4:
        return None
    even, odd = head[0::2], head[1::2]
    if odd.count(0) > 0.9 * len(odd) and even.count(0) < 0.1 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.9 * len(even) and odd.count(0) < 0.1 * len(odd):
        return "utf-16-be"
    return None


def _csv_grid(name: str, text: str) -> Grid:
    """RFC 4180 records: "" inside quotes is one quote, delimiters and line breaks inside
    quotes are text. Line ends may be LF, CR LF, CR or CR CR LF (one line end, not a blank
    row), so grid row N is line N as a spreadsheet shows it."""
    text = text.replace("\r\r\n", "\n")
    first, _, rest = text.partition("\n")
    stated = first.strip().lower()
    if stated.startswith("sep=") and len(stated) == 5:  # Excel's "sep=;" line names it
        delimiter, text = first.strip()[4], rest
    else:
        delimiter = _delimiter(text[:65536])
    if csv.field_size_limit() < safety.MAX_FILE_BYTES:  # one long field is text, not an error
        csv.field_size_limit(safety.MAX_FILE_BYTES)
    rows = list(csv.reader(io.StringIO(text, newline=""), _dialect(delimiter)))
    width = max((len(r) for r in rows), default=0)
    safety.check_grid_size(name, "CSV", len(rows), width)
    return [row + [""] * (width - len(row)) for row in rows]


def _dialect(delimiter: str) -> type[csv.Dialect]:
    class Excel(csv.excel):
        pass
    Excel.delimiter = delimiter
    Excel.strict = False
    return Excel


def _delimiter(sample: str) -> str:
    """The delimiter that splits the first lines into the same number of fields most often
    (quote-aware), then the one giving more fields; a comma when nothing splits."""
    cut = max(sample.rfind("\n"), sample.rfind("\r"))
    sample = sample[:cut] if cut > 0 else sample  # no half line at the end
    best, best_score = ",", (0, 0)
    for delimiter in _DELIMITERS:
        try:
            counts = [len(r) for _, r in zip(range(50), csv.reader(
                io.StringIO(sample, newline=""), _dialect(delimiter))) if r]
        except csv.Error:
            continue
        widths = [c for c in counts if c > 1]
        if not widths:
            continue
        modal = max(set(widths), key=lambda w: (widths.count(w), w))
        score = (widths.count(modal), modal)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _csv_sheet_name(path: str) -> str:
    return os.path.splitext(os.path.basename(path))[0] or "CSV"
