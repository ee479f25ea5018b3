"""What a mention means: a name, a pronoun or a description in the narration, resolved to the
characters of the cast it may mean, likeliest first (``_mention``, ``_resolve``). The
salience record of the names the narration reads is ``record``.

Rule 1, ``tag`` (the tag's words: ``speech_tags``):
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
   names inside the quote are listeners and never resolve.
   Descriptions (``_mention``): ``the March Hare`` is the name ``March Hare``;
   ``replied the nursemaid`` after ``Theodosia, the nursemaid,`` (``The proprietor, Mr. Turner,
   asked`` a little after, in the chapter) is the one the apposition names, over a cast role of
   that noun (``tied``; not a noun many share, ``the man``);
   ``the jailer`` that two roles derive (``The Jailer At Oliver's Trial``, ``The Jailer At
   The Dodger's Trial``) is the one whose own words name the character named last;
   ``the doctor`` in lower case, which the cast gives a minor character as a name
   (``The Doctor``), is the one the text names by that title (``Doctor Losberne``)
   when that one was named in the last 20,000 characters;
   the owner of ``her brother`` is the one woman the quote calls by name
   (``"Caroline, ..." cried her brother``), and between two sisters ``her
   sister`` may be either, but not the voice beside it (named lately or not);
   ``her aunt``/``her uncle`` is a married Mrs./Mr.
   (the cast has the spouse); ``her Ladyship`` is the titled lady herself;
   ``replied the other`` is one just named (in a conversation, the one the last
   speaker talks with: ``sieve``); ``said Mr. Grey's wife``, ``cried
   the undertaker's good lady`` is the one Mrs. of that family (of a bare family name
   too: ``said Cratchit's wife``), ``said Scrooge's nephew`` the character named ``Scrooge's
   Nephew`` (a cast's, or discovered: ``discover._relatives``; a cast without one: one of
   Scrooge's family, else nobody), ``said the nephew`` who ``Scrooge's nephew`` said
   lately is, ``rejoined Tom's
   benefactress`` someone of her sex, never Tom; ``our visitor`` takes the gender of
   the next he/she of its sentence; ``"...," was her answer`` names the owner (``was my reply``:
   the narrator; ``was his mother's only reply``: his mother).
   A grown person's description (``the old gentleman``, ``the man``, ``the
   lady``; not ``the young gentleman``) is not one the narration calls ``little
   Oliver``, ``young Oliver`` or ``Master Bates`` three times or more (``_young``),
   while another candidate is left; ``the girl`` is no Mrs., ``the boy`` no Mr. and ``the old
   lady`` (``the elder lady``) no Miss while one of the three likeliest is neither
   (``_by_age_title``); ``the boy`` (``lad``, ``youth``, ``child``) is
   such a one first, among the three likeliest.
   ``said the red-faced gentleman in the high chair``, ``cried the man with the beard`` is
   the cast's role of that noun and phrase (``The Gentleman In The High Chair``, ``The Man
   With The Black Beard``), adjectives aside, when one phrase's words are all in the other
   (``_qualified_role``); ``said one``, ``said another``, ``said the second``, ``one of
   them`` is the cast's role named as one of the group the narration wrote last in the 1,500
   characters before (``his enemies``: ``One Enemy``, ``Another Enemy``; ``the housemaids``:
   ``The Second Housemaid``), ``asked one of the men``, ``one wondering labourer`` the role
   of that noun (``One Of The Men``, ``One Wondering Labourer``; ``_group_role``).
   ``anon``: a description that cannot be a character of the cast is nobody
   (None: a voice of its own, never the nearest character of its sex): an
   indefinite speaker (``cried a voice``, ``said one of the men``, ``inquired
   another``, ``asked a third``, ``cried several voices``) no such role is; ``said the voice``
   when the narration just before gives no voice an owner (``his voice came up
   from below``, ``an angry voice--the Rabbit's--``) and the text names no one new
   of its gender soon after (``cried a voice`` ... ``Noah Claypole`` named for the
   first time: Noah) nor sees, up to the next quote, one not named lately (``said a
   timid voice at her side. She was walking by the White Rabbit``: the Rabbit); ``the
   boy`` when the text brought in ``a boy in a red cap`` (``two gentlemen``, ``said one of the gentlemen``)
   a little before and no character of that sex was first named there or right
   after it (``a tall gentleman, Mr. Grey,``); ``the boy`` who answers the one
   who just spoke when that one is the only candidate of its sex named lately.
   Not a noun a character is known by (a word of a cast name, ``The Queen``),
   nor a relative (``her father``), nor one that thinks (``the tired girl
   thought``: the one whose mind the narration follows). How such a turn
   stays nobody's is the sieve's part (``sieve``).
"""
from __future__ import annotations

import bisect
import re
import weakref
from collections import Counter
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import islice

from .names import (DETERMINERS, FEMALE, MALE, PERSON_NOUNS, PRONOUNS, SENTENCE_END, SUBJECT_PRONOUNS, UNKNOWN,
                    Token, name_key, spaced, tokens)
from .cast import _TITLES_ALONE, _Cast
from .verbs import SPEECH_VERBS
from .salience import _Salience


_FORGOTTEN = 20000  # characters: one not named for this long is no longer what a pronoun means
_JUST_NAMED = 400     # characters: a subject named this close before a pronoun outranks the protagonist



def _elders(owner: int, noun: str, cast: _Cast) -> list[int]:
    """The Mrs. (for mother/wife) or Mr. (father/husband) of ``owner``'s family besides the owner."""
    family = cast.surnames[owner]
    return [c for c in range(len(cast.chars)) if c != owner and _ELDER[noun] in cast.titles[c]
            and family & cast.surnames[c]] if family else []


def _owner_with(owners: list[int], noun: str, cast: _Cast) -> int:
    """``her mother``: the likeliest owner who has a mother in the cast (not the family's
    Mrs. herself); the likeliest owner for other nouns or when none has. A wife's or a
    husband's owner is no one the cast calls Miss."""
    if noun in ("wife", "husband"):
        # "said her husband": a Miss has none (Miss Woodhouse's Mr. Woodhouse is her father)
        owners = [o for o in owners if "miss" not in cast.titles[o]] or owners
    if noun in ("mother", "father", "wife", "husband"):
        return next((o for o in owners[:3] if _elders(o, noun, cast)), owners[0])
    return owners[0]


_NOT_VERBS = {"and", "or", "of", "in", "to", "at", "with", "from", "for", "by", "on", "as", "the", "a",
              "who", "whom", "whose", "which", "that", "but", "nor"}


_TITLE_WORDS = {"dr": "doctor", "doctor": "doctor", "capt": "captain", "col": "colonel", "gen": "general",
                "prof": "professor"}


def _title_holder(toks: list[Token], k: int, n: int, ids: list[int], cast: _Cast, sal: _Salience) -> list[int]:
    """``the doctor`` written in lower case matches a cast character named by the description
    (``The Doctor``, a minor one); when someone the text names by that title (``Doctor
    Losberne``) was named in the last ``_FORGOTTEN`` characters, the description is that one
    (the most recently named, if several)."""
    if n != 2 or toks[k].low != "the" or toks[k + 1].is_cap:
        return ids
    titled = getattr(cast, "titled", None)
    if titled is None:  # title word -> the characters named by it ("Doctor Losberne"), once per cast
        titled = cast.titled = {}
        for c, ch in enumerate(cast.chars):
            for key in map(name_key, ch.names()):
                if len(key) >= 2 and key[1][:1].isupper():
                    titled.setdefault(_TITLE_WORDS.get(key[0].lower(), key[0].lower()), set()).add(c)
    noun = _TITLE_WORDS.get(toks[k + 1].low, toks[k + 1].low)
    at = toks[k].start
    holders = [c for c in sorted(titled.get(noun, ())) if c not in ids and sal.named_since(c, at - _FORGOTTEN, at)]
    if not holders:
        ahead = _named_ahead(cast, sorted(c for c in titled.get(noun, ()) if c not in ids), at)
        return [ahead] if ahead is not None else ids
    return [_prefer(holders, sal, at)]


