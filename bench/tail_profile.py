"""Time and memory of each step after extraction (issue 13), from a warm page cache.

    python bench/tail_profile.py PAGES OUT [--jobs N] [--no-validate] [--parallel]

``OUT`` must hold a ``.cache`` filled by an earlier ``kg build PAGES --out OUT`` (so the
extraction step only reads cached pages). Prints one Markdown row per step: wall
seconds, the process's resident memory after the step and its peak so far
(``ru_maxrss``). The outputs are written to ``OUT/tail-profile/``. The steps run one
after another (so each gets its own row) unless ``--parallel``: then SHACL, Turtle and
GEXF run in forked children as in ``kg build -j 2`` and have no row of their own.
"""

from __future__ import annotations

import argparse
import gc
import resource
import time
from pathlib import Path


def rss_mb() -> float:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * resource.getpagesize() / 2**20


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("pages")
    ap.add_argument("out")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--no-validate", action="store_true")
    ap.add_argument("--parallel", action="store_true")
    args = ap.parse_args()
    from kg.pipeline import BuildOptions, build

    import kg.pipeline as pl
    if not args.parallel:
        pl.PARALLEL_ABOVE = float("inf")
    rows: list[tuple[str, float, float, float]] = []
    marks: dict[str, float] = {}

    def timed(name, fn):
        def wrapper(*a, **kw):
            t = time.perf_counter()
            r = fn(*a, **kw)
            rows.append((name, time.perf_counter() - t, rss_mb(), peak_mb()))
            return r
        return wrapper

    # wrap the stages where kg.pipeline looks them up
    for mod, name in ((pl, "assemble"), (pl, "validate_graph")):
        setattr(mod, name, timed(name, getattr(mod, name)))
    import kg.graph.store as st
    st.StoreLoad.wait = timed("wait for the store loader (child process)", st.StoreLoad.wait)
    import kg.export.turtle as tt, kg.export.project as pj, kg.export.network as nw
    import kg.export.html as ht
    tt.write_turtle = timed("write_turtle", tt.write_turtle)
    pj.to_property_graph = timed("to_property_graph", pj.to_property_graph)
    nw.write_network_exports = timed("graphml x2 + gexf", nw.write_network_exports)
    # and each file of it (looked up in kg.export.network's namespace at call time)
    for name in ("write_graphml", "write_people_graphml", "write_gexf"):
        setattr(nw, name, timed(f"  {name}", getattr(nw, name)))
    ht.write_html = timed("write_html", ht.write_html)
    out = Path(args.out)
    t0 = time.perf_counter()
    res = build([args.pages], out / "tail-profile",
                BuildOptions(jobs=args.jobs, cache_dir=out / ".cache",
                             validate=not args.no_validate))
    total = time.perf_counter() - t0
    print(res.summary())
    print("| step | s | RSS after (MB) | peak so far (MB) |\n|---|---|---|---|")
    for name, s, rss, pk in rows:
        print(f"| {name} | {s:.1f} | {rss:.0f} | {pk:.0f} |")
    print(f"| whole build | {total:.1f} | {rss_mb():.0f} | {peak_mb():.0f} |")


if __name__ == "__main__":
    main()
