"""The offline HTML view (``kg.html``): an explorer of the whole graph in one file.

One self-contained page, nothing fetched: vis-network's JS and CSS are inlined from the
copy pyvis ships (pyvis is a dependency; its own pages link CDNs), the graph is
embedded as compact JSON, and the page script is our own (``kg/export/assets/view.*``).
vis-network stays because it already ships with a dependency, draws a few hundred
nodes with labels fast on a canvas, and takes fixed positions, so the first view needs
no in-browser layout at all.

What is embedded (``view_data``) is *every* node of the projection (persons, places,
organisations, events, articles, posts) and every edge, as columns of small integers
and strings, so search, timelines and the date range work on the whole archive while
only a readable part is drawn:

- the **overview**: the hubs (persons, places, organisations with the most events and
  mentions) with summary edges between them (shared events, events at a place,
  administrative containment), laid out here with a seeded spring layout, so the page
  draws them at once with physics off and *Reset* returns to exactly that picture;
- a **neighbourhood** on demand (search, click): drawn from the embedded adjacency,
  bounded by ``max_nodes``, expandable one node at a time.

The page reports itself in ``#kg-status`` (counts, JS errors, external requests, time
to the first drawing) and exposes ``window.kgView`` for the browser tests.
"""

from __future__ import annotations

import functools
import json
import os
import re
from pathlib import Path
from typing import Any

import networkx as nx
import rdflib

from kg.export.atomic import atomic_write
from kg.export.project import JOIN, load_styles, to_property_graph

ASSETS = Path(__file__).resolve().parent / "assets"
# Shape glyphs for the legend (vis-network shape name -> a character that looks like it).
_GLYPHS = {"dot": "●", "diamond": "◆", "triangle": "▲", "square": "■", "box": "▬",
           "ellipse": "⬮", "star": "★", "triangleDown": "▼", "hexagon": "⬢"}

#: Hubs drawn in the overview, per broad type (the first view must stay readable).
OVERVIEW_QUOTA = {"person": 35, "place": 30, "organisation": 15}
#: Summary edges kept per overview node (its strongest), so hubs do not form a ball.
OVERVIEW_EDGES_PER_NODE = 5
#: The overview's extent (canvas units) for 100 hubs: fitted to a window about this
#: size, labels are drawn at their own size.
OVERVIEW_BOX = (1400, 900)
#: Types whose nodes are "entities": searchable hubs, active in a date range.
ENTITY_TYPES = ("person", "place", "organisation", "event", "post")
# Edges that tie an event to its article: provenance, not participation.
_PROVENANCE = {"wasDerivedFrom"}
# Summary edge kinds of the overview (index = code in the JSON).
OVERVIEW_KINDS = ("co-participation", "at place", "contained in", "named together")


@functools.lru_cache(maxsize=1)
def _vis_assets() -> tuple[str, str]:
    """vis-network's minified JS and CSS, inlined from the copy pyvis ships (pyvis's own
    pages link CDNs; the view must work offline)."""
    import pyvis

    d = Path(pyvis.__file__).resolve().parent / "lib" / "vis-9.1.2"
    return ((d / "vis-network.min.js").read_text(encoding="utf-8"),
            (d / "vis-network.css").read_text(encoding="utf-8"))


def _script_safe(text: str) -> str:
    """Make JS safe inside a <script> element (no premature end tag).

    Only ``</script`` is touched: a blanket ``</`` -> ``<\\/`` would break
    regular-expression literals in minified JS.
    """
    return re.sub(r"</(script)", r"<\\/\1", text, flags=re.IGNORECASE)


def _json_safe(payload: str) -> str:
    """JSON for a <script> element: ``<`` only occurs inside strings, so escape it."""
    return payload.replace("<", "\\u003c")


#: Longest label drawn on the canvas; longer ones are cut (the full text is on hover).
LABEL_MAX = 12
# Opening/closing quote pairs: a cut or a sloppy extraction can leave one unpaired.
_QUOTES = {"“": "”", "‘": "’", "《": "》", "「": "」", "『": "』", "(": ")", "（": "）"}


def short_label(label: str, node_type: str, limit: int = LABEL_MAX) -> str:
    """The text drawn next to a node: empty for articles (headline on hover), else the
    label without unpaired quotes, cut to ``limit`` characters with an ellipsis."""
    if node_type == "article":
        return ""
    text = " ".join(label.split())
    for o, c in _QUOTES.items():  # drop a quote pair whose partner is missing
        if text.count(o) != text.count(c):
            text = text.replace(o, "").replace(c, "")
    if len(text) > limit:
        text = text[:limit - 1].rstrip(" ,，、：:") + "…"
    return text


