"""Length-preserving text normalisation.

``normalize`` maps compatibility forms to their plain form one character for one
character, so that every offset into the normalised string is also an offset into the
original: full-width ASCII (``，：（０Ａ`` → ``,:(0A``), the ideographic space → space,
CJK compatibility ideographs → unified ideographs, and any other character whose NFKC
form is exactly one character. Chinese punctuation without a half-width form
(``。、“”——《》``) is left alone.
"""

from __future__ import annotations

import functools
import sys
import unicodedata

__all__ = ["normalize", "translation_table"]

# Ranges whose NFKC form is one character but whose meaning would change if folded:
# ① → 1 would turn a list marker into a number, ² → 2 would turn m² into m2.
_KEEP_RANGES = (
    (0x00B2, 0x00B3),  # superscript two, three
    (0x00B9, 0x00B9),  # superscript one
    (0x00BA, 0x00BA),  # masculine ordinal º -> o
    (0x00AA, 0x00AA),  # feminine ordinal ª -> a
    (0x2070, 0x209F),  # superscripts and subscripts
    (0x2460, 0x24FF),  # enclosed alphanumerics ① ⑴ ⒈ Ⓐ
    (0x3251, 0x32BF),  # circled numbers 21-50 and circled ideographs
    (0x1F100, 0x1F1FF),  # enclosed alphanumeric supplement
)

# Planes worth scanning: the BMP, mathematical alphanumerics and the CJK
# compatibility supplement. Scanning all of Unicode would only cost start-up time.
_SCAN_RANGES = ((0x0000, 0xFFFF), (0x1D400, 0x1D7FF), (0x2F800, 0x2FA1F))


def _kept(cp: int) -> bool:
    return any(lo <= cp <= hi for lo, hi in _KEEP_RANGES)


@functools.lru_cache(maxsize=1)
def translation_table() -> dict[int, int]:
    """The prebuilt ``str.translate`` table used by :func:`normalize` (built once)."""
    table: dict[int, int] = {}
    for lo, hi in _SCAN_RANGES:
        for cp in range(lo, hi + 1):
            if 0xD800 <= cp <= 0xDFFF or _kept(cp):
                continue
            ch = chr(cp)
            norm = unicodedata.normalize("NFKC", ch)
            if len(norm) != 1 or norm == ch:
                continue
            # Never map onto a combining mark or a control: it would glue onto or
            # break the neighbouring character.
            if unicodedata.combining(norm) or unicodedata.category(norm).startswith("C"):
                continue
            table[cp] = ord(norm)
    # The ideographic space and no-break spaces are plain spaces for every consumer.
    table[0x3000] = 0x20
    table[0x00A0] = 0x20
    return table


def normalize(text: str) -> str:
    """Return ``text`` with compatibility forms folded, one character for one.

    The result always has the same length as ``text``; characters without a one-
    character NFKC form are returned unchanged.
    """
    return text.translate(translation_table())


if __name__ == "__main__":  # pragma: no cover - handy for a quick look
    sys.stdout.write(normalize(sys.stdin.read()))
