"""One document object per article, shared by every recogniser (as spaCy's ``Doc``).

A :class:`Doc` holds the text as given, its normalised form
(:func:`kg.reading.textnorm.normalize`, same length, so offsets agree), and what is
computed once and read by every stage: jieba tokens with part of speech, sentences,
and the mentions found so far. Recognisers read ``doc.norm``/``doc.tokens`` and add
their findings to ``doc.layers`` (raw results per recogniser) and ``doc.mentions``
(the combined result), instead of normalising and re-segmenting the text each.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from kg.model import Mention
from kg.reading.textnorm import normalize

#: A sentence ends after 。！？ (and their ASCII forms when followed by space) or a line break.
_SENTENCE = re.compile(r"[^。！？!?\n]*(?:[。！？!?]+[”’」』）)]*|\n|$)")


@dataclass(frozen=True)
class Token:
    """A jieba word with its part of speech; offsets index the document's text."""

    start: int
    end: int
    word: str
    pos: str


@dataclass
class Doc:
    """An article's text and everything computed from it once."""

    text: str
    mentions: list[Mention] = field(default_factory=list)
    #: raw results of each recogniser by name (``"crf"``, ``"persons"`` …)
    layers: dict[str, Any] = field(default_factory=dict)

    @cached_property
    def norm(self) -> str:
        """The normalised text (same length as ``text``)."""
        return normalize(self.text)

    @cached_property
    def tokens(self) -> list[Token]:
        """jieba POS tokens of the normalised text, covering it without gaps
        (:func:`kg.postag.pos_cut`: ``jieba.posseg.cut``'s answer, faster)."""
        from kg.postag import pos_cut

        out, i = [], 0
        for w, flag in pos_cut(self.norm):
            out.append(Token(i, i + len(w), w, flag))
            i += len(w)
        return out

    @cached_property
    def sentences(self) -> list[tuple[int, int]]:
        """(start, end) of each non-blank sentence."""
        return [(m.start(), m.end()) for m in _SENTENCE.finditer(self.norm)
                if m.end() > m.start() and self.norm[m.start():m.end()].strip()]

    @cached_property
    def _token_starts(self) -> list[int]:
        return [t.start for t in self.tokens]

    def tokens_in(self, start: int, end: int) -> list[Token]:
        """The tokens that overlap ``[start, end)``."""
        k = max(bisect_right(self._token_starts, start) - 1, 0)
        out = []
        toks = self.tokens
        while k < len(toks) and toks[k].start < end:
            if toks[k].end > start:
                out.append(toks[k])
            k += 1
        return out

    @cached_property
    def word_starts(self) -> frozenset[int]:
        """Offsets where a jieba word starts (and the text's end)."""
        return frozenset([t.start for t in self.tokens] + [len(self.text)])

    @cached_property
    def word_ends(self) -> frozenset[int]:
        """Offsets where a jieba word ends (and 0)."""
        return frozenset([t.end for t in self.tokens] + [0])


def as_doc(text_or_doc: str | Doc) -> Doc:
    """A :class:`Doc` for ``text_or_doc`` (a Doc is returned as it is)."""
    return text_or_doc if isinstance(text_or_doc, Doc) else Doc(text_or_doc)
