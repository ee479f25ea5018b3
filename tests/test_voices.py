"""The voice config: loading, every validation error (with its line), descriptive
voices, pronunciations, and stable default casting."""
from pathlib import Path

import pytest
from click.testing import CliRunner

from talecast import model, voices
from talecast.cli import main
from talecast.synth.engine import EngineVoice, Variant
from talecast.errors import ConfigError
from talecast.voices.casting import _preference

ROOT = Path(__file__).resolve().parent.parent

# An espeak-ng-like engine: a few voices, numbered variants f1-f5 and m1-m8.
ESPEAK = voices.Catalog(
    (EngineVoice("gmw/en", "English (Great Britain)", ("en-gb",), "male"),
     EngineVoice("gmw/en-gb-x-rp", "English (Received Pronunciation)", ("en-gb-x-rp",), "male"),
     EngineVoice("gmw/en-us", "English (America)", ("en-us",), "male"),
     EngineVoice("roa/fr", "French", ("fr-fr",), "male")),
    tuple(Variant(f"f{i}", f"female{i}", "female") for i in range(1, 6))
    + tuple(Variant(f"m{i}", f"male{i}", "male") for i in range(1, 9))
    + (Variant("whisper", "whisper", "male"),))

# A macOS-like engine: no variants, voices with their own genders and ids.
MAC = voices.Catalog(
    (EngineVoice("com.apple.voice.Daniel", "Daniel", ("en_GB",), "male"),
     EngineVoice("com.apple.voice.Kate", "Kate", ("en_GB",), "female"),
     EngineVoice("com.apple.voice.Serena", "Serena", ("en_GB",), "female"),
     EngineVoice("com.apple.voice.Samantha", "Samantha", ("en_US",), "female"),
     EngineVoice("com.apple.voice.Alex", "Alex", ("en_US",), "male")))


def write(tmp_path, text, name="voices.toml"):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def load(tmp_path, text, catalog=ESPEAK):
    return voices.load(write(tmp_path, text), catalog=catalog)


def error(tmp_path, text, catalog=ESPEAK) -> str:
    p = write(tmp_path, text)
    with pytest.raises(ConfigError) as exc:
        voices.load(p, catalog=catalog)
    return str(exc.value)


GOOD = """\
[narrator]
voice = "gmw/en-us"
rate = 175

[defaults]
female = ["gmw/en-us+f3", { language = "en-gb", gender = "female", variant = 2 }]
male = ["gmw/en-gb-x-rp+m3"]

[characters.Spike]
aliases = ["William"]
gender = "male"
voice = "gmw/en-gb-x-rp+m3"
pitch = 40

[characters."Elizabeth Bennet"]
aliases = ["Lizzy"]
gender = "female"

[characters.Clem]
voice = "narrator"

[characters.Crowd]
skip = true

[pronounce]
Buffy = "Buffee"
"""


# --------------------------------------------------------------------------- loading

def test_default_config_copies_are_identical():
    assert (ROOT / "voices" / "default.toml").read_bytes() == \
        (ROOT / "src" / "talecast" / "data" / "default.toml").read_bytes()


def test_default_config_loads_against_the_real_engine():
    config = voices.load(None)
    assert config.narrator.id == "gmw/en-us"
    assert all(config.pools[g] for g in voices.GENDERS)
    assert len({v for pool in config.pools.values() for v in pool}) >= 10


def test_default_config_resolves_on_a_mac_like_engine_too():
    config = voices.load(None, catalog=MAC)
    assert config.narrator.id == "com.apple.voice.Samantha" or config.narrator.id.startswith("com.apple")
    assert all(v.startswith("com.apple") for pool in config.pools.values() for v in pool)


def test_a_full_config_loads(tmp_path):
    config = load(tmp_path, GOOD)
    assert config.narrator == voices.Voice("gmw/en-us", 175, 50, 1.0)
    assert config.pools["female"] == ["gmw/en-us+f3", "gmw/en+f2"]
    spike = config.character("william")
    assert spike.name == "Spike" and spike.voice == voices.Voice("gmw/en-gb-x-rp+m3", 175, 40, 1.0)
    assert config.character("Lizzy").name == "Elizabeth Bennet"
    assert config.character("Clem").narrator and config.character("Crowd").skip
    assert config.pronunciations == {"Buffy": "Buffee"}


