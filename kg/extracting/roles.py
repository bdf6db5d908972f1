"""Role assignment: which named person played which part in an article's events.

Reads the role cues of ``kg/data/event_roles.tsv`` (chair, speaker, attendee lists,
host and guest of a reception, the people visited) and applies them to the person
mentions of an analysed text. Only persons with a cue become participants: a name quoted
in a speech (``习近平总书记关于…``) is a mention, not a participant.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache

from kg.lexicon import data_lines, data_rows, words_regex
from kg.model import Mention


#: Words that may sit between a name and its cue: ``王明远还强调``, ``王芳在会上强调``.
_FILLER = (r"(?:还|也|又|再|并|都|则|随后|同时|最后|首先|再次|亲自|一并|专门|一行|"
           r"在[^，。；！？,;\n]{0,40}?(?:会上|上|中|时|期间|后))")

#: What may separate two names of one list (``市领导A、B,市委副书记、市长C及…出席``).
_LIST_GAP_MAX = 12
#: …when the gap after a separator is a post (``，中共中央政治局常委、中央办公厅主任``).
_LIST_GAP_POSTS = 32
_SENT_END = "。；！？;!?\n"


@dataclass(frozen=True)
class RoleCue:
    role: str
    mode: str  # after | list | object | before
    pattern: re.Pattern[str]


@dataclass(frozen=True)
class RoleHit:
    """One person found playing one role; ``start``/``end`` is the cue's span."""

    person: Mention
    role: str
    start: int
    end: int


@lru_cache(maxsize=None)
def _title_after_name() -> str:
    """A title printed right after a name (``某某委员发言``, ``某某主席强调``): a post of
    ``posts.txt`` or a title of ``person_titles.txt``, or 代表 (a deputy)."""
    words = {r["entry"] for r in data_rows("posts.txt") if r["kind"] == "base"}
    words |= {r["title"] for r in data_rows("person_titles.txt")} | {"代表"}
    return f"(?:{words_regex(words).pattern})"


@lru_cache(maxsize=None)
def load_role_cues() -> tuple[RoleCue, ...]:
    """The role cues of ``event_roles.tsv`` (role, mode, regular expression)."""
    cues: list[RoleCue] = []
    for r in data_rows("event_roles.tsv"):
        role, mode, cue = r["role"], r["mode"], r["cue"]
        if mode == "after":
            pat = re.compile(rf"{_title_after_name()}?{_FILLER}*?(?:{cue})")
        else:
            pat = re.compile(cue)
        cues.append(RoleCue(role, mode, pat))
    return tuple(cues)


def _sentence_bounds(text: str, pos: int) -> tuple[int, int]:
    """Start and end of the sentence around ``pos`` (ends are 。！？； or a newline)."""
    s = max(text.rfind(c, 0, pos) for c in _SENT_END) + 1
    ends = [i for i in (text.find(c, pos) for c in _SENT_END) if i >= 0]
    return s, (min(ends) + 1 if ends else len(text))


def _clause_end(text: str, pos: int) -> int:
    """End of the clause that starts at ``pos`` (next ，。；！？ or newline)."""
    m = re.compile(r"[，,。；;！？!?\n]").search(text, pos)
    return m.start() if m else len(text)


def _in_reported_speech(text: str, pos: int) -> bool:
    """Whether ``pos`` lies in the content of a speech verb earlier in its sentence: a
    meeting or visit named there (an object cue's persons) is recalled or reported, not
    the event the article reports."""
    s, _ = _sentence_bounds(text, pos)
    return _said_re().search(text, s, pos) is not None


@lru_cache(maxsize=None)
def _said_re() -> re.Pattern[str]:
    """A speech verb of kg/data/event_speech.txt and its comma or colon
    (`某某表示，过去两年，某某分别同某某总统会晤`)."""
    return re.compile("(?:" + words_regex(data_lines("event_speech.txt")).pattern
                      + ")[，,:：]")


