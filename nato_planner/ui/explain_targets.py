"""Which figure is under the pointer: the right-click menus of the lanes, the dashboard (its
gauges, gaps and years table) and the trajectory chart, each opening the Explain panel.

The figure widgets belong to other modules; this one only watches them (event filters), so
they need no Explain code of their own.
"""
from __future__ import annotations

from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QTableWidget, QWidget

from ..core.taxonomy import Bucket
from .explain_panel import ExplainDialog, attach_explain_menu
from .term_tooltips import add_term_tooltips

LANE_FIGURES = {
    Bucket.CORE: ("core", "core_gap", "counted"),
    Bucket.SECURITY: ("security", "security_gap", "counted"),
    Bucket.NOT_COUNTED: ("not_counted",),
    Bucket.UNCLASSIFIED: ("unclassified",),
}
DASHBOARD_FIGURES = ("counted", "core", "security", "total_gap", "core_gap", "security_gap",
                     "equipment_share", "gdp", "credible_path")
GAP_LABEL_FIGURES = {"core": "core_gap", "security": "security_gap", "total": "total_gap"}
YEARS_TABLE_ROWS = ("counted", "core", "credible_path")  # the dashboard's years table rows
# the gap table's columns: Year, Core gap, Security room, Total gap, Real growth, On path
GAP_TABLE_COLUMNS = ("counted", "core_gap", "security_gap", "total_gap", "real_growth",
                     "credible_path")
GAP_TABLE_FIGURES = ("total_gap", "core_gap", "security_gap", "counted", "real_growth",
                     "credible_path")
TRAJECTORY_FIGURES = ("counted", "credible_path", "core", "security", "total_gap", "real_growth",
                      "gdp")


def _ancestors(widget: QWidget, root: QWidget) -> list[QWidget]:
    chain = []
    while widget is not None and widget is not root:
        chain.append(widget)
        widget = widget.parentWidget()
    return chain + [root]


def _first_then_rest(first: tuple[str, ...], rest: tuple[str, ...], year: int):
    ordered = list(dict.fromkeys(first + rest))
    return [(figure, year) for figure in ordered]


class FigureMenus:
    """Right-click "Explain …" on every figure widget of an open plan's window."""

    def __init__(self, window) -> None:
        self.window = window
        self.dialog: ExplainDialog | None = None
        self.filters: dict[str, object] = {}  # which widget -> its menu filter (tests use it)

    # --- opening -------------------------------------------------------------------------------
    def open_explain(self, figure: str, year: int) -> ExplainDialog:
        session = self.window.session
        if self.dialog is None or self.dialog.panel.session is not session:
            if self.dialog is not None:
                self.dialog.deleteLater()
            self.dialog = ExplainDialog(session, self.window)
            self.dialog.panel.line_did_activate.connect(self.jump_to_line)
            self.dialog.panel.term_did_request.connect(self._on_term_requested)
        self.dialog.panel.show_figure(figure, year)
        self.dialog.show()
        self.dialog.raise_()
        return self.dialog

    def jump_to_line(self, line: int) -> None:
        """Select the line in the main table, clearing a filter that hides it."""
        window, model = self.window, self.window.model
        if model is None:
            return
        if model.row_of(line) < 0:
            window.filter_edit.clear()
            window.filter_combo.setCurrentIndex(0)
            model.set_filter(text="")
        window.table_view.select_lines([line])
        row = model.row_of(line)
        if row >= 0:
            window.table_view.scrollTo(model.index(row, 0))
        window.activateWindow()

    def _on_term_requested(self, key: str) -> None:
        from .help_menu import open_glossary
        open_glossary(self.window, key)

    # --- attaching ------------------------------------------------------------------------------
    def attach(self) -> None:
        w = self.window
        gap_dock = getattr(w, "gap_dock", None)
        gap_table = gap_dock.widget().findChild(QTableWidget) if gap_dock is not None else None
        for name, widget, pick in (("lanes", getattr(w, "lanes", None), self._pick_lane),
                                   ("gap_table", gap_table, self._pick_gap_table),
                                   ("dashboard", w.dashboard, self._pick_dashboard),
                                   ("trajectory", w.trajectory, self._pick_trajectory)):
            if widget is not None and not widget.property("explain_attached"):
                widget.setProperty("explain_attached", True)
                self.filters[name] = attach_explain_menu(widget, pick, self.open_explain)
        add_term_tooltips(w)  # the new panels name floor, ceiling, credible path...

    @property
    def _year(self) -> int:
        return self.window.session.selected_year

    def _pick_lane(self, widget: QWidget, pos: QPoint):
        for ancestor in _ancestors(widget, self.window.lanes):
            bucket = getattr(ancestor, "bucket", None)
            if bucket is not None and bucket in LANE_FIGURES:
                return _first_then_rest(LANE_FIGURES[bucket], (), self._year)
        return [(f, self._year) for f in ("counted", "unclassified")]

    def _pick_dashboard(self, widget: QWidget, pos: QPoint):
        dashboard = self.window.dashboard
        for key, label in getattr(dashboard, "gap_labels", {}).items():
            if widget is label:
                return _first_then_rest((GAP_LABEL_FIGURES[key],), DASHBOARD_FIGURES, self._year)
        table = getattr(dashboard, "years_table", None)
        if table is not None and widget is table.viewport():
            picked = _table_cell_figure(table, pos, YEARS_TABLE_ROWS)
            if picked:
                return picked
        if widget is getattr(getattr(dashboard, "equipment_plot", None), "viewport", lambda: None)():
            return _first_then_rest(("equipment_share",), DASHBOARD_FIGURES, self._year)
        return _first_then_rest((), DASHBOARD_FIGURES, self._year)

    def _pick_gap_table(self, widget: QWidget, pos: QPoint):
        table = widget.parentWidget()
        if isinstance(table, QTableWidget):
            item = table.itemAt(pos)
            year = item.data(0x0100) if item is not None else None  # Qt.UserRole: the year
            if isinstance(year, int):
                column = min(item.column(), len(GAP_TABLE_COLUMNS) - 1)
                return _first_then_rest((GAP_TABLE_COLUMNS[column],), GAP_TABLE_FIGURES, year)
        return _first_then_rest((), GAP_TABLE_FIGURES, self._year)

    def _pick_trajectory(self, widget: QWidget, pos: QPoint):
        year = _chart_year(widget, pos) or self._year
        if year not in self.window.session.plan.trajectory_years:
            year = self._year
        return _first_then_rest((), TRAJECTORY_FIGURES, year)


def _table_cell_figure(table: QTableWidget, pos: QPoint, rows: tuple[str, ...]):
    item = table.itemAt(pos)
    if item is None:
        return None
    year = item.data(0x0100)  # Qt.UserRole: the column's year
    if not isinstance(year, int) or item.row() >= len(rows):
        return None
    return _first_then_rest((rows[item.row()],), ("counted", "core", "credible_path"), year)


def _chart_year(widget: QWidget, pos: QPoint) -> int | None:
    """The year under the pointer on a pyqtgraph chart whose x axis is years."""
    view = widget.parentWidget()
    plot_item = getattr(view, "getPlotItem", lambda: None)()
    if plot_item is None:
        return None
    point = plot_item.getViewBox().mapSceneToView(view.mapToScene(pos))
    return int(round(point.x()))
