"""Third-party corpora: manifests, verification and installation (the data are never committed here).

The repository's ``corpora/`` folder holds one manifest per corpus, ``corpora/<name>.yaml``: where the
corpus comes from (repository, commit, paths), its license and how to cite it, the :mod:`framing.corpora`
reader that reads it, the SHA-256 and size of every file, and the counts the reader must produce. The
files themselves are installed beside the manifest, in ``corpora/<name>/`` (git-ignored), by
:func:`install` (CLI: ``framing corpus install NAME --from PATH``), which copies only after checking every
byte against the manifest.

Manifest format (YAML, read with the safe loader; unknown keys are an error)::

    manifest_version: 1
    name: ungdc                       # also the folder name: corpora/ungdc/
    title: ...
    source: {repository: ..., commit: ..., paths: [...], ...}
    license_id: CC0-1.0               # SPDX identifier
    license: ...                      # the license statement of the corpus' SOURCE.txt
    citation: ...                     # how to cite or attribute, from SOURCE.txt
    caveats: ...                      # optional
    reader: ungdc                     # a key of framing.corpora.CORPUS_READERS
    expected:
      files: 2135                     # number of entries of ``files``
      bytes: 27489983                 # their total size
      inputs: 2132                    # inputs the reader accounts for (Corpus.counts()["inputs"])
      documents: 2132                 # documents it yields ("processed")
      skipped_by_reason: {}           # inputs it skips, by reason
    files:                            # sorted by path
      - {path: SOURCE.txt, size: 1702, sha256: 3f...}

A file path is a relative POSIX path that stays inside the corpus folder: no ``..``, no leading ``/``, no
drive, no backslash, no ``.`` or empty component. A manifest that breaks this is refused when it is
loaded, and a file of a corpus folder that is a symlink resolving outside that folder is refused when the
folder is verified or installed.

Where a corpus is found
-----------------------
:func:`corpus_path` looks, in this order, in

1. ``<manifest folder>/<name>/``: the installed copy (``corpora/<name>/`` of this repository);
2. ``../shared/corpora/<name>/`` beside the repository (:data:`SHARED_CORPORA`), the project's shared
   read-only data, used in place;

and returns the first that exists, after verifying every file of it against the manifest. An existing
folder that does not verify is an error, never silently passed over for the next one.

What install writes and what it may delete
------------------------------------------
:func:`install` never deletes or changes anything it did not install:

- the source folder is only read; a target equal to, inside or containing the source (symlinks resolved)
  is refused (:class:`InstallTargetError`, F513) before the source is read or anything is written;
- every installed folder holds an install record, :data:`INSTALL_RECORD` (``.framing-corpus.json``:
  the corpus name, the manifest's SHA-256 and the files installed). An existing target is used only
  when it is empty or is a previous copy of *this* corpus: its record names the corpus or, for a copy
  installed by a framing without records, it has no record and verifies exactly against the manifest
  (every listed file right, no other file). Any other existing folder is refused (F511);
- a previous copy is replaced only when it holds nothing but what its record lists (or, without a
  record, the manifest lists). Anything else in it (the user's notes, another folder) makes the install
  refuse (F512) and name it: framing does not move the user's files, the user does. When the old copy is
  set aside, only the files of its list are deleted; should anything else have appeared in it meanwhile,
  the aside folder is kept, with a warning naming it.

The repository is located from this file (``framing/corpus/manifests.py`` → two folders up), so the default
manifests and install folder exist in a source checkout (an editable install). In any other installation,
pass a manifest path: the install folder then defaults to the folder beside that manifest.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import secrets
import shutil
import warnings
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath, PureWindowsPath
from types import MappingProxyType
from typing import Any

import yaml

from ..errors import (
    CorpusFolderNotFoundError,
    CorpusNotInstalledError,
    FramingError,
    InstallError,
    InstallIOError,
    InstallTargetError,
    ManifestError,
    ManifestNotFoundError,
    UnsafePathError,
    VerificationError,
)
from ..files import decode, error_line, load_yaml, sha256_file

__all__ = [
    "INSTALL_RECORD",
    "MANIFEST_DIR",
    "REPO_ROOT",
    "SHARED_CORPORA",
    "CorpusFolderNotFoundError",
    "CorpusNotInstalledError",
    "InstallError",
    "InstallIOError",
    "InstallResult",
    "InstallTargetError",
    "Manifest",
    "ManifestError",
    "ManifestFile",
    "ManifestNotFoundError",
    "Problem",
    "UnsafePathError",
    "VerificationError",
    "VerifyReport",
    "corpus_path",
    "install",
    "load_manifest",
    "search_paths",
    "verify",
]

#: The repository this package was loaded from (a source checkout: ``framing/`` and ``corpora/`` beside).
REPO_ROOT = Path(__file__).resolve().parents[2]
#: Where the manifests are, and where corpora are installed by default (``corpora/<name>/``).
MANIFEST_DIR = REPO_ROOT / "corpora"
#: The project's shared read-only corpora beside the repository; searched after ``corpora/<name>/``.
SHARED_CORPORA = REPO_ROOT.parent / "shared" / "corpora"

MANIFEST_VERSION = 1
#: A corpus name is also a folder name: lower-case letters, digits, ``_``, ``-`` and ``.`` (not first).
NAME = re.compile(r"[a-z0-9][a-z0-9_.-]*\Z")
SHA256 = re.compile(r"[0-9a-f]{64}\Z")
#: Problems listed in an error message before "... and N more".
SHOWN_PROBLEMS = 5
#: The install record :func:`install` writes into the folder it installs (JSON; not a corpus file).
INSTALL_RECORD = ".framing-corpus.json"
INSTALL_RECORD_VERSION = 1

_REQUIRED_KEYS = {
    "manifest_version",
    "name",
    "title",
    "source",
    "license_id",
    "license",
    "citation",
    "reader",
    "expected",
    "files",
}
_OPTIONAL_KEYS = {"caveats"}
_EXPECTED_KEYS = {"files", "bytes", "inputs", "documents", "skipped_by_reason"}
_FILE_KEYS = {"path", "size", "sha256"}


# The errors of this module (F501–F515) live in the catalogue, framing.errors, and are re-exported here.


# --------------------------------------------------------------------------------------------- manifest
@dataclass(frozen=True, slots=True)
class ManifestFile:
    """One file of a corpus: its relative POSIX path, size in bytes and SHA-256."""

    path: str
    size: int
    sha256: str


@dataclass(frozen=True)
class Manifest:
    """A corpus manifest (see the module docstring); ``sha256`` is that of the manifest file's bytes."""

    name: str
    title: str
    source: Mapping[str, Any]
    license_id: str
    license: str
    citation: str
    reader: str
    expected: Mapping[str, Any]
    files: tuple[ManifestFile, ...]
    caveats: str = ""
    path: Path | None = None
    sha256: str = ""

    @property
    def total_bytes(self) -> int:
        """Total size of the listed files."""
        return sum(f.size for f in self.files)

    def check_counts(self, counts: Mapping[str, Any]) -> tuple[str, ...]:
        """Differences between the expected reader counts and ``counts`` (a :meth:`Corpus.counts` dict).

        Empty when the reader produced what the manifest records.
        """
        got = {
            "inputs": counts.get("inputs"),
            "documents": counts.get("processed"),
            "skipped_by_reason": dict(counts.get("skipped_by_reason", {})),
        }
        return tuple(
            f"{key}: expected {self.expected[key]!r}, read {got[key]!r}"
            for key in ("inputs", "documents", "skipped_by_reason")
            if self.expected[key] != got[key]
        )

    def __repr__(self) -> str:
        return (
            f"Manifest(name={self.name!r}, files={len(self.files)}, bytes={self.total_bytes}, "
            f"reader={self.reader!r}, license_id={self.license_id!r})"
        )


