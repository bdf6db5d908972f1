"""Tests for kg.orgs (invented organisation names)."""

from kg.orgs import find_orgs


def names(text: str, **kw) -> list[str]:
    return [m.name for m in find_orgs(text, **kw)]


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
