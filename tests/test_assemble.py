"""The graph built one page at a time (kg.graph.build.GraphAssembler, kg.pipeline.assemble)
is the graph of the whole corpus; the build keeps no page's articles; the store's two
indexes answer every pattern as rdflib's three do."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import Graph, Literal, URIRef
from rdflib.plugins.stores.memory import SimpleMemory

sys.path.insert(0, str(Path(__file__).parent))
from graph_fixture import make_corpus  # noqa: E402

from kg.graph.build import GraphAssembler, TripleStore, build_graph, org_iri  # noqa: E402
from kg.graph.namespaces import ID  # noqa: E402
from kg.model import Corpus, Mention, Organisation  # noqa: E402
from kg.pipeline import BuildOptions, assemble, build_corpus  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
ORG_MEMBER_OF = URIRef("http://www.w3.org/ns/org#organization")


def _tables(corpus: Corpus) -> Corpus:
    return Corpus(persons=dict(corpus.persons), places=dict(corpus.places),
                  organisations=dict(corpus.organisations))


def test_page_by_page_equals_whole_corpus_in_either_order() -> None:
    for order in ("12", "21"):
        corpus = make_corpus(order)
        asm = GraphAssembler(_tables(corpus), include_ontology=False)
        for page in corpus.pages:
            asm.add_page(page)
        assert set(asm.finish()) == set(build_graph(corpus, include_ontology=False))


def test_entities_are_described_from_the_tables_as_they_end() -> None:
    # Tables empty while the pages go in, complete only before finish(): a holding's
    # link to its organisation and the organisation's own triples still appear, as
    # when an organisation is first named on a later page.
    corpus = make_corpus("12")
    tables = Corpus()
    asm = GraphAssembler(tables, include_ontology=False)
    for page in corpus.pages:
        asm.add_page(page)
    tables.persons.update(corpus.persons)
    tables.places.update(corpus.places)
    tables.organisations.update(corpus.organisations)
    tables.organisations["市委"] = Organisation("市委", "party", "")
    g = asm.finish()
    full = corpus
    full.organisations["市委"] = Organisation("市委", "party", "")
    assert set(g) == set(build_graph(full, include_ontology=False))
    assert any(o == org_iri("市委") for _, p, o in g if p == ORG_MEMBER_OF)


def test_two_spellings_of_one_organisation_are_described_alike_on_both_paths() -> None:
    # 新华 社 and 新华社 are one node; which table entry describes it must not depend on
    # whether the pages or the tables were named first.
    corpus = make_corpus("12")
    corpus.organisations["新华社"] = Organisation("新华社", "media", "")
    corpus.organisations["新华 社"] = Organisation("新华 社", "government", "")
    corpus.pages[0].articles[0].posts[0].org = "新华 社"
    # The page names 新华社 before the tables' sorted 新华 社 would be.
    corpus.pages[0].articles[0].mentions.append(
        Mention("新华社", 0, 3, "organization", "新华社", key="新华社", level="media"))
    asm = GraphAssembler(_tables(corpus), include_ontology=False)
    for page in corpus.pages:
        asm.add_page(page)
    assert set(asm.finish()) == set(build_graph(corpus, include_ontology=False))


def test_assemble_equals_build_graph_and_keeps_only_page_stubs(tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    pages.mkdir()
    for f in sorted((ROOT / "seeds").glob("*.txt"))[:2]:
        shutil.copy(f, pages / f.name)
    options = BuildOptions(jobs=1)
    graph, result = assemble([pages], options)
    corpus = build_corpus([pages], options)
    assert set(graph) == set(build_graph(corpus))
    assert result.triples == len(graph)
    assert [p.source for p in result.corpus.pages] == [p.source for p in corpus.pages]
    assert all(not p.articles and not p.text for p in result.corpus.pages)
    assert result.articles == len(corpus.articles) > 0
    assert result.events == len(corpus.events)
    assert set(result.corpus.persons) == set(corpus.persons)
    assert set(result.corpus.organisations) == set(corpus.organisations)
    assert set(result.corpus.places) == set(corpus.places)
    assert f"articles {len(corpus.articles)}," in result.summary()


_S = [URIRef(f"{ID}s{i}") for i in range(6)]
_P = [URIRef(f"{ID}p{i}") for i in range(4)]
_O = _S + [Literal(i) for i in range(3)] + [Literal("x", lang="zh")]
_triple = st.tuples(st.sampled_from(_S), st.sampled_from(_P), st.sampled_from(_O))
_pattern = st.tuples(st.sampled_from([None, *_S]), st.sampled_from([None, *_P]),
                     st.sampled_from([None, *_O]))


@settings(max_examples=150, deadline=None)
@given(st.lists(_triple, max_size=40), st.lists(_pattern, max_size=3), st.lists(_pattern,
                                                                                 min_size=1))
def test_two_index_store_answers_like_rdflibs(adds, removes, asks) -> None:
    ours, theirs = Graph(store=TripleStore()), Graph(store=SimpleMemory())
    for t in adds:
        ours.add(t)
        theirs.add(t)
    for pat in removes:
        ours.remove(pat)
        theirs.remove(pat)
    assert len(ours) == len(theirs) == len(set(theirs))
    for pat in asks:
        assert set(ours.triples(pat)) == set(theirs.triples(pat))
