"""Corpus manifests, verification and installation (framing.corpus.manifests).

Synthetic corpora in tmp_path for the behaviour; the real manifests against ../shared/corpora (skipped in a
clone without it, failing under CI=true).
"""

import hashlib
import json
import os
import warnings
from pathlib import Path

import pytest
import yaml

import framing.corpus.installing as installing
import framing.corpus.manifests as fi
import framing.corpus.verification as verification
from framing import cli
from framing.corpus.installing import install
from framing.corpus.manifests import (
    CorpusFolderNotFoundError,
    CorpusNotInstalledError,
    InstallTargetError,
    ManifestError,
    ManifestNotFoundError,
    UnsafePathError,
    VerificationError,
    load_manifest,
    search_paths,
)
from framing.corpus.named import CORPUS_READERS
from framing.corpus.verification import corpus_path, verify
from framing.errors import CorpusWarning

TOY = {"README.txt": b"toy corpus\n", "docs/a.txt": b"Kyiv said no.\n", "docs/b.txt": b"Moscow said yes.\n"}
REAL = ("kremlin_en", "ukraine_addresses_2022", "ungdc")
#: A manifest must stay small enough to read in a diff and to commit (the task's limit).
MAX_MANIFEST_BYTES = 1_000_000


def manifest_data(content: dict[str, bytes], name: str = "toy", **changes) -> dict:
    data = {
        "manifest_version": 1,
        "name": name,
        "title": "A toy corpus",
        "source": {"repository": "https://example.org/toy", "commit": "0" * 40, "paths": "docs/*.txt"},
        "license_id": "CC0-1.0",
        "license": "CC0 1.0",
        "citation": "Toy, T. (2025). A toy corpus.",
        "reader": "toy",
        "expected": {
            "files": len(content),
            "bytes": sum(len(b) for b in content.values()),
            "inputs": 2,
            "documents": 2,
            "skipped_by_reason": {},
        },
        "files": [
            {"path": p, "size": len(b), "sha256": hashlib.sha256(b).hexdigest()} for p, b in sorted(content.items())
        ],
    }
    data.update(changes)
    return data


def write_manifest(folder: Path, data: dict) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{data['name']}.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def write_tree(root: Path, files: dict[str, bytes]) -> Path:
    for rel, data in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(data)
    return root


def snapshot(root: Path) -> dict[str, tuple[bytes, int]]:
    return {
        p.relative_to(root).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns) for p in root.rglob("*") if p.is_file()
    }


def corpus_files(root: Path) -> dict[str, bytes]:
    """The files of an installed copy, without its install record."""
    return {k: v[0] for k, v in snapshot(root).items() if k != fi.INSTALL_RECORD}


def tree(root: Path) -> list[str]:
    """Every entry under ``root`` (files, folders, symlinks), for "nothing else appeared or vanished"."""
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*"))


@pytest.fixture
def toy(tmp_path):
    """(manifest path, source folder): the manifest in tmp/corpora/, so the default target is tmp/corpora/toy."""
    return write_manifest(tmp_path / "corpora", manifest_data(TOY)), write_tree(tmp_path / "src", TOY)


# ----------------------------------------------------------------------------------------------- manifest
def test_load_manifest_from_a_path(toy):
    manifest = load_manifest(toy[0])
    assert manifest.name == "toy" and [f.path for f in manifest.files] == sorted(TOY)
    assert manifest.total_bytes == sum(map(len, TOY.values()))
    assert manifest.sha256 == hashlib.sha256(toy[0].read_bytes()).hexdigest()
    assert repr(manifest).startswith("Manifest(name='toy', files=3,")


def test_unknown_corpus_name_lists_the_known_ones():
    with pytest.raises(ManifestNotFoundError, match=r"No manifest for corpus 'nope'.*known corpora: .*ungdc"):
        load_manifest("nope")
    with pytest.raises(FileNotFoundError):
        load_manifest("../ungdc")


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"colour": "red"}, r"toy.yaml:\d+: unknown key 'colour'"),
        ({"manifest_version": 2}, r"manifest_version 2 is not 1"),
        ({"name": "Toy Corpus"}, r"name 'Toy Corpus' must be lower-case"),
        ({"license": ""}, r"'license' must be a non-empty string"),
        ({"files": []}, r"'files' must be a non-empty list"),
    ],
)
def test_malformed_manifests_name_file_and_line(tmp_path, changes, message):
    path = write_manifest(tmp_path, manifest_data(TOY, **changes))
    with pytest.raises(ManifestError, match=message):
        load_manifest(path)


