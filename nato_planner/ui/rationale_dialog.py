"""Write one rationale for a selection; the command records who wrote it and when."""
from __future__ import annotations

import numpy as np
from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QVBoxLayout, QWidget,
)

from ..core.budget import Budget
from ..core.commands import current_user


class RationaleDialog(QDialog):
    def __init__(self, budget: Budget, lines: np.ndarray, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Rationale")
        count = len(lines)
        what = f"'{budget.descriptions[lines[0]]}'" if count == 1 else f"{count:,} selected lines"
        intro = QLabel(f"Why is {what} classified this way? The rationale travels with the "
                       "line into the exported plan.")
        intro.setWordWrap(True)
        self.editor = QPlainTextEdit(self._common_text(budget, lines))
        self.editor.setToolTip("One rationale for every selected line (replaces what they had)")
        self.editor.setPlaceholderText("e.g. Border guard: 40% trained and equipped as a "
                                       "military force (NATO definition, pro rata)")
        previous = self._previous_author(budget, lines)
        footer = QLabel(f"{previous}Will be recorded as {current_user()}, now.")
        footer.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (intro, self.editor, footer, buttons):
            layout.addWidget(widget)

    @staticmethod
    def _common_text(budget: Budget, lines: np.ndarray) -> str:
        texts = set(budget.rationales[lines].tolist())
        return texts.pop() if len(texts) == 1 else ""

    @staticmethod
    def _previous_author(budget: Budget, lines: np.ndarray) -> str:
        author, time = budget.rationale_authors[lines[0]], budget.rationale_times[lines[0]]
        return f"Last written by {author}, {time}. " if author else ""

    @property
    def text(self) -> str:
        return self.editor.toPlainText().strip()

    @classmethod
    def ask(cls, budget: Budget, lines: np.ndarray, parent: QWidget | None) -> str | None:
        """The rationale the user typed, or None when they cancelled."""
        dialog = cls(budget, lines, parent)
        return dialog.text if dialog.exec() == QDialog.DialogCode.Accepted else None
