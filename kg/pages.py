"""The map step: one page in, one processed page out (pure, in worker processes).

:func:`process_page` segments, dates and annotates a read page (:mod:`kg.cache` wraps
it with reading and the page cache). Nothing here looks at other pages, so this module
and what it imports are exactly what a cached page depends on:
:func:`kg.cache.fingerprint_of` hashes them (and the data files), not the cache, graph
or export code, so changing those keeps every cached extraction. ``tests/test_cache.py``
checks that every ``kg`` module this one imports, directly or not, is inside the
fingerprint.
"""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

from kg.doc import Doc
from kg.extracting.dates import infer_page_date
from kg.extracting.entities import register_view
from kg.extracting.events import extract_events
from kg.extracting.mentions import extract_mentions, graph_worthy
from kg.extracting.persons import bind_home_posts, find_posts
from kg.model import Article, Evidence, Page, PostHolding, event_key
from kg.reading.files import date_override_for
from kg.segmenting.articles import segment_page
from kg.segmenting.leads import date_article_dateline

log = logging.getLogger(__name__)

# --- per page ------------------------------------------------------------

def date_page(page: Page, override: dt.date | None = None) -> None:
    """Set the page's publication date: command line, then side file/file name, then text."""

    if override is not None:
        page.date, page.date_method = override, "given on the command line"
        return
    d, method = date_override_for(Path(page.path))
    if d is not None:
        page.date, page.date_method = d, method
        return
    if page.date is not None:  # read with the page (an HTML page's metadata)
        return
    headlines = [a.headline for a in page.articles]
    page.date, page.date_method = infer_page_date(page.text, headlines=headlines)
    if page.date is None:
        page.warnings.append(f"publication date not found ({page.date_method})")


def annotate_article(article: Article, home: str | None) -> None:
    """Find mentions, posts and events in one article (fills the article in place)."""

    doc = Doc(article.text)  # normalised text and jieba tokens, computed once
    article.mentions = [m for m in extract_mentions(doc, home=home,
                                                    tagger_types=frozenset({"person"}))
                        if graph_worthy(m)]
    article.posts = []
    # all mentions, so that each post is bound to the place or body printed with it
    posts = find_posts(article.text, article.mentions)
    bind_home_posts(posts, home)  # 市委书记 in a city paper: the paper's own city
    for pm in posts:
        s, e = article.page_span(pm.start, pm.end)
        article.posts.append(PostHolding(
            person=pm.person, post=pm.post, article_id=article.id, date=article.date,
            org=pm.org, evidence=Evidence(article.id, article.text[pm.start:pm.end], s, e),
            unit=pm.unit, unit_type=pm.unit_type))
    article.events = extract_events(article, article.date)
    for ev in article.events:
        if not ev.key:
            ev.key = event_key(article.id, ev.kind, ev.date, ev.label)


def process_page(page: Page, *, home: str | None = None,
                 page_date: dt.date | None = None) -> Page:
    """Segment a page into articles, date it, annotate every article, and resolve its
    names against the register (``page.register``)."""

    page.articles = segment_page(page)
    date_page(page, page_date)
    if not page.articles:
        page.warnings.append("no article recognised")
    for article in page.articles:
        article.date = page.date
        date_article_dateline(article, page.date)
        annotate_article(article, home)
    # What merging the page into an archive's tables asks of the register, answered
    # here: the process that holds the tables then never loads it.
    page.register = register_view(page, home)
    return page


def slim(page: Page) -> Page:
    """Drop what only extraction needs (page text, per-character offsets) to bound memory.

    Facts keep their evidence (sentence and page span), so nothing reported is lost.
    """
    page.text = ""
    for a in page.articles:
        a.offsets = []
    return page


__all__ = ["annotate_article", "date_page", "process_page", "slim"]
