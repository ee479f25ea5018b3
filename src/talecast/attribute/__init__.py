"""Who speaks: character discovery, gender, and quote attribution.

``attribute(script, characters=None)`` gives every dialogue segment a speaker.
Characters come from the caller (a cast file) or from ``discover``. Speakers
are decided by a sieve of deterministic rules, most certain first; a later rule
only fills what the earlier ones left open (after Muzny et al. 2017,
"A Two-stage Sieve Approach for Quote Attribution"). The rule that decided each
quote is the segment's ``rule``, with a ``confidence`` (``confidence``).

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
chapter by chapter. Without a cast, a character known only by a role who names himself in
a quote its tag gave him (``"I am Inspector Ratcliffe," said the Marquis``) is then that
named character, and one who gives himself another role's capitalised epithet (``"I am an
Invisible Man," said the Voice``) is that role (``_introduced``). The package's modules
(each imports only the ones listed before it):

- ``names``: words shared by all of them (pronouns, honorifics, tokens)
- ``verbs``: speech verbs and the adverbs beside them
- ``salience``: ``_Salience``, who was named last, and as a subject
- ``cast``: ``Character`` and ``_Cast``: names, genders, families, the narrator
- ``merge``: the names found grouped into characters, one label each
- ``discover``: ``discover``, the characters found in the text
- ``mentions``: what a name, pronoun or description means
- ``record``: the salience record of the names the narration reads
- ``speech_tags``: speech tags before and after a quote (rule 1)
- ``clues``: actors, listeners, narrated subjects, reported speech (rules 4-6)
- ``turns``: ``_Turn``, the clues of each paragraph with quotes; conversations (rule 6)
- ``sieve``: the rules that decide speakers, 1 to 8
- ``conversation``: rule 9, the best sequence of speakers of a conversation
"""
from __future__ import annotations

import bisect
import gc
import re
from collections import Counter
from contextlib import contextmanager
from dataclasses import replace

from .. import model
from ..model import Script, Segment
from .names import FEMALE, MALE, UNKNOWN, spaced, tokens
from .cast import Character, _Cast, _first_person, relative_name
from .conversation import _Address, _agreeing_recency, _conversation_path, _fill_from_path, _forward_ties, _style_hints
from .discover import discover, role_noun
from .merge import _noun_gender
from .sieve import (_address_kin, _parent_calls, _decide_tags, _epithet_owners, _local_rules, _salient_fill,
                    _self_named_epithets, _turn_taking)
from .turns import _ANON, _ASKS_OWN_NAME, _collect_turns, _conversations
from .verbs import SPEECH_VERBS
from . import confidence as _confidence
from . import rerank as _rerank

__all__ = ["Character", "attribute", "discover", "FEMALE", "MALE", "UNKNOWN"]


def attribute(script: Script, characters: list[Character] | None = None,
              threshold: float | None = None, evidence: dict | None = None) -> tuple[Script, list[Character]]:
    """Give every dialogue segment a speaker (or None), and rank the characters by lines.

    Each dialogue segment also gets the ``rule`` that decided it, a ``confidence``
    (the precision that rule had, with its evidence, on the development novels:
    ``confidence``), the speaker attribution chose (``guess``) and the next best
    candidate (``runner_up``). A quote whose confidence is below ``threshold``
    (default ``confidence.THRESHOLD``) keeps ``speaker`` None: read by the neutral voice.
    ``evidence``, when a dict, receives each quote's evidence by start offset (for calibration).
    """
    with _cycles_left_for_later():
        return _attribute(script, characters, threshold, evidence)


