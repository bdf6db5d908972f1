"""Segmentation: one newspaper page (plain or markdown-ish text) -> its articles.

A page is read as a sequence of blocks (runs of non-blank lines). Each block is a
byline (``■本报记者 陈 晓``), a lead (``本报讯 …``), a markdown heading, a noise block
(service footer, photo credit) or plain text (title line, body paragraph, caption,
slogan). Articles are anchored on their byline and/or lead ("seeds"); the title lines
right above a seed are its kicker / headline / sub-headlines. Headings that float
elsewhere on the page (interleaved layouts) are given to the headless seed whose lead
shares most words with them. Body paragraphs follow the last anchor seen; paragraphs
broken at a column end (no final punctuation) are rejoined with the block that
continues them, which may sit elsewhere on the page. Captions and slogans (short
title-like blocks that continue nothing and do not read as prose) are dropped.

Nothing is lost silently: a final coverage check accounts for every block. A left-over
block that reads as prose (:func:`looks_like_prose`) is attached to the best-fitting
article; every block that is dropped (caption, slogan, footer, heading without text) is
named in ``page.warnings`` by its first characters.

Lexicons and patterns live in ``kg/data/segment_*.txt`` / ``.tsv``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from kg.lexicon import data_lines, data_regex
from kg.reading.markdown import clean_lines
from kg.segmenting.bylines import parse_byline, role_regex
from kg.segmenting.leads import dateline_date, is_lead, parse_dateline
from kg.reading.textnorm import normalize
from kg.model import Article, Page, Reporter


#: A piece of analysed text: (character, offset in Page.text or -1 for a joiner).
Piece = list[tuple[str, int]]

#: Characters that end a paragraph (closing quotes/brackets count: the sentence ended inside).
FINAL = set("。！？!?…”’）)」』")
#: Sentence-ending characters for split_sentences.
SENT_END = set("。！？!?；;")
#: Closing characters kept with the sentence they close.
CLOSERS = set("”’）)」』》】")
#: Punctuation that cannot open a sentence.
LEADING_PUNCT = set("，,、。；;：:）)”’》】!！?？…")

MAX_TITLE_LINE = 40  # a title line is short; longer lines are body text
#: Heading level of a bold sub-headline (``<p><strong>…</strong></p>``): below ``######``.
BOLD_LEVEL = 7
JOIN_THRESHOLD = 2  # minimum continuation score to rejoin across the page
#: A block with this many CJK characters and sentence shape is running text, never a
#: caption or slogan (captions on these pages are short noun phrases).
PROSE_MIN_CJK = 20
#: Sentence punctuation inside a block: a full sentence was written there.
PROSE_SENT = set("。！？!?；;")
#: Clause punctuation: with an unfinished ending, a sentence broken at a column end.
PROSE_CLAUSE = set("，,、：:")
CJK = re.compile(r"[\u4e00-\u9fff]")


# ---------------------------------------------------------------- data files


@lru_cache(maxsize=None)
def _cont_heads() -> frozenset[str]:
    return frozenset(e.strip() for e in data_lines("segment_continuation_heads.txt"))


# ---------------------------------------------------------------- text helpers


def _txt(p: Piece) -> str:
    return "".join(c for c, _ in p)


def _strip(p: Piece) -> Piece:
    i, j = 0, len(p)
    while i < j and (p[i][0].isspace() or p[i][0] == "\ufeff"):
        i += 1
    while j > i and (p[j - 1][0].isspace() or p[j - 1][0] == "\ufeff"):
        j -= 1
    return p[i:j]


def looks_like_prose(text: str) -> bool:
    """True when ``text`` reads as running text rather than a caption or slogan.

    Running text has at least ``PROSE_MIN_CJK`` CJK characters and either sentence
    punctuation somewhere (``“大家辛苦了!”当天下午,…``) or clause punctuation with an
    unfinished ending (a paragraph broken at a column end: ``…,张三先后来到``).
    """
    t = text.strip()
    if len(CJK.findall(t)) < PROSE_MIN_CJK:
        return False
    if any(ch in PROSE_SENT for ch in t):
        return True
    return not is_finished(t) and any(ch in PROSE_CLAUSE for ch in t)


def _sentence_inside(text: str) -> bool:
    """True when a sentence ends inside ``text`` and another runs on after it with a clause
    (``“大家辛苦了!”当天下午,张三来到``): running text, never a title line."""
    t = text.strip()
    if len(CJK.findall(t)) < PROSE_MIN_CJK:
        return False
    for m in re.finditer(r"[。！？!?；;][”’）)」』]*", t):
        rest = t[m.end():]
        if CJK.search(rest) and any(ch in PROSE_CLAUSE for ch in rest):
            return True
    return False


def is_finished(text: str) -> bool:
    """True when a paragraph ends with final punctuation (not broken at a column end)."""
    t = text.rstrip()
    return bool(t) and t[-1] in FINAL


@lru_cache(maxsize=1)
def _jieba():  # imported lazily: loading the dictionary takes a moment
    import jieba

    jieba.setLogLevel(60)
    return jieba


def join_score(tail: str, head: str) -> int:
    """How strongly ``head`` reads as the continuation of the unfinished ``tail`` (see
    :func:`_join_score`: only the last characters of ``tail`` and the first of ``head``
    matter, so scores are cached on those)."""
    return _join_score(tail.rstrip()[-4:], head.lstrip()[:_HEAD_CHARS])


#: Characters of a head that decide a join score (the longest opening pattern in
#: ``segment_starters.txt`` plus the first-clause and list checks are shorter).
_HEAD_CHARS = 24


@lru_cache(maxsize=65536)
def _join_score(tail: str, head: str) -> int:
    """How strongly ``head`` reads as the continuation of the unfinished ``tail``.

    Positive evidence: ``head`` opens with punctuation or a particle, its first clause is
    one or two characters (``心,高水平…``), a word spans the join (``市政`` + ``府``), a
    list broken after ``、`` goes on with list items. Negative: ``head`` opens like a new
    sentence (``会议指出``, ``朱某强调``).
    """
    h = head.lstrip()
    t = tail.rstrip()
    if not h or not t:
        return -5
    score = 0
    if h[0] in LEADING_PUNCT:
        score += 3
    if h[0] in _cont_heads():
        score += 2
    m = re.match(r"[^,，。;；:：!！?？、\s]*", h)
    first = m.group(0) if m else ""
    nxt = h[len(first):len(first) + 1]
    if 0 < len(first) <= 2 and nxt and nxt in ",，。;；、":
        score += 2
    if t[-1] in "、" and ("、" in h[:8] or len(first) <= 6):
        score += 2
    # A word running across the join (mid-word column break).
    if CJK.match(t[-1]) and CJK.match(h[0]):
        left, right = t[-4:], h[:4]
        pos = 0
        for tok in _jieba().cut(left + right):
            end = pos + len(tok)
            if pos < len(left) < end and len(tok) >= 2:
                score += 2
                break
            pos = end
    if data_regex("segment_starters.txt").match(h):
        score -= 3
    return score


def split_sentences(text: str, start: int = 0, end: int | None = None, *,
                    join_column_breaks: bool = False) -> list[tuple[int, int]]:
    """Spans ``(start, end)`` of the sentences of ``text[start:end]``.

    A sentence ends at 。！？；(full or half width) or at a line end; closing quotes and
    brackets right after the end mark stay with their sentence. Leading spaces are not
    part of a span; empty sentences are skipped. With ``join_column_breaks``, a line
    that stops mid-sentence (no closing mark, not a byline) runs on into the next line:
    a column break, not the end of a sentence.
    """
    end = len(text) if end is None else end
    spans: list[tuple[int, int]] = []
    s = i = start
    while i < end:
        ch = text[i]
        if ch == "\n":
            line = text[s:i].rstrip()
            if not join_column_breaks or not line or line[-1] in FINAL | SENT_END \
                    or line.startswith("■"):
                _push(spans, text, s, i)
                s = i + 1
        elif ch in SENT_END:
            j = i + 1
            while j < end and (text[j] in SENT_END or text[j] in CLOSERS):
                j += 1
            _push(spans, text, s, j)
            s = i = j
            continue
        i += 1
    _push(spans, text, s, end)
    return spans


def _push(spans: list[tuple[int, int]], text: str, s: int, e: int) -> None:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    if e > s:
        spans.append((s, e))


# ---------------------------------------------------------------- blocks


@dataclass
class _Block:
    idx: int
    lines: list[Piece]
    level: int = 0  # heading level (0: not a heading; BOLD_LEVEL: a bold line)
    gap: int = 0  # blank lines above the block
    kind: str = "text"  # byline, lead, heading, noise, text
    reporters: list[Reporter] = field(default_factory=list)
    #: Per line: ended by markup (``</p>``, ``<br>``), i.e. by its writer: never a
    #: column break, so nothing is rejoined across it.
    hard: list[bool] = field(default_factory=list)

    @property
    def hard_end(self) -> bool:
        """The block's last line was ended by markup: the paragraph is complete."""
        return bool(self.hard) and self.hard[-1]

    @cached_property
    def text(self) -> str:
        return "\n".join(_txt(x) for x in self.lines)

    def body_piece(self) -> Piece:
        """The block as paragraph text: lines broken mid-sentence are joined directly."""
        out: Piece = []
        for k, ln in enumerate(self.lines):
            # the end decides (keep this linear), or the markup that ended the line above
            if out and ((k <= len(self.hard) and self.hard[k - 1])
                        or is_finished(_txt(out[-8:]))):
                out.append(("\n", -1))
            out.extend(ln)
        return out

    @cached_property
    def body_text(self) -> str:
        return _txt(self.body_piece())


