"""Date expressions in Chinese news text, and the publication date of a page.

* :func:`find_dates` finds every date expression in a text (``4月8日``,
  ``2019年5月28日``, ``11月11日下午``, spans ``6月30日至7月1日`` / ``6月5日—11日``,
  day-only ``28日``, ``31日起``, relative ``昨日`` / ``今天`` / ``近日``, month periods
  ``6月上旬`` / ``6月份`` / ``本月``) and resolves them against the page date.
* :func:`infer_page_date` estimates when a page was published from the dates of its
  news leads (``本报讯 4月8日，…`` → 4月9日) and the year from printed years and
  dated political markers (``kg/data/date_markers.tsv``).

Conventions of :class:`DateMention`:

* ``precision == "day"``: ``date`` is the day (``end_date`` the last day of a span);
  ``date`` is ``None`` when the year or month cannot be known without a page date.
* ``precision == "month"``: ``date``/``end_date`` are the first and last day of the
  period named (``6月上旬`` → 1–10 June, ``6月份`` → 1–30 June).
* ``precision == "unknown"``: ``近日``, ``日前``, ``近期``: never given a date.

Both functions accept raw or normalised text (full-width digits are folded internally,
offsets refer to the string passed in).
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass

from kg.lexicon import data_regex, data_rows
from kg.reading.textnorm import normalize

__all__ = ["DateMention", "find_dates", "infer_page_date", "parse_cn_number"]


PARTS_OF_DAY = ("上午", "下午", "晚上", "晚间", "傍晚", "凌晨", "中午", "早上", "早晨",
                "清晨", "夜间", "夜里", "晚")


@dataclass
class DateMention:
    """One date expression found in a text; ``start``/``end`` index that text."""

    start: int
    end: int
    text: str
    date: dt.date | None
    end_date: dt.date | None = None
    precision: str = "day"  # "day", "month", "unknown"
    part_of_day: str = ""  # 上午, 下午, 晚上, 晚, 凌晨, 中午, 早上, ...
    # "", "yesterday", "today", "day_before_yesterday", "tomorrow", "recent",
    # "this_month", "last_month", "next_month"
    relative: str = ""
    open_ended: bool = False  # 31日起 "from the 31st on", 3月1日以来
    year_explicit: bool = False
    month: int | None = None  # as printed (or implied by a span start); None if absent
    day: int | None = None


# --------------------------------------------------------------------------- data

def _parse_bound(text: str, upper: bool) -> dt.date | None:
    """'2019', '2019-10' or '2019-10-28' as the first (or, if ``upper``, last) day."""
    if not text:
        return None
    parts = [int(x) for x in text.split("-")]
    y = parts[0]
    m = parts[1] if len(parts) > 1 else (12 if upper else 1)
    d = parts[2] if len(parts) > 2 else (calendar.monthrange(y, m)[1] if upper else 1)
    return dt.date(y, m, d)


@dataclass(frozen=True)
class _Marker:
    rx: re.Pattern[str]
    lo: dt.date | None
    hi: dt.date | None
    base: int | None
    note: str


@functools.lru_cache(maxsize=1)
def _markers() -> tuple[_Marker, ...]:
    out = []
    for r in data_rows("date_markers.tsv"):
        out.append(_Marker(re.compile(r["pattern"]), _parse_bound(r["from"], False),
                           _parse_bound(r["to"], True),
                           int(r["base"]) if r["base"] else None, r["note"]))
    return tuple(out)


@functools.lru_cache(maxsize=1)
def _tense() -> dict[str, re.Pattern[str]]:
    kinds: dict[str, list[str]] = {}
    for r in data_rows("date_tense_markers.tsv"):
        kinds.setdefault(r["kind"], []).append(f"(?:{r['pattern']})")
    return {k: re.compile("|".join(v)) for k, v in sorted(kinds.items())}


# --------------------------------------------------------------------------- numbers

_CN_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
              "六": 6, "七": 7, "八": 8, "九": 9}


def parse_cn_number(s: str) -> int | None:
    """Parse Arabic or simple Chinese numerals: '28', '十一', '二十八', '一百', '二〇二〇'."""
    if not s:
        return None
    if s.isdigit():
        return int(s)
    if all(c in _CN_DIGITS for c in s):  # digit by digit: 二〇二〇
        return int("".join(str(_CN_DIGITS[c]) for c in s))
    total, cur = 0, 0
    for c in s:
        if c in _CN_DIGITS:
            cur = _CN_DIGITS[c]
        elif c == "十":
            total += (cur or 1) * 10
            cur = 0
        elif c == "百":
            total += (cur or 1) * 100
            cur = 0
        else:
            return None
    return total + cur


# --------------------------------------------------------------------------- patterns

_Y = r"(?:19|20)\d\d|[〇零一二三四五六七八九]{4}"
_M = r"1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九]"
_D = (r"3[01]|[12]\d|0?[1-9]|三十一?|二十[一二三四五六七八九]?|十[一二三四五六七八九]?"
      r"|[一二三四五六七八九]")
_POD = r"上午|下午|晚上|晚间|傍晚|凌晨|中午|早上|早晨|清晨|夜间|夜里|晚(?!报)"
_TIME = r"\d{1,2}(?::\d\d|时(?:\d{1,2}分|半)?|点(?:\d{1,2}分|半|钟)?)"
_SEP = r"至|到|——|—|–|-|~|－|―"
_PERIOD = r"上中旬|中下旬|上旬|中旬|下旬|份|初|底|末"

# Each pattern is tried at every position; the earliest (then longest) match wins.
_PATTERNS: dict[str, re.Pattern[str]] = {
    # 6月5—7日: the start day lacks 日
    "md_span": re.compile(
        rf"(?<![\d.])(?:(?P<y>{_Y})年)?(?P<m>{_M})月(?P<d>{_D})(?:{_SEP})(?P<d2>{_D})[日号]"),
    # 2019年5月28日, 5月28日, 5月, 6月上旬, 6月份
    "md": re.compile(
        rf"(?<![\d.])(?:(?P<y>{_Y})年)?(?P<m>{_M})月(?:(?P<d>{_D})[日号]|(?P<period>{_PERIOD}))?"),
    # 1-3月, 1至3月份: a month range
    "mm_span": re.compile(
        rf"(?<![\d.])(?:(?P<y>{_Y})年)?(?P<m>1[0-2]|0?[1-9])(?:{_SEP})(?P<m2>1[0-2]|0?[1-9])月(?P<period>份)?"),
    # 2020-04-09, 2020/4/9, 2020.4.9
    "iso": re.compile(r"(?<![\d.:/])(?P<y>(?:19|20)\d\d)(?P<s>[-/.])(?P<m>1[0-2]|0?[1-9])"
                      r"(?P=s)(?P<d>3[01]|[12]\d|0?[1-9])(?![\d.:/])"),
    # 28日 (Arabic only: 一日 is too often not a date); after a lead's colon
    # (央视网消息（新闻联播）：5日下午) but not after a clock time's (10:5日)
    "d": re.compile(r"(?<![\d./月])(?<!\d:)(?P<d>3[01]|[12]\d|0?[1-9])日"),
    "rel": re.compile(r"昨日|昨天|今天|今日(?!头条)|前天|前日|明天|明日|昨晚|今晚|昨夜|今晨|"
                      r"近日|日前|近期|本月|上月|上个月|下月|下个月"),
}

_REL = {
    "昨日": ("yesterday", -1), "昨天": ("yesterday", -1),
    "今天": ("today", 0), "今日": ("today", 0),
    "前天": ("day_before_yesterday", -2), "前日": ("day_before_yesterday", -2),
    "明天": ("tomorrow", 1), "明日": ("tomorrow", 1),
    "昨晚": ("yesterday", -1), "昨夜": ("yesterday", -1),
    "今晚": ("today", 0), "今晨": ("today", 0),
    "近日": ("recent", None), "日前": ("recent", None), "近期": ("recent", None),
    "本月": ("this_month", 0), "上月": ("last_month", -1), "上个月": ("last_month", -1),
    "下月": ("next_month", 1), "下个月": ("next_month", 1),
}

#: The part of day a relative day word holds in itself.
_REL_POD = {"昨晚": "晚", "今晚": "晚", "昨夜": "夜间", "今晨": "早晨"}

_DAY_WORDS = frozenset(w for w, (rel, _k) in _REL.items() if rel not in ("recent",) and
                       not rel.endswith("month"))
# Relative years before a date without a printed year (去年6月).
_YEAR_WORDS = {"去年": -1, "今年": 0, "明年": 1, "前年": -2}

# Words ending in 日 that make a following 前 not the adverb 日前 (节日前夕, 生日前).
_NOT_RIQIAN_BEFORE = set("节生假作念每当周次翌终平往昔今昨明前抗向落红白旭烈月")
# Characters before a bare "N日" that make it a count of days (连续3日, 第3日, 每5日).
_COUNT_BEFORE = ("连续", "历时", "长达", "超过", "不到", "不足", "第", "连", "每", "满",
                 "近", "共", "约", "仅", "逾", "达", "用", "个", "了", "余")
_COUNT_AFTER = ("内", "以内", "之内", "左右", "以上", "以下", "游", "余")

_TAIL_POD = re.compile(rf"(?:{_POD})")
_TAIL_TIME = re.compile(rf"(?:{_POD})?{_TIME}(?:(?:{_SEP})(?:{_POD})?{_TIME}(?![\d月日号]))?")
_TAIL_DAY_SPAN = re.compile(
    rf"(?:{_SEP})(?:(?:(?P<y>{_Y})年)?(?P<m>{_M})月)?(?P<d>{_D})[日号]"
    rf"(?P<pod>{_POD})?(?:{_TIME}(?:(?:{_SEP}){_TIME}(?![\d月日号]))?)?")
_TAIL_MONTH_SPAN = re.compile(
    rf"(?:{_SEP})(?:(?P<y>{_Y})年)?(?P<m>{_M})月(?P<period>{_PERIOD})?(?!\d|[一二三四五六七八九十]+[日号])")
_TAIL_OPEN = re.compile(r"起|开始|以来")


@dataclass
class _Raw:
    """A date expression before resolution against a page date."""

    start: int
    end: int
    kind: str  # "abs", "day", "month", "rel"
    y: int | None = None
    m: int | None = None
    d: int | None = None
    period: str = ""
    y2: int | None = None
    m2: int | None = None
    d2: int | None = None
    period2: str = ""
    pod: str = ""
    rel: str = ""
    open_ended: bool = False
    yoff: int | None = None  # 去年6月: year relative to the page's year


def _num(s: str | None) -> int | None:
    return parse_cn_number(s) if s else None


def _extend(t: str, raw: _Raw) -> None:
    """Consume what follows a date: part of day, clock time, span end, 起."""
    pos = raw.end
    if raw.kind == "rel" and raw.rel in _DAY_WORDS:
        m = _TAIL_POD.match(t, pos)
        if m:
            raw.pod = m.group(0)
            raw.end = m.end()
        return
    if raw.d is not None:
        m = _TAIL_POD.match(t, pos)
        if m:
            raw.pod = m.group(0)
            pos = m.end()
        m = _TAIL_TIME.match(t, pos)
        if m:
            pos = m.end()
        if raw.d2 is None:
            m = _TAIL_DAY_SPAN.match(t, pos)
            if m:
                raw.y2, raw.m2, raw.d2 = _num(m["y"]), _num(m["m"]), _num(m["d"])
                pos = m.end()
    elif raw.kind == "month" and raw.m2 is None:
        m = _TAIL_MONTH_SPAN.match(t, pos)
        if m:
            raw.y2, raw.m2, raw.period2 = _num(m["y"]), _num(m["m"]), m["period"] or ""
            pos = m.end()
    m = _TAIL_OPEN.match(t, pos)
    if m and raw.kind != "rel":
        raw.open_ended = True
        pos = m.end()
    raw.end = pos


def _candidate(kind: str, mt: re.Match[str], t: str) -> _Raw | None:
    """Turn a pattern match into a raw date, or None if it is not a date after all."""
    g = mt.groupdict()
    if kind == "rel":
        word = mt.group(0)
        if word == "日前" and mt.start() > 0 and t[mt.start() - 1] in _NOT_RIQIAN_BEFORE:
            return None
        raw = _Raw(mt.start(), mt.end(), "rel", rel=word)
        raw.pod = _REL_POD.get(word, "")  # 昨晚: yesterday evening
        return raw
    if kind == "d":
        before = t[max(0, mt.start() - 2):mt.start()]
        after = t[mt.end():mt.end() + 2]
        if any(before.endswith(w) for w in _COUNT_BEFORE) or any(after.startswith(w) for w in _COUNT_AFTER):
            return None
        return _Raw(mt.start(), mt.end(), "day", d=int(g["d"]))
    y, m = _num(g.get("y")), _num(g.get("m"))
    d = _num(g.get("d"))
    if m is None or not 1 <= m <= 12 or (d is not None and not 1 <= d <= 31):
        return None
    if kind == "mm_span":
        m0 = int(mt["m"])
        m2 = int(mt["m2"])
        if not m0 < m2:
            return None
        return _Raw(mt.start(), mt.end(), "month", y=y, m=m0, m2=m2, period=g["period"] or "")
    if kind == "md_span":
        d2 = _num(g["d2"])
        if d2 is None or not d < d2 <= 31:
            return None
        return _Raw(mt.start(), mt.end(), "abs", y=y, m=m, d=d, d2=d2)
    period = g.get("period") or ""
    if d is None:
        # A bare Chinese-numeral month (三月的风) is a season, not a date.
        if not period and not g["m"].isdigit():
            return None
        return _Raw(mt.start(), mt.end(), "month", y=y, m=m, period=period or "")
    return _Raw(mt.start(), mt.end(), "abs", y=y, m=m, d=d)


def _scan(text: str) -> list[_Raw]:
    """All date expressions in ``text``, unresolved, in order, without overlaps."""
    t = normalize(text)
    found: list[tuple[int, int, int, str, re.Match[str]]] = []
    for order, (kind, rx) in enumerate(_PATTERNS.items()):
        for mt in rx.finditer(t):
            found.append((mt.start(), -(mt.end() - mt.start()), order, kind, mt))
    found.sort(key=lambda x: x[:3])
    out: list[_Raw] = []
    pos = 0
    for start, _neg, _order, kind, mt in found:
        if start < pos:
            continue
        raw = _candidate(kind, mt, t)
        if raw is None:
            continue
        _extend(t, raw)
        if raw.y is None and raw.kind in ("abs", "month"):
            raw.yoff = _YEAR_WORDS.get(t[max(0, raw.start - 2):raw.start])
        out.append(raw)
        pos = raw.end
    return out


# --------------------------------------------------------------------------- resolution

def _safe_date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def _nearest_year(m: int, d: int, page: dt.date) -> int | None:
    """The year (page year ±1) that puts month ``m`` day ``d`` nearest the page date."""
    best: tuple[int, int] | None = None
    for y in (page.year - 1, page.year, page.year + 1):
        x = _safe_date(y, m, d)
        if x is None:
            continue
        dist = abs((x - page).days)
        if best is None or dist < best[0]:
            best = (dist, y)
    return best[1] if best else None


def _year_for(raw: _Raw, d: int, page: dt.date | None) -> int | None:
    """Year of a date printed without one: 去年/今年/明年 if said, else the nearest."""
    if page is None:
        return None
    if raw.yoff is not None:
        return page.year + raw.yoff
    return _nearest_year(raw.m, d, page)


def _month_bounds(y: int, m: int, period: str) -> tuple[dt.date, dt.date]:
    last = calendar.monthrange(y, m)[1]
    lo, hi = {
        "上旬": (1, 10), "初": (1, 10), "中旬": (11, 20), "下旬": (21, last),
        "底": (21, last), "末": (21, last), "上中旬": (1, 20), "中下旬": (11, last),
    }.get(period, (1, last))
    return dt.date(y, m, lo), dt.date(y, m, hi)


def _shift_month(y: int, m: int, k: int) -> tuple[int, int]:
    i = y * 12 + (m - 1) + k
    return i // 12, i % 12 + 1


def _day_only_month(d: int, page: dt.date, open_ended: bool) -> tuple[int, int] | None:
    """Month for a bare day '28日': the page's month, else the one before.

    A day after the page's day is read as last month's (reports look back), except
    with 起 (``31日起`` announces something from the coming 31st).
    """
    this = (page.year, page.month)
    prev = _shift_month(page.year, page.month, -1)
    order = [this, prev] if (d <= page.day or open_ended) else [prev, this]
    for y, m in order:
        if _safe_date(y, m, d):
            return y, m
    return None


def _resolve(raw: _Raw, text: str, page: dt.date | None) -> DateMention:
    dm = DateMention(start=raw.start, end=raw.end, text=text[raw.start:raw.end], date=None,
                     part_of_day=raw.pod, open_ended=raw.open_ended,
                     year_explicit=raw.y is not None, month=raw.m, day=raw.d)
    if raw.kind == "rel":
        rel, k = _REL[raw.rel]
        dm.relative = rel
        if rel == "recent":
            dm.precision = "unknown"
            return dm
        if rel.endswith("month"):
            dm.precision = "month"
            if page is not None:
                y, m = _shift_month(page.year, page.month, k)
                dm.date, dm.end_date = _month_bounds(y, m, "")
                dm.month = m
            return dm
        if page is not None:
            dm.date = page + dt.timedelta(days=k)
            dm.month, dm.day = dm.date.month, dm.date.day
        return dm
    if raw.kind == "month":
        dm.precision = "month"
        y = raw.y if raw.y is not None else _year_for(raw, 15, page)
        if y is None:
            return dm
        dm.date, dm.end_date = _month_bounds(y, raw.m, raw.period)
        if raw.m2 is not None:
            y2 = raw.y2 if raw.y2 is not None else (y if raw.m2 >= raw.m else y + 1)
            dm.end_date = _month_bounds(y2, raw.m2, raw.period2 or raw.period)[1]
        return dm
    # Day precision: "abs" (month given) or "day" (day only).
    y: int | None
    if raw.kind == "day":
        if page is None:
            return dm
        ym = _day_only_month(raw.d, page, raw.open_ended)
        if ym is None:
            return dm
        y, m = ym
        dm.month = m
    else:
        m = raw.m
        y = raw.y if raw.y is not None else _year_for(raw, raw.d, page)
    start = _safe_date(y, m, raw.d) if y is not None else None
    dm.date = start
    if raw.d2 is not None and start is not None:
        m2 = raw.m2 if raw.m2 is not None else m
        y2 = raw.y2 if raw.y2 is not None else y
        end = _safe_date(y2, m2, raw.d2)
        if end is not None and end < start:
            # 12月30日至1月2日 crosses a year; 30日至2日 crosses a month.
            if raw.m2 is not None and raw.y2 is None:
                end = _safe_date(y2 + 1, m2, raw.d2)
            elif raw.m2 is None:
                ny, nm = _shift_month(y2, m2, 1)
                end = _safe_date(ny, nm, raw.d2)
        dm.end_date = end if end is not None and end >= start else None
    return dm


def find_dates(text: str, page_date: dt.date | None = None) -> list[DateMention]:
    """All date expressions in ``text``, in order of appearance.

    Years not printed are taken from ``page_date`` (the year that puts the date nearest
    to it); a day without a month (``28日``) gets the page's month, or the month before
    when the day is after the page's day. Without ``page_date`` such dates have
    ``date=None`` but keep ``month``/``day``. ``近日``/``日前``/``近期`` never get a date.
    Numbers that are not dates (``2018年度``, ``第16次``, ``10:00—12:00``, ``114家``,
    ``3208.03万元``, ``连续3日``) are not returned.
    """
    return [_resolve(raw, text, page_date) for raw in _scan(text)]


# --------------------------------------------------------------------------- page date

_PRINTED_YEAR = re.compile(r"(?<![\d.])((?:19|20)\d\d)(?=年(?!代)|[\u4e00-\u9fff“《\"])")
_FUTURE_YEAR_BEFORE = re.compile(r"(?:到|至|截至|截止|—|-|~|今后)\s*$")
_FUTURE_YEAR_AFTER = re.compile(r"^年?(?:前|以前|之前|远景|愿景|目标|规划|以后|之后)")


def _printed_years(text: str) -> list[tuple[int, str]]:
    """Years printed as the page's own (2020年第16次, 《2019年度…》, 2020湖南…)."""
    out = []
    for m in _PRINTED_YEAR.finditer(text):
        if _FUTURE_YEAR_BEFORE.search(text[max(0, m.start() - 3):m.start()]):
            continue
        if _FUTURE_YEAR_AFTER.search(text[m.end():m.end() + 4]):
            continue
        ctx = re.split(r"[\n,，。、;；:：“”《》]", text[m.start():m.end() + 8])[0]
        out.append((int(m.group(1)), ctx))
    return out


