"""Replace a file only with a complete one: write beside it, fsync, rename over it.

A crash, a cancel or a full disk part-way leaves the previous file byte-identical and no
temporary file behind; a read-only or locked target gives one sentence a delegate can act on.
"""
from __future__ import annotations

import errno
import os
import re
import shutil
import stat
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from ..core.errors import ExportError, PlannerError


def _folder_of(target: Path) -> Path:
    return target.parent if str(target.parent) else Path(".")


def _is_read_only(path: Path) -> bool:
    """os.access alone says yes to root; the permission bits say what a user meant."""
    return not os.access(path, os.W_OK) or not path.stat().st_mode & stat.S_IWUSR


def check_writable(target: Path, error_type: type[PlannerError] = ExportError) -> None:
    """Refuse up front what would fail later: no folder, a folder as target, read-only."""
    folder = _folder_of(target)
    if not folder.is_dir():
        raise error_type(f"Cannot write '{target}': the folder '{folder}' does not exist; "
                         "choose another folder.")
    if target.is_dir():
        raise error_type(f"Cannot write '{target}': it is a folder; choose a file name.")
    if target.exists() and _is_read_only(target):
        raise error_type(f"Cannot write '{target.name}': the file is read-only; make it "
                         "writable or choose another name.")
    if _is_read_only(folder):
        raise error_type(f"Cannot write '{target.name}': the folder '{folder}' is read-only; "
                         "choose another folder.")


def _os_error_of(error: BaseException) -> OSError | None:
    """The OSError behind a failure (libraries such as XlsxWriter wrap it in their own)."""
    for candidate in (error, error.__cause__, error.__context__):
        if isinstance(candidate, OSError):
            return candidate
    return None


def _write_error(target: Path, error: OSError, error_type: type[PlannerError]) -> PlannerError:
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        return error_type(f"Cannot write '{target.name}': the disk is full; free some space "
                          "and try again (the previous file is unchanged).")
    if isinstance(error, PermissionError):
        return error_type(f"Cannot write '{target.name}': the file is locked or read-only "
                          "(is it open in Excel?); close it and try again.")
    reason = error.strerror or str(error)
    return error_type(f"Cannot write '{target.name}' ({reason}); the previous file is "
                      "unchanged.")


def _fsync(path: str) -> None:
    with open(path, "rb+") as handle:
        os.fsync(handle.fileno())


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable where the platform allows opening a folder."""
    try:
        handle = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(handle)
    except OSError:
        pass
    finally:
        os.close(handle)


def _remove_quietly(path: str) -> None:
    try:
        os.remove(path)
    except OSError:
        pass


def _read_umask() -> int:
    umask = os.umask(0o022)  # reading it means setting it: done once, at import
    os.umask(umask)
    return umask


_NEW_FILE_MODE = 0o666 & ~_read_umask()


def _mode_for(target: Path) -> int:
    """The replaced file's permissions, or what a plain new file would get: a temp file is
    private (0600), and a plan on a shared drive must stay readable by colleagues."""
    try:
        return stat.S_IMODE(os.stat(target).st_mode)
    except OSError:
        return _NEW_FILE_MODE


def written_path(target: Path) -> Path:
    """The file a write to `target` replaces: a symlink's target (written through, so the
    link stays a link), else `target` itself."""
    return Path(os.path.realpath(target)) if target.is_symlink() else target


_TEMP_NAME = re.compile(r"^\.(?P<stem>.*)\.(?P<pid>\d+)\.[^.]+\.tmp$")


def _process_is_gone(pid: int) -> bool:
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except OSError:  # exists, owned by someone else
        return False
    return False


def remove_stale_temp_files(target: Path) -> None:
    """Temp files a killed write left beside `target` (named after the writing process,
    which is gone): a partial plan holds the budget's lines and must not linger."""
    folder = _folder_of(target)
    try:
        names = os.listdir(folder)
    except OSError:
        return
    for name in names:
        found = _TEMP_NAME.match(name)
        if found and found.group("stem") == target.stem and _process_is_gone(
                int(found.group("pid"))):
            _remove_quietly(str(folder / name))


SCRATCH_PREFIX = "nato-planner-scratch-"


@contextmanager
def private_scratch_folder() -> Iterator[str]:
    """A folder of our own in the temp folder for a library's working files (XlsxWriter's
    constant_memory rows hold every line item), removed on every way out: success, failure,
    cancel. One a killed process left behind is removed by the next call."""
    _remove_stale_scratch_folders()
    folder = tempfile.mkdtemp(prefix=f"{SCRATCH_PREFIX}{os.getpid()}-")
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _remove_stale_scratch_folders() -> None:
    base = tempfile.gettempdir()
    try:
        names = os.listdir(base)
    except OSError:
        return
    for name in names:
        pid = name[len(SCRATCH_PREFIX):].partition("-")[0]
        if name.startswith(SCRATCH_PREFIX) and pid.isdigit() and _process_is_gone(int(pid)):
            shutil.rmtree(os.path.join(base, name), ignore_errors=True)


@contextmanager
def atomic_target(target: Path, error_type: type[PlannerError] = ExportError) -> Iterator[str]:
    """Yield a temp path beside `target`; on a clean exit it is synced and renamed over
    `target`. Any exception removes it; OS-level failures become `error_type` (one sentence).
    A symlinked target is written through (the link is kept); stale temp files of killed
    writers are removed first."""
    target = written_path(Path(target))
    remove_stale_temp_files(target)
    try:
        handle, temp_path = tempfile.mkstemp(prefix=f".{target.stem}.{os.getpid()}.",
                                             suffix=".tmp", dir=_folder_of(target))
        os.close(handle)
    except OSError as error:
        raise _write_error(target, error, error_type) from error
    try:
        yield temp_path
        _fsync(temp_path)
        os.chmod(temp_path, _mode_for(target))
        os.replace(temp_path, target)
    except BaseException as error:
        _remove_quietly(temp_path)
        os_error = _os_error_of(error)
        if os_error is not None and not isinstance(error, PlannerError):
            raise _write_error(target, os_error, error_type) from error
        raise
    _fsync_folder(_folder_of(target))


def same_file(a: str | os.PathLike, b: str | os.PathLike) -> bool:
    """Whether two names are one file (./x, a symlink, a hard link): device and inode."""
    try:
        return os.path.samefile(a, b)
    except OSError:
        return os.path.abspath(a) == os.path.abspath(b)
