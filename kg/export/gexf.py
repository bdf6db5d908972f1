"""GEXF with time intervals (``kg.gexf``), so Gephi's timeline can play the graph.

The graph is the same projection as ``kg.graphml`` (edges merged per label, with a
weight). Time: an event lives from its date to its end date (or the same day); an
edge touching an event lives as long as the event; an article appears on its
publication date and stays; anything else linked to an event (persons, places …)
appears with its earliest event and then stays; nodes with no date at all are always
present.
Dates are ISO ``YYYY-MM-DD`` strings, so networkx writes ``mode="dynamic"
timeformat="date"``, which Gephi reads.

networkx stamps ``lastmodifieddate`` with today's date; it is removed so the output
is byte-identical for the same graph.
"""

from __future__ import annotations

import os
import re
from typing import Any

import networkx as nx
import rdflib

from kg.export.graphml import atomic_write_bytes
from kg.export.project import (aggregated_edges, graphml_value_types, styled_nodes,
                               to_property_graph)

_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _clean(value: Any) -> Any:
    """GEXF-friendly scalar: keep bool/int/float, everything else as str."""
    return value if isinstance(value, (bool, int, float)) else str(value)


def dynamic_graph(graph: rdflib.Graph) -> nx.MultiDiGraph:
    """The timed property graph that ``write_gexf`` serialises (``start``/``end``)."""
    pg = to_property_graph(graph)
    nodes = styled_nodes(pg)
    edges = aggregated_edges(pg)
    span: dict[str, tuple[str, str]] = {}
    for n, a in nodes:
        if a.get("type") == "event" and _ISO.match(str(a.get("date", ""))):
            end = str(a.get("end_date", a["date"]))
            span[n] = (str(a["date"]), end if _ISO.match(end) and end >= a["date"] else a["date"])
    first: dict[str, str] = {}
    for n, a in nodes:
        if n not in span and _ISO.match(str(a.get("date", ""))):
            first[n] = str(a["date"])
    own = set(first)  # dated by their own literal (articles, holdings): keep that date
    for u, v, _ in edges:  # things linked to an event appear with it at the latest
        for x, y in ((u, v), (v, u)):
            if y in span and x not in span and x not in own:
                d = span[y][0]
                if x not in first or d < first[x]:
                    first[x] = d

    dg = nx.MultiDiGraph(mode="dynamic")
    # Types must agree per column across nodes: coerce mixed columns to strings.
    ntypes = graphml_value_types(a for _, a in nodes)
    for i, (n, a) in enumerate(nodes):
        attrs = {k: (str(v) if ntypes[k] == "string" else _clean(v)) for k, v in a.items()
                 if k not in ("r", "g", "b", "size")}
        attrs["viz"] = {"color": {"r": a["r"], "g": a["g"], "b": a["b"], "a": 1.0},
                        "size": float(a["size"])}
        attrs["id"] = f"n{i}"
        if n in span:
            attrs["start"], attrs["end"] = span[n]
        elif n in first:
            attrs["start"] = first[n]
        dg.add_node(n, **attrs)
    etypes = graphml_value_types(a for _, _, a in edges)
    for j, (u, v, a) in enumerate(edges):
        attrs = {k: (str(val) if etypes[k] == "string" else _clean(val)) for k, val in a.items()}
        ev = u if u in span else v if v in span else None
        if ev is not None:
            attrs["start"], attrs["end"] = span[ev]
        dg.add_edge(u, v, key=f"e{j}", id=f"e{j}", **attrs)
    return dg


def gexf_bytes(graph: rdflib.Graph) -> bytes:
    """The GEXF document as bytes (deterministic)."""
    dg = dynamic_graph(graph)
    text = "\n".join(nx.generate_gexf(dg, encoding="utf-8", prettyprint=True,
                                      version="1.2draft"))
    text = re.sub(r'\s+lastmodifieddate="[^"]*"', "", text, count=1)
    text = re.sub(r"<creator>[^<]*</creator>", "<creator>kg-news</creator>", text, count=1)
    if not text.startswith("<?xml"):
        text = '<?xml version="1.0" encoding="UTF-8"?>\n' + text
    return (text.rstrip("\n") + "\n").encode("utf-8")


def write_gexf(graph: rdflib.Graph, path: str | os.PathLike) -> None:
    """Write ``kg.gexf``: the whole graph, dynamic, ``timeformat="date"``."""
    atomic_write_bytes(path, gexf_bytes(graph))
