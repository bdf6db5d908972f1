"""Tests of kg.extracting.places: recognition and resolution of places in invented and seed text."""

import json
from pathlib import Path

import pytest

from kg.extracting.gazetteer import get_gazetteer
from kg.extracting.places import find_places, infer_home, place_of

HY = "430400"  # a home city key used by the invented examples (not hard-coded in code)


def names(ms, level=None):
    return {m.name for m in ms if level is None or m.level == level}


def keyed(ms):
    return {m.text: m.key for m in ms}


def test_full_names_and_nesting_in_org():
    ms = find_places("张三来到衡东县荣桓镇敬老院看望老人。")
    assert {"衡东县", "荣桓镇"} <= names(ms)
    assert keyed(ms)["荣桓镇"] == "430424/荣桓镇"


def test_ethnic_township_short_form_by_context():
    ms = find_places("王五走访常宁市塔山乡，了解茶叶生产。")
    assert keyed(ms)["塔山乡"] == "430482/塔山瑶族乡"
    assert "塔山瑶族乡" in names(ms)


def test_village_resolved_by_adjacent_township():
    ms = find_places("李四在常宁市西岭镇石山村调研。")
    assert keyed(ms)["石山村"] == "430482/西岭镇/石山村"


def test_village_resolved_by_context_keys():
    ms = find_places("他还来到石山村产业园。", context=["430482/西岭镇"])
    assert keyed(ms)["石山村"] == "430482/西岭镇/石山村"


def test_ambiguous_village_without_context_is_not_guessed():
    ms = find_places("他还来到石山村。")
    assert all(m.key != "430482/西岭镇/石山村" for m in ms)


def test_city_short_and_county_city_short():
    ms = find_places("赵六表示，常宁要主动融入衡阳发展大局。", home=HY)
    assert {"常宁市", "衡阳市"} <= names(ms)


def test_county_short_far_away():
    ms = find_places("鄯善湘疆苑开门迎客。")
    assert "鄯善县" in names(ms)
    venue = [m for m in ms if m.level == "venue"]
    assert venue and venue[0].name == "湘疆苑" and venue[0].key.startswith("650421/")
    assert place_of(venue[0]).parent == "650421"


def test_zone_short_forms_use_home_city():
    ms = find_places("高新区与经开区签约两个项目。", home=HY)
    k = keyed(ms)
    assert k["高新区"] == "430472" and k["经开区"] == "430473"
    assert "湖南衡阳松木经济开发区" in names(ms)


def test_zone_short_without_home_is_dropped():
    ms = find_places("高新区签约两个项目。")
    assert not [m for m in ms if m.level == "zone"]


def test_zone_distinctive_short_form():
    ms = find_places("松木经开区新上项目十个。")
    assert keyed(ms)["松木经开区"] == "430473"


def test_one_char_abbreviation_needs_home():
    assert "衡阳市" in names(find_places("欢迎客商来衡投资兴业。", home=HY))
    assert not find_places("欢迎客商来衡投资兴业。")
    # 衡山 is a longer word: no abbreviation reading
    assert all(m.source != "abbreviation"
               for m in find_places("游客在衡山看日出。", home=HY))


def test_implied_home():
    ms = find_places("全市上下要统一思想。", home=HY)
    assert [m.key for m in ms] == [HY]


@pytest.mark.parametrize("text", [
    "要坚持走党建强、产业兴的可持续发展之路，以周保月、以月保季。",
    "加强合作，振兴乡村，同心协力建设农村道路。",
    "确保农村壮大村级集体经济，理清思路，一路向前。",
    "这是一个中心村，也是一个新村。",
])
def test_false_positive_guards(text):
    ms = find_places(text)
    assert not [m for m in ms if m.level not in ("region",)], ms


