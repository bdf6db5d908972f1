"""Run SPARQL on a built graph and print the answer as an aligned text table.

``kg query`` runs on the Oxigraph store that ``kg build`` writes beside the Turtle
(:mod:`kg.graph.store`); without one, the Turtle is loaded into an in-memory Oxigraph
store. An rdflib graph (tests, the Python API) is queried with rdflib. The project's
prefixes are given to the query parser as defaults (never pasted in front of the text),
so syntax errors point at the user's own lines and columns.

Queries come from files others share, so before anything runs a query is checked: only
SELECT and ASK (no updates, no CONSTRUCT/DESCRIBE), no ``SERVICE`` (a network call)
unless asked for, and every ``--param`` must name a variable the query uses.
"""

from __future__ import annotations

import os
import re
import sys
import unicodedata
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from kg.graph.prefixes import PREFIX_IRIS as PREFIXES
from kg.graph.store import StoreError, query_store
from kg.resources import queries_dir

if TYPE_CHECKING:  # rdflib is imported only for rdflib graphs: kg query starts fast
    from rdflib import Graph

#: Folder of the shipped queries.
QUERIES_DIR = queries_dir()

#: Query forms that give a table.
READ_FORMS = ("SELECT", "ASK")
_ALL_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE", "INSERT", "DELETE", "LOAD",
              "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH")

# Lexing just enough SPARQL to find keywords and variables outside comments, strings
# and IRIs (the grammar's IRIREF excludes spaces, so `?a < ?b` is not an IRI).
_LEX = re.compile(r'''
    (?P<comment>\#[^\n]*)
  | (?P<string>"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^'\\]|\\.|'(?!''))*\'\'\'
              |"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$][\w\u00B7]+)
  | (?P<word>[A-Za-z_][A-Za-z0-9_\-]*(?::[^\s{}();,]*)?)
''', re.VERBOSE | re.DOTALL)


class QueryError(Exception):
    """A query that cannot run: bad syntax, a form that gives no table, a refused
    clause, an unknown parameter, or a graph file that cannot be read."""


def scan_query(text: str) -> tuple[list[str], set[str]]:
    """(keywords in order, upper-cased; variable names used) outside comments, strings
    and IRIs. Prefixed names (``kg:x``) are not keywords."""
    words: list[str] = []
    variables: set[str] = set()
    for m in _LEX.finditer(text):
        if m.lastgroup == "var":
            variables.add(m.group()[1:])
        elif m.lastgroup == "word" and ":" not in m.group():
            words.append(m.group().upper())
    return words, variables


def check_query(text: str, params: Mapping[str, Any] | None = None,
                allow_service: bool = False) -> str:
    """Refuse what ``kg query`` must not run; return the query form (SELECT or ASK)."""
    words, variables = scan_query(text)
    form = next((w for w in words if w in _ALL_FORMS), "")
    if form and form not in READ_FORMS:
        kind = "an update" if form not in ("CONSTRUCT", "DESCRIBE") else f"a {form} query"
        raise QueryError(f"this is {kind} ({form}); kg query runs SELECT and ASK queries only")
    if "SERVICE" in words and not allow_service:
        raise QueryError("the query calls a remote endpoint (SERVICE); "
                         "run it with --allow-service if you trust it")
    unknown = sorted(set(params or {}) - variables)
    if unknown:
        raise QueryError("--param " + ", ".join(unknown) + ": the query has no variable "
                         + ", ".join("?" + n for n in unknown))
    return form


def _syntax_error(text: str, exc: SyntaxError) -> QueryError:
    """Oxigraph's message, shortened, with the offending line and a caret."""
    msg = str(exc)
    m = re.match(r"error at (\d+):(\d+): (.*)", msg, re.DOTALL)
    if not m:
        return QueryError(f"SPARQL syntax error: {msg.splitlines()[0] if msg else exc}")
    line, col, what = int(m.group(1)), int(m.group(2)), " ".join(m.group(3).split())
    if len(what) > 120:
        what = what[:117] + "..."
    lines = text.splitlines()
    src = lines[line - 1] if 0 < line <= len(lines) else ""
    caret = " " * sum(2 if unicodedata.east_asian_width(c) in "WF" else 1
                      for c in src[:max(col - 1, 0)]) + "^"
    return QueryError(f"SPARQL syntax error at line {line}, column {col}: {what}\n"
                      f"  {src}\n  {caret}")


# --- cells ------------------------------------------------------------------------

