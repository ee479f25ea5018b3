"""Clues in the narration around quotes, besides tags: the subject acting beside a quote
(``_actor``), one the words leave (``_emitter``), the one spoken to (``_listener``), the
subject of the narration before a bare quote (``_narrated``), speech told without quoting it
(``_reporter``) and the subjects of a paragraph's clauses (``_clause_subjects``). The sieve
decides with them (``sieve._local_rules``, ``sieve._from_neighbours``).

4. ``actor``: the subject of the sentence beside the quote
   (``Spike shook away her nod. "Not until..."``, ``"I know." Her fingers...``),
   or whose words they were (``It burst out of him``); the subject of the last clause of
   the sentence leading into the words when a clause with a subject of its own ends it
   (``The boy started to speak, but she checked him.``: she), also past an adverb, a phrase
   between commas or a subordinate clause a comma ends (``and even Lydia was``, ``; and,
   after seeing him, Emma moralised``, ``; and when Mary came in, he rose``); the subject of
   a sentence is its main clause's, not that of a subordinate clause before its comma
   (``When Mary came in, Tom rose``; a he/she there may be that clause's name: ``While the
   Duchess sang, she kept ...``); a sentence that runs on into the words is its nearest
   subject's, as the salience record reads subjects (``Ruby Gillis, who got a glimpse of it,
   told the others that she had "never seen ..."``; not past a he/she or a clause break after
   the name, nor a name after a preposition or an article: ``turns._nearest_subject``); words
   it runs on into by a noun for them that a his/her owns are that owner's, whoever the
   subject (``Emma was satisfied with his muttering acknowledgment of``: ``_speech_owner``); else
   the first subject of the paragraph's narration
   before its last quote (after the quotes, past the sentence right after them, the
   narration tells what came next: ``"I have no doubt of it." It was said with a sigh. Tom
   took up his hat``: not Tom); never someone the quote names, nor one who hears another
   speak (``she heard Ralph say``, ``overhearing Mr. Weston whisper``, ``she heard her voice``:
   the one heard, when the words tell who). A pronoun acting only after
   the words (``"Then go." He turned away.``) waits for turn-taking (rule 7)
   when both people talking lately fit it: it may be the one spoken to; so does one of
   the two talking, by name, acting after a paragraph's one quote, a statement said right
   after the turn before (``"I never think of returning them." Robert kept on looking at
   the picture.``: ``sieve._local_rules``); so does a he/she whose likeliest one is
   neither of the two talking lately when the one whose turn it is fits it (``"Yes," said
   Tom, and Mary laughed. "Then let us go." She rose.``, after Anna asked: not Mary). One the
   sentence after the words says kept silent (``"Why?" She did not answer.``,
   ``He remained silent.``, ``She only looked at him.``) was spoken to: no actor of
   that turn (``turns._KEPT_SILENT``).
   ``narrated``: a bare quote
   opening a paragraph goes to the named subject of the last sentence of the
   narration paragraph before (``Holmes eyed it critically.``), unless that
   sentence reports speech (``Tom answered that he had not``, ``she assured
   her that it had not``) or silence. So does the named subject of the narration that
   ends the turn before, after its quotes (``"You're not eating," said Marilla. Anne
   sighed.``: Anne answers), unless it is that turn's own speaker, or that turn called
   someone else (``said Tom to Anna``: she answers), or its sentence reports speech; a
   sound without words (``sighed``) reports none.
"""
from __future__ import annotations

from itertools import compress, count, islice
from operator import itemgetter

from .names import CLAUSE_END, PERSON_NOUNS, PRONOUNS, SENTENCE_END, SUBJECT_PRONOUNS, UNKNOWN, Token, marked
from .cast import _Cast
from .mentions import _NOT_VERBS, _Ref, _mention, _prefer, _resolve
from .record import _object_of_verb
from .salience import _Salience
from .speech_tags import _GESTURES, _HEAR, _HEARD_SAY, _NEGATIONS, _PREPOSITIONS, _heard_at
from .verbs import SPEECH_VERBS, _ADVERB, _is_verb


