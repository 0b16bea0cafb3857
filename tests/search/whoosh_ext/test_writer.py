"""The block-at-a-time posting writer writes what Whoosh's own writer writes."""

from __future__ import annotations

import pytest

import search.whoosh_ext.writer as writer_module


def _build(folder, index_dir):
    from search import Library

    library = Library([folder], index_dir=index_dir, workers=1)
    library.sync()
    return library


def _postings(library) -> dict:
    """Every term of every segment: its statistics and its postings, as a reader sees them."""
    out = {}
    reader = library.searcher().reader()
    for segment, offset in reader.leaf_readers():
        for (field, term), info in segment._terms.items():
            matcher = segment._terms.matcher(field, term, segment.schema[field].format)
            postings = []
            while matcher.is_active():
                postings.append((matcher.id(), matcher.weight(), matcher.value()))
                matcher.next()
            stats = (info.weight(), info.doc_frequency(), info.min_length(), info.max_length(), info.max_weight())
            out[(offset, field, term)] = (stats, tuple(postings))
    return out


def test_write_terms_matches_whooshs_add_postings(tmp_path, monkeypatch):
    from tests.bench.corpus import generate

    generate(120, tmp_path / "corpus", seed=11)
    ours = _postings(_build(tmp_path / "corpus", tmp_path / "ours"))
    # Whoosh's own path: the pool says it spilled, so add_postings gets every posting.
    monkeypatch.setattr(writer_module.TermPool, "spilled", property(lambda self: True))
    theirs = _postings(_build(tmp_path / "corpus", tmp_path / "theirs"))
    assert len(ours) > 1000
    assert ours == theirs


@pytest.mark.parametrize("postings", [1, 7, 8, 127, 128, 129, 300])
def test_long_and_short_lists_read_back_whole(tmp_path, postings):
    """Block edges (128 postings a block) and the compression threshold, read back."""
    folder = tmp_path / "c"
    folder.mkdir()
    for number in range(postings):
        (folder / f"{number:04d}.txt").write_text(f"Zebrafinch note {number}.\n", encoding="utf-8")
    library = _build(folder, tmp_path / "ix")
    assert library.search("zebrafinch").total == postings
