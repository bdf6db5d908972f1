"""Event extraction: who did what, where and when, in one article.

One article usually reports one main event, told by its lead: the first body sentence
that holds both a date (``4月8日``, ``昨日上午``, ``6月30日至7月1日``, ``近日``) and a
trigger word (``调度会``, ``调研``, ``会见`` … from ``kg/data/event_kinds.tsv``). Around
it we collect

- the kind (the trigger's kind; a kind the headline also names wins),
- the date (from :func:`kg.extracting.dates.find_dates`; ``近日`` gives no day: date None,
  precision "unknown"), the part of day and the status (``拟于``/``将于``/``定于`` or a
  date after the page date: "planned"),
- the places the text ties to it (a place after ``赴``/``在``/``深入``… in the lead, and
  on a tour in every clause that moves the party; a city-wide ``全市`` meeting gets the
  city as an implied place),
- the participants and their roles (:mod:`kg.extracting.roles`),
- evidence sentences with page spans.

Two kinds of sub-events are emitted, with ``parent`` = the main event's key: a meeting
held at a stated place during a tour (``在X村召开的座谈会上``), and a visit to each named
person at the place named with them (``石山村贫困户吴大山``), so that a reader sees where
each was visited. Nothing else becomes an event: precision matters more than verbs.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from kg.lexicon import data_lines, data_regex, data_rows
from kg.extracting.gazetteer import UNRESOLVED_PREFIX, WORLD_PREFIX
from kg.extracting.dates import find_dates
from kg.model import (Article, Event, Evidence, Mention, Participant, PlaceRef,
                    event_key)
from kg.extracting.roles import RoleHit, find_roles, resolve_role
from kg.segmenting.articles import split_sentences as _split_sentences


#: Kinds that move a party from place to place: places come from the whole story.
TOUR_KINDS = frozenset({"Inspection", "Visit"})
#: Words that say a visit took place in the sentence (for ``贫困户X`` → visited).
_VISIT_RE = re.compile(r"走访|慰问|看望|探望|家中|家里")
_SENT_END = "。；！？;!?"
_CLAUSE_RE = re.compile(r"[，,。；;！？!?：:\n]")


# --- data files -------------------------------------------------------------------------

@lru_cache(maxsize=None)
def event_triggers() -> dict[str, str]:
    """Trigger word -> event kind (``kg/data/event_kinds.tsv``)."""
    return {r["trigger"].strip(): r["kind"].strip() for r in data_rows("event_kinds.tsv")}


@lru_cache(maxsize=None)
def _trigger_re() -> re.Pattern[str]:
    words = sorted(event_triggers(), key=lambda w: (-len(w), w))  # longest first
    return re.compile("|".join(map(re.escape, words)))


@lru_cache(maxsize=None)
def _word_re(name: str) -> re.Pattern[str]:
    words = sorted({w.strip() for w in data_lines(name)}, key=lambda w: (-len(w), w))
    return re.compile("|".join(map(re.escape, words)))


@lru_cache(maxsize=None)
def _date_skip() -> dict[str, tuple[str, ...]]:
    out: dict[str, list[str]] = {}
    for r in data_rows("event_date_skip.tsv"):
        out.setdefault(r["kind"], []).append(r["word"])
    return {k: tuple(sorted(v, key=len, reverse=True)) for k, v in out.items()}


# --- dates ------------------------------------------------------------------------------

@dataclass
class _Date:
    """A date mention as this module needs it (adapted from :mod:`kg.extracting.dates`)."""

    start: int
    end: int
    date: dt.date | None
    end_date: dt.date | None
    precision: str
    part_of_day: str
    text: str


@lru_cache(maxsize=4)  # the same article text is read for dates several times
def _find_dates(text: str, page_date: dt.date | None) -> tuple[_Date, ...]:
    """Date mentions in ``text`` (via :func:`kg.extracting.dates.find_dates`), by position."""
    out = []
    for d in find_dates(text, page_date):
        prec = "unknown" if d.date is None else (d.precision or "day")
        out.append(_Date(d.start, d.end, d.date, d.end_date, prec, d.part_of_day or "",
                         text[d.start:d.end]))
    return tuple(sorted(out, key=lambda x: (x.start, x.end)))


def _is_event_date(text: str, d: _Date, sent: tuple[int, int]) -> bool:
    """False for dates that are not when something happened (截至…, 记者…了解到)."""
    skip = _date_skip()
    before = text[max(sent[0], d.start - 4):d.start]
    if any(before.endswith(w) for w in skip.get("before", ())):
        return False
    after = text[d.end:d.end + 3]
    if any(after.startswith(w) for w in skip.get("after", ())):
        return False
    # inside parentheses: a side remark (今年以来（1月1日至3月11日）…)
    opened = text.rfind("（", sent[0], d.start), text.rfind("(", sent[0], d.start)
    closed = text.rfind("）", sent[0], d.start), text.rfind(")", sent[0], d.start)
    if max(opened) > max(closed):
        return False
    # 18日，记者从…了解到 / 笔者昨天从…获悉: the day the reporter learned of it
    heard = [i for i in (text.find(w, d.end, sent[1]) for w in skip.get("reporting", ()))
             if i >= 0]
    if heard:
        between = text[max(sent[0], d.start - 4):min(heard)]
        if min(heard) - d.end <= 30 and re.search(r"记者|笔者", between):
            return False
    return True


# --- sentences and triggers -------------------------------------------------------------

def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Sentence spans of ``text[start:end]`` (:func:`kg.segmenting.articles.split_sentences`); a line
    that stops mid-sentence (``座谈会上,\\n王明远…``) is a column break, not an end."""
    return _split_sentences(text, start, end, join_column_breaks=True)


@dataclass(frozen=True)
class _Trigger:
    start: int
    end: int
    word: str
    kind: str


def find_triggers(text: str, start: int = 0, end: int | None = None) -> list[_Trigger]:
    """Trigger words in ``text[start:end]``, longest match at each position."""
    end = len(text) if end is None else end
    kinds = event_triggers()
    out: list[_Trigger] = []
    for m in _trigger_re().finditer(text, start, end):
        t = _Trigger(m.start(), m.end(), m.group(), kinds[m.group()])
        if out and out[-1].end == t.start:
            # a compound names its head last: 专项行动推进会 is a meeting
            t = _Trigger(out[-1].start, t.end, out[-1].word + t.word, t.kind)
            out[-1] = t
        else:
            out.append(t)
    return out


# --- the main function ------------------------------------------------------------------