def test_manifest_counts_must_add_up(tmp_path):
    data = manifest_data(TOY)
    data["expected"]["files"] = 4
    with pytest.raises(ManifestError, match="expected files is 4 but 3 are listed"):
        load_manifest(write_manifest(tmp_path, data))
    data = manifest_data(TOY)
    data["files"][0]["sha256"] = "ABC"
    with pytest.raises(ManifestError, match=r"sha256 of 'README\.txt' must be 64 lower-case hexadecimal digits"):
        load_manifest(write_manifest(tmp_path, data))
    data = manifest_data(TOY)
    data["files"].append(dict(data["files"][0]))
    data["expected"]["files"] += 1
    data["expected"]["bytes"] += data["files"][0]["size"]
    with pytest.raises(ManifestError, match=r"file 'README\.txt' is listed twice"):
        load_manifest(write_manifest(tmp_path, data))


@pytest.mark.parametrize(
    ("rel", "reason"),
    [
        ("../x", "goes up with '..'"),
        ("docs/../../x", "goes up with '..'"),
        ("/etc/passwd", "is absolute"),
        ("C:/Windows/win.ini", "is absolute"),
        ("docs\\a.txt", "backslash"),
        ("./a.txt", "empty or '.' component"),
        ("docs//a.txt", "empty or '.' component"),
    ],
)
def test_manifest_paths_that_escape_the_folder_are_refused(tmp_path, rel, reason):
    path = write_manifest(tmp_path, manifest_data({rel: b"x"}))
    with pytest.raises(UnsafePathError, match=rf"file path .* {reason}.*stay inside the corpus folder"):
        load_manifest(path)


def test_check_counts_compares_with_corpus_counts(toy):
    manifest = load_manifest(toy[0])
    assert manifest.check_counts({"inputs": 2, "processed": 2, "skipped": 0, "skipped_by_reason": {}}) == ()
    assert manifest.check_counts({"inputs": 3, "processed": 2, "skipped": 1, "skipped_by_reason": {"empty": 1}}) == (
        "inputs: expected 2, read 3",
        "skipped_by_reason: expected {}, read {'empty': 1}",
    )


# ------------------------------------------------------------------------------------------------- verify
def test_verify_good_folder(toy):
    report = verify(toy[0], toy[1])
    assert report.ok and report.verified == report.files == 3 and report.extra == ()
    assert report.counts() == {
        "files": 3,
        "verified": 3,
        "bytes": sum(map(len, TOY.values())),
        "problems": 0,
        "problems_by_kind": {},
        "extra": 0,
    }
    assert "OK" in report.summary() and repr(report).startswith("VerifyReport(name='toy', ok=True")


def test_verify_wrong_hash_wrong_size_missing_and_extra(toy):
    manifest, src = toy
    (src / "docs/a.txt").write_bytes(b"Kyiv said NO.\n")  # same size, other bytes
    (src / "docs/b.txt").write_bytes(b"Moscow said yes!!\n")
    (src / "README.txt").unlink()
    (src / "docs/c.txt").write_bytes(b"not listed")
    report = verify(manifest, src)
    assert not report.ok and report.verified == 0
    assert [(p.path, p.kind) for p in report.problems] == [
        ("README.txt", "missing"),
        ("docs/a.txt", "sha256"),
        ("docs/b.txt", "size"),
    ]
    assert report.problems[2].expected == "17 bytes" and report.problems[2].found == "18 bytes"
    assert report.extra == ("docs/c.txt",)
    assert report.counts()["problems_by_kind"] == {"missing": 1, "size": 1, "sha256": 1}
    assert "FAILED" in report.summary() and "docs/c.txt" in report.summary()
    assert list(report.to_frame()["kind"]) == ["missing", "sha256", "size", "extra"]


