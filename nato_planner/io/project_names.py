"""What a project file is called and how one is recognised: cheap enough for the command line
to ask before it loads anything else."""
from __future__ import annotations

import os

SQLITE_MAGIC = b"SQLite format 3\x00"
PROJECT_SUFFIX = ".natoplan"


def is_project_path(path: str | os.PathLike) -> bool:
    """A .natoplan name, or any file that starts as an SQLite database does."""
    if str(path).lower().endswith(PROJECT_SUFFIX):
        return True
    if not os.path.isfile(path):  # a FIFO would block the open, a device never end
        return False
    try:
        with open(path, "rb") as handle:
            return handle.read(len(SQLITE_MAGIC)) == SQLITE_MAGIC
    except OSError:
        return False