def extract_events(article: Article, page_date: dt.date | None) -> list[Event]:
    """The events an article reports: its main event and the sub-events of a tour.

    Uses ``article.text``, ``article.body_start`` and ``article.mentions`` (persons
    with spans; places with ``key`` and ``level``). Returns [] when no sentence of the
    lead holds both a date and a trigger word.
    """
    text = article.text
    body = article.body_start
    sents = split_sentences(text, body)
    if not sents:
        return []
    # 今天/昨日/当天 count from the dateline's day (新华社北京5月8日电) when there is one:
    # a wire story printed the next morning still says 今天 for the 8th
    page_date = getattr(article, "dateline_date", None) or page_date
    found = _main_sentence(text, sents, page_date, text[:body] or article.title_text)
    if found is None:
        return []
    si, dm, trig = found
    if dm.date is None:  # 近日 in the lead: a later sentence of the lead may fix the day
        later = _dated_trigger_sentence(text, sents, si, trig, page_date)
        if later is not None:
            si, dm, trig = later
    sent = sents[si]
    persons = sorted((m for m in article.mentions if m.type == "person"),
                     key=lambda m: (m.start, m.end))
    places = sorted((m for m in article.mentions if m.type == "place"),
                    key=lambda m: (m.start, m.end))
    tour = trig.kind in TOUR_KINDS

    ev = Event(kind=trig.kind, label=_label(text, body, trig, dm), article_id=article.id,
               trigger=trig.word)
    _set_date(ev, dm, text, sent, trig, page_date)

    sent_dates = _sentence_dates(text, sents, page_date,
                                 several_days=ev.end_date not in (None, ev.date))
    sent_starts = [a for a, _b in sents]
    ended: list[tuple[int, int, str]] = []
    if tour:
        _extend_tour(ev, si, sent_dates, page_date)
        sent_dates = _told_under_tour(text, sents, si, sent_dates, ev)
    # places
    if tour and ev.end_date and ev.end_date != ev.date:
        # a tour of several days: where the lead says it went (在A、B调研; 来到A。当天，
        # 到B调研); a stop told later without a day of its own lies within those and
        # cannot be dated, so only a stop the lead's places do not cover is added (a lead
        # that names no place: 来衡调研); a stop with a day has its place for itself
        lead = [(0, body)] + [sents[i] for i in range(si, len(sents))
                              if i == si or (sent_dates[i] is None
                                             and _same_line(text, sents[si], sents[i]))]
        spans = lead + [s for s, d in zip(sents, sent_dates)
                        if _same_days(ev, d) and s not in lead]
        ended = _ended_trips(text, spans)
        skip = [(x, y) for x, y, *_ in ended]
        refs = _tied_places(text, lead, places, skip=skip)
        refs += [k for k in _tied_places(text, spans, places, skip=skip)
                 if k not in refs and not _inside(k, refs)]
    elif tour:
        # headline lines and every sentence told under the tour's own dates: a stop told
        # under a day of its own (14日下午，…) has its place for itself, not for the tour
        spans = [(0, body)] + [s for s, d in zip(sents, sent_dates)
                               if _same_days(ev, d)]
        ended = _ended_trips(text, spans)
        refs = _tied_places(text, spans, places, skip=[(x, y) for x, y, *_ in ended])
    else:
        ended = _ended_trips(text, [sent])
        refs = _tied_places(text, [sent], places, skip=[(x, y) for x, y, *_ in ended])
    for k in _venue_places(text, [sent]):
        if k not in refs:
            refs.append(k)
    if not refs and trig.kind == "Contest":
        refs = _host_in_name(text, trig, places)
    if trig.kind == "PhoneCall":
        refs = []  # the two sides of a call are in two places
    elif not refs:
        refs = _dateline_places(article, places)
    if not refs and trig.kind != "PhoneCall":
        doers = _actors(text, sent[0], max(trig.start, sent[0]), persons)
        if doers:
            refs = _post_places(text, sent[0], doers[0], places)
    refs = list(dict.fromkeys(_venue_city(k) for k in refs))
    ev.places = [PlaceRef(k) for k in _most_specific(refs)]
    if not ev.places and _citywide(text, sent, ev.label):
        city = _home_city(places)
        if city:
            ev.places.append(PlaceRef(city, stated=False))

    # participants: role cues of the headline and of the sentences told under the main
    # event's date (or under no date); a sentence dated another day is an event of its own
    all_hits = _contest_roles([h for h in find_roles(text, persons) if _keep_hit(text, h)],
                              trig.kind == "Contest")
    hits = [h for h in all_hits
            if _same_days(ev, sent_dates[_sentence_index(sent_starts, h.start)]
                           if h.start >= body else None)]
    leader = _leader(text, sent, trig, persons, body) if tour or trig.kind == "Arrival" else None
    roles: dict[str, set[str]] = {}
    first: dict[str, RoleHit | None] = {}
    for h in hits:
        roles.setdefault(h.person.name, set()).add(h.role)
        first.setdefault(h.person.name, h)
    if leader is not None:
        roles.setdefault(leader.name, set()).add("leader")
        first.setdefault(leader.name, None)
    if trig.kind in ("Talks", "PhoneCall"):
        # both sides speak: everybody named before the trigger in the lead sentence
        for p in _actors(text, sent[0], trig.start, persons):
            if p.name not in roles:
                roles[p.name] = {"speaker"}
                first[p.name] = None
    if trig.kind == "Reception" and not any("host" in r for r in roles.values()):
        subj = _subject(text, sent, trig, persons)
        if subj is not None:
            roles.setdefault(subj.name, set()).add("host")
            first.setdefault(subj.name, None)

    # 甲给…回信 / 甲向论坛致贺信: who writes or congratulates takes no part
    wrote = data_regex("event_non_actions.txt").search(text, sent[0], sent[1])
    if wrote:
        # …and whom it is addressed to (复信某国总书记甲，共同宣布…): nobody met
        addressed = _CLAUSE_RE.search(text, wrote.end())
        upto = addressed.end() if addressed else sent[1]
        for p in persons:
            if sent[0] <= p.start < wrote.start() and roles.get(p.name, set()) <= {
                    "speaker", "leader", "host"}:
                roles.pop(p.name, None)
            elif wrote.end() <= p.start < upto and roles.get(p.name, set()) <= {
                    "speaker", "leader", "host", "guest"}:
                roles.pop(p.name, None)
    visits = _visited_places(text, hits, places)
    parts: list[Participant] = []
    for name in sorted(roles, key=lambda n: _first_pos(n, persons)):
        role = resolve_role(roles[name], tour)
        h = first[name]
        evid = _evidence(article, *split_sentence_at(text, h.start, sents)) if h else None
        p = Participant(name, role, evidence=evid)
        if role == "visited" and visits.get(name):
            p.places = [visits[name][0]]
        parts.append(p)
    ev.participants = parts

    # evidence: the event sentence, then every sentence a role came from
    ev_sents = [sent] + sorted({split_sentence_at(text, h.start, sents) for h in hits
                                if h.start >= body} - {sent})
    ev.evidence = [_evidence(article, a, b) for a, b in ev_sents]
    ev.label = _readable_label(article, ev, trig)
    ev.key = _key(article.id, ev)

    events = [ev]
    events += _ended_events(article, ev, ended, places, persons, leader, sents, sent_dates)
    events += _visit_subevents(article, ev, visits, leader, sents)
    # A person visited at one stop of a tour is an actor of that stop's Visit only:
    # on the tour itself they would be placed at every stop (sem:hasActor x sem:hasPlace).
    ev.participants = [p for p in ev.participants if not (p.role == "visited" and p.places)]
    events += _meeting_subevents(article, ev, hits, persons, places, sents, tour)
    events += _dated_events(article, ev, sents, sent_dates, persons, places, all_hits,
                            page_date)
    return events


