"""Map the extracted corpus (:mod:`kg.model` dataclasses) to an rdflib graph.

This is the ONLY module that knows both the dataclasses and the ontology
(``ontology/kg.ttl``, documented in ``ontology/README.md``). Every resource gets a
stable IRI derived from its canonical key (never from a counter), so the same entity
gets the same IRI whatever other pages are built with it, and the same corpus always
gives the same triples. No blank nodes are minted: Turtle output stays byte-stable.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import sys
import unicodedata
from array import array
from functools import lru_cache
from typing import Iterable

from rdflib import Graph, Literal, URIRef
from rdflib import namespace as _rdflib_ns
from rdflib.plugins.stores.memory import SimpleMemory

from kg.model import ROLES, Article, Corpus, Event, Page, Place, PostHolding
from kg.graph.namespaces import ID, KG, ORG, SCHEMA, SEM, CachedNamespace, bind_prefixes
from kg.resources import load_turtle, ontology_dir

# rdflib's defined vocabularies mint a new IRI on every attribute access; the builder
# names one for nearly every triple, so it uses cached namespaces of the same IRIs.
DCTERMS, PROV, RDF, RDFS, XSD = (CachedNamespace(str(ns)) for ns in (
    _rdflib_ns.DCTERMS, _rdflib_ns.PROV, _rdflib_ns.RDF, _rdflib_ns.RDFS, _rdflib_ns.XSD))

#: The ontology file (the checkout's ontology/, or the installed copy: kg.resources).
ONTOLOGY_DIR = ontology_dir()
ONTOLOGY_FILE = ONTOLOGY_DIR / "kg.ttl"

#: Place level (kg.model.PLACE_LEVELS) -> class local name in the ontology.
LEVEL_CLASS = {
    "country": "Country",
    "province": "Province",
    "city": "City",
    "county": "County",
    "zone": "DevelopmentZone",
    "township": "Township",
    "village": "Village",
    "venue": "Venue",
    "road": "Road",
    "region": "Region",
    "foreign_city": "ForeignCity",
    "foreign_region": "ForeignRegion",
}

# ASCII characters kept as they are in IRI paths: RFC 3987 iunreserved + sub-delims
# + ":" "@" "/". Everything else ASCII (space, "#", "?", "%", quotes, "<>" …) is
# percent-encoded; non-ASCII letters (Chinese) are legal in IRIs and kept readable.
_IRI_SAFE_ASCII = frozenset(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~!$&'()*+,;=:@/"
)


# --------------------------------------------------------------------------- IRIs


def iri_escape(key: str) -> str:
    """Make ``key`` safe as an IRI path, percent-encoding only what must be.

    Chinese characters stay as they are; ASCII delimiters, spaces, controls and
    Unicode separators/format characters are percent-encoded (UTF-8), and ``.``/``..``
    path segments are encoded so no client can collapse them.
    """
    out: list[str] = []
    for ch in key:
        if ch in _IRI_SAFE_ASCII:
            out.append(ch)
        elif ord(ch) > 0x7F and unicodedata.category(ch)[0] not in "ZC":
            out.append(ch)
        else:
            out.append("".join(f"%{b:02X}" for b in ch.encode("utf-8")))
    segments = "".join(out).split("/")
    return "/".join(s.replace(".", "%2E") if s in (".", "..") else s for s in segments)


def _clean_name(name: str) -> str:
    """Person and organisation names carry no inner whitespace (``陈 晓`` -> ``陈晓``)."""
    return "".join(name.split())


def _mint(kind: str, key: str) -> URIRef:
    if not key:
        raise ValueError(f"empty key for a {kind} IRI")
    return URIRef(str(ID) + kind + "/" + iri_escape(key))


def person_iri(name: str) -> URIRef:
    """IRI of a person: ``id:person/<name without spaces>``."""
    return _mint("person", _clean_name(name))


def place_iri(key: str) -> URIRef:
    """IRI of a place: ``id:place/<key>`` (``430482`` or ``430482/西岭镇/石山村``)."""
    return _mint("place", key.strip())


def org_iri(key: str) -> URIRef:
    """IRI of an organisation: ``id:org/<key or name>``."""
    return _mint("org", _clean_name(key))


def article_iri(article_id: str) -> URIRef:
    """IRI of an article: ``id:article/<page source without .txt>/<n>``."""
    return _mint("article", article_id)


def event_iri(key: str) -> URIRef:
    """IRI of an event: ``id:event/<event key>``."""
    return _mint("event", key)


def post_iri(title: str, unit: str = "", unit_type: str = "") -> URIRef:
    """IRI of a post: ``id:post/<title>``, or, bound to its unit,
    ``id:post/<title>/of/place/<key>`` and ``id:post/<title>/of/org/<key>`` (two cities'
    party secretaries are two posts)."""
    title = _clean_name(title)
    if unit and unit_type in ("place", "organization"):
        kind = "place" if unit_type == "place" else "org"
        return _mint("post", f"{title}/of/{kind}/{unit.strip()}")
    return _mint("post", title)


def _digest(*parts: str) -> str:
    return hashlib.sha1("|".join(parts).encode("utf-8")).hexdigest()[:16]


def holding_iri(person: str, post: str, article_id: str) -> URIRef:
    """IRI of a post holding: ``id:holding/<sha1(person|post|article)[:16]>``."""
    return _mint("holding", _digest(_clean_name(person), _clean_name(post), article_id))


def participation_iri(event_key: str, person: str, role: str) -> URIRef:
    """IRI of a participation node: ``id:participation/<sha1(event|person|role)[:16]>``."""
    return _mint("participation", _digest(event_key, _clean_name(person), role))


def event_key(event: Event) -> str:
    """The event's key; a content-derived fallback when the pipeline set none."""
    if event.key:
        return event.key
    date = event.date.isoformat() if event.date else ""
    return f"{event.article_id}/" + _digest(event.kind, event.label, date, event.trigger)[:10]


