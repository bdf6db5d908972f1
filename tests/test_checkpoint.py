"""The assembly checkpoint (issue 13, item 3): an update starts where the last build
stopped, streams only the pages after it, and its outputs are the cold build's bytes;
whenever the checkpoint cannot be exact it is not used."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import kg.checkpoint as ckpt
import kg.pipeline as pipeline
from kg.graph.build import GraphAssembler, TripleStore
from kg.model import Corpus
from tests.test_incremental import DAYS, NEW_DAY, OUTPUTS, build, write_archive

JOBS = ["1", "2"] if hasattr(os, "fork") else ["1"]


@pytest.fixture
def restores(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many pages each build's restored checkpoint held (one entry per restore)."""
    seen: list[int] = []
    real = ckpt.Checkpoint.restore

    def counting(self):  # type: ignore[no-untyped-def]
        seen.append(self.pages)
        return real(self)

    monkeypatch.setattr(ckpt.Checkpoint, "restore", counting)
    return seen


def _same_outputs(a: Path, b: Path) -> None:
    for name in OUTPUTS:
        assert (a / name).read_bytes() == (b / name).read_bytes(), name


@pytest.mark.parametrize("jobs", JOBS)
def test_an_update_starts_from_the_checkpoint_and_equals_a_cold_build(
        tmp_path: Path, restores: list[int], jobs: str) -> None:
    archive = write_archive(tmp_path)
    out = tmp_path / "out"
    build(archive, out, "-j", jobs)
    assert (out / ".cache" / ckpt.FILE_NAME).is_file() and restores == []
    (archive / NEW_DAY[0]).write_text(NEW_DAY[1], encoding="utf-8")
    build(archive, out, "-j", jobs)
    assert restores == [len(DAYS)]  # the old days came from the checkpoint
    cold = tmp_path / "cold"
    build(archive, cold, "--no-cache")
    _same_outputs(out, cold)
    # The update's own checkpoint holds every day now: a rebuild reads no page.
    build(archive, out, "-j", jobs)
    assert restores == [len(DAYS), len(DAYS) + 1]
    _same_outputs(out, cold)


@pytest.mark.parametrize("change", ["first page edited", "page inserted before the end",
                                    "page removed", "another version of the code",
                                    "another home city", "damaged"])
def test_a_checkpoint_that_does_not_hold_the_first_pages_is_not_used(
        tmp_path: Path, restores: list[int], monkeypatch: pytest.MonkeyPatch,
        change: str) -> None:
    archive = write_archive(tmp_path)
    out = tmp_path / "out"
    build(archive, out)
    first = sorted(DAYS)[0]
    extra: tuple[str, ...] = ()
    if change == "first page edited":
        (archive / first).write_text(DAYS[first] + "县委副书记柳春生参加会议。\n", encoding="utf-8")
    elif change == "page inserted before the end":
        (archive / "2021-03-12b.txt").write_text(NEW_DAY[1], encoding="utf-8")
    elif change == "page removed":
        (archive / first).unlink()
    elif change == "another version of the code":
        monkeypatch.setattr(ckpt, "code_stamp", lambda: "0" * 16)
    elif change == "another home city":
        extra = ("--home", "110000")
    else:
        f = out / ".cache" / ckpt.FILE_NAME
        data = bytearray(f.read_bytes())
        data[-10] ^= 0xFF
        f.write_bytes(bytes(data))
    build(archive, out, *extra)
    assert restores == []
    cold = tmp_path / "cold"
    build(archive, cold, "--no-cache", *extra)
    _same_outputs(out, cold)


def test_no_checkpoint_without_a_cache_or_after_a_failed_page(tmp_path: Path) -> None:
    archive = write_archive(tmp_path)
    build(archive, tmp_path / "a", "--no-cache")
    assert not (tmp_path / "a" / ".cache" / ckpt.FILE_NAME).exists()
    (archive / "2021-03-16.txt").write_bytes(b"\xff\xfe\x00\xd8 broken")  # cannot be read
    assert pipeline.build([archive], tmp_path / "b", pipeline.BuildOptions(
        cache_dir=tmp_path / "b" / ".cache")).corpus.errors
    assert not (tmp_path / "b" / ".cache" / ckpt.FILE_NAME).exists()


def test_the_assembler_state_round_trips(tmp_path: Path) -> None:
    """state() then from_state() gives the same graph and the same builder memory, and
    both go on to the same finished graph."""
    archive = write_archive(tmp_path)
    opts = pipeline.BuildOptions(cache_dir=None)
    pages = list(pipeline.PageStream([archive], opts, merge_only=True))
    tables = Corpus()
    asm = GraphAssembler(tables)
    for page in pages[:-1]:
        pipeline.resolve_page(tables, page, None, keep_posts=False)
        asm.add_page(page)
    state = asm.state()
    assert state is not None
    import msgspec
    tables2 = msgspec.msgpack.decode(msgspec.msgpack.encode(tables), type=Corpus)
    again = GraphAssembler.from_state(tables2, msgspec.msgpack.decode(
        msgspec.msgpack.encode(state), type=type(state)))
    assert set(again.graph) == set(asm.graph)
    assert isinstance(again.graph.store, TripleStore)
    for t, a in ((tables, asm), (tables2, again)):
        pipeline.resolve_page(t, pages[-1], None, keep_posts=False)
        a.add_page(pages[-1])
    assert set(again.finish()) == set(asm.finish())


def test_a_date_side_file_added_later_counts_as_a_change(tmp_path: Path) -> None:
    """A side file giving the date the file name gives changes only how the date was
    found; the cache key (and so the checkpoint) must see it (found in review)."""
    archive = write_archive(tmp_path)
    out = tmp_path / "out"
    build(archive, out)
    first = sorted(DAYS)[0]
    (archive / (first + ".date")).write_text(first[:10] + "\n", encoding="utf-8")
    build(archive, out)
    cold = tmp_path / "cold"
    build(archive, cold, "--no-cache")
    assert '"side file"' in (cold / "kg.ttl").read_text("utf-8")
    _same_outputs(out, cold)
