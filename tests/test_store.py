"""The Oxigraph store kg build writes beside the Turtle (issue 13: a real store)."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from kg.graph.query import QUERIES_DIR, load_graph, run_query
from kg.graph.store import STORE_NAME, build_store, open_store

ROOT = Path(__file__).resolve().parent.parent
PARAMS = {"itinerary.rq": {"name": "邓群策"},
          "chaired_by_post.rq": {"post": "市长", "year": "2020"}}


def readme_queries() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```sparql\n(.*?)```", text, re.DOTALL)


def test_build_writes_the_store(seed_build: Path) -> None:
    assert (seed_build / STORE_NAME).is_dir()
    assert open_store(seed_build / "kg.ttl") is not None


def test_readme_and_shipped_queries_same_rows_on_store_and_rdflib(seed_build: Path) -> None:
    ttl = seed_build / "kg.ttl"
    store = open_store(ttl)
    graph = load_graph(ttl)
    cases = [(q, {}) for q in readme_queries()]
    cases += [(p.read_text("utf-8"), PARAMS.get(p.name, {}))
              for p in sorted(QUERIES_DIR.glob("*.rq"))]
    assert len(cases) >= 9
    for text, params in cases:
        on_store = run_query(store, text, params=params)
        on_rdflib = run_query(graph, text, params=params)
        assert on_store[1], text  # each answers something on the seed build
        # same columns, same rows (ties in ORDER BY may come in either order)
        assert (on_store[0], sorted(on_store[1])) == (on_rdflib[0], sorted(on_rdflib[1])), text


def test_a_store_from_another_turtle_is_not_used(tmp_path: Path, seed_build: Path) -> None:
    ttl = tmp_path / "kg.ttl"
    ttl.write_bytes((seed_build / "kg.ttl").read_bytes())
    build_store(ttl)
    assert open_store(ttl) is not None
    ask = "ASK { ?p schema:name \"甲乙丙\" }"
    assert run_query(ttl, ask)[1] == [("false",)]
    with ttl.open("a", encoding="utf-8") as fh:  # edited after the store was built
        fh.write('<https://w3id.org/cnnews-kg/id/person/甲乙丙> '
                 '<https://schema.org/name> "甲乙丙" .\n')
    assert open_store(ttl) is None
    assert run_query(ttl, ask)[1] == [("true",)]  # answered from the Turtle itself


def test_rebuilding_the_store_replaces_it_whole(tmp_path: Path, seed_build: Path) -> None:
    ttl = tmp_path / "kg.ttl"
    ttl.write_bytes((seed_build / "kg.ttl").read_bytes())
    build_store(ttl)
    (tmp_path / f".{STORE_NAME}.99999.tmp").mkdir()  # left by a killed build
    build_store(ttl)
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.startswith(".")]
    assert leftovers == []
    assert os.listdir(tmp_path / STORE_NAME)
    n = run_query(ttl, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")[1][0][0]
    assert int(n) == len(load_graph(ttl))


def test_turtle_that_is_not_turtle_fails_with_its_name(tmp_path: Path) -> None:
    from kg.graph.store import StoreError

    bad = tmp_path / "kg.ttl"
    bad.write_bytes(b"\xff\xfe not turtle")
    with pytest.raises(StoreError, match=re.escape(str(bad))):
        build_store(bad)
    assert not (tmp_path / STORE_NAME).exists()


def test_the_store_loads_in_a_child_process_and_its_failure_is_one_line(
        tmp_path: Path) -> None:
    """kg build loads the store in a child (on the other core, with its own memory);
    a Turtle the child cannot load is one line naming the file, and nothing is left."""
    from kg.graph.store import StoreError, StoreLoad
    good = tmp_path / "good.ttl"
    good.write_text('<http://example.org/a> <http://example.org/p> "x" .\n', encoding="utf-8")
    loc = tmp_path / STORE_NAME
    load = StoreLoad(good, loc)
    assert load.proc.pid != os.getpid()
    assert load.finish(good) == loc
    assert open_store(good) is not None
    bad = tmp_path / "bad.ttl"
    bad.write_text("<http://example.org/a> <http://example.org/p> .\n", encoding="utf-8")
    load = StoreLoad(bad, tmp_path / "other")
    with pytest.raises(StoreError) as err:
        load.wait()
    assert "bad.ttl" in str(err.value) and "\n" not in str(err.value)
    assert not list(tmp_path.glob(".other.*"))


def _all_statements(store) -> list[str]:  # type: ignore[no-untyped-def]
    """Every statement as text (blank nodes, named anew by each load, as ``_:b``)."""
    return sorted(re.sub(r"_:\w+", "_:b", str(q))
                  for q in store.quads_for_pattern(None, None, None))


def _edited(text: str) -> str:
    """The Turtle ``text`` with one subject block dropped, one changed and one added."""
    blocks = text.split("\n\n")
    people = [i for i, b in enumerate(blocks) if b.startswith("<https://w3id.org/cnnews-kg/id/person/")]
    assert len(people) >= 2
    del blocks[people[0]]
    i = people[1] - 1
    blocks[i] = blocks[i].replace(" .", ' ;\n    <https://schema.org/description> "改过" .', 1)
    blocks.insert(-1, '<https://w3id.org/cnnews-kg/id/person/甲乙丙> '
                      '<https://schema.org/name> "甲乙丙" .')
    return "\n\n".join(blocks)


def test_an_update_starts_from_the_old_store_and_equals_a_bulk_load(
        tmp_path: Path, seed_build: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """kg build updating an archive checkpoints the old store and applies only the
    changed subject blocks: the store must hold exactly the new Turtle's triples."""
    import kg.graph.store as st

    old = tmp_path / "kg.ttl"
    old.write_bytes((seed_build / "kg.ttl").read_bytes())
    build_store(old)
    new = tmp_path / "new.ttl"
    new.write_text(_edited(old.read_text(encoding="utf-8")), encoding="utf-8")

    def no_bulk_load(turtle: Path, folder: Path) -> None:
        raise AssertionError("bulk-loaded although the old store could be updated")

    monkeypatch.setattr(st, "_load", no_bulk_load)
    build_store(new, tmp_path / STORE_NAME, base=old)
    monkeypatch.undo()
    store = open_store(new)
    assert store is not None
    assert _all_statements(store) == _all_statements(st.load_turtle_store(new))
    assert 'person/甲乙丙' in "".join(_all_statements(store))
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith(".")]