# ------------------------------------------------------------------------ ontology


def load_ontology() -> Graph:
    """A fresh graph holding ``ontology/kg.ttl`` (parsed once, then copied)."""
    return bind_prefixes(load_turtle(ONTOLOGY_FILE))


@lru_cache(maxsize=1)
def event_classes() -> frozenset[str]:
    """Local names of the event kinds the ontology defines (subclasses of kg:Event)."""
    g = load_turtle(ONTOLOGY_FILE)
    return frozenset(
        str(c)[len(str(KG)):] for c in g.transitive_subjects(RDFS.subClassOf, KG.Event)
        if str(c).startswith(str(KG)) and c != KG.Event
    )


def event_class(kind: str) -> URIRef:
    """The ontology class for an event kind; ``kg:Activity`` for kinds it lacks."""
    return KG[kind] if kind in event_classes() else KG.Activity


# ------------------------------------------------------------------------ builder


@lru_cache(maxsize=65536)  # an archive names the same few thousand days again and again
def _date(d: dt.date | dt.datetime) -> Literal:
    if isinstance(d, dt.datetime):  # a datetime is a date too; keep the day only
        d = d.date()
    return Literal(d.isoformat(), datatype=XSD.date)


# Plain literals of the few values repeated on every article or event (status, date
# precision, position, level, role …), made once: creating a Literal costs more than
# adding the triple. typed=True keeps Literal(1) and Literal(True) apart.
_small_literal = lru_cache(maxsize=4096, typed=True)(Literal)


def _zh(text: str) -> Literal:
    return Literal(text, lang="zh")


