"""The sieve: rules 1 to 8 decide the speakers of a conversation's turns from the clues its
turns hold, most certain first; each rule fills only what the earlier ones left open. What
a tag says is in ``speech_tags`` and ``mentions``, rule 4's clues in ``clues``, rule 6's
names in address in ``turns``.

1. ``tag``: of the candidates a pronoun or a description may mean, turns alternate:
   after A speaks and B answers, ``he said`` is A again, and the speaker of
   the turn before or after is passed over for another candidate of the
   pronoun's gender just named, unless the narration of the tag's own
   paragraph names its first candidate as a clause's subject (``Mary looked
   up. "No," she said``) or the turn before goes on telling of its speaker
   (``_TOLD_AFTER`` characters of narration after its quotes: ``"No," said
   Anna. She rose and walked to the window ...``); a he/she whose likeliest candidate is the
   speaker of the turn before, when a he/she tag of that turn gave it (not a name), is that
   speaker going on (``"What is the date?" she asked. He told her. ... "Certainly." ...
   "What do you want to do?" he asked``: a he/she chain over both turns, nobody named
   between; after ``said Tom``, ``he replied`` still passes Tom over); the one the turn before called by name is
   the pronoun, also after narration between that names nobody (``She made
   no answer. He asked again.``). ``replied the other`` is never the speaker of the turn
   before, but the one that speaker talks with (who spoke before him), when the description
   may mean that one, named lately or not. ``cried her husband`` (his wife, her mother)
   right after a turn a tag gave a Mrs. is her husband, when the cast has one.
   An epithet (``the girl``, ``the old gentleman``, ``the old lady``) that four uses or more of a
   chapter's description tags agree on, three in four, is that one character
   wherever the chapter's tags use it, unless it is the voice beside it (``_epithet_owners``): each use votes for its first candidate
   who is not the named speaker of the turn before or after, or for the one the
   turn before called by name (``"Sit down," said Rose. "Let me stand, lady,"
   said the girl``: Nancy, named pages before, rather than Rose); an epithet two
   chapters before gave one character (three in four of those that gave it
   anyone) is that one in the chapters after, named lately or not; a bare
   ``the gentleman`` is the chapter's ``old gentleman``. An epithet a call gave its one
   (``"You get blinder every day, Bedwin," said Mr. Brownlow. "That I do, sir," replied the
   old lady``) is that one again for ``_ANCHOR_SPAN`` characters after, across the
   conversations of the chapter (``"God be good to me!" cried the old lady``). A he/she
   whose narration before its quote last described someone of its sex by such an epithet
   (``The old lady sat down, and looked at me. "Good evening," she said``), nobody of that
   sex named after it, is that epithet's one (``_described_head``). Two
   epithets of two nouns are two people: when a chapter would give ``the girl``
   and ``the young lady`` to one character, the book's epithet (else the one more
   uses voted for) keeps her, and the other never means her there.
   ``anon``: a description that cannot be a character of the cast
   (``mentions._unnamed``) is nobody, unless the turn before called someone
   by name whom its words do not name (``"Bring a light, Tom." "Coming!"
   cried a voice``: Tom), or the chapters before gave its epithet to one character
   (``a girl was waiting`` ... ``replied the girl``: the book's girl). Such a turn is a voice of the
   conversation: the quotes of its paragraph and the turns alternation gives
   it stay nobody's, and no later rule (paragraph, turns, salience, ``conv``)
   hands them to a character; a bare turn between two such turns is one of
   theirs too (``turns``), and the conversation path leaves it so.
2. ``paragraph``: a quote with no tag of its own takes the speaker of the
   other quotes of its paragraph (speech that continues after a speech tag).
3. ``continued``: a quotation left open at the end of a paragraph and taken
   up in the next one keeps its speaker, also when turn-taking finds it later.
4. ``actor``, ``narrated``: see ``clues``.
5. ``thinker``: first-person thoughts (in a third-person story) that go on
   from the last turn of the conversation (paragraphs of thought between) keep
   their thinker.
   ``silence``: after narration that says the listener kept silent
   (``He made no answer.``) or answered without words (``Mr. Darcy bowed.``,
   someone other than the last speaker) the speaker before goes on; not when the one
   the narration says kept silent is the last speaker (``He fell silent.``), and, read
   backwards, not when it is the next one (``He said nothing for a moment. "But," he
   renewed``: he was spoken to).
   ``reported``: after narration that tells someone's answer without quoting it
   (``Elizabeth assured her that it had not.``), the one answered speaks again,
   and the told answer counts as a turn when the quotes alternate after it.
6. ``vocative``: see ``turns``.
7. ``turns``: in a conversation (quotes not separated by long narration) bare
   quotes alternate between the last two voices (the last speaker of a
   paragraph before, the first of one after), forwards and backwards.
8. ``salient``: what is left goes to the most recently mentioned character
   who is not the previous speaker nor addressed in the quote, one who speaks
   elsewhere in the conversation before one only mentioned; a quote addressing
   one voice of the conversation goes to the other, who spoke last, rather than
   to someone only mentioned.
"""
from __future__ import annotations