def test_pacing_table_is_parsed_into_render_pacing(tmp_path):
    config = load(tmp_path, "[pacing]\nparagraph = 900\nlead = 0\n")
    assert config.pacing.paragraph == 900 and config.pacing.lead == 0


# --------------------------------------------------------------------------- every error names its line

def test_toml_syntax_error_names_the_line(tmp_path):
    msg = error(tmp_path, '[narrator]\nvoice = "gmw/en-us"\nrate = = 3\n')
    assert msg.startswith(f"{tmp_path / 'voices.toml'}:3: TOML syntax")


def test_unknown_key_suggests_the_nearest(tmp_path):
    msg = error(tmp_path, '[characters.Spike]\ngender = "male"\n\npich = 40\n')
    assert msg == f"{tmp_path / 'voices.toml'}:4: unknown key 'pich' in [characters.Spike] (did you mean 'pitch'?)"


def test_unknown_table_suggests_the_nearest(tmp_path):
    msg = error(tmp_path, '# my voices\n\n[narator]\nvoice = "gmw/en-us"\n')
    assert msg.endswith(":3: unknown key 'narator' at the top level (did you mean 'narrator'?)")


def test_unknown_key_in_a_quoted_character_table(tmp_path):
    msg = error(tmp_path, '[characters."Elizabeth Bennet"]\ngender = "female"\naliasses = ["Lizzy"]\n')
    assert ':3: unknown key \'aliasses\' in [characters."Elizabeth Bennet"] (did you mean \'aliases\'?)' in msg


def test_wrong_type_names_the_line_and_the_type(tmp_path):
    msg = error(tmp_path, '[narrator]\nvoice = "gmw/en-us"\nrate = "fast"\n')
    assert msg.endswith(":3: 'rate' in [narrator] must be a number, not a string")


def test_boolean_is_not_a_number(tmp_path):
    assert error(tmp_path, "[narrator]\npitch = true\n").endswith(
        ":2: 'pitch' in [narrator] must be a number, not true/false")


@pytest.mark.parametrize("key, value, bounds", [("rate", 600, "80 to 450"), ("pitch", -5, "0 to 100"),
                                                ("volume", 1.5, "0.0 to 1.0")])
def test_out_of_range(tmp_path, key, value, bounds):
    msg = error(tmp_path, f'[characters.Spike]\ngender = "male"\n{key} = {value}\n')
    assert msg.endswith(f":3: {key} = {value} in [characters.Spike] is out of range ({bounds})")


def test_unknown_voice_id_suggests_the_closest(tmp_path):
    msg = error(tmp_path, '[narrator]\nrate = 170\nvoice = "gmw/en-uk"\n')
    assert ":3: voice 'gmw/en-uk' is not one of the engine's voices (closest: gmw/en-us" in msg
    assert "`talecast voices`" in msg


def test_voice_id_without_its_family_suggests_the_full_id(tmp_path):
    msg = error(tmp_path, '[characters.Spike]\nvoice = "en-gb-x-rp+m3"\n')
    assert ":2: voice 'en-gb-x-rp+m3' is not one of the engine's voices (closest: gmw/en-gb-x-rp+m3" in msg


def test_unknown_variant_suggests_real_ones(tmp_path):
    msg = error(tmp_path, '[characters.Spike]\nvoice = "gmw/en-us+m9"\n')
    assert ":2: voice 'gmw/en-us+m9': '+m9' is not an espeak-ng variant (closest: gmw/en-us+m" in msg


def test_bad_voice_in_a_multiline_pool_names_the_item_line(tmp_path):
    msg = error(tmp_path, '[defaults]\nfemale = [\n  "gmw/en-us+f3",\n  "gmw/en-us+f2",\n  "gmw/en-zz+f1",\n]\n')
    assert ":5: voice 'gmw/en-zz+f1' is not one of the engine's voices" in msg


def test_description_with_a_language_the_engine_lacks(tmp_path):
    msg = error(tmp_path, '[narrator]\nvoice = { language = "xx-yy" }\n')
    assert msg.endswith(":2: no voice speaks language 'xx-yy'")


def test_description_with_a_variant_out_of_range(tmp_path):
    msg = error(tmp_path, '[narrator]\n\nvoice = { language = "en-us", gender = "female", variant = 7 }\n')
    assert msg.endswith(":3: variant = 7: espeak-ng has female variants 1 to 5")


def test_description_with_an_unknown_key(tmp_path):
    msg = error(tmp_path, '[narrator]\nvoice = { langauge = "en-us" }\n')
    assert ":2: unknown key 'langauge' in [narrator.voice] (did you mean 'language'?)" in msg


