"""kg.export.turtle and kg.export.atomic: byte-stable Turtle, atomic writes."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

sys.path.insert(0, str(Path(__file__).parent))
from graph_fixture import make_corpus  # noqa: E402

from kg.export.atomic import atomic_open, atomic_path, atomic_write  # noqa: E402
from kg.export.turtle import serialize_turtle, write_turtle  # noqa: E402
from kg.graph.build import build_graph  # noqa: E402


def test_turtle_byte_identical_across_builds_and_page_orders(tmp_path: Path) -> None:
    a, b = tmp_path / "a.ttl", tmp_path / "b.ttl"
    write_turtle(build_graph(make_corpus("12")), a)
    write_turtle(build_graph(make_corpus("21")), b)
    assert a.read_bytes() == b.read_bytes()
    write_turtle(build_graph(make_corpus("12")), b)  # overwrite: same bytes again
    assert a.read_bytes() == b.read_bytes()


def test_turtle_parses_back_to_the_same_graph(tmp_path: Path) -> None:
    g = build_graph(make_corpus())
    path = write_turtle(g, tmp_path / "out" / "kg.ttl")  # folder created on the way
    back = Graph().parse(path, format="turtle")
    assert len(back) == len(g)
    assert isomorphic(back, g)


def test_turtle_uses_project_prefixes_and_no_blank_nodes() -> None:
    text = serialize_turtle(build_graph(make_corpus())).decode("utf-8")
    for line in ("@prefix kg: <https://w3id.org/cnnews-kg/ontology#> .",
                 "@prefix schema: <https://schema.org/> .",
                 "@prefix sem: <http://semanticweb.cs.vu.nl/2009/11/sem/> ."):
        assert line in text
    assert "_:" not in text and "[" not in text.replace("[]", "")
    assert '"王明远"@zh' in text  # Chinese kept readable, not \\u-escaped


def test_atomic_write_leaves_nothing_on_error(tmp_path: Path) -> None:
    target = tmp_path / "kg.ttl"

    def broken(tmp: Path) -> None:
        tmp.write_text("half", encoding="utf-8")
        raise RuntimeError("disk on fire")

    with pytest.raises(RuntimeError):
        atomic_write(target, broken)
    assert list(tmp_path.iterdir()) == []  # neither the target nor a temp file


def test_atomic_write_keeps_old_file_on_error(tmp_path: Path) -> None:
    target = tmp_path / "kg.ttl"
    atomic_write(target, b"old\n")
    with pytest.raises(ValueError):
        with atomic_open(target, "w") as fh:
            fh.write("new, half")
            raise ValueError("stop")
    assert target.read_bytes() == b"old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["kg.ttl"]


def test_atomic_write_forms(tmp_path: Path) -> None:
    atomic_write(tmp_path / "a.txt", "文本")
    atomic_write(tmp_path / "b.bin", b"\x00\x01")
    atomic_write(tmp_path / "c.txt", lambda p: p.write_text("fn", encoding="utf-8"))
    assert (tmp_path / "a.txt").read_text(encoding="utf-8") == "文本"
    assert (tmp_path / "b.bin").read_bytes() == b"\x00\x01"
    assert (tmp_path / "c.txt").read_text(encoding="utf-8") == "fn"
    with atomic_path(tmp_path / "d.txt") as tmp:
        assert tmp.parent == tmp_path and tmp.name != "d.txt"
        tmp.write_text("x", encoding="utf-8")
    assert (tmp_path / "d.txt").stat().st_mode & 0o644 == 0o644  # not left at 0600


def test_failing_turtle_write_keeps_previous_output(tmp_path: Path) -> None:
    target = tmp_path / "kg.ttl"
    write_turtle(build_graph(make_corpus("1")), target)
    before = target.read_bytes()

    class Boom(Graph):
        def predicate_objects(self, *a, **k):  # type: ignore[override]
            raise OSError("failed halfway through the subjects")

    g = Boom()
    for t in build_graph(make_corpus("2")):
        g.add(t)
    with pytest.raises(OSError):
        write_turtle(g, target)
    assert target.read_bytes() == before
