"""Speed of name extraction against jieba POS tagging, on real transcripts.

    python bench/ner_speed.py ../shared/corpus/cctv-xwlb --files 200

Reads the first N transcripts (sorted by name), then in one run times, page after page,
(1) jieba POS tagging of the page's normalised text and (2) the whole extraction of it
(segmenting into articles, mentions with the rules and the CRF, posts, events:
``kg.pipeline.process_page``). Prints both and their ratio (the issue's bar: ≤ 2).
One process, after warming up both (dictionary, register, model loads are not timed).
The CPU time of the process is printed too: on a shared machine it moves less with the
load of other processes than the wall clock does.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.pipeline import process_page  # noqa: E402
from kg.reading.files import read_page  # noqa: E402
from kg.reading.textnorm import normalize  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus")
    ap.add_argument("--files", type=int, default=200)
    a = ap.parse_args()
    import jieba
    import jieba.posseg as pseg

    jieba.setLogLevel(60)
    paths = sorted(p for p in Path(a.corpus).iterdir() if p.is_file())[: a.files]
    pages = [read_page(p) for p in paths]
    chars = sum(len(p.text) for p in pages)
    process_page(read_page(paths[0]))  # warm-up: jieba, register, CRF model
    pseg.lcut(normalize(pages[0].text))
    # Page by page, the one then the other, so that both see the same load of other
    # processes on a shared machine (timed as two passes, the ratio of the same code
    # moved from 1.4 to 2.3 between runs as the load changed).
    floor = floor_cpu = full = full_cpu = 0.0
    for p in pages:
        t, c = time.perf_counter(), time.process_time()
        pseg.lcut(normalize(p.text))
        floor += time.perf_counter() - t
        floor_cpu += time.process_time() - c
        t, c = time.perf_counter(), time.process_time()
        process_page(p)
        full += time.perf_counter() - t
        full_cpu += time.process_time() - c
    print(f"{len(pages)} transcripts, {chars:,} characters")
    print(f"jieba POS tagging: {floor:.1f} s (CPU {floor_cpu:.1f} s)")
    print(f"whole extraction:  {full:.1f} s (CPU {full_cpu:.1f} s)")
    print(f"ratio: {full / floor:.2f} (CPU {full_cpu / floor_cpu:.2f})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
