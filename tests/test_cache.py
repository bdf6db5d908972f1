"""The page cache is data, checked before it is trusted (issue 9, item 3).

Each test failed on the pickle cache: a planted pickle ran code, an edited entry put
a forged name in the graph, a damaged entry crashed the build, a failed write stopped it.
"""

from __future__ import annotations

import hashlib
import re
import pickle
from pathlib import Path

import pytest

from kg.cli import main
from kg.pipeline import CACHE_MAGIC, PageCache

# An invented page (names made up): a headline, a byline, a dated lead.
PAGE = (
    "石桥县召开春季农业生产工作会议\n\n"
    "■本报记者 欧阳明远\n\n"
    "本报讯 3月12日，石桥县召开春季农业生产工作会议。县委书记韩立新出席会议并讲话，"
    "县长宋知秋主持会议。会议要求，各乡镇要抓好春耕备耕。\n"
)


def build(pages: Path, out: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(["build", str(pages), "--out", str(out), "-q", "-j", "1",
                 "--date", "2021-03-13"])
    return code, capsys.readouterr().err


@pytest.fixture
def cached(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[Path, Path, Path, bytes]:
    """A built folder with a filled cache: (pages, out, the cache entry, kg.ttl bytes)."""
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "p.txt").write_text(PAGE, encoding="utf-8")
    out = tmp_path / "out"
    code, err = build(pages, out, capsys)
    assert code == 0, err
    entries = [e for e in (out / ".cache").rglob("*.json") if e.parent.name != "home"]
    assert len(entries) == 1
    # The assembly checkpoint would spare the next build reading the entry at all
    # (tests/test_checkpoint.py); these tests are about reading entries.
    (out / ".cache" / "assembly.ckpt").unlink()
    return pages, out, entries[0], (out / "kg.ttl").read_bytes()


def test_entries_are_json_not_pickle(cached) -> None:
    _, _, entry, _ = cached
    head, _, payload = entry.read_bytes().partition(b"\n")
    assert head.startswith(CACHE_MAGIC)
    assert b'"headline":' in payload and "韩立新".encode() in payload


def test_a_planted_pickle_never_runs(cached, tmp_path: Path, capsys) -> None:
    pages, out, entry, ttl = cached
    marker = tmp_path / "pwned"

    class Exploit:
        def __reduce__(self):
            return (open, (str(marker), "w"))

    planted = pickle.dumps(Exploit())
    entry.write_bytes(planted)
    entry.with_suffix(".pickle").write_bytes(planted)  # where the old cache looked
    code, err = build(pages, out, capsys)
    assert not marker.exists()
    assert code == 0 and "damaged" in err and "re-extracted" in err
    assert (out / "kg.ttl").read_bytes() == ttl


def test_an_edited_entry_cannot_forge_a_name(cached, capsys) -> None:
    pages, out, entry, ttl = cached
    head, _, payload = entry.read_bytes().partition(b"\n")
    forged = payload.replace("韩立新".encode(), "钱伪造".encode())
    assert forged != payload
    # the forger even fixes the checksum: the names must still be in the page
    entry.write_bytes(CACHE_MAGIC + hashlib.sha256(forged).hexdigest().encode()
                      + b"\n" + forged)
    code, err = build(pages, out, capsys)
    assert code == 0 and "not in the page" in err
    assert "钱伪造" not in (out / "kg.ttl").read_text("utf-8")
    assert (out / "kg.ttl").read_bytes() == ttl


@pytest.mark.parametrize("damage", ["truncate", "garbage", "wrong-type", "empty"])
def test_a_damaged_entry_is_recomputed_with_a_warning(cached, capsys, damage: str) -> None:
    pages, out, entry, ttl = cached
    data = entry.read_bytes()
    head, _, payload = data.partition(b"\n")
    if damage == "truncate":
        entry.write_bytes(data[: len(data) // 2])
    elif damage == "garbage":
        entry.write_bytes(b"\x00\xff" * 100)
    elif damage == "empty":
        entry.write_bytes(b"")
    else:  # valid JSON with the right checksum, but not the model's types
        bad = re.sub(rb'"index":\d+', b'"index":"zero"', payload)
        assert bad != payload
        entry.write_bytes(CACHE_MAGIC + hashlib.sha256(bad).hexdigest().encode() + b"\n" + bad)
    code, err = build(pages, out, capsys)
    assert code == 0, err
    assert "page re-extracted" in err
    assert (out / "kg.ttl").read_bytes() == ttl
    code, err = build(pages, out, capsys)  # the entry was rewritten: a clean hit now
    assert code == 0 and "cache" not in err


def test_a_failed_cache_write_never_stops_the_build(tmp_path: Path, capsys) -> None:
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "p.txt").write_text(PAGE, encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    (out / ".cache").write_text("not a folder")  # every write into it fails
    code, err = build(pages, out, capsys)
    assert code == 0, err
    assert "cannot write cache entry" in err
    assert "韩立新" in (out / "kg.ttl").read_text("utf-8")


def test_an_entry_filed_under_another_key_is_not_used(tmp_path: Path) -> None:
    from kg.reading.files import read_page
    from kg.pages import process_page, slim

    f = tmp_path / "p.txt"
    f.write_text(PAGE, encoding="utf-8")
    cache = PageCache(tmp_path / "cache")
    page = read_page(f)
    key = cache.key(page, None, None)
    cache.put(key, slim(process_page(read_page(f))))
    assert cache.get(key, read_page(f)) is not None
    other = "0" * 64
    cache.path(other).parent.mkdir(parents=True, exist_ok=True)
    cache.path(other).write_bytes(cache.path(key).read_bytes())
    assert cache.get(other, read_page(f)) is None
    assert "wrong key" in cache.warnings[-1]


def test_fresh_extractions_pass_the_check(tmp_path: Path) -> None:
    """A page's own extraction is never rejected (canonical place and organisation
    names may differ from the text: 党中央 -> 中共中央)."""
    from kg.pipeline import grounded, process_page
    from kg.reading.files import read_page

    f = tmp_path / "p.txt"
    f.write_text(PAGE + "本报讯 3月12日，县委书记韩立新传达党中央精神，在塔山乡调研。\n",
                 encoding="utf-8")
    page = read_page(f)
    text = page.text
    assert grounded(process_page(page), text)



def test_a_name_across_inline_markup_passes_the_check(tmp_path: Path) -> None:
    """A markdown page whose name runs across an inline tag (as web transcripts have
    them) was re-extracted on every build: the check read the raw text."""
    from kg.pipeline import grounded, process_page
    from kg.reading.files import read_page

    f = tmp_path / "p.md"
    f.write_text("## 石桥县召开会议\n\n<p>本报讯 3月12日，县委书记韩<span style=\"x\">立</span>新"
                 "出席石桥县会议并讲话。</p>\n", encoding="utf-8")
    page = read_page(f)
    text = page.text
    done = process_page(page)
    assert "韩立新" in {m.name for a in done.articles for m in a.mentions}
    assert grounded(done, text)
    forged = tmp_path / "q.md"  # still: a name in neither form of the text is refused
    forged.write_text(text.replace("韩", "钱"), encoding="utf-8")
    assert not grounded(done, read_page(forged).text)


# --- what the cache key's code fingerprint covers ------------------------------------

def _package_copy(tmp_path: Path) -> Path:
    import shutil

    import kg
    root = tmp_path / "kg"
    shutil.copytree(Path(kg.__file__).resolve().parent, root,
                    ignore=shutil.ignore_patterns("__pycache__"))
    return root


def test_an_export_change_keeps_cached_pages_and_an_extraction_change_does_not(
        tmp_path: Path) -> None:
    """Editing an exporter or the graph code must not throw away every cached page (it
    did: the fingerprint hashed the whole package); editing extraction code, a lexicon
    or the tagger's model must."""
    from kg.cache import fingerprint_of
    root = _package_copy(tmp_path)
    before = fingerprint_of(root)
    for f in ("export/graphml.py", "graph/build.py", "pipeline.py", "cli.py"):
        with (root / f).open("a", encoding="utf-8") as fh:
            fh.write("\n# an edit that cannot change what a page extracts to\n")
    assert fingerprint_of(root) == before
    for f in ("extracting/events.py", "data/posts.txt", "extracting/ner/crf.model",
              "pages.py", "segmenting/articles.py", "model.py"):
        saved = (root / f).read_bytes()
        (root / f).write_bytes(saved + b"\n")
        assert fingerprint_of(root) != before, f
        (root / f).write_bytes(saved)
    assert fingerprint_of(root) == before
    (root / "data" / "new_lexicon.txt").write_text("词\n", encoding="utf-8")
    assert fingerprint_of(root) != before  # a new data file counts too


def _kg_imports(path: Path, package: Path) -> set[Path]:
    """The package's own modules that ``path`` imports (anywhere in it), as files."""
    import ast
    found: set[Path] = set()
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: from the module's own package
                base = path.parent
                for _ in range(node.level - 1):
                    base = base.parent
                mod = ".".join(base.relative_to(package.parent).parts)
                mod = f"{mod}.{node.module}" if node.module else mod
            else:
                mod = node.module or ""
            names = [mod] + [f"{mod}.{a.name}" for a in node.names]
        for name in names:
            if name != "kg" and not name.startswith("kg."):
                continue
            rel = Path(*name.split(".")[1:])
            for cand in (package / rel.with_suffix(".py"), package / rel / "__init__.py"):
                if cand.is_file():
                    found.add(cand)
    return found


def test_every_module_a_page_depends_on_is_in_the_fingerprint() -> None:
    """Follow kg.pages' imports (also those inside functions): a module extraction uses
    but the fingerprint misses would let a stale cached page through after an edit."""
    import kg
    from kg.cache import fingerprint_files
    package = Path(kg.__file__).resolve().parent
    covered = set(fingerprint_files(package))
    todo, seen = [package / "pages.py"], set()
    while todo:
        f = todo.pop()
        if f in seen:
            continue
        seen.add(f)
        todo.extend(_kg_imports(f, package))
    seen.discard(package / "__init__.py")  # the package's own __init__: a version string
    missing = sorted(str(f.relative_to(package)) for f in seen - covered)
    assert not missing, missing
    assert len(seen) > 20  # the walk did follow the imports


def test_with_two_jobs_cached_pages_are_checked_by_workers_and_a_bad_entry_reported_once(
        tmp_path: Path, capsys) -> None:
    """With a pool, the workers check cached pages and send their JSON, decoded by the
    main process: same outputs as one job, and a damaged entry is reported once."""
    pages = tmp_path / "pages"
    pages.mkdir()
    for i, county in enumerate(("石桥县", "柳河县", "青石县")):
        (pages / f"p{i}.txt").write_text(PAGE.replace("石桥县", county), encoding="utf-8")

    def run(out: Path, jobs: str) -> str:
        code = main(["build", str(pages), "--out", str(out), "-q", "-j", jobs,
                     "--date", "2021-03-13"])
        err = capsys.readouterr().err
        assert code == 0, err
        return err

    run(tmp_path / "one", "1")
    out = tmp_path / "two"
    run(out, "2")
    entry = sorted(e for e in (out / ".cache").rglob("*.json") if e.parent.name != "home")[1]
    entry.write_bytes(b"\x00\xff" * 100)
    (out / ".cache" / "assembly.ckpt").unlink()  # or no entry is read (test_checkpoint.py)
    err = run(out, "2")
    assert err.count("page re-extracted") == 1 and "damaged" in err
    for name in ("kg.ttl", "kg.graphml", "kg.html"):
        assert (out / name).read_bytes() == (tmp_path / "one" / name).read_bytes(), name
    assert "cache" not in run(out, "2")  # rewritten: clean hits now


def test_a_page_sent_as_json_decodes_to_the_page_the_cache_gives(tmp_path: Path) -> None:
    from kg.cache import PageCache, PageJSON, _work, decode_page, for_merge
    from kg.reading.files import PageFile

    f = tmp_path / "p.txt"  # names said twice: a build's page mentions each once
    f.write_text(PAGE + "韩立新强调，宋知秋要抓好落实。\n", encoding="utf-8")
    item = PageFile(path=f, source="p.txt")
    first, _, _ = _work(item, None, None, str(tmp_path / "c"), as_json=True)  # a miss
    hit, err, _ = _work(item, None, None, str(tmp_path / "c"), as_json=True)
    assert err is None and isinstance(hit, PageJSON) and isinstance(first, PageJSON)
    again, _, _ = _work(item, None, None, str(tmp_path / "c"))
    assert decode_page(hit) == again == decode_page(first)
    assert PageCache(tmp_path / "c").warnings == []
    full = [(m.type, m.name, m.key, m.level) for a in again.articles for m in a.mentions]
    slim, _, _ = _work(item, None, None, str(tmp_path / "c"), merge_only=True)
    assert slim == for_merge(again)  # (in place)
    assert all(a.text == "" for a in slim.articles)
    kept = [(m.type, m.name, m.key, m.level) for a in slim.articles for m in a.mentions]
    assert len(kept) < len(full) and set(kept) == set(full)


def test_the_check_reads_the_pages_own_record_of_the_register(tmp_path: Path,
                                                              monkeypatch) -> None:
    """Checking a cached page must not load the register (seconds per worker, at the
    start of every update): the page's view says what the register answered."""
    import kg.cache as cache_mod
    from kg.pages import process_page
    from kg.reading.files import read_page

    f = tmp_path / "p.txt"
    f.write_text(PAGE + "本报讯 韩立新在北京出席会议。\n", encoding="utf-8")
    page = read_page(f)
    text = page.text
    done = process_page(page)
    places = [m for a in done.articles for m in a.mentions if m.type == "place"
              and "".join(m.name.split()) not in "".join(text.split())]
    assert places, "a canonical place name that differs from the text (北京 -> 北京市)"

    def refuse():
        raise AssertionError("the register was loaded")

    monkeypatch.setattr(cache_mod, "get_gazetteer", refuse)
    assert cache_mod.grounded(done, text)
    assert done.register is not None
    del done.register.places[places[0].key]  # the record no longer vouches for it
    assert not cache_mod.grounded(done, text)
