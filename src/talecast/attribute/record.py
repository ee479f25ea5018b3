"""The salience record: the names the narration reads, in order, subjects marked
(``_note_mentions``), which ``mentions._resolve`` reads to tell what a pronoun means.

A name is a subject unless it stands in a ``that``/``if``/``since``/``as soon as`` clause
(also after a degree word: ``how often Tom had``), right after a verb (``saw Mary walk
in``, its object), after a preposition, or in a clause whose subject is a he/she of its
gender, after that one's verb (``She was tired of Anna's stories``: the she is someone else,
and what the clause is about); a name opening its sentence before a relative
clause (``Anna, whose hands were cold, sat down``) is one, a name before a one-word aside
or an apposition and its verb (``Mary, however, turned away``, ``Gregory, the anarchic
poet, connected``) is one, and so is a name opening a clause before a phrase between commas
and its verb (``Mr. Woodhouse, with a shake of the head, called``, ``and Hall, still holding
the bottle, went first``, ``The man called Gogol, who had hardly spoken, threw up his hands``;
``_parenthesis_end``), a name ending a sentence after ``was`` is one (``The lady was
Mrs. Grey.``), and so is the one character named in the first clause of a sentence about
a thing (``This was no comfort to Anna``), a relative (``Her mother was too happy``; inside a
clause too, ``by the time her father had come in``, when the relative is surely one of the cast,
the one Mrs. or Mr. of the owner's family, and no possessive, subordinator, preposition or verb
makes it something else: ``_inner_subject``) and the
agent of a passive (``she was overtaken by Tom``). Both names of a
compound subject are subjects (``Katharine and Ralph were agreed``; not ``between Katharine and
Ralph.``), and so is the topic ``as for`` brings in (``As for Polina, she had looked on``). An indefinite
description whose words, two or more, are a cast role's name (``a stout man`` for ``The Stout
Man``; not ``a mouse`` for ``The Mouse``) is a mention of that role. The writer of a letter
the narration reads (``The letter was in Frank's neat hand``, ``a note from Tom``) is no
mention: he is not there.
"""
from __future__ import annotations

import bisect

from .cast import _Cast
from .mentions import _NOT_VERBS, _RELATIVES, _mention, _prefer, _resolve, _role_brought_in, _title_holder
from .names import CLAUSE_END, PRONOUNS, SENTENCE_END, SUBJECT_PRONOUNS, Token, marked
from .salience import _Salience
from .verbs import SPEECH_VERBS

_NO_NAME: tuple[list[int], int] = ([], 0)


