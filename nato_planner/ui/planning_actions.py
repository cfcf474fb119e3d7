"""The Plan menu: pledge targets, planning assumptions, spreading money and closing the gap,
each a dialog over the open plan whose OK is one undoable command. Kept apart from the main
window, which only builds the menu and hands over the session."""
from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QWidget

from ..core.taxonomy import Bucket
from .plan_session import PlanSession
from .window_action import window_action


class PlanningActions(QObject):
    def __init__(self, window: QWidget, selected_lines=None) -> None:
        super().__init__(window)
        self.window = window
        self.session: PlanSession | None = None
        self._selected_lines = selected_lines
        self.targets_action = self._action("Pledge &targets…", None,
                                           "Floor, ceiling, total, target and review year, "
                                           "equipment guideline (stored with the plan)",
                                           self.edit_targets)
        self.assumptions_action = self._action(
            "Planning &assumptions…", "Ctrl+Shift+A",
            "GDP growth, spending growth and inflation per year and sub-category; the GDP "
            "series; sensitivity", self.edit_assumptions)
        self.spread_action = self._action("&Spread money…", "Ctrl+Shift+S",
                                          "Add or remove money for the selected year and "
                                          "choose where it goes, with a preview",
                                          self.spread_money)
        self.close_gap_action = self._action("&Close the gap…", "Ctrl+Shift+G",
                                             "Propose the money that closes the gap, on the "
                                             "credible path or now; review before applying",
                                             self.close_the_gap)
        self.set_session(None)

    def _action(self, text: str, shortcut: str | None, tip: str, handler) -> QAction:
        return window_action(self.window, text, shortcut, tip, handler)

    def actions(self) -> list[QAction]:
        return [self.targets_action, self.assumptions_action, self.spread_action,
                self.close_gap_action]

    def fill_menu(self, menu: QMenu) -> QMenu:
        menu.addActions(self.actions())
        menu.setToolTipsVisible(True)
        return menu

    def set_session(self, session: PlanSession | None) -> None:
        self.session = session
        for action in self.actions():
            action.setEnabled(session is not None)

    # --- the dialogs -----------------------------------------------------------------------
    def edit_targets(self):
        from .targets_dialog import TargetsDialog
        return self._run(TargetsDialog(self.session, self.window))

    def edit_assumptions(self):
        from .assumptions_dialog import AssumptionsDialog
        return self._run(AssumptionsDialog(self.session, self.window))

    def spread_money(self, bucket: Bucket = Bucket.CORE, delta: float = 1e9):
        from .spread_dialog import SpreadDialog
        lines = self._selected_lines() if self._selected_lines is not None else None
        return self._run(SpreadDialog(self.session, self.session.selected_year, bucket, delta,
                                      lines, self.window))

    def close_the_gap(self, mode: str = "path"):
        from .chart_gap_dialog import CloseTheGapDialog
        return self._run(CloseTheGapDialog(self.session, self.window, mode))

    def _run(self, dialog):
        """Open a dialog window-modal and hand it back (tests drive it, people click it)."""
        if self.session is None:
            return None
        self.last_dialog = dialog
        dialog.open()
        return dialog
