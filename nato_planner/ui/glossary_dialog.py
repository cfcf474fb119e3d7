"""Help > Glossary and Help > Keyboard shortcuts.

The glossary shows core/glossary.py, the table the tooltips read; the shortcut sheet is built
from the window's actual QActions, so it cannot list a key the window does not have.
"""
from __future__ import annotations

import html

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QHeaderView, QLineEdit, QListWidget, QListWidgetItem, QSplitter,
    QTableWidget, QTableWidgetItem, QTextBrowser, QVBoxLayout, QWidget,
)

from ..core.glossary import TERMS, Term


def term_html(entry: Term) -> str:
    return (f"<h2>{html.escape(entry.name)}</h2><p><b>{html.escape(entry.tooltip)}</b></p>"
            f"<p>{html.escape(entry.definition)}</p>"
            f"<p><i>Source: {html.escape(entry.source)}.</i></p>")


class GlossaryDialog(QDialog):
    """Every term on screen: pick one on the left, read it on the right; type to filter."""

    def __init__(self, parent: QWidget | None = None, key: str | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("GlossaryDialog")
        self.setWindowTitle("Glossary")
        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText("Find a term (e.g. ceiling)")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.textChanged.connect(self._on_filter_text_did_change)
        self.term_list = QListWidget()
        self.term_list.setObjectName("GlossaryTerms")
        for entry in sorted(TERMS, key=lambda t: t.name.lower()):
            item = QListWidgetItem(entry.name)
            item.setData(Qt.ItemDataRole.UserRole, entry)
            item.setToolTip(entry.tooltip_text())
            self.term_list.addItem(item)
        self.term_list.currentItemChanged.connect(self._on_term_did_change)
        self.text = QTextBrowser()
        self.text.setObjectName("GlossaryText")
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.term_list)
        splitter.addWidget(self.text)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([240, 460])
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.filter_edit)
        layout.addWidget(splitter, 1)
        layout.addWidget(buttons)
        self.show_term(key or "counted")

    def sizeHint(self) -> QSize:
        return QSize(760, 520)

    def show_term(self, key: str) -> None:
        for row in range(self.term_list.count()):
            if self.term_list.item(row).data(Qt.ItemDataRole.UserRole).key == key:
                self.term_list.setCurrentRow(row)
                return

    def shown_term(self) -> Term | None:
        item = self.term_list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def _on_term_did_change(self, item: QListWidgetItem | None, _previous=None) -> None:
        self.text.setHtml(term_html(item.data(Qt.ItemDataRole.UserRole)) if item else "")

    def _on_filter_text_did_change(self, text: str) -> None:
        needle = text.strip().lower()
        for row in range(self.term_list.count()):
            item = self.term_list.item(row)
            entry: Term = item.data(Qt.ItemDataRole.UserRole)
            hay = f"{entry.name} {entry.tooltip} {entry.definition}".lower()
            item.setHidden(bool(needle) and needle not in hay)
        visible = [self.term_list.item(r) for r in range(self.term_list.count())
                   if not self.term_list.item(r).isHidden()]
        if visible and (self.term_list.currentItem() is None or self.term_list.currentItem().isHidden()):
            self.term_list.setCurrentItem(visible[0])


def shortcut_rows(window: QWidget) -> list[tuple[str, str]]:
    """(keys, what they do) for every action of the window that has a shortcut."""
    rows: dict[tuple[str, str], None] = {}
    for action in window.findChildren(QAction):
        for sequence in action.shortcuts():
            keys = sequence.toString(QKeySequence.SequenceFormat.NativeText)
            label = action.text().replace("&", "").rstrip("…").strip()
            if keys and label:
                rows[(keys, action.statusTip() or label)] = None
    return sorted(rows, key=lambda r: (r[1].lower(), r[0]))


class ShortcutSheetDialog(QDialog):
    def __init__(self, window: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent or window)
        self.setObjectName("ShortcutSheetDialog")
        self.setWindowTitle("Keyboard shortcuts")
        rows = shortcut_rows(window)
        self.table = QTableWidget(len(rows), 2)
        self.table.setHorizontalHeaderLabels(["Keys", "What they do"])
        for row, (keys, what) in enumerate(rows):
            self.table.setItem(row, 0, QTableWidgetItem(keys))
            self.table.setItem(row, 1, QTableWidgetItem(what))
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)

    def sizeHint(self) -> QSize:
        return QSize(560, 520)