def test_bad_gender_names_the_line(tmp_path):
    msg = error(tmp_path, '[characters.Spike]\nvoice = "gmw/en-us"\ngender = "m"\n')
    assert msg.endswith(':3: gender = "m": use one of female, male, unknown')


def test_alias_must_be_a_string(tmp_path):
    msg = error(tmp_path, '[characters.Spike]\naliases = [\n  "William",\n  3,\n]\n')
    assert ":4: aliases of Spike must be names (strings), not a number" in msg


def test_a_name_can_only_belong_to_one_character(tmp_path):
    msg = error(tmp_path, '[characters.Spike]\naliases = ["William"]\n[characters.Angel]\n'
                          'aliases = ["Angelus",\n  "william"]\n')
    assert msg.endswith(":5: 'william' names both Spike and Angel: give each name to one character")


def test_pronunciation_must_be_a_string(tmp_path):
    msg = error(tmp_path, '[pronounce]\nBuffy = "Buffee"\nSapi = 3\n')
    assert ":3: [pronounce] Sapi must be a string" in msg


def test_dotted_keys_are_located(tmp_path):
    msg = error(tmp_path, '[characters]\nSpike.gender = "male"\nSpike.pitch = 400\n')
    assert msg.endswith(":3: pitch = 400 in [characters.Spike] is out of range (0 to 100)")


def test_pacing_out_of_range(tmp_path):
    assert error(tmp_path, "[pacing]\nparagraph = -1\n").endswith(
        ":2: paragraph = -1 in [pacing] is out of range (0 to 60000 ms)")


def test_bad_config_stops_the_build_before_anything_is_synthesized(tmp_path):
    story = tmp_path / "s.txt"
    story.write_text('A Tale\n\nChapter 1\n\n"Hello," said Ann.\n', encoding="utf-8")
    cfg = write(tmp_path, '[narrator]\nvoice = "gmw/en-us"\n\n[characters.Ann]\nvoice = "gmw/en-usa+f3"\n')
    res = CliRunner().invoke(main, ["build", str(story), "--voices", str(cfg), "--out", str(tmp_path / "out")])
    assert res.exit_code == 2
    lines = res.output.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in res.output
    assert lines[0].startswith(f"Error: {cfg}:5: voice 'gmw/en-usa+f3' is not one of the engine's voices "
                               "(closest: gmw/en-us+f3, ")
    assert not (tmp_path / "out").exists()


# --------------------------------------------------------------------------- line scanner

def test_key_lines_finds_tables_keys_items_and_inline_keys():
    text = ('# c\n[narrator]\nvoice = "a" # x\n\n[defaults]\nfemale = [ "a",\n  { language = "en",\n'
            '    variant = 2 }, # item\n  "c" ]\n[characters."Mr. Giles"]\n\'raw key\' = 1\n'
            'note = """\n[not.a.table]\nfake = 1\n"""\nafter = 2\n')
    lines = voices.KeyLines(text)
    assert lines.line(("narrator", "voice")) == 3
    assert lines.line(("defaults", "female", 0)) == 6
    assert lines.line(("defaults", "female", 1)) == 7
    assert lines.line(("defaults", "female", 1, "variant")) == 8
    assert lines.line(("defaults", "female", 2)) == 9
    assert lines.line(("characters", "Mr. Giles")) == 10
    assert lines.line(("characters", "Mr. Giles", "raw key")) == 11
    assert lines.line(("characters", "Mr. Giles", "after")) == 16
    assert ("not", "a", "table") not in lines.lines
    assert lines.line(("characters", "Mr. Giles", "missing")) == 10


# --------------------------------------------------------------------------- descriptive voices

@pytest.mark.parametrize("desc, expected", [
    ({"language": "en-us"}, "gmw/en-us"),
    ({"language": "en-gb"}, "gmw/en"),
    ({"language": "en-gb", "gender": "female", "variant": 3}, "gmw/en+f3"),
    ({"language": "en-gb-x-rp", "gender": "male", "variant": 8}, "gmw/en-gb-x-rp+m8"),
    ({"language": "en-us", "gender": "female"}, "gmw/en-us+f1"),
    ({"language": "fr"}, "roa/fr"),                      # fr finds fr-fr
    ({"language": "en-us-x-foo"}, "gmw/en-us"),          # falls back to en-us
])
def test_descriptions_resolve_on_espeak(desc, expected):
    assert ESPEAK.resolve(desc["language"], desc.get("gender"), desc.get("variant")) == expected


