"""Fetch stage: URL -> records.Page, never raising.

Every link of an article is untrusted, so a fetch:
- passes the address guard before each request, redirect hops included, and
  (with the default session) checks the peer the socket actually reached;
- follows redirects itself, up to a cap, listing the hops;
- streams the body and stops at `max_bytes` of decoded content (a gzip bomb
  stops at the cap) or when the whole body takes longer than the read timeout;
- accepts HTML, XHTML, plain text and PDF only;
- honours robots.txt, a per-host concurrency limit and Retry-After (bounded).
Failures become a reason code in Page.error (http_404, timeout, too_large...).

The CLI imports this module lazily: requests is imported at module level here.
"""

from __future__ import annotations

import email.utils
import hashlib
import threading
import time
from concurrent.futures import ThreadPoolExecutor, wait
from contextlib import contextmanager
from datetime import datetime, timezone
from http.client import RemoteDisconnected
from pathlib import Path
from typing import Iterable, Iterator
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

import requests
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import ReadTimeoutError

from verify import cache, guard
from verify.charsets import choose_encoding, declared_charset
from verify.records import Page

USER_AGENT = "verify/0.1 (+https://github.com/verify-news/verify)"
ACCEPT = "text/html,application/xhtml+xml,text/plain;q=0.9,application/pdf;q=0.8"
ACCEPTED_TYPES = frozenset({"text/html", "application/xhtml+xml", "text/plain", "application/pdf"})
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
RETRY_STATUSES = frozenset({429, 502, 503, 504})
# Besides vetted pages and redirects: answers that are cacheable by default (RFC 9111).
CACHEABLE_ERRORS = frozenset({404, 410})
CHUNK_SIZE = 64 * 1024
# Single-byte labels that decode any byte string, so only the bytes can show the label lies.


