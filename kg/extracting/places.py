"""Place recognition in running text, resolved against the national register.

:func:`find_places` finds administrative units (full names, register short names,
ethnic-free and zone short forms), informal regions, venues and roads; it resolves
ambiguous names (thousands of 石山村) by the unit printed right before them, by the
places already resolved nearby (``context``) and by the newspaper's home city
(:func:`infer_home`). Names that exist in the register but cannot be placed come back
with an ``unresolved/<level>/<name>`` key (``Gazetteer.place`` gives ``resolved=False``).

Guards against false positives (precision first): township/village names only with
their generic suffix (镇/乡/街道/村/社区 …, data file); bare short names only for county
level and up, not in a stop list, and only on jieba word boundaries; venues and roads
only when the generic suffix is a word of its own after a proper-name stem.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections import Counter
from collections.abc import Sequence

from kg.extracting.gazetteer import UNRESOLVED_PREFIX, Gazetteer, get_gazetteer, get_world
from kg.lexicon import data_lines, data_rows, words_regex
from kg.model import Mention, Place
from kg.postag import cut_block, pos_cut

_ADMIN_HIGH = ("province", "city", "county", "zone")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_MAXLEN = 16  # longest surface form considered (湖南衡阳高新技术产业园区 is 12)
# characters after which a one-character city abbreviation may stand (来衡, 赴衡)
_ABBR_BEFORE = "来赴在驻援抵返离回"


@functools.lru_cache(maxsize=None)
def _list(name: str) -> tuple[str, ...]:
    return tuple(data_lines(name))


@functools.lru_cache(maxsize=None)
def _unit_suffixes() -> tuple[str, ...]:
    return tuple(sorted(_list("place_unit_suffixes.txt"), key=len, reverse=True))


@functools.lru_cache(maxsize=None)
def _short_stop() -> frozenset[str]:
    return frozenset(_list("place_short_stop.txt"))


@functools.lru_cache(maxsize=None)
def _common_shorts() -> frozenset[str]:
    """Short names news uses as words (统筹新建, 开展沿河检查), counted on the transcripts
    by tools/place_common_shorts.py: read as the unit only with close context."""
    return frozenset(r["short"] for r in data_rows("place_short_common.tsv"))


@functools.lru_cache(maxsize=None)
def _generic_unit_names() -> frozenset[str]:
    """Register units named by a generic term only (a township called 经济技术开发区,
    工业园区, 街道): they are that unit only right after their parent."""
    from kg.extracting.gazetteer import zone_suffixes

    return frozenset({s for s, _ in zone_suffixes()}
                     | {x for _, xs in zone_suffixes() for x in xs}
                     | {"街道", "林场", "农场", "工业区"})


@functools.lru_cache(maxsize=None)
def _jieba():
    import jieba  # imported lazily: loading the dictionary takes a moment

    jieba.setLogLevel(60)
    return jieba


class _Boundaries:
    """Offsets where jieba starts or ends a word, worked out lazily block by block.

    jieba cuts a text into runs of Han characters (its ``re_han_default``) and
    segments each run on its own; everything outside the runs is one token per
    character (``\\r\\n`` and whitespace kept whole). So the boundaries of the whole
    text are the run edges plus the word ends inside each run, and only the runs
    a query falls in need segmenting: the same answers as ``jieba.lcut(text)`` at a
    fraction of the cost (most texts ask about a handful of places).
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.runs = [(m.start(), m.end()) for m in _jieba().re_han_default.finditer(text)]
        self.run_starts = [a for a, _ in self.runs]
        self.memo: dict[int, frozenset[int]] = {}

    def __contains__(self, pos: int) -> bool:
        text = self.text
        if pos <= 0 or pos >= len(text):
            return pos == 0 or pos == len(text)
        r = bisect.bisect_right(self.run_starts, pos) - 1
        if r < 0 or pos >= self.runs[r][1]:  # outside any run: a token per character
            return not (text[pos - 1] == "\r" and text[pos] == "\n")
        a, b = self.runs[r]
        if pos == a:
            return True
        inner = self.memo.get(r)
        if inner is None:
            ends = []
            at = a
            for tok in cut_block(text[a:b]):  # jieba.lcut(text[a:b]), faster
                at += len(tok)
                ends.append(at)
            inner = self.memo[r] = frozenset(ends)
        return pos in inner


