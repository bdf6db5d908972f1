"""kg.graph.validate: the SHACL shapes accept a good graph and name what breaks a bad one."""

from __future__ import annotations

import sys
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

sys.path.insert(0, str(Path(__file__).parent))
from graph_fixture import make_corpus  # noqa: E402

from kg.graph.build import build_graph, place_iri  # noqa: E402
from kg.graph.namespaces import DCTERMS, ID, KG, PROV, SCHEMA, SEM  # noqa: E402
from kg.graph.validate import validate_graph  # noqa: E402

EV = URIRef(ID + "event/p2/0/e0")
ART = URIRef(ID + "article/p1/0")
WANG = URIRef(ID + "person/王明远")


def good() -> Graph:
    return build_graph(make_corpus())


def test_good_graph_conforms_with_and_without_ontology_triples() -> None:
    assert validate_graph(good()) == (True, "conforms")
    assert validate_graph(build_graph(make_corpus(), include_ontology=False))[0]


def check_broken(g: Graph, *needles: str) -> str:
    ok, report = validate_graph(g)
    assert not ok
    for n in needles:
        assert n in report, report
    return report


def test_missing_or_extra_label() -> None:
    g = good()
    g.remove((WANG, RDFS.label, None))
    check_broken(g, "person/王明远", "rdfs:label")
    g = good()
    g.add((WANG, RDFS.label, Literal("Wang Mingyuan", lang="en")))
    check_broken(g, "person/王明远")
    g = good()  # a label without @zh
    g.set((place_iri("990100"), RDFS.label, Literal("云溪市")))
    check_broken(g, "place/990100")


def test_event_needs_article_and_status() -> None:
    g = good()
    g.remove((EV, PROV.wasDerivedFrom, None))
    check_broken(g, "event/p2/0/e0", "prov:wasDerivedFrom")
    g = good()
    g.remove((EV, KG.status, None))
    check_broken(g, "kg:status")
    g = good()
    g.set((EV, KG.status, Literal("rumoured")))
    check_broken(g, "kg:status")


def test_actor_must_be_person_and_role_needs_has_actor() -> None:
    g = good()
    g.add((EV, SEM.hasActor, place_iri("990100")))
    check_broken(g, "must be a kg:Person")
    g = good()
    someone = URIRef(ID + "person/钱某")
    g.add((someone, RDF.type, KG.Person))
    g.add((someone, RDFS.label, Literal("钱某", lang="zh")))
    g.add((EV, KG.guest, someone))
    check_broken(g, "without sem:hasActor")


def test_timestamps_must_be_dates() -> None:
    g = good()
    g.add((URIRef(ID + "event/p2/0/e1"), SEM.hasTimeStamp, Literal("2021-05-07")))
    check_broken(g, "sem:hasTimeStamp")
    g = good()
    g.set((ART, SCHEMA.datePublished, Literal("昨日")))
    check_broken(g, "schema:datePublished")


def test_article_needs_headline_and_source() -> None:
    g = good()
    g.remove((ART, SCHEMA.headline, None))
    g.remove((ART, DCTERMS.source, None))
    check_broken(g, "schema:headline", "dcterms:source")


def test_contained_in_place_points_to_a_place() -> None:
    g = good()
    g.set((place_iri("990000"), SCHEMA.containedInPlace, WANG))
    check_broken(g, "containedInPlace")


def test_report_is_sorted_and_capped() -> None:
    g = good()
    for p in g.subjects(RDF.type, KG.Person):
        g.remove((p, RDFS.label, None))
    ok, report = validate_graph(g, max_lines=2)
    assert not ok
    lines = report.splitlines()
    assert lines[0] == "5 SHACL violation(s)"
    assert lines[-1] == "… and 3 more"
    assert validate_graph(g, max_lines=2) == (ok, report)  # deterministic


def test_large_graphs_are_checked_on_a_sample_that_still_finds_systematic_faults() -> None:
    g = good()
    ok, report = validate_graph(g, sample_above=10)
    assert ok and "a sample" in report
    # a fault the graph builder would make on every event is found in the sample
    for ev in list(g.subjects(KG.status, None)):
        g.remove((ev, PROV.wasDerivedFrom, None))
    ok, report = validate_graph(g, sample_above=10)
    assert not ok and "prov:wasDerivedFrom" in report and "a sample" in report


def test_sample_is_deterministic_and_smaller() -> None:
    from kg.graph.validate import sample_subgraph

    g = good()
    s1, picked, total = sample_subgraph(g, target=len(g) // 4, per_type=1)
    s2, _, _ = sample_subgraph(g, target=len(g) // 4, per_type=1)
    assert set(s1) == set(s2) and 0 < picked < total and len(s1) < len(g)
