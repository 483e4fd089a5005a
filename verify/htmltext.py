"""Plain text out of markup: the main text of an HTML page, with its links, metadata
and the position of every word in the source.

`TextBuilder` collects words into paragraphs (joined by a blank line), keeps link
anchors as offsets into the text, and records where each run of text came from in
the source, so a report can point at a line and column of what the user wrote. It
serves Markdown too (see ingest.py).
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin

from .records import Link, Span

if TYPE_CHECKING:
    from bs4 import BeautifulSoup, Tag

_WORD = re.compile(r"\S+")

# Where a word sits in the source: called with the word and whether it opens a new
# text node (a longer search is allowed then); returns the source offset or None.
Locator = Callable[[str, bool], "int | None"]


class TextBuilder:
    """Accumulates plain text: words separated by one space, paragraphs by a blank line."""

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._length = 0
        self._paragraph_start: int | None = None
        self._space_pending = False
        self._open_links: list[list] = []  # [url, start or None]
        self._closed_links: list[tuple[str, int, int]] = []
        self.paragraphs: list[Span] = []
        self.raw_offsets: list[Span] = []

    def block(self) -> None:
        """End the current paragraph: whatever follows starts a new one."""
        if self._paragraph_start is not None:
            self.paragraphs.append((self._paragraph_start, self._length))
            self._paragraph_start = None
        self._space_pending = False

    def space(self) -> None:
        self._space_pending = True

    def text(self, chunk: str, locate: Locator | None = None) -> None:
        """Append a chunk of text, collapsing its white space."""
        if chunk[:1].isspace():
            self._space_pending = True
        for i, match in enumerate(_WORD.finditer(chunk)):
            if i:
                self._space_pending = True
            word = match.group()
            self._word(word, locate(word, i == 0) if locate else None)
        if chunk[-1:].isspace():
            self._space_pending = True

    def open_link(self, url: str) -> None:
        self._open_links.append([url, None])

    def close_link(self) -> None:
        if not self._open_links:
            return
        url, start = self._open_links.pop()
        if start is not None and self._length > start:
            self._closed_links.append((url, start, self._length))

    def finish(self) -> tuple[str, list[Span], list[Link]]:
        self.block()
        while self._open_links:
            self.close_link()
        text = "".join(self._parts)
        links = [Link(url, start, end, text[start:end]) for url, start, end in self._closed_links]
        links.sort(key=lambda link: (link.start, link.end))
        return text, self.paragraphs, links

    def _word(self, word: str, raw_at: int | None) -> None:
        if self._paragraph_start is None:
            if self._length:
                self._write("\n\n")
            self._paragraph_start = self._length
        elif self._space_pending:
            self._write(" ")
        self._space_pending = False
        for link in self._open_links:
            if link[1] is None:
                link[1] = self._length
        if raw_at is not None:
            self._map(self._length, raw_at)
        self._write(word)

    def _write(self, s: str) -> None:
        self._parts.append(s)
        self._length += len(s)

    def _map(self, text_at: int, raw_at: int) -> None:
        if self.raw_offsets:
            last_text, last_raw = self.raw_offsets[-1]
            if raw_at == last_raw + (text_at - last_text):
                return  # the current run simply continues
        self.raw_offsets.append((text_at, raw_at))


class SourceCursor:
    """Finds words of the plain text in the source, moving forward only."""

    def __init__(self, raw: str) -> None:
        self.raw = raw
        self.position = 0

    def seek(self, position: int) -> None:
        self.position = max(self.position, position)

    def find(self, word: str, window: int) -> int | None:
        end = self.position + window + len(word)
        at = self.raw.find(word, self.position, end)
        if at >= 0:
            self.position = at + len(word)
            return at
        return self._search(_source_pattern(word), end)

    def find_text_start(self, word: str, window: int) -> int | None:
        """The first word of a text node: it follows a tag's '>' or white space."""
        end = self.position + window + len(word)
        at = self.raw.find(word, self.position, end)
        while at >= 0:
            if at == 0 or self.raw[at - 1] == ">" or self.raw[at - 1].isspace():
                self.position = at + len(word)
                return at
            at = self.raw.find(word, at + 1, end)
        return self._search(r"(?<![^>\s])" + _source_pattern(word), end)

    def _search(self, pattern: str, end: int) -> int | None:
        match = re.compile(pattern).search(self.raw, self.position, end)
        if not match:
            return None
        self.position = match.end()
        return match.start()


