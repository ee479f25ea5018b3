"""Speech verbs: the words that make narration a speech tag (``said``, ``went on``), and the
adverbs that may stand beside them (``said softly``). Shared by discovery, the search for a
first-person narrator and the tag rules.
"""
from __future__ import annotations

import re

from .names import Token


SPEECH_VERBS = frozenset("""
said says say saying asked asks ask replied replies reply answered answers answer cried cries
shouted shouts whispered whispers murmured murmurs muttered mutters called calls added adds
continued continues exclaimed exclaims yelled yells screamed screams promised promises told
began begins declared declares insisted insists agreed agrees snapped snaps sighed sighs
laughed laughs breathed breathes gasped gasps growled growls hissed hisses groaned groans
demanded demands interrupted interrupts repeated repeats returned returns observed observes
remarked remarks rejoined rejoins protested protests admitted admits suggested suggests
explained explains responded responds retorted retorts pleaded pleads begged begs sobbed sobs
mumbled mumbles stammered stammers whimpered whimpers wondered wonders inquired inquires
enquired enquires warned warns urged urges offered offers thought thinks resumed resumes
ventured ventures persisted persists reiterated reiterates ejaculated remonstrated roared roars
shrieked shrieks bawled bellowed bellows wailed wails moaned moans purred purrs grumbled
grumbles chuckled chuckles giggled giggles scoffed scoffs teased teases joked jokes quipped
stuttered stutters sang sings read reads concluded concludes interposed observed went
addressed addresses accosted cautioned commanded commands ordered orders corrected corrects confessed confesses echoed
echoes whined whines sneered sneers smiled smiles grinned grins nodded nods spoke speaks
muttering murmuring whispering crying exclaiming shouting calling adding repeating panted pants
drawled drawls snarled snarls howled howls barked croaked piped squeaked simpered chirped hazarded
volunteered assented objected interjected expostulated queried conceded announced announces
proclaimed thundered grunted grunts snorted lisped faltered falters rebuked argued argues
countered entreated implored demurred commented comments
""".split())
# Verbs that take a particle in a tag: "went on", "broke in", "called out".
_PARTICLES = {"on", "in", "out", "up", "back"}
# Verbs that are speech only with "in": "broke in", "put in", "cut in", "chimed in".
_IN_VERBS = {"broke", "breaks", "put", "puts", "cut", "cuts", "chimed", "chimes"}
_ADVERB = re.compile(r"[a-z]+ly$")
_ADVERBS = {"again", "then", "now", "presently", "at", "last", "length", "once", "still", "too",
            "also", "suddenly", "quietly", "aloud", "thus"}


def _is_verb(toks: list[Token], j: int) -> int:
    """Tokens used by a speech verb at ``toks[j]`` (with a particle: "went on"), else 0."""
    if j < len(toks) and toks[j].low in _IN_VERBS:
        return 2 if j + 1 < len(toks) and toks[j + 1].low == "in" else 0  # "Kitty broke in."
    if j >= len(toks) or not toks[j].is_word or toks[j].low not in SPEECH_VERBS:
        return 0
    if toks[j].low == "went":
        return 2 if j + 1 < len(toks) and toks[j + 1].low in _PARTICLES else 0
    return 1


def _skip_adverbs(toks: list[Token], j: int, limit: int = 3) -> int:
    """The token after up to ``limit`` adverbs from ``toks[j]`` (``softly``, ``again``). A
    capitalised word ending in ``ly`` inside a sentence is a name, no adverb (``said Emily``,
    ``said Sally``); opening a sentence it may be either (``Slowly``)."""
    n = 0
    while j < len(toks) and n < limit and toks[j].is_word and (
            _ADVERB.match(toks[j].low) or toks[j].low in _ADVERBS) and toks[j].low not in SPEECH_VERBS \
            and not (toks[j].is_cap and j and toks[j - 1].is_word):
        j += 1
        n += 1
    return j


def _open_verb(toks: list[Token], j: int) -> int:
    """A verb of the past that no list of speech verbs has (``queried``, ``assented``,
    ``puffed``), or one with ``in`` (``put in``, ``broke in``, ``cut in``): tokens used, else 0.
    Only where a speech verb stands, right after a quote that does not end its sentence."""
    if j >= len(toks) or not toks[j].is_word or toks[j].is_cap:
        return 0
    w = toks[j].low
    if j + 1 < len(toks) and toks[j + 1].low == "in" and w in _BREAK_IN:
        return 2
    return 1 if len(w) > 4 and w.endswith("ed") and w not in _NOT_PARTICIPLES_TAG else 0


# right after a quote, also "struck in", "burst in", "joined in" (elsewhere they may mean entering)
_BREAK_IN = _IN_VERBS | {"struck", "burst", "joined"}
_NOT_PARTICIPLES_TAG = {"indeed", "hundred", "wicked", "naked", "beloved", "blessed", "learned", "aged"}
