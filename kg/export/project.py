"""Project the RDF graph onto a property graph (networkx) for Gephi and the HTML view.

The projection is generic: it knows the vocabulary only through ``kg/data/style.tsv``
(root classes per broad node type) and the graph's own axioms.

- A node is every IRI that has an ``rdf:type`` (ontology terms excluded) or is the
  object of a property of such a resource.
- ``type`` is the broad type (person, place, organisation, event, article, post …),
  decided by ``rdf:type`` + the ``rdfs:subClassOf`` closure; ``kind`` is the most
  specific class's local name (``Meeting``, ``County`` …).
- ``label`` is ``rdfs:label`` (``@zh`` preferred), else ``schema:name`` / headline.
- Literal properties become typed attributes named by the predicate's local name
  (dates as ISO strings, plus derived ``date``, ``end_date`` and ``year``).
- IRI-valued properties become edges keyed and labelled by the predicate's local name.
  Where a property and one of its sub-properties link the same pair (``sem:hasActor``
  and ``kg:leader``), only the finer one is kept.
- Reified post holdings (``org:Membership``) are folded into one ``holdsPost`` edge
  person → post carrying the holding's literals.
- Reified participations (``kg:Participation``: a participant who was only at some of
  the event's places) are folded into the event → person role edge, which gains the
  attributes ``role``, ``places`` (place labels) and ``evidence``; no node remains.

Axioms are taken from the graph and, when present, from ``ontology/kg.ttl`` (the
checkout's or the installed copy), so a graph without the subclass axioms still projects
well.
"""

from __future__ import annotations

import datetime as dt
import functools
import gc
import re
import weakref
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Callable, Iterable, Iterator

import networkx as nx
import rdflib

from kg.lexicon import data_rows
from kg.resources import load_turtle, ontology_dir
from rdflib import RDF, RDFS, OWL, Literal, URIRef
from rdflib.plugins.stores.memory import SimpleMemory


SCHEMA = "https://schema.org/"
SEM = "http://semanticweb.cs.vu.nl/2009/11/sem/"
ORG = "http://www.w3.org/ns/org#"
PROV = "http://www.w3.org/ns/prov#"

# Classes whose instances are ontology terms, not things in the news.
_META_CLASSES = {
    RDFS.Class, OWL.Class, RDF.Property, OWL.ObjectProperty, OWL.DatatypeProperty,
    OWL.AnnotationProperty, OWL.Ontology, OWL.TransitiveProperty,
    OWL.FunctionalProperty, OWL.Restriction, RDFS.Datatype,
    URIRef("http://www.w3.org/ns/shacl#NodeShape"),
    URIRef("http://www.w3.org/ns/shacl#PropertyShape"),
}
# Predicates that are structure, not edges or attributes.
_SKIP_PREDICATES = {RDF.type, RDFS.label, RDFS.subClassOf, RDFS.subPropertyOf, OWL.sameAs}

# Literal predicates that give a node its time, in order of preference.
_START_PREDICATES = ("hasTimeStamp", "hasBeginTimeStamp", "datePublished", "statedOn")
_END_PREDICATES = ("hasEndTimeStamp",)

_LOCAL = re.compile(r"[#/]([^#/]+)$")

#: Separator used wherever several values are joined into one string attribute.
JOIN = "; "


@dataclass(frozen=True)
class Style:
    """How one broad node type is recognised and drawn."""

    type: str
    roots: tuple[str, ...]
    hints: tuple[str, ...]
    color: str
    shape: str
    legend: str

    @property
    def rgb(self) -> tuple[int, int, int]:
        """The colour as integer ``(r, g, b)``."""
        h = self.color.lstrip("#")
        return (int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16))


@functools.lru_cache(maxsize=1)
def load_styles() -> tuple[Style, ...]:
    """Read ``kg/data/style.tsv`` (comment lines start with ``#``), in file order."""
    rows = data_rows("style.tsv")
    return tuple(
        Style(
            type=r["type"].strip(),
            roots=tuple((r.get("roots") or "").split()),
            hints=tuple((r.get("hints") or "").split()),
            color=r["color"].strip(),
            shape=r["shape"].strip(),
            legend=(r.get("legend") or r["type"]).strip(),
        )
        for r in rows
    )


def style_for(node_type: str) -> Style:
    """The style of a broad type; unknown types get the ``other`` row."""
    styles = {s.type: s for s in load_styles()}
    return styles.get(node_type) or styles["other"]


def local_name(iri: str) -> str:
    """The part of an IRI after the last ``#`` or ``/`` (the IRI itself if none)."""
    return _local_name(str(iri))


