"""Speech tags: a speech verb beside a quote and the mention it takes for the speaker, in the
narration after the quote (``_tag_after``) or before it (``_tag_before``), and narration
that leads into the next paragraph's quote (``_lead_in``). Who a pronoun or a description
means is ``mentions``'s part; which candidate speaks, the sieve's (``sieve._decide_tags``).

1. ``tag``: a speech verb beside the quote names the speaker: a name, a
   pronoun or a description (``said Spike``, ``Spike promised``,
   ``she murmured``, ``He said softly,``, ``said his wife``, ``said I``), also
   in the narration that ends the paragraph before with a comma or colon, with no stop (a lost dash) or
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
   that gender, even when the words name her, unless the narration just made
   another of that gender its subject, no he/she between (``Mary frowned.
   "Rain," she thought``: Mary's own mind), or that character is not named in the
   last 1,500 characters (a scene without her: the pronoun's own candidate); not after a gesture
   (``Elizabeth smiled.``); after ``addressed``/``asked``/``told`` a
   description is the listener (``addressed the mother``); a speech verb that a verb of
   hearing governs is the one heard (``Emma heard her saying to Jane,``: not Emma, nor Jane).
   Right after a quote that does not end its sentence, any verb of the past
   stands as a speech verb (``queried Diana``, ``assented De Griers``, and
   after a comma ``Cousin Caroline puffed.``, ``she puffed.``, not a verb of
   thinking: ``she mused``), as do ``put in``, ``broke in``,
   ``cut in``, also after a period and after ``had`` (``Fannie had replied``); a name may follow adjectives (``said the gallant Mr. Elton``,
   ``inquired poor Oliver``), a title the cast does not write with it
   (``cried Master Charles Bates``) or ``the voice of`` (``replied the voice of
   the Dodger``); ``"...," was Marilla's comment`` names Marilla.
   Also: a name and a verb that leads to speech after a quote (``Polly forced herself to
   say.``, ``_to_speak``), ``It was Marilla who spoke`` after a quote and ``Gilbert it was who
   spoke up`` before one; before a quote, a manner after a comma (``only stopped to say, with a
   shy look,``), the owner of ``whose clear voice said``, the subject of an infinitive after
   ``for`` (``the chance for Frank to draw near her and say,``) and the possessive of a gerund
   (``without Mr. Hale's giving a sigh, and saying,``).
"""
from __future__ import annotations

import re
from dataclasses import replace

from .names import DETERMINERS, HONORIFICS, PERSON_NOUNS, PRONOUNS, SENTENCE_END, SUBJECT_PRONOUNS, Token, tokens
from .cast import _Cast
from .mentions import _IN_SCENE, _NOT_VERBS, _Ref, _mention, _recent_of, _resolve
from .salience import _Salience
from .verbs import SPEECH_VERBS, _ADVERB, _ADVERBS, _PARTICLES, _is_verb, _open_verb, _skip_adverbs


def _lead_in(toks, own_tag: bool):
    """The narration ending a paragraph, when it leads into the next paragraph's quote: it ends
    with a comma or colon (``Mr. Bennet coolly observed,``), or its last sentence ends with a
    speech verb (``and Mrs. Hurst began again.``) that is not the tag of a quote just before."""
    if not toks:
        return None
    if toks[-1].text in {",", ":", "—", "--", "–"}:
        return toks
    if toks[-1].is_word:
        # No stop at all: a dash the text lost (``then Ratcliffe said, looking out to sea``):
        # it leads in when its last sentence has a speech verb.
        s0 = len(toks) - 1
        while s0 > 0 and toks[s0 - 1].text not in SENTENCE_END:
            s0 -= 1
        if any(_is_verb(toks, j) for j in range(s0, len(toks)) if toks[j].low in SPEECH_VERBS) \
                and not (own_tag and s0 == 0) and not any(t.low in _NEGATIONS for t in toks[s0:]):
            return toks
        return None
    if toks[-1].text != ".":
        return None
    j = len(toks) - 2
    while j > 0 and (_ADVERB.match(toks[j].low) or toks[j].low in _ADVERBS or toks[j].low in _PARTICLES):
        j -= 1
    if j > 0 and toks[j].low in ("talking", "speaking") and toks[j - 1].low in ("began", "begins"):
        j -= 1  # "and began talking.": the start of speech
    if not (_is_verb(toks, j) or (j > 0 and _is_verb(toks, j - 1) == 2)) or toks[j].low in _GESTURES:
        return None  # "Elizabeth smiled.": a gesture, not the start of speech
    s0 = j
    while s0 > 0 and toks[s0 - 1].text not in SENTENCE_END:
        s0 -= 1
    if own_tag and s0 == 0:
        return None  # '"No," Anna replied.': the tag of the quote before
    # "Anna made no answer.", "He did not reply.": silence, not a lead-in.
    return None if any(t.low in _NEGATIONS for t in toks[s0:j]) else toks


_GESTURES = {"smiled", "smiles", "grinned", "grins", "nodded", "nods", "laughed", "laughs", "sighed",
             "sighs", "chuckled", "chuckles", "giggled", "giggles", "sobbed", "sobs", "groaned", "groans",
             "gasped", "gasps", "sneered", "sneers", "wondered", "wonders", "thought", "thinks"}
