"""kg.graph.build: the contract's triples on a hand-built corpus (invented names), stable IRIs."""

from __future__ import annotations

import sys
from pathlib import Path
from urllib.parse import unquote

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rdflib import Graph, Literal, URIRef
from rdflib import namespace as rns
from rdflib.namespace import RDF, RDFS

sys.path.insert(0, str(Path(__file__).parent))
from graph_fixture import CITY_KEY, COUNTY_KEY, PROV_KEY, TOWN_KEY, VILLAGE_KEY, make_corpus  # noqa: E402

from kg.graph.build import (build_graph, event_class, event_classes, iri_escape, person_iri,  # noqa: E402
                      place_iri)
from kg.model import Corpus, Event, Page, Article, Participant, Place, PlaceRef  # noqa: E402
from kg.graph.namespaces import ID, KG, SCHEMA, SEM, sparql_prologue  # noqa: E402


@pytest.fixture(scope="module")
def g() -> Graph:
    return build_graph(make_corpus())


def ask(graph: Graph, where: str) -> bool:
    return bool(graph.query(sparql_prologue() + f"ASK {{ {where} }}").askAnswer)


def select(graph: Graph, query: str) -> set[tuple[str, ...]]:
    return {tuple(str(v) for v in row) for row in graph.query(sparql_prologue() + query)}


E0 = URIRef(ID + "event/p1/0/e0")


def test_every_entity_typed_under_public_classes_with_one_zh_label(g: Graph) -> None:
    for cls in ("schema:Person", "schema:Place", "sem:Event", "schema:Organization"):
        untyped = select(g, f"""SELECT ?x WHERE {{ ?x a ?c . ?c rdfs:subClassOf* {cls} .
            FILTER NOT EXISTS {{ ?x rdfs:label ?l FILTER(lang(?l) = "zh") }} }}""")
        assert not untyped, (cls, untyped)
    persons = select(g, "SELECT ?n WHERE { ?p a/rdfs:subClassOf* schema:Person ; rdfs:label ?n }")
    assert {n for (n,) in persons} == {"王明远", "李晓红", "赵大山", "孙一鸣", "陈小文"}
    assert ask(g, '?e a/rdfs:subClassOf* sem:Event ; rdfs:label "桃园村座谈会"@zh')
    # the space in "李 晓红" (a participant) does not make a second person
    assert (person_iri("李晓红"), RDF.type, KG.Person) in g


def test_articles(g: Graph) -> None:
    rows = select(g, """SELECT ?src ?h ?d ?au WHERE { ?a a schema:NewsArticle ;
        dcterms:source ?src ; schema:headline ?h ; schema:datePublished ?d ;
        schema:author ?p . ?p rdfs:label ?au }""")
    assert rows == {("p1.txt", "王明远在石门区调研", "2021-05-06", "陈小文"),
                    ("p2.txt", "全市经济工作会议召开", "2021-05-09", "陈小文")}
    mentioned = select(g, """SELECT ?n WHERE { ?a dcterms:source "p1.txt" ;
        schema:mentions ?x . ?x rdfs:label ?n }""")
    assert {n for (n,) in mentioned} == {"王明远", "赵大山", "石门区", "桃园村",
                                         "云溪市发展和改革委员会"}
    assert ask(g, '?a dcterms:source "p1.txt" ; kg:kicker "强调——" ; kg:datePublishedMethod "inferred"')


