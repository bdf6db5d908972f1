"""Tests for kg.extracting.events / kg.extracting.roles: kinds, dates, places, roles, status, evidence, keys.

Articles are built by hand (invented sentences and names) so the tests do not depend on
segmentation or name finding; a few use sentences of the seed pages.
"""

from __future__ import annotations

import datetime as dt

import pytest

from kg.extracting.events import extract_events, find_triggers, split_sentences
from kg.model import Article, Mention
from kg.extracting.roles import find_roles, resolve_role

PAGE = dt.date(2021, 5, 20)
CITY = ("430900", "city")


def make(head: str, body: str, persons: list[str] = (), places: dict | None = None,
         aid: str = "t/0") -> Article:
    """An article whose mentions are every occurrence of the given names."""
    text = head + "\n" + body
    ms: list[Mention] = []
    for name in persons:
        i = text.find(name)
        while i >= 0:
            ms.append(Mention(name, i, i + len(name), "person", name))
            i = text.find(name, i + 1)
    for surface, (key, level) in (places or {}).items():
        i = text.find(surface)
        while i >= 0:
            # a longer place name covering this spot wins (东江村 inside 南岭镇东江村 is fine)
            ms.append(Mention(surface, i, i + len(surface), "place", surface, key=key,
                              level=level))
            i = text.find(surface, i + 1)
    ms.sort(key=lambda m: (m.start, m.end))
    return Article(id=aid, source="t.txt", index=0, headline=head.split("\n")[-1],
                   text=text, body_start=len(head) + 1,
                   offsets=[1000 + i for i in range(len(text))], mentions=ms)


def roles_of(ev) -> dict[str, str]:
    return {p.person: p.role for p in ev.participants}


# --- meetings: dates, roles, implied city ----------------------------------------------

MEETING = make(
    "王明远在全市春耕生产推进会上强调\n夯实粮食生产基础\n李卫东主持",
    "本报讯 昨日上午，全市春耕生产推进会召开。市委书记王明远出席会议并强调，要抓好春耕。"
    "市委副书记、市长李卫东主持会议。市领导赵红梅通报了春耕工作情况。"
    "王明远指出，要加强督查。市领导陈建国、刘志强,周小兰出席。"
    "会议学习贯彻了张总书记关于三农工作的重要讲话精神，张总书记强调的要求要落实。",
    persons=["王明远", "李卫东", "赵红梅", "陈建国", "刘志强", "周小兰"])


def test_meeting_date_relative_to_page_date_and_part_of_day():
    ev = extract_events(MEETING, PAGE)[0]
    assert ev.kind == "Meeting"
    assert ev.date == dt.date(2021, 5, 19)
    assert ev.part_of_day == "上午"
    assert ev.date_precision == "day"
    assert ev.status == "happened"
    assert ev.label == "全市春耕生产推进会"


def test_meeting_roles_chair_speaker_attendee_list():
    ev = extract_events(MEETING, PAGE)[0]
    assert roles_of(ev) == {"王明远": "speaker", "李卫东": "chair", "赵红梅": "speaker",
                            "陈建国": "attendee", "刘志强": "attendee", "周小兰": "attendee"}


def test_meeting_citywide_implies_city_not_stated():
    art = make("全市防汛工作会议召开", "本报讯 6月2日，全市防汛工作会议召开。江城市副市长钱进主持会议。",
               persons=["钱进"], places={"江城市": CITY})
    ev = extract_events(art, dt.date(2021, 6, 3))[0]
    assert [(p.key, p.stated) for p in ev.places] == [("430900", False)]
    assert ev.date == dt.date(2021, 6, 2)


def test_person_quoted_in_speech_is_not_a_participant():
    ev = extract_events(MEETING, PAGE)[0]
    assert "张" not in "".join(roles_of(ev))


def test_evidence_points_to_page_offsets():
    ev = extract_events(MEETING, PAGE)[0]
    first = ev.evidence[0]
    assert first.article_id == "t/0"
    assert "全市春耕生产推进会召开" in first.sentence
    i = MEETING.text.find(first.sentence)
    assert (first.start, first.end) == (1000 + i, 1000 + i + len(first.sentence))
    chair = next(p for p in ev.participants if p.role == "chair")
    assert chair.evidence is not None and "主持" in chair.evidence.sentence


# --- inspections: spans, leader, places, attendees ---------------------------------------

TOUR = make(
    "孙海涛赴青山县调研时强调\n做好民生保障工作",
    "本报讯 6月30日至7月1日，副省长孙海涛赴青山县白石镇和红岭乡调研。市委书记王明远，"
    "市委副书记、市长李卫东参加调研或座谈。\n"
    "在南江区，孙海涛走访了一家工厂。孙海涛强调，北河县要加强保障。\n"
    "孙海涛还深入白石镇石桥村贫困户吴大山、红岭乡东坪村贫困户郑小花家中走访慰问。\n"
    "在红岭乡东坪村召开的座谈会上，孙海涛听取汇报。李卫东表示，要抓好落实。",
    persons=["孙海涛", "王明远", "李卫东", "吴大山", "郑小花"],
    places={"青山县": ("43/青山县", "county"), "白石镇": ("43/青山县/白石镇", "township"),
            "红岭乡": ("43/青山县/红岭乡", "township"), "南江区": ("43/南江区", "county"),
            "北河县": ("43/北河县", "county"),
            "石桥村": ("43/青山县/白石镇/石桥村", "village"),
            "东坪村": ("43/青山县/红岭乡/东坪村", "village")})


def test_inspection_span_and_kind():
    ev = extract_events(TOUR, dt.date(2021, 7, 2))[0]
    assert ev.kind == "Inspection"
    assert (ev.date, ev.end_date) == (dt.date(2021, 6, 30), dt.date(2021, 7, 1))
    assert ev.status == "happened"


