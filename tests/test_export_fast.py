"""The fast paths of the property-graph exports give what the element-by-element code gave.

The GraphML and GEXF writers render each node and edge as one string, edges merge their
repeated values once at the end, edge keys and the graph's predicates are found
without quadratic or full walks. Each is checked here against the straightforward
version it replaced (kept in this file as the reference), on values chosen to hit
every escaping and merging corner.
"""

from __future__ import annotations

import io
from typing import Any

import networkx as nx
import rdflib
from hypothesis import given, settings, strategies as st
from rdflib import Literal, Namespace, URIRef

from kg.export.gexf import (_declare, _EDGE_NOT_COLUMNS, _NODE_NOT_COLUMNS, _timed_edges,
                            _timed_nodes, _timing, gexf_bytes, GEXF_NS, VIZ_NS, XSI_NS)
from kg.export.graphml import _key_id, graphml_bytes, xml_text
from kg.export.project import (JOIN, _add_attr, _EdgeKeys, _predicates, column_types,
                               iter_aggregated_edges, iter_styled_nodes, participations)
from kg.export.xmlstream import XmlStream
from kg.graph.build import new_graph

EX = Namespace("http://example.org/")

# Values as the projection makes them, with XML's troublemakers: markup, quotes,
# CR/LF/TAB, characters XML cannot carry at all, and the join separator itself.
_chars = st.sampled_from(list("ab人<>&\"'\r\n\t;; \x01\x0b\ufffe"))
_strings = st.text(_chars, max_size=6)
_values = st.one_of(_strings, st.integers(-2**40, 2**40), st.booleans(),
                    st.floats(allow_nan=False), st.none(), st.just(""))


def _old_graphml(nodes: list, edges: list, directed: bool) -> str:
    """GraphML written one ``XmlStream`` call per element (the code before)."""
    from kg.export.project import graphml_value_types
    buf = io.StringIO(newline="")
    buf.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    out = XmlStream(buf)
    ntypes = graphml_value_types(a for _, a in nodes)
    etypes = graphml_value_types(a for _, _, a in edges)
    out.open("graphml", (("xmlns", "http://graphml.graphdrawing.org/xmlns"),))
    for domain, types, prefix in (("node", ntypes, "n_"), ("edge", etypes, "e_")):
        for name in sorted(types):
            out.leaf("key", (("id", _key_id(prefix, name)), ("for", domain),
                             ("attr.name", name), ("attr.type", types[name])))
    out.open("graph", (("id", "G"), ("edgedefault", "directed" if directed else "undirected")))
    ids: dict[str, str] = {}
    for i, (n, attrs) in enumerate(nodes):
        ids[n] = f"n{i}"
        out.open("node", (("id", ids[n]),))
        for name in sorted(attrs):
            if attrs[name] is None or attrs[name] == "":
                continue
            out.leaf("data", (("key", _key_id("n_", name)),), xml_text(attrs[name]))
        out.close()
    for j, (u, v, attrs) in enumerate(edges):
        out.open("edge", (("id", f"e{j}"), ("source", ids[u]), ("target", ids[v])))
        for name in sorted(attrs):
            if attrs[name] is None or attrs[name] == "":
                continue
            out.leaf("data", (("key", _key_id("e_", name)),), xml_text(attrs[name]))
        out.close()
    out.close()
    out.close()
    return buf.getvalue()


@settings(max_examples=200, deadline=None)
@given(st.lists(st.dictionaries(st.sampled_from(["label", "kind", "x", "y.z"]), _values,
                                max_size=4), max_size=4),
       st.lists(st.tuples(st.integers(0, 3), st.integers(0, 3),
                          st.dictionaries(st.sampled_from(["label", "w"]), _values,
                                          max_size=2)), max_size=5),
       st.booleans())
def test_graphml_rows_are_the_element_by_element_bytes(node_attrs, edge_rows, directed):
    nodes = [(f"http://example.org/n{i}", a) for i, a in enumerate(node_attrs)]
    edges = [(nodes[u][0], nodes[v][0], a) for u, v, a in edge_rows
             if u < len(nodes) and v < len(nodes)]
    new = graphml_bytes(nodes, edges, directed=directed).decode("utf-8")
    assert new == _old_graphml(nodes, edges, directed)


