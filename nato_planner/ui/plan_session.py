"""The Qt face of one open plan: runs commands and announces what changed as signals.

Views take a PlanSession in their constructor, subscribe to `plan_did_change`, and redraw only
what the Change names. They never mutate the plan themselves. A jump in the history is
announced once, with the changes merged (core CommandStack.jump_to).
"""
from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from ..core.commands import Change, Command, CommandStack
from ..core.plan import Plan


class PlanSession(QObject):
    plan_did_change = Signal(object)  # core.commands.Change
    history_did_change = Signal()  # undo/redo labels, clean state
    selected_year_did_change = Signal(int)
    edit_was_refused = Signal(str)  # why the plan cannot be changed
    step_did_happen = Signal(str)  # "Done: …", "Undone: …": replaces any older status text

    def __init__(self, plan: Plan, source_path: str = "", parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.plan = plan
        self.source_path = source_path
        self.stack = CommandStack(plan)
        self.stack.subscribe(self._on_stack_change)
        self._selected_year = plan.years[-1] if plan.years else 0
        self.read_only_reason: str | None = None  # a locked baseline or a submitted version

    def _on_stack_change(self, change: Change) -> None:
        self.plan_did_change.emit(change)
        self.history_did_change.emit()

    # --- edits ---------------------------------------------------------------------------
    def execute(self, command: Command) -> Change:
        if self.read_only_reason:  # a locked baseline or a submitted version: say so, change nothing
            self.edit_was_refused.emit(self.read_only_reason)
            return Change()
        change = self.stack.push(command)
        self.step_did_happen.emit(f"Done: {command.label}. Undo with Ctrl+Z.")
        return change

    def undo(self) -> None:
        label = self.stack.undo_label
        if self.stack.undo() is not None:
            self.step_did_happen.emit(f"Undone: {label}. Redo with Ctrl+Y.")

    def redo(self) -> None:
        label = self.stack.redo_label
        if self.stack.redo() is not None:
            self.step_did_happen.emit(f"Redone: {label}.")

    def go_to_step(self, step: int) -> None:
        """Undo or redo until `step` steps are done; views hear about it once."""
        before = self.stack.depth
        self.stack.jump_to(step)  # the stack announces the whole jump once
        moved = self.stack.depth - before
        if moved:
            verb = "Undone" if moved < 0 else "Redone"
            self.step_did_happen.emit(f"{verb} {abs(moved)} step{'s' if abs(moved) != 1 else ''}; "
                                      f"now at: {self.stack.undo_label or 'the imported budget'}.")

    def mark_exported(self) -> None:
        self.stack.mark_clean()
        self.history_did_change.emit()

    # --- the year the dashboard shows -----------------------------------------------------
    @property
    def selected_year(self) -> int:
        return self._selected_year

    def select_year(self, year: int) -> None:
        if year != self._selected_year:
            self._selected_year = year
            self.selected_year_did_change.emit(year)
