"""The cast an attribution works with.

``Character`` is a character as the rest of talecast sees it. ``_Cast`` holds the characters
with a name index (every way the text may name each one), their genders (the text's pronouns
decide one the cast left unknown), family names and titles, the first-person narrator, how
often each chapter names each of them, and the salience record the rules read.
"""
from __future__ import annotations

import bisect
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from itertools import chain
from operator import itemgetter

from .. import model
from ..model import Script, Segment
from .names import (DETERMINERS, FEMALE, HONORIFICS, MALE, PERSON_NOUNS, PRONOUNS, SENTENCE_END, UNKNOWN,
                     PARTICLES, NameIndex, Token, gender_of_first_name, lower_words, name_key, other_forms,
                     tokens)
from .salience import _Salience
from .verbs import SPEECH_VERBS

# A name that is a person noun and what tells him from the rest ("The Man with the Black Beard").
_DESCRIPTION = re.compile(r"\s(?:in|with)\s+the\s", re.I)
# A name that is another's relative: "Scrooge's Nephew", "Mr. Grey's Young Wife" (owner, noun).
_RELATIVE = re.compile(r"^(?!(?:the|a|an|his|her|their|my|our)\s)([A-Z][^'’]*?)['’]s\s+(?:[\w-]+\s+){0,2}?([A-Za-z]+)$",
                       re.I)


def relative_name(name: str) -> tuple[str, str] | None:
    """(owner, noun) of a name that is someone's relative (``Scrooge's Nephew`` -> ("Scrooge",
    "nephew")), else None."""
    m = _RELATIVE.match(name)
    return (m.group(1), m.group(2).lower()) if m and m.group(1)[:1].isupper() else None


@dataclass(frozen=True)
class Character:
    """A character: canonical name, aliases, gender guess, and (after attribution) lines."""

    name: str
    aliases: tuple[str, ...] = ()
    gender: str = UNKNOWN
    lines: int = 0
    first_line: str | None = None
    narrator: bool = False  # the first-person narrator ("said I")
    # one a tag brought in by a description (``asked a grinning countryman``, ``discover``): no
    # word of it names anyone, and ``the countryman`` later is not known to be that one
    described: bool = False

    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


_LOCAL_MENTIONS = 50  # a chapter naming characters this often has protagonists of its own



