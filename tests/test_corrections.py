"""Per-line corrections ([[lines]] in the voice config): loading, every error with its
line, applying each kind to a script, and writing one with add_correction."""
import re
from pathlib import Path

import pytest

from talecast import model, pipeline, voices
from talecast.voices import corrections
from talecast.errors import ConfigError

from test_voices import ESPEAK

STORY = """\
Title: Two at the Gate
Author: Test

Chapter 1

Ann walked to the gate. Bob was waiting.

"Open it," said Ann.

"Look at me."

"Why?" asked Bob.

"Look at me."

A sign on the gate read: "Keep Out."

Chapter 2

Bob laughed. Go away now, he thought. Then he said nothing.

"Look at me," said Ann.
"""

CONFIG = """\
[narrator]
voice = "gmw/en-us"

[characters.Ann]
gender = "female"

[characters.Bob]
aliases = ["Robert"]
gender = "male"
"""


def story(tmp_path) -> Path:
    p = tmp_path / "gate.txt"
    p.write_text(STORY, encoding="utf-8")
    return p


def config(tmp_path, lines: str) -> Path:
    p = tmp_path / "voices.toml"
    p.write_text(CONFIG + lines, encoding="utf-8")
    return p


def corrected(tmp_path, lines: str) -> model.Script:
    sc, _ = pipeline.script(story(tmp_path))
    cfg = voices.load(config(tmp_path, lines), catalog=ESPEAK)
    return corrections.apply(sc, cfg.corrections)


def error(tmp_path, lines: str) -> str:
    with pytest.raises(ConfigError) as exc:
        corrected(tmp_path, lines)
    return str(exc.value)


def dialogue(sc):
    return [s for s in sc.segments if s.kind == model.DIALOGUE]


def test_speaker_correction_sets_speaker_and_marks_the_line(tmp_path):
    sc = corrected(tmp_path, '\n[[lines]]\ntext = "open it"\nspeaker = "bob"\n')
    seg = next(s for s in dialogue(sc) if s.text.startswith("Open"))
    assert seg.speaker == "Bob" and seg.corrected and seg.to_json()["corrected"] is True
    assert sum(s.corrected for s in sc.segments) == 1


def test_alias_speaker_means_the_character(tmp_path):
    sc = corrected(tmp_path, '\n[[lines]]\ntext = "Why?"\nspeaker = "Robert"\n')
    assert next(s for s in dialogue(sc) if s.text == "Why?").speaker == "Bob"


def test_occurrence_picks_one_of_several_matches(tmp_path):
    sc = corrected(tmp_path, '\n[[lines]]\ntext = "Look at me."\nchapter = 1\noccurrence = 2\n'
                             'speaker = "Ann"\n')
    looks = [s for s in dialogue(sc) if s.text.startswith("Look at me")]
    assert [s.corrected for s in looks] == [False, True, False]


def test_chapter_narrows_the_match(tmp_path):
    sc = corrected(tmp_path, '\n[[lines]]\ntext = "look at me"\nchapter = 2\nspeaker = "unsure"\n')
    looks = [s for s in dialogue(sc) if s.text.startswith("Look at me")]
    assert looks[2].corrected and looks[2].speaker is None
    assert not looks[0].corrected


def test_unsure_and_narrator_speakers(tmp_path):
    sc = corrected(tmp_path, '\n[[lines]]\ntext = "Open it,"\nspeaker = "unsure"\n'
                             '\n[[lines]]\ntext = "Why?"\nspeaker = "Narrator"\n')
    d = {s.text: s for s in dialogue(sc)}
    assert d["Open it,"].speaker is None and d["Open it,"].corrected
    assert d["Why?"].speaker == "narrator"


def test_quote_that_is_not_speech_becomes_narration(tmp_path):
    sc = corrected(tmp_path, '\n[[lines]]\ntext = "Why?"\nkind = "narration"\n')
    seg = next(s for s in sc.segments if s.text == "Why?")
    assert seg.kind == model.NARRATION and seg.speaker is None and seg.corrected


def test_words_of_narration_become_a_quote(tmp_path):
    sc = corrected(tmp_path, '\n[[lines]]\ntext = "Go away now,"\nspeaker = "Bob"\n')
    i = next(i for i, s in enumerate(sc.chapters[1].segments) if s.corrected)
    before, said, after = sc.chapters[1].segments[i - 1:i + 2]
    assert (said.kind, said.speaker, said.text) == (model.DIALOGUE, "Bob", "Go away now,")
    assert before.kind == after.kind == model.NARRATION
    assert before.text == "Bob laughed." and after.text.startswith("he thought.")
    assert sc.source[said.start:said.end] == "Go away now,"