from collections import Counter

from ..model import Segment
from .cast import _Cast
from .names import PERSON_NOUNS, UNKNOWN
from .salience import _Salience
from .turns import _PRESENT, LONG_NARRATION, _ANON, _Turn, _family_member, _parent_of


_TOLD_AFTER = 100  # characters of narration after a turn's quotes that keep its speaker the pronoun's
_OWNER_VOTES = 4  # uses of an epithet in a chapter that must agree on who it is ...
_OWNER_SHARE = 0.75  # ... and their share of all its uses there (or of the chapters that gave it one)
_ANCHOR_SPAN = 3000  # characters after a call gave an epithet its one, where it is still that one
_OWNER_CHAPTERS = 2  # chapters before that gave an epithet to one character: the book's epithet for them


def _epithet_owners(convs: list[list[_Turn]], book: dict[str, Counter] | None = None) \
        -> tuple[dict[str, int], dict[str, int], set[str]]:
    """Who each epithet of a chapter's description tags is (``replied the girl``): an author
    calls one character by one epithet through a scene, often through the book. Each use votes
    for its likeliest candidate who is neither the named speaker of the turn just before or
    after (turns alternate) nor someone its words call; the one called by name in the turn
    just before votes twice. An epithet belongs to the one with at least ``_OWNER_VOTES`` votes
    and ``_OWNER_SHARE`` of them; but to the one the chapters before gave it (``book``: at
    least ``_OWNER_CHAPTERS`` of them, ``_OWNER_SHARE`` of those that gave it anyone), when
    there is one. Two epithets of two nouns (``the girl``, ``the young lady``) are two people:
    when both would be one character's, the book's keeps it, else the one more uses voted
    for, and the other is barred from meaning that one. Returns (owners, barred, booked: the
    owners' epithets the chapters before gave), and brings ``book`` up to this chapter with the
    chapter's own owners."""
    votes = _chapter_owners(convs)
    out = {e: who for e, (who, _v) in votes.items()}
    booked = set()
    for e, c in (book or {}).items():
        who, v = c.most_common(1)[0]
        if v >= _OWNER_CHAPTERS and v >= _OWNER_SHARE * sum(c.values()):
            out[e] = who
            booked.add(e)
    barred = {}
    by_owner: dict[int, list[str]] = {}
    for e, who in out.items():
        by_owner.setdefault(who, []).append(e)
    for who, eps in by_owner.items():
        if len({e.split()[-1] for e in eps}) < 2:
            continue
        keep = max(eps, key=lambda e: (e in booked, votes[e][1] if e in votes else 0))
        noun = keep.split()[-1]
        for e in eps:
            if e.split()[-1] != noun:
                del out[e]
                barred[e] = who
    if book is not None:
        for e, (who, _v) in votes.items():
            if e not in barred:
                book.setdefault(e, Counter())[who] += 1
    return out, barred, booked - set(barred)


def _chapter_owners(convs: list[list[_Turn]]) -> dict[str, tuple[int, int]]:
    """The owners a chapter's own description tags vote for, and their votes (``_epithet_owners``)."""
    votes: dict[str, Counter] = {}
    for conv in convs:
        for k, t in enumerate(conv):
            for n, ref in enumerate(t.tags):
                if ref is None or not ref.epithet or ref.certain or not ref.cands:
                    continue
                near = set()
                if n == 0 and k > 0 and t.gap == 0:
                    near |= _named(conv[k - 1])
                if n == len(t.tags) - 1 and k + 1 < len(conv) and conv[k + 1].gap == 0:
                    near |= _named(conv[k + 1])
                near |= _named(t)
                c = votes.setdefault(ref.epithet, Counter())
                called = conv[k - 1].vocative if n == 0 and k > 0 and t.gap == 0 else None
                if called is not None and called in ref.cands and called not in near and called not in t.addressed:
                    c[called] += 2
                    continue
                pick = next((w for w in ref.cands if w not in near and w not in t.addressed), None)
                if pick is not None:
                    c[pick] += 1
    out = {}
    for e, c in votes.items():
        total = sum(c.values())
        if c:
            who, v = c.most_common(1)[0]
            if v >= _OWNER_VOTES and v >= _OWNER_SHARE * total:
                out[e] = (who, v)
    return out


def _elder_owner(noun: str, owners: dict[str, int]) -> int | None:
    """The one character the chapter's ``old`` (``elderly``) epithets of ``noun`` belong to
    (``old gentleman``, for a bare ``gentleman``), if there is one."""
    found = {w for e, w in owners.items() if e.split()[-1] == noun and e.split()[0] in ("old", "elderly")}
    return found.pop() if len(found) == 1 else None