def _note_mentions(toks: list[Token], cast: _Cast, sal: _Salience):
    """Record every name in the narration; a name followed by a lower-case word is a subject."""
    names = cast.index.found(toks)
    # where a mention may start: a name, an article (a role brought in), a possessive (a
    # relative); a word read as part of a mention is not read again (all of them among the
    # marked words, ``names.marked``: a name's start, and the determiners, in reading order)
    starts = [k for k in marked(toks) if k in names or toks[k][3] in _OPENERS]
    after = 0
    for k in starts:
        if k < after:
            continue
        ids, n = names.get(k, _NO_NAME)
        if ids:
            ids = _title_holder(toks, k, n, ids, cast, sal)
            nxt = toks[k + n] if k + n < len(toks) else None
            if nxt is not None and nxt.text == "," and k + n + 3 < len(toks) \
                    and toks[k + n + 1].low in _ASIDES and toks[k + n + 2].text == ",":
                nxt = toks[k + n + 3]  # "Mr. Knightley, however, shewed no triumph": an aside
            elif nxt is not None and nxt.text == "," and k + n + 1 < len(toks) \
                    and toks[k + n + 1].low in ("the", "a", "an"):
                e = next((m for m in range(k + n + 2, min(k + n + 8, len(toks))) if not toks[m].is_word), None)
                if e is not None and toks[e].text == "," and e + 1 < len(toks) and all(
                        not t.is_cap for t in toks[k + n + 2:e]):
                    nxt = toks[e + 1]  # "Mr. Lucian Gregory, the anarchic poet, connected": an apposition
            elif nxt is not None and nxt.text == "," and _opens_clause(toks, k, names):
                e = _parenthesis_end(toks, k + n)
                if e is not None:
                    nxt = toks[e]  # "Mr. Woodhouse, with a shake of the head, called": a phrase between commas
            if k + n + 1 < len(toks) and nxt is toks[k + n] and nxt.low == "and":
                n2 = cast.index.match(toks, k + n + 1)[1]
                if n2 and k + n + 1 + n2 < len(toks):
                    nxt = toks[k + n + 1 + n2]  # "Katharine and Ralph were agreed": both are subjects
            subject = nxt is not None and nxt.is_word and not nxt.is_cap and nxt.low not in _NOT_VERBS \
                and nxt.low not in _NO_VERB_NEXT \
                and not (k and toks[k - 1].low in _SUBORDINATE) and not _after_as_soon_as(toks, k) \
                and not (k > 1 and toks[k - 1].low in _DEGREE and toks[k - 2].low in _SUBORDINATE) \
                and not _object_of_verb(toks, k) or _relative_follows(toks, k, n) \
                or (k and toks[k - 1].low in ("was", "is") and nxt is not None and nxt.text in SENTENCE_END)
            if k >= 2 and toks[k - 1].low in ("for", "to") and toks[k - 2].low == "as" \
                    and nxt is not None and nxt.text == ",":
                subject = True  # "As for Polina, she had looked on": the topic
            who = _prefer(ids, sal, toks[k].start)
            if subject and _inside_pronoun_clause(toks, k, cast.gender[who]):
                subject = False  # "She was suspicious of Anne's big words": the she is the subject
            if _writer(toks, k, n, cast.source):
                after = k + n  # "The letter was in Frank's neat hand": its writer is not there
                continue
            sal.add(toks[k].start, who, subject or _passive_agent(toks, k, cast.gender[who]))
            after = k + n
            continue
        t = toks[k]
        if t.low in ("a", "an") and k + 2 < len(toks):
            role = _role_brought_in(toks, k, cast)
            if role is not None and role[1] >= 3:
                # "a stout man with a bunch of keys" brings in the cast's "The Stout Man" (two
                # words or more: "a mouse" is no "The Mouse")
                nxt = toks[k + role[1]] if k + role[1] < len(toks) else None
                sal.add(t.start, role[0].cands[0], nxt is not None and nxt.is_word and not nxt.is_cap
                        and nxt.low not in _NOT_VERBS)
                after = k + role[1]
                continue
        if t.low in _KIN_OWNERS and k and toks[k - 1].is_word and toks[k - 1].low not in ("and", "but", "by") \
                and any(w.low in _RELATIVES for w in toks[k + 1:k + 4]):
            # "by the time her father had arranged himself": inside a clause, the relative who is
            # surely one of the cast (the one Mrs. or Mr. of the owner's family) as a subject
            ref, n = _mention(toks, k, cast, sal, set())
            if ref is not None and ref.kin and ref.cands and toks[k + n - 1].low in _RELATIVES \
                    and _inner_subject(toks, k, n, cast.source):
                sal.add(t.start, ref.cands[0], True)
                after = k + n
                continue
        if t.low in _KIN_OWNERS and (k == 0 or toks[k - 1].text in CLAUSE_END | {","}
                                     or toks[k - 1].low in ("and", "but")):
            # "Her mother was too happy", "Their affectionate mother shared...": a relative as
            # the subject is someone of the cast too.
            ref, n = _mention(toks, k, cast, sal, set())
            nxt = toks[k + n] if n and k + n < len(toks) else None
            if ref is not None and ref.cands and toks[k + n - 1].low in _RELATIVES and nxt is not None \
                    and nxt.is_word and not nxt.is_cap and nxt.low not in _NOT_VERBS:
                who = ref.cands[0]
                if ref.sibling and len(ref.cands) > 1 and t.low in PRONOUNS:
                    # "His brother looked after him": not the one "his" means, the latest subject
                    owner = _resolve(cast, sal, t.start, PRONOUNS[t.low], set())
                    if owner and owner[0] == who:
                        who = ref.cands[1]
                sal.add(t.start, who, True)
                after = k + n
                continue
        if t.low in _KIN_OWNERS and k >= 2 and toks[k - 1].low == "by":
            # "she was met by her father": a relative as the agent of a passive
            ref, n = _mention(toks, k, cast, sal, set())
            if ref is not None and ref.cands and toks[k + n - 1].low in _RELATIVES \
                    and _passive_agent(toks, k, cast.gender[ref.cands[0]]):
                sal.add(t.start, ref.cands[0], True)
                after = k + n
                continue
    _topic_of_thing_sentences(toks, sal)