class _Table:
    """Strings -> small integers (kinds, edge labels): each name is stored once."""

    def __init__(self, first: tuple[str, ...] = ("",)) -> None:
        self.items: list[str] = list(first)
        self.index = {s: i for i, s in enumerate(self.items)}

    def __call__(self, s: str) -> int:
        i = self.index.get(s)
        if i is None:
            i = self.index[s] = len(self.items)
            self.items.append(s)
        return i


def _split(value: Any) -> list[str]:
    """An attribute the projection may have joined (``a; b``) as a list of values."""
    return [v for v in str(value).split(JOIN) if v] if value not in (None, "") else []


def view_data(graph: rdflib.Graph | None = None, *, max_nodes: int = 1500,
              pg: nx.MultiDiGraph | None = None) -> dict[str, Any]:
    """The JSON the page embeds (see the module doc; the page script reads it).

    ``nodes``: one row per node, ``[type, label, kind, date, end_date, events,
    mentions]`` (type and kind are indexes into ``types`` / ``kinds``; ``events``
    counts the events a node takes part in or hosts, ``mentions`` the articles naming
    it); ``extra``: per node index, what only some nodes have (evidence, status,
    level, code, url; an article's ``s`` (its file, an index into ``sources``) and ``p``
    (its position on the page)); ``edges``: a flat list ``from, to, rel, …`` of merged
    edges (``rel`` indexes ``rels``); ``edge_extra``: per edge index, ``[places,
    evidence]`` of a role the participant had at some places only; ``holdings``: one
    row per stated post ``[person, post, date, article, org, evidence]``;
    ``overview``: the hubs with positions ``[node, x, y]`` and summary edges
    ``[a, b, kind, weight]``. ``max_nodes`` bounds how many nodes any view draws.
    ``pg`` is the graph's projection when the caller has it (not modified).
    """
    if pg is None:
        if graph is None:
            raise ValueError("view_data needs a graph or its projection")
        pg = to_property_graph(graph)
    styles = load_styles()
    types = [s.type for s in styles]
    tcode = {t: i for i, t in enumerate(types)}
    order = sorted(pg.nodes)
    idx = {n: i for i, n in enumerate(order)}
    kinds, rels, sources = _Table(), _Table(()), _Table()
    ntype = [str(pg.nodes[n].get("type", "other")) for n in order]

    nodes: list[list[Any]] = []
    extra: dict[str, dict[str, Any]] = {}
    for i, n in enumerate(order):
        a = pg.nodes[n]
        t = ntype[i] if ntype[i] in tcode else "other"
        date = str(a.get("date") or a.get("yearMonth") or "")
        end = str(a.get("end_date") or "")
        nodes.append([tcode[t], str(a.get("label", "")), kinds(str(a.get("kind", ""))),
                      date, end if end != date else "", 0, 0])
        x: dict[str, Any] = {}
        if t == "event":
            if a.get("evidence"):
                x["evidence"] = _split(a["evidence"])
            if a.get("status") and a["status"] != "happened":
                x["status"] = str(a["status"])
            if a.get("partOfDay"):
                x["partOfDay"] = str(a["partOfDay"])
        elif t == "place":
            for k in ("level", "divisionCode"):
                if a.get(k):
                    x[k] = str(a[k])
        elif t == "article":
            # Archives have tens of thousands of articles: short keys, and the file name
            # (shared by every article of a page) as an index into ``sources``.
            for k in ("url", "kicker"):
                if a.get(k):
                    x[k] = str(a[k]).split(JOIN)[0]
            if a.get("source"):
                x["s"] = sources(str(a["source"]).split(JOIN)[0])
            if a.get("position") not in (None, ""):
                x["p"] = a["position"]
        elif t == "organisation" and a.get("orgKind"):
            x["orgKind"] = str(a["orgKind"])
        if x:
            extra[str(i)] = x

    edges: list[int] = []
    edge_extra: dict[str, list[str]] = {}
    holdings: list[list[Any]] = []
    merged: dict[tuple[int, int, int], int] = {}
    for u, v, k, d in pg.edges(keys=True, data=True):  # sorted by the projection
        label = str(d.get("label", k.split("#")[0]))
        iu, iv = idx[u], idx[v]
        key = (iu, iv, rels(label))
        e = merged.get(key)
        if e is None:
            e = merged[key] = len(edges) // 3
            edges.extend(key)
        if label == "holdsPost":
            art = _split(d.get("article"))
            holdings.append([iu, iv, str(d.get("statedOn") or d.get("date") or "")[:10],
                             idx.get(art[0], -1) if art else -1, str(d.get("postOf") or ""),
                             (_split(d.get("evidence")) or [""])[0]])
        elif d.get("places") or (d.get("evidence") and ntype[iu] == "event"):
            edge_extra[str(e)] = [str(d.get("places") or ""),
                                  (_split(d.get("evidence")) or [""])[0]]
    holdings.sort(key=lambda h: (h[0], h[2], h[1], h[3]))

    # Events and mentions per node: what makes a hub.
    for u, v, rel in zip(edges[0::3], edges[1::3], edges[2::3]):
        name = rels.items[rel]
        if name == "mentions":
            nodes[v][6] += 1
        elif name not in _PROVENANCE:
            if ntype[u] == "event" and ntype[v] != "event":
                nodes[v][5] += 1
            elif ntype[v] == "event" and ntype[u] != "event":
                nodes[u][5] += 1

    overview = _overview(pg, order, idx, ntype, nodes, max_nodes)
    counts = {t: 0 for t in types}
    for t in ntype:
        counts[t if t in counts else "other"] += 1
    present = {t for t, c in counts.items() if c}
    return {
        "version": 2,
        "types": types,
        "kinds": kinds.items,
        "rels": rels.items,
        "sources": sources.items,
        "nodes": nodes,
        "extra": extra,
        "edges": edges,
        "edge_extra": edge_extra,
        "holdings": holdings,
        "overview": overview,
        "overview_kinds": list(OVERVIEW_KINDS),
        "counts": {t: c for t, c in counts.items() if c},
        "max_nodes": max_nodes,
        "styles": [{"type": s.type, "color": s.color, "shape": s.shape, "legend": s.legend,
                    "glyph": _GLYPHS.get(s.shape, "●")} for s in styles if s.type in present],
    }


