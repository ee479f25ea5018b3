"""`talecast script --format jsonl` reads back into a Script that builds the same files."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from talecast import build, model, pipeline, render, voices
from talecast.cli import main
from talecast.errors import InputError
from talecast.segment.jsonl import from_jsonl, to_jsonl

STORY = """\
The Lantern Keepers

by Test Author

Chapter 1: The Cliff

Mara climbed the stairs. The lamp was cold.

"Is anyone there?" asked Mara.

"Only me," said Tom. He waved.

* * *

The wind rose.

Chapter 2

Tom laughed. "Then we light it," said Tom.
"""


def scripted(tmp_path):
    path = tmp_path / "lanterns.txt"
    path.write_text(STORY, encoding="utf-8")
    return pipeline.script(path)


def fields(sc):
    return [(s.chapter, s.kind, s.text, s.start, s.end, s.speaker, s.paragraph, s.style) for s in sc.segments]


def test_jsonl_round_trip_keeps_every_field_synthesis_uses(tmp_path):
    sc, _ = scripted(tmp_path)
    back = from_jsonl(to_jsonl(sc))
    assert (back.title, back.author) == ("The Lantern Keepers", "Test Author")
    assert [(c.index, c.title) for c in back.chapters] == [(1, "Chapter 1: The Cliff"), (2, "Chapter 2")]
    assert fields(back) == fields(sc)
    assert "Mara" in {s.speaker for s in back.segments} and any(s.kind == model.BREAK for s in back.segments)


def test_jsonl_read_back_plans_the_same_files(tmp_path):
    sc, chars = scripted(tmp_path)
    config = voices.load(None)
    genders = {c.name: c.gender for c in chars}
    fmt = render.AudioFormat("64k")
    before = build.plan(sc, voices.Caster(config, genders), config.pacing, fmt, engine="test-engine")
    back = from_jsonl(to_jsonl(sc))
    after = build.plan(back, voices.Caster(config, genders), config.pacing, fmt, engine="test-engine")
    assert [(c.name, c.digest, c.keys) for c in after.chapters] == [(c.name, c.digest, c.keys) for c in before.chapters]


def test_an_edited_jsonl_line_changes_the_script(tmp_path):
    sc, _ = scripted(tmp_path)
    lines = to_jsonl(sc).splitlines()
    k = next(i for i, line in enumerate(lines) if json.loads(line)["text"] == "Only me,")
    edited = json.loads(lines[k]) | {"speaker": "Mara"}
    lines[k] = json.dumps(edited)
    back = from_jsonl(lines)
    assert [s.speaker for s in back.segments if s.text == "Only me,"] == ["Mara"]


def test_cli_jsonl_is_what_to_jsonl_writes(tmp_path):
    sc, _ = scripted(tmp_path)
    res = CliRunner().invoke(main, ["script", str(tmp_path / "lanterns.txt"), "--format", "jsonl"])
    assert res.exit_code == 0, res.output
    assert res.output == to_jsonl(sc)


@pytest.mark.parametrize("line, message", [
    ("not json", ":2: not JSON"),
    ('{"chapter": 1, "kind": "narration"}', ":2: a segment needs"),
    ('{"chapter": 1, "kind": "song", "text": "La", "start": 0, "end": 2}', ":2: kind 'song'"),
])
def test_a_bad_jsonl_line_is_named(line, message):
    first = '{"chapter": 1, "kind": "title", "text": "T", "start": 0, "end": 1}'
    with pytest.raises(InputError, match=message):
        from_jsonl([first, line], name="edited.jsonl")
