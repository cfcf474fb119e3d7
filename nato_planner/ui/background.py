"""Run a plain function off the GUI thread with a progress dialog and Cancel (Orange's pattern).

The function is called as `function(progress, cancelled)`: `progress(fraction)` reports 0-1
and `cancelled()` says whether the user pressed Cancel. Its result or exception comes back on
the GUI thread through `task_did_finish` / `task_did_fail` / `task_did_cancel`.
"""
from __future__ import annotations

import threading
from typing import Any, Callable

import shiboken6
from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

Work = Callable[[Callable[[float], None], Callable[[], bool]], Any]
_PROGRESS_STEPS = 1000
_running: set["BackgroundTask"] = set()  # keeps tasks alive until they report back
_pool: list[QThreadPool] = []


def thread_pool() -> QThreadPool:
    """The app's own pool: other libraries' use of the global pool cannot starve a read."""
    if not _pool:
        pool = QThreadPool()
        pool.setMaxThreadCount(max(2, QThreadPool.globalInstance().maxThreadCount()))
        _pool.append(pool)
    return _pool[0]


class _WorkerSignals(QObject):
    """Lives on the GUI thread; emitting from the worker queues the call over to it."""

    progress_did_change = Signal(int)
    work_did_finish = Signal(object)
    work_did_fail = Signal(object)


class _Runnable(QRunnable):
    def __init__(self, work: Work, signals: _WorkerSignals, cancel: threading.Event) -> None:
        super().__init__()
        self.setAutoDelete(False)  # the task keeps it alive: never freed under a running thread
        self._work, self._signals, self._cancel = work, signals, cancel
        self._last_step = -1

    def _report(self, fraction: float) -> None:
        step = int(max(0.0, min(1.0, fraction)) * _PROGRESS_STEPS)
        if step != self._last_step:  # throttle: one signal per 0.1 %
            self._last_step = step
            self._signals.progress_did_change.emit(step)

    def run(self) -> None:
        try:
            result = self._work(self._report, self._cancel.is_set)
        except BaseException as error:  # handed to the GUI thread, which decides
            self._signals.work_did_fail.emit(error)
        else:
            self._signals.work_did_finish.emit(result)


class BackgroundTask(QObject):
    """One run of `work` in the global thread pool, with an optional modal progress dialog."""

    task_did_finish = Signal(object)
    task_did_fail = Signal(object)  # the exception
    task_did_cancel = Signal()

    def __init__(self, work: Work, label: str, parent: QWidget | None = None,
                 show_progress: bool = True) -> None:
        super().__init__()  # no Qt parent: a closed window must not delete a running task
        self._work, self._cancel = work, threading.Event()
        self._signals = _WorkerSignals()
        self._signals.progress_did_change.connect(self._on_progress, Qt.ConnectionType.QueuedConnection)
        self._signals.work_did_finish.connect(self._on_finish, Qt.ConnectionType.QueuedConnection)
        self._signals.work_did_fail.connect(self._on_fail, Qt.ConnectionType.QueuedConnection)
        self.dialog = self._make_dialog(label, parent) if show_progress else None

    def _make_dialog(self, label: str, parent: QWidget | None) -> QProgressDialog:
        dialog = QProgressDialog(label, "Cancel", 0, _PROGRESS_STEPS, parent)
        dialog.setWindowTitle("Working…")
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(400)  # quick work never flashes a dialog
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.setToolTip("Cancel stops the work; nothing is changed.")
        dialog.canceled.connect(self.cancel)
        dialog.setValue(0)
        return dialog

    def start(self) -> "BackgroundTask":
        _running.add(self)
        self._runnable = _Runnable(self._work, self._signals, self._cancel)
        thread_pool().start(self._runnable)
        return self

    def cancel(self) -> None:
        self._cancel.set()
        if self.dialog is not None:
            self.dialog.setLabelText("Cancelling…")

    def _on_progress(self, step: int) -> None:
        if self.dialog is not None and shiboken6.isValid(self.dialog) and not self._cancel.is_set():
            self.dialog.setValue(step)

    def _finish(self) -> None:
        if self.dialog is not None and shiboken6.isValid(self.dialog):
            self.dialog.reset()
            self.dialog.hide()
            self.dialog.deleteLater()
            self.dialog = None
        _running.discard(self)

    def _on_finish(self, result: Any) -> None:
        self._finish()
        if self._cancel.is_set():
            self.task_did_cancel.emit()
        else:
            self.task_did_finish.emit(result)

    def _on_fail(self, error: BaseException) -> None:
        self._finish()
        if self._cancel.is_set():
            self.task_did_cancel.emit()  # a cancelled read raises; that is not an error
        else:
            self.task_did_fail.emit(error)


def run_in_background(work: Work, label: str, parent: QWidget | None,
                      on_finish: Callable[[Any], None],
                      on_fail: Callable[[BaseException], None],
                      on_cancel: Callable[[], None] | None = None,
                      show_progress: bool = True) -> BackgroundTask:
    """Start `work` and route its outcome to the three handlers, all on the GUI thread."""
    task = BackgroundTask(work, label, parent, show_progress)
    task.task_did_finish.connect(on_finish)
    task.task_did_fail.connect(on_fail)
    if on_cancel is not None:
        task.task_did_cancel.connect(on_cancel)
    return task.start()