def _old_gexf(pg: nx.MultiDiGraph) -> str:
    """GEXF written one ``XmlStream`` call per element (the code before)."""
    buf = io.StringIO(newline="")
    buf.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    out = XmlStream(buf)
    span, start = _timing(pg)
    first = {n: d for n, d in start.items() if n not in span}
    ntypes, etypes = column_types(pg)
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

    def attvalues(attrs: dict[str, Any], ids: dict[str, str]) -> None:
        vals = [(ids[k], attrs[k]) for k in sorted(ids) if attrs.get(k) not in (None, "")]
        if vals:
            out.open("attvalues")
            for i, v in vals:
                out.leaf("attvalue", (("for", i), ("value", xml_text(v))))
            out.close()

    out.open("nodes")
    gid: dict[str, str] = {}
    for n, a in _timed_nodes(pg, span, first):
        gid[n] = a["id"]
        head = [("id", a["id"]), ("label", xml_text(a.get("label", n)))]
        head += [(k, a[k]) for k in ("start", "end") if k in a]
        out.open("node", head)
        attvalues(a, nids)
        out.leaf("viz:color", (("r", str(a["r"])), ("g", str(a["g"])), ("b", str(a["b"]))))
        out.leaf("viz:size", (("value", xml_text(float(a["size"]))),))
        out.close()
    out.close()
    out.open("edges")
    for u, v, a in _timed_edges(pg, span, start):
        head = [("id", a["id"]), ("source", gid[u]), ("target", gid[v])]
        if a.get("label"):
            head.append(("label", xml_text(a["label"])))
        head.append(("weight", xml_text(float(a.get("weight", 1.0)))))
        head += [(k, a[k]) for k in ("start", "end") if k in a]
        out.open("edge", head)
        attvalues(a, eids)
        out.close()
    out.close()
    out.close()
    out.close()
    return buf.getvalue()


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["event", "person", "article", "other"]),
                          st.sampled_from(["", "2024-01-02", "2024-03-04", "x"]),
                          st.dictionaries(st.sampled_from(["label", "note", "n"]), _values,
                                          max_size=3)), min_size=0, max_size=4),
       st.lists(st.tuples(st.integers(0, 3), st.integers(0, 3),
                          st.sampled_from(["mentions", "hasActor", "in"]),
                          st.dictionaries(st.sampled_from(["role", "evidence"]),
                                          st.one_of(_strings, st.integers(0, 9)),
                                          max_size=2)), max_size=6))
def test_gexf_is_the_element_by_element_bytes(node_rows, edge_rows):
    pg = nx.MultiDiGraph()
    for i, (typ, date, attrs) in enumerate(node_rows):
        pg.add_node(f"http://example.org/n{i}", type=typ, **attrs,
                    **({"date": date} if date else {}))
    names = sorted(pg.nodes)
    keys = _EdgeKeys()
    for u, v, label, attrs in sorted(edge_rows, key=lambda r: r[:2]):  # grouped by pair
        if u < len(names) and v < len(names):
            key = keys.free(names[u], names[v], label)
            pg.add_edge(names[u], names[v], key=key, label=label, **attrs)
    assert gexf_bytes(rdflib.Graph(), pg).decode("utf-8") == _old_gexf(pg)


