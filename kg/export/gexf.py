"""GEXF 1.2 with time intervals (``kg.gexf``), so Gephi's timeline can play the graph.

The graph is the same projection as ``kg.graphml`` (edges merged per label, with a
weight). Time: an event lives from its date to its end date (or the same day); an
edge touching an event lives as long as the event (but not before its other end); an article appears on its
publication date and stays; anything else linked to an event (persons, places …)
appears with its earliest event and then stays; any other edge appears once both its
ends are there; nodes with no date at all are always present (no ``start``).

Written by hand (not ``nx.write_gexf``) so that the file follows the GEXF 1.2 schema
exactly and nothing else: ``<graph mode="dynamic" timeformat="date">``, ``start`` /
``end`` attributes on nodes and edges as ``YYYY-MM-DD``, typed ``<attributes>``
declarations (``integer``, ``long``, ``double``, ``boolean``, ``string``), colour and
size in the ``viz`` namespace, UTF-8 text (no numeric character references), no
networkx bookkeeping columns (``networkx_key``) and no modification date, so the same
graph always gives the same bytes.
"""

from __future__ import annotations

import io
import os
import re
from collections.abc import Iterator
from typing import Any

import networkx as nx
import rdflib

from kg.export.graphml import ATTR_UNSAFE, xml_attr, xml_text
from kg.export.project import (column_types, gc_paused, iter_aggregated_edges,
                               iter_styled_nodes, to_property_graph)
from kg.export.xmlstream import XmlStream, xml_file

GEXF_NS = "http://www.gexf.net/1.2draft"
VIZ_NS = "http://www.gexf.net/1.2draft/viz"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# GraphML attr.type (what the projection computes) -> GEXF 1.2 attrtype.
_GEXF_TYPE = {"boolean": "boolean", "int": "integer", "long": "long", "double": "double",
              "string": "string"}
# Node attributes that go to the viz namespace or the node element, not to columns.
_NODE_NOT_COLUMNS = ("label", "r", "g", "b", "size")
_EDGE_NOT_COLUMNS = ("label", "weight")


def _clean(value: Any) -> Any:
    """GEXF-friendly scalar: keep bool/int/float, everything else as str."""
    return value if isinstance(value, (bool, int, float)) else str(value)


def _timing(pg: nx.MultiDiGraph) -> tuple[dict[str, tuple[str, str]], dict[str, str]]:
    """``(span, start)``: event IRI -> (start, end) and node IRI -> first date.

    Only the node dates and which pairs are linked matter, so this reads the
    projection directly (no styled or merged copies of the rows).
    """
    span: dict[str, tuple[str, str]] = {}
    nodes = pg.nodes
    for n in sorted(nodes):
        a = nodes[n]
        if a.get("type") == "event" and _ISO.match(str(a.get("date", ""))):
            end = str(a.get("end_date", a["date"]))
            span[n] = (str(a["date"]), end if _ISO.match(end) and end >= a["date"] else a["date"])
    first: dict[str, str] = {}
    for n in sorted(nodes):
        if n not in span and _ISO.match(str(nodes[n].get("date", ""))):
            first[n] = str(nodes[n]["date"])
    own = set(first)  # dated by their own literal (articles): keep that date
    for u, nbrs in pg.succ.items():  # things linked to an event appear with it at the latest
        for v in nbrs:
            for x, y in ((u, v), (v, u)):
                if y in span and x not in span and x not in own:
                    d = span[y][0]
                    if x not in first or d < first[x]:
                        first[x] = d
    return span, {n: span[n][0] for n in span} | first


def _timed_nodes(pg: nx.MultiDiGraph, span: dict[str, tuple[str, str]],
                 first: dict[str, str]) -> Iterator[tuple[str, dict[str, Any]]]:
    """The styled nodes with their GEXF ``id`` and ``start``/``end`` added (in place:
    each row is a fresh dict)."""
    for i, (n, attrs) in enumerate(iter_styled_nodes(pg)):
        attrs["id"] = f"n{i}"
        if n in span:
            attrs["start"], attrs["end"] = span[n]
        elif n in first:
            attrs["start"] = first[n]
        yield n, attrs


