"""The `.natoplan` schema: SQLite as an application file format (docs/project_format.md).

The file says what it is before anything is read: PRAGMA application_id (bytes 68-71 of the
header) is APPLICATION_ID and PRAGMA user_version (bytes 60-63) the schema version. A file
that is not ours, newer than this program, truncated or damaged is refused before SQLite
writes anything to it.
"""
from __future__ import annotations

import shutil
import sqlite3
import struct
from pathlib import Path
from typing import Callable

from ..core.errors import PlannerError
from ..core.plan_state import LINE_COLUMNS, LineColumn
from .project_names import SQLITE_MAGIC

APPLICATION_ID = 0x4E41544F  # "NATO" in ASCII
SCHEMA_VERSION = 3


class ProjectFileError(PlannerError):
    """A project file that cannot be opened or written; the sentence says which and why."""


def sql_type(column: LineColumn) -> str:
    if column.per_year:
        return "BLOB"
    return {"text": "TEXT", "float64": "REAL"}.get(column.kind, "INTEGER")


def sql_default(column: LineColumn) -> str:
    if column.per_year:
        return "NULL"
    if column.kind == "text":
        return "''"
    return repr(float(column.default)) if column.kind == "float64" else str(int(column.default))


def _line_column_sql(column: LineColumn) -> str:
    return f"{column.name} {sql_type(column)} DEFAULT {sql_default(column)}"


def create_schema(db: sqlite3.Connection) -> None:
    columns = ",\n  ".join(_line_column_sql(c) for c in LINE_COLUMNS)
    db.executescript(f"""
CREATE TABLE project (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE scenario (
  id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL CHECK (kind IN ('baseline', 'scenario', 'submitted')),
  created TEXT NOT NULL, parent INTEGER, submitted_at TEXT, note TEXT NOT NULL DEFAULT '',
  history_depth INTEGER NOT NULL DEFAULT 0, lines INTEGER NOT NULL DEFAULT 0, years TEXT);
CREATE TABLE line_column (
  scenario INTEGER NOT NULL, name TEXT NOT NULL, data BLOB NOT NULL,
  PRIMARY KEY (scenario, name)) WITHOUT ROWID;
CREATE TABLE line_edit (
  scenario INTEGER NOT NULL, line INTEGER NOT NULL,
  {columns},
  PRIMARY KEY (scenario, line)) WITHOUT ROWID;
CREATE TABLE document (
  scenario INTEGER NOT NULL, name TEXT NOT NULL, version INTEGER NOT NULL, json TEXT NOT NULL,
  PRIMARY KEY (scenario, name)) WITHOUT ROWID;
CREATE TABLE history_step (
  scenario INTEGER NOT NULL, position INTEGER NOT NULL, label TEXT NOT NULL, time TEXT NOT NULL,
  PRIMARY KEY (scenario, position)) WITHOUT ROWID;
CREATE TABLE history_column (
  scenario INTEGER NOT NULL, position INTEGER NOT NULL, name TEXT NOT NULL,
  lines BLOB NOT NULL, old BLOB NOT NULL, new BLOB NOT NULL,
  PRIMARY KEY (scenario, position, name)) WITHOUT ROWID;
CREATE TABLE history_document (
  scenario INTEGER NOT NULL, position INTEGER NOT NULL, name TEXT NOT NULL,
  old TEXT NOT NULL, new TEXT NOT NULL,
  PRIMARY KEY (scenario, position, name)) WITHOUT ROWID;
CREATE TABLE audit (
  scenario INTEGER NOT NULL, seq INTEGER NOT NULL, step INTEGER NOT NULL,
  time TEXT NOT NULL, user TEXT NOT NULL, label TEXT NOT NULL, field TEXT NOT NULL,
  lines BLOB NOT NULL, old TEXT NOT NULL, new TEXT NOT NULL, text TEXT NOT NULL,
  note TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (scenario, seq)) WITHOUT ROWID;
PRAGMA application_id = {APPLICATION_ID};
PRAGMA user_version = {SCHEMA_VERSION};
""")


# --- refusing what is not ours ------------------------------------------------------------------
def check_header(path: Path) -> int:
    """The schema version of a project file, or ProjectFileError if it is not one we can open.
    Reads raw header bytes only: a foreign file is never handed to SQLite."""
    name = path.name
    try:
        size = path.stat().st_size
        with open(path, "rb") as handle:
            header = handle.read(100)
    except OSError as error:
        raise ProjectFileError(f"'{name}' could not be read ({error.strerror or error}); check "
                               "it exists and you may open it.") from None
    if size == 0 or not header.startswith(SQLITE_MAGIC[:len(header)]) or len(header) < 100:
        raise ProjectFileError(
            f"'{name}' is not a NATO planner project: it is "
            f"{'empty' if size == 0 else 'not a project file'}. Open a .natoplan file "
            "saved by this program, or import a budget workbook; the file was left untouched.")
    page_size, pages = struct.unpack(">H", header[16:18])[0], struct.unpack(">I", header[28:32])[0]
    page_size = 65536 if page_size == 1 else page_size
    user_version, application_id = struct.unpack(">iI", header[60:64] + header[68:72])
    if application_id != APPLICATION_ID:
        raise ProjectFileError(
            f"'{name}' is a database of another program, not a NATO planner project; open a "
            ".natoplan file saved by this program. The file was left untouched.")
    if user_version > SCHEMA_VERSION:
        raise ProjectFileError(
            f"'{name}' was saved by a newer version of NATO planner (project format "
            f"{user_version}; this version reads up to {SCHEMA_VERSION}). Update the program to "
            "open it; the file was left untouched.")
    if not Path(f"{path}-wal").exists() and size < page_size * pages:
        raise ProjectFileError(
            f"'{name}' is truncated: it holds {size:,} bytes of the {page_size * pages:,} it "
            "should, probably cut off while copying. Copy it again from where it came from; "
            "the file was left untouched.")
    return user_version


def check_integrity(db: sqlite3.Connection, name: str) -> None:
    try:
        result = db.execute("PRAGMA quick_check").fetchone()[0]
        tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    except sqlite3.DatabaseError as error:
        result, tables = str(error), set()
    missing = {"project", "scenario", "document"} - tables
    if result != "ok" or missing:
        why = result if result != "ok" else f"it lacks its {', '.join(sorted(missing))} table"
        raise ProjectFileError(
            f"'{name}' is damaged ({why.splitlines()[0]}); open a backup copy of it, or the "
            "budget workbook it came from. The file was left untouched.")


# --- upgrading older files ----------------------------------------------------------------------
Migration = Callable[[sqlite3.Connection], None]


def backup_path(path: Path, version: int) -> Path:
    return path.with_name(f"{path.stem}.format{version}-backup{path.suffix}")


def copy_aside(path: Path, version: int) -> Path:
    """The untouched file beside itself, before anything opens it for an upgrade."""
    backup = backup_path(path, version)
    shutil.copy2(path, backup)
    if Path(f"{path}-wal").exists():  # committed pages not yet in the main file
        shutil.copy2(f"{path}-wal", f"{backup}-wal")
    return backup


def upgrade(db: sqlite3.Connection, migrations: dict[int, Migration], version: int) -> None:
    """Bring an older file up to SCHEMA_VERSION in one transaction."""
    db.execute("BEGIN IMMEDIATE")
    try:
        for step in range(version, SCHEMA_VERSION):
            migrations[step](db)
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        db.execute("COMMIT")
    except BaseException:
        db.execute("ROLLBACK")
        raise
