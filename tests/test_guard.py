"""The address guard decides on resolved addresses; no test here opens a connection."""

from __future__ import annotations

import socket

import pytest

from verify import guard


@pytest.mark.parametrize(
    "ip",
    [
        "127.0.0.1",
        "127.8.9.10",
        "10.0.0.1",
        "172.16.5.4",
        "192.168.1.1",
        "169.254.169.254",  # cloud metadata service
        "100.64.0.1",  # shared carrier space
        "0.0.0.0",
        "224.0.0.1",
        "240.0.0.1",
        "::1",
        "::",
        "fe80::1%eth0",
        "fc00::1",
        "ff02::1",
        "::ffff:127.0.0.1",
        "::ffff:169.254.169.254",
        "not an address",
    ],
)
def test_internal_addresses_are_refused(ip):
    assert guard.is_internal_address(ip)
    with pytest.raises(guard.GuardError) as caught:
        guard.check_ip(ip, allow_private=False)
    assert caught.value.reason == "refused_address"
    guard.check_ip(ip, allow_private=True)


@pytest.mark.parametrize("ip", ["93.184.215.14", "8.8.8.8", "2606:4700::1111", "::ffff:93.184.215.14"])
def test_public_addresses_pass(ip):
    assert not guard.is_internal_address(ip)
    guard.check_ip(ip, allow_private=False)


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/",
        "http://10.0.0.1/admin",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]:8080/",
        "https://0.0.0.0/",
        "http://localhost/",
    ],
)
def test_check_url_refuses_internal_hosts_unless_allowed(url):
    with pytest.raises(guard.GuardError) as caught:
        guard.check_url(url, allow_private=False)
    assert caught.value.reason == "refused_address"
    guard.check_url(url, allow_private=True)


@pytest.mark.parametrize("url", ["ftp://127.0.0.1/file", "file:///etc/passwd", "javascript:alert(1)", "gopher://x/"])
@pytest.mark.parametrize("allow_private", [False, True])
def test_only_http_and_https(url, allow_private):
    with pytest.raises(guard.GuardError) as caught:
        guard.check_url(url, allow_private=allow_private)
    assert caught.value.reason == "unsupported_scheme"


@pytest.mark.parametrize("url", ["http://", "http:///path", "http://127.0.0.1:notaport/", "http://127.0.0.1:99999/"])
def test_malformed_urls(url):
    with pytest.raises(guard.GuardError) as caught:
        guard.check_url(url, allow_private=True)
    assert caught.value.reason == "invalid_url"


def test_the_resolved_address_decides_not_the_name(monkeypatch):
    answers = {"public.example": ["93.184.215.14"], "sneaky.example": ["10.1.2.3"]}
    monkeypatch.setattr(guard, "resolve_host", lambda host, port: answers[host])
    guard.check_url("https://public.example/a", allow_private=False)
    with pytest.raises(guard.GuardError):
        guard.check_url("https://sneaky.example/a", allow_private=False)


def test_any_internal_answer_among_several_is_refused(monkeypatch):
    monkeypatch.setattr(guard, "resolve_host", lambda host, port: ["93.184.215.14", "127.0.0.1"])
    with pytest.raises(guard.GuardError) as caught:
        guard.check_url("http://mixed.example/", allow_private=False)
    assert caught.value.reason == "refused_address"


def test_unresolvable_host(monkeypatch):
    def fail(host, port):
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(guard, "resolve_host", fail)
    with pytest.raises(guard.GuardError) as caught:
        guard.check_url("http://nowhere.example/", allow_private=False)
    assert caught.value.reason == "dns_error"


def test_resolve_host_on_literals_needs_no_dns():
    assert guard.resolve_host("127.0.0.1", 80) == ["127.0.0.1"]
    assert guard.resolve_host("::1", 80) == ["::1"]
