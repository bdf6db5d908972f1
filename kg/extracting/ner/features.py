"""Character features for the statistical name tagger (shared by training and tagging).

One feature list per character of a normalised text (kg.reading.textnorm.normalize):
the characters and character pairs in a ±2 window, character classes, the position of
the character in its jieba word (B/M/E/S) and that word's part of speech (nr, ns, nt …),
and general-knowledge lexicons: surnames, names of divisions in the national register
(county level and up), organisation endings, posts and titles. Training
(kg/extracting/ner/train.py) and tagging (kg/extracting/ner/tagger.py) call the same
:func:`sentence_features`, so a change here needs a retrained model.
"""

from __future__ import annotations

import functools
import importlib.util
import re
from pathlib import Path
from typing import Sequence

from kg.lexicon import data_lines, data_rows, words_regex

#: jieba POS tags kept as they are; others fold to their first letter (v, n, a …).
_KEEP_POS = frozenset({"nr", "ns", "nt", "nz", "nrt", "nrfg", "j", "eng", "m", "x", "f", "t"})
_MAX_LEX = 8  # longest lexicon entry looked up at each position
_DB = {k: f"d{k}b" for k in (2, 3, 4)}
_DE = {k: f"d{k}e" for k in (2, 3, 4)}
_TR = tuple(f"tr={k}" for k in range(5))
_CLASS: dict[str, str] = {}  # char_class by character, filled as characters are seen
#: B/M/E/S of each character of a word, by the word's length
_BMES = [[], ["S"]] + [["B"] + ["M"] * (k - 2) + ["E"] for k in range(2, 12)]


def char_class(ch: str) -> str:
    """A coarse class: digit, latin, CJK, punctuation/other."""
    o = ord(ch)
    if ch.isdigit():
        return "D"
    if ch.isascii() and ch.isalpha():
        return "L"
    if 0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF:
        return "H"
    if ch.isspace():
        return "S"
    if ch in "·•‧∙":
        return "M"  # the middle dot of foreign names
    return "P"


@functools.lru_cache(maxsize=1)
def lexicons() -> dict[str, frozenset[str]]:
    """Lexicons the features look up (loaded once)."""
    words = data_lines("surnames.txt")
    sur1 = frozenset(w for w in words if len(w) == 1)
    sur2 = frozenset(w for w in words if len(w) == 2)
    suffixes = frozenset(r["suffix"] for r in data_rows("org_suffixes.txt"))
    posts = {r["entry"] for r in data_rows("posts.txt") if r["kind"] == "base"}
    posts |= {r["title"] for r in data_rows("person_titles.txt")}
    places: set[str] = set()
    try:
        from kg.extracting.gazetteer import get_gazetteer

        g = get_gazetteer()
        for name, ids in g.index.items():
            if 2 <= len(name) <= _MAX_LEX and any(
                    g.levels[i] in ("province", "city", "county") for i in ids):
                places.add(name)
    except Exception:  # noqa: BLE001 - the register is optional for the features
        pass
    places |= world_places()
    translit = frozenset("".join(w for r in data_lines("person_translit_chars.txt")
                                 for w in r.split()))
    return {"sur1": sur1, "sur2": sur2, "suffix": suffixes, "post": frozenset(posts),
            "place": frozenset(places), "translit": translit}


@functools.lru_cache(maxsize=1)
def _jieba_words() -> dict[str, int]:
    """jieba's dictionary (word -> frequency; prefixes of words are there with 0)."""
    import jieba

    jieba.setLogLevel(60)
    jieba.dt.check_initialized()
    return jieba.dt.FREQ


@functools.lru_cache(maxsize=1)
def world_places() -> frozenset[str]:
    """Continents, countries (short and full names), capitals and major cities of the
    world in Chinese, from jionlp's dictionary/world_location.txt (jionlp is a
    dependency already). The file is read directly: importing jionlp prints a banner
    on standard output, which would corrupt ``kg mentions``."""
    spec = importlib.util.find_spec("jionlp")
    if spec is None or not spec.submodule_search_locations:
        return frozenset()
    path = Path(list(spec.submodule_search_locations)[0]) / "dictionary" / "world_location.txt"
    if not path.is_file():
        return frozenset()
    names: set[str] = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip().rstrip(":")
        for field in line.split("\t"):
            names.update(n.strip() for n in field.split("/"))
    return frozenset(n for n in names if 2 <= len(n) <= _MAX_LEX
                     and all("\u4e00" <= c <= "\u9fff" for c in n))


@functools.lru_cache(maxsize=None)
def _lex_regex(lex: frozenset[str]) -> "re.Pattern[str]":
    """The lexicon's entries of 2–8 characters as one trie-shaped pattern."""
    return words_regex(w for w in lex if 2 <= len(w) <= _MAX_LEX)


@functools.lru_cache(maxsize=None)
def _translit_runs(chars: frozenset[str]) -> "re.Pattern[str]":
    """Runs of transliteration characters."""
    return re.compile("[" + "".join(re.escape(c) for c in sorted(chars)) + "]+")


