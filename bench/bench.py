"""Benchmark: build a large synthetic corpus from the seed pages and time every stage.

    python bench/bench.py --pages 10000 --jobs 2 --report bench/RESULTS.md

The corpus recombines the seed pages with varied dates, person names and places (names
are drawn from the surname lexicon, places from the national register), so the graph
grows as a real archive would rather than repeating the same nodes. In the same run it
measures the floor: jieba tokenisation with POS tags over the same text. The figure to
drive down is the pipeline's cost as a ratio to that floor. Absolute times on a shared,
noisy machine mean little; ratios within one run are what to compare.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import re
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.mentions import extract_mentions  # noqa: E402
from kg.pipeline import BuildOptions, build_corpus, process_page, resolve_entities  # noqa: E402
from kg.reading import read_page  # noqa: E402
from kg.model import Corpus  # noqa: E402

GIVEN = "建国明华军志伟平文杰海涛勇强磊洋艳丽芳秀英敏静玉兰红霞晓东辉宇鹏飞健超"


def _synthetic_name(rng: random.Random, surnames: list[str]) -> str:
    return rng.choice(surnames) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


def _unit_names(gaz, level: str) -> list[str]:
    """Official names of every unit of ``level`` in the register (sorted, distinct)."""
    # the gazetteer has no per-level listing; its parallel arrays are the cheapest way
    return sorted({name for name, lv in zip(gaz.names, gaz.levels) if lv == level})


def make_corpus(folder: Path, n_pages: int, seed: int = 7) -> int:
    """Write ``n_pages`` recombined pages into ``folder``; return the total characters."""
    from kg.gazetteer import get_gazetteer

    rng = random.Random(seed)
    surnames = [s for s in (ROOT / "kg" / "data" / "surnames.txt").read_text("utf-8").split()
                if s and not s.startswith("#") and len(s) == 1]
    gaz = get_gazetteer()
    seeds = [p.read_text("utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    # what to vary in each seed: person names and county-level places it mentions
    found = []
    for text in seeds:
        ms = extract_mentions(text)
        persons = sorted({m.text for m in ms if m.type == "person" and " " not in m.text})
        places = {lv: sorted({m.text for m in ms if m.type == "place" and m.level == lv})
                  for lv in ("county", "township")}
        found.append((persons, places))
    pools = {lv: _unit_names(gaz, lv) for lv in ("county", "township")}
    name_pool = sorted({_synthetic_name(rng, surnames) for _ in range(max(200, n_pages // 4))})
    total = 0
    for i in range(n_pages):
        k = i % len(seeds)
        text = seeds[k]
        persons, places = found[k]
        for p in sorted(persons, key=len, reverse=True):
            text = text.replace(p, rng.choice(name_pool))
        for lv in ("county", "township"):  # counties first: a township name may contain one
            for c in sorted(places[lv], key=len, reverse=True):
                text = text.replace(c, rng.choice(pools[lv]))
        month = rng.randint(1, 12)
        text = re.sub(r"(\d{1,2})月(\d{1,2})日",
                      lambda m: f"{month}月{rng.randint(1, 28)}日", text)
        (folder / f"p{i:06d}.txt").write_text(text, "utf-8")
        total += len(text)
    return total


def jieba_floor(paths: list[Path]) -> float:
    """Seconds jieba needs to tokenise and POS-tag the given pages (the floor)."""
    import jieba
    import jieba.posseg as pseg

    jieba.setLogLevel(60)
    jieba.initialize()
    texts = [p.read_text("utf-8") for p in paths]
    t = time.perf_counter()
    for text in texts:
        for _ in pseg.cut(text):
            pass
    return time.perf_counter() - t


def stage_times(paths: list[Path]) -> dict[str, float]:
    """Single-process, per-stage seconds over ``paths``."""
    from kg.dates import infer_page_date  # noqa: F401  (imported for warm-up)
    from kg.events import extract_events
    from kg.export.graphml import write_graphml
    from kg.export.html import write_html
    from kg.export.turtle import write_turtle
    from kg.graph import build_graph
    from kg.mentions import extract_mentions as mentions
    from kg.pipeline import date_page
    from kg.segment import segment_page

    t = dict.fromkeys(["read", "segment", "date", "mentions", "events", "assemble",
                       "turtle", "graphml", "html"], 0.0)
    pages = []
    for p in paths:
        a = time.perf_counter()
        page = read_page(p)
        b = time.perf_counter()
        page.articles = segment_page(page)
        c = time.perf_counter()
        date_page(page)
        d = time.perf_counter()
        for art in page.articles:
            art.date = page.date
            art.mentions = mentions(art.text)
        e = time.perf_counter()
        for art in page.articles:
            art.events = extract_events(art, art.date)
        f = time.perf_counter()
        t["read"] += b - a
        t["segment"] += c - b
        t["date"] += d - c
        t["mentions"] += e - d
        t["events"] += f - e
        pages.append(page)
    corpus = Corpus(pages=pages)
    a = time.perf_counter()
    resolve_entities(corpus)
    graph = build_graph(corpus)
    t["assemble"] = time.perf_counter() - a
    with tempfile.TemporaryDirectory() as d:
        for name, fn in (("turtle", write_turtle), ("graphml", write_graphml),
                         ("html", write_html)):
            a = time.perf_counter()
            fn(graph, Path(d) / f"x.{name}")
            t[name] = time.perf_counter() - a
    return t


def full_run(folder: Path, jobs: int) -> dict:
    """The whole pipeline on every page, as `kg build` runs it; with memory."""
    from kg.export.graphml import write_graphml
    from kg.export.html import write_html
    from kg.export.turtle import write_turtle
    from kg.graph import build_graph

    out = {}
    a = time.perf_counter()
    corpus = build_corpus([folder], BuildOptions(jobs=jobs))
    out["extract"] = time.perf_counter() - a
    a = time.perf_counter()
    graph = build_graph(corpus)
    out["assemble"] = time.perf_counter() - a
    with tempfile.TemporaryDirectory() as d:
        for name, fn in (("turtle", write_turtle), ("graphml", write_graphml),
                         ("html", write_html)):
            a = time.perf_counter()
            fn(graph, Path(d) / f"x.{name}")
            out[name] = time.perf_counter() - a
    out.update(pages=len(corpus.pages), articles=len(corpus.articles),
               persons=len(corpus.persons), places=len(corpus.places),
               events=len(corpus.events), triples=len(graph), errors=len(corpus.errors))
    out["peak_rss_mb"] = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                             resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pages", type=int, default=10000)
    ap.add_argument("--sample", type=int, default=200,
                    help="pages for the per-stage timing and the jieba floor")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--report", type=Path, help="append the table to this Markdown file")
    args = ap.parse_args(argv)

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        a = time.perf_counter()
        chars = make_corpus(folder, args.pages)
        gen = time.perf_counter() - a
        paths = sorted(folder.glob("*.txt"))
        sample = paths[: args.sample]
        floor = jieba_floor(sample)
        stages = stage_times(sample)
        run = full_run(folder, args.jobs)

    per_page_pipeline = sum(v for k, v in stages.items()
                            if k in ("read", "segment", "date", "mentions", "events"))
    ratio = per_page_pipeline / floor if floor else float("nan")
    total = run["extract"] + run["assemble"] + run["turtle"] + run["graphml"] + run["html"]
    lines = [
        f"### {dt.date.today().isoformat()} — {args.pages} pages "
        f"({chars / 1e6:.1f} M characters), {args.jobs} jobs",
        "",
        "| figure | value |",
        "|---|---|",
        f"| corpus generation | {gen:.1f} s |",
        f"| whole run (extract + assemble + exports) | {total:.1f} s |",
        f"| pages/s (whole run) | {run['pages'] / total:.1f} |",
        f"| articles/s (whole run) | {run['articles'] / total:.1f} |",
        f"| pages, articles, persons, places, events | {run['pages']}, {run['articles']}, "
        f"{run['persons']}, {run['places']}, {run['events']} |",
        f"| triples | {run['triples']} |",
        f"| peak memory (largest process) | {run['peak_rss_mb']:.0f} MB |",
        f"| extract (parallel) / assemble / Turtle / GraphML / HTML | {run['extract']:.1f} / "
        f"{run['assemble']:.1f} / {run['turtle']:.1f} / {run['graphml']:.1f} / "
        f"{run['html']:.1f} s |",
        f"| per-stage, one process, {len(sample)} pages: "
        + " / ".join(stages) + " | " + " / ".join(f"{v:.2f}" for v in stages.values())
        + " s |",
        f"| jieba POS floor on the same {len(sample)} pages | {floor:.2f} s |",
        f"| **pipeline extraction cost / jieba floor** | **{ratio:.1f}×** |",
        "",
    ]
    report = "\n".join(lines)
    print(report)
    if args.report:
        with args.report.open("a", encoding="utf-8") as fh:
            fh.write(report + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