class _Cast:
    """Characters with a name index, genders, and the first-person narrator (if any)."""

    def __init__(self, characters: list[Character], script: Script, given: bool = True,
                 first_person: bool | None = None):
        """``first_person``: ``_first_person(script)`` when the caller has it (else read here)."""
        self.chars = characters
        lower = set(lower_words(script.source))
        # A one-word name the text also writes in lower case ("Will", "Rose") is a name only
        # where a name stands (``names.name_position``).
        self.index = NameIndex(common=lower)
        # A one-word entry that is another's family name is that one (``_same_person``).
        self.same = _same_person(characters) if given else {}
        forms = [(self.same.get(i, i), strength, key, sole)
                 for i, c in enumerate(characters) for strength, key, sole in _forms(c)]
        claims: dict[tuple[str, ...], set[int]] = defaultdict(set)
        for i, _, key, sole in forms:
            if sole:
                claims[key].add(i)
        # a role's noun two roles derive ("the jailer" of "The Jailer At Oliver's Trial" and of
        # "The Jailer At The Dodger's Trial"): the roles it may be (``mentions._scene_of_role``)
        self.contested: dict[tuple[str, ...], list[int]] = {}
        for i, strength, key, sole in forms:
            c = characters[i]
            if sole and len(claims[key]) > 1:
                if key[0].lower() == "the" and i not in self.contested.get(tuple(w.lower() for w in key), ()):
                    self.contested.setdefault(tuple(w.lower() for w in key), []).append(i)
                continue  # "Will" of two Williams, "the Colonel" of two colonels: nobody's
            if strength < 3 and not sole and any(w.lower() in lower for w in key if w.lower() not in HONORIFICS) \
                    and not (_derived_name(c, key[0]) if len(key) == 1 else key[0].lower() in HONORIFICS):
                continue  # "The Doctor" -> "Doctor", "One Enemy" -> "Enemy": common words
            self.index.add(key, i, strength)
        for i, c in enumerate(characters):
            for n in c.names():  # a title used as a name ("said Madame"), never written in lower case
                key = name_key(n)
                if len(key) == 1 and key[0].lower() in HONORIFICS and key[0].lower() not in lower:
                    self.index.add(key, i, 3)
        self.gender = [c.gender for c in characters]
        self.index.genders = self.gender
        self.source = script.source
        # every word of every name, lower case: a noun one of them is known by (``the Queen``)
        # (not the words of a description, "The Man with the Beard": "the man" is not he)
        self.name_words = {w.lower() for c in characters for n in c.names() for w in name_key(n)
                           if not _DESCRIPTION.search(n) and not relative_name(n) and not c.described}
        # (owner, noun) -> the character named so: "Scrooge's Nephew" is who "said Scrooge's
        # nephew" means (``mentions._relative_of``)
        self.relatives: dict[tuple[int, str], int] = {}
        for i, c in enumerate(characters):
            for n in c.names():
                rel = relative_name(n)
                owners = self.index.candidates(name_key(rel[0])) if rel else []
                if len(owners) == 1 and owners[0] != i:
                    self.relatives.setdefault((owners[0], rel[1]), i)
        self.surnames = _learn_surnames(characters, script.source)
        self.titles = [{k[0].lower() for k in map(name_key, c.names()) if k} for c in characters]
        self.salience = _Salience()
        self.first_person = _first_person(script) if first_person is None else first_person
        self.given = given  # the user's cast (not discovered here): no character may be invented
        self.narrator = next((i for i, c in enumerate(characters) if c.narrator), None)
        if self.narrator is None:
            self.narrator = _find_narrator(script, self)
        self.called: set[int] = set()  # who the quotes of the paragraph at hand call by name
        self.young: set[int] | None = None  # those the text calls little/young/Master (mentions._young)
        self.ties: dict | None = None  # role noun -> where the narration ties it to a name (mentions.tied)
        self.groups: list | None = None  # the roles one of a group is named by (mentions._group_roles)
        self.qualified: dict | None = None  # head noun -> roles named by it and a phrase (mentions._qualified_role)
        self.tag_nouns: dict[str, bool] = {}  # noun -> whether a speech tag uses it (mentions._tag_noun)
        self.narration = [(s.start, s.end) for s in _narration(script)]  # where the narration is
        self._starts, by_chapter = _chapter_mentions(script, self)
        self.mentions = sum(by_chapter, Counter())
        self.by_frequency = [w for w, _ in self.mentions.most_common()]
        # per chapter: its own counts and ranking, or the whole text's when it names few
        self._frequent = [(c, [w for w, _ in c.most_common()]) if sum(c.values()) >= _LOCAL_MENTIONS
                          else (self.mentions, self.by_frequency) for c in by_chapter]
        if any(g == UNKNOWN for g in self.gender) or not given:
            # The text's pronouns decide a gender the cast left unknown; for characters
            # discovered here (not ``given``) they also outweigh a guess from the first name
            # ("Marley" is a girl's name in the lexicon, but Jacob Marley is "he"), though
            # not a title (Mr., Miss).
            evidence = _gender_evidence(script, self)
            self.gender = [evidence.get(i, g) if g == UNKNOWN or not (given or self.titles[i] & HONORIFICS.keys())
                           else g for i, g in enumerate(self.gender)]


    def add_narrator(self, name: str = "The Narrator") -> Character:
        """A character for a first-person narrator the text never names: the quotes the
        narration gives to "I" get one voice (not a named character's). Returns it."""
        c = Character(name, (), UNKNOWN, narrator=True)
        self.chars.append(c)
        self.gender.append(UNKNOWN)
        self.surnames.append(frozenset())
        self.titles.append(set())
        self.narrator = len(self.chars) - 1
        return c

    def add_role(self, name: str, gender: str | None = None) -> Character:
        """A character known only by the role a tag gives it once (``The Station-master``):
        no name form of it is read anywhere (the sieve has run). Returns it."""
        c = Character(name, (), gender or UNKNOWN)
        self.chars.append(c)
        self.gender.append(c.gender)
        self.surnames.append(frozenset())
        self.titles.append(set())
        return c

    def frequent(self, at: int) -> tuple[Counter, list[int]]:
        """Mention counts and characters by them, of the chapter at offset ``at`` (the one a
        pronoun's protagonist belongs to: each story of a collection has its own), or of the
        whole text when that chapter names characters fewer than ``_LOCAL_MENTIONS`` times."""
        i = bisect.bisect_right(self._starts, at) - 1
        return self._frequent[i] if i >= 0 else (self.mentions, self.by_frequency)


