"""Verification of a corpus folder against its manifest, and the lookup of an installed corpus.

:func:`verify` checks every file a manifest (:mod:`framing.corpus.manifests`) lists by size and SHA-256;
:func:`corpus_path` finds the verified folder of an installed corpus.

Where a corpus is found
-----------------------
:func:`corpus_path` looks, in this order, in

1. ``<manifest folder>/<name>/``: the installed copy (``corpora/<name>/`` of this repository);
2. ``../shared/corpora/<name>/`` beside the repository (:data:`SHARED_CORPORA`), the project's shared
   read-only data, used in place;

and returns the first that exists, after verifying every file of it against the manifest. An existing
folder that does not verify is an error, never silently passed over for the next one.
"""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from ..errors import CorpusFolderNotFoundError, CorpusNotInstalledError, VerificationError
from ..files import sha256_file
from .manifests import (
    INSTALL_RECORD,
    SHOWN_PROBLEMS,
    Manifest,
    as_manifest,
    read_error,
    search_paths,
    source_line,
)

__all__ = ["PROBLEM_KINDS", "Problem", "VerifyReport", "corpus_path", "plural", "verify"]

#: Kinds of problem, in the order a file is checked.
PROBLEM_KINDS = ("missing", "escapes", "not-a-file", "size", "sha256")


@dataclass(frozen=True, slots=True)
class Problem:
    """A listed file that is not as the manifest says: ``kind`` is one of :data:`PROBLEM_KINDS`."""

    path: str
    kind: str
    expected: str = ""
    found: str = ""

    def __str__(self) -> str:
        if self.kind == "missing":
            return f"{self.path}: missing"
        return f"{self.path}: {self.kind} (expected {self.expected}, found {self.found})"


@dataclass(frozen=True)
class VerifyReport:
    """The result of :func:`verify`: every listed file checked by size and SHA-256, and the extra files.

    ``ok`` is true when every listed file is present, inside the folder, and has the right size and
    SHA-256. Extra files (in the folder but not in the manifest) are listed in ``extra`` and do not make
    the folder fail: readers only open the files they know.

    Attributes
    ----------
    name : str
        The corpus name.
    root : Path
        The folder verified.
    manifest_sha256 : str
        SHA-256 of the manifest file checked against.
    files : int
        Files listed in the manifest.
    verified : int
        Listed files present with the right size and SHA-256.
    bytes : int
        Bytes of the verified files.
    problems : tuple of Problem
        The listed files that are not as the manifest says, in manifest order.
    extra : tuple of str
        Files in the folder that the manifest does not list (symlinked folders with a trailing ``/``).
    """

    name: str
    root: Path
    manifest_sha256: str
    files: int  # listed in the manifest
    verified: int  # present with the right size and SHA-256
    bytes: int  # bytes verified
    problems: tuple[Problem, ...] = ()
    extra: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.problems

    def counts(self) -> dict[str, Any]:
        """Files listed and verified, bytes verified, problems by kind (in check order) and extra files."""
        kinds = Counter(p.kind for p in self.problems)
        return {
            "files": self.files,
            "verified": self.verified,
            "bytes": self.bytes,
            "problems": len(self.problems),
            "problems_by_kind": {k: kinds[k] for k in PROBLEM_KINDS if kinds[k]},
            "extra": len(self.extra),
        }

    def brief(self, limit: int = SHOWN_PROBLEMS) -> str:
        """The problems on one line, at most ``limit`` of them."""
        shown = "; ".join(str(p) for p in self.problems[:limit])
        more = len(self.problems) - limit
        return shown + (f"; and {more} more" if more > 0 else "")

    def summary(self, limit: int = 20) -> str:
        """A readable account: the verdict, counts, and the first ``limit`` problems and extra files."""
        c = self.counts()
        verdict = "OK" if self.ok else "FAILED"
        lines = [
            f"Corpus {self.name!r} in {self.root}: {verdict}",
            f"  {c['verified']} of {c['files']} files verified ({c['bytes']:,} bytes, SHA-256)",
        ]
        if self.problems:
            kinds = ", ".join(f"{n} {k}" for k, n in c["problems_by_kind"].items())
            lines.append(f"  {plural(c['problems'], 'problem')}: {kinds}")
            lines += [f"    {p}" for p in self.problems[:limit]]
            if len(self.problems) > limit:
                lines.append(f"    ... and {len(self.problems) - limit} more")
        if self.extra:
            lines.append(f"  {plural(len(self.extra), 'extra file')} not in the manifest (ignored):")
            lines += [f"    {p}" for p in self.extra[:limit]]
            if len(self.extra) > limit:
                lines.append(f"    ... and {len(self.extra) - limit} more")
        return "\n".join(lines)

    def to_frame(self):
        """Problems and extra files as a pandas DataFrame (columns path, kind, expected, found)."""
        import pandas as pd

        rows = [(p.path, p.kind, p.expected, p.found) for p in self.problems]
        rows += [(p, "extra", "", "") for p in self.extra]
        return pd.DataFrame(rows, columns=["path", "kind", "expected", "found"])

    def __repr__(self) -> str:
        return (
            f"VerifyReport(name={self.name!r}, ok={self.ok}, verified={self.verified}/{self.files}, "
            f"problems={len(self.problems)}, extra={len(self.extra)})"
        )


