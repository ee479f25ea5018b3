"""Character discovery: proper names that act or speak, merged into characters with aliases and
a gender guess (``discover``), when no cast file gives the characters.
"""
from __future__ import annotations

import calendar
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from .. import model
from ..model import Script
from .names import (DETERMINERS, FEMALE, GIVEN_OF_PET, HONORIFICS, MALE, PERSON_NOUNS, PRONOUNS, SENTENCE_END, UNKNOWN, Token,
                     gender_of_first_name, tokens)
from .cast import Character, _first_person, _names_self, _self_naming_paragraphs
from .verbs import SPEECH_VERBS


_PLACE_WORDS = {"at", "in", "to", "from", "into", "near", "towards", "toward", "through", "round",
                "around", "reach", "reached", "leave", "left", "visit", "visited", "quit", "quitted"}
# Days, months and feasts name times, not people ("Christmas Eve", "on Sunday").
_CALENDAR = {n for n in list(calendar.day_name) + list(calendar.month_name) if n} | {
    "Christmas", "Easter", "Michaelmas", "Whitsun", "Whitsuntide", "Lent", "Candlemas", "Lammas",
    "Hallowmas", "Halloween", "Yule", "Advent", "Pentecost", "Epiphany", "Midsummer"}


@dataclass
class _Cand:
    surface: Counter = field(default_factory=Counter)
    count: int = 0
    mid: int = 0        # occurrences not at a sentence start
    speech: int = 0     # beside a speech verb
    acts: int = 0       # followed by a verb-like word
    place: int = 0      # after a preposition of place
    honorific: str | None = None
    vocative: int = 0   # addressed inside quotes
    det: int = 0        # after a determiner ("the Slayer"): a title or epithet, not a name
    self_named: int = 0  # the narration's "I" gives it as its own name ("Call me Tom", "my name is Tom")


