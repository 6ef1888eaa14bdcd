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

from .actors import Actor, ActorRegistry, Mention, load_actors
from .attribution import Attribution, SpeakerAttributor, attribute
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
)
from .features import match_table
from .lexicon import Category, Entry, Lexicon, LexiconMatch, bundled_lexicons, load_lexicon
from .passages import Passage, segment
from .run import Analysis, analyze, write_results

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
    "RunError",
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
