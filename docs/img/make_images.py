"""Regenerate the README screenshots from a built graph (run by hand, not by tests).

    kg build -q --out /tmp/o
    python docs/img/make_images.py /tmp/o

writes docs/img/kg-gephi-style.png (the person co-participation view drawn by
``kg.export.svg``) and docs/img/kg-html.png (``kg.html`` in headless Chromium). Needs a
``chromium`` binary and a CJK font (fonts-wqy-microhei); Pillow, when installed,
shrinks the PNGs to a 256-colour palette so they stay small.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import rdflib

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))
from kg.export.svg import people_svg  # noqa: E402


def shoot(url: str, out: Path, width: int, height: int) -> None:
    """Screenshot ``url`` with headless Chromium, offline (dead proxy)."""
    chromium = next(filter(None, map(shutil.which, ("chromium", "chromium-browser",
                                                    "google-chrome"))))
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu",
                        "--no-first-run", "--disable-background-networking",
                        "--disable-component-update", "--disable-sync", "--hide-scrollbars", f"--user-data-dir={profile}",
                        "--proxy-server=http://127.0.0.1:9", "--virtual-time-budget=20000",
                        f"--screenshot={out}", f"--window-size={width},{height}", url],
                       check=True, capture_output=True, timeout=120)


def shrink(png: Path) -> None:
    """Quantise to 256 colours when Pillow is available (keeps PNGs < 150 KB)."""
    try:
        from PIL import Image
    except ImportError:
        return
    img = Image.open(png).convert("RGB")
    img.quantize(colors=256, method=Image.Quantize.MEDIANCUT).save(png, optimize=True)


def main(out_dir: str) -> None:
    d = Path(out_dir)
    g = rdflib.Graph().parse(d / "kg.ttl", format="turtle")
    svg = d / "kg-people.svg"
    svg.write_text(people_svg(g, title="人物共现网络 person co-participation "
                                       "(kg-people.graphml)", labels=60), encoding="utf-8")
    shoot(svg.as_uri(), HERE / "kg-gephi-style.png", 1000, 700)
    shoot((d / "kg.html").as_uri(), HERE / "kg-html.png", 1200, 760)
    for p in ("kg-gephi-style.png", "kg-html.png"):
        shrink(HERE / p)
        print(f"{HERE / p}: {(HERE / p).stat().st_size // 1024} KB")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "output")
