"""GEXF export: dynamic, date time format, intervals from event dates, stable bytes."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest
import rdflib
from lxml import etree

from kg.export.gexf import write_gexf

DATA = Path(__file__).parent / "data"
NS = {"x": "http://www.gexf.net/1.2draft"}


@pytest.fixture(scope="module")
def path(tmp_path_factory) -> Path:
    g = rdflib.Graph().parse(DATA / "export_sample.ttl", format="turtle")
    p = tmp_path_factory.mktemp("gexf") / "kg.gexf"
    write_gexf(g, p)
    return p


def test_dynamic_with_date_timeformat(path):
    graph_el = etree.parse(str(path)).find("x:graph", NS)
    assert graph_el.get("mode") == "dynamic" and graph_el.get("timeformat") == "date"


def test_event_intervals_and_appearance(path):
    g = nx.read_gexf(path)
    by = {a["label"]: a for _, a in g.nodes(data=True)}
    assert (by["绿水县调研"]["start"], by["绿水县调研"]["end"]) == ("2021-04-10", "2021-04-11")
    assert (by["走访慰问"]["start"], by["走访慰问"]["end"]) == ("2022-01-20", "2022-01-20")
    assert by["王小明主持召开林业工作会议"]["start"] == "2021-03-06"  # its own date
    assert by["赵一鸣"]["start"] == "2021-03-05" and "end" not in by["赵一鸣"]
    assert "start" not in by["市长"]  # undated: always present
    timed = [d for _, _, d in g.edges(data=True) if d.get("label") == "leader"]
    assert sorted(d["start"] for d in timed) == ["2021-03-05", "2021-04-10"]


def test_colours_and_no_timestamp(path):
    text = path.read_text(encoding="utf-8")
    assert "lastmodifieddate" not in text
    assert "<viz:color" in text


def test_byte_identical(tmp_path):
    g = rdflib.Graph().parse(DATA / "export_sample.ttl", format="turtle")
    write_gexf(g, tmp_path / "a.gexf")
    g2 = rdflib.Graph().parse(data=g.serialize(format="nt"), format="nt")
    write_gexf(g2, tmp_path / "b.gexf")
    assert (tmp_path / "a.gexf").read_bytes() == (tmp_path / "b.gexf").read_bytes()


def test_clean_columns_declared_and_typed(path):
    """No networkx bookkeeping; every attvalue refers to a declared, well-typed column."""
    text = path.read_text(encoding="utf-8")
    assert "networkx" not in text
    assert "全市林业工作会议" in text  # UTF-8 text, not numeric character references
    doc = etree.parse(str(path))
    decl = {}
    for attrs in doc.iterfind(".//x:attributes", NS):
        for a in attrs.iterfind("x:attribute", NS):
            decl[(attrs.get("class"), a.get("id"))] = (a.get("title"), a.get("type"))
    assert {t for _, t in decl.values()} <= {"integer", "long", "double", "boolean", "string"}
    titles = {t for t, _ in decl.values()}
    assert {"type", "kind", "iri", "degree"} <= titles
    assert not titles & {"label", "weight", "start", "end", "r", "g", "b", "size"}
    parse = {"integer": int, "long": int, "double": float,
             "boolean": lambda v: {"true": 1, "false": 0}[v], "string": str}
    for cls, tag in (("node", "node"), ("edge", "edge")):
        for el in doc.iterfind(f".//x:{tag}", NS):
            for av in el.iterfind("x:attvalues/x:attvalue", NS):
                title, typ = decl[(cls, av.get("for"))]
                parse[typ](av.get("value"))  # raises on a value of the wrong type


def test_edges_never_start_before_their_ends(path):
    doc = etree.parse(str(path))
    start = {n.get("id"): n.get("start") for n in doc.iterfind(".//x:node", NS)}
    edges = list(doc.iterfind(".//x:edge", NS))
    assert len({e.get("id") for e in edges}) == len(edges)
    for e in edges:
        for end in (e.get("source"), e.get("target")):
            if start[end] is not None:
                assert e.get("start") is not None and e.get("start") >= start[end]
        if e.get("end") is not None:
            assert e.get("end") >= e.get("start")