def test_an_extra_file_alone_does_not_fail(toy):
    (toy[1] / ".DS_Store").write_bytes(b"\0")
    report = verify(*toy)
    assert report.ok and report.extra == (".DS_Store",)


def test_verify_a_folder_in_place_of_a_file_and_symlinks(toy, tmp_path):
    manifest, src = toy
    (src / "README.txt").unlink()
    (src / "README.txt").mkdir()
    outside = write_tree(tmp_path / "elsewhere", {"a.txt": TOY["docs/a.txt"]})
    (src / "docs/a.txt").unlink()
    (src / "docs/a.txt").symlink_to(outside / "a.txt")  # right bytes, but outside the folder
    (src / "docs/b.txt").rename(src / "b-real.txt")
    (src / "docs/b.txt").symlink_to(Path("../b-real.txt"))  # inside the folder: fine
    report = verify(manifest, src)
    assert [(p.path, p.kind) for p in report.problems] == [("README.txt", "not-a-file"), ("docs/a.txt", "escapes")]
    assert report.verified == 1 and report.extra == ("b-real.txt",)


def test_verify_a_missing_folder(toy, tmp_path):
    with pytest.raises(CorpusFolderNotFoundError, match=r"Corpus folder .*nowhere for 'toy' does not exist"):
        verify(toy[0], tmp_path / "nowhere")


# ------------------------------------------------------------------------------------------------ install
def test_install_copies_into_the_folder_beside_the_manifest(toy):
    manifest, src = toy
    result = install(manifest, src)
    target = manifest.parent / "toy"
    assert result.status == "installed" and result.target == target and result.report.ok
    assert result.report.root == target
    assert corpus_files(target) == TOY and (target / fi.INSTALL_RECORD).is_file()
    assert sorted(p.name for p in manifest.parent.iterdir()) == ["toy", "toy.yaml"]  # no staging folder left
    assert "installed from" in result.summary()


def test_install_copies_only_the_listed_files(toy, tmp_path):
    (toy[1] / "notes.txt").write_text("mine")
    result = install(toy[0], toy[1], tmp_path / "elsewhere" / "toy")
    assert sorted(corpus_files(result.target)) == sorted(TOY)


def test_install_is_idempotent(toy):
    first = install(*toy)
    before = snapshot(first.target)
    again = install(*toy)
    assert again.status == "already-installed" and again.report.ok
    assert snapshot(first.target) == before  # nothing rewritten
    forced = install(*toy, force=True)
    assert forced.status == "replaced" and corpus_files(forced.target) == TOY


def test_install_replaces_a_copy_that_does_not_verify(toy):
    target = install(*toy).target
    (target / "docs/a.txt").write_bytes(b"tampered")
    result = install(*toy)
    assert result.status == "replaced" and (target / "docs/a.txt").read_bytes() == TOY["docs/a.txt"]
    assert sorted(p.name for p in target.parent.iterdir()) == ["toy", "toy.yaml"]


def test_install_refuses_a_source_that_does_not_verify(toy):
    manifest, src = toy
    (src / "docs/b.txt").write_bytes(b"Moscow said no!!!\n")
    with pytest.raises(
        VerificationError, match=r"Corpus 'toy' in .*src does not match its manifest.*docs/b.txt: size"
    ) as e:
        install(manifest, src)
    assert e.value.code == "F506" and [p.path for p in e.value.report.problems] == ["docs/b.txt"]
    assert "https://example.org/toy at 0000" in str(e.value)
    assert sorted(p.name for p in manifest.parent.iterdir()) == ["toy.yaml"]


def test_install_refuses_a_symlink_out_of_the_source(toy, tmp_path):
    manifest, src = toy
    outside = write_tree(tmp_path / "secret", {"passwd": TOY["README.txt"]})
    (src / "README.txt").unlink()
    (src / "README.txt").symlink_to(outside / "passwd")
    with pytest.raises(UnsafePathError, match=r"'README.txt' in .* is a symlink to .*passwd, outside the corpus"):
        install(manifest, src)
    assert not (manifest.parent / "toy").exists()


