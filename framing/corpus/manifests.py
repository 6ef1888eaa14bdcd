"""Third-party corpora: their manifests (the data are never committed here).

The repository's ``corpora/`` folder holds one manifest per corpus, ``corpora/<name>.yaml``: where the
corpus comes from (repository, commit, paths), its license and how to cite it, the :mod:`framing.corpus.named`
reader that reads it, the SHA-256 and size of every file, and the counts the reader must produce. The
files themselves are installed beside the manifest, in ``corpora/<name>/`` (git-ignored), by
:func:`~framing.corpus.install` (:mod:`framing.corpus.installing`; CLI: ``framing corpus install NAME --from
PATH``), which copies only after checking every byte against the manifest.

Manifest format (YAML, read with the safe loader; unknown keys are an error)::

    manifest_version: 1
    name: ungdc                       # also the folder name: corpora/ungdc/
    title: ...
    source: {repository: ..., commit: ..., paths: [...], ...}
    license_id: CC0-1.0               # SPDX identifier
    license: ...                      # the license statement of the corpus' SOURCE.txt
    citation: ...                     # how to cite or attribute, from SOURCE.txt
    caveats: ...                      # optional
    reader: ungdc                     # a key of framing.corpus.CORPUS_READERS
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

The repository is located from this file (``framing/corpus/manifests.py`` → two folders up), so the default
manifests and install folder exist in a source checkout (an editable install). In any other installation,
pass a manifest path: the install folder then defaults to the folder beside that manifest.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath, PureWindowsPath
from types import MappingProxyType
from typing import Any

import yaml

from ..errors import (
    CorpusFolderNotFoundError,
    CorpusNotInstalledError,
    InstallError,
    InstallIOError,
    InstallTargetError,
    ManifestError,
    ManifestNotFoundError,
    UnsafePathError,
    VerificationError,
)
from ..files import decode, error_line, load_yaml

__all__ = [
    "INSTALL_RECORD",
    "MANIFEST_DIR",
    "REPO_ROOT",
    "SHARED_CORPORA",
    "CorpusFolderNotFoundError",
    "CorpusNotInstalledError",
    "InstallError",
    "InstallIOError",
    "InstallTargetError",
    "Manifest",
    "ManifestError",
    "ManifestFile",
    "ManifestNotFoundError",
    "UnsafePathError",
    "VerificationError",
    "as_manifest",
    "default_target",
    "load_manifest",
    "read_error",
    "search_paths",
    "source_line",
    "unsafe_reason",
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
    """A corpus manifest (see the module docstring for the format), as :func:`load_manifest` validated it.

    Attributes
    ----------
    name : str
        The corpus name, also its folder's name.
    title : str
        What the corpus is, for people.
    source : mapping
        Where it comes from (``repository``, ``commit``, ``paths``, ...), read-only.
    license_id : str
        The SPDX identifier of its license.
    license : str
        The license statement of the corpus.
    citation : str
        How to cite or attribute it.
    reader : str
        The named reader that reads it (a key of :data:`~framing.corpus.CORPUS_READERS`).
    expected : mapping
        The counts: ``files``, ``bytes``, ``inputs``, ``documents`` and ``skipped_by_reason`` (sorted).
    files : tuple of ManifestFile
        Every file (path, size, SHA-256), sorted by path.
    caveats : str
        Anything a user should know, or ``""``.
    path : Path or None
        The manifest file, when it was read from one.
    sha256 : str
        SHA-256 of the manifest file's bytes (``""`` when not read from a file).
    """

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

    Parameters
    ----------
    name_or_path : str or Path
        A corpus name or the path of a manifest file, as above.

    Returns
    -------
    Manifest
        The manifest, with its file's path and SHA-256.

    Raises
    ------
    ManifestNotFoundError
        [F501] when there is no such manifest.
    ManifestError
        [F502] when it is malformed (not UTF-8, invalid YAML, a key or value wrong), naming the line.
    UnsafePathError
        [F503] when a file path leaves the corpus folder.
    InstallIOError
        [F514] when the file cannot be read.
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
        raise read_error(path, exc, text_name if by_name else path.stem) from exc
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


#: ``fail(where, detail)``: the F502 error of the manifest at the line of the value at the key path ``where``.
_Fail = Callable[[tuple, str], ManifestError]


def _parse(data: Any, line_of, path: Path) -> Manifest:
    """The :class:`Manifest` of the YAML ``data`` of the file ``path``; F502/F503 at the offending line."""

    def fail(where: tuple, detail: str) -> ManifestError:
        return ManifestError("F502", path=path, line=line_of(where), detail=detail)

    _check_keys(data, fail)
    entries = _parse_files(data["files"], fail, line_of, path)
    expected = data["expected"]
    skipped = _check_expected(expected, entries, fail)

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


def _check_keys(data: Any, fail: _Fail) -> None:
    """Check the top level: a mapping with the known keys, the version, the strings, the name and the source."""
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


def _parse_files(files: Any, fail: _Fail, line_of, path: Path) -> list[ManifestFile]:
    """The entries of the ``files`` list, each checked: keys, a safe path listed once, size, SHA-256."""
    if not isinstance(files, list) or not files:
        raise fail(("files",), "'files' must be a non-empty list of {path, size, sha256}")
    entries: list[ManifestFile] = []
    seen: set[str] = set()
    for i, item in enumerate(files):
        where = ("files", i)
        if not isinstance(item, dict) or set(item) != _FILE_KEYS:
            raise fail(where, "each file is a mapping with exactly the keys path, size and sha256")
        rel, size, digest = item["path"], item["size"], item["sha256"]
        reason = unsafe_reason(rel)
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
    return entries


def _check_expected(expected: Any, entries: list[ManifestFile], fail: _Fail) -> dict:
    """Check the ``expected`` counts against themselves and the listed ``entries``; its skips by reason."""
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
    return skipped


def unsafe_reason(rel: object) -> str:
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


def as_manifest(name_or_manifest: str | Path | Manifest) -> Manifest:
    """``name_or_manifest`` itself if it is a :class:`Manifest`, else :func:`load_manifest` of it."""
    return name_or_manifest if isinstance(name_or_manifest, Manifest) else load_manifest(name_or_manifest)


def read_error(path: Path, exc: OSError, name: str) -> InstallIOError:
    """The error (F514) for ``exc``, raised reading ``path`` of corpus ``name``, with the cause's ``errno``."""
    error = InstallIOError("F514", path=path, detail=exc.strerror or str(exc), name=name)
    error.errno = exc.errno
    return error


