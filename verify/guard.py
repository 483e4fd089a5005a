"""Address guard: keeps fetches of untrusted links away from internal hosts.

An article under check is untrusted input, and a CI job fetching its links must
not become a way to reach loopback, the private network or a cloud metadata
service. `check_url` runs before every request, redirect hops included, and
decides on the addresses a host name RESOLVES to, never on the name itself.
`check_ip` is the same decision for an address already connected to; the
fetcher applies it to the socket's peer so a DNS answer that changes between
the check and the connection (rebinding) is caught too.

Standard library only, so importing it costs nothing.
"""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

ALLOWED_SCHEMES = ("http", "https")


class GuardError(Exception):
    """A URL the guard will not let through; `reason` is a Page.error code."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason


def is_internal_address(ip: str) -> bool:
    """True for any address that is not a public unicast one."""
    try:
        address = ipaddress.ip_address(ip.split("%", 1)[0])  # drop an IPv6 zone id
    except ValueError:
        return True
    # ::ffff:127.0.0.1 reaches 127.0.0.1: judge the IPv4 address it carries.
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    return (
        address.is_loopback
        or address.is_private
        or address.is_link_local
        or address.is_multicast
        or address.is_reserved
        or address.is_unspecified
        or not address.is_global  # e.g. 100.64.0.0/10, shared carrier space
    )


def resolve_host(host: str, port: int) -> list[str]:
    """Every address `host` resolves to (a literal IP resolves to itself)."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(info[4][0] for info in infos))


def check_ip(ip: str, *, allow_private: bool) -> None:
    if not allow_private and is_internal_address(ip):
        raise GuardError("refused_address", ip)


def check_url(url: str, *, allow_private: bool) -> None:
    """Raise GuardError unless `url` is http(s) and its host resolves only to
    public addresses (any address is fine when `allow_private`)."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in ALLOWED_SCHEMES:
        raise GuardError("unsupported_scheme", scheme or "none")
    try:
        host, port = parts.hostname, parts.port or (443 if scheme == "https" else 80)
    except ValueError as error:  # a port that is not a number or out of range
        raise GuardError("invalid_url", str(error)) from None
    if not host:
        raise GuardError("invalid_url", "no host")
    if allow_private:
        return
    try:
        addresses = resolve_host(host, port)
    except (OSError, UnicodeError) as error:
        raise GuardError("dns_error", host) from error
    # Refuse when ANY answer is internal: the connection may pick any of them.
    for ip in addresses:
        check_ip(ip, allow_private=False)
