"""Train the character CRF name tagger (a maintainer's tool; not used at run time).

usage: python -m kg.extracting.ner.train TRAIN.jsonl [--out MODEL] [--holdout 0.1]
       [--scheme bioes|bio] [--c1 C1] [--c2 C2] [--iterations N] [--minfreq F]
       [--join N [--mix SHARE] [--seps CHARS]] [--swap] [--eval SET.jsonl ...]

TRAIN.jsonl holds one sentence a line, ``{"text", "spans": [[start, end, TYPE]]}`` with
TYPE in PER, LOC, ORG (the format of the People's Daily 1998 sets). With ``--holdout``
the last fraction of the sentences is kept out of training and scored (for tuning),
less the held-out clauses that share 8 characters in a row with a training clause;
``--eval`` scores further sets (exact spans, per type, tagged as the pipeline tags)
without training on them. ``--join`` (with ``--mix``) and ``--swap`` are augmentations
that were tried and not shipped (docs/NOTES.md). The shipped model: the defaults, no holdout.
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


def _labels(n: int, spans, scheme: str = "bioes") -> list[str]:
    """Character labels of ``spans``: BIO, or BIOES (a name's last character E-, a
    one-character name S-), which lets the CRF learn how names end."""
    y = ["O"] * n
    for s, e, t in spans:
        y[s] = "B-" + t
        for i in range(s + 1, e):
            y[i] = "I-" + t
        if scheme == "bioes":
            if e - s == 1:
                y[s] = "S-" + t
            else:
                y[e - 1] = "E-" + t
    return y


#: Single-character short forms of countries and regions (中美, 俄日): the 1998 clauses
#: leave compounds of them untagged, the MSRA/People's Daily sets tag each character LOC.
_ABBR = frozenset("中美日俄苏英法德意韩朝印巴越泰澳加欧")
#: One-character short forms of countries, Hong Kong/Macao/Taiwan and provinces that
#: jieba marks as an abbreviation or place (俄/j 总统, 访/v 美/ns, 对/p 华/j): LOC in
#: the other sets, untagged in the clauses.
_ABBR1 = _ABBR | frozenset("伊阿哈墨港澳台华京沪津渝川粤湘鄂豫冀晋鲁浙皖赣闽琼桂滇黔陕甘蒙辽黑")
_ABBR1_POS = ("j", "ns")
#: Endings of an organisation's short form (欧盟, 省政协, 县委, 国民党, 外交部); a
#: jieba abbreviation (j) or organisation (nt) word with one of them, left untagged in
#: the clauses, is ORG in the other sets.
_ORG_J = ("盟", "委", "协", "联", "党", "委会")
_ORG_NT = _ORG_J + ("社", "部", "军", "院")
#: ... unless it is the bare generic word or a post (常委 is a member, not a body)
_NOT_ORG = ("联盟", "同盟", "常委", "中南部", "党组织")


def harmonise(text: str, spans: list, tokens: list[tuple[str, str]]) -> list:
    """Bring the 1998 clauses' tagging to the convention of the other sets.

    ``X政府`` of a country is tagged ORG in the clauses but LOC ``X`` (政府 untagged) in
    the People's Daily and MSRA sets; compounds of one-character country names (中美,
    美日) get one LOC per character, and so does a one-character short form that
    jieba marks as an abbreviation or place (俄, 华); a short form of an
    organisation (jieba j or nt, ending like 盟, 委, 党) left untagged becomes ORG.
    """
    from kg.extracting.ner.features import world_places

    countries = world_places()
    out = []
    for s, e, t in spans:
        name = text[s:e]
        if t == "ORG" and name.endswith("政府") and name[:-2] in countries:
            out.append([s, e - 2, "LOC"])
        else:
            out.append([s, e, t])
    covered = {i for s, e, _ in out for i in range(s, e)}
    i = 0
    for w, p in tokens:
        k = len(w)
        if not any(j in covered for j in range(i, i + k)):
            if 2 <= k <= 3 and all(c in _ABBR for c in w):
                out.extend([j, j + 1, "LOC"] for j in range(i, i + k))
            elif k == 1 and w in _ABBR1 and p in _ABBR1_POS:
                out.append([i, i + 1, "LOC"])
            elif k >= 2 and not w.endswith(_NOT_ORG) and (
                    (p == "j" and w.endswith(_ORG_J)) or (p == "nt" and w.endswith(_ORG_NT))):
                out.append([i, i + k, "ORG"])
        i += k
    return sorted(out)


def spans_of(labels) -> list[tuple[int, int, str]]:
    """Spans (start, end, TYPE) of a BIO or BIOES label sequence (a stray I- or E-
    starts a span; E- and S- close one)."""
    out, start, typ = [], None, None
    for i, lab in enumerate(list(labels) + ["O"]):
        if lab == "O" or lab[:2] in ("B-", "S-") or lab[2:] != typ:
            if start is not None:
                out.append((start, i, typ))
            start, typ = (i, lab[2:]) if lab != "O" else (None, None)
        if lab[:2] in ("E-", "S-") and start is not None:
            out.append((start, i + 1, typ))
            start, typ = None, None
    return out


def unleaked(train: list[dict], held: list[dict], k: int = 8) -> list[dict]:
    """``held`` without the clauses that share ``k`` characters in a row with a
    training clause: the clauses were cut from the same articles (and repeat), so a
    held-out clause that overlaps one trained on measures memory, not tagging."""
    grams = {r["text"][i:i + k] for r in train for i in range(len(r["text"]) - k + 1)}
    return [r for r in held
            if not any(r["text"][i:i + k] in grams for i in range(len(r["text"]) - k + 1))]


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


def joined(rows: list[dict], most: int, seed: int = 0, share: float | None = None,
           seps: str = ",", named: float = 1.0) -> list[dict]:
    """The clauses strung together, 1 to ``most`` at a time, with commas between, in
    their order: the clauses carry no punctuation of their own, while text to tag
    runs on across commas (the tagger cuts only at sentence ends). With ``share``,
    that share of the groups holds 2 to ``most`` clauses and the rest one (the
    others keep the clause starts the tagger saw before); the separator is drawn from
    ``seps``. A clause that begins with a person's name joins the one before it only
    with probability ``named`` (a quarter of the clauses begin with one, far more than
    the words after a comma in running text)."""
    import random

    rnd = random.Random(seed)
    out, i = [], 0
    while i < len(rows):
        if share is None:
            k = rnd.randint(1, most)
        else:
            k = rnd.randint(2, most) if rnd.random() < share else 1
        if named < 1.0:
            for j in range(i + 1, min(i + k, len(rows))):
                if any(s == 0 and t == "PER" for s, _, t in rows[j]["spans"]) and (
                        rnd.random() >= named):
                    k = j - i
                    break
        text, spans = "", []
        for r in rows[i:i + k]:
            if text:
                text += rnd.choice(seps) if len(seps) > 1 else seps
            spans.extend([s + len(text), e + len(text), t] for s, e, t in r["spans"])
            text += r["text"]
        out.append({"text": text, "spans": spans})
        i += k
    return out


def swapped(rows: list[dict], seed: int = 0) -> list[dict]:
    """A copy of the clauses holding a person or place, each such name replaced by a
    new one: Chinese names made of a surname and given-name characters drawn by their
    frequency among the training names, places by another training place. The tagger
    then learns names from their context and shape, not by heart."""
    import random

    from kg.extracting.ner.features import lexicons

    rnd = random.Random(seed)
    sur1 = lexicons()["sur1"]
    pers = [r["text"][s:e] for r in rows for s, e, t in r["spans"] if t == "PER"]
    han = [n for n in pers if 2 <= len(n) <= 3 and n[0] in sur1
           and all("\u4e00" <= c <= "\u9fff" for c in n)]
    surs = [n[0] for n in han]
    given = [c for n in han for c in n[1:]]
    places = [r["text"][s:e] for r in rows for s, e, t in r["spans"] if t == "LOC"]
    out = []
    for r in rows:
        if not any(t in ("PER", "LOC") for _, _, t in r["spans"]):
            continue
        text, spans, last = "", [], 0
        for s, e, t in sorted(r["spans"]):
            name = r["text"][s:e]
            if t == "PER" and 2 <= len(name) <= 3 and name[0] in sur1:
                name = rnd.choice(surs) + "".join(rnd.choice(given) for _ in range(len(name) - 1))
            elif t == "LOC":
                name = rnd.choice(places)
            text += r["text"][last:s]
            spans.append([len(text), len(text) + len(name), t])
            text += name
            last = e
        out.append({"text": text + r["text"][last:], "spans": spans})
    return out


def main(argv: list[str] | None = None) -> int:
    import pycrfsuite

    from kg.extracting.ner.features import sentence_features
    from kg.extracting.ner.tagger import tag_spans, tokens_of

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("train")
    ap.add_argument("--out", default="/tmp/ner-model.crfsuite")
    ap.add_argument("--holdout", type=float, default=0.0)
    ap.add_argument("--scheme", choices=("bio", "bioes"), default="bioes")
    ap.add_argument("--c1", type=float, default=0.15)
    ap.add_argument("--c2", type=float, default=0.01)
    ap.add_argument("--iterations", type=int, default=200)
    ap.add_argument("--minfreq", type=float, default=2)
    ap.add_argument("--eval", nargs="*", default=[])
    ap.add_argument("--join", type=int, default=1,
                    help="string up to N training clauses together with commas")
    ap.add_argument("--mix", type=float, default=None,
                    help="with --join N: only this share of the groups joined (2..N "
                         "clauses, with ， or 、), the rest single clauses")
    ap.add_argument("--seps", default=",,,,、",
                    help="with --mix: separators drawn at each join (normalised text)")
    ap.add_argument("--named", type=float, default=1.0,
                    help="with --mix: chance that a clause starting with a person joins")
    ap.add_argument("--swap", action="store_true",
                    help="add a copy of the clauses with persons and places replaced")
    ap.add_argument("--no-harmonise", dest="harmonise", action="store_false")
    a = ap.parse_args(argv)
    rows = _rows(a.train)
    cut = len(rows) - int(len(rows) * a.holdout)
    train, held = rows[:cut], unleaked(rows[:cut], rows[cut:])
    t0 = time.time()
    tr = pycrfsuite.Trainer(verbose=False)
    material = train + (swapped(train) if a.swap else [])
    if a.join > 1:
        material = (joined(material, a.join) if a.mix is None else
                    joined(material, a.join, share=a.mix, seps=a.seps,
                           named=a.named))
    for r in material:
        text = normalize(r["text"])
        toks = tokens_of(text)
        spans = harmonise(text, r["spans"], toks) if a.harmonise else r["spans"]
        tr.append(sentence_features(text, toks), _labels(len(text), spans, a.scheme))
    print(f"features {time.time() - t0:.0f}s, {len(train)} sentences", file=sys.stderr)
    tr.set_params({"c1": a.c1, "c2": a.c2, "max_iterations": a.iterations,
                   "feature.minfreq": a.minfreq, "feature.possible_transitions": True})
    tr.train(a.out)
    print(f"trained {time.time() - t0:.0f}s -> {a.out} "
          f"({Path(a.out).stat().st_size // 1024} KiB)", file=sys.stderr)
    tg = pycrfsuite.Tagger()
    tg.open(a.out)
    sets = ([(f"holdout ({len(held)} unleaked)", held)] if held else []) + [
        (p, _rows(p)) for p in a.eval]
    for name, rs in sets:
        # scored as the pipeline tags: clause by clause, harmonised gold for the holdout
        gold = []
        for r in rs:
            text = normalize(r["text"])
            spans = r["spans"]
            if a.harmonise and r in held:
                spans = harmonise(text, spans, tokens_of(text))
            gold.append([tuple(s) for s in spans])
        pred = [tag_spans(normalize(r["text"]), model=tg) for r in rs]
        print(name, json.dumps(score(gold, pred)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
