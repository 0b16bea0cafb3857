"""The edit distance behind suggestions and fuzzy words, and the fuzzy expansion."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from search.querying.spelling import Speller, distance


def reference_distance(a: str, b: str) -> int:
    """Optimal string alignment distance, the plain dynamic-programming way."""
    d = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i in range(len(a) + 1):
        d[i][0] = i
    for j in range(len(b) + 1):
        d[0][j] = j
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
    return d[-1][-1]


words = st.text(alphabet="abcde", max_size=8)


@settings(max_examples=300)
@given(words, words, st.integers(min_value=0, max_value=3))
def test_distance_agrees_with_the_reference_up_to_the_limit(a, b, limit):
    expected = reference_distance(a, b)
    got = distance(a, b, limit)
    if expected <= limit:
        assert got == expected
    else:
        assert got > limit


def test_a_transposition_next_to_a_substitution_is_two_edits():
    assert distance("secur", "sebru", 2) == 2


def test_suggestions_prefer_fewer_edits_then_common_words():
    speller = Speller({"pyongyang": 40, "young": 900, "korea": 500, "korean": 300})
    assert speller.suggest("pyongyng") == "pyongyang"  # one edit beats a frequent word two away
    assert speller.suggest("koreа") is None or speller.suggest("koreа") == "korea"
    assert speller.suggest("korea") is None  # known and common: left alone
    assert speller.suggest("kroea") == "korea"  # a transposition is one edit


def test_bounded_fuzzy_words_are_the_ones_whoosh_finds(small_library):
    from whoosh.query import FuzzyTerm

    from search.querying.fuzzy import BoundedFuzzyTerm
    from search.whoosh_ext.queries import expansions

    reader = small_library.searcher().reader()
    for word in ("pyongyang", "beij", "secur", "verif", "harbour", "negoti"):
        for maxdist in (1, 2):
            theirs = set(expansions(FuzzyTerm("body", word, maxdist=maxdist, prefixlength=1), reader))
            ours = set(expansions(BoundedFuzzyTerm("body", word, maxdist=maxdist, prefixlength=1), reader))
            assert ours == theirs, (word, maxdist)


def test_suggestions_fix_most_one_typo_words(tmp_path):
    from search import Library
    from tests.bench.corpus import generate
    from tests.bench.queries import typo_set

    generate(150, tmp_path / "corpus", seed=3)
    library = Library([tmp_path / "corpus"], index_dir=tmp_path / "ix")
    library.sync()
    pairs = typo_set(seed=3, size=60)
    vocabulary = library._store().vocabulary()
    pairs = [(typo, word) for typo, word in pairs if word in vocabulary][:40]
    assert len(pairs) >= 30
    fixed = sum(library.suggest(typo) == word for typo, word in pairs)
    assert fixed / len(pairs) >= 0.8, (fixed, len(pairs))