# --- pieces -----------------------------------------------------------------------------

def _main_sentence(text: str, sents: list[tuple[int, int]], page_date: dt.date | None,
                   title: str) -> tuple[int, _Date, _Trigger] | None:
    """The lead sentence (index), its event date and its trigger."""
    title_kinds = {t.kind for t in find_triggers(title)}
    dates_all = _find_dates(text, page_date)
    fallback = None
    for i, (a, b) in enumerate(sents[:6]):
        dates = [d for d in dates_all if a <= d.start < b and _is_event_date(text, d, (a, b))]
        if not dates:
            continue
        # a trigger inside a message (表示深切同情和慰问, 致慰问信) names no event
        said = [m.span() for m in data_regex("event_non_actions.txt").finditer(text, a, b)]
        trigs = [t for t in find_triggers(text, a, b)
                 if not any(x <= t.start and t.end <= y for x, y in said)]
        if not trigs:
            if fallback is None and title_kinds and i < 3:
                fallback = (i, dates[0])
            continue
        preferred = [t for t in trigs if t.kind in title_kinds]
        after_date = [t for t in trigs if t.start >= dates[0].end]
        trig = (preferred or after_date or trigs)[0]
        return i, dates[0], trig
    if fallback is not None:  # dated lead without a trigger: the headline names it
        tt = find_triggers(title)[0]
        i, d = fallback
        a = sents[i][0]
        return i, d, _Trigger(a, a, tt.word, tt.kind)
    return None


def _set_date(ev: Event, dm: _Date, text: str, sent: tuple[int, int], trig: _Trigger,
              page_date: dt.date | None) -> None:
    """Date, span, precision, part of day and status of the main event."""
    ev.date_text = dm.text
    ev.date, ev.end_date = dm.date, dm.end_date
    ev.date_precision = dm.precision if dm.date else "unknown"
    ev.part_of_day = dm.part_of_day
    # planned: a cue in the clauses up to the trigger's clause, or a date to come
    clause_end = _CLAUSE_RE.search(text, trig.end)
    scope = text[sent[0]:clause_end.start() if clause_end else sent[1]]
    planned = bool(_word_re("event_planned.txt").search(scope))
    if page_date and ev.date and ev.date > page_date:
        planned = True
    ev.status = "planned" if planned else "happened"


_SESSION_RE = re.compile(r"第[\d一二三四五六七八九十百]+次[^，,。；;、\n]{0,8}?会议")


def _label(text: str, body: int, trig: _Trigger, dm: _Date) -> str:
    """A short label: the name of a meeting, or the trigger and its object."""
    if trig.start == trig.end:  # from the headline
        return trig.word
    if trig.word.endswith(_NOUN_ENDS):
        # the noun phrase that ends with the trigger (全市脱贫攻坚调度会)
        left = text.rfind("\n", 0, trig.start) + 1
        cuts = [left + m.end() for m in re.finditer(
            r"[，,。；;：:、]|召开|举行|举办|主持|出席|参加|开展|作为|之际|在", text[left:trig.start])]
        left_cut = max([left, *cuts] + ([dm.end] if dm.end <= trig.start else []))
        # a body and its session: 全国人大常委会 + 第十七次会议 name one meeting
        session = _SESSION_RE.match(text, trig.end)
        end = session.end() if session else trig.end
        return text[left_cut:end].strip() or trig.word
    m = _LABEL_STOP_RE.search(text, trig.end)
    stop = min(m.start() if m else len(text), trig.end + 24)
    return text[trig.start:stop].strip()


#: What a title line says after the event it names (王明远赴常宁市调研，强调——).
_TITLE_TAIL_RE = re.compile(r"(?:[，,。；;：:！？!?]|时?强调|时指出|——).*$")
#: A date opening a title line (31日起, 雁峰区局地停水).
_LEADING_DATE_RE = re.compile(r"^[\d月日号起至\-—~～]+[，,、\s]*")
_QUOTE_PAIRS = ("“”", "《》", "「」", "（）", "()")


def _balanced(label: str) -> str:
    """Drop a quotation mark or bracket whose partner was cut off (“信访法治宣传月)."""
    for o, c in _QUOTE_PAIRS:
        if label.count(o) != label.count(c):
            label = label.replace(o, "").replace(c, "")
    return label.strip()


def _readable_label(article: Article, ev: Event, trig: _Trigger) -> str:
    """A label a reader recognises in a list of events.

    A named event (全市脱贫攻坚调度会) keeps its name. A verb label (调研, 签约,
    展览的方式…) is replaced by the title line that names the same action
    (王明远赴常宁市调研脱贫攻坚工作), else prefixed by who led or hosted it.
    """
    label = _balanced(ev.label)
    if trig.word.endswith(_NOUN_ENDS) and len(label) > len(trig.word):
        return label
    words = [trig.word] + ([trig.word[-2:]] if len(trig.word) > 2 else [])
    titles = [re.sub(r"\s+", " ", t or "").strip()
              for t in (article.kicker, article.headline, *article.subheadlines)]
    for word in words:
        for line in titles:
            at = line.find(word)
            if at < 0:
                continue
            named = _TITLE_TAIL_RE.sub("", line[at:])
            cand = _balanced(_LEADING_DATE_RE.sub("", line[:at] + named))
            if 2 < len(cand) <= 32:
                return cand
    lead = next((p.person for p in ev.participants if p.role in ("leader", "host")), "")
    if lead:
        return (label if label.startswith(lead) else lead + label)[:32]
    first = titles[1].split(" ")[0] if len(titles) > 1 else ""
    if 3 < len(first) <= 32:  # nobody named: the headline says what it was
        return _balanced(first)
    return label[:32]


#: A trigger ending so names a thing (调度会, 大赛, 仪式): the label is the name before it.
_NOUN_ENDS = ("会", "会议", "赛", "式", "礼", "坛", "展", "周", "月", "动", "行动")
#: Where a verb label (调研脱贫攻坚工作) stops.
_LABEL_STOP_RE = re.compile(r"[，,。；;：:！？!?\n]|时|并|强调|指出|要求|表示")


#: After a country's name: it says whose (某国总统, 某国驻华大使, 中国—某国), not where.
_NATIONALITY_AFTER = re.compile(
    r"(?:共和国|王国|联邦)?(?:总统|副总统|总理|副总理|首相|国王|女王|王储|亲王|总督|外长|"
    r"外交大臣|外交部长|部长|议长|大使|驻|政府|议会|国民议会|代表团|客人|贵宾|领导人|元首|"
    r"人民|工商界|企业|—|－|-|·)")


