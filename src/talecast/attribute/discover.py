"""Character discovery: proper names that act or speak, merged into characters with aliases and
a gender guess (``discover``), when no cast file gives the characters.
"""
from __future__ import annotations

import bisect
import calendar
from dataclasses import replace
import re
from collections import Counter, defaultdict

from .. import model
from ..model import Script
from .names import DETERMINERS, HONORIFICS, PERSON_NOUNS, PRONOUNS, SENTENCE_END, Token, tokens
from .cast import Character, _first_person, _names_self, _self_naming_paragraphs
from .merge import _ORDINALS, _PARTICLES, _QUALIFIERS, _Calls, _Cand, _merge, _title_article
from .names import FEMALE, MALE, UNKNOWN, gender_of_first_name, lower_words, marked
from .verbs import SPEECH_VERBS, _open_verb
from .mentions import (_FORGOTTEN, _NAME_BEFORE, _NOT_DESCRIBING, _RELATIVES, _SENTENCE_START, _TIE_AFTER,
                       _TIE_BEFORE, _TIE_SHARED, _TIED_AHEAD, noun_tags)


# "Mr. Claypole, otherwise Bolter", "Morris Bolter, late Claypole": the name after the comma is
# another name of the same person.
_ALIAS_WORDS = {"otherwise", "alias", "late", "formerly"}
# "Mrs. Milvain, her aunt Celia,": a titled family name, then the kin title and given name the
# family calls her by, between commas.
_OWNERS = {"his", "her", "their", "my", "our"}
_KIN_TITLES = {"aunt", "uncle", "cousin"}
_PLACE_WORDS = {"at", "in", "to", "from", "into", "near", "towards", "toward", "through", "round",
                "around", "reach", "reached", "leave", "left", "visit", "visited", "quit", "quitted"}
# Days, months and feasts name times, not people ("Christmas Eve", "on Sunday").
_CALENDAR = {n for n in list(calendar.day_name) + list(calendar.month_name) if n} | {
    "Christmas", "Easter", "Michaelmas", "Whitsun", "Whitsuntide", "Lent", "Candlemas", "Lammas",
    "Hallowmas", "Halloween", "Yule", "Advent", "Pentecost", "Epiphany", "Midsummer"}
_CALENDAR_WORD = re.compile("|".join(sorted(_CALENDAR)))  # (anywhere: ``_times_that_speak``)
# Tokens a name may start at whatever the case (``_candidate_at``), or where a sentence ends.
_THE_OR_END = {"the"} | SENTENCE_END




