"""The lift for pages the corpus names: `grep` over `zipgrep` when forty pages write `grep`."""

from __future__ import annotations

import pytest

from search import Library
from search.doclinks import mentions, name_of
from search.parse import parse_text
from search.querying import prior


def write(root, name: str, text: str) -> None:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


@pytest.fixture
def commands(tmp_path):
    root = tmp_path / "pages"
    # zipgrep's page says it in fewer words, so by words alone it comes first
    write(root, "zipgrep.md", "# zipgrep\n\n> Search for a pattern in files.\n")
    write(root, "grep.md", "# grep\n\n> Search for a pattern in files, with regular expressions.\n")
    for n, other in enumerate(["egrep", "rg", "ack", "ag"]):
        write(root, f"{other}.md", f"# {other}\n\n> A tool of its own, number {n}.\n> See also: `grep`.\n")
    library = Library([root], index_dir=tmp_path / "index")
    library.sync()
    yield library, root
    library.close()


def first(library, text: str) -> str:
    return library.search(text, limit=5).hits[0].doc_id


def test_the_page_other_pages_name_comes_first(commands, monkeypatch):
    library, _ = commands
    monkeypatch.setattr(prior, "LIFT", 0.0)
    assert first(library, "search for a pattern in files") == "zipgrep.md"  # words alone
    monkeypatch.setattr(prior, "LIFT", 0.1)
    assert first(library, "search for a pattern in files") == "grep.md"
    result = library.search("search for a pattern in files", limit=5)
    assert {h.doc_id for h in result.hits} >= {"grep.md", "zipgrep.md"} and result.total == len(result.hits)


def test_mentions_follow_the_files(commands):
    library, root = commands
    assert library._store().mention_counts(["grep", "zipgrep"]) == {"grep": 4}
    for other in ("egrep", "rg", "ack", "ag"):
        (root / f"{other}.md").unlink()
    library.sync()
    assert library._store().mention_counts(["grep"]) == {}
    assert first(library, "search for a pattern in files") == "zipgrep.md"


def test_links_refer_to_a_page_as_mentions_do(tmp_path, monkeypatch):
    root = tmp_path / "manual"
    write(root, "zipgrep.md", "# zipgrep\n\n> Search for a pattern in files.\n")
    write(root, "grep.md", "# grep\n\n> Search for a pattern in files, with regular expressions.\n")
    for n, other in enumerate(["egrep", "rg", "ack", "ag"]):
        write(root, f"{other}.md", f"# {other}\n\nA tool of its own, number {n}; see [the classic](grep.md).\n")
    write(root, "notes.md", "# Notes\n\nLinks to [grep](grep.md) and [grep again](./grep.md); `grep` too.\n")
    library = Library([root], index_dir=tmp_path / "index")
    try:
        library.sync()
        store = library._store()
        # the notes link twice and name it in code: one referrer; a page's own name is not counted
        assert store.referrer_counts({"grep.md": "grep", "zipgrep.md": "zipgrep"}) == {"grep.md": 5}
        monkeypatch.setattr(prior, "LIFT", 0.0)
        assert first(library, "search for a pattern in files") == "zipgrep.md"
        monkeypatch.setattr(prior, "LIFT", 0.1)
        assert first(library, "search for a pattern in files") == "grep.md"
    finally:
        library.close()


def test_a_page_the_query_names_is_not_lifted(tmp_path):
    root = tmp_path / "docs"
    write(root, "git.md", "# git\n\nThe stupid content tracker, its everyday commands and every other.\n")
    write(root, "giteveryday.md", "# giteveryday\n\nEveryday git commands: a useful minimum set.\n")
    for n in range(6):
        write(root, f"page{n}.md", f"# Page {n}\n\nRun `git` here.\n")
    library = Library([root], index_dir=tmp_path / "index")
    library.sync()
    assert first(library, "everyday git commands") == "giteveryday.md"
    library.close()


def test_names_and_mentions_are_read_as_readers_write_them():
    assert name_of("common/grep.md") == "grep" and name_of("tmux/README") == "tmux" and name_of("index.html") == ""
    document = parse_text(
        "# X\n\nUse `.gitignore`, `len()`, `git-commit(1)`, `a b`, `Grep` and `json.dumps()`.\n",
        doc_id="x.md", path="x.md", fmt="markdown",
    )
    assert mentions(document) == {"gitignore", "len", "git-commit", "grep", "json.dumps"}


def test_an_faq_question_written_as_a_term_counts_as_a_heading(tmp_path):
    from search.storage.records import asked_terms

    root = tmp_path / "faq"
    write(root, "faq.adoc", "Questions\n=========\n\nCommon issues\n-------------\n\n"
          "Some words about setting up a repository and cloning it from a server over the network.\n\n"
          "I made a mistake in the last commit. How do I change it?::\n   Amend it.\n\n"
          "What is a branch?::\n   A name for a line of work.\n\n--amend::\n   Not a question.\n")
    # by its words alone this short page comes first (2.5 against 6.5): the question makes the FAQ win
    write(root, "commit.adoc", "commit\n======\n\nOptions\n-------\n\nChange the last commit with amend.\n")
    library = Library([root], index_dir=tmp_path / "index")
    library.sync()
    faq = library.document("faq.adoc")
    assert asked_terms(faq) == ["I made a mistake in the last commit. How do I change it?", "What is a branch?"]
    assert first(library, "how do I change the last commit?") == "faq.adoc"
    library.close()