def _clause_subjects(narr: list[list[Token]], cast: _Cast, sal: _Salience) -> set[int]:
    """Characters named as the subject at the start of a clause (``The Queen had only one
    way``, ``..., and Tom went``) in the narration given."""
    out = set()
    for toks in narr:
        for k, t in enumerate(toks):
            if not t.is_cap or not (k == 0 or toks[k - 1].text in CLAUSE_END | {","}
                                    or toks[k - 1].low in ("and", "but", "then")):
                continue
            ref, n = _mention(toks, k, cast, sal, set())
            nxt = toks[k + n] if n and k + n < len(toks) else None
            if ref is not None and ref.certain and ref.cands and nxt is not None and nxt.is_word \
                    and not nxt.is_cap and nxt.low not in _NOT_VERBS:
                out.add(ref.cands[0])
    return out


def _actor(narr: list[list[Token]], cast: _Cast, sal: _Salience, exclude: set[int]) -> _Ref | None:
    """The first character who is the subject of a sentence in the narration given:
    a name or pronoun followed by a verb-like word, or ``His``/``Her`` + noun (the owner)."""
    for toks in narr:
        k = 0
        at_start = True
        # (``_heard`` finds someone heard only at a word of hearing: where the narration has none,
        # it is not asked, at each clause; one pass at C speed)
        hears = not _HEAR.isdisjoint(map(_low_of, toks))
        while k < len(toks):
            t = toks[k]
            if not t.is_word:
                at_start = t.text in CLAUSE_END or at_start
                k += 1
                continue
            if at_start and t.low in _SUBORDINATORS:
                # "When Mary came in, Tom rose": the main clause's subject acts, not the one in
                # the clause before its comma
                m = next((m for m in range(k + 1, min(len(toks), k + 14)) if toks[m].text == ","
                          or toks[m].text in SENTENCE_END or toks[m].text in _CLAUSE_OPEN), None)
                if m is not None and toks[m].text == "," and m + 1 < len(toks):
                    # ("While the Duchess sang, she kept ...": a he/she may be that clause's name)
                    sub = _actor([toks[k + 1:m]], cast, sal, exclude)
                    main = _actor([toks[m + 1:]], cast, sal, exclude)
                    if main is not None and not main.certain and sub is not None and sub.certain \
                            and sub.who in main.cands:
                        return sub
                    if main is not None:
                        return main
                    k = m + 1
                    continue
            heard = _heard(toks, k, cast, sal, exclude) if at_start and hears else None
            if heard is not None:
                # "Emma heard him say", "she could hear the man say": the one heard speaks
                if heard[0] is not None:
                    return heard[0]
                k = heard[1]  # someone the text does not let us tell ("heard one of them say")
                at_start = True
                continue
            if at_start and t.low in ("his", "her") and k + 1 < len(toks) and toks[k + 1].is_word \
                    and not toks[k + 1].is_cap:
                owners = _resolve(cast, sal, t.start, PRONOUNS[t.low], exclude)
                if owners:
                    return _Ref(tuple(owners), False)
            if at_start or t.is_cap:
                who, n = _mention(toks, k, cast, sal, exclude)
                if n:
                    nxt = toks[k + n] if k + n < len(toks) else None
                    if who is not None and who.cands and nxt is not None and nxt.is_word \
                            and not nxt.is_cap and nxt.low not in _NOT_VERBS \
                            and not (who.certain and who.who in exclude):
                        return who
                    k += n
                    at_start = False
                    continue
            at_start = False
            k += 1
    return None


# Nouns for words said: a sentence that runs on into a quote by one of them owned by a his/her
# (``and her parting words,``, ``with his usual ejaculation of``) gives the words to the owner.
_SPEECH_NOUNS = {"words", "remark", "remarks", "reply", "answer", "comment", "exclamation", "ejaculation",
                 "acknowledgment", "acknowledgement", "message", "rejoinder", "response", "observation",
                 "greeting", "salutation"}


