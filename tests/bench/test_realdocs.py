"""The real-corpus evaluation's own machinery, on a tiny corpus written here.

The figures it reports are only worth reading if its counting is right: a phrase
that is not in a file is counted lost, a furniture section is counted, a leak is
found and an allowed one is not, a question is graded hit or miss for both
systems, and the corpus folders it builds hold exactly the selection. None of it
needs the network, apt or the real corpora. The checks that parse or index go
through readingroom's real parser and Library, with expectations that hold
whatever the parsers of the day do with these plain pages.
"""

from __future__ import annotations

import gzip
import json
import os
from pathlib import Path

from search.model import Document, Section
from tests.bench.realdocs import corpora, expectations, questions, run
from tests.bench.realdocs.corpora import Corpus

# A small library of three notes, each with words of its own.
NOTES = {
    "birds/herons.md": "# Herons\n\nHerons wade in shallow water and spear fish with their long bills.\n\n"
    "## Nesting\n\nHerons nest in colonies called heronries, high in the trees.\n",
    "birds/owls.md": "# Owls\n\nOwls hunt at night and swallow small prey whole.\n\n"
    "## Pellets\n\nAn owl coughs up pellets of fur and bone it could not digest.\n",
    "trees/willow.txt": "Willow\n======\n\nWillows grow beside rivers; their bark was once chewed against aches.\n",
    "trees/skip.log": "not part of the selection\n",
}
TINY = Corpus(name="tiny", kind="notes", include=("birds/*.md", "trees/*.txt"))


def write_corpus(root: Path) -> Path:
    for doc_id, text in NOTES.items():
        path = root / doc_id
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def write_data(folder: Path, expect: dict, asked: list) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "tiny.expect.json").write_text(json.dumps(expect), encoding="utf-8")
    (folder / "tiny.questions.json").write_text(json.dumps(asked), encoding="utf-8")
    return folder


def test_a_phrase_missing_from_the_file_is_lost_and_a_wrong_title_is_wrong(tmp_path):
    root = write_corpus(tmp_path / "corpus")
    expected = expectations.Expectations.from_dict(
        {
            "samples": {
                "birds/owls.md": {"title": "Owls", "keep": ["hunt at night", "owls sing at dawn"]},
                "birds/herons.md": {"title": "Egrets", "keep": []},
                "trees/willow.txt": {"title": None, "keep": ["Willows   grow beside\nrivers"]},
                "birds/absent.md": {"title": "Gone", "keep": ["anything"]},
            }
        }
    )
    checks = {c.doc_id: c for c in expectations.check_corpus(root, expected)}
    assert checks["birds/owls.md"].lost == ["owls sing at dawn"]
    assert checks["birds/owls.md"].kept == 1
    assert checks["birds/owls.md"].title_right
    assert not checks["birds/herons.md"].title_right
    assert checks["trees/willow.txt"].lost == []  # white space compared as one space
    assert checks["birds/absent.md"].error
    summary = expectations.summarize(list(checks.values()))
    assert summary["files"] == 4 and summary["parsed"] == 3
    assert summary["titles"] == 2 and summary["titles_right"] == 1  # a null title is not counted
    assert summary["phrases"] == 3 and summary["phrases_lost"] == 1 and summary["files_losing_text"] == 1


def test_furniture_sections_and_leaks_are_counted_and_an_allowed_fragment_is_not():
    document = Document(
        doc_id="page.html",
        path="page.html",
        title="A page",
        sections=(
            Section("lead", "", 0, "Some words.¶"),
            Section("nav", "Navigation", 1, "index | modules"),
            Section("prev", "Previous topic:", 1, "Another page"),
            Section("body", "Usage", 1, "a history diagram ---A---B-------------C"),
        ),
    )
    expected = expectations.Expectations.from_dict(
        {"chrome": ["navigation", "Previous topic"], "leaks": ["--------"], "samples": {}}
    )
    sample = expectations.Sample("page.html", "A page", ("Some words.",))
    check = expectations.check_document(document, sample, expected)
    assert check.chrome == ["Navigation", "Previous topic:"]
    assert check.leaks == ["¶", "--------"]
    allowed = expectations.Sample("page.html", "A page", (), allow=("--------",))
    assert expectations.check_document(document, allowed, expected).leaks == ["¶"]


def test_the_baseline_quotes_every_word_so_none_is_an_operator():
    assert questions.Baseline.match('owls OR "night" NOT near*') == '"owls" OR "or" OR "night" OR "not" OR "near"'
    assert questions.Baseline.match("?!") == ""


def test_grading_counts_a_hit_only_for_a_wanted_document_and_section():
    question = questions.Question("owl pellets", ("birds/owls.md", "birds/owl.html"), ("Pellets",))
    first = questions.grade(question, questions.Answer(["birds/owl.html", "x"], "pellets"))
    assert first["hit1"] and first["hit5"] and first["section1"] and first["rank"] == 1
    third = questions.grade(question, questions.Answer(["a", "b", "birds/owls.md"], "Pellets"))
    assert not third["hit1"] and third["hit5"] and not third["section1"] and third["rank"] == 3
    sixth = questions.grade(question, questions.Answer(["a", "b", "c", "d", "e", "birds/owls.md"], ""))
    assert not sixth["hit5"] and sixth["rank"] == 6


