"""Bars a delegate can drag: pyqtgraph's BarGraphItem has no drag, so this small item draws
bars itself and turns a mouse drag into three signals: a value while dragging, the value on
release, and a cancel (Esc or right-click, delivered by `DragCancelFilter`).

The item never touches the plan: the widget that owns it runs one command on release.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Callable

import pyqtgraph as pg
from PySide6.QtCore import QEvent, QObject, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QPainter, QPalette, QPen
from PySide6.QtWidgets import QApplication, QWidget


@dataclass
class Bar:
    """One bar: where it stands, where it starts, how tall it is and how it looks."""

    position: float
    value: float
    base: float = 0.0
    color: QColor = field(default_factory=lambda: QColor("#1f5fa8"))
    planned: bool = False  # drawn lighter with a hatch: a planning year, not a budget year
    cap: float | None = None  # value above this is drawn greyed and hatched (not counted)
    outline: QColor | None = None  # e.g. red for a year below the credible path
    tooltip: str = ""
    draggable: bool = True


class DraggableBarsItem(pg.GraphicsObject):
    """Vertical (or horizontal) bars; dragging a bar moves its end to the pointer."""

    value_is_changing = Signal(int, float)  # bar index, value while dragging
    value_did_commit = Signal(int, float)  # bar index, value on release
    drag_did_cancel = Signal(int)
    bar_was_double_clicked = Signal(int)

    def __init__(self, horizontal: bool = False, width: float = 0.6,
                 snap: Callable[[int, float], float] | None = None) -> None:
        super().__init__()
        self.horizontal, self.width = horizontal, width
        self.snap = snap or (lambda index, v: v)
        self.minimum = 0.0  # a bar cannot be dragged below this
        self.bars: list[Bar] = []
        self.dragging: int | None = None
        self._start_value = 0.0
        self.setAcceptHoverEvents(True)

    # --- data ----------------------------------------------------------------------------
    def set_bars(self, bars: list[Bar]) -> None:
        self.prepareGeometryChange()
        self.bars = list(bars)
        self.update()

    def set_bar_value(self, index: int, value: float) -> None:
        """Move one bar (during a drag): only this item repaints, no command runs."""
        self.prepareGeometryChange()
        self.bars[index].value = value
        self.update()

    def set_bar_base(self, index: int, base: float) -> None:
        self.prepareGeometryChange()
        self.bars[index].base = base
        self.update()

    def bar_rect(self, index: int) -> QRectF:
        bar = self.bars[index]
        low, high = sorted((bar.base, bar.base + bar.value))
        half = self.width / 2
        if self.horizontal:
            return QRectF(low, bar.position - half, high - low, self.width)
        return QRectF(bar.position - half, low, self.width, high - low)

    def bar_end(self, index: int) -> QPointF:
        """The end a delegate drags, in data coordinates (top of a vertical bar)."""
        bar = self.bars[index]
        end = bar.base + bar.value
        return QPointF(end, bar.position) if self.horizontal else QPointF(bar.position, end)

    # --- painting ------------------------------------------------------------------------------
    def boundingRect(self) -> QRectF:
        rect = QRectF()
        for i in range(len(self.bars)):
            rect = rect.united(self.bar_rect(i))
        return rect

    def paint(self, painter: QPainter, *args) -> None:
        """Draw in device pixels: a hatch brush under the chart's data transform would be
        scaled up enormously (and slow); in pixels it stays a fine, fast hatch."""
        to_device = painter.transform()
        painter.save()
        painter.resetTransform()
        for i, bar in enumerate(self.bars):
            self._draw_bar(painter, to_device, i, bar)
        painter.restore()

    def _draw_bar(self, painter: QPainter, to_device, index: int, bar: Bar) -> None:
        counted, excess = self._split_at_cap(self.bar_rect(index), bar)
        counted = to_device.mapRect(counted)
        fill = QColor(bar.color)
        if bar.planned:
            fill.setAlpha(150)
        pen = QPen(bar.outline or bar.color.darker(130))
        pen.setWidthF(2.5 if bar.outline is not None else 1.0)
        if bar.planned and bar.outline is None:
            pen.setStyle(Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.setBrush(QBrush(fill))
        painter.drawRect(counted)
        if bar.planned:
            painter.setBrush(QBrush(bar.color.lighter(160), Qt.BrushStyle.BDiagPattern))
            painter.drawRect(counted)
        if excess is not None:
            excess = to_device.mapRect(excess)
            painter.setBrush(QBrush(QColor(150, 150, 150, 170)))
            painter.drawRect(excess)
            painter.setBrush(QBrush(QColor(90, 90, 90), Qt.BrushStyle.DiagCrossPattern))
            painter.drawRect(excess)

    def _split_at_cap(self, rect: QRectF, bar: Bar) -> tuple[QRectF, QRectF | None]:
        if bar.cap is None or bar.value <= bar.cap:
            return rect, None
        cut = bar.base + bar.cap
        if self.horizontal:
            return (QRectF(rect.left(), rect.top(), cut - rect.left(), rect.height()),
                    QRectF(cut, rect.top(), rect.right() - cut, rect.height()))
        return (QRectF(rect.left(), rect.top(), rect.width(), cut - rect.top()),
                QRectF(rect.left(), cut, rect.width(), rect.bottom() - cut))

    # --- pointer -------------------------------------------------------------------------------
    def bar_at(self, pos: QPointF) -> int | None:
        """The bar under `pos` (item coordinates), with a little slack at its end."""
        for i, bar in enumerate(self.bars):
            rect = self.bar_rect(i)
            pixel = (self.pixelWidth() if self.horizontal else self.pixelHeight()) or 0.0
            slack = max(abs(bar.value) * 0.03, 6 * pixel, 1e-12)  # even a zero bar can be grabbed
            low, high = (0.0, slack) if bar.value >= 0 else (-slack, 0.0)  # at the dragged end only
            grown = rect.adjusted(low, 0, high, 0) if self.horizontal else \
                rect.adjusted(0, low, 0, high)
            if grown.contains(pos) and not self._on_base_handle(bar, pos, 6 * pixel):
                return i
        return None

    def _on_base_handle(self, bar: Bar, pos: QPointF, reach: float) -> bool:
        """A stacked bar's foot is the top of the bar below it: grabbing the core bar's top
        moved the security-related part stacked on it. That strip belongs to the bar below."""
        if not bar.base:
            return False
        coordinate = pos.x() if self.horizontal else pos.y()
        return abs(coordinate - bar.base) <= max(reach, abs(bar.value) * 0.03)

    def hoverEvent(self, ev) -> None:
        if ev.isExit():
            self.setToolTip("")
            return
        index = self.bar_at(ev.pos())
        self.setToolTip(self.bars[index].tooltip if index is not None else "")
        if index is not None and self.bars[index].draggable:
            ev.acceptDrags(Qt.MouseButton.LeftButton)
            self.setCursor(Qt.CursorShape.SizeHorCursor if self.horizontal
                           else Qt.CursorShape.SizeVerCursor)
        else:
            self.unsetCursor()

    def mouseDragEvent(self, ev) -> None:
        if ev.button() != Qt.MouseButton.LeftButton:
            ev.ignore()
            return
        if ev.isStart():
            index = self.bar_at(ev.buttonDownPos())
            if index is None or not self.bars[index].draggable:
                ev.ignore()
                return
            self.dragging, self._start_value = index, self.bars[index].value
        if self.dragging is None:  # cancelled: swallow the rest of the gesture
            ev.accept()
            return
        ev.accept()
        value = self._value_at(ev.pos())
        if ev.isFinish():
            if value == self._value_of(self._start_value):  # back where it started
                self.cancel_drag()
                return
            index, self.dragging = self.dragging, None
            self.value_did_commit.emit(index, value)
        else:
            self.set_bar_value(self.dragging, value)
            self.value_is_changing.emit(self.dragging, value)

    def _value_at(self, pos: QPointF) -> float:
        bar = self.bars[self.dragging]
        coordinate = pos.x() if self.horizontal else pos.y()
        return self._value_of(coordinate - bar.base)

    def _value_of(self, raw: float) -> float:
        return max(self.minimum, self.snap(self.dragging, raw))

    def mouseClickEvent(self, ev) -> None:
        """pyqtgraph delivers a double-click as a click event with double() set."""
        index = self.bar_at(ev.pos())
        if index is not None and ev.button() == Qt.MouseButton.LeftButton and ev.double():
            ev.accept()
            self.bar_was_double_clicked.emit(index)

    def cancel_drag(self) -> bool:
        """Put the dragged bar back; the rest of the gesture is ignored. True if one was active."""
        if self.dragging is None:
            return False
        index, self.dragging = self.dragging, None
        self.set_bar_value(index, self._start_value)
        self.drag_did_cancel.emit(index)
        return True


class DragCancelFilter(QObject):
    """Esc (on the chart) or a right-click during a drag cancels it, as in any desktop app."""

    def __init__(self, view: QWidget, items: list[DraggableBarsItem]) -> None:
        super().__init__(view)
        self.items = items
        view.installEventFilter(self)
        view.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.KeyPress and event.key() == Qt.Key.Key_Escape:
            return self._cancel()
        if kind == QEvent.Type.MouseButtonPress and event.button() == Qt.MouseButton.RightButton:
            return self._cancel()
        return False

    def _cancel(self) -> bool:
        return any([item.cancel_drag() for item in self.items])


def place_readout(readout: pg.TextItem, box: pg.ViewBox, point: QPointF) -> None:
    """Show a drag readout by `point`, inside the plot: above it when there is room, else
    below, else beside it, never cut by an edge (readouts at the first and last years and
    the top sub-category were clipped)."""
    text = readout.textItem.boundingRect()
    (x0, x1), (y0, y1) = box.viewRange()
    width, height = box.width(), box.height()
    px = (point.x() - x0) / ((x1 - x0) or 1.0) * width  # pixels from the left edge
    py = (y1 - point.y()) / ((y1 - y0) or 1.0) * height  # pixels from the top edge
    w, h = (text.width() or 1.0), (text.height() or 1.0)
    left = min(max(px - w / 2, 0.0), max(width - w, 0.0))  # centred, pulled inside
    if py - 1.15 * h >= 0:
        top = py - 1.15 * h
    elif py + 0.15 * h + h <= height:
        top = py + 0.15 * h
    else:  # no room above or below: beside the point, clamped inside vertically
        top = min(max(py - h / 2, 0.0), max(height - h, 0.0))
        left = px + 12 if px + 12 + w <= width else max(px - 12 - w, 0.0)
    readout.setAnchor(((px - left) / w, (py - top) / h))
    readout.setPos(point)
    readout.setVisible(True)  # not show(): only pyqtgraph's setVisible fits it to the view


# --- look and units shared by the charts ------------------------------------------------------
CORE_COLOR = QColor("#2f6db5")
SECURITY_COLOR = QColor("#e0901f")
TARGET_COLOR = QColor("#c0392b")
PATH_COLOR = QColor("#7d3c98")
OK_COLOR = QColor("#2e8b57")


def palette_colors() -> tuple[QColor, QColor]:
    """(background, text) of the application palette, so charts follow light and dark themes."""
    palette = QApplication.palette()
    return palette.color(QPalette.ColorRole.Base), palette.color(QPalette.ColorRole.Text)


def style_plot(plot: pg.PlotWidget) -> None:
    """Palette colours, no accidental pan/zoom, no context menu: the chart is an editor."""
    background, text = palette_colors()
    plot.setBackground(background)
    item = plot.getPlotItem()
    for name in ("left", "bottom", "top", "right"):
        axis = item.getAxis(name)
        axis.setPen(pg.mkPen(text))
        axis.setTextPen(pg.mkPen(text))
    item.setMenuEnabled(False)
    item.hideButtons()
    item.getViewBox().setMouseEnabled(False, False)
    plot.setFocusPolicy(Qt.FocusPolicy.StrongFocus)


def money_scale(largest: float, currency: str | None) -> tuple[float, str]:
    """(divisor, axis unit) so money axes read 'EUR bn' with small numbers."""
    prefix = f"{currency} " if currency else ""
    for factor, unit in ((1e12, "tn"), (1e9, "bn"), (1e6, "m"), (1e3, "k")):
        if abs(largest) >= factor:
            return factor, f"{prefix}{unit}".strip()
    return 1.0, (currency or "money units")


def round_step(span: float) -> float:
    """A round snapping step about 1/200 of a span: 1, 2 or 5 times a power of ten."""
    if span <= 0:
        return 0.0
    raw = span / 200.0
    power = 10 ** math.floor(math.log10(raw))
    return next(m * power for m in (1, 2, 5, 10) if m * power >= raw)


def snap_to(value: float, step: float) -> float:
    return round(value / step) * step if step > 0 else value
