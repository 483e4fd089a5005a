"""The labelled dev set (../shared/eval/sets/dev) checked once per test session, the way
the evaluation lays it out: its site served on 127.0.0.1, {{BASE}} in the articles and
in gold.json's arguments replaced by the server's address. Discovery and archive
lookups are off, so nothing leaves the machine.

`dev_set().reports()` gives one folder per run with everything `--output-dir` writes.
"""

from __future__ import annotations

import atexit
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from server import LocalServer

ROOT = Path(__file__).resolve().parent.parent
DEV_SET = ROOT.parent / "shared" / "eval" / "sets" / "dev"
PLACEHOLDER = "{{BASE}}"


def require_dev_set() -> None:
    if not (DEV_SET / "gold.json").is_file():
        pytest.skip("the shared dev set (../shared/eval/sets/dev) is not available")


def _lay_out(work: Path, base_url: str) -> Path:
    articles = work / "articles"
    shutil.copytree(DEV_SET / "articles", articles)
    for path in articles.rglob("*"):
        if path.is_file():
            path.write_bytes(path.read_bytes().replace(PLACEHOLDER.encode(), base_url.encode()))
    return articles


class DevSet:
    """The dev set laid out in a temporary folder, its site served until the session ends."""

    def __init__(self) -> None:
        self.work = Path(tempfile.mkdtemp(prefix="verify-devset-"))
        self.server = LocalServer(DEV_SET / "site").start()
        atexit.register(self.close)
        self.base_url = self.server.base_url()
        _lay_out(self.work, self.base_url)
        self.gold = json.loads((DEV_SET / "gold.json").read_text(encoding="utf-8"))
        self.runs: list[Path] = []

    def close(self) -> None:
        self.server.stop()
        shutil.rmtree(self.work, ignore_errors=True)

    def args(self, article: str) -> list[str]:
        """gold.json's extra arguments for an article, with the server's address."""
        entry = next(e for e in self.gold["articles"] if e["article"] == article)
        return [arg.replace(PLACEHOLDER, self.base_url) for arg in entry.get("args") or []]

    def check(self, articles: list[str], out: Path, *options: str) -> subprocess.CompletedProcess:
        """`verify check` on dev articles (their gold arguments added) with `options`."""
        extra = self.args(articles[0]) if len(articles) == 1 else []
        command = [
            sys.executable, "-m", "verify", "check", *articles, *extra, *options,
            "--allow-private-network", "--no-discover", "--no-archive", "--cache-dir", str(self.work / "cache"),
        ]
        done = subprocess.run(command, cwd=self.work, capture_output=True, text=True, timeout=300)
        assert done.returncode in (0, 1), done.stderr
        return done

    def reports(self) -> list[Path]:
        """Folders of report.json, .sarif, .xml, .md and .html: one run for the articles
        that need no arguments, one for each article with its own (--source) arguments."""
        if not self.runs:
            entries = self.gold["articles"]
            plain = [e["article"] for e in entries if not e.get("args")]
            batches = [plain] + [[e["article"]] for e in entries if e.get("args")]
            for index, articles in enumerate(batches):
                self.check(articles, self.work / f"run{index}", "--output-dir", str(self.work / f"run{index}"))
                self.runs.append(self.work / f"run{index}")
        return self.runs


_dev_set: list[DevSet] = []


def dev_set() -> DevSet:
    """The session's dev set (checked once, shared by every test that needs it)."""
    require_dev_set()
    if not _dev_set:
        _dev_set.append(DevSet())
    return _dev_set[0]
