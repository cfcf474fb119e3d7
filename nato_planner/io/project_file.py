"""A `.natoplan` project: the imported budget, every scenario and version, each with its
lines, documents, audit log and full undo history (schema in io/project_schema.py and
docs/project_format.md).

Opening refuses what is not ours before writing anything; an older file is copied aside,
then upgraded. Writes happen in transactions (WAL journal), so a killed program leaves the
file as of the last committed transaction.
"""
from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import tempfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Iterator

import numpy as np

from ..core.audit import AuditRecord
from ..core.budget import Budget, CellProblem, LineColumns
from ..core.plan import Plan
from ..core.plan_state import (
    LINE_COLUMN, LINE_COLUMNS, PLAN_DOCUMENTS, plan_documents, set_plan_document,
)
from ..core.recorded_step import ColumnChange, RecordedStep
from .project_codec import (
    AUDIT_COLUMNS, DOCUMENT_VERSION, audit_record, audit_row, document_from_json, document_json,
    lines_from_bytes, values_bytes, values_from_bytes,
)
from .project_lock import EditLock, take_edit_lock
from .project_schema import (
    SCHEMA_VERSION, ProjectFileError, check_header, check_integrity, copy_aside, create_schema,
    sql_default, sql_type, upgrade,
)

BASELINE_NAME = "Imported budget"
FIRST_SCENARIO_NAME = "Working plan"


