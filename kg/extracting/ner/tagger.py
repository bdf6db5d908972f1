"""The statistical name tagger: a linear-chain CRF over characters (python-crfsuite).

The model file ``crf.model`` ships next to this module (see MODEL_CARD.md: what it was
trained on, its licence question, its figures); nothing is downloaded. :func:`tag_spans`
returns (start, end, TYPE) spans, TYPE in PER, LOC, ORG, offsets into the text given.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any, Sequence

if TYPE_CHECKING:
    from kg.doc import Token

MODEL_PATH = Path(__file__).resolve().parent / "crf.model"

#: Text is tagged clause by clause: the model was trained on clauses, and long inputs
#: would make one Viterbi pass hold the whole text.
_CLAUSE = re.compile(r"[^。！？；!?;\n]+[。！？；!?;]?")


def tokens_of(text: str) -> list[tuple[str, str]]:
    """jieba (word, POS) pairs covering ``text`` (as ``jieba.posseg.cut`` gives them)."""
    from kg.postag import pos_cut

    return list(pos_cut(text))


@functools.lru_cache(maxsize=1)
def _tagger():
    import pycrfsuite

    t = pycrfsuite.Tagger()
    t.open(str(MODEL_PATH))
    return t


def model_available() -> bool:
    """Whether the model file is present (a source checkout without it still runs)."""
    return MODEL_PATH.is_file()


def tag_spans(text: str, tokens: Sequence["Token"] | None = None,
              name_prob: list[float] | None = None,
              model: Any = None) -> list[tuple[int, int, str]]:
    """Name spans in normalised ``text``.

    ``tokens`` are the jieba tokens of the whole text (:attr:`kg.doc.Doc.tokens`), if
    already computed; otherwise each clause is segmented here. ``name_prob``, a list as
    long as ``text``, receives at each position the model's probability that the
    character belongs to some name (1 - marginal of ``O``). ``model``, an open
    ``pycrfsuite.Tagger``, replaces the shipped model (training scores candidates so).
    """
    from kg.extracting.ner.features import sentence_features
    from kg.extracting.ner.train import spans_of

    tagger = model if model is not None else _tagger()
    out: list[tuple[int, int, str]] = []
    ti = 0
    for m in _CLAUSE.finditer(text):
        s, e = m.start(), m.end()
        clause = text[s:e]
        if not clause.strip():
            continue
        if tokens is None:
            toks = tokens_of(clause)
        else:
            toks = []
            while ti < len(tokens) and tokens[ti].end <= s:
                ti += 1
            k = ti
            while k < len(tokens) and tokens[k].start < e:
                tok = tokens[k]
                # a token crossing the clause edge is cut to the clause
                toks.append((text[max(tok.start, s):min(tok.end, e)], tok.pos))
                k += 1
        labels = tagger.tag(sentence_features(clause, toks))
        if name_prob is not None:
            marginal = tagger.marginal  # the first call runs forward-backward for the clause
            name_prob[s:e] = [1.0 - marginal("O", i) for i in range(e - s)]
        out.extend((s + a, s + b, t) for a, b, t in spans_of(labels))
    return out