@contextmanager
def _cycles_left_for_later():
    """Python's cycle collector paused while a story is attributed: the rules make millions of
    small objects (tokens, their tuples, evidence) and next to no reference cycles (a few hundred
    objects for a novel), but each collection reads every object still alive, which cost a fifth
    of the attribution of a novel. Memory is still freed as it is let go (reference counts);
    the few cycles wait for the next collection after it, and nothing the rules compute
    depends on when that is. What the rules made and keep (the caches of tokens and names, the
    script) joins the oldest generation when the collector comes back on (``gc.freeze`` then
    ``gc.unfreeze``: two list moves, and the count of new objects set back to 0), where they
    would end up anyway: else the first allocation after it set off a collection of the young
    generation that read every one of them (0.1 s for a novel), and a collection of the middle
    one later read them again. Not when the caller keeps objects frozen (``unfreeze`` would
    thaw them)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            if not gc.get_freeze_count():
                gc.freeze()
                gc.unfreeze()
            gc.enable()


def _attribute(script: Script, characters: list[Character] | None, threshold: float | None,
               evidence: dict | None) -> tuple[Script, list[Character]]:
    """``attribute``, with the cycle collector paused."""
    given = characters is not None
    threshold = _confidence.THRESHOLD if threshold is None else threshold
    first_person = _first_person(script)  # (one pass over the narration, for discovery and the cast)
    characters = discover(script, first_person) if characters is None else list(characters)
    cast = _Cast(characters, script, given=given, first_person=first_person)
    unnamed = None
    if not given and cast.narrator is None and cast.first_person:
        unnamed = cast.add_narrator()  # an unnamed "I" who speaks: one voice of its own
    found: list[tuple[int, int, dict]] = []  # (chapter position, segment index, evidence)
    new_chapters = [list(ch.segments) for ch in script.chapters]
    # Rules 1-8 for every chapter first: the conversation path (rule 9) reads how each voice
    # calls its listener in the turns named tags decided, anywhere in the story.
    book: dict = {}  # epithet -> the characters chapters gave it
    sieved = [_sieve_chapter(segs, cast, script.source, book) for segs in new_chapters]
    style = _Address([t for turns, _convs, _decided in sieved for t in turns])
    for ci, (turns, convs, decided) in enumerate(sieved):
        for i, ev in _decide_chapter(new_chapters[ci], cast, turns, convs, decided, style).items():
            found.append((ci, i, ev))
    made = set() if given else _once_roles(found, new_chapters, cast)
    moved = (_answered_name if given else _introduced)(found, new_chapters, cast, characters)
    for _ci, _i, ev in found:
        ev["who"] = moved.get(ev["who"], ev["who"])
        ev["runner_up"] = moved.get(ev["runner_up"], ev["runner_up"])
    joined = {} if given else moved  # (the user's roles stay in the cast: only their quotes moved)
    for role, named in joined.items():
        c = characters[named]
        characters[named] = replace(c, aliases=c.aliases + tuple(
            n for n in characters[role].names() if n not in c.names()))
    lines = Counter(ev["who"] for _ci, _i, ev in found if ev["who"] not in (None, _ANON))
    names = [c.name for c in characters]

    def name(who):
        return names[who] if who not in (None, _ANON) else None

    rank = {who: r for r, (who, _n) in enumerate(lines.most_common(), 1)}
    in_chapter = Counter((ci, ev["who"]) for ci, _i, ev in found if ev["who"] not in (None, _ANON))
    for ci, i, ev in found:
        ev["chlines"] = in_chapter[(ci, ev["who"])]
        ev["lines"] = lines[ev["who"]] if ev["who"] not in (None, _ANON) else 0
        ev["rank"] = rank.get(ev["who"], 0)
        ev["given"] = given
        ev["chapter"] = ci
        if "pair" in ev:
            r = joined.get(ev["runner_up"], ev["runner_up"])
            ev["pair"]["g"] = ev["pair"]["g"] + [f"rank={_confidence._rank(ev['rank'])}",
                                                 f"chlines={_confidence._chapter_lines(ev['chlines'])}"]
            ev["pair"]["r"] = ev["pair"]["r"] + [f"rank={_confidence._rank(rank.get(r, 0))}",
                                                 f"chlines={_confidence._chapter_lines(in_chapter[(ci, r)])}"]
    confs = _confidence.sequence([ev for _ci, _i, ev in found])
    for n, (ci, i, ev) in enumerate(found):
        if "pair" in ev and ev["runner_up"] not in (None, _ANON):
            p = _rerank.probability(ev)
            if p >= _rerank.THRESHOLD:  # the runner-up is right more often: it takes the quote
                ev["who"], ev["runner_up"] = ev["runner_up"], ev["who"]
                ev["second"] = p
                confs[n] = min(confs[n], p)
    for (ci, i, ev), conf in zip(found, confs):
        guess = name(ev["who"])
        speaker = guess if conf >= threshold else None
        seg = new_chapters[ci][i]
        rule = ev["rule"] + ("+second" if "second" in ev else "")  # --explain: the second opinion flipped it
        new_chapters[ci][i] = _with_decision(seg, speaker=speaker, rule=rule, confidence=conf, guess=guess,
                                             runner_up=name(ev["runner_up"]))
        if evidence is not None:
            evidence[seg.start] = dict(ev, confidence=conf, speaker=guess, runner_up=name(ev["runner_up"]))
    out = replace(script, chapters=tuple(replace(ch, segments=tuple(segs))
                                         for ch, segs in zip(script.chapters, new_chapters)))
    counts = Counter(s.speaker for s in out.segments if s.kind == model.DIALOGUE and s.speaker)
    firsts: dict[str, str] = {}
    for s in out.segments:
        if s.kind == model.DIALOGUE and s.speaker and s.speaker not in firsts:
            firsts[s.speaker] = s.text
    ranked = [replace(c, gender=cast.gender[i], lines=counts[c.name], first_line=firsts.get(c.name),
                      narrator=c.narrator or i == cast.narrator)
              for i, c in enumerate(characters)]
    ranked = [c for i, c in enumerate(ranked) if i not in joined
              and (c.lines or (c.name != getattr(unnamed, "name", None) and i not in made))]
    ranked.sort(key=lambda c: -c.lines)
    return out, ranked


def _with_decision(seg: Segment, **changes) -> Segment:
    """``dataclasses.replace(seg, **changes)`` for a quote decided (4,500 of a novel): the
    segment's fields copied, the changed ones set, without the generated ``__init__``'s call
    per field. The same Segment: every field is an ``__init__`` field, and ``__post_init__``
    only turns a kind or style given as a string into its member, which a Segment already
    holds (a test compares the two)."""
    new = object.__new__(Segment)
    fields = new.__dict__
    fields.update(seg.__dict__)
    fields.update(changes)
    return new


# "I am Inspector Ratcliffe", "I'm Mister Noah Claypole", "my name is Tom": a speaker names
# himself (the name follows; what ends it is checked on the tokens).
_SELF_NAMING = re.compile(spaced(r"\b(?:I am|I['’]m|[Mm]y name is|[Mm]y name['’]s) _?(?=[A-Z])"))
# "I am an Invisible Man", "I'm the Doctor": a speaker gives himself an epithet the story
# writes capitalised as a name (``The Invisible Man``).
_SELF_EPITHET = re.compile(spaced(r"\b(?:I am|I['’]m) _?(?:an?|the) _?(?=[A-Z])"))
# What may end the name a speaker gives himself ("I am Tom, of ...", "I am Tom.").
_NAME_ENDS = {",", ".", "!", "?", ";", "--", "—"}


def _introduced(found, chapters, cast: _Cast, characters: list[Character]) -> dict[int, int]:
    """Characters known only by a role who name themselves (``"I am Inspector Ratcliffe," said
    the Marquis``): role -> the named character. The quote's speaker decided by its tag, by
    name or by a pronoun (not a description: ``answered my companion`` may mean anyone); the
    name another character's, ending the clause (``I am Tom, of ...``; not ``I am Tom's
    friend``), of no other gender, and the only name the role gives itself. A named speaker
    who says another name (``"I am Miss Grey," said she`` where the tag chose wrong, or a
    joke) joins nobody: only a role is someone not yet named. A role may join another role only
    by the epithet the story writes capitalised as that one's name (``"I am an Invisible Man,"
    said the Voice``: ``The Voice`` is ``The Invisible Man``, or the named one who bears it).
    A role whose whole quote is a name, answering a quote that asks a name (``"What name shall
    I ask for?" "Monks!" rejoined the man``), names himself so, whatever its tag (a description
    too). Without a cast only: with the user's, ``_answered_name``."""
    said: dict[int, set[int]] = {}
    epithets: set[tuple[int, int]] = set()  # (role, the role it calls itself by a capitalised epithet)
    for ci, i, ev in found:
        who = ev["who"]
        over = ev.get("named_over")
        if over is not None and who not in (None, _ANON) and max(over, who) < len(characters) \
                and _is_role(characters[over]) and not _is_role(characters[who]) and _asked_name(chapters[ci], i):
            # '"What name shall I ask for?" "Monks!" rejoined the man', decided as Monks
            # (``sieve._decide_tags``, stage ``self-named``): the role the description would
            # have meant is he
            said.setdefault(over, set()).add(who)
            continue
        if who in (None, _ANON) or ev["rule"] != "tag" or not _is_role(characters[who]):
            continue
        text = chapters[ci][i].text
        toks = tokens(text)
        if toks and _asked_name(chapters[ci], i):  # "What name shall I ask for?" "Monks!" cried the man
            ids, n = cast.index.match(toks, 0)
            if n and n >= len(toks) - 1 and all(not t.is_word for t in toks[n:]) and ids[0] != who:
                said.setdefault(who, set()).add(ids[0])
        if ev["tag"] != "named" and not _pronoun_tag(chapters[ci], i):
            continue  # "answered my companion": a description may mean anyone
        for m in _SELF_NAMING.finditer(text):
            toks = tokens(text[m.end():])
            k = 1 if toks and toks[0].low in ("mister", "mr", "mrs", "miss") and len(toks) > 1 \
                and toks[1].is_cap else 0
            ids, n = cast.index.match(toks, k) if toks else ([], 0)
            if not n and k:
                ids, n = cast.index.match(toks, 0)
            end = toks[k + n] if n and k + n < len(toks) else None
            if n and (end is None or end.text in _NAME_ENDS):
                said.setdefault(who, set()).update(j for j in ids[:1] if j != who)
        for m in _SELF_EPITHET.finditer(text):
            toks = tokens("the " + text[m.end():])
            ids, n = cast.index.match(toks, 0)
            end = toks[n] if n and n < len(toks) else None
            if n >= 2 and ids[0] != who \
                    and (end is None or end.text in _NAME_ENDS):
                said.setdefault(who, set()).add(ids[0])
                epithets.add((who, ids[0]))
    out = {}
    for role, named in said.items():
        if len(named) != 1:
            continue
        j = next(iter(named))
        g1, g2 = cast.gender[role], cast.gender[j]
        if (_is_role(characters[j]) and (role, j) not in epithets) or (UNKNOWN not in (g1, g2) and g1 != g2):
            continue
        out[role] = j
    return out


