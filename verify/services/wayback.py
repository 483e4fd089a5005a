"""The Internet Archive's Wayback Machine: the archived copy of a page nearest a date,
for links that died (404/410/5xx, timeouts) or hide behind a paywall.

The availability API is asked first; when it says nothing (it misses captures that
exist), the CDX API is asked. The copy found is then checked: an archived page
answers with a Memento-Datetime header, and the archive's "this site is excluded"
page answers 200 without one. The URL returned is the `id_` form, which serves the
page as it was captured, without the archive's toolbar.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from .base import Politeness, ServiceError, compact_to_iso, parse_day, polite_get

NAME = "wayback"

_SNAPSHOT = re.compile(r"/web/(\d{1,14})[a-z_]*/(.+)$")
_CDX_FIELDS = ["urlkey", "timestamp", "original", "mimetype", "statuscode", "digest", "length"]


@dataclass(frozen=True)
class Capture:
    timestamp: str  # 14 digits, a real moment
    original: str
    mimetype: str = ""
    status: str = ""


def parse_cdx(body: str) -> list[Capture]:
    """Captures of a CDX answer, `output=json` or the default text form. Rows with
    impossible timestamps, negative lengths or URLs that are not web addresses are
    dropped; a resume key after the rows is ignored."""
    text = body.strip()
    if not text:
        return []
    if text.startswith("["):
        try:
            rows = json.loads(text)
        except json.JSONDecodeError:
            return []
        if not rows or not isinstance(rows[0], list):
            return []
        header, records = rows[0], rows[1:]
    else:
        header, records = _CDX_FIELDS, [line.split() for line in text.split("\n\n")[0].splitlines()]
    captures = []
    for record in records:
        if not isinstance(record, list) or len(record) != len(header):
            continue  # the [] before a JSON resume key, or a broken line
        row = dict(zip(header, map(str, record)))
        if _usable(row):
            mimetype, status = row.get("mimetype", ""), row.get("statuscode", "")
            captures.append(Capture(row["timestamp"], row["original"], mimetype, status))
    return captures


def _usable(row: dict[str, str]) -> bool:
    timestamp, original, length = row.get("timestamp", ""), row.get("original", ""), row.get("length", "")
    if len(timestamp) != 14 or compact_to_iso(timestamp) is None:
        return False
    if length.startswith("-") and length != "-":
        return False
    return re.match(r"https?://[^/\s:@]+(:\d+)?(/|$)", original) is not None


def nearest(captures: list[Capture], near: str | None) -> Capture | None:
    """The successful capture closest to the day `near` (the latest without one)."""
    good = [c for c in captures if c.status in ("200", "") and not c.mimetype.startswith("warc/")]
    if not good:
        return None
    day = parse_day(near)
    if day is None:
        return max(good, key=lambda c: c.timestamp)
    return min(good, key=lambda c: abs((parse_day(c.timestamp[:8]) - day).days))


class Wayback:
    name = NAME

    def __init__(self, settings: dict[str, Any], session: Any):
        self.settings = settings
        self.session = session
        self.politeness = Politeness.from_settings(settings)

    def _get(self, url: str, **kwargs):
        return polite_get(self.session, url, service=NAME, politeness=self.politeness, **kwargs)

    def lookup(self, url: str, near: str | None = None) -> tuple[str | None, str | None]:
        """(archive URL, None) or (None, reason code). Never raises."""
        if not self.settings.get("enabled", True):
            return None, None
        reason = None
        try:
            capture = self.available(url, near)
        except ServiceError as error:
            capture, reason = None, error.code
        if capture is None:
            try:
                capture = nearest(self.captures(url), near)
            except ServiceError as error:
                return None, error.code
        if capture is None:
            return None, reason or f"{NAME}_no_capture"
        archive_url = f"{self.settings['memento_url'].rstrip('/')}/{capture.timestamp}id_/{capture.original}"
        if not self.settings.get("check_memento", True):
            return archive_url, None
        try:
            return self.checked(archive_url)
        except ServiceError as error:
            return None, error.code

    def available(self, url: str, near: str | None) -> Capture | None:
        params = {"url": url}
        day = parse_day(near)
        if day:
            params["timestamp"] = day.strftime("%Y%m%d")
        response = self._get(self.settings["availability_url"], params=params)
        try:
            data = response.json()
        except ValueError:
            raise ServiceError(NAME, "bad_response") from None
        closest = (data.get("archived_snapshots") or {}).get("closest") if isinstance(data, dict) else None
        if not isinstance(closest, dict) or not closest.get("available"):
            return None
        if not str(closest.get("status", "200")).startswith(("2", "3")):
            return None
        match = _SNAPSHOT.search(str(closest.get("url", "")))
        timestamp = str(closest.get("timestamp") or (match.group(1) if match else ""))
        if not match or compact_to_iso(timestamp) is None:
            return None
        return Capture(timestamp, match.group(2), status="200")

    def captures(self, url: str) -> list[Capture]:
        params = {
            "url": url,
            "output": "json",
            "filter": "statuscode:200",
            "collapse": "digest",
            "limit": str(self.settings["cdx_limit"]),
        }
        response = self._get(self.settings["cdx_url"], params=params)
        if response.status_code == 403:  # "AdministrativeAccessControlException: Blocked Site Error"
            raise ServiceError(NAME, "blocked")
        if response.status_code != 200:
            raise ServiceError(NAME, f"http_{response.status_code}")
        return parse_cdx(response.text)

    def checked(self, archive_url: str) -> tuple[str | None, str | None]:
        response = self._get(archive_url, stream=True)
        try:
            if response.status_code == 200 and "Memento-Datetime" not in response.headers:
                return None, f"{NAME}_blocked"
            if response.status_code != 200:
                return None, f"{NAME}_no_capture"
            # The archive may redirect to another capture; the final address is the copy.
            return response.url or archive_url, None
        finally:
            response.close()


@cache
def _shipped_settings() -> dict[str, Any]:
    from ..rules import load_rules

    return load_rules()["discovery"]["wayback"]


def archive_lookup(
    url: str, near: str | None = None, *, session: Any, rules: dict | None = None
) -> tuple[str | None, str | None]:
    """(archive URL, None), or (None, reason code) such as wayback_no_capture,
    wayback_blocked, wayback_rate_limited, wayback_unreachable."""
    settings = rules["discovery"]["wayback"] if rules else _shipped_settings()
    return Wayback(settings, session).lookup(url, near)


def archived_copy(url: str, near: str | None = None, *, session: Any, rules: dict | None = None) -> str | None:
    """The archived copy of `url` nearest the day `near` (ISO date), in `id_` form, or None."""
    return archive_lookup(url, near, session=session, rules=rules)[0]
