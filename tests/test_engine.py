"""The engine bootstrap: espeak-ng's data reached through a short, stable symlink."""
import os
import sys
import tempfile

import pytest

from talecast.synth import engine

pytestmark = pytest.mark.skipif(sys.platform in ("darwin", "win32") or os.environ.get("TALECAST_SYSTEM_ESPEAK"),
                                reason="espeakng-loader bootstrap is for Linux")


def _boot(monkeypatch, tmp_path):
    monkeypatch.setattr(tempfile, "gettempdir", lambda: str(tmp_path))
    monkeypatch.delenv("ESPEAK_DATA_PATH", raising=False)
    engine._bootstrap_espeak()
    return os.environ["ESPEAK_DATA_PATH"]


def test_data_path_is_a_short_link_to_the_installed_data(monkeypatch, tmp_path):
    import espeakng_loader

    path = _boot(monkeypatch, tmp_path)
    assert os.path.islink(path) and os.path.dirname(path) == str(tmp_path)
    assert os.readlink(path) == str(espeakng_loader.get_data_path())
    assert len(os.path.basename(path)) <= 32


def test_another_install_keeps_its_own_link(monkeypatch, tmp_path):
    # Two installs (two venvs) have two data folders: each gets its own link, so one never
    # repoints the link under the other's starting engines; a stale link is repaired.
    import espeakng_loader

    first, second = tmp_path / "venv-a-data", tmp_path / "venv-b-data"
    first.mkdir()
    second.mkdir()
    links = tmp_path / "tmp"
    links.mkdir()
    monkeypatch.setattr(espeakng_loader, "get_data_path", lambda: str(first))
    a = _boot(monkeypatch, links)
    monkeypatch.setattr(espeakng_loader, "get_data_path", lambda: str(second))
    b = _boot(monkeypatch, links)
    assert a != b and os.readlink(a) == str(first) and os.readlink(b) == str(second)
    os.unlink(b)
    os.symlink(first, b)  # stale
    assert _boot(monkeypatch, links) == b and os.readlink(b) == str(second)
    assert sorted(os.listdir(links)) == sorted([os.path.basename(a), os.path.basename(b)])
