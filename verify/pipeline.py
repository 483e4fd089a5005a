"""Composes the stages: ingest -> extract -> discover -> fetch -> match -> judge.

The CLI builds a `Run` from its options and calls `check` or `claims`; writers
turn the returned Report into text. Nothing here parses arguments or formats output.

Around the stages sit the provenance steps: a dead or paywalled link is looked up in
the Wayback Machine, a source dated after the article cannot verify alone, a passage
the source credits onward is traced to its origin (verify/chain.py), and every HTTP
exchange can be recorded into, or answered from, an evidence bundle.
"""

from __future__ import annotations

import copy
import ipaddress
import re
import sys
import time
from collections import OrderedDict
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any, Iterable, Iterator
from urllib.parse import urlsplit

from . import chain, extract, ingest, judge, match
from .cache import DEFAULT_EXPIRE, expire_seconds, rules_cache_file
from .config import domain_skipped
from .guard import GuardError, check_url, is_internal_address
from .outlets import Registry
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
    Verdict,
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
    # Fetch limits: the seconds a source may take (to connect, and to send its whole
    # body), its size cap in bytes, and the seconds one article's sources may take in
    # all (None: no budget). fetch_options: more Fetcher keywords (retries, per_host...).
    timeout: float = 15.0
    max_bytes: int = 5_000_000
    deadline: float | None = None
    fetch_options: dict[str, Any] = field(default_factory=dict)
    # A transport to use instead of the network (a session replaying cassettes, in
    # tests). Its requests never reach a socket of ours, so the address guard is skipped.
    session: Any = None
    # Sources on ignored domains (or, when an allow list is given, off it) are never fetched.
    allow_domains: tuple[str, ...] = ()
    ignore_domains: tuple[str, ...] = ()


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


def offline_session(cache_dir: Path | None = None):
    """A session that answers from the HTTP cache only: a miss is refused, no socket opens."""
    from requests import Session
    from requests.adapters import BaseAdapter

    from .cache import cached_session
    from .fetch import FetchRefused

    class NoNetwork(BaseAdapter):
        def send(self, request, **kwargs):
            raise FetchRefused("offline_not_cached")

        def close(self) -> None:
            pass

    session = cached_session(cache_dir) or Session()  # an unusable cache answers nothing
    session.adapters.clear()
    session.mount("http://", NoNetwork())
    session.mount("https://", NoNetwork())
    return session


def _unpaced(rules: dict) -> dict:
    """Rules without pauses between discovery requests: for transports that never
    reach the services (a replayed bundle, an injected session)."""
    rules = dict(rules, discovery=copy.deepcopy(rules["discovery"]))
    for settings in rules["discovery"].values():
        if isinstance(settings, dict) and "min_interval_seconds" in settings:
            settings["min_interval_seconds"] = 0
    return rules


Document = tuple[Article | None, list[Claim], str | None]
# How many pages (and documents read from them) a batch keeps: the most recently used.
PAGES_KEPT = 128
CONNECT_TIMEOUT = 5.0  # seconds; --timeout lowers it too


class Recent(OrderedDict):
    """A mapping that keeps only the `size` entries most recently stored or read."""

    def __init__(self, size: int) -> None:
        super().__init__()
        self.size = size

    def __getitem__(self, key):
        value = super().__getitem__(key)
        self.move_to_end(key)
        return value

    def __setitem__(self, key, value) -> None:
        super().__setitem__(key, value)
        self.move_to_end(key)
        if len(self) > self.size:
            self.popitem(last=False)