def _named_ahead(cast: _Cast, cands: list[int], at: int) -> int | None:
    """Of ``cands``, the one the narration names first in the ``_TIED_AHEAD`` characters after
    ``at``, in its chapter (``"And you, Miss Rose," said the doctor`` a page before the text
    names him ``Mr. Losberne``: the scene names him after his first words), else None."""
    if not cands:
        return None
    starts = cast._starts
    i = bisect.bisect_right(starts, at)
    end = min(at + _TIED_AHEAD, starts[i] if i < len(starts) else len(cast.source))
    pats = cast.__dict__.setdefault("_name_pats", {})
    best = None
    for c in cands:
        pat = pats.get(c)
        if pat is None:
            forms = sorted({f for f in cast.chars[c].names() if not f.startswith("The ")}, key=len, reverse=True)
            pat = pats[c] = re.compile(r"\b(?:" + "|".join(re.escape(f) for f in forms) + r")\b") if forms else False
        if pat:
            m = pat.search(cast.source, at, end)
            if m is not None and _in_narration(cast, m.start()) and (best is None or m.start() < best[0]):
                best = (m.start(), c)
    return best[1] if best else None


def _in_narration(cast: _Cast, off: int) -> bool:
    spans = cast.narration
    j = bisect.bisect_right(spans, (off, float("inf"))) - 1
    return j >= 0 and spans[j][0] <= off < spans[j][1]


def _prefer(ids: list[int], sal: _Salience, at: int) -> int:
    """Of several characters a name could be, the most recently mentioned (else the first)."""
    if len(ids) == 1:
        return ids[0]
    for who in sal.recent(at):
        if who in ids:
            return who
    return ids[0]


# Apposition ties: the narration says who holds a role ("Theodosia, the nursemaid,", "The
# proprietor, Mr. Turner, asked", "Mr. Losberne, a surgeon in the neighbourhood"). A person
# noun many share ("the man", "the old lady": the epithet rules read those) or a relative ties
# no one.
_TIE_SHARED = {"man", "woman", "gentleman", "lady", "girl", "boy", "fellow", "child", "other", "voice",
               "person", "youth", "lad", "creature", "one", "stranger", "visitor", "companion", "friend",
               "guest", "host"}
_TIED_AHEAD = 3000  # characters: a tie this soon after a description, in its chapter, says who it was
_TIE_NAME = (r"(?:(?:Mr|Mrs|Ms|Miss|Dr|Doctor|Captain|Colonel|Inspector|Professor|Lady|Lord|Sir|Madame|"
             r"Monsieur|Mademoiselle|Comrade|Master|Mistress)\.?\s+)?[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*){0,2}")
# (found at each ", the"/", a" of the narration: a name must end right before it)
_TIE_AFTER = re.compile(r",\s+(?:the|an?)\s+((?:[a-z][a-z-]*\s+){0,3}?)([a-z][a-z-]*)"
                        r"(?=\s*[.;:!?]|,(?!\s+(?:and|or)\b)|\s+(?:of|in|at|who|whose|from|to|for|on|with)\b)")
_NAME_BEFORE = re.compile(r"(?<![\w.])(?<!,\s)(?<!,)(" + _TIE_NAME + r")$")
_TIE_BEFORE = re.compile(r"The\s+((?:[a-z][a-z-]*\s+){0,2}?)([a-z][a-z-]*),\s+(" + _TIE_NAME +
                         r")(?=\s*[,.;:!?])(?!,\s+(?:and|or)\b)")
_SENTENCE_START = re.compile(r"(?:^|[.!?]\s+|\n\s*)$")


def _ties(cast: _Cast) -> dict[str, list[tuple[int, int, list[int]]]]:
    """Every apposition of the narration (not the quotes) that ties a role noun to a name of the
    cast, by noun, in reading order: (offset of the name, end of the apposition, the characters
    the name may be). Read once per cast; ``tied`` reads only the nouns a speech tag uses."""
    if cast.ties is None:
        cast.ties = {}
        text = cast.source
        parts, last = [], 0
        for a, b in cast.narration:
            parts.append(" " * (a - last))
            parts.append(text[a:b])
            last = b
        parts.append(" " * (len(text) - last))
        narration = "".join(parts)
        found = []
        for m in _TIE_AFTER.finditer(narration):
            lo = max(0, m.start() - 80)
            name = _NAME_BEFORE.search(narration, lo, m.start())
            if name is not None:
                found.append((name.start(1), m.end(), name.group(1), m.group(1), m.group(2)))
        # "The proprietor, Mr. Turner, asked": the description opens its sentence
        found += [(m.start(3), m.end(), m.group(3), m.group(1), m.group(2)) for m in _TIE_BEFORE.finditer(narration)
                  if _SENTENCE_START.search(narration, max(0, m.start() - 10), m.start())]
        found = [f for f in found if f[4] not in _TIE_SHARED and f[4] not in _RELATIVES and f[4] not in
                 _NOT_DESCRIBING and f[4] not in PRONOUNS and not any(w in PERSON_NOUNS or w in PRONOUNS
                                                                      for w in f[3].split())]
        # ("Oliver, the girl pulled him in": no role of Oliver's)
        for at, end, name, _words, noun in sorted(found):
            toks = tokens(name, at)
            ids = []
            for i in range(len(toks)):  # "Then Mr. Turner": the name that ends the words
                ids, n = cast.index.match(toks, i)
                if ids and i + n == len(toks):
                    break
                ids = []
            if ids:
                cast.ties.setdefault(noun, []).append((at, end, ids))
    return cast.ties


_THE_BEFORE = re.compile(r"(?:\b([a-z]+)\s+)?\b[Tt]he\s+(?:[a-z-]+\s+){0,2}$")
_WORD_AFTER = re.compile(r"\s+([a-z]+)")
_THE_ENDS = ("the", "The")


def _tag_noun(cast: _Cast, noun: str) -> bool:
    """Does a speech tag of the text use ``noun`` (``said the (portly) proprietor``, ``the
    proprietor resumed``)? Asked once per noun, of the nouns an apposition ties."""
    known = cast.tag_nouns.get(noun)
    if known is None:
        known = cast.tag_nouns[noun] = next(noun_tags(cast.source, noun), None) is not None
    return known


def noun_tags(text: str, noun: str, named: bool = True):
    """Where ``the NOUN`` (up to two words between) is a speech tag's speaker in ``text``
    (``said the vicar``, ``the vicar replied``), in order; with ``named`` False, not where a
    capitalised word follows (``replied the poet Syme``: the name says who)."""
    for m in re.finditer(re.escape(noun), text):
        s, e = m.start(), m.end()
        if (s and text[s - 1].isalpha()) or (e < len(text) and text[e].isalpha()):
            continue
        # (``_THE_BEFORE`` ends on "the" and at most two words, each followed by blanks: where
        # none of the last three runs of non-blanks before the noun ends on "the" or "The", it
        # cannot match, and its search, tried at each of the 60 positions, is skipped)
        if not any(w.endswith(_THE_ENDS) for w in text[max(0, s - 60):s].rsplit(None, 3)[-3:]):
            continue
        the = _THE_BEFORE.search(text, max(0, s - 60), s)
        if the is None:
            continue
        if not named and _NAME_AFTER.match(text, e):
            continue
        after = _WORD_AFTER.match(text, e)
        if the.group(1) in SPEECH_VERBS or (after is not None and after.group(1) in SPEECH_VERBS):
            yield s


_NAME_AFTER = re.compile(r"\s+[A-Z]")


def tied(cast: _Cast, sal: _Salience, noun: str, at: int) -> int | None:
    """Who ``the NOUN`` at offset ``at`` is by an apposition of the narration (``Theodosia, the
    nursemaid,``; ``The proprietor, Mr. Turner,``): the latest tie in the ``_FORGOTTEN``
    characters before, unless the text has brought in another of that noun since (``a
    nursemaid``); else the first tie in the ``_TIED_AHEAD`` characters after, in the same
    chapter (the scene names him after his first words). None when nothing ties the noun.
    A description's words (``mentions._mention``) and a he/she chain whose subject is such a
    description may both ask this."""
    ties = _ties(cast).get(noun)
    if not ties or not _tag_noun(cast, noun):
        return None  # ("Mr. Bumble, the chamber": no tag says "said the chamber")
    before = [(end, ids) for off, end, ids in ties if at - _FORGOTTEN <= off < at]
    if before:
        off, ids = before[-1]
        spans = cast.narration
        lo = max(0, bisect.bisect_right(spans, (off,)) - 1)
        hi = bisect.bisect_left(spans, (at,))
        if any(re.search(r"\b(?:[Aa]n?|[Aa]nother)\s+(?:[a-z-]+\s+){0,3}?" + re.escape(noun) + r"\b",
                         cast.source[max(a, off):min(b, at)]) for a, b in spans[lo:hi]):
            return None  # "a nursemaid came in": someone else holds the role now
        return _prefer(ids, sal, at)
    starts = cast._starts
    i = bisect.bisect_right(starts, at)
    chapter_end = starts[i] if i < len(starts) else len(cast.source)
    after = [ids for off, _end, ids in ties if at < off <= min(at + _TIED_AHEAD, chapter_end)]
    if after:
        return _prefer(after[0], sal, at)
    return None


