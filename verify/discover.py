"""Discovery: candidate sources for a claim the article gives no link for.

A query is built from the claim (the credited outlet or person, names, rare words,
numbers, quoted fragments, a date window around the article's date), the back-ends
of verify/services are asked, and their candidates are ranked by whether they are on
the credited outlet's domain, how much their title resembles the claim, and whether
they were published in the window.

`find` never raises for network trouble: a back-end that cannot answer adds a reason
code (gdelt_rate_limited, sitemaps_unreachable, ...) to `Discovery.reasons`, which the
pipeline puts in the claim's reasons, and the other back-ends still answer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from rapidfuzz import fuzz, utils

from .outlets import Outlet, Registry, host_of
from .records import Article, Claim, Source
from .services import Candidate, DiscoveryQuery, Service, ServiceError, build_services
from .services.base import parse_day

_WORD = re.compile(r"[^\W\d_][\w'’.-]*[^\W_]|[^\W\d_]")
_NUMBER = re.compile(r"\d[\d,.]*\d%?|\d%?")


@dataclass
class Discovery:
    sources: list[Source] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)  # why discovery found nothing, or what failed
    query: DiscoveryQuery | None = None


def credited_outlet(claim: Claim, registry: Registry) -> Outlet | None:
    """The outlet a claim is credited through ("according to WSJ"), or whose voice it is."""
    for speaker in (claim.via, claim.speaker):
        if speaker is None:
            continue
        for name in (speaker.name, *speaker.aliases):
            outlet = registry.by_name(name)
            if outlet:
                return outlet
    return None


def build_query(claim: Claim, article: Article, rules: dict) -> DiscoveryQuery:
    settings = rules["discovery"]["query"]
    registry = Registry.from_rules(rules)
    outlet = credited_outlet(claim, registry)
    # Common words, and the words of the credited outlet's names ("Wall", "Street"), find nothing.
    skip = {w.casefold() for w in settings["common_words"]}
    if outlet:
        skip |= {w.casefold() for name in (outlet.name, *outlet.aliases) for w in _words(name)}
    person = None
    names: list[str] = []
    if registry.by_name(claim.speaker.name) is None:
        person = claim.speaker.name
        # The surname, or the one word of "Russia"; not "officials" or "he".
        names += [w for w in _words(person)[-1:] if w[0].isupper() and w.casefold() not in skip]
    content = claim.content or claim.text
    words = _words(" ".join([content, *claim.quotes]))
    # Capitalised words are names; dotted abbreviations (U.S.) are too short to search.
    names += [w for w in words if w[0].isupper() and "." not in w and len(w) >= 3 and w.casefold() not in skip]
    long_enough = settings["min_keyword_length"]
    keywords = [w for w in words if w.islower() and len(w) >= long_enough and w.casefold() not in skip]
    day = parse_day(article.published)
    window = rules["discovery"]["window"]
    return DiscoveryQuery(
        outlet=outlet,
        person=person,
        names=tuple(_unique(names)[: settings["max_names"]]),
        # Longer words are rarer: a cheap stand-in for word frequencies.
        keywords=tuple(sorted(_unique(keywords), key=len, reverse=True)[: settings["max_keywords"]]),
        numbers=tuple(_unique(_NUMBER.findall(content))),
        phrases=tuple(q.strip() for q in claim.quotes if len(q.split()) >= settings["min_phrase_words"]),
        start=day - timedelta(days=window["days_before"]) if day else None,
        end=day + timedelta(days=window["days_after"]) if day else None,
    )


def _words(text: str) -> list[str]:
    """Words without a possessive ending: "Ukraine's" -> "Ukraine"."""
    return [re.sub(r"['’]s$", "", w) for w in _WORD.findall(text)]


def _unique(words: list[str]) -> list[str]:
    first: dict[str, str] = {}
    for word in words:
        first.setdefault(word.casefold(), word)
    return list(first.values())


def rank(candidates: list[Candidate], query: DiscoveryQuery, rules: dict) -> list[Source]:
    """Sources from the candidates worth fetching, best first."""
    weights = rules["discovery"]["ranking"]
    registry = Registry.from_rules(rules)
    terms = [utils.default_process(term) for term in query.terms]
    best: dict[str, tuple[float, Source]] = {}
    for candidate in candidates:
        owner = registry.by_url(candidate.url)
        if query.outlet:
            if owner != query.outlet and weights["credited_outlet_only"]:
                continue
            domain = 1.0 if owner == query.outlet else 0.0
        else:
            domain = 0.6 if owner else 0.3
        label = candidate.title or candidate.url.rstrip("/").rsplit("/", 1)[-1].replace("-", " ")
        title = title_similarity(terms, label, weights)
        if title < weights["min_title_similarity"]:
            continue
        inside = query.in_window(parse_day(candidate.date))
        date = 0.5 if inside is None else float(inside)
        score = (
            weights["weight_domain"] * domain
            + weights["weight_title"] * title
            + weights["weight_date"] * date
            + weights["weight_service"] * candidate.score
        )
        if score < weights["min_score"]:
            continue
        note = (
            f"{candidate.service}: {owner.name if owner else host_of(candidate.url)}; "
            f"title similarity {title:.2f}; date {candidate.date or 'unknown'}; score {score:.2f}"
        )
        key = _url_key(candidate.url)
        if key not in best or best[key][0] < score:
            best[key] = (score, Source(candidate.url, origin="discovery", title=candidate.title, note=note))
    ranked = sorted(best.values(), key=lambda pair: -pair[0])
    return [source for _, source in ranked[: weights["max_sources"]]]


def title_similarity(terms: list[str], title: str, settings: dict) -> float:
    """Share of the claim's terms found in a title, each allowed small differences
    ("reconsidering" ~ "Reconsider"); a few found terms are enough for a short title."""
    words = utils.default_process(title).split()
    if not terms or not words:
        return 0.0
    found = sum(1 for term in terms if max(fuzz.ratio(term, word) for word in words) >= settings["term_match_ratio"])
    return min(found / min(len(terms), settings["title_terms"]), 1.0)


def _url_key(url: str) -> str:
    """One entry per page: scheme, www., fragment and a trailing slash don't matter."""
    return host_of(url) + re.sub(r"^[a-z]+://[^/]*", "", url.split("#")[0]).rstrip("/")


