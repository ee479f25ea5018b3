"""Shortcuts the attribution takes for speed answer exactly as the plain computation does."""
import re
from collections import Counter

from talecast.attribute import mentions, names, turns
from talecast.attribute.discover import _candidate_at, _name_starts, _named_post, _times_that_speak, _words_before
from talecast.attribute.names import MALE, NameIndex, tokens


def _plain_words_before(word, source):
    return Counter(m.group(1) for m in re.finditer(r"(\w+)[ \t]+" + re.escape(word) + r"\b", source))


def test_words_before_a_name_are_those_the_pattern_finds():
    text = ("said Nell Nell. And  Nell's cat\tNell_ Nell; \u00e9 Nell Nellie 3 Nell _ Nell. "
            "x-y Nell, Old\tNell (Nell) Nell\n Nell")
    for word in ("Nell", "Old", "Nellie", "cat", "y"):
        got, want = _words_before(word, text), _plain_words_before(word, text)
        assert got == want and list(got.items()) == list(want.items()), word
    assert _words_before("Nell", text)["said"] == 1


def _plain_intro(pattern, source, lo, at):
    return next((m for m in reversed(list(pattern.finditer(source, lo, at)))
                 if not mentions._in_quote(source, m.start())), None)


def test_the_last_introduction_is_the_one_the_whole_window_finds():
    text = ('A man came in; two tall, dark gentlemen followed. "I am a poor man," said one. '
            "Then one of the gentlemen sat down, and a very old, kind man (a stranger) spoke. "
            "Some men waited.\n\nAnother gentleman, a man, rose. A man5 and a man\u00e7 and a man_ came; "
            "a man\u00e9.\n\r\nA stranger.")
    for noun in ("man", "gentleman", "stranger"):
        plural = mentions._plural(noun)
        pattern = re.compile(mentions._INDEFINITE + r"(?:" + noun + r"|" + plural + r")\b")
        for lo in range(0, len(text), 7):
            for at in range(lo, len(text) + 1, 11):
                want = _plain_intro(pattern, text, lo, at)
                got = mentions._last_intro(pattern, text, lo, at, (noun, plural))
                assert (got and got.span()) == (want and want.span()), (noun, lo, at)


def test_names_in_no_tokens_read_at_an_offset_are_none():
    index = NameIndex()
    index.add(("Nell",), 0, 1)
    shifted = tokens("*  *  *", 500)
    assert shifted == ()
    assert index.found(shifted) == {}
    assert index.found(tokens("Nell ran.", 40)) == {0: ([0], 1)}


def test_tokens_read_at_an_offset_are_the_plain_ones_shifted():
    text = "Mr. Dodd's dog--\u201cYes,\u201d said Mrs. O\u2019Hara\u2019s aunt. Dr. No. \u00c9mile ran."
    plain = tokens(text)
    shifted = tokens(text, 1000)
    assert shifted == tuple(t._replace(start=t.start + 1000, end=t.end + 1000) for t in plain)
    assert all(type(t) is names.Token for t in shifted)


def test_the_narration_is_tokenized_once_where_it_stands(monkeypatch, tmp_path):
    """Discovery, the cast and the turns read a narration segment's tokens at its start in the
    whole text (one tuple, its names looked up once), never again at 0."""
    import sys
    from functools import lru_cache

    import talecast.attribute as attribution
    from talecast import model, read, segment

    asked = []
    real = names.tokens
    plain = real.__wrapped__

    @lru_cache(maxsize=None)
    def spy(text, base=0):
        asked.append((text, base))
        return plain(text, base)

    for mod in list(sys.modules.values()):
        if getattr(mod, "__name__", "").startswith("talecast") and getattr(mod, "tokens", None) is real:
            monkeypatch.setattr(mod, "tokens", spy)
    p = tmp_path / "story.txt"
    p.write_text("The Visit\n\nMr. Grey's nephew, Fred, came in the morning. Ann Grey rose.\n\n"
                 "\u201cGood morning, Fred,\u201d said Ann Grey.\n\n\u201cGood morning,\u201d said Fred. "
                 "He sat down by her.\n\n\u201cWill you stay?\u201d she asked. Fred smiled. (He would.)\n\n"
                 "\u201cI will,\u201d said Fred.\n", encoding="utf-8")
    sc = segment.segment(read.read(p))
    attribution.attribute(sc)
    narration = [s for s in sc.segments if s.kind == model.NARRATION and s.start]
    assert narration and all((s.text, s.start) in asked for s in narration)
    assert not [s.text for s in narration if (s.text, 0) in asked]


def _plain_named_post(source, noun):
    n = re.escape(noun)
    return re.search(r"\b[A-Z][a-z]+, (?:the|his|her|our) " + n + r"\b|\bthe " + n + r", [A-Z][a-z]+\b",
                     source) is not None


def test_a_named_post_is_what_the_one_search_finds():
    texts = ["Theodosia, the nursemaid, came.", "the coachman, Joseph, drove.", "xTom, the cook.",
             "\u00c9tom, the cook.", "TOM, the cook.", "Tom, the cook-maid.", "Tom, the cooks.",
             "the cook, JOE.", "the cook, Joe_", "scathe cook, Joe.", "Ann, our butler.", "Ann,  the butler.",
             "Tom, the maid and the cook, Jo", "the game-keeper, Will.", "Bob, his game-keeper's hut"]
    for text in texts + [" ".join(texts)]:
        for noun in ("nursemaid", "coachman", "cook", "butler", "game-keeper", "maid"):
            assert _named_post(text, noun) == _plain_named_post(text, noun), (text, noun)
    assert _named_post("Theodosia, the nursemaid, came.", "nursemaid")
    assert not _named_post("xTom, the cook.", "cook")


def test_silence_is_what_the_pattern_finds():
    for text in ("He made no answer.", "She SAID NOTHING", "He did not\nreply.", "no answers here",
                 "He was \u017filent.", "He was silent", "It was unspeakable.", "She did not speak",
                 "Nothing at all", "The reply came.", "\u00c9mile was silent.", ""):
        assert turns._silent(text) == bool(turns._SILENCE.search(text)), text


def test_a_paragraph_starts_after_the_last_blank_line_of_either_kind():
    text = 'a "b\n\r\nc "d\n\ne\r\n\r\n"f g\n\r\n\n h "'
    for at in range(len(text) + 1):
        span = text[max(text.rfind("\n\n", 0, at), text.rfind("\n\r\n", 0, at)) + 1:at]
        want = (span.count('"') + span.count("\u201c") + span.count("\u201d")) % 2 == 1
        assert mentions._in_quote(text, at) == want, at


def test_the_cycle_collector_is_paused_while_attributing_and_left_as_it_was(monkeypatch, tmp_path):
    import gc

    import talecast.attribute as attribution
    from talecast import read, segment

    seen = []
    real = attribution._attribute

    def spy(*args):
        seen.append(gc.isenabled())
        return real(*args)

    monkeypatch.setattr(attribution, "_attribute", spy)
    p = tmp_path / "story.txt"
    p.write_text("A Story\n\n\u201cHello,\u201d said Tom.\n\n\u201cHi,\u201d said Ann.\n", encoding="utf-8")
    sc = segment.segment(read.read(p))
    was = gc.isenabled()
    try:
        gc.enable()
        attribution.attribute(sc)
        assert gc.isenabled()
        gc.disable()
        attribution.attribute(sc)
        assert not gc.isenabled()
    finally:
        (gc.enable if was else gc.disable)()
    assert seen == [False, False]