def _tied_description(toks: list[Token], k: int, cast: _Cast, sal: _Salience, exclude: set[int]):
    """``said the portly proprietor``: ``the``, up to two adjectives and a role noun the
    narration ties to a name (``tied``) is that one, certain; (None, 0) otherwise, or when the
    quote calls that one (then he is spoken to)."""
    for j in range(k + 1, min(k + 4, len(toks))):
        w = toks[j]
        if not w.is_word or w.is_cap or w.low in _NOT_DESCRIBING:
            return None, 0
        if w.low in _TIE_SHARED or w.low in _RELATIVES:
            return None, 0
        who = tied(cast, sal, w.low, toks[k].start)
        if who is None:
            continue
        if j + 1 < len(toks) and toks[j + 1].is_cap and cast.index.match(toks, j + 1)[0]:
            return None, 0  # "replied the poet Syme": the name says who
        kin = _relative_of(toks, j, who, cast, sal, exclude)
        if kin is not None:  # "said the undertaker's wife": his wife
            return kin[0], kin[1] - k + 1
        return (_Ref((who,), True), j - k + 1) if who not in exclude else (None, 0)
    return None, 0


@dataclass(frozen=True, init=False)
class _Ref:
    """What a mention may refer to: candidates, most likely first; certain for names.
    (Made once per mention found: its ``__init__`` writes the fields straight into the instance's
    ``__dict__``, where a frozen dataclass's own keeps them, not through one ``object.__setattr__``
    call each, about five times faster; equality, hash, ``repr`` and ``replace`` are the
    dataclass's.)"""

    cands: tuple[int, ...]
    certain: bool
    recent: tuple[int, ...] = ()  # the three characters named last before the mention
    kin: bool = False  # ``her mother``: the one Mrs. of the owner's family, whoever spoke around
    sibling: bool = False  # ``her sister``: not the voice beside it, whose sister she is
    anon: bool = False  # ``replied the boy`` of ``a boy in Sunday clothes``: no character of the cast
    generic: bool = False  # ``the gentleman``: a common noun no character is known by
    epithet: str = ""  # ``the old gentleman``: its words after ``the`` (``old gentleman``), for a generic noun
    other: bool = False  # ``replied the other``: not the one who spoke just before
    kin_of: tuple = ()  # ``cried her husband``: (owner, that owner's one husband) for the owners it may mean
    pronoun: bool = False  # ``she said``: a he/she, not a description

    def __init__(self, cands: tuple[int, ...], certain: bool, recent: tuple[int, ...] = (), kin: bool = False,
                 sibling: bool = False, anon: bool = False, generic: bool = False, epithet: str = "",
                 other: bool = False, kin_of: tuple = (), pronoun: bool = False):
        d = self.__dict__
        d["cands"], d["certain"], d["recent"], d["kin"], d["sibling"], d["anon"] = \
            cands, certain, recent, kin, sibling, anon
        d["generic"], d["epithet"], d["other"], d["kin_of"], d["pronoun"] = generic, epithet, other, kin_of, pronoun

    @property
    def who(self) -> int | None:
        return self.cands[0] if self.cands else None

    def without(self, ids) -> "_Ref":
        """The same mention, none of ``ids`` among what it may mean."""
        return replace(self, cands=tuple(c for c in self.cands if c not in ids),
                       recent=tuple(c for c in self.recent if c not in ids))


_ELDER = {"wife": "mrs", "mother": "mrs", "aunt": "mrs", "lady": "mrs",
          "husband": "mr", "father": "mr", "uncle": "mr"}
# Relatives who usually share the owner's family name (an aunt or uncle often does not).
_KIN = {"wife", "lady", "husband", "mother", "father", "sister", "brother", "daughter", "son"}
_RELATIVES = _KIN | {"aunt", "uncle", "niece", "nephew"}


