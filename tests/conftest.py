"""Shared fixtures. `http_server`: a LocalServer (tests/server.py) on 127.0.0.1."""

from __future__ import annotations

import pytest
from server import LocalServer


@pytest.fixture
def http_server(tmp_path):
    """A local HTTP server with fault routes, serving files from a fresh folder.

    Add pages with `http_server.add("news/a.html", "<html>...")`; it returns the URL.
    """
    with LocalServer(tmp_path / "site") as server:
        yield server
