"""RDF namespaces of the knowledge graph and the public vocabularies it is tied to.

One place for every IRI base, so that the graph builder, the exporters, the queries and
the tests agree. The prefixes are the ones ``ontology/README.md`` documents.
"""

from __future__ import annotations

from rdflib import Graph, Namespace
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, XSD

#: The project's own ontology (classes and properties).
KG = Namespace("https://w3id.org/cnnews-kg/ontology#")
#: Base of every resource the pipeline mints (person/…, place/…, event/…).
ID = Namespace("https://w3id.org/cnnews-kg/id/")
#: Simple Event Model.
SEM = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
#: schema.org, with https as the contract says.
SCHEMA = Namespace("https://schema.org/")
#: W3C Organization ontology (posts and memberships).
ORG = Namespace("http://www.w3.org/ns/org#")

__all__ = ["KG", "ID", "SEM", "SCHEMA", "ORG", "PROV", "DCTERMS", "RDF", "RDFS", "XSD",
           "OWL", "PREFIXES", "bind_prefixes"]

#: prefix -> namespace, in the order they are bound.
PREFIXES: dict[str, Namespace] = {
    "kg": KG,
    "id": ID,
    "sem": SEM,
    "schema": SCHEMA,
    "org": ORG,
    "prov": PROV,
    "dcterms": DCTERMS,
    "rdf": Namespace(str(RDF)),
    "rdfs": Namespace(str(RDFS)),
    "xsd": Namespace(str(XSD)),
    "owl": Namespace(str(OWL)),
}


def bind_prefixes(graph: Graph) -> Graph:
    """Bind the project's prefixes on ``graph`` (replacing clashing ones); return it."""
    for prefix, ns in PREFIXES.items():
        # replace=True: rdflib may have bound e.g. "schema" to http://schema.org/.
        graph.bind(prefix, ns, override=True, replace=True)
    return graph


def sparql_prologue() -> str:
    """PREFIX lines for every project prefix, to prepend to SPARQL query text."""
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())
