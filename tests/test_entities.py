"""A page's names resolved in the worker (kg.extracting.entities.register_view) merge into
the same tables as when the merging process asks the register itself, and that process
then never loads the register."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest

import kg.extracting.entities as entities
import kg.extracting.places as places_mod
from kg.extracting.gazetteer import get_gazetteer
from kg.extracting.orgs import org_place
from kg.extracting.places import place_of
from kg.model import (Article, Corpus, Event, Mention, Organisation, Page, Person, PlaceRef,
                      PostHolding)
from kg.pages import process_page
from kg.reading.files import read_page

ROOT = Path(__file__).resolve().parent.parent

# Made-up names; real register units (衡阳市 430400, 北京市 110000) and a place the
# register lacks (a venue), an organisation named after a city, an event place only.
TEXT = ("本报讯 3月12日，衡阳市委书记韩立新在衡阳市体育中心出席衡阳市社会福利中心揭牌仪式。"
        "北京市发展和改革委员会主任钱明华参加。")


def _reference_resolve(corpus: Corpus, page: Page) -> None:
    """The merge as it was before views: every question asked of the register, in the
    merging process, and an organisation's seat read when it is new to the table."""
    gaz = get_gazetteer()
    for article in page.articles:
        for r in article.reporters:
            corpus.persons.setdefault(r.name, Person(r.name)).is_reporter = True
        by_key = {}
        places = [m for m in article.mentions if m.type == "place"]
        for m in article.mentions:
            if m.type == "person":
                corpus.persons.setdefault(m.name, Person(m.name))
            elif m.type == "organization":
                key = m.key or m.name
                if key not in corpus.organisations:
                    where = org_place(m, None, gaz, places)
                    corpus.organisations[key] = Organisation(name=m.name, kind=m.level,
                                                             place=where)
                    if where in gaz:
                        entities._add_place(corpus, gaz, gaz.place(where))
            elif m.type == "place" and m.key:
                by_key.setdefault(m.key, m)
        for ev in article.events:
            for ref in ev.places:
                if ref.key not in by_key and ref.key not in corpus.places:
                    try:
                        entities._add_place(corpus, gaz, gaz.place(ref.key))
                    except KeyError:
                        pass
        for key in sorted(by_key):
            entities._add_place(corpus, gaz, place_of(by_key[key], gaz))
        for ph in article.posts:
            corpus.persons.setdefault(ph.person, Person(ph.person)).posts.append(ph)
            if ph.unit_type == "place" and ph.unit in gaz:
                entities._add_place(corpus, gaz, gaz.place(ph.unit))


def _tables(pages: list[Page], with_views: bool) -> Corpus:
    corpus = Corpus()
    for page in pages:
        page = copy.deepcopy(page)
        if with_views:
            entities.resolve_page(corpus, page)
        else:
            _reference_resolve(corpus, page)
    return corpus


def _seed_pages() -> list[Page]:
    return [process_page(read_page(p)) for p in sorted((ROOT / "seeds").glob("*.txt"))]


def test_views_give_the_tables_the_register_gives() -> None:
    pages = _seed_pages()
    assert all(p.register is not None and p.register.places for p in pages)
    # in order and reversed: a table already holding keys asks the view less
    for order in (pages, pages[::-1]):
        a, b = _tables(order, True), _tables(order, False)
        assert a.places == b.places and list(a.places) == list(b.places)
        assert a.organisations == b.organisations
        assert list(a.organisations) == list(b.organisations)
        assert a.persons == b.persons


def test_a_hand_made_page_is_resolved_against_the_register() -> None:
    art = Article(id="p/0", source="p.txt", index=0, headline="", text=TEXT)
    i = TEXT.index("衡阳市社会福利中心")
    art.mentions = [
        Mention("衡阳市", i, i + 3, "place", "衡阳市", key="430400", level="city"),
        Mention("衡阳市社会福利中心", i, i + 9, "organization", "衡阳市社会福利中心",
                level="other"),
        Mention("韩立新", 0, 3, "person", "韩立新"),
    ]
    art.events = [Event("Meeting", "揭牌仪式", "p/0", places=[PlaceRef("110000")])]
    art.posts = [PostHolding("韩立新", "市委书记", "p/0", unit="430400", unit_type="place")]
    page = Page(source="p.txt", path="p.txt", text=TEXT, articles=[art])
    corpus = Corpus()
    entities.resolve_page(corpus, page)
    assert corpus.organisations["衡阳市社会福利中心"].place == "430400"
    assert {"430400", "430000", "110000"} <= set(corpus.places)
    view = entities.register_view(page)
    assert view.org_seats == {"衡阳市社会福利中心": org_place(
        art.mentions[1], None, get_gazetteer(), [art.mentions[0]])}
    assert "430400" in view and "unresolved/x" not in view


def test_merging_pages_with_views_never_asks_the_register(monkeypatch) -> None:
    pages = _seed_pages()

    def refuse(*_a, **_kw):
        raise AssertionError("the register was asked while merging")

    monkeypatch.setattr(entities, "get_gazetteer", refuse)
    monkeypatch.setattr(entities, "org_place", refuse)
    monkeypatch.setattr(places_mod, "get_gazetteer", refuse)
    monkeypatch.setattr(places_mod, "_jieba_tags", refuse)
    corpus = Corpus()
    for page in pages:
        entities.resolve_page(corpus, page)
    assert corpus.places and corpus.organisations
    page = copy.deepcopy(pages[0])
    page.register = None  # without its view, the page needs the register
    with pytest.raises(AssertionError, match="register was asked"):
        entities.resolve_page(Corpus(), page)


def test_a_record_made_with_another_home_is_not_used(monkeypatch) -> None:
    # An organisation's seat depends on the home city (市委 -> the home city): a page
    # resolved with one home and merged with another is resolved again.
    page = _seed_pages()[0]
    made = []
    real = entities.register_view

    def counting(p, home=None, gaz=None):
        made.append(home)
        return real(p, home, gaz)

    monkeypatch.setattr(entities, "register_view", counting)
    entities.resolve_page(Corpus(), copy.deepcopy(page))
    assert made == []
    entities.resolve_page(Corpus(), copy.deepcopy(page), "430400")
    assert made == ["430400"]
