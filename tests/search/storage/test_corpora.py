"""One index folder named for several corpora: each corpus gets its own, none is ever wiped."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from search import BUNDLED_CORPUS, Library
from search.storage.location import corpus_key
from tests.conftest import write_library

SCRIPT = shutil.which("readingroom", path=str(Path(sys.executable).parent)) or shutil.which("readingroom")

HARBOURS = {
    "harbour.md": (None, "# Harbours of Zanzibar\n\nDhows sail into the harbour at dawn.\n"),
    "port.md": (None, "# The Port of Mombasa\n\nContainers and dhows share the port.\n"),
}


def cli(*args: str, index: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, READINGROOM_INDEX_DIR=str(index))
    return subprocess.run([SCRIPT, *args], env=env, capture_output=True, text=True, timeout=120)


def hits(result: subprocess.CompletedProcess) -> list[str]:
    assert result.returncode in (0, 1), result.stderr  # 1: nothing found, as grep says it
    return [hit["doc_id"] for hit in json.loads(result.stdout)["hits"]]


def test_two_corpora_alternate_in_one_index_folder_and_neither_is_wiped(tmp_path):
    first = write_library(tmp_path / "first")
    second = write_library(tmp_path / "second", HARBOURS)
    index = tmp_path / "shared"
    for _ in range(2):
        one = cli("index", str(first), index=index)
        assert one.returncode == 0 and "4 documents in" in one.stdout, one.stdout + one.stderr
        two = cli("index", str(second), index=index)
        assert two.returncode == 0 and "2 documents in" in two.stdout, two.stdout + two.stderr
    # The second round found both indexes as the first round left them: nothing added again, nothing removed.
    assert "0 added, 0 updated, 0 removed, 4 unchanged" in one.stdout
    assert "0 added, 0 updated, 0 removed, 2 unchanged" in two.stdout
    assert hits(cli("search", "ceasefire", "-c", str(first), "--json", index=index)) == ["page.html"]
    assert sorted(hits(cli("search", "dhows", "-c", str(second), "--json", index=index))) == ["harbour.md", "port.md"]
    assert hits(cli("search", "dhows", "-c", str(first), "--json", "--as-typed", index=index)) == []
    # The first corpus keeps the folder as it is; the second has its own inside it.
    assert (index / "library.sqlite").is_file()
    assert (index / corpus_key([second.resolve()]) / "library.sqlite").is_file()
    assert not list(index.rglob("*.damaged-*"))


def test_a_bare_command_falls_back_to_the_bundled_corpus_without_touching_the_folder_s_own(tmp_path):
    mine = write_library(tmp_path / "mine")
    index = tmp_path / "shared"
    assert cli("index", str(mine), index=index).returncode == 0
    bundled = cli("search", "security", "--json", index=index)  # no -c: the bundled corpus
    assert bundled.returncode == 0, bundled.stderr
    assert (index / corpus_key([BUNDLED_CORPUS]) / "library.sqlite").is_file()
    assert hits(cli("search", "ceasefire", "-c", str(mine), "--json", index=index)) == ["page.html"]
    again = cli("index", str(mine), index=index)
    assert "0 added, 0 updated, 0 removed, 4 unchanged" in again.stdout, again.stdout + again.stderr


def test_an_index_written_before_folders_named_their_corpus_is_still_found_and_kept(tmp_path):
    first = write_library(tmp_path / "first")
    second = write_library(tmp_path / "second", HARBOURS)
    index = tmp_path / "shared"
    library = Library([first], index_dir=index)
    library.sync()
    library.close()
    (index / "corpus.json").unlink()  # as an index of an earlier version has none
    other = Library([second], index_dir=index)
    assert other.index_dir == index / corpus_key(other.roots)  # told from the files its manifest lists
    assert other.sync().added == 2
    again = Library([first], index_dir=index)
    assert again.index_dir == index
    report = again.sync()
    assert report.unchanged == 4 and not report.changed and again.problem is None
    assert json.loads((index / "corpus.json").read_text())["roots"] == [str(first.resolve())]


def test_a_folder_claimed_by_another_corpus_meanwhile_sends_this_one_to_its_own(tmp_path):
    """Two corpora starting at once in an empty folder: the first to write ``corpus.json`` has it."""
    first = write_library(tmp_path / "first")
    second = write_library(tmp_path / "second", HARBOURS)
    index = tmp_path / "shared"
    late = Library([second], index_dir=index)
    assert late.index_dir == index  # empty when it looked
    early = Library([first], index_dir=index)
    early.sync()  # claims the folder first
    report = late.sync()
    assert late.index_dir == index / corpus_key(late.roots)
    assert report.added == 2 and late.search("dhows").total == 2
    assert early.search("ceasefire").total == 1 and early.count("full") == 4
    early.close()
    assert Library([first], index_dir=index).sync().unchanged == 4