def plural(n: int, noun: str) -> str:
    """``"1 file"``, ``"2 files"``: ``n`` and ``noun``, with an ``s`` unless ``n`` is 1."""
    return f"{n} {noun}" + ("" if n == 1 else "s")


def verify(name_or_manifest: str | Path | Manifest, path: str | Path) -> VerifyReport:
    """Check the folder ``path`` against a manifest (a :class:`Manifest`, a corpus name or manifest path).

    Every listed file must exist under ``path``, resolve (through any symlinks) to a regular file inside
    ``path``, and have the listed size and SHA-256 (the size is checked first; a file of the wrong size is
    not hashed). Files in the folder that the manifest does not list are reported as ``extra``, except
    the install record :data:`INSTALL_RECORD`.

    Parameters
    ----------
    name_or_manifest : str, Path or Manifest
        A :class:`~framing.corpus.Manifest`, a corpus name or the path of a manifest file (see
        :func:`~framing.corpus.load_manifest`).
    path : str or Path
        The folder to check.

    Returns
    -------
    VerifyReport
        Every finding: nothing is raised for a mismatch (see ``report.ok``).

    Raises
    ------
    CorpusFolderNotFoundError
        [F505] when ``path`` is not a folder.
    InstallIOError
        [F514] when a listed file cannot be read.
    ManifestNotFoundError, ManifestError, UnsafePathError
        When a manifest named by name or path cannot be loaded (see :func:`~framing.corpus.load_manifest`).
    """
    manifest = as_manifest(name_or_manifest)
    root = Path(path)
    if not root.is_dir():
        raise CorpusFolderNotFoundError("F505", path=root, name=manifest.name)
    real_root = root.resolve()
    problems: list[Problem] = []
    verified = nbytes = 0
    for entry in manifest.files:
        file = root / entry.path
        if not file.exists() and not file.is_symlink():
            problems.append(Problem(entry.path, "missing"))
            continue
        resolved = file.resolve()
        if not resolved.is_relative_to(real_root):
            problems.append(Problem(entry.path, "escapes", f"a file inside {real_root}", str(resolved)))
        elif not resolved.is_file():
            found = "a folder" if resolved.is_dir() else "a dangling symlink" if file.is_symlink() else "not a file"
            problems.append(Problem(entry.path, "not-a-file", "a regular file", found))
        else:
            try:
                size = resolved.stat().st_size
                digest = sha256_file(resolved) if size == entry.size else ""
            except OSError as exc:
                raise read_error(resolved, exc, manifest.name) from exc
            if size != entry.size:
                problems.append(Problem(entry.path, "size", f"{entry.size} bytes", f"{size} bytes"))
            elif digest != entry.sha256:
                problems.append(Problem(entry.path, "sha256", entry.sha256, digest))
            else:
                verified += 1
                nbytes += size
    return VerifyReport(
        name=manifest.name,
        root=root,
        manifest_sha256=manifest.sha256,
        files=len(manifest.files),
        verified=verified,
        bytes=nbytes,
        problems=tuple(problems),
        extra=tuple(p for p in _extra_files(root, {e.path for e in manifest.files}) if p != INSTALL_RECORD),
    )


def _extra_files(root: Path, listed: set[str]) -> tuple[str, ...]:
    """Files (and symlinked folders, which are not entered) under ``root`` that are not ``listed``."""
    folders = {str(p) for rel in listed for p in PurePosixPath(rel).parents}
    extra = []
    for here, dirs, files in os.walk(root):
        rel_here = Path(here).relative_to(root).as_posix()
        prefix = "" if rel_here == "." else rel_here + "/"
        extra += [prefix + f for f in files if prefix + f not in listed]
        extra += [prefix + d + "/" for d in dirs if Path(here, d).is_symlink() and prefix + d not in folders]
        dirs[:] = sorted(dirs)
    return tuple(sorted(extra))


def corpus_path(name_or_manifest: str | Path | Manifest) -> Path:
    """The folder of an installed, verified corpus (see "Where a corpus is found" in the module docstring).

    The first folder of :func:`~framing.corpus.search_paths` that exists is verified file by file (SHA-256)
    and returned.

    Parameters
    ----------
    name_or_manifest : str, Path or Manifest
        A :class:`~framing.corpus.Manifest`, a corpus name or the path of a manifest file (see
        :func:`~framing.corpus.load_manifest`).

    Returns
    -------
    Path
        The corpus folder, verified.

    Raises
    ------
    VerificationError
        [F510] when the folder found does not verify (it is never passed over for the next one).
    CorpusNotInstalledError
        [F507] when no folder exists (the message says how to install the corpus).
    """
    manifest = as_manifest(name_or_manifest)
    searched = search_paths(manifest)
    for folder in searched:
        if folder.is_dir():
            report = verify(manifest, folder)
            if not report.ok:
                raise VerificationError(
                    "F510",
                    report=report,
                    name=manifest.name,
                    path=folder,
                    manifest=manifest.path,
                    summary=report.brief(),
                )
            return folder
    raise CorpusNotInstalledError(
        "F507", name=manifest.name, searched=", ".join(map(str, searched)), source=source_line(manifest)
    )
