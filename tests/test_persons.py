"""Tests for kg.extracting.persons: name patterns, non-names and posts (invented examples)."""

from pathlib import Path

import pytest

from kg.extracting.persons import find_persons, find_posts

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


def names(text: str) -> list[str]:
    return sorted({m.name for m in find_persons(text)})


def test_after_post_and_post_chain():
    t = "昨日，县委副书记、代理县长龙海波主持召开会议。"
    assert names(t) == ["龙海波"]


def test_two_char_name_before_cue_word():
    t = "市长贺平主持会议，贺平强调，要抓好落实。"
    ms = find_persons(t)
    assert [m.name for m in ms] == ["贺平", "贺平"]
    assert "主持" not in ms[0].text


def test_company_post():
    assert names("区长会见了某某科技公司副总裁石宏远一行。") == ["石宏远"]


def test_list_after_group_word():
    t = "市领导邹晓东、范文、欧阳明辉出席。"
    assert names(t) == ["欧阳明辉", "范文", "邹晓东"]


def test_byline_with_padding():
    t = "■本报记者 孟 洁 通讯员 车立新\n本报讯 昨日……"
    ms = find_persons(t)
    assert [(m.name, m.text) for m in ms] == [("孟洁", "孟 洁"), ("车立新", "车立新")]
    for m in ms:
        assert t[m.start:m.end] == m.text


def test_byline_two_names_one_padded():
    t = "■本报记者 甘子健 艾 青\n"
    assert names(t) == ["甘子健", "艾青"]


def test_speech_verb_subject_and_consistency():
    t = "会上，侯振宇指出，要加强管理。侯振宇对大家表示感谢。"
    ms = find_persons(t)
    assert [m.name for m in ms] == ["侯振宇", "侯振宇"]


def test_visited_role_noun():
    t = "他走访了贫困户蒋秋生、村民谭小满家中。"
    assert names(t) == ["蒋秋生", "谭小满"]


def test_title_after_name():
    t = "邀请某某大学党委书记戴红军教授、某某学院庞一鸣研究员作报告。"
    assert names(t) == ["庞一鸣", "戴红军"]


def test_non_names():
    assert names("村民李女士说，日子越来越好。") == []
    assert names("在某地，张张手写小卡片温暖人心。") == []
    assert names("做到以日保周、以周保月、以月保季。") == []
    assert names("但同时也要看到，全力以赴开展工作，幸福感和安全感提升。") == []


def test_prefix_of_known_name_is_not_separate():
    t = "市委书记庞立新强调，庞立新要求，大家要努力。"
    assert names(t) == ["庞立新"]


def test_posts_chain_and_org():
    t = "市委副书记、代理市长龙海波会见了星河网络公司副总裁石宏远。"
    ps = find_posts(t, find_persons(t))
    got = [(p.person, p.post, p.org) for p in ps]
    assert ("龙海波", "市委副书记", "") in got
    assert ("龙海波", "代理市长", "") in got
    assert ("石宏远", "副总裁", "星河网络公司") in got
    for p in ps:
        assert t[p.start:p.end] == p.post


def test_group_word_is_not_a_post():
    t = "市领导邹晓东出席。"
    assert find_posts(t, find_persons(t)) == []


def test_title_post():
    t = "某某大学党委书记戴红军教授作报告。"
    got = [(p.person, p.post) for p in find_posts(t, find_persons(t))]
    assert got == [("戴红军", "党委书记"), ("戴红军", "教授")]


@pytest.mark.parametrize("sentence,expected", [
    ("市委副书记、代理市长朱健强调，要深入学习。", ["朱健"]),
    ("市领导刘正兴、杨龙金参加调研。", ["刘正兴", "杨龙金"]),
    ("邓群策还深入西岭镇石山村贫困户李伦述、塔山瑶族乡东江村贫困户周月秋家中走访慰问", ["周月秋", "李伦述", "邓群策"]),
])
def test_seed_sentences(sentence, expected):
    assert names(sentence) == sorted(expected)


def test_offsets_on_seed_page():
    t = (SEEDS / "000_b6e2a587ec727e97.txt").read_text(encoding="utf-8")
    ms = find_persons(t)
    assert ms
    for m in ms:
        assert t[m.start:m.end] == m.text
        assert m.name == m.text.replace(" ", "")


# --- generalisation fixes (invented sentences) ---------------------------------------
def test_inline_byline_in_brackets():
    from kg.extracting.persons import find_persons
    t = "本报临川讯（记者 范 青 通讯员 翁小禾）3月2日，全县春耕动员会召开。"
    assert {m.name for m in find_persons(t)} >= {"范青", "翁小禾"}


