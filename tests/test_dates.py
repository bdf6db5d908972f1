"""Tests for kg.extracting.dates: date expressions and publication-date inference."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from kg.extracting.dates import DateMention, find_dates, infer_page_date, parse_cn_number

ROOT = Path(__file__).resolve().parent.parent
PAGE = dt.date(2020, 5, 29)
D = dt.date


def one(text: str, page: dt.date | None = PAGE) -> DateMention:
    found = find_dates(text, page)
    assert len(found) == 1, found
    return found[0]


# ---------------------------------------------------------------- single forms

@pytest.mark.parametrize("text,date,pod", [
    ("4月8日", D(2020, 4, 8), ""),
    ("11月11日下午", D(2020, 11, 11), "下午"),  # 166 days ahead is nearer than 200 back
    ("3月30日晚", D(2020, 3, 30), "晚"),
    ("5月2日上午10时", D(2020, 5, 2), "上午"),
    ("６月５日", D(2020, 6, 5), ""),  # full-width digits
    ("十一月十一日", D(2020, 11, 11), ""),
    ("二〇一九年五月二十八日", D(2019, 5, 28), ""),
    ("2018-03-07", D(2018, 3, 7), ""),
])
def test_day_dates(text: str, date: dt.date, pod: str) -> None:
    m = one(text)
    assert (m.date, m.precision, m.part_of_day, m.text) == (date, "day", pod, text)
    assert m.end_date is None and not m.relative


def test_explicit_year_and_offsets() -> None:
    text = "据悉，2017年12月3日，张三参加会议。"
    m = one(text)
    assert m.date == D(2017, 12, 3) and m.year_explicit
    assert text[m.start:m.end] == "2017年12月3日"


def test_year_nearest_to_page_date() -> None:
    # A page of 2 January: "12月30日" is three days earlier, not a year later.
    assert one("12月30日", D(2021, 1, 2)).date == D(2020, 12, 30)
    # Announced dates later in the same year stay in that year.
    assert one("将于6月5日举行", D(2019, 5, 29)).date == D(2019, 6, 5)


def test_relative_year_words() -> None:
    a, b = find_dates("去年6月，今年3月5日", PAGE)
    assert (a.date, a.end_date, a.precision) == (D(2019, 6, 1), D(2019, 6, 30), "month")
    assert b.date == D(2020, 3, 5)


def test_without_page_date_keeps_month_and_day() -> None:
    m = one("8月17日上午", None)
    assert m.date is None and (m.month, m.day) == (8, 17) and m.part_of_day == "上午"
    assert one("2016年8月17日", None).date == D(2016, 8, 17)


# ---------------------------------------------------------------- spans

@pytest.mark.parametrize("text,start,end", [
    ("6月30日至7月1日", D(2020, 6, 30), D(2020, 7, 1)),
    ("6月5日—11日", D(2020, 6, 5), D(2020, 6, 11)),
    ("6月5日-7日", D(2020, 6, 5), D(2020, 6, 7)),
    ("6月5—7日", D(2020, 6, 5), D(2020, 6, 7)),
    ("5月31日22:00至6月1日12:00", D(2020, 5, 31), D(2020, 6, 1)),
    ("1月1日上午8时至3月11日上午8时", D(2020, 1, 1), D(2020, 3, 11)),
    ("3月1日至11日8时", D(2020, 3, 1), D(2020, 3, 11)),
    ("2019年12月30日至2020年1月2日", D(2019, 12, 30), D(2020, 1, 2)),
    ("12月30日至1月2日", D(2019, 12, 30), D(2020, 1, 2)),
])
def test_spans(text: str, start: dt.date, end: dt.date) -> None:
    m = one(text)
    assert (m.date, m.end_date, m.text) == (start, end, text)


def test_time_range_is_not_a_span() -> None:
    m = one("6月5日10:00—12:00，举行论坛")
    assert m.date == D(2020, 6, 5) and m.end_date is None and m.text == "6月5日10:00—12:00"


# ---------------------------------------------------------------- relative and partial

@pytest.mark.parametrize("text,date,rel", [
    ("昨日", D(2020, 5, 28), "yesterday"),
    ("昨天", D(2020, 5, 28), "yesterday"),
    ("今天", D(2020, 5, 29), "today"),
    ("今日", D(2020, 5, 29), "today"),
    ("前天", D(2020, 5, 27), "day_before_yesterday"),
])
def test_relative_days(text: str, date: dt.date, rel: str) -> None:
    m = one(text)
    assert (m.date, m.relative, m.precision) == (date, rel, "day")
    assert one(text, None).date is None


def test_relative_with_part_of_day() -> None:
    m = one("昨日上午，会议召开")
    assert (m.text, m.date, m.part_of_day) == ("昨日上午", D(2020, 5, 28), "上午")


@pytest.mark.parametrize("word", ["近日", "日前", "近期"])
def test_vague_dates_never_get_a_day(word: str) -> None:
    m = one(f"本报讯 {word}，某公司举行活动")
    assert (m.date, m.precision, m.relative) == (None, "unknown", "recent")


def test_day_only() -> None:
    assert one("28日，记者了解到").date == D(2020, 5, 28)
    # After the page's day: last month's.
    assert one("30日，记者了解到", D(2020, 6, 2)).date == D(2020, 5, 30)
    # 起 announces: the coming 31st of this month.
    m = one("31日起，某区停水")
    assert (m.date, m.open_ended, m.text) == (D(2020, 5, 31), True, "31日起")


@pytest.mark.parametrize("text,start,end", [
    ("6月上旬", D(2020, 6, 1), D(2020, 6, 10)),
    ("6月中旬", D(2020, 6, 11), D(2020, 6, 20)),
    ("6月下旬", D(2020, 6, 21), D(2020, 6, 30)),
    ("3月中下旬", D(2020, 3, 11), D(2020, 3, 31)),
    ("6月份", D(2020, 6, 1), D(2020, 6, 30)),
    ("7月份", D(2020, 7, 1), D(2020, 7, 31)),
    ("2月份", D(2020, 2, 1), D(2020, 2, 29)),
    ("本月", D(2020, 5, 1), D(2020, 5, 31)),
    ("1-3月", D(2020, 1, 1), D(2020, 3, 31)),
])
def test_month_precision(text: str, start: dt.date, end: dt.date) -> None:
    m = one(text)
    assert (m.date, m.end_date, m.precision) == (start, end, "month")


def test_open_ended_since() -> None:
    m = one("该活动从5月1日开展至今")
    assert m.date == D(2020, 5, 1)
    assert one("3月1日以来，累计降雨").open_ended


# ---------------------------------------------------------------- not dates

@pytest.mark.parametrize("text", [
    "《2018年度考核结果》", "市政府第16次常务会议", "10:00—12:00", "共有114家企业",
    "投资3208.03万元", "连续3日降雨", "30日内完成整改", "节日前夕", "送你三月的风",
    "2020湖南活动", "每日两次", "1日游",
])
def test_no_false_dates(text: str) -> None:
    assert find_dates(text, PAGE) == []


def test_several_in_order() -> None:
    text = "3月12日上午，会议召开。昨日下午，李四调研。近日，王五表示，将于6月上旬完工。"
    got = find_dates(text, D(2020, 3, 13))
    assert [m.text for m in got] == ["3月12日上午", "昨日下午", "近日", "6月上旬"]
    assert [m.start for m in got] == sorted(m.start for m in got)


def test_parse_cn_number() -> None:
    assert [parse_cn_number(s) for s in ["28", "十一", "二十八", "一百", "九十九", "二〇二〇", "七十"]] \
        == [28, 11, 28, 100, 99, 2020, 70]


# ---------------------------------------------------------------- page dates

SEED_DATES = {
    "000": D(2020, 4, 9), "001": D(2020, 11, 12), "002": D(2020, 7, 2),
    "003": D(2020, 3, 13), "004": D(2019, 5, 29),
}


@pytest.mark.parametrize("prefix", sorted(SEED_DATES))
def test_seed_page_dates(prefix: str) -> None:
    path = next((ROOT / "seeds").glob(f"{prefix}_*.txt"))
    date, method = infer_page_date(path.read_text(encoding="utf-8"))
    assert date == SEED_DATES[prefix], method
    assert method.startswith("inferred:")


def test_seed_page_dates_match_gold() -> None:
    for gold in sorted((ROOT / "tests" / "gold").glob("*.json")):
        g = json.loads(gold.read_text(encoding="utf-8"))
        text = (ROOT / "seeds" / g["file"]).read_text(encoding="utf-8")
        assert infer_page_date(text)[0].isoformat() == g["page_date"]


def test_invented_page_printed_year() -> None:
    page = ("王明主持召开区政府2017年第5次常务会议\n\n■本报记者 李四\n\n"
            "本报讯 9月14日上午，区政府召开常务会议。\n\n"
            "另讯\n\n本报讯 昨日，某公司举行揭牌仪式。\n")
    date, method = infer_page_date(page)
    assert date == D(2017, 9, 15)
    assert "9月14日" in method and "2017" in method


def test_invented_page_future_lead_ignored() -> None:
    page = ("本报讯 8月3日，全县招商大会召开。\n"
            "本报讯 8月12日至15日，第三届某某博览会将在会展中心举行。\n"
            "本报讯 记者日前获悉，某工程拟于9月开工。\n"
            "本报讯 8月3日下午，县委书记张三调研。2018年第二季度数据显示增长。\n")
    date, method = infer_page_date(page)
    assert date == D(2018, 8, 4), method


def test_invented_page_marker_year() -> None:
    page = ("本报讯 10月9日，全市干部大会召开，传达学习新中国成立70周年庆祝活动精神。\n")
    assert infer_page_date(page)[0] == D(2019, 10, 10)
    # The plenum held on 28 Oct 2019: a March page citing it must be from 2020 or later.
    page2 = "本报讯 3月2日，会议学习贯彻党的十九届四中全会精神。\n"
    date, method = infer_page_date(page2)
    assert date == D(2020, 3, 3), method
    assert "十九届四中全会" in method


def test_invented_page_anniversary_with_welcome() -> None:
    # 迎接建党100周年 can be said the year before: with a printed 2020 it is 2020.
    page = "本报讯 11月5日，会议召开，以优异成绩迎接建党100周年。2020年度考核启动。\n"
    assert infer_page_date(page)[0] == D(2020, 11, 6)


def test_invented_page_outlier_lead() -> None:
    page = ("本报讯 4月20日，甲会议召开。\n本报讯 4月20日，乙会议召开。\n"
            "本报讯 4月19日，丙调研。\n本报讯 5月6日，丁活动周开幕式在某地。\n"
            "2021年度工作。\n")
    assert infer_page_date(page)[0] == D(2021, 4, 21)


def test_page_without_leads_uses_latest_reported_date() -> None:
    page = "某县新闻\n\n7月3日，张三主持会议。7月4日下午，李四调研，计划于7月20日前完工。2016年度目标。\n"
    date, method = infer_page_date(page)
    assert date == D(2016, 7, 5), method
    assert "no dated news lead" in method


def test_page_without_year_or_day() -> None:
    assert infer_page_date("本报讯 4月8日，张三调研。")[0] is None
    date, method = infer_page_date("本报讯 昨日，张三调研。2020年度。")
    assert date is None and "昨日" in method


def test_headlines_give_year() -> None:
    page = "本报讯 6月9日，张三调研。\n"
    assert infer_page_date(page, headlines=["2015年全省会议召开"])[0] == D(2015, 6, 10)


# ---------------------------------------------------------------- linear time

def test_many_leads_on_one_line_scan_the_page_once(monkeypatch):
    """A page with thousands of leads on one line: every lead's date is found with one
    scan of the page (each lead used to rescan the rest of its line: quadratic)."""
    import kg.extracting.dates as dates

    scanned: list[int] = []
    real = dates._scan

    def counting(text: str):
        scanned.append(len(text))
        return real(text)

    monkeypatch.setattr(dates, "_scan", counting)
    text = "本报讯 5月3日，某地召开会议。" + "本报讯 文章没有日期。" * 2000
    date, _method = infer_page_date(text + "\n2020年工作报告")
    assert date == dt.date(2020, 5, 4)
    assert sum(scanned) <= 2 * len(text) + 100, "date finding rescans the page per lead"


def test_leads_sharing_a_line_keep_their_own_dates():
    """The second lead on a line does not borrow the first one's date, nor the reverse."""
    from kg.extracting.dates import _lead_dates

    leads, _ = _lead_dates("本报讯 没有日期的消息。本报讯 6月2日，某县开会。")
    assert [s for _raw, s in leads] == ["6月2日"]


def test_day_after_a_leads_colon_but_not_after_a_clock_time():
    from kg.extracting.dates import find_dates
    page = dt.date(2021, 3, 6)
    assert [d.date for d in find_dates("央视网消息(新闻联播):5日下午，某某出席会议", page)] == [
        dt.date(2021, 3, 5)]
    assert find_dates("比赛于10:5日", page) == []


def test_evening_and_morning_words_are_relative_days() -> None:
    # 昨晚进行的决赛 / 今晨抵达: a day with its part of day
    m = one("昨晚进行的决赛中", D(2023, 8, 5))
    assert (m.date, m.part_of_day, m.relative) == (D(2023, 8, 4), "晚", "yesterday")
    m = one("代表团今晨抵达", D(2023, 8, 5))
    assert (m.date, m.part_of_day) == (D(2023, 8, 5), "早晨")
