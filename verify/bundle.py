"""Evidence bundles: every HTTP exchange of a run kept as WARC records, and replayed.

Recording wraps a session's transport adapters, so whatever the fetcher does
(streaming, size caps, redirects followed by requests) goes through unchanged
while each request and response is written to a gzipped WARC file. Replay mounts
an adapter that answers only from such a file: no socket is ever opened, and a
URL the bundle does not hold fails like an unreachable host.

Response bodies are stored as they came off the wire (still content-encoded,
chunked transfer decoded). A request that failed (timeout, reset) is kept as a
metadata record so that replay fails the same way.
"""

from __future__ import annotations

import gzip
import io
import threading
import uuid
import zlib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import requests
import urllib3
from requests.adapters import BaseAdapter, HTTPAdapter
from urllib3.exceptions import HTTPError as Urllib3Error
from urllib3.exceptions import ProtocolError, ReadTimeoutError
from warcio.archiveiterator import ArchiveIterator
from warcio.bufferedreaders import ChunkedDataReader
from warcio.exceptions import ArchiveLoadFailed
from warcio.statusandheaders import StatusAndHeaders, StatusAndHeadersParserException
from warcio.timeutils import datetime_to_iso_date
from warcio.warcwriter import WARCWriter

from .records import InputError

# Bodies beyond this are cut (WARC-Truncated: length); well above any fetch cap,
# so a fetcher that stops at its own limit still sees the page as too large.
MAX_RECORDED_BODY = 16 * 1024 * 1024
_READ_CHUNK = 64 * 1024
_DEFAULT_PORTS = {"http": 80, "https": 443}
Headers = tuple[tuple[str, str], ...]


def _stored_headers(headers: Iterable[tuple[str, str]]) -> Headers:
    """Headers as kept with a de-chunked body: the transfer framing no longer applies."""
    return tuple((name, value) for name, value in headers if name.lower() != "transfer-encoding")


def normalize_url(url: str) -> str:
    """The key a URL is stored and looked up under: scheme and host in lower case,
    no default port, no fragment, "/" for an empty path."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    try:
        port = parts.port
    except ValueError:
        port = None
    if port and port != _DEFAULT_PORTS.get(scheme):
        host = f"{host}:{port}"
    return urlunsplit((scheme, host, parts.path or "/", parts.query, ""))


@dataclass(frozen=True)
class RecordedResponse:
    url: str  # WARC-Target-URI as recorded
    status: int
    reason: str
    headers: Headers
    body: bytes  # as received: content-encoding kept
    date: str  # WARC-Date
    payload_digest: str | None
    http_version: str = "HTTP/1.1"


@dataclass(frozen=True)
class RecordedError:
    url: str
    error: str  # name of the requests exception raised, e.g. "ReadTimeout"
    message: str
    date: str


class BundleIndex:
    """The exchanges of one bundle, by normalised URL (the first record of a URL wins)."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self._responses: dict[str, RecordedResponse] = {}
        self._errors: dict[str, RecordedError] = {}
        self._urls: list[str] = []
        try:
            _check_gzip_complete(self.path)
            with self.path.open("rb") as stream:
                # Digests are checked as records are read: a cut-short or altered
                # bundle is refused rather than replayed as if complete.
                records = 0
                for record in ArchiveIterator(stream, check_digests="raise"):
                    if record.format != "warc":
                        raise ArchiveLoadFailed(f"{record.format.upper()} record, not WARC")
                    self._add(record)
                    records += 1
            if not records:
                raise ArchiveLoadFailed("no WARC records")
        except FileNotFoundError:
            raise InputError(f"evidence bundle not found: {self.path}") from None
        except (OSError, EOFError, zlib.error, ArchiveLoadFailed,
                StatusAndHeadersParserException, ValueError) as exc:
            reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            raise InputError(f"not a readable WARC evidence bundle: {self.path} ({reason})") from None

    def _add(self, record) -> None:
        url = record.rec_headers.get_header("WARC-Target-URI")
        if not url:
            return
        key = normalize_url(url)
        if key in self._responses or key in self._errors:
            return
        date = record.rec_headers.get_header("WARC-Date") or ""
        if record.rec_type == "response" and record.http_headers:
            self._responses[key] = _recorded_response(record, url, date)
        elif record.rec_type == "metadata" and _is_error_record(record):
            fields = _parse_fields(record.raw_stream.read())
            self._errors[key] = RecordedError(
                url, fields.get("fetch-error", "ConnectionError"), fields.get("fetch-error-message", ""), date
            )
        else:
            return
        self._urls.append(url)

    def urls(self) -> list[str]:
        """Target URIs of the recorded exchanges (responses and failures), in file order."""
        return list(self._urls)

    def response(self, url: str) -> RecordedResponse | None:
        return self._responses.get(normalize_url(url))

    def error(self, url: str) -> RecordedError | None:
        return self._errors.get(normalize_url(url))

    def __contains__(self, url: object) -> bool:
        return isinstance(url, str) and (self.response(url) is not None or self.error(url) is not None)

    def __len__(self) -> int:
        return len(self._urls)