def _timed_edges(pg: nx.MultiDiGraph, span: dict[str, tuple[str, str]],
                 start: dict[str, str]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """The merged edges with their GEXF ``id`` and ``start``/``end`` added (in place)."""
    for j, (u, v, attrs) in enumerate(iter_aggregated_edges(pg)):
        ev = u if u in span else v if v in span else None
        if ev is not None:
            # Lives with the event, but not before its other end (an article reporting
            # it the next day): then it lasts from that day to the event's end or it.
            other = v if ev == u else u
            s0 = max(span[ev][0], start.get(other, span[ev][0]))
            attrs["start"], attrs["end"] = s0, max(span[ev][1], s0)
        else:
            # An edge cannot exist before its ends: it starts with the later of them.
            ends = [start[x] for x in (u, v) if x in start]
            if ends:
                attrs["start"] = max(ends)
        attrs["id"] = f"e{j}"
        yield u, v, attrs


def dynamic_graph(graph: rdflib.Graph, pg: nx.MultiDiGraph | None = None) -> nx.MultiDiGraph:
    """The timed property graph that ``write_gexf`` serialises (built in memory).

    Nodes and edges carry ``start`` (and, for events and their edges, ``end``) as ISO
    dates where the rules of the module doc give them one; node ids are the IRIs, and
    ``id`` holds the GEXF id (``n0`` …, ``e0`` …). ``write_gexf`` streams the same rows
    without building this graph.
    """
    pg = pg if pg is not None else to_property_graph(graph)
    span, start = _timing(pg)
    first = {n: d for n, d in start.items() if n not in span}
    dg = nx.MultiDiGraph(mode="dynamic", timeformat="date")
    for n, attrs in _timed_nodes(pg, span, first):
        dg.add_node(n, **{k: _clean(v) for k, v in attrs.items()})
    for u, v, attrs in _timed_edges(pg, span, start):
        dg.add_edge(u, v, key=attrs["id"], **{k: _clean(val) for k, val in attrs.items()})
    return dg


def _declare(out: XmlStream, cls: str, types: dict[str, str],
             skip: tuple[str, ...], first_id: int) -> dict[str, str]:
    """``<attributes class=cls>`` for every column; returns column name -> GEXF id."""
    ids: dict[str, str] = {}
    names = [k for k in sorted(types) if k not in skip + ("id", "start", "end")]
    if not names:
        return ids
    out.open("attributes", (("class", cls), ("mode", "static")))
    for i, name in enumerate(names, start=first_id):
        ids[name] = str(i)
        out.leaf("attribute", (("id", str(i)), ("title", name),
                               ("type", _GEXF_TYPE[types[name]])))
    out.close()
    return ids


class _AttValues(dict):
    """Declared column name -> the start of its ``<attvalue>`` line at ``indent``
    (rendered once per column, not once per value)."""

    def __init__(self, ids: dict[str, str], indent: str) -> None:
        super().__init__((k, f'{indent}  <attvalue for="{i}" value="') for k, i in ids.items())
        self._indent = indent

    def block(self, attrs: dict[str, Any]) -> str:
        """The ``<attvalues>`` block of a row (declared columns with a value), or ``""``.

        Rendered as one string: a method call per value was most of the writer's time.
        Values in column-name order (the row's keys, sorted, are that order).
        """
        parts = [self._indent, "<attvalues>\n"]
        special = ATTR_UNSAFE.search
        for k in sorted(attrs):
            start = self.get(k)
            if start is not None:
                v = attrs[k]
                if v is not None and v != "":
                    # plain strings (most values): xml_attr's first case, without the call
                    text = v if type(v) is str and not special(v) else xml_attr(v)
                    parts += (start, text, '" />\n')
        if len(parts) == 2:
            return ""
        parts += (self._indent, "</attvalues>\n")
        return "".join(parts)


def _times(a: dict[str, Any]) -> str:
    """The ``start``/``end`` attributes of a timed row."""
    if "start" not in a:  # most nodes and edges are timeless
        return f' end="{xml_attr(a["end"])}"' if "end" in a else ""
    return f' start="{xml_attr(a["start"])}"' + (f' end="{xml_attr(a["end"])}"'
                                                 if "end" in a else "")


def _write_gexf_rows(out: XmlStream, pg: nx.MultiDiGraph) -> None:
    """Stream the GEXF document of a projection (two passes over the rows, none kept)."""
    span, start = _timing(pg)
    first = {n: d for n, d in start.items() if n not in span}

    def nodes() -> Iterator[tuple[str, dict[str, Any]]]:
        return _timed_nodes(pg, span, first)

    def edges() -> Iterator[tuple[str, str, dict[str, Any]]]:
        return _timed_edges(pg, span, start)

    # A column mixing kinds becomes string in every row (Gephi needs one type). The
    # types of the projection's rows are those of the timed rows for every declared
    # column: _clean keeps bool/int/float and makes the rest str, which the type
    # function calls string anyway; id/start/end are not declared.
    ntypes, etypes = column_types(pg)
    # ElementTree declared a namespace only when used: viz only with a node to colour.
    root = [("xmlns", GEXF_NS)] + ([("xmlns:viz", VIZ_NS)] if pg.number_of_nodes() else [])
    out.open("gexf", root + [("xmlns:xsi", XSI_NS), ("version", "1.2"),
                             ("xsi:schemaLocation", f"{GEXF_NS} {GEXF_NS}/gexf.xsd")])
    out.open("meta")
    out.leaf("creator", (), "kg-news")
    out.leaf("description", (),
             "Event knowledge graph of newspaper pages; dynamic: start/end are dates")
    out.close()
    out.open("graph", (("defaultedgetype", "directed"), ("mode", "dynamic"),
                       ("timeformat", "date")))
    nids = _declare(out, "node", ntypes, _NODE_NOT_COLUMNS, 0)
    eids = _declare(out, "edge", etypes, _EDGE_NOT_COLUMNS, len(nids))
    out.open("nodes")
    gid: dict[str, str] = {}
    write, indent = out.raw, out.indent
    inner = indent + "  "
    nvals, evals = _AttValues(nids, inner), _AttValues(eids, inner)
    for n, a in nodes():
        gid[n] = a["id"]
        write(f'{indent}<node id="{a["id"]}" label="{xml_attr(a.get("label", n))}"{_times(a)}>\n'
              f'{nvals.block(a)}'
              f'{inner}<viz:color r="{a["r"]}" g="{a["g"]}" b="{a["b"]}" />\n'
              f'{inner}<viz:size value="{float(a["size"])!r}" />\n'
              f'{indent}</node>\n')
    out.close()
    out.open("edges")
    for u, v, a in edges():
        label = f' label="{xml_attr(a["label"])}"' if a.get("label") else ""
        head = (f'{indent}<edge id="{a["id"]}" source="{gid[u]}" target="{gid[v]}"{label}'
                f' weight="{float(a.get("weight", 1.0))!r}"{_times(a)}')
        body = evals.block(a)
        write(f"{head}>\n{body}{indent}</edge>\n" if body else head + " />\n")
    out.close()
    out.close()  # graph
    out.close()  # gexf


def gexf_bytes(graph: rdflib.Graph, pg: nx.MultiDiGraph | None = None) -> bytes:
    """The GEXF 1.2 document as bytes (deterministic)."""
    pg = pg if pg is not None else to_property_graph(graph)
    buf = io.StringIO(newline="")
    buf.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    _write_gexf_rows(XmlStream(buf), pg)
    return buf.getvalue().encode("utf-8")


def write_gexf(graph: rdflib.Graph, path: str | os.PathLike,
               pg: nx.MultiDiGraph | None = None) -> None:
    """Write ``kg.gexf``: the whole graph, GEXF 1.2, dynamic, ``timeformat="date"``.

    Written streaming; ``pg`` is the projection of ``graph`` when already built.
    """
    pg = pg if pg is not None else to_property_graph(graph)
    with xml_file(path) as out, gc_paused():
        _write_gexf_rows(out, pg)