@dataclass(frozen=True)
class _Bound:
    lo: dt.date | None
    hi: dt.date | None
    exact: int | None  # a single year the marker names
    label: str  # the matched text

    def ok(self, d: dt.date) -> bool:
        return (self.lo is None or d >= self.lo) and (self.hi is None or d <= self.hi)


def _marker_bounds(text: str) -> list[_Bound]:
    out: list[_Bound] = []
    for mk in _markers():
        for m in mk.rx.finditer(text):
            if mk.base is not None:
                n = parse_cn_number(m.group("n"))
                if not n or n > 200:
                    continue
                y = mk.base + n
                before = text[max(0, m.start() - 6):m.start()]
                lo_year = y - 1 if re.search(r"迎接|喜迎|献礼|迎来", before) else y
                out.append(_Bound(dt.date(lo_year, 1, 1), dt.date(y, 12, 31), y, m.group(0)))
            else:
                exact = mk.lo.year if (mk.lo and mk.hi and mk.lo.year == mk.hi.year) else None
                out.append(_Bound(mk.lo, mk.hi, exact, m.group(0)))
            break  # one hit per marker is enough evidence
    return out


_NEXT_DATE = re.compile(r"(?:\d{1,2}|[一二三四五六七八九十]{1,3})[月日号]|昨日|昨天|今天|明天|明日")