_NEGATIONS = {"no", "not", "never", "nothing", "without", "nor", "cannot"}


_ANSWERS = {"answer", "reply", "response", "rejoinder", "retort", "words", "question", "comment",
            "remark", "exclamation", "greeting", "verdict", "reflection", "observation", "ejaculation",
            "inquiry", "salutation"}


def _answer_owner(toks: list[Token], p: int, cast: _Cast, sal: _Salience,
                  exclude: set[int]) -> tuple[_Ref | None, int]:
    """Whose answer ``toks[p:]`` is: ``her answer``, ``Marilla's emphatic comment``, ``my calm
    reply`` (the narrator), ``his mother's only reply`` (his mother, not he). (the owner, the
    index after the answer's noun), or (None, 0) when the words there are no one's answer."""
    if p + 1 >= len(toks):
        return None, 0
    owner, n = None, 0
    t = toks[p]
    if t.low in ("his", "her") and p + 2 < len(toks) and toks[p + 1].low in PERSON_NOUNS \
            and cast.source[toks[p + 1].end:toks[p + 1].end + 2] in ("'s", "\u2019s"):
        owner, n = _mention(toks, p, cast, sal, exclude)  # "his mother's only reply": his mother
        if owner is None or n != 2:
            return None, 0
        n += 1 if toks[p + 2].low == "s" else 0  # (the tokens may keep the possessive's "s")
    elif t.low in ("his", "her"):
        n = 1
    elif t.text == "my" and cast.narrator is not None:
        owner, n = _Ref((cast.narrator,), True), 1
    else:
        owner, n = _mention(toks, p, cast, sal, exclude)
        if not n or owner is None or not owner.certain or p + n >= len(toks) \
                or cast.source[toks[p + n].start - 2:toks[p + n].start] not in ("'s", "\u2019s"):
            return None, 0  # only a name with its possessive: "was Marilla's comment"
    j = p + n
    for _ in range(2):  # up to two adjectives: "was his calm reply", "was Marilla's emphatic comment"
        if j + 1 < len(toks) and toks[j].low not in _ANSWERS and toks[j].is_word and not toks[j].is_cap:
            j += 1
    if j >= len(toks) or toks[j].low not in _ANSWERS:
        return None, 0
    if owner is None:
        gender = PRONOUNS[t.low]
        owner = _Ref(tuple(_resolve(cast, sal, t.start, gender, exclude)), False,
                     _recent_of(cast, sal, t.start, gender))
    return owner, j + 1


def _possessive_answer(toks: list[Token], k: int, cast: _Cast, sal: _Salience,
                       exclude: set[int]) -> _Ref | None:
    """``"Not at all," was her answer``, ``was Marilla's emphatic comment``: the owner of
    the answer is the speaker."""
    if k + 2 >= len(toks) or toks[k].low not in ("was", "came"):
        return None
    return _answer_owner(toks, k + 1, cast, sal, exclude)[0]


def _quote_end(toks: list[Token], source: str) -> str:
    """The last mark of the quote just before the narration ``toks`` (``,`` for ``"Yes,"
    said Tom``), or "" when none is found there."""
    i = toks[0].start
    while i > 0 and source[i - 1] in " \t\r\n":
        i -= 1
    if i == 0 or source[i - 1] not in "\"”’'":
        return ""
    i -= 1
    while i > 0 and source[i - 1] in " \t\r\n":
        i -= 1
    return source[i - 1] if i > 0 else ""


# Lower-case words that cannot be adjectives before a name in a tag ("said the gallant Mr.
# Elton", "inquired poor Oliver"): a word of these ends the search.
_NOT_ADJECTIVES = DETERMINERS | {"to", "by", "with", "at", "of", "from", "for", "on", "upon", "in", "into",
                                  "after", "before", "about", "than", "towards", "toward", "out", "up",
    "and", "or", "but", "nor", "not", "so", "as", "who", "which", "that", "then", "there", "he", "she",
    "him", "they", "them", "it", "we", "you", "i", "me", "us", "one", "nothing", "something", "all",
    "himself", "herself", "again", "once", "no", "yet", "if", "when", "while"}


def _adjectives_then_name(toks: list[Token], j: int, end: int, cast: _Cast, sal: _Salience,
                          exclude: set[int]) -> tuple[_Ref | None, int]:
    """``the gallant Mr. Elton``, ``poor Oliver``, ``old Horace Talbot``, ``the bewildered
    Colonel``: up to two adjectives (after ``the`` or not) before a name in a tag. Only a
    name counts (a description, ``the old lady``, is ``_mention``'s)."""
    k = j + 1 if j < end and toks[j].low == "the" else j
    for m in range(k, min(k + 2, end)):
        t = toks[m]
        if not t.is_word or t.is_cap or t.low in _NOT_ADJECTIVES or t.low.endswith("ly") \
                or (t.low.endswith("ing") and k == j) or t.low in SPEECH_VERBS:
            return None, 0  # "said smiling Anna" is rare; "said the obliging Mrs. Ford" is not
        who, n = _mention(toks, m + 1, cast, sal, exclude) if m + 1 < end else (None, 0)
        if not n and k > j and m + 1 < end and toks[m + 1].is_cap:  # "the bewildered Colonel"
            who, n = _mention([toks[j], *toks[m + 1:end]], 0, cast, sal, exclude)
            n = n - 1 if n else 0
        if n and who is not None and who.certain:
            return who, m + 1 + n - j
    return None, 0