def _is_byline_line(text: str) -> bool:
    t = text.strip()
    if not t or len(t) > MAX_TITLE_LINE:
        return False
    if t.startswith("■"):
        return bool(parse_byline(t))
    return bool(role_regex().match(t)) and bool(parse_byline(t))


def _is_lead_line(text: str) -> bool:
    return is_lead(text)


def _split_blocks(norm: str, hard_lines: bool = False
                 ) -> tuple[list[_Block], list[tuple[int, str]]]:
    """Blank-line separated blocks of the markup-free view of the page; bylines, leads
    and headings always open a block. Also returns the link-only lines (``[查看原文](…)``)
    as (index of the next block, address)."""
    blocks: list[_Block] = []
    urls: list[tuple[int, str]] = []
    cur: list[Piece] = []
    cur_hard: list[bool] = []
    cur_level = 0
    gap = 0

    def flush() -> None:
        nonlocal cur, cur_hard, cur_level, gap
        if cur:
            blocks.append(_Block(len(blocks), cur, cur_level, gap=gap,
                                 hard=cur_hard if any(cur_hard) else []))
            gap = 0
        cur, cur_hard, cur_level = [], [], 0

    lines = clean_lines(norm)
    # One paragraph a line and no blank lines between them (as many archives store
    # pages): every line is a block of its own.
    text_at = [k for k, ln in enumerate(lines) if not ln.blank]
    inner_blank = sum(1 for ln in lines[text_at[0]:text_at[-1]] if ln.blank) if text_at else 0
    line_mode = len(text_at) >= 3 and len(text_at) - 1 > 10 * inner_blank
    for ln in lines:
        if ln.url:
            flush()
            urls.append((len(blocks), ln.url))
            continue
        piece: Piece = list(zip(ln.text, ln.offsets))
        if not piece:
            flush()
            gap += 1
            continue
        level = ln.level or (BOLD_LEVEL if ln.bold and _short_title_line(ln.text) else 0)
        t = ln.text
        opener = level > 0 or _is_lead_line(t) or t.startswith("■")
        cont_byline = (cur and _is_byline_line(_txt(cur[-1]))
                       and _is_byline_line(t))
        # One paragraph a line (no blank lines between paragraphs): a finished line
        # ends its block when the next one opens like a new paragraph or title.
        one_per_line = bool(cur) and is_finished(_txt(cur[-1])) and not cur_level
        # A title line run into the paragraph below it (no blank line between them): a
        # short unfinished line, then a line much longer than it (wrapped text has lines
        # of one width).
        title_run_in = (len(cur) == 1 and _title_line(_txt(cur[0]))
                        and len(t) > MAX_TITLE_LINE and len(_txt(cur[0])) < 0.6 * len(t))
        if (opener and not cont_byline) or cur_level or one_per_line or line_mode \
                or title_run_in:
            flush()
        if not cur:
            cur_level = level
        cur.append(piece)
        cur_hard.append(ln.hard or hard_lines)
    flush()
    for b in blocks:
        _classify(b)
    return blocks, urls