_CLAUSE_STOP = re.compile(r"[。！？!?\n]")


def _is_future(t: str, raw: _Raw) -> bool:
    """True when a dated clause announces something rather than reports it."""
    if raw.open_ended:
        return True
    tense = _tense()
    before = t[max(0, raw.start - 6):raw.start]
    if tense["future"].search(before):
        return True
    after = t[raw.end:raw.end + 3]
    if re.match(r"前|以前|之前|底前", after):  # a deadline
        return True
    stop = _CLAUSE_STOP.search(t, raw.end)
    clause = t[raw.end:stop.start() if stop else len(t)]
    # A future word after a later date belongs to that date (…调研，计划于7月20日前完工).
    parts = _NEXT_DATE.split(clause, maxsplit=1)
    clause = parts[0]
    # …and so does one right before it (计划于7月20日).
    futs = [f for f in tense["future"].finditer(clause)
            if len(parts) == 1 or f.end() < len(clause) - 2]
    if not futs:
        return False
    fut = futs[0]
    rep = tense["report"].search(clause)
    return not (rep and rep.start() < fut.start())


def _in_period(t: str, raw: _Raw) -> bool:
    """True when the date bounds a statistics period (截至3月11日, inside brackets)."""
    before = t[max(0, raw.start - 4):raw.start]
    if _tense()["period"].search(before):
        return True
    after = t[raw.end:raw.end + 3]
    if re.match(r"以来|之前|以前|期间", after):
        return True
    # bounded look-back: an unbounded rfind made a page of many leads quadratic
    opened = t.rfind("(", max(0, raw.start - 29), raw.start)
    return opened != -1 and t.find(")", opened) >= raw.end


