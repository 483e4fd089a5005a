"""Whether a source holds a direct quotation, word for word.

Quotes are aligned word by word on normalised text (typography never counts as
a difference), at candidate positions voted by the quote's rarest words so long
pages stay fast. Marked omissions split a quote into fragments that must appear
in order; bracketed insertions stand for a short span of source words.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass, field

from rapidfuzz import fuzz
from rapidfuzz.distance import LCSseq, Levenshtein

from .lexicon import NEGATORS, NUMBER_WORDS, STOPWORDS
from .normalize import Token, tokenize
from .passages import Doc
from .records import Claim, Span

_OMISSION = re.compile(r"\[\s*(?:\.\s*){2,}\]|\[\s*…\s*\]|(?:\.\s*){3}|…")
_INSERTION = re.compile(r"\[[^\]]*\]")
_HYPHENS = frozenset("-\u2010\u2011")
_JOINERS = frozenset({"and", "but", "or", "so"})


@dataclass
class _Segment:
    words: list[str]
    max_gap: int  # how many source words may lie between it and the previous segment
    # The words as written: a hyphenated compound ("first-generation") is one word,
    # so a changed compound counts as one changed word.
    written: list[tuple[str, ...]]


@dataclass
class _Alignment:
    start: int
    end: int  # token range in the source
    score: float
    diffs: list[str] = field(default_factory=list)


def _segments(claim: Claim, limit: dict) -> list[_Segment]:
    quotes = claim.quotes or [claim.quote or ""]
    segments: list[_Segment] = []
    for quote in quotes:
        gap = limit["max_omission_words"]  # between separately quoted fragments
        pieces = re.split(f"({_OMISSION.pattern}|{_INSERTION.pattern})", quote)
        for piece in pieces:
            if _OMISSION.fullmatch(piece):
                gap = limit["max_omission_words"]
            elif _INSERTION.fullmatch(piece):
                gap = max(gap, limit["max_insertion_words"]) if segments else gap
            elif tokens := tokenize(piece):
                words = [t.norm for t in tokens]
                segments.append(_Segment(words, gap if segments else 0, _written_words(piece, tokens)))
                gap = 0
    return segments


def _written_words(text: str, tokens: list[Token]) -> list[tuple[str, ...]]:
    words: list[list[str]] = []
    for previous, token in zip([None, *tokens], tokens):
        if previous is not None and text[previous.end : token.start] in _HYPHENS:
            words[-1].append(token.norm)
        else:
            words.append([token.norm])
    return [tuple(word) for word in words]


def _rare_anchors(words: list[str], doc: Doc, lo: int, hi: int, limit: dict) -> list[int]:
    """Likely source positions of the quote's first word, voted by its rarest words."""
    counted = []
    for i, word in enumerate(words):
        spots = doc.positions.get(word, [])
        a, b = bisect.bisect_left(spots, lo), bisect.bisect_left(spots, hi)
        if b > a:
            counted.append((b - a, i, spots[a:b]))
    counted.sort()
    votes: Counter = Counter()
    for _, i, spots in counted[: limit["anchor_words"]]:
        for spot in spots[: limit["max_occurrences"]]:
            votes[spot - i] += 1
    chosen: list[int] = []
    for anchor, _ in sorted(votes.items(), key=lambda kv: (-kv[1], kv[0])):
        if all(abs(anchor - c) > len(words) // 2 for c in chosen):
            chosen.append(anchor)
        if len(chosen) == limit["candidates"]:
            break
    return chosen


def _is_figure(word: str) -> bool:
    return word[0].isdigit() or word in NUMBER_WORDS


def _diff(quote: list[str], span: list[str]) -> tuple[int, list[str]]:
    """How many quote words the span has, and reason codes for what the quote did
    to the source's words."""
    # Words in common, in order (a longest common subsequence): substitutions that tie
    # with deletions in the edit script below must not hide a word both share.
    matched, reasons = LCSseq.similarity(quote, span), []
    for op in Levenshtein.opcodes(quote, span):
        said, wrote = quote[op.src_start : op.src_end], span[op.dest_start : op.dest_end]
        if op.tag == "replace":
            kind = "number" if all(_is_figure(w) for w in said + wrote) else "word"
            reasons.append(f"{kind}_changed:{' '.join(said)}->{' '.join(wrote)}")
        elif op.tag == "insert":
            reasons.append(f"word_dropped:{' '.join(wrote)}")
        elif op.tag == "delete":
            reasons.append(f"word_added:{' '.join(said)}")
        if op.tag != "equal":
            if NEGATORS & set(wrote) and not NEGATORS & set(said):
                reasons.append("negation_dropped")
            if NEGATORS & set(said) and not NEGATORS & set(wrote):
                reasons.append("negation_added")
    return matched, reasons


def _align(words: list[str], doc: Doc, lo: int, hi: int, limit: dict) -> list[_Alignment]:
    """Best alignments of a quote segment within source tokens [lo, hi), best first."""
    n, found = len(words), []
    for anchor in _rare_anchors(words, doc, lo, hi, limit):
        if doc.words[anchor : anchor + n] == words and anchor >= lo:
            return [_Alignment(anchor, anchor + n, 1.0)]
        pad = 3 + n // 4
        w_lo, w_hi = max(lo, anchor - pad), min(hi, anchor + n + pad)
        window = doc.words[w_lo:w_hi]
        rough = fuzz.partial_ratio_alignment(words, window)
        s_lo = rough.dest_start
        equal = [op for op in LCSseq.opcodes(words, window[s_lo : rough.dest_end]) if op.tag == "equal"]
        if not equal:
            continue
        start, end = w_lo + s_lo + equal[0].dest_start, w_lo + s_lo + equal[-1].dest_end
        # Quote words left over at an edge stand for the source words there ("twice"
        # for "three"), not for nothing.
        start = max(w_lo, start - equal[0].src_start)
        end = min(w_hi, end + n - equal[-1].src_end)
        span = doc.words[start:end]
        matched, reasons = _diff(words, span)
        found.append(_Alignment(start, end, 2 * matched / (n + len(span)), reasons))
    return sorted(found, key=lambda a: -a.score)


def _find_exact(words: list[str], doc: Doc) -> list[int]:
    rarest = min(words, key=lambda w: len(doc.positions.get(w, ())))
    offset = words.index(rarest)
    n = len(words)
    return [
        p - offset
        for p in doc.positions.get(rarest, ())
        if p >= offset and doc.words[p - offset : p - offset + n] == words
    ]


def _splice(words: list[str], doc: Doc) -> list[Span] | None:
    """The two source spans (token ranges) a quote joins, as if said together, when
    its words come from two separate source sentences, maybe joined by a conjunction
    of the writer's ("... belly-up and nobody from the company ...")."""
    for cut in range(2, len(words) - 1):
        heads = _find_exact(words[:cut], doc)
        if not heads:
            continue
        rests = [words[cut:]] + ([words[cut + 1 :]] if words[cut] in _JOINERS and len(words) - cut > 2 else [])
        for rest in rests:
            for head in heads:
                for tail in _find_exact(rest, doc):
                    if tail != head + cut and doc.sentence_of(head + cut - 1) != doc.sentence_of(tail):
                        return [(head, head + cut), (tail, tail + len(rest))]
    return None


@dataclass
class QuoteResult:
    score: float
    support: str
    reasons: list[str]
    spans: list[Span]  # token ranges that matched


def match_quote(claim: Claim, doc: Doc, limit: dict) -> QuoteResult:
    segments = _segments(claim, limit)
    if not segments or not doc.words:
        return QuoteResult(0.0, "none", ["no_quote_text" if not segments else "empty_source"], [])
    pivot = max(range(len(segments)), key=lambda i: len(segments[i].words))
    best: tuple[float, list[_Alignment | None]] | None = None
    for candidate in _align(segments[pivot].words, doc, 0, len(doc.words), limit):
        chain: list[_Alignment | None] = [None] * len(segments)
        chain[pivot] = candidate
        edge = candidate
        for i in range(pivot + 1, len(segments)):
            seg = segments[i]
            lo = edge.end if edge else 0
            hits = _align(seg.words, doc, lo, min(len(doc.words), lo + seg.max_gap + len(seg.words) + 2), limit)
            chain[i] = hits[0] if hits else None
            edge = chain[i] or edge
        edge = candidate
        for i in range(pivot - 1, -1, -1):
            seg, hi = segments[i], edge.start
            room = segments[i + 1].max_gap + len(seg.words) + 2
            hits = _align(seg.words, doc, max(0, hi - room), hi, limit)
            chain[i] = hits[0] if hits else None
            edge = chain[i] or edge
        total = sum(len(s.words) * (a.score if a else 0.0) for s, a in zip(segments, chain))
        score = total / sum(len(s.words) for s in segments)
        if best is None or score > best[0]:
            best = (score, chain)
    if best is None:
        return QuoteResult(0.0, "none", ["quote_not_found"], [])
    score, chain = best
    reasons = [r for a in chain if a for r in a.diffs]
    reasons += [f"fragment_not_found:{' '.join(s.words)}" for s, a in zip(segments, chain) if a is None]
    spans = [(a.start, a.end) for a in chain if a]
    if score >= 1.0 and not reasons:
        return QuoteResult(1.0, "exact", [], spans)
    for seg, alignment in zip(segments, chain):
        spliced = None if alignment and alignment.score >= 1.0 else _splice(seg.words, doc)
        if spliced:
            return QuoteResult(score, "close", ["spliced"], spliced)
    # A negator added or dropped is a difference, not a sign of another passage: "will
    # not be affected" for "will be affected" is the same words, misquoted.
    content = [
        word for s in segments for word in s.written if any(w not in STOPWORDS and w not in NEGATORS for w in word)
    ]
    # A figure changed in place ("32 per cent" for "23 per cent") is a misquote of the
    # words around it, so the words, not the figures, must be there.
    worded = [word for word in content if not all(_is_figure(w) for w in word)] or content
    matched_content = _content_overlap(worded, [w for a, b in spans for w in doc.words[a:b]])
    close = score >= limit["close"] and matched_content >= limit["close"]
    return QuoteResult(score, "close" if close else "none", reasons if close else ["quote_not_found"], spans)


def _content_overlap(wanted: list[tuple[str, ...]], have: list[str]) -> float:
    """The share of the wanted words (each a tuple of tokens) found among `have`."""
    if not wanted:
        return 0.0
    pool = Counter(have)
    hit = 0
    for word in wanted:
        needed = Counter(word)
        if all(pool[token] >= count for token, count in needed.items()):
            pool.subtract(needed)
            hit += 1
    return hit / len(wanted)


# ---------------------------------------------------------------- paraphrases