# Where a tag's clause or sentence stops: a sentence end, a semicolon, a quotation mark. (one set,
# not one built at each token the walks back read)
_TAG_STOPS = frozenset(SENTENCE_END | {";", "\"", "“", "”"})


def _clause(toks: list[Token], start: int, stop: set[str]) -> int:
    j = start
    while j < len(toks) and toks[j].text not in stop:
        j += 1
    return j


def _tag_after(toks: list[Token], cast: _Cast, sal: _Salience, exclude: set[int]) -> _Ref | None:
    """A tag opening the narration after a quote: ``said NAME``, ``NAME (adv) said``, ``NAME, ..., said``."""
    k = 0
    while k < len(toks) and not toks[k].is_word:
        if toks[k].text in SENTENCE_END:
            return None
        k += 1
    answer = _possessive_answer(toks, k, cast, sal, exclude)
    if answer is not None:
        return answer
    end = _clause(toks, k, _TAG_STOPS)
    mark = _quote_end(toks, cast.source) if toks else ""
    j = _skip_adverbs(toks, k)
    v = _is_verb(toks, j) or (k == 0 and mark not in ".\"" and _open_verb(toks, j))
    if v:
        verb = j
        j = _skip_adverbs(toks, j + v)
        if j + 1 < end and toks[j].low in _OUT and _mention(toks, j + 1, cast, sal, exclude)[1]:
            j += 1  # "called out Syme", "spoke up Tom"
        if j < end:
            who, n = _titled_or_voice_of(toks, j, end, cast, sal, exclude) if toks[j].low == "the" \
                else (None, 0)  # "the clear voice of Inspector Ratcliffe", before "the voice"
            if not n:
                who, n = _mention(toks, j, cast, sal, exclude)
            if not n:
                who, n = _adjectives_then_name(toks, j, end, cast, sal, exclude)
            if not n:
                who, n = _titled_or_voice_of(toks, j, end, cast, sal, exclude)
            if n:
                return _to_self(who, toks, verb, v, j, cast)
    j = _skip_adverbs(toks, k)
    if j + 2 < end and toks[j].low in _BURST and toks[j + 1].low == "from":
        who, n = _mention(toks, j + 2, cast, sal, exclude)
        if n and who is not None and (who.certain or who.cands):
            return who  # '"Those dreadful insects!" burst from William', 'broke from the Marquis'
    if k + 3 < end and toks[k].low == "it" and toks[k + 1].low == "was":
        who, n = _mention(toks, k + 2, cast, sal, exclude)
        if n and who is not None and who.certain and k + 2 + n < end and toks[k + 2 + n].low == "who" \
                and _is_verb(toks, _skip_adverbs(toks, k + 3 + n)):
            return who  # '"Matthew, are you sick?" It was Marilla who spoke'
    if toks and k < len(toks) and toks[k].low == "it" and k + 1 < end and _is_verb(toks, _skip_adverbs(toks, k + 1)):
        return _voice_before(toks[0].start, cast, sal, exclude)  # '... a high piping voice. "Come in," it cried.'
    who, n = _mention(toks, k, cast, sal, exclude)
    if not n and k + 1 < end and toks[k].is_cap:
        who, n = _titled_or_voice_of(toks, k, end, cast, sal, exclude)  # "Buck Mulligan said."
    if n:
        j = _skip_adverbs(toks, k + n)
        if j + 1 < end and toks[j].low in ("had", "has") and _is_verb(toks, _skip_adverbs(toks, j + 1)):
            j = _skip_adverbs(toks, j + 1)  # "Fannie had replied"
        if j < end and (_is_verb(toks, j) or (mark == "," and who is not None and _open_verb(toks, j) == 1
                                              and (who.certain or (toks[k].low in SUBJECT_PRONOUNS
                                                                   and toks[j].low not in _THOUGHT))
                                              and _ends_clause(toks, j + 1))):
            # "Denham agreed.", and after a comma any verb of the past: "Cousin Caroline puffed."
            return _to_self(who, toks, j, _is_verb(toks, j) or 1, k, cast)
        if _to_speak(toks, j, end):
            return who  # '"Yes," Polly forced herself to say.'
        if j < end and toks[j].text == ",":  # "Elizabeth, after a pause, replied"
            m = _clause(toks, j + 1, {","} | SENTENCE_END)
            if m - j <= 8 and m < end and _is_verb(toks, _skip_adverbs(toks, m + 1)):
                return who
    return None


_BURST = {"burst", "broke", "escaped"}  # words that "burst from" someone


# Verbs that lead to a speech verb ("forced herself to say", "managed to reply", "stopped to say")
_TO_SPEAK = {"forced", "managed", "contrived", "hastened", "stopped", "stopt", "ventured", "presumed",
             "dared", "condescended", "deigned", "hurried", "paused", "turned"}