class Checker:
    """One run over many articles: shares the rules, the HTTP session and the pages read."""

    def __init__(self, run: Run):
        if run.offline and run.evidence is not None:
            raise InputError("--evidence records the run's network exchanges: it cannot be combined with --offline")
        self.run = run
        rules = load_rules(run.rules_dirs, cache_file=rules_cache_file(run.cache_dir) if run.use_cache else None)
        self.rules: dict[str, Any] = rules if self.networked else _unpaced(rules)
        self._fetcher = None
        self._read_pages = None
        # The pages and documents read lately, shared by the articles of a batch;
        # bounded so a long batch runs in flat memory.
        self._pages: dict[str, Page] = Recent(PAGES_KEPT)
        self._documents: dict[str, Document] = Recent(PAGES_KEPT)

    @property
    def networked(self) -> bool:
        """Whether requests go out to the network (so the guard, robots and pacing apply)."""
        return self.run.session is None and self.run.replay is None and not self.run.offline

    @property
    def answerable(self) -> bool:
        """Whether something besides the cache can answer (discovery and archive need it)."""
        return not self.run.offline or self.run.replay is not None or self.run.session is not None

    # --- network, made on first use so extraction alone never loads it
    @property
    def fetcher(self):
        if self._fetcher is None:
            from .fetch import Fetcher

            self._fetcher = Fetcher(
                session=self._transport(),
                allow_private=self.run.allow_private or not self.networked,
                # Recording keeps the cache out, so every page goes into the bundle.
                use_cache=self.run.use_cache and self.run.evidence is None,
                cache_dir=self.run.cache_dir,
                robots=self.run.replay is None,
                connect_timeout=min(CONNECT_TIMEOUT, self.run.timeout),
                read_timeout=self.run.timeout,
                max_bytes=self.run.max_bytes,
                **self.run.fetch_options,
            )
        return self._fetcher

    def _transport(self):
        if self.run.session is not None:
            return self.run.session
        if self.run.replay is not None:
            from .bundle import replay_session

            return replay_session(self.run.replay)
        if self.run.offline:
            return offline_session(self.run.cache_dir)
        return None

    @contextmanager
    def recording(self) -> Iterator[None]:
        """Record every HTTP exchange inside the block into the --evidence bundle."""
        if self.run.evidence is None:
            yield
            return
        from .bundle import recording_session

        with recording_session(self.fetcher.session, self.run.evidence):
            yield

    def skips(self, url: str) -> bool:
        return domain_skipped(url, self.run.allow_domains, self.run.ignore_domains)

    def page(self, url: str) -> Page:
        """The source page at `url`: recalled from an earlier run while fresh, else fetched."""
        if url not in self._pages:
            if self.skips(url):
                self._pages[url] = Page(url=url, error="ignored_domain")
            else:
                self._pages[url] = self.recall(url) or self.fetcher.fetch(url)
        return self._pages[url]

    def recall(self, url: str) -> Page | None:
        """The page as an earlier run fetched and read it, within the cache's expiry; None
        when there is none, or when this run would refuse to fetch it. Its body is not
        kept (its document is): pages to be read as articles are fetched instead."""
        if not self.networked or self.run.evidence is not None or self.read_pages is None:
            return None
        expire = self.run.fetch_options.get("cache_expire", DEFAULT_EXPIRE)
        page = self.read_pages.recall(url, max_age=expire_seconds(expire))
        if page is None:
            return None
        try:
            for hop in (url, *page.redirects):
                check_url(hop, allow_private=self.run.allow_private)
        except GuardError:
            return None  # the fetcher refuses it again, with its reason
        return page

    # --- stages
    def read(self, spec: str) -> Article:
        if spec == "-":
            return ingest.read_article("-", stdin=sys.stdin)
        if is_url(spec):
            page = self.fetcher.fetch(spec)  # not recalled: an article is read from its bytes
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
        started = time.monotonic()
        report = self.claims(spec)
        article = report.article
        candidates = {r.claim.id: self.candidates(r.claim, article) for r in report.results}
        urls = sorted({s.url for sources, _ in candidates.values() for s in sources} - set(self._pages))
        fetchable = [url for url in urls if not self.skips(url)]
        self._pages.update((url, page) for url in fetchable if (page := self.recall(url)) is not None)
        if unknown := [url for url in fetchable if url not in self._pages]:
            self._pages.update(self.fetcher.fetch_all(unknown, deadline=self.time_left(started)))
        for result in report.results:
            sources, notes = candidates[result.claim.id]
            evidence = [self.evidence(result.claim, source, article) for source in sources]
            verdict = judge.judge(result.claim, evidence, self.rules)
            result.verdict = settle(verdict, sources, notes)
        for url in fetchable:  # a page the deadline cut off gets its full time in another article
            page = self._pages.get(url)
            if page is not None and page.error == "deadline_exceeded":
                self._pages.pop(url)
                self._documents.pop(url, None)
        return report

    def time_left(self, started: float) -> float | None:
        """Seconds left of the article's --deadline, counted from when its check began."""
        if self.run.deadline is None:
            return None
        return max(0.0, self.run.deadline - (time.monotonic() - started))

    def candidates(self, claim: Claim, article: Article) -> tuple[list[Source], list[str]]:
        """The claim's candidate sources, and discovery's reason codes when it searched."""
        sources = [Source(url, origin="link") for url in claim.links]
        sources += [Source(url, origin="option") for url in self.run.sources]
        notes: list[str] = []
        if not sources and self.run.discover and self.answerable:
            from . import discover

            query = discover.build_query(claim, article, self.rules)
            if not discover.worth_searching(query, self.rules):
                return [], []  # no session is opened for a claim nobody would search for
            found = discover.find(claim, article, self.rules, session=self.fetcher.session, query=query)
            sources = found.sources
            notes = [r if r.startswith("discovery_") else f"discovery_failed:{r}" for r in found.reasons]
        unique: dict[str, Source] = {}
        for source in sources:
            unique.setdefault(source.url, source)
        return list(unique.values()), notes

    def document(self, page: Page) -> Document:
        """The page read as a document with its own attributions, or why it can't be."""
        if page.url in self._documents:
            return self._documents[page.url]
        doc, claims, error = None, [], page.error
        if page.ok:
            try:
                doc = self._read(page)
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

    def _read(self, page: Page) -> Article:
        """The page's document, from the cache of pages read when it was read before."""
        url = page.final_url or page.url
        kind = document_kind(page.content_type, url)
        key = self.read_pages.key(page.sha256, kind, url) if self.read_pages and page.sha256 else None
        doc = self.read_pages.get(key) if key else None
        if doc is None:
            doc = ingest.parse_document(page.body, kind=kind, input=page.url, url=url, content_type=page.content_type)
            if key:
                self.read_pages.put(key, doc)
        if key and page.body and self.networked and self.run.evidence is None:
            self.read_pages.remember(page, key)
        return doc

    @property
    def read_pages(self):
        """The cache of source pages read (a DocumentCache), opened on first use; None
        without the cache."""
        if self._read_pages is None and self.run.use_cache:
            from .cache import DocumentCache

            self._read_pages = DocumentCache(self.run.cache_dir)
        return self._read_pages

    def close(self) -> None:
        if self._read_pages is not None:
            self._read_pages.close()
            self._read_pages = None

    def source(self, url: str, near: str | None) -> tuple[Page, Document, dict]:
        """A source page read, from its archived copy when the link is dead or paywalled;
        with what the archive step adds to the provenance record."""
        page = self.page(url)
        document = self.document(page)
        error = document[2]
        if error is None or not self.run.archive or not self.answerable or not self._archivable(url, error):
            return page, document, {}
        from .services.wayback import archive_lookup

        archive_url, problem = archive_lookup(url, near, session=self.fetcher.session, rules=self.rules)
        if archive_url is None:
            return page, document, {"archive_error": problem or "wayback_no_capture", "link_error": error}
        copy_page = self.page(archive_url)
        copy_page.archive_url = archive_url
        copied = self.document(copy_page)
        if copied[2] is not None:
            return page, document, {"archive_url": archive_url, "archive_error": f"archived_copy_{copied[2]}", "link_error": error}
        return copy_page, copied, {"archive_url": archive_url, "link_error": error}

    def _archivable(self, url: str, error: str) -> bool:
        """Dead-link errors of rules/provenance.toml, on a host the archive could have seen."""
        wanted = self.rules["provenance"]["archive"]["on_errors"]
        if error not in wanted and not ("http_5xx" in wanted and re.fullmatch(r"http_5\d\d", error)):
            return False
        host = (urlsplit(url).hostname or "").lower()
        if host == "localhost" or host.endswith(".localhost"):
            return False
        try:
            ipaddress.ip_address(host)
        except ValueError:
            return True  # a name: the archive may hold it
        return not is_internal_address(host)

    def evidence(self, claim: Claim, source: Source, article: Article) -> Evidence:
        page, (doc, source_claims, error), archived = self.source(source.url, article.published)
        record = provenance(source, page, doc, self.rules) | archived
        if error is not None:
            return Evidence(url=source.url, error=error, provenance=record)
        found = match.match(claim, doc, source_claims, self.rules)
        found.url = source.url
        found.provenance = record
        if found.support != "none" and published_after(doc.published, article.published, self.rules):
            found.reasons.append("source_after_article")
        hop = chain.onward_credit(doc, source_claims, found, claim, self.rules)
        if hop is not None:
            self.trace(claim, found, hop, article)
        return found

    def trace(self, claim: Claim, found: Evidence, hop: chain.Hop, article: Article) -> None:
        """Follow the source's onward credit to the origin, into the evidence's provenance."""

        def read(url: str) -> chain.Read:
            page, document, archived = self.source(url, article.published)
            return provenance(Source(url), page, document[0], self.rules) | archived, *document

        traced = chain.trace(claim, found.url, hop, self.rules, read)
        reached = [h["url"] for h in traced.hops if h.get("support") not in (None, "none")]
        found.provenance.update(
            chain=[article.url or article.input, found.url, *reached],
            hops=traced.hops,
            relay=True,
        )
        if traced.origin:
            found.provenance["chain_origin"] = traced.origin
            # The relay credits its outlet; who said the words is what the origin says.
            if found.credited_to and match.same_outlet(found.credited_to, hop.name):
                found.credited_to = traced.credited_to


