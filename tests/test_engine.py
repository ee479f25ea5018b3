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


RATE_CHECK = """
import json, sys, time
from talecast.synth.engine import get_engine
from talecast.voices import Voice
e = get_engine()
time.sleep(1.2)  # an engine that waited for its first line (a worker started while the story is read)
text = "The mill stood at the bend of the river, and nobody had turned its wheel in years."
said = [(rate, len(e.synthesize(text, Voice("gmw/en-us", rate, 50, 1.0))) / 44100) for rate in (170, 100, 200, 170, 100)]
print(json.dumps(said))
"""


def test_the_engine_speaks_at_the_rate_asked_even_after_an_idle_start_and_a_change_of_rate():
    """pyttsx3 runs espeak-ng asynchronously and queues setProperty's parameters: an engine idle for
    a second after it started spoke at pyttsx3's 200 words a minute whatever rate was asked, and a
    rate set after the first stayed at the first; a build's clips then came out up to 18% short."""
    import json
    import subprocess
    from pathlib import Path

    src = Path(__file__).resolve().parent.parent / "src"
    res = subprocess.run([sys.executable, "-c", RATE_CHECK], capture_output=True, text=True, timeout=120,
                         env={**os.environ, "PYTHONPATH": str(src)})
    assert res.returncode == 0, res.stderr
    said = json.loads(res.stdout.strip().splitlines()[-1])
    seconds = {}
    for rate, length in said:
        seconds.setdefault(rate, []).append(length)
    for rate, lengths in seconds.items():  # the same rate, the same length
        assert max(lengths) - min(lengths) < 0.03 * max(lengths), (rate, said)
    # the rate is words a minute: half the rate, about twice the time (pauses do not stretch as much)
    assert 1.6 < seconds[100][0] / seconds[200][0] < 2.3, said
    assert 1.1 < seconds[170][0] / seconds[200][0] < 1.3, said


def test_text_reaches_espeak_led_by_the_voices_settings_and_without_its_own_control_a():
    from talecast.voices import Voice

    assert engine.inline_params(Voice("gmw/en-us", 150, 40, 0.8)) == "\x01150S\x0140P\x0180A"
    eng = engine.Engine.__new__(engine.Engine)
    eng._inline = True
    assert eng._spoken("Go\x01now.", Voice("gmw/en-us", 170, 50, 1.0)) == "\x01170S\x0150P\x01100AGo now."
    eng._inline = False
    assert eng._spoken("Go now.", Voice("gmw/en-us", 170, 50, 1.0)) == "Go now."


def test_a_piece_the_engine_left_without_audio_is_tried_again(monkeypatch):
    """espeak-ng now and then reports a piece finished and leaves no audio (a build then
    stopped with "the engine produced no audio"): up to ATTEMPTS tries, then the error."""
    from talecast.errors import SynthesisError
    from talecast.voices import Voice

    eng = engine.Engine()
    real_open, failures = engine.wave.open, []

    def empty_then_real(path, mode="rb"):  # the engine's reading of the WAV (pyttsx3 writes with "wb")
        if mode == "rb" and len(failures) < engine.ATTEMPTS - 1:
            failures.append(path)
            raise engine.wave.Error("no audio yet")
        return real_open(path, mode)

    def never(path, mode="rb"):
        if mode == "rb":
            raise engine.wave.Error("no audio")
        return real_open(path, mode)

    monkeypatch.setattr(engine, "RETRY_PAUSE", 0.001)
    monkeypatch.setattr(engine.wave, "open", empty_then_real)
    assert len(eng.speak("Go now.", Voice("gmw/en-us", 170, 50, 1.0))) > 4410  # over 0.1 s of audio
    assert len(failures) == engine.ATTEMPTS - 1
    failures.clear()
    monkeypatch.setattr(engine.wave, "open", never)
    with pytest.raises(SynthesisError, match="no audio"):
        eng.speak("Go now.", Voice("gmw/en-us", 170, 50, 1.0))
