"""Tests for kg.segmenting.articles: page -> articles, bylines, column rejoin, sentence spans."""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import pytest

from kg.model import Page
from kg.segmenting.articles import join_score, looks_like_prose, parse_byline, segment_page, split_sentences

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


# ------------------------------------------------------------- coverage: no text is lost

#: Sentence punctuation and the characters that end a paragraph, as a reader sees them.
_SENT = re.compile(r"[。！？!?；;]")
_ENDS = set("。！？!?…”’）)」』")


def _cjk(s: str) -> int:
    return len(re.findall(r"[\u4e00-\u9fff]", s))


def _reads_as_prose(line: str) -> bool:
    """The brief's test of running text, written independently of kg.segmenting.articles."""
    s = line.strip()
    return _cjk(s) >= 20 and (bool(_SENT.search(s)) or s[-1] not in _ENDS)


def _fold(s: str) -> str:
    return "".join(unicodedata.normalize("NFKC", ch) for ch in s if not ch.isspace())


def _lost(page: Page, arts) -> list[tuple[str, bool]]:
    """Page blocks with lines in no article, as (first lost line, recorded in warnings).

    A line counts as kept when one of its characters is in an article's text (title or
    body) or when it is a byline whose reporters an article carries.
    """
    covered = {o for a in arts for o in a.offsets if o >= 0}
    names = {r.name for a in arts for r in a.reporters}
    warned = [_fold(w) for w in page.warnings + page.dropped]
    out = []
    pos = 0
    block_lost: list[str] = []

    def close() -> None:
        if block_lost:
            head = _fold(block_lost[0].lstrip("#* "))[:6]
            out.append((block_lost[0], any(head in w for w in warned)))
        block_lost.clear()

    for ln in page.text.splitlines(keepends=True):
        if not ln.strip():
            close()
        else:
            idx = [pos + i for i, ch in enumerate(ln) if not ch.isspace() and ch not in "#*\ufeff"]
            reps = parse_byline(ln.strip())
            kept = any(i in covered for i in idx) or (reps and all(r.name in names for r in reps))
            if not kept:
                block_lost.append(ln.strip())
        pos += len(ln)
    close()
    return out


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.name[:3])
def test_seed_pages_lose_no_prose_and_report_every_dropped_block(seed: Path) -> None:
    page = Page(source=seed.name, path=str(seed), text=seed.read_text(encoding="utf-8"))
    arts = segment_page(page)
    lost = _lost(page, arts)
    prose_lines = [ln for ln in page.text.splitlines() if _reads_as_prose(ln)]
    assert prose_lines  # the check below is not vacuous
    assert not [ln for ln, _ in lost if _reads_as_prose(ln)]
    assert all(warned for _, warned in lost), lost
    # Nothing is reported that was kept: one warning per lost block, no more.
    dropped = [w for w in page.warnings + page.dropped if w.startswith("dropped")]
    assert len(dropped) == len(lost)


def test_seed_001_quoted_paragraph_is_kept_and_rejoined() -> None:
    page = _seed("001")
    arts = segment_page(page)
    visit = next(a for a in arts if "创文" in a.headline)
    assert "付出的辛勤汗水!”当天下午,邓群策先后来到市创建办、长丰大道" in visit.text
    assert sum("辛苦了" in a.text for a in arts) == 1
    assert page.warnings == []


def test_looks_like_prose() -> None:
    assert looks_like_prose("“辛苦了!谢谢你们的付出!”当天上午,县长王五还先后来到城东的几个施工现场")
    assert looks_like_prose("会议还听取了各乡镇秋冬种工作进展情况的汇报,并对下一步工作作出")
    assert looks_like_prose("农户们说,今年的收成比去年好得多,日子越过越红火。")
    # Captions, slogans, titles: short, or no clause punctuation and no sentence end.
    assert not looks_like_prose("科学种田 增产增收")
    assert not looks_like_prose("加油!")
    assert not looks_like_prose("以饱满的热情和务实的作风全力推进乡村振兴战略落地见效")
    assert not looks_like_prose("汇聚双创活力,澎湃发展动力")


# The bug's shape: a paragraph opening with a quotation, broken at a column end on a word
# boundary (no particle, no split word: join_score cannot see the continuation), short
# enough to pass for a title line.
QUOTE_BREAK = """
县长走访慰问环卫工人

■本报记者 李 明

本报讯 1月20日上午,县长王五带队走访慰问一线环卫工人,送去节日的问候和慰问品。

“大家辛苦了!城市干净整洁离不开你们的付出!”当天上午,王五先后来到

城东清扫站、人民路与解放路口及青溪镇南岭社区,看望慰问环卫工人和社区工作人员。

王五要求,有关部门要切实保障环卫工人的合法权益。

平安是福
"""