@functools.lru_cache(maxsize=8192)  # predicates and classes: few, asked per statement
def _local_name(iri: str) -> str:
    m = _LOCAL.search(iri)
    return m.group(1) if m else iri


@functools.lru_cache(maxsize=1)
def _ontology_axioms() -> tuple[tuple[str, str, str], ...]:
    """subClassOf / subPropertyOf axioms of ``ontology/kg.ttl`` (checkout or installed)."""
    path = ontology_dir() / "kg.ttl"
    if not path.is_file():
        return ()
    g = load_turtle(path)
    out = [(str(s), str(p), str(o)) for p in (RDFS.subClassOf, RDFS.subPropertyOf)
           for s, o in g.subject_objects(p) if isinstance(s, URIRef) and isinstance(o, URIRef)]
    return tuple(sorted(out))


def _closure(graph: rdflib.Graph, pred: URIRef) -> dict[str, set[str]]:
    """Map each term to all its super-terms (reflexive, transitive) under ``pred``."""
    parents: dict[str, set[str]] = {}
    for s, o in graph.subject_objects(pred):
        if isinstance(s, URIRef) and isinstance(o, URIRef):
            parents.setdefault(str(s), set()).add(str(o))
    for s, p, o in _ontology_axioms():
        if p == str(pred):
            parents.setdefault(s, set()).add(o)
    memo: dict[str, set[str]] = {}

    def up(term: str) -> set[str]:
        if term in memo:
            return memo[term]
        memo[term] = {term}  # guards cycles
        acc = {term}
        for p in sorted(parents.get(term, ())):
            acc |= up(p)
        memo[term] = acc
        return acc

    return _Closure(up)


class _Closure(dict):
    """A lazily filled closure: ``c[term]`` gives the term's super-terms."""

    def __init__(self, up):  # type: ignore[no-untyped-def]
        super().__init__()
        self._up = up

    def __missing__(self, key: str) -> set[str]:
        v = self._up(key)
        self[key] = v
        return v


def _literal_value(lit: Literal) -> Any:
    """A GraphML-legal Python value for a literal: str, int, float or bool."""
    v = lit.toPython()
    if isinstance(v, bool):
        return v
    if isinstance(v, int):
        return int(v)
    if isinstance(v, (float, Decimal)):
        return float(v)
    if isinstance(v, (dt.datetime, dt.date, dt.time)):
        return v.isoformat()
    if isinstance(v, Literal):  # unknown datatype: keep the lexical form
        return str(lit)
    return str(v)


_LABEL_PREDICATES = (RDFS.label, URIRef(SCHEMA + "name"), URIRef(SCHEMA + "headline"))
# Sets of terms: a membership test hashes in C, where ``p == RDF.type`` is a Python
# call (rdflib's __eq__) per statement, and ``RDF.type`` itself a namespace lookup.
_LABEL_SET = frozenset(_LABEL_PREDICATES)
_TYPE_SET = frozenset((RDF.type,))


def _best_label(graph: rdflib.Graph, node: URIRef,
                po: list[tuple[Any, Any]] | None = None) -> str:
    """rdfs:label (zh first), else schema:name, else headline, else the local name.

    ``po``: the node's (predicate, object) pairs when the caller has read them already.
    """
    if po is not None:  # one pass over the node's statements, not one per predicate
        found: dict[Any, list[Literal]] = {}
        for p, o in po:
            if p in _LABEL_SET and isinstance(o, Literal):
                found.setdefault(p, []).append(o)
    for pred in _LABEL_PREDICATES:
        labels = found.get(pred, []) if po is not None else \
            [o for o in graph.objects(node, pred) if isinstance(o, Literal)]
        if labels:
            zh = sorted(str(o) for o in labels if (o.language or "").startswith("zh"))
            return (zh or sorted(str(o) for o in labels))[0]
    return local_name(node)


def classify(graph: rdflib.Graph, node: URIRef,
             sub: dict[str, set[str]] | None = None,
             po: list[tuple[Any, Any]] | None = None,
             memo: dict[tuple[str, ...], tuple[str, str]] | None = None) -> tuple[str, str]:
    """Return ``(broad type, kind)`` of a resource.

    The broad type is the first row of style.tsv whose root class the node's types
    reach (by IRI, or by local name when the graph lacks the axioms), else whose hint
    predicates it uses, else ``other``. The kind is the local name of the most
    specific of its classes (ties broken alphabetically). ``po``: the node's
    (predicate, object) pairs when the caller has read them already; ``memo``: a
    dict kept across calls on one graph (and one ``sub``), as most nodes share a
    handful of type sets.
    """
    sub = sub if sub is not None else _closure(graph, RDFS.subClassOf)
    if po is None:
        po = list(graph.predicate_objects(node))
    types = tuple(sorted(str(t) for p, t in po if p in _TYPE_SET and isinstance(t, URIRef)))
    got = memo.get(types) if memo is not None else None
    if got is None:
        got = _classes(types, sub)
        if memo is not None:
            memo[types] = got
    broad, kind = got
    if not broad:
        preds = {str(p) for p, _ in po}
        for st in load_styles():
            if any(h in preds for h in st.hints):
                broad = st.type
                break
    return (broad or "other", kind)


