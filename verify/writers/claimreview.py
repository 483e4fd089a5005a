"""schema.org ClaimReview JSON-LD, one review per judged claim, for fact-check markup."""

from __future__ import annotations

from typing import Any, TextIO

from ..records import ArticleReport, ClaimResult, Report
from .common import VERDICT_DESCRIPTIONS, said, verdict_of
from .json import dump

# How faithfully the words are attributed, 1 (worst) to 5; None when nothing could be checked.
RATINGS: dict[str, tuple[int | None, str]] = {
    "verified": (5, "Accurately attributed"),
    "misquoted": (2, "Misquoted"),
    "misattributed": (2, "Misattributed"),
    "unsupported": (1, "Not supported by the cited source"),
    "unreachable": (None, "Unverified: source unreachable"),
    "no_source": (None, "Unverified: no source found"),
}


def _rating(verdict: str) -> dict[str, Any]:
    value, label = RATINGS.get(verdict, (None, verdict))
    rating: dict[str, Any] = {"@type": "Rating", "alternateName": label}
    if value is not None:
        rating |= {"ratingValue": value, "bestRating": 5, "worstRating": 1}
    if verdict in VERDICT_DESCRIPTIONS:
        rating["ratingExplanation"] = VERDICT_DESCRIPTIONS[verdict]
    return rating


def _review(article_report: ArticleReport, result: ClaimResult) -> dict[str, Any]:
    claim = result.claim
    article = article_report.article
    speaker_type = "Person" if claim.speaker.kind in ("person", "unknown") else "Organization"
    appearance: dict[str, Any] = {"@type": "CreativeWork", "url": (article.url if article else None) or article_report.input}
    if article is not None and article.title:
        appearance["headline"] = article.title
    if article is not None and article.published:
        appearance["datePublished"] = article.published
    review: dict[str, Any] = {
        "@type": "ClaimReview",
        "identifier": claim.id,
        "claimReviewed": said(result),
        "itemReviewed": {
            "@type": "Claim",
            "author": {"@type": speaker_type, "name": claim.speaker.name},
            "appearance": [appearance],
        },
        "reviewRating": _rating(verdict_of(result)),
        "author": {"@type": "Organization", "name": "verify"},
    }
    if result.verdict.evidence:
        review["citation"] = [{"@type": "CreativeWork", "url": e.url} for e in result.verdict.evidence]
    return review


def write(report: Report, out: TextIO) -> None:
    reviews = [
        _review(article_report, result)
        for article_report in report.articles
        for result in article_report.results
        if result.verdict is not None
    ]
    dump({"@context": "https://schema.org", "@graph": reviews}, out)
