"""Atomic file output: write to a temporary file in the target folder, then rename.

``os.replace`` within one folder is atomic, so a reader sees the old file or the new
one, never a half-written one; on any error the temporary file is removed and the
previous output (if any) is left untouched.

For a set of files that belong together (the outputs of one build), :func:`output_set`
holds every rename back until all of them are written, and :func:`locked_folder` keeps
a second build from writing into the same folder at the same time. Temporary files are
named ``.<name>.<random>.tmp``; :func:`remove_leftovers` clears those a killed run left.
A file that cannot be written raises :class:`OutputError`, whose text names it.
"""

from __future__ import annotations

import errno
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import IO, Any

from kg.terminal import shown

try:  # POSIX; elsewhere builds into one folder are not kept apart
    import fcntl
except ImportError:  # pragma: no cover
    fcntl = None  # type: ignore[assignment]

#: The lock file of an output folder (kept: removing it would race with a waiting build).
LOCK_NAME = ".kg.lock"

# (temporary file, target) pairs whose rename waits for the end of an output_set.
_PENDING: ContextVar[list[tuple[Path, Path]] | None] = ContextVar("kg_pending_renames",
                                                                  default=None)


class OutputError(OSError):
    """An output file or folder that cannot be written: ``"<path>: cannot write (why)"``."""

    def __init__(self, path: str | os.PathLike[str], err: BaseException) -> None:
        why = getattr(err, "strerror", None) or str(err) or type(err).__name__
        if getattr(err, "errno", None) == errno.ENOSPC:
            why = "No space left on device"
        super().__init__(f"{shown(Path(path))}: cannot write ({why})")

    def __reduce__(self):  # type: ignore[no-untyped-def]
        # OSError pickles as cls(*args); ours takes (path, err): rebuild from the text
        # (a forked export step sends its error to the parent: kg.export.forked).
        return (_output_error, (str(self),))


def _output_error(message: str) -> OutputError:
    exc = OutputError.__new__(OutputError)
    OSError.__init__(exc, message)
    return exc


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@contextmanager
def atomic_path(path: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a temporary path next to ``path``; on success it replaces ``path``.

    The parent folder is created when missing. On an exception inside the block the
    temporary file is deleted and the exception propagates.
    """
    target = Path(path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp",
                                        dir=target.parent)
        os.close(fd)
    except OSError as err:
        raise OutputError(target, err) from err
    tmp = Path(tmp_name)
    pending = _PENDING.get()
    try:
        try:
            yield tmp
            # mkstemp makes the file 0600; give the result the usual permissions.
            os.chmod(tmp, 0o666 & ~_umask())
            if pending is None:
                os.replace(tmp, target)
        except OutputError:
            raise
        except OSError as err:  # a full disk, a folder made read-only meanwhile …
            raise OutputError(target, err) from err
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    if pending is not None:
        pending.append((tmp, target))


def atomic_write(path: str | os.PathLike[str],
                 content: bytes | str | Callable[[Path], Any]) -> Path:
    """Write ``content`` to ``path`` atomically; return ``path``.

    ``content`` is bytes, text (written as UTF-8), or a function ``write_fn(tmp_path)``
    that writes the temporary file itself (rdflib, networkx and pyvis write to paths).
    """
    with atomic_path(path) as tmp:
        if isinstance(content, bytes):
            tmp.write_bytes(content)
        elif isinstance(content, str):
            tmp.write_text(content, encoding="utf-8")
        else:
            content(tmp)
    return Path(path)


@contextmanager
def atomic_open(path: str | os.PathLike[str], mode: str = "w",
                encoding: str | None = "utf-8") -> Iterator[IO[Any]]:
    """Like ``open(path, mode)`` for writing, but the file appears only when complete."""
    if "b" in mode:
        encoding = None
    with atomic_path(path) as tmp:
        with open(tmp, mode, encoding=encoding) as fh:
            yield fh


@contextmanager
def output_set() -> Iterator[None]:
    """Files written atomically inside the block appear together at its end.

    Each file is written to its temporary name; only when the block completes are
    they all renamed into place, one right after the other. On any error inside the
    block every temporary file is removed and all previous files stay as they were.
    """
    pending: list[tuple[Path, Path]] = []
    token = _PENDING.set(pending)
    try:
        yield
    except BaseException:
        for tmp, _ in pending:
            tmp.unlink(missing_ok=True)
        raise
    finally:
        _PENDING.reset(token)
    for i, (tmp, target) in enumerate(pending):
        try:
            os.replace(tmp, target)
        except OSError as err:
            for later, _ in pending[i:]:
                later.unlink(missing_ok=True)
            raise OutputError(target, err) from err


def child_pending() -> list[tuple[Path, Path]]:
    """In a forked child (:mod:`kg.export.forked`): a fresh list collecting the files the
    child writes inside the parent's open :func:`output_set` (empty and unused outside
    one), so they can be handed back to the parent with :func:`adopt_pending`."""
    pending: list[tuple[Path, Path]] = []
    if _PENDING.get() is not None:
        _PENDING.set(pending)
    return pending


def adopt_pending(pairs: Iterable[tuple[Path, Path]]) -> None:
    """Add (temporary file, target) pairs a child wrote to the open :func:`output_set`
    (renamed with the set's other files); outside a set, rename them now."""
    pending = _PENDING.get()
    for tmp, target in pairs:
        if pending is None:
            os.replace(tmp, target)
        else:
            pending.append((Path(tmp), Path(target)))


def pending_file(path: str | os.PathLike[str]) -> Path:
    """Where ``path``'s content is now: the temporary file whose rename to ``path``
    waits for the end of the open :func:`output_set`, else ``path`` itself (so a
    reader, like the store loader, can start before the set is renamed into place)."""
    target = Path(path)
    for tmp, dest in _PENDING.get() or ():
        if dest == target:
            return tmp
    return target


@contextmanager
def locked_folder(folder: str | os.PathLike[str],
                  on_wait: Callable[[], None] | None = None) -> Iterator[Path]:
    """Hold the folder's lock (``LOCK_NAME``, an advisory ``flock``) for the block.

    A second holder waits (``on_wait`` is called first, to say so) until the first is
    done, so two builds into one folder never interleave their files. The lock goes
    with the process, so a killed build never leaves the folder locked.
    """
    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd = os.open(folder / LOCK_NAME, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0),
                     0o666)
    except OSError as err:
        raise OutputError(folder, err) from err
    try:
        if fcntl is not None:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                if on_wait is not None:
                    on_wait()
                fcntl.flock(fd, fcntl.LOCK_EX)
        yield folder
    finally:
        os.close(fd)  # releases the lock


def remove_leftovers(folder: str | os.PathLike[str], names: Iterable[str]) -> list[Path]:
    """Remove the temporary files of ``names`` (``.<name>.*.tmp``) in ``folder``.

    Call it holding the folder's lock: then no live writer owns such a file, and any
    found was left by a run that was killed. Returns what was removed.
    """
    folder = Path(folder)
    removed = []
    for name in names:
        for tmp in sorted(folder.glob(f".{name}.*.tmp")):
            try:
                if tmp.is_file() and not tmp.is_symlink():
                    tmp.unlink()
                    removed.append(tmp)
            except OSError:
                pass  # not ours to fight over; the next run tries again
    return removed
