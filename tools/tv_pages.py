"""Make television pages for blind annotation from days of the transcript archive.

Usage: ``python tools/tv_pages.py OUT_DIR [--n 4] [--seed 20261201]`` (run from the
repository root, with ``../shared`` beside it). Days already annotated (the development
gold and every ``tests/gold_tv_extra*`` set) are never drawn. A page is the day's items
of 详细新闻 in the page format of ``../shared/gold-cctv``: a headline line, a blank line,
the paragraphs (markup removed), two blank lines between items, up to about 6,500
characters. ``tests/gold_tv_extra2`` was made with the defaults.
"""

from __future__ import annotations

import argparse
import html
import random
import re
from pathlib import Path

SHARED = Path("../shared")
CORPUS = SHARED / "corpus" / "cctv-xwlb"
PAGE_CHARS = 6500


def page_of(day: Path) -> str:
    body = day.read_text(encoding="utf-8").split("## 详细新闻", 1)[1]
    out: list[str] = []
    n = 0
    for item in re.split(r"^### ", body, flags=re.M)[1:]:
        head, _, rest = item.partition("\n")
        paras = [html.unescape(re.sub(r"<[^>]+>", "", p)).strip()
                 for p in re.split(r"</p>\s*<p>|<br\s*/?>|\n\s*\n", rest)]
        paras = [p for p in paras if p]
        if not paras:
            continue
        block = head.strip() + "\n\n" + "\n\n".join(paras)
        if n + len(block) > PAGE_CHARS and out:
            break
        out.append(block)
        n += len(block)
    return "\n\n\n".join(out) + "\n"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--n", type=int, default=4)
    ap.add_argument("--seed", type=int, default=20261201)
    args = ap.parse_args()
    used = {p.name[:8] for p in (SHARED / "gold-cctv" / "gold").glob("*.json")}
    used |= {p.name[:8] for p in Path("tests").glob("gold_tv_extra*/*.json")}
    days = sorted(p.stem for p in CORPUS.glob("*.md") if p.stem not in used)
    random.seed(args.seed)
    args.out.mkdir(parents=True, exist_ok=True)
    for d in sorted(random.sample(days, args.n)):
        (args.out / f"{d}_xwlb.txt").write_text(page_of(CORPUS / f"{d}.md"), encoding="utf-8")
        print(d)


if __name__ == "__main__":
    main()