def _noun_gender(ref, genders: list[str]) -> str:
    """The sex a description's noun says (``the old lady``), else its likeliest candidate's."""
    g = PERSON_NOUNS.get(ref.epithet.split()[-1])
    if g is not None:
        return g
    return genders[ref.cands[0]] if ref.cands else UNKNOWN


def _named(t: _Turn) -> set[int]:
    """The speakers a turn's tags name (certain)."""
    return {ref.who for ref in t.tags if ref is not None and ref.certain and ref.who is not None}


def _decide_tags(conv: list[_Turn], owners: dict[str, int] | None = None,
                 barred: dict[str, int] | None = None, genders: list[str] | None = None,
                 booked: set[str] = frozenset(), anchored: dict | None = None,
                 selfnamed: dict | None = None) -> None:
    """Rule 1. Named speakers first; then pronouns and descriptions, each taking the first
    candidate who is not the named speaker of the turn just before or after (turns alternate);
    a description whose epithet the chapter gives one character (``owners``, from
    ``_epithet_owners``) is that one, and never one another epithet's (``barred``); one the
    chapters before gave it (``booked``) also when the text brings it in as someone unnamed;
    one a call gave an epithet lately (``anchored``: epithet -> (who, where), kept across the
    chapter's conversations) is that epithet's one while the scene lasts; a description whose
    own quotes give the speaker's name (``t.selves``: ``"My name is Tom," said the stranger``) is
    that one, and so is its epithet in the chapter's tags a little before and after
    (``selfnamed``: epithet -> [(who, where)], ``_self_named_epithets``)."""
    for t in conv:
        for n, ref in enumerate(t.tags):
            if ref is not None and ref.certain and ref.who is not None:
                t.speakers[n], t.rules[n] = ref.who, "tag"
    anchored = {} if anchored is None else anchored
    for k, t in enumerate(conv):
        if k:
            _anchor(conv[k - 1], anchored)
        near = set()
        if k > 0 and t.gap == 0 and conv[k - 1].speaker is not None:
            near.add(conv[k - 1].speakers[-1])
        if k + 1 < len(conv) and conv[k + 1].gap == 0:
            nxt = conv[k + 1]
            if nxt.tags and nxt.tags[0] is not None and nxt.tags[0].certain:
                near.add(nxt.tags[0].who)
        # The one the turn before called by name answers, also after narration naming nobody.
        called = conv[k - 1].vocative if k > 0 and (t.gap == 0 or t.quiet) else None
        for n, ref in enumerate(t.tags):
            if n and n < len(t.resumes) and t.resumes[n] and t.speakers[n] is None \
                    and t.speakers[n - 1] is not None and t.rules[n - 1] in ("tag", "anon"):
                # '"No," she replied, "I think ...": one tag for both parts, decided once
                t.speakers[n], t.rules[n] = t.speakers[n - 1], t.rules[n - 1]
                if n - 1 in t.stages:
                    t.stages[n] = t.stages[n - 1]
                continue
            own = next((t.speakers[m] for m in range(n - 1, -1, -1) if t.rules[m] == "tag"
                        and t.tags[m] is not None and t.tags[m].certain), None) if n else None
            if own is not None and ref is not None and ref.generic and not ref.kin \
                    and not ref.other and t.speakers[n] is None and own in ref.cands[:2]:
                # '"You will be kind," said Oliver. "It will ...," cried the boy': the voice
                # its paragraph's quote before names, when the description (``the`` and a common
                # noun: not "a man", not a voice) may mean it
                t.speakers[n], t.rules[n] = own, "tag"
                t.stages[n] = "latest" if own == ref.cands[0] else "passed-over"
                continue
            me = _gives_own_name(t, ref, genders) if t.selves and t.speakers[n] is None else None
            if me is not None:
                # '"My name, sir, is Tom Grey," said the old gentleman': whoever the text called
                # him before, the one he says he is
                t.speakers[n], t.rules[n] = me, "tag"
                t.stages[n] = "self-named"
                asker = conv[k - 1].speakers if k else ()
                over = next((c for c in ref.cands if c != me and c not in asker and c not in t.addressed), None)
                if over is not None:
                    t.named_over[n] = over  # (whom else it may have meant: discovery may join that role to ``me``)
                continue
            if ref is not None and ref.epithet and not ref.certain and not ref.pronoun and selfnamed \
                    and t.speakers[n] is None and ref.epithet in selfnamed:
                me = next((w for w, at in selfnamed[ref.epithet] if abs(at - t.start) <= _ANCHOR_SPAN), None)
                if me is not None and me not in near and me not in t.addressed:
                    # "said the stranger" a page before (or after) '"My name is Tom," said the
                    # stranger': the same one
                    t.speakers[n], t.rules[n] = me, "tag"
                    t.stages[n] = "anchored"
                    continue
            if ref is not None and ref.anon and t.speakers[n] is None and n == 0 and called is not None \
                    and called not in near and called not in t.addressed:
                # '"Show a light, Toby." "Aha!" cried the same voice': the one just called answers
                t.speakers[n], t.rules[n] = called, "tag"
                t.stages[n] = "answers-call"
                continue
            owner = owners.get(ref.epithet) if ref is not None and owners and ref.epithet else None
            absent = conv[k - 1].absent if n == 0 and k > 0 and t.gap == 0 else None
            if ref is not None and ref.epithet and not ref.certain and t.speakers[n] is None and absent is not None \
                    and absent not in near and absent not in t.addressed and genders is not None \
                    and genders[absent] == _noun_gender(ref, genders) != UNKNOWN:
                # '"You get blinder every day, Bedwin," said Mr. Brownlow. "That I do, sir,"
                # replied the old lady': one called by a name the narration had not used lately
                # answers to a description of her sex: she is in the scene after all
                t.speakers[n], t.rules[n] = absent, "tag"
                t.stages[n] = "called"
                continue
            was, at = anchored.get(ref.epithet, (None, 0)) if ref is not None and ref.epithet \
                and not ref.certain else (None, 0)
            if was is not None and t.start - at <= _ANCHOR_SPAN and t.speakers[n] is None \
                    and was not in near and was not in t.addressed:
                # '"That I do, sir," replied the old lady' (Bedwin, just called by name) ... a few
                # turns on, '"God be good to me!" cried the old lady': the same one, while the
                # conversation lasts, though the narration has not named her
                t.speakers[n], t.rules[n] = was, "tag"
                t.stages[n] = "anchored"
                continue
            if ref is not None and ref.anon and t.speakers[n] is None and owner is not None \
                    and ref.epithet in booked and owner not in near and owner not in t.addressed:
                # "said the girl" a little after "a girl was waiting below", in a chapter (or a
                # book) whose "the girl" is one character: that one, not someone never named
                t.speakers[n], t.rules[n] = owner, "tag"
                t.stages[n] = "epithet-owner"
                continue
            if ref is not None and ref.anon and t.speakers[n] is None:
                # "replied the boy", "said one of the gentlemen": someone the story never names
                # speaks in a voice of their own, and no later rule gives the words to a character
                t.speakers[n], t.rules[n] = _ANON, "anon"
                continue
            if ref is None or ref.certain or not ref.cands or t.speakers[n] is not None:
                continue
            other = barred.get(ref.epithet) if barred and ref.epithet else None
            if other is not None and other in ref.cands and len(ref.cands) > 1:
                # "the young lady" in a chapter whose "girl" is Nancy: not Nancy
                ref = ref.without({other})
            head = _described_head(ref, t.heads[n] if n < len(t.heads) else (), owners, genders)
            if head is not None and head not in t.addressed:
                # '"Where is the boy?" said Fagin. ... The old man bit his yellow fingers, and
                # meditated. At length he raised his head. "Where is he?" he asked': the he goes
                # on from the description the chapter's tags give one character, nobody of its
                # sex named since
                t.speakers[n], t.rules[n] = head, "tag"
                t.stages[n] = "epithet-owner"
                continue
            if ref.pronoun and n < len(t.apart) and genders is not None:
                # "With one bound she crossed the floor and stood before Mrs. Rachel. 'I hate
                # you,' she cried": the she the narration goes on about is not Mrs. Rachel
                rest = ref.without(t.apart[n].get(genders[ref.cands[0]], ()))
                if rest.cands and rest.who != ref.who:
                    ref = rest
            if owner is None and owners and ref.epithet and " " not in ref.epithet:
                # "the gentleman" in a chapter whose "old gentleman" is one character: that one
                owner = _elder_owner(ref.epithet, owners)
            if owner is not None and owner not in near and owner not in t.addressed \
                    and not ref.kin and not (n == 0 and t.own_subject == ref.cands[0]) \
                    and not (n == 0 and called is not None and called in ref.cands[:4] and called not in near):
                # "said the girl", in a chapter that calls one character so: that one
                t.speakers[n], t.rules[n] = owner, "tag"
                t.stages[n] = "epithet-owner"
                continue
            if n == 0 and ref.generic and k > 0 and t.gap == 0 and conv[k - 1].speakers[-1] == ref.cands[0] \
                    and not [c for c in ref.recent if c != ref.cands[0]]:
                # '"What day is it?" asked Tom. "Sunday," replied the boy': the only one the
                # description could mean is the one it answers: someone the story does not name
                t.speakers[n], t.rules[n] = _ANON, "anon"
                continue
            last = conv[k - 1].speaker if n == 0 and k > 0 and t.gap == 0 else None
            spouse = dict(ref.kin_of).get(last) if last is not None else None
            if spouse is not None and spouse not in t.addressed:
                # '"...," said Mrs. Grey. "Nonsense," cried her husband': the husband of the one
                # who just spoke (not of another woman the narration named)
                t.speakers[n], t.rules[n] = spouse, "tag"
                t.stages[n] = "kin"
                continue
            if ref.kin or (n == 0 and t.own_subject == ref.cands[0]):
                # "cried her mother": the family's one Mrs., named or not; "The Queen frowned.
                # 'Go,' she said": the subject of the paragraph's own narration
                t.speakers[n], t.rules[n] = ref.cands[0], "tag"
                t.stages[n] = "kin" if ref.kin else "own-subject"
                continue
            if n == 0 and called is not None and called not in near and (
                    called in ref.cands[:4] or (genders is not None and not ref.generic and called not in ref.cands
                                                and genders[called] == genders[ref.cands[0]] != UNKNOWN)):
                t.speakers[n], t.rules[n] = called, "tag"  # "I am afraid, Mr. Darcy," ... "he replied"
                t.stages[n] = "called"
                continue
            if ref.other and n == 0 and k > 0 and conv[k - 1].speaker not in (None, _ANON):
                # '"Who are you?" said Tom. "A friend," replied the other': not Tom, but the one
                # he talks with (who spoke before him), of the description's candidates
                last = conv[k - 1].speaker
                before = next((s for c in reversed(conv[:k - 1]) for s in reversed(c.speakers)
                               if s not in (None, _ANON, last)), None)
                pick = before if before in ref.cands else next((c for c in ref.cands if c != last), None)
                if pick is not None:
                    t.speakers[n], t.rules[n] = pick, "tag"
                    t.stages[n] = "a-b-a" if pick == before else "passed-over"
                    continue
            if n and ref.pronoun and k > 0 and t.gap == 0 and own is not None and own not in ref.cands:
                # '"Those insects!" burst from William. ... she went on, "You could ..."': the
                # she is not the paragraph's named voice; the one who spoke before him, when
                # the pronoun may well mean her (A, B, A within a paragraph)
                a = conv[k - 1].speakers[-1]
                if a is not None and a != own and a in ref.cands[:2]:
                    t.speakers[n], t.rules[n] = a, "tag"
                    t.stages[n] = "a-b-a"
                    continue
            if n and ref.pronoun and own is not None and own in ref.cands[1:] and genders is not None \
                    and genders[own] == UNKNOWN and not _named_other(t, n, own):
                # '"Hush!" said the Rabbit. He looked over his shoulder, and whispered "..."': the
                # paragraph's named voice, whose sex the text has not told, is its he/she too,
                # rather than someone of the pronoun's sex named before it (not when the
                # sentence beside the quote has another named subject)
                t.speakers[n], t.rules[n] = own, "tag"
                t.stages[n] = "passed-over"
                continue
            if n == 0 and k >= 2 and t.gap == 0 and conv[k - 1].gap == 0:
                # A speaks, B answers, "he said": A again, when A is one of the two the pronoun
                # most likely means (the third, over two who acted since, was wrong more often).
                a, b = conv[k - 2].speaker, conv[k - 1].speaker
                if a is not None and b is not None and a != b and a in ref.cands[:2] and a not in near:
                    t.speakers[n], t.rules[n] = a, "tag"
                    t.stages[n] = "a-b-a"
                    continue
            # Turns alternate: not the speaker just before or after, if another candidate was
            # among the last three characters named; a monologue goes on otherwise.
            # "'Is it so?' cried Anna. 'It is,' said her sister": not Anna, named lately or not.
            # But after a turn whose paragraph goes on telling of its speaker at length ('"No,"
            # she said. She hummed a tune, and moved about the room ...'), that one may speak
            # again; and a he/she after a turn a he/she of its own gave its speaker, who is still
            # the pronoun's likeliest, is that one going on ('"Certainly." He read to her from the paper.
            # "What do you want to do?" he asked': no name between, the same he).
            passed = near - {conv[k - 1].speakers[-1]} if n == 0 and k > 0 and t.gap == 0 \
                and ((ref.pronoun and _pronoun_voiced(conv[k - 1])) or conv[k - 1].told_after >= _TOLD_AFTER) \
                else near
            if n:
                # '"No," said Kate. "I won't," she added': the named voice of the paragraph's
                # quote before is not passed over for the turns around it
                passed = passed - {t.speakers[m] for m in range(n) if t.rules[m] == "tag"
                                   and t.tags[m] is not None and t.tags[m].certain}
            pick = next((c for c in ref.cands if c not in passed and (c == ref.cands[0] or c in ref.recent
                                                                       or ref.sibling)), ref.cands[0])
            t.speakers[n], t.rules[n] = pick, "tag"
            t.stages[n] = "latest" if pick == ref.cands[0] else "passed-over"
    if conv:
        _anchor(conv[-1], anchored)