def _boundaries(text: str) -> _Boundaries:
    """Offsets where jieba starts or ends a word (supports ``pos in``)."""
    return _Boundaries(text)


def _has_unit_suffix(s: str) -> bool:
    return any(s.endswith(x) and len(s) > len(x) for x in _unit_suffixes())


# -- home city ---------------------------------------------------------------------

#: A home city must be named at least this many times more often than the runner-up.
_HOME_DOMINANCE = 2
#: ... and the texts must say 我市/全市/本市 (kg/data/place_implied_home.txt) at least
#: this often per text on average: a city paper does on every page (6-22 times on the
#: seed pages), national news almost never (5 times in 20 days of 新闻联播).
_HOME_WORDS_PER_TEXT = 2


def infer_home(texts: Sequence[str], gaz: Gazetteer | None = None) -> str | None:
    """Key of the paper's own city: the city (or municipality) most mentioned, full
    or short name, in the texts (a page or a whole corpus), provided it is clearly the
    paper's own: named at least twice as often as any other city, and the texts speak
    of "our city" (我市, 全市) as a city paper does. None otherwise (national news, a
    text naming no city), so that no namesake county is pulled in by a wrong guess."""
    g = gaz or get_gazetteer()
    counts: Counter[str] = Counter()
    home_words = 0
    words = _list("place_implied_home.txt")
    for text in texts:
        home_words += sum(text.count(w) for w in words)
        for m in _admin_candidates(text, g):
            keys = [k for k in m[3] if not k.startswith("?")
                    and g.level(k) in ("city", "province")]
            if len(keys) == 1 and (g.level(keys[0]) == "city"
                                   or g.name(keys[0]).endswith("市")):
                counts[keys[0]] += 1
    if not counts or home_words < _HOME_WORDS_PER_TEXT * len(texts):
        return None
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    if len(ranked) > 1 and ranked[0][1] < _HOME_DOMINANCE * ranked[1][1]:
        return None
    return ranked[0][0]


# -- candidates --------------------------------------------------------------------

def _admin_candidates(text: str, g: Gazetteer) -> list[tuple[int, int, str, list[str]]]:
    """(start, end, surface, keys) for every register name or alias in the text that
    passes the suffix/short-name guards; overlapping readings are all returned.

    Keys of bare short names that jieba does not know as a place name (合作, 振兴,
    常宁 tagged as a person name) are marked with a leading ``?``: they need context."""
    out = []
    bounds: _Boundaries | None = None
    tags = None
    n = len(text)
    stop = _short_stop()
    lengths = _name_lengths(g)
    index = g.index
    for i in range(n):
        if not _CJK.match(text[i]):
            continue
        # only the lengths some register name starting with these two characters has
        for L in lengths.get(text[i:i + 2], ()):
            j = i + L
            if j > n:
                continue
            s = text[i:j]
            ids = index.get(s)
            if not ids:
                continue
            keep = []
            for k in ids:
                lv = g.levels[k]
                if lv in ("township", "village"):
                    if _has_unit_suffix(s) and len(s) >= 3 and s not in stop:
                        keep.append(g.key_of(k))
                    continue
                if s in stop:
                    continue
                if s != g.names[k] and s in g.shorts[k].split("/"):
                    # bare short name: only as a word of its own
                    if bounds is None:
                        bounds = _boundaries(text)
                        tags = _jieba_tags()
                    if i in bounds and (j in bounds or text.startswith("地区", j)
                                        or _glued_word(text, j, bounds)):
                        weak = tags.get(s, "ns") != "ns" or s in _common_shorts()
                        keep.append(("?" if weak else "") + g.key_of(k))
                elif len(s) == 2:  # two-char full names (范县): a word of its own
                    if bounds is None:
                        bounds = _boundaries(text)
                        tags = _jieba_tags()
                    if i in bounds and j in bounds:
                        keep.append(g.key_of(k))
                else:
                    keep.append(g.key_of(k))
            if keep:
                out.append((i, j, s, keep))
    return out


def _glued_word(text: str, j: int, bounds: "_Boundaries", shortest: int = 3) -> bool:
    """jieba glued a place to the word after it (北京人民大会堂): the rest of the token
    from ``j`` is a dictionary word of its own of ``shortest`` or more characters."""
    for k in range(j + 1, min(len(text), j + 8) + 1):
        if k in bounds and k - j < shortest:
            return False
        if k in bounds:
            return bool(_jieba().dt.FREQ.get(text[j:k]))
    return False


