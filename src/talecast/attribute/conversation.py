"""Rule 9, ``conv``: the open turns of a conversation decided again over the whole conversation
at once (Viterbi over the last two voices).

9. ``conv``: the turns that 7 and 8 filled, those 6 gave to the one called on
   in the turn before, and those 5 gave to the speaker before after a silence or
   an answer told (read from neighbours that were guesses too), are decided again
   over the whole conversation at once: the sequence of speakers that agrees best
   with all its evidence (named tags weigh most; pronoun tags and narrated subjects
   less, an actor alone half as much again (the one acting beside a quote is often
   the listener), and a pronoun or description tag not against the other characters it may
   mean; nobody speaks a quote that names them; someone called on answers, and
   one the next turn calls by name, not asking a question, spoke before it (not a
   first-person narrator; half as likely with narration between);
   ``"Yes, sir."``/``"Indeed, ma'am."`` answer a man/a woman; ``"Yes, papa."``
   is said by a child of the voice answered (the one Mr. of the speaker's family); a bare quote
   that calls its listener (``"Yes, papa."``, ``"my dear Harriet"``) is read
   against who calls their listener so in the story's named turns, as often as
   each voice speaks there (``_Address``: towards the voice that calls so, away
   from one that never does); a bare quote that names its speaker (``"I'm
   Tom"``, ``"call me Tom"``) is that voice's; the
   last two voices alternate, one voice goes on more easily after narration (also
   after a turn whose own paragraph goes on telling for 150 characters after its
   quotes, and before a turn whose own paragraph tells for 150 characters before its
   first quote; after an answer without words, ``Tom nodded.``, the one answered goes on, unless
   the next turn's pronoun tag says the one who nodded speaks: the gesture led into his
   words), a third voice joins at a cost), so that one wrong or missing anchor does not set
   the phase of every later turn. A talk parted by up to 1,500 characters of narration (not
   by a new scene: ``In the afternoon, ...``) goes on when one of its last two voices opens
   the next conversation with a decided turn
   (``"You speak too plain," whispered Emma``): the other one answers, not someone only
   named in the narration. Where two sequences agree equally well, what 6,
   7 and 8 chose stands; where the path's pick for such a turn beats the voice of the turn
   two before by less than 0.3 points, that voice takes it (A-B-A read forwards: the one who
   joins a talk joins at the turn that names them, not the bare turn before it).
"""
from __future__ import annotations

import math
from collections import Counter

from .names import UNKNOWN
from .cast import _Cast
from .salience import _Salience
from .turns import LONG_NARRATION, _ANON, _Turn, _parent_of


# Weights of the evidence a conversation's turns give for who speaks when (log-odds-like points).
_W_NAMED = 8.0       # a speech tag names the speaker
_W_WEAK = 2.0        # a pronoun or description tag
_W_ACTOR = 1.0       # the subject acting beside the quote, alone: half as much (often the listener)
_W_NARRATED = 2.0    # the subject of the narration before
_W_ADDRESSED = 4.0   # the quote names someone: not its speaker
_W_CALLED = 2.5      # the turn before addressed someone: that one answers
_W_ANSWERED = 2.0    # the turn after addresses someone: that one spoke before it (half after narration)
_W_SAME = 2.0        # the speaker of the turn just before speaks again (half that after narration)
_W_GOES_ON = 3.0     # ... after silence or in thoughts: likely
_W_ALTERNATE = 1.0   # turns alternate between the last two voices
_W_NEWCOMER = 1.0    # a third voice takes the turn
_W_JOINS = 0.5       # someone named in the narration since the turn before
_W_LISTENER = 4.0    # the quote calls its listener "sir" or "ma'am": the voice answered is of that gender
_W_PARENT = 4.0      # a bare quote calls its listener "papa" or "mamma": said by a child of the voice answered
_W_HINT = 0.1        # the speaker turn-taking or salience chose for a turn no rule decided
_W_STYLE = 1.0       # per point of a bare quote's way of calling its listener (``_Address``)
_STYLE_K = 4.0       # ... P(voice | form) shrunk towards P(voice) by this many turns' worth
_STYLE_CLIP = 2.0    # ... and bounded, per form
_STYLE_MIN = 2       # ... for voices that speak in at least this many named turns
_MAX_VOICES = 8
_W_SELF = 6.0        # a bare quote names its speaker ("I'm Tom", "call me Tom"): more than a
                     # newcomer joining and the pair's other voice coming back cost (2 + 2)
