"""Exporters: Turtle (:mod:`kg.export.turtle`), GraphML/GEXF and HTML views.

Every exporter writes through :mod:`kg.export.atomic`, so no half-written file is
ever left behind. Import the submodule you need; this package imports nothing heavy.
"""
