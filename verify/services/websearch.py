"""An optional keyed web-search back-end (the Brave Search API's web search format).

Off unless the environment variable named by `api_key_env` in rules/discovery.toml
holds a key: discovery then simply does without it.
"""

from __future__ import annotations

import os
import re
from typing import Any

from ..outlets import host_of
from .base import Candidate, DiscoveryQuery, Politeness, ServiceError, is_web_url, polite_get

NAME = "websearch"


def api_key(settings: dict[str, Any]) -> str | None:
    return os.environ.get(settings.get("api_key_env", ""), "").strip() or None


def build_query(query: DiscoveryQuery) -> str | None:
    words = [f'"{p}"' for p in query.phrases[:1]] or [*query.names[:3], *query.keywords[:4], *query.numbers[:1]]
    if not words:
        return None
    sites = [f"site:{d}" for d in query.domains[:1]]
    return " ".join([*words, *sites])


class WebSearch:
    name = NAME

    def __init__(self, settings: dict[str, Any], session: Any, key: str):
        self.settings = settings
        self.session = session
        self.key = key
        self.politeness = Politeness.from_settings(settings)

    def search(self, query: DiscoveryQuery) -> list[Candidate]:
        expression = build_query(query)
        if expression is None:
            return []
        params = {"q": expression, "count": str(self.settings["count"])}
        if query.start and query.end:
            params["freshness"] = f"{query.start.isoformat()}to{query.end.isoformat()}"
        response = polite_get(
            self.session,
            self.settings["base_url"],
            service=NAME,
            politeness=self.politeness,
            params=params,
            headers={"Accept": "application/json", "X-Subscription-Token": self.key},
        )
        if response.status_code in (401, 403):
            raise ServiceError(NAME, "unauthorized")
        if response.status_code != 200:
            raise ServiceError(NAME, f"http_{response.status_code}")
        try:
            data = response.json()
        except ValueError:
            raise ServiceError(NAME, "bad_response") from None
        return parse_results(data)


def parse_results(data: Any) -> list[Candidate]:
    results = ((data or {}).get("web") or {}).get("results") if isinstance(data, dict) else None
    rows = [r for r in results or [] if isinstance(r, dict) and is_web_url(r.get("url"))]
    return [
        Candidate(
            url=row["url"],
            title=re.sub(r"<[^>]+>", "", row.get("title") or "") or None,  # drop <strong> highlights
            date=row.get("page_age"),
            domain=host_of(row["url"]),
            score=1.0 - rank / len(rows),
            service=NAME,
        )
        for rank, row in enumerate(rows)
    ]