def _source_pattern(word: str) -> str:
    """A regex for how a word may be written in the source: any sign may be an entity
    (&rsquo; &#8220;) or carry a Markdown backslash escape."""
    return "".join(
        re.escape(c) if c.isalnum() else f"(?:\\\\?{re.escape(c)}|&[#\\w]+;)" for c in word
    )


# ---------------------------------------------------------------- HTML main text

_SKIPPED_TAGS = frozenset(
    "script style noscript template svg canvas iframe object embed video audio picture img "
    "source track map area form button input select option textarea label nav aside footer "
    "head title meta link dialog menu".split()
)
_BLOCK_TAGS = frozenset(
    "address article blockquote caption dd details div dl dt fieldset figcaption figure h1 h2 "
    "h3 h4 h5 h6 header hgroup hr li main ol p pre section summary table tbody thead tfoot tr "
    "ul center".split()
)
_BOILERPLATE_ROLES = frozenset(
    "navigation banner contentinfo complementary search dialog alertdialog menu menubar "
    "toolbar".split()
)
# class/id words of page furniture: banners, teasers, sidebars, sharing, comments.
_BOILERPLATE_CLASS = re.compile(
    r"cookie|consent|gdpr|sidebar|newsletter|breadcrumb|outbrain|taboola|advert|sponsor|promo"
    r"|teaser|related|recommend|most[-_]?(?:read|popular|viewed|shared)|mostread|popular|trending"
    r"|recirc|masthead|skip[-_]?link|sign[-_]?up|off[-_]?screen|visually[-_]hidden|sr[-_]only"
    r"|screen[-_]?reader|(?<![a-z])(?:ad|ads|nav|navbar|navigation|menu|comments?|share|sharing"
    r"|sharetools|social|footer|toolbar|tags|topics|more[-_]stories|read[-_]more)(?![a-z])"
)
# Attributes besides class that name what an element is.
_NAMING_ATTRIBUTES = ("id", "data-testid", "data-component", "data-module")
# A one-link paragraph led by these words is a teaser for another story.
_TEASER_LEAD = re.compile(
    r"^\s*(?:read more|read also|also read|related|see also|more|recommended|watch|listen"
    r"|most read)\b\s*[:|>-]?",
    re.I,
)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_UNLINKABLE = re.compile(r"^(?:#|javascript:|mailto:|tel:|data:)", re.I)


@dataclass
class PageMetadata:
    """What a page says about itself: JSON-LD first, then meta tags and markup."""

    title: str | None = None
    published: str | None = None
    modified: str | None = None
    publisher: str | None = None
    publisher_method: str | None = None
    author: str | None = None
    not_free: bool = False  # declared isAccessibleForFree: false


@dataclass
class HtmlDocument:
    text: str
    paragraphs: list[Span]
    links: list[Link]
    raw_offsets: list[Span]
    metadata: PageMetadata
    paywalled: bool = False


def extract_html(html: str, url: str | None = None) -> HtmlDocument:
    """Main text, links, metadata and paywall state of an HTML page."""
    from bs4 import BeautifulSoup

    # html.parser records where each tag starts, which anchors the text in the source.
    soup = BeautifulSoup(html, "html.parser")
    page = _PageIndex(soup)
    base = _base_url(page, url)
    meta = _page_metadata(page)
    container = _main_container(page)
    builder = TextBuilder()
    _HtmlWalker(html, builder, base, page.stats).walk(container)
    text, paragraphs, links = builder.finish()
    if not text and container is not page.body:
        # The chosen container held nothing readable: fall back to the whole page.
        builder = TextBuilder()
        _HtmlWalker(html, builder, base, page.stats).walk(page.body)
        text, paragraphs, links = builder.finish()
    if meta.published is None:
        meta.published = _time_element_date(page, container) or _htmldate(html, url)
    meta.title = meta.title or _first_heading(container)
    return HtmlDocument(
        text=text,
        paragraphs=paragraphs,
        links=links,
        raw_offsets=builder.raw_offsets,
        metadata=meta,
        paywalled=is_paywall_stub(text, paragraphs, declared_not_free=meta.not_free),
    )


