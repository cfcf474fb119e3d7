"""The Explain panel: a figure's formula with this plan's numbers, the lines behind it (sortable;
double-click jumps to the line in the main table), the GDP and its source, the assumptions.

The text comes from core/explain.py, built from the engine's figures: this module only shows it.
`attach_explain_menu` adds "Explain …" to the right-click menu of any figure widget.
"""
from __future__ import annotations

from typing import Callable

import numpy as np
from PySide6.QtCore import QAbstractTableModel, QEvent, QModelIndex, QObject, QPoint, QSize, Qt, Signal
from PySide6.QtGui import QAction, QFont, QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView, QAbstractSpinBox, QComboBox, QLineEdit, QPlainTextEdit, QTextEdit, QDialog, QHBoxLayout, QHeaderView, QLabel, QMenu, QPushButton,
    QSplitter, QTableView, QVBoxLayout, QWidget,
)

from ..core.explain import FIGURES, Explanation, explain, explanation_text
from ..core.glossary import term, tooltip
from ..core.money import amount_text, share_text
from ..core.taxonomy import subcategory_label, Bucket
from .plan_session import PlanSession

COLUMNS = ("Row", "Code", "Description", "Classification", "Sub-category", "Share", "Amount",
           "Counts")


class LinesBehindModel(QAbstractTableModel):
    """The lines behind a figure; sorts inside the model with numpy (100k lines stay fast)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._budget = None
        self._lines = np.zeros(0, dtype=np.intp)
        self._amounts = self._counted = np.zeros(0)
        self._order = np.zeros(0, dtype=np.intp)
        self._currency = ""

    def set_explanation(self, budget, explanation: Explanation) -> None:
        self.beginResetModel()
        self._budget = budget
        self._currency = budget.source.currency or ""
        behind = explanation.behind
        self._lines, self._amounts, self._counted = behind.lines, behind.amounts, behind.counted
        self._order = np.argsort(-np.abs(self._counted), kind="stable")  # biggest first
        self.endResetModel()

    def line_at(self, row: int) -> int:
        return int(self._lines[self._order[row]])

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._order)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            unit = f" ({self._currency})" if self._currency and section >= 6 else ""
            return COLUMNS[section] + unit
        return None

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        i = self._order[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (0, 5, 6, 7):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        b, line = self._budget, int(self._lines[i])
        return (lambda: str(b.source_rows[line]), lambda: str(b.codes[line]),
                lambda: str(b.descriptions[line]), lambda: Bucket(int(b.buckets[line])).label,
                lambda: subcategory_label(int(b.subcategories[line])) or "",
                lambda: share_text(float(b.shares[line])),
                lambda: amount_text(float(self._amounts[i])),
                lambda: amount_text(float(self._counted[i])))[column]()

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        b, lines = self._budget, self._lines
        if b is None:
            return
        keys = (lambda: b.source_rows[lines], lambda: b.codes[lines].astype(str),
                lambda: b.descriptions[lines].astype(str), lambda: b.buckets[lines],
                lambda: b.subcategories[lines], lambda: b.shares[lines],
                lambda: self._amounts, lambda: self._counted)[column]()
        self.layoutAboutToBeChanged.emit()
        self._order = np.argsort(keys, kind="stable")
        if order == Qt.SortOrder.DescendingOrder:
            self._order = self._order[::-1]
        self.layoutChanged.emit()


class ExplainPanel(QWidget):
    """One figure of one year, explained; the figure and year can be changed in place."""

    line_did_activate = Signal(int)  # a budget line index
    term_did_request = Signal(str)  # a glossary key

    def __init__(self, session: PlanSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ExplainPanel")
        self.session = session
        self.explanation: Explanation | None = None
        self.figure_combo = QComboBox()
        for key, (title, _terms) in FIGURES.items():
            self.figure_combo.addItem(title, key)
        self.figure_combo.setToolTip("The figure to explain")
        self.year_combo = QComboBox()
        for year in session.plan.trajectory_years:
            self.year_combo.addItem(str(year), year)
        self.year_combo.setToolTip("The year: budget years, then planned years to "
                                   f"{session.plan.targets.target_year}")
        self.figure_combo.currentIndexChanged.connect(lambda _i: self.refresh())
        self.year_combo.currentIndexChanged.connect(lambda _i: self.refresh())
        self.title_label = QLabel()
        font = QFont(self.title_label.font())
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.title_label.setFont(font)
        self.title_label.setWordWrap(True)
        self.formula_label = _text_label()
        mono = QFont("DejaVu Sans Mono")
        mono.setStyleHint(QFont.StyleHint.Monospace)
        self.formula_label.setFont(mono)
        self.gdp_label = _text_label()
        self.note_label = _text_label()
        self.assumptions_label = _text_label()
        self.terms_row = QHBoxLayout()
        self.lines_heading = QLabel()
        self.lines_model = LinesBehindModel(self)
        self.lines_view = QTableView()
        self.lines_view.setObjectName("LinesBehind")
        self.lines_view.setModel(self.lines_model)
        self.lines_view.setSortingEnabled(True)
        self.lines_view.setWordWrap(False)
        self.lines_view.verticalHeader().setDefaultSectionSize(
            self.lines_view.fontMetrics().height() + 8)
        self.lines_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.lines_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.lines_view.verticalHeader().hide()
        self.lines_view.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.lines_view.setToolTip("Double-click a line to select it in the main table")
        self.lines_view.doubleClicked.connect(self._on_line_double_clicked)
        self.lines_view.activated.connect(self._on_line_double_clicked)
        self.copy_button = QPushButton("Copy explanation")
        self.copy_button.setToolTip("Copy the formula, GDP and assumptions as text, for a brief")
        self.copy_button.clicked.connect(self._on_copy)
        self._lay_out()

    def _lay_out(self) -> None:
        pick = QHBoxLayout()
        pick.addWidget(QLabel("Figure:"))
        pick.addWidget(self.figure_combo, 1)
        pick.addWidget(QLabel("Year:"))
        pick.addWidget(self.year_combo)
        pick.addWidget(self.copy_button)
        top = QWidget()
        upper = QVBoxLayout(top)
        upper.setContentsMargins(0, 0, 0, 0)
        for widget in (self.title_label, self.formula_label, self.gdp_label, self.note_label):
            upper.addWidget(widget)
        upper.addWidget(_bold("Assumptions used"))
        upper.addWidget(self.assumptions_label)
        upper.addLayout(self.terms_row)
        bottom = QWidget()
        lower = QVBoxLayout(bottom)
        lower.setContentsMargins(0, 0, 0, 0)
        lower.addWidget(self.lines_heading)
        lower.addWidget(self.lines_view, 1)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(top)
        splitter.addWidget(bottom)
        splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(pick)
        layout.addWidget(splitter, 1)

    # --- showing -------------------------------------------------------------------------------
    def show_figure(self, figure: str, year: int) -> None:
        for combo, value in ((self.figure_combo, figure), (self.year_combo, year)):
            combo.blockSignals(True)
            combo.setCurrentIndex(max(0, combo.findData(value)))
            combo.blockSignals(False)
        self.refresh()

    def refresh(self) -> None:
        figure, year = self.figure_combo.currentData(), self.year_combo.currentData()
        if figure is None or year is None:
            return
        e = explain(self.session.plan, int(year), figure)
        self.explanation = e
        self.title_label.setText(f"{e.title}: {e.value}")
        self.formula_label.setText("\n".join(e.formula))
        self.gdp_label.setText(e.gdp)
        self.note_label.setText(e.behind.note)
        self.note_label.setVisible(bool(e.behind.note))
        self.assumptions_label.setText("\n".join(f"• {a}" for a in e.assumptions))
        self._show_terms(e.terms)
        self.lines_model.set_explanation(self.session.plan.budget, e)
        header = self.lines_view.horizontalHeader()
        header.blockSignals(True)  # the model already sorted, biggest first
        header.setSortIndicator(7, Qt.SortOrder.DescendingOrder)
        header.blockSignals(False)
        count = len(e.behind.lines)
        self.lines_heading.setText(
            f"<b>The lines behind it</b> ({count:,} line{'s' if count != 1 else ''}"
            f"{f', amounts of {e.behind.year}' if e.behind.year is not None else ''}; "
            "double-click one to find it in the table)" if count else
            "<b>No budget lines</b> add up to this figure directly.")
        self._size_columns(e)

    def _size_columns(self, e: Explanation) -> None:
        """Widths from the widest values, measured once: resizeColumnToContents asks data()
        for a thousand rows per column (2.5 s on 100k lines). Long sub-category names elide;
        the description is what a delegate reads first."""
        b, lines = self.session.plan.budget, e.behind.lines
        widest = {0: str(int(b.source_rows[lines].max())) if len(lines) else "0",
                  1: max(map(str, b.codes[lines[:2000]]), key=len, default=""),
                  3: "Security-related", 5: "100.25%",
                  6: amount_text(float(np.abs(e.behind.amounts).max(initial=0)) * -1),
                  7: amount_text(float(np.abs(e.behind.counted).max(initial=0)) * -1)}
        metrics, header = self.lines_view.fontMetrics(), self.lines_view.horizontalHeader()
        for column, text in widest.items():
            width = max(metrics.horizontalAdvance(text) + 16, header.sectionSizeHint(column))
            self.lines_view.setColumnWidth(column, width)
        self.lines_view.setColumnWidth(4, 150)

    def _show_terms(self, keys: tuple[str, ...]) -> None:
        while self.terms_row.count():
            widget = self.terms_row.takeAt(0).widget()
            if widget is not None:
                widget.deleteLater()
        self.terms_row.addWidget(QLabel("Terms:"))
        for key in keys:
            button = QPushButton(term(key).name)
            button.setFlat(True)
            button.setToolTip(tooltip(key))
            button.clicked.connect(lambda _c=False, k=key: self.term_did_request.emit(k))
            self.terms_row.addWidget(button)
        self.terms_row.addStretch(1)

    def text(self) -> str:
        return explanation_text(self.explanation) if self.explanation else ""

    def _on_line_double_clicked(self, index: QModelIndex) -> None:
        if index.isValid():
            self.line_did_activate.emit(self.lines_model.line_at(index.row()))

    def _on_copy(self) -> None:
        QGuiApplication.clipboard().setText(self.text())


class ExplainDialog(QDialog):
    """The panel in a window of its own, non-modal: it stays open beside the plan."""

    def __init__(self, session: PlanSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ExplainDialog")
        self.setWindowTitle("Explain this figure")
        self.panel = ExplainPanel(session, self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.panel)
        session.plan_did_change.connect(lambda _change: self.panel.refresh())

    def sizeHint(self) -> QSize:
        return QSize(920, 640)


def _text_label() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def _bold(text: str) -> QLabel:
    return QLabel(f"<b>{text}</b>")


# --- "Explain …" in a figure's right-click menu ------------------------------------------------
TEXT_INPUTS = (QLineEdit, QAbstractSpinBox, QComboBox, QPlainTextEdit, QTextEdit)
FigurePicker = Callable[[QWidget, QPoint], "list[tuple[str, int]]"]


class ExplainMenuFilter(QObject):
    """Right-click on a figure widget (or any widget inside it): a menu of the figures it
    shows, each opening the Explain panel. `pick` names the figures under the pointer."""

    def __init__(self, pick: FigurePicker, open_explain: Callable[[str, int], None],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pick = pick
        self.open_explain = open_explain
        self.watched: list[QWidget] = []

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.ContextMenu or not isinstance(watched, QWidget):
            return False
        menu = self.menu_for(watched, event.pos())
        if menu is None:
            return False
        menu.exec(event.globalPos())
        return True

    def menu_for(self, widget: QWidget, pos: QPoint) -> QMenu | None:
        figures = self.pick(widget, pos)
        if not figures:
            return None
        menu = QMenu(widget)
        for figure, year in figures:
            action = QAction(f"Explain {FIGURES[figure][0].lower()} ({year})…", menu)
            action.setToolTip(f"Show how {FIGURES[figure][0].lower()} is computed")
            action.triggered.connect(lambda _c=False, f=figure, y=year: self.open_explain(f, y))
            menu.addAction(action)
        return menu


def attach_explain_menu(root: QWidget, pick: FigurePicker,
                        open_explain: Callable[[str, int], None]) -> ExplainMenuFilter:
    """Watch `root` and every widget inside it (chart viewports too) for a right-click."""
    watcher = ExplainMenuFilter(pick, open_explain, root)
    for widget in [root, *root.findChildren(QWidget)]:
        if isinstance(widget, TEXT_INPUTS) or isinstance(widget.parentWidget(), TEXT_INPUTS):
            continue  # a field keeps its own menu: cut, copy, paste
        widget.installEventFilter(watcher)
        watcher.watched.append(widget)
        if hasattr(widget, "setMenuEnabled"):  # a pyqtgraph chart: our menu replaces its own
            widget.setMenuEnabled(False)
    return watcher
