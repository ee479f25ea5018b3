"""talecast as a library: one call a stage (talecast.read, .segment, .attribute, .load_voices, .build)."""
from __future__ import annotations

import subprocess
import sys

import talecast
from talecast import pipeline
from talecast.read import plain
from talecast.build import BuildOptions

STORY = """\
The Lantern Keepers

by Test Author

Chapter 1

Mara climbed the stairs. Tom waited at the top.

"Is anyone there?" asked Mara.

"Only me," said Tom. Tom smiled.
"""


def test_the_stages_called_in_turn_give_the_pipelines_script(tmp_path):
    path = tmp_path / "lanterns.txt"
    path.write_text(STORY, encoding="utf-8")
    doc = talecast.read(path)
    script = talecast.segment(doc)
    assert all(s.speaker is None for s in script.segments)
    script, characters = talecast.attribute(script)
    expected, expected_chars = pipeline.script(path)
    assert script == expected
    assert [c.name for c in characters] == [c.name for c in expected_chars]
    assert [s.speaker for s in script.segments if s.kind == "dialogue"] == ["Mara", "Tom"]


def test_a_called_stage_is_still_its_package():
    assert talecast.read.plain is plain
    assert talecast.read.parse is plain.parse
    assert callable(talecast.build) and talecast.build.build_story.__name__ == "build_story"


def test_load_voices_is_the_voice_configs_loader():
    config = talecast.load_voices(None)
    assert config.narrator.id


def test_importing_talecast_loads_no_stage():
    code = "import sys, talecast; print(sorted(m for m in sys.modules if m.startswith('talecast.')))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_build_a_script_through_the_library(tmp_path):
    path = tmp_path / "lanterns.txt"
    path.write_text(STORY, encoding="utf-8")
    script, characters = talecast.attribute(talecast.segment(talecast.read(path)))
    result = talecast.build(script, characters, talecast.load_voices(None), tmp_path / "out",
                            BuildOptions(jobs=1))
    assert [p.name for p in result.files] == ["01 - Chapter 1.mp3"]
    assert (result.folder / "01 - Chapter 1.mp3").stat().st_size > 1000


def test_build_options_are_one_frozen_value():
    import dataclasses

    import pytest

    options = BuildOptions(jobs=2, single="m4b")
    with pytest.raises(dataclasses.FrozenInstanceError):
        options.jobs = 3
    assert dataclasses.replace(options, jobs=3).single == "m4b" and options.encoders is None


def test_a_build_takes_its_engine_as_an_option(tmp_path, monkeypatch):
    """The engine is passed in (BuildOptions.engine), not read from a global: here the tone engine of
    fake_engine.py, whose clip of a text is known before it is made."""
    import fake_engine

    from talecast.synth import cache
    from talecast.synth.engine import engine_id

    monkeypatch.delenv("TALECAST_ENGINE", raising=False)
    monkeypatch.setenv("TALECAST_CACHE_DIR", str(tmp_path / "cache"))  # its own: it counts what it synthesized
    path = tmp_path / "lanterns.txt"
    path.write_text(STORY, encoding="utf-8")
    script, characters = talecast.attribute(talecast.segment(talecast.read(path)))
    config = talecast.load_voices(None)
    spec = "fake_engine:ToneEngine"
    result = talecast.build(script, characters, config, tmp_path / "out", BuildOptions(jobs=1, engine=spec))
    assert result.synthesized > 0 and engine_id(spec) != engine_id()  # its clips are keyed as its own
    caster = talecast.voices.Caster(config, {c.name: c.gender for c in characters})
    caster.plan(script)
    clips = cache.SegmentCache()
    for seg in script.segments:
        said = talecast.build.spoken(caster, seg)
        if said:
            voice, text = said
            assert clips.get(cache.key(engine_id(spec), voice, text)) == fake_engine.tone(fake_engine.MS_PER_CHAR
                                                                                       * len(text))


def test_synth_speaks_text_with_the_engine_it_is_given(monkeypatch):
    import fake_engine

    from talecast import synth
    from talecast.voices import Voice

    monkeypatch.delenv("TALECAST_ENGINE", raising=False)
    pcm = synth.synthesize("Hello there.", Voice("gmw/en-us"), engine="fake_engine:ToneEngine")
    assert pcm == fake_engine.tone(fake_engine.MS_PER_CHAR * len("Hello there."))
