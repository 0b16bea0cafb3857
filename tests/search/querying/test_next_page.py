"""``Library.search(..., exclude=...)``: the next page of a result, every hit reached once.

The app lists 50 hits and asks for more as the cursor nears the end, leaving out
the documents it lists. The lift for named pages reorders the documents a search
ranks, so an offset into a longer ranking could skip a document or repeat one;
leaving out what was listed must not.
"""

from __future__ import annotations

import random

import pytest

from search import Library

NOTES = 140


@pytest.fixture
def harbour_library(tmp_path):
    rng = random.Random(3)
    folder = tmp_path / "notes"
    folder.mkdir()
    for n in range(NOTES):
        words = " ".join(rng.choice(["harbour", "tide", "ship", "dock", "crane"]) for _ in range(25))
        # inline code naming other notes: the lift for named pages reorders the ranking
        names = " ".join(f"`note{rng.randrange(NOTES):03d}`" for _ in range(3))
        (folder / f"note{n:03d}.md").write_text(f"# Note {n}\n\nThe harbour {words} {names}\n", encoding="utf-8")
    library = Library([folder], index_dir=tmp_path / "index")
    library.sync()
    yield library
    library.close()


@pytest.mark.parametrize("query", ["harbour ship", "harbour AND dock", "crane"])
def test_pages_left_out_of_the_next_reach_every_hit_once(harbour_library, query):
    first = harbour_library.search(query, limit=50)
    everything = harbour_library.search(query, limit=NOTES)
    assert first.total == everything.total > 50
    listed = [hit.doc_id for hit in first.hits]
    while len(listed) < first.total:
        page = harbour_library.search(query, limit=50, exclude=listed)
        assert page.hits, "a page short of the total brings hits"
        assert page.total == first.total  # the total still counts what was left out
        ids = [hit.doc_id for hit in page.hits]
        assert not set(ids) & set(listed) and len(ids) == len(set(ids))
        listed += ids
    assert sorted(listed) == sorted(hit.doc_id for hit in everything.hits)
    assert not harbour_library.search(query, limit=50, exclude=listed).hits


def test_the_first_page_of_a_search_is_the_same_with_nothing_left_out(harbour_library):
    plain = harbour_library.search("harbour ship", limit=20)
    again = harbour_library.search("harbour ship", limit=20, exclude=())
    assert [hit.doc_id for hit in plain.hits] == [hit.doc_id for hit in again.hits]
