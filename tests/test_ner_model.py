"""The statistical tagger, the shared document object and how mentions combine them.

Sentences are invented for these tests.
"""

import pytest

from kg.doc import Doc
from kg.extracting.mentions import extract_mentions
from kg.extracting.ner.tagger import model_available
from kg.extracting.ner.train import _labels, harmonise, joined, spans_of, swapped, unleaked

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


def test_spans_of_bioes_round_trip():
    spans = [[0, 3, "PER"], [4, 5, "LOC"], [5, 7, "ORG"]]
    labels = _labels(8, spans)
    assert labels == ["B-PER", "I-PER", "E-PER", "O", "S-LOC", "B-ORG", "E-ORG", "O"]
    assert spans_of(labels) == [tuple(s) for s in spans]
    # an E- or S- closes the name, so two names side by side stay two
    assert spans_of(["B-PER", "E-PER", "B-PER", "E-PER", "S-LOC", "S-LOC"]) == [
        (0, 2, "PER"), (2, 4, "PER"), (4, 5, "LOC"), (5, 6, "LOC")]
    assert spans_of(["E-PER", "O"]) == [(0, 1, "PER")]


def test_harmonise_abbreviations_of_countries_and_bodies():
    text = "俄总统会见欧盟代表,县委开会"
    toks = [("俄", "j"), ("总统", "n"), ("会见", "v"), ("欧盟", "j"), ("代表", "n"),
            (",", "x"), ("县委", "j"), ("开会", "v")]
    assert harmonise(text, [], toks) == [[0, 1, "LOC"], [5, 7, "ORG"], [10, 12, "ORG"]]
    # a one-character word that is not an abbreviation (法 as law) stays untagged
    assert harmonise("依法办事", [], [("依法", "d"), ("办事", "v")]) == []
    assert harmonise("法律", [], [("法", "n"), ("律", "n")]) == []
    # a generic word is not a body, a tagged span is left as it is
    assert harmonise("联盟", [], [("联盟", "j")]) == []
    assert harmonise("欧盟", [[0, 2, "LOC"]], [("欧盟", "j")]) == [[0, 2, "LOC"]]
    # a person's government is not a place
    assert harmonise("沙米尔政府", [[0, 5, "ORG"]], [("沙米尔", "nr"), ("政府", "n")]) == [
        [0, 5, "ORG"]]


def test_joined_clauses_keep_their_spans():
    rows = [{"text": "王明说", "spans": [[0, 2, "PER"]]}, {"text": "在上海", "spans": [[1, 3, "LOC"]]},
            {"text": "好", "spans": []}]
    out = joined(rows, 3, seed=1)
    assert "".join(r["text"] for r in out).replace(",", "") == "王明说在上海好"
    for r in out:
        assert all(r["text"][s:e] in ("王明", "上海") for s, e, _ in r["spans"])
    assert sum(len(r["spans"]) for r in out) == 2


def test_joined_share_keeps_single_clauses_and_draws_separators():
    rows = [{"text": f"王明{i}说", "spans": [[0, 2, "PER"]]} for i in range(40)]
    out = joined(rows, 3, seed=2, share=0.5, seps=",、")
    assert "".join(r["text"] for r in out).replace(",", "").replace("、", "") == "".join(
        r["text"] for r in rows)
    assert any("," not in r["text"] and "、" not in r["text"] for r in out)  # single clauses
    assert any("、" in r["text"] for r in out) and any("," in r["text"] for r in out)
    assert all(r["text"][s:e] == "王明" for r in out for s, e, _ in r["spans"])
    assert joined(rows, 3, seed=2, share=0.5, seps=",、") == out  # seeded


def test_joined_rarely_puts_a_clause_starting_with_a_name_after_a_comma():
    rows = [{"text": "李华来了", "spans": [[0, 2, "PER"]]}, {"text": "天晴了", "spans": []}] * 50
    out = joined(rows, 3, seed=3, share=1.0, named=0.0)
    assert all(s > 0 for r in out for s, _, _ in r["spans"][1:])  # only at group starts
    assert any("," in r["text"] for r in out)
    assert "".join(r["text"] for r in out).replace(",", "") == "".join(r["text"] for r in rows)


