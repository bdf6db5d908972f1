"""Tests for kg.extracting.mentions.extract_mentions (combined persons, places, organisations)."""

from pathlib import Path

from kg.extracting.mentions import extract_mentions

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


def test_sorted_offsets_and_types():
    t = "市委书记庞立新在市委宣传部调研，副市长甘子健陪同。"
    ms = extract_mentions(t)
    assert [m.start for m in ms] == sorted(m.start for m in ms)
    for m in ms:
        assert t[m.start:m.end] == m.text
    persons = [m.name for m in ms if m.type == "person"]
    assert persons == ["庞立新", "甘子健"]
    assert any(m.type == "organization" and m.name == "市委宣传部" for m in ms)


def test_full_width_text_offsets_as_given():
    t = "市长贺平主持会议，贺平强调：要抓落实。"
    ms = extract_mentions(t)
    assert [m.name for m in ms if m.type == "person"] == ["贺平", "贺平"]
    for m in ms:
        assert t[m.start:m.end] == m.text


def test_person_never_overlaps_other_mentions():
    t = (SEEDS / "002_0c3d2c04bd8aa6d3.txt").read_text(encoding="utf-8")
    ms = extract_mentions(t)
    persons = [m for m in ms if m.type == "person"]
    others = [m for m in ms if m.type != "person"]
    for p in persons:
        assert not any(p.start < o.end and o.start < p.end for o in others)
    for m in ms:
        assert t[m.start:m.end] == m.text


def test_seed_page_persons_and_padded_byline():
    t = (SEEDS / "000_b6e2a587ec727e97.txt").read_text(encoding="utf-8")
    names = {m.name for m in extract_mentions(t) if m.type == "person"}
    assert {"邓群策", "习近平", "李伦述", "陈润", "周围"} <= names
    assert "祝福" not in names and "小康" not in names


def test_as_dict_json_ready():
    t = "市领导邹晓东出席。"
    d = extract_mentions(t)[0].as_dict()
    assert d["type"] == "person" and d["name"] == "邹晓东" and d["start"] == 3


def test_a_countrys_forces_or_side_is_no_person():
    # tvblind: 乌军/以军 read by the tagger as surname + given name
    text = ("某国国防部13日称，俄军对乌军弹药设施进行了打击。乌克兰军方称，乌军在某地与俄军发生"
            "战斗，以军也发动空袭。")
    persons = [m.name for m in extract_mentions(text) if m.type == "person"]
    assert not [p for p in persons if p.endswith("军")], persons