@pytest.mark.parametrize("desc, expected", [
    ({"language": "en-gb", "gender": "female", "variant": 1}, "com.apple.voice.Kate"),
    ({"language": "en-gb", "gender": "female", "variant": 2}, "com.apple.voice.Serena"),
    ({"language": "en-gb", "gender": "female", "variant": 3}, "com.apple.voice.Kate"),   # counts round
    ({"language": "en-gb-x-rp", "gender": "male", "variant": 3}, "com.apple.voice.Daniel"),
    ({"language": "en-us", "gender": "male"}, "com.apple.voice.Alex"),
    ({"language": "en"}, "com.apple.voice.Alex"),        # any English voice, by id
])
def test_descriptions_resolve_on_other_engines(desc, expected):
    assert MAC.resolve(desc["language"], desc.get("gender"), desc.get("variant")) == expected


def test_a_description_in_a_config_becomes_an_engine_id(tmp_path):
    text = '[characters.Buffy]\ngender = "female"\nvoice = { language = "en-gb", gender = "female", variant = 2 }\n'
    assert load(tmp_path, text).character("Buffy").voice.id == "gmw/en+f2"
    assert load(tmp_path, text, catalog=MAC).character("Buffy").voice.id == "com.apple.voice.Serena"


# --------------------------------------------------------------------------- pronunciations

def test_pronunciations_are_whole_word_and_case_aware(tmp_path):
    config = load(tmp_path, '[pronounce]\nBuffy = "Buffee"\nSapi = "Sappy"\ngif = "jif"\n"Mr Giles" = "Mister Jiles"\n')
    say = config.pronounce
    assert say("Buffy's stake. BUFFY! Buffyverse buffy") == "Buffee's stake. BUFFY! Buffyverse buffy"
    assert say("A GIF, a Gif, a gif, gifts") == "A JIF, a Jif, a jif, gifts"
    assert say("Sapi said: Mr Giles, Mr Gilesy") == "Sappy said: Mister Jiles, Mr Gilesy"
    assert say("nothing to change") == "nothing to change"


def test_pronunciations_never_touch_the_script(tmp_path):
    from talecast import pipeline

    story = tmp_path / "s.txt"
    story.write_text('A Tale\n\nChapter 1\n\n"Hello, Buffy," said Ann.\n', encoding="utf-8")
    config = load(tmp_path, '[pronounce]\nBuffy = "Buffee"\n')
    script, _ = pipeline.script(story)
    texts = [s.text for s in script.segments]
    assert "Hello, Buffy," in texts
    assert config.pronounce("Hello, Buffy,") == "Hello, Buffee,"


# --------------------------------------------------------------------------- default casting

POOL_CONFIG = """\
[narrator]
voice = "gmw/en-us"
[defaults]
female = ["gmw/en-us+f1", "gmw/en-us+f2", "gmw/en-us+f3", "gmw/en-us+f4"]
male = ["gmw/en-us+m1", "gmw/en-us+m2", "gmw/en-us+m3", "gmw/en-us+m4"]
unknown = ["gmw/en+m1"]
"""


def seg(chapter, speaker):
    return model.Segment(chapter, model.DIALOGUE, "Hi.", 0, 3, speaker=speaker)


def script_of(*chapters):
    """chapters: lists of speakers, one dialogue segment each."""
    return model.Script("T", None, tuple(model.Chapter(i, f"C{i}", tuple(seg(i, s) for s in speakers))
                                         for i, speakers in enumerate(chapters, 1)))


def cast(config, script, genders):
    caster = voices.Caster(config, genders)
    caster.plan(script)
    return {name: caster.voice_for(seg(1, name)).id for name in genders}


FEMALE4 = {n: "female" for n in ("Anya", "Buffy", "Dawn", "Willow")}


def test_speakers_of_one_chapter_get_distinct_voices_while_the_pool_lasts(tmp_path):
    config = load(tmp_path, POOL_CONFIG)
    ids = cast(config, script_of(list(FEMALE4)), FEMALE4)
    assert len(set(ids.values())) == 4
    assert all(v in config.pools["female"] for v in ids.values())


