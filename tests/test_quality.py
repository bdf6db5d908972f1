"""Extraction quality on the annotated seed pages must not regress.

``tests/gold`` is the development gold (pages 000–002); ``tests/gold_extra`` our own
independent annotation of pages 003–004 (see its README). The floors are the issues'
targets; the figures reached are in the README. ``tests/gold_tv_extra`` is a blind
annotation of four days of television news (its README): floors a little under what
the pipeline reaches there, to catch a regression on news the seeds do not resemble.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.evaluate import evaluate

TESTS = Path(__file__).resolve().parent
FLOORS = {"articles": 0.95, "persons": 0.95, "places": 0.90, "participation": 0.90,
          "presence": 0.85}


@pytest.mark.parametrize("gold", ["gold", "gold_extra"])
def test_scores_reach_the_targets(seed_build, gold):
    scores = evaluate(TESTS / gold, seed_build / "kg.ttl")
    low = {layer: round(s.f1, 3) for layer, s in scores.items() if s.f1 < FLOORS[layer]}
    assert not low, low


#: Reached when the pages were added: persons .884, places .946, participation .769,
#: presence .629. Articles: not comparable (the digests, see the README).
TV_FLOORS = {"persons": 0.84, "places": 0.90, "participation": 0.70, "presence": 0.55}


def test_television_pages_hold_their_floors(tmp_path):
    from kg.cli import main

    out = tmp_path / "tv"
    assert main(["build", str(TESTS / "gold_tv_extra" / "pages"), "--out", str(out), "-q",
                 "--jobs", "1", "--no-cache", "--no-validate"]) == 0
    scores = evaluate(TESTS / "gold_tv_extra", out / "kg.ttl")
    low = {layer: round(s.f1, 3) for layer, s in scores.items()
           if layer in TV_FLOORS and s.f1 < TV_FLOORS[layer]}
    assert not low, low
