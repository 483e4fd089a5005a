"""Report writers: one module per output format, each with `write(report, out)`.

Modules are imported only when their format is asked for, so starting the
command line stays fast (rich, for instance, is loaded by the table writer alone).
"""

from __future__ import annotations

import importlib
from typing import Callable, TextIO

from ..records import InputError, Report

Writer = Callable[[Report, TextIO], None]

WRITERS: dict[str, str] = {
    "json": "verify.writers.json",
    "jsonl": "verify.writers.jsonl",
    "table": "verify.writers.table",
    "markdown": "verify.writers.markdown",
    "sarif": "verify.writers.sarif",
    "junit": "verify.writers.junit",
    "github": "verify.writers.github",
    "claimreview": "verify.writers.claimreview",
    "html": "verify.writers.html",
}


def get_writer(name: str) -> Writer:
    """The `write(report, out)` function of format `name`."""
    module_path = WRITERS.get(name)
    if module_path is None:
        raise InputError(f"unknown format {name!r}; known formats: {', '.join(WRITERS)}")
    return importlib.import_module(module_path).write
