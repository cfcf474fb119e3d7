"""Raw mouse and key events for chart drags (qtbot cannot hold a button over a QGraphicsView),
as pyqtgraph's own tests do; plus a check that the helpers really drive a drag."""
from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QKeyEvent, QMouseEvent
from PySide6.QtWidgets import QApplication


LEFT, RIGHT, NONE = Qt.MouseButton.LeftButton, Qt.MouseButton.RightButton, Qt.MouseButton.NoButton


def allow_instant_drags(plot: pg.PlotWidget) -> None:
    pg.setConfigOption("mouseRateLimit", -1)
    plot.scene().minDragTime = 0


def to_viewport(plot: pg.PlotWidget, x: float, y: float) -> QPoint:
    """Data coordinates of the plot -> pixel position on its viewport."""
    scene = plot.getPlotItem().getViewBox().mapViewToScene(QPointF(x, y))
    return plot.mapFromScene(scene)


def send_mouse(plot: pg.PlotWidget, kind: QEvent.Type, pos: QPoint, button, buttons) -> None:
    viewport = plot.viewport()
    event = QMouseEvent(kind, QPointF(pos), QPointF(viewport.mapToGlobal(pos)), button, buttons,
                        Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(viewport, event)


def press(plot, pos, button=LEFT):
    send_mouse(plot, QEvent.Type.MouseMove, pos, NONE, NONE)
    send_mouse(plot, QEvent.Type.MouseButtonPress, pos, button, button)


def move(plot, pos, buttons=LEFT):
    send_mouse(plot, QEvent.Type.MouseMove, pos, NONE, buttons)


def release(plot, pos, button=LEFT):
    send_mouse(plot, QEvent.Type.MouseButtonRelease, pos, button, NONE)


def drag(plot, start: QPoint, end: QPoint, steps: int = 8, finish: bool = True) -> None:
    press(plot, start)
    for k in range(1, steps + 1):
        move(plot, start + (end - start) * (k / steps))
    if finish:
        release(plot, end)


def readout_is_on_screen(plot: pg.PlotWidget, readout: pg.TextItem) -> bool:
    """Shown and drawn whole where the user looks: isVisible() alone stays True for a readout
    that pyqtgraph never sized for the view (drawn thousands of pixels away, seen on Xvfb),
    or one cut off by the plot's edge (the top sub-category's readout was)."""
    drawn = plot.mapFromScene(readout.sceneBoundingRect()).boundingRect()
    return readout.isVisible() and plot.viewport().rect().adjusted(-1, -1, 1, 1).contains(drawn)


def press_escape(plot) -> None:
    QApplication.sendEvent(plot, QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Escape,
                                           Qt.KeyboardModifier.NoModifier))


def test_right_click_during_a_drag_cancels_it(qtbot, session):
    from nato_planner.ui.trajectory_widget import TrajectoryWidget
    widget = TrajectoryWidget(session)
    qtbot.addWidget(widget)
    widget.resize(1100, 700)
    widget.show()
    qtbot.waitExposed(widget)
    allow_instant_drags(widget.plot)
    index = [r.year for r in widget.rows].index(2025)
    top = widget.core_bars.bar_end(index)
    start = to_viewport(widget.plot, top.x(), top.y() - 0.02)
    drag(widget.plot, start, to_viewport(widget.plot, top.x(), top.y() + 1.0), finish=False)
    assert widget.readout.isVisible()
    send_mouse(widget.plot, QEvent.Type.MouseButtonPress, start, RIGHT, LEFT | RIGHT)
    release(widget.plot, start)
    assert session.stack.history == []
    assert widget.core_bars.bars[index].value == widget.rows[index].figures.core_pct_gdp


def same_figures(a, b) -> bool:
    """Engine figures equal up to the float residue incremental totals leave after undo."""
    import dataclasses
    import math
    for name, value in dataclasses.asdict(a).items():
        other = getattr(b, name)
        if isinstance(value, float) and isinstance(other, float):
            if not math.isclose(value, other, rel_tol=1e-12, abs_tol=1e-6):
                return False
        elif value != other:
            return False
    return True


def same_trajectory(a, b) -> bool:
    return len(a) == len(b) and all(
        x.year == y.year and x.on_path == y.on_path and same_figures(x.figures, y.figures)
        for x, y in zip(a, b))