def test_inspection_roles_leader_and_attendees():
    ev = extract_events(TOUR, dt.date(2021, 7, 2))[0]
    r = roles_of(ev)
    assert r["孙海涛"] == "leader"
    assert r["王明远"] == "attendee"
    assert r["李卫东"] == "attendee"  # companion on a tour, though he also spoke


def test_inspection_places_stated_not_from_speech():
    ev = extract_events(TOUR, dt.date(2021, 7, 2))[0]
    keys = [p.key for p in ev.places]
    for k in ("43/青山县", "43/青山县/白石镇", "43/青山县/红岭乡", "43/南江区"):
        assert k in keys
    # a tour of two days: villages within the lead's places, told without a day, cannot
    # be dated; they are the places of the visits made there (sub-events)
    assert "43/青山县/白石镇/石桥村" not in keys
    assert any(("43/青山县/白石镇/石桥村",) == tuple(r.key for r in e.places)
               for e in extract_events(TOUR, dt.date(2021, 7, 2))[1:])
    assert "43/北河县" not in keys  # named in what was said, not visited
    assert all(p.stated for p in ev.places)


def test_visited_persons_get_their_own_place_and_sub_event():
    evs = extract_events(TOUR, dt.date(2021, 7, 2))
    main = evs[0]
    # the visited are actors of their own stop only, not of the whole tour
    assert "吴大山" not in roles_of(main)
    subs = [e for e in evs if e.kind == "Visit"]
    wu = next(e for e in subs if "吴大山" in roles_of(e))
    assert roles_of(wu)["吴大山"] == "visited"
    assert [p.key for p in wu.places] == ["43/青山县/白石镇/石桥村"]
    assert {e.places[0].key for e in subs} == {"43/青山县/白石镇/石桥村",
                                               "43/青山县/红岭乡/东坪村"}
    for e in subs:
        assert e.parent == main.key
        assert roles_of(e)["孙海涛"] == "leader"
        assert e.date == main.date


def test_meeting_during_tour_at_stated_place_is_sub_event():
    evs = extract_events(TOUR, dt.date(2021, 7, 2))
    meet = [e for e in evs if e.kind == "Meeting"]
    assert len(meet) == 1
    assert [p.key for p in meet[0].places] == ["43/青山县/红岭乡", "43/青山县/红岭乡/东坪村"]
    assert roles_of(meet[0]) == {"孙海涛": "speaker"}
    assert meet[0].parent == evs[0].key


def test_meeting_during_tour_without_place_is_not_an_event():
    art = make("甲赴乙县调研", "本报讯 3月3日，钱进赴青山县调研。在调研座谈会上，钱进指出，要抓落实。",
               persons=["钱进"], places={"青山县": ("43/青山县", "county")})
    evs = extract_events(art, dt.date(2021, 3, 4))
    assert [e.kind for e in evs] == ["Inspection"]


# --- receptions -------------------------------------------------------------------------

def test_reception_host_and_guest():
    art = make("深化合作 互利共赢\n李卫东会见马志远一行",
               "本报讯 昨日上午，市委副书记、市长李卫东会见了某科技公司副总裁马志远一行。"
               "马志远介绍了公司情况。",
               persons=["李卫东", "马志远"])
    ev = extract_events(art, PAGE)[0]
    assert ev.kind == "Reception"
    assert roles_of(ev) == {"李卫东": "host", "马志远": "guest"}


# --- status, unknown and open dates --------------------------------------------------------

def test_planned_by_cue():
    art = make("某某APP拟于6月上线", "本报讯 5月18日上午，记者从市里获悉，某某APP拟于6月上线。")
    evs = extract_events(art, PAGE)
    assert len(evs) == 1
    assert evs[0].kind == "Launch" and evs[0].status == "planned"


def test_planned_by_future_date_and_reporting_date_skipped():
    art = make("31日起，城南局地停水",
               "本报讯 18日，记者从市水务集团了解到，因管网改造，5月31日22:00至6月1日12:00"
               "停水施工，届时沿线用户将无水。")
    ev = extract_events(art, PAGE)[0]
    assert ev.kind == "Outage"
    assert ev.date == dt.date(2021, 5, 31)
    assert ev.status == "planned"


def test_recent_day_unknown_is_not_invented():
    art = make("某展览开幕", "本报讯 近日，“山水画展览”在市博物馆开幕，展出作品百余幅。")
    ev = extract_events(art, PAGE)[0]
    assert ev.kind == "Exhibition"
    assert ev.date is None and ev.date_precision == "unknown"
    assert ev.date_text == "近日"


def test_no_event_without_trigger():
    art = make("今年以来降雨偏多", "本报讯 3月12日，记者从市水文局了解到，今年以来（1月1日至3月11日）"
               "累计降雨较常年偏多四成。")
    assert extract_events(art, dt.date(2021, 3, 13)) == []


def test_headline_kind_wins_in_a_sentence_with_several_triggers():
    art = make("两大项目在洽谈周签约", "本报讯 6月29日，某某产业链推介会举行，两大项目签约。")
    ev = extract_events(art, dt.date(2021, 6, 30))[0]
    assert ev.kind == "Signing" and ev.date == dt.date(2021, 6, 29)


# --- keys, determinism ------------------------------------------------------------------

def test_keys_stable_and_distinct():
    a = [e.key for e in extract_events(TOUR, dt.date(2021, 7, 2))]
    b = [e.key for e in extract_events(TOUR, dt.date(2021, 7, 2))]
    assert a == b and len(set(a)) == len(a)
    other = make(TOUR.text[:TOUR.body_start - 1], TOUR.text[TOUR.body_start:],
                 persons=["孙海涛"], aid="t/1")
    assert extract_events(other, dt.date(2021, 7, 2))[0].key != a[0]


# --- pieces -----------------------------------------------------------------------------

def test_split_sentences_joins_column_breaks():
    text = "在村里召开的座谈会上，\n钱进强调，要抓好。\n下一段。"
    spans = split_sentences(text)
    assert [text[a:b] for a, b in spans] == ["在村里召开的座谈会上，\n钱进强调，要抓好。", "下一段。"]