_CARRY_GAP = 1500     # characters of narration over which a talk goes on (``before``)
_FORWARD_TIE = 0.3   # a bare turn's pick beats the voice of the turn two before by less: that voice
_TOLD_GAP = 150      # characters of narration after the quotes of the turn before, in its own
                     # paragraph, that count as narration between the two turns


def _conversation_path(conv: list[_Turn], cast: _Cast, sal: _Salience,
                       fixed: list[bool], scores: list | None = None,
                       before: tuple = (None, None)) -> list[int | None]:
    """Who speaks each turn of a conversation, decided over the whole run of turns at once.

    ``fixed`` marks the turns rules 1-6 decided; their speakers are evidence (a tag that
    names someone weighs most; a pronoun tag, an actor or a narrated subject less). So are
    names in a quote (not its speaker), someone addressed in the turn before (likely to
    answer) or in the turn after (likely to have spoken before it), a title alone in address
    (``"Yes, sir."``: the one answered is a man), someone named in the narration since the
    turn before, and, as a mere
    tie-breaker, what turn-taking or salience chose. Between turns the voices alternate
    between the last two distinct ones; the same voice goes on at a cost (half of it after
    narration, none after silence, in thoughts or in a story told on, ``_Turn.tells_on``, and
    a quotation continued keeps its voice), and a third voice joins at a cost (half of it when
    called on by name). The
    speakers with the best total over the whole conversation win (Viterbi over the last
    two distinct voices), so one wrong or missing anchor does not set the phase of every
    later turn. None for every turn when no turn is fixed or fewer than two voices are
    at hand. ``scores``, when a list, receives for each turn the best total of a whole
    path that gives the turn each voice ({voice: score}): how contested the turn is.

    ``before``: the last two voices of the conversation just before (the other one, the
    last one). When at most ``_CARRY_GAP`` characters of narration part the two, no new scene
    opens this one (``_Turn.scene``: a scene break, ``The next morning``), and a named
    or otherwise decided turn of one of that pair opens this one (``"You speak too plain,"
    whispered Emma``), the talk goes on: the pair's alternation carries over the narration,
    and the other one of the pair, not someone only named, is the likely partner.
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
        for w in t.selves:
            add(w)
    for t in conv:  # whom turn-taking and salience chose
        add(t.speakers[-1])
    carried = conv[0].gap <= _CARRY_GAP and not conv[0].scene and fixed[0] and before[1] is not None \
        and conv[0].speakers[0] in before
    if carried:  # one of the two talking before the narration opens the talk again
        add(before[1])
        add(before[0])
    for w in sal.recent(conv[0].start, 2):
        add(w)
    voices = voices[:_MAX_VOICES]
    if len(voices) < 2:
        return [None] * len(conv)

    decided: dict[int, tuple] = {}  # turn -> ``_decided``'s reading of it, made once per turn

    def evidence(k: int, c: int) -> float:
        t = conv[k]
        if fixed[k]:
            d = decided.get(k)
            if d is None:
                d = decided[k] = _decided_parts(t)
            score = _decided_score(d, c)
        else:  # what turn-taking or salience chose: a hint that settles ties
            score = _W_HINT if c == t.speakers[-1] else 0.0
            score += t.style.get(c, 0.0)  # the voice that calls its listener so
            if c in t.selves:
                score += _W_SELF
        if t.continues:
            return score  # a quotation taken up again: who speaks was settled where it began
        if c in t.addressed or c == t.vocative:
            score -= _W_ADDRESSED
        if k > 0 and t.gap < LONG_NARRATION:
            prev = conv[k - 1]
            if prev.vocative is not None and c == prev.vocative:
                score += _W_CALLED
            if _between(t, prev) and sal.named_since(c, prev.start + 1, t.start) and c not in prev.speakers:
                score += _W_JOINS
        if k + 1 < len(conv) and conv[k + 1].gap < LONG_NARRATION and not conv[k + 1].continues:
            # read backwards: the one the next turn calls by name (not to ask them a question)
            # is likely the one it answers; not a first-person narrator, whom companions name
            # whoever spoke last
            nxt = conv[k + 1]
            if c == nxt.first_vocative and c != cast.narrator and not nxt.first_asked:
                score += _W_ANSWERED / (2 if _between(nxt, t) else 1)
        return score

    def evidence_row(k: int) -> list[float]:
        """``[evidence(k, c) for c in voices]``: what does not depend on the voice read once,
        each voice's terms added in ``evidence``'s order (the same floats)."""
        t = conv[k]
        if fixed[k]:
            d = decided.get(k)
            if d is None:
                d = decided[k] = _decided_parts(t)
            out = [_decided_score(d, c) for c in voices]
        else:  # what turn-taking or salience chose: a hint that settles ties
            hinted, style, selves = t.speakers[-1], t.style, t.selves
            out = []
            for c in voices:
                score = _W_HINT if c == hinted else 0.0
                score += style.get(c, 0.0)  # the voice that calls its listener so
                if c in selves:
                    score += _W_SELF
                out.append(score)
        if t.continues:
            return out  # a quotation taken up again: who speaks was settled where it began
        addressed, vocative = t.addressed, t.vocative
        called = prev = answered = None
        joins = False
        if k > 0 and t.gap < LONG_NARRATION:
            prev = conv[k - 1]
            called = prev.vocative
            joins = bool(_between(t, prev))
        if k + 1 < len(conv) and conv[k + 1].gap < LONG_NARRATION and not conv[k + 1].continues:
            nxt = conv[k + 1]
            if nxt.first_vocative != cast.narrator and not nxt.first_asked:
                answered = nxt.first_vocative
                answer = _W_ANSWERED / (2 if _between(nxt, t) else 1)
        for i, c in enumerate(voices):
            score = out[i]
            if c in addressed or c == vocative:
                score -= _W_ADDRESSED
            if prev is not None:
                if called is not None and c == called:
                    score += _W_CALLED
                if joins and c not in prev.speakers and sal.named_since(c, prev.start + 1, t.start):
                    score += _W_JOINS
            if answered is not None and c == answered:
                score += answer
            out[i] = score
        return out

    parents: dict = {}

    def parent(c: int, gender: str) -> int | None:
        if (c, gender) not in parents:
            parents[(c, gender)] = _parent_of(cast, c, gender) if c != _ANON else None
        return parents[(c, gender)]

    def link(k: int, a: int | None, b: int, c: int) -> float:
        score = taking(k, a, b, c)
        t = conv[k]
        if t.parent_call is not None and not fixed[k] and not t.continues:
            # "Yes, papa.": said by a child of the one answered (the voice before, or the other
            # voice when the same one goes on)
            heard = b if c != b else a
            if heard is not None and heard == parent(c, t.parent_call):
                score += _W_PARENT
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
        goes_on = (t.after_silence and t.gesturer != b and not _gesture_leads_in(t)) \
            or (t.inner and prev.inner) or (t.reporter is not None and t.reporter != b) \
            or t.tells_on  # an answer told; a story told on
        if c == b:  # narration between lets one go on more easily
            return _W_GOES_ON if goes_on else -_W_SAME / (2 if _between(t, prev) else 1)
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
    # With ``_SHARE_LINKS`` a state is the number ``_state(a, b, n)`` (an int hashes and compares
    # at once, a pair is hashed again at every look-up); ``st_last``/``st_other`` read b and a back.
    # The states are made and met in the same order, so every tie goes as with the pairs.
    if _SHARE_LINKS:
        pair = lambda a, b: _state(a, b, n)  # noqa: E731
        st_other = [None] * n + [a for a in range(n) for _ in range(n)]
        st_last = [b for _ in range(n + 1) for b in range(n)]
    else:
        pair = lambda a, b: (a, b)  # noqa: E731
    best = {pair(None, c): evidence(0, voices[c]) for c in range(n)}
    if carried and before[1] in voices:
        # the state the talk before the narration left: the one who spoke last, the other
        # one before; the other one speaking now alternates (at half the weight: narration came
        # between), and the one who spoke last goes on
        pb = voices.index(before[1])
        pa = voices.index(before[0]) if before[0] in voices else None
        best = {}
        for c in range(n):
            if c == pb:
                best[pair(pa, c)] = evidence(0, voices[c])
            elif c == pa:
                best[pair(pb, c)] = evidence(0, voices[c]) + _W_ALTERNATE / 2
            else:
                best[pair(None, c)] = evidence(0, voices[c])
    back: list[dict] = [{}]
    alphas, steps = [best], [[]]
    pairs = [[pair(b, c) for c in range(n)] for b in range(n)]
    voice_ids = range(n)
    for k in range(1, len(conv)):
        ev = evidence_row(k) if _SHARE_LINKS else [evidence(k, voices[c]) for c in range(n)]
        t = conv[k]
        told = voices.index(t.reporter) if t.reporter in voices else None
        # link(k, a, b, b) reads a only for the listener a "papa" or a "sir" calls, link(k, a, b, a)
        # (a not b) only for the parent a "papa" calls: otherwise each is one value per b, made once
        same_a = not _SHARE_LINKS or not t.continues and (
            t.to_gender is not None or (t.parent_call is not None and not fixed[k]))
        back_a = not _SHARE_LINKS or not t.continues and t.parent_call is not None and not fixed[k]
        same: dict = {}
        alter: dict = {}
        # link(k, a, b, c) for each voice c but b and a reads a only as there or not (None): one
        # row for each b and each of the two, the entries of c == b and c == a read for each a
        rows: dict[int, list] = {}  # (by b, or b + n when there is no voice a)
        if _SHARE_LINKS:  # link's terms read once per turn (and per last voice b), not per call
            fast = _TurnLinks(t, conv[k - 1], fixed[k], voices, cast, parent)
            cont, goes, off, pcall, same_base = fast.cont, fast.goes, fast.off, fast.pcall, fast.same_base
            gender = cast.gender
        new, came, step = {}, {}, []
        new_get, step_add = new.get, step.append if scores is not None else None
        for state, score in best.items():
            a, b = (st_other[state], st_last[state]) if _SHARE_LINKS else state
            va = voices[a] if a is not None else None
            vb = voices[b]
            row = rows.get(b if va is not None else b + n)
            if row is None:
                if _SHARE_LINKS:
                    row = rows[b if va is not None else b + n] = fast.row(b, va is None)
                else:
                    other = None if va is None else _SOMEONE
                    row = rows[b if va is not None else b + n] = [link(k, other, vb, voices[c]) if c != b else 0.0
                                                   for c in range(n)]
            row = row.copy()
            key = state if same_a else b
            r = same.get(key)
            if r is None:
                if not _SHARE_LINKS:
                    r = link(k, va, vb, vb)
                elif cont:
                    r = 0.0
                else:  # link(k, a, b, b), its terms added as ``link`` adds them
                    r = _W_GOES_ON if goes[b] else same_base
                    if pcall is not None and va is not None and va == parent(vb, pcall):
                        r += _W_PARENT
                    if off is not None and va not in (None, _ANON) and gender[va] not in off:
                        r -= _W_LISTENER
                same[key] = r
            row[b] = r
            if a is not None and a != b:
                key = state if back_a else b
                r = alter.get(key)
                if r is None:
                    if not _SHARE_LINKS:
                        r = link(k, va, vb, va)
                    elif cont:
                        r = -_W_NAMED * 4
                    else:  # link(k, a, b, a)
                        r = -_W_GOES_ON if goes[b] else _W_ALTERNATE
                        if pcall is not None and vb == parent(va, pcall):
                            r += _W_PARENT
                        if off is not None and vb != _ANON and gender[vb] not in off:
                            r -= _W_LISTENER
                    alter[key] = r
                row[a] = r
            keys = pairs[b].copy()  # the state after each voice c: (b, c) when c is not b
            # the same voice again leaves the pair, unless the answer told in the narration was
            # the other voice's turn
            keys[b] = pair(told, b) if told is not None and told != b else state
            if _SHARE_LINKS:  # the state's steps kept as one row: (state, keys, increases)
                incs = []
                inc_add = incs.append
                for key, r, e in zip(keys, row, ev):
                    s = score + r + e
                    inc_add(s - score)
                    if s > new_get(key, _NONE_YET):
                        new[key] = s
                        came[key] = state
                if step_add is not None:
                    step_add((state, keys, incs))
                continue
            for c, key, r, e in zip(voice_ids, keys, row, ev):
                s = score + r + e
                if step_add is not None:
                    step_add((state, key, s - score))
                old = new_get(key)
                if old is None or s > old:
                    new[key], came[key] = s, (state, c)
        best = new
        back.append(came)
        alphas.append(best)
        steps.append(step)
    if scores is not None:
        if _SHARE_LINKS:
            _max_marginals_rows(alphas, steps, [voices[b] for b in st_last], scores)
        else:
            _max_marginals(alphas, steps, voices, scores)
    key = max(best, key=best.get)
    path = [st_last[key] if _SHARE_LINKS else key[1]]
    for k in range(len(conv) - 1, 0, -1):
        key = back[k][key]
        if not _SHARE_LINKS:
            key = key[0]  # (the state before, the voice)
        path.append(st_last[key] if _SHARE_LINKS else key[1])
    return [voices[c] for c in reversed(path)]


def _state(a: int | None, b: int, n: int) -> int:
    """The state (a, b) of ``_conversation_path`` (b the last voice, a the other one before it
    or None) as one number: b for (None, b), (a + 1) * n + b else."""
    return b if a is None else (a + 1) * n + b


class _TurnLinks:
    """What ``link(k, a, b, c)`` reads of turn ``k`` (``t``, after ``prev``), read once for the
    turn: whether it continues a quotation, whether a voice goes on easily after each last voice
    b (``goes``), the genders a "sir" or "ma'am" rules out for the one answered (``off``), the
    parent a "papa" calls (``pcall``), and the cost of the same voice again. The terms are added
    in ``link``'s order, so each link is the same float."""

    __slots__ = ("t", "prev", "voices", "cast", "parent", "cont", "goes", "off", "pcall", "same_base", "newcomer")

    def __init__(self, t: _Turn, prev: _Turn, fixed: bool, voices: list[int], cast: _Cast, parent):
        self.t, self.prev, self.voices, self.cast, self.parent = t, prev, voices, cast, parent
        self.cont = t.continues
        self.goes = self.off = self.pcall = self.same_base = self.newcomer = None
        if self.cont:
            return
        # ``taking``'s goes_on for each last voice b
        silent = t.after_silence and not _gesture_leads_in(t)
        common = (t.inner and prev.inner) or t.tells_on
        rep = t.reporter
        self.goes = [(silent and t.gesturer != v) or common or (rep is not None and rep != v) for v in voices]
        self.off = (t.to_gender, UNKNOWN) if t.to_gender is not None else None
        self.pcall = t.parent_call if t.parent_call is not None and not fixed else None
        self.same_base = -_W_SAME / (2 if _between(t, prev) else 1)

    def row(self, b: int, none: bool) -> list[float]:
        """link(k, a, b, c) for each voice c but b (0.0 there), a None or any voice but c."""
        voices = self.voices
        n = len(voices)
        if self.cont:
            row = [-_W_NAMED * 4] * n
            row[b] = 0.0
            return row
        if self.goes[b]:
            row = [-_W_GOES_ON] * n
        elif none:
            row = [0.0] * n
        else:
            if self.newcomer is None:
                called = self.prev.vocative
                self.newcomer = [-_W_NEWCOMER / 2 if v == called else -_W_NEWCOMER for v in voices]
            row = self.newcomer.copy()
        vb = voices[b]
        if self.pcall is not None:
            parent, pcall = self.parent, self.pcall
            for c in range(n):
                if c != b and vb == parent(voices[c], pcall):
                    row[c] += _W_PARENT
        if self.off is not None and vb != _ANON and self.cast.gender[vb] not in self.off:
            for c in range(n):
                if c != b:
                    row[c] -= _W_LISTENER
        row[b] = 0.0
        return row