def test_install_refuses_a_target_that_is_a_file(toy, tmp_path):
    (tmp_path / "taken").write_text("x")
    with pytest.raises(InstallTargetError, match=r"taken exists and is not a folder; remove it"):
        install(*toy, tmp_path / "taken")


def failing_copy(monkeypatch, after: int):
    """Make the install's copy raise once ``after`` files have been copied."""
    copied = []
    real = installing._copy_file

    def copy(source, target):
        if len(copied) == after:
            raise OSError(28, "No space left on device")
        real(source, target)
        copied.append(target)

    monkeypatch.setattr(installing, "_copy_file", copy)
    return copied


def test_a_failure_midway_leaves_no_partial_install(toy, monkeypatch):
    copied = failing_copy(monkeypatch, after=2)
    with pytest.raises(OSError, match=r"\[F515\] Installing corpus 'toy' into .*No space left") as e:
        install(*toy)
    assert e.value.errno == 28 and isinstance(e.value, fi.InstallIOError)
    assert len(copied) == 2 and all(not p.exists() for p in copied)
    assert sorted(p.name for p in toy[0].parent.iterdir()) == ["toy.yaml"]


def test_a_failure_midway_leaves_a_previous_install_untouched(toy, monkeypatch):
    target = install(*toy).target
    (target / "docs/a.txt").write_bytes(b"tampered")  # so that the next install replaces it
    before = snapshot(target)
    failing_copy(monkeypatch, after=1)
    with pytest.raises(OSError, match="No space left"):
        install(*toy)
    assert snapshot(target) == before
    assert sorted(p.name for p in target.parent.iterdir()) == ["toy", "toy.yaml"]


def test_a_bad_copy_is_caught_by_the_second_verification(toy, monkeypatch):
    monkeypatch.setattr(installing, "_copy_file", lambda source, target: target.write_bytes(source.read_bytes()[::-1]))
    with pytest.raises(VerificationError, match=r"Installing corpus 'toy': the copy in .* does not match") as e:
        install(*toy)
    assert e.value.code == "F509"
    assert sorted(p.name for p in toy[0].parent.iterdir()) == ["toy.yaml"]


def test_a_failed_final_rename_puts_the_previous_install_back(toy, monkeypatch):
    target = install(*toy).target
    before = snapshot(target)
    real_rename = os.rename

    def rename(src, dst):
        if ".installing-" in str(src):
            raise OSError(13, "Permission denied")
        real_rename(src, dst)

    monkeypatch.setattr(os, "rename", rename)
    with pytest.raises(OSError, match="Permission denied"):
        install(*toy, force=True)
    assert snapshot(target) == before
    assert sorted(p.name for p in target.parent.iterdir()) == ["toy", "toy.yaml"]


# ------------------------------------------------------------------ install deletes nothing it did not install
THESIS = {"thesis.tex": b"\\chapter{Framing}\n", "figures/fig1.pdf": b"%PDF-1.7\n", ".git/HEAD": b"ref: main\n"}


def other_corpus(tmp_path) -> Path:
    """The manifest of a second corpus, 'other' (one file), in tmp/other-corpora/."""
    return write_manifest(tmp_path / "other-corpora", manifest_data({"o.txt": b"other\n"}, name="other"))


def test_install_records_what_it_installed(toy):
    manifest, src = toy
    target = install(manifest, src).target
    record = json.loads((target / fi.INSTALL_RECORD).read_text(encoding="utf-8"))
    assert record == {
        "install_record": 1,
        "corpus": "toy",
        "manifest_sha256": hashlib.sha256(manifest.read_bytes()).hexdigest(),
        "source": {"repository": "https://example.org/toy", "commit": "0" * 40},
        "files": sorted(TOY),
    }
    assert verify(manifest, target).extra == ()  # the record is not an extra file of the corpus


@pytest.mark.parametrize("force", [False, True])
def test_install_refuses_a_folder_that_is_not_a_copy(toy, tmp_path, force):
    thesis = write_tree(tmp_path / "thesis", THESIS)
    before = snapshot(thesis)
    with pytest.raises(
        InstallTargetError,
        match=r"\[F511\] Install target .*thesis exists and is not a copy of corpus 'toy' installed by framing "
        r"\(it has no install record \.framing-corpus\.json and holds none of the corpus files\); nothing was "
        r"copied or deleted\. Install into a new or empty folder",
    ):
        install(*toy, thesis, force=force)
    assert snapshot(thesis) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["corpora", "src", "thesis"]  # no staging folder