def test_quote_paragraph_broken_at_column_end_is_kept() -> None:
    tail = "“大家辛苦了!城市干净整洁离不开你们的付出!”当天上午,王五先后来到"
    assert len(tail) <= 40 and join_score(tail, "城东清扫站、人民路与解放路口") < 2
    page = _page(QUOTE_BREAK)
    (art,) = segment_page(page)
    body = art.text[art.body_start:].split("\n")
    assert body[1] == (tail + "城东清扫站、人民路与解放路口及青溪镇南岭社区,"
                       "看望慰问环卫工人和社区工作人员。")
    assert len(body) == 3
    _offsets_ok(page, art)
    assert page.dropped == ["dropped a caption or slogan: 平安是福"]
    assert page.warnings == []


def test_quote_fragment_continued_after_another_articles_heading() -> None:
    # The continuation sits in the next column, under the other article's heading, and
    # opens with a particle: it goes back behind the quoted fragment.
    text = """
## 县长走访慰问环卫工人

■本报记者 李 明

本报讯 1月20日上午,县长王五带队走访慰问一线环卫工人。

“大家辛苦了!城市干净整洁离不开你们的付出!”当天上午,王五先后看望了城东清扫站

## 青溪镇召开春耕备耕会

■本报记者 周 一

本报讯 1月21日,青溪镇召开春耕备耕工作会议。

的环卫工人,送去慰问品。
"""
    page = _page(text)
    a, b = segment_page(page)
    assert "王五先后看望了城东清扫站的环卫工人,送去慰问品。" in a.text
    assert "慰问品" not in b.text
    assert page.warnings == []


def test_stray_prose_is_attached_with_a_warning_never_dropped() -> None:
    # A fragment above every article (continued from another page) shares no words with
    # any article: it is still kept, in the nearest article, and the user is told.
    text = """
此外还对秋冬季节森林防火、冬修水利和农村危房改造等事项作出了具体部署,要求

## 青溪镇召开春耕备耕会

■本报记者 周 一

本报讯 1月21日,青溪镇召开春耕备耕工作会议。

绿水青山就是金山银山
"""
    page = _page(text)
    (art,) = segment_page(page)
    assert "森林防火、冬修水利" in art.text
    _offsets_ok(page, art)
    assert any(w.startswith("article 1: attached a stray paragraph") and "此外还对秋冬季节" in w
               for w in page.warnings)
    assert page.dropped == ["dropped a caption or slogan: 绿水青山就是金山银山"]


def test_dropped_blocks_are_reported() -> None:
    page = _page(TWO + "\n供水信息 咨询热线:\n8429110\n某某公司协办\n\n## 图片新闻\n")
    segment_page(page)
    # left out by design: notes; a heading with no article under it: a warning
    assert page.dropped == [
        "dropped a caption or slogan: 田间风光",
        "dropped a caption or slogan: 科学种田 增产增收",
        "dropped a footer or credit: 供水信息 咨询热线: 8429110 某…",
    ]
    assert page.warnings == ["dropped a heading without article text: 图片新闻"]


def test_quote_fragment_above_another_title_is_not_a_title() -> None:
    text = QUOTE_BREAK.split("城东清扫站")[0] + """
青溪镇召开春耕备耕会

■本报记者 周 一

本报讯 1月21日,青溪镇召开春耕备耕工作会议。
"""
    page = _page(text)
    a, b = segment_page(page)
    assert b.headline == "青溪镇召开春耕备耕会" and b.kicker == ""
    assert a.text.endswith("“大家辛苦了!城市干净整洁离不开你们的付出!”当天上午,王五先后来到")
    # A title that quotes a cry is still a title.
    page = _page("“加油!”——记奋战在春耕一线的农技人员\n\n■本报记者 周 一\n\n"
                 "本报讯 春耕时节,农技人员走进田间地头。\n")
    (art,) = segment_page(page)
    assert art.headline == "“加油!”——记奋战在春耕一线的农技人员"


def test_long_two_part_title_right_above_a_byline_is_the_headline() -> None:
    # No markdown: the headline is one long line in two parts, set apart by a space.
    text = """王明远主持召开全市秋收工作会议。

市领导刘洋、陈建国出席会议。

王明远看望慰问秋收一线农技人员和种粮大户,勉励大家 在新起点上全力夺取秋粮丰收新胜利

■本报记者 孙海涛

本报讯 10月9日下午,市委书记王明远先后来到城郊乡农技站和种粮大户家中,看望慰问一线人员。
"""
    arts = segment_page(_page(text))
    heads = [a.headline for a in arts]
    assert any(h.startswith("王明远看望慰问秋收一线农技人员") and h.endswith("新胜利") for h in heads), heads
    # a long line of prose right above a byline is still not a title
    prose = text.replace("勉励大家 在新起点上", "勉励大家在新起点上").replace("新胜利\n", "新胜利。\n")
    heads = [a.headline for a in segment_page(_page(prose))]
    assert not any("看望慰问秋收" in h for h in heads), heads