def test_no_match_names_file_line_and_closest_lines(tmp_path):
    msg = error(tmp_path, '\n[[lines]]\ntext = "Look at mee now"\nspeaker = "Ann"\n')
    assert msg.startswith(f"{tmp_path / 'voices.toml'}:11: ")
    assert "is not in the story" in msg and 'did you mean "Look at me."' in msg


def test_several_matches_without_occurrence_is_an_error(tmp_path):
    msg = error(tmp_path, '\n[[lines]]\ntext = "Look at me."\nspeaker = "Ann"\n')
    assert msg.endswith(':11: "Look at me." occurs 3 times (chapters 1, 2): add occurrence = 1 to 3 '
                        "or chapter = N")


def test_occurrence_beyond_the_matches_is_an_error(tmp_path):
    msg = error(tmp_path, '\n[[lines]]\ntext = "Why?"\noccurrence = 2\nspeaker = "Ann"\n')
    assert msg.endswith(':11: occurrence = 2, but "Why?" occurs 1 time')


def test_unknown_speaker_is_an_error_with_a_suggestion(tmp_path):
    with pytest.raises(ConfigError) as exc:
        voices.load(config(tmp_path, '\n[[lines]]\ntext = "Why?"\nspeaker = "Bobb"\n'), catalog=ESPEAK)
    assert str(exc.value) == (f"{tmp_path / 'voices.toml'}:13: speaker 'Bobb' is not a character of this "
                              "config (did you mean 'Bob'?)")