def test_triggers_longest_match():
    words = [t.word for t in find_triggers("深入贫困户家中走访调研，看望慰问群众")]
    assert words == ["走访调研", "看望慰问"]


@pytest.mark.parametrize("sentence,role", [
    ("钱进主持会议。", "chair"), ("钱进主持召开常务会议。", "chair"),
    ("钱进在会上强调，", "speaker"), ("钱进还指出，", "speaker"), ("钱进作了重要讲话。", "speaker"),
    ("钱进通报了情况。", "speaker"), ("市领导钱进出席。", "attendee"),
    ("市领导钱进参加调研。", "attendee"), ("钱进率队调研。", "leader"),
    # a title printed after the name: 委员/主席/教授/代表 …
    ("钱进委员发言说，", "speaker"), ("钱进主席强调，", "speaker"), ("钱进教授指出，", "speaker"),
    ("钱进代表在会上发言。", "speaker"), ("钱进委员代表省工商联发言说，", "speaker"),
    ("钱进第一个向省长做了汇报。", "speaker"), ("钱进向大会做了题为“绿色发展”的汇报。", "speaker"),
])
def test_role_cues(sentence: str, role: str):
    i = sentence.find("钱进")
    hits = find_roles(sentence, [Mention("钱进", i, i + 2, "person", "钱进")])
    assert role in {h.role for h in hits}


def test_resolve_role_precedence():
    assert resolve_role({"attendee", "speaker"}, tour=False) == "speaker"
    assert resolve_role({"attendee", "speaker"}, tour=True) == "attendee"
    assert resolve_role({"chair", "speaker"}, tour=False) == "chair"


# --- seed sentences ---------------------------------------------------------------------

def test_seed_lead_and_trailing_list():
    body = ("本报讯 7月1日下午，市委书记邓群策再次专题调度全市创文创卫工作，听取各相关职能部门"
            "和单位的工作情况汇报。邓群策强调，要迅速进入临战状态。"
            "市领导廖健主持调度会。市领导毛朝晖、张霞、耿保民出席。")
    art = make("邓群策再次调度全市创文创卫工作，强调——\n迅速进入临战状态", body,
               persons=["邓群策", "廖健", "毛朝晖", "张霞", "耿保民"])
    ev = extract_events(art, dt.date(2020, 7, 2))[0]
    assert ev.kind == "Meeting" and ev.date == dt.date(2020, 7, 1)
    assert roles_of(ev) == {"邓群策": "speaker", "廖健": "chair", "毛朝晖": "attendee",
                            "张霞": "attendee", "耿保民": "attendee"}


def test_compound_trigger_takes_its_head_kind():
    trig = find_triggers("全市“清查”专项行动推进会召开")
    assert [(t.word, t.kind) for t in trig] == [("专项行动推进会", "Meeting")]
    art = make("某专项行动推进会召开", "本报讯 5月8日上午，全市安全生产专项行动推进会召开。钱进主持会议。",
               persons=["钱进"])
    ev = extract_events(art, PAGE)[0]
    assert ev.kind == "Meeting" and ev.label == "全市安全生产专项行动推进会"


# --- labels a reader recognises ---------------------------------------------------------

def _with_kicker(art: Article, kicker: str) -> Article:
    art.kicker = kicker
    return art


def test_verb_label_taken_from_the_title_line_that_names_the_action():
    art = _with_kicker(make(
        "孙海涛赴青山县调研乡村振兴工作,强调——\n产业兴旺是关键",
        "本报讯 5月19日,市委书记孙海涛赴青山县走访调研乡村振兴工作。",
        persons=["孙海涛"], places={"青山县": ("43/青山县", "county")}),
        "孙海涛赴青山县调研乡村振兴工作,强调——")
    ev = extract_events(art, PAGE)[0]
    assert ev.kind == "Inspection"
    assert ev.label == "孙海涛赴青山县调研乡村振兴工作"


def test_verb_label_without_a_title_gets_the_leader():
    art = make("夯实基础\n稳步推进",
               "本报讯 5月19日,市委书记孙海涛赴青山县调研,了解春耕情况。",
               persons=["孙海涛"], places={"青山县": ("43/青山县", "county")})
    ev = extract_events(art, PAGE)[0]
    assert ev.label.startswith("孙海涛") and "调研" in ev.label


def test_label_drops_a_quotation_mark_cut_off_from_its_partner_and_a_leading_date():
    art = make("18日起,南江区部分路段停水",
               "本报讯 记者从市水务集团获悉,5月21日8:00至18:00停水作业,请市民提前储水。",
               places={"南江区": ("43/南江区", "county")})
    evs = extract_events(art, PAGE)
    assert evs and evs[0].kind == "Outage"
    assert evs[0].label == "南江区部分路段停水"
    from kg.extracting.events import _balanced

    assert _balanced("“信访法治宣传月") == "信访法治宣传月"
    assert _balanced("“奋战一百天”动员会") == "“奋战一百天”动员会"


# --- several events per article (television news: tours, calls, talks) ----------------

BEIJING = ("110000", "province")
TV_TOUR = make(
    "吴国华在南州考察",
    "央视网消息：中共中央总书记吴国华近日在南州考察。\n"
    "4月29日至30日，在南州省委书记钱志明陪同下，吴国华先后到东阳市、西湖县等地调研。\n"
    "29日下午，吴国华来到东阳市考察。吴国华指出，要抓好就业。\n"
    "清水社区是个老社区。吴国华来到社区服务中心，看望社区居民冯大林。\n"
    "30日上午，吴国华到西湖县考察。\n"
    "蒋一凡陪同考察。",
    persons=["吴国华", "钱志明", "冯大林", "蒋一凡"],
    places={"南州": ("90", "province"), "东阳市": ("90/01", "city"),
            "西湖县": ("90/02", "county"), "清水社区": ("90/01/清水社区", "village")})


