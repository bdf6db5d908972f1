"""Score a built graph (Turtle) against gold annotations, layer by layer.

The gold format and the metrics are those of ``tests/gold/README.md``. The graph is read
only through SPARQL over the public vocabulary (SEM, schema.org, DC terms, PROV), as a
user would read it, so the score says what the Turtle really holds.

Layers (micro-averaged precision, recall, F1):

- ``articles``: headlines per page, matched by containment after removing spaces and
  punctuation (one predicted headline matches at most one gold title).
- ``persons``: (page, person) for persons and reporters.
- ``places``: (page, place); ``places_optional`` neither count for nor against.
- ``participation``: (person, event date) for every participant of a happened event.
- ``presence``: (person, place, event date). A predicted place counts for a gold place
  that contains it (reached through ``schema:containedInPlace``); implicit and optional
  places and planned events are neutral.

A date inside a gold multi-day event's range counts as its start date.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

import rdflib

from kg.graph.build import load_ontology
from kg.graph.load import GraphFileError, read_turtle_file
from kg.graph.namespaces import sparql_prologue
from kg.terminal import shown

PREFIXES = sparql_prologue()

LAYERS = ("articles", "persons", "places", "participation", "presence")


@dataclass
class LayerScore:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    missing: list[str] = field(default_factory=list)  # gold units not found
    extra: list[str] = field(default_factory=list)  # predicted units not in gold

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict:
        return {"precision": round(self.precision, 4), "recall": round(self.recall, 4),
                "f1": round(self.f1, 4), "tp": self.tp, "fp": self.fp, "fn": self.fn}


def _squash(s: str) -> str:
    """Remove spaces and punctuation (any Unicode P*/S*/Z* character) for matching."""
    s = unicodedata.normalize("NFKC", s)
    return "".join(ch for ch in s if unicodedata.category(ch)[0] not in "PSZ")


def _nospace(s: str) -> str:
    return re.sub(r"\s+", "", s)


class EvaluationError(ValueError):
    """Gold or graph files that cannot be scored; the text is one line naming the file."""


def load_graph(ttl: str | Path) -> rdflib.Graph:
    """Parse the built Turtle and add the ontology's axioms (in case the file lacks
    them: the subclass closure decides what is a person, a place, an event).
    Raises :class:`EvaluationError` when the file is missing or not Turtle."""
    try:
        return read_turtle_file(ttl, load_ontology())
    except GraphFileError as err:
        raise EvaluationError(str(err)) from None


def load_gold(path: Path) -> dict:
    """One gold file, checked for what scoring reads; :class:`EvaluationError` if not."""
    try:
        gold = json.loads(path.read_text(encoding="utf-8-sig"))
    except json.JSONDecodeError as err:
        raise EvaluationError(f"{shown(path)}: not JSON (line {err.lineno}, column "
                              f"{err.colno}: {err.msg})") from None
    except UnicodeDecodeError as err:
        raise EvaluationError(f"{shown(path)}: not UTF-8 text (at byte {err.start:,})") from None
    except OSError as err:
        raise EvaluationError(f"{shown(path)}: cannot read ({err.strerror or err})") from None
    problem = ""
    if not isinstance(gold, dict):
        problem = "the top level must be an object"
    elif not isinstance(gold.get("file"), str):
        problem = 'needs "file": the page\'s file name'
    elif not isinstance(gold.get("articles"), list) or not all(
            isinstance(a, dict) and isinstance(a.get("title"), str) for a in gold["articles"]):
        problem = 'needs "articles": a list of objects, each with a "title"'
    if problem:
        raise EvaluationError(f"{shown(path)}: not a gold file ({problem}; "
                              "see tests/gold/README.md)")
    return gold


def _rows(g: rdflib.Graph, query: str) -> list[tuple]:
    return [tuple(None if v is None else v.toPython() if isinstance(v, rdflib.Literal)
                  else str(v) for v in row) for row in g.query(PREFIXES + query)]


def _as_date(v) -> dt.date | None:
    if isinstance(v, dt.datetime):
        return v.date()
    if isinstance(v, dt.date):
        return v
    if isinstance(v, str):
        try:
            return dt.date.fromisoformat(v[:10])
        except ValueError:
            return None
    return None


class _Predicted:
    """What the graph says, per source file, read through SPARQL."""

    def __init__(self, g: rdflib.Graph):
        self.headlines: dict[str, list[str]] = defaultdict(list)
        for src, h in _rows(g, """SELECT ?src ?h WHERE {
                ?a a schema:NewsArticle ; dcterms:source ?src ; schema:headline ?h }"""):
            self.headlines[str(src)].append(str(h))
        self.persons: dict[str, set[str]] = defaultdict(set)
        for src, name in _rows(g, """SELECT DISTINCT ?src ?name WHERE {
                ?a a schema:NewsArticle ; dcterms:source ?src .
                { ?a schema:author ?p } UNION
                { ?a schema:mentions ?p . ?p a/rdfs:subClassOf* schema:Person }
                ?p rdfs:label ?name }"""):
            self.persons[str(src)].add(_nospace(str(name)))
        self.places: dict[str, set[str]] = defaultdict(set)
        for src, name in _rows(g, """SELECT DISTINCT ?src ?name WHERE {
                ?a a schema:NewsArticle ; dcterms:source ?src ; schema:mentions ?p .
                ?p a/rdfs:subClassOf* schema:Place ; rdfs:label ?name }"""):
            self.places[str(src)].add(str(name))
        # place label -> labels of every unit containing it (transitively)
        self.container: dict[str, set[str]] = defaultdict(set)
        for child, parent in _rows(g, """SELECT DISTINCT ?c ?p WHERE {
                ?x schema:containedInPlace+ ?y . ?x rdfs:label ?c . ?y rdfs:label ?p }"""):
            self.container[str(child)].add(str(parent))
        # events: (src, event iri) -> info
        self.events: dict[str, dict] = {}
        for src, e, status, ts, begin, end in _rows(g, """
                SELECT ?src ?e ?status ?ts ?begin ?end WHERE {
                ?e a/rdfs:subClassOf* sem:Event ; prov:wasDerivedFrom ?a .
                ?a dcterms:source ?src .
                OPTIONAL { ?e kg:status ?status }
                OPTIONAL { ?e sem:hasTimeStamp ?ts }
                OPTIONAL { ?e sem:hasBeginTimeStamp ?begin }
                OPTIONAL { ?e sem:hasEndTimeStamp ?end } }"""):
            ev = self.events.setdefault(e, {"src": str(src), "status": "happened",
                                            "date": None, "actors": set(), "places": set(),
                                            "place_of": defaultdict(set)})
            if status:
                ev["status"] = str(status)
            ev["date"] = ev["date"] or _as_date(ts) or _as_date(begin)
        for e, name in _rows(g, """SELECT DISTINCT ?e ?name WHERE {
                ?e sem:hasActor ?p . ?p rdfs:label ?name }"""):
            if e in self.events:
                self.events[e]["actors"].add(_nospace(str(name)))
        for e, name in _rows(g, """SELECT DISTINCT ?e ?name WHERE {
                ?e sem:hasPlace ?p . ?p rdfs:label ?name }"""):
            if e in self.events:
                self.events[e]["places"].add(str(name))
        # a participant who was only at some of the event's places
        for e, person, place in _rows(g, """SELECT DISTINCT ?e ?pn ?pl WHERE {
                ?e kg:participation ?x . ?x kg:participant ?p ; sem:hasPlace ?q .
                ?p rdfs:label ?pn . ?q rdfs:label ?pl }"""):
            if e in self.events:
                self.events[e]["place_of"][_nospace(str(person))].add(str(place))


def _match_headlines(gold: list[str], pred: list[str], score: LayerScore, src: str) -> None:
    gs = [(_squash(t), t) for t in gold]
    ps = [(_squash(h), h) for h in pred]
    used: set[int] = set()
    for g_sq, g_raw in gs:
        hit = next((i for i, (p_sq, _) in enumerate(ps) if i not in used and p_sq and g_sq
                    and (g_sq in p_sq or p_sq in g_sq)), None)
        if hit is None:
            score.fn += 1
            score.missing.append(f"{src}: {g_raw}")
        else:
            used.add(hit)
            score.tp += 1
    for i, (_, raw) in enumerate(ps):
        if i not in used:
            score.fp += 1
            score.extra.append(f"{src}: {raw}")


def _score_sets(gold: set, pred: set, neutral: set, score: LayerScore) -> None:
    pred = pred - (neutral - gold)
    score.tp += len(gold & pred)
    score.fn += len(gold - pred)
    score.fp += len(pred - gold)
    score.missing += sorted(" | ".join(map(str, x)) for x in gold - pred)
    score.extra += sorted(" | ".join(map(str, x)) for x in pred - gold)


def evaluate(gold_dir: str | Path, ttl: str | Path) -> dict[str, LayerScore]:
    """Score the Turtle file ``ttl`` against every ``*.json`` gold file in ``gold_dir``.

    Returns a :class:`LayerScore` per layer name (see the module docstring).
    """
    gold_dir = Path(gold_dir)
    if not Path(ttl).is_file():
        load_graph(ttl)  # the one-line error: missing, or not a file
    if not gold_dir.is_dir():
        raise EvaluationError(f"{shown(gold_dir)}: "
                              f"{'not a folder' if gold_dir.exists() else 'no such folder'}")
    gold_files = sorted(gold_dir.glob("*.json"))
    if not gold_files:
        raise EvaluationError(f"{shown(gold_dir)}: no gold *.json files in this folder")
    golds = [(gf, load_gold(gf)) for gf in gold_files]  # all checked before the slow part
    pred = _Predicted(load_graph(ttl))
    scores = {layer: LayerScore() for layer in LAYERS}
    for gf, gold in golds:
        try:
            _score_page(gold, pred, scores)
        except (KeyError, TypeError, ValueError, AttributeError) as err:
            raise EvaluationError(f"{shown(gf)}: not a gold file ({type(err).__name__}: "
                                  f"{err}; see tests/gold/README.md)") from None
    return scores


def _score_page(gold: dict, pred: _Predicted, scores: dict[str, LayerScore]) -> None:
    """Add one gold page's units to ``scores``."""
    src = gold["file"]
    arts = gold["articles"]
    _match_headlines([a["title"] for a in arts], pred.headlines.get(src, []),
                     scores["articles"], src)
    g_persons = {(src, _nospace(p)) for a in arts for p in a.get("persons", []) + a.get("reporters", [])}
    p_persons = {(src, p) for p in pred.persons.get(src, set())}
    _score_sets(g_persons, p_persons, set(), scores["persons"])
    g_places = {(src, p) for a in arts for p in a.get("places", [])}
    optional = {(src, p) for a in arts for p in a.get("places_optional", [])}
    p_places = {(src, p) for p in pred.places.get(src, set())}
    _score_sets(g_places, p_places, optional, scores["places"])
    _score_events(src, arts, pred, scores)


