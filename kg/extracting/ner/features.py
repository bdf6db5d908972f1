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
    pos_of = [""] * n
    bmes = [""] * n
    i = 0
    for w, p in tokens:
        k = len(w)
        p = p if p in _KEEP_POS else p[:1]
        if k == 1:
            bmes[i] = "S"
        else:
            bmes[i] = "B"
            for j in range(i + 1, i + k - 1):
                bmes[j] = "M"
            bmes[i + k - 1] = "E"
        for j in range(i, i + k):
            pos_of[j] = p
        i += k
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
    pw = [""] * n
    nw = [""] * n
    i = 0
    words = [w for w, _ in tokens]
    last = len(words) - 1
    for wi, w in enumerate(words):
        fp = "pw=" + (words[wi - 1] if wi else "^")
        fn = "nw=" + (words[wi + 1] if wi < last else "$")
        for j in range(i, i + len(w)):
            pw[j] = fp
            nw[j] = fn
        i += len(w)
    # runs of transliteration characters (foreign names are long runs of them)
    run = [_TR[0]] * n
    i = 0
    while i < n:
        j = i
        while j < n and text[j] in translit:
            j += 1
        for k in range(i, j):
            run[k] = _TR[min(j - i, 4)]
        i = max(j, i + 1)
    padded = "\x02\x02\x02" + text + "\x03\x03\x03"
    cls = ["B", "B"] + [char_class(c) for c in text] + ["E", "E"]
    feats: list[list[str]] = []
    for i in range(n):
        c = i + 3
        a, b, x, d, e = padded[c - 2], padded[c - 1], padded[c], padded[c + 1], padded[c + 2]
        f = ["b", "c0=" + x, "c-1=" + b, "c1=" + d, "c-2=" + a, "c2=" + e,
             "c-3=" + padded[c - 3], "c3=" + padded[c + 3],
             "b-1=" + b + x, "b0=" + x + d, "b-2=" + a + b, "b1=" + d + e,
             "t0=" + b + x + d,
             "k=" + cls[i + 1] + cls[i + 2] + cls[i + 3],
             "w=" + bmes[i] + pos_of[i],
             "wp=" + pos_of[i],
             "wl=" + (pos_of[i - 1] if i else "^") + "|" + pos_of[i],
             "wr=" + pos_of[i] + "|" + (pos_of[i + 1] if i + 1 < n else "$"),
             pw[i], nw[i], run[i]]
        if x in sur1:
            f.append("s1")
        if b in sur1:
            f.append("s1-1")
        if a in sur1:
            f.append("s1-2")
        if text[i:i + 2] in sur2:
            f.append("s2")
        if extra[i]:
            f.extend(extra[i])
        feats.append(f)
    return feats