def load_manifest(name_or_path: str | Path) -> Manifest:
    """Load and validate a corpus manifest.

    ``name_or_path`` is a corpus name (``"ungdc"``: the file ``corpora/ungdc.yaml`` of this repository,
    :data:`MANIFEST_DIR`, whose ``name`` must then be ``ungdc``) or the path of a manifest file (a
    :class:`~pathlib.Path`, or a string with a path separator or ending in ``.yaml``/``.yml``).

    Raises :class:`ManifestNotFoundError` when there is no such manifest, :class:`ManifestError`
    when it is malformed and :class:`UnsafePathError` when a file path leaves the corpus
    folder.
    """
    text_name = str(name_or_path)
    by_name = not isinstance(name_or_path, Path) and not (
        "/" in text_name or os.sep in text_name or text_name.endswith((".yaml", ".yml"))
    )
    if by_name:
        if not NAME.match(text_name):
            raise ManifestNotFoundError("F501", name=text_name, path=MANIFEST_DIR, known=_known())
        path = MANIFEST_DIR / f"{text_name}.yaml"
    else:
        path = Path(name_or_path)
    if not path.is_file():
        raise ManifestNotFoundError("F501", name=text_name if by_name else path.stem, path=path, known=_known())
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise _read_error(path, exc, text_name if by_name else path.stem) from exc
    try:
        data, line_of = load_yaml(decode(raw))
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ManifestError(
            "F502", path=path, line=line, detail=f"not UTF-8 ({exc.reason} at byte {exc.start})"
        ) from None
    except yaml.YAMLError as exc:
        raise ManifestError("F502", path=path, line=error_line(exc), detail=_yaml_problem(exc)) from None
    manifest = _parse(data, line_of, path)
    if by_name and manifest.name != text_name:
        raise ManifestError(
            "F502",
            path=path,
            line=line_of(("name",)),
            detail=f"name {manifest.name!r} is not the file's {text_name!r}",
        )
    return replace(manifest, sha256=hashlib.sha256(raw).hexdigest())