@functools.lru_cache(maxsize=4)
def _name_lengths(g: Gazetteer) -> dict[str, tuple[int, ...]]:
    """Two-character prefix -> lengths (longest first, at most ``_MAXLEN``) of the
    register names and aliases beginning with it: lets the scan over a text skip the
    positions where no name can start instead of probing every length there."""
    lens: dict[str, set[int]] = {}
    for name in g.index:
        if 2 <= len(name) <= _MAXLEN:
            lens.setdefault(name[:2], set()).add(len(name))
    return {k: tuple(sorted(v, reverse=True)) for k, v in lens.items()}


def _jieba_tags() -> dict[str, str]:
    """jieba's part-of-speech tag per dictionary word (ns = place name)."""
    import jieba.posseg as pseg

    _jieba()
    return pseg.dt.word_tag_tab


def _select(cands: list[tuple[int, int, str, list[str]]]) -> list[tuple[int, int, str, list[str]]]:
    """Longest non-overlapping readings, left to right."""
    chosen: list[tuple[int, int, str, list[str]]] = []
    taken: set[int] = set()
    for c in sorted(cands, key=lambda c: (-(c[1] - c[0]), c[0])):
        if any(p in taken for p in range(c[0], c[1])):
            continue
        chosen.append(c)
        taken.update(range(c[0], c[1]))
    return sorted(chosen, key=lambda c: c[0])


# -- resolution --------------------------------------------------------------------

def _score(key: str, g: Gazetteer, adjacent: str | None, context: list[str],
           home: str | None) -> int:
    anc = g.ancestors(key)
    score = 0
    if adjacent and adjacent in anc:
        score += 1000  # 西岭镇石山村: the unit printed right before contains it
    sibling = 0
    for rank, c in enumerate(context[:50]):
        if c == key:
            score += 500 - rank
            break
        if c in anc:  # inside a place already named nearby; nearer ones win
            score += 400 - 10 * anc.index(c) - rank
            break
        if c.startswith(UNRESOLVED_PREFIX):
            continue
        c_anc = g.ancestors(c)
        if key in c_anc:
            score += 300 - rank  # contains a place already named (常宁 after 西岭镇)
            break
        if not sibling and anc and c_anc[:1] == anc[:1]:
            # beside a place of the same parent (宁波、温州、金华): the weakest tie, so
            # a containing unit named further back still decides (安阳市 vs 安阳县)
            sibling = 200 - rank
    else:
        score += sibling
    if home and (home == key or home in anc):
        score += 100
    return score


#: How many of the places named last may give a bare short name that is also a
#: common word (合作, 公安) its context.
_WEAK_CONTEXT = 8
#: jieba dictionary frequency from which a word is common vocabulary (合作 13,478,
#: 公安 2,800, 振兴 659) rather than a rare word (普兰 13, 常宁 6): a common word read as
#: a place needs close context (its parent unit), a province named nearby is not enough.
_COMMON_WORD_FREQ = 300


def _close_context(key: str, g: Gazetteer, adjacent: str | None, ctx: Sequence[str],
                   home: str | None) -> bool:
    """Is ``key`` placed by what surrounds it: the unit printed right before it, its
    parent unit (named nearby or the home city), or a unit inside it named nearby?"""
    anc = g.ancestors(key)
    parent = anc[0] if anc else None
    if adjacent and adjacent in anc:
        return True
    if parent and home == parent:
        return True
    return any(c != key and (c == parent or (not c.startswith(UNRESOLVED_PREFIX)
                                             and key in g.ancestors(c)))
               for c in ctx)