def _same_person(characters: list[Character]) -> dict[int, int]:
    """Entries of a cast that are another entry's family name alone: ``Small`` beside
    ``Wooden-Legged Man`` whose alias is ``Jonathan Small`` (a list made from the text's
    mentions has both; the text's ``said Small`` is the one man). Only a one-word entry with
    no aliases and no gender, and only when exactly one other entry has a given name and
    that family name (not ``Mrs. Bunting`` beside ``Bunting``: a title is no given name;
    not ``Holmes`` beside two Holmeses). Entry -> the one it is."""
    out = {}
    for i, c in enumerate(characters):
        key = name_key(c.name)
        if c.aliases or c.gender != UNKNOWN or len(key) != 1 or key[0].lower() in HONORIFICS:
            continue
        others = {j for j, o in enumerate(characters) if j != i for n in o.names()
                  if len(k := name_key(n)) >= 2 and k[-1] == key[0] and k[0].lower() not in HONORIFICS
                  and k[0].lower() not in DETERMINERS and gender_of_first_name(k[0]) != UNKNOWN}
        if len(others) == 1:
            out[i] = others.pop()
    return out


def _surnames(c: Character) -> frozenset[str]:
    """Family names of ``c``: the last word of any name that has a title or a given name."""
    out = set()
    for n in c.names():
        key = name_key(n)
        if relative_name(n):
            continue  # "Scrooge's Nephew": no family name "Nephew"
        if len(key) >= 2 and key[0].lower() not in DETERMINERS and key[-1][0].isupper():
            out.add(key[-1])
    return frozenset(out)


# Two capitalised words in a row, "Elizabeth Bennet" (the first's ``\b`` written as a look back after
# its capital, ``\b([A-Z][a-z]+)(?=...)`` as it was: the search skips to a capital, not trying
# ``\b`` at every position of the text)
_CAPITAL_PAIR = re.compile(r"([A-Z](?<!\w[A-Z])[a-z]+)(?=[ \t\r\n]+([A-Z][a-z]+)\b)")


def _capital_pairs(source: str, families) -> Counter:
    """``Counter(m.groups() for m in _CAPITAL_PAIR.finditer(source) if m.group(2) in families)``,
    found from where each family name is written (a search of their alternation, which skips
    to their first letters) and read back from it, instead of trying ``_CAPITAL_PAIR`` at every
    capital of the text (12 ms over a novel). A family name of ``[A-Z][a-z]+`` ending a word
    (``\b``) after blanks (``[ \t\r\n]+``), after a word of ``[A-Z][a-z]+`` that no word
    character comes before: each such pair is one match of ``_CAPITAL_PAIR``, whose
    look-ahead takes no text, so the matches do not hide one another. A test compares them."""
    names = sorted(f for f in families if re.fullmatch(r"[A-Z][a-z]+", f))
    pairs: Counter = Counter()
    if not names:
        return pairs
    for m in re.finditer("(?:" + "|".join(names) + r")\b", source):
        j = m.start()
        while j > 0 and source[j - 1] in " \t\r\n":
            j -= 1
        i = j
        while i > 0 and "a" <= source[i - 1] <= "z":
            i -= 1
        if j == m.start() or i == j or i == 0 or not "A" <= source[i - 1] <= "Z":
            continue
        i -= 1
        if i and (source[i - 1].isalnum() or source[i - 1] == "_"):  # (``\w`` before the capital)
            continue
        pairs[(source[i:j], m.group(0))] += 1
    return pairs


