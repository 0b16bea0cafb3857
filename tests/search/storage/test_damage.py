"""Damage that used to break every search: a corrupt page in the library database, a
database lost or emptied beside its index (or an index lost beside its database), the
index folder removed while it is in use.

Real indexes and real SQLite files on disk, damaged the way a disk or a person damages
them; the real console script where a process must find the damage on its own.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from search import IndexRebuilding, Library
from tests.conftest import bump_mtime, write_library

SCRIPT = shutil.which("readingroom", path=str(Path(sys.executable).parent)) or shutil.which("readingroom")
FILES = 4  # the files of ``write_library``


def indexed_ids(library) -> list[str]:
    """The doc_id of every document record in the Whoosh index (duplicates included)."""
    searcher = library.searcher()
    return [
        searcher.stored_fields(docnum)["doc_id"]
        for docnum in searcher.reader().all_doc_ids()
        if "sid" not in searcher.stored_fields(docnum)
    ]


def corrupt_pages(database: Path, table: str) -> list[int]:
    """Overwrite every page of ``table`` (page 2 or later: the header is left intact) with garbage.

    The write-ahead log is folded into the file first, so the pages overwritten are
    the ones SQLite reads. Returns the page numbers.
    """
    db = sqlite3.connect(database)
    try:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        size = db.execute("PRAGMA page_size").fetchone()[0]
        pages = [row[0] for row in db.execute("SELECT pageno FROM dbstat WHERE name = ?", (table,))]
    finally:
        db.close()
    assert pages and min(pages) >= 2
    with open(database, "r+b") as handle:
        for page in pages:
            handle.seek((page - 1) * size)
            handle.write(b"\xa5" * size)
    return pages


def aside(index: Path, name: str) -> list[Path]:
    return sorted(index.glob(f"{name}.damaged-*"))


@pytest.fixture
def built(tmp_path):
    corpus = write_library(tmp_path / "corpus")
    index = tmp_path / "index"
    library = Library([corpus], index_dir=index)
    library.sync()
    library.close()
    return corpus, index


def _env(index: Path) -> dict:
    import os

    return dict(os.environ, READINGROOM_INDEX_DIR=str(index))


# -- a corrupt page in library.sqlite ---------------------------------------------------


def test_a_corrupt_page_found_by_a_search_sets_both_aside_and_the_sync_rebuilds(built):
    corpus, index = built
    corrupt_pages(index / "library.sqlite", "documents")
    library = Library([corpus], index_dir=index)
    assert library.problem is None and library.count() == FILES + 1  # counted from an index of the table: the damage is not read yet (4 files, 1 summary)
    with pytest.raises(IndexRebuilding, match="library database is damaged .*malformed"):
        library.search("ceasefire")
    assert aside(index, "library.sqlite") and aside(index, "whoosh"), "the database and the index go aside together"
    report = library.sync()
    assert report.rebuilt and report.added == FILES
    assert [hit.doc_id for hit in library.search("ceasefire").hits] == ["page.html"]
    assert sorted(indexed_ids(library)) == sorted(set(indexed_ids(library)))
    library.close()
    again = Library([corpus], index_dir=index)
    assert again.problem is None and not again.sync().changed


def test_a_corrupt_page_found_by_a_sync_is_rebuilt_by_that_sync(built):
    corpus, index = built
    corrupt_pages(index / "library.sqlite", "files")
    library = Library([corpus], index_dir=index)
    report = library.sync()
    assert report.rebuilt and report.added == FILES
    assert "damaged" in library.problem and "malformed" in library.problem
    assert library.search("ceasefire").total == 1
    assert aside(index, "library.sqlite") and aside(index, "whoosh")


def test_the_command_line_says_one_line_and_answers_on_a_corrupt_database(built):
    corpus, index = built
    corrupt_pages(index / "library.sqlite", "documents")
    found = subprocess.run(
        [SCRIPT, "search", "ceasefire", "-c", str(corpus), "--json"], env=_env(index), capture_output=True, text=True, timeout=120
    )
    assert found.returncode == 0, found.stderr
    assert [hit["doc_id"] for hit in json.loads(found.stdout)["hits"]] == ["page.html"]
    assert "Traceback" not in found.stderr
    said = " ".join(found.stderr.split())  # one line, wrapped at the width of a terminal
    assert said.count("readingroom:") == 1 and said.count("damaged") == 1 and "rebuilt from the files" in said
    shown = subprocess.run([SCRIPT, "show", "page.html", "-c", str(corpus)], env=_env(index), capture_output=True, text=True, timeout=120)
    assert shown.returncode == 0 and "Ceasefire Monitoring Handbook" in shown.stdout, shown.stderr


def _tables(database: Path) -> list[str]:
    db = sqlite3.connect(database)
    try:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return sorted({row[0] for row in db.execute("SELECT name FROM dbstat") if row[0] != "sqlite_schema"})
    finally:
        db.close()


def test_a_corrupt_page_of_any_table_or_index_is_found_and_rebuilt_wherever_it_is_read(built, tmp_path):
    """Every table and SQL index in turn, the settings the open reads first included."""
    corpus, index = built
    pristine = tmp_path / "pristine"
    shutil.copytree(index, pristine)
    names = _tables(index / "library.sqlite")
    assert "meta" in names and "documents" in names
    for name in names:
        shutil.rmtree(index)
        shutil.copytree(pristine, index)
        corrupt_pages(index / "library.sqlite", name)
        library = Library([corpus], index_dir=index)
        try:
            # As the command line and the app do: a sync, and a search; damage either
            # of them finds is set aside, and one more sync rebuilds.
            for _ in range(3):
                try:
                    library.sync()
                    found = library.search("ceasefire")
                    break
                except IndexRebuilding:
                    continue
            else:
                raise AssertionError(f"{name}: still damaged after three rebuilds")
            assert found.total == 1, name
            assert sorted(indexed_ids(library)) == sorted(set(indexed_ids(library))), name
        finally:
            library.close()
        again = Library([corpus], index_dir=index)
        assert again.search("ceasefire").total == 1, name
        again.close()


def test_index_rebuilds_a_corrupt_database(built):
    corpus, index = built
    corrupt_pages(index / "library.sqlite", "files")
    indexed = subprocess.run([SCRIPT, "index", str(corpus)], env=_env(index), capture_output=True, text=True, timeout=120)
    assert indexed.returncode == 0, indexed.stderr
    assert "(rebuilt)" in indexed.stdout and "4 added" in indexed.stdout
    assert "damaged" in indexed.stdout + indexed.stderr and "Traceback" not in indexed.stderr


# -- the database and the index disagree ---------------------------------------------------


def _forget_database(index: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(str(index / "library.sqlite") + suffix).unlink(missing_ok=True)


def _empty_tables(index: Path) -> None:
    db = sqlite3.connect(index / "library.sqlite")
    for table in ("files", "documents", "links", "vocabulary"):
        db.execute(f"DELETE FROM {table}")
    db.commit()
    db.close()


@pytest.mark.parametrize("damage", [_forget_database, _empty_tables], ids=["database-deleted", "tables-emptied"])
def test_a_database_lost_beside_its_index_is_rebuilt_never_doubled(built, damage):
    corpus, index = built
    damage(index)
    library = Library([corpus], index_dir=index)
    report = library.sync()
    assert report.rebuilt
    assert "disagree" in library.problem and "rebuilt from the files" in library.problem
    ids = indexed_ids(library)
    assert len(ids) == len(set(ids)), "every hit once"
    assert library.search("ceasefire").total == 1
    assert aside(index, "whoosh")
    library.close()
    again = Library([corpus], index_dir=index)
    assert again.problem is None and not again.sync().changed and again.search("ceasefire").total == 1


def test_an_index_lost_beside_its_database_is_rebuilt(built):
    corpus, index = built
    shutil.rmtree(index / "whoosh")
    library = Library([corpus], index_dir=index)
    report = library.sync()
    assert report.rebuilt and library.problem
    assert library.search("ceasefire").total == 1 and library.count("full") == FILES


def test_an_index_older_than_its_database_is_rebuilt(built):
    corpus, index = built
    older = index.parent / "whoosh-then"
    shutil.copytree(index / "whoosh", older)
    (corpus / "zanzibar.md").write_text("# Zanzibar\n\nThe harbour of Zanzibar.\n", encoding="utf-8")
    library = Library([corpus], index_dir=index)
    library.sync()
    library.close()
    shutil.rmtree(index / "whoosh")
    shutil.copytree(older, index / "whoosh")  # restored from a backup the database is newer than
    again = Library([corpus], index_dir=index)
    report = again.sync()
    assert report.rebuilt and "older than the database" in again.problem
    assert again.search("zanzibar").total == 1 and again.search("ceasefire").total == 1


def _three_files(folder: Path, word: str) -> Path:
    folder.mkdir()
    for number in range(3):
        (folder / f"{word}{number}.md").write_text(f"# {word.title()} {number}\n\nThe {word} of part {number}.\n", encoding="utf-8")
    return folder


@pytest.mark.parametrize("commits", [1, 2])
def test_an_index_swapped_for_another_corpus_s_signed_index_is_rebuilt(tmp_path, commits):
    """Another index of this user's, as validly signed, with as many documents and at the
    same commit (or a later one): it is still not the index the database was written with."""
    mine, theirs = _three_files(tmp_path / "mine", "lagoon"), _three_files(tmp_path / "theirs", "glacier")
    for corpus, index in ((mine, tmp_path / "index-mine"), (theirs, tmp_path / "index-theirs")):
        library = Library([corpus], index_dir=index)
        library.sync()
        if corpus == theirs and commits == 2:
            bump_mtime(corpus / "glacier0.md")
            (corpus / "glacier0.md").write_text("# Glacier 0\n\nThe glacier of part zero.\n", encoding="utf-8")
            library.sync()
        library.close()
    shutil.rmtree(tmp_path / "index-mine" / "whoosh")
    shutil.copytree(tmp_path / "index-theirs" / "whoosh", tmp_path / "index-mine" / "whoosh")
    found = subprocess.run(
        [SCRIPT, "search", "lagoon", "-c", str(mine), "--index-dir", str(tmp_path / "index-mine"), "--json"],
        capture_output=True, text=True, timeout=120,
    )
    assert found.returncode == 0, found.stderr
    assert "disagree" in found.stderr and "swapped" in found.stderr
    assert sorted(hit["doc_id"] for hit in json.loads(found.stdout)["hits"]) == ["lagoon0.md", "lagoon1.md", "lagoon2.md"]
    again = Library([mine], index_dir=tmp_path / "index-mine")
    assert again.search("glacier").total == 0 and again.search("lagoon").total == 3
    again.close()


def test_a_database_one_commit_behind_is_caught_up_without_a_rebuild_or_a_double(built):
    """A sync that dies between its two commits (Whoosh first, the store second) is not damage."""
    corpus, index = built
    db = sqlite3.connect(index / "library.sqlite")
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    before = index.parent / "library-then.sqlite"
    shutil.copy(index / "library.sqlite", before)
    (corpus / "zanzibar.md").write_text("# Zanzibar\n\nThe harbour of Zanzibar.\n", encoding="utf-8")
    bump_mtime(corpus / "climate.txt")
    (corpus / "climate.txt").write_text((corpus / "climate.txt").read_text() + "\nMangroves.\n", encoding="utf-8")
    library = Library([corpus], index_dir=index)
    library.sync()
    library.close()
    _forget_database(index)
    shutil.copy(before, index / "library.sqlite")  # the store as it was before that sync's commit
    again = Library([corpus], index_dir=index)
    report = again.sync()
    assert again.problem is None and not report.rebuilt
    ids = indexed_ids(again)
    assert len(ids) == len(set(ids)), "the files the index already held are replaced, not added twice"
    assert again.search("zanzibar").total == 1 and again.search("mangroves").total == 1


def test_documents_replaced_many_times_still_agree(built):
    """Deleted records stay in Whoosh's segments until a merge: they are not counted."""
    corpus, index = built
    for round in range(3):
        (corpus / "climate.txt").write_text(f"Climate round {round}.\n", encoding="utf-8")
        bump_mtime(corpus / "climate.txt", 5 * (round + 1))
        library = Library([corpus], index_dir=index)
        assert library.problem is None
        library.sync()
        library.close()
    again = Library([corpus], index_dir=index)
    assert again.problem is None and not again.sync().rebuilt