def _inside_pronoun_clause(toks: list[Token], k: int, gender: str) -> bool:
    """Does the name at ``toks[k]`` stand in a clause whose subject is a he/she of its gender,
    after that he/she's verb (``She was suspicious of Anne's big words``, ``she fell into a train
    of thinking on Mrs. Weston's suspicions``, ``she rose and looked at Anna``)? That he/she is
    someone else, and the clause is about her, not the name. Not a name opening a clause of its
    own (``She nodded, and Tom went out``), nor the agent of a passive (``she was met by Tom``)."""
    if k == 0 or toks[k - 1].low in ("and", "but", "then", "or", "by") or toks[k - 1].text in CLAUSE_END | {","}:
        return False
    for j in range(k - 1, -1, -1):
        t = toks[j]
        nxt = toks[j + 1]
        verb_next = nxt.is_word and not nxt.is_cap and nxt.low not in _NOT_VERBS
        if t.low in SUBJECT_PRONOUNS and verb_next:
            return SUBJECT_PRONOUNS[t.low] == gender
        if t.low in ("and", "but"):
            if verb_next and nxt.low not in PRONOUNS:
                continue  # "she rose and looked at Anna": the she's clause goes on
            return False
        if t.text in SENTENCE_END or t.text in CLAUSE_END or t.text in (",", "\"", "\u201c", "\u201d") \
                or t.low in _SUBORDINATE or t.low in ("who", "which", "whose"):
            return False
    return False


def _inner_subject(toks: list[Token], k: int, n: int, source: str) -> bool:
    """Is the description ``toks[k:k + n]``, inside a clause, that clause's subject: a verb-like
    lower-case word follows (no possessive: ``her mother's eyes``), and it stands after no
    subordinator, preposition, verb (``make his wife understand``, its object) or speech verb
    (``said her mother``: the speech tag's, which the tag rules read), nor ``whatever``
    (``whatever his mother said``)?"""
    nxt = toks[k + n] if k + n < len(toks) else None
    prev = toks[k - 1].low
    return nxt is not None and nxt.is_word and not nxt.is_cap and nxt.low not in _NOT_VERBS \
        and nxt.low != "s" and source[toks[k + n - 1].end:toks[k + n - 1].end + 2] not in ("'s", "\u2019s") \
        and nxt.low not in SPEECH_VERBS and prev not in SPEECH_VERBS and prev not in _SUBORDINATE \
        and prev not in _PREPOSITIONS and prev not in ("whatever", "whoever") and not _object_of_verb(toks, k)


