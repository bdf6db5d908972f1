"""News leads and datelines: ``本报北京1月1日讯 记者张三报道:`` and the like.

A lead opens an article's first paragraph with who sent it, from where and when:

* ``本报讯``, ``本报北京1月1日讯``, ``本报北京1月1日电``
* ``新华社北京1月1日电（记者张三、李四）``, ``中新社…电``, ``人民网北京1月1日电``
* ``北京1月1日电（记者 张三）`` (an agency's dateline without its name)
* ``央视网消息（新闻联播）：``, ``据新华社电``

The openings are regular expressions in ``kg/data/segment_leads.txt`` (the dates stage
reads the same list); this module takes one apart: the place and date of the dateline
and the reporters named in it (``（记者 张三 通讯员 李四）`` or ``记者张三报道：``).
Text is expected full-width folded (:func:`kg.reading.textnorm.normalize`), so
``１月１日`` reads as ``1月1日``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from kg.lexicon import data_regex
from kg.model import Article, Reporter
from kg.segmenting.bylines import parse_byline, role_regex

__all__ = ["Dateline", "is_lead", "parse_dateline", "dateline_date", "date_article_dateline"]

_CJK = r"\u4e00-\u9fff"
#: Senders printed before a dateline's place (the longest alternatives first).
_SOURCE = (r"(?:据)?(?:本报|新华社|中新社|中新网|人民网|新华网|央视网|光明网|中国新闻网|"
           r"国际在线|中国日报网|经济日报|人民日报)")
_DATE = r"(?:(?P<year>\d{4})年)?(?P<month>\d{1,2})月(?P<day>\d{1,2})日"
_DATELINE = re.compile(
    rf"\s*(?P<src>{_SOURCE})?(?:驻)?(?P<place>[{_CJK}]{{2,8}}?)?\s*{_DATE}\s*(?:专)?(?:电(?![视话力网器子脑影])|讯)")
_PLAIN = re.compile(rf"\s*(?P<src>{_SOURCE})(?:讯|电|消息)")
_AFTER = re.compile(r"\s*(?:[(（](?P<inner>[^()（）]{1,60})[)）])?\s*")
#: ``记者张三报道：`` right after the dateline.
_REPORTED = re.compile(rf"\s*(?P<who>(?:(?:本报)?(?:特约|见习|首席)?(?:记者|通讯员)"
                       rf"[{_CJK}、\s·]{{2,40}}?))(?:报道|发自[{_CJK}]{{1,8}})?\s*[:：]")


@dataclass
class Dateline:
    """What a lead says about its article."""

    source: str = ""  # 本报, 新华社, 央视网 … as printed
    place: str = ""  # as printed: 北京, 乌鲁木齐
    year: int | None = None
    month: int | None = None
    day: int | None = None
    reporters: list[Reporter] = field(default_factory=list)
    end: int = 0  # where the news itself begins in the text given


def is_lead(text: str) -> bool:
    """True when ``text`` opens with a news lead (``本报讯``, ``新华社…电`` …)."""
    return bool(data_regex("segment_leads.txt").match(text.strip()))


def parse_dateline(text: str) -> Dateline | None:
    """Take apart the lead that opens ``text``; None when it opens with none."""

    m = _DATELINE.match(text)
    if m and m.group("place") and not m.group("src"):
        # An agency's dateline without its name: the place must stand at the start.
        if not re.fullmatch(rf"[{_CJK}]{{2,8}}", m.group("place")):
            m = None
    if m:
        d = Dateline(source=(m.group("src") or "").lstrip("据"), place=m.group("place") or "",
                     year=int(m.group("year")) if m.group("year") else None,
                     month=int(m.group("month")), day=int(m.group("day")))
    else:
        m = _PLAIN.match(text)
        if not m:
            return None
        d = Dateline(source=m.group("src").lstrip("据"))
    if d.place.startswith("驻"):
        d.place = d.place[1:]
    end = m.end()
    a = _AFTER.match(text, end)
    if a and a.group("inner"):
        # ``（记者 张三）`` names reporters; ``（新闻联播）`` names the programme.
        reps = parse_byline(a.group("inner")) if role_regex().search(a.group("inner")) else []
        if reps:
            d.reporters = reps
        end = a.end()
        if text[end:end + 1] in ":：":
            end += 1
    else:
        end = a.end() if a else end
        if text[end:end + 1] in ":：":
            end += 1
        r = _REPORTED.match(text, end)
        if r:
            reps = parse_byline(r.group("who").strip())
            if reps:
                d.reporters = reps
                end = r.end()
    while end < len(text) and text[end].isspace():
        end += 1
    d.end = end
    return d


def dateline_date(d: Dateline, published: dt.date | None) -> dt.date | None:
    """The dateline's day: its printed year, else the year that puts it on or before the
    publication date (a 12月31日 dateline on a 1 January page is of the year before)."""
    if d.month is None or d.day is None:
        return None
    year = d.year
    if year is None:
        if published is None:
            return None
        year = published.year
        if (d.month, d.day) > (published.month, published.day):
            year -= 1
    try:
        return dt.date(year, d.month, d.day)
    except ValueError:
        return None


def date_article_dateline(article: Article, published: dt.date | None) -> None:
    """Set ``article.dateline_date`` once the publication date is known (the dateline
    prints the month and day only)."""
    if article.dateline_date is not None:
        return
    d = parse_dateline(article.text[article.body_start:])
    if d is not None:
        article.dateline_date = dateline_date(d, published)
