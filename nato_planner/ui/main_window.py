"""The window delegation staff live in: open a budget, classify it, watch the gap, export.

Layout: filter bar and line-items table in the centre with the bucket lanes beside it; the
dashboard and the undo history docked on the right; the trajectory to 2035 docked below.
Reading and exporting run off the GUI thread (background.py).
"""
from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

from PySide6.QtCore import QEvent, QSettings, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAction, QActionGroup, QCloseEvent, QDragEnterEvent, QDropEvent, QGuiApplication,
    QKeySequence,
)
from PySide6.QtWidgets import (
    QApplication, QComboBox, QDockWidget, QFileDialog, QHBoxLayout, QLabel, QLineEdit,
    QMainWindow, QMessageBox, QSplitter, QStackedWidget, QVBoxLayout, QWidget,
)

from ..core.errors import PlannerError
from ..io.budget_import import (
    ImportCancelled, ImportOptions, ImportResult, preview_cells, read_budget_isolated,
    sheet_names,
)
from ..io.plan_readback import plan_from_import
from ..io.project_names import is_project_path
from .background import run_in_background
from .briefing_actions import BriefingActions
from .bucket_lanes import BucketLanesWidget
from .classify_actions import ClassifyActions, menu_text
from .claims_feature import ClaimsFeature
from .rule_suggestions import RuleSuggestionsController
from .error_reporting import install_excepthook, report_unexpected
from .gdp_dialog import GdpDialog
from .explain_targets import FigureMenus
from .help_menu import connect_welcome_page, fill_help_menu
from .history_panel import HistoryPanelWidget
from .import_dialog import ImportDialog
from .import_memory import (
    headers_fingerprint, layout_fingerprint, options_to_json, recall_mapping,
)
from .line_items_model import LineFilter, LineItemsTableModel
from .line_items_view import LineItemsTableView
from ..core.money import money_text
from .palette import THEMES, apply_theme, follow_system_theme
from .plan_session import PlanSession
from .project_controller import ProjectController
from .welcome_page import WelcomePage, scrolling, show_docks_with_plan
from .gap_table_widget import GapTableWidget
from .planning_actions import PlanningActions
from .wording import gui_wording, line_count_text

APP_NAME = "NATO Pledge Planner"
BUDGET_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods", ".csv", ".natoplan")
FILE_FILTER = ("Projects and budget workbooks (*.natoplan *.xlsx *.xlsm *.xls *.ods *.csv);;"
               "All files (*)")
MAX_RECENT = 8
MANUAL_HEADER_ROWS = 30  # rows searched for the header of a layout mapped by hand before
_log = logging.getLogger(__name__)


SMALL_SCREEN_HEIGHT = 760  # logical pixels; below it the panels become tabs


