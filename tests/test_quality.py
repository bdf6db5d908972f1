"""Extraction quality on the annotated seed pages must not regress.

``tests/gold`` is the development gold (pages 000–002); ``tests/gold_extra`` our own
independent annotation of pages 003–004 (see its README). The floors are the issues'
targets; the figures reached are in the README. ``tests/gold_tv_extra*`` are blind
annotations of four days of television news each (their READMEs): floors a little under
what the pipeline reaches there, to catch a regression on news the seeds do not resemble.
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


#: Floors a few points under what the pipeline reaches on each blind television set
#: (figures when the floors were set, 2026-12-01, in brackets; see each set's README).
#: gold_tv_extra: articles not comparable (the digests, see its README).
TV_FLOORS = {
    # persons .894, places .982, participation .789, presence .759
    "gold_tv_extra": {"persons": 0.86, "places": 0.93, "participation": 0.74,
                      "presence": 0.70},
    # articles 1.000, persons .930, places .950, participation .938, presence .600
    # (presence: five facts in all)
    "gold_tv_extra2": {"articles": 0.95, "persons": 0.89, "places": 0.91,
                       "participation": 0.88, "presence": 0.40},
    # articles 1.000, persons .958, places .986, participation .913, presence .875
    "gold_tv_extra3": {"articles": 0.95, "persons": 0.92, "places": 0.94,
                       "participation": 0.86, "presence": 0.75},
}


@pytest.mark.parametrize("gold", sorted(TV_FLOORS))
def test_television_pages_hold_their_floors(tmp_path, gold):
    from kg.cli import main

    out = tmp_path / "tv"
    assert main(["build", str(TESTS / gold / "pages"), "--out", str(out), "-q",
                 "--jobs", "1", "--no-cache", "--no-validate"]) == 0
    scores = evaluate(TESTS / gold, out / "kg.ttl")
    floors = TV_FLOORS[gold]
    low = {layer: round(s.f1, 3) for layer, s in scores.items()
           if layer in floors and s.f1 < floors[layer]}
    assert not low, low