def _check_gzip_complete(path: Path) -> None:
    """Raise EOFError for a gzipped file cut short: warcio quietly drops a final,
    partial gzip member, so a half-copied bundle would otherwise load."""
    with path.open("rb") as stream:
        if stream.read(2) != b"\x1f\x8b":
            return
    with gzip.open(path) as stream:
        while stream.read(_READ_CHUNK):
            pass


def _recorded_response(record, url: str, date: str) -> RecordedResponse:
    http = record.http_headers
    stream = record.raw_stream
    if (http.get_header("transfer-encoding") or "").lower() == "chunked":
        # Written by another tool with the framing kept: undo it here.
        stream = ChunkedDataReader(stream)
    status_code, _, reason = http.statusline.partition(" ")
    return RecordedResponse(
        url=url,
        status=int(status_code),
        reason=reason,
        headers=_stored_headers(http.headers),
        body=stream.read(),
        date=date,
        payload_digest=record.rec_headers.get_header("WARC-Payload-Digest"),
        http_version=http.protocol or "HTTP/1.1",
    )


_ERROR_PROFILE = "verify:fetch-error"


def _is_error_record(record) -> bool:
    return record.rec_headers.get_header("WARC-Profile") == _ERROR_PROFILE


def _parse_fields(block: bytes) -> dict[str, str]:
    fields = {}
    for line in block.decode("utf-8", "replace").splitlines():
        name, sep, value = line.partition(":")
        if sep:
            fields[name.strip().lower()] = value.strip()
    return fields


