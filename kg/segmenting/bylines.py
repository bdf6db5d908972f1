"""Bylines: ``■本报记者 陈 晓``, ``记者 张三 通讯员 李四`` -> reporters.

Role words (letter-spacing allowed) come from ``kg/data/segment_reporter_roles.tsv``.
"""

from __future__ import annotations

import re
from functools import lru_cache

from kg.lexicon import data_lines
from kg.model import Reporter

__all__ = ["parse_byline", "role_regex"]


@lru_cache(maxsize=None)
def _roles() -> tuple[tuple[re.Pattern[str], str], ...]:
    """Byline role words (letter-spacing allowed), longest first, with the stored role."""
    rows = [ln.split("\t") for ln in data_lines("segment_reporter_roles.tsv")[1:]]
    rows.sort(key=lambda r: (-len(r[0]), r[0]))
    return tuple((re.compile(r"\s*".join(map(re.escape, r[0].strip()))), r[1].strip())
                 for r in rows)


@lru_cache(maxsize=None)
def role_regex() -> re.Pattern[str]:
    alts = [p.pattern for p, _ in _roles()]
    return re.compile("|".join(f"(?:{a})" for a in alts))


def parse_byline(line: str) -> list[Reporter]:
    """Reporters of a byline: ``■本报记者 孙海涛 周 洋`` -> 孙海涛 (记者), 周洋 (记者).

    Letter-spaced two-character names (``周 洋``) are rejoined; a bare ``■何晓宁`` has
    role ``""``. Returns [] when the line is not a byline (other words left over).
    """
    t = line.strip().lstrip("■").strip()
    t = re.sub(r"^[(（]|[)）]$", "", t)
    if not t:
        return []
    out: list[Reporter] = []
    role = ""
    pos = 0
    segments: list[tuple[str, str]] = []
    for m in role_regex().finditer(t):
        if m.start() > pos or segments or role:
            segments.append((role, t[pos:m.start()]))
        role = _role_of(m.group(0))
        pos = m.end()
    segments.append((role, t[pos:]))
    for role, seg in segments:
        toks = [x for x in re.split(r"[\s、,，/]+", seg) if x]
        if not toks:
            continue
        for raw, name in _names(toks):
            if not re.fullmatch(r"[\u4e00-\u9fff·]{2,5}", name):
                return []
            out.append(Reporter(name=name, role=role, raw=raw))
    return out


def _role_of(printed: str) -> str:
    for pat, role in _roles():
        if pat.fullmatch(printed):
            return role
    return ""


def _names(toks: list[str]) -> list[tuple[str, str]]:
    """Group tokens into names; runs of single characters are padded short names."""
    out: list[tuple[str, str]] = []
    i = 0
    while i < len(toks):
        if len(toks[i]) > 1:
            out.append((toks[i], toks[i]))
            i += 1
            continue
        j = i
        while j < len(toks) and len(toks[j]) == 1:
            j += 1
        run = toks[i:j]
        # 2 or 3 single characters: one name; longer runs: pairs.
        if len(run) <= 3:
            groups = [run]
        else:
            groups = [run[k:k + 2] for k in range(0, len(run), 2)]
        for g in groups:
            out.append((" ".join(g), "".join(g)))
        i = j
    return out
