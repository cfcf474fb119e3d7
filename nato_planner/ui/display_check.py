"""Before Qt starts: is there a screen to draw on, and can Qt's platform plugin load?

Without a display, QApplication aborts the process (exit 134, a plugin message about
libxcb-cursor0) instead of saying what is wrong. These checks run first and return one
sentence a delegate can act on. No Qt import here: importing Qt is what we are guarding.
"""
from __future__ import annotations

import ctypes.util
import os
import sys
from typing import Callable, Mapping, Sequence

# Shared library (as ctypes.util.find_library names it) -> the Debian package that holds it.
# README.md "System packages" lists every package named here (tests/test_setup_docs.py checks).
OFFSCREEN_LIBRARIES = {
    "EGL": "libegl1",
    "GL": "libgl1",
    "xkbcommon": "libxkbcommon0",
    "fontconfig": "libfontconfig1",
    "dbus-1": "libdbus-1-3",
}
X11_LIBRARIES = {
    "xcb-cursor": "libxcb-cursor0",
    "xcb-icccm": "libxcb-icccm4",
    "xcb-keysyms": "libxcb-keysyms1",
    "xcb-image": "libxcb-image0",
    "xcb-randr": "libxcb-randr0",
    "xcb-render-util": "libxcb-render-util0",
    "xcb-shape": "libxcb-shape0",
    "xcb-xkb": "libxcb-xkb1",
    "xkbcommon-x11": "libxkbcommon-x11-0",
    "X11-xcb": "libx11-xcb1",
}
HEADLESS_PLATFORMS = {"offscreen", "minimal", "vnc"}
NO_DISPLAY_SENTENCE = (
    "error: no display found (DISPLAY and WAYLAND_DISPLAY are not set): start the planner "
    "from a desktop session, or run it headless with QT_QPA_PLATFORM=offscreen; the "
    "command line (python main.py report BUDGET) needs no display.")


def display_problem(argv: Sequence[str] = (), environ: Mapping[str, str] | None = None,
                    find_library: Callable[[str], str | None] = ctypes.util.find_library,
                    platform: str = sys.platform) -> str | None:
    """One sentence saying why Qt cannot start a window here, or None when it can."""
    if not platform.startswith("linux"):
        return None  # Windows and macOS always have their native platform plugin
    env = os.environ if environ is None else environ
    chosen = _platform_asked_for(argv, env)
    if chosen in HEADLESS_PLATFORMS:
        return _missing_sentence(OFFSCREEN_LIBRARIES, find_library, f"the {chosen} platform")
    if chosen and not chosen.startswith("xcb"):
        return None  # wayland, eglfs, linuxfb...: the user chose; Qt reports its own errors
    if env.get("WAYLAND_DISPLAY") and not chosen:
        return None  # Qt picks its Wayland plugin (falls back to xcb only with DISPLAY)
    if not env.get("DISPLAY"):
        return NO_DISPLAY_SENTENCE
    return _missing_sentence({**OFFSCREEN_LIBRARIES, **X11_LIBRARIES}, find_library,
                             "a window on this X11 display")


def _platform_asked_for(argv: Sequence[str], env: Mapping[str, str]) -> str:
    args = list(argv)
    if "-platform" in args[:-1]:
        return args[args.index("-platform") + 1].split(":")[0].lower()
    return env.get("QT_QPA_PLATFORM", "").split(":")[0].split(";")[0].strip().lower()


def _missing_sentence(libraries: Mapping[str, str], find_library: Callable[[str], str | None],
                      purpose: str) -> str | None:
    missing = [package for name, package in libraries.items() if not find_library(name)]
    if not missing:
        return None
    return (f"error: Qt needs system libraries that are not installed for {purpose}: "
            f"install them with 'sudo apt-get install {' '.join(missing)}' (README.md, "
            f"System packages, lists them all).")