def test_what_attribution_keeps_joins_the_oldest_generation(tmp_path):
    """With the collector on, the objects the rules made and keep are moved to the oldest
    generation as it comes back on: no collection of the young generation is owed for them
    (its count of new objects starts again near 0), nothing is left frozen; a caller's own
    frozen objects stay frozen."""
    import gc

    import talecast.attribute as attribution
    from talecast import read, segment

    p = tmp_path / "story.txt"
    p.write_text("A Story\n\n" + "\u201cHello,\u201d said Tom. He sat down by the fire.\n\n" * 400,
                 encoding="utf-8")
    sc = segment.segment(read.read(p))
    was = gc.isenabled()
    try:
        gc.enable()
        young = gc.get_stats()[0]["collections"]
        out, _chars = attribution.attribute(sc)
        assert gc.isenabled() and gc.get_freeze_count() == 0
        assert gc.get_stats()[0]["collections"] == young  # (none set off by them)
        assert any(o is out for o in gc.get_objects(2))
        kept = [[n] for n in range(50)]
        gc.freeze()
        frozen = gc.get_freeze_count()
        attribution.attribute(sc)
        assert gc.get_freeze_count() == frozen  # (not thawed)
        gc.unfreeze()
        assert kept
    finally:
        gc.unfreeze()
        (gc.enable if was else gc.disable)()


def test_calls_in_address_are_those_the_patterns_find():
    texts = ["Yes, sir.", "Yes, SIR!", "Yes, \u017fir.", "No, Ma'am,", "Oh, ma\u2019am.", "Come, my dear,",
             "My Lord, here.", "Aunt!", "yes, Papa.", "Dearest, come.", "Good night, Mamma.", "I sirred him.",
             "Nothing to call here.", "A lady came, Sir", "sir", "\u00c9tienne, madam?", "Kind, uncle\u2014",
             "the boy, child; darling.", "My love!", "Mother-", "The father's boy.", ""]
    for text in texts:
        want = turns._gender_called(text, turns._ADDRESS_WORD, turns._ADDRESS_WORDS)
        assert turns._addressed_gender(text) == want, text
        plain = frozenset(" ".join(m.group(1).lower().split())
                          for m in turns._CALLS.finditer(text.replace("\u2019", "'")))
        assert turns._address_forms([((), [])], [text]) == plain, text
    assert turns._address_forms([((), [])], ["Yes, \u017fir."]) == {"\u017fir"}  # (the long s: searched)
    assert turns._addressed_gender("Nothing to call here.") is None
    assert turns._addressed_gender("Yes, \u017fir.") == MALE  # (the long s: case-folded, not a KeyError)


def test_kept_silence_is_what_the_pattern_finds():
    for text in ("She did not answer.", "He REMAINED SILENT", "She only looked at him", "he made no\nreply",
                 "He was \u017filent.", "He kept silent", "She answered at once.", "Only then did he go",
                 "He did not protest", "nothing", "She said nothing more.", "He was silent", ""):
        toks = tokens(text)
        want = bool(turns._KEPT_SILENT.search(" ".join(t.text for t in toks)))
        assert turns._kept_silent(toks) == want, text


def test_a_sentence_that_names_nobody_is_read_as_the_whole_rule_reads_it(tmp_path):
    """``clues._apart_nameless`` (a sentence without names) against ``clues._apart_sentence``."""
    from talecast import read, segment
    from talecast.attribute import Character, clues
    from talecast.attribute.cast import _Cast

    p = tmp_path / "story.txt"
    p.write_text("A Test Story\n\nTom and Mary came.\n", encoding="utf-8")
    sc = segment.segment(read.read(p))
    cast = _Cast([Character("Tom", (), MALE), Character("Mary", (), names.FEMALE)], sc, given=True)
    sentences = ["The old man bit his fingers", "She looked at him, and the woman smiled",
                 "With one bound she crossed the floor", "When he came in, a stranger rose", "A boy ran",
                 "He was the man", "They said the", "the", "", "he", "She, the lady, said it", "\u201cThe boy,\u201d he said",
                 "It was a fine day and the sun shone", "He said that the girl had gone", "the Man came"]
    starts = [{}, {names.MALE: {0}}, {names.FEMALE: {1}}, {names.MALE: {0}, names.FEMALE: {1}}]
    for text in sentences:
        toks = tokens(text)
        found = cast.index.found(toks)
        assert not found, text
        for start in starts:
            plain = {g: set(w) for g, w in start.items()}
            clues._apart_sentence(toks, 0, len(toks), cast, plain, found)
            fast = {g: set(w) for g, w in start.items()}
            clues._apart_nameless(toks, 0, len(toks), fast)
            assert fast == plain, (text, start)
    # a sentence with a name is read by the whole rule: the chains of both kinds of sentence
    narr = [tokens("The old man sat down. Tom looked at Mary. She smiled at Tom. A woman came in.")]
    assert clues._apart(narr, cast) == {}
    assert clues._apart([tokens("She smiled at Tom.")], cast) == {names.FEMALE: {0}}


def test_discovery_reads_candidates_only_where_a_name_may_start():
    text = ("But the man said, The Jew ran. And Mr. Brown and But-Tom. Brown ran but fell; the Brown cat, "
            "and I, van Dyke, De Griers, von. The end of the story: Will, will; Madame. the. the \u00c9mile "
            "Christmas came, and Sunday said so. \u201cThe\u201d said Mars Tom the Mr Grey, de trop, a madame, the mars")
    lower = Counter(w for w in names.lower_words(text) if len(w) >= 2)
    toks = tokens(text)
    starts = set(_name_starts(toks, lower))
    for k, t in enumerate(toks):
        if t.text in names.SENTENCE_END:
            assert k in starts
        elif k not in starts:  # a capitalised common word
            assert _candidate_at(toks, k, lower) == ((), 0, None), t.text
        if t.text == "the" and not (k + 1 < len(toks) and toks[k + 1].is_cap and toks[k + 1].is_word):
            assert _candidate_at(toks, k, lower) == ((), 0, None), k  # skipped in ``discover``
    assert {toks[k].text for k in starts} >= {"Jew", "Mr", "Brown", "van", "De", "Madame", "Mars", "\u00c9mile"}
    assert "But" not in {toks[k].text for k in starts} and "I" not in {toks[k].text for k in starts}
    import importlib
    discover = importlib.import_module("talecast.attribute.discover")
    for word in ("I", "I'll", "I\u2019m", "I've", "I'd", "I's", "Ive", "It", "Id", "I'mm", "i"):  # (the whole words only)
        assert (word in discover._FIRST_PERSON_WORDS) == bool(discover._FIRST_PERSON.match(word)), word
        assert (word in discover._FIRST_PERSON_WORDS) <= (_candidate_at(tokens(word + " ran"), 0, Counter()) == ((), 0, None))


def test_days_that_speak_are_found_in_the_narration_that_writes_them(tmp_path):
    from talecast import read, segment
    p = tmp_path / "story.txt"
    p.write_text("A Test Story\n\n\u201cCome,\u201d said Sunday. It was Monday.\n\n\u201cNo,\u201d said "
                 "Thursday.\n\n\u201cYes,\u201d Sunday's voice said, and Sunday answered.\n", encoding="utf-8")
    sc = segment.segment(read.read(p))
    assert _times_that_speak(sc) == frozenset({"Sunday"})


_ACTORS = ("A Test Story\n\n"
           "Tom and Mary sat in the kitchen. Ann came in.\n\n"
           "\u201cIt is late,\u201d said Tom. Mary looked at the clock.\n\n"
           "Mary rose. \u201cThen go,\u201d said Mary, and Tom frowned. \u201cGo now.\u201d\n\n"
           "\u201cI will not.\u201d Tom folded his arms.\n\n"
           "Ann laughed. \u201cYou two!\u201d she said. Mary sat down again.\n\n"
           "\u201cWell,\u201d Tom began. Ann smiled at him. \u201cWell what?\u201d\n\n"
           "\u201cNothing,\u201d said Mary.\n\n"
           "Tom stood up and went to the door. \u201cGood night,\u201d said Tom.\n")