@dataclass(frozen=True)
class SourceFingerprint:
    """Which file the budget came from, to tell a revised budget from the same one."""

    name: str
    size: int
    sha256: str

    @classmethod
    def of(cls, path: str | os.PathLike) -> "SourceFingerprint":
        digest = hashlib.sha256()
        with open(path, "rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
        return cls(os.path.basename(str(path)), os.path.getsize(path), digest.hexdigest())


@dataclass(frozen=True)
class ScenarioInfo:
    id: int
    name: str
    kind: str  # "baseline" (the import, locked), "scenario", "submitted" (frozen version)
    created: str
    submitted_at: str | None
    note: str
    history_depth: int

    @property
    def read_only(self) -> bool:
        return self.kind != "scenario"


@dataclass
class LoadedScenario:
    """A scenario brought back: the plan as it was, and its undo history."""

    info: ScenarioInfo
    plan: Plan
    done: list[RecordedStep] = field(default_factory=list)
    undone: list[RecordedStep] = field(default_factory=list)  # oldest first


def connect(path: Path, checked: bool = True) -> sqlite3.Connection:
    """An autocommit connection; WAL journal once the file is known to be sound (switching
    the journal writes to the file, and a refused file is never written)."""
    db = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
    if checked:
        use_wal(db)
    return db


def use_wal(db: sqlite3.Connection) -> None:
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = NORMAL")  # a killed program loses nothing committed


class ProjectFile:
    """One open project file; every write is one transaction."""

    def __init__(self, path: Path, db: sqlite3.Connection) -> None:
        self.path, self.db = path, db
        self.upgraded_from: Path | None = None  # the backup copy, when the file was upgraded
        self._edit_lock: EditLock | None = None

    def lock_for_editing(self) -> None:
        """Refuse (ProjectFileError) when another window or program is editing this project;
        reading it (`report P.natoplan`) needs no lock."""
        if self._edit_lock is not None:
            return
        self._edit_lock = take_edit_lock(self.path)
        if self._edit_lock is None:
            raise ProjectFileError(
                f"'{self.path.name}' is open in another NATO planner window. Close it there "
                "first, or copy the file and open the copy; it was left untouched.")

    # --- creating and opening -------------------------------------------------------------
    @classmethod
    def create(cls, path: str | os.PathLike, plan: Plan, import_report: dict[str, Any] | None = None,
               fingerprint: SourceFingerprint | None = None) -> "ProjectFile":
        """Write a new project (temp file, then renamed): the plan as its locked baseline
        and a first working scenario."""
        target = Path(path)
        handle, temp = tempfile.mkstemp(prefix=f".{target.stem}.", suffix=".tmp",
                                        dir=target.parent)
        os.close(handle)
        os.unlink(temp)
        try:
            db = connect(Path(temp))
            create_schema(db)  # executescript commits on its own
            with transaction(db):
                project = cls(Path(temp), db)
                project._set_meta({"created": _now(), "years": plan.years,
                                   "import_report": import_report or {},
                                   "source_fingerprint": fingerprint.__dict__ if fingerprint else None})
                baseline = project._insert_scenario(BASELINE_NAME, "baseline", None)
                project._write_lines(baseline, plan.budget)
                project._write_documents(baseline, plan)
                working = project._copy_scenario(baseline, FIRST_SCENARIO_NAME, "scenario")
                project._set_meta({"current_scenario": working})
            db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            db.close()
            os.replace(temp, target)
        finally:
            for leftover in (temp, f"{temp}-wal", f"{temp}-shm"):
                if os.path.exists(leftover):
                    os.unlink(leftover)
        return cls.open(target)

    @classmethod
    def open(cls, path: str | os.PathLike) -> "ProjectFile":
        """Open an existing project, refusing (ProjectFileError) anything not ours."""
        path = Path(path)
        version = check_header(path)
        backup = copy_aside(path, version) if version < SCHEMA_VERSION else None
        try:
            db = connect(path, checked=False)
        except sqlite3.DatabaseError as error:
            _discard(backup)
            raise ProjectFileError(f"'{path.name}' could not be opened ({error}); the file was "
                                   "left untouched.") from None
        try:
            check_integrity(db, path.name)
            use_wal(db)
            project = cls(path, db)
            if backup is not None:
                upgrade(db, MIGRATIONS, version)
                project.upgraded_from = backup
        except BaseException:
            db.close()
            _discard(backup)
            raise
        return project

    def close(self) -> None:
        self.db.close()
        if self._edit_lock is not None:
            self._edit_lock.release()
            self._edit_lock = None

    # --- metadata -------------------------------------------------------------------------------
    def meta(self, key: str, default: Any = None) -> Any:
        row = self.db.execute("SELECT value FROM project WHERE key = ?", (key,)).fetchone()
        return default if row is None else json.loads(row[0])

    def _set_meta(self, values: dict[str, Any]) -> None:
        self.db.executemany("INSERT OR REPLACE INTO project (key, value) VALUES (?, ?)",
                            [(k, json.dumps(v)) for k, v in values.items()])

    @property
    def fingerprint(self) -> SourceFingerprint | None:
        value = self.meta("source_fingerprint")
        return None if value is None else SourceFingerprint(**value)

    # --- scenarios ----------------------------------------------------------------------------
    def scenarios(self) -> list[ScenarioInfo]:
        rows = self.db.execute("SELECT id, name, kind, created, submitted_at, note, history_depth "
                               "FROM scenario ORDER BY id")
        return [ScenarioInfo(*row) for row in rows]

    def rulebook_text(self) -> str | None:
        """The rulebook the delegation works with (TOML), kept with the project, if any."""
        return self.meta("rulebook")

    def keep_rulebook_text(self, text: str) -> None:
        with transaction(self.db):
            self._set_meta({"rulebook": text})

    def latest_submitted(self) -> ScenarioInfo | None:
        """The version last marked as submitted (to NATO, to the capital), if any."""
        found = [s for s in self.scenarios() if s.kind == "submitted"]
        return max(found, key=lambda s: (s.submitted_at or "", s.id)) if found else None

    def scenario(self, name: str | None = None) -> ScenarioInfo:
        """A scenario by name; None: the one last worked on."""
        wanted = self.meta("current_scenario") if name is None else None
        for info in self.scenarios():
            if (name is None and info.id == wanted) or info.name == name:
                return info
        names = ", ".join(f"'{s.name}'" for s in self.scenarios())
        raise ProjectFileError(f"'{self.path.name}' has no scenario named '{name}'; it has "
                               f"{names}.")

    def set_current(self, info: ScenarioInfo) -> None:
        with transaction(self.db):
            self._set_meta({"current_scenario": info.id})

    def new_scenario(self, name: str, source: ScenarioInfo, kind: str = "scenario",
                     note: str = "") -> ScenarioInfo:
        """A copy of `source` as it is now (lines, documents, the Changes log), with an empty
        history of its own."""
        self._check_new_name(name)
        with transaction(self.db):
            new_id = self._copy_scenario(source.id, name, kind)
            if kind == "submitted":
                self.db.execute("UPDATE scenario SET submitted_at = ?, note = ? WHERE id = ?",
                                (_now(), note, new_id))
        return self._info(new_id)

    def rename_scenario(self, info: ScenarioInfo, name: str) -> ScenarioInfo:
        if info.kind == "baseline":
            raise ProjectFileError("The imported budget is the locked baseline; it keeps its name.")
        self._check_new_name(name)
        with transaction(self.db):
            self.db.execute("UPDATE scenario SET name = ? WHERE id = ?", (name, info.id))
        return self._info(info.id)

    def delete_scenario(self, info: ScenarioInfo) -> None:
        if info.kind == "baseline":
            raise ProjectFileError("The imported budget is the locked baseline; it cannot be deleted.")
        with transaction(self.db):
            for table in ("line_column", "line_edit", "document", "history_step",
                          "history_column", "history_document", "audit"):
                self.db.execute(f"DELETE FROM {table} WHERE scenario = ?", (info.id,))
            self.db.execute("DELETE FROM scenario WHERE id = ?", (info.id,))

    def _check_new_name(self, name: str) -> None:
        if not name.strip():
            raise ProjectFileError("A scenario needs a name.")
        if any(s.name == name for s in self.scenarios()):
            raise ProjectFileError(f"There is already a scenario named '{name}'; choose another name.")

    def _info(self, scenario_id: int) -> ScenarioInfo:
        return next(s for s in self.scenarios() if s.id == scenario_id)

    def _insert_scenario(self, name: str, kind: str, parent: int | None) -> int:
        cursor = self.db.execute("INSERT INTO scenario (name, kind, created, parent) "
                                 "VALUES (?, ?, ?, ?)", (name, kind, _now(), parent))
        return int(cursor.lastrowid)

    def _copy_scenario(self, source: int, name: str, kind: str) -> int:
        new_id = self._insert_scenario(name, kind, source)
        depth, lines, years = self.db.execute(
            "SELECT history_depth, lines, years FROM scenario WHERE id = ?", (source,)).fetchone()
        self.db.execute("UPDATE scenario SET lines = ?, years = ? WHERE id = ?",
                        (lines, years, new_id))
        self.db.execute("INSERT INTO line_column (scenario, name, data) SELECT ?, name, data "
                        "FROM line_column WHERE scenario = ?", (new_id, source))
        columns = ", ".join(["line"] + edit_columns(self.db))
        self.db.execute(f"INSERT INTO line_edit (scenario, {columns}) SELECT ?, {columns} "
                        "FROM line_edit WHERE scenario = ?", (new_id, source))
        self.db.execute("INSERT INTO document (scenario, name, version, json) SELECT ?, name, "
                        "version, json FROM document WHERE scenario = ?", (new_id, source))
        self.db.execute(f"INSERT INTO audit (scenario, seq, step, {AUDIT_COLUMNS}) SELECT ?, "
                        f"seq, 0, {AUDIT_COLUMNS} FROM audit WHERE scenario = ? AND step <= ?",
                        (new_id, source, depth))
        return new_id

    # --- writing a whole plan -----------------------------------------------------------------
    def _write_lines(self, scenario: int, budget: Budget) -> None:
        write_budget(self.db, scenario, budget)

    def _write_documents(self, scenario: int, plan: Plan) -> None:
        self.db.executemany(
            "INSERT OR REPLACE INTO document (scenario, name, version, json) VALUES (?, ?, ?, ?)",
            [(scenario, name, DOCUMENT_VERSION, document_json(value))
             for name, value in plan_documents(plan).items()])

    # --- reading a scenario back ------------------------------------------------------------
    def years_of(self, scenario: int) -> list[int]:
        """A scenario's budget years (a re-imported revision may have added one)."""
        row = self.db.execute("SELECT years FROM scenario WHERE id = ?", (scenario,)).fetchone()
        return [int(y) for y in json.loads(row[0] if row and row[0] else
                                            json.dumps(self.meta("years", [])))]

    def load(self, name: str | None = None) -> LoadedScenario:
        info = self.scenario(name)
        years = self.years_of(info.id)
        baseline = self._baseline_id()
        current = self.read_lines(info.id, years)
        budget = _budget_of(current, years)
        if _apply_differences(budget, current):  # the columns Budget() does not take
            budget.recompute_totals()  # figures from scratch, free of rounding residue
        if info.id != baseline and self.years_of(baseline) == years:
            imported = self.read_lines(baseline, years, Budget.IMPORTED_FIELDS)
            if len(imported["buckets"]) == len(budget):  # not after a re-import
                budget.set_imported(imported)
        plan = Plan(budget)
        for doc_name, text in self.db.execute("SELECT name, json FROM document WHERE scenario = ?",
                                              (info.id,)):
            if doc_name in PLAN_DOCUMENTS:
                set_plan_document(plan, doc_name, document_from_json(doc_name, text))
        steps = self._read_history(info.id, years)
        audit = self._read_audit(info.id)
        plan.audit.extend(r for step, r in audit if step <= info.history_depth)
        for step, record in audit:
            if step in steps:
                steps[step].audit.append(record)
        done = [s for p, s in sorted(steps.items()) if p <= info.history_depth]
        undone = [s for p, s in sorted(steps.items()) if p > info.history_depth]
        return LoadedScenario(info, plan, done, undone)

    def _baseline_id(self) -> int:
        return int(self.db.execute("SELECT id FROM scenario WHERE kind = 'baseline'").fetchone()[0])

    def read_lines(self, scenario: int, years: list[int],
                   only: tuple[str, ...] | None = None) -> dict[str, Any]:
        """Every line column of a scenario (or `only` some): its snapshot with the lines
        edited since laid over it. A long-edited scenario is folded into a new snapshot, so
        opening stays fast."""
        lines = self.db.execute("SELECT lines FROM scenario WHERE id = ?", (scenario,)).fetchone()[0]
        stored = dict(self.db.execute("SELECT name, data FROM line_column WHERE scenario = ?",
                                      (scenario,)))
        values = {c.name: (values_from_bytes(c.name, stored[c.name], lines, len(years))
                           if c.name in stored else default_column(c, lines, len(years)))
                  for c in LINE_COLUMNS if only is None or c.name in only}
        if only is not None:
            lay_over_edits(self.db, scenario, values, len(years))
            return values
        if "problems" in stored:
            values["problems"] = {int(line): [CellProblem(**p) for p in found] for line, found
                                  in json.loads(stored["problems"].decode()).items()}
        else:
            values["problems"] = {}
        edited = lay_over_edits(self.db, scenario, values, len(years))
        if edited > max(1000, lines // 5):
            with transaction(self.db):
                write_line_columns(self.db, scenario, values, values["problems"])
        return values

    def _read_history(self, scenario: int, years: list[int]) -> dict[int, RecordedStep]:
        """Steps by position (after a re-import only the steps since are kept)."""
        steps = {position: RecordedStep(label) for position, label in self.db.execute(
            "SELECT position, label FROM history_step WHERE scenario = ? ORDER BY position",
            (scenario,))}
        for position, name, lines, old, new in self.db.execute(
                "SELECT position, name, lines, old, new FROM history_column WHERE scenario = ?",
                (scenario,)):
            if position in steps:
                ix = lines_from_bytes(lines)
                steps[position].columns[name] = ColumnChange(
                    ix, values_from_bytes(name, old, len(ix), len(years)),
                    values_from_bytes(name, new, len(ix), len(years)))
        for position, name, old, new in self.db.execute(
                "SELECT position, name, old, new FROM history_document WHERE scenario = ?",
                (scenario,)):
            if position in steps:
                steps[position].documents[name] = (document_from_json(name, old),
                                                   document_from_json(name, new))
        return steps

    def _read_audit(self, scenario: int) -> list[tuple[int, AuditRecord]]:
        rows = self.db.execute(f"SELECT step, {AUDIT_COLUMNS} FROM audit WHERE scenario = ? "
                               "ORDER BY seq", (scenario,))
        return [(row[0], audit_record(row[1:])) for row in rows]

    # --- save as ----------------------------------------------------------------------------------
    def save_as(self, path: str | os.PathLike) -> "ProjectFile":
        """Copy the whole project to `path` (temp file, then renamed) and return it open;
        this project stays open and unchanged."""
        target = Path(path)
        if target.resolve() == self.path.resolve():
            return self
        handle, temp = tempfile.mkstemp(prefix=f".{target.stem}.", suffix=".tmp",
                                        dir=target.parent)
        os.close(handle)
        try:
            copy = sqlite3.connect(temp)
            self.db.backup(copy)
            copy.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            copy.close()
            os.replace(temp, target)
        finally:
            for leftover in (temp, f"{temp}-wal", f"{temp}-shm"):
                if os.path.exists(leftover):
                    os.unlink(leftover)
        return ProjectFile.open(target)


# --- helpers -----------------------------------------------------------------------------------------
class transaction:
    """BEGIN IMMEDIATE ... COMMIT, or ROLLBACK on any error (autocommit connection)."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def __enter__(self) -> sqlite3.Connection:
        self.db.execute("BEGIN IMMEDIATE")
        return self.db

    def __exit__(self, kind, error, trace) -> None:
        self.db.execute("COMMIT" if kind is None else "ROLLBACK")


def _discard(backup: Path | None) -> None:
    """A backup made for an upgrade that did not happen (the file was refused)."""
    for name in ((str(backup), f"{backup}-wal") if backup is not None else ()):
        if os.path.exists(name):
            os.unlink(name)


def _now() -> str:
    return datetime.now().replace(microsecond=0).isoformat(sep=" ")


def _sql_values(column, values: np.ndarray) -> Iterator[Any]:
    """One SQL value per line: text, an int, a float, or the year row as bytes."""
    if column.per_year:
        data = np.ascontiguousarray(values, dtype=np.dtype(column.kind).newbyteorder("<"))
        return (row.tobytes() for row in data)
    if column.kind == "text":
        return (str(v) for v in values)
    return (values.astype(np.float64) if column.kind == "float64"
            else values.astype(np.int64)).tolist()


def sql_row_values(values: dict[str, np.ndarray], lines: np.ndarray) -> list[list[Any]]:
    """Per line in `lines`, the values of every LINE_COLUMN, as SQL stores them."""
    return [list(_sql_values(c, values[c.name][lines])) for c in LINE_COLUMNS]


def _array_of(column, values, lines: int, years: int) -> np.ndarray:
    """A column from SQL values, one per line (None: the column's default)."""
    if column.per_year:
        dtype = np.dtype(column.kind).newbyteorder("<")
        data = b"".join(v or np.zeros(years, dtype).tobytes() for v in values)
        return np.frombuffer(data, dtype=dtype).astype(column.kind).reshape(lines, years)
    if column.kind == "text":
        array = np.empty(lines, dtype=object)
        array[:] = [column.default if v is None else v for v in values]
        return array
    return np.array([column.default if v is None else v for v in values] if None in values
                    else values, dtype=column.kind).reshape(lines)


def default_column(column, lines: int, years: int) -> np.ndarray:
    """A column an older file did not keep: every line at the column's default."""
    if column.kind == "text":
        array = np.empty((lines, years) if column.per_year else lines, dtype=object)
        array[...] = column.default
        return array
    return np.full((lines, years) if column.per_year else lines, column.default, dtype=column.kind)


def edit_columns(db: sqlite3.Connection) -> list[str]:
    """The line columns this file's line_edit table has (an older file may lack new ones)."""
    present = {row[1] for row in db.execute("PRAGMA table_info(line_edit)")}
    return [c.name for c in LINE_COLUMNS if c.name in present]


def write_budget(db: sqlite3.Connection, scenario: int, budget: Budget) -> None:
    """A whole budget as a scenario's lines (a new project, a re-imported revision)."""
    write_line_columns(db, scenario, {c.name: getattr(budget, c.name) for c in LINE_COLUMNS},
                       budget.problems)
    db.execute("UPDATE scenario SET years = ? WHERE id = ?", (json.dumps(budget.years), scenario))


def write_line_columns(db: sqlite3.Connection, scenario: int, values: dict[str, np.ndarray],
                       problems: dict[int, list[CellProblem]]) -> None:
    """A scenario's snapshot: one blob per column (and its lines' problems); edits since the
    last snapshot are folded in, so they are cleared."""
    lines = len(values["codes"])
    rows = [(scenario, c.name, values_bytes(c.name, values[c.name])) for c in LINE_COLUMNS]
    rows.append((scenario, "problems", json.dumps(
        {str(line): [p.__dict__ for p in found] for line, found in problems.items()}).encode()))
    db.executemany("INSERT OR REPLACE INTO line_column (scenario, name, data) VALUES (?, ?, ?)",
                   rows)
    db.execute("DELETE FROM line_edit WHERE scenario = ?", (scenario,))
    db.execute("UPDATE scenario SET lines = ? WHERE id = ?", (lines, scenario))


def lay_over_edits(db: sqlite3.Connection, scenario: int, values: dict[str, np.ndarray],
                   years: int) -> int:
    """Put the lines edited since the snapshot into `values`; how many there were."""
    names = [name for name in edit_columns(db) if name in values]
    rows = db.execute(f"SELECT line, {', '.join(names)} FROM line_edit WHERE scenario = ? "
                      "ORDER BY line", (scenario,)).fetchall()
    if not rows:
        return 0
    columns = list(zip(*rows))
    lines = np.array(columns[0], dtype=np.intp)
    for i, name in enumerate(names, start=1):
        values[name][lines] = _array_of(LINE_COLUMN[name], columns[i], len(rows), years)
    return len(rows)


def upsert_edits(db: sqlite3.Connection, scenario: int, values: dict[str, np.ndarray],
                 lines: np.ndarray) -> None:
    """The current values of some lines, laid over the scenario's snapshot."""
    names = [c.name for c in LINE_COLUMNS]
    marks = ", ".join("?" * (len(names) + 2))
    db.executemany(
        f"INSERT OR REPLACE INTO line_edit (scenario, line, {', '.join(names)}) VALUES ({marks})",
        zip([scenario] * len(lines), lines.tolist(), *sql_row_values(values, lines)))


def _lines_table_of_version_1(db: sqlite3.Connection) -> None:
    """Version 1 kept one row per line and scenario (line_item): opening 100,000 lines took
    seconds. Version 2 keeps a blob per column (line_column) and the lines edited since
    (line_edit); the rows become blobs here."""
    columns = ",\n  ".join(f"{c.name} {sql_type(c)} DEFAULT {sql_default(c)}" for c in LINE_COLUMNS)
    db.execute("CREATE TABLE line_column (scenario INTEGER NOT NULL, name TEXT NOT NULL, "
               "data BLOB NOT NULL, PRIMARY KEY (scenario, name)) WITHOUT ROWID")
    db.execute(f"CREATE TABLE line_edit (scenario INTEGER NOT NULL, line INTEGER NOT NULL, "
               f"{columns}, PRIMARY KEY (scenario, line)) WITHOUT ROWID")
    db.execute("ALTER TABLE scenario ADD COLUMN lines INTEGER NOT NULL DEFAULT 0")
    db.execute("ALTER TABLE scenario ADD COLUMN years TEXT")
    row = db.execute("SELECT value FROM project WHERE key = 'years'").fetchone()
    years = len(json.loads(row[0])) if row else 0
    present = {r[1] for r in db.execute("PRAGMA table_info(line_item)")}
    names = [c.name for c in LINE_COLUMNS if c.name in present]
    for (scenario,) in db.execute("SELECT id FROM scenario").fetchall():
        rows = db.execute(f"SELECT {', '.join(names + ['problems'])} FROM line_item WHERE "
                          "scenario = ? ORDER BY line", (scenario,)).fetchall()
        found = list(zip(*rows)) if rows else [()] * (len(names) + 1)
        values = {c.name: default_column(c, len(rows), years) for c in LINE_COLUMNS}
        values.update({name: _array_of(LINE_COLUMN[name], found[i], len(rows), years)
                       for i, name in enumerate(names)})
        problems = {line: [CellProblem(**p) for p in json.loads(text)]
                    for line, text in enumerate(found[-1]) if text}
        write_line_columns(db, scenario, values, problems)
    db.execute("DROP TABLE line_item")


def _audit_note_of_version_2(db: sqlite3.Connection) -> None:
    """Version 2 kept the label of a re-rating but not the why a delegate wrote with it (the
    claims register lost it on reopening); version 3 keeps it in audit.note."""
    db.execute("ALTER TABLE audit ADD COLUMN note TEXT NOT NULL DEFAULT ''")


MIGRATIONS = {1: _lines_table_of_version_1, 2: _audit_note_of_version_2}


def _budget_of(values: dict[str, Any], years: list[int]) -> Budget:
    """A Budget whose imported state (what Changes compares with) is `values`."""
    known = LineColumns.__dataclass_fields__
    given = {k: v for k, v in values.items() if k in known and k != "problems"}
    return Budget(LineColumns(years=years, problems=values["problems"], **given))


def _apply_differences(budget: Budget, current: dict[str, Any]) -> int:
    """Bring a budget to a scenario's values where they differ (columns Budget() does not
    take, such as holds, start at their defaults). How many values it set."""
    changed = 0
    for column in LINE_COLUMNS:
        now = current[column.name]
        lines = np.flatnonzero(differing(getattr(budget, column.name), now))
        if len(lines):
            budget.set_line_values(lines, column.name, now[lines])
            changed += len(lines)
    return changed


def differing(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Per line, whether two columns differ; NaN equals NaN (an unreadable cell stays one)."""
    differ = a != b
    if a.dtype.kind == "f":
        differ &= ~(np.isnan(a) & np.isnan(b))
    return differ.any(axis=1) if differ.ndim == 2 else differ