def _most_specific(refs: list[str]) -> list[str]:
    """The event's places without a country that another of its places lies in: 来华
    beside 北京人民大会堂 says nothing more than 北京市 (a Chinese unit of the register
    lies in 中国; a foreign city's key begins with its country's)."""
    def within(r: str, country: str) -> bool:
        if country == WORLD_PREFIX + "CN":
            return not r.startswith(WORLD_PREFIX)
        return r.startswith(country + "/")

    return [k for k in refs
            if not (k.startswith(WORLD_PREFIX) and k.count("/") == 1
                    and any(within(r, k) for r in refs if r != k))]


def _tied_places(text: str, spans: list[tuple[int, int]], places: list[Mention],
                 skip: list[tuple[int, int]] = ()) -> list[str]:
    """Place keys tied to an event in these sentences, in text order (``places`` sorted
    by position).

    A place counts when a place cue (赴, 在, 深入 …) precedes it in its clause and no
    speech verb precedes it in its sentence (what was said is not where it happened).
    """
    cue_re = data_regex("event_place_cues.txt")
    speech_re = _word_re("event_speech.txt")
    keys: list[str] = []
    seen: set[str] = set()
    for a, b in spans:
        # only the places inside this sentence (binary search: long articles stay linear)
        for p in places[_first_at(places, a):]:
            if p.start >= b:
                break
            if p.end > b or any(x <= p.start < y for x, y in skip):
                continue
            if speech_re.search(text, a, p.start):
                continue
            if len(p.text) == 1 and (p.key or "").startswith(WORLD_PREFIX):
                continue  # 中日韩, 中美: a country's one-character short form names a side
            if p.start > 0 and text[p.start - 1] in "“《「":
                continue  # part of a quoted name (“衡阳群众”志愿者), not a destination
            if _NATIONALITY_AFTER.match(text, p.end) or (p.start > 0 and text[p.start - 1] in "—－-"):
                continue  # 会见某国总理 / 中国—东盟: whose, not where
            cstart = max(a, max((m.end() for m in _CLAUSE_RE.finditer(text, a, p.start)),
                                default=a))
            if (p.key or "").startswith(WORLD_PREFIX) and p.key.count("/") == 1 \
                    and _GUEST_OF_RE.search(text, cstart, p.start):
                continue  # 在北京会见某国副首相: the guest's country, not where
            if not cue_re.search(text, cstart, p.start) and not _topic_place(text, p, a) \
                    and not (text[p.start - 1:p.start] == "对" and _VISIT_AFTER.match(text, p.end)):
                continue
            if _attributive(text, cstart, p, cue_re):
                continue
            key = p.key or p.name
            if key not in seen:
                seen.add(key)
                keys.append(key)
    return keys


#: ``在<places><what they do>的<noun>``: a clause that says where someone else is
#: (在某省发展的台商, 刚刚在某市忙完项目的青年), not where the event happened.
_ATTRIB_AFTER_RE = re.compile(r"([^，,。；;！？!?：:\n“”的]{0,24}?)的([^，,。；;！？!?：:\n]{0,4})")
#: Words in or after such a clause that make it the event's own place after all
#: (出席在某市举行的论坛, 在某地召开的会议上, 在某省的考察).
_ATTRIB_KEEP_RE = re.compile(r"进行|期间|时候|过程|基础上|同时")


def _attributive(text: str, cstart: int, p: Mention, cue_re: re.Pattern[str]) -> bool:
    """True when place ``p`` is governed only by a 在 that opens an attributive clause
    (``走访在某省发展的台商``, ``在某市忙完项目的某地青年``): the clause describes another
    party, its places (and the head's) are theirs, not the event's."""
    last = None
    for last in cue_re.finditer(text, cstart, p.start):
        pass
    if last is None or last.group() != "在":
        return False
    m = _ATTRIB_AFTER_RE.match(text, last.end())
    if m is None:
        return False
    inner, after = m.group(1), m.group(2)
    if _ATTRIB_KEEP_RE.search(inner + "的" + after):
        return False
    host = data_regex("place_host_verbs.txt")
    trig = _trigger_re()
    return not (host.search(inner) or trig.search(inner) or trig.match(after))


#: A meeting word before a country in its clause: the country is the guest's.
_GUEST_OF_RE = re.compile(r"(?:会见|会晤|接见|宴请|欢迎)[^，,。；;]*$")

#: After ``对<country>``: the country visited (对某国进行国事访问, 对某国的正式访问).
_VISIT_AFTER = re.compile(r"(?:进行|的)(?:国事|正式|友好|工作|正式友好|国事友好)?访问")

#: After a paragraph's opening places: they are what the paragraph is about.
_TOPIC_AFTER_RE = re.compile(r"[^，。；,;\n]{0,16}?(?:是|位于|地处|坐落)")
_TOPIC_PLACE_RE = re.compile(r"[^，。；,;\n“”《》]{0,24}")


def _topic_place(text: str, p: Mention, sent_start: int) -> bool:
    """A place that opens its paragraph, named with what follows as the topic
    (``某市某区某社区是个多民族聚居社区。A来到社区…``): where the paragraph happens."""
    line = text.rfind("\n", 0, p.start) + 1
    if p.start - line > 24 or sent_start > line + 40:
        return False
    if _TOPIC_PLACE_RE.fullmatch(text, line, p.start) is None:
        return False
    return _TOPIC_AFTER_RE.match(text, p.end) is not None


def _citywide(text: str, sent: tuple[int, int], label: str) -> bool:
    """A city-wide event (全市…会议, 市政府…常务会议): the city is implied."""
    return "全市" in label or label.startswith(("市", "全市")) or "全市" in text[sent[0]:sent[1]]


