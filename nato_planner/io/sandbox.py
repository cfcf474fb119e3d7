"""Run the reading of an untrusted file in a forked child with memory, CPU and time limits.

The pre-checks in safety.py refuse the hostile files we know of, cheaply and with a precise
sentence. This module bounds the ones we do not know of: whatever a parser does on a file (a
Rust panic, an abort on a 512 GiB allocation, a dense sheet of a billion cells, an endless
loop), it happens in a child process, and the parent turns the child's death into one
BudgetImportError sentence. The child's stderr goes to /dev/null, so a panic's text never
reaches the user; its result comes back pickled through a pipe (numpy arrays pickle fast).

Where os.fork is missing (Windows), `run_limited` runs the function in-process: the pre-checks
still apply, the bound does not.
"""
from __future__ import annotations

import faulthandler
import gc
import math
import os
import pickle
import select
import signal
import struct
import sys
import time
import warnings
from collections import namedtuple
from typing import Any, Callable

from ..core.errors import BudgetImportError, PlannerError

try:
    import resource
except ImportError:  # pragma: no cover - Windows
    resource = None  # type: ignore[assignment]

Progress = Callable[[float], None]
Cancelled = Callable[[], bool]

BASE_MEMORY_BYTES = 400 * 1024 * 1024  # what a read may add, beyond the bytes below per file byte
MEMORY_PER_FILE_BYTE = 40  # a read holds the file as Python cells: ~20-40 bytes per byte
BASE_CPU_SECONDS = 4  # a budget of a few MB reads in well under a second
CPU_SECONDS_PER_MB = 2
_HEADER = struct.Struct("<cQ")  # frame: kind (P progress, R result, E error), payload length
_PROGRESS = struct.Struct("<d")


class Limits(namedtuple("Limits", "memory_bytes cpu_seconds wall_seconds")):
    """What one read of a file may use: memory beyond what the process holds at the fork
    (bytes), CPU seconds, and wall-clock seconds (a child blocked on I/O uses no CPU).
    A named tuple: the command line builds one before dataclasses would have loaded."""

    __slots__ = ()


def limits_for(path: str, extra_cpu_seconds: int = 0, extra_memory_bytes: int = 0) -> Limits:
    """Limits that grow with the file: a real 50 MB budget needs more than a 2 KB trap.
    `extra_memory_bytes`: what the child's function loads besides the file (modules imported
    after the fork count against the limit)."""
    try:
        size = os.stat(path).st_size
    except OSError:
        size = 0
    cpu = BASE_CPU_SECONDS + extra_cpu_seconds + math.ceil(CPU_SECONDS_PER_MB * size / 1e6)
    memory = BASE_MEMORY_BYTES + MEMORY_PER_FILE_BYTE * size + extra_memory_bytes
    return Limits(memory, cpu, 3.0 * cpu + 5)


def can_isolate() -> bool:
    return hasattr(os, "fork") and resource is not None


def run_limited(name: str, function: Callable[..., Any], args: tuple = (),
                limits: Limits | None = None, progress: Progress | None = None,
                cancelled: Cancelled | None = None, on_cancel: Callable[[], BaseException]
                | None = None) -> Any:
    """`function(*args, progress)` run in a limited child; its return value, or its exception
    re-raised here (a PlannerError as it was; anything else as one BudgetImportError naming
    file `name`). A child that dies, overruns or is cancelled leaves no process behind."""
    progress = progress or (lambda _f: None)
    limits = limits or Limits(BASE_MEMORY_BYTES, BASE_CPU_SECONDS, 3.0 * BASE_CPU_SECONDS + 5)
    if not can_isolate():
        return function(*args, progress)
    read_end, write_end = os.pipe()
    sys.stdout.flush()  # nothing buffered may be written twice, once by each process
    sys.stderr.flush()
    with warnings.catch_warnings():  # Python 3.12 warns about fork with threads running
        warnings.simplefilter("ignore", DeprecationWarning)
        pid = os.fork()
    if pid == 0:  # the child: never returns
        os.close(read_end)
        _child(write_end, function, args, limits)
    os.close(write_end)
    try:
        kind, payload = _wait_for_result(read_end, pid, limits, progress, cancelled)
    except _Stopped as stop:
        _kill(pid)
        if stop.cancelled:
            raise (on_cancel() if on_cancel else BudgetImportError(
                f"'{name}': the read was cancelled.")) from None
        raise _too_slow(name, limits.wall_seconds) from None
    except BaseException:  # Ctrl+C while waiting: the child must not outlive us
        _kill(pid)
        raise
    finally:
        os.close(read_end)
    status = _reap(pid)
    if kind == b"R":
        return pickle.loads(payload)
    if kind == b"E":
        error = pickle.loads(payload)
        if isinstance(error, PlannerError):
            raise error
        raise _unreadable(name, f"{type(error).__name__}") from None
    raise _died(name, status, limits)


class _Stopped(Exception):
    def __init__(self, cancelled: bool) -> None:
        super().__init__()
        self.cancelled = cancelled


# --- the child ----------------------------------------------------------------------------
_left_for_exit: list[Any] | None = None  # a list only in a limited child


def leave_for_exit(*objects: Any) -> None:
    """In a limited child, keep `objects` until os._exit drops them with the process: freeing
    a 100,000-row grid object by object costs ~10 ms nobody waits for. Elsewhere, nothing."""
    if _left_for_exit is not None:
        _left_for_exit.extend(objects)


