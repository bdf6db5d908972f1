"""The project's prefixes as plain strings (no rdflib), for code that must start fast
(``kg query``). :mod:`kg.graph.namespaces` builds its rdflib namespaces from these."""

from __future__ import annotations

#: prefix -> namespace IRI, in the order they are bound.
PREFIX_IRIS: dict[str, str] = {
    "kg": "https://w3id.org/cnnews-kg/ontology#",
    "id": "https://w3id.org/cnnews-kg/id/",
    "sem": "http://semanticweb.cs.vu.nl/2009/11/sem/",
    "schema": "https://schema.org/",
    "org": "http://www.w3.org/ns/org#",
    "prov": "http://www.w3.org/ns/prov#",
    "dcterms": "http://purl.org/dc/terms/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "owl": "http://www.w3.org/2002/07/owl#",
}