def discover(script: Script, first_person: bool | None = None) -> list[Character]:
    """Proper names that act or speak, merged into characters with aliases and a gender guess.

    Candidates are capitalised names not at a sentence start, with or without an
    honorific (``Mr. Darcy``), and ``the`` + capitalised noun (``the Dormouse``).
    Words the text also writes in lower case, days and months (not one tagged as a speaker twice,
    ``said Sunday``: ``_times_that_speak``), and names mostly
    met after prepositions of place are dropped, and so is a one-word name met after one even
    once that never speaks, is never called, has no title and is no known given name (``went
    to Henley``, ``Henley was``: a place that "acts"). ``Mr. X``, ``Mrs. X`` and
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

    Someone known only by a role in the tags (``said the mariner``) is a character too
    (``_roles``), and so is someone known only as another's relative (``said Scrooge's
    nephew``: ``_relatives``); the merge then makes one person of a role or a name and the name the
    neighbouring turns call him by (``merge._join_answering``: ``"Fagin, ..."`` beside
    ``said the Jew``).
    """
    lower = Counter(lower_words(script.source))
    for w in [w for w in lower if len(w) < 2]:  # words of two letters or more ("a" is no word here)
        del lower[w]
    named = _names_despite_case(script, lower)
    lower = Counter({w: n for w, n in lower.items() if w not in named})
    days = _times_that_speak(script)
    cands: dict[tuple[str, ...], _Cand] = defaultdict(_Cand)
    own = _self_naming_paragraphs(script)
    together: Counter = Counter()  # pairs of names said in one sentence of narration
    calls = _Calls()
    prev_seg = None
    last_quote = None  # (chapter, paragraph) and text of the quote before
    husbands: list[tuple[int, tuple[str, ...]]] = []  # (chapter, full name) of the narration, latest last
    for seg in script.segments:
        after_quote = prev_seg is not None and prev_seg.kind == model.DIALOGUE \
            and (prev_seg.chapter, prev_seg.paragraph) == (seg.chapter, seg.paragraph)
        goes_on = after_quote and prev_seg.text.rstrip()[-1:] not in (".", "")
        prev_seg = seg
        if seg.kind not in (model.NARRATION, model.DIALOGUE):
            continue
        # the narration read where it stands, a quote at 0 (``tokens(seg.text)``, as the turns read
        # it: ``tokens(seg.text, 0)`` would be another entry of its cache)
        off = seg.start if seg.kind == model.NARRATION else 0
        toks = tokens(seg.text, off) if off else tokens(seg.text)
        # '"Shake hands!" boomed Uncle Aubrey': a verb no list has opens the tag after a quote that
        # does not end its sentence, as the tag rules read it (``verbs._open_verb``); of a name,
        # not of ``the Phantom`` (a capitalised role speaks in two tags, as one in lower case)
        opened = _open_verb(toks, 0) if goes_on and seg.kind == model.NARRATION else 0
        # '"Griffin?" said Kemp. "Griffin," answered the Voice': a name said back to the one who
        # asked it is the speaker's own, confirmed, not a call
        echo = seg.kind == model.DIALOGUE and last_quote is not None \
            and last_quote[0] != (seg.chapter, seg.paragraph) and last_quote[1].rstrip().endswith("?") \
            and _bare(last_quote[1]) == _bare(seg.text)
        if seg.kind == model.DIALOGUE:
            last_quote = ((seg.chapter, seg.paragraph), seg.text)
            calls.quoted.add((seg.chapter, seg.paragraph))
        sentence: set[tuple[str, ...]] = set()
        after = 0  # (the words of a name are not read again)
        for k in _name_starts(toks, lower):
            if k < after:
                continue
            if toks[k].text in SENTENCE_END:
                if len(sentence) > 1:  # (one name or none: no pair to count)
                    together.update(_pairs(sentence))
                sentence = set()
                continue
            if toks[k].text == "the" and (k + 1 == len(toks) or not toks[k + 1].is_cap or not toks[k + 1].is_word):
                continue  # "the" before a word in lower case or a mark starts no name (``_candidate_at``)
            key, n, hon = _candidate_at(toks, k, lower, days)
            if n > 1:
                key, n = _before_bracket(seg.text, toks, k, key, n, off)
            if not key:
                continue
            c = cands[key]
            if seg.kind == model.DIALOGUE:
                nxt = toks[k + n].text if k + n < len(toks) else ""
                if not echo and nxt in {",", "!", "?", "."} and (k == 0 or toks[k - 1].text in {",", "dear", "Dear"}
                                                                 or toks[k - 1].text in SENTENCE_END):
                    c.vocative += 1
                    if k and toks[k - 1].text not in SENTENCE_END:
                        c.called_late += 1  # "Come here, Tom!": not a word opening the quote
                    calls.called[(seg.chapter, seg.paragraph)].add(key)
                after = k + n
                continue
            c.count += 1
            c.surface[seg.text[toks[k].start - off:toks[k + n - 1].end - off]] += 1
            prev = toks[k - 1] if k else None
            nxt = toks[k + n] if k + n < len(toks) else None
            if prev is not None and prev.text not in SENTENCE_END and prev.text not in '"“”':
                c.mid += 1
            if prev is not None and prev.low in _PLACE_WORDS:
                c.place += 1
            if prev is not None and prev.low in DETERMINERS and not hon:
                c.det += 1
            whole = seg.text[toks[k + n - 1].end - off:][:2] not in ("'s", "’s")  # not "said Scrooge's nephew"
            if (prev is not None and prev.low in SPEECH_VERBS) or (nxt is not None and nxt.low in SPEECH_VERBS) \
                    or (opened and k == opened and key[0] != "the" and whole):
                c.speech += 1
                if after_quote and k <= 2 and whole:
                    # '"...," said Fagin': the quote's speaker (not "said Scrooge's nephew")
                    calls.tagged.setdefault((seg.chapter, seg.paragraph), key)
                    c.tagged += 1
            elif nxt is not None and nxt.is_word and not nxt.is_cap and (
                    nxt.low.endswith("ed") or nxt.low in _COMMON_VERBS):
                c.acts += 1
            if hon:
                c.honorific = hon
            if _names_self(toks, k) and (seg.chapter, seg.paragraph) in own:
                c.self_named += 1
            if len(key) == 2 and not hon and key[0] != "the" and gender_of_first_name(key[0]) != FEMALE:
                husbands.append((seg.chapter, key))
            elif len(key) == 1 and k >= 3 and toks[k - 1].text == "," and toks[k - 2].low == "wife" \
                    and toks[k - 3].low == "his" and husbands and husbands[-1][0] == seg.chapter \
                    and k + 1 < len(toks) and toks[k + 1].text in {",", ".", ";"}:
                calls.aka.append((key, ("Mrs", husbands[-1][1][-1])))  # "he lived with his wife, Fannie,"
            m = k + n + (1 if k + n < len(toks) and toks[k + n].low in ("had", "has") else 0)
            if hon and HONORIFICS.get(hon) == MALE and m + 1 < len(toks) and toks[m].low == "married":
                bride, _n, bride_hon = _candidate_at(toks, m + 1, lower)
                if bride_hon in ("mrs", "miss") and len(bride) == 2:
                    calls.aka.append((bride, ("Mrs", key[-1])))  # "Mr. Bumble had married Mrs. Corney"
            if hon and len(key) == 2 and k + n + 4 < len(toks) and toks[k + n].text == "," \
                    and toks[k + n + 1].low in _OWNERS and toks[k + n + 2].low in _KIN_TITLES \
                    and not toks[k + n + 2].is_cap:
                given, g_n, g_hon = _candidate_at(toks, k + n + 3, lower)
                end = k + n + 3 + g_n
                if len(given) == 1 and not g_hon and end + 1 < len(toks) and toks[end].text == "," \
                        and toks[end + 1].low != "and":  # not a list: "Mrs. Grey, her aunt Celia, and Tom"
                    calls.aka.append((key, (toks[k + n + 2].low.capitalize(), given[0])))
            if k + n + 2 < len(toks) and toks[k + n].text == "," and toks[k + n + 1].low in _ALIAS_WORDS \
                    and not toks[k + n + 1].is_cap:
                other, _n, _h = _candidate_at(toks, k + n + 2, lower)
                if other and (other[0] != "the" or other[1][:1].isupper()) and other != key:
                    calls.aka.append((key, other))  # "Mr. Claypole, otherwise Bolter": one man
            sentence.add(key)
            after = k + n
        if len(sentence) > 1:
            together.update(_pairs(sentence))
    people = {}
    if first_person is None:  # (``attribute`` reads it once for discovery and the cast)
        first_person = _first_person(script)
    for key, c in cands.items():
        if c.count == 0 or (c.mid == 0 and c.speech == 0):  # a speaker may only open sentences
            continue
        if c.place > 0.4 * c.count and 10 * c.speech < c.count:
            continue  # "in London", "to London", and once beside a speech verb: a place
        if c.place and not (c.speech or c.vocative or c.honorific) and len(key) == 1 \
                and gender_of_first_name(key[0]) == UNKNOWN:
            continue  # "went to Wallingford", "Wallingford was": a place, named once after "to"
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
        called_titled = c.honorific and c.speech and c.vocative  # "answered Mr. Baker", "Is that your hat, Mr. Baker?"
        # once is enough for a name the tag right after a quote gives ('"Stay," said Mary.'), but
        # not for a kin title's ("said Cousin Caroline": Caroline, whom the text names elsewhere)
        tagged_once = c.tagged and (c.honorific not in _KIN_TITLES or tuple(key[1:]) not in cands)
        if (not strong or (c.count < 2 and not tagged_once)) and not (c.self_named and first_person) \
                and not called_titled:
            continue
        people[key] = c
    for key in [k for k, c in people.items() if len(k) == 1 and not (c.speech or c.vocative or c.honorific)]:
        before = _words_before(key[0], script.source)
        word, n = before.most_common(1)[0] if before else ("", 0)
        if word[:1].isupper() and lower[word.lower()] and n >= 0.9 * sum(before.values()):
            del people[key]  # "Green Gables", "New York": a place named by a common word and this one
    ordinal: set[str] = set()  # "The First Policeman": as described as a newcomer
    tagged = list(_tags_after_quotes(script))  # (read by the roles, the newcomers and the relatives)
    for noun, c in _roles(script, lower, people, calls, tagged).items():
        key = ("the", *noun) if isinstance(noun, tuple) else ("the", noun)
        people[key] = cands[key] = c
        if key[1] in _ORDINALS:
            ordinal.update(_title_article(f) for f in c.surface)
    newcomers = _newcomers(script, people, tagged)
    for key, c in newcomers.items():
        people[key] = cands[key] = c
    told = _appositions(script, lower, people)
    for key, c in _relatives(script, lower, people, calls, told, tagged).items():
        people[key] = cands[key] = c
    chars = _merge(people, cands, script, together, calls, first_person)
    brought = {_title_article(f) for c in newcomers.values() for f in c.surface} | ordinal
    chars = [replace(ch, described=True) if brought.issuperset(ch.names()) else ch for ch in chars]
    for (owner, noun), key in told.items():
        # "Scrooge's nephew, Fred,": "Scrooge's Nephew" is a name of Fred's (``_Cast.relatives``)
        forms = {_title_article(f) for f in people[key].surface}
        for i, ch in enumerate(chars):
            if forms & set(ch.names()):
                chars[i] = replace(ch, aliases=ch.aliases + (f"{owner}'s {noun.capitalize()}",))
                break
    chars = _early_titles(script, chars)
    narration, starts = _narration(script)
    return _alternate_posts(script, _tied_posts(script, chars, narration, starts), narration)


def _early_titles(script: Script, chars: list[Character]) -> list[Character]:
    """A title said as a role (``said the doctor``) joins the one person the text titles so
    (``merge._groups``: ``Doctor Losberne``); but when a tag of the role comes more than
    ``_FORGOTTEN`` characters before the text first names that person, the role was someone
    else there (the doctor at Mr. Brownlow's, chapters before Mr. Losberne is named): the role
    is a character of its own, and the person keeps the titled name the text writes
    (``Doctor Losberne``), which gives him ``the doctor`` where the scene names him
    (``mentions._title_holder``)."""
    source = script.source
    out, roles = [], []
    for ch in chars:
        names = [f for f in ch.names() if not f.startswith("The ")]
        titles = [f for f in ch.aliases if f.startswith("The ") and f[4:].lower() in _TITLE_ROLES]
        if not names or not titles or ch.name.startswith("The "):
            out.append(ch)
            continue
        first_name = min((m.start() for f in names for m in [_first_written(f, source)] if m),
                         default=len(source))
        aliases = list(ch.aliases)
        for title in titles:
            noun = title[4:].lower()
            first_tag = next(noun_tags(source, noun), None)
            if first_tag is None or first_tag + _FORGOTTEN >= first_name:
                continue
            families = {f.split()[-1] for f in names}
            written = [m.group(0) for fam in sorted(families)
                       for m in [_titled_written(noun.capitalize(), fam, source)] if m]
            if not written:
                continue  # no titled name would tell the scenes where the role is that one
            aliases = [a for a in aliases if a != title] + [w for w in written if w not in aliases]
            roles.append(Character(title))
        out.append(replace(ch, aliases=tuple(aliases)) if aliases != list(ch.aliases) else ch)
    return out + roles