_NAME_ONLY = 40  # characters: a quote longer than this is more than a name


def _answered_name(found, chapters, cast: _Cast, characters: list[Character]) -> dict[int, int]:
    """Roles named by the answer to a question of their name: a quote that is only a name (of a
    character not known by a role), decided as that one and answering the last quote of the
    paragraph before, which asks the listener's name (``turns._ASKS_OWN_NAME``: not ``What is his
    name?``), is spoken by the one the asker was talking to: the voice of the paragraph of quotes
    before the question. When that voice is a role (``The Child``), not the asker, of no other
    sex, the role is the named one. Returns role -> named. (Read from the questions: a substring
    test per quote, no tokens.) Only with the user's cast: without one, a role discovery made of
    a word that is no one (``The Pequod``) may hold a hundred quotes of others, and the join
    would give them all to the one named."""
    out: dict[int, int] = {}
    for ask, (ci, i, _ev) in enumerate(found):
        text = chapters[ci][i].text
        if ("name" not in text and "ho are you" not in text) or not _ASKS_OWN_NAME.search(text):
            continue
        k = _next_paragraph(found, chapters, ask, 1)
        if k is None or _next_paragraph(found, chapters, k, -1) != ask:
            continue  # (the question ends its paragraph; the answer opens the next)
        seg = chapters[ci][found[k][1]]
        who = found[k][2]["who"]
        if len(seg.text) > _NAME_ONLY or who in (None, _ANON) or _is_role(characters[who]):
            continue
        toks = tokens(seg.text)
        ids, n = cast.index.match(toks, 0) if toks else ([], 0)
        if not n or ids[0] != who or not all(not t.is_word for t in toks[n:]):
            continue
        before = _next_paragraph(found, chapters, ask, -1)
        if before is None:
            continue
        asker, voice = found[ask][2]["who"], found[before][2]["who"]
        if voice in (None, _ANON, who, asker) or not _is_role(characters[voice]):
            continue
        g1, g2 = cast.gender[voice], cast.gender[who]
        if UNKNOWN not in (g1, g2) and g1 != g2:
            continue
        out[voice] = who
    return out


