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
from typing import TYPE_CHECKING, Sequence

from kg.lexicon import data_lines, data_rows
from kg.model import Mention

if TYPE_CHECKING:
    from kg.extracting.gazetteer import Gazetteer


#: jieba POS tags that never belong inside an organisation name.
_STOP_TAGS = ("p", "c", "u", "r", "y", "e", "x", "w", "d")
#: Maximum length of a name (characters), to keep runaway spans out.
_MAX_LEN = 24


@functools.lru_cache(maxsize=None)
def suffixes() -> dict[str, str]:
    """Organisation suffix -> kind."""
    rows = [ln.split("\t") for ln in data_lines("org_suffixes.txt")][1:]
    return {r[0]: r[1] for r in rows}


@functools.lru_cache(maxsize=None)
def _suffix_re() -> re.Pattern[str]:
    words = sorted(suffixes(), key=lambda w: (-len(w), w))
    return re.compile("|".join(map(re.escape, words)))


@functools.lru_cache(maxsize=None)
def left_stops() -> frozenset[str]:
    """Words that end an organisation name on its left."""
    return frozenset(data_lines("org_left_stops.txt"))


@functools.lru_cache(maxsize=None)
def non_orgs() -> frozenset[str]:
    """Strings with an organisation suffix that are not organisation names."""
    return frozenset(data_lines("org_nonorgs.txt"))


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
            a, b = lo + x, lo + x + len(w)
            if a < end < b and _post_at(text, end, b):
                # jieba glued a post to the suffix (协会会长): cut it off
                spans.append((a, end, w[:end - a], "n"))
                cut_ok = True
            else:
                spans.append((a, b, w, t))
            x += len(w)
            if b == end:
                cut_ok = True
        if not cut_ok:
            continue
        start = end
        last = [sp for sp in spans if sp[1] == end and sp[2] == m.group()]
        suffix_start = last[0][0] if last else -1  # the ending as a token of its own
        for s, e, w, t in reversed([sp for sp in spans if sp[1] <= end]):
            if e < end and (w in left_stops() or t.startswith(_STOP_TAGS)
                            or t == "i"
                            # a date or a count before the name (1953年|某科学院,
                            # 35家|航空公司)
                            or t == "q" or w[0].isdigit()
                            or (w in ("年", "月", "日") and s > 0 and text[s - 1].isdigit())
                            # a verb governs the name (包括某某集团, 出任某银行), unless
                            # it is part of it right before a bare ending (乡村振兴局)
                            or (t == "v" and not (e == suffix_start and len(w) >= 2))
                            or not all(_is_cjk(c) or c.isdigit() for c in w)):
                break
            if e == end and ((w in non_orgs() and len(w) > len(m.group()))
                             or t.startswith(_STOP_TAGS)
                             or (t.startswith("v") and t != "vn" and len(w) > len(m.group()))):
                start = end  # the suffix is part of a common word (干部, 头部)
                break
            start = s
        start = _extend_over_and(text, start, spans)
        name = text[start:end]
        whole = [sp for sp in spans if sp[0] == start and sp[1] == end]
        if whole and whole[0][3] not in ("nt", "nz", "ns", "j"):
            continue  # one ordinary word (公共场所), not a name
        if not _valid(name, m.group()):
            continue
        if m.group() == "政府" and not _chinese_unit_government(name):
            continue  # 某国政府 is that country (a place); 加快政府, 新政府 are no names
        key = _expand_key(name, home)
        canon = name
        if name.startswith("第") and text[max(0, start - 2):start] in _HOME_WORDS:
            # 我市第十批援疆工作队: an ordinal name is only a name with its unit
            unit = text[start - 1]
            if home and home.endswith(unit):
                key = canon = home + name
        found.append(Mention(text=name, start=start, end=end, type="organization",
                             name=canon, key=key, level=_suffix_kind(name), source="suffix"))
        last_end = end
    found += _listed_brands(text, found, home)
    found += _lexicon_orgs(text)
    found += _teams(text)
    found = _with_sub_units(text, found)
    found += _bare_bodies(text, found)
    return _nested_out(found)


