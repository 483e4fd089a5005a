"""GDELT DOC 2.0 API, article list mode: news articles matching keywords, optionally
from one outlet's domain, within a date window.

Known quirks handled here: errors come back as plain text or HTML with status 200
("A maximum of 250 records can be returned."); some JSON bodies carry invalid
backslash escapes; a busy server answers 429 (the service asks for no more than
one request every few seconds, see rules/discovery.toml).
"""

from __future__ import annotations

import json
import re
from datetime import date, timedelta
from typing import Any

from ..outlets import host_of
from .base import Candidate, DiscoveryQuery, Politeness, ServiceError, compact_to_iso, is_web_url, polite_get

NAME = "gdelt"

# A backslash that does not start a JSON escape; doubled pairs are kept as they are.
_BACKSLASH = re.compile(r'\\(["\\/bfnrtu])|\\')


def build_query(query: DiscoveryQuery, settings: dict[str, Any]) -> str | None:
    """The GDELT search expression, or None when the claim gives nothing to search for.

    Names are required and the rare words OR'd (GDELT wants OR lists in parentheses).
    Without names, a quoted fragment is searched as an exact phrase, or else the rarest
    word is required. Exact phrases are not the first choice: a misquote would miss."""
    required = [_term(name) for name in query.names[: settings["max_names"]]]
    keywords = list(query.keywords[: settings["max_keywords"]])
    if not required and query.phrases:
        required.append(_term(max(query.phrases, key=len)))
    elif not required and keywords:
        required.append(keywords.pop(0))
    if not required:
        return None
    terms = [*required, *_any_of(keywords), *_any_of([f"domain:{d}" for d in query.domains])]
    return " ".join(terms)


def _any_of(terms: list[str]) -> list[str]:
    if len(terms) > 1:
        return ["(" + " OR ".join(terms) + ")"]
    return terms


def _term(words: str) -> str:
    words = words.replace('"', "")
    return f'"{words}"' if " " in words else words


class Gdelt:
    name = NAME

    def __init__(self, settings: dict[str, Any], session: Any):
        self.settings = settings
        self.session = session
        self.politeness = Politeness.from_settings(settings)

    def params(self, query: DiscoveryQuery) -> dict[str, str] | None:
        expression = build_query(query, self.settings)
        if expression is None:
            return None
        params = {
            "query": expression,
            "mode": "artlist",
            "format": "json",
            "maxrecords": str(min(int(self.settings["max_records"]), 250)),
            "sort": self.settings["sort"],
        }
        if query.start and query.end:
            params["startdatetime"] = _stamp(query.start)
            params["enddatetime"] = _stamp(query.end + timedelta(days=1))
        return params

    def search(self, query: DiscoveryQuery) -> list[Candidate]:
        params = self.params(query)
        if params is None:
            return []
        response = polite_get(
            self.session, self.settings["base_url"], service=NAME, politeness=self.politeness, params=params
        )
        if response.status_code != 200:
            raise ServiceError(NAME, f"http_{response.status_code}")
        return parse_artlist(response.text)


def _stamp(day: date) -> str:
    return day.strftime("%Y%m%d000000")


def parse_artlist(body: str) -> list[Candidate]:
    """Candidates from an artlist JSON body, best first as GDELT ranked them."""
    text = body.strip()
    if not text:
        return []
    if not text.startswith("{"):
        # Plain-text or HTML error page sent with status 200.
        raise ServiceError(NAME, "error_page")
    try:
        data = json.loads(text, strict=False)
    except json.JSONDecodeError:
        # "Mayor\'s" means "Mayor's": drop the backslash of an escape JSON doesn't know.
        repaired = _BACKSLASH.sub(lambda m: m.group(0) if m.group(1) else "", text)
        try:
            data = json.loads(repaired, strict=False)
        except json.JSONDecodeError:
            raise ServiceError(NAME, "bad_response") from None
    articles = data.get("articles") if isinstance(data, dict) else None
    if not isinstance(articles, list):
        return []
    rows = [a for a in articles if isinstance(a, dict) and is_web_url(a.get("url"))]
    return [
        Candidate(
            url=row["url"],
            title=(row.get("title") or "").strip() or None,
            date=compact_to_iso(str(row.get("seendate", ""))),
            domain=row.get("domain") or host_of(row["url"]),
            score=1.0 - rank / len(rows),
            service=NAME,
        )
        for rank, row in enumerate(rows)
    ]
