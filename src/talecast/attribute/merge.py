"""One person, one label: the names discovery found (``_Cand``) grouped into characters
(``_merge``): a full name with its given name, family name and title forms, pet names with
their names, titles said alone with the one person who holds them, never two people of one
family or two named side by side; each labelled with the form the story calls them by.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from ..model import Script
from .cast import Character, _first_person
from .names import (DETERMINERS, FEMALE, GIVEN_OF_PET, HONORIFICS, MALE, PERSON_NOUNS, UNKNOWN,
                    gender_of_first_name)

# Words that join a family name to what comes before ("Professor de Worms", "De Griers").
_PARTICLES = {"de", "du", "des", "van", "von", "der", "den", "ter", "le", "la", "di", "da", "del", "della", "dos"}


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
    called_late: int = 0  # of those, after a comma or "dear", not opening a sentence ("Come, Tom!")
    det: int = 0        # after a determiner ("the Slayer"): a title or epithet, not a name
    self_named: int = 0  # the narration's "I" gives it as its own name ("Call me Tom", "my name is Tom")
    tagged: int = 0     # the speech tag right after a quote names it ('"Stay," said Mary.')


@dataclass
class _Calls:
    """Who the quotes of each paragraph call by name, and who its tag names as the speaker
    (by paragraph, ``(chapter, paragraph)``): a name called in one turn and a name tagged in
    the turn before or after it are often one person (``"Fagin, ..."`` answered by ``said the
    Jew``)."""
    called: dict = field(default_factory=lambda: defaultdict(set))
    tagged: dict = field(default_factory=dict)
    aka: list = field(default_factory=list)  # (name, its other name): "Mr. Claypole, otherwise Bolter"
    quoted: set = field(default_factory=set)  # the paragraphs with a quote

    def pairs(self) -> Counter:
        """(tagged name, called name) of neighbouring paragraphs, both ways."""
        out: Counter = Counter()
        for (ch, p), names in self.called.items():
            for q in (p - 1, p + 1):
                who = self.tagged.get((ch, q))
                if who is not None:
                    for name in names:
                        out[(who, name)] += 1
        return out


def _once_full_name(key, c: _Cand, cands, people, source: str) -> bool:
    """A titled full name written once (``Miss Lucilla Harris``, or that name without its title)
    beside its family's titled name or family name found as a person (``Miss Harris``): that
    one's full name, when no other given name of the family is written, and its given name
    is written only in it (``Mr. James Windibank`` once does not make every ``James`` his) or
    is no given name the lists know (``Beachfield``, written alone for Mr. Beachfield Davis)."""
    words = _name_words(key)
    if len(words) != 2 or c.count != 1 or any("'" in f or "\u2019" in f for f in c.surface):
        return False
    titled = [k for k in cands if len(k) == 3 and k[1:] == words and k[0].lower() in HONORIFICS
              and k[0].lower() not in _MARRIED and ((k[0], words[-1]) in people or (words[-1],) in people)]
    if not titled or any(k[0] != "the" and len(_name_words(k)) >= 2 and _name_words(k)[-1] == words[-1]
                         and _name_words(k)[0] != words[0] for k in cands):
        return False
    if gender_of_first_name(words[0]) == UNKNOWN:
        return True  # a given name no list knows ("Beachfield") is this one's wherever written
    given = len(re.findall(r"\b" + re.escape(words[0]) + r"\b", source))
    return given <= len(re.findall(r"\b" + re.escape(words[0]) + r"\s+" + re.escape(words[1]) + r"\b", source))


def _miss_given_name(key, c: _Cand, cands, people, several) -> bool:
    """A woman's full name, in the narration or a quote (``"This is from Caroline Bingley"``),
    whose given name is a person of its own (``Caroline``, what her family calls her) beside
    ``Miss Bingley``, who the narration calls her: her full name (then ``_groups`` makes the
    three one woman), when it is the one full name of its family the text writes (``Jane
    Bennet`` beside ``Elizabeth Bennet``: which of the sisters is ``Miss Bennet`` the names do
    not say), its given name is written in no other family's, the text writes no plural (``the
    Miss Bingleys``), and no ``Miss Caroline`` (a younger sister's style: ``Miss Bingley`` is
    then the eldest, another)."""
    if len(key) != 2 or key[0].lower() in HONORIFICS or (key[0],) not in people \
            or ("Miss", key[1]) not in people or ("miss", key[1]) in several \
            or gender_of_first_name(key[0]) != FEMALE or ("Miss", key[0]) in cands or ("Miss", *key) in cands:
        return False
    for k in cands:
        words = _name_words(k) if k[0] != "the" else ()
        if len(words) == 2 and k != key and (words[1] == key[1]) != (words[0] == key[0]):
            return False  # "Elizabeth Bennet" beside "Jane Bennet"; "Jane Fairfax" beside "Jane Bates"
    return True


def _norm_hon(h: str) -> str:
    return {"mister": "mr", "doctor": "dr"}.get(h, h)


def _merge(people: dict[tuple[str, ...], _Cand], cands, script: Script, together: Counter,
           calls: _Calls | None = None, first_person: bool | None = None) -> list[Character]:
    """Group candidate names into characters (see ``discover`` and ``_groups``); ``first_person``:
    ``cast._first_person(script)``, when the caller has it."""
    # A full name the text writes twice, even opening a sentence ("Will Crane came"), says
    # who its given name and family name are, when its first word is a given name.
    linked = dict(people)
    several = _several(cands)
    for key, c in cands.items():
        words = _name_words(key)
        if key not in people and key[0] != "the" and len(words) == 2 and c.count >= 2 \
                and ((words[0],) in people or gender_of_first_name(words[0]) != UNKNOWN) and (
                (words[0],) in people or (words[-1],) in people
                or any(len(k) == 2 and k[0].lower() in HONORIFICS and k[1] == words[-1] for k in people)):
            linked[key] = c
        elif key not in people and (_once_full_name(key, c, cands, people, script.source)
                                    or _miss_given_name(key, c, cands, people, several)):
            linked[key] = c
    seldom = [k for k in cands if k not in linked and len(k) >= 2 and k[0].lower() in HONORIFICS]
    shared: dict = {}
    groups = _groups(linked, together, calls, several, seldom, shared)
    either = {k: bare for bare in shared for k in shared[bare]}  # "the Red Queen" -> "the Queen"
    chars = []
    for keys in groups:
        if not any(k in people for k in keys) or frozenset(keys) in map(frozenset, shared):
            continue  # a full name that joined no one; "the Queen" of two queens
        surface = Counter()
        for k in keys:
            surface.update(linked[k].surface)
        name, aliases = _label(keys, surface, linked)
        for k in keys:
            if k in either:  # "the Queen" is also a name of each queen, the one the scene has
                aliases += tuple(dict.fromkeys(f for b in either[k] for f in map(_title_article, linked[b].surface)
                                               if f != name and f not in aliases))
        chars.append((sum(linked[k].count for k in keys), Character(name, aliases, _gender_from_keys(keys))))
    chars.sort(key=lambda x: -x[0])
    out = [c for _, c in chars]
    # Vocative-only names (a first-person narrator is addressed but never named in narration).
    known = set(people)
    if not (_first_person(script) if first_person is None else first_person):
        return out
    # A name used mostly in address ("Tom, ..."; the narration names it at most a third as
    # often, a chapter heading, "Tom Finch"): one who takes "Tom Finch" as its full name.
    added: dict[tuple[str, ...], list[tuple[str, ...]]] = {}
    families = Counter(w[-1] for w in {_name_words(k) for k in known} if len(w) >= 2)
    men = {w[-1] for w in {_name_words(k) for k in known} if len(w) >= 2 and gender_of_first_name(w[0]) != FEMALE}
    for key, c in sorted(cands.items(), key=lambda kc: len(kc[0])):
        if key in known or key[0] == "the" or (key[0].lower() in HONORIFICS and key[1:] in known) \
                or any(len(k) == len(key) + 1 and k[1:] == key and k[0].lower() in HONORIFICS for k in known) \
                or (len(key) == 2 and HONORIFICS.get(key[0].lower()) == MALE and families[key[1]] == 1
                    and key[1] in men):
            continue  # "Mr. Stubb" said to Stubb, "Watson" to Dr. Watson, "Mr. Wilson" to the one
            # full name of the family, Mr. Jabez Wilson, no woman: the name is his
        late = c.called_late or key[0].lower() in HONORIFICS  # "Mr. Vance, sit": a title makes it a name
        if c.vocative >= 3 and late and (c.count <= 1 or c.vocative > 2 * c.count):
            head = key[:1] if len(key) > 1 and key[:1] in added else key
            if len(key) > 1 and key[0].lower() in HONORIFICS and key[1:] in added:
                head = key[1:]  # "Dr. Watson" beside "Watson, ...": one man
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


def _the_groups(by_the: dict[str, list[tuple[str, ...]]], shared: dict | None = None):
    """The ``the`` names of one noun that are one character: all of them (``the Rabbit``,
    ``the White Rabbit``; ``the man with the beard``, ``the man with the black beard``), unless
    two names tell two apart (``the Red Queen``, ``the White Queen``): then each of those is
    one, and ``the Queen`` alone is either, as the scene has it (``shared``: its keys -> the
    first key of each named one)."""
    for keys in by_the.values():
        named = defaultdict(list)
        for k in keys:
            if len(k) == 3 and k[1][:1].isupper():
                named[k[1]].append(k)
        if len(named) < 2:
            yield keys
            continue
        yield from named.values()
        bare = [k for k in keys if not (len(k) == 3 and k[1] in named)]
        if shared is not None and bare:
            shared[tuple(bare)] = [ks[0] for ks in named.values()]
        yield bare


_MISPRINT = 20  # times as often the usual form of a name is written as a misprint of it


def _misprints(by_hon, count):
    """A title and family name written once or twice, one letter short of or beyond one
    written ``_MISPRINT`` times as often with the same title (``Mr. Browlow`` beside ``Mr.
    Brownlow``): a misprint of it, (rare key, usual key). Not a letter changed (``Mr. Hale``,
    ``Mr. Hall`` are two), nor a name of three letters or fewer."""
    def one_more(a: str, b: str) -> bool:  # b is a with one letter added
        return len(b) == len(a) + 1 and any(b[:i] + b[i + 1:] == a for i in range(len(b)))

    for (h, last), keys in by_hon.items():
        n = sum(count[k] for k in keys)
        if n > 2 or len(last) < 4:
            continue
        for (h2, other), okeys in by_hon.items():
            if h2 == h and (one_more(last, other) or one_more(other, last)) \
                    and sum(count[k] for k in okeys) >= _MISPRINT * n:
                yield keys[0], okeys[0]
                break


def _name_words(key: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(w for w in key if w.lower() not in HONORIFICS and w.lower() not in DETERMINERS
                 and w not in _PARTICLES)


# Titles that style a noble by the given name ("Lady Catherine", "Sir William"): never a pet name's.
_NOBLE = {"lady", "sir", "lord"}


def _groups(people: dict[tuple[str, ...], _Cand], together: Counter,
            calls: _Calls | None = None, several: set = frozenset(), seldom=(),
            bare_of: dict | None = None) -> list[list[tuple[str, ...]]]:
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
      Finch``, and no other colonel); beside two ``the`` names that qualify it (``the Red
      Queen``, ``the White Queen``), ``the Queen`` is a name of both (``bare_of``: the
      index's likeliest, the one named last, decides) when it joined no one else.
    - None of these joins two names that two sentences of narration name side by side
      (``Mr. Knightley and Mr. John Knightley``): they are two people; nor a title and family
      name the text also writes in the plural (``the Mr. Knightleys``, ``several``) to the one
      full name of the family: ``Mr. Knightley`` is then another than ``Mr. John Knightley``.
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
            if len(key) != 3 or key[1] not in _ORDINALS:  # "the first policeman" is not "the policeman"
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
    for keys in list(by_hon.values()) + list(_the_groups(by_the, bare_of)):
        for k in keys[1:]:
            uf.join(k, keys[0])
    for rare, usual in _misprints(by_hon, count):
        uf.link(rare, usual)
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
        # "Charles Bates" and "Charley Bates", "William Sikes" and "Bill Sikes": a given name and
        # its pet name in one family are one person, under the form the text writes more
        for pet in sorted(persons, key=lambda f: weight(persons[f])):
            given = [f for f in persons if f != pet and (f in GIVEN_OF_PET.get(pet, ()) or _pet_form(f, pet))]
            if len(given) == 1 and pet in persons:
                into, out = (given[0], pet) if weight(persons[given[0]]) >= weight(persons[pet]) else (pet, given[0])
                persons[into] += persons.pop(out)
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
                    if fits and (h, last) not in several and uf.link(hkeys[0], anchor):
                        placed.update(hkeys)
                male_title = any(HONORIFICS.get(h) == MALE for h, _ in hon_of.get(last, []))
                shared = any((h, last) in several for h, _ in hon_of.get(last, []))
                if (last,) in people and not (g == FEMALE and male_title) and not shared \
                        and not surnames_of_first[last] and uf.link((last,), anchor):
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
        if len(persons) > 1:
            # "Miss Maylie" beside "Rose Maylie" and "Harry Maylie": the one of her sex
            sexes = {first: sex(first, keys) for first, keys in persons.items()}
            for h, hkeys in hon_of.get(last, []):
                hg = HONORIFICS.get(h)
                fit = [f for f, g in sexes.items() if g == hg]
                if hg is not None and h not in _MARRIED and (h, last) not in several and len(fit) == 1 \
                        and UNKNOWN not in sexes.values() and uf.link(hkeys[0], persons[fit[0]][0]):
                    placed.update(hkeys)
                    continue
                # "Miss Barry" beside "Miss Josephine Barry" and "Diana Barry": the one full name
                # the text writes with that title (when no full name took it already)
                titled = [f for f, keys in persons.items()
                          if any(k[0].lower() in HONORIFICS and _norm_hon(k[0].lower()) == h for k in keys)]
                taken = any(len(_name_words(k)) >= 2 for k in uf.members[uf.find(hkeys[0])])
                if h not in _MARRIED and (h, last) not in several and len(titled) == 1 and not taken \
                        and uf.link(hkeys[0], persons[titled[0]][0]):
                    placed.update(hkeys)
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
    # and the two are not of two families ("Harry Sandys" is no "Henry Otway"), nor the
    # given name of a lady or lord styled by it ("Lady Catherine" is no "Kitty")
    for pet in singles:
        givens = [g for g in GIVEN_OF_PET.get(pet, ()) if (g,) in people]
        if len(givens) == 1 and len(_families(uf, (pet,), family) | _families(uf, (givens[0],), family)) <= 1 \
                and not any(len(k) >= 2 and k[0].lower() in _NOBLE and k[1] == givens[0]
                            for k in uf.members[uf.find((givens[0],))]):
            uf.link((pet,), (givens[0],))
    # "the Colonel" beside one "Colonel Finch"; a title said as a name, "said Mlle.", beside
    # one "Mlle. Blanche"
    alone = [(key[0], [key]) for key in people if len(key) == 1 and key[0].lower() in HONORIFICS]
    for noun, keys in list(by_the.items()) + alone:
        if noun.islower():  # a title as a role, "said the doctor": the one titled Doctor or Dr.,
            # also when the text titles him so only now and then ("Doctor Losberne" once, beside
            # "Mr. Losberne")
            fits = lambda k: len(k) >= 2 and k[0].lower() in HONORIFICS and _norm_hon(k[0].lower()) == _norm_hon(noun)
            titled = {uf.find(k) for k in people if fits(k)}
            if not titled:
                families = {k[-1] for k in seldom if fits(k)}
                titled = {uf.find(k) for k in people if len(k) >= 2 and k[0] != "the" and k[-1] in families}
        else:
            titled = {uf.find(k) for k in people if len(k) >= 2 and k[0] == noun and k[0].lower() in HONORIFICS}
        if len(titled) == 1:
            uf.link(keys[0], titled.pop())
    if calls is not None:
        _join_answering(uf, people, calls)
        _join_alternating(uf, people, calls)
        _join_aliases(uf, people, calls.aka)
    if bare_of is not None:  # "the Queen" that joined no one else: the Red or the White one
        for bare in [b for b in bare_of if set(uf.members[uf.find(b[0])]) != set(b)]:
            del bare_of[bare]
    return list(uf.members.values())


_ORDINALS = {"first", "second", "third", "fourth", "fifth"}  # "said the first policeman": one of several
_QUALIFIERS = {"in", "with"}  # "the man with the black beard": what tells one man from the rest
_OUTWEIGH = 3  # answers per sentence naming both that join two names said side by side
_ANSWERS = 3  # turns beside a call of one name tagged with another name that make them one


def _join_answering(uf: _Union, people, calls: _Calls) -> None:
    """One person known by two names: the name in the tag of the turns that answer, or are
    answered by, the quotes calling another name (``"Fagin, ..."`` beside ``said the Jew``),
    at least ``_ANSWERS`` times and in half the tagged turns beside that call or more (a call
    is mostly answered by the one called: ``"Tom, ..."`` beside ``said Tom``, and now and
    then by someone else); for a role (``said the beadle``, ``discover._roles``), in half the
    calls beside its tags or more (``"Mr. Bumble, ..."``: the beadle is Mr. Bumble, who also
    answers to his name). Not two names said side by side (``_Union.apart``), unless the
    answers are ``_OUTWEIGH`` times the sentences naming both or more (``"Miss Woodhouse,
    ..."`` answered by ``said Emma`` 16 times, beside 5 long sentences naming both); nor two
    of two genders."""
    pairs = Counter()
    for (who, name), n in calls.pairs().items():
        if who in people and name in people:
            pairs[(uf.find(who), uf.find(name))] += n
    beside = Counter()
    for (who, name), n in pairs.items():
        beside[name] += n
    answers = Counter()  # a role's tagged turns beside a call of anyone
    for (who, name), n in pairs.items():
        answers[who] += n
    for (who, name), n in sorted(pairs.items(), key=lambda kv: -kv[1]):
        who, name = uf.find(who), uf.find(name)  # an earlier pair may have joined either
        if who == name or n < _ANSWERS:
            continue
        role = all(k[0] == "the" and k[-1].islower() for k in uf.members[who])
        if 2 * n < beside[name] and not (role and 2 * n >= answers[who]):
            continue
        g1 = _gender_from_keys(uf.members[uf.find(who)])
        g2 = _gender_from_keys(uf.members[uf.find(name)])
        if UNKNOWN not in (g1, g2) and g1 != g2:
            continue
        if not uf.link(who, name) and n >= _OUTWEIGH * _side_by_side(uf, who, name):
            uf.join(who, name)  # the answers outweigh the sentences that name both


_ALTERNATE = 2  # chapters where a role's tag and a name's alternate around another voice


def _join_alternating(uf: _Union, people, calls: _Calls) -> None:
    """A role that is one named person's epithet: ``"Is he here?" asked Sikes.`` / ``"No."``
    / ``"Where, then?" asked the robber.``: the role's tag two turns from the name's, with a
    turn of another voice between, in back-to-back talk, in ``_ALTERNATE`` chapters or more
    (one scene where a storyteller answers two listeners in turn says nothing), and more
    often than the two are tagged in neighbouring turns (two people who talk to each other
    are tagged side by side); the name the one the role so alternates with in the most
    chapters; not two the narration names apart (``_Union.link``), nor of two sexes. A role
    is a noun in lower case (``discover._roles``); two names (``the Hatter``, ``the March
    Hare``) are left apart."""
    def voice(p):
        k = calls.tagged.get(p)
        return uf.find(k) if k in people else None

    def is_role(g):
        return all(k[0] == "the" and k[-1].islower() for k in uf.members[g])

    aba: Counter = Counter()
    chapters: dict = defaultdict(set)
    beside: Counter = Counter()
    for (ch, p) in list(calls.tagged):
        a = voice((ch, p))
        if a is None:
            continue
        b = voice((ch, p + 1))
        if b is not None and b != a:
            beside[frozenset((a, b))] += 1
        c = voice((ch, p + 2))
        if c is not None and c != a and (ch, p + 1) in calls.quoted and b not in (a, c):
            aba[frozenset((a, c))] += 1
            chapters[frozenset((a, c))].add(ch)
    best: dict = {}  # role -> [(chapters, the other)]
    for pair, n in aba.items():
        a, c = tuple(pair)
        for r, o in ((a, c), (c, a)):
            if is_role(r) and not is_role(o) and len(chapters[pair]) >= _ALTERNATE and n > beside[pair]:
                best.setdefault(r, []).append((len(chapters[pair]), o))
    for r, cands in best.items():
        cands.sort(key=lambda no: -no[0])
        if len(cands) > 1 and cands[0][0] == cands[1][0]:
            continue
        o = cands[0][1]
        g1, g2 = _gender_from_keys(uf.members[uf.find(r)]), _gender_from_keys(uf.members[uf.find(o)])
        if UNKNOWN not in (g1, g2) and g1 != g2:
            continue
        uf.link(r, o)


def _join_aliases(uf: _Union, people, aka) -> None:
    """One person under two names the narration gives as one (``Mr. Claypole, otherwise
    Bolter``, ``Mr. Morris Bolter, late Claypole``, ``Mr. John Dawkins, otherwise the Artful
    Dodger``): the first name's person and the one the second name means, a name of
    ``people`` or, for a bare family name, the one person of that family of no other sex
    (``Mr. Bolter``, not ``Mrs. Bolter``). A name written too seldom to be one of ``people``
    means the one person it may be (``_person_of``)."""
    for a, b in aka:
        first = _person_of(uf, people, a)
        if first is None:
            continue
        sex = HONORIFICS.get(a[0].lower()) if len(a) > 1 else None
        if b in people:
            into = {uf.find(b)}
        elif len(b) == 1:
            into = {uf.find(k) for k in people if len(k) > 1 and k[0] != "the" and _name_words(k)[-1] == b[0]
                    and HONORIFICS.get(k[0].lower()) in (sex, None) and k[0].lower() not in _MARRIED
                    and not (sex is None and HONORIFICS.get(k[0].lower()) is not None)}
        else:
            other = _person_of(uf, people, b)
            into = {other} if other is not None else set()
        if len(into) == 1 and first not in into:
            uf.join(first, into.pop())


def _person_of(uf: _Union, people, key):
    """The person a name means: its own, if it is one of ``people``; for ``the Artful Dodger``
    the one person named ``the ... Dodger`` (``the Dodger``); for a full name ``Mr. John
    Dawkins`` the one person of ``people`` with a full name of that family (``Jack
    Dawkins``); else None."""
    if key in people:
        return uf.find(key)
    if key[0] == "the":
        into = {uf.find(k) for k in people if k[0] == "the" and k[-1] == key[-1]}
    else:
        words = _name_words(key)
        if len(words) < 2:
            return None
        into = {uf.find(k) for k in people if k[0] != "the" and len(_name_words(k)) >= 2
                and _name_words(k)[-1] == words[-1]}
    return into.pop() if len(into) == 1 else None


def _side_by_side(uf: _Union, a, b) -> int:
    """Sentences of narration that name someone of ``a``'s group and someone of ``b``'s."""
    ma, mb = uf.members[uf.find(a)], uf.members[uf.find(b)]
    return sum(uf.together[min(x, y), max(x, y)] for x in ma for y in mb)


def _several(cands) -> set[tuple[str, str]]:
    """(title, family name) the text writes in the plural (``the Mr. Knightleys``, ``the Miss
    Bennets``): more than one person bears that name."""
    out = set()
    for key in cands:
        words = key[1:] if key[0] == "the" else key
        if len(words) == 2 and words[0].lower() in HONORIFICS and words[1].endswith("s") \
                and (words[0], words[1][:-1]) in cands:
            out.add((_norm_hon(words[0].lower()), words[1][:-1]))
    return out


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
    ``Mr. William Sikes`` written now and then; ``Elizabeth``, not ``Elizabeth Bennet``). A minor
    character, named and called fewer than ten times in all, is labelled by its fullest name
    even written once (``Miss Lucilla Harris`` beside ``Miss Harris``, ``Mrs. Cecil Forrester``)."""
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
    if not full and sum(count.values()) + sum(people[k].vocative for k in keys) < _NAME_USE:
        # a minor character: its fullest name, even written once ("Miss Lucilla Harris")
        for k in keys:
            words = _name_words(k)
            if len(words) >= 2:
                for f, n in people[k].surface.items():
                    full[(len(words), not k[0].lower() in HONORIFICS, _title_article(f))] += n
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
    if forms[0].startswith("The "):
        # "Fagin" beside "the Jew": a name the story uses a quarter as often labels the person
        # rather than the epithet, whatever the tags say more
        uses = Counter()
        for f, n in surface.items():
            uses[_title_article(f)] += n
        named = [f for f in forms if not f.startswith("The ") and 4 * uses[f] >= uses[forms[0]]]
        if named:
            forms = [named[0]] + [f for f in forms if f != named[0]]
    return forms[0], tuple(forms[1:])


_NAME_USE = 10  # mentions that make a full name one the story calls someone by


def _title_article(form: str) -> str:
    """A surface form as a name: one space, no emphasis marks, "The ...", "Mrs." with its period."""
    form = re.sub(r"\s+", " ", form.replace("_", "").replace("*", ""))
    form = re.sub(r"^(Mr|Mrs|Ms|Dr)(?=\s)", r"\1.", form)
    return "The" + form[3:] if form.startswith("the ") else form


def _noun_gender(noun: str) -> str | None:
    """The sex a role's noun says: ``policeman``, ``barman``, ``Frenchman`` a man,
    ``washerwoman``, ``landlady`` a woman; else None."""
    if noun.endswith(("woman", "lady")):
        return FEMALE  # "the washerwoman", "the landlady"
    if noun.endswith("man") and len(noun) > 4:
        return MALE
    return None


def _gender_from_keys(keys) -> str:
    votes = Counter()
    for k in keys:
        h = HONORIFICS.get(k[0].lower())
        if h:
            votes[h] += 2
        elif k[0] == "the":
            head = k[1] if len(k) > 3 and k[2] in _QUALIFIERS else k[-1]  # "the man with the beard"
            g = HONORIFICS.get(head.lower()) or PERSON_NOUNS.get(head.lower()) or _noun_gender(head.lower())
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
