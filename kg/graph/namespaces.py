"""RDF namespaces of the knowledge graph and the public vocabularies it is tied to.

One place for every IRI base, so that the graph builder, the exporters, the queries and
the tests agree. The prefixes are the ones ``ontology/README.md`` documents.
"""

from __future__ import annotations

from rdflib import Graph, Namespace
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, XSD

from kg.graph.prefixes import PREFIX_IRIS



class CachedNamespace(Namespace):
    """An rdflib ``Namespace`` that keeps each term it mints.

    ``Namespace.__getattr__`` builds a new ``URIRef`` on every access (about 6 µs);
    the graph builder names a predicate for every triple, 800,000 times for the
    transcript archive. The terms are the same; only the lookups are cheaper.
    """

    def __getattr__(self, name: str):  # type: ignore[no-untyped-def]
        term = super().__getattr__(name)  # AttributeError for dunders, as before
        self.__dict__[name] = term
        return term


#: The project's own ontology (classes and properties).
KG = CachedNamespace(PREFIX_IRIS["kg"])
#: Base of every resource the pipeline mints (person/…, place/…, event/…).
ID = CachedNamespace(PREFIX_IRIS["id"])
#: Simple Event Model.
SEM = CachedNamespace(PREFIX_IRIS["sem"])
#: schema.org, with https as the contract says.
SCHEMA = CachedNamespace(PREFIX_IRIS["schema"])
#: W3C Organization ontology (posts and memberships).
ORG = CachedNamespace(PREFIX_IRIS["org"])

__all__ = ["CachedNamespace", "KG", "ID", "SEM", "SCHEMA", "ORG", "PROV", "DCTERMS", "RDF", "RDFS", "XSD",
           "OWL", "PREFIXES", "bind_prefixes"]

#: prefix -> namespace, in the order they are bound.
PREFIXES: dict[str, Namespace] = {p: Namespace(iri) for p, iri in PREFIX_IRIS.items()}


def bind_prefixes(graph: Graph) -> Graph:
    """Bind the project's prefixes on ``graph`` (replacing clashing ones); return it."""
    for prefix, ns in PREFIXES.items():
        # replace=True: rdflib may have bound e.g. "schema" to http://schema.org/.
        graph.bind(prefix, ns, override=True, replace=True)
    return graph


def sparql_prologue() -> str:
    """PREFIX lines for every project prefix, to prepend to SPARQL query text."""
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())
