"""Deterministic Turtle output of the knowledge graph.

rdflib's Turtle serializer sorts subjects, predicates and objects, so a graph without
blank nodes (the builder mints none) serialises to the same bytes every time. The
prefixes of :mod:`kg.namespaces` are bound first, and the file is written atomically.
"""

from __future__ import annotations

import os
from pathlib import Path

from rdflib import Graph

from kg.export.atomic import atomic_open
from kg.namespaces import bind_prefixes


def serialize_turtle(graph: Graph) -> bytes:
    """The graph as UTF-8 Turtle bytes, project prefixes bound, sorted."""
    bind_prefixes(graph)
    data = graph.serialize(format="turtle", encoding="utf-8")
    return data if data.endswith(b"\n") else data + b"\n"


def write_turtle(graph: Graph, path: str | os.PathLike[str]) -> Path:
    """Write ``graph`` as Turtle to ``path`` (atomically); return the path."""
    data = serialize_turtle(graph)
    with atomic_open(path, "wb") as fh:
        fh.write(data)
    return Path(path)
