"""The cache folder: an SQLite file of fetched responses (requests-cache), so that
re-running a check makes no request; the source pages read from them, so a re-run
neither parses them again nor, while they are fresh, loads the HTTP stack to ask
for them; and the parsed rule files. Backs `verify cache info|clear`.

requests-cache is imported inside the functions: the CLI imports this module
for `verify cache ...` and must stay quick to start.
"""

from __future__ import annotations

import json
import threading
import time
import warnings
from dataclasses import asdict, fields
from datetime import datetime, timedelta
from pathlib import Path

from . import __version__
from .records import Article, Link, Page

CACHE_FILE = "http_cache.sqlite"
DOCUMENTS_FILE = "documents.sqlite"  # source pages read (see DocumentCache)
RULES_FILE = "rules.json"  # the parsed rule files (see rules.load_rules)
DEFAULT_EXPIRE = timedelta(days=1)
NEVER_EXPIRE = -1  # requests-cache's value for "keep forever"
DOCUMENTS_KEPT = timedelta(days=30)  # how long a page read is kept

ExpireAfter = int | float | timedelta


def expire_seconds(expire_after: ExpireAfter) -> float | None:
    """An expiry as seconds; None when entries never expire."""
    if expire_after == NEVER_EXPIRE:
        return None
    return expire_after.total_seconds() if isinstance(expire_after, timedelta) else float(expire_after)


def default_cache_dir() -> Path:
    """The user's cache folder for verify (XDG on Linux, Library/Caches on macOS...)."""
    try:
        from platformdirs import user_cache_path
    except ImportError:
        return Path.home() / ".cache" / "verify"
    return user_cache_path("verify")


def cache_folder(cache_dir: Path | None = None) -> Path:
    return Path(cache_dir or default_cache_dir())


def cache_file(cache_dir: Path | None = None) -> Path:
    return cache_folder(cache_dir) / CACHE_FILE


def rules_cache_file(cache_dir: Path | None = None) -> Path:
    return cache_folder(cache_dir) / RULES_FILE


class CacheWarning(UserWarning):
    """The cache cannot be used; the run goes on without it."""


def cached_session(cache_dir: Path | None = None, expire_after: ExpireAfter = DEFAULT_EXPIRE):
    """A requests-cache CachedSession on the SQLite file in `cache_dir`, or None (with
    a CacheWarning) when that file cannot be used.

    It reads from the cache by itself but never writes on its own: it would
    read a whole response body into memory to store it, before the fetcher's
    size and type checks ran. The fetcher stores vetted responses with `store`.
    """
    import sqlite3

    import requests_cache

    path = cache_file(cache_dir)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        session = requests_cache.CachedSession(
            str(path), backend="sqlite", expire_after=expire_after, allowable_codes=()
        )
        session.cache.responses.get("")  # a damaged file fails here, not on every request
    except (sqlite3.Error, OSError) as exc:
        warnings.warn(f"HTTP cache {path} is unusable ({exc}); fetching without it", CacheWarning, stacklevel=2)
        return None
    return session


def store(session, response) -> None:
    """Save a response whose body has been read (and capped) into the session's cache.

    A no-op for a session without a cache, such as a plain requests.Session.
    """
    backend = getattr(session, "cache", None)
    if backend is None:
        return
    from requests_cache import get_expiration_datetime

    backend.save_response(response, expires=get_expiration_datetime(session.expire_after))


def cache_info(cache_dir: Path | None = None) -> dict:
    """Where the cache lives, how many responses and read pages it holds, its size on disk."""
    path = cache_file(cache_dir)
    documents = cache_folder(cache_dir) / DOCUMENTS_FILE
    info = {"path": str(path), "responses": 0, "documents": 0, "size_bytes": 0}
    if path.exists():
        from requests_cache import SQLiteCache

        backend = SQLiteCache(str(path))
        try:
            info["responses"] = len(backend.responses)
        finally:
            backend.close()
        info["size_bytes"] = path.stat().st_size
    if documents.exists():
        with DocumentCache(documents.parent) as read:
            info["documents"] = read.count()
        info["size_bytes"] += documents.stat().st_size
    return info


def cache_clear(cache_dir: Path | None = None) -> None:
    """Delete every cached response and read page."""
    path = cache_file(cache_dir)
    if path.exists():
        from requests_cache import SQLiteCache

        backend = SQLiteCache(str(path))
        try:
            backend.clear()
        finally:
            backend.close()
    documents = cache_folder(cache_dir) / DOCUMENTS_FILE
    if documents.exists():
        with DocumentCache(documents.parent) as read:
            read.clear()