def test_install_refuses_a_folder_holding_the_corpus_and_more(toy, tmp_path):
    # the corpus files plus the user's own, without a record: not a copy framing installed
    mixed = write_tree(tmp_path / "mixed", {**TOY, "notes.md": b"my notes\n"})
    before = snapshot(mixed)
    with pytest.raises(
        InstallTargetError, match=r"\[F511\] .*no install record .* holds 1 file the manifest does not list: 'notes.md'"
    ):
        install(*toy, mixed, force=True)
    assert snapshot(mixed) == before


def test_install_refuses_a_copy_of_another_corpus(toy, tmp_path):
    target = install(*toy).target
    before = snapshot(target)
    other = other_corpus(tmp_path)
    with pytest.raises(InstallTargetError, match=r"\[F511\] .*not a copy of corpus 'other'.*that of corpus 'toy'"):
        install(other, write_tree(tmp_path / "other-src", {"o.txt": b"other\n"}), target, force=True)
    assert snapshot(target) == before


@pytest.mark.parametrize("record", [b"{not json", b'{"install_record": 1, "corpus": "toy", "files": ["../x"]}'])
def test_install_refuses_a_folder_with_a_broken_record(toy, tmp_path, record):
    target = write_tree(tmp_path / "t", {**TOY, fi.INSTALL_RECORD: record})
    before = snapshot(target)
    with pytest.raises(InstallTargetError, match=r"\[F511\] .*install record \.framing-corpus\.json cannot be used"):
        install(*toy, target, force=True)
    assert snapshot(target) == before


def test_install_into_an_empty_folder(toy, tmp_path):
    (tmp_path / "empty").mkdir()
    result = install(*toy, tmp_path / "empty")
    assert result.status == "installed" and corpus_files(result.target) == TOY and result.report.ok


def test_force_refuses_to_delete_the_users_additions(toy):
    target = install(*toy).target
    write_tree(target, {"notes.md": b"mine\n", "docs/c.txt": b"also mine\n"})
    (target / "drafts").mkdir()
    before = tree(target), snapshot(target)
    with pytest.raises(
        InstallTargetError,
        match=r"\[F512\] Install target .*toy is a copy of corpus 'toy' but also holds 3 item\(s\) that framing did "
        r"not install \('docs/c.txt', 'drafts/', 'notes.md'\); nothing was copied or deleted\. Move them out",
    ):
        install(*toy, force=True)
    assert (tree(target), snapshot(target)) == before


def test_replacing_a_copy_that_does_not_verify_keeps_the_users_additions(toy):
    target = install(*toy).target
    (target / "docs/a.txt").write_bytes(b"tampered")
    (target / "notes.md").write_bytes(b"mine\n")
    with pytest.raises(InstallTargetError, match=r"\[F512\] .*\('notes.md'\)"):
        install(*toy)
    assert (target / "notes.md").read_bytes() == b"mine\n"


def test_a_file_added_during_the_install_is_kept(toy, monkeypatch):
    target = install(*toy).target
    real = installing._copy_file

    def copy(source, copied):  # the user saves a file into the old copy while the new one is copied
        (target / "late.md").write_bytes(b"written meanwhile\n")
        real(source, copied)

    monkeypatch.setattr(installing, "_copy_file", copy)
    with pytest.warns(RuntimeWarning, match=r"set aside in .*\.toy\.previous-.*still holds .*'late.md'.*kept"):
        result = install(*toy, force=True)
    assert result.status == "replaced" and corpus_files(target) == TOY
    (aside,) = target.parent.glob(".toy.previous-*")
    assert tree(aside) == ["late.md"] and (aside / "late.md").read_bytes() == b"written meanwhile\n"