def _next_paragraph(found, chapters, k: int, step: int) -> int | None:
    """The position in ``found`` of the nearest quote ``step`` (1 or -1) from ``found[k]`` in
    another paragraph of its chapter, a few quotes away at most: the first quote of the
    paragraph of quotes after (1), the last of the one before (-1); None if there is none."""
    ci, i, _ev = found[k]
    para = chapters[ci][i].paragraph
    for j in range(k + step, k + 9 * step, step):
        if not 0 <= j < len(found) or found[j][0] != ci:
            return None
        if chapters[ci][found[j][1]].paragraph != para:
            return j
    return None


_ASKS_NAME = re.compile(spaced(r"\b(?:name|who are you)\b[^?]*\?\W*$"), re.I)


def _asked_name(segs: list[Segment], i: int) -> bool:
    """The quote before ``segs[i]`` (in an earlier paragraph) asks a name: ``"What name am I to
    ask for?"``, ``"Who are you?"``."""
    for seg in reversed(segs[:i]):
        if seg.kind == model.DIALOGUE:
            return seg.paragraph != segs[i].paragraph and bool(_ASKS_NAME.search(seg.text))
    return False


def _pronoun_tag(segs: list[Segment], i: int) -> bool:
    """The tag of the quote ``segs[i]`` is a pronoun: ``he said`` or ``said she`` opens the
    narration right after it, or ends the narration right before it."""
    def has(seg, part):
        return seg is not None and seg.kind == model.NARRATION and seg.paragraph == segs[i].paragraph \
            and any(t.low in ("he", "she") for t in part(tokens(seg.text, seg.start)))
    after = segs[i + 1] if i + 1 < len(segs) else None
    before = segs[i - 1] if i else None
    return has(after, lambda ts: ts[:2]) or has(before, lambda ts: ts[-3:])