class TripleStore(SimpleMemory):
    """rdflib's ``SimpleMemory`` store with two of its three indexes, counting its triples.

    The default store (``Memory``) also records, for every triple, the named graphs
    holding it: a set entry and a dict per triple that a build never reads.
    ``SimpleMemory`` keeps three nested indexes (subject, predicate and object first);
    nothing after the build asks for a triple by its object alone (Turtle and the
    exports read by subject, the projection by predicate), so this store keeps only the
    subject and predicate indexes: a third less memory and build time on an archive.
    A pattern with only the object bound is answered from the predicate index (one
    lookup per predicate: a graph has a few dozen). ``SimpleMemory`` counts by walking
    every triple; this one keeps the count. Iteration orders by subject or predicate are
    the parent's (insertion order of the same nested dicts), and every output sorts anyway.
    """

    def __init__(self) -> None:
        super().__init__()
        self._count = 0
        self._spo = self._SimpleMemory__spo  # type: ignore[attr-defined]
        self._pos = self._SimpleMemory__pos  # type: ignore[attr-defined]
        self._ctx = self._SimpleMemory__contexts  # type: ignore[attr-defined]

    def add(self, triple, context, quoted: bool = False) -> None:  # type: ignore[no-untyped-def,override]
        s, p, o = triple
        po = self._spo.get(s)
        if po is None:
            po = self._spo[s] = {}
        objs = po.get(p)
        if objs is None:
            objs = po[p] = {}
        elif o in objs:
            return  # already there: nothing to index, nothing to count
        objs[o] = 1
        os_ = self._pos.get(p)
        if os_ is None:
            os_ = self._pos[p] = {}
        subs = os_.get(o)
        if subs is None:
            os_[o] = {s: 1}
        else:
            subs[s] = 1
        self._count += 1

    def triples(self, triple_pattern, context=None):  # type: ignore[no-untyped-def,override]
        s, p, o = triple_pattern
        if s is None and p is None and o is not None:
            for pred, by_obj in list(self._pos.items()):
                for subj in list(by_obj.get(o, ())):
                    yield (subj, pred, o), self._ctx()
            return
        yield from super().triples(triple_pattern, context)

    def remove(self, triple_pattern, context=None) -> None:  # type: ignore[no-untyped-def,override]
        for (s, p, o), _ in list(self.triples(triple_pattern)):
            po = self._spo[s]
            del po[p][o]
            if not po[p]:
                del po[p]
            if not po:
                del self._spo[s]
            by_obj = self._pos[p]
            del by_obj[o][s]
            if not by_obj[o]:
                del by_obj[o]
            if not by_obj:
                del self._pos[p]
            self._count -= 1

    def __len__(self, context=None) -> int:  # type: ignore[no-untyped-def,override]
        return self._count


def subject_index(graph: Graph) -> dict | None:
    """``graph``'s own subject -> predicate -> {object: 1} index when it is on a
    :class:`TripleStore` (every subject in it has a triple), else None. Reading it
    spares rdflib's generator layers per statement, for writers that read everything."""
    store = graph.store
    return store._spo if isinstance(store, TripleStore) else None


def new_graph(include_ontology: bool = True) -> Graph:
    """An empty graph on a :class:`TripleStore`, the project's prefixes bound, holding
    the ontology's triples when ``include_ontology``."""
    graph = Graph(store=TripleStore())
    if include_ontology:
        for t in load_turtle(ONTOLOGY_FILE):
            graph.add(t)
    return bind_prefixes(graph)


class _Interning:
    """``add`` for a graph, sharing one object per distinct term.

    The builder mints a new IRI or literal object each time a node is named (a person
    named in a thousand articles: a thousand equal strings); the graph keeps them all.
    Sharing one object per term cuts the graph's memory by about a quarter on the
    transcripts; the triples are the same. Triples go straight to the graph's store:
    ``Graph.add`` only asserts that each term is an rdflib node, which every term
    minted here is, and those checks were a sixth of an archive's graph build.
    """

    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        self.terms: dict = {}
        self._store_add = graph.store.add

    def add(self, triple: tuple) -> None:
        terms = self.terms
        s, p, o = triple
        self._store_add((terms.setdefault(s, s), terms.setdefault(p, p),
                         terms.setdefault(o, o)), self.graph, False)


def _person_node(name: str) -> URIRef | None:
    name = _clean_name(name)
    return person_iri(name) if name else None


