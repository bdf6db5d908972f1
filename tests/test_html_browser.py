"""The HTML view in a real headless Chromium, offline: loads, counts, no JS errors.

Chromium runs with a dead proxy (127.0.0.1:9) so any http(s) request would fail, and
the page itself counts resource entries with an http(s) URL into ``#kg-status``.
Skips only when no chromium binary is installed.
"""

from __future__ import annotations

import html as htmlmod
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import rdflib

from kg.export.html import write_html

DATA = Path(__file__).parent / "data"
ARTIFACTS = Path(__file__).parent / "artifacts"
CHROMIUM = next((shutil.which(b) for b in ("chromium", "chromium-browser", "google-chrome")
                 if shutil.which(b)), None)
pytestmark = pytest.mark.skipif(CHROMIUM is None,
                                reason="no chromium binary (apt-get install chromium)")


def _chromium(args: list[str], profile: Path) -> subprocess.CompletedProcess:
    base = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
            "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
            f"--user-data-dir={profile}", "--proxy-server=http://127.0.0.1:9",
            "--proxy-bypass-list=<-loopback>", "--virtual-time-budget=20000"]
    return subprocess.run(base + args, capture_output=True, text=True, timeout=120)


def _status(dom: str) -> dict[str, str]:
    m = re.search(r'<footer id="kg-status"([^>]*)>', dom)
    assert m, "status element missing from the dumped DOM"
    return {k: htmlmod.unescape(v) for k, v in re.findall(r'(data-[\w-]+)="([^"]*)"', m.group(1))}


@pytest.fixture(scope="module")
def page(tmp_path_factory) -> Path:
    g = rdflib.Graph().parse(DATA / "export_sample.ttl", format="turtle")
    p = tmp_path_factory.mktemp("html") / "kg.html"
    write_html(g, p)
    return p


def test_loads_offline_with_right_counts_and_no_errors(page, tmp_path):
    r = _chromium(["--dump-dom", page.as_uri()], tmp_path / "profile")
    st = _status(r.stdout)
    assert st["data-ready"] == "true", r.stderr[-2000:]
    assert st["data-errors"] == "0", st.get("data-error-text")
    assert (st["data-nodes"], st["data-edges"]) == ("13", "23")
    assert (st["data-visible-nodes"], st["data-visible-edges"]) == ("13", "23")
    assert st["data-external"] == "0"
    assert st.get("data-stabilized") == "true"  # physics settled and switched off


def test_node_limit_note_in_browser(tmp_path):
    g = rdflib.Graph().parse(DATA / "export_sample.ttl", format="turtle")
    p = tmp_path / "kg.html"
    write_html(g, p, max_nodes=5)
    r = _chromium(["--dump-dom", p.as_uri()], tmp_path / "profile")
    st = _status(r.stdout)
    assert st["data-errors"] == "0" and st["data-nodes"] == "5"
    assert re.search(r'<div id="kg-note">[^<]*8 nodes and their edges are hidden', r.stdout)


def test_screenshot(page, tmp_path):
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "kg-html.png"
    shot.unlink(missing_ok=True)
    _chromium([f"--screenshot={shot}", "--window-size=1100,700", page.as_uri()],
              tmp_path / "profile")
    assert shot.is_file() and shot.stat().st_size > 5000