def _to_speak(toks: list[Token], j: int, end: int) -> bool:
    """A verb that leads to speech and a speech verb's base, ending the clause at ``toks[j]``:
    ``forced herself to say.``, ``managed to reply,``, ``stopped to ask.``"""
    if j >= end or toks[j].low not in _TO_SPEAK:
        return False
    j += 1
    if j < end and toks[j].low in _SELF:
        j += 1
    if j + 1 >= len(toks) or toks[j].low != "to" or toks[j + 1].low not in _SPEAK_BASE:
        return False
    return _ends_clause(toks, j + 2)


_VOICE_NOUN = re.compile(r"\b(?:[Aa]n?|[Tt]he)\s+(?:[a-z-]+,?\s+){0,3}[Vv]oice\b")


def _voice_before(at: int, cast: _Cast, sal: _Salience, exclude: set[int]) -> _Ref | None:
    """``it said``, ``it cried``: the voice the narration of the paragraph brought in before the
    quote (``there came a high piping voice from some inner room. "...," it cried``; ``The Voice
    laughed.``), as its description or name means; None when the paragraph brings in no voice."""
    para = cast.source.rfind("\n\n", 0, at)
    narration = _QUOTED.sub(lambda m: " " * len(m.group()), cast.source[para + 1:at])
    found = list(_VOICE_NOUN.finditer(narration))
    if not found:
        return None
    o = para + 1 + found[-1].start()
    toks = tokens(cast.source[o:o + found[-1].end() - found[-1].start()], o)
    who, n = _mention(toks, 0, cast, sal, exclude)
    return who if n else None


_VOICES = {"voice", "voices", "accents", "tones", "tone"}
_OUT = {"out", "up", "forth"}


def _titled_or_voice_of(toks: list[Token], j: int, end: int, cast: _Cast, sal: _Salience,
                        exclude: set[int]) -> tuple[_Ref | None, int]:
    """A name after a title the cast does not write with it (``cried Master Charles Bates``
    of ``Charley Bates``) or a given name it leaves out (``said Buck Mulligan`` of ``Mulligan``,
    where ``buck`` is an ordinary word of the text too), or the owner of a voice (``replied the
    voice of the Dodger``, ``cut in the clear voice of Inspector Ratcliffe``): only a name, never
    a description."""
    if j + 1 < end and toks[j].is_cap and toks[j].is_word and toks[j + 1].is_cap and (
            toks[j].low in HONORIFICS or _given(toks[j])):
        who, n = _mention(toks, j + 1, cast, sal, exclude)
        if n and who is not None and who.certain:
            return who, n + 1
    if j < end and toks[j].low == "the":
        k = j + 1
        if k < end and toks[k].low not in _VOICES and toks[k].is_word and not toks[k].is_cap:
            k += 1  # one adjective: "the clear voice of"
        if k + 2 < end and toks[k].low in _VOICES and toks[k + 1].low == "of":
            who, n = _mention(toks, k + 2, cast, sal, exclude)
            if n and who is not None and who.certain:
                return who, k + 2 + n - j
    return None, 0


def _given(t: Token) -> bool:
    """A capitalised word that may be a given name before a family name: no pronoun, article,
    first person or word of the kind that opens a sentence (``Then``, ``Now``, ``And``)."""
    return t.low not in PRONOUNS and t.low not in DETERMINERS and t.low not in _NOT_ADJECTIVES \
        and t.low not in _ADVERBS and t.text != "I"


def _ends_clause(toks: list[Token], j: int) -> bool:
    """Nothing but adverbs between ``toks[j]`` and a comma or the sentence end."""
    j = _skip_adverbs(toks, j)
    return j >= len(toks) or toks[j].text in SENTENCE_END or toks[j].text in {",", ";", "—", "--"}


_THOUGHT = {"thought", "thinks", "wondered", "wonders", "reflected", "reflects", "mused", "muses"}
_SELF = {"herself", "himself"}


def _to_self(who: _Ref | None, toks: list[Token], verb: int, v: int, at: int, cast: _Cast) -> _Ref | None:
    """A pronoun that thinks (``she thought``) or talks to itself (``he said to himself``,
    ``she answered herself``) is the story's most named character of that gender, the one
    whose mind the narration follows, even when the words name her ("Oh, you foolish Anna!"),
    unless the pronoun's own first candidate was the narration's subject just before
    (``_own_mind``), or the protagonist is not named in the last ``_IN_SCENE`` characters
    (a scene she is not in: the pronoun's own candidates stand)."""
    if who is None or who.certain:
        return who
    inward = toks[verb].low in _THOUGHT
    for t in toks[verb + v:verb + v + 4]:
        if t.low in _SELF:
            inward = True
        if not t.is_word:
            break
    if inward and who.anon and toks[at].low == "the":
        return replace(who, anon=False)  # "the puzzled child thought": one whose mind we follow
    if not inward or toks[at].low not in SUBJECT_PRONOUNS:
        return who
    g = SUBJECT_PRONOUNS[toks[at].low]
    hero = next((w for w in cast.frequent(toks[at].start)[1] if cast.gender[w] == g and w != cast.narrator), None)
    first = who.who
    if first is not None and first != hero and _own_mind(first, toks[at].start, g, cast):
        return who
    if first is not None and hero is not None and first != hero \
            and not cast.salience.named_since(hero, toks[at].start - _IN_SCENE, toks[at].start):
        return who  # the one whose mind the story follows is not in this scene
    return who if hero is None else _Ref((hero,), False, who.recent)