def _stops(evs):
    return {(e.date, tuple(r.key for r in e.places)): roles_of(e) for e in evs[1:]}


def test_tour_has_one_event_per_dated_stop_with_its_place():
    evs = extract_events(TV_TOUR, dt.date(2021, 5, 1))
    main = evs[0]
    assert main.kind == "Inspection"
    assert (main.date, main.end_date) == (dt.date(2021, 4, 29), dt.date(2021, 4, 30))
    assert roles_of(main)["吴国华"] == "leader" and roles_of(main)["钱志明"] == "attendee"
    stops = _stops(evs)
    assert stops[(dt.date(2021, 4, 29), ("90/01",))]["吴国华"] == "leader"
    assert "吴国华" in stops[(dt.date(2021, 4, 30), ("90/02",))]
    # the paragraph's opening place is where that stop happened
    assert stops[(dt.date(2021, 4, 29), ("90/01/清水社区",))]["冯大林"] == "visited"
    # a stop's place is the stop's, not the whole tour's
    assert "90/02" in [r.key for r in main.places] and "90/01/清水社区" not in [
        r.key for r in main.places]


def test_companions_closing_the_story_went_on_the_whole_tour():
    # the closing paragraph (蒋一凡陪同考察。) names who went along on the tour, though it
    # comes after the stop of the 30th
    evs = extract_events(TV_TOUR, dt.date(2021, 5, 1))
    assert roles_of(evs[0])["蒋一凡"] == "attendee"
    assert all("蒋一凡" not in roles_of(e) for e in evs[1:])


def test_companion_in_a_stops_own_paragraph_goes_with_that_day():
    art = make(TV_TOUR.text[:TV_TOUR.body_start - 1],
               TV_TOUR.text[TV_TOUR.body_start:].replace(
                   "30日上午，吴国华到西湖县考察。\n蒋一凡陪同考察。",
                   "30日上午，吴国华到西湖县考察，蒋一凡陪同。"),
               persons=["吴国华", "钱志明", "冯大林", "蒋一凡"])
    evs = extract_events(art, dt.date(2021, 5, 1))
    day30 = [e for e in evs[1:] if e.date == dt.date(2021, 4, 30)]
    assert any("蒋一凡" in roles_of(e) for e in day30)
    assert "蒋一凡" not in roles_of(evs[0])


def test_tour_lead_with_one_day_lasts_until_the_last_day_told():
    # 近日 in the lead, the first day in the next sentence, a report heard the day after
    art = make("吴国华在南州考察",
               "央视网消息：吴国华近日在南州考察。\n"
               "7月3日，吴国华结束在北州考察后，来到南州。当天下午，他在钱志明陪同下，"
               "到东阳市调研。\n"
               "清水社区是个老社区。吴国华来到社区服务中心。\n"
               "4日上午，吴国华听取南州省委和省政府工作汇报。\n"
               "蒋一凡陪同考察。",
               persons=["吴国华", "钱志明", "蒋一凡"],
               places={"南州": ("90", "province"), "北州": ("91", "province"),
                       "东阳市": ("90/01", "city"),
                       "清水社区": ("90/01/清水社区", "village")})
    evs = extract_events(art, dt.date(2021, 7, 5))
    main = evs[0]
    assert (main.date, main.end_date) == (dt.date(2021, 7, 3), dt.date(2021, 7, 4))
    assert [r.key for r in main.places] == ["90", "90/01"]  # not the stop, not 北州
    assert {"钱志明", "蒋一凡"} <= set(roles_of(main))
    # the trip that ended is an event of its own, at its own place
    assert any([r.key for r in e.places] == ["91"] and roles_of(e) == {"吴国华": "leader"}
               for e in evs[1:])
    # the stop keeps its place for itself, without the companions
    stop = next(e for e in evs[1:] if "90/01/清水社区" in [r.key for r in e.places])
    assert set(roles_of(stop)) == {"吴国华"}


def test_undated_stops_within_the_lead_places_are_not_the_tours():
    art = make("吴国华在南州北州调研",
               "央视网消息：吴国华7月3日至5日在南州、北州调研。\n"
               "在南州，吴国华来到东阳市一家工厂。\n"
               "在北州，吴国华走进西湖县一个社区。\n"
               "钱志明参加调研。",
               persons=["吴国华", "钱志明"],
               places={"南州": ("90", "province"), "北州": ("91", "province"),
                       "东阳市": ("90/01", "city"), "西湖县": ("91/02", "county")})
    main = extract_events(art, dt.date(2021, 7, 6))[0]
    assert [r.key for r in main.places] == ["90", "91"]
    assert roles_of(main) == {"吴国华": "leader", "钱志明": "attendee"}


def test_day_without_month_takes_the_month_told_before():
    art = make("吴国华出访", "央视网消息：4月29日，吴国华抵达北港。\n2日上午，吴国华出席峰会开幕式。",
               persons=["吴国华"])
    evs = extract_events(art, dt.date(2021, 5, 3))
    assert dt.date(2021, 5, 2) in {e.date for e in evs}  # not 4月2日: after 4月29日
    art = make("吴国华出访", "央视网消息：5月1日，吴国华抵达北港。\n2日上午，吴国华出席峰会开幕式。",
               persons=["吴国华"])
    assert dt.date(2021, 5, 2) in {e.date for e in extract_events(art, dt.date(2021, 5, 3))}


def test_phone_call_both_speak_and_has_no_place():
    art = make("吴国华同北国总统通电话",
               "央视网消息：5月2日下午，国家主席吴国华在北京同北国总统安德烈·米勒通电话。",
               persons=["吴国华", "安德烈·米勒"], places={"北京": BEIJING})
    ev = extract_events(art, dt.date(2021, 5, 2))[0]
    assert ev.kind == "PhoneCall" and ev.places == []
    assert roles_of(ev) == {"吴国华": "speaker", "安德烈·米勒": "speaker"}


