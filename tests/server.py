"""A local HTTP server for tests and benchmarks: static files plus fault routes.

It listens on loopback addresses only (one socket per address given, all
sharing one state), serves the files under `root`, and logs every request
with its start and end times so tests can count requests and see how many
overlapped, instead of timing the client.

Fault routes (the first four as in the evaluation's server):

| route                              | answer                                                   |
|------------------------------------|----------------------------------------------------------|
| /_status/CODE/anything             | that status, short HTML body                             |
| /_reset/anything                   | connection closed with no response (RST)                 |
| /_redirect/N/path                  | N 302 redirects, then /path                              |
| /_slow/SECONDS/path                | waits SECONDS (at most 30), then serves /path            |
| /_goto?to=URL                      | one 302 to URL, any host (e.g. 169.254.169.254)          |
| /_loop/anything                    | a 302 to itself                                          |
| /_nostore/path                     | serves /path with Cache-Control: no-store                |
| /_fail/N/CODE/path[?retry_after=S] | first N requests of this URL get CODE (with Retry-After) |
| /_gzip_bomb/MEGABYTES              | gzip body inflating to MEGABYTES MB of zeros             |
| /_big/BYTES                        | text/html body of BYTES bytes, with Content-Length       |
| /_endless                          | text/html body that never ends, no Content-Length        |
| /_truncated                        | Content-Length promises more than is sent                |
| /_type/TYPE/SUBTYPE/anything       | short body sent as TYPE/SUBTYPE                          |
| /_charset/DECLARED/ACTUAL          | accented HTML encoded in ACTUAL, header says DECLARED    |
"""

from __future__ import annotations

import http.server
import mimetypes
import re
import socket
import struct
import threading
import time
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, quote, unquote, urlsplit

MAX_SLOW_SECONDS = 30.0
ACCENTED_TEXT = (
    "Le café de São Paulo reste ouvert, une décision « naïve » selon le maire, "
    "déjà contestée par l'opposition. Über alles, señor: the façade was repainted."
)
ROUTE = re.compile(r"^/_(?P<name>[a-z_]+)(?:/(?P<rest>.*))?$")


@dataclass
class Request:
    host: str
    path: str  # with its query
    headers: dict[str, str]
    started: float
    ended: float | None = None


@dataclass
class _State:
    root: Path
    log: list[Request] = field(default_factory=list)
    in_flight: dict[str, int] = field(default_factory=dict)
    max_in_flight: dict[str, int] = field(default_factory=dict)
    # Slow requests waiting at once: a client cannot send its next request before the
    # wait ends, so unlike in_flight this never counts a reply still being closed.
    waiting: dict[str, int] = field(default_factory=dict)
    max_waiting: dict[str, int] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)
    stopping: threading.Event = field(default_factory=threading.Event)


class LocalServer:
    """Start with `with LocalServer(root) as server:`; `server.url("/page.html")`."""

    def __init__(self, root: Path, hosts: tuple[str, ...] = ("127.0.0.1",)) -> None:
        for host in hosts:
            if not host.startswith("127."):
                raise ValueError(f"test servers listen on loopback only, not {host}")
        self.root = Path(root)
        self.root.mkdir(parents=True, exist_ok=True)
        self.hosts = hosts
        self.state = _State(self.root.resolve())
        self._servers: list[_HTTPServer] = []

    def __enter__(self) -> LocalServer:
        return self.start()

    def __exit__(self, *exc_info) -> None:
        self.stop()

    def start(self) -> LocalServer:
        for host in self.hosts:
            server = _HTTPServer((host, 0), _Handler)
            server.state = self.state
            threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
            self._servers.append(server)
        return self

    def stop(self) -> None:
        self.state.stopping.set()  # wakes slow routes
        for server in self._servers:
            server.shutdown()
            server.server_close()

    def base_url(self, host: str | None = None) -> str:
        server = self._server_for(host)
        address, port = server.server_address[:2]
        return f"http://{address}:{port}"

    def url(self, path: str = "/", host: str | None = None) -> str:
        return self.base_url(host) + "/" + path.lstrip("/")

    def add(self, path: str, content: str | bytes) -> str:
        """Write a file under the root; returns its URL on the first host."""
        target = self.root / path.lstrip("/")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content.encode() if isinstance(content, str) else content)
        return self.url(path)

    @property
    def log(self) -> list[Request]:
        with self.state.lock:
            return list(self.state.log)

    def hits(self, path: str | None = None) -> int:
        """Requests received, all of them or those for one path (with its query)."""
        return sum(1 for request in self.log if path is None or request.path == path)

    def max_in_flight(self, host: str | None = None) -> int:
        """The most requests handled at once, on one host or on all together."""
        with self.state.lock:
            return self.state.max_in_flight.get(host or "*", 0)

    def max_waiting(self, host: str | None = None) -> int:
        """The most /_slow/ requests waiting at once, on one host or on all together."""
        with self.state.lock:
            return self.state.max_waiting.get(host or "*", 0)

    def _server_for(self, host: str | None) -> _HTTPServer:
        for server in self._servers:
            if host is None or server.server_address[0] == host:
                return server
        raise ValueError(f"not listening on {host}")


