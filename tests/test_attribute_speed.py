"""Shortcuts the attribution takes for speed answer exactly as the plain computation does."""
import re
from collections import Counter

from talecast.attribute import mentions, names
from talecast.attribute.discover import _words_before
from talecast.attribute.names import NameIndex, tokens


def _plain_words_before(word, source):
    return Counter(m.group(1) for m in re.finditer(r"(\w+)[ \t]+" + re.escape(word) + r"\b", source))


def test_words_before_a_name_are_those_the_pattern_finds():
    text = ("said Nell Nell. And  Nell's cat\tNell_ Nell; \u00e9 Nell Nellie 3 Nell _ Nell. "
            "x-y Nell, Old\tNell (Nell) Nell\n Nell")
    for word in ("Nell", "Old", "Nellie", "cat", "y"):
        got, want = _words_before(word, text), _plain_words_before(word, text)
        assert got == want and list(got.items()) == list(want.items()), word
    assert _words_before("Nell", text)["said"] == 1


def _plain_intro(pattern, source, lo, at):
    return next((m for m in reversed(list(pattern.finditer(source, lo, at)))
                 if not mentions._in_quote(source, m.start())), None)


def test_the_last_introduction_is_the_one_the_whole_window_finds():
    text = ('A man came in; two tall, dark gentlemen followed. "I am a poor man," said one. '
            "Then one of the gentlemen sat down, and a very old, kind man (a stranger) spoke. "
            "Some men waited.\n\nAnother gentleman, a man, rose.")
    for noun in ("man", "gentleman", "stranger"):
        plural = mentions._plural(noun)
        pattern = re.compile(mentions._INDEFINITE + r"(?:" + noun + r"|" + plural + r")\b")
        for lo in range(0, len(text), 7):
            for at in range(lo, len(text) + 1, 11):
                want = _plain_intro(pattern, text, lo, at)
                got = mentions._last_intro(pattern, text, lo, at, (noun, plural))
                assert (got and got.span()) == (want and want.span()), (noun, lo, at)


def test_names_in_no_tokens_read_at_an_offset_are_none():
    index = NameIndex()
    index.add(("Nell",), 0, 1)
    shifted = tokens("*  *  *", 500)
    assert shifted == ()
    assert index.found(shifted) == {}
    assert index.found(tokens("Nell ran.", 40)) == {0: ([0], 1)}
