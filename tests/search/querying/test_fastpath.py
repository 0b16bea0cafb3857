"""The fast way for plain words gives Whoosh's answer, and every total is exact.

One index of 1,300 generated articles, built in this process so that it is one
segment of more than 5,000 records: the size at which Whoosh's collector starts
pruning its matcher tree, which is where its totals went wrong.
"""

from __future__ import annotations

import pytest

from search.querying import fastpath
from search.querying.querytext import read_query

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


def assert_as_whoosh(searcher, fast, reference, text, offset: float = 0.0) -> int:
    """The fast way's hits, scores (plus ``offset``) and total are Whoosh's own for ``reference``; the total."""
    hits, total = whoosh_answer(searcher, reference, 20)
    assert len(fast) == total == matching_documents(searcher, reference), text
    assert [h.docnum for h in fast] == [d for d, _ in hits], text
    assert [h.score + offset for h in fast] == pytest.approx([s for _, s in hits], rel=1e-12), text
    return total


def matching_documents(searcher, query) -> int:
    """Counted the slow, obvious way: every document the query matches."""
    return len(list(searcher.docs_for_query(query)))


@pytest.mark.stress
def test_the_index_is_big_enough_to_show_the_old_undercount(big):
    library, _ = big
    searcher = library.searcher()
    assert max(sub.doc_count_all() for sub, _ in searcher.leaf_searchers()) > 5000


@pytest.mark.stress
def test_plain_words_give_whooshs_hits_scores_and_exact_totals(big):
    library, mix = big
    searcher = library.searcher()
    taken = 0
    for category, text in mix:
        parsed = read_query(library._view(), text)
        if parsed.query is None:
            continue
        fast = fastpath.run(searcher, parsed.query, 20)
        assert fast is not None, (category, text)  # every kind of query in the mix goes the fast way
        taken += 1
        assert_as_whoosh(searcher, fast, parsed.query, text)
    assert taken > 170


@pytest.mark.stress
@pytest.mark.parametrize(
    "text",
    ["communities", '"foreign policy"', "date:2021", "security AND NOT policy", '"foreign policy"~3', "date:2021-03-04",
     "date:{2020 TO}", "security date:[2019-06 TO 2020-02]"],
)
def test_every_total_is_the_number_of_matching_documents(big, text):
    """Through ``Library.search``, the fast way or Whoosh's: the count a results list shows."""
    library, _ = big
    searcher = library.searcher()
    parsed = read_query(library._view(), text)
    assert library.search(text).total == matching_documents(searcher, parsed.query)


@pytest.mark.stress
def test_the_old_collector_undercounted(big):
    """Why totals are counted with replacing off: Whoosh's default undercounts here."""
    library, _ = big
    searcher = library.searcher()
    parsed = read_query(library._view(), "communities")
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
    # Patterns and NOTs read postings a block at a time, deleted documents among them.
    assert {h.doc_id for h in library.search("harb*").hits} == {"0.txt", "2.txt"}
    assert {h.doc_id for h in library.search("harbour NOT numb*").hits} == set()
    assert library.search("harbour NOT rep*").total == 0
    assert {h.doc_id for h in library.search("report NOT (zebra* OR quokka)").hits} == {"0.txt", "2.txt"}


def _whooshs_own_not(query):
    """The query with what a NOT takes away left to Whoosh's AndNot, as parsed: the reference."""
    from whoosh import query as q

    from search.querying.fuzzy import Excluded

    if type(query) is q.AndNot and type(query.b) is Excluded:
        return q.AndNot(query.a, query.b.child)
    return query


@pytest.mark.stress
@pytest.mark.parametrize(
    "text",
    ["security AND NOT policy", "korea NOT (missile* OR nuclear)", "(fish* OR harb*) AND NOT (pol* OR sec*)",
     "(security OR policy) NOT korea", "NOT security NOT policy NOT korea", "(korea OR china) AND (trade* OR tariff)"],
)
def test_nots_and_nested_ors_go_the_fast_way_with_whooshs_hits_and_totals(big, text):
    """What a NOT takes away is read once; an Or of Ors is one list of alternatives."""
    library, _ = big
    searcher = library.searcher()
    parsed = read_query(library._view(), text)
    fast = fastpath.run(searcher, parsed.query, 20)
    assert fast is not None, text
    # A NOT stands beside every document at score 0 (``querytext._subtract_nots``).
    # Whoosh's ConstantScoreQuery gives its child's own weight, 1.0, instead of its
    # constant when the parent asks for the current match, as Whoosh's AndNot does:
    # its scores are then the same plus 1.0 each, the order the same.
    offset = 1.0 if "NOT" in text else 0.0
    assert assert_as_whoosh(searcher, fast, _whooshs_own_not(parsed.query), text, offset) > 0, text


