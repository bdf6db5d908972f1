"""Adding a day's pages to a built archive (issue 13, item 3): only the new pages are
extracted, and every output is byte-identical to a cold build of all the pages."""

from __future__ import annotations

from pathlib import Path

import pytest

import kg.cache as pages
import kg.pipeline as pipeline
from kg.cli import main

OUTPUTS = ("kg.ttl", "kg.graphml", "kg-people.graphml", "kg.gexf", "kg.html")

# Invented pages (names made up), one per day, as a daily archive would hold them.
DAYS = {
    "2021-03-12.txt": "石桥县召开春季农业生产工作会议\n\n■本报记者 欧阳明远\n\n"
                      "本报讯 3月11日，石桥县召开春季农业生产工作会议。县委书记韩立新出席会议并讲话，"
                      "县长宋知秋主持会议。会议要求，各乡镇要抓好春耕备耕。\n",
    "2021-03-13.txt": "韩立新到石桥县调研乡村振兴工作\n\n■本报记者 欧阳明远\n\n"
                      "本报讯 3月12日，县委书记韩立新到石桥县调研乡村振兴工作。"
                      "他强调，要把产业发展放在首位。副县长魏青山陪同调研。\n",
    "2021-03-14.txt": "石桥县与客商签约文旅项目\n\n■本报记者 柏文静\n\n"
                      "本报讯 3月13日，石桥县与客商签约文旅项目。县长宋知秋出席签约仪式并致辞，"
                      "副县长魏青山主持仪式。\n",
}
NEW_DAY = ("2021-03-15.txt", "石桥县召开安全生产工作会议\n\n■本报记者 柏文静\n\n"
           "本报讯 3月14日，石桥县召开安全生产工作会议。县长宋知秋出席会议并讲话，"
           "副县长魏青山主持会议。会议强调，要压实安全责任。\n")


def write_archive(tmp_path: Path) -> Path:
    """The folder of DAYS' pages."""
    archive = tmp_path / "archive"
    archive.mkdir()
    for name, text in DAYS.items():
        (archive / name).write_text(text, encoding="utf-8")
    return archive


def build(pages: Path, out: Path, *extra: str) -> None:
    assert main(["build", str(pages), "--out", str(out), "-q", "-j", "1", *extra]) == 0


def test_adding_a_day_extracts_only_it_and_equals_a_cold_build(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    archive = write_archive(tmp_path)
    out = tmp_path / "out"
    build(archive, out)

    extracted: list[str] = []
    real = pages.process_page

    def counting(page, **kw):
        extracted.append(page.source)
        return real(page, **kw)

    monkeypatch.setattr(pages, "process_page", counting)  # what _work calls
    (archive / NEW_DAY[0]).write_text(NEW_DAY[1], encoding="utf-8")
    build(archive, out)
    assert extracted == [NEW_DAY[0]]  # the archive's other days came from the cache

    cold = tmp_path / "cold"
    build(archive, cold, "--no-cache")
    for name in OUTPUTS:
        assert (out / name).read_bytes() == (cold / name).read_bytes(), name
    assert "魏青山" in (out / "kg.ttl").read_text("utf-8")
    # and the store answers for the new day
    from kg.graph.query import run_query
    rows = run_query(out / "kg.ttl", 'SELECT ?d WHERE { ?a dcterms:source "2021-03-15.txt" ; '
                                     'schema:datePublished ?d }')[1]
    assert rows == [("2021-03-15",)]


def test_the_home_city_guess_is_kept_in_the_cache(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The guess reads 200 pages through the place finder on every build; an update
    now takes it from the cache unless the sample pages change, with the same outputs."""
    archive = write_archive(tmp_path)
    out = tmp_path / "out"
    build(archive, out)
    first = (out / "kg.ttl").read_bytes()
    assert list((out / ".cache" / "home").glob("*.json"))

    calls: list[int] = []
    real = pipeline.infer_home

    def counting(texts, *a, **kw):
        calls.append(len(texts))
        return real(texts, *a, **kw)

    monkeypatch.setattr(pipeline, "infer_home", counting)
    build(archive, out)
    assert calls == [] and (out / "kg.ttl").read_bytes() == first
    # a forged entry naming no known place is not believed
    import json
    for entry in (out / ".cache" / "home").glob("*.json"):
        key = json.loads(entry.read_text("utf-8"))["key"]
        entry.write_text(json.dumps({"key": key, "home": "no/such/place"}), encoding="utf-8")
    build(archive, out)
    assert calls == [len(DAYS)] and (out / "kg.ttl").read_bytes() == first
    (archive / NEW_DAY[0]).write_text(NEW_DAY[1], encoding="utf-8")
    build(archive, out)  # a new page in the sample: guessed again
    assert calls == [len(DAYS), len(DAYS) + 1]


def test_pages_missing_from_the_cache_are_asked_first_and_come_in_order() -> None:
    """A new day at the end of an archive is extracted while the cached pages stream,
    not when the build reaches it; results still come in input order, few in flight."""
    import threading
    from concurrent.futures import ThreadPoolExecutor

    from kg.pipeline import _in_order

    asked: list[int] = []
    lock = threading.Lock()
    in_flight = [0, 0]  # now, most

    def work(i: int):
        with lock:
            asked.append(i)
        return None, f"e{i}", ""

    class Counting(ThreadPoolExecutor):
        def submit(self, fn, *a, **kw):  # type: ignore[override]
            in_flight[0] += 1
            in_flight[1] = max(in_flight)
            return super().submit(fn, *a, **kw)

    with Counting(max_workers=1) as pool:
        out = []
        for _, err, _ in _in_order(pool, work, list(range(40)), 4, early=[37, 39]):
            in_flight[0] -= 1
            out.append(err)
    assert out == [f"e{i}" for i in range(40)]
    assert asked[:2] == [37, 39] and sorted(asked) == list(range(40))
    assert in_flight[1] <= 4 + 2 + 1  # the one being handed over counts until it is


def _gc_state(item, **_kw):  # stands for kg.cache._work in a worker
    import gc
    return None, f"{item.source}: gc {'on' if gc.isenabled() else 'off'}", ""


def test_workers_collect_garbage_though_the_build_paused_its_collector(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import kg.pipeline as pipeline
    from kg.export.project import gc_paused
    from kg.pipeline import BuildOptions, PageStream

    for i in range(3):
        (tmp_path / f"p{i}.txt").write_text("本报讯 会议召开。\n", encoding="utf-8")
    monkeypatch.setattr(pipeline, "_work", _gc_state)
    stream = PageStream([tmp_path], BuildOptions(jobs=2, home="430400"))
    with gc_paused():  # as assemble does: the pool forks inside
        assert list(stream) == []
    assert stream.errors and all(e.endswith("gc on") for e in stream.errors)


def test_a_callers_frozen_objects_stay_frozen(tmp_path: Path) -> None:
    import gc

    from kg.pipeline import BuildOptions, build

    (tmp_path / "p.txt").write_text("本报讯 3月12日，石桥县召开会议。\n", encoding="utf-8")
    gc.freeze()
    try:
        before = gc.get_freeze_count()
        build([tmp_path], tmp_path / "out", BuildOptions(jobs=1, validate=False))
        # still frozen (a few may have been freed meanwhile), and nothing of the build's
        assert 0 < gc.get_freeze_count() <= before
    finally:
        gc.unfreeze()