def default_target(manifest: Manifest) -> Path:
    """The install folder of ``manifest``: ``<name>/`` beside its file; F508 for a manifest without a file."""
    if manifest.path is None:
        raise InstallTargetError("F508", path="(none)", reason="cannot be derived: the manifest has no file")
    return manifest.path.parent / manifest.name


def source_line(manifest: Manifest) -> str:
    """Where the corpus comes from, for messages: ``"<repository> at <commit>"`` as far as the manifest says."""
    src = manifest.source
    parts = [str(src[k]) for k in ("repository", "commit") if k in src]
    return " at ".join(parts) if parts else "see the manifest's source"


# ----------------------------------------------------------------------------------------------- lookup
def search_paths(name_or_manifest: str | Path | Manifest) -> tuple[Path, ...]:
    """The folders :func:`~framing.corpus.corpus_path` looks in, in order.

    Parameters
    ----------
    name_or_manifest : str, Path or Manifest
        A :class:`~framing.corpus.Manifest`, a corpus name or the path of a manifest file (see
        :func:`~framing.corpus.load_manifest`).

    Returns
    -------
    tuple of Path
        The install folder beside the manifest (``corpora/<name>/``), then ``<SHARED_CORPORA>/<name>/``
        (``../shared/corpora/<name>/``); whether they exist is not checked.

    Raises
    ------
    InstallTargetError
        [F508] for a manifest that has no file (its install folder cannot be derived).
    """
    manifest = as_manifest(name_or_manifest)
    return tuple(dict.fromkeys([default_target(manifest), SHARED_CORPORA / manifest.name]))
