"""Page shapes beyond the seed paper: transcripts, markdown with inline HTML, digests,
datelines of other outlets, pages without any layout the rules know.

Every example page here was written for the tests (invented names and events), except
``tests/data/cctv-xwlb/``: three days of real transcripts as published (trimmed), to
check that no markup reaches the graph.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from pathlib import Path

import pytest

from kg.model import Page
from kg.reading.markdown import clean_lines
from kg.segmenting.articles import segment_page
from kg.segmenting.leads import dateline_date, is_lead, parse_dateline
from kg.reading.textnorm import normalize

DATA = Path(__file__).resolve().parent / "data"
TRANSCRIPTS = sorted((DATA / "cctv-xwlb").glob("*.md"))

#: Markup that must never reach a literal: tags, entities, markdown emphasis, links.
MARKUP = re.compile(r"</?[A-Za-z][A-Za-z0-9]*[^>]*>|&(?:[A-Za-z]+|#\d+);|\*\*|\]\(https?:|^#+ ",
                    re.M)


def _page(text: str, name: str = "t_page.txt") -> Page:
    return Page(source=name, path=name, text=text)


def _offsets_ok(page: Page, art) -> None:
    """Every analysed character points at itself in the page (or at the ``&`` of the
    entity it was decoded from)."""
    assert len(art.offsets) == len(art.text)
    for ch, off in zip(art.text, art.offsets):
        if off < 0:
            assert ch in "\n "
            continue
        orig = page.text[off]
        assert ch == orig or unicodedata.normalize("NFKC", orig) == ch or orig == "&" \
            or (orig == "\u3000" and ch == " ")


# ---------------------------------------------------------------- plain transcripts

TV = """张晓峰会见南洋国总统

央视网消息（新闻联播）：国家副主席张晓峰今天（5月6日）在北京会见南洋国总统莫里斯。

张晓峰表示，两国友好关系历久弥新，双方要继续深化经贸、人文等领域合作。

莫里斯表示，南洋方面愿同中方加强沟通，推动两国关系不断向前发展。


全国春播粮食面积稳中有增

记者从农业农村部了解到，截至目前，全国春播粮食已完成意向面积的六成以上，进度快于去年同期。

各地抢抓农时，加强农资调运和农技指导，确保春播顺利推进。


清溪湖国际马拉松赛鸣枪开跑

今天（5月6日），清溪湖国际马拉松赛鸣枪开跑，来自二十多个国家和地区的两万名选手参赛。

赛事沿湖设置多处补给站和医疗点，吸引大批市民沿途加油助威。
"""


def test_tv_transcript_headline_lines_open_articles() -> None:
    page = _page(TV)
    arts = segment_page(page)
    assert [a.headline for a in arts] == ["张晓峰会见南洋国总统", "全国春播粮食面积稳中有增",
                                          "清溪湖国际马拉松赛鸣枪开跑"]
    assert "莫里斯表示" in arts[0].text and "莫里斯" not in arts[1].text
    assert arts[2].text.endswith("沿途加油助威。")
    assert page.warnings == []
    for a in arts:
        _offsets_ok(page, a)


def test_whole_headline_above_its_parts_is_the_headline() -> None:
    text = """王立新在江南省调研时强调 坚持创新驱动 推动高质量发展

王立新在江南省调研时强调

坚持创新驱动

推动高质量发展

央视网消息（新闻联播）：5月8日至9日，王立新在江南省调研，先后来到多家企业和科研院所。

王立新指出，要把科技创新摆在更加突出的位置。
"""
    page = _page(text)
    (art,) = segment_page(page)
    assert art.headline == "王立新在江南省调研时强调 坚持创新驱动 推动高质量发展"
    assert art.kicker == "" and art.subheadlines == []
    assert art.text[art.body_start:].startswith("央视网消息")


def test_list_intro_line_is_not_a_headline() -> None:
    text = """刘明远出席中外企业家座谈会

央视网消息（新闻联播）：刘明远今天在上海出席中外企业家座谈会并讲话。

刘明远提出三点建议：

一是扩大开放合作，共同维护产业链供应链稳定畅通，为企业发展创造良好环境。

