"""Tests for kg.reading.files: input collection, decoding, errors and date overrides."""

from __future__ import annotations

import datetime as dt
import os
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.reading.files import InputError, collect_inputs, date_override_for, read_page
from kg.terminal import shown

SAMPLE = "本报讯 4月8日，市委书记王小明赴某县调研。\n第二段。\n"
SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def write(p: Path, data: bytes) -> Path:
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_bytes(data)
    return p


# ---------------------------------------------------------------- collect_inputs

def test_collect_expands_folders_recursively_and_sorts(tmp_path: Path) -> None:
    write(tmp_path / "b.txt", b"x")
    write(tmp_path / "a.txt", b"x")
    write(tmp_path / "sub" / "c.md", b"x")
    write(tmp_path / "sub" / "image.png", b"\x89PNG")
    write(tmp_path / ".hidden.txt", b"x")
    write(tmp_path / ".git" / "d.txt", b"x")
    write(tmp_path / "a.txt.date", b"2020-01-01")
    files, errors, skipped = collect_inputs([tmp_path])
    assert errors == [] and skipped == []
    assert [f.path.relative_to(tmp_path).as_posix() for f in files] == ["a.txt", "b.txt",
                                                                        "sub/c.md"]
    assert [f.source for f in files] == ["a.txt", "b.txt", "sub/c.md"]


def test_collect_deduplicates_and_reports_missing(tmp_path: Path) -> None:
    a = write(tmp_path / "a.txt", b"x")
    files, errors, _ = collect_inputs([a, tmp_path, tmp_path / "nope.txt"])
    assert [f.path for f in files] == [a]
    assert len(errors) == 1 and "nope.txt" in errors[0] and "no such file" in errors[0]


