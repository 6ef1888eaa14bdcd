"""framing: compare how political actors frame the same events.

The flow is one way: corpus → passages → actors (who speaks, who is talked about) and lexicon → features
(the match table) → compare → figures. Each step is a public function::

    import framing
    corpus = framing.read_corpus("seeds/")
    passages = framing.segment(corpus)
    attributions = framing.attribute(passages)
    lexicon = framing.load_lexicon("urw_frames")
    matches = framing.match_table(passages, lexicon)
    table = framing.actor_frames(attributions, matches, categories=lexicon.category_names)

or all at once: ``framing.analyze("seeds/")``. Nothing is read, downloaded or configured at import.
"""

import importlib
from importlib.metadata import PackageNotFoundError, version
from typing import TYPE_CHECKING

#: Where each public name lives. They are imported on first use (PEP 562), so ``import framing`` and the
#: command line start without loading every stage's dependencies (scikit-learn, nltk, numba, …) at once.
_EXPORTS = {
    "actors": ("Actor", "ActorRegistry", "Mention", "load_actors"),
    "attribution": ("Attribution", "SpeakerAttributor", "attribute"),
    "compare": ("actor_frames", "frame_matrix"),
    "config": ("RunConfig",),
    "corpus": ("ChromeRules", "Corpus", "Document", "InputRecord", "read_corpus"),
    "errors": (
        "ActorRegistryError",
        "CompareWarning",
        "CorpusError",
        "CorpusWarning",
        "FramingError",
        "FramingWarning",
        "LexiconError",
        "LexiconWarning",
        "RunError",
        "RunWarning",
    ),
    "features": ("match_table",),
    "lexicon": ("Category", "Entry", "Lexicon", "LexiconMatch", "bundled_lexicons", "load_lexicon"),
    "passages": ("Passage", "segment"),
    "run": ("Analysis", "analyze", "write_results"),
}
_MODULE_OF = {name: module for module, names in _EXPORTS.items() for name in names}

if TYPE_CHECKING:  # what static tools see
    from .actors import Actor, ActorRegistry, Mention, load_actors
    from .attribution import Attribution, SpeakerAttributor, attribute
    from .compare import actor_frames, frame_matrix
    from .config import RunConfig
    from .corpus import ChromeRules, Corpus, Document, InputRecord, read_corpus
    from .errors import (
        ActorRegistryError,
        CompareWarning,
        CorpusError,
        CorpusWarning,
        FramingError,
        FramingWarning,
        LexiconError,
        LexiconWarning,
        RunError,
        RunWarning,
    )
    from .features import match_table
    from .lexicon import Category, Entry, Lexicon, LexiconMatch, bundled_lexicons, load_lexicon
    from .passages import Passage, segment
    from .run import Analysis, analyze, write_results


def __getattr__(name: str):
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module 'framing' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


try:
    __version__ = version("framing")
except PackageNotFoundError:  # running from a source tree without installation
    __version__ = "0.0.0+unknown"

__all__ = [
    "Actor",
    "ActorRegistry",
    "ActorRegistryError",
    "Analysis",
    "Attribution",
    "Category",
    "ChromeRules",
    "CompareWarning",
    "Corpus",
    "CorpusError",
    "CorpusWarning",
    "Document",
    "Entry",
    "FramingError",
    "FramingWarning",
    "InputRecord",
    "Lexicon",
    "LexiconError",
    "LexiconMatch",
    "LexiconWarning",
    "Mention",
    "Passage",
    "RunConfig",
    "RunError",
    "RunWarning",
    "SpeakerAttributor",
    "__version__",
    "actor_frames",
    "analyze",
    "attribute",
    "bundled_lexicons",
    "frame_matrix",
    "load_actors",
    "load_lexicon",
    "match_table",
    "read_corpus",
    "segment",
    "write_results",
]