def discover(script: Script) -> list[Character]:
    """Proper names that act or speak, merged into characters with aliases and a gender guess.

    Candidates are capitalised names not at a sentence start, with or without an
    honorific (``Mr. Darcy``), and ``the`` + capitalised noun (``the Dormouse``).
    Words the text also writes in lower case, days and months, and names mostly
    met after prepositions of place are dropped. ``Mr. X``, ``Mrs. X`` and
    ``Miss X`` stay separate characters; a bare surname joins the ``Mr.`` one;
    ``First Last`` joins ``First`` when the text uses the given name more, else
    the surname's character.

    In a first-person story (see ``_first_person``) two more kinds of name are
    people: one the narration's "I" gives itself (``Call me Ned.``, ``my name is
    Ned``; not in a line of a play, ``TOM. My name is Ned``), and one used in
    address (``"Ned, ..."``) at least 3 times and more than twice as often as the
    narration names it (a chapter heading, ``Ned Hale`` once or twice): the
    narrator is spoken to but rarely named; ``Ned Hale`` in narration is then
    that one's full name. A title and a name already found (``"Mr. Stubbs, ..."``
    beside ``Stubbs``) is that one, not another character.
    """
    lower = Counter(re.findall(r"\b[a-z][a-z'’]+\b", script.source))
    named = _names_despite_case(script, lower)
    lower = Counter({w: n for w, n in lower.items() if w not in named})
    cands: dict[tuple[str, ...], _Cand] = defaultdict(_Cand)
    own = _self_naming_paragraphs(script)
    together: Counter = Counter()  # pairs of names said in one sentence of narration
    for seg in script.segments:
        if seg.kind not in (model.NARRATION, model.DIALOGUE):
            continue
        toks = tokens(seg.text)
        k = 0
        sentence: set[tuple[str, ...]] = set()
        while k < len(toks):
            key, n, hon = _candidate_at(toks, k, lower)
            if not key:
                if toks[k].text in SENTENCE_END:
                    together.update(_pairs(sentence))
                    sentence = set()
                k += 1
                continue
            c = cands[key]
            if seg.kind == model.DIALOGUE:
                nxt = toks[k + n].text if k + n < len(toks) else ""
                if nxt in {",", "!", "?", "."} and (k == 0 or toks[k - 1].text in {",", "dear", "Dear"}
                                                    or toks[k - 1].text in SENTENCE_END):
                    c.vocative += 1
                k += n
                continue
            c.count += 1
            c.surface[seg.text[toks[k].start - 0:toks[k + n - 1].end]] += 1
            prev = toks[k - 1] if k else None
            nxt = toks[k + n] if k + n < len(toks) else None
            if prev is not None and prev.text not in SENTENCE_END and prev.text not in '"“”':
                c.mid += 1
            if prev is not None and prev.low in _PLACE_WORDS:
                c.place += 1
            if prev is not None and prev.low in DETERMINERS and not hon:
                c.det += 1
            if (prev is not None and prev.low in SPEECH_VERBS) or (nxt is not None and nxt.low in SPEECH_VERBS):
                c.speech += 1
            elif nxt is not None and nxt.is_word and not nxt.is_cap and (
                    nxt.low.endswith("ed") or nxt.low in _COMMON_VERBS):
                c.acts += 1
            if hon:
                c.honorific = hon
            if _names_self(toks, k) and (seg.chapter, seg.paragraph) in own:
                c.self_named += 1
            sentence.add(key)
            k += n
        together.update(_pairs(sentence))
    people = {}
    first_person = _first_person(script)
    for key, c in cands.items():
        if c.count == 0 or (c.mid == 0 and c.speech == 0):  # a speaker may only open sentences
            continue
        if c.place > 0.4 * c.count and 10 * c.speech < c.count:
            continue  # "in London", "to London", and once beside a speech verb: a place
        if c.det > 0.2 * c.count:
            continue
        strong = c.speech >= 1 or c.acts >= 2 or (c.honorific and c.count >= 2)
        if len(key) == 1 and key[0].lower() in HONORIFICS and ("the", key[0]) in cands:
            continue  # "Queen" beside "the Queen": one character, named with its article
        if key[0] == "the" and c.speech == 0:
            continue  # "the Aurora", "the Standard": a thing unless it speaks
        if key[-1].endswith("s") and key[0].lower() in DETERMINERS | HONORIFICS.keys() and any(
                k[-1] == key[-1][:-1] for k in cands if k != key):
            continue  # "the Hilberys", "the Miss Bennets": a family, not one of them
        if (not strong or c.count < 2) and not (c.self_named and first_person):
            continue
        people[key] = c
    return _merge(people, cands, script, together)


def _pairs(keys: set[tuple[str, ...]]):
    return [(a, b) for a in keys for b in keys if a < b]


def _names_despite_case(script: Script, lower: Counter) -> set[str]:
    """Words the text writes in lower case that are names too (``will`` and ``Will``): in
    the narration, capitalised inside a sentence beside a speech verb (``said Will``, ``,
    Will answered``) at least twice, and in a name's place inside a sentence (see
    ``names.name_position``) more often than capitalised elsewhere (``Will you come?``)."""
    from .names import name_position

    tagged: Counter = Counter()
    placed: Counter = Counter()
    other: Counter = Counter()
    for seg in script.segments:
        if seg.kind != model.NARRATION:
            continue
        toks = tokens(seg.text)
        for k, t in enumerate(toks):
            if not (t.is_word and t.is_cap and lower[t.low] and t.low not in HONORIFICS
                    and t.low not in DETERMINERS and t.low not in PRONOUNS and not _FIRST_PERSON.match(t.text)):
                continue
            if k and toks[k - 1].low in HONORIFICS:
                continue  # "Mrs. Hall": a name with its title, found as such
            inside = k > 0 and toks[k - 1].text not in SENTENCE_END and toks[k - 1].text not in '"“”'
            if inside and name_position(toks, k, 1):
                placed[t.low] += 1
                nxt = toks[k + 1].low if k + 1 < len(toks) else ""
                if toks[k - 1].low in SPEECH_VERBS or nxt in SPEECH_VERBS:
                    tagged[t.low] += 1
            elif not name_position(toks, k, 1):
                other[t.low] += 1
    return {w for w, n in tagged.items() if n >= 2 and placed[w] > other[w]}