def _titled_written(title: str, family: str, source: str) -> re.Match | None:
    r"""Where ``source`` first writes the family name after the title (``Doctor Losberne``):
    ``re.search(r"\b" + title + r"\s+" + re.escape(family) + r"\b", source)`` for a title of
    letters, with the ``\b`` before the title written as a look back after it
    (``(?<!\wTITLE)``), so that the search skips to where the title is written instead of
    trying ``\b`` at every position of the text (40 ms over a novel: 0.4 ms)."""
    t = re.escape(title)
    return re.search(t + r"(?<!\w" + t + r")\s+" + re.escape(family) + r"\b", source)


def _first_written(name: str, source: str) -> re.Match | None:
    r"""Where ``source`` first writes ``name`` as a whole (no letter, digit, apostrophe or hyphen on
    either side): ``re.search(r"(?<![\w'-])" + re.escape(name) + r"(?![\w'-])", source)``, with the
    look back written after the name (``(?<![\w'-]NAME)``), so that the search skips to where the
    name is written instead of trying the look back at every position of the text."""
    n = re.escape(name)
    return re.search(n + r"(?<![\w'-]" + n + r")(?![\w'-])", source)


# "went up the village to Bunting the vicar.": a name and a post with no comma between them
# (its name's last word found first, the rest read back from it by ``_NAME_BEFORE``)
_TIE_PLAIN = re.compile(r"([A-Z][\w'-]*)\s+the\s+([a-z][a-z-]*)(?=\s*[.;:!?,])")


def _tied_posts(script: Script, chars: list[Character], narration: str, starts: list[int]) -> list[Character]:
    """A post the narration ties to one character's name by an apposition (``Mr. Buttons, the
    chairman,``; ``The proprietor, Mr. Turner,``; ``Bunting the vicar.``), that a speech tag uses
    (``said the vicar``), is a name of that character, as a cast would list it (``The Vicar``),
    and a role discovery found for it (``The Chairman``) is that character: when every tie of
    the noun names that one, and each tag of the noun stands within ``_FORGOTTEN`` characters
    after a tie, or before one in its chapter (``Mr. Losberne, the surgeon``, is not the
    workhouse's surgeon of ten chapters before). Not a noun many share (``the man``,
    ``the stranger``: ``mentions._TIE_SHARED``), a relative, a word no noun."""
    owner = {n: i for i, ch in enumerate(chars) for n in ch.names()}
    last_words: dict[str, set[int]] = defaultdict(set)  # "Crane" of "Mr. Crane"
    for n, i in owner.items():
        if n.split()[0].lower() != "the":
            last_words[n.split()[-1]].add(i)
    found = []  # (offset, name, noun)
    for m in _TIE_AFTER.finditer(narration):
        if _post_noun(m.group(2)):
            name = _NAME_BEFORE.search(narration, max(0, m.start() - 80), m.start())
            if name is not None:
                found.append((name.start(1), name.group(1), m.group(2)))
    found += [(m.start(3), m.group(3), m.group(2)) for m in _TIE_BEFORE.finditer(narration)
              if _post_noun(m.group(2)) and _SENTENCE_START.search(narration, max(0, m.start() - 10), m.start())]
    for m in _TIE_PLAIN.finditer(narration):
        if _post_noun(m.group(2)):
            name = _NAME_BEFORE.search(narration, max(0, m.end(1) - 80), m.end(1))
            if name is not None:
                found.append((name.start(1), name.group(1), m.group(2)))
    ties: dict[str, list[tuple[int, int | None]]] = defaultdict(list)
    for at, name, noun in found:
        name = " ".join(name.split())
        known = {owner[name]} if name in owner else last_words.get(name.split()[-1], set())
        ties[noun].append((at, next(iter(known)) if len(known) == 1 else None))
    out = list(chars)
    gone: set[int] = set()
    for noun, tied in ties.items():
        people = {who for _at, who in tied}
        if len(people) != 1 or None in people:
            continue  # a name no character has, or two people of one post
        who = people.pop()
        label = f"The {noun.capitalize()}"
        if label in out[who].names():
            continue
        tags = list(noun_tags(script.source, noun, named=False))
        if not tags:
            continue
        def covered(t):
            for at, _who in tied:
                if at <= t <= at + _FORGOTTEN:
                    return True
                if t < at and not any(t < s < at for s in starts):
                    return True
            return False
        if not all(covered(t) for t in tags):
            continue
        role = owner.get(label)
        if role is not None and role != who and not out[role].aliases and role not in gone:
            gone.add(role)
            out[who] = replace(out[who], aliases=out[who].aliases + (label,))
        elif role is None:
            out[who] = replace(out[who], aliases=out[who].aliases + (label,))
    return [ch for i, ch in enumerate(out) if i not in gone]


_NEAR_POSTS = 600  # characters that may hold a sentence between a role's noun and another post's
# where a sentence of the narration ends: its mark, or a quote blanked out (a run of blanks), and
# the marks and blanks after it (one break)
_SENTENCE_BREAK = re.compile(r"(?:[.!?;]|\s{3})[\s.!?;\"'”’)]*")
_POSTS_ALTERNATE = 2  # such pairs that make the other post a name of the role


def _alternate_posts(script: Script, chars: list[Character], narration: str) -> list[Character]:
    """A post the narration makes the subject of its sentences (``The detective examined the
    room``, ``the detective was adamant``) but never a role's tag, and writes in the sentence
    before or after a role found by its tags (``with his brother and the detective. As he bade
    the officer good-night``; ``at a sign from the detective he strove to calm himself. "..."
    said the officer.``) at least ``_POSTS_ALTERNATE`` times, near no other role, is a second
    name of that role (``The Detective`` of ``The Officer``), as a cast would list it: the
    narration calls one man by both. Not in one sentence (``the officer and the detective``
    are two), not a post the text sets beside a name (``_named_post``), not a name of any
    character, and only a noun of a post (``_ROLE_NOUNS``, ``_TITLE_ROLES``, ``_post``)."""
    roles = {ch.name[4:]: i for i, ch in enumerate(chars)
             if ch.name.startswith("The ") and not ch.aliases and re.fullmatch(r"[A-Z][a-z-]+", ch.name[4:])}
    if not roles:
        return chars
    names = {n for ch in chars for n in ch.names()}
    occ: dict[str, list[int]] = defaultdict(list)
    acts: Counter = Counter()
    for m in _THE_POST.finditer(narration):  # (no word boundary first: a search opening on a letter is quicker)
        noun, at = m.group(1), m.start() - 1  # (at the "T" of "The")
        if at and narration[at - 1].isalpha():
            continue  # "breathe the ...": the end of a longer word
        if noun in _ROLE_NOUNS or noun in _TITLE_ROLES or _post(noun):
            occ[noun].append(at)
            verb = m.group(2)
            if verb and (verb.endswith("ed") or verb in _COMMON_VERBS):
                acts[noun] += 1
    role_at = {noun.capitalize(): occ[noun] for noun in (r.lower() for r in roles) if noun in occ}
    out = list(chars)
    for noun, spots in occ.items():
        label = f"The {noun.capitalize()}"
        if acts[noun] < _POSTS_ALTERNATE or label in names or noun.capitalize() in roles:
            continue
        near: Counter = Counter()
        for role, at in role_at.items():
            for p in spots:
                for q in at[bisect.bisect_left(at, p - _NEAR_POSTS):bisect.bisect_right(at, p + _NEAR_POSTS)]:
                    breaks = len(_SENTENCE_BREAK.findall(narration, min(p, q), max(p, q)))
                    if breaks == 0:
                        near[role] -= 99  # "the officer and the detective": two people
                    elif breaks == 1:
                        near[role] += 1
        if len(near) == 1:
            role, n = next(iter(near.items()))
            if n >= _POSTS_ALTERNATE and not _named_post(script.source, noun):
                i = roles[role]
                out[i] = replace(out[i], aliases=out[i].aliases + (label,))
    return out


