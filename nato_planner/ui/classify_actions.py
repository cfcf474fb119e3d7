"""Reclassify a selection from a menu or the keyboard: one command per action, one undo step.

The same QActions sit in the Classify menu and the table's context menu, so the shortcut a
delegate sees in one works everywhere.
"""
from __future__ import annotations

from typing import Callable

import numpy as np
from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QInputDialog, QMenu, QMessageBox, QWidget

from ..core.commands import ClassifyLines, SetHolds, SetRationale, SetShares
from ..core.edit_checks import ImplausibleEdit, check_share_percent
from ..core.taxonomy import NO_SUBCATEGORY, SUBCATEGORIES, Bucket, subcategories_of
from .plan_session import PlanSession
from .rationale_dialog import RationaleDialog
from .wording import count_text

BUCKET_SHORTCUTS = {Bucket.CORE: "Ctrl+1", Bucket.SECURITY: "Ctrl+2",
                    Bucket.NOT_COUNTED: "Ctrl+3", Bucket.UNCLASSIFIED: "Ctrl+0"}
_BUCKET_TIPS = {
    Bucket.CORE: "Counts toward the core defence floor (NATO definition)",
    Bucket.SECURITY: "Counts toward the defence- and security-related ceiling",
    Bucket.NOT_COUNTED: "Counts nowhere toward the pledge",
    Bucket.UNCLASSIFIED: "Back to the to-do list: counts nowhere yet",
}
SelectedLines = Callable[[], np.ndarray]


def menu_text(text: str) -> str:
    """Text shown as is in a menu: Qt reads '&' as a mnemonic ('Networks & cyber' showed
    as 'Networks _cyber'), '&&' is a literal ampersand."""
    return text.replace("&", "&&")


class ClassifyActions(QObject):
    """The reclassification actions for whatever lines `selected_lines()` returns."""

    def __init__(self, selected_lines: SelectedLines, parent: QWidget,
                 session: PlanSession | None = None) -> None:
        super().__init__(parent)
        self.session, self._selected_lines, self._parent = session, selected_lines, parent
        self.bucket_actions = {b: self._bucket_action(b) for b in BUCKET_SHORTCUTS}
        self.subcategory_actions = {i: self._subcategory_action(i) for i in range(len(SUBCATEGORIES))}
        self.share_action = self._action("Set counted share…", "Ctrl+Shift+P",
                                         "Set the part of the selected lines that counts (0-100 %)",
                                         self._on_set_share)
        self.rationale_action = self._action("Edit rationale…", "Ctrl+R",
                                             "Write why the selected lines are classified this way",
                                             self._on_edit_rationale)
        self.hold_action = self._action("Hold", "Ctrl+H", "Keep the selected lines' amounts fixed "
                                        "when a dragged total is spread", lambda: self._on_hold(True))
        self.release_action = self._action("Release", "Ctrl+Shift+H", "Let spreading change the "
                                           "selected lines again", lambda: self._on_hold(False))

    def _action(self, text: str, shortcut: str, tip: str, handler) -> QAction:
        action = QAction(text, self._parent)
        action.setShortcut(QKeySequence(shortcut))
        action.setToolTip(f"{tip} ({shortcut})")
        action.setStatusTip(tip)
        action.triggered.connect(handler)
        self._parent.addAction(action)  # shortcuts work wherever the window has focus
        return action

    def _bucket_action(self, bucket: Bucket) -> QAction:
        text = "Mark Unclassified" if bucket == Bucket.UNCLASSIFIED else f"Classify as {bucket.label}"
        return self._action(text, BUCKET_SHORTCUTS[bucket], _BUCKET_TIPS[bucket],
                            lambda: self.classify(bucket))

    def _subcategory_action(self, index: int) -> QAction:
        sub = SUBCATEGORIES[index]
        action = QAction(menu_text(sub.label), self._parent)
        action.setStatusTip(f"Classify the selected lines as {sub.bucket.label}: {sub.label}")
        action.setToolTip(action.statusTip())
        action.triggered.connect(lambda: self.classify(sub.bucket, index))
        return action

    # --- menus ---------------------------------------------------------------------------
    def fill_menu(self, menu: QMenu) -> QMenu:
        for bucket in (Bucket.CORE, Bucket.SECURITY, Bucket.NOT_COUNTED, Bucket.UNCLASSIFIED):
            menu.addAction(self.bucket_actions[bucket])
            if bucket in (Bucket.CORE, Bucket.SECURITY):
                submenu = menu.addMenu(f"{bucket.label} sub-category")
                submenu.setToolTipsVisible(True)
                for index in subcategories_of(bucket):
                    submenu.addAction(self.subcategory_actions[index])
        menu.addSeparator()
        menu.addActions([self.share_action, self.rationale_action])
        menu.addSeparator()
        menu.addActions([self.hold_action, self.release_action])
        menu.setToolTipsVisible(True)
        return menu

    def set_enabled(self, has_selection: bool) -> None:
        for action in self.all_actions():
            action.setEnabled(has_selection)

    def all_actions(self) -> list[QAction]:
        return [*self.bucket_actions.values(), *self.subcategory_actions.values(),
                self.share_action, self.rationale_action, self.hold_action, self.release_action]

    # --- handlers ------------------------------------------------------------------------
    def _lines(self) -> np.ndarray:
        """The selection, or nothing when no plan is open."""
        if self.session is None:
            return np.empty(0, dtype=np.intp)
        return np.asarray(self._selected_lines(), dtype=np.intp)

    def classify(self, bucket: Bucket, subcategory: int | None = None) -> None:
        lines = self._lines()
        if len(lines):
            sub = NO_SUBCATEGORY if subcategory is None and bucket not in (
                Bucket.CORE, Bucket.SECURITY) else subcategory
            self.session.execute(ClassifyLines(self.session.plan, lines, bucket, sub))

    def _on_set_share(self) -> None:
        lines = self._lines()
        if not len(lines):
            return
        current = float(np.median(self.session.plan.budget.shares[lines]) * 100)
        # a wide range: a box capped at 100 turned a typed 150 into 15 without a word
        value, ok = QInputDialog.getDouble(
            self._parent, "Counted share",
            f"Part of the {count_text(len(lines), 'selected line')} that counts (0 to 100 %):",
            current, -1e9, 1e9, 1)
        if not ok:
            return
        try:
            share = check_share_percent(value)
        except ImplausibleEdit as error:
            QMessageBox.warning(self._parent, "Share not changed", str(error))
            return
        self.session.execute(SetShares(self.session.plan, lines, share))

    def _on_edit_rationale(self) -> None:
        lines = self._lines()
        if not len(lines):
            return
        text = RationaleDialog.ask(self.session.plan.budget, lines, self._parent)
        if text is not None:
            self.session.execute(SetRationale(self.session.plan, lines, text))

    def _on_hold(self, hold: bool) -> None:
        lines = self._lines()
        if len(lines):
            self.session.execute(SetHolds(self.session.plan, lines, hold))
