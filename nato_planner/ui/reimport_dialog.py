"""Review a revised budget before it replaces the plan's lines: what is new, removed and
changed, and how many lines keep their classification. Nothing changes until Apply."""
from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QLabel, QListWidget, QTabWidget, QVBoxLayout, QWidget,
)

from ..core.reimport import ReimportReview

SHOWN = 2000  # a list longer than this says how many more there are


class ReimportDialog(QDialog):
    def __init__(self, review: ReimportReview, source_name: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Re-import {source_name}")
        summary = QLabel(
            f"<b>{source_name}</b> replaces the plan's lines. {review.carried:,} line"
            f"{'s keep' if review.carried != 1 else ' keeps'} its classification, share, "
            f"rationale and hold (matched by code, or by description where there is no "
            f"code). {len(review.added):,} new, {len(review.removed):,} removed, "
            f"{len(review.changed):,} changed. Apply is one step: Undo puts everything back.")
        summary.setWordWrap(True)
        self.tabs = QTabWidget()
        for title, items, empty in (("New lines", review.added, "No new line."),
                                    ("Removed lines", review.removed, "No line removed."),
                                    ("Changed lines", review.changed, "No amount changed.")):
            self.tabs.addTab(_listing(items, empty), f"{title} ({len(items):,})")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Apply
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Apply).clicked.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addWidget(self.tabs)
        layout.addWidget(buttons)
        self.resize(760, 520)


def _listing(items: list[str], empty: str) -> QListWidget:
    listing = QListWidget()
    listing.addItems(items[:SHOWN] or [empty])
    if len(items) > SHOWN:
        listing.addItem(f"… and {len(items) - SHOWN:,} more")
    return listing
