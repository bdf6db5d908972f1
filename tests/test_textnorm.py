"""Tests for kg.reading.textnorm.normalize: half-width folding that keeps offsets valid."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, strategies as st

from kg.reading.textnorm import normalize

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def test_fullwidth_ascii_to_halfwidth() -> None:
    assert normalize("３月１２日上午，会议（第２次）：ＡＢｃ！") == "3月12日上午,会议(第2次):ABc!"


def test_ideographic_space_and_tilde() -> None:
    assert normalize("陈\u3000润　１０：００～１２：００") == "陈 润 10:00~12:00"


def test_chinese_punctuation_kept() -> None:
    s = "他说：“好。”、《报》——…·■"
    out = normalize(s)
    assert out == "他说:“好。”、《报》——…·■"


def test_meaning_changing_forms_kept() -> None:
    # Circled numbers and superscripts would change meaning if folded.
    assert normalize("①面积100m²") == "①面积100m²"


def test_compatibility_ideograph_folded() -> None:
    assert normalize("\uf900") == "\u8c48"  # CJK compatibility ideograph -> unified


def test_multi_char_nfkc_forms_left_alone() -> None:
    # NFKC of these is several characters; replacing them would shift offsets.
    for ch in "㎡…ﬀ½":
        assert normalize(ch) == ch


@given(st.text())
def test_length_preserved(s: str) -> None:
    assert len(normalize(s)) == len(s)


@given(st.text(alphabet=st.characters(max_codepoint=0x7E)))
def test_ascii_unchanged(s: str) -> None:
    assert normalize(s) == s


def test_seed_pages_keep_length() -> None:
    for p in sorted(SEEDS.glob("*.txt")):
        text = p.read_text(encoding="utf-8")
        out = normalize(text)
        assert len(out) == len(text)
        assert "，" not in out and "：" not in out