def find_places(text: str, *, context: Sequence[str] = (), home: str | None = None,
                gaz: Gazetteer | None = None) -> list[Mention]:
    """Place mentions in ``text``: type "place", ``name`` = official full name, ``key``
    and ``level``. ``context``: keys of places resolved nearby (earlier in the page or
    article, most relevant first); ``home``: the home city key (:func:`infer_home`)."""
    g = gaz or get_gazetteer()
    ctx = list(context)
    mentions: list[Mention] = []
    regions = _region_spans(text)
    cands = _select([c for c in _admin_candidates(text, g)
                     if not any(a < c[1] and c[0] < b for a, b in regions)])
    prev_end, prev_key = -2, None
    for (i, j, s, marked) in cands:
        weak = {k[1:] for k in marked if k.startswith("?")}
        keys = [k.lstrip("?") for k in marked]
        adjacent = prev_key if prev_end == i else None
        scored = sorted(((_score(k, g, adjacent, ctx, home), n, k)
                         for n, k in enumerate(keys)), key=lambda t: (-t[0], t[1]))
        best, _, key = scored[0]
        tie = len(scored) > 1 and scored[1][0] == best
        level = g.level(key)
        if level == "village":
            # villages: only next to, or in the context of, their township/county
            anc = g.ancestors(key)[:2]
            if not (adjacent in anc or any(c in anc for c in ctx)):
                if adjacent and g.level(adjacent) == "township":
                    # the text places it (先锋街道沿江社区) but the register lacks it
                    mentions.append(Mention(s, i, j, "place", s, key=f"{adjacent}/{s}",
                                            level="village", source="text-adjacent"))
                    prev_end, prev_key = j, None
                continue
        if key in weak and not (
                _close_context(key, g, adjacent, ctx[:_WEAK_CONTEXT], home)
                or (_jieba().dt.FREQ.get(s, 0) < _COMMON_WORD_FREQ and best > 0
                    and s not in _common_shorts() and _score(
                    key, g, adjacent, [c for c in ctx[:_WEAK_CONTEXT] if c != key], home))):
            # a bare short name that is also a common word (合作, 公安) needs context
            # of its own: its unit printed before it, or its parent unit (the home
            # city too) or a place inside it among the last few named; not itself named
            # before (one 合作 read as a place would make every later 合作 one); a
            # rare word (普兰, tagged a person name) may take its province from the last
            # few places, a common one not (合作 in an article on Gansu is cooperation)
            continue
        if level == "township" and s in _generic_unit_names() \
                and not (adjacent and adjacent in g.ancestors(key)):
            continue  # 打造经济技术开发区: a generic term, not the township of that name
        if s != g.name(key) and _begins_a_name(text, j):
            continue  # 北京时间, 某江创新论坛: the short name begins another name
        if level in ("township", "village") and best < 300 and j < len(text) \
                and _jieba().dt.FREQ.get(text[j - 1:j + 1]):
            continue  # 振兴乡村, 某某村民: the suffix begins a word, no context
        if level in ("township", "village") and best < 300 and i > 0 \
                and _jieba().dt.FREQ.get(text[i - 1:i + 1]):
            continue  # 部分乡镇: the first character ends a word, no context
        if best == 0 or tie:
            if len(keys) == 1:
                pass  # unique in the country: accept
            elif level in _ADMIN_HIGH:
                continue  # ambiguous county-level name without context: drop
            else:
                names = {g.name(k) for k in keys}
                name = names.pop() if len(names) == 1 else s
                lv = g.level(keys[0])
                mentions.append(Mention(s, i, j, "place", name,
                                        key=f"{UNRESOLVED_PREFIX}{lv}/{name}", level=lv,
                                        source="register-unresolved"))
                prev_end, prev_key = j, None
                continue
        mentions.append(Mention(s, i, j, "place", g.name(key), key=key, level=level,
                                source="register"))
        ctx.insert(0, key)
        prev_end, prev_key = j, key
    mentions += _world_places(text, mentions)
    mentions += _province_abbreviations(text, g, mentions)
    mentions += _implied_home(text, g, home, mentions)
    mentions += _abbreviations(text, g, ctx, home, mentions)
    mentions += _regions(text, mentions)
    mentions += _bare_regions(text, mentions)
    mentions += _features(text, g, ctx, home, mentions)
    return sorted(mentions, key=lambda m: (m.start, -m.end, m.key))


@functools.lru_cache(maxsize=None)
def _embedded_suffixes() -> tuple[str, ...]:
    return tuple(sorted(_list("place_embedded_suffixes.txt"), key=len, reverse=True))


#: jieba tags of the words that may stand between a short name and a name-ending word
_NOUNISH = ("n", "vn", "nz", "ns", "an", "j")