def test_default_voices_do_not_depend_on_order_or_runs(tmp_path):
    config = load(tmp_path, POOL_CONFIG)
    names = list(FEMALE4)
    first = cast(config, script_of(names), FEMALE4)
    assert cast(config, script_of(names[::-1]), FEMALE4) == first
    assert cast(load(tmp_path, POOL_CONFIG), script_of(names), FEMALE4) == first


def test_default_voices_stay_when_an_unrelated_character_is_added(tmp_path):
    base = POOL_CONFIG + '[characters.Buffy]\ngender = "female"\n[characters.Spike]\ngender = "male"\n'
    story = script_of(["Buffy", "Spike", "Dawn"], ["Buffy", "Dawn"], ["Spike"])
    genders = {"Buffy": "female", "Spike": "male", "Dawn": "female"}
    before = cast(load(tmp_path, base), story, genders)
    # A new character in the config, and one who speaks in a chapter of their own.
    added = base + '[characters.Faith]\ngender = "female"\n[characters.Giles]\ngender = "male"\n'
    story2 = script_of(["Buffy", "Spike", "Dawn"], ["Buffy", "Dawn"], ["Spike"], ["Faith", "Giles"])
    after = cast(load(tmp_path, added), story2, {**genders, "Faith": "female", "Giles": "male"})
    assert {k: after[k] for k in before} == before


def test_a_minor_newcomer_never_moves_a_major_character(tmp_path):
    config = load(tmp_path, POOL_CONFIG)
    main_cast = ["Buffy"] * 5 + ["Willow"] * 3
    genders = {"Buffy": "female", "Willow": "female"}
    before = cast(config, script_of(main_cast), genders)
    after = cast(config, script_of(main_cast + ["Dawn"]), {**genders, "Dawn": "female"})
    assert {k: after[k] for k in before} == before
    assert len(set(after.values())) == 3


def test_giving_a_character_their_own_voice_leaves_the_others_defaults_alone(tmp_path):
    config = load(tmp_path, POOL_CONFIG)
    lead = {"Buffy": "female"}
    lead_voice = cast(config, script_of(["Buffy"] * 3), lead)["Buffy"]
    # A minor character whose first choice is Buffy's voice, so sharing a chapter moves her.
    minor = next(n for n in (f"Extra{i}" for i in range(200))
                 if _preference(n, config.pools["female"])[0] == lead_voice)
    genders = {**lead, minor: "female"}
    story = script_of(["Buffy"] * 3 + [minor])
    before = cast(config, story, genders)
    assert before[minor] != lead_voice
    for own in ('voice = "gmw/en-gb-x-rp+f5"', 'voice = "narrator"', "skip = true"):
        edited = load(tmp_path, POOL_CONFIG + f"[characters.Buffy]\n{own}\n")
        caster = voices.Caster(edited, genders)
        caster.plan(story)
        assert caster.voice_for(seg(1, minor)).id == before[minor], own


def test_explicit_voices_of_the_same_chapter_are_avoided(tmp_path):
    config = load(tmp_path, POOL_CONFIG)
    genders = {"Buffy": "female"}
    free = cast(config, script_of(["Buffy"]), genders)["Buffy"]
    text = POOL_CONFIG + f'[characters.Glory]\nvoice = "{free}"\n'
    taken = cast(load(tmp_path, text), script_of(["Buffy", "Glory"]), {**genders, "Glory": "female"})
    assert taken["Glory"] == free and taken["Buffy"] != free
    # ... but only in chapters where both speak.
    apart = cast(load(tmp_path, text), script_of(["Buffy"], ["Glory"]), {**genders, "Glory": "female"})
    assert apart["Buffy"] == free


def test_a_full_pool_is_shared_as_evenly_as_it_can(tmp_path):
    config = load(tmp_path, POOL_CONFIG)
    names = {n: "female" for n in ("A", "B", "C", "D", "E", "F", "G", "H")}
    ids = cast(config, script_of(list(names)), names)
    assert sorted(__import__("collections").Counter(ids.values()).values()) == [2, 2, 2, 2]


def test_narrator_and_skip_and_own_settings(tmp_path):
    text = POOL_CONFIG + ('[characters.Clem]\nvoice = "narrator"\npitch = 70\n[characters.Crowd]\nskip = true\n'
                          '[characters.Spike]\ngender = "male"\nrate = 200\n')
    config = load(tmp_path, text)
    caster = voices.Caster(config)
    assert caster.voice_for(seg(1, "Clem")) == voices.Voice("gmw/en-us", 170, 70, 1.0)
    assert caster.voice_for(seg(1, "Crowd")) is None
    spike = caster.voice_for(seg(1, "Spike"))
    assert spike.id in config.pools["male"] and spike.rate == 200
    narration = model.Segment(1, model.NARRATION, "It rained.", 0, 10)
    assert caster.voice_for(narration) == config.narrator