二是加强创新合作，推动数字经济和绿色经济发展，培育更多新的经济增长点。
"""
    (art,) = segment_page(_page(text))
    assert art.headline == "刘明远出席中外企业家座谈会"
    assert "二是加强创新合作" in art.text


def test_full_width_headline_is_kept_as_printed() -> None:
    text = "２０２５（乙巳）年清溪祭典举行\n\n今天（４月１日），清溪祭典在清溪县举行，数千人参加。\n"
    (art,) = segment_page(_page(text))
    assert art.headline == "２０２５（乙巳）年清溪祭典举行"
    assert "4月1日" in art.text  # the analysed text is folded


# ---------------------------------------------------------------- leads and datelines


@pytest.mark.parametrize("lead, source, place, month, day, reporters", [
    ("本报北京１月１日讯　记者王小明、李红报道：本市今天", "本报", "北京", 1, 1, ["王小明", "李红"]),
    ("新华社北京１月１日电（记者张伟、刘洋）国务院近日", "新华社", "北京", 1, 1, ["张伟", "刘洋"]),
    ("本报乌鲁木齐１２月３１日电　今天上午", "本报", "乌鲁木齐", 12, 31, []),
    ("人民网北京3月2日电（记者 陈明）近日", "人民网", "北京", 3, 2, ["陈明"]),
    ("郑州5月6日电（记者 赵一）今天", "", "郑州", 5, 6, ["赵一"]),
    ("本报讯（记者 孙海涛 通讯员 周 洋）昨日", "本报", "", None, None, ["孙海涛", "周洋"]),
    ("央视网消息（新闻联播）：当地时间", "央视网", "", None, None, []),
    ("据新华社电 日前", "新华社", "", None, None, []),
])
def test_dateline_parts(lead, source, place, month, day, reporters) -> None:
    text = normalize(lead)
    assert is_lead(text)
    d = parse_dateline(text)
    assert d is not None
    assert (d.source, d.place, d.month, d.day) == (source, place, month, day)
    assert [r.name for r in d.reporters] == reporters
    assert not text[d.end:].startswith(("(", "）", ":", "：", " "))


def test_dateline_year_is_the_one_before_publication() -> None:
    d = parse_dateline("新华社华盛顿12月31日电 今天")
    assert dateline_date(d, dt.date(1998, 1, 1)) == dt.date(1997, 12, 31)
    assert dateline_date(d, None) is None
    assert dateline_date(parse_dateline("北京2024年3月2日电 今天"), None) == dt.date(2024, 3, 2)


def test_not_a_lead() -> None:
    assert not is_lead("今年1月1日起，新规正式施行。")
    assert parse_dateline("各地积极应对雨雪天气。") is None


DAILY_1998 = """迎接新世纪的曙光
　　本报北京１月１日讯　记者王小明、李红报道：首都各界群众今天在天坛公园举行新年联欢活动，共迎新春。
　　联欢活动持续到中午，现场秩序井然。
清江水利枢纽首台机组发电
　　新华社武汉１２月３１日电（记者张伟）清江水利枢纽首台机组今天并网发电，标志着工程进入收尾阶段。
　　据介绍，该工程建成后将大大提高下游防洪能力。
社论：团结奋进　再创佳绩
　　新的一年开始了。回顾过去一年，全国人民在党的领导下取得了巨大成就。
　　展望新的一年，我们充满信心。
"""


def test_daily_1998_one_paragraph_a_line_with_datelines() -> None:
    page = _page(DAILY_1998)
    arts = segment_page(page)
    assert [a.headline for a in arts] == ["迎接新世纪的曙光", "清江水利枢纽首台机组发电",
                                          "社论：团结奋进　再创佳绩"]
    assert [r.name for r in arts[0].reporters] == ["王小明", "李红"]
    assert [r.name for r in arts[1].reporters] == ["张伟"]
    assert (arts[0].dateline_place, arts[1].dateline_place, arts[2].dateline_place) == (
        "北京", "武汉", None)
    assert "现场秩序井然" in arts[0].text and "下游防洪" in arts[1].text
    for a in arts:
        _offsets_ok(page, a)


def test_dateline_date_is_set_once_the_page_is_dated() -> None:
    from kg.pipeline import process_page

    page = _page(DAILY_1998, name="19980101_p1.txt")
    process_page(page)
    arts = page.articles
    assert page.date == dt.date(1998, 1, 1)
    assert arts[0].dateline_date == dt.date(1998, 1, 1)
    assert arts[1].dateline_date == dt.date(1997, 12, 31)
    assert arts[2].dateline_date is None


def test_nothing_recognised_becomes_one_article_with_a_warning() -> None:
    text = ("青溪县今年新建乡村公路一百二十公里，沿线群众出行更加方便，农产品运输成本明显下降，"
            "许多村民办起了农家乐。\n\n县交通局表示，明年将继续推进农村公路提档升级。\n")
    page = _page(text)
    (art,) = segment_page(page)
    assert "农家乐" in art.text and "提档升级" in art.text
    assert any("read as one article" in w for w in page.warnings)


def test_nothing_recognised_first_line_headline() -> None:
    text = ("青溪县新建乡村公路一百二十公里\n"
            "今年以来，青溪县新建乡村公路一百二十公里，沿线群众出行更加方便，许多村民办起了农家乐，"
            "县交通局表示，明年将继续推进农村公路提档升级，让群众出行更加便利\n")
    page = _page(text)
    (art,) = segment_page(page)
    assert art.headline == "青溪县新建乡村公路一百二十公里"
    assert "提档升级" in art.text


# ---------------------------------------------------------------- markdown and inline HTML

DIGEST = """# 《晚间新闻》 (20250506)

