"""The HTML report in a real browser: headless Chromium (Debian's package, installed by
.ci/run) opens the report of the dev set's richest article, the claims are there, and a
click on a claim shows its evidence. A screenshot is kept as artifacts/html-report.png.

The browser is driven over the DevTools protocol on a pipe (--remote-debugging-pipe:
JSON messages ending in NUL, commands on its fd 3, answers on its fd 4), which needs
no driver and no network port.
"""

from __future__ import annotations

import base64
import json
import os
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest
from devset import ROOT, dev_set

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOT = ROOT / "artifacts" / "html-report.png"
VIEWPORT = {"width": 1400, "height": 1000}
TIMEOUT = 60.0
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage", "--remote-debugging-pipe",
]


class Browser:
    """Headless Chromium with one page, spoken to over the DevTools pipe."""

    def __init__(self, profile: Path) -> None:
        to_browser_read, self._to_browser = os.pipe()
        self._from_browser, from_browser_write = os.pipe()
        # A small trampoline puts the pipe ends on fds 3 and 4, then becomes Chromium
        # (no preexec_fn: the test server's threads make running Python after fork unsafe).
        trampoline = "import os, sys; os.dup2(int(sys.argv[1]), 3); os.dup2(int(sys.argv[2]), 4); os.execv(sys.argv[3], sys.argv[3:])"
        self.process = subprocess.Popen(
            [sys.executable, "-c", trampoline, str(to_browser_read), str(from_browser_write),
             str(CHROMIUM), *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "about:blank"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            pass_fds=(to_browser_read, from_browser_write),
        )
        os.close(to_browser_read)
        os.close(from_browser_write)
        self._buffer = b""
        self._next_id = 0
        self.events: list[dict] = []
        target = self.send("Target.createTarget", url="about:blank")["targetId"]
        self.session = self.send("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]

    def close(self) -> None:
        try:
            self.send("Browser.close")
            self.process.wait(timeout=30)
        except (OSError, RuntimeError, TimeoutError, subprocess.TimeoutExpired):
            self.process.kill()
            self.process.wait(timeout=30)
        os.close(self._to_browser)
        os.close(self._from_browser)

    def _message(self, deadline: float) -> dict:
        while b"\0" not in self._buffer:
            ready, _, _ = select.select([self._from_browser], [], [], max(deadline - time.monotonic(), 0))
            chunk = os.read(self._from_browser, 1 << 20) if ready else b""
            if not chunk:
                raise TimeoutError("no answer from Chromium")
            self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(message)

    def send(self, method: str, session: str | None = None, **params) -> dict:
        self._next_id += 1
        command = {"id": self._next_id, "method": method, "params": params}
        if session:
            command["sessionId"] = session
        os.write(self._to_browser, json.dumps(command).encode() + b"\0")
        deadline = time.monotonic() + TIMEOUT
        while True:
            message = self._message(deadline)
            if message.get("id") == self._next_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message["result"]
            self.events.append(message)

    def page(self, method: str, **params) -> dict:
        return self.send(method, self.session, **params)

    def wait_for(self, event: str) -> None:
        deadline = time.monotonic() + TIMEOUT
        while not any(e.get("method") == event for e in self.events):
            self.events.append(self._message(deadline))

    def evaluate(self, expression: str):
        answer = self.page("Runtime.evaluate", expression=expression, returnByValue=True)
        assert "exceptionDetails" not in answer, answer["exceptionDetails"]
        return answer["result"].get("value")

    def open(self, url: str) -> None:
        self.page("Page.enable")
        self.page("Emulation.setDeviceMetricsOverride", deviceScaleFactor=1, mobile=False, **VIEWPORT)
        self.page("Page.navigate", url=url)
        self.wait_for("Page.loadEventFired")

    def click(self, selector: str) -> None:
        """A real mouse click at the middle of the first element matching `selector`."""
        x, y = self.evaluate(
            f"(() => {{ const el = document.querySelector({json.dumps(selector)});"
            " el.scrollIntoView({block: 'center'}); const r = el.getClientRects()[0];"
            " return [r.left + r.width / 2, r.top + r.height / 2]; })()"
        )
        for kind in ("mouseMoved", "mousePressed", "mouseReleased"):
            self.page("Input.dispatchMouseEvent", type=kind, x=x, y=y, button="left", clickCount=1)

    def screenshot(self, path: Path) -> None:
        """The whole page, from the top, as a PNG file."""
        height = self.evaluate("window.scrollTo(0, 0), document.documentElement.scrollHeight")
        self.page("Emulation.setDeviceMetricsOverride", deviceScaleFactor=1, mobile=False,
                  width=VIEWPORT["width"], height=max(height, VIEWPORT["height"]))
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(base64.b64decode(self.page("Page.captureScreenshot", format="png")["data"]))


@pytest.fixture
def browser(tmp_path):
    if not CHROMIUM.exists():
        pytest.skip("Chromium is not installed (.ci/run installs Debian's chromium)")
    browser = Browser(tmp_path / "profile")
    yield browser
    browser.close()


def richest_article() -> dict:
    """The dev article whose report has the most kinds of verdict, then the most claims."""
    articles = [
        article
        for folder in dev_set().reports()
        for article in json.loads((folder / "report.json").read_text(encoding="utf-8"))["articles"]
    ]
    return max(articles, key=lambda a: (len({c["verdict"] for c in a["claims"]}), len(a["claims"])))


def test_html_report_shows_the_claims_and_a_click_shows_the_evidence(browser, tmp_path):
    article = richest_article()
    page = tmp_path / "report.html"
    dev_set().check([article["input"]], tmp_path, "--format", f"html={page}")
    browser.open(page.as_uri())

    shown = browser.evaluate(
        "[...document.querySelectorAll('ol.claims li')].map(li => li.dataset.claims.split('-').pop())"
    )
    assert shown == [claim["id"] for claim in article["claims"]]
    highlighted = browser.evaluate(
        "[...new Set([...document.querySelectorAll('mark.claim')].flatMap(m => m.dataset.claims.split(' ')))]"
    )
    assert sorted(highlighted) == sorted(f"a0-{claim['id']}" for claim in article["claims"])
    assert browser.evaluate("[...document.querySelectorAll('.detail')].every(d => d.hidden)")

    # A misquote, where the passage's differing words are marked.
    claim = next(c for c in article["claims"] if c["verdict"] == "misquoted")
    dom_id = f"a0-{claim['id']}"
    browser.click(f'mark[data-claims~="{dom_id}"]')
    detail = browser.evaluate(
        f"(() => {{ const d = document.getElementById({json.dumps(dom_id)}); return {{"
        " visible: !d.hidden && d.getBoundingClientRect().height > 0,"
        " badge: d.querySelector('.badge').textContent,"
        " passage: d.querySelector('.evidence blockquote')?.textContent || '',"
        " changed: d.querySelectorAll('.evidence blockquote ins').length,"
        " link: d.querySelector('.evidence a')?.href }; })()"
    )
    best = max(claim["evidence"], key=lambda e: e["score"])
    assert detail["visible"] and detail["badge"] == "misquoted"
    assert " ".join(detail["passage"].split()) == " ".join(best["passage"].split())
    assert detail["changed"] > 0
    assert detail["link"] == best["url"]
    assert browser.evaluate("document.querySelectorAll('.detail:not([hidden])').length") == 1
    browser.screenshot(SCREENSHOT)
    assert SCREENSHOT.stat().st_size > 10_000
