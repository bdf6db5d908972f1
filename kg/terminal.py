"""Printing names that come from outside (file names) safely on a terminal."""

from __future__ import annotations

import os
import re

__all__ = ["shown"]

# C0 and C1 controls, DEL, and the bidirectional overrides that can make a printed name
# read differently from what it is.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def shown(name: str | os.PathLike[str]) -> str:
    """``name`` as it can be printed on one terminal line, whatever the locale.

    A path object stands for the name's bytes (``os.fsencode``: what the file system
    holds, whatever the locale), shown as UTF-8; a ``str`` is text. What is not UTF-8
    shows as ``\\xNN``; newlines, terminal escape codes and other control characters
    show as ``\\n``, ``\\x1b`` …, so a hostile file name cannot forge output lines or
    drive the terminal.
    """
    if isinstance(name, str):
        try:
            raw = name.encode("utf-8", "surrogateescape")
        except UnicodeEncodeError:
            raw = name.encode("utf-8", "backslashreplace")
    else:
        raw = os.fsencode(name)
    text = raw.decode("utf-8", "backslashreplace")

    def esc(m: re.Match[str]) -> str:
        ch = m[0]
        return {"\n": "\\n", "\r": "\\r", "\t": "\\t"}.get(ch) or \
            (f"\\x{ord(ch):02x}" if ord(ch) < 0x100 else f"\\u{ord(ch):04x}")

    return _UNPRINTABLE.sub(esc, text)

