"""The fast way for plain words gives Whoosh's answer, and every total is exact.

One index of 1,300 generated articles, built in this process so that it is one
segment of more than 5,000 records: the size at which Whoosh's collector starts
pruning its matcher tree, which is where its totals went wrong.
"""

from __future__ import annotations

import pytest

from search import fastpath
from search import query as engine_query

SIZE = 1300


@pytest.fixture(scope="module")
def big(tmp_path_factory):
    from search import Library
    from tests.bench.corpus import generate
    from tests.bench.queries import query_mix

    folder = tmp_path_factory.mktemp("fastpath")
    generate(SIZE, folder / "corpus", seed=3)
    library = Library([folder / "corpus"], index_dir=folder / "index", workers=1)
    library.sync()
    return library, query_mix(seed=3, size=200)


def whoosh_answer(searcher, query, limit):
    """Whoosh's own top hits and count, with nothing pruned: the reference."""
    from whoosh.collectors import TopCollector

    collector = TopCollector(limit=limit, usequality=False, replace=0)
    searcher.search_with_collector(query, collector)
    results = collector.results()
    return [(hit.docnum, hit.score) for hit in results], len(results)


def matching_documents(searcher, query) -> int:
    """Counted the slow, obvious way: every document the query matches."""
    return len(list(searcher.docs_for_query(query)))


def test_the_index_is_big_enough_to_show_the_old_undercount(big):
    library, _ = big
    searcher = library.searcher()
    assert max(sub.doc_count_all() for sub, _ in searcher.leaf_searchers()) > 5000


def test_plain_words_give_whooshs_hits_scores_and_exact_totals(big):
    library, mix = big
    searcher = library.searcher()
    taken = 0
    for category, text in mix:
        parsed = engine_query._parse(library, searcher, text)
        if parsed.query is None:
            continue
        fast = fastpath.run(searcher, parsed.query, 20)
        assert fast is not None, (category, text)  # every kind of query in the mix goes the fast way
        taken += 1
        hits, total = whoosh_answer(searcher, parsed.query, 20)
        assert len(fast) == total == matching_documents(searcher, parsed.query), text
        assert [h.docnum for h in fast] == [d for d, _ in hits], text
        assert [h.score for h in fast] == pytest.approx([s for _, s in hits], rel=1e-12), text
    assert taken > 170


@pytest.mark.parametrize(
    "text", ["communities", '"foreign policy"', "date:2021", "security AND NOT policy", '"foreign policy"~3', "date:2021-03-04"]
)
def test_every_total_is_the_number_of_matching_documents(big, text):
    """Through ``Library.search``, the fast way or Whoosh's: the count a results list shows."""
    library, _ = big
    searcher = library.searcher()
    parsed = engine_query._parse(library, searcher, text)
    assert library.search(text).total == matching_documents(searcher, parsed.query)


def test_the_old_collector_undercounted(big):
    """Why totals are counted with replacing off: Whoosh's default undercounts here."""
    library, _ = big
    searcher = library.searcher()
    parsed = engine_query._parse(library, searcher, "communities")
    pruned = len(searcher.search(parsed.query, limit=20, optimize=False))
    assert pruned < matching_documents(searcher, parsed.query)


def test_deleted_documents_are_not_counted(tmp_path):
    from search import Library

    folder = tmp_path / "c"
    folder.mkdir()
    for n in range(3):
        (folder / f"{n}.txt").write_text(f"Harbour report number {n}.\n", encoding="utf-8")
    library = Library([folder], index_dir=tmp_path / "ix", workers=1)
    library.sync()
    assert library.search("harbour").total == 3
    (folder / "1.txt").unlink()
    library.sync()
    result = library.search("harbour report")
    assert result.total == 2 and {h.doc_id for h in result.hits} == {"0.txt", "2.txt"}
