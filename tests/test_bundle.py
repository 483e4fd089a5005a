"""Evidence bundles: recording a session's exchanges to WARC and replaying them offline."""

from __future__ import annotations

import gzip
import http.server
import importlib.util
import re
import socket
import threading
import time
from pathlib import Path

import pytest
import requests
from warcio.archiveiterator import ArchiveIterator

from verify.bundle import BundleIndex, BundleWriter, normalize_url, recording_session, replay_session
from verify.records import InputError

DEMO = Path(__file__).resolve().parent.parent / "fixtures" / "demo"
PAGE = b"<html><body><p>The mayor said the bridge will reopen in May.</p></body></html>"
GZIPPED_PAGE = gzip.compress(PAGE, mtime=0)


def write_bundle(path: Path, exchanges) -> Path:
    """exchanges: (url, status, headers, body)."""
    with BundleWriter(path) as writer:
        for url, status, headers, body in exchanges:
            request = requests.Request("GET", url).prepare()
            writer.write_exchange(request, status, "", headers, body)
    return path


@pytest.fixture
def no_network(monkeypatch):
    """Fail any attempt to resolve a name or open a socket connection."""
    attempts = []

    def refuse(*args, **kwargs):
        attempts.append(args)
        raise AssertionError("network used during replay")

    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    return attempts


def test_replay_returns_recorded_status_headers_and_body(tmp_path, no_network):
    bundle = write_bundle(tmp_path / "b.warc.gz", [
        ("https://News.Example/story?id=7", 200,
         [("Content-Type", "text/html; charset=utf-8"), ("X-Served-By", "edge-3")], PAGE),
        ("https://news.example/gone", 410, [("Content-Type", "text/html")], b"gone"),
    ])
    session = replay_session(bundle)

    page = session.get("https://news.example/story?id=7#comments")
    assert page.status_code == 200
    assert page.headers["content-type"] == "text/html; charset=utf-8"
    assert page.headers["x-served-by"] == "edge-3"
    assert page.content == PAGE and page.encoding == "utf-8"

    gone = session.get("https://news.example/gone")
    assert (gone.status_code, gone.content) == (410, b"gone")
    assert no_network == []


def test_replay_supports_streamed_capped_reads(tmp_path, no_network):
    body = b"x" * 5000
    bundle = write_bundle(tmp_path / "b.warc.gz", [("http://big.example/", 200, [("Content-Type", "text/html")], body)])
    session = replay_session(bundle)

    with session.get("http://big.example/", stream=True) as response:
        assert response.raw.read(1000) == body[:1000]
        assert response.raw.read(10_000) == body[1000:]
    with session.get("http://big.example/", stream=True) as response:
        assert b"".join(response.iter_content(512)) == body


def test_unknown_url_is_a_connection_error_without_network(tmp_path, no_network):
    bundle = write_bundle(tmp_path / "b.warc.gz", [("https://news.example/a", 200, [], b"a")])
    session = replay_session(bundle)

    with pytest.raises(requests.ConnectionError, match="not in the evidence bundle.*news.example/b"):
        session.get("https://news.example/b")
    with pytest.raises(requests.ConnectionError):
        session.get("http://news.example/a")  # another scheme is another URL
    assert no_network == []


def test_redirect_chain_replays(tmp_path, no_network):
    bundle = write_bundle(tmp_path / "b.warc.gz", [
        ("https://short.example/x", 302, [("Location", "https://www.news.example/old/x")], b""),
        ("https://www.news.example/old/x", 301, [("Location", "/2025/x.html")], b""),
        ("https://www.news.example/2025/x.html", 200, [("Content-Type", "text/html")], PAGE),
    ])
    response = replay_session(bundle).get("https://short.example/x")

    assert [hop.status_code for hop in response.history] == [302, 301]
    assert response.url == "https://www.news.example/2025/x.html"
    assert response.content == PAGE
    assert no_network == []


class SourceSite(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self):
        if self.path == "/start":
            self._send(302, b"", [("Location", "/middle")])
        elif self.path == "/middle":
            self._send(301, b"", [("Location", "/page.html")])
        elif self.path == "/page.html":
            self._send(200, PAGE, [("Content-Type", "text/html; charset=utf-8")])
        elif self.path == "/compressed":
            self._send(200, GZIPPED_PAGE, [("Content-Type", "text/html"), ("Content-Encoding", "gzip")])
        elif self.path == "/chunked":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            for part in (PAGE[:20], PAGE[20:]):
                self.wfile.write(b"%x\r\n%s\r\n" % (len(part), part))
            self.wfile.write(b"0\r\n\r\n")
        elif self.path == "/slow":
            time.sleep(1)
            self._send(200, PAGE, [])
        else:
            self._send(404, b"<h1>Not found</h1>", [("Content-Type", "text/html")])

    def _send(self, status, body, headers):
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def site():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), SourceSite)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def fetch_all(session, base):
    """What a fetcher would keep of each URL: final URL, hops, status, body."""
    results = {}
    for path in ("/start", "/compressed", "/chunked", "/missing"):
        with session.get(base + path, stream=True, timeout=5) as response:
            body = b"".join(response.iter_content(1024))
            results[path] = (response.url, [h.status_code for h in response.history], response.status_code, body)
    with session.get(base + "/compressed", stream=True, timeout=5) as response:
        results["raw"] = response.raw.read()  # still gzip-encoded, as sent
    return results


