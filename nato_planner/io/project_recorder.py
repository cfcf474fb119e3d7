"""Autosave: every command reaches the project file in its own transaction.

The recorder listens to a plan's command stack. After a new command it reads the touched
lines' stored values (the values before), compares them with the plan's, and writes the
difference twice: as the lines' new values and as an undo step (old and new values), so the
history survives a restart. Undo and redo only write the lines' values back. Cost follows the
lines a command touched, not the size of the budget.
"""
from __future__ import annotations

import logging
import time
from datetime import datetime
from typing import Any, Callable

import numpy as np

from ..core.commands import Change, CommandStack
from ..core.plan import Plan
from ..core.plan_state import LINE_COLUMNS, plan_documents
from .project_codec import DOCUMENT_VERSION, audit_row, document_json, lines_bytes, values_bytes
from .project_file import (
    _CHUNK, ProjectFile, ScenarioInfo, _array_of, differing, sql_row_values, transaction,
)
from .project_schema import ProjectFileError

_log = logging.getLogger(__name__)
_NAMES = [c.name for c in LINE_COLUMNS]


class ProjectRecorder:
    def __init__(self, project: ProjectFile, scenario: ScenarioInfo, plan: Plan,
                 stack: CommandStack, on_error: Callable[[Exception], None] | None = None) -> None:
        self.project, self.scenario_id, self.plan, self.stack = project, scenario.id, plan, stack
        self.on_error = on_error
        self.last_write_seconds = 0.0
        self._years = len(plan.years)
        self._documents = dict(project.db.execute(
            "SELECT name, json FROM document WHERE scenario = ?", (scenario.id,)).fetchall())
        self._remember_audit()
        self._active = True
        stack.subscribe(self._on_change)

    def detach(self) -> None:
        """Stop writing (the project was closed or another scenario opened)."""
        self._active = False

    def _remember_audit(self) -> None:
        self._audit_seen = list(self.plan.audit)  # references keep the ids unique
        self._audit_ids = {id(r) for r in self._audit_seen}

    # --- one transaction per announcement ------------------------------------------------------
    def _on_change(self, change: Change) -> None:
        if not self._active:
            return
        started = time.perf_counter()
        try:
            with transaction(self.project.db):
                if self.stack.last_action == "push":
                    self._record_step(change)
                else:
                    self._write_lines(self._lines(change), record_at=None)
                    self._write_documents(record_at=None)
                self._write_depth()
        except Exception as error:  # noqa: BLE001 - disk full, file gone: tell, keep working
            _log.exception("autosave failed")
            if self.on_error is not None:
                self.on_error(ProjectFileError(
                    f"Could not save the last change to '{self.project.path.name}' ({error}); "
                    "use File > Save Project As to keep your work elsewhere."))
        self._remember_audit()
        self.last_write_seconds = time.perf_counter() - started

    @staticmethod
    def _lines(change: Change) -> np.ndarray:
        return np.unique(np.asarray(change.lines, dtype=np.intp))

    def _record_step(self, change: Change) -> None:
        position = len(self.stack.history)
        db, sid = self.project.db, self.scenario_id
        for table in ("history_step", "history_column", "history_document"):
            db.execute(f"DELETE FROM {table} WHERE scenario = ? AND position >= ?", (sid, position))
        db.execute("DELETE FROM audit WHERE scenario = ? AND step >= ?", (sid, position))
        db.execute("INSERT INTO history_step (scenario, position, label, time) VALUES (?, ?, ?, ?)",
                   (sid, position, self.stack.undo_label or "",
                    datetime.now().replace(microsecond=0).isoformat(sep=" ")))
        self._write_lines(self._lines(change), record_at=position)
        self._write_documents(record_at=position)
        self._write_new_audit(position)

    # --- lines ---------------------------------------------------------------------------------
    def _stored(self, lines: np.ndarray) -> dict[str, np.ndarray]:
        """The stored values of `lines` (sorted), read before they are overwritten."""
        rows: list[tuple] = []
        for start in range(0, len(lines), _CHUNK):
            chunk = lines[start:start + _CHUNK].tolist()
            rows += self.project.db.execute(
                f"SELECT {', '.join(_NAMES)} FROM line_item WHERE scenario = ? AND line IN "
                f"({', '.join('?' * len(chunk))}) ORDER BY line", [self.scenario_id] + chunk
            ).fetchall()
        if len(rows) != len(lines):
            raise ProjectFileError("the project file does not hold every line of this plan")
        columns = list(zip(*rows))
        return {c.name: _array_of(c, columns[i], len(rows), self._years)
                for i, c in enumerate(LINE_COLUMNS)}

    def _write_lines(self, lines: np.ndarray, record_at: int | None) -> None:
        if not len(lines):
            return
        budget = self.plan.budget
        if record_at is not None:
            old = self._stored(lines)
            changed = np.zeros(len(lines), dtype=bool)
            for column in LINE_COLUMNS:
                new = getattr(budget, column.name)[lines]
                differ = differing(old[column.name], new)
                if differ.any():
                    changed |= differ
                    self._write_column_change(record_at, column.name, lines[differ],
                                              old[column.name][differ], new[differ])
            lines = lines[changed]
        values = sql_row_values(budget, lines)
        setters = ", ".join(f"{name} = ?" for name in _NAMES)
        self.project.db.executemany(
            f"UPDATE line_item SET {setters} WHERE scenario = {int(self.scenario_id)} AND line = ?",
            zip(*values, lines.tolist()))

    def _write_column_change(self, position: int, name: str, lines: np.ndarray,
                             old: np.ndarray, new: np.ndarray) -> None:
        self.project.db.execute(
            "INSERT INTO history_column (scenario, position, name, lines, old, new) "
            "VALUES (?, ?, ?, ?, ?, ?)", (self.scenario_id, position, name, lines_bytes(lines),
                                          values_bytes(name, old), values_bytes(name, new)))

    # --- documents, audit, depth --------------------------------------------------------------
    def _write_documents(self, record_at: int | None) -> None:
        for name, value in plan_documents(self.plan).items():
            text, old = document_json(value), self._documents.get(name)
            if text == old:
                continue
            if record_at is not None and old is not None:
                self.project.db.execute(
                    "INSERT INTO history_document (scenario, position, name, old, new) "
                    "VALUES (?, ?, ?, ?, ?)", (self.scenario_id, record_at, name, old, text))
            self.project.db.execute(
                "INSERT OR REPLACE INTO document (scenario, name, version, json) "
                "VALUES (?, ?, ?, ?)", (self.scenario_id, name, DOCUMENT_VERSION, text))
            self._documents[name] = text

    def _write_new_audit(self, position: int) -> None:
        new = [r for r in self.plan.audit if id(r) not in self._audit_ids]
        if not new:
            return
        seq = self.project.db.execute("SELECT COALESCE(MAX(seq), 0) FROM audit WHERE scenario = ?",
                                      (self.scenario_id,)).fetchone()[0]
        self.project.db.executemany(
            "INSERT INTO audit (scenario, seq, step, time, user, label, field, lines, old, new, "
            "text) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(self.scenario_id, seq + i + 1, position) + audit_row(r) for i, r in enumerate(new)])

    def _write_depth(self) -> None:
        self.project.db.execute("UPDATE scenario SET history_depth = ? WHERE id = ?",
                                (len(self.stack.history), self.scenario_id))


def attach(project: ProjectFile, name: str | None = None,
           on_error: Callable[[Exception], None] | None = None) -> tuple[Any, CommandStack, ProjectRecorder]:
    """Load a scenario, rebuild its undo history and start autosaving it."""
    loaded = project.load(name)
    stack = CommandStack(loaded.plan)
    stack.restore(loaded.done, loaded.undone)
    return loaded, stack, ProjectRecorder(project, loaded.info, loaded.plan, stack, on_error)