# --------------------------------------------------------------------------- rebuilds (real audio)

STORY = """The Lamp Keeper

by Test Author

Chapter 1

Ada climbed the stairs of the old tower.

"The lamp is out again," said Ada.

Ben looked up from his book. "Then we light it," said Ben.

Chapter 2

The wind had dropped by morning.

"It burned all night," said Ada. She smiled at the sea.
"""


def _build(tmp_path, config_text, out, segment_cache):
    from talecast import build, pipeline

    story = tmp_path / "lamp.txt"
    story.write_text(STORY, encoding="utf-8")
    config = voices.load(write(tmp_path, config_text, f"{out}.toml"))
    script, chars = pipeline.script(story)
    result = build.build(script, chars, config, tmp_path / out, segment_cache=segment_cache)
    return script, chars, config, result


def _segment_keys(script, chars, config):
    """The cache key of every segment: a hash of engine, voice settings and the text spoken."""
    from talecast.synth import cache
    from talecast.synth.engine import engine_id

    caster = voices.Caster(config, {c.name: c.gender for c in chars})
    caster.plan(script)
    return [None if (v := caster.voice_for(s)) is None or not s.text.strip()
            else cache.key(engine_id(), v, config.pronounce(s.text)) for s in script.segments]


@pytest.mark.slow
def test_changing_one_voice_changes_only_that_characters_audio(tmp_path):
    from talecast.synth.cache import SegmentCache

    from helpers import decode

    segment_cache = SegmentCache(tmp_path / "cache")
    base = '[characters.Ada]\ngender = "female"\n[characters.Ben]\ngender = "male"\n'
    script, chars, config_a, a = _build(tmp_path, base + 'voice = "gmw/en-gb-x-rp+m3"\n', "a", segment_cache)
    _, _, config_b, b = _build(tmp_path, base + 'voice = "gmw/en-us+m7"\n', "b", segment_cache)

    segs = list(script.segments)
    keys_a, keys_b = _segment_keys(script, chars, config_a), _segment_keys(script, chars, config_b)
    changed = [s for s, ka, kb in zip(segs, keys_a, keys_b) if ka != kb]
    assert changed and all(s.kind == model.DIALOGUE and s.speaker == "Ben" for s in changed)
    assert len(changed) == sum(1 for s in segs if s.speaker == "Ben")
    # The rebuild synthesized exactly Ben's lines; everything else came from the cache unchanged.
    assert b.synthesized == len(changed) and b.cached == a.synthesized - len(changed)
    for s, ka, kb in zip(segs, keys_a, keys_b):
        if ka is not None:
            assert (segment_cache.get(ka) == segment_cache.get(kb)) == (ka == kb), s
    # Chapter 2 (no Ben) is the same file; chapter 1 (Ben speaks) is not.
    assert a.files[1].read_bytes() == b.files[1].read_bytes()
    assert decode(a.files[0]) != decode(b.files[0])


@pytest.mark.slow
def test_pronunciations_change_what_the_engine_hears_not_the_script(tmp_path):
    from talecast.synth.cache import SegmentCache

    segment_cache = SegmentCache(tmp_path / "cache")
    script, chars, config, _ = _build(tmp_path, '[pronounce]\nAda = "Ayda"\n', "p", segment_cache)
    said = next(s for s in script.segments if s.text == "said Ada.")
    from talecast.synth import cache
    from talecast.synth.engine import engine_id

    assert segment_cache.get(cache.key(engine_id(), config.narrator, "said Ayda.")) is not None
    assert segment_cache.get(cache.key(engine_id(), config.narrator, "said Ada.")) is None
    assert said.text == "said Ada."


def test_voice_table_filters_by_gender_where_voices_have_one():
    table = voices.voice_table(MAC, "en-gb", "female")
    ids = [line.split()[0] for line in table.splitlines()[1:]]
    assert ids == ["com.apple.voice.Kate", "com.apple.voice.Serena"]
    assert "variants" not in table
    espeak = voices.voice_table(ESPEAK, "en-gb", "female")
    assert "gmw/en-gb-x-rp" in espeak and "+f1 +f2 +f3 +f4 +f5" in espeak and "+m1" not in espeak
