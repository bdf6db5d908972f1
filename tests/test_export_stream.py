"""Streaming GraphML/GEXF: same bytes as ElementTree would give, one shared projection."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pytest
import rdflib
from hypothesis import given, settings, strategies as st
from lxml import etree
from rdflib import RDF, RDFS, Literal, Namespace

from kg.export.gexf import dynamic_graph, write_gexf
from kg.export.graphml import write_graphml, write_people_graphml
from kg.export.network import NETWORK_FILES, write_network_exports
from kg.export.project import (JOIN, aggregated_edges, iter_aggregated_edges,
                               to_property_graph)
from kg.export.xmlstream import XmlStream, escape_attr, escape_text

DATA = Path(__file__).parent / "data"
EX = Namespace("http://example.org/")
SCHEMA = Namespace("https://schema.org/")


def _et_bytes(root: ET.Element) -> str:
    ET.indent(root, space="  ")
    return ET.tostring(root, encoding="unicode", short_empty_elements=True) + "\n"


def _stream(out: XmlStream, el: ET.Element) -> None:
    if len(el):
        out.open(el.tag, el.items())
        for child in el:
            _stream(out, child)
        out.close()
    else:
        out.leaf(el.tag, el.items(), el.text or "")


# Text without XML-illegal characters (the writers strip those before).
_text = st.text(st.characters(blacklist_categories=("Cs",), min_codepoint=9,
                              blacklist_characters="\x0b\x0c\x0e\x0f\ufffe\uffff"),
                max_size=12)


@st.composite
def _trees(draw, depth: int = 0) -> ET.Element:
    el = ET.Element(draw(st.sampled_from(["a", "b", "node", "data"])),
                    dict(draw(st.lists(st.tuples(st.sampled_from(["id", "k", "v"]), _text),
                                       max_size=3, unique_by=lambda t: t[0]))))
    kids = draw(st.integers(0, 3)) if depth < 3 else 0
    if kids:
        for _ in range(kids):
            el.append(draw(_trees(depth + 1)))
    else:
        el.text = draw(_text)
    return el


@settings(max_examples=150, deadline=None)
@given(_trees())
def test_stream_writes_what_elementtree_writes(tree):
    buf = io.StringIO(newline="")
    _stream(XmlStream(buf), tree)
    assert buf.getvalue() == _et_bytes(tree)


def test_escaping_of_text_and_attributes():
    assert escape_text('a<b & "c">\t') == 'a&lt;b &amp; "c"&gt;\t'
    assert escape_attr('a<b & "c">\t\r\n') == "a&lt;b &amp; &quot;c&quot;&gt;&#09;&#13;&#10;"


def test_empty_element_is_self_closing_and_lazy():
    buf = io.StringIO()
    out = XmlStream(buf)
    out.open("root", [("x", "1")])
    out.open("empty")
    out.close()
    out.leaf("d", [], "")
    out.close()
    assert buf.getvalue() == '<root x="1">\n  <empty />\n  <d />\n</root>\n'


def _multi_edge_graph() -> nx.MultiDiGraph:
    pg = nx.MultiDiGraph()
    for n in ("b", "a", "c"):
        pg.add_node(n)
    pg.add_edge("b", "a", key="knows", label="knows", evidence="x")
    pg.add_edge("a", "c", key="mentions", label="mentions")
    pg.add_edge("a", "c", key="mentions#2", label="mentions", evidence="z")
    pg.add_edge("a", "c", key="about", label="about", evidence="")
    pg.add_edge("b", "a", key="knows#2", label="knows", evidence="y")
    return pg


def test_aggregated_edges_merge_per_pair_and_label_in_sorted_order():
    edges = list(iter_aggregated_edges(_multi_edge_graph()))
    assert [(u, v, a["label"]) for u, v, a in edges] == [
        ("a", "c", "about"), ("a", "c", "mentions"), ("b", "a", "knows")]
    about, mentions, knows = (a for _, _, a in edges)
    assert "evidence" not in about  # empty values are not kept
    assert mentions["weight"] == 2.0 and mentions["evidence"] == "z"
    assert knows["weight"] == 2.0 and knows["evidence"] == JOIN.join(["x", "y"])
    assert aggregated_edges(_multi_edge_graph()) == edges


def _invented_graph() -> rdflib.Graph:
    g = rdflib.Graph()
    g.add((EX.Meeting, RDFS.subClassOf, URIRef_("http://semanticweb.cs.vu.nl/2009/11/sem/Event")))
    g.add((EX.m1, RDF.type, EX.Meeting))
    g.add((EX.m1, RDFS.label, Literal('试验会议 <"A&B">', lang="zh")))
    g.add((EX.m1, URIRef_("http://semanticweb.cs.vu.nl/2009/11/sem/hasTimeStamp"),
           Literal("2024-03-05")))
    g.add((EX.p1, RDF.type, SCHEMA.Person))
    g.add((EX.p1, RDFS.label, Literal("甲乙丙\tline\r\nbreak", lang="zh")))
    g.add((EX.m1, URIRef_("http://semanticweb.cs.vu.nl/2009/11/sem/hasActor"), EX.p1))
    return g


def URIRef_(s: str) -> rdflib.URIRef:  # noqa: N802  (short helper for long IRIs)
    return rdflib.URIRef(s)


@pytest.mark.parametrize("make", [
    lambda: rdflib.Graph().parse(DATA / "export_sample.ttl", format="turtle"),
    _invented_graph,
    rdflib.Graph,  # empty: <graph … /> and no viz namespace, as ElementTree wrote it
])
def test_shared_projection_gives_the_same_files(tmp_path, make):
    g = make()
    paths = write_network_exports(g, tmp_path / "shared")
    assert list(paths) == list(NETWORK_FILES)
    write_graphml(g, tmp_path / "kg.graphml")
    write_people_graphml(g, tmp_path / "kg-people.graphml")
    write_gexf(g, tmp_path / "kg.gexf")
    for name in NETWORK_FILES:
        assert paths[name].read_bytes() == (tmp_path / name).read_bytes(), name
        etree.parse(str(paths[name]))  # well-formed, escaping included


def test_gexf_stream_matches_dynamic_graph(tmp_path):
    g = rdflib.Graph().parse(DATA / "export_sample.ttl", format="turtle")
    pg = to_property_graph(g)
    dg = dynamic_graph(g, pg)
    write_gexf(g, tmp_path / "kg.gexf", pg=pg)
    ns = {"x": "http://www.gexf.net/1.2draft"}
    root = etree.parse(str(tmp_path / "kg.gexf")).getroot()
    by_id = {a["id"]: a for _, a in dg.nodes(data=True)}
    nodes = root.findall(".//x:node", ns)
    assert len(nodes) == dg.number_of_nodes() > 0
    for el in nodes:
        a = by_id[el.get("id")]
        assert (el.get("start"), el.get("end")) == (a.get("start"), a.get("end"))
    assert len(root.findall(".//x:edge", ns)) == dg.number_of_edges()


def test_empty_graph_files_are_well_formed(tmp_path):
    paths = write_network_exports(rdflib.Graph(), tmp_path)
    assert b'<graph id="G" edgedefault="directed" />' in paths["kg.graphml"].read_bytes()
    gexf = paths["kg.gexf"].read_bytes()
    assert b"xmlns:viz" not in gexf and b"<nodes />" in gexf
    for p in paths.values():
        etree.parse(str(p))


def test_gc_paused_restores_the_collector_state():
    import gc

    from kg.export.project import gc_paused

    assert gc.isenabled()
    with pytest.raises(RuntimeError):
        with gc_paused():
            assert not gc.isenabled()
            raise RuntimeError("boom")
    assert gc.isenabled()
    gc.disable()
    try:
        with gc_paused():
            pass
        assert not gc.isenabled()  # a caller's own pause is left alone
    finally:
        gc.enable()


def test_column_types_are_those_of_the_rows_and_cached():
    from kg.export.project import (column_types, graphml_value_types, iter_styled_nodes)

    pg = to_property_graph(_invented_graph())
    ntypes, etypes = column_types(pg)
    assert ntypes == graphml_value_types(a for _, a in iter_styled_nodes(pg))
    assert etypes == graphml_value_types(a for _, _, a in iter_aggregated_edges(pg))
    assert ntypes["degree"] == "int" and ntypes["label"] == "string"
    assert etypes["weight"] == "double"
    assert column_types(pg) is column_types(pg)


def test_turtle_of_the_builds_store_is_the_turtle_of_any_store() -> None:
    """The writer reads a TripleStore's own index and remembers terms by identity; any
    other store is read through rdflib: the same bytes, and they parse to the graph."""
    import rdflib

    from graph_fixture import make_corpus
    from kg.export.turtle import serialize_turtle
    from kg.graph.build import build_graph, subject_index

    built = build_graph(make_corpus())
    assert subject_index(built) is not None
    plain = rdflib.Graph()
    for t in built:
        plain.add(t)
    assert subject_index(plain) is None
    data = serialize_turtle(built)
    assert data == serialize_turtle(plain)
    back = rdflib.Graph().parse(data=data.decode("utf-8"), format="turtle")
    assert set(back) == set(built)
