"""The national register of administrative divisions, as a queryable gazetteer.

Source: ``china_location.txt`` shipped with jionlp (as a zip in recent releases), a
tab-indented tree: depth 0 province ``name\\tcode\\tshort``, depth 1 city, depth 2
county / district / development zone, depth 3 township (no code), depth 4 village (no
code). The file is located with :func:`importlib.util.find_spec` so that jionlp itself
is never imported (slow, prints a banner).

Register quirks handled here:

* direct-controlled municipalities (北京市 …) appear at depth 0 and 1 with the same
  name and code: they become ONE unit of level ``province`` whose children are the
  districts;
* the pseudo-city ``省直辖行政区划`` is skipped: its county-level cities hang directly
  under the province;
* odd township/village lines repeat their ancestors' names
  (``四平市铁东区山门镇塔山村``): the repeated prefix is stripped;
* a few county-level lines have no code: they are keyed like townships;
* a few county-level units carry their names from before a renaming: the rows of
  kg/data/place_register_updates.tsv give them the current name and code (the old
  name stays an alias);
* zones of national standing it leaves out (雄安新区) are added from
  kg/data/place_register_additions.tsv, as lines of the tree under their parent.

Keys: the division code for county level and up, else ``parent_key/name`` (with
``#2`` … appended to the rare duplicates under one parent). Keys depend only on the
register file, so they are stable across runs.

Loading parses ~700k lines in about a second; measured, so no pickle cache.
"""

from __future__ import annotations

import functools
import importlib.util
import os
import re
import zipfile
from pathlib import Path
from typing import Sequence

from kg.lexicon import data_lines, data_rows
from kg.model import Place


#: Levels by register depth (depth 2 may also be "zone").
_DEPTH_LEVEL = ("province", "city", "county", "township", "village")

UNRESOLVED_PREFIX = "unresolved/"


@functools.lru_cache(maxsize=None)
def ethnic_names() -> tuple[str, ...]:
    """Ethnic group names (without 族), longest first so that 土家 wins over 土."""
    return tuple(sorted(data_lines("place_ethnic.txt"), key=lambda s: (-len(s), s)))