def _mention(toks: list[Token], k: int, cast: _Cast, sal: _Salience, exclude: set[int]) -> tuple[_Ref | None, int]:
    """What a name, pronoun or description at ``toks[k]`` refers to, and the tokens it uses.

    (None, 0) when there is no mention there. Names are certain; pronouns and
    descriptions list the recent characters of their gender, most recent first,
    leaving out ``exclude`` (the people addressed in the quote).
    """
    t = toks[k]
    if not t.is_word:
        return None, 0
    if t.low == "the" and k + 1 < len(toks):
        ref, n = _tied_description(toks, k, cast, sal, exclude)
        if ref is not None:  # "said the nursemaid" after "Theodosia, the nursemaid,": Theodosia
            return ref, n
    ids, n = cast.index.match(toks, k)
    if ids:
        ids = _title_holder(toks, k, n, ids, cast, sal)
        ok = [i for i in ids if i not in exclude] or ids  # a name in a tag is certain
        first = _prefer(ok, sal, t.start)
        kin = _relative_of(toks, k + n - 1, first, cast, sal, exclude)
        if kin is not None:
            return kin[0], kin[1] - k + 1
        return _Ref((first, *[i for i in ok if i != first]), True), n
    if t.low in ("the", "a") and k + 1 < len(toks):
        ids, n = cast.index.match(toks, k + 1)
        if ids:  # "said the March Hare" when the cast writes "March Hare"
            ok = [i for i in ids if i not in exclude] or ids
            first = _prefer(ok, sal, t.start)
            kin = _relative_of(toks, k + n, first, cast, sal, exclude)
            if kin is not None:
                return kin[0], kin[1] - k + 1
            return _Ref((first, *[i for i in ok if i != first]), True), n + 1
    if t.low == "the" and k + 2 < len(toks):
        role = _described_role(toks, k, cast, sal) or _qualified_role(toks, k, cast)
        if role is not None:  # "said the burly barman" when the cast has "The Barman"
            return role
    if t.low in ("a", "an"):
        role = _role_brought_in(toks, k, cast)
        if role is not None:  # "cried a looker-on" when the cast has "The Looker-on"
            return role
    if t.text == "I":
        if cast.narrator is None:  # a narrator the cast leaves out: nobody of the cast
            return _Ref((), False, anon=True), 1
        return _Ref((cast.narrator,), True), 1
    if t.low in SUBJECT_PRONOUNS:
        gender = SUBJECT_PRONOUNS[t.low]
        return _Ref(tuple(_resolve(cast, sal, t.start, gender, exclude)), False,
                    _recent_of(cast, sal, t.start, gender), pronoun=True), 1
    if t.low in ("his", "her") and k + 1 < len(toks) and toks[k + 1].low in _STYLES:
        return _styled(toks[k + 1], cast, sal, PRONOUNS[t.low], exclude), 2
    if t.low in DETERMINERS:
        # "his wife", "the old lady", "our visitor": up to two adjectives, then a person noun.
        for j in range(k + 1, min(k + 4, len(toks))):
            w = toks[j]
            if not w.is_word:
                break
            if w.low in PERSON_NOUNS:
                gender = PERSON_NOUNS[w.low] or _gender_ahead(toks, j + 1)
                if t.low == "the" and j == k + 1 and w.low in _NEPHEWS:
                    told = _told_relative(toks[j], cast, sal, exclude)
                    if told is not None:  # "said the nephew" after "Scrooge's nephew"
                        return told, 2
                named = _named_next(cast, w.end, gender) if t.low in ("a", "an") or w.low == "voice" else None
                if named is None and w.low == "voice" and t.low in ("a", "an", "the") \
                        and _unnamed(toks, k, j, cast, sal, gender):
                    # a voice heard, not seen, before the text brings in someone new: that one
                    named = _newcomer_after(cast, sal, t.start, w.end, gender)
                    if named is None:  # ... and then the one the narration sees: that one
                        named = _seen_after(cast, sal, t.start, w.end, gender, exclude)
                if named is not None:  # "a voice said: '...' It was Jim's voice."
                    return _Ref((named,), True), j - k + 1
                ex = set(exclude)
                owner = None
                owners = []
                sure = False  # the one Mrs. (Mr.) of the owner's family
                if t.low in ("his", "her"):
                    # The owner may well be the one spoken to: "said his wife to him".
                    called = _addressed_owner(cast, PRONOUNS[t.low], cast.called & exclude)
                    owners = called or _resolve(cast, sal, t.start, PRONOUNS[t.low], set())
                    if owners:
                        owner = owners[0] if called else _owner_with(owners, w.low, cast)
                        if called or not _sibling_of_same_sex(t.low, w.low):
                            ex.add(owner)
                if t.low in ("my", "our") and cast.narrator is not None:
                    ex.add(cast.narrator)
                cands = _resolve(cast, sal, t.start, gender, ex)
                if t.low == "the" and w.low == "other":
                    # "replied the other": one of those just named, not the story's protagonist
                    latest = [c for c in sal.recent(t.start, 3) if c in cands]
                    cands = latest + [c for c in cands if c not in latest]
                if t.low in ("his", "her", "their") and w.low in _ELDER:
                    # A wife, mother or aunt is usually "Mrs. X"; a husband, father or uncle "Mr. X".
                    title = _ELDER[w.low]
                    titled = [c for c in cands[:6] if title in cast.titles[c]]
                    cands = titled + [c for c in cands if c not in titled]
                    if w.low in ("aunt", "uncle"):
                        cands = _married_first(cands, owner, cast)
                if owner is not None and w.low in _KIN:
                    family = cast.surnames[owner]
                    kin = [c for c in cands[:6] if family and family & cast.surnames[c]]
                    if w.low in _ELDER and family:
                        # Mr. Bennet's wife, Elizabeth Bennet's mother: the one Mrs. Bennet of the
                        # story, named lately or not.
                        title = _ELDER[w.low]
                        elder = [c for c in range(len(cast.chars)) if c != owner and c not in exclude
                                 and title in cast.titles[c] and family & cast.surnames[c]]
                        if len(elder) == 1:
                            kin = elder + [c for c in kin if c not in elder]
                            sure = True
                    cands = kin + [c for c in cands if c not in kin]
                epithet = " ".join(x.low for x in toks[k + 1:j + 1]) \
                    if t.low == "the" and (w.low in _GENERIC or w.low == "lady") else ""
                if epithet and w.low in _YOUTHFUL:
                    # "said the boy": one the text calls "little Oliver", when one is at hand
                    young = [c for c in cands[:3] if c in _young(cast)]
                    cands = young + [c for c in cands if c not in young]
                if epithet:
                    cands = _by_age_title(cands, toks[k + 1:j], w.low, cast)
                if epithet and _grown(toks[k + 1:j], w.low):
                    # "said the old gentleman": not one the text calls "little Oliver"
                    young = _young(cast)
                    if young & set(cands) and set(cands) - young:
                        cands = [c for c in cands if c not in young]
                spouses = []
                if t.low in ("his", "her") and w.low in ("wife", "husband", "mother", "father") and not called:
                    # whose wife or mother, if the owner is one who just spoke (``sieve``)
                    # (a husband only of a Mrs., a wife of a Mr.: a Miss's Mr. is her father)
                    wed = {"husband": "mrs", "wife": "mr"}.get(w.low)
                    for o in owners[:6]:
                        if wed is not None and wed not in cast.titles[o]:
                            continue
                        elders = [c for c in _elders(o, w.low, cast) if c not in exclude]
                        if len(elders) == 1:
                            spouses.append((o, elders[0]))
                return _Ref(tuple(cands), False, _recent_of(cast, sal, t.start, gender), kin=sure, kin_of=tuple(spouses),
                            sibling=_sibling_of_same_sex(t.low, w.low),
                            anon=_unnamed(toks, k, j, cast, sal, gender),
                            generic=w.low in _GENERIC and t.low == "the" and w.low not in cast.name_words, epithet=epithet,
                            other=t.low == "the" and w.low == "other"), \
                    j - k + 1
    nxt = toks[k + 1] if k + 1 < len(toks) else None
    if t.low == "another" or (t.low in ("a", "the") and nxt is not None and nxt.low in _ORDINALS) \
            or (t.low in ("several", "some", "many") and nxt is not None and (nxt.low in _PLURALS or nxt.low == "voices")):
        # "inquired another", "asked a third", "said the first", "cried several voices": one of
        # a group the story does not name
        n = 1 if t.low == "another" else 2
        if nxt is not None and t.low == "another" and nxt.low in PERSON_NOUNS:
            n = 2
        if t.low in ("another", "a", "the"):
            group = "another" if t.low == "another" else nxt.low
            after = toks[k + n] if k + n < len(toks) else None
            noun = toks[k + 1].low if n == 2 and t.low == "another" else \
                _singular(after.low) if after is not None and after.is_word and not after.is_cap else None
            role = _group_role(cast, group, noun, t.start)
            if role is not None:  # "said another" near "his enemies": the cast's "Another Enemy"
                return _Ref((role,), True), n + (noun is not None and t.low != "another")
        return _Ref((), False, anon=True), n
    if t.low == "one" and k + 2 < len(toks) and toks[k + 1].low == "of":
        # "said one of the gentlemen": one of a group, never one the story names
        for j in range(k + 3, min(k + 6, len(toks))):
            if toks[j].low in _PLURALS and toks[k + 2].low in ("the", "them", "these", "those", "two", "three"):
                role = _group_role(cast, "one", _PLURALS[toks[j].low], t.start)
                if role is not None:  # "asked one of the men": the cast's "One Of The Men"
                    return _Ref((role,), True), j - k + 1
                return _Ref((), False, anon=True), j - k + 1
        if toks[k + 2].low == "them":
            role = _group_role(cast, "one", None, t.start)
            if role is not None:  # "A group of young fellows came in ... said one of them"
                return _Ref((role,), True), 3
            return _Ref((), False, anon=True), 3
    if t.low == "one" and nxt is not None and (not nxt.is_word or nxt.low in SPEECH_VERBS):
        # '"...," said one.' a little after "his enemies": the cast's "One Enemy"
        role = _group_role(cast, "one", None, t.start)
        if role is not None:
            return _Ref((role,), True), 1
    if t.low == "one" and nxt is not None and nxt.is_word and not nxt.is_cap:
        # "asked one wondering labourer": the cast's "One Wondering Labourer"
        for j in range(k + 1, min(k + 4, len(toks))):
            if not toks[j].is_word or toks[j].is_cap:
                break
            role = _group_role(cast, "one", _singular(toks[j].low), t.start)
            if role is not None:
                return _Ref((role,), True), j - k + 1
    return None, 0


_GROUP_QUALIFIERS = {"at", "of", "in", "with", "on", "from", "by", "near", "who", "outside", "inside"}


def _singular(noun: str) -> str:
    """A noun's singular, roughly (``men`` -> ``man``, ``fellows`` -> ``fellow``, ``enemies`` ->
    ``enemy``)."""
    if noun in _PLURALS:
        return _PLURALS[noun]
    if noun.endswith("men"):
        return noun[:-3] + "man"
    if noun.endswith("ies") and len(noun) > 4:
        return noun[:-3] + "y"
    if noun.endswith("s") and not noun.endswith("ss"):
        return noun[:-1]
    return noun


def _group_roles(cast: _Cast) -> list[tuple[str, str, int]]:
    """The cast's roles named as one of a group, (group word, noun, who): ``One Enemy`` and
    ``One Of The Men`` (``one``), ``Another Enemy`` (``another``), ``The Second Housemaid``
    (``second``), ``Another Man In The Same Uniform`` (``another``, ``man``)."""
    if cast.groups is None:
        cast.groups = []
        for i, c in enumerate(cast.chars):
            for name in c.names():
                w = [x.lower() for x in name_key(name)]
                if len(w) < 2:
                    continue
                if w[0] == "one":
                    group, rest = "one", (w[3:] if w[1:3] == ["of", "the"] else w[1:])
                elif w[0] == "another":
                    group, rest = "another", w[1:]
                elif w[0] in ("the", "a") and w[1] in _ORDINALS:
                    group, rest = w[1], w[2:]
                else:
                    continue
                cut = next((j for j, x in enumerate(rest) if x in _GROUP_QUALIFIERS), len(rest))
                if cut:
                    cast.groups.append((group, _singular(rest[cut - 1]), i))
    return cast.groups


_GROUP_NEAR = 1500  # characters before a group's one (``said another``) where the text names the group


