"""Rebuild kg/data/place_short_common.tsv: register short names that news uses as
common words (run by hand, not at build time).

A county's short name (新建 for 新建区, 沿河 for 沿河土家族自治县) that jieba tags as a
place name is read as the county wherever it stands as a word. Some are far more often
ordinary words (统筹新建, 开展沿河检查) or other places (太湖 the lake, 南沙 the islands).
This script counts, over a folder of news transcripts (``../shared/corpus/cctv-xwlb``),
for each short name of a county or zone that jieba's dictionary knows as a word (a
city named bare is the city: 深圳, 延安):

* ``bare``: how often it stands as a word of its own (jieba, no HMM);
* ``supported``: how many of those lines also name one of its parent units (江西 or
  南昌 beside 新建: the county meant);
* ``full``: how often the full name is printed (新建区), or the short name right after
  its parent (南昌新建).

A name is listed when it stands bare at least 20 times, under 15 % of those lines name
a parent unit, and its full name is printed under a tenth as often as the bare word:
the transcripts use it as a word, not as the county (敦煌, 43 % supported, stays out).
Names already in place_short_stop.txt are skipped. Listed names still read as the
county with close context (their parent unit printed before them or named nearby).

Usage: ``python tools/place_common_shorts.py ../shared/corpus/cctv-xwlb >
kg/data/place_short_common.tsv``.
"""

from __future__ import annotations

import collections
import re
import sys
from pathlib import Path

from kg.extracting.gazetteer import get_gazetteer
from kg.lexicon import data_lines

_MARKUP = re.compile(r"<[^>]+>|\[[^\]]*\]\([^)]*\)")
MIN_BARE, MAX_SUPPORTED, MAX_FULL_SHARE = 20, 0.15, 0.1
#: Left out on review: names the counts would list that are the place when bare.
REVIEWED_OUT = {"凯里"}  # a prefecture's seat, named bare in reports on it


def main(folder: str) -> None:
    import jieba

    jieba.setLogLevel(60)
    jieba.dt.check_initialized()
    g = get_gazetteer()
    stop = set(data_lines("place_short_stop.txt"))
    # a short name of a province or city too (西安: 西安区 and 西安市) names that unit
    higher = {a for i, lv in enumerate(g.levels) if lv in ("province", "city")
              for a in (g.names[i], *g.aliases.get(i, ()))}
    units: dict[str, set[int]] = collections.defaultdict(set)
    for i, (name, level) in enumerate(zip(g.names, g.levels)):
        if level in ("county", "zone"):  # a city named bare is the city (深圳, 延安)
            for a in g.aliases.get(i, ()):
                if len(a) >= 2 and a != name and a not in stop and a not in higher \
                        and a not in REVIEWED_OUT and jieba.dt.FREQ.get(a):
                    units[a].add(i)
    parents: dict[str, set[str]] = {}
    for s, ids in units.items():
        names: set[str] = set()
        for i in ids:
            p = g.parents[i]
            while p >= 0:
                names.add(g.names[p])
                names |= {a for a in g.aliases.get(p, ()) if len(a) >= 2}
                p = g.parents[p]
        parents[s] = names
    prefixes = {s: {g.names[g.parents[i]] for i in ids if g.parents[i] >= 0}
                | {a for i in ids if g.parents[i] >= 0
                   for a in g.aliases.get(g.parents[i], ()) if len(a) >= 2}
                for s, ids in units.items()}
    bare: collections.Counter[str] = collections.Counter()
    supported: collections.Counter[str] = collections.Counter()
    full: collections.Counter[str] = collections.Counter()
    for f in sorted(Path(folder).glob("*.md")):
        text = _MARKUP.sub("\n", f.read_text(encoding="utf-8"))
        for s, ids in units.items():
            if s in text:
                full[s] += sum(text.count(g.names[i]) for i in ids)
                full[s] += sum(text.count(p + s) for p in prefixes[s])  # 南昌新建
        for line in text.split("\n"):
            for w in jieba.cut(line, HMM=False):
                if w in units:
                    bare[w] += 1
                    if any(p in line for p in parents[w]):
                        supported[w] += 1
    print("# Register short names that news uses as common words or other places")
    print("# (tools/place_common_shorts.py over the 新闻联播 transcripts; reviewed by eye).")
    print("# Read as the unit only with close context. bare: stands as a word; supported:")
    print("# of those, lines that also name a parent unit; full: full name printed.")
    print("short\tbare\tsupported\tfull\tunits")
    for s in sorted(units, key=lambda s: (-bare[s], s)):
        b = bare[s]
        if b >= MIN_BARE and supported[s] < MAX_SUPPORTED * b and full[s] < MAX_FULL_SHARE * b:
            print(f"{s}\t{b}\t{supported[s]}\t{full[s]}\t"
                  + "/".join(sorted({g.names[i] for i in units[s]})))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "../shared/corpus/cctv-xwlb")
