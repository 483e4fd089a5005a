"""Shared fixtures. `http_server`: a LocalServer (tests/server.py) on 127.0.0.1.

Every JSON report a test leaves in its tmp_path is checked against the report's
JSON Schema (`verify schema`) when the test ends.
"""

from __future__ import annotations

import json
from functools import cache

import pytest
from server import LocalServer


@pytest.fixture(autouse=True, scope="session")
def private_cache_home(tmp_path_factory):
    """Runs that use the default cache folder (platformdirs: $XDG_CACHE_HOME/verify)
    write into the test session's own folder, never the user's."""
    patch = pytest.MonkeyPatch()
    patch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache-home")))
    yield
    patch.undo()


@pytest.fixture
def http_server(tmp_path):
    """A local HTTP server with fault routes, serving files from a fresh folder.

    Add pages with `http_server.add("news/a.html", "<html>...")`; it returns the URL.
    """
    with LocalServer(tmp_path / "site") as server:
        yield server


@cache
def report_validator():
    import jsonschema

    from verify.writers.json import report_schema

    return jsonschema.Draft202012Validator(report_schema())


def written_reports(folder):
    for path in folder.rglob("*.json"):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            continue
        if isinstance(data, dict) and "schema_version" in data and "articles" in data:
            yield path, data


@pytest.fixture(autouse=True)
def reports_follow_the_schema(request):
    # Asked for before the test runs, so tmp_path is torn down after this check.
    folder = request.getfixturevalue("tmp_path") if "tmp_path" in request.fixturenames else None
    yield
    if folder is None:
        return
    for path, report in written_reports(folder):
        errors = sorted(report_validator().iter_errors(report), key=str)
        assert not errors, f"{path.name} breaks the report schema: {errors[0].message}"