def _topic_of_thing_sentences(toks: list[Token], sal: _Salience) -> None:
    """``This was no comfort to Anna, and ...``: when a sentence's subject is a thing and its
    first clause (up to ``;`` or a dash) names one character only, and not as a subject, that
    character is what it is about."""
    if not toks:
        return
    lo, hi = toks[0].start, toks[-1].end
    i = bisect.bisect_left(sal.events, (lo,))
    j = bisect.bisect_right(sal.events, (hi + 1,))
    if i == j:
        return
    at = None  # token index by offset, made when a sentence needs it
    start = 0
    # each sentence end (among the marked words, ``names.marked``), and the end of the tokens
    for k in [*(k for k in marked(toks) if toks[k][0] in SENTENCE_END), len(toks)]:
        if start < k and toks[start].low in _THING_OPENERS:
            if at is None:
                at = {t.start: n for n, t in enumerate(toks)}
            first = next((m for m in range(start, k) if toks[m].text in CLAUSE_END), k)
            a, b = toks[start].start, toks[first - 1].end
            inside = [m for m in range(i, j) if a <= sal.events[m][0] <= b]
            if inside and len({sal.events[m][1] for m in inside}) == 1 and not any(
                    sal.events[m][2] or _subordinate(toks, at.get(sal.events[m][0])) for m in inside):
                m = inside[0]
                sal.events[m] = (sal.events[m][0], sal.events[m][1], True)
        start = k + 1


_THING_OPENERS = {"this", "that", "it", "such", "these", "those"}


def _subordinate(toks: list[Token], k: int | None) -> bool:
    """Does the name at ``toks[k]`` open a subordinate clause (``since Mary had gone``)?"""
    return k is not None and k > 0 and (toks[k - 1].low in _SUBORDINATE or _after_as_soon_as(toks, k))


_KIN_OWNERS = {"his", "her", "their"}
_OPENERS = {"a", "an"} | _KIN_OWNERS  # (``_note_mentions``)
# "remembering how often William had ...": a degree word between a subordinator and the name
_DEGREE = {"often", "much", "long", "far", "soon", "once", "little", "nearly", "well"}
# One-word asides between a subject and its verb: "Mr. Knightley, however, shewed ..."
_ASIDES = {"however", "too", "indeed", "then", "therefore", "meanwhile", "also", "perhaps", "though",
           "instead", "moreover", "nevertheless", "accordingly"}


_CLAUSE_JOINS = {"and", "but", "then", "so", "yet", "or", "now", "here", "there"}
# Prepositions: a name after one is no clause's opening, a word after the phrase no verb.
_PREPOSITIONS = {"of", "in", "to", "at", "with", "from", "for", "by", "on", "as", "upon", "near", "towards",
                 "toward", "after", "before", "behind", "beside", "than", "into", "about", "under", "over",
                 "beyond", "through", "within", "without", "across", "along", "among", "against", "around",
                 "between", "like", "past", "not", "except"}


def _opens_clause(toks: list[Token], k: int, names: dict) -> bool:
    """Does the name at ``toks[k]`` open a clause: after a sentence's or clause's end, a comma or
    ``and``/``but``/``then``, or after up to two words opening the sentence that are no name,
    pronoun, preposition or verb (``Poor old Mrs. Bates``, ``One evening Marilla``; not ``Tom
    took Anna``; ``names``: the names found in ``toks``, by where they start); a name a description
    ``called`` or ``named`` opens the clause that description opens."""
    j = k - 1
    if j >= 1 and toks[j].low in ("called", "named"):
        # "The young man called Bull, with an innocent courtesy, insisted": the description's name
        j = next((m for m in range(j - 1, max(-1, j - 5), -1) if toks[m].low in ("the", "a", "an")), None)
        if j is None:
            return False
        k = j
        j -= 1
    while j >= 0 and k - j <= 2 and toks[j].is_word and toks[j].low not in _CLAUSE_JOINS:
        w = toks[j].low
        if j in names or (toks[j].is_cap and j and toks[j - 1].text not in SENTENCE_END) \
                or w in PRONOUNS or w in _NO_VERB_AFTER or w in _PREPOSITIONS or w in _NOT_VERBS \
                or w in _SEE_VERBS or w in _SUBORDINATE or w in SPEECH_VERBS \
                or (w.endswith(("ed", "ing")) and w not in _NOT_PARTICIPLES):
            return False
        j -= 1
    if j < 0:
        return True
    t = toks[j]
    if j < k - 1:  # words between: only at the sentence's opening
        return t.text in SENTENCE_END or t.text in ("\"", "“", "”")
    return t.text in CLAUSE_END or t.text == "," or t.low in _CLAUSE_JOINS


