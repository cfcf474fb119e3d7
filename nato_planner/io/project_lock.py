"""One editor per project file.

Two windows (or two copies of the program) editing one project would interleave two undo
histories in one file, and a second start offering to recover "unsaved work" could delete
another window's live untitled project. The lock is the kernel's: flock on a hidden file
beside the project (never on the database itself, whose own locks SQLite manages), so a
program that is killed leaves no lock behind. Where flock is missing (Windows) every request
is granted, as before.
"""
from __future__ import annotations

import os
from pathlib import Path

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]


class EditLock:
    """Held while a window edits a project; release() when it closes the project."""

    def __init__(self, handle=None) -> None:
        self._handle = handle

    def release(self) -> None:
        if self._handle is not None:
            fcntl.flock(self._handle.fileno(), fcntl.LOCK_UN)
            self._handle.close()
            self._handle = None


def lock_path(project: Path) -> Path:
    """The lock file is left in place on release: unlinking it would let two later editors
    lock two different files of the same name."""
    return project.with_name(f".{project.name}.lock")


def take_edit_lock(project: Path) -> EditLock | None:
    """The project's edit lock, or None while another process holds it."""
    if fcntl is None:
        return EditLock()
    try:
        handle = open(lock_path(project), "ab")  # noqa: SIM115 - kept open while locked
    except OSError:  # a read-only folder: nothing can be written there anyway, SQLite says so
        return EditLock()
    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        handle.close()
        return None
    os.set_inheritable(handle.fileno(), False)  # a read child must not keep it past us
    return EditLock(handle)


def is_being_edited(project: Path) -> bool:
    """Whether another window or program holds the project's edit lock right now."""
    lock = take_edit_lock(project)
    if lock is None:
        return True
    lock.release()
    return False
