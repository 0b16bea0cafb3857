"""Versions, identifiers, flags and file names are found as a reader types them, in a real index."""

from __future__ import annotations

import pytest

from .written import found, indexed

DOCS = {
    "release-notes.md": "# Release notes\n\nVersion v2.3.5 fixes the cache of the reader.\n",
    "changelog.txt": "Changes\n\nRelease 2.3.5 was published in spring, after a long beta.\n",
    "archive/2.3.5.txt": "Plans\n\nNotes for the patch that comes next.\n",
    "serializing.md": "# Saving data\n\nCall json.dumps to turn a dict into text you can store.\n",
    "joining.md": "# Building names\n\nUse os.path.join to build a file name from its folder.\n",
    "templates.md": "# Templates\n\nC++ templates are expanded when a program is compiled.\n",
    "letters.md": "# Letters\n\nPlan c was chosen; the letter c stands alone; a b c d.\n",
    "post.md": "# Post\n\nSend an e-mail to the office before noon.\n",
    "inbox.md": "# Inbox\n\nThe email arrived late in the evening.\n",
    "pushing.md": "# Pushing\n\nRun git push --force only on a branch of your own.\n",
    "habit.md": "# Habit\n\nThe force of habit keeps a routine going.\n",
}


@pytest.fixture(scope="module")
def library(tmp_path_factory):
    library = indexed(tmp_path_factory.mktemp("tokens"), DOCS)
    yield library
    library.close()


def test_a_version_finds_it_written_with_and_without_v_and_as_a_file_name(library):
    assert found(library, "2.3.5") == {"release-notes.md", "changelog.txt", "archive/2.3.5.txt"}
    assert found(library, "v2.3.5") == {"release-notes.md"}


def test_a_dotted_name_is_found_whole_and_by_its_words(library):
    assert found(library, "json.dumps") == {"serializing.md"}
    assert found(library, "dumps") == {"serializing.md"}
    assert found(library, "os.path.join") == {"joining.md"}
    assert found(library, "join") == {"joining.md"}


def test_cplusplus_is_a_word_and_not_the_letter_c(library):
    assert found(library, "C++") == {"templates.md"}
    assert found(library, "c++ templates") == {"templates.md"}


def test_a_hyphenated_word_finds_both_spellings(library):
    assert found(library, "e-mail") == {"post.md", "inbox.md"}
    assert found(library, "email") == {"post.md", "inbox.md"}
    assert "post.md" in found(library, "mail")


def test_a_flag_is_found_with_its_dashes_and_as_a_word(library):
    assert found(library, "--force") == {"pushing.md"}
    assert found(library, "force") == {"pushing.md", "habit.md"}
    assert found(library, "push --force") == {"pushing.md"}


def test_phrases_run_across_compounds(library):
    assert found(library, '"call json.dumps to turn"') == {"serializing.md"}
    assert found(library, '"git push --force"') == {"pushing.md"}
    assert found(library, '"use os.path.join"') == {"joining.md"}


def test_a_compound_is_highlighted_whole_and_its_word_alone(library):
    hit = library.search("json.dumps").hits[0]
    assert [hit.snippet[s:e] for s, e in hit.highlights] == ["json.dumps"]
    hit = library.search("dumps").hits[0]
    assert [hit.snippet[s:e] for s, e in hit.highlights] == ["dumps"]


def test_the_path_is_searchable_by_field_and_by_plain_words(library):
    assert found(library, "path:archive") == {"archive/2.3.5.txt"}
    assert found(library, "path:2.3.5") == {"archive/2.3.5.txt"}
    assert found(library, "path:2.3.5.txt") == {"archive/2.3.5.txt"}
    assert found(library, "path:serializing") == {"serializing.md"}
    assert found(library, "archive") == {"archive/2.3.5.txt"}  # a bare word searches the path too
    assert found(library, "path:md release") == {"release-notes.md"}


def test_path_is_a_known_field_in_the_help(library):
    result = library.search("pathx:archive")
    assert result.notice and "path, date" in result.notice
