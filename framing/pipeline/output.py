"""The output folder contract: framing replaces or deletes only what it wrote itself.

What framing owns
-----------------
Every run writes, last, a record of its outputs into the folder: ``.framing-outputs.json``, the name and
sha256 of every file it wrote (``run.json`` included). A file in an output folder is framing's **only if
that record lists its name with its current hash**. Result folders written before the record existed are
recognised by their ``run.json`` (which lists the hashes of the other outputs). Everything else is the
user's: a file of the user's under one of framing's output names (``documents.csv`` of their own, a
``profiles.csv`` they edited) makes the run stop before it reads anything, with an error that names the
files (F430); it is never overwritten, moved or deleted.

Before the run (:meth:`OutputFolder.acquire`)
---------------------------------------------
* ``out`` must not be a file (F402), the current folder or one holding it (F424), an input, inside an
  input folder or hold an input (F431: the next run would read framing's own outputs, or the swap would
  take the inputs away).
* An advisory lock (``flock``) on ``.NAME.framing-lock`` beside the folder (inside it where its parent is
  read-only or it is a mount point) makes a second run on the same folder stop at once with F432 instead
  of racing the first. The lock file holds the pid of the run and is removed when the run ends (a killed
  run's lock is released by the system; its file is reused).
* What a killed run left behind is finished or undone (see below).

Atomic results
--------------
A run writes into a new hidden folder beside the output folder (``.NAME.framing-PID-XXXX``). Only when
every file is written is it swapped with the output folder in one atomic step (``renameat2`` with
``RENAME_EXCHANGE`` on Linux, ``renamex_np`` with ``RENAME_SWAP`` on macOS; elsewhere two renames); the
user's files in the previous folder are then moved back into it, and framing's previous outputs are
deleted. An interrupted run (Ctrl-C, a kill, an exception) therefore leaves the previous results as they
were, and a reader never sees a mix of old and new files. A hidden folder left by a killed run is cleaned
up by the next run on the same output folder (the user's files it still holds are moved back first).

Where the folder itself cannot be swapped (a mount point; a folder whose parent is read-only), the run
writes into a hidden folder *inside* it (``.framing-staging-PID-XXXX``) and replaces the files one by one
with ``os.replace``: each file is old or new, never half-written, but a reader who opens the files during
the few renames may see some old and some new ones; ``run.json`` (replaced after the tables) and the
record (last) list the hashes of the complete set, so such a mix can be detected.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import errno
import json
import os
import re
import shutil
import signal
import sys
import tempfile
import threading
import warnings
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from ..errors import RunError, RunWarning
from ..files import sha256_file, writing

__all__ = ["RECORD", "OutputFolder", "owned_files"]

#: The record of what a run wrote (name -> sha256), the last file written into an output folder.
RECORD = ".framing-outputs.json"
#: Entries whose names start with this are framing's bookkeeping (the record, staging folders, the lock).
_PRIVATE = ".framing-"
#: Present in a staging folder until its record is written: such a folder holds nothing of the user's.
_STAGING = ".framing-staging"
#: How many offending names an error lists.
_SHOWN = 8

try:  # advisory locks: POSIX only; elsewhere runs are not serialised (said in the README)
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def _resolve(path: str | os.PathLike[str]) -> Path:
    return Path(os.path.abspath(path)).resolve()


class OutputFolder:
    """An output folder that framing writes into under the contract of the module docstring.

    Parameters
    ----------
    out : str or Path
        The output folder; created (with its parents) if missing.
    names : sequence of str
        The names framing may write into it (any other name in it is the user's whatever the record says).
    inputs : iterable of str or Path
        The run's input files and folders: ``out`` may not be, hold or lie inside one of them.

    Use :meth:`acquire` before the first document is read (it checks, locks and cleans up), then
    :meth:`staging` around the writing, then :meth:`release` (or use the object as a context manager).
    """

    def __init__(self, out: str | Path, *, names: Sequence[str], inputs: Iterable[str | Path] = ()) -> None:
        self.out = out
        self.names = tuple(names)
        self.inputs = tuple(inputs)
        self._lock_fd: int | None = None
        self._lock_path = Path()

    # ------------------------------------------------------------------------------------------ before
    def acquire(self) -> OutputFolder:
        """Check ``out`` (F402, F424, F430, F431), take the lock (F432) and finish or undo what a killed run
        left; raises before anything is written."""
        given = Path(self.out)
        if (given.exists() or given.is_symlink()) and not given.is_dir():
            raise RunError("F402", path=str(self.out))
        target = self.target = _resolve(self.out)
        cwd = Path.cwd().resolve()
        if _inside(cwd, target):
            raise RunError("F424", path=str(self.out))
        for item in self.inputs:
            source = _resolve(item)
            if _inside(target, source) or _inside(source, target):
                where = "is" if target == source else ("lies inside" if _inside(target, source) else "holds")
                raise RunError("F431", path=str(self.out), where=where, input=str(item))
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise RunError("F433", path=str(self.out), reason=exc.strerror or str(exc)) from None
        parent_writable = os.access(target.parent, os.W_OK | os.X_OK)
        self.in_place = target.is_dir() and (not parent_writable or _is_mount(target))
        if self.in_place and not os.access(target, os.W_OK | os.X_OK):
            raise RunError("F433", path=str(self.out), reason="the folder is not writable")
        self._lock(target.parent / f".{target.name}{_PRIVATE}lock" if not self.in_place else target / f"{_PRIVATE}lock")
        try:
            _recover(target)
            if target.is_dir():
                foreign = self.foreign(target)
                if foreign:
                    more = f" and {len(foreign) - _SHOWN} more" if len(foreign) > _SHOWN else ""
                    shown = ", ".join(foreign[:_SHOWN]) + more
                    raise RunError("F430", path=str(self.out), files=shown)
        except BaseException:
            self.release()
            raise
        return self

    def foreign(self, folder: Path) -> list[str]:
        """Entries of ``folder`` under framing's output names that framing did not write (sorted)."""
        owned = owned_files(folder)
        return sorted(e.name for e in folder.iterdir() if e.name in self.names and e.name not in owned)

    def _lock(self, path: Path) -> None:
        """Take the advisory lock on ``path`` (created if missing) or raise F432 at once."""
        if fcntl is None:  # pragma: no cover - Windows
            return
        while True:
            try:
                fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644)
            except OSError as exc:
                raise RunError("F433", path=str(path), reason=exc.strerror or str(exc)) from None
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "unknown"
                os.close(fd)
                raise RunError("F432", path=str(self.out), pid=holder, lock=str(path)) from None
            try:  # the holder before us removes the file when it is done: lock the file that is there now
                same = os.stat(path, follow_symlinks=False).st_ino == os.fstat(fd).st_ino
            except FileNotFoundError:
                same = False
            if same:
                break
            os.close(fd)
        os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
        self._lock_fd, self._lock_path = fd, path

    def release(self) -> None:
        """Release the lock and remove its file (removed while held, so no one locks a file that is gone)."""
        fd, self._lock_fd = self._lock_fd, None
        if fd is not None:
            with contextlib.suppress(OSError):
                os.unlink(self._lock_path)
            os.close(fd)  # closing the descriptor releases the flock

    def __enter__(self) -> OutputFolder:
        return self.acquire() if self._lock_fd is None else self

    def __exit__(self, *exc: object) -> None:
        self.release()

    # ------------------------------------------------------------------------------------------ writing
    @contextlib.contextmanager
    def staging(self) -> Iterator[Path]:
        """A new hidden folder to write the results into; put in place of the output folder's results when
        the block ends without an exception, deleted otherwise."""
        target = self.target
        if self.in_place:
            tmp = Path(tempfile.mkdtemp(prefix=f"{_PRIVATE}staging-{os.getpid()}-", dir=target))
        else:
            tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}{_PRIVATE}{os.getpid()}-", dir=target.parent))
            os.chmod(tmp, target.stat().st_mode & 0o7777 if target.is_dir() else 0o777 & ~_umask())
        (tmp / _STAGING).touch()
        try:
            with writing(self.out):  # an error that names no file names at least the output folder
                yield tmp
            written = sorted(p for p in tmp.iterdir() if p.name != _STAGING)
            unknown = [p.name for p in written if p.name not in self.names]
            assert not unknown, f"output files missing from the output names: {unknown}"
            _write_record(tmp, {p.name: sha256_file(p) for p in written})
            (tmp / _STAGING).unlink()  # complete: from here on the record says what it holds
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        with _no_interrupt():
            if self.in_place:
                self._replace_files(tmp)
                return
            try:
                old = _commit(tmp, target)
                if old is not None:
                    _settle(old, target)
            except BaseException:
                _recover(target, own=True)
                raise

    def _replace_files(self, staging: Path) -> None:
        """Replace framing's files in the output folder one by one with those of ``staging`` (inside it)."""
        target = self.target
        new = _read_record(staging)
        old = owned_files(target)
        both: dict[str, list[str]] = {}
        for name, digest in (*_recorded(target).items(), *new.items()):
            both.setdefault(name, []).append(digest)
        _write_record(target, both)  # while files are replaced, old and new hashes are both framing's
        for name in sorted(new, key=lambda n: (n == "run.json", n)):
            os.replace(staging / name, target / name)
        for name in sorted(set(old) - set(new) - {RECORD}):
            (target / name).unlink()
        _write_record(target, new)
        shutil.rmtree(staging, ignore_errors=True)