_SOMEONE = object()  # a voice before the last that is none of the voices (``_conversation_path``)
_SHARE_LINKS = True  # ``_conversation_path`` shares link(k, a, b, b) and link(k, a, b, a) between the a's
                     # they do not read (False: each state's own, the plain computation; a test compares)


def _gesture_leads_in(t: _Turn) -> bool:
    """The gesture told just before turn ``t`` (``The detective nodded again.``) is its own
    speaker's, as its pronoun tag says (``"I think I have a clue," he said``): it leads into
    the words, it is no answer without words after which the speaker before goes on."""
    weak = _weak_tag(t) if t.gesturer is not None else None
    return weak is not None and weak.pronoun and t.speakers[0] == t.gesturer


def _between(t: _Turn, prev: _Turn) -> int:
    """Narration between turn ``t`` and the turn before it, ``prev``: paragraphs of it, and
    ``prev``'s own paragraph going on telling for ``_TOLD_GAP`` characters or more after its
    quotes (``"No," said Anna. She rose, and walked slowly to the window, ...``)."""
    return t.gap + (prev.told_after if prev.told_after >= _TOLD_GAP else 0)


class _Address:
    """Who calls their listener how (``papa``, ``my dear Harriet``, ``Miss Woodhouse``,
    ``sir``), learned from the turns a tag naming the speaker decided (one voice each):
    for each way of calling, who uses it, read against how often each voice speaks in such
    turns, so that a way many people use says little and one a single voice uses says much
    (Harriet's ``Miss Woodhouse`` is Mr. Knightley's ``Emma``)."""

    def __init__(self, turns: list[_Turn]):
        self.by: dict[str, Counter] = {}    # form -> speakers
        self.spoke: Counter = Counter()     # voice -> turns a named tag decided
        for t in turns:
            who = _named(t)
            if who is None:
                continue
            self.spoke[who] += 1
            for f in t.forms:
                self.by.setdefault(f, Counter())[who] += 1
        self.total = sum(self.spoke.values())

    def speaker(self, forms, c: int) -> float:
        """How much the ways a bare turn calls its listener tell for (or against) ``c``
        speaking it: the sum over its forms of log(P(c | form) / P(c)), P(c | form) shrunk
        towards P(c) by ``_STYLE_K`` turns' worth and bounded by ``_STYLE_CLIP``; nothing for
        a voice that speaks in fewer than ``_STYLE_MIN`` named turns (its ways are unknown)."""
        if self.spoke[c] < _STYLE_MIN:
            return 0.0
        prior = self.spoke[c] / self.total
        out = 0.0
        for f in forms:
            counts = self.by.get(f)
            if not counts:
                continue
            post = (counts[c] + _STYLE_K * prior) / (sum(counts.values()) + _STYLE_K)
            out += max(-_STYLE_CLIP, min(_STYLE_CLIP, math.log(post / prior)))
        return out