def _classes(types: tuple[str, ...], sub: dict[str, set[str]]) -> tuple[str, str]:
    """``(broad type or "", kind)`` from a node's sorted classes alone (see ``classify``)."""
    ancestors: set[str] = set()
    for t in types:
        ancestors |= sub[t]
    anc_local = {local_name(a) for a in ancestors}
    broad = ""
    for st in load_styles():
        if any(r in ancestors for r in st.roots) or any(
                local_name(r) in anc_local for r in st.roots):
            broad = st.type
            break
    # Most specific class: one that is no strict ancestor of another of its types.
    specific = [t for t in types if not any(t != u and t in sub[u] for u in types)]
    kind = local_name(specific[0]) if specific else ""
    return (broad, kind)


def _iso_year(value: Any) -> int | None:
    m = re.match(r"^(\d{4})-\d{2}-\d{2}", str(value))
    return int(m.group(1)) if m else None


def _add_attr(attrs: dict[str, Any], key: str, value: Any) -> None:
    """Set an attribute; repeated values are joined (sorted) into one string."""
    if value is None or value == "":
        return
    if key not in attrs:
        attrs[key] = value
        return
    vals = set(str(attrs[key]).split(JOIN)) | {str(value)}
    attrs[key] = JOIN.join(sorted(vals))


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for the block (then restore its state).

    Projecting and writing allocate hundreds of thousands of small acyclic dicts and
    tuples; every burst triggers collections that walk all live objects, the whole
    rdflib graph included, which cost as much as the work itself (3.4 s instead of
    6.0 s for the projection of 274k triples). Reference counting still frees
    everything these loops drop; only reference cycles wait until the block ends.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def to_property_graph(graph: rdflib.Graph) -> nx.MultiDiGraph:
    """Project an RDF graph onto a networkx ``MultiDiGraph`` (see the module doc).

    Node ids are the IRIs (strings); nodes and edges are inserted in sorted order so
    every writer that iterates the result is deterministic.
    """
    with gc_paused():
        return _project(graph)


def _statement_reader(graph: rdflib.Graph) -> Callable[[Any], list[tuple[Any, Any]]]:
    """A function: subject -> its ``(predicate, object)`` pairs, in the store's order.

    On rdflib's ``SimpleMemory`` (the build's ``TripleStore``) it reads the subject's
    entry of the store's own index: ``predicate_objects`` goes through two generator
    layers per statement, a fifth of the projection's time. Other stores are asked.
    """
    store = graph.store
    spo = getattr(store, "_SimpleMemory__spo", None) if isinstance(store, SimpleMemory) \
        else None
    if not isinstance(spo, dict):
        return lambda s: list(graph.predicate_objects(s))
    empty: dict[Any, dict[Any, int]] = {}
    return lambda s: [(p, o) for p, objs in spo.get(s, empty).items() for o in objs]


_IRI, _LITERAL = 1, 2  # term kinds in _project (0: anything else, e.g. a blank node)


def _texts(item: tuple[str, str, Any]) -> tuple[str, str]:
    return item[0], item[1]


