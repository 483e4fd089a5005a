"""Ingest: files, standard input and fetched bytes become plain main text with links,
paragraphs, metadata and positions in the source."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from verify.extract import extract
from verify.ingest import detect_kind, parse_document, read_article
from verify.records import Article, InputError
from verify.rules import load_rules

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures" / "ingest"
SHARED = ROOT.parent / "shared"
DEV_SET = SHARED / "eval" / "sets" / "dev"
NEWS_PAGES = SHARED / "api-samples" / "news-html"


def paragraphs(article: Article) -> list[str]:
    return [article.text[start:end] for start, end in article.paragraphs]


def assert_links_consistent(article: Article) -> None:
    for link in article.links:
        assert article.text[link.start : link.end] == link.text
        assert link.text.strip() == link.text and link.text


def assert_words_located(article: Article) -> None:
    """Every word of the text maps to where it is written in the source (entities allowed)."""
    assert article.raw is not None
    for match in re.finditer(r"\S+", article.text):
        at = article.raw_offset(match.start())
        assert at is not None
        word = match.group()
        written = article.raw[at : at + len(word) + 10]
        # A plain word is written as is; others may start with an entity or an escape,
        # or run across a tag ("By</span>Tal").
        if word.isalnum():
            visible = written.split("<")[0][: len(word)]
            assert visible and word.startswith(visible), (word, written)
        else:
            assert written[0] in word[0] + "&\\", (word, written)


def html_page(body: str, head: str = "") -> str:
    return f"<html><head>{head}</head><body>{body}</body></html>"


def parse_html(page: str) -> Article:
    return parse_document(page, kind="html", input="page.html")


def shared_files(folder: Path, pattern: str) -> list[Path]:
    files = sorted(folder.glob(pattern)) if folder.is_dir() else []
    if not files:
        pytest.skip(f"shared files not available: {folder}")
    return files


# ---------------------------------------------------------------- plain text


def test_text_is_kept_verbatim_with_paragraphs_title_date_and_bare_links():
    path = FIXTURES / "article.txt"
    article = read_article(str(path))
    assert article.format == "txt"
    assert article.text == path.read_text(encoding="utf-8")
    assert article.raw == article.text
    assert article.title == "Harbour ferry fares frozen for a second year"
    assert article.published == "2025-03-03"
    texts = paragraphs(article)
    assert texts[0] == article.title
    assert texts[1] == "By Lina Okoye, Westbay Courier\nMarch 3, 2025"
    # The headline repeated between paragraphs stays: extraction drops repeated lines.
    assert "Westbay ferry service to freeze fares" in texts
    assert [link.url for link in article.links] == [
        "https://westbay.example/press/fares-2025",
        "https://westbay.example/budget",
    ]
    assert_links_consistent(article)


def test_text_line_column_is_the_files_own():
    article = read_article(str(FIXTURES / "article.txt"))
    lines = article.text.split("\n")
    offset = article.text.index("board chair")
    line, column = article.line_column(offset)
    assert lines[line - 1][column - 1 :].startswith("board chair")


def test_crlf_line_ends_read_as_newlines(tmp_path):
    path = tmp_path / "crlf.txt"
    path.write_bytes(b"Headline here\r\n\r\nFirst paragraph,\r\nwrapped.\r\n\r\nSecond.\r\n")
    article = read_article(str(path))
    assert "\r" not in article.text
    assert paragraphs(article) == ["Headline here", "First paragraph,\nwrapped.", "Second."]
    assert article.line_column(article.text.index("Second")) == (6, 1)


def test_text_without_a_headline_has_no_title(tmp_path):
    path = tmp_path / "note.txt"
    path.write_text("The council met on Monday. It approved the budget.\n\nMore later.\n")
    assert read_article(str(path)).title is None


# ---------------------------------------------------------------- Markdown


def test_markdown_syntax_is_removed_and_links_keep_offsets():
    article = read_article(str(FIXTURES / "article.md"))
    assert article.format == "md"
    assert article.title == "Harbour ferry fares frozen for a second year"
    assert article.published == "2025-03-03"
    texts = paragraphs(article)
    assert texts[:4] == [
        "Harbour ferry fares frozen for a second year",
        "By Lina Okoye, Westbay Courier. March 3, 2025",
        "The Westbay ferry service will keep its fares at $3.10 through 2026, the "
        "transit authority said on Monday.",
        "Reactions",
    ]
    # Brackets that are not link syntax stay; the image is dropped.
    assert "“[The board] agreed unanimously,” Rey said" in article.text
    assert "ferry at dawn" not in article.text and "![" not in article.text
    assert '"We will watch the budget closely," said auditor Mia Lund.' in texts
    assert "Fares stay at $3.10" in texts  # list items are paragraphs, markers gone
    assert "Monthly passes stay at *$85*" in texts  # escaped asterisks are literal
    assert "Snake_case_names and a literal & sign stay as they are." in texts
    assert [(link.text, link.url) for link in article.links] == [
        ("said on Monday", "https://westbay.example/press/fares-2025"),
        ("Westbay Courier", "https://courier.example/ferry"),  # reference-style link
    ]
    assert_links_consistent(article)


def test_markdown_line_column_points_into_the_file():
    path = FIXTURES / "article.md"
    article = read_article(str(path))
    lines = path.read_text(encoding="utf-8").split("\n")
    for needle in ("said on Monday", "Board chair", "unanimously", "Mia Lund", "Monthly passes"):
        line, column = article.line_column(article.text.index(needle))
        assert lines[line - 1][column - 1 :].startswith(needle), needle
    line, column = article.line_column(article.links[1].start)
    assert lines[line - 1][column - 2 :].startswith("[Westbay Courier]")
    assert_words_located(article)


def test_markdown_front_matter_gives_title_and_date_and_is_not_text():
    article = read_article(str(FIXTURES / "front-matter.md"))
    assert article.title == "Ferry fares frozen"
    assert article.published == "2025-03-04"
    assert paragraphs(article) == ["The ferry service will keep its fares, the authority said."]
    assert article.line_column(article.links[0].start) == (7, 41)


def test_markdown_keeps_link_urls_as_written():
    article = parse_document("Read [the report]({{BASE}}/café.html).", kind="md", input="x.md")
    assert [link.url for link in article.links] == ["{{BASE}}/café.html"]


# ---------------------------------------------------------------- HTML


def test_html_main_text_drops_page_furniture_and_keeps_the_story():
    article = read_article(str(FIXTURES / "page-semantic.html"))
    assert article.format == "html"
    texts = paragraphs(article)
    assert texts[0] == "Ferry fares frozen for a second year"
    quote = "“Nobody should pay more for the same crossing,” board chair Tomas Rey said"
    assert f"{quote} in a statement." in texts
    for furniture in (
        "cookies",  # consent banner
        "Sport",  # navigation
        "Privacy",  # footer
        "Harbour dredging",  # related stories aside
        "Share this story",  # sharing tools
        "Bridge tolls",  # link list inside the article
        "A century of ferries",  # "Read more" teaser
        "install the app",  # hidden element
    ):
        assert furniture not in article.text, furniture
    assert "Single $3.10" in texts  # table rows are paragraphs
    assert "The ferry at dawn. Photo: Westbay Courier" in texts  # a caption is a paragraph of its own


def test_html_figure_keeps_its_caption_as_a_paragraph_and_a_signed_caption_is_an_attribution():
    html = (
        "<html><body><article><h1>River turns orange after chemical spill</h1>"
        "<p>The water authority has closed the weir to boats while crews lay booms.</p>"
        "<figure><img src='river.jpg' alt='Orange water under a bridge'>"
        "<div class='player'>Play video 0:45</div>"
        "<figcaption>“We could see the river turning orange from the footbridge.”"
        " - Calloway Finch, Marlow Lane resident</figcaption></figure>"
        "<figure><img src='crews.jpg' alt=''><figcaption>Crews lay booms below the weir on Tuesday.</figcaption></figure>"
        "<p>Residents downstream have been told not to drink well water until further notice.</p>"
        "</article></body></html>"
    )
    article = parse_document(html, kind="html", input="spill.html")
    texts = paragraphs(article)
    caption = "“We could see the river turning orange from the footbridge.” - Calloway Finch, Marlow Lane resident"
    assert caption in texts
    assert "Crews lay booms below the weir on Tuesday." in texts
    assert "Orange water under a bridge" not in article.text and "Play video" not in article.text

    claims = extract(article, load_rules())
    assert [(c.speaker.name, c.quote) for c in claims] == [
        ("Calloway Finch", "We could see the river turning orange from the footbridge")
    ]


def test_html_speaker_labels_and_line_breaks_make_paragraphs():
    article = read_article(str(FIXTURES / "page-semantic.html"))
    texts = paragraphs(article)
    assert "TOMAS REY: We looked at every line of the budget." in texts
    assert "HOST: And?" in texts


def test_html_links_resolve_against_the_page_url():
    data = (FIXTURES / "page-semantic.html").read_bytes()
    url = "https://westbay.example/news/ferry.html"
    article = parse_document(data, kind="html", input="page", url=url)
    assert [(link.text, link.url) for link in article.links] == [
        ("said on Monday", "https://westbay.example/press/fares-2025.html"),
        ("statement", "https://westbay.example/statement"),
    ]
    assert_links_consistent(article)


def test_html_json_ld_metadata_resolves_graph_references():
    article = read_article(str(FIXTURES / "page-semantic.html"))
    assert article.title == "Ferry fares frozen for a second year"  # og:title first
    assert article.published == "2025-03-03T09:30:00+00:00"
    assert article.modified == "2025-03-04T08:00:00+01:00"
    assert (article.publisher, article.publisher_method) == ("Westbay Courier", "json-ld")
    assert article.paywalled is False


def test_html_without_semantic_tags_uses_class_names_and_open_graph():
    article = read_article(str(FIXTURES / "page-divs.html"))
    assert paragraphs(article) == [
        "Council approves harbour budget",
        "The council approved the harbour budget by six votes to three, the clerk reported.",
        'Councillor Ada Brun said the vote was "a good day for the waterfront."',
    ]
    assert article.links[0].url == "https://bulletin.example/city/2025/02/vote.html"  # <base href>
    assert article.title == "Council approves harbour budget"  # site name cut from <title>
    assert (article.publisher, article.publisher_method) == ("Eastbank Bulletin", "open-graph")
    assert article.published == "2025-02-11T18:00:00-05:00"


def test_html_positions_point_at_the_source():
    path = FIXTURES / "page-semantic.html"
    article = read_article(str(path))
    lines = path.read_text(encoding="utf-8").split("\n")
    line, column = article.line_column(article.text.index("board chair"))
    assert lines[line - 1][column - 1 :].startswith("board chair")
    line, column = article.line_column(article.text.index("“Nobody"))
    assert lines[line - 1][column - 1 :].startswith("&ldquo;Nobody")
    assert_words_located(article)


def test_html_story_body_in_parts_is_read_whole():
    part = '<div itemprop="articleBody"><p>{}</p></div>'
    body = (
        part.format("The first half of the story, as the board said on Monday.")
        + '<div class="ad-slot"><p>Advertisement for a sofa sale this weekend.</p></div>'
        + part.format("The second half of the story, where the mayor replied.")
    )
    article = parse_html(html_page(f"<div class='page'>{body}</div><footer>Footer</footer>"))
    assert paragraphs(article) == [
        "The first half of the story, as the board said on Monday.",
        "The second half of the story, where the mayor replied.",
    ]


def test_html_time_element_gives_the_date_when_metadata_has_none():
    story = "<h1>Hi</h1><time datetime='2024-05-03T10:00:00Z'>May 3</time><p>Text.</p>"
    article = parse_html(html_page(f"<article>{story}</article>"))
    assert article.published == "2024-05-03T10:00:00+00:00"


@pytest.mark.parametrize("name", ["paywall-declared.html", "paywall-wording.html"])
def test_paywall_stubs_are_detected(name):
    assert read_article(str(FIXTURES / name)).paywalled is True


def test_full_story_is_not_a_paywall_despite_subscribe_wording_or_declaration():
    sentence = "of the ferry story tells readers what the board decided and why."
    story = "".join(f"<p>Paragraph {i} {sentence}</p>" for i in range(12))
    promo = "<p>Subscribe to continue reading our coverage. Already a subscriber? Sign in.</p>"
    declared = json.dumps({"@type": "NewsArticle", "isAccessibleForFree": False})
    for head in ("", f'<script type="application/ld+json">{declared}</script>'):
        page = html_page(f"<article><h1>Ferry</h1>{story}<div>{promo}</div></article>", head)
        assert parse_html(page).paywalled is False


def test_short_free_story_is_not_a_paywall():
    story = "<h1>Ferry</h1><p>The ferry runs on Sunday, the operator said.</p>"
    assert parse_html(html_page(f"<article>{story}</article>")).paywalled is False


# ---------------------------------------------------------------- decoding and input errors


def test_declared_charset_and_a_lying_declaration():
    words = "Café “Señor” — naïve"
    declared = html_page(f"<p>{words}</p>", '<meta charset="windows-1252">')
    assert parse_document(declared.encode("cp1252"), kind="html", input="x").text == words
    # Declared latin-1 but written as UTF-8: the bytes win.
    lying = html_page(f"<p>{words}</p>", '<meta charset="iso-8859-1">')
    assert parse_document(lying.encode("utf-8"), kind="html", input="x").text == words
    # No declaration, not UTF-8: detection.
    sentence = "The mayor’s office said the café “will reopen” on Monday — after repairs."
    assert parse_document(sentence.encode("cp1252"), kind="txt", input="x").text == sentence


def test_content_type_charset_and_bom():
    data = "Ein Bericht über die Fähre.".encode("iso-8859-15")
    content_type = "text/plain; charset=iso-8859-15"
    article = parse_document(data, kind="txt", input="x", content_type=content_type)
    assert article.text == "Ein Bericht über die Fähre."
    bom = "\ufeffFähre".encode("utf-8")
    assert parse_document(bom, kind="txt", input="x").text == "Fähre"
    assert parse_document("Fähre".encode("utf-16"), kind="txt", input="x").text == "Fähre"


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        (lambda d: d / "missing.txt", "no such file"),
        (lambda d: d, "is a directory"),
        (lambda d: _write(d / "empty.md", b""), "empty"),
        (lambda d: _write(d / "blank.txt", b" \n\t\n"), "empty"),
        (lambda d: _write(d / "image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), "binary"),
        (lambda d: _write(d / "noise.md", bytes(range(128, 256)) * 20), "binary"),
        (lambda d: _write(d / "archive.zip", b"PK\x03\x04\x14\x00\x00\x00"), "unsupported file"),
        (lambda d: _write(d / "nav.html", b"<nav><a href='/'>Hi</a></nav>"), "no readable"),
    ],
)
def test_bad_input_gives_one_line_input_error(tmp_path, setup, message):
    with pytest.raises(InputError) as error:
        read_article(str(setup(tmp_path)))
    assert message in str(error.value)
    assert "\n" not in str(error.value)


def test_non_http_url_is_an_input_error():
    with pytest.raises(InputError, match="unsupported URL scheme 'ftp'"):
        read_article("ftp://example.com/story.txt")


def test_unknown_extension_is_sniffed(tmp_path):
    page = _write(tmp_path / "story.php", b"<!DOCTYPE html><html><body><p>Hi.</p></body></html>")
    assert read_article(str(page)).format == "html"
    note = _write(tmp_path / "story.rst", b"Plain words only.\n")
    assert read_article(str(note)).format == "txt"


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


# ---------------------------------------------------------------- standard input and sniffing


@pytest.mark.parametrize(
    ("content", "kind"),
    [
        ("<!doctype html><html><body><p>Hi there.</p></body></html>", "html"),
        ("# Title\n\nThe mayor [said](https://x.example/a) so.\n", "md"),
        ("The mayor said so.\n", "txt"),
    ],
)
def test_stdin_is_sniffed(content, kind):
    article = read_article("-", stdin=io.StringIO(content))
    assert (article.input, article.format) == ("-", kind)


def test_stdin_bytes_are_decoded():
    stream = io.TextIOWrapper(io.BytesIO("Café says hello.\n".encode("utf-8")))
    assert read_article("-", stdin=stream).text == "Café says hello.\n"


def test_empty_stdin_is_an_input_error():
    with pytest.raises(InputError, match="empty"):
        read_article("-", stdin=io.StringIO("   \n"))


def test_detect_kind_prefers_the_media_type():
    assert detect_kind(b"plain words", content_type="text/html; charset=utf-8") == "html"
    assert detect_kind(b"%PDF-1.4 ...") == "pdf"
    assert detect_kind(b"\x00\x01binary") is None


def test_unsupported_kind_is_an_input_error():
    with pytest.raises(InputError, match="unsupported document type"):
        parse_document(b"x", kind="docx", input="x")


# ---------------------------------------------------------------- PDF


def _minimal_pdf(text: str) -> bytes:
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\n" % (len(objects) + 1)
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def test_pdf_text_is_extracted():
    data = _minimal_pdf("The board froze ferry fares.")
    article = parse_document(data, kind="pdf", input="fares.pdf")
    assert article.format == "pdf"
    assert paragraphs(article) == ["The board froze ferry fares."]


def test_broken_pdf_is_an_input_error():
    with pytest.raises(InputError, match="unreadable PDF"):
        parse_document(b"%PDF-1.4\nnot really", kind="pdf", input="bad.pdf")


# ---------------------------------------------------------------- real pages (when present)


def _furniture_texts(path: Path) -> list[str]:
    """Texts of the page's navigation, banners, asides and footers, read independently."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    blocks = soup.find_all(["nav", "aside", "footer", "form"])
    blocks += soup.find_all(class_=re.compile("cookie|consent|related|most-read|newsletter"))
    return [" ".join(block.get_text(" ").split()) for block in blocks]