def _named(t: _Turn) -> int | None:
    """The one voice a tag naming the speaker decided for turn ``t``, if one did."""
    voices = set(t.speakers)
    if len(voices) != 1 or None in voices or _ANON in voices:
        return None
    if any(r == "tag" and ref is not None and ref.certain for r, ref in zip(t.rules, t.tags)):
        return t.speakers[0]
    return None


def _style_hints(conv: list[_Turn], fixed: list[bool], model: _Address) -> None:
    """A turn no rule decided that calls its listener (``"Yes, papa."``) gets, for each voice
    of the story, how much its ways of calling tell for or against that voice (``_Address``):
    ``style``, added to its evidence in the path."""
    for t, f in zip(conv, fixed):
        t.style = {}
        if f or not t.forms:
            continue
        for who in model.spoke:
            w = model.speaker(t.forms, who)
            if w:
                t.style[who] = _W_STYLE * w


def _max_marginals(alphas: list[dict], steps: list[list], voices: list[int], scores: list) -> None:
    """For each turn, the best total of a path through each voice (forward plus backward)."""
    beta = {s: 0.0 for s in alphas[-1]}
    betas = [beta]
    for k in range(len(alphas) - 1, 0, -1):
        prev: dict = {}
        for s_prev, key, inc in steps[k]:
            after = beta.get(key)
            if after is not None:
                v = inc + after
                if v > prev.get(s_prev, _NONE_YET):
                    prev[s_prev] = v
        beta = prev
        betas.append(beta)
    betas.reverse()
    _per_voice(alphas, betas, voices, scores)