def _project(graph: rdflib.Graph) -> nx.MultiDiGraph:
    sub = _closure(graph, RDFS.subClassOf)
    subprop = _closure(graph, RDFS.subPropertyOf)

    meta = {str(m) for m in _META_CLASSES}
    candidates: set[URIRef] = set()
    for s, t in graph.subject_objects(RDF.type):
        if isinstance(s, URIRef) and not (sub[str(t)] & meta):
            candidates.add(s)
    # Each node's statements are read once here and reused below (reading them from
    # the store is the projection's main cost); each list is dropped once used.
    pos: dict[URIRef, list[tuple[Any, Any]]] = {}
    # What kind of term an object is, by its class: rdflib's terms are ABCs, and an
    # isinstance test on one is a Python-level call; a dict look-up by type() is not.
    kinds: dict[type, int] = {}

    def kind_of(cls: type) -> int:
        k = kinds[cls] = _IRI if issubclass(cls, URIRef) else \
            _LITERAL if issubclass(cls, Literal) else 0
        return k

    # Predicates (a few dozen objects) as text and whether they are skipped.
    pred_info: dict[Any, tuple[str, bool]] = {}

    def pred_of(p: Any) -> tuple[str, bool]:
        v = pred_info[p] = (str(p), p in _SKIP_PREDICATES)
        return v

    # Objects of instance properties are nodes too (e.g. an untyped parent place).
    statements = _statement_reader(graph)
    for s in list(candidates):
        po = pos[s] = statements(s)
        for p, o in po:
            k = kinds.get(type(o))
            if k is None:
                k = kind_of(type(o))
            if k == _IRI:
                if not (pred_info.get(p) or pred_of(p))[1]:
                    candidates.add(o)

    info: dict[str, dict[str, Any]] = {}
    # node -> {target IRI: predicate IRIs}: its IRI-valued statements to other nodes.
    links: dict[str, dict[str, set[str]]] = {}
    text: dict[Any, str] = {}  # one str per node IRI, shared by all edges

    classes: dict[tuple[str, ...], tuple[str, str]] = {}
    for node in sorted(candidates, key=str):
        po = pos.pop(node, None)
        if po is None:
            po = statements(node)
        broad, kind = classify(graph, node, sub, po, classes)
        n = text.get(node)
        if n is None:
            n = text[node] = str(node)
        attrs: dict[str, Any] = {"label": _best_label(graph, node, po), "type": broad,
                                 "iri": n}
        if kind:
            attrs["kind"] = kind
        by_target: dict[str, set[str]] = {}
        literals = []
        for p, o in po:
            k = kinds.get(type(o))
            if k is None:
                k = kind_of(type(o))
            if not k:
                continue
            p_text, skip = pred_info.get(p) or pred_of(p)
            if skip:
                continue
            if k == _LITERAL:
                literals.append((p_text, str(o), o))
            elif o in candidates:
                t = text.get(o)
                if t is None:
                    t = text[o] = str(o)
                got = by_target.get(t)
                if got is None:
                    by_target[t] = {p_text}
                else:
                    got.add(p_text)
        if by_target:
            links[n] = by_target
        # Sorted by the texts (stable: the order the old sort-then-filter gave).
        literals.sort(key=_texts)
        for p_text, _, o in literals:
            name = _local_name(p_text)
            if name in ("label", "type", "iri", "kind"):
                name = "rdf_" + name  # never shadow the projection's own columns
            _add_attr(attrs, name, _literal_value(o))
        for keys, target in ((_START_PREDICATES, "date"), (_END_PREDICATES, "end_date")):
            for k_ in keys:
                if k_ in attrs and _iso_year(attrs[k_]) is not None:
                    attrs[target] = str(attrs[k_]).split(JOIN)[0][:10]
                    break
        if "date" in attrs:
            attrs["year"] = _iso_year(attrs["date"])
        info[n] = attrs

    holdings = {n for n, a in info.items() if a["type"] == "holding"}
    partnodes = {n for n, a in info.items() if a["type"] == "participation"}
    folded = holdings | partnodes  # reified statements: become edge attributes

    edges: list[tuple[str, str, str, dict[str, Any]]] = []
    for n in sorted(info):
        if n in holdings:
            edges.extend(_fold_holding(graph, URIRef(n), info, statements(URIRef(n))))
            continue
        by_target = links.pop(n, None)
        if n in partnodes or not by_target:
            continue  # participations are folded below, once every role edge exists
        for o in sorted(by_target):
            if o in folded:
                continue
            preds = by_target[o]
            # Keep the finest: drop p when a strict sub-property of p links the pair too.
            finest = sorted(p for p in preds
                            if not any(q != p and p in subprop[q] for q in preds))
            for p in finest:
                edges.append((n, o, local_name(p), {"label": local_name(p), "predicate": p}))
    if partnodes:
        pairs: dict[tuple[str, str], list[tuple[str, str, str, dict[str, Any]]]] = {}
        for e in edges:
            pairs.setdefault((e[0], e[1]), []).append(e)
        for n in sorted(partnodes):
            _fold_participation(graph, URIRef(n), info, edges, subprop, pairs)
        del pairs

    # Nodes, then edges, each attribute dict dropped once the graph holds its copy: the
    # projection of an archive is otherwise held twice at its peak.
    pg = nx.MultiDiGraph()
    for n in sorted(info):
        attrs = info.pop(n)
        if n not in folded:
            pg.add_node(n, **attrs)
    _sort_edges(edges)
    keys = _EdgeKeys()
    for i, (u, v, key, attrs) in enumerate(edges):
        edges[i] = None  # type: ignore[call-overload]
        pg.add_edge(u, v, key=keys.free(u, v, key), **attrs)
    return pg


