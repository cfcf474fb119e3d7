"""The table delegates work in: row selection, header sorting, drag to a lane, context menu."""
from __future__ import annotations

import numpy as np
from PySide6.QtCore import QItemSelection, QItemSelectionModel, Qt, Signal
from PySide6.QtGui import QContextMenuEvent, QDrag, QFont, QFontMetrics
from PySide6.QtWidgets import QAbstractButton, QAbstractItemView, QHeaderView, QMenu, QTableView, QWidget

from .classify_actions import ClassifyActions
from .line_items_delegate import LineItemsDelegate
from .line_items_model import ColumnKind, LineItemsTableModel, encode_lines

# Typical widths in characters, so columns scale with the font (200% displays included).
_WIDTH_CHARS = {ColumnKind.CODE: 8, ColumnKind.DESCRIPTION: 26, ColumnKind.ORGANISATION: 10,
                ColumnKind.COFOG: 5, ColumnKind.BUCKET: 15, ColumnKind.SUBCATEGORY: 14,
                ColumnKind.SHARE: 6, ColumnKind.RATIONALE: 12, ColumnKind.AMOUNT: 10,
                ColumnKind.CHANGED: 30, ColumnKind.DECLARATION: 16, ColumnKind.RISK: 8,
                ColumnKind.EVIDENCE: 12, ColumnKind.SUGGESTION: 34}