def _lex_marks(text: str, lex: frozenset[str], tag: str, out: list[list[str]],
               *, edges: bool = True) -> None:
    """Mark the characters of the longest lexicon entry starting at each position,
    scanning left to right past each entry found (one regex scan: a dictionary probe
    per position and length cost a twentieth of the whole extraction)."""
    n = len(text)
    for m in _lex_regex(lex).finditer(text):
        i, e = m.span()
        out[i].append(tag + "B")
        for j in range(i + 1, e - 1):
            out[j].append(tag + "M")
        out[e - 1].append(tag + "E")
        if edges:
            if i > 0:
                out[i - 1].append(tag + "<")
            if e < n:
                out[e].append(tag + ">")


def sentence_features(text: str, tokens: Sequence[tuple[str, str]]) -> list[list[str]]:
    """Feature strings per character of ``text``; ``tokens`` are jieba (word, POS) pairs
    that concatenate to ``text``."""
    n = len(text)
    lx = lexicons()
    extra: list[list[str]] = [[] for _ in range(n)]
    pos_of: list[str] = []
    bmes: list[str] = []
    for w, p in tokens:
        k = len(w)
        pos_of += [p if p in _KEEP_POS else p[:1]] * k
        bmes += _BMES[k] if k < len(_BMES) else ["B"] + ["M"] * (k - 2) + ["E"]
    pos_of += [""] * (n - len(pos_of))  # (tokens cover the text: nothing to pad)
    bmes += [""] * (n - len(bmes))
    _lex_marks(text, lx["place"], "pl", extra)
    _lex_marks(text, lx["suffix"], "sf", extra, edges=False)
    _lex_marks(text, lx["post"], "po", extra)
    sur1, sur2, translit = lx["sur1"], lx["sur2"], lx["translit"]
    # words of jieba's dictionary of 2-4 characters that start or end at each position:
    # a name is rarely a dictionary word, and a name's edge is where such words stop
    freq = _jieba_words()
    for i in range(n - 1):
        for k in (2, 3, 4):
            if i + k > n:
                break
            f = freq.get(text[i:i + k])
            if f is None:
                break  # jieba keeps every prefix of its words: nothing longer is a word
            if f:
                extra[i].append(_DB[k])
                extra[i + k - 1].append(_DE[k])
    # the jieba word before and after the one holding each character (cues such as
    # 记者, 说, 会见 around names); one string per word, shared by its characters
    pw: list[str] = []
    nw: list[str] = []
    words = [w for w, _ in tokens]
    for w, before, after in zip(words, ["^"] + words[:-1], words[1:] + ["$"]):
        k = len(w)
        pw += ["pw=" + before] * k
        nw += ["nw=" + after] * k
    pw += [""] * (n - len(pw))
    nw += [""] * (n - len(nw))
    # runs of transliteration characters (foreign names are long runs of them)
    run = [_TR[0]] * n
    for m in _translit_runs(translit).finditer(text):
        a, b = m.span()
        run[a:b] = [_TR[min(b - a, 4)]] * (b - a)
    # Column by column (one list comprehension per feature, then a zip) rather than
    # character by character: the same lists, about twice as fast in CPython.
    p = "\x02\x02\x02" + text + "\x03\x03\x03"
    m3, m2, m1, p1, p2, p3 = p[:n], p[1:n + 1], p[2:n + 2], p[4:n + 4], p[5:n + 5], p[6:n + 6]
    cls = [_CLASS.get(ch) or _CLASS.setdefault(ch, char_class(ch)) for ch in text]
    cl = ["B"] + cls[:-1]
    cr = cls[1:] + ["E"]
    wl = ["^"] + pos_of[:-1]
    wr = pos_of[1:] + ["$"]
    feats = [list(t) for t in zip(
        ["b"] * n,
        ["c0=" + x for x in text],
        ["c-1=" + x for x in m1],
        ["c1=" + x for x in p1],
        ["c-2=" + x for x in m2],
        ["c2=" + x for x in p2],
        ["c-3=" + x for x in m3],
        ["c3=" + x for x in p3],
        ["b-1=" + b + x for b, x in zip(m1, text)],
        ["b0=" + x + d for x, d in zip(text, p1)],
        ["b-2=" + a + b for a, b in zip(m2, m1)],
        ["b1=" + d + e for d, e in zip(p1, p2)],
        ["t0=" + b + x + d for b, x, d in zip(m1, text, p1)],
        ["k=" + a + b + c for a, b, c in zip(cl, cls, cr)],
        ["w=" + a + b for a, b in zip(bmes, pos_of)],
        ["wp=" + b for b in pos_of],
        ["wl=" + a + "|" + b for a, b in zip(wl, pos_of)],
        ["wr=" + a + "|" + b for a, b in zip(pos_of, wr)],
        pw, nw, run)]
    # in the order each character had them: s1, s1-1, s1-2, s2, then the marks
    for i, x in enumerate(text):
        if x in sur1:
            feats[i].append("s1")
    for i, x in enumerate(m1):
        if x in sur1:
            feats[i].append("s1-1")
    for i, x in enumerate(m2):
        if x in sur1:
            feats[i].append("s1-2")
    for i in range(n - 1):
        if text[i:i + 2] in sur2:
            feats[i].append("s2")
    for i, ex in enumerate(extra):
        if ex:
            feats[i].extend(ex)
    return feats
