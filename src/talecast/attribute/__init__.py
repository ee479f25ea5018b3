"""Who speaks: character discovery, gender, and quote attribution.

``attribute(script, characters=None)`` gives every dialogue segment a speaker.
Characters come from the caller (a cast file) or from ``discover``. Speakers
are decided by a sieve of deterministic rules, most certain first; a later rule
only fills what the earlier ones left open (after Muzny et al. 2017,
"A Two-stage Sieve Approach for Quote Attribution"). The rule that decided each
quote is counted in ``attribute.last_rules``.

The rules, in the order they decide (the modules of ``talecast.attribute`` named
here document each in full):

1. ``tag``: a speech verb beside the quote names the speaker by a name, a
   pronoun or a description (``speech_tags``); a pronoun or a description
   means a character of the cast (``mentions``), the turns around choosing
   between candidates (``sieve``). ``anon``: a description that cannot be a
   character of the cast is nobody, a voice of its own (``mentions``, ``sieve``).
2. ``paragraph``: the speaker of the other quotes of the paragraph (``sieve``).
3. ``continued``: a quotation taken up in the next paragraph keeps its speaker
   (``sieve``).
4. ``actor``, ``narrated``: the subject of the narration beside the quote, or
   of the paragraph before a bare one (``clues``).
5. ``thinker``, ``silence``, ``reported``: the speaker before goes on, or the
   one answered speaks again (``sieve``).
6. ``vocative``: one called by name answers in the next turn (``turns``).
7. ``turns``: bare quotes alternate between the last two voices (``sieve``).
8. ``salient``: the most recently mentioned character who is neither the last
   speaker nor addressed (``sieve``).
9. ``conv``: the turns 6, 7 and 8 filled, decided again over the whole
   conversation at once (``conversation``).

Characters and names are ``cast`` and ``discover``; this module runs the rules
chapter by chapter. The package's modules (each imports only the ones listed before it):

- ``names``: words shared by all of them (pronouns, honorifics, tokens)
- ``verbs``: speech verbs and the adverbs beside them
- ``salience``: ``_Salience``, who was named last, and as a subject
- ``cast``: ``Character`` and ``_Cast``: names, genders, families, the narrator
- ``discover``: ``discover``, the characters found in the text
- ``mentions``: what a name, pronoun or description means; the salience record
- ``speech_tags``: speech tags before and after a quote (rule 1)
- ``clues``: actors, listeners, narrated subjects, reported speech (rules 4-6)
- ``turns``: ``_Turn``, the clues of each paragraph with quotes; conversations (rule 6)
- ``sieve``: the rules that decide speakers, 1 to 8
- ``conversation``: rule 9, the best sequence of speakers of a conversation
"""
from __future__ import annotations

from collections import Counter
from dataclasses import replace

from .. import model
from ..model import Script, Segment
from .names import FEMALE, MALE, UNKNOWN
from .cast import Character, _Cast
from .conversation import _conversation_path, _fill_from_path
from .discover import discover
from .sieve import _address_kin, _decide_tags, _local_rules, _salient_fill, _turn_taking
from .turns import _ANON, _collect_turns, _conversations

__all__ = ["Character", "attribute", "discover", "FEMALE", "MALE", "UNKNOWN"]


def attribute(script: Script, characters: list[Character] | None = None) -> tuple[Script, list[Character]]:
    """Give every dialogue segment a speaker (or None), and rank the characters by lines."""
    given = characters is not None
    characters = discover(script) if characters is None else list(characters)
    cast = _Cast(characters, script, given=given)
    rules = Counter()
    why_at: dict[int, str] = {}
    new_chapters = []
    for ch in script.chapters:
        segs = list(ch.segments)
        speakers, why = _attribute_chapter(segs, cast, script.source)
        for i, who in speakers.items():
            segs[i] = segs[i].with_speaker(characters[who].name if who not in (None, _ANON) else None)
            rules[why[i]] += 1
            why_at[segs[i].start] = why[i]
        new_chapters.append(replace(ch, segments=tuple(segs)))
    out = replace(script, chapters=tuple(new_chapters))
    counts = Counter(s.speaker for s in out.segments if s.kind == model.DIALOGUE and s.speaker)
    firsts: dict[str, str] = {}
    for s in out.segments:
        if s.kind == model.DIALOGUE and s.speaker and s.speaker not in firsts:
            firsts[s.speaker] = s.text
    ranked = [replace(c, gender=cast.gender[i], lines=counts[c.name], first_line=firsts.get(c.name),
                      narrator=c.narrator or i == cast.narrator)
              for i, c in enumerate(characters)]
    ranked.sort(key=lambda c: -c.lines)
    attribute.last_rules = dict(rules)  # for inspection and tests: how many quotes each rule decided
    attribute.last_why = why_at         # the rule that decided each quote, by its start offset
    return out, ranked


def _attribute_chapter(segs: list[Segment], cast: _Cast, source: str):
    """Speakers (character indices) and the deciding rule for the chapter's dialogue segments."""
    sal = cast.salience
    turns = _collect_turns(segs, cast, source, sal)
    convs = _conversations(turns)
    for conv in convs:
        _decide_tags(conv)
        for t in conv:
            _local_rules(t, conv)
    decided = [[t.speaker is not None for t in conv] for conv in convs]
    for conv in convs:
        _address_kin(conv, cast)
        _turn_taking(conv)
    for t in turns:
        if t.speaker is None and t.late_actor is not None:
            t.speakers, t.rules = [t.late_actor.who] * len(t.quotes), ["actor"] * len(t.quotes)
    _salient_fill(turns, segs, sal, convs)
    for conv, fixed in zip(convs, decided):
        _fill_from_path(conv, _conversation_path(conv, cast, sal, fixed))
    speakers, why = {}, {}
    for t in turns:
        for q, s, r in zip(t.quotes, t.speakers, t.rules):
            speakers[q], why[q] = s, r or "none"
    return speakers, why


