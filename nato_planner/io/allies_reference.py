"""NATO's allies table from a file: the edition shipped in resources/, or a newer one the user
loads (our CSV layout, or NATO's own wide layout with a row per ally and a column per year).

Our layout: `ally,year,core_pct_gdp,equipment_pct_of_core,estimate`, with `# edition: ...`,
`# source: ...` and `# attribution: ...` lines above the header.
NATO's wide layout (CSV, .xlsx or .ods): a header row naming years ("2014" ... "2026e"), the
ally's name in the first text column; values are core defence % of GDP.
"""
from __future__ import annotations

import csv
import io
import re
import stat
from pathlib import Path

from ..core.allies import AllyFigure, AlliesReference
from ..core.errors import BudgetImportError, PlannerError

SHIPPED = Path(__file__).resolve().parents[2] / "resources" / "nato_defence_2026-07.csv"
_MAX_BYTES = 5_000_000  # the whole NATO workbook is a few hundred KB
_YEAR = re.compile(r"^\s*((?:19|20)\d\d)\s*(e)?\s*$", re.IGNORECASE)
_EDITION = re.compile(r"\b((?:January|February|March|April|May|June|July|August|September|"
                      r"October|November|December)\s+20\d\d)\b", re.IGNORECASE)
_LONG_HEADER = ["ally", "year", "core_pct_gdp", "equipment_pct_of_core", "estimate"]


def load_allies_reference(path: str | Path | None = None) -> AlliesReference:
    """The reference table at `path` (default: the shipped July 2026 edition)."""
    path = Path(path) if path else SHIPPED
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):  # a pipe would block, /dev/zero never end
            raise _refused(path, "is not a regular file")
        if info.st_size > _MAX_BYTES:
            raise _refused(path, "is larger than any NATO allies table (5 MB)")
        if path.suffix.lower() in (".xlsx", ".xlsm", ".xls", ".ods"):
            return _from_rows(path, _workbook_rows(path), {})
        with open(path, "rb") as handle:
            text = handle.read(_MAX_BYTES + 1).decode("utf-8-sig", errors="replace")
    except OSError as error:
        raise _refused(path, f"cannot be read ({error.strerror or error})") from None
    meta = dict(_meta_line(line) for line in text.splitlines() if line.startswith("#"))
    body = "\n".join(line for line in text.splitlines() if not line.startswith("#"))
    rows = list(csv.reader(io.StringIO(body)))
    if rows and [c.strip().lower() for c in rows[0]] == _LONG_HEADER:
        return _from_long(path, rows[1:], meta)
    return _from_rows(path, rows, meta)


def _refused(path: Path, what: str) -> BudgetImportError:
    return BudgetImportError(f"The allies table '{path.name}' {what}; load NATO's published "
                             "workbook or a CSV with a row per ally and a column per year.")


def _meta_line(line: str) -> tuple[str, str]:
    key, _, value = line.lstrip("#").partition(":")
    return key.strip().lower(), value.strip()


def _number(text: str, path: Path, where: str) -> float | None:
    text = str(text).strip()
    if not text or text in ("-", "..", "n/a"):
        return None
    try:
        value = float(text.replace(",", "."))
    except ValueError:
        raise _refused(path, f"has '{text}' at {where}, which is not a percentage") from None
    if not 0 <= value <= 100:
        raise _refused(path, f"has {value:g} at {where}, outside 0-100%")
    return value


def _from_long(path: Path, rows: list[list[str]], meta: dict[str, str]) -> AlliesReference:
    figures = []
    for number, row in enumerate(rows, start=2):
        if not any(c.strip() for c in row):
            continue
        if len(row) < 3:
            raise _refused(path, f"has a short row {number}")
        ally, year = row[0].strip(), row[1].strip()
        if not year.isdigit():
            raise _refused(path, f"has the year '{year}' in row {number}")
        figures.append(AllyFigure(
            ally, int(year), _number(row[2], path, f"row {number}"),
            _number(row[3], path, f"row {number}") if len(row) > 3 else None,
            len(row) > 4 and row[4].strip().lower() in ("yes", "true", "e", "1")))
    return _reference(path, figures, meta)


def _from_rows(path: Path, rows: list[list[object]], meta: dict[str, str]) -> AlliesReference:
    """NATO's wide layout: find the header row of years, then one row per ally."""
    for index, row in enumerate(rows[:40]):
        years = {col: _YEAR.match(str(c)) for col, c in enumerate(row)}
        years = {col: m for col, m in years.items() if m}
        if len(years) >= 2:
            break
    else:
        raise _refused(path, "has no header row of years")
    title = " ".join(str(c) for r in rows[:index] for c in r if c)
    edition = meta.get("edition") or _edition_in(title) or path.stem
    figures = []
    for number, row in enumerate(rows[index + 1:], start=index + 2):
        ally = next((str(c).strip() for c in row if isinstance(c, str) and c.strip()), "")
        if not ally:
            continue
        for col, match in years.items():
            if col < len(row) and str(row[col]).strip():
                figures.append(AllyFigure(ally, int(match.group(1)),
                                          _number(row[col], path, f"row {number}"),
                                          estimate=bool(match.group(2))))
    if not figures:
        raise _refused(path, "has no ally rows under its years")
    return _reference(path, figures, {**meta, "edition": edition})


def _edition_in(text: str) -> str:
    found = _EDITION.search(text)
    return found.group(1).title() if found else ""


def _reference(path: Path, figures: list[AllyFigure], meta: dict[str, str]) -> AlliesReference:
    if not figures:
        raise _refused(path, "holds no figures")
    return AlliesReference(
        edition=meta.get("edition", ""), source=meta.get("source", path.name),
        attribution=meta.get("attribution", "Source: NATO. NATO asks to be credited; its "
                                            "figures are not for sale or advertising."),
        figures=figures)


def _workbook_rows(path: Path) -> list[list[object]]:
    """The first sheet's top rows, read as any untrusted workbook is: the safety checks, then
    the parse in a limited child (sandbox.py), so a hostile file is one refusal, not a crash."""
    from .sandbox import limits_for, run_limited  # noqa: PLC0415 - only for user workbooks
    try:
        return run_limited(path.name, _first_rows, (str(path),), limits_for(str(path)))
    except PlannerError as error:
        raise _refused(path, f"cannot be read as a workbook: {error}") from None


def _first_rows(path: str, _progress) -> list[list[object]]:
    from .workbook_reader import open_workbook  # noqa: PLC0415 - in the limited child
    workbook = open_workbook(path)
    if not workbook.sheet_names:
        return []
    return [list(row) for row in workbook.grid(workbook.sheet_names[0], max_rows=200)]
