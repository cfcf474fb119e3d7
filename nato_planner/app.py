"""Composition root: `report`/`export`/`chart` go to the command line, anything else opens the app."""
from __future__ import annotations

import sys

CLI_COMMANDS = {"report", "export", "chart", "brief", "project", "-h", "--help", "--version"}


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] in CLI_COMMANDS:
        from .cli import main as cli_main
        return cli_main(argv)
    from .ui.main_window import run_app  # Qt is imported only on the GUI path
    return run_app(argv)
