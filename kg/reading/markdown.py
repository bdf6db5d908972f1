"""A markup-free view of a page written in markdown, inline HTML or plain text.

Pages arrive as plain text, as markdown (``#`` headings, ``**bold**``, links) and as
markdown with inline HTML (``<p><strong>央视网消息</strong>（新闻联播）：…</p><p>…``, as
transcripts are published). :func:`clean_lines` turns any of them into lines of text
without markup, each character keeping its offset in the page, so that every fact still
points at the page as given. Markup becomes structure instead of text:

* ``#``…``######`` and ``<h1>``…``<h6>`` give the line a heading level;
* a line (or ``<p>``) that is bold throughout (``**…**``, ``<strong>``, ``<b>``) is
  marked ``bold``: a sub-headline in a digest;
* ``<p>``, ``<div>``, ``<li>`` … end a paragraph (a blank line), ``<br>`` ends a line;
  either way the line is marked ``hard``: ended by its writer, not at a column end;
* a line that is only a link (``[查看原文](https://…)``) yields its address as ``url``
  and no text; other links keep their text; images are dropped;
* entities (``&nbsp;`` ``&amp;`` ``&#20013;``) become the character they stand for, at
  the offset of their ``&``.

Plain text goes through unchanged (one :class:`Line` per input line).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

__all__ = ["Line", "clean_lines"]


@dataclass
class Line:
    """One line of the view: ``text[i]`` was read at ``offsets[i]`` of the page."""

    text: str = ""
    offsets: list[int] = field(default_factory=list)
    level: int = 0  # heading level 1-6, 0 for text
    bold: bool = False  # every character is bold: a sub-headline
    url: str = ""  # address of a link-only line (the line then has no text)
    #: Ended by markup (``</p>``, ``<br>``): the writer ended the line, so it is never a
    #: column break to rejoin, whatever its last character.
    hard: bool = False

    @property
    def blank(self) -> bool:
        return not self.text.strip() and not self.url


# Tags that end a paragraph (a blank line in the view) or a line.
_PARA_TAGS = frozenset("p div section article blockquote ul ol li table tr h1 h2 h3 h4 h5 h6 "
                       "header footer figure figcaption dl dt dd pre hr".split())
_LINE_TAGS = frozenset({"br", "td", "th"})
_BOLD_TAGS = frozenset({"strong", "b"})
# Content dropped with its tag pair: never text a reader sees.
_SKIP_TAGS = frozenset({"script", "style", "noscript", "template"})

_TOKEN = re.compile(
    r"<!--"  # a comment opens (its end is looked up once, see below)
    r"|<(/?)([A-Za-z][A-Za-z0-9]{0,15})\b[^<>]{0,2000}?(/?)>"  # tag
    r"|&(?:[A-Za-z][A-Za-z0-9]{1,31}|#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6});"  # entity
    r"|!\[[^\[\]\n]{0,300}\]\([^()\[\]\s]{0,2000}\)"  # markdown image
    r"|\[([^\[\]\n]{0,300})\]\(([^()\[\]\s]{1,2000})(?:\s+\"[^\"\n]{0,300}\")?\)"  # markdown link
    r"|\*\*",  # markdown bold mark
    re.S)
_HEADING_MARK = re.compile(r"[ \t\ufeff]*(#{1,6})(?=[ \t]|[^\x00-\x7f#])[ \t]*")
_MARKUP_CHARS = re.compile(r"[<&\[*!]")
_RULE = re.compile(r"[ \t]*([-*_])(?:[ \t]*\1){2,}[ \t]*")
#: Link text that names the link, not the news: the line gives the article's address.
_LINK_LABEL_MAX = 8


class _Builder:
    def __init__(self) -> None:
        self.lines: list[Line] = []
        self.cur = Line()
        self.chars: list[str] = []
        self.has_bold = self.has_plain = False

    def add(self, seg: str, off: int, bold: bool) -> None:
        """Add ``seg``, read at ``off`` (consecutive offsets; one offset for an entity)."""
        self.chars.append(seg)
        if len(seg) == 1 or off < 0:
            self.cur.offsets.extend([off] * len(seg))
        else:
            self.cur.offsets.extend(range(off, off + len(seg)))
        if seg.strip():
            if bold:
                self.has_bold = True
            else:
                self.has_plain = True

    def end_line(self, *, blank_after: bool = False, raw_blank: bool = False,
                 hard: bool = False) -> None:
        cur = self.cur
        cur.hard = hard
        text = "".join(self.chars)
        # Strip the line (keeping offsets in step).
        i, j = 0, len(text)
        while i < j and (text[i].isspace() or text[i] == "\ufeff"):
            i += 1
        while j > i and text[j - 1].isspace():
            j -= 1
        cur.text, cur.offsets = text[i:j], cur.offsets[i:j]
        cur.bold = self.has_bold and not self.has_plain
        if cur.text or cur.url:
            self.lines.append(cur)
        elif raw_blank:  # a blank line of the input: kept, gaps between items count
            self.lines.append(Line())
        if blank_after and self.lines and not self.lines[-1].blank:
            self.lines.append(Line())
        self.cur = Line()
        self.chars = []
        self.has_bold = self.has_plain = False


def clean_lines(text: str) -> list[Line]:
    """The page as lines without markup (blank lines kept as empty :class:`Line`)."""
    out = _Builder()
    skip_until: str | None = None
    pos = 0
    for raw in text.split("\n"):
        start = pos
        pos += len(raw) + 1
        if skip_until is None and _RULE.fullmatch(raw):
            out.end_line(raw_blank=True)  # a thematic break (``---``): no text
            continue
        if skip_until is None:
            m = _HEADING_MARK.match(raw)
            if m:
                out.cur.level = len(m.group(1))
                k = m.end()
            else:
                k = 0
        else:
            k = 0
        box = [skip_until]
        _clean_raw_line(raw, start, k, out, box)
        skip_until = box[0]
        out.end_line(raw_blank=not raw.strip())
    return out.lines


def _clean_raw_line(raw: str, start: int, k: int, out: _Builder,
                    skip_box: list[str | None]) -> None:
    bold_md = False
    bold_tag = 0
    if skip_box[0] is None and not _MARKUP_CHARS.search(raw, k):
        if k < len(raw):
            out.add(raw[k:], start + k, False)  # plain text: the common case, one step
        return
    no_close = False  # no "-->" left on the line: later "<!--" are text
    while (m := _TOKEN.search(raw, k)) is not None:
        if skip_box[0] is None and m.start() > k:
            out.add(raw[k:m.start()], start + k, bold_md or bold_tag > 0)
        k = m.end()
        tok = m.group(0)
        if m.group(2):  # a tag
            name = m.group(2).lower()
            closing = bool(m.group(1))
            if skip_box[0] is not None:
                if closing and name == skip_box[0]:
                    skip_box[0] = None
                continue
            if name in _SKIP_TAGS and not closing and not m.group(3):
                skip_box[0] = name
            elif name in _BOLD_TAGS:
                bold_tag = max(0, bold_tag + (-1 if closing else 1))
            elif name in _PARA_TAGS:
                out.end_line(blank_after=True, hard=True)
                if not closing and name[0] == "h" and name[1:].isdigit():
                    out.cur.level = int(name[1:])
            elif name in _LINE_TAGS:
                level = out.cur.level
                out.end_line(hard=True)
                out.cur.level = level
            continue
        if skip_box[0] is not None:
            continue
        if tok == "<!--":
            end = -1 if no_close else raw.find("-->", m.end())
            if end >= 0:
                k = end + 3  # the comment's text is not page text
            else:
                no_close = True
                out.add(tok, start + m.start(), bold_md or bold_tag > 0)
            continue
        if tok.startswith("&"):
            ch = html.unescape(tok)
            for c in ch if len(ch) <= 2 else "":
                out.add(" " if c == "\xa0" else c, start + m.start(), bold_md or bold_tag > 0)
            continue
        if tok.startswith("!["):
            continue
        if tok.startswith("["):  # markdown link: keep its text
            label, url = m.group(4), m.group(5)
            only = not raw[:m.start()].strip(" \t*") and not raw[m.end():].strip(" \t*")
            if only and len(label.strip()) <= _LINK_LABEL_MAX:
                out.cur.url = url
                continue
            if only and re.match(r"https?://", url):
                out.cur.url = url
            if label:
                out.add(label, start + m.start() + 1, bold_md or bold_tag > 0)
            continue
        # **: toggles markdown bold
        bold_md = not bold_md
    if skip_box[0] is None and k < len(raw):
        out.add(raw[k:], start + k, bold_md or bold_tag > 0)