def find_roles(text: str, persons: list[Mention]) -> list[RoleHit]:
    """Every (person, role) cue in ``text``, in text order.

    ``persons`` are person mentions with spans into ``text``. A person may get several
    hits (``出席会议并强调``: attendee and speaker); :func:`resolve_role` picks one.
    """
    persons = sorted(persons, key=lambda m: (m.start, m.end))
    hits: list[RoleHit] = []
    cues = load_role_cues()
    for cue in cues:
        if cue.mode == "after":
            for p in persons:
                m = cue.pattern.match(text, p.end)
                if m:
                    hits.append(RoleHit(p, cue.role, m.start(), m.end()))
        elif cue.mode == "list":
            for m in cue.pattern.finditer(text):
                for p in _list_before(text, persons, m.start()):
                    hits.append(RoleHit(p, cue.role, m.start(), m.end()))
        elif cue.mode == "object":
            starts = [p.start for p in persons]
            for m in cue.pattern.finditer(text):
                if _in_reported_speech(text, m.start()):
                    continue
                end = _clause_end(text, m.end())
                for p in persons[bisect_left(starts, m.end()):bisect_left(starts, end)]:
                    if p.end <= end:
                        hits.append(RoleHit(p, cue.role, m.start(), m.end()))
        elif cue.mode == "before":
            for p in persons:
                window = text[max(0, p.start - 6):p.start]
                m = re.search(rf"(?:{cue.pattern.pattern})$", window)
                if m:
                    s = p.start - (len(window) - m.start())
                    hits.append(RoleHit(p, cue.role, s, p.start))
    hits.sort(key=lambda h: (h.person.start, h.start, h.role))
    return hits


@lru_cache(maxsize=None)
def _any_cue_re() -> re.Pattern[str]:
    """Any role cue word: a list gap holding one is not a plain list separator."""
    parts = [c.pattern.pattern for c in load_role_cues() if c.mode != "after"]
    parts += [c.pattern.pattern.split("*?", 1)[1] for c in load_role_cues()
              if c.mode == "after"]
    return re.compile("|".join(f"(?:{p})" for p in parts))


def _list_before(text: str, persons: list[Mention], cue_start: int) -> list[Mention]:
    """The names of the list that ends right before a list cue (``A、B出席``)."""
    out: list[Mention] = []
    edge = cue_start
    # from the last name starting before the cue (binary search: long texts stay linear)
    lo = bisect_left(persons, cue_start, key=lambda m: m.start)
    for j in range(lo - 1, -1, -1):
        p = persons[j]
        if p.end > edge:
            continue
        gap = text[p.end:edge]
        # a list of officials gives each name its post: 甲，中央办公厅主任乙出席
        # …or closes with a group (甲、乙及有关部门负责同志陪同)
        closing = gap[:1] in "及等" or gap[1:3] == "以及"  # 甲，以及有关部门负责同志到会
        limit = (_LIST_GAP_POSTS if (out and gap[:1] in "，,、") or (not out and closing)
                 else _LIST_GAP_MAX)
        if len(gap) > limit or any(c in gap for c in _SENT_END):
            break
        if _any_cue_re().search(gap):
            break
        # between two names there must be a separator, not running text
        if out and not re.search(r"[、，,和及与暨]", gap):
            break
        out.append(p)
        edge = p.start
    return out[::-1]


#: When one person has several roles in one event, the first listed wins.
_PRECEDENCE_MEETING = ("host", "guest", "leader", "chair", "speaker", "visited", "attendee")
#: On a tour, speaking is what everybody does; being listed as companion says more.
_PRECEDENCE_TOUR = ("host", "guest", "leader", "chair", "visited", "attendee", "speaker")


def resolve_role(roles: set[str], tour: bool) -> str:
    """The one role to keep for a person holding ``roles`` in one event."""
    order = _PRECEDENCE_TOUR if tour else _PRECEDENCE_MEETING
    return next(r for r in order if r in roles)