class LineItemsTableView(QTableView):
    selected_lines_did_change = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.classify_actions: ClassifyActions | None = None
        self.claim_actions = None  # claim_actions.ClaimActions, set by the window
        self._selected_cache: np.ndarray | None = None  # valid until selection or order changes
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setDragEnabled(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                             | QAbstractItemView.EditTrigger.EditKeyPressed
                             | QAbstractItemView.EditTrigger.AnyKeyPressed)
        self.setWordWrap(False)
        self.setToolTip("Line items: select rows, then classify them from the right-click menu, "
                        "with Ctrl+1/2/3/0, or drag them onto a lane. Double-click a cell to edit.")
        rows = self.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(int(self.fontMetrics().height() * 1.5))
        self.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.horizontalHeader().setSortIndicatorShown(True)
        self.horizontalHeader().setSectionsClickable(True)
        self.horizontalHeader().setSectionsMovable(True)
        corner = self.findChild(QAbstractButton)
        if corner is not None:
            corner.setToolTip("Select every line shown (Ctrl+A)")
        self.horizontalHeader().setToolTip("Click a column header to sort by it")

    def set_line_model(self, model: LineItemsTableModel) -> None:
        self._selected_cache = None
        self.setModel(model)
        self.setItemDelegate(LineItemsDelegate(model, self))
        self.setSortingEnabled(True)
        header = self.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setMinimumHeight(int(self.fontMetrics().height() * 2.6))  # two-line year headers
        self._size_columns(model)
        self.selectionModel().selectionChanged.connect(self._on_selection_did_change)
        model.modelReset.connect(self._on_rows_did_change)
        model.layoutChanged.connect(self._forget_selection)
        model.rows_will_sort.connect(self._on_rows_will_sort)
        model.rows_did_sort.connect(self._on_rows_did_sort)
        model.suggestions_did_change.connect(lambda: self._show_suggestions(model))

    def _show_suggestions(self, model: LineItemsTableModel) -> None:
        column = model.column_of(ColumnKind.SUGGESTION)
        self.setColumnHidden(column, model.column_is_empty(column))

    def _size_columns(self, model: LineItemsTableModel) -> None:
        """Widths from the font (so 200% scaling stays readable); headers never clipped."""
        char = self.fontMetrics().averageCharWidth()
        bold = QFont(self.horizontalHeader().font())
        bold.setBold(True)
        header_metrics = QFontMetrics(bold)
        for column, spec in enumerate(model.columns):
            title = str(model.headerData(column, Qt.Orientation.Horizontal))
            widest = max(header_metrics.horizontalAdvance(t) for t in title.split("\n"))
            self.setColumnWidth(column, max(_WIDTH_CHARS[spec.kind] * char, widest + 2 * char,
                                            self._content_width(model, spec.kind)))
            self.setColumnHidden(column, model.column_is_empty(column))

    def _content_width(self, model: LineItemsTableModel, kind: ColumnKind) -> int:
        """Codes shown whole: '212-3456-78' was cut to '212-...'. The longest code (up to
        40 characters) sets the width; measured on the longest few, not on every line."""
        if kind != ColumnKind.CODE or not len(model.session.plan.budget):
            return 0
        codes = model.session.plan.budget.codes.astype(str)
        lengths = np.char.str_len(codes)
        longest = codes[np.argsort(lengths)[-20:]]
        metrics = self.fontMetrics()
        widest = max(metrics.horizontalAdvance(str(c)[:40]) for c in longest)
        return widest + 2 * metrics.averageCharWidth()

    def line_model(self) -> LineItemsTableModel:
        return self.model()

    def selected_lines(self) -> np.ndarray:
        """Line indices of the selected rows, read from selection ranges (fast at 100k rows)."""
        model = self.model()
        if model is None:
            return np.empty(0, dtype=np.intp)
        if self._selected_cache is None:
            self._selected_cache = self._read_selected_lines(model)
        return self._selected_cache.copy()

    def _read_selected_lines(self, model: LineItemsTableModel) -> np.ndarray:
        ranges = self.selectionModel().selection()
        tops = np.fromiter((r.top() for r in ranges), dtype=np.intp, count=len(ranges))
        bottoms = np.fromiter((r.bottom() for r in ranges), dtype=np.intp, count=len(ranges))
        if not len(tops):
            return np.empty(0, dtype=np.intp)
        lengths = bottoms - tops + 1
        starts = np.repeat(tops - (np.cumsum(lengths) - lengths), lengths)
        return np.unique(model.lines_at(starts + np.arange(int(lengths.sum()))))

    def _forget_selection(self, *_args) -> None:
        self._selected_cache = None

    def _on_rows_did_change(self) -> None:
        self._selected_cache = None
        self.selected_lines_did_change.emit()

    def select_lines(self, lines) -> None:
        """Select the rows showing `lines`, as few contiguous ranges as possible."""
        model, selection = self.model(), QItemSelection()
        rows = model.rows_of(np.asarray(lines, dtype=np.intp).ravel())
        rows = np.unique(rows[rows >= 0])
        last = model.columnCount() - 1
        for first, final in _runs(rows):
            selection.select(model.index(first, 0), model.index(final, last))
        flags = QItemSelectionModel.SelectionFlag.ClearAndSelect
        self.selectionModel().select(selection, flags)

    def _on_rows_will_sort(self) -> None:
        self._parked_lines = self.selected_lines()
        current = self.currentIndex()
        self._parked_current = (self.model().line_at(current.row()), current.column()) \
            if current.isValid() else None
        self.selectionModel().blockSignals(True)
        self.selectionModel().clear()
        self.selectionModel().blockSignals(False)

    def _on_rows_did_sort(self) -> None:
        if self._parked_current is not None:
            line, column = self._parked_current
            index = self.model().index(self.model().row_of(line), column)
            self.selectionModel().setCurrentIndex(index, QItemSelectionModel.SelectionFlag.NoUpdate)
        self.select_lines(self._parked_lines)

    def _on_selection_did_change(self, selected, deselected) -> None:
        self._selected_cache = None
        self.selected_lines_did_change.emit()

    def startDrag(self, supported_actions: Qt.DropAction) -> None:
        lines = self.selected_lines()
        if not len(lines):
            return
        drag = QDrag(self)
        drag.setMimeData(encode_lines(lines))
        drag.exec(Qt.DropAction.CopyAction)

    def build_context_menu(self) -> QMenu:
        menu = QMenu(self)
        if self.classify_actions is not None:
            count = len(self.selected_lines())
            title = menu.addAction(f"{count:,} line{'s' if count != 1 else ''} selected")
            title.setEnabled(False)
            self.classify_actions.fill_menu(menu)
        if self.claim_actions is not None:
            menu.addSeparator()
            self.claim_actions.fill_menu(menu.addMenu("Claim"), with_plan_actions=False)
        return menu

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        if self.model() is not None and len(self.selected_lines()):
            self.build_context_menu().exec(event.globalPos())


def _runs(rows: np.ndarray) -> list[tuple[int, int]]:
    """Sorted rows as (first, last) runs of consecutive rows."""
    if not len(rows):
        return []
    breaks = np.flatnonzero(np.diff(rows) > 1)
    starts = np.concatenate(([rows[0]], rows[breaks + 1]))
    ends = np.concatenate((rows[breaks], [rows[-1]]))
    return list(zip(starts.tolist(), ends.tolist()))