class BundleWriter:
    """Appends request/response record pairs to a new gzipped WARC file.

    With `fixed_time`, every record carries that date and record IDs are derived
    from the content, so the same exchanges give the same file byte for byte.
    """

    def __init__(self, path: str | Path, *, fixed_time: datetime | None = None):
        self.path = Path(path)
        self._fixed_time = fixed_time
        self._count = 0
        self._lock = threading.Lock()
        try:
            self._file = self.path.open("wb")
        except OSError as exc:
            raise InputError(f"cannot write evidence bundle {self.path}: {exc.strerror or exc}") from None
        self._warc = WARCWriter(self._file, gzip=True, warc_version="1.1")
        info = b"software: verify\r\nformat: WARC File Format 1.1\r\n"
        self._write("warcinfo", "", io.BytesIO(info), length=len(info))

    def write_exchange(
        self,
        request: requests.PreparedRequest,
        status: int,
        reason: str,
        headers: Iterable[tuple[str, str]],
        body: bytes,
        *,
        http_version: str = "HTTP/1.1",
        truncated: bool = False,
    ) -> None:
        """Write one response record and the request record that asked for it."""
        response_head = StatusAndHeaders(
            f"{status} {reason}".strip(),
            list(_stored_headers(headers)),
            protocol=http_version,
        )
        extra = {"WARC-Truncated": "length"} if truncated else {}
        with self._lock:
            response = self._record("response", request.url, io.BytesIO(body), len(body), response_head, **extra)
            self._warc.write_request_response_pair(self._request_record(request), response)

    def write_error(self, request: requests.PreparedRequest, error: requests.RequestException) -> None:
        """Keep a failed exchange, so replay raises the same kind of error."""
        message = " ".join(str(error).split())
        block = f"fetch-error: {type(error).__name__}\r\nfetch-error-message: {message}\r\n".encode()
        with self._lock:
            self._write("metadata", request.url, io.BytesIO(block), length=len(block), **{"WARC-Profile": _ERROR_PROFILE})

    def _request_record(self, request: requests.PreparedRequest):
        parts = urlsplit(request.url)
        target = urlunsplit(("", "", parts.path or "/", parts.query, ""))
        head = [("Host", parts.netloc), *((k, v) for k, v in request.headers.items() if k.lower() != "host")]
        body = request.body if isinstance(request.body, bytes | str) else b""
        if isinstance(body, str):
            body = body.encode("utf-8")
        http_headers = StatusAndHeaders(f"{request.method} {target} HTTP/1.1", head, is_http_request=True)
        return self._record("request", request.url, io.BytesIO(body), len(body), http_headers)

    def _record(self, record_type: str, url: str, payload: io.BytesIO, length: int | None = None,
                http_headers: StatusAndHeaders | None = None, **warc_headers: str):
        self._count += 1
        now = self._fixed_time or datetime.now(timezone.utc)
        warc_headers["WARC-Date"] = datetime_to_iso_date(now.astimezone(timezone.utc).replace(tzinfo=None))
        if self._fixed_time is not None:
            name = f"{self._count}/{record_type}/{url}"
            warc_headers["WARC-Record-ID"] = f"<urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, name)}>"
        return self._warc.create_warc_record(
            url, record_type, payload=payload, length=length,
            http_headers=http_headers, warc_headers_dict=warc_headers,
        )

    def _write(self, record_type: str, url: str, payload: io.BytesIO, length: int, **warc_headers: str) -> None:
        self._warc.write_record(self._record(record_type, url, payload, length, **warc_headers))

    def close(self) -> None:
        with self._lock:
            if not self._file.closed:
                self._file.close()

    def __enter__(self) -> BundleWriter:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()


def _body_response(request: requests.PreparedRequest, status: int, reason: str,
                   headers: Iterable[tuple[str, str]], body: bytes, http_version: str) -> urllib3.HTTPResponse:
    """A urllib3 response over bytes in memory, shaped like the one requests' own
    adapter hands out (unread, not decoded), so stream=True and `.raw` reads work."""
    header_dict = urllib3.HTTPHeaderDict()
    for name, value in headers:
        header_dict.add(name, value)
    return urllib3.HTTPResponse(
        body=io.BytesIO(b"" if request.method == "HEAD" else body),
        headers=header_dict,
        status=status,
        reason=reason,
        version=11 if http_version.upper() == "HTTP/1.1" else 10,
        version_string=http_version,
        preload_content=False,
        decode_content=False,
        # The stored length may differ from Content-Length (HEAD, truncated record).
        enforce_content_length=False,
        request_method=request.method,
        request_url=request.url,
    )


def _as_requests_error(error: Urllib3Error, request: requests.PreparedRequest) -> requests.RequestException:
    """The exception requests itself raises when reading a body fails this way."""
    if isinstance(error, ReadTimeoutError):
        return requests.ReadTimeout(error, request=request)
    if isinstance(error, ProtocolError):
        return requests.exceptions.ChunkedEncodingError(error, request=request)
    return requests.ConnectionError(error, request=request)