# \w, not explicit Unicode ranges: those take a quarter second to compile at start-up.
_LOCAL = re.compile(r"\w[\w\-\u00B7]*")
_BY_LENGTH = sorted(((p, str(ns)) for p, ns in PREFIXES.items()), key=lambda pn: -len(pn[1]))


def iri_text(iri: str) -> str:
    """An IRI as a prefixed name (``kg:Meeting``) where one fits, else ``<iri>``."""
    for p, ns in _BY_LENGTH:
        if iri.startswith(ns) and _LOCAL.fullmatch(iri[len(ns):]):
            return f"{p}:{iri[len(ns):]}"
    return f"<{iri}>"


def _rdflib_cell(term: object) -> str:
    from rdflib import BNode, URIRef

    if term is None:
        return ""
    if isinstance(term, URIRef):
        return iri_text(str(term))
    if isinstance(term, BNode):
        return "_:" + str(term)
    return str(term)


def _ox_cell(term: object) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        return iri_text(term.value)
    if isinstance(term, ox.BlankNode):
        return "_:" + term.value
    if isinstance(term, ox.Literal):
        return term.value
    return str(term)


# --- running ---------------------------------------------------------------------

def load_graph(path: str | os.PathLike[str]) -> Graph:
    """Parse a Turtle file into an rdflib graph (the format is guessed from the suffix
    otherwise); a file that is not Turtle raises :class:`QueryError` naming it."""
    from rdflib import Graph

    from kg.graph.namespaces import bind_prefixes

    g = bind_prefixes(Graph())
    p = Path(path)
    try:
        g.parse(p, format="turtle" if p.suffix in (".ttl", "") else None)
    except Exception as exc:  # rdflib raises many types for bad input
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise QueryError(f"{path}: not valid Turtle ({first})") from None
    return g


def _run_rdflib(graph: Graph, text: str, params: Mapping[str, Any]
                ) -> tuple[list[str], list[tuple[str, ...]]]:
    from rdflib import Literal, Variable

    from kg.graph.namespaces import bind_prefixes

    bind_prefixes(graph)
    bindings = {Variable(k): Literal(v) for k, v in sorted(params.items())}
    try:
        result = graph.query(text, initNs={p: str(ns) for p, ns in PREFIXES.items()},
                             initBindings=bindings or None)
    except Exception as exc:  # pyparsing's ParseException and friends
        raise QueryError(f"SPARQL error: {exc}") from None
    if result.type == "ASK":
        return ["ask"], [("true" if result.askAnswer else "false",)]
    columns = [str(v) for v in (result.vars or [])]
    return columns, [tuple(_rdflib_cell(row[i]) for i in range(len(columns))) for row in result]


def _sparql_string(value: str) -> str:
    return '"' + (value.replace("\\", "\\\\").replace('"', '\\"')
                  .replace("\n", "\\n").replace("\r", "\\r")) + '"'


def substitute_variables(text: str, values: Mapping[str, str]) -> str:
    """``text`` with every ``?name``/``$name`` outside comments, strings and IRIs
    replaced by the plain literal of ``values[name]`` (how rdflib's initBindings and
    SEP-0007 bind a variable everywhere, also inside nested groups and filters)."""
    out, last = [], 0
    for m in _LEX.finditer(text):
        if m.lastgroup == "var" and m.group()[1:] in values:
            out += [text[last:m.start()], _sparql_string(values[m.group()[1:]])]
            last = m.end()
    return "".join(out) + text[last:]


def _run_oxigraph(store: ox.Store, text: str, params: Mapping[str, Any]
                  ) -> tuple[list[str], list[tuple[str, ...]]]:
    prefixes = {p: str(ns) for p, ns in PREFIXES.items()}
    try:  # parsing is eager and evaluation lazy: this checks the user's own text
        ox.Store().query(text, prefixes=prefixes)
    except SyntaxError as exc:
        raise _syntax_error(text, exc) from None
    # Oxigraph substitutes only variables the SELECT projects (they stay as columns);
    # the others (a filter's ?year) are bound by replacing them in the text.
    subs: dict[ox.Variable, ox.Literal] = {}
    inline: dict[str, str] = {}
    for k, v in sorted(params.items()):
        var, lit = ox.Variable(k), ox.Literal(str(v))
        try:
            ox.Store().query(text, prefixes=prefixes, substitutions={var: lit})
            subs[var] = lit
        except RuntimeError:
            inline[k] = str(v)
    query = substitute_variables(text, inline) if inline else text
    try:
        result = store.query(query, prefixes=prefixes, substitutions=subs or None)
    except SyntaxError:
        raise QueryError("--param " + ", ".join(sorted(inline)) + ": cannot bind "
                         "this variable here (it is assigned in the query)") from None
    if isinstance(result, ox.QueryBoolean):
        return ["ask"], [("true" if bool(result) else "false",)]
    if not isinstance(result, ox.QuerySolutions):
        raise QueryError("only SELECT and ASK queries give tables")
    columns = [v.value for v in result.variables]
    try:
        rows = [tuple(_ox_cell(sol[i]) for i in range(len(columns))) for sol in result]
    except (OSError, RuntimeError) as exc:  # evaluation errors surface while iterating
        raise QueryError(f"query failed: {exc}") from None
    return columns, rows