def _edge_head(e: tuple[str, str, str, dict[str, Any]]) -> tuple[str, str, str]:
    return e[0], e[1], e[2]


def _edge_attrs(e: tuple[str, str, str, dict[str, Any]]) -> list[tuple[str, Any]]:
    return sorted(e[3].items())


def _sort_edges(edges: list[tuple[str, str, str, dict[str, Any]]]) -> None:
    """Sort by (source, target, key, sorted attributes), in place.

    The attributes decide only between edges equal in the rest (a few hundred of an
    archive's 240k): sorting them by attributes only there is the same order (both
    sorts are stable), without a sorted copy of every edge's attributes.
    """
    edges.sort(key=_edge_head)
    i, n = 0, len(edges)
    while i < n:
        head, j = _edge_head(edges[i]), i + 1
        while j < n and _edge_head(edges[j]) == head:
            j += 1
        if j - i > 1:
            edges[i:j] = sorted(edges[i:j], key=_edge_attrs)
        i = j


class _EdgeKeys:
    """The edge keys given so far to one (source, target) pair. The edges must come
    grouped by pair (the projection sorts them): only the current pair's keys are kept,
    where every pair's were held (a set per pair) until the projection ended."""

    def __init__(self) -> None:
        self.pair: tuple[str, str] | None = None
        self.used: set[str] = set()
        # key -> the first suffix not yet tried, for keys given more than once: a pair
        # with n edges of one key (an article mentioning a person n times …) then costs
        # n tries, not n²/2.
        self.next: dict[str, int] = {}

    def free(self, u: str, v: str, key: str) -> str:
        """``key``, or ``key#2`` … when the pair already has an edge with that key (noted)."""
        if self.pair != (u, v):
            self.pair, self.used, self.next = (u, v), {key}, {}
            return key
        used = self.used
        if key not in used:
            used.add(key)
            return key
        i = self.next.get(key, 2)
        free = f"{key}#{i}"
        while free in used:
            i += 1
            free = f"{key}#{i}"
        used.add(free)
        self.next[key] = i + 1
        return free


_MEMBER, _ROLE = URIRef(ORG + "member"), URIRef(ORG + "role")
_DERIVED = URIRef(PROV + "wasDerivedFrom")


def _fold_holding(graph: rdflib.Graph, h: URIRef, info: dict[str, dict[str, Any]],
                  po: list[tuple[Any, Any]] | None = None
                  ) -> Iterable[tuple[str, str, str, dict[str, Any]]]:
    """One ``holdsPost`` edge member → role for a reified holding (org:Membership).

    ``po``: the holding's (predicate, object) pairs when the caller can read them
    faster than ``graph.objects`` (three generator layers per statement)."""
    by_pred: dict[Any, list[Any]] = {}
    for p, o in (po if po is not None else graph.predicate_objects(h)):
        by_pred.setdefault(p, []).append(o)
    members = sorted(str(o) for o in by_pred.get(_MEMBER, ()) if str(o) in info)
    roles = sorted(str(o) for o in by_pred.get(_ROLE, ()) if str(o) in info)
    extra = {k: v for k, v in info[str(h)].items()
             if k not in ("label", "type", "iri", "kind")}
    for src in sorted(str(o) for o in by_pred.get(_DERIVED, ())):
        _add_attr(extra, "article", src)
    for m in members:
        for r in roles:
            yield (m, r, "holdsPost", {"label": "holdsPost", **extra})


def _fold_participation(graph: rdflib.Graph, part: URIRef, info: dict[str, dict[str, Any]],
                        edges: list[tuple[str, str, str, dict[str, Any]]],
                        subprop: dict[str, set[str]],
                        pairs: dict[tuple[str, str], list[tuple[str, str, str, dict[str, Any]]]]
                        | None = None) -> None:
    """Fold a reified participation into its event → person edge (in place).

    The event is whatever links to the node, the person whatever person node it links
    to, the places whatever place nodes it links to; its literals (``role``,
    ``evidence`` …) become edge attributes and ``places`` lists the place labels. The
    edge chosen is the one labelled with the role, else the pair's finest actor edge;
    when the pair has no edge yet, one labelled by the role is added.
    """
    a = info[str(part)]
    events = sorted(str(s) for s in graph.subjects(None, part)
                    if str(s) in info and info[str(s)]["type"] == "event")
    linked = sorted({str(o) for p, o in graph.predicate_objects(part)
                     if isinstance(o, URIRef) and p not in _SKIP_PREDICATES and str(o) in info})
    persons = [o for o in linked if info[o]["type"] == "person"]
    places = sorted({str(info[o]["label"]) for o in linked if info[o]["type"] == "place"})
    extra = {k: v for k, v in a.items() if k not in ("label", "type", "iri", "kind", "date",
                                                      "end_date", "year")}
    if places:
        extra["places"] = JOIN.join(places)
    role = str(extra.get("role", "")).split(JOIN)[0]
    actor = SEM + "hasActor"
    for ev in events:
        for person in persons:
            pair = pairs.get((ev, person), []) if pairs is not None else \
                [e for e in edges if e[0] == ev and e[1] == person]
            target = next((e for e in pair if e[2] == role), None) or next(
                (e for e in sorted(pair, key=lambda e: e[2])
                 if actor in subprop[str(e[3].get("predicate", ""))]), None)
            if target is None:
                target = (ev, person, role or "participation",
                          {"label": role or "participation"})
                edges.append(target)
                if pairs is not None:
                    pairs.setdefault((ev, person), []).append(target)
            for k in sorted(extra):
                _add_attr(target[3], k, extra[k])