def _known() -> str:
    names = sorted(p.stem for p in MANIFEST_DIR.glob("*.yaml")) if MANIFEST_DIR.is_dir() else []
    return ", ".join(names) or f"none in {MANIFEST_DIR}"


def _yaml_problem(exc: yaml.YAMLError) -> str:
    return f"invalid YAML: {getattr(exc, 'problem', None) or exc}"


def _parse(data: Any, line_of, path: Path) -> Manifest:
    def fail(where: tuple, detail: str) -> ManifestError:
        return ManifestError("F502", path=path, line=line_of(where), detail=detail)

    if not isinstance(data, dict):
        raise fail((), "a manifest is a mapping of keys (manifest_version, name, files, ...)")
    allowed = _REQUIRED_KEYS | _OPTIONAL_KEYS
    for key in data:
        if key not in allowed:
            raise fail((key,), f"unknown key {key!r} (known: {', '.join(sorted(allowed))})")
    for key in sorted(_REQUIRED_KEYS):
        if key not in data:
            raise fail((), f"the key {key!r} is missing")
    if data["manifest_version"] != MANIFEST_VERSION:
        raise fail(("manifest_version",), f"manifest_version {data['manifest_version']!r} is not {MANIFEST_VERSION}")
    for key in ("name", "title", "license_id", "license", "citation", "reader", "caveats"):
        if key in data and not (isinstance(data[key], str) and data[key].strip()):
            raise fail((key,), f"{key!r} must be a non-empty string")
    if not NAME.match(data["name"]):
        raise fail(("name",), f"name {data['name']!r} must be lower-case letters, digits, '_', '-' or '.'")
    if not isinstance(data["source"], dict) or not data["source"]:
        raise fail(("source",), "'source' must be a mapping (repository, commit, paths, ...)")

    files = data["files"]
    if not isinstance(files, list) or not files:
        raise fail(("files",), "'files' must be a non-empty list of {path, size, sha256}")
    entries: list[ManifestFile] = []
    seen: set[str] = set()
    for i, item in enumerate(files):
        where = ("files", i)
        if not isinstance(item, dict) or set(item) != _FILE_KEYS:
            raise fail(where, "each file is a mapping with exactly the keys path, size and sha256")
        rel, size, digest = item["path"], item["size"], item["sha256"]
        reason = _unsafe_reason(rel)
        if reason:
            raise UnsafePathError("F503", path=path, line=line_of(where), file=rel, reason=reason)
        if rel in seen:
            raise fail(where, f"file {rel!r} is listed twice")
        if rel == INSTALL_RECORD:
            raise fail(where, f"{rel!r} is the name of framing's install record; a corpus file cannot have it")
        seen.add(rel)
        if not isinstance(size, int) or isinstance(size, bool) or size < 0:
            raise fail(where, f"size of {rel!r} must be a whole number of bytes, not {size!r}")
        if not isinstance(digest, str) or not SHA256.match(digest):
            raise fail(where, f"sha256 of {rel!r} must be 64 lower-case hexadecimal digits")
        entries.append(ManifestFile(rel, size, digest))
    for rel in sorted(seen):  # a file cannot also be a folder of other files
        parents = {str(p) for p in PurePosixPath(rel).parents}
        if parents & seen:
            raise fail(("files",), f"{sorted(parents & seen)[0]!r} is listed as a file and as a folder of {rel!r}")

    expected = data["expected"]
    if not isinstance(expected, dict) or set(expected) != _EXPECTED_KEYS:
        raise fail(("expected",), f"'expected' must have exactly the keys {', '.join(sorted(_EXPECTED_KEYS))}")
    for key in ("files", "bytes", "inputs", "documents"):
        if not isinstance(expected[key], int) or isinstance(expected[key], bool) or expected[key] < 0:
            raise fail(("expected", key), f"expected {key} must be a whole number")
    skipped = expected["skipped_by_reason"]
    if not isinstance(skipped, dict) or not all(
        isinstance(k, str) and isinstance(v, int) and not isinstance(v, bool) and v >= 0 for k, v in skipped.items()
    ):
        raise fail(("expected", "skipped_by_reason"), "skipped_by_reason maps a reason to a number of inputs")
    if expected["files"] != len(entries):
        raise fail(("expected", "files"), f"expected files is {expected['files']} but {len(entries)} are listed")
    if expected["bytes"] != sum(e.size for e in entries):
        total = sum(e.size for e in entries)
        raise fail(("expected", "bytes"), f"expected bytes is {expected['bytes']} but the sizes add up to {total}")
    if expected["inputs"] != expected["documents"] + sum(skipped.values()):
        raise fail(("expected", "inputs"), "expected inputs must equal documents + the skipped inputs")

    return Manifest(
        name=data["name"],
        title=data["title"].strip(),
        source=MappingProxyType(dict(data["source"])),
        license_id=data["license_id"],
        license=data["license"].strip(),
        citation=data["citation"].strip(),
        reader=data["reader"],
        expected=MappingProxyType({**expected, "skipped_by_reason": dict(sorted(skipped.items()))}),
        files=tuple(sorted(entries, key=lambda e: e.path)),
        caveats=data.get("caveats", "").strip(),
        path=path,
    )