def test_reception_host_and_guest_in_the_great_hall():
    art = make("钱志明会见北国外长",
               "央视网消息：5月2日，国务院总理钱志明在人民大会堂会见北国外长卡尔·林德。",
               persons=["钱志明", "卡尔·林德"])
    ev = extract_events(art, dt.date(2021, 5, 2))[0]
    assert roles_of(ev) == {"钱志明": "host", "卡尔·林德": "guest"}
    assert [r.key for r in ev.places] == ["110000"]  # the venue is in Beijing


def test_meeting_on_a_later_day_and_talks_after_it():
    art = make("蒋一凡出席论坛",
               "央视网消息：第三届海洋论坛11日至12日在北港举行。蒋一凡出席论坛。\n"
               "12日，蒋一凡在出席论坛闭幕会时指出，要加强合作。\n"
               "13日，蒋一凡同北国议长卡尔·林德举行会谈。",
               persons=["蒋一凡", "卡尔·林德"])
    evs = extract_events(art, dt.date(2021, 5, 13))
    got = {(e.date, e.kind): set(roles_of(e)) for e in evs}
    assert got[(dt.date(2021, 5, 11), "Forum")] >= {"蒋一凡"}
    assert {"蒋一凡", "卡尔·林德"} <= got[(dt.date(2021, 5, 13), "Talks")]
    assert any(d == dt.date(2021, 5, 12) for d, _k in got)


def test_letter_writer_and_quoted_persons_are_not_participants():
    art = make("吴国华复信小学生",
               "央视网消息：5月2日，吴国华给北港小学的学生们复信，勉励他们好好学习。\n"
               "3日，校长冯大林在会上说，“吴国华爷爷的话我们记住了”。",
               persons=["吴国华", "冯大林"])
    evs = extract_events(art, dt.date(2021, 5, 4))
    assert all("吴国华" not in roles_of(e) for e in evs)


def test_recent_and_for_days_give_no_day():
    art = make("吴国华考察", "央视网消息：连日来，吴国华在南州考察。\n吴国华来到东阳市。",
               persons=["吴国华"], places={"南州": ("90", "province"),
                                            "东阳市": ("90/01", "city")})
    evs = extract_events(art, dt.date(2021, 5, 4))
    assert all(e.date is None for e in evs)


def test_same_day_words_keep_the_day_and_today_names_the_page_day():
    art = make("钱志明会见客人",
               "央视网消息：今天（5月8日）上午，钱志明在北京会见北国客人卡尔·林德。\n"
               "当天下午，钱志明出席欢迎宴会。",
               persons=["钱志明", "卡尔·林德"], places={"北京": BEIJING})
    evs = extract_events(art, dt.date(2021, 5, 8))
    assert evs[0].date == dt.date(2021, 5, 8)
    assert all(e.date == dt.date(2021, 5, 8) for e in evs)


def test_congratulating_a_forum_is_no_part_in_it():
    art = make("吴国华向海洋论坛致贺信",
               "央视网消息：5月2日，国家主席吴国华向第三届海洋论坛致贺信。"
               "吴国华在贺信中指出，海洋是共同家园。副主席钱志明出席论坛并致辞。",
               persons=["吴国华", "钱志明"])
    ev = extract_events(art, dt.date(2021, 5, 2))[0]
    assert "吴国华" not in roles_of(ev) and "钱志明" in roles_of(ev)


def test_role_lists_with_posts_groups_and_joint_speeches():
    art = make("北州党代会开幕",
               "央视网消息：5月2日，北州第十一次党代表大会在北港开幕。北州党委书记吴国华代表第十届委员会"
               "作工作报告。省长钱志明，省委副书记、秘书长冯大林出席。"
               "蒋一凡、何小东及有关部门负责同志参加会议。卡尔·林德和安娜分别致辞。",
               persons=["吴国华", "钱志明", "冯大林", "蒋一凡", "何小东", "卡尔·林德", "安娜"])
    r = roles_of(extract_events(art, dt.date(2021, 5, 2))[0])
    assert r["吴国华"] == "speaker"
    assert r["钱志明"] == r["冯大林"] == r["蒋一凡"] == r["何小东"] == "attendee"
    assert r["卡尔·林德"] == r["安娜"] == "speaker"


def test_speakers_in_turn_and_study_session_lists():
    art = make("北州代表团举行全体会议",
               "央视网消息：5月2日，北州代表团举行全体会议，吴国华主持会议。会上，来自北港的"
               "钱志明代表、来自南岭的冯大林代表依次发言。这次学习由大家自学并交流体会，"
               "蒋一凡、何小东同志结合分管领域的工作作了发言，安小雨同志提交了书面发言。",
               persons=["吴国华", "钱志明", "冯大林", "蒋一凡", "何小东", "安小雨"])
    r = roles_of(extract_events(art, dt.date(2021, 5, 2))[0])
    assert r["吴国华"] == "chair"
    assert r["钱志明"] == r["冯大林"] == r["蒋一凡"] == r["何小东"] == "speaker"
    assert r["安小雨"] == "attendee"


def test_long_article_of_dated_stops_takes_near_linear_time():
    """Four times the sentences must not take sixteen times as long (it did: places were
    re-sorted and sentences searched from the start for every dated stop)."""
    import time

    def article(n: int) -> Article:
        body = "央视网消息：5月2日，吴国华在北港出席论坛。\n" + "".join(
            f"{d % 28 + 1}日上午，吴国华来到东阳市考察，钱志明陪同。\n" for d in range(n))
        return make("吴国华考察", body, persons=["吴国华", "钱志明"],
                    places={"东阳市": ("90/01", "city")})

    def best(n: int) -> float:
        art = article(n)
        times = []
        for _ in range(3):
            t = time.process_time()  # CPU time: other processes on the machine do not count
            extract_events(art, dt.date(2021, 5, 30))
            times.append(time.process_time() - t)
        return min(times)

    best(50)  # warm the caches
    small, large = best(500), best(2000)
    assert large / small < 7, (small, large)


