"""The open project behind the window: untitled until saved, every command autosaved.

A workbook opened without a project gets an untitled project in the user data folder (so a
crash loses nothing); Save Project As gives it a name and place. The next start offers to
recover an untitled project left behind. Scenarios and submitted versions live here too.
"""
from __future__ import annotations

import logging
import os
import sqlite3
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QStandardPaths, Signal
from PySide6.QtWidgets import QDialog, QFileDialog, QInputDialog, QMenu, QMessageBox

from ..core.errors import PlannerError
from ..core.rules import Rulebook
from ..io.budget_import import ImportResult
from ..io.project_file import ProjectFile, ScenarioInfo
from ..io.project_import import new_project
from ..io.project_recorder import ProjectRecorder
from ..io.project_lock import is_being_edited, lock_path
from ..io.rulebook_file import parse_rulebook, rulebook_text
from ..io.project_names import PROJECT_SUFFIX
from .plan_session import PlanSession

if TYPE_CHECKING:
    from .main_window import MainWindow

PROJECT_FILTER = f"NATO planner project (*{PROJECT_SUFFIX})"
_log = logging.getLogger(__name__)


def untitled_folder() -> Path:
    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    return Path(base or Path.home() / ".nato-planner") / "untitled"


def untitled_projects() -> list[Path]:
    """Untitled projects left behind, newest first; not one another window is working in."""
    folder = untitled_folder()
    found = folder.glob(f"*{PROJECT_SUFFIX}") if folder.is_dir() else []
    left = [path for path in found if not is_being_edited(path)]
    return sorted(left, key=lambda p: p.stat().st_mtime, reverse=True)


def _unused_name(folder: Path, stem: str) -> Path:
    """A project name no file holds: the same budget imported twice in one second must not
    replace the first one's live file (its write-ahead log would then be replayed into the
    second)."""
    target, count = folder / f"{stem}{PROJECT_SUFFIX}", 1
    while target.exists() or Path(f"{target}-wal").exists():
        count += 1
        target = folder / f"{stem} ({count}){PROJECT_SUFFIX}"
    return target


def _remove_project_file(path: Path) -> None:
    for name in (str(path), f"{path}-wal", f"{path}-shm", str(lock_path(path))):
        try:
            os.unlink(name)
        except FileNotFoundError:
            pass