def _md_key(m: int, d: int, ref_month: int) -> tuple[int, int, int]:
    """Sort key for (month, day) without a year, treating a wrap over New Year."""
    return (1 if m < ref_month - 6 else 0, m, d)


def _lead_dates(t: str) -> tuple[list[tuple[_Raw, str]], int]:
    """First date of each news lead: [(raw date, description)], and the count of
    leads that start with a relative day (昨日).

    The page is scanned for dates once; each lead takes the dates between its start and
    the end of its paragraph (or the next lead, when several share one line). Scanning
    each lead's paragraph on its own made a page of many leads on one line quadratic.
    """
    lead_rx = data_regex("segment_leads.txt")  # the segmenter's list of lead openings
    leads = list(lead_rx.finditer(t))
    if not leads:
        return [], 0
    raws = _scan(t)
    starts = [r.start for r in raws]
    out: list[tuple[_Raw, str]] = []
    relative = 0
    for i, lm in enumerate(leads):
        line_end = t.find("\n", lm.end())
        stop = line_end if line_end != -1 else len(t)
        if i + 1 < len(leads):
            stop = min(stop, max(lm.end(), leads[i + 1].start()))
        # A dateline (本报5月28日讯 / 新华社北京5月28日电) is itself the lead date.
        first = None
        for raw in raws[bisect_left(starts, lm.start()):bisect_left(starts, stop)]:
            if raw.end > stop:
                break
            if raw.kind == "rel" and raw.rel in ("近日", "日前", "近期"):
                break
            if raw.kind == "rel":
                relative += 1 if raw.rel in ("昨日", "昨天", "今天", "今日") else 0
                break
            if raw.kind == "abs" and not _in_period(t, raw):
                first = raw
                break
            if raw.kind in ("day", "month"):
                break
        if first is not None:
            out.append((first, t[first.start:first.end]))
    return out, relative


