"""The HTTP cache: an SQLite file of fetched responses (requests-cache), so that
re-running a check makes no request. Backs `verify cache info|clear`.

requests-cache is imported inside the functions: the CLI imports this module
for `verify cache ...` and must stay quick to start.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

CACHE_FILE = "http_cache.sqlite"
RULES_FILE = "rules.json"  # the parsed rule files (see rules.load_rules)
DEFAULT_EXPIRE = timedelta(days=1)
NEVER_EXPIRE = -1  # requests-cache's value for "keep forever"

ExpireAfter = int | float | timedelta


def default_cache_dir() -> Path:
    """The user's cache folder for verify (XDG on Linux, Library/Caches on macOS...)."""
    try:
        from platformdirs import user_cache_path
    except ImportError:
        return Path.home() / ".cache" / "verify"
    return user_cache_path("verify")


def cache_file(cache_dir: Path | None = None) -> Path:
    return Path(cache_dir or default_cache_dir()) / CACHE_FILE


def rules_cache_file(cache_dir: Path | None = None) -> Path:
    return Path(cache_dir or default_cache_dir()) / RULES_FILE


def cached_session(cache_dir: Path | None = None, expire_after: ExpireAfter = DEFAULT_EXPIRE):
    """A requests-cache CachedSession on the SQLite file in `cache_dir`.

    It reads from the cache by itself but never writes on its own: it would
    read a whole response body into memory to store it, before the fetcher's
    size and type checks ran. The fetcher stores vetted responses with `store`.
    """
    import requests_cache

    path = cache_file(cache_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    return requests_cache.CachedSession(
        str(path), backend="sqlite", expire_after=expire_after, allowable_codes=()
    )


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
    """Where the cache lives, how many responses it holds and its size on disk."""
    path = cache_file(cache_dir)
    info = {"path": str(path), "responses": 0, "size_bytes": 0}
    if path.exists():
        from requests_cache import SQLiteCache

        backend = SQLiteCache(str(path))
        try:
            info["responses"] = len(backend.responses)
        finally:
            backend.close()
        info["size_bytes"] = path.stat().st_size
    return info


def cache_clear(cache_dir: Path | None = None) -> None:
    """Delete every cached response."""
    path = cache_file(cache_dir)
    if path.exists():
        from requests_cache import SQLiteCache

        backend = SQLiteCache(str(path))
        try:
            backend.clear()
        finally:
            backend.close()
