"""The property-graph exports (GraphML, people GraphML, GEXF) from one shared projection.

Each writer can project the RDF graph itself, but the projection is the larger part of
their cost and of their memory; a build that writes all three should project once,
here, and let the projection go when they are written.
"""

from __future__ import annotations

from pathlib import Path

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
                          parallel: bool = False) -> dict[str, Path]:
    """Write ``kg.graphml``, ``kg-people.graphml`` and ``kg.gexf`` into ``out_dir``.

    Projects ``graph`` once (or uses ``pg``, its projection, when given); each file is
    streamed and written atomically. Returns file name -> path, in ``NETWORK_FILES``
    order. The bytes are the same as from the three writers called one by one. With
    ``parallel`` (and ``os.fork``), the GEXF is written by a forked child while this
    process writes the two GraphML files (a third of an archive update's time).
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    pg = pg if pg is not None else to_property_graph(graph)
    gexf_job = None
    if parallel and can_fork():
        column_types(pg)  # both files need it: computed once, before the fork shares it
        gexf_job = Forked(lambda: write_gexf(graph, out / "kg.gexf", pg=pg))
    try:
        write_graphml(graph, out / "kg.graphml", pg=pg)
        write_people_graphml(graph, out / "kg-people.graphml", pg=pg)
        if gexf_job is not None:
            gexf_job.result()
        else:
            write_gexf(graph, out / "kg.gexf", pg=pg)
    finally:
        if gexf_job is not None:
            gexf_job.cancel()
    return {name: out / name for name in NETWORK_FILES}
