"""SHACL validation of a built graph against ``ontology/shapes.ttl`` (pyshacl).

The ontology (``ontology/kg.ttl``) is mixed in before checking, so shapes that target
``kg:Event`` or ``kg:Place`` reach every subclass (``kg:Meeting``, ``kg:Township`` …)
even for a graph built without the ontology triples.
"""

from __future__ import annotations

import hashlib
import re
from contextlib import contextmanager
from typing import Iterator, NamedTuple

from pyshacl import validate
from rdflib import BNode, Graph, URIRef
from rdflib.namespace import RDF, SH

from kg.graph.build import ONTOLOGY_DIR, load_ontology
from kg.graph.namespaces import bind_prefixes
from kg.resources import load_turtle

SHAPES_FILE = ONTOLOGY_DIR / "shapes.ttl"

#: Above this many triples ``kg build`` checks a deterministic sample: pyshacl's cost
#: grows faster than the graph (15 s at 20k triples), and a fault made by the graph
#: builder shows up on every node of its kind, so a sample of each kind finds it.
SAMPLE_ABOVE = 20_000


class Sample(NamedTuple):
    """What :func:`sample_subgraph` returns."""

    graph: Graph
    checked: frozenset  # nodes whose every shape the sample answers as the whole graph
    picked: int  # nodes chosen by type
    total: int  # typed nodes in the whole graph


def load_shapes() -> Graph:
    """A fresh graph holding the SHACL shapes."""
    return load_turtle(SHAPES_FILE)


def _violations(report: Graph, only: frozenset | None = None) -> list:
    """The report's results of severity violation (of focus nodes in ``only``, if given)."""
    found = []
    for r in report.subjects(RDF.type, SH.ValidationResult):
        if report.value(r, SH.resultSeverity) not in (None, SH.Violation):
            continue  # warnings and infos never fail a build (allow_warnings)
        if only is not None and report.value(r, SH.focusNode) not in only:
            continue
        found.append(r)
    return found


def _summary(report: Graph, results: list, limit: int) -> str:
    """One line per violation: focus node, path, message (sorted, capped at ``limit``)."""
    bind_prefixes(report)
    lines = []
    for r in results:
        focus = report.value(r, SH.focusNode)
        path = report.value(r, SH.resultPath)
        msg = report.value(r, SH.resultMessage)
        value = report.value(r, SH.value)
        parts = [focus.n3(report.namespace_manager) if focus is not None else "?"]
        if path is not None:
            parts.append(f"path {path.n3(report.namespace_manager)}")
        if value is not None and value != focus:
            parts.append(f"value {value.n3(report.namespace_manager)}")
        parts.append(str(msg) if msg is not None else "violation")
        lines.append(" | ".join(parts))
    lines.sort()
    head = f"{len(lines)} SHACL violation(s)"
    if len(lines) > limit:
        lines = lines[:limit] + [f"… and {len(lines) - limit} more"]
    return "\n".join([head, *lines])


def sample_subgraph(graph: Graph, target: int = SAMPLE_ABOVE,
                    per_type: int = 5) -> Sample:
    """A deterministic sample of ``graph`` for checking.

    Of each ``rdf:type``, a hash-chosen share of its nodes (at least ``per_type``) is
    picked. The sample holds every triple of a picked node, every triple of each node
    it points to, and the ``rdf:type`` triples of what *those* point to. Every shape
    of ``ontology/shapes.ttl`` reads only a focus node's own triples and the types of
    their objects, so for the picked nodes and their neighbours (``checked``) the
    sample answers exactly as the whole graph would; nodes seen only by their type are
    not checked (:func:`validate_graph` drops their results), so the sample never
    reports a violation the whole graph does not have.
    """
    by_type: dict = {}
    for node, cls in graph.subject_objects(RDF.type):
        if isinstance(node, (URIRef, BNode)):
            by_type.setdefault(cls, set()).add(node)
    share = min(1.0, target / max(1, len(graph)) / 2)

    def rank(node) -> str:
        return hashlib.sha1(str(node).encode("utf-8")).hexdigest()

    picked: set = set()
    for cls in sorted(by_type, key=str):
        nodes = sorted(by_type[cls], key=rank)
        picked.update(nodes[:max(per_type, int(len(nodes) * share))])
    sample = Graph()
    checked: set = set()
    typed_only: set = set()

    def add_all(node) -> list:
        """Add ``node``'s triples; return the nodes it points to."""
        out = []
        for _, p, o in graph.triples((node, None, None)):
            sample.add((node, p, o))
            if isinstance(o, (URIRef, BNode)):
                out.append(o)
        return out

    for node in sorted(picked, key=str):
        checked.add(node)
        for o in add_all(node):
            if o not in checked:
                checked.add(o)
                typed_only.update(add_all(o))
    for node in typed_only - checked:
        for t in graph.triples((node, RDF.type, None)):
            sample.add(t)
    total = len(set().union(*by_type.values())) if by_type else 0
    return Sample(sample, frozenset(checked), len(picked), total)