def _group_role(cast: _Cast, group: str, noun: str | None, at: int) -> int | None:
    """The one role of the cast that ``said another`` (``group``: ``another``; ``one``, ``second``)
    or ``one of the men`` (``noun``: ``man``) means: a role named as one of that group of that noun
    (``Another Enemy``, ``One Of The Men``, ``The Second Housemaid``). Without a noun of its own,
    the one whose noun the narration wrote last in the ``_GROUP_NEAR`` characters before ``at``
    (``the tongues of his enemies``, ``the chaste housemaids``); with one, the role of that noun
    only. None when no role, or more than one, fits."""
    fits = {}
    for g, n, who in _group_roles(cast):
        if g == group and (noun is None or n == noun):
            fits.setdefault(n, set()).add(who)
    if noun is not None:
        whos = set().union(*fits.values()) if fits else set()
        return whos.pop() if len(whos) == 1 else None
    best, where = None, -1
    lo = max(0, at - _GROUP_NEAR)
    for n, whos in fits.items():
        m = None
        for m in re.finditer(r"\b" + re.escape(n) + r"(?:s|es)?\b|\b" + re.escape(_plural(n)) + r"\b",
                             cast.source[lo:at], re.I):
            pass
        if m is not None and m.start() > where and len(whos) == 1:
            best, where = next(iter(whos)), m.start()
        elif m is not None and m.start() > where:
            best, where = None, m.start()
    return best


_NOT_DESCRIBING = {"other", "first", "second", "third", "last", "next", "same", "very", "only"}


def _described_role(toks: list[Token], k: int, cast: _Cast, sal: _Salience | None = None) \
        -> tuple[_Ref, int] | None:
    """``said the burly barman``: ``the``, one or two adjectives and the noun a role of the cast
    is named by (``The Barman``) is that role (not ``the other barman``). Of two roles of one
    noun (``The Jailer At Oliver's Trial``, ``The Jailer At The Dodger's Trial``), the one
    whose own words name the character the narration named last (``_scene_of_role``)."""
    for j in (k + 1, k + 2, k + 3):
        if j >= len(toks):
            return None
        adjectives = toks[k + 1:j]
        if not all(a.is_word and not a.is_cap and a.low not in _NOT_DESCRIBING
                   and a.low not in PERSON_NOUNS for a in adjectives):
            return None
        noun = toks[j]
        if noun.is_word and not noun.is_cap and noun.low not in PERSON_NOUNS and noun.low not in _TITLES_ALONE:
            # (not a title a named character may bear: "the irritable doctor" is Doctor
            # Losberne as often as the cast's "The Doctor")
            ids = cast.index.candidates(("the", noun.low)) if j > k + 1 else []  # (a bare one: the index's)
            shared = cast.contested.get(("the", noun.low), [])
            if not ids and len(shared) > 1 and sal is not None:
                ids = _scene_of_role(shared, cast, sal, toks[k].start)
            if len(ids) == 1:
                return _Ref((ids[0],), True), j - k + 1
    return None


def _qualified_role(toks: list[Token], k: int, cast: _Cast) -> tuple[_Ref, int] | None:
    """``said the red-faced gentleman in the high chair``, ``cried the man with the beard``: ``the``,
    up to two adjectives, a noun and a phrase after it (``in``, ``with``, ...) is the cast's role
    named by that noun and phrase (``The Gentleman In The High Chair``, ``The Man With The Black
    Beard``), the adjectives aside, when the words of one phrase are all in the other (not ``the
    little man with the black beard`` for ``The Long, Lean Man With The American Beard``), and
    only one role fits."""
    if cast.qualified is None:
        cast.qualified = {}
        for i, c in enumerate(cast.chars):
            for name in c.names():
                w = [x.lower() for x in name_key(name)]
                cut = next((j for j, x in enumerate(w) if j > 1 and x in _GROUP_QUALIFIERS), None)
                if w[:1] == ["the"] and cut is not None and cut + 1 < len(w):
                    cast.qualified.setdefault(w[cut - 1], []).append((w[cut], frozenset(w[cut + 1:]), i))
    if not cast.qualified:
        return None
    for j in (k + 1, k + 2, k + 3):
        if j + 2 >= len(toks) or not toks[j].is_word or toks[j].is_cap:
            return None
        roles = cast.qualified.get(toks[j].low)
        if roles is None or toks[j + 1].low not in _GROUP_QUALIFIERS:
            continue
        words = []
        for m in range(j + 2, min(j + 7, len(toks))):
            if not toks[m].is_word or toks[m].is_cap:
                break
            words.append(toks[m].low)
        phrase = frozenset(words)
        fit = {who for q, ws, who in roles if q == toks[j + 1].low and words and (phrase <= ws or ws <= phrase)
               and words[-1] in ws}
        if len(fit) == 1:
            return _Ref((fit.pop(),), True), j + 2 + len(words) - k
        return None
    return None


_ROLE_LINKS = {"the", "at", "of", "in", "on", "with", "to", "from", "by", "and", "a", "an"}


def _scene_of_role(ids: list[int], cast: _Cast, sal: _Salience, at: int) -> list[int]:
    """Of several roles one noun names (``The Jailer At Oliver's Trial``, ``The Jailer At The
    Dodger's Trial``), the one whose words that the others lack name a character (``Oliver``,
    ``Dodger``), the character named latest in the ``_FORGOTTEN`` characters before ``at``;
    all of them when none is."""
    words = []
    for i in ids:
        ws = set()
        for n in cast.chars[i].names():
            ws |= {re.sub(r"['\u2019]s$", "", w) for w in n.split() if w[:1].isupper() and w.lower() not in _ROLE_LINKS}
        words.append(ws)
    own = [ws - set().union(*(o for m, o in enumerate(words) if m != n)) for n, ws in enumerate(words)]
    for who in sal.recent(at):
        if who in ids or not sal.named_since(who, at - _FORGOTTEN, at):
            continue
        mine = {w for n in cast.chars[who].names() for w in n.split()}
        found = [i for i, ws in zip(ids, own) if ws & mine]
        if found:
            return found if len(found) == 1 else ids
    return ids


def _role_brought_in(toks: list[Token], k: int, cast: _Cast) -> tuple[_Ref, int] | None:
    """``cried a looker-on``, ``said a smartly-dressed female``: the indefinite article brings in a
    role the cast lists (``The Looker-on``; or whose name's head that is, ``the jailer`` of ``The
    Jailer At The Dodger's Trial``). Not a person noun a role is named by (``a man`` is not ``The
    Man``): someone the story does not name; but written capitalised, as a name (``said a
    Voice``), it is the role (``The Voice``)."""
    if k + 1 >= len(toks) or ("the", toks[k + 1].low) not in cast.index.prefixes:
        return None  # no role's name goes on with that word
    for m in range(min(cast.index.maxlen - 1, len(toks) - k - 1), 0, -1):
        span = toks[k + 1:k + 1 + m]
        named = all(w.is_word and w.is_cap for w in span)  # "said a Voice": the story's Voice
        if not named and (not all(w.is_word and not w.is_cap for w in span) or
                          (m == 1 and (span[-1].low in PERSON_NOUNS or span[-1].low in _GENERIC))):
            continue  # "a man" is not "The Man"; "a great lubberly fellow" is that one
        ids = cast.index.candidates(("the", *(w.low for w in span)))
        if len(ids) == 1:
            return _Ref((ids[0],), True), m + 1
    return None


_OWNED = {"benefactress": FEMALE, "benefactor": MALE, "landlady": FEMALE, "landlord": MALE, "partner": None,
          "guardian": None, "lover": None, "sweetheart": None, "nurse": FEMALE}


