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