# -------------------------------------------------------------------------------------- the record
def _write_record(folder: Path, files: dict[str, Any]) -> None:
    path = folder / RECORD
    tmp = folder / f"{RECORD}.tmp"
    tmp.write_text(json.dumps({"files": files}, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    os.replace(tmp, path)


def _read_record(folder: Path) -> dict[str, str]:
    return {name: d for name, d in _recorded(folder).items() if isinstance(d, str)}


def _recorded(folder: Path) -> dict[str, Any]:
    """Name -> sha256 (or a list of them, while files are being replaced) as the folder's record has them;
    for a folder of an older framing without a record, as its ``run.json`` lists them."""
    for name, key in ((RECORD, "files"), ("run.json", "outputs")):
        path = folder / name
        if path.is_symlink() or not path.is_file():
            continue
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        files = data.get(key) if isinstance(data, dict) else None
        if not isinstance(files, dict):
            continue
        if name == "run.json":  # an older run: run.json is framing's if every output it lists is intact
            if "versions" not in data or not files:
                continue
            return {**{n: d for n, d in files.items() if isinstance(d, str)}, "run.json": sha256_file(path)}
        return {n: d for n, d in files.items() if isinstance(n, str) and isinstance(d, str | list)}
    return {}


def owned_files(folder: Path) -> dict[str, str]:
    """The files of ``folder`` that framing wrote (name -> sha256): listed in its record with their current
    hash (module docstring). The record itself is included when it exists."""
    owned: dict[str, str] = {}
    for name, digest in _recorded(folder).items():
        path = folder / name
        if "/" in name or name in ("", ".", "..") or path.is_symlink() or not path.is_file():
            continue
        actual = sha256_file(path)
        if actual == digest or (isinstance(digest, list) and actual in digest):
            owned[name] = actual
    if (folder / RECORD).is_file() and not (folder / RECORD).is_symlink():
        owned[RECORD] = ""
    return owned


def _ours(entry: Path, owned: dict[str, str]) -> bool:
    """Whether an entry of a previous results folder is framing's to delete."""
    return entry.name in owned or (entry.name.startswith(_PRIVATE) and entry.name != RECORD)


# ------------------------------------------------------------------------------------ atomic folder swap
_AT_FDCWD = -100
_RENAME_EXCHANGE = 2  # linux/fs.h
_RENAME_SWAP = 2  # macOS sys/stdio.h


def _is_mount(path: Path) -> bool:
    """Whether ``path`` is a folder that cannot be renamed: a mount point (another device than its parent)."""
    try:
        return path.is_dir() and (os.path.ismount(path) or path.stat().st_dev != path.parent.stat().st_dev)
    except OSError:
        return False


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


@contextlib.contextmanager
def _no_interrupt() -> Iterator[None]:
    """Hold back Ctrl-C (SIGINT) for the few renames of a commit; it is delivered right after."""
    blocking = threading.current_thread() is threading.main_thread() and hasattr(signal, "pthread_sigmask")
    if blocking:
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        if blocking:
            signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


def _commit(tmp: Path, target: Path) -> Path | None:
    """Put ``tmp`` in place of ``target``; return the folder now holding the previous content, if any."""
    if not target.exists():
        os.rename(tmp, target)
        return None
    if _exchange(tmp, target):
        return tmp
    old = tmp.with_name(tmp.name + "-old")
    os.rename(target, old)
    os.rename(tmp, target)
    return old


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically where the system can; ``False`` where it cannot."""
    libc = _libc()
    if libc is None:
        return False
    if sys.platform.startswith("linux") and hasattr(libc, "renameat2"):
        rc = libc.renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    elif sys.platform == "darwin" and hasattr(libc, "renamex_np"):
        rc = libc.renamex_np(os.fsencode(a), os.fsencode(b), _RENAME_SWAP)
    else:
        return False
    if rc == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False
    raise OSError(err, os.strerror(err), str(b))


_LIBC: list[Any] = []


def _libc() -> Any:
    if not _LIBC:
        try:
            _LIBC.append(ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True))
        except OSError:
            _LIBC.append(None)
    return _LIBC[0]


def _settle(old: Path, target: Path) -> None:
    """Move the user's entries of the previous results folder ``old`` back into ``target``; delete framing's.

    An entry of the user's whose name is taken in ``target`` meanwhile (created during the run) is never
    overwritten: ``old`` then stays, renamed to a visible ``NAME.framing-kept-PID`` beside the output folder,
    with a warning (W430)."""
    owned = owned_files(old)
    kept = []
    for entry in sorted(old.iterdir()):
        if _ours(entry, owned):
            continue
        if (target / entry.name).exists() or (target / entry.name).is_symlink():
            kept.append(entry.name)
            continue
        os.rename(entry, target / entry.name)
    if not kept:
        shutil.rmtree(old, ignore_errors=True)
        return
    for entry in old.iterdir():
        if _ours(entry, owned):
            shutil.rmtree(entry) if entry.is_dir() and not entry.is_symlink() else entry.unlink()
    visible = target.with_name(f"{target.name}.framing-kept-{os.getpid()}")
    os.rename(old, visible)
    warnings.warn(RunWarning("W430", path=str(target), kept=str(visible), files=", ".join(kept)), stacklevel=3)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _recover(target: Path, *, own: bool = False) -> None:
    """Finish or undo what an interrupted run left beside ``target``: restore the previous results if the
    output folder is missing, move the user's files back, delete temporary folders. Folders of runs still
    going (another live process) are left alone; ``own=True`` includes this process's."""
    pattern = re.compile(re.escape(f".{target.name}{_PRIVATE}") + r"(?P<pid>\d+)-[A-Za-z0-9_]+(?P<old>-old)?\Z")
    leftovers = []
    for entry in sorted(target.parent.iterdir()) if target.parent.is_dir() else ():
        m = pattern.match(entry.name)
        if m is None or not entry.is_dir() or entry.is_symlink():
            continue
        pid = int(m.group("pid"))
        if pid == os.getpid() and not own:
            continue
        if pid != os.getpid() and _alive(pid):
            continue
        leftovers.append((entry, bool(m.group("old"))))
    for entry, _ in sorted(leftovers, key=lambda x: not x[1]):  # previous results first
        if (entry / _STAGING).exists():  # a run killed while writing: only its own partial files
            shutil.rmtree(entry, ignore_errors=True)
        elif target.is_dir():
            _settle(entry, target)
        else:  # the output folder is missing: this was it (previous results), or complete new results
            os.rename(entry, target)
    staging = re.compile(re.escape(f"{_PRIVATE}staging-") + r"(?P<pid>\d+)-[A-Za-z0-9_]+\Z")
    for entry in sorted(target.iterdir()) if target.is_dir() else ():
        m = staging.match(entry.name)
        if m and entry.is_dir() and not entry.is_symlink():
            pid = int(m.group("pid"))
            if (pid == os.getpid() and own) or (pid != os.getpid() and not _alive(pid)):
                shutil.rmtree(entry, ignore_errors=True)
