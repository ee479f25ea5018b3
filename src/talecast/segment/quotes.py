"""Quotes in a paragraph: which marks open and close speech, and which quoted words are speech.

Quotation marks are classified by what flanks them (like Markdown's emphasis
rules): a mark after space and before a letter opens, a mark after a letter or
punctuation and before space closes.

- The story's primary style is decided once, from the marks it uses: double
  quotes (``"…"``, ``“…”``) or single quotes (``'…'``, ``‘…’``, British
  editions). Marks of the other style are nested quotations and stay inside.
- In the single style, a mark between letters is an apostrophe (``y'know``);
  an opening-looking mark with no closing mark after it is an elision
  (``'Kay``, ``'em``); a closing-looking mark after a letter that is followed by
  another closing mark is a possessive (``the dogs' bowls``).
- A closing mark with no opening mark recovers backwards to the start of the
  speech; an opening mark with no closing mark runs on to the next paragraph
  when that one opens with a mark (a quotation over several paragraphs),
  otherwise it stops at a speech frame (``, he said``) or the paragraph's end.
- A paragraph that starts with a dash (``— Where are you going?``) is
  dialogue, its speech frames (``he said sternly.``) narration.
- Quoted words inside narration (scare quotes) stay narration: a quotation is
  speech when its words end in punctuation, stand alone as a paragraph, sit in
  a speech frame (also after a semicolon or a dash: ``"No"; said Anna``, ``"No"--said
  Anna``; or a sentence's opening words that ``was Anna's short reply``), run to eight
  words or more, are broken off by a dash (or end in a space where a text lost its dashes:
  ``"I suppose I have " she hesitated``), are broken into by narration that they go on
  after in lower case (``"It is not" Anna began "quite that."``), or are long and
  followed by a full stop. Written words stay narration too, whatever their
  punctuation: what a sign or card reads, a name something bears, a title
  (``the sign read: "Fresh Bread."``, ``a plate bearing the name "Dr. Crane."``),
  and up to three words right after an article (``supper at the "Red Lion."``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..words import SENTENCE_END

OPEN, CLOSE, EITHER = "open", "close", "either"
DOUBLE, SINGLE = "double", "single"
_MARKS = {DOUBLE: re.compile(r"[\"“”„«»]"), SINGLE: re.compile(r"['‘’‚‹›]")}
_WORD = re.compile(r"\w", re.UNICODE)
_FANFIC_BREAK = r"(?:oOo|OoO|xXx|XxX|o0o|0o0)"
_BREAK = re.compile(rf"\s*(?:[^\w\s]\s*){{3,}}$|\s*[*#§⁂]\s*$"
                    rf"|\s*[^\w\s]*\s*{_FANFIC_BREAK}(?:\s*[^\w\s]*\s*{_FANFIC_BREAK})*\s*[^\w\s]*\s*$")
_SENTENCE_END = SENTENCE_END
_SPEECH_END = tuple(".,!?;:…-—–")
SPEECH_VERBS = (
    "said|says|say|asked|asks|ask|replied|replies|answered|cried|shouted|whispered|murmured|"
    "muttered|called|added|continued|exclaimed|yelled|screamed|promised|told|tells|began|"
    "declared|insisted|agreed|snapped|sighed|laughed|breathed|gasped|growled|hissed|groaned|"
    "demanded|interrupted|repeated|returned|observed|remarked|rejoined|protested|admitted|"
    "suggested|explained|responded|retorted|went on|pleaded|begged|sobbed|mumbled|stammered|"
    "whimpered|wondered|inquired|enquired|nodded|grinned|smiled|sneered|warned|urged|offered|"
    "interposed|resumed|rebuked|ejaculated|pursued|persisted|ventured|faltered"
)
_SUBJECT = r"(?:(?-i:[A-Z][\w.'’-]*)|he|she|they|I|we|you|it)(?:\s+(?-i:[A-Z][\w'’-]*))?"
# After the closing mark, a speech frame: '"No," said Anna', '"No"; said Anna', '"No"--said Anna',
# '"But " the General began'.
_FRAME_AFTER = re.compile(
    rf"^[\s,;]*(?:--|[—–])?\s*(?:(?:{_SUBJECT}|(?:the|his|her)\s+(?-i:[A-Z]\w*))\s+(?:\w+ly\s+)?(?:{SPEECH_VERBS})"
    rf"|(?:{SPEECH_VERBS})\s+(?:(?:the|a|an|his|her|my|our|their|its)\s+\w+|(?-i:[A-Z]\w*)|he|she|they|I|we)"
    rf")\b",
    re.IGNORECASE,
)
# ... or, after words opening their sentence, what they were: '"I believe you" was Marilla's
# short comment.' (not 'The word "maybe" was his favourite answer.')
_COMMENT_AFTER = re.compile(
    r"^\s*was\s+(?:(?-i:[A-Z][\w'’-]*)['’]s|his|her|their)\s+(?:\w+\s+){0,2}?"
    r"(?:answer|reply|comment|response|retort|remark|rejoinder)\b", re.IGNORECASE)
_FRAME_BEFORE = re.compile(rf"(?:\b(?:{SPEECH_VERBS})\b[^.!?\"“”]{{0,30}}[,:]|:)\s*$", re.IGNORECASE)
# '"It is not that" Anna tried to explain "it is the place."': words the narration breaks into,
# going on in lower case after it, are one spoken sentence.
_BROKEN_INTO = re.compile(r"^[^.!?\"“”\n]{1,60}[\"“]\s*[a-z]")
# Inside an unclosed quotation or a dash-led line: "…, he said." ends the speech.
_INNER_FRAME = re.compile(
    rf"(?<=[,.!?…;])\s+(?=(?:(?:he|she|they|I|we|[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?)\s+(?:\w+ly\s+)?"
    rf"(?:{SPEECH_VERBS})|(?:{SPEECH_VERBS})\s+(?:he|she|they|I|we|[A-Z][\w'’-]+))\b)"
)
_FRAME_END = re.compile(r"[.!?…:;,]\s+|[.!?…]$|\s[—–]\s*")
_THIRD_PERSON = re.compile(r"\b(?:he|she|his|her|him|hers|they|them|their)\b", re.IGNORECASE)
_DASH_LINE = re.compile(r"(?:[—―–]|--(?!-))\s*(?=[^\W\d_a-z]|[¿¡])")
MAX_CHARS = 400  # longer narration is split at sentence ends (pyttsx3 grows bytes quadratically)


@dataclass(frozen=True)
class Quote:
    start: int          # the opening mark (or where the speech starts when it is missing)
    end: int            # just past the closing mark (or the paragraph end)
    content: tuple[int, int]
    speech: bool


# --- quotation style -----------------------------------------------------------

_DOUBLE_STRONG = re.compile(r"[.,!?;…—–-][\"”»](?=\s|$)", re.M)
_SINGLE_STRONG = re.compile(r"[.,!?;…—–-]['’›](?=\s|$)", re.M)


def quote_style(text: str, start: int = 0, end: int | None = None) -> str:
    """``single`` when single quotation marks are the story's primary style, else ``double``.

    Speech nearly always ends in punctuation right before its closing mark: the
    style whose closing marks follow punctuation more often wins."""
    end = len(text) if end is None else end
    doubles = len(_DOUBLE_STRONG.findall(text, start, end))
    singles = len(_SINGLE_STRONG.findall(text, start, end))
    return SINGLE if singles > doubles else DOUBLE


# --- quotation marks -----------------------------------------------------------

def _mark_kind(text: str, i: int, lo: int, hi: int, style: str = DOUBLE) -> str | None:
    """OPEN, CLOSE, EITHER, or None for an apostrophe."""
    ch = text[i]
    prev = text[i - 1] if i > lo else " "
    nxt = text[i + 1] if i + 1 < hi else " "
    if ch in "“„«‹”»›":
        # a curly mark means what it looks like, unless what flanks it clearly says
        # otherwise (German „…“, Swedish ”…”, a typo)
        left = prev.isspace() or prev in "([{—–-/"
        right = nxt.isspace() or nxt in ".,;:!?)]}—–-"
        if ch in "“«‹":
            return CLOSE if right and not left and ch == "“" else OPEN
        if ch in "”»›":
            return OPEN if left and not right and ch == "”" else CLOSE
        return OPEN  # „
    if ch == "‘":
        return OPEN if not nxt.isspace() else EITHER
    prev_open = prev.isspace() or prev in "([{—–-/\"“"
    next_open = nxt.isspace() or nxt in ".,;:!?)]}—–-\"”"
    if style == SINGLE and (prev.isalnum() and nxt.isalnum()):
        return None  # y'know, don't
    if prev_open and not next_open:
        return OPEN
    if next_open and not prev_open:
        return CLOSE
    return EITHER


def find_quotes(text: str, lo: int, hi: int, style: str = DOUBLE, continued: bool = False) -> list[Quote]:
    """Quotations in the paragraph ``text[lo:hi]``, in order, not overlapping.

    ``continued``: the next paragraph opens with a quotation mark, so a
    quotation left open here runs on into it.
    """
    marks = []
    for m in _MARKS[style].finditer(text, lo, hi):
        kind = _mark_kind(text, m.start(), lo, hi, style)
        if kind is not None:
            marks.append((m.start(), kind))
    quotes: list[Quote] = []
    opened: int | None = None
    floor = lo  # speech recovered backwards may not cross an earlier quotation
    n = len(marks)
    # closer_after[k]: some mark after the k-th can close a quotation
    closer_after = [False] * (n + 1)
    for k in range(n - 1, -1, -1):
        closer_after[k] = closer_after[k + 1] or marks[k][1] != OPEN
    for k, (i, kind) in enumerate(marks):
        ch = text[i]
        later = marks[k + 1:k + 2]
        if opened is None:
            if kind == CLOSE:
                if style == SINGLE and not _strong_close(text, i, hi):
                    continue  # the dogs' bowls, goin' home
                s = _recover_start(text, floor, i)
                quotes.append(Quote(s, i + 1, _trim(text, s, i), True))
                floor = i + 1
            elif style == SINGLE and ch in "'’" and not closer_after[k + 1] \
                    and _trim(text, lo, i)[0] < i:
                continue  # 'Kay, 'em: an elision, not an opening mark
            else:
                opened = i
        elif kind == OPEN:
            if style == SINGLE:
                continue  # an elision inside single-quoted speech ('em)
            # A doubled opening mark or a missing closing one: the earlier
            # quotation ends here.
            quotes.append(_unclosed(text, opened, i, lo, hi, style))
            opened = i
        else:
            if style == SINGLE and (ch == "'") != (text[opened] == "'"):
                continue  # ‘…’ and '…' pair among themselves; the other is an apostrophe
            if style == SINGLE and ch in "'’" and text[i - 1].isalpha() \
                    and any(kk == CLOSE and text[j] == ch for j, kk in later):
                continue  # a possessive inside the quotation: the next mark closes it
            quotes.append(_make(text, opened, i, i + 1, lo, hi, closed=True))
            opened = None
            floor = i + 1
    if opened is not None:
        if continued:
            content = _trim(text, opened + 1, hi)
            quotes.append(Quote(opened, hi, content, bool(_WORD.search(text, *content))))
        else:
            quotes.append(_unclosed(text, opened, hi, lo, hi, style))
    return quotes


def _strong_close(text: str, i: int, hi: int) -> bool:
    """A closing single mark with no opening one is a quotation's end only after
    punctuation at a paragraph's end or before a speech frame."""
    if i == 0 or text[i - 1] not in ".,!?;…—–-":
        return False
    after = text[i + 1:hi]
    return not after.strip() or bool(_FRAME_AFTER.match(after))