def run_query(graph_or_path: Graph | ox.Store | str | os.PathLike[str], query_text: str,
              params: Mapping[str, str | int] | None = None, *,
              allow_service: bool = False) -> tuple[list[str], list[tuple[str, ...]]]:
    """Run a SELECT (or ASK) query; return (column names, rows of cell strings).

    ``graph_or_path`` is a built Turtle file (queried on its Oxigraph store when
    ``kg build`` wrote one), an Oxigraph store, or an rdflib graph. ``params`` binds
    query variables (``{"name": "张三"}`` binds ``?name`` to the plain literal "张三"),
    which is how ``queries/itinerary.rq`` is narrowed to one person; a name the query
    does not use is an error. ASK gives one column ``ask`` with "true"/"false".
    Raises :class:`QueryError` for anything that cannot run.
    """
    params = dict(params or {})
    check_query(query_text, params, allow_service)
    rdflib = sys.modules.get("rdflib")  # not imported: the argument is no rdflib graph
    if rdflib is not None and isinstance(graph_or_path, rdflib.Graph):
        return _run_rdflib(graph_or_path, query_text, params)
    if isinstance(graph_or_path, ox.Store):
        return _run_oxigraph(graph_or_path, query_text, params)
    path = Path(graph_or_path)
    if not path.is_file():
        raise QueryError(f"{path}: no such file (run kg build first)")
    try:
        store = query_store(path)
    except StoreError as exc:
        raise QueryError(str(exc)) from None
    return _run_oxigraph(store, query_text, params)


def read_query(arg: str) -> str:
    """The query text for ``kg query ARG``: the file ARG when it names one, else ARG
    itself; a name that looks like a file (``.rq``/``.sparql``, or a path with no
    space or brace) but is missing raises :class:`QueryError` instead of being run."""
    p = Path(arg)
    if p.is_file():
        try:
            return p.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise QueryError(f"{arg}: cannot read the query ({exc})") from None
    looks_like_file = p.suffix.lower() in (".rq", ".sparql") or not re.search(r"[\s{}]", arg)
    if looks_like_file:
        raise QueryError(f"{arg}: no such query file")
    return arg


def text_width(text: str) -> int:
    """Display width in a terminal: East-Asian wide and full-width characters count 2."""
    if text.isascii():  # no wide and no combining characters
        return len(text)
    width = 0
    for ch in text:
        if unicodedata.combining(ch):
            continue
        width += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return width


def format_table(columns: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """An aligned plain-text table (Chinese width-aware) with a header rule and a count."""
    cells = [[str(c).replace("\n", " ") for c in row] for row in rows]
    # Each distinct text measured once: a long itinerary repeats names, kinds, roles
    # and places in every row (measuring was a quarter of `kg query`'s time).
    known: dict[str, int] = {}

    def width_of(text: str) -> int:
        w = known.get(text)
        if w is None:
            w = known[text] = text_width(text)
        return w

    widths = [width_of(c) for c in columns]
    for row in cells:
        for i, c in enumerate(row):
            widths[i] = max(widths[i], width_of(c))

    def line(row: Sequence[str]) -> str:
        return "  ".join(c + " " * (w - width_of(c)) for c, w in zip(row, widths)).rstrip()

    lines = [line(columns), "  ".join("-" * w for w in widths)]
    lines += [line(row) for row in cells]
    lines.append(f"({len(cells)} row{'s' if len(cells) != 1 else ''})")
    return "\n".join(lines)


def shipped_query(name: str) -> str:
    """The text of a shipped query by name (``"itinerary"`` or ``"itinerary.rq"``)."""
    fname = name if name.endswith(".rq") else name + ".rq"
    return (QUERIES_DIR / fname).read_text(encoding="utf-8")