_COMMON_VERBS = {"was", "had", "did", "could", "would", "should", "might", "must", "will", "can",
                 "is", "has", "does", "went", "came", "saw", "took", "made", "felt", "knew", "thought",
                 "looked", "turned", "stood", "sat", "began", "gave", "got", "kept", "let", "ran",
                 "held", "put", "shook", "smiled", "grinned", "nodded", "laughed", "sighed", "rose",
                 "spoke", "heard", "seemed", "remained", "found", "told", "said", "asked", "cried",
                 "replied", "answered", "says", "goes", "comes", "looks", "turns", "smiles", "stands",
                 "sits", "knows", "feels", "thinks", "wants", "wanted", "tried", "tries", "pulled",
                 "pushed", "reached", "stopped", "leaned", "moved", "whispered", "murmured", "only",
                 "never", "himself", "herself", "again", "who", "and"}


def _common_compound(word: str, lower: Counter) -> bool:
    """``Good-night``, ``Good-bye``: a hyphened word whose parts the text writes in lower case."""
    parts = re.split(r"[-‐]", word)
    return len(parts) > 1 and all(lower[p] > 0 for p in parts)


_FIRST_PERSON = re.compile(r"I(?:['’](?:m|ve|ll|d|s))?$")


def _candidate_at(toks: list[Token], k: int, lower: Counter) -> tuple[tuple[str, ...], int, str | None]:
    """A candidate name at ``toks[k]``: (key, tokens used, honorific) or ((), 0, None)."""
    t = toks[k]
    if not t.is_word:
        return (), 0, None
    if t.text == "the" and k + 1 < len(toks) and toks[k + 1].is_cap and toks[k + 1].is_word:
        words = [toks[k + 1]]
        if k + 2 < len(toks) and toks[k + 2].is_word and toks[k + 2].is_cap and toks[k + 2].low not in HONORIFICS:
            words.append(toks[k + 2])
        if any(w.low in DETERMINERS or _FIRST_PERSON.match(w.text) for w in words):
            return (), 0, None
        return ("the", *(w.text for w in words)), 1 + len(words), None
    if t.low in _PARTICLES and _name_after(toks, k + 1, lower):
        return (t.low, toks[k + 1].text), 2, None  # "de Griers", "De Griers": one family name
    if not t.is_cap or _FIRST_PERSON.match(t.text):
        return (), 0, None  # "I", and "I've", "I’ll": the first person, never a name
    hon = t.low if t.low in HONORIFICS else None
    j = k + 1 if hon else k
    words = []
    while j < len(toks) and len(words) < 3:
        if hon and toks[j].low in _PARTICLES and _name_after(toks, j + 1, lower):
            words.append(toks[j])  # "Professor de Worms"
            j += 1
            continue
        if not (toks[j].is_word and toks[j].is_cap and toks[j].low not in HONORIFICS
                and not _FIRST_PERSON.match(toks[j].text)):
            break
        words.append(toks[j])
        j += 1
    if not words and hon and lower[t.low] == 0 and t.low not in ("mr", "mrs", "ms", "dr"):
        return (t.text,), 1, hon  # a title used as a name ("said Madame"), never written in lower case
    if not words or (not hon and len(words) == 1 and len(words[0].text) < 3):
        return (), 0, None  # "Ah", "Oh": interjections, not names
    # Words the text also writes in lower case are common words, not names (unless titled).
    if not hon and (lower[words[0].low] > 0 or words[0].text in _CALENDAR or _common_compound(words[0].low, lower)):
        return (), 0, None
    if any(w.text in _CALENDAR for w in words):
        return (), 0, None
    if len(words) > 1 and any(lower[w.low] > 2 and w.low not in _PARTICLES for w in words[1:]):
        words = words[:1]
    key = ((t.text,) if hon else ()) + tuple(w.low if w.low in _PARTICLES else w.text for w in words)
    return key, (1 if hon else 0) + len(words), hon


# Words that join a family name to what comes before ("Professor de Worms", "De Griers").
_PARTICLES = {"de", "du", "des", "van", "von", "der", "den", "ter", "le", "la", "di", "da", "del", "della", "dos"}


