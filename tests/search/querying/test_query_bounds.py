"""Query shapes that would cost in proportion to the corpus are bounded, and say what they cut.

``*``, a pattern with nothing fixed at its start, many patterns, many NOTs and a
pasted paragraph each read far more postings than a few words do. These tests
check what each shape now means (the same documents a reader expects) and that
what was left out is said; what each costs is measured by the ``shapes`` step of
the benchmark (``tests/bench/shapes.py``).
"""

from __future__ import annotations

import random
import re
import shutil

import pytest

from search import Library
from search.querying import querytext
from search.querying.fuzzy import WordSet, resolve
from search.querying.spelling import Speller
from search.storage.schema import build_schema
from tests.bench.corpus import generate
from tests.conftest import SEED_ID, SEEDS, write_library


@pytest.fixture(scope="module")
def library(tmp_path_factory):
    root = tmp_path_factory.mktemp("bounds")
    corpus = write_library(root / "corpus")
    for path in SEEDS.iterdir():
        shutil.copy(path, corpus / path.name)
    generate(30, corpus / "generated", seed=5)
    library = Library([corpus], index_dir=root / "index", workers=1)
    library.sync()
    yield library
    library.close()


def all_ids(library, text):
    result = library.search(text, limit=10_000)
    assert result.error is None, result.error
    return {hit.doc_id for hit in result.hits}, result


def test_a_star_is_every_document_and_nothing_else(library):
    found, result = all_ids(library, "*")
    assert result.total == library.count() == len(found)
    for doc_id in found:
        assert library.document(doc_id) is not None  # a document, never a section record
    assert all_ids(library, "**")[0] == found
    assert all_ids(library, "title:* OR topic:*")[0] == found


def test_a_star_reads_no_word_of_the_vocabulary():
    from whoosh import query as q

    query = querytext.parse("*", build_schema()).query
    assert not any(isinstance(leaf, (q.Every, q.Wildcard, q.Prefix)) for leaf in query.leaves())
    assert {leaf.fieldname for leaf in query.leaves()} == {"kind"}


def test_not_finds_the_documents_without_the_word(library):
    everything, _ = all_ids(library, "*")
    korea, _ = all_ids(library, "korea")
    without, result = all_ids(library, "NOT korea")
    assert korea and without
    assert without == everything - korea
    assert result.total == len(without)


def test_many_nots_take_away_each_word(library):
    words = ["korea", "climate", "nuclear", "ceasefire", "congress"]
    everything, _ = all_ids(library, "*")
    expected = set(everything)
    for word in words:
        expected -= all_ids(library, word)[0]
    assert all_ids(library, " ".join(f"NOT {w}" for w in words))[0] == expected


def test_a_pattern_with_nothing_fixed_at_its_start_is_matched_in_the_vocabulary(library):
    found, result = all_ids(library, "*ngyang")
    assert SEED_ID in found
    assert found == all_ids(library, "pyongyang")[0]
    parsed = querytext.read_query(library._view(), "*ngyang")
    assert any(isinstance(node, WordSet) for node in _nodes(parsed.query))


def test_a_pattern_of_digits_with_nothing_fixed_at_its_start_is_left_out_and_said(library):
    result = library.search("*1 korea")
    assert result.total == library.search("korea").total
    assert "left out: *1" in result.notice
    only = library.search("*1")
    assert only.error and only.total == 0


def test_more_patterns_than_a_search_takes_are_left_out_and_named(library):
    patterns = [f"{letter}*" for letter in "abcdefghi"]
    result = library.search(" OR ".join(patterns))
    assert f"Only {querytext.MAX_EXPANDING} patterns" in result.notice
    assert "left out: i*" in result.notice
    assert result.total > 0