def _narration(script: Script) -> tuple[str, list[int]]:
    """The narration of ``script`` at its offsets (blanks where a quote or a heading stands) and
    where each chapter starts (a heading), the text's length last."""
    parts, last, starts = [], 0, []
    for seg in script.segments:
        if seg.kind == model.NARRATION:
            parts.append(" " * (seg.start - last))
            parts.append(script.source[seg.start:seg.end])
            last = seg.end
        elif seg.kind == model.HEADING:
            starts.append(seg.start)
    starts.append(len(script.source))
    return "".join(parts), starts


def _post_noun(noun: str) -> bool:
    """May ``noun`` be a post an apposition ties to a name? Not a noun many share (``man``,
    ``stranger``), a relative, a pronoun, a group or a word no noun."""
    return not (noun in _TIE_SHARED or noun in _RELATIVES or noun in _NOT_DESCRIBING or noun in PRONOUNS
                or noun in _NOT_ROLES or noun in _GROUPS)


def _name_starts(toks: tuple[Token, ...], lower: Counter) -> list[int]:
    """Where a name may start (``_candidate_at``: "the", a particle, a capital that is a title or
    a word the text never writes in lower case; a capitalised common word, ``But``, starts none,
    nor the first person, ``I``, ``I'll``) or a sentence ends, read from the tokens
    ``names.marked`` gives (each is one)."""
    # (the others are in lower case, and neither "the", a particle nor an end; "I" is never
    # written in lower case, and was a start 1,680 times in a novel told in the third person)
    return [i for i in marked(toks) if (t := toks[i])[0] in _THE_OR_END or t[3] in _PARTICLES
            or (t[5] and (t[3] not in lower or t[3] in HONORIFICS) and t[0] not in _FIRST_PERSON_WORDS)]
    # (text, low, is_cap)


def _appositions(script: Script, lower: Counter, people) -> dict[tuple[str, str], tuple[str, ...]]:
    """``Scrooge's nephew, Fred,`` in the narration: (owner as written, noun) -> the key of the
    name (a character's, of ``people``) the narration gives that relative, when it gives one
    name only."""
    seen: dict[tuple[str, str], set[tuple[str, ...]]] = defaultdict(set)
    for seg in script.segments:
        if seg.kind != model.NARRATION or "s " not in seg.text or ("'s" not in seg.text and "\u2019s" not in seg.text) \
                or not _has_kin_word(seg.text):
            continue  # (no possessive, or no kin noun: nothing to read)
        toks = tokens(seg.text, seg.start)
        k = 0  # (the words of a name are not read again)
        for i in marked(toks):  # ("the", a particle and every capital are marked)
            if i < k:
                continue
            k = i
            t = toks[k]
            if not t.is_cap and t.text != "the" and t.low not in _PARTICLES:
                continue  # a word in lower case or a mark: no name starts here (``_candidate_at``)
            owner, n, _hon = _candidate_at(toks, k, lower)
            if not owner:
                continue
            e = toks[k + n - 1].end - seg.start
            m = k + n
            if owner in people and seg.text[e:e + 2] in ("'s", "\u2019s") and m + 2 < len(toks) \
                    and toks[m].low in _KIN_NOUNS and not toks[m].is_cap and toks[m + 1].text == ",":
                name, _n, _h = _candidate_at(toks, m + 2, lower)
                if name and name in people and name != owner:
                    seen[(seg.text[toks[k].start - seg.start:e], toks[m].low)].add(name)
            k += n
    return {rel: next(iter(names)) for rel, names in seen.items() if len(names) == 1}


# Words after "the" that stand for a person already named, or are no nouns: never a role.
_NOT_ROLES = {"latter", "former", "other", "same", "last", "first", "second", "third", "fourth", "fifth",
              "one", "two", "three", "elder", "younger", "eldest", "youngest", "whole", "rest", "next",
              "old", "young", "little", "poor", "good", "new", "others", "party", "company", "voice", "voices"}
# Titles that are roles too ("said the doctor"): the one the text titles so, or a role of its own.
_TITLE_ROLES = {"doctor", "colonel", "captain", "major", "general", "inspector", "professor", "sergeant",
                "lieutenant", "judge", "squire", "king", "queen", "duke", "duchess", "prince", "princess",
                "count", "countess", "baron", "baroness", "marquis", "earl"}
# Person nouns that name a position, not a sex or an age ("said the officer"): a role of its own
# when no character is known by it, unlike "the gentleman", "the girl" (the tag rules read those).
_ROLE_NOUNS = {"detective", "stranger", "visitor", "servant", "officer", "guest", "host", "prisoner", "porter",
               "maid", "housekeeper"}
_ROLE_TAGS = 2  # speech tags that make a role with no name ("said the mariner") a character


def _tags_after_quotes(script: Script):
    """Each narration segment right after a quote of its paragraph (where its tag stands), as
    (segment, tokens (at the segment's start), where the tag's speaker starts: 1 after a speech verb, ``said the
    mariner``, else 0, ``the mariner said``)."""
    prev = None
    for seg in script.segments:
        after_quote = prev is not None and prev.kind == model.DIALOGUE and prev.paragraph == seg.paragraph \
            and prev.chapter == seg.chapter
        prev = seg
        if seg.kind == model.NARRATION and after_quote:
            toks = tokens(seg.text, seg.start)
            yield seg, toks, (1 if toks and toks[0].low in SPEECH_VERBS else 0)


def _whole_tag(k: int, after: Token | None, adverb: bool = False) -> bool:
    """Is the speaker just read (``toks[k]`` on, ``after`` the token that follows it) the whole
    tag: after its verb, nothing more (``said the mariner.``; with ``adverb``, also ``said Tom's
    nephew gaily``), or before it, its verb (``the mariner said``)?"""
    if k == 1:
        return after is None or not after.is_word or (adverb and not after.is_cap and after.low.endswith("ly"))
    return after is not None and after.low in SPEECH_VERBS


def role_noun(toks: list[Token], k: int, adverb: bool = False) -> str | None:
    """The noun of a role ending a speech tag at ``toks[k]`` (``the`` there; ``k`` is 1 after
    its speech verb, ``said the mariner``, else 0, ``the mariner said``), else None: a noun
    written in lower case that describes no one (not a person noun, ``the gentleman``, unless
    one of a post or a title, ``_ROLE_NOUNS``, ``_TITLE_ROLES``), no other title, no word
    ``_NOT_ROLES`` (``the latter``), no group (``the crowd``), no plural, no adverb."""
    if len(toks) < k + 2 or toks[k].low != "the":
        return None
    w = toks[k + 1]
    if not w.is_word or w.is_cap or (w.low in PERSON_NOUNS and w.low not in _ROLE_NOUNS | _TITLE_ROLES) \
            or (w.low in HONORIFICS and w.low not in _TITLE_ROLES) or w.low in _NOT_ROLES \
            or w.low in DETERMINERS or w.low in _GROUPS or w.low.endswith(("ly", "s")):
        return None
    return w.low if _whole_tag(k, toks[k + 2] if k + 2 < len(toks) else None, adverb) else None