def _gives_own_name(t: _Turn, ref, genders: list[str] | None) -> int | None:
    """The one a description tag's turn says is speaking (``t.selves``: one only), when the
    tag is a description (not a name, not a he/she) whose noun is of no other sex."""
    if ref is None or ref.certain or ref.pronoun or len(t.selves) != 1:
        return None
    me = next(iter(t.selves))
    g = PERSON_NOUNS.get(ref.epithet.split()[-1]) if ref.epithet else None
    if g not in (None, UNKNOWN) and genders is not None and genders[me] not in (g, UNKNOWN):
        return None
    return me


def _self_named_epithets(convs: list[list[_Turn]], genders: list[str]) -> dict[str, list[tuple[int, int]]]:
    """The epithets of the chapter's description tags whose own turn gives the speaker's name
    (``_gives_own_name``): epithet -> [(who, where)]."""
    out: dict[str, list[tuple[int, int]]] = {}
    for conv in convs:
        for t in conv:
            if not t.selves:
                continue
            for ref in t.tags:
                me = _gives_own_name(t, ref, genders) if ref is not None and ref.epithet else None
                if me is not None:
                    out.setdefault(ref.epithet, []).append((me, t.start))
    return out


def _described_head(ref, heads, owners, genders) -> int | None:
    """The character a he/she tag goes on from when the narration before its quote last
    described someone of its sex by an epithet the chapter's tags give one character
    (``owners``: ``the old lady``, also after one more word, ``the poor old lady``) and named
    nobody of that sex after it (``heads``: ``turns._described_heads``)."""
    if not ref.pronoun or not heads or not owners or genders is None:
        return None
    g = genders[ref.cands[0]]
    if g == UNKNOWN:
        return None
    mine = [(tuple(e.split()), w) for e, w in owners.items() if e and genders[w] == g]
    if not mine:
        return None
    for words, after in reversed(heads):
        who = next((w for e, w in mine if words[:len(e)] == e or words[1:1 + len(e)] == e), None)
        if who is None:
            continue
        return None if any(genders[a] == g for a in after) else who
    return None


