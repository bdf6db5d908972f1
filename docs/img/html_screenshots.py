"""Screenshots of kg.html for the README, by headless Chromium's own ``--screenshot``.

    python docs/img/html_screenshots.py OUT/kg.html [--person NAME] [--place NAME]

writes ``kg-html-overview.png``, ``kg-html-person.png`` (a person's neighbourhood and
timeline) and ``kg-html-place.png`` (a place's) next to this script. The page opens on
a node through its address (``kg.html#find=NAME&type=person``); without a name, the
person and the place with the most events are taken from the page's own data.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
from pathlib import Path
from urllib.parse import quote

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from make_images import shoot as _shoot, shrink  # noqa: E402  (one way to run chromium)


def busiest(page: Path, node_type: str) -> str:
    """The label of the node of ``node_type`` with the most events in the page's data."""
    html = page.read_text(encoding="utf-8")
    m = re.search(r'<script id="kg-data" type="application/json">(.*?)</script>', html, re.S)
    if not m:
        sys.exit(f"{page}: not a kg.html page (no embedded data)")
    data = json.loads(m.group(1))
    t = data["types"].index(node_type)
    rows = [n for n in data["nodes"] if n[0] == t]
    if not rows:
        sys.exit(f"{page}: no {node_type} in the graph")
    return max(rows, key=lambda n: (n[5], n[6], n[1]))[1]


def shoot(page: Path, fragment: str, out: Path) -> None:
    _shoot(page.resolve().as_uri() + fragment, out, 1280, 800)
    shrink(out)
    print(f"wrote {out} ({out.stat().st_size // 1024} KB)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("page", type=Path)
    ap.add_argument("--person")
    ap.add_argument("--place")
    args = ap.parse_args()
    if not any(map(shutil.which, ("chromium", "chromium-browser", "google-chrome"))):
        sys.exit("no chromium binary (apt-get install chromium)")
    person = args.person or busiest(args.page, "person")
    place = args.place or busiest(args.page, "place")
    shoot(args.page, "", HERE / "kg-html-overview.png")
    shoot(args.page, f"#find={quote(person)}&type=person", HERE / "kg-html-person.png")
    shoot(args.page, f"#find={quote(place)}&type=place", HERE / "kg-html-place.png")


if __name__ == "__main__":
    main()