# Nouns of many people: "cried the crowd" is no one's voice.
_GROUPS = {"crowd", "board", "people", "mob", "assembly", "audience", "jury", "court", "meeting", "group",
           "family", "council", "committee", "congregation", "multitude", "throng", "rabble", "public"}


def _roles(script: Script, lower: Counter, people, calls: _Calls, tagged: list | None = None) -> dict[str, "_Cand"]:
    """Unnamed people the narration knows by a role, written in lower case (``said the
    mariner``, ``the croupier cried``): a noun after ``the`` in the tag right after a quote at
    least ``_ROLE_TAGS`` times, ending the tag (``said the mariner,``; not ``said the old
    gentleman``), in the singular. Not a noun that describes anyone (``the gentleman``, ``the boy``,
    ``PERSON_NOUNS``: the tag rules read those; but a noun of a post, ``_ROLE_NOUNS``: ``said the
    officer`` is no one just named, whatever their sex), a title other than ``_TITLE_ROLES``
    (``said the doctor``, ``says the duke`` are roles), a relative, a word no noun (``the
    latter``, ``the old``), nor a word the text also writes capitalised as a name (``the Jew``,
    found as a name; not ``the Duke`` twice that never speaks). Each becomes a character ``The Mariner``.
    A person noun with a qualifier ending such a tag twice (``said the gentleman in the white
    waistcoat``, ``_described``) is a character too, labelled by the whole description, and so is
    an ordinal and a noun ending two tags (``said the first policeman``: one of several, described
    as a newcomer is, so ``the policeman`` is not known to be he, and not joined to ``The
    Policeman``). A compound noun of a post (``_post``: ``said the coachman impatiently``,
    ``the game-keeper``, ``the station-master``, ``the housemaid``) is a role after one tag, an
    adverb after it too, unless the text sets a name beside it (``Theodosia, the nursemaid``),
    and so is a post of two words (``said the book-stall keeper``, ``_compound_post``) whose
    last word is no role of its own (``the anaemic cabman`` beside ``said the cabman``)."""
    tags: Counter = Counter()
    phrases: Counter = Counter()  # "the gentleman in the white waistcoat": its words
    ordinals: Counter = Counter()  # "the first policeman": (ordinal, noun)
    compounds: Counter = Counter()  # "the office keeper": (noun, post)
    for seg, toks, k in _tags_after_quotes(script) if tagged is None else tagged:
        # the tag right after the quote: "said the mariner," or "the mariner said"
        if len(toks) < k + 2 or toks[k].low != "the":
            continue
        w = toks[k + 1]
        described = _described(toks, k + 1)
        if described:
            after = toks[k + 1 + len(described)] if k + 1 + len(described) < len(toks) else None
            if _whole_tag(k, after):
                phrases[described] += 1
                calls.tagged.setdefault((seg.chapter, seg.paragraph), ("the", *described))
            continue
        if role_noun(toks, k) is not None or (_post(w.low) and role_noun(toks, k, adverb=True) is not None):
            tags[w.low] += 1
            calls.tagged.setdefault((seg.chapter, seg.paragraph), ("the", w.low))
        elif _compound_post(toks, k) is not None:
            compounds[_compound_post(toks, k)] += 1  # "said the book-stall keeper, looking in"
        elif w.low in _ORDINALS and len(toks) > k + 2:
            words = _ordinal_role(toks, k)
            if words:
                ordinals[words] += 1  # "said the first policeman"
                calls.tagged.setdefault((seg.chapter, seg.paragraph), ("the", *words))
    out = {}
    for noun, n in tags.items():
        if n < (1 if _post(noun) else _ROLE_TAGS) or ("the", noun.capitalize()) in people:
            continue
        if n < _ROLE_TAGS and _named_post(script.source, noun):
            continue  # "Theodosia, the nursemaid,": a post the story gives a name
        c = _Cand()
        c.count = c.mid = c.speech = n
        # its label, "The Mariner", unless it is someone with a name ("Mr. Bumble", the beadle)
        c.surface[f"the {noun.capitalize()}"] = 0
        out[noun] = c
    for words, n in phrases.items():
        if n < _ROLE_TAGS:
            continue
        c = _Cand()
        c.count = c.mid = c.speech = n
        c.surface["the " + " ".join(w if w in _QUALIFIERS or w in DETERMINERS else w.capitalize()
                                   for w in words)] = 0
        out[words] = c
    for words, n in compounds.items():
        if tags[words[-1]] or ("the", *words) in people:
            continue  # "the anaemic cabman" beside "said the cabman": the cabman
        c = _Cand()
        c.count = c.mid = c.speech = n
        c.surface["the " + " ".join(w.capitalize() for w in words)] = 0
        out[(" ".join(words),)] = c  # (one word of the key: "the office keeper" is not "the book-stall keeper")
    for words, n in ordinals.items():
        if n < _ROLE_TAGS or ("the", *words) in people:
            continue
        c = _Cand()
        c.count = c.mid = c.speech = n
        c.surface["the " + " ".join(w.capitalize() for w in words)] = 0
        out[words] = c
    return out


_POST_ENDS = ("man", "keeper", "master", "maid")
_NOT_POSTS = {"woman", "gentleman", "madman", "nobleman", "countryman", "kinsman", "human", "shaman"}
# "The detective nodded": a post after "the" and the word after it (``_alternate_posts``)
# (the match opens on ``he `` and looks back for the ``[Tt]``, so that the search skips to ``he ``
# by its letters instead of trying every ``t`` of the text: a third of the time; the ``T`` is
# at ``m.start() - 1``. A match ends on a letter before a mark or a blank, so no ``[Tt]he ``
# opens on its last letter: the matches are those of ``[Tt]he (...)`` one later, a test compares them)
_THE_POST = re.compile(r"he (?<=[Tt]he )(" + "|".join(sorted(_ROLE_NOUNS | _TITLE_ROLES)) + r"|[a-z-]+(?:"
                       + "|".join(_POST_ENDS) + r"))\b(?:\s+([a-z]+))?")


def _post(noun: str) -> bool:
    """A compound noun of a post (``coachman``, ``game-keeper``, ``station-master``,
    ``housemaid``): one tag is enough to make it a role, for a post is someone the story
    meets once and does not name; not ``woman`` or ``gentleman`` (``_NOT_POSTS``)."""
    return noun.endswith(_POST_ENDS) and len(noun) > 5 and noun not in _NOT_POSTS \
        and noun not in PERSON_NOUNS


def _compound_post(toks: list[Token], k: int) -> tuple[str, str] | None:
    """A post of two words ending the tag at ``toks[k]`` (``the`` there): a lower-case noun
    before a post's noun (``said the book-stall keeper``, ``cried the office keeper,``), as
    (noun, post), else None; not an age or other word of ``_NOT_ROLES`` (``the old keeper``)."""
    if len(toks) < k + 3 or toks[k].low != "the":
        return None
    w, p = toks[k + 1], toks[k + 2]
    if not (w.is_word and p.is_word) or w.is_cap or p.is_cap or not _post(p.low) or w.low in _NOT_ROLES \
            or w.low in DETERMINERS or w.low in PERSON_NOUNS or w.low in SPEECH_VERBS or w.low.endswith("ly") \
            or w.low in _GROUPS:
        return None
    return (w.low, p.low) if _whole_tag(k, toks[k + 3] if k + 3 < len(toks) else None, True) \
        or (k + 3 < len(toks) and toks[k + 3].text == ",") else None


