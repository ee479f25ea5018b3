"""Auditioning: `talecast voices`, `talecast say`, and `talecast build --chapters`."""
import subprocess
import wave

import pytest
from click.testing import CliRunner
from mutagen.mp3 import MP3

from talecast import voices
from talecast.build import parse_chapters
from talecast.cli import main
from talecast.errors import InputError

CONFIG = """\
[narrator]
voice = "gmw/en-us"

[characters.Buffy]
gender = "female"
voice = "gmw/en-gb-x-rp+f2"
pitch = 60

[characters.Willow]
gender = "female"

[characters.Crowd]
skip = true

[pronounce]
Buffy = "Buffee"
"""


@pytest.fixture
def run(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    return lambda *args: runner.invoke(main, [str(a) for a in args])


@pytest.fixture
def config_file(tmp_path):
    p = tmp_path / "v.toml"
    p.write_text(CONFIG, encoding="utf-8")
    return p


def test_voices_lists_ids_and_variants(run):
    res = run("voices", "--language", "en-gb")
    assert res.exit_code == 0, res.output
    lines = res.output.splitlines()
    assert lines[0].split() == ["ID", "NAME", "LANGUAGE", "GENDER"]
    ids = [line.split()[0] for line in lines[1:] if line.startswith("gmw/")]
    assert "gmw/en-gb-x-rp" in ids and "gmw/en-us" not in ids
    assert "+f3" in res.output and "+m7" in res.output


def test_voices_by_gender_lists_that_genders_variants(run):
    res = run("voices", "--language", "en", "--gender", "female")
    assert res.exit_code == 0
    assert "  female:" in res.output and "+f5" in res.output and "  male:" not in res.output


def test_voices_for_a_language_nobody_speaks(run):
    res = run("voices", "--language", "xx")
    assert res.exit_code == 0 and "(no voice matches)" in res.output


@pytest.mark.slow
def test_say_writes_an_mp3(run, tmp_path):
    res = run("say", "Hello there.", "--voice", "gmw/en-us+f3", "-o", tmp_path / "clip.mp3")
    assert res.exit_code == 0, res.output
    assert "gmw/en-us+f3" in res.output
    assert 0.3 < MP3(str(tmp_path / "clip.mp3")).info.length < 5


@pytest.mark.slow
def test_say_in_a_characters_voice_with_pronunciations(run, tmp_path, config_file):
    res = run("say", "I am Buffy.", "--speaker", "buffy", "--voices", config_file, "-o", tmp_path / "b.wav")
    assert res.exit_code == 0, res.output
    assert "gmw/en-gb-x-rp+f2 (rate 170, pitch 60)" in res.output
    with wave.open(str(tmp_path / "b.wav")) as w:
        assert w.getframerate() == 22050 and w.getnframes() > 22050 * 0.3


def test_speaker_voice_comes_from_the_config(config_file):
    config = voices.load(config_file)
    assert voices.pick_voice(config, speaker="Buffy") == voices.Voice("gmw/en-gb-x-rp+f2", 170, 60, 1.0)
    assert voices.pick_voice(config, speaker="narrator") == config.narrator
    willow = voices.pick_voice(config, speaker="Willow", pitch=30)
    assert willow.id in config.pools["female"] and willow.pitch == 30
    assert voices.pick_voice(config) == config.narrator


@pytest.mark.parametrize("args, message", [
    (["--speaker", "Bufy"], "no character 'Bufy' (did you mean Buffy?)"),
    (["--speaker", "Crowd"], "Crowd has skip = true"),
    (["--voice", "gmw/en-uk+f3"], "voice 'gmw/en-uk+f3' is not one of the engine's voices (closest: gmw/en-us+f3"),
    (["--voice", "gmw/en-us", "--rate", "900"], "--rate 900 is out of range (80 to 450)"),
])
def test_say_errors_are_one_line_and_write_nothing(run, tmp_path, config_file, args, message):
    res = run("say", "Hi.", "--voices", config_file, *args, "-o", tmp_path / "x.mp3")
    assert res.exit_code == 2, res.output
    assert res.output.startswith("Error: ") and message in res.output and len(res.output.splitlines()) == 1
    assert not (tmp_path / "x.mp3").exists()


def test_say_without_a_player_asks_for_a_file(run, monkeypatch):
    monkeypatch.setattr("shutil.which", lambda name: None)
    res = run("say", "Hi.")
    assert res.exit_code == 2 and "give -o clip.mp3" in res.output


def test_say_takes_a_voice_or_a_speaker_not_both(run):
    res = run("say", "Hi.", "--voice", "gmw/en-us", "--speaker", "Buffy")
    assert res.exit_code == 2 and "not both" in res.output


@pytest.mark.parametrize("spec, count, expected", [
    ("2", 3, {2}), ("2-3", 5, {2, 3}), ("3-", 5, {3, 4, 5}), ("1, 3,5-6", 6, {1, 3, 5, 6})])
def test_parse_chapters(spec, count, expected):
    assert parse_chapters(spec, count) == expected


@pytest.mark.parametrize("spec", ["0", "4", "2-9", "a", "3-2", ""])
def test_parse_chapters_rejects(spec):
    with pytest.raises(InputError):
        parse_chapters(spec, 3)


@pytest.mark.slow
def test_build_only_some_chapters(run, tmp_path):
    story = tmp_path / "s.txt"
    story.write_text("A Tale\n\nChapter 1\n\nAnn sat.\n\nChapter 2\n\n\"Hello,\" said Ann.\n\n"
                     "Chapter 3\n\nIt rained.\n", encoding="utf-8")
    res = run("build", story, "--chapters", "2", "--out", tmp_path / "out")
    assert res.exit_code == 0, res.output
    files = list((tmp_path / "out").glob("*/*.mp3"))
    assert [f.name for f in files] == ["02 - Chapter 2.mp3"]
    assert not list((tmp_path / "out").glob("*/*.m3u8"))  # a partial build leaves the playlist alone
    from mutagen.id3 import ID3

    assert str(ID3(str(files[0]))["TRCK"]) == "2/3"
    res = run("build", story, "--chapters", "4", "--out", tmp_path / "out")
    assert res.exit_code == 2 and "the story has 3 chapter(s)" in res.output


@pytest.mark.slow
def test_say_without_a_file_plays_the_line(run, monkeypatch):
    played = []

    def fake_run(cmd, **kw):
        with wave.open(cmd[-1]) as w:  # the clip exists while the player runs
            played.append((cmd[0], w.getnframes()))
        return subprocess.CompletedProcess(cmd, 0, "", "")

    monkeypatch.setattr("shutil.which", lambda name: "/usr/bin/ffplay" if name == "ffplay" else None)
    monkeypatch.setattr("subprocess.run", fake_run)
    res = run("say", "Hello.")
    assert res.exit_code == 0, res.output
    assert played and played[0][0] == "ffplay" and played[0][1] > 2205