def test_no_rule_reads_the_actor_beside_a_quote_a_name_tags(tmp_path, monkeypatch):
    """``turns._decided_by_name``: the actor beside a quote a name tags, the he/she chains after
    it and the actor of a turn whose every quote a name tags are not looked for; the attribution
    (speakers, rules, runner-up, every piece of evidence) is what it is when they are."""
    from talecast import read, segment
    import talecast.attribute as attribution
    from talecast.attribute import attribute

    p = tmp_path / "story.txt"
    p.write_text(_ACTORS, encoding="utf-8")
    seen = []
    real = turns._collect_turns

    def spy(*args):
        out = real(*args)
        seen.extend(out)
        return out

    monkeypatch.setattr(attribution, "_collect_turns", spy)

    def run():
        evidence = {}
        sc, chars = attribute(segment.segment(read.read(p)), evidence=evidence)
        return [(s.speaker, s.rule, s.confidence, s.guess, s.runner_up) for s in sc.segments], chars, evidence

    fast = run()
    skipped = [(t.quotes[n], t.tags[n].who) for t in seen for n in range(len(t.quotes))
               if n < len(t.tags) and turns._decided_by_name(t.tags[n])]
    assert len(skipped) >= 3
    assert all(t.qactors[n] is None for t in seen for n in range(len(t.quotes)) if turns._decided_by_name(t.tags[n]))
    seen.clear()
    monkeypatch.setattr(turns, "_decided_by_name", lambda ref: False)
    plain = run()
    assert any(a is not None for t in seen for n, a in enumerate(t.qactors)
               if t.tags[n] is not None and t.tags[n].certain)  # the plain rule found actors there
    assert any(t.actor is not None for t in seen if all(r is not None and r.certain for r in t.tags))
    assert fast == plain


def test_the_last_named_tag_before_each_turn_is_the_one_the_walk_back_finds():
    """``rerank.last_named`` (one pass over a conversation) against the walk back from each turn."""
    import random
    from types import SimpleNamespace

    from talecast.attribute import rerank

    def walk(conv, k):
        return next((s for j in range(k - 1, -1, -1) for s, r, tr in
                     reversed(list(zip(conv[j].speakers, conv[j].rules, conv[j].tags)))
                     if r == "tag" and tr is not None and tr.certain), None)

    rng = random.Random(5)
    tag = [None, SimpleNamespace(certain=True), SimpleNamespace(certain=False)]
    for _ in range(300):
        conv = []
        for _k in range(rng.randrange(0, 8)):
            n = rng.randrange(1, 4)
            conv.append(SimpleNamespace(speakers=[rng.choice([None, 0, 1, 2]) for _ in range(n)],
                                        rules=[rng.choice(["tag", "paragraph", "conv", ""]) for _ in range(n)],
                                        tags=[rng.choice(tag) for _ in range(rng.randrange(0, n + 1))]))
        assert rerank.last_named(conv) == [walk(conv, k) for k in range(len(conv))]



_TALK = ('The Tea\n\n"Good morning, papa," said Anna.\n\n"Good morning, my dear," said Tom.\n\n'
         '"Is the tea ready, sir?" asked Bill.\n\n"Not yet, Bill," said Tom to him.\n\n"Yes, papa."\n\n'
         '"Then I shall wait."\n\nThe old man bit his fingers. Tom looked at Bill, and he said nothing.\n\n'
         '"Oh, mamma, do come!" cried Anna. Mrs. Grey came in.\n\n"Yes, sir."\n\n"No, ma\'am."\n\n'
         '"Well, papa?" she said, turning to Tom.\n\n"Certainly, my dear."\n\nAnna assured him that it had not. '
         'She sat down.\n\n"Yes, sir," he said. Bill looked at Tom.\n\n"And you, Anna?"\n\n"I, papa? No."\n')


def _attribute_talk(tmp_path):
    import talecast.attribute as attribution
    from talecast import read, segment
    p = tmp_path / "talk.txt"
    p.write_text(_TALK, encoding="utf-8")
    evidence = {}
    sc, chars = attribution.attribute(segment.segment(read.read(p)), evidence=evidence)
    return list(sc.segments), [c.name for c in chars], evidence


def test_the_conversation_path_shares_only_links_that_do_not_read_the_voice_before(monkeypatch, tmp_path):
    # link(k, a, b, b) and link(k, a, b, a) are made once per b unless the turn calls its listener
    # "sir" or "papa" (then they read a): paths and scores as each state's own links give them
    import talecast.attribute as attribution
    from talecast.attribute import conversation

    real = conversation._conversation_path

    def run(share):
        seen = []

        def spy(conv, cast, sal, fixed, scores=None, before=(None, None)):
            path = real(conv, cast, sal, fixed, scores, before)
            seen.append((path, None if scores is None else [dict(s) for s in scores]))
            return path

        monkeypatch.setattr(conversation, "_SHARE_LINKS", share)
        monkeypatch.setattr(attribution, "_conversation_path", spy)
        return seen, _attribute_talk(tmp_path)

    shared, plain = run(True), run(False)
    assert any(len(s) > 2 for _path, scores in shared[0] for s in scores or ())
    assert shared == plain


def _plain_listener(narr, cast, sal):
    from talecast.attribute.clues import _TURNING, _ADVERB, _is_verb, _prefer
    from talecast.attribute.verbs import SPEECH_VERBS
    for toks in narr:
        for k in range(1, len(toks) - 1):
            if toks[k].low != "to":
                continue
            j = k - 1
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


def _plain_apart(narr, cast, start=None):
    from talecast.attribute.clues import _apart_nameless, _apart_sentence
    from talecast.attribute.names import SENTENCE_END
    out = {g: set(w) for g, w in (start or {}).items()}
    for toks in narr:
        names = cast.index.found(toks)
        at = list(names)
        a = s0 = 0
        while s0 < len(toks):
            e = s0
            while e < len(toks) and toks[e].text not in SENTENCE_END:
                e += 1
            while a < len(at) and at[a] < s0:
                a += 1
            if a < len(at) and at[a] < e:
                _apart_sentence(toks, s0, e, cast, out, names)
            else:
                _apart_nameless(toks, s0, e, out)
            s0 = e + 1
    return out



def test_the_chains_skip_only_sentences_that_cannot_open_one(tmp_path):
    """``clues._apart`` reads a sentence only when a chain is open or it holds a he/she (no chain
    open: names and descriptions only end chains); the plain fold reads every sentence."""
    from talecast import read, segment
    from talecast.attribute import Character, clues
    from talecast.attribute.cast import _Cast

    p = tmp_path / "story.txt"
    p.write_text("A Test Story\n\nTom and Mary came.\n", encoding="utf-8")
    sc = segment.segment(read.read(p))
    cast = _Cast([Character("Tom", (), MALE), Character("Mary", (), names.FEMALE)], sc, given=True)
    texts = ["Tom looked at Mary. The old man sat down. She smiled at Tom.",
             "Mary rose. Tom went out.", "Tom looked at Mary; and then he left her.",
             "When Tom came in, she looked at him. Mary sighed.", "A woman came in. He saw Mary.",
             "Tom, she said, was gone. Then Mary and Tom walked on", "He", "Tom", ""]
    starts = [None, {}, {MALE: {1}}, {names.FEMALE: {0}}, {MALE: {1}, names.FEMALE: {0}}]
    for text in texts:
        for start in starts:
            narr = [tokens(text), tokens("Mary nodded. The boy ran.")]
            assert clues._apart(narr, cast, start) == _plain_apart(narr, cast, start), (text, start)
    # no chain open and no he/she: nothing starts one, whatever the names
    assert clues._apart([tokens("Tom looked at Mary. Mary rose.")], cast) == {}
    # the boundary: a he/she opens a chain (the sentence is read), an open chain is ended by a name
    assert clues._apart([tokens("Tom sat. She looked at Tom.")], cast) == {names.FEMALE: {0}}
    assert clues._apart([tokens("Mary looked at Tom.")], cast, {names.FEMALE: {0}}) == {}