_NONE_YET = float("-inf")


def _per_voice(alphas: list[dict], betas: list[dict], voices: list[int], scores: list) -> None:
    """Each turn's best total through each voice, the forward (``alphas``) plus the backward
    (``betas``) best of its states (pairs (a, b)), appended to ``scores``."""
    for alpha, beta in zip(alphas, betas):
        turn: dict[int, float] = {}
        for state, a in alpha.items():
            if state in beta:
                w = voices[state[1]]
                turn[w] = max(turn.get(w, _NONE_YET), a + beta[state])
        scores.append(turn)


def _max_marginals_rows(alphas: list[dict], steps: list[list], voices: list[int], scores: list) -> None:
    """``_max_marginals`` from the steps kept as one row per state, (state, the state after
    each voice, the increase of each): the same sums, each state's best the largest (the first
    of equals). Every state after a step is one the next turn starts from, so each has a total
    after it. ``voices``: each state's last voice, by the state's number (``_state``)."""
    beta = {s: 0.0 for s in alphas[-1]}
    betas = [beta]
    for k in range(len(alphas) - 1, 0, -1):
        prev: dict = {}
        for s_prev, keys, incs in steps[k]:
            top = _NONE_YET
            for key, inc in zip(keys, incs):
                v = inc + beta[key]
                if v > top:
                    top = v
            prev[s_prev] = top
        beta = prev
        betas.append(beta)
    betas.reverse()
    # each turn's best total through each voice, as ``_per_voice`` adds them for pairs: every state has
    # a total after it (above), so the look-up in ``beta`` always finds one, and ``v > best``
    # keeps a voice's first total on a tie, as ``max(best, v)`` does (no total is NaN)
    for alpha, beta in zip(alphas, betas):
        turn: dict[int, float] = {}
        turn_get = turn.get
        for state, a in alpha.items():
            v = a + beta[state]
            w = voices[state]
            if v > turn_get(w, _NONE_YET):
                turn[w] = v
        scores.append(turn)