@functools.lru_cache(maxsize=None)
def zone_suffixes() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(official generic suffix, short forms) of development zones, longest first."""
    rows = []
    for line in data_lines("place_zone_suffixes.tsv")[1:]:  # skip the header
        suffix, _, shorts = line.partition("\t")
        rows.append((suffix, tuple(s for s in shorts.split(",") if s)))
    return tuple(sorted(rows, key=lambda r: (-len(r[0]), r[0])))


@functools.lru_cache(maxsize=None)
def _ethnic_re() -> re.Pattern[str]:
    alt = "|".join(ethnic_names())
    # one or more ethnic names, each followed by 族 (土家族苗族自治州)
    return re.compile(f"(?:(?:{alt})族)+")


def strip_ethnic(name: str) -> str:
    """Drop the ethnic part of an official name: 塔山瑶族乡 -> 塔山乡,
    湘西土家族苗族自治州 -> 湘西州, 城步苗族自治县 -> 城步县. Unchanged if none."""
    m = re.search(f"({_ethnic_re().pattern})(自治州|自治县|自治旗|乡|镇|苏木)$", name)
    if not m or m.start() < 2:  # keep at least a two-char distinctive part
        return name
    suffix = m.group(2).replace("自治", "")
    return name[: m.start()] + suffix


def register_path() -> Path:
    """Path of the register file (``.txt`` if unpacked, else the ``.zip``)."""
    spec = importlib.util.find_spec("jionlp")
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError("jionlp is not installed: no register of divisions")
    d = Path(list(spec.submodule_search_locations)[0]) / "dictionary"
    for p in (d / "china_location.txt", d / "china_location.zip"):
        if p.exists():
            return p
    raise FileNotFoundError(f"china_location.txt not found under {d}")


def _read_register(path: Path) -> str:
    if path.suffix == ".zip":
        with zipfile.ZipFile(path) as z:
            return z.read("china_location.txt").decode("utf-8")
    return path.read_text(encoding="utf-8")


def _with_additions(text: str) -> str:
    """The register's tree with the units of kg/data/place_register_additions.tsv
    inserted as first children of their parents (a city's line, a municipality's
    second line; under a province through the pseudo-city the parser skips), so the
    tree stays depth-first."""
    rows = data_rows("place_register_additions.tsv")
    if not rows:
        return text
    parents = {r["parent"] for r in rows}
    at: dict[str, tuple[int, int]] = {}  # parent -> (depth, end of its line)
    rx = re.compile(r"^(\t?)(" + "|".join(map(re.escape, sorted(parents))) + r")\t[^\n]*",
                    re.M)
    for m in rx.finditer(text):
        depth = len(m.group(1))
        if m.group(2) not in at or depth > at[m.group(2)][0]:
            at[m.group(2)] = (depth, m.end())
    inserts: dict[int, str] = {}
    for r in rows:
        if r["parent"] not in at:
            continue  # the register no longer has the parent: nothing to hang it on
        depth, end = at[r["parent"]]
        line = "\n\t\t" + r["name"] + "\t\t" + "/".join(
            x for x in r["shorts"].split(",") if x)
        if depth == 0:
            line = "\n\t省直辖县级行政区划" + line
        inserts[end] = inserts.get(end, "") + line
    out, k = [], 0
    for end in sorted(inserts):
        out += [text[k:end], inserts[end]]
        k = end
    out.append(text[k:])
    return "".join(out)


class Gazetteer:
    """Units of the register with keys, levels, parents and a name index.

    Internally units are integer ids into parallel lists (compact and fast to
    build); the public API speaks in keys and :class:`kg.model.Place`.
    """

    def __init__(self) -> None:
        self.names: list[str] = []
        self.levels: list[str] = []
        self.codes: list[str] = []
        self.shorts: list[str] = []
        self.parents: list[int] = []  # -1 for provinces
        self.by_key: dict[str, int] = {}  # code keys; path keys resolved on demand
        self._key_memo: dict[int, str] = {}
        # memo of children per unit: bounded by the register's size, not by the pages read
        self._children_memo: dict[int, tuple[int, ...]] = {}
        self.index: dict[str, list[int]] = {}  # official or short name -> ids
        self.aliases: dict[int, set[str]] = {}
        #: full names a unit had before a renaming (无为县 of 无为市): read like its
        #: official name, never as a bare short name that needs context
        self.former: dict[int, str] = {}

    # -- building -----------------------------------------------------------------

    @classmethod
    def load(cls, path: str | os.PathLike | None = None) -> "Gazetteer":
        """Parse the register (default: jionlp's) and build the indexes."""
        g = cls()
        g._parse(_with_additions(_read_register(Path(path) if path else register_path())))
        g._build_index()
        return g

    def _add(self, name: str, level: str, code: str, short: str, parent: int) -> int:
        i = len(self.names)
        self.names.append(name)
        self.levels.append(level)
        self.codes.append(code)
        self.shorts.append(short)
        self.parents.append(parent)
        return i

    def _parse(self, text: str) -> None:
        """One pass over the tree; the village lines (93%) take a tight fast path."""
        zone_re = re.compile("|".join(re.escape(s) for s, _ in zone_suffixes()) + "$")
        names, levels, codes, shorts, parents = (
            self.names, self.levels, self.codes, self.shorts, self.parents)
        odd = ("市", "区", "县", "州")
        updates = {(r["old_code"], r["old_name"]): (r["new_code"], r["new_name"])
                   for r in data_rows("place_register_updates.tsv")}
        province = city = county = town = -1
        for line in text.split("\n"):
            if line.startswith("\t\t\t\t"):  # village / community
                name = line[4:].rstrip("\r")
                if len(name) >= 6 and any(c in name[2:6] for c in odd):
                    name = self._strip_repeated_prefix(name, town)
                names.append(name)
                levels.append("village")
                codes.append("")
                shorts.append("")
                parents.append(town)
                continue
            line = line.rstrip("\r")
            if not line.strip():
                continue
            depth = len(line) - len(line.lstrip("\t"))
            fields = line.strip("\t").split("\t")
            name = fields[0].strip()
            code = fields[1].strip() if len(fields) > 1 else ""
            short = fields[2].strip() if len(fields) > 2 else ""
            if depth == 0:
                province = city = county = town = self._add(name, "province", code, short, -1)
            elif depth == 1:
                if code == codes[province] or name == names[province]:
                    city = county = town = province  # municipality: city == province
                elif name.startswith("省直辖"):
                    city = county = town = province  # pseudo-city: skip
                else:
                    city = county = town = self._add(name, "city", code, short, province)
            elif depth == 2:
                level = "zone" if zone_re.search(name) else "county"
                new = updates.get((code, name))
                former = ""
                if new is not None:  # renamed after this version of the register
                    former, (code, name) = name, new
                county = town = self._add(name, level, code, short, city)
                if former:
                    self.former[county] = former
            else:
                if len(name) >= 6:
                    name = self._strip_repeated_prefix(name, county)
                town = self._add(name, "township", "", "", county)
        self._end = len(names)
        # keys: codes for county level and up, else parent key + "/" + name
        self.by_key = {}
        for i, c in enumerate(codes):
            if c and c not in self.by_key:
                self.by_key[c] = i

    def _strip_repeated_prefix(self, name: str, parent: int) -> str:
        """``四平市铁东区山门镇塔山村`` under 山门镇 -> ``塔山村``."""
        chain = []
        p = parent
        while p >= 0:
            chain.append(self.names[p])
            p = self.parents[p]
        chain.reverse()  # province first
        for start in range(len(chain)):
            prefix = "".join(chain[start:])
            if len(name) > len(prefix) and name.startswith(prefix):
                return name[len(prefix):]
        return name

    def _build_index(self) -> None:
        idx = self.index
        for i, name in enumerate(self.names):
            idx.setdefault(name, []).append(i)
        for i, (name, level) in enumerate(zip(self.names, self.levels)):
            if level == "village":
                continue  # villages are only found by their full name
            al = self._aliases_for(i)
            if al:
                self.aliases[i] = al
                for a in al:
                    ids = idx.setdefault(a, [])
                    if i not in ids:
                        ids.append(i)

    def _aliases_for(self, i: int) -> set[str]:
        name, level, short = self.names[i], self.levels[i], self.shorts[i]
        out: set[str] = set()
        for s in short.split("/"):
            if s and s != name and len(s) >= 2:
                out.add(s)
        stripped = strip_ethnic(name)
        if stripped != name:
            out.add(stripped)
            if level in ("city", "county") and len(stripped) > 3:
                out.add(stripped[:-1])  # 湘西州 -> 湘西 (bare; checked in context)
        if level == "zone":
            out |= self._zone_aliases(i)
        if i in self.former:
            out.add(self.former[i])
        out.discard(name)
        return out

    def _zone_aliases(self, i: int) -> set[str]:
        """Distinctive part + generic short suffix: 湖南衡阳松木经济开发区 -> 松木经开区."""
        name = self.names[i]
        out: set[str] = set()
        prefixes = [""]
        p = self.parents[i]
        while p >= 0:  # province/city names and shorts that may lead the zone name
            for s in [self.names[p], *self.shorts[p].split("/")]:
                if s:
                    prefixes.append(s)
            p = self.parents[p]
        for suffix, shorts in zone_suffixes():
            if not name.endswith(suffix):
                continue
            core = name[: -len(suffix)]
            # peel off leading province / city names: 湖南衡阳松木 -> 松木
            changed = True
            while changed:
                changed = False
                for pre in sorted(set(prefixes), key=len, reverse=True):
                    if pre and core.startswith(pre) and len(core) - len(pre) >= 2:
                        core = core[len(pre):]
                        changed = True
            if core == name[: -len(suffix)] or len(core) < 2:
                # nothing peeled: the name is already short (衡阳综合保税区)
                pass
            city = self._ancestor_of_level(i, ("city", "province"))
            city_short = self.shorts[city].split("/")[0] if city >= 0 else ""
            for s in (suffix, *shorts):
                if len(core) >= 2:
                    out.add(core + s)
                    if city_short:
                        out.add(city_short + core + s)
            break
        return out

    def _ancestor_of_level(self, i: int, levels: tuple[str, ...]) -> int:
        p = self.parents[i]
        while p >= 0 and self.levels[p] not in levels:
            p = self.parents[p]
        return p

    # -- keys -----------------------------------------------------------------------

    _DEPTH = {"province": 0, "city": 1, "county": 2, "zone": 2, "township": 3,
              "village": 4}

    def _children_ids(self, i: int) -> tuple[int, ...]:
        """Direct children of unit ``i``: the file is depth-first, so they sit in the
        contiguous run after ``i`` of units deeper than ``i``.

        Memoised: the run under a county spans thousands of villages, and path keys
        (``code/镇/村``) are resolved through it on every lookup."""
        memo = self._children_memo.get(i)
        if memo is not None:
            return memo
        d = self._DEPTH[self.levels[i]]
        out = []
        j = i + 1
        n = len(self.names)
        while j < n and self._DEPTH[self.levels[j]] > d:
            if self.parents[j] == i:
                out.append(j)
            j += 1
        memo = self._children_memo[i] = tuple(out)
        return memo

    def key_of(self, i: int) -> str:
        """Stable key of unit ``i``: its code, else ``parent_key/name`` (``#n`` for the
        n-th same-named sibling)."""
        k = self._key_memo.get(i)
        if k is not None:
            return k
        code = self.codes[i]
        if code and self.by_key.get(code) == i:
            k = code
        else:
            p = self.parents[i]
            k = (self.key_of(p) + "/" if p >= 0 else "") + self.names[i]
            if p >= 0:
                same = [j for j in self._children_ids(p) if self.names[j] == self.names[i]]
                if same and same[0] != i:
                    k += f"#{same.index(i) + 1}"
        self._key_memo[i] = k
        return k

    def id_of(self, key: str) -> int | None:
        """Unit id of a key, or None."""
        i = self.by_key.get(key)
        if i is not None:
            return i
        head, *path = key.split("/")
        i = self.by_key.get(head)
        if i is None or not path:
            return None
        for seg in path:
            name, _, nth = seg.partition("#")
            same = [j for j in self._children_ids(i) if self.names[j] == name]
            k = int(nth) - 1 if nth.isdigit() else 0
            if k >= len(same):
                return None
            i = same[k]
        return i

    # -- public API -----------------------------------------------------------------

    def __contains__(self, key: str) -> bool:
        if key.startswith(WORLD_PREFIX):
            return key in get_world()
        return self.id_of(key) is not None

    def _id(self, key: str) -> int:
        i = self.id_of(key)
        if i is None:
            raise KeyError(key)
        return i

    def place(self, key: str) -> Place:
        """The unit with this key as a :class:`kg.model.Place`.

        Keys starting with ``unresolved/`` (names found in a text but not placed in
        the register) give a Place with ``resolved=False``; unknown keys raise KeyError.
        """
        if key.startswith(UNRESOLVED_PREFIX):
            rest = key[len(UNRESOLVED_PREFIX):]
            level, _, name = rest.partition("/")
            if not name:
                level, name = "", rest
            return Place(key=key, name=name, level=level, resolved=False)
        if key.startswith(WORLD_PREFIX):
            return get_world().place(key)  # countries, foreign cities: not the register
        i = self._id(key)
        p = self.parents[i]
        return Place(key=self.key_of(i), name=self.names[i], level=self.levels[i],
                     code=self.codes[i], parent=self.key_of(p) if p >= 0 else "",
                     aliases=set(self.aliases.get(i, ())))

    def ancestors(self, key: str) -> list[str]:
        """Keys of the units containing ``key``, nearest first, up to the province."""
        i = self.id_of(key)
        if i is None:
            return []
        out = []
        p = self.parents[i]
        while p >= 0:
            out.append(self.key_of(p))
            p = self.parents[p]
        return out

    def lookup(self, name: str) -> list[str]:
        """Keys of the units whose official or short name is ``name`` (register order)."""
        return [self.key_of(i) for i in self.index.get(name, ())]

    def name(self, key: str) -> str:
        """Official name of a unit."""
        return self.names[self._id(key)]

    def level(self, key: str) -> str:
        """Level of a unit (province, city, county, zone, township, village)."""
        return self.levels[self._id(key)]

    def short(self, key: str) -> str:
        """The register's short name (county level and up), else ''."""
        return self.shorts[self._id(key)]

    def children(self, key: str) -> list[str]:
        """Keys of the units directly inside ``key``."""
        return [self.key_of(j) for j in self._children_ids(self._id(key))]


@functools.lru_cache(maxsize=1)
def get_gazetteer() -> Gazetteer:
    """The process-wide gazetteer built from jionlp's register (loaded once)."""
    return Gazetteer.load()


# -- the world beyond the register ---------------------------------------------------

#: Key prefix of places outside China's register: ``world/RU`` (a country, by its CLDR
#: territory code), ``world/RU/莫斯科`` (a foreign city), ``world/142`` (a CLDR world
#: region), ``world/region/中东`` (a region from kg/data/place_world_regions.txt),
#: ``world/US/加利福尼亚`` (a region of one country from the same file).
WORLD_PREFIX = "world/"


class World:
    """Countries, foreign cities and world regions by their usual Chinese names.

    Countries and CLDR regions come from Unicode CLDR's Chinese territory names as
    shipped with babel (a well-kept, versioned source); kg/data/place_world_countries.tsv
    adds news usage (阿联酋, 俄国), one-character abbreviations and skips (欧盟 and
    联合国 are organisations; 香港, 澳门, 台湾 are in the national register);
    kg/data/place_world_cities.tsv lists foreign cities with their country, and
    kg/data/place_world_cities_geonames.tsv (GeoNames, CC BY 4.0, made by
    tools/world_cities.py) many more;
    kg/data/place_world_regions.txt adds regions CLDR lacks (中东, 拉美) and
    first-level divisions of other countries (加利福尼亚, 神奈川; key under the country's).
    """

    def __init__(self) -> None:
        self.places: dict[str, Place] = {}
        self.by_name: dict[str, str] = {}  # surface form -> key
        self.abbr: dict[str, str] = {}  # one-character abbreviation -> country key
        #: cities from GeoNames, not the hand-kept list: many bear persons' names
        self.minor: set[str] = set()

    def _add(self, key: str, name: str, level: str, parent: str = "",
             aliases: Sequence[str] = ()) -> None:
        if key in self.places:
            return
        al = {a for a in aliases if a and a != name}
        self.places[key] = Place(key=key, name=name, level=level, parent=parent,
                                 aliases=al, resolved=True)
        for s in (name, *sorted(al)):
            self.by_name.setdefault(s, key)  # first writer wins: countries before cities

    @classmethod
    def load(cls) -> "World":
        from babel import Locale  # CLDR data; imported lazily (a few ms)

        w = cls()
        names = Locale.parse("zh_Hans_CN").territories
        adjust = {r["code"]: r for r in data_rows("place_world_countries.tsv")}
        for code in sorted(names):
            row = adjust.get(code, {})
            if row.get("skip") == "1":
                continue
            name = row.get("name") or names[code]
            aliases = [a for a in row.get("aliases", "").split(",") if a]
            if code != name and code.isdigit():
                w._add(WORLD_PREFIX + code, name, "foreign_region", aliases=aliases)
            else:
                aliases.append(names[code])
                w._add(WORLD_PREFIX + code, name, "country", aliases=aliases)
            if row.get("abbr"):
                w.abbr[row["abbr"]] = WORLD_PREFIX + code
        w.abbr.setdefault("华", WORLD_PREFIX + "CN")
        for r in data_rows("place_world_cities.tsv"):
            country = WORLD_PREFIX + r["country"]
            if country not in w.places:
                raise ValueError(f"place_world_cities.tsv: unknown country {r['country']!r}"
                                 f" for {r['name']}")
            aliases = [a for a in r.get("aliases", "").split(",") if a]
            w._add(f"{country}/{r['name']}", r["name"], "foreign_city", country, aliases)
        # many more cities from GeoNames (tools/world_cities.py); the hand list wins
        for r in data_rows("place_world_cities_geonames.tsv"):
            country = WORLD_PREFIX + r["country"]
            if r["name"] not in w.by_name and country in w.places:
                w._add(f"{country}/{r['name']}", r["name"], "foreign_city", country)
                w.minor.add(f"{country}/{r['name']}")
        for line in data_lines("place_world_regions.txt"):
            name, country, other = (line.split("\t") + ["", ""])[:3]
            aliases = [a.strip() for a in other.split(",")]
            if not country.strip():
                w._add(f"{WORLD_PREFIX}region/{name}", name, "foreign_region", aliases=aliases)
                continue
            # a region of one country (加利福尼亚, 神奈川): its key names the country;
            # no parent, as the ontology's shapes want of any world region
            country_key = WORLD_PREFIX + country.strip()
            if country_key not in w.places:
                raise ValueError(f"place_world_regions.txt: unknown country {country!r}"
                                 f" for {name}")
            w._add(f"{country_key}/{name}", name, "foreign_region", aliases=aliases)
        return w

    def __contains__(self, key: str) -> bool:
        return key in self.places

    def place(self, key: str) -> Place:
        p = self.places[key]
        return Place(key=p.key, name=p.name, level=p.level, parent=p.parent,
                     aliases=set(p.aliases), resolved=True)


@functools.lru_cache(maxsize=1)
def get_world() -> World:
    """The process-wide table of countries, foreign cities and world regions."""
    return World.load()