def test_event_actors_roles_and_places(g: Graph) -> None:
    actors = select(g, f"SELECT ?n WHERE {{ <{E0}> sem:hasActor ?p . ?p rdfs:label ?n }}")
    assert {n for (n,) in actors} == {"王明远", "李晓红", "赵大山"}
    assert ask(g, f"<{E0}> kg:leader ?p ; kg:visited ?v . ?p rdfs:label '王明远'@zh . "
                  f"?v rdfs:label '赵大山'@zh")
    # every role also as sem:hasActor, and the roles are sub-properties of it
    assert not ask(g, "?e ?r ?p . ?r rdfs:subPropertyOf sem:hasActor . "
                      "FILTER NOT EXISTS { ?e sem:hasActor ?p }")
    stated = select(g, f"SELECT ?n WHERE {{ <{E0}> sem:hasPlace ?p . ?p rdfs:label ?n }}")
    assert {n for (n,) in stated} == {"石门区", "白沙镇", "桃园村"}
    implied = select(g, f"SELECT ?n WHERE {{ <{E0}> kg:impliedPlace ?p . ?p rdfs:label ?n }}")
    assert implied == {("云溪市",)}
    assert ask(g, f"<{E0}> a kg:Inspection ; prov:wasDerivedFrom ?a ; kg:status 'happened' ; "
                  "kg:partOfDay '上午' ; kg:dateText '5月5日' ; kg:evidence ?s . "
                  "?a dcterms:source 'p1.txt'")


def test_participation_node_for_partial_places(g: Graph) -> None:
    rows = select(g, f"""SELECT ?n ?role ?pl WHERE {{ <{E0}> kg:participation ?x .
        ?x a kg:Participation ; kg:participant ?p ; kg:role ?role ; sem:hasPlace ?q .
        ?p rdfs:label ?n . ?q rdfs:label ?pl }}""")
    assert rows == {("赵大山", "visited", "桃园村")}


def test_no_participation_node_without_a_place_node() -> None:
    """Place keys that make no node (blank) give no kg:Participation: a node without
    places would read as "at none of the event's places" (itinerary.rq counts on it)."""
    corpus = make_corpus()
    ev = corpus.pages[0].articles[0].events[0]
    ev.participants.append(Participant("钱多多", "attendee", places=["  "]))
    graph = build_graph(corpus)
    assert not ask(graph, "?x a kg:Participation ; kg:participant ?p . "
                          "?p rdfs:label '钱多多'@zh")
    assert ask(graph, f"<{E0}> sem:hasActor ?p . ?p rdfs:label '钱多多'@zh")


def test_dates_single_span_month_unknown(g: Graph) -> None:
    assert (E0, SEM.hasTimeStamp, Literal("2021-05-05", datatype=rns.XSD.date)) in g
    span = URIRef(ID + "event/p2/0/e0")
    assert (span, SEM.hasBeginTimeStamp, Literal("2021-05-07", datatype=rns.XSD.date)) in g
    assert (span, SEM.hasEndTimeStamp, Literal("2021-05-08", datatype=rns.XSD.date)) in g
    assert (span, SEM.hasTimeStamp, None) not in g
    planned = URIRef(ID + "event/p2/0/e1")
    assert (planned, KG.status, Literal("planned")) in g
    assert not any(g.objects(planned, SEM.hasTimeStamp))
    month = URIRef(ID + "event/p2/0/e2")
    assert not any(g.objects(month, SEM.hasTimeStamp))  # no invented day
    assert (month, KG.yearMonth, Literal("2021-04", datatype=rns.XSD.gYearMonth)) in g
    assert (month, RDF.type, KG.Activity) in g  # kind unknown to the ontology


def test_super_event(g: Graph) -> None:
    assert (URIRef(ID + "event/p1/0/e1"), SCHEMA.superEvent, E0) in g


def test_place_chain_to_province_with_codes(g: Graph) -> None:
    chain = select(g, f"""SELECT ?n WHERE {{ <{place_iri(VILLAGE_KEY)}>
        schema:containedInPlace+ ?p . ?p rdfs:label ?n }}""")
    assert {n for (n,) in chain} == {"白沙镇", "石门区", "云溪市", "青川省"}
    assert (place_iri(PROV_KEY), RDF.type, KG.Province) in g
    assert (place_iri(COUNTY_KEY), KG.divisionCode, Literal(COUNTY_KEY)) in g
    assert (place_iri(TOWN_KEY), RDF.type, KG.Township) in g
    assert (place_iri(CITY_KEY), KG.level, Literal("city")) in g
    # the zone's parent is missing from corpus.places: skipped, no dangling link
    zone = place_iri("990171")
    assert not any(g.objects(zone, SCHEMA.containedInPlace))