def _named_other(t: _Turn, n: int, who: int) -> bool:
    """Is the subject of the sentence beside quote ``n`` of ``t`` a name other than ``who``'s?"""
    a = t.qactors[n] if n < len(t.qactors) else None
    return a is not None and a.certain and a.who is not None and a.who != who


def _pronoun_voiced(t: _Turn) -> bool:
    """Did a he/she tag (not a name, not a description) give turn ``t`` its last voice?"""
    last = t.tags[-1] if t.tags else None
    return last is not None and last.pronoun and t.rules[-1] == "tag"


def _anchor(t: _Turn, anchored: dict) -> None:
    """Note the epithets a call gave their one in turn ``t`` (stage ``called``), and where."""
    for m, stage in t.stages.items():
        ref = t.tags[m] if m < len(t.tags) else None
        if stage == "called" and ref is not None and ref.epithet and t.speakers[m] is not None:
            anchored[ref.epithet] = (t.speakers[m], t.start)


def _local_rules(t: _Turn, conv: list[_Turn], k: int | None = None) -> None:
    """Rules 2-4: the paragraph's other quotes, a continued quotation, the paragraph's actor.
    ``k``: where ``t`` is in ``conv`` (found when not given)."""
    quotes = t.quotes
    for n in range(len(quotes)):
        if t.speakers[n] is None:
            # the nearest decided quote; of two as near, the one less narration stands apart
            # from ('"A," said Tom. "B." He went on at length ... "C," she said': B is Tom's)
            near = [t.speakers[m] for m in sorted(range(len(quotes)), key=lambda m: (
                        abs(m - n), sum(t.between[min(m, n) + 1:max(m, n) + 1]), -m))
                    if t.speakers[m] is not None]
            if near:
                t.speakers[n], t.rules[n] = near[0], "paragraph"
    if k is None:  # (by identity: comparing turns field by field is slow)
        k = next(i for i, c in enumerate(conv) if c is t)
    if t.continues and k > 0 and conv[k - 1].speakers[-1] is not None and t.speakers[0] is None:
        who = conv[k - 1].speakers[-1]
        t.speakers = [who if s is None else s for s in t.speakers]
        t.rules = ["continued" if r == "" else r for r in t.rules]
    if t.speaker is None:
        pair = []  # the two people talking lately: the last two distinct speakers before
        for c in reversed(conv[:k]):
            for w in reversed(c.speakers):
                if w is not None and w not in pair and len(pair) < 2:
                    pair.append(w)

        def ambiguous(a):
            # '"Go now." She left at once.': a pronoun acting after the words may be the speaker
            # or the one spoken to, when both of the two talking fit it; turn-taking decides then.
            # So may one of the two talking, by name, acting after a paragraph's one quote, a
            # statement said right after the turn before ('"I only came in for a cup of coffee."
            # Robert kept looking at the picture.': the listener as often as not).
            # And so does a he/she (or his/her) whose likeliest one is neither of the two talking
            # when the one whose turn it is fits it ('"Yes," said Tom, and Mary laughed. "Then let
            # us go." She rose.' after Anna's question: Anna, not Mary, whom the narration named last).
            if t.told_only and t.gap == 0 and len(pair) == 2 and a.certain and a.who in pair:
                return True
            if not a.certain and len(pair) == 2 and a.who not in pair and pair[1] in a.cands:
                return True
            return not a.certain and t.opens_with_quote and len(pair) == 2 and all(w in a.cands for w in pair)

        for n, a in enumerate(t.qactors):
            if a is not None and a.who is not None and ambiguous(a):
                t.late_actor = t.late_actor or a
            elif a is not None and a.who is not None:
                t.speakers[n], t.rules[n] = a.who, "actor"
        if t.speaker is None and t.actor is not None and t.actor.who is not None and ambiguous(t.actor):
            t.late_actor = t.late_actor or t.actor
        elif t.speaker is None and t.actor is not None and t.actor.who is not None:
            t.speakers = [t.actor.who] * len(quotes)
            t.rules = ["actor"] * len(quotes)
        elif t.speaker is not None:
            for n in range(len(quotes)):
                if t.speakers[n] is None:
                    t.speakers[n], t.rules[n] = t.speaker, "actor"
    if t.speaker is None and t.narrated is not None and t.narrated not in t.addressed \
            and t.narrated != t.vocative and not t.continues \
            and not (t.trailing and k > 0 and (conv[k - 1].speakers[-1] in (t.narrated, None)
                                               or conv[k - 1].vocative not in (None, t.narrated))):
        t.speakers = [t.narrated] * len(quotes)
        t.rules = ["narrated"] * len(quotes)


