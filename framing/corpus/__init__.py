"""Documents in, the first stage: reading files and folders, clean-up, named corpora, manifests.

``model`` holds the model (:class:`Document`, :class:`Corpus`, :class:`InputRecord`, :class:`ChromeRules`);
``reading`` the readers of ``.txt``, ``.jsonl`` and ``.csv`` files and folders (streamed, one document at a
time), with ``decoding`` (bytes to text: BOMs, binary files, invalid UTF-8) and ``cleanup`` (page chrome,
datelines and transcript turns, kept as excluded spans) and ``dates`` (``year`` and ``month`` derived from an ISO
``date``, for every input); ``named`` the readers of the real corpora (``--reader``);
``manifests`` the manifests of third-party corpora (``corpora/NAME.yaml``), ``verification`` the check of a
corpus folder against its manifest and the lookup of an installed corpus, ``installing`` their verified install.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..lazy import attach

if TYPE_CHECKING:
    from .cleanup import mark_turns
    from .dates import date_fields
    from .ids import source_path
    from .installing import InstallResult, install
    from .manifests import Manifest, load_manifest, search_paths
    from .model import ChromeRules, Corpus, Document, InputRecord, Transform
    from .named import (
        CORPUS_READERS,
        CORPUS_STREAMS,
        iter_kremlin,
        iter_named_corpus,
        iter_ukraine_addresses,
        iter_ungdc,
        read_kremlin,
        read_named_corpus,
        read_ukraine_addresses,
        read_ungdc,
    )
    from .reading import SUPPORTED_SUFFIXES, CorpusStream, iter_corpus, possible_fields, read_corpus
    from .verification import VerifyReport, corpus_path, verify

__all__ = [
    "CORPUS_READERS",
    "CORPUS_STREAMS",
    "SUPPORTED_SUFFIXES",
    "ChromeRules",
    "Corpus",
    "CorpusStream",
    "Document",
    "InputRecord",
    "InstallResult",
    "Manifest",
    "Transform",
    "VerifyReport",
    "corpus_path",
    "date_fields",
    "install",
    "iter_corpus",
    "iter_kremlin",
    "iter_named_corpus",
    "iter_ukraine_addresses",
    "iter_ungdc",
    "load_manifest",
    "mark_turns",
    "possible_fields",
    "read_corpus",
    "read_kremlin",
    "read_named_corpus",
    "read_ukraine_addresses",
    "read_ungdc",
    "search_paths",
    "source_path",
    "verify",
]

__getattr__, __dir__ = attach(
    __name__,
    {
        "model": ("ChromeRules", "Corpus", "Document", "InputRecord", "Transform"),
        "cleanup": ("mark_turns",),
        "dates": ("date_fields",),
        "reading": (
            "SUPPORTED_SUFFIXES",
            "CorpusStream",
            "iter_corpus",
            "possible_fields",
            "read_corpus",
        ),
        "ids": ("source_path",),
        "named": (
            "CORPUS_READERS",
            "CORPUS_STREAMS",
            "iter_kremlin",
            "iter_named_corpus",
            "iter_ukraine_addresses",
            "iter_ungdc",
            "read_kremlin",
            "read_named_corpus",
            "read_ukraine_addresses",
            "read_ungdc",
        ),
        "manifests": ("Manifest", "load_manifest", "search_paths"),
        "verification": ("VerifyReport", "corpus_path", "verify"),
        "installing": ("InstallResult", "install"),
    },
)
