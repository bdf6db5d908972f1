"""The data model: plain dataclasses that every pipeline stage reads and fills.

Nothing here knows about RDF. The flow is one way:

    Page (decoded text) -> Article (segmented, sentences rejoined)
        -> Mention (persons, places, organisations found in the text)
        -> Event / PostHolding (facts, each with Evidence)
        -> Corpus (entities resolved across pages) -> kg.graph.build (rdflib)

Offsets: ``Article.text`` is the analysed string (paragraphs rejoined across column
breaks, joined by ``"\\n"``). ``Article.offsets[i]`` is the character offset in
``Page.text`` of ``Article.text[i]`` (``-1`` for a joining newline), so every fact can
point back at the original page text.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from typing import Literal

MentionType = Literal["person", "place", "organization"]

#: Roles a person can play in an event (kept in step with ontology/kg.ttl).
ROLES = ("leader", "chair", "speaker", "attendee", "host", "guest", "visited")

#: Administrative and other place levels, from the top down.
PLACE_LEVELS = (
    "foreign_region",  # 欧洲, 东南亚, 中东 (kg.extracting.gazetteer.World)
    "country",
    "foreign_city",  # 莫斯科: a city outside China, inside its country
    "province",
    "city",
    "county",
    "zone",  # development zone (经开区, 高新区), county level in the register
    "township",
    "village",
    "venue",
    "road",
    "region",  # informal regions (湘南湘西, 长三角)
)


@dataclass(frozen=True)
class Evidence:
    """Where a fact was read: the article, the sentence and its span in the page."""

    article_id: str
    sentence: str
    start: int  # offset in Page.text (-1 when unknown)
    end: int


@dataclass
class Reporter:
    name: str  # without inner spaces
    role: str = "记者"  # 记者, 通讯员, 实习生, 见习记者, or "" for a bare ■name
    raw: str = ""  # as printed, e.g. "陈 晓"


@dataclass
class Mention:
    """A name found in a text. ``start``/``end`` index the string that was analysed."""

    text: str
    start: int
    end: int
    type: MentionType
    name: str  # canonical: person without spaces, place by official full name
    key: str = ""  # stable entity key (place: division path; org/person: name)
    level: str = ""  # places: one of PLACE_LEVELS; persons: "" ; orgs: kind
    source: str = ""  # which rule found it (for debugging and the evaluation note)

    def as_dict(self) -> dict:
        d = {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "type": self.type,
            "name": self.name,
        }
        if self.key and self.key != self.name:
            d["key"] = self.key
        if self.level:
            d["level"] = self.level
        return d


@dataclass
class PostMention:
    """A post stated next to a person's name in a text, e.g. ``市委副书记、代理市长王芳``."""

    person: str
    post: str
    start: int  # span of the post words in the analysed text
    end: int
    org: str = ""
    unit: str = ""  # key of the place or organisation the post is of (上海市委书记 -> 上海市)
    unit_type: str = ""  # "place" or "organization" (empty when the unit is not known)


@dataclass
class PostHolding:
    """A post stated for a person in an article (``市委书记``), dated by the article."""

    person: str
    post: str
    article_id: str
    date: dt.date | None = None
    org: str = ""  # organisation or place the post belongs to, where stated
    evidence: Evidence | None = None
    unit: str = ""  # key of the place or organisation the post is of (see PostMention)
    unit_type: str = ""  # "place" or "organization"


@dataclass
class Participant:
    person: str
    role: str  # one of ROLES
    places: list[str] = field(default_factory=list)  # place keys, when only at some
    evidence: Evidence | None = None


@dataclass
class PlaceRef:
    key: str
    stated: bool = True  # False: implied (a 全市 meeting -> the city)


@dataclass
class Event:
    kind: str  # class local name: Meeting, Inspection, Visit, Reception, Signing ...
    label: str  # short Chinese label, e.g. "全市脱贫攻坚调度会"
    article_id: str
    date: dt.date | None = None
    end_date: dt.date | None = None
    date_text: str = ""  # as printed: "11月11日下午", "昨日", "近日"
    date_precision: str = "day"  # "day", "month", "unknown"
    part_of_day: str = ""  # 上午, 下午, 晚, ...
    status: str = "happened"  # or "planned"
    places: list[PlaceRef] = field(default_factory=list)
    participants: list[Participant] = field(default_factory=list)
    trigger: str = ""  # the word that named the event
    parent: str = ""  # key of the event this one is part of (a visit during a tour)
    evidence: list[Evidence] = field(default_factory=list)
    key: str = ""  # stable key, set by the pipeline