def _title_line(text: str) -> bool:
    """A line that can be a title: short, no sentence inside, no clause left open."""
    t = text.strip()
    return (2 <= len(t) <= MAX_TITLE_LINE and not re.search(r"[。！？!?；;]", t)
            and t[-1] not in ",，、:：“‘(（《【" and not t.startswith("■"))


def _short_title_line(text: str) -> bool:
    """A bold line that can be a sub-headline: short, no sentence inside."""
    t = text.strip()
    return 2 <= len(t) <= MAX_SPACED_TITLE_LINE and not re.search(r"[。！？!?；;]", t[:-1])


def _classify(b: _Block) -> None:
    first = _txt(b.lines[0])
    if b.level:
        b.kind = "heading"
    elif _is_lead_line(first):
        b.kind = "lead"
    elif all(_is_byline_line(_txt(x)) for x in b.lines):
        b.kind = "byline"
        b.reporters = [r for x in b.lines for r in parse_byline(_txt(x))]
    elif (all(len(_txt(x)) <= 30 for x in b.lines)
          and any(data_regex("segment_noise.txt").search(_txt(x)) for x in b.lines)):
        b.kind = "noise"


# ---------------------------------------------------------------- titles


#: Right above a byline, a headline set in two parts (``…工作人员,勉励大家 在新起点上…``)
#: may be longer than MAX_TITLE_LINE: a space between two CJK runs marks the parts.
MAX_SPACED_TITLE_LINE = 64
_TITLE_PART_GAP = re.compile(r"[\u4e00-\u9fff”」》] +[\u4e00-\u9fff“「《]")


def _title_like(b: _Block, *, above_byline: bool = False) -> bool:
    if b.kind == "heading":
        return True
    if b.kind != "text":
        return False
    texts = [_txt(x) for x in b.lines]
    limit = MAX_TITLE_LINE
    if above_byline and len(texts) == 1 and _TITLE_PART_GAP.search(texts[0]) \
            and not re.search(r"[。！？!?]", texts[0]):
        limit = MAX_SPACED_TITLE_LINE
    if len(texts) > 3 or any(len(x) > limit for x in texts):
        return False
    whole = "".join(texts)
    if "。" in whole or whole[-1] in ",，、;；" or len(whole) < 2:
        return False
    # A short paragraph broken at a column end must not be read as the next article's
    # title just because it is short and has no full stop.
    return not _sentence_inside(whole)


def _kicker_marked(b: _Block) -> bool:
    return b.kind == "text" and bool(data_regex("segment_kicker_endings.txt").search(b.text))


def _sub_marked(b: _Block) -> bool:
    return b.kind == "text" and bool(data_regex("segment_subtitle_cues.txt").search(
        b.text.replace("\n", "")))


@dataclass
class _Title:
    kicker: list[_Block] = field(default_factory=list)
    main: list[_Block] = field(default_factory=list)
    subs: list[_Block] = field(default_factory=list)
    dup: list[_Block] = field(default_factory=list)  # the title again, in its parts

    @property
    def blocks(self) -> list[_Block]:
        return self.kicker + self.main + self.subs + self.dup

    @property
    def text(self) -> str:
        return " ".join(b.text.replace("\n", "") for b in self.blocks)


def _roles_of_units(units: list[_Block]) -> _Title:
    """Kicker / headline / sub-headlines of a run of title blocks (top to bottom)."""
    heads = [u for u in units if u.kind == "heading"]
    if heads:
        top = min(u.level for u in heads)
        main = next(u for u in units if u.kind == "heading" and u.level == top)
        k = units.index(main)
        kick = [units[k - 1]] if k > 0 and _kicker_marked(units[k - 1]) else []
        return _Title(kick, [main], units[k + 1:])
    kick: list[_Block] = []
    marked = [i for i, u in enumerate(units) if _kicker_marked(u)]
    if marked and marked[-1] < len(units) - 1:
        kick = [units[marked[-1]]]
        units = units[marked[-1] + 1:]
    cands = [u for u in units if not _sub_marked(u)]
    if not cands:
        cands = units[:1]
    if not kick and len(cands) > 2:
        # Without typography an unmarked line above two others reads as the kicker.
        kick = cands[:-2]
        cands = cands[-2:]
    first = units.index(cands[0])
    if first > 0 and not kick:
        kick = units[:first]
    # Two unmarked title lines: which one is the main title (主题) is a matter of font
    # size, lost in plain text, so the headline keeps both (as the markdown pages do).
    subs = [u for u in units[first:] if u not in cands]
    return _Title(kick, cands, subs)


def _title_above(blocks: list[_Block], i: int, claimed: set[int]) -> list[_Block]:
    """Title blocks right above block ``i`` (closest first reversed to top-down)."""
    units: list[_Block] = []
    j = i - 1
    while j >= 0 and len(units) < 4 and j not in claimed \
            and (_title_like(blocks[j], above_byline=j == i - 1 and blocks[i].kind == "byline")
                 or (j == i - 1 and _long_top(blocks, j))):
        b = blocks[j]
        units.insert(0, b)
        if b.kind == "heading" and j > 0 and blocks[j - 1].kind == "heading" \
                and blocks[j - 1].level < b.level and j - 1 not in claimed:
            j -= 1  # a lower-level heading (###) under its headline (##)
            continue
        if b.kind == "heading" or _kicker_marked(b):
            # Above a headline only its kicker may stand.
            if b.kind == "heading" and j > 0 and j - 1 not in claimed \
                    and _kicker_marked(blocks[j - 1]):
                units.insert(0, blocks[j - 1])
            break
        j -= 1
    return units


