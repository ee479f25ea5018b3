"""`talecast cast`: the voice config it writes, how it merges, and `script --cast`."""
import json

import tomllib
from click.testing import CliRunner

from talecast import voices
from talecast.voices import castfile
from talecast.attribute import Character
from talecast.cli import main

from conftest import need_seed

STORY = """A Test Story

"Come here," said Anna. Anna smiled at Tom.

"I will," Tom promised, and he came.

"Good," said Anna.
"""


def story(tmp_path):
    p = tmp_path / "story.txt"
    p.write_text(STORY, encoding="utf-8")
    return p


def test_cast_writes_a_config_that_loads(tmp_path):
    out = tmp_path / "voices" / "test.toml"
    r = CliRunner().invoke(main, ["cast", str(story(tmp_path)), "-o", str(out)])
    assert r.exit_code == 0, r.output
    config = voices.load(out)
    assert set(config.characters) == {"Anna", "Tom"}
    assert config.characters["Anna"].gender == "female"
    assert config.characters["Tom"].gender == "male"
    ids = {c.voice.id for c in config.characters.values()}
    assert len(ids) == 2 and config.narrator.id not in ids
    text = out.read_text(encoding="utf-8")
    assert text.index("[narrator]") < text.index("[characters.")
    assert "# 2 lines; first: Come here," in text


def test_cast_default_path_is_voices_story_slug(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    r = CliRunner().invoke(main, ["cast", str(story(tmp_path))])
    assert r.exit_code == 0, r.output
    from talecast import pipeline
    from talecast.build import slugify

    title = pipeline.script(story(tmp_path))[0].title
    assert (tmp_path / "voices" / f"{slugify(title)}.toml").exists()


def test_rerunning_cast_keeps_user_edits(tmp_path):
    out = tmp_path / "cast.toml"
    CliRunner().invoke(main, ["cast", str(story(tmp_path)), "-o", str(out)])
    text = out.read_text(encoding="utf-8")
    start = text.index("[characters.Tom]")
    edited = text[:start] + text[start:].replace('gender = "male"', 'gender = "male"\npitch = 20\n# my note', 1)
    edited = edited.replace("rate = 170", "rate = 200", 1)
    out.write_text(edited, encoding="utf-8")
    r = CliRunner().invoke(main, ["cast", str(story(tmp_path)), "-o", str(out)])
    assert r.exit_code == 0, r.output
    assert out.read_text(encoding="utf-8") == edited
    data = tomllib.loads(edited)
    assert data["characters"]["Tom"]["pitch"] == 20 and data["narrator"]["rate"] == 200


def test_merge_adds_only_new_characters(tmp_path):
    out = tmp_path / "cast.toml"
    anna = Character("Anna", (), "female", lines=3, first_line="Hi")
    castfile.write([anna], out, "T")
    before = out.read_text(encoding="utf-8")
    added = castfile.write([anna, Character("Tom", ("Thomas",), "male", lines=1, first_line="Yo")], out, "T")
    assert added == ["Tom"]
    after = out.read_text(encoding="utf-8")
    assert after.startswith(before.rstrip("\n"))
    assert voices.load(out).characters["Tom"].aliases == ("Thomas",)


def test_merge_knows_characters_by_alias(tmp_path):
    out = tmp_path / "cast.toml"
    castfile.write([Character("Elizabeth", ("Lizzy",), "female", lines=2)], out, "T")
    assert castfile.write([Character("Lizzy", (), "female", lines=2)], out, "T") == []


def test_characters_without_lines_are_left_out(tmp_path):
    out = tmp_path / "cast.toml"
    castfile.write([Character("Anna", (), "female", lines=0)], out, "T")
    assert voices.load(out).characters == {}


def test_many_characters_of_one_gender_still_differ(tmp_path):
    out = tmp_path / "cast.toml"
    chars = [Character(f"Man{i}", (), "male", lines=1) for i in range(7)]
    castfile.write(chars, out, "T")
    entries = voices.load(out).characters.values()
    assert len({(c.voice.id, c.voice.pitch) for c in entries}) == 7


def test_first_person_narrator_speaks_in_the_narrators_voice(tmp_path):
    out = tmp_path / "cast.toml"
    castfile.write([Character("Watson", (), "male", lines=4, narrator=True)], out, "T")
    assert voices.load(out).characters["Watson"].narrator


def test_cast_into_a_broken_file_is_an_error(tmp_path):
    out = tmp_path / "cast.toml"
    out.write_text("[narrator\n", encoding="utf-8")
    r = CliRunner().invoke(main, ["cast", str(story(tmp_path)), "-o", str(out)])
    assert r.exit_code == 2
    assert "cast.toml:1: TOML syntax" in r.output
    assert out.read_text(encoding="utf-8") == "[narrator\n"


def test_script_with_cast_file_uses_its_names(tmp_path):
    cast = tmp_path / "cast.toml"
    cast.write_text('[characters."Anna Smith"]\naliases = ["Anna"]\ngender = "female"\n'
                    '[characters.Tom]\ngender = "male"\n', encoding="utf-8")
    r = CliRunner().invoke(main, ["script", str(story(tmp_path)), "--format", "jsonl", "--cast", str(cast)])
    assert r.exit_code == 0, r.output
    rows = [json.loads(line) for line in r.output.splitlines()]
    assert [d["speaker"] for d in rows if d["kind"] == "dialogue"] == ["Anna Smith", "Tom", "Anna Smith"]


def test_cast_on_the_seed_finds_buffy_and_spike(tmp_path):
    out = tmp_path / "seed.toml"
    r = CliRunner().invoke(main, ["cast", str(need_seed()), "-o", str(out)])
    assert r.exit_code == 0, r.output
    config = voices.load(out)
    assert {n: c.gender for n, c in config.characters.items()} == {"Buffy": "female", "Spike": "male"}


def test_switching_to_the_cast_file_keeps_every_voice(tmp_path):
    """The written config gives each character the voice a build already gave them."""
    from talecast import model, pipeline

    out = tmp_path / "cast.toml"
    assert CliRunner().invoke(main, ["cast", str(story(tmp_path)), "-o", str(out)]).exit_code == 0
    script, chars = pipeline.script(story(tmp_path))

    def speakers_voices(config):
        caster = voices.Caster(config, {c.name: c.gender for c in chars})
        caster.plan(script)
        return {s.speaker: caster.voice_for(s) for s in script.segments if s.kind == model.DIALOGUE}

    assert speakers_voices(voices.load(None)) == speakers_voices(voices.load(out))


def test_cast_of_a_story_with_windows_line_ends_is_valid_toml(tmp_path):
    # A first line taken from a CRLF file must not carry its \r into a TOML comment.
    p = tmp_path / "crlf.txt"
    p.write_bytes(STORY.replace('"Come here,"', '"Come\nhere,"').replace("\n", "\r\n").encode("utf-8"))
    out = tmp_path / "crlf.toml"
    r = CliRunner().invoke(main, ["cast", str(p), "-o", str(out)])
    assert r.exit_code == 0, r.output
    assert set(voices.load(out).characters) == {"Anna", "Tom"}
    assert "# 2 lines; first: Come here," in out.read_text(encoding="utf-8")