def test_word_prefix_guard_and_text_placed_village():
    assert not find_places("会上，部分乡镇党委书记作了发言。")
    ms = find_places("走进常宁市西岭镇某某社区。")
    v = [m for m in ms if m.text == "某某社区"]
    assert not v  # not a register name: not recognised at all
    ms = find_places("活动走进雁峰区先锋街道沿江社区。")
    v = [m for m in ms if m.text == "沿江社区"]
    assert v and v[0].key == "430406/先锋街道/沿江社区"
    p = place_of(v[0])
    assert p.parent == "430406/先锋街道" and not p.resolved


def test_regions_and_roads():
    ms = find_places("打造湘南湘西承接产业转移示范区，对接长三角。", home=HY)
    assert {"湘南湘西", "长三角"} <= names(ms, "region")
    assert "湘西土家族苗族自治州" not in names(ms)
    ms = find_places("沿着衡州大道行驶。", home=HY)
    road = [m for m in ms if m.level == "road"]
    assert road and road[0].name == "衡州大道"


def test_venue_named_after_place_is_not_the_place():
    ms = find_places("衡山科学城建设加快。", home=HY)
    assert "衡山县" not in names(ms)
    assert "衡山科学城" in names(ms, "venue")


def test_infer_home_counts_full_and_short():
    texts = ["株洲市召开会议。我市全市干部参加。",
             "衡阳市委书记在衡阳调研，衡阳市民点赞。全市上下、我市各界一致好评。"]
    assert infer_home(texts) == HY
    assert infer_home(["今天天气很好。"]) is None


def test_infer_home_none_for_national_news():
    # national news names cities but never speaks of "our city": no home guess
    texts = ["衡阳市召开会议。衡阳市委书记在衡阳调研，衡阳市民点赞。株洲市也有活动。"]
    assert infer_home(texts) is None
    # two cities about equally named: not clearly the paper's own
    texts = ["我市全市上下：衡阳市、衡阳和株洲市、株洲开展合作。我市本市"]
    assert infer_home(texts) is None


def test_short_name_beginning_a_longer_name_is_not_the_place():
    ms = find_places("北京时间今晚，浦江创新论坛在沪开幕，游客漫步平江历史文化街区。")
    assert not {"北京市", "浦江县", "平江县"} & set(names(ms))
    # the place hosting a forum stands
    assert "北京市" in names(find_places("北京举办论坛，广东和台湾代表参加。"))
    assert "台湾省" in names(find_places("台湾地区的同胞。"))
    assert "北京市" in names(find_places("他在北京人民大会堂会见来宾。"))


def test_foreign_places_from_cldr_and_city_list():
    ms = find_places("俄罗斯总统在莫斯科会见美国客人，双方谈到欧洲和东南亚局势。")
    got = {m.name: m for m in ms}
    assert got["俄罗斯"].level == "country" and got["美国"].level == "country"
    assert got["莫斯科"].level == "foreign_city" and got["莫斯科"].key.startswith("world/RU/")
    assert got["欧洲"].level == got["东南亚"].level == "foreign_region"
    # organisations are not places; a country inside a longer word is not the country
    assert not {"欧盟", "联合国"} & set(names(find_places("欧盟和联合国发表声明。")))
    assert "中国" not in names(find_places("坚持中国特色社会主义道路。"))


def test_country_abbreviations_only_in_tight_contexts():
    got = [(m.text, m.name) for m in find_places("中美关系良好，他访美期间，俄总统表示欢迎来华。")]
    assert got == [("中", "中国"), ("美", "美国"), ("美", "美国"), ("俄", "俄罗斯"),
                   ("华", "中国")]
    # dates, 中华, 越来越: no country
    assert find_places("当地时间6月20日中午，中华民族越来越好，雨势越来越大。") == []


def test_foreign_city_place_sits_in_its_country():
    from kg.extracting.gazetteer import get_gazetteer
    from kg.extracting.places import place_of

    m = [m for m in find_places("代表团抵达巴黎。") if m.name == "巴黎"][0]
    p = place_of(m)
    assert p.level == "foreign_city" and p.parent == "world/FR"
    assert get_gazetteer().place(p.parent).name == "法国"