def _speech_owner(sent: list[Token], cast: _Cast, sal: _Salience, exclude: set[int]) -> _Ref | None:
    """The owner of the words a sentence runs on into, when a his/her owns the noun for them
    near its end (``Her parting look was grateful--and her parting words,``, ``with his usual
    ejaculation of``, ``and his next words were,``): up to two lower-case words between the
    two (no article, preposition or conjunction), and up to five after the noun, none ending
    a clause. The sentence's subject is as
    often the one who hears them (``Emma was satisfied with his muttering acknowledgment of
    its being``)."""
    for j in range(len(sent) - 1, max(-1, len(sent) - 7), -1):
        if sent[j].low in _SPEECH_NOUNS:
            break
    else:
        return None
    if any(t.text in CLAUSE_END or t.text in SENTENCE_END or t.is_cap for t in sent[j + 1:]
           if t.text not in (",", ":", "--", "—", "–", "\"", "“", "”", "'")):
        return None
    for k in range(j - 1, max(-1, j - 4), -1):
        t = sent[k]
        if t.low in ("his", "her"):
            owners = _resolve(cast, sal, t.start, PRONOUNS[t.low], exclude)
            return _Ref(tuple(owners), False) if owners else None
        if not t.is_word or t.is_cap or t.low in _ARTICLES or t.low in _PREPOSITIONS or t.low in _NEW_CLAUSE:
            return None  # ("she greeted her daughter with the exclamation:": not the daughter's)
    return None


# What opens a clause of its own in a sentence: after these, or after ``, and`` / ``, but``.
_CLAUSE_OPEN = {";", ":", "—", "–", "--"}
# Words that may open a clause without being its verb (``and the moment she was gone``).
_NOT_PREDICATE = {"the", "a", "an", "this", "that", "it", "there", "they", "we", "i", "you", "his", "her",
                  "its", "their", "my", "our", "your"}


def _last_clause_subject(sent: list[Token], cast: _Cast, sal: _Salience, exclude: set[int],
                         first: _Ref | None = None) -> _Ref | None:
    """The subject of the last clause of the sentence that leads into a quote, when a clause
    of its own with a subject of its own ends it (``The boy started to speak, but she checked
    him.``, ``She knew some of them, and he selected one.``): the one acting last, beside the words. A clause that goes on with the verb alone (``..., and pushed him out``) is the
    clause before's; one that opens with anything else (``and the moment she was gone,
    this was ...``, ``; and when Tom ended with``) leaves the sentence's first subject, and so
    does a he/she that may be the name the sentence opened with (``Alice frowned, and she drew
    herself up``: ``first``, the sentence's first subject). None when no such clause ends it."""
    opens = [j for j in range(2, len(sent)) if sent[j - 1].text in _CLAUSE_OPEN or (
        sent[j - 1].low in ("and", "but") and sent[j - 2].text in _CLAUSE_OPEN | {","})]
    for j in reversed(opens):
        j = _past_lead(sent, j)
        w = sent[j]
        if w.low in SUBJECT_PRONOUNS or w.is_cap:
            who, n = _mention(sent, j, cast, sal, exclude)
            nxt = sent[j + n] if n and j + n < len(sent) else None
            if who is not None and who.cands and nxt is not None and nxt.is_word and not nxt.is_cap \
                    and nxt.low not in _NOT_VERBS and not (who.certain and who.who in exclude) \
                    and not (not who.certain and first is not None and first.certain and first.who in who.cands):
                return who
            return None
        if not w.is_word or w.is_cap or w.low in _NOT_PREDICATE or w.low in _NOT_MAIN or w.low in _NOT_VERBS:
            return None
        # "..., and pushed him outside": the same subject goes on; look further back
    return None


# Words that open a subordinate clause before a clause's subject ("; and when Mary came in, he
# rose"), and adverbs that may stand between ``and`` and the clause ("and even Lydia was").
_SUBORDINATORS = {"when", "whenever", "while", "whilst", "as", "until", "till", "because", "if",
                  "though", "although", "since", "after", "before", "once"}
_LEAD_ADVERBS = {"even", "then", "so", "now", "yet", "still", "thus", "at", "last", "length", "presently"}


def _past_lead(sent: list[Token], j: int) -> int:
    """Where the subject of the clause opening at ``sent[j]`` stands: past adverbs (``and even
    Lydia was``), a phrase between commas (``; and, after seeing him, Emma moralised``) or a
    subordinate clause that a comma ends (``; and when Mary came in, he rose``). ``j`` itself
    when nothing such comes first, or when no comma ends the phrase within the clause."""
    k = j
    while k < len(sent) and sent[k].is_word and not sent[k].is_cap and (
            sent[k].low in _LEAD_ADVERBS or _ADVERB.match(sent[k].low)):
        k += 1
    if k < len(sent) and (sent[k].text == "," or sent[k].low in _SUBORDINATORS):
        for m in range(k + 1, min(len(sent), k + 14)):
            if sent[m].text in _CLAUSE_OPEN or sent[m].text in SENTENCE_END or sent[m].text in ("\"", "“", "”"):
                return j
            if sent[m].text == ",":
                return m + 1 if m + 1 < len(sent) else j
        return j
    return k if k < len(sent) else j