_NEAR_TURNS = 3  # turns either side: who speaks there is in the scene


def _address_kin(conv: list[_Turn], cast: _Cast) -> None:
    """A title and family name in address (``Miss Bennet``) said to someone who does not speak
    in the turns around means the one of that family who does, when there is one (Elizabeth
    Bennet, talking, rather than Jane, whom the cast calls so)."""
    for n, t in enumerate(conv):
        near = conv[max(0, n - _NEAR_TURNS):n + _NEAR_TURNS + 1]
        present = {s for c in near for s in c.speakers if s is not None}
        if t.vocative is None or t.vocative in present or not t.voc_words:
            continue
        kin = _family_member(cast, t.vocative, t.voc_words, lambda c: c in present and c != t.speaker)
        if kin is not None:
            t.vocative = kin


def _parent_calls(conv: list[_Turn], cast: _Cast) -> None:
    """``"There is a gentleman with him, mamma," said Kitty``: a turn whose speaker rules 1-4
    decided and whose words call a parent, naming nobody, is said to that parent (the one
    Mrs. or Mr. of the speaker's family; for a speaker the names give no family, the one
    Mrs. or Mr. named in the last 3,000 characters), who is likely to answer."""
    for t in conv:
        if t.parent_call is None or t.vocative is not None or t.speaker in (None, _ANON):
            continue
        lately = t.start - _PRESENT

        def here(c, lately=lately, start=t.start):
            return cast.salience.named_since(c, lately, start)

        parent = _parent_of(cast, t.speaker, t.parent_call, here)
        if parent is not None and parent not in t.speakers:
            t.vocative = parent