def _name_after(toks: list[Token], j: int, lower: Counter) -> bool:
    """A capitalised word at ``toks[j]`` that the text never writes in lower case."""
    return j < len(toks) and toks[j].is_word and toks[j].is_cap and toks[j].low not in HONORIFICS \
        and lower[toks[j].low] == 0 and not _FIRST_PERSON.match(toks[j].text) and toks[j].text not in _CALENDAR


def _norm_hon(h: str) -> str:
    return {"mister": "mr", "doctor": "dr"}.get(h, h)


def _merge(people: dict[tuple[str, ...], _Cand], cands, script: Script, together: Counter) -> list[Character]:
    """Group candidate names into characters (see ``discover`` and ``_groups``)."""
    # A full name the text writes twice, even opening a sentence ("Will Crane came"), says
    # who its given name and family name are, when its first word is a given name.
    linked = dict(people)
    for key, c in cands.items():
        words = _name_words(key)
        if key not in people and key[0] != "the" and len(words) == 2 and c.count >= 2 \
                and ((words[0],) in people or gender_of_first_name(words[0]) != UNKNOWN) and (
                (words[0],) in people or (words[-1],) in people
                or any(len(k) == 2 and k[0].lower() in HONORIFICS and k[1] == words[-1] for k in people)):
            linked[key] = c
    groups = _groups(linked, together)
    chars = []
    for keys in groups:
        if not any(k in people for k in keys):
            continue  # a full name that joined no one
        surface = Counter()
        for k in keys:
            surface.update(linked[k].surface)
        chars.append((sum(linked[k].count for k in keys),
                      Character(*_label(keys, surface, linked), _gender_from_keys(keys))))
    chars.sort(key=lambda x: -x[0])
    out = [c for _, c in chars]
    # Vocative-only names (a first-person narrator is addressed but never named in narration).
    known = set(people)
    if not _first_person(script):
        return out
    # A name used mostly in address ("Tom, ..."; the narration names it at most a third as
    # often, a chapter heading, "Tom Finch"): one who takes "Tom Finch" as its full name.
    added: dict[tuple[str, ...], list[tuple[str, ...]]] = {}
    for key, c in sorted(cands.items(), key=lambda kc: len(kc[0])):
        if key in known or key[0] == "the" or (key[0].lower() in HONORIFICS and key[1:] in known):
            continue  # "Mr. Stubb" said to Stubb: the name is his
        if c.vocative >= 3 and (c.count <= 1 or c.vocative > 2 * c.count):
            head = key[:1] if len(key) > 1 and key[:1] in added else key
            added.setdefault(head, []).append(key)
    for key, c in cands.items():  # "Tom Finch" in narration: the full name of "Tom, ..."
        if len(key) > 1 and key[:1] in added and key not in added[key[:1]] and key not in known and c.count:
            added[key[:1]].append(key)
    order = {key: n for n, key in enumerate(cands)}
    for head, keys in sorted(added.items(), key=lambda hk: order[hk[0]]):
        forms = [_title_article(" ".join(k)) for k in keys]
        out.append(Character(forms[0], tuple(forms[1:]), _gender_from_keys(keys)))
    return out


# Titles a wife or widow takes from her husband's family: "Mrs. Denham" beside Ralph Denham is
# his mother, not a form of his name (nor of his sister's).
_MARRIED = {"mrs", "madame", "lady", "frau", "signora", "dame", "mistress", "madam"}