def _heard(toks: list[Token], k: int, cast: _Cast, sal: _Salience, exclude: set[int]):
    """``heard him say``, ``overhearing Mr. Weston whisper`` at the sentence that ``toks[k]``
    opens or goes on: (the one heard, as a _Ref, or None when the words do not tell who:
    ``heard one of them say``; the index after the sentence). None when the sentence from
    ``toks[k]`` to its end hears nobody speak."""
    end = k
    while end < len(toks) and toks[end].text not in SENTENCE_END:
        end += 1
    for h in range(k, end - 2):
        if toks[h].low not in _HEAR:
            continue
        verb = next((j for j in range(h + 2, min(end, h + 7)) if toks[j].low in _HEARD_SAY), None)
        if verb is None and h + 2 < end and toks[h + 1].low in ("his", "her") and toks[h + 2].low == "voice":
            # "she heard her voice close to her ear": the voice's owner, not the one who hears
            hearers = set()
            for back in range(h - 1, max(k, h - 4) - 1, -1):
                who, n = _mention(toks, back, cast, sal, exclude)
                if n and who is not None and who.cands:
                    hearers.add(who.cands[0])
                    break
            owners = _resolve(cast, sal, toks[h + 1].start, PRONOUNS[toks[h + 1].low], exclude | hearers)
            return (_Ref(tuple(owners), False) if owners else None), end
        if verb is None or any(not t.is_word for t in toks[h + 1:verb]):
            continue
        who = _heard_at(toks, verb, k, cast, sal, exclude)  # (the hearer and the one spoken to left out)
        return (who if who is not None and who.cands else None), end
    return None


_TURNING = {"turning", "turned", "turns", "turn", "addressing", "speaking", "replying", "bowing", "nodding"}


def _listener(narr: list[list[Token]], cast: _Cast, sal: _Salience) -> int | None:
    """Who is spoken to, from the narration beside the quotes: ``said to Alice``,
    ``turning to Mr. Darcy``."""
    for toks in narr:
        lows = list(map(_low_of, toks))
        k = 0
        while True:  # each "to" but the first and the last token (found at C speed)
            try:
                k = lows.index("to", k + 1, len(toks) - 1)
            except ValueError:
                break
            j = k - 1  # back over adverbs and the speaker's name: "said Tom gently to ..."
            while j > 0 and k - j < 5 and toks[j].is_word and toks[j].low not in SPEECH_VERBS and (
                    _ADVERB.match(toks[j].low) or toks[j].is_cap):
                j -= 1
            if _is_verb(toks, j) or toks[j].low in _TURNING:
                ids, n = cast.index.match(toks, k + 1)
                if len(ids) == 1:
                    return ids[0]
                if n:
                    return _prefer(ids, sal, toks[k + 1].start)
    return None


def _emitter(toks: list[Token], cast: _Cast, sal: _Salience, exclude: set[int]) -> _Ref | None:
    """``It burst out of him``, ``the words came from her``: the quote's words leave someone."""
    for k in range(min(len(toks), 10) - 1):
        if toks[k].low in ("of", "from") and toks[k + 1].low in ("him", "her"):
            owners = _resolve(cast, sal, toks[k + 1].start, PRONOUNS[toks[k + 1].low], exclude)
            return _Ref(tuple(owners), False) if owners else None
    return None


def _narrated(toks: list[Token], cast: _Cast, sal: _Salience, gestures: bool = False) -> int | None:
    """The character named as the subject of the last sentence of a narration paragraph
    (``Holmes eyed it critically.``), who is likely to speak the bare quote that follows;
    None when that sentence reports speech (``Elizabeth replied that it was.``): the
    other one answers then. With ``gestures``, a verb that may tag speech but here makes a
    sound without words (``Anne sighed.``) reports nothing."""
    last = _sentence_before(toks)
    if any((t.low in SPEECH_VERBS and not (gestures and t.low in _GESTURES)) or t.low in _REPORTS for t in last):
        return None
    a = _actor([last], cast, sal, set())
    return a.who if a is not None and a.certain else None


