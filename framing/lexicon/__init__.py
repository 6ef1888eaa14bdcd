"""Framing lexicons: the model, the file formats, the matching engine, the match table and diagnostics.

``model`` holds :class:`Lexicon` (categories, entries, sponsor, function) and its reference matcher
:meth:`Lexicon.find`; ``semantics`` the matching rules that matcher and the engine share (folding, globs,
regexes, separators, overlaps, negation) and ``regex_safety`` the check that refuses regexes that backtrack
catastrophically. ``formats`` loads and writes lexicons (bundled names, files by suffix); its readers are
``yaml_format`` (this toolkit's YAML), ``liwc_dic`` (LIWC ``.dic``), ``wordstat`` (``.cat``), ``quanteda``
(dictionary YAML) and ``tables`` (CSV/TSV), with what they share in ``readers``. ``engine`` (with
``engine_arrays`` and its numba kernels) matches whole batches of texts with the same semantics;
``matches`` turns passages into the match table, the audit trail of every count, and KWIC lines;
``diagnostics`` checks a lexicon on its own and against a corpus.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..lazy import attach

if TYPE_CHECKING:
    from .diagnostics import LexiconReport, check_lexicon, cronbach_alpha, kr20
    from .engine import Matcher, matcher_for
    from .engine_arrays import MATCH_ARRAY_COLUMNS, MatchArrays
    from .formats import bundled_lexicons, load_lexicon, read_lexicon_file, write_lexicon_file
    from .liwc_dic import parse_dic, write_dic
    from .matches import KWIC_COLUMNS, MATCH_COLUMNS, kwic, match_table
    from .model import (
        FUNCTIONS,
        MAX_ENTRY_TOKENS,
        ROLE_SLOTS,
        ROLES,
        Category,
        Entry,
        Lexicon,
        LexiconMatch,
        entry_problem,
        parse_entry,
    )
    from .quanteda import parse_quanteda_yaml
    from .readers import FormatWarning
    from .regex_safety import regex_hazard
    from .semantics import MAX_REGEX_TOKEN_CHARS, NEGATION_WINDOW, NEGATORS, OVERLAP_MODES
    from .tables import parse_table
    from .wordstat import parse_cat
    from .yaml_format import parse_lexicon, to_yaml

__all__ = [
    "FUNCTIONS",
    "KWIC_COLUMNS",
    "MATCH_ARRAY_COLUMNS",
    "MATCH_COLUMNS",
    "MAX_ENTRY_TOKENS",
    "MAX_REGEX_TOKEN_CHARS",
    "NEGATION_WINDOW",
    "NEGATORS",
    "OVERLAP_MODES",
    "ROLES",
    "ROLE_SLOTS",
    "Category",
    "Entry",
    "FormatWarning",
    "Lexicon",
    "LexiconMatch",
    "LexiconReport",
    "MatchArrays",
    "Matcher",
    "bundled_lexicons",
    "check_lexicon",
    "cronbach_alpha",
    "entry_problem",
    "kr20",
    "kwic",
    "load_lexicon",
    "match_table",
    "matcher_for",
    "parse_cat",
    "parse_dic",
    "parse_entry",
    "parse_lexicon",
    "parse_quanteda_yaml",
    "parse_table",
    "read_lexicon_file",
    "regex_hazard",
    "to_yaml",
    "write_dic",
    "write_lexicon_file",
]

__getattr__, __dir__ = attach(
    __name__,
    {
        "model": (
            "Category",
            "Entry",
            "FUNCTIONS",
            "Lexicon",
            "LexiconMatch",
            "MAX_ENTRY_TOKENS",
            "ROLES",
            "ROLE_SLOTS",
            "entry_problem",
            "parse_entry",
        ),
        "semantics": ("MAX_REGEX_TOKEN_CHARS", "NEGATION_WINDOW", "NEGATORS", "OVERLAP_MODES"),
        "regex_safety": ("regex_hazard",),
        "yaml_format": ("parse_lexicon", "to_yaml"),
        "formats": ("bundled_lexicons", "load_lexicon", "read_lexicon_file", "write_lexicon_file"),
        "readers": ("FormatWarning",),
        "liwc_dic": ("parse_dic", "write_dic"),
        "wordstat": ("parse_cat",),
        "quanteda": ("parse_quanteda_yaml",),
        "tables": ("parse_table",),
        "engine": ("Matcher", "matcher_for"),
        "engine_arrays": ("MATCH_ARRAY_COLUMNS", "MatchArrays"),
        "matches": (
            "KWIC_COLUMNS",
            "MATCH_COLUMNS",
            "kwic",
            "match_table",
        ),
        "diagnostics": (
            "LexiconReport",
            "check_lexicon",
            "cronbach_alpha",
            "kr20",
        ),
    },
)