def node_styles() -> dict[str, Style]:
    """All styles by broad type (for legends)."""
    return {s.type: s for s in load_styles()}


def _sem_actor_properties(graph: rdflib.Graph) -> set[str]:
    """``sem:hasActor`` and every property below it (graph axioms + ontology files)."""
    root = SEM + "hasActor"
    subprop = _closure(graph, RDFS.subPropertyOf)
    return {p for p in _predicates(graph) if root in subprop[p]}


def _predicates(graph: rdflib.Graph) -> set[str]:
    """Every predicate of ``graph`` (as str).

    On rdflib's ``SimpleMemory`` store (the build's ``TripleStore``) these are the keys
    of its predicate index (a few dozen, where walking every triple took seconds on an
    archive); a key whose triples were all removed can stay behind, hence the test.
    Other stores are walked.
    """
    store = graph.store
    pos = getattr(store, "_SimpleMemory__pos", None) if isinstance(store, SimpleMemory) \
        else None
    if isinstance(pos, dict):
        return {str(p) for p, objs in pos.items() if any(objs.values())}
    return {str(p) for p in graph.predicates(None, None)}


def participations(graph: rdflib.Graph) -> dict[str, dict[str, list[str]]]:
    """Event IRI -> person IRI -> sorted roles (local names of the finest properties).

    A participant linked only by ``sem:hasActor`` gets the role ``hasActor``; where a
    finer role property is also stated, only the finer role is listed.
    """
    actor_props = _sem_actor_properties(graph)
    subprop = _closure(graph, RDFS.subPropertyOf)
    out: dict[str, dict[str, list[str]]] = {}
    for p in sorted(actor_props):
        for s, o in graph.subject_objects(URIRef(p)):
            if isinstance(s, URIRef) and isinstance(o, URIRef):
                out.setdefault(str(s), {}).setdefault(str(o), []).append(p)
    for ev, people in out.items():
        for person, preds in people.items():
            finest = {q for q in preds if not any(r != q and q in subprop[r] for r in preds)}
            people[person] = sorted(local_name(q) for q in finest)
    return {e: dict(sorted(out[e].items())) for e in sorted(out)}


def graphml_value_types(records: Iterable[dict[str, Any]]) -> dict[str, str]:
    """The GraphML ``attr.type`` per attribute name over all records.

    bool -> boolean, int -> int (long beyond 32 bits), float -> double, str -> string;
    an attribute whose values mix kinds becomes string (ints and floats -> double).
    """
    kinds: dict[str, set[str]] = {}
    for rec in records:
        for k, v in rec.items():
            if type(v) is str:  # the common case first: one C-level check
                t = "string"
            elif isinstance(v, bool):
                t = "boolean"
            elif isinstance(v, int):
                t = "long" if not -2**31 <= v < 2**31 else "int"
            elif isinstance(v, float):
                t = "double"
            else:
                t = "string"
            ts = kinds.get(k)
            if ts is None:
                kinds[k] = {t}
            else:
                ts.add(t)
    out: dict[str, str] = {}
    for k, ts in kinds.items():
        if len(ts) == 1:
            out[k] = next(iter(ts))
        elif ts <= {"int", "long"}:
            out[k] = "long"
        elif ts <= {"int", "long", "double"}:
            out[k] = "double"
        else:
            out[k] = "string"
    return out


# Column types per projection, so that a second writer of the same projection skips
# the pass that computes them (weak: forgotten with the projection).
_COLUMN_TYPES: weakref.WeakKeyDictionary[nx.MultiDiGraph, tuple[dict[str, str], dict[str, str]]] = \
    weakref.WeakKeyDictionary()


