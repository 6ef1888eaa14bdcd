"""Lexicon file formats: one reader per format, all feeding the one model in :mod:`framing.lexicon`.

``read_lexicon_file(path)`` picks the reader by suffix; an unknown suffix is an error, not a guess.
"""

from __future__ import annotations

from pathlib import Path

from .errors import LexiconError
from .lexicon import Lexicon, parse_lexicon

__all__ = ["read_lexicon_file"]


def _read_text(path: Path) -> str:
    try:
        return path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise LexiconError("F201", path=str(path), line=1, detail=f"not UTF-8 text ({exc.reason})") from None


def read_lexicon_file(path: str | Path) -> Lexicon:
    """Read a lexicon file, choosing the reader by its suffix."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in (".yaml", ".yml"):
        return parse_lexicon(_read_text(path), str(path))
    raise LexiconError("F206", path=str(path), suffix=suffix)
