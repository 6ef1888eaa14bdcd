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

from importlib.metadata import PackageNotFoundError, version
from typing import TYPE_CHECKING

from .lazy import attach

#: Where each public name lives. They are imported on first use (PEP 562), so ``import framing`` and the
#: command line start without loading every stage's dependencies (scikit-learn, nltk, numba, …) at once.
_EXPORTS = {
    "actors": ("Actor", "ActorRegistry", "Attribution", "Mention", "SpeakerAttributor", "attribute", "load_actors"),
    "compare": ("actor_frames", "frame_matrix"),
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
    "lexicon": ("Category", "Entry", "Lexicon", "LexiconMatch", "bundled_lexicons", "load_lexicon", "match_table"),
    "passages": ("Passage", "segment"),
    "pipeline": ("Analysis", "RunConfig", "analyze", "analyze_to", "write_results"),
}

if TYPE_CHECKING:  # what static tools see
    from .actors import Actor, ActorRegistry, Attribution, Mention, SpeakerAttributor, attribute, load_actors
    from .compare import actor_frames, frame_matrix
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
    from .lexicon import Category, Entry, Lexicon, LexiconMatch, bundled_lexicons, load_lexicon, match_table
    from .passages import Passage, segment
    from .pipeline import Analysis, RunConfig, analyze, analyze_to, write_results


__getattr__, _dir = attach(__name__, _EXPORTS)


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_dir()))


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
    "analyze_to",
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