# Verbs that report speech without quoting it (``she assured her that it had not``), beyond
# the speech verbs of tags: after them the other one answers.
_REPORTS = {"assured", "assures", "informed", "informs", "acknowledged", "acknowledges", "owned",
            "mentioned", "mentions", "related", "relates", "thanked", "thanks", "apologised",
            "apologized", "congratulated", "complimented", "reminded", "reminds", "acquainted",
            "announced", "announces", "denied", "denies", "described", "describes", "proposed",
            "proposes", "hinted", "hints", "entreated", "intreated", "assented", "consented",
            "declined", "refused", "vowed", "swore", "reported", "reports", "explained", "stated",
            "states", "allowed"}


_TOLD = {"said", "told", "spoke", "began", "cried", "replied"}  # past tenses not in -ed
# The words ``_reporter`` takes for a verb that reports speech: narration with none of them
# reports none
_REPORTING = frozenset(_REPORTS | {w for w in SPEECH_VERBS if w not in _GESTURES and (w.endswith("ed") or w in _TOLD)})
_low_of = itemgetter(3)  # a token's lower-case text


def _reporter(toks: list[Token], cast: _Cast, sal: _Salience) -> int | None:
    """The subject (a name or a pronoun) of the latest sentence of a narration paragraph that
    reports speech in a past-tense verb (``Elizabeth assured her that it had not.``, ``she
    then told him what...``): a turn of the conversation told, not quoted. None when that
    verb is denied (``She made no reply.``) or no sentence reports speech."""
    lows = list(map(_low_of, toks))
    if _REPORTING.isdisjoint(lows):  # (at C speed)
        return None  # no sentence reports speech
    # The latest sentence that reports speech is the one holding the last word of ``_REPORTING``
    # (a sentence runs from after one sentence end to the next, that end included): that word is
    # found going back at C speed, not by a walk back over every sentence after it
    # (``_reporter_plain`` reads sentence by sentence; a test compares the two).
    r = len(lows) - 1 - next(compress(count(), map(_REPORTING.__contains__, reversed(lows))))
    start = r
    while start > 0 and toks[start - 1].text not in SENTENCE_END:
        start -= 1
    end = r + 1
    while end < len(toks) and toks[end - 1].text not in SENTENCE_END:
        end += 1
    sentence = toks[start:end]
    told = next(compress(count(), map(_REPORTING.__contains__, lows[start:r + 1])))
    if any(t.low in _NEGATIONS for t in sentence[:told]):
        return None  # "She made no reply.", "He opened his mouth to reply": nothing was said
    a = _actor([sentence], cast, sal, set())
    return a.who if a is not None else None


def _reporter_plain(toks: list[Token], cast: _Cast, sal: _Salience) -> int | None:
    """``_reporter`` read sentence by sentence from the end, each sentence's words tested one by
    one (the plain form, kept for the test that compares the two)."""
    end = len(toks)
    while end > 0:
        start = end - 1
        while start > 0 and toks[start - 1].text not in SENTENCE_END:
            start -= 1
        sentence, end = toks[start:end], start
        told = next((k for k, t in enumerate(sentence) if t.low in _REPORTS or (
            t.low in SPEECH_VERBS and t.low not in _GESTURES and (t.low.endswith("ed") or t.low in _TOLD))), None)
        if told is None:
            continue
        if any(t.low in _NEGATIONS for t in sentence[:told]):
            return None  # "She made no reply.", "He opened his mouth to reply": nothing was said
        a = _actor([sentence], cast, sal, set())
        return a.who if a is not None else None
    return None


def _sentence_before(toks: list[Token]) -> list[Token]:
    end = len(toks)
    while end and not toks[end - 1].is_word:
        end -= 1
    start = end
    while start > 0 and toks[start - 1].text not in SENTENCE_END:
        start -= 1
    return toks[start:end]


def _sentence_after(toks: list[Token]) -> list[Token]:
    end = 0
    while end < len(toks) and toks[end].text not in SENTENCE_END:
        end += 1
    return toks[:end]


