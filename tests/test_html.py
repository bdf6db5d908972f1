"""HTML view: self-contained (nothing external), data embedded, node limit note."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import rdflib

from kg.export.html import view_data, write_html

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="module")
def graph() -> rdflib.Graph:
    return rdflib.Graph().parse(DATA / "export_sample.ttl", format="turtle")


def _embedded(html: str) -> dict:
    m = re.search(r'<script id="kg-data" type="application/json">(.*?)</script>', html, re.S)
    assert m
    return json.loads(m.group(1))


def test_nothing_external(tmp_path, graph):
    write_html(graph, tmp_path / "kg.html")
    html = (tmp_path / "kg.html").read_text(encoding="utf-8")
    assert not re.search(r'(?:src|href)\s*=\s*["\']?\s*(?:https?:)?//', html, re.I)
    assert not re.search(r"@import|url\(\s*['\"]?(?:https?:)?//", html, re.I)
    assert "<link" not in html.lower()
    assert "vis.Network" in html and "kg-status" in html


def test_embedded_data_hover_fields(tmp_path, graph):
    write_html(graph, tmp_path / "kg.html")
    data = _embedded((tmp_path / "kg.html").read_text(encoding="utf-8"))
    assert len(data["nodes"]) == 13 and data["hidden_nodes"] == 0
    ev = next(n for n in data["nodes"] if n["label"] == "绿水县调研")
    assert ev["date"] == "2021-04-10" and ev["end_date"] == "2021-04-11"
    assert ev["places"] == ["白云镇", "绿水县"]
    assert "王小明: leader" in ev["roles"]
    assert ev["evidence"].startswith("4月10日")
    assert {s["type"] for s in data["styles"]} >= {"person", "event", "place"}


def test_node_limit_keeps_most_connected(graph):
    data = view_data(graph, max_nodes=4)
    assert len(data["nodes"]) == 4 and data["hidden_nodes"] == 9
    kept = {n["label"] for n in data["nodes"]}
    assert "王小明" in kept  # the best connected person
    ids = {n["id"] for n in data["nodes"]}
    assert all(e["from"] in ids and e["to"] in ids for e in data["edges"])


def test_script_breaking_text_is_escaped(tmp_path):
    g = rdflib.Graph()
    ex = rdflib.Namespace("http://example.org/")
    g.add((ex.p, rdflib.RDF.type, rdflib.URIRef("https://schema.org/Person")))
    g.add((ex.p, rdflib.RDFS.label, rdflib.Literal("</script><b>x</b>", lang="zh")))
    write_html(g, tmp_path / "kg.html")
    html = (tmp_path / "kg.html").read_text(encoding="utf-8")
    assert "</script><b>x" not in html  # would end the data script early
    assert _embedded(html)["nodes"][0]["label"] == "</script><b>x</b>"


def test_byte_identical(tmp_path, graph):
    write_html(graph, tmp_path / "a.html")
    write_html(graph, tmp_path / "b.html")
    assert (tmp_path / "a.html").read_bytes() == (tmp_path / "b.html").read_bytes()


def test_short_labels():
    from kg.export.html import short_label

    assert short_label("任意一篇报道的很长很长的标题文字", "article") == ""
    assert short_label("张三", "person") == "张三"
    long = short_label("全市某某工作暨某某专项行动推进会议", "event")
    assert len(long) == 12 and long.endswith("…") and long.startswith("全市某某")
    assert short_label("“某某活动周", "event") == "某某活动周"  # unpaired quote dropped
    assert short_label("“某某”活动", "event") == "“某某”活动"  # paired quotes kept


def test_articles_unlabelled_roles_show_partial_places():
    import sys
    sys.path.insert(0, str(Path(__file__).parent))
    from graph_fixture import make_corpus  # invented names only

    from kg.graph.build import build_graph
    data = view_data(build_graph(make_corpus()))
    arts = [n for n in data["nodes"] if n["type"] == "article"]
    assert arts and all(n["short"] == "" and n["label"] for n in arts)
    assert not [n for n in data["nodes"] if n["type"] in ("other", "participation")]
    ev = next(n for n in data["nodes"] if n["label"] == "王明远赴石门区调研")
    assert "赵大山: visited @ 桃园村" in ev["roles"]
    assert "王明远: leader" in ev["roles"]
    person = next(n for n in data["nodes"] if n["label"] == "赵大山")
    assert person["roles"] == ["王明远赴石门区调研: visited @ 桃园村"]
    assert any(e.get("places") == "桃园村" and e["label"] == "visited" for e in data["edges"])