def _choose_year(m: int, d: int, text: str, headlines: Sequence[str]
                 ) -> tuple[int | None, str]:
    """Year of a publication date (month ``m``, day ``d``) from printed years and markers."""
    bounds = _marker_bounds(text + "\n" + "\n".join(headlines))
    printed = _printed_years(text) + [py for h in headlines for py in _printed_years(normalize(h))]
    cands: dict[int, set[str]] = {}
    for y, _ctx in printed:
        cands.setdefault(y, set()).add("printed")
    for b in bounds:
        if b.exact:
            cands.setdefault(b.exact, set()).add("exact")
        if b.lo:
            cands.setdefault(b.lo.year, set()).add("bound")
            cands.setdefault(b.lo.year + 1, set()).add("bound")
        if b.hi:
            cands.setdefault(b.hi.year, set()).add("bound")
    if not cands:
        return None, "no printed year and no dated marker on the page"

    def page_day(y: int) -> dt.date | None:
        x = _safe_date(y, m, d)
        return x + dt.timedelta(days=1) if x else None

    def score(y: int) -> tuple[int, int, int, int]:
        p = page_day(y)
        sat = sum(b.ok(p) for b in bounds) if p else -1
        kinds = cands[y]
        # Most markers satisfied; then a printed year; then a year a marker names; then
        # the latest printed year (older ones are reviews), but the earliest merely
        # allowed year (nothing says it is later).
        return (sat, "printed" in kinds, "exact" in kinds,
                y if ("printed" in kinds or "exact" in kinds) else -y)

    best = max(sorted(cands), key=score)
    p = page_day(best)
    failed = [b.label for b in bounds if p and not b.ok(p)]
    kinds = cands[best]
    if "printed" in kinds:
        ctx = next(c for y, c in printed if y == best)
        why = f"year {best} printed on the page ({ctx})"
    else:
        support = [b for b in bounds if b.exact == best] or [b for b in bounds if p and b.ok(p)]
        labels = "、".join(dict.fromkeys(b.label for b in support[:3]))
        why = (f"year {best} from marker {labels}" if "exact" in kinds
               else f"year {best}: earliest year allowed by marker {labels}")
    if failed:
        why += f" (conflicts with {'、'.join(failed[:3])})"
    return best, why


