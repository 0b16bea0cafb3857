"""Whatever is typed as a query, the engine answers: hits or a one-line message, promptly.

A query box receives anything: half-typed operators, a paste of a whole document,
escape sequences, words in any script. ``Library.search`` must never raise for it,
must explain what it could not read, and must not hang. The strings come from
Hypothesis (derandomized, so a run is repeatable) over one small real index built
once for the module.
"""

from __future__ import annotations

import shutil
import time

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from search import Library, SearchResult
from tests.bench.corpus import generate

from tests.conftest import SEEDS, write_library

HANG_BOUND = 2.0  # seconds: a bound on a hang, not a speed target (queries take milliseconds)
MAX_MESSAGE = 300

OPERATORS = ["AND", "OR", "NOT", "ANDNOT", "ANDMAYBE", "TO", "to", "(", ")", '"', "*", "?", "~", "^", ":",
             "[", "]", "{", "}", "-", "+", "\\", "'", "<", ">", "/", "~2", "^3", "*:*"]
FIELDS = ["title:", "section:", "topic:", "type:", "author:", "date:", "tags:", "by:", "heading:",
          "foo:", "foo:bar", "doc_id:", "body:", "year:", "kind:", "a:b:c"]
DATES = ["date:>", "date:2024-13-45", "date:[x TO", "date:99999", "date:[2020 TO 2021]", "date:2024",
         "date:0000", "date:9999-99", "date:{2020 TO}", "date:[TO 2020]", "date:2024*", "date:*",
         "date:[99999 TO 1]", "date:2024-02-30", "date:[1 TO 99999999]", "date:2024-11-14~2"]
WORDS = ["korea", "pyongyang", "party", "congress", "climate", "ceasefire", "négociations", "the",
         "pyongyng", "nucle", "北朝鮮", "Ω", "k"]
# What a terminal paste can carry besides printable text: C0/C1 controls (ESC, BEL,
# NUL), format characters (bidi overrides, zero-width), odd spaces and line breaks,
# and lone surrogates (what Python makes of invalid UTF-8 in a command-line argument).
CONTROLS = st.characters(codec=None, categories=["Cc", "Cf", "Cs", "Zs", "Zl", "Zp"])

token = st.one_of(
    st.sampled_from(OPERATORS),
    st.sampled_from(FIELDS),
    st.sampled_from(DATES),
    st.sampled_from(WORDS),
    st.text(max_size=8),
    st.text(CONTROLS, min_size=1, max_size=4),
)
query_like = st.lists(st.tuples(token, st.sampled_from(["", " ", "  ", "\t", "\n"])), max_size=16).map(
    lambda pairs: "".join(piece + gap for piece, gap in pairs)
)
queries = st.one_of(query_like, st.text(max_size=300), st.text(st.one_of(CONTROLS, st.characters()), max_size=60))


@pytest.fixture(scope="module")
def library(tmp_path_factory):
    """The seed article, the small mixed library and a few generated articles, indexed once."""
    root = tmp_path_factory.mktemp("fuzz")
    corpus = write_library(root / "corpus")
    for path in SEEDS.iterdir():
        shutil.copy(path, corpus / path.name)
    generate(12, corpus / "generated", seed=3)
    library = Library([corpus], index_dir=root / "index", workers=1)
    library.sync()
    assert library.search("korea").total > 0
    yield library
    library.close()


def check_answer(library: Library, text: str) -> SearchResult:
    """One query: an answer in bounded time, hits or a one-line message, never an exception."""
    started = time.monotonic()
    result = library.search(text)
    library.matches("climate.txt", text)  # the reader asks this of the same text when a hit opens
    took = time.monotonic() - started
    assert took < HANG_BOUND, f"{text[:80]!r} took {took:.1f} s"
    assert isinstance(result, SearchResult)
    assert result.query == text
    if result.error:
        assert "\n" not in result.error and 0 < len(result.error) < MAX_MESSAGE
        assert result.hits == () and result.total == 0
    else:
        assert 0 <= len(result.hits) <= result.total
    if result.notice:
        assert "\n" not in result.notice and len(result.notice) < 2 * MAX_MESSAGE
    return result