def _relative_of(toks: list[Token], j: int, owner: int, cast: _Cast, sal: _Salience,
                 exclude: set[int]) -> tuple[_Ref, int] | None:
    """``said Mr. Bumble's good lady``, ``cried the undertaker's wife``, ``rejoined Oliver's
    benefactress``: a name (its last token ``toks[j]``) with a possessive and a person noun after
    up to two adjectives is someone of that name's, not that name: a wife, husband, mother or
    father (``his good lady``) is the one Mrs. (Mr.) of the owner's family, a relative the cast
    names so (``Scrooge's Nephew``: ``_Cast.relatives``) that one, anyone else one of the noun's
    gender, never the owner. Returns (the reference, the noun's index) or None."""
    e = toks[j].end
    lost = j + 1 < len(toks) and toks[j + 1].text == "s" and toks[j + 1].start == e + 1
    if cast.source[e:e + 2] not in ("'s", "\u2019s") and not lost:
        return None
    m = j + (2 if lost else 1)
    for _ in range(3):
        if m >= len(toks) or not toks[m].is_word or toks[m].is_cap:
            return None
        if toks[m].low in PERSON_NOUNS or toks[m].low in _OWNED:
            break
        m += 1
    else:
        return None
    noun = toks[m].low
    if noun == "voice":
        return None  # "said Tom's voice": Tom
    gender = PERSON_NOUNS[noun] if noun in PERSON_NOUNS else _OWNED[noun]
    elder = {"lady": "wife"}.get(noun, noun) if noun != "lady" or toks[m - 1].low in ("good", "own") else None
    if elder in ("wife", "husband", "mother", "father"):
        found = [c for c in _elders(owner, elder, cast) if c not in exclude]
        if not found and not cast.surnames[owner]:
            # "said Cratchit's wife" of a bare "Cratchit": the family name as written
            found = [c for c in range(len(cast.chars)) if c != owner and c not in exclude
                     and _ELDER[elder] in cast.titles[c] and toks[j].text in cast.surnames[c]]
        if len(found) == 1:
            return _Ref((found[0],), False, kin=True), m
    if m + 2 < len(toks) and toks[m + 1].text == "," and toks[m + 2].is_cap:
        ids, _n = cast.index.match(toks, m + 2)
        fit = [c for c in ids if c != owner and (gender is None or cast.gender[c] in (gender, UNKNOWN))]
        if fit:  # "said Tom's nephew, Harry,": the name says who
            return _Ref((_prefer(fit, sal, toks[m + 2].start),), True), m
    named = cast.relatives.get((owner, noun))
    if named is not None and named not in exclude:
        return _Ref((named,), True), m  # "Scrooge's Nephew" of the cast (or discovered)
    cands = _resolve(cast, sal, toks[j].start, gender, exclude | {owner})
    if noun in _RELATIVES and cast.given:
        # "said Scrooge's nephew" and the cast has no "Scrooge's Nephew": one of the owner's
        # family, of the noun's sex, if the cast has one; else nobody (a neutral voice), not
        # the last man named
        family = cast.surnames[owner] | {toks[j].text}
        kin = [c for c in cands if family & cast.surnames[c]]
        if not kin:
            return _Ref((), False, anon=True), m
        cands = kin + [c for c in cands if c not in kin]
    return _Ref(tuple(cands), False, _recent_of(cast, sal, toks[j].start, gender)), m


# Relatives the narration rarely calls so unless it said whose: "said the nephew" is the one of
# "Scrooge's nephew" said a little before.
_NEPHEWS = {"nephew", "niece", "cousin", "aunt", "uncle"}


def _told_relative(noun: Token, cast: _Cast, sal: _Salience, exclude: set[int]) -> _Ref | None:
    """``said the nephew``: who ``Scrooge's nephew``, the last name with a possessive and that
    noun in the ``_FORGOTTEN`` characters before, is (``_relative_of``), when it names a character."""
    at = noun.start
    lo = max(0, at - _FORGOTTEN)
    last = None
    for m in re.finditer(r"\b[A-Z][\w.]*(?:\s+[A-Z][\w]*)?['’]s\s+(?:[a-z]+\s+){0,2}?" + noun.low + r"\b",
                         cast.source[lo:at]):
        last = m
    if last is None:
        return None
    toks = list(tokens(last.group(), lo + last.start()))
    for j, tk in enumerate(toks):
        ids, n = cast.index.match(toks, j)
        if ids:
            owner = _prefer(ids, sal, tk.start)
            found = _relative_of(toks, j + n - 1, owner, cast, sal, exclude)
            if found is None:
                return None
            ref = found[0]
            return ref if ref.anon or ref.certain or ref.kin else None
    return None


_YOUTH_WORDS = 3  # "little Oliver", "young Oliver", "Master Bates": this often, one is young
_OLD = {"old", "elderly", "aged"}
_ADULT = {"man", "gentleman", "woman", "lady"}
_YOUTHFUL = {"boy", "lad", "youth", "child"}


def _grown(adjectives: list[Token], noun: str) -> bool:
    """Does the description say a grown person (``the old lady``, ``the man``), not a young one?"""
    if any(a.low in ("young", "little") for a in adjectives):
        return False
    return noun in _ADULT or any(a.low in _OLD for a in adjectives)


_MAIDEN = {"girl", "maiden", "lass"}
_ELDERS = _OLD | {"elder"}


def _by_age_title(cands: list[int], adjectives: list[Token], noun: str, cast: _Cast) -> list[int]:
    """``said the girl`` is not a married woman, a Mrs., ``said the boy`` not a Mr., and ``said the old
    lady`` (``the elder lady``) not a Miss, while another of the three likeliest candidates is
    neither: those come after the others."""
    words = {a.low for a in adjectives}
    if noun in _MAIDEN:  # (not "the young woman": a young wife may be one)
        unlike = {c for c in cands if "mrs" in cast.titles[c]}
    elif noun in ("lady", "woman") and words & _ELDERS:
        unlike = {c for c in cands if "miss" in cast.titles[c] and "mrs" not in cast.titles[c]}
    elif noun in ("boy", "lad", "youth"):
        unlike = {c for c in cands if "mr" in cast.titles[c]}
    else:
        return cands
    top = set(cands[:3])
    if not (unlike & top) or not (top - unlike):
        return cands
    return [c for c in cands if c not in unlike] + [c for c in cands if c in unlike]


def _young(cast: _Cast) -> set[int]:
    """Characters the narration calls ``little X``, ``young X`` or ``Master X`` at least
    ``_YOUTH_WORDS`` times, by a name that is not a bare family name (``the little
    Pontelliers`` are the children; but ``Master Bates``, also when discovery named him so,
    with his title): a child, or a youth, is no ``old gentleman``."""
    if cast.young is None:
        forms: dict[str, set[int]] = {}
        for c, ch in enumerate(cast.chars):
            for n in ch.names():
                if n[:1].isupper() and not n.lower().startswith(("the ", "a ")):
                    forms.setdefault(n, set()).add(c)
                    if n.startswith("Master "):  # a name found with its title: "Master Bates"
                        forms.setdefault(n[len("Master "):], set()).add(c)
        counts: Counter = Counter()
        if forms:
            alts = "|".join(re.escape(n) for n in sorted(forms, key=len, reverse=True))
            for m in _youth_pattern(alts).finditer(cast.source):
                owners = forms[m.group(2)]
                c = next(iter(owners))
                if len(owners) == 1 and (m.group(1) == "Master" or m.group(2) not in cast.surnames[c]):
                    counts[c] += 1
        cast.young = {c for c, v in counts.items() if v >= _YOUTH_WORDS}
    return cast.young


def _youth_pattern(alts: str) -> re.Pattern:
    """``\\b(little|young|Master)\\s+(ALTS)\\b``, each word's ``\\b`` written as a look back after
    it, so that the search skips to an ``l``, ``y`` or ``M`` instead of trying ``\\b`` at every
    position of the text (the same matches, a quarter of the time)."""
    return re.compile(r"(little(?<!\wlittle)|young(?<!\wyoung)|Master(?<!\wMaster))\s+(" + alts + r")\b")


def _plural(noun: str) -> str:
    """The plural of a person noun: ``gentleman`` -> ``gentlemen``, ``lady`` -> ``ladies``."""
    if noun.endswith("man"):
        return noun[:-3] + "men"
    if noun == "child":
        return "children"
    if noun.endswith("y") and noun[-2:-1] not in "aeiou":
        return noun[:-1] + "ies"
    return noun + ("es" if noun.endswith(("s", "x", "ch", "sh")) else "s")


_ORDINALS = {"first", "second", "third", "fourth", "fifth"}
_PLURALS = {_plural(n): n for n in PERSON_NOUNS if n not in ("other", "voice")}
_INTRO_WINDOW = 2500  # characters: how far back ``a boy`` may introduce ``the boy``
# between the article and the noun, up to three words, none of them a determiner ("after a few
# minutes, the girl" brings in nobody)
_INDEFINITE = (r"\b(?:[Aa]n?|[Oo]ne|[Tt]wo|[Tt]hree|[Ff]our|[Ss]ome|[Aa]nother|[Ss]everal|[Oo]ne of the)\s+"
               r"(?:(?!(?:the|his|her|their|its|my|our|your|this|that|these|those)\b)[a-z][a-z'-]*,?\s+){0,3}?")
