"""Briefing outputs in the main window: File > Export brief (PDF), View > Subtotals and
View > Among allies. Kept out of main_window.py: the window only adds these actions to its
menus and tells this object which plan is open."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QFileDialog, QMainWindow, QMessageBox

from ..core.errors import PlannerError
from .plan_session import PlanSession
from .window_action import window_action


class BriefingActions(QObject):
    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.session: PlanSession | None = None
        self.brief_action = self._action("Export &brief (PDF)…", "Ctrl+Shift+B",
                                         "The annual plan brief: gap table to the target "
                                         "year, charts, sources, as a printable PDF",
                                         self._on_export_brief)
        self.pivot_action = self._action("&Subtotals…", "Ctrl+Shift+T",
                                         "Money per organisation, sub-category, NATO category "
                                         "or classification and year, with the lines behind it",
                                         self._on_pivot)
        self.allies_action = self._action("Among &allies…", None,
                                          "This plan's core defence % of GDP among NATO's "
                                          "published figures for every ally", self._on_allies)
        self.set_session(None)

    def _action(self, text: str, shortcut: str | None, tip: str, handler) -> QAction:
        return window_action(self.window, text, shortcut, tip, handler)

    @property
    def actions(self) -> list[QAction]:
        return [self.brief_action, self.pivot_action, self.allies_action]

    def set_session(self, session: PlanSession | None) -> None:
        self.session = session
        for action in self.actions:
            action.setEnabled(session is not None)

    # --- brief ----------------------------------------------------------------------------
    def _on_export_brief(self) -> None:
        if self.session is None:
            return
        source = Path(self.session.source_path or "plan")
        path, chosen = QFileDialog.getSaveFileName(
            self.window, "Export brief", str(source.with_name(f"{source.stem}_brief.pdf")),
            "PDF on A4 paper (*.pdf);;PDF on US Letter paper (*.pdf)")
        if path:
            paper = "letter" if "Letter" in chosen else "a4"
            self.export_brief(path if path.lower().endswith(".pdf") else path + ".pdf", paper)

    def export_brief(self, path: str, paper: str = "a4") -> bool:
        """Draw the charts and lay out the brief on the GUI thread (Qt painting needs it)."""
        from .brief_pdf import brief_context, write_brief
        session, projects = self.session, self.window.projects
        scenario = projects.scenario.name if projects.scenario is not None else "Working plan"
        submitted = None
        if projects.project is not None:
            from ..io.project_import import submitted_version
            submitted = submitted_version(projects.project, scenario)
        context = brief_context(session.plan, Path(session.source_path or "plan").name, scenario,
                                *(submitted or (None, "")))
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            write_brief(session.plan, path, context, paper)
        except PlannerError as error:
            QMessageBox.warning(self.window, "Brief not written", str(error))
            return False
        finally:
            QApplication.restoreOverrideCursor()
        self.window.statusBar().showMessage(f"Wrote the brief to {path}", 8000)
        return True

    # --- subtotals and allies -----------------------------------------------------------------
    def _on_pivot(self) -> None:
        if self.session is None:
            return
        from .pivot_dialog import PivotDialog
        dialog = PivotDialog(self.session, self.window)
        dialog.lines_chosen.connect(self._select_lines)
        dialog.show()
        self.pivot_dialog = dialog

    def _select_lines(self, lines: list[int]) -> None:
        view = getattr(self.window, "table_view", None)
        if view is not None:
            view.select_lines(lines)
            view.setFocus()

    def _on_allies(self) -> None:
        if self.session is None:
            return
        from .allies_dialog import AlliesDialog
        dialog = AlliesDialog(self.session, self.window.settings, self.window)
        dialog.show()
        self.allies_dialog = dialog