def test_renamed_character_orphans_its_correction_with_an_error(tmp_path):
    text = CONFIG.replace("[characters.Bob]", "[characters.Robert]").replace('aliases = ["Robert"]', "")
    p = tmp_path / "voices.toml"
    p.write_text(text + '\n[[lines]]\ntext = "Why?"\nspeaker = "Bob"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r":13: speaker 'Bob' is not a character of this config"):
        voices.load(p, catalog=ESPEAK)


@pytest.mark.parametrize("lines, message", [
    ('text = "Why?"\n', "needs either speaker"),
    ('text = "Why?"\nspeaker = "Ann"\nkind = "narration"\n', "not both"),
    ('text = "Why?"\nkind = "song"\n', 'the only kind is "narration"'),
    ('speaker = "Ann"\n', "needs text"),
    ('text = "Why?"\nspeaker = "Ann"\nocurrence = 2\n', "did you mean 'occurrence'?"),
    ('text = "Why?"\nspeaker = "Ann"\nchapter = 0\n', "chapter = 0 in [[lines]] must be 1 or more"),
    ('text = "Why?"\nspeaker = "Ann"\nchapter = "one"\n', "'chapter' in [[lines]] must be a whole number"),
])
def test_malformed_corrections_are_errors_with_their_line(tmp_path, lines, message):
    with pytest.raises(ConfigError) as exc:
        voices.load(config(tmp_path, "\n[[lines]]\n" + lines), catalog=ESPEAK)
    assert message in str(exc.value) and str(exc.value).startswith(f"{tmp_path / 'voices.toml'}:1")


def test_second_correction_errors_name_its_own_line(tmp_path):
    lines = '\n[[lines]]\ntext = "Why?"\nspeaker = "Ann"\n\n[[lines]]\ntext = "Why?"\nspeaker = "Zed"\n'
    with pytest.raises(ConfigError, match=r"voices.toml:17: speaker 'Zed'"):
        voices.load(config(tmp_path, lines), catalog=ESPEAK)


def test_add_correction_appends_keeps_comments_and_replaces_the_same_line(tmp_path):
    p = tmp_path / "voices.toml"
    p.write_text("# my voices\n" + CONFIG.replace('gender = "female"', 'gender = "female"  # she leads'),
                 encoding="utf-8")
    corrections.add_correction(p, "Why?", "Ann")
    corrections.add_correction(p, "Open it,", "unsure")
    corrections.add_correction(p, "why", "Bob")  # the same words: replaces the first
    text = p.read_text(encoding="utf-8")
    assert text.startswith("# my voices\n") and "# she leads" in text
    cfg = voices.load(p, catalog=ESPEAK)
    assert [(c.text, c.speaker) for c in cfg.corrections] == [("why", "Bob"), ("Open it,", "unsure")]
    corrections.add_correction(p, "Look at me.", kind="narration", chapter=1, occurrence=2)
    assert voices.load(p, catalog=ESPEAK).corrections[-1] == corrections.Correction(
        "Look at me.", None, "narration", 1, 2, line=voices.load(p, catalog=ESPEAK).corrections[-1].line,
        path=str(p))


def test_add_correction_refuses_an_unknown_speaker_and_leaves_the_file(tmp_path):
    p = tmp_path / "voices.toml"
    p.write_text(CONFIG, encoding="utf-8")
    with pytest.raises(ConfigError, match=r"voices.toml:\d+: speaker 'Zed' is not a character"):
        corrections.add_correction(p, "Why?", "Zed")
    assert p.read_text(encoding="utf-8") == CONFIG
    assert [f.name for f in tmp_path.iterdir()] == ["voices.toml"]


# --- the command line -------------------------------------------------------------------------

from click.testing import CliRunner  # noqa: E402

from talecast.cli import main  # noqa: E402

REAL = CONFIG  # gmw/en-us exists in espeak-ng too


def files(tmp_path, lines: str):
    p = tmp_path / "voices.toml"
    p.write_text(REAL + lines, encoding="utf-8")
    return story(tmp_path), p


def test_script_with_voices_marks_corrected_lines_in_text_and_jsonl(tmp_path):
    s, cfg = files(tmp_path, '\n[[lines]]\ntext = "Why?"\nspeaker = "Ann"\n')
    res = CliRunner().invoke(main, ["script", str(s), "--voices", str(cfg)])
    assert res.exit_code == 0, res.output
    assert [line.split() for line in res.output.splitlines() if "(corrected)" in line] == \
        [["Ann:", "“Why?”", "(corrected)"]]
    res = CliRunner().invoke(main, ["script", str(s), "--voices", str(cfg), "--format", "jsonl", "--explain"])
    rows = [__import__("json").loads(line) for line in res.output.splitlines()]
    fixed = [r for r in rows if r.get("corrected")]
    assert [(r["text"], r["speaker"], r["rule"]) for r in fixed] == [("Why?", "Ann", "corrected")]


@pytest.mark.parametrize("command", ["build", "script", "say"])
def test_a_correction_matching_nothing_stops_every_command_with_exit_2(tmp_path, command):
    s, cfg = files(tmp_path, '\n[[lines]]\ntext = "Look at mee now"\nspeaker = "Ann"\n')
    args = {"build": ["build", str(s), "--voices", str(cfg), "--out", str(tmp_path / "out")],
            "script": ["script", str(s), "--voices", str(cfg)],
            "say": ["say", "Hello.", "--speaker", "Ann", "--voices", str(cfg), "--story", str(s),
                    "-o", str(tmp_path / "a.wav")]}[command]
    res = CliRunner().invoke(main, args)
    assert res.exit_code == 2
    assert res.output.strip().splitlines() == [
        f'Error: {cfg}:11: the line "Look at mee now" is not in the story (did you mean "Look at me." or '
        f'"Look at me,"?)']
    assert not (tmp_path / "out").exists() and not (tmp_path / "a.wav").exists()


def test_cast_keeps_corrections_when_it_adds_characters(tmp_path):
    s = story(tmp_path)
    cfg = tmp_path / "voices.toml"
    cfg.write_text('# mine\n[narrator]\nvoice = "gmw/en-us"\n\n[characters.Bob]\ngender = "male"\n\n'
                   '[[lines]]\ntext = "Open it,"\nspeaker = "Bob"  # not Ann\n', encoding="utf-8")
    res = CliRunner().invoke(main, ["cast", str(s), "-o", str(cfg)])
    assert res.exit_code == 0, res.output
    config = voices.load(cfg)
    assert "Ann" in config.characters
    assert [(c.text, c.speaker) for c in config.corrections] == [("Open it,", "Bob")]
    assert "# not Ann" in cfg.read_text(encoding="utf-8")


def test_cast_adds_the_character_a_correction_written_before_it_names(tmp_path):
    # The error for an unknown speaker says "run `talecast cast`": cast must then not stop on it.
    s = story(tmp_path)
    cfg = tmp_path / "voices.toml"
    cfg.write_text('[[lines]]\ntext = "Open it,"\nspeaker = "Bob"\n', encoding="utf-8")
    before = CliRunner().invoke(main, ["script", str(s), "--voices", str(cfg)])
    assert before.exit_code == 2 and "run `talecast cast`" in before.output
    res = CliRunner().invoke(main, ["cast", str(s), "-o", str(cfg)])
    assert res.exit_code == 0, res.output
    config = voices.load(cfg)
    assert {"Ann", "Bob"} <= set(config.characters)
    assert [(c.text, c.speaker) for c in config.corrections] == [("Open it,", "Bob")]


def test_cast_still_stops_on_a_correction_naming_nobody_it_finds(tmp_path):
    s = story(tmp_path)
    cfg = tmp_path / "voices.toml"
    text = '[[lines]]\ntext = "Open it,"\nspeaker = "Zed"\n'
    cfg.write_text(text, encoding="utf-8")
    res = CliRunner().invoke(main, ["cast", str(s), "-o", str(cfg)])
    assert res.exit_code == 2 and "speaker 'Zed' is not a character of this config" in res.output
    assert cfg.read_text(encoding="utf-8") == text  # nothing half-written


def test_corrections_survive_an_edit_elsewhere_in_the_story(tmp_path):
    lines = '\n[[lines]]\ntext = "Why?"\nspeaker = "Ann"\n'
    before = corrected(tmp_path, lines)
    p = story(tmp_path)
    p.write_text(STORY.replace("Ann walked to the gate.", "Ann walked slowly, in the rain, to the old gate.")
                 + '\n"One more line," said Bob.\n', encoding="utf-8")
    sc, _ = pipeline.script(p)
    after = corrections.apply(sc, voices.load(tmp_path / "voices.toml", catalog=ESPEAK).corrections)
    why = [(s.text, s.speaker, s.corrected) for s in dialogue(after) if s.corrected]
    assert why == [("Why?", "Ann", True)] == [(s.text, s.speaker, s.corrected) for s in dialogue(before)
                                               if s.corrected]


@pytest.mark.slow
def test_a_rebuild_after_a_correction_synthesizes_only_that_line_and_captions_follow(tmp_path, monkeypatch):
    # A cache of its own: the count below must not depend on what other tests left in the shared one.
    monkeypatch.setenv("TALECAST_CACHE_DIR", str(tmp_path / "cache"))
    s, cfg = files(tmp_path, "")
    out = tmp_path / "out"
    first = CliRunner().invoke(main, ["build", str(s), "--voices", str(cfg), "--out", str(out), "--jobs", "1"])
    assert first.exit_code == 0, first.output
    corrections.add_correction(cfg, "Why?", "Ann")
    again = CliRunner().invoke(main, ["build", str(s), "--voices", str(cfg), "--out", str(out), "--jobs", "1"])
    assert again.exit_code == 0, again.output
    assert "(1 segments synthesized," in again.output
    vtt = (out / "two-at-the-gate" / "01 - Chapter 1.vtt").read_text(encoding="utf-8")
    assert "<v Ann>Why?</v>" in vtt


# --- a rebuild after a correction: what it redoes, and the single-file editions -------------------

from talecast import build  # noqa: E402
from talecast.build import BuildOptions  # noqa: E402
from talecast.synth import cache as cache_mod  # noqa: E402

from helpers import decode  # noqa: E402

GATE = """\
Title: The Long Gate
Author: Test

Chapter 1

Ann walked to the gate with her lantern held high against the rain. Bob was waiting there, as he always was.

"Open it now, before the storm comes down on both of us," said Ann.

"I will not open it for anyone tonight, whatever you say to me," said Bob.

"Then tell me what you are guarding behind this old wooden gate."

"Nothing that would interest a traveller like you, I promise you that."

Ann sighed and looked up at the sky, where the clouds were gathering over the hill.

Chapter 2

"Goodbye then, and good luck with your gate," said Ann.
"""
WRONG = "Then tell me what you are guarding behind this old wooden gate."  # turn-taking gives it to Ann


@pytest.fixture
def voice_tones(tmp_path, monkeypatch):
    """Builds speak with fake_engine's VoiceToneEngine: a tone a voice, so a correction is heard."""
    monkeypatch.setenv("TALECAST_ENGINE", "fake_engine:VoiceToneEngine")
    monkeypatch.setenv("TALECAST_CACHE_DIR", str(tmp_path / "cache"))
    import talecast.synth.engine as engine

    monkeypatch.setattr(engine, "_engines", {})
    s = tmp_path / "gate.txt"
    s.write_text(GATE, encoding="utf-8")
    cfg = tmp_path / "voices.toml"
    cfg.write_text(CONFIG.replace('gender = "female"', 'gender = "female"\npitch = 80')
                   .replace('gender = "male"', 'gender = "male"\npitch = 20'), encoding="utf-8")
    return s, cfg


def _speakers(folder: Path, text: str) -> list[str]:
    vtt = (folder / "01 - Chapter 1.vtt").read_text(encoding="utf-8")
    return re.findall(rf"<v ([^>]+)>{re.escape(text)}</v>", vtt)


def test_a_rebuild_after_a_correction_synthesizes_one_segment_and_encodes_only_its_fragment(
        tmp_path, voice_tones, monkeypatch):
    s, cfg = voice_tones
    out = tmp_path / "out"
    first = build.build_story(s, cfg, out, BuildOptions(jobs=1))
    assert (first.synthesized, first.cached, first.rendered) == (12, 1, 2)  # 13 spoken, "said Ann." twice
    assert _speakers(first.folder, WRONG) == ["Ann"]
    store = tmp_path / "cache" / "segments" / "fragments"
    before = set(store.glob("??/*.mp3"))
    reads = []
    real_get = cache_mod.SegmentCache.get
    monkeypatch.setattr(cache_mod.SegmentCache, "get", lambda self, k: reads.append(k) or real_get(self, k))

    corrections.add_correction(cfg, WRONG, "Bob")
    again = build.build_story(s, cfg, out, BuildOptions(jobs=1))

    # one segment synthesized, every other one a cache hit; chapter 2 left as it was
    assert (again.synthesized, again.cached, again.rendered, again.skipped) == (1, 12, 1, 1)
    # Bob's two lines are now one run of one voice, one fragment: the only one encoded, and the
    # only audio read is what it holds (the corrected line, just made, and Bob's next line)
    assert len(set(store.glob("??/*.mp3")) - before) == 1
    plan = _keys(s, cfg)
    assert sorted(reads) == sorted([plan[WRONG], plan["Nothing that would interest a traveller like you, "
                                                       "I promise you that."]])
    assert _speakers(again.folder, WRONG) == ["Bob"]
    lrc = (again.folder / "01 - Chapter 1.lrc").read_text(encoding="utf-8")
    assert f"Bob: {WRONG}" in lrc


def _keys(story: Path, cfg: Path) -> dict:
    """Each dialogue line's cache key, as the build plans it."""
    from talecast.build.planning import plan
    from talecast.synth.engine import engine_id
    from talecast import render

    sc, chars = pipeline.script(story)
    config = voices.load(cfg)
    sc = corrections.apply(sc, config.corrections)
    caster = voices.Caster(config, {c.name: c.gender for c in chars})
    caster.plan(sc)
    p = plan(sc, caster, config.pacing, render.AudioFormat(), engine=engine_id())
    return {seg.text: k for cp in p.chapters for seg, k in zip(cp.chapter.segments, cp.keys)
            if seg.kind == model.DIALOGUE}


def _hz(samples, start: float, end: float, rate: int = 22050) -> float:
    """The frequency of the tone between ``start`` and ``end`` seconds (its middle half), by zero crossings."""
    a, b = int((start + (end - start) / 4) * rate), int((end - (end - start) / 4) * rate)
    ups = sum(1 for x, y in zip(samples[a:b - 1], samples[a + 1:b]) if x < 0 <= y)
    return ups * rate / (b - a)


def _cue(folder: Path, text: str) -> tuple[float, float]:
    vtt = (folder / "01 - Chapter 1.vtt").read_text(encoding="utf-8")
    m = re.search(rf"(\d\d):(\d\d):(\d\d\.\d+) --> (\d\d):(\d\d):(\d\d\.\d+)\n<v [^>]+>{re.escape(text)}", vtt)
    h1, m1, s1, h2, m2, s2 = m.groups()
    return int(h1) * 3600 + int(m1) * 60 + float(s1), int(h2) * 3600 + int(m2) * 60 + float(s2)


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["mp3", "m4b"])
def test_a_correction_is_heard_in_the_single_file_edition_as_in_the_chapter(tmp_path, voice_tones, kind):
    s, cfg = voice_tones
    out = tmp_path / "out"
    ann, bob = "Open it now, before the storm comes down on both of us,", \
        "I will not open it for anyone tonight, whatever you say to me,"

    def tones(result):
        """The tone of the wrong line, Ann's and Bob's, in chapter 1's MP3 and in the single file
        (where chapter 1 starts at 0)."""
        chapter, single = decode(result.files[0]), decode(result.single)
        return [[round(_hz(audio, *_cue(result.folder, t))) for t in (WRONG, ann, bob)]
                for audio in (chapter, single)]

    first = build.build_story(s, cfg, out, BuildOptions(jobs=1, single=kind))
    (c_wrong, c_ann, c_bob), (s_wrong, s_ann, s_bob) = tones(first)
    assert abs(c_ann - c_bob) > 40  # two voices, two tones
    assert abs(c_wrong - c_ann) < 15 and abs(s_wrong - s_ann) < 15  # read by Ann

    corrections.add_correction(cfg, WRONG, "Bob")
    again = build.build_story(s, cfg, out, BuildOptions(jobs=1, single=kind))
    assert again.single == first.single and again.synthesized == 1
    (c_wrong, c_ann, c_bob), (s_wrong, s_ann, s_bob) = tones(again)
    assert abs(c_wrong - c_bob) < 15 and abs(s_wrong - s_bob) < 15  # now Bob's, in both
    assert abs(s_wrong - s_ann) > 40
    d = [float(x) for x in again.durations]
    assert len(decode(again.single)) / 22050 == pytest.approx(sum(d), abs=0.1)


