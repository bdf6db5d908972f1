"""The on-disk SPARQL store next to the Turtle: ``OUT/kg.oxigraph`` (Oxigraph).

``kg build`` bulk-loads the Turtle it wrote into an Oxigraph store (RocksDB files) so
that ``kg query`` answers from indexes on disk instead of parsing the whole Turtle into
memory, and so that other clients can be served the same files
(``oxigraph serve-read-only --location OUT/kg.oxigraph``; see docs/SCALING.md).

The store is written into a temporary folder and swapped in by renames, so a reader
never sees a half-loaded store. A small stamp file inside it records the size and
modification time of the Turtle it was loaded from: a store whose Turtle changed since
(edited by hand, or written by a build that failed before the store) is not used.

When the folder already holds the store of the previous ``kg.ttl`` (its stamp says so),
the new store starts as a checkpoint of that one (RocksDB hard links, milliseconds)
and only the Turtle subject blocks that changed are deleted and inserted, then the
store is compacted: adding a day to an archive changes a few dozen of its ~86,000
blocks (2.3 + 1.9 s on the transcripts instead of an 8.6 s bulk load). The result
holds the same triples as a bulk load of the new file.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox

#: Folder name of the store, next to ``kg.ttl``.
STORE_NAME = "kg.oxigraph"
#: The stamp inside the store folder (not a RocksDB file name, so RocksDB leaves it be).
STAMP_NAME = "kg-turtle-stamp.json"


class StoreError(Exception):
    """A Turtle file that cannot be loaded, or a store that cannot be written."""


def store_path(turtle: str | os.PathLike[str]) -> Path:
    """Where the store for the Turtle file ``turtle`` lives (``kg.oxigraph`` beside it)."""
    return Path(turtle).parent / STORE_NAME


def _stamp(turtle: Path) -> dict[str, int]:
    st = turtle.stat()
    return {"size": st.st_size, "mtime_ns": st.st_mtime_ns}


def syntax_message(path: str | os.PathLike[str], exc: SyntaxError) -> str:
    """A one-line message for a Turtle parse error, naming the file."""
    first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return f"{path}: not valid Turtle ({first})"


def _stamped(location: Path, turtle: Path) -> bool:
    """Whether the store at ``location`` was loaded from ``turtle`` as it is now."""
    try:
        stamp = json.loads((location / STAMP_NAME).read_text(encoding="utf-8"))
        return bool(stamp == _stamp(turtle))
    except (OSError, ValueError):
        return False


def _clear_leftovers(location: Path) -> None:
    """Remove the folders a killed build left (kg build holds the output lock, so no
    live writer owns any of them)."""
    for leftover in sorted(location.parent.glob(f".{location.name}.*.tmp")) + \
            sorted(location.parent.glob(f".{location.name}.*.old")):
        shutil.rmtree(leftover, ignore_errors=True)


def _load(turtle: Path, folder: Path) -> None:
    """Bulk-load ``turtle`` into a new store in ``folder`` and close it."""
    store = ox.Store(str(folder))
    store.bulk_load(path=str(turtle), format=ox.RdfFormat.TURTLE)
    store.flush()
    store.optimize()
    del store  # closes the RocksDB files before the folder moves


#: Above this share of changed subject blocks, a bulk load of the whole file is faster.
DELTA_MAX_SHARE = 0.25


def _blocks(text: str) -> tuple[str, list[str]] | None:
    """``kg.ttl``'s prefix header and its subject blocks (``kg.export.turtle`` writes one
    block per subject, separated by an empty line, and no raw line break inside a
    literal); None when the text is not laid out that way (e.g. edited by hand)."""
    parts = text.split("\n\n")
    if len(parts) < 2 or parts[-1] != "":
        return None
    header, blocks = parts[0], parts[1:-1]
    if not all(line.startswith("@prefix ") for line in header.splitlines()):
        return None
    subjects = set()
    for block in blocks:
        subject = block.split(" ", 1)[0]
        if subject[:1] in ("", "_", "[", "(") or subject in subjects:  # blank nodes
            return None
        subjects.add(subject)
    return header, blocks


def _quads(header: str, blocks: list[str]) -> list[ox.Quad]:
    """The statements of some blocks of one file (parsed with the file's prefixes)."""
    text = header + "\n\n" + "\n\n".join(blocks) + "\n"
    return list(ox.parse(input=text.encode("utf-8"), format=ox.RdfFormat.TURTLE))


def _update(base: Path, old_turtle: Path, turtle: Path, folder: Path) -> bool:
    """Make ``folder`` the store of ``turtle`` from the store ``base`` of ``old_turtle``:
    a checkpoint of ``base``, then the triples of the blocks only the old file has
    deleted and those of the blocks only the new one has inserted. False (and nothing
    written) when that cannot be done exactly or would not be faster: ``base`` not
    stamped with ``old_turtle``, a file not laid out as ``kg build`` writes it, blank
    nodes (SPARQL data blocks cannot name them), too large a change."""
    if not _stamped(base, old_turtle):
        return False
    try:
        old = _blocks(old_turtle.read_text(encoding="utf-8"))
        new = _blocks(turtle.read_text(encoding="utf-8"))
    except (OSError, ValueError):  # (UnicodeDecodeError is a ValueError)
        return False
    if old is None or new is None or old[0] != new[0]:
        return False
    old_set, new_set = set(old[1]), set(new[1])
    gone = sorted(old_set - new_set)
    came = sorted(new_set - old_set)
    if len(gone) + len(came) > DELTA_MAX_SHARE * max(1, len(new[1])):
        return False
    try:
        removed, added = _quads(old[0], gone), _quads(new[0], came)
    except SyntaxError:
        return False  # the bulk load reports the new file's error with its name
    if any(isinstance(q.subject, ox.BlankNode) or isinstance(q.object, ox.BlankNode)
           for q in removed + added):
        return False
    try:
        ox.Store.read_only(str(base)).backup(str(folder))
        store = ox.Store(str(folder))
        if removed:
            store.update("DELETE DATA { " + " ".join(f"{q.triple} ." for q in removed) + " }")
        store.extend(added)
        store.flush()
        # Compacted, as a bulk-loaded store is: the small new files and the deletions
        # left beside the old ones made the itinerary query half as slow again (2 s).
        store.optimize()
        del store  # closes the RocksDB files before the folder moves
    except (OSError, SyntaxError, ValueError, RuntimeError):
        shutil.rmtree(folder, ignore_errors=True)
        return False
    return True


def _install(tmp: Path, location: Path, turtle: Path) -> None:
    """Stamp the loaded store in ``tmp`` with ``turtle`` and swap it in at ``location``."""
    old = location.with_name(f".{location.name}.{os.getpid()}.old")
    try:
        (tmp / STAMP_NAME).write_text(json.dumps(_stamp(turtle)), encoding="utf-8")
        if location.exists():
            os.replace(location, old)
        os.replace(tmp, location)
    finally:
        shutil.rmtree(old, ignore_errors=True)


def _tmp_folder(location: Path) -> Path:
    return location.with_name(f".{location.name}.{os.getpid()}.tmp")


def build_store(turtle: str | os.PathLike[str],
                location: str | os.PathLike[str] | None = None,
                base: str | os.PathLike[str] | None = None) -> Path:
    """Bulk-load the Turtle file into a fresh store at ``location`` (default: beside it).

    The old store, if any, is replaced only once the new one is complete. With ``base``
    (the Turtle file the store at ``location`` was loaded from), the new store is that
    one updated with what changed, when it can be (see the module doc).
    """
    turtle = Path(turtle)
    location = Path(location) if location else store_path(turtle)
    tmp = _tmp_folder(location)
    _clear_leftovers(location)
    try:
        if base is None or not _update(location, Path(base), turtle, tmp):
            _load(turtle, tmp)
        _install(tmp, location, turtle)
    except SyntaxError as exc:
        raise StoreError(syntax_message(turtle, exc)) from None
    except OSError as exc:
        raise StoreError(f"{location}: cannot write the store ({exc.strerror or exc})") from None
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return location


class StoreLoad:
    """A load of a Turtle file running in a child process.

    ``kg build`` starts it as soon as the Turtle is written, so the store is loaded on
    another core while the other exports are written, and the loader's memory is not
    the main process's. :meth:`finish` waits for it and swaps the store in (stamped
    with the final Turtle); :meth:`cancel` stops it and removes what it wrote. With
    ``base`` (the Turtle the store at ``location`` was loaded from, still in place),
    the child updates a checkpoint of that store when it can (see the module doc).
    """

    def __init__(self, turtle: Path, location: Path, base: Path | None = None) -> None:
        self.turtle, self.location = Path(turtle), Path(location)
        self.tmp = _tmp_folder(self.location)
        _clear_leftovers(self.location)
        extra = [str(base), str(self.location)] if base is not None else []
        # The child needs only this module and pyoxigraph: a small process.
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "kg.graph.store", str(self.turtle), str(self.tmp), *extra],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    def wait(self) -> None:
        """Wait for the load; raise :class:`StoreError` (one line) when it failed."""
        if self.proc.returncode == 0:
            return  # waited for already
        _, err = self.proc.communicate()
        if self.proc.returncode != 0:
            shutil.rmtree(self.tmp, ignore_errors=True)
            lines = err.decode("utf-8", "replace").strip().splitlines()
            raise StoreError(lines[-1] if lines else
                             f"{self.location}: the store loader failed "
                             f"(exit status {self.proc.returncode})")

    def finish(self, turtle: str | os.PathLike[str]) -> Path:
        """Wait, then install the store for ``turtle`` (the Turtle's final name)."""
        self.wait()
        try:
            _install(self.tmp, self.location, Path(turtle))
        except OSError as exc:
            raise StoreError(f"{self.location}: cannot write the store "
                             f"({exc.strerror or exc})") from None
        finally:
            shutil.rmtree(self.tmp, ignore_errors=True)
        return self.location

    def cancel(self) -> None:
        """Stop the load (if still running) and remove its folder."""
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.communicate()
        shutil.rmtree(self.tmp, ignore_errors=True)