@dataclass
class Article:
    id: str  # stable: "<page source without .txt>/<n>", n the article's order on the page
    source: str  # input file name
    index: int
    headline: str
    kicker: str = ""
    subheadlines: list[str] = field(default_factory=list)
    reporters: list[Reporter] = field(default_factory=list)
    # Analysed text: kicker, headline and sub-headlines (one line each), then the body
    # (lead included), paragraphs rejoined across column breaks, joined by "\n".
    text: str = ""
    body_start: int = 0  # index in text where the body begins
    offsets: list[int] = field(default_factory=list)  # per char of text -> Page.text
    headline_span: tuple[int, int] = (-1, -1)
    date: dt.date | None = None  # publication date (the page's)
    url: str | None = None  # the original's address, where the input names it
    dateline_place: str | None = None  # place as printed in the dateline: 北京
    dateline_date: dt.date | None = None  # day of the dateline (1月1日电), year resolved
    mentions: list[Mention] = field(default_factory=list)
    posts: list[PostHolding] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)

    def page_span(self, start: int, end: int) -> tuple[int, int]:
        """Map a span of ``self.text`` to a span of the page text (-1 if unknown)."""
        if not self.offsets or start >= len(self.offsets):
            return (-1, -1)
        s = next((self.offsets[i] for i in range(start, min(end, len(self.offsets)))
                  if self.offsets[i] >= 0), -1)
        e = next((self.offsets[i] + 1 for i in range(min(end, len(self.offsets)) - 1,
                                                     start - 1, -1)
                  if self.offsets[i] >= 0), -1)
        return (s, e)

    @property
    def title_text(self) -> str:
        """Everything printed above the body: kicker, headline, sub-headlines."""
        return "\n".join(x for x in [self.kicker, self.headline, *self.subheadlines] if x)


@dataclass
class RegisterView:
    """What the register of divisions (and the world table) answered about one page's
    names, kept with the page so that merging pages needs no register.

    Computed in the worker with the page (:func:`kg.extracting.entities.register_view`):
    ``places`` holds every unit the page's resolution asked for, by the key it was asked
    under (those the register knows, with their containing units, and the page's
    ``unresolved/`` keys); ``org_seats`` each organisation's seat as its first mention
    in the page reads it ("" when the name does not say). It answers ``key in view``
    and ``view.place(key)`` as the register does, for those keys.
    """

    places: dict[str, Place] = field(default_factory=dict)
    org_seats: dict[str, str] = field(default_factory=dict)
    home: str | None = None  # the home city the page was resolved with (seats depend on it)

    def __contains__(self, key: str) -> bool:
        # The register never holds an unresolved/ key; the view keeps their places too.
        return key in self.places and not key.startswith("unresolved/")

    def place(self, key: str) -> Place:
        return self.places[key]  # KeyError, as the register raises


@dataclass
class Page:
    source: str  # file name, e.g. "000_b6e2a587ec727e97.txt"
    path: str
    text: str  # decoded original text
    encoding: str = "utf-8"
    date: dt.date | None = None
    date_method: str = ""  # how the date was found (inferred / override / file name)
    #: Every line end is the writer's (HTML and XML rendered one paragraph a line): the
    #: segmenter never rejoins lines as column breaks.
    hard_lines: bool = False
    articles: list[Article] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # something may be wrong: look
    dropped: list[str] = field(default_factory=list)  # captions, slogans, footers left out
    #: the register's answers about the page's names (set with the articles)
    register: RegisterView | None = None


@dataclass
class Person:
    name: str
    posts: list[PostHolding] = field(default_factory=list)
    is_reporter: bool = False


@dataclass
class Place:
    key: str  # stable: division code for county level and up, else parent key + "/" + name
    name: str  # official full name
    level: str
    code: str = ""  # national division code where the register has one
    parent: str = ""  # key of the containing unit
    resolved: bool = True  # False: found in the text but not placed in the register
    aliases: set[str] = field(default_factory=set)


@dataclass
class Organisation:
    name: str
    kind: str = ""  # government, party, company, university, team, other
    place: str = ""  # place key


@dataclass
class Corpus:
    """Everything extracted from a set of pages, entities merged across pages."""

    pages: list[Page] = field(default_factory=list)
    persons: dict[str, Person] = field(default_factory=dict)
    places: dict[str, Place] = field(default_factory=dict)
    organisations: dict[str, Organisation] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)  # one line per failed input
    skipped: list[str] = field(default_factory=list)  # one line per thing not read on purpose

    @property
    def articles(self) -> list[Article]:
        return [a for p in self.pages for a in p.articles]

    @property
    def events(self) -> list[Event]:
        return [e for a in self.articles for e in a.events]


def event_key(article_id: str, kind: str, date: dt.date | None, label: str) -> str:
    """A stable key: the same event read from the same article gets the same key."""
    h = hashlib.sha1(f"{article_id}|{kind}|{date}|{label}".encode("utf-8")).hexdigest()
    return f"{date.isoformat() if date else 'undated'}-{h[:10]}"
