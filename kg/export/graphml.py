"""GraphML for Gephi, igraph and networkx: the whole graph and the people view.

Written by hand (not ``nx.write_graphml``) so that the output is byte-stable, uses only
GraphML-legal attribute types (boolean, int, long, double, string), never writes an
empty or missing value (the ``<data>`` element is left out instead), and uses
NMTOKEN ids (``n0``, ``e0`` …) as the GraphML schema requires; the IRI is kept in
the ``iri`` column. Gephi maps ``label``, ``r``/``g``/``b``, ``size`` and ``weight``
on import.
"""

from __future__ import annotations

import os
import re
import xml.etree.ElementTree as ET
from typing import Any

import networkx as nx
import rdflib

from kg.export.atomic import atomic_write
from kg.export.project import (aggregated_edges, graphml_value_types, people_view,
                               styled_nodes, to_property_graph)

GRAPHML_NS = "http://graphml.graphdrawing.org/xmlns"
# Characters XML 1.0 cannot carry at all (control characters other than tab/LF/CR).
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_text(value: Any) -> str:
    """The XML text of a value (booleans as GraphML's lower-case true/false)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    return _XML_ILLEGAL.sub("", str(value))


def _key_id(prefix: str, name: str) -> str:
    """An NMTOKEN key id from an attribute name."""
    return prefix + re.sub(r"[^\w.\-]", "_", name)


def graphml_bytes(nodes: list[tuple[str, dict[str, Any]]],
                  edges: list[tuple[str, str, dict[str, Any]]], *, directed: bool) -> bytes:
    """Serialise nodes ``(iri, attrs)`` and edges ``(src iri, dst iri, attrs)``.

    Ids are assigned in the given order (``n0`` …, ``e0`` …); attribute names must be
    NMTOKENs (the projection's local names are).
    """
    ET.register_namespace("", GRAPHML_NS)
    root = ET.Element("graphml", {"xmlns": GRAPHML_NS})
    ntypes = graphml_value_types(a for _, a in nodes)
    etypes = graphml_value_types(a for _, _, a in edges)
    for domain, types, prefix in (("node", ntypes, "n_"), ("edge", etypes, "e_")):
        for name in sorted(types):
            ET.SubElement(root, "key", {"id": _key_id(prefix, name), "for": domain,
                                        "attr.name": name, "attr.type": types[name]})
    g = ET.SubElement(root, "graph", {"id": "G",
                                      "edgedefault": "directed" if directed else "undirected"})
    ids: dict[str, str] = {}
    for i, (n, attrs) in enumerate(nodes):
        ids[n] = f"n{i}"
        el = ET.SubElement(g, "node", {"id": ids[n]})
        for name in sorted(attrs):
            v = attrs[name]
            if v is None or v == "":
                continue  # GraphML readers choke on empty typed values: omit instead
            if ntypes[name] == "string":
                v = xml_text(v)
            ET.SubElement(el, "data", {"key": _key_id("n_", name)}).text = xml_text(v)
    for j, (u, v, attrs) in enumerate(edges):
        el = ET.SubElement(g, "edge", {"id": f"e{j}", "source": ids[u], "target": ids[v]})
        for name in sorted(attrs):
            val = attrs[name]
            if val is None or val == "":
                continue
            ET.SubElement(el, "data", {"key": _key_id("e_", name)}).text = xml_text(val)
    ET.indent(root, space="  ")
    body = ET.tostring(root, encoding="unicode", short_empty_elements=True)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n").encode("utf-8")


def write_graphml(graph: rdflib.Graph, path: str | os.PathLike) -> None:
    """Write the whole knowledge graph as directed GraphML (``kg.graphml``).

    Node columns: label, type (broad), kind (class), r, g, b, size, degree, mentions,
    iri, date/end_date (ISO strings), year (int) and every literal property by its
    local name. Edge columns: label (predicate local name), weight (statements merged),
    predicate (IRI).
    """
    pg = to_property_graph(graph)
    data = graphml_bytes(styled_nodes(pg), aggregated_edges(pg), directed=True)
    atomic_write(path, data)


def people_graph(graph: rdflib.Graph) -> nx.Graph:
    """The person–person co-participation graph (see ``project.people_view``)."""
    return people_view(graph)


def write_people_graphml(graph: rdflib.Graph, path: str | os.PathLike) -> None:
    """Write the person co-participation view as undirected GraphML (``kg-people.graphml``).

    Edge ``weight`` = number of shared events; ``events`` lists them ("label (date)"
    joined by "; ").
    """
    view = people_view(graph)
    nodes = [(n, dict(view.nodes[n])) for n in sorted(view.nodes)]
    edges = [(u, v, dict(view.edges[u, v])) for u, v in
             sorted(tuple(sorted((a, b))) for a, b in view.edges)]
    atomic_write(path, graphml_bytes(nodes, edges, directed=False))
