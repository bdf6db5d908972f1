"""Reading a user's Turtle file (a built graph) with one-line errors instead of tracebacks."""

from __future__ import annotations

import os
from pathlib import Path

from rdflib import Graph

from kg.terminal import shown

__all__ = ["GraphFileError", "read_turtle_file"]


class GraphFileError(ValueError):
    """A graph file that cannot be read: ``"<path>: <problem>"`` on one line."""


def read_turtle_file(path: str | os.PathLike[str], graph: Graph | None = None) -> Graph:
    """Parse the Turtle file ``path`` into ``graph`` (a new one by default).

    Raises :class:`GraphFileError` naming the file and, for a syntax error, the line
    and what the parser says, when it is missing, not a file, not UTF-8 or not Turtle.
    """
    from rdflib.plugins.parsers.notation3 import BadSyntax

    p = Path(path)
    g = graph if graph is not None else Graph()
    if not p.exists():
        raise GraphFileError(f"{shown(p)}: no such file (run kg build first)")
    if not p.is_file():
        raise GraphFileError(f"{shown(p)}: not a file")
    try:
        g.parse(p, format="turtle")
    except BadSyntax as err:
        why = " ".join(str(getattr(err, "_why", "") or "bad syntax").split())
        raise GraphFileError(f"{shown(p)}: not Turtle (line {err.lines + 1}: {why[:200]})") \
            from None
    except UnicodeDecodeError as err:
        raise GraphFileError(f"{shown(p)}: not Turtle (not UTF-8 text at byte {err.start:,})") \
            from None
    except OSError as err:
        raise GraphFileError(f"{shown(p)}: cannot read ({err.strerror or err})") from None
    except Exception as err:  # rdflib raises assorted errors on malformed terms
        msg = " ".join(str(err).split())[:200]
        raise GraphFileError(f"{shown(p)}: not Turtle ({type(err).__name__}: {msg})") from None
    return g
