"""Turns: one ``_Turn`` per paragraph with quotes, holding every clue the rules use (tags,
actors, names in address, the narration since the turn before), and conversations: runs of
turns not separated by long narration nor by a new scene (a scene break, or narration that
opens by moving the story on in time: ``The next morning``). Who is addressed is found here;
the sieve passes the turn on (``sieve._from_neighbours``, ``sieve._address_kin``).

6. ``vocative``: a name used in address (``"Slayer. Buffy?"``) or named in
   the tag (``said Tom to Anna``, ``turning to Alice``), or else the one the short
   narration paragraph just before turns to (``Anna turned to Tom.``; after long narration,
   only in the sentence that leads into the quote: ``... remarked to Tom:``), marks the listener, who
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
   A parent called without a name (``"..., mamma," said Kate Grey``) by a speaker the tags
   know is the one Mrs. (Mr.) of the speaker's family, or, for a speaker whose names give no
   family, the one Mrs. (Mr.) named in the last 3,000 characters (``sieve._parent_calls``).
   Nobody takes the turn of a quote that addresses them (narrated, turns, salient); a
   name the speaker gives themself (``I'm Tom``, ``call me Tom``) addresses nobody, nor do
   that one's other names in the paragraph's quotes (``call me Marilla ... being called
   Miss Cuthbert``).
   A quotation the quote repeats (``Bill said, 'Tom, you are late.'``) is someone
   else's words: the names in it are not the speaker's listeners.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from itertools import chain
from operator import itemgetter

from .. import model
from ..model import Segment
from .names import FEMALE, HONORIFICS, MALE, SENTENCE_END, SUBJECT_PRONOUNS, UNKNOWN, Token, spaced, tokens
from .cast import _Cast, _names_self
from .clues import (_COPULAS, _actor, _apart, _clause_subjects, _emitter, _last_clause_subject, _listener,
                    _narrated, _reporter, _sentence_after, _sentence_before, _speech_owner)
from .mentions import _Ref
from .record import _PREPOSITIONS, _note_mentions
from .speech_tags import _SUBORDINATORS, _lead_in, _tag_after, _tag_before


# A paragraph that says the listener kept silent: the speaker before goes on.
_SILENCE = re.compile(spaced(r"\b(?:made no (?:answer|reply)|no answer|was silent|were silent|remained silent|"
                      r"said nothing|did not (?:answer|reply)|did not speak|could not speak)\b"), re.I)
LONG_NARRATION = 300
# Narration that opens by moving the story on in time (``The next morning ...``, ``In the
# afternoon, the two elder Miss Bennets were able to be for half an hour by themselves``, ``An
# hour later ...``, ``When they reached the house ...``): a new scene, however short the narration.
_DAYTIME = r"(?:morning|afternoon|day|evening|night|week|month|year|(?:mon|tues|wednes|thurs|fri|satur|sun)day)"
_TIME_CUE = re.compile(rf"\W*(?:(?:on )?the (?:next|following) {_DAYTIME}|next {_DAYTIME}|"
                       rf"(?:in|during) the (?:morning|afternoon|evening|night)|that {_DAYTIME}|"
                       r"(?:an|half an|one|two|three|a few|some|several) (?:hours?|minutes?|days?|weeks?|months?) "
                       r"(?:later|after|afterwards)|when (?:they|he|she|we|I) (?:reached|arrived|came|got|returned)|"
                       r"(?:at|after) (?:breakfast|dinner|supper|tea))\b", re.I)



def _silent(text: str) -> bool:
    """``_SILENCE`` finds something in ``text``. (Each of its phrases holds one of the words below:
    a text of ASCII letters that holds none of them in any case is not searched. Outside ASCII,
    ``re.I`` also matches letters ``lower`` leaves alone, the long s of ``ſilent``.)"""
    if text.isascii():
        low = text.lower()
        if "answer" not in low and "reply" not in low and "silent" not in low and "nothing" not in low \
                and "speak" not in low:
            return False
    return _SILENCE.search(text) is not None
# A short paragraph that answers without words (a nod, a bow, a puzzled look): the speaker before goes on.
_GESTURE = re.compile(spaced(r"\b(?:nodded|bowed|shrugged|shook (?:his|her) head|smiled|curtsied|"
                      r"agreed to it|assented|looked (?:up|down|away)|"
                      r"looked (?:\w+ly )?(?:bored|grave|puzzled|surprised|confused|embarrassed|doubtful|"
                      r"pleased|annoyed|amused|incredulous|blank))\b"), re.I)
GESTURE_LEN = 120
# A sentence after a quote saying that its subject kept silent (``She did not answer.``, ``He
# remained silent.``, ``She only looked at him and smiled.``): that one is the listener.
_KEPT_SILENT = re.compile(spaced(r"\b(?:made no (?:answer|reply)|remained silent|kept silent|was silent|said nothing|"
                          r"did not (?:answer|reply|protest|respond)|only (?:looked|smiled|stared))\b"), re.I)
# A paragraph opening "She obeyed." after a quote: she was told, so she did not say it.
_OBEYED = re.compile(r"^\W*\w+(?:\s+\w+)?\s+(?:obeyed|complied)\b")
_PRESENT = 3000      # characters: someone addressed must have been named this close before


_LEADS = {",", ":", "--", "\u2014", "\u2013"}  # what ends narration that a quote resumes after
_RELATIVES = {"which", "who", "whom", "whose"}


def _resumes(toks: list[Token]) -> bool:
    """Is the narration between two quotes of a paragraph one unstopped sentence that leads into
    the second (``said Oliver, when Mrs. Maylie returned,``): the quote goes on after it."""
    return bool(toks) and toks[-1].text in _LEADS and not any(t.text in SENTENCE_END for t in toks)


def _subordinate_end(toks: list[Token]) -> bool:
    """Does that narration end with a clause of its own that is no main clause: opened by a
    subordinator (``as Katharine thought``, ``when Mrs. Maylie returned``) or holding a relative
    pronoun (``in which he still spoke``)? Its subject is not the one who goes on speaking."""
    end = len(toks)
    while end and toks[end - 1].text in _LEADS:
        end -= 1
    c = end
    while c > 0 and toks[c - 1].text not in _LEADS | {";", "("}:
        c -= 1
    clause = toks[c:end]
    return bool(clause) and (clause[0].low in _SUBORDINATORS or any(t.low in _RELATIVES for t in clause))


@dataclass
class _Turn:
    """A paragraph with quotes: one turn of a conversation."""

    para: int
    quotes: list[int]                     # indices into the chapter's segments
    speakers: list[int | None]
    rules: list[str]
    addressed: set[int]                   # characters named inside its quotes
    vocative: int | None                  # a character addressed by name
    gap: int                              # narration characters since the previous turn
    continues: bool                       # its first quote continues the previous paragraph's
    open_end: bool                        # its last quote is left open at the paragraph end
    actor: "_Ref | None" = None
    tags: list = field(default_factory=list)  # per quote: a _Ref from a speech tag, or None
    qactors: list = field(default_factory=list)  # per quote: the subject of the sentence beside it
    inner: bool = False  # its narration says "I"/"me" in a third-person story: someone's thoughts
    after_silence: bool = False  # narration just before says the listener did not answer
    gesturer: int | None = None   # ... or that someone answered with a gesture only (nodded); who kept silent
    narrated: int | None = None   # the named subject of the last sentence of the narration before
    trailing: bool = False        # ... that narration ends the turn before, after its quotes
    reporter: int | None = None   # ... when that sentence reports speech: who spoke, unquoted
    absent: int | None = None     # addressed by name, but not named lately: maybe not in the scene
    first_vocative: int | None = None  # the first name used in address (``vocative``: who answers)
    first_asked: bool = False     # ... and the words ask that one a question (to answer, not answered)
    voc_words: tuple[str, ...] = ()  # the words ``vocative`` was called by (``Miss Bennet``)
    start: int = 0
    opens_with_quote: bool = False  # no narration before its first quote
    late_actor: "_Ref | None" = None  # a pronoun acting only after the quotes: a weak clue
    told_only: bool = False  # its one quote, a statement, opens the paragraph and its actor acts after it
    to_gender: str | None = None  # its quotes call the listener "sir" or "ma'am": the listener's gender
    quiet: bool = True  # the narration since the turn before names nobody
    own_subject: int | None = None  # its first tag's pronoun, named as a subject in its own paragraph
    told_after: int = 0  # characters of narration after its last quote, in its own paragraph
    obeyed_by: int | None = None  # the paragraph right after opens "She obeyed.": its listener
    forms: frozenset = frozenset()  # how its quotes call their listener (``_address_forms``)
    selves: frozenset = frozenset()  # whom its quotes name as the one speaking (``I'm Tom``)
    style: dict = field(default_factory=dict)  # voices whose way of calling the listener it is: weight
    parent_call: str | None = None  # its quotes call the listener "mamma" or "papa": the gender of that parent
    stages: dict = field(default_factory=dict)  # quote -> how a pronoun or description tag chose (``_decide_tags``)
    apart: list = field(default_factory=list)  # per quote: gender -> whom the narration's he/she is not (``_apart``)
    callees: frozenset = frozenset()  # everyone its quotes call by name, in any sentence
    asks: bool = False  # its last quote ends in a question
    resumes: list = field(default_factory=list)  # per quote: it goes on the quote before, after that one's own tag
    between: list = field(default_factory=list)  # per quote: characters of narration since the quote before in its paragraph
    scene: bool = False  # a scene break, or narration moving on in time (``_TIME_CUE``), since the turn before
    heads: list = field(default_factory=list)  # per quote with a he/she tag: the descriptions in the narration
                                                 # before it (``_described_heads``)
    tells_on: bool = False  # a bare paragraph telling in the first person and the past, right after a long turn
    named_over: dict = field(default_factory=dict)  # quote -> the description's first candidate a self-naming
                                                    # overruled (``sieve._decide_tags``, stage ``self-named``)

    @property
    def speaker(self) -> int | None:
        speakers = self.speakers
        if len(speakers) == 1:  # (most turns: one quote, its speaker or None)
            return speakers[0]
        known = [s for s in speakers if s is not None]
        if len(known) <= 1:
            return known[0] if known else None
        counts: dict[int, int] = {}
        for s in known:
            counts[s] = counts.get(s, 0) + 1
        return max(counts, key=counts.get)  # the most frequent, the first of those on a tie


def _collect_turns(segs, cast, source, sal) -> list[_Turn]:
    """One _Turn per paragraph with quotes: its tags, addressees and actor; salience updated."""
    turns: list[_Turn] = []
    gap = 0
    by_para: dict[int, list[int]] = {}
    for i, s in enumerate(segs):
        by_para.setdefault(s.paragraph, []).append(i)
    prev_open = False
    silence = False
    scene = False  # a scene break or a move in time since the last turn (``_Turn.scene``)
    gesturer = None
    lead_in = None
    turned_to = None  # the one the narration paragraph just before turns to ("turned to Frank")
    narrated = reporter = trail = None
    after_narration = None  # a paragraph without quotes, just read: (its last narration, gap, silence, lead-in)
    trailing = None  # a turn just read: its last narration, whose subject a next turn may take (``trail``)
    named_gap = False  # the narration since the last turn names someone
    run: list[list[Token]] = []  # the narration since the last quote
    # whom each he/she chain is not (``_apart``), across the quotes: a quote a he/she or nobody
    # tags goes on with the chains; one a name tags starts that one's gender's chain again, one a
    # description tags all of them
    carry: dict[str, set[int]] = {}
    for para, idx in by_para.items():
        quotes = [i for i in idx if segs[i].kind == model.DIALOGUE]
        if after_narration is not None:
            if quotes and segs[idx[0]].kind == model.DIALOGUE:
                turned_to, narrated, reporter = _after_narration(*after_narration, cast, sal)
            after_narration = None
        if trailing is not None:
            # the subject of the turn before's last narration matters only to a paragraph right
            # after it that opens with a quote: read then, before this one's narration adds its
            # mentions (the salience as it was at the end of that turn)
            if quotes and segs[idx[0]].kind == model.DIALOGUE:
                trail = _narrated(trailing, cast, sal, gestures=True)
            trailing = None
        narr_toks = {}
        for i in idx:
            if segs[i].kind == model.NARRATION:
                toks = tokens(segs[i].text, segs[i].start)
                narr_toks[i] = toks
                known = len(sal.events)
                _note_mentions(toks, cast, sal)
                if not quotes:
                    run.append(toks)
                named_gap = named_gap or (len(sal.events) > known and (not quotes or i < quotes[0]))
        if not quotes:
            gap += sum(len(segs[i].text) for i in idx if segs[i].kind == model.NARRATION)
            scene = scene or _new_scene(segs, idx)
            silence = any(_silent(segs[i].text) for i in idx if segs[i].kind == model.NARRATION)
            gesturer = _silent_one(segs, idx, narr_toks, cast, sal) if silence else None
            text = " ".join(segs[i].text for i in idx if segs[i].kind == model.NARRATION)
            if not silence and len(text) <= GESTURE_LEN and _GESTURE.search(text):
                # "Mr. Darcy bowed.", "Jane shook her head.": an answer without words, when
                # the one who made it is not the last speaker (checked in turn-taking)
                a = _actor([narr_toks[i] for i in idx if i in narr_toks], cast, sal, set())
                if a is not None and a.certain and a.who is not None:
                    silence, gesturer = True, a.who
            first = narr_toks.get(idx[0])
            if turns and turns[-1].para == para - 1 and first and _OBEYED.match(segs[idx[0]].text):
                # "'Look at me.' / She obeyed.": the one who obeys was spoken to
                a = _actor([_sentence_after(first)], cast, sal, set())
                if a is not None and a.who is not None:
                    turns[-1].obeyed_by = a.who
                    turns[-1].addressed.add(a.who)  # no rule gives it the words
            prev_open = False
            last = narr_toks.get(idx[-1])
            # A paragraph that ends "Mr. Bennet coolly observed," leads into the next one's quote.
            lead_in = _lead_in(last, own_tag=False)
            # whom it turns to, its subject and who it says spoke (``_after_narration``) matter only
            # to a next paragraph that opens with a quote: read then, before that one's narration
            # adds its mentions (the salience as it is now)
            after_narration = (last, gap, silence, lead_in)
            turned_to = narrated = reporter = None
            trail = None
            continue
        addressed = set()
        cast.called = set()  # everyone this paragraph's quotes call by name
        selves = set()  # whoever its quotes say is speaking ("I'm Tom")
        scans = []  # per quote: its own words' tokens and the names it uses in address
        owns = [_own_words(segs[q].text) for q in quotes]  # (the quotations they repeat left out)
        alone = None  # the one a quote before names and nothing else ("Mr. Tom Grey," said he)
        given = set()  # whom its quotes give as the speaker's name in answer or after the name
        for m, own_text in enumerate(owns):
            toks = tokens(own_text)
            named, vocs, own = _address_scan(toks, cast)
            selves |= own
            if alone is not None and _MY_NAME_AFTER.match(own_text):
                given.add(alone)  # '"Tom Grey," said the little man. "That is my name."'
            alone = _name_only(toks, cast)
            if not m and alone is not None and turns and turns[-1].para >= para - 1 and not own \
                    and segs[idx[0]].kind == model.DIALOGUE and _ASKS_OWN_NAME.search(segs[turns[-1].quotes[-1]].text):
                given.add(alone)  # '"What name shall I ask for?" / "Tom!" rejoined the man': his own
            addressed |= named
            cast.called |= {who for who, _, _ in vocs}
            scans.append((toks, vocs))
        if given:
            selves |= given
            cast.called -= given
            scans = [(toks, [v for v in vocs if v[0] not in given]) for toks, vocs in scans]
        (first_voc, _), (vocative, voc_words), first_asked = _paragraph_addresses(scans)
        addressed -= selves  # "call me Marilla. I'm not used to being called Miss Cuthbert": herself
        t = _Turn(para, quotes, [None] * len(quotes), [""] * len(quotes), addressed, vocative, gap,
                  continues=prev_open and segs[idx[0]].kind == model.DIALOGUE,
                  open_end=_left_open(segs[quotes[-1]], source) and quotes[-1] == idx[-1])
        t.after_silence = silence and gap < LONG_NARRATION
        t.scene = scene or _new_scene(segs, idx)  # (its own narration before its first quote too)
        scene = False
        t.selves = frozenset(selves)
        t.first_vocative, t.first_asked = first_voc, first_asked
        t.gesturer = gesturer
        t.narrated = narrated if segs[idx[0]].kind == model.DIALOGUE else None
        if t.narrated is None and gap == 0 and trail is not None and segs[idx[0]].kind == model.DIALOGUE:
            t.narrated, t.trailing = trail, True
        trail = None
        t.reporter = reporter if segs[idx[0]].kind == model.DIALOGUE else None
        narrated = reporter = None
        t.quiet = not named_gap
        named_gap = False
        gap = 0
        silence = False
        prev_open = t.open_end
        t.tags, t.qactors, t.resumes, t.between = [], [], [], []
        silent = set()  # whom the narration after a quote says kept silent: listeners, not speakers
        t.inner = not cast.first_person and any(
            not _I_ME_MY.isdisjoint(map(_text_of, toks)) for toks in narr_toks.values())  # (at C speed)
        from_after = False  # the quote before had its tag from the narration after it
        for m, q in enumerate(quotes):
            pos = idx.index(q)
            after = narr_toks.get(idx[pos + 1]) if pos + 1 < len(idx) else None
            run += [narr_toks[i] for i in idx if (quotes[m - 1] if m else -1) < i < q and i in narr_toks]
            t.between.append(sum(len(segs[i].text) for i in idx if m and quotes[m - 1] < i < q and i in narr_toks))
            carry = _apart(run, cast, carry)  # (a left fold: the run is read once)
            narration = run
            sent_after = _sentence_after(after) if after else None  # (the sentence right after the quote)
            run = []
            before = narr_toks.get(idx[pos - 1]) if pos > 0 else (lead_in if lead_in else None)
            ref = _tag_after(after, cast, sal, addressed) if after else None
            extra = None
            if ref is not None and ref.pronoun and ref.cands:
                # '"I see," she said, as if Mary had asked her': not Mary, whatever clause
                # of the tag's own sentence names her
                extra = _tag_sentence_names(sent_after, cast)
                extra = (cast.gender[ref.cands[0]], extra) if extra else None
            resumed = m > 0 and pos >= 2 and idx[pos - 2] == quotes[m - 1] and from_after \
                and t.tags[m - 1] is not None and before is not None and _resumes(before)
            if resumed and ref is not None and segs[q].text[:1].islower() \
                    and segs[quotes[m - 1]].text.rstrip()[-1:] in (",", "-", "\u2014"):
                ref = t.tags[m - 1]  # '"Hullo," cried the policeman, "who's there?" Marvel began to ...'
            from_after = ref is not None
            if ref is None and before:
                ref = _tag_before(before, cast, sal, addressed, lead=pos == 0)
                if resumed and ref is not t.tags[m - 1] and _subordinate_end(before):
                    # '"I hope," said Oliver, when Mrs. Maylie returned, "that ...": the tag
                    # between is the first part's, the clause after it not the second's
                    ref = t.tags[m - 1]
            elif ref is not None and not ref.certain and before and before[-1].text in (",", ":"):
                # 'and Cassandra exclaimed, "Very beautiful," she added': the name leading
                # into the quote, not the pronoun after it
                named = _tag_before(before, cast, sal, addressed, lead=pos == 0)
                if named is not None and named.certain and named.who is not None:
                    ref = named
            t.tags.append(ref)
            t.heads.append(_described_heads(narration, sal, segs[q].start)
                           if ref is not None and ref.pronoun and not ref.certain else ())
            by_name = _decided_by_name(ref)  # (then no rule reads its chains nor its actor)
            if by_name:
                t.apart.append(carry)  # (no rule reads it)
            else:
                apart = _apart([sent_after], cast, carry) if after else carry
                if extra is not None:
                    g, extra = extra
                    apart = {**apart, g: set(apart.get(g, ())) | extra}
                t.apart.append(apart)
            # '"No," she replied, "I think ...": the second part is the first's, however the
            # tag's pronoun or description is decided for the first
            t.resumes.append(resumed and ref is not None and ref == t.tags[m - 1])
            if ref is not None and not ref.pronoun and not ref.certain:
                carry = {}  # someone we cannot tell spoke: the chains are lost
            elif ref is not None and ref.certain:
                g = cast.gender[ref.who] if ref.who is not None else UNKNOWN
                carry = {} if g == UNKNOWN else {h: w for h, w in carry.items() if h != g}
            told = sent_after
            if told and _kept_silent(told):
                # '"Why?" She did not answer.': the one who keeps silent was spoken to
                quiet = _actor([told], cast, sal, addressed)
                if quiet is not None and quiet.who is not None:
                    silent.add(quiet.who)
                told = None
            if by_name:
                t.qactors.append(None)  # (no rule reads its actor)
            else:
                emitter = _emitter(sent_after, cast, sal, addressed) if after else None
                actor = None
                if before and not emitter:
                    lead = _sentence_before(before)
                    actor = _actor([lead], cast, sal, addressed)
                    last_clause = _last_clause_subject(lead, cast, sal, addressed, actor)
                    if last_clause is None and lead and _inside_sentence(before):
                        # "Ruby Gillis, who got a glimpse of it, told the others that she had": words
                        # the sentence runs on into are its nearest subject's (as the salience record
                        # reads subjects), unless the first subject is named after that one
                        near = _nearest_subject(lead, sal, addressed)
                        if near is not None and (actor is None or near != actor.who) and not (
                                actor is not None and actor.certain and _named_after(lead, actor.who, near, sal)):
                            actor = _Ref((near,), True)
                    actor = last_clause or actor
                    if lead and _inside_sentence(before):
                        actor = _speech_owner(lead, cast, sal, addressed) or actor
                if actor is None and told and not emitter:
                    actor = _actor([told], cast, sal, addressed)
                    if actor is not None and len(quotes) == 1 and pos == 0 and not before \
                            and segs[q].text.rstrip().rstrip("'\u2019_").endswith("."):
                        t.told_only = True  # '"I only came in for coffee." His face was flushed.'
                t.qactors.append(emitter or actor)
            if by_name:
                sal.add(segs[q].start, ref.who)
        first = t.tags[0] if t.tags else None
        if first is not None and not first.certain and first.cands and first.cands[0] in _clause_subjects(
                [narr_toks[i] for i in idx if i in narr_toks and i < quotes[0]], cast, sal):
            t.own_subject = first.cands[0]
        run = [narr_toks[i] for i in idx if i > quotes[-1] and i in narr_toks]
        last = narr_toks.get(idx[-1])  # "... Mrs. Bennet half opened the door and called out,"
        lead_in = _lead_in(last, own_tag=t.tags[-1] is not None and idx[-2:-1] == quotes[-1:])
        # '"You're not eating," said Marilla. Anne sighed.': the one the narration after the
        # last quote turns to, as the subject of its last sentence, may answer next.
        # (read at the next paragraph, when it opens with a quote: ``trailing``)
        trailing = last if last is not None and lead_in is None else None
        # The paragraph's actor: its narration before the last quote (past the sentence right
        # after the quotes, which each quote's own actor reads, the narration tells what came next)
        t.actor = None if all(map(_decided_by_name, t.tags)) else \
            _actor([narr_toks[i] for i in idx if i in narr_toks and i < quotes[-1]], cast, sal, addressed)
        if silent:
            t.actor = None if t.actor is not None and t.actor.who in silent else t.actor
            t.qactors = [None if a is not None and a.who in silent else a for a in t.qactors]
        t.start = segs[quotes[0]].start
        t.opens_with_quote = segs[idx[0]].kind == model.DIALOGUE
        t.told_after = sum(len(segs[i].text) for i in idx if i > quotes[-1] and segs[i].kind == model.NARRATION)
        if t.vocative is not None and t.vocative != cast.narrator \
                and not sal.named_since(t.vocative, t.start - _PRESENT, t.start) \
                and sal.named_before(t.vocative, t.start - _PRESENT):
            # "Do you play and sing, Miss Bennet?" to someone the cast calls otherwise: the one
            # the cast knows by that name is not in the scene, so she does not answer; one of
            # her family who is there may.
            lately = t.start - _PRESENT
            kin = _family_member(cast, t.vocative, voc_words, lambda c: sal.named_since(c, lately, t.start))
            t.vocative, t.absent = kin, t.vocative
        t.voc_words = voc_words if t.vocative is not None else ()
        t.tells_on = _tells_on(t, turns[-1] if turns else None, segs, idx)
        t.to_gender = _addressed_gender(" ".join(segs[q].text for q in quotes))
        t.parent_call = _parent_called(" ".join(owns))
        t.forms = _address_forms(scans, [segs[q].text for q in quotes])
        t.callees = frozenset(cast.called)
        t.asks = segs[quotes[-1]].text.rstrip().rstrip("'\"\u2019\u201d_").endswith("?")
        if t.vocative is None:
            t.vocative = _listener([narr_toks[i] for i in idx if i in narr_toks], cast, sal)
        if t.vocative is None and t.gap and segs[idx[0]].kind == model.DIALOGUE:
            t.vocative = turned_to
        turned_to = None
        turns.append(t)
    return turns


def _described_heads(run: list[list[Token]], sal, end: int) -> tuple:
    """The descriptions (``the`` and up to three lower-case words: ``The old man bit his yellow
    fingers``) in the narration ``run`` before a quote at ``end``, in order, each with the
    characters the salience record marks after it and before the quote: a he/she after such a
    description goes on from it when nobody of its sex was named since (``sieve._decide_tags``)."""
    out = []
    for toks in run:
        for i, tk in enumerate(toks):
            if tk.low != "the":
                continue
            words = []
            for w in toks[i + 1:i + 4]:
                if not w.is_word or w.is_cap or not w.text.isalpha():
                    break
                words.append(w.low)
            if words:
                at = bisect.bisect_left(sal.events, (tk.start + 1,))
                stop = bisect.bisect_left(sal.events, (end,))
                out.append((tuple(words), frozenset(w for _o, w, _s in sal.events[at:stop])))
    return tuple(out)


# A told story: a paragraph of first-person narrative in the past ("I waited by the gate a long
# while. Then I climbed the bank ..."), none of it asking or speaking to anyone.
_I_PAST = re.compile(r"\b(?:I|[Ww]e)\s+(?:\w+ly\s+)?(?:[a-z]+ed|was|were|had|went|saw|could|found|came|got|"
                     r"made|took|heard|felt|knew|thought|told|did|began|ran|sat|stood|lay|left|kept|met|"
                     r"brought|said|put|set|gave|became|fell|held)\b")
_PRESENT_TENSE = re.compile(r"\b(?:is|am|are|isn't|aren't|do|does|don't|doesn't|can|can't|cannot|will|won't|"
                            r"shall|have|has|must|I'm|I've|I'll|it's|that's)\b", re.IGNORECASE)
_PAST_TENSE = re.compile(r"\b(?:was|were|had|did|could|[a-z]{3,}ed)\b")
_TO_SOMEONE = re.compile(r"\byou\b|\?", re.IGNORECASE)
_TELLER_LEN = 150  # characters of the turn before's words: a long turn, not an exchange


def _tells_on(t: _Turn, prev: _Turn | None, segs, idx) -> bool:
    """Whether a bare paragraph goes on with a story the turn just before was telling: the
    paragraph right before ends in words of 150 characters or more, this one is only words
    (closed, not taken up from the one before) that tell in the first person and the past (three
    ``I``/``we`` with a past verb, two when the paragraph before told so too, and four past verbs
    to each present one) and neither ask nor say ``you``. A listener's answer is seldom so
    (``"I have seen the bank; I saw a boat there once"`` has its ``have``); the teller resumes
    after a closing mark (``"...the miller had gone to the town." / "I waited by the gate a
    long while. Then I climbed the bank ..."``). The path (``conversation``) lets that voice go
    on as after a silence (round 19: Griffin telling Kemp his story in The Invisible Man, Anne
    telling Marilla her day)."""
    if prev is None or prev.para != t.para - 1 or t.continues or t.gap or prev.told_after:
        return False
    if any(segs[i].kind != model.DIALOGUE for i in idx):
        return False
    if sum(len(segs[q].text) for q in prev.quotes) < _TELLER_LEN:
        return False
    words = " ".join(segs[q].text for q in t.quotes)
    if _TO_SOMEONE.search(words) or len(_I_PAST.findall(words)) < (2 if prev.tells_on else 3):
        return False
    return len(_PAST_TENSE.findall(words)) >= 4 * max(len(_PRESENT_TENSE.findall(words)), 0.5)


def _decided_by_name(ref) -> bool:
    """Whether a name tags a quote (``ref``, its tag), which decides it (rule 1, never undone).
    Then no rule reads the one acting beside it (``_Turn.qactors``: the sieve's actors decide
    only a turn none of whose quotes is decided, and the second opinion never second-guesses a
    named tag), nor whom the he/she chains are not after it (``_Turn.apart``: read for a
    pronoun tag, and by the second opinion), nor, when a name tags every quote of a turn, the
    turn's actor (``_Turn.actor``); ``_collect_turns`` does not look for them."""
    return ref is not None and ref.certain and ref.who is not None


def _after_narration(last, gap: int, silence: bool, lead_in, cast: _Cast, sal):
    """What a paragraph without quotes, ending in the narration ``last`` (its tokens, or None),
    tells the quote that opens the next paragraph: whom it turns to (``_listener``), the named
    subject of its last sentence (``_narrated``) and who it says spoke (``_reporter``)."""
    # (after long narration that leads into no quote, nobody is turned to, whatever the paragraph
    # says: its listener is not read)
    long_unled = gap > LONG_NARRATION and lead_in is None
    turned_to = _listener([last], cast, sal) if last and not long_unled else None
    if turned_to is not None and gap > LONG_NARRATION:
        # after long narration only the sentence that leads into the quote tells whom it
        # is said to ("... Mary stooped down and remarked to Ralph:")
        turned_to = _listener([_sentence_before(last)], cast, sal) if lead_in is not None else None
    narrated = _narrated(last, cast, sal) if last and not silence else None
    if narrated is not None and narrated == cast.narrator:
        narrated = None  # "I looked at the sky.": a first-person narrator acting is often the listener
    reporter = _reporter(last, cast, sal) if last and not silence else None
    return turned_to, narrated, reporter


def _silent_one(segs, idx, narr_toks, cast: _Cast, sal) -> int | None:
    """Who a paragraph that says someone kept silent (``_SILENCE``) says it of: the subject
    of the sentence that says it (``He sighed, and said nothing.``). Like one who answers
    with a nod, the speaker before goes on only when that one is not the speaker before
    (``sieve._from_neighbours``): one who falls silent after speaking leaves the turn to
    the other, and one who says nothing and then speaks was spoken to."""
    for i in idx:
        m = _SILENCE.search(segs[i].text) if i in narr_toks else None
        if m is None:
            continue
        toks = narr_toks[i]
        at = segs[i].start + m.start()
        end = next((k for k, t in enumerate(toks) if t.start >= at), len(toks))
        start = end
        while start > 0 and toks[start - 1].text not in SENTENCE_END:
            start -= 1
        a = _actor([toks[start:end]], cast, sal, set())
        return a.who if a is not None else None
    return None


def _tag_sentence_names(toks: list[Token], cast: _Cast) -> set[int]:
    """The characters the rest of a he/she tag's sentence names (``she said, as if Katharine
    had challenged her``): not the pronoun, whatever clause they stand in."""
    k = next((j for j, t in enumerate(toks[:4]) if t.low in ("he", "she")), None)
    if k is None:
        return set()
    out = set()
    j = k + 1
    while j < len(toks):
        ids, n = cast.index.match(toks, j) if toks[j].is_word else ([], 0)
        if ids:
            if toks[j - 1].low not in _COPULAS:
                out.update(ids)
            j += n
            continue
        j += 1
    return out


def _kept_silent(toks: list[Token]) -> bool:
    """The sentence ``toks`` says its subject kept silent (``_KEPT_SILENT``)."""
    text = " ".join(map(_text_of, toks))  # (the tokens' texts, at C speed)
    if not _written(text, _KEPT_WORDS):
        return False  # (none of its phrases: the search finds nothing)
    return bool(_KEPT_SILENT.search(text))


# A word of each of ``_KEPT_SILENT``'s phrases (``_written``)
_KEPT_WORDS = ("answer", "reply", "silent", "nothing", "protest", "respond", "only")


def _new_scene(segs, idx: list[int]) -> bool:
    """Does the paragraph of segments ``idx`` open a new scene: a scene break (``* * *``), or
    narration that opens by moving the story on in time (``_TIME_CUE``)?"""
    first = segs[idx[0]]
    if first.kind == model.NARRATION:
        return _TIME_CUE.match(first.text) is not None
    return any(segs[i].kind == model.BREAK for i in idx)


def _conversations(turns: list[_Turn]) -> list[list[_Turn]]:
    """Runs of turns not separated by long narration nor by a new scene (``_Turn.scene``: a
    scene break, or narration that moves on in time, ``In the afternoon, the two elder Miss
    Bennets were able to be for half an hour by themselves``, however short): the talk after it
    does not alternate with the voices before it. A quotation left open goes on across either."""
    convs: list[list[_Turn]] = []
    for t in turns:
        if not convs or ((t.gap > LONG_NARRATION or t.scene) and not t.continues):
            convs.append([])
        convs[-1].append(t)
    return convs


# The speaker of a turn whose tag describes someone the story never names (``replied the
# boy``): a voice of the conversation like any other, but no character (None in the Script).
_ANON = -1


def _left_open(seg: Segment, source: str) -> bool:
    """True when no closing quotation mark follows the quote before its paragraph ends."""
    return not _CLOSING.match(source[seg.end:seg.end + 3])


_CLOSING = re.compile(r"[ \t]*[\"”’'»]")  # (compiled once: ``re.match`` looked it up in its cache per turn)


def _address_scan(toks: list[Token], cast: _Cast) -> tuple[set[int], list[tuple[int, int, int]], set[int]]:
    """Characters named in a quote's tokens, every name used in address, in order:
    (character, token index, tokens used), and those the speaker names as themself."""
    named, vocs, selves = set(), [], set()
    after = 0  # (a name's words name nobody else)
    for k, (ids, n) in cast.index.found(toks).items():
        if k < after:
            continue
        after = k + n
        if _self_named(toks, k, n):
            if len(ids) == 1:
                selves.add(ids[0])
            continue  # "I'm Ralph Denham", "call me Marilla": the speaker's own name, not a listener's
        named.update(ids)
        j = k - 1 if k and toks[k - 1].is_cap and toks[k - 1].low in HONORIFICS else k  # "Calm yourself, Mr. Oakley"
        prev = toks[j - 1].text if j else ""
        nxt = toks[k + n].text if k + n < len(toks) else ""
        if len(ids) == 1 and nxt in {",", "!", "?", ".", ";", "—", "--", ""} \
                and (j == 0 or prev in {",", "!", "?", ".", "—", "--"} or _endearment(toks, j)) \
                and any(t.is_word for t in toks[:j] + toks[k + n:]):
            # (a quote that is nothing but the name answers or exclaims it: "Bingley.")
            vocs.append((ids[0], k, n))
    return named, vocs, selves


# A quote asking the one spoken to for a name of their own ("What name shall I ask for?", "If
# that isn't your name, what is?", "Who are you?"); not someone else's ("What is his name?").
_ASKS_OWN_NAME = re.compile(spaced(r"\b(?:your name|what name|who are you)\b[^?]*\?\W*$"), re.I)
# "That is my name.": the quote before in its paragraph, only a name, is the speaker's own.
_MY_NAME_AFTER = re.compile(spaced(r"\W*(?:that is|that's|that\u2019s|such is|is) my name\b"), re.I)


def _name_only(toks: list[Token], cast: _Cast) -> int | None:
    """The one character a quote names and nothing else (``Mr. Tom Grey,``, ``Tom!``,
    ``Tom Grey, but do call me Cordelia``: the name first, then a stop or a comma)."""
    if not toks or not toks[0].is_cap:
        return None
    ids, n = cast.index.match(toks, 0)
    if len(ids) != 1 or (n < len(toks) and toks[n].text not in {",", "!", ".", ";", "--", "\u2014"}):
        return None
    if n < len(toks) and toks[n].text == "," and any(t.is_word for t in toks[n:]) \
            and not any(t.low in ("but", "and") for t in toks[n + 1:n + 2]):
        return None  # "Tom, come here": a call, not an answer
    return ids[0]


def _self_named(toks: list[Token], k: int, n: int) -> bool:
    """The name at ``toks[k:k + n]`` is how the speaker names themself: ``I am Tom``, ``I'm
    Tom`` (``I m Tom`` where the text lost its apostrophes), ``my name is Tom``, ``call me
    (just plain) Tom``; not ``I am Tom's friend``, ``I am a man`` (a cast's ``A Man``), nor
    ``Tom, I am here``."""
    if not toks[k].is_cap:
        return False  # "I am a man of honour": a description, not a name
    if k + n < len(toks) and toks[k + n].is_word and (toks[k + n].start - toks[k + n - 1].end != 1
                                                      or toks[k + n].low == "s"):
        return False  # "Tom's friend" (the tokens leave out the possessive's ending; "Tom s")
    j = k
    while j > 0 and toks[j - 1].low in ("just", "plain", "simply"):
        j -= 1
    if j == k and j >= 1 and toks[j - 1].low.replace("\u2019", "'") == "i'm":
        return True
    if j == k and j >= 2 and toks[j - 2].text == "I" and toks[j - 1].low in ("am", "m"):
        return True
    if j >= 6 and toks[j - 1].low == "is" and toks[j - 2].text == ",":
        # "my name, sir, is Brownlow": a word or two of address between
        i = next((i for i in range(j - 3, max(j - 6, 1), -1) if toks[i].text == ","), None)
        if i is not None and toks[i - 1].low == "name" and toks[i - 2].low == "my" \
                and all(t.is_word for t in toks[i + 1:j - 2]):
            return True
    return _names_self(toks, j)


def _paragraph_addresses(scans: list[tuple[list[Token], list[tuple[int, int, int]]]]):
    """Who answers a paragraph's quotes and who spoke before them, each as (character, the
    name's words): the one addressed first spoke just before; the last one asked a question
    by name (``Do you play, Miss Bennet?``) answers next, else the one addressed first (a
    name after a comma may be an apposition: ``This is my friend, Dr. Watson.``); and whether
    the one addressed first is asked a question."""
    found, asked = [], []
    for toks, vocs in scans:  # a paragraph's quotes, as _address_scan read them
        for who, k, n in vocs:
            found.append((who, tuple(t.text for t in toks[k:k + n])))
            end = next((j for j in range(k + n, len(toks)) if toks[j].text in SENTENCE_END), len(toks))
            if end < len(toks) and toks[end].text == "?":
                asked.append(found[-1])
    if not found:
        return (None, ()), (None, ()), False
    return found[0], (asked[-1] if asked else found[0]), found[0] in asked


# A quotation inside a quote: "... and Bill said, 'Tom, you are late.' So I came."
_NESTED = re.compile(r"(?<![\w'\u2019])['\u2018](?:(?!\n\n)[^'\u2018\u2019])*?[,.!?;:\u2014-]['\u2019](?!\w)")


def _own_words(text: str) -> str:
    """A quote's text without the quotations it repeats (``Bill said, 'Tom, you are late.'``):
    the names there are someone else's words, not the speaker's address."""
    if "'" not in text and "\u2018" not in text:
        return text  # (no quotation opens)
    return _NESTED.sub(" ", text)


_I_ME_MY = frozenset(("I", "me", "my"))
_text_of = itemgetter(0)  # a token's text


def _family_member(cast: _Cast, who: int, words: tuple[str, ...], here) -> int | None:
    """``Miss Bennet`` said to a Bennet sister when the one the cast calls so is not there:
    a title and family name in address mean the one person of that family, of the title's
    gender and bearing no other title, for whom ``here(character)`` holds."""
    if len(words) < 2 or words[0].lower().rstrip(".") not in HONORIFICS or words[-1] not in cast.surnames[who]:
        return None
    title = words[0].lower().rstrip(".")
    gender = HONORIFICS[title]
    found = [c for c in range(len(cast.chars)) if c != who and words[-1] in cast.surnames[c]
             and (gender is None or cast.gender[c] == gender)
             and not (cast.titles[c] & HONORIFICS.keys()) - {title}
             and here(c)]
    return found[0] if len(found) == 1 else None


def _endearment(toks, k: int) -> bool:
    """``my dear Wickham``, ``Oh, dearest Jane`` at the start of a clause (not ``of my dear X``)."""
    j = k
    while j > 0 and toks[j - 1].low in {"dear", "dearest", "my", "o", "oh"} and k - j < 3:
        j -= 1
    return j < k and (j == 0 or toks[j - 1].text in {",", "!", "?", ".", "—", "--", ";"})


# Words that call the listener without naming them, and the gender they give the listener.
_ADDRESS_WORDS = {"sir": MALE, "papa": MALE, "my lord": MALE, "uncle": MALE,
                  "madam": FEMALE, "ma'am": FEMALE, "mamma": FEMALE, "mama": FEMALE, "my lady": FEMALE,
                  "aunt": FEMALE}
_ADDRESS_WORD = re.compile(r"(?:^|[,;:!?.\u2014-]\s*|\bdear\s+)(" + "|".join(_ADDRESS_WORDS) +
                           r")(?=\s*(?:[,;:!?.\u2014-]|$))", re.I)


def _split_call(body: str, dear: bool = False) -> tuple[re.Pattern, re.Pattern]:
    r"""A case-blind pattern of calls, ``(?:^|[,;:!?.\u2014-]\s*)`` then ``body`` (also
    ``\bdear\s+`` then ``body`` when ``dear``), as two: ``body`` matched at the start of a
    text, and what opens with a mark (or the ``d`` of ``dear``), case-blind after it. The
    second opens with a set of characters, which the search skips to; the first, whose ``^``
    the engine tried at every position, is tried once (``_calls``). The same matches."""
    opening = r"[,;:!?.\u2014dD-](?:(?<=[dD])(?<!\w[dD])(?i:ear)\s+|(?<![dD])\s*)" if dear \
        else r"[,;:!?.\u2014-]\s*"
    return re.compile(body, re.I), re.compile(opening + "(?i:" + body + ")")


def _calls(call: tuple[re.Pattern, re.Pattern], text: str):
    """``finditer`` of the pattern ``_split_call`` split in two: the match at the start, if
    any, then the others after it."""
    first, rest = call
    m = first.match(text)
    if m is None:
        return rest.finditer(text)
    return chain((m,), rest.finditer(text, m.end()))


_ADDRESS_WORD_SPLIT = _split_call(r"(" + "|".join(_ADDRESS_WORDS) + r")(?=\s*(?:[,;:!?.\u2014-]|$))", dear=True)


# Words that call the listener without a name (``"Yes, papa."``, ``"Come, my dear,"``).
_CALLS = re.compile(r"(?:^|[,;:!?.\u2014-]\s*)((?:my\s+)?(?:dear(?:est)?\s+)?(?:sir|ma'am|madam|papa|mamma|mama|"
                    r"father|mother|uncle|aunt|my dear|my love|my boy|my child|my lord|my lady|child|dear|"
                    r"darling))(?=\s*(?:[,;:!?.\u2014-]|$))", re.I)
_CALLS_SPLIT = _split_call(_CALLS.pattern[len(r"(?:^|[,;:!?.\u2014-]\s*)"):])
_FONDLY = {"my", "dear", "dearest", "oh", "o"}
# A word of each of ``_CALLS``'s calls: an ASCII text holding none in lower case has no call
# (``_written``)
_CALL_WORDS = ("sir", "ma'am", "madam", "papa", "mam", "father", "mother", "uncle", "aunt", "dear", "love",
               "boy", "child", "lord", "lady", "darling")


def _written(text: str, words: tuple[str, ...]) -> bool:
    """May a case-blind pattern of calls made of ``words`` match ``text``? No when the text
    is ASCII and holds none of them in lower case (outside ASCII ``re.I`` matches letters
    ``lower`` leaves alone, the long s of ``ſir``: those texts are searched)."""
    if not text.isascii():
        return True
    return any(map(text.lower().__contains__, words))  # (at C speed)


def _address_forms(scans, texts: list[str]) -> frozenset[str]:
    """How a paragraph's quotes call their listener: each name used in address as written,
    with the fond words before it (``miss woodhouse``, ``my dear harriet``), and the words
    that call without a name (``sir``, ``papa``, ``my dear``). People have their own ways of
    calling each other (Harriet's ``Miss Woodhouse`` is Mr. Knightley's ``Emma``): the
    conversation path learns them from the quotes named tags decide (``conversation._style``)."""
    out = set()
    for (toks, vocs), text in zip(scans, texts):
        for _who, k, n in vocs:
            j = k
            while j > 0 and k - j < 3 and toks[j - 1].low in _FONDLY:
                j -= 1
            out.add(" ".join(t.low for t in toks[j:k + n] if t.is_word))
        if not _written(text, _CALL_WORDS):
            continue  # (no call: the search below finds nothing)
        for m in _calls(_CALLS_SPLIT, text.replace("\u2019", "'")):
            out.add(" ".join(m.group(1).lower().split()))
    return frozenset(out)


# A child calling a parent (``"Oh, mamma, ..."``, ``"Yes, papa."``): the parent's gender.
_PARENT_WORDS = {"mamma": FEMALE, "mama": FEMALE, "mother": FEMALE, "ma": FEMALE,
                 "papa": MALE, "father": MALE, "pa": MALE}
_PARENT_CALL = re.compile(r"(?:^|[,;:!?.\u2014-]\s*)(?:[Oo]h?,?\s+)?(?:my\s+)?(?:dear(?:est)?\s+)?(" +
                          "|".join(_PARENT_WORDS) + r")(?=\s*(?:[,;:!?.\u2014-]|$))", re.I)
_PARENT_CALL_SPLIT = _split_call(_PARENT_CALL.pattern[len(r"(?:^|[,;:!?.\u2014-]\s*)"):])


def _parent_called(text: str) -> str | None:
    """The gender of the parent a turn's words call (``"Oh, mamma, ..."``, ``"Yes, papa."``,
    ``"Ma, we'll go"``), when they call one; None when they call none, or both."""
    return _gender_called(text, _PARENT_CALL_SPLIT, _PARENT_WORDS)


def _parent_of(cast: _Cast, child: int, gender: str, here=None) -> int | None:
    """The one character who is ``child``'s mother (father) by the names: of that gender, a
    Mrs. (Mr.), and of the child's family (``Mrs. Bennet`` for ``Elizabeth Bennet``); for a
    child the names give no family, the one such Mrs. (Mr.) for whom ``here(character)``
    holds (named in the scene)."""
    title = "mrs" if gender == FEMALE else "mr"
    family = cast.surnames[child]
    found = [c for c in range(len(cast.chars)) if c != child and cast.gender[c] == gender
             and title in cast.titles[c] and (family & cast.surnames[c] if family else here is not None and here(c))]
    return found[0] if len(found) == 1 else None


def _addressed_gender(text: str) -> str | None:
    """The listener's gender when the words call them by a title alone (``"Yes, sir."``,
    ``"Indeed, ma'am,"``, ``"my dear aunt,"``); None when they do not, or call both."""
    if not _written(text, _ADDRESS_KEYS):
        return None  # (no title: the search finds nothing)
    return _gender_called(text, _ADDRESS_WORD_SPLIT, _ADDRESS_WORDS)


# A word of each of ``_ADDRESS_WORDS`` (``_written``)
_ADDRESS_KEYS = ("sir", "papa", "lord", "uncle", "madam", "ma'am", "mam", "lady", "aunt")


def _gender_called(text: str, call, words: dict[str, str]) -> str | None:
    """The one gender of the ``words`` that ``call`` (a pattern, or one ``_split_call`` split)
    finds in ``text``; None for none or both.
    The word is case-folded, not lower-cased: a case-blind search also finds ``ſir`` (long s)."""
    text = text.replace("\u2019", "'")
    found = {words[m.group(1).casefold()] for m in (
        _calls(call, text) if isinstance(call, tuple) else call.finditer(text))}
    return found.pop() if len(found) == 1 else None


def _inside_sentence(toks: list[Token]) -> bool:
    """Does the narration ``toks`` run on into the quote after it, its sentence unended?"""
    last = next((t for t in reversed(toks) if t.text not in ("\"", "\u201c", "\u201d", "'")), None)
    return last is not None and last.text not in SENTENCE_END


def _nearest_subject(sent: list[Token], sal, addressed: set[int]) -> int | None:
    """The character the salience record last took for a subject in ``sent``, when that one acts
    nearest the words the sentence runs on into: no he/she nor clause break after the name (``and
    she drew herself up and said,``; ``...; the former continued``), and the name no object
    (``his last words to Emma were``, ``the very Jane he had fixed on``)."""
    lo, hi = sent[0].start, sent[-1].end
    i = bisect.bisect_left(sal.events, (hi + 1,))
    for off, who, subj in reversed(sal.events[max(0, i - 30):i]):
        if off < lo:
            return None
        if not subj or who in addressed:
            continue
        k = next((k for k, t in enumerate(sent) if t.start == off), None)
        if k is None or (k and sent[k - 1].low in (_PREPOSITIONS - {"by"}) | {"the", "very", "a", "an"}) \
                or any(t.low in ("the", "a", "an") for t in sent[max(0, k - 2):k]):
            return None  # ("said to the bewildered Syme": a description, the one spoken to)
        rest = sent[k + 1:]
        if any(t.low in SUBJECT_PRONOUNS or t.text in (";", ":", "--", "\u2014") for t in rest):
            return None
        return who
    return None


def _named_after(sent: list[Token], who: int, other: int, sal) -> bool:
    """Is ``who`` named in ``sent`` after the last mention there of ``other``?"""
    lo, hi = sent[0].start, sent[-1].end
    last = lambda c: max((o for o in sal.offsets.get(c, ()) if lo <= o <= hi), default=-1)
    return last(who) > last(other)
