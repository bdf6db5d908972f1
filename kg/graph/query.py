"""Run SPARQL on a built graph and print the answer as an aligned text table.

The shipped queries live in ``queries/*.rq``; the project prefixes are prepended to any
query text, so ad-hoc queries may use ``kg:``, ``sem:``, ``schema:`` … without PREFIX
lines.
"""

from __future__ import annotations

import os
import unicodedata
from collections.abc import Mapping, Sequence
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef, Variable

from kg.graph.namespaces import bind_prefixes, sparql_prologue
from kg.resources import queries_dir

#: Folder of the shipped queries.
QUERIES_DIR = queries_dir()


def _term_text(term: object, graph: Graph) -> str:
    """A cell: literals by their lexical form, IRIs as prefixed names where possible."""
    if term is None:
        return ""
    if isinstance(term, Literal):
        return str(term)
    if isinstance(term, URIRef):
        try:
            return graph.namespace_manager.normalizeUri(term)
        except Exception:  # an IRI no prefix fits
            return str(term)
    if isinstance(term, BNode):
        return "_:" + str(term)
    return str(term)


def load_graph(path: str | os.PathLike[str]) -> Graph:
    """Parse a Turtle file (the format is guessed from the suffix otherwise)."""
    g = bind_prefixes(Graph())
    p = Path(path)
    g.parse(p, format="turtle" if p.suffix in (".ttl", "") else None)
    return g


def run_query(graph_or_path: Graph | str | os.PathLike[str], query_text: str,
              params: Mapping[str, str | int] | None = None
              ) -> tuple[list[str], list[tuple[str, ...]]]:
    """Run a SELECT (or ASK) query; return (column names, rows of cell strings).

    ``graph_or_path`` is an rdflib graph or a Turtle file. ``params`` binds query
    variables before evaluation (``{"name": "张三"}`` binds ``?name`` to the plain
    literal "张三"), which is how ``queries/itinerary.rq`` is narrowed to one person.
    ASK gives one column ``ask`` with "true"/"false".
    """
    graph = graph_or_path if isinstance(graph_or_path, Graph) else load_graph(graph_or_path)
    bind_prefixes(graph)
    bindings = {Variable(k): Literal(v) for k, v in sorted((params or {}).items())}
    result = graph.query(sparql_prologue() + query_text, initBindings=bindings or None)
    if result.type == "ASK":
        return ["ask"], [("true" if result.askAnswer else "false",)]
    if result.type != "SELECT":
        raise ValueError(f"only SELECT and ASK queries give tables, not {result.type}")
    columns = [str(v) for v in (result.vars or [])]
    rows = [tuple(_term_text(row[i], graph) for i in range(len(columns))) for row in result]
    return columns, rows


def text_width(text: str) -> int:
    """Display width in a terminal: East-Asian wide and full-width characters count 2."""
    width = 0
    for ch in text:
        if unicodedata.combining(ch):
            continue
        width += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return width


def _pad(text: str, width: int) -> str:
    return text + " " * (width - text_width(text))


def format_table(columns: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """An aligned plain-text table (Chinese width-aware) with a header rule and a count."""
    cells = [[str(c).replace("\n", " ") for c in row] for row in rows]
    widths = [text_width(c) for c in columns]
    for row in cells:
        for i, c in enumerate(row):
            widths[i] = max(widths[i], text_width(c))
    lines = ["  ".join(_pad(c, w) for c, w in zip(columns, widths)).rstrip(),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(_pad(c, w) for c, w in zip(row, widths)).rstrip() for row in cells]
    lines.append(f"({len(cells)} row{'s' if len(cells) != 1 else ''})")
    return "\n".join(lines)


def shipped_query(name: str) -> str:
    """The text of a shipped query by name (``"itinerary"`` or ``"itinerary.rq"``)."""
    fname = name if name.endswith(".rq") else name + ".rq"
    return (QUERIES_DIR / fname).read_text(encoding="utf-8")
