"""Tests for kg.extracting.orgs (invented organisation names)."""

from kg.extracting.orgs import BARE_SOURCE, find_orgs


def names(text: str, **kw) -> list[str]:
    """Names of the bodies that may become graph nodes (bare committees such as 县委
    are reported for ``kg mentions`` only: see test_bare_committee_…)."""
    return [m.name for m in find_orgs(text, **kw) if m.source != BARE_SOURCE]


def test_government_bodies_in_list():
    t = "会上，市委统战部、市发改委、市公安局交警支队等部门负责人发言。"
    got = names(t)
    assert "市委统战部" in got and "市发改委" in got
    assert "部门" not in got


def test_company_with_place_prefix():
    t = "本次活动由青川县绿源农业科技有限公司承办。"
    assert names(t) == ["青川县绿源农业科技有限公司"]


def test_key_expands_home_prefix():
    ms = find_orgs("据市委宣传部介绍，", home="临江市")
    assert [(m.name, m.key) for m in ms] == [("市委宣传部", "临江市委宣传部")]


def test_bare_bodies_and_common_words_are_not_orgs():
    assert names("在市委、市政府的坚强领导下，广大干部群众齐心协力。") == []
    assert names("要统筹全局，部署工作。") == []


def test_left_boundary_stops_at_verb_and_preposition():
    assert names("他前往丰水镇敬老院看望老人。") == ["丰水镇敬老院"]
    assert names("记者从市水利局获悉") == ["市水利局"]


def test_offsets():
    t = "双方签约：某某区管委会与东岳投资集团签订协议。"
    for m in find_orgs(t):
        assert t[m.start:m.end] == m.text
    assert "东岳投资集团" in names(t)


# --- names with 和, posts glued to the suffix, ordinal teams, listed brands ----------
def test_name_with_and_is_not_cut():
    t = "会上，市发展和改革委员会、县自然资源和规划局作交流发言。"
    assert names(t) == ["市发展和改革委员会", "县自然资源和规划局"]


def test_two_names_joined_by_and_stay_two():
    assert names("县人民医院和乡镇卫生院的医生") == ["县人民医院", "乡镇卫生院"]
    assert names("市委和市政府办公室") == ["市政府办公室"]


def test_suffix_glued_to_a_post():
    assert names("全国茶叶流通协会会长范某某致辞") == ["全国茶叶流通协会"]


def test_committee_member_post_is_not_an_org():
    assert names("临江市委常委、宣传部部长出席。") == []


def test_ordinal_team_takes_the_home_city():
    ms = find_orgs("我市第七批援藏工作队出发", home="临江市")
    assert [(m.name, m.key, m.level) for m in ms] == [
        ("临江市第七批援藏工作队", "临江市第七批援藏工作队", "team")]


def test_brand_names_only_in_a_cued_list():
    assert names("为青禾瓷业、云溪电子有限公司等企业提供服务") == [
        "青禾瓷业", "云溪电子有限公司"]
    assert names("引进电子信息、装备制造等企业") == []
    assert names("青禾瓷业发展很快") == []


def test_org_place():
    from kg.extracting.gazetteer import get_gazetteer
    from kg.extracting.orgs import org_place

    g = get_gazetteer()

    def place(text: str, home: str | None) -> str:
        (m,) = find_orgs(text, home=home)
        k = org_place(m, home, g)
        return g.name(k) if k else ""

    assert place("青川县绿源农业科技有限公司", None) == "青川县"
    assert place("市委宣传部", "常德市") == "常德市"
    assert place("省教育厅", "常德市") == "湖南省"
    assert place("湖南工业大学", None) == "湖南省"
    assert place("东方红农机合作社", None) == ""  # 东方 is not read as 东方市
    assert place("区人民医院", "常德市") == ""  # which district is not stated
    assert place("市委宣传部", None) == ""
    # a news agency is no village that happens to be the only one named 新华 (no home)
    assert place("新华社", None) == ""