def _learn_surnames(characters: list[Character], source: str) -> list[frozenset[str]]:
    """Family names of each character, from its names, and a family name the cast gives to
    two people or more that the text writes after one of its one-word names at least twice
    ("Elizabeth Bennet", beside Mr. and Mrs. Bennet; not "Mary King" beside one Miss King)."""
    out = [_surnames(c) for c in characters]
    sizes = Counter(f for fams in out for f in fams)
    families = {f for f, n in sizes.items() if n >= 2}
    if not families:
        return out
    pairs = _capital_pairs(source, families)
    after: dict[str, Counter] = defaultdict(Counter)
    for (first, family), n in pairs.items():
        after[first][family] += n
    for i, c in enumerate(characters):
        if any(name_key(n)[:1] in (("Mrs",), ("Mrs.",)) for n in c.names()):
            continue  # a wife's family is her husband's: "Mrs. Wickham" is no Bennet any more
        found = Counter()
        for n in c.names():
            key = name_key(n)
            if len(key) == 1 and key[0].lower() not in HONORIFICS:
                found.update(after.get(key[0], Counter()))
        if found:
            family, n = found.most_common(1)[0]
            if n >= 2:
                out[i] = out[i] | {family}
    return out


def _forms(c: Character):
    """(strength, key, sole) for every way the text may name ``c``: its given names 3, forms
    derived from them 0.5-2. ``sole`` forms are ``c``'s only when no other character of the
    cast derives them too (``_Cast``): ``the Colonel`` of ``Colonel Ducroix``, ``Will`` and
    ``Bill`` of ``William Rodney``. A family name alone (``Hall``) is first a man's: the one
    of ``Mrs. Hall`` or of a woman's full name is weaker than the one of ``Mr. Hall``. Words
    after ``of`` (``Anne of Green Gables``, ``Mr. Darcy of Pemberley``) name a place: nothing
    is derived from them."""
    female = c.gender == FEMALE
    for n in c.names():
        key = name_key(n)
        if not key or (len(key) == 1 and key[0].lower() in HONORIFICS):
            continue  # a bare title ("Sir") is a form of address, not a name
        yield 3, key, False
        if c.described:
            continue  # "The Grinning Countryman" brought in once: "the countryman" is anyone's
        if relative_name(n):
            continue  # "Scrooge's Nephew" is not "Scrooge" nor "Mr. Nephew": ``_Cast.relatives``
        words = [w for w in key if w.lower() not in HONORIFICS and w.lower() not in DETERMINERS]
        if "of" in (w.lower() for w in words[1:]):
            # "Anne of Green Gables": what follows "of" is a place, not her family name
            words = words[:next(i for i, w in enumerate(words) if i and w.lower() == "of")]
        if key[0].lower() in DETERMINERS:
            if key[1:] and key[1][0].isupper():
                yield 2, key[1:], False  # "The Dormouse" -> "Dormouse"
            yield from _role_forms(key)
            continue
        title = key[0].lower() if key[0].lower() in HONORIFICS else None
        woman = female or (title is not None and HONORIFICS[title] == FEMALE)
        if title and len(words) >= 2:
            yield 2, (key[0], words[-1]), False  # "Mr. Sherlock Holmes" -> "Mr Holmes"
        if title in _TITLES_ALONE and words:
            yield 1, ("the", _TITLES_ALONE[title]), True  # "Colonel Ducroix" -> "the Colonel"
        if title in _BARE_TITLES and words:
            yield 1, (key[0],), True  # "Mademoiselle Reisz" -> "said Mademoiselle"
        if len(words) >= 2:
            yield (0.5 if woman else 1), (words[-1],), False  # surname
            yield 1, (words[0],), False                      # given name
            if not title and c.gender in (FEMALE, MALE):
                # "Rachel Lynde" -> "Mrs. Lynde", "Miss Lynde", "Mrs. Rachel"; "Tom Lynde" -> "Mr. Lynde"
                for t in (("Mrs", "Miss") if female else ("Mr",)):
                    yield 2, (t, words[-1]), True
                    yield 1, (t, words[0]), True
        elif len(words) == 1 and title:
            yield (0.5 if woman else 1), (words[0],), False  # "Mr. Darcy" -> "Darcy"
        first = words[0] if words and (len(words) >= 2 or not title) else None
        if first is not None:
            for short in sorted(other_forms(first)):  # "William Rodney" -> "Will", "Bill"
                yield 0.75, (short,), True  # below a given name of another ("Mary" of Mary Datchet)
                if len(words) >= 2:
                    yield 2, (short, words[-1]), True  # "Will Rodney"