def _place_node(key: str) -> URIRef | None:
    key = key.strip()
    return place_iri(key) if key else None


def _org_node(raw_key: str) -> URIRef | None:
    key = _clean_name(raw_key)
    return org_iri(key) if key else None


class _Builder:
    """Adds triples for one corpus; remembers which nodes are already described.

    Articles, events, holdings and participations are written as they come; an entity
    (person, place, organisation) is only named then, and described by :meth:`finish`
    from the final tables: so pages can be added one at a time (:class:`GraphAssembler`)
    and each description still sees every page, as when the whole corpus is given.
    """

    def __init__(self, corpus: Corpus, graph: Graph) -> None:
        self.corpus = corpus
        self.g = _Interning(graph)
        self.persons_done: set[str] = set()
        self.places_done: set[str] = set()
        self.orgs_done: set[str] = set()
        self.posts_done: set[URIRef] = set()
        # The node of each name or key as given: minting an IRI (escaping the key) for
        # every mention was a fifth of an archive's graph build.
        self._nodes: dict[tuple[str, str], URIRef | None] = {}
        self._pending: list[tuple[str, str]] = []  # named, not yet described
        self._org_links: list[tuple[URIRef, str]] = []  # holding -> organisation text
        # Names for place keys that only mentions know (a place missing from corpus.places).
        # The smallest (name, level) wins, so page order never changes the description.
        self.mention_places: dict[str, tuple[str, str]] = {}

    def note_mentions(self, articles: Iterable[Article]) -> None:
        """Remember what the articles' place mentions say (for unresolved places)."""
        mp = self.mention_places
        for art in articles:
            for m in art.mentions:
                if m.type == "place" and (m.key or m.name):
                    k, v = (m.key or m.name).strip(), (m.name, m.level)
                    old = mp.get(k)
                    if old is None or v < old:
                        mp[k] = v

    def finish(self) -> None:
        """Link holdings to their organisations and describe every entity named."""
        orgs = self.corpus.organisations
        for node, text in self._org_links:
            if text in orgs or _clean_name(text) in orgs:
                org = self.org(text)
                if org is not None:
                    self.g.add((node, ORG.organization, org))
        self._org_links.clear()
        describe = {"person": self._person, "place": self._place, "org": self._org}
        # Sorted: two spellings of one key (新华 社, 新华社) may carry different table
        # entries, and the first described wins; page order must not decide which.
        while self._pending:
            pending, self._pending = self._pending, []
            for kind, key in sorted(pending):
                describe[kind](key)

    # -- entities -------------------------------------------------------------------

    def _known(self, kind: str, key: str, mint) -> URIRef | None:  # type: ignore[no-untyped-def]
        """The node for ``key`` (minted the first time, and queued for :meth:`finish`)."""
        memo = (kind, key)
        try:
            return self._nodes[memo]
        except KeyError:
            node = self._nodes[memo] = mint(key)
            if node is not None:
                self._pending.append(memo)
            return node

    def person(self, name: str) -> URIRef | None:
        return self._known("person", name, _person_node)

    def place(self, key: str) -> URIRef | None:
        return self._known("place", key, _place_node)

    def org(self, raw_key: str) -> URIRef | None:
        return self._known("org", raw_key, _org_node)

    def _person(self, name: str) -> URIRef | None:
        name = _clean_name(name)
        if not name:
            return None
        node = person_iri(name)
        if name not in self.persons_done:
            self.persons_done.add(name)
            self.g.add((node, RDF.type, KG.Person))
            self.g.add((node, RDFS.label, _zh(name)))
            self.g.add((node, SCHEMA.name, Literal(name)))
        return node

    def _place(self, key: str) -> URIRef | None:
        key = key.strip()
        if not key:
            return None
        node = place_iri(key)
        if key in self.places_done:
            return node
        self.places_done.add(key)
        place = self.corpus.places.get(key)
        if place is None:
            # Not in the resolved table: describe it from what a mention said, or from
            # the last segment of its key, and flag it as unresolved.
            name, level = self.mention_places.get(key, ("", ""))
            name = name or key.rsplit("/", 1)[-1]
            place = Place(key=key, name=name, level=level, resolved=False)
        self.g.add((node, RDF.type, KG[LEVEL_CLASS.get(place.level, "Place")]))
        self.g.add((node, RDFS.label, _zh(place.name or key)))
        self.g.add((node, SCHEMA.name, Literal(place.name or key)))
        if place.level:
            self.g.add((node, KG.level, _small_literal(place.level)))
        if place.code:
            self.g.add((node, KG.divisionCode, Literal(place.code)))
        self.g.add((node, KG.resolved, _small_literal(bool(place.resolved))))
        for alias in sorted(place.aliases):
            if alias and alias != place.name:
                self.g.add((node, SCHEMA.alternateName, _zh(alias)))
        # The chain up to the province; a parent the table lacks is skipped, not guessed.
        if place.parent and place.parent != key and place.parent in self.corpus.places:
            parent = self.place(place.parent)
            if parent is not None:
                self.g.add((node, SCHEMA.containedInPlace, parent))
        return node

    def _org(self, raw_key: str) -> URIRef | None:
        key = _clean_name(raw_key)
        if not key:
            return None
        node = org_iri(key)
        if key in self.orgs_done:
            return node
        self.orgs_done.add(key)
        org = self.corpus.organisations.get(raw_key) or self.corpus.organisations.get(key)
        name = _clean_name(org.name) if org and org.name else key
        self.g.add((node, RDF.type, KG.Organisation))
        self.g.add((node, RDFS.label, _zh(name)))
        self.g.add((node, SCHEMA.name, Literal(name)))
        if org and org.kind:
            self.g.add((node, KG.orgKind, _small_literal(org.kind)))
        if org and org.place:
            loc = self.place(org.place)
            if loc is not None:
                self.g.add((node, SCHEMA.location, loc))
        return node

    def post(self, title: str, unit: str = "", unit_type: str = "") -> URIRef:
        title = _clean_name(title)
        node = post_iri(title, unit, unit_type)
        if node not in self.posts_done:
            self.posts_done.add(node)
            self.g.add((node, RDF.type, KG.Post))
            self.g.add((node, RDFS.label, _zh(title)))
            of = (self.place(unit) if unit_type == "place"
                  else self.org(unit) if unit_type == "organization" and unit else None)
            if of is not None:
                self.g.add((node, KG.postOf, of))
        return node

    # -- articles -------------------------------------------------------------------

    def article(self, page: Page, art: Article) -> URIRef:
        node = article_iri(art.id)
        g = self.g
        g.add((node, RDF.type, SCHEMA.NewsArticle))
        g.add((node, SCHEMA.headline, Literal(art.headline)))
        g.add((node, DCTERMS.source, _small_literal(art.source or page.source)))
        g.add((node, SCHEMA.position, _small_literal(art.index)))
        if art.url:  # the original's address, as the input names it (a literal, not a node)
            g.add((node, SCHEMA.url, Literal(art.url, datatype=XSD.anyURI)))
        if art.kicker:
            g.add((node, KG.kicker, Literal(art.kicker)))
        for sub in art.subheadlines:
            if sub:
                g.add((node, KG.subheadline, Literal(sub)))
        published = art.date or page.date
        if published:
            g.add((node, SCHEMA.datePublished, _date(published)))
            if page.date_method:
                g.add((node, KG.datePublishedMethod, _small_literal(page.date_method)))
        for rep in art.reporters:
            who = self.person(rep.name)
            if who is not None:
                g.add((node, SCHEMA.author, who))
        for m in art.mentions:
            target = None
            if m.type == "person":
                target = self.person(m.name or m.key)
            elif m.type == "place":
                target = self.place(m.key or m.name)
            elif m.type == "organization":
                target = self.org(m.key or m.name)
            if target is not None:
                g.add((node, SCHEMA.mentions, target))
        return node

    # -- events ---------------------------------------------------------------------

    def event(self, ev: Event, art_node: URIRef) -> None:
        g = self.g
        key = event_key(ev)
        node = event_iri(key)
        g.add((node, RDF.type, event_class(ev.kind)))
        g.add((node, RDFS.label, _zh(ev.label or ev.trigger or ev.kind)))
        g.add((node, PROV.wasDerivedFrom, art_node))
        g.add((node, KG.status, _small_literal(ev.status or "happened")))
        g.add((node, KG.datePrecision, _small_literal(ev.date_precision or "unknown")))
        if ev.date is not None:
            if ev.date_precision == "month":
                # Only the month is known: say so, and do not claim a day.
                ym = Literal(f"{ev.date.year:04d}-{ev.date.month:02d}", datatype=XSD.gYearMonth)
                g.add((node, KG.yearMonth, ym))
            elif ev.end_date is not None and ev.end_date != ev.date:
                g.add((node, SEM.hasBeginTimeStamp, _date(ev.date)))
                g.add((node, SEM.hasEndTimeStamp, _date(ev.end_date)))
            else:
                g.add((node, SEM.hasTimeStamp, _date(ev.date)))
        if ev.date_text:
            g.add((node, KG.dateText, Literal(ev.date_text)))
        if ev.part_of_day:
            g.add((node, KG.partOfDay, _small_literal(ev.part_of_day)))
        if ev.trigger:
            g.add((node, KG.trigger, _small_literal(ev.trigger)))
        if ev.parent and ev.parent != key:
            g.add((node, SCHEMA.superEvent, event_iri(ev.parent)))
        for ref in ev.places:
            p = self.place(ref.key)
            if p is not None:
                g.add((node, SEM.hasPlace if ref.stated else KG.impliedPlace, p))
        for ev_ in ev.evidence:
            if ev_.sentence:
                g.add((node, KG.evidence, Literal(ev_.sentence)))
        for part in ev.participants:
            who = self.person(part.person)
            if who is None:
                continue
            g.add((node, SEM.hasActor, who))  # always, also where a role is known
            if part.role in ROLES:
                g.add((node, KG[part.role], who))
            # A participation holds the places the participant was at: none resolvable
            # (blank keys), none made (a node without places would read as "nowhere").
            places = [p for p in (self.place(pk) for pk in part.places) if p is not None]
            if places:
                pnode = participation_iri(key, part.person, part.role)
                g.add((node, KG.participation, pnode))
                g.add((pnode, RDF.type, KG.Participation))
                g.add((pnode, KG.participant, who))
                g.add((pnode, KG.role, _small_literal(part.role)))
                for p in places:
                    g.add((pnode, SEM.hasPlace, p))
                if part.evidence and part.evidence.sentence:
                    g.add((pnode, KG.evidence, Literal(part.evidence.sentence)))

    # -- posts ----------------------------------------------------------------------

    def holding(self, h: PostHolding, art_dates: dict[str, dt.date]) -> None:
        who = self.person(h.person)
        post = _clean_name(h.post)
        if who is None or not post:
            return
        g = self.g
        node = holding_iri(h.person, post, h.article_id)
        g.add((node, RDF.type, KG.PostHolding))
        g.add((node, ORG.member, who))
        g.add((node, ORG.role, self.post(post, h.unit, h.unit_type)))
        g.add((who, KG.holdsPost, node))
        if h.article_id:
            g.add((node, PROV.wasDerivedFrom, article_iri(h.article_id)))
        stated = h.date or art_dates.get(h.article_id)
        if stated:
            g.add((node, KG.statedOn, _date(stated)))
        if h.org:
            g.add((node, KG.postOfText, Literal(h.org)))
            self._org_links.append((node, h.org))  # linked by finish(), if a known body
        if h.evidence and h.evidence.sentence:
            g.add((node, KG.evidence, Literal(h.evidence.sentence)))