class _HTTPServer(http.server.ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    allow_reuse_address = True
    request_queue_size = 128
    state: _State

    def handle_error(self, request, client_address) -> None:  # clients hanging up are expected
        pass


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.0"  # the body ends when the connection closes
    server_version = "verify-test/1"
    sys_version = ""
    server: _HTTPServer

    def log_message(self, format, *args) -> None:  # noqa: A002 - keep test output clean
        pass

    def do_GET(self) -> None:
        self._logged(head=False)

    def do_HEAD(self) -> None:
        self._logged(head=True)

    def _logged(self, head: bool) -> None:
        self.extra_headers: dict[str, str] = {}  # added to the answer by a wrapping route
        state = self.server.state
        host = self.server.server_address[0]
        record = Request(host, self.path, dict(self.headers.items()), time.monotonic())
        with state.lock:
            state.log.append(record)
            for key in (host, "*"):
                state.in_flight[key] = state.in_flight.get(key, 0) + 1
                state.max_in_flight[key] = max(state.max_in_flight.get(key, 0), state.in_flight[key])
        try:
            parts = urlsplit(self.path)
            self._route(unquote(parts.path), parse_qs(parts.query), head)
        except (BrokenPipeError, ConnectionResetError, ConnectionAbortedError, socket.timeout):
            self.close_connection = True
        finally:
            with state.lock:
                record.ended = time.monotonic()
                for key in (host, "*"):
                    state.in_flight[key] -= 1

    def _route(self, path: str, query: dict[str, list[str]], head: bool) -> None:
        match = ROUTE.match(path)
        if not match:
            return self._static(path, head)
        name, rest = match["name"], match["rest"] or ""
        handler = getattr(self, f"_route_{name}", None)
        if handler is None:
            return self._send(404, b"<h1>404 Not Found</h1>", "text/html; charset=utf-8", head)
        return handler(rest, query, head)

    # --- fault routes: each takes (rest of path, query, head) ---

    def _route_status(self, rest, query, head) -> None:
        code = int(rest.split("/", 1)[0] or 400)
        self._send(code, f"<h1>{code}</h1>".encode(), "text/html; charset=utf-8", head)

    def _route_reset(self, rest, query, head) -> None:
        self.close_connection = True
        # Linger 0 makes close() send RST instead of FIN.
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.connection.close()

    def _route_redirect(self, rest, query, head) -> None:
        hops, _, target = rest.partition("/")
        location = f"/_redirect/{int(hops) - 1}/{target}" if int(hops) > 1 else f"/{target}"
        address, port = self.server.server_address[:2]
        self._redirect(f"http://{address}:{port}{quote(location)}", head)

    def _route_slow(self, rest, query, head) -> None:
        seconds, _, target = rest.partition("/")
        state, host = self.server.state, self.server.server_address[0]
        with state.lock:
            for key in (host, "*"):
                state.waiting[key] = state.waiting.get(key, 0) + 1
                state.max_waiting[key] = max(state.max_waiting.get(key, 0), state.waiting[key])
        try:
            state.stopping.wait(min(float(seconds), MAX_SLOW_SECONDS))
        finally:
            with state.lock:
                for key in (host, "*"):
                    state.waiting[key] -= 1
        self._route("/" + target, query, head)

    def _route_goto(self, rest, query, head) -> None:
        self._redirect(query["to"][0], head)

    def _route_loop(self, rest, query, head) -> None:
        self._redirect(self.path, head)

    def _route_nostore(self, rest, query, head) -> None:
        self.extra_headers["Cache-Control"] = "no-store"
        self._route("/" + rest, query, head)

    def _route_fail(self, rest, query, head) -> None:
        count, code, target = rest.split("/", 2)
        if self._earlier_hits() < int(count):
            extra = {"Retry-After": query["retry_after"][0]} if "retry_after" in query else {}
            return self._send(int(code), b"<h1>try later</h1>", "text/html", head, extra)
        self._route("/" + target, {}, head)

    def _route_gzip_bomb(self, rest, query, head) -> None:
        self._start(200, "text/html", {"Content-Encoding": "gzip"})
        if head:
            return
        compressor = zlib.compressobj(9, zlib.DEFLATED, 31)  # wbits 31: gzip framing
        zeros = bytes(1 << 20)
        for _ in range(int(rest)):
            self.wfile.write(compressor.compress(zeros))
        self.wfile.write(compressor.flush())

    def _route_big(self, rest, query, head) -> None:
        self._send(200, b"x" * int(rest), "text/html", head)

    def _route_endless(self, rest, query, head) -> None:
        self._start(200, "text/html")
        chunk = b"<p>" + b"endless " * 8000 + b"</p>\n"
        while not head and not self.server.state.stopping.is_set():
            self.wfile.write(chunk)

    def _route_truncated(self, rest, query, head) -> None:
        self._start(200, "text/html", {"Content-Length": "10000"})
        if not head:
            self.wfile.write(b"<p>only the start")
        self.close_connection = True

    def _route_type(self, rest, query, head) -> None:
        kind, subtype, _ = (rest + "//").split("/", 2)
        self._send(200, b"<p>some content</p>", f"{kind}/{subtype}", head)

    def _route_charset(self, rest, query, head) -> None:
        declared, actual = rest.split("/")[:2]
        body = f"<html><body><p>{ACCENTED_TEXT}</p></body></html>".encode(actual)
        self._send(200, body, f"text/html; charset={declared}", head)

    # --- plumbing ---

    def _earlier_hits(self) -> int:
        """Requests for this exact URL before this one (the log holds this one too)."""
        host = self.server.server_address[0]
        with self.server.state.lock:
            return sum(1 for r in self.server.state.log if r.host == host and r.path == self.path) - 1

    def _static(self, path: str, head: bool) -> None:
        root = self.server.state.root
        full = (root / path.lstrip("/")).resolve()
        if full.is_dir():
            full = full / "index.html"
        if not full.is_relative_to(root) or not full.is_file():
            return self._send(404, b"<h1>404 Not Found</h1>", "text/html; charset=utf-8", head)
        kind = mimetypes.guess_type(full.name)[0] or "application/octet-stream"
        if kind.startswith("text/"):
            kind += "; charset=utf-8"
        self._send(200, full.read_bytes(), kind, head)

    def _redirect(self, location: str, head: bool) -> None:
        self._send(302, b"", "text/html; charset=utf-8", head, {"Location": location})

    def _start(self, code: int, content_type: str, extra: dict[str, str] | None = None) -> None:
        self.send_response(code)
        self.send_header("Content-Type", content_type)
        for key, value in {**self.extra_headers, **(extra or {})}.items():
            self.send_header(key, value)
        self.end_headers()

    def _send(self, code, body: bytes, content_type: str, head: bool, extra: dict[str, str] | None = None) -> None:
        self._start(code, content_type, {"Content-Length": str(len(body)), **(extra or {})})
        if not head:
            self.wfile.write(body)
