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

import codecs
import datetime as dt
import os
import re
from collections.abc import Sequence
from pathlib import Path

from kg.model import Page
from kg.reading.html import html_to_text, looks_like_html

__all__ = ["InputError", "collect_inputs", "read_page", "date_override_for", "TEXT_SUFFIXES"]

#: File name endings taken from folders. Explicitly named files are always read.
TEXT_SUFFIXES = (".txt", ".text", ".md", ".markdown", ".html", ".htm")

#: Side files next to a page that are not pages themselves.
_SIDE_SUFFIXES = (".date",)

# Share of characters that must look like newspaper text (CJK, ASCII, punctuation,
# whitespace) for a GB18030 decoding to be believed: GB18030 decodes many byte
# strings that are not GB text at all.
_MIN_TEXT_SHARE = 0.9


class InputError(Exception):
    """An input file that cannot be used; ``str(err)`` is ``"<path>: <problem>"``."""

    def __init__(self, path: str | Path, problem: str) -> None:
        self.path = Path(path)
        self.problem = problem
        super().__init__(f"{path}: {problem}")


def _is_hidden(path: Path) -> bool:
    return path.name.startswith(".")


def _folder_files(folder: Path) -> list[Path]:
    """Text files under ``folder`` (recursive), skipping hidden files and folders."""
    found: list[Path] = []
    for root, dirs, files in os.walk(folder):
        # Prune hidden folders in place so os.walk does not descend into them.
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            p = Path(root) / name
            if _is_hidden(p) or p.suffix.lower() in _SIDE_SUFFIXES:
                continue
            if p.suffix.lower() in TEXT_SUFFIXES:
                found.append(p)
    return found


def collect_inputs(inputs: Sequence[str | Path]) -> tuple[list[Path], list[str]]:
    """Expand files and folders into page files.

    Folders are searched recursively for files ending in one of ``TEXT_SUFFIXES``;
    hidden files and folders and ``.date`` side files are skipped. Files named
    explicitly are taken whatever their name (except hidden ones found in folders).

    Returns the files, de-duplicated and sorted by path, and one error line per input
    that does not exist or is a folder without any text file.
    """
    files: dict[str, Path] = {}
    errors: list[str] = []
    for raw in inputs:
        path = Path(raw)
        if path.is_dir():
            found = _folder_files(path)
            if not found:
                errors.append(f"{path}: no text files found in folder "
                              f"(looked for {', '.join('*' + s for s in TEXT_SUFFIXES)})")
            for p in found:
                files.setdefault(str(p.resolve()), p)
        elif path.is_file():
            files.setdefault(str(path.resolve()), path)
        elif path.exists():
            errors.append(f"{path}: not a regular file or folder")
        else:
            errors.append(f"{path}: no such file or folder")
    ordered = sorted(files.values(), key=lambda p: (p.as_posix(), str(p.resolve())))
    return ordered, errors


def _text_share(text: str) -> float:
    """Share of characters that plausibly belong to a Chinese newspaper page."""
    if not text:
        return 0.0
    good = 0
    for ch in text:
        cp = ord(ch)
        if (0x20 <= cp < 0x7F or ch in "\t\n\r\f"
                or 0x4E00 <= cp <= 0x9FFF  # CJK unified ideographs
                or 0x3400 <= cp <= 0x4DBF  # extension A
                or 0x3000 <= cp <= 0x303F  # CJK punctuation
                or 0xFF00 <= cp <= 0xFFEF  # full-width forms
                or 0x2000 <= cp <= 0x206F  # general punctuation (— “ ” …)
                or 0x2460 <= cp <= 0x24FF  # ① ⑴
                or 0x2160 <= cp <= 0x217F  # Roman numerals Ⅲ
                or 0x25A0 <= cp <= 0x25FF  # ■ ● ◆
                or ch in "·×÷°±²³µ¥"):
            good += 1
    return good / len(text)


def _has_bad_controls(text: str) -> bool:
    """True when the text contains C0 control characters other than whitespace."""
    return any(ord(ch) < 0x20 and ch not in "\t\n\r\f\v\x1a" for ch in text)


