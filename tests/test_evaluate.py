"""The evaluator reads a graph through SPARQL and scores it layer by layer."""

import json

import pytest

from kg.evaluate import evaluate, format_scores

TTL = """
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix sem: <http://semanticweb.cs.vu.nl/2009/11/sem/> .
@prefix schema: <https://schema.org/> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix kg: <https://w3id.org/cnnews-kg/ontology#> .
@prefix id: <https://w3id.org/cnnews-kg/id/> .

kg:Meeting rdfs:subClassOf sem:Event .
kg:Person rdfs:subClassOf schema:Person .
kg:Village rdfs:subClassOf schema:Place .
kg:County rdfs:subClassOf schema:Place .

id:a1 a schema:NewsArticle ; dcterms:source "p1.txt" ;
  schema:headline "甲乙会议召开 强调发展" ; schema:author id:r1 ;
  schema:mentions id:x, id:y, id:v, id:c .
id:a2 a schema:NewsArticle ; dcterms:source "p1.txt" ; schema:headline "多出来的标题" .
id:r1 a kg:Person ; rdfs:label "王小明"@zh .
id:x a kg:Person ; rdfs:label "张三丰"@zh .
id:y a kg:Person ; rdfs:label "李四光"@zh .
id:c a kg:County ; rdfs:label "某某县"@zh .
id:v a kg:Village ; rdfs:label "某村"@zh ; schema:containedInPlace id:c .
id:e1 a kg:Meeting ; prov:wasDerivedFrom id:a1 ; kg:status "happened" ;
  sem:hasTimeStamp "2020-05-02"^^xsd:date ; sem:hasActor id:x, id:y ; sem:hasPlace id:v .
id:e2 a kg:Meeting ; prov:wasDerivedFrom id:a1 ; kg:status "planned" ;
  sem:hasTimeStamp "2020-06-01"^^xsd:date ; sem:hasActor id:x .
"""

GOLD = {
    "file": "p1.txt", "page_date": "2020-05-03",
    "articles": [{
        "title": "甲乙会议召开", "reporters": ["王 小明"], "persons": ["张三丰", "赵六"],
        "places": ["某某县"], "places_optional": [],
        "events": [{"type": "Meeting", "date": "2020-05-01", "end_date": "2020-05-02",
                    "status": "happened", "places": ["某某县"],
                    "participants": {"张三丰": "chair", "赵六": "attendee"}}],
    }],
}


@pytest.fixture
def files(tmp_path):
    (tmp_path / "gold").mkdir()
    (tmp_path / "gold" / "p1.json").write_text(json.dumps(GOLD, ensure_ascii=False), "utf-8")
    (tmp_path / "kg.ttl").write_text(TTL, "utf-8")
    return tmp_path / "gold", tmp_path / "kg.ttl"


def test_layers(files):
    s = evaluate(*files)
    # one gold headline, matched by containment; one extra predicted headline
    assert (s["articles"].tp, s["articles"].fp, s["articles"].fn) == (1, 1, 0)
    # persons: reporter (spaces removed) and 张三丰 found, 李四光 extra, 赵六 missed
    assert (s["persons"].tp, s["persons"].fp, s["persons"].fn) == (2, 1, 1)
    # places: 某某县 found; 某村 extra
    assert (s["places"].tp, s["places"].fp, s["places"].fn) == (1, 1, 0)
    # participation: the 2020-05-02 date lies in the gold span -> counts as 05-01;
    # planned event ignored
    assert (s["participation"].tp, s["participation"].fp, s["participation"].fn) == (1, 1, 1)
    # presence: 某村 is inside 某某县 -> counts for the gold place
    assert s["presence"].tp == 1 and s["presence"].fn == 1
    assert "participation" in format_scores(s)


def test_no_gold(tmp_path):
    from kg.evaluate import EvaluationError

    with pytest.raises(EvaluationError, match="x.ttl"):
        evaluate(tmp_path, tmp_path / "x.ttl")
    (tmp_path / "x.ttl").write_text("", encoding="utf-8")
    with pytest.raises(EvaluationError, match="no gold"):
        evaluate(tmp_path, tmp_path / "x.ttl")
