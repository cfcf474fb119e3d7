"""Bugs go to a log file under the user's data folder and one short message; the app keeps running.

Errors a user can cause (PlannerError) are shown as their own sentence instead.
"""
from __future__ import annotations

import logging
import sys
import traceback
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from ..core.errors import PlannerError

LOG_NAME = "nato-planner.log"
_logger = logging.getLogger("nato_planner")
_showing = False  # never stack a second message on a failing first one


def log_directory() -> Path:
    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    return Path(base or Path.home() / ".nato-planner") / "logs"


def log_path() -> Path:
    return log_directory() / LOG_NAME


def write_to_log(error: BaseException, tb: TracebackType | None = None) -> Path:
    """Append the traceback to the log file and return where it went."""
    path = log_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    text = "".join(traceback.format_exception(type(error), error, tb or error.__traceback__))
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
    _logger.addHandler(handler)
    try:
        _logger.error("Unexpected error\n%s", text)
    finally:
        _logger.removeHandler(handler)
        handler.close()
    return path


def show_user_error(error: PlannerError, parent: QWidget | None, title: str) -> None:
    QMessageBox.warning(parent, title, str(error))


def report_unexpected(error: BaseException, parent: QWidget | None = None,
                      tb: TracebackType | None = None) -> None:
    """Log the traceback, then one short message naming the log file."""
    global _showing
    path = write_to_log(error, tb)
    if _showing or QApplication.instance() is None:
        return
    _showing = True
    try:
        QMessageBox.critical(parent or QApplication.activeWindow(), "Something went wrong",
                             f"An unexpected error occurred: {type(error).__name__}. Your plan "
                             f"is still open. Details were written to:\n{path}")
    finally:
        _showing = False


def _excepthook(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
    if issubclass(kind, KeyboardInterrupt):
        sys.__excepthook__(kind, error, tb)
        return
    if isinstance(error, PlannerError):
        show_user_error(error, QApplication.activeWindow(), "Cannot do that")
        return
    sys.__excepthook__(kind, error, tb)  # still visible on a terminal
    report_unexpected(error, None, tb)


def install_excepthook() -> None:
    sys.excepthook = _excepthook
