"""Tests for kg.segment: page -> articles, bylines, column rejoin, sentence spans."""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import pytest

from kg.model import Page
from kg.segment import join_score, parse_byline, segment_page, split_sentences

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
GOLD = ROOT / "tests" / "gold"


def _page(text: str, name: str = "t_page.txt") -> Page:
    return Page(source=name, path=name, text=text)


def _seed(prefix: str) -> Page:
    f = next(p for p in SEEDS if p.name.startswith(prefix))
    return Page(source=f.name, path=str(f), text=f.read_text(encoding="utf-8"))


def _key(s: str) -> str:
    return "".join(ch for ch in s if not (ch.isspace()
                                          or unicodedata.category(ch).startswith("P")))


def _offsets_ok(page: Page, art) -> None:
    assert len(art.offsets) == len(art.text)
    for ch, off in zip(art.text, art.offsets):
        if off < 0:
            assert ch in "\n "
        else:
            orig = page.text[off]
            assert ch == orig or unicodedata.normalize("NFKC", orig) == ch


# ------------------------------------------------------------- invented pages

TWO = """
张三在全县秋收工作会议上强调——

抓好秋粮颗粒归仓

■本报记者 李 明 通 讯 员 赵小红

本报讯 10月8日上午,全县秋收工作会议召开。县委书记张三出席会议并讲话,要求各乡镇抓紧抢收

抢晒,确保颗粒归仓。

张三指出,要统筹抓好秋收秋种。

青溪镇举办农民丰收节

每天接待游客 800 人

■本报记者 周 一 王 二

本报讯 10月9日,青溪镇第三届农民丰收节开幕,吸引游客纷至沓来。

田间风光

科学种田
增产增收
"""


def test_two_article_page() -> None:
    page = _page(TWO)
    arts = segment_page(page)
    assert [a.headline for a in arts] == ["抓好秋粮颗粒归仓", "青溪镇举办农民丰收节"]
    a, b = arts
    assert a.kicker == "张三在全县秋收工作会议上强调——"
    assert [(r.name, r.role) for r in a.reporters] == [("李明", "记者"), ("赵小红", "通讯员")]
    assert [r.name for r in b.reporters] == ["周一", "王二"]
    assert b.subheadlines == ["每天接待游客 800 人"]
    # The lead broken after 抢收 is rejoined with 抢晒 without a break.
    assert "抓紧抢收抢晒,确保颗粒归仓。" in a.text
    # Caption and slogan are not article text.
    assert "田间风光" not in b.text and "科学种田" not in b.text
    assert a.id == "t_page/1" and b.id == "t_page/2" and b.index == 2
    for art in arts:
        _offsets_ok(page, art)
        assert art.text[art.headline_span[0]:art.headline_span[1]] == art.headline
        assert art.text[art.body_start:].startswith("本报讯")


def test_empty_and_articleless_pages() -> None:
    assert segment_page(_page("")) == []
    assert segment_page(_page("\n\n科学防控疫情\n有序推进复工复产\n\n供水信息 咨询热线:\n8429110\n")) == []


def test_markdown_page_strips_markers_but_keeps_offsets() -> None:
    text = "# 新区召开招商推介会\n\n■本报记者 钱 多\n\n**本报讯** 昨日,新区召开招商推介会。\n"
    page = _page(text)
    (art,) = segment_page(page)
    assert art.headline == "新区召开招商推介会"
    assert art.text == "新区召开招商推介会\n本报讯 昨日,新区召开招商推介会。"
    assert "#" not in art.text and "*" not in art.text
    s, e = art.page_span(*art.headline_span)
    assert text[s:e] == "新区召开招商推介会"
    _offsets_ok(page, art)


INTERLEAVED = """
■本报记者 孙 立

本报讯 昨日,县政府召开防汛工作会议,部署全县防汛抗旱工作。会议要求各地压实

■本报记者 孙 立

本报讯 昨日,县长王五主持召开秸秆禁烧工作调度会,研究部署秸秆综合利用工作。

## 县政府召开防汛工作会议

会议指出,秸秆禁烧事关群众健康,要加强巡查,严防死守。

## 秸秆禁烧调度会召开

责任,落实防汛物资和抢险队伍,确保安全度汛。
"""


def test_interleaved_headings_and_fragments() -> None:
    arts = segment_page(_page(INTERLEAVED))
    by_head = {a.headline: a for a in arts}
    assert set(by_head) == {"县政府召开防汛工作会议", "秸秆禁烧调度会召开"}
    flood, straw = by_head["县政府召开防汛工作会议"], by_head["秸秆禁烧调度会召开"]
    # The fragment starting mid-sentence continues the broken flood lead.
    assert "会议要求各地压实责任,落实防汛物资" in flood.text
    assert "责任,落实" not in straw.text
    assert [a.headline for a in arts][0] == "县政府召开防汛工作会议"  # page order of seeds


