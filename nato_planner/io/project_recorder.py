"""Autosave: every command reaches the project file in its own transaction.

The recorder listens to a plan's command stack and keeps a copy of the line columns as they
are stored (the values before). After a new command it compares the touched lines with that
copy and writes the difference twice: as the lines' new values (laid over the scenario's
snapshot) and as an undo step (old and new values), so the history survives a restart. Undo
and redo only write the lines' values. Cost follows the lines a command touched, not the
size of the budget.
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
from .project_codec import (
    AUDIT_COLUMNS, DOCUMENT_VERSION, audit_row, document_json, lines_bytes, values_bytes,
)
from .project_file import (
    ProjectFile, ScenarioInfo, differing, transaction, upsert_edits, write_budget,
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
        self._remember_lines()
        self._remember_audit()
        # history positions only grow: the stack drops its oldest steps past its cap, so its
        # length is not a position
        self._position = scenario.history_depth  # the file's position of the last done step
        self._depth_seen = len(stack.history)
        self._active = True
        stack.subscribe(self._on_change)

    def _remember_lines(self) -> None:
        self._budget = self.plan.budget
        self._years = len(self._budget.years)
        self._stored = {c.name: getattr(self._budget, c.name).copy() for c in LINE_COLUMNS}

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
        lines, documents = self._lines(change), dict(self._documents)
        push = self.stack.last_action == "push"
        position = self._position + 1 if push else \
            self._position + len(self.stack.history) - self._depth_seen
        try:
            with transaction(self.project.db):
                if self.plan.budget is not self._budget:
                    self._write_replaced_budget()
                elif push:
                    self._record_step(change, position)
                else:
                    self._write_lines(lines, record_at=None)
                    self._write_documents(record_at=None)
                self._forget_dropped_steps(position)
                self._write_depth(position)
            self._position, self._depth_seen = position, len(self.stack.history)
            if self.plan.budget is not self._budget:
                self._remember_lines()
            else:
                self._commit_stored(lines)
        except Exception as error:  # noqa: BLE001 - disk full, file gone: tell, keep working
            self._documents = documents  # the file still holds these
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

    def _write_replaced_budget(self) -> None:
        """A re-import (or its undo) changes which lines there are: the scenario's lines are
        written whole, and the steps before it, which name old lines, are not kept in the
        file (in this session they still undo)."""
        db, sid = self.project.db, self.scenario_id
        write_budget(db, sid, self.plan.budget)
        for table in ("history_step", "history_column", "history_document"):
            db.execute(f"DELETE FROM {table} WHERE scenario = ?", (sid,))
        db.execute("UPDATE audit SET step = 0 WHERE scenario = ? AND step <= ?",
                   (sid, self._position))
        db.execute("DELETE FROM audit WHERE scenario = ? AND step > 0", (sid,))
        self._write_documents(record_at=None)

    def _forget_dropped_steps(self, position: int) -> None:
        """Steps the stack no longer holds (past its cap) leave the file too; their audit
        records stay in the Changes log."""
        oldest_kept = position - len(self.stack.history) + 1
        db, sid = self.project.db, self.scenario_id
        for table in ("history_step", "history_column", "history_document"):
            db.execute(f"DELETE FROM {table} WHERE scenario = ? AND position < ?", (sid, oldest_kept))
        db.execute("UPDATE audit SET step = 0 WHERE scenario = ? AND step > 0 AND step < ?",
                   (sid, oldest_kept))

    def _record_step(self, change: Change, position: int) -> None:
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
    def _write_lines(self, lines: np.ndarray, record_at: int | None) -> None:
        if not len(lines):
            return
        budget, changed = self.plan.budget, np.zeros(len(lines), dtype=bool)
        for column in LINE_COLUMNS:
            old, new = self._stored[column.name][lines], getattr(budget, column.name)[lines]
            differ = differing(old, new)
            if differ.any():
                changed |= differ
                if record_at is not None:
                    self._write_column_change(record_at, column.name, lines[differ],
                                              old[differ], new[differ])
        lines = lines[changed]
        if len(lines):
            upsert_edits(self.project.db, self.scenario_id, self._current(), lines)

    def _current(self) -> dict[str, np.ndarray]:
        return {c.name: getattr(self.plan.budget, c.name) for c in LINE_COLUMNS}

    def _commit_stored(self, lines: np.ndarray) -> None:
        """After the transaction commits: the copy follows the file."""
        for column in LINE_COLUMNS:
            self._stored[column.name][lines] = getattr(self.plan.budget, column.name)[lines]

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
            f"INSERT INTO audit (scenario, seq, step, {AUDIT_COLUMNS}) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(self.scenario_id, seq + i + 1, position) + audit_row(r) for i, r in enumerate(new)])

    def _write_depth(self, position: int) -> None:
        self.project.db.execute("UPDATE scenario SET history_depth = ? WHERE id = ?",
                                (position, self.scenario_id))


def attach(project: ProjectFile, name: str | None = None,
           on_error: Callable[[Exception], None] | None = None) -> tuple[Any, CommandStack, ProjectRecorder]:
    """Load a scenario, rebuild its undo history and start autosaving it."""
    loaded = project.load(name)
    stack = CommandStack(loaded.plan)
    stack.restore(loaded.done, loaded.undone)
    return loaded, stack, ProjectRecorder(project, loaded.info, loaded.plan, stack, on_error)
