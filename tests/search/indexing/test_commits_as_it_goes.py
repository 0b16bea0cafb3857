"""A long sync commits as it goes: what it has read can be searched while it reads the rest."""

from __future__ import annotations

import pytest

from search import Library
from search.indexing import batches


def corpus(root, count: int) -> None:
    root.mkdir(parents=True)
    for n in range(count):
        (root / f"note{n:03}.md").write_text(f"# Note {n}\n\nHarbour cranes, entry {n}.\n", encoding="utf-8")


def test_a_search_during_the_first_build_finds_what_is_committed(tmp_path, monkeypatch):
    corpus(tmp_path / "notes", 30)
    monkeypatch.setattr(batches, "FIRST_COMMIT_SECONDS", 0.0)
    monkeypatch.setattr(batches, "COMMIT_SECONDS", 0.0)
    library = Library([tmp_path / "notes"], index_dir=tmp_path / "index", workers=1)
    seen: list[tuple[int, int, int]] = []
    phases: list[str] = []

    def committed(done: int, total: int) -> None:
        seen.append((done, total, library.search("harbour cranes", limit=50).total))

    report = library.sync(committed=committed, phase=phases.append)
    assert report.added == 30
    assert seen, "the sync committed before its end"
    assert all(found == done for done, _, found in seen)  # each commit: every file read so far, and no more
    assert seen[0][2] < 30 and seen[0][1] == 30
    assert phases == ["Saving the index…"]
    assert library.search("harbour cranes", limit=50).total == 30
    assert library.sync().changed is False  # nothing left behind for the next sync
    library.close()


def test_a_short_sync_commits_once(tmp_path):
    corpus(tmp_path / "notes", 5)
    library = Library([tmp_path / "notes"], index_dir=tmp_path / "index", workers=1)
    seen: list = []
    assert library.sync(committed=lambda done, total: seen.append(done)).added == 5
    assert seen == []  # done well within FIRST_COMMIT_SECONDS: one commit, at the end
    library.close()


@pytest.mark.stress  # worker processes
def test_workers_commit_their_first_small_shares_early(tmp_path, monkeypatch):
    corpus(tmp_path / "notes", 240)
    monkeypatch.setattr(batches, "FIRST_CHUNK", 20)
    monkeypatch.setattr(batches, "FIRST_COMMIT_SECONDS", 0.0)
    monkeypatch.setattr(batches, "POOL_THRESHOLD", 50)
    library = Library([tmp_path / "notes"], index_dir=tmp_path / "index", workers=2)
    seen: list[tuple[int, int]] = []
    report = library.sync(committed=lambda done, total: seen.append((done, library.search("harbour", limit=300).total)))
    assert report.added == 240
    assert seen and 0 < seen[0][1] < 240, seen
    assert len(library._index().searcher().reader().leaf_readers()) > 1  # segments of several commits, not merged
    assert library.search("harbour", limit=300).total == 240
    library.close()