def test_a_copy_installed_without_a_record_is_still_a_copy(toy, tmp_path):
    # an older framing wrote no record: a folder that verifies exactly (no extra file) is its copy
    legacy = write_tree(tmp_path / "legacy", TOY)
    assert install(*toy, legacy).status == "already-installed"
    assert not (legacy / fi.INSTALL_RECORD).exists()  # nothing written
    result = install(*toy, legacy, force=True)
    assert result.status == "replaced" and corpus_files(legacy) == TOY
    assert json.loads((legacy / fi.INSTALL_RECORD).read_text())["corpus"] == "toy"
    (legacy / "README.txt").write_bytes(b"changed\n")  # a record, so a copy even when it does not verify
    assert install(*toy, legacy).status == "replaced"


def test_a_copy_without_a_record_that_does_not_verify_is_refused(toy, tmp_path):
    legacy = write_tree(tmp_path / "legacy", {**TOY, "docs/a.txt": b"edited\n"})
    before = snapshot(legacy)
    with pytest.raises(InstallTargetError, match=r"\[F511\] .*no install record .* does not match the manifest: docs"):
        install(*toy, legacy)
    assert snapshot(legacy) == before


def source_and(src: Path, relation: str) -> Path:
    """A target that is, is inside, contains, or is a symlink to the source."""
    if relation == "inside":
        return src / "installed"
    if relation == "contains":
        return src.parent
    if relation == "symlink":
        src.parent.joinpath("link").symlink_to(src, target_is_directory=True)
        return src.parent / "link"
    return src


@pytest.mark.parametrize(
    ("relation", "words"), [("same", "is"), ("inside", "is inside"), ("contains", "contains"), ("symlink", "is")]
)
def test_install_never_modifies_the_source(toy, relation, words):
    manifest, src = toy
    write_tree(src, {"notes.txt": b"not in the manifest\n"})
    target = source_and(src, relation)
    before = tree(src.parent), snapshot(src)
    with pytest.raises(
        InstallTargetError,
        match=rf"\[F513\] Install target .* {words} the source folder .*src \(symlinks resolved\); install never "
        r"writes into the folder it copies from",
    ):
        install(manifest, src, target, force=True)
    assert (tree(src.parent), snapshot(src)) == before


def test_an_unreadable_file_is_a_coded_error(toy, monkeypatch):
    def unreadable(path):
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(verification, "sha256_file", unreadable)
    with pytest.raises(
        fi.InstallIOError,
        match=r"\[F514\] Cannot read .*README.txt \(Permission denied\) for corpus "
        r"'toy'; make it readable",
    ) as e:
        verify(*toy)
    assert isinstance(e.value, OSError) and e.value.errno == 13


def test_the_install_errors_live_in_the_catalogue():
    import framing.errors

    names = (
        "InstallError",
        "ManifestNotFoundError",
        "ManifestError",
        "UnsafePathError",
        "CorpusFolderNotFoundError",
        "VerificationError",
        "CorpusNotInstalledError",
        "InstallTargetError",
        "InstallIOError",
    )
    for name in names:
        assert getattr(fi, name) is getattr(framing.errors, name), name
        assert getattr(framing.errors, name).__module__ == "framing.errors", name
        assert issubclass(getattr(fi, name), framing.errors.FramingError), name


def test_a_manifest_cannot_list_the_install_record(tmp_path):
    path = write_manifest(tmp_path, manifest_data({fi.INSTALL_RECORD: b"{}"}))
    with pytest.raises(ManifestError, match=r"'\.framing-corpus\.json' is the name of framing's install record"):
        load_manifest(path)


def run_cli(capsys, *argv) -> tuple[int, str]:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        status = cli.main(list(map(str, argv)))
    err = capsys.readouterr().err
    assert "Traceback" not in err and len(err.splitlines()) == 1, err
    return status, err


def test_cli_refuses_a_folder_that_is_not_a_copy(toy, tmp_path, capsys):
    thesis = write_tree(tmp_path / "thesis", THESIS)
    before = snapshot(thesis)
    status, err = run_cli(capsys, "corpus", "install", toy[0], "--from", toy[1], "--to", thesis)
    assert status == 2 and err.startswith(f"framing: error: [F511] Install target {thesis} exists and is not a copy")
    assert snapshot(thesis) == before