# Words after which a he/she does not open the sentence's main clause ("When he came in, Tom
# sat down": he may be Tom), and words after which a name is what the subject is ("He was Tom").
_NOT_MAIN = {"when", "while", "whilst", "as", "until", "till", "because", "if", "though", "although",
             "since", "after", "before", "once", "that", "who", "whom", "which", "whose", "where",
             "unless", "whether", "than", "what", "how", "why"}
_COPULAS = {"was", "is", "were", "be", "been", "being", "became", "become", "becomes", "seemed", "seems",
            "called", "named", "himself", "herself"}
# Words that may open a sentence before its he/she subject ("With one bound she crossed",
# "At length he raised his head", "Then she remarked").
_OPENERS = {"with", "in", "at", "on", "upon", "for", "from", "by", "without", "during", "then", "now", "still",
            "presently", "here", "there", "so", "yet", "and", "but", "again", "suddenly", "meanwhile", "thus"}
_CLAUSE_BREAKS = {";", ":", "\"", "“", "”", "—", "–", "--", "(", ")"}
_HE_SHE = frozenset(SUBJECT_PRONOUNS)  # (the words that may set ``_apart_sentence``'s ``pro``)


def _apart(narr: list[list[Token]], cast: _Cast, start: dict[str, set[int]] | None = None) -> dict[str, set[int]]:
    """Whom the he (she) that the narration given goes on about is not: ``With one bound she
    crossed the floor and stood before Mrs. Rachel.``, ``He could not betray Syme.``: a he/she
    opening a sentence's main clause is nobody the rest of that clause names (``She looked at
    Mary``: not Mary), except after ``was`` (``He was Tom``). A sentence whose first person is
    a name or a description of that gender (``Tom came in.``, ``The old man bit his
    fingers.``), or a name of that gender as a subject anywhere (``..., and Tom went out``, ``by
    Tom``) starts the chain again. Returns, per gender, the characters its he/she is not (going
    on from ``start``, the chains before the narration given)."""
    out: dict[str, set[int]] = {g: set(w) for g, w in (start or {}).items()}
    for toks in narr:
        names = cast.index.found(toks)
        if not names and not out:
            continue  # (no chain to end, and no name to start one: ``_apart_nameless`` only ends them)
        at = list(names)  # where the names start (ascending)
        # the sentence ends (among the marked words, ``names.marked``, read for the names), and the end
        ends = [*(e for e in marked(toks) if toks[e][0] in SENTENCE_END), len(toks)]
        a = 0
        s0 = 0
        for e in ends:
            if s0 >= len(toks):
                break
            while a < len(at) and at[a] < s0:
                a += 1
            # With no chain open (``out`` empty) a sentence changes nothing unless it holds a he/she:
            # only a he/she subject (``pro``) adds to a chain; names and descriptions only end
            # chains (``_new_he``), and there are none. (the test at C speed, over its tokens)
            if a < len(at) and at[a] < e:
                if out or not _HE_SHE.isdisjoint(map(_low_of, islice(toks, s0, e))):
                    _apart_sentence(toks, s0, e, cast, out, names)
            elif out:
                _apart_nameless(toks, s0, e, out)
            s0 = e + 1
    return out


def _apart_nameless(toks: list[Token], s0: int, e: int, out: dict[str, set[int]]) -> None:
    """``_apart_sentence`` on a sentence ``toks[s0:e]`` that names nobody: only a description
    of a person opening it (``The old man bit his fingers.``, before any he/she subject) starts
    a chain again; which he/she's clause a word stands in matters only to the names in it."""
    for k in range(s0, e):
        t = toks[k]
        if t.low in _ARTICLES:
            noun = next((w for w in toks[k + 1:min(k + 4, e)] if w.low in PERSON_NOUNS), None)
            if noun is not None:
                _new_he(out, PERSON_NOUNS[noun.low])
                return
        elif t.low in SUBJECT_PRONOUNS and k + 1 < e and toks[k + 1].is_word and not toks[k + 1].is_cap \
                and toks[k + 1].low not in _NOT_VERBS:
            return  # (a he/she subject: no person opens the sentence any more)


_ARTICLES = frozenset(("the", "a", "an"))


# Words that are prepositions as well as subordinators ("before Mary" / "before Mary came").
_BOTH = {"before", "after", "since", "until", "till", "as", "than", "once"}