def _decided(t: _Turn, c: int) -> float:
    """Evidence from what rules 1-6 decided for turn ``t`` that ``c`` speaks it: a tag naming
    the speaker is nearly certain; a pronoun or description tag, an actor or a narrated
    subject much less so. A pronoun or a description tells against the voices it cannot
    mean, not against the other characters it may mean (``"Yes," she said``: whichever
    woman at hand; which one the turns decide)."""
    return _decided_score(_decided_parts(t), c)


def _decided_score(parts: tuple, c: int) -> float:
    """``_decided`` for voice ``c`` from the turn's ``_decided_parts``."""
    last, certain, w, cands = parts
    if certain:
        return _W_NAMED if c == last else -_W_NAMED
    if c == last:
        return w
    return 0.0 if cands is not None and c != _ANON and c in cands else -w


def _decided_parts(t: _Turn) -> tuple:
    """What ``_decided`` reads of turn ``t`` for any voice, read once for all of them: the voice
    the next turn answers, whether a tag names the speaker, the clue's weight, and the
    candidates of the weak tag that alone decided it (None if none)."""
    for last in reversed(t.speakers):  # the last voice known (a decided turn has one)
        if last is not None:
            break
    else:
        raise ValueError("a decided turn with no speaker")
    for r, ref in zip(t.rules, t.tags):
        if r == "tag" and ref is not None and ref.certain:  # a tag names the speaker
            return last, True, 0.0, None
    weak = _weak_tag(t)
    return last, False, _clue_weight(t), weak.cands if weak is not None else None


