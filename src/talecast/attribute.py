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
from .speakers.discover import discover
from .speakers.salience import _Salience
from .speakers.turns import (LONG_NARRATION, _ANON, _Turn, _collect_turns, _conversations,
                             _family_member)

__all__ = ["Character", "attribute", "discover", "FEMALE", "MALE", "UNKNOWN"]


# --------------------------------------------------------------------------- attribution

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


def _decide_tags(conv: list[_Turn]) -> None:
    """Rule 1. Named speakers first; then pronouns and descriptions, each taking the first
    candidate who is not the named speaker of the turn just before or after (turns alternate)."""
    for t in conv:
        for n, ref in enumerate(t.tags):
            if ref is not None and ref.certain and ref.who is not None:
                t.speakers[n], t.rules[n] = ref.who, "tag"
    for k, t in enumerate(conv):
        near = set()
        if k > 0 and t.gap == 0 and conv[k - 1].speaker is not None:
            near.add(conv[k - 1].speakers[-1])
        if k + 1 < len(conv) and conv[k + 1].gap == 0:
            nxt = conv[k + 1]
            if nxt.tags and nxt.tags[0] is not None and nxt.tags[0].certain:
                near.add(nxt.tags[0].who)
        # The one the turn before called by name answers, also after narration naming nobody.
        called = conv[k - 1].vocative if k > 0 and (t.gap == 0 or t.quiet) else None
        for n, ref in enumerate(t.tags):
            if ref is not None and ref.anon and t.speakers[n] is None:
                # "replied the boy", "said one of the gentlemen": someone the story never names
                # speaks in a voice of their own, and no later rule gives the words to a character
                t.speakers[n], t.rules[n] = _ANON, "anon"
                continue
            if ref is None or ref.certain or not ref.cands or t.speakers[n] is not None:
                continue
            if n == 0 and ref.generic and k > 0 and t.gap == 0 and conv[k - 1].speakers[-1] == ref.cands[0] \
                    and not [c for c in ref.recent if c != ref.cands[0]]:
                # '"What day is it?" asked Tom. "Sunday," replied the boy': the only one the
                # description could mean is the one it answers: someone the story does not name
                t.speakers[n], t.rules[n] = _ANON, "anon"
                continue
            if ref.kin or (n == 0 and t.own_subject == ref.cands[0]):
                # "cried her mother": the family's one Mrs., named or not; "The Queen frowned.
                # 'Go,' she said": the subject of the paragraph's own narration
                t.speakers[n], t.rules[n] = ref.cands[0], "tag"
                continue
            if n == 0 and called is not None and called in ref.cands[:4] and called not in near:
                t.speakers[n], t.rules[n] = called, "tag"  # "I am afraid, Mr. Darcy," ... "he replied"
                continue
            if n == 0 and k >= 2 and t.gap == 0 and conv[k - 1].gap == 0:
                # A speaks, B answers, "he said": A again, when A is one the pronoun may mean.
                a, b = conv[k - 2].speaker, conv[k - 1].speaker
                if a is not None and b is not None and a != b and a in ref.cands[:3] and a not in near:
                    t.speakers[n], t.rules[n] = a, "tag"
                    continue
            # Turns alternate: not the speaker just before or after, if another candidate was
            # among the last three characters named; a monologue goes on otherwise.
            # "'Is it so?' cried Anna. 'It is,' said her sister": not Anna, named lately or not.
            pick = next((c for c in ref.cands if c not in near and (c == ref.cands[0] or c in ref.recent
                                                                     or ref.sibling)), ref.cands[0])
            t.speakers[n], t.rules[n] = pick, "tag"


