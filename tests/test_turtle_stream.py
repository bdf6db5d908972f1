"""The streaming Turtle writer (kg.export.turtle.stream_turtle)."""

from __future__ import annotations

import sys
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDFS

sys.path.insert(0, str(Path(__file__).parent))
from graph_fixture import make_corpus  # noqa: E402

import kg.export.turtle as turtle  # noqa: E402
from kg.graph.build import build_graph  # noqa: E402


def test_streamed_turtle_parses_back_and_is_stable() -> None:
    """Valid Turtle, the same graph back, the same bytes twice, prefixes kept."""
    g = build_graph(make_corpus())
    # awkward terms: an IRI with an escape, a literal with quote, backslash and newline
    g.add((URIRef("https://example.org/x%20y"), RDFS.label,
           Literal('引号"和\\反斜\n换行', lang="zh")))
    g.add((URIRef("https://example.org/a.b"), RDFS.comment, Literal("plain")))
    data = turtle.serialize_turtle(g)
    assert data == turtle.serialize_turtle(g)
    text = data.decode("utf-8")
    assert "@prefix schema: <https://schema.org/> ." in text
    assert '"王明远"@zh' in text and "_:" not in text
    back = Graph()
    back.parse(data=text, format="turtle")
    assert len(back) == len(g)
    assert isomorphic(back, g)


