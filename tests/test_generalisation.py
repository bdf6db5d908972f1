"""Generalisation check: persons, places and organisations on invented articles.

The articles in tests/data/generalisation/ were written for this test in the style of
Chinese city dailies from other provinces (Jiangxi, Sichuan, Hubei, Jiangsu, Hunan),
with invented officials and companies and real register places. They were annotated
before the recognisers were tuned on them and are not used to build any lexicon.

Figures (micro P/R over (article, name) pairs) are printed by
``python tests/test_generalisation.py``; the test asserts floors below them.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from kg.extracting.mentions import extract_mentions

DATA = Path(__file__).parent / "data" / "generalisation"


@lru_cache(maxsize=None)
def _gold() -> dict[str, dict]:
    g = json.loads((DATA / "gold.json").read_text(encoding="utf-8"))
    return {k: v for k, v in g.items() if not k.startswith("_")}


@lru_cache(maxsize=None)
def _predicted(fname: str) -> tuple:
    text = (DATA / fname).read_text(encoding="utf-8")
    # The paper's home city: in a build it is inferred from many pages of the paper
    # (kg.extracting.places.infer_home); one article is too little, so the annotation states it.
    ms = extract_mentions(text, home=_gold()[fname]["home"])
    return tuple(ms)


def _score(layer: str, heldout_only: bool = False
           ) -> tuple[int, int, int, list[str], list[str]]:
    tp = fp = fn = 0
    missing, extra = [], []
    for fname, gold in sorted(_gold().items()):
        if heldout_only and not gold.get("heldout"):
            continue
        typ = {"persons": "person", "places": "place",
               "organizations": "organization"}[layer]
        pred = {m.name for m in _predicted(fname) if m.type == typ}
        want = set(gold[layer])
        neutral = set(gold.get(f"{layer}_optional", []))
        pred -= neutral - want
        tp += len(pred & want)
        fn += len(want - pred)
        fp += len(pred - want)
        missing += [f"{fname}: {x}" for x in sorted(want - pred)]
        extra += [f"{fname}: {x}" for x in sorted(pred - want)]
    return tp, fp, fn, missing, extra


def _pr(layer: str) -> tuple[float, float]:
    tp, fp, fn, _, _ = _score(layer)
    return tp / max(tp + fp, 1), tp / max(tp + fn, 1)


def _org_places() -> tuple[int, int, list[str]]:
    """(right, total, errors) of kg.extracting.orgs.org_place on the annotated organisations."""
    from kg.extracting.gazetteer import get_gazetteer
    from kg.extracting.orgs import org_place

    g = get_gazetteer()
    right, total, errors = 0, 0, []
    for fname, gold in sorted(_gold().items()):
        ms = _predicted(fname)
        places = [m for m in ms if m.type == "place"]
        for org, want in sorted(gold.get("org_places", {}).items()):
            total += 1
            m = next((m for m in ms if m.type == "organization" and m.name == org), None)
            key = org_place(m, gold["home"], g, places) if m else ""
            got = g.name(key) if key else ""
            if got == want:
                right += 1
            else:
                errors.append(f"{fname}: {org} -> {got or '-'} (want {want})")
    return right, total, errors


def report() -> str:
    """Per-layer precision/recall/F1 and the errors, for reading by a person."""
    out = []
    for layer in ("persons", "places", "organizations"):
        tp, fp, fn, missing, extra = _score(layer)
        p, r = tp / max(tp + fp, 1), tp / max(tp + fn, 1)
        f = 2 * p * r / max(p + r, 1e-9)
        out.append(f"{layer:14s} P {p:.3f} R {r:.3f} F1 {f:.3f} (tp {tp} fp {fp} fn {fn})")
        out += [f"    missing {x}" for x in missing] + [f"    extra   {x}" for x in extra]
    for layer in ("persons", "places", "organizations"):
        tp, fp, fn, _, _ = _score(layer, heldout_only=True)
        out.append(f"held-out only: {layer:14s} P {tp / max(tp + fp, 1):.3f} "
                   f"R {tp / max(tp + fn, 1):.3f} (tp {tp} fp {fp} fn {fn})")
    right, total, errors = _org_places()
    out.append(f"org places     {right}/{total} right")
    out += [f"    wrong   {x}" for x in errors]
    return "\n".join(out)


if __name__ == "__main__":
    print(report())


# Floors sit a little below the figures measured after the method fixes (see the
# report in the lead's notes); a drop below them is a regression in generalisation.
def test_persons_generalise():
    p, r = _pr("persons")
    assert p >= 0.95 and r >= 0.93, report()


def test_places_generalise():
    p, r = _pr("places")
    assert p >= 0.95 and r >= 0.95, report()


def test_organisations_generalise():
    p, r = _pr("organizations")
    assert p >= 0.9 and r >= 0.9, report()


def test_org_places_generalise():
    right, total, _ = _org_places()
    assert right >= total - 1, report()