def _unsafe_reason(rel: object) -> str:
    """Why ``rel`` is not a safe relative POSIX path inside a folder ("" when it is)."""
    if not isinstance(rel, str) or not rel:
        return "is not a non-empty string"
    if "\\" in rel or "\x00" in rel:
        return "contains a backslash or NUL character"
    if rel.startswith("/") or PureWindowsPath(rel).drive or PureWindowsPath(rel).is_absolute():
        return "is absolute"
    parts = rel.split("/")
    if ".." in parts:
        return "goes up with '..'"
    if any(p in ("", ".") for p in parts):
        return "has an empty or '.' component"
    return ""


def _as_manifest(name_or_manifest: str | Path | Manifest) -> Manifest:
    return name_or_manifest if isinstance(name_or_manifest, Manifest) else load_manifest(name_or_manifest)


# ------------------------------------------------------------------------------------------ verification
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
            lines.append(f"  {_plural(c['problems'], 'problem')}: {kinds}")
            lines += [f"    {p}" for p in self.problems[:limit]]
            if len(self.problems) > limit:
                lines.append(f"    ... and {len(self.problems) - limit} more")
        if self.extra:
            lines.append(f"  {_plural(len(self.extra), 'extra file')} not in the manifest (ignored):")
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


def _plural(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def verify(name_or_manifest: str | Path | Manifest, path: str | Path) -> VerifyReport:
    """Check the folder ``path`` against a manifest (a :class:`Manifest`, a corpus name or manifest path).

    Every listed file must exist under ``path``, resolve (through any symlinks) to a regular file inside
    ``path``, and have the listed size and SHA-256 (the size is checked first; a file of the wrong size is
    not hashed). Files in the folder that the manifest does not list are reported as ``extra``, except
    the install record :data:`INSTALL_RECORD`.

    Raises :class:`CorpusFolderNotFoundError` when ``path`` is not a folder and :class:`InstallIOError`
    (F514) when a listed file cannot be read; otherwise every finding is in the returned
    :class:`VerifyReport` (nothing is raised for a mismatch: see ``report.ok``).
    """
    manifest = _as_manifest(name_or_manifest)
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
                raise _read_error(resolved, exc, manifest.name) from exc
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


def _read_error(path: Path, exc: OSError, name: str) -> InstallIOError:
    error = InstallIOError("F514", path=path, detail=exc.strerror or str(exc), name=name)
    error.errno = exc.errno
    return error


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


# -------------------------------------------------------------------------------------------- install
@dataclass(frozen=True)
class InstallResult:
    """What :func:`install` did: ``status`` is ``installed`` (a new or empty target), ``replaced`` (a previous
    copy that did not verify, or ``force=True``) or ``already-installed``; ``report`` verifies the installed
    folder."""

    name: str
    target: Path
    source: Path
    status: str
    report: VerifyReport

    def summary(self) -> str:
        c = self.report.counts()
        what = {
            "installed": f"installed from {self.source}",
            "replaced": f"reinstalled from {self.source} (the previous copy was replaced)",
            "already-installed": "already installed and verified; nothing copied",
        }[self.status]
        return f"Corpus {self.name!r} in {self.target}: {what}; {c['verified']} files, {c['bytes']:,} bytes verified."


@dataclass(frozen=True)
class _Target:
    """An existing install target that may be used: ``files`` are those framing installed in it (its
    record's list; the manifest's for a copy without a record; none for an empty folder); ``report`` is
    its verification when that was needed to tell (a copy without a record)."""

    kind: str  # "empty" or "copy"
    files: tuple[str, ...]
    report: VerifyReport | None = None


def _copy_file(source: Path, target: Path) -> None:
    """Copy the bytes of one file (contents only: the copy gets default permissions, not read-only ones)."""
    shutil.copyfile(source, target)


def install(
    name_or_manifest: str | Path | Manifest,
    source: str | Path,
    target: str | Path | None = None,
    *,
    force: bool = False,
) -> InstallResult:
    """Verify the corpus folder ``source`` against its manifest and install a copy at ``target``.

    ``target`` defaults to ``<manifest folder>/<name>/`` (``corpora/<name>/`` of this repository). Nothing
    that install did not install is ever deleted or changed (see "What install writes and what it may
    delete" in the module docstring). The steps:

    1. ``target`` equal to, inside or containing ``source`` (symlinks resolved) is refused
       (:class:`InstallTargetError`, F513);
    2. an existing ``target`` must be a folder (F508) that is empty or a previous copy of this corpus:
       its :data:`INSTALL_RECORD` names the corpus or, without a record (a copy installed by an older
       framing), it verifies exactly against the manifest, every file listed and no other file. Anything
       else is refused (F511). A previous copy that verifies is left as it is (``already-installed``)
       unless ``force=True``; one to be replaced must hold only the files of its record (or of the
       manifest), else the install is refused, naming the others (F512): move them out and rerun;
    3. ``source`` is verified: every listed file present, inside ``source`` (a symlink resolving outside
       it is refused, :class:`UnsafePathError`) and with the right size and SHA-256
       (:class:`VerificationError` otherwise, with the report);
    4. the listed files, and only those, are copied into a new hidden folder beside ``target``
       (``.<name>.installing-*``) with the install record, and verified again (:class:`VerificationError`
       on a mismatch);
    5. that folder is renamed to ``target``; a previous copy is first renamed aside, put back if the
       rename fails, and after it succeeds its listed files are deleted and its folders removed if empty.
       Anything else found in it by then is kept in the aside folder, with a ``RuntimeWarning`` naming it.

    Any failure before step 5 removes the hidden folder and leaves ``target`` as it was: a half-installed
    corpus never appears at ``target``. A file system error (disk full, permissions) is raised as
    :class:`InstallIOError` (F515, also an :class:`OSError` with the cause's ``errno``). Two installs of
    the same corpus at once are not supported (the second rename fails and that install is rolled back).
    """
    manifest = _as_manifest(name_or_manifest)
    target = Path(target) if target is not None else _default_target(manifest)
    source = Path(source)
    _refuse_overlap(target, source)
    existing: _Target | None = None
    if target.exists() or target.is_symlink():
        if not target.is_dir():
            raise InstallTargetError("F508", path=target, reason="is not a folder")
        existing = _existing_target(manifest, target)
        if existing.kind == "copy" and not force:
            report = existing.report or verify(manifest, target)
            if report.ok:
                return InstallResult(manifest.name, target, source, "already-installed", report)
        if target.is_symlink():
            raise InstallTargetError("F508", path=target, reason="is a symlink, which install does not replace")
        if existing.kind == "copy":
            _refuse_additions(manifest, target, existing.files)

    checked = verify(manifest, source)
    escapes = [p for p in checked.problems if p.kind == "escapes"]
    if escapes:
        raise UnsafePathError("F504", name=manifest.name, file=escapes[0].path, root=source, resolved=escapes[0].found)
    if not checked.ok:
        raise VerificationError(
            "F506",
            report=checked,
            name=manifest.name,
            path=source,
            manifest=manifest.path,
            summary=checked.brief(),
            source=_source_line(manifest),
        )

    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = _fresh_sibling(target, "installing")
    except OSError as exc:
        raise _write_error(manifest, target, exc) from exc
    try:
        real_source = source.resolve()
        for entry in manifest.files:
            copy = staging / entry.path
            copy.parent.mkdir(parents=True, exist_ok=True)
            _copy_file((real_source / entry.path).resolve(), copy)
        _write_record(manifest, staging)
        report = verify(manifest, staging)
        if not report.ok:
            raise VerificationError(
                "F509", report=report, name=manifest.name, path=staging, summary=report.brief(), source=source
            )
        _move_into_place(staging, target, None if existing is None else existing.files)
    except BaseException as exc:
        shutil.rmtree(staging, ignore_errors=True)  # the staging folder holds only what this install copied
        if isinstance(exc, OSError) and not isinstance(exc, FramingError):
            raise _write_error(manifest, target, exc) from exc
        raise
    status = "replaced" if existing is not None and existing.kind == "copy" else "installed"
    return InstallResult(manifest.name, target, source, status, replace(report, root=target))


def _default_target(manifest: Manifest) -> Path:
    if manifest.path is None:
        raise InstallTargetError("F508", path="(none)", reason="cannot be derived: the manifest has no file")
    return manifest.path.parent / manifest.name


def _source_line(manifest: Manifest) -> str:
    src = manifest.source
    parts = [str(src[k]) for k in ("repository", "commit") if k in src]
    return " at ".join(parts) if parts else "see the manifest's source"


def _write_error(manifest: Manifest, target: Path, exc: OSError) -> InstallIOError:
    error = InstallIOError("F515", name=manifest.name, path=target, detail=str(exc), folder=target.parent)
    error.errno = exc.errno
    return error


def _shown(items: tuple[str, ...] | list[str]) -> str:
    shown = ", ".join(repr(i) for i in items[:SHOWN_PROBLEMS])
    return shown + (f" and {len(items) - SHOWN_PROBLEMS} more" if len(items) > SHOWN_PROBLEMS else "")


def _refuse_overlap(target: Path, source: Path) -> None:
    """Refuse (F513) a target that is, is inside or contains the source, symlinks resolved."""
    real_target, real_source = target.resolve(), source.resolve()
    if real_target == real_source:
        relation = "is"
    elif real_target.is_relative_to(real_source):
        relation = "is inside"
    elif real_source.is_relative_to(real_target):
        relation = "contains"
    else:
        return
    raise InstallTargetError("F513", target=target, relation=relation, source=source)


def _existing_target(manifest: Manifest, target: Path) -> _Target:
    """Classify the existing folder ``target``: empty, or a previous copy of this corpus; F511 otherwise."""

    def refuse(reason: str) -> InstallTargetError:
        return InstallTargetError("F511", path=target, name=manifest.name, reason=reason)

    try:
        if not any(target.iterdir()):
            return _Target("empty", ())
    except OSError as exc:
        raise _read_error(target, exc, manifest.name) from exc
    record = target / INSTALL_RECORD
    if record.exists() or record.is_symlink():
        corpus, files = _read_record(record, refuse)
        if corpus != manifest.name:
            raise refuse(f"its install record {INSTALL_RECORD} is that of corpus {corpus!r}")
        return _Target("copy", files)
    report = verify(manifest, target)
    if report.ok and not report.extra:
        return _Target("copy", tuple(f.path for f in manifest.files), report)
    if report.verified == 0:
        found = "holds none of the corpus files"
    elif not report.ok:
        found = f"does not match the manifest: {report.brief(limit=2)}"
    else:
        found = f"holds {_plural(len(report.extra), 'file')} the manifest does not list: {_shown(report.extra)}"
    raise refuse(f"it has no install record {INSTALL_RECORD} and {found}")


def _read_record(path: Path, refuse) -> tuple[str, tuple[str, ...]]:
    """The corpus name and installed files of an install record; ``refuse(reason)`` when it is not one."""
    try:
        if path.is_symlink() or not path.is_file():
            raise ValueError("it is not a regular file")
        data = json.loads(path.read_bytes().decode("utf-8"))
        if not isinstance(data, dict) or data.get("install_record") != INSTALL_RECORD_VERSION:
            raise ValueError(f"it is not a version-{INSTALL_RECORD_VERSION} install record")
        corpus, files = data.get("corpus"), data.get("files")
        if not isinstance(corpus, str) or not isinstance(files, list):
            raise ValueError("it lacks the corpus name or the list of files")
        unsafe = next((f for f in files if _unsafe_reason(f) or f == INSTALL_RECORD), None)
        if unsafe is not None:
            raise ValueError(f"its file {unsafe!r} is not a path inside the folder")
    except (OSError, ValueError) as exc:  # UnicodeDecodeError and json.JSONDecodeError are ValueErrors
        raise refuse(f"its install record {INSTALL_RECORD} cannot be used: {exc}") from None
    return corpus, tuple(files)


def _write_record(manifest: Manifest, folder: Path) -> None:
    record = {
        "install_record": INSTALL_RECORD_VERSION,
        "corpus": manifest.name,
        "manifest_sha256": manifest.sha256,
        "source": {k: manifest.source[k] for k in ("repository", "commit") if k in manifest.source},
        "files": [f.path for f in manifest.files],
    }
    text = json.dumps(record, indent=1, sort_keys=True, ensure_ascii=False, default=str) + "\n"
    (folder / INSTALL_RECORD).write_text(text, encoding="utf-8")


def _additions(root: Path, installed: tuple[str, ...]) -> tuple[str, ...]:
    """What is under ``root`` but was not installed: files other than ``installed`` and the record, symlinked
    folders (not entered) and folders that hold no installed file (shown with a trailing ``/``)."""
    listed = set(installed) | {INSTALL_RECORD}
    folders = {str(p) for rel in installed for p in PurePosixPath(rel).parents}

    def reraise(exc: OSError) -> None:
        raise exc

    found = []
    for here, dirs, files in os.walk(root, onerror=reraise):
        rel_here = Path(here).relative_to(root).as_posix()
        prefix = "" if rel_here == "." else rel_here + "/"
        found += [prefix + f for f in files if prefix + f not in listed]
        ours = [d for d in dirs if prefix + d in folders and not Path(here, d).is_symlink()]
        found += [prefix + d + "/" for d in dirs if d not in ours]
        dirs[:] = sorted(ours)
    return tuple(sorted(found))


def _refuse_additions(manifest: Manifest, target: Path, installed: tuple[str, ...]) -> None:
    """Refuse (F512) to replace a previous copy that holds anything framing did not install in it."""
    try:
        added = _additions(target, installed)
    except OSError as exc:
        raise _read_error(Path(exc.filename or target), exc, manifest.name) from exc
    if added:
        raise InstallTargetError("F512", path=target, name=manifest.name, count=len(added), items=_shown(added))


def _fresh_sibling(target: Path, what: str) -> Path:
    """A new, empty hidden folder beside ``target`` (same file system, so renames are atomic)."""
    while True:
        path = target.with_name(f".{target.name}.{what}-{os.getpid()}-{secrets.token_hex(4)}")
        try:
            path.mkdir()  # default permissions, unlike tempfile.mkdtemp's 0o700
            return path
        except FileExistsError:  # pragma: no cover - 32 random bits
            continue


def _move_into_place(staging: Path, target: Path, previous: tuple[str, ...] | None) -> None:
    """Rename ``staging`` to ``target``; ``previous`` lists the files framing installed in an existing target
    (``None``: there is none), the only ones deleted once the new copy is in place."""
    if previous is None:
        os.rename(staging, target)
        return
    aside = target.with_name(staging.name.replace(".installing-", ".previous-"))
    os.rename(target, aside)
    try:
        os.rename(staging, target)
    except BaseException:
        os.rename(aside, target)
        raise
    left = _remove_installed(aside, previous)
    if left:
        warnings.warn(
            f"the previous copy of {target} was set aside in {aside}, which still holds what framing did not "
            f"install ({_shown(left)}); it was kept: move what you need out of it, then delete it",
            RuntimeWarning,
            stacklevel=3,
        )


def _remove_installed(folder: Path, installed: tuple[str, ...]) -> tuple[str, ...]:
    """Delete the ``installed`` files and the record from ``folder``, then its folders that are left empty.

    Never follows a symlinked folder. Returns what is left (empty when ``folder`` is gone).
    """
    real = folder.resolve()
    for rel in (*installed, INSTALL_RECORD):
        path = folder / rel
        if path.parent.resolve() != real.joinpath(*PurePosixPath(rel).parent.parts):
            continue  # reached through a symlinked folder: not ours to delete
        if path.is_symlink() or path.is_file():
            with contextlib.suppress(OSError):
                path.unlink()
    parents = {p for rel in installed for p in PurePosixPath(rel).parents if p.parts}
    for parent in sorted(parents, key=lambda p: len(p.parts), reverse=True):
        with contextlib.suppress(OSError):  # not empty, or a symlink: left as it is
            os.rmdir(folder / parent)
    with contextlib.suppress(OSError):
        os.rmdir(folder)
    if not folder.exists():
        return ()
    try:
        return _additions(folder, ()) or (f"{folder.name}/",)
    except OSError:
        return (f"{folder.name}/",)


# ----------------------------------------------------------------------------------------------- lookup
def search_paths(name_or_manifest: str | Path | Manifest) -> tuple[Path, ...]:
    """The folders :func:`corpus_path` looks in, in order: the install folder beside the manifest
    (``corpora/<name>/``), then ``<SHARED_CORPORA>/<name>/`` (``../shared/corpora/<name>/``)."""
    manifest = _as_manifest(name_or_manifest)
    return tuple(dict.fromkeys([_default_target(manifest), SHARED_CORPORA / manifest.name]))


def corpus_path(name_or_manifest: str | Path | Manifest) -> Path:
    """The folder of an installed, verified corpus (see "Where a corpus is found" in the module docstring).

    The first folder of :func:`search_paths` that exists is verified file by file (SHA-256) and returned.
    Raises :class:`VerificationError` if it does not verify, :class:`CorpusNotInstalledError`
    if none exists (the message says how to install the corpus).
    """
    manifest = _as_manifest(name_or_manifest)
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
        "F507", name=manifest.name, searched=", ".join(map(str, searched)), source=_source_line(manifest)
    )