def test_collect_empty_folder_is_an_error(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    write(empty / "notes.json", b"{}")
    files, errors, _ = collect_inputs([empty])
    assert files == []
    assert len(errors) == 1 and str(empty) in errors[0] and "no text files" in errors[0]


def test_collect_explicit_file_with_any_name(tmp_path: Path) -> None:
    p = write(tmp_path / "page.dat", SAMPLE.encode())
    files, errors, _ = collect_inputs([str(p)])
    assert [(f.path, f.source) for f in files] == [(p, "page.dat")] and errors == []


def test_collect_seed_folder() -> None:
    files, errors, _ = collect_inputs([SEEDS])
    assert errors == []
    assert [f.source[:3] for f in files] == ["000", "001", "002", "003", "004"]


# ---------------------------------------------------------------- read_page

@pytest.mark.parametrize("encoding,expected", [
    ("utf-8", "utf-8"),
    ("utf-8-sig", "utf-8-sig"),
    ("utf-16", "utf-16"),
    ("utf-16-be", "utf-16-be"),  # no BOM: told by the NUL bytes of line breaks, digits
    ("utf-16-le", "utf-16-le"),
    ("gb18030", "gb18030"),
    ("gbk", "gb18030"),
])
def test_read_encodings(tmp_path: Path, encoding: str, expected: str | None) -> None:
    p = write(tmp_path / "p.txt", SAMPLE.encode(encoding))
    if expected is None:
        with pytest.raises(InputError):
            read_page(p)
        return
    page = read_page(p)
    assert page.text == SAMPLE
    assert page.encoding == expected
    assert not page.text.startswith("\ufeff")
    assert page.source == "p.txt" and page.path == str(p)


def test_read_bomless_utf16_ascii(tmp_path: Path) -> None:
    text = "Report of 2020-04-09, page 1\nsecond line\n"
    p = write(tmp_path / "p.txt", text.encode("utf-16-le"))
    page = read_page(p)
    assert page.text == text and page.encoding == "utf-16-le"


def test_line_endings_normalised(tmp_path: Path) -> None:
    p = write(tmp_path / "p.txt", "一行\r\n二行\r三行\n".encode())
    assert read_page(p).text == "一行\n二行\n三行\n"


def test_empty_and_whitespace_files(tmp_path: Path) -> None:
    p = write(tmp_path / "e.txt", b"")
    with pytest.raises(InputError) as err:
        read_page(p)
    assert str(err.value) == f"{p}: empty file"
    assert err.value.path == p
    p2 = write(tmp_path / "w.txt", "\ufeff \n\n".encode("utf-8"))
    with pytest.raises(InputError, match="empty"):
        read_page(p2)


def test_binary_file(tmp_path: Path) -> None:
    p = write(tmp_path / "x.txt", bytes(range(256)) * 4)
    with pytest.raises(InputError) as err:
        read_page(p)
    assert str(err.value).startswith(f"{p}: not text")
    assert "\n" not in str(err.value)


def test_latin1_garbage_is_rejected(tmp_path: Path) -> None:
    # Random high bytes without NULs: not UTF-8; GB18030 may decode part of it but
    # the result must not pass as Chinese text.
    data = bytes((i * 37 + 11) % 256 for i in range(3000)).replace(b"\x00", b"\x01")
    p = write(tmp_path / "x.txt", data)
    with pytest.raises(InputError, match="not text"):
        read_page(p)


def test_too_large(tmp_path: Path) -> None:
    p = write(tmp_path / "big.txt", ("字" * 100).encode())
    with pytest.raises(InputError) as err:
        read_page(p, max_bytes=50)
    msg = str(err.value)
    assert "too large" in msg and "300" in msg and "50" in msg


def test_missing_and_folder(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_page(tmp_path / "missing.txt")
    with pytest.raises(InputError, match="folder"):
        read_page(tmp_path)


def test_reads_all_seeds() -> None:
    for p in sorted(SEEDS.glob("*.txt")):
        page = read_page(p)
        assert "本报讯" in page.text and "\r" not in page.text


# ---------------------------------------------------------------- date_override_for

def test_override_side_file(tmp_path: Path) -> None:
    p = write(tmp_path / "page.txt", SAMPLE.encode())
    assert date_override_for(p) == (None, "")
    (tmp_path / "page.txt.date").write_text("# published\n2020-04-09\n", encoding="utf-8")
    assert date_override_for(p) == (dt.date(2020, 4, 9), "side file")


def test_override_side_file_by_stem(tmp_path: Path) -> None:
    p = write(tmp_path / "page_20190101.txt", SAMPLE.encode())
    (tmp_path / "page_20190101.date").write_text("2021-12-31", encoding="utf-8")
    # The side file wins over the date in the name.
    assert date_override_for(p) == (dt.date(2021, 12, 31), "side file")


def test_override_bad_side_file(tmp_path: Path) -> None:
    p = write(tmp_path / "page.txt", SAMPLE.encode())
    (tmp_path / "page.txt.date").write_text("4月9日", encoding="utf-8")
    with pytest.raises(InputError, match="page.txt.date"):
        date_override_for(p)


@pytest.mark.parametrize("name,expected", [
    ("hydaily_2020-04-09.txt", dt.date(2020, 4, 9)),
    ("20191231_p2.txt", dt.date(2019, 12, 31)),
    ("p-2020-02-30.txt", None),  # not a real day
    ("000_b6e2a587ec727e97.txt", None),
    ("a20200409b.txt", None),  # glued to letters: part of a hash, not a date
    ("page_12345678.txt", None),
])
def test_override_file_name(tmp_path: Path, name: str, expected: dt.date | None) -> None:
    p = write(tmp_path / name, SAMPLE.encode())
    got = date_override_for(p)
    assert got == ((expected, "file name") if expected else (None, ""))


# ------------------------------------------------- issue 9: identity, folders, names

@contextmanager
def no_longer_than(seconds: float) -> Iterator[None]:
    """Fail (instead of hanging the suite) when the block blocks: SIGALRM interrupts a
    blocking open() or read()."""
    def stop(signum, frame):
        raise TimeoutError(f"blocked for more than {seconds} s")

    old = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def sources(inputs) -> list[str]:
    return [f.source for f in collect_inputs(inputs)[0]]


def test_same_name_in_two_folders_are_two_sources(tmp_path: Path) -> None:
    """Regression: 2020-04-09/page1.txt and 2020-04-10/page1.txt were both "page1.txt"."""
    write(tmp_path / "2020-04-09" / "page1.txt", b"x")
    write(tmp_path / "2020-04-10" / "page1.txt", b"x")
    write(tmp_path / "top.txt", b"x")
    assert sources([tmp_path]) == ["2020-04-09/page1.txt", "2020-04-10/page1.txt", "top.txt"]
    # relative to the input given, however it is spelled, from wherever it is run
    assert sources([tmp_path / "2020-04-09"]) == ["page1.txt"]
    assert sources([tmp_path / "2020-04-09" / "page1.txt"]) == ["page1.txt"]
    assert sources([str(tmp_path) + "/"]) == sources([tmp_path.resolve()]) == sources([tmp_path])


def test_two_inputs_with_the_same_names_stay_apart(tmp_path: Path) -> None:
    write(tmp_path / "east" / "page1.txt", b"x")
    write(tmp_path / "west" / "page1.txt", b"x")
    got = sources([tmp_path / "east", tmp_path / "west"])
    assert got == ["east/page1.txt", "west/page1.txt"]
    # the same file named twice is read once, under one name
    assert sources([tmp_path / "east", tmp_path / "east" / "page1.txt"]) == ["page1.txt"]


def test_fifo_and_device_links_are_skipped_by_name_without_blocking(tmp_path: Path) -> None:
    """Regression: a FIFO in a folder hung the build; a link to /dev/zero was read
    without the size limit."""
    write(tmp_path / "good.txt", SAMPLE.encode())
    os.mkfifo(tmp_path / "pipe.txt")
    (tmp_path / "zero.txt").symlink_to("/dev/zero")
    with no_longer_than(20):
        files, errors, skipped = collect_inputs([tmp_path])
        assert [f.source for f in files] == ["good.txt"]
        assert errors == []
        assert len(skipped) == 2
        assert "pipe.txt" in skipped[0] and "FIFO" in skipped[0]
        assert "zero.txt" in skipped[1] and "device" in skipped[1]
        # named explicitly: refused at once, not read forever
        for name, kind in (("pipe.txt", "FIFO"), ("zero.txt", "device")):
            with pytest.raises(InputError, match=kind):
                read_page(tmp_path / name)


def test_linked_subfolders_are_followed_once(tmp_path: Path) -> None:
    """Regression: symlinked subfolders were silently not followed."""
    corpus, elsewhere = tmp_path / "corpus", tmp_path / "elsewhere"
    write(corpus / "a.txt", b"x")
    write(elsewhere / "b.txt", b"x")
    (corpus / "more").symlink_to(elsewhere)
    (corpus / "loop").symlink_to(corpus)  # a link back up: read once, reported
    (corpus / "gone.txt").symlink_to(tmp_path / "missing.txt")
    files, errors, skipped = collect_inputs([corpus])
    assert [f.source for f in files] == ["a.txt", "more/b.txt"]
    assert [e for e in errors if "gone.txt" in e and "broken link" in e] == errors
    assert len(skipped) == 1 and "loop" in skipped[0] and "already read" in skipped[0]


def test_unreadable_subfolder_is_an_error_by_name(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """Regression: an unreadable subfolder was skipped silently. (Simulated: the tests
    may run as root, who can read any folder.)"""
    write(tmp_path / "a.txt", b"x")
    write(tmp_path / "locked" / "b.txt", b"x")
    real = os.scandir

    def scandir(path):
        if Path(path).name == "locked":
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    files, errors, _ = collect_inputs([tmp_path])
    assert [f.source for f in files] == ["a.txt"]
    assert len(errors) == 1 and "locked" in errors[0] and "Permission denied" in errors[0]


def test_name_that_is_not_utf8_fails_that_file_only(tmp_path: Path) -> None:
    write(tmp_path / "good.txt", b"x")
    bad = os.fsdecode(os.fsencode(str(tmp_path)) + b"/\xd0\xc2\xce\xc5.txt")  # GBK bytes
    write(Path(bad), b"x")
    files, errors, _ = collect_inputs([tmp_path])
    assert [f.source for f in files] == ["good.txt"]
    assert len(errors) == 1 and "not valid UTF-8" in errors[0]
    assert "\\xd0\\xc2\\xce\\xc5.txt" in errors[0]  # escaped, printable anywhere
    errors[0].encode("ascii", "strict")  # nothing a terminal could misread


def test_hostile_names_are_printed_escaped(tmp_path: Path) -> None:
    for name in ("two\nlines.txt", "\x1b[31mred.txt"):
        with pytest.raises(InputError) as exc:
            read_page(write(tmp_path / name, b""))
        line = str(exc.value)
        assert "\n" not in line and "\x1b" not in line
        assert "\\n" in line or "\\x1b" in line
    assert shown("a\u202egnp.txt") == "a\\u202egnp.txt"  # no right-to-left trick


def test_undecodable_file_says_where(tmp_path: Path) -> None:
    data = ("第一行\n第二行\n").encode() + b"\xff\xfe\xfd garbage \x81\n"
    with pytest.raises(InputError, match=r"byte 20 \(line 3") as exc:
        read_page(write(tmp_path / "p.txt", data))
    assert "UTF-8" in str(exc.value)


def test_bomless_utf16_that_does_not_decode_is_reported_as_such(tmp_path: Path) -> None:
    data = SAMPLE.encode("utf-16-le")
    data = data[:10] + b"\x00\xd8" + data[12:]  # an unpaired surrogate
    with pytest.raises(InputError, match="UTF-16 without a byte-order mark") as exc:
        read_page(write(tmp_path / "p.txt", data))
    assert "binary" not in str(exc.value)


def _share_one_by_one(text: str) -> float:
    """The per-character definition the regex of _text_share replaced."""
    good = 0
    for ch in text:
        cp = ord(ch)
        if (0x20 <= cp < 0x7F or ch in "\t\n\r\f" or 0x4E00 <= cp <= 0x9FFF
                or 0x3400 <= cp <= 0x4DBF or 0x3000 <= cp <= 0x303F or 0xFF00 <= cp <= 0xFFEF
                or 0x2000 <= cp <= 0x206F or 0x2460 <= cp <= 0x24FF or 0x2160 <= cp <= 0x217F
                or 0x25A0 <= cp <= 0x25FF or ch in "·×÷°±²³µ¥"):
            good += 1
    return good / len(text) if text else 0.0


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=0x10FFFF, blacklist_categories=("Cs",)),
               max_size=60))
def test_text_share_and_controls_match_their_definitions(text: str) -> None:
    from kg.reading.files import _has_bad_controls, _text_share

    assert _text_share(text) == pytest.approx(_share_one_by_one(text))
    assert _has_bad_controls(text) == any(ord(ch) < 0x20 and ch not in "\t\n\r\f\v\x1a"
                                          for ch in text)
