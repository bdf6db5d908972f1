"""The combined mention API: persons, places and organisations in plain text.

``extract_mentions`` is the documented call for researchers on free text: it needs no
page structure (bylines, headlines), and its offsets index the string as given.
Analysis runs on ``kg.reading.textnorm.normalize(text)`` (same length, full-width forms folded).

Overlaps: a place nested inside an organisation name is kept (衡东县 inside
衡东县社会福利中心 counts as a mentioned place). A person never overlaps a place or an
organisation: a person found by a strong pattern (post, list, byline, title) wins;
otherwise the place/organisation wins.
"""

from __future__ import annotations

from bisect import bisect_left
from typing import Sequence

from kg.model import Mention
from kg.extracting.orgs import find_orgs
from kg.extracting.persons import find_persons

from kg.extracting.gazetteer import WORLD_PREFIX
from kg.extracting.places import find_places
from kg.reading.textnorm import normalize

#: Person rules that beat an overlapping place or organisation.
_STRONG_PERSON = ("byline", "post", "role", "list", "title")
_ORDER = {"person": 0, "place": 1, "organization": 2}


def _home(home: str | None) -> tuple[str | None, str | None]:
    """Accept the home unit as a register key or a name; return (key, official name)."""
    if not home:
        return home, home
    try:
        from kg.extracting.gazetteer import get_gazetteer

        g = get_gazetteer()
        try:
            return home, g.name(home)
        except KeyError:
            keys = g.lookup(home)
            return (keys[0], g.name(keys[0])) if len(keys) == 1 else (None, home)
    except Exception:  # noqa: BLE001 - a missing register must not stop persons/orgs
        return None, home


def _overlaps(a: Mention, b: Mention) -> bool:
    return a.start < b.end and b.start < a.end


def extract_mentions(text: str, *, home: str | None = None,
                     context: Sequence[str] = ()) -> list[Mention]:
    """All person, place and organisation mentions in ``text``, sorted by start.

    ``home`` is the paper's home unit (e.g. ``衡阳市``) used to expand ``市委宣传部`` and
    to resolve places; ``context`` lists place names already known for the text.
    ``text[m.start:m.end] == m.text`` holds for every mention.
    """
    norm = normalize(text)
    home_key, home_name = _home(home)
    persons = find_persons(norm)
    orgs = find_orgs(norm, home=home_name)
    places = list(find_places(norm, context=context, home=home_key))

    def strong(p: Mention) -> bool:
        return p.source.split("-")[0] in _STRONG_PERSON

    # a country or foreign city inside an organisation's name is part of that name
    # (中国某某有限公司); register places inside one are kept (see above)
    if any(p.key.startswith(WORLD_PREFIX) for p in places):
        in_org = bytearray(len(norm) + 1)  # a mask, not a scan of every org per place
        for o in orgs:
            in_org[o.start:o.end] = b"\x01" * (o.end - o.start)
        places = [p for p in places if not (p.key.startswith(WORLD_PREFIX)
                                            and 0 not in in_org[p.start:p.end])]
    others = places + orgs
    # Overlaps are looked up by start position (bisect), not by scanning every other
    # mention per person: that was quadratic on very long texts.
    order = sorted(range(len(others)), key=lambda k: others[k].start)
    starts = [others[k].start for k in order]
    longest = max((o.end - o.start for o in others), default=0)
    removed: set[int] = set()
    kept_persons = []
    for p in persons:
        lo, hi = bisect_left(starts, p.start - longest), bisect_left(starts, p.end)
        clash = [order[k] for k in range(lo, hi)
                 if order[k] not in removed and _overlaps(p, others[order[k]])]
        if not clash:
            kept_persons.append(p)
        elif strong(p):
            kept_persons.append(p)
            removed.update(clash)
    out = kept_persons + [o for k, o in enumerate(others) if k not in removed]
    # report the text as given, not as normalised
    for m in out:
        m.text = text[m.start:m.end]
    out.sort(key=lambda m: (m.start, m.end, _ORDER[m.type], m.name))
    return out