def _unclosed(text: str, o: int, stop: int, lo: int, hi: int, style: str) -> Quote:
    """A quotation whose closing mark is missing: it ends at a speech frame
    (``…, he said.``) when there is one, else at ``stop``."""
    m = _INNER_FRAME.search(text, o + 1, stop)
    if m:
        return _make(text, o, m.start(), m.start(), lo, hi, closed=True, force=True)
    return _make(text, o, stop, stop, lo, hi, closed=False)


def _make(text, o, c, end, lo, hi, closed, force=False) -> Quote:
    content = _trim(text, o + 1, c)
    speech = bool(_WORD.search(text, *content)) and (force or _is_speech(text, o, end, content, lo, hi, closed))
    return Quote(o, end, content, speech)


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e


def _recover_start(text: str, floor: int, close: int) -> int:
    """Where speech ending at ``close`` began when its opening mark is missing.

    Walk back sentence by sentence; a sentence in the third person (he, she,
    they...) is narration and stops the walk. At least one sentence is speech.
    """
    region = text[floor:close]
    cuts = [floor] + [floor + m.end() for m in _SENTENCE_END.finditer(region)]
    start = cuts[-1]
    for k in range(len(cuts) - 1, 0, -1):
        sentence = text[cuts[k - 1]:cuts[k]]
        if _THIRD_PERSON.search(sentence) or not _WORD.search(sentence):
            break
        start = cuts[k - 1]
    while start < close and text[start].isspace():
        start += 1
    return start


