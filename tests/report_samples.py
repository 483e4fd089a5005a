"""Reports built by hand from records, for the writer tests."""

from __future__ import annotations

import re

from verify.records import (
    Article, ArticleReport, Claim, ClaimResult, Evidence, Report, Speaker, Spans, Verdict,
)

# (raw input piece, copied to plain text?) - markup pieces exist only in the raw file.
MARKDOWN_PIECES = [
    ("# Budget hearing\n\n", False),
    ("Budget hearing", True),  # the title, kept as the first paragraph
    ("\n\n", True),
    ("Mayor Ines Okafor said the plan \u201cprotects the services people use every day,\u201d ", True),
    ("[", False), ("at the hearing", True), ("](https://city.example/press)", False),
    (".\n\n", True),
    ("Paul Haverty told the committee the draw would leave reserves at 6 percent, ", True),
    ("[", False), ("the Courier reported", True), ("](https://courier.example/hearing)", False),
    (". Council member Rosa Delgado | said \u201cwe | were never <script>alert(1)</script> consulted.\u201d\n", True),
]


def markdown_article() -> Article:
    """An Article whose raw Markdown differs from its text, as ingest makes it."""
    raw, text, offsets = "", "", []
    for piece, copied in MARKDOWN_PIECES:
        if copied:
            offsets.append((len(text), len(raw)))
            text += piece
        raw += piece
    first = text.index("Mayor")
    paragraphs = [(0, 14), (first, text.index("\n\n", first)), (text.index("Paul"), len(text))]
    return Article(input="news/budget.md", text=text, paragraphs=paragraphs, format="md",
                   title="Budget hearing", published="2024-09-12", raw=raw, raw_offsets=offsets)


def sentence(article: Article, starts_with: str) -> tuple[int, int]:
    start = article.text.index(starts_with)
    return start, re.compile(r"\.\u201d?(?=\s|$)").search(article.text, start).end()


def make_claim(article: Article, claim_id: str, starts_with: str, speaker: Speaker, cue: str,
               content: str, quote: str | None = None) -> Claim:
    span = sentence(article, starts_with)
    cue_at = article.text.index(cue, span[0])
    return Claim(id=claim_id, text=article.text[span[0]:span[1]], speaker=speaker, cue=cue, content=content,
                 quote=quote, quotes=[quote] if quote else [], span=span,
                 spans=Spans(source=(span[0], span[0] + len(speaker.name)), cue=(cue_at, cue_at + len(cue))),
                 links=[link for link in ("https://city.example/press",) if claim_id == "c1"])


def claims_of(article: Article) -> list[Claim]:
    okafor = Speaker("Ines Okafor", "person", ("Okafor",))
    return [
        make_claim(article, "c1", "Mayor Ines", okafor, "said", "the plan protects the services people use every day",
                   quote="protects the services people use every day"),
        make_claim(article, "c2", "Paul Haverty", Speaker("Paul Haverty", "person"), "told",
                   "the draw would leave reserves at 6 percent"),
        make_claim(article, "c3", "Council member", Speaker("Rosa Delgado", "person"), "said",
                   "we were never consulted", quote="we | were never <script>alert(1)</script> consulted."),
    ]


def checked_report(fail_on: tuple[str, ...] | None = None) -> Report:
    """Two articles: one with a verified, a misquoted and an unreachable claim; one unreadable."""
    article = markdown_article()
    c1, c2, c3 = claims_of(article)
    results = [
        ClaimResult(c1, Verdict("verified", [Evidence(
            "https://city.example/press", score=0.98765,
            passage="\u201cThis budget protects the services people use every day,\u201d said Mayor Okafor.",
            publisher_match=True, credited_to="Ines Okafor",
            provenance={"fetched_at": "2024-09-13T10:00:00Z", "archive_url": "https://archive.example/press"})])),
        ClaimResult(c2, Verdict("misquoted", [Evidence(
            "https://courier.example/hearing", score=0.8123,
            passage="Haverty told the committee the draw would leave reserves at 8 percent of annual spending.",
            publisher_match=True, reasons=["number_differs"])], reasons=["number_differs"])),
        ClaimResult(c3, Verdict("unreachable", [Evidence("https://council.example/minutes", error="http_404")],
                                reasons=["http_404"])),
    ]
    report = Report(articles=[
        ArticleReport(input=article.input, article=article, results=results),
        ArticleReport(input="missing.md", article=None, error="file not found"),
    ])
    if fail_on is not None:
        report.fail_on = fail_on
    return report


def extraction_report() -> Report:
    """What `verify claims` reports: claims without verdicts."""
    article = markdown_article()
    return Report(articles=[ArticleReport(input=article.input, article=article,
                                          results=[ClaimResult(claim) for claim in claims_of(article)])])


def no_source_report() -> Report:
    """A plain-text article without raw text (no locations) and an unlinked claim."""
    text = "Ministers met on Tuesday. The minister said talks would resume."
    article = Article(input="-", text=text, paragraphs=[(0, len(text))])
    start = text.index("The minister")
    claim = Claim(id="c1", text=text[start:], speaker=Speaker("The minister"), cue="said",
                  content="talks would resume", span=(start, len(text)))
    return Report(articles=[ArticleReport(input="-", article=article,
                                          results=[ClaimResult(claim, Verdict("no_source", reasons=["no_candidates"]))])])