def _key(text: str) -> str:
    return re.sub(r"[\s\W_]+", "", text)


#: A headline printed whole on one line above the same words in its parts (kicker,
#: headline, sub-headlines on lines of their own) may run this long.
MAX_WHOLE_TITLE_LINE = 120


def _long_top(blocks: list[_Block], j: int) -> bool:
    """A long headline line (transcripts print the whole headline on one line): one line
    without a sentence inside, at the top of the page, after a wider gap than between
    paragraphs, or right below a block that organises the page."""
    b = blocks[j]
    return (b.kind == "text" and len(b.lines) == 1 and len(b.text) <= MAX_WHOLE_TITLE_LINE
            and not re.search(r"[。！？!?]", b.text[:-1]) and b.text[-1] not in "。,，、;；:："
            and (j == 0 or b.gap >= 2 or blocks[j - 1].kind in _STRUCTURE))


def _whole_title(blocks: list[_Block], units: list[_Block], claimed: set[int]) -> _Title | None:
    """The headline printed whole on the line above its parts, as transcripts do
    (``X时强调 A B`` above ``X时强调`` / ``A`` / ``B``): that line is the headline."""
    if len(units) < 2:
        return None
    j = units[0].idx - 1
    if j < 0 or j in claimed:
        return None
    b = blocks[j]
    if b.kind != "text" or len(b.lines) != 1 or len(b.text) > MAX_WHOLE_TITLE_LINE \
            or re.search(r"[。！？!?]", b.text[:-1]):
        return None
    whole = _key(b.text)
    acc = ""
    for m, u in enumerate(units, 1):
        acc += _key(u.text)
        if acc == whole and m >= 2:
            return _Title(main=[b], subs=units[m:], dup=units[:m])
        if not whole.startswith(acc):
            return None
    return None


# ---------------------------------------------------------------- articles


@dataclass
class _Art:
    seed: list[_Block] = field(default_factory=list)  # byline and lead blocks
    title: _Title | None = None
    extra_titles: list[_Title] = field(default_factory=list)
    reporters: list[Reporter] = field(default_factory=list)
    paras: list[list[_Block]] = field(default_factory=list)
    para_run: list[int] = field(default_factory=list)
    runs: list[list[_Block]] = field(default_factory=list)
    url: str | None = None

    @property
    def first(self) -> int:
        idx = [b.idx for b in self.seed]
        if self.title:
            idx += [b.idx for b in self.title.blocks]
        return min(idx or [b.idx for p in self.paras for b in p] or [0])

    @property
    def lead(self) -> _Block | None:
        return next((b for b in self.seed if b.kind == "lead"), None)


def _words(text: str) -> set[str]:
    """Content words (two or more CJK characters) for topical matching."""
    return {w for w in _jieba().cut(text) if len(w) >= 2 and CJK.match(w)}


def _lead_reporters(text: str) -> list[Reporter]:
    """Bylines printed inside the lead: ``本报讯(记者 张三 通讯员 李四)``,
    ``新华社北京1月1日电(记者张三)``, ``本报北京1月1日讯 记者张三报道:``."""
    d = parse_dateline(text)
    return list(d.reporters) if d else []


def _find_seeds(blocks: list[_Block]) -> list[_Art]:
    arts: list[_Art] = []
    i = 0
    while i < len(blocks):
        b = blocks[i]
        if b.kind == "byline":
            art = _Art(seed=[b], reporters=list(b.reporters))
            j = i + 1
            while j < len(blocks) and blocks[j].kind == "byline":
                art.seed.append(blocks[j])
                art.reporters += blocks[j].reporters
                j += 1
            if j < len(blocks) and blocks[j].kind == "lead":
                art.seed.append(blocks[j])
                j += 1
            arts.append(art)
            i = j
            continue
        if b.kind == "lead":
            arts.append(_Art(seed=[b], reporters=_lead_reporters(b.text)))
        i += 1
    return arts


def _floating_titles(blocks: list[_Block], claimed: set[int]) -> list[_Title]:
    """Headings (and kicker-marked title lines) not standing above a byline or lead."""
    out: list[_Title] = []
    i = 0
    while i < len(blocks):
        b = blocks[i]
        start = None
        if i not in claimed and b.kind == "heading":
            start = i - 1 if (i > 0 and i - 1 not in claimed and _kicker_marked(blocks[i - 1])
                              and _title_like(blocks[i - 1])) else i
        elif (i not in claimed and _kicker_marked(b) and _title_like(b)
              and i + 1 < len(blocks) and i + 1 not in claimed
              and blocks[i + 1].kind == "text" and _title_like(blocks[i + 1])):
            start = i
        if start is None:
            i += 1
            continue
        units = [blocks[k] for k in range(start, i + 1)]
        j = i + 1
        main_level = b.level if b.kind == "heading" else 0
        while j < len(blocks) and j not in claimed and len(units) < 4:
            nb = blocks[j]
            if (nb.kind == "heading" and main_level and nb.level > main_level) or \
                    (nb.kind == "text" and _title_like(nb)
                     and (_sub_marked(nb) or (not main_level and len(units) == 1))):
                units.append(nb)
                j += 1
                continue
            break
        t = _roles_of_units(units)
        out.append(t)
        claimed.update(u.idx for u in t.blocks)
        i = j
    return out


def _assign_floating(arts: list[_Art], floats: list[_Title]) -> list[_Title]:
    """Give floating titles to headless seeds by shared words; return the unused ones."""
    headless = [a for a in arts if a.title is None and a.lead is not None]
    pairs = []
    for ai, a in enumerate(headless):
        lw = _words(a.lead.text[:300]) if a.lead else set()
        for fi, f in enumerate(floats):
            shared = _words(f.text) & lw
            score = sum(len(w) for w in shared)
            if score >= 2:
                pairs.append((-score, a.first, f.blocks[0].idx, ai, fi))
    pairs.sort()
    used_a: set[int] = set()
    used_f: set[int] = set()
    for _, _, _, ai, fi in pairs:
        if ai in used_a or fi in used_f:
            continue
        used_a.add(ai)
        used_f.add(fi)
        headless[ai].title = floats[fi]
    return [f for fi, f in enumerate(floats) if fi not in used_f]


