"""Folders nested very deep, and paths longer than PATH_MAX, cost only themselves.

Real nested folders on disk. Paths past PATH_MAX (4096 bytes) cannot be made or
removed by name, so the trees are built and taken down one level at a time
through directory file descriptors (``dir_fd``), as a hostile folder someone
else made would have been.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from search import Library
from search.indexing.corpus import MAX_DEPTH, PATH_MAX

pytestmark = pytest.mark.stress

NEIGHBOUR_WORD = "harbourmaster"


def build_chain(parent: Path, names: list[str], files: dict[int, tuple[str, str]]) -> None:
    """Folders ``names[0]/names[1]/...`` under ``parent``; ``files[level]`` = (name, text)
    written inside the folder at that level (1 = the first folder)."""
    fd = os.open(parent, os.O_RDONLY | os.O_DIRECTORY)
    try:
        for level, name in enumerate(names, start=1):
            os.mkdir(name, dir_fd=fd)
            below = os.open(name, os.O_RDONLY | os.O_DIRECTORY, dir_fd=fd)
            os.close(fd)
            fd = below
            if level in files:
                file_name, text = files[level]
                out = os.open(file_name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600, dir_fd=fd)
                with os.fdopen(out, "w", encoding="utf-8") as stream:
                    stream.write(text)
    finally:
        os.close(fd)


def remove_chain(parent: Path, names: list[str]) -> None:
    """Take the chain down from the bottom, one level at a time, holding two
    descriptors at most (``shutil.rmtree`` recurses, and paths past PATH_MAX fail)."""
    fd = os.open(parent, os.O_RDONLY | os.O_DIRECTORY)
    depth = 0
    try:
        for name in names:
            try:
                below = os.open(name, os.O_RDONLY | os.O_DIRECTORY, dir_fd=fd)
            except FileNotFoundError:
                break
            os.close(fd)
            fd, depth = below, depth + 1
        while depth > 0:
            for entry in os.listdir(fd):
                os.unlink(entry, dir_fd=fd)
            up = os.open("..", os.O_RDONLY | os.O_DIRECTORY, dir_fd=fd)
            os.close(fd)
            fd = up
            os.rmdir(names[depth - 1], dir_fd=fd)
            depth -= 1
    finally:
        os.close(fd)


@pytest.fixture
def deep_corpus(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "neighbour.txt").write_text(f"A good neighbour file about the {NEIGHBOUR_WORD}.\n", encoding="utf-8")
    chains = []
    # A thousand levels of one-letter folders (about 2,000 bytes of path: it fits in PATH_MAX).
    deep = ["d"] * 1000
    build_chain(corpus, deep, {5: ("shallow.txt", "A note about lighthouses.\n"), 1000: ("bottom.txt", "abyssal\n")})
    chains.append(deep)
    # Forty levels of 200-byte names: over 8,000 bytes, past PATH_MAX.
    long = [f"{level:03d}" + "x" * 197 for level in range(40)]
    build_chain(corpus, long, {2: ("early.txt", "A note about breakwaters.\n"), 40: ("far.txt", "unreachable\n")})
    chains.append(long)
    yield corpus
    for names in chains:
        remove_chain(corpus, names)


def test_a_thousand_levels_deep_and_past_path_max_cost_only_themselves(deep_corpus, tmp_path):
    library = Library([deep_corpus], index_dir=tmp_path / "index")
    try:
        report = library.sync()
        # Everything else is indexed: the neighbour, and files at ordinary depths inside both trees.
        assert [hit.doc_id for hit in library.search(NEIGHBOUR_WORD).hits] == ["neighbour.txt"]
        assert [hit.doc_id for hit in library.search("lighthouses").hits] == ["d/d/d/d/d/shallow.txt"]
        assert [hit.doc_id for hit in library.search("breakwaters").hits][0].endswith("/early.txt")
        # What is too deep is not indexed, and is reported with its reason, once per tree.
        assert not library.search("abyssal").hits
        assert not library.search("unreachable").hits
        reasons = [item.reason for item in report.skipped]
        assert reasons.count(f"folder nested more than {MAX_DEPTH} levels deep: not indexed") == 1, reasons
        assert reasons.count(f"path longer than {PATH_MAX:,} bytes: not indexed") == 1, reasons
        assert all(len(item.path) <= 240 for item in report.skipped)
        # A second sync finds nothing new and reports the same.
        again = library.sync()
        assert sorted(item.reason for item in again.skipped) == sorted(reasons)
    finally:
        library.close()