def test_the_turns_clues_read_as_the_plain_loops_do(monkeypatch, tmp_path):
    # _listener finds each "to" at C speed; _apart skips narration that names nobody while no
    # chain is open; _reporter reads only narration holding a word that reports speech
    from talecast.attribute import clues, turns as turns_mod
    calls = Counter()
    real_listener, real_apart, real_reporter = turns_mod._listener, turns_mod._apart, turns_mod._reporter

    def listener(narr, cast, sal):
        got = real_listener(narr, cast, sal)
        assert got == _plain_listener(narr, cast, sal)
        calls["listener", got is not None] += 1
        return got

    def apart(narr, cast, start=None):
        got = real_apart(narr, cast, start)
        assert got == _plain_apart(narr, cast, start)
        calls["apart", bool(got), bool(start)] += 1
        return got

    def reporter(toks, cast, sal):
        got = real_reporter(toks, cast, sal)
        assert got == clues._reporter_plain(toks, cast, sal)
        calls["reporter", got is not None] += 1
        return got

    monkeypatch.setattr(turns_mod, "_listener", listener)
    monkeypatch.setattr(turns_mod, "_apart", apart)
    monkeypatch.setattr(turns_mod, "_reporter", reporter)
    _attribute_talk(tmp_path)
    assert calls["listener", True] and calls["listener", False]
    assert calls["apart", True, False] and calls["apart", False, False]
    assert calls["reporter", True]


def test_the_sentence_that_reports_speech_is_the_one_the_walk_back_finds(tmp_path):
    """``clues._reporter`` (the last reporting word found at C speed, then its sentence) against
    ``clues._reporter_plain`` (sentence by sentence from the end), on narration with reporting
    words in several sentences, denied ones, runs of sentence ends and no end at all."""
    from talecast import read, segment
    from talecast.attribute import Character, clues
    from talecast.attribute.cast import _Cast

    p = tmp_path / "story.txt"
    p.write_text("A Test Story\n\nTom and Mary came.\n", encoding="utf-8")
    sc = segment.segment(read.read(p))
    cast = _Cast([Character("Tom", (), MALE), Character("Mary", (), names.FEMALE)], sc, given=True)
    texts = ["Tom assured her that it had not. Mary sat down.",
             "Mary sat down. Tom assured her that it had not.",
             "Tom told her. Mary made no reply. She looked away",
             "Mary made no reply.", "He opened his mouth to reply", "Tom replied?! Mary nodded.",
             "Tom replied. Mary replied", "Tom replied", "replied Tom. .", "Mary smiled. She sighed.",
             "Tom walked in. She informed him of it, and he thanked her. The door shut.", "", "."]
    seen = Counter()
    for text in texts:
        toks = tokens(text)
        got = clues._reporter(toks, cast, cast.salience)
        assert got == clues._reporter_plain(toks, cast, cast.salience), text
        seen[got] += 1
    assert seen[0] and seen[1] and seen[None]  # (Tom, Mary and nobody each found)


def test_the_words_that_report_speech_are_those_the_plain_test_reads():
    from talecast.attribute import clues
    from talecast.attribute.verbs import SPEECH_VERBS
    words = set(SPEECH_VERBS) | clues._REPORTS | clues._GESTURES | clues._TOLD | {"walked", "red", "the"}
    for w in words:
        plain = w in clues._REPORTS or (w in SPEECH_VERBS and w not in clues._GESTURES
                                        and (w.endswith("ed") or w in clues._TOLD))
        assert (w in clues._REPORTING) == plain, w


def _plain_youth(alts, source):
    return [m.span() + m.groups() for m in re.finditer(r"\b(little|young|Master)\s+(" + alts + r")\b", source)]


def test_the_young_are_those_the_plain_pattern_finds():
    text = ("little Tom, young  Tom and Master Tom Bates; xlittle Tom, _young Tom, \u00e9Master Tom, 3young Tom, "
            "little\nBates, Master Bates Tom, ayoung Master Bates, young Master Bates. little Tommy young\tTom"
            "\u00e9 Master Bates_ (young Tom) little Tom-Tom")
    for alts in ("Tom Bates|Tom|Bates", "Bates|Tom", "Master Bates|Tom"):
        for lo in range(0, len(text), 5):
            got = [m.span() + m.groups() for m in mentions._youth_pattern(alts).finditer(text[lo:])]
            assert got == _plain_youth(alts, text[lo:]), (alts, lo)
    assert len(_plain_youth("Tom Bates|Tom|Bates", text)) >= 8


def _plain_tokens(text, base=0):
    """``names.tokens`` as it read every token before it told words from marks first."""
    out, skip_period = [], False
    for m in names._TOKEN.finditer(text):
        t = m.group()
        if skip_period and t == ".":
            skip_period = False
            continue
        low, first = t.lower(), t[0]
        cap = first.isupper()
        skip_period = cap and low in names._ABBREVIATED
        if len(t) > 2 and t[-1] in "sS" and t[-2] in "'\u2019":
            t, low = t[:-2], low[:-2]
        start = m.start() + base
        out.append(names.Token(t, start, start + len(t), low, first.isalpha(), cap))
    return tuple(out)


def test_tokens_tell_words_from_marks_as_the_plain_reading_does():
    text = ("\u201cMr. Brown's cat,\u201d said Mrs. Grey. \u00c9mile's; ST. JAMES'S -- DR. Kemp\u2019S "
            "\u00d7Abc's \u00f7x \u00d7 A. Mr.\u00e9 Mr. . Messrs. Hall's end\u2014Colonel. \"Is, 's x's "
            "O'Brien-Smith's Mr Mr. Dr.. said I.")
    for base in (0, 7):
        got = tokens(text, base)
        assert got == _plain_tokens(text, base)
        assert [type(v) for t in got for v in t] == [type(v) for t in _plain_tokens(text, base) for v in t]
    assert [t.text for t in tokens("Mr. Brown's \u00d7Ab's")] == ["Mr", "Brown", "\u00d7Ab"]


def test_words_in_lower_case_and_marked_places_are_read_as_the_plain_reading_does():
    # a word in lower-case ASCII is read as the plain reading does wherever it ends: a possessive, a
    # hyphen or an apostrophe before another letter, a letter beyond ASCII, a closing apostrophe; the
    # marked places noted as tokens are made
    text = ("the cat's x's s 's abc' don't well-known o'clock's aÉ abc-Édouard ab\u2019s ab\u2019 bé "
            "ends-'s and-- a--b Mr.the said: mr. Mr's. the Van de la \u00e9a xS's cat'S aa's's nay. ")
    for base in (0, 3):
        for lo in range(0, len(text), 3):
            got = tokens(text[lo:], base)
            assert got == _plain_tokens(text[lo:], base), lo
            assert [type(v) for t in got for v in t] == [type(v) for t in _plain_tokens(text[lo:], base) for v in t]
            assert names.marked(got) == [i for i, t in enumerate(got) if t.is_cap or t.low in names._MARKED]
            assert names.marked(list(got)) == names.marked(got)


