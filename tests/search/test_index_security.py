"""An index folder is data written for this user only: private, refused when others could write it, signed.

The attack is real: a crafted pickle (its ``__reduce__`` writes a marker file) planted
as Whoosh's table of contents in a real index on disk. A control opens a copy of the
planted folder with plain Whoosh and sees the marker appear, so each test that finds
no marker shows the plant was not run, not that it was harmless.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from search import IndexRebuilding, Library
from tests.conftest import write_library

SCRIPT = shutil.which("readingroom", path=str(Path(sys.executable).parent)) or shutil.which("readingroom")
IS_ROOT = os.geteuid() == 0
OTHER_UID = 65534  # nobody


class Plant:
    """A pickle that runs code when it is loaded: it writes ``marker``."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):
        return (exec, (f"open({str(self.marker)!r}, 'w').write('the planted pickle ran')",))


def plant_toc(whoosh_folder: Path, marker: Path, *, next_generation: bool = True) -> Path:
    """Write a table of contents whose segment list is ``Plant``: the latest, or over the latest."""
    from whoosh.filedb.filestore import FileStorage
    from whoosh.index import TOC

    from search.storage.schema import build_schema

    storage = FileStorage(str(whoosh_folder))
    generation = TOC._latest_generation(storage, "MAIN")
    if next_generation:
        generation += 1
    else:
        (whoosh_folder / TOC._filename("MAIN", generation)).unlink()
    TOC(build_schema(), Plant(marker), generation).write(storage, "MAIN")
    return whoosh_folder / TOC._filename("MAIN", generation)


def assert_plant_is_live(index: Path, tmp_path: Path) -> None:
    """The control: plain Whoosh opening a copy of the planted folder runs the plant."""
    from whoosh.filedb.filestore import FileStorage

    copy = tmp_path / "control-copy"
    shutil.copytree(index / "whoosh", copy)
    control_marker = tmp_path / "ctl"  # as long as "ran": the pickle's string keeps its length
    for toc in copy.glob("_MAIN_*.toc"):
        toc.write_bytes(toc.read_bytes().replace(os.fsencode(str(tmp_path / "ran")), os.fsencode(str(control_marker))))
    try:
        FileStorage(str(copy)).open_index()
    except Exception:  # noqa: BLE001 - what the plant leaves behind need not be an index
        pass
    assert control_marker.exists(), "the planted pickle is not live: the test would prove nothing"


@pytest.fixture
def built(tmp_path):
    corpus = write_library(tmp_path / "corpus")
    index = tmp_path / "index"
    library = Library([corpus], index_dir=index)
    library.sync()
    library.close()
    return corpus, index


def _env(index: Path, **extra) -> dict:
    env = dict(os.environ)
    env["READINGROOM_INDEX_DIR"] = str(index)
    env.update(extra)
    return env


# -- a planted pickle never runs ---------------------------------------------------


@pytest.mark.parametrize("where", ["next-generation", "over-the-latest"])
def test_a_planted_table_of_contents_never_runs_in_library_search(built, tmp_path, where):
    corpus, index = built
    marker = tmp_path / "ran"
    plant_toc(index / "whoosh", marker, next_generation=where == "next-generation")
    assert_plant_is_live(index, tmp_path)
    library = Library([corpus], index_dir=index)
    try:
        library.sync()
        hits = library.search("ceasefire").hits
        assert [hit.doc_id for hit in hits] == ["page.html"]
        assert "set aside unread" in library.problem
    finally:
        library.close()
    assert not marker.exists()
    assert list(tmp_path.glob("index/whoosh.damaged-*"))  # kept for a post-mortem, never read


def test_a_table_of_contents_planted_while_a_library_is_open_is_not_read(built, tmp_path):
    """A searcher refreshes when a new generation appears: the new one is checked as well."""
    corpus, index = built
    marker = tmp_path / "ran"
    library = Library([corpus], index_dir=index)
    try:
        assert library.search("ceasefire").hits
        plant_toc(index / "whoosh", marker)
        with pytest.raises(IndexRebuilding, match="not yours .*signature.*set aside unread"):
            library.search("ceasefire")
        assert not marker.exists()
        assert sorted(index.glob("whoosh.damaged-*")), "the planted index is set aside, as at open"
        report = library.sync()
        assert report.rebuilt
        assert [hit.doc_id for hit in library.search("ceasefire").hits] == ["page.html"]
    finally:
        library.close()
    assert not marker.exists()


def test_the_command_line_never_runs_a_planted_pickle(built, tmp_path):
    corpus, index = built
    marker = tmp_path / "ran"
    plant_toc(index / "whoosh", marker)
    found = subprocess.run(
        [SCRIPT, "search", "ceasefire", "-c", str(corpus), "--json"],
        env=_env(index), capture_output=True, text=True, timeout=120,
    )
    assert found.returncode == 0, found.stderr
    assert [h["doc_id"] for h in json.loads(found.stdout)["hits"]] == ["page.html"]
    assert found.stderr.count("readingroom:") == 1 and "set aside unread" in found.stderr
    assert "Traceback" not in found.stderr
    assert not marker.exists()