def _begins_a_name(text: str, j: int) -> bool:
    """Does a place name ending at ``j`` begin a longer proper name (北京时间,
    某江创新论坛)? The name-ending word (kg/data/place_embedded_suffixes.txt) must
    follow at once or after at most two noun-like words or verbs that are not hosting
    verbs (kg/data/place_host_verbs.txt: 北京举办论坛 keeps 北京)."""
    rest = text[j:j + 12]
    sufs = _embedded_suffixes()
    if not any(x in rest for x in sufs):
        return False
    if any(rest.startswith(x) for x in sufs):
        return True
    _jieba()
    between = 0
    hosts = frozenset(_list("place_host_verbs.txt"))
    for w, flag in pos_cut(rest):
        if any(w == x or w.endswith(x) and flag in _NOUNISH for x in sufs):
            return True
        if between == 2 or not (flag in _NOUNISH or flag == "v" and w not in hosts):
            return False
        between += 1
    return False


class _Covered:
    """Character positions covered by mentions: overlap tests in O(span), not
    O(mentions) (a long page holds thousands of mentions)."""

    def __init__(self, n: int, mentions: Sequence[Mention] = ()) -> None:
        self.mask = bytearray(n + 1)
        for m in mentions:
            self.add(m.start, m.end)

    def add(self, i: int, j: int) -> None:
        self.mask[i:j] = b"\x01" * (j - i)

    def __call__(self, i: int, j: int) -> bool:
        return 1 in self.mask[i:j]


def _overlaps(i: int, j: int, mentions: list[Mention]) -> bool:
    return any(m.start < j and i < m.end for m in mentions)


@functools.lru_cache(maxsize=None)
def _world_re() -> re.Pattern[str]:
    return words_regex(get_world().by_name)


@functools.lru_cache(maxsize=None)
def _abbr_cues() -> tuple[tuple[str, ...], tuple[str, ...]]:
    rows = data_rows("place_world_abbr_cues.tsv")
    before = tuple(sorted((r["word"] for r in rows if r["side"] == "before"), key=len))
    after = tuple(sorted((r["word"] for r in rows if r["side"] == "after"), key=len))
    return before, after


def _world_places(text: str, mentions: list[Mention]) -> list[Mention]:
    """Countries, foreign cities and world regions (kg.extracting.gazetteer.World).

    A name counts only as a word of its own (jieba boundaries on both sides; 中国人
    and 美国籍 too: a country may end before 人/籍), never inside a register place.
    One-character abbreviations (美, 俄, 华) only in two tight contexts: two of them
    making a word (中美, 日俄), or after/before a cue word of
    kg/data/place_world_abbr_cues.tsv (访美, 对华, 俄总统)."""
    w = get_world()
    out: list[Mention] = []
    bounds: _Boundaries | None = None
    covered: _Covered | None = None
    for m in _world_re().finditer(text):
        i, j, s = m.start(), m.end(), m.group()
        covered = covered or _Covered(len(text), mentions)
        if covered(i, j):
            continue
        bounds = bounds or _boundaries(text)
        key = w.by_name[s]
        place = w.places[key]
        # 中国人, 美国籍; jieba glues some names to the next word (美国政府, 中国人民)
        end_ok = j in bounds or (place.level == "country" and text[j:j + 1] in "人籍") \
            or _glued_word(text, j, bounds, 2)
        if not (i in bounds and end_ok) or _begins_a_name(text, j):
            continue  # 中国特色, 某国时间: part of a longer name
        out.append(Mention(s, i, j, "place", place.name, key=key, level=place.level,
                           source="world"))
    if w.abbr and any(c in text for c in w.abbr):
        out += _world_abbreviations(text, mentions + out, bounds or _boundaries(text))
    return out


