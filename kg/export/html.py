"""The offline HTML view (``kg.html``): one self-contained page, nothing fetched.

vis-network's JS and CSS are inlined from pyvis's own package files (pyvis is a
dependency; its CDN links are not used), the graph is embedded as JSON, and the page
script is our own template (``kg/export/assets/view.html``, ``view.js``, ``view.css``).

Features: colours and shapes by broad type (``kg/data/style.tsv``) with a legend that
doubles as the type filter; short labels on the canvas (articles unlabelled and small,
long names cut, see ``short_label``) and the full text on hover: label, type, kind,
date, places, roles and the evidence sentence; search by name; date-range filter; a
switch for the many article → entity ``mentions`` edges (drawn faint); barnesHut layout with a fixed
seed that stabilises and then switches physics off. Over ``max_nodes`` only the most
connected nodes are kept, and the page says how many were left out.

The page reports itself in ``#kg-status`` (node/edge counts, JS errors, external
requests) so a headless browser test can read it from the dumped DOM.
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
from kg.export.project import load_styles, participations, styled_nodes, to_property_graph

ASSETS = Path(__file__).resolve().parent / "assets"
# Shape glyphs for the legend (vis-network shape name -> a character that looks like it).
_GLYPHS = {"dot": "●", "diamond": "◆", "triangle": "▲", "square": "■", "box": "▬",
           "ellipse": "⬮", "star": "★", "triangleDown": "▼", "hexagon": "⬢"}


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


def view_data(graph: rdflib.Graph, *, max_nodes: int = 1500,
              pg: nx.MultiDiGraph | None = None) -> dict[str, Any]:
    """The JSON the page embeds: nodes, edges, styles and what was left out.

    Over ``max_nodes`` nodes, the most connected ones are kept (degree, ties by IRI).
    ``pg`` is the graph's projection when the caller already has it (not modified).
    """
    pg = pg if pg is not None else to_property_graph(graph)
    nodes = styled_nodes(pg)
    total_nodes, total_edges = len(nodes), pg.number_of_edges()
    if max_nodes >= 0 and len(nodes) > max_nodes:
        ranked = sorted(nodes, key=lambda na: (-na[1]["degree"], na[0]))[:max_nodes]
        keep = {n for n, _ in ranked}
        nodes = [(n, a) for n, a in nodes if n in keep]
    index = {n: i for i, (n, _) in enumerate(nodes)}
    label = {n: str(pg.nodes[n].get("label", n)) for n in pg.nodes}

    part = participations(graph)
    # Where a participant was only at some of the event's places (folded participation).
    only_at: dict[tuple[str, str], str] = {}
    for u, v, d in pg.edges(data=True):
        if d.get("places") and pg.nodes[u].get("type") == "event":
            only_at[(u, v)] = str(d["places"])

    def role_text(ev: str, person: str, roles: list[str], who: str) -> str:
        where = only_at.get((ev, person))
        return f"{who}: {', '.join(roles)}" + (f" @ {where}" if where else "")

    roles_of_person: dict[str, list[str]] = {}
    for ev, people in part.items():
        for person, roles in people.items():
            roles_of_person.setdefault(person, []).append(
                role_text(ev, person, roles, label.get(ev, ev)))
    out_nodes = []
    styles = {s.type: s for s in load_styles()}
    for n, a in nodes:
        st = styles.get(a.get("type", "other")) or styles["other"]
        rec: dict[str, Any] = {
            "id": index[n], "label": str(a.get("label", "")), "type": st.type,
            "short": short_label(str(a.get("label", "")), st.type),
            "kind": str(a.get("kind", "")), "iri": n, "size": a["size"],
            "degree": a["degree"],
        }
        for k in ("date", "end_date", "evidence", "level", "divisionCode", "status"):
            if a.get(k) not in (None, ""):
                rec[k] = str(a[k])
        if a.get("type") == "event":
            places = sorted({label[v] for _, v, k in pg.out_edges(n, keys=True)
                             if pg.nodes[v].get("type") == "place"})
            if places:
                rec["places"] = places
            if n in part:
                rec["roles"] = [role_text(n, p, r, label.get(p, p))
                                for p, r in part[n].items()]
        elif n in roles_of_person:
            rec["roles"] = sorted(roles_of_person[n])
        out_nodes.append(rec)
    edges = []
    seen: dict[tuple[int, int, str], dict[str, Any]] = {}
    for u, v, k, d in pg.edges(keys=True, data=True):
        if u in index and v in index:
            key = (index[u], index[v], str(d.get("label", k)))
            if key in seen:
                seen[key]["weight"] += 1
            else:
                seen[key] = {"from": key[0], "to": key[1], "label": key[2], "weight": 1}
            if d.get("places"):
                seen[key]["places"] = str(d["places"])
    edges = [seen[k] for k in sorted(seen)]
    return {
        "nodes": out_nodes,
        "edges": edges,
        "total_nodes": total_nodes,
        "total_edges": total_edges,
        "hidden_nodes": total_nodes - len(out_nodes),
        "max_nodes": max_nodes,
        "styles": [{"type": s.type, "color": s.color, "shape": s.shape, "legend": s.legend,
                    "glyph": _GLYPHS.get(s.shape, "●")} for s in load_styles()
                   if any(n["type"] == s.type for n in out_nodes)],
    }


def html_text(graph: rdflib.Graph, *, max_nodes: int = 1500,
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


def write_html(graph: rdflib.Graph, path: str | os.PathLike, *, max_nodes: int = 1500,
               pg: nx.MultiDiGraph | None = None) -> None:
    """Write the offline, self-contained HTML view of ``graph`` to ``path``."""
    atomic_write(path, html_text(graph, max_nodes=max_nodes, pg=pg).encode("utf-8"))