def test_a_token_text_is_read_once_wherever_it_stands():
    # ``tokens`` works out what a token's text makes of it once per distinct text (``_READ``): the
    # same text before a period, after a period dropped, with a possessive, at any offset, reads as
    # the plain reading does, cold (nothing read yet) and warm (every text read before)
    text = ("Mr. Mr Mr's Mr. . the The the's THE. Dr.. DR. dr. cat. cat's Cat'S \u00d7A \u00c9mile. "
            "Mrs.\u201cMrs\u201d -- -- \u2014 Messrs. MESSRS. st. St. St.")
    for warm in (False, True):
        if not warm:
            names._READ.clear()
        for base in (0, 11):
            for lo in range(0, len(text), 2):
                got = names.tokens.__wrapped__(text[lo:], base)
                plain = _plain_tokens(text[lo:], base)
                assert got == plain, (warm, lo)
                assert [type(v) for t in got for v in t] == [type(v) for t in plain for v in t]
    assert names._READ["Mr"] == ("Mr", 2, "mr", True, True, True, True)  # its period goes
    assert names._READ["Cat'S"] == ("Cat", 3, "cat", True, True, True, False)
    assert names._READ["the"][5] and not names._READ["cat"][5]  # marked: a determiner, not a noun
    assert names._READ["Mr's"][6] is False  # (a possessive's title keeps a period after it)
    assert set(names._READ) == {m.group() for lo in range(0, len(text), 2) for m in names._TOKEN.finditer(text[lo:])}


def test_lower_case_words_are_those_the_plain_pattern_finds():
    text = ("the cat's Abc abc_d 3abc \u00e9abc abc\u00e9 x ab'' ’ab o'clock don’t _ab a.b a-b "
            "A1b aB ab1 ab")
    for lo in range(len(text)):
        assert names._LOWER_WORD.findall(text[lo:]) == re.findall(r"\b[a-z][a-z'’]*\b", text[lo:]), lo


def test_two_capitalised_words_are_those_the_plain_pattern_finds():
    from talecast.attribute.cast import _CAPITAL_PAIR
    text = ("Elizabeth Bennet and Mr. Bennet. xElizabeth Bennet, _Jane Bennet 3Kitty Bennet \u00e9Lydia Bennet "
            "\u00c9mile Zola Mary\tBennet\nKing Lear Ann  Bennetx Ann Bennet_ A Bennet Tom Jones Smith")
    plain = re.compile(r"\b([A-Z][a-z]+)(?=[ \t\r\n]+([A-Z][a-z]+)\b)")
    assert [m.span() + m.groups() for m in _CAPITAL_PAIR.finditer(text)] == \
        [m.span() + m.groups() for m in plain.finditer(text)]
    assert ("Elizabeth", "Bennet") in [m.groups() for m in _CAPITAL_PAIR.finditer(text)]


def test_marked_tokens_hold_every_place_a_name_may_start_or_a_sentence_end():
    import importlib
    from talecast.attribute import merge
    discover = importlib.import_module("talecast.attribute.discover")  # (the package's ``discover`` is the function)
    assert merge._PARTICLES <= names._MARKED and discover._THE_OR_END <= names._MARKED
    from talecast.attribute import record  # (the salience record reads its openers and sentence ends there)
    assert record._OPENERS <= names._MARKED and names.SENTENCE_END <= names._MARKED
    text = ("But the man said, The Jew ran. And Mr. Brown and But-Tom. Brown ran but fell; the Brown cat, "
            "and I, van Dyke, De Griers, von. The end! Her Sister, her sister? Will, will; the Queen "
            "\u00c9mile de la Tour, an Owl, his Grace. Oh, della Robbia said.")
    lower = Counter(w for w in names.lower_words(text) if len(w) >= 2)
    toks = tokens(text)
    assert names.marked(toks) is names.marked(toks)  # (read once per tuple)
    assert names.marked(list(toks)) == names.marked(toks)
    plain = [i for i, (text_, _s, _e, low, _w, cap) in enumerate(toks)
             if text_ in discover._THE_OR_END or low in merge._PARTICLES or (cap and (low not in lower
                                                                                   or low in names.HONORIFICS)
                                                                             and not discover._FIRST_PERSON.match(text_))]
    assert discover._name_starts(toks, lower) == plain
    index = NameIndex(common=frozenset({"will"}))
    for who, name in enumerate(["The Jew", "Her Sister", "Will", "Tom", "De Griers", "Mr. Brown", "Sister"]):
        index.add(names.name_key(name), who, 3)
    index.add(("de", "la", "Tour"), 7, 3)
    index.add(("an", "Owl"), 8, 3)
    want = {}
    for i in range(len(toks)):
        ids, n = index.match(toks, i)
        if n:
            want[i] = (ids, n)
    assert index.found(toks) == want and len(want) >= 6
    assert index.found(list(toks)) == want


def test_names_after_a_determiner_are_those_match_finds_at_every_token():
    # ``found`` skips a determiner whose next word no key goes on with (and which is no key alone)
    # without asking ``match``; ``match`` reads the key as it was read (its words, in lower case
    # after a determiner): the same characters ``candidates`` gives for the key's own texts
    text = ("the old man, The Jew. THE JEW said the Jew's the. the The Artful Dodger, the artful dodger "
            "and the Artful. The the Jew; an Owl an owl, a Owl. Her Sister, her sister! The end. the")
    toks = tokens(text)
    for keys in ((["The Jew", "The Artful Dodger", "An Owl", "Her Sister"]),
                 (["The", "The Jew", "Tom"]), (["Jew"]), (["The Artful Dodger", "Artful"])):
        index = NameIndex()
        for who, name in enumerate(keys):
            index.add(names.name_key(name), who, 3)
        want = {}
        for i in range(len(toks)):
            ids, n = index.match(toks, i)
            if n:
                want[i] = (ids, n)
                assert ids == index.candidates(tuple(t.text for t in toks[i:i + n])), (keys, i)
        assert index.found(tokens(text)) == want, keys
        assert index.found(list(toks)) == want
        # once ``found`` has read the tuple, ``match`` answers from it: the same, in lists of its own
        assert {i: index.match(toks, i) for i in range(len(toks)) if index.match(toks, i)[1]} == want
        for i in want:
            index.match(toks, i)[0].append(99)
        assert index.found(toks) == want and all(99 not in ids for ids, _n in index.found(toks).values())
    assert len(want) >= 3 and any(toks[i].low == "the" for i in want)


def test_a_name_first_written_where_the_plain_search_finds_it():
    import importlib
    discover = importlib.import_module("talecast.attribute.discover")
    text = ("xTom Tom's -Tom Tom- 'Tom Tom_ 3Tom \u00e9Tom Tom. Mr. Tom Hall, Mr. Tom Hall; Dr. Kemp Dr.Kemp "
            "O'Hara O'Hara's Tom")
    for name in ("Tom", "Mr. Tom Hall", "Dr. Kemp", "O'Hara", "Hall", "Kemp", "Tom Tom", "Nobody", "x"):
        want = re.search(r"(?<![\w'-])" + re.escape(name) + r"(?![\w'-])", text)
        got = discover._first_written(name, text)
        assert (got and got.start()) == (want and want.start()), name
        for lo in range(len(text)):  # wherever the text starts
            want = re.search(r"(?<![\w'-])" + re.escape(name) + r"(?![\w'-])", text[lo:])
            got = discover._first_written(name, text[lo:])
            assert (got and got.span()) == (want and want.span()), (name, lo)
    assert discover._first_written("Tom", text).start() == text.index("Tom.")
def test_those_named_lately_are_the_ones_named_since_answers_for():
    """``mentions._named_lately`` (one slice of the record) against ``named_since`` asked for each
    character: mentions at one offset, mentions added out of order (a tag's speaker), windows
    that reach past the last ``_NAMED_SPAN`` mentions and before the first."""
    import random

    from talecast.attribute.salience import _Salience

    rng = random.Random(7)
    for _ in range(40):
        sal = _Salience()
        off = 0
        for _k in range(rng.randrange(0, 700)):
            off += rng.choice([0, 0, 1, 5, 30, 200])
            at = off if rng.random() < 0.9 else max(0, off - rng.randrange(0, 400))
            who = rng.randrange(0, 3) if rng.random() < 0.97 else rng.randrange(3, 12)  # (some seldom named)
            sal.add(at, who, rng.random() < 0.5)
        for _q in range(60):
            end = rng.randrange(0, off + 50)
            start = end - rng.choice([0, 10, 300, 5000, 20000, 10 ** 6])
            got = mentions._named_lately(sal, start, end)
            assert got == {w for w in range(12) if sal.named_since(w, start, end)}, (start, end)
    assert mentions._NAMED_SPAN == 200


