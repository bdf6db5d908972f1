"""The page cache, and what the worker processes run: read a file, find its page in
the cache or process it (:func:`kg.pages.process_page`), send it to the build.

An entry holds a processed page as typed JSON under a key made of the page's text, the
options it was processed with and the extraction fingerprint (:func:`fingerprint_of`:
the code and data :mod:`kg.pages` depends on; this module is not part of it, so
changing how pages travel keeps every cached extraction). What an entry holds is
:class:`_CacheEntry` of a slimmed page: change that and bump :data:`CACHE_MAGIC`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import os
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import msgspec

from kg.extracting.gazetteer import get_gazetteer, register_path
from kg.model import Page
from kg.pages import process_page, slim
from kg.reading.files import InputError, PageFile, date_override_for, read_page
from kg.reading.markdown import clean_lines
from kg.terminal import shown

log = logging.getLogger(__name__)

# --- the page cache ---------------------------------------------------------

#: What a processed page depends on, relative to the package: every file under these
#: folders (code, lexicons, the tagger's model, whatever the suffix) and these modules.
#: The graph, export, query and command-line code are left out on purpose.
EXTRACTION_PARTS = ("pages.py", "model.py", "doc.py", "postag.py", "lexicon.py", "terminal.py",
                    "reading", "segmenting", "extracting", "data")


def fingerprint_files(root: Path) -> list[Path]:
    """The files :func:`_fingerprint` hashes under the package folder ``root``, sorted."""
    files: list[Path] = []
    for part in EXTRACTION_PARTS:
        p = root / part
        if p.is_file():
            files.append(p)
        elif p.is_dir():
            files.extend(f for f in p.rglob("*")
                         if f.is_file() and "__pycache__" not in f.parts
                         and f.suffix not in {".pyc", ".pyo"})
    return sorted(files)


def fingerprint_of(root: Path) -> str:
    """A hash of the extraction code and data under ``root`` (names and bytes)."""
    h = hashlib.sha256()
    for f in fingerprint_files(root):
        h.update(f.relative_to(root).as_posix().encode() + b"\0")
        h.update(hashlib.sha256(f.read_bytes()).digest())
    return h.hexdigest()[:16]


@lru_cache(maxsize=1)
def _fingerprint() -> str:
    """The installed package's extraction fingerprint: a cached page is reused only by
    the same extraction code and data, and the same register of divisions (it comes
    with jionlp, outside the package: an upgrade may rename or renumber units)."""
    # (and Python's Unicode tables: names are split and IRIs escaped by category)
    h = hashlib.sha256(f"{fingerprint_of(Path(__file__).resolve().parent)}|"
                       f"{unicodedata.unidata_version}".encode())
    try:
        h.update(hashlib.sha256(register_path().read_bytes()).digest())
    except OSError:  # no register: extraction itself will say so
        pass
    return h.hexdigest()[:16]


#: First bytes of a cache entry: format name and version, then the payload's SHA-256.
CACHE_MAGIC = b"kg-page-cache 2 "


# How the cache's own troubles start, among a page's warnings (see is_cache_warning).
_ENTRY, _NO_WRITE = "cache entry", "cannot write cache entry"


def is_cache_warning(line: str) -> bool:
    """Whether a page's warning is about this run's cache (an entry re-extracted or not
    written), not about the page: a later build that reads the page back must not
    repeat it."""
    return line.startswith((_ENTRY + " ", _NO_WRITE + " "))


class CacheWarning(UserWarning):
    """A cache entry that could not be used (recomputed) or written (build goes on)."""


class PageCache:
    """Processed pages on disk, keyed by content hash, code fingerprint and options.

    Re-running on a corpus where a few pages changed re-extracts only those; a hit
    returns exactly what a fresh extraction would (the key covers everything that
    feeds it: the bytes, the code and data files, the home city and the date given).

    An entry is JSON typed by the :mod:`kg.model` dataclasses (msgspec), never pickle:
    reading one cannot run code. It is trusted only when its SHA-256 matches, it
    names the key it was asked for, it decodes to exactly the model's types, and every
    name it holds occurs in the page it claims to come from. Anything else is
    recomputed with a warning; a write that fails only loses the cached copy.
    """

    def __init__(self, folder: Path):
        self.folder = folder
        self.fingerprint = _fingerprint()
        self.warnings: list[str] = []  # what went wrong with the cache, one line each

    def key(self, page: Page, home: str | None, page_date: dt.date | None) -> str:
        h = hashlib.sha256(page.text.encode("utf-8"))
        # The method too: a side file giving the date the name gives changes only it
        # (kg:datePublishedMethod "side file" instead of "file name").
        side, method = date_override_for(Path(page.path))
        h.update(f"|{page.source}|{self.fingerprint}|{home}|{page_date}|{side}|{method}"
                 .encode())
        return h.hexdigest()

    def path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.json"

    def get(self, key: str, page: Page) -> Page | None:
        """The cached result for ``page`` (read, not yet processed) under ``key``, or
        None when there is none or it cannot be trusted (then a warning is recorded)."""
        f = self.path(key)
        try:
            data = f.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as exc:
            return self._reject(f, f"unreadable ({exc.strerror or exc})")
        head, _, payload = data.partition(b"\n")
        if not head.startswith(CACHE_MAGIC) \
                or head[len(CACHE_MAGIC):].decode("ascii", "replace") \
                != hashlib.sha256(payload).hexdigest():
            return self._reject(f, "damaged (checksum does not match)")
        try:
            entry = msgspec.json.decode(payload, type=_CacheEntry)
        except (msgspec.DecodeError, msgspec.ValidationError) as exc:
            return self._reject(f, f"not a page entry ({exc})")
        if entry.key != key:
            return self._reject(f, "filed under the wrong key")
        if entry.page.source != page.source or not grounded(entry.page, page.text):
            return self._reject(f, "holds names that are not in the page")
        entry.page.path = page.path
        return entry.page

    def _reject(self, f: Path, why: str) -> None:
        self.warnings.append(f"{_ENTRY} {f} {why}; page re-extracted")
        return None

    def put(self, key: str, page: Page) -> None:
        """Store ``page`` under ``key``; a failure (disk full, read-only) is recorded
        as a warning and never stops the build."""
        f = self.path(key)
        payload = msgspec.json.encode(_CacheEntry(key=key, page=page))
        data = CACHE_MAGIC + hashlib.sha256(payload).hexdigest().encode() + b"\n" + payload
        tmp = f.with_name(f".{f.name}.{os.getpid()}.tmp")
        try:
            f.parent.mkdir(parents=True, exist_ok=True)
            tmp.write_bytes(data)
            os.replace(tmp, f)
        except OSError as exc:
            self.warnings.append(f"{_NO_WRITE} {f} ({exc.strerror or exc}); "
                                 "build goes on without it")
            try:
                tmp.unlink()
            except OSError:
                pass


@dataclass
class _CacheEntry:
    key: str
    page: Page


@dataclass
class PageJSON:
    """A page as a worker sends it: its JSON, for the main process to decode
    (:func:`decode_page`). Sending these bytes costs an encode and a copy; sending the
    page costs a pickle in the worker and an unpickle here, more than the decode."""

    payload: bytes
    path: str


def decode_page(sent: PageJSON) -> Page:
    """The page a worker sent."""
    page = msgspec.json.decode(sent.payload, type=Page)
    page.path = sent.path
    return page


def for_merge(page: Page) -> Page:
    """What merging a page into the tables and the graph reads of it (a build's page):
    the articles' texts dropped, and their mentions one per (type, name, key, level),
    the first, in order (``kg.graph.build`` and ``kg.extracting.entities`` read no
    more: a target is mentioned once, a key described by its first mention, an
    unresolved place by the smallest name and level). A third of a cached page."""
    for a in page.articles:
        a.text = ""
        seen: set[tuple[str, str, str, str]] = set()
        kept = []
        for m in a.mentions:
            k = (m.type, m.name, m.key, m.level)
            if k not in seen:
                seen.add(k)
                kept.append(m)
        a.mentions = kept
    return page


def _sent(page: Page, as_json: bool, merge_only: bool) -> Page | PageJSON:
    if merge_only:
        page = for_merge(page)
    return PageJSON(msgspec.json.encode(page), page.path) if as_json else page


def _squash(text: str) -> str:
    return "".join(text.split())


def grounded(page: Page, text: str) -> bool:
    """Whether every name ``page`` holds occurs in ``text`` (the page it came from).

    Person names, reporters, posts, links, datelines and every mention's surface text
    must be in the page (spaces ignored); a place's canonical name may differ from the text
    (``塔山乡`` -> 塔山瑶族乡) when the register knows its key; an organisation's
    canonical name may differ too (``党中央`` -> 中共中央), its surface text may not.
    The register is asked through the page's own record of its answers
    (``page.register``, made with the same register: it is in the fingerprint), so
    checking a cached page does not load it.
    """
    flat = _squash(text)
    names: set[str] = set()
    places: list[tuple[str, str]] = []
    for a in page.articles:
        names.update(r.name for r in a.reporters)
        names.update(x for x in (a.url, a.dateline_place) if x)
        for m in a.mentions:
            names.add(m.text)
            if m.type == "place":
                places.append((m.name, m.key))
            elif m.type == "person":  # an organisation's canonical name may differ
                names.add(m.name)     # from the text (党中央 -> 中共中央)
        for h in a.posts:
            names.update((h.person, h.post))
        for ev in a.events:
            names.update(pt.person for pt in ev.participants)
    missing = [n for n in names if n and _squash(n) not in flat]
    if missing:
        # A name may run across inline markup (萨<span …>尔</span>瓦多): the segmenter
        # reads the page without it, so the check does too (only when needed: it is rare).
        clean = _squash("".join(ln.text for ln in clean_lines(text)))
        if not all(_squash(n) in clean for n in missing):
            return False
    known: object = page.register
    for name, key in places:
        if name and _squash(name) not in flat:
            if known is None:
                known = get_gazetteer()
            if key not in known:  # type: ignore[operator]
                return False
    return True


def _probe(item: PageFile, home: str | None, page_date: dt.date | None,
           cache_dir: str) -> tuple[str, bool]:
    """The file's cache key and whether the cache has an entry under it (runs in a
    worker; not checked). An unreadable file gives ("", True): it is reported when it
    is worked on."""
    try:
        page = read_page(item.path, source=item.source)
        cache = PageCache(Path(cache_dir))
        key = cache.key(page, home, page_date)
        return key, cache.path(key).exists()
    except (InputError, OSError):
        return "", True


def _work(item: PageFile, home: str | None, page_date: dt.date | None,
          cache_dir: str | None, as_json: bool = False, merge_only: bool = False
          ) -> tuple[Page | PageJSON | None, str | None, str]:
    """Read and process one file (runs in a worker process). Returns (page, error,
    cache key: "" without a cache or when the file could not be read); with
    ``merge_only`` only what a build merges (:func:`for_merge`), with ``as_json`` the
    page as its JSON (:class:`PageJSON`)."""

    path = item.path
    cache = PageCache(Path(cache_dir)) if cache_dir else None
    key = ""
    try:
        page = read_page(path, source=item.source)  # first: a bad file is reported early
        if cache:
            key = cache.key(page, home, page_date)
            hit = cache.get(key, page)
            if hit is not None:
                return _sent(hit, as_json, merge_only), None, key
    except InputError as exc:
        return None, str(exc), ""
    except OSError as exc:
        return None, f"{shown(path)}: cannot read ({exc.strerror or exc})", ""
    try:
        page = slim(process_page(page, home=home, page_date=page_date))
    except InputError as exc:  # a malformed .date side file: that page only, one line
        return None, str(exc), key
    except Exception as exc:  # one bad page never loses the rest of the run
        log.debug("failed on %s", path, exc_info=True)
        return None, f"{shown(path)}: extraction failed ({type(exc).__name__}: {exc})", key
    if cache:
        cache.put(key, page)
        # after the put: the cache's own troubles are this run's, not the page's
        page.warnings.extend(cache.warnings)
    return _sent(page, as_json, merge_only), None, key


__all__ = ["CACHE_MAGIC", "CacheWarning", "PageCache", "PageJSON", "decode_page",
           "fingerprint_files", "fingerprint_of", "for_merge", "grounded"]