async def test_the_app_starts_without_running_a_planted_pickle(tmp_path):
    from tests.tui.conftest import browser, settle
    from tui.app import ReadingRoom

    corpus = write_library(tmp_path / "corpus")
    index = tmp_path / "index"
    library = Library([corpus], index_dir=index)
    library.sync()
    library.close()
    marker = tmp_path / "ran"
    plant_toc(index / "whoosh", marker)
    app = ReadingRoom(
        [str(corpus)], index_dir=str(index), query="ceasefire", show_timing=False,
        state_path=tmp_path / "state.json", keymap_path=tmp_path / "keymap.toml",
    )
    async with app.run_test(size=(120, 40)) as pilot:
        screen = browser(app)
        await settle(pilot, lambda: screen.results_query == "ceasefire" and screen.results.option_count)
        notes = [n.message for n in app._notifications]
    assert any("set aside unread" in note for note in notes), notes
    assert not marker.exists()


def test_a_changed_segment_file_is_never_read(built, tmp_path):
    """Same size, other bytes, even with the old times put back: the fingerprint (ctime) gives it away."""
    corpus, index = built
    segment = max((index / "whoosh").glob("MAIN_*.seg"), key=lambda p: p.stat().st_size)
    info = segment.stat()
    data = bytearray(segment.read_bytes())
    data[len(data) // 2] ^= 0xFF
    segment.write_bytes(bytes(data))
    os.utime(segment, ns=(info.st_atime_ns, info.st_mtime_ns))
    library = Library([corpus], index_dir=index)
    try:
        library.sync()
        assert [hit.doc_id for hit in library.search("ceasefire").hits] == ["page.html"]
        assert "is not the file signed" in library.problem
    finally:
        library.close()


def test_an_index_copied_elsewhere_is_checked_by_its_bytes_and_kept(built, tmp_path):
    """Another inode and ctime, the same bytes: hashed once, found to be ours, and opened."""
    corpus, index = built
    moved = tmp_path / "moved"
    shutil.copytree(index, moved)
    library = Library([corpus], index_dir=moved)
    try:
        report = library.sync()
        assert library.problem is None and not report.rebuilt
        assert [hit.doc_id for hit in library.search("ceasefire").hits] == ["page.html"]
    finally:
        library.close()
    # The new fingerprints were noted: the next open hashes nothing (same answer, from the stat alone).
    (signature,) = (moved / "whoosh").glob("_MAIN_*.mac")
    body = json.loads(signature.read_bytes().rpartition(b"\n")[0])
    for name, (fingerprint, _) in body["files"].items():
        info = (moved / "whoosh" / name).stat()
        assert fingerprint == [info.st_dev, info.st_ino, info.st_ctime_ns, info.st_size]


def test_an_unsigned_index_from_an_older_version_is_rebuilt_unread(built, tmp_path):
    corpus, index = built
    for signature in (index / "whoosh").glob("_MAIN_*.mac"):
        signature.unlink()
    library = Library([corpus], index_dir=index)
    try:
        library.sync()
        assert "no signature" in library.problem
        assert [hit.doc_id for hit in library.search("ceasefire").hits] == ["page.html"]
    finally:
        library.close()
    assert list((index / "whoosh").glob("_MAIN_*.mac"))  # signed again


def test_an_index_signed_with_another_key_is_not_read(built, tmp_path, monkeypatch):
    """Another user's key (here: another data folder) signs nothing this user trusts."""
    corpus, index = built
    mine = os.environ["XDG_DATA_HOME"]
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "someone-else"))
    other = Library([corpus], index_dir=index)
    other.sync(rebuild=True)
    other.close()
    monkeypatch.setenv("XDG_DATA_HOME", mine)
    library = Library([corpus], index_dir=index)
    try:
        library.sync()
        assert library.problem is not None and "signature does not match" in library.problem
    finally:
        library.close()


# -- private modes -----------------------------------------------------------------


def _modes(index: Path) -> dict[str, int]:
    return {str(p.relative_to(index.parent)): stat.S_IMODE(p.stat().st_mode) for p in [index, *index.rglob("*")]}


@pytest.mark.parametrize("umask", [0o022, 0o000])
def test_new_index_folders_are_0700_and_files_0600_whatever_the_umask(tmp_path, umask):
    corpus = write_library(tmp_path / "corpus")
    index = tmp_path / "deep" / "er" / "index"
    old = os.umask(umask)
    try:
        library = Library([corpus], index_dir=index, workers=0)
        library.sync()
        library.close()
        key = Path(os.environ["XDG_DATA_HOME"]) / "readingroom" / "index.key"
    finally:
        os.umask(old)
    modes = _modes(index)
    assert {name for name in modes if name.endswith("library.sqlite")} and {n for n in modes if ".toc" in n}
    assert {name: mode for name, mode in modes.items() if mode != (0o700 if (index.parent / name).is_dir() else 0o600)} == {}
    for created in (tmp_path / "deep", tmp_path / "deep" / "er"):
        assert stat.S_IMODE(created.stat().st_mode) == 0o700
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    assert stat.S_IMODE(key.parent.stat().st_mode) == 0o700