def test_the_three_named_last_in_the_scene_are_those_the_plain_reading_finds():
    """``mentions._recent_of`` (the run of mentions ``_named_lately`` reads) against
    ``_recent_of_plain`` (``recent(at, 3)`` less those not named in the scene), on random
    records: mentions at one offset, added out of order, scenes of one to twelve people, with
    and without a gender."""
    import random
    from types import SimpleNamespace

    from talecast.attribute.salience import _Salience

    rng = random.Random(11)
    cast = SimpleNamespace(gender=[rng.choice([MALE, names.FEMALE, names.UNKNOWN]) for _ in range(12)])
    seen = Counter()
    for _ in range(40):
        sal = _Salience()
        off = 0
        people = rng.choice([1, 2, 3, 5, 12])
        for _k in range(rng.randrange(0, 700)):
            off += rng.choice([0, 0, 1, 5, 30, 200, 900])
            at = off if rng.random() < 0.9 else max(0, off - rng.randrange(0, 400))
            who = rng.randrange(0, people) if rng.random() < 0.97 else rng.randrange(0, 12)
            sal.add(at, who, rng.random() < 0.5)
        for _q in range(60):
            at = rng.randrange(0, off + 50)
            for gender in (None, MALE, names.FEMALE):
                got = mentions._recent_of(cast, sal, at, gender)
                assert got == mentions._recent_of_plain(cast, sal, at, gender), (at, gender)
                seen[len(got)] += 1
    assert all(seen[n] for n in range(4))


def test_a_pronoun_resolved_again_is_answered_as_before_until_a_mention_is_added(tmp_path):
    """``mentions._resolve`` keeps its answers while the record gains no mention: the same
    answer as ``_resolve_now`` each time, in a list of its own; a mention added is read."""
    from talecast import read, segment

    p = tmp_path / "story.txt"
    p.write_text("The Walk\n\nTom met Anna. Mary came in, and Bill sat down.\n\n\u201cHello,\u201d she said.\n",
                 encoding="utf-8")
    from talecast.attribute.cast import Character, _Cast
    chars = [Character("Tom", (), MALE), Character("Anna", (), names.FEMALE), Character("Mary", (), names.FEMALE),
             Character("Bill", (), MALE)]
    cast = _Cast(chars, segment.segment(read.read(p)))
    sal = cast.salience
    for at, who in ((10, 0), (20, 1), (30, 2)):
        sal.add(at, who)
    for gender, exclude in ((None, set()), (None, {2}), (names.FEMALE, set()), (MALE, {0})):
        first = mentions._resolve(cast, sal, 40, gender, exclude)
        assert first == mentions._resolve_now(cast, sal, 40, gender, exclude)
        first.append(99)  # (a list of its own)
        assert mentions._resolve(cast, sal, 40, gender, exclude) == mentions._resolve_now(cast, sal, 40, gender,
                                                                                          exclude)
    before = mentions._resolve(cast, sal, 40, None, set())
    sal.add(35, 3)
    assert mentions._resolve(cast, sal, 40, None, set()) == mentions._resolve_now(cast, sal, 40, None, set())
    assert mentions._resolve(cast, sal, 40, None, set()) != before


def test_a_turns_speaker_is_the_one_its_quotes_name_most():
    """``_Turn.speaker`` (one quote read as it stands) against the count of its quotes' speakers."""
    def plain(speakers):
        known = [s for s in speakers if s is not None]
        return max(known, key=known.count) if known else None

    for speakers in ([None], [3], [0], [None, 2], [2, 1, 1], [1, 2], [None, None], [4, 4, 2, 2, 5]):
        t = turns._Turn(0, list(range(len(speakers))), list(speakers), [""] * len(speakers), set(), None, 0,
                        False, False)
        assert t.speaker == plain(speakers), speakers


def test_a_mention_is_made_with_every_field_of_the_dataclass():
    """``mentions._Ref``'s own ``__init__`` takes the dataclass's fields, in order, with their
    defaults, and keeps them as a frozen dataclass does (equality, hash, ``replace``)."""
    import dataclasses
    import inspect

    params = list(inspect.signature(mentions._Ref.__init__).parameters.values())[1:]
    fields = dataclasses.fields(mentions._Ref)
    assert [p.name for p in params] == [f.name for f in fields]
    assert [p.default for p in params] == [inspect.Parameter.empty if f.default is dataclasses.MISSING else f.default
                                           for f in fields]
    ref = mentions._Ref((2, 1), False, (3,), pronoun=True, epithet="old man")
    assert vars(ref) == {"cands": (2, 1), "certain": False, "recent": (3,), "kin": False, "sibling": False,
                         "anon": False, "generic": False, "epithet": "old man", "other": False, "kin_of": (),
                         "pronoun": True}
    assert ref == mentions._Ref((2, 1), False, (3,), pronoun=True, epithet="old man") and ref.who == 2
    assert hash(ref) == hash(dataclasses.replace(ref)) and ref.without({2}).cands == (1,)
    try:
        ref.cands = ()
    except dataclasses.FrozenInstanceError:
        pass
    else:
        raise AssertionError("a mention is frozen")


def test_calls_split_in_two_find_what_the_plain_patterns_find():
    """``turns._split_call``: the match at the start, then the search that skips to a mark (or
    the ``d`` of ``dear``), find the same calls, at the same places, as the plain patterns."""
    texts = ["Yes, sir.", "Yes, SIR!", "Yes, \u017fir.", "No, Ma'am,", "Oh, ma'am.", "Come, my dear,", "My Lord, here.",
             "Aunt!", "yes, Papa.", "Dearest, come.", "Good night, Mamma.", "I sirred him.", "dear sir", "Dear Sir!",
             "DEAR MADAM.", "xdear sir,", "_dear sir,", "2dear sir.", "d dear aunt", "ddear uncle!", "Oh, Pa", "pa",
             "Ma\n", "sir\n", ", sir\n\n", "\u017fir", "\u2014papa\u2014", "- Mamma -", "Oh mamma, yes",
             "o, my dearest mother!", "DEAR\tsir ;", "sir, sir, madam, dear aunt. Papa!", "mamma, dear papa",
             "Mother-", "The father's boy.", "the boy, child; darling.", "My love!", "", "dear", ", dear"]
    for plain, split in ((turns._ADDRESS_WORD, turns._ADDRESS_WORD_SPLIT), (turns._PARENT_CALL, turns._PARENT_CALL_SPLIT),
                         (turns._CALLS, turns._CALLS_SPLIT)):
        for text in texts:
            want = [(m.start(), m.end(), m.group(1)) for m in plain.finditer(text)]
            assert [(m.start(), m.end(), m.group(1)) for m in turns._calls(split, text)] == want, (plain.pattern, text)
    assert turns._parent_called("Oh, mamma, do come!") == "female" and turns._addressed_gender("Dear sir,") == MALE