def _build_runs(blocks: list[_Block], arts: list[_Art], orphans: _Art) -> None:
    """Every body block goes to the article of the last anchor above it."""
    owner: dict[int, tuple[_Art, bool]] = {}
    for a in arts:
        for b in a.seed:
            owner[b.idx] = (a, b.kind == "lead")
        for t in [a.title, *a.extra_titles]:
            if t:
                for b in t.blocks:
                    owner[b.idx] = (a, False)
    cur = orphans
    cur.runs.append([])
    for b in blocks:
        if b.idx in owner:
            a, is_body = owner[b.idx]
            if a is not cur or is_body:
                cur = a
                if is_body or not cur.runs or cur.runs[-1]:
                    cur.runs.append([])
            if is_body:
                cur.runs[-1].append(b)
            continue
        if b.kind in ("noise", "byline", "section", "contents", "dateline"):
            continue
        if b.kind == "lead":  # a lead claimed by nobody cannot happen; keep as body
            cur.runs[-1].append(b)
            continue
        cur.runs[-1].append(b)
    for a in [orphans, *arts]:
        a.runs = [r for r in a.runs if r]


def _paragraphs(a: _Art) -> None:
    """Join blocks of an article into paragraphs; drop captions and slogans."""
    a.paras, a.para_run = [], []
    for ri, run in enumerate(a.runs):
        for k, b in enumerate(run):
            text = _piece_text(b)
            # A paragraph ended by markup is complete: nothing joins it.
            prev = _para_text(a.paras[-1]) if a.paras and not a.paras[-1][-1].hard_end \
                else ""
            nxt = _piece_text(run[k + 1]) if k + 1 < len(run) and not b.hard_end else ""
            # A title-like block in a body run is a caption or slogan unless it joins
            # the text around it; a block that reads as prose is kept regardless, since
            # a sentence broken at a column end may continue at a word boundary that
            # join_score cannot see (``…先后来到`` + ``市创建办、…``). A paragraph made
            # by markup is the writer's own (a list item, a line of a roll): kept.
            if _title_like(b) and b.kind == "text" and not looks_like_prose(text) \
                    and not b.hard_end:
                cont_next = bool(nxt) and not is_finished(text) and \
                    join_score(text, nxt) >= JOIN_THRESHOLD
                cont_prev = bool(prev) and not is_finished(prev) and (
                    join_score(prev, text) >= JOIN_THRESHOLD
                    or (a.para_run[-1] == ri and not (nxt and join_score(prev, nxt)
                                                       > join_score(prev, text))))
                if not cont_next and not cont_prev:
                    continue  # a caption or slogan: not article text
            if prev and not is_finished(prev) and (
                    a.para_run[-1] == ri or join_score(prev, text) >= JOIN_THRESHOLD):
                a.paras[-1].append(b)
            else:
                a.paras.append([b])
                a.para_run.append(ri)


def _piece_text(b: _Block) -> str:
    return b.body_text


def _para_text(p: list[_Block]) -> str:
    return "".join(_piece_text(b) for b in p)


#: A paragraph broken at a column end continues within this many blocks of where it
#: stops (a newspaper page has some fifty): the search stays linear in the page size.
RELOCATE_WINDOW = 120


def _relocate(arts: list[_Art]) -> None:
    """Rejoin paragraphs broken at a column end whose continuation sits elsewhere.

    A paragraph that does not start a sentence is moved, with the rest of its column
    run, behind the unfinished paragraph it continues best (interleaved layouts).
    Moves are made best first; in each round an article takes part in one move at most
    (its text changes with it), the others wait for the next round. Candidates are looked
    for within ``RELOCATE_WINDOW`` blocks, so a page k times larger costs k times more.
    """
    import bisect

    words: dict[int, set[str]] = {}

    def art_words(a: _Art) -> set[str]:
        if id(a) not in words:
            words[id(a)] = _words("".join(_para_text(x) for x in a.paras))
        return words[id(a)]

    for _ in range(50):
        heads = sorted((q[0].idx, bi, qi) for bi, b in enumerate(arts)
                       for qi, q in enumerate(b.paras)
                       if not (qi == 0 and b.lead is not None and q[0] is b.lead))
        starts = [h[0] for h in heads]
        cands = []
        for ai, a in enumerate(arts):
            for pi, p in enumerate(a.paras):
                tail = _para_text(p)
                if is_finished(tail) or p[-1].hard_end:
                    continue
                if pi + 1 < len(a.paras) and a.para_run[pi + 1] == a.para_run[pi]:
                    continue  # followed in its own column: nothing to look for
                anchor = p[-1].idx
                lo = bisect.bisect_left(starts, anchor - RELOCATE_WINDOW)
                hi = bisect.bisect_right(starts, anchor + RELOCATE_WINDOW)
                for _, bi, qi in heads[lo:hi]:
                    b = arts[bi]
                    if b is a and qi == pi:
                        continue
                    if b is a and qi < pi and all(
                            a.para_run[k] == a.para_run[qi] for k in range(qi, pi + 1)):
                        continue  # q's run would carry p along: p cannot follow itself
                    head = _para_text(b.paras[qi])
                    s = join_score(tail, head)
                    if s < JOIN_THRESHOLD:
                        continue
                    # Topical fit breaks ties between candidate articles.
                    aff = len(_words(head[:120]) & art_words(a))
                    cands.append((-s, -aff, ai, pi, bi, qi))
        if not cands:
            return
        cands.sort()
        busy: set[int] = set()
        moves = []
        for _, _, ai, pi, bi, qi in cands:
            if ai in busy or bi in busy:
                continue
            busy.update((ai, bi))
            moves.append((ai, pi, bi, qi))
        for ai, pi, bi, qi in moves:  # disjoint articles: indices stay valid
            a, b = arts[ai], arts[bi]
            words.pop(id(a), None)
            words.pop(id(b), None)
            run = b.para_run[qi]
            chunk_end = qi + 1
            while chunk_end < len(b.paras) and b.para_run[chunk_end] == run:
                chunk_end += 1
            chunk = b.paras[qi:chunk_end]
            del b.paras[qi:chunk_end]
            del b.para_run[qi:chunk_end]
            if b is a and qi < pi:
                pi -= len(chunk)
            a.paras[pi] = a.paras[pi] + chunk[0]
            rid = a.para_run[pi]
            for k, extra in enumerate(chunk[1:], 1):
                a.paras.insert(pi + k, extra)
                a.para_run.insert(pi + k, rid)


