"""The undo history as a list: every step by name, the current one marked; click to go there."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from .plan_session import PlanSession

START_LABEL = "Imported budget"
CURRENT_MARK = "▶ "


class HistoryPanelWidget(QWidget):
    def __init__(self, session: PlanSession | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session: PlanSession | None = None
        self.list = QListWidget()
        self.list.setToolTip("Every change, oldest first. Click a step to undo or redo back to it.")
        self.list.itemClicked.connect(self._on_item_clicked)
        self.hint = QLabel("Steps after the marked one are undone; they come back with Redo.")
        self.hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.list)
        layout.addWidget(self.hint)
        self.set_session(session)

    def set_session(self, session: PlanSession | None) -> None:
        self._session = session
        if session is not None:
            session.history_did_change.connect(self._on_history_did_change)
        self.refresh()

    @property
    def current_step(self) -> int:
        """0 is the imported budget; n means n steps done."""
        return len(self._session.stack.history) if self._session else 0

    def refresh(self) -> None:
        self.list.clear()
        if self._session is None:
            return
        done, future = self._session.stack.history, self._session.stack.future
        clean = self._session.stack.is_clean
        for step, label in enumerate([START_LABEL, *done, *future]):
            self.list.addItem(self._item(step, label, len(done), clean))
        self.list.scrollToItem(self.list.item(len(done)))

    def _item(self, step: int, label: str, current: int, clean: bool) -> QListWidgetItem:
        item = QListWidgetItem((CURRENT_MARK if step == current else "   ") + label)
        item.setData(Qt.ItemDataRole.UserRole, step)
        if step == current:
            font = QFont(item.font())
            font.setBold(True)
            item.setFont(font)
            state = "exported" if clean else "not yet exported"
            item.setToolTip(f"Current state ({state})")
        elif step > current:
            item.setForeground(self.palette().color(QPalette.ColorGroup.Disabled,
                                                    QPalette.ColorRole.Text))
            item.setToolTip("Undone: click to redo up to here")
        else:
            item.setToolTip("Click to undo back to here")
        return item

    def go_to_step(self, step: int) -> None:
        """Undo or redo until `step` steps are done."""
        if self._session is not None:
            self._session.go_to_step(step)

    def _on_item_clicked(self, item: QListWidgetItem) -> None:
        self.go_to_step(int(item.data(Qt.ItemDataRole.UserRole)))

    def _on_history_did_change(self) -> None:
        self.refresh()
