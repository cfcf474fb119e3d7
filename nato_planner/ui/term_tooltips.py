"""Every domain term on screen explains itself on hover: labels, buttons and column headers
that name a glossary term (floor, ceiling, counted share, credible path...) get the term's
definition and source from core/glossary.py, the same table as Help > Glossary.

Applied from outside to the widgets other modules build, so new panels get it too.
"""
from __future__ import annotations

import re

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QAbstractButton, QGroupBox, QHeaderView, QLabel, QToolTip, QWidget

from ..core.glossary import term_on_screen

_TAGS = re.compile(r"<[^>]+>")
MARK = "Source: "  # a tooltip that already cites a source is left as it is


def _visible_text(widget: QWidget) -> str:
    if isinstance(widget, QGroupBox):
        return widget.title()
    return _TAGS.sub(" ", widget.text()) if hasattr(widget, "text") else ""


def add_term_tooltips(root: QWidget) -> int:
    """Give every label and button under `root` naming a term its glossary tooltip; returns
    how many widgets got one. Column headers answer through HeaderTermTips."""
    count = 0
    for widget in [root, *root.findChildren(QWidget)]:
        if isinstance(widget, QHeaderView):
            if not widget.property("term_tips"):
                widget.setProperty("term_tips", True)
                widget.viewport().installEventFilter(HeaderTermTips(widget))
            continue
        if not isinstance(widget, (QLabel, QAbstractButton, QGroupBox)):
            continue
        entry = term_on_screen(_visible_text(widget))
        tip = widget.toolTip()
        if entry is None or MARK in tip:
            continue
        widget.setToolTip(f"{tip}\n\n{entry.tooltip_text()}" if tip else entry.tooltip_text())
        count += 1
    return count


class HeaderTermTips(QObject):
    """A column header naming a term ("Counted share", "Challenge risk") shows its meaning."""

    def __init__(self, header: QHeaderView) -> None:
        super().__init__(header)
        self.header = header

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.ToolTip:
            return False
        horizontal = self.header.orientation() == Qt.Orientation.Horizontal
        text = self.section_text(event.pos().x() if horizontal else event.pos().y())
        entry = term_on_screen(text) if text else None
        if entry is None:
            return False  # the model's own tooltip, if any
        QToolTip.showText(event.globalPos(), f"{text}: {entry.tooltip_text()}", self.header)
        return True

    def section_text(self, position: int) -> str:
        section = self.header.logicalIndexAt(position)
        model = self.header.model()
        if section < 0 or model is None:
            return ""
        value = model.headerData(section, self.header.orientation())
        return str(value or "")
