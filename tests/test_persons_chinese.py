"""Chinese names the 1998-paper error list showed missed (helper "pernames", fourth
pass): inline bylines, a name before a post and a speech verb, and the tagger's unsure
names given a second opinion. Sentences and names are invented for these tests."""

import pytest

from kg.extracting.mentions import ALL_TYPES, extract_mentions
from kg.extracting.ner.tagger import model_available
from kg.extracting.persons import find_persons

needs_model = pytest.mark.skipif(not model_available(), reason="CRF model file not installed")


def _names(text: str) -> set[str]:
    return {m.name for m in find_persons(text)}


def _persons(text: str) -> set[str]:
    return {m.text for m in extract_mentions(text, tagger_types=ALL_TYPES)
            if m.type == "person"}


@pytest.mark.parametrize("text, name", [
    ("本报南昌6月2日电记者韩立来报道：全省夏粮收购昨天开始。", "韩立来"),
    ("新华社记者欧阳明辉摄", "欧阳明辉"),
    ("本报讯记者祁晓报道：市图书馆新馆开放。", "祁晓"),
])
def test_inline_byline_names_the_reporter(text, name):
    assert name in _names(text)


@pytest.mark.parametrize("text", [
    "记者前来报道。",             # a word, not a name
    "记者采访报道了这件事。",
])
def test_inline_byline_needs_a_name(text):
    assert _names(text) == set()


@pytest.mark.parametrize("text, name", [
    ("市第三中学贾明昭校长说，新校区九月启用。", "贾明昭"),
    ("邢东来副市长表示，工程年底完工。", "邢东来"),
])
def test_name_before_a_post_and_a_speech_verb(text, name):
    assert name in _names(text)


@pytest.mark.parametrize("text", [
    "该公司的发言人说，产品将于下月上市。",   # 公司的
    "民政部养老服务司有关负责人介绍，新规明年实施。",  # 司有关
    "他向江主席介绍了工程进展。",  # 向 + a short reference
    "这所学校校长说，今年扩招。",
])
def test_no_name_before_a_post_from_ordinary_words(text):
    assert _names(text) == set()


@pytest.mark.parametrize("text, name, wrong", [
    ("那年秋天，我和章立同志在县城相识。", "章立", "和章立"),     # 和 a connective here
    ("而党委的同志说，这样处理不妥。", None, "党委的"),
])
def test_name_before_a_title_not_from_a_connective_or_a_particle(text, name, wrong):
    found = _names(text)
    assert wrong not in found
    if name:
        assert name in found


@needs_model
@pytest.mark.parametrize("text, name", [
    ("田春雨又安排人手修路。", "田春雨"),  # the tagger: mean .6
])
def test_unsure_tagged_chinese_name_gets_a_second_opinion(text, name):
    assert name in _persons(text)


@needs_model
def test_cup_is_no_person():
    assert "连海杯" not in _persons("首届“连海杯”女子足球赛昨天开幕。")


@pytest.mark.parametrize("text, name", [
    ("牧民赶着羊群向高山夏牧场迁徙。", "高山夏"),    # 高山 a word
    ("双方连正常往来都中断了。", "连正常"),          # 正常 a common word
    ("守军用导弹还击，王导弹部队已转移。", "王导弹"),  # 导弹 a common word
    ("袭击发生在城郊的祖马尔村。", "祖马尔"),        # a rare surname, transliteration
    ("他先到了古都，在王之涣故居前留影。", "王之"),   # cut inside a jieba word
])
def test_second_opinion_refuses_shapes_that_are_no_names(text, name):
    from kg.doc import as_doc
    from kg.extracting.mentions import _chinese_second_opinion

    doc = as_doc(text)
    s = text.index(name)
    assert not _chinese_second_opinion(doc, s, s + len(name))


def test_second_opinion_accepts_a_plain_chinese_name():
    from kg.doc import as_doc
    from kg.extracting.mentions import _chinese_second_opinion

    text = "田春雨又安排人手修路。"
    assert _chinese_second_opinion(as_doc(text), 0, 3)


def test_second_opinion_refuses_a_verb_as_given_name():
    from kg.doc import as_doc
    from kg.extracting.mentions import _chinese_second_opinion

    text = "首届青少年合唱周开幕。"
    s = text.index("周开幕")
    assert not _chinese_second_opinion(as_doc(text), s, s + 3)


@needs_model
def test_classifier_after_a_demonstrative_is_no_surname():
    assert not any(p.startswith("张") for p in _persons("这张小巧的书签是他送的。"))
