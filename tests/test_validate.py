"""kg.graph.validate: the SHACL shapes accept a good graph and name what breaks a bad one."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

sys.path.insert(0, str(Path(__file__).parent))
from graph_fixture import CITY_KEY, TOWN_KEY, ZONE_KEY, make_corpus  # noqa: E402

from kg.model import (Article, Corpus, Event, Mention, Organisation, Page,  # noqa: E402
                      Participant, Person, Place, PlaceRef, PostHolding, Reporter)

from kg.graph.build import build_graph, place_iri  # noqa: E402
from kg.graph.namespaces import DCTERMS, ID, KG, PROV, SCHEMA, SEM  # noqa: E402
from kg.graph.validate import SAMPLE_ABOVE, validate_graph  # noqa: E402

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


def test_the_check_never_changes_the_graph_it_is_given() -> None:
    # The ontology is mixed into a graph the check made itself, never into the caller's.
    def bare() -> Graph:  # without the ontology's triples, which the check mixes in
        return build_graph(make_corpus(), include_ontology=False)

    for make in (bare, lambda: _context_aware(bare())):
        g = make()
        before = set(g)
        for sample_above in (None, 10):
            assert validate_graph(g, sample_above=sample_above)[0]
            assert set(g) == before


def _context_aware(g: Graph) -> Graph:
    out = Graph()
    for t in g:
        out.add(t)
    assert out.store.context_aware
    return out


def test_sample_is_deterministic_and_smaller() -> None:
    from kg.graph.validate import sample_subgraph

    g = good()
    s1, checked, picked, total = sample_subgraph(g, target=len(g) // 4, per_type=1)
    s2, _, _, _ = sample_subgraph(g, target=len(g) // 4, per_type=1)
    assert set(s1) == set(s2) and 0 < picked <= len(checked) < total and len(s1) < len(g)


# --- the sample never fails a graph the full check passes ------------------------------

_SYL = "安宝长成德东方飞冈广海和华惠佳江金锦景康乐林明宁平清庆荣瑞山胜天文祥新兴阳永云志忠"


def _name(i: int, n: int = 2) -> str:
    out = ""
    for _ in range(n):
        out += _SYL[i % len(_SYL)]
        i //= len(_SYL)
    return out


def large_corpus(pages: int) -> Corpus:
    """An invented corpus shaped like a real one: every article names reporters,
    persons, villages and organisations; events have actors in roles, places, sub-events
    and per-place participations; persons hold posts stated across many articles, so
    everything points to everything else a few steps away."""
    base = make_corpus()
    places = dict(base.places)
    villages = []
    for i in range(200):
        key = f"{TOWN_KEY}/{_name(i)}村"
        places[key] = Place(key, f"{_name(i)}村", "village", parent=TOWN_KEY)
        villages.append(key)
    persons = {f"欧阳{_name(i)}": Person(f"欧阳{_name(i)}") for i in range(400)}
    names = sorted(persons)
    orgs = {f"{_name(i)}合作社": Organisation(f"{_name(i)}合作社", "company", villages[i])
            for i in range(100)}
    org_names = sorted(orgs)
    out = []
    for n in range(pages):
        aid = f"day{n // 4}/page{n % 4}/0"
        day = dt.date(2021, 1, 1) + dt.timedelta(days=n // 4)
        who = [names[(n * 7 + k * 13) % len(names)] for k in range(6)]
        where = [villages[(n * 11 + k) % len(villages)] for k in range(3)]
        top = Event(kind="Inspection", label=f"{who[0]}调研", article_id=aid, date=day,
                    places=[PlaceRef(w) for w in where] + [PlaceRef(CITY_KEY, stated=False)],
                    participants=[Participant(who[0], "leader"), Participant(who[1], "attendee"),
                                  Participant(who[2], "visited", places=[where[1]])],
                    trigger="调研", key=f"{aid}/e0")
        meet = Event(kind="Meeting", label="座谈会", article_id=aid, date=day,
                     end_date=day + dt.timedelta(days=1), places=[PlaceRef(where[0])],
                     participants=[Participant(who[3], "chair"), Participant(who[4], "speaker"),
                                   Participant(who[5], "guest")],
                     parent=f"{aid}/e0", trigger="座谈会", key=f"{aid}/e1")
        plan = Event(kind="Signing", label="项目签约", article_id=aid, status="planned",
                     date_precision="unknown", places=[PlaceRef(ZONE_KEY)], key=f"{aid}/e2")
        mentions = ([Mention(w, 0, 3, "person", w) for w in who]
                    + [Mention(places[w].name, 0, 3, "place", places[w].name, key=w,
                               level="village") for w in where]
                    + [Mention(org_names[n % len(org_names)], 0, 5, "organization",
                               org_names[n % len(org_names)])])
        posts = [PostHolding(who[0], "县委书记", aid), PostHolding(who[3], "镇长", aid,
                                                                    org="镇政府")]
        art = Article(id=aid, source=f"day{n // 4}/page{n % 4}.txt", index=0,
                      headline=f"{who[0]}到{places[where[0]].name}调研",
                      reporters=[Reporter(names[(n * 3) % len(names)])], date=day,
                      mentions=mentions, posts=posts, events=[top, meet, plan])
        out.append(Page(source=art.source, path=art.source, text="", date=day,
                        date_method="file name", articles=[art]))
    for n in names:
        persons[n].posts = []
    return Corpus(pages=out, persons=persons | dict(base.persons), places=places,
                  organisations=orgs)


def test_sample_of_a_large_valid_graph_conforms() -> None:
    """Regression: above the sampling threshold, nodes pulled in because a sampled node
    points to them were checked without what *they* point to, and a valid graph of a
    real corpus failed with "Value does not have class kg:Person"."""
    g = build_graph(large_corpus(1400))
    assert len(g) > 100_000
    ok, report = validate_graph(g, sample_above=SAMPLE_ABOVE)
    assert ok, report
    assert "a sample" in report


def test_sample_still_finds_a_fault_on_few_nodes_it_checks() -> None:
    from kg.graph.validate import sample_subgraph

    g = build_graph(large_corpus(300))
    sample = sample_subgraph(g, 5_000)
    # break one event the sample checks: its actor is not a person any more
    ev = sorted(n for n in sample.checked if (n, KG.status, None) in g)[0]
    g.add((ev, SEM.hasActor, place_iri(CITY_KEY)))
    ok, report = validate_graph(g, sample_above=5_000)
    assert not ok and "must be a kg:Person" in report and "a sample" in report


def test_sparql_constraints_parsed_once_give_the_same_report(monkeypatch) -> None:
    """The role-without-actor constraint is parsed once per check, not once per event
    (a third of an archive's check); the report must not change."""
    from contextlib import nullcontext

    import kg.graph.validate as validate_mod
    from rdflib.plugins.sparql import processor

    g = good()
    events = sorted(set(g.subjects(KG.status, None)), key=str)
    assert len(events) >= 2  # the parsed query is reused for a second focus node
    for i, ev in enumerate(events):
        someone = URIRef(ID + f"person/钱{i}")
        g.add((someone, RDF.type, KG.Person))
        g.add((someone, RDFS.label, Literal(f"钱{i}", lang="zh")))
        g.add((ev, KG.guest, someone))
    parses = []
    real_parse = processor.parseQuery
    monkeypatch.setattr(processor, "parseQuery", lambda q: parses.append(q) or real_parse(q))
    fast = validate_graph(g)
    per_node = len(parses)
    monkeypatch.setattr(validate_mod, "_queries_parsed_once", nullcontext)
    parses.clear()
    slow = validate_graph(g)
    assert fast == slow and not fast[0]
    assert fast[1].count("without sem:hasActor") == len(events)
    assert per_node == 1 < len(parses)


def test_sampled_check_asks_pyshacl_only_about_the_nodes_it_can_judge(monkeypatch) -> None:
    """Nodes the sample holds by their type alone fail most shapes; pyshacl used to
    check them and write every result into its report, which was then filtered (most
    of an archive's check). Only the checked nodes are focus nodes now, and the report
    is the same as with every node checked and the results filtered afterwards."""
    import kg.graph.validate as validate_mod
    from kg.graph.validate import sample_subgraph
    from pyshacl.validator import Validator

    g = build_graph(large_corpus(300))
    sample = sample_subgraph(g, 5_000)
    ev = sorted(n for n in sample.checked if (n, KG.status, None) in g)[0]
    g.add((ev, SEM.hasActor, place_iri(CITY_KEY)))  # one fault on a checked node
    seen: list = []
    real = Validator.create_validation_report.__func__

    def spy(cls, sg, conforms, results):  # type: ignore[no-untyped-def]
        seen.extend(results)
        return real(cls, sg, conforms, results)

    monkeypatch.setattr(Validator, "create_validation_report", classmethod(spy))
    ok, report = validate_graph(g, sample_above=5_000)
    assert not ok and "must be a kg:Person" in report
    assert 0 < len(seen) < 20  # before: thousands, one per shape of every type-only node
    monkeypatch.setattr(validate_mod, "_FOCUS_IRI", __import__("re").compile("(?!)"))
    seen.clear()
    assert validate_graph(g, sample_above=5_000) == (ok, report)  # the old way: same report
    assert len(seen) > 100