def _score_events(src: str, arts: list[dict], pred: _Predicted,
                  scores: dict[str, LayerScore]) -> None:
    spans: list[tuple[dt.date, dt.date]] = []
    g_part: set = set()
    g_pres: set = set()
    neutral_pres: set = set()
    optional = {p for a in arts for p in a.get("places_optional", [])}
    for a in arts:
        for ev in a.get("events", []):
            start = dt.date.fromisoformat(ev["date"]) if ev.get("date") else None
            end = dt.date.fromisoformat(ev["end_date"]) if ev.get("end_date") else start
            if start:
                spans.append((start, end))
            if ev.get("status", "happened") != "happened":
                continue
            for person in ev.get("participants", {}):
                person = _nospace(person)
                g_part.add((person, start))
                places = ev.get("place_of", {}).get(person) or ev.get("places", [])
                for pl in places:
                    g_pres.add((person, pl, start))
                for pl in list(ev.get("implicit_places", [])) + sorted(optional):
                    neutral_pres.add((person, pl, start))

    gold_dates: dict[str, set] = defaultdict(set)
    for person, d in g_part:
        gold_dates[person].add(d)

    def norm(person: str, d: dt.date | None) -> dt.date | None:
        """A date inside a gold multi-day event counts as its start date, unless the
        person also has a gold event on that very day."""
        if d in gold_dates.get(person, ()):
            return d
        for s, e in spans:
            if d and s <= d <= e and s in gold_dates.get(person, ()):
                return s
        return d

    p_part: set = set()
    p_pres: set = set()
    for ev in pred.events.values():
        if ev["src"] != src or ev["status"] == "planned":
            continue
        for person in ev["actors"]:
            d = norm(person, ev["date"])
            p_part.add((person, d))
            for pl in ev["place_of"].get(person) or ev["places"]:
                # a predicted place counts for the gold place that contains it
                cands = [pl, *sorted(pred.container.get(pl, ()))]
                hit = next((c for c in cands if (person, c, d) in g_pres), None)
                p_pres.add((person, hit or pl, d))
    _score_sets(g_part, p_part, set(), scores["participation"])
    _score_sets(g_pres, p_pres, neutral_pres, scores["presence"])


def format_scores(scores: dict[str, LayerScore], *, verbose: bool = False) -> str:
    """A plain-text table of the scores (and, verbose, what was missed or extra)."""
    lines = [f"{'layer':<14}{'precision':>10}{'recall':>10}{'F1':>8}{'tp':>6}{'fp':>6}{'fn':>6}"]
    for layer, s in scores.items():
        lines.append(f"{layer:<14}{s.precision:>10.3f}{s.recall:>10.3f}{s.f1:>8.3f}"
                     f"{s.tp:>6}{s.fp:>6}{s.fn:>6}")
    if verbose:
        for layer, s in scores.items():
            for label, items in (("missing", s.missing), ("extra", s.extra)):
                for item in items:
                    lines.append(f"  {layer} {label}: {item}")
    return "\n".join(lines)


def scores_json(scores: dict[str, LayerScore]) -> str:
    """The scores as JSON: precision, recall, F1 and counts per layer."""
    return json.dumps({k: v.as_dict() for k, v in scores.items()}, ensure_ascii=False,
                      indent=2)


__all__: Iterable[str] = ["evaluate", "format_scores", "scores_json", "LayerScore", "LAYERS"]