#: Sub-units named right after their body (某大学物理系, 某医院儿科, 某局党组, 某部
#: 某某司, 某委信访室): the 1998 training clauses mark body and sub-unit as one name.
_SUB_UNIT = re.compile(r"(?:[\u4e00-\u9fff]{1,6}?(?:系|科|处|室|司)|党委|党组|党总支|党支部"
                       r"|团委)")
#: jieba tags a sub-unit's words may have (nouns, names, verbal nouns)
_SUB_UNIT_TAGS = ("n", "nz", "nt", "vn", "j")


#: A sub-unit that is one word of jieba's dictionary this common is that word (关系
#: 32,105, 体系 7,876), not a unit (办公室 4,373, 秘书处 176, 化学系 98)
_COMMON_SUB_UNIT_FREQ = 5000


def _word_freq(word: str) -> int:
    import jieba

    jieba.dt.check_initialized()
    return jieba.dt.FREQ.get(word, 0)


def _with_sub_units(text: str, found: list[Mention]) -> list[Mention]:
    """Bodies extended over a sub-unit printed right after them (某大学物理系): the
    sub-unit's words are nouns ending a jieba word on the unit ending (系, 科, 处, 室,
    司, 党委 …), at most three words, never a post (某局党委书记: the post names the
    body) nor a common
    word that ends so (关系, 体系)."""
    if not found:
        return found
    out = list(found)
    for m in found:
        hit = _SUB_UNIT.match(text, m.end)
        if hit is None or m.source not in ("suffix", "lexicon"):
            continue
        toks = _tokens(text[m.end:m.end + 10])
        x, end = 0, -1
        for w, t in toks[:3]:
            if not all(_is_cjk(c) for c in w) or t not in _SUB_UNIT_TAGS \
                    or w in left_stops():
                break
            x += len(w)
            if x <= hit.end() - m.end and _SUB_UNIT.fullmatch(text, m.end, m.end + x):
                end = m.end + x
        if end < 0 or _post_at(text, m.end, end) or text[m.end:end] in non_orgs() \
                or _word_freq(text[m.end:end]) >= _COMMON_SUB_UNIT_FREQ:
            continue  # 某局党委书记; 某局|关系到 (关系 is a common word, no sub-unit)
        name = text[m.start:end]
        out.append(Mention(text=name, start=m.start, end=end, type="organization",
                           name=name, key=m.key + text[m.end:end], level=m.level,
                           source="suffix"))
    return out


#: A bare party or government committee (县委, 市纪委, 村委会, 团省委): a body of some
#: place the text does not name with it.
_BARE_BODY = re.compile("团?[省市县区乡镇村]?(?:党委|纪委|教委|委会|委)")
#: Source of such mentions: ``kg mentions`` reports them, the graph does not take them
#: (every city's 市委 would become one node; see ``kg.extracting.mentions.graph_worthy``).
BARE_SOURCE = "bare"


def _bare_bodies(text: str, found: list[Mention]) -> list[Mention]:
    """Bare committees as words of their own, never inside another name or word
    (市委宣传部, 委员), never before a post (市委书记: the post names the unit)."""
    if "委" not in text:
        return []
    out: list[Mention] = []
    bounds = None
    covered = bytearray(len(text) + 1)
    for m in found:
        covered[m.start:m.end] = b"\x01" * (m.end - m.start)
    for m in _BARE_BODY.finditer(text):
        i, j, s = m.start(), m.end(), m.group()
        if len(s) < 2 or 1 in covered[i:j]:
            continue
        bounds = bounds or _word_edges(text)
        if i not in bounds or j not in bounds or _post_at(text, j, j + 1) \
                or _post_at(text, i + len(s) - 1, j + 1):
            continue  # 市委书记, 省委常委: the post names the unit; 委员: one word
        out.append(Mention(text=s, start=i, end=j, type="organization", name=s, key=s,
                           level="party" if s.endswith("委") else "government",
                           source=BARE_SOURCE))
    return out


#: jieba tags of proper-name tokens (a place, a person, a brand, an abbreviation).
_PROPER_TAGS = ("ns", "nr", "nz", "nt", "j", "nrt", "nrfg")