class FetchRefused(Exception):
    """A fetch stopped on purpose; `reason` is the Page.error code."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


# --- Connections that check the address they reached -------------------------


class _PeerCheckedConnection:
    """Refuse a socket whose peer is internal: the host name was checked before
    the request, and this closes the gap where DNS answers differently for the
    connection itself (DNS rebinding)."""

    def _new_conn(self):
        sock = super()._new_conn()
        try:
            guard.check_ip(sock.getpeername()[0], allow_private=False)
        except guard.GuardError:
            sock.close()
            raise
        return sock


class _PeerCheckedHTTPConnection(_PeerCheckedConnection, HTTPConnection):
    pass


class _PeerCheckedHTTPSConnection(_PeerCheckedConnection, HTTPSConnection):
    pass


class _PeerCheckedHTTPPool(HTTPConnectionPool):
    ConnectionCls = _PeerCheckedHTTPConnection


class _PeerCheckedHTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _PeerCheckedHTTPSConnection


class PeerCheckedAdapter(HTTPAdapter):
    """An HTTPAdapter whose direct connections only reach public addresses."""

    def init_poolmanager(self, *args, **kwargs) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {
            "http": _PeerCheckedHTTPPool,
            "https": _PeerCheckedHTTPSPool,
        }


# --- Politeness ---------------------------------------------------------------


class HostGate:
    """At most `per_host` requests in flight per host, starts spaced by `delay` s."""

    def __init__(self, per_host: int, delay: float = 0.0) -> None:
        self.per_host = max(1, per_host)
        self.delay = delay
        self._lock = threading.Lock()
        self._slots: dict[str, threading.Semaphore] = {}
        self._next_start: dict[str, float] = {}

    @contextmanager
    def slot(self, host: str) -> Iterator[None]:
        with self._lock:
            semaphore = self._slots.setdefault(host, threading.Semaphore(self.per_host))
        with semaphore:
            if self.delay:
                with self._lock:
                    start = max(time.monotonic(), self._next_start.get(host, 0.0))
                    self._next_start[host] = start + self.delay
                time.sleep(max(0.0, start - time.monotonic()))
            yield


# --- The fetcher --------------------------------------------------------------


class Fetcher:
    """Fetches URLs into Pages. Thread-safe; the HTTP session is made on first use.

    Pass `session` to bring your own transport (tests replaying cassettes pass a
    plain requests.Session): it is used as given, so the guard still checks every
    URL and hop by name, but the peer check and the cache are then the caller's.
    """

    def __init__(
        self,
        session: requests.Session | None = None,
        *,
        allow_private: bool = False,
        connect_timeout: float = 5,
        read_timeout: float = 15,
        max_bytes: int = 5_000_000,
        max_redirects: int = 5,
        retries: int = 2,
        backoff: float = 0.5,
        max_retry_wait: float = 10.0,
        per_host: int = 2,
        delay: float = 0.0,
        workers: int = 20,
        user_agent: str = USER_AGENT,
        cache_dir: Path | None = None,
        use_cache: bool = True,
        cache_expire: cache.ExpireAfter = cache.DEFAULT_EXPIRE,
        robots: bool = True,
    ) -> None:
        self.allow_private = allow_private
        self.timeout = (connect_timeout, read_timeout)
        self.read_timeout = read_timeout
        self.max_bytes = max_bytes
        self.max_redirects = max_redirects
        self.retries = retries
        self.backoff = backoff
        self.max_retry_wait = max_retry_wait
        self.workers = max(1, workers)
        self.user_agent = user_agent
        self.cache_dir = cache_dir
        self.use_cache = use_cache
        self.cache_expire = cache_expire
        self.robots = robots
        self.gate = HostGate(per_host, delay)
        self._session = session
        self._session_lock = threading.Lock()
        self._robots: dict[str, RobotFileParser] = {}
        self._robots_locks: dict[str, threading.Lock] = {}
        self._robots_lock = threading.Lock()

    @property
    def session(self) -> requests.Session:
        with self._session_lock:
            if self._session is None:
                self._session = self._new_session()
            return self._session

    def _new_session(self) -> requests.Session:
        session = cache.cached_session(self.cache_dir, self.cache_expire) if self.use_cache else None
        session = session or requests.Session()
        adapter_class = HTTPAdapter if self.allow_private else PeerCheckedAdapter
        adapter = adapter_class(pool_connections=self.workers, pool_maxsize=self.gate.per_host)
        session.mount("http://", adapter)
        session.mount("https://", adapter)
        return session

    def fetch(self, url: str) -> Page:
        """Fetch one URL. Never raises: a failure is a reason code in Page.error."""
        return self._fetch(url, check_robots=self.robots)

    def fetch_all(self, urls: Iterable[str], *, deadline: float | None = None) -> dict[str, Page]:
        """Fetch URLs concurrently (each once), keyed by URL in the order given.

        Pages not done within `deadline` seconds get the error "deadline_exceeded".
        """
        unique = list(dict.fromkeys(urls))
        if not unique:
            return {}
        pool = ThreadPoolExecutor(max_workers=min(self.workers, len(unique)))
        futures = {url: pool.submit(self.fetch, url) for url in unique}
        done, pending = wait(futures.values(), timeout=deadline)
        pool.shutdown(wait=not pending, cancel_futures=True)
        return {
            url: future.result() if future in done
            else Page(url=url, error="deadline_exceeded", fetched_at=_utc_now())
            for url, future in futures.items()
        }

    def _fetch(self, url: str, *, check_robots: bool) -> Page:
        page = Page(url=url)
        try:
            self._follow(page, check_robots)
        except Exception as error:  # noqa: BLE001 - one bad source must never end a run
            page.error = reason_for(error)
            page.body = b""
        page.fetched_at = page.fetched_at or _utc_now()
        return page

    def _follow(self, page: Page, check_robots: bool) -> None:
        """Fetch page.url into `page`, following redirects hop by hop."""
        url = page.url
        for _ in range(self.max_redirects + 1):
            guard.check_url(url, allow_private=self.allow_private)
            if check_robots and not self._robots_allow(url):
                raise FetchRefused("robots_disallowed")
            with self.gate.slot(urlsplit(url).netloc.lower()):
                response = self._get(url)
                try:
                    location = response.headers.get("Location")
                    if response.status_code in REDIRECT_STATUSES and location:
                        self._store(response, b"")
                        url = urljoin(url, location)
                        page.redirects.append(url)
                        continue
                    self._read_into(page, url, response)
                    return
                finally:
                    response.close()
        raise FetchRefused("too_many_redirects")

    def _get(self, url: str) -> requests.Response:
        """GET with retries for 429/502/503/504 and dropped connections.

        Hand-written rather than urllib3's Retry: that one sleeps for any
        Retry-After a server sends and drains error bodies, and a hostile
        server must neither hold a worker for an hour nor feed it a bomb.
        """
        attempt, waited = 0, 0.0
        while True:
            final = attempt >= self.retries
            try:
                response = self._send(url)
                if self._outlived(response):
                    # Kept under a longer expiry than this run allows: ask again.
                    response.close()
                    response = self._send(url, force_refresh=True)
            except requests.ConnectionError as error:
                # A timeout is not retried: it would multiply the wait.
                if final or isinstance(error, requests.Timeout):
                    raise
                pause = self.backoff * 2**attempt
                if waited + pause > self.max_retry_wait:
                    raise
            else:
                if final or response.status_code not in RETRY_STATUSES:
                    return response
                retry_after = parse_retry_after(response.headers.get("Retry-After"))
                pause = self.backoff * 2**attempt if retry_after is None else retry_after
                if waited + pause > self.max_retry_wait:
                    return response
                response.close()
            time.sleep(pause)
            waited += pause
            attempt += 1

    def _send(self, url: str, **cache_options) -> requests.Response:
        return self.session.get(
            url,
            headers={"User-Agent": self.user_agent, "Accept": ACCEPT},
            timeout=self.timeout,
            stream=True,
            allow_redirects=False,
            **cache_options,
        )

    def _outlived(self, response: requests.Response) -> bool:
        """Whether a cached answer is older than this run's cache expiry."""
        created = getattr(response, "created_at", None)
        limit = cache.expire_seconds(self.cache_expire)
        if not getattr(response, "from_cache", False) or created is None or limit is None:
            return False
        return (datetime.now(timezone.utc) - created.astimezone(timezone.utc)).total_seconds() > limit

    def _read_into(self, page: Page, url: str, response: requests.Response) -> None:
        page.final_url = url
        page.status = response.status_code
        page.from_cache = bool(getattr(response, "from_cache", False))
        page.no_store = forbids_storing(response)
        if page.from_cache and response.created_at:
            page.fetched_at = response.created_at.astimezone(timezone.utc).isoformat(timespec="seconds")
        if not 200 <= response.status_code < 300:
            if response.status_code in CACHEABLE_ERRORS:
                self._store(response, b"")
            raise FetchRefused(f"http_{response.status_code}")
        mime, charset = parse_content_type(response.headers.get("Content-Type"))
        page.content_type = mime
        if mime and mime not in ACCEPTED_TYPES:
            raise FetchRefused("unsupported_content_type")
        body = self._read_body(response)
        mime = page.content_type = mime or sniff_type(body)
        if mime is None:
            raise FetchRefused("unsupported_content_type")
        self._store(response, body)
        page.body = body
        page.sha256 = hashlib.sha256(body).hexdigest()  # of the bytes received, before decoding text
        if mime != "application/pdf":
            kind = "html" if mime in HTML_TYPES else "txt"
            page.encoding = choose_encoding(body, charset or declared_charset(body, None, kind))

    def _read_body(self, response: requests.Response) -> bytes:
        """The decoded body, refused past max_bytes or when it trickles in too slowly."""
        length = response.headers.get("Content-Length", "")
        if length.isdigit() and int(length) > self.max_bytes:
            raise FetchRefused("too_large")
        # The socket timeout bounds each read; this bounds the whole body.
        deadline = time.monotonic() + self.read_timeout
        chunks, size = [], 0
        for chunk in response.iter_content(CHUNK_SIZE):
            size += len(chunk)
            if size > self.max_bytes:
                raise FetchRefused("too_large")
            if time.monotonic() > deadline:
                raise FetchRefused("timeout")
            chunks.append(chunk)
        return b"".join(chunks)

    def _store(self, response: requests.Response, body: bytes) -> None:
        if getattr(response, "from_cache", False):
            return
        if forbids_storing(response):
            return
        # Hand the cache the capped body; closing first keeps it from reading the rest.
        response.close()
        response._content = body
        cache.store(self.session, response)

    def _robots_allow(self, url: str) -> bool:
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}".lower()
        with self._robots_lock:
            origin_lock = self._robots_locks.setdefault(origin, threading.Lock())
        with origin_lock:  # one robots.txt fetch per host, even under concurrency
            if origin not in self._robots:
                self._robots[origin] = self._load_robots(origin)
        return self._robots[origin].can_fetch(self.user_agent, url)

    def _load_robots(self, origin: str) -> RobotFileParser:
        """robots.txt through the same guarded path; missing or unreadable allows all."""
        parser = RobotFileParser(origin + "/robots.txt")
        page = self._fetch(parser.url, check_robots=False)
        if page.status in (401, 403):
            parser.disallow_all = True
        elif page.ok:
            parser.parse(page.body.decode(page.encoding or "utf-8", "replace").splitlines())
        else:
            parser.allow_all = True
        return parser


