"""Run one step of a build in a forked child process, on the machine's other core.

After the graph is built, the steps that read it (the SHACL check, the Turtle, the
GEXF) do not depend on each other. A forked child sees the parent's graph as it is
(copy-on-write, nothing is pickled or re-parsed), runs the same function the parent
would have run, and sends back only its small result. Whatever the child writes
through :mod:`kg.export.atomic` inside an open :func:`~kg.export.atomic.output_set`
stays under its temporary name and is handed back to the parent's set, so the files
are still renamed into place together, at the set's end, or removed on an error.

Outputs are byte-identical to a serial run: the child runs the very same code on the
very same objects. Where ``os.fork`` does not exist, callers run the step in-process
(:func:`can_fork`).
"""

from __future__ import annotations

import os
import pickle
import signal
from pathlib import Path
from typing import Any, Callable

from kg.export.atomic import adopt_pending, child_pending


def can_fork() -> bool:
    """Whether steps can run in forked children here (POSIX)."""
    return hasattr(os, "fork")


def _transportable(exc: BaseException) -> BaseException:
    """``exc`` if it survives pickling, else a RuntimeError carrying its text."""
    try:
        pickle.loads(pickle.dumps(exc))
        return exc
    except Exception:
        return RuntimeError(f"{type(exc).__name__}: {exc}")


class Forked:
    """``fn()`` running in a forked child; :meth:`result` waits for it and returns its
    value (or raises its exception), :meth:`cancel` stops it.

    Call it from a process without other threads running (a fork copies only the
    calling thread). The child never returns into the caller's code: it leaves by
    ``os._exit``, so no ``finally`` block, ``atexit`` hook or destructor of the parent's
    runs twice (and the child does not spend time freeing the graph it inherited).
    """

    def __init__(self, fn: Callable[[], Any]) -> None:
        read, write = os.pipe()
        self.pid = os.fork()
        if self.pid == 0:  # the child
            try:
                os.close(read)
                pending = child_pending()
                try:
                    payload: tuple = ("ok", fn(), pending)
                except BaseException as exc:  # noqa: BLE001 - everything goes to the parent
                    for tmp, _ in pending:
                        Path(tmp).unlink(missing_ok=True)
                    payload = ("err", _transportable(exc), [])
                try:
                    data = pickle.dumps(payload)
                except Exception as exc:  # noqa: BLE001 - an unpicklable result
                    data = pickle.dumps(("err", _transportable(exc), []))
                view = memoryview(data)
                while view:
                    view = view[os.write(write, view):]
            finally:
                os._exit(0)
        os.close(write)
        self._read: int | None = read
        self.done = False

    def _collect(self) -> bytes:
        chunks = []
        assert self._read is not None
        try:
            while chunk := os.read(self._read, 1 << 20):
                chunks.append(chunk)
        finally:
            os.close(self._read)
            self._read = None
        _, status = os.waitpid(self.pid, 0)
        self.done = True
        data = b"".join(chunks)
        if not data:
            sig = os.WTERMSIG(status) if os.WIFSIGNALED(status) else 0
            raise RuntimeError(f"a build step's child process died"
                               f"{f' (signal {sig})' if sig else ''} without a result")
        return data

    def result(self) -> Any:
        """Wait for the child; return ``fn()``'s value or raise its exception. Files it
        wrote inside an output set join the caller's set."""
        kind, value, pending = pickle.loads(self._collect())
        if kind == "err":
            raise value
        adopt_pending(pending)
        return value

    def cancel(self) -> None:
        """Stop the child if it is still running (its temporary files, if any, are
        removed by the next build into the folder: ``remove_leftovers``)."""
        if self.done:
            return
        try:
            os.kill(self.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        if self._read is not None:
            os.close(self._read)
            self._read = None
        os.waitpid(self.pid, 0)
        self.done = True