def _named_post(source: str, noun: str) -> bool:
    """Does the text set a capitalised name beside the post (``Theodosia, the nursemaid``,
    ``the coachman, Joseph,``)?"""
    # (the same as one search of ``\b[A-Z][a-z]+, (?:the|his|her|our) NOUN\b|\bthe NOUN, [A-Z][a-z]+\b``,
    # which is tried at every position of the text: each half is tried only where its words are
    # written, found by a search that starts with them)
    n = re.escape(noun)
    named = re.compile(r"\b[A-Z][a-z]+, (?:the|his|her|our) " + n + r"\b")
    for m in re.finditer(r", (?:the|his|her|our) " + n + r"\b", source):
        j = m.start()
        while j > 0 and "a" <= source[j - 1] <= "z":
            j -= 1  # the name's lower-case letters; its capital before them
        if j > 0 and j < m.start() and named.match(source, j - 1):
            return True
    post = re.compile(r"\bthe " + n + r", [A-Z][a-z]+\b")
    return any(post.match(source, m.start()) for m in re.finditer(r"the " + n + r", [A-Z][a-z]+\b", source))


def _past(t: Token) -> bool:
    """A speech verb in the past (``said``, ``replied``), not a noun or a present form that
    spells the same (``was the grinning reply``, ``with the brightest smiles``)."""
    return t.low in SPEECH_VERBS and (t.low.endswith("ed") or t.low in ("said", "spoke", "began"))


def _ordinal_role(toks: list[Token], k: int) -> tuple[str, ...]:
    """The words of an ordinal role ending the tag at ``toks[k]`` (``the`` there): ``said the
    first policeman``, else ()."""
    j = k + 2
    if j >= len(toks) or not _ordinal_noun(toks[j]) or not _whole_tag(k, toks[j + 1] if j + 1 < len(toks) else None):
        return ()
    return tuple(t.low for t in toks[k + 1:j + 1])


def _ordinal_noun(t: Token) -> bool:
    """The noun of an ordinal role (``the first policeman``, ``the second woman``): a word in
    lower case, no word of ``_NOT_ROLES`` (``the second one``), no group, plural or adverb."""
    return t.is_word and not t.is_cap and t.low not in _NOT_ROLES and t.low not in DETERMINERS \
        and t.low not in _GROUPS and t.low not in SPEECH_VERBS and not t.low.endswith(("ly", "s"))


_NEWCOMER_WORDS = 4  # "a little ugly hump-backed man": adjectives and the noun at most
_NOT_NEWCOMERS = _NOT_ROLES | {"friend", "companion", "one", "few", "dozen", "number", "couple", "pair",
                               "moment", "minute", "while", "time", "little", "bit", "pause", "tone", "manner",
                               "laugh", "smile", "sigh", "groan", "shout", "cry", "whisper", "nod", "look"}


def _newcomers(script: Script, people, tagged: list | None = None) -> dict[tuple[str, ...], "_Cand"]:
    """Someone the tag right after a quote brings in with ``a``/``an`` and a description the text
    knows no one by (``asked a grinning countryman``, ``cried a looker-on``, ``said a great
    lubberly fellow``): a person of their own, who says that line in a voice of their own (not
    the last man named, nor nobody). The description's noun is no person noun (``countryman``,
    ``carpenter``), or a person noun after two adjectives or more (``a great lubberly fellow``;
    not ``a man``, ``a shorter man``, ``a young man``: often someone the text names a little
    later); never a voice (``cried a loud, hoarse voice``), a relative, a group (``a few``), an
    ordinal (``a second``), a noun a role is known by (``a policeman`` when ``said the
    policeman`` made ``The Policeman``), nor a capitalised word (``said a Voice``: a name).
    Each is labelled by the description: ``The Grinning Countryman``."""
    out, ends = {}, None  # (the end of each chapter, read when a newcomer is found)
    for _seg, toks, k in _tags_after_quotes(script) if tagged is None else tagged:
        if len(toks) < k + 2 or toks[k].low not in ("a", "an"):
            continue
        j = k + 1
        while j < len(toks) and j - k <= _NEWCOMER_WORDS + 1 and toks[j].is_word and not toks[j].is_cap \
                and toks[j].low not in SPEECH_VERBS and toks[j].low not in DETERMINERS:
            j += 1
        if j - k > 2 and toks[j - 1].low.endswith("ly") and k == 1:
            j -= 1  # "said a grinning countryman carelessly": the adverb is no part of him
        words = tuple(t.low for t in toks[k + 1:j])
        after = toks[j] if j < len(toks) else None
        if not words or len(words) > _NEWCOMER_WORDS or not _whole_tag(k, after, adverb=True):
            continue
        head = words[-1]
        if head in _NOT_NEWCOMERS or head in _KIN_NOUNS or words[0] in _NOT_ROLES - {"old", "young", "little",
                                                                                   "poor", "good", "new"} \
                or head.endswith("ly") or any(t.low in ("voice", "voices") for t in toks[k + 1:j + 4]):
            continue
        if (head in PERSON_NOUNS and len(words) < 3) or any(w in PERSON_NOUNS for w in words[:-1]) \
                or head in ("who", "whom", "whose", "which", "that"):
            continue  # "a man outside", "a young man who": a man, after no two adjectives
        key = ("the", *words)
        if ("the", head) in people or key in people:
            continue  # "said a policeman" of the story's Policeman
        c = out.setdefault(key, _Cand())
        c.count = c.mid = c.speech = c.count + 1
        c.surface["the " + " ".join(w.capitalize() for w in words)] += 0
        if ends is None:
            ends = {}
            for seg in script.segments:
                ends[seg.chapter] = max(ends.get(seg.chapter, 0), seg.end)
        short = _shorter_description(script.source, words, toks[j - 1].end, ends[_seg.chapter])
        if short:
            c.surface["the " + " ".join(w.capitalize() for w in short)] += 1
    return out


def _shorter_description(source: str, words: tuple[str, ...], at: int, end: int) -> tuple[str, ...] | None:
    """The shortest tail of a newcomer's description, a word before the noun at least, that the
    text calls him by with ``the`` in the ``_TIED_AHEAD`` characters after he is brought in, in
    his chapter (``said a little ugly hump-backed man`` ... ``replied the hump-backed man``):
    the name the scene knows him by; None when it never shortens it (``the man`` alone is
    anyone)."""
    ahead = source[at:min(at + _TIED_AHEAD, end)]
    for i in range(len(words) - 2, 0, -1):
        tail = words[i:]
        if re.search(r"\b[Tt]he\s+" + r"\s+".join(re.escape(w) for w in tail) + r"\b", ahead):
            return tail
    return None


# Nouns of someone's relative (or companion) that a tag may name: "said Tom's nephew".
_RELATIVE_NOUNS = {"wife", "husband", "mother", "father", "sister", "brother", "daughter", "son", "aunt",
                   "uncle", "niece", "nephew", "cousin", "friend", "companion", "servant", "maid", "man",
                   "woman", "lady", "gentleman", "boy", "girl", "master", "mistress"}
# Kin: "said Tom's father" once says a person of his own.
_KIN_NOUNS = {"wife", "husband", "mother", "father", "sister", "brother", "daughter", "son", "aunt", "uncle",
              "niece", "nephew", "cousin"}


