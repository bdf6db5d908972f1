"""Reading input pages: finding the files, decoding them, and page-date overrides.

* :func:`collect_inputs` expands the command-line inputs (files and folders) into a
  sorted list of page files plus one error line per input that yields nothing.
* :func:`read_page` decodes one file into a :class:`kg.model.Page` (UTF-8, UTF-8 with
  BOM, UTF-16/32 with BOM, BOM-less UTF-16, GB18030/GBK) or raises :class:`InputError`
  with a one-line message naming the file and the problem.
* :func:`date_override_for` finds a publication date given by the user rather than
  inferred from the text.
"""

from __future__ import annotations

import bisect
import codecs
import datetime as dt
import os
import re
import stat
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from kg.model import Page
from kg.reading.html import html_to_text, looks_like_html
from kg.reading.xmltext import looks_like_xml, xml_to_text
from kg.terminal import shown

__all__ = ["InputError", "Inputs", "PageFile", "collect_inputs", "read_page", "read_bytes",
           "decode_bytes", "normalise_newlines",
           "date_override_for", "TEXT_SUFFIXES"]

#: File name endings taken from folders. Explicitly named files are always read.
TEXT_SUFFIXES = (".txt", ".text", ".md", ".markdown", ".html", ".htm", ".xml")

#: Side files next to a page that are not pages themselves.
_SIDE_SUFFIXES = (".date",)

# Share of characters that must look like newspaper text (CJK, ASCII, punctuation,
# whitespace) for a GB18030 decoding to be believed: GB18030 decodes many byte
# strings that are not GB text at all.
_MIN_TEXT_SHARE = 0.9


class InputError(Exception):
    """An input file that cannot be used; ``str(err)`` is ``"<path>: <problem>"``
    with the path printed by :func:`kg.terminal.shown` (escaped, one line)."""

    def __init__(self, path: str | os.PathLike[str], problem: str) -> None:
        self.path = Path(path)
        self.problem = problem
        super().__init__(f"{shown(self.path)}: {problem}")


@dataclass(frozen=True)
class PageFile:
    """A page file found in the inputs.

    ``source`` is its identity in the graph (``dcterms:source`` and the article IRIs):
    its path relative to the INPUT it was found under, ``/``-separated, decoded from
    the name's bytes as UTF-8 whatever the locale (just the name when INPUT is the
    file itself or a flat folder).
    """

    path: Path
    source: str


class Inputs(NamedTuple):
    """What :func:`collect_inputs` found."""

    files: list[PageFile]
    errors: list[str]  # one line per input (or file in a folder) that failed
    skipped: list[str]  # one line per thing in a folder that is not read, on purpose


def _source(parts: Sequence[str]) -> str | None:
    """The ``/``-joined UTF-8 name of path parts, or None when a part is not UTF-8."""
    try:
        return "/".join(os.fsencode(p).decode("utf-8") for p in parts)
    except UnicodeDecodeError:
        return None