def _clue_weight(t: _Turn) -> float:
    """How much the clue that decided turn ``t`` (no tag naming the speaker) weighs: an
    actor or a narrated subject alone, or a pronoun or description tag."""
    rules = set(t.rules) - {"paragraph"}
    if rules == {"actor"}:
        return _W_ACTOR
    if rules == {"narrated"}:
        return _W_NARRATED
    return _W_WEAK


def _weak_tag(t: _Turn):
    """The pronoun or description tag (not a relative: ``her mother``) that alone decided
    turn ``t``, if one did."""
    refs = [ref for r, ref in zip(t.rules, t.tags) if r == "tag"]
    if len(refs) != 1 or refs[0] is None or refs[0].certain or refs[0].kin \
            or not set(t.rules) <= {"tag", "paragraph"}:
        return None
    return refs[0]


_FROM_NEIGHBOURS = {"turns", "salient", "vocative", "silence", "reported"}


def _agreeing_recency(conv: list[_Turn], scores: list, sal: _Salience) -> bool:
    """A pronoun tag that took its first candidate, a subject named earlier (``subjects
    first``), over a second one named since, goes to that second one when the conversation
    path, pronoun tag and all, gives it a total at least as good: recency and the turns agree
    against the subject. Likewise a tag that passed over its first candidate for the turn-taking
    (``sieve._decide_tags``) gives it back when the path gives that one a total at least as good.
    Returns whether a turn changed (the path is then read again)."""
    changed = False
    for k, t in enumerate(conv):
        if k >= len(scores):
            break
        for n, ref in enumerate(t.tags):
            if ref is None or not ref.pronoun or len(ref.cands) < 2 or t.rules[n] != "tag":
                continue
            if t.stages.get(n) == "passed-over" and t.speakers[n] != ref.cands[0]:
                first, second = t.speakers[n], ref.cands[0]
            elif t.stages.get(n) == "latest" and t.speakers[n] == ref.cands[0]:
                first, second = ref.cands[0], ref.cands[1]
                if next((w for w in sal.recent(t.start, 12) if w in (first, second)), None) != second:
                    continue  # the first candidate was named last: recency is on its side
            else:
                continue
            if first not in scores[k] or second not in scores[k] or scores[k][second] < scores[k][first]:
                continue
            for m in range(n, len(t.quotes)):
                if m == n or (t.rules[m] == "paragraph" and t.speakers[m] == first):
                    t.speakers[m] = second
            t.stages[n] = "path-agrees"
            changed = True
    return changed


