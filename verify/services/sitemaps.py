"""The outlet's own record of what it published: the sitemaps named by the `Sitemap:`
lines of its robots.txt (news sitemaps carry news:title and news:publication_date),
and the RSS/Atom feeds listed in the outlet registry.

Only runs for a claim credited to an outlet the registry knows. Entries are kept
when their title or URL shares words with the claim, and their date, if any, falls
in the claim's window.
"""

from __future__ import annotations

import gzip
import re
import zlib
from typing import Any, Iterable
from urllib.robotparser import RobotFileParser

import feedparser
from lxml import etree

from ..outlets import host_of
from .base import Candidate, DiscoveryQuery, Politeness, ServiceError, is_web_url, parse_day, polite_get

NAME = "sitemaps"

# Sitemaps can be large and come from anywhere: no entities, no network, no huge trees.
_XML = etree.XMLParser(resolve_entities=False, no_network=True, recover=True, huge_tree=False)
_WORD = re.compile(r"[^\W_]+")


class Sitemaps:
    name = NAME

    def __init__(self, settings: dict[str, Any], session: Any):
        self.settings = settings
        self.session = session
        self.politeness = Politeness.from_settings(settings)
        self._fetched = self._failed = 0  # per search: did any of the outlet's files answer?

    def search(self, query: DiscoveryQuery) -> list[Candidate]:
        if query.outlet is None:
            return []
        self._fetched = self._failed = 0
        entries = [e for feed in query.outlet.feeds[: self.settings["max_feeds"]] for e in self._feed(feed)]
        for domain in query.outlet.domains[: self.settings["max_domains"]]:
            entries += self._site(domain, query)
        if self._fetched == 0 and self._failed:
            raise ServiceError(NAME, "unreachable")
        return rank_entries(entries, query)

    # --- fetching
    def _get(self, url: str) -> bytes | None:
        try:
            response = polite_get(self.session, url, service=NAME, politeness=self.politeness)
        except ServiceError:
            self._failed += 1
            return None
        if response.status_code != 200:
            self._failed += 1
            return None
        body = response.content
        if body[:2] == b"\x1f\x8b":  # sitemap.xml.gz, served without Content-Encoding
            try:
                body = gzip.decompress(body)
            except (OSError, EOFError, zlib.error):
                self._failed += 1
                return None
        self._fetched += 1
        return body

    def _site(self, domain: str, query: DiscoveryQuery) -> list[Candidate]:
        robots = self._get(self.settings["robots_url"].format(domain=domain))
        if robots is None:
            return []
        parser = RobotFileParser()
        parser.parse(robots.decode("utf-8", "replace").splitlines())
        queue = _news_first(parser.site_maps() or [])
        entries: list[Candidate] = []
        budget = int(self.settings["max_sitemaps"])
        while queue and budget > 0:
            url = queue.pop(0)
            budget -= 1
            body = self._get(url)
            if body is None:
                continue
            children, found = parse_sitemap(body)
            entries += found
            queue += _news_first(c for c in children if _may_cover(c, query))
        return entries

    def _feed(self, url: str) -> list[Candidate]:
        body = self._get(url)
        return parse_feed(body) if body is not None else []


def _news_first(urls: Iterable[str]) -> list[str]:
    return sorted(urls, key=lambda url: "news" not in url.lower())


def _may_cover(sitemap_url: str, query: DiscoveryQuery) -> bool:
    """Dated child sitemaps (sitemap-2024-05.xml) outside the window are skipped."""
    if query.start is None or query.end is None:
        return True
    match = re.search(r"(20\d\d)[-_/]?(0[1-9]|1[0-2])", sitemap_url)
    if not match:
        return True
    month = (int(match.group(1)), int(match.group(2)))
    return (query.start.year, query.start.month) <= month <= (query.end.year, query.end.month)


def _local(element: etree._Element) -> str:
    return etree.QName(element).localname if isinstance(element.tag, str) else ""


def _child_text(element: etree._Element | None, name: str) -> str | None:
    """Text of the first direct child called `name`, whatever its namespace."""
    for child in element if element is not None else ():
        if _local(child) == name and child.text and child.text.strip():
            return child.text.strip()
    return None


def parse_sitemap(body: bytes) -> tuple[list[str], list[Candidate]]:
    """(child sitemap URLs of a sitemap index, page entries of a urlset)."""
    try:
        root = etree.fromstring(body, _XML)
    except etree.XMLSyntaxError:
        return [], []
    if root is None:
        return [], []
    if _local(root) == "sitemapindex":
        children = [_child_text(s, "loc") for s in root if _local(s) == "sitemap"]
        return [c for c in children if c], []
    entries = []
    for node in root:
        if _local(node) != "url":
            continue
        loc = _child_text(node, "loc")
        if not is_web_url(loc):
            continue
        # news:news holds news:title and news:publication_date (image:title is not a headline).
        news = next((child for child in node if _local(child) == "news"), None)
        entries.append(
            Candidate(
                url=loc,
                title=_child_text(news, "title"),
                date=_child_text(news, "publication_date") or _child_text(node, "lastmod"),
                domain=host_of(loc),
                service=NAME,
            )
        )
    return [], entries


def parse_feed(body: bytes) -> list[Candidate]:
    feed = feedparser.parse(body)
    entries = []
    for item in feed.entries:
        link = item.get("link", "")
        if not is_web_url(link):
            continue
        moment = item.get("published_parsed") or item.get("updated_parsed")
        day = f"{moment.tm_year:04d}-{moment.tm_mon:02d}-{moment.tm_mday:02d}" if moment else None
        entries.append(Candidate(url=link, title=item.get("title"), date=day, domain=host_of(link), service=NAME))
    return entries


def _words(text: str) -> set[str]:
    return {w.casefold() for w in _WORD.findall(text) if len(w) > 2}


def rank_entries(entries: list[Candidate], query: DiscoveryQuery) -> list[Candidate]:
    """Entries sharing words with the claim, scored by the share of claim terms found
    in the title (or, for sitemaps without titles, in the URL's slug)."""
    terms = {t.casefold() for term in query.terms for t in _WORD.findall(term) if len(t) > 2}
    if not terms:
        return []
    ranked: dict[str, Candidate] = {}
    for entry in entries:
        if query.in_window(parse_day(entry.date)) is False:
            continue
        shared = terms & _words(entry.title or entry.url.replace("-", " "))
        if not shared:
            continue
        score = len(shared) / len(terms)
        if entry.url not in ranked or ranked[entry.url].score < score:
            ranked[entry.url] = Candidate(entry.url, entry.title, entry.date, entry.domain, score, NAME)
    return sorted(ranked.values(), key=lambda c: -c.score)
