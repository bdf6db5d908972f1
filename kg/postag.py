"""jieba POS tagging (``jieba.posseg.cut``), same output, a faster unknown-word HMM.

``jieba.posseg`` cuts a text with jieba's dictionary and sends each run of characters
the dictionary does not know to a joint segmentation and part-of-speech HMM (256
states) whose Viterbi pass is pure Python: three quarters of the time of POS tagging
news transcripts goes there, and POS tagging was half of the whole extraction. This
module walks the same steps as ``jieba.posseg.POSTokenizer.cut`` (jieba 0.42, pinned
in pyproject.toml) with jieba's own dictionary, regexes and model tables, but its
Viterbi visits only the transitions that exist instead of building a tuple per state
pair, and remembers the answer for a run it has seen (names recur across a day's news).
Output is identical to ``jieba.posseg.cut`` (tests/test_postag.py compares them),
ties in the Viterbi included: the same sums in the same order, the same tie-break (the
larger state).
"""

from __future__ import annotations

import functools
from typing import Iterator

_MIN_FLOAT = -3.14e100  # jieba.posseg.viterbi's floor for an unseen emission


@functools.lru_cache(maxsize=1)
def _model() -> tuple:
    import jieba
    import jieba.posseg as pseg

    jieba.setLogLevel(60)
    pseg.dt.tokenizer.check_initialized()
    trans = pseg.trans_P
    nexts = {y: frozenset(d) for y, d in trans.items()}
    return pseg, pseg.char_state_tab_P, pseg.start_P, trans, pseg.emit_P, nexts


@functools.lru_cache(maxsize=None)
def _char_states(ch: str) -> frozenset | None:
    states = _model()[1].get(ch)
    return None if states is None else frozenset(states)


def _viterbi(obs: str) -> list[tuple[str, str]]:
    """The best (BMES, tag) state per character: ``jieba.posseg.viterbi``'s answer."""
    pseg, states, start, trans, emit, nexts = _model()
    all_states = trans.keys()
    c = obs[0]
    V = {y: start[y] + emit[y].get(c, _MIN_FLOAT) for y in states.get(c, all_states)}
    back: list[dict] = []
    for t in range(1, len(obs)):
        c = obs[t]
        prev = [x for x in V if trans[x]]
        if not prev:  # never seen in practice: let jieba decide (or fail) as it would
            return pseg.viterbi(obs, states, start, trans, emit)[1]
        expect: set = set()
        for x in prev:
            expect |= nexts[x]
        cs = _char_states(c)
        obs_states = expect if cs is None else (cs & expect or expect)
        rows = [(y0, V[y0], trans[y0]) for y0 in prev]
        nv: dict = {}
        bk: dict = {}
        for y in obs_states:
            e = emit[y].get(c, _MIN_FLOAT)
            bp = by = None
            # predecessors without a transition to y score -inf in jieba and can never
            # win: some predecessor reaches y (obs_states is inside ``expect``)
            for y0, v, row in rows:
                tr = row.get(y)
                if tr is None:
                    continue
                p = v + tr + e
                if bp is None or p > bp or (p == bp and y0 > by):
                    bp, by = p, y0
            nv[y] = bp
            bk[y] = by
        V = nv
        back.append(bk)
    state = max((p, y) for y, p in V.items())[1]
    route = [state]
    for bk in reversed(back):
        state = bk[state]
        route.append(state)
    route.reverse()
    return route


@functools.lru_cache(maxsize=1 << 16)
def _hmm_cut(blk: str) -> tuple[tuple[str, str], ...]:
    """``POSTokenizer.__cut``: words and tags of a run of Han characters."""
    pos_list = _viterbi(blk)
    out = []
    begin = nexti = 0
    for i, char in enumerate(blk):
        pos = pos_list[i][0]
        if pos == "B":
            begin = i
        elif pos == "E":
            out.append((blk[begin:i + 1], pos_list[i][1]))
            nexti = i + 1
        elif pos == "S":
            out.append((char, pos_list[i][1]))
            nexti = i + 1
    if nexti < len(blk):
        out.append((blk[nexti:], pos_list[nexti][1]))
    return tuple(out)