@pytest.mark.stress
def test_segments_written_by_worker_processes_are_private_and_signed(tmp_path):
    from tests.bench.corpus import generate

    corpus = tmp_path / "corpus"
    generate(400, corpus, seed=11)
    index = tmp_path / "index"
    old = os.umask(0o000)
    try:
        library = Library([corpus], index_dir=index, workers=2)
        library.sync()
        library.close()
    finally:
        os.umask(old)
    assert {name: mode for name, mode in _modes(index).items() if mode not in (0o700, 0o600)} == {}
    again = Library([corpus], index_dir=index)
    try:
        again.sync()
        assert again.problem is None
        assert again.count("full") == 400
    finally:
        again.close()


def test_an_existing_index_readable_by_others_is_tightened_and_kept(built):
    corpus, index = built
    for path in [index, *index.rglob("*")]:
        os.chmod(path, 0o755 if path.is_dir() else 0o644)
    library = Library([corpus], index_dir=index)
    try:
        report = library.sync()
        assert library.problem is None and not report.rebuilt
    finally:
        library.close()
    assert {name: mode for name, mode in _modes(index).items() if mode not in (0o700, 0o600)} == {}


# -- folders someone else could have written ------------------------------------------


@pytest.mark.parametrize("what", ["folder", "whoosh", "toc"])
def test_own_index_writable_by_the_group_is_set_aside_unread_and_rebuilt_private(built, tmp_path, what):
    corpus, index = built
    marker = tmp_path / "ran"
    toc = plant_toc(index / "whoosh", marker)
    target = {"folder": index, "whoosh": index / "whoosh", "toc": toc}[what]
    os.chmod(target, stat.S_IMODE(target.stat().st_mode) | stat.S_IWGRP)
    library = Library([corpus], index_dir=index)
    try:
        library.sync()
        assert "open to others" in library.problem and "writable by its group" in library.problem
        assert [hit.doc_id for hit in library.search("ceasefire").hits] == ["page.html"]
        assert library.mode == "disk"
    finally:
        library.close()
    assert not marker.exists()
    assert stat.S_IMODE(index.stat().st_mode) == 0o700
    assert list(index.glob("whoosh.damaged-*"))


def test_an_index_under_a_folder_anyone_can_write_is_not_read(tmp_path):
    """A world-writable parent without the sticky bit lets anyone swap the index folder: refused."""
    shared = tmp_path / "shared"
    shared.mkdir()
    corpus = write_library(tmp_path / "corpus")
    index = shared / "index"
    Library([corpus], index_dir=index).sync()
    marker = tmp_path / "ran"
    plant_toc(index / "whoosh", marker)
    os.chmod(shared, 0o777)
    found = subprocess.run(
        [SCRIPT, "search", "ceasefire", "-c", str(corpus), "--json"],
        env=_env(index), capture_output=True, text=True, timeout=120,
    )
    assert found.returncode == 0, found.stderr
    assert [h["doc_id"] for h in json.loads(found.stdout)["hits"]] == ["page.html"]
    message = " ".join(found.stderr.split())  # one message, wrapped to the terminal's width
    assert "in memory" in message and "writable by everyone" in message
    assert found.stderr.count("readingroom:") == 1 and "Traceback" not in found.stderr
    assert not marker.exists()
    os.chmod(shared, 0o1777)  # the sticky bit (as /tmp): others cannot rename what is not theirs
    library = Library([corpus], index_dir=index)
    try:
        library.sync()
        assert library.mode == "disk"
    finally:
        library.close()
    assert not marker.exists()


@pytest.mark.skipif(not IS_ROOT, reason="giving a folder to another user takes root")
@pytest.mark.parametrize("what", ["folder", "database", "toc", "parent"])
def test_an_index_owned_by_another_user_is_not_read(built, tmp_path, what):
    corpus, index = built
    marker = tmp_path / "ran"
    toc = plant_toc(index / "whoosh", marker)
    target = {"folder": index, "database": index / "library.sqlite", "toc": toc, "parent": tmp_path}[what]
    os.chown(target, OTHER_UID, OTHER_UID)
    try:
        library = Library([corpus], index_dir=index)
        try:
            library.sync()
            assert library.mode == "memory"
            assert "belongs to another user" in library.problem and "in memory" in library.problem
            assert [hit.doc_id for hit in library.search("ceasefire").hits] == ["page.html"]
        finally:
            library.close()
    finally:
        os.chown(target, 0, 0)
    assert not marker.exists()
    assert (index / "whoosh" / toc.name).exists()  # another user's folder is left as it is
