"""What several writers say about a claim the same way: its place, its words, its message."""

from __future__ import annotations

import hashlib
import os
from collections import Counter
from pathlib import Path, PurePath
from urllib.parse import quote as url_quote

from ..normalize import normalize_text
from ..records import VERDICTS, Article, ClaimResult, Evidence, Report

# One palette for every format that shows colour (rich accepts hex colours too).
VERDICT_COLOURS = {
    "verified": "#2e7d32",
    "misquoted": "#c62828",
    "misattributed": "#8e24aa",
    "unsupported": "#ef6c00",
    "unreachable": "#546e7a",
    "no_source": "#9e9e9e",
}

VERDICT_DESCRIPTIONS = {
    "verified": "A source from the credited speaker or publisher holds the quote or claim.",
    "misquoted": "A source passage matches the claim, but its words, a number, a name or a negation differ.",
    "misattributed": "The quote or claim is found, but credited to someone else or published by another outlet.",
    "unsupported": "Candidate sources were read and none holds the claim.",
    "unreachable": "Candidate sources were found but none could be read.",
    "no_source": "No candidate source was found for the claim.",
}


def verdict_of(result: ClaimResult) -> str | None:
    return result.verdict.verdict if result.verdict is not None else None


def said(result: ClaimResult) -> str:
    """The words credited to the speaker: the direct quote when there is one."""
    return result.claim.quote or result.claim.content


def claim_fingerprint(article_input: str, result: ClaimResult) -> str:
    """The same claim gets the same fingerprint in every run, wherever it moves in its
    file: the article, who is credited and the words, with case, spacing and
    typography set aside. Claim ids ("c1", ...) number claims by position instead."""
    parts = (input_key(article_input), normalize_text(result.claim.speaker.name), normalize_text(said(result)))
    key = "\n".join(parts)
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


def input_key(article_input: str) -> str:
    """An article input as compared across runs: a file path relative to the current
    folder when it lies under it (so absolute and relative spellings agree), else as given."""
    if article_input == "-" or "://" in article_input:
        return article_input
    path = Path(article_input)
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return os.path.normpath(article_input)


def location(article: Article | None, offset: int) -> tuple[int, int] | None:
    """1-based (line, column) of a text offset in the input as the user wrote it."""
    return article.line_column(offset) if article is not None else None


def best_evidence(result: ClaimResult) -> Evidence | None:
    """The highest-scoring evidence; the judge's order breaks ties."""
    if result.verdict is None or not result.verdict.evidence:
        return None
    return max(result.verdict.evidence, key=lambda evidence: evidence.score)


def verdict_counts(report: Report) -> dict[str, int]:
    """Count of each verdict given, in the contract's order of verdicts."""
    counts = Counter(
        verdict for article in report.articles for result in article.results
        if (verdict := verdict_of(result)) is not None
    )
    order = [*VERDICTS, *sorted(set(counts) - set(VERDICTS))]
    return {verdict: counts[verdict] for verdict in order if counts[verdict]}


def summary_line(report: Report) -> str:
    """'7 claims: 4 verified, 1 misquoted, 2 no_source' (verdicts left out when none were given)."""
    total = sum(len(article.results) for article in report.articles)
    counts = verdict_counts(report)
    head = f"{total} claim{'s' if total != 1 else ''}"
    return f"{head}: " + ", ".join(f"{n} {v}" for v, n in counts.items()) if counts else head


def claim_message(result: ClaimResult) -> str:
    """One line for annotations and test reports: verdict, speaker, words, reasons, source."""
    claim = result.claim
    words = f"\u201c{claim.quote}\u201d" if claim.quote else claim.content
    parts = [f"{verdict_of(result) or 'claim'}: {claim.speaker.name} ({claim.cue}) {words}"]
    if result.verdict is not None and result.verdict.reasons:
        parts.append("reasons: " + ", ".join(result.verdict.reasons))
    evidence = best_evidence(result)
    if evidence is not None:
        parts.append(f"source: {evidence.url}")
    return "; ".join(parts)


def artifact_uri(article_input: str) -> str:
    """The input as a URI reference: URLs stay, relative paths stay relative (CI tools
    resolve them against the repository), absolute paths become file:// URIs."""
    if "://" in article_input:
        return article_input
    if Path(article_input).is_absolute():
        return Path(article_input).as_uri()
    return url_quote(PurePath(article_input).as_posix())
