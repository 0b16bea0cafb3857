"""Ranking by each word's share of the query, on a folder of notes written for it.

A reader's question names a few words that matter among many that don't. The
documents below are built so that each rule decides one order: the rare words
over the common ones, a document with every word over one without, words that
stand together over words pages apart, and the query syntax's strict meanings.
"""

from __future__ import annotations

import pytest

from .written import indexed

FILLER = "The garden has paths, beds and a shed. "


def note(title: str, *paragraphs: str) -> str:
    return f"# {title}\n\n" + "\n\n".join(paragraphs) + "\n"


NOTES = {
    # "how" and "do" are in nearly every note: they must not decide.
    "sorting.md": note("Sorting seeds", "Sorting seeds by size with a sieve keeps the beds even.", FILLER),
    "watering.md": note("Watering", "How do you water? Do it early, how you like; do not flood.", FILLER),
    "compost.md": note("Compost", "How do worms help? Do feed them scraps.", FILLER),
    "pruning.md": note("Pruning", "How do you prune roses? Do cut above a bud.", FILLER),
    "mulch.md": note("Mulch", "How do you mulch? Do spread straw.", FILLER),
    # Both hold "block" and "devices"; only one writes them together.
    "apart.md": note(
        "Tools",
        "A block of wood props the door. " + FILLER * 6 + "Measuring devices hang on the wall.",
    ),
    "together.md": note(
        "Sensors",
        "Block devices store the logs of the soil sensors. " + FILLER * 6 + "Nothing else is kept.",
    ),
    # Both name the seed drill; one says it is about it in its opening words.
    "drill.md": note("drill(1)", "drill - sow seeds in rows", FILLER * 3 + "Rows are straight."),
    "shed.md": note("The shed", "Tools hang here.", "We sow seeds in rows; seeds in rows grow; sow them, sow in rows."),
    # Both hold "several", "working" and "trees"; one says them together, in its opening words
    # and in a heading, the other writes them often and apart, one in its title.
    "worktree.md": note(
        "worktree(1)",
        "worktree - keep several working trees of one plot",
        FILLER * 12,
        "## Several working trees\n\nEach one has its own beds.",
    ),
    "trees.md": note("Trees", "Several trees, working trees, trees of several kinds. Trees working. Several trees."),
    # Every word of "frost cover fleece" in one note, two of them in another, written more often.
    "all-three.md": note("Winter", "Frost comes early. A fleece cover saves the seedlings."),
    "two-of-three.md": note("Frost", "Frost, frost and frost again: a cover for the frost, a cover in frost."),
    # A heading and, under it, a heading of examples with the same word, written more often there.
    "trellis.md": note(
        "Supports",
        "## Trellis objects\n\nA trellis holds climbing beans. " + FILLER * 8,
        "### Trellis examples\n\nTrellis one, trellis two, trellis three.",
        "## Stakes\n\nStakes hold tomatoes.",
    ),
}


@pytest.fixture(scope="module")
def notes(tmp_path_factory):
    library = indexed(tmp_path_factory.mktemp("notes"), NOTES)
    yield library
    library.close()


def ids(result):
    return [hit.doc_id for hit in result.hits]


def test_common_words_of_a_question_do_not_decide(notes):
    # No note holds "how", "do", "I", "sort" and "seeds" all; the one about sorting seeds comes first.
    result = notes.search("how do I sort seeds")
    assert ids(result)[0] == "sorting.md"
    assert result.relaxed and "most of them" in result.notice


def test_a_document_with_every_word_comes_first(notes):
    result = notes.search("frost cover fleece")
    assert ids(result)[:2] == ["all-three.md", "two-of-three.md"] and not result.relaxed


def test_words_that_stand_together_rank_above_words_apart(notes):
    assert ids(notes.search("block devices"))[:2] == ["together.md", "apart.md"]


def test_written_operators_quotes_and_fields_keep_their_strict_meaning(notes):
    assert ids(notes.search("frost AND fleece")) == ["all-three.md"]
    assert ids(notes.search('"fleece cover" frost')) == ["all-three.md"]
    assert ids(notes.search("title:frost cover")) == ["two-of-three.md"]
    assert set(ids(notes.search("frost cover"))) == {"all-three.md", "two-of-three.md"}


def test_a_word_no_document_has_neither_hides_nor_decides(notes):
    result = notes.search("fleece zzqxnothing", as_typed=True)
    assert ids(result) == ["all-three.md"] and result.relaxed


def test_a_document_that_opens_by_saying_what_it_is_comes_first(notes):
    assert ids(notes.search("sow seeds in rows"))[0] == "drill.md"


def test_words_that_stand_together_in_the_opening_words_or_a_heading_rank_first(notes):
    result = notes.search("several working trees")
    assert ids(result)[:2] == ["worktree.md", "trees.md"]
    assert result.hits[0].section.title == "Several working trees"


def test_a_section_under_a_heading_with_the_same_words_does_not_outrank_it(notes):
    # Closer words in a child's title still win it ("Several working trees" above).
    result = notes.search("trellis")
    assert ids(result)[0] == "trellis.md"
    assert result.hits[0].section.title == "Trellis objects"


def test_the_opening_words_are_the_first_paragraph_cut_at_a_word():
    from search.model import Document, Section
    from search.storage.records import LEAD_CHARS, lead_text

    document = Document("d", "", title="T", sections=(Section("lead", "", 0, ""), Section("a", "A", 1, "First one.\n\nSecond.")))
    assert lead_text(document) == "First one."
    long = Document("d", "", title="T", sections=(Section("lead", "", 0, "word " * 200),))
    assert lead_text(long).endswith("word") and len(lead_text(long)) <= LEAD_CHARS


def test_of_two_fixes_one_edit_away_the_one_the_corpus_answers_whole_is_run(tmp_path):
    from search import Library

    root = tmp_path / "notes"
    root.mkdir()
    for n in range(6):  # "blob" is the commoner word, so the speller names it first
        (root / f"blob{n}.md").write_text(f"# Blob {n}\n\nA blob of paint.\n", encoding="utf-8")
    (root / "lsblk.md").write_text("# lsblk\n\nList block devices.\n", encoding="utf-8")
    (root / "lists.md").write_text("# Lists\n\nA list of devices.\n", encoding="utf-8")
    library = Library([root], index_dir=tmp_path / "index")
    try:
        library.sync()
        result = library.search("list blok devices")
        assert result.searched == "list block devices" and ids(result)[0] == "lsblk.md"
        assert library.search("list blok devices", as_typed=True).suggestion == "list blob devices"
    finally:
        library.close()


def test_a_required_phrase_no_document_has_leaves_the_other_words_to_answer(notes):
    # A pasted "52;c;zzq" is read as a phrase of its parts, which nothing holds.
    result = notes.search("fleece 52;c;zzqx", as_typed=True)
    assert ids(result) == ["all-three.md"] and result.relaxed and "any of them" in result.notice