# What ends the head of a role's name: "The Jailer At The Dodger's Trial", "The Man with the Beard".
_ROLE_QUALIFIERS = {"at", "of", "in", "with", "on", "from", "by", "near", "who", "outside", "inside"}


def _role_forms(key: tuple[str, ...]):
    """How the text names a role a cast lists in full (``sole``: only while no other role of the
    cast derives the same): ``the jailer`` of ``The Jailer At The Dodger's Trial``, ``the
    countryman`` of ``The Grinning Countryman``, ``the valet`` of ``His Valet``. Not a bare
    person noun (``the man`` of ``The Stout Man``, ``the lady`` of ``The Lady In Grey``): the
    descriptions of ``mentions`` weigh who such a noun means. Not ``a mouse`` for ``The
    Mouse`` either (``she was now only a mouse``): an article brings in a role only in a tag
    (``mentions._role_brought_in``)."""
    if key[0].lower() not in ("the", "his", "her", "their") or len(key) < 2:
        return
    rest = key[1:]
    if key[0].lower() != "the":
        # "His Valet": "the valet" (not "Her Sister": a relative is someone's, ``mentions``)
        if len(rest) == 1 and rest[0].lower() not in PERSON_NOUNS:
            yield 1, ("the", rest[0]), True
        return
    cut = next((j for j, w in enumerate(rest) if w.lower() in _ROLE_QUALIFIERS), len(rest))
    head = rest[:cut]
    if not head or any(w.lower() in DETERMINERS for w in head):
        return
    noun = head[-1].lower()
    person = noun in PERSON_NOUNS or noun in ("voice", "person", "people", "child", "one", "other")
    if cut < len(rest) and not (len(head) == 1 and person):
        yield 1, ("the", *head), True  # "The Jailer At The Dodger's Trial" -> "the jailer"
    if len(head) >= 2 and not person:
        yield 1, ("the", head[-1]), True  # "The Grinning Countryman" -> "the countryman"


# Titles that name their one bearer alone, with "the" ("the Colonel"), and those used bare too.
_TITLES_ALONE = {t: t.capitalize() for t in (
    "colonel", "captain", "major", "general", "lieutenant", "sergeant", "inspector", "doctor", "professor",
    "count", "countess", "baron", "baroness", "duke", "duchess", "prince", "princess", "marquis", "marquise",
    "judge", "squire", "earl", "vicar", "rector", "reverend")} | {"dr": "Doctor"}
_BARE_TITLES = {"madame", "mademoiselle", "monsieur", "mlle", "mme"}