class RecordingAdapter(BaseAdapter):
    """Sends through `inner` (whatever adapter the session had) and records the exchange."""

    def __init__(self, inner: BaseAdapter, writer: BundleWriter, max_body: int = MAX_RECORDED_BODY):
        super().__init__()
        self.inner = inner
        self.writer = writer
        self.max_body = max_body

    def send(self, request, stream=False, timeout=None, verify=True, cert=None, proxies=None):
        try:
            response = self.inner.send(request, stream=stream, timeout=timeout, verify=verify, cert=cert, proxies=proxies)
            body, truncated = self._read_body(response, request)
        except requests.RequestException as error:
            self.writer.write_error(request, error)
            raise
        raw = response.raw
        headers = _stored_headers((raw if raw is not None else response).headers.items())
        http_version = getattr(raw, "version_string", None) or "HTTP/1.1"
        reason = response.reason or ""
        self.writer.write_exchange(request, response.status_code, reason, headers, body,
                                   http_version=http_version, truncated=truncated)
        # The caller reads the body from memory now, exactly as replay will serve it.
        response.raw = _body_response(request, response.status_code, reason, headers, body, http_version)
        return response

    def _read_body(self, response: requests.Response, request) -> tuple[bytes, bool]:
        """The body as received, up to max_body; True when more was left unread."""
        raw = response.raw
        if raw is None:
            return response.content, False
        chunks, size = [], 0
        try:
            for chunk in raw.stream(_READ_CHUNK, decode_content=False):
                chunks.append(chunk)
                size += len(chunk)
                if size > self.max_body:
                    raw.close()
                    return b"".join(chunks)[: self.max_body], True
        except Urllib3Error as error:
            raise _as_requests_error(error, request) from error
        raw.release_conn()
        return b"".join(chunks), False

    def close(self) -> None:
        self.inner.close()


@contextmanager
def recording_session(session: requests.Session, path: str | Path, *,
                      max_body: int = MAX_RECORDED_BODY) -> Iterator[requests.Session]:
    """Record every exchange `session` makes inside the block into the WARC file `path`.

    The session's own adapters keep doing the work (and are restored afterwards);
    the file is complete and closed when the block ends.
    """
    originals = dict(session.adapters)
    with BundleWriter(path) as writer:
        for prefix, adapter in originals.items():
            session.mount(prefix, RecordingAdapter(adapter, writer, max_body))
        try:
            yield session
        finally:
            for prefix, adapter in originals.items():
                session.mount(prefix, adapter)


class ReplayAdapter(HTTPAdapter):
    """Answers from a bundle only; HTTPAdapter is the base just for build_response."""

    def __init__(self, index: BundleIndex):
        super().__init__()
        self.index = index

    def send(self, request, stream=False, timeout=None, verify=True, cert=None, proxies=None):
        recorded = self.index.response(request.url)
        if recorded is not None:
            raw = _body_response(request, recorded.status, recorded.reason, recorded.headers,
                                 recorded.body, recorded.http_version)
            return self.build_response(request, raw)
        failure = self.index.error(request.url)
        if failure is not None:
            error_class = getattr(requests.exceptions, failure.error, None)
            if not (isinstance(error_class, type) and issubclass(error_class, requests.RequestException)):
                error_class = requests.ConnectionError
            raise error_class(f"{failure.message} (replayed from {self.index.path})", request=request)
        raise requests.ConnectionError(f"not in the evidence bundle {self.index.path}: {request.url}", request=request)


def replay_session(path: str | Path, session: requests.Session | None = None) -> requests.Session:
    """A session (the one given, or a new one) that answers only from the bundle at `path`.

    Every adapter of the session is replaced, so no request can reach the network.
    """
    adapter = ReplayAdapter(BundleIndex(path))
    session = session if session is not None else requests.Session()
    session.adapters.clear()
    session.mount("https://", adapter)
    session.mount("http://", adapter)
    return session