def _subordinate_at(toks: list[Token], k: int, e: int, cast: _Cast) -> bool:
    """Does ``toks[k]`` (a word of ``_NOT_MAIN``) open a subordinate clause? A preposition
    that may also join clauses only when a subject and its verb follow."""
    if toks[k].low not in _BOTH:
        return True
    j = k + 1
    if j < e and toks[j].low in ("he", "she", "they", "we", "i", "it", "you"):
        n = 1
    else:
        n = cast.index.match(toks, j)[1] if j < e else 0
    nxt = toks[j + n] if n and j + n < e else None
    return nxt is not None and nxt.is_word and not nxt.is_cap and nxt.low not in _NOT_VERBS and nxt.low != "s"


# Words after which a name may open a clause of its own inside a he/she's sentence ("She
# nodded, and Tom went out"; "by Tom": the agent).
_NEW_CLAUSE = {"and", "but", "then", "or", ",", "by"}


def _possessive(toks: list[Token], j: int, cast: _Cast) -> bool:
    """Does the name ending at ``toks[j]`` carry a possessive (``Anne's``, ``Katharine s``)?"""
    if j + 1 < len(toks) and toks[j + 1].low == "s":
        return True
    return cast.source[toks[j].end:toks[j].end + 2] in ("'s", "\u2019s")


def _new_he(out: dict[str, set[int]], gender: str | None) -> None:
    """Someone new (of ``gender``, or of either) is the subject: that chain starts again."""
    for g in list(out):
        if gender in (None, UNKNOWN) or g == gender:
            del out[g]


_NO_NAME: tuple[list[int], int] = ([], 0)


def _apart_sentence(toks: list[Token], s0: int, e: int, cast: _Cast, out: dict[str, set[int]],
                    names: dict[int, tuple[list[int], int]]) -> None:
    """``_apart`` on the sentence ``toks[s0:e]``; ``names`` is ``cast.index.found(toks)``."""
    first = True  # no person mentioned yet in the sentence
    pro = None  # the gender of the he/she whose clause this is
    k = s0
    while k < e:
        t = toks[k]
        if t.text in _CLAUSE_BREAKS:
            pro = None  # a new clause
            k += 1
            continue
        if t.low in _NOT_MAIN and _subordinate_at(toks, k, e, cast):
            pro = None  # a subordinate clause: "..., when she said to Tom
        ids, n = names.get(k, _NO_NAME)
        if ids:
            nxt = toks[k + n] if k + n < e else None
            prev = toks[k - 1].low if k > s0 else ""
            subject = first or prev == "by" or (
                nxt is not None and nxt.is_word and not nxt.is_cap and nxt.low not in _NOT_VERBS
                and nxt.low != "s" and prev not in _PREPOSITIONS and not _object_of_verb(toks, k))
            if subject and not first and (_possessive(toks, k + n - 1, cast) or (
                    pro is not None and prev not in _NEW_CLAUSE)):
                # "She picked up Anna's gloves", "She took Anna aside": inside the he/she's
                # clause, a name not opening a clause of its own is no new subject
                subject = False
            if pro is not None and prev not in _COPULAS:
                out.setdefault(pro, set()).update(ids)
            if subject:
                genders = {cast.gender[w] for w in ids}
                _new_he(out, genders.pop() if len(genders) == 1 else None)
                if pro is not None and pro not in out:
                    pro = None  # "He nodded, and Tom went out.": Tom's clause now
            first = False
            k += n
            continue
        if first and t.low in ("the", "a", "an"):
            noun = next((w for w in toks[k + 1:min(k + 4, e)] if w.low in PERSON_NOUNS), None)
            if noun is not None:
                _new_he(out, PERSON_NOUNS[noun.low])  # "The old man bit his fingers."
                first = False
        if t.low in SUBJECT_PRONOUNS and k + 1 < e and toks[k + 1].is_word and not toks[k + 1].is_cap \
                and toks[k + 1].low not in _NOT_VERBS:
            prev = toks[k - 1] if k > s0 else None
            main = prev is None or prev.text in {",", ";", ":", "—", "--", "–"} \
                or prev.low in ("and", "but", "then") or (first and toks[s0].low in _OPENERS
                    and not any(w.low in _NOT_MAIN or w.low in SUBJECT_PRONOUNS for w in toks[s0:k]))
            if main:
                pro = SUBJECT_PRONOUNS[t.low]
            first = False
        k += 1
