"""Markdown drafts: headings are chapters, emphasis becomes a segment style."""
from __future__ import annotations

import json

from click.testing import CliRunner

from talecast import pipeline
from talecast.read import read
from talecast.cli import main
from talecast.read.markdown import STRESS, THOUGHT, apply_styles, document, inline
from helpers import spoken

DRAFT = """---
title: "The Night Ferry"
author: Sol Varga
---

# The Night Ferry

## Departure

The ferry left at midnight. *I should not have come,* Mira thought.

"Are you cold?" asked Oren. She was *very* cold.

* * *

She said nothing.

## Arrival

> The harbour lights were **bright**.

- a list item
- another item

See [the map](http://example.com/map) and ![a photo](photo.jpg) for more.[^1]

[^1]: A footnote that is never read.

<!-- a comment nobody reads -->
"""


def write(tmp_path, text, name="night-ferry.md"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_hash_headings_are_chapters_and_a_lone_top_heading_is_the_title(tmp_path):
    doc = read(write(tmp_path, DRAFT))
    assert (doc.title, doc.author) == ("The Night Ferry", "Sol Varga")
    assert [c.title for c in doc.chapters] == ["Departure", "Arrival"]


def test_markup_is_not_read(tmp_path):
    doc = read(write(tmp_path, DRAFT))
    text = "\n".join(spoken(doc))
    for junk in ("*", "#", "](", "http", "photo", "footnote", "comment", "> ", "- a list"):
        assert junk not in text.replace("* * *", ""), junk
    assert "See the map and for more." in text
    assert "The harbour lights were bright." in text


def test_emphasis_spans_are_recorded_as_thought_or_stress(tmp_path):
    doc = read(write(tmp_path, DRAFT))
    styled = {doc.source[s:e]: style for s, e, style in doc.styles}
    assert styled == {"I should not have come,": THOUGHT, "very": STRESS, "bright": STRESS}


def test_inline_emphasis_rules():
    assert inline("a *clause of four words here* b") == ("a clause of four words here b", [(2, 27, THOUGHT)])
    assert inline("_Go now._") == ("Go now.", [(0, 7, THOUGHT)])
    assert inline("snake_case_name and 2*3*4") == ("snake_case_name and 2*3*4", [])
    assert inline(r"not \*emphasis\*") == ("not *emphasis*", [])


def test_segments_are_split_and_marked_with_the_style(tmp_path):
    sc, _ = pipeline.script(write(tmp_path, DRAFT))
    segs = list(sc.segments)
    thought = [s for s in segs if s.style == THOUGHT]
    assert [s.text for s in thought] == ["I should not have come,"]
    assert any(s.text == "very" and s.style == STRESS for s in segs)
    # the pieces around the emphasis keep the order and every word
    body = [s for s in segs if s.chapter == 1 and s.kind in ("narration", "dialogue")]
    assert " ".join(s.text for s in body).startswith("The ferry left at midnight. I should not have come, Mira thought.")
    assert all(sc.source[s.start:s.end] == s.text for s in body)
    assert all(a.end <= b.start for a, b in zip(body, body[1:]))


def test_jsonl_carries_the_style(tmp_path):
    result = CliRunner().invoke(main, ["script", str(write(tmp_path, DRAFT)), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.output.splitlines()]
    assert {"chapter": 1, "kind": "narration", "speaker": None, "text": "I should not have come,",
            "style": "thought"} == {k: v for k, v in rows[3].items() if k not in ("start", "end", "paragraph")}


def test_apply_styles_leaves_punctuation_with_its_neighbour():
    doc = document("# A\n\nx\n\n# B\n\nHe said *I will go now* .\n")
    from talecast import segment

    sc = apply_styles(segment.segment(doc), doc.styles)
    texts = [(s.text, s.style) for s in sc.chapters[1].segments if s.kind == "narration"]
    assert texts == [("He said", None), ("I will go now .", THOUGHT)]


def test_without_styles_the_script_is_unchanged(tmp_path):
    from talecast import segment

    doc = read(write(tmp_path, "# One\n\nPlain.\n\n# Two\n\nAlso plain.\n"))
    sc = segment.segment(doc)
    assert apply_styles(sc, doc.styles) is sc


def test_setext_headings_and_single_level(tmp_path):
    doc = read(write(tmp_path, "Part One\n========\n\nText one.\n\nPart Two\n========\n\nText two.\n"))
    assert [c.title for c in doc.chapters] == ["Part One", "Part Two"]
    assert doc.title == "Night Ferry"  # from the file name


def test_code_fences_keep_their_text_literally(tmp_path):
    doc = read(write(tmp_path, "# A\n\n```\nthe *sign* said STOP\n```\n\n# B\n\nEnd.\n"))
    assert spoken(doc)[0] == "the *sign* said STOP"
    assert not doc.styles