@functools.lru_cache(maxsize=None)
def lexicon() -> dict[str, tuple[str, str]]:
    """Surface form -> (usual name, kind) of the well-known organisations of
    kg/data/org_lexicon.tsv (names and aliases)."""
    out: dict[str, tuple[str, str]] = {}
    for r in data_rows("org_lexicon.tsv"):
        for s in [r["name"], *r["aliases"].split(",")]:
            if s:
                out.setdefault(s, (r["name"], r["kind"]))
    return out


@functools.lru_cache(maxsize=None)
def lexicon_common_words() -> frozenset[str]:
    """Lexicon names that are also ordinary words (日产, 奔驰, 小米):
    kg/data/org_lexicon_common_words.txt."""
    return frozenset(data_lines("org_lexicon_common_words.txt"))


@functools.lru_cache(maxsize=None)
def _lexicon_re() -> re.Pattern[str]:
    return re.compile("|".join(map(re.escape, sorted(lexicon(), key=lambda w: (-len(w), w)))))


def _word_edges(text: str):
    from kg.extracting.places import _boundaries  # jieba word edges, computed lazily

    return _boundaries(text)


def _lexicon_orgs(text: str) -> list[Mention]:
    """Well-known bodies by name (新华社, 国务院, 欧盟), as words of their own: the name
    begins a jieba word, and ends one or runs into a post (外交部长 -> 外交部)."""
    out: list[Mention] = []
    bounds = None
    for m in _lexicon_re().finditer(text):
        i, j, s = m.start(), m.end(), m.group()
        bounds = bounds or _word_edges(text)
        if i not in bounds:
            continue
        if j not in bounds and not _post_at(text, j - 1, j + 1):
            continue
        name, kind = lexicon()[s]
        if kind in ("company", "party", "bank") and s not in lexicon_common_words():
            i = _country_before(text, i, bounds)
        out.append(Mention(text=text[i:j], start=i, end=j, type="organization", name=name,
                           key=name, level=kind, source="lexicon"))
    return out


def _country_before(text: str, i: int, bounds) -> int:
    """Start of a company's or party's name printed with its country (某国|某某党, 日本|
    某某公司, as bodies found by their ending are): the country, a word of its own
    right before it, belongs to the name; the node stays the usual name."""
    from kg.extracting.gazetteer import get_world

    w = get_world()
    for k in range(min(i, 8), 1, -1):
        s = text[i - k:i]
        key = w.by_name.get(s)
        if key and w.places[key].level == "country" and i - k in bounds:
            return i - k
    return i


@functools.lru_cache(maxsize=None)
def _team_re() -> re.Pattern[str]:
    """Teams: a country or a Chinese province/city (full or short name), an optional
    men's/women's mark or a two-character club name, then 队 (中国队, 某省女队,
    某市某某队); not 队员, 队伍, 队长 (队长 is a post)."""
    from kg.extracting.gazetteer import get_gazetteer, get_world

    w = get_world()
    g = get_gazetteer()
    names = {s for s, k in w.by_name.items() if w.places[k].level == "country"}
    for i, lv in enumerate(g.levels):
        if lv in ("province", "city"):
            names.add(g.names[i])
            names.update(x for x in g.shorts[i].split("/") if len(x) >= 2)
    alt = "|".join(map(re.escape, sorted(names, key=lambda x: (-len(x), x))))
    # the club name holds no 队 of its own (某国队|组队 is the team, then a verb)
    return re.compile(f"(?:{alt})(?:国家)?(?:[男女]子?|(?:(?!队)[\u4e00-\u9fff]){{2}})?"
                      "队(?![员伍长列形])")


#: characters no team's name holds: function words, modals, adverbs (某国能派队参赛,
#: 某国等强队 are no teams)
_NO_TEAM_CHARS = "的和与及在对向是为了等能将会要也都就还又被把让"


def _teams(text: str) -> list[Mention]:
    if "队" not in text:
        return []
    out: list[Mention] = []
    bounds = None
    for m in _team_re().finditer(text):
        i, j, s = m.start(), m.end(), m.group()
        bounds = bounds or _word_edges(text)
        if i not in bounds or any(c in s for c in _NO_TEAM_CHARS):
            continue
        out.append(Mention(text=s, start=i, end=j, type="organization", name=s, key=s,
                           level="team", source="team"))
    return out


