"""Segmentation time against page size: is page -> articles near-linear?

    python bench/segment_scaling.py [--max-k 16] [--report bench/RESULTS.md]

Pages are the five seed pages concatenated k times (k = 1, 2, 4, …): the same layouts
(bylines, leads, broken columns, interleaving) repeated, so a k times larger page should
take about k times as long. Also a page of k×500 short ``本报讯`` items on one line each.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from kg.model import Page
from kg.segmenting.articles import segment_page

ROOT = Path(__file__).resolve().parent.parent


def _time(text: str) -> tuple[float, int]:
    page = Page(source="bench.txt", path="bench.txt", text=text)
    t0 = time.perf_counter()
    arts = segment_page(page)
    return time.perf_counter() - t0, len(arts)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--max-k", type=int, default=16)
    ap.add_argument("--report", type=Path)
    args = ap.parse_args()
    seeds = "\n\n".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt")))
    segment_page(Page(source="w.txt", path="w.txt", text=seeds))  # warm up (jieba)
    item = "本报讯 昨日上午,青溪镇召开春耕备耕工作会议,部署今年的春耕生产。\n\n"
    rows = []
    k = 1
    while k <= args.max_k:
        t_seed, n_seed = _time("\n\n".join([seeds] * k))
        t_lead, n_lead = _time(item * (500 * k))
        rows.append((k, len(seeds) * k, t_seed, n_seed, len(item) * 500 * k, t_lead, n_lead))
        print(f"k={k:3d}  seeds×k {len(seeds) * k:9,d} chars {t_seed:7.2f} s {n_seed:5d} articles"
              f"   leads {len(item) * 500 * k:9,d} chars {t_lead:7.2f} s {n_lead:6d} articles",
              flush=True)
        k *= 2
    if args.report:
        lines = ["", "## Segmentation against page size (`bench/segment_scaling.py`)", "",
                 "| k | seed pages × k (chars) | time | s per 100k chars | 500·k leads (chars) | time | s per 100k chars |",
                 "|---|---|---|---|---|---|---|"]
        for k, c1, t1, _, c2, t2, _ in rows:
            lines.append(f"| {k} | {c1:,} | {t1:.2f} s | {t1 / c1 * 1e5:.2f} | {c2:,} | {t2:.2f} s "
                         f"| {t2 / c2 * 1e5:.2f} |")
        with args.report.open("a", encoding="utf-8") as fh:
            fh.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