def test_occupation_role_nouns_and_new_cues():
    from kg.extracting.persons import find_persons
    got = {m.name for m in find_persons(
        "县人民医院主治医师柯晓雯说，种植大户闵大牛及村民代表参加。局长钱立新任组长，"
        "副校长骆春生代表学校发言，县委书记仇国安率团考察。")}
    assert {"柯晓雯", "闵大牛", "钱立新", "骆春生", "仇国安"} <= got


def test_frequent_surnames_present():
    from kg.extracting.persons import surnames
    single, _ = surnames()
    assert {"赖", "于"} <= single


def test_posts_bound_to_their_unit():
    from kg.extracting.mentions import extract_mentions

    t = ("上海市委书记陈一明和北京市委书记王二强会见客人。国家主席李四、外交部长赵五出席。"
         "中共中央总书记、国家主席、中央军委主席李四强调，主席李四指出，李四夫人出席。")
    got = [(p.person, p.post, p.unit, p.unit_type)
           for p in find_posts(t, extract_mentions(t))]
    # two cities' party secretaries: one title, two units
    assert ("陈一明", "市委书记", "310000", "place") in got
    assert ("王二强", "市委书记", "110000", "place") in got
    # national posts: the body printed with them, or the national unit of the data file
    assert ("李四", "国家主席", "world/CN", "place") in got
    assert ("赵五", "外交部长", "外交部", "organization") in got
    assert ("李四", "中共中央总书记", "中共中央", "organization") in got
    assert ("李四", "中央军委主席", "中央军委", "organization") in got
    # the short form is dropped where the longer one is given; 夫人 is no post
    assert not [g for g in got if g[1] in ("主席", "夫人")]
    for p in find_posts(t, extract_mentions(t)):
        assert t[p.start:p.end] == p.post


def test_posts_without_a_printed_unit_bind_to_the_home_city():
    from kg.extracting.persons import bind_home_posts

    t = "市委书记陈一明、省长王二强出席。"
    posts = find_posts(t, find_persons(t))
    bind_home_posts(posts, "430400")  # a city paper of 衡阳市
    got = {(p.post, p.unit) for p in posts}
    assert ("市委书记", "430400") in got and ("省长", "430000") in got
    # no home (national news): unbound
    posts = find_posts(t, find_persons(t))
    bind_home_posts(posts, None)
    assert all(p.unit == "" for p in posts)


def test_company_name_does_not_join_the_post_title():
    from kg.extracting.mentions import extract_mentions

    t = "腾讯公司副总裁陈一明出席。"
    got = [(p.post, p.unit, p.unit_type) for p in find_posts(t, extract_mentions(t))]
    assert got == [("副总裁", "腾讯", "organization")]


def test_name_after_post_before_a_verb_is_whole_and_does_not_eat_the_verb():
    # invented names: a name after a post may stand right before a verb (围绕 …),
    # and its last character is not the first of a commoner verb (陪同, 参加)
    got = {m.text for m in find_persons("省长罗志军围绕产业升级作了发言。")}
    assert "罗志军" in got
    got = {m.text for m in find_persons("办公厅主任宋奇陪同考察。")}
    assert got == {"宋奇"}
    got = {m.text for m in find_persons("市长周健参加调研，副市长孙云生出席。")}
    assert got == {"周健", "孙云生"}
    # after a preposition a following verb proves nothing (负责人向|某某递交)
    assert "向郑" not in {m.text for m in find_persons("有关负责人向郑明新递交了报告。")}


@pytest.mark.parametrize("text,name", [
    ("该国国民议会议长萨马迪亚耶在会上发言。", "萨马迪亚耶"),
    ("联合国副秘书长贝拉特雷斯表示欢迎。", "贝拉特雷斯"),
    ("该国总统奥勒斯·韦博登斯今天抵达。", "奥勒斯·韦博登斯"),
    ("该国总统卡洛斯·马涅埃及夫人出席。", "卡洛斯·马涅埃"),
])
def test_transliterated_name_after_a_post(text, name):
    # invented names: after a post a foreign name need not begin with a surname
    assert name in {m.text for m in find_persons(text)}


def test_no_foreign_name_from_ordinary_words_after_a_post():
    assert not find_persons("局长表示同意。")


def test_name_known_to_jieba_is_not_cut_before_a_verb_it_runs_into():
    # 平复 is a verb, but the three characters are a name of jieba's dictionary
    assert "习近平" in {m.text for m in find_persons("国家主席习近平复信当地群众。")}


def test_a_rare_dictionary_word_does_not_cut_a_three_character_name() -> None:
    # 明来 is a time word of jieba's dictionary (frequency 3): no evidence of a boundary
    names = [m.text for m in find_persons("副市长方立明来我市调研，方立明指出，要抓好落实。")]
    assert "方立明" in names and "方立" not in names