def column_types(pg: nx.MultiDiGraph) -> tuple[dict[str, str], dict[str, str]]:
    """``graphml_value_types`` of ``iter_styled_nodes(pg)`` and of ``iter_aggregated_edges(pg)``.

    Computed once per projection (which writers never change once built) and cached.
    """
    got = _COLUMN_TYPES.get(pg)
    if got is None:
        with gc_paused():
            got = (graphml_value_types(a for _, a in iter_styled_nodes(pg)),
                   graphml_value_types(a for _, _, a in iter_aggregated_edges(pg)))
        _COLUMN_TYPES[pg] = got
    return got


def node_size(degree: int) -> float:
    """Display size from degree: grows with the square root so hubs stay readable."""
    return round(10.0 + 6.0 * (degree ** 0.5), 2)


@functools.lru_cache(maxsize=1)
def _styles_by_type() -> dict[str, Style]:
    return {s.type: s for s in load_styles()}


# Degree and mentions per projection, shared by the writers' passes (forgotten with it).
_COUNTS: weakref.WeakKeyDictionary[nx.MultiDiGraph, dict[str, tuple[int, int]]] = \
    weakref.WeakKeyDictionary()


def _node_counts(pg: nx.MultiDiGraph) -> dict[str, tuple[int, int]]:
    """Node -> ``(degree, mentions)`` from one walk of the adjacency.

    ``degree`` is networkx's (statements in plus out, a self-loop twice); ``mentions``
    counts incoming ``mentions`` edges. One pass instead of a degree view and an
    in-edge walk per node.
    """
    got = _COUNTS.get(pg)
    if got is not None:
        return got
    # The adjacency dicts themselves: networkx's read-only views cost a Python call
    # per lookup, more than the counting.
    out_deg = {u: sum(map(len, nbrs.values())) for u, nbrs in pg._succ.items()}
    counts: dict[str, tuple[int, int]] = {}
    for v, preds in pg._pred.items():
        in_deg = mentions = 0
        for keys in preds.values():
            in_deg += len(keys)
            for k in keys:
                if k == "mentions" or k.startswith("mentions#"):
                    mentions += 1
        counts[v] = (out_deg[v] + in_deg, mentions)
    _COUNTS[pg] = counts
    return counts


def iter_styled_nodes(pg: nx.MultiDiGraph) -> Iterator[tuple[str, dict[str, Any]]]:
    """Like ``styled_nodes`` but one node at a time (writers stream; nothing is kept)."""
    styles = _styles_by_type()
    counts = _node_counts(pg)
    nodes = pg._node  # the attribute dicts themselves (see _node_counts)
    for n in sorted(nodes):
        attrs = dict(nodes[n])
        st = styles.get(attrs.get("type", "other")) or styles["other"]
        r, g, b = st.rgb
        degree, mentions = counts[n]
        attrs.update(r=r, g=g, b=b, degree=degree, mentions=mentions,
                     size=node_size(degree))
        yield (n, {k: v for k, v in attrs.items() if v is not None and v != ""})


def styled_nodes(pg: nx.MultiDiGraph) -> list[tuple[str, dict[str, Any]]]:
    """Nodes sorted by IRI, with ``r g b size degree mentions`` added to the attributes.

    ``mentions`` counts incoming ``mentions`` edges (articles naming the entity).
    """
    return list(iter_styled_nodes(pg))


def _joined(first: Any, more: list[str]) -> str:
    """What ``_add_attr`` leaves when ``more`` are added to ``first`` one at a time.

    Each old step split the joined string and joined it again; that re-split is the
    same as splitting every added value but the last one (a value holding the
    separator is split only once something follows it), so one sort and join at the
    end gives the same string.
    """
    vals = set(str(first).split(JOIN))
    for s in more[:-1]:
        vals.update(s.split(JOIN))
    vals.add(more[-1])
    return JOIN.join(sorted(vals))


def _merge_pair(keyed: dict[Any, dict[str, Any]]) -> list[dict[str, Any]]:
    """The merged attributes of one (source, target) pair's edges, sorted by label.

    Edges with the same label become one with ``weight`` = their number; their other
    attributes are merged as ``_add_attr`` would, with each attribute's values
    collected first and joined once.
    """
    merged: dict[str, dict[str, Any]] = {}
    extra: dict[str, dict[str, list[str]]] = {}  # label -> attribute -> later values
    for _k, data in keyed.items():  # keys in insertion order, as pg.edges gives
        label = data.get("label", _k)
        m = merged.get(label)
        if m is None:
            m = {k: val for k, val in data.items() if val is not None and val != ""}
            m["weight"] = 1.0
            merged[label] = m
            continue
        m["weight"] += 1.0
        later = extra.setdefault(label, {})
        for k, val in data.items():
            if k in ("label", "weight") or val is None or val == "":
                continue
            if k not in m:
                m[k] = val
            else:
                later.setdefault(k, []).append(str(val))
    for label, later in extra.items():
        m = merged[label]
        for k, vals in later.items():
            m[k] = _joined(m[k], vals)
    return [merged[label] for label in sorted(merged)]


