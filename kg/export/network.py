"""The property-graph exports (GraphML, people GraphML, GEXF) from one shared projection.

Each writer can project the RDF graph itself, but the projection is the larger part of
their cost and of their memory; a build that writes all three should project once,
here, and let the projection go when they are written.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

import networkx as nx
import rdflib

from kg.export.forked import Forked, can_fork
from kg.export.gexf import write_gexf
from kg.export.graphml import write_graphml, write_people_graphml
from kg.export.project import column_types, to_property_graph

#: File names written by ``write_network_exports``, in the order they are written.
NETWORK_FILES = ("kg.graphml", "kg-people.graphml", "kg.gexf")


def write_network_exports(graph: rdflib.Graph, out_dir: str | Path,
                          pg: nx.MultiDiGraph | None = None,
                          parallel: bool = False,
                          meanwhile: Callable[[], None] | None = None) -> dict[str, Path]:
    """Write ``kg.graphml``, ``kg-people.graphml`` and ``kg.gexf`` into ``out_dir``.

    Projects ``graph`` once (or uses ``pg``, its projection, when given); each file is
    streamed and written atomically. Returns file name -> path, in ``NETWORK_FILES``
    order. The bytes are the same as from the three writers called one by one. With
    ``parallel`` (and ``os.fork``), the GEXF and the two GraphML files are written by
    two forked children, while this process runs ``meanwhile`` (the HTML view): on an
    archive update the second core is otherwise idle then. Without, ``meanwhile`` runs
    after the files are written.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    pg = pg if pg is not None else to_property_graph(graph)

    def graphml_files() -> None:
        write_graphml(graph, out / "kg.graphml", pg=pg)
        write_people_graphml(graph, out / "kg-people.graphml", pg=pg)

    if not (parallel and can_fork()):
        graphml_files()
        write_gexf(graph, out / "kg.gexf", pg=pg)
        if meanwhile is not None:
            meanwhile()
        return {name: out / name for name in NETWORK_FILES}
    column_types(pg)  # every file needs it: computed once, before the forks share it
    jobs: list[Forked] = []
    try:  # a second fork that fails still cancels the first
        jobs.append(Forked(graphml_files))
        jobs.append(Forked(lambda: write_gexf(graph, out / "kg.gexf", pg=pg)))
        if meanwhile is not None:
            meanwhile()
        for job in jobs:
            job.result()
    finally:
        for job in jobs:
            job.cancel()
    return {name: out / name for name in NETWORK_FILES}
