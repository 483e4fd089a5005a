"""Plain typed records passed between the pipeline stages.

ingest -> Article, extract -> Claim, discover -> Source, fetch -> Page,
match -> Evidence, judge -> Verdict, report <- ArticleReport.

This module is the bottom of the package: every stage imports it, it imports
no other module of the project.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Literal

VERDICTS = ("verified", "misquoted", "misattributed", "unsupported", "unreachable", "no_source")
DEFAULT_FAIL_ON = ("misquoted", "misattributed", "unsupported")
# Reasons that keep a claim's verdict but take it out of the failing policy: a failure
# already in the baseline report, marked in the article, or relying on an ignored domain.
WAIVER_REASONS = ("in_baseline", "ignored_inline", "ignored_domain")

Span = tuple[int, int]
SpeakerKind = Literal["publication", "person", "organization", "unknown"]


@dataclass(frozen=True)
class Link:
    """A hyperlink of a document: its anchor text occupies text[start:end]."""

    url: str
    start: int
    end: int
    text: str = ""


@dataclass
class Article:
    """A document reduced to plain text: the article under check, or a source page.

    `text` is the main text only (no navigation, footers, teasers). Paragraphs are
    spans into `text`. `raw_offsets` maps plain-text positions back to the input
    file, so reports can give a line and column in what the user wrote.
    """

    input: str
    text: str
    paragraphs: list[Span] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    format: str = "txt"  # txt | md | html | pdf
    url: str | None = None
    title: str | None = None
    published: str | None = None  # ISO 8601 date or datetime
    modified: str | None = None
    publisher: str | None = None
    publisher_method: str | None = None  # json-ld | open-graph | registry | ...
    author: str | None = None  # the byline's writer (JSON-LD author, meta author, "By X")
    paywalled: bool = False
    raw: str | None = None  # the input as decoded, when locations are wanted
    # Sorted (text_offset, raw_offset) pairs at the start of each copied run.
    raw_offsets: list[Span] = field(default_factory=list)

    def paragraph_of(self, offset: int) -> int:
        """Index of the paragraph holding `offset` (the nearest one before it)."""
        starts = [p[0] for p in self.paragraphs]
        return max(bisect.bisect_right(starts, offset) - 1, 0)

    def links_between(self, start: int, end: int) -> list[Link]:
        return [link for link in self.links if link.start < end and link.end > start]

    def raw_offset(self, offset: int) -> int | None:
        if self.raw is None:
            return None
        if not self.raw_offsets:
            return offset if offset <= len(self.raw) else None
        i = bisect.bisect_right(self.raw_offsets, (offset, float("inf"))) - 1
        if i < 0:
            return None
        text_at, raw_at = self.raw_offsets[i]
        return raw_at + (offset - text_at)

    def line_column(self, offset: int) -> tuple[int, int] | None:
        """1-based line and column of a text offset in the raw input."""
        raw_at = self.raw_offset(offset)
        if raw_at is None or self.raw is None:
            return None
        line = self.raw.count("\n", 0, raw_at) + 1
        column = raw_at - (self.raw.rfind("\n", 0, raw_at) + 1) + 1
        return line, column


@dataclass(frozen=True)
class Speaker:
    name: str
    kind: SpeakerKind = "unknown"
    # Other names the same speaker goes by in the article ("Okafor", "Mayor Ines Okafor").
    aliases: tuple[str, ...] = ()


@dataclass
class Spans:
    source: Span | None = None
    cue: Span | None = None
    content: list[Span] = field(default_factory=list)


@dataclass
class Claim:
    """One attribution: who is credited (speaker), the cue, and what they said."""

    id: str
    text: str  # the sentence(s) holding the attribution, plain text
    speaker: Speaker
    cue: str
    content: str  # the credited content, quoted or paraphrased
    quote: str | None = None  # directly quoted words, fragments joined with " ... "
    quotes: list[str] = field(default_factory=list)  # each quoted fragment apart
    span: Span = (0, 0)  # the sentence(s) in Article.text
    spans: Spans = field(default_factory=Spans)
    links: list[str] = field(default_factory=list)  # candidate URLs found in the article
    # The outlet a claim is credited through ("according to X", "X reported"),
    # when that differs from the person quoted.
    via: Speaker | None = None

    @property
    def is_direct(self) -> bool:
        return bool(self.quote)


@dataclass(frozen=True)
class Source:
    """A candidate source for a claim, before it is fetched."""

    url: str
    origin: Literal["link", "option", "discovery", "archive"] = "link"
    title: str | None = None
    note: str | None = None  # why discovery proposed it


@dataclass
class Page:
    """The outcome of fetching one URL. Never raised: failures are in `error`."""

    url: str
    final_url: str | None = None
    status: int | None = None
    content_type: str | None = None
    body: bytes = b""
    encoding: str | None = None
    error: str | None = None  # machine-readable reason code when unreadable
    redirects: list[str] = field(default_factory=list)
    fetched_at: str | None = None  # UTC ISO 8601
    sha256: str | None = None
    archive_url: str | None = None  # set when the body is an archived copy
    from_cache: bool = False
    no_store: bool = False  # the server asked that it not be kept (Cache-Control: no-store)

    @property
    def ok(self) -> bool:
        return self.error is None


@dataclass
class Evidence:
    url: str
    score: float = 0.0
    passage: str | None = None
    publisher_match: bool | None = None
    # What the passage says differently, and who the source credits it to.
    reasons: list[str] = field(default_factory=list)
    credited_to: str | None = None
    publisher: str | None = None
    error: str | None = None  # set when the source could not be read
    provenance: dict = field(default_factory=dict)
    kind: str | None = None  # "quote" or "paraphrase": how the claim was matched
    # "exact": the source holds the claim (up to typography); "close": a passage
    # matches closely but differs (see reasons); "none": not found.
    support: str = "none"
    span: Span | None = None  # the matched words in the source's text


@dataclass
class Verdict:
    verdict: str
    evidence: list[Evidence] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    score: float = 0.0  # confidence in the verdict, 0..1


@dataclass
class ClaimResult:
    claim: Claim
    verdict: Verdict | None = None  # None when only extraction was asked for

    @property
    def waiver(self) -> str | None:
        """The reason this claim is exempt from the failing policy, if any."""
        reasons = self.verdict.reasons if self.verdict is not None else []
        return next((reason for reason in reasons if reason in WAIVER_REASONS), None)


@dataclass
class ArticleReport:
    input: str
    article: Article | None
    results: list[ClaimResult] = field(default_factory=list)
    error: str | None = None


@dataclass
class Report:
    articles: list[ArticleReport] = field(default_factory=list)
    schema_version: str = "1"
    # The --fail-on policy of the run, so every writer marks the same claims as failing.
    fail_on: tuple[str, ...] = DEFAULT_FAIL_ON

    def fails(self, result: ClaimResult) -> bool:
        """Whether the run's policy counts this claim as a failure (waived ones do not)."""
        return result.verdict is not None and result.verdict.verdict in self.fail_on and result.waiver is None

    def failing(self) -> list[ClaimResult]:
        """The claims whose verdict the run's policy counts as a failure."""
        return [result for article in self.articles for result in article.results if self.fails(result)]


class InputError(Exception):
    """Bad input from the user: reported as one line on stderr, exit status 2."""
