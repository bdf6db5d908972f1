"""Pages to articles: headlines, bylines, leads, columns."""
