"""Framing lexicons: the model, the file formats, the matching engine, the match table and diagnostics.

``model`` holds :class:`Lexicon` (categories, entries, sponsor, function; the YAML format) and the reference
matcher; ``formats`` reads and writes LIWC ``.dic``, WordStat ``.cat``, quanteda YAML and tables;
``engine`` (with its numba kernels) matches whole batches of texts with the same semantics; ``matches``
turns passages into the match table, the audit trail of every count, and KWIC lines; ``diagnostics``
checks a lexicon on its own and against a corpus.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..lazy import attach

if TYPE_CHECKING:
    from .diagnostics import LexiconReport, check_lexicon, cronbach_alpha, kr20
    from .engine import MATCH_ARRAY_COLUMNS, MatchArrays, Matcher, matcher_for
    from .formats import (
        FormatWarning,
        parse_cat,
        parse_dic,
        parse_quanteda_yaml,
        parse_table,
        read_lexicon_file,
        write_dic,
        write_lexicon_file,
    )
    from .matches import KWIC_COLUMNS, MATCH_COLUMNS, kwic, match_table
    from .model import (
        FUNCTIONS,
        MAX_ENTRY_TOKENS,
        MAX_REGEX_TOKEN_CHARS,
        NEGATION_WINDOW,
        NEGATORS,
        OVERLAP_MODES,
        Category,
        Entry,
        Lexicon,
        LexiconMatch,
        bundled_lexicons,
        entry_problem,
        load_lexicon,
        parse_entry,
        parse_lexicon,
        regex_hazard,
        to_yaml,
    )

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
            "MAX_REGEX_TOKEN_CHARS",
            "NEGATION_WINDOW",
            "NEGATORS",
            "OVERLAP_MODES",
            "bundled_lexicons",
            "entry_problem",
            "load_lexicon",
            "parse_entry",
            "parse_lexicon",
            "regex_hazard",
            "to_yaml",
        ),
        "formats": (
            "FormatWarning",
            "parse_cat",
            "parse_dic",
            "parse_quanteda_yaml",
            "parse_table",
            "read_lexicon_file",
            "write_dic",
            "write_lexicon_file",
        ),
        "engine": (
            "MATCH_ARRAY_COLUMNS",
            "MatchArrays",
            "Matcher",
            "matcher_for",
        ),
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
