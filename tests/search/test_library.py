"""The Library's calls as the app and the command line make them: search in steps, open in one trip.

``search_in_steps``, ``read`` and ``related`` answer exactly what ``search``,
``document`` + ``matches`` and ``more_like_this`` + ``backlinks`` answer, with less
work: one search for both steps of results, one read of a document and one parse
of the query to open it.
"""

from __future__ import annotations

import dataclasses
import inspect

import pytest

from search import DocumentNotFound, Library, Reading, Related, SearchResult
from tests.conftest import SEED_ID, SEEDS, write_library


def test_show_resolves_a_file_path_to_its_document(seed_library):
    assert seed_library.resolve(str(SEEDS / SEED_ID)) == SEED_ID


def test_library_listing_sorts_and_filters(small_library):
    by_date = small_library.documents(sort="date")
    assert by_date[0].date >= by_date[-1].date
    by_title = small_library.documents(sort="title")
    assert [d.title.casefold() for d in by_title] == sorted(d.title.casefold() for d in by_title)
    assert [d.doc_id for d in small_library.documents(type="Report")] == ["climate.txt"]
    assert [d.doc_id for d in small_library.documents(year="2021")] == ["notes/meeting.md"]
    assert [d.doc_id for d in small_library.documents(topic="Europe")] == ["notes/meeting.md"]


# -- search in steps ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def library(tmp_path_factory):
    """Generated articles (so that common words match more than 50) and the small mixed library."""
    from tests.bench.corpus import generate

    root = tmp_path_factory.mktemp("steps")
    generate(150, root / "corpus" / "generated", seed=3)
    write_library(root / "corpus" / "small")
    library = Library([root / "corpus"], index_dir=root / "index", workers=1)
    library.sync()
    yield library
    library.close()


def same(result: SearchResult) -> SearchResult:
    return dataclasses.replace(result, took_ms=0.0)


# (query, filters): many hits, some, a few, none with all the words (any word instead),
# a misspelling (a suggestion), a date range, a filter, and queries that are errors.
STEP_QUERIES = [
    ("security", None),
    ("security policy", None),
    ('"foreign policy"', None),
    ("ceasefire", None),
    ("négociations", None),
    ("security zzqxnothing", None),
    ("what happened at the party congress in pyongyang marmalade", None),
    ("securty", None),
    ("pyongyng", None),
    ("date:{2020 TO}", None),
    ("secur*", None),
    ("security", {"type": "Analysis"}),
    ("security NOT policy", None),
    ("", None),
    ("NOT", None),
    ("date:2024-13-45", None),
]


@pytest.mark.parametrize("text, filters", STEP_QUERIES)
def test_search_in_steps_gives_the_first_ten_then_the_fifty_of_one_search(library, text, filters):
    steps = list(library.search_in_steps(text, filters=filters))
    first, fifty = library.search(text, limit=10, filters=filters), library.search(text, limit=50, filters=filters)
    assert same(steps[0]) == same(first)
    if first.total > 10:
        assert len(steps) == 2
        assert same(steps[1]) == same(fifty)
        assert steps[1].hits[:10] == steps[0].hits
    else:
        assert len(steps) == 1
        assert same(first) == same(fifty)


def test_the_queries_cover_every_kind_of_answer(library):
    """The cases above are what they say: two steps, one step, relaxed, suggested, errors."""
    results = {(text, str(filters)): library.search(text, limit=10, filters=filters) for text, filters in STEP_QUERIES}
    assert results[("security", "None")].total > 50
    assert 10 < results[('"foreign policy"', "None")].total < 50
    assert 0 < results[("négociations", "None")].total < 10
    assert results[("security zzqxnothing", "None")].relaxed and results[("security zzqxnothing", "None")].total > 10
    assert results[("securty", "None")].searched == "security" and results[("securty", "None")].total > 50
    assert results[("", "None")].error and results[("date:2024-13-45", "None")].error
    assert 0 < results[("security", "{'type': 'Analysis'}")].total < results[("security", "None")].total