def _local_rules(t: _Turn, conv: list[_Turn]) -> None:
    """Rules 2-4: the paragraph's other quotes, a continued quotation, the paragraph's actor."""
    quotes = t.quotes
    for n in range(len(quotes)):
        if t.speakers[n] is None:
            near = [t.speakers[m] for m in sorted(range(len(quotes)), key=lambda m: (abs(m - n), -m))
                    if t.speakers[m] is not None]
            if near:
                t.speakers[n], t.rules[n] = near[0], "paragraph"
    k = conv.index(t)
    if t.continues and k > 0 and conv[k - 1].speakers[-1] is not None and t.speakers[0] is None:
        who = conv[k - 1].speakers[-1]
        t.speakers = [who if s is None else s for s in t.speakers]
        t.rules = ["continued" if r == "" else r for r in t.rules]
    if t.speaker is None:
        pair = []  # the two people talking lately: the last two distinct speakers before
        for c in reversed(conv[:k]):
            for w in reversed(c.speakers):
                if w is not None and w not in pair and len(pair) < 2:
                    pair.append(w)

        def ambiguous(a):
            # '"Go now." She left at once.': a pronoun acting after the words may be the speaker
            # or the one spoken to, when both of the two talking fit it; turn-taking decides then.
            return not a.certain and t.opens_with_quote and len(pair) == 2 and all(w in a.cands for w in pair)

        for n, a in enumerate(t.qactors):
            if a is not None and a.who is not None and ambiguous(a):
                t.late_actor = t.late_actor or a
            elif a is not None and a.who is not None:
                t.speakers[n], t.rules[n] = a.who, "actor"
        if t.speaker is None and t.actor is not None and t.actor.who is not None and ambiguous(t.actor):
            t.late_actor = t.late_actor or t.actor
        elif t.speaker is None and t.actor is not None and t.actor.who is not None:
            t.speakers = [t.actor.who] * len(quotes)
            t.rules = ["actor"] * len(quotes)
        else:
            for n in range(len(quotes)):
                if t.speakers[n] is None:
                    t.speakers[n], t.rules[n] = t.speaker, "actor"
    if t.speaker is None and t.narrated is not None and t.narrated not in t.addressed \
            and t.narrated != t.vocative and not t.continues:
        t.speakers = [t.narrated] * len(quotes)
        t.rules = ["narrated"] * len(quotes)


_NEAR_TURNS = 3  # turns either side: who speaks there is in the scene


def _address_kin(conv: list[_Turn], cast: _Cast) -> None:
    """A title and family name in address (``Miss Bennet``) said to someone who does not speak
    in the turns around means the one of that family who does, when there is one (Elizabeth
    Bennet, talking, rather than Jane, whom the cast calls so)."""
    for n, t in enumerate(conv):
        near = conv[max(0, n - _NEAR_TURNS):n + _NEAR_TURNS + 1]
        present = {s for c in near for s in c.speakers if s is not None}
        if t.vocative is None or t.vocative in present or not t.voc_words:
            continue
        kin = _family_member(cast, t.vocative, t.voc_words, lambda c: c in present and c != t.speaker)
        if kin is not None:
            t.vocative = kin


def _turn_taking(conv: list[_Turn]) -> None:
    """Rules 5 and 6: fill speakerless turns from their neighbours in the conversation."""
    changed = True
    while changed:
        changed = False
        _present_answer(conv)
        for n, t in enumerate(conv):
            if t.speaker is not None:
                continue
            who, rule = _from_neighbours(conv, n)
            if who is not None and who not in t.addressed and who != t.vocative:
                t.speakers = [who] * len(t.quotes)
                t.rules = [rule] * len(t.quotes)
                changed = True


def _present_answer(conv: list[_Turn]) -> None:
    """Someone addressed but not named lately is in the scene after all when they speak in the
    conversation: the address calls on them."""
    present = {s for c in conv for s in c.speakers}
    for t in conv:
        if t.absent is not None and t.absent in present:
            t.vocative, t.absent = t.absent, None


