"""XML news files (``.xml``) -> page text the segmenter reads.

News corpora are often kept as XML: one story a file with its title, report time and
paragraphs (event corpora annotate the sentences inline: ``<Sentence><Event>…
<Location>…</Location>发生…</Event></Sentence>``), or several ``<doc>`` records a file
with ``<url>``, ``<contenttitle>`` and ``<content>`` fields. Nothing here knows one
schema; it reads the shape:

* an element named like a title (``title``, ``headline``, ``contenttitle`` …) becomes a
  ``#`` heading, one named like a link (``url``, ``link``) the address of the story
  after it, one named like a date (``reporttime``, ``date``, ``pubdate`` …) the page's
  date, and one named like an identifier (``docno``, ``id``) is dropped;
* an element holding text of its own (a leaf, or mixed content such as an annotated
  sentence) is a paragraph, its inline markup dropped and its text kept in order;
* an element named like a paragraph (``p``, ``para``, ``paragraph``) is one paragraph
  whatever it holds (a ``<Paragraph>`` of annotated ``<Sentence>`` s: the sentences
  are joined).

Whitespace with a line break in it is the file's indentation, not text (Chinese has no
spaces between words), so it is removed; other runs of spaces become one space. The
result is markdown-like text with one paragraph a line, every line ended by its writer.
Entities are never resolved from outside the file and nothing is fetched (``lxml``
with ``resolve_entities=False, no_network=True``).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from kg.reading.html import parse_date

__all__ = ["XmlText", "looks_like_xml", "xml_to_text"]

_TITLE = frozenset({"title", "headline", "contenttitle", "hl1", "heading", "标题"})
_URL = frozenset({"url", "link", "source_url", "网址"})
_DATE = frozenset({"reporttime", "date", "pubdate", "publishdate", "datepublished",
                   "publishtime", "pubtime", "time", "日期"})
_PARA = frozenset({"p", "para", "paragraph", "段落"})
_SKIP = frozenset({"docno", "docid", "id", "erelation", "relation", "meta", "head"})
_INDENT = re.compile(r"[ \t\r\f\v]*\n\s*")  # whitespace holding a line break
_SPACES = re.compile(r"[ \t\r\f\v\u3000]+")


@dataclass
class XmlText:
    text: str  # markdown-like text for the segmenter
    date: dt.date | None = None  # from the first date element


def looks_like_xml(text: str) -> bool:
    """True when decoded text starts like an XML document (not an HTML one)."""
    return text.lstrip("\ufeff \t\r\n")[:5].lower() == "<?xml"


def xml_to_text(text: str) -> XmlText:
    """Render an XML news file as page text (see the module docstring). Raises
    ``ValueError`` when the file is not XML that can be read at all."""
    from lxml import etree

    body = re.sub(r"^\s*<\?xml[^>]*\?>", "", text.lstrip("\ufeff"), count=1)
    parser = etree.XMLParser(recover=True, resolve_entities=False, no_network=True,
                             remove_comments=True, remove_pis=True, huge_tree=False)
    # a file of several records without one root (<doc>…</doc><doc>…</doc>) is read
    # inside a root of our own
    try:
        root = etree.fromstring(("<kg-root>" + body + "</kg-root>").encode("utf-8"), parser)
    except etree.XMLSyntaxError as err:
        raise ValueError(f"not readable XML ({err})") from None
    if root is None:
        raise ValueError("not readable XML")
    out = _Out()
    out.walk(root)
    return XmlText("\n\n".join(out.blocks) + "\n" if out.blocks else "", out.date)


def _name(el) -> str:
    tag = el.tag if isinstance(el.tag, str) else ""
    return tag.rsplit("}", 1)[-1].lower()


def _clean(s: str) -> str:
    return _SPACES.sub(" ", _INDENT.sub("", s)).strip()


def _own_text(el) -> bool:
    """Whether the element holds text itself (a leaf with text, or mixed content)."""
    if el.text and el.text.strip():
        return True
    return any(c.tail and c.tail.strip() for c in el)


class _Out:
    def __init__(self) -> None:
        self.blocks: list[str] = []
        self.date: dt.date | None = None

    def walk(self, el) -> None:
        name = _name(el)
        if not name or name in _SKIP:
            return
        text = _clean("".join(el.itertext()))
        if name in _TITLE:
            if text:
                self.blocks.append("# " + text)
            return
        if name in _URL:
            if re.match(r"https?://\S+$", text):
                self.blocks.append(f"[原文]({text})")  # the address of the story that follows
            return
        if name in _DATE and not len(el):
            if self.date is None:
                self.date = parse_date(text)
            return
        kids = [c for c in el if _name(c) and _name(c) not in _SKIP]
        if name in _PARA or _own_text(el) or not kids:
            if text:
                self.blocks.append(text)
            return
        for c in kids:
            self.walk(c)