_OWN_MIND = 400  # characters: a subject named this close before ``she thought`` is the thinker
_QUOTED = re.compile(r'"[^"]*"|\u201c[^\u201d]*\u201d')


def _own_mind(who: int, at: int, gender: str, cast: _Cast) -> bool:
    """Is ``who`` the subject the narration last named before the thinking pronoun at ``at``
    (within ``_OWN_MIND`` characters, no he/she of its gender since)?"""
    off = cast.salience.last_subject(who, at - _OWN_MIND, at)
    if off is None:
        return False
    between = _QUOTED.sub(" ", cast.source[off:at])
    word = "she" if gender == "female" else "he"
    return not re.search(r"\b" + word + r"\b", between, re.I)


def _tag_before(toks: list[Token], cast: _Cast, sal: _Salience, exclude: set[int],
                lead: bool = False) -> _Ref | None:
    """A tag closing the narration before a quote: ``He said softly,``, ``said Holmes:``."""
    end = len(toks)
    while end and toks[end - 1].text in {",", ":", "—", "--", "–"}:
        end -= 1
    if lead and end == len(toks) and toks and toks[-1].text == ".":
        end -= 1  # "... and as soon as they were gone Mr. Collins began."
    start = end
    while start > 0 and toks[start - 1].text not in _TAG_STOPS:
        start -= 1
    # a lost dash, or a quote inside the sentence that leads into it ("and timidly said "Consider,"";
    # not a word it names: 'to hear herself called "Mrs. Wickham,"')
    colon_or_comma = len(toks) > end or (bool(toks) and toks[-1].is_word)
    inline = not lead and len(toks) == end and bool(toks) and toks[-1].is_word
    for j in range(end - 1, start - 1, -1):
        v = _is_verb(toks, j)
        if not v and toks[j].low not in _HEARD_SAY:
            continue
        heard = _heard_at(toks, j, start, cast, sal, exclude)
        if heard is not None:
            # "Emma heard her saying to Jane,", "He then heard her murmur:": the one heard
            return heard if heard.cands or heard.anon or heard.certain else None
        if not v:
            continue  # ("saying" that no verb of hearing governs is no tag's verb)
        if j > start and toks[j - 1].low in _NOUN_MARKS and not (toks[j - 1].low == "of" and toks[j].low.endswith("ing")):
            continue  # "as if he had interrupted some absorbing train of thought,": a noun
            # (not "the opportunity of adding,")
        # A mention just before the verb ("he said softly", "and he called the Queen,": the
        # one after it is the listener) or right after it ("said Holmes,").
        for back in range(max(start, j - 4), j):  # earliest first: "Mr. Bennet", not "Bennet"
            who, n = _mention(toks, back, cast, sal, exclude)
            if n and back + n <= j and all(_ADVERB.match(t.low) or t.low in _ADVERBS
                                           for t in toks[back + n:j]):
                return _to_self(who, toks, j, v, back, cast)
        after = _skip_adverbs(toks, j + v)
        if after < end:
            who, n = _mention(toks, after, cast, sal, exclude)
            # "he addressed the mother in these words,": after a verb that takes a listener,
            # a description is the listener, not the speaker.
            if n and not (toks[j].low in _TAKES_LISTENER and not who.certain):
                return _to_self(who, toks, j, v, after, cast)
        if j + v < end and toks[j + v].low in ("talking", "speaking") and toks[j].low in ("began", "begins"):
            v += 1  # "and began talking."
        if colon_or_comma and not (inline and toks[j].low in _NAMING
                                   and not (j + 1 < end and toks[j + 1].low in _PARTICLES)) \
                and _leads_into_quote(toks, j + v, end):
            # "Mr. Collins, much offended, laid aside his book, and said,": the subject of
            # the sentence whose last verb introduces the quote.
            return _sentence_subject(toks, j, cast, sal, exclude)
        break
    if colon_or_comma and end >= 2 and toks[end - 2].low == "by":  # "thus accosted by Miss Bingley:"
        who, n = _mention(toks, end - 1, cast, sal, exclude)
        if n:
            return who
    if colon_or_comma and end >= 3 and toks[end - 3].low == "by":
        who, n = _mention(toks, end - 2, cast, sal, exclude)
        if n == 2:
            return who
    if colon_or_comma and toks[len(toks) - 1].text == ":":
        # "Anna made no answer, and Mary, who was braver, plunged in without preface:": the
        # subject of the sentence's last clause, else its first mention
        who = _sentence_subject(toks, end, cast, sal, exclude) if end > start else None
        if who is not None and who.certain:
            return who
        who, n = _mention(toks, start, cast, sal, exclude)
        if n:
            return who
    return None


# Words before a speech verb's form that make it a noun ("a cry", "train of thought")
_NOUN_MARKS = {"the", "a", "an", "his", "my", "our", "their", "your", "its", "of"}