class MainWindow(QMainWindow):
    plan_did_open = Signal(object)  # PlanSession
    import_preview_did_open = Signal(object)  # ImportDialog
    open_did_fail = Signal(str)  # the sentence shown
    export_did_finish = Signal(str)  # path written

    def __init__(self, settings: QSettings | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings or QSettings()
        self.session: PlanSession | None = None
        self.model: LineItemsTableModel | None = None
        self.dashboard: QWidget | None = None
        self.trajectory: QWidget | None = None
        self.import_dialog: ImportDialog | None = None
        self._docks_sized = False
        self._charts_stale = False
        self.setObjectName("MainWindow")
        self.setWindowTitle(f"{APP_NAME}[*]")
        self.setAcceptDrops(True)
        self._build_central()
        self._build_docks()
        self._build_actions()
        self.projects = ProjectController(self)
        self.projects.project_did_change.connect(self._update_title)
        self.projects.autosave_did_fail.connect(
            lambda text: QMessageBox.warning(self, "Not saved", text))
        self._build_menus()
        self._build_status_bar()
        self.claims = ClaimsFeature(self)  # Claims menu, Checks and NATO categories docks
        self._restore_window()
        self._update_for_session()  # after the restore: the welcome page hides the panels

    # --- building --------------------------------------------------------------------------
    def _build_central(self) -> None:
        self.welcome_page = WelcomePage()  # welcome_page.py: samples, open, recent
        connect_welcome_page(self.welcome_page, self)
        self.table_view = LineItemsTableView()
        self.table_view.selected_lines_did_change.connect(self._on_selection_did_change)
        self.lanes_holder = QWidget()
        QVBoxLayout(self.lanes_holder).setContentsMargins(0, 0, 0, 0)
        table_area = QWidget()
        layout = QVBoxLayout(table_area)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self._build_filter_bar())
        layout.addWidget(self.table_view, 1)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("TableSplitter")
        self.splitter.addWidget(table_area)
        self.splitter.addWidget(self.lanes_holder)
        self.splitter.setStretchFactor(0, 5)
        self.splitter.setStretchFactor(1, 1)
        self.pages = QStackedWidget()
        self.pages.addWidget(scrolling(self.welcome_page))  # a small window scrolls, never clips
        self.pages.addWidget(self.splitter)
        self.setCentralWidget(self.pages)

    def _build_filter_bar(self) -> QHBoxLayout:
        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText("Filter by code, description, organisation or COFOG")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.setToolTip("Show only lines containing this text (Ctrl+F)")
        self._filter_timer = QTimer(self, singleShot=True, interval=250)
        self._filter_timer.timeout.connect(self._on_filter_text_timeout)
        self.filter_edit.textChanged.connect(lambda _t: self._filter_timer.start())
        self.filter_combo = QComboBox()
        for kind in LineFilter:
            self.filter_combo.addItem(kind.value, kind)
        self.filter_combo.setToolTip("Show only lines of one kind: a classification, the "
                                     "unclassified to-do list, lines with errors, changed or held lines")
        self.filter_combo.currentIndexChanged.connect(self._on_filter_kind_did_change)
        self.filter_count_label = QLabel()
        self.filter_count_label.setToolTip("Lines shown by the filter / lines in the budget")
        bar = QHBoxLayout()
        bar.addWidget(QLabel("Filter:"))
        bar.addWidget(self.filter_edit, 3)
        bar.addWidget(self.filter_combo, 1)
        bar.addWidget(self.filter_count_label)
        return bar

    def _dock(self, title: str, name: str, area: Qt.DockWidgetArea, tip: str) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(name)
        dock.setToolTip(tip)
        holder = QWidget()
        QVBoxLayout(holder).setContentsMargins(0, 0, 0, 0)
        dock.setWidget(holder)
        self.addDockWidget(area, dock)
        return dock

    def _build_docks(self) -> None:
        self.gap_dock = self._dock("Gaps to the target year", "GapTableDock", Qt.DockWidgetArea.RightDockWidgetArea,
                                   "Every year's gaps to the targets, money and % of GDP; click a year")
        self.dashboard_dock = self._dock("Dashboard", "DashboardDock", Qt.DockWidgetArea.RightDockWidgetArea,
                                         "The pledge figures for the selected year")
        self.history_dock = self._dock("History", "HistoryDock", Qt.DockWidgetArea.RightDockWidgetArea,
                                       "Every change; click a step to go back to it")
        self.trajectory_dock = self._dock("Trajectory", "TrajectoryDock",
                                          Qt.DockWidgetArea.BottomDockWidgetArea,
                                          "Planned spending year by year against the credible path")
        # The right-hand column runs the full height: the dashboard gets room to stand, and
        # the trajectory spans only under the table, where it is wide enough to read.
        self.setCorner(Qt.Corner.BottomRightCorner, Qt.DockWidgetArea.RightDockWidgetArea)
        self.splitDockWidget(self.dashboard_dock, self.history_dock, Qt.Orientation.Vertical)
        self.history_panel = HistoryPanelWidget()
        self.history_dock.widget().layout().addWidget(self.history_panel)

    def _apply_default_dock_sizes(self) -> None:
        """First run: the table widest, the dashboard tall beside it, the trajectory below."""
        if self._docks_sized or self.settings.value("window/state") is not None:
            return
        self._docks_sized = True
        width, height = self.width(), self.height()
        if height < SMALL_SCREEN_HEIGHT:
            self._lay_out_for_a_small_screen(width)
            return
        if height < 950:  # a laptop: the history waits behind the dashboard, the gaps stay
            self.tabifyDockWidget(self.dashboard_dock, self.history_dock)
            self.dashboard_dock.raise_()
        self.resizeDocks([self.dashboard_dock], [int(width * 0.37)], Qt.Orientation.Horizontal)
        gap_height = self._gap_table_height()
        rest = max(height - gap_height - 80, 200)
        docks, heights = ([self.gap_dock, self.dashboard_dock, self.trajectory_dock],
                          [gap_height, rest, int(height * 0.48)]) if height < 950 else \
            ([self.gap_dock, self.dashboard_dock, self.history_dock, self.trajectory_dock],
             [gap_height, int(rest * 0.78), int(rest * 0.22), int(height * 0.48)])
        self.resizeDocks(docks, heights, Qt.Orientation.Vertical)
        self.claims.lay_out_for_a_large_screen()

    def _gap_table_height(self) -> int:
        """Room for every year of the gap table without scrolling (about 12 rows)."""
        rows = len(self.session.plan.trajectory_years) if self.session is not None else 12
        line = self.fontMetrics().height() + 5
        return line * (rows + 4) + 12

    def _lay_out_for_a_small_screen(self, width: int) -> None:
        """A laptop at 200% has ~600 logical pixels of height: stacked, every panel was too
        short to read. Charts become tabs in one tall right-hand column instead."""
        self.tabifyDockWidget(self.dashboard_dock, self.trajectory_dock)
        self.tabifyDockWidget(self.dashboard_dock, self.history_dock)
        self.claims.lay_out_for_a_small_screen()
        self.dashboard_dock.raise_()
        self.resizeDocks([self.dashboard_dock], [int(width * 0.45)], Qt.Orientation.Horizontal)
        self.resizeDocks([self.gap_dock], [self._gap_table_height()], Qt.Orientation.Vertical)

    def _action(self, text: str, shortcut, tip: str, handler) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        action.setToolTip(f"{tip} ({keys})" if keys else tip)
        action.setStatusTip(tip)
        action.triggered.connect(handler)
        return action

    def _build_actions(self) -> None:
        std = QKeySequence.StandardKey
        self.open_action = self._action("&Open…", std.Open, "Open a budget workbook", self._on_open)
        self.export_action = self._action("&Export revised plan…", "Ctrl+E",
                                          "Write the revised plan as an Excel workbook", self._on_export)
        self.chart_image_actions = [
            self._action(f"Save &{kind} image…", None, f"Save the {kind} chart as PNG or SVG for a briefing slide",
                         lambda _checked=False, kind=kind: self._on_save_chart_image(kind))
            for kind in ("dashboard", "trajectory")]
        self.quit_action = self._action("&Quit", std.Quit, "Close the planner", self.close)
        self.undo_action = self._action("&Undo", std.Undo, "Undo the last change", self._on_undo)
        self.redo_action = self._action("&Redo", std.Redo, "Redo the change last undone", self._on_redo)
        # Ctrl+Y as well: Linux's standard redo is Ctrl+Shift+Z, delegates press Ctrl+Y
        self.redo_action.setShortcuts([QKeySequence(std.Redo), QKeySequence("Ctrl+Y")])
        self.find_action = self._action("&Filter lines", std.Find, "Type to filter the line items",
                                        self._on_find)
        self.gdp_action = self._action("&GDP per year…", "Ctrl+G", "Enter or correct nominal GDP per year",
                                       self._on_edit_gdp)
        self.briefing = BriefingActions(self)
        self.classify_actions = ClassifyActions(self.table_view.selected_lines, self)
        self.table_view.classify_actions = self.classify_actions
        for action in (self.undo_action, self.redo_action, self.find_action):
            self.addAction(action)

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        file_menu.addAction(self.open_action)
        self.projects.fill_file_menu(file_menu)
        self.recent_menu = file_menu.addMenu("Open &Recent")
        self.recent_menu.setToolTipsVisible(True)
        file_menu.addSeparator()
        file_menu.addAction(self.export_action)
        file_menu.addActions(self.chart_image_actions)
        file_menu.addAction(self.briefing.brief_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        edit_menu = bar.addMenu("&Edit")
        edit_menu.addActions([self.undo_action, self.redo_action])
        edit_menu.addSeparator()
        edit_menu.addActions([self.find_action, self.gdp_action])
        self.classify_menu = self.classify_actions.fill_menu(bar.addMenu("&Classify"))
        self.rule_suggestions = RuleSuggestionsController(self)
        self.rule_suggestions.rulebook_did_change.connect(self.projects.keep_rulebook)
        self.rules_menu = self.rule_suggestions.fill_menu(bar.addMenu("&Rules"))
        self.projects.fill_scenario_menu(bar.addMenu("&Scenario"))
        view_menu = bar.addMenu("&View")
        for dock in (self.gap_dock, self.dashboard_dock, self.trajectory_dock, self.history_dock):
            toggle = dock.toggleViewAction()
            toggle.setToolTip(f"Show or hide the {dock.windowTitle()} panel")
            view_menu.addAction(toggle)
        view_menu.addSeparator()
        view_menu.addActions([self.briefing.pivot_action, self.briefing.allies_action])
        view_menu.addSeparator()
        self._build_theme_menu(view_menu.addMenu("&Theme"))
        self.planning_actions = PlanningActions(self, self.table_view.selected_lines)
        self.planning_actions.fill_menu(bar.addMenu("&Plan")).setToolTipsVisible(True)
        help_menu = bar.addMenu("&Help")
        self.help_actions = fill_help_menu(help_menu, self)  # help_menu.py: guide, glossary, keys
        for menu in (file_menu, edit_menu, view_menu, help_menu):
            menu.setToolTipsVisible(True)
        self._fill_recent_menu()

    def _build_theme_menu(self, menu) -> None:
        group = QActionGroup(self)
        current = self.settings.value("view/theme", "system")
        for theme in THEMES:
            action = menu.addAction(f"{theme.capitalize()}" + (" (follow the desktop)" if theme == "system" else ""))
            action.setCheckable(True)
            action.setChecked(theme == current)
            action.setToolTip(f"Use the {theme} colour theme")
            action.triggered.connect(lambda _c=False, t=theme: self._on_theme_chosen(t))
            group.addAction(action)

    def _build_status_bar(self) -> None:
        self.selection_label = QLabel()
        self.selection_label.setToolTip("Sum of the selected lines' amounts for the selected year "
                                        "(unreadable amounts left out)")
        self.year_combo = QComboBox()
        self.year_combo.setToolTip("The year the status bar, the lanes and the dashboard show")
        self.year_combo.currentIndexChanged.connect(self._on_year_combo_did_change)
        status = self.statusBar()
        status.addPermanentWidget(self.selection_label)
        status.addPermanentWidget(QLabel("Year:"))
        status.addPermanentWidget(self.year_combo)

    # --- opening ---------------------------------------------------------------------------
    def open_path(self, path: str) -> bool:
        """Open a project, or read a workbook off the GUI thread and show the import preview.
        Nothing is asked first: the open plan is already kept in its project."""
        if is_project_path(path):
            opened = self.projects.open_project(str(path))
            if opened:
                self._add_recent(str(path))
            return opened
        self._read(str(path), None)
        return True

    def _read(self, path: str, options: ImportOptions | None, fingerprint: str | None = None,
              first: ImportResult | None = None) -> None:
        name = os.path.basename(path)
        self.statusBar().showMessage(f"Reading {name}…")
        run_in_background(
            lambda progress, cancelled: read_budget_isolated(path, options, progress, cancelled),
            f"Reading {name}…", self,
            lambda result: self._on_read_did_finish(path, result, options, fingerprint),
            lambda error: self._on_read_did_fail(path, error, first, fingerprint),
            lambda: self.statusBar().showMessage("Import cancelled; nothing was opened.", 5000))

    def _on_read_did_finish(self, path: str, result: ImportResult,
                            options: ImportOptions | None, fingerprint: str | None) -> None:
        self.statusBar().clearMessage()
        if options is None:  # first read: a remembered correction for this layout applies
            fingerprint = layout_fingerprint(result.detection)
            remembered = recall_mapping(fingerprint, self.settings)
            if remembered is not None and options_to_json(remembered) != options_to_json(
                    ImportDialog.detected_options(result)):
                self._read(path, remembered, fingerprint, first=result)
                return
            self._show_import_preview(path, result, fingerprint, "")
            return
        self._show_import_preview(path, result, fingerprint,
                                  "Applied the corrections you made last time for files of this layout.")

    def _on_read_did_fail(self, path: str, error: BaseException, first: ImportResult | None,
                          fingerprint: str | None) -> None:
        self.statusBar().clearMessage()
        if first is not None and isinstance(error, PlannerError):  # the remembered mapping no longer fits
            self._show_import_preview(path, first, fingerprint,
                                      "The corrections remembered for this layout did not fit; showing what was detected.")
            return
        if isinstance(error, ImportCancelled):
            self.statusBar().showMessage("Import cancelled; nothing was opened.", 5000)
            return
        if not isinstance(error, PlannerError):
            report_unexpected(error, self)
            return
        if self._map_by_hand(path, str(error), recall=fingerprint is None):
            return
        self.open_did_fail.emit(gui_wording(str(error)))
        QMessageBox.warning(self, "Cannot open this file", gui_wording(str(error)))

    def _map_by_hand(self, path: str, failure: str, recall: bool) -> bool:
        """Detection failed on a readable sheet: apply a mapping remembered for this layout,
        or open the import preview for the user to map the columns; False if unreadable."""
        try:
            sheet = sheet_names(path)[0]
            cells = preview_cells(path, sheet, MANUAL_HEADER_ROWS)
        except PlannerError:
            return False
        if not any(any(c.strip() for c in row) for row in cells):
            return False
        if recall:
            for row in cells:
                fingerprint = headers_fingerprint(sheet, row)
                remembered = recall_mapping(fingerprint, self.settings)
                if remembered is not None and remembered.header_row == cells.index(row) + 1:
                    self._read(path, remembered, fingerprint)
                    return True
        dialog = ImportDialog(path, None, self, failure=failure)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.install_plan(path, dialog.result))
        dialog.resize(fit_screen(self, self.size() * 0.85))
        self.import_dialog = dialog
        dialog.open()
        self.import_preview_did_open.emit(dialog)
        return True

    def _show_import_preview(self, path: str, result: ImportResult, fingerprint: str | None,
                             note: str) -> None:
        dialog = ImportDialog(path, result, self, fingerprint=fingerprint, note=note)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.install_plan(path, dialog.result))
        dialog.resize(fit_screen(self, self.size() * 0.85))
        self.import_dialog = dialog
        dialog.open()
        self.import_preview_did_open.emit(dialog)

    def install_plan(self, path: str, result: ImportResult) -> PlanSession:
        """Make an imported budget the open plan, with fresh views over it."""
        self.import_dialog = None
        session = PlanSession(plan_from_import(result, path), path, self)
        self.projects.adopt_import(session, path, result)
        self._add_recent(path)
        return self.install_session(session, path)

    def install_session(self, session: PlanSession, path: str) -> PlanSession:
        """Make a plan (imported, or read from a project) the open one, with fresh views."""
        old, self.session = self.session, session
        self._show_panels(True)  # before sizing them: hidden docks ignore resizeDocks
        self._build_session_views(session)
        if old is not None:
            old.deleteLater()
        self._update_for_session()
        self._warn_missing_gdp(session)
        self.plan_did_open.emit(session)
        return session

    def _build_session_views(self, session: PlanSession) -> None:
        old_model, self.model = self.model, LineItemsTableModel(session, self)
        self.model.rows_did_filter.connect(self._on_rows_did_filter)
        self.model.edit_was_refused.connect(self._on_edit_was_refused)
        self.table_view.set_line_model(self.model)
        if old_model is not None:
            old_model.deleteLater()  # it holds the previous budget
        self.filter_edit.clear()
        self.filter_combo.setCurrentIndex(0)
        self.lanes = BucketLanesWidget(session)
        _replace_content(self.lanes_holder, self.lanes)
        self._build_charts(session)
        self.classify_actions.session = session
        self.claims.set_session(session)
        self.planning_actions.set_session(session)
        _replace_content(self.gap_dock.widget(), GapTableWidget(session))
        self.figure_menus.attach()  # the gap table's figures explain themselves too
        session.plan_did_change.connect(self._on_targets_may_change)
        self._on_targets_may_change()
        self.history_panel.set_session(session)
        session.history_did_change.connect(self._on_history_did_change)
        session.plan_did_change.connect(self._on_plan_did_change)
        session.selected_year_did_change.connect(self._on_selected_year_did_change)
        session.step_did_happen.connect(self._on_step_did_happen)
        self._fill_year_combo(session)
        self._apply_default_dock_sizes()
        self._on_rows_did_filter(self.model.rowCount(), len(session.plan.budget))

    def _build_charts(self, session: PlanSession) -> None:
        self.dashboard = _optional_widget(_dashboard_class, session,
                                          "The dashboard is not available in this build.")
        self.trajectory = _optional_widget(_trajectory_class, session,
                                           "The trajectory chart is not available in this build.")
        _replace_content(self.dashboard_dock.widget(), self.dashboard)
        _replace_content(self.trajectory_dock.widget(), self.trajectory)
        self.figure_menus = getattr(self, "figure_menus", None) or FigureMenus(self)
        self.figure_menus.attach()  # explain_targets.py: right-click "Explain …" on every figure

    def _on_theme_did_change(self) -> None:
        """pyqtgraph keeps the colours a chart was built with: after View > Theme > Dark the
        charts stayed white, so they are built again in the new palette."""
        self._charts_stale = False
        if self.session is not None:
            self._build_charts(self.session)

    def _warn_missing_gdp(self, session: PlanSession) -> None:
        missing = _missing_gdp_text(session)
        if missing:
            self.statusBar().showMessage(missing)

    def _on_step_did_happen(self, text: str) -> None:
        """The last step replaces whatever the status bar said (a GDP warning stayed after
        the GDP was entered, a 'Done' after its undo); a GDP still missing is said again."""
        missing = _missing_gdp_text(self.session) if self.session is not None else ""
        self.statusBar().showMessage(f"{text}  {missing}" if missing else text,
                                     0 if missing else 8000)

    # --- exporting ---------------------------------------------------------------------------
    def _on_export(self) -> None:
        if self.session is None:
            return
        source = Path(self.session.source_path or "plan")
        suggested = str(source.with_name(f"{source.stem}_revised.xlsx"))
        path, _ = QFileDialog.getSaveFileName(self, "Export revised plan", suggested,
                                              "Excel workbook (*.xlsx)")
        if not path:
            return
        self.export_to(path if path.lower().endswith(".xlsx") else path + ".xlsx")

    def export_to(self, path: str) -> None:
        """Write the revised plan off the GUI thread; the clean mark moves when it is written."""
        from ..io.plan_export import export_plan  # the exporter loads XlsxWriter: only when asked
        session = self.session
        source = os.path.basename(session.source_path)
        snapshot = session.plan.snapshot()  # taken here: edits during the export cannot race it
        run_in_background(
            lambda progress, cancelled: export_plan(snapshot, path, progress, cancelled,
                                                    source_name=source),
            f"Exporting {os.path.basename(path)}…", self,
            lambda _r: self._on_export_did_finish(session, path),
            self._on_export_did_fail,
            lambda: self._on_export_did_cancel())

    def _on_export_did_finish(self, session: PlanSession, path: str) -> None:
        session.mark_exported()
        self.statusBar().showMessage(f"Exported the revised plan to {path}", 8000)
        self.export_did_finish.emit(path)

    def _on_export_did_fail(self, error: BaseException) -> None:
        if isinstance(error, PlannerError):
            QMessageBox.warning(self, "Export failed", str(error))
        elif type(error).__name__ == "ExportCancelled":
            self._on_export_did_cancel()
        else:
            report_unexpected(error, self)

    def _on_save_chart_image(self, kind: str) -> None:
        widget = self.dashboard if kind == "dashboard" else self.trajectory
        if self.session is None or widget is None:
            return
        source = Path(self.session.source_path or "plan")
        path, _ = QFileDialog.getSaveFileName(
            self, f"Save {kind} image", str(source.with_name(f"{source.stem}_{kind}.png")),
            "PNG image (*.png);;SVG drawing (*.svg)")
        if path:
            self.save_chart_image(kind, path)

    def save_chart_image(self, kind: str, path: str) -> None:
        """The chart as the delegate sees it, written to PNG or SVG (by the name's ending)."""
        from .chart_images import save_chart_image
        widget = self.dashboard if kind == "dashboard" else self.trajectory
        try:
            written = save_chart_image(widget, path)
        except PlannerError as error:
            QMessageBox.warning(self, "Image not saved", str(error))
            return
        self.statusBar().showMessage(f"Saved the {kind} chart to {written}", 8000)

    def _on_export_did_cancel(self) -> None:
        self.statusBar().showMessage("Export cancelled; no file was written.", 5000)

    # --- closing -------------------------------------------------------------------------------
    def closeEvent(self, event: QCloseEvent) -> None:
        """Never asks: every change is already in the project (an untitled one is offered
        back at the next start)."""
        self.projects.shut_down()
        self._save_window()
        event.accept()

    # --- window state ---------------------------------------------------------------------------
    def _save_window(self) -> None:
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/state", self.saveState())
        self.settings.setValue("window/splitter", self.splitter.saveState())

    def _restore_window(self) -> None:
        geometry = self.settings.value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(fit_screen(self, QSize(1400, 900)))
        state = self.settings.value("window/state")
        if state is not None:
            self.restoreState(state)
        splitter = self.settings.value("window/splitter")
        if splitter is not None:
            self.splitter.restoreState(splitter)

    def recent_files(self) -> list[str]:
        value = self.settings.value("recent_files", [])
        return [value] if isinstance(value, str) else list(value or [])

    def _add_recent(self, path: str) -> None:
        path = os.path.abspath(path)
        files = [path] + [p for p in self.recent_files() if p != path]
        self.settings.setValue("recent_files", files[:MAX_RECENT])
        self._fill_recent_menu()

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        files = self.recent_files()
        for path in files:
            action = self.recent_menu.addAction(menu_text(os.path.basename(path)))
            action.setToolTip(path)
            action.triggered.connect(lambda _c=False, p=path: self.open_path(p))
        self.recent_menu.setEnabled(bool(files))
        self.welcome_page.set_recent_files(files)

    # --- reacting -------------------------------------------------------------------------------
    def _update_for_session(self) -> None:
        has_plan = self.session is not None
        self.pages.setCurrentIndex(1 if has_plan else 0)
        for action in (self.export_action, self.gdp_action, self.find_action):
            action.setEnabled(has_plan)
        self.briefing.set_session(self.session)
        for dock in self._panels():
            dock.setEnabled(has_plan)
        self._show_panels(has_plan)
        self._update_title()
        self._on_history_did_change()
        self._on_selection_did_change()

    def _panels(self) -> list[QDockWidget]:
        """Every dock of the window (gaps, dashboard, trajectory, history, checks, NATO
        categories and any added later): all of them wait for a plan."""
        return [dock for dock in self.findChildren(QDockWidget) if dock.parent() is self]

    def _show_panels(self, has_plan: bool) -> None:
        self._docks_hidden_for_welcome = show_docks_with_plan(
            self._panels(), has_plan, getattr(self, "_docks_hidden_for_welcome", []))

    def _update_title(self) -> None:
        name = self.projects.title() or (os.path.basename(self.session.source_path)
                                         if self.session else "")
        self.setWindowTitle(f"{name}[*] — {APP_NAME}" if name else f"{APP_NAME}[*]")

    def _on_history_did_change(self) -> None:
        stack = self.session.stack if self.session else None
        undo, redo = (stack.undo_label, stack.redo_label) if stack else (None, None)
        self.undo_action.setText(f"&Undo {menu_text(undo)}" if undo else "&Undo")
        self.redo_action.setText(f"&Redo {menu_text(redo)}" if redo else "&Redo")
        self.undo_action.setEnabled(undo is not None)
        self.redo_action.setEnabled(redo is not None)
        self.setWindowModified(bool(stack) and not stack.is_clean)

    def _on_plan_did_change(self, change) -> None:
        if change.figures_changed:  # the selection's sum: amounts or classification moved
            self._on_selection_did_change()

    def _on_selection_did_change(self) -> None:
        lines = self.table_view.selected_lines() if self.session else []
        self.classify_actions.set_enabled(len(lines) > 0)
        self.claims.on_selection_did_change(len(lines) > 0)
        self.selection_label.setText(self.selection_text())

    def selection_text(self) -> str:
        """'14 lines selected · 2026: EUR 12.35 million', as the status bar shows it."""
        if self.session is None:
            return ""
        lines = self.table_view.selected_lines()
        if not len(lines):
            return "No lines selected"
        budget, year = self.session.plan.budget, self.session.selected_year
        count = f"{len(lines):,} line{'s' if len(lines) != 1 else ''} selected"
        if year not in budget.years:
            return f"{count} · {year} is a planned year: its money is per sub-category"
        yi = budget.year_index(year)
        readable = ~budget.amount_errors[lines, yi]
        total = float(budget.amounts[lines[readable], yi].sum())
        text = f"{count} · {year}: {money_text(total, budget.source.currency)}"
        unreadable = int((~readable).sum())
        return text + (f" ({unreadable} unreadable left out)" if unreadable else "")

    def _on_targets_may_change(self, change=None) -> None:
        """Dock titles name the target year from the plan's settings."""
        if self.session is None or (change is not None and not _touches_targets(change)):
            return
        year = self.session.plan.targets.target_year
        self.gap_dock.setWindowTitle(f"Gaps to {year}")
        self.trajectory_dock.setWindowTitle(f"Trajectory to {year}")
        self._fill_year_combo(self.session)

    def _fill_year_combo(self, session: PlanSession) -> None:
        """Every year from the first budget year to the target year: 2030 and 2035 too."""
        self.year_combo.blockSignals(True)
        self.year_combo.clear()
        plan = session.plan
        for year in plan.trajectory_years:
            planned = plan.is_planned_year(year)
            self.year_combo.addItem(f"{year}{' (planned)' if planned else ''}", year)
        self.year_combo.setCurrentIndex(self.year_combo.findData(session.selected_year))
        self.year_combo.blockSignals(False)

    def _on_year_combo_did_change(self, index: int) -> None:
        if self.session is not None and index >= 0:
            self.session.select_year(int(self.year_combo.itemData(index)))

    def _on_selected_year_did_change(self, year: int) -> None:
        self.year_combo.blockSignals(True)
        self.year_combo.setCurrentIndex(self.year_combo.findData(year))
        self.year_combo.blockSignals(False)
        self._on_selection_did_change()

    def _on_edit_was_refused(self, sentence: str) -> None:
        self.statusBar().showMessage(f"Not changed: {sentence}", 10000)
        QMessageBox.warning(self, "Not changed", sentence)

    def _on_rows_did_filter(self, shown: int, total: int) -> None:
        self.filter_count_label.setText(f"{shown:,} of {total:,} lines")
        if self.session is not None:
            self.filter_count_label.setToolTip(
                f"Lines shown by the filter / the budget's {line_count_text(self.session.plan.budget)}")

    def _on_filter_text_timeout(self) -> None:
        if self.model is not None:
            self.model.set_filter(text=self.filter_edit.text())

    def _on_filter_kind_did_change(self, index: int) -> None:
        if self.model is not None and index >= 0:
            self.model.set_filter(line_filter=self.filter_combo.itemData(index))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.PaletteChange and self.model is not None:
            self.model.refresh_colours(self.palette())
            self.lanes.refresh_colours()
            if not self._charts_stale:  # one rebuild however many change events arrive
                self._charts_stale = True
                QTimer.singleShot(0, self._on_theme_did_change)
        super().changeEvent(event)

    # --- commands from menus ------------------------------------------------------------------
    def _on_open(self) -> None:
        start = os.path.dirname(self.recent_files()[0]) if self.recent_files() else ""
        path, _ = QFileDialog.getOpenFileName(self, "Open a project or a budget workbook", start,
                                              FILE_FILTER)
        if path:
            self.open_path(path)

    def _on_undo(self) -> None:
        if self.session is not None:
            self.session.undo()

    def _on_redo(self) -> None:
        if self.session is not None:
            self.session.redo()

    def _on_find(self) -> None:
        self.filter_edit.setFocus()
        self.filter_edit.selectAll()

    def _on_edit_gdp(self) -> None:
        if self.session is not None:
            GdpDialog(self.session, self).exec()

    def _on_theme_chosen(self, theme: str) -> None:
        self.settings.setValue("view/theme", theme)
        apply_theme(QApplication.instance(), theme)

    # --- dropping a file on the window -----------------------------------------------------------
    @staticmethod
    def _dropped_budget(event) -> str | None:
        for url in event.mimeData().urls() if event.mimeData().hasUrls() else []:
            if url.isLocalFile() and url.toLocalFile().lower().endswith(BUDGET_SUFFIXES):
                return url.toLocalFile()
        return None

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self._dropped_budget(event):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        path = self._dropped_budget(event)
        if path:
            event.acceptProposedAction()
            QTimer.singleShot(0, lambda: self.open_path(path))


