"""Shared text primitives (a leaf module): the one definition of a word token.

A *token* is a maximal run of Unicode word characters (``\\w+``: letters of any script, digits and the
underscore). Apostrophes and hyphens separate tokens: ``Russia's`` is ``Russia`` + ``s``, ``30-day`` is
``30`` + ``day``. Passages count tokens and lexicons match tokens with this same rule, so rates per
1,000 tokens and matches agree.
"""

from __future__ import annotations

import re

__all__ = ["PER", "WORD_RE", "count_tokens"]

WORD_RE = re.compile(r"\w+")

PER = 1000
"""Rates are per this many tokens everywhere (``rate_per_1000``; re-exported as :data:`framing.stats.PER`)."""


def count_tokens(text: str) -> int:
    """Number of tokens in ``text`` (see the module docstring for what a token is).

    Parameters
    ----------
    text : str
        Any text.

    Returns
    -------
    int
        How many maximal runs of word characters it holds.
    """
    return sum(1 for _ in WORD_RE.finditer(text))