class _Union:
    """Names joined into characters; ``link`` refuses two that the text names apart."""

    def __init__(self, keys, together: Counter, count: dict):
        self.up = {k: k for k in keys}
        self.count = count
        self.members = {k: [k] for k in keys}
        self.together = together

    def find(self, k):
        while self.up[k] != k:
            self.up[k] = self.up[self.up[k]]
            k = self.up[k]
        return k

    def join(self, a, b):
        a, b = self.find(a), self.find(b)
        if a != b:
            self.up[a] = b
            self.members[b] += self.members.pop(a)

    def apart(self, a, b) -> bool:
        """The names of ``a`` and those of ``b`` are said in one sentence twice or more,
        and in one of ten sentences naming the rarer of them (``Tom and Finch came in``):
        two people. (One person is named twice in a sentence now and then.)"""
        ma, mb = self.members[self.find(a)], self.members[self.find(b)]
        both = sum(self.together[min(x, y), max(x, y)] for x in ma for y in mb)
        rarer = min(sum(self.count[x] for x in ma), sum(self.count[y] for y in mb))
        return both >= 2 and 10 * both >= rarer

    def link(self, a, b) -> bool:
        """Join ``a`` and ``b`` unless the text names them apart; whether they are one."""
        if self.find(a) == self.find(b):
            return True
        if self.apart(a, b):
            return False
        self.join(a, b)
        return True


