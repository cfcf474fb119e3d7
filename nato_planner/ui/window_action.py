"""One way to make a window-wide menu action, for the feature modules that add menus
(planning, rules, briefing): label, shortcut, a tip that names the shortcut, a handler."""
from __future__ import annotations

from typing import Callable

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget


def window_action(window: QWidget, text: str, shortcut: str | None, tip: str,
                  handler: Callable[[], object]) -> QAction:
    """An action owned by `window` whose shortcut works wherever the focus is in it."""
    action = QAction(text, window)
    if shortcut:
        action.setShortcut(QKeySequence(shortcut))
    action.setToolTip(f"{tip} ({shortcut})" if shortcut else tip)
    action.setStatusTip(tip)
    action.triggered.connect(lambda _checked=False: handler())
    window.addAction(action)
    return action
