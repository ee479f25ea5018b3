"""Property tests: the format readers never crash and never lose a word."""
from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from talecast import segment
from talecast.errors import InputError
from talecast.read import html as html_mod
from talecast.read import markdown

WORDS = st.lists(st.from_regex(r"[A-Za-z]{1,8}", fullmatch=True), min_size=1, max_size=30)
MARKUP = st.sampled_from(["*", "_", "**", "#", "# ", "\n", "\n\n", "> ", "- ", "`", "[", "](x)", "\\", " ", ".", "“", "\""])


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(WORDS.map(" ".join), MARKUP), min_size=1, max_size=40))
def test_markdown_never_crashes_and_styles_never_lose_a_word(pieces):
    text = " ".join(pieces)
    try:
        doc = markdown.document(text, "fuzz.md")
    except InputError:
        return
    sc = segment.segment(doc)
    styled = markdown.apply_styles(sc, doc.styles)

    def words(script):
        return [w for s in script.segments if s.kind in ("narration", "dialogue", "note") for w in s.text.split()]

    assert words(styled) == words(sc)
    for s in styled.segments:
        if s.kind in ("narration", "dialogue", "note"):
            assert doc.source[s.start:s.end] == s.text


TAGS = st.sampled_from(["p", "div", "span", "em", "b", "h2", "blockquote", "li", "section", "i"])


@st.composite
def html_trees(draw, depth=0):
    parts = []
    for _ in range(draw(st.integers(1, 4))):
        if depth < 3 and draw(st.booleans()):
            tag = draw(TAGS)
            parts.append(f"<{tag}>{draw(html_trees(depth + 1))}</{tag}>")
        else:
            parts.append(" ".join(draw(WORDS)))
    return " ".join(parts)


@settings(max_examples=80, deadline=None)
@given(html_trees())
def test_html_extraction_keeps_every_word_in_order(body):
    root = html_mod.parse_markup(f"<html><body>{body}</body></html>", "fuzz.html")
    got = " ".join(p.text for p in html_mod.extract(root).paras).split()
    want = re.sub(r"<[^>]+>", " ", body).split()
    assert got == want