def test_a_quote_decided_is_the_segment_replace_makes():
    """``attribute._with_decision`` copies the segment's fields and sets the changed ones:
    the Segment ``dataclasses.replace`` makes (every field an ``__init__`` field)."""
    import dataclasses
    from talecast.attribute import _with_decision
    from talecast.model import Segment

    assert all(f.init for f in dataclasses.fields(Segment))
    seg = Segment(chapter=2, kind="dialogue", text="Yes, sir.", start=10, end=19, paragraph=4, style="thought",
                  speaker="Tom", confidence=0.2)
    for changes in ({}, {"speaker": None, "rule": "tag", "confidence": 0.75, "guess": "Ann", "runner_up": "Tom"},
                    {"speaker": "Ann", "rule": "conv+second", "confidence": 0.5, "guess": "Ann", "runner_up": None}):
        want, got = dataclasses.replace(seg, **changes), _with_decision(seg, **changes)
        assert got == want and repr(got) == repr(want) and hash(got) == hash(want)
        assert list(vars(got).items()) == list(vars(want).items()) and type(got) is Segment
    try:
        got.speaker = "Bill"
    except dataclasses.FrozenInstanceError:
        pass
    else:
        raise AssertionError("a segment is frozen")


def test_the_nearest_anchor_is_the_one_the_walk_finds():
    import random
    from talecast.attribute import _nearest

    rng = random.Random(3)
    for _ in range(3000):
        anchors, k = sorted(rng.sample(range(40), rng.randrange(0, 9))), rng.randrange(0, 40)
        assert _nearest(anchors, k) == min((abs(k - j) for j in anchors), default=None), (anchors, k)


def test_the_second_opinion_sums_its_weights_as_the_plain_sum_does(monkeypatch):
    import math
    import random
    from talecast.attribute import rerank

    rng = random.Random(4)
    names = [f"f{i}" for i in range(40)]
    for _ in range(200):
        feats = sorted(set(rng.sample(names, rng.randrange(0, 30))))
        weights = {f: rng.uniform(-3, 3) / 7 for f in rng.sample(names, 25)}
        monkeypatch.setattr(rerank, "features", lambda ev, feats=feats: feats)
        z = sum(weights.get(f, 0.0) for f in feats)
        assert rerank.probability({}, weights) == 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def _plain_recent(sal, before, limit=40, subjects_first=False):
    import bisect
    from itertools import islice
    i = bisect.bisect_left(sal.events, (before,))
    lo = max(0, i - 600)
    seen = list(islice(dict.fromkeys(reversed(sal.whos[lo:i])), limit))
    if not subjects_first:
        return seen
    lead, met = [], set()
    for x in range(i - 1, lo - 1, -1):
        if len(met) >= 6 or len(met) >= limit:
            break
        _, who, subj = sal.events[x]
        if subj and who not in lead:
            lead.append(who)
        met.add(who)
    return lead + [w for w in seen if w not in lead]


def test_the_characters_named_last_are_those_the_plain_walk_reads():
    # ``recent`` keeps its answers while mentions are only added at the end and reads the subjects
    # with the latest mention of the sixth character met; the plain walk reads event by event
    import random
    from talecast.attribute.salience import _Salience
    rng = random.Random(21)
    asked = 0
    for _ in range(60):
        sal = _Salience()
        people, at = rng.choice([2, 3, 7, 30]), 0
        for _ in range(rng.choice([40, 700])):
            if rng.random() < 0.85:
                at += rng.randint(0, 25)
                sal.add(at, rng.randrange(people), rng.random() < 0.4)
            else:  # a tag's speaker counted at its quote, before the narration already read
                sal.add(rng.randint(0, at), rng.randrange(people), rng.random() < 0.4)
            if rng.random() < 0.03:  # a subject found afterwards (``record._topic_of_thing_sentences``)
                m = rng.randrange(len(sal.events))
                sal.events[m] = (*sal.events[m][:2], True)
            for _ in range(rng.randint(0, 2)):
                before = rng.choice([at + 1, rng.randint(0, at + 30)])
                limit, first = rng.choice([1, 2, 3, 4, 6, 12, 40]), rng.random() < 0.5
                assert sal.recent(before, limit, first) == _plain_recent(sal, before, limit, first)
                asked += 1
    assert asked > 1000


def test_a_confidence_kept_is_the_one_its_features_sum_to(monkeypatch):
    import itertools
    import math
    from talecast.attribute import confidence as conf

    def plain(ev, model):
        if ev["who"] is None:
            return 0.0
        z = sum(model.get(f, 0.0) for f in conf.features(ev))
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    evs = []
    for rule, tag, cands, margin, stage, source in itertools.product(
            ("tag", "paragraph", "actor"), ("named", "pronoun"), (None, 1, 2, 5), (None, -0.5, 0.5, 2.0, 4.0, 9.0),
            ("", "latest", None), ("", "named", None)):
        evs.append({"who": 1, "rule": rule, "tag": tag, "cands": cands, "margin": margin, "stage": stage,
                    "source": source, "given": margin == 2.0, "rank": cands, "named": stage == "latest",
                    "voices": cands, "chlines": cands and cands * 4, "near": tag == "named",
                    "described": rule == "actor", "calls": [3] if source else []})
    evs.append({"who": None, "rule": "tag"})
    for ev in evs + evs:
        assert conf.confidence(ev) == plain(ev, conf._MODEL)
    other = {f: 0.25 for f in conf._MODEL}  # another model in its place: its own sums
    monkeypatch.setattr(conf, "_MODEL", other)
    for ev in evs:
        assert conf.confidence(ev) == plain(ev, other)


def test_a_titled_family_name_found_where_the_plain_search_finds_it():
    from talecast.attribute.discover import _titled_written
    text = ("xDoctor Vane, Doctor  Vane's, Doctor\nVanes -Doctor Vane _Doctor Vane 3Doctor Vane "
            "\u00e9Doctor Vane Doctor Vane_ Doctor Vane. Doctors Vane Doctor Doctor Vane")
    for title, fam in (("Doctor", "Vane"), ("Doctor", "Vanes"), ("Captain", "Vane"), ("Doctor", "Doctor")):
        for lo in range(len(text)):  # wherever the text starts
            want = re.search(r"\b" + title + r"\s+" + re.escape(fam) + r"\b", text[lo:])
            got = _titled_written(title, fam, text[lo:])
            assert (got and (got.span(), got.group(0))) == (want and (want.span(), want.group(0))), (title, fam, lo)
    assert _titled_written("Doctor", "Vane", text).start() == text.index("Doctor  Vane")  # (not "xDoctor")


def test_a_segment_with_a_kin_noun_token_passes_the_kin_word_test():
    from talecast.attribute.discover import _KIN_NOUNS, _has_kin_word
    texts = ["Tom's SON, Will, came.", "His wife's Brother-in-law left.", "Ann's Niece\u2019s dog",
             "Tom's sonnet, a poem,", "Tom's dog, Rex, barked.", "\u00c9mile's fa-ther", ""]
    for text in texts:
        has_token = any(t.low in _KIN_NOUNS for t in tokens(text))
        assert _has_kin_word(text) >= has_token, text  # (never skips a segment with a kin noun)
        assert _has_kin_word(text) == bool(re.search("|".join(_KIN_NOUNS), text, re.I)), text
    assert _has_kin_word("Tom's SON, Will, came.") and not _has_kin_word("Tom's dog, Rex, barked.")


def _tie_texts():
    import random
    pieces = ["Bunting", "the", "vicar", "Vicar", "O'Hara", "x-Ray", "\u00c9mile", "van", "_A", "3B", "eDward",
              " ", "  ", "\n", "\t", ".", ",", ";", "!", "-", "'", "he", "The", "coachman", "game-keeper",
              "doctor", "housemaid", "nodded", "the-", "t", "T", "breathe", "\u2019", "them", "Tom the", "the vicar",
              "Ann the\n", "the coachman", "the doctor nodded", " the maid"]
    rng = random.Random(7)
    yield ("went to Bunting the vicar. Saw Tom  the\ncoachman , and O'Hara-Smith the game-keeper! "
           "The detective nodded; the doctor said, breathe the housemaid. the the. The the vicar.")
    for _ in range(400):
        yield "".join(rng.choice(pieces) + rng.choice(["", " ", " ", "  "]) for _ in range(rng.randrange(1, 30)))


