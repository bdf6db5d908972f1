"""The README's example queries, run on the graph built from the seed pages.

These check answers a user would check by reading the pages themselves.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.graph.query import run_query

QUERIES = Path(__file__).resolve().parent.parent / "queries"


@pytest.fixture(scope="module")
def ttl(seed_build) -> Path:
    return seed_build / "kg.ttl"


def q(ttl: Path, query_file: str, **params: str) -> list[dict[str, str]]:
    columns, rows = run_query(ttl, (QUERIES / query_file).read_text("utf-8"), params=params)
    return [dict(zip(columns, r)) for r in rows]


def test_itinerary_of_an_official(ttl):
    rows = q(ttl, "itinerary.rq", name="邓群策")
    dates = {r["date"] for r in rows}
    # the 4月8日 tour of 常宁市 (page of 2020-04-09) and the 11月11日 meeting
    assert {"2020-04-08", "2020-11-11"} <= dates
    places = {r["place"] for r in rows if r["date"] == "2020-04-08"}
    assert {"常宁市", "东江村"} & places
    assert all(r["name"] == "邓群策" for r in rows)


def test_who_attended_meetings_together(ttl):
    rows = q(ttl, "co_attendance.rq")
    pairs = {(r["person1"], r["person2"]): int(r["events"]) for r in rows}
    # 廖健 reported at the 11月11日 调度会 and chaired the 7月1日 one, both with 邓群策
    assert pairs.get(("廖健", "邓群策"), 0) >= 2
    # most shared first
    counts = [int(r["events"]) for r in rows]
    assert counts == sorted(counts, reverse=True)


def test_posts_over_time(ttl):
    rows = q(ttl, "posts_over_time.rq")
    held = {(r["person"], r["post"]): (r["first"], r["last"]) for r in rows}
    # 朱健: 代理市长 in spring 2020, 市长 by the summer
    assert held[("朱健", "代理市长")][1] < held[("朱健", "市长")][1]
    assert held[("朱健", "市长")][1].startswith("2020-11")


def test_meetings_the_mayor_chaired_in_2020(ttl):
    rows = q(ttl, "chaired_by_post.rq", post="市长", year="2020")
    assert rows and {r["person"] for r in rows} == {"朱健"}
    assert all(r["date"].startswith("2020") for r in rows)
    assert any(r["heldAs"] == "代理市长" for r in rows)


def test_events_by_kind(ttl):
    rows = q(ttl, "events_by_kind.rq")
    kinds = {r["kind"]: r for r in rows}
    assert int(kinds["Meeting"]["happened"]) >= 5
    # the 停水 notice and the APP launch are announcements, not reports
    assert sum(int(r["planned"]) for r in rows) >= 1