def _make_article(page: Page, norm: str, n: int, a: _Art) -> Article:
    title = a.title
    kicker: Piece = []
    head: Piece = []
    subs: list[Piece] = []
    if title:
        kicker = _join_units(title.kicker)
        head = _join_units(title.main)
        subs = [_unit_piece(u) for u in title.subs]
    if not head:
        head = _fallback_headline(a)
        if head:
            page.warnings.append(f"article {n}: no headline found, used the lead's first clause")
    lines = [x for x in [kicker, head, *subs] if x]
    text: Piece = []
    hspan = (-1, -1)
    for ln in lines:
        if text:
            text.append(("\n", -1))
        if ln is head:
            hspan = (len(text), len(text) + len(ln))
        text.extend(ln)
    body: Piece = []
    for p in a.paras:
        if body:
            body.append(("\n", -1))
        for b in p:
            body.extend(b.body_piece())
    if text and body:
        text.append(("\n", -1))
    body_start = len(text)
    text.extend(body)
    # The page's identity (its path under the input) names its articles; only ".txt" is
    # dropped, so that p1.txt and p1.md in one folder stay two pages.
    stem = page.source[:-4] if page.source.lower().endswith(".txt") else page.source
    lead = a.paras[0][0] if a.paras else None
    d = parse_dateline(lead.text) if lead is not None and lead.kind == "lead" else None
    return Article(
        id=f"{stem}/{n}", source=page.source, index=n, headline=_printed(page.text, head),
        kicker=_printed(page.text, kicker), subheadlines=[_printed(page.text, s) for s in subs],
        reporters=a.reporters, text=_txt(text), body_start=body_start,
        offsets=[o for _, o in text], headline_span=hspan, date=page.date, url=a.url,
        dateline_place=(d.place or None) if d else None,
        dateline_date=dateline_date(d, page.date) if d else None)


def _printed(original: str, p: Piece) -> str:
    """A title as printed (full-width forms kept: ``（甲辰）``), the analysed text being
    folded; characters read from markup (entities) stay as decoded."""
    out = []
    for c, o in p:
        src = original[o] if 0 <= o < len(original) else c
        out.append(src if src != c and normalize(src) == c else c)
    return "".join(out)


def _unit_piece(b: _Block) -> Piece:
    out: Piece = []
    for ln in b.lines:
        if out:
            out.append((" ", -1))
        out.extend(ln)
    return out


def _join_units(units: list[_Block]) -> Piece:
    out: Piece = []
    for u in units:
        if out:
            out.append((" ", -1))
        out.extend(_unit_piece(u))
    return out


def _fallback_headline(a: _Art) -> Piece:
    if not a.paras:
        return []
    p = a.paras[0][0].body_piece()
    t = _txt(p)
    d = parse_dateline(t)
    s = d.end if d else 0
    e = s
    while e < len(t) and t[e] not in "。!?！？\n" and e - s < 40:
        e += 1
    return p[s:e]


def segment_page(page: Page) -> list[Article]:
    """Split a page into its articles, in page order (ids ``<file stem>/<n>`` from 1).

    Fills headline, kicker, sub-headlines, reporters, the analysed text (title lines,
    then the body with paragraphs rejoined across column breaks), its offsets into
    ``page.text`` and the headline span (in ``Article.text``). Text is full-width
    folded (same length as the page). Problems go to ``page.warnings``: every block
    left out of all articles, and every stray paragraph attached by the coverage check.
    """
    norm = normalize(page.text)  # same length: offsets stay valid
    blocks, urls = _split_blocks(norm, page.hard_lines)
    _mark_structure(blocks)
    arts = _find_seeds(blocks)
    claimed: set[int] = {b.idx for a in arts for b in a.seed}
    for a in sorted(arts, key=lambda x: x.seed[0].idx):
        units = _title_above(blocks, a.seed[0].idx, claimed)
        if units:
            a.title = _whole_title(blocks, units, claimed) or _roles_of_units(units)
            claimed.update(u.idx for u in a.title.blocks)
    floats = _floating_titles(blocks, claimed)
    left = _assign_floating(arts, floats)
    # A heading that no seed claims, with body text under it, is an article of its own.
    for f in left:
        if any(b.kind == "heading" for b in f.blocks):
            arts.append(_Art(title=f))
    # Plain text without bylines or leads: a title line above prose opens an article.
    for t in _standalone_titles(blocks, claimed):
        arts.append(_Art(title=t))
    orphans = _Art()
    _build_runs(blocks, arts, orphans)
    for a in [orphans, *arts]:
        _paragraphs(a)
    arts = [a for a in arts if a.paras or a.seed]
    _relocate([*arts, orphans])
    # Orphan paragraphs (above the first article) go to the article they share most words
    # with; the others are left to the coverage check below.
    stray: list[list[_Block]] = []
    art_words = [_words(" ".join(_para_text(x) for x in a.paras)) for a in arts] \
        if orphans.paras else []
    for p in orphans.paras:
        words = _words(_para_text(p))
        scored = sorted((-len(words & aw), a.first, i)
                        for i, (a, aw) in enumerate(zip(arts, art_words)))
        if scored and -scored[0][0] >= 3:
            arts[scored[0][2]].paras.append(p)
            arts[scored[0][2]].para_run.append(-1)
        else:
            stray.append(p)
    arts = [a for a in arts if a.paras or a.reporters]
    if not arts:
        arts = _whole_page_article(page, blocks, stray)
        stray = []
    arts.sort(key=lambda x: x.first)
    _account_for_blocks(page, blocks, arts, stray)
    _give_urls(arts, urls)
    return [_make_article(page, norm, n, a) for n, a in enumerate(arts, 1)]