def _is_role(c: Character) -> bool:
    """A character known only by a role or description (``The Marquis``, ``The Charity-boy``),
    or as another's relative (``Scrooge's Nephew``)."""
    return all(n.startswith("The ") or relative_name(n) for n in c.names())


def rules_of(script: Script) -> Counter:
    """How many quotes each rule decided (``none``: no rule found a speaker)."""
    return Counter(s.rule or "none" for s in script.segments if s.kind == model.DIALOGUE)


def _sieve_chapter(segs: list[Segment], cast: _Cast, source: str, book: dict | None = None):
    """Rules 1-8 for one chapter: its turns, its conversations, and for each conversation
    which turns rules 1-4 decided. ``book``: the epithets the chapters before gave one character
    each (``sieve._epithet_owners``), brought up to this chapter's end."""
    sal = cast.salience
    turns = _collect_turns(segs, cast, source, sal)
    convs = _conversations(turns)
    owners, barred, booked = _epithet_owners(convs, book)
    anchored: dict = {}
    selfnamed = _self_named_epithets(convs, cast.gender)
    for conv in convs:
        _decide_tags(conv, owners, barred, cast.gender, booked, anchored, selfnamed)
        for k, t in enumerate(conv):
            _local_rules(t, conv, k)
    decided = [[t.speaker is not None for t in conv] for conv in convs]
    for conv in convs:
        _parent_calls(conv, cast)
        _address_kin(conv, cast)
        _turn_taking(conv)
    for t in turns:
        if t.speaker is None and t.late_actor is not None:
            t.speakers, t.rules = [t.late_actor.who] * len(t.quotes), ["actor"] * len(t.quotes)
    _salient_fill(turns, segs, sal, convs)
    return turns, convs, decided


