"""HTML view: self-contained (nothing external), data embedded, node limit note."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import rdflib

from kg.export.html import OVERVIEW_QUOTA, view_data, write_html

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


def _node(data: dict, label: str) -> int:
    return next(i for i, n in enumerate(data["nodes"]) if n[1] == label)


def test_every_node_embedded_with_dates_evidence_and_roles(tmp_path, graph):
    write_html(graph, tmp_path / "kg.html")
    data = _embedded((tmp_path / "kg.html").read_text(encoding="utf-8"))
    assert len(data["nodes"]) == 13  # all of them, drawn or not
    assert data["counts"] == {"person": 4, "event": 3, "place": 3, "organisation": 1,
                              "article": 1, "post": 1}
    ev = _node(data, "绿水县调研")
    t, _, kind, date, end, events, mentions = data["nodes"][ev]
    assert (data["types"][t], data["kinds"][kind], date, end) == \
        ("event", "Inspection", "2021-04-10", "2021-04-11")
    assert data["extra"][str(ev)]["evidence"][0].startswith("4月10日")
    edges = list(zip(data["edges"][0::3], data["edges"][1::3],
                     (data["rels"][r] for r in data["edges"][2::3])))
    who = _node(data, "王小明")
    assert (ev, who, "leader") in edges
    assert {data["nodes"][v][1] for u, v, r in edges if u == ev and r == "hasPlace"} == \
        {"绿水县", "白云镇"}
    # Hubs by events and mentions: 王小明 takes part in 3 events, one article names him.
    assert data["nodes"][who][5:7] == [3, 1]
    post = _node(data, "市长")
    assert data["holdings"] == [[who, post, "2021-03-06", _node(data, "王小明主持召开林业工作会议"),
                                 "", ""]]
    assert {s["type"] for s in data["styles"]} >= {"person", "event", "place"}


def test_overview_hubs_positions_and_how_much_more(graph):
    data = view_data(graph)
    ov = data["overview"]
    hubs = [r[0] for r in ov["nodes"]]
    types = {data["types"][data["nodes"][i][0]] for i in hubs}
    assert types <= {"person", "place", "organisation"}
    assert _node(data, "王小明") in hubs and _node(data, "钱记者") not in hubs  # no events
    assert ov["hidden"] == len(data["nodes"]) - len(hubs)
    assert all(isinstance(x, int) and isinstance(y, int) for _, x, y in ov["nodes"])
    assert len({(x, y) for _, x, y in ov["nodes"]}) == len(hubs)  # no two on one spot
    kinds = {data["overview_kinds"][k] for _, _, k, _ in ov["edges"]}
    assert {"co-participation", "at place", "contained in"} <= kinds
    assert all(a in hubs and b in hubs for a, b, _, _ in ov["edges"])


def test_node_limit_bounds_the_overview_not_the_data(graph):
    data = view_data(graph, max_nodes=4)
    assert len(data["nodes"]) == 13  # search still covers everything
    assert len(data["overview"]["nodes"]) == 4 and data["overview"]["hidden"] == 9
    assert _node(data, "王小明") in [r[0] for r in data["overview"]["nodes"]]


def test_archive_scale_payload_stays_compact():
    """A synthetic archive (5,000 persons, 30,000 events): bytes per node stay small."""
    import sys
    sys.path.insert(0, str(Path(__file__).parent))
    from html_synthetic import archive_projection

    pg = archive_projection(persons=5000, events=30000, articles=8000)
    data = view_data(None, pg=pg)
    payload = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    size = len(payload.encode("utf-8"))
    n, m = len(data["nodes"]), len(data["edges"]) // 3
    assert n == pg.number_of_nodes()
    # Evidence sentences (~35 characters here) are most of it; the rest is ints.
    assert size / n < 260, f"{size / n:.0f} bytes per node"
    assert len(data["overview"]["nodes"]) == sum(OVERVIEW_QUOTA.values()) and m > 200_000


def test_script_breaking_text_is_escaped(tmp_path):
    g = rdflib.Graph()
    ex = rdflib.Namespace("http://example.org/")
    g.add((ex.p, rdflib.RDF.type, rdflib.URIRef("https://schema.org/Person")))
    g.add((ex.p, rdflib.RDFS.label, rdflib.Literal("</script><b>x</b>", lang="zh")))
    write_html(g, tmp_path / "kg.html")
    html = (tmp_path / "kg.html").read_text(encoding="utf-8")
    assert "</script><b>x" not in html  # would end the data script early
    assert _embedded(html)["nodes"][0][1] == "</script><b>x</b>"


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


def test_partial_places_of_a_role_and_article_fields():
    import sys
    sys.path.insert(0, str(Path(__file__).parent))
    from graph_fixture import make_corpus  # invented names only

    from kg.graph.build import build_graph
    data = view_data(build_graph(make_corpus()))
    types = {data["types"][n[0]] for n in data["nodes"]}
    assert not types & {"other", "participation", "holding"}
    ev, who = _node(data, "王明远赴石门区调研"), _node(data, "赵大山")
    e = data["edges"]
    k = next(k for k in range(len(e) // 3) if e[3 * k] == ev and e[3 * k + 1] == who)
    assert data["rels"][e[3 * k + 2]] == "visited"
    assert data["edge_extra"][str(k)][0] == "桃园村"
    art = next(i for i, n in enumerate(data["nodes"]) if data["types"][n[0]] == "article")
    assert data["sources"][data["extra"][str(art)]["s"]] in ("p1.txt", "p2.txt")