def test_recording_from_a_live_server_replays_identically_once_it_is_gone(tmp_path, site):
    base = f"http://127.0.0.1:{site.server_port}"
    bundle = tmp_path / "run.warc.gz"
    session = requests.Session()
    original_adapters = dict(session.adapters)

    with recording_session(session, bundle) as recording:
        live = fetch_all(recording, base)
        with pytest.raises(requests.ReadTimeout):
            recording.get(base + "/slow", timeout=0.2)
    assert dict(session.adapters) == original_adapters
    site.shutdown()
    site.server_close()

    replayed = fetch_all(replay_session(bundle), base)
    assert replayed == live
    assert live["/start"][1:] == ([302, 301], 200, PAGE)
    assert live["/compressed"][3] == PAGE and live["raw"] == GZIPPED_PAGE
    assert live["/chunked"][3] == PAGE
    assert live["/missing"][2] == 404
    with pytest.raises(requests.ReadTimeout, match="replayed from"):
        replay_session(bundle).get(base + "/slow")


def test_recorded_bundle_has_request_and_response_records_with_digests(tmp_path, site):
    base = f"http://127.0.0.1:{site.server_port}"
    bundle = tmp_path / "run.warc.gz"
    with recording_session(requests.Session(), bundle) as session:
        session.get(base + "/page.html")

    with bundle.open("rb") as stream:
        records = [(r.rec_type, r.rec_headers) for r in ArchiveIterator(stream)]
    kinds = [kind for kind, _ in records]
    assert kinds == ["warcinfo", "response", "request"]
    response_headers, request_headers = records[1][1], records[2][1]
    assert response_headers.get_header("WARC-Target-URI") == base + "/page.html"
    assert response_headers.get_header("WARC-Payload-Digest").startswith("sha1:")
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", response_headers.get_header("WARC-Date"))
    assert request_headers.get_header("WARC-Concurrent-To") == response_headers.get_header("WARC-Record-ID")


def test_bodies_beyond_the_cap_are_recorded_truncated(tmp_path, site):
    base = f"http://127.0.0.1:{site.server_port}"
    bundle = tmp_path / "run.warc.gz"
    with recording_session(requests.Session(), bundle, max_body=16) as session:
        assert session.get(base + "/page.html").content == PAGE[:16]

    assert replay_session(bundle).get(base + "/page.html").content == PAGE[:16]
    with bundle.open("rb") as stream:
        truncated = [r.rec_headers.get_header("WARC-Truncated") for r in ArchiveIterator(stream) if r.rec_type == "response"]
    assert truncated == ["length"]


@pytest.mark.parametrize("url, key", [
    ("HTTPS://WWW.News.Example/A/b?q=1#top", "https://www.news.example/A/b?q=1"),
    ("https://news.example:443", "https://news.example/"),
    ("http://news.example:8080/x", "http://news.example:8080/x"),
])
def test_normalize_url(url, key):
    assert normalize_url(url) == key


@pytest.mark.parametrize("cut", ["missing", "empty", "not-warc", "cut-short", "altered"])
def test_unreadable_bundle_is_a_one_line_input_error(tmp_path, cut):
    shipped = (DEMO / "sources.warc.gz").read_bytes()
    content = {
        "empty": b"",
        "not-warc": b"this is not a WARC file\n",
        "cut-short": shipped[: len(shipped) // 2],
        "altered": gzip.compress(gzip.decompress(shipped).replace(b"412,000", b"512,000"), mtime=0),
    }.get(cut)
    path = tmp_path / "bundle.warc.gz"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(InputError) as error:
        replay_session(path)
    assert str(path) in str(error.value) and "\n" not in str(error.value)


def test_unwritable_bundle_path_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="cannot write evidence bundle"):
        with recording_session(requests.Session(), tmp_path / "no-such-dir" / "run.warc.gz"):
            pass


def demo_links() -> list[str]:
    return re.findall(r"\]\((https?://[^)\s]+)\)", (DEMO / "post.md").read_text(encoding="utf-8"))


def test_demo_bundle_answers_every_link_of_the_demo_article(no_network):
    links = demo_links()
    session = replay_session(DEMO / "sources.warc.gz")

    assert len(links) >= 6
    for link in links:
        assert link in BundleIndex(DEMO / "sources.warc.gz")
        response = session.get(link)  # follows recorded redirects, never the network
        assert response.status_code in (200, 404)
    assert no_network == []


def load_make_bundle():
    spec = importlib.util.spec_from_file_location("make_bundle", DEMO / "make_bundle.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def record_summary(path: Path):
    with path.open("rb") as stream:
        return [
            (r.rec_type, r.rec_headers.get_header("WARC-Target-URI"),
             r.http_headers.statusline if r.http_headers else None,
             r.rec_headers.get_header("WARC-Payload-Digest"))
            for r in ArchiveIterator(stream)
        ]


def test_shipped_demo_bundle_matches_its_pages(tmp_path):
    regenerated = tmp_path / "sources.warc.gz"
    load_make_bundle().write_bundle(regenerated)

    assert record_summary(DEMO / "sources.warc.gz") == record_summary(regenerated)
