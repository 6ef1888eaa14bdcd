"""The toolkit works from a read-only install with a read-only home, as in container and CI images.

numba caches the matching engine's compiled loops beside the source or in the user cache folder; where it
can write neither it refused to compile them at all ("cannot cache function ...: no locator available"), so
every command failed at import. Each test copies the package into a folder sealed read-only:

- as a normal user, by taking away write permission (``chmod a-w``);
- as root, for whom permissions do not stop writes, by mounting the folder read-only in a private mount
  namespace (``unshare --mount``); where that is not allowed either (a container without the privilege),
  by putting a file where each folder numba would write must go (``framing/__pycache__``,
  ``$HOME/.cache``), which makes them just as unwritable.

The temporary folder (``TMPDIR``) is one of the test's own, so the private cache folder lands there.
"""

import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

import framing
from framing.cli import main

from conftest import SEED

PACKAGE = Path(framing.__file__).parent
UID = os.getuid() if hasattr(os, "getuid") else None
PRIVATE = "framing-numba" if UID is None else f"framing-numba-{UID}"

pytestmark = pytest.mark.skipif(UID is None, reason="read-only installs are simulated with POSIX permissions")


def _seal(folder: Path) -> list[str]:
    """Make ``folder`` read-only for the commands run with the returned prefix."""
    if os.geteuid() != 0:
        for path in [folder, *folder.rglob("*")]:
            path.chmod(path.stat().st_mode & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))
        return []
    unshare = shutil.which("unshare")
    if unshare:
        prefix = [unshare, "--mount", "sh", "-c", 'mount --bind -o ro "$0" "$0" && exec "$@"', str(folder)]
        probe = [*prefix, "sh", "-c", 'touch "$0/probe" 2>/dev/null && exit 10 || exit 11', str(folder)]
        if subprocess.run(probe, capture_output=True).returncode == 11:  # mounted, and read-only
            return prefix
    (folder / "site" / "framing" / "__pycache__").write_text("not a folder\n")
    (folder / "home" / ".cache").write_text("not a folder\n")
    return []


@pytest.fixture
def read_only(tmp_path):
    """A function running ``python ARGS`` from a read-only copy of the package, with a read-only home and no
    NUMBA_CACHE_DIR: it returns the finished process. ``tmp_path / "tmp"`` is the temporary folder."""
    sealed, temp = tmp_path / "ro", tmp_path / "tmp"
    shutil.copytree(PACKAGE, sealed / "site" / "framing", ignore=shutil.ignore_patterns("__pycache__"))
    (sealed / "home").mkdir()
    temp.mkdir()
    prefix = _seal(sealed)
    env = {k: v for k, v in os.environ.items() if not k.startswith("NUMBA_") and k != "XDG_CACHE_HOME"}
    env.update(HOME=str(sealed / "home"), TMPDIR=str(temp), PYTHONPATH=str(sealed / "site"), PYTHONHASHSEED="0")

    def run(*args: str, **extra: str) -> subprocess.CompletedProcess:
        cmd = [*prefix, sys.executable, *args]
        return subprocess.run(cmd, env={**env, **extra}, cwd=sealed / "site", capture_output=True, text=True)

    yield run
    for path in [sealed, *sealed.rglob("*")]:  # let pytest remove it
        if not path.is_symlink():
            path.chmod(path.stat().st_mode | stat.S_IWUSR)


def expected_match_csv(capsys) -> str:
    assert main(["match", str(SEED), "--format", "csv"]) == 0
    return capsys.readouterr().out


def test_cli_runs_from_a_read_only_install_caching_in_a_private_temporary_folder(read_only, tmp_path, capsys):
    done = read_only("-m", "framing.cli", "match", str(SEED), "--format", "csv")
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stderr == ""
    assert done.stdout == expected_match_csv(capsys)
    private = tmp_path / "tmp" / PRIVATE
    assert stat.S_IMODE(private.stat().st_mode) == 0o700
    assert any(private.rglob("*.nbi")), "the compiled loops were not cached in the private folder"


def test_a_temporary_folder_of_someone_else_is_refused_and_the_loops_compile_in_memory(read_only, tmp_path, capsys):
    planted = tmp_path / "tmp" / PRIVATE
    planted.mkdir()
    planted.chmod(0o777)  # anyone could have put cache files (machine code, pickles) in it
    done = read_only("-m", "framing.cli", "match", str(SEED), "--format", "csv")
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout == expected_match_csv(capsys)
    lines = done.stderr.splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("framing: warning: [W501] The matching engine's compiled loops cannot be cached")
    assert f"{planted} is writable by another user (refused)" in lines[0]
    assert not any(planted.iterdir())


def test_cache_folder_order(read_only, tmp_path):
    """NUMBA_CACHE_DIR first when set, else (here: read-only package and home) the private temporary folder.
    Where the package folder can be written, numba's own choice is kept (``test_engine`` runs that way)."""
    script = (
        "import framing, framing.lexicon._kernels as k; "
        "print(framing.__file__); print(k.tokens.stats.cache_path); print(k.assemble.stats.cache_path)"
    )
    chosen = tmp_path / "numba-cache"
    done = read_only("-c", script, NUMBA_CACHE_DIR=str(chosen))
    assert done.returncode == 0, done.stderr
    where, *paths = done.stdout.splitlines()
    assert where == str(tmp_path / "ro" / "site" / "framing" / "__init__.py")
    assert all(Path(p).parent == chosen for p in paths)
    assert not (tmp_path / "tmp" / PRIVATE).exists()

    done = read_only("-c", script)
    assert done.returncode == 0, done.stderr
    assert all(Path(p).parent == tmp_path / "tmp" / PRIVATE for p in done.stdout.splitlines()[1:])