def _dated_articles(page: Page) -> dict[str, dt.date]:
    return {art.id: art.date or page.date for art in page.articles  # type: ignore[misc]
            if art.date or page.date}


def _page_holdings(page: Page) -> dict[tuple[str, str, str], PostHolding]:
    """The page's post holdings by (person, post, article), first of each kept."""
    holdings: dict[tuple[str, str, str], PostHolding] = {}
    for art in page.articles:
        for h in art.posts:
            holdings.setdefault((_clean_name(h.person), _clean_name(h.post),
                                 h.article_id or art.id), h)
    return holdings


def _add_holdings(b: _Builder, holdings: dict[tuple[str, str, str], PostHolding],
                  art_dates: dict[str, dt.date]) -> None:
    for k in sorted(holdings):
        h = holdings[k]
        if not h.article_id:  # a holding stated in an article knows its article
            h = dataclasses.replace(h, article_id=k[2])
        b.holding(h, art_dates)


def _add_page(b: _Builder, page: Page) -> None:
    """Articles and events of ``page`` (entities named, described by ``b.finish``)."""
    for art in page.articles:
        art_node = b.article(page, art)
        for ev in art.events:
            b.event(ev, art_node)


@dataclasses.dataclass
class AssemblyState:
    """A :class:`GraphAssembler` between pages, as plain data (what ``kg.checkpoint``
    keeps between builds): the graph's terms (kind ``u`` IRI or ``l`` literal, text,
    datatype, language) and its triples as indices into them, three per triple (packed
    little-endian 32-bit integers: an archive's 2.4 million would otherwise be as many
    Python ints when read back), and the builder's memory of what it named (terms again
    by index, -1 for none)."""

    terms: list[tuple[str, str, str, str]]
    triples: bytes
    nodes: list[tuple[str, str, int]]
    pending: list[tuple[str, str]]
    org_links: list[tuple[int, str]]
    mention_places: list[tuple[str, str, str]]
    posts_done: list[int]
    done: list[tuple[str, str]]  # (person|place|org, key) already described