def test_mentions_sorted_and_deterministic():
    t = "市委书记赴常宁市西岭镇和塔山瑶族乡调研。"
    a = [m.as_dict() for m in find_places(t, home=HY)]
    b = [m.as_dict() for m in find_places(t, home=HY)]
    assert a == b and a == sorted(a, key=lambda d: (d["start"], -d["end"], d.get("key", "")))


def test_ancestor_chain_of_found_place():
    ms = find_places("常宁市西岭镇石山村")
    k = keyed(ms)["石山村"]
    assert get_gazetteer().ancestors(k)[-1] == "430000"


def _gold_places_f1() -> float:
    gold_dir = Path(__file__).parent / "gold"
    seeds = Path(__file__).parent.parent / "seeds"
    tp = fp = fn = 0
    for f in sorted(gold_dir.glob("*.json")):
        d = json.loads(f.read_text(encoding="utf-8"))
        text = (seeds / d["file"]).read_text(encoding="utf-8")
        gold = {p for a in d["articles"] for p in a.get("places", [])}
        # optional only where no article of the page requires it
        opt = {p for a in d["articles"] for p in a.get("places_optional", [])} - gold
        pred = names(find_places(text, home=infer_home([text]))) - opt
        tp += len(pred & gold)
        fp += len(pred - gold)
        fn += len(gold - pred)
    p, r = tp / max(tp + fp, 1), tp / max(tp + fn, 1)
    return 2 * p * r / max(p + r, 1e-9)


def test_gold_places_f1():
    assert _gold_places_f1() >= 0.9


def test_province_abbreviations_after_a_cue():
    got = [(m.text, m.name) for m in find_places("他进京后赴沪，在京举行会议，在港期间来湘考察。")]
    assert got == [("京", "北京市"), ("沪", "上海市"), ("京", "北京市"),
                   ("港", "香港特别行政区"), ("湘", "湖南省")]
    # a common character after a cue is no province
    assert find_places("在新的一年，台上演员来美丽的地方。") == []


def test_country_glued_to_the_next_word():
    got = [m.name for m in find_places("印度政府表示，中国人民和欧美学者。")]
    assert got == ["印度", "中国", "欧洲", "美国"]


def test_short_name_that_is_a_common_word_needs_context_of_its_own():
    # invented: once 合作市 is named, the word 合作 later on is not that city again;
    # places named many places earlier are no context for it either
    text = ("合作市代表团今天抵达。随后访问了北京、上海、天津、重庆、广州、深圳、杭州、"
            "南京和武汉。双方同意加强合作。")
    spans = [(m.text, m.start) for m in find_places(text)]
    assert ("合作市", 0) in spans
    assert not any(t == "合作" for t, _ in spans)
    # its unit printed right before it still makes it the place
    assert any(m.text == "合作" and m.name == "合作市"
               for m in find_places("甘南藏族自治州合作召开大会。"))


def test_common_word_short_name_needs_more_than_its_province():
    # invented: a province named just before is no context for the common word 合作
    # (an article on Gansu is full of cooperation), its parent unit is
    assert not any(m.name == "合作市" for m in find_places("在甘肃，各地加强合作，推进生态保护。"))
    assert any(m.name == "合作市" for m in find_places("甘南州今年在合作举办了文化节。"))
    # a rare word (jieba knows 普兰 as a person name) may still take its province
    assert any(m.name == "普兰县" for m in find_places("西藏西部今天有雪，普兰一带气温下降。"))