# --- Helpers ------------------------------------------------------------------


def reason_for(error: Exception) -> str:
    """The Page.error reason code for an exception raised while fetching."""
    if isinstance(error, (guard.GuardError, FetchRefused)):
        return error.reason
    if isinstance(error, requests.Timeout) or _caused_by(error, ReadTimeoutError, TimeoutError):
        return "timeout"
    if isinstance(error, requests.exceptions.SSLError):
        return "tls_error"
    if isinstance(error, requests.exceptions.ChunkedEncodingError):
        return "truncated_body"
    if isinstance(error, requests.exceptions.ContentDecodingError):
        return "decoding_error"
    if isinstance(error, (requests.exceptions.InvalidURL, requests.exceptions.MissingSchema)):
        return "invalid_url"
    if isinstance(error, requests.ConnectionError):
        if _caused_by(error, ConnectionResetError, RemoteDisconnected):
            return "connection_reset"
        return "connection_error"
    return "fetch_error"


def _caused_by(error: BaseException, *kinds: type[BaseException]) -> bool:
    """Whether `kinds` appear anywhere in the chain of wrapped errors.

    requests and urllib3 wrap the socket error in arguments, `.reason` or `__cause__`.
    """
    seen: set[int] = set()
    stack: list[object] = [error]
    while stack:
        item = stack.pop()
        if not isinstance(item, BaseException) or id(item) in seen:
            continue
        seen.add(id(item))
        if isinstance(item, kinds):
            return True
        stack.extend([*item.args, getattr(item, "reason", None), item.__cause__, item.__context__])
    return False


def parse_content_type(header: str | None) -> tuple[str | None, str | None]:
    """('text/html', 'utf-8') from 'text/html; charset="UTF-8"'; Nones when absent."""
    if not header:
        return None, None
    mime, *params = header.split(";")
    charset = None
    for param in params:
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset":
            charset = value.strip().strip("\"'").lower() or None
    return mime.strip().lower() or None, charset


def sniff_type(body: bytes) -> str | None:
    """The content type of a body sent without one, when it is plainly HTML or PDF."""
    if body.startswith(b"%PDF-"):
        return "application/pdf"
    head = body[:1024].lstrip().lower()
    if head.startswith((b"<!doctype html", b"<html")):
        return "text/html"
    return None


def forbids_storing(response: requests.Response) -> bool:
    return "no-store" in response.headers.get("Cache-Control", "").lower()


def parse_retry_after(value: str | None) -> float | None:
    """Seconds to wait from a Retry-After header (delta seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, (when - datetime.now(timezone.utc)).total_seconds())


def _utc_now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")
