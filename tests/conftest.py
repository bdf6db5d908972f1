"""Shared fixtures: one build of the seed pages for every test that reads the outputs."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
GOLD = ROOT / "tests" / "gold"


@pytest.fixture(scope="session")
def seed_build(tmp_path_factory) -> Path:
    """The output folder of `kg build seeds/` (built once per test session)."""
    from kg.cli import main

    out = tmp_path_factory.mktemp("seed-build")
    assert main(["build", str(SEEDS), "--out", str(out), "-q", "--jobs", "1",
                 "--no-cache"]) == 0
    return out