_GENERIC = {n for n in PERSON_NOUNS if n not in _RELATIVES and n not in ("other", "voice", "companion", "friend",
                                                                      "master", "mistress", "queen", "king",
                                                                      "duchess", "host")}


_OWNED_VOICE = 400  # characters before ``the voice`` where the narration may give it an owner
_QUOTED = re.compile(r'"[^"\n]*(?:\n(?!\n)[^"\n]*)*"|\u201c[^\u201d]*\u201d')
_VOICE_OWNER = re.compile(r"\b(?:his|her|its|[A-Z][\w-]*['\u2019]s)\s+(?:[a-z-]+\s+){0,2}voice\b"
                          r"|\bvoices?\b[^.!?]{0,40}?\b(?:the\s+)?[A-Z][\w-]*['\u2019]s\b|\bvoice of\b")


_IT_WAS = re.compile(spaced(r"\b(?:It|This|That) was\b"))


def _named_next(cast: _Cast, at: int, gender: str | None) -> int | None:
    """The character of ``gender`` the narration soon after offset ``at`` says that was
    (``It was Jim's voice``, ``It was the voice of Scrooge's nephew``), if any."""
    for m in _IT_WAS.finditer(cast.source, at, at + 400):
        if _in_quote(cast.source, m.start()):
            continue
        after = tokens(cast.source[m.end():m.end() + 80], m.end())
        for i in range(len(after)):
            if after[i].text in SENTENCE_END:
                break
            ids, n = cast.index.match(after, i)
            fit = [c for c in ids if gender is None or cast.gender[c] in (gender, UNKNOWN)]
            e = after[i + n - 1].end if n else 0
            if fit and cast.source[e:e + 2] in ("'s", "\u2019s") and i + n < len(after) \
                    and after[i + n].low != "voice":
                return None  # "the voice of Scrooge's nephew": someone of his, not he
            if fit:
                return fit[0]
    return None


_NEWCOMER = 1200  # characters after a voice no one owns where the one it was may be named first


def _newcomer_after(cast: _Cast, sal: _Salience, at: int, end: int, gender: str | None) -> int | None:
    """``"Open the door!" cried a voice.`` ... ``Noah Claypole`` named for the first time soon
    after: the first character of ``gender`` the text names in the ``_NEWCOMER`` characters
    after ``end`` who was never named before ``at``, if any."""
    after = tokens(cast.source[end:end + _NEWCOMER], end)
    for i in range(len(after)):
        ids, _n = cast.index.match(after, i)
        for c in ids:
            if (gender is None or cast.gender[c] in (gender, UNKNOWN)) and not sal.named_before(c, at) \
                    and c != cast.narrator:
                return c
    return None


_SEEN = 300  # characters of narration after a voice's tag where the one it was may be seen
_SEEN_GONE = 2000  # characters before the voice where that one was not named


def _seen_after(cast: _Cast, sal: _Salience, at: int, end: int, gender: str | None, exclude) -> int | None:
    """``"It's a very fine day!" said a timid voice at her side. She was walking by the White
    Rabbit``: the first character of ``gender`` the narration names right after the tag (up to
    the next quote, in ``_SEEN`` characters), one not named in the ``_SEEN_GONE`` characters
    before the voice nor spoken to, if any."""
    span = cast.source[end:end + _SEEN]
    cut = min((i for i in (span.find('"'), span.find("\u201c")) if i >= 0), default=len(span))
    after = tokens(span[:cut], end)
    for i in range(len(after)):
        ids, _n = cast.index.match(after, i)
        for c in ids:
            if (gender is None or cast.gender[c] in (gender, UNKNOWN)) and c not in exclude \
                    and c != cast.narrator and not sal.named_since(c, at - _SEEN_GONE, at):
                return c
    return None


def _in_quote(source: str, at: int) -> bool:
    """Is offset ``at`` inside quoted words (an odd number of quotation marks before it in its
    paragraph)?"""
    para = source.rfind("\n\n", 0, at)
    para = max(para, source.rfind("\n\r\n", para + 1, at))  # (a later one is after it: not the whole text again)
    span = source[para + 1:at]
    return (span.count('"') + span.count("\u201c") + span.count("\u201d")) % 2 == 1


def _unnamed(toks: list[Token], k: int, j: int, cast: _Cast, sal: _Salience, gender: str | None) -> bool:
    """Is the description ``toks[k:j+1]`` someone the story does not name? ``cried a voice``
    (an indefinite speaker), or ``replied the boy`` a little after the text introduced ``a boy
    in Sunday clothes`` (``two portly gentlemen``, ``said one of the gentlemen``), when no character of the noun's gender was
    first named from there on or named right after it (``a tall man, Mr. Grey,``) and no
    character is known by that noun (a word of a cast name: ``The Queen``) and it is no relative."""
    noun = toks[j].low
    if noun in cast.name_words or noun in _RELATIVES:
        return False
    if toks[k].low in ("a", "an"):
        return True  # "cried a voice", "said a woman"
    if noun == "voice" and toks[k].low == "the":
        # "said the voice": one heard, not seen, whom the narration does not name; not a
        # voice the narration just gave an owner ("his voice came up from below", "an angry
        # voice--the Rabbit's--")
        at = toks[k].start
        before = _QUOTED.sub(" ", cast.source[max(0, at - _OWNED_VOICE):at])
        return not _VOICE_OWNER.search(before)
    if noun not in _GENERIC:
        return False
    if toks[k].low != "the":
        return False
    at = toks[k].start
    lo = max(0, at - _INTRO_WINDOW)
    plural = _plural(noun)
    if cast.source.find(noun, lo, at) < 0 and cast.source.find(plural, lo, at) < 0:
        return False  # (the noun is nowhere near: nothing to search)
    pattern = re.compile(_INDEFINITE + r"(?:" + noun + r"|" + plural + r")\b")
    # the last introduction not inside a quote ("I am a dying man," said ...: none)
    intro = _last_intro(pattern, cast.source, lo, at, (noun, plural))
    if intro is None:
        return False
    o = intro.start()
    fits = lambda c: gender is None or cast.gender[c] in (gender, UNKNOWN)
    if any(o - 200 <= off < at and fits(c) for c, off in sal.first.items()):
        return False  # someone first named where the description came in: that one
    after = tokens(cast.source[intro.end():intro.end() + 200], intro.end())
    for i in range(len(after)):
        if after[i].text in SENTENCE_END:
            break
        ids, _ = cast.index.match(after, i)
        if any(fits(c) for c in ids):
            return False  # "a gentleman, Mr. Grey, ...": the description is his
    return True


# What an introduction (``_INDEFINITE`` and a noun) never holds: a mark other than an
# apostrophe, a hyphen or a comma, a digit, a letter outside A-Z.
_NOT_IN_INTRO = re.compile(r"[^A-Za-z'\-,\s]")


@lru_cache(maxsize=2)
def _backwards(source: str) -> str:
    """``source`` reversed, read once for every window: the last mark before an offset is the
    first one after it there."""
    return source[::-1]


def _last_intro(pattern: re.Pattern, source: str, lo: int, at: int, nouns: tuple[str, ...]):
    """The last match of ``pattern`` (an introduction ending in one of ``nouns``) in
    ``source[lo:at]`` that is not inside a quote, as ``pattern.finditer(source, lo, at)`` finds
    them, or None. A match holds nothing ``_NOT_IN_INTRO`` finds, so the search that reads the
    whole window finds it inside a stretch between two such marks, starting afresh after the
    first of them; only the stretches where one of the nouns is written are read, the last first
    (each one's marks found by a search from the noun, forwards, and backwards in the reversed
    text)."""
    back = _backwards(source)
    size = len(source)
    stretches = set()
    for noun in nouns:
        p = source.find(noun, lo, at)
        while p >= 0:
            if p > lo and source[p - 1].isspace():  # (the pattern's noun comes after ``\s``: not "woman")
                # the stretch: after the last mark before the noun (in the window), up to the first
                # mark after it (a noun opens on a letter, never on a mark)
                m = _NOT_IN_INTRO.search(back, size - p, size - lo)
                begin = size - m.start() if m is not None else lo
                m = _NOT_IN_INTRO.search(source, p, at)
                stretches.add((begin, m.start() if m is not None else at))
            p = source.find(noun, p + 1, at)
    for begin, end in sorted(stretches, reverse=True):
        found = []
        # (read up to the mark that ends the stretch, included: a match never holds it, but
        # the pattern's ``\b`` after the noun reads it)
        for m in pattern.finditer(source, begin, end + 1 if end < at else at):
            if m.start() >= end:
                break
            found.append(m)
        for m in reversed(found):
            if not _in_quote(source, m.start()):
                return m
    return None