def test_companions_named_first_do_not_lead_the_tour():
    art = make("吴国华在南州考察",
               "央视网消息：中共中央总书记吴国华近日在南州考察。\n"
               "4月29日至30日，在南州省委书记钱志明和省长冯大林陪同下，先后到东阳市等地调研。",
               persons=["吴国华", "钱志明", "冯大林陪"],  # a name that swallowed 陪
               places={"东阳市": ("90/01", "city")})
    r = roles_of(extract_events(art, dt.date(2021, 5, 1))[0])
    assert r["吴国华"] == "leader" and r.get("冯大林陪") != "leader"


def test_a_body_and_its_session_make_one_label():
    art = make("北州人大常委会举行会议",
               "央视网消息：5月2日，北州人大常委会第十七次全体会议在北港举行。吴国华主持会议。",
               persons=["吴国华"])
    ev = extract_events(art, dt.date(2021, 5, 2))[0]
    assert ev.label == "北州人大常委会第十七次全体会议"


def test_a_local_official_acts_where_the_post_says():
    art = make("山洪来袭",
               "央视网消息：7月1日，北港县清河镇党委书记何小东巡查时发现河水上涨，立即组织转移群众。",
               persons=["何小东"],
               places={"北港县": ("90/03", "county"), "清河镇": ("90/03/清河镇", "township")})
    evs = extract_events(art, dt.date(2021, 7, 3))
    assert any("何小东" in roles_of(e) and [r.key for r in e.places] == ["90/03", "90/03/清河镇"]
               and e.date == dt.date(2021, 7, 1) for e in evs), [(e.label, e.places) for e in evs]


def test_condolences_in_a_statement_are_no_visit():
    art = make("北国谴责袭击事件",
               "央视网消息：北国外交部4日发表声明，强烈谴责这一袭击，向遇难者家属表示深切同情和慰问。")
    assert all(e.kind != "Visit" for e in extract_events(art, dt.date(2024, 1, 5)))


def test_greetings_passed_on_do_not_make_their_sender_visited():
    art = make("钱志明看望慰问老党员",
               "央视网消息：5月2日，钱志明看望慰问老党员何小东，转达吴国华总书记的亲切问候。",
               persons=["钱志明", "何小东", "吴国华"])
    r = roles_of(extract_events(art, dt.date(2021, 5, 2))[0])
    assert r.get("何小东") == "visited" and "吴国华" not in r


@pytest.mark.parametrize("title, text, country_key", [
    ("钱志明会见北国总理", "央视网消息：5月2日，钱志明在北京会见北国总理卡尔·林德。", "W/北国"),
    # a country right after the meeting word, before a long post (the guest's, not where)
    ("钱志明会见北国副首相", "央视网消息：5月2日，钱志明在北京会见北国副首相兼财政大臣卡尔·林德。",
     "world/NC"),
])
def test_a_guests_country_is_whose_not_where(title, text, country_key):
    art = make(title, text, persons=["钱志明", "卡尔·林德"],
               places={"北京": BEIJING, "北国": (country_key, "country")})
    ev = extract_events(art, dt.date(2021, 5, 2))[0]
    assert [r.key for r in ev.places] == ["110000"]


def test_country_of_a_visit_gives_way_to_the_city_inside_it():
    """来华 beside a venue in Beijing: the event's place is the city, not also the country
    (a place containing another of the event's places adds nothing and is wrong for
    presence); a country alone stays the place."""
    art = make("钱志明会见北国外长",
               "央视网消息：5月2日，国务院总理钱志明在北京会见来华访问的北国外长卡尔·林德。",
               persons=["钱志明", "卡尔·林德"],
               places={"北京": ("110000", "province"), "华": ("world/CN", "country")})
    ev = extract_events(art, dt.date(2021, 5, 2))[0]
    assert [r.key for r in ev.places] == ["110000"]
    alone = make("钱志明访问北国",
                 "央视网消息：5月2日，国务院总理钱志明在北国访问。",
                 persons=["钱志明"], places={"北国": ("world/XN", "country")})
    ev = extract_events(alone, dt.date(2021, 5, 2))[0]
    assert [r.key for r in ev.places] == ["world/XN"]


def test_inviter_is_not_a_participant():
    art = make("钱志明将访问北国",
               "央视网消息：应北国总统卡尔·林德邀请，国务院总理钱志明将于5月24日至26日对北国进行正式访问。",
               persons=["卡尔·林德", "钱志明"])
    ev = extract_events(art, dt.date(2021, 5, 20))[0]
    assert roles_of(ev) == {"钱志明": "leader"}


def test_during_a_forum_of_several_days_is_no_day():
    art = make("蒋一凡出席海洋论坛",
               "央视网消息：第三届海洋论坛11日至12日在北港举行，蒋一凡出席论坛。\n"
               "12日，蒋一凡在出席论坛闭幕会时指出，要加强合作。\n"
               "论坛期间，蒋一凡会见了北国议长卡尔·林德。",
               persons=["蒋一凡", "卡尔·林德"])
    evs = extract_events(art, dt.date(2021, 5, 13))
    assert all("卡尔·林德" not in roles_of(e) for e in evs)
    # a one-day meeting: 与会期间 is that day
    art = make("蒋一凡出席峰会",
               "央视网消息：5月12日，蒋一凡在北港出席峰会。\n"
               "与会期间，蒋一凡会见了北国议长卡尔·林德。",
               persons=["蒋一凡", "卡尔·林德"])
    evs = extract_events(art, dt.date(2021, 5, 13))
    assert any("卡尔·林德" in roles_of(e) and e.date == dt.date(2021, 5, 12) for e in evs)


