"""How `extract_mentions` combines the rules with the statistical tagger (issue 11,
helper "nerfix"). Sentences are invented for these tests."""

import pytest

from kg.extracting.mentions import ALL_TYPES, extract_mentions
from kg.extracting.ner.tagger import model_available
from kg.model import Mention

needs_model = pytest.mark.skipif(not model_available(), reason="CRF model file not installed")


def _found(text: str) -> set[tuple[str, str]]:
    return {(m.text, m.type) for m in extract_mentions(text, tagger_types=ALL_TYPES)}


@needs_model
def test_country_pair_is_two_countries_not_one_place():
    found = _found("他谈到中美在反恐方面的合作。")
    assert {("中", "place"), ("美", "place")} <= found
    assert ("中美", "place") not in found


@needs_model
def test_lexicon_body_needs_no_tagger_support():
    assert ("欧盟", "organization") in _found("他说，欧盟将继续支持这项计划。")


@needs_model
def test_lexicon_name_that_is_a_common_word_still_needs_support():
    assert ("日产", "organization") not in _found("这口油井日产原油三百吨。")


@needs_model
def test_country_side_is_no_person():
    text = "会谈中，马方坚定支持一个中国原则，愿深化马中友好合作。"
    found = {(m.text, m.type, m.name) for m in extract_mentions(text)}
    assert ("马", "place", "马来西亚") in found
    assert not any(t == "person" and "马" in s for s, t, _ in found)


def _orgs(text: str) -> list[str]:
    return [m.text for m in extract_mentions(text, tagger_types=ALL_TYPES)
            if m.type == "organization"]


@needs_model
def test_body_found_by_its_ending_does_not_swallow_a_verb_before_it():
    assert _orgs("他把标本赠送给武汉地质研究所保存。") == ["武汉地质研究所"]


@needs_model
def test_body_headed_by_a_proper_name_or_a_lexicon_head_stays_whole():
    assert _orgs("中信欧洲有限公司的一位业务经理说，市场看好。") == ["中信欧洲有限公司"]
    assert "国家广播电视总局" in "".join(_orgs("国家广播电视总局昨天发布通知。"))


def test_unsure_person_that_is_a_word_is_not_spread():
    from kg.extracting.mentions import _consistency
    from kg.doc import as_doc
    from kg.model import Mention

    doc = as_doc("海洋养育了我们。保护海洋，人人有责。海洋资源丰富。")
    guess = Mention(text="海洋", start=0, end=2, type="person", name="海洋", key="海洋",
                    source="tagger")
    assert _consistency(doc, [guess]) == []
    sure = Mention(text="海洋", start=0, end=2, type="person", name="海洋", key="海洋",
                   source="post")
    assert len(_consistency(doc, [sure])) >= 1


def test_names_in_a_list_of_persons_are_persons():
    # invented: the rules/tagger know some items; the others are their peers
    text = "会议期间，周海涛、宋文、白玛次仁、许志刚等委员先后发言。"
    ms = extract_mentions(text)
    persons = {m.text for m in ms if m.type == "person"}
    if model_available():
        assert {"周海涛", "宋文", "白玛次仁", "许志刚"} <= persons
    # a list of things stays a list of things
    assert not [m for m in extract_mentions("他喜欢苹果、香蕉、橘子和葡萄。")
                if m.type == "person"]


def test_list_peer_needs_a_surname_when_only_one_item_is_known():
    from kg.doc import as_doc
    from kg.extracting.mentions import _list_peers

    doc = as_doc("袁立新、高山流水参加活动。")
    known = Mention(text="袁立新", start=0, end=3, type="person", name="袁立新",
                    key="袁立新", source="post")
    assert _list_peers(doc, [known]) == [known]  # 高山流水: no surname reading, a word
    doc = as_doc("张小明、袁立新参加活动。")
    known = Mention(text="袁立新", start=4, end=7, type="person", name="袁立新",
                    key="袁立新", source="post")
    assert {m.text for m in _list_peers(doc, [known])} == {"张小明", "袁立新"}


@needs_model
def test_lexicon_body_is_not_also_a_place_on_the_same_span():
    found = [(m.text, m.type) for m in
             extract_mentions("对此，英特尔发表声明予以反驳。", tagger_types=ALL_TYPES)]
    assert ("英特尔", "organization") in found and ("英特尔", "place") not in found
