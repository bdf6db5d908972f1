"""Person names and the posts stated next to them, in plain Chinese news text.

jieba's ``nr`` tag alone is unreliable on local news (it tags 小康 or 幸福感 as names and
splits three-character names), so names are found by *patterns* whose boundaries decide
the name's length:

* strong: after a post (``市委书记王明远``), after a role noun (``贫困户李某某``), in a list
  after a group word (``市领导甲、乙出席``), before a title (``王某某教授``), in a byline
  (``■本报记者 陈 晓``), and further items of a ``、`` list that started with one of these;
* weak: a sentence/clause subject directly followed by a cue verb (``某某某强调``);
* consistency: every name found once is recognised everywhere else in the same text.

A candidate is a surname (kg/data/surnames.txt) plus one or two characters, and it is
accepted only if the character after it is a boundary: not a Chinese character, a cue
word (kg/data/person_cues.txt), a title, a post or a list separator.

Lexicons live in kg/data/ (posts.txt, person_*.txt, surnames.txt).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Iterable, Sequence

from kg.lexicon import data_lines, data_rows
from kg.model import Mention, PostMention
from kg.extracting.orgs import find_orgs, lexicon


#: Single characters that, right after a two-character candidate, are more likely a
#: function word than a third name character (王芳在 -> 王芳 + 在).
#: Characters that after a post are a preposition rather than a surname (向, 同, 与 …)
_PREPOSITIONS = frozenset("向对在与和同跟给被把为从将")
_FUNCTION_CHARS = set("在和与对等还也又就来到赴同向的及为是作获答说家")


# --------------------------------------------------------------------------- lexicons
@functools.lru_cache(maxsize=None)
def surnames() -> tuple[frozenset[str], frozenset[str]]:
    """(single-character surnames, two-character surnames)."""
    words = data_lines("surnames.txt")
    return (frozenset(w for w in words if len(w) == 1),
            frozenset(w for w in words if len(w) == 2))


@functools.lru_cache(maxsize=None)
def cue_words() -> tuple[str, ...]:
    """Words that may follow a name, longest first."""
    return tuple(sorted(set(data_lines("person_cues.txt")), key=lambda w: (-len(w), w)))


@functools.lru_cache(maxsize=None)
def list_cues() -> tuple[str, ...]:
    """Group words after which a list of names follows (市领导), longest first."""
    return tuple(sorted(set(data_lines("person_list_cues.txt")), key=lambda w: (-len(w), w)))


@functools.lru_cache(maxsize=None)
def role_nouns() -> tuple[str, ...]:
    """Role nouns that may precede a name (贫困户), longest first."""
    return tuple(sorted(set(data_lines("person_roles.txt")), key=lambda w: (-len(w), w)))


@functools.lru_cache(maxsize=None)
def titles() -> dict[str, bool]:
    """Titles printed after a name -> whether they count as a post."""
    return {r["title"]: r["is_post"] == "1" for r in data_rows("person_titles.txt")}


@functools.lru_cache(maxsize=None)
def non_name_endings() -> tuple[str, ...]:
    """Forms of address that make ``surname + X`` not a name (李女士)."""
    return tuple(data_lines("person_nonnames.txt"))


@functools.lru_cache(maxsize=None)
def post_regex() -> re.Pattern[str]:
    """Regex of a post: ``[mod][unit][mod]base`` from kg/data/posts.txt."""
    rows = data_rows("posts.txt")

    def alt(kind: str) -> str:
        words = sorted({r["entry"] for r in rows if r["kind"] == kind},
                       key=lambda w: (-len(w), w))
        return "|".join(map(re.escape, words))

    return re.compile(f"(?:{alt('mod')})?(?:{alt('unit')})?(?:{alt('mod')})?(?:{alt('base')})")


@functools.lru_cache(maxsize=1)
def translit_chars() -> frozenset[str]:
    """Characters of transliterated foreign names (kg/data/person_translit_chars.txt and
    person_translit_more.txt, which the tagger's features do not read)."""
    return frozenset("".join("".join(r.split()) for name in ("person_translit_chars.txt",
                                                             "person_translit_more.txt")
                             for r in data_lines(name)))


def _foreign_name_at(text: str, p: int) -> int:
    """End of a transliterated name right after a post (议长某哈里, 秘书长某特雷斯), else
    -1: characters of kg/data/person_translit_chars.txt, one other character allowed
    between two of them (某迪亚耶), ``·`` or ``-`` joining parts; two to ten
    characters, ending where a name may end."""
    chars = translit_chars()
    q = p
    while q < len(text) and q - p < 10:
        c = text[q]
        if c in chars or (q > p and text[q - 1] in "·-" and _is_cjk(c)):
            q += 1  # after a dot any character begins the next part (…·马涅埃)
        elif c in "·-" and q > p and q + 1 < len(text) and _is_cjk(text[q + 1]):
            q += 1
        elif q > p and q + 1 < len(text) and _is_cjk(c) and text[q + 1] in chars \
                and (text[q - 1] in chars or text[q - 2:q - 1] in ("·", "-")) \
                and c not in _FUNCTION_CHARS and c not in "及与":
            q += 1  # 亚 in 某迪亚耶: one character outside the list between two inside
        else:
            break
    if q - p < 2 or text[q - 1] in "·-":
        return -1
    dotted = any(c in "·-" for c in text[p:q])  # a dot joining parts is name enough
    return q if dotted or _right_ok(text, q, verbs=True) else -1


@functools.lru_cache(maxsize=None)
def _dict_tags() -> dict[str, str]:
    """jieba's word -> POS tag table (used to reject common words like 会议, 周围)."""
    import jieba
    import jieba.posseg as pseg

    jieba.setLogLevel(60)
    pseg.dt.initialize() if hasattr(pseg.dt, "initialize") else None
    return pseg.dt.word_tag_tab


def _is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


# --------------------------------------------------------------------------- candidates
def _given_lengths(text: str, p: int) -> list[tuple[int, int]]:
    """Possible (surname length, total length) for a name starting at ``p``."""
    single, double = surnames()
    out = []
    if text[p:p + 2] in double:
        out += [(2, 4), (2, 3)]
    if p < len(text) and text[p] in single:
        out += [(1, 3), (1, 2)]
    return out


def _right_ok(text: str, q: int, *, verbs: bool = False) -> bool:
    """Is position ``q`` a plausible end of a name? ``verbs``: also before a verb,
    preposition or adverb of jieba's dictionary (only after a post, where a name is
    expected: elsewhere 向某|建新 would pass)."""
    if q >= len(text) or not _is_cjk(text[q]):
        return True
    if any(text.startswith(w, q) for w in cue_words()):
        return True
    if any(text.startswith(t, q) for t in titles()):
        return True
    if any(text.startswith(w, q) for w in role_nouns()):
        return True
    m = post_regex().match(text, q)
    if m and m.end() - q >= 2:
        return True
    return verbs and _verb_at(text, q)


#: jieba tags of the words that may follow a name directly (a verb, a preposition, an
#: adverb, a time word: 某某围绕…, 某某在…, 某某立即…, 某某今天…)
_AFTER_NAME_TAGS = ("v", "p", "d", "t")


def _verb_at(text: str, q: int) -> bool:
    """Does a verb, preposition or adverb of two or more characters of jieba's
    dictionary begin at ``q`` (围绕, 立即, 陪同)?"""
    return _verb_freq(text, q) > 0


def _verb_freq(text: str, q: int) -> int:
    """jieba's frequency of the commonest verb, preposition or adverb of two to four
    characters beginning at ``q`` (0: none)."""
    import jieba

    tags = _dict_tags()
    jieba.dt.check_initialized()
    best = max((jieba.dt.FREQ.get(text[q:q + n], 0) for n in (2, 3, 4)
                if q + n <= len(text) and tags.get(text[q:q + n], "") in _AFTER_NAME_TAGS),
               default=0)
    return best if best >= _MIN_VERB_FREQ else 0


#: A word this rare in jieba's dictionary is no evidence of a boundary: 明来 (a time
#: word, frequency 3) would cut 某忠明|来衡调研 to two characters; 陪同 has 547, 复信 33.
_MIN_VERB_FREQ = 10


def _plausible(name: str, *, weak: bool = False) -> bool:
    """Reject non-names: non-CJK, forms of address, common dictionary words."""
    if not all(_is_cjk(c) for c in name):
        return False
    if any(name.endswith(e) for e in non_name_endings()):
        return False
    tag = _dict_tags().get(name)
    if tag is not None and not tag.startswith("nr"):
        return False
    if weak and len(name) == 2 and name[0] == name[1]:
        return False  # reduplication (张张, 天天) is not a name
    return True


def _name_at(text: str, p: int, *, weak: bool = False, verbs: bool = False) -> int:
    """End of a name starting at ``p`` whose right boundary is valid, else -1.

    When both a two- and a three-character reading fit, the longer wins unless its
    last character is a common function word (王芳在会上 -> 王芳).
    """
    fits = []
    for _, n in _given_lengths(text, p):
        q = p + n
        if q > len(text):
            continue
        cand = text[p:q]
        if _right_ok(text, q, verbs=verbs) and _plausible(cand, weak=weak):
            fits.append(n)
    if not fits:
        return -1
    fits.sort(reverse=True)
    best = fits[0]
    longer_known = _dict_tags().get(text[p:p + best], "").startswith("nr")  # 某近平|复信
    if len(fits) > 1 and (text[p + best - 1] in _FUNCTION_CHARS
                          or (not longer_known
                              and _verb_freq(text, p + fits[1]) > _verb_freq(text, p + best))):
        # 王芳在会上; 某奇陪同考察, 某健参加: the last character begins a commoner verb
        # than the one after the longer reading (某某生|出席 keeps three characters)
        best = fits[1]
    return p + best


@dataclass
class _Hit:
    start: int
    end: int
    name: str
    source: str
    strength: int  # 3 byline, 2 strong pattern, 1 weak, 0 propagated


# --------------------------------------------------------------------------- patterns
_BYLINE_ROLE = re.compile(
    r"(?:本报|特约|首席)?(?:见\s*习\s*记\s*者|记\s*者|通\s*讯\s*员|实\s*习\s*生|摄\s*影|编\s*辑)")


def _bylines(text: str) -> list[_Hit]:
    """Names in byline lines (``■本报记者 陈 晓``, ``通 讯 员 李小红``) and in inline
    bylines in brackets (``本报讯（记者 孙 蕾 通讯员 王某）``)."""
    hits: list[_Hit] = []
    for m in re.finditer(r"[^\n]+", text):
        line, off = m.group(), m.start()
        stripped = line.lstrip(" \u3000\t")
        lead = len(line) - len(stripped)
        if len(stripped) > 60:
            continue
        if not (stripped.startswith("■") or _BYLINE_ROLE.match(stripped)):
            continue
        pos = lead + (1 if stripped.startswith("■") else 0)
        hits += _byline_names(line, off, pos)
    # inline: a bracket whose content starts with a byline role
    for m in re.finditer(r"[（(]([^（）()\n]{2,40})[）)]", text):
        inner = m.group(1)
        lead = len(inner) - len(inner.lstrip(" \u3000"))
        if _BYLINE_ROLE.match(inner, lead):
            hits += _byline_names(inner, m.start(1), lead)
    return hits


def _byline_names(line: str, off: int, pos: int) -> list[_Hit]:
    """Names in one byline string from ``pos`` on; ``off`` is its offset in the text."""
    hits: list[_Hit] = []
    single, double = surnames()
    # Split the line into runs between role words; each run holds names.
    pieces, last = [], pos
    for rm in _BYLINE_ROLE.finditer(line, pos):
        pieces.append((last, rm.start()))
        last = rm.end()
    pieces.append((last, len(line)))
    for a, b in pieces:
        toks = [(t.start() + a, t.end() + a) for t in re.finditer(r"[^\s\u3000]+", line[a:b])]
        if any(not all(_is_cjk(c) for c in line[s:e]) for s, e in toks):
            continue  # not a byline run (punctuation, digits)
        groups: list[list[tuple[int, int]]] = []
        for s, e in toks:
            # single characters separated by spaces belong to one padded name
            # (two at most: padding is used for two-character names)
            if e - s == 1 and groups and all(y - x == 1 for x, y in groups[-1]) \
                    and len(groups[-1]) < 2:
                groups[-1].append((s, e))
            else:
                groups.append([(s, e)])
        for g in groups:
            s, e = g[0][0], g[-1][1]
            name = "".join(line[x:y] for x, y in g)
            ok_sur = name[:2] in double or name[0] in single
            if 2 <= len(name) <= 4 and ok_sur and (len(name) < 4 or name[:2] in double):
                hits.append(_Hit(off + s, off + e, name, "byline", 3))
    return hits


#: An inline byline inside a dateline (``本报某地5月3日电记者某某某报道：``, ``记者某某摄``):
#: the role word, one name, then 报道 or 摄. In the 1998 training clauses all 85 such
#: spans hold exactly one name.
_INLINE_BYLINE = re.compile(
    r"(?:记\s*者|通\s*讯\s*员)([\u4e00-\u9fff]{2,4})(?=报道|摄(?![\u4e00-\u9fff]))")


def _inline_bylines(text: str) -> list[_Hit]:
    """Names between a byline role and 报道/摄 inside a line (``…电记者某某某报道``),
    which the line-start byline rule does not see; a surname first, no common word."""
    hits = []
    single, double = surnames()
    for m in _INLINE_BYLINE.finditer(text):
        name = m.group(1)
        sur = 2 if name[:2] in double else 1 if name[0] in single else 0
        if sur and 2 <= len(name) <= sur + 2 and _plausible(name):
            hits.append(_Hit(m.start(1), m.end(1), name, "byline", 3))
    return hits


@functools.lru_cache(maxsize=1)
def _post_speech_regex() -> re.Pattern[str]:
    """A bare post right before a speech verb (校长说, 副总理表示): kg/data/posts.txt's
    base posts of two characters or more and kg/data/person_post_verbs.txt."""
    from kg.lexicon import words_regex

    posts = [r["entry"] for r in data_rows("posts.txt") if r["kind"] == "base"
             and len(r["entry"]) >= 2]
    verbs = data_lines("person_post_verbs.txt")
    return re.compile(f"(?:{words_regex(posts).pattern})(?:[还也又]?)"
                      f"(?:{words_regex(verbs).pattern})")


#: A given name that is one of jieba's verbs or function words this common is that word
#: (司|有关负责人介绍: 有关 20,573); 建国 (a place word, 3,083) may be a given name.
_GIVEN_WORD_FREQ = 1000
_GIVEN_WORD_TAGS = ("v", "p", "c", "d", "r", "u", "m", "f")
#: Particles and prepositions that end the words before a title or post, not a name
#: (纪委的|同志): none ends a name of the 1998 training clauses.
_NOT_LAST_BEFORE_POST = frozenset("的了着与在是对")
#: Connectives and prepositions that, after a Han character, begin no name before a
#: title (我和|某林同志, 回信向|某昭女士): 6 of the 10,589 training names start so after a
#: Han character, all 向 after a post or 记者 (other rules).
_CONNECTIVE_FIRST = frozenset("和与同跟及向对在")


def _not_name_before_post(name: str) -> bool:
    """Whether the words before ``某某校长说`` read as no name: a common word heading a
    three-character name (公司|的), a common verb or function word as the given name
    (司|有关), a preposition before a one-character surname (向|江主席)."""
    import jieba

    tags = _dict_tags()
    sur = 2 if name[:2] in surnames()[1] else 1
    given = name[sur:]
    jieba.dt.check_initialized()
    return ((len(name) == 3 and not tags.get(name[:2], "nr").startswith("nr"))
            or (tags.get(given, "").startswith(_GIVEN_WORD_TAGS)
                and jieba.dt.FREQ.get(given, 0) >= _GIVEN_WORD_FREQ)
            or (len(name) == 2 and name[0] in _PREPOSITIONS))


def _before_posts(text: str) -> list[_Hit]:
    """Names right before a post that a speech verb follows (某某某校长说, 某某副总理表示),
    bounded as before a title; the post alone is not enough (学校校长 in running text)."""
    hits = []
    for m in _post_speech_regex().finditer(text):
        p = _name_start_before(text, m.start(), strict=True)
        if p >= 0:
            hits.append(_Hit(p, m.start(), text[p:m.start()], "title", 2))
    return hits


def _after_posts(text: str) -> list[_Hit]:
    """Names right after a post (市委书记X), a role noun (贫困户X) or a list cue (市领导X)."""
    hits = []
    starts: list[tuple[int, str]] = []
    for m in post_regex().finditer(text):
        starts.append((m.end(), "post"))
    for w in role_nouns():
        for m in re.finditer(re.escape(w), text):
            starts.append((m.end(), "role"))
    for w in list_cues():
        for m in re.finditer(re.escape(w), text):
            starts.append((m.end(), "list"))
    for p, src in sorted(set(starts)):
        # a name before a verb only where no preposition follows the post (负责人向|…)
        q = _name_at(text, p, verbs=src == "post" and text[p:p + 1] not in _PREPOSITIONS)
        if src == "post" and (q < 0 or text[q:q + 1] in "·-"):
            q = max(q, _foreign_name_at(text, p))  # 议长某哈里; 总统某勒斯·某登博斯
        if q < 0:
            continue
        hits.append(_Hit(p, q, text[p:q], src, 2))
        hits += _list_tail(text, q, src)
    return hits


def _list_tail(text: str, q: int, src: str) -> list[_Hit]:
    """Further names of a list ``X、Y、Z`` (also ``X和Y``) that began with a strong name."""
    hits = []
    while q < len(text) and text[q] in "、和及与，,":
        sep = text[q]
        p = q + 1
        e = _name_at(text, p)
        if e < 0:
            break
        if sep in "，," and not (e < len(text) and text[e] in "、，,"):
            break  # a comma continues a list only inside a list
        hits.append(_Hit(p, e, text[p:e], src + "-list", 2))
        q = e
    return hits


def _before_titles(text: str) -> list[_Hit]:
    """Names right before a title (王某某教授, 习某某总书记)."""
    hits = []
    for t in sorted(titles(), key=len, reverse=True):
        for m in re.finditer(re.escape(t), text):
            p = _name_start_before(text, m.start())
            if p >= 0:
                hits.append(_Hit(p, m.start(), text[p:m.start()], "title", 2))
    return hits


def _name_start_before(text: str, e: int, *, strict: bool = False) -> int:
    """Start of a name ending at ``e`` (before a title or post), else -1: four, three
    or two characters from a surname, starting where a word of jieba's cut of the left
    context starts, no common word, not itself ending in a title nor in a particle
    (纪委的|同志), not a connective first (我和|某林同志). ``strict`` (before a post, which
    is commoner in running text than a title): see :func:`_not_name_before_post`."""
    import jieba

    lo = max(0, e - 12)
    # token boundaries of the left context, to choose the name's start
    bounds, x = {0}, 0
    for tok in jieba.lcut(text[lo:e]):
        x += len(tok)
        bounds.add(x)
    for n in (4, 3, 2):
        p = e - n
        if p < lo or not any(k == n for _, k in _given_lengths(text, p)):
            continue
        name = text[p:e]
        left_ok = p == 0 or not _is_cjk(text[p - 1]) or (p - lo) in bounds
        if name[-1] in _NOT_LAST_BEFORE_POST or (
                n == 3 and name[0] in _CONNECTIVE_FIRST and p > 0 and _is_cjk(text[p - 1])):
            continue  # 纪委的|同志; 我和|某林同志 (和 is a surname too, but not there)
        if strict and _not_name_before_post(name):
            continue
        if left_ok and _plausible(name) and not any(name.endswith(x) for x in titles()):
            return p
    return -1


def _subjects(text: str) -> list[_Hit]:
    """Weak: a clause subject followed by a cue verb (。某某某强调)."""
    hits = []
    for m in re.finditer(r"(?:^|(?<=[^\u4e00-\u9fff]))[\u4e00-\u9fff]", text):
        p = m.start()
        q = _name_at(text, p, weak=True)
        if q < 0 or not _weak_ok(text, p, q):
            continue
        hits.append(_Hit(p, q, text[p:q], "subject", 1))
    return hits


#: POS tags of function words: a "given name" with one of these is a misreading (但同时).
_FUNCTION_TAGS = ("c", "p", "d", "r", "u", "m", "f", "t", "y", "e")


def _weak_ok(text: str, p: int, q: int) -> bool:
    """Extra checks for a subject-pattern name: it has no post to vouch for it."""
    import jieba

    name = text[p:q]
    # the following cue must be a real verb (2+ chars, or 说), not a function word
    def verb_at(i: int) -> bool:
        return any(text.startswith(w, i) and (len(w) >= 2 or w == "说") for w in cue_words())

    # 某某强调; also one adverb between (某某还深入, 某某也表示)
    if not (verb_at(q) or (q < len(text) and text[q] in "还也又再都就" and verb_at(q + 1))):
        return False
    tags = _dict_tags()
    sur = 2 if name[:2] in surnames()[1] else 1
    if len(name) - sur == 2:
        head = name[:sur + 1]
        if tags.get(head) and not tags[head].startswith("nr"):
            return False  # 幸福感: 幸福 is a word
    given = name[sur:]
    if tags.get(given, "").startswith(_FUNCTION_TAGS):
        return False  # 但同时: 同时 is a conjunction
    # jieba must not read a word across the name's end (全力以|赴)
    x = 0
    for tok in jieba.lcut(text[p:q + 6]):
        if x < q - p < x + len(tok):
            return False
        x += len(tok)
    return True


# --------------------------------------------------------------------------- public API
def find_persons(text: str) -> list[Mention]:
    """Find person-name mentions in ``text``; offsets index ``text`` as given.

    Names found by any pattern are then recognised at every other occurrence in the
    text. ``Mention.name`` has no inner spaces (``陈 晓`` -> ``陈晓``).
    """
    raw = (_bylines(text) + _inline_bylines(text) + _after_posts(text) + _before_titles(text)
           + _before_posts(text) + _subjects(text))
    strong = {h.name for h in raw if h.strength >= 2}
    # a weak name that is a prefix/extension of a strong one is a misreading of it
    names = set(strong)
    for h in raw:
        if h.strength < 2 and not any(
                s != h.name and (s.startswith(h.name) or h.name.startswith(s)) for s in strong):
            names.add(h.name)
    raw = [h for h in raw if h.name in names]
    for name in sorted(names, key=lambda s: (-len(s), s)):
        for m in re.finditer(re.escape(name), text):
            raw.append(_Hit(m.start(), m.end(), name, "consistency", 0))
    return [Mention(text=text[h.start:h.end], start=h.start, end=h.end, type="person",
                    name=h.name, key=h.name, source=h.source)
            for h in _resolve(raw, text)]


def _resolve(hits: Iterable[_Hit], text: str) -> list[_Hit]:
    """Keep non-overlapping hits: stronger, then longer, then earlier first."""
    chosen: list[_Hit] = []
    taken = [False] * (len(text) + 1)
    for h in sorted(hits, key=lambda h: (-h.strength, -(h.end - h.start), h.start, h.name)):
        if any(taken[h.start:h.end]):
            continue
        # a consistency hit must not split a longer word: 周保月 inside 以周保月 is fine
        # only if the name itself was found elsewhere, which is what consistency means.
        for i in range(h.start, h.end):
            taken[i] = True
        chosen.append(h)
    return sorted(chosen, key=lambda h: (h.start, h.end))


def find_posts(text: str, persons: Sequence[Mention]) -> list[PostMention]:
    """Posts printed next to each person mention, bound to their unit.

    ``市委副书记、代理市长王芳`` gives two posts; ``某科技公司副总裁张某`` gives 副总裁 with
    org 某科技公司; a title after the name (``王某某教授``) counts when marked as a post in
    kg/data/person_titles.txt. Group words (市领导) are not posts.

    ``persons`` may hold the text's other mentions too (all of ``extract_mentions``):
    then each post is bound to the place or organisation printed with it
    (``PostMention.unit``): ``某某市委书记`` -> the place 某某市 (two cities' secretaries
    are two posts), ``外交部长`` -> 外交部, ``中央军委主席`` -> 中央军委; national posts
    without a printed unit (``国家主席``, ``总书记``) -> kg/data/post_national_units.tsv.
    A short post is dropped when the same person has a longer form of it printed in
    the text (``国家主席``, not ``主席``).
    """
    out: list[PostMention] = []
    rx = post_regex()
    units = [m for m in persons if m.type in ("place", "organization")]
    for m in persons:
        if m.type != "person":
            continue
        # posts to the left, possibly a 、-separated chain
        end = m.start
        while end > 0:
            best = None
            for k in range(min(end, 16), 1, -1):
                s = end - k
                if rx.fullmatch(text, s, end):
                    best = s
                    break
            if best is None:
                break
            post = text[best:end]
            org = _org_before(text, best)
            unit, unit_type, unit_start = _unit_of(text, best, end, post, units)
            if unit_type == "organization" and unit_start < best:
                post = text[unit_start:end]  # 外交部长, 中央军委主席: a national body's post
                best = unit_start
            out.append(PostMention(person=m.name, post=post, start=best, end=end, org=org,
                                   unit=unit, unit_type=unit_type))
            end = min(best, unit_start)
            if end > 0 and text[end - 1] == "、":
                end -= 1
            else:
                break
        for t, is_post in titles().items():
            if is_post and text.startswith(t, m.end):
                # longest title wins (副教授 before 教授)
                longer = [u for u in titles() if len(u) > len(t) and text.startswith(u, m.end)]
                if not longer:
                    out.append(PostMention(person=m.name, post=t, start=m.end,
                                           end=m.end + len(t)))
    out = _drop_shorter_forms(out)
    out.sort(key=lambda p: (p.start, p.person, p.post))
    return out


@functools.lru_cache(maxsize=None)
def _national_units() -> dict[str, tuple[str, str]]:
    return {r["post"]: (r["unit"], r["kind"]) for r in data_rows("post_national_units.tsv")}


#: Kinds of well-known bodies (kg/data/org_lexicon.tsv) whose name joins a post's title
#: (外交部长, 中央军委主席); a company's, bank's or paper's does not (某公司副总裁).
_BODY_KINDS = frozenset({"government", "party", "legislature", "international"})

#: First characters of a post's unit part that stand for a place printed before it
#: (上海市 + 市委书记: the 市 is shared).
_PLACE_UNIT_CHARS = "省市县区州"


def _unit_of(text: str, start: int, end: int, post: str,
             units: Sequence[Mention]) -> tuple[str, str, int]:
    """(unit key, "place"/"organization", where the unit starts) of a post at
    ``text[start:end]``; ("", "", start) when none is printed or known."""
    places = [u for u in units if u.type == "place" and u.key and u.start < start
              and (u.end == start or (u.end == start + 1 and text[start] in _PLACE_UNIT_CHARS
                                      and u.text.endswith(text[start])))]
    if places:
        p = max(places, key=lambda u: (u.end, u.end - u.start))
        return p.key, "place", p.start
    orgs = [u for u in units if u.type == "organization" and u.start <= start <= u.end < end]
    if orgs:
        o = max(orgs, key=lambda u: (u.end - u.start, u.start))
        # only a well-known body's name joins the post's title (外交部长); a company's
        # stays apart (某公司副总裁: the post is 副总裁, of that company)
        body = lexicon().get(o.name, ("", ""))[1] in _BODY_KINDS
        at = o.start if body else start
        return (o.key or o.name), "organization", at
    for form, (unit, kind) in _national_units().items():
        if post.endswith(form):
            return unit, kind, start
    return "", "", start


def bind_home_posts(posts: list[PostMention], home: str | None) -> None:
    """Bind posts with no printed unit that begin with a unit character to the paper's
    own unit: ``市委书记`` with home 某某市 -> 某某市, ``省长`` -> its province. Only when a
    home city is known (``infer_home`` gives none for national news); in place."""
    if not home:
        return
    from kg.extracting.gazetteer import get_gazetteer

    g = get_gazetteer()
    if home not in g:
        keys = g.lookup(home)
        if len(keys) != 1:
            return
        home = keys[0]
    chain = [home, *g.ancestors(home)]
    for p in posts:
        if p.unit or not p.post or p.post[0] not in _PLACE_UNIT_CHARS:
            continue
        for k in chain:  # 市 -> the home city; 省 -> its province
            if g.name(k).endswith(p.post[0]):
                p.unit, p.unit_type = k, "place"
                break


def _drop_shorter_forms(posts: list[PostMention]) -> list[PostMention]:
    """Drop ``主席`` for a person who is also given ``国家主席`` in the same text."""
    by_person: dict[str, list[PostMention]] = {}
    for p in posts:
        by_person.setdefault(p.person, []).append(p)
    out = []
    for p in posts:
        longer = [q for q in by_person[p.person] if len(q.post) > len(p.post)
                  and q.post.endswith(p.post)]
        if longer and not p.unit:
            continue
        if longer and any(q.unit == p.unit for q in longer):
            continue
        out.append(p)
    return out


def _org_before(text: str, pos: int) -> str:
    """An organisation name ending right at ``pos`` (某科技公司 before 副总裁), else ""."""
    lo = max(0, pos - 20)
    for o in find_orgs(text[lo:pos]):
        if lo + o.end == pos:
            return o.name
    return ""