def test_org_place_uses_the_nested_place_mention():
    from kg.extracting.mentions import extract_mentions
    from kg.extracting.orgs import org_place

    t = "雷某到柏溪街道新民村调研，在新民村党群服务中心座谈。"
    ms = extract_mentions(t, home="宜宾市")
    org = next(m for m in ms if m.type == "organization")
    places = [m for m in ms if m.type == "place"]
    from kg.extracting.gazetteer import get_gazetteer
    g = get_gazetteer()
    key = org_place(org, "宜宾市", g, places)
    assert g.name(key) == "新民村" and "柏溪街道" in [g.name(a) for a in g.ancestors(key)]


def test_well_known_bodies_without_a_suffix():
    got = find_orgs("新华社消息，国务院总理会见欧盟和东盟代表，央视报道，外交部长出席。")
    assert [(m.name, m.level) for m in got] == [
        ("新华社", "media"), ("国务院", "government"), ("欧盟", "international"),
        ("东盟", "international"), ("中央电视台", "media"), ("外交部", "government")]
    # a lexicon name inside another word is not the body
    assert names("各国会议代表发言。") == []


def test_teams():
    t = "甲国队以3比1战胜乙国队。" .replace("甲国", "古巴").replace("乙国", "匈牙利")
    assert names(t) == ["古巴队", "匈牙利队"]
    assert names("中国女队和某省代表团出发，队员们很高兴。") == ["中国女队"]
    assert names("湖南队长说。") == []


def test_names_never_begin_with_a_governing_verb():
    got = names("报告认为包括大众集团在内的企业，还有联想集团，出任欧洲中央银行行长。刚出医院，卖掉一部。")
    assert got == ["大众集团", "联想集团", "欧洲中央银行"]
    # a verb that is part of the name, right before a bare ending, stays
    assert names("县乡村振兴局、市投资促进局负责人") == ["县乡村振兴局", "市投资促进局"]


def test_government_only_of_a_chinese_unit():
    got = names("美国政府认为，湖南省人民政府和衡阳市政府表示，加快政府改革，新政府成立。")
    assert got == ["湖南省人民政府", "衡阳市政府"]


def test_no_quantifier_at_the_start():
    assert names("一些银行和两家公司") == []


def test_no_date_or_count_before_a_body():
    # invented sentences: 1987年|某科学院, 35家|航空公司
    names = [m.text for m in find_orgs("1987年中国科学院派出考察队。")]
    assert names and not any(n[0].isdigit() or n.startswith("年") for n in names)
    assert not any(m.text.startswith("家") for m in find_orgs("全国有35家航空公司参加。"))


def test_bare_committee_is_reported_but_no_graph_node():
    from kg.extracting.mentions import graph_worthy

    found = find_orgs("他多次被县委、团县委评为先进，县委书记为他颁奖。")
    bare = [m for m in found if m.text in ("县委", "团县委")]
    assert [m.text for m in bare] == ["县委", "团县委"]  # not the one before the post
    assert not any(graph_worthy(m) for m in bare)
    assert not [m for m in find_orgs("市委书记主持会议，省委常委出席。")]


# --- sub-units after their body, agencies named 某某署 (helper orgloc) --------------
def test_sub_unit_printed_after_its_body_is_one_name():
    assert names("他毕业于南岭大学化学系，后留校任教。") == ["南岭大学化学系"]
    assert names("青禾市财政局人事科科长说") == ["青禾市财政局人事科"]


def test_sub_unit_is_not_a_post_nor_a_common_word():
    # 党委书记 is a post: the body alone; 关系 is no sub-unit
    assert names("青禾市财政局党委书记某某说") == ["青禾市财政局"]
    assert names("青禾市财政局关系到千家万户") == ["青禾市财政局"]


def test_agency_ending_in_shu():
    assert names("根据国家海洋总署的通报，") == ["国家海洋总署"]
    assert names("双方将重新部署兵力。") == []


def test_team_name_holds_no_verb_or_second_team_word():
    # 某国队|组队: the team, then a verb; 某国能派队: no team at all
    assert names("而中国队组队才半年") == ["中国队"]
    assert names("希望中国能派队参加") == []
    assert names("面对丹麦、马来西亚等强队时") == []


def test_lexicon_company_printed_with_its_country():
    ms = [m for m in find_orgs("美国惠普公司表示") if m.source == "lexicon"]
    assert [(m.text, m.name, m.key) for m in ms] == [("美国惠普公司", "惠普", "惠普")]
