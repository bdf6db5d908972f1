"""Incremental XML output, byte for byte as ``ElementTree.indent`` + ``tostring`` would write it.

The GraphML and GEXF writers used to build a whole ``ElementTree`` (hundreds of
thousands of elements for a large archive) and serialise it at the end, which held
the tree, the text and the encoded bytes in memory at once. ``XmlStream`` writes one
element at a time into an open text file instead, with the same escaping (see
``xml.etree.ElementTree._escape_cdata`` / ``_escape_attrib``), the same two-space
indentation and the same ``<tag />`` form for elements without content, so the files
are unchanged.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO, Iterable

from kg.export.atomic import atomic_path

_INDENT = "  "


def escape_text(text: str) -> str:
    """Character data as ElementTree escapes it (``& < >``)."""
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    return text


def escape_attr(text: str) -> str:
    """An attribute value as ElementTree escapes it (``& < > "`` and CR, LF, TAB)."""
    text = escape_text(text)
    if '"' in text:
        text = text.replace('"', "&quot;")
    if "\r" in text:
        text = text.replace("\r", "&#13;")
    if "\n" in text:
        text = text.replace("\n", "&#10;")
    if "\t" in text:
        text = text.replace("\t", "&#09;")
    return text


# Characters that escape_attr changes; most values have none (one regex scan in C).
_ATTR_SPECIAL = re.compile('[&<>"\r\n\t]')


def start_tag(tag: str, attrs: Iterable[tuple[str, str]]) -> str:
    """``<tag k="v" …`` without the closing ``>`` (values escaped where needed)."""
    parts = ["<", tag]
    for k, v in attrs:
        parts += (" ", k, '="', escape_attr(v) if _ATTR_SPECIAL.search(v) else v, '"')
    return "".join(parts)


class XmlStream:
    """Write indented XML element by element.

    ``open`` is lazy: an element that gets no child before ``close`` is written as
    ``<tag … />``, as ElementTree writes an empty element. Writers of many small
    elements render each one as a string themselves (a method call per ``<data>``
    line was most of their time) and hand it to ``raw``, indented by ``indent``.
    """

    def __init__(self, fh: IO[str]) -> None:
        self._write = fh.write
        self._stack: list[str] = []
        self._pending: str | None = None  # start tag not yet written (maybe empty)

    def _flush(self) -> None:
        if self._pending is not None:
            self._write(self._pending + ">\n")
            self._pending = None

    def open(self, tag: str, attrs: Iterable[tuple[str, str]] = ()) -> None:
        """Start an element that will have child elements."""
        self._flush()
        self._pending = _INDENT * len(self._stack) + start_tag(tag, attrs)
        self._stack.append(tag)

    def close(self) -> None:
        """End the innermost open element."""
        tag = self._stack.pop()
        if self._pending is not None:
            self._write(self._pending + " />\n")
            self._pending = None
        else:
            self._write(_INDENT * len(self._stack) + "</" + tag + ">\n")

    @property
    def indent(self) -> str:
        """The indentation of a child of the innermost open element."""
        return _INDENT * len(self._stack)

    def raw(self, text: str) -> None:
        """Write already rendered child lines of the innermost open element."""
        self._flush()
        self._write(text)

    def leaf(self, tag: str, attrs: Iterable[tuple[str, str]] = (), text: str = "") -> None:
        """A whole element without children; ``text`` is escaped here."""
        self._flush()
        head = _INDENT * len(self._stack) + start_tag(tag, attrs)
        if text:
            self._write(f"{head}>{escape_text(text)}</{tag}>\n")
        else:
            self._write(head + " />\n")


@contextmanager
def xml_file(path: str | os.PathLike[str]) -> Iterator[XmlStream]:
    """An ``XmlStream`` on a new UTF-8 file, written atomically (declaration included)."""
    with atomic_path(path) as tmp:
        # newline="" : write "\n" and any "\r" in values exactly as given.
        with open(tmp, "w", encoding="utf-8", newline="", buffering=1 << 20) as fh:
            fh.write('<?xml version="1.0" encoding="UTF-8"?>\n')
            yield XmlStream(fh)