def test_search_in_steps_parses_and_searches_once(library, monkeypatch):
    """As many query parses and index searches as one ``search`` makes, not two searches' worth."""
    from search.querying import fastpath, searching

    counted = {"parse": 0, "run": 0}
    real_read, real_run, real_soft = searching.read_query, searching._run, fastpath.run_soft

    def run_soft(*args, **kwargs):
        answer = real_soft(*args, **kwargs)
        counted["run"] += answer is not None  # None: not its shape, nothing was searched
        return answer

    def read_query(*args, **kwargs):
        counted["parse"] += 1
        return real_read(*args, **kwargs)

    def run(*args, **kwargs):
        counted["run"] += 1
        return real_run(*args, **kwargs)

    monkeypatch.setattr(searching, "read_query", read_query)
    monkeypatch.setattr(searching, "_run", run)
    monkeypatch.setattr(fastpath, "run_soft", run_soft)
    # One word: the strict search alone. Two, one of which no document has: one search by each word's share.
    for text, expected in [("security", 1), ("security zzqxnothing", 1)]:
        counted.update(parse=0, run=0)
        steps = list(library.search_in_steps(text))
        assert len(steps) == 2, text
        assert counted == {"parse": expected, "run": expected}, text


def test_search_in_steps_is_a_generator_that_can_stop_after_the_first_step(library):
    steps = library.search_in_steps("security", first=5, limit=20)
    assert inspect.isgenerator(steps)
    first = next(steps)
    assert len(first.hits) == 5 and first.total > 20
    steps.close()
    both = list(library.search_in_steps("security", first=5, limit=20))
    assert [len(result.hits) for result in both] == [5, 20]
    assert same(both[1]) == same(library.search("security", limit=20))


# -- opening a document in one trip -------------------------------------------------------------


def count_calls(monkeypatch, owner, name: str) -> list:
    """Calls of ``owner.name`` from now on, the real method still called."""
    calls = []
    real = getattr(owner, name)

    def counting(*args, **kwargs):
        calls.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(owner, name, counting)
    return calls


@pytest.mark.parametrize(
    "doc, query",
    [
        ("sanctions.txt", "party congress"),
        ("sanctions.txt", '"party congress"'),
        ("notes/meeting.md", "négociations geneva"),
        ("page.html", "verif*"),
        ("climate.txt", "harbourz~"),
        ("climate.txt", "zzqxnothing"),
        ("climate.txt", ""),
        ("climate.txt", "   "),
        ("summary:elections in kenya", "kenya"),
    ],
)
def test_read_gives_the_document_and_its_matches(small_library, doc, query):
    reading = small_library.read(doc, query)
    assert isinstance(reading, Reading)
    assert reading.document == small_library.document(doc)
    assert reading.matches == small_library.matches(doc, query)
    if query.strip() and query != "zzqxnothing":
        assert reading.matches, "the query matches this document"


def test_read_finds_a_document_by_its_path_and_refuses_what_is_not_there(small_library, small_corpus):
    by_path = small_library.read(str(small_corpus / "climate.txt"), "harbours")
    assert by_path.document.doc_id == "climate.txt" and by_path.matches == small_library.matches("climate.txt", "harbours")
    with pytest.raises(DocumentNotFound):
        small_library.read("no-such-document.txt", "harbours")


def test_read_reads_the_document_once_and_parses_the_query_once(small_library, monkeypatch):
    import search.library

    store = small_library._store()
    reads = count_calls(monkeypatch, store, "document")
    parses = count_calls(monkeypatch, search.library, "read_query")
    small_library.read("sanctions.txt", "party congress")
    assert (len(reads), len(parses)) == (1, 1)
    reads.clear()
    small_library.read("sanctions.txt")
    assert (len(reads), len(parses)) == (1, 1), "no query: nothing parsed"


def test_related_gives_more_like_this_and_backlinks(small_library):
    for doc_id in ("climate.txt", "sanctions.txt", "summary:elections in kenya", "page.html", "notes/meeting.md"):
        document = small_library.document(doc_id)
        for limit in (1, 5):
            related = small_library.related(document, limit=limit)
            assert isinstance(related, Related)
            assert related == Related(small_library.more_like_this(doc_id, limit), small_library.backlinks(doc_id)), doc_id
    assert small_library.related(small_library.document("climate.txt")).backlinks, "sanctions.txt links to climate.txt"


def test_related_works_from_the_document_in_hand(small_library, monkeypatch):
    document = small_library.document("summary:elections in kenya")
    reads = count_calls(monkeypatch, small_library._store(), "document")
    related = small_library.related(document)
    assert related.similar and related.backlinks
    assert reads == [], "the document is not read again"


def test_a_document_gone_from_the_library_has_nothing_related(small_library, small_corpus):
    document = small_library.document("climate.txt")
    (small_corpus / "climate.txt").unlink()
    small_library.sync()
    assert small_library.related(document) == Related([], []) == Related(
        small_library.more_like_this("climate.txt"), small_library.backlinks("climate.txt")
    )