class _PageIndex:
    """The page's elements by tag name and text statistics, gathered in one pass."""

    def __init__(self, soup: BeautifulSoup) -> None:
        from bs4 import Tag

        self.by_name: dict[str, list[Tag]] = defaultdict(list)
        self.story_bodies: list[Tag] = []  # [itemprop|property=articleBody]
        self.main_roles: list[Tag] = []  # [role=main]
        for node in soup.descendants:
            if isinstance(node, Tag):
                self.by_name[node.name].append(node)
                if "articleBody" in (node.get("itemprop"), node.get("property")):
                    self.story_bodies.append(node)
                if node.get("role") == "main":
                    self.main_roles.append(node)
        self.body = soup.body or soup
        self.stats = _block_stats(self.body)

    def first(self, name: str) -> Tag | None:
        found = self.by_name.get(name)
        return found[0] if found else None


def _base_url(page: _PageIndex, url: str | None) -> str | None:
    for base in page.by_name.get("base", []):
        if base.get("href"):
            return urljoin(url or "", base["href"].strip())
    return url


def _is_plain_string(node: Any) -> bool:
    from bs4 import NavigableString

    return type(node) is NavigableString


def _main_container(page: _PageIndex) -> Tag:
    """The element holding the story: articleBody, else <article>, else <main>, else <body>."""
    page_length = page.stats[id(page.body)].text
    for candidates in (
        page.story_bodies,
        page.by_name.get("article", []),
        page.by_name.get("main", []) + page.main_roles,
    ):
        lengths = [(page.stats[id(c)].text, c) for c in candidates if id(c) in page.stats]
        if not lengths:
            continue
        length, best = max(lengths, key=lambda pair: pair[0])
        if candidates is page.story_bodies:
            # A story body split in parts (around an advert): take the element holding them all.
            parts = [c for size, c in lengths if size >= 0.25 * length]
            best, length = _common_ancestor(parts), sum(size for size, _ in lengths)
        # A candidate holding a sliver of the page (a headline block) is not the story.
        if length >= 0.15 * page_length or length >= 2000:
            return best
    return page.body


def _common_ancestor(tags: list[Tag]) -> Tag:
    ancestors = [tags[0], *tags[0].parents]
    for tag in tags[1:]:
        lineage = {id(tag), *(id(parent) for parent in tag.parents)}
        ancestors = [a for a in ancestors if id(a) in lineage]
    return ancestors[0]


@dataclass
class _BlockStats:
    text: int = 0
    link_text: int = 0
    links: int = 0


def _block_stats(root: Tag) -> dict[int, _BlockStats]:
    """Text length, link text length and link count of every element, in one pass.

    Iterative, children before parents: pages nest deeper than Python's recursion limit.
    """
    stats: dict[int, _BlockStats] = {}
    stack: list[tuple[Tag, bool, bool]] = [(root, False, False)]
    while stack:
        tag, in_link, children_done = stack.pop()
        in_link = in_link or _is_link(tag)
        if not children_done:
            stack.append((tag, in_link, True))
            stack.extend((child, in_link, False) for child in _counted_children(tag))
            continue
        own = _BlockStats(links=int(_is_link(tag)))
        for child in tag.children:
            if _is_plain_string(child):
                size = len(child.strip())
                own.text += size
                own.link_text += size if in_link else 0
        for child in _counted_children(tag):
            sub = stats[id(child)]
            own.text += sub.text
            own.link_text += sub.link_text
            own.links += sub.links
        stats[id(tag)] = own
    return stats


def _counted_children(tag: Tag) -> Iterator[Tag]:
    from bs4 import Tag

    for child in tag.children:
        if isinstance(child, Tag) and child.name not in ("script", "style", "template"):
            yield child


def _is_link(tag: Tag) -> bool:
    return tag.name == "a" and tag.has_attr("href")


