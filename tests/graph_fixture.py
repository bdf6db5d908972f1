"""A small hand-built corpus with invented names, shared by the graph/Turtle/SHACL/query
tests. Nothing here comes from the seed pages: the places form a fictional province."""

from __future__ import annotations

import datetime as dt

from kg.model import (Article, Corpus, Event, Evidence, Mention, Organisation, Page,
                      Participant, Person, Place, PlaceRef, PostHolding, Reporter)

PROV_KEY, CITY_KEY, COUNTY_KEY = "990000", "990100", "990102"
TOWN_KEY = "990102/白沙镇"
VILLAGE_KEY = "990102/白沙镇/桃园村"
ZONE_KEY = "990171"


def places() -> dict[str, Place]:
    return {
        PROV_KEY: Place(PROV_KEY, "青川省", "province", code=PROV_KEY),
        CITY_KEY: Place(CITY_KEY, "云溪市", "city", code=CITY_KEY, parent=PROV_KEY),
        COUNTY_KEY: Place(COUNTY_KEY, "石门区", "county", code=COUNTY_KEY, parent=CITY_KEY),
        TOWN_KEY: Place(TOWN_KEY, "白沙镇", "township", parent=COUNTY_KEY,
                        aliases={"白沙"}),
        VILLAGE_KEY: Place(VILLAGE_KEY, "桃园村", "village", parent=TOWN_KEY),
        # parent missing from the table: must be skipped, not crash
        ZONE_KEY: Place(ZONE_KEY, "云溪高新技术产业开发区", "zone", code=ZONE_KEY,
                        parent="991234"),
    }


def page_one() -> Page:
    aid = "p1/0"
    ev1 = Evidence(aid, "5月5日，市委书记王明远赴石门区白沙镇调研。", 10, 30)
    insp = Event(kind="Inspection", label="王明远赴石门区调研", article_id=aid,
                 date=dt.date(2021, 5, 5), date_text="5月5日", part_of_day="上午",
                 places=[PlaceRef(COUNTY_KEY), PlaceRef(TOWN_KEY), PlaceRef(VILLAGE_KEY),
                         PlaceRef(CITY_KEY, stated=False)],
                 participants=[
                     Participant("王明远", "leader"),
                     Participant("李 晓红", "attendee"),
                     Participant("赵大山", "visited", places=[VILLAGE_KEY], evidence=ev1),
                 ],
                 trigger="调研", evidence=[ev1], key="p1/0/e0")
    talk = Event(kind="Meeting", label="桃园村座谈会", article_id=aid,
                 date=dt.date(2021, 5, 5), places=[PlaceRef(VILLAGE_KEY)],
                 participants=[Participant("王明远", "speaker")], parent="p1/0/e0",
                 trigger="座谈会", key="p1/0/e1")
    art = Article(id=aid, source="p1.txt", index=0, headline="王明远在石门区调研",
                  kicker="强调——", reporters=[Reporter("陈小文", raw="陈 小文")],
                  date=dt.date(2021, 5, 6),
                  mentions=[Mention("王明远", 0, 3, "person", "王明远"),
                            Mention("赵大山", 5, 8, "person", "赵大山"),
                            Mention("石门区", 9, 12, "place", "石门区", key=COUNTY_KEY,
                                    level="county"),
                            Mention("桃园村", 13, 16, "place", "桃园村", key=VILLAGE_KEY,
                                    level="village"),
                            Mention("云溪市发改委", 20, 26, "organization",
                                    "云溪市发展和改革委员会")],
                  posts=[PostHolding("王明远", "市委书记", aid, org="市委")],
                  events=[insp, talk])
    return Page(source="p1.txt", path="/x/p1.txt", text="", date=dt.date(2021, 5, 6),
                date_method="inferred", articles=[art])


def page_two() -> Page:
    aid = "p2/0"
    meet = Event(kind="Meeting", label="全市经济工作会议", article_id=aid,
                 date=dt.date(2021, 5, 7), end_date=dt.date(2021, 5, 8),
                 places=[PlaceRef(CITY_KEY, stated=False)],
                 participants=[Participant("李晓红", "chair"), Participant("王明远", "speaker"),
                               Participant("孙一鸣", "attendee")],
                 key="p2/0/e0")
    plan = Event(kind="Signing", label="产业项目签约", article_id=aid, status="planned",
                 date_precision="unknown", places=[PlaceRef(ZONE_KEY)], key="p2/0/e1")
    month = Event(kind="Groundbreaking", label="项目集中开工", article_id=aid,
                  date=dt.date(2021, 4, 1), date_precision="month", date_text="4月",
                  key="p2/0/e2")
    art = Article(id=aid, source="p2.txt", index=0, headline="全市经济工作会议召开",
                  reporters=[Reporter("陈小文")], date=dt.date(2021, 5, 9),
                  mentions=[Mention("李晓红", 0, 3, "person", "李晓红"),
                            Mention("王明远", 4, 7, "person", "王明远"),
                            Mention("孙一鸣", 8, 11, "person", "孙一鸣"),
                            Mention("云溪高新区", 12, 17, "place", "云溪高新技术产业开发区",
                                    key=ZONE_KEY, level="zone")],
                  posts=[PostHolding("王明远", "市委书记", aid),
                         PostHolding("李晓红", "市长", aid)],
                  events=[meet, plan, month])
    return Page(source="p2.txt", path="/x/p2.txt", text="", date=dt.date(2021, 5, 9),
                articles=[art])


def make_corpus(order: str = "12") -> Corpus:
    """The two pages in the given order ("12", "21", "1" or "2")."""
    pages = {"1": page_one, "2": page_two}
    return Corpus(
        pages=[pages[c]() for c in order],
        persons={n: Person(n) for n in ["王明远", "李晓红", "赵大山", "孙一鸣", "陈小文"]},
        places=places(),
        organisations={"云溪市发展和改革委员会": Organisation("云溪市发展和改革委员会",
                                                          "government", CITY_KEY)},
    )