def _addressed_owner(cast: _Cast, gender: str, addressed: set[int]) -> list[int]:
    """``"Caroline, ..." cried her brother``: the owner of a possessive in a speech tag is
    the one person of its gender the quote calls by name, when there is exactly one."""
    fit = [w for w in addressed if cast.gender[w] == gender]
    return fit if len(fit) == 1 else []


def _gender_ahead(toks: list[Token], j: int) -> str | None:
    """``said our visitor, and, with a glance at us, she hurried away``: a description that
    has no gender of its own takes that of the next he/she of its sentence."""
    while j < len(toks) and toks[j].text not in SENTENCE_END:
        if toks[j].low in SUBJECT_PRONOUNS:
            return SUBJECT_PRONOUNS[toks[j].low]
        j += 1
    return None


def _sibling_of_same_sex(owner: str, noun: str) -> bool:
    """``her sister``, ``his brother``: between two sisters either one is the other's sister,
    so an owner guessed from the narration alone may be the speaker herself (the one the
    last quote called decides, in ``_decide_tags``)."""
    return (owner, noun) in {("her", "sister"), ("his", "brother")}


# Titles of address used as descriptions ("said her Ladyship") and the name titles they stand for.
_STYLES = {"ladyship": {"lady"}, "lordship": {"lord", "sir"}, "majesty": {"king", "queen"},
           "grace": {"duke", "duchess"}, "highness": {"prince", "princess"}}


def _styled(noun: Token, cast: _Cast, sal: _Salience, gender: str, exclude: set[int]) -> _Ref:
    """``her Ladyship``: the pronoun is the titled person herself (no owner), and one whose
    name bears the matching title comes first."""
    cands = _resolve(cast, sal, noun.start, gender, exclude)
    titled = [c for c in cands[:6] if _STYLES[noun.low] & cast.titles[c]]
    return _Ref(tuple(titled + [c for c in cands if c not in titled]), False,
                _recent_of(cast, sal, noun.start, gender))


_SPOUSE_TITLE = {"mr": "mrs", "mrs": "mr"}


def _married_first(cands: list[int], owner: int | None, cast: _Cast) -> list[int]:
    """``her aunt``, ``her uncle``: of the Mrs. and Mr. at hand, one whose spouse the cast
    also has (Mrs. X beside Mr. X) and who is not of the owner's own family comes first."""
    own = cast.surnames[owner] if owner is not None else frozenset()

    def married(c):
        fam = cast.surnames[c]
        spouse = {_SPOUSE_TITLE[t] for t in cast.titles[c] if t in _SPOUSE_TITLE}
        return bool(fam) and not (fam & own) and any(
            d != c and fam & cast.surnames[d] and spouse & cast.titles[d] for d in range(len(cast.chars)))

    first = [c for c in cands[:3] if married(c)]
    return first + [c for c in cands if c not in first]


_IN_SCENE = 1500  # characters: one named this close before a pronoun may still be meant by it


def _recent_of(cast: _Cast, sal: _Salience, at: int, gender: str | None) -> tuple[int, ...]:
    """The three characters named last before ``at`` and within ``_IN_SCENE`` characters of
    it, those known to be of another gender left out: the ones a pronoun may mean when its
    first candidate is passed over (someone named pages ago is no longer in the scene).

    (``_recent_of_plain``: ``sal.recent(at, 3)`` less those ``named_since(w, at - _IN_SCENE,
    at)`` fails for. Those it holds for are the ones mentioned in a run of mentions at the end,
    ``whos[k:i]`` (``_named_lately``), so each was mentioned later than anyone else: the first
    of ``recent``'s order, latest mention first. They are read from that run alone, not from
    the last 600 mentions ``recent`` reads when fewer than three people were named lately.)"""
    events = sal.events
    i = bisect.bisect_left(events, (at,))
    k = max(i - _NAMED_SPAN, bisect.bisect_left(events, (at - _IN_SCENE,), 0, i))
    return tuple(w for w in islice(dict.fromkeys(reversed(sal.whos[k:i])), 3)
                 if gender is None or cast.gender[w] in (gender,))


def _recent_of_plain(cast: _Cast, sal: _Salience, at: int, gender: str | None) -> tuple[int, ...]:
    """``_recent_of`` as the rule reads: the first three of ``recent``, those ``named_since``
    fails for left out (kept for the test that compares the two)."""
    return tuple(w for w in sal.recent(at, 3) if (gender is None or cast.gender[w] in (gender,))
                 and sal.named_since(w, at - _IN_SCENE, at))


_NAMED_SPAN = 200  # ``salience.named_since`` looks for a mention among the last 200 before its end


def _named_lately(sal: _Salience, start: int, end: int):
    """Everyone for whom ``sal.named_since(who, start, end)`` holds, read in one pass: those
    mentioned in ``[start, end)`` among the last ``_NAMED_SPAN`` mentions before ``end`` (the
    events are in order of offsets, so they are a run at the end). ``named_since`` answers
    the same for each character: a latest mention before ``end`` that is at ``start`` or
    later and among those mentions is found there; one further back (or before ``start``)
    is not, whether it stands before ``start`` or beyond the last ``_NAMED_SPAN``."""
    events = sal.events
    i = bisect.bisect_left(events, (end,))
    k = max(i - _NAMED_SPAN, bisect.bisect_left(events, (start,), 0, i))
    return set(sal.whos[k:i])


# ``_resolve``'s answers while nothing it reads changes, per salience record (they go with it):
# (how many mentions it held, its cast, weakly, {question: answer}); a mention added clears them
_resolved: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _resolve(cast: _Cast, sal: _Salience, at: int, gender: str | None, exclude: set[int]) -> list[int]:
    """``_resolve_now``, kept while the record gains no mention: a tag, an actor and the
    record read the same pronoun again (about a quarter of the calls on a novel)."""
    memo = _resolved.get(sal)
    if memo is None or memo[0] != len(sal.whos) or memo[1]() is not cast:
        memo = _resolved[sal] = (len(sal.whos), weakref.ref(cast), {})
    key = (at, gender, frozenset(exclude), cast.narrator, len(cast.gender))
    out = memo[2].get(key)
    if out is None:
        out = memo[2][key] = _resolve_now(cast, sal, at, gender, exclude)
    return list(out)


def _resolve_now(cast: _Cast, sal: _Salience, at: int, gender: str | None, exclude: set[int]) -> list[int]:
    """Recently mentioned characters of ``gender`` (any, for None) not in ``exclude``, likeliest first.

    Recency decides, with two corrections: characters of unknown gender among the
    three latest come after those of the right gender, and the chapter's most named
    character of that gender (the book's, when the chapter names few) comes first
    when it is among the three latest and the latest is a character named five times
    less often (a protagonist stays salient), unless that one was a sentence subject
    in the last 400 characters. Nobody not named in the last ``_FORGOTTEN``
    characters is meant (in a collection, the last story's people are gone); when
    nobody is left, the chapter's most named character of that gender.
    """
    exact, loose = [], []
    named = _named_lately(sal, at - _FORGOTTEN, at)
    for n, who in enumerate(sal.recent(at, subjects_first=True)):
        if who in exclude or who == cast.narrator or who not in named:
            continue
        g = cast.gender[who]
        if gender is None or g == gender:
            exact.append(who)
        elif g == UNKNOWN and n < 3:
            loose.append(who)
    out = exact + loose
    mentions, by_frequency = cast.frequent(at)
    if not out:  # nobody of that gender named yet: the most mentioned one of the chapter (or text)
        return [w for w in by_frequency if w not in exclude and w != cast.narrator
                and (gender is None or cast.gender[w] == gender)][:1]
    hero = next((w for w in by_frequency if gender is None or cast.gender[w] == gender), None)
    if hero is not None and hero in out[1:3] and \
            mentions.get(out[0], 0) * 5 < mentions.get(hero, 0) and \
            not sal.subject_since(out[0], at - _JUST_NAMED, at):
        out.remove(hero)
        out.insert(0, hero)
    return out
