"""kg.graph.query and queries/*.rq on the hand-built corpus (invented names)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from rdflib import Graph

sys.path.insert(0, str(Path(__file__).parent))
from graph_fixture import make_corpus  # noqa: E402

from kg.export.turtle import write_turtle  # noqa: E402
from kg.graph.build import build_graph  # noqa: E402
from kg.graph.query import QUERIES_DIR, format_table, run_query, shipped_query, text_width  # noqa: E402


@pytest.fixture(scope="module")
def g() -> Graph:
    return build_graph(make_corpus())


def as_dicts(columns: list[str], rows: list[tuple[str, ...]]) -> list[dict[str, str]]:
    return [dict(zip(columns, r)) for r in rows]


def test_itinerary_for_one_person_uses_participation_places(g: Graph) -> None:
    rows = as_dicts(*run_query(g, shipped_query("itinerary"), params={"name": "赵大山"}))
    assert [(r["date"], r["kind"], r["role"], r["place"], r["source"]) for r in rows] == [
        ("2021-05-05", "Inspection", "visited", "桃园村", "p1.txt")]


def test_itinerary_for_a_leader_lists_every_stated_place_and_spans(g: Graph) -> None:
    rows = as_dicts(*run_query(g, shipped_query("itinerary.rq"), params={"name": "王明远"}))
    insp = {r["place"] for r in rows if r["kind"] == "Inspection"}
    assert insp == {"石门区", "白沙镇", "桃园村"}  # not the implied city
    meeting = [r for r in rows if r["event"] == "全市经济工作会议"]
    assert len(meeting) == 1
    assert (meeting[0]["date"], meeting[0]["until"], meeting[0]["role"]) == (
        "2021-05-07", "2021-05-08", "speaker")
    assert [r["date"] for r in rows] == sorted(r["date"] for r in rows)


def test_itinerary_unbound_lists_everyone(g: Graph) -> None:
    cols, rows = run_query(g, shipped_query("itinerary"))
    assert {r[cols.index("name")] for r in rows} == {"王明远", "李晓红", "赵大山", "孙一鸣"}


def test_co_attendance_counts_pairs_once(g: Graph) -> None:
    cols, rows = run_query(g, shipped_query("co_attendance"))
    assert cols == ["person1", "person2", "events"]
    assert rows[0] == ("李晓红", "王明远", "2")
    pairs = {(a, b): int(n) for a, b, n in rows}
    assert pairs[("王明远", "赵大山")] == 1
    assert ("赵大山", "王明远") not in pairs
    assert ("孙一鸣", "赵大山") not in pairs  # never at the same event


def test_posts_over_time(g: Graph) -> None:
    cols, rows = run_query(g, shipped_query("posts_over_time"))
    assert rows == [("李晓红", "市长", "2021-05-09", "2021-05-09", "1"),
                    ("王明远", "市委书记", "2021-05-06", "2021-05-09", "2")]


def test_events_by_kind(g: Graph) -> None:
    cols, rows = run_query(g, shipped_query("events_by_kind"))
    assert cols == ["kind", "events", "happened", "planned"]
    assert rows == [("Meeting", "2", "2", "0"), ("Activity", "1", "1", "0"),
                    ("Inspection", "1", "1", "0"), ("Signing", "1", "0", "1")]


def test_run_query_on_a_turtle_file_with_project_prefixes(tmp_path: Path, g: Graph) -> None:
    path = write_turtle(g, tmp_path / "kg.ttl")
    cols, rows = run_query(path, "SELECT ?h WHERE { ?a a schema:NewsArticle ; "
                                 "schema:headline ?h } ORDER BY ?h")
    assert rows == [("全市经济工作会议召开",), ("王明远在石门区调研",)]
    assert run_query(path, "ASK { ?e a kg:Signing }") == (["ask"], [("true",)])


def test_iri_cells_are_prefixed(g: Graph) -> None:
    _, rows = run_query(g, "SELECT ?c WHERE { ?e kg:trigger '座谈会' ; a ?c }")
    assert rows == [("kg:Meeting",)]


def test_every_shipped_query_runs(g: Graph) -> None:
    names = sorted(p.name for p in QUERIES_DIR.glob("*.rq"))
    assert {"itinerary.rq", "co_attendance.rq", "posts_over_time.rq",
            "events_by_kind.rq"} <= set(names)
    params = {"chaired_by_post.rq": {"post": "市长", "year": "2021"}}
    for name in names:
        cols, rows = run_query(g, shipped_query(name), params=params.get(name))
        assert cols and rows, name


def test_format_table_aligns_chinese() -> None:
    table = format_table(["名字", "n"], [("王明远", "12"), ("ab", "3")])
    lines = table.splitlines()
    assert lines[0] == "名字    n"
    assert lines[1] == "------  --"
    assert lines[2] == "王明远  12"
    assert lines[3] == "ab      3"
    assert lines[-1] == "(2 rows)"
    assert text_width("王a") == 3
    assert format_table(["x"], []).splitlines()[-1] == "(0 rows)"


# --- issue 9, item 9: clear errors from kg query (each failed on the old code) ---------

from kg.cli import main  # noqa: E402
from kg.graph.query import QueryError, check_query  # noqa: E402


@pytest.fixture(scope="module")
def ttl(tmp_path_factory: pytest.TempPathFactory, g: Graph) -> Path:
    return write_turtle(g, tmp_path_factory.mktemp("q") / "kg.ttl")


def kg_query(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["query", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_missing_query_file_is_an_error_not_a_query(capsys, ttl: Path) -> None:
    code, out, err = kg_query(capsys, "queries/no_such_query.rq", "--kg", str(ttl))
    assert code == 1 and out == ""
    assert err.strip() == "error: queries/no_such_query.rq: no such query file"


def test_syntax_error_positions_are_in_the_users_text(capsys, ttl: Path) -> None:
    text = "SELECT ?n WHERE {\n  ?p a kg:Person ;\n     schema:name ?n .\n  FILTER( }"
    code, _, err = kg_query(capsys, text, "--kg", str(ttl))
    assert code == 1
    assert "at line 4, column " in err  # not shifted by the project's prefixes
    assert "  FILTER( }" in err and "Traceback" not in err


@pytest.mark.parametrize("text, what", [
    ("DELETE WHERE { ?s ?p ?o }", "update (DELETE)"),
    ("PREFIX x: <http://x/>\nINSERT DATA { x:a x:b x:c }", "update (INSERT)"),
    ("CONSTRUCT WHERE { ?s ?p ?o }", "CONSTRUCT query"),
    ("# SELECT in a comment\nDESCRIBE ?s WHERE { ?s ?p ?o }", "DESCRIBE query"),
])
def test_updates_and_graph_queries_are_refused(capsys, ttl: Path, text: str, what: str) -> None:
    code, out, err = kg_query(capsys, text, "--kg", str(ttl))
    assert code == 1 and out == ""
    assert what in err and "SELECT and ASK" in err


def test_a_param_the_query_does_not_use_is_an_error(capsys, ttl: Path) -> None:
    code, out, err = kg_query(capsys, str(QUERIES_DIR / "itinerary.rq"), "--kg", str(ttl),
                              "--param", "nmae=王明远")
    assert code == 1 and out == ""
    assert "--param nmae" in err and "?nmae" in err
    # a name only in a comment or a string is not a variable of the query
    with pytest.raises(QueryError):
        check_query('SELECT ?a WHERE { ?a ?b "?x" } # ?x', {"x": "1"})


def test_param_bound_inside_nested_filters(ttl: Path) -> None:
    # ?post and ?year are not projected: they are bound inside UNION branches' filters
    cols, rows = run_query(ttl, shipped_query("chaired_by_post"),
                           params={"post": "市长", "year": "2021"})
    g_cols, g_rows = run_query(load_graph_rdflib(ttl), shipped_query("chaired_by_post"),
                               params={"post": "市长", "year": "2021"})
    assert rows and (cols, sorted(rows)) == (g_cols, sorted(g_rows))
    assert run_query(ttl, shipped_query("chaired_by_post"),
                     params={"post": "市长", "year": "1999"})[1] == []


def load_graph_rdflib(path: Path) -> Graph:
    from kg.graph.query import load_graph
    return load_graph(path)


def test_kg_that_is_not_turtle_is_named(capsys, tmp_path: Path) -> None:
    bad = tmp_path / "notes.ttl"
    bad.write_text("this is not turtle at all\n", encoding="utf-8")
    code, out, err = kg_query(capsys, "ASK { ?s ?p ?o }", "--kg", str(bad))
    assert code == 1 and out == ""
    assert err.startswith(f"error: {bad}: not valid Turtle") and "Traceback" not in err


def test_service_is_refused_unless_allowed(capsys, ttl: Path) -> None:
    text = "SELECT ?s WHERE { SERVICE <http://192.0.2.1/sparql> { ?s ?p ?o } }"
    code, out, err = kg_query(capsys, text, "--kg", str(ttl))
    assert code == 1 and out == "" and "SERVICE" in err and "--allow-service" in err
    assert check_query(text, allow_service=True) == "SELECT"
    # the word inside a string or an IRI is not the clause
    assert check_query('SELECT ?s WHERE { ?s ?p "SERVICE" }') == "SELECT"


def test_group_concat_distinct_over_optional_runs_on_the_store(ttl: Path) -> None:
    # rdflib's engine raised NotBoundError on this shape (issue 13)
    text = """SELECT ?name (GROUP_CONCAT(DISTINCT ?post; separator="、") AS ?posts) WHERE {
      ?p a kg:Person ; schema:name ?name .
      OPTIONAL { ?p kg:holdsPost/org:role/rdfs:label ?post }
    } GROUP BY ?name ORDER BY ?name"""
    cols, rows = run_query(ttl, text)
    assert dict(rows)["王明远"] == "市委书记" and dict(rows)["赵大山"] == ""
