"""Model formulas of :func:`framing.compare.count_model`: the right-hand side in the patsy/formulaic syntax
that statsmodels users know, restricted to what the count models fit.

Terms are joined by ``+``: ``group`` (the unit's group), a metadata field of the unit's document (numeric or
categorical by its values), ``C(field)`` (categorical) and ``C(field, Treatment('level'))`` (categorical with
a named reference). Anything else (interactions, transformations, a left-hand side) is error [F620].
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..errors import ArgumentError

__all__ = ["Term", "formula_error", "formula_fields", "parse_formula"]

_NAME = re.compile(r"[A-Za-z_]\w*")
_CALL = re.compile(
    r"C\(\s*(?P<field>[A-Za-z_]\w*)\s*"
    r"(?:,\s*Treatment\(\s*(?:reference\s*=\s*)?(?P<q>['\"])(?P<ref>[^'\"]*)(?P=q)\s*\)\s*)?\)"
)


@dataclass(frozen=True)
class Term:
    """One term of a model formula: ``group`` or a metadata field, categorical or not, its reference."""

    field: str  # "group" or a metadata field
    categorical: bool | None  # None: decided by the values (numeric if every value reads as a number)
    reference: str | None


def formula_error(formula: str, problem: str, fix: str) -> ArgumentError:
    """The error [F620] about ``formula``."""
    return ArgumentError("F620", formula=formula, problem=problem, fix=fix)


def _split_terms(formula: str) -> list[str]:
    """``formula`` cut at the ``+`` outside parentheses and quotes."""
    parts, depth, quote, current = [], 0, "", ""
    for ch in formula:
        if quote:
            quote = "" if ch == quote else quote
        elif ch in "'\"":
            quote = ch
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "+" and depth == 0:
            parts.append(current.strip())
            current = ""
            continue
        current += ch
    parts.append(current.strip())
    return parts


def parse_formula(formula: str) -> tuple[Term, ...]:
    """The terms of ``formula`` (see the module docstring); raises [F620] for anything else."""
    fix = "write terms joined by '+': group, a metadata field (year), C(field) or C(field, Treatment('level'))"
    if not isinstance(formula, str) or not formula.strip():
        raise formula_error(str(formula), "it is empty", fix)
    if "~" in formula:
        raise formula_error(formula, "'~' found; the left-hand side is always the match count", "write only "
                             "the right-hand side (e.g. 'group + year')")  # fmt: skip
    terms: list[Term] = []
    for text in _split_terms(formula):
        call = _CALL.fullmatch(text)
        if _NAME.fullmatch(text):
            term = Term(text, True if text == "group" else None, None)
        elif call:
            term = Term(call["field"], True, call["ref"])
        else:
            what = "an empty term" if not text else f"the term {text!r} is not supported (no interactions, "
            raise formula_error(formula, what + ("" if not text else "powers or functions other than C())"), fix)
        if any(t.field == term.field for t in terms):
            raise formula_error(formula, f"{term.field!r} appears twice", "name each field once")
        terms.append(term)
    return tuple(terms)


def formula_fields(formula: str) -> tuple[str, ...]:
    """The metadata fields a model formula needs (every term but ``group``), checking its syntax.

    Parameters
    ----------
    formula : str
        A model formula (see :func:`count_model`), e.g. ``"group + year"``.

    Returns
    -------
    tuple of str
        The metadata fields, in the order of the formula.

    Raises
    ------
    ArgumentError
        [F620] for a formula that is empty, has a left-hand side, or uses syntax other than ``+``,
        names, ``C(field)`` and ``C(field, Treatment('level'))``.
    """
    return tuple(t.field for t in parse_formula(formula) if t.field != "group")
