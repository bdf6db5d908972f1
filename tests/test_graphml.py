"""GraphML export: schema-valid, typed, no empty values, readable by networkx/igraph."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import networkx as nx
import pytest
import rdflib
from lxml import etree

from kg.export.graphml import write_graphml, write_people_graphml
from kg.export.project import classify, to_property_graph

DATA = Path(__file__).parent / "data"
XSD = DATA / "graphml-subset.xsd"
NS = {"g": "http://graphml.graphdrawing.org/xmlns"}
PERSON = "https://w3id.org/cnnews-kg/id/person/"


@pytest.fixture(scope="module")
def graph() -> rdflib.Graph:
    return rdflib.Graph().parse(DATA / "export_sample.ttl", format="turtle")


@pytest.fixture(scope="module")
def out(tmp_path_factory, graph) -> dict[str, Path]:
    d = tmp_path_factory.mktemp("graphml")
    write_graphml(graph, d / "kg.graphml")
    write_people_graphml(graph, d / "kg-people.graphml")
    return {"main": d / "kg.graphml", "people": d / "kg-people.graphml"}


def test_projection_types_kinds_and_finest_roles(graph):
    pg = to_property_graph(graph)
    ev = "https://w3id.org/cnnews-kg/id/event/e1"
    assert pg.nodes[ev]["type"] == "event" and pg.nodes[ev]["kind"] == "Meeting"
    assert pg.nodes[ev]["date"] == "2021-03-05" and pg.nodes[ev]["year"] == 2021
    assert pg.nodes[PERSON + "王小明"]["type"] == "person"
    assert pg.nodes["https://w3id.org/cnnews-kg/id/place/c101"]["kind"] == "County"
    # kg:leader is a sub-property of sem:hasActor: only the finer edge remains.
    keys = {k for _, v, k in pg.out_edges(ev, keys=True) if v == PERSON + "王小明"}
    assert keys == {"leader"}
    # the reified post holding becomes one person -> post edge
    hp = [d for u, v, k, d in pg.edges(keys=True, data=True) if k == "holdsPost"]
    assert len(hp) == 1 and hp[0]["statedOn"] == "2021-03-06"
    assert not any(a["type"] == "holding" for _, a in pg.nodes(data=True))


def test_classify_uses_subclass_closure_of_invented_classes():
    g = rdflib.Graph()
    ex = rdflib.Namespace("http://example.org/")
    g.add((ex.Banquet, rdflib.RDFS.subClassOf, ex.Gathering))
    g.add((ex.Gathering, rdflib.RDFS.subClassOf,
           rdflib.URIRef("http://semanticweb.cs.vu.nl/2009/11/sem/Event")))
    g.add((ex.b1, rdflib.RDF.type, ex.Banquet))
    assert classify(g, ex.b1) == ("event", "Banquet")
    g.add((ex.x, rdflib.RDF.type, ex.Unknown))
    assert classify(g, ex.x) == ("other", "Unknown")


def test_valid_against_graphml_subset_schema(out):
    schema = etree.XMLSchema(etree.parse(str(XSD)))
    for p in out.values():
        doc = etree.parse(str(p))
        assert schema.validate(doc), schema.error_log


@pytest.mark.skipif(shutil.which("xmllint") is None, reason="xmllint not installed")
def test_xmllint_schema(out):
    r = subprocess.run(["xmllint", "--noout", "--schema", str(XSD), str(out["main"])],
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr


def test_no_empty_values_and_legal_types(out):
    doc = etree.parse(str(out["main"]))
    types = {k.get("attr.type") for k in doc.iterfind("g:key", NS)}
    assert types <= {"boolean", "int", "long", "double", "string"}
    for d in doc.iterfind(".//g:data", NS):
        assert d.text and d.text.strip() and d.text != "None"


def test_gephi_columns_and_networkx_roundtrip(out):
    g = nx.read_graphml(out["main"])
    assert g.number_of_nodes() == 13
    by_label = {a["label"]: a for _, a in g.nodes(data=True)}
    m = by_label["全市林业工作会议"]
    assert (m["type"], m["kind"], m["date"], m["year"]) == ("event", "Meeting", "2021-03-05", 2021)
    assert isinstance(m["r"], int) and isinstance(m["size"], float)
    p = by_label["王小明"]
    assert p["type"] == "person" and p["mentions"] == 1
    labels = {d["label"] for _, _, d in g.edges(data=True)}
    assert {"leader", "attendee", "hasPlace", "containedInPlace", "holdsPost"} <= labels
    assert all(d["weight"] >= 1.0 for _, _, d in g.edges(data=True))


def test_people_view_weights_and_shared_events(out):
    g = nx.read_graphml(out["people"])
    assert not g.is_directed()
    name = {n: a["label"] for n, a in g.nodes(data=True)}
    assert sorted(name.values()) == ["李四海", "王小明", "赵一鸣"]  # the reporter took part in nothing
    w = {frozenset((name[u], name[v])): d for u, v, d in g.edges(data=True)}
    d = w[frozenset(("王小明", "李四海"))]
    assert d["weight"] == 3.0
    assert d["events"].split("; ")[0] == "全市林业工作会议 (2021-03-05)"
    assert w[frozenset(("王小明", "赵一鸣"))]["weight"] == 1.0


def test_igraph_reads_it(out):
    ig = pytest.importorskip("igraph")
    g = ig.Graph.Read_GraphML(str(out["main"]))
    assert g.vcount() == 13 and "label" in g.vs.attributes()
    assert "weight" in g.es.attributes()


def test_byte_identical(tmp_path, graph):
    write_graphml(graph, tmp_path / "a.graphml")
    g2 = rdflib.Graph().parse(data=graph.serialize(format="nt"), format="nt")  # new order
    write_graphml(g2, tmp_path / "b.graphml")
    assert (tmp_path / "a.graphml").read_bytes() == (tmp_path / "b.graphml").read_bytes()


def test_participation_folded_into_role_edge():
    """A kg:Participation (person only at some places) is an edge attribute, not a node."""
    import sys
    sys.path.insert(0, str(Path(__file__).parent))
    from graph_fixture import make_corpus  # invented names only

    from kg.graph.build import build_graph

    pg = to_property_graph(build_graph(make_corpus()))
    assert not [n for n, a in pg.nodes(data=True) if a["type"] in ("other", "participation")]
    by_label = {a["label"]: n for n, a in pg.nodes(data=True)}
    ev, who = by_label["王明远赴石门区调研"], by_label["赵大山"]
    edges = [(k, d) for _, v, k, d in pg.out_edges(ev, keys=True, data=True) if v == who]
    assert [k for k, _ in edges] == ["visited"]
    d = edges[0][1]
    assert (d["role"], d["places"]) == ("visited", "桃园村")
    assert d["evidence"].startswith("5月5日")
    # the other participants' edges carry no places
    other = [d for _, v, d in pg.out_edges(ev, data=True) if v == by_label["王明远"]]
    assert other and all("places" not in d for d in other)


def test_participation_without_role_edge_gets_one():
    """A participation whose role has no property of its own still yields one edge."""
    from rdflib import Literal, Namespace, RDF, URIRef

    kg = Namespace("https://w3id.org/cnnews-kg/ontology#")
    ex = Namespace("http://example.org/")
    g = rdflib.Graph()
    g.add((ex.e, RDF.type, URIRef("http://semanticweb.cs.vu.nl/2009/11/sem/Event")))
    g.add((ex.p, RDF.type, URIRef("https://schema.org/Person")))
    g.add((ex.v, RDF.type, URIRef("https://schema.org/Place")))
    g.add((ex.v, rdflib.RDFS.label, Literal("杏花村", lang="zh")))
    g.add((ex.e, kg.participation, ex.x))
    g.add((ex.x, RDF.type, kg.Participation))
    g.add((ex.x, kg.participant, ex.p))
    g.add((ex.x, kg.role, Literal("observer")))
    g.add((ex.x, URIRef("http://semanticweb.cs.vu.nl/2009/11/sem/hasPlace"), ex.v))
    pg = to_property_graph(g)
    assert str(ex.x) not in pg
    edges = list(pg.edges(keys=True, data=True))
    assert [(u, v, k) for u, v, k, _ in edges] == [(str(ex.e), str(ex.p), "observer")]
    assert edges[0][3]["places"] == "杏花村"