def _kind(mode: int) -> str:
    for test, name in ((stat.S_ISFIFO, "a FIFO"), (stat.S_ISSOCK, "a socket"),
                       (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device")):
        if test(mode):
            return name
    return "not a regular file"


def _walk(top: Path, found: list[tuple[Path, tuple[str, ...]]], errors: list[str],
          skipped: list[str]) -> None:
    """Page files under ``top`` with their path parts relative to it (recursive).

    Symbolic links are followed, to folders as well; a folder reached twice (a link
    loop, or two links to one folder) is read once. Nothing here opens a file, so a
    FIFO or device cannot block the walk.
    """
    seen: set[tuple[int, int]] = set()
    stack: list[tuple[Path, tuple[str, ...]]] = [(top, ())]
    while stack:
        folder, rel = stack.pop()
        try:
            st = folder.stat()
        except OSError as err:
            errors.append(f"{shown(folder)}: cannot read folder ({err.strerror or err})")
            continue
        if (st.st_dev, st.st_ino) in seen:
            skipped.append(f"{shown(folder)}: skipped (a link to a folder already read)")
            continue
        seen.add((st.st_dev, st.st_ino))
        try:
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: os.fsencode(e.name))
        except OSError as err:
            errors.append(f"{shown(folder)}: cannot read folder ({err.strerror or err})")
            continue
        subfolders = []
        for entry in entries:
            if entry.name.startswith("."):
                continue  # hidden files and folders (.git, .cache, editors' files)
            path = Path(entry.path)
            try:
                est = entry.stat()  # follows links
            except OSError as err:
                if entry.is_symlink():
                    errors.append(f"{shown(path)}: broken link ({err.strerror or err})")
                else:
                    errors.append(f"{shown(path)}: cannot read ({err.strerror or err})")
                continue
            if stat.S_ISDIR(est.st_mode):
                subfolders.append((path, rel + (entry.name,)))
            elif Path(entry.name).suffix.lower() not in TEXT_SUFFIXES:
                continue  # other kinds of file (images, PDFs, .date side files …)
            elif not stat.S_ISREG(est.st_mode):
                skipped.append(f"{shown(path)}: skipped ({_kind(est.st_mode)})")
            else:
                found.append((path, rel + (entry.name,)))
        stack.extend(reversed(subfolders))


def collect_inputs(inputs: Sequence[str | os.PathLike[str]]) -> Inputs:
    """Expand files and folders into page files.

    Folders are searched recursively (following links, once per folder) for files
    ending in one of ``TEXT_SUFFIXES``; hidden files and folders, other kinds of file
    and ``.date`` side files are passed over. A FIFO, socket or device with a page's
    name is skipped and reported; an unreadable folder or a broken link is an error.
    Files named explicitly are taken whatever their name.

    Each file's ``source`` is its path relative to the INPUT it was found under. When
    two inputs yield the same ``source`` (``a/p1.txt`` and ``b/p1.txt`` given as
    ``kg build a b``), each gets its INPUT's name in front, so pages never share an
    identity. A name that is not UTF-8 fails that file only. The same file reached
    twice is read once. Files are in the order of their ``source``.
    """
    errors: list[str] = []
    skipped: list[str] = []
    # (input, path, source parts relative to the input)
    candidates: list[tuple[Path, Path, tuple[str, ...]]] = []
    for raw in inputs:
        path = Path(raw)
        try:
            st = path.stat()
        except FileNotFoundError:
            errors.append(f"{shown(path)}: no such file or folder")
            continue
        except OSError as err:
            errors.append(f"{shown(path)}: cannot read ({err.strerror or err})")
            continue
        if stat.S_ISDIR(st.st_mode):
            found: list[tuple[Path, tuple[str, ...]]] = []
            n_errors = len(errors)
            _walk(path, found, errors, skipped)
            if not found and len(errors) == n_errors:
                errors.append(f"{shown(path)}: no text files found in folder "
                              f"(looked for {', '.join('*' + s for s in TEXT_SUFFIXES)})")
            candidates.extend((path, p, rel) for p, rel in found)
        elif stat.S_ISREG(st.st_mode):
            candidates.append((path, path, (path.name,)))
        else:
            errors.append(f"{shown(path)}: not a regular file or folder ({_kind(st.st_mode)})")

    named: list[tuple[Path, Path, str]] = []
    for top, p, rel in candidates:
        src = _source(rel)
        if src is None:
            errors.append(f"{shown(p)}: file name is not valid UTF-8 (rename the file)")
        else:
            named.append((top, p, src))
    # One identity per page: where inputs collide, put each input's name in front.
    owners: dict[str, set[str]] = {}  # source -> the distinct files claiming it
    for _, p, src in named:
        owners.setdefault(src, set()).add(os.path.realpath(p))
    files: dict[str, PageFile] = {}
    seen: set[str] = set()
    for top, p, src in sorted(named, key=lambda t: (t[2], os.fsencode(t[1]))):
        real = os.path.realpath(p)
        if real in seen:
            continue  # the same file through two inputs or two links
        seen.add(real)
        if len(owners[src]) > 1:
            src = _prefixed(top, src, files)
        files[src] = PageFile(p, src)
    return Inputs([files[k] for k in sorted(files)], errors, skipped)


def _prefixed(top: Path, src: str, taken: dict[str, PageFile]) -> str:
    """``src`` with as much of its input's path in front as makes it unique."""
    folder = Path(os.path.abspath(top))
    parts = (folder if top.is_dir() else folder.parent).parts[1:]
    for n in range(1, len(parts) + 1):
        name = _source(parts[-n:])
        cand = f"{name}/{src}" if name else src
        if name is not None and cand not in taken:
            return cand
    n = 2
    while f"{src}#{n}" in taken:
        n += 1
    return f"{src}#{n}"


# What plausibly belongs on a Chinese newspaper page (one regex pass: a per-character
# loop in Python was most of the time spent reading an archive's cached pages).
_TEXT_CHARS = re.compile(
    "[\x20-\x7e\t\n\r\f"
    "\u4e00-\u9fff"  # CJK unified ideographs
    "\u3400-\u4dbf"  # extension A
    "\u3000-\u303f"  # CJK punctuation
    "\uff00-\uffef"  # full-width forms
    "\u2000-\u206f"  # general punctuation (— “ ” …)
    "\u2460-\u24ff"  # ① ⑴
    "\u2160-\u217f"  # Roman numerals Ⅲ
    "\u25a0-\u25ff"  # ■ ● ◆
    "·×÷°±²³µ¥]+")
_BAD_CONTROL = re.compile("[\x00-\x08\x0e-\x19\x1b-\x1f]")  # C0 but \t\n\v\f\r, \x1a


def _text_share(text: str) -> float:
    """Share of characters that plausibly belong to a Chinese newspaper page."""
    if not text:
        return 0.0
    return sum(m.end() - m.start() for m in _TEXT_CHARS.finditer(text)) / len(text)


def _has_bad_controls(text: str) -> bool:
    """True when the text contains C0 control characters other than whitespace."""
    return _BAD_CONTROL.search(text) is not None


def _utf16_order(data: bytes) -> list[str]:
    """BOM-less UTF-16 byte orders worth trying, most likely first ([] if none).

    In UTF-16 every ASCII character (line breaks, digits) has a NUL high byte: at odd
    positions little-endian, even positions big-endian. CJK characters put a NUL on
    the other side only for U+xx00, so the side with most NULs tells the byte order.
    """
    even, odd = data[0::2].count(0), data[1::2].count(0)
    if max(even, odd) < 2 * min(even, odd) + 1:
        return []
    return ["utf-16-le", "utf-16-be"] if odd > even else ["utf-16-be", "utf-16-le"]


def _where(data: bytes, pos: int) -> str:
    """A byte position as the user can find it: byte offset, line and the bytes there."""
    line = data.count(b"\n", 0, pos) + 1
    return f"byte {pos:,} (line {line}: {data[pos:pos + 4].hex(' ')})"


def _believable(text: str) -> bool:
    return not _has_bad_controls(text) and _text_share(text) >= _MIN_TEXT_SHARE


def decode_bytes(data: bytes, name: str | os.PathLike[str] = "<input>") -> tuple[str, str]:
    """Decode a page's bytes; return (text, encoding name) or raise :class:`InputError`
    naming ``name`` and, when the bytes are not text, where decoding failed.

    Tries, in order: a byte-order mark (UTF-8/16/32, the mark is dropped), BOM-less
    UTF-16 (told by where its NUL bytes fall), strict UTF-8, strict GB18030 (a
    superset of GBK and GB2312) checked to be mostly CJK/ASCII text. Line ends are
    left as they are.
    """
    boms = (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    )
    for bom, enc in boms:
        if data.startswith(bom):
            try:
                return data.decode(enc), enc
            except UnicodeDecodeError as err:
                raise InputError(name, f"not text (starts with a {enc} byte-order mark "
                                       f"but does not decode at {_where(data, err.start)}: "
                                       f"{err.reason})") from None
    if b"\x00" in data:
        orders = _utf16_order(data)
        if orders and len(data) % 2:
            raise InputError(name, "not text (looks like UTF-16 without a byte-order mark, "
                                   "but has an odd number of bytes: cut short?)")
        failed = ""
        for enc in orders:
            try:
                text = data.decode(enc)
            except UnicodeDecodeError as err:
                failed = failed or f"at {_where(data, err.start)}"
                continue
            if _believable(text):
                return text, enc
        if orders:
            raise InputError(name, "not text (looks like UTF-16 without a byte-order mark, "
                                   "but does not decode as text "
                                   f"{failed or 'in either byte order'}; save it with a BOM "
                                   "or as UTF-8)")
        raise InputError(name, "not text (binary data: NUL byte at "
                               f"{_where(data, data.index(0))})")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        not_utf8 = f"not UTF-8 at {_where(data, err.start)}"
    else:
        if _has_bad_controls(text):
            pos = next(i for i, ch in enumerate(text) if ord(ch) < 0x20 and ch not in
                       "\t\n\r\f\v\x1a")
            raise InputError(name, "not text (binary data: control character at "
                                   f"{_where(data, len(text[:pos].encode('utf-8')))})")
        return text, "utf-8"
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError as err:
        raise InputError(name, f"not text ({not_utf8}, nor GB18030 at "
                               f"{_where(data, err.start)})") from None
    if not _believable(text):
        raise InputError(name, f"not text ({not_utf8}, and as GB18030 it does not "
                               "look like Chinese text)")
    return text, "gb18030"


def read_bytes(path: Path, max_bytes: int = 20_000_000) -> bytes:
    """The file's bytes, refusing anything but a regular file of at most ``max_bytes``.

    Opened without blocking (a FIFO with no writer would hang a plain open) and read
    with a bound (a link to ``/dev/zero`` or a growing file never ends).
    """
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise InputError(path, "no such file") from None
    except IsADirectoryError:
        raise InputError(path, "is a folder, not a file") from None
    except OSError as err:
        raise InputError(path, f"cannot read ({err.strerror or err})") from None
    try:
        st = os.fstat(fd)
        if stat.S_ISDIR(st.st_mode):
            raise InputError(path, "is a folder, not a file")
        if not stat.S_ISREG(st.st_mode):
            raise InputError(path, f"not a regular file ({_kind(st.st_mode)})")
        if st.st_size > max_bytes:
            raise InputError(path, f"too large ({st.st_size:,} bytes; "
                                   f"the limit is {max_bytes:,} bytes)")
        with os.fdopen(fd, "rb", closefd=False) as fh:
            data = fh.read(max_bytes + 1)
    except OSError as err:
        raise InputError(path, f"cannot read ({err.strerror or err})") from None
    finally:
        os.close(fd)
    if len(data) > max_bytes:  # the file grew between stat and read
        raise InputError(path, f"too large (over {max_bytes:,} bytes, the limit)")
    return data


def normalise_newlines(text: str) -> tuple[str, Callable[[int], int]]:
    """``text`` with ``\\r\\n`` and ``\\r`` made ``\\n``, and a function taking an
    offset into the result back to the same place in ``text`` (for spans' start and
    end alike: an end just after a ``\\n`` from ``\\r\\n`` lands after both)."""
    collapsed: list[int] = []  # result offsets of the "\n" of each "\r\n"
    if "\r" not in text:
        return text, lambda i: i
    out: list[str] = []
    i = length = 0
    for m in re.finditer("\r\n?", text):
        out.append(text[i:m.start()])
        length += m.start() - i
        if m.end() - m.start() == 2:
            collapsed.append(length)
        out.append("\n")
        length += 1
        i = m.end()
    out.append(text[i:])

    def original(offset: int) -> int:
        return offset + bisect.bisect_left(collapsed, offset)

    return "".join(out), original


def read_page(path: Path, *, source: str | None = None, max_bytes: int = 20_000_000) -> Page:
    """Read and decode one page file (see :func:`decode_bytes`).

    ``source`` is the page's identity (:attr:`PageFile.source`); by default the file's
    name. Line endings are normalised to ``"\\n"``. Raises :class:`InputError` for a
    missing, unreadable, empty, binary, undecodable or too large (over ``max_bytes``)
    file, or one that is not a regular file.
    """
    path = Path(path)
    data = read_bytes(path, max_bytes)
    if not data:
        raise InputError(path, "empty file")
    text, encoding = decode_bytes(data, path)
    text = normalise_newlines(text)[0]
    if not text.strip():
        raise InputError(path, "empty file (only whitespace)")
    if source is None:
        source = _source([path.name]) or path.name.encode("utf-8", "replace").decode()
    if path.suffix.lower() in (".html", ".htm") or looks_like_html(text):
        return _html_page(path, source, text, encoding)
    if path.suffix.lower() == ".xml" or looks_like_xml(text):
        return _xml_page(path, source, text, encoding)
    return Page(source=source, path=str(path), text=text, encoding=encoding)


def _html_page(path: Path, source: str, text: str, encoding: str) -> Page:
    """An HTML page as the text the segmenter reads (kg.reading.html), dated by its
    metadata where it has a date."""
    got = html_to_text(text)
    return _rendered_page(path, source, got.text, got.date, encoding, "HTML")


def _xml_page(path: Path, source: str, text: str, encoding: str) -> Page:
    """An XML news file as the text the segmenter reads (kg.reading.xmltext), dated by
    its date element where it has one."""
    try:
        got = xml_to_text(text)
    except ValueError as err:
        raise InputError(path, str(err)) from None
    return _rendered_page(path, source, got.text, got.date, encoding, "XML")


def _rendered_page(path: Path, source: str, text: str, date: dt.date | None,
                   encoding: str, kind: str) -> Page:
    """A page rendered from markup, one paragraph a line: every line end is the
    writer's (``hard_lines``)."""
    if not text.strip():
        raise InputError(path, f"{kind} {'page' if kind == 'HTML' else 'file'} "
                               "without any text")
    page = Page(source=source, path=str(path), text=text, encoding=encoding,
                hard_lines=True)
    if date is not None:
        page.date, page.date_method = date, f"{kind} metadata"
    return page


_ISO_DASHED = re.compile(r"(?<![0-9A-Za-z])((?:19|20)\d\d)-(\d\d)-(\d\d)(?![0-9A-Za-z])")
_ISO_COMPACT = re.compile(r"(?<![0-9A-Za-z])((?:19|20)\d\d)(\d\d)(\d\d)(?![0-9A-Za-z])")


def _iso_in_name(name: str) -> dt.date | None:
    for rx in (_ISO_DASHED, _ISO_COMPACT):
        for m in rx.finditer(name):
            try:
                return dt.date(int(m[1]), int(m[2]), int(m[3]))
            except ValueError:
                continue
    return None


def date_override_for(path: Path) -> tuple[dt.date | None, str]:
    """A publication date for ``path`` given by the user, if any.

    Checked in order:

    1. a side file next to the page named ``<file name>.date`` (``x.txt.date``) or
       ``<stem>.date`` (``x.date``), holding an ISO date ``YYYY-MM-DD`` (blank lines
       and ``#`` comments ignored) -> method ``"side file"``;
    2. an ISO date ``YYYY-MM-DD`` or ``YYYYMMDD`` in the file name, standing apart
       from other letters and digits (``hydaily_2020-04-09.txt``,
       ``20200409_p1.txt``) -> method ``"file name"``.

    Returns ``(None, "")`` when neither applies. A side file that exists but does not
    hold a valid ISO date raises :class:`InputError` (naming the side file), because
    silently ignoring a date the user meant to give would be worse.
    """
    path = Path(path)
    for side in (path.with_name(path.name + ".date"), path.with_suffix(".date")):
        if side == path or not side.is_file():
            continue
        try:
            content = side.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as err:
            raise InputError(side, f"cannot read date side file ({err})") from None
        lines = [ln.split("#", 1)[0].strip() for ln in content.splitlines()]
        lines = [ln for ln in lines if ln]
        try:
            if len(lines) != 1:
                raise ValueError
            return dt.date.fromisoformat(lines[0]), "side file"
        except ValueError:
            raise InputError(side, "date side file must hold one ISO date (YYYY-MM-DD)") from None
    found = _iso_in_name(path.name)
    if found:
        return found, "file name"
    return None, ""
