"""In-cell editors: a bucket combo, the bucket's sub-categories, and typed shares and amounts.

Shares and amounts are typed in plain line edits, not spin boxes: a spin box capped at 100%
dropped the last digit of '150' and saved 15%, and one capped at 1e15 cut '1e20' without a
word. The text goes to the model whole; core refuses what no budget can hold, with a sentence.
"""
from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QModelIndex, Qt
from PySide6.QtWidgets import (
    QComboBox, QLineEdit, QStyledItemDelegate, QStyleOptionViewItem, QWidget,
)

from ..core.claims import DECLARATION_CATEGORIES, RISK_MEANING, Risk
from ..core.taxonomy import NO_SUBCATEGORY, SUBCATEGORIES, Bucket, subcategories_of
from ..io.number_text import NotANumber, parse_number_text
from .actual_years import confirm_actual_year_edit
from .line_items_model import ColumnKind, LineItemsTableModel

_SHOWN = "text_shown"  # the editor's text when it opened: untouched editors change nothing
_NUMBER_KINDS = (ColumnKind.SHARE, ColumnKind.AMOUNT)


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
        if kind == ColumnKind.RISK:
            return self._combo(parent, [("(not rated)", int(Risk.NONE))] + [
                (f"{r.label}: {RISK_MEANING[r]}", int(r))
                for r in (Risk.LOW, Risk.MEDIUM, Risk.HIGH)], "Challenge risk of this claim")
        if kind == ColumnKind.DECLARATION:
            return self._declaration_combo(parent)
        if kind == ColumnKind.SHARE:
            return self._number_edit(parent, "Part of the line that counts, 0 to 100 (%)")
        if kind == ColumnKind.AMOUNT:
            return self._number_edit(parent, "Amount in the column's unit (see the header)")
        return super().createEditor(parent, option, index)

    @staticmethod
    def _combo(parent: QWidget, items: list[tuple[str, int]], tip: str) -> QComboBox:
        combo = QComboBox(parent)
        for text, value in items:
            combo.addItem(text, value)
        combo.setToolTip(tip)
        return combo

    @staticmethod
    def _declaration_combo(parent: QWidget) -> QComboBox:
        """The six categories, or any text typed in: an 'inter alia' claim and its reason."""
        combo = QComboBox(parent)
        combo.setEditable(True)
        combo.addItems(["", *DECLARATION_CATEGORIES])
        combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        combo.setToolTip("Declaration category; type another ('inter alia') with its reason")
        combo.setMinimumContentsLength(28)
        return combo

    @staticmethod
    def _number_edit(parent: QWidget, tip: str) -> QLineEdit:
        edit = QLineEdit(parent)
        edit.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        edit.setToolTip(tip)
        return edit

    def setEditorData(self, editor: QWidget, index: QModelIndex) -> None:
        value = index.data(Qt.ItemDataRole.EditRole)
        if isinstance(editor, QComboBox) and editor.isEditable():
            editor.setCurrentText(str(value or ""))
        elif isinstance(editor, QComboBox):
            editor.setCurrentIndex(max(0, editor.findData(value)))
        elif isinstance(editor, QLineEdit) and self._kind(index) in _NUMBER_KINDS:
            editor.setText(f"{float(value):.12g}")
            editor.setProperty(_SHOWN, editor.text())
            editor.selectAll()
        else:
            super().setEditorData(editor, index)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: QModelIndex) -> None:
        if isinstance(editor, QComboBox) and editor.isEditable():
            model.setData(index, editor.currentText(), Qt.ItemDataRole.EditRole)
        elif isinstance(editor, QComboBox):
            model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)
        elif isinstance(editor, QLineEdit) and self._kind(index) in _NUMBER_KINDS:
            self._set_number(editor.text(), editor, model, index)
        else:
            super().setModelData(editor, model, index)

    def _set_number(self, text: str, editor: QWidget, model: QAbstractItemModel,
                    index: QModelIndex) -> None:
        if text == editor.property(_SHOWN):
            return  # opened and left as shown: keep the exact amount, not its rounded display
        try:
            value = parse_number_text(text.replace("%", "")) if text.strip() else None
        except NotANumber:
            value = None
        if value is None:
            self._model.edit_was_refused.emit(f"'{text}' is not a number: nothing changed. "
                                              "Type e.g. 1250.5 (or 40 for a 40% share).")
            return
        column = self._model.columns[index.column()]
        budget = self._model.session.plan.budget
        if column.kind == ColumnKind.AMOUNT and not confirm_actual_year_edit(editor, budget,
                                                                             column.year):
            return
        self._model.actual_year_confirmed = True  # asked just now: the command may proceed
        try:
            model.setData(index, value, Qt.ItemDataRole.EditRole)
        finally:
            self._model.actual_year_confirmed = False
