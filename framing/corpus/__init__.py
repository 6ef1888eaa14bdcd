"""Documents in, the first stage: reading files and folders, clean-up, named corpora, manifests.

``reading`` holds the model (:class:`Document`, :class:`Corpus`, :class:`InputRecord`), the readers of
``.txt``, ``.jsonl`` and ``.csv`` files and folders (streamed, one document at a time) and their clean-up of
page chrome, datelines and transcript turns; ``named`` the readers of the real corpora (``--reader``);
``manifests`` the verified install of third-party corpora (``corpora/NAME.yaml``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..lazy import attach

if TYPE_CHECKING:
    from .manifests import (
        InstallResult,
        Manifest,
        VerifyReport,
        corpus_path,
        install,
        load_manifest,
        search_paths,
        verify,
    )
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
    from .reading import (
        SUPPORTED_SUFFIXES,
        ChromeRules,
        Corpus,
        CorpusStream,
        Document,
        InputRecord,
        Transform,
        iter_corpus,
        mark_turns,
        possible_fields,
        read_corpus,
        source_path,
    )

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
        "reading": (
            "ChromeRules",
            "Corpus",
            "CorpusStream",
            "Document",
            "InputRecord",
            "SUPPORTED_SUFFIXES",
            "Transform",
            "iter_corpus",
            "mark_turns",
            "possible_fields",
            "read_corpus",
            "source_path",
        ),
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
        "manifests": (
            "InstallResult",
            "Manifest",
            "VerifyReport",
            "corpus_path",
            "install",
            "load_manifest",
            "search_paths",
            "verify",
        ),
    },
)
