"""A static, Gephi-like drawing of the graph as SVG (for docs and quick looks).

Layout: networkx's force-directed spring layout with a fixed seed, so the same graph
gives the same picture; nodes are coloured and sized like the other
exports (``kg/data/style.tsv``, ``size`` from degree), edges are thin curves tinted by
their source, and only the best connected nodes are labelled, as Gephi's "label size
by degree" view would show them. Text is escaped; nothing is fetched.
"""

from __future__ import annotations

import math
from typing import Any
from xml.sax.saxutils import escape, quoteattr

import networkx as nx
import rdflib

from kg.export.project import (aggregated_edges, load_styles, people_view, styled_nodes,
                               to_property_graph)

FONT = '"WenQuanYi Micro Hei", "Noto Sans CJK SC", "Microsoft YaHei", sans-serif'


def layout(nodes: list[tuple[str, dict[str, Any]]],
           edges: list[tuple[str, str, dict[str, Any]]], *, seed: int = 7,
           iterations: int = 300) -> dict[str, tuple[float, float]]:
    """Force-directed positions (seeded, so the same graph gives the same picture)."""
    g = nx.Graph()
    g.add_nodes_from(n for n, _ in nodes)
    for u, v, a in edges:
        w = float(a.get("weight", 1.0))
        g.add_edge(u, v, weight=g.edges[u, v]["weight"] + w if g.has_edge(u, v) else w)
    if g.number_of_nodes() == 0:
        return {}
    # Fruchterman-Reingold with a little more room than the default spacing: the
    # picture Gephi's ForceAtlas2 gives a small graph, without its tuning knobs.
    k = 1.6 / math.sqrt(g.number_of_nodes())
    pos = nx.spring_layout(g, k=k, iterations=iterations, seed=seed, weight="weight")
    return {n: (float(x), float(y)) for n, (x, y) in sorted(pos.items())}


def svg_text(nodes: list[tuple[str, dict[str, Any]]],
             edges: list[tuple[str, str, dict[str, Any]]], *, width: int = 1000,
             height: int = 700, labels: int = 40, title: str = "",
             legend: bool = True, seed: int = 7) -> str:
    """An SVG document of the graph (node attrs: label, r, g, b, size, type).

    ``labels`` best connected nodes (by ``size``, ties by id) get their label drawn.
    """
    pos = layout(nodes, edges, seed=seed)
    attrs = dict(nodes)
    margin = 40
    if pos:
        xs = [p[0] for p in pos.values()]
        ys = [p[1] for p in pos.values()]
        sx = (width - 2 * margin) / ((max(xs) - min(xs)) or 1.0)
        sy = (height - 2 * margin - (30 if title else 0)) / ((max(ys) - min(ys)) or 1.0)
        s = min(sx, sy)
        ox = margin + (width - 2 * margin - s * (max(xs) - min(xs))) / 2 - s * min(xs)
        oy = margin + (30 if title else 0) - s * min(ys)
        xy = {n: (ox + s * x, oy + s * y) for n, (x, y) in pos.items()}
    else:
        xy = {}
    scale = 0.55  # the exports' sizes are diameters for vis; here radius, a bit smaller
    for n, a in nodes:  # articles are provenance, not actors: small and unlabelled
        if a.get("type") == "article":
            a["size"] = 6.0

    def rgb(a: dict[str, Any]) -> str:
        return f"rgb({a.get('r', 176)},{a.get('g', 176)},{a.get('b', 176)})"

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
           f'viewBox="0 0 {width} {height}" font-family={quoteattr(FONT)}>',
           f'<rect width="{width}" height="{height}" fill="#ffffff"/>']
    if title:
        out.append(f'<text x="{margin}" y="32" font-size="20" fill="#333">{escape(title)}</text>')
    out.append('<g fill="none" stroke-opacity="0.35">')
    for u, v, a in edges:
        if u not in xy or v not in xy:
            continue
        (x1, y1), (x2, y2) = xy[u], xy[v]
        # Gephi's curved edges: a quadratic curve bent clockwise by a fifth of its length.
        mx, my = (x1 + x2) / 2 + (y2 - y1) / 5, (y1 + y2) / 2 - (x2 - x1) / 5
        w = min(0.6 + math.log(float(a.get("weight", 1.0))), 4.0)
        out.append(f'<path d="M{x1:.1f},{y1:.1f} Q{mx:.1f},{my:.1f} {x2:.1f},{y2:.1f}" '
                   f'stroke="{rgb(attrs[u])}" stroke-width="{w:.2f}"/>')
    out.append("</g><g stroke=\"#ffffff\" stroke-width=\"1\">")
    order = sorted(xy, key=lambda n: (float(attrs[n].get("size", 10.0)), n))
    for n in order:  # big nodes last, so they are on top
        x, y = xy[n]
        r = float(attrs[n].get("size", 10.0)) * scale
        out.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" fill="{rgb(attrs[n])}">'
                   f"<title>{escape(str(attrs[n].get('label', n)))}</title></circle>")
    out.append('</g><g fill="#222" font-size="13" text-anchor="middle" '
               'paint-order="stroke" stroke="#ffffff" stroke-width="3">')
    top = sorted((n for n in xy if attrs[n].get("type") != "article"),
                 key=lambda n: (-float(attrs[n].get("size", 10.0)), n))[:labels]
    for n in sorted(top):
        x, y = xy[n]
        r = float(attrs[n].get("size", 10.0)) * scale
        text = str(attrs[n].get("label", ""))
        text = text if len(text) <= 12 else text[:11] + "…"
        out.append(f'<text x="{x:.1f}" y="{y + r + 13:.1f}">{escape(text)}</text>')
    out.append("</g>")
    if legend:
        shown = {str(a.get("type")) for _, a in nodes}
        rows = [s for s in load_styles() if s.type in shown]
        for i, st in enumerate(rows):
            y = height - 16 - 20 * (len(rows) - 1 - i)
            out.append(f'<circle cx="{margin}" cy="{y - 4}" r="6" fill="{st.color}"/>'
                       f'<text x="{margin + 12}" y="{y + 1}" font-size="13" fill="#333">'
                       f"{escape(st.legend)}</text>")
    out.append("</svg>")
    return "\n".join(out) + "\n"


def graph_svg(graph: rdflib.Graph, **kw: Any) -> str:
    """The whole knowledge graph as SVG (same projection and styles as kg.graphml)."""
    pg = to_property_graph(graph)
    return svg_text(styled_nodes(pg), aggregated_edges(pg), **kw)


def people_svg(graph: rdflib.Graph, **kw: Any) -> str:
    """The person co-participation view (kg-people.graphml) as SVG."""
    view = people_view(graph)
    nodes = [(n, dict(view.nodes[n])) for n in sorted(view.nodes)]
    edges = [(u, v, dict(view.edges[u, v])) for u, v in
             sorted(tuple(sorted((a, b))) for a, b in view.edges)]
    return svg_text(nodes, edges, **kw)
