"""The command line as a user meets it: exit codes, one-line errors, the report on disk."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def verify(*args: str, stdin: str | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "verify", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=cwd or ROOT,
        timeout=120,
    )


def assert_one_line_error(result: subprocess.CompletedProcess, *words: str) -> None:
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    for word in words:
        assert word in lines[0]


def test_missing_file(tmp_path):
    assert_one_line_error(verify("check", str(tmp_path / "nope.md"), "--no-discover"), "nope.md")


def test_empty_file(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n")
    assert_one_line_error(verify("check", str(empty), "--no-discover"), "empty")


def test_binary_file(tmp_path):
    binary = tmp_path / "image.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x01")
    assert_one_line_error(verify("check", str(binary), "--no-discover"))


def test_ftp_url():
    assert_one_line_error(verify("check", "ftp://example.com/article.txt"), "ftp://")


def test_unknown_format(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text('"We will rebuild," Mayor Ana Ruiz said.\n')
    assert_one_line_error(verify("check", str(article), "--format", "yaml", "--no-discover"), "yaml")


def test_unknown_option():
    assert_one_line_error(verify("check", "--no-such-option"))


def test_bad_fail_on(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("Nothing attributed here.\n")
    assert_one_line_error(verify("check", str(article), "--fail-on", "wrong"), "wrong")


def test_unlinked_claims_are_no_source_and_pass(tmp_path):
    article = tmp_path / "a.md"
    article.write_text(
        "# Bridge to reopen\n\n"
        "\"The bridge will reopen in May,\" said Mayor Ana Ruiz.\n\n"
        "The weather was mild on Tuesday.\n"
    )
    out = tmp_path / "report.json"
    result = verify("check", str(article), "--no-discover", "--format", "json", "--output", str(out))
    assert result.returncode == 0, result.stderr
    report = json.loads(out.read_text())
    assert report["schema_version"] == "1"
    [claims] = [a["claims"] for a in report["articles"]]
    assert len(claims) == 1
    assert claims[0]["verdict"] == "no_source"
    assert "The bridge will reopen in May" in claims[0]["quote"]
    assert "Ruiz" in claims[0]["attributed_to"]["name"]


def test_stdin_and_claims_command():
    result = verify("claims", "-", stdin="Officials said the road would close. \"It is unsafe,\" said engineer Bo Lind.\n")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    claims = report["articles"][0]["claims"]
    assert any("Lind" in c["attributed_to"]["name"] for c in claims)
    assert all("verdict" not in c for c in claims)


def test_private_address_refused_without_flag(tmp_path):
    article = tmp_path / "a.md"
    article.write_text('Mayor Ana Ruiz [said](http://127.0.0.1:9/x.html) that "taxes will fall."\n')
    out = tmp_path / "r.json"
    result = verify("check", str(article), "--no-discover", "--no-archive", "--format", "json", "-o", str(out))
    claim = json.loads(out.read_text())["articles"][0]["claims"][0]
    assert claim["verdict"] == "unreachable"
    assert result.returncode == 0


def test_cached_pages_are_reused_until_they_expire(tmp_path, http_server):
    url = http_server.add("news/taxes.html", "<html><body><p>Mayor Ana Ruiz said taxes will fall.</p></body></html>")
    article = tmp_path / "a.md"
    article.write_text(f'Mayor Ana Ruiz [said]({url}) that "taxes will fall."\n')

    def check(*options: str) -> None:
        result = verify("check", str(article), "--no-discover", "--no-archive", "--allow-private-network",
                        "--cache-dir", str(tmp_path / "cache"), "--format", "json", "-o", str(tmp_path / "r.json"),
                        *options)
        assert result.returncode == 0, result.stderr

    check()
    check()
    assert http_server.hits("/news/taxes.html") == 1
    check("--cache-expire", "0")
    check("--cache-expire", "0")
    assert http_server.hits("/news/taxes.html") == 3


def test_a_damaged_cache_is_skipped_with_one_warning(tmp_path, http_server):
    url = http_server.add("news/taxes.html", "<html><body><p>Mayor Ana Ruiz said taxes will fall.</p></body></html>")
    article = tmp_path / "a.md"
    article.write_text(f'Mayor Ana Ruiz [said]({url}) that "taxes will fall."\n')
    damaged = tmp_path / "cache"
    damaged.mkdir()
    for name in ("http_cache.sqlite", "documents.sqlite"):
        (damaged / name).write_bytes(b"not a database" * 500)
    out = tmp_path / "r.json"
    result = verify("check", str(article), "--no-discover", "--no-archive", "--allow-private-network",
                    "--cache-dir", str(damaged), "--format", "json", "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert [c["verdict"] for c in json.loads(out.read_text())["articles"][0]["claims"]] == ["verified"]
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("verify: warning: HTTP cache") and "Traceback" not in result.stderr