@contextmanager
def _queries_parsed_once() -> Iterator[None]:
    """Parse each SPARQL query text once for the block, instead of once per focus node.

    pyshacl evaluates a shape's ``sh:select`` text for every focus node, and rdflib
    parses the text anew each time: on an archive's sample that was a third of the
    check (0.17 s per parse, 132 events). A parsed and translated query is what
    rdflib's own ``prepareQuery`` returns for repeated evaluation with different
    bindings, so the answers are the same.
    """
    from rdflib.plugins.sparql import processor

    real = processor.SPARQLProcessor.query
    parsed: dict = {}

    def query(self, strOrQuery, initBindings=None, initNs=None, base=None,  # type: ignore[no-untyped-def]
              DEBUG=False):  # noqa: N803 - rdflib's names
        if isinstance(strOrQuery, str):
            key = (strOrQuery, base, tuple(sorted((str(k), str(v))
                                                  for k, v in (initNs or {}).items())))
            q = parsed.get(key)
            if q is None:
                q = parsed[key] = processor.translateQuery(processor.parseQuery(strOrQuery),
                                                           base, initNs)
            strOrQuery = q
        return real(self, strOrQuery, initBindings, initNs, base, DEBUG)

    processor.SPARQLProcessor.query = query  # type: ignore[method-assign]
    try:
        yield
    finally:
        processor.SPARQLProcessor.query = real  # type: ignore[method-assign]


# What pyshacl takes as a whole IRI in its focus_nodes option (it tests these prefixes).
_FOCUS_IRI = re.compile(r"(?i)(https?|urn|file):")


@contextmanager
def _focus_as_set() -> Iterator[None]:
    """Make pyshacl's ``focus_nodes`` filter a set look-up for the block.

    pyshacl keeps the focus nodes it is given as a list and tests every target of every
    shape against it (``node in list``): quadratic in the sample's size. A frozenset of
    the same nodes selects the same targets.
    """
    from pyshacl.validator import Validator

    real = Validator.make_executor

    def make_executor(self):  # type: ignore[no-untyped-def]
        executor = real(self)
        if executor.focus_nodes:
            executor.focus_nodes = frozenset(executor.focus_nodes)
        return executor

    Validator.make_executor = make_executor  # type: ignore[method-assign]
    try:
        yield
    finally:
        Validator.make_executor = real  # type: ignore[method-assign]


def validate_graph(graph: Graph, *, max_lines: int = 50,
                   sample_above: int | None = None) -> tuple[bool, str]:
    """Check ``graph`` against the shapes; return (conforms, readable report).

    The report is "conforms" when all is well, otherwise a count and one sorted line
    per violation (focus node | path | value | message). With ``sample_above``, a
    graph larger than that many triples is checked on :func:`sample_subgraph`, and the
    report says so.
    """
    note = ""
    checked = None
    ours = False  # a graph made here, for the check: the ontology may go into it
    if sample_above is not None and len(graph) > sample_above:
        sample = sample_subgraph(graph, sample_above)
        graph, checked, ours = sample.graph, sample.checked, True
        note = (f" (a sample: {len(checked)} of {sample.total} nodes, "
                f"{sample.picked} of them chosen by type, the rest what they point to)")
    if not graph.store.context_aware:  # pyshacl wraps the data in a Dataset
        whole = Graph()
        for t in graph:
            whole.add(t)
        graph, ours = whole, True
    # Only the nodes the sample can judge are checked: the rest of it (nodes seen by
    # their type alone) fails most shapes, and pyshacl spent most of an archive's check
    # writing those results into a report that was then filtered (minutes on the
    # transcripts). pyshacl takes focus nodes as IRI strings (others it reads as
    # prefixed names); with anything else among them, everything is checked and
    # filtered afterwards, as before.
    focus = (sorted(str(n) for n in checked)
             if checked and all(isinstance(n, URIRef) and _FOCUS_IRI.match(n)
                                for n in checked) else None)
    with _queries_parsed_once(), _focus_as_set():
        conforms, report_graph, _text = validate(
            graph,
            focus_nodes=focus,
            shacl_graph=load_shapes(),
            ont_graph=load_ontology(),
            inference="none",
            advanced=True,  # sh:sparql constraints
            allow_warnings=True,
            # pyshacl copies the data to mix the ontology in (a fifth of the check on
            # an archive's sample); a graph made here needs no copy. The caller's never.
            inplace=ours,
        )
    if conforms:
        return True, "conforms" + note
    if not isinstance(report_graph, Graph):  # pyshacl could not run the shapes at all
        return False, f"SHACL validation failed to run: {_text.strip()}"
    results = _violations(report_graph, checked)
    if not results:  # only nodes the sample cannot judge (seen by their type alone)
        return True, "conforms" + note
    return False, _summary(report_graph, results, max_lines) + note