#: Words for the paper's own unit that may stand before an ordinal team name.
_HOME_WORDS = ("我市", "本市", "我县", "本县", "我区", "本区", "我省", "本省")


def _post_at(text: str, i: int, j: int) -> bool:
    """Does a post (会长, 党委书记) start at ``i`` and cover ``text[i:j]``?"""
    from kg.extracting.persons import post_regex

    m = post_regex().match(text, i)
    return bool(m and m.end() >= j)


def _extend_over_and(text: str, start: int, spans: list) -> int:
    """Start of a name that contains 和 (市发展和改革委员会, 市自然资源和规划局).

    The leftward walk stops at the conjunction 和; the name is extended over it only
    when the part after 和 is not a complete name itself (it does not begin with a
    unit prefix such as 市), and the part before 和 is short, begins with a unit
    prefix (市/县/区/省/州) or 国家, contains no stop word and is not an organisation
    itself (县人民医院和乡镇卫生院 stays two names).
    """
    if start < 3 or text[start - 1] != "和" or text[start] in _UNIT_PREFIX:
        return start
    left = [sp for sp in spans if sp[1] <= start - 1]
    new = start - 1
    for s, e, w, t in reversed(left):
        if e != new or w in left_stops() or t.startswith(_STOP_TAGS) \
                or not all(_is_cjk(c) for c in w):
            break
        new = s
        if start - 1 - new > 7:
            return start
    part = text[new:start - 1]
    if not part or len(part) < 2:
        return start
    if not (part[0] in _UNIT_PREFIX or part.startswith("国家")):
        return start
    if _suffix_re().search(part[-4:]) and _suffix_kind(part):
        return start  # the left part is an organisation of its own
    return new


_UNIT_PREFIX = "市县区省州"


@functools.lru_cache(maxsize=None)
def list_cues() -> tuple[str, ...]:
    """Words closing a list of organisations (等企业), longest first."""
    return tuple(sorted(set(data_lines("org_list_cues.txt")), key=lambda w: (-len(w), w)))


def _listed_brands(text: str, found: list[Mention], home: str | None) -> list[Mention]:
    """Unsuffixed names in a list closed by a cue (``甲瓷业、乙有限公司等企业``).

    A brand name without a suffix is accepted only here: each item of the ``、`` list
    before the cue must be 2-8 Chinese characters and contain a proper-name token
    (jieba nz/nt/ns/nr/j) or a word jieba does not know; common phrases
    (电子信息、装备制造等企业) are left alone.
    """
    import jieba

    out: list[Mention] = []
    freq = jieba.dt.FREQ
    for cue in list_cues():
        for m in re.finditer(re.escape(cue), text):
            end = m.start()
            # the list runs back to the previous clause punctuation
            lo = end
            while lo > 0 and text[lo - 1] not in "，。；：！？,;:!?\n（）()“”":
                lo -= 1
            items, pos = [], lo
            for part in re.split(r"[、和及与]", text[lo:end]):
                items.append((pos, pos + len(part)))
                pos += len(part) + 1
            for k, (a, b) in enumerate(items):
                if any(f.start <= a < f.end or f.start < b <= f.end for f in found + out):
                    continue
                if k == 0:  # the first item: drop leading stop words (为, 向 …)
                    toks = _tokens(text[a:b])
                    x = 0
                    for i, (w, t) in enumerate(toks):
                        if w in left_stops() or t.startswith(_STOP_TAGS) or t.startswith("v"):
                            a2 = a + x + len(w)
                            if a2 < b:
                                a = a2
                        x += len(w)
                name = text[a:b]
                if not 2 <= len(name) <= 8 or not all(_is_cjk(c) for c in name):
                    continue
                toks = _tokens(name)
                if not any(t in ("nz", "nt", "ns", "nr", "nrt", "j") or not freq.get(w)
                           for w, t in toks):
                    continue
                if name in non_orgs():
                    continue
                out.append(Mention(text=name, start=a, end=b, type="organization",
                                   name=name, key=name, level="company", source="list"))
    return out


