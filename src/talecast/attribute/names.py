"""Words and names: tokens, honorifics, pronouns, and a character name index.

Shared by character discovery and quote attribution (the modules of ``talecast.attribute``). The
word lists here are closed classes of English (pronouns, honorifics, kinship
nouns); first names are never listed by hand (``gender-guesser`` knows them).
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

FEMALE, MALE, UNKNOWN = "female", "male", "unknown"

# Titles before a name, with the gender they imply (None: either).
HONORIFICS: dict[str, str | None] = {
    "mr": MALE, "mister": MALE, "sir": MALE, "lord": MALE, "colonel": MALE, "captain": MALE,
    "major": MALE, "general": MALE, "lieutenant": MALE, "sergeant": MALE, "inspector": None,
    "dr": None, "doctor": None, "professor": None, "rev": MALE, "reverend": MALE, "father": MALE,
    "uncle": MALE, "king": MALE, "prince": MALE, "duke": MALE, "count": MALE, "baron": MALE,
    "monsieur": MALE, "herr": MALE, "signor": MALE, "master": MALE, "brother": MALE,
    "mrs": FEMALE, "miss": FEMALE, "ms": FEMALE, "lady": FEMALE, "madam": FEMALE, "madame": FEMALE,
    "mademoiselle": FEMALE, "dame": FEMALE, "aunt": FEMALE, "queen": FEMALE, "princess": FEMALE,
    "duchess": FEMALE, "countess": FEMALE, "baroness": FEMALE, "sister": FEMALE, "mother": FEMALE,
    "frau": FEMALE, "signora": FEMALE, "mistress": FEMALE,
    "mlle": FEMALE, "mme": FEMALE, "marquis": MALE, "marquise": FEMALE, "comte": MALE, "comtesse": FEMALE,
    "earl": MALE, "squire": MALE, "judge": None,
    "cousin": None,  # "said Cousin Caroline", like "Aunt Celia" and "Uncle Aubrey": a kin title
    "president": None,  # "President Sunday": "the President" is he
    # titles as dialogue spells them in dialect ("Mars Tom", "Mistah Oakley", "Mis' Jones")
    "mars": MALE, "marse": MALE, "massa": MALE, "mas'r": MALE, "marster": MALE, "mistah": MALE,
    "mis": FEMALE, "missis": FEMALE, "missus": FEMALE,
}
# Titles written with a period of abbreviation ("Mr.", "Dr."); "Colonel." ends a sentence.
_ABBREVIATED = {"mr", "mrs", "ms", "dr", "rev", "st", "messrs", "mme", "mlle", "prof", "capt", "col", "gen", "lt", "sgt"}
SUBJECT_PRONOUNS = {"he": MALE, "she": FEMALE}
PRONOUNS = {"he": MALE, "him": MALE, "his": MALE, "himself": MALE,
            "she": FEMALE, "her": FEMALE, "hers": FEMALE, "herself": FEMALE}
# Nouns that describe a person in a speech tag ("said his wife", "the lady cried").
PERSON_NOUNS: dict[str, str | None] = {
    "wife": FEMALE, "lady": FEMALE, "mother": FEMALE, "sister": FEMALE, "daughter": FEMALE,
    "aunt": FEMALE, "niece": FEMALE, "girl": FEMALE, "woman": FEMALE, "mistress": FEMALE,
    "widow": FEMALE, "queen": FEMALE, "duchess": FEMALE, "housekeeper": FEMALE, "maid": FEMALE,
    "husband": MALE, "man": MALE, "father": MALE, "brother": MALE, "son": MALE, "uncle": MALE,
    "nephew": MALE, "gentleman": MALE, "boy": MALE, "master": MALE, "fellow": MALE, "king": MALE,
    "detective": None, "stranger": None, "visitor": None, "companion": None, "friend": None,
    "cousin": None, "child": None, "other": None, "servant": None, "officer": None,
    "guest": None, "host": None, "voice": None, "prisoner": None, "porter": None,
}
DETERMINERS = {"the", "his", "her", "my", "our", "their", "a", "an", "that", "this", "your", "its"}

_TOKEN = re.compile(r"[A-Za-z\u00C0-\u024F]+(?:['’-][A-Za-z\u00C0-\u024F]+)*|--|[.!?;:,—–\"“”]")
SENTENCE_END = {".", "!", "?"}
CLAUSE_END = SENTENCE_END | {";", ":", "\"", "“", "”", "—", "–", "--"}


class Token(NamedTuple):
    """A word or a punctuation mark, its offsets, and what the rules ask of it, worked out
    once (a tuple: a novel makes hundreds of thousands, each read many times)."""
    text: str
    start: int
    end: int
    low: str        # text.lower()
    is_word: bool   # starts with a letter
    is_cap: bool    # starts with a capital


def spaced(pattern: str) -> str:
    """A regular expression whose spaces match any run of white space: a story's lines break
    anywhere (``said`` ending one line, ``nothing`` opening the next)."""
    return pattern.replace(" ", r"\s+")


_new_token = tuple.__new__


@lru_cache(maxsize=1 << 16)
def tokens(text: str, base: int = 0) -> tuple[Token, ...]:
    """Words and punctuation of ``text`` with offsets (plus ``base``), cached.

    An abbreviated title's period is dropped (``Mr.`` is one token ``Mr``) so that it
    never reads as a sentence end; a title written in full keeps its period (``said the
    Colonel.`` ends a sentence). A possessive ``'s`` is cut off the word.

    A narration segment is read at its start in the whole text (``tokens(seg.text,
    seg.start)``) by every rule, discovery and the cast included: one tuple of its tokens,
    whose names ``NameIndex.found`` looks up once; a quote at 0.

    The tuple's ``marked`` indices are noted as its tokens are made (``_marks``), not read
    again from them by the first scan that asks.

    What a token's text makes of it (its text without a possessive, length, lower case, word,
    capital, marked, an abbreviation whose period goes) depends on that text alone: it is worked
    out once per distinct text (``_READ``: a novel's 190,000 tokens are some 15,000 texts), and
    each token only adds its offsets.
    """
    out: list[Token] = []
    append = out.append
    marks: list[int] = []
    mark = marks.append
    read = _READ.get
    skip_period = False
    if len(_READ) >= 1 << 17:
        _READ.clear()
    for m in _TOKEN.finditer(text):
        t = m[0]
        if skip_period and t == ".":
            skip_period = False
            continue
        got = read(t)
        if got is None:
            got = _READ[t] = _read_token(t)
        t, n, low, word, cap, is_marked, skip_period = got
        start = m.start() + base
        if is_marked:
            mark(len(out))
        append(_new_token(Token, (t, start, start + n, low, word, cap)))
    got = tuple(out)
    if len(_marks) >= 1 << 16:
        _marks.clear()
    _marks[id(got)] = (got, marks)
    return got


def _read_token(t: str) -> tuple[str, int, str, bool, bool, bool, bool]:
    """What ``tokens`` makes of a token's text ``t`` wherever it stands: its text (a possessive
    ``'s`` cut off), that text's length, its lower case, whether it is a word (it starts with a
    letter) and capitalised, whether it is ``marked``, and whether a period after it is an
    abbreviation's, dropped (``Mr.``; a title written in full keeps its period)."""
    first = t[0]
    low = t.lower()
    skip_period = False
    if first.isalpha():
        cap = first.isupper()
        skip_period = cap and low in _ABBREVIATED
        word = True
    else:  # a mark, or a word opening on a sign of the letters' range (``×``): as it is read
        cap = first.isupper()
        word = False
    if t[-1] in "sS" and len(t) > 2 and t[-2] in "'’":
        t, low = t[:-2], low[:-2]
    return t, len(t), low, word, cap, cap or low in _MARKED, skip_period


# token text -> ``_read_token(text)``, for every text ``tokens`` has read (cleared past 131,072)
_READ: dict[str, tuple[str, int, str, bool, bool, bool, bool]] = {}


# Words a name or a sentence end may be (``marked``): a determiner (``the Jew``, ``The Queen``), a
# particle of a family name (``de Griers``; ``merge._PARTICLES`` too) or a sentence end; besides
# every capitalised word.
_MARKED = DETERMINERS | SENTENCE_END | {"de", "du", "des", "van", "von", "der", "den", "ter", "le", "la", "di",
                                        "da", "del", "della", "dos"}
# token tuple's id -> (the tuple, its marked indices), while ``tokens`` may hand it out again
_marks: dict[int, tuple[tuple[Token, ...], list[int]]] = {}


def marked(toks: tuple[Token, ...] | list[Token]) -> list[int]:
    """Indices of the tokens of ``toks`` that are capitalised or one of ``_MARKED`` (a quarter of a
    novel's tokens): the only places where a name may start or a sentence end, read once per token
    tuple by the scans that look for those (``NameIndex.found``, discovery's ``_name_starts`` and
    ``_names_despite_case``) instead of each reading every token. Never change the list."""
    hit = _marks.get(id(toks))
    if hit is not None and hit[0] is toks:
        return hit[1]
    out = [i for i, (_t, _s, _e, low, _w, cap) in enumerate(toks) if cap or low in _MARKED]
    if type(toks) is tuple:  # (a list may change: read again each time)
        if len(_marks) >= 1 << 16:
            _marks.clear()
        _marks[id(toks)] = (toks, out)
    return out


@lru_cache(maxsize=2)
def lower_words(text: str) -> tuple[str, ...]:
    """The words of ``text`` written in lower case, in order (``don't``, ``o'clock``), read once
    for character discovery and the cast (the same text)."""
    return tuple(_LOWER_WORD.findall(text))


# (``\b[a-z][a-z'’]*\b``, the look back written after the first letter, ``(?<!\w[a-z])``: the search
# skips to a letter in lower case instead of trying ``\b`` at every position of the text)
_LOWER_WORD = re.compile(r"[a-z](?<!\w[a-z])[a-z'’]*\b")


def name_key(name: str) -> tuple[str, ...]:
    """How a name is looked up: its word tokens (honorific periods dropped)."""
    return tuple(t.text for t in tokens(name) if t.is_word)


def folded(name_tokens: tuple[str, ...]) -> bool:
    """A name that starts with a determiner ("The Queen", "Her Sister") matches in any case."""
    return bool(name_tokens) and name_tokens[0].lower() in DETERMINERS


class NameIndex:
    """Finds character names in token lists: longest match first, exact forms before derived ones.

    A name that is also a common word of the text (``Will``, ``Rose``, ``Hall``: one word,
    no title, written in lower case somewhere; ``common`` holds those lower-case words) is a
    name only where a name stands (``name_position``): capitalised inside a sentence, or
    opening one before a speech verb or a verb in the past (``Will said``, ``Rose turned``),
    never at a sentence start otherwise (``Will you come?``), nor after an article or a
    capitalised word (``the Hall``, ``Town Hall``).
    """

    def __init__(self, common: frozenset[str] | set[str] = frozenset()):
        self.exact: dict[tuple[str, ...], dict[int, int]] = {}
        self.maxlen = 1
        self.firsts: set[str] = set()  # first words of all keys, for a quick "no name here"
        self.low_firsts: set[str] = set()  # the same in lower case (``found``)
        self.prefixes: set[tuple[str, ...]] = set()  # the keys and their beginnings (``match``)
        self.common = common
        self._genders: list[str] | None = None
        # what ``found`` and ``alone`` worked out, while the index stays as it is: token tuple's
        # id -> (the tuple, its names); a word -> whether it is a name standing alone
        self._found: dict[int, tuple[tuple[Token, ...], dict[int, tuple[list[int], int]]]] = {}
        self._alone: dict[str, bool] = {}

    @property
    def genders(self) -> list[str] | None:
        """Per character, when known: a title's gender must fit (``Mrs. Lynde`` is no Thomas).
        Assign a new list to change it, never change this one in place (``found`` keeps what
        it found with these)."""
        return self._genders

    @genders.setter
    def genders(self, value: list[str] | None) -> None:
        self._genders = value
        self._forget()

    def _forget(self) -> None:
        self._found.clear()
        self._alone.clear()

    def add(self, key: tuple[str, ...], who: int, strength: int) -> None:
        """Register ``key`` for character ``who``; higher ``strength`` wins over weaker forms."""
        if not key:
            return
        if key[0] in _TITLE_VARIANTS and len(key) > 1:  # "Dr. Kemp" is also written "Doctor Kemp"
            self._add((_TITLE_VARIANTS[key[0]], *key[1:]), who, strength)
        self._add(key, who, strength)

    def _add(self, key: tuple[str, ...], who: int, strength: int) -> None:
        self._forget()
        if folded(key):
            key = tuple(k.lower() for k in key)
        self.firsts.add(key[0])
        self.low_firsts.add(key[0].lower())
        self.prefixes.update(key[:m] for m in range(1, len(key) + 1))
        d = self.exact.setdefault(key, {})
        d[who] = max(d.get(who, 0), strength)
        self.maxlen = max(self.maxlen, len(key))

    def candidates(self, key: tuple[str, ...]) -> list[int]:
        d = self.exact.get(key) or self.exact.get(tuple(k.lower() for k in key)
                                                  if key and key[0].lower() in DETERMINERS else ())
        if not d:
            return []
        best = max(d.values())
        return [w for w, s in d.items() if s == best]

    def match(self, toks: list[Token], i: int) -> tuple[list[int], int]:
        """Characters named at ``toks[i]`` and the number of tokens used ([] and 0 if none)."""
        hit = self._found.get(id(toks))
        if hit is not None and hit[0] is toks:  # ``found`` read this tuple: its answer (a list of its own)
            got = hit[1].get(i)
            return ([*got[0]], got[1]) if got is not None else ([], 0)
        first = toks[i]
        if not first.is_word:
            return [], 0
        if first.text not in self.firsts and first.low not in self.firsts:
            return [], 0
        fold = first.low in DETERMINERS  # "The Queen" is looked up in lower case
        if not first.is_cap and not fold:
            return [], 0
        # the longest key that starts here: read on while the words so far begin one (a name's
        # words are capitalised, or particles, "de", "van", unless it starts with a determiner)
        prefixes, exact = self.prefixes, self.exact
        words: tuple[str, ...] = ()
        k = 0
        for j in range(i, min(len(toks), i + self.maxlen)):
            t = toks[j]
            if not t.is_word or not (fold or t.is_cap or t.low in PARTICLES):
                break
            words += (t.low if fold else t.text,)
            if words not in prefixes:
                break
            if words in exact:
                k = j + 1 - i
        if k:
            # the key as read (``candidates``' answer for the words' own texts: a key opening on a
            # determiner is kept in lower case, as it was read, and a token's ``low`` is its
            # text's lower case; the tests below ask only the key's lower case)
            key = words[:k]
            d = exact[key]
            best = max(d.values())
            c = [w for w, s in d.items() if s == best]
            if c:  # (always: the key is known)
                if i + k < len(toks) and toks[i + k].text in PLACE_WORDS:
                    return [], 0  # "Baker Street", "Hyde Park": a place named after someone
                if self.common and self._is_common(key) and not name_position(toks, i, k):
                    return [], 0  # "Will you come?": the word, not Will
                if k == 1 and key[0].lower() in HONORIFICS and i + 1 < len(toks) and toks[i + 1].is_word \
                        and toks[i + 1].is_cap:
                    return [], 0  # "Doctor Kemp": the title of another name, not "the Doctor"
                if i and self._genders is not None and HONORIFICS.get(toks[i - 1].low) in (FEMALE, MALE):
                    # "Mrs. Lynde" when only "Thomas Lynde" and "Rachel Lynde" are known: hers
                    c = [w for w in c if self._genders[w] != _OTHER[HONORIFICS[toks[i - 1].low]]]
                    if not c:
                        return [], 0
                return c, k
        return [], 0

    def found(self, toks: tuple[Token, ...]) -> dict[int, tuple[list[int], int]]:
        """Every name in ``toks``: token index -> ``match(toks, index)``, for the indices where
        a name starts (ascending; the others match nothing). A paragraph's tokens are read by
        several scans (chapter counts, gender evidence, the salience record, the he/she chains,
        the addresses of a quote): the names are looked up once per token tuple (``tokens``
        caches those) and shared; the lists are shared too, never change them."""
        hit = self._found.get(id(toks))
        if hit is not None and hit[0] is toks:
            return hit[1]
        firsts, match = self.low_firsts, self.match
        prefixes, exact, last = self.prefixes, self.exact, len(toks) - 1
        out = {}
        # (the others: no name; nor at a word neither capitalised nor a determiner, ``match``)
        for i in [i for i in marked(toks) if toks[i].low in firsts]:
            low = toks[i].low
            if low in DETERMINERS and (low,) not in exact and (i == last or (low, toks[i + 1].low) not in prefixes):
                continue  # "the old man": ``match`` reads a key on from a determiner in lower case only
            ids, n = match(toks, i)
            if n:
                out[i] = (ids, n)
        if type(toks) is tuple:  # (a list may change: read again each time)
            if len(self._found) >= 1 << 16:
                self._found.clear()
            self._found[id(toks)] = (toks, out)
        return out

    def alone(self, t: Token) -> bool:
        """Does the word ``t`` name someone by itself, with nothing around it (``match([t], 0)``)?"""
        hit = self._alone.get(t.text)
        if hit is None:
            hit = self._alone[t.text] = bool(self.match([t], 0)[0])
        return hit

    def _is_common(self, key: tuple[str, ...]) -> bool:
        """A one-word name without a title that the text also writes in lower case."""
        return len(key) == 1 and key[0].lower() in self.common


# Words after a capitalised word opening a sentence that make it a subject: a past tense, or
# the auxiliaries of one ("Will was", "Rose had"); a speech verb is tested apart.
_SUBJECT_NEXT = {"was", "had", "did", "would", "could", "should", "might", "must",
                 "went", "came", "saw", "took", "made", "felt", "knew", "thought", "stood", "sat", "ran",
                 "got", "gave", "put", "shook", "spoke", "began", "kept", "held", "left", "broke", "drew",
                 "laughed", "smiled", "nodded", "looked", "turned", "and", ","}
_NOT_NAME_BEFORE = DETERMINERS | {"no", "any", "some", "every", "each", "whose"}
_QUOTE_MARKS = {"\"", "“", "”", "‘", "’", "'", "("}


def name_position(toks: list["Token"], i: int, n: int) -> bool:
    """Does the capitalised word at ``toks[i]`` (``n`` tokens) stand where a name stands?
    Inside a sentence: yes, unless an article, a possessive or a capitalised word comes
    before it (``the Hall``, ``Town Hall``); opening a sentence: only before a speech verb or
    a verb of the past (``Will said``, ``Rose turned``), since there any word is capitalised
    (``Will you come?``, ``Hope is gone``)."""
    from .verbs import SPEECH_VERBS  # verbs imports this module

    prev = toks[i - 1] if i else None
    nxt = toks[i + n] if i + n < len(toks) else None
    if prev is not None and prev.text not in SENTENCE_END and prev.text not in _QUOTE_MARKS \
            and prev.text not in (":", ";"):
        if prev.is_word and (prev.is_cap or prev.low in _NOT_NAME_BEFORE):
            return prev.low in SPEECH_VERBS
        return True
    if nxt is None or not nxt.is_word and nxt.text != ",":
        return False
    return nxt.low in SPEECH_VERBS or nxt.low in _SUBJECT_NEXT or (
        not nxt.is_cap and nxt.low.endswith("ed") and len(nxt.low) > 3)




_OTHER = {FEMALE: MALE, MALE: FEMALE}
_TITLE_VARIANTS = {"Dr": "Doctor", "Doctor": "Dr", "Mr": "Mister", "Mister": "Mr"}
PARTICLES = {"de", "of", "van", "von", "der", "la", "le", "du", "da", "di"}
# Capitalised words that make a name before them a place ("Baker Street").
PLACE_WORDS = {"Street", "Road", "Lane", "Square", "Place", "Avenue", "Terrace", "Crescent", "Row", "Hill",
               "Park", "Gardens", "Bridge", "Station", "Hotel", "Inn", "Court", "Abbey", "Castle", "Church",
               "Chapel", "College", "Hospital", "Wharf", "Dock", "Docks", "Market", "Gate", "Island", "Bay"}


# Common English pet names of given names (given name -> its pet names): "Frank" is a form
# of Francis, "Bill" of William. A pet name of two given names (Kit: Christopher, Katharine)
# means the one the text has.
_PET_NAMES = {
    "William": "Will Willie Willy Bill Billy", "Robert": "Rob Robin Bob Bobby Bert",
    "Richard": "Dick Dickie Rick", "Edward": "Ned Neddy Ted Teddy Eddie",
    "Henry": "Harry Hal", "John": "Jack Johnny Johnnie", "James": "Jim Jimmy Jem Jamie",
    "Thomas": "Tom Tommy", "Joseph": "Joe Joey", "Charles": "Charley Charlie",
    "Francis": "Frank Frankie", "Frances": "Fanny Fannie", "Benjamin": "Ben Benny",
    "Samuel": "Sam Sammy", "Nicholas": "Nick Nicky", "Michael": "Mike Mick Micky",
    "Peter": "Pete", "Daniel": "Dan Danny", "Anthony": "Tony", "Lawrence": "Larry",
    "Alexander": "Alec Alick Sandy", "Andrew": "Andy", "Timothy": "Tim", "Matthew": "Matt",
    "Christopher": "Kit Kester", "Theodore": "Theo", "Frederick": "Fred Freddy Freddie",
    "Albert": "Bertie", "Augustus": "Gus", "Oliver": "Noll Nolly", "Nathaniel": "Nat",
    "Elizabeth": "Eliza Lizzy Lizzie Liz Beth Betsy Betty Bess Bessie",
    "Margaret": "Meg Maggie Peggy Madge", "Mary": "Molly Polly Mamie",
    "Katharine": "Kate Kitty Katie Kit", "Catherine": "Kate Kitty Katie Kit",
    "Katherine": "Kate Kitty Katie Kit", "Sarah": "Sally Sadie", "Ann": "Annie Nan Nancy",
    "Anne": "Annie Nan Nancy", "Eleanor": "Nell Nelly Nellie", "Helen": "Nell Nelly Nellie",
    "Dorothy": "Dolly Dora Dot", "Susan": "Sue Susie Sukey", "Susanna": "Sue Susie Sukey",
    "Jane": "Jenny Jennie", "Harriet": "Hattie", "Martha": "Patty Matty",
    "Isabella": "Bella", "Rebecca": "Becky", "Caroline": "Carrie", "Josephine": "Josie",
    "Amelia": "Milly", "Mildred": "Milly", "Georgiana": "Georgie", "Louisa": "Lou",
    "Philip": "Pip Phil", "Nancy": "Nance", "Emily": "Emmy", "Millicent": "Millie Milly",
    "Matilda": "Tilly Tilda", "Walter": "Wat Walt", "Edmund": "Ned", "Diana": "Di", "Agnes": "Aggie",
    "Theresa": "Tess Tessa", "Gilbert": "Gil", "Isaac": "Ike", "Jacob": "Jake", "Abraham": "Abe",
    "Wilhelmina": "Mina Minnie", "Cecilia": "Cissy", "Cecily": "Cissy", "Augusta": "Gussie",
}
PET_NAMES: dict[str, tuple[str, ...]] = {k: tuple(v.split()) for k, v in _PET_NAMES.items()}
GIVEN_OF_PET: dict[str, tuple[str, ...]] = {}
for _given, _pets in PET_NAMES.items():
    for _pet in _pets:
        GIVEN_OF_PET[_pet] = GIVEN_OF_PET.get(_pet, ()) + (_given,)


def other_forms(given: str) -> set[str]:
    """The pet names of a given name and the given names of a pet name (``PET_NAMES``:
    ``William`` -> Will, Bill, ...; ``Kitty`` -> Catherine, Katherine, Katharine)."""
    out = set(PET_NAMES.get(given, ())) | set(GIVEN_OF_PET.get(given, ()))
    out.discard(given)
    return out


@lru_cache(maxsize=1)
def _detector():
    import gender_guesser.detector

    class Detector(gender_guesser.detector.Detector):
        """gender-guesser's detector, reading only the names asked for: the package's own
        reader parses all 48,000 lines of its table (0.2-0.4 s, a tenth of the attribution
        of a novel) where a book asks for a few dozen first names. A name's lines are found
        with one search of the table's bytes (after ``_SEARCHES`` names, in an index of the
        table's names made in one pass) and read as the package reads them (a test compares
        the two)."""

        def _parse(self, filename):
            with open(filename, "rb") as f:
                self._table = f.read()
            self._low = self._table.lower()
            self.names = _LazyNames(self)

    return Detector(case_sensitive=False)


class _LazyNames(dict):
    """``Detector.names``, ``{name: {gender: country values}}``, one name at a time."""

    def __init__(self, detector):
        super().__init__()
        self._d = detector
        self._plus: dict[str, list[int]] | None = None  # built on the first question
        self._searched = 0  # names looked up by a search of the table so far
        self._index: dict[bytes, list[int]] | None = None  # built after _SEARCHES of them

    def _lines(self, name: str) -> list[tuple[str, str]]:
        if not name.isascii():  # bytes.lower() leaves other letters alone: read the table
            full = gender_guesser_full()
            return list(full.names[name].items()) if name in full.names else []
        table, low = self._d._table, self._d._low
        starts = set(self._joined().get(name, ()))
        if self._index is None and self._searched >= _SEARCHES:
            self._index = self._name_lines()
        if self._index is not None and name and " " not in name and "\n" not in name:
            starts.update(self._index.get(name.encode(), ()))
        else:
            self._searched += 1
            key = b" " + name.encode() + b" "
            at = low.find(key)
            while at >= 0:  # the name field starts in column 3
                start = low.rfind(b"\n", 0, at) + 1
                if at - start == 2 and low[start:start + 1] not in (b"#", b"="):
                    starts.add(start)
                at = low.find(key, at + 1)
        out = []
        for start in sorted(starts):
            line = table[start:table.find(b"\n", start)].decode("utf-8").strip()
            out.append((_GUESSER_CODES[line.split(None, 1)[0]], line[30:-1]))
        return out

    def _name_lines(self) -> dict[bytes, list[int]]:
        """The table's lines by the name in their column 3 (in lower case), read in one pass: a
        search of the table's bytes costs about 5 ms a name (its spaces slow the search down),
        the pass about 0.1 s, so a novel asking for a hundred names reads it once instead."""
        out: dict[bytes, list[int]] = {}
        for m in _NAME_FIELD.finditer(self._d._low):
            out.setdefault(m.group(1), []).append(m.start())
        return out

    def _joined(self) -> dict[str, list[int]]:
        """The table's names with a "+" (``jean+pierre``), by each way a query may write
        them (``jeanpierre``, ``jean pierre``, ``jean-pierre``): line starts."""
        if self._plus is None:
            self._plus = {}
            low = self._d._low
            at = low.find(b"+")
            while at >= 0:  # only a line with a "+" may be one: tried at its start (a tenth of them)
                m = _JOINED.match(low, low.rfind(b"\n", 0, at) + 1)
                if m:
                    name = m.group(1).decode("utf-8")
                    for form in {name.replace("+", r) for r in ("", " ", "-")}:
                        self._plus.setdefault(form, []).append(m.start())
                end = low.find(b"\n", at)
                at = low.find(b"+", end) if end >= 0 else -1
        return self._plus

    def __contains__(self, name) -> bool:
        return bool(self[name]) if isinstance(name, str) else False

    def __missing__(self, name):
        entry = dict(self._lines(name))  # a gender's last line wins, as in the package
        self[name] = entry
        return entry


@lru_cache(maxsize=1)
def gender_guesser_full():
    import gender_guesser.detector

    return gender_guesser.detector.Detector(case_sensitive=False)


# Names looked up by a search of the table before it is read once for all (``_name_lines``):
# a short story asks for 2-4 names, a novel for 20 or more.
_SEARCHES = 8
# A table line's name: column 3 up to a space (columns 0-1 say the gender; comments start # or =)
_NAME_FIELD = re.compile(rb"(?m)^[^#=\n][^\n] ([^ \n]+) ")
_JOINED = re.compile(rb"(?m)^[^#=\n][^\n]{2}([^ \n]*\+[^ \n]*) ")  # a table line whose name has a "+"
_GUESSER_CODES = {"M": "male", "1M": "mostly_male", "?M": "mostly_male", "F": "female",
                  "1F": "mostly_female", "?F": "mostly_female", "?": "andy"}


_GUESSED = {"female": FEMALE, "mostly_female": FEMALE, "male": MALE, "mostly_male": MALE}


@lru_cache(maxsize=4096)
def gender_of_first_name(first: str) -> str:
    """The gender-guesser package's guess for a first name: female, male or unknown."""
    known = _gender_sets()
    if known is None:
        _GENDERS["asked"] = _GENDERS.get("asked", 0) + 1
        if _GENDERS["asked"] > _SEARCHES:  # a novel: worth making the cache's file (``_make_gender_sets``)
            known = _make_gender_sets()
    if known is not None:  # the package's answers, from the user cache
        name = first.lower()  # as ``Detector.get_gender`` does when not case-sensitive
        return FEMALE if name in known[0] else MALE if name in known[1] else UNKNOWN
    return _GUESSED.get(_detector().get_gender(first), UNKNOWN)


# gender-guesser's answers kept in the user cache, per process: "sets" (``_gender_sets``: the
# names it calls female, and male; None without the file), "asked" (names asked of the table
# without them), "made" (the file was made, or tried, once)
_GENDERS: dict = {}
# The cache's file: its first line names what it was made from (this format, the package's
# version, its table's path, size and modification time).
_GENDER_CACHE = "gender-guesser.sealed"
_GENDER_FORMAT = "talecast gender answers 1"


def _gender_table_key() -> tuple[str, str]:
    """The cache file's path and the first line it must hold to be read (``_gender_sets``)."""
    import os

    import gender_guesser  # its __init__ is empty: the table is not read

    from ..files import default_dir

    package = os.path.dirname(os.path.abspath(gender_guesser.__file__))
    table = os.path.join(package, "data", "nam_dict.txt")
    st = os.stat(table)
    versions = sorted(n[len("gender_guesser-"):-len(".dist-info")] for n in os.listdir(os.path.dirname(package))
                      if n.startswith("gender_guesser-") and n.endswith(".dist-info"))
    key = "\t".join((_GENDER_FORMAT, ",".join(versions) or "?", table, str(st.st_size), str(st.st_mtime_ns)))
    if "\n" in key:  # a line of the file: a path with a line break is never cached
        raise ValueError(key)
    return os.path.join(default_dir(), "tables", _GENDER_CACHE), key


def _gender_sets() -> tuple[frozenset[str], frozenset[str]] | None:
    """The names gender-guesser calls female or mostly female, and male or mostly male (in
    lower case, as its non-case-sensitive detector keys them: any other name is unknown or
    either), read once per process from a file in the user cache (about 0.01 s) instead of
    the package's 4.3 MB table (0.15-0.2 s a novel, ``_LazyNames``); None when the file is
    missing, stale (another version or table) or damaged (``files.read_sealed`` checks its
    length and checksum)."""
    if "sets" not in _GENDERS:
        from .. import files

        _GENDERS["sets"] = None
        try:
            path, key = _gender_table_key()
        except (ImportError, OSError, ValueError):
            return None
        data = files.read_sealed(path)
        try:
            head, female, male = data.decode("utf-8").split("\n") if data is not None else (None, "", "")
        except (UnicodeDecodeError, ValueError):
            head = None
        if head == key:
            _GENDERS["sets"] = frozenset(female.split("\t")) - {""}, frozenset(male.split("\t")) - {""}
    return _GENDERS["sets"]


def _make_gender_sets() -> tuple[frozenset[str], frozenset[str]] | None:
    """``_gender_sets`` made from the package's own detector (about 0.7 s) and written to the
    user cache whole or not at all, once per process, when a text asks for more names than
    a short story does (``gender_of_first_name``: a novel, which would read the table's
    index anyway); None when the cache folder cannot be made or written (the table is then
    read as before)."""
    import os

    from .. import files

    if _GENDERS.get("made"):
        return _GENDERS.get("sets")
    _GENDERS["made"] = True
    try:
        path, key = _gender_table_key()
        os.makedirs(os.path.dirname(path), exist_ok=True)
        if not os.access(os.path.dirname(path), os.W_OK):
            return None
    except (ImportError, OSError, ValueError):
        return None
    full = gender_guesser_full()
    female, male = [], []
    for name in full.names:
        g = _GUESSED.get(full.get_gender(name))
        if g is not None:
            (female if g == FEMALE else male).append(name)
    try:
        files.write_sealed(path, "\n".join((key, "\t".join(female), "\t".join(male))).encode("utf-8"))
    except OSError:
        pass  # (made all the same: this process reads them)
    _GENDERS["sets"] = frozenset(female), frozenset(male)
    return _GENDERS["sets"]
