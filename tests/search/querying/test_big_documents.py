"""A document of 20,000 headings indexes into a bounded number of records and is found, shown and read."""

from __future__ import annotations

import pytest

from search.parse.sections import MAX_SECTIONS
from search.querying import highlights

HEADINGS = 20_000


@pytest.fixture(scope="module")
def big_library(tmp_path_factory):
    from search import Library

    root = tmp_path_factory.mktemp("big")
    corpus = root / "corpus"
    corpus.mkdir()
    # Titled, so that every "## Heading" is a section (a first heading would be the title).
    (corpus / "h.md").write_text("# Many headings\n\n" + "".join(f"## Heading {i}\n\nword{i} text\n\n" for i in range(HEADINGS)))
    (corpus / "small.md").write_text("# Small\n\nA short note about text.\n")
    library = Library([corpus], index_dir=root / "index")
    library.sync()
    yield library
    library.close()


def test_at_most_the_capped_section_records_are_written(big_library):
    searcher = big_library.searcher()
    documents = sum(searcher.doc_frequency("kind", kind) for kind in ("full", "summary"))
    assert documents == 2
    assert searcher.doc_count_all() - documents <= MAX_SECTIONS + 1  # the small note's none, the big one's cap


@pytest.mark.parametrize("number", [0, 7, 12_345, HEADINGS - 1])
def test_every_headings_words_are_still_found_with_a_section_and_a_snippet(big_library, number):
    result = big_library.search(f"word{number}")
    assert [hit.doc_id for hit in result.hits] == ["h.md"]
    hit = result.hits[0]
    assert hit.section is not None
    start, end = hit.highlights[0]
    assert hit.snippet[start:end] == f"word{number}"
    document = big_library.document("h.md")
    assert f"word{number}" in document.section(hit.section.id).text


def test_a_word_in_every_section_is_answered_with_the_first_section(big_library):
    result = big_library.search("text")
    hit = next(h for h in result.hits if h.doc_id == "h.md")
    assert hit.section is not None and hit.snippet
    assert len(hit.section_matches) <= MAX_SECTIONS


def test_section_titles_are_found_in_a_big_document(big_library):
    found = big_library.find_sections("heading")
    assert found and all(m.doc_id == "h.md" for m in found)
    assert len({m.section_id for m in found}) == len(found)


def _flat(matches, document):
    return [(section.id, *span) for section in document.sections for span in matches.get(section.id, ())]


def test_a_word_held_too_often_is_highlighted_from_the_text_as_the_postings_would(big_library, monkeypatch):
    document = big_library.document("h.md")
    everything = _flat(big_library.read("h.md", "text").matches, document)
    assert len(everything) == HEADINGS
    monkeypatch.setattr(highlights, "MAX_SPANS", 50)
    capped = _flat(big_library.read("h.md", "text").matches, document)
    assert capped == everything[:50]
