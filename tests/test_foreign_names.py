"""Foreign (transliterated) names and transliterated words that are no persons (issue 11,
helper "foreign"): regions of other countries, loanwords, a tagged person across a comma,
names before a post and after a sports cue. Sentences and names are invented."""

import pytest

from kg.doc import as_doc
from kg.extracting.gazetteer import WORLD_PREFIX, get_world
from kg.extracting.mentions import (ALL_TYPES, _foreign_after_sport_cues,
                                    _foreign_before_posts, _foreign_place_reading,
                                    _split_at_punctuation, _translit_nonname,
                                    extract_mentions)
from kg.extracting.ner.tagger import model_available
from kg.model import Mention

needs_model = pytest.mark.skipif(not model_available(), reason="CRF model file not installed")


def _found(text: str) -> set[tuple[str, str]]:
    return {(m.text, m.type) for m in extract_mentions(text, tagger_types=ALL_TYPES)}


def test_regions_of_other_countries_are_places_keyed_by_their_country():
    w = get_world()
    key = w.by_name["神奈川"]
    assert key == WORLD_PREFIX + "JP/神奈川" and w.places[key].level == "foreign_region"
    assert w.places[key].parent == ""  # shapes: a world region is inside no other place
    assert w.by_name["加州"] == w.by_name["加利福尼亚州"] == WORLD_PREFIX + "US/加利福尼亚"
    # a disputed region is given no country
    assert w.by_name["克什米尔"] == WORLD_PREFIX + "region/克什米尔"
    # names of the city lists keep their city
    assert w.places[w.by_name["冲绳"]].level == "foreign_city"


@needs_model
@pytest.mark.parametrize("text, place", [
    ("暴雨袭击了日本神奈川县东部，多条铁路停运。", "神奈川县"),
    ("双方在克什米尔实际控制线附近交火。", "克什米尔"),
    ("阿尔萨斯的葡萄酒节吸引了很多游客。", "阿尔萨斯"),
])
def test_a_region_is_no_person(text, place):
    found = _found(text)
    assert (place, "place") in found and (place, "person") not in found


def test_loanwords_list():
    assert _translit_nonname("尼古丁") and _translit_nonname("厄尔尼诺")
    assert not _translit_nonname("尼古拉") and not _translit_nonname("桑塔格")


@needs_model
@pytest.mark.parametrize("text, word", [
    ("研究发现，香烟烟雾中的尼古丁会很快进入血液。", "尼古丁"),
    ("气象部门预计今年冬季将出现厄尔尼诺现象。", "厄尔尼诺"),
    ("酒店新开了桑拿和健身房，价格不贵。", "桑拿"),
])
def test_a_loanword_is_no_person(text, word):
    assert (word, "person") not in _found(text)


def test_a_tagged_person_across_a_comma_is_split():
    norm = "男友米尔特，米尔特高大"
    assert _split_at_punctuation(norm, [(2, 9, "PER")]) == [(2, 5, "PER"), (6, 9, "PER")]
    # one character left on a side is dropped; across 、 the span is left whole
    assert _split_at_punctuation(norm, [(4, 9, "PER")]) == [(6, 9, "PER")]
    assert _split_at_punctuation("某斯克、某曼", [(0, 6, "PER")]) == [(0, 6, "PER")]


@pytest.mark.parametrize("text, name", [
    ("外交部长转达了帕卡拉维总统对他的问候。", "帕卡拉维"),
    ("据报道，伊莎贝拉外长昨天抵达首都。", "伊莎贝拉"),
])
def test_a_transliterated_name_before_a_post(text, name):
    assert [m.text for m in _foreign_before_posts(as_doc(text))] == [name]


@pytest.mark.parametrize("text", [
    "俄罗斯总统昨天发表讲话。",  # 罗斯 is part of a country
    "伊拉克总统府发表声明。",
    "该校初二班班主任到场。",  # a repeated character
    "记者见到伯奇费尔院士时，他正在讲课。",  # 伯 may begin the name: not sure of it
])
def test_no_name_before_a_post(text):
    assert _foreign_before_posts(as_doc(text)) == []


@pytest.mark.parametrize("text, name", [
    ("比赛第9分钟，由7号穆雷特头球破门。", "穆雷特"),
    ("此后，前锋巴蒂斯塔两次射门均被扑出。", "巴蒂斯塔"),
    ("主帅卡尔森赛后说，球队踢得很好。", "卡尔森"),
])
def test_a_transliterated_name_after_a_sports_cue(text, name):
    assert [m.text for m in _foreign_after_sport_cues(as_doc(text))] == [name]


@pytest.mark.parametrize("text", [
    "泰国选手塔纳苏加恩今天出场。",  # the name goes on past the run (苏)
    "3号尼古丁含量最高。",  # a loanword
])
def test_no_name_after_a_sports_cue(text):
    assert _foreign_after_sport_cues(as_doc(text)) == []




@pytest.mark.parametrize("text, name, reading", [
    ("一列火车在埃舍尔德小镇附近出轨。", "埃舍尔德", "place"),  # a place noun after it
    ("武装人员在弗拉诺维茨等4个村庄同警察交火。", "弗拉诺维茨", "place"),
    ("一架无人机在南部的拉莫特机场坠落。", "拉莫特", None),  # a thing's noun: no person
    ("当天该国用“萨鲁曼”火箭发射了卫星。", "萨鲁曼", None),
    ("外长拉莫特机场接机。", "拉莫特", "person"),  # a post before it: a person still
    ("拉莫特先生来到这里。", "拉莫特", "person"),
])
def test_a_tagged_foreign_person_before_a_place_or_thing_noun(text, name, reading):
    s = text.index(name)
    m = Mention(text=name, start=s, end=s + len(name), type="person", name=name, key=name,
                source="tagger")
    got = _foreign_place_reading(m, text, [])
    assert (got.type if got else None) == reading


def test_a_tagged_person_inside_a_longer_world_name_is_that_place():
    text = "欧洲议会在阿尔萨斯大区举行会议。"
    s = text.index("阿尔萨斯")
    m = Mention(text="阿尔萨斯", start=s, end=s + 4, type="person", name="阿尔萨斯",
                key="阿尔萨斯", source="tagger")
    region = Mention(text="阿尔萨斯大区", start=s, end=s + 6, type="place", name="阿尔萨斯",
                     key=get_world().by_name["阿尔萨斯大区"], source="world")
    assert _foreign_place_reading(m, text, [region]) is region


@needs_model
def test_a_thing_noun_after_a_quoted_name_end_to_end():
    assert ("萨利姆", "person") not in _found("当天该国用“萨利姆”火箭发射了卫星。")


@needs_model
def test_a_loanword_leaves_no_one_character_country():
    # 埃 (Egypt) after 应对 is a cue context; inside 埃博拉 it is no country
    assert ("埃", "place") not in _found("卫生部门启动措施应对埃博拉疫情。")


def test_war_report_towns_are_cities():
    w = get_world()
    assert w.places[w.by_name["汗尤尼斯"]].level == "foreign_city"
    assert w.places[w.by_name["巴赫穆特"]].parent == WORLD_PREFIX + "UA"


def test_a_country_split_off_a_tagged_person_is_no_person():
    norm = "总统某塔拉，贝宁总统"
    assert _split_at_punctuation(norm, [(2, 8, "PER")]) == [(2, 5, "PER")]
