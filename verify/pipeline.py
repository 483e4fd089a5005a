"""Composes the stages: ingest -> extract -> discover -> fetch -> match -> judge.

The CLI builds a `Run` from its options and calls `check` or `claims`; writers
turn the returned Report into text. Nothing here parses arguments or formats output.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from . import extract, ingest, judge, match
from .records import (
    Article,
    ArticleReport,
    Claim,
    ClaimResult,
    Evidence,
    InputError,
    Page,
    Report,
    Source,
)
from .rules import load_rules


@dataclass
class Run:
    """Everything a check needs besides the articles themselves."""

    sources: list[str] = field(default_factory=list)
    allow_private: bool = False
    discover: bool = True
    archive: bool = True
    rules_dirs: list[Path] = field(default_factory=list)
    replay: Path | None = None  # answer every request from this evidence bundle
    evidence: Path | None = None  # record every exchange into this bundle
    use_cache: bool = True
    cache_dir: Path | None = None
    offline: bool = False


def is_url(spec: str) -> bool:
    return spec.lower().startswith(("http://", "https://"))


def document_kind(content_type: str | None, url: str) -> str:
    ctype = (content_type or "").split(";")[0].strip().lower()
    if ctype == "application/pdf" or url.lower().endswith(".pdf"):
        return "pdf"
    if ctype == "text/plain":
        return "txt"
    if ctype == "text/markdown":
        return "md"
    return "html"


class Checker:
    """One run over many articles: shares the rules, the HTTP session and the page cache."""

    def __init__(self, run: Run):
        self.run = run
        self.rules: dict[str, Any] = load_rules(run.rules_dirs)
        self._fetcher = None
        self._documents: dict[str, tuple[Article | None, list[Claim], str | None]] = {}

    # --- network, made on first use so extraction alone never loads it
    @property
    def fetcher(self):
        if self._fetcher is None:
            from .fetch import Fetcher

            session = None
            if self.run.replay is not None:
                from .bundle import replay_session

                session = replay_session(self.run.replay)
            self._fetcher = Fetcher(
                session=session,
                allow_private=self.run.allow_private or self.run.replay is not None,
                use_cache=self.run.use_cache and self.run.replay is None,
                cache_dir=self.run.cache_dir,
                robots=self.run.replay is None,
            )
        return self._fetcher

    # --- stages
    def read(self, spec: str) -> Article:
        if spec == "-":
            return ingest.read_article("-", stdin=sys.stdin)
        if is_url(spec):
            page = self.fetcher.fetch(spec)
            if not page.ok:
                raise InputError(f"cannot read {spec}: {page.error}")
            return ingest.parse_document(
                page.body,
                kind=document_kind(page.content_type, page.final_url or spec),
                input=spec,
                url=page.final_url or spec,
                content_type=page.content_type,
            )
        if "://" in spec:
            raise InputError(f"unsupported URL scheme: {spec} (only http and https)")
        return ingest.read_article(spec)

    def claims(self, spec: str) -> ArticleReport:
        article = self.read(spec)
        found = extract.extract(article, self.rules)
        return ArticleReport(input=spec, article=article, results=[ClaimResult(c) for c in found])

    def check(self, spec: str) -> ArticleReport:
        report = self.claims(spec)
        article = report.article
        candidates = {r.claim.id: self.candidates(r.claim, article) for r in report.results}
        urls = {s.url for sources in candidates.values() for s in sources}
        pages = self.fetcher.fetch_all(sorted(urls)) if urls else {}
        for result in report.results:
            evidence = [
                self.evidence(result.claim, source, pages[source.url], article)
                for source in candidates[result.claim.id]
            ]
            result.verdict = judge.judge(result.claim, evidence, self.rules)
        return report

    def candidates(self, claim: Claim, article: Article) -> list[Source]:
        sources = [Source(url, origin="link") for url in claim.links]
        sources += [Source(url, origin="option") for url in self.run.sources]
        if not sources and self.run.discover and not self.run.offline:
            sources += self.discovered(claim, article)
        unique: dict[str, Source] = {}
        for source in sources:
            unique.setdefault(source.url, source)
        return list(unique.values())

    def discovered(self, claim: Claim, article: Article) -> list[Source]:
        from . import discover

        return discover.discover(claim, article, self.rules, session=self.fetcher.session)

    def document(self, page: Page) -> tuple[Article | None, list[Claim], str | None]:
        """The page read as a document with its own attributions, or why it can't be."""
        if page.url in self._documents:
            return self._documents[page.url]
        doc, claims, error = None, [], page.error
        if page.ok:
            try:
                doc = ingest.parse_document(
                    page.body,
                    kind=document_kind(page.content_type, page.final_url or page.url),
                    input=page.url,
                    url=page.final_url or page.url,
                    content_type=page.content_type,
                )
            except InputError:
                doc, error = None, "unreadable"
            if doc is not None and doc.paywalled:
                error = "paywall"
            elif doc is not None and not doc.text.strip():
                error = "empty_page"
            if doc is not None and error is None:
                claims = extract.extract(doc, self.rules)
        self._documents[page.url] = (doc, claims, error)
        return doc, claims, error

    def evidence(self, claim: Claim, source: Source, page: Page, article: Article) -> Evidence:
        doc, source_claims, error = self.document(page)
        if error is not None:
            return Evidence(url=source.url, error=error, provenance=provenance(page))
        found = match.match(claim, doc, source_claims, self.rules)
        found.url = source.url
        found.provenance = provenance(page, doc)
        return found


def provenance(page: Page, doc: Article | None = None) -> dict:
    record = {
        "final_url": page.final_url,
        "redirects": page.redirects,
        "status": page.status,
        "content_type": page.content_type,
        "fetched_at": page.fetched_at,
        "sha256": page.sha256,
    }
    if page.archive_url:
        record["archive_url"] = page.archive_url
    if doc is not None:
        record.update(
            publisher=doc.publisher,
            publisher_method=doc.publisher_method,
            published=doc.published,
            modified=doc.modified,
        )
    return {k: v for k, v in record.items() if v not in (None, [], "")}


def check(specs: Iterable[str], run: Run, *, claims_only: bool = False) -> Report:
    checker = Checker(run)
    report = Report()
    for spec in specs:
        report.articles.append(checker.claims(spec) if claims_only else checker.check(spec))
    return report