def _decide_chapter(segs: list[Segment], cast: _Cast, turns, convs, decided, style) -> dict[int, dict]:
    """Rule 9 for one chapter sieved (``_sieve_chapter``), and the evidence for each of its
    dialogue segments (by index): the speaker chosen (``who``, a character index, ``_ANON`` or
    None), the ``rule`` that decided it, the ``runner_up`` and what the confidence is read from."""
    sal = cast.salience
    paths, margins = [], []
    before = (None, None)  # the last two voices of the conversation before
    for conv, fixed in zip(convs, decided):
        _style_hints(conv, fixed, style)
        scores: list = []
        path = _conversation_path(conv, cast, sal, fixed, scores, before)
        if _agreeing_recency(conv, scores, sal):
            scores = []
            path = _conversation_path(conv, cast, sal, fixed, scores, before)
        _fill_from_path(conv, path)
        _forward_ties(conv, scores)
        before = _last_two(conv)
        paths.append(path)
        margins.append(scores)
    out = {}
    for conv, path, scores in zip(convs, paths, margins):
        anchors = [k for k, t in enumerate(conv) if _named_by_tag(t)]
        voices_in = {s for t in conv for s in t.speakers if s not in (None, _ANON)}
        named = {s for k in anchors for s, r, ref in zip(conv[k].speakers, conv[k].rules, conv[k].tags)
                 if r == "tag" and ref is not None and ref.certain}
        lastnamed = None  # (``_rerank.last_named``, read for the first quote second-guessed)
        for k, t in enumerate(conv):
            dist = _nearest(anchors, k)
            for n, (q, s, r) in enumerate(zip(t.quotes, t.speakers, t.rules)):
                ref = t.tags[n] if n < len(t.tags) else None
                tag = "" if r != "tag" or ref is None else "named" if ref.certain else "pronoun"
                ru, ru_src = _runner(s, ref, conv, k, sal, segs[q].start)
                agree = None if path[k] is None or s in (None, _ANON) else path[k] == s
                margin = None
                if k < len(scores) and s in scores[k]:
                    top = None  # the best of the others' totals (the first of equals, as max() of them)
                    for w, v in scores[k].items():
                        if w != s and (top is None or v > top):
                            top = v
                    margin = None if top is None else scores[k][s] - top
                ncands = len(ref.cands) if ref is not None else 0
                out[q] = {"who": s, "rule": r or "none", "tag": tag, "anchor": dist, "turns": len(conv),
                          "stage": t.stages.get(n) if tag == "pronoun" else None,
                          "described": tag == "pronoun" and bool(ref.epithet),
                          "agree": agree, "cands": ncands, "quotes": len(t.quotes), "margin": margin,
                          "calls": t.vocative is not None and t.vocative not in (s, None),
                          "voices": len(voices_in), "runner_up": ru,
                          "named": s in named, **_near(s, sal, segs[q].start)}
                if r == "paragraph":  # what decided the paragraph's quote it repeats
                    out[q]["source"] = _source(t, n)
                if n in t.named_over:
                    out[q]["named_over"] = t.named_over[n]
                if s not in (None, _ANON) and ru is not None and _rerank.eligible(r or "none", tag):
                    pm = None
                    if k < len(scores) and s in scores[k] and ru in scores[k]:
                        pm = scores[k][s] - scores[k][ru]
                    if lastnamed is None:
                        lastnamed = _rerank.last_named(conv)
                    out[q]["pair"] = {"g": _rerank.candidate(s, conv, k, n, ref, sal, segs[q].start, cast, named,
                                                             lastnamed),
                                      "r": _rerank.candidate(ru, conv, k, n, ref, sal, segs[q].start, cast, named,
                                                             lastnamed),
                                      "src": ru_src,
                                      "pm": _rerank.bucket(pm), "rin": k < len(scores) and ru in scores[k]}
                    if k < len(scores) and ru in scores[k]:
                        order = sorted(scores[k], key=lambda w: -scores[k][w])
                        out[q]["pair"]["rk"] = str(min(order.index(ru), 3))
    return out


# The rules that decide a quote on no evidence of its own: the character named last, the
# subject of the narration beside it (or none decided it). Where the tag names a role the tag
# rules cannot read, they were wrong 13 times in 13 on the dev novels.
_WEAK_RULES = {"salient", "actor", "none"}


