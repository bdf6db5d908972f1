"""kg.postag.pos_cut must give exactly what jieba.posseg.cut gives (it replaces it for
speed in Doc.tokens and the tagger's features, which the shipped CRF was trained on)."""

from __future__ import annotations

import jieba.posseg as pseg
from hypothesis import given, settings
from hypothesis import strategies as st

import jieba

from kg.postag import cut_block, pos_cut


def _jieba(text: str) -> list[tuple[str, str]]:
    return [(w.word, w.flag) for w in pseg.cut(text)]


def test_invented_news_sentences_tag_as_jieba_does() -> None:
    texts = [
        "昨天下午，滨江区副区长林海涛带着调查组走访了葛家桥村。",
        "外交部发言人瓦列里·彼得罗夫斯基说，双方将于2026年3月在卡斯特拉诺举行会谈。",
        "记者 曹晓岚 报道：市民邬桂芬和儿子邬小满参加了 AI+教育 论坛，费用12.5万元。",
        "",
        "   \r\n\t",
        "嘤嘤嚶嚶啊哒哒哒嗯嗯",  # runs of characters the dictionary does not know
        "C919、5G和iPhone15：abc_def#1&2",
    ]
    for t in texts:
        assert list(pos_cut(t)) == _jieba(t)
        for m in jieba.re_han_default.finditer(t):
            assert cut_block(m.group()) == jieba.lcut(m.group())


_HAN = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5)
_MIXED = st.one_of(_HAN, st.sampled_from(list("，。、 \n1.5aZ_·（）")))


@settings(max_examples=150, deadline=None)
@given(st.text(_MIXED, max_size=30))
def test_random_text_tags_as_jieba_does(text: str) -> None:
    # random Han characters are mostly unknown to the dictionary: they exercise the HMM
    assert list(pos_cut(text)) == _jieba(text)


@settings(max_examples=150, deadline=None)
@given(st.text(_MIXED, max_size=30))
def test_random_runs_cut_as_jieba_cuts_them(text: str) -> None:
    for m in jieba.re_han_default.finditer(text):
        assert cut_block(m.group()) == jieba.lcut(m.group())
