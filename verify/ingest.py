"""Ingest: a file, standard input or fetched bytes -> Article (plain main text).

Formats: plain text, Markdown, HTML and PDF. Every format gives paragraphs and links
as offsets into `Article.text`; text and Markdown also give `raw`/`raw_offsets`, so
`Article.line_column` points into the file the user wrote (HTML: best effort).

Plain text is kept as decoded, except that line ends are normalised to "\\n" (as
Python's universal newlines do): offsets are then positions in the file read that
way, and line/column numbers are the file's own.
"""

from __future__ import annotations

import io
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from .charsets import declared_charset, decode, looks_binary
from .htmltext import SourceCursor, TextBuilder, extract_html, iso_date
from .records import Article, InputError, Link, Span
from .sentences import blank_line_paragraphs

if TYPE_CHECKING:
    from markdown_it.token import Token

KINDS = ("txt", "md", "html", "pdf")
_EXTENSION_KINDS = {
    ".txt": "txt",
    ".text": "txt",
    ".md": "md",
    ".markdown": "md",
    ".mdown": "md",
    ".mkd": "md",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".pdf": "pdf",
}
_CONTENT_TYPE_KINDS = {
    "text/html": "html",
    "application/xhtml+xml": "html",
    "text/markdown": "md",
    "text/x-markdown": "md",
    "application/pdf": "pdf",
}


def read_article(spec: str, *, stdin: TextIO | None = None) -> Article:
    """Read the article named on the command line: a file path, or "-" for standard input."""
    if spec == "-":
        stream = stdin if stdin is not None else sys.stdin
        buffer = getattr(stream, "buffer", None)
        data: bytes | str = buffer.read() if buffer is not None else stream.read()
        kind = detect_kind(data)
        if kind is None:
            raise InputError("-: binary data, not text")
        return _checked(parse_document(data, kind=kind, input="-"))
    scheme = re.match(r"^([a-z][a-z0-9+.-]*)://", spec, re.I)
    if scheme:
        raise InputError(f"{spec}: unsupported URL scheme '{scheme.group(1)}' (use http or https)")
    path = Path(spec)
    if path.is_dir():
        raise InputError(f"{spec}: is a directory, not a file")
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{spec}: no such file") from None
    except OSError as exc:
        raise InputError(f"{spec}: cannot read file ({exc.strerror or exc})") from None
    kind = _EXTENSION_KINDS.get(path.suffix.lower())
    if kind is None:
        kind = detect_kind(data)
        if kind is None:
            raise InputError(
                f"{spec}: unsupported file type '{path.suffix or 'none'}'"
                " (expected .txt, .md, .html or .pdf)"
            )
    return _checked(parse_document(data, kind=kind, input=spec))


def _checked(article: Article) -> Article:
    if not article.text.strip():
        raise InputError(f"{article.input}: no readable text")
    return article


def detect_kind(data: bytes | str, content_type: str | None = None) -> str | None:
    """txt, md, html or pdf from a media type, else from the content; None for binary data."""
    media_type = (content_type or "").split(";")[0].strip().lower()
    if media_type in _CONTENT_TYPE_KINDS:
        return _CONTENT_TYPE_KINDS[media_type]
    head = data[:4096]
    if isinstance(head, bytes):
        if head.startswith(b"%PDF-"):
            return "pdf"
        if looks_binary(head):
            return None
        head = head.decode("utf-8", errors="replace")
    head = head.lstrip("\ufeff \t\r\n")
    if head.startswith("<") and _HTML_TAG.search(head):
        return "html"
    return "md" if _MARKDOWN_SYNTAX.search(head) else "txt"


_HTML_TAG = re.compile(r"<(?:!doctype html|html|head|body|p|div|article)\b", re.I)
# Headings, quotes, list items, [links](url) and **strong** text.
_MARKDOWN_SYNTAX = re.compile(
    r"^(?:#{1,6} |> |\s*[-*+] |\s*\d+\. )|\[[^\]\n]+\]\([^)\s]+\)|\*\*\S", re.M
)


def parse_document(
    data: bytes | str,
    *,
    kind: str,
    input: str,
    url: str | None = None,
    content_type: str | None = None,
) -> Article:
    """Turn a document's bytes (or text) into an Article.

    Used for the article under check and for every fetched source page. Raises
    InputError when the data is empty, binary or not of a supported kind.
    """
    if kind not in KINDS:
        raise InputError(f"{input}: unsupported document type '{kind}'")
    if kind == "pdf":
        if isinstance(data, str):
            raise InputError(f"{input}: a PDF must be given as bytes")
        return _parse_pdf(data, input=input, url=url)
    if isinstance(data, bytes):
        data = decode(data, declared=declared_charset(data, content_type, kind), name=input)
    if not data.strip():
        raise InputError(f"{input}: empty document")
    text = _normalise_newlines(data.removeprefix("\ufeff"))
    if kind == "txt":
        return _parse_text(text, input=input, url=url)
    if kind == "md":
        return _parse_markdown(text, input=input, url=url)
    return _parse_html(text, input=input, url=url)


