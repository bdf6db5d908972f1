"""SHACL validation of a built graph against ``ontology/shapes.ttl`` (pyshacl).

The ontology (``ontology/kg.ttl``) is mixed in before checking, so shapes that target
``kg:Event`` or ``kg:Place`` reach every subclass (``kg:Meeting``, ``kg:Township`` …)
even for a graph built without the ontology triples.
"""

from __future__ import annotations

from functools import lru_cache

from pyshacl import validate
from rdflib import Graph
from rdflib.namespace import RDF, SH

from kg.graph import ONTOLOGY_DIR, load_ontology
from kg.namespaces import bind_prefixes

SHAPES_FILE = ONTOLOGY_DIR / "shapes.ttl"


@lru_cache(maxsize=1)
def _shapes_triples() -> tuple:
    g = Graph()
    g.parse(SHAPES_FILE, format="turtle")
    return tuple(g)


def load_shapes() -> Graph:
    """A fresh graph holding the SHACL shapes."""
    g = Graph()
    for t in _shapes_triples():
        g.add(t)
    return g


def _summary(report: Graph, limit: int) -> str:
    """One line per violation: focus node, path, message (sorted, capped at ``limit``)."""
    bind_prefixes(report)
    lines = []
    for r in report.subjects(RDF.type, SH.ValidationResult):
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


def validate_graph(graph: Graph, *, max_lines: int = 50) -> tuple[bool, str]:
    """Check ``graph`` against the shapes; return (conforms, readable report).

    The report is "conforms" when all is well, otherwise a count and one sorted line
    per violation (focus node | path | value | message).
    """
    conforms, report_graph, _text = validate(
        graph,
        shacl_graph=load_shapes(),
        ont_graph=load_ontology(),
        inference="none",
        advanced=True,  # sh:sparql constraints
        allow_warnings=True,
    )
    if conforms:
        return True, "conforms"
    if not isinstance(report_graph, Graph):  # pyshacl could not run the shapes at all
        return False, f"SHACL validation failed to run: {_text.strip()}"
    return False, _summary(report_graph, max_lines)