def _has_kin_word(text: str) -> bool:
    """Is a noun of ``_KIN_NOUNS`` written anywhere in ``text``, in any case (even inside another
    word)? ``_appositions``' test before it reads a segment's tokens, which it needs only where
    one of them is a kin noun (``low`` in ``_KIN_NOUNS``): a token's ``low`` is its text's
    ``lower()``, a part of ``text.lower()``, so such a segment always passes. (A search of the
    nouns' alternation with ``re.I``, the test before, tried the alternation at every position:
    60-80 ms over a novel's segments against 2 ms.)"""
    low = text.lower()
    return any(w in low for w in _KIN_NOUNS)


_ELDER_TITLES = {"wife": "mrs", "mother": "mrs", "husband": "mr", "father": "mr"}


def _relatives(script: Script, lower: Counter, people, calls: _Calls,
               told: dict | None = None, tagged: list | None = None) -> dict[tuple[str, ...], "_Cand"]:
    """Someone the tags name only as another's relative (``said Tom's nephew``, ``cried Tom's
    niece``, ``Tom's father asked``): a name of ``people`` with a possessive and a noun of
    ``_RELATIVE_NOUNS`` (after up to two adjectives: ``Tom's young wife``), the whole tag right
    after a quote, at least ``_ROLE_TAGS`` times. Each becomes a character ``Tom's Nephew``
    (key ``("the", "Tom's", "nephew")``: a role, so the merge makes him one with the name the
    turns beside his call him by), unless the noun is a wife, mother, husband or father and
    the text has a ``Mrs.`` (``Mr.``) of the owner's family: that one is the relative
    (``mentions._relative_of``)."""
    tags: Counter = Counter()
    surface: dict[tuple[str, ...], str] = {}
    for seg, toks, k in _tags_after_quotes(script) if tagged is None else tagged:
        if len(toks) < k + 2:
            continue
        owner, n, _hon = _candidate_at(toks, k, lower)
        if not owner or owner not in people:
            continue
        e = toks[k + n - 1].end - seg.start
        if seg.text[e:e + 2] not in ("'s", "\u2019s"):
            continue
        m = k + n
        while m < len(toks) and m < k + n + 2 and toks[m].is_word and not toks[m].is_cap \
                and toks[m].low not in _RELATIVE_NOUNS and toks[m].low not in SPEECH_VERBS:
            m += 1  # "Tom's young wife"
        if m >= len(toks) or toks[m].low not in _RELATIVE_NOUNS or toks[m].is_cap:
            continue
        after = toks[m + 1] if m + 1 < len(toks) else None
        if after is not None and after.text == "," and m + 2 < len(toks) and toks[m + 2].is_cap:
            continue  # "said Tom's friend, Harry Finch,": the name says who
        if not _whole_tag(k, after, adverb=True):
            continue
        noun = toks[m].low
        if told and (seg.text[toks[k].start - seg.start:e], noun) in told:
            continue  # "Scrooge's nephew, Fred,": Fred (``_appositions``)
        title = _ELDER_TITLES.get(noun)
        if title and any(key[0].lower() == title and key[-1] == owner[-1] for key in people):
            continue  # "said Mr. Grey's wife": the one Mrs. Grey
        key = ("the", seg.text[toks[k].start - seg.start:e] + "'s", noun)
        tags[key] += 1
        surface.setdefault(key, seg.text[toks[k].start - seg.start:e] + "'s " + noun.capitalize())
        calls.tagged.setdefault((seg.chapter, seg.paragraph), key)
    out = {}
    for key, n in tags.items():
        if n < (1 if key[-1] in _KIN_NOUNS else _ROLE_TAGS):
            continue
        c = _Cand()
        c.count = c.mid = c.speech = n
        c.surface[re.sub(r"\s+", " ", surface[key])] = 0
        out[key] = c
    return out


def _described(toks: list[Token], j: int) -> tuple[str, ...]:
    """A person noun and a qualifier that tells one from the rest, at ``toks[j]``: ``gentleman
    in the white waistcoat``, ``man with the black beard`` (its words, lower case), else ().
    The qualifier is ``in``/``with`` ``the`` and one or two lower-case words; not ``a``
    (``the boy with a burst of tears`` says how, not who)."""
    if j + 3 >= len(toks) or toks[j].low not in PERSON_NOUNS or toks[j].is_cap \
            or toks[j + 1].low not in _QUALIFIERS or toks[j + 2].low != "the":
        return ()
    words = []
    for t in toks[j + 3:j + 5]:
        if not t.is_word or t.is_cap or t.low in DETERMINERS or t.low in SPEECH_VERBS:
            break
        words.append(t.low)
    nxt = toks[j + 3 + len(words)] if j + 3 + len(words) < len(toks) else None
    if not words or (nxt is not None and nxt.is_word and nxt.low not in SPEECH_VERBS):
        return ()  # "the man with the beard and ..." or nothing after "the"
    return (toks[j].low, toks[j + 1].low, "the", *words)


def _before_bracket(text: str, toks: list[Token], k: int, key: tuple[str, ...], n: int, off: int = 0):
    """A name does not run on past a bracket (the tokens drop brackets): ``said the Gnat
    (Alice drew her feet back...)`` names the Gnat, not ``the Gnat Alice``. (``toks`` read at
    ``off``.)"""
    for i in range(1, n):
        if any(b in text[toks[k + i - 1].end - off:toks[k + i].start - off] for b in "()[]"):
            key = key[:i]
            return (key, i) if key != ("the",) else ((), 0)
    return key, n


def _words_before(word: str, source: str) -> Counter:
    r"""The words right before ``word`` (spaces or tabs between): ``Counter(m.group(1) for m in
    re.finditer(r"(\w+)[ \t]+" + re.escape(word) + r"\b", source))``, read from where
    ``word`` stands instead of trying that pattern at every word of the text."""
    out: Counter = Counter()
    done = 0  # where the last match ended (the matches do not overlap)
    for m in re.finditer(re.escape(word) + r"\b", source):
        j = m.start()
        while j > 0 and source[j - 1] in " \t":
            j -= 1
        i = j
        while i > 0 and (source[i - 1].isalnum() or source[i - 1] == "_"):  # (``\w``)
            i -= 1
        if j == m.start() or i == j or i < done:
            continue
        out[source[i:j]] += 1
        done = m.end()
    return out


def _bare(text: str) -> str:
    """A quote's words alone: ``"Griffin?"`` and ``"Griffin,"`` are both ``griffin``."""
    return " ".join(_BARE_WORD.findall(text.lower()))


_BARE_WORD = re.compile(r"[\w'’]+")


def _pairs(keys: set[tuple[str, ...]]):
    return [(a, b) for a in keys for b in keys if a < b]


