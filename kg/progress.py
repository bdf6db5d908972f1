"""Progress on stderr for long builds: shown only on a terminal and never with --quiet.

The bar (tqdm) shows pages done, the rate and the time left; when it closes, one
summary line says how many pages were extracted, in how long and at what rate.
"""

from __future__ import annotations

import sys
import time
from contextlib import contextmanager
from typing import Callable, Iterator, TextIO


@contextmanager
def progress_reporter(*, quiet: bool = False, stream: TextIO | None = None
                      ) -> Iterator[Callable[[int, int], None] | None]:
    """Yield a ``progress(done, total)`` callback drawing a tqdm bar, or None when silent.

    Silent with ``quiet`` or when ``stream`` (default: stderr) is not a terminal, so
    logs and pipes stay clean.
    """
    out = stream if stream is not None else sys.stderr
    if quiet or not out.isatty():
        yield None
        return
    from tqdm import tqdm

    bar = None
    started = time.perf_counter()
    done_pages = 0

    def update(done: int, total: int) -> None:
        nonlocal bar, done_pages
        if bar is None:
            bar = tqdm(total=total, unit="page", file=out, leave=False, smoothing=0.1,
                       desc="extracting")
        bar.update(done - bar.n)
        done_pages = done

    try:
        yield update
    finally:
        if bar is not None:
            bar.close()
            secs = time.perf_counter() - started
            rate = done_pages / secs if secs > 0 else float("nan")
            print(f"extracted {done_pages} pages in {secs:.1f} s ({rate:.1f} pages/s)",
                  file=out)
