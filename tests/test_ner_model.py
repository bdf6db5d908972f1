"""The statistical tagger, the shared document object and how mentions combine them.

Sentences are invented for these tests.
"""

import pytest

from kg.doc import Doc
from kg.extracting.mentions import extract_mentions
from kg.extracting.ner.tagger import model_available
from kg.extracting.ner.train import harmonise, spans_of

needs_model = pytest.mark.skipif(not model_available(), reason="CRF model file not installed")


def test_doc_computes_once_and_keeps_offsets():
    text = "Ａ公司　昨天开会。王建华说：好！\n第二段"
    doc = Doc(text)
    assert len(doc.norm) == len(text) and doc.norm.startswith("A公司 ")
    assert "".join(t.word for t in doc.tokens) == doc.norm
    assert doc.tokens is doc.tokens  # cached, not recomputed
    assert [doc.norm[s:e] for s, e in doc.sentences][:2] == ["A公司 昨天开会。", "王建华说:好!"]
    assert doc.tokens_in(0, 1)[0].start == 0


def test_spans_of_bio():
    assert spans_of(["B-PER", "I-PER", "O", "B-LOC", "B-LOC", "I-ORG"]) == [
        (0, 2, "PER"), (3, 4, "LOC"), (4, 5, "LOC"), (5, 6, "ORG")]


def test_harmonise_country_government_and_short_forms():
    text = "泰国政府与中美两国"
    toks = [("泰国", "ns"), ("政府", "n"), ("与", "c"), ("中美", "j"), ("两国", "n")]
    assert harmonise(text, [[0, 4, "ORG"]], toks) == [
        [0, 2, "LOC"], [5, 6, "LOC"], [6, 7, "LOC"]]
    # a provincial government stays an organisation
    assert harmonise("湖南省政府", [[0, 5, "ORG"]], [("湖南省", "ns"), ("政府", "n")]) == [
        [0, 5, "ORG"]]


def test_extract_mentions_reads_and_fills_a_doc():
    doc = Doc("市委书记王明远在长沙市调研。")
    ms = extract_mentions(doc)
    assert doc.mentions == ms
    assert {"persons", "places", "orgs"} <= set(doc.layers)
    assert any(m.type == "person" and m.name == "王明远" for m in ms)


@needs_model
def test_person_without_cue_and_foreign_name_with_dot():
    text = "昨天下午，林海涛带着孩子来到公园。约翰·卡特罗维奇也到了。"
    ms = extract_mentions(text)
    names = {m.text for m in ms if m.type == "person"}
    assert "林海涛" in names
    assert "约翰·卡特罗维奇" in names


@needs_model
def test_short_reference_joins_full_name():
    text = "国家主席孙立平会见来宾。孙主席说，欢迎各位。"
    ms = [m for m in extract_mentions(text) if m.type == "person"]
    assert {m.name for m in ms} == {"孙立平"}
    assert any(m.text == "孙" for m in ms)


@needs_model
def test_offsets_index_text_as_given():
    text = "（本报讯）　李文清在北京出席会议。"
    for m in extract_mentions(text):
        assert text[m.start:m.end] == m.text


def test_name_in_doctrine_is_not_a_person():
    text = "干部们认真学习邓小平理论。"
    assert not [m for m in extract_mentions(text) if m.type == "person"]


def test_kg_mentions_stdout_is_only_json_lines():
    """Regression: importing jionlp prints a banner on stdout; the tagger's lexicon must
    not import it, or `kg mentions` output stops being JSON lines."""
    import json
    import subprocess
    import sys

    res = subprocess.run([sys.executable, "-c", "import sys; from kg.cli import main; "
                          "sys.exit(main(['mentions', '-']))"],
                         input="李明在北京开会。".encode("utf-8"), capture_output=True, timeout=600)
    assert res.returncode == 0
    lines = [ln for ln in res.stdout.decode("utf-8").splitlines() if ln.strip()]
    assert lines and all(json.loads(ln) for ln in lines)


@needs_model
def test_transliterated_name_is_whole_on_both_sides_of_its_dot():
    """Invented foreign names that jieba and the tagger cut mid-name: the person is the
    whole name, and no piece of it becomes a name or place of its own."""
    text = "会上，司法部长卡洛斯·阿马特发言。随后，伊利哈姆·阿利耶夫和维姆·杜伊森贝赫出席。"
    persons = {m.name for m in extract_mentions(text) if m.type == "person"}
    assert {"卡洛斯·阿马特", "伊利哈姆·阿利耶夫", "维姆·杜伊森贝赫"} <= persons
    assert not persons & {"卡洛斯·阿马", "贝赫", "哈姆·阿利耶夫", "维姆·杜伊森"}
