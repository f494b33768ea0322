"""Reading YAML: the one home every package loads it through (corpus front matter, negative lists, eval sets).

PyYAML's pure-Python loader is slow: the shipped negative lists took ~0.2-0.35 s of every cold `chujing ask`.
libyaml's `CSafeLoader` reads the same safe subset ~10× faster and is used whenever PyYAML was built with it
(`yaml.__with_libyaml__`); without it, the pure-Python `SafeLoader`. A document libyaml rejects is read again by
the pure-Python loader, whose error is the one raised: it quotes the offending line with a caret, where libyaml's
names only the line and column, so error messages stay as they were.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import yaml

#: The fastest safe loader this PyYAML has.
SAFE_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

YAMLError = yaml.YAMLError

_T = TypeVar("_T")


def _read(read: Callable[..., _T], text: str) -> _T:
    """`read(text)` with the fast loader; on a YAML error, again with the pure-Python one, whose error is raised (or,
    should libyaml ever reject what PyYAML accepts, whose result is returned)."""
    try:
        return read(text, Loader=SAFE_LOADER)
    except yaml.YAMLError:
        if SAFE_LOADER is yaml.SafeLoader:
            raise
    return read(text, Loader=yaml.SafeLoader)


def load_yaml(text: str) -> Any:
    """The one YAML document in `text`, as safe_load reads it (None for an empty document)."""
    return _read(yaml.load, text)


def load_yaml_file(path: Path) -> Any:
    """The YAML document of a UTF-8 file (OSError / UnicodeDecodeError / YAMLError pass through to the caller)."""
    return load_yaml(path.read_text(encoding="utf-8"))


def compose_yaml(text: str) -> yaml.Node | None:
    """The node tree of `text` (with each node's start line), for error messages that point into the file."""
    return _read(yaml.compose, text)


def error_line(exc: yaml.YAMLError) -> int | None:
    """The 1-based line a YAML error points at, when it points at one."""
    mark = getattr(exc, "problem_mark", None)
    return mark.line + 1 if mark is not None else None
