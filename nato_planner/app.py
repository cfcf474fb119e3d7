"""Composition root: `report`/`export`/`chart` go to the command line, anything else opens the app."""
from __future__ import annotations

import os
import sys

CLI_COMMANDS = {"report", "export", "chart", "brief", "project", "-h", "--help", "--version"}


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] in CLI_COMMANDS:
        from .cli import main as cli_main
        return cli_main(argv)
    if argv and not argv[0].startswith("-") and not os.path.exists(argv[0]):
        # a mistyped command must not open a window (on a server Qt would abort)
        commands = ", ".join(c for c in sorted(CLI_COMMANDS) if not c.startswith("-"))
        sys.stderr.write(f"error: '{_printable(argv[0])}' is neither a command ({commands}) "
                         "nor a budget file to open (see 'nato-planner --help')\n")
        return 2
    from .ui.main_window import run_app  # Qt is imported only on the GUI path
    return run_app(argv)


def _printable(text: str) -> str:
    return "".join(c if c.isprintable() else f"\\x{ord(c):02x}" for c in text)[:200]
