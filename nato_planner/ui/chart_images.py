"""The charts as image files: PNG (QWidget.grab) or SVG (QSvgGenerator), for briefings and
for the `chart` command. The widgets are rendered exactly as on screen, so the images carry
the same engine figures, units and labels.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtCore import QEvent, QPoint, QRect, QSize, Qt, QtMsgType, qInstallMessageHandler
from PySide6.QtGui import QPainter
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QApplication, QWidget

from ..core.errors import ExportError
from ..core.plan import Plan
from ..io.atomic_file import atomic_target
from ..io.image_names import check_image_name
from .plan_session import PlanSession

CHART_KINDS = ("dashboard", "trajectory")
IMAGE_SIZE = QSize(1400, 860)


def chart_widget(kind: str, session: PlanSession) -> QWidget:
    """A fresh dashboard or trajectory widget over `session`, sized for an image."""
    if kind == "dashboard":
        from .dashboard_widget import DashboardWidget
        widget = DashboardWidget(session)
    elif kind == "trajectory":
        from .trajectory_widget import TrajectoryWidget
        widget = TrajectoryWidget(session)
    else:
        raise ValueError(f"Unknown chart {kind!r}: use one of {', '.join(CHART_KINDS)}.")
    widget.resize(IMAGE_SIZE)
    return widget


def save_chart_image(widget_or_kind: QWidget | str, path: str | os.PathLike,
                     session: PlanSession | None = None) -> Path:
    """Write a chart to `path`: PNG, or SVG when the name ends in .svg.

    Give a widget on screen (the menu's "Export chart") or a kind ("dashboard" or
    "trajectory") and the session to draw; raises ExportError with a sentence on failure.
    """
    if isinstance(widget_or_kind, str):
        if session is None:
            raise ValueError("A chart kind needs the session to draw.")
        widget = chart_widget(widget_or_kind, session)
        try:
            return _save(widget, Path(path))
        finally:
            dispose_chart(widget)
    return _save(widget_or_kind, Path(path))


def dispose_chart(widget: QWidget) -> None:
    """Delete a chart made for one image now: left to Python's garbage collector, a
    pyqtgraph scene can be torn down in the wrong order and crash the process."""
    widget.close()
    widget.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def _save(widget: QWidget, target: Path) -> Path:
    """Draw into a temp file beside `target`, then replace it: a full disk or a failure
    leaves the previous image whole (atomic_file.py, as for plans)."""
    check_image_name(target)
    lay_out_chart(widget)
    area = widget.chart_area() if hasattr(widget, "chart_area") else widget
    writer = _write_svg if target.suffix.lower() == ".svg" else _write_png
    with atomic_target(target, ExportError) as temp_path:
        writer(area, Path(temp_path))
        if os.path.getsize(temp_path) == 0:
            raise ExportError(f"The chart image {target} could not be written; check the "
                              "folder exists and is writable, and the disk is not full.")
    return target


def lay_out_chart(widget: QWidget) -> None:
    """Make an off-screen widget lay itself out and paint, as it would when shown."""
    if not widget.isVisible():
        widget.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, True)
        widget.show()
    QApplication.processEvents()


def _write_png(widget: QWidget, target: Path) -> None:
    if not widget.grab().save(str(target), "PNG"):
        raise ExportError(f"The chart image {target} could not be written; check the folder "
                          "exists and is writable.")


def _write_svg(widget: QWidget, target: Path) -> None:
    generator = QSvgGenerator()
    generator.setFileName(str(target))
    generator.setSize(widget.size())
    generator.setViewBox(QRect(0, 0, widget.width(), widget.height()))
    generator.setTitle("NATO pledge planner chart")
    painter = QPainter()
    if not painter.begin(generator):
        raise ExportError(f"The chart image {target} could not be written; check the folder "
                          "exists and is writable.")
    try:
        QWidget.render(widget, painter, QPoint(0, 0))  # the widget way, also for a QGraphicsView
    finally:
        painter.end()


_APPLICATION: list[QApplication] = []  # keeps a command-line QApplication alive


def ensure_application() -> None:
    """A QApplication for drawing from the command line, whose stderr stays one line: the
    offscreen platform's chatter ('does not support propagateSizeHints()') is dropped."""
    if QApplication.instance() is None:
        qInstallMessageHandler(_quiet_offscreen_messages)
        _APPLICATION.append(QApplication(["nato-planner-chart"]))


def _quiet_offscreen_messages(kind: QtMsgType, _context, message: str) -> None:
    if kind in (QtMsgType.QtDebugMsg, QtMsgType.QtInfoMsg) or "propagateSizeHints" in message:
        return
    if "libpng error" in message:  # a failed write: reported as one ExportError sentence
        return
    sys.stderr.write(f"qt: {message}\n")


def render_plan_chart(plan: Plan, path: str | os.PathLike, kind: str = "trajectory",
                      year: int | None = None) -> Path:
    """The `chart` command's work: draw `plan` as a dashboard (of `year`) or trajectory."""
    ensure_application()
    session = PlanSession(plan)
    if year is not None:
        session.select_year(year)
    widget = chart_widget(kind, session)
    try:
        return save_chart_image(widget, path)
    finally:
        dispose_chart(widget)