@pytest.mark.stress
@settings(
    max_examples=400,
    # The hang bound is asserted on the query itself (check_answer); Hypothesis's own
    # deadline would call a slow first example "flaky" and hide the time it took.
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(text=queries)
@example(text="k" * 50_000)
@example(text="korea " * 9_000)
@example(text='"' * 50_000)
@example(text="(" * 25_000 + ")" * 25_000)
@example(text="*?" * 25_000)
@example(text="\x1b[2J\x1b]0;owned\x07\x00korea\u202e\u200b")
@example(text='AND OR NOT ( ) " * ? ~ ^ : [ ] { } TO')
@example(text="\udcff*")
@example(text="caf\udce9~")
def test_any_query_gets_hits_or_a_message_in_bounded_time(library, text):
    check_answer(library, text)


@pytest.mark.parametrize("text", ["date:>", "date:2024-13-45", "date:[x TO", "date:99999", "date:2024-02-30",
                                  "date:[2020 TO 2024-13]", "korea date:2024-00"])
def test_a_date_that_is_not_one_is_named_in_the_message(library, text):
    """An impossible date is said to be one, not silently matched against nothing."""
    result = check_answer(library, text)
    message = result.error or result.notice or ""
    assert "Not a date" in message and "date:2024" in message, (text, result)


@pytest.mark.parametrize(
    "text, words",
    [
        ("foo:bar korea", ["foo:"]),
        ('"north korea', ["quote"]),
        ("k" * 50_000, ["1,000 characters"]),
        ("NOT", ["Nothing to search for"]),
        ("\x1b\x07\x00", ["Type some words"]),
    ],
)
def test_a_query_read_leniently_says_how(library, text, words):
    result = check_answer(library, text)
    message = f"{result.error or ''} {result.notice or ''}"
    assert all(word in message for word in words), (text, result)


# (query, first date_num, last date_num): open ranges and ranges that end inside a year
# (whole years are a handful of year terms; these were a numeric range over every day).
DATE_RANGES = [
    ("date:{2020 TO}", 20200000, 99999999),
    ("date:[2020 TO]", 20200000, 99999999),
    ("date:[TO 2021]", 0, 20219999),
    ("date:[2021-11 TO]", 20211100, 99999999),
    ("date:[2022-08-09 TO 2024-03]", 20220809, 20240399),
    ("date:[2019-05-04 TO 2022]", 20190504, 20229999),
    ("date:[2023-05 TO 2023-05-02]", 20230500, 20230502),
    ("date:[2021 TO 2024-03-01]", 20210000, 20240301),
]


def dated_between(library: Library, low: int, high: int) -> set[str]:
    """The documents whose date (as the listing gives it) falls in the range, found without a query."""
    found = set()
    for item in library.documents():
        if item.date and low <= int(item.date.replace("-", "").ljust(8, "0")) <= high:
            found.add(item.doc_id)
    return found


@pytest.mark.parametrize("text, low, high", DATE_RANGES)
def test_an_open_or_partial_date_range_finds_exactly_the_documents_dated_in_it(library, text, low, high):
    check_answer(library, text)  # in bounded time, a well-formed answer
    expected = dated_between(library, low, high)
    assert expected and expected != {item.doc_id for item in library.documents() if item.date}, "a range that tells"
    result = library.search(text, limit=1000)
    assert (result.total, {hit.doc_id for hit in result.hits}) == (len(expected), expected)
    assert not result.relaxed and not result.error


def test_a_range_wider_than_the_years_held_finds_every_dated_document(library):
    """Two thousand years: more than a few year terms, so answered from the years the index holds."""
    check_answer(library, "date:[0999 TO 3000]")
    result = library.search("date:[0999 TO 3000]", limit=1000)
    assert {hit.doc_id for hit in result.hits} == {item.doc_id for item in library.documents() if item.date}


@pytest.mark.parametrize("text, low, high", DATE_RANGES[:3])
def test_a_date_range_with_a_word_no_document_has_falls_back_to_the_range(library, text, low, high):
    """The any-word fallback searches the range a second time: still bounded, still right."""
    query = f"{text} zzqxnothing"
    check_answer(library, query)
    result = library.search(query, limit=1000)
    assert result.relaxed and {hit.doc_id for hit in result.hits} == dated_between(library, low, high)


def test_a_date_range_narrows_the_words_it_is_searched_with(library):
    everywhere = {hit.doc_id for hit in library.search("korea", limit=1000).hits}
    narrowed = library.search("korea date:{2022 TO}", limit=1000)
    check_answer(library, "korea date:{2022 TO}")
    assert {hit.doc_id for hit in narrowed.hits} == everywhere & dated_between(library, 20220000, 99999999)
    assert narrowed.total < len(everywhere)


@pytest.mark.parametrize("text, words", [
    ("{korea TO}", "korea"),
    ("[TO korea]", "korea"),
    ("title:[korea TO]", "title:korea"),
    ("xdate:{2020 TO}", "2020"),
    ("ANDdate:{2020 TO}", "2020"),
])
def test_a_range_outside_dates_is_searched_as_its_words(library, text, words):
    """Whoosh would expand a range of words to every word sorting after its end (seconds of work)."""
    result = check_answer(library, text)
    assert "Ranges work on dates only" in (result.notice or "")
    plain = library.search(words)
    if "korea" in words:
        assert plain.hits, "the words at the range's end are in the corpus"
    assert [hit.doc_id for hit in result.hits] == [hit.doc_id for hit in plain.hits]