@pytest.mark.parametrize("case", ["turtle edited since", "too many changes", "blank node"])
def test_an_update_that_cannot_be_exact_is_a_bulk_load(
        tmp_path: Path, seed_build: Path, monkeypatch: pytest.MonkeyPatch, case: str) -> None:
    import kg.graph.store as st

    old = tmp_path / "kg.ttl"
    text = (seed_build / "kg.ttl").read_text(encoding="utf-8")
    old.write_text(text, encoding="utf-8")
    build_store(old)
    new = tmp_path / "new.ttl"
    if case == "turtle edited since":  # the old store no longer matches the old Turtle
        new.write_text(_edited(text), encoding="utf-8")
        with old.open("a", encoding="utf-8") as fh:
            fh.write("\n")
    elif case == "too many changes":
        header, body = text.split("\n\n", 1)  # every subject block gets a statement
        body = body.replace(" .\n\n", ' ;\n    <http://example.org/p> "x" .\n\n')
        new.write_text(header + "\n\n" + body, encoding="utf-8")
    else:
        new.write_text(_edited(text) + '_:b <http://example.org/p> "x" .\n\n',
                       encoding="utf-8")
    loads: list[Path] = []
    real = st._load
    monkeypatch.setattr(st, "_load", lambda turtle, folder: (loads.append(turtle),
                                                             real(turtle, folder)))
    build_store(new, tmp_path / STORE_NAME, base=old)
    assert loads == [new]
    store = open_store(new)
    assert store is not None
    assert _all_statements(store) == _all_statements(st.load_turtle_store(new))


def test_the_child_loader_updates_from_a_base(tmp_path: Path, seed_build: Path) -> None:
    from kg.graph.store import StoreLoad, load_turtle_store
    old = tmp_path / "kg.ttl"
    old.write_bytes((seed_build / "kg.ttl").read_bytes())
    build_store(old)
    new = tmp_path / "new.ttl"
    new.write_text(_edited(old.read_text(encoding="utf-8")), encoding="utf-8")
    StoreLoad(new, tmp_path / STORE_NAME, base=old).finish(new)
    store = open_store(new)
    assert store is not None
    assert _all_statements(store) == _all_statements(load_turtle_store(new))