def open_store(turtle: str | os.PathLike[str]) -> ox.Store | None:
    """The store built from ``turtle``, opened read-only; None when there is none or it
    was not built from this very file (then the caller loads the Turtle itself)."""
    turtle = Path(turtle)
    location = store_path(turtle)
    if not _stamped(location, turtle):
        return None
    try:
        return ox.Store.read_only(str(location))
    except (OSError, ValueError):
        return None


def load_turtle_store(turtle: str | os.PathLike[str]) -> ox.Store:
    """An in-memory store holding the Turtle file (the fallback when no store is built)."""
    store = ox.Store()
    try:
        store.bulk_load(path=str(turtle), format=ox.RdfFormat.TURTLE)
    except SyntaxError as exc:
        raise StoreError(syntax_message(turtle, exc)) from None
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise StoreError(f"{turtle}: cannot read ({exc})") from None
    return store


def query_store(turtle: str | os.PathLike[str]) -> ox.Store:
    """The store to query for ``turtle``: the built one when it matches, else the Turtle
    loaded into memory."""
    return open_store(turtle) or load_turtle_store(turtle)


def _main(argv: list[str]) -> int:
    """``python -m kg.graph.store TURTLE FOLDER [OLD_TURTLE OLD_STORE]``: what
    :class:`StoreLoad` runs (with the last two, an update of OLD_STORE where it can)."""
    turtle, folder = Path(argv[0]), Path(argv[1])
    try:
        if len(argv) < 4 or not _update(Path(argv[3]), Path(argv[2]), turtle, folder):
            _load(turtle, folder)
    except SyntaxError as exc:
        print(syntax_message(turtle, exc), file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"{folder}: cannot write the store ({exc.strerror or exc})", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