@pytest.mark.parametrize("text", [
    "这座城市正在推进中关村式的科技园区建设。",  # 中 begins a word of its own
    "政府加大力度促进中小企业发展。",
    "在抢险救援中，战士们表现英勇。",  # 中 as a postposition after a word ending in 援
    "在国际事务中加强协调。",  # 中|加强 is no pair of countries
    "以军在加沙城发动袭击。",
    "专家一名哈马斯成员被捕。",  # 哈马斯 is a word of jieba's dictionary
    "双方同意以方便群众为原则。",  # the cue 方 must end a word
    "歌手约翰·墨菲登台演唱。",  # a transliterated name after its dot
])
def test_one_character_abbreviation_false_readings(text):
    assert not [m for m in find_places(text) if len(m.text) == 1], text


@pytest.mark.parametrize("text,expected", [
    ("中方愿同马方加强合作。", ["中国", "马来西亚"]),
    ("据报道，美军当天撤出该基地。", ["美国"]),
    ("中哈两国元首举行会谈。", ["中国", "哈萨克斯坦"]),
    ("推动中柬关系发展。", ["中国", "柬埔寨"]),
    ("各方反对美侵犯他国主权。", ["美国"]),  # a word of its own after 反对
    ("会议在京举行。", ["北京市"]),
])
def test_one_character_abbreviation_in_its_contexts(text, expected):
    assert [m.name for m in find_places(text) if len(m.text) == 1] == expected


# --- television generality, fourth pass (helper tvblind) ---------------------------------

def test_compound_region_is_one_region():
    ms = find_places("中央财政对中西部地区补贴四成，对东部地区补贴三成。")
    assert names(ms, "region") == {"中西部地区", "东部地区"}
    assert [m.text for m in ms if m.level == "region"] == ["中西部地区", "东部地区"]


def test_township_named_by_a_generic_term_needs_its_parent():
    ms = find_places("全区加快打造经济技术开发区、边境经济合作区等开放平台。")
    assert not [m for m in ms if m.level == "township"], ms


def test_ordinary_word_ending_like_a_road_is_no_road():
    ms = find_places("企业要提性能、拓销路，不断优化服务。")
    assert not [m for m in ms if m.level == "road"], ms


@pytest.mark.parametrize("text", [
    "实施中要注重统筹新建增量与盘活存量，按需新建相关设施。",
    "部队官兵开展沿河检查、加固堤坝、转移群众等工作。",
])
def test_register_short_names_used_as_words_need_context(text):
    assert not [m for m in find_places(text) if m.level == "county"]


def test_register_short_name_used_as_word_still_read_with_its_parent():
    ms = find_places("江西南昌新建区的新建项目开工。")
    assert "新建区" in names(ms, "county")


def test_pair_of_sides_opening_a_proper_name_is_no_place():
    # 中欧班列: a train service named after its two ends, as 中非合作论坛
    assert not find_places("某某班列和中欧班列累计开行突破两万列。")
    assert {"中国", "欧洲"} <= names(find_places("中欧双方要加强合作。"))


def test_a_rare_short_name_beside_units_of_the_same_parent_is_placed():
    """A bare short name jieba does not tag as a place (金华: nz) is weak; units of its
    own parent named just before it (a list of a province's cities) place it, while a
    unit that contains a namesake still decides between the two (安阳市 / 安阳县)."""
    found = {m.text: m.key for m in find_places("记者先后走访了衢州、丽水、金华三市。")}
    assert found["金华"] == "330700"
    found = {m.text: m.name for m in find_places("河南省文物局负责人走访了洛阳、郑州、安阳等地。")}
    assert found["安阳"] == "安阳市"


def test_bare_macro_region_as_a_word_of_its_own():
    """华北, 江南 (kg/data/place_regions_bare.txt) only as words of their own: not in
    an idiom (大江南北), not over a district of the register (江南区)."""
    from kg.extracting.places import find_places

    assert [(m.text, m.key) for m in find_places("今天华北一带有降雨。")] == [
        ("华北", "region/华北")]
    assert find_places("歌声传遍大江南北。") == []
    assert [m.text for m in find_places("南宁市江南区的居民")] == ["南宁市", "江南区"]
