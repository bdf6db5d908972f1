"""HTML pages (``.html``/``.htm``) -> page text the segmenter reads.

Two kinds of HTML carry news:

* **a news site's article page**: one story inside navigation, ads, related links and
  comments. ``trafilatura`` (a maintained main-text extractor) finds the story and its
  metadata: title, author, date and canonical address.
* **an e-paper page** (电子版): several stories of one printed page, each a heading and
  paragraphs. Main-text extraction would keep one of them, so the page is rendered
  whole through ``lxml``'s HTML parser instead, without scripts, styles, navigation,
  headers, footers, forms and asides.

A page with two or more headings that each have text under them is an e-paper page.
Either way the result is markdown-like text (``#`` headings, ``**`` bold sub-headlines,
blank lines between paragraphs, the address as a ``[原文](url)`` line), which the
segmenter reads like any markdown page; :class:`HtmlText` also carries the date found
in the page's metadata.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass

__all__ = ["HtmlText", "html_to_text", "looks_like_html", "parse_date"]

#: Elements whose content is never news text.
_DROP = ("script", "style", "noscript", "template", "nav", "header", "footer", "aside",
         "form", "iframe", "svg", "button", "select", "menu")
_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_BLOCKS = frozenset("p div section article blockquote ul ol li table tbody thead tr td th "
                    "dl dt dd pre figure figcaption main body center font".split()) | set(_HEADINGS)
_WS = re.compile(r"[ \t\r\n\f\v]+")


@dataclass
class HtmlText:
    text: str  # markdown-like text for the segmenter
    date: dt.date | None = None  # from the page's metadata
    url: str | None = None
    kind: str = "article"  # "article" (main text) or "e-paper" (the whole page)


def looks_like_html(text: str) -> bool:
    """True when decoded text is an HTML document (whatever the file is called)."""
    head = text.lstrip("\ufeff \t\r\n")[:512].lower()
    return head.startswith(("<!doctype html", "<html")) or (
        "<html" in head and "<body" in text[:4096].lower())


def html_to_text(html: str) -> HtmlText:
    """Render an HTML page as page text (see the module docstring)."""
    from lxml import html as lxml_html

    try:
        root = lxml_html.document_fromstring(html)
    except Exception:  # lxml raises several types on hopeless input  # noqa: BLE001
        root = None
    url = _canonical(root) if root is not None else None
    if root is not None:
        blocks = _render(root)
        if _headed_stories(blocks) >= 2:
            return HtmlText(_join(blocks, url), _meta_date(root), url, "e-paper")
    # Main text of what is left once scripts, navigation and the like are gone.
    doc = _trafilatura(root if root is not None else html)
    if doc is not None and (doc.get("text") or "").strip():
        url = doc.get("url") or url
        blocks = []
        if doc.get("title"):
            blocks.append("# " + _WS.sub(" ", doc["title"]).strip())
        title_key = _WS.sub("", doc.get("title") or "")
        paras = []
        found_author = ""
        for p in re.split(r"\n\s*\n|\n", doc["text"]):
            p = p.strip()
            if not p or _WS.sub("", p) == title_key:
                continue  # the title again
            if len(p) <= 80 and _META_LINE.search(p):
                m = re.search(r"作者[:：]\s*([^\s|｜]+(?:\s[^\s|｜:：]+)*)", p)
                found_author = found_author or (m.group(1) if m else "")
                continue  # date, source and author line: metadata, not news
            paras.append(p)
        author = (doc.get("author") or "").strip() or found_author or (
            _meta(root, '//meta[@name="author"]/@content') if root is not None else "")
        if author and _byline(author):
            blocks.append(_byline(author))
        blocks += paras
        return HtmlText(_join(blocks, url), parse_date(doc.get("date")), url, "article")
    blocks = _render(root) if root is not None else []
    return HtmlText(_join(blocks, url), _meta_date(root) if root is not None else None,
                    url, "e-paper")


#: A line of article metadata on a news site: ``2024-05-06 08:30 来源：… 作者：…``.
_META_LINE = re.compile(r"(来源|作者|责任编辑|编辑|发布时间|发布日期|字号|浏览次数)[:：]")


def _meta(root, xpath: str) -> str:
    found = [str(v).strip() for v in root.xpath(xpath) if str(v).strip()]
    return found[0] if found else ""


def _join(blocks: list[str], url: str | None) -> str:
    if url:
        blocks = [*blocks, f"[原文]({url})"]
    return "\n\n".join(blocks) + "\n"


def _byline(author: str) -> str:
    """A byline line the segmenter reads (``■记者 张三 李四``), or "" when the author
    field names no person (a site, an agency)."""
    from kg.segmenting.bylines import parse_byline, role_regex

    names = [x for x in re.split(r"[\s,，、;；/|]+", author) if x]
    if not names:
        return ""
    line = " ".join(names) if role_regex().search(author) else "记者 " + " ".join(names)
    return "■" + line if parse_byline(line) else ""


def _trafilatura(html) -> dict | None:
    import trafilatura

    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
    logging.getLogger("htmldate").setLevel(logging.CRITICAL)
    try:
        doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False,
                                          include_tables=False, favor_precision=True)
    except Exception:  # a failed extraction falls back to the plain rendering  # noqa: BLE001
        return None
    if doc is None:
        return None
    return doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)


#: A calendar date in metadata: 2024-05-06(T08:30…), 2024/5/6, 2024年5月6日.
_YMD = re.compile(r"((?:19|20)\d\d)\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")


def parse_date(value: str | None) -> dt.date | None:
    """The first calendar date in a metadata value (HTML meta tags, XML date elements)."""
    if not value:
        return None
    m = _YMD.search(value)
    if not m:
        return None
    try:
        return dt.date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None


def _canonical(root) -> str | None:
    for xp in ('//link[@rel="canonical"]/@href', '//meta[@property="og:url"]/@content'):
        found = [v.strip() for v in root.xpath(xp) if v and v.strip().startswith("http")]
        if found:
            return found[0]
    return None


def _meta_date(root) -> dt.date | None:
    for xp in ('//meta[@property="article:published_time"]/@content',
               '//meta[@name="publishdate"]/@content', '//meta[@name="pubdate"]/@content',
               '//meta[@name="date"]/@content', "//time/@datetime"):
        for v in root.xpath(xp):
            d = parse_date(str(v).strip())
            if d:
                return d
    return None


def _render(root) -> list[str]:
    """The page as blocks of text: headings as ``#`` lines, a paragraph that is bold
    throughout as ``**…**``, everything droppable dropped."""
    for el in root.xpath("|".join(f"//{t}" for t in _DROP)):
        if el.tag == "header" and el.xpath(".//h1|.//h2|.//h3"):
            continue  # an article's own header holds its title
        if el.getparent() is not None:
            el.drop_tree()  # keeps the text that follows the element
    body = root.find("body")
    out: list[str] = []
    _walk(body if body is not None else root, out)
    return [b for b in out if b]


def _walk(el, out: list[str]) -> None:
    inline: list[str] = []
    bold_only = [True]

    def flush() -> None:
        text = _WS.sub(" ", "".join(inline)).strip()
        if text:
            out.append(f"**{text}**" if bold_only[0] and len(text) <= 64 else text)
        inline.clear()
        bold_only[0] = True

    def add(text: str | None, bold: bool) -> None:
        if text and text.strip():
            inline.append(text)
            if not bold:
                bold_only[0] = False
        elif text:
            inline.append(text)

    def visit(node, bold: bool) -> None:
        tag = node.tag if isinstance(node.tag, str) else ""
        tag = tag.lower()
        if tag in _HEADINGS:
            flush()
            text = _WS.sub(" ", node.text_content()).strip()
            if text:
                out.append("#" * _HEADINGS[tag] + " " + text)
        elif tag in _BLOCKS:
            flush()
            add(node.text, bold)
            for child in node:
                visit(child, bold)
                add(child.tail, bold)
            flush()
        elif tag == "br":
            inline.append("\n")
        else:
            b = bold or tag in ("strong", "b")
            add(node.text, b)
            for child in node:
                visit(child, b)
                add(child.tail, b)

    visit(el, False)
    flush()


def _headed_stories(blocks: list[str]) -> int:
    """Headings with a paragraph of text under them before the next heading."""
    n = 0
    for i, b in enumerate(blocks):
        if not b.startswith("#"):
            continue
        for nb in blocks[i + 1:]:
            if nb.startswith("#"):
                break
            if len(re.findall(r"[\u4e00-\u9fff]", nb)) >= 20:
                n += 1
                break
    return n