def _from_neighbours(conv: list[_Turn], n: int) -> tuple[int | None, str]:
    def sp(m):
        if not 0 <= m < len(conv) or conv[m].speaker is None:
            return None
        # the voice nearest to turn n speaks in its place: the last of a turn before, the first after
        return conv[m].speakers[-1 if m < n else 0]

    prev = conv[n - 1] if n > 0 else None
    t = conv[n]
    nxt = conv[n + 1] if n + 1 < len(conv) else None
    # One quotation over several paragraphs (a story told by a character) has one speaker,
    # whichever end of it is known.
    if prev is not None and t.continues and prev.speaker is not None:
        return prev.speakers[-1], "continued"
    if nxt is not None and nxt.continues and nxt.speaker is not None:
        return nxt.speakers[0], "continued"
    if prev is not None and t.after_silence and prev.speaker is not None and t.gesturer != prev.speaker:
        # "He made no answer.": nobody took the turn, so the last speaker goes on.
        return prev.speaker, "silence"
    if nxt is not None and nxt.after_silence and nxt.speaker is not None and nxt.gesturer != nxt.speaker:
        return nxt.speaker, "silence"  # the same, read backwards
    if prev is not None and t.reporter is not None and prev.speaker is not None and prev.speaker != t.reporter:
        # "Elizabeth assured her that it had not.": her answer is told, so the one she
        # answered speaks again.
        return prev.speaker, "reported"
    if prev is not None and t.inner and prev.inner and prev.speaker is not None:
        # Thoughts in the first person go on from the last turn (paragraphs of thought may
        # come between): so does the thinker.
        return prev.speaker, "thinker"
    if prev is not None and prev.vocative is not None and prev.vocative != prev.speaker and prev.speaker is not None:
        return prev.vocative, "vocative"
    a, b = sp(n - 2), sp(n - 1)
    if prev is not None and prev.reporter is not None and prev.reporter != b:
        a = prev.reporter  # a turn told in the narration before the last quote was the reporter's
    if a is not None and b is not None and (a != b or a == _ANON):
        return a, "turns"  # two turns of people the story does not name: one of them again
    a, b = sp(n + 2), sp(n + 1)
    if a is not None and b is not None and (a != b or a == _ANON):
        return a, "turns"
    nxt = conv[n + 1] if n + 1 < len(conv) else None
    # read backwards, the first name the next turn addresses is the one who spoke before it
    called = nxt.first_vocative if nxt is not None and nxt.first_vocative is not None else \
        nxt.vocative if nxt is not None else None
    if called is not None and nxt.speaker is not None and called != nxt.speaker:
        return called, "vocative"
    return None, ""


def _salient_fill(turns: list[_Turn], segs: list[Segment], sal: _Salience, convs) -> None:
    """Rule 7: the most recent character who is neither the last speaker nor addressed
    (the last speaker again, when nobody else is at hand); one who speaks elsewhere in the
    conversation comes before one only mentioned."""
    voices = {}
    for conv in convs:
        known = {s for c in conv for s in c.speakers if s is not None}
        for c in conv:
            voices[id(c)] = known
    last = None
    for t in turns:
        if t.speaker is None:
            recent = sal.recent(segs[t.quotes[0]].start)
            known = voices.get(id(t), set())
            recent = [w for w in recent if w in known] + [w for w in recent if w not in known]
            if t.gap > LONG_NARRATION:
                last = None  # a new conversation: the last speaker may well go on
            spoken_to = t.addressed | {t.vocative}
            pick = next((w for w in recent if w not in spoken_to and w != last), None)
            if t.vocative is not None and t.vocative in known and last in known and last != t.vocative \
                    and pick not in known:
                # the other voice of the talk goes on rather than someone only mentioned: she
                # speaks to the one who spoke with her
                pick = last
            if pick is None:
                pick = next((w for w in recent if w not in spoken_to), None)
            if pick is not None:
                t.speakers = [pick] * len(t.quotes)
                t.rules = ["salient"] * len(t.quotes)
        last = t.speaker


# --------------------------------------------------------------------------- conversation structure