def published_after(source: str | None, article: str | None, rules: dict) -> bool:
    """Whether a source dated `source` came out after an article dated `article`: its
    earliest possible moment is past the article's latest, beyond the tolerance."""
    source_span, article_span = _moments(source), _moments(article)
    if source_span is None or article_span is None:
        return False
    tolerance = timedelta(hours=rules["provenance"]["dates"]["tolerance_hours"])
    return source_span[0] > article_span[1] + tolerance


def _moments(value: str | None) -> tuple[datetime, datetime] | None:
    """The earliest and latest UTC moments an ISO 8601 date or datetime can mean
    (a bare date is the whole day; a time without an offset is taken as UTC)."""
    if not value:
        return None
    value = value.strip()
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    moment = moment.astimezone(timezone.utc)
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return moment, moment + timedelta(days=1)
    return moment, moment


def provenance(source: Source, page: Page, doc: Article | None, rules: dict) -> dict:
    """Where the evidence came from, as fetched: the link, every hop, the bytes' digest,
    the publisher and how it was determined, and the source's own dates."""
    record = {
        "url": source.url,
        "origin": source.origin,
        "note": source.note,
        "final_url": page.final_url,
        "redirects": page.redirects,
        "status": page.status,
        "content_type": page.content_type,
        "fetched_at": page.fetched_at,
        "sha256": page.sha256,
    }
    if doc is not None:
        publisher, method = doc.publisher, doc.publisher_method
        if publisher is None and (outlet := Registry.from_rules(rules).by_url(doc.url or page.url)):
            publisher, method = outlet.name, "registry"
        record.update(publisher=publisher, publisher_method=method, published=doc.published, modified=doc.modified)
    return {k: v for k, v in record.items() if v not in (None, [], "")}


