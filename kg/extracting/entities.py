"""A page's persons, places and organisations as entries of the entity tables.

Two halves of one rule, so that they cannot drift apart:

* :func:`register_view`, with the page in the worker: runs the merge below on an
  empty table against the register, and keeps every answer the register gave
  (:class:`kg.model.RegisterView`) and each organisation's seat;
* :func:`resolve_page`, in the process that holds the tables: the same merge against
  the page's view, so merging an archive's pages loads neither the register nor the
  word segmenter.

The merge asks the view a subset of what the worker asked (a table already holding a
key asks nothing about it, and the global table holds at least what the page's own
does), so the view answers every question as the register would: the tables are the
same either way.
"""

from __future__ import annotations

import logging
from typing import Protocol

from kg.extracting.gazetteer import Gazetteer, get_gazetteer
from kg.extracting.orgs import org_place
from kg.extracting.places import place_of
from kg.model import Corpus, Organisation, Page, Person, Place, RegisterView

log = logging.getLogger(__name__)


class _Register(Protocol):
    def __contains__(self, key: str) -> bool: ...
    def place(self, key: str) -> Place: ...


class _Recorder:
    """The register, remembering its answers in a view (every key found in it, with
    its place; ``unresolved/`` places too, which it builds from the key alone)."""

    def __init__(self, gaz: Gazetteer, view: RegisterView) -> None:
        self.gaz, self.view = gaz, view

    def __contains__(self, key: str) -> bool:
        if key in self.view.places:
            return key in self.view
        if key in self.gaz:
            self.view.places[key] = self.gaz.place(key)
            return True
        return False

    def place(self, key: str) -> Place:
        p = self.view.places.get(key)
        if p is None:
            p = self.view.places[key] = self.gaz.place(key)  # KeyError passes through
        return p


def register_view(page: Page, home: str | None = None,
                  gaz: Gazetteer | None = None) -> RegisterView:
    """What resolving ``page``'s names needs of the register (runs with the page)."""
    gaz = gaz or get_gazetteer()
    view = RegisterView(home=home)
    for article in page.articles:
        places = [m for m in article.mentions if m.type == "place"]
        for m in article.mentions:
            if m.type == "organization":
                key = m.key or m.name
                if key not in view.org_seats:
                    view.org_seats[key] = org_place(m, home, gaz, places)
    _merge(Corpus(), page, _Recorder(gaz, view), view.org_seats, keep_posts=False)
    return view


def resolve_page(corpus: Corpus, page: Page, home: str | None = None, *,
                 keep_posts: bool = True) -> None:
    """Merge one page's persons, places and organisations into ``corpus``'s tables
    (the first description of an organisation or place wins). With ``keep_posts`` each
    person's post holdings are listed on it too (the graph reads them from the page).

    Reads the page's :class:`~kg.model.RegisterView` where it has one made with the
    same ``home`` (pages from :func:`kg.pages.process_page`); otherwise the page is
    resolved against the register here, to the same tables."""
    view = page.register
    if view is None or view.home != home:
        view = register_view(page, home)
    _merge(corpus, page, view, view.org_seats, keep_posts=keep_posts)


def resolve_entities(corpus: Corpus, home: str | None = None) -> None:
    """Merge the persons, places and organisations of all articles into the corpus.

    Every place comes with its chain of containing units up to the province, so the
    graph can say ``schema:containedInPlace`` all the way up. A left fold over the
    pages in input order (:func:`resolve_page` one page at a time gives the same tables).
    """
    for page in corpus.pages:
        resolve_page(corpus, page, home)


def _merge(corpus: Corpus, page: Page, reg: _Register, seats: dict[str, str], *,
           keep_posts: bool) -> None:
    for article in page.articles:
        for r in article.reporters:
            corpus.persons.setdefault(r.name, Person(r.name)).is_reporter = True
        by_key = {}
        for m in article.mentions:
            if m.type == "person":
                corpus.persons.setdefault(m.name, Person(m.name))
            elif m.type == "organization":
                key = m.key or m.name
                if key not in corpus.organisations:
                    where = seats.get(key, "")
                    corpus.organisations[key] = Organisation(name=m.name, kind=m.level,
                                                             place=where)
                    if where in reg:
                        _add_place(corpus, reg, reg.place(where))
            elif m.type == "place" and m.key:
                by_key.setdefault(m.key, m)
        for ev in article.events:
            for ref in ev.places:
                if ref.key not in by_key and ref.key not in corpus.places:
                    try:
                        _add_place(corpus, reg, reg.place(ref.key))
                    except KeyError:
                        log.debug("event place %s is not a known place", ref.key)
        for key in sorted(by_key):
            _add_place(corpus, reg, place_of(by_key[key], reg))  # type: ignore[arg-type]
        for ph in article.posts:
            person = corpus.persons.setdefault(ph.person, Person(ph.person))
            if keep_posts:
                person.posts.append(ph)
            if ph.unit_type == "place" and ph.unit in reg:
                _add_place(corpus, reg, reg.place(ph.unit))  # 国家主席 -> 中国


def _add_place(corpus: Corpus, reg: _Register, place: Place) -> None:
    """Add a place and the units containing it, up to the province."""
    if place.key in corpus.places:
        return
    corpus.places[place.key] = place
    parent = place.parent
    while parent and parent not in corpus.places:
        try:
            up = reg.place(parent)
        except KeyError:
            break
        corpus.places[parent] = up
        parent = up.parent


__all__ = ["register_view", "resolve_entities", "resolve_page"]