def infer_page_date(text: str, *, headlines: Sequence[str] = ()) -> tuple[dt.date | None, str]:
    """Estimate a page's publication date; return it with a readable method string.

    Day: a dated report appears the day after its event, so the page date is the
    latest event date + 1 day. The event dates used are the first date of each news
    lead (``本报讯 …``), leaving out announced ones (``将于``, ``拟``, ``定于``, ``届时``,
    ``31日起``, deadlines ``…前``) and statistics periods (``截至…``, bracketed). A lead
    date more than three days after all other lead dates (when there are at least two
    others) is treated as an announcement too. Without any dated lead, the latest
    reported date anywhere on the page is used.

    Year: a year printed with the lead date, else printed years (``2020年第16次``,
    ``《2019年度…》``, ``2020湖南…``) and dated markers (``kg/data/date_markers.tsv``:
    ``十九届四中全会``, ``建党99周年``, ``收官之年`` …): the candidate year that
    satisfies most markers, preferring printed years (the latest) and years a marker
    names. Returns ``(None, reason)`` when no day or no year can be found.
    """
    t = normalize(text)
    leads, n_relative = _lead_dates(t)
    source = "news lead"
    usable = [(r, s) for r, s in leads if not _is_future(t, r)]
    if len(usable) >= 3:
        ref_month = max(r.m for r, _ in usable)
        keys = sorted(_md_key(r.m2 or r.m, r.d2 or r.d, ref_month) for r, _ in usable)
        kept = []
        for r, s in usable:
            k = _md_key(r.m2 or r.m, r.d2 or r.d, ref_month)
            # the latest of the other leads (without copying the list: many leads)
            latest_other = keys[-2] if k == keys[-1] else keys[-1]
            gap = _gap_days(latest_other, k)
            if gap <= 3:
                kept.append((r, s))
        usable = kept or usable
    if not usable:
        source = "latest date on the page (no dated news lead)"
        usable = [(r, t[r.start:r.end]) for r in _scan(t)
                  if r.kind == "abs" and not _is_future(t, r) and not _in_period(t, r)]
    if not usable:
        why = "no dated report on the page"
        if n_relative:
            why += f" ({n_relative} leads say 昨日/今日 but no day is printed)"
        return None, why
    ref_month = max(r.m for r, _ in usable)
    raw, shown = max(usable, key=lambda rs: _md_key(rs[0].m2 or rs[0].m, rs[0].d2 or rs[0].d,
                                                    ref_month))
    m = raw.m2 if raw.d2 is not None and raw.m2 else raw.m
    d = raw.d2 if raw.d2 is not None else raw.d
    if raw.y2 is not None or raw.y is not None:
        year = raw.y2 if raw.y2 is not None else raw.y
        why_year = f"year {year} printed with the date"
    else:
        year, why_year = _choose_year(m, d, t, headlines)
    day_text = f"latest event date {shown} ({source}) + 1 day"
    if year is None:
        return None, f"not inferred: {day_text}, but {why_year}"
    x = _safe_date(year, m, d)
    if x is None:
        return None, f"not inferred: {shown} is not a day in {year}"
    return x + dt.timedelta(days=1), f"inferred: {day_text}; {why_year}"


def _gap_days(a: tuple[int, int, int], b: tuple[int, int, int]) -> int:
    """Days from month/day key ``a`` to ``b`` (approximate: 31-day months)."""
    return ((b[0] * 12 + b[1]) * 31 + b[2]) - ((a[0] * 12 + a[1]) * 31 + a[2])