def _cut_detail(buf: str) -> Iterator[tuple[str, str]]:
    pseg = _model()[0]
    for blk in pseg.re_han_detail.split(buf):
        if pseg.re_han_detail.match(blk):
            yield from _hmm_cut(blk)
        else:
            for x in pseg.re_skip_detail.split(blk):
                if x:
                    if pseg.re_num.match(x):
                        yield x, "m"
                    elif pseg.re_eng.match(x):
                        yield x, "eng"
                    else:
                        yield x, "x"


_LOGP: dict[str, float] = {}  # log(frequency) - log(total) by word, for _route
_LOGP_TOTAL: list = [None]  # the jieba total _LOGP was computed with


def _route(sentence: str) -> list[int]:
    """Where the word starting at each offset ends: jieba's ``get_DAG`` and ``calc``
    (the most probable cut by the dictionary) in one pass, with each word's log
    probability computed once per process instead of once per occurrence. Same sums in
    the same order, same tie-break (the longer word), so the same cut."""
    from math import log

    tok = _model()[0].dt.tokenizer
    freq = tok.FREQ
    if _LOGP_TOTAL[0] != tok.total:  # words were added to jieba since
        _LOGP.clear()
        _LOGP_TOTAL[0] = tok.total
    logtotal = log(tok.total)
    logp = _LOGP
    n = len(sentence)
    score = [0.0] * (n + 1)
    end = list(range(1, n + 2))
    for k in range(n - 1, -1, -1):
        bp = bx = None
        i = k
        frag = sentence[k]
        while i < n and frag in freq:
            if freq[frag]:
                lp = logp.get(frag)
                if lp is None:
                    lp = logp[frag] = log(freq[frag]) - logtotal
                p = lp + score[i + 1]
                if bp is None or p >= bp:  # ends come in order: a tie goes to the later
                    bp, bx = p, i
            i += 1
            frag = sentence[k:i + 1]
        if bp is None:  # no word starts here: the character alone
            bp, bx = log(freq.get(sentence[k]) or 1) - logtotal + score[k + 1], k
        score[k] = bp
        end[k] = bx + 1
    return end


def _pieces(sentence: str) -> Iterator[tuple[str, bool]]:
    """The best path's words, with runs of single characters joined: (text, is_run).
    jieba treats such a run as one stretch (its HMM reads it when it is no known word),
    in both its plain and its POS cut."""
    route = _route(sentence)
    x, n, buf = 0, len(sentence), ""
    while x < n:
        y = route[x]
        if y - x == 1:
            buf += sentence[x]
        else:
            if buf:
                yield buf, True
                buf = ""
            yield sentence[x:y], False
        x = y
    if buf:
        yield buf, True


def cut_block(sentence: str) -> list[str]:
    """``jieba.lcut(sentence)`` for one run of jieba's ``re_han_default`` (what its
    ``Tokenizer.__cut_DAG`` gives, with the HMM for unknown stretches)."""
    import jieba.finalseg as finalseg

    freq = _model()[0].dt.tokenizer.FREQ
    out: list[str] = []
    for piece, run in _pieces(sentence):
        if not run or len(piece) == 1:
            out.append(piece)
        elif not freq.get(piece):
            out.extend(finalseg.cut(piece))
        else:
            out.extend(piece)
    return out


def _cut_dag(sentence: str) -> Iterator[tuple[str, str]]:
    pseg = _model()[0]
    tags = pseg.dt.word_tag_tab
    freq = pseg.dt.tokenizer.FREQ
    for piece, run in _pieces(sentence):
        if not run or len(piece) == 1:
            yield piece, tags.get(piece, "x")
        elif not freq.get(piece):
            yield from _cut_detail(piece)
        else:
            for elem in piece:
                yield elem, tags.get(elem, "x")


def pos_cut(text: str) -> Iterator[tuple[str, str]]:
    """(word, POS) pairs of ``text``, as ``jieba.posseg.cut(text)`` gives them."""
    pseg = _model()[0]
    pseg.dt.makesure_userdict_loaded()
    for blk in pseg.re_han_internal.split(text):
        if pseg.re_han_internal.match(blk):
            yield from _cut_dag(blk)
        else:
            for x in pseg.re_skip_internal.split(blk):
                if pseg.re_skip_internal.match(x):
                    yield x, "x"
                else:
                    for xx in x:
                        if pseg.re_num.match(xx):
                            yield xx, "m"
                        elif pseg.re_eng.match(x):  # sic: jieba tests the whole run
                            yield xx, "eng"
                        else:
                            yield xx, "x"
