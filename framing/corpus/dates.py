"""Date fields derived from a document's ``date``: ``year`` and ``month``, one rule for every input.

A document whose metadata has a ``date`` in ISO 8601 form (``YYYY-MM-DD``, optionally followed by a time,
``2022-02-24T05:30:00``, or ``YYYY-MM``) and no ``year`` or ``month`` gets them: ``year`` ``"2022"``,
``month`` ``"2022-02"`` (text, as read from a CSV column), so that ``by="month"`` and ``group_by="year"``
work on a CSV or JSONL file that has only a ``date``. A ``year`` or ``month`` the input has itself is kept.
A date that is not such a date (``"24/02/2022"``, ``"2022-13-01"``, ``"2022-02-30"``, a number) derives
nothing: the fields stay absent, and a run grouped by them counts the document as missing the field
(warning W403).

The reader of files (:func:`~framing.corpus.iter_corpus`) applies :func:`date_fields` to every document it
reads, so every input format and every named corpus reader gets the same fields.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping
from typing import Any

__all__ = ["DERIVED_DATE_FIELDS", "date_fields"]

#: The fields derived from ``date``, in the order they are added.
DERIVED_DATE_FIELDS = ("year", "month")

#: ISO 8601 calendar date (``YYYY-MM-DD`` with anything after it: a time, a zone) or year and month.
_ISO_DATE = re.compile(r"(?P<year>\d{4})-(?P<month>\d{2})(?:-(?P<day>\d{2})(?![0-9]))?")


def date_fields(meta: Mapping[str, Any]) -> dict[str, str]:
    """The ``year`` and ``month`` derived from ``meta["date"]`` that ``meta`` lacks (see the module
    docstring).

    Parameters
    ----------
    meta : mapping of str to object
        A document's metadata.

    Returns
    -------
    dict of str to str
        The derived fields ``meta`` has no value for (absent, ``None`` or ``""``); empty when ``date`` is
        absent or not an ISO 8601 date (``YYYY-MM-DD…`` or ``YYYY-MM``).

    Examples
    --------
    >>> date_fields({"date": "2022-03-01T10:00"})
    {'year': '2022', 'month': '2022-03'}
    >>> date_fields({"date": "2022-03", "year": "2021"})
    {'month': '2022-03'}
    >>> date_fields({"date": "01/03/2022"})
    {}
    """
    date = meta.get("date")
    if not isinstance(date, str):
        return {}
    m = _ISO_DATE.match(date.strip())
    if m is None or (m.group("day") is None and m.end() != len(date.strip())):
        return {}
    year, month, day = int(m.group("year")), int(m.group("month")), m.group("day")
    try:
        datetime.date(year, month, int(day) if day is not None else 1)
    except ValueError:  # month 13, 30 February
        return {}
    derived = {"year": m.group("year"), "month": f"{m.group('year')}-{m.group('month')}"}
    return {k: v for k, v in derived.items() if meta.get(k) in (None, "")}