def _chinese_unit_government(name: str) -> bool:
    """``某某市人民政府``, ``某某省政府``: a government named by a unit of the national
    register. A foreign country's government is reported as the country (a place), as
    news corpora annotate it (美国政府 -> 美国)."""
    from kg.extracting.gazetteer import get_gazetteer

    core = name[:-2]
    core = core[:-2] if core.endswith("人民") else core
    return bool(core) and bool(get_gazetteer().index.get(core))


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
    # on equal spans the lexicon's reading (its usual name and kind) comes first
    ms = sorted(ms, key=lambda m: (m.start, -(m.end - m.start), m.source != "lexicon"))
    out: list[Mention] = []
    for m in ms:
        if out and m.start < out[-1].end:
            if m.end - m.start > out[-1].end - out[-1].start:
                out[-1] = m
            continue
        out.append(m)
    return out


# --------------------------------------------------------------------------- places
def org_place(mention: Mention, home: str | None, gaz: Gazetteer | None = None,
              places: Sequence[Mention] = ()) -> str:
    """Key of the place an organisation belongs to, or "" when the name does not say.

    * a place mention (already resolved in context) at the start of the name:
      ``某某县社会福利中心`` -> that county; pass the text's place mentions as ``places``;
    * a unit prefix standing for the paper's home (``市委宣传部``, ``市自然资源和规划局``
      -> the home city; ``省…`` -> the home city's province);
    * otherwise a register name at the start of the name: an official name of any
      level (villages and townships only inside the home city), or a
      short name of county level and up that jieba knows as a place (``湖南工业大学``
      -> 湖南省; ``东方红农机合作社`` gives nothing).

    ``home`` is the home city's key or official name; ``gaz`` defaults to the
    process-wide gazetteer.
    """
    from kg.extracting.gazetteer import UNRESOLVED_PREFIX, get_gazetteer

    g = gaz or get_gazetteer()
    name = mention.name
    home_key = _home_key(home, g)
    nested = [p for p in places if p.type == "place" and p.start == mention.start
              and p.end <= mention.end and p.key in g
              and not p.key.startswith(UNRESOLVED_PREFIX)]
    if nested:
        return max(nested, key=lambda p: (p.end, p.key)).key
    if name[0] in _UNIT_PREFIX and home_key and not _register_prefix(name, g, home_key):
        unit = name[0]
        chain = [home_key, *g.ancestors(home_key)]
        for k in chain:  # 市 -> the home city; 省 -> its province
            if g.name(k).endswith(unit):
                return k
        return ""
    return _register_prefix(name, g, home_key)


def _home_key(home: str | None, g) -> str:
    if not home:
        return ""
    if home in g:
        return home
    keys = g.lookup(home)
    return keys[0] if len(keys) == 1 else ""


def _register_prefix(name: str, g, home_key: str) -> str:
    """Key of the longest register name the organisation name begins with, or ""."""
    from kg.extracting.places import _jieba_tags

    high = ("province", "city", "county", "zone")
    for n in range(min(len(name) - 1, 16), 1, -1):
        s = name[:n]
        keys = g.lookup(s)
        if not keys:
            continue
        official = [k for k in keys if g.name(k) == s]
        if not official:  # a short name: county level and up, known as a place
            if not (len(s) >= 3 or _jieba_tags().get(s) == "ns"):
                continue
            keys = [k for k in keys if g.level(k) in high]
        else:
            # a village's or township's name is unique in the register only by chance
            # (新华社 is no village named 新华): only the home city's own count
            keys = [k for k in official if g.level(k) in high or (
                home_key and (k == home_key or home_key in g.ancestors(k)))]
        if not keys:
            continue
        if home_key:
            local = [k for k in keys if k == home_key or home_key in g.ancestors(k)]
            if local:
                keys = local
        high_keys = [k for k in keys if g.level(k) in high]
        if len(keys) == 1:
            return keys[0]
        if len(high_keys) == 1 and len(keys) == len(high_keys):
            return high_keys[0]
        return ""  # ambiguous: do not guess
    return ""
