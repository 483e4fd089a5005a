"""`--changed --base REV`: the article files changed since REV in the current git repository.

Changed means committed on this branch since it left REV (`git diff REV...HEAD`), or
not committed yet (staged, unstaged or untracked). Deleted files are left out.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from .config import Settings, expand_inputs, is_article_file, selected
from .records import InputError


def _git(*args: str) -> list[str]:
    """The output lines of a git command run in the current folder."""
    try:
        done = subprocess.run(["git", *args], capture_output=True, text=True, timeout=60, check=False)
    except FileNotFoundError:
        raise InputError("--changed needs git, which is not installed") from None
    except subprocess.TimeoutExpired:
        raise InputError(f"git {args[0]} took too long") from None
    if done.returncode != 0:
        message = (done.stderr.strip().splitlines() or [f"exit status {done.returncode}"])[-1]
        raise InputError(f"git {args[0]}: {message.removeprefix('fatal: ')}")
    return [line for line in done.stdout.splitlines() if line]


def changed_files(base: str) -> list[str]:
    """Paths (relative to the current folder) of the files changed since `base`."""
    if base.startswith("-"):
        raise InputError(f"--base must name a revision, not an option: {base}")
    root = Path(_git("rev-parse", "--show-toplevel")[0])
    try:
        _git("rev-parse", "--verify", "--quiet", f"{base}^{{commit}}")
    except InputError:
        raise InputError(f"--base {base}: no such commit in this repository") from None
    names = [
        *_git("diff", "--name-only", "--diff-filter=d", f"{base}...HEAD", "--"),
        *_git("diff", "--name-only", "--diff-filter=d", "HEAD", "--"),
        *_git("ls-files", "--others", "--exclude-standard", "--full-name", str(root)),
    ]
    return sorted({os.path.relpath(root / name) for name in names if (root / name).is_file()})


def changed_articles(base: str, scope: list[str], settings: Settings) -> list[str]:
    """The changed article files (.md, .html, .htm, .txt) that lie under one of the `scope`
    paths (files or folders) and pass the include and exclude globs."""
    scopes = [Path(path).resolve() for path in scope]
    return [
        path
        for path in changed_files(base)
        if is_article_file(path)
        and selected(path, settings)
        and any(Path(path).resolve().is_relative_to(s) for s in scopes)
    ]


def articles_to_check(specs: list[str], settings: Settings, changed_since: str | None) -> list[str]:
    """The ARTICLE arguments with folders expanded; with `changed_since`, only the article
    files under them changed since that revision."""
    if changed_since is None:
        return expand_inputs(specs, settings)
    return changed_articles(changed_since, specs, settings)
