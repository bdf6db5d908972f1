"""A checkpoint of ``kg build``'s assembly, kept with the page cache: how an update of
an archive starts where the last build stopped.

Once the last page is in the graph, and before the entities are described, a build
writes what it has built (the entity tables, the graph's triples and the builder's
memory: :class:`kg.graph.build.AssemblyState`) to ``CACHE/assembly.ckpt``, with the
cache key of every page it came from, in input order. A later build whose pages begin
with the same keys (same texts, options and extraction code: :meth:`PageCache.key
<kg.cache.PageCache.key>`), run by the same code, starts from the checkpoint and
streams only the pages after them. Adding a day to the transcripts then reads one
page instead of re-reading 1,396 cached ones (the stream was a third of an update;
loading the checkpoint takes a fifth of it), and the outputs are the same bytes: the
graph and the tables are exactly those the full stream would have built at that
point. Anything else (a page changed, removed or inserted before the end, another
version of the code) streams every page, as without a checkpoint.

The file is typed msgpack (msgspec) after a JSON header, never pickle, so reading it
cannot run code; a SHA-256 of the body guards against damage. Writing it is atomic (a
temporary name renamed into place); a failure only costs the next update its speed.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import logging
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Sequence

import msgspec

from kg.cache import _fingerprint, is_cache_warning
from kg.graph.build import ONTOLOGY_DIR, AssemblyState, GraphAssembler
from kg.model import Corpus

log = logging.getLogger(__name__)

#: The checkpoint's file name inside the cache folder.
FILE_NAME = "assembly.ckpt"
#: First line of the file: format name and version.
MAGIC = b"kg-assembly-checkpoint 1\n"


@lru_cache(maxsize=1)
def code_stamp() -> str:
    """A hash of everything that decides what the assembly builds from cached pages:
    the extraction fingerprint, every module of the package, the ontology, and the
    versions of rdflib and msgspec (how terms are made and stored)."""
    import rdflib

    root = Path(__file__).resolve().parent
    h = hashlib.sha256(f"{_fingerprint()}|{rdflib.__version__}|{msgspec.__version__}".encode())
    files = sorted(f for f in root.rglob("*.py") if "__pycache__" not in f.parts)
    files += sorted(ONTOLOGY_DIR.glob("*.ttl"))
    for f in files:
        h.update(f.name.encode() + b"\0")
        h.update(hashlib.sha256(f.read_bytes()).digest())
    return h.hexdigest()[:16]


@dataclass
class _Body:
    tables: Corpus
    state: AssemblyState
    articles: int
    events: int


class Checkpoint:
    """The checkpoint in one cache folder: :meth:`match` says how many leading pages it
    holds (checking and decoding it), :meth:`restore` gives back the tables and the
    assembler (and keeps them in ``restored``); :meth:`save` writes a new one."""

    def __init__(self, cache_dir: Path) -> None:
        self.path = Path(cache_dir) / FILE_NAME
        self._body: _Body | None = None
        self.pages = 0  # leading pages the matched checkpoint holds
        self.restored: tuple[Corpus, GraphAssembler, int, int] | None = None

    @staticmethod
    def _header(keys: Sequence[str], home: str | None, page_date: dt.date | None) -> dict:
        return {"stamp": code_stamp(), "home": home,
                "page_date": page_date.isoformat() if page_date else None, "keys": list(keys)}

    def match(self, keys: Sequence[str], home: str | None, page_date: dt.date | None) -> int:
        """How many of the pages whose cache keys are ``keys`` (in input order) the
        checkpoint holds: all of its own pages when they are the first of ``keys``, it
        was made by this code with this home and date, and it reads back intact;
        otherwise 0."""
        self._body, self.pages, self.restored = None, 0, None
        try:
            with self.path.open("rb") as fh:
                if fh.readline() != MAGIC:
                    return 0
                header = json.loads(fh.readline())
                digest = fh.readline().strip().decode("ascii")
                own = header.get("keys")
                if not isinstance(own, list) or not own or list(keys[:len(own)]) != own \
                        or header != self._header(own, home, page_date):
                    return 0
                data = fh.read()
        except (OSError, ValueError, AttributeError, TypeError):
            return 0
        if hashlib.sha256(data).hexdigest() != digest:
            log.warning("%s is damaged; every page is streamed", self.path)
            return 0
        try:
            self._body = msgspec.msgpack.decode(data, type=_Body)
        except (msgspec.DecodeError, msgspec.ValidationError) as exc:
            log.warning("%s cannot be read (%s); every page is streamed", self.path, exc)
            return 0
        self.pages = len(own)
        return self.pages

    def restore(self) -> tuple[Corpus, GraphAssembler, int, int]:
        """The matched checkpoint's tables, assembler, articles and events, made once
        (the graph is rebuilt from the state: seconds on an archive) and kept in
        ``restored``."""
        if self.restored is None:
            body, self._body = self._body, None
            assert body is not None, "restore() needs a successful match()"
            self.restored = (body.tables, GraphAssembler.from_state(body.tables, body.state),
                             body.articles, body.events)
        return self.restored

    def save(self, keys: Sequence[str], home: str | None, page_date: dt.date | None,
             tables: Corpus, assembler: GraphAssembler, articles: int, events: int) -> bool:
        """Write the checkpoint of ``assembler`` and ``tables`` after the pages whose
        cache keys are ``keys``; False when it cannot be written (the old one stays:
        it still holds the pages it names, which still come first)."""
        tmp = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
        for old in self.path.parent.glob(f".{self.path.name}.*.tmp"):
            try:  # left by a killed build (kg build holds the output folder's lock)
                old.unlink()
            except OSError:
                pass
        try:
            state = assembler.state()
            if state is None:
                raise ValueError("the graph holds a blank node")
            # The stubs as the cache gives them back: without this run's cache troubles.
            pages = [dataclasses.replace(p, warnings=[w for w in p.warnings
                                                      if not is_cache_warning(w)])
                     for p in tables.pages]
            body = msgspec.msgpack.encode(_Body(dataclasses.replace(tables, pages=pages),
                                                state, articles, events))
            header = json.dumps(self._header(keys, home, page_date), ensure_ascii=False)
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with tmp.open("wb") as fh:
                fh.write(MAGIC + header.encode("utf-8") + b"\n"
                         + hashlib.sha256(body).hexdigest().encode("ascii") + b"\n")
                fh.write(body)
            os.replace(tmp, self.path)
            return True
        except Exception as exc:  # noqa: BLE001 - a lost checkpoint costs only speed
            log.warning("cannot write %s (%s); the next update streams every page",
                        self.path, exc)
            return False
        finally:  # gone once renamed; else (an error, an interrupt) not left behind
            try:
                tmp.unlink(missing_ok=True)
            except OSError:
                pass


__all__ = ["Checkpoint", "FILE_NAME", "code_stamp"]
