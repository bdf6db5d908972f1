"""End to end: the seed pages in, the contract's files out."""

from __future__ import annotations

import shutil
from pathlib import Path

import networkx as nx
import pytest
import rdflib

from kg.cli import main
from kg.pipeline import BuildOptions, build

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
GOLD = ROOT / "tests" / "gold"

SEM = rdflib.Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
SCHEMA = rdflib.Namespace("https://schema.org/")
DCT = rdflib.Namespace("http://purl.org/dc/terms/")
PROV = rdflib.Namespace("http://www.w3.org/ns/prov#")


@pytest.fixture
def built(seed_build) -> Path:
    return seed_build


def test_writes_the_three_files(built):
    for name in ("kg.ttl", "kg.graphml", "kg.html"):
        assert (built / name).stat().st_size > 1000, name


def test_turtle_follows_the_contract(built):
    g = rdflib.Graph().parse(built / "kg.ttl", format="turtle")
    sources = {str(o) for o in g.objects(None, DCT.source)}
    assert {p.name for p in SEEDS.glob("*.txt")} <= sources
    # every event derives from an article and has an actor typed as a schema:Person
    q = """
    PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
    PREFIX sem: <http://semanticweb.cs.vu.nl/2009/11/sem/>
    PREFIX schema: <https://schema.org/>
    PREFIX prov: <http://www.w3.org/ns/prov#>
    SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE {
      ?e a/rdfs:subClassOf* sem:Event ; prov:wasDerivedFrom ?a ; sem:hasActor ?p .
      ?a a schema:NewsArticle . ?p a/rdfs:subClassOf* schema:Person ; rdfs:label ?l .
      FILTER(lang(?l) = "zh") }"""
    assert int(next(iter(g.query(q)))[0]) >= 5
    # places climb the hierarchy to a province
    q2 = """
    PREFIX schema: <https://schema.org/>
    PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
    ASK { ?v schema:containedInPlace+ ?prov . ?prov rdfs:label "湖南省"@zh }"""
    assert g.query(q2).askAnswer


def test_graphml_reads_back(built):
    G = nx.read_graphml(built / "kg.graphml")
    assert G.number_of_nodes() > 20
    assert all("label" in d and "type" in d for _, d in G.nodes(data=True))


def test_articles_score_on_development_gold(built):
    from kg.evaluate import evaluate

    scores = evaluate(GOLD, built / "kg.ttl")
    assert scores["articles"].f1 >= 0.95


def test_two_builds_are_byte_identical(built, tmp_path):
    assert main(["build", str(SEEDS), "--out", str(tmp_path), "-q", "--jobs", "2",
                 "--no-cache"]) == 0
    for name in ("kg.ttl", "kg.graphml", "kg.html"):
        assert (tmp_path / name).read_bytes() == (built / name).read_bytes(), name


def test_cached_build_equals_clean_build(built, tmp_path):
    pages = tmp_path / "pages"
    shutil.copytree(SEEDS, pages)
    out = tmp_path / "out"
    args = ["build", str(pages), "--out", str(out), "-q", "--jobs", "1"]
    assert main(args) == 0  # fills the cache
    assert any((out / ".cache").rglob("*.json"))
    assert main(args) == 0  # all from the cache
    ttl_dir = built / "kg.ttl"
    assert (out / "kg.ttl").read_bytes() == ttl_dir.read_bytes()


def test_bad_file_among_good_ones(tmp_path, capsys):
    pages = tmp_path / "pages"
    shutil.copytree(SEEDS, pages)
    (pages / "empty.txt").write_bytes(b"")
    (pages / "binary.txt").write_bytes(bytes(range(256)) * 10)
    out = tmp_path / "out"
    code = main(["build", str(pages), str(tmp_path / "missing.txt"), "--out", str(out),
                 "-q", "--jobs", "1", "--no-cache"])
    err = capsys.readouterr().err
    assert code == 1
    assert "empty.txt" in err and "binary.txt" in err and "missing.txt" in err
    g = rdflib.Graph().parse(out / "kg.ttl", format="turtle")
    assert len(set(g.objects(None, DCT.source))) == 5


def test_library_call_without_writing(tmp_path):
    result = build([SEEDS / "000_b6e2a587ec727e97.txt"], tmp_path,
                   BuildOptions(jobs=1))
    assert result.valid and result.triples > 100
    assert len(result.corpus.pages) == 1 and result.corpus.pages[0].date is not None


def test_graph_keeps_a_sure_tagged_name_that_is_also_a_dictionary_word():
    """jieba's dictionary holds leaders' names as well as words it tags as names
    (高水平): a tagged person that is a dictionary word enters the graph only when the
    tagger is sure of it in context, and never when it ends like a unit (高新区)."""
    from kg.model import Mention
    from kg.extracting.mentions import graph_worthy as _graph_worthy

    def tagged(name: str, source: str) -> Mention:
        return Mention(name, 0, len(name), "person", name, key=name, source=source)

    assert _graph_worthy(tagged("高峰", "tagger-sure"))
    assert not _graph_worthy(tagged("高峰", "tagger"))
    assert not _graph_worthy(tagged("高新区", "tagger-sure"))
    assert _graph_worthy(tagged("林海涛", "tagger"))  # not a dictionary word