def test_a_pasted_paragraph_keeps_its_rarest_words(library):
    common = ["said", "would", "also", "more", "year", "people", "state", "time", "first", "government",
              "country", "last", "years", "world", "could", "many", "president", "policy", "since", "including",
              "security", "between", "political", "military", "against", "national", "united", "states", "during",
              "without", "foreign", "while", "under", "officials", "economic", "international"]
    paste = " ".join(common + ["pyongyang"])
    result = library.search(paste)
    assert f"at most {querytext.MAX_WORDS} words" in result.notice
    assert SEED_ID in {hit.doc_id for hit in result.hits}
    kept = querytext.read_query(library._view(), paste)
    assert "pyongyang" in kept.text
    # The same cut when the words are written with operators: after parsing.
    with_operators = library.search(" OR ".join(common + ["pyongyang"]))
    assert f"at most {querytext.MAX_WORDS} words" in with_operators.notice
    assert SEED_ID in {hit.doc_id for hit in with_operators.hits}


def test_a_pattern_keeps_its_commonest_words_within_the_postings_budget(library):
    view = library._view()
    parsed = querytext.parse("c*", view.searcher.schema)
    speller = view.speller()
    full, over = resolve(parsed.query, speller, 10_000, view.searcher)
    cut, limited = resolve(parsed.query, speller, 10_000, view.searcher, postings=1)
    assert not over and limited
    words_full = {t.text for node in _nodes(full) if isinstance(node, WordSet) for t in node.subqueries}
    words_cut = {t.text for node in _nodes(cut) if isinstance(node, WordSet) for t in node.subqueries}
    assert len(words_cut) == 1 and words_cut < words_full  # one word: the commonest
    from search.storage.analysis import term_of

    candidates = [w for w in speller.frequencies if w.startswith("c") and term_of(w)]  # no stop words
    top = max(speller.frequencies[w] for w in candidates)
    assert words_cut <= {term_of(w) for w in candidates if speller.frequencies[w] == top}
    result = library.search("c*")
    assert result.total > 0


def test_the_vocabulary_scan_finds_what_a_word_by_word_test_finds():
    rng = random.Random(4)
    letters = "abcdefghij"
    words = {"".join(rng.choice(letters) for _ in range(rng.randint(3, 9))) for _ in range(6000)}
    speller = Speller({word: rng.randint(1, 50) for word in words})
    assert len(words) > Speller.SCAN_IN_PYTHON
    for text in ["*a*", "*ij", "?b*", "??c", "*a?b*c*", "a*j", "a??"]:
        literal = re.split(r"[*?]", text, maxsplit=1)[0]
        pattern = re.compile("".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in text))
        found, over = speller.completions(literal, pattern, 1_000_000)
        assert not over
        assert sorted(found) == sorted(w for w in words if w.startswith(literal) and pattern.fullmatch(w)), text


def _nodes(query):
    yield query
    if not query.is_leaf():
        for child in query.children():
            yield from _nodes(child)


def test_a_fuzzy_word_reaches_at_most_two_edits_and_says_so(library):
    far = library.search("korea~5", limit=50)
    assert "at most 2 edits" in (far.notice or "") and "korea~" in far.notice
    near = library.search("korea~2", limit=50)
    assert far.total == near.total and [h.doc_id for h in far.hits] == [h.doc_id for h in near.hits]
    assert "edits" not in (near.notice or "")


def test_a_long_query_of_common_words_keeps_fewer_of_them():
    """Each word's postings are read in full: past the first few, common words cost their documents."""
    rare = {f"r{n}": 1 for n in range(40)}
    assert len(querytext._rarest(rare, rare)) == querytext.MAX_WORDS
    common = {f"c{n}": 3_000 + n for n in range(40)}
    kept = querytext._rarest(common, common)
    assert querytext.MIN_WORDS < len(kept) < querytext.MAX_WORDS
    assert kept == {f"c{n}" for n in range(len(kept))}  # the rarest
    assert sum(common[word] for word in kept) <= querytext.WORD_POSTINGS
    huge = {f"h{n}": 50_000 for n in range(20)}
    assert len(querytext._rarest(huge, huge)) == querytext.MIN_WORDS  # a question is never cut below this
    mixed = {**dict(list(huge.items())[:14]), "pyongyang": 3}
    assert "pyongyang" in querytext._rarest(mixed, mixed)
