"""The segment cache: content-addressed keys, atomic entries, clean."""
from __future__ import annotations

from click.testing import CliRunner

from talecast.synth import cache
from talecast.cli import main
from talecast.voices import Voice

NARRATOR = Voice("gmw/en-us", 170, 50, 1.0)


def test_key_is_stable_for_the_same_engine_voice_and_text():
    assert cache.key("e1", NARRATOR, "Hello.") == cache.key("e1", Voice("gmw/en-us"), "Hello.")


def test_key_changes_with_every_input():
    base = cache.key("e1", NARRATOR, "Hello.")
    others = [
        cache.key("e2", NARRATOR, "Hello."),                                  # engine or its version
        cache.key("e1", Voice("gmw/en-us+f3", 170, 50, 1.0), "Hello."),       # voice id
        cache.key("e1", Voice("gmw/en-us", 171, 50, 1.0), "Hello."),          # rate
        cache.key("e1", Voice("gmw/en-us", 170, 51, 1.0), "Hello."),          # pitch
        cache.key("e1", Voice("gmw/en-us", 170, 50, 0.9), "Hello."),          # volume
        cache.key("e1", NARRATOR, "Hello!"),                                  # spoken text
    ]
    assert len({base, *others}) == 7


def test_key_parts_cannot_run_into_each_other():
    assert cache.key("ab", Voice("c"), "Hi.") != cache.key("a", Voice("bc"), "Hi.")


def test_put_then_get_round_trips_and_leaves_no_temporary_file(tmp_path):
    c = cache.SegmentCache(tmp_path)
    k = cache.key("e", NARRATOR, "text")
    assert c.get(k) is None and not c.has(k)
    c.put(k, b"\x01\x02" * 10)
    assert c.get(k) == b"\x01\x02" * 10 and c.has(k)
    assert [p.name for p in tmp_path.rglob("*") if p.is_file()] == [f"{k}.pcm"]


def test_disabled_cache_reads_and_writes_nothing(tmp_path):
    c = cache.SegmentCache(tmp_path, enabled=False)
    c.put("ab" * 32, b"pcm")
    assert c.get("ab" * 32) is None and not c.has("ab" * 32)
    assert not any(tmp_path.iterdir())


def test_usage_and_clear(tmp_path):
    c = cache.SegmentCache(tmp_path / "segments")
    for text in ("one", "two", "three"):
        c.put(cache.key("e", NARRATOR, text), b"\0" * 100)
    on_disk = sum(p.stat().st_size for p in (tmp_path / "segments").rglob("*.pcm"))
    assert c.usage() == cache.Usage(3, on_disk) and on_disk >= 300  # each entry: its PCM and a header
    assert c.clear() == cache.Usage(3, on_disk)
    assert c.usage() == cache.Usage(0, 0) and not (tmp_path / "segments").exists()


def test_default_dir_follows_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("TALECAST_CACHE_DIR", str(tmp_path))
    assert cache.SegmentCache().root == tmp_path / "segments"


def test_clean_command_empties_the_cache_and_says_what_it_removed(monkeypatch, tmp_path):
    # A cache of its own: the session's shared test cache holds whatever earlier tests synthesized.
    monkeypatch.setenv("TALECAST_CACHE_DIR", str(tmp_path / "cache"))
    c = cache.SegmentCache()
    c.put(cache.key("e", NARRATOR, "one"), b"\0" * 2_000_000)
    res = CliRunner().invoke(main, ["clean"])
    assert res.exit_code == 0, res.output
    assert res.output.startswith("Removed 1 segment(s), 2.0 MB, from ")
    assert c.usage().entries == 0