def _touches_targets(change) -> bool:
    return "targets" in getattr(change, "kinds", ())


def _missing_gdp_text(session: PlanSession) -> str:
    missing = [str(y) for y in session.plan.years if session.plan.gdp_of(y) is None]
    if not missing:
        return ""
    return (f"No GDP for {', '.join(missing)}: percentages need it. "
            "Use Edit > GDP per year (Ctrl+G).")


def fit_screen(widget: QWidget, wanted: QSize) -> QSize:
    """At most 90% of the screen: at 200% scaling a 1400 x 900 window (and the import preview
    sized from it) ran off a 1920 x 1200 screen, hiding the Import button."""
    screen = widget.screen() or QGuiApplication.primaryScreen()
    if screen is None:
        return wanted
    room = screen.availableGeometry().size()
    return wanted.boundedTo(QSize(int(room.width() * 0.9), int(room.height() * 0.9)))


def _replace_content(holder: QWidget, widget: QWidget) -> None:
    layout = holder.layout()
    while layout.count():
        old = layout.takeAt(0).widget()
        if old is not None:
            old.deleteLater()
    layout.addWidget(widget)


def _dashboard_class() -> type:
    from .dashboard_widget import DashboardWidget
    return DashboardWidget


def _trajectory_class() -> type:
    from .trajectory_widget import TrajectoryWidget
    return TrajectoryWidget