def _child(write_end: int, function: Callable[..., Any], args: tuple, limits: Limits) -> None:
    global _left_for_exit
    _left_for_exit = []
    gc.disable()  # short-lived: a full collection over a 100,000-row grid costs ~20 ms
    code = 0
    try:
        _silence_stderr()
        _apply_limits(limits)
        last = [0.0]

        def send_progress(fraction: float) -> None:
            now = time.monotonic()
            if now - last[0] > 0.05 or fraction >= 1.0:  # a few frames a second is enough
                last[0] = now
                _send(write_end, b"P", _PROGRESS.pack(float(fraction)))
        result = function(*args, send_progress)
        _send(write_end, b"R", pickle.dumps(result, pickle.HIGHEST_PROTOCOL))
    except BaseException as error:  # noqa: BLE001 - every failure goes back to the parent
        code = 1
        try:
            _send(write_end, b"E", _pickled_error(error))
        except BaseException:  # noqa: BLE001 - the parent reports a death instead
            pass
    finally:
        try:
            sys.stdout.flush()
        except BaseException:  # noqa: BLE001 - a closed stdout (| head) is not our failure
            pass
        os._exit(code)  # no atexit handlers, no buffers flushed twice


def _silence_stderr() -> None:
    """Rust's panic hook and C libraries write to fd 2 directly: point it at /dev/null.
    faulthandler (PYTHONFAULTHANDLER, pytest) writes an abort's trace to its own copy of
    the descriptor: turn it off."""
    faulthandler.disable()
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)
    os.close(devnull)
    sys.stderr = open(os.devnull, "w")  # noqa: SIM115 - lives until os._exit
    warnings.simplefilter("ignore")


def _apply_limits(limits: Limits) -> None:
    """Memory on top of what the process already maps (numpy, the parent's data), CPU
    seconds (SIGXCPU, then SIGKILL a second later), and no core file."""
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    data = _current_data_bytes() + limits.memory_bytes
    _lower(resource.RLIMIT_DATA, data)
    _lower(resource.RLIMIT_CPU, limits.cpu_seconds, limits.cpu_seconds + 1)


def _lower(which: int, soft: int, hard: int | None = None) -> None:
    """Set a limit, never above the hard limit the process was given."""
    _, given = resource.getrlimit(which)

    def capped(value: int) -> int:
        return value if given == resource.RLIM_INFINITY else min(value, given)
    new_hard = given if hard is None else capped(hard)
    new_soft = capped(soft) if new_hard == resource.RLIM_INFINITY else min(soft, new_hard)
    resource.setrlimit(which, (new_soft, new_hard))


def _current_data_bytes() -> int:
    try:
        with open("/proc/self/status", "rb") as status:
            for line in status:
                if line.startswith(b"VmData:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def _pickled_error(error: BaseException) -> bytes:
    try:
        return pickle.dumps(error, pickle.HIGHEST_PROTOCOL)
    except Exception:  # noqa: BLE001 - an exception holding unpicklable state
        return pickle.dumps(RuntimeError(type(error).__name__))


def _send(fd: int, kind: bytes, payload: bytes) -> None:
    view = memoryview(_HEADER.pack(kind, len(payload)) + payload)
    while view:
        written = os.write(fd, view)
        view = view[written:]


# --- the parent ---------------------------------------------------------------------------
def _wait_for_result(fd: int, pid: int, limits: Limits, progress: Progress,
                     cancelled: Cancelled | None) -> tuple[bytes, bytes]:
    """Read frames until a result or error frame, or EOF (the child died: kind b"")."""
    deadline = time.monotonic() + limits.wall_seconds
    buffer = bytearray()
    while True:
        while len(buffer) >= _HEADER.size:
            kind, length = _HEADER.unpack_from(buffer)
            if len(buffer) < _HEADER.size + length:
                break
            payload = bytes(buffer[_HEADER.size:_HEADER.size + length])
            del buffer[:_HEADER.size + length]
            if kind == b"P":
                progress(_PROGRESS.unpack(payload)[0])
            else:
                return kind, payload
        if cancelled is not None and cancelled():
            raise _Stopped(cancelled=True)
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise _Stopped(cancelled=False)
        ready, _, _ = select.select([fd], [], [], min(remaining, 0.1))
        if ready:
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                return b"", b""
            buffer += chunk


def _kill(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    _reap(pid)


last_child_usage: list[Any] = []  # resource usage of the last child reaped (benchmarks, tests)


def _reap(pid: int) -> int:
    while True:
        try:
            _, status, usage = os.wait4(pid, 0)
            last_child_usage[:] = [usage]
            return status
        except InterruptedError:
            continue
        except ChildProcessError:
            return 0


def _died(name: str, status: int, limits: Limits) -> BudgetImportError:
    if os.WIFSIGNALED(status) and os.WTERMSIG(status) in (signal.SIGXCPU, signal.SIGKILL):
        return _too_slow(name, limits.cpu_seconds)
    memory = limits.memory_bytes / 2 ** 20
    return _unreadable(name, f"the spreadsheet reader gave up on it: it is damaged, or laid "
                       f"out far larger than any budget (more than {memory:,.0f} MB to read)")


def _unreadable(name: str, detail: str) -> BudgetImportError:
    return BudgetImportError(f"'{name}' could not be read ({detail}); open it in Excel or "
                             "LibreOffice, delete stray far-away cells and save it again as "
                             ".xlsx.")


def _too_slow(name: str, seconds: float) -> BudgetImportError:
    return BudgetImportError(
        f"'{name}' took longer than {seconds:,.0f} s to read, far longer than a budget "
        "of its size needs (it may be damaged or hold huge cells); open it in Excel or "
        "LibreOffice and save it again as .xlsx, or remove what is not the budget.")
