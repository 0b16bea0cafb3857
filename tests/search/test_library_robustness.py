"""Broken indexes, killed syncs, two processes, folders that cannot be written.

Every case uses a real index on disk and, where a process must die or compete, the
real console script in a real child process.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from search import Library
from tests.bench.corpus import generate
from tests.conftest import write_library

SCRIPT = shutil.which("readingroom", path=str(Path(sys.executable).parent)) or shutil.which("readingroom")

IS_ROOT = os.geteuid() == 0


def whoosh_files(index: Path) -> list[Path]:
    return sorted((index / "whoosh").glob("*.seg"))


def indexed_ids(library) -> list[str]:
    searcher = library.searcher()
    ids = []
    for docnum in searcher.reader().all_doc_ids():
        stored = searcher.stored_fields(docnum)
        if "sid" not in stored:
            ids.append(stored["doc_id"])
    return ids


@pytest.fixture
def built(tmp_path):
    corpus = write_library(tmp_path / "corpus")
    index = tmp_path / "index"
    library = Library([corpus], index_dir=index)
    library.sync()
    expected = sorted(indexed_ids(library))
    library.close()
    return corpus, index, expected


# -- damaged indexes --------------------------------------------------------------


@pytest.mark.parametrize("damage", ["truncate-segment", "delete-segment", "garbage-toc", "garbage-database"])
def test_a_damaged_index_is_detected_rebuilt_and_says_so(built, damage):
    corpus, index, expected = built
    if damage == "truncate-segment":
        segment = whoosh_files(index)[0]
        segment.write_bytes(segment.read_bytes()[: segment.stat().st_size // 3])
    elif damage == "delete-segment":
        whoosh_files(index)[0].unlink()
    elif damage == "garbage-toc":
        toc = next((index / "whoosh").glob("_MAIN_*.toc"))
        toc.write_bytes(b"\x00garbage" * 50)
    else:
        (index / "library.sqlite").write_bytes(b"this is not a database" * 100)
        for suffix in ("-wal", "-shm"):
            Path(str(index / "library.sqlite") + suffix).unlink(missing_ok=True)
    library = Library([corpus], index_dir=index)
    report = library.sync()
    assert report.rebuilt
    assert library.problem and ("damaged" in library.problem or "unreadable" in library.problem)
    assert sorted(indexed_ids(library)) == expected
    assert library.search("ceasefire").total == 1
    assert list(index.glob("*.damaged-*")), "the damaged part is kept aside for a post-mortem"


async def test_the_app_opens_on_a_damaged_index_and_rebuilds_it(built):
    from tests.tui.conftest import browser, settle
    from tui.app import ReadingRoom

    corpus, index, _ = built
    segment = whoosh_files(index)[0]
    segment.write_bytes(segment.read_bytes()[:100])
    app = ReadingRoom([str(corpus)], index_dir=str(index), state_path=index.parent / "s.json",
                      keymap_path=index.parent / "k.toml", query="ceasefire", show_timing=False)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = browser(app)
        await settle(pilot, lambda: screen.results.hits)
        assert [hit.doc_id for hit in screen.results.hits] == ["page.html"]
        assert any("damaged" in n.message for n in app._notifications)


# -- a sync killed with SIGKILL ------------------------------------------------------


def _env(index: Path, **extra) -> dict:
    env = dict(os.environ)
    env["READINGROOM_INDEX_DIR"] = str(index)
    env.update(extra)
    return env


def _count_files(corpus: Path) -> int:
    return sum(1 for p in corpus.rglob("*.txt"))


@pytest.fixture
def big_corpus(tmp_path_factory):
    corpus = tmp_path_factory.mktemp("big") / "corpus"
    generate(900, corpus, seed=5)
    return corpus


@pytest.mark.stress
@pytest.mark.parametrize("workers", ["1", "2"])
def test_a_sync_killed_mid_way_does_not_block_the_next_one(tmp_path, big_corpus, workers):
    index = tmp_path / "index"
    process = subprocess.Popen(
        [SCRIPT, "index", str(big_corpus)],
        env=_env(index, READINGROOM_WORKERS=workers),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not (index / "whoosh" / "MAIN_WRITELOCK").exists():
        time.sleep(0.05)
    time.sleep(1.0)  # well into the sync, holding the lock
    assert process.poll() is None, "the sync ended before it could be killed"
    os.killpg(process.pid, signal.SIGKILL)  # the syncing process and its workers
    process.wait()
    started = time.monotonic()
    again = subprocess.run([SCRIPT, "index", str(big_corpus)], env=_env(index), capture_output=True, text=True, timeout=300)
    assert again.returncode == 0, again.stderr
    assert time.monotonic() - started < 240
    library = Library([big_corpus], index_dir=index)
    assert library._store().count("full") == _count_files(big_corpus)
    ids = indexed_ids(library)
    assert len(ids) == len(set(ids)), "no document indexed twice"
    assert set(ids) == set(library._store().iter_doc_ids())


# -- two processes ---------------------------------------------------------------


@pytest.mark.stress
def test_searching_while_another_process_syncs_and_two_syncs_at_once(tmp_path, big_corpus):
    index = tmp_path / "index"
    first = subprocess.Popen(
        [SCRIPT, "index", str(big_corpus)], env=_env(index), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not (index / "whoosh" / "MAIN_WRITELOCK").exists():
        time.sleep(0.05)
    second = subprocess.Popen(
        [SCRIPT, "index", str(big_corpus)], env=_env(index), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    searches = 0
    while first.poll() is None and searches < 20:
        found = subprocess.run(
            [SCRIPT, "search", "security", "-c", str(big_corpus), "--json"],
            env=_env(index), capture_output=True, text=True, timeout=120,
        )
        assert found.returncode in (0, 1), found.stderr  # 1: nothing found yet (grep's convention)
        json.loads(found.stdout)
        assert "Traceback" not in found.stderr
        searches += 1
    out1, err1 = first.communicate(timeout=300)
    out2, err2 = second.communicate(timeout=300)
    assert first.returncode == 0, err1
    assert second.returncode == 0, err2
    assert searches >= 1
    library = Library([big_corpus], index_dir=index)
    ids = indexed_ids(library)
    assert len(ids) == len(set(ids))
    assert library._store().count("full") == _count_files(big_corpus)
    assert set(ids) == set(library._store().iter_doc_ids())


# -- folders that cannot be written ---------------------------------------------------


# Root reads and writes everything; the child runs without the capabilities that
# let it (util-linux's setpriv), so file modes apply to it as to any user.
WITHOUT_OVERRIDES = ["setpriv", "--bounding-set=-dac_override,-dac_read_search,-fowner"] if IS_ROOT else []


def _run_unprivileged(args, index: Path):
    """Run the CLI as a process that cannot write where the modes say it cannot."""
    env = _env(index, XDG_CACHE_HOME=str(index.parent / "xdg"))
    return subprocess.run([*WITHOUT_OVERRIDES, SCRIPT, *args], env=env, capture_output=True, text=True, timeout=120)


def test_a_read_only_index_is_searched_as_it_is(built):
    corpus, index, _ = built
    for path in [index, *index.rglob("*")]:
        os.chmod(path, 0o555 if path.is_dir() else 0o444)
    (corpus / "new.md").write_text("# New\n\nZanzibar harbour.\n", encoding="utf-8")
    found = _run_unprivileged(["search", "ceasefire", "-c", str(corpus), "--json"], index)
    assert found.returncode == 0, found.stderr
    assert [h["doc_id"] for h in json.loads(found.stdout)["hits"]] == ["page.html"]
    assert "read-only" in found.stderr and "not indexed" in found.stderr
    before = index_files(index)
    indexed = _run_unprivileged(["index", str(corpus)], index)
    assert indexed.returncode == 2, indexed.stderr  # the changed file could not be written
    assert "read-only" in indexed.stdout + indexed.stderr and "not indexed" in indexed.stdout + indexed.stderr
    assert index_files(index) == before


def test_no_writable_index_folder_means_an_index_in_memory(tmp_path):
    corpus = write_library(tmp_path / "corpus")
    unwritable = tmp_path / "locked"
    unwritable.mkdir()
    os.chmod(unwritable, 0o555)
    found = _run_unprivileged(["search", "ceasefire", "-c", str(corpus), "--json"], unwritable / "index")
    os.chmod(unwritable, 0o755)
    assert found.returncode == 0, found.stderr
    assert [h["doc_id"] for h in json.loads(found.stdout)["hits"]] == ["page.html"]
    assert "in memory" in found.stderr
    assert not (unwritable / "index").exists()


def test_index_says_nothing_was_saved_when_no_folder_can_be_written(tmp_path):
    corpus = write_library(tmp_path / "corpus")
    unwritable = tmp_path / "locked"
    unwritable.mkdir()
    os.chmod(unwritable, 0o555)
    indexed = _run_unprivileged(["index", str(corpus)], unwritable / "index")
    os.chmod(unwritable, 0o755)
    assert indexed.returncode == 2, indexed.stdout + indexed.stderr
    assert "none saved" in indexed.stdout and str(unwritable) not in indexed.stdout
    assert "in memory" in indexed.stderr and indexed.returncode == 2
    assert not (unwritable / "index").exists()


def test_an_index_folder_of_ours_that_cannot_be_read_is_an_index_in_memory(built):
    corpus, index, _ = built
    os.chmod(index, 0o000)  # ours, but closed even to us: nothing in it can be looked at
    try:
        found = _run_unprivileged(["search", "ceasefire", "-c", str(corpus), "--json"], index)
        indexed = _run_unprivileged(["index", str(corpus)], index)
    finally:
        os.chmod(index, 0o700)
    assert found.returncode == 0, found.stderr
    assert [h["doc_id"] for h in json.loads(found.stdout)["hits"]] == ["page.html"]
    assert "in memory" in found.stderr and "Permission denied" in found.stderr
    assert "Errno" not in found.stderr + indexed.stderr
    assert "in memory" in indexed.stderr and indexed.returncode == 2


def index_files(index: Path) -> dict[str, int]:
    """Every file (size) and folder (-1) of an index folder, but SQLite's own journal files
    (they come and go with a connection) and the write lock (it is created empty)."""
    return {
        str(path.relative_to(index)): path.stat().st_size if path.is_file() else -1
        for path in index.rglob("*")
        if not path.name.endswith(("-wal", "-shm", "-journal")) and "WRITELOCK" not in path.name
    }


def _small_disk(tmp_path: Path):
    """A folder on a file system with little room (a real one when we may mount it)."""
    folder = tmp_path / "small-disk"
    folder.mkdir()
    if IS_ROOT:
        mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(folder)], capture_output=True)
        if mounted.returncode == 0:
            return folder, lambda: subprocess.run(["umount", "-l", str(folder)], capture_output=True)
    return folder, None


FILE_SIZE_LIMIT = (
    "import resource, signal, sys\n"
    "signal.signal(signal.SIGXFSZ, signal.SIG_IGN)\n"
    "resource.setrlimit(resource.RLIMIT_FSIZE, (700_000, 700_000))\n"
    "from tui.cli import main\n"
    "sys.exit(main(sys.argv[1:]))\n"
)


def test_a_full_disk_keeps_the_last_complete_index(tmp_path):
    corpus = write_library(tmp_path / "corpus")
    folder, unmount = _small_disk(tmp_path)
    index = folder / "index"

    def cli(*args):
        if unmount is not None:
            return subprocess.run([SCRIPT, *args], env=_env(index), capture_output=True, text=True, timeout=120)
        # No file system of our own to fill: the kernel's file-size limit makes big
        # writes fail the same way (EFBIG where a full disk gives ENOSPC).
        return subprocess.run([sys.executable, "-c", FILE_SIZE_LIMIT, *args], env=_env(index), capture_output=True, text=True, timeout=120)

    try:
        first = cli("index", str(corpus))
        assert first.returncode == 0 and "5 added" not in first.stderr, first.stderr
        assert "documents in" in first.stdout, first.stdout + first.stderr
        bulk = corpus / "bulk.txt"
        words = " ".join(f"w{i:06d}" for i in range(300_000))  # many distinct words: a big segment
        bulk.write_text(words, encoding="utf-8")
        before = index_files(index)
        full = cli("index", str(corpus))
        assert "Traceback" not in full.stderr
        assert full.returncode == 2, full.stderr
        assert "Could not write the index" in full.stdout + full.stderr
        # no partial files: the folder holds what its last complete commit wrote
        assert index_files(index) == before
        # the index still answers, as it was before the failed sync
        found = cli("search", "ceasefire", "-c", str(corpus), "--json")
        assert found.returncode == 0, found.stderr
        assert [h["doc_id"] for h in json.loads(found.stdout)["hits"]] == ["page.html"]
        bulk.unlink()
        again = cli("index", str(corpus))
        assert again.returncode == 0 and "Could not write" not in again.stdout + again.stderr
    finally:
        if unmount is not None:
            unmount()