def test_post_holdings(g: Graph) -> None:
    rows = select(g, """SELECT ?n ?post ?d ?src WHERE { ?h a kg:PostHolding ;
        org:member ?p ; org:role ?r ; kg:statedOn ?d ; prov:wasDerivedFrom ?a .
        ?p rdfs:label ?n ; kg:holdsPost ?h . ?r a kg:Post ; rdfs:label ?post .
        ?a dcterms:source ?src }""")
    assert rows == {("王明远", "市委书记", "2021-05-06", "p1.txt"),
                    ("王明远", "市委书记", "2021-05-09", "p2.txt"),
                    ("李晓红", "市长", "2021-05-09", "p2.txt")}
    assert ask(g, '?org a/rdfs:subClassOf* schema:Organization ; schema:location ?pl . '
                  '?pl rdfs:label "云溪市"@zh')


def test_same_corpus_same_triples_and_page_order_irrelevant() -> None:
    a = build_graph(make_corpus("12"), include_ontology=False)
    b = build_graph(make_corpus("21"), include_ontology=False)
    assert set(a) == set(b)
    assert set(a) == set(build_graph(make_corpus("12"), include_ontology=False))


def test_iris_do_not_depend_on_other_pages() -> None:
    alone = build_graph(make_corpus("1"), include_ontology=False)
    both = build_graph(make_corpus("21"), include_ontology=False)
    # every triple about page one's events is the same with page two present
    for s, p, o in alone:
        if str(s).startswith(str(ID) + "event/p1/"):
            assert (s, p, o) in both


def test_include_ontology_adds_axioms_only() -> None:
    bare = build_graph(make_corpus(), include_ontology=False)
    full = build_graph(make_corpus())
    assert set(bare) < set(full)
    assert (KG.Meeting, RDFS.subClassOf, KG.Event) in full
    assert (KG.Meeting, RDFS.subClassOf, KG.Event) not in bare


def test_event_classes_come_from_the_ontology() -> None:
    assert {"Meeting", "Inspection", "Visit", "Signing", "Outage", "Activity"} <= event_classes()
    assert event_class("Reception") == KG.Reception
    assert event_class("NoSuchKind") == KG.Activity


def test_missing_place_and_empty_names_do_not_crash() -> None:
    art = Article(id="p9/0", source="p9.txt", index=0, headline="标题",
                  events=[Event(kind="Visit", label="走访", article_id="p9/0",
                                places=[PlaceRef("990102/无名镇/某村")],
                                participants=[Participant("", "attendee"),
                                              Participant("周 某某", "leader")])])
    corpus = Corpus(pages=[Page("p9.txt", "p9.txt", "", articles=[art])],
                    places={"990102": Place("990102", "石门区", "county", parent="nope")})
    g = build_graph(corpus, include_ontology=False)
    node = place_iri("990102/无名镇/某村")
    assert (node, RDFS.label, Literal("某村", lang="zh")) in g
    assert (node, KG.resolved, Literal(False)) in g
    ev = next(g.subjects(RDF.type, KG.Visit))
    assert set(g.objects(ev, SEM.hasActor)) == {person_iri("周某某")}
    assert str(ev).startswith(str(ID) + "event/p9/0/")  # fallback key from the content


def test_iri_escape_keeps_chinese_encodes_delimiters() -> None:
    assert iri_escape("430482/西岭镇/石山村") == "430482/西岭镇/石山村"
    assert iri_escape("a b#c?d%e") == "a%20b%23c%3Fd%25e"
    assert iri_escape("x/../y") == "x/%2E%2E/y"
    assert iri_escape("全\u3000角") == "全%E3%80%80角"  # ideographic space


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=30))
def test_iri_escape_round_trips_and_is_iri_safe(s: str) -> None:
    out = iri_escape(s)
    assert unquote(out) == s  # nothing lost: two keys never share an IRI
    assert not any(c in out for c in ' <>"{}|\\^`#?')
    assert not any(ord(c) < 0x21 for c in out)
