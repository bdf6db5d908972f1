"""The pipeline: input files -> pages -> articles -> mentions and facts -> corpus.

Each stage is a small function over the page (like a spaCy component over a document):
per file, :func:`kg.reading.files.read_page` then :func:`kg.pages.process_page` (segment,
date, mentions, posts, events), in worker processes; then :func:`resolve_entities` merges
persons, places and organisations across pages. :func:`build` runs it all and writes
the outputs; the command line is a thin shell over it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import gc
import hashlib
import json
import logging
import os
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, Iterator, Sequence

if TYPE_CHECKING:
    import rdflib

from kg.extracting.entities import resolve_entities, resolve_page
from kg.extracting.gazetteer import get_gazetteer
from kg.extracting.places import infer_home
from kg.graph.build import GraphAssembler, build_graph  # noqa: F401 - build_graph re-exported
from kg.export.forked import Forked, can_fork
from kg.graph.store import StoreError, StoreLoad, store_path
from kg.graph.validate import SAMPLE_ABOVE, validate_graph
from kg.model import Corpus, Page
# The per-page (map) step lives in kg.pages, the cache and the workers' entry points in
# kg.cache; re-exported here, where callers found them.
from kg.cache import (CACHE_MAGIC, CacheWarning, PageCache, PageJSON, _probe,  # noqa: F401
                      _fingerprint, _work, decode_page, grounded)
from kg.checkpoint import Checkpoint
from kg.pages import annotate_article, date_page, process_page  # noqa: F401
from kg.reading.files import InputError, PageFile, collect_inputs, read_page

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
    """What :func:`build` did. ``corpus`` holds the entity tables, errors and one stub
    per page (its source, date, warnings and notes; the articles were dropped once in
    the graph), so ``articles`` and ``events`` count them."""

    corpus: Corpus
    outputs: dict[str, Path] = field(default_factory=dict)
    triples: int = 0
    valid: bool = True
    validation_report: str = ""
    articles: int | None = None  # None: count corpus.articles
    events: int | None = None
    #: the child still writing the assembly's checkpoint (see :func:`wait_checkpoint`)
    checkpoint_job: Forked | None = field(default=None, repr=False, compare=False)

    def summary(self) -> str:
        c = self.corpus
        articles = len(c.articles) if self.articles is None else self.articles
        events = len(c.events) if self.events is None else self.events
        return (f"pages {len(c.pages)}, articles {articles}, persons {len(c.persons)}, "
                f"places {len(c.places)}, organisations {len(c.organisations)}, "
                f"events {events}, triples {self.triples}, "
                f"warnings {sum(len(p.warnings) for p in c.pages)}, errors {len(c.errors)}")


# --- across pages ------------------------------------------------------------

# --- the whole run ----------------------------------------------------------------

def _sample_home(files: Sequence[PageFile], cache_dir: Path | None = None,
                 pool: ProcessPoolExecutor | None = None) -> str | None:
    """Guess the home city from the first pages that read cleanly.

    With a cache folder the guess is kept in ``home/<key>.json``, keyed by the sample's
    texts and the extraction fingerprint: it reads 200 pages through the place finder
    (a third of an archive update's time on the transcripts), and its answer depends on
    nothing else. An entry that does not name its key or a known place is recomputed.
    With a ``pool`` the guess (or the check of a kept one) runs in one of its workers,
    so the main process never loads the word segmenter or the register (about 150 MB
    each, kept for the rest of the build).
    """
    texts = []
    for item in files[:HOME_SAMPLE_PAGES]:
        try:
            texts.append(read_page(item.path).text)
        except (InputError, OSError):
            continue
    if not texts:
        return None
    entry: Path | None = None
    if cache_dir is not None:
        h = hashlib.sha256(f"home|{_fingerprint()}|{len(texts)}".encode())
        for text in texts:
            h.update(hashlib.sha256(text.encode("utf-8")).digest())
        key = h.hexdigest()
        entry = cache_dir / "home" / f"{key}.json"
        try:
            data = json.loads(entry.read_text(encoding="utf-8"))
            home = data["home"]
            if data["key"] == key and (home is None or (
                    isinstance(home, str) and (pool.submit(_known_place, home).result()
                                               if pool is not None else _known_place(home)))):
                return home
        except (OSError, ValueError, KeyError, TypeError):
            pass  # none yet, or not one we wrote: guess again
    home = pool.submit(infer_home, texts).result() if pool is not None else infer_home(texts)
    if entry is not None:
        tmp = entry.with_name(f".{entry.name}.{os.getpid()}.tmp")
        try:  # losing it only costs the guess next time
            entry.parent.mkdir(parents=True, exist_ok=True)
            tmp.write_text(json.dumps({"key": key, "home": home}), encoding="utf-8")
            os.replace(tmp, entry)
        except OSError:
            try:
                tmp.unlink()
            except OSError:
                pass
    return home


def _known_place(key: str) -> bool:
    """Whether the register knows ``key`` (asked of a worker: they load it anyway)."""
    return key in get_gazetteer()


#: Pages asked of the workers ahead of the one the build waits for: enough to keep
#: both busy, few enough that results waiting in order stay small.
AHEAD_PER_JOB = 16


def _in_order(pool: ProcessPoolExecutor, work: Callable, paths: Sequence[PageFile],
              ahead: int, early: Sequence[int] = ()
              ) -> Iterator[tuple[Page | None, str | None, str]]:
    """``work`` over ``paths`` in the pool, results in input order, at most ``ahead``
    pages in flight besides the ``early`` ones (``Executor.map`` submits every page at
    once and keeps every result until its turn: an archive's worth). Pages may come as
    their JSON, decoded here:
    the workers read, hash and check cached pages while this process builds the graph.

    The pages at the indices ``early`` (at most ``ahead`` of them) are asked first:
    pages the cache lacks, whose extraction would otherwise start only when the build
    reaches them (a new day at the end of an archive), and keep it waiting there.
    The first pages are submitted at once, before the first result is asked for, so
    the caller can do other work while the workers start.
    """
    first = frozenset(list(early)[:ahead])
    held: dict[int, Future] = {i: pool.submit(work, paths[i]) for i in sorted(first)}
    rest = (i for i in range(len(paths)) if i not in first)
    slots: deque[tuple[int, Future]] = deque()
    for i in rest:
        slots.append((i, pool.submit(work, paths[i])))
        if len(slots) >= ahead:
            break

    def results() -> Iterator[tuple[Page | None, str | None, str]]:
        for i in range(len(paths)):
            if i in held:
                fut = held.pop(i)
            else:
                j, fut = slots.popleft()
                assert j == i  # the rest go in input order
                for k in rest:
                    slots.append((k, pool.submit(work, paths[k])))
                    break
            page, error, key = fut.result()
            yield (decode_page(page) if isinstance(page, PageJSON) else page), error, key

    return results()


def _probe_all(pool: ProcessPoolExecutor | None, paths: Sequence[PageFile],
               home: str | None, page_date: dt.date | None, cache_dir: str | None
               ) -> list[tuple[str, bool]] | None:
    """Every page's cache key and whether the cache has it (:func:`kg.cache._probe`,
    in the workers when there are some); None without a cache, or when the cache
    holds no page yet (a cold build: nothing to order or resume)."""
    if cache_dir is None or not any(Path(cache_dir).glob("??/*.json")):
        return None
    probe = partial(_probe, home=home, page_date=page_date, cache_dir=cache_dir)
    return list(pool.map(probe, paths, chunksize=64) if pool is not None else map(probe, paths))


class PageStream:
    """The processed pages under ``inputs``, in input order, one at a time.

    Pages are processed in ``options.jobs`` worker processes (or read from the page
    cache); whatever the number of workers they come in input order, so everything
    built from them is deterministic. Iterate once; files that could not be read are
    listed in ``errors`` (one line each), things left out on purpose in ``skipped``;
    ``home`` is the home city the pages were read with (given or guessed) once
    iteration has begun, ``keys`` the cache key of each page read so far ("" without a
    cache). With ``merge_only`` the pages hold only what a build merges
    (:func:`kg.cache.for_merge`: no article texts, each name mentioned once).

    With a ``checkpoint`` (:class:`kg.checkpoint.Checkpoint`) that holds the first
    pages, those are not streamed: ``resumed`` says how many (their keys are in
    ``keys``), and before the first page comes the checkpoint is restored
    (``checkpoint.restored``), while the workers start on the pages after it.
    """

    def __init__(self, inputs: Sequence[str | Path], options: BuildOptions | None = None,
                 progress: Callable[[int, int], None] | None = None, *,
                 merge_only: bool = False, checkpoint: Checkpoint | None = None) -> None:
        self.options = options or BuildOptions()
        self.merge_only = merge_only
        self.paths, self.errors, self.skipped = collect_inputs(inputs)
        self.progress = progress
        self.home: str | None = self.options.home
        self.checkpoint = checkpoint
        self.keys: list[str] = []
        self.resumed = 0

    def __iter__(self) -> Iterator[Page]:
        options, paths = self.options, self.paths
        jobs = max(1, min(options.jobs, len(paths)))
        # (gc.enable: the workers fork from a process whose collector may be paused)
        pool = ProcessPoolExecutor(max_workers=jobs, initializer=gc.enable) \
            if jobs > 1 else None
        try:
            self.home = options.home or _sample_home(paths, options.cache_dir, pool)
            cache_dir = str(options.cache_dir) if options.cache_dir else None
            work = partial(_work, home=self.home, page_date=options.page_date,
                           cache_dir=cache_dir, as_json=pool is not None,
                           merge_only=self.merge_only)
            probed = _probe_all(pool, paths, self.home, options.page_date, cache_dir) \
                if pool is not None or self.checkpoint is not None else None
            n = 0
            if probed is not None and self.checkpoint is not None:
                n = self.checkpoint.match([k for k, _ in probed], self.home,
                                          options.page_date)
                self.keys, self.resumed = [k for k, _ in probed[:n]], n
            todo = paths[n:]
            if pool is None:
                results: Iterable = map(work, todo)
            else:
                ahead = AHEAD_PER_JOB * jobs
                early = [i - n for i, (_, hit) in enumerate(probed) if i >= n and not hit] \
                    if probed is not None and any(hit for _, hit in probed) else []
                results = _in_order(pool, work, todo, ahead, early[:ahead])
            if n:  # while the workers start on the pages after it
                self.checkpoint.restore()  # type: ignore[union-attr]
                log.info("started from %s: its %d pages are not read again",
                         self.checkpoint.path, n)  # type: ignore[union-attr]
            for i, (page, error, key) in enumerate(results, n + 1):
                if error:
                    self.errors.append(error)
                if page is not None:
                    self.keys.append(key)
                    yield page
                if self.progress:
                    self.progress(i, len(paths))
        finally:
            if pool is not None:
                pool.shutdown(cancel_futures=True)


def build_corpus(inputs: Sequence[str | Path], options: BuildOptions | None = None,
                 progress: Callable[[int, int], None] | None = None) -> Corpus:
    """Read, process and resolve every page under ``inputs`` into a :class:`Corpus`.

    Pages are processed in ``options.jobs`` worker processes; the result is in input
    order whatever the number of workers, so output is deterministic. (:func:`build`
    does not hold the corpus: it adds each page to the graph as it comes.)
    """
    stream = PageStream(inputs, options, progress)
    pages = list(stream)
    corpus = Corpus(pages=pages, errors=stream.errors, skipped=stream.skipped)
    resolve_entities(corpus, stream.home)
    return corpus


def _stub(page: Page) -> Page:
    """What a build keeps of a page once it is in the graph: what to report of it."""
    return dataclasses.replace(page, text="", articles=[], register=None)


def assemble(inputs: Sequence[str | Path], options: BuildOptions | None = None,
             progress: Callable[[int, int], None] | None = None
             ) -> tuple["rdflib.Graph", BuildResult]:
    """Read and process the pages under ``inputs``, each added to the graph as it comes.

    The same graph as ``build_graph(build_corpus(...))``, without holding the corpus:
    each page is merged into the entity tables (:func:`resolve_page`) and its
    articles, events and holdings go into the graph (:class:`GraphAssembler`); only a
    stub of the page (for its warnings) is kept. The entities are described at the
    end, from the complete tables.

    With a cache folder, the state before that end is kept in it
    (:mod:`kg.checkpoint`, written by a forked child where it can: wait for it with
    :func:`wait_checkpoint`), and a build whose pages begin with those of the last
    starts from it, streaming only the pages after them.
    """
    from kg.export.project import gc_paused

    options = options or BuildOptions()
    checkpoint = Checkpoint(options.cache_dir) if options.cache_dir else None
    stream = PageStream(inputs, options, progress, merge_only=True, checkpoint=checkpoint)
    tables = assembler = None
    articles = events = 0

    def start() -> tuple[Corpus, GraphAssembler]:
        nonlocal articles, events
        if checkpoint is not None and checkpoint.restored is not None:
            tables, assembler, articles, events = checkpoint.restored
            checkpoint.restored = None
            tables.errors, tables.skipped = stream.errors, stream.skipped
            for stub, item in zip(tables.pages, stream.paths):  # where they are now
                stub.path = str(item.path)
            return tables, assembler
        tables = Corpus(errors=stream.errors, skipped=stream.skipped)
        return tables, GraphAssembler(tables)

    # Decoded pages and new triples are millions of small acyclic objects: the cyclic
    # collector, set off by them again and again, walked the growing graph each time.
    with gc_paused():
        for page in stream:
            if assembler is None:
                tables, assembler = start()
            resolve_page(tables, page, stream.home, keep_posts=False)
            assembler.add_page(page)
            articles += len(page.articles)
            events += sum(len(a.events) for a in page.articles)
            tables.pages.append(_stub(page))
        if assembler is None:
            tables, assembler = start()
        saving = None
        if checkpoint is not None and not stream.errors and stream.keys \
                and all(stream.keys) and stream.resumed < len(stream.keys):
            saving = _save_checkpoint(checkpoint, stream, tables, assembler, articles, events)
        try:
            graph = assembler.finish()
        except BaseException:
            if saving is not None:
                saving.cancel()
            raise
    return graph, BuildResult(corpus=tables, triples=len(graph), articles=articles,
                              events=events, checkpoint_job=saving)


def _save_checkpoint(checkpoint: Checkpoint, stream: PageStream, tables: Corpus,
                     assembler: GraphAssembler, articles: int, events: int
                     ) -> Forked | None:
    """Write the checkpoint of the assembly as it is now: in a forked child (it sees
    the graph as it is at the fork, while this process goes on to describe the
    entities and write the outputs), or here where there is no fork."""
    def save() -> bool:
        return checkpoint.save(stream.keys, stream.home, stream.options.page_date,
                               tables, assembler, articles, events)

    if stream.options.jobs > 1 and can_fork():
        try:
            return Forked(save)
        except OSError as exc:
            log.warning("cannot fork to write %s (%s)", checkpoint.path, exc)
    save()
    return None


def wait_checkpoint(result: BuildResult) -> None:
    """Wait for the checkpoint :func:`assemble` may still be writing (a failure to
    write it was logged by the child: the next update is only slower)."""
    job, result.checkpoint_job = result.checkpoint_job, None
    if job is not None:
        try:
            job.result()
        except Exception as exc:  # noqa: BLE001 - a lost checkpoint costs only speed
            log.warning("the checkpoint was not written (%s)", exc)


#: Every file :func:`write_outputs` writes (their temporary files are cleaned up too).
OUTPUT_FILES = ("kg.ttl", "kg.graphml", "kg-people.graphml", "kg.gexf", "kg.html")


class InvalidGraph(Exception):
    """Raised by a ``before_commit`` hook to drop the output set (the graph failed SHACL)."""


def write_outputs(graph: "rdflib.Graph", out_dir: Path, options: BuildOptions,
                  on_wait: Callable[[], None] | None = None, *, parallel: bool = False,
                  before_commit: Callable[[], None] | None = None) -> dict[str, Path]:
    """Write every export of the graph into ``out_dir``, as one set.

    The folder is locked for the time (a second build waits, ``on_wait`` says so);
    temporary files a killed build left are removed; every file is written to a
    temporary name and all are renamed into place only once all are complete, so the
    folder holds the outputs of one build, never a mix. The graph is projected to a
    property graph once, for GraphML, GEXF and HTML alike. Raises
    :class:`kg.export.atomic.OutputError` naming the file that could not be written.

    With ``parallel`` the Turtle and the GEXF are written by forked children
    (:mod:`kg.export.forked`) while this process projects the graph and writes the
    GraphML files: the same code on the same graph, the same bytes. ``before_commit``
    runs once every file is written, before any is renamed; raising there (e.g.
    :class:`InvalidGraph`) leaves the folder as it was.
    """
    from .export.atomic import locked_folder, output_set, pending_file, remove_leftovers
    from .export.forked import Forked, can_fork
    from .export.html import write_html
    from .export.network import write_network_exports
    from .export.project import gc_paused, to_property_graph
    from .export.turtle import write_turtle

    parallel = parallel and can_fork()
    with locked_folder(out_dir, on_wait):
        for tmp in remove_leftovers(out_dir, OUTPUT_FILES):
            log.info("removed %s, left by an interrupted build", tmp)
        ttl = out_dir / "kg.ttl"
        loader: StoreLoad | None = None
        ttl_job: Forked | None = None
        outputs: dict[str, Path] = {}

        def start_loader() -> StoreLoad | None:
            # The SPARQL store (for kg query and servers) is loaded from the Turtle by a
            # child process, on the other core, while the other exports are written; an
            # update starts from the store of the Turtle still in place (kg.graph.store).
            try:
                return StoreLoad(pending_file(ttl), store_path(ttl),  # renamed at the end
                                 base=ttl if ttl.exists() else None)
            except OSError as exc:
                log.warning("cannot start the store loader (%s); kg query will read "
                            "kg.ttl instead", exc.strerror or exc)
                return None

        with output_set():
            try:
                if parallel:
                    ttl_job = Forked(lambda: write_turtle(graph, ttl))
                else:
                    outputs["kg.ttl"] = write_turtle(graph, ttl)
                    loader = start_loader()
                with gc_paused():  # the cyclic GC would walk the whole graph again and again
                    pg = to_property_graph(graph)
                    if ttl_job is not None:
                        outputs["kg.ttl"] = ttl_job.result()
                        loader = start_loader()
                    outputs.update(write_network_exports(
                        graph, out_dir, pg=pg, parallel=parallel,
                        meanwhile=lambda: write_html(graph, out_dir / "kg.html",
                                                     max_nodes=options.html_max_nodes, pg=pg)))
                    del pg
                outputs["kg.html"] = out_dir / "kg.html"
                outputs = {name: outputs[name] for name in OUTPUT_FILES}
                if before_commit is not None:
                    before_commit()
                if loader is not None:
                    loader.wait()  # it reads the Turtle's temporary name: wait before renames
            except StoreError as exc:
                loader = None
                log.warning("%s; kg query will read kg.ttl instead", exc)
            except BaseException:
                if ttl_job is not None:
                    ttl_job.cancel()
                if loader is not None:
                    loader.cancel()
                raise
        # Last, once kg.ttl is in place: the store, stamped with it, swapped in. A store
        # left from an earlier build no longer matches the Turtle and is not used, so a
        # failure here costs speed, not correctness.
        if loader is not None:
            try:
                outputs["kg.oxigraph"] = loader.finish(ttl)
            except StoreError as exc:
                log.warning("%s; kg query will read kg.ttl instead", exc)
    return outputs


#: Above this many triples, and with more than one job, the steps after the graph run
#: in forked children where they can (SHACL, Turtle, GEXF); below it a fork gains nothing.
PARALLEL_ABOVE = SAMPLE_ABOVE


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
    graph, result = assemble(inputs, options, progress)
    try:
        return _checked_and_written(graph, result, out_dir, options, on_wait)
    finally:
        wait_checkpoint(result)


def _checked_and_written(graph: "rdflib.Graph", result: BuildResult, out_dir: str | Path,
                         options: BuildOptions,
                         on_wait: Callable[[], None] | None) -> BuildResult:
    if not result.corpus.pages:
        return BuildResult(corpus=result.corpus)
    # What is alive now (the graph, the tables) stays alive while the outputs are
    # written: out of the collector's reach, no collection walks it again, here or in
    # the forked children (whose walks would copy its pages). Given back at the end.
    froze = gc.get_freeze_count() == 0  # a caller's own frozen objects stay theirs
    if froze:
        gc.freeze()
    try:
        return _write(graph, result, out_dir, options, on_wait)
    finally:
        if froze:
            gc.unfreeze()


def _write(graph: "rdflib.Graph", result: BuildResult, out_dir: str | Path,
           options: BuildOptions, on_wait: Callable[[], None] | None) -> BuildResult:
    """Check ``graph`` and write its outputs (see :func:`build`)."""
    parallel = options.jobs > 1 and len(graph) > PARALLEL_ABOVE and can_fork()
    if not (parallel and options.validate):
        if options.validate:
            result.valid, result.validation_report = validate_graph(
                graph, sample_above=SAMPLE_ABOVE)
        if result.valid:
            result.outputs = write_outputs(graph, Path(out_dir), options, on_wait,
                                           parallel=parallel)
        return result
    # The SHACL check runs in a forked child while the exports are written; they are
    # renamed into place only if it passes, so the folder ends as a serial build leaves it.
    check = Forked(lambda: validate_graph(graph, sample_above=SAMPLE_ABOVE))

    def checked() -> None:
        result.valid, result.validation_report = check.result()
        if not result.valid:
            raise InvalidGraph(result.validation_report)

    try:
        result.outputs = write_outputs(graph, Path(out_dir), options, on_wait,
                                       parallel=True, before_commit=checked)
    except InvalidGraph:
        result.outputs = {}
    except BaseException:
        # A write failed: what the check says still decides the message, as serially.
        if not check.done:
            try:
                result.valid, result.validation_report = check.result()
            except BaseException:
                pass
        if result.valid:
            raise
    finally:
        check.cancel()
    return result


def default_jobs() -> int:
    """Worker processes by default: one per core."""
    return os.cpu_count() or 1


__all__: Iterable[str] = ["BuildOptions", "BuildResult", "PageStream", "assemble", "build",
                          "build_corpus", "process_page", "resolve_entities", "resolve_page"]