def test_dev_set_pages_lose_their_furniture_and_keep_link_offsets():
    pages = shared_files(DEV_SET, "site/**/*.html") + shared_files(DEV_SET, "articles/*.html")
    for path in pages:
        article = read_article(str(path))
        assert len(article.text) > 100, path
        for furniture in _furniture_texts(path):
            for piece in re.split(r"\s*[·|]\s*", furniture):
                if len(piece.split()) >= 6:  # short pieces (names, menu items) may recur in a story
                    assert piece not in article.text, (path.name, piece)
        assert_links_consistent(article)
        assert_words_located(article)


def test_dev_set_paywall_flags_follow_the_pages_own_declaration():
    for path in shared_files(DEV_SET, "site/**/*.html"):
        source = path.read_text(encoding="utf-8")
        declared = re.search(r'"isAccessibleForFree"\s*:\s*"?false', source, re.I) is not None
        assert read_article(str(path)).paywalled is declared, path


def test_dev_set_markdown_articles_locate_every_word():
    for path in shared_files(DEV_SET, "articles/*.md"):
        article = read_article(str(path))
        assert "](" not in article.text and "\n# " not in article.text
        assert_links_consistent(article)
        assert_words_located(article)


def test_real_news_pages_metadata_and_main_text():
    from htmldate import find_date

    for path in shared_files(NEWS_PAGES, "*.html"):
        source = path.read_text(encoding="utf-8")
        article = parse_document(path.read_bytes(), kind="html", input=path.name)
        # The date agrees with an independent extractor; the publisher comes from JSON-LD.
        assert article.published[:10] == find_date(source, original_date=True), path.name
        assert article.publisher and article.publisher_method == "json-ld", path.name
        assert article.title and not article.paywalled
        assert len(article.text.split()) > 400, path.name
        for furniture in _furniture_texts(path):
            if len(furniture) > 40:
                assert furniture not in article.text, (path.name, furniture[:60])
        assert_links_consistent(article)
        assert_words_located(article)


