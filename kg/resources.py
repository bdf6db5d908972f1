"""Where the ontology and the shipped queries live, in a checkout or an installed copy.

In a checkout (and an editable install) they are the top-level ``ontology/`` and
``queries/`` folders; a regular ``pip install`` puts copies under
``<prefix>/share/kg-news/`` (see ``[tool.setuptools.data-files]`` in pyproject.toml).
"""

from __future__ import annotations

import sys
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # rdflib loads only when a graph is asked for (kg query starts fast)
    from rdflib import Graph

_CHECKOUT = Path(__file__).resolve().parent.parent
_INSTALLED = Path(sys.prefix) / "share" / "kg-news"


@lru_cache(maxsize=None)
def resource_dir(name: str) -> Path:
    """The folder ``ontology`` or ``queries``: the checkout's if present, else the installed copy."""
    for base in (_CHECKOUT, _INSTALLED):
        if (base / name).is_dir():
            return base / name
    return _CHECKOUT / name  # absent: callers report the missing file by this path


def ontology_dir() -> Path:
    return resource_dir("ontology")


def queries_dir() -> Path:
    return resource_dir("queries")


@lru_cache(maxsize=None)
def _triples(path: str) -> tuple:
    from rdflib import Graph

    g = Graph()
    g.parse(path, format="turtle")
    return tuple(g)


def load_turtle(path: Path) -> Graph:
    """A fresh graph holding the Turtle file ``path`` (parsed once per process, then
    copied, so callers may add to their graph freely)."""
    from rdflib import Graph

    g = Graph()
    for t in _triples(str(path)):
        g.add(t)
    return g