def _world_abbreviations(text: str, taken: list[Mention],
                         bounds: "_Boundaries") -> list[Mention]:
    w = get_world()
    before, after = _abbr_cues()
    tags = _jieba_tags()
    out: list[Mention] = []
    n = len(text)
    covered = _Covered(n, taken)
    given = _Covered(n, taken)

    def add(p: int) -> None:
        key = w.abbr[text[p]]
        out.append(Mention(text[p], p, p + 1, "place", w.places[key].name, key=key,
                           level=w.places[key].level, source="world-abbreviation"))
        covered.add(p, p + 1)

    p = 0
    while p < n:
        c = text[p]
        if c not in w.abbr or covered(p, p + 1):
            p += 1
            continue
        if p > 0 and (text[p - 1].isdigit() or text[p - 1] in "·•‧∙"):
            p += 1  # 20日中午: a date, not Japan; ·墨菲: part of a transliterated name
            continue
        if text[p + 2:p + 3] in ("省", "市", "州", "县"):
            p += 1  # 哈马省: the two characters begin a name of a place of its own
            continue
        pair = text[p:p + 2]
        if len(pair) == 2 and pair[1] in w.abbr and pair[0] != pair[1] and "华" not in pair \
                and p in bounds and not given(p, p + 2) and not _begins_a_name(text, p + 2) \
                and (p + 2 in bounds or _glued_word(text, p + 2, bounds, 2)
                     or (p + 1 not in bounds and not _in_longer_word(text, p, bounds))) \
                and (tags.get(pair) in ("j", "ns", "nz", "nt", "t")
                     or (pair not in tags and p + 2 in bounds)  # 中蒙: jieba's own word
                     or (p + 1 in bounds and p + 2 in bounds)):
            add(p)  # 中美, 日俄: two countries side by side (中华 is not one; nor 中加 in 中加强)
            add(p + 1)
            p += 2
            continue
        cue_before = any(text.startswith(x, p - len(x)) for x in before if p >= len(x)) \
            and (_after_cue_word(text, p, before, bounds)
                 # a word of its own after a word ending in the cue (反对|美|侵犯); not
                 # 中, which as a word of its own is the postposition (救援中, 采访中)
                 or (c != "中" and p in bounds and p + 1 in bounds))
        right_ok = p + 1 >= n or not _CJK.match(text[p + 1]) or p + 1 in bounds \
            or (p not in bounds and _glued_word(text, p + 1, bounds, 2)) \
            or any(text.startswith(x, p + 1) for x in after)
        # 美方对, 俄总统; not 以方便 (the cue must end a word: 以|方便)
        cue_after = p in bounds and any(
            text.startswith(x, p + 1) and (p + 1 + len(x) >= n or p + 1 + len(x) in bounds)
            for x in after)
        if (cue_before and right_ok) or cue_after:
            add(p)
        p += 1
    return out


def _in_longer_word(text: str, p: int, bounds: "_Boundaries") -> bool:
    """Is ``text[p:p + 2]`` the beginning of a longer word of jieba's dictionary
    (哈马斯, 中英文)? jieba's guesses for unknown runs (中泰是) are not such words."""
    for k in range(p + 3, min(len(text), p + 8) + 1):
        if k in bounds:
            return bool(_jieba().dt.FREQ.get(text[p:k]))
    return False


def _after_cue_word(text: str, p: int, cues: tuple[str, ...], bounds: "_Boundaries") -> bool:
    """Is the character at ``p`` read after a cue word (访, 来, 在 …) that is a word of
    its own or begins one with it (来华, 在京举行)? A cue that ends a longer word
    (推进, 促进, 采访) is no cue: 推进中关村, 促进中小企业."""
    return any(text.startswith(x, p - len(x)) and p - len(x) in bounds
               for x in cues if p >= len(x))


@functools.lru_cache(maxsize=None)
def _province_abbr() -> dict[str, str]:
    """One-character abbreviation -> register key of the province (进京 -> 北京市)."""
    g = get_gazetteer()
    out = {}
    for r in data_rows("place_province_abbr.tsv"):
        keys = [k for k in g.lookup(r["name"]) if g.level(k) == "province"]
        if keys:
            out[r["abbr"]] = keys[0]
    return out


def _province_abbreviations(text: str, g: Gazetteer, mentions: list[Mention]) -> list[Mention]:
    """进京, 赴沪, 在港, 来湘: a province's one-character abbreviation after a cue word
    (kg/data/place_world_abbr_cues.tsv), ending a word."""
    abbr = _province_abbr()
    if not any(c in text for c in abbr):
        return []
    before, _ = _abbr_cues()
    bounds = _boundaries(text)
    out: list[Mention] = []
    covered = _Covered(len(text), mentions)
    for p, c in enumerate(text):
        if c not in abbr or p == 0 or covered(p, p + 1):
            continue
        if not _after_cue_word(text, p, before, bounds):
            continue
        # 在京举行 is one jieba word; 推进藏粮于技 is not Tibet (藏粮 begins a word)
        if not (p + 1 >= len(text) or not _CJK.match(text[p + 1]) or p + 1 in bounds
                or (p not in bounds and _glued_word(text, p + 1, bounds, 2))):
            continue
        key = abbr[c]
        out.append(Mention(c, p, p + 1, "place", g.name(key), key=key, level=g.level(key),
                           source="province-abbreviation"))
    return out


