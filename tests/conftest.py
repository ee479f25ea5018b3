import os
from pathlib import Path

import pytest
from hypothesis import settings

# CI runs the property tests on a fixed sequence of examples, so a run is repeatable;
# on a developer's machine they explore new examples every run.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SEED = SHARED / "seed" / "walking-in-dreams.txt"
STORIES = SHARED / "corpus" / "stories"


@pytest.fixture(autouse=True)
def _isolated_cache(tmp_path_factory, monkeypatch):
    """Tests never touch the user's real cache."""
    monkeypatch.setenv("TALECAST_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "cache"))


def need_seed():
    if not SEED.exists():
        pytest.skip("../shared/seed is not beside this checkout")
    return SEED