# Verbs that name rather than speak when the quote follows with no comma: 'called "carrots."'
_NAMING = {"called", "calls", "call", "calling", "read", "reads", "reading", "named", "termed"}

# Verbs of hearing: "Emma heard him say", "she could hear the man say", "overhearing Mr. Weston
# whisper": the one heard, not the one who hears, speaks the quote.
_HEAR = {"hear", "hears", "heard", "hearing", "overhear", "overhears", "overheard", "overhearing"}
# What the one heard does, after the verb of hearing (a speech verb's base or -ing form).
_HEARD_SAY = {"say", "saying", "speak", "speaking", "ask", "asking", "reply", "replying", "answer",
              "answering", "add", "adding", "cry", "crying", "call", "calling", "whisper", "whispering",
              "mutter", "muttering", "murmur", "murmuring", "exclaim", "exclaiming", "remark",
              "remarking", "observe", "observing", "repeat", "repeating", "shout", "shouting", "talk",
              "talking", "declare", "declaring", "mumble", "mumbling", "groan", "groaning", "sing",
              "singing", "read", "reading", "begin", "beginning", "go", "going"}
# Speech verbs after "to": "forced herself to say", "stopped to ask"
_SPEAK_BASE = {w for w in _HEARD_SAY if not w.endswith("ing") and w not in ("go", "begin", "read", "sing", "talk")} \
    | {"add", "inquire", "enquire", "protest", "exclaim", "observe", "remark", "explain", "reply", "answer"}
# Between the one who hears and the verb of hearing: "Emma distinctly heard", "she could hear".
_HEARER_GAP = 3


def _heard_at(toks: list[Token], verb: int, s0: int, cast: _Cast, sal: _Salience,
              exclude: set[int]) -> _Ref | None:
    """The one heard when the speech verb at ``toks[verb]`` is what a verb of hearing hears
    (``Emma heard her saying,``; ``He heard Frank Churchill next say,``; ``she could hear his
    voice saying,``): not the one who hears, who is left out of what a pronoun may mean.
    An empty ``_Ref`` when the words do not tell who (``heard something say``); None when
    no verb of hearing governs the verb."""
    if toks[verb].low not in _HEARD_SAY:
        return None
    h = next((i for i in range(verb - 2, max(s0, verb - 6) - 1, -1) if toks[i].low in _HEAR), None)
    if h is None or any(not t.is_word for t in toks[h + 1:verb]) or toks[h + 1].low == "to":
        return None  # (not "Tom was heard to say,": Tom)
    hearers = set()
    for k in range(verb + 1, len(toks) - 1):  # "heard her saying to Jane,": not Jane
        if toks[k].low == "to":
            who, n = _mention(toks, k + 1, cast, sal, exclude)
            if n and who is not None and who.certain:
                hearers.add(who.who)
            break
    for back in range(max(s0, h - 1 - _HEARER_GAP), h):
        who, n = _mention(toks, back, cast, sal, exclude)
        if n and who is not None and who.cands and back + n <= h \
                and all(t.is_word and not t.is_cap for t in toks[back + n:h]):
            hearers.add(who.cands[0])
            break
    m = toks[h + 1]
    if m.low in ("him", "her", "it") or (m.low in ("his", "her") and toks[h + 2].low == "voice"):
        gender = PRONOUNS.get(m.low) if m.low != "it" else None
        cands = _resolve(cast, sal, m.start, gender, exclude | hearers)
        return _Ref(tuple(cands), False, tuple(c for c in _recent_of(cast, sal, m.start, gender)
                                               if c not in hearers), pronoun=True)
    who, n = _mention(toks, h + 1, cast, sal, exclude | hearers)
    if who is not None and n and h + 1 + n <= verb:
        return who
    return _Ref((), False)


# Speech verbs whose object is the one spoken to ("addressed the mother", "asked her sister").
_TAKES_LISTENER = {"addressed", "addresses", "accosted", "asked", "asks", "told", "answered", "answers",
                   "interrupted", "begged", "urged", "warned", "cautioned", "commanded", "ordered",
                   "corrected", "teased", "offered"}
_PREPOSITIONS = {"to", "by", "with", "at", "of", "from", "for", "on", "upon", "near", "towards",
                 "toward", "after", "before", "behind", "beside", "than", "into", "about"}


def _leads_into_quote(toks: list[Token], j: int, end: int) -> bool:
    """Only adverbs, particles or ``to her``/``to them`` between a verb's end and the quote."""
    def manner(j):  # "who said in a low voice,", "called out to her in an angry tone,"
        return j + 1 < end and toks[j].low in ("in", "with") and toks[j + 1].low in DETERMINERS \
            and end - j <= 6 and all(t.is_word for t in toks[j:end])

    j = _skip_adverbs(toks, j)
    if manner(j) or (j + 1 < end and toks[j].text == "," and manner(j + 1)):
        return True  # "only stopped to say, with a very interesting look,"
    if j < end and toks[j].low in _PARTICLES:
        j = _skip_adverbs(toks, j + 1)
    if j + 1 < end and toks[j].low == "to" and (toks[j + 1].low in PRONOUNS or toks[j + 1].low in {"them", "us", "me"}):
        j = _skip_adverbs(toks, j + 2)
    return j >= end or manner(j)


