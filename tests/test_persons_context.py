"""Chinese names read from their context in the text (helper "pd98per"): the diminutive
小 before a name, and the names at the open ends of a list of persons or of a pair of
players. Sentences
and names are invented for these tests."""

import pytest

from kg.doc import as_doc
from kg.extracting import mentions as mx
from kg.extracting.mentions import ALL_TYPES, extract_mentions
from kg.extracting.ner.tagger import model_available
from kg.model import Mention

needs_model = pytest.mark.skipif(not model_available(), reason="CRF model file not installed")


def _tagged(text: str, name: str) -> Mention:
    s = text.index(name)
    return Mention(text=name, start=s, end=s + len(name), type="person", name=name,
                   key=name, source="tagger-sure")


@pytest.mark.parametrize("text, tagged, name", [
    ("年仅五岁的小润东发起了高烧。", "小润东", "润东"),
    ("孤儿小霍佳音考上了大学。", "小霍佳音", "霍佳音"),
])
def test_diminutive_xiao_is_no_part_of_the_name(text, tagged, name):
    m = mx._without_diminutive(_tagged(text, tagged))
    assert (m.name, text[m.start:m.end]) == (name, name)


@pytest.mark.parametrize("text, tagged", [
    ("小林直树首相表示。", "小林直树"),     # a Japanese family name beginning with 小
    ("小泽一郎发表讲话。", "小泽一郎"),
    ("小东来了。", "小东"),                 # 小 + one character: the whole is the name
])
def test_xiao_stays_where_it_begins_the_name(text, tagged):
    m = mx._without_diminutive(_tagged(text, tagged))
    assert m.name == tagged


def _person(text: str, name: str, start: int = 0) -> Mention:
    s = text.index(name, start)
    return Mention(text=name, start=s, end=s + len(name), type="person", name=name,
                   key=name, source="tagger-sure")


def test_names_at_the_open_ends_of_a_list_of_persons():
    text = "要像邱梦樵、裴少棠那样为国为民。"
    doc = as_doc(text)
    out = mx._list_edge_peers(doc, [_person(text, "裴少棠")])
    assert {m.name for m in out} == {"邱梦樵", "裴少棠"}
    text = "当年武佳卉、莫晓蓓那种拼劲很难见到。"
    doc = as_doc(text)
    out = mx._list_edge_peers(doc, [_person(text, "武佳卉")])
    assert {m.name for m in out} == {"武佳卉", "莫晓蓓"}


def test_no_list_edge_name_without_a_person_beside_it():
    text = "要像邱梦樵、裴少棠那样为国为民。"
    assert mx._list_edge_peers(as_doc(text), []) == []
    text = "当地盛产苹果、梨那样的水果。"     # no person in the list
    assert mx._list_edge_peers(as_doc(text), []) == []


@needs_model
def test_diminutive_name_found_at_its_other_mentions():
    text = "年仅八岁的小佳怡被送进医院。佳怡的母亲守在床边。"
    persons = {(m.text, m.start) for m in extract_mentions(text, tagger_types=ALL_TYPES)
               if m.type == "person"}
    assert persons == {("佳怡", 6), ("佳怡", 14)}


def test_a_pair_of_players_beside_a_person():
    text = "但邵敏洁/詹佩瑶还是赢下了比赛。"      # normalised: the slash of a pair
    doc = as_doc(text)
    out = mx._list_edge_peers(doc, [_person(text, "邵敏洁")])
    assert {m.name for m in out} == {"邵敏洁", "詹佩瑶"}


def test_a_tagged_person_across_the_pair_slash_is_two():
    text = "选手邵敏洁/詹佩瑶之后"
    s = text.index("邵")
    assert mx._split_at_punctuation(text, [(s, s + 7, "PER")]) == [
        (s, s + 3, "PER"), (s + 4, s + 7, "PER")]


def test_corner_quotes_end_a_name_like_other_quotes():
    # a tagged "person" running into 』 (回家问问孙子』) is dropped like one across “ ”
    assert all(mx._PUNCT.search(n) for n in ("孙子』", "『孙某", "「某某", "某某’"))


@pytest.mark.parametrize("text, name, expected", [
    ("并转达了塔纳库维通总统的问候。", "塔纳库维通", "person"),
    ("他会见了某某共和国总统。", "某某共和国", "place"),    # ends like a place
    ("俄罗斯总统发表讲话。", "俄罗斯", "place"),           # a country of the world list
    ("塔纳库维通总统府发表声明。", "塔纳库维通", "place"),  # 总统府: a building
])
def test_an_unknown_place_before_a_post_is_a_person(text, name, expected):
    s = text.index(name)
    m = Mention(text=name, start=s, end=s + len(name), type="place", name=name,
                source="tagger")
    assert mx._person_before_post(m, text).type == expected


@pytest.mark.parametrize("text, name, ok", [
    ("塔纳林外长昨天说。", "塔纳林", True),
    ("俄罗斯总统发表讲话。", "俄罗斯", False),        # a country
    ("某某州州长发表讲话。", "某某州", False),        # ends like a place
    ("塔纳林总统府发表声明。", "塔纳林", False),      # a building after the post
    ("塔纳林昨天说。", "塔纳林", False),              # no post
])
def test_an_unsure_name_right_before_a_post(text, name, ok):
    s = text.index(name)
    assert mx._name_before_post(text, s, s + len(name)) is ok


def test_a_name_before_the_post_of_a_place_is_that_place():
    text = "塔纳林省长回顾了访问。"
    assert mx._name_before_post(text, 0, 3) is False
    m = Mention(text="上海", start=0, end=2, type="place", name="上海", source="tagger")
    assert mx._person_before_post(m, "上海外长说").type == "place"  # a register name
