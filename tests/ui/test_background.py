"""The background helper: results, errors and Cancel come back on the GUI thread."""
from __future__ import annotations

import threading
import time

import pytest
from PySide6.QtCore import QThread
from PySide6.QtWidgets import QPushButton

from nato_planner.core.errors import BudgetImportError
from nato_planner.ui.background import BackgroundTask


def test_result_arrives_on_the_gui_thread_with_progress(qtbot, qapp):
    seen = {}

    def work(progress, cancelled):
        seen["thread"] = threading.get_ident()
        for i in range(5):
            progress(i / 4)
        return 42

    task = BackgroundTask(work, "Counting…", show_progress=False)
    done = []
    task.task_did_finish.connect(lambda r: done.append((r, QThread.currentThread())))
    with qtbot.waitSignal(task.task_did_finish, timeout=5000):
        task.start()
    assert done == [(42, qapp.thread())]
    assert seen["thread"] != threading.get_ident()


def test_a_domain_error_is_delivered_not_raised(qtbot):
    def work(progress, cancelled):
        raise BudgetImportError("budget.xlsx has no line-item table.")

    task = BackgroundTask(work, "Reading…", show_progress=False)
    with qtbot.waitSignal(task.task_did_fail, timeout=5000) as blocker:
        task.start()
    assert str(blocker.args[0]) == "budget.xlsx has no line-item table."


def test_cancel_from_the_progress_dialog_stops_the_work(qtbot):
    started = threading.Event()

    def work(progress, cancelled):
        started.set()
        while not cancelled():
            time.sleep(0.01)
        raise RuntimeError("stopped")  # a cancelled reader raises; it must read as a cancel

    task = BackgroundTask(work, "Reading a large workbook…")
    failures = []
    task.task_did_fail.connect(failures.append)
    with qtbot.waitSignal(task.task_did_cancel, timeout=5000):
        task.start()
        assert started.wait(5)
        task.dialog.findChild(QPushButton).click()  # the user presses Cancel
    assert failures == [] and task.dialog is None