_NUMBERS = {"one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "another"}


def _derived_name(c: Character, word: str) -> bool:
    """Is ``word``, a one-word form derived from ``c``'s names that the text also writes in
    lower case, a name (``Will`` of ``Will Crane``, ``Hall`` of ``Mr. Hall``) rather than a
    common word (``Doctor`` of ``The Doctor``, ``Enemy`` of ``One Enemy``)? Only a given
    name the name lexicon knows, or a surname beside a title or such a given name, is."""
    if word.lower() in HONORIFICS or word.lower() in PERSON_NOUNS or word.lower() in PARTICLES:
        return False
    for n in c.names():
        key = name_key(n)
        if word not in key or key[0].lower() in DETERMINERS:
            continue
        if key[0].lower() in HONORIFICS and key[-1] == word:
            return True
        first = next((w for w in key if w.lower() not in HONORIFICS), None)
        if first is not None and first.lower() not in _NUMBERS and gender_of_first_name(first) != UNKNOWN:
            return True
    return False


def _narration(script: Script):
    return [s for s in script.segments if s.kind == model.NARRATION]


def _chapter_mentions(script: Script, cast: "_Cast") -> tuple[list[int], list[Counter]]:
    """Where each chapter starts, and how often its narration names each character."""
    starts, counts = [], []
    for ch in script.chapters:
        c: Counter[int] = Counter()
        for s in ch.segments:
            if s.kind != model.NARRATION:
                continue
            k = 0  # (a name's words name nobody else)
            for at, (ids, n) in cast.index.found(tokens(s.text, s.start)).items():
                if at < k:
                    continue
                if len(ids) == 1:
                    c[ids[0]] += 1
                k = at + n
        starts.append(ch.segments[0].start if ch.segments else (starts[-1] if starts else 0))
        counts.append(c)
    return starts, counts


_I_HE_SHE = frozenset(("I", "he", "He", "she", "She"))
_TEXT = itemgetter(0)  # a token's text


def _first_person(script: Script) -> bool:
    """Narration says "I" more than a third as often as he/she, and at least 20 times, or,
    in a story too short for that, tags a quote with ``I said``/``said I``. (A pass over all the
    narration: ``attribute`` reads it once and hands it to discovery, the merge and the cast.)"""
    narration = _narration(script)
    # (the words' texts counted at C speed: one chain of every narration token)
    words = Counter(filter(_I_HE_SHE.__contains__, map(_TEXT, chain.from_iterable(
        [tokens(s.text, s.start) for s in narration]))))
    i_count = words["I"]
    return i_count >= 0.3 * sum(words[w] for w in ("he", "He", "she", "She")) \
        and (i_count >= 20 or any(_I_TAG.search(s.text) for s in narration))


def _find_narrator(script: Script, cast: _Cast) -> int | None:
    """The first-person narrator, when narration says "I" more than a third as often as he/she:
    the one the narration's "I" names as itself (``Call me Tom``, ``my name is Tom``), else
    the character most named inside quotes (addressed) relative to narration mentions, among
    those the quotes answering or answered by the narrator's own ("said I", "I asked") name
    more often than his own quotes do (the narrator is spoken to; the one he talks to is named
    in his words)."""
    if not cast.first_person:  # (``_first_person(script)``)
        return None
    in_narr: Counter[int] = Counter()
    self_named: Counter[int] = Counter()
    own = _self_naming_paragraphs(script)
    for s in _narration(script):
        toks = tokens(s.text, s.start)
        for k, (ids, n) in cast.index.found(toks).items():
            if len(ids) == 1:
                in_narr[ids[0]] += 1
                if _names_self(toks, k) and (s.chapter, s.paragraph) in own:
                    self_named[ids[0]] += 1
    if self_named:
        return self_named.most_common(1)[0][0]
    in_quotes: Counter[int] = Counter()
    for s in script.segments:
        if s.kind == model.DIALOGUE:
            for ids, _ in cast.index.found(tokens(s.text)).values():
                if len(ids) == 1:
                    in_quotes[ids[0]] += 1
    toward, away = _named_beside_narrator(script, cast)
    scored = [(q / (in_narr[i] + 2), i) for i, q in in_quotes.items()
              if q >= 3 and q > in_narr[i] and toward[i] > away[i]]
    return max(scored)[1] if scored else None


_I_VERB = r"(?:I\s+(?:%s)|(?:%s)\s+I)\b" % (("|".join(sorted(SPEECH_VERBS)),) * 2)
# "said I"/"I asked" opening the narration after a quote, or ending the narration before one
# (``I said to him:``).
_I_TAG = re.compile(r"^\W*%s|\b%s[^.!?]{0,25}$" % (_I_VERB, _I_VERB))


def _named_beside_narrator(script: Script, cast: _Cast) -> tuple[Counter, Counter]:
    """Characters named in the quotes of the paragraphs right before or after one whose
    narration tags a quote with "I" (``"...," said I.``, ``I asked him: "..."``), and in
    that one's quotes:
    (toward, away), each paragraph counting a character once."""
    paras: dict[tuple[int, int], list[Segment]] = defaultdict(list)
    for s in script.segments:
        paras[(s.chapter, s.paragraph)].append(s)
    tagged: dict[tuple[int, int], bool] = {}
    named: dict[tuple[int, int], set[int]] = {}
    for key, segs in paras.items():
        if not any(s.kind == model.DIALOGUE for s in segs):
            continue
        tagged[key] = any(s.kind == model.NARRATION and _I_TAG.search(s.text) for s in segs)
        found = set()
        for s in segs:
            if s.kind == model.DIALOGUE:
                for ids, _ in cast.index.found(tokens(s.text)).values():
                    if len(ids) == 1:
                        found.add(ids[0])
        named[key] = found
    toward: Counter[int] = Counter()
    away: Counter[int] = Counter()
    for (ch, p), is_tagged in tagged.items():
        if is_tagged:
            away.update(named[(ch, p)])
        elif tagged.get((ch, p - 1)) or tagged.get((ch, p + 1)):
            toward.update(named[(ch, p)])
    return toward, away


_SUBJECT_OR_SELF = {"he", "she", "himself", "herself"}
# Verbs whose object a name after them is ("told Doctor Mandelet she would walk"): the pronoun
# after it is another's
_OBJECT_VERBS = {"told", "informed", "assured", "reminded", "warned", "promised", "thanked", "gave", "showed",
                 "let", "made", "saw", "met", "kissed", "left", "followed", "helped", "watched", "joined"}


def _gender_evidence(script: Script, cast: _Cast) -> dict[int, str]:
    """Gender from the text: pronouns that follow a character's name in the same sentence (or
    the next), not a possessive's (``the Doctor's coupe had returned. She did not wish``) nor an
    object's after a verb such as ``told`` (``told Doctor Mandelet she would walk``): that
    pronoun is another's."""
    votes: dict[int, Counter] = defaultdict(Counter)
    index = cast.index
    alone, known = index.alone, index._alone  # (``alone``'s answers by word, read here without a call)
    for s in _narration(script):
        toks = tokens(s.text, s.start)
        after = 0  # (the words of a name are not read again)
        for k, (ids, n) in index.found(toks).items():
            if k < after or len(ids) != 1:
                continue
            who = ids[0]
            after = k + n
            if s.text[toks[k + n - 1].end - s.start:toks[k + n - 1].end - s.start + 2] in ("'s", "’s") \
                    or (k and toks[k - 1].low in _OBJECT_VERBS):
                continue  # "the Doctor's coupe ... She", "told Doctor Mandelet she would walk": no subject
            ends = 0
            for t in toks[k + n:k + n + 45]:
                text = t[0]
                if text in SENTENCE_END:
                    ends += 1
                    if ends > 1:
                        break
                hit = known.get(text)
                if hit is None:
                    hit = alone(t)
                if hit:
                    break
                if t.low in _SUBJECT_OR_SELF:
                    votes[who][PRONOUNS[t.low]] += 1
                    break
    out = {}
    for who, v in votes.items():
        f, m = v[FEMALE], v[MALE]
        if f + m >= 2 and max(f, m) >= 3 * min(f, m):
            out[who] = FEMALE if f > m else MALE
    return out


_CALL_ME = {"call", "calls", "called"}
_NAME_IS = {"is", "was"}
# A line of a play: a speaker's name (not a title, "Mr.") and a period or colon open the paragraph.
_PLAY_LINE = re.compile(r"((?:[A-Z][\w'’]*[ \t]){0,2}[A-Z][\w'’]*)[.:][ \t\r\n]")


def _play_line(text: str) -> bool:
    """``text`` opens with a speaker's name as in a play (``JACK. Well, ...``, ``ANNA: ...``)."""
    m = _PLAY_LINE.match(text)
    return bool(m) and m.group(1).split()[-1].lower().rstrip(".") not in HONORIFICS


def _self_naming_paragraphs(script: Script) -> set[tuple[int, int]]:
    """Paragraphs whose narration may be the narrator's own words: not a line of a play."""
    seen: set[tuple[int, int]] = set()
    out: set[tuple[int, int]] = set()
    for s in script.segments:
        key = (s.chapter, s.paragraph)
        if key not in seen and s.kind == model.NARRATION:
            seen.add(key)
            if not _play_line(s.text):
                out.add(key)
    return out


def _names_self(toks: list[Token], k: int) -> bool:
    """The name at ``toks[k]`` is one the speaker of the words gives himself:
    ``call me Tom``, ``they called me Tom``, ``my name is Tom``."""
    if k >= 2 and toks[k - 1].low == "me" and toks[k - 2].low in _CALL_ME:
        return True
    return k >= 3 and toks[k - 1].low in _NAME_IS and toks[k - 2].low == "name" and toks[k - 3].low == "my"