# Weights of the evidence a conversation's turns give for who speaks when (log-odds-like points).
_W_NAMED = 8.0       # a speech tag names the speaker
_W_WEAK = 2.0        # a pronoun or description tag, an actor, a narrated subject
_W_ADDRESSED = 4.0   # the quote names someone: not its speaker
_W_CALLED = 2.5      # the turn before addressed someone: that one answers
_W_ANSWERED = 2.0    # the turn after addresses someone: that one spoke before it
_W_SAME = 2.0        # the speaker of the turn just before speaks again (half that after narration)
_W_GOES_ON = 3.0     # ... after silence or in thoughts: likely
_W_ALTERNATE = 1.0   # turns alternate between the last two voices
_W_NEWCOMER = 1.0    # a third voice takes the turn
_W_JOINS = 0.5       # someone named in the narration since the turn before
_W_LISTENER = 4.0    # the quote calls its listener "sir" or "ma'am": the voice answered is of that gender
_W_HINT = 0.1        # the speaker turn-taking or salience chose for a turn no rule decided
_MAX_VOICES = 8


def _conversation_path(conv: list[_Turn], cast: _Cast, sal: _Salience,
                       fixed: list[bool]) -> list[int | None]:
    """Who speaks each turn of a conversation, decided over the whole run of turns at once.

    ``fixed`` marks the turns rules 1-6 decided; their speakers are evidence (a tag that
    names someone weighs most; a pronoun tag, an actor or a narrated subject less). So are
    names in a quote (not its speaker), someone addressed in the turn before (likely to
    answer) or in the turn after (likely to have spoken before it), a title alone in address
    (``"Yes, sir."``: the one answered is a man), someone named in the narration since the
    turn before, and, as a mere
    tie-breaker, what turn-taking or salience chose. Between turns the voices alternate
    between the last two distinct ones; the same voice goes on at a cost (half of it after
    narration, none after silence or in thoughts, and a quotation continued keeps its
    voice), and a third voice joins at a cost (half of it when called on by name). The
    speakers with the best total over the whole conversation win (Viterbi over the last
    two distinct voices), so one wrong or missing anchor does not set the phase of every
    later turn. None for every turn when no turn is fixed or fewer than two voices are
    at hand.
    """
    if not any(fixed):
        return [None] * len(conv)
    voices: list[int] = []

    def add(w):
        if w is not None and w not in voices:
            voices.append(w)

    for t, f in zip(conv, fixed):
        for s in t.speakers if f else ():
            add(s)
    for t in conv:
        add(t.vocative)
        add(t.reporter)
    for t in conv:  # whom turn-taking and salience chose
        add(t.speakers[-1])
    for w in sal.recent(conv[0].start, 2):
        add(w)
    voices = voices[:_MAX_VOICES]
    if len(voices) < 2:
        return [None] * len(conv)

    def evidence(k: int, c: int) -> float:
        t = conv[k]
        if fixed[k]:
            score = _decided(t, c)
        else:  # what turn-taking or salience chose: a hint that settles ties
            score = _W_HINT if c == t.speakers[-1] else 0.0
        if t.continues:
            return score  # a quotation taken up again: who speaks was settled where it began
        if c in t.addressed or c == t.vocative:
            score -= _W_ADDRESSED
        if k > 0 and t.gap < LONG_NARRATION:
            prev = conv[k - 1]
            if prev.vocative is not None and c == prev.vocative:
                score += _W_CALLED
            if t.gap and sal.named_since(c, prev.start + 1, t.start) and c not in prev.speakers:
                score += _W_JOINS
        if k + 1 < len(conv) and conv[k + 1].gap < LONG_NARRATION and not conv[k + 1].continues:
            # read backwards: the one the next turn calls by name (not to ask them a question)
            # is likely the one it answers; not a first-person narrator, whom companions name
            # whoever spoke last
            nxt = conv[k + 1]
            if c == nxt.first_vocative and c != cast.narrator and not nxt.first_asked:
                score += _W_ANSWERED
        return score

    def link(k: int, a: int | None, b: int, c: int) -> float:
        score = taking(k, a, b, c)
        t = conv[k]
        if t.to_gender is not None and not t.continues:
            # "Yes, sir.": the one answered (the voice before, or the other voice when the same
            # one goes on) is a man
            heard = b if c != b else a
            if heard not in (None, _ANON) and cast.gender[heard] not in (t.to_gender, UNKNOWN):
                score -= _W_LISTENER
        return score

    def taking(k: int, a: int | None, b: int, c: int) -> float:
        t, prev = conv[k], conv[k - 1]
        if t.continues:
            return 0.0 if c == b else -_W_NAMED * 4
        goes_on = (t.after_silence and t.gesturer != b) or (t.inner and prev.inner) or \
            (t.reporter is not None and t.reporter != b)  # an answer told, not quoted
        if c == b:  # narration between lets one go on more easily
            return _W_GOES_ON if goes_on else -_W_SAME / (2 if t.gap else 1)
        if goes_on:
            return -_W_GOES_ON
        if a is None:
            return 0.0
        if c == a:
            return _W_ALTERNATE
        return -_W_NEWCOMER / 2 if c == prev.vocative else -_W_NEWCOMER  # one called on is no intruder

    n = len(voices)
    # best[(a, b)] = score of the best speakers so far with b the last voice and a the last
    # other voice before it (one speaking twice leaves the pair as it was: alternation
    # resumes); back[k][(a, b)] = (the state before turn k, the voice of turn k).
    best = {(None, c): evidence(0, voices[c]) for c in range(n)}
    back: list[dict] = [{}]
    for k in range(1, len(conv)):
        ev = [evidence(k, voices[c]) for c in range(n)]
        told = voices.index(conv[k].reporter) if conv[k].reporter in voices else None
        new, came = {}, {}
        for (a, b), score in best.items():
            va = voices[a] if a is not None else None
            for c in range(n):
                s = score + link(k, va, voices[b], voices[c]) + ev[c]
                if c != b:
                    key = (b, c)
                elif told is not None and told != b:
                    key = (told, b)  # the answer told in the narration was the other voice's turn
                else:
                    key = (a, b)
                if key not in new or s > new[key]:
                    new[key], came[key] = s, ((a, b), c)
        best = new
        back.append(came)
    key = max(best, key=best.get)
    path = [key[1]]
    for k in range(len(conv) - 1, 0, -1):
        key, c = back[k][key]
        path.append(key[1])
    return [voices[c] for c in reversed(path)]