def _whole_page_article(page: Page, blocks: list[_Block],
                        stray: list[list[_Block]]) -> list[_Art]:
    """No article recognised: the page is one article, its first line the headline where
    it reads as one (nothing is dropped for want of a layout the rules know)."""
    body = [b for b in blocks if b.kind in ("text", "lead", "heading")]
    # Only captions, slogans and footers: nothing to read as news (each is noted below).
    if not any(b.kind == "lead" or looks_like_prose(b.text) or (
            is_finished(b.text) and len(CJK.findall(b.text)) >= SHORT_PARA_CJK) for b in body):
        return []
    a = _Art()
    first = body[0]
    head = _txt(first.lines[0])
    if len(first.lines) > 1 and len(head) <= MAX_TITLE_LINE and head[-1] not in FINAL \
            and head[-1] not in ",，、;；:：" and not re.search(r"[。！？!?]", head):
        # A title line run into the paragraph below it (no blank line between them).
        body[0] = _Block(first.idx, first.lines[1:], gap=first.gap, kind=first.kind)
        body.insert(0, _Block(first.idx, first.lines[:1], gap=first.gap))
        first = body[0]
    if first.kind == "heading" or (_title_like(first) and len(body) > 1) or (
            len(first.lines) == 1 and len(first.text) <= MAX_WHOLE_TITLE_LINE
            and not re.search(r"[。！？!?]", first.text[:-1]) and len(body) > 1):
        a.title = _Title(main=[first])
        body = body[1:]
    a.paras = [[b] for b in body]
    a.para_run = [0] * len(body)
    page.warnings.append("no article layout recognised: the page is read as one article"
                         + ("" if a.title else " without a headline"))
    return [a]


def _give_urls(arts: list[_Art], urls: list[tuple[int, str]]) -> None:
    """A link-only line (``[查看原文](…)``) gives its address to the articles that start
    between the previous link line and it (a digest's stories share their link)."""
    prev = -1
    for at, url in urls:
        group = [a for a in arts if prev <= a.first < at and a.url is None]
        if not group:  # a link above the text (an HTML page's canonical address)
            group = [a for a in arts if a.first >= at and a.url is None][:1]
        for a in group:
            a.url = url
        prev = at


def _mark_structure(blocks: list[_Block]) -> None:
    """Blocks that organise the page rather than tell news: a table of contents
    (``本期节目主要内容：`` and its numbered items), a section heading (``## 详细新闻``
    over the headings of several stories, a heading with nothing under it), a lead
    with nothing after its dateline (``央视网消息（新闻联播）：`` over a digest)."""
    for b in blocks:
        if b.kind == "lead":
            d = parse_dateline(b.text)
            if d is not None and not b.text[d.end:].strip(" :：\n"):
                b.kind = "dateline"
    i = 0
    while i < len(blocks):
        b = blocks[i]
        if b.kind == "text" and data_regex("segment_contents_cues.txt").search(_txt(b.lines[-1])):
            j = i + 1
            while j < len(blocks) and blocks[j].kind in ("text", "noise") \
                    and _contents_item(blocks[j]):
                j += 1
            if j - i >= 3:
                for k in range(i, j):
                    blocks[k].kind = "contents"
                i = j
                continue
        i += 1
    section_levels: set[int] = set()  # levels of headings over several stories' headings
    for i, b in enumerate(blocks):
        if b.kind != "heading":
            continue
        j = i + 1
        while j < len(blocks) and blocks[j].kind in ("dateline", "contents", "noise"):
            j += 1
        if j == len(blocks):
            continue  # a heading left at the page end: worth a warning, below
        if blocks[j].kind in ("heading", "section") and blocks[j].level <= b.level:
            b.kind = "section"  # nothing under it but the next heading
            continue
        if blocks[j].kind != "heading" or blocks[j].level <= b.level:
            continue
        deeper = titled = 0
        for k in range(j, len(blocks)):
            if blocks[k].kind in ("heading", "section"):
                if blocks[k].level <= b.level:
                    break
                deeper += 1
                titled += blocks[k].level < BOLD_LEVEL
        if deeper >= 2:
            b.kind = "section"
            if titled >= 2:
                section_levels.add(b.level)
    # A heading beside section headings of its level (``## 新闻摘要`` next to ``## 详细新闻``)
    # organises the page too, unless stories hang under it.
    for i, b in enumerate(blocks):
        if b.kind == "heading" and b.level in section_levels and b.level < BOLD_LEVEL:
            nxt = next((x for x in blocks[i + 1:] if x.kind in ("heading", "section")), None)
            if nxt is None or nxt.level <= b.level:
                b.kind = "section"


_LIST_NUMBER = re.compile(r"\s*(\d{1,2}[.．、]|[(（]\d{1,2}[)）]|[一二三四五六七八九十]{1,3}[、.．])")


def _contents_item(b: _Block) -> bool:
    """A line of a table of contents: a numbered item, or the rest of one, never prose."""
    t = b.text
    if len(t) > 160 or _sentence_inside(t.replace("\n", "")):
        return False
    return bool(_LIST_NUMBER.match(t)) or (len(t) <= 60 and "。" not in t[:-1])


#: A finished paragraph this long under a title line is body text (a short news item).
SHORT_PARA_CJK = 10