def test_outputs_whose_inputs_did_not_change_are_not_written_again(tmp_path, voice_tones):
    s, cfg = voice_tones
    out = tmp_path / "out"
    first = build.build_story(s, cfg, out, BuildOptions(jobs=1, single="mp3"))
    stamps = {p.name: p.stat().st_mtime_ns for p in first.folder.iterdir() if not p.name.startswith(".")}
    cfg.write_text(cfg.read_text(encoding="utf-8") + "\n# a comment: the build is not the same one\n",
                   encoding="utf-8")
    again = build.build_story(s, cfg, out, BuildOptions(jobs=1, single="mp3"))
    assert (again.rendered, again.skipped, again.synthesized) == (0, 2, 0)
    assert {p.name: p.stat().st_mtime_ns for p in again.folder.iterdir() if not p.name.startswith(".")} == stamps
    corrections.add_correction(cfg, WRONG, "Bob")  # chapter 1 changes: it, its captions and the book do
    third = build.build_story(s, cfg, out, BuildOptions(jobs=1, single="mp3"))
    changed = {p.name for p in third.folder.iterdir() if not p.name.startswith(".")
               and p.stat().st_mtime_ns != stamps[p.name]}
    # (the playlist too if the chapter's length moved by a millisecond)
    assert changed - {"the-long-gate.m3u8"} == {"01 - Chapter 1.mp3", "01 - Chapter 1.vtt", "01 - Chapter 1.lrc",
                                                "the-long-gate.mp3"}


def test_a_single_file_edition_no_longer_asked_for_is_removed_not_left_out_of_date(tmp_path, voice_tones):
    s, cfg = voice_tones
    out = tmp_path / "out"
    first = build.build_story(s, cfg, out, BuildOptions(jobs=1, single="mp3"))
    edition = first.single
    assert edition.is_file()
    corrections.add_correction(cfg, WRONG, "Bob")  # a change the old edition would not have
    again = build.build_story(s, cfg, out, BuildOptions(jobs=1))
    assert not edition.exists() and again.single is None
    assert again.counts().endswith(f"; {edition.name} removed (out of date)")
    third = build.build_story(s, cfg, out, BuildOptions(jobs=1))  # nothing more to remove
    assert "removed" not in third.counts()
    m4b = build.build_story(s, cfg, out, BuildOptions(jobs=1, single="m4b"))
    assert m4b.single.suffix == ".m4b" and m4b.single.is_file()
    mp3 = build.build_story(s, cfg, out, BuildOptions(jobs=1, single="mp3"))  # the other format instead
    assert not m4b.single.exists() and mp3.single.is_file()
    assert f"{m4b.single.name} removed (out of date)" in mp3.counts()
