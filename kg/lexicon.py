"""Reading the lexicons and rules in ``kg/data/`` (one place for the file format).

Two formats, both UTF-8:

- a list: one entry per line; blank lines and lines starting with ``#`` are skipped;
- a table (``.tsv``): the same, the first remaining line naming the tab-separated
  columns; short rows are padded with empty cells.

Files are read once per process (cached): edit, then rerun.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Iterable

DATA_DIR = Path(__file__).resolve().parent / "data"


@lru_cache(maxsize=None)
def data_lines(name: str) -> tuple[str, ...]:
    """The entries of the list ``kg/data/<name>`` (surrounding white space removed)."""
    out = []
    for line in (DATA_DIR / name).read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            out.append(line)
    return tuple(out)


@lru_cache(maxsize=None)
def data_rows(name: str) -> tuple[dict[str, str], ...]:
    """The rows of the table ``kg/data/<name>``, as dicts keyed by the header's names."""
    raw = [ln.split("\t") for ln in data_lines(name)]
    if not raw:
        return ()
    header = [h.strip() for h in raw[0]]
    return tuple({h: (cells[i].strip() if i < len(cells) else "")
                  for i, h in enumerate(header)} for cells in raw[1:])


@lru_cache(maxsize=None)
def data_regex(name: str) -> re.Pattern[str]:
    """The list ``kg/data/<name>`` of regular expressions, one a line, as one alternation."""
    return re.compile("|".join(f"(?:{p})" for p in data_lines(name)))


def words_regex(words: Iterable[str]) -> re.Pattern[str]:
    """One pattern matching any of ``words``, the longest at each position.

    Built as a trie (``莫斯科|莫桑比克`` becomes ``莫(?:斯科|桑比克)``): a flat alternation of
    thousands of names makes Python's engine try each one at every character.
    """
    trie: dict = {}
    for w in words:
        if not w:
            continue
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        alts = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        # an end of word here: the longer continuations are tried first, then nothing
        return "(?:" + body + ")?" if "" in node else body

    return re.compile(build(trie))
