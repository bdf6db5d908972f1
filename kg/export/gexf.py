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

import os
import re
import xml.etree.ElementTree as ET
from typing import Any

import networkx as nx
import rdflib

from kg.export.atomic import atomic_write
from kg.export.graphml import xml_text
from kg.export.project import (aggregated_edges, graphml_value_types, styled_nodes,
                               to_property_graph)

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


def dynamic_graph(graph: rdflib.Graph) -> nx.MultiDiGraph:
    """The timed property graph that ``write_gexf`` serialises.

    Nodes and edges carry ``start`` (and, for events and their edges, ``end``) as ISO
    dates where the rules of the module doc give them one; node ids are the IRIs, and
    ``id`` holds the GEXF id (``n0`` …, ``e0`` …).
    """
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
    own = set(first)  # dated by their own literal (articles): keep that date
    for u, v, _ in edges:  # things linked to an event appear with it at the latest
        for x, y in ((u, v), (v, u)):
            if y in span and x not in span and x not in own:
                d = span[y][0]
                if x not in first or d < first[x]:
                    first[x] = d
    start = {n: span[n][0] for n in span} | first

    dg = nx.MultiDiGraph(mode="dynamic", timeformat="date")
    for i, (n, a) in enumerate(nodes):
        attrs = {k: _clean(v) for k, v in a.items()}
        attrs["id"] = f"n{i}"
        if n in span:
            attrs["start"], attrs["end"] = span[n]
        elif n in first:
            attrs["start"] = first[n]
        dg.add_node(n, **attrs)
    for j, (u, v, a) in enumerate(edges):
        attrs = {k: _clean(val) for k, val in a.items()}
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
        dg.add_edge(u, v, key=f"e{j}", id=f"e{j}", **attrs)
    return dg


def _declare(parent: ET.Element, cls: str, types: dict[str, str],
             skip: tuple[str, ...], first_id: int) -> dict[str, str]:
    """``<attributes class=cls>`` for every column; returns column name -> GEXF id."""
    ids: dict[str, str] = {}
    names = [k for k in sorted(types) if k not in skip + ("id", "start", "end")]
    if not names:
        return ids
    el = ET.SubElement(parent, "attributes", {"class": cls, "mode": "static"})
    for i, name in enumerate(names, start=first_id):
        ids[name] = str(i)
        ET.SubElement(el, "attribute", {"id": str(i), "title": name,
                                        "type": _GEXF_TYPE[types[name]]})
    return ids


def _attvalues(parent: ET.Element, attrs: dict[str, Any], ids: dict[str, str],
               types: dict[str, str]) -> None:
    vals = [(ids[k], attrs[k]) for k in sorted(ids) if attrs.get(k) not in (None, "")]
    if not vals:
        return
    el = ET.SubElement(parent, "attvalues")
    for i, v in vals:
        ET.SubElement(el, "attvalue", {"for": i, "value": xml_text(v)})


def gexf_bytes(graph: rdflib.Graph) -> bytes:
    """The GEXF 1.2 document as bytes (deterministic)."""
    dg = dynamic_graph(graph)
    nodes = [(n, a) for n, a in dg.nodes(data=True)]
    edges = sorted(dg.edges(data=True), key=lambda e: int(e[2]["id"][1:]))
    # A column mixing kinds becomes string in every row (Gephi needs one type).
    ntypes = graphml_value_types(a for _, a in nodes)
    etypes = graphml_value_types(a for _, _, a in edges)

    ET.register_namespace("", GEXF_NS)
    ET.register_namespace("viz", VIZ_NS)
    ET.register_namespace("xsi", XSI_NS)
    root = ET.Element(f"{{{GEXF_NS}}}gexf", {
        "version": "1.2",
        f"{{{XSI_NS}}}schemaLocation": f"{GEXF_NS} {GEXF_NS}/gexf.xsd"})
    meta = ET.SubElement(root, f"{{{GEXF_NS}}}meta")
    ET.SubElement(meta, f"{{{GEXF_NS}}}creator").text = "kg-news"
    ET.SubElement(meta, f"{{{GEXF_NS}}}description").text = (
        "Event knowledge graph of newspaper pages; dynamic: start/end are dates")
    g = ET.SubElement(root, f"{{{GEXF_NS}}}graph", {
        "defaultedgetype": "directed", "mode": "dynamic", "timeformat": "date"})
    # Built without namespaces below, then qualified in one pass (shorter code).
    nids = _declare(g, "node", ntypes, _NODE_NOT_COLUMNS, 0)
    eids = _declare(g, "edge", etypes, _EDGE_NOT_COLUMNS, len(nids))
    nodes_el = ET.SubElement(g, "nodes")
    gid = {}
    for n, a in nodes:
        gid[n] = a["id"]
        el = ET.SubElement(nodes_el, "node", {"id": a["id"], "label": xml_text(a.get("label", n))})
        for k in ("start", "end"):
            if k in a:
                el.set(k, a[k])
        _attvalues(el, a, nids, ntypes)
        ET.SubElement(el, f"{{{VIZ_NS}}}color", {"r": str(a["r"]), "g": str(a["g"]),
                                                 "b": str(a["b"])})
        ET.SubElement(el, f"{{{VIZ_NS}}}size", {"value": xml_text(float(a["size"]))})
    edges_el = ET.SubElement(g, "edges")
    for u, v, a in edges:
        el = ET.SubElement(edges_el, "edge", {"id": a["id"], "source": gid[u],
                                              "target": gid[v]})
        if a.get("label"):
            el.set("label", xml_text(a["label"]))
        el.set("weight", xml_text(float(a.get("weight", 1.0))))
        for k in ("start", "end"):
            if k in a:
                el.set(k, a[k])
        _attvalues(el, a, eids, etypes)
    for el in g.iter():
        if not el.tag.startswith("{"):
            el.tag = f"{{{GEXF_NS}}}{el.tag}"
    ET.indent(root, space="  ")
    body = ET.tostring(root, encoding="unicode", short_empty_elements=True)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n").encode("utf-8")


def write_gexf(graph: rdflib.Graph, path: str | os.PathLike) -> None:
    """Write ``kg.gexf``: the whole graph, GEXF 1.2, dynamic, ``timeformat="date"``."""
    atomic_write(path, gexf_bytes(graph))