def _implied_home(text: str, g: Gazetteer, home: str | None,
                  mentions: list[Mention]) -> list[Mention]:
    """全市/我市/本市 refer to the home city."""
    if not home:
        return []
    out = []
    for w in _list("place_implied_home.txt"):
        for m in re.finditer(re.escape(w), text):
            if not _overlaps(m.start(), m.end(), mentions + out):
                out.append(Mention(w, m.start(), m.end(), "place", g.name(home), key=home,
                                   level=g.level(home), source="home-implied"))
    return out


def _abbreviations(text: str, g: Gazetteer, ctx: list[str], home: str | None,
                   mentions: list[Mention]) -> list[Mention]:
    """One-character city abbreviations after 来/赴/在/驻/援 (来衡 -> the home city),
    only for the home city or a city already named, and only where the character does
    not begin a longer name or word."""
    cities = [k for k in ([home] if home else []) + ctx
              if k in g and g.level(k) == "city"]
    out = []
    freq = _jieba().dt.FREQ
    for key in dict.fromkeys(cities):
        short = g.short(key) or g.name(key)
        ch = short[0]
        for m in re.finditer(f"[{_ABBR_BEFORE}]{re.escape(ch)}", text):
            p = m.start() + 1
            nxt = text[p + 1: p + 2]
            if _overlaps(p, p + 1, mentions + out):
                continue
            if nxt and _CJK.match(nxt) and (freq.get(ch + nxt) or (ch + nxt) in g.index
                                            or any(text[p:p + L] in g.index
                                                   for L in range(2, 6))):
                continue  # 衡山, 衡量 ...: part of a longer word
            out.append(Mention(ch, p, p + 1, "place", g.name(key), key=key,
                               level=g.level(key), source="abbreviation"))
    return out


def _region_spans(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for w in _list("place_regions.txt")
            for m in re.finditer(re.escape(w), text)]


def _regions(text: str, mentions: list[Mention]) -> list[Mention]:
    out = []
    for w in sorted(_list("place_regions.txt"), key=len, reverse=True):
        for m in re.finditer(re.escape(w), text):
            if not _overlaps(m.start(), m.end(), mentions + out):
                out.append(Mention(w, m.start(), m.end(), "place", w, key=f"region/{w}",
                                   level="region", source="region"))
    return out


@functools.lru_cache(maxsize=None)
def _bare_regions_re() -> re.Pattern[str]:
    return words_regex(_list("place_regions_bare.txt"))


def _bare_regions(text: str, mentions: list[Mention]) -> list[Mention]:
    """Macro-regions named by a bare word (华北, 江南; kg/data/place_regions_bare.txt),
    as words of their own where no other mention stands."""
    out: list[Mention] = []
    hits = list(_bare_regions_re().finditer(text))
    if not hits:
        return out
    bounds = _boundaries(text)
    covered = _Covered(len(text), mentions)
    for m in hits:
        i, j, w = m.start(), m.end(), m.group()
        if covered(i, j) or i not in bounds or j not in bounds:
            continue
        out.append(Mention(w, i, j, "place", w, key=f"region/{w}", level="region",
                           source="region"))
    return out


#: Words for a road itself: a name may stand before them (某某铁路, 某某公路).
_ROAD_WORDS = frozenset({"公路", "铁路", "道路", "马路", "大道", "大街", "高速公路"})