def _once_roles(found, chapters, cast: _Cast) -> set[int]:
    """Without a cast: a quote whose tag names a role (``said the station-master``,
    ``discover.role_noun``) that no character is known by (one tag only: two make it a
    character, ``discover._roles``), and that only a weak rule decided (``_WEAK_RULES``: the
    one named last, a subject beside it) or none, is that role's, in a voice of its own. Turn-taking
    and calls keep theirs: there a role tagged once is as often a named character's epithet
    (``"Bill!" ... "What?" said the ruffian``: Sikes) as someone the story never names. The
    roles made are added to the cast; returns their indexes."""
    made: dict[str, int] = {}
    for ci, i, ev in found:
        if ev["rule"] not in _WEAK_RULES or i + 1 >= len(chapters[ci]):
            continue
        seg, tag = chapters[ci][i], chapters[ci][i + 1]
        if tag.kind != model.NARRATION or (tag.chapter, tag.paragraph) != (seg.chapter, seg.paragraph):
            continue
        toks = tokens(tag.text, tag.start)
        k = 1 if toks and toks[0].low in SPEECH_VERBS else 0
        noun = role_noun(toks, k, adverb=True)  # "said the station-master carelessly"
        if noun is None or cast.index.match(toks, k)[0] or cast.index.match(toks, k + 1)[0]:
            continue  # no role, or one the tag rules read (and chose otherwise)
        if noun not in made:
            made[noun] = len(cast.chars)
            cast.add_role("The " + noun.capitalize(), _noun_gender(noun))
        ev.pop("pair", None)
        ev.update(who=made[noun], rule="tag", tag="named", stage=None, described=False, cands=1,
                  runner_up=ev["who"], named=True, near=False)
    return set(made.values())


def _named_by_tag(t) -> bool:
    """Whether a tag names a speaker of turn ``t`` (a loop: no generator made per turn)."""
    for r, ref in zip(t.rules, t.tags):
        if r == "tag" and ref is not None and ref.certain:
            return True
    return False


def _nearest(anchors: list[int], k: int) -> int | None:
    """``min((abs(k - j) for j in anchors), default=None)`` for ``anchors`` in order: the
    distance to the nearest, found by bisection (once per turn, not a walk over every anchor)."""
    i = bisect.bisect_left(anchors, k)
    if i < len(anchors):
        return anchors[i] - k if i == 0 else min(anchors[i] - k, k - anchors[i - 1])
    return k - anchors[i - 1] if anchors else None


def _last_two(conv) -> tuple:
    """The last two voices of a conversation decided: (the other one, the last one to speak)."""
    last: list = []
    for t in reversed(conv):
        for s in reversed(t.speakers):
            if s not in (None, _ANON) and s not in last:
                last.append(s)
                if len(last) == 2:
                    return last[1], last[0]
    return (None, last[0]) if last else (None, None)


def _near(who, sal, start) -> dict:
    """Whether the narration (or a speaker) named the chosen speaker in the 1,000 characters
    before the quote: one not named lately is more often a wrong guess."""
    return {} if who in (None, _ANON) else {"near": sal.named_since(who, start - 1000, start)}


def _source(t, n) -> str | None:
    """For a quote that repeats its paragraph's decided quote (``paragraph``): what decided
    that one (the rule; for a tag, ``named`` or ``pronoun-N`` as ``confidence.kind``)."""
    near = [m for m in sorted(range(len(t.quotes)), key=lambda m: (abs(m - n), -m))
            if m != n and t.speakers[m] == t.speakers[n] and t.rules[m] != "paragraph"]
    if not near:
        return None
    m = near[0]
    ref = t.tags[m] if m < len(t.tags) else None
    if t.rules[m] != "tag" or ref is None:
        return t.rules[m]
    return "named" if ref.certain else "pronoun-" + str(min(len(ref.cands) or 1, 3))


def _runner(who, ref, conv, k, sal, start) -> tuple:
    """The next best candidate and where it was found (None, None if none): another one the tag
    may mean (``tag``), a neighbour turn's voice (``prev``, ``next``, ``prev2``, ``next2``), the
    most recently named character (``salient``). One walk gives both (the rerank pair reads the
    source of the runner-up the evidence names, which was the same walk made again)."""
    if ref is not None and not ref.certain:
        for c in ref.cands[:3]:
            if c != who and c is not _ANON and c != _ANON:
                return c, "tag"
    for j, nm in ((k - 1, "prev"), (k + 1, "next"), (k - 2, "prev2"), (k + 2, "next2")):
        if 0 <= j < len(conv):
            for c in conv[j].speakers:
                if c is not None and c != who and c is not _ANON and c != _ANON:
                    return c, nm
    # (the ones named last only after all those: read only when needed)
    found = next((c for c in sal.recent(start, 4) if c != who and c is not _ANON and c != _ANON), None)
    return found, None if found is None else "salient"


from ..stage import callable_stage  # noqa: E402 (kept at the end: the rules above are the module)

callable_stage(__name__, "attribute")  # talecast.attribute(...) is attribute(...)
