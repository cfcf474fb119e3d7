"""Three lanes beside the table: drop selected lines on one to reclassify them (one undo step).

Each lane shows its live total for the selected year, read from the engine (plan.figures),
never added up here.
"""
from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QFont, QPalette
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QSizePolicy, QVBoxLayout, QWidget

from ..core.commands import Change, ClassifyLines
from ..core.pledge import PledgeTargets, YearFigures
from ..core.taxonomy import Bucket
from .line_items_model import decode_lines, tinted_brushes
from ..core.money import money_text
from .money_text import percent_text
from .plan_session import PlanSession
from .target_words import TargetWords
from .wording import count_text

LANE_BUCKETS = (Bucket.CORE, Bucket.SECURITY, Bucket.NOT_COUNTED)
_SHORTCUTS = {Bucket.CORE: "Ctrl+1", Bucket.SECURITY: "Ctrl+2", Bucket.NOT_COUNTED: "Ctrl+3"}


class BucketLaneFrame(QFrame):
    """One drop target: its bucket's name, total, share of GDP and line count."""

    lines_did_drop = Signal(object, object)  # Bucket, np.ndarray of line indices

    def __init__(self, bucket: Bucket, line_count: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bucket, self._line_count = bucket, line_count
        self.setAcceptDrops(True)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        # never shorter than its text: squeezed at 1366x768, the cards drew lines over each other
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        self.setToolTip(f"Drop selected lines here to classify them as {bucket.label} "
                        f"(or press {_SHORTCUTS[bucket]}). One drop is one undo step.")
        self.title_label = QLabel(bucket.label)
        font = QFont(self.title_label.font())
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.title_label.setFont(font)
        self.total_label, self.pct_label, self.count_label = QLabel(), QLabel(), QLabel()
        layout = QVBoxLayout(self)
        layout.setSpacing(2)
        for label in (self.title_label, self.total_label, self.pct_label, self.count_label):
            layout.addWidget(label)  # one line each: a wrapped label's height is not reserved
        self._set_highlight(False)

    def show_figures(self, figures: YearFigures, currency: str | None, lines: int,
                     targets: PledgeTargets) -> None:
        total = {Bucket.CORE: figures.core, Bucket.SECURITY: figures.security,
                 Bucket.NOT_COUNTED: figures.not_counted}[self.bucket]
        self.total_label.setText(f"{figures.year}: {money_text(total, currency)}")
        self.pct_label.setText(self._pct_text(figures, targets))
        self.count_label.setText(count_text(lines, "line"))

    def _pct_text(self, figures: YearFigures, targets: PledgeTargets) -> str:
        words = TargetWords.of(targets)
        if self.bucket == Bucket.NOT_COUNTED:
            self.pct_label.setToolTip("Counts nowhere, including the uncounted part of lines "
                                      "counted only in part")
            return "Counts nowhere"
        if figures.gdp is None:
            return f"% of GDP: n/a (no GDP)"
        if self.bucket == Bucket.CORE:
            return f"{percent_text(figures.core_pct_gdp)} of GDP · floor {words.floor}"
        excess = figures.security_excess > 0
        self.pct_label.setToolTip("Security-related money above the ceiling does not count"
                                  if excess else "")
        return (f"{percent_text(figures.security_pct_gdp)} of GDP · ceiling {words.ceiling}"
                + ("!" if excess else ""))

    def drop_mime(self, mime) -> bool:
        """Hand the dragged lines on; False when the drag carries none of ours."""
        lines = decode_lines(mime, self._line_count)
        if lines is None:
            return False
        self.lines_did_drop.emit(self.bucket, lines)
        return True

    def _set_highlight(self, on: bool) -> None:
        palette = self.palette()
        brush = tinted_brushes(self.window().palette() if self.window() else palette)[int(self.bucket)]
        colour = brush.color().darker(115) if on else brush.color()
        palette.setColor(QPalette.ColorRole.Window, colour)
        self.setPalette(palette)
        self.setFrameShadow(QFrame.Shadow.Sunken if on else QFrame.Shadow.Raised)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if decode_lines(event.mimeData(), self._line_count) is not None:
            event.setDropAction(Qt.DropAction.CopyAction)
            event.accept()
            self._set_highlight(True)

    def dragLeaveEvent(self, event) -> None:
        self._set_highlight(False)

    def dropEvent(self, event: QDropEvent) -> None:
        self._set_highlight(False)
        if self.drop_mime(event.mimeData()):
            event.setDropAction(Qt.DropAction.CopyAction)
            event.accept()


class BucketLanesWidget(QWidget):
    def __init__(self, session: PlanSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        budget = session.plan.budget
        self._lanes = {b: BucketLaneFrame(b, len(budget), self) for b in LANE_BUCKETS}
        cards = QWidget()
        layout = QVBoxLayout(cards)
        layout.setContentsMargins(0, 0, 0, 0)
        heading = QLabel("Drag lines onto a lane")
        heading.setToolTip("Select rows in the table and drag them onto a lane to reclassify them")
        layout.addWidget(heading)
        for lane in self._lanes.values():
            lane.lines_did_drop.connect(self._on_lines_did_drop)
            layout.addWidget(lane)
        self.unclassified_label = QLabel()
        self.unclassified_label.setToolTip("Lines still to classify count nowhere yet")
        layout.addWidget(self.unclassified_label)
        layout.addStretch(1)
        scroll = QScrollArea()  # on a short screen the cards scroll instead of overlapping
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(cards)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        self.setMinimumWidth(self._readable_width() + scroll.verticalScrollBar().sizeHint().width())
        self.setMaximumWidth(int(self.minimumWidth() * 1.25))  # the table keeps the room
        session.plan_did_change.connect(self._on_plan_did_change)
        session.selected_year_did_change.connect(self._on_selected_year_did_change)
        self.refresh()

    def _readable_width(self) -> int:
        """Wide enough for every line of a card unwrapped: in the 1/6 of the window the
        splitter gave at 1400 px, wrapped lines were clipped and overlapped."""
        lane = self._lanes[Bucket.SECURITY]
        words = TargetWords.of(self._session.plan.targets)
        title = lane.title_label.fontMetrics().horizontalAdvance(Bucket.SECURITY.label)
        pct = lane.pct_label.fontMetrics().horizontalAdvance(
            f"00.00% of GDP · ceiling {words.ceiling}!")
        margins = lane.contentsMargins()
        inner = lane.layout().contentsMargins()
        return max(title, pct) + margins.left() + margins.right() + inner.left() + inner.right() + 4

    def lane(self, bucket: Bucket) -> BucketLaneFrame:
        return self._lanes[bucket]

    def drop_lines(self, bucket: Bucket, lines: np.ndarray) -> Change:
        """Reclassify the dropped lines: one command, so one undo step."""
        plan = self._session.plan
        return self._session.execute(ClassifyLines(plan, lines, bucket))

    def _on_lines_did_drop(self, bucket: Bucket, lines: np.ndarray) -> None:
        self.drop_lines(bucket, lines)

    def _on_plan_did_change(self, change: Change) -> None:
        if change.figures_changed:  # a rationale or a hold changes no total
            self.refresh()

    def _on_selected_year_did_change(self, year: int) -> None:
        self.refresh()

    def refresh_colours(self) -> None:
        for lane in self._lanes.values():
            lane._set_highlight(False)

    def refresh(self) -> None:
        plan = self._session.plan
        if not plan.years:
            return
        figures = plan.figures(self._session.selected_year)
        counts = np.bincount(plan.budget.buckets.astype(np.intp), minlength=len(Bucket))
        currency = plan.budget.source.currency
        for bucket, lane in self._lanes.items():
            lane.show_figures(figures, currency, int(counts[bucket]), plan.targets)
        self.unclassified_label.setText(
            f"Unclassified: {money_text(figures.unclassified, currency)}\n"
            f"{count_text(int(counts[Bucket.UNCLASSIFIED]), 'line')} to classify")
