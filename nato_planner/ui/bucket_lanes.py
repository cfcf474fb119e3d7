"""Three lanes beside the table: drop selected lines on one to reclassify them (one undo step).

Each lane shows its live total for the selected year, read from the engine (plan.figures),
never added up here.
"""
from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QFont, QPalette
from PySide6.QtWidgets import QFrame, QLabel, QSizePolicy, QVBoxLayout, QWidget

from ..core.commands import Change, ClassifyLines
from ..core.pledge import PledgeTargets, YearFigures
from ..core.taxonomy import Bucket
from .line_items_model import decode_lines, tinted_brushes
from ..core.money import money_text
from .money_text import percent_text
from .plan_session import PlanSession

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
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)
        self.setToolTip(f"Drop selected lines here to classify them as {bucket.label} "
                        f"(or press {_SHORTCUTS[bucket]}). One drop is one undo step.")
        self.title_label = QLabel(bucket.label)
        font = QFont(self.title_label.font())
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.title_label.setFont(font)
        self.total_label, self.pct_label, self.count_label = QLabel(), QLabel(), QLabel()
        layout = QVBoxLayout(self)
        for label in (self.title_label, self.total_label, self.pct_label, self.count_label):
            label.setWordWrap(True)
            layout.addWidget(label)
        layout.addStretch(1)
        self._set_highlight(False)

    def show_figures(self, figures: YearFigures, currency: str | None, lines: int,
                     targets: PledgeTargets) -> None:
        total = {Bucket.CORE: figures.core, Bucket.SECURITY: figures.security,
                 Bucket.NOT_COUNTED: figures.not_counted}[self.bucket]
        self.total_label.setText(f"{figures.year}: {money_text(total, currency)}")
        self.pct_label.setText(self._pct_text(figures, targets))
        self.count_label.setText(f"{lines:,} line{'s' if lines != 1 else ''}")

    def _pct_text(self, figures: YearFigures, targets: PledgeTargets) -> str:
        if self.bucket == Bucket.NOT_COUNTED:
            return "Counts nowhere (includes uncounted shares)"
        if figures.gdp is None:
            return f"% of GDP: n/a (no GDP for {figures.year})"
        if self.bucket == Bucket.CORE:
            return f"{percent_text(figures.core_pct_gdp)} of GDP (floor {targets.core_floor_pct:g}%)"
        text = f"{percent_text(figures.security_pct_gdp)} of GDP (ceiling {targets.security_ceiling_pct:g}%)"
        return text + (" — excess not counted" if figures.security_excess > 0 else "")

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
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        heading = QLabel("Drag lines onto a lane")
        heading.setToolTip("Select rows in the table and drag them onto a lane to reclassify them")
        layout.addWidget(heading)
        for lane in self._lanes.values():
            lane.lines_did_drop.connect(self._on_lines_did_drop)
            layout.addWidget(lane, 1)
        self.unclassified_label = QLabel()
        self.unclassified_label.setWordWrap(True)
        self.unclassified_label.setToolTip("Lines still to classify count nowhere yet")
        layout.addWidget(self.unclassified_label)
        self.setMinimumWidth(self._readable_width())
        session.plan_did_change.connect(self._on_plan_did_change)
        session.selected_year_did_change.connect(self._on_selected_year_did_change)
        self.refresh()

    def _readable_width(self) -> int:
        """Wide enough for 'Security-related' on one line and the % line on two at most: in
        the 1/6 of the window the splitter gave at 1400 px, both wrapped and were clipped."""
        lane = self._lanes[Bucket.SECURITY]
        title = lane.title_label.fontMetrics().horizontalAdvance(Bucket.SECURITY.label)
        pct = lane.pct_label.fontMetrics().horizontalAdvance("00.00% of GDP (ceiling")
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
            f"Unclassified: {money_text(figures.unclassified, currency)} "
            f"in {int(counts[Bucket.UNCLASSIFIED]):,} lines still to classify")