def _names_despite_case(script: Script, lower: Counter) -> set[str]:
    """Words the text writes in lower case that are names too (``will`` and ``Will``): in
    the narration, capitalised inside a sentence beside a speech verb (``said Will``, ``,
    Will answered``; or opening a sentence, ``Two began``) at least twice, or once if it is a
    given name too (``said Frank``), and
    in a name's place inside a sentence (see ``names.name_position``) more often than
    capitalised elsewhere (``Will you come?``). Right after a given name the text never writes
    in lower case a word stands in a name's place too (``said Jonathan Small``: a family name,
    ``_after_given``)."""
    from .names import name_position

    tagged: Counter = Counter()
    placed: Counter = Counter()
    other: Counter = Counter()
    # the words in lower case that may be names: written so, and no title, article or pronoun
    # (one set read per capitalised token instead of four)
    common = {w for w, n in lower.items() if n and w not in HONORIFICS and w not in DETERMINERS and w not in PRONOUNS}
    prev = None
    for seg in script.segments:
        before, prev = prev, seg
        if seg.kind != model.NARRATION:
            continue
        # right after a quote of its paragraph that does not end its sentence ('"Look," Lily
        # whispered.'), the narration's first word is inside that sentence
        goes_on = before is not None and before.kind == model.DIALOGUE \
            and (before.chapter, before.paragraph) == (seg.chapter, seg.paragraph) \
            and before.text.rstrip()[-1:] not in (".", "")
        toks = tokens(seg.text, seg.start)
        for k in marked(toks):  # (every capitalised token is marked)
            t = toks[k]
            if not (t[3] in common and t[5] and t[4] and not _FIRST_PERSON.match(t[0])):  # (low, is_cap, is_word)
                continue
            if k and toks[k - 1].low in HONORIFICS:
                continue  # "Mrs. Hall": a name with its title, found as such
            inside = k > 0 and toks[k - 1].text not in SENTENCE_END and toks[k - 1].text not in '"“”'
            if k == 0 and goes_on and len(toks) > 1 and toks[1].low in SPEECH_VERBS:
                placed[t.low] += 1  # '"Look," Lily whispered.': a tag, where a name stands
                tagged[t.low] += 1
                continue
            if _after_given(toks, k, lower):
                placed[t.low] += 1  # "said Jonathan Small": a family name after a given name
                nxt = toks[k + 1].low if k + 1 < len(toks) else ""
                if (k > 1 and toks[k - 2].low in SPEECH_VERBS) or nxt in SPEECH_VERBS:
                    tagged[t.low] += 1
            elif inside and name_position(toks, k, 1):
                placed[t.low] += 1
                nxt = toks[k + 1].low if k + 1 < len(toks) else ""
                if toks[k - 1].low in SPEECH_VERBS or nxt in SPEECH_VERBS:
                    tagged[t.low] += 1
            elif not inside and t.low not in _NOT_ROLES and gender_of_first_name(t.text) != UNKNOWN \
                    and _name_after(toks, k + 1, lower) and name_position(toks, k, 2):
                placed[t.low] += 1  # "Will Crane said", "Buck Mulligan frowned": a given name
                if k + 2 < len(toks) and toks[k + 2].low in SPEECH_VERBS:  # before a family name
                    tagged[t.low] += 1  # (not "Young Hamilton hastened": an age)
            elif not name_position(toks, k, 1):
                other[t.low] += 1
            elif not inside and k + 1 < len(toks) and _past(toks[k + 1]):
                tagged[t.low] += 1  # "Two began in a low voice,": a tag (a name's place is counted inside)
    # twice, or once for a word that is a given name too ("said Frank" beside "being frank")
    return {w for w, n in tagged.items() if (n >= 2 or gender_of_first_name(w.capitalize()) != UNKNOWN)
            and placed[w] > other[w]}


def _after_given(toks: list[Token], k: int, lower: Counter) -> bool:
    """Does the capitalised word at ``toks[k]`` follow a given name the text never writes in
    lower case (``Jonathan Small``, ``Will Crane``), itself where a name stands?"""
    if k == 0:
        return False
    g = toks[k - 1]
    return g.is_word and g.is_cap and lower.get(g.low, 0) == 0 and g.low not in HONORIFICS \
        and not _FIRST_PERSON.match(g.text) and gender_of_first_name(g.text) != UNKNOWN \
        and (k < 2 or toks[k - 2].low not in DETERMINERS) \
        and not (k >= 2 and toks[k - 2].is_cap and toks[k - 2].is_word)


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
    if "-" not in word and "‐" not in word:
        return False  # (one part: no compound)
    parts = re.split(r"[-‐]", word)
    return len(parts) > 1 and all(lower.get(p, 0) > 0 for p in parts)


_FIRST_PERSON = re.compile(r"I(?:['’](?:m|ve|ll|d|s))?$")
# the words ``_FIRST_PERSON`` matches whole, where ``_candidate_at`` finds no name (``_name_starts``)
_FIRST_PERSON_WORDS = frozenset({"I"} | {"I" + a + e for a in "'’" for e in ("m", "ve", "ll", "d", "s")})


def _times_that_speak(script: Script) -> frozenset[str]:
    """Days and months that are names in this story (``said Sunday``, ``Thursday answered``): a
    word of ``_CALENDAR`` inside a sentence of the narration, right after a speech verb or right
    before one, at least ``_ROLE_TAGS`` times. A day or month never speaks."""
    tagged: Counter = Counter()
    for seg in script.segments:
        if seg.kind != model.NARRATION or not _CALENDAR_WORD.search(seg.text):
            continue  # (no day or month written in it, even inside another word)
        toks = tokens(seg.text, seg.start)
        for k, t in enumerate(toks):
            if t.text in _CALENDAR and k and toks[k - 1].text not in SENTENCE_END and (
                    toks[k - 1].low in SPEECH_VERBS or (k + 1 < len(toks) and toks[k + 1].low in SPEECH_VERBS)):
                tagged[t.text] += 1
    return frozenset(w for w, n in tagged.items() if n >= _ROLE_TAGS)


def _candidate_at(toks: list[Token], k: int, lower: Counter,
                  days: frozenset[str] = frozenset()) -> tuple[tuple[str, ...], int, str | None]:
    """A candidate name at ``toks[k]``: (key, tokens used, honorific) or ((), 0, None). A day or
    month is no name unless it is one of ``days`` (``_times_that_speak``)."""
    t = toks[k]
    if not t.is_word:
        return (), 0, None
    if t.text == "the" and k + 1 < len(toks) and toks[k + 1].is_cap and toks[k + 1].is_word:
        words = [toks[k + 1]]
        if k + 2 < len(toks) and toks[k + 2].is_word and toks[k + 2].is_cap and (
                toks[k + 2].low not in HONORIFICS or not _name_after(toks, k + 3, lower)):
            words.append(toks[k + 2])  # "the March Hare", "the Red Queen" (not "the late Mr. Grey")
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
    if not words and hon and lower.get(t.low, 0) == 0 and t.low not in ("mr", "mrs", "ms", "dr"):
        return (t.text,), 1, hon  # a title used as a name ("said Madame"), never written in lower case
    if not words or (not hon and len(words) == 1 and len(words[0].text) < 3):
        return (), 0, None  # "Ah", "Oh": interjections, not names
    # Words the text also writes in lower case are common words, not names (unless titled).
    # (a time: in ``_CALENDAR`` and not in ``days``)
    if not hon and (lower.get(words[0].low, 0) > 0 or (words[0].text in _CALENDAR and words[0].text not in days)
                    or _common_compound(words[0].low, lower)):
        return (), 0, None
    if any(w.text in _CALENDAR and w.text not in days for w in words):
        return (), 0, None
    if len(words) > 1 and any(lower.get(w.low, 0) > 2 and w.low not in _PARTICLES for w in words[1:]):
        words = words[:1]
    key = ((t.text,) if hon else ()) + tuple(w.low if w.low in _PARTICLES else w.text for w in words)
    return key, (1 if hon else 0) + len(words), hon




def _name_after(toks: list[Token], j: int, lower: Counter) -> bool:
    """A capitalised word at ``toks[j]`` that the text never writes in lower case."""
    return j < len(toks) and toks[j].is_word and toks[j].is_cap and toks[j].low not in HONORIFICS \
        and lower.get(toks[j].low, 0) == 0 and not _FIRST_PERSON.match(toks[j].text) and toks[j].text not in _CALENDAR

