"""GraphML for Gephi, igraph and networkx: the whole graph and the people view.

Written by hand (not ``nx.write_graphml``) so that the output is byte-stable, uses only
GraphML-legal attribute types (boolean, int, long, double, string), never writes an
empty or missing value (the ``<data>`` element is left out instead), and uses
NMTOKEN ids (``n0``, ``e0`` …) as the GraphML schema requires; the IRI is kept in
the ``iri`` column. Gephi maps ``label``, ``r``/``g``/``b``, ``size`` and ``weight``
on import.
"""

from __future__ import annotations

import functools
import io
import os
import re
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import networkx as nx
import rdflib

from kg.export.project import (column_types, gc_paused, graphml_value_types,
                               iter_aggregated_edges, iter_styled_nodes, people_view,
                               to_property_graph)
from kg.export.xmlstream import XmlStream, escape_attr, escape_text, start_tag, xml_file

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


# Characters that xml_text drops or escaping changes: most strings have none, and one
# regex scan (in C) lets them through untouched.
TEXT_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff&<>]")
ATTR_UNSAFE = re.compile('[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff&<>"\r\n\t]')


def _escaper(unsafe: re.Pattern[str], escape: Callable[[str], str]) -> Callable[[Any], str]:
    """``xml_text(value)`` escaped by ``escape``; plain strings without an ``unsafe``
    character (most values) and numbers skip both steps."""
    def render(value: Any) -> str:
        t = type(value)
        if t is str:
            return value if not unsafe.search(value) else escape(xml_text(value))
        if t is int:  # not bool: its type is bool
            return str(value)
        if t is float:
            return repr(value)
        return escape(xml_text(value))
    return render


#: ``xml_text(value)`` escaped as element text (what ``XmlStream.leaf`` writes).
xml_content = _escaper(TEXT_UNSAFE, escape_text)
#: ``xml_text(value)`` escaped as an attribute value (what ``start_tag`` writes).
xml_attr = _escaper(ATTR_UNSAFE, escape_attr)


@functools.lru_cache(maxsize=4096)  # a few dozen columns, asked once per value
def _key_id(prefix: str, name: str) -> str:
    """An NMTOKEN key id from an attribute name."""
    return prefix + re.sub(r"[^\w.\-]", "_", name)


NodeRows = Callable[[], Iterable[tuple[str, dict[str, Any]]]]
EdgeRows = Callable[[], Iterable[tuple[str, str, dict[str, Any]]]]


def write_graphml_rows(out: XmlStream, nodes: NodeRows, edges: EdgeRows, *, directed: bool,
                       types: tuple[dict[str, str], dict[str, str]] | None = None) -> None:
    """Stream a GraphML document of nodes ``(iri, attrs)`` and edges ``(src, dst, attrs)``.

    ``nodes`` and ``edges`` are functions returning a fresh iterable: they are walked
    twice, once for the key declarations (a column's type needs every value) and once
    to write, so no row is kept (only once when ``types``, the node and edge column
    types, are given). Ids are assigned in the given order (``n0`` …,
    ``e0`` …); attribute names must be NMTOKENs (the projection's local names are).
    """
    if types is None:
        types = (graphml_value_types(a for _, a in nodes()),
                 graphml_value_types(a for _, _, a in edges()))
    ntypes, etypes = types
    out.open("graphml", (("xmlns", GRAPHML_NS),))
    for domain, types, prefix in (("node", ntypes, "n_"), ("edge", etypes, "e_")):
        for name in sorted(types):
            out.leaf("key", (("id", _key_id(prefix, name)), ("for", domain),
                             ("attr.name", name), ("attr.type", types[name])))
    out.open("graph", (("id", "G"), ("edgedefault", "directed" if directed else "undirected")))
    ids: dict[str, str] = {}
    write, indent = out.raw, out.indent
    ncols, ecols = _DataLines("n_", indent), _DataLines("e_", indent)
    for i, (n, attrs) in enumerate(nodes()):
        ids[n] = nid = f"n{i}"
        write(_element(f'{indent}<node id="{nid}"', attrs, ncols, f"{indent}</node>\n"))
    for j, (u, v, attrs) in enumerate(edges()):
        head = f'{indent}<edge id="e{j}" source="{ids[u]}" target="{ids[v]}"'
        write(_element(head, attrs, ecols, f"{indent}</edge>\n"))
    out.close()
    out.close()