def _optional_widget(load_class, session: PlanSession, missing: str) -> QWidget:
    """A chart built by another part of the app; a plain note when it is absent or broken."""
    try:
        return load_class()(session)
    except ImportError:
        pass
    except Exception as error:  # noqa: BLE001 - a broken chart must not stop the planner
        _log.exception("%s failed", getattr(load_class, "__name__", "a chart"))
        from .error_reporting import write_to_log
        write_to_log(error)
    label = QLabel(missing)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setWordWrap(True)
    return label


def _preload_charts() -> None:
    from . import dashboard_widget, trajectory_widget  # noqa: F401


def run_app(argv: list[str]) -> int:
    """Start the desktop app; `argv` may name a budget to open."""
    app = QApplication.instance()
    if app is None:
        app = QApplication([sys.argv[0], *argv])
        argv = app.arguments()[1:]  # Qt has taken its own options (-platform, -style ...)
    app.setOrganizationName(APP_NAME)
    app.setApplicationName("nato-planner")
    app.setApplicationDisplayName(APP_NAME)
    install_excepthook()
    settings = QSettings()
    apply_theme(app, str(settings.value("view/theme", "system")))
    follow_system_theme(app, lambda: str(QSettings().value("view/theme", "system")))
    window = MainWindow(settings)
    window.show()
    paths = [a for a in argv if not a.startswith("-")]
    if paths:
        QTimer.singleShot(0, lambda: window.open_path(paths[0]))
    else:
        QTimer.singleShot(0, window.projects.offer_recovery)
    # pyqtgraph takes ~1.5 s to import: load the charts while the window waits for a file,
    # so opening a plan is not slowed by it
    QTimer.singleShot(200, _preload_charts)
    return app.exec()