def test_cli_refuses_to_install_into_the_source(toy, capsys):
    write_tree(toy[1], {"notes.txt": b"not in the manifest\n"})
    before = tree(toy[1]), snapshot(toy[1])
    status, err = run_cli(capsys, "corpus", "install", toy[0], "--from", toy[1], "--to", toy[1], "--force")
    assert status == 2 and err.startswith(f"framing: error: [F513] Install target {toy[1]} is the source folder")
    assert (tree(toy[1]), snapshot(toy[1])) == before


def test_cli_refuses_to_delete_the_users_additions(toy, capsys):
    target = install(*toy).target
    (target / "notes.md").write_bytes(b"mine\n")
    status, err = run_cli(capsys, "corpus", "install", toy[0], "--from", toy[1], "--force")
    assert status == 2 and err.startswith("framing: error: [F512] ") and "'notes.md'" in err
    assert (target / "notes.md").read_bytes() == b"mine\n"


def test_cli_disk_full_is_a_coded_error(toy, monkeypatch, capsys):
    failing_copy(monkeypatch, after=1)
    status, err = run_cli(capsys, "corpus", "install", toy[0], "--from", toy[1])
    assert status == 2 and err.startswith("framing: error: [F515] Installing corpus 'toy' into ")
    assert "No space left on device" in err and not (toy[0].parent / "toy").exists()


# ------------------------------------------------------------------------------------------------- lookup
def test_corpus_path_search_order(toy, tmp_path, monkeypatch):
    manifest, src = toy
    shared = tmp_path / "shared" / "corpora"
    monkeypatch.setattr(fi, "SHARED_CORPORA", shared)
    assert search_paths(manifest) == (manifest.parent / "toy", shared / "toy")
    with pytest.raises(
        CorpusNotInstalledError, match=r"'toy' is not installed .*run `framing corpus install toy --from PATH`"
    ):
        corpus_path(manifest)
    write_tree(shared / "toy", TOY)
    assert corpus_path(manifest) == shared / "toy"
    install(manifest, src)
    assert corpus_path(manifest) == manifest.parent / "toy"


def test_corpus_path_refuses_a_copy_that_does_not_verify(toy):
    target = install(*toy).target
    (target / "README.txt").unlink()
    with pytest.raises(
        VerificationError, match=r"README.txt: missing\. Reinstall it: `framing corpus install toy"
    ) as e:
        corpus_path(toy[0])
    assert e.value.code == "F510"


# ------------------------------------------------------------------------------------------- real corpora
@pytest.mark.parametrize("name", REAL)
def test_real_manifest_is_small_and_names_a_reader(name):
    manifest = load_manifest(name)
    assert manifest.path == fi.MANIFEST_DIR / f"{name}.yaml"
    assert manifest.path.stat().st_size < MAX_MANIFEST_BYTES
    assert manifest.reader in CORPUS_READERS
    assert manifest.source["repository"].startswith("https://github.com/") and len(manifest.source["commit"]) == 40
    assert manifest.license and manifest.citation and "SOURCE.txt" in {f.path for f in manifest.files}


@pytest.mark.parametrize("name", REAL)
def test_real_manifest_verifies_the_shared_corpus(shared_dir, name):
    report = verify(name, shared_dir / "corpora" / name)
    assert report.ok, report.summary()
    assert report.extra == (), report.summary()
    assert report.verified == load_manifest(name).expected["files"]


@pytest.mark.parametrize("name", REAL)
def test_real_manifest_counts_are_what_the_reader_yields(shared_dir, name):
    manifest = load_manifest(name)
    read = CORPUS_READERS[manifest.reader]
    if manifest.expected["skipped_by_reason"]:
        with pytest.warns(CorpusWarning, match=r"\[W102\]"):
            corpus = read(shared_dir / "corpora" / name)
    else:
        corpus = read(shared_dir / "corpora" / name)
    assert manifest.check_counts(corpus.counts()) == ()
    assert len(corpus) == manifest.expected["documents"]


def test_real_corpus_installs_and_is_found(shared_dir, tmp_path):
    name = "ukraine_addresses_2022"  # the smallest: 1.3 MB
    result = install(name, shared_dir / "corpora" / name, tmp_path / name)
    assert result.status == "installed" and result.report.ok
    assert corpus_path(name) in search_paths(name)