def _name_words(key: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(w for w in key if w.lower() not in HONORIFICS and w.lower() not in DETERMINERS
                 and w not in _PARTICLES)


def _groups(people: dict[tuple[str, ...], _Cand], together: Counter) -> list[list[tuple[str, ...]]]:
    """The candidate names of each character, one list per character.

    - ``Mr. X``, ``Mrs. X`` and ``Miss X`` are three people; ``Mrs. Tom Finch`` is ``Mrs.
      Finch`` (a wife takes her husband's names), and ``Mrs. Ann`` beside ``Mrs. Ann Finch``.
    - A full name ``Tom Finch`` (``Mr. Tom Finch``) is one person with ``Tom``; when no
      other full name of the text has the family name Finch, that person is also ``Finch``,
      and ``Mr. Finch`` or ``Miss Finch`` of the person's sex (never ``Mrs. Finch``: a wife
      or mother takes the family name).
    - Two full names of one family (``Tom Finch``, ``Ned Finch``) are two people: the bare
      ``Finch`` and ``Mr. Finch`` go to the one named most, unless his given name is
      the more frequent form of him.
    - A bare name otherwise joins ``Mr. X`` (the man of the family), or the one titled
      ``X`` when there is one and no full name has that family name; ``the X`` is its own
      character, and joins the one person titled ``X`` (``the Colonel`` beside ``Colonel
      Finch``, and no other colonel).
    - None of these joins two names that two sentences of narration name side by side
      (``Mr. Knightley and Mr. John Knightley``): they are two people.
    """
    count = {k: c.count for k, c in people.items()}
    uf = _Union(people, together, count)
    bare = {k[0]: count[k] for k in people if len(k) == 1 and k[0].lower() not in HONORIFICS}
    by_hon: dict[tuple[str, str], list[tuple[str, ...]]] = defaultdict(list)
    by_the: dict[str, list[tuple[str, ...]]] = defaultdict(list)
    # persons of full names: family -> given name -> keys
    family: dict[str, dict[str, list[tuple[str, ...]]]] = defaultdict(lambda: defaultdict(list))
    married_full = []
    particled: dict[str, list[tuple[str, ...]]] = defaultdict(list)
    for key in people:
        if key[0] == "the":
            by_the[key[-1]].append(key)
            continue
        titled = key[0].lower() in HONORIFICS
        words = tuple(w for w in (key[1:] if titled else key) if w not in _PARTICLES)
        if not titled and len(words) == 1 and len(key) > 1:
            particled[words[0]].append(key)  # "de Griers" is "Griers"
            continue
        if titled and (len(words) == 1 or key[0].lower() in _MARRIED):
            by_hon[(_norm_hon(key[0].lower()), key[-1])].append(key)
            if len(words) >= 2:
                married_full.append(key)
        elif len(words) >= 2:
            family[words[-1]][words[0]].append(key)
    for keys in list(by_hon.values()) + list(by_the.values()):
        for k in keys[1:]:
            uf.join(k, keys[0])
    for name, keys in particled.items():
        for k in keys + ([(name,)] if (name,) in people else []):
            uf.join(k, keys[0])
    hon_of = defaultdict(list)  # family name -> (title, its keys)
    for (h, last), keys in by_hon.items():
        hon_of[last].append((h, keys))
    surnames_of_first = Counter(first for fam in family.values() for first in fam)
    surnames_of_first.update(k[1] for k in married_full)
    placed: set[tuple[str, ...]] = set()  # keys already given to a person of a full name
    for k in married_full:  # "Mrs. Ann Finch": "Mrs. Ann" is she
        if (k[0], k[1]) in people and surnames_of_first[k[1]] == 1 and uf.link((k[0], k[1]), k):
            placed.add((k[0], k[1]))

    def weight(keys):
        return sum(count[k] for k in keys)

    def sex(first, keys):
        titles = {HONORIFICS.get(k[0].lower()) for k in keys if k[0].lower() in HONORIFICS} - {None}
        if len(titles) == 1:
            return titles.pop()
        return gender_of_first_name(first)

    for last, persons in family.items():
        ranked = sorted(persons.items(), key=lambda fk: -weight(fk[1]))
        eldest = ranked[0][0]
        for first, keys in ranked:
            anchor = keys[0]
            for k in keys[1:]:
                uf.join(k, anchor)
            # the given name alone: his unless another full name has it too and is said more
            given = bare.get(first, 0)
            by_given = given >= max(bare.get(last, 0), 1)
            if given and (surnames_of_first[first] == 1 or all(
                    weight(ks) <= weight(keys) for fam in family.values() for f, ks in fam.items() if f == first)):
                if uf.link((first,), anchor):
                    placed.add((first,))
            for k in keys:  # "Mr. Tom Finch" beside "Mr. Tom"
                if k[0].lower() in HONORIFICS and (k[0], first) in people and surnames_of_first[first] == 1:
                    if uf.link((k[0], first), anchor):
                        placed.add((k[0], first))
            if len(persons) == 1:
                g = sex(first, keys)
                for h, hkeys in hon_of.get(last, []):
                    hg = HONORIFICS.get(h)
                    fits = (h not in _MARRIED and (hg is None or hg == g)) if g != UNKNOWN \
                        else (hg in (None, MALE) and len(hon_of[last]) == 1)
                    if fits and uf.link(hkeys[0], anchor):
                        placed.update(hkeys)
                male_title = any(HONORIFICS.get(h) == MALE for h, _ in hon_of.get(last, []))
                if (last,) in people and not (g == FEMALE and male_title) and uf.link((last,), anchor):
                    placed.add((last,))
            elif first == eldest and not (given and by_given):
                # the most named of a family, when known by the family name
                opts = [(h, hk) for h, hk in hon_of.get(last, []) if HONORIFICS.get(h) in (sex(first, keys), None)
                        and h not in _MARRIED]
                if opts:
                    h, hk = max(opts, key=lambda o: weight(o[1]))
                    uf.link(anchor, hk[0])
                elif (last,) in people and uf.link(anchor, (last,)):
                    placed.add((last,))
    # a bare name no full name claimed: the man of the family, or the one titled with it
    for key in people:
        if len(key) != 1 or key in placed or key[0].lower() in HONORIFICS:
            continue
        options = hon_of.get(key[0], [])
        male = [hk for h, hk in options if HONORIFICS.get(h) == MALE]
        if male:
            uf.link(key, max(male, key=weight)[0])
        elif len(options) == 1 and key[0] not in family:  # no full name: "Mrs. Finch" is the one Finch
            uf.link(key, options[0][1][0])
    # a pet form of a name, "Kitty" of "Kit", "Skaggsy" of "Skaggs", "Tommy" of "Tom"
    singles = [k[0] for k in people if len(k) == 1 and k[0].lower() not in HONORIFICS]
    for name in singles:
        for pet in singles:
            if _pet_form(name, pet):
                uf.link((pet,), (name,))
    # a common pet name, "Frank" of "Francis", when the text has one given name it may be
    # and the two are not of two families ("Harry Sandys" is no "Henry Otway")
    for pet in singles:
        givens = [g for g in GIVEN_OF_PET.get(pet, ()) if (g,) in people]
        if len(givens) == 1 and len(_families(uf, (pet,), family) | _families(uf, (givens[0],), family)) <= 1:
            uf.link((pet,), (givens[0],))
    # "the Colonel" beside one "Colonel Finch"; a title said as a name, "said Mlle.", beside
    # one "Mlle. Blanche"
    alone = [(key[0], [key]) for key in people if len(key) == 1 and key[0].lower() in HONORIFICS]
    for noun, keys in list(by_the.items()) + alone:
        titled = {uf.find(k) for k in people if len(k) >= 2 and k[0] == noun and k[0].lower() in HONORIFICS}
        if len(titled) == 1:
            uf.link(keys[0], titled.pop())
    return list(uf.members.values())


def _families(uf: _Union, key, family) -> set[str]:
    """The family names of the full names in ``key``'s character."""
    return {w[-1] for k in uf.members[uf.find(key)] for w in [_name_words(k)] if len(w) >= 2 and w[-1] in family}


def _pet_form(name: str, pet: str) -> bool:
    """``pet`` is ``name`` with a diminutive ending: ``Skaggsy``, ``Annie``, ``Kitty`` (``Kit``)."""
    if len(name) < 3 or not pet.startswith(name):
        return False
    rest = pet[len(name):]
    return rest in ("y", "ie", "ey") or (rest[:1] == name[-1] and rest[1:] in ("y", "ie"))


def _label(keys, surface: Counter, people) -> tuple[str, tuple[str, ...]]:
    """(name, aliases) of a character: its fullest name the text uses (most given and
    family names; of those, one without a title first, then the most frequent), then its
    other forms by frequency. A full name is the label when the story writes it ten times
    or more, and it, or its given name alone, at least a quarter as often as the form it
    uses most (``Katharine Hilbery`` beside ``Katharine``, ``William Rodney`` beside
    ``Rodney`` and ``William``); else the form the story uses most is (``Sikes``, not
    ``Mr. William Sikes`` written now and then; ``Elizabeth``, not ``Elizabeth Bennet``)."""
    forms = [_title_article(f) for f, _ in surface.most_common()]
    forms = list(dict.fromkeys(forms))
    top = surface.most_common(1)[0][1]
    count = {k: people[k].count for k in keys}
    full = Counter()
    for k in keys:
        words = _name_words(k)
        if len(words) >= 2 and count[k] >= _NAME_USE and 4 * max(count[k], count.get((words[0],), 0)) >= top:
            titled = k[0].lower() in HONORIFICS
            for f, n in people[k].surface.items():
                full[(len(words), not titled, _title_article(f))] += n
    if full:
        name = max(full, key=lambda wtf: (wtf[0], wtf[1], full[wtf]))[2]
        forms = [name] + [f for f in forms if f != name]
    elif len(forms[0].split()) == 1:
        # "Inspector Ratcliffe" beside "Ratcliffe": the titled name, when the story uses it
        titled = [(people[k].count, k) for k in keys if len(k) == 2 and k[0].lower() in HONORIFICS
                  and k[1] == forms[0] and 4 * people[k].count >= top]
        if titled:
            k = max(titled)[1]
            name = _title_article(people[k].surface.most_common(1)[0][0])
            forms = [name] + [f for f in forms if f != name]
    return forms[0], tuple(forms[1:])


_NAME_USE = 10  # mentions that make a full name one the story calls someone by


def _title_article(form: str) -> str:
    """A surface form as a name: one space, no emphasis marks, "The ...", "Mrs." with its period."""
    form = re.sub(r"\s+", " ", form.replace("_", "").replace("*", ""))
    form = re.sub(r"^(Mr|Mrs|Ms|Dr)(?=\s)", r"\1.", form)
    return "The" + form[3:] if form.startswith("the ") else form


def _gender_from_keys(keys) -> str:
    votes = Counter()
    for k in keys:
        h = HONORIFICS.get(k[0].lower())
        if h:
            votes[h] += 2
        elif k[0] == "the":
            g = HONORIFICS.get(k[-1].lower()) or PERSON_NOUNS.get(k[-1].lower())
            if g:
                votes[g] += 2
        else:
            g = gender_of_first_name(k[0])
            if g != UNKNOWN:
                votes[g] += 1
    if not votes:
        return UNKNOWN
    (g, n), *rest = votes.most_common()
    return g if not rest or n > rest[0][1] else UNKNOWN