def _looks_utf16(data: bytes) -> str | None:
    """Guess BOM-less UTF-16 from NUL bytes in alternate positions ('le'/'be')."""
    if len(data) < 4 or len(data) % 2:
        return None
    even, odd = data[0::2], data[1::2]
    even_nul = even.count(0) / len(even)
    odd_nul = odd.count(0) / len(odd)
    # ASCII-heavy UTF-16 has NULs in every other byte; CJK-heavy text has none,
    # so only the ASCII case is detectable without a BOM.
    if odd_nul > 0.3 and even_nul < 0.05:
        return "utf-16-le"
    if even_nul > 0.3 and odd_nul < 0.05:
        return "utf-16-be"
    return None


def _decode(path: Path, data: bytes) -> tuple[str, str]:
    """Decode ``data``; return (text, encoding name) or raise InputError."""
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
                raise InputError(path, f"not text (starts with a {enc} byte-order mark "
                                       f"but does not decode: {err.reason})") from None
    if b"\x00" in data:
        enc16 = _looks_utf16(data)
        if enc16:
            try:
                text = data.decode(enc16)
            except UnicodeDecodeError:
                text = ""
            if text and not _has_bad_controls(text) and _text_share(text) >= _MIN_TEXT_SHARE:
                return text, enc16
        raise InputError(path, "not text (binary data: contains NUL bytes)")
    try:
        text = data.decode("utf-8")
        if _has_bad_controls(text):
            raise InputError(path, "not text (binary data: control characters)")
        return text, "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        raise InputError(path, "not text (cannot be decoded as UTF-8, UTF-16 or GB18030)") from None
    if _has_bad_controls(text) or _text_share(text) < _MIN_TEXT_SHARE:
        raise InputError(path, "not text (not valid UTF-8, and as GB18030 it does not "
                               "look like Chinese text)")
    return text, "gb18030"


def read_page(path: Path, *, max_bytes: int = 20_000_000) -> Page:
    """Read and decode one page file.

    Tries, in order: a byte-order mark (UTF-8/16/32, the mark is dropped), BOM-less
    UTF-16 (ASCII-heavy files only), strict UTF-8, strict GB18030 (a superset of GBK
    and GB2312) checked to be mostly CJK/ASCII text. Line endings are normalised to
    ``"\\n"``. Raises :class:`InputError` for a missing, unreadable, empty, binary,
    undecodable or too large (over ``max_bytes``) file.
    """
    path = Path(path)
    if path.is_dir():
        raise InputError(path, "is a folder, not a file")
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise InputError(path, "no such file") from None
    except OSError as err:
        raise InputError(path, f"cannot read ({err.strerror or err})") from None
    if size > max_bytes:
        raise InputError(path, f"too large ({size:,} bytes; the limit is {max_bytes:,} bytes)")
    try:
        data = path.read_bytes()
    except OSError as err:
        raise InputError(path, f"cannot read ({err.strerror or err})") from None
    if len(data) > max_bytes:  # the file grew between stat and read
        raise InputError(path, f"too large ({len(data):,} bytes; the limit is {max_bytes:,} bytes)")
    if not data:
        raise InputError(path, "empty file")
    text, encoding = _decode(path, data)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise InputError(path, "empty file (only whitespace)")
    if path.suffix.lower() in (".html", ".htm") or looks_like_html(text):
        return _html_page(path, text, encoding)
    return Page(source=path.name, path=str(path), text=text, encoding=encoding)


def _html_page(path: Path, text: str, encoding: str) -> Page:
    """An HTML page as the text the segmenter reads (kg.reading.html), dated by its
    metadata where it has a date."""
    got = html_to_text(text)
    if not got.text.strip():
        raise InputError(path, "HTML page without any text")
    page = Page(source=path.name, path=str(path), text=got.text, encoding=encoding)
    if got.date is not None:
        page.date, page.date_method = got.date, "HTML metadata"
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
