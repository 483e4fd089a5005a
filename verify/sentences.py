"""Sentence and quotation boundaries in plain text, as character spans.

Hand-written rather than a library: news text needs a few rules general splitters lack
(a quote ending in "?" before "she asked", "Rep." before a name) and the extractor calls
this for every paragraph of every article, so it has to be fast.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .records import Span

# A period after these never ends a sentence: they stand before a name or a number.
_NEVER_FINAL = frozenset(
    "v mr mrs ms mx dr prof rep reps sen sens gov gen lt col sgt capt cmdr adm maj rev hon st mt "
    "fr sr jr no nos vs fig figs art sec ch vol pp op jan feb mar apr jun jul aug sep sept oct "
    "nov dec ave blvd rd approx dept univ est ft messrs mme mlle pres supt insp det cpl pvt".split()
)
# A period after these ends a sentence only before a word that usually starts one
# ("in the U.S. The next day" but "the U.S. Senate").
_MAYBE_FINAL = frozenset("inc corp co ltd llc plc etc al u.s u.k u.n e.u a.m p.m e.g i.e".split())
_SENTENCE_STARTERS = frozenset(
    "the a an he she it they we i you this that these those there his her their its our my but "
    "and so yet in on at for if when while after before however meanwhile some many most "
    "officials critics experts as since although though still then now".split()
)

_BOUNDARY = re.compile(r"([.!?\u2026]+)([\"'\u201d\u2019\u00bb)\]]*)(\s+)(?=[\"'\u201c\u2018\u00ab(\[]*[A-Z0-9])")
_WORD_BEFORE = re.compile(r"([\w.'\u2019-]*\w)\.?$")
_NEXT_WORD = re.compile(r"[\"'\u201c\u2018\u00ab(\[]?(\w+)")


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[Span]:
    """Spans of the sentences of text[start:end], white space trimmed off their ends."""
    end = len(text) if end is None else end
    spans: list[Span] = []
    begin = start
    for match in _BOUNDARY.finditer(text, start, end):
        if match.group(1) == "." and not _period_ends_sentence(text, begin, match):
            continue
        spans.append((begin, match.start(3)))
        begin = match.end()
    spans.append((begin, end))
    return [s for s in (_trim(text, a, b) for a, b in spans) if s[1] > s[0]]


def _period_ends_sentence(text: str, begin: int, match: re.Match) -> bool:
    word_match = _WORD_BEFORE.search(text, max(begin, match.start() - 40), match.start())
    if not word_match:
        return True
    word = word_match.group(1)
    key = word.lower()
    if key in _NEVER_FINAL:
        return False
    if len(word) == 1 and word.isupper():  # an initial: "J. K. Rowling"
        return False
    if key in _MAYBE_FINAL or re.fullmatch(r"(?:[a-z]\.)+[a-z]", key):
        following = _NEXT_WORD.match(text, match.end())
        return bool(following) and following.group(1).lower() in _SENTENCE_STARTERS
    return True


def _trim(text: str, start: int, end: int) -> Span:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


@dataclass(frozen=True)
class Quote:
    """A quotation: `start`/`end` include its marks; `closed` is False when the text
    ends before its closing mark (then `end` is the end of the searched text)."""

    start: int
    end: int
    closed: bool = True

    @property
    def inner(self) -> Span:
        return self.start + 1, self.end - 1 if self.closed else self.end


_OPENERS = "\u201c\u201e\u00ab"
_QUOTE_MARK = re.compile("[\"\u201c\u201d\u201e\u00ab\u00bb\u2018\u2019]")


def find_quotes(text: str, start: int = 0, end: int | None = None) -> list[Quote]:
    """Quotations in text[start:end] (one paragraph), outermost only.

    Double marks (curly, straight, guillemets) are paired; single curly marks count only
    outside a double quotation and when they cannot be an apostrophe. An unmatched
    opening mark runs to `end`, never further, and a stray closing mark is ignored.
    """
    end = len(text) if end is None else end
    quotes: list[Quote] = []
    open_at: int | None = None
    open_single = False
    for match in _QUOTE_MARK.finditer(text, start, end):
        pos, mark = match.start(), match.group()
        before = text[pos - 1] if pos > start else " "
        after = text[pos + 1] if pos + 1 < end else " "
        if mark == "\u2018" or mark == "\u2019":
            if open_at is None and mark == "\u2018" and not before.isalnum():
                open_at, open_single = pos, True
            elif open_single and mark == "\u2019" and not after.isalnum():
                quotes.append(Quote(open_at, pos + 1))
                open_at, open_single = None, False
            continue
        if open_single:  # a double mark inside a single-quoted span: the single was a stray
            open_at, open_single = None, False
        if mark == '"':
            if open_at is None:
                if before.isdigit() or after.isspace():  # an inch mark or a stray
                    continue
                open_at = pos
            else:
                quotes.append(Quote(open_at, pos + 1))
                open_at = None
        elif mark in _OPENERS:
            if open_at is not None:  # the previous quotation was never closed
                quotes.append(Quote(open_at, _trim(text, open_at, pos)[1], closed=False))
            open_at = pos
        elif open_at is not None:  # a closing mark
            quotes.append(Quote(open_at, pos + 1))
            open_at = None
    if open_at is not None and not open_single:
        quotes.append(Quote(open_at, _trim(text, open_at, end)[1], closed=False))
    return quotes


# A paragraph: text between blank lines. The tail is optional and tried last, so a
# one-character paragraph ("A") ends at its own blank line, not at the next one.
_PARAGRAPH = re.compile(r"\S(?:.*?\S)??(?=\n[ \t]*\n|\s*\Z)", re.S)


def blank_line_paragraphs(text: str) -> list[Span]:
    """The spans of the paragraphs of plain text (separated by blank lines)."""
    return [match.span() for match in _PARAGRAPH.finditer(text)]