def _normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


# ---------------------------------------------------------------- plain text

def _parse_text(text: str, *, input: str, url: str | None) -> Article:
    paragraphs = blank_line_paragraphs(text)
    return Article(
        input=input,
        text=text,
        paragraphs=paragraphs,
        links=bare_url_links(text),
        format="txt",
        url=url,
        title=_headline(text, paragraphs),
        published=_byline_date(text, paragraphs),
        author=_byline_author(text, paragraphs),
        raw=text,
    )


def _headline(text: str, paragraphs: list[Span]) -> str | None:
    """The first paragraph when it reads like a headline: one short line, no full stop."""
    if len(paragraphs) < 2:
        return None
    first = text[slice(*paragraphs[0])]
    if "\n" in first or len(first) > 150 or first.endswith((".", ",", ";", ":")):
        return None
    return None if first.lower().startswith("by ") else first


_MONTHS = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_DATE_IN_BYLINE = re.compile(
    rf"\b(?:{_MONTHS} \d{{1,2}}, \d{{4}}|\d{{1,2}} {_MONTHS} \d{{4}}|\d{{4}}-\d{{2}}-\d{{2}})\b"
)


def _byline_date(text: str, paragraphs: list[Span], *, look_at: int = 4) -> str | None:
    """A date written in the short paragraphs that open an article (its byline)."""
    for start, end in paragraphs[:look_at]:
        if end - start > 200:
            continue
        match = _DATE_IN_BYLINE.search(text, start, end)
        if match:
            return _parse_written_date(match.group())
    return None


# "By Bernard Ashworth, Theatre Critic · 11 October 2025": two to four capitalised words.
_BYLINE_AUTHOR = re.compile(r"[^\w\n]*By\s+([A-Z][\w'’-]*(?:\s+[A-Z][\w'’.-]*){1,3})")


def _byline_author(text: str, paragraphs: list[Span], *, look_at: int = 4) -> str | None:
    """The writer named by a "By X" line among the short paragraphs that open an article."""
    for start, end in paragraphs[:look_at]:
        match = _BYLINE_AUTHOR.match(text, start, end)
        if end - start <= 200 and match:
            return match.group(1).rstrip(".")
    return None


def _parse_written_date(written: str) -> str | None:
    return iso_date(written.replace(".", "").replace("Sept ", "Sep "))


_BARE_URL = re.compile(r"\bhttps?://[^\s<>\"'`]+", re.I)


def bare_url_links(text: str, existing: list[Link] = ()) -> list[Link]:
    """Links for URLs written out in the text, outside the anchors already known."""
    links = list(existing)
    for match in _BARE_URL.finditer(text):
        url = match.group().rstrip(".,;:!?'\"»”’>")
        if url.endswith(")") and url.count(")") > url.count("("):
            url = url[:-1]
        start, end = match.start(), match.start() + len(url)
        if not any(link.start < end and link.end > start for link in existing):
            links.append(Link(url, start, end, url))
    return sorted(links, key=lambda link: (link.start, link.end))


# ---------------------------------------------------------------- Markdown

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)


def _parse_markdown(source: str, *, input: str, url: str | None) -> Article:
    from markdown_it import MarkdownIt

    front = _front_matter(source)
    # The front matter is blanked, not cut, so the parser's line numbers stay the file's.
    body = source
    if front is not None:
        end = _FRONT_MATTER.match(source).end()
        body = "\n" * source.count("\n", 0, end) + source[end:]
    parser = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    parser.normalizeLink = str.strip  # keep URLs as written, not percent-encoded
    tokens = parser.parse(body)
    builder = TextBuilder()
    cursor = SourceCursor(source)
    line_starts = [0] + [m.end() for m in re.finditer("\n", source)]
    title = None
    opener = None  # the block token that holds the next inline token
    for token in tokens:
        if token.type == "inline":
            if token.map:
                cursor.seek(line_starts[token.map[0]])
            # Table cells share their row's paragraph; other blocks are paragraphs.
            separate = builder.space if opener.type in ("th_open", "td_open") else builder.block
            separate()
            _markdown_inline(token.children or [], builder, cursor)
            separate()
            if opener.type == "heading_open" and opener.tag == "h1" and title is None:
                title = " ".join(token.content.split())
        elif token.type in ("fence", "code_block"):
            if token.map:
                cursor.seek(line_starts[token.map[0]])
            for line in token.content.split("\n"):
                builder.block()
                builder.text(line, lambda word, _first: cursor.find(word, window=200))
            builder.block()
        elif token.type in ("tr_open", "tr_close"):
            builder.block()
        opener = token
    text, paragraphs, links = builder.finish()
    front = front or {}
    return Article(
        input=input,
        text=text,
        paragraphs=paragraphs,
        links=bare_url_links(text, links),
        format="md",
        url=url,
        title=front.get("title") or title,
        published=iso_date(front.get("date")) or _byline_date(text, paragraphs),
        author=front.get("author") or _byline_author(text, paragraphs),
        raw=source,
        raw_offsets=builder.raw_offsets,
    )


