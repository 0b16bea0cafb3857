"""Optimisations keep the answers: the pinned top results of the benchmark query mix.

Built twice: in this process (one segment) and by segment workers (several), since
how the index is cut into segments must not change what a user finds.
"""

from __future__ import annotations

import json

import pytest

from .ranking_pin import CORPUS_SIZE, PIN_FILE, answers, build, differences


@pytest.mark.parametrize("workers", [1, 2], ids=["in-process", "segment-workers"])
def test_top_results_are_the_pinned_ones(tmp_path, workers):
    from search.indexing import prepare

    assert CORPUS_SIZE >= prepare.POOL_THRESHOLD  # or the workers would not be used
    library, queries = build(tmp_path, workers=workers)
    segments = len(library.searcher().reader().leaf_readers())
    assert (segments > 1) == (workers > 1)
    expected = json.loads(PIN_FILE.read_text(encoding="utf-8"))
    actual = answers(library, queries)
    assert [e["query"] for e in expected] == [q for _, q in queries]
    problems = differences(expected, actual)
    assert not problems, "\n".join(problems[:20])
