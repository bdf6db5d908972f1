"""Posts bound to their unit and foreign places, end to end in the graph (invented text)."""

from __future__ import annotations

from pathlib import Path

from kg.graph.build import build_graph
from kg.graph.namespaces import KG, SCHEMA
from kg.pipeline import BuildOptions, build_corpus

TEXT = (
    "多地书记座谈\n\n"
    "本报讯 上海市委书记陈一明和北京市委书记王二强出席座谈会。国家主席李四、外交部长赵五"
    "会见了俄罗斯客人，客人来自莫斯科。\n"
)


def _graph(tmp_path: Path):
    f = tmp_path / "page.txt"
    f.write_text(TEXT, encoding="utf-8")
    corpus = build_corpus([f], BuildOptions(jobs=1))
    return build_graph(corpus)


def test_two_cities_secretaries_are_two_posts(tmp_path: Path) -> None:
    g = _graph(tmp_path)
    rows = g.query("""
        SELECT ?label ?unitLabel WHERE {
          ?post a kg:Post ; rdfs:label ?label ; kg:postOf ?unit . ?unit rdfs:label ?unitLabel }""",
                   initNs={"kg": KG})
    got = {(str(r[0]), str(r[1])) for r in rows}
    assert ("市委书记", "上海市") in got and ("市委书记", "北京市") in got
    assert ("国家主席", "中国") in got
    assert ("外交部长", "外交部") in got
    secretaries = {p for p in g.subjects(KG.postOf, None)
                   if "市委书记" in str(p)}
    assert len(secretaries) == 2


def test_foreign_city_in_its_country(tmp_path: Path) -> None:
    g = _graph(tmp_path)
    moscow = [s for s, o in g.subject_objects(SCHEMA.name) if str(o) == "莫斯科"]
    assert moscow
    types = set(g.objects(moscow[0], None))
    assert KG.ForeignCity in types
    country = next(g.objects(moscow[0], SCHEMA.containedInPlace))
    assert str(next(g.objects(country, SCHEMA.name))) == "俄罗斯"
    assert KG.Country in set(g.objects(country, None))
