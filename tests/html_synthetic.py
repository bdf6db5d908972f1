"""A synthetic archive-sized projection for the HTML view's tests (invented names only).

Builds the networkx graph ``kg.export.project.to_property_graph`` would return for years
of news, without paying for RDF: persons with skewed activity (a few leaders in many
events, most people in one or two), places in a three-level hierarchy, organisations,
dated events with roles, places and evidence, articles that report them and mention
everyone, posts held.
"""

from __future__ import annotations

import datetime as dt
import random

import networkx as nx

_SURNAMES = "赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许何吕施张孔曹严华金魏陶姜"
_GIVEN = "安邦晨德恩芳刚海华佳建杰俊康丽林明宁平奇强庆荣森涛伟文霞翔新雪洋毅勇宇云正志中"
_KINDS = ("Meeting", "Inspection", "Visit", "Talk", "Ceremony")
_ROLES = ("leader", "chair", "speaker", "attendee", "host", "guest", "visited")
_POSTS = ("书记", "市长", "县长", "主任", "局长", "委员", "主席", "部长")


def _name(rng: random.Random, used: set[str]) -> str:
    while True:
        n = rng.choice(_SURNAMES) + "".join(rng.choice(_GIVEN) for _ in range(rng.choice((1, 2))))
        if n not in used:
            used.add(n)
            return n


def archive_projection(persons: int = 5000, events: int = 40000, articles: int = 10000,
                       seed: int = 1) -> nx.MultiDiGraph:
    """An invented archive: ``persons`` persons, ``events`` events over ~4 years."""
    rng = random.Random(seed)
    pg = nx.MultiDiGraph()
    used: set[str] = set()
    base = "https://example.org/"
    people = [f"{base}person/{i:05d}" for i in range(persons)]
    for p in people:
        pg.add_node(p, type="person", label=_name(rng, used), kind="Person")
    provinces = [f"{base}place/p{i}" for i in range(30)]
    places: list[str] = []
    for i, p in enumerate(provinces):
        pg.add_node(p, type="place", label=f"青{_GIVEN[i]}省", kind="Province", level="province")
        places.append(p)
        for j in range(8):
            c = f"{p}/c{j}"
            pg.add_node(c, type="place", label=f"{_GIVEN[i]}{_GIVEN[j + 10]}市", kind="City",
                        level="city")
            pg.add_edge(c, p, key="containedInPlace", label="containedInPlace")
            places.append(c)
            for k in range(6):
                t = f"{c}/t{k}"
                pg.add_node(t, type="place", label=f"{_GIVEN[i]}{_GIVEN[j + 10]}{_GIVEN[k + 20]}县",
                            kind="County", level="county")
                pg.add_edge(t, c, key="containedInPlace", label="containedInPlace")
                places.append(t)
    orgs = [f"{base}org/{i:04d}" for i in range(500)]
    for i, o in enumerate(orgs):
        pg.add_node(o, type="organisation", label=f"第{i}号示例委员会", kind="Organisation")
    posts = [f"{base}post/{p}" for p in _POSTS]
    for p, t in zip(posts, _POSTS):
        pg.add_node(p, type="post", label=t, kind="Post")
    start = dt.date(2019, 1, 1)
    arts = [f"{base}article/{i:06d}" for i in range(articles)]
    for i, a in enumerate(arts):
        day = start + dt.timedelta(days=i * 1460 // articles)
        pg.add_node(a, type="article", label=f"示例报道标题第{i}篇", kind="NewsArticle",
                    date=day.isoformat(), source=f"{day:%Y%m%d}.txt", position=i % 10)
    # Activity is skewed: weights ~ 1/rank, as in the news.
    cum: list[float] = []
    total = 0.0
    for r in range(persons):
        total += 1.0 / (r + 1) ** 0.9
        cum.append(total)
    for i in range(events):
        e = f"{base}event/{i:06d}"
        a = arts[i * articles // events]
        day = pg.nodes[a]["date"]
        kind = _KINDS[i % len(_KINDS)]
        who = sorted(set(rng.choices(people, cum_weights=cum, k=rng.choice((1, 2, 3, 4)))))
        where = sorted(set(rng.choices(places, k=rng.choice((1, 1, 2)))))
        lead = pg.nodes[who[0]]["label"]
        pg.add_node(e, type="event", kind=kind, label=f"{lead}{kind}活动", date=day,
                    evidence=f"{day}，{lead}在{pg.nodes[where[0]]['label']}参加示例活动。",
                    status="happened")
        pg.add_edge(e, a, key="wasDerivedFrom", label="wasDerivedFrom")
        for p in who:
            r = rng.choice(_ROLES)
            pg.add_edge(e, p, key=r, label=r)
            pg.add_edge(a, p, key="mentions", label="mentions")
        for pl in where:
            pg.add_edge(e, pl, key="hasPlace", label="hasPlace")
            pg.add_edge(a, pl, key="mentions", label="mentions")
        if i % 7 == 0:
            pg.add_edge(a, orgs[i % len(orgs)], key="mentions", label="mentions")
        if i % 5 == 0:
            pg.add_edge(who[0], posts[i % len(posts)], key=f"holdsPost#{i}", label="holdsPost",
                        statedOn=day, article=a)
    return pg