@pytest.mark.stress
@pytest.mark.parametrize(
    "text", ["date:{2020 TO}", "date:[TO 2019-06]", "security date:[2019-06 TO 2020-02]", "policy date:[2020-03-05 TO 2020-03-20]"]
)
def test_date_ranges_go_the_fast_way_with_whooshs_hits_and_totals(big, text):
    """A date range becomes the year, month and day terms the index holds: one set, scored as one."""
    library, _ = big
    searcher = library.searcher()
    parsed = read_query(library._view(), text)
    fast = fastpath.run(searcher, parsed.query, 20)
    assert fast is not None, text
    assert assert_as_whoosh(searcher, fast, parsed.query, text) > 0, text


FAST_QUERIES = ["security", "party congress", '"party congress"', "fisher*", "harbourz~", "date:2023", "date:[2021 to 2023]",
                "date:{2022 TO}", "korea date:[2021-11 TO]", "title:ceasefire", "topic:europe"]


def test_on_another_whoosh_version_whoosh_answers_the_same(small_library, monkeypatch):
    """The fast way reads Whoosh's internals: on a Whoosh it was not written for, Whoosh's own search answers."""
    import whoosh

    searcher = small_library.searcher()
    fast = {text: small_library.search(text) for text in FAST_QUERIES}
    assert all(fastpath.run(searcher, read_query(small_library._view(), text).query, 20) is not None for text in FAST_QUERIES)
    assert all(fast[text].total for text in FAST_QUERIES)
    # Whoosh has no ranking by each word's share: there, words are all required, as AND asks.
    strictly = {"party congress": "party AND congress", "korea date:[2021-11 TO]": "korea AND date:[2021-11 TO]"}
    fast.update({text: small_library.search(strict) for text, strict in strictly.items()})
    monkeypatch.setattr(whoosh, "__version__", (2, 7, 6))
    for text in FAST_QUERIES:
        assert fastpath.run(searcher, read_query(small_library._view(), text).query, 20) is None, text
        assert fastpath.run_soft(searcher, read_query(small_library._view(), text).query, 20) is None, text
        slow = small_library.search(text)
        assert slow.total == fast[text].total, text
        assert [(h.doc_id, h.score, h.highlights) for h in slow.hits] == [(h.doc_id, h.score, h.highlights) for h in fast[text].hits]


def test_a_fault_in_the_fast_scoring_shows_instead_of_being_answered_another_way(small_library, monkeypatch):
    def broken(*args, **kwargs):
        raise AttributeError("a fault in the fast scoring")

    monkeypatch.setattr(fastpath, "_term_scores", broken)
    with pytest.raises(AttributeError, match="a fault in the fast scoring"):
        small_library.search("security")


@pytest.mark.stress
def test_long_phrases_read_word_by_word_give_whooshs_hits_scores_and_totals(big):
    """A phrase of three words or more is narrowed word by word, rarest first, reading
    each word only in the blocks where the documents left are: the answer is Whoosh's."""
    import random
    import re

    library, _ = big
    searcher = library.searcher()
    files = sorted(path for path in library.roots[0].rglob("*") if path.suffix in (".md", ".txt", ".html"))
    chooser = random.Random(11)
    phrases = []
    for path in chooser.sample(files, 12):
        words = re.findall(r"[a-z]+", path.read_text(encoding="utf-8", errors="replace").lower())
        if len(words) > 40:
            size = chooser.choice([3, 4, 6, 9])
            at = chooser.randrange(len(words) - size)
            phrases.append('"' + " ".join(words[at : at + size]) + '"')
    phrases += ['"of the" "in the"', '"the state and the"', '"not a word of this corpus"']
    found = 0
    for text in phrases:
        parsed = read_query(library._view(), text)
        if parsed.query is None:
            continue
        fast = fastpath.run(searcher, parsed.query, 20)
        assert fast is not None, text
        found += assert_as_whoosh(searcher, fast, parsed.query, text) > 0
    assert found >= 8