_NOT_PHRASE = {"and", "or", "but", "nor", "that", "which"}  # a list or another clause, not a phrase
_PARENTHESIS = 30  # tokens a phrase between commas may hold
# What may not follow the comma closing such a phrase: it opens another clause or a list.
_NO_VERB_AFTER = {"it", "they", "we", "you", "i", "his", "her", "their", "its", "this", "there", "so", "me",
                  "him", "them", "us",
                  "yet", "then", "if", "when", "though", "although", "while", "because"}


def _parenthesis_end(toks: list[Token], j: int) -> int | None:
    """``Mr. Woodhouse, with a melancholy shake of the head, called``, ``Hall, still holding the
    bottle, went first``: ``toks[j]`` is the comma after a name; when a phrase follows that
    opens with a lower-case word (no list, no new clause: not ``and``, ``that``, a pronoun), up to
    a comma and a lower-case word that may be the name's verb (no preposition, pronoun or
    conjunction), that word's index. A comma before ``and``/``or``/``but`` does not end the
    phrase (``Emma, too eager to hear him, or see him clearly, was``)."""
    first = toks[j + 1] if j + 1 < len(toks) else None
    if first is None or not first.is_word or first.is_cap or first.low in _NOT_PHRASE \
            or first.low in SUBJECT_PRONOUNS or first.low in _NO_VERB_AFTER:
        return None
    for m in range(j + 1, min(j + 1 + _PARENTHESIS, len(toks) - 1)):
        t = toks[m]
        if t.text in CLAUSE_END:
            return None
        if t.text == ",":
            w = toks[m + 1]
            if w.is_word and not w.is_cap and w.low not in _NOT_VERBS and w.low not in SUBJECT_PRONOUNS \
                    and w.low not in _NO_VERB_AFTER and w.low not in _PREPOSITIONS:
                return m + 1
            if w.low in ("and", "or", "but"):
                continue  # "Emma, too eager to hear him impartially, or see him with clear vision, was"
            return None
    return None


def _relative_follows(toks: list[Token], k: int, n: int) -> bool:
    """``Mrs. Grey, to whose room they went, received them``: a name opening its sentence and
    followed by a relative clause is the subject of the verb after that clause."""
    if k and toks[k - 1].text not in SENTENCE_END:
        return False
    rest = [t.low for t in toks[k + n:k + n + 3]]
    return rest[:1] == [","] and any(w in ("who", "whose", "whom") for w in rest[1:3])


_PARTICIPLES = {"met", "seen", "taken", "caught", "struck", "brought", "shown", "told", "held", "kept",
                "sent", "found", "heard", "led", "known", "given", "overtaken", "beaten", "spoken"}


def _passive_agent(toks: list[Token], k: int, gender: str) -> bool:
    """``she was overtaken by Wickham``, ``joined by Bingley``: the one after ``by`` that
    follows a past participle does the deed; it is the subject in meaning, unless a he/she
    of its gender is the passive's subject (``He was followed by Jones``: he stays the topic)."""
    if k < 2 or toks[k - 1].low != "by":
        return False
    verb = toks[k - 2].low
    if not (toks[k - 2].is_word and (verb.endswith("ed") or verb in _PARTICIPLES)):
        return False
    j = k - 2
    while j > 0 and toks[j - 1].text not in CLAUSE_END:
        j -= 1
        if toks[j].low in SUBJECT_PRONOUNS and SUBJECT_PRONOUNS[toks[j].low] == gender:
            return False
    return True


