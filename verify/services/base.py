"""What every discovery back-end shares: the query it answers, the candidates it
returns, the error it raises, and polite HTTP (a pause between requests to one host,
and a back-off after a 429 or a dead host so one run does not hammer a service).

A back-end's `search(query)` returns candidates or raises ServiceError; discovery
turns the error into a reason code on the claim. Nothing here raises anything else
for network trouble.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from datetime import date, datetime, timezone
from typing import TYPE_CHECKING, Any, Protocol
from urllib.parse import urlsplit

if TYPE_CHECKING:  # requests loads with the first search, not with the CLI
    import requests

from ..outlets import Outlet


@dataclass(frozen=True)
class DiscoveryQuery:
    """What to look for, built from a claim (see discover.build_query)."""

    outlet: Outlet | None = None  # the credited publisher, when the registry knows it
    person: str | None = None  # the credited person or organization, when not an outlet
    names: tuple[str, ...] = ()  # proper names of the claim (surnames, places)
    keywords: tuple[str, ...] = ()  # rare content words, rarest first
    numbers: tuple[str, ...] = ()
    phrases: tuple[str, ...] = ()  # directly quoted fragments worth an exact search
    start: date | None = None  # the window the source was likely published in
    end: date | None = None

    @property
    def domains(self) -> tuple[str, ...]:
        return self.outlet.domains if self.outlet else ()

    @property
    def terms(self) -> list[str]:
        """Every word a matching title may carry, for ranking."""
        return [*self.names, *self.keywords, *self.numbers]

    def in_window(self, day: date | None) -> bool | None:
        if day is None or self.start is None or self.end is None:
            return None
        return self.start <= day <= self.end


@dataclass(frozen=True)
class Candidate:
    url: str
    title: str | None = None
    date: str | None = None  # ISO 8601 date or datetime, as the service gave it
    domain: str | None = None
    score: float = 0.0  # the back-end's own confidence, 0..1 (rank or title overlap)
    service: str = ""


class ServiceError(Exception):
    """A back-end could not answer. `code` is a reason code such as gdelt_rate_limited."""

    def __init__(self, service: str, problem: str):
        super().__init__(f"{service}_{problem}")
        self.code = f"{service}_{problem}"


class Service(Protocol):
    name: str

    def search(self, query: DiscoveryQuery) -> list[Candidate]: ...


def is_web_url(url: object) -> bool:
    return isinstance(url, str) and url.startswith(("http://", "https://"))


# --- polite HTTP


@dataclass
class _HostState:
    next_request: float = 0.0
    down_until: float = 0.0
    down_problem: str = ""


_hosts: dict[str, _HostState] = {}


def reset_pacing() -> None:
    """Forget pauses and back-offs (a new run, or a test)."""
    _hosts.clear()


@dataclass(frozen=True)
class Politeness:
    min_interval: float = 1.0  # seconds between two requests to one host
    timeout: float = 20.0
    down_seconds: float = 300.0  # how long an unreachable host is left alone
    backoff_seconds: float = 60.0  # after a 429 without Retry-After

    @classmethod
    def from_settings(cls, settings: dict[str, Any]) -> "Politeness":
        return cls(
            min_interval=float(settings.get("min_interval_seconds", cls.min_interval)),
            timeout=float(settings.get("timeout_seconds", cls.timeout)),
            down_seconds=float(settings.get("down_seconds", cls.down_seconds)),
            backoff_seconds=float(settings.get("backoff_seconds", cls.backoff_seconds)),
        )


def polite_get(
    session: Any,
    url: str,
    *,
    service: str,
    politeness: Politeness,
    params: dict | None = None,
    headers: dict | None = None,
    stream: bool = False,
) -> requests.Response:
    """GET with pacing. Raises ServiceError for timeouts, refused connections, 429
    and 5xx; other statuses are returned for the caller to read."""
    import requests

    host = urlsplit(url).netloc.lower()
    state = _hosts.setdefault(host, _HostState())
    now = time.monotonic()
    if now < state.down_until:
        raise ServiceError(service, state.down_problem)
    if state.next_request > now:
        time.sleep(state.next_request - now)
    state.next_request = time.monotonic() + politeness.min_interval
    try:
        response = session.get(url, params=params, headers=headers, timeout=politeness.timeout, stream=stream)
    except requests.Timeout:
        _mark_down(state, "timeout", politeness.down_seconds)
        raise ServiceError(service, "timeout") from None
    except (requests.RequestException, OSError):
        # Refused, reset, DNS, or an address guard saying no: the same for discovery.
        _mark_down(state, "unreachable", politeness.down_seconds)
        raise ServiceError(service, "unreachable") from None
    if response.status_code == 429:
        _mark_down(state, "rate_limited", _retry_after(response) or politeness.backoff_seconds)
        raise ServiceError(service, "rate_limited")
    if response.status_code >= 500:
        raise ServiceError(service, f"http_{response.status_code}")
    return response


def _mark_down(state: _HostState, problem: str, seconds: float) -> None:
    state.down_until = time.monotonic() + seconds
    state.down_problem = problem


def _retry_after(response: requests.Response) -> float | None:
    value = response.headers.get("Retry-After", "")
    return float(value) if value.strip().isdigit() else None


# --- dates


_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})(?:T?(\d{2})(\d{2})(\d{2})Z?)?$")


def parse_day(value: str | None) -> date | None:
    """A calendar day from ISO 8601 or compact (20240530T120000Z, 20240530) forms;
    None for anything impossible (month 00) or unreadable."""
    if not value:
        return None
    value = value.strip()
    compact = _COMPACT.match(value)
    try:
        if compact:
            year, month, day = (int(part) for part in compact.groups()[:3])
            return date(year, month, day)
        return datetime.fromisoformat(value.replace("Z", "+00:00")).date()
    except ValueError:
        return None


def compact_to_iso(value: str) -> str | None:
    """20230918T031500Z -> 2023-09-18T03:15:00Z (None when not a real moment)."""
    match = _COMPACT.match(value.strip())
    if not match:
        return None
    parts = [int(p) if p else 0 for p in match.groups()]
    try:
        moment = datetime(*parts, tzinfo=timezone.utc)
    except ValueError:
        return None
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")

