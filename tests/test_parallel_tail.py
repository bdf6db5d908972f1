"""The steps after the graph run in forked children (SHACL, Turtle, GEXF) when a build
has more than one job (issue 13, item 3: an archive update's time): the outputs must be
the serial build's, byte for byte, and a failed check or write must leave the folder as
a serial build would."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.plugins.stores.memory import Memory

import kg.pipeline as pipeline
from kg.export.atomic import OutputError, atomic_write, output_set
from kg.graph.build import TripleStore, new_graph
from kg.graph.query import run_query
from kg.graph.store import open_store
from tests.test_incremental import NEW_DAY, OUTPUTS, build, write_archive

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")


def _forking_build(pages: Path, out: Path) -> None:
    from kg.cli import main
    assert main(["build", str(pages), "--out", str(out), "-q", "-j", "2"]) == 0


def test_update_in_forked_steps_equals_a_serial_cold_build(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    archive = write_archive(tmp_path)
    out = tmp_path / "out"
    monkeypatch.setattr(pipeline, "PARALLEL_ABOVE", 0)  # fork even for a small graph
    forks = []
    real_init = pipeline.Forked.__init__

    def counting(self, fn):  # type: ignore[no-untyped-def]
        forks.append(fn)
        real_init(self, fn)

    monkeypatch.setattr(pipeline.Forked, "__init__", counting)
    _forking_build(archive, out)
    (archive / NEW_DAY[0]).write_text(NEW_DAY[1], encoding="utf-8")
    forks.clear()
    _forking_build(archive, out)  # the update, from the cache, steps forked
    assert len(forks) == 5  # the checkpoint, SHACL, Turtle, GraphML x2, GEXF
    monkeypatch.undo()
    cold = tmp_path / "cold"
    build(archive, cold, "--no-cache")  # -j 1: everything in one process
    for name in OUTPUTS:
        assert (out / name).read_bytes() == (cold / name).read_bytes(), name
    assert not [p.name for p in out.iterdir() if p.name.endswith(".tmp")]
    q = "SELECT ?s ?o WHERE { ?s <https://schema.org/name> ?o } ORDER BY ?s ?o"
    a, b = open_store(out / "kg.ttl"), open_store(cold / "kg.ttl")
    assert a is not None and b is not None
    assert run_query(a, q) == run_query(b, q)


def _built(tmp_path: Path) -> tuple[Path, Path, dict[str, bytes]]:
    """An archive, its build and the bytes of that build's outputs."""
    archive = write_archive(tmp_path)
    out = tmp_path / "out"
    build(archive, out)
    return archive, out, {name: (out / name).read_bytes() for name in OUTPUTS}


def _assert_unchanged(out: Path, before: dict[str, bytes]) -> None:
    assert {name: (out / name).read_bytes() for name in OUTPUTS} == before
    assert not [p.name for p in out.iterdir() if p.name.endswith(".tmp")]


def test_a_graph_failing_the_forked_check_writes_nothing(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    archive, out, before = _built(tmp_path)
    monkeypatch.setattr(pipeline, "PARALLEL_ABOVE", 0)
    monkeypatch.setattr(pipeline, "validate_graph",
                        lambda graph, **kw: (False, "1 SHACL violation(s)\nid:x | broken"))
    (archive / NEW_DAY[0]).write_text(NEW_DAY[1], encoding="utf-8")
    res = pipeline.build([archive], out, pipeline.BuildOptions(jobs=2,
                                                                cache_dir=out / ".cache"))
    assert not res.valid and res.outputs == {}
    assert "id:x | broken" in res.validation_report
    _assert_unchanged(out, before)


def test_a_forked_writer_that_fails_names_its_file_and_leaves_the_folder(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    archive, out, before = _built(tmp_path)
    import kg.export.network as network

    def broken(graph, path, pg=None):  # type: ignore[no-untyped-def]
        raise OutputError(path, OSError(28, "No space left on device"))

    monkeypatch.setattr(network, "write_gexf", broken)
    monkeypatch.setattr(pipeline, "PARALLEL_ABOVE", 0)
    (archive / NEW_DAY[0]).write_text(NEW_DAY[1], encoding="utf-8")
    with pytest.raises(OutputError, match=r"kg\.gexf: cannot write \(No space left"):
        pipeline.build([archive], out, pipeline.BuildOptions(jobs=2, cache_dir=out / ".cache"))
    _assert_unchanged(out, before)


def test_forked_files_join_the_parents_output_set(tmp_path: Path) -> None:
    from kg.export.forked import Forked
    with output_set():
        job = Forked(lambda: atomic_write(tmp_path / "a.txt", "from the child"))
        assert job.result() == tmp_path / "a.txt"
        assert not (tmp_path / "a.txt").exists()  # renamed with the set, not before
    assert (tmp_path / "a.txt").read_text(encoding="utf-8") == "from the child"
    with pytest.raises(OutputError, match="cannot write"):
        with output_set():
            Forked(lambda: atomic_write(tmp_path / "b.txt", "x")).result()
            raise OutputError(tmp_path / "c.txt", OSError(5, "I/O error"))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt"]  # b's temp file gone


def test_forked_step_errors_come_back_to_the_parent() -> None:
    from kg.export.forked import Forked

    def fails() -> None:
        raise ValueError("bad value 七")

    with pytest.raises(ValueError, match="bad value 七"):
        Forked(fails).result()
    with pytest.raises(RuntimeError, match="died"):
        Forked(lambda: os._exit(3)).result()
    job = Forked(lambda: __import__("time").sleep(30))
    job.cancel()
    assert job.done


def test_triple_store_counts_and_orders_like_rdflibs_default_store() -> None:
    s, p = URIRef("http://example.org/s"), URIRef("http://example.org/p")
    triples = [(s, p, Literal(i % 7)) for i in range(20)] + [(URIRef(f"http://e/{i}"), p, s)
                                                             for i in range(5)]
    a, b = Graph(store=TripleStore()), Graph(store=Memory())
    for t in triples:
        a.add(t)
        b.add(t)
    assert len(a) == len(set(triples)) == len(b)
    assert list(a.predicate_objects(s)) == list(b.predicate_objects(s))
    assert list(a.subjects(p, s)) == list(b.subjects(p, s))
    a.remove((s, p, None))
    assert len(a) == 5 and len(list(a)) == 5
    g = new_graph()
    assert len(g) == len(set(g)) > 0  # the ontology's triples, counted once each
