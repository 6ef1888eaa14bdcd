"""The merge: batch results added up in batch order into the run's counts, aggregates and kept objects.

A document lies in one batch, so units concatenate and counts add up: the merged aggregates are those of the
whole corpus, whatever the batch size and however many processes ran the batches. Warnings a batch raised
(possibly in another process) are re-raised here, in batch order.
"""

from __future__ import annotations

import warnings
from collections import Counter
from typing import Any

import pandas as pd

from ..actors import Attribution, frame_targets
from ..compare import TARGET_TABLE_COLUMNS, FrameCounts, UnitTable, concat_units
from ..corpus import Document, InputRecord
from ..errors import RunError
from ..lexicon import match_table
from ..passages import Passage
from .batches import BatchResult, BatchSpec

__all__ = ["Merge"]


class Merge:
    """Adds up batch results in batch order (see the module docstring)."""

    def __init__(self, spec: BatchSpec) -> None:
        self.spec = spec
        self.inputs = self.processed = self.documents = self.passages = self.matches = self.negated = 0
        self.text_chars = 0
        self.skipped: Counter = Counter()
        self.sources: set[str] = set()
        self.frames = FrameCounts()
        self.units: list[UnitTable] = []
        self.target_frames: list[pd.DataFrame] = []
        self.terms: dict[str, Counter] = {}
        self.records: list[InputRecord] = []
        self.documents_kept: list[Document] = []
        self.passages_kept: list[Passage] = []
        self.attributions: list[Attribution] = []
        self.match_frames: list[pd.DataFrame] = []
        self.next_index = 0
        self.missing_fields: Counter = Counter()
        self.fields: set[str] = set()
        self.document_meta: dict[str, dict[str, Any]] = {}  # the count model's fields per document

    def add(self, r: BatchResult) -> None:
        """Add the result of the next batch (results must come in batch order)."""
        if r.index != self.next_index:
            raise RuntimeError(f"batch {r.index} merged out of order (expected {self.next_index})")
        self.next_index += 1
        for w in r.warnings:
            warnings.warn(w, stacklevel=2)
        self.inputs += r.inputs
        self.processed += r.processed
        self.skipped.update(r.skipped)
        self.documents += r.documents
        self.passages += r.passages
        self.matches += r.matches
        self.negated += r.negated
        self.text_chars += r.text_chars
        self.sources.update(r.sources)
        self.missing_fields.update(r.missing_fields)
        self.fields.update(r.fields)
        self.document_meta.update(r.document_meta)
        self.frames += r.frames
        if r.units is not None:
            self.units.append(r.units)
        if r.targets is not None and len(r.targets):
            self.target_frames.append(r.targets)
        for group, counts in (r.terms or {}).items():
            self.terms.setdefault(group, Counter()).update(counts)
        if self.spec.keep:
            self.records.extend(r.kept_records or ())
            self.documents_kept.extend(r.kept_documents or ())
            self.passages_kept.extend(r.kept_passages or ())
            self.attributions.extend(r.kept_attributions or ())
            if r.kept_matches is not None and len(r.kept_matches):
                self.match_frames.append(r.kept_matches)

    def counts(self) -> dict[str, Any]:
        """The run's counts, as :meth:`Analysis.counts` gives them."""
        skipped = sum(self.skipped.values())
        return {
            "inputs": self.inputs,
            "processed": self.processed,
            "skipped": skipped,
            "skipped_by_reason": dict(sorted(self.skipped.items())),
            "passages": self.passages,
            "matches": self.matches,
            "negated_matches": self.negated,
        }

    def check(self, *, documents: bool = True) -> None:
        """Nothing lost: every input processed or skipped, and (``documents``) every processed input analysed."""
        skipped = sum(self.skipped.values())
        if self.inputs != self.processed + skipped:
            raise RunError("F403", inputs=self.inputs, processed=self.processed, skipped=skipped)
        if documents and self.processed != self.documents:
            raise RunError("F420", processed=self.processed, documents=self.documents)
        if self.documents == 0:
            reasons = ", ".join(f"{reason} {n}" for reason, n in sorted(self.skipped.items()))
            summary = f"{self.inputs} input(s), all skipped: {reasons}" if self.inputs else "no input found"
            raise RunError("F434", summary=summary)

    def match_table(self) -> pd.DataFrame:
        """The kept match tables of the batches, concatenated (``spec.keep``)."""
        if self.match_frames:
            return pd.concat(self.match_frames, ignore_index=True)
        return frame_targets([], match_table([], self.spec.lexicon), self.spec.lexicon.categories)

    def target_table(self) -> pd.DataFrame:
        """Who frames whom as what over all batches (:func:`framing.compare.target_table`): a document lies in
        one batch, so the batches' counts, documents and passages add up."""
        if not self.target_frames:
            return pd.DataFrame(columns=TARGET_TABLE_COLUMNS).astype({c: "int64" for c in TARGET_TABLE_COLUMNS[4:]})
        keys = TARGET_TABLE_COLUMNS[:4]
        return pd.concat(self.target_frames, ignore_index=True).groupby(keys, as_index=False, sort=True).sum()

    def unit_table(self) -> UnitTable:
        """The (group, document) units of the batches, concatenated."""
        return concat_units(self.units, self.spec.lexicon.category_names)