## 新闻摘要

本期节目主要内容：

1.张晓峰会见南洋国总统；

2.国内新闻快讯：

（1）清溪大桥正式通车；

（2）白云机场新航站楼投用。

## 详细新闻

### 张晓峰会见南洋国总统

<p><strong>央视网消息</strong>（新闻联播）：国家副主席张晓峰今天在北京会见南洋国总统莫里斯。</p><p>双方就深化合作&nbsp;交换了意见。</p>

[查看原文](https://example.org/news/a1.shtml)

### 国内新闻快讯

<p><strong>央视网消息</strong>（新闻联播）：</p><p><strong>清溪大桥正式通车</strong></p><p>今天，横跨清江的清溪大桥正式通车，两岸通行时间由一小时缩短到十分钟。</p><p><strong>白云机场新航站楼投用</strong></p><p>白云机场新航站楼今天投入使用，年旅客吞吐能力提升到八千万人次。</p>

[查看原文](https://example.org/news/a2.shtml)
"""


def test_markdown_transcript_structure() -> None:
    page = _page(DIGEST, name="20250506.md")
    arts = segment_page(page)
    assert [a.headline for a in arts] == ["张晓峰会见南洋国总统", "清溪大桥正式通车",
                                          "白云机场新航站楼投用"]
    assert [a.url for a in arts] == ["https://example.org/news/a1.shtml",
                                     "https://example.org/news/a2.shtml",
                                     "https://example.org/news/a2.shtml"]
    assert "双方就深化合作 交换了意见。" in arts[0].text
    assert "八千万" not in arts[1].text and "八千万" in arts[2].text
    for a in arts:
        assert not MARKUP.search(a.text), a.text
        _offsets_ok(page, a)
    notes = " ".join(page.dropped)
    assert "table of contents" in notes and "section heading: 详细新闻" in notes
    assert page.warnings == []


def test_clean_lines_marks_headings_bold_and_links() -> None:
    lines = [ln for ln in clean_lines("## 标题\n<p><b>小标题</b></p><p>正文&amp;说明。</p>\n"
                                      "[查看原文](https://x.org/1)\n---\n<script>var a;</script>尾")
             if not ln.blank]
    assert [(ln.text, ln.level, ln.bold, ln.url) for ln in lines] == [
        ("标题", 2, False, ""), ("小标题", 0, True, ""), ("正文&说明。", 0, False, ""),
        ("", 0, False, "https://x.org/1"), ("尾", 0, False, "")]


@pytest.mark.skipif(not TRANSCRIPTS, reason="tests/data/cctv-xwlb missing")
@pytest.mark.parametrize("path", TRANSCRIPTS, ids=lambda p: p.name)
def test_real_transcripts_segment(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    page = _page(text, name=path.name)
    arts = segment_page(page)
    heads = [a.headline for a in arts]
    first = re.search(r"(?m)^### (.+)$", text).group(1).strip()
    assert heads[0] == first  # the first story keeps its own headline
    assert not any(h in ("详细新闻", "新闻摘要") or "主要内容" in h for h in heads)
    assert not any("快讯" in h for h in heads)  # digests split into their stories
    bold_items = len(re.findall(r"<p><strong>(?!央视网消息)[^<]{2,}</strong></p>", text))
    heading_items = len(re.findall(r"(?m)^### (?!.*快讯)", text))
    assert len(arts) == bold_items + heading_items
    for a in arts:
        assert not MARKUP.search(a.headline + "\n" + a.text), a.headline
        _offsets_ok(page, a)
    if "查看原文" in text:
        assert all(a.url and a.url.startswith("https://") for a in arts)
    assert page.warnings == []


@pytest.mark.skipif(not TRANSCRIPTS, reason="tests/data/cctv-xwlb missing")
def test_no_markup_in_the_built_turtle(tmp_path: Path) -> None:
    from kg.cli import main

    out = tmp_path / "out"
    assert main(["build", str(DATA / "cctv-xwlb"), "--out", str(out), "-q", "--no-cache"]) == 0
    ttl = (out / "kg.ttl").read_text(encoding="utf-8")
    literals = re.findall(r'"((?:[^"\\]|\\.)*)"', ttl)
    bad = [s for s in literals if MARKUP.search(s) or "查看原文" in s]
    assert bad == []
    assert "schema:url" in ttl and "详细新闻" not in ttl


# ---------------------------------------------------------------- HTML


def test_news_site_article_through_main_text_extraction() -> None:
    from kg.reading.files import read_page

    page = read_page(DATA / "html" / "site_article.html")
    assert page.date == dt.date(2024, 5, 6) and page.date_method == "HTML metadata"
    for junk in ("tracker", "广告位招租", "体育频道", "相关新闻", "版权所有", "font-size", "来源"):
        assert junk not in page.text
    (art,) = segment_page(page)
    assert art.headline == "清溪县新建乡村公路一百二十公里"
    assert art.url == "https://news.example.org/2024/05/06/qingxi-road.html"
    assert [r.name for r in art.reporters] == ["王小明"]
    assert "每斤收购价提高了两元" in art.text
    assert page.warnings == []


def test_epaper_page_through_the_html_parser() -> None:
    from kg.reading.files import read_page

    page = read_page(DATA / "html" / "epaper.htm")
    assert page.date == dt.date(2024, 5, 7)
    assert "epaper.js" not in page.text and "第02版" not in page.text
    arts = segment_page(page)
    assert [a.headline for a in arts] == ["清溪县召开春耕生产调度会", "白云机场新航站楼投入使用"]
    assert [r.name for r in arts[0].reporters] == ["陈一鸣"]
    assert "不误农时" in arts[0].text and "智能安检" in arts[1].text
    for a in arts:
        assert not MARKUP.search(a.text)


def test_html_date_is_kept_by_the_pipeline_unless_overridden(tmp_path: Path) -> None:
    from kg.pipeline import process_page
    from kg.reading.files import read_page

    page = process_page(read_page(DATA / "html" / "epaper.htm"))
    assert page.date == dt.date(2024, 5, 7)
    page = process_page(read_page(DATA / "html" / "epaper.htm"), page_date=dt.date(2024, 5, 8))
    assert page.date == dt.date(2024, 5, 8)


def test_html_without_text_is_a_clear_error(tmp_path: Path) -> None:
    from kg.reading.files import InputError, read_page

    f = tmp_path / "empty.html"
    f.write_text("<html><head><script>x()</script></head><body><nav>首页</nav></body></html>",
                 encoding="utf-8")
    with pytest.raises(InputError, match="empty.html: HTML page without any text"):
        read_page(f)


def test_summary_section_of_one_line_is_not_an_article() -> None:
    text = """# 《晚间新闻》 (20250507)

## 新闻摘要

【春耕时节】清溪大地处处忙。

## 详细新闻

### 清溪大地春耕忙

<p><strong>央视网消息</strong>（新闻联播）：眼下正是春耕时节，清溪县各地农民抢抓农时播种育秧，田间地头一派繁忙景象。</p>

### 白云机场新航站楼投用

<p><strong>央视网消息</strong>（新闻联播）：白云机场新航站楼今天投入使用，年旅客吞吐能力提升到八千万人次。</p>
"""
    page = _page(text, name="x.md")
    assert [a.headline for a in segment_page(page)] == ["清溪大地春耕忙", "白云机场新航站楼投用"]
    assert page.warnings == []


# ---------------------------------------------------------------- time


def test_segmentation_time_grows_linearly_with_page_size() -> None:
    """A page 8 times larger takes about 8 times as long, not 64 (issue 9 item 8)."""
    import time

    seeds = sorted((Path(__file__).resolve().parent.parent / "seeds").glob("*.txt"))
    if not seeds:
        pytest.skip("seed pages missing")
    one = "\n\n".join(p.read_text(encoding="utf-8") for p in seeds)

    def run(text: str) -> float:
        best = float("inf")
        for _ in range(2):
            t0 = time.process_time()
            segment_page(_page(text))
            best = min(best, time.process_time() - t0)
        return best

    run(one)  # warm up (jieba's dictionary)
    small, big = run(one), run("\n\n".join([one] * 8))
    assert big < 24 * small, (small, big)  # linear: ~8x; the old code was ~60x


def test_title_line_run_into_its_first_paragraph() -> None:
    text = """清江水利枢纽首台机组发电
　　清江水利枢纽首台机组今天并网发电，标志着这项历时五年的工程进入收尾阶段，下游防洪能力将大大提高。
　　据介绍，工程全部建成后年发电量可达三十亿千瓦时。

白石镇茶园喜获丰收
　　今年春茶开采以来，白石镇各村茶园喜获丰收，鲜叶收购价比去年同期每斤提高两元，茶农收入明显增加。
"""
    page = _page(text)
    arts = segment_page(page)
    assert [a.headline for a in arts] == ["清江水利枢纽首台机组发电", "白石镇茶园喜获丰收"]
    assert "三十亿千瓦时" in arts[0].text and "茶农收入" in arts[1].text


def test_telephone_conference_is_not_a_dateline() -> None:
    assert not is_lead("全市4月8日电视电话会议要求，各地抓好防汛工作。")
    assert parse_dateline("市政府4月8日电视电话会议要求") is None


def test_clean_lines_marks_lines_ended_by_markup_as_hard() -> None:
    lines = [ln for ln in clean_lines("<p>名单如下：</p><p>周明远　陈立新<br>二、秘书长</p>\n"
                                      "一行没有结束\n下一行") if not ln.blank]
    assert [(ln.text, ln.hard) for ln in lines] == [
        ("名单如下：", True), ("周明远　陈立新", True), ("二、秘书长", True),
        ("一行没有结束", False), ("下一行", False)]


#: A roll in the transcripts' markup: list items, an ordering note between them, and
#: items without closing punctuation. Markup ended each of them: no column breaks here.
ROLL = """### 清江市人民代表大会选举产生新一届领导班子

<p><strong>央视网消息</strong>（新闻联播）：清江市第九届人民代表大会第一次会议今天闭幕，会议选举产生新一届领导班子。名单如下：</p><p>一、主任<br></p><p>周明远<br></p><p>二、副主任<br></p><p>陈立新　郑海波　欧阳志远<br></p><p>（以下按姓氏笔画排序）</p><p>丁国强、马文清、孔令辉</p><p>会议强调，要坚持依法履职。</p>
"""


def test_markup_paragraphs_are_never_rejoined_like_column_breaks() -> None:
    page = _page(ROLL, name="20250101.md")
    arts = segment_page(page)
    assert len(arts) == 1
    text = arts[0].text
    # each list item stays a line of its own: no name glued to the next item
    for line in ("名单如下：", "一、主任", "周明远", "二、副主任", "陈立新 郑海波 欧阳志远",
                 "（以下按姓氏笔画排序）", "丁国强、马文清、孔令辉", "会议强调，要坚持依法履职。"):
        assert any(ln.endswith(normalize(line)) for ln in text.split("\n")), (line, text)
    assert "周明远二" not in text and "欧阳志远丁" not in text
    _offsets_ok(page, arts[0])


def test_plain_text_column_breaks_are_still_rejoined() -> None:
    # An unfinished paragraph without markup (an OCR'd page, or plain markdown) runs on
    # into the next block; the same text in markup paragraphs is left as written.
    head = "周明远到清溪镇调研春耕生产\n\n本报讯（记者 李明）"
    first = "昨天上午，市委书记周明远带领有关部门负责人先后来到"
    second = "清溪镇、白石乡，实地调研春耕生产。他强调，要抓好农时。"
    for name in ("t.txt", "t.md"):
        arts = segment_page(_page(f"{head}{first}\n\n{second}\n", name=name))
        assert "先后来到清溪镇" in arts[0].text, name
    arts = segment_page(_page(f"{head}<p>{first}</p><p>{second}</p>\n", name="t.md"))
    assert "先后来到\n清溪镇" in arts[0].text