class _HtmlWalker:
    """Writes the text of an element's subtree into a TextBuilder, skipping furniture."""

    def __init__(
        self, html: str, builder: TextBuilder, base: str | None, stats: dict[int, _BlockStats]
    ) -> None:
        self.builder = builder
        self.base = base
        self.cursor = SourceCursor(html)
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", html)]
        self.stats = stats
        self.container_text = 0

    def walk(self, container: Tag) -> None:
        from bs4 import Tag

        self.container_text = self.stats[id(container)].text
        # An explicit stack of nodes to visit and of elements to close (iterative, as
        # pages nest deeper than Python's recursion limit).
        stack: list[tuple] = [("visit", child, False) for child in reversed(container.contents)]
        while stack:
            action, node, flag = stack.pop()
            if action == "close":
                self._close(node, linked=flag)
            elif isinstance(node, Tag):
                if node.name == "br":
                    self.builder.block()
                elif not self._is_boilerplate(node):
                    linked = self._open(node)
                    in_pre = flag or node.name == "pre"
                    stack.append(("close", node, linked))
                    stack.extend(("visit", child, in_pre) for child in reversed(_readable_children(node)))
            elif _is_plain_string(node):
                anchor = self._source_position(_preceding_tag(node))
                if anchor is not None:
                    self.cursor.seek(anchor)
                self._string(str(node), in_pre=flag)

    def _open(self, tag: Tag) -> bool:
        if tag.name in _BLOCK_TAGS:
            self.builder.block()
        href = tag.get("href") if tag.name == "a" else None
        if isinstance(href, str) and href.strip() and not _UNLINKABLE.match(href.strip()):
            self.builder.open_link(urljoin(self.base, href.strip()) if self.base else href.strip())
            return True
        return False

    def _close(self, tag: Tag, linked: bool) -> None:
        if linked:
            self.builder.close_link()
        if tag.name in _BLOCK_TAGS:
            self.builder.block()
        elif tag.name in ("td", "th"):
            self.builder.space()

    def _source_position(self, tag: Tag | None) -> int | None:
        if tag is None or tag.sourceline is None or tag.sourcepos is None:
            return None
        return self.line_starts[tag.sourceline - 1] + tag.sourcepos

    def _string(self, s: str, in_pre: bool) -> None:
        lines = s.split("\n") if in_pre else [s]
        for i, line in enumerate(lines):
            if i:
                self.builder.block()
            self.builder.text(line, self._locate)

    def _locate(self, word: str, starts_node: bool) -> int | None:
        if starts_node:
            return self.cursor.find_text_start(word, window=4000)
        return self.cursor.find(word, window=80)

    def _is_boilerplate(self, tag: Tag) -> bool:
        name = tag.name
        if name in _SKIPPED_TAGS:
            return True
        if tag.has_attr("hidden") or tag.get("aria-hidden") == "true":
            return True
        if str(tag.get("role", "")).lower() in _BOILERPLATE_ROLES:
            return True
        if name == "header" and tag.find_parent(("article", "main")) is None:
            return True
        if name == "figure" and tag.find("blockquote") is None and tag.find("figcaption") is None:
            return True  # pictures and players; captions and pull quotes stay
        if _HIDDEN_STYLE.search(str(tag.get("style", ""))):
            return True
        stats = self.stats.get(id(tag))
        if stats is None:
            return False
        if _boilerplate_class(tag) and stats.text < 0.5 * self.container_text:
            return True
        return _is_link_list(tag, stats)


def _readable_children(tag: Tag) -> list:
    """The children whose text is read: of a figure without a pull quote only its
    caption ('"..." - Jane Doe' is an attribution; credits and players are not)."""
    if tag.name == "figure" and tag.find("blockquote") is None:
        return tag.find_all("figcaption")
    return tag.contents


def _preceding_tag(node: Any) -> Tag | None:
    """The element a text node follows in the source: its previous sibling, else its parent."""
    from bs4 import Tag

    sibling = node.previous_sibling
    while sibling is not None and not isinstance(sibling, Tag):
        sibling = sibling.previous_sibling
    return sibling if sibling is not None else node.parent


def _boilerplate_class(tag: Tag) -> bool:
    names = " ".join(
        [*(tag.get("class") or []), *(str(tag.get(key) or "") for key in _NAMING_ATTRIBUTES)]
    )
    return bool(names.strip()) and bool(_BOILERPLATE_CLASS.search(names.lower()))


def _is_link_list(tag: Tag, stats: _BlockStats) -> bool:
    """Lists of links to other pages (related stories, tags), and one-link teasers."""
    if tag.name not in _BLOCK_TAGS or stats.text == 0:
        return False
    density = stats.link_text / stats.text
    if stats.links >= 2 and density >= 0.7 and tag.name != "p":
        return True
    return (
        tag.name in ("p", "div", "li")
        and stats.links == 1
        and density >= 0.6
        and stats.text < 200
        and bool(_TEASER_LEAD.match(tag.get_text(" ")))
    )


def _first_heading(container: Tag) -> str | None:
    heading = container.find("h1")
    return _clean(heading.get_text(" ")) if heading is not None else None


# ---------------------------------------------------------------- metadata


_ARTICLE_TYPE = re.compile(r"(?:Article|BlogPosting|Report|Posting)$")
_PUBLISHED_META = (
    "article:published_time",
    "datepublished",
    "og:published_time",
    "publish-date",
    "publishdate",
    "pubdate",
    "date",
    "dc.date.issued",
    "dc.date",
    "dcterms.created",
    "parsely-pub-date",
    "sailthru.date",
)
_MODIFIED_META = ("article:modified_time", "datemodified", "og:updated_time", "dcterms.modified")


