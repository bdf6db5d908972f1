"""Foreign cities beyond the hand-kept list (GeoNames), and towns that bear persons' names.

Sentences are invented; the city names are general knowledge (GeoNames)."""

from __future__ import annotations

import random
import re

import pytest

from kg.extracting.gazetteer import get_world
from kg.extracting.mentions import extract_mentions
from kg.extracting.ner.tagger import model_available
from kg.lexicon import data_lines, data_rows, words_regex


def test_words_regex_finds_the_longest_word_like_a_flat_alternation() -> None:
    rnd = random.Random(7)
    alphabet = "甲乙丙丁戊"
    words = {"".join(rnd.choice(alphabet) for _ in range(rnd.randint(1, 5)))
             for _ in range(300)}
    flat = re.compile("|".join(map(re.escape, sorted(words, key=lambda w: (-len(w), w)))))
    trie = words_regex(words)
    for _ in range(50):
        text = "".join(rnd.choice(alphabet + "，") for _ in range(200))
        assert [m.span() for m in trie.finditer(text)] == \
            [m.span() for m in flat.finditer(text)]


def test_geonames_cities_are_in_the_world_table_after_the_hand_list() -> None:
    w = get_world()
    rows = data_rows("place_world_cities_geonames.tsv")
    assert len(rows) > 1000
    assert all(len(r["name"]) >= 3 for r in rows)  # short names collide with words
    key = w.by_name["哈尔科夫"]
    assert key == "world/UA/哈尔科夫" and key in w.minor
    assert w.places[key].parent == "world/UA"
    assert w.by_name["莫斯科"] not in w.minor  # the hand list's own city
    minor_names = {w.places[k].name for k in w.minor}
    assert not minor_names & set(data_lines("place_world_cities_stop.txt"))


def _m(text: str) -> dict[str, str]:
    return {m.text: m.type for m in extract_mentions(text)}


def test_a_listed_city_is_a_place_in_a_war_report() -> None:
    got = _m("俄军称向哈尔科夫方向推进，乌方称击退了进攻。")
    assert got.get("哈尔科夫") == "place"


@pytest.mark.skipif(not model_available(), reason="tagger model not installed")
def test_an_unlisted_town_with_a_place_ending_is_no_person() -> None:
    got = _m("双方在科罗斯托夫斯克附近激烈交火。")
    assert got.get("科罗斯托夫斯克") != "person"


def test_a_town_named_like_a_person_is_the_person_after_a_post_or_before_speech() -> None:
    assert "亨德森" in get_world().by_name  # a US city in GeoNames, and a surname
    got = _m("亨德森表示，双方将加强合作。")
    assert got.get("亨德森") == "person"
    got = _m("会见了英国外交大臣亨德森。亨德森此行将访问三国。")
    assert got.get("亨德森") == "person"
    assert all(m.type == "person" for m in extract_mentions(
        "会见了英国外交大臣亨德森。亨德森此行将访问三国。") if m.text == "亨德森")


@pytest.mark.skipif(not model_available(), reason="tagger model not installed")
def test_a_hyphenated_foreign_name_is_one_person_and_a_country_pair_is_not() -> None:
    got = {m.text: m.type for m in extract_mentions("巴西总统卡多索-阿尔维斯说，合作前景广阔。")}
    assert got.get("卡多索-阿尔维斯") == "person"
    got = {m.text: m.type for m in extract_mentions("中国－东盟博览会在南宁开幕。")}
    assert got.get("中国") == "place" and "中国－东盟" not in got


def test_a_list_printed_with_spaces_gives_one_person_per_name() -> None:
    from kg.extracting import mentions as mm

    norm = "委员　甄立群　柯华明　当选"
    assert mm._split_at_spaces(norm, [(3, 10, "PER")]) == [(3, 6, "PER"), (7, 10, "PER")]
    assert mm._split_at_spaces("记者　陈　润", [(3, 6, "PER")]) == [(3, 6, "PER")]
