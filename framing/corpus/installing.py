"""Installing a third-party corpus: a verified copy of its files beside its manifest.

:func:`install` (CLI: ``framing corpus install NAME --from PATH``) copies the files a manifest
(:mod:`framing.corpus.manifests`) lists, only after checking every byte against it.

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
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
import warnings
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath

from ..errors import FramingError, InstallIOError, InstallTargetError, UnsafePathError, VerificationError
from .manifests import (
    INSTALL_RECORD,
    INSTALL_RECORD_VERSION,
    SHOWN_PROBLEMS,
    Manifest,
    as_manifest,
    default_target,
    read_error,
    source_line,
    unsafe_reason,
)
from .verification import VerifyReport, plural, verify

__all__ = ["InstallResult", "install"]


@dataclass(frozen=True)
class InstallResult:
    """What :func:`install` did.

    Attributes
    ----------
    name : str
        The corpus name.
    target : Path
        The folder installed.
    source : Path
        The folder installed from.
    status : str
        ``installed`` (a new or empty target), ``replaced`` (a previous copy that did not verify, or
        ``force=True``) or ``already-installed`` (nothing copied).
    report : VerifyReport
        The verification of the installed folder.
    """

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

    Parameters
    ----------
    name_or_manifest : str, Path or Manifest
        A :class:`~framing.corpus.Manifest`, a corpus name or the path of a manifest file.
    source : str or Path
        The corpus folder to install from (only read).
    target : str or Path, optional
        Where to install; default ``<manifest folder>/<name>/``.
    force : bool
        Replace a previous copy even when it verifies.

    Returns
    -------
    InstallResult
        What was done, with the verification of the installed folder.

    Raises
    ------
    InstallTargetError
        [F508] a target that is not a folder, is a symlink, or cannot be derived; [F511] a folder that is not
        a copy of this corpus; [F512] a previous copy holding files framing did not install; [F513] a target
        that is, is inside or contains the source.
    UnsafePathError
        [F504] a file of ``source`` that resolves outside it.
    VerificationError
        [F506] ``source`` does not verify; [F509] the copy does not.
    InstallIOError
        [F514] a file that cannot be read; [F515] a file system error while writing.
    """
    manifest = as_manifest(name_or_manifest)
    target = Path(target) if target is not None else default_target(manifest)
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
            source=source_line(manifest),
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
        raise read_error(target, exc, manifest.name) from exc
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
        found = f"holds {plural(len(report.extra), 'file')} the manifest does not list: {_shown(report.extra)}"
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
        unsafe = next((f for f in files if unsafe_reason(f) or f == INSTALL_RECORD), None)
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
        raise read_error(Path(exc.filename or target), exc, manifest.name) from exc
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
