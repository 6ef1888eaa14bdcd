"""The reporting verbs of attribution: the shipped list (``framing/data/reporting_verbs.txt``)."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

__all__ = ["load_reporting_verbs"]


@lru_cache(maxsize=1)
def load_reporting_verbs() -> frozenset[str]:
    """The shipped reporting-verb list (``framing/data/reporting_verbs.txt``), read once.

    Returns
    -------
    frozenset of str
        Every inflected form in the list, in lower case.
    """
    text = resources.files("framing").joinpath("data/reporting_verbs.txt").read_text(encoding="utf-8")
    return frozenset(
        form.lower() for line in text.splitlines() if line.strip() and not line.startswith("#") for form in line.split()
    )