def _overview(pg: nx.MultiDiGraph, order: list[str], idx: dict[str, int],
              ntype: list[str], nodes: list[list[Any]], max_nodes: int) -> dict[str, Any]:
    """The first view: hubs by events + mentions, summary edges, fixed positions."""
    limit = max_nodes if max_nodes >= 0 else 10 ** 9
    picked: list[int] = []
    for t, quota in OVERVIEW_QUOTA.items():
        cands = [i for i, nt in enumerate(ntype) if nt == t and nodes[i][5] + nodes[i][6] > 0]
        cands.sort(key=lambda i: (-(nodes[i][5] + nodes[i][6]), nodes[i][1], i))
        picked.extend(cands[:quota])
    picked.sort(key=lambda i: (-(nodes[i][5] + nodes[i][6]), i))
    hubs = sorted(picked[:limit])
    hub = set(hubs)

    # Summary edges through events: persons sharing an event, persons at a place.
    weight: dict[tuple[int, int, int], int] = {}
    for n in order:
        i = idx[n]
        if ntype[i] != "event":
            continue
        linked = sorted({idx[v] for v in pg.successors(n)} | {idx[u] for u in pg.predecessors(n)})
        people = [j for j in linked if j in hub and ntype[j] == "person"]
        places = [j for j in linked if j in hub and ntype[j] == "place"]
        for a_ in range(len(people)):
            for b_ in people[a_ + 1:]:
                k = (people[a_], b_, 0)
                weight[k] = weight.get(k, 0) + 1
            for p in places:
                k = (people[a_], p, 1)
                weight[k] = weight.get(k, 0) + 1
    for i in hubs:
        if ntype[i] in ("place", "organisation"):
            for _, v, d in pg.out_edges(order[i], data=True):
                j = idx[v]
                if j in hub and j != i and d.get("label") in ("containedInPlace", "location"):
                    weight[(i, j, 2)] = weight.get((i, j, 2), 0) + 1
    # Hubs tied to no other hub so far (organisations mostly: news names them, events
    # rarely involve them) join the hubs the same articles name most often.
    tied = {k[0] for k in weight} | {k[1] for k in weight}
    loose = [i for i in hubs if i not in tied]
    if loose:
        named: dict[tuple[int, int], int] = {}
        for i in loose:
            for u in pg.predecessors(order[i]):
                if ntype[idx[u]] != "article":
                    continue
                for v in pg.successors(u):
                    j = idx[v]
                    if j in hub and j != i:
                        key = (min(i, j), max(i, j))
                        named[key] = named.get(key, 0) + 1
        for i in loose:
            best = sorted(((w, k) for k, w in named.items() if i in k), key=lambda wk: (-wk[0], wk[1]))
            for w, (a, b) in best[:2]:
                weight[(a, b, 3)] = w
    # Keep each node's strongest edges only.
    per: dict[int, list[tuple[int, tuple[int, int, int]]]] = {}
    for k, w in weight.items():
        per.setdefault(k[0], []).append((w, k))
        per.setdefault(k[1], []).append((w, k))
    keep: set[tuple[int, int, int]] = set()
    for lst in per.values():
        lst.sort(key=lambda wk: (-wk[0], wk[1]))
        keep.update(k for _, k in lst[:OVERVIEW_EDGES_PER_NODE])
    sedges = [[a, b, kind, weight[(a, b, kind)]] for a, b, kind in sorted(keep)]

    pos = _layout(hubs, sedges)
    return {"nodes": [[i, pos[i][0], pos[i][1]] for i in hubs], "edges": sedges,
            "hidden": len(order) - len(hubs)}