def test_those_who_each_act_for_a_body_take_part():
    art = make("纪念大会举行",
               "央视网消息：5月12日上午，纪念仪式在北港举行。"
               "副主席甲乙丙代表某委员会，某市副市长丁戊代表某市政府，分别敬献花篮。"
               "主席己庚主持仪式。",
               persons=["甲乙丙", "丁戊", "己庚"])
    ev = extract_events(art, dt.date(2021, 5, 12))[0]
    assert roles_of(ev) == {"甲乙丙": "attendee", "丁戊": "attendee", "己庚": "chair"}


def test_a_countrys_one_character_form_in_a_name_is_no_place():
    art = make("钱志明出席会议",
               "央视网消息：5月12日，钱志明在北港出席第五次中北合作领导人会议。",
               persons=["钱志明"],
               places={"北港": ("world/NC/北港", "city"), "北": ("world/NC", "country")})
    ev = extract_events(art, dt.date(2021, 5, 12))[0]
    assert [r.key for r in ev.places] == ["world/NC/北港"]


def test_venue_named_after_a_city_is_placed_in_the_city():
    art = Article(id="t/0", source="t.txt", index=0, headline="纪念仪式举行",
                  text="纪念仪式举行\n央视网消息：全国政协12日上午在北京青松公园举行纪念仪式。甲乙丙主持。",
                  body_start=7, mentions=[])
    i = art.text.find("北京青松公园")
    art.mentions = [Mention("甲乙丙", art.text.find("甲乙丙"), art.text.find("甲乙丙") + 3,
                            "person", "甲乙丙"),
                    Mention("北京青松公园", i, i + 6, "place", "北京青松公园",
                            key="unresolved/venue/北京青松公园", level="venue")]
    art.mentions.sort(key=lambda m: m.start)
    art.offsets = list(range(len(art.text)))
    ev = extract_events(art, dt.date(2021, 5, 12))[0]
    assert [r.key for r in ev.places] == ["110000"]


def test_ended_visit_abroad_is_placed_there():
    art = make("吴国华在南州考察",
               "央视网消息：吴国华近日在南州考察。\n"
               "5月3日，吴国华结束对北国的国事访问回到国内。4日至5日，吴国华到东阳市调研。",
               persons=["吴国华"],
               places={"南州": ("90", "province"), "北国": ("world/NC", "country"),
                       "东阳市": ("90/01", "city")})
    evs = extract_events(art, dt.date(2021, 5, 6))
    assert any(e.date == dt.date(2021, 5, 3) and [r.key for r in e.places] == ["world/NC"]
               for e in evs)


def test_trip_ended_before_a_meeting_is_not_the_meetings_place():
    art = make("吴国华听取南州工作汇报",
               "央视网消息：5月6日，吴国华在结束出席峰会并对北国进行国事访问回到国内后，"
               "在东阳市听取南州省委工作汇报。",
               persons=["吴国华"],
               places={"北国": ("world/NC", "country"), "东阳市": ("90/01", "city")})
    evs = extract_events(art, dt.date(2021, 5, 6))
    assert [r.key for r in evs[0].places] == ["90/01"]
    assert any([r.key for r in e.places] == ["world/NC"] and roles_of(e) == {"吴国华": "leader"}
               for e in evs[1:])


def test_stop_told_on_without_a_place_continues_the_days_stop():
    art = make("吴国华在南州考察",
               "央视网消息：4月29日至30日，吴国华在南州考察。\n"
               "29日下午，吴国华来到东阳市清水社区考察。\n"
               "吴国华来到居民冯大林家中，看望一家人。",
               persons=["吴国华", "冯大林"],
               places={"南州": ("90", "province"), "东阳市": ("90/01", "city"),
                       "清水社区": ("90/01/清水社区", "village")})
    evs = extract_events(art, dt.date(2021, 5, 1))
    stop = next(e for e in evs[1:] if e.date == dt.date(2021, 4, 29))
    assert "冯大林" in roles_of(stop) and "90/01/清水社区" in [r.key for r in stop.places]


def test_list_that_each_spoke_on_a_topic_and_reports_to_a_leader():
    art = make("吴国华参加代表团审议",
               "央视网消息(新闻联播):5日下午，吴国华在参加南州代表团审议时强调，要抓好创新。\n"
               "代表钱志明围绕发展新产业向总书记作了汇报。\n"
               "会上，冯大林、蒋一凡等2位代表，分别就乡村建设、科技创新作了发言。",
               persons=["吴国华", "钱志明", "冯大林", "蒋一凡"])
    ev = extract_events(art, dt.date(2021, 3, 6))[0]
    assert ev.date == dt.date(2021, 3, 5)  # a day right after the lead's colon
    r = roles_of(ev)
    assert r["钱志明"] == r["冯大林"] == r["蒋一凡"] == "speaker"


def test_country_of_a_state_visit_is_its_place():
    art = make("钱志明对北国进行正式访问",
               "央视网消息：5月12日至14日，国务院总理钱志明对北国进行正式访问。",
               persons=["钱志明"], places={"北国": ("world/NC", "country")})
    ev = extract_events(art, dt.date(2021, 5, 14))[0]
    assert ev.kind == "Visit" and [r.key for r in ev.places] == ["world/NC"]


def test_addressee_of_a_letter_takes_no_part():
    art = make("吴国华复信北国领导人",
               "央视网消息：5月12日，国家主席吴国华复信北国国家主席卡尔·林德，"
               "共同宣布将明年确定为“友好年”并启动系列庆祝活动。\n"
               "卡尔·林德在致吴国华的新春贺信中表示，愿深化合作。",
               persons=["吴国华", "卡尔·林德"])
    assert all(not e.participants for e in extract_events(art, dt.date(2021, 5, 12)))