# Words written, not spoken: what a sign or card reads, a name borne, a title.
_WRITTEN_BEFORE = re.compile(
    r"(?:\b(?:sign|card|notice|placard|label|plate|inscription|legend|motto|headline|poster|banner)s?"
    r"\s+(?:read|reads|ran|runs|bore|bears)"
    r"|\b(?:bearing|inscribed|engraved|printed|entitled|labell?ed)(?:\s+(?:with\s+)?the\s+(?:name|words?|title))?"
    r")\s*[:,]?\s*$", re.IGNORECASE)
_ARTICLE_BEFORE = re.compile(r"\b(?:the|an?)\s*$", re.IGNORECASE)


def _is_speech(text, o, end, content, lo, hi, closed) -> bool:
    words = text[content[0]:content[1]]
    if not _WORD.search(words):
        return False
    if not closed:
        return True
    before = text[max(lo, o - 80):o]
    if _WRITTEN_BEFORE.search(before) or (_ARTICLE_BEFORE.search(before) and len(words.split()) <= 3):
        return False  # 'a card bearing the name "Mr. Young."', 'hardly looked the "Sofronie."'
    if words.rstrip(" \t\r\n_*”\"’'»").endswith(_SPEECH_END):  # _emphasis!_ and nested “quotes!” too
        return True
    if text[end - 2].isspace() and len(words.split()) >= 2:
        return True  # '"I suppose I have " she hesitated': a dash the text lost, words broken off
    after = text[end:min(hi, end + 80)]
    if o - lo <= 80 and not before.strip() and end + 80 >= hi and not after.strip(" \t\r\n.!?"):
        return True  # the whole paragraph
    if _FRAME_AFTER.match(after) or _FRAME_BEFORE.search(before):
        return True
    n = len(words.split())
    starts = _trim(text, lo, o)[0] == o or re.search(r"[.!?…:]['’\"”]?\s*$", before)
    if starts and (_COMMENT_AFTER.match(after) or _BROKEN_INTO.match(after)):
        return True
    if n >= 8 and starts or n >= 3 and re.match(r"(?:--|[—–])", after):
        return True  # a sentence's worth of words starting a sentence, or speech broken off by a dash
    # British style puts the full stop outside: a long quotation followed by one
    # is speech; a short one is a quoted word or phrase inside narration.
    return len(words.split()) >= 6 and re.match(r"^[.!?]", after) is not None


def dash_quotes(text: str, lo: int, hi: int) -> list[Quote]:
    """Speech in a paragraph led by a dash (``—Back to barracks! he said sternly.``):
    everything but its speech frames."""
    m = _DASH_LINE.match(text, lo, hi)
    if not m:
        return []
    quotes = []
    pos = m.end()
    for f in _INNER_FRAME.finditer(text, pos, hi):
        if f.start() < pos:
            continue
        content = _trim(text, pos, f.start())
        if _WORD.search(text, *content):
            quotes.append(Quote(pos if not quotes else content[0], f.start(), content, True))
        end = _FRAME_END.search(text, f.end(), hi)
        pos = end.end() if end else hi
        if end and end.group().strip() and end.group().strip() in "—–":
            pos = end.end()  # "— he said —" then speech again
    content = _trim(text, pos, hi)
    if _WORD.search(text, *content):
        quotes.append(Quote(content[0], hi, content, True))
    if quotes:
        first = quotes[0]
        quotes[0] = Quote(lo, first.end, first.content, True)
    return quotes
