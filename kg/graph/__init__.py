"""Facts to RDF: the ontology's only user; validation and SPARQL queries."""
