"""Benchmark: build a large synthetic corpus from the seed pages and time every stage.

    python bench/bench.py --pages 10000 --jobs 2 --report bench/RESULTS.md
    python bench/bench.py --pages 10000 --write-corpus /tmp/synth  # then bench/archive.sh

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

from kg.extracting.mentions import extract_mentions  # noqa: E402
from kg.pipeline import BuildOptions, build_corpus, resolve_entities  # noqa: E402
from kg.reading.files import PageFile, read_page  # noqa: E402
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
    from kg.extracting.gazetteer import get_gazetteer

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
    from kg.extracting.dates import infer_page_date  # noqa: F401  (imported for warm-up)
    from kg.extracting.events import extract_events
    from kg.graph.build import build_graph
    from kg.extracting.mentions import extract_mentions as mentions
    from kg.pipeline import _sample_home, date_page
    from kg.segmenting.articles import segment_page

    # as the pipeline does, outside the per-page timing (it takes the files it found)
    home = _sample_home([PageFile(p, p.name) for p in paths])
    t = dict.fromkeys(["read", "segment", "date", "mentions", "events", "assemble"], 0.0)
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
            art.mentions = mentions(art.text, home=home)
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
    build_graph(corpus)
    t["assemble"] = time.perf_counter() - a
    return t


def _rss_mb(pid: int | str = "self") -> float:
    """Current resident memory of a process in MB (Linux /proc; 0 when unknown)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def _children_rss_mb() -> float:
    """Resident memory of the largest child process (the extraction workers)."""
    pids: list[str] = []
    for task in Path("/proc/self/task").glob("*/children"):
        try:
            pids += task.read_text().split()
        except OSError:
            continue
    return max((_rss_mb(p) for p in pids), default=0.0)


def _exporters():
    """(name, file, writer(graph, path, pg)) as `kg build` runs them: one projection."""
    from kg.export.gexf import write_gexf
    from kg.export.graphml import write_graphml, write_people_graphml
    from kg.export.html import write_html
    from kg.export.turtle import write_turtle

    return (("turtle", "kg.ttl", lambda g, p, pg: write_turtle(g, p)),
            ("graphml", "kg.graphml", write_graphml),
            ("people", "kg-people.graphml", write_people_graphml),
            ("gexf", "kg.gexf", write_gexf),
            ("html", "kg.html", lambda g, p, pg: write_html(g, p, pg=pg)))