class ProjectController(QObject):
    project_did_change = Signal()  # opened, saved as, scenario switched or renamed
    autosave_did_fail = Signal(str)

    def __init__(self, window: "MainWindow") -> None:
        super().__init__(window)
        self.window = window
        self.project: ProjectFile | None = None
        self.scenario: ScenarioInfo | None = None
        self.recorder: ProjectRecorder | None = None
        self._build_actions()

    @property
    def is_untitled(self) -> bool:
        return self.project is not None and self.project.path.parent == untitled_folder()

    # --- actions and menus -------------------------------------------------------------------
    def _build_actions(self) -> None:
        w = self.window
        self.new_action = w._action("&New Project from Budget…", "Ctrl+N",
                                    "Import a budget workbook into a new project", w._on_open)
        self.open_action = w._action("Open &Project…", "Ctrl+Shift+O",
                                     "Open a saved project (.natoplan)", self._on_open_project)
        self.save_as_action = w._action("&Save Project As…", "Ctrl+Shift+S",
                                        "Keep this project under a name and place you choose",
                                        self._on_save_as)
        self.scenario_actions = [
            w._action("&New Scenario…", None, "Copy the open scenario under a new name",
                      self._on_new_scenario),
            w._action("&Rename Scenario…", None, "Rename the open scenario", self._on_rename),
            w._action("&Delete Scenario…", None, "Delete the open scenario", self._on_delete),
            w._action("&Mark as Submitted…", None, "Freeze the open scenario as a read-only "
                      "version with today's date and a note", self._on_mark_submitted),
            w._action("&Compare…", None, "Compare two scenarios or versions year by year",
                      self._on_compare),
            w._action("Re-&import Revised Budget…", None, "Read a revised budget workbook into "
                      "this scenario; classification and rationale carry across",
                      self._on_reimport),
        ]

    def fill_file_menu(self, menu: QMenu) -> None:
        menu.addActions([self.new_action, self.open_action, self.save_as_action])

    def fill_scenario_menu(self, menu: QMenu) -> None:
        self.switch_menu = menu.addMenu("&Switch to")
        self.switch_menu.setToolTipsVisible(True)
        menu.addSeparator()
        menu.addActions(self.scenario_actions)
        self.update_actions()

    def update_actions(self) -> None:
        has = self.project is not None
        editable = has and self.scenario is not None and not self.scenario.read_only
        self.save_as_action.setEnabled(has)
        for action in self.scenario_actions:
            action.setEnabled(has)
        self.scenario_actions[1].setEnabled(editable)
        self.scenario_actions[2].setEnabled(has and self.scenario.kind != "baseline")
        if hasattr(self, "switch_menu"):
            self._fill_switch_menu()

    def _fill_switch_menu(self) -> None:
        self.switch_menu.clear()
        for info in self.project.scenarios() if self.project else []:
            action = self.switch_menu.addAction(scenario_title(info))
            action.setCheckable(True)
            action.setChecked(self.scenario is not None and info.id == self.scenario.id)
            action.triggered.connect(lambda _c=False, n=info.name: self.switch_to(n))
        self.switch_menu.setEnabled(not self.switch_menu.isEmpty())

    def title(self) -> str:
        if self.project is None or self.scenario is None:
            return ""
        if self.is_untitled:
            source = self.window.session.source_path if self.window.session else ""
            name = f"{os.path.basename(source)} · untitled project".lstrip(" ·")
        else:
            name = self.project.path.name
        return f"{name} · {scenario_title(self.scenario)}"

    # --- a workbook becomes an untitled project ---------------------------------------------
    def adopt_import(self, session: PlanSession, path: str, result: ImportResult) -> None:
        """Keep an imported budget in a new untitled project, then autosave every command."""
        folder = untitled_folder()
        folder.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now().strftime("%Y-%m-%d %H.%M.%S")
        target = _unused_name(folder, f"{Path(path).stem} {stamp}")
        try:
            project = new_project(target, result, path, session.plan)
        except (OSError, PlannerError) as error:
            self._close()
            self.autosave_did_fail.emit(f"Could not keep this plan in a project ({error}); "
                                        "changes are not saved until you export.")
            return
        self._use(project, project.scenario(), session)

    def _use(self, project: ProjectFile, scenario: ScenarioInfo, session: PlanSession) -> None:
        if self.project is not project:
            self._close()
        elif self.recorder is not None:
            self.recorder.detach()
        try:  # a file this window made or opened: no other window has it
            project.lock_for_editing()
        except PlannerError as error:
            self.autosave_did_fail.emit(str(error))
        self.project, self.scenario = project, scenario
        session.read_only_reason = _read_only_reason(scenario)
        session.edit_was_refused.connect(self._on_edit_was_refused)
        self._shown_budget = session.plan.budget
        session.plan_did_change.connect(lambda _change: self._on_budget_replaced())
        self.recorder = ProjectRecorder(project, scenario, session.plan, session.stack,
                                        on_error=lambda e: self.autosave_did_fail.emit(str(e)))
        self.update_actions()
        self.project_did_change.emit()

    # --- the rulebook kept with the project -------------------------------------------------------
    def kept_rulebook(self) -> Rulebook | None:
        """The rulebook this project was last worked with; None: none kept (use the default)."""
        text = self.project.rulebook_text() if self.project is not None else None
        if not text:
            return None
        try:
            return parse_rulebook(text, "the project's rulebook")
        except PlannerError as error:  # kept by another version: say so, fall back
            self.window.statusBar().showMessage(f"The project's rulebook was not used: {error}",
                                                10000)
            return None

    def keep_rulebook(self, rulebook: Rulebook) -> None:
        """A rule added or a rulebook loaded survives closing the project."""
        if self.project is None:
            return
        try:
            self.project.keep_rulebook_text(rulebook_text(rulebook))
        except (OSError, PlannerError, sqlite3.Error) as error:
            self.autosave_did_fail.emit(f"The rulebook could not be kept in the project "
                                        f"({error}); export it to keep it.")

    def _on_edit_was_refused(self, reason: str) -> None:
        self.window.statusBar().showMessage(reason, 10000)
        QMessageBox.information(self.window, "This version cannot be changed", reason)

    def _close(self) -> None:
        if self.recorder is not None:
            self.recorder.detach()
        if self.project is not None:
            self.project.close()
        self.project, self.scenario, self.recorder = None, None, None

    # --- opening ----------------------------------------------------------------------------
    def open_project(self, path: str, scenario: str | None = None) -> bool:
        project = None
        try:
            project = ProjectFile.open(path)
            project.lock_for_editing()
        except PlannerError as error:
            if project is not None:
                project.close()
            self.window.open_did_fail.emit(str(error))
            QMessageBox.warning(self.window, "Cannot open this project", str(error))
            return False
        if project.upgraded_from is not None:
            self.window.statusBar().showMessage(
                f"Upgraded {Path(path).name} to this version's format; the original is kept as "
                f"{project.upgraded_from.name}.", 10000)
        self._load(project, scenario)
        return True

    def _load(self, project: ProjectFile, scenario: str | None) -> None:
        loaded = project.load(scenario)
        session = PlanSession(loaded.plan, loaded.plan.budget.source.path or str(project.path),
                              self.window)
        session.stack.restore(loaded.done, loaded.undone)
        project.set_current(loaded.info)
        self._use(project, loaded.info, session)
        self.window.install_session(session, str(project.path))

    def _on_open_project(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self.window, "Open project", "", PROJECT_FILTER)
        if path:
            self.window.open_path(path)

    # --- saving -------------------------------------------------------------------------------
    def _on_save_as(self) -> None:
        if self.project is None:
            return
        start = self.window.session.source_path if self.window.session else ""
        suggested = str(Path(start).with_suffix(PROJECT_SUFFIX)) if start else ""
        path, _ = QFileDialog.getSaveFileName(self.window, "Save project as", suggested,
                                              PROJECT_FILTER)
        if path:
            self.save_as(path if path.lower().endswith(PROJECT_SUFFIX) else path + PROJECT_SUFFIX)

    def save_as(self, path: str) -> bool:
        """Copy the project to `path` and keep working there; an untitled original goes."""
        try:
            copy = self.project.save_as(path)
        except (OSError, PlannerError) as error:
            QMessageBox.warning(self.window, "Could not save the project",
                                f"'{Path(path).name}' could not be written ({error}); the "
                                "project is still kept where it was.")
            return False
        old, was_untitled = self.project, self.is_untitled
        try:
            copy.lock_for_editing()
        except PlannerError as error:  # a file of that name another window is editing
            copy.close()
            QMessageBox.warning(self.window, "Could not save the project", str(error))
            return False
        self.recorder.project = copy
        self.project, self.scenario = copy, copy.scenario(self.scenario.name)
        old.close()
        if was_untitled:
            _remove_project_file(old.path)
        self.window._add_recent(path)
        self.window.statusBar().showMessage(f"Saved the project as {path}; every change is "
                                            "saved to it as you work.", 8000)
        self.project_did_change.emit()
        return True

    def shut_down(self) -> None:
        """The window closes: everything is already in the project, nothing to ask. An
        untitled project nobody changed is not kept (the next start would offer it back)."""
        untouched = (self.is_untitled and self.window.session is not None
                     and not self.window.session.stack.history
                     and not self.window.session.stack.future)
        path = self.project.path if self.project is not None else None
        self._close()
        if untouched and path is not None:
            _remove_project_file(path)

    # --- recovering an untitled project ----------------------------------------------------------
    def offer_recovery(self) -> bool:
        """At start: an untitled project left by a crash or a close is offered back."""
        left = untitled_projects()
        if not left:
            return False
        newest = left[0]
        when = datetime.fromtimestamp(newest.stat().st_mtime).strftime("%d %b %Y %H:%M")
        answer = QMessageBox.question(
            self.window, "Recover unsaved work?",
            f"A plan that was never saved as a project was found (last change {when}, "
            f"{newest.stem}). Recover it? Discard deletes it for good.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Yes)
        if answer == QMessageBox.StandardButton.Yes:
            return self.open_project(str(newest))
        if answer == QMessageBox.StandardButton.Discard:
            _remove_project_file(newest)
        return False

    # --- scenarios ------------------------------------------------------------------------------
    def switch_to(self, name: str) -> None:
        if self.project is not None and (self.scenario is None or name != self.scenario.name):
            self._load(self.project, name)

    def new_scenario(self, name: str) -> None:
        self.project.new_scenario(name, self.scenario)
        self.switch_to(name)

    def rename_scenario(self, name: str) -> None:
        self.scenario = self.project.rename_scenario(self.scenario, name)
        self.update_actions()
        self.project_did_change.emit()

    def delete_scenario(self) -> None:
        doomed = self.scenario
        others = [s for s in self.project.scenarios() if s.id != doomed.id]
        fallback = next((s for s in others if s.kind == "scenario"), others[0])
        self.switch_to(fallback.name)
        self.project.delete_scenario(doomed)
        self.update_actions()

    def mark_submitted(self, note: str) -> ScenarioInfo:
        stamp = datetime.now().strftime("%Y-%m-%d %H:%M")
        info = self.project.new_scenario(f"{self.scenario.name} (submitted {stamp})",
                                         self.scenario, kind="submitted", note=note)
        self.update_actions()
        self.window.statusBar().showMessage(f"Froze '{info.name}' as a read-only version.", 8000)
        return info

    def _ask_name(self, title: str, label: str, text: str = "") -> str | None:
        name, ok = QInputDialog.getText(self.window, title, label, text=text)
        return name.strip() if ok and name.strip() else None

    def _guarded(self, action) -> None:
        try:
            action()
        except PlannerError as error:
            QMessageBox.warning(self.window, "Cannot do that", str(error))

    def _on_new_scenario(self) -> None:
        name = self._ask_name("New scenario", f"A copy of '{self.scenario.name}', named:")
        if name:
            self._guarded(lambda: self.new_scenario(name))

    def _on_rename(self) -> None:
        name = self._ask_name("Rename scenario", "New name:", self.scenario.name)
        if name:
            self._guarded(lambda: self.rename_scenario(name))

    def _on_delete(self) -> None:
        answer = QMessageBox.question(
            self.window, "Delete scenario", f"Delete '{self.scenario.name}' and its history "
            "for good?", QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel)
        if answer == QMessageBox.StandardButton.Yes:
            self._guarded(self.delete_scenario)

    def _on_mark_submitted(self) -> None:
        note, ok = QInputDialog.getMultiLineText(
            self.window, "Mark as submitted", "What went to NATO (a note kept with the "
            "frozen version):")
        if ok:
            self._guarded(lambda: self.mark_submitted(note))

    # --- re-importing a revised budget ----------------------------------------------------------
    def _on_reimport(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self.window, "Re-import a revised budget", "",
                                              "Budget workbooks (*.xlsx *.xlsm *.xls *.ods *.csv)")
        if path:
            self.reimport(path)

    def reimport(self, path: str, ask=None) -> bool:
        """Read `path`, show what changes, and on Apply replace the lines as one step."""
        from ..core.reimport import ReplaceBudget, carry_over, match_lines, review
        from ..io.budget_import import read_budget_isolated
        from .reimport_dialog import ReimportDialog
        session = self.window.session
        if session is None or session.read_only_reason:
            QMessageBox.information(self.window, "Cannot re-import here", session.read_only_reason
                                    if session else "Open a project first.")
            return False
        try:
            revised = read_budget_isolated(path).budget
        except PlannerError as error:
            QMessageBox.warning(self.window, "Cannot re-import this file", str(error))
            return False
        old = session.plan.budget
        match = match_lines(old, revised)
        found = review(old, revised, match)
        dialog = ReimportDialog(found, Path(path).name, self.window)
        if not (ask or (lambda d: d.exec() == QDialog.DialogCode.Accepted))(dialog):
            return False
        carry_over(old, revised, match)
        session.execute(ReplaceBudget(session.plan, revised, Path(path).name))
        return True

    def _on_budget_replaced(self) -> None:
        """After a re-import, or its undo, the views are built again over the other lines."""
        session = self.window.session
        if session is not None and session.plan.budget is not self._shown_budget:
            self._shown_budget = session.plan.budget
            self.window._build_session_views(session)
            self.window._update_for_session()

    def _on_compare(self) -> None:
        from .compare_dialog import CompareDialog
        CompareDialog(self.project, self.scenario, self.window).exec()


def scenario_title(info: ScenarioInfo) -> str:
    if info.kind == "baseline":
        return f"{info.name} (locked baseline)"
    if info.kind == "submitted":
        return f"{info.name} (read-only)"
    return info.name


def _read_only_reason(info: ScenarioInfo) -> str | None:
    if info.kind == "baseline":
        return ("The imported budget is the locked baseline. Switch to a scenario (Scenario > "
                "Switch to) or make one (Scenario > New Scenario) to change the plan.")
    if info.kind == "submitted":
        return (f"'{info.name}' is a submitted version, frozen as it went to NATO. Make a "
                "new scenario from it (Scenario > New Scenario) to change it.")
    return None