def _sentence_subject(toks: list[Token], verb: int, cast: _Cast, sal: _Salience,
                      exclude: set[int]) -> _Ref | None:
    """The subject of the verb at ``toks[verb]``: the name before a ``who`` that the verb
    follows, else the sentence's first mention that no preposition governs."""
    s0 = verb
    while s0 > 0 and toks[s0 - 1].text not in _TAG_STOPS:
        s0 -= 1
    for w in range(verb - 1, s0, -1):
        if toks[w].low == "whose" and not (verb - w <= 4 and all(t.is_word and not t.is_cap for t in toks[w + 1:verb])):
            continue  # only "whose clear voice said", its noun the verb's subject
        if toks[w].low in ("who", "whose") and not _subject_after(toks, w + 1, s0, verb, cast, sal, exclude):
            # "Ratcliffe, whose clear voice said": his voice, his words
            b = w - 1 if toks[w - 1].text == "," else w
            if b - 2 > s0 and toks[b - 2].low == "it" and toks[b - 1].low == "was":
                b -= 2  # "Gilbert it was who spoke up"
            for back in range(max(s0, b - 4), b):
                who, n = _mention(toks, back, cast, sal, exclude)
                if n and back + n == b:
                    return who
            # "met Maria in the landing place, who ... cried out,": the name before a short
            # place phrase (up to six words)
            for back in range(b - 1, max(s0, b - 7) - 1, -1):
                if toks[back].low in ("in", "at", "on", "by", "near") and back > s0:
                    for start in range(max(s0, back - 4), back):
                        who, n = _mention(toks, start, cast, sal, exclude)
                        if n and start + n == back and who is not None and who.certain:
                            return who
                    break
            return None
    # A mention opening a clause and followed by a verb-like word ("..., she turned and said,")
    # is the subject; one after a verb or participle is its object ("when hearing her brother").
    # The nearest such name is the subject of the clause the verb ends ("Anna laughed, so that
    # Tom could not help saying,"; "said Tom, and Anna, after thinking a moment, said:").
    for k in range(verb - 1, s0 - 1, -1):
        if toks[k].low in SUBJECT_PRONOUNS and (k == s0 or toks[k - 1].text in {",", "—", "--"}
                                                or toks[k - 1].low in ("and", "but", "then")):
            nxt = toks[k + 1] if k + 1 < verb else None
            if nxt is not None and nxt.is_word and not nxt.is_cap and nxt.low not in _NOT_VERBS:
                who, n = _mention(toks, k, cast, sal, exclude)
                if n:
                    return who
        elif toks[k].low in ("his", "her", "their") and (k == s0 or toks[k - 1].text in {",", "—", "--"}
                                                         or toks[k - 1].low in ("and", "but", "then")):
            # "When Kitty heard it she was radiant, but her mother only shook her head and said,":
            # a relative opening the verb's clause is its subject
            who, n = _mention(toks, k, cast, sal, exclude)
            if n >= 2 and who is not None and who.cands and k + n < verb and _acts(toks, k + n, verb):
                return who
        elif toks[k].low in ("it", "they", "we") and _clause_subject_at(toks, k, 1, s0, verb) \
                and _acts(toks, k + 1, verb):
            break  # "... and it said in a low voice,": the nearest subject is not a name
        elif toks[k].is_cap and ")" not in cast.source[toks[k].end:toks[verb].start]:  # "(with passion, Alice thought)"
            who, n = _mention(toks, k, cast, sal, exclude)
            if n and who is not None and who.certain and k + n < verb and _clause_subject_at(toks, k, n, s0, verb) \
                    and _acts(toks, k + n, verb):
                return who
    # "opportunity for Frank to draw near her and say,": the subject of the infinitive the verb
    # ends; "without Mr. Hale's giving a sigh, and saying,": of the gerund
    for k in range(verb - 1, s0, -1):
        if toks[k].low == "for" or (toks[verb].low.endswith("ing") and toks[k].is_cap):
            who, n = _mention(toks, k + 1 if toks[k].low == "for" else k, cast, sal, exclude)
            at = k + 1 + n if toks[k].low == "for" else k + n
            if not n or who is None or not who.certain or at >= verb:
                continue
            if toks[k].low == "for" and toks[at].low == "to" \
                    and not any(t.text in {",", ";", "—", "--"} for t in toks[at:verb]):
                return who
            if toks[k].low != "for" and cast.source[toks[at - 1].end:toks[at - 1].end + 2] in ("'s", "\u2019s") \
                    and toks[at].low.endswith("ing"):
                return who
    # "As Anna went up the stairs, Mary followed her, saying,": the name that opens the main
    # clause, not one in the adverbial clause before it.
    main = _main_clause(toks, s0, verb)
    if main > s0:
        who, n = _mention(toks, main, cast, sal, exclude)
        if n and who is not None and who.certain and main + n < verb:
            return who
    k = s0
    while k < verb:
        if toks[k].is_word and (k == s0 or toks[k - 1].low not in _PREPOSITIONS):
            who, n = _mention(toks, k, cast, sal, exclude)
            if n:
                return who if k + n < verb else None
        elif toks[k].is_cap:
            # "before Mr. Woodhouse had reached her": a name after a preposition is read whole,
            # not again from its second word
            k += max(1, _mention(toks, k, cast, sal, exclude)[1])
            continue
        k += 1
    if s0 > 1 and toks[s0 - 1].text == ";" and toks[s0].low in ("and", "but", "then"):
        # "Upon this, the boy crossed over; and walking close up to Oliver, said,": a verb with
        # no subject of its own after a semicolon goes on with the clause before it
        return _sentence_subject(toks, s0 - 1, cast, sal, exclude)
    return None


