"""XML news files (kg.reading.xmltext) and the writer's line ends of HTML and XML pages.

All texts are invented.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from kg.cli import main
from kg.reading.files import InputError, collect_inputs, read_page
from kg.reading.xmltext import xml_to_text
from kg.segmenting.articles import segment_page

# An event corpus's shape: title, report time, paragraphs of sentences annotated inline,
# indented with tabs and line breaks.
ANNOTATED = """<?xml version="1.0" encoding="UTF-8"?>

<Body>
\t<Title>某省某县发生4.2级地震</Title>
\t<ReportTime type="absTime">2012-5-14</ReportTime>
\t<Content>
\t\t<Paragraph>
\t\t\t<Sentence>
\t\t\t\t<Event eid="e1">
\t\t\t\t\t<Participant sid="s1">新华社</Participant>
\t\t\t\t\t<Location lid="l1">南昌</Location>
\t\t\t\t\t<Time tid="t1">5月14日</Time>
\t\t\t\t\t<Denoter did="d1">电</Denoter>
\t\t\t\t</Event>（记者王立新）
\t\t\t</Sentence>
\t\t\t<Sentence>
\t\t\t\t<Event eid="e2"><Time tid="t2">14日凌晨</Time>，
\t\t\t\t\t<Location lid="l2">江西省九江市修水县</Location>发生
\t\t\t\t\t<Denoter did="d2">地震</Denoter>。
\t\t\t\t</Event>
\t\t\t</Sentence>
\t\t</Paragraph>
\t\t<Paragraph>
\t\t\t<Sentence>县长李明华带领有关部门负责人连夜赶到现场查看灾情。</Sentence>
\t\t</Paragraph>
\t</Content>
\t<eRelation relType="Causal" cause_eid="e2" effect_eid="e3"/>
</Body>
"""

# Several records a file without one root, as some news corpora are kept.
RECORDS = """<doc>
<url>http://news.example.com/a/1.html</url>
<docno>x1</docno>
<contenttitle>某市召开安全生产会议</contenttitle>
<content>3月2日，某市召开全市安全生产工作会议，市长张建国出席并讲话。</content>
</doc>
<doc>
<url>http://news.example.com/a/2.html</url>
<docno>x2</docno>
<contenttitle>长沙举办农博会</contenttitle>
<content>湖南省副省长刘志强3日在长沙出席农博会开幕式。</content>
</doc>
"""


def test_annotated_sentences_read_as_paragraphs() -> None:
    got = xml_to_text(ANNOTATED)
    assert got.date == dt.date(2012, 5, 14)
    assert got.text.split("\n\n") == [
        "# 某省某县发生4.2级地震",
        "新华社南昌5月14日电（记者王立新）14日凌晨，江西省九江市修水县发生地震。",
        "县长李明华带领有关部门负责人连夜赶到现场查看灾情。\n",
    ]


def test_xml_page_gives_headline_byline_and_date(tmp_path: Path) -> None:
    f = tmp_path / "quake.xml"
    f.write_text(ANNOTATED, encoding="utf-8")
    page = read_page(f)
    assert (page.date, page.date_method) == (dt.date(2012, 5, 14), "XML metadata")
    arts = segment_page(page)
    assert [a.headline for a in arts] == ["某省某县发生4.2级地震"]
    assert [r.name for r in arts[0].reporters] == ["王立新"]


def test_records_become_articles_with_their_addresses(tmp_path: Path) -> None:
    f = tmp_path / "records.xml"
    f.write_text(RECORDS, encoding="gb18030")  # decoded like any page, then parsed
    page = read_page(f)
    arts = segment_page(page)
    assert [a.headline for a in arts] == ["某市召开安全生产会议", "长沙举办农博会"]
    assert [a.url for a in arts] == ["http://news.example.com/a/1.html",
                                     "http://news.example.com/a/2.html"]


def test_xml_files_are_taken_from_folders(tmp_path: Path) -> None:
    (tmp_path / "a.xml").write_text(RECORDS, encoding="utf-8")
    (tmp_path / "b.txt").write_text("某市召开会议\n\n正文。\n", encoding="utf-8")
    found = collect_inputs([tmp_path])
    assert sorted(f.source for f in found.files) == ["a.xml", "b.txt"]


def test_xml_without_text_is_a_one_line_error(tmp_path: Path) -> None:
    f = tmp_path / "empty.xml"
    f.write_text('<?xml version="1.0"?>\n<Body><Title> </Title><docno>7</docno></Body>\n',
                 encoding="utf-8")
    with pytest.raises(InputError) as err:
        read_page(f)
    assert str(err.value).startswith(str(f)) and "\n" not in str(err.value)


def test_no_entity_is_fetched(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("机密内容", encoding="utf-8")
    f = tmp_path / "x.xml"
    f.write_text(f'<?xml version="1.0"?>\n<!DOCTYPE d [<!ENTITY s SYSTEM "file://{secret}">]>\n'
                 "<doc><contenttitle>标题</contenttitle><content>正文&s;结束。</content></doc>\n",
                 encoding="utf-8")
    assert "机密" not in read_page(f).text


def test_html_paragraphs_are_the_writers(tmp_path: Path) -> None:
    """A paragraph of an HTML page that ends without a full stop is not glued to the
    next one as if at a column end, and a short list item is not dropped as a caption."""
    f = tmp_path / "story.html"
    f.write_text(
        "<html><head><title>某市部署防汛工作</title></head><body><article>"
        "<h1>某市部署防汛工作</h1>"
        "<p>3日上午，全市防汛工作会议召开。会议要求各地做好三方面工作</p>"
        "<p>一是压实责任，确保人员安全。</p><p>二是加强巡查，及时排除隐患</p>"
        "<p>三是完善预案</p><p>会议由市防汛办主持。</p></article></body></html>",
        encoding="utf-8")
    page = read_page(f)
    assert page.hard_lines
    text = "".join(a.text for a in segment_page(page))
    assert "工作一是" not in text
    assert "三是完善预案" in text


def test_kg_build_reads_an_xml_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]
                                      ) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "quake.xml").write_text(ANNOTATED, encoding="utf-8")
    (tmp_path / "in" / "bad.xml").write_bytes(b"\x00\x01\x02 not a page")
    out = tmp_path / "out"
    main(["build", str(tmp_path / "in"), "--out", str(out), "-q", "-j", "1"])
    assert "bad.xml" in capsys.readouterr().err
    ttl = (out / "kg.ttl").read_text(encoding="utf-8")
    assert "某省某县发生4.2级地震" in ttl and "李明华" in ttl