_SEE_VERBS = {"saw", "see", "sees", "seen", "met", "meet", "meets", "heard", "hear", "hears", "let", "lets",
              "made", "make", "makes", "found", "find", "finds", "watch", "watches", "bid", "bade"}


# Words in -ing/-ed that are no verbs ("That evening Tom came").
_NOT_PARTICIPLES = {"morning", "evening", "nothing", "something", "anything", "everything", "thing", "king",
                    "ring", "spring", "during", "wedding", "building", "ceiling", "indeed", "beloved",
                    "bed", "red", "hundred", "need", "naked", "wicked", "aged", "learned", "blessed"}


def _object_of_verb(toks: list[Token], k: int) -> bool:
    """``on seeing Tom join the group``, ``she saw Tom walk in``: a name right after a verb is
    its object, though a verb follows the name (speech verbs aside: ``replied Tom coolly``)."""
    if k == 0:
        return False
    prev = toks[k - 1]
    if not prev.is_word or prev.is_cap or prev.low in SPEECH_VERBS or prev.low in _NOT_PARTICIPLES:
        return False
    return prev.low.endswith(("ing", "ed")) or prev.low in _SEE_VERBS


def _after_as_soon_as(toks: list[Token], k: int) -> bool:
    """``As soon as Jane had read ...``: a name after ``as soon as``/``as long as`` is the
    subject of a subordinate clause, not of the sentence."""
    return k >= 3 and toks[k - 1].low == "as" and toks[k - 2].low in ("soon", "long") \
        and toks[k - 3].low == "as"


# Words that open a subordinate clause: its subject is not what the paragraph is about.
_SUBORDINATE = {"that", "than", "if", "whether", "because", "though", "although", "unless", "till", "since",
                "until", "whom", "when", "while", "where", "why", "how", "what"}
# After a name, a subordinator, ``no``, ``not`` or an adverb of place or direction is no verb: the
# name ends its clause as an object (``he would part from Rodney when they reached it``, ``to tell
# Mrs. Hilbery what had happened``, ``perceiving in Elizabeth no inclination``, ``did I love Polina
# not so very much?``, ``though he had Jaffers down``, ``sent Tom away``), and is no subject. (Not
# ``that``, already no verb, nor ``than``; a preposition after a name was tried too and lost: ``put
# the Grandmother into her compartment`` is an object the next he/she means as often as not.)
_NO_VERB_NEXT = (_SUBORDINATE - {"that", "than"}) | {"no", "not", "again", "there", "here"} | {
    "down", "downstairs", "upstairs", "away", "up", "out", "back", "off", "aside", "home", "together",
    "apart", "forward", "round"}


# What someone writes: its writer, named beside it, is not in the scene.
_WRITINGS = {"letter", "letters", "note", "notes", "handwriting", "writing", "epistle", "epistles",
             "message", "telegram", "card", "manuscript", "signature", "postscript"}


def _writer(toks: list[Token], k: int, n: int, source: str) -> bool:
    """The name at ``toks[k:k + n]`` is the writer of a text the narration reads: a possessive
    before a writing (``Tom's letter``, up to two adjectives; ``in Frank's neat hand``) or after
    ``from``/``by`` following one (``a letter from Frank``, ``a note written by Tom``). The
    writer is elsewhere: no mention of someone in the scene, whom a pronoun may mean."""
    end = k + n
    if end < len(toks) and source[toks[end - 1].end:toks[end - 1].end + 2] in ("'s", "\u2019s"):
        for j in range(end, min(end + 3, len(toks))):
            if not toks[j].is_word or toks[j].is_cap:
                break
            if toks[j].low in _WRITINGS or (toks[j].low == "hand" and k and toks[k - 1].low == "in"):
                return True
    if k >= 2 and toks[k - 1].low in ("from", "by"):
        for j in range(k - 2, max(-1, k - 5), -1):
            if not toks[j].is_word:
                break
            if toks[j].low in _WRITINGS:
                return True
    return False