class GraphAssembler:
    """Builds the graph of a corpus one page at a time, so no one holds every page.

    ``tables`` is a :class:`~kg.model.Corpus` whose entity tables (persons, places,
    organisations) the caller completes as pages come (``kg.pipeline.resolve_page``);
    its ``pages`` are not read. Everything a page holds is written by :meth:`add_page`
    and needs nothing of other pages: article, event, post-holding and participation
    IRIs all derive from the article's id. What does depend on other pages (each
    entity's description, a holding's link to a known organisation) waits for
    :meth:`finish`. The triples are exactly :func:`build_graph`'s on the whole corpus.
    """

    def __init__(self, tables: Corpus, *, include_ontology: bool = True) -> None:
        self.graph = new_graph(include_ontology)
        self._b = _Builder(tables, self.graph)

    def add_page(self, page: Page) -> None:
        """Add ``page``'s articles, events and holdings (the page can be dropped after)."""
        self._b.note_mentions(page.articles)
        _add_page(self._b, page)
        _add_holdings(self._b, _page_holdings(page), _dated_articles(page))

    def state(self) -> AssemblyState | None:
        """What :meth:`add_page` has built so far, as plain data (None when the graph
        holds something it cannot say: a blank node). Call it before :meth:`finish`."""
        b = self._b
        ids: dict = {}
        terms: list[tuple[str, str, str, str]] = []

        def tid(t) -> int:  # type: ignore[no-untyped-def]
            i = ids.get(t)
            if i is None:
                if type(t) is URIRef:
                    terms.append(("u", str(t), "", ""))
                elif type(t) is Literal:
                    terms.append(("l", str(t), str(t.datatype or ""), t.language or ""))
                else:
                    raise TypeError(type(t).__name__)
                i = ids[t] = len(terms) - 1
            return i

        triples = array("I")
        index = subject_index(self.graph)
        statements = ((s, p, o) for s, po in index.items() for p, objs in po.items()
                      for o in objs) if index is not None else iter(self.graph)
        try:
            for s, p, o in statements:
                triples.extend((tid(s), tid(p), tid(o)))
            nodes = [(k, key, -1 if n is None else tid(n)) for (k, key), n in b._nodes.items()]
            org_links = [(tid(n), text) for n, text in b._org_links]
            posts = [tid(n) for n in b.posts_done]
        except TypeError:
            return None
        done = [("person", k) for k in b.persons_done] + [("place", k) for k in b.places_done] \
            + [("org", k) for k in b.orgs_done]
        if sys.byteorder == "big":
            triples.byteswap()
        return AssemblyState(
            terms=terms, triples=triples.tobytes(), nodes=nodes, pending=list(b._pending),
            org_links=org_links,
            mention_places=[(k, v[0], v[1]) for k, v in b.mention_places.items()],
            posts_done=posts, done=done)

    @classmethod
    def from_state(cls, tables: Corpus, state: AssemblyState) -> "GraphAssembler":
        """The assembler :meth:`state` described, over the entity tables ``tables`` (as
        they were then): adding more pages and finishing gives the same graph as one
        assembler that was given every page."""
        self = cls.__new__(cls)
        self.graph = new_graph(include_ontology=False)  # (its triples are in the state)
        self._b = b = _Builder(tables, self.graph)
        objs: list = []
        for kind, text, datatype, lang in state.terms:
            if kind == "u":
                objs.append(URIRef(text))
            else:
                objs.append(Literal(text, lang=lang or None,
                                    datatype=URIRef(datatype) if datatype else None))
        b.g.terms = {t: t for t in objs}
        tr = array("I")
        tr.frombytes(state.triples)
        if sys.byteorder == "big":
            tr.byteswap()
        add, graph, it = self.graph.store.add, self.graph, iter(tr)
        for s, p, o in zip(it, it, it):
            add((objs[s], objs[p], objs[o]), graph, False)
        b._nodes = {(k, key): None if i < 0 else objs[i] for k, key, i in state.nodes}
        b._pending = [(k, key) for k, key in state.pending]
        b._org_links = [(objs[i], text) for i, text in state.org_links]
        b.mention_places = {k: (name, level) for k, name, level in state.mention_places}
        b.posts_done = {objs[i] for i in state.posts_done}
        done = {"person": b.persons_done, "place": b.places_done, "org": b.orgs_done}
        for k, key in state.done:
            done[k].add(key)
        return self

    def finish(self) -> Graph:
        """Describe every entity from the final tables; return the graph."""
        b, tables = self._b, self._b.corpus
        for name in sorted(tables.persons):
            b.person(tables.persons[name].name or name)
        for key in sorted(tables.organisations):
            b.org(key)
        b.finish()
        return self.graph