class _DataLines(dict):
    """Column name -> the start of its ``<data>`` line and its empty form, one level
    below ``indent`` (rendered once per column, not once per value)."""

    def __init__(self, prefix: str, indent: str) -> None:
        super().__init__()
        self._prefix, self._indent = prefix, indent + "  "

    def __missing__(self, name: str) -> tuple[str, str]:
        tag = self._indent + start_tag("data", (("key", _key_id(self._prefix, name)),))
        self[name] = lines = (tag + ">", tag + " />\n")
        return lines


def _element(head: str, attrs: dict[str, Any], cols: _DataLines, tail: str) -> str:
    """A node or edge with one ``<data>`` per non-empty attribute, sorted by name, as
    ``XmlStream`` would write it (``head`` is its indented start tag without ``>``)."""
    parts = [head, ">\n"]
    special = TEXT_UNSAFE.search
    for name in sorted(attrs):
        v = attrs[name]
        if v is None or v == "":
            continue  # GraphML readers choke on empty typed values: omit instead
        # most values are plain strings: xml_content's first case, without the call
        text = v if type(v) is str and not special(v) else xml_content(v)
        if text:
            parts += (cols[name][0], text, "</data>\n")
        else:  # nothing left once illegal characters are dropped
            parts.append(cols[name][1])
    if len(parts) == 2:
        return head + " />\n"
    parts.append(tail)
    return "".join(parts)


def graphml_bytes(nodes: list[tuple[str, dict[str, Any]]],
                  edges: list[tuple[str, str, dict[str, Any]]], *, directed: bool) -> bytes:
    """The GraphML document of in-memory rows as bytes (see ``write_graphml_rows``)."""
    buf = io.StringIO(newline="")
    buf.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    write_graphml_rows(XmlStream(buf), lambda: nodes, lambda: edges, directed=directed)
    return buf.getvalue().encode("utf-8")


def write_graphml(graph: rdflib.Graph, path: str | os.PathLike,
                  pg: nx.MultiDiGraph | None = None) -> None:
    """Write the whole knowledge graph as directed GraphML (``kg.graphml``), streaming.

    Node columns: label, type (broad), kind (class), r, g, b, size, degree, mentions,
    iri, date/end_date (ISO strings), year (int) and every literal property by its
    local name. Edge columns: label (predicate local name), weight (statements merged),
    predicate (IRI). ``pg``: the projection of ``graph`` when the caller already has
    it (``kg.export.network`` shares one between the exports).
    """
    pg = pg if pg is not None else to_property_graph(graph)
    with xml_file(path) as out, gc_paused():
        write_graphml_rows(out, lambda: iter_styled_nodes(pg),
                           lambda: iter_aggregated_edges(pg), directed=True,
                           types=column_types(pg))


def people_graph(graph: rdflib.Graph) -> nx.Graph:
    """The person–person co-participation graph (see ``project.people_view``)."""
    return people_view(graph)


def write_people_graphml(graph: rdflib.Graph, path: str | os.PathLike,
                         pg: nx.MultiDiGraph | None = None) -> None:
    """Write the person co-participation view as undirected GraphML (``kg-people.graphml``).

    Edge ``weight`` = number of shared events; ``events`` lists them ("label (date)"
    joined by "; "). ``pg``: the projection of ``graph`` if already built.
    """
    view = people_view(graph, pg)

    def nodes() -> Iterator[tuple[str, dict[str, Any]]]:
        return ((n, view.nodes[n]) for n in sorted(view.nodes))

    def edges() -> Iterator[tuple[str, str, dict[str, Any]]]:
        return ((u, v, view.edges[u, v]) for u, v in
                sorted(tuple(sorted((a, b))) for a, b in view.edges))

    with xml_file(path) as out, gc_paused():
        write_graphml_rows(out, nodes, edges, directed=False)
