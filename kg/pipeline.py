"""The pipeline: input files -> pages -> articles -> mentions and facts -> corpus.

Each stage is a small function over the page (like a spaCy component over a document):
per file, :func:`kg.reading.files.read_page` then :func:`process_page` (segment, date,
mentions, posts, events), in worker processes; then :func:`resolve_entities` merges
persons, places and organisations across pages. :func:`build` runs it all and writes
the outputs; the command line is a thin shell over it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import lru_cache, partial
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, Sequence

import msgspec

if TYPE_CHECKING:
    import rdflib

from kg.extracting.dates import infer_page_date
from kg.extracting.events import extract_events
from kg.extracting.gazetteer import get_gazetteer
from kg.graph.build import build_graph
from kg.doc import Doc
from kg.extracting.mentions import extract_mentions, graph_worthy
from .model import (Article, Corpus, Evidence, Organisation, Page, Person, Place,
                    PostHolding, event_key)
from kg.extracting.orgs import org_place
from kg.extracting.persons import bind_home_posts, find_posts
from kg.extracting.places import infer_home, place_of
from kg.reading.files import InputError, PageFile, collect_inputs, date_override_for, read_page
from kg.terminal import shown
from kg.segmenting.articles import segment_page
from kg.graph.store import StoreError, build_store
from kg.segmenting.leads import date_article_dateline
from kg.graph.validate import SAMPLE_ABOVE, validate_graph

log = logging.getLogger(__name__)

#: How many pages feed the guess of the newspaper's home city.
HOME_SAMPLE_PAGES = 200


@dataclass
class BuildOptions:
    """What a build can be told from outside (all optional)."""

    page_date: dt.date | None = None  # force one publication date for every page
    home: str | None = None  # home city key (division code); inferred when None
    jobs: int = 1  # worker processes for extraction
    cache_dir: Path | None = None  # reuse pages already processed (by content hash)
    validate: bool = True
    html_max_nodes: int = 1500


@dataclass
class BuildResult:
    corpus: Corpus
    outputs: dict[str, Path] = field(default_factory=dict)
    triples: int = 0
    valid: bool = True
    validation_report: str = ""

    def summary(self) -> str:
        c = self.corpus
        return (f"pages {len(c.pages)}, articles {len(c.articles)}, persons {len(c.persons)}, "
                f"places {len(c.places)}, organisations {len(c.organisations)}, "
                f"events {len(c.events)}, triples {self.triples}, "
                f"warnings {sum(len(p.warnings) for p in c.pages)}, errors {len(c.errors)}")


# --- per page ------------------------------------------------------------

def date_page(page: Page, override: dt.date | None = None) -> None:
    """Set the page's publication date: command line, then side file/file name, then text."""

    if override is not None:
        page.date, page.date_method = override, "given on the command line"
        return
    d, method = date_override_for(Path(page.path))
    if d is not None:
        page.date, page.date_method = d, method
        return
    if page.date is not None:  # read with the page (an HTML page's metadata)
        return
    headlines = [a.headline for a in page.articles]
    page.date, page.date_method = infer_page_date(page.text, headlines=headlines)
    if page.date is None:
        page.warnings.append(f"publication date not found ({page.date_method})")


def annotate_article(article: Article, home: str | None) -> None:
    """Find mentions, posts and events in one article (fills the article in place)."""

    doc = Doc(article.text)  # normalised text and jieba tokens, computed once
    article.mentions = [m for m in extract_mentions(doc, home=home,
                                                    tagger_types=frozenset({"person"}))
                        if graph_worthy(m)]
    article.posts = []
    # all mentions, so that each post is bound to the place or body printed with it
    posts = find_posts(article.text, article.mentions)
    bind_home_posts(posts, home)  # 市委书记 in a city paper: the paper's own city
    for pm in posts:
        s, e = article.page_span(pm.start, pm.end)
        article.posts.append(PostHolding(
            person=pm.person, post=pm.post, article_id=article.id, date=article.date,
            org=pm.org, evidence=Evidence(article.id, article.text[pm.start:pm.end], s, e),
            unit=pm.unit, unit_type=pm.unit_type))
    article.events = extract_events(article, article.date)
    for ev in article.events:
        if not ev.key:
            ev.key = event_key(article.id, ev.kind, ev.date, ev.label)