# What follows a link's text in the source: "](url "title")", "][ref]" or "]".
_LINK_TAIL = re.compile(
    r"\]\((?:<[^>\n]*>|[^()\s]*(?:\([^()\s]*\)[^()\s]*)*)"
    r"(?:\s+(?:\"[^\"]*\"|'[^']*'|\([^)]*\)))?\s*\)"
    r"|\]\[[^\]\n]*\]|\]"
)
_IMAGE = re.compile(r"!\[.*?\]\([^)]*\)")
_BR_TAG = re.compile(r"<br\b", re.I)


def _markdown_inline(children: list[Token], builder: TextBuilder, cursor: SourceCursor) -> None:
    def locate(word: str, _first: bool) -> int | None:
        return cursor.find(word, window=120)

    for child in children:
        kind = child.type
        if kind in ("text", "code_inline"):
            builder.text(child.content, locate)
        elif kind == "softbreak":
            builder.space()
        elif kind == "hardbreak" or (kind == "html_inline" and _BR_TAG.match(child.content)):
            builder.block()
        elif kind == "link_open":
            builder.open_link(str(child.attrs.get("href", "")))
        elif kind == "link_close":
            builder.close_link()
            # Step over "](url)" so that words of the URL are not taken for the text after it.
            tail = _LINK_TAIL.match(cursor.raw, cursor.position)
            if tail:
                cursor.seek(tail.end())
        elif kind == "image":
            tail = _IMAGE.search(cursor.raw, cursor.position)
            if tail and tail.start() - cursor.position < 200:
                cursor.seek(tail.end())


def _front_matter(source: str) -> dict[str, str] | None:
    """Simple `key: value` pairs of a YAML front matter block (title, date)."""
    match = _FRONT_MATTER.match(source)
    if not match:
        return None
    pairs = {}
    for line in match.group(1).splitlines():
        key, sep, value = line.partition(":")
        if sep and key.strip() and not key.startswith((" ", "\t")):
            pairs[key.strip().lower()] = value.strip().strip("\"'")
    return pairs


# ---------------------------------------------------------------- HTML and PDF


def _parse_html(html: str, *, input: str, url: str | None) -> Article:
    page = extract_html(html, url=url)
    meta = page.metadata
    return Article(
        input=input,
        text=page.text,
        paragraphs=page.paragraphs,
        links=page.links,
        format="html",
        url=url,
        title=meta.title,
        published=meta.published,
        modified=meta.modified,
        publisher=meta.publisher,
        publisher_method=meta.publisher_method,
        author=meta.author or _byline_author(page.text, page.paragraphs),
        paywalled=page.paywalled,
        raw=html,
        raw_offsets=page.raw_offsets,
    )


def _parse_pdf(data: bytes, *, input: str, url: str | None) -> Article:
    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(data))
        pages = [page.extract_text() or "" for page in reader.pages]
        info = reader.metadata
        title = info.title if info else None
        created = info.creation_date if info else None
    except Exception as exc:  # pypdf raises many kinds of error on a malformed file
        raise InputError(f"{input}: unreadable PDF ({type(exc).__name__})") from None
    builder = TextBuilder()
    for page in pages:
        # PDF text comes as hard-wrapped lines; blank lines separate paragraphs.
        for block in re.split(r"\n[ \t]*\n", _normalise_newlines(page)):
            builder.block()
            builder.text(re.sub(r"-\n(?=[a-z])", "", block))
    text, paragraphs, links = builder.finish()
    return Article(
        input=input,
        text=text,
        paragraphs=paragraphs,
        links=bare_url_links(text, links),
        format="pdf",
        url=url,
        title=title or None,
        published=created.isoformat() if created else None,
    )
