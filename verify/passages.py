"""A source text prepared once for every claim checked against it: its words,
sentences and paragraphs, and where each word occurs."""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from .lexicon import Lexicon, priced_words
from .normalize import Token, tokenize
from .records import Article, Span
from .sentences import split_sentences


@dataclass
class Doc:
    text: str
    tokens: list[Token]
    words: list[str]
    positions: dict[str, list[int]]
    sentences: list[Span]  # token index ranges [start, end)
    sentence_spans: list[Span]  # the same sentences as character spans, quote marks kept
    sentence_paragraph: list[int]
    _keyed: dict = field(default_factory=dict, repr=False)

    def sentence_of(self, token_index: int) -> int:
        starts = [s for s, _ in self.sentences]
        return max(bisect.bisect_right(starts, token_index) - 1, 0)

    def char_span(self, start: int, end: int) -> Span:
        return self.tokens[start].start, self.tokens[end - 1].end

    def sentence_chars(self, first: int, last: int) -> Span:
        return self.sentence_spans[first][0], self.sentence_spans[last][1]

    def read(self, lexicon: Lexicon) -> tuple[list[str], list[str], Counter]:
        """Every word as `lexicon` reads it (phrases as one word), its key, and in how
        many sentences each key occurs."""
        if lexicon not in self._keyed:
            priced = priced_words(self.text, [t.start for t in self.tokens])
            words, keys = lexicon.read(self.words, priced)
            df = Counter(k for s, e in self.sentences for k in set(keys[s:e]))
            self._keyed[lexicon] = words, keys, df
        return self._keyed[lexicon]


def paragraphs_of(source: Article) -> list[Span]:
    if source.paragraphs:
        return source.paragraphs
    return [(m.start(), m.end()) for m in re.finditer(r"[^\n]+(?:\n(?!\s*\n)[^\n]+)*", source.text)]


@lru_cache(maxsize=16)
def _prepare(text: str, paragraphs: tuple[Span, ...]) -> Doc:
    tokens = tokenize(text)
    starts = [t.start for t in tokens]
    sentences, sentence_spans, sentence_paragraph = [], [], []
    for number, (p_start, p_end) in enumerate(paragraphs):
        for s_start, s_end in split_sentences(text, p_start, p_end):
            first, last = bisect.bisect_left(starts, s_start), bisect.bisect_left(starts, s_end)
            if last > first:
                sentences.append((first, last))
                sentence_spans.append((s_start, s_end))
                sentence_paragraph.append(number)
    words = [t.norm for t in tokens]
    positions: dict[str, list[int]] = {}
    for i, word in enumerate(words):
        positions.setdefault(word, []).append(i)
    return Doc(text, tokens, words, positions, sentences, sentence_spans, sentence_paragraph)


def prepare(source: Article) -> Doc:
    return _prepare(source.text, tuple(paragraphs_of(source)))