def _page_metadata(page: _PageIndex) -> PageMetadata:
    meta_tags = _meta_contents(page)
    article, nodes_by_id = _json_ld_article(page)
    found = PageMetadata()
    found.title = meta_tags.get("og:title") or _clean(article.get("headline"))
    found.published = iso_date(article.get("datePublished")) or _first_date(
        meta_tags, _PUBLISHED_META
    )
    found.modified = iso_date(article.get("dateModified")) or _first_date(
        meta_tags, _MODIFIED_META
    )
    publisher = _node_name(article.get("publisher"), nodes_by_id)
    if publisher:
        found.publisher, found.publisher_method = publisher, "json-ld"
    elif meta_tags.get("og:site_name"):
        found.publisher, found.publisher_method = meta_tags["og:site_name"], "open-graph"
    found.author = _node_name(article.get("author"), nodes_by_id) or _meta_author(page, meta_tags)
    found.not_free = _declared_not_free(article)
    found.title = found.title or _title_tag(page, found.publisher)
    return found


def _meta_contents(page: _PageIndex) -> dict[str, str]:
    contents: dict[str, str] = {}
    for tag in page.by_name.get("meta", []):
        key = tag.get("property") or tag.get("name") or tag.get("itemprop")
        value = tag.get("content")
        if isinstance(key, str) and isinstance(value, str) and value.strip():
            contents.setdefault(key.strip().lower(), " ".join(value.split()))
    return contents


def _title_tag(page: _PageIndex, site: str | None) -> str | None:
    """The <title>, without the " | Site name" most pages append to it."""
    title_tag = page.first("title")
    title = _clean(title_tag.get_text()) if title_tag else None
    if title and site:
        title = re.sub(rf"\s+[|\-–—:·]\s+{re.escape(site)}$", "", title)
    return title


def _clean(value: Any) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if not isinstance(value, str):
        return None
    return " ".join(value.split()) or None


def _json_ld_nodes(page: _PageIndex) -> Iterator[dict]:
    for script in page.by_name.get("script", []):
        if "ld+json" not in str(script.get("type", "")).lower():
            continue
        source = script.get_text().strip()
        # Some pages wrap the data in an HTML comment or CDATA section.
        source = re.sub(r"^\s*(?:<!--|<!\[CDATA\[)|(?:-->|\]\]>)\s*$", "", source)
        try:
            data = json.loads(source, strict=False)
        except ValueError:
            continue
        yield from _dicts(data, depth=0)


def _dicts(data: Any, depth: int) -> Iterator[dict]:
    if depth > 6:
        return
    if isinstance(data, list):
        for item in data:
            yield from _dicts(item, depth + 1)
    elif isinstance(data, dict):
        yield data
        for key in ("@graph", "mainEntity", "mainEntityOfPage", "itemListElement"):
            if key in data:
                yield from _dicts(data[key], depth + 1)


def _types(node: dict) -> list[str]:
    kind = node.get("@type", [])
    return [kind] if isinstance(kind, str) else [k for k in kind if isinstance(k, str)]


def _json_ld_article(page: _PageIndex) -> tuple[dict, dict[str, dict]]:
    """The page's article node (or {}) and all nodes by @id, to resolve references."""
    nodes = list(_json_ld_nodes(page))
    nodes_by_id = {node["@id"]: node for node in nodes if isinstance(node.get("@id"), str)}
    articles = [node for node in nodes if any(_ARTICLE_TYPE.search(t) for t in _types(node))]
    pages = [node for node in nodes if "WebPage" in _types(node) and "datePublished" in node]
    return (articles or pages or [{}])[0], nodes_by_id


def _node_name(node: Any, nodes_by_id: dict[str, dict]) -> str | None:
    """The name of a JSON-LD publisher or author: a string, a node, a reference to one,
    or the first of a list."""
    if isinstance(node, list):
        node = node[0] if node else None
    if isinstance(node, str):
        return _clean(node) if not node.startswith(("http", "#")) else None
    if isinstance(node, dict):
        if "name" not in node and isinstance(node.get("@id"), str):
            node = nodes_by_id.get(node["@id"], {})
        return _clean(node.get("name"))
    return None


