"""Work around a reference-count bug measured with PySide6 6.12 on CPython 3.11.

Every call of a Qt method that returns nothing (QPainter.drawRect, QLabel.setText,
QGraphicsItem.setPos, ...) drops one reference to Python's None without taking one (and
True/False suffer the same, seen as "bool_dealloc"). They are not immortal before CPython
3.12, so after some thousands of such calls (a few hundred chart repaints) the interpreter
aborts with "Fatal Python error: none_dealloc". Measured: sys.getrefcount(None) drops by
exactly 1 per QLabel.setText or QPainter.drawRect call. Until PySide6 is fixed, give these
singletons a reference count no session can exhaust, the way CPython 3.12 makes them
immortal. Idempotent; a no-op where not needed.
"""
from __future__ import annotations

import ctypes
import sys

_PINNED = 1 << 40  # ~10^12 calls: far beyond any session
_done: list[bool] = []


def guard_none_refcount() -> None:
    """Make None, True and False practically immortal on CPython < 3.12 (once per process)."""
    if _done or sys.implementation.name != "cpython" or sys.version_info >= (3, 12):
        return
    for singleton in (None, True, False, NotImplemented, Ellipsis):  # True/False drop too
        ctypes.c_ssize_t.from_address(id(singleton)).value += _PINNED
    _done.append(True)
