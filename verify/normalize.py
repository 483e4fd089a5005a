"""Text normalisation that keeps a map back to the original.

Quotes are compared up to typography: Unicode compatibility forms, case, curly
and straight quote marks, dashes, ellipsis characters, HTML entities,
non-breaking spaces and line breaks. Every normalised character remembers the
original offset it came from, so a match found in normalised text is quoted
back exactly as the source wrote it.
"""

from __future__ import annotations

import bisect
import html
import re
import unicodedata
from dataclasses import dataclass

_QUOTES = str.maketrans(
    {
        **dict.fromkeys("‘’‚‛′`´", "'"),
        **dict.fromkeys("“”„‟″«»", '"'),
        **dict.fromkeys("‐‑‒–—―−﹘﹣", "-"),
    }
)
_INVISIBLE = {"\u00ad", "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"}
_ENTITY = re.compile(r"&(?:#\d+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")
# A word: letters/digits, joined by inner apostrophes, periods or digit separators
# ("don't", "p.m", "4,112", "2:07:41").
_WORD = re.compile(r"[^\W_]+(?:(?:'|\.|[,:](?=\d))[^\W_]+)*")


@dataclass(frozen=True)
class Normalized:
    """`text` normalised, with a run-length map back to the original.

    Run i starts at text[run_starts[i]]; a copied run maps character by character
    from original[sources[i][0]:], a replaced one maps every character to the whole
    original piece sources[i] (an entity, a ligature, a run of white space).
    """

    text: str
    run_starts: tuple[int, ...]
    sources: tuple[tuple[int, int, bool], ...]  # (original start, original end, copied)

    def _original(self, at: int) -> tuple[int, int]:
        run = bisect.bisect_right(self.run_starts, at) - 1
        start, end, copied = self.sources[run]
        if copied:
            start += at - self.run_starts[run]
            return start, start + 1
        return start, end

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """The original span covering normalised text[start:end] (end > start)."""
        return self._original(start)[0], self._original(end - 1)[1]


@dataclass(frozen=True)
class Token:
    """A word of the normalised text, with its span in the original text."""

    norm: str
    start: int
    end: int


# Everything but plain printable ASCII and single spaces needs a closer look.
# A base letter with combining marks is taken whole, so NFKC composes it.
_SPECIAL = re.compile(
    r".[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]+|"
    + _ENTITY.pattern
    + r"|\s{2,}|[^\x20-\x7e]|[%`]|\b[Pp]er[ \u00a0]cent\b"
)


def _fold(piece: str) -> str:
    if piece in _INVISIBLE:
        return ""
    folded = unicodedata.normalize("NFKC", piece).casefold().translate(_QUOTES)
    # "9%", "9 per cent" and "9 percent" are one word in three spellings.
    folded = re.sub(r"^per cent$", "percent", folded.replace("%", " percent"))
    return re.sub(r"\s+", " ", folded)


class _Builder:
    def __init__(self) -> None:
        self.parts: list[str] = []
        self.run_starts: list[int] = []
        self.sources: list[tuple[int, int, bool]] = []
        self.length = 0
        self.last = " "  # no space at the start

    def add(self, text: str, start: int, end: int, copied: bool) -> None:
        if text.startswith(" ") and self.last == " ":
            text, start = text[1:], start + copied
        if not text:
            return
        self.parts.append(text)
        self.run_starts.append(self.length)
        self.sources.append((start, end, copied))
        self.length += len(text)
        self.last = text[-1]


def normalize(text: str) -> Normalized:
    out = _Builder()
    at = 0
    for special in _SPECIAL.finditer(text):
        if special.start() > at:
            out.add(text[at : special.start()].lower(), at, special.start(), True)
        piece = special.group()
        if piece.startswith("&"):
            piece = html.unescape(piece)
        out.add(_fold(piece), special.start(), special.end(), False)
        at = special.end()
    if at < len(text):
        out.add(text[at:].lower(), at, len(text), True)
    normalized = "".join(out.parts)
    if normalized.endswith(" "):
        normalized = normalized[:-1]
    return Normalized(normalized, tuple(out.run_starts), tuple(out.sources))


def tokenize(text: str) -> list[Token]:
    """Words of `text` after normalisation, with their spans in `text`."""
    norm = normalize(text)
    tokens = []
    for word in _WORD.finditer(norm.text):
        start, end = norm.original_span(word.start(), word.end())
        tokens.append(Token(word.group(), start, end))
    return tokens


def normalize_text(text: str) -> str:
    return normalize(text).text
