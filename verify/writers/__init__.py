"""Report writers: one module per output format, each with `write(report, out)`.

Modules are imported only when their format is asked for, so starting the
command line stays fast (rich, for instance, is loaded by the table writer alone).
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Callable, TextIO

from ..records import ArticleReport, InputError, Report

Writer = Callable[[Report, TextIO], None]
ArticleWriter = Callable[[ArticleReport, TextIO], None]

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

# What `--output-dir DIR` writes: several formats at once, under conventional names.
OUTPUT_DIR_FILES: dict[str, str] = {
    "json": "report.json",
    "sarif": "report.sarif",
    "junit": "report.xml",
    "markdown": "report.md",
    "html": "report.html",
}


def output_dir_formats(folder: Path) -> list[str]:
    """`--format NAME=PATH` specs for every file `--output-dir` writes."""
    return [f"{name}={folder / file_name}" for name, file_name in OUTPUT_DIR_FILES.items()]


def get_writer(name: str) -> Writer:
    """The `write(report, out)` function of format `name`."""
    module_path = WRITERS.get(name)
    if module_path is None:
        raise InputError(f"unknown format {name!r}; known formats: {', '.join(WRITERS)}")
    return importlib.import_module(module_path).write


def get_article_writer(name: str) -> ArticleWriter | None:
    """The `write_article(article_report, out)` function of a format written one article
    at a time as the run goes (jsonl); None for a format that needs the whole report."""
    get_writer(name)
    return getattr(importlib.import_module(WRITERS[name]), "write_article", None)