def _decided(t: _Turn, c: int) -> float:
    """Evidence from what rules 1-6 decided for turn ``t`` that ``c`` speaks it: a tag naming
    the speaker is nearly certain; a pronoun or description tag, an actor or a narrated
    subject much less so."""
    last = next(s for s in reversed(t.speakers) if s is not None)  # the voice the next turn answers
    refs = [ref for r, ref in zip(t.rules, t.tags) if r == "tag" and ref is not None]
    if any(ref.certain for ref in refs):
        return _W_NAMED if c == last else -_W_NAMED
    return _W_WEAK if c == last else -_W_WEAK


_FROM_NEIGHBOURS = {"turns", "salient", "vocative"}


def _fill_from_path(conv: list[_Turn], path: list[int | None]) -> None:
    """Turns that alternation or salience filled, or that went to the one called on in the turn
    before (a guess: the path weighs the call with everything else), take the speaker of the
    conversation's best path."""
    for t, who in zip(conv, path):
        if t.speaker == _ANON:
            continue  # between turns of people the story does not name: one of them (not a voice the path knows)
        if set(t.rules) <= _FROM_NEIGHBOURS and who is not None and who not in t.addressed | {t.vocative} \
                and t.speakers != [who] * len(t.quotes):
            t.speakers = [who] * len(t.quotes)
            t.rules = ["conv"] * len(t.quotes)