def _turn_taking(conv: list[_Turn]) -> None:
    """Rules 5 and 6: fill speakerless turns from their neighbours in the conversation."""
    changed = True
    while changed:
        changed = False
        _present_answer(conv)
        for n, t in enumerate(conv):
            if t.speaker is not None:
                continue
            who, rule = _from_neighbours(conv, n)
            if who is not None and who == t.obeyed_by:
                who = _other_of_two(conv, n, who)
            if who is not None and who not in t.addressed and who != t.vocative:
                t.speakers = [who] * len(t.quotes)
                t.rules = [rule] * len(t.quotes)
                changed = True


def _other_of_two(conv: list[_Turn], n: int, who: int) -> int | None:
    """'"Look at me." She obeyed.': the one turn ``n`` was said to (``who``) did not say it;
    the voice of the turn before (or after) that is not ``who`` did."""
    for m in (n - 1, n + 1):
        if 0 <= m < len(conv) and conv[m].speaker not in (None, who):
            return conv[m].speakers[-1 if m < n else 0]
    return None


def _present_answer(conv: list[_Turn]) -> None:
    """Someone addressed but not named lately is in the scene after all when they speak in the
    conversation: the address calls on them."""
    present = {s for c in conv for s in c.speakers}
    for t in conv:
        if t.absent is not None and t.absent in present:
            t.vocative, t.absent = t.absent, None


