"""Text bound for a terminal: cell text may hold escape codes that must never reach it raw."""
from __future__ import annotations

import re

_CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """Control characters from cell text (ESC sequences that clear the screen or retitle the
    window, BEL, bidi overrides) shown escaped, never sent raw to the terminal."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 256
                        else f"\\u{ord(m.group()):04x}", text)