def _old_merge(edges: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Edges of one pair merged per label with ``_add_attr`` value by value (before)."""
    merged: dict[str, dict[str, Any]] = {}
    for i, data in enumerate(edges):
        label = data.get("label", str(i))
        if label not in merged:
            m = {k: val for k, val in data.items() if val is not None and val != ""}
            m["weight"] = 1.0
            merged[label] = m
        else:
            m = merged[label]
            m["weight"] += 1.0
            for k, val in data.items():
                if k not in ("label", "weight"):
                    _add_attr(m, k, val)
    return [merged[label] for label in sorted(merged)]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["x", "y", None]),
                          st.dictionaries(st.sampled_from(["role", "places", "n"]),
                                          st.one_of(st.sampled_from(["a", "b"]), _strings,
                                                    st.integers(0, 3), st.none()),
                                          max_size=3)), min_size=1, max_size=6))
def test_merged_edges_join_values_as_one_by_one_did(rows):
    # labels are strings (predicate local names); a pair's edges share few labels
    edges = [({"label": label} if label else {}) | data for label, data in rows]
    pg = nx.MultiDiGraph()
    for i, data in enumerate(edges):
        pg.add_edge("u", "v", key=str(i), **data)
    got = [a for _, _, a in iter_aggregated_edges(pg)]
    assert got == _old_merge(edges)
    assert [list(a) for a in got] == [list(a) for a in _old_merge(edges)]  # key order too


def test_values_holding_the_separator_merge_as_before():
    # A value with "; " inside is split only once something is added after it.
    edges = [{"label": "x", "places": "b"}, {"label": "x", "places": "z; a"},
             {"label": "x", "places": "m; c"}]
    pg = nx.MultiDiGraph()
    for i, data in enumerate(edges):
        pg.add_edge("u", "v", key=str(i), **data)
    (_, _, merged), = iter_aggregated_edges(pg)
    assert merged["places"] == JOIN.join(["a", "b", "m; c", "z"])
    assert merged == _old_merge(edges)[0]


def _old_free_key(used: set[str], key: str) -> str:
    free, i = key, 2
    while free in used:
        free, i = f"{key}#{i}", i + 1
    used.add(free)
    return free


@given(st.lists(st.sampled_from(["a", "b", "a#2", "a#3", "b#2#2", "b#2"]), max_size=30))
def test_pair_keys_are_the_first_free_suffix(keys):
    new, used, other = _EdgeKeys(), set(), set()
    got = [new.free("u", "v", k) for k in keys]
    assert got == [_old_free_key(used, k) for k in keys]
    # another pair's keys are its own
    assert [new.free("v", "u", k) for k in keys] == [_old_free_key(other, k) for k in keys]


def test_many_edges_of_one_key_get_numbered_keys():
    keys = _EdgeKeys()
    got = [keys.free("a", "p", "mentions") for _ in range(2000)]
    assert got[:3] == ["mentions", "mentions#2", "mentions#3"] and got[-1] == "mentions#2000"


def test_predicates_come_from_the_store_index_even_after_removals():
    g = new_graph(include_ontology=False)
    g.add((EX.e1, EX.hasActor, EX.p1))
    g.add((EX.e1, EX.gone, EX.p1))
    g.add((EX.e1, EX.name, Literal("x")))
    g.remove((EX.e1, EX.gone, None))
    assert _predicates(g) == {str(EX.hasActor), str(EX.name)}
    plain = rdflib.Graph()
    for t in g:
        plain.add(t)
    assert _predicates(plain) == _predicates(g)


def test_participations_on_the_build_store_and_a_plain_graph_agree():
    sem = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
    g = new_graph(include_ontology=False)
    g.add((EX.leader, rdflib.RDFS.subPropertyOf, sem.hasActor))
    g.add((EX.e1, sem.hasActor, EX.p1))
    g.add((EX.e1, EX.leader, EX.p1))
    g.add((EX.e1, sem.hasActor, EX.p2))
    plain = rdflib.Graph()
    for t in g:
        plain.add(t)
    want = {str(EX.e1): {str(EX.p1): ["leader"], str(EX.p2): ["hasActor"]}}
    assert participations(g) == participations(plain) == want


def test_degree_and_mentions_count_every_statement():
    pg = nx.MultiDiGraph()
    pg.add_node("a", type="article")
    pg.add_node("p", type="person")
    pg.add_edge("a", "p", key="mentions", label="mentions")
    pg.add_edge("a", "p", key="mentions#2", label="mentions")
    pg.add_edge("a", "p", key="mentionsX", label="mentionsX")
    pg.add_edge("p", "p", key="knows", label="knows")  # a self-loop counts twice
    rows = dict(iter_styled_nodes(pg))
    assert (rows["p"]["degree"], rows["p"]["mentions"]) == (5, 2)
    assert (rows["a"]["degree"], rows["a"]["mentions"]) == (3, 0)
    assert rows["p"]["degree"] == pg.degree("p")