def settle(verdict: Verdict, sources: list[Source], notes: list[str]) -> Verdict:
    """The judge's verdict with what the provenance steps add: discovery's reasons,
    archive use or failure, the origin of a relayed claim. A page found by a search
    that does not hold the claim says nothing about the claim: no_source, not a failure."""
    if sources and all(s.origin == "discovery" for s in sources) and verdict.verdict in ("unsupported", "unreachable"):
        verdict = Verdict("no_source", verdict.evidence, ["discovery_no_match", *verdict.reasons], score=1.0)
    extra = list(notes) if verdict.verdict == "no_source" else []
    best = verdict.evidence[0] if verdict.evidence else None
    if best is not None and best.error is None:
        record = best.provenance
        if record.get("archive_url"):
            extra.append("archived_copy")
        if record.get("relay"):
            extra.append("credited_source_is_relay")
            extra.append(f"origin:{record['chain_origin']}" if record.get("chain_origin") else "origin_unconfirmed")
    if verdict.verdict == "unreachable":
        extra += [e.provenance["archive_error"] for e in verdict.evidence if e.provenance.get("archive_error")]
    verdict.reasons = list(dict.fromkeys([*verdict.reasons, *extra]))
    return verdict


def iter_check(specs: Iterable[str], run: Run, *, claims_only: bool = False) -> Iterator[ArticleReport]:
    """Each article's report as soon as it is done, all through one Checker. An article
    that can't be read yields a report with `error` set, and the run goes on."""
    checker = Checker(run)
    try:
        with checker.recording():
            for spec in specs:
                try:
                    yield checker.claims(spec) if claims_only else checker.check(spec)
                except InputError as exc:
                    yield ArticleReport(input=spec, article=None, error=str(exc))
    finally:
        checker.close()


def check(specs: Iterable[str], run: Run, *, claims_only: bool = False) -> Report:
    return Report(articles=list(iter_check(specs, run, claims_only=claims_only)))