_CLAUSE_OPENERS = {"and", "but", "then", "that", "so", "whereupon"}

_SUBORDINATORS = {"when", "while", "whilst", "as", "until", "till", "because", "if", "though", "although",
                  "since", "after", "before", "once"}


def _subject_after(toks: list[Token], k0: int, s0: int, verb: int, cast: _Cast, sal: _Salience,
                   exclude: set[int]) -> bool:
    """Does a name between ``toks[k0]`` and the verb open a clause of its own as its subject
    (``Anna, who smiled, upon which Mary rose and exclaimed:``), or a he/she after a comma
    (``turning to Tom, who stood behind, she rapped out:``): then the ``who`` before it is
    not the verb's subject."""
    for k in range(k0, verb):
        if toks[k].low in SUBJECT_PRONOUNS and toks[k - 1].text in {",", "—", "--"} and k + 1 < verb \
                and toks[k + 1].is_word and not toks[k + 1].is_cap and toks[k + 1].low not in _NOT_VERBS:
            return True  # "Martha, who were walking behind, she rapped out:"
        if toks[k].is_cap:
            who, n = _mention(toks, k, cast, sal, exclude)
            if n and who is not None and who.certain and k + n < verb \
                    and _clause_subject_at(toks, k, n, s0, verb) and _acts(toks, k + n, verb):
                return True
    return False


def _clause_subject_at(toks: list[Token], k: int, n: int, s0: int, verb: int) -> bool:
    """Does the name at ``toks[k:k + n]`` stand where the subject of the clause of the verb at
    ``toks[verb]`` stands: opening the sentence or a clause (after a comma, a dash, ``and``,
    ``but``; after ``that`` when no comma comes between it and the verb)? After a subordinator
    only when its clause is the verb's: the name's own next verb (``until Thomas, turning round,
    said``; not ``Her father, when Anna came in, said:``), or a speech verb the participle goes
    on from (``while Mrs. Reynolds replied, that he was, adding,``; not ``as Mary followed
    her, saying,``)."""
    prev = toks[k - 1] if k > s0 else None
    if prev is not None and prev.low == "which" and k - 2 >= s0 and toks[k - 2].low in _PREPOSITIONS:
        return True  # "upon which Mary rose and exclaimed,": the relative opens her clause
    if prev is not None and prev.low in _SUBORDINATORS and verb > s0 and toks[verb - 1].low == "by" \
            and toks[verb].low.endswith("ing"):
        return True  # "when Tom startled her, by saying,": the means of the clause's own verb
    if prev is not None and prev.low == "that":
        # "so loud that Tom could not help saying," (the verb is in the clause), not
        # "suggesting that Tom never ought to come, ..., now said:" (a clause inside another)
        return not any(t.text in {",", ";", "—", "--"} for t in toks[k:verb])
    if prev is not None and prev.low in _SUBORDINATORS:
        after = _skip_adverbs(toks, k + n)
        return after == verb or toks[after].text == "," or (
            toks[verb].low.endswith("ing") and _is_verb(toks, after) > 0)
    return prev is None or prev.text in {",", "—", "--"} or prev.low in _CLAUSE_OPENERS


def _acts(toks: list[Token], j: int, verb: int) -> bool:
    """After a name (ending before ``toks[j]``), a verb-like word (``found``, ``could``; ``at
    once explained``), or a parenthesis set off by commas that names nobody and ends right
    before the verb or its adverbs (``Anna, after thinking a moment, said``; ``Lydia, always
    unguarded, boisterously exclaimed``)."""
    j = _skip_adverbs(toks, j)
    nxt = toks[j]
    if nxt.is_word and not nxt.is_cap and nxt.low not in _NOT_VERBS:
        return True
    if nxt.text == ",":
        close = verb - 1
        while close > j and toks[close].text != ",":
            close -= 1
        if close > j and _skip_adverbs(toks, close + 1) == verb:
            inside = toks[j + 1:close]
            return not any(t.is_cap for t in inside) and "," not in {t.text for t in inside}
    return False


_OPENERS = {"as", "when", "while", "whilst", "if", "though", "although", "because", "since", "after",
            "before", "until", "till", "once", "unless"}


def _main_clause(toks: list[Token], s0: int, verb: int) -> int:
    """Where the main clause of the sentence starting at ``s0`` begins: after the comma that
    closes an adverbial clause opening it (``As she went up stairs,``), else at ``s0``."""
    if s0 < len(toks) and toks[s0].low in _OPENERS:
        for j in range(s0 + 1, verb):
            if toks[j].text == ",":
                return j + 1
    return s0
