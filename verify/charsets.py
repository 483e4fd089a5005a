"""Bytes to text: which charset a document is in, whatever its label says.

One policy for articles and fetched pages alike: a byte-order mark, then valid
UTF-8 (which wins over a declared single-byte charset: a page saved as UTF-8 under
an old latin-1 header is the commonest lie on the web), then the declared charset
(labels browsers read as windows-1252 read as windows-1252, per the WHATWG Encoding
Standard), then detection by charset-normalizer.
"""

from __future__ import annotations

import codecs
import re

from .records import InputError

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_WINDOWS_1252_LABELS = {"iso-8859-1", "latin-1", "latin1", "us-ascii", "ascii", "iso8859-1"}
_HEADER_CHARSET = re.compile(r"charset=[\"']?([\w.:-]+)", re.I)
# <meta charset=...>, <meta http-equiv=... content="...; charset=...">, <?xml ... encoding=...?>
_MARKUP_CHARSET = re.compile(rb"<meta[^>]+charset=[\"']?([\w.:-]+)|<\?xml[^>]+encoding=[\"']([\w.:-]+)", re.I)


def declared_charset(data: bytes, content_type: str | None, kind: str) -> str | None:
    """The charset the Content-Type header names, else the one the markup declares."""
    match = _HEADER_CHARSET.search(content_type or "")
    if match:
        return match.group(1)
    if kind == "html":
        found = _MARKUP_CHARSET.search(data[:4096])
        if found:
            return (found.group(1) or found.group(2)).decode("ascii")
    return None


def choose_encoding(data: bytes, declared: str | None = None) -> str | None:
    """The codec to read `data` with, or None when it is no text in any charset."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding
    if looks_binary(data):
        return None
    if _decodes(data, "utf-8"):
        return "utf-8"
    if declared:
        label = declared.strip().lower()
        codec = "cp1252" if label in _WINDOWS_1252_LABELS else label
        if _decodes(data, codec):
            return codec
    from charset_normalizer import from_bytes

    results = from_bytes(data)
    best = results.best()
    if best is None:
        return None
    text = str(best)
    if len(_CONTROL.findall(text)) > len(text) / 100:
        return None
    # Western single-byte charsets score nearly alike on short text; like browsers,
    # settle a near tie on windows-1252, the web's default for undeclared legacy pages.
    near = any("cp1252" in m.could_be_from_charset and m.chaos <= best.chaos + 0.05 for m in results)
    return "cp1252" if near else best.encoding


def decode(data: bytes, *, declared: str | None = None, name: str = "input") -> str:
    """`data` as text (see choose_encoding); InputError for binary data."""
    encoding = choose_encoding(data, declared)
    if encoding is None:
        raise InputError(f"{name}: binary data, not text")
    return data.decode(encoding, errors="replace")


def looks_binary(data: bytes) -> bool:
    return b"\x00" in data


def _decodes(data: bytes, codec: str) -> bool:
    try:
        data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return False
    return True
