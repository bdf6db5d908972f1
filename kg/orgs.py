"""Organisation names in plain Chinese news text, found by their endings.

An organisation ends in a suffix from kg/data/org_suffixes.txt (局, 委, 管委会, 有限公司,
大学, 福利院 …). Its left edge is found by walking jieba tokens leftwards from the suffix
until punctuation, a function word (preposition, conjunction, particle) or a stop word
from kg/data/org_left_stops.txt (在, 赴, 联合, 签订 …). Bare bodies (市委, 市政府) and
common words ending in a suffix (部门, 干部) are not reported (kg/data/org_nonorgs.txt).
Precision comes first: brand-like names without a suffix (an unmarked company name) are
left alone.

``Mention.name`` is the name as printed (spaces removed); ``Mention.key`` expands a
leading ``市``/``县``/``区``/``省`` with the home unit (``市委宣传部`` with home ``衡阳市`` ->
``衡阳市委宣传部``); ``Mention.level`` holds the kind (government, company, …).
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

from kg.model import Mention

DATA = Path(__file__).with_name("data")

#: jieba POS tags that never belong inside an organisation name.
_STOP_TAGS = ("p", "c", "u", "r", "y", "e", "x", "w")
#: Maximum length of a name (characters), to keep runaway spans out.
_MAX_LEN = 24


def _lines(name: str) -> list[str]:
    out = []
    for line in (DATA / name).read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            out.append(line)
    return out


@functools.lru_cache(maxsize=None)
def suffixes() -> dict[str, str]:
    """Organisation suffix -> kind."""
    rows = [ln.split("\t") for ln in _lines("org_suffixes.txt")][1:]
    return {r[0]: r[1] for r in rows}


@functools.lru_cache(maxsize=None)
def _suffix_re() -> re.Pattern[str]:
    words = sorted(suffixes(), key=lambda w: (-len(w), w))
    return re.compile("|".join(map(re.escape, words)))


@functools.lru_cache(maxsize=None)
def left_stops() -> frozenset[str]:
    """Words that end an organisation name on its left."""
    return frozenset(_lines("org_left_stops.txt"))


@functools.lru_cache(maxsize=None)
def non_orgs() -> frozenset[str]:
    """Strings with an organisation suffix that are not organisation names."""
    return frozenset(_lines("org_nonorgs.txt"))


def _is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or ch in "〇"


def _tokens(s: str) -> list[tuple[str, str]]:
    import jieba
    import jieba.posseg as pseg

    jieba.setLogLevel(60)
    return [(p.word, p.flag) for p in pseg.lcut(s, HMM=False)]


def _suffix_kind(name: str) -> str:
    for suf in sorted(suffixes(), key=len, reverse=True):
        if name.endswith(suf):
            return suffixes()[suf]
    return ""


def _expand_key(name: str, home: str | None) -> str:
    """``市委宣传部`` + home ``衡阳市`` -> ``衡阳市委宣传部``; otherwise the name."""
    if home and name[0] in "市县区省" and home.endswith(name[0]) and not name.startswith(home):
        return home + name[1:]
    return name


def find_orgs(text: str, *, home: str | None = None) -> list[Mention]:
    """Find organisation mentions in ``text``; offsets index ``text`` as given."""
    found: list[Mention] = []
    last_end = -1
    for m in _suffix_re().finditer(text):
        end = m.end()
        if end <= last_end:
            continue
        # the suffix must end a word: 局 in 局面, 部 in 部署 do not
        right = text[end:end + 4]
        lo = end - _MAX_LEN
        lo = max(lo, 0)
        # cut the window at the last non-CJK character before the suffix
        for i in range(m.start() - 1, lo - 1, -1):
            if not _is_cjk(text[i]) and not text[i].isdigit():
                lo = i + 1
                break
        window = text[lo:end] + right
        toks = _tokens(window)
        # boundary at the suffix end?
        x, cut_ok, spans = 0, False, []
        for w, t in toks:
            spans.append((lo + x, lo + x + len(w), w, t))
            x += len(w)
            if lo + x == end:
                cut_ok = True
        if not cut_ok:
            continue
        start = end
        for s, e, w, t in reversed([sp for sp in spans if sp[1] <= end]):
            if e < end and (w in left_stops() or t.startswith(_STOP_TAGS)
                            or t == "i"
                            or not all(_is_cjk(c) or c.isdigit() for c in w)):
                break
            if e == end and ((w in non_orgs() and len(w) > len(m.group()))
                             or t.startswith(_STOP_TAGS)
                             or (t.startswith("v") and t != "vn" and len(w) > len(m.group()))):
                start = end  # the suffix is part of a common word (干部, 头部)
                break
            start = s
        name = text[start:end]
        whole = [sp for sp in spans if sp[0] == start and sp[1] == end]
        if whole and whole[0][3] not in ("nt", "nz", "ns", "j"):
            continue  # one ordinary word (公共场所), not a name
        if not _valid(name, m.group()):
            continue
        found.append(Mention(text=name, start=start, end=end, type="organization",
                             name=name, key=_expand_key(name, home),
                             level=_suffix_kind(name), source="suffix"))
        last_end = end
    return _nested_out(found)


def _valid(name: str, suffix: str) -> bool:
    """Enough of a name before the suffix, and not a common word."""
    if name in non_orgs() or len(name) <= len(suffix):
        return False
    core = name[:-len(suffix)]
    if core[0] in "市县区省" and len(core) == 1:
        return False  # 市局, 市委: a bare body
    if len(core) < 2 and len(suffix) < 2:
        return False  # 该局, 各部
    # bare bodies (市政府, 党委) may end a longer name (某某市政府); common words may not
    if any(name.endswith(n) and (len(n) >= len(name) - 1 or len(n) > len(suffix))
           and n[0] not in "市省县区" and n not in ("政府", "党委", "中央", "党中央")
           for n in non_orgs()):
        return False  # 各部门 -> 部门 + one char
    return True


def _nested_out(ms: list[Mention]) -> list[Mention]:
    """Drop a mention inside a longer one (分行 inside 建设银行衡阳市分行)."""
    ms = sorted(ms, key=lambda m: (m.start, -(m.end - m.start)))
    out: list[Mention] = []
    for m in ms:
        if out and m.start < out[-1].end:
            if m.end - m.start > out[-1].end - out[-1].start:
                out[-1] = m
            continue
        out.append(m)
    return out