def _standalone_titles(blocks: list[_Block], claimed: set[int]) -> list[_Title]:
    """Title lines above prose that no byline or lead claimed (pages of headlines and
    paragraphs only): each run of title-like lines right above a prose paragraph, below
    a finished paragraph, a structural block or the top of the page, is a title."""
    out: list[_Title] = []
    for i, n in enumerate(blocks):
        if i == 0 or n.kind != "text" or i in claimed or not (
                looks_like_prose(n.text) or (is_finished(n.text)
                                             and len(CJK.findall(n.text)) >= SHORT_PARA_CJK)):
            continue
        units: list[_Block] = []
        j = i - 1
        while j >= 0 and j not in claimed and len(units) < 4:
            b = blocks[j]
            if not (b.kind == "text" and (_title_like(b) or _long_top(blocks, j))):
                break
            units.insert(0, b)
            j -= 1
        # A line that opens like a continuation (``的…``) or stops at an opening quote
        # is a paragraph broken at a column end, never a title.
        while units and (units[0].text[0] in _cont_heads() or units[0].text[0] in LEADING_PUNCT
                         or units[0].text[-1] in "“‘(（《【"):
            units.pop(0)
        if not units or any(u.text[-1] in "“‘(（《【" for u in units) \
                or units[-1].text[-1] in ":：":
            continue  # ``…提出五点建议：`` introduces the list below
        top = units[0]
        above = blocks[top.idx - 1] if top.idx > 0 else None
        if above is not None and above.idx not in claimed and above.kind == "text" \
                and not is_finished(above.text) and top.gap < 2:
            continue  # a paragraph broken at a column end, or its caption
        if join_score(units[-1].text, n.text) >= JOIN_THRESHOLD:
            continue  # the "title" is the start of the paragraph below
        if above is not None and above.kind == "text" and not (
                top.gap >= 2 or is_finished(above.text) or above.idx in claimed):
            continue
        t = _whole_title(blocks, units[1:], claimed) if len(units) >= 3 else None
        if t is None or t.main[0] is not units[0]:
            t = _roles_of_units(units)
        out.append(t)
        claimed.update(u.idx for u in t.blocks)
    return out


#: Kinds of block that organise the page; a title may follow one directly.
_STRUCTURE = ("section", "contents", "dateline", "noise")


# ---------------------------------------------------------------- coverage


def _used_blocks(arts: list[_Art]) -> set[int]:
    """Indices of the blocks that made it into an article (seed, title or body)."""
    used = {b.idx for a in arts for b in a.seed}
    used |= {b.idx for a in arts for t in [a.title, *a.extra_titles] if t for b in t.blocks}
    used |= {b.idx for a in arts for p in a.paras for b in p}
    return used


def _account_for_blocks(page: Page, blocks: list[_Block], arts: list[_Art],
                        stray: list[list[_Block]]) -> None:
    """Coverage check: every block is in an article or deliberately dropped, and said so.

    A left-over block (or orphan paragraph) that reads as prose means the layout rules
    missed where it belongs: it is attached to the best-scoring article, with a warning,
    because losing body text silently loses facts. Everything else left over (captions,
    slogans, service footers, headings without text) is dropped with a warning naming
    its first characters, so users can see what was left out.
    """
    used = _used_blocks(arts)
    groups = [g for g in stray if not any(b.idx in used for b in g)]
    in_groups = {b.idx for g in groups for b in g}
    for b in blocks:
        if b.idx in used or b.idx in in_groups:
            continue
        if b.kind == "contents" and groups and groups[-1][-1].kind == "contents" \
                and groups[-1][-1].idx == b.idx - 1:
            groups[-1].append(b)  # a table of contents: one note
        else:
            groups.append([b])
    groups.sort(key=lambda g: g[0].idx)
    for g in groups:
        text = _para_text(g) if any(b.kind != "heading" for b in g) else \
            " ".join(b.text for b in g)
        shown = re.sub(r"\s+", " ", " ".join(b.text for b in g)).strip()
        first = shown if len(shown) <= 20 else shown[:20] + "…"
        if arts and all(b.kind in ("text", "lead") for b in g) and looks_like_prose(text):
            ai = _attach(arts, g)
            page.warnings.append(f"article {ai + 1}: attached a stray paragraph the layout "
                                 f"rules did not place: {first}")
            continue
        kinds = {b.kind for b in g}
        if "noise" in kinds:
            what = "a footer or credit"
        elif "contents" in kinds:
            what = "a table of contents"
        elif "section" in kinds:
            what = "a section heading"
        elif "dateline" in kinds:
            what = "a lead without text"
        elif "heading" in kinds:
            what = "a heading without article text"
        elif looks_like_prose(text):
            what = "a paragraph (no article on the page)"
        else:
            what = "a caption or slogan"
        # captions, slogans and credits are left out by design: a note, not a warning
        notes = page.dropped if what in ("a footer or credit", "a caption or slogan",
                                         "a table of contents", "a section heading",
                                         "a lead without text") else page.warnings
        notes.append(f"dropped {what}: {first}")


def _attach(arts: list[_Art], g: list[_Block]) -> int:
    """Put the stray paragraph ``g`` where it fits best; return the article's index.

    Best is, in order: the unfinished paragraph it continues, the paragraph it is
    continued by (a lead excepted), else as a paragraph of the article it shares most
    words with, nearest on the page breaking ties, placed in page order.
    """
    text = _para_text(g)
    joins: list[tuple[int, int, int, int]] = []  # (-score, article, paragraph, 0 after / 1 before)
    for ai, a in enumerate(arts):
        for pi, p in enumerate(a.paras):
            ptext = _para_text(p)
            if not is_finished(ptext) and (s := join_score(ptext, text)) >= JOIN_THRESHOLD:
                joins.append((-s, ai, pi, 0))
            if (not is_finished(text) and not (a.lead is not None and p[0] is a.lead)
                    and (s := join_score(text, ptext)) >= JOIN_THRESHOLD):
                joins.append((-s, ai, pi, 1))
    if joins:
        _, ai, pi, before = min(joins)
        a = arts[ai]
        a.paras[pi] = g + a.paras[pi] if before else a.paras[pi] + g
        return ai
    words = _words(text)
    topical: list[tuple[int, int, int]] = []  # (-shared words, distance on the page, article)
    for ai, a in enumerate(arts):
        mine = [b.idx for b in a.seed] + [b.idx for p in a.paras for b in p]
        if a.title:
            mine += [b.idx for b in a.title.blocks]
        shared = len(words & _words("".join(_para_text(p) for p in a.paras)))
        dist = min((abs(i - g[0].idx) for i in mine), default=10**6)
        topical.append((-shared, dist, ai))
    ai = min(topical)[2]
    a = arts[ai]
    # Page order: after the last paragraph that starts above the stray one.
    k = sum(1 for p in a.paras if p[0].idx < g[0].idx)
    a.paras.insert(k, g)
    a.para_run.insert(k, -1)
    return ai
