"""[styles.thought] / [styles.stress]: Markdown emphasis heard through the voice config."""
from __future__ import annotations

import pytest

from talecast import model, voices
from talecast.errors import ConfigError


def seg(style=None, kind=model.NARRATION, speaker=None):
    return model.Segment(1, kind, "words", 0, 5, speaker, 0, style)


def config(tmp_path, extra: str = ""):
    path = tmp_path / "v.toml"
    path.write_text('[narrator]\nvoice = "gmw/en-us"\nrate = 170\npitch = 50\n' + extra)
    return voices.load(path)


def test_thoughts_are_lower_and_slower_by_default(tmp_path):
    caster = voices.Caster(config(tmp_path))
    plain, thought = caster.voice_for(seg()), caster.voice_for(seg("thought"))
    assert (thought.id, thought.pitch, thought.rate) == (plain.id, 40, 160)


def test_a_style_table_changes_the_speakers_own_voice(tmp_path):
    cfg = config(tmp_path, '[characters.Mira]\nvoice = "gmw/en-us+f3"\npitch = 70\n'
                           '[styles.thought]\npitch = -20\nvolume = -0.25\n[styles.stress]\nrate = 30\n')
    caster = voices.Caster(cfg)
    v = caster.voice_for(seg("thought", model.DIALOGUE, "Mira"))
    assert (v.id, v.pitch, v.volume, v.rate) == ("gmw/en-us+f3", 50, 0.75, 170)
    assert caster.voice_for(seg("stress")).rate == 200


def test_changes_stay_within_range(tmp_path):
    caster = voices.Caster(config(tmp_path, "[styles.thought]\npitch = -90\nrate = -500\n"))
    v = caster.voice_for(seg("thought"))
    assert (v.pitch, v.rate) == (0, 80)


@pytest.mark.parametrize("extra,words", [
    ("[styles.whisper]\npitch = 1\n", "[styles.whisper]"),
    ("[styles.thought]\nvoice = 3\n", "not 'voice'"),
    ("[styles.thought]\npitch = \"low\"\n", "not 'pitch'"),
])
def test_bad_style_tables_name_the_file_and_line(tmp_path, extra, words):
    with pytest.raises(ConfigError) as info:
        config(tmp_path, extra)
    assert str(tmp_path / "v.toml") in str(info.value) and words in str(info.value)