def test_parse_byline_padded_and_bare() -> None:
    assert [(r.name, r.role, r.raw) for r in parse_byline("■本报记者 敖文景 周 围")] == [
        ("敖文景", "记者", "敖文景"), ("周围", "记者", "周 围")]
    assert [(r.name, r.role) for r in parse_byline("■谢小青")] == [("谢小青", "")]
    assert [(r.name, r.role) for r in parse_byline("实习生 邓 灵")] == [("邓灵", "实习生")]
    assert [(r.name, r.role) for r in parse_byline("■本报记者 陈润 见习记者 徐志强")] == [
        ("陈润", "记者"), ("徐志强", "见习记者")]
    assert parse_byline("■本报记者会同有关部门开展了调查研究工作") == []


def test_join_score() -> None:
    assert join_score("坚持在市委、市政", "府的坚强领导下") >= 2  # word cut by the column
    assert join_score("解决融资、", "土地、用工等方面问题") >= 2
    assert join_score("推动经济高质量发展", "的务实举措") >= 2
    assert join_score("推动经济高质量发展", "会议指出,要加强领导。") < 2


def test_split_sentences() -> None:
    text = "他说:“好。”然后离开。第二句!\n没有句号的行\n  第三;第四"
    spans = split_sentences(text)
    assert [text[s:e] for s, e in spans] == [
        "他说:“好。”", "然后离开。", "第二句!", "没有句号的行", "第三;", "第四"]
    assert split_sentences("") == []


# ------------------------------------------------------------- seed pages

EXPECTED = {
    "000": 4, "001": 4, "002": 4, "003": 5, "004": 6,
}


@pytest.mark.parametrize("prefix", sorted(EXPECTED))
def test_seed_article_counts_and_offsets(prefix: str) -> None:
    page = _seed(prefix)
    arts = segment_page(page)
    assert len(arts) == EXPECTED[prefix]
    for a in arts:
        assert a.headline and a.reporters
        _offsets_ok(page, a)
        body = a.text[a.body_start:]
        assert body.startswith("本报讯")
        # Every body paragraph but possibly a truncated last one ends a sentence.
        paras = body.split("\n")
        assert all(re.search(r"[。!?!?”)]$", p) for p in paras[:-1]), paras


def _gold(prefix: str) -> dict:
    f = next(GOLD.glob(f"{prefix}_*.json"))
    return json.loads(f.read_text(encoding="utf-8"))


@pytest.mark.parametrize("prefix", ["000", "001", "002"])
def test_seed_titles_and_reporters_match_gold(prefix: str) -> None:
    gold = _gold(prefix)
    arts = segment_page(_seed(prefix))
    for g in gold["articles"]:
        hits = [a for a in arts if _key(g["title"]) in _key(a.headline)
                or _key(a.headline) in _key(g["title"])]
        assert len(hits) == 1, g["title"]
        assert sorted(r.name for r in hits[0].reporters) == sorted(g["reporters"])


def test_seed_rejoined_sentences_and_dropped_captions() -> None:
    a0 = segment_page(_seed("000"))
    assert "以及脱贫攻坚工作系列重要讲话精神" in a0[0].text
    assert "在塔山乡东江村召开的座谈会上,邓群策听取" in a0[0].text
    assert "广场内部设施干净舒适" not in a0[3].text
    assert all("有序推进复工复产" not in a.text for a in a0)
    a4 = segment_page(_seed("004"))
    assert all("咨询热线" not in a.text and "协办" not in a.text for a in a4)
    a3 = segment_page(_seed("003"))
    assert "张纾翔介绍了腾讯的基本情况和合作意向。" in a3[2].text
    assert [(r.name, r.role) for r in a3[3].reporters] == [("金明达", "记者"), ("邓灵", "实习生")]


def test_seed_001_interleaved() -> None:
    arts = segment_page(_seed("001"))
    meeting = next(a for a in arts if "常务会议" in a.headline)
    campaign = next(a for a in arts if "走深落细" in a.headline)
    assert meeting.text[meeting.body_start:].startswith("本报讯 昨日上午,市长朱健主持召开市政府")
    assert "援企服务" in campaign.text[campaign.body_start:campaign.body_start + 60]
    # Column fragments go back to the sentence they continue.
    assert "推动经济高质量发展的务实举措" in campaign.text
    assert "遇到的融资、土地、用工" in campaign.text
    assert "市领导彭玉明、杨洪峰、何恩广参加会议。" in campaign.text
    assert "土地、用工" not in meeting.text
    assert "市安全生产培训中心,高水平进行运行管理" in meeting.text
    assert campaign.kicker == "朱健主持召开专题调度会,强调——"


def test_lead_byline_bom_and_headless_lead() -> None:
    page = _page("\ufeff\n\n水库除险加固完工\n\n本报讯(记者 赵六 通讯员 钱七)昨日,某水库除险加固工程完工。\r\n")
    (art,) = segment_page(page)
    assert art.headline == "水库除险加固完工"
    assert [(r.name, r.role) for r in art.reporters] == [("赵六", "记者"), ("钱七", "通讯员")]
    assert page.warnings == []
    page = _page("本报讯 某县今年粮食总产再创新高。\n\n第二段说明情况。\n")
    (art,) = segment_page(page)
    assert art.headline == "某县今年粮食总产再创新高"  # fallback, with a warning
    assert page.warnings