def process_page(page: Page, *, home: str | None = None,
                 page_date: dt.date | None = None) -> Page:
    """Segment a page into articles, date it, and annotate every article."""

    page.articles = segment_page(page)
    date_page(page, page_date)
    if not page.articles:
        page.warnings.append("no article recognised")
    for article in page.articles:
        article.date = page.date
        date_article_dateline(article, page.date)
        annotate_article(article, home)
    return page


# --- across pages ------------------------------------------------------------

def resolve_entities(corpus: Corpus, home: str | None = None) -> None:
    """Merge the persons, places and organisations of all articles into the corpus.

    Every place comes with its chain of containing units up to the province, so the
    graph can say ``schema:containedInPlace`` all the way up.
    """
    gaz = get_gazetteer()
    for article in corpus.articles:
        for r in article.reporters:
            corpus.persons.setdefault(r.name, Person(r.name)).is_reporter = True
        by_key = {}
        places = [m for m in article.mentions if m.type == "place"]
        for m in article.mentions:
            if m.type == "person":
                corpus.persons.setdefault(m.name, Person(m.name))
            elif m.type == "organization":
                key = m.key or m.name
                if key not in corpus.organisations:
                    where = org_place(m, home, gaz, places)
                    corpus.organisations[key] = Organisation(name=m.name, kind=m.level,
                                                             place=where)
                    if where in gaz:
                        _add_place(corpus, gaz, gaz.place(where))
            elif m.type == "place" and m.key:
                by_key.setdefault(m.key, m)
        for ev in article.events:
            for ref in ev.places:
                if ref.key not in by_key and ref.key not in corpus.places:
                    try:
                        _add_place(corpus, gaz, gaz.place(ref.key))
                    except KeyError:
                        log.debug("event place %s is not a known place", ref.key)
        for key in sorted(by_key):
            _add_place(corpus, gaz, place_of(by_key[key], gaz))
        for ph in article.posts:
            corpus.persons.setdefault(ph.person, Person(ph.person)).posts.append(ph)
            if ph.unit_type == "place" and ph.unit in gaz:
                _add_place(corpus, gaz, gaz.place(ph.unit))  # 国家主席 -> 中国


def _add_place(corpus: Corpus, gaz, place: Place) -> None:
    """Add a place and the units containing it, up to the province."""
    if place.key in corpus.places:
        return
    corpus.places[place.key] = place
    parent = place.parent
    while parent and parent not in corpus.places:
        try:
            up = gaz.place(parent)
        except KeyError:
            break
        corpus.places[parent] = up
        parent = up.parent


# --- the whole run ----------------------------------------------------------------

@lru_cache(maxsize=1)
def _fingerprint() -> str:
    """A hash of the package's code, data and name model: a cached page is reused only by
    the same code (a retrained crf.model changes the output without any code change)."""
    root = Path(__file__).resolve().parent
    h = hashlib.sha256()
    for f in sorted(root.rglob("*")):
        if f.is_file() and f.suffix in {".py", ".txt", ".tsv", ".json", ".model"} \
                and "__pycache__" not in f.parts:
            h.update(str(f.relative_to(root)).encode())
            h.update(f.read_bytes())
    return h.hexdigest()[:16]


