"""Who speaks: character discovery, gender, and quote attribution.

``attribute(script, characters=None)`` gives every dialogue segment a speaker.
Characters come from the caller (a cast file) or from ``discover``. Speakers
are decided by a sieve of deterministic rules, most certain first; a later rule
only fills what the earlier ones left open (after Muzny et al. 2017,
"A Two-stage Sieve Approach for Quote Attribution"). The rule that decided each
quote is counted in ``attribute.last_rules``.

1. ``tag``: a speech verb beside the quote names the speaker: a name, a
   pronoun or a description (``said Spike``, ``Spike promised``,
   ``she murmured``, ``He said softly,``, ``said his wife``, ``said I``), also
   in the narration that ends the paragraph before with a comma or colon or
   with a speech verb (``and Mrs. Hurst began again.``); when the verb ends
   the sentence that leads into the quote, its subject however far
   (``Mr. Collins, much offended, laid aside his book, and said,``, ``As Anna
   went up the stairs, Mary followed her, saying,``: the name opening the
   main clause, not one in an adverbial clause before it,
   ``met Maria, who, breathless, cried out,``, ``who said in a low voice,``),
   or a pronoun opening the last clause (``..., she turned towards him and
   said,``) rather than an object before it; a name right after the verb
   speaks only when none stands before it (``and he called Mary, who ...,``:
   Mary listens); ``she thought``, ``he said to
   himself``, ``she answered herself`` are the story's most named character of
   that gender, even when the words name her; not after a gesture
   (``Elizabeth smiled.``); after ``addressed``/``asked``/``told`` a
   description is the listener (``addressed the mother``).
   Pronouns and descriptions resolve to the latest character of their gender
   (subjects first, not subjects of a ``that``/``if``/``since``/``as soon
   as`` clause, nor a name right after a verb, ``saw Mary walk in``, its
   object, but a name opening its sentence before a relative clause, ``Anna,
   whose hands were cold, sat down``, is one, and so is the one character
   named in the first clause of a sentence about a thing, ``This was no
   comfort to Anna``; relatives as subjects too:
   ``Her mother was too happy``, and
   the agent of a passive, ``she was overtaken by Tom``, ``met by her
   father``, unless a he/she of
   its gender is the passive's subject; a protagonist, the chapter's most
   named, over a minor character not just named; nobody not named in the
   last 20,000 characters); ``his wife``/``her mother`` is the one Mrs. of
   the owner's family (a family name the text writes after a given name
   counts: ``Elizabeth Bennet``; an aunt or uncle is of another family),
   the owner being the likeliest one who has such a relative in the cast
   (not the family's Mrs. herself), and that one speaks whoever spoke or
   was called around;
   names inside the quote are listeners and never resolve; turns alternate:
   after A speaks and B answers, ``he said`` is A again, and the speaker of
   the turn before or after is passed over for another candidate of the
   pronoun's gender just named, unless the narration of the tag's own
   paragraph names its first candidate as a clause's subject (``Mary looked
   up. "No," she said``); the one the turn before called by name is
   the pronoun, also after narration between that names nobody (``She made
   no answer. He asked again.``).
   Descriptions (``_mention``): ``the March Hare`` is the name ``March Hare``;
   the owner of ``her brother`` is the one woman the quote calls by name
   (``"Caroline, ..." cried her brother``), and between two sisters ``her
   sister`` may be either, but not the voice beside it (named lately or not);
   ``her aunt``/``her uncle`` is a married Mrs./Mr.
   (the cast has the spouse); ``her Ladyship`` is the titled lady herself;
   ``replied the other`` is one just named; ``our visitor`` takes the gender of
   the next he/she of its sentence; ``"...," was her answer`` names the owner.
   ``anon``: a description that cannot be a character of the cast is nobody
   (None: a voice of its own, never the nearest character of its sex): an
   indefinite speaker (``cried a voice``, ``said one of the men``, ``inquired
   another``, ``asked a third``, ``cried several voices``); ``the
   boy`` when the text brought in ``a boy in a red cap`` (``two gentlemen``)
   a little before and no character of that sex was first named there or right
   after it (``a tall gentleman, Mr. Grey,``); ``the boy`` who answers the one
   who just spoke when that one is the only candidate of its sex named lately.
   Not a noun a character is known by (a word of a cast name, ``The Queen``),
   nor a relative (``her father``), nor one that thinks (``the tired girl
   thought``: the one whose mind the narration follows). Such a turn is a voice of the
   conversation: the quotes of its paragraph and the turns alternation gives
   it stay nobody's, and no later rule (paragraph, turns, salience, ``conv``)
   hands them to a character; a bare turn between two such turns is one of
   theirs too (``turns``), and the conversation path leaves it so.
2. ``paragraph``: a quote with no tag of its own takes the speaker of the
   other quotes of its paragraph (speech that continues after a speech tag).
3. ``continued``: a quotation left open at the end of a paragraph and taken
   up in the next one keeps its speaker, also when turn-taking finds it later.
4. ``actor``: the subject of the sentence beside the quote
   (``Spike shook away her nod. "Not until..."``, ``"I know." Her fingers...``),
   or whose words they were (``It burst out of him``); else the first subject
   of the paragraph; never someone the quote names. A pronoun acting only after
   the words (``"Then go." He turned away.``) waits for turn-taking (rule 7)
   when both people talking lately fit it: it may be the one spoken to.
   ``narrated``: a bare quote
   opening a paragraph goes to the named subject of the last sentence of the
   narration paragraph before (``Holmes eyed it critically.``), unless that
   sentence reports speech (``Tom answered that he had not``, ``she assured
   her that it had not``) or silence.
5. ``thinker``: first-person thoughts (in a third-person story) that go on
   from the last turn of the conversation (paragraphs of thought between) keep
   their thinker.
   ``silence``: after narration that says the listener kept silent
   (``He made no answer.``) or answered without words (``Mr. Darcy bowed.``,
   someone other than the last speaker) the speaker before goes on.
   ``reported``: after narration that tells someone's answer without quoting it
   (``Elizabeth assured her that it had not.``), the one answered speaks again,
   and the told answer counts as a turn when the quotes alternate after it.
6. ``vocative``: a name used in address (``"Slayer. Buffy?"``) or named in
   the tag (``said Tom to Anna``, ``turning to Alice``) marks the listener, who
   is likely to answer in the next turn; not a character named before but not
   in the last 3,000 characters (not in the scene: the name is the speaker's
   name for someone present, ``Miss Bennet`` said to Elizabeth), unless it is
   the narrator, or someone who speaks in the conversation (``said the lady``);
   a newcomer first met by the name she is called still answers. The last one
   asked a question by name in a paragraph answers next (else the first one
   addressed); the first one addressed spoke before it. A title
   and family name (``Miss Bennet``) said to someone not in the scene, or not
   taking part in the turns around while one of her family does, means that one
   of the family (Elizabeth Bennet rather than Jane, whom the cast calls so).
   Nobody takes the turn of a quote that addresses them (narrated, turns, salient).
   A quotation the quote repeats (``Bill said, 'Tom, you are late.'``) is someone
   else's words: the names in it are not the speaker's listeners.
7. ``turns``: in a conversation (quotes not separated by long narration) bare
   quotes alternate between the last two voices (the last speaker of a
   paragraph before, the first of one after), forwards and backwards.
8. ``salient``: what is left goes to the most recently mentioned character
   who is not the previous speaker nor addressed in the quote, one who speaks
   elsewhere in the conversation before one only mentioned; a quote addressing
   one voice of the conversation goes to the other, who spoke last, rather than
   to someone only mentioned.
9. ``conv``: the turns that 7 and 8 filled, and those 6 gave to the one called on
   in the turn before, are decided again over the whole
   conversation at once: the sequence of speakers that agrees best with all its
   evidence (named tags weigh most; pronoun tags, actors and narrated subjects
   less; nobody speaks a quote that names them; someone called on answers, and
   one the next turn calls by name, not asking a question, spoke before it (not a
   first-person narrator);
   ``"Yes, sir."``/``"Indeed, ma'am."`` answer a man/a woman; the
   last two voices alternate, one voice goes on more easily after narration, a
   third voice joins at a cost), so that one wrong or missing anchor does not set
   the phase of every later turn. Where two sequences agree equally well, what 6,
   7 and 8 chose stands.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import replace

from . import model
from .model import Script, Segment
from .names import FEMALE, MALE, UNKNOWN
from .speakers.cast import Character, _Cast
from .speakers.conversation import _conversation_path, _fill_from_path
from .speakers.discover import discover
from .speakers.sieve import _address_kin, _decide_tags, _local_rules, _salient_fill, _turn_taking
from .speakers.turns import _ANON, _collect_turns, _conversations

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


