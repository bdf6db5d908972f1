"""Property-based robustness: random and mutated pages never crash the pipeline, and
the Turtle written for them always parses back to the same number of triples.

Pages are built in-process (process_page -> resolve_entities -> build_graph ->
serialize_turtle) so each example costs a fraction of a second. Mutations of a seed
page: delete, duplicate and shuffle lines, insert CJK / ASCII / punctuation / control
characters, truncate.
"""

from __future__ import annotations

from pathlib import Path

import rdflib
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.export.turtle import serialize_turtle
from kg.graph.build import build_graph
from kg.model import Corpus, Page
from kg.pipeline import process_page, resolve_entities

SEEDS = sorted((Path(__file__).resolve().parent.parent / "seeds").glob("*.txt"))
SEED_TEXTS = [p.read_text(encoding="utf-8") for p in SEEDS]

CJK = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)
ASCII = st.characters(min_codepoint=0x20, max_codepoint=0x7E)
PUNCT = st.sampled_from(list("。，、；：？！“”‘’（）《》【】——…·■●◆　\n\t 0123456789年月日"))
CONTROL = st.characters(min_codepoint=0x00, max_codepoint=0x1F)
NOISE = st.text(st.one_of(CJK, ASCII, PUNCT, CONTROL), min_size=1, max_size=12)

SETTINGS = settings(max_examples=30, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def _run(text: str, name: str = "random_page.txt") -> tuple[Corpus, int]:
    """The whole in-process pipeline on one page; returns the corpus and the triples
    parsed back from its Turtle (which must parse)."""
    # A path that does not exist: no side-file date, no date in the file name.
    page = Page(source=name, path=f"/nonexistent/{name}", text=text)
    corpus = Corpus(pages=[process_page(page)])
    resolve_entities(corpus)
    graph = build_graph(corpus)
    data = serialize_turtle(graph)
    back = rdflib.Graph().parse(data=data.decode("utf-8"), format="turtle")
    assert len(back) == len(graph)
    return corpus, len(back)


@st.composite
def mutated_page(draw: st.DrawFn) -> str:
    """A seed page after a few random edits of its lines and characters."""
    lines = draw(st.sampled_from(SEED_TEXTS)).split("\n")
    for _ in range(draw(st.integers(0, 6))):
        op = draw(st.sampled_from(["delete", "duplicate", "shuffle", "insert", "truncate"]))
        if not lines:
            break
        i = draw(st.integers(0, len(lines) - 1))
        if op == "delete":
            del lines[i]
        elif op == "duplicate":
            lines.insert(draw(st.integers(0, len(lines))), lines[i])
        elif op == "shuffle":
            lines = draw(st.permutations(lines))
        elif op == "insert":
            pos = draw(st.integers(0, len(lines[i])))
            lines[i] = lines[i][:pos] + draw(NOISE) + lines[i][pos:]
        else:
            text = "\n".join(lines)
            lines = text[:draw(st.integers(0, len(text)))].split("\n")
    return "\n".join(lines)


@SETTINGS
@given(mutated_page())
def test_mutated_seed_pages_never_crash(text: str) -> None:
    corpus, triples = _run(text)
    page = corpus.pages[0]
    for article in page.articles:  # spans still point into the page text
        assert len(article.offsets) == len(article.text)
        for m in article.mentions:
            assert article.text[m.start:m.end] == m.text
    assert triples > 0 or not page.articles


@settings(max_examples=25, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(st.text(st.one_of(CJK, ASCII, PUNCT, CONTROL), max_size=400))
def test_random_text_never_crashes(text: str) -> None:
    _run(text)


def test_unmutated_seed_gives_a_graph() -> None:
    """The harness itself works: an untouched seed page yields articles and triples."""
    corpus, triples = _run(SEED_TEXTS[0], SEEDS[0].name)
    assert corpus.pages[0].articles and triples > 100
