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
from ..core.plan_state import LINE_COLUMNS, PLAN_DOCUMENTS, plan_documents, set_plan_document
from ..core.recorded_step import ColumnChange, RecordedStep
from .project_codec import (
    DOCUMENT_VERSION, audit_record, audit_row, document_from_json, document_json,
    lines_from_bytes, values_from_bytes,
)
from .project_schema import (
    SCHEMA_VERSION, ProjectFileError, check_header, check_integrity, create_schema, upgrade,
)

BASELINE_NAME = "Imported budget"
FIRST_SCENARIO_NAME = "Working plan"
_CHUNK = 5000  # line numbers per IN (...) query, under SQLite's variable limit


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


def connect(path: Path) -> sqlite3.Connection:
    db = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = NORMAL")  # a killed program loses nothing committed
    return db


class ProjectFile:
    """One open project file; every write is one transaction."""

    def __init__(self, path: Path, db: sqlite3.Connection) -> None:
        self.path, self.db = path, db
        self.upgraded_from: Path | None = None  # the backup copy, when the file was upgraded

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
        try:
            db = connect(path)
        except sqlite3.DatabaseError as error:
            raise ProjectFileError(f"'{path.name}' could not be opened ({error}); the file was "
                                   "left untouched.") from None
        try:
            check_integrity(db, path.name)
            project = cls(path, db)
            if version < SCHEMA_VERSION:
                project.upgraded_from = upgrade(db, path, version)
        except BaseException:
            db.close()
            raise
        return project

    def close(self) -> None:
        self.db.close()

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
            for table in ("line_item", "document", "history_step", "history_column",
                          "history_document", "audit"):
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
        depth = self.db.execute("SELECT history_depth FROM scenario WHERE id = ?",
                                (source,)).fetchone()[0]
        columns = ", ".join(["line"] + [c.name for c in LINE_COLUMNS] + ["problems"])
        self.db.execute(f"INSERT INTO line_item (scenario, {columns}) SELECT ?, {columns} "
                        "FROM line_item WHERE scenario = ?", (new_id, source))
        self.db.execute("INSERT INTO document (scenario, name, version, json) SELECT ?, name, "
                        "version, json FROM document WHERE scenario = ?", (new_id, source))
        self.db.execute("INSERT INTO audit SELECT ?, seq, 0, time, user, label, field, lines, old, "
                        "new, text FROM audit WHERE scenario = ? AND step <= ?",
                        (new_id, source, depth))
        return new_id

    # --- writing a whole plan -----------------------------------------------------------------
    def _write_lines(self, scenario: int, budget: Budget) -> None:
        names = [c.name for c in LINE_COLUMNS]
        columns = [_sql_values(c, getattr(budget, c.name)) for c in LINE_COLUMNS]
        problems = [None] * len(budget)
        for line, found in budget.problems.items():
            problems[line] = json.dumps([p.__dict__ for p in found])
        marks = ", ".join("?" * (len(names) + 3))
        self.db.executemany(
            f"INSERT INTO line_item (scenario, line, {', '.join(names)}, problems) VALUES ({marks})",
            zip([scenario] * len(budget), range(len(budget)), *columns, problems))

    def _write_documents(self, scenario: int, plan: Plan) -> None:
        self.db.executemany(
            "INSERT OR REPLACE INTO document (scenario, name, version, json) VALUES (?, ?, ?, ?)",
            [(scenario, name, DOCUMENT_VERSION, document_json(value))
             for name, value in plan_documents(plan).items()])

    # --- reading a scenario back ------------------------------------------------------------
    def load(self, name: str | None = None) -> LoadedScenario:
        info = self.scenario(name)
        years = [int(y) for y in self.meta("years", [])]
        baseline = self._baseline_id()
        base = self.read_lines(baseline, years)
        budget = _budget_of(base, years)
        current = base if info.id == baseline else self.read_lines(info.id, years)
        plan = Plan(budget)
        _apply_differences(budget, base, current)
        budget.recompute_totals()  # figures from scratch, free of the edits' rounding residue
        for doc_name, text in self.db.execute("SELECT name, json FROM document WHERE scenario = ?",
                                              (info.id,)):
            if doc_name in PLAN_DOCUMENTS:
                set_plan_document(plan, doc_name, document_from_json(doc_name, text))
        steps = self._read_history(info.id, years)
        audit = self._read_audit(info.id)
        plan.audit.extend(r for step, r in audit if step <= info.history_depth)
        for step, record in audit:
            if 0 < step <= len(steps):
                steps[step - 1].audit.append(record)
        depth = min(info.history_depth, len(steps))
        return LoadedScenario(info, plan, steps[:depth], steps[depth:])

    def _baseline_id(self) -> int:
        return int(self.db.execute("SELECT id FROM scenario WHERE kind = 'baseline'").fetchone()[0])

    def read_lines(self, scenario: int, years: list[int]) -> dict[str, Any]:
        names = [c.name for c in LINE_COLUMNS]
        rows = self.db.execute(f"SELECT {', '.join(names)}, problems FROM line_item "
                               "WHERE scenario = ? ORDER BY line", (scenario,)).fetchall()
        columns = list(zip(*rows)) if rows else [()] * (len(names) + 1)
        values = {c.name: _array_of(c, columns[i], len(rows), len(years))
                  for i, c in enumerate(LINE_COLUMNS)}
        values["problems"] = {line: [CellProblem(**p) for p in json.loads(text)]
                              for line, text in enumerate(columns[-1]) if text}
        return values

    def _read_history(self, scenario: int, years: list[int]) -> list[RecordedStep]:
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
        return [steps[p] for p in sorted(steps)]

    def _read_audit(self, scenario: int) -> list[tuple[int, AuditRecord]]:
        rows = self.db.execute("SELECT step, time, user, label, field, lines, old, new, text "
                               "FROM audit WHERE scenario = ? ORDER BY seq", (scenario,))
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


def sql_row_values(budget: Budget, lines: np.ndarray) -> list[list[Any]]:
    """Per line in `lines`, the values of every LINE_COLUMN, as SQL stores them."""
    return [list(_sql_values(c, getattr(budget, c.name)[lines])) for c in LINE_COLUMNS]


def _array_of(column, values, lines: int, years: int) -> np.ndarray:
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


def _budget_of(values: dict[str, Any], years: list[int]) -> Budget:
    """A Budget whose imported state (what Changes compares with) is `values`."""
    known = LineColumns.__dataclass_fields__
    given = {k: v for k, v in values.items() if k in known and k != "problems"}
    return Budget(LineColumns(years=years, problems=values["problems"], **given))


def _apply_differences(budget: Budget, base: dict[str, Any], current: dict[str, Any]) -> None:
    """Bring a budget built from the baseline to a scenario's values, line by line."""
    for column in LINE_COLUMNS:
        now = current[column.name]
        lines = np.flatnonzero(differing(getattr(budget, column.name), now))
        if len(lines):
            budget.set_line_values(lines, column.name, now[lines])


def differing(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Per line, whether two columns differ; NaN equals NaN (an unreadable cell stays one)."""
    differ = a != b
    if a.dtype.kind == "f":
        differ &= ~(np.isnan(a) & np.isnan(b))
    return differ.any(axis=1) if differ.ndim == 2 else differ