def test_swapped_names_keep_context_and_spans():
    rows = [{"text": "记者王明报道", "spans": [[2, 4, "PER"]]},
            {"text": "他在长沙市工作", "spans": [[2, 5, "LOC"]]},
            {"text": "天气很好", "spans": []}]
    out = swapped(rows)
    assert len(out) == 2  # clauses without a person or place are not copied
    per, loc = out
    assert per["text"].startswith("记者") and per["text"].endswith("报道")
    assert [t for *_, t in per["spans"]] == ["PER"]
    s, e, _ = per["spans"][0]
    assert e - s == 2 and per["text"][s:e] == per["text"][2:-2]
    s, e, _ = loc["spans"][0]
    assert loc["text"][:s] == "他在" and loc["text"][e:] == "工作"


def test_unleaked_drops_held_clauses_overlapping_training():
    train = [{"text": "今天上午全市召开了动员大会"}]
    held = [{"text": "全市召开了动员大会的消息"}, {"text": "完全不同的一句话"}]
    assert unleaked(train, held, k=8) == [held[1]]


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
    text = "林海涛带着孩子来到公园。约翰·卡特罗维奇也到了。"
    ms = extract_mentions(text)
    names = {m.text for m in ms if m.type == "person"}
    assert "林海涛" in names
    assert "约翰·卡特罗维奇" in names


@needs_model
@pytest.mark.xfail(reason="known miss of the shipped model (docs/NOTES.md, crf2): a cue-less "
                   "name right after a comma; the training clauses hold no commas", strict=False)
def test_person_without_cue_after_a_comma():
    names = {m.text for m in extract_mentions("昨天下午，林海涛带着孩子来到公园。")
             if m.type == "person"}
    assert "林海涛" in names


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


def test_features_mark_dictionary_words_transliterations_and_context_words():
    from kg.extracting.ner.features import sentence_features

    text = "记者李明说卡洛斯来了"
    toks = [("记者", "n"), ("李明", "nr"), ("说", "v"), ("卡洛斯", "nrt"), ("来", "v"),
            ("了", "ul")]
    f = sentence_features(text, toks)
    assert len(f) == len(text)
    assert "d2b" in f[0] and "d2e" in f[1]  # 记者 is a word of jieba's dictionary
    assert "pw=记者" in f[2] and "nw=说" in f[3]  # the words around the name
    assert "tr=3" in f[5] and "tr=3" in f[7]  # 卡洛斯: a run of three transliteration characters
    assert "c-3=\x02" in f[0] and "c3=\x03" in f[-1]


def test_features_of_a_short_text_are_exactly_those_the_model_was_trained_with():
    """Every feature string of an invented clause, pinned: the shipped model reads these
    names, so a rewrite of the feature code (for speed) must give the same strings."""
    from kg.extracting.ner.features import sentence_features

    f = sentence_features("王小明说", [("王小明", "nr"), ("说", "v")])
    assert [set(x) for x in f] == [
        {"b", "c0=王", "c-1=\x02", "c1=小", "c-2=\x02", "c2=明", "c-3=\x02", "c3=说",
         "b-1=\x02王", "b0=王小", "b-2=\x02\x02", "b1=小明", "t0=\x02王小", "k=BHH",
         "w=Bnr", "wp=nr", "wl=^|nr", "wr=nr|nr", "pw=^", "nw=说", "tr=0", "s1", "d3b"},
        {"b", "c0=小", "c-1=王", "c1=明", "c-2=\x02", "c2=说", "c-3=\x02", "c3=\x03",
         "b-1=王小", "b0=小明", "b-2=\x02王", "b1=明说", "t0=王小明", "k=HHH", "w=Mnr",
         "wp=nr", "wl=nr|nr", "wr=nr|nr", "pw=^", "nw=说", "tr=0", "s1-1"},
        {"b", "c0=明", "c-1=小", "c1=说", "c-2=王", "c2=\x03", "c-3=\x02", "c3=\x03",
         "b-1=小明", "b0=明说", "b-2=王小", "b1=说\x03", "t0=小明说", "k=HHH", "w=Enr",
         "wp=nr", "wl=nr|nr", "wr=nr|v", "pw=^", "nw=说", "tr=0", "s1", "s1-2", "d3e",
         "d2b"},
        {"b", "c0=说", "c-1=明", "c1=\x03", "c-2=小", "c2=\x03", "c-3=王", "c3=\x03",
         "b-1=明说", "b0=说\x03", "b-2=小明", "b1=\x03\x03", "t0=明说\x03", "k=HHE",
         "w=Sv", "wp=v", "wl=nr|v", "wr=v|$", "pw=王小明", "nw=$", "tr=0", "s1-1", "d2e"},
    ]
