"""In-cell editors: a bucket combo, the bucket's sub-categories, a 0-100 % spin box, amounts."""
from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QModelIndex, Qt
from PySide6.QtWidgets import (
    QComboBox, QDoubleSpinBox, QStyledItemDelegate, QStyleOptionViewItem, QWidget,
)

from ..core.taxonomy import NO_SUBCATEGORY, SUBCATEGORIES, Bucket, subcategories_of
from .line_items_model import ColumnKind, LineItemsTableModel

_AMOUNT_LIMIT = 1e15
_SHOWN = "value_shown"  # the editor's value when it opened: untouched editors change nothing


class LineItemsDelegate(QStyledItemDelegate):
    def __init__(self, model: LineItemsTableModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._model = model

    def _kind(self, index: QModelIndex) -> ColumnKind:
        return self._model.columns[index.column()].kind

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem,
                     index: QModelIndex) -> QWidget:
        kind = self._kind(index)
        if kind == ColumnKind.BUCKET:
            return self._combo(parent, [(b.label, int(b)) for b in Bucket],
                               "Classification of this line")
        if kind == ColumnKind.SUBCATEGORY:
            line = self._model.line_at(index.row())
            bucket = Bucket(int(self._model.session.plan.budget.buckets[line]))
            items = [("(no sub-category)", NO_SUBCATEGORY)] + [
                (SUBCATEGORIES[i].label, i) for i in subcategories_of(bucket)]
            return self._combo(parent, items, f"{bucket.label} sub-category of this line")
        if kind == ColumnKind.SHARE:
            return self._spin(parent, 0.0, 100.0, 2, " %", "Part of the line that counts")
        if kind == ColumnKind.AMOUNT:
            return self._spin(parent, -_AMOUNT_LIMIT, _AMOUNT_LIMIT, 1, "",
                              "Amount in the column's unit (see the header)")
        return super().createEditor(parent, option, index)

    @staticmethod
    def _combo(parent: QWidget, items: list[tuple[str, int]], tip: str) -> QComboBox:
        combo = QComboBox(parent)
        for text, value in items:
            combo.addItem(text, value)
        combo.setToolTip(tip)
        return combo

    @staticmethod
    def _spin(parent: QWidget, low: float, high: float, decimals: int, suffix: str,
              tip: str) -> QDoubleSpinBox:
        spin = QDoubleSpinBox(parent)
        spin.setRange(low, high)
        spin.setDecimals(decimals)
        spin.setSuffix(suffix)
        spin.setGroupSeparatorShown(True)
        spin.setToolTip(tip)
        return spin

    def setEditorData(self, editor: QWidget, index: QModelIndex) -> None:
        value = index.data(Qt.ItemDataRole.EditRole)
        if isinstance(editor, QComboBox):
            editor.setCurrentIndex(max(0, editor.findData(value)))
        elif isinstance(editor, QDoubleSpinBox):
            editor.setValue(float(value))
            editor.setProperty(_SHOWN, editor.value())
        else:
            super().setEditorData(editor, index)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: QModelIndex) -> None:
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)
        elif isinstance(editor, QDoubleSpinBox):
            editor.interpretText()
            if editor.value() == editor.property(_SHOWN):
                return  # opened and left as shown: keep the exact amount, not its rounded display
            model.setData(index, editor.value(), Qt.ItemDataRole.EditRole)
        else:
            super().setModelData(editor, model, index)