def _meta_author(page: _PageIndex, meta_tags: dict[str, str]) -> str | None:
    """<meta name="author"> (not a profile URL), else the text of a rel="author" link."""
    author = meta_tags.get("author") or meta_tags.get("article:author")
    if author and not author.startswith("http"):
        return author
    for link in page.by_name.get("a", []):
        if "author" in (link.get("rel") or []):
            return _clean(link.get_text())
    return None
    return None


def _is_false(value: Any) -> bool:
    return value is False or (isinstance(value, str) and value.strip().lower() in ("false", "no"))


def _declared_not_free(article: dict) -> bool:
    parts = article.get("hasPart", [])
    parts = parts if isinstance(parts, list) else [parts]
    return _is_false(article.get("isAccessibleForFree")) or any(
        isinstance(part, dict) and _is_false(part.get("isAccessibleForFree")) for part in parts
    )


def _first_date(meta_tags: dict[str, str], keys: tuple[str, ...]) -> str | None:
    for key in keys:
        date = iso_date(meta_tags.get(key))
        if date:
            return date
    return None


_DATE_FORMATS = ("%B %d, %Y", "%b %d, %Y", "%b. %d, %Y", "%d %B %Y", "%d %b %Y", "%Y/%m/%d")


def iso_date(value: Any) -> str | None:
    """An ISO 8601 date or datetime from the usual ways pages write dates, else None."""
    value = _clean(value)
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value)
        return parsed.date().isoformat() if len(value) <= 10 else parsed.isoformat()
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(value).isoformat()
    except (TypeError, ValueError, IndexError):
        pass
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(value, fmt).date().isoformat()
        except ValueError:
            continue
    return None


def _time_element_date(page: _PageIndex, container: Tag) -> str | None:
    """A <time> marked as the publication date, else the story's first dated <time>."""
    times = [t for t in page.by_name.get("time", []) if t.get("datetime")]
    marked = [t for t in times if t.get("itemprop") == "datePublished" or t.has_attr("pubdate")]
    in_story = [t for t in times if any(parent is container for parent in t.parents)]
    for time in marked[:1] + in_story[:1]:
        date = iso_date(time.get("datetime"))
        if date:
            return date
    return None


# Every date htmldate can find has a four-digit year (it looks no further back than 1995).
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")


def _htmldate(html: str, url: str | None) -> str | None:
    """Last resort: htmldate's date heuristics over the page (URL, markup patterns).

    A page and URL with no year in them have no date to find, so htmldate, slow to
    import, is not loaded for them."""
    if not _YEAR.search(html) and not _YEAR.search(url or ""):
        return None
    from htmldate import find_date

    try:
        return find_date(html, url=url, extensive_search=False, original_date=True)
    except Exception:  # htmldate has no narrow error type; a missing date is not fatal
        return None


# ---------------------------------------------------------------- paywall

# Wording that only a paywall uses.
_PAYWALL_STRONG = re.compile(
    r"to (?:continue|keep) reading|continue reading (?:with|by|for)|subscribers? only"
    r"|(?:available|reserved|exclusive) (?:only )?(?:to|for) (?:\w+ )?(?:subscribers|members)"
    r"|already (?:a )?(?:subscriber|member)|already have an account"
    r"|(?:sign|log) ?in to (?:continue|read|keep reading|access)|create a free account"
    r"|register (?:now )?to (?:continue|read)|unlock (?:this|the full) (?:article|story)"
    r"|subscription required|start your (?:free )?trial"
    r"|(?:article|story|content|page) is (?:only )?for (?:paying )?(?:subscribers|members)",
    re.I,
)
# Wording a paywall box shares with other calls to subscribe.
_PAYWALL_WEAK = re.compile(
    r"subscri(?:be|ption|ber)|sign in|log ?in|cancel any ?time|unlimited (?:digital )?access", re.I
)
STUB_WORDS = 120  # story words (outside the paywall box) below which a page is a stub
DECLARED_STUB_WORDS = 150  # the same, for a page that declares itself not free


def is_paywall_stub(text: str, paragraphs: list[Span], *, declared_not_free: bool = False) -> bool:
    """True when the page holds a paywall box and little else.

    `declared_not_free` is the page's own JSON-LD isAccessibleForFree=false: then a
    short text is enough, since the full story is not in the page.
    """
    story_words = 0
    strong = False
    for start, end in paragraphs:
        paragraph = text[start:end]
        if _PAYWALL_STRONG.search(paragraph):
            strong = True
        elif not _PAYWALL_WEAK.search(paragraph):
            story_words += len(paragraph.split())
    if declared_not_free:
        return story_words < DECLARED_STUB_WORDS
    return strong and story_words < STUB_WORDS

