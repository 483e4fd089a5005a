"""Rules are data: TOML files in `rules/`, extended by the user's own folders.

Each file `NAME.toml` becomes `rules[NAME]`. A user folder given with `--rules DIR`
holds files of the same names; their tables merge into the shipped ones, and
list entries that carry a `name` replace the shipped entry of that name.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Any, Iterable

from . import __version__
from .records import InputError


def shipped_rules_dir() -> Path:
    """`rules/` beside the package in a checkout; share/verify/rules once installed."""
    checkout = Path(__file__).resolve().parent.parent / "rules"
    return checkout if checkout.is_dir() else Path(sys.prefix) / "share" / "verify" / "rules"


RULES_DIR = shipped_rules_dir()


def _merge(base: Any, extra: Any) -> Any:
    if isinstance(base, dict) and isinstance(extra, dict):
        merged = dict(base)
        for key, value in extra.items():
            merged[key] = _merge(base[key], value) if key in base else value
        return merged
    if isinstance(base, list) and isinstance(extra, list):
        named = {e["name"]: e for e in extra if isinstance(e, dict) and "name" in e}
        kept = [e for e in base if not (isinstance(e, dict) and e.get("name") in named)]
        return kept + extra
    return extra


def load_rules(
    extra_dirs: Iterable[str | Path] = (), base_dir: Path = RULES_DIR, cache_file: Path | None = None
) -> dict[str, Any]:
    """The shipped rules with the user's folders merged over them.

    With `cache_file`, the merged rules are kept there as JSON and reused while no
    rule file changes (same paths, sizes and modification times): parsing TOML is
    about 15 ms of every start, reading JSON under 1 ms.
    """
    files: list[Path] = []
    for folder in [base_dir, *map(Path, extra_dirs)]:
        if not folder.is_dir():
            raise InputError(f"rules folder not found: {folder}")
        files += sorted(folder.glob("*.toml"))
    key = _files_key(files) if cache_file is not None else ""
    cached = _read_cache(cache_file, key) if cache_file is not None else None
    if cached is not None:
        return cached
    rules = _parse(files)
    if cache_file is not None:
        _write_cache(cache_file, key, rules)
    return rules


def _parse(files: list[Path]) -> dict[str, Any]:
    import tomllib

    rules: dict[str, Any] = {}
    for path in files:
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise InputError(f"invalid rules file {path}: {exc}") from None
        rules[path.stem] = _merge(rules.get(path.stem, {}), data)
    return rules


def _files_key(files: list[Path]) -> str:
    stamps = [__version__] + [(str(p.resolve()), p.stat().st_size, p.stat().st_mtime_ns) for p in files]
    return hashlib.sha256(json.dumps(stamps).encode()).hexdigest()


def _read_cache(cache_file: Path, key: str) -> dict[str, Any] | None:
    try:
        stored = json.loads(cache_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None  # none yet, or damaged: parse again
    if not isinstance(stored, dict) or stored.get("key") != key or not isinstance(stored.get("rules"), dict):
        return None
    return stored["rules"]


def _write_cache(cache_file: Path, key: str, rules: dict[str, Any]) -> None:
    """Best effort: a cache that cannot be written (read-only home, rules holding
    TOML dates, which JSON lacks) only means parsing again next time."""
    try:
        text = json.dumps({"key": key, "rules": rules})
        cache_file.parent.mkdir(parents=True, exist_ok=True)
        # Written aside and renamed: a run starting meanwhile reads the old file or the new.
        fd, temporary = tempfile.mkstemp(dir=cache_file.parent, prefix=".rules-", suffix=".json")
    except (OSError, TypeError, ValueError):
        return
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(temporary, cache_file)
    except OSError:
        Path(temporary).unlink(missing_ok=True)