def worth_searching(query: DiscoveryQuery, rules: dict) -> bool:
    """A query has words to search for and, unless the scope takes every claim, an
    outlet of the registry to search within."""
    if not (query.terms or query.phrases):
        return False
    return query.outlet is not None or rules["discovery"]["scope"]["claims"] == "all"


def find(
    claim: Claim,
    article: Article,
    rules: dict,
    *,
    session: Any,
    services: list[Service] | None = None,
    query: DiscoveryQuery | None = None,
) -> Discovery:
    """Candidate sources for one claim, and the reason codes of back-ends that failed
    ("discovery_no_match" when every back-end answered and nothing fitted)."""
    query = query or build_query(claim, article, rules)
    result = Discovery(query=query)
    if not worth_searching(query, rules):
        return result
    services = build_services(rules, session) if services is None else services
    candidates: list[Candidate] = []
    for service in services:
        try:
            candidates += service.search(query)
        except ServiceError as error:
            result.reasons.append(error.code)
        except Exception:  # noqa: BLE001 - one back-end's bug must not end the whole check
            result.reasons.append(f"{getattr(service, 'name', 'discovery')}_failed")
        result.sources = rank(candidates, query, rules)
        if result.sources and not rules["discovery"]["ranking"]["ask_all"]:
            break
    if services and not result.sources and not result.reasons:
        result.reasons.append("discovery_no_match")
    return result


def discover(
    claim: Claim, article: Article, rules: dict, *, session: Any, services: list[Service] | None = None
) -> list[Source]:
    """The sources of `find`, for callers that do not report reasons."""
    return find(claim, article, rules, session=session, services=services).sources

