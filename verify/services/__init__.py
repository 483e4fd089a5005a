"""Discovery back-ends. Each answers `search(DiscoveryQuery) -> list[Candidate]` and
raises base.ServiceError (with a reason code) when its service cannot answer.

Services whose terms forbid programmatic use (Google News RSS among them) are not used.
"""

from __future__ import annotations

from typing import Any

from .base import Candidate, DiscoveryQuery, Service, ServiceError

__all__ = ["Candidate", "DiscoveryQuery", "Service", "ServiceError", "build_services"]


def build_services(rules: dict, session: Any) -> list[Service]:
    """The search back-ends enabled in rules/discovery.toml, in the order they are asked.
    The keyed web search joins only when its API key is set in the environment.
    Back-ends load here, with the first claim worth searching."""
    from .gdelt import Gdelt
    from .sitemaps import Sitemaps
    from .websearch import WebSearch, api_key

    settings: dict[str, Any] = rules.get("discovery", {})
    services: list[Service] = []
    if settings.get("gdelt", {}).get("enabled"):
        services.append(Gdelt(settings["gdelt"], session))
    if settings.get("sitemaps", {}).get("enabled"):
        services.append(Sitemaps(settings["sitemaps"], session))
    web = settings.get("websearch", {})
    key = api_key(web)
    if web.get("enabled") and key:
        services.append(WebSearch(web, session, key))
    return services