def iter_aggregated_edges(pg: nx.MultiDiGraph) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """Like ``aggregated_edges`` but one edge at a time.

    Edges with the same (source, target) are adjacent in the networkx adjacency, so
    merging needs only the current pair in memory; the order is the same as sorting
    every merged edge by (source, target, label).
    """
    succ = pg._succ  # the adjacency dicts themselves (see _node_counts)
    for u in sorted(succ):
        nbrs = succ[u]
        for v in sorted(nbrs):
            keyed = nbrs[v]
            if len(keyed) == 1:  # most pairs: one statement, nothing to merge
                (k, data), = keyed.items()
                m = {key: val for key, val in data.items() if val is not None and val != ""}
                m["weight"] = 1.0
                yield (u, v, m)
                continue
            for m in _merge_pair(keyed):
                yield (u, v, m)


def aggregated_edges(pg: nx.MultiDiGraph) -> list[tuple[str, str, dict[str, Any]]]:
    """Edges merged per (source, target, label), sorted, ``weight`` = statements merged."""
    return list(iter_aggregated_edges(pg))


def people_view(graph: rdflib.Graph, pg: nx.MultiDiGraph | None = None) -> nx.Graph:
    """Person–person co-participation graph.

    Nodes: every person who took part in at least one event (attributes: label, kind,
    ``events`` = number of events, ``posts`` = post labels joined, first/last date).
    Edges: two persons who share events; ``weight`` = number of shared events,
    ``events`` = the shared events as "label (date)" joined by "; ", sorted by date.
    """
    pg = pg if pg is not None else to_property_graph(graph)
    with gc_paused():
        return _people_view(graph, pg)


def _people_view(graph: rdflib.Graph, pg: nx.MultiDiGraph) -> nx.Graph:
    """``people_view`` proper, on a projection."""
    part = participations(graph)
    people: dict[str, list[str]] = {}
    for ev in sorted(part):
        if ev not in pg or pg.nodes[ev].get("type") != "event":
            continue
        for person in part[ev]:
            if person in pg and pg.nodes[person].get("type") == "person":
                people.setdefault(person, []).append(ev)

    def ev_text(ev: str) -> str:
        a = pg.nodes[ev]
        return f"{a.get('label', local_name(ev))} ({a['date']})" if a.get("date") else \
            str(a.get("label", local_name(ev)))

    def ev_sort(ev: str) -> tuple[str, str]:
        return (str(pg.nodes[ev].get("date", "9999")), ev)

    view = nx.Graph()
    for p in sorted(people):
        a = pg.nodes[p]
        dates = sorted(str(pg.nodes[e]["date"]) for e in people[p] if pg.nodes[e].get("date"))
        posts = sorted({str(pg.nodes[v].get("label")) for _, v, k in pg.out_edges(p, keys=True)
                        if k.split("#")[0] == "holdsPost"})
        attrs: dict[str, Any] = {"label": a.get("label", local_name(p)), "type": "person",
                                 "iri": p, "events": len(people[p])}
        if a.get("kind"):
            attrs["kind"] = a["kind"]
        if posts:
            attrs["posts"] = JOIN.join(posts)
        if dates:
            attrs["first_date"], attrs["last_date"] = dates[0], dates[-1]
            attrs["year"] = _iso_year(dates[0])
        view.add_node(p, **attrs)
    shared: dict[tuple[str, str], list[str]] = {}
    for ev in sorted(part):
        members = sorted(p for p in part[ev] if p in view)
        for i, x in enumerate(members):
            for y in members[i + 1:]:
                shared.setdefault((x, y), []).append(ev)
    for (x, y) in sorted(shared):
        evs = sorted(shared[(x, y)], key=ev_sort)
        view.add_edge(x, y, label="co-participation", weight=float(len(evs)),
                      events=JOIN.join(ev_text(e) for e in evs))
    for n in view.nodes:
        st = style_for("person")
        view.nodes[n].update(zip("rgb", st.rgb))
        view.nodes[n]["degree"] = int(view.degree(n))
        view.nodes[n]["size"] = node_size(int(view.nodes[n]["events"]))
    return view