def test_the_post_pattern_finds_what_it_found_opening_on_the_capital():
    from talecast.attribute.discover import _POST_ENDS, _ROLE_NOUNS, _THE_POST, _TITLE_ROLES
    plain = re.compile(r"[Tt]he (" + "|".join(sorted(_ROLE_NOUNS | _TITLE_ROLES)) + r"|[a-z-]+(?:"
                       + "|".join(_POST_ENDS) + r"))\b(?:\s+([a-z]+))?")
    hits = 0
    for text in _tie_texts():
        want = [(m.start(), m.end(), m.groups()) for m in plain.finditer(text)]
        assert [(m.start() - 1, m.end(), m.groups()) for m in _THE_POST.finditer(text)] == want, text
        hits += len(want)
    assert hits > 50


def test_common_compound_needs_a_hyphen():
    from talecast.attribute.discover import _common_compound
    lower = Counter({"good": 3, "night": 2, "bye": 1})
    assert _common_compound("good-night", lower) and _common_compound("good\u2010bye", lower)
    assert not _common_compound("goodnight", lower) and not _common_compound("good-morrow", lower)


def test_capital_pairs_are_the_matches_of_the_pair_pattern():
    import random
    from talecast.attribute.cast import _CAPITAL_PAIR, _capital_pairs
    pieces = ["Ann", "Tom", "Grey", "Greys", "GreyX", "Grey's", "grey", "McGrey", "O'Grey", "_Ann", "3Tom", "\u00c9mile",
              "x", "Ann-Tom", " ", "  ", "\t", "\n", "\r\n", ",", ".", "'", "Mr.", "Tom Grey", "Ann Grey", "A", "Bo"]
    rng = random.Random(11)
    texts = ["Tom Grey and Ann  Grey met Mr. Grey; x Tom Grey, Greys Grey's \u00c9mile Grey _Ann Grey"]
    texts += ["".join(rng.choice(pieces) + rng.choice(["", " ", " "]) for _ in range(rng.randrange(1, 40)))
              for _ in range(500)]
    hits = 0
    for families in ({"Grey"}, {"Grey", "Tom", "O'Grey"}, {"Bo", "Ann", "Greys"}, set()):
        for text in texts:
            want = Counter(m.groups() for m in _CAPITAL_PAIR.finditer(text) if m.group(2) in families)
            assert _capital_pairs(text, families) == want, (families, text)
            hits += sum(want.values())
    assert hits > 200
    assert _capital_pairs("Tom Grey and Ann\tGrey, Tom Grey.", {"Grey"}) == Counter({("Tom", "Grey"): 2, ("Ann", "Grey"): 1})


def _plain_noun_tags(text, noun, named=True):
    for m in re.finditer(re.escape(noun), text):
        s, e = m.start(), m.end()
        if (s and text[s - 1].isalpha()) or (e < len(text) and text[e].isalpha()):
            continue
        the = mentions._THE_BEFORE.search(text, max(0, s - 60), s)
        if the is None or (not named and mentions._NAME_AFTER.match(text, e)):
            continue
        after = mentions._WORD_AFTER.match(text, e)
        if the.group(1) in mentions.SPEECH_VERBS or (after is not None and after.group(1) in mentions.SPEECH_VERBS):
            yield s


def test_noun_tags_skip_only_where_the_plain_search_finds_no_the():
    import random
    pieces = ["said", "the", "The", "old", "vicar", "vicars", "Vicar", "replied", "bathe", "(the", "the-", "x-y",
              "Syme", "\u00e9", "a", " ", "  ", "\n", "\t", ",", ".", '"', "said the", "the vicar", "the tall old"]
    rng = random.Random(5)
    texts = ['"Go," said the vicar. The old vicar replied. "No," the tall old vicar said. said the vicar Syme']
    texts += ["".join(rng.choice(pieces) + rng.choice(["", " ", " "]) for _ in range(rng.randrange(1, 60)))
              for _ in range(600)]
    hits = 0
    for text in texts:
        for named in (True, False):
            want = list(_plain_noun_tags(text, "vicar", named))
            assert list(mentions.noun_tags(text, "vicar", named)) == want, text
            hits += len(want)
    assert hits > 100


def _plain_runner_up(who, ref, conv, k, sal, start):
    cands = list(ref.cands[:3]) if ref is not None and not ref.certain else []
    for j in (k - 1, k + 1, k - 2, k + 2):
        if 0 <= j < len(conv):
            cands += [s for s in conv[j].speakers if s is not None]
    found = next((c for c in cands if c != who and c != turns._ANON), None)
    if found is None:
        found = next((c for c in sal.recent(start, 4) if c != who and c != turns._ANON), None)
    return found


def _plain_runner_source(who, ref, conv, k, sal, start):
    cands = [(c, "tag") for c in ref.cands[:3]] if ref is not None and not ref.certain else []
    for j, nm in ((k - 1, "prev"), (k + 1, "next"), (k - 2, "prev2"), (k + 2, "next2")):
        if 0 <= j < len(conv):
            cands += [(s, nm) for s in conv[j].speakers if s is not None]
    found = next((nm for c, nm in cands if c != who and c != turns._ANON), None)
    if found is None:
        found = next(("salient" for c in sal.recent(start, 4) if c != who and c != turns._ANON), None)
    return found


def test_the_runner_up_and_its_source_are_the_two_plain_walks():
    from types import SimpleNamespace as NS
    from talecast.attribute import _runner
    anon = turns._ANON
    conv = [NS(speakers=sp) for sp in ([1], [None, 2], [anon], [3, 3], [1], [None], [4])]
    refs = [None, NS(certain=True, cands=[5]), NS(certain=False, cands=[1, anon, 5, 6]),
            NS(certain=False, cands=[1]), NS(certain=False, cands=[])]
    for recent in ([], [1], [anon, 1, 7], [7, 8, 9, 10, 11]):
        sal = NS(recent=lambda start, limit, r=recent: r[:limit])
        for k in range(len(conv)):
            for who in (None, anon, 1, 2, 3, 4, 5, 7):
                for ref in refs:
                    for c, j in ((conv, k), (conv[k:k + 1], 0)):  # (the whole talk; the turn alone)
                        want = (_plain_runner_up(who, ref, c, j, sal, 0), _plain_runner_source(who, ref, c, j, sal, 0))
                        assert _runner(who, ref, c, j, sal, 0) == want, (recent, k, who, ref)
    # each source met: a tag's other reading, a neighbour after, the one named last, none at all
    one = [NS(speakers=[1])]
    assert _runner(1, NS(certain=False, cands=[1, 2]), conv, 0, sal, 0) == (2, "tag")
    assert _runner(1, None, conv, 0, sal, 0) == (2, "next")
    assert _runner(1, None, one, 0, NS(recent=lambda s, n: [1, 9]), 0) == (9, "salient")
    assert _runner(1, None, one, 0, NS(recent=lambda s, n: [1, anon]), 0) == (None, None)


def test_a_turns_first_and_last_known_voice_are_the_plain_lists_ends():
    from types import SimpleNamespace as NS
    from talecast.attribute.rerank import _spk
    for sp in ([], [None], [None, None], [1], [None, 2], [2, None], [1, None, 3], [turns._ANON, 4, None]):
        known = [s for s in sp if s is not None]
        for last in (False, True):
            assert _spk(NS(speakers=sp), last) == ((known[-1] if last else known[0]) if known else None), (sp, last)
    assert _spk(NS(speakers=[None, 5, 6, None]), True) == 6 and _spk(NS(speakers=[None, 5, 6, None]), False) == 5