def _layout(hubs: list[int], sedges: list[list[int]]) -> dict[int, tuple[int, int]]:
    """Seeded spring layout of the overview, as integer canvas coordinates.

    Done here, not in the browser: the first view is drawn at once (no physics) and is
    the same picture every time the page opens or *Reset* is pressed.
    """
    if not hubs:
        return {}
    g = nx.Graph()
    g.add_nodes_from(hubs)
    for a, b, _, w in sedges:
        g.add_edge(a, b, weight=1.0 + min(w, 20) ** 0.5)
    k = 2.2 / max(len(hubs), 1) ** 0.5
    raw = nx.spring_layout(g, k=k, seed=7, iterations=200, weight="weight")
    # A spring layout throws loosely tied hubs far out, and fitting the outliers into
    # the window would make every label tiny: three quarters of each coordinate is its rank, which
    # spreads the nodes evenly over a 16:10 box sized to keep labels readable.
    n = len(hubs)
    width, height = OVERVIEW_BOX
    grow = max(n / 100, 0.2) ** 0.5
    out: dict[int, list[float]] = {i: [0.0, 0.0] for i in hubs}
    for axis, size in ((0, width * grow), (1, height * grow)):
        vals = {i: float(raw[i][axis]) for i in hubs}
        lo, hi = min(vals.values()), max(vals.values())
        ranked = sorted(hubs, key=lambda i: (vals[i], i))
        for r, i in enumerate(ranked):
            lin = (vals[i] - lo) / (hi - lo) if hi > lo else 0.5
            rank = r / (n - 1) if n > 1 else 0.5
            out[i][axis] = (0.25 * lin + 0.75 * rank - 0.5) * size
    return {i: (int(round(x)), int(round(y))) for i, (x, y) in out.items()}


def html_text(graph: rdflib.Graph | None = None, *, max_nodes: int = 1500,
              title: str = "知识图谱 Knowledge graph",
              pg: nx.MultiDiGraph | None = None) -> str:
    """The complete page as a string (deterministic for the same graph)."""
    data = view_data(graph, max_nodes=max_nodes, pg=pg)
    vis_js, vis_css = _vis_assets()
    template = (ASSETS / "view.html").read_text(encoding="utf-8")
    view_js = (ASSETS / "view.js").read_text(encoding="utf-8")
    view_css = (ASSETS / "view.css").read_text(encoding="utf-8")
    payload = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    parts = {"TITLE": _html_escape(title),
             "VIS_CSS": re.sub(r"</(style)", r"<\\/\1", vis_css, flags=re.I),
             "VIEW_CSS": view_css, "VIS_JS": _script_safe(vis_js),
             "DATA": _json_safe(payload), "VIEW_JS": _script_safe(view_js)}
    # One pass over the template only, so inserted text is never scanned again.
    return re.sub(r"\{\{([A-Z_]+)\}\}", lambda m: parts[m.group(1)], template)


def _html_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def write_html(graph: rdflib.Graph | None, path: str | os.PathLike, *, max_nodes: int = 1500,
               pg: nx.MultiDiGraph | None = None) -> None:
    """Write the offline, self-contained HTML view of ``graph`` to ``path``."""
    atomic_write(path, html_text(graph, max_nodes=max_nodes, pg=pg).encode("utf-8"))