# -- the index folder removed during a session ---------------------------------------------------


def test_the_index_folder_removed_during_a_session_is_rebuilt(built):
    corpus, index = built
    library = Library([corpus], index_dir=index)
    assert library.search("ceasefire").total == 1
    shutil.rmtree(index)
    with pytest.raises(IndexRebuilding, match="The index folder was removed"):
        library.search("verification")
    report = library.sync()
    assert report.rebuilt and report.added == FILES
    assert library.search("verification").total >= 1 and library.search("ceasefire").total == 1
    assert (index / "whoosh").is_dir() and (index / "library.sqlite").is_file()


def test_a_sync_after_the_folder_was_removed_rebuilds_it(built):
    corpus, index = built
    library = Library([corpus], index_dir=index)
    assert library.search("ceasefire").total == 1
    shutil.rmtree(index)
    report = library.sync()
    assert report.rebuilt and report.added == FILES and library.problem.startswith("The index folder was removed")
    assert library.search("ceasefire").total == 1


def test_a_corrupt_database_in_a_read_only_folder_is_one_line_that_names_another_folder(built):
    import os

    from tests.search.test_library_robustness import _run_unprivileged

    corpus, index = built
    corrupt_pages(index / "library.sqlite", "documents")
    for path in [index, *index.rglob("*")]:
        os.chmod(path, 0o555 if path.is_dir() else 0o444)
    try:
        found = _run_unprivileged(["search", "ceasefire", "-c", str(corpus)], index)
    finally:
        for path in [index, *index.rglob("*")]:
            os.chmod(path, 0o700 if path.is_dir() else 0o600)
    assert found.returncode == 2 and "Traceback" not in found.stderr
    said = " ".join(found.stderr.split())
    assert "is damaged" in said and "cannot be rebuilt there" in said and "--index-dir" in said
    assert not list(index.glob("*.damaged-*")), "nothing is moved in a folder that cannot be written"


def test_the_index_folder_removed_during_a_sync_is_rebuilt_by_that_sync(tmp_path):
    corpus = write_library(tmp_path / "corpus")
    index = tmp_path / "index"
    library = Library([corpus], index_dir=index, workers=1)
    removed = []

    def progress(done, total, doc_id):
        if not removed:
            shutil.rmtree(index)  # while the writer holds the lock and has written part of a segment
            removed.append(doc_id)

    report = library.sync(progress=progress)
    assert removed and report.rebuilt and report.added == FILES
    assert report.message is None or "Could not write" not in report.message
    assert library.problem.startswith("The index folder was removed")
    assert library.search("ceasefire").total == 1
    library.close()
    again = Library([corpus], index_dir=index)
    assert again.problem is None and not again.sync().changed