def _home_city(places: list[Mention]) -> str | None:
    """The article's city: the most named city-level place, else the city above the
    places named (through the gazetteer when it is there)."""
    cities = Counter(p.key or p.name for p in places if p.level == "city")
    if cities:
        return sorted(cities.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
    try:
        from kg.extracting.gazetteer import get_gazetteer
        gaz = get_gazetteer()
        ups: Counter[str] = Counter()
        for p in places:
            if p.key:
                for anc in [p.key, *gaz.ancestors(p.key)]:
                    if gaz.level(anc) == "city":
                        ups[anc] += 1
        if ups:
            return sorted(ups.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
    except Exception:  # the gazetteer is optional here: no city rather than a guess
        return None
    return None


#: ``应某国总统甲邀请，``: who invited, named in passing before the visit.
_INVITED_RE = re.compile(r"应[^，,。；;！？\n“”]{1,40}?(?:的)?邀请")


def _inviter(text: str, p: Mention) -> bool:
    """True when person ``p`` is named as the one who invited (``应甲邀请，乙将访问``):
    the inviter is not, by that, a participant."""
    clause = max(text.rfind(c, 0, p.start) for c in "，,。；;！？\n") + 1
    return any(m.start() <= p.start and p.end <= m.end()
               for m in _INVITED_RE.finditer(text, clause, p.end + 42))


#: Between a host city and the games named after it (某市第31届世界大学生夏季运动会).
_GAMES_NAME_RE = re.compile(r"[^，,。；;！？!?：:、\s“”《》的在]{0,16}")


def _host_in_name(text: str, trig: _Trigger, places: list[Mention]) -> list[str]:
    """The place a contest's name opens with (某市第31届运动会, 某市马拉松赛): games are
    named after where they are held."""
    for p in places[_first_at(places, max(0, trig.start - 17)):]:
        if p.start >= trig.start:
            break
        if p.key and _GAMES_NAME_RE.fullmatch(text, p.end, trig.start) and not (
                p.key.startswith(WORLD_PREFIX) and p.key.count("/") == 1):
            return [p.key]  # not a country or continent (亚洲运动会: whose, not where)
    return []


def _contest_roles(hits: list[RoleHit], contest: bool) -> list[RoleHit]:
    """A result (``某某4比2战胜某某夺得冠军``) makes both athletes attendees of a contest;
    elsewhere (a meeting with a champion, a feature on a medallist) it makes nobody a
    participant."""
    return [RoleHit(h.person, "attendee", h.start, h.end) if h.role == "contestant" else h
            for h in hits if contest or h.role != "contestant"]


def _keep_hit(text: str, h: RoleHit) -> bool:
    """Drop a `visited` role found outside a sentence that tells of a visit, and any
    role of one named only as who invited."""
    if _inviter(text, h.person):
        return False
    if h.role != "visited":
        return True
    if _NOT_ACTOR_AFTER.match(text, h.person.end) or re.search(
            r"(?:转达|代表)[^，。；]{0,6}$", text[max(0, h.person.start - 12):h.person.start]):
        return False  # 转达习近平总书记的问候: the sender of greetings is not visited
    a = max(text.rfind(c, 0, h.person.start) for c in _SENT_END + "\n") + 1
    ends = [i for i in (text.find(c, h.person.end) for c in _SENT_END) if i >= 0]
    b = min(ends) if ends else len(text)
    return bool(_VISIT_RE.search(text, a, b))


def _subject(text: str, sent: tuple[int, int], trig: _Trigger,
             persons: list[Mention]) -> Mention | None:
    """The last person named before the trigger in the lead sentence."""
    before = [p for p in persons if sent[0] <= p.start and p.end <= trig.start]
    return before[-1] if before else None


_ACCOMPANY_RE = re.compile(r"^[^，。；]{0,30}?(?:陪同|随同)")


def _leader(text: str, sent: tuple[int, int], trig: _Trigger, persons: list[Mention],
            body: int) -> Mention | None:
    """Who led a tour: the first person named in the lead sentence before the trigger,
    else the first person of the headline lines."""
    # not one who only accompanies (在A陪同下，先后到…调研)
    before = [p for p in persons if sent[0] <= p.start and p.end <= trig.start
              and not _ACCOMPANY_RE.match(text[p.start:trig.start])
              and not _inviter(text, p)]
    if before:
        return before[0]
    head = [p for p in persons if p.end <= body]
    return head[0] if head else None


def _first_pos(name: str, persons: list[Mention]) -> int:
    return next((p.start for p in persons if p.name == name), 10**9)


def split_sentence_at(text: str, pos: int, sents: list[tuple[int, int]]) -> tuple[int, int]:
    """The sentence span holding ``pos`` (a headline line when before the body)."""
    i = bisect_left(sents, (pos + 1,)) - 1  # binary search: long articles stay linear
    if i >= 0 and sents[i][0] <= pos < sents[i][1]:
        return sents[i]
    a = text.rfind("\n", 0, pos) + 1
    b = text.find("\n", pos)
    return a, (b if b >= 0 else len(text))


def _evidence(article: Article, a: int, b: int) -> Evidence:
    s, e = article.page_span(a, b)
    return Evidence(article.id, article.text[a:b], s, e)


def _key(article_id: str, ev: Event) -> str:
    """Stable key from the article, kind, date and label (never a counter)."""
    return event_key(article_id, ev.kind, ev.date, ev.label)


def _visited_places(text: str, hits: list[RoleHit], places: list[Mention]
                    ) -> dict[str, list[str]]:
    """For each visited person, the place named with them (``石山村贫困户吴大山``).

    The nearest place between the previous list separator (or the previous person) and
    the name; nearest is the most specific in Chinese address order.
    """
    out: dict[str, list[str]] = {}
    for h in hits:
        if h.role != "visited" or h.person.name in out:
            continue
        p = h.person
        left = max(text.rfind(c, 0, p.start) for c in "、，,；;。\n") + 1
        near = [m for m in places if left <= m.start and m.end <= p.start]
        if near:
            m = near[-1]
            out[p.name] = [m.key or m.name]
    return out


def _visit_subevents(article: Article, main: Event, visits: dict[str, list[str]],
                     leader: Mention | None, sents: list[tuple[int, int]]) -> list[Event]:
    """One Visit per visited person with a place: where each was visited."""
    out = []
    for part in main.participants:
        if part.role != "visited" or not visits.get(part.person):
            continue
        ev = Event(kind="Visit", label=f"走访{part.person}", article_id=article.id,
                   date=main.date, end_date=None, date_text=main.date_text,
                   date_precision=main.date_precision, part_of_day=main.part_of_day,
                   status=main.status, places=[PlaceRef(k) for k in visits[part.person]],
                   trigger="走访", parent=main.key)
        if main.end_date and main.end_date != main.date:
            ev.date, ev.date_precision = main.date, main.date_precision  # day unknown in span
        if leader is not None:
            ev.participants.append(Participant(leader.name, "leader"))
        ev.participants.append(Participant(part.person, "visited", evidence=part.evidence))
        if part.evidence:
            ev.evidence = [part.evidence]
        ev.key = _key(article.id, ev)
        out.append(ev)
    return out


#: ``在<where>(召开的)<meeting>上``: the clause that opens a meeting held during a tour.
_SUBMEETING_RE = re.compile(r"在(?P<where>[^，。；,;在]{1,40}?)(?:召开|举行)?的?"
                            r"(?P<what>座谈会|会议|汇报会|调度会|推进会|现场会|见面会)上")


def _meeting_subevents(article: Article, main: Event, hits: list[RoleHit],
                       persons: list[Mention], places: list[Mention],
                       sents: list[tuple[int, int]], tour: bool) -> list[Event]:
    """A meeting held at a stated place during a tour (``在X村召开的座谈会上，Y强调``)."""
    if not tour:
        return []
    text = article.text
    out = []
    for a, b in sents:
        m = _SUBMEETING_RE.search(text, a, b)
        if not m:
            continue
        where = [p for p in places if m.start("where") <= p.start and p.end <= m.end("where")]
        if not where:
            continue  # no stated place: it is part of the tour, not a separate event
        who = [p for p in persons if m.end() <= p.start < b]
        if not who:
            continue
        keys: list[str] = []
        for p in where:
            if (p.key or p.name) not in keys:
                keys.append(p.key or p.name)
        label = text[m.start("where"):m.end("what")].replace("召开的", "").replace("举行的", "")
        ev = Event(kind="Meeting", label=label, article_id=article.id, date=main.date,
                   end_date=main.end_date, date_text=main.date_text,
                   date_precision=main.date_precision, part_of_day=main.part_of_day,
                   status=main.status, places=[PlaceRef(k) for k in keys],
                   trigger=m.group("what"), parent=main.key,
                   evidence=[_evidence(article, a, b)])
        speaker = who[0]
        ev.participants = [Participant(speaker.name, "speaker",
                                       evidence=_evidence(article, a, b))]
        ev.key = _key(article.id, ev)
        out.append(ev)
    return out


# --- several events per article: dated sentences -----------------------------------------

#: ``论坛期间，``, ``访问期间，``: some day of a stretch, not a day the text fixes.
_SPAN_RE = re.compile(r"^[^，,。；;\n]{0,12}期间[，,]")
#: Words that name the broadcast or publication day when no other day was given.
_THAT_DAY_RE = re.compile(r"^(?:当天|当日|同日)")
#: After a name: a doctrine, instruction or speech of that person, not the person acting.
_NOT_ACTOR_AFTER = re.compile(r"(?:总书记|主席|总理|委员长|同志){0,2}(?:的|关于|重要|思想|指示|讲话精神)")


@lru_cache(maxsize=None)
def _venues() -> tuple[tuple[re.Pattern[str], str], ...]:
    return tuple((re.compile(r["venue"]), r["place"]) for r in data_rows("event_venues.tsv"))


def _place_key(name: str) -> str | None:
    """Register key of a place name (北京市 → 110000); None when it is not unique."""
    from kg.extracting.gazetteer import get_gazetteer
    keys = get_gazetteer().lookup(name)
    return keys[0] if len(keys) == 1 else None


def _venue_places(text: str, spans: list[tuple[int, int]]) -> list[str]:
    """Places a venue or a short name fixes in these sentences (人民大会堂 → 北京市)."""
    out: list[str] = []
    for a, b in spans:
        for rx, place in _venues():
            if rx.search(text, a, b):
                key = _place_key(place)
                if key and key not in out:
                    out.append(key)
    return out


def _venue_city(key: str) -> str:
    """An unplaced venue whose name opens with a city or province (``某京某山公园`` after
    ``北京``): that unit, which a reader can place; else the key as it is. The rest of the
    name must still be a venue's name (``中山公园`` is no venue of 中山市)."""
    prefix = UNRESOLVED_PREFIX + "venue/"
    if not key.startswith(prefix):
        return key
    name = key[len(prefix):]
    from kg.extracting.gazetteer import get_gazetteer
    for n in (3, 2):
        if len(name) - n < 4:
            continue
        k = _place_key(name[:n])
        if k and get_gazetteer().level(k) in ("province", "city"):
            return k
    return key


def _dateline_places(article: Article, places: list[Mention]) -> list[str]:
    """The dateline's place (新华社莫斯科5月8日电) when the segmenter found one: the place
    mention of that name, else the register's unit of that name."""
    where = getattr(article, "dateline_place", None)
    if not where:
        return []
    for m in places:
        if where in (m.text, m.name):
            return [m.key or m.name]
    key = _place_key(where)
    return [key] if key else []


def _sentence_index(starts: list[int], pos: int) -> int:
    """Index of the sentence holding ``pos`` (the one before it when between two), from
    the sentences' start offsets."""
    return max(bisect_left(starts, pos + 1) - 1, 0)


def _same_days(main: Event, d: _Date | None) -> bool:
    """True when a sentence is told under the main event's own date (or under none)."""
    if d is not None and d.precision == "span":
        return False  # 论坛期间，…: during it, on a day not told
    if d is None or d.date is None or main.date is None:
        return True
    return d.date == main.date and (d.end_date or d.date) == (main.end_date or main.date)


def _under_main(main: Event, d: _Date | None) -> bool:
    """True when a sentence told under date ``d`` belongs to the main event's days."""
    if d is not None and d.precision == "span":
        return False
    if d is None or d.date is None or main.date is None:
        return True
    last = main.end_date or main.date
    return main.date <= d.date <= last


def _in_quotes(text: str, a: int, pos: int) -> bool:
    seg = text[a:pos]
    return seg.count("“") > seg.count("”") or seg.count("《") > seg.count("》")


def _first_at(mentions: list[Mention], pos: int) -> int:
    """Index of the first mention starting at or after ``pos`` (mentions sorted)."""
    return bisect_left(mentions, pos, key=lambda m: m.start)


def _actors(text: str, a: int, b: int, persons: list[Mention]) -> list[Mention]:
    """Persons in ``text[a:b]`` who act: not quoted, not named in what someone said, not
    the owner of a doctrine or instruction (习近平总书记关于…)."""
    speech_re = _word_re("event_speech.txt")
    out: list[Mention] = []
    for p in persons[_first_at(persons, a):]:
        if p.start >= b:
            break
        if p.end > b:
            continue
        if _in_quotes(text, a, p.start) or speech_re.search(text, a, p.start):
            continue
        if _NOT_ACTOR_AFTER.match(text, p.end) or _inviter(text, p):
            continue
        if all(q.name != p.name for q in out):
            out.append(p)
    return out


def _sentence_dates(text: str, sents: list[tuple[int, int]],
                    page_date: dt.date | None, several_days: bool = False
                    ) -> list[_Date | None]:
    """The day each sentence is told under.

    A sentence opening with a day (``14日上午，``, ``12月15日，``, ``14日至15日，``) sets it;
    ``随后``/``当天`` and sentences without a date keep the day before (a stop told over
    several paragraphs); ``近日``, ``连日来`` or a month give no day until the next date;
    when the story's event lasts several days (``several_days``), ``论坛期间，`` gives a
    day that is none of the told ones (precision "span").
    A day without a month takes the month of the day told before (``5日下午`` after
    ``4月30日``... or the page's month).
    """
    dates_all = _find_dates(text, page_date)
    starts = [d.start for d in dates_all]
    speech_re = _word_re("event_speech.txt")
    out: list[_Date | None] = []
    cur: _Date | None = None
    for a, b in sents:
        head = text[a:b].lstrip("“ \n")
        found = None
        for d in dates_all[bisect_left(starts, a):bisect_left(starts, b)]:
            if d.start - a > 40 or speech_re.search(text, a, d.start) or _in_quotes(text, a, d.start):
                break
            if not _is_event_date(text, d, (a, b)):
                continue
            found = d
            break
        # only a paragraph's first sentence drops the day: inside a paragraph, 近年来…
        # is what someone said or background, not a new stretch of the story
        opens = a == 0 or text[a - 1] == "\n" or text[a:b].startswith("\n")
        if found is not None and found.precision == "day" and found.date is not None:
            cur = _with_context_month(found, cur, text)
        elif found is not None and opens:
            cur = None  # 近日, 6月上旬: no day
        elif opens and re.match(r"^(?:连日来|近年来|近期|近来|日前|此前|目前|今年以来)", head):
            cur = None
        elif several_days and opens and found is None and _SPAN_RE.match(head):
            # 论坛期间 of a forum of several days: some day of it, not one told
            cur = _Date(a, a, None, None, "span", "", head[:4])  # some day, not the main's
        elif _THAT_DAY_RE.match(head) and cur is None and page_date is not None:
            cur = _Date(a, a + 2, page_date, None, "day", "", head[:2])
        out.append(cur)
    return out


def _with_context_month(d: _Date, cur: _Date | None, text: str) -> _Date:
    """``5日下午`` after a date of another month: the month told before, if it fits."""
    if cur is None or cur.date is None or d.date is None or "月" in d.text:
        return d
    if d.date.month == cur.date.month or d.date.day < cur.date.day:
        return d
    try:
        new = cur.date.replace(day=d.date.day)
    except ValueError:
        return d
    end = d.end_date
    if end is not None:
        try:
            end = new.replace(day=end.day) if end.day >= new.day else end
        except ValueError:
            end = None
    return _Date(d.start, d.end, new, end, d.precision, d.part_of_day, d.text)


def _dated_trigger_sentence(text: str, sents: list[tuple[int, int]], si: int,
                            trig: _Trigger, page_date: dt.date | None
                            ) -> tuple[int, _Date, _Trigger] | None:
    """A sentence soon after an undated lead that names the same kind of event with a
    day (``近日在X考察……14日至15日，……进行调研``)."""
    dates_all = _find_dates(text, page_date)
    for i in range(si + 1, min(len(sents), si + 4)):
        a, b = sents[i]
        ds = [d for d in dates_all if a <= d.start < b and d.date is not None
              and d.precision == "day" and _is_event_date(text, d, (a, b))]
        if not ds:
            continue
        same = [t for t in find_triggers(text, a, b) if t.kind == trig.kind]
        if same:
            return i, ds[0], same[0]
    return None


def _dated_events(article: Article, main: Event, sents: list[tuple[int, int]],
                  sent_dates: list[_Date | None], persons: list[Mention],
                  places: list[Mention], hits: list[RoleHit],
                  page_date: dt.date | None) -> list[Event]:
    """One event per dated sentence that tells someone named doing something.

    A tour's stop (``14日下午，A到B市考察``), a meeting on another day than the lead's
    (``12日，A出席…扩大会议``), the talks after a meeting, the items of a news round-up.
    Sentences under the main event's days give their people to the main event, except
    on a tour, whose stops are events of their own with their own places. A letter or
    message (致信, 贺电) is not an event; a phone call has no place.
    """
    text = article.text
    action_re = data_regex("event_actions.txt")
    non_action_re = data_regex("event_non_actions.txt")
    tour = main.kind in TOUR_KINDS
    out: list[Event] = []
    by_key: dict[tuple, Event] = {}
    starts = [a for a, _b in sents]
    hits_of: dict[int, list[RoleHit]] = {}
    for h in hits:
        hits_of.setdefault(_sentence_index(starts, h.start), []).append(h)
    for i, (a, b) in enumerate(sents):
        d = sent_dates[i]
        if d is None or d.date is None:
            continue
        if _same_days(main, d):
            continue  # told under the main event's own date: its people are the main's
        actors = _actors(text, a, b, persons)
        if not actors:
            continue
        # what is said (…说，我昨天结束访问…) is not what was done
        said = _word_re("event_speech.txt").search(text, actors[0].end, b)
        stop = said.start() if said else b
        # a message (致贺信, 表示慰问) before anything done: the sentence tells of the message
        msg = non_action_re.search(text, a, b)
        if msg:
            stop = min(stop, msg.start())
        trigs = [t for t in find_triggers(text, a, stop) if t.start > actors[0].start]
        act = action_re.search(text, actors[0].end, stop)
        if not trigs and not act and main.kind == "Contest" and hits_of.get(i):
            # 昨晚进行的决赛中，甲夺得银牌: a result told after the contest's name
            trigs = [t for t in find_triggers(text, a, stop) if t.kind == "Contest"]
        if not trigs and not act:
            continue
        kind = trigs[0].kind if trigs else (main.kind if tour else "Activity")
        roles: dict[str, set[str]] = {}
        for h in hits_of.get(i, ()):
            if a <= h.start < b and any(p.name == h.person.name for p in actors):
                roles.setdefault(h.person.name, set()).add(h.role)
        if all(roles.get(p.name) == {"attendee"} for p in actors) and out \
                and out[-1].date == d.date:
            # 张三陪同接见: those who went along, on the event told just before
            for p in actors:
                if all(q.person != p.name for q in out[-1].participants):
                    out[-1].participants.append(Participant(p.name, "attendee",
                                                            evidence=_evidence(article, a, b)))
            continue
        if kind == "Arrival":
            kind = main.kind if tour else "Visit"
        parts = []
        for n, p in enumerate(actors):
            rs = roles.get(p.name) or ({"leader"} if kind in TOUR_KINDS else
                                       {"speaker"} if kind in ("Talks", "PhoneCall") else
                                       {"host"} if n == 0 and kind == "Reception" else
                                       {"attendee"})
            parts.append(Participant(p.name, resolve_role(rs, kind in TOUR_KINDS),
                                     evidence=_evidence(article, a, b)))
        if kind == "PhoneCall":
            refs: list[str] = []
        else:
            refs = _tied_places(text, [(a, b)], places)
            refs += [k for k in _venue_places(text, [(a, b)]) if k not in refs]
            if not refs:  # the paragraph opens with where it happens (X社区是…)
                line = text.rfind("\n", 0, a) + 1
                top = []
                for t in places[_first_at(places, line):]:
                    if t.start >= min(a, line + 25):  # a topic opens its line
                        break
                    if _topic_place(text, t, line):
                        top.append(t)
                refs = list(dict.fromkeys(t.key or t.name for t in top))
            if not refs:  # a local official acting at home: 某县某镇党委书记甲在巡查时…
                refs = _post_places(text, a, actors[0], places)
            if not refs and not tour and _under_main(main, d):
                refs = [r.key for r in main.places if r.stated]
            if not refs and kind == "Contest" == main.kind:
                refs = [r.key for r in main.places if r.stated]  # a final of the same games
        status = "planned" if (page_date and d.date > page_date) or _word_re(
            "event_planned.txt").search(text, a, (trigs[0].end if trigs else act.end())) \
            else "happened"
        refs = list(dict.fromkeys(_venue_city(k) for k in refs))
        key = (kind, d.date, tuple(refs))
        prev = by_key.get(key)
        if prev is None and not refs and tour and out and out[-1].date == d.date \
                and out[-1].kind == kind and out[-1].places:
            prev = out[-1]  # a stop told on (习近平来到居民某家中): where the stop was
        if prev is not None:  # the same stop told over several sentences
            for p in parts:
                if all(q.person != p.person for q in prev.participants):
                    prev.participants.append(p)
            prev.evidence.append(_evidence(article, a, b))
            continue
        label = _clause_label(text, a, b, d)
        ev = Event(kind=kind, label=label, article_id=article.id, date=d.date,
                   end_date=d.end_date, date_text=d.text, date_precision="day",
                   part_of_day=d.part_of_day, status=status,
                   places=[PlaceRef(k) for k in _most_specific(refs)], participants=parts,
                   trigger=trigs[0].word if trigs else (act.group() if act else ""),
                   parent=main.key, evidence=[_evidence(article, a, b)])
        ev.key = _key(article.id, ev)
        by_key[key] = ev
        out.append(ev)
    return out


# --- tours told over several days -------------------------------------------------------

#: How far after a tour's first day a later day of the story still belongs to the tour.
_TOUR_MAX_DAYS = 7


def _extend_tour(ev: Event, si: int, sent_dates: list[_Date | None],
                 page_date: dt.date | None) -> None:
    """A tour whose lead gives one day (``近日在A考察……19日，…来到A``) but whose story
    goes on to the next days (``20日上午，…听取汇报``) lasts until the last of them."""
    if ev.date is None or ev.end_date not in (None, ev.date) or ev.status != "happened":
        return
    last = ev.date
    for d in sent_dates[si + 1:]:
        if d is None or d.date is None or d.end_date not in (None, d.date):
            continue
        if page_date is not None and d.date > page_date:
            continue
        if last < d.date <= ev.date + dt.timedelta(days=_TOUR_MAX_DAYS):
            last = d.date
    if last != ev.date:
        ev.end_date = last


def _inside(key: str, refs: list[str]) -> bool:
    """True when place ``key`` lies within one of ``refs`` (register or path keys)."""
    if any(key.startswith(r + "/") for r in refs):
        return True
    from kg.extracting.gazetteer import get_gazetteer
    return any(a in refs for a in get_gazetteer().ancestors(key))


def _same_line(text: str, a: tuple[int, int], b: tuple[int, int]) -> bool:
    """True when two sentences are in one paragraph (no line break between them)."""
    def line(span: tuple[int, int]) -> int:
        x = span[0]
        while x < span[1] and text[x] == "\n":  # a sentence may hold its line's break
            x += 1
        return text.rfind("\n", 0, x)

    return line(a) == line(b)


def _told_under_tour(text: str, sents: list[tuple[int, int]], si: int,
                     sent_dates: list[_Date | None], ev: Event) -> list[_Date | None]:
    """The sentence dates with those that tell of the tour as a whole set to None (told
    under the main event): on a tour of several days, the lead's own paragraph
    (``19日，A来到某省。当天下午，在乙陪同下到某市调研。``), and anywhere after the lead a
    paragraph that opens by naming who went along (``甲、乙陪同考察。``)."""
    out = list(sent_dates)
    several = ev.end_date is not None and ev.end_date != ev.date
    lead_date = sent_dates[si]
    companions = data_regex("event_tour_companions.txt")
    for i in range(si, len(sents)):
        a, b = sents[i]
        if several and lead_date is not None and out[i] is lead_date \
                and _same_line(text, sents[si], sents[i]):
            out[i] = None
            continue
        opens = a == 0 or text[a - 1] == "\n" or text[a:b].startswith("\n")
        if i > si and opens and companions.search(text[a:b].strip()) and (
                i == 0 or sent_dates[i] is sent_dates[i - 1]):  # no day of its own
            out[i] = None
    return out


#: ``结束在某省考察``, ``结束对某国的国事访问``: the end of another trip, told in passing.
_ENDED_RE = re.compile(r"结束(?P<where>(?:在|对|出席)[^，。；,;]{1,40}?)的?"
                       r"(?:国事|正式|友好|工作|正式友好)?(?P<what>访问|考察|调研|视察)")


def _ended_trips(text: str, spans: list[tuple[int, int]]
                 ) -> list[tuple[int, int, str, str]]:
    """Spans of the places of another trip that ended (``结束在某省考察后，来到…``), each
    with the kind of that trip and a label."""
    out = []
    for a, b in spans:
        for m in _ENDED_RE.finditer(text, a, b):
            out.append((m.start("where"), m.end("where"),
                        "Visit" if m.group("what") == "访问" else "Inspection", m.group()))
    return out


def _ended_events(article: Article, main: Event, ended: list[tuple[int, int, str, str]],
                  places: list[Mention], persons: list[Mention], leader: Mention | None,
                  sents: list[tuple[int, int]], sent_dates: list[_Date | None]
                  ) -> list[Event]:
    """The trip that ended on the main event's first day, at its own place, led by the
    tour's leader or by who ended it (the first actor of its sentence)."""
    out = []
    text = article.text
    for x, y, kind, label in ended:
        where = [p for p in places if x <= p.start and p.end <= y]
        a, b = split_sentence_at(text, x, sents)
        who = leader or next(iter(_actors(text, a, x, persons)), None)
        if not where or who is None or main.date is None:
            continue
        keys = list(dict.fromkeys(p.key or p.name for p in where))
        d = sent_dates[_sentence_index([s for s, _e in sents], x)] if a >= article.body_start else None
        day = d.date if d is not None and d.date is not None and d.end_date in (None, d.date) \
            else main.date
        ev = Event(kind=kind, label=label,
                   article_id=article.id, date=day, date_text=main.date_text,
                   date_precision="day", status=main.status,
                   places=[PlaceRef(k) for k in keys], trigger="结束",
                   participants=[Participant(who.name, "leader",
                                             evidence=_evidence(article, a, b))],
                   parent=main.key, evidence=[_evidence(article, a, b)])
        ev.key = _key(article.id, ev)
        out.append(ev)
    return out


#: Levels of a unit whose official works where the unit is (a county, a township, a village).
_LOCAL_LEVELS = frozenset({"county", "zone", "township", "village"})


def _post_places(text: str, a: int, actor: Mention, places: list[Mention]) -> list[str]:
    """The local units named in the actor's post, right before the name and in the same
    clause (``某县某镇某社区党支部书记甲``): where a local official acts."""
    clause = max([a] + [m.end() for m in _CLAUSE_RE.finditer(text, a, actor.start)])
    out: list[str] = []
    for p in places[_first_at(places, clause):]:
        if p.start >= actor.start:
            break
        if p.level in _LOCAL_LEVELS and (p.key or p.name) not in out:
            out.append(p.key or p.name)
    # only when nothing but the post separates the units from the name
    if out and re.search(r"在|到|赴|向|与|同|和", text[clause:actor.start]):
        return []
    return out


def _clause_label(text: str, a: int, b: int, d: _Date) -> str:
    """A short label for a dated sentence's event: the sentence without its date."""
    start = d.end if a <= d.start < b else a
    body = text[start:b].lstrip("，,、 ")
    m = re.search(r"[。；！？;!?]", body)
    body = body[:m.start()] if m else body
    return _balanced(body[:32]) or d.text