def test_json_ld_publisher_reference_is_resolved():
    # A Yoast-style @graph: the article's publisher is only an @id reference.
    graph = {
        "@graph": [
            {"@type": "Article", "datePublished": "2023-11-03", "publisher": {"@id": "#org"}},
            {"@type": "Organization", "@id": "#org", "name": "Example Politics"},
        ]
    }
    head = f'<script type="application/ld+json">{json.dumps(graph)}</script>'
    article = parse_html(html_page("<article><p>Words.</p></article>", head))
    assert (article.publisher, article.published) == ("Example Politics", "2023-11-03")


def test_a_date_only_the_url_gives_is_found_and_a_page_without_a_year_skips_the_search():
    page = html_page("<article><p>The council met on Tuesday to discuss the bridge.</p></article>").encode()
    url = "https://example.org/news/2021/03/14/bridge.html"
    dated = parse_document(page, kind="html", input=url, url=url)
    assert dated.published == "2021-03-14"
    # No year in the page or its address: no date can be found, and htmldate
    # (slow to import) is never loaded.
    probe = (
        "import sys\nfrom verify.ingest import parse_document\n"
        f"article = parse_document({page!r}, kind='html', input='bridge', url='https://example.org/news/bridge')\n"
        "print(article.published, 'htmldate' in sys.modules)\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert result.stdout.split() == ["None", "False"], result.stderr


def test_a_one_letter_paragraph_ends_at_its_own_blank_line(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("A\n\nJerome Powell said rates would hold.\n", encoding="utf-8")
    article = read_article(str(path))
    assert [article.text[a:b] for a, b in article.paragraphs] == ["A", "Jerome Powell said rates would hold."]
    assert [claim.text for claim in extract(article, load_rules())] == ["Jerome Powell said rates would hold."]


def test_a_stub_that_says_the_article_is_for_subscribers_is_a_paywall():
    stub = ("<article><h1>Two venues warned</h1><p>By Siobhan Farrar</p><p>This article is for subscribers</p>"
            "<p>Subscribe for unlimited access to local news, or sign in.</p></article>")
    assert parse_html(html_page(stub)).paywalled is True
    story = "".join(f"<p>Paragraph {n}: the arts board met and the article is for everyone to read.</p>" for n in range(10))
    assert parse_html(html_page(f"<article>{story}</article>")).paywalled is False