def test_leaders_met_on_the_sidelines_are_guests():
    art = make("钱志明出席峰会",
               "央视网消息：5月12日，钱志明在北港出席峰会并讲话。"
               "与会期间，钱志明应约分别同北国总统卡尔·林德、南国总理安娜·米勒会面交谈。",
               persons=["钱志明", "卡尔·林德", "安娜·米勒"])
    r = roles_of(extract_events(art, dt.date(2021, 5, 12))[0])
    assert r["卡尔·林德"] == r["安娜·米勒"] == "guest"


# --- television generality, fourth pass (helper tvblind) ---------------------------------

def test_place_in_an_attributive_clause_about_others_is_not_the_visits():
    # 在某省发展的企业 / 刚刚在某市忙完…的某地青年: where those others are, not the visit
    places = {"东川省": ("91", "province"), "南港市": ("91/02", "city"),
              "北岛": ("92", "province")}
    art = make("吴国华看望参加全国政协会议的委员",
               "央视网消息：吴国华6日下午看望了参加全国政协会议的委员并参加联组会。\n"
               "委员钱志明向总书记作了汇报。过去一年中，他走访了多家在东川省发展的企业。\n"
               "刚刚在东川省南港市忙完项目的北岛青年冯大林，一下高铁就赶往了办公室。",
               persons=["吴国华", "钱志明", "冯大林"], places=places)
    ev = extract_events(art, dt.date(2021, 3, 7))[0]
    assert ev.date == dt.date(2021, 3, 6)
    assert [r.key for r in ev.places if r.stated] == []


def test_place_of_an_event_held_in_a_clause_is_kept():
    # 出席在某市举行的论坛 / 在某市召开的座谈会上: the clause is the event's own place
    art = make("钱志明出席论坛",
               "央视网消息：5月12日，钱志明出席在南港市举行的发展论坛并致辞。",
               persons=["钱志明"], places={"南港市": ("91/02", "city")})
    assert [r.key for r in extract_events(art, dt.date(2021, 5, 12))[0].places] == ["91/02"]


def test_speaker_whose_report_follows_a_comma_and_officials_who_came_to_listen():
    art = make("吴国华参加联组会",
               "央视网消息：6日下午，吴国华看望了参加全国政协会议的委员并参加联组会。\n"
               "全国政协委员、某党中央常委钱志明，围绕加强产业合作，向总书记作了汇报。\n"
               "来自某集团的冯大林委员在联组会上，向总书记做了题为“立足保护，推进发展”的汇报。\n"
               "国务院副总理蒋一凡，以及有关部门负责同志应邀到会听取发言。",
               persons=["吴国华", "钱志明", "冯大林", "蒋一凡"])
    r = roles_of(extract_events(art, dt.date(2021, 3, 7))[0])
    assert r["钱志明"] == r["冯大林"] == "speaker"
    assert r["蒋一凡"] == "attendee"


CONTEST = ("【某某运动会】今天共产生30枚金牌",
           "央视网消息（新闻联播）：某某运动会今天（8月5日）继续进行，全天共产生30枚金牌。"
           "在女单决赛中，中国队选手钱志明4比3战胜对手夺得冠军；男单决赛中，冯大林4比2战胜队友"
           "蒋一凡，夺得最后一枚金牌。女子吊环冠军被周小兰获得。"
           "昨晚进行的女子跨栏决赛，陈红以12秒76的成绩夺得一枚银牌。")


def test_athletes_in_results_attend_the_contest_on_their_day():
    art = make(*CONTEST, persons=["钱志明", "冯大林", "蒋一凡", "周小兰", "陈红"])
    evs = extract_events(art, dt.date(2023, 8, 5))
    main = evs[0]
    assert main.kind == "Contest" and main.date == dt.date(2023, 8, 5)
    assert roles_of(main) == {"钱志明": "attendee", "冯大林": "attendee", "蒋一凡": "attendee",
                              "周小兰": "attendee"}
    last = [e for e in evs if "陈红" in roles_of(e)]
    assert last and last[0].date == dt.date(2023, 8, 4) and last[0].kind == "Contest"


def test_a_result_outside_a_contest_makes_nobody_a_participant():
    art = make("吴国华会见运动员代表",
               "央视网消息：5月12日，吴国华在北京会见运动员代表。钱志明曾夺得冠军，战胜过冯大林。",
               persons=["吴国华", "钱志明", "冯大林"])
    r = roles_of(extract_events(art, dt.date(2021, 5, 12))[0])
    assert "钱志明" not in r and "冯大林" not in r


def test_contest_takes_its_place_from_the_games_name():
    art = make(*CONTEST, persons=["钱志明", "冯大林", "蒋一凡", "周小兰", "陈红"],
               places={"某某": ("91/02", "city")})
    evs = extract_events(art, dt.date(2023, 8, 5))
    assert [r.key for r in evs[0].places] == ["91/02"]
    assert all([r.key for r in e.places] == ["91/02"] for e in evs if e.kind == "Contest")


def test_a_meeting_recalled_in_reported_speech_gives_no_guest():
    """`甲表示，过去两年，乙分别同丙总统、丁总理会晤`: 丙 and 丁 met someone else before;
    they are no guests of the meeting the article reports. A meeting named outside
    reported speech still gives its guest."""
    text = "王建华表示，过去两年，李国强分别同卡里姆总统、桑托总理会晤。"
    persons = [Mention(text=n, start=text.index(n), end=text.index(n) + len(n),
                       type="person", name=n) for n in ("王建华", "李国强", "卡里姆", "桑托")]
    roles = {(h.person.name, h.role) for h in find_roles(text, persons)}
    assert ("卡里姆", "guest") not in roles and ("桑托", "guest") not in roles
    text = "李国强分别同卡里姆总统、桑托总理会晤。"
    persons = [Mention(text=n, start=text.index(n), end=text.index(n) + len(n),
                       type="person", name=n) for n in ("李国强", "卡里姆", "桑托")]
    roles = {(h.person.name, h.role) for h in find_roles(text, persons)}
    assert ("卡里姆", "guest") in roles
