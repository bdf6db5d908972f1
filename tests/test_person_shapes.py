"""Shapes of names in any news (issue 11, helper "pernames"): edges of transliterated
names, idioms, units after numbers, place endings, the post rule's junk. Sentences and
names are invented for these tests."""

import pytest

from kg.doc import as_doc
from kg.extracting.mentions import (ALL_TYPES, _in_idiom, _in_place_list, _join_adjacent,
                                    _looks_translit,
                                    _not_a_person, _post_junk, _translit_bounds,
                                    extract_mentions)
from kg.extracting.ner.tagger import model_available
from kg.model import Mention

needs_model = pytest.mark.skipif(not model_available(), reason="CRF model file not installed")


def _bounds(text: str, name: str) -> str:
    doc = as_doc(text)
    s = text.index(name)
    a, b = _translit_bounds(doc, s, s + len(name))
    return text[a:b]


def _found(text: str) -> set[tuple[str, str]]:
    return {(m.text, m.type) for m in extract_mentions(text, tagger_types=ALL_TYPES)}


def test_looks_translit():
    assert _looks_translit("卡洛斯") and _looks_translit("德米特·伯奇费尔")
    assert not _looks_translit("王建国") and not _looks_translit("纳米孔")


@pytest.mark.parametrize("text, cut, whole", [
    ("莫拉特纳亚克议长会见了他。", "莫拉特纳", "莫拉特纳亚克"),  # stopped inside the run
    ("参议员萨罗约当选为下届议长。", "萨罗", "萨罗约"),
    ("俄罗斯的库莫尼科娃进入决赛。", "莫尼科娃", "库莫尼科娃"),  # a piece left before it
    ("该组织秘书长卡洛·贝南希望各方保持克制。", "卡洛·贝南希", "卡洛·贝南"),  # 希望
    ("球队外援多里贝罗各为球队打进一球。", "多里贝罗各", "多里贝罗"),  # a function word
    ("总理夫人阿米莎出席了活动。", "夫人阿米莎", "阿米莎"),  # a common word in front
])
def test_edges_of_a_transliterated_name(text, cut, whole):
    assert _bounds(text, cut) == whole


def test_edges_never_cut_a_word_or_a_place_nor_move_a_chinese_name():
    assert _bounds("尼日利亚奥塞赫和队友都来了。", "塞赫") == "奥塞赫"  # not 尼日利亚
    assert _bounds("卡洛斯特别强调了这一点。", "卡洛斯") == "卡洛斯"  # 特别
    assert _bounds("王建国拉开了帷幕。", "王建国") == "王建国"
    assert _bounds("不久前成功实现纳米孔基因测序仪的量产。", "纳米孔") == "纳米孔"
    # a last character outside the list was read in on purpose (胡 before 胡同)
    assert _bounds("总理卡塔尼亚胡同一天表示。", "卡塔尼亚胡") == "卡塔尼亚胡"


def test_a_transliteration_cut_in_two_is_one_name():
    text = "我见到贝托费尔院士。"
    s = text.index("贝托")
    spans = [(s, s + 2, "PER"), (s + 2, s + 4, "PER")]
    assert _join_adjacent(text, spans) == [(s, s + 4, "PER")]
    text = "李明王芳都来了。"  # two Chinese names side by side stay apart
    assert _join_adjacent(text, [(0, 2, "PER"), (2, 4, "PER")]) == [(0, 2, "PER"), (2, 4, "PER")]


def _tagged(text: str, name: str) -> Mention:
    s = text.index(name)
    return Mention(text=name, start=s, end=s + len(name), type="person", name=name,
                   key=name, source="tagger")


def test_idioms_are_no_persons():
    assert _in_idiom("这项改革任重道远。", 4, 8)
    assert _in_idiom("他张冠李戴了。", 1, 3)  # a piece of one too
    assert not _in_idiom("王建国来了。", 0, 3)
    assert _not_a_person(_tagged("这项改革任重道远。", "任重道远"), "这项改革任重道远。") is None


def test_a_unit_after_a_number_is_no_person():
    text = "汽油每升提价3卢比。"
    assert _not_a_person(_tagged(text, "卢比"), text) is None


def test_place_endings():
    text = "洪水淹没了拉贾斯坦邦的农田。"
    m = _not_a_person(_tagged(text, "拉贾斯坦邦"), text)
    assert m is not None and m.type == "place"
    text = "船只途经马拉若岛时遇到风暴。"  # 岛 ends no person's name
    assert _not_a_person(_tagged(text, "马拉若岛"), text).type == "place"
    text = "画家戴敦邦来了。"  # a Chinese given name may end in 邦
    assert _not_a_person(_tagged(text, "戴敦邦"), text).type == "person"
    text = "外长卡洛斯坦邦表示。"  # after a post it is a person whatever it ends in
    assert _not_a_person(_tagged(text, "卡洛斯坦邦"), text).type == "person"


def test_post_rule_junk():
    assert _post_junk("周二晚") and _post_junk("和欧洲")
    assert not _post_junk("和万春") and not _post_junk("卡洛斯")


@needs_model
def test_end_to_end():
    assert ("卡洛·贝南", "person") in _found("该组织秘书长卡洛·贝南希望各方保持克制。")
    assert not any(t == "person" for _, t in _found("他说，这项改革任重道远，不能松懈。"))
    assert not any(t == "person" for _, t in _found("总理周二晚表示，协议将很快签署。"))
    assert ("阿米莎", "person") in _found("总理夫人阿米莎出席了活动。")


def test_items_of_a_list_of_places():
    text = "该公司垄断了奈良川、森田等5县的交通。"
    for name in ("奈良川", "森田"):
        assert _in_place_list(text, _tagged(text, name), set(), set())
    text = "代表团访问了北海道、大阪、卡洛森。"  # another item is a resolved place
    osaka = (text.index("大阪"), text.index("大阪") + 2)
    assert _in_place_list(text, _tagged(text, "卡洛森"), {osaka}, set())
    text = "他会见了卡洛斯、伊万诺夫等国家领导人。"  # persons, not places
    assert not _in_place_list(text, _tagged(text, "卡洛斯"), set(), set())
    text = "他会见了卡洛斯、伊万诺夫等各国市长。"
    assert not _in_place_list(text, _tagged(text, "伊万诺夫"), set(), set())
    text = "大阪、卡洛斯、伊万诺夫出席。"  # other items are persons too
    iv = (text.index("伊万诺夫"), text.index("伊万诺夫") + 4)
    assert not _in_place_list(text, _tagged(text, "卡洛斯"), {(0, 2)}, {iv})