def test_the_selection_is_copied_alone_and_what_left_it_is_removed(tmp_path):
    root = write_corpus(tmp_path / "corpus")
    ids = corpora.selection(TINY, root)
    assert ids == ["birds/herons.md", "birds/owls.md", "trees/willow.txt"]
    target = tmp_path / "copy"
    (target / "old").mkdir(parents=True)
    (target / "old" / "stale.md").write_text("# Stale\n", encoding="utf-8")
    corpora.materialize(root, ids, target)
    copied = sorted(p.relative_to(target).as_posix() for p in target.rglob("*") if p.is_file())
    assert copied == ids


def test_existing_copies_are_found_by_folder_name_or_as_given(tmp_path):
    book = Corpus(name="book", kind="md", include=("*.md",), folder="owner+book", inside="src")
    (tmp_path / "owner+book" / "src").mkdir(parents=True)
    (tmp_path / "owner+book" / "src" / "a.md").write_text("# A\n", encoding="utf-8")
    assert corpora.locate(book, [tmp_path / "elsewhere", tmp_path]) == tmp_path / "owner+book" / "src"
    assert corpora.locate(book, [tmp_path / "owner+book"]) == tmp_path / "owner+book" / "src"
    assert corpora.locate(book, [tmp_path / "elsewhere"]) is None
    assert corpora.given_root(book, tmp_path) == tmp_path / "owner+book" / "src"
    assert corpora.given_root(book, tmp_path / "owner+book" / "src") == tmp_path / "owner+book" / "src"
    installed = Corpus(name="pkg", kind="html", include=("*.html",), fixed=str(tmp_path / "nowhere"))
    assert corpora.given_root(installed, tmp_path / "owner+book") == tmp_path / "owner+book"


def test_debian_notes_are_gathered_decompressed_and_only_the_notes(tmp_path):
    doc = tmp_path / "doc"
    (doc / "pkg").mkdir(parents=True)
    (doc / "pkg" / "copyright").write_text("Upstream-Name: pkg\n", encoding="utf-8")
    (doc / "pkg" / "changelog.Debian.gz").write_bytes(gzip.compress(b"pkg (1.0) unstable; urgency=low\n"))
    (doc / "pkg" / "README.html").write_text("<p>not plain text</p>", encoding="utf-8")
    (doc / "pkg" / "examples.conf").write_text("x=1\n", encoding="utf-8")
    (doc / "link").symlink_to(doc / "pkg")
    out = tmp_path / "gathered"
    assert corpora.gather_debian_text(doc, out) == 2
    assert (out / "pkg" / "changelog.Debian").read_text(encoding="utf-8").startswith("pkg (1.0)")
    assert sorted(os.listdir(out / "pkg")) == ["changelog.Debian", "copyright"]


def test_a_tiny_corpus_is_indexed_asked_and_reported(tmp_path, capsys):
    root = write_corpus(tmp_path / "corpus")
    data = write_data(
        tmp_path / "data",
        {"samples": {"birds/owls.md": {"title": "Owls", "keep": ["swallow small prey whole"]}}},
        [
            {"q": "heronries", "doc": "birds/herons.md", "style": "keywords"},
            {"q": "willows rivers", "doc": "trees/willow.txt", "style": "keywords"},
            {"q": "pellets of fur", "doc": "birds/owls.md", "section": "Pellets", "style": "phrase"},
            {"q": "heronries", "doc": "birds/owls.md", "style": "a wrong answer on purpose"},
            {"q": "skip", "doc": "trees/skip.log", "style": "not in the selection"},
            {"q": "heronreis", "doc": "birds/herons.md", "style": "typo"},
        ],
    )
    result = run.evaluate(TINY, root, tmp_path / "work", data=data, details=False)
    summary = result["ranking"]["summary"]
    assert summary["indexed"] == 3 and summary["questions"] == 6 and summary["with_section"] == 1
    assert summary["typos"] == 1 and summary["spelled_right"] == 5
    # readingroom runs the fix of a word it does not hold; FTS5 finds nothing as typed.
    assert summary["readingroom"]["typos_found"] == 1 and summary["fts5"]["typos_found"] == 0
    assert summary["readingroom"]["wrong_suggestions"] == 0
    assert summary["unanswerable"] == ["skip"]
    for system, found in (("readingroom", 4), ("fts5", 3)):  # the typo counts for readingroom alone
        assert summary[system]["hit1"] == found, result["ranking"]["questions"]
        assert summary[system]["hit5"] == found  # the wrong answer is not found at all, nor the file left out
    assert result["parse"]["titles_right"] == 1 and result["parse"]["phrases_lost"] == 0
    run.print_tables({"tiny": result})
    printed = capsys.readouterr().out
    assert "| tiny | notes | 1 | 1/1 |" in printed
    assert "| tiny | 3 |" in printed and "| 6 (1 not in this copy) | 4/6 | 4/6 | 1/1 | 1/1 | 0/5 | 3/6 | 3/6 | 1/1 | 0/1 |" in printed