def build_graph(corpus: Corpus, *, include_ontology: bool = True) -> Graph:
    """Build the RDF graph of ``corpus`` following ``ontology/README.md``.

    With ``include_ontology`` the ontology's own triples (classes, subclass axioms,
    labels) are added too, so that ``rdfs:subClassOf*`` queries work on the output
    alone. The same corpus always yields the same set of triples.
    """
    graph = new_graph(include_ontology)
    b = _Builder(corpus, graph)
    b.note_mentions(corpus.articles)

    # Persons and organisations of the resolved tables, sorted by key.
    for name in sorted(corpus.persons):
        b.person(corpus.persons[name].name or name)
    for key in sorted(corpus.organisations):
        b.org(key)

    art_dates: dict[str, dt.date] = {}
    for page in corpus.pages:
        art_dates.update(_dated_articles(page))

    holdings: dict[tuple[str, str, str], PostHolding] = {}
    for page in corpus.pages:
        _add_page(b, page)
        for k, h in _page_holdings(page).items():
            holdings.setdefault(k, h)
    # Holdings a table knows and no article lists (a corpus assembled by hand).
    for name in sorted(corpus.persons):
        for h in corpus.persons[name].posts:
            holdings.setdefault((_clean_name(h.person), _clean_name(h.post), h.article_id), h)
    _add_holdings(b, holdings, art_dates)
    b.finish()
    return graph
