"""Rules are data: TOML files in `rules/`, extended by the user's own folders.

Each file `NAME.toml` becomes `rules[NAME]`. A user folder given with `--rules DIR`
holds files of the same names; their tables merge into the shipped ones, and
list entries that carry a `name` replace the shipped entry of that name.
"""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path
from typing import Any, Iterable

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


def load_rules(extra_dirs: Iterable[str | Path] = (), base_dir: Path = RULES_DIR) -> dict[str, Any]:
    rules: dict[str, Any] = {}
    for folder in [base_dir, *map(Path, extra_dirs)]:
        if not folder.is_dir():
            raise InputError(f"rules folder not found: {folder}")
        for path in sorted(folder.glob("*.toml")):
            try:
                data = tomllib.loads(path.read_text(encoding="utf-8"))
            except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
                raise InputError(f"invalid rules file {path}: {exc}") from None
            rules[path.stem] = _merge(rules.get(path.stem, {}), data)
    return rules