#: First bytes of a cache entry: format name and version, then the payload's SHA-256.
CACHE_MAGIC = b"kg-page-cache 2 "


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
        side, _ = date_override_for(Path(page.path))
        h.update(f"|{page.source}|{self.fingerprint}|{home}|{page_date}|{side}".encode())
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
        self.warnings.append(f"cache entry {f} {why}; page re-extracted")
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
            self.warnings.append(f"cannot write cache entry {f} ({exc.strerror or exc}); "
                                 "build goes on without it")
            try:
                tmp.unlink()
            except OSError:
                pass


@dataclass
class _CacheEntry:
    key: str
    page: Page


def _squash(text: str) -> str:
    return "".join(text.split())


def grounded(page: Page, text: str) -> bool:
    """Whether every name ``page`` holds occurs in ``text`` (the page it came from).

    Person names, reporters, posts, links, datelines and every mention's surface text
    must be in the page (spaces ignored); a place's canonical name may differ from the text
    (``塔山乡`` -> 塔山瑶族乡) when the register knows its key; an organisation's
    canonical name may differ too (``党中央`` -> 中共中央), its surface text may not.
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
    if not all(_squash(n) in flat for n in names if n):
        return False
    gaz = None
    for name, key in places:
        if name and _squash(name) not in flat:
            gaz = gaz or get_gazetteer()
            if key not in gaz:
                return False
    return True


def _slim(page: Page) -> Page:
    """Drop what only extraction needs (page text, per-character offsets) to bound memory.

    Facts keep their evidence (sentence and page span), so nothing reported is lost.
    """
    page.text = ""
    for a in page.articles:
        a.offsets = []
    return page


def _work(item: PageFile, home: str | None, page_date: dt.date | None,
          cache_dir: str | None) -> tuple[Page | None, str | None]:
    """Read and process one file (runs in a worker process). Returns (page, error)."""

    path = item.path
    cache = PageCache(Path(cache_dir)) if cache_dir else None
    key = ""
    try:
        page = read_page(path, source=item.source)  # first: a bad file is reported early
        if cache:
            key = cache.key(page, home, page_date)
            hit = cache.get(key, page)
            if hit is not None:
                return hit, None
    except InputError as exc:
        return None, str(exc)
    except OSError as exc:
        return None, f"{shown(path)}: cannot read ({exc.strerror or exc})"
    try:
        page = _slim(process_page(page, home=home, page_date=page_date))
    except InputError as exc:  # a malformed .date side file: that page only, one line
        return None, str(exc)
    except Exception as exc:  # one bad page never loses the rest of the run
        log.debug("failed on %s", path, exc_info=True)
        return None, f"{shown(path)}: extraction failed ({type(exc).__name__}: {exc})"
    if cache:
        cache.put(key, page)
        # after the put: the cache's own troubles are this run's, not the page's
        page.warnings.extend(cache.warnings)
    return page, None


def _sample_home(files: Sequence[PageFile]) -> str | None:
    """Guess the home city from the first pages that read cleanly."""

    texts = []
    for item in files[:HOME_SAMPLE_PAGES]:
        try:
            texts.append(read_page(item.path).text)
        except (InputError, OSError):
            continue
    return infer_home(texts) if texts else None


def build_corpus(inputs: Sequence[str | Path], options: BuildOptions | None = None,
                 progress: Callable[[int, int], None] | None = None) -> Corpus:
    """Read, process and resolve every page under ``inputs`` into a :class:`Corpus`.

    Pages are processed in ``options.jobs`` worker processes; the result is in input
    order whatever the number of workers, so output is deterministic.
    """

    options = options or BuildOptions()
    paths, errors, skipped = collect_inputs(inputs)
    home = options.home or _sample_home(paths)
    cache_dir = str(options.cache_dir) if options.cache_dir else None
    work = partial(_work, home=home, page_date=options.page_date, cache_dir=cache_dir)
    pages: list[Page] = []
    jobs = max(1, min(options.jobs, len(paths)))
    if jobs == 1:
        results: Iterable = map(work, paths)
        pool = None
    else:
        pool = ProcessPoolExecutor(max_workers=jobs)
        results = pool.map(work, paths, chunksize=max(1, min(32, len(paths) // (jobs * 4))))
    try:
        for i, (page, error) in enumerate(results, 1):
            if error:
                errors.append(error)
            if page is not None:
                pages.append(page)
            if progress:
                progress(i, len(paths))
    finally:
        if pool is not None:
            pool.shutdown()
    corpus = Corpus(pages=pages, errors=errors, skipped=skipped)
    resolve_entities(corpus, home)
    return corpus


#: Every file :func:`write_outputs` writes (their temporary files are cleaned up too).
OUTPUT_FILES = ("kg.ttl", "kg.graphml", "kg-people.graphml", "kg.gexf", "kg.html")


def write_outputs(graph: "rdflib.Graph", out_dir: Path, options: BuildOptions,
                  on_wait: Callable[[], None] | None = None) -> dict[str, Path]:
    """Write every export of the graph into ``out_dir``, as one set.

    The folder is locked for the time (a second build waits, ``on_wait`` says so);
    temporary files a killed build left are removed; every file is written to a
    temporary name and all are renamed into place only once all are complete, so the
    folder holds the outputs of one build, never a mix. The graph is projected to a
    property graph once, for GraphML, GEXF and HTML alike. Raises
    :class:`kg.export.atomic.OutputError` naming the file that could not be written.
    """
    from .export.atomic import locked_folder, output_set, remove_leftovers
    from .export.html import write_html
    from .export.network import write_network_exports
    from .export.project import gc_paused, to_property_graph
    from .export.turtle import write_turtle

    with locked_folder(out_dir, on_wait):
        for tmp in remove_leftovers(out_dir, OUTPUT_FILES):
            log.info("removed %s, left by an interrupted build", tmp)
        with output_set():
            outputs = {"kg.ttl": write_turtle(graph, out_dir / "kg.ttl")}
            with gc_paused():  # the cyclic GC would walk the whole graph again and again
                pg = to_property_graph(graph)
                outputs.update(write_network_exports(graph, out_dir, pg=pg))
                write_html(graph, out_dir / "kg.html", max_nodes=options.html_max_nodes, pg=pg)
            outputs["kg.html"] = out_dir / "kg.html"
        # Last, once kg.ttl is in place: the SPARQL store for kg query and servers,
        # bulk-loaded from it. A store left from an earlier build no longer matches the
        # Turtle and is not used, so a failure here costs speed, not correctness.
        try:
            outputs["kg.oxigraph"] = build_store(outputs["kg.ttl"])
        except StoreError as exc:
            log.warning("%s; kg query will read kg.ttl instead", exc)
    return outputs


def build(inputs: Sequence[str | Path], out_dir: str | Path = "output",
          options: BuildOptions | None = None,
          progress: Callable[[int, int], None] | None = None,
          on_wait: Callable[[], None] | None = None) -> BuildResult:
    """Run the whole pipeline and write ``kg.ttl``, ``kg.graphml``, ``kg.html`` (and more).

    Nothing is written when no page could be read (``result.outputs`` stays empty), so
    a typo in the input never replaces a good earlier build with an empty graph; nor
    when the graph fails the SHACL check.
    """

    options = options or BuildOptions()
    corpus = build_corpus(inputs, options, progress)
    if not corpus.pages:
        return BuildResult(corpus=corpus)
    graph = build_graph(corpus)
    result = BuildResult(corpus=corpus, triples=len(graph))
    if options.validate:
        result.valid, result.validation_report = validate_graph(graph,
                                                                sample_above=SAMPLE_ABOVE)
    if result.valid:
        result.outputs = write_outputs(graph, Path(out_dir), options, on_wait)
    return result


def default_jobs() -> int:
    """Worker processes by default: one per core."""
    return os.cpu_count() or 1


__all__: Iterable[str] = ["BuildOptions", "BuildResult", "build", "build_corpus",
                          "process_page", "resolve_entities"]
