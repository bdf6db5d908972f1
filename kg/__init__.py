"""kg: turn Chinese local-newspaper pages into an event knowledge graph.

The pipeline, one way: pages -> articles -> mentions and facts (plain dataclasses,
:mod:`kg.model`) -> an rdflib graph (:mod:`kg.graph.build`) -> exporters (:mod:`kg.export`).
"""

__version__ = "0.1.0"