class DocumentCache:
    """Source pages as read (ingest's Article), by the SHA-256 of the bytes they were
    read from: a re-run answered from the HTTP cache needs neither the HTML parser
    nor the PDF reader. Keyed by the version too, as a new version may read a page
    differently. Never stores or returns the raw input (only articles need it).

    Beside them, what fetching each URL gave (final URL, redirects, status, type,
    digest, when): a re-run within the cache's expiry recalls the page from here and
    sends no request at all, so it loads neither requests nor requests-cache.

    A cache that cannot be opened, read or written (read-only folder, damaged or
    locked file) is no cache: pages are parsed again and the run goes on."""

    TABLE = "pages_v1"  # a new layout gets a new table, never a mismatch
    FETCHED = "fetched_v1"

    def __init__(self, cache_dir: Path | None = None) -> None:
        import sqlite3  # here, not at the top: a run without the cache never loads it

        self._errors = (sqlite3.Error, OSError)
        self._lock = threading.Lock()
        self._db = None
        try:
            folder = cache_folder(cache_dir)
            folder.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(str(folder / DOCUMENTS_FILE), check_same_thread=False, timeout=10)
        except self._errors:
            return
        self._run(f"CREATE TABLE IF NOT EXISTS {self.TABLE} (key TEXT PRIMARY KEY, article TEXT NOT NULL, stored REAL NOT NULL)")
        self._run(f"CREATE TABLE IF NOT EXISTS {self.FETCHED} (url TEXT PRIMARY KEY, page TEXT NOT NULL, key TEXT NOT NULL, fetched REAL NOT NULL)")
        # Read again after a while: the file stays small, and a reading improved
        # within one version still reaches old pages.
        oldest = time.time() - DOCUMENTS_KEPT.total_seconds()
        self._run(f"DELETE FROM {self.TABLE} WHERE stored < ?", oldest)
        self._run(f"DELETE FROM {self.FETCHED} WHERE fetched < ?", oldest)

    def __enter__(self) -> DocumentCache:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    @staticmethod
    def key(sha256: str, kind: str, url: str) -> str:
        return f"{__version__}:{kind}:{sha256}:{url}"

    def get(self, key: str) -> Article | None:
        row = self._run(f"SELECT article FROM {self.TABLE} WHERE key = ?", key)
        if row is None:
            return None
        try:
            return _article_from_json(row[0])
        except (ValueError, TypeError, KeyError):
            return None  # damaged: read the page again

    def put(self, key: str, article: Article) -> None:
        stored = {**asdict(article), "raw": None, "raw_offsets": []}
        self._run(f"INSERT OR REPLACE INTO {self.TABLE} VALUES (?, ?, ?)", key, json.dumps(stored), time.time())

    def remember(self, page: Page, key: str) -> None:
        """Keep what fetching `page` gave, all but its body, beside the document stored
        under `key`; dated by the fetch, so a page from an old response is no fresher."""
        if not page.ok or page.no_store or not page.fetched_at:
            return
        try:
            fetched = datetime.fromisoformat(page.fetched_at).timestamp()
        except ValueError:
            return  # an undated page cannot be known fresh
        kept = {name: getattr(page, name) for name in RECALLED}
        self._run(f"INSERT OR REPLACE INTO {self.FETCHED} VALUES (?, ?, ?, ?)", page.url, json.dumps(kept), key, fetched)

    def recall(self, url: str, max_age: float | None) -> Page | None:
        """The page `url` gave when fetched at most `max_age` seconds ago (any time when
        None), without its body: its document is in the cache. None when there is none."""
        if max_age is not None and max_age <= 0:
            return None
        row = self._run(
            f"SELECT f.page FROM {self.FETCHED} f JOIN {self.TABLE} p ON p.key = f.key"
            " WHERE f.url = ? AND f.fetched >= ?",
            url, -1.0 if max_age is None else time.time() - max_age,
        )
        if row is None:
            return None
        try:
            return Page(url=url, from_cache=True, **json.loads(row[0]))
        except (ValueError, TypeError):
            return None  # damaged: fetch it again

    def count(self) -> int:
        row = self._run(f"SELECT COUNT(*) FROM {self.TABLE}")
        return row[0] if row else 0

    def clear(self) -> None:
        self._run(f"DELETE FROM {self.TABLE}")
        self._run(f"DELETE FROM {self.FETCHED}")

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None

    def _run(self, sql: str, *params) -> tuple | None:
        """One statement, committed; its first row. On any database error the cache
        is closed for the rest of the run."""
        with self._lock:
            if self._db is None:
                return None
            try:
                with self._db:
                    return self._db.execute(sql, params).fetchone()
            except self._errors:
                self._db.close()
                self._db = None
                return None


# The fields of a Page a re-run recalls: not the body (the document stands for it),
# nor what only a fetch in progress or an archive lookup sets.
RECALLED = ("final_url", "status", "content_type", "encoding", "redirects", "fetched_at", "sha256")


def _article_from_json(text: str) -> Article:
    data = json.loads(text)
    known = {f.name for f in fields(Article)}
    article = Article(**{k: v for k, v in data.items() if k in known})
    article.paragraphs = [tuple(span) for span in article.paragraphs]
    article.links = [Link(**link) for link in article.links]
    return article
