"""Train the character CRF name tagger (a maintainer's tool; not used at run time).

usage: python -m kg.extracting.ner.train TRAIN.jsonl [--out MODEL] [--holdout 0.1]
       [--c1 C1] [--c2 C2] [--iterations N] [--minfreq F] [--eval SET.jsonl ...]

TRAIN.jsonl holds one sentence a line, ``{"text", "spans": [[start, end, TYPE]]}`` with
TYPE in PER, LOC, ORG (the format of the People's Daily 1998 sets). With ``--holdout``
the last fraction of the sentences is kept out of training and scored (for tuning);
``--eval`` scores further sets (exact spans, per type) without training on them.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

from kg.reading.textnorm import normalize


def _rows(path: str) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def _labels(n: int, spans) -> list[str]:
    y = ["O"] * n
    for s, e, t in spans:
        y[s] = "B-" + t
        for i in range(s + 1, e):
            y[i] = "I-" + t
    return y


#: Single-character short forms of countries and regions (中美, 俄日): the 1998 clauses
#: leave compounds of them untagged, the MSRA/People's Daily sets tag each character LOC.
_ABBR = frozenset("中美日俄苏英法德意韩朝印巴越泰澳加欧")
_NOT_LOCAL = ("省", "市", "县", "区", "州", "镇", "乡", "中央人民", "人民", "地方")


def harmonise(text: str, spans: list, tokens: list[tuple[str, str]]) -> list:
    """Bring the 1998 clauses' tagging to the convention of the other sets.

    ``X政府`` of a country is tagged ORG in the clauses but LOC ``X`` (政府 untagged) in
    the People's Daily and MSRA sets; compounds of one-character country names (中美,
    美日) get one LOC per character.
    """
    out = []
    for s, e, t in spans:
        name = text[s:e]
        if t == "ORG" and name.endswith("政府") and len(name) > 3 \
                and not name[:-2].endswith(_NOT_LOCAL):
            out.append([s, e - 2, "LOC"])
        else:
            out.append([s, e, t])
    covered = {i for s, e, _ in out for i in range(s, e)}
    i = 0
    for w, _p in tokens:
        k = len(w)
        if 2 <= k <= 3 and all(c in _ABBR for c in w) and not any(
                j in covered for j in range(i, i + k)):
            out.extend([j, j + 1, "LOC"] for j in range(i, i + k))
        i += k
    return sorted(out)


def _xseq(text: str) -> list[list[str]]:
    from kg.extracting.ner.tagger import tokens_of
    from kg.extracting.ner.features import sentence_features

    return sentence_features(text, tokens_of(text))


def spans_of(labels) -> list[tuple[int, int, str]]:
    """Spans (start, end, TYPE) of a BIO label sequence (a stray I- starts a span)."""
    out, start, typ = [], None, None
    for i, lab in enumerate(list(labels) + ["O"]):
        if lab == "O" or lab.startswith("B-") or (lab[2:] != typ):
            if start is not None:
                out.append((start, i, typ))
            start, typ = (i, lab[2:]) if lab != "O" else (None, None)
    return out


def score(gold: list[list[tuple]], pred: list[list[tuple]]) -> dict[str, tuple]:
    tp, np_, ng = Counter(), Counter(), Counter()
    for g, p in zip(gold, pred):
        g, p = set(g), set(p)
        for s in g:
            ng[s[2]] += 1
        for s in p:
            np_[s[2]] += 1
        for s in g & p:
            tp[s[2]] += 1
    out = {}
    for t in ("PER", "LOC", "ORG"):
        p = tp[t] / np_[t] if np_[t] else 0.0
        r = tp[t] / ng[t] if ng[t] else 0.0
        out[t] = (round(p, 3), round(r, 3), round(2 * p * r / (p + r) if p + r else 0.0, 3))
    return out


def main(argv: list[str] | None = None) -> int:
    import pycrfsuite

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("train")
    ap.add_argument("--out", default="/tmp/ner-model.crfsuite")
    ap.add_argument("--holdout", type=float, default=0.0)
    ap.add_argument("--c1", type=float, default=0.05)
    ap.add_argument("--c2", type=float, default=0.01)
    ap.add_argument("--iterations", type=int, default=200)
    ap.add_argument("--minfreq", type=float, default=2)
    ap.add_argument("--eval", nargs="*", default=[])
    ap.add_argument("--no-harmonise", dest="harmonise", action="store_false")
    a = ap.parse_args(argv)
    rows = _rows(a.train)
    cut = len(rows) - int(len(rows) * a.holdout)
    train, held = rows[:cut], rows[cut:]
    t0 = time.time()
    tr = pycrfsuite.Trainer(verbose=False)
    from kg.extracting.ner.features import sentence_features
    from kg.extracting.ner.tagger import tokens_of

    for r in train:
        text = normalize(r["text"])
        toks = tokens_of(text)
        spans = harmonise(text, r["spans"], toks) if a.harmonise else r["spans"]
        tr.append(sentence_features(text, toks), _labels(len(text), spans))
    print(f"features {time.time() - t0:.0f}s, {len(train)} sentences", file=sys.stderr)
    tr.set_params({"c1": a.c1, "c2": a.c2, "max_iterations": a.iterations,
                   "feature.minfreq": a.minfreq, "feature.possible_transitions": True})
    tr.train(a.out)
    print(f"trained {time.time() - t0:.0f}s -> {a.out} "
          f"({Path(a.out).stat().st_size // 1024} KiB)", file=sys.stderr)
    tg = pycrfsuite.Tagger()
    tg.open(a.out)
    sets = ([("holdout", held)] if held else []) + [(p, _rows(p)) for p in a.eval]
    for name, rs in sets:
        gold = [[tuple(s) for s in r["spans"]] for r in rs]
        pred = [spans_of(tg.tag(_xseq(normalize(r["text"])))) for r in rs]
        print(name, json.dumps(score(gold, pred)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