def _forward_ties(conv: list[_Turn], scores: list) -> None:
    """A turn the path decided (one that alternation or salience filled) whose pick beats the
    voice of the turn two before by less than ``_FORWARD_TIE`` (a near tie: A-B-? where the
    path's pick is C only by a hair, ``C`` being the voice a later turn brings in) goes to that
    voice: A-B-A read forwards. Where the path's total for its pick and for the alternation
    forwards are this close, the alternation is right about twice as often (the one who joins
    a talk joins at the turn that names them, not the turn before it). Not for one spoken to
    in the turn, nor when the pick is the one the turn before called on or one the quote
    names as its speaker, nor in a quotation taken up again."""
    for k, t in enumerate(conv):
        if k < 2 or k >= len(scores) or t.continues or not set(t.rules) <= _FROM_NEIGHBOURS | {"conv"}:
            continue
        a, b, who = conv[k - 2].speakers[-1], conv[k - 1].speakers[-1], t.speakers[-1]
        if a in (None, _ANON) or who in (None, _ANON) or b is None or a == b or who == a \
                or a in t.addressed or a == t.vocative or who == conv[k - 1].vocative or who in t.selves:
            continue  # (one the turn before called on answers it; "I am Tom" is Tom's)
        if a in scores[k] and who in scores[k] and scores[k][who] - scores[k][a] < _FORWARD_TIE:
            t.speakers = [a] * len(t.quotes)
            t.rules = ["conv"] * len(t.quotes)


def _fill_from_path(conv: list[_Turn], path: list[int | None]) -> None:
    """Turns that alternation or salience filled, that went to the one called on in the turn
    before (a guess: the path weighs the call with everything else), or to the speaker before
    or after a silence or an answer told (read from a neighbour that may itself have been a
    guess the path since decided otherwise; the path weighs the silence too), take the speaker
    of the conversation's best path."""
    for t, who in zip(conv, path):
        if t.speaker == _ANON:
            continue  # between turns of people the story does not name: one of them (not a voice the path knows)
        if set(t.rules) <= _FROM_NEIGHBOURS and who is not None and who not in t.addressed | {t.vocative} \
                and t.speakers != [who] * len(t.quotes):
            t.speakers = [who] * len(t.quotes)
            t.rules = ["conv"] * len(t.quotes)
