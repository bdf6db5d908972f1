"""Progress display: silent when asked or off a terminal; rate, ETA and a summary line."""

import io

from kg.progress import progress_reporter


class _Tty(io.StringIO):
    def isatty(self) -> bool:  # a terminal, as far as the reporter can tell
        return True


def test_quiet_gives_no_callback() -> None:
    with progress_reporter(quiet=True, stream=_Tty()) as cb:
        assert cb is None


def test_not_a_terminal_gives_no_callback() -> None:
    buf = io.StringIO()
    with progress_reporter(stream=buf) as cb:
        assert cb is None
    assert buf.getvalue() == ""


def test_terminal_shows_rate_eta_and_one_summary_line() -> None:
    buf = _Tty()
    with progress_reporter(stream=buf) as cb:
        assert cb is not None
        for i in range(1, 41):
            cb(i, 40)
    text = buf.getvalue()
    assert "page/s" in text or "s/page" in text  # the rate
    assert "<" in text  # tqdm's elapsed<remaining: the time left
    last = text.strip().splitlines()[-1].split("\r")[-1]
    assert last.startswith("extracted 40 pages in ")
    assert last.endswith("pages/s)")


def test_no_pages_no_summary() -> None:
    buf = _Tty()
    with progress_reporter(stream=buf):
        pass
    assert buf.getvalue() == ""