def _features(text: str, g: Gazetteer, ctx: list[str], home: str | None,
              mentions: list[Mention]) -> list[Mention]:
    """Venues and roads: a generic suffix that is a word of its own (or the end of one)
    after a 2-4 character stem of proper-name words."""
    venue = _list("place_venue_suffixes.txt")
    road = _list("place_road_suffixes.txt")
    sufs = sorted([(s, "venue") for s in venue] + [(s, "road") for s in road],
                  key=lambda t: -len(t[0]))
    if not any(s in text for s, _ in sufs):
        return []
    toks = _feature_tokens(text, tuple(s for s, _ in sufs))
    starts = []
    pos = 0
    for w, _ in toks:
        starts.append(pos)
        pos += len(w)
    stop = set(_list("place_feature_stop.txt"))
    proper = ("ns", "nr", "nz", "nrt", "j", "nt", "nrfg")
    out: list[Mention] = []
    for t, (w, flag) in enumerate(toks):
        for suf, kind in sufs:
            if not w.endswith(suf):
                continue
            head = w[: -len(suf)]
            if head and flag not in proper and w not in _ROAD_WORDS \
                    and _jieba().dt.FREQ.get(w):
                break  # an ordinary word that ends like a road (拓销路: 销路, 思路)
            stem_parts = [head] if head else []
            ok_flags = [flag] if head else []
            k = t - 1
            while k >= 0 and sum(map(len, stem_parts)) < 2:
                pw, pf = toks[k]
                if not all(_CJK.match(c) for c in pw):
                    break
                stem_parts.insert(0, pw)
                ok_flags.insert(0, pf)
                k -= 1
            stem = "".join(stem_parts)
            if not 2 <= len(stem) <= 5 or stem in stop or stem_parts[0] in stop \
                    or any(c in stop for c in stem[:1]):
                continue
            if kind == "road" and not (any(f in proper for f in ok_flags) or any(
                    g.levels[x] in _ADMIN_HIGH for x in g.index.get(stem, ()))):
                continue
            freq = _jieba().dt.FREQ
            if kind == "venue" and not (any(f in proper for f in ok_flags)
                                        or any(not freq.get(p) for p in stem_parts)):
                continue
            end = starts[t] + len(w)
            start = end - len(stem) - len(suf)
            if _overlaps(start, end, [m for m in mentions if m.level not in _ADMIN_HIGH]
                         + out):
                continue
            inside = [m for m in mentions if m.start <= start and m.end >= end]
            if inside:
                continue
            name = stem + suf
            before = [m for m in mentions if m.end == start and m.level in _ADMIN_HIGH
                      and not m.key.startswith(UNRESOLVED_PREFIX)]
            if any(m.start >= start for m in mentions if m.level in _ADMIN_HIGH
                   and m.end <= end):
                # the stem is itself a place name (衡山科学城): a venue named after it
                mentions[:] = [m for m in mentions
                               if not (m.start >= start and m.end <= end)]
            parent = before[-1].key if before else (
                next((c for c in ctx if c in g and g.level(c) in ("city", "county")),
                     home or ""))
            key = f"{parent}/{name}" if parent else f"{UNRESOLVED_PREFIX}{kind}/{name}"
            out.append(Mention(name, start, end, "place", name, key=key, level=kind,
                               source=kind))
            break
    return out


def _feature_tokens(text: str, suffixes: tuple[str, ...]) -> list[tuple[str, str]]:
    """jieba POS tokens of ``text`` as :func:`_features` needs them, cheaply.

    jieba.posseg cuts each run of Han characters (its ``re_han_internal``) on its
    own. Only runs containing a suffix can yield a venue or road, so the others
    stand as one placeholder token each (same length, so offsets hold; it cannot
    end with a suffix). A stem never reaches back across a run's edge, because the
    token before a run is a non-Han character that stops the stem; where a non-run
    stretch holds a CJK character (rare code points outside jieba's range) that
    argument fails and the whole text is tagged as before.
    """
    import jieba.posseg as pseg  # lazily: only when a suffix occurs

    _jieba()
    han = pseg.re_han_internal
    parts = [p for p in han.split(text) if p]
    if any(not han.fullmatch(x) for x in suffixes) \
            or any(not han.fullmatch(p) and _CJK.search(p) for p in parts):
        return list(pos_cut(text))
    toks: list[tuple[str, str]] = []
    for part in parts:
        if han.fullmatch(part) and any(x in part for x in suffixes):
            toks.extend(pos_cut(part))
        else:
            toks.append((part, ""))  # no suffix here, or not Han: never a stem
    return toks


def place_of(m: Mention, gaz: Gazetteer | None = None) -> Place:
    """The :class:`kg.model.Place` a place mention stands for (register units from
    the gazetteer; venues, roads and regions built from the mention)."""
    g = gaz or get_gazetteer()
    if m.key in g or m.key.startswith(UNRESOLVED_PREFIX):
        return g.place(m.key)
    parent = m.key.rsplit("/", 1)[0] if "/" in m.key and m.level != "region" else ""
    in_register_level = m.level in ("township", "village")  # text-placed, not in register
    return Place(key=m.key, name=m.name, level=m.level, parent=parent,
                 resolved=m.level == "region" or (parent in g and not in_register_level))