def _from_neighbours(conv: list[_Turn], n: int) -> tuple[int | None, str]:
    def sp(m):
        if not 0 <= m < len(conv) or conv[m].speaker is None:
            return None
        # the voice nearest to turn n speaks in its place: the last of a turn before, the first after
        return conv[m].speakers[-1 if m < n else 0]

    prev = conv[n - 1] if n > 0 else None
    t = conv[n]
    nxt = conv[n + 1] if n + 1 < len(conv) else None
    # One quotation over several paragraphs (a story told by a character) has one speaker,
    # whichever end of it is known.
    if prev is not None and t.continues and prev.speaker is not None:
        return prev.speakers[-1], "continued"
    if nxt is not None and nxt.continues and nxt.speaker is not None:
        return nxt.speakers[0], "continued"
    if prev is not None and t.after_silence and prev.speaker is not None and t.gesturer != prev.speaker:
        # "He made no answer.": nobody took the turn, so the last speaker goes on.
        return prev.speaker, "silence"
    if nxt is not None and nxt.after_silence and nxt.speaker is not None and nxt.gesturer != nxt.speaker:
        return nxt.speaker, "silence"  # the same, read backwards
    if prev is not None and t.reporter is not None and prev.speaker is not None and prev.speaker != t.reporter:
        # "Elizabeth assured her that it had not.": her answer is told, so the one she
        # answered speaks again.
        return prev.speaker, "reported"
    if prev is not None and t.inner and prev.inner and prev.speaker is not None:
        # Thoughts in the first person go on from the last turn (paragraphs of thought may
        # come between): so does the thinker.
        return prev.speaker, "thinker"
    if prev is not None and prev.vocative is not None and prev.vocative != prev.speaker and prev.speaker is not None:
        return prev.vocative, "vocative"
    a, b = sp(n - 2), sp(n - 1)
    if prev is not None and prev.reporter is not None and prev.reporter != b:
        a = prev.reporter  # a turn told in the narration before the last quote was the reporter's
    if a is not None and b is not None and (a != b or a == _ANON):
        return a, "turns"  # two turns of people the story does not name: one of them again
    a, b = sp(n + 2), sp(n + 1)
    if a is not None and b is not None and (a != b or a == _ANON):
        return a, "turns"
    nxt = conv[n + 1] if n + 1 < len(conv) else None
    # read backwards, the first name the next turn addresses is the one who spoke before it
    called = nxt.first_vocative if nxt is not None and nxt.first_vocative is not None else \
        nxt.vocative if nxt is not None else None
    if called is not None and nxt.speaker is not None and called != nxt.speaker:
        return called, "vocative"
    return None, ""


def _salient_fill(turns: list[_Turn], segs: list[Segment], sal: _Salience, convs) -> None:
    """Rule 7: the most recent character who is neither the last speaker nor addressed
    (the last speaker again, when nobody else is at hand); one who speaks elsewhere in the
    conversation comes before one only mentioned, even when the quote names that voice (but
    does not call it)."""
    voices = {}
    for conv in convs:
        known = {s for c in conv for s in c.speakers if s is not None}
        for c in conv:
            voices[id(c)] = known
    last = None
    for t in turns:
        if t.speaker is None:
            recent = sal.recent(segs[t.quotes[0]].start)
            known = voices.get(id(t), set())
            recent = [w for w in recent if w in known] + [w for w in recent if w not in known]
            if t.gap > LONG_NARRATION or t.scene:
                last = None  # a new conversation: the last speaker may well go on
            spoken_to = t.addressed | {t.vocative}
            pick = next((w for w in recent if w not in spoken_to and w != last), None)
            if t.vocative is not None and t.vocative in known and last in known and last != t.vocative \
                    and pick not in known:
                # the other voice of the talk goes on rather than someone only mentioned: she
                # speaks to the one who spoke with her
                pick = last
            if pick not in known:
                # a voice of the talk its words name without calling it ("Anna, this note says
                # Tom Reed, Esquire."), not the one called, rather than someone the talk has not
                # heard (a speaker reading out or telling her own name)
                pick = next((w for w in recent if w in known and w != last and w != t.vocative), pick)
            if pick is None:
                pick = next((w for w in recent if w not in spoken_to), None)
            if pick is not None:
                t.speakers = [pick] * len(t.quotes)
                t.rules = ["salient"] * len(t.quotes)
        last = t.speaker