def full_run(folder: Path, jobs: int, checkpoints: tuple[int, ...] = (1000, 5000, 10000),
             validate: bool = True) -> dict:
    """The whole pipeline on every page, as `kg build` runs it, with memory and sizes.

    Resident memory of the main process and of the largest worker is sampled when
    ``checkpoints`` pages are done: it must not grow with the pages beyond the corpus
    (the slim pages the main process keeps). Also times a cold build into an empty
    page cache and a warm rebuild after 1% of the pages changed.
    """
    from kg.pipeline import assemble, wait_checkpoint

    out: dict = {"rss_at": {}}
    n_paths = len(list(folder.glob("*.txt")))

    def progress(done: int, total: int) -> None:
        if done in checkpoints or done == total:
            out["rss_at"][done] = (_rss_mb(), _children_rss_mb())

    with tempfile.TemporaryDirectory() as cache:
        a = time.perf_counter()
        # as kg build does it: each page goes into the graph as it comes (no corpus held)
        done_at: list[float] = []

        def progress_and_time(done: int, total: int) -> None:
            progress(done, total)
            if done == total:
                done_at.append(time.perf_counter())

        graph, res = assemble([folder], BuildOptions(jobs=jobs, cache_dir=Path(cache)),
                              progress=progress_and_time)
        end = time.perf_counter()
        # kg build waits for the checkpoint's child at its end, beside the exports; here
        # it is waited for at once so that no child runs while the steps below are timed.
        wait_checkpoint(res)
        out["checkpoint_wait"] = time.perf_counter() - end
        out["extract"] = (done_at[-1] if done_at else end) - a
        out["assemble"] = end - (done_at[-1] if done_at else end)  # entity descriptions
        out["main_rss_after_extract_mb"] = _rss_mb()
        corpus = res.corpus
        if validate:
            from kg.graph.validate import SAMPLE_ABOVE, validate_graph

            a = time.perf_counter()  # as kg build does it: a sample above 20k triples
            out["valid"] = validate_graph(graph, sample_above=SAMPLE_ABOVE)[0]
            out["validate"] = time.perf_counter() - a
        out["sizes"] = {}
        from kg.export.project import gc_paused, to_property_graph

        with tempfile.TemporaryDirectory() as d, gc_paused():
            a = time.perf_counter()
            pg = to_property_graph(graph)  # shared by GraphML, GEXF and HTML
            out["project"] = time.perf_counter() - a
            for name, fname, fn in _exporters():
                a = time.perf_counter()
                fn(graph, Path(d) / fname, pg)
                out[name] = time.perf_counter() - a
                out["sizes"][fname] = (Path(d) / fname).stat().st_size
            del pg
        out.update(pages=len(corpus.pages), articles=res.articles,
                   persons=len(corpus.persons), places=len(corpus.places),
                   organisations=len(corpus.organisations),
                   events=res.events, triples=len(graph), errors=len(corpus.errors))
        out["peak_rss_main_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        out["peak_rss_worker_mb"] = \
            resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        del graph, corpus
        # incremental: change 1% of the pages (a sentence appended), rebuild with the cache
        paths = sorted(folder.glob("*.txt"))
        changed = paths[:: 100]
        for p in changed:
            with p.open("a", encoding="utf-8") as fh:
                fh.write("\n本报讯 会议要求，各地要抓好落实。\n")
        a = time.perf_counter()
        build_corpus([folder], BuildOptions(jobs=jobs, cache_dir=Path(cache)))
        out["warm_extract"] = time.perf_counter() - a
        out["warm_changed"] = len(changed)
    out["n_paths"] = n_paths
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pages", type=int, default=10000)
    ap.add_argument("--sample", type=int, default=200,
                    help="pages for the per-stage timing and the jieba floor")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--report", type=Path, help="append the table to this Markdown file")
    ap.add_argument("--no-validate", action="store_true", help="skip timing the SHACL check (sampled as in kg build)")
    ap.add_argument("--write-corpus", type=Path, metavar="DIR",
                    help="only write the synthetic pages into DIR (for bench/archive.sh)")
    args = ap.parse_args(argv)
    if args.write_corpus:
        args.write_corpus.mkdir(parents=True, exist_ok=True)
        chars = make_corpus(args.write_corpus, args.pages)
        print(f"{args.pages} pages, {chars / 1e6:.1f} M characters in {args.write_corpus}")
        return 0

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        a = time.perf_counter()
        chars = make_corpus(folder, args.pages)
        gen = time.perf_counter() - a
        paths = sorted(folder.glob("*.txt"))
        sample = paths[: args.sample]
        floor = jieba_floor(sample)
        stages = stage_times(sample)
        run = full_run(folder, args.jobs, validate=not args.no_validate)

    per_page_pipeline = sum(v for k, v in stages.items()
                            if k in ("read", "segment", "date", "mentions", "events"))
    ratio = per_page_pipeline / floor if floor else float("nan")
    exports = ("turtle", "project", "graphml", "people", "gexf", "html")
    total = run["extract"] + run["assemble"] + run.get("validate", 0.0) \
        + sum(run[k] for k in exports)
    rss = ", ".join(f"{k} pages: {m:.0f} / {w:.0f} MB" for k, (m, w)
                    in sorted(run["rss_at"].items()))
    sizes = ", ".join(f"{k} {v / 1e6:.1f} MB" for k, v in run["sizes"].items())
    lines = [
        f"### {dt.date.today().isoformat()} — {args.pages} pages "
        f"({chars / 1e6:.1f} M characters), {args.jobs} jobs",
        "",
        "| figure | value |",
        "|---|---|",
        f"| corpus generation | {gen:.1f} s |",
        f"| whole run (extract + assemble + validate + exports) | {total:.1f} s |",
        f"| pages/s (whole run) | {run['pages'] / total:.1f} |",
        f"| articles/s (whole run) | {run['articles'] / total:.1f} |",
        f"| pages/s (extraction only, {args.jobs} jobs) | {run['pages'] / run['extract']:.1f} |",
        f"| pages, articles, persons, places, organisations, events | {run['pages']}, "
        f"{run['articles']}, {run['persons']}, {run['places']}, {run['organisations']}, "
        f"{run['events']} |",
        f"| triples | {run['triples']} |",
        f"| errors | {run['errors']} |",
        f"| peak memory: main process / largest worker | {run['peak_rss_main_mb']:.0f} / "
        f"{run['peak_rss_worker_mb']:.0f} MB |",
        f"| resident memory main / largest worker, by pages done | {rss} |",
        f"| main process after extraction and graph (no corpus held) | "
        f"{run['main_rss_after_extract_mb']:.0f} MB |",
        f"| extract (parallel) / assemble / SHACL validate | {run['extract']:.1f} / "
        f"{run['assemble']:.1f} / {run.get('validate', float('nan')):.1f} s |",
        "| export Turtle / projection (shared) / GraphML / people GraphML / GEXF / HTML | "
        + " / ".join(f"{run[k]:.1f}" for k in exports) + " s |",
        f"| output sizes | {sizes} |",
        f"| cold build with cache / warm rebuild after {run['warm_changed']} pages "
        f"(1%) changed | {run['extract']:.1f} / {run['warm_extract']:.1f} s |",
        f"| per-stage, one process, {len(sample)} pages: "
        + " / ".join(stages) + " | " + " / ".join(f"{v:.2f}" for v in stages.values())
        + " s |",
        f"| jieba POS floor on the same {len(sample)} pages | {floor:.2f} s |",
        f"| **pipeline extraction cost / jieba floor** | **{ratio:.2f}×** |",
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
