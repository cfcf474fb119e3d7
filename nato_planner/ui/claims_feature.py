"""Defensible claims in the main window: the Claims menu, the Checks panel and the NATO
categories chart as docks, the claims register filter. The window calls `install` once and
`set_session` for each opened plan; everything else lives here, out of main_window.py."""
from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDockWidget, QVBoxLayout, QWidget

from .checks_panel import ChecksPanel
from .claim_actions import ClaimActions
from .line_items_model import LineFilter
from .nato_categories_chart import NatoCategoriesChart
from .plan_session import PlanSession

if TYPE_CHECKING:
    from .main_window import MainWindow


class ClaimsFeature:
    def __init__(self, window: "MainWindow") -> None:
        self.window = window
        self.session: PlanSession | None = None
        self.checks_panel: ChecksPanel | None = None
        self.categories_chart: NatoCategoriesChart | None = None
        self.actions = ClaimActions(window.table_view.selected_lines, window,
                                    self.show_claims_register)
        window.table_view.claim_actions = self.actions
        self.checks_dock = self._dock("Checks", "ChecksDock", Qt.DockWidgetArea.RightDockWidgetArea,
                                      "Guardrails a committee would ask about; click one to "
                                      "select its lines")
        self.categories_dock = self._dock("NATO categories", "NatoCategoriesDock",
                                          Qt.DockWidgetArea.RightDockWidgetArea,
                                          "Core defence by NATO category, % of core, with the "
                                          "equipment guideline")
        for dock in (self.checks_dock, self.categories_dock):
            dock.hide()  # placed as tabs on the first layout (below), not squeezed in before
        self.menu = self.actions.fill_menu(self._add_menu_after_classify("C&laims"))
        self._add_view_toggles()
        self.actions.set_enabled(False)

    def lay_out_for_a_small_screen(self) -> None:
        """All panels are tabs of one column there."""
        for dock in (self.checks_dock, self.categories_dock):
            self.window.tabifyDockWidget(self.window.dashboard_dock, dock)
            dock.show()
        self.window.dashboard_dock.raise_()

    def lay_out_for_a_large_screen(self) -> None:
        """Tabs beside the panels of the same kind: the checks with the history (lists),
        NATO's categories with the dashboard (one year's figures)."""
        window = self.window
        window.tabifyDockWidget(window.history_dock, self.checks_dock)
        window.tabifyDockWidget(window.dashboard_dock, self.categories_dock)
        for dock in (self.checks_dock, self.categories_dock):
            dock.show()
        window.dashboard_dock.raise_()
        window.history_dock.raise_()

    def _add_view_toggles(self) -> None:
        """Show/hide entries beside the other panels' in the View menu."""
        for action in self.window.menuBar().actions():
            if action.text().replace("&", "") == "View" and action.menu() is not None:
                menu = action.menu()
                separators = [a for a in menu.actions() if a.isSeparator()]
                for dock in (self.checks_dock, self.categories_dock):
                    toggle = dock.toggleViewAction()
                    toggle.setToolTip(f"Show or hide the {dock.windowTitle()} panel")
                    menu.insertAction(separators[0] if separators else None, toggle)

    def _add_menu_after_classify(self, title: str):
        bar = self.window.menuBar()
        actions = bar.actions()
        after = self.window.classify_menu.menuAction()
        position = actions.index(after) + 1 if after in actions else len(actions)
        menu = bar.addMenu(title)
        if position < len(actions):
            bar.insertMenu(actions[position], menu)
        return menu

    def _dock(self, title: str, name: str, area: Qt.DockWidgetArea, tip: str) -> QDockWidget:
        dock = QDockWidget(title, self.window)
        dock.setObjectName(name)
        dock.setToolTip(tip)
        holder = QWidget()
        QVBoxLayout(holder).setContentsMargins(0, 0, 0, 0)
        dock.setWidget(holder)
        self.window.addDockWidget(area, dock)
        return dock

    def view_toggles(self):
        return [self.checks_dock.toggleViewAction(), self.categories_dock.toggleViewAction()]

    def set_session(self, session: PlanSession) -> None:
        self.session = self.actions.session = session
        self.checks_panel = ChecksPanel(session)
        self.checks_panel.lines_requested.connect(self.select_lines)
        self.categories_chart = NatoCategoriesChart(session)
        _replace_content(self.checks_dock.widget(), self.checks_panel)
        _replace_content(self.categories_dock.widget(), self.categories_chart)
        self.actions.register_action.setChecked(False)
        self.actions.set_enabled(len(self.window.table_view.selected_lines()) > 0)

    def on_selection_did_change(self, has_selection: bool) -> None:
        self.actions.set_enabled(has_selection)

    def select_lines(self, lines: np.ndarray, what: str) -> None:
        """Show and select the lines behind a check (clearing a filter that would hide them)."""
        window = self.window
        if window.model is None:
            return
        if len(lines) and (window.model.rows_of(lines) < 0).any():
            window.filter_edit.clear()
            window.filter_combo.setCurrentIndex(0)
            window.model.set_filter("", LineFilter.ALL)
        window.table_view.select_lines(lines)
        if len(lines):
            window.table_view.scrollTo(window.model.index(int(window.model.row_of(
                int(lines[0]))), 1))
        count = len(lines)
        window.statusBar().showMessage(
            f"Selected {count:,} line{'s' if count != 1 else ''}: {what}." if count else
            f"No lines behind this check: {what} (a planned year has no lines).")

    def show_claims_register(self, on: bool) -> None:
        """The claims register: the table filtered to security-related and high-risk lines."""
        window = self.window
        if window.model is None:
            return
        wanted = LineFilter.CLAIMS if on else LineFilter.ALL
        index = window.filter_combo.findData(wanted)
        window.filter_combo.setCurrentIndex(index)


def _replace_content(holder: QWidget, widget: QWidget) -> None:
    layout = holder.layout()
    while layout.count():
        old = layout.takeAt(0).widget()
        if old is not None:
            old.deleteLater()
    layout.addWidget(widget)

