"""Static SVG drawing: deterministic, styled like the exports, escaped, labels capped."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import rdflib

from kg.export.svg import graph_svg, people_svg, svg_text

DATA = Path(__file__).parent / "data"
SVG = "{http://www.w3.org/2000/svg}"


def _graph() -> rdflib.Graph:
    return rdflib.Graph().parse(DATA / "export_sample.ttl", format="turtle")


def test_people_svg_is_valid_deterministic_and_coloured():
    a, b = people_svg(_graph()), people_svg(_graph())
    assert a == b
    root = ET.fromstring(a)
    circles = [c for c in root.iter(SVG + "circle") if c.find(SVG + "title") is not None]
    assert sorted(c.find(SVG + "title").text for c in circles) == ["李四海", "王小明", "赵一鸣"]
    assert {c.get("fill") for c in circles} == {"rgb(228,87,46)"}  # person colour, style.tsv
    from kg.export.project import people_view
    pairs = people_view(_graph()).number_of_edges()
    assert pairs >= 2 and len(list(root.iter(SVG + "path"))) == pairs  # one curve per pair


def test_whole_graph_labels_capped_and_articles_unlabelled():
    svg = graph_svg(_graph(), labels=3)
    root = ET.fromstring(svg)
    texts = [t.text for t in root.iter(SVG + "text")]
    drawn = [t for t in texts if t and "person" not in t and " " not in t]
    assert "王小明主持召开林业工作会议" not in texts  # article headline only as a tooltip
    assert len(drawn) == 3


def test_text_is_escaped():
    svg = svg_text([("a", {"label": "<b>&x", "r": 1, "g": 2, "b": 3, "size": 12.0,
                           "type": "person"})], [], labels=1)
    assert "<b>&x" not in svg and "&lt;b&gt;&amp;x" in svg
    ET.fromstring(svg)
