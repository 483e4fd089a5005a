"""The outlet registry (rules/outlets.toml): names, aliases, domains and kinds of
publishers, so a credited name ("WSJ") and a source URL (wsj.com) can be compared."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit


@dataclass(frozen=True)
class Outlet:
    name: str
    kind: str  # publication | agency | institution | broadcaster | government
    aliases: tuple[str, ...] = ()
    domains: tuple[str, ...] = ()
    feeds: tuple[str, ...] = ()


def name_key(name: str) -> str:
    """Compare names without case, a leading "the", punctuation or spacing."""
    key = re.sub(r"[^\w\s]", "", name.casefold().replace("’", "'"))
    key = re.sub(r"^the\s+", "", key.strip())
    return re.sub(r"\s+", " ", key)


def host_of(url: str) -> str:
    host = (urlsplit(url).hostname or "").lower()
    return host[4:] if host.startswith("www.") else host


_BUILT: dict[tuple[int, ...], tuple[list, "Registry"]] = {}
_BUILT_LIMIT = 8


class Registry:
    def __init__(self, outlets: list[Outlet]):
        self.outlets = outlets
        self._by_name = {}
        for outlet in outlets:
            for name in (outlet.name, *outlet.aliases):
                self._by_name.setdefault(name_key(name), outlet)

    @classmethod
    def from_rules(cls, rules: dict) -> "Registry":
        """The registry of rules' outlets, built once per set of entries: a batch asks
        for it for every claim and source."""
        entries = rules.get("outlets", {}).get("outlet", [])
        # Keyed on the entries' identities, which the cached value keeps alive.
        key = tuple(map(id, entries))
        if key not in _BUILT:
            if len(_BUILT) >= _BUILT_LIMIT:
                _BUILT.pop(next(iter(_BUILT)))
            outlets = [
                Outlet(
                    name=e["name"],
                    kind=e.get("kind", "publication"),
                    aliases=tuple(e.get("aliases", ())),
                    domains=tuple(d.lower() for d in e.get("domains", ())),
                    feeds=tuple(e.get("feeds", ())),
                )
                for e in entries
            ]
            _BUILT[key] = (list(entries), cls(outlets))
        return _BUILT[key][1]

    def by_name(self, name: str) -> Outlet | None:
        return self._by_name.get(name_key(name))

    def by_url(self, url: str) -> Outlet | None:
        """The outlet owning the URL's host; the longest matching domain wins, so a
        committee on foreignaffairs.house.gov is not taken for the whole House."""
        host = host_of(url)
        best, best_length = None, 0
        for outlet in self.outlets:
            for domain in outlet.domains:
                if (host == domain or host.endswith("." + domain)) and len(domain) > best_length:
                    best, best_length = outlet, len(domain)
        return best
