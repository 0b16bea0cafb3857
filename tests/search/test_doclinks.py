"""Links written in documents: found in every format, resolved by the rules note tools and sites use, kept by sync."""

from __future__ import annotations

import pytest

from search import Library
from search.doclinks import document_keys, read_target
from search.parse import parse_text


def write(root, name: str, text: str) -> None:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


@pytest.fixture
def notes(tmp_path):
    root = tmp_path / "notes"
    write(root, "index.md", "# Home\n\nStart at [the guide](guide/) or [[Daily log]].\n")
    write(
        root,
        "guide/index.md",
        "# Guide\n\nRead [setup](Setup.md#Installing-it), [[daily log#Tuesday|Tuesday's entry]], "
        "[home](../index.html), [top](/index.md) and [missing](nothere.md).\n\n"
        "Also [the web](https://example.org/page?x=1) and [[Ghost note]] and [out](../../etc/passwd).\n\n"
        "## Later\n\nBack [up](#later).\n",
    )
    write(root, "guide/setup.md", "# Setting up\n\n## Installing it\n\nRun the installer.\n")
    write(root, "journal/daily-log.md", "# Daily log\n\n## Monday\n\nQuiet.\n\n## Tuesday\n\nSee [the guide](../guide/index.md).\n")
    write(root, "plain.txt", "Plain notes\n\nThe project lives at https://example.com/repo/(stable). Mirror: www.example.net.\n")
    library = Library([root], index_dir=tmp_path / "index")
    library.sync()
    yield library, root
    library.close()


def by_text(links):
    return {link.text: link.resolved for link in links}


def test_markdown_links_resolve_relative_folder_root_and_case(notes):
    library, _ = notes
    found = by_text(library.links("guide/index.md"))
    assert (found["setup"].kind, found["setup"].doc_id, found["setup"].section_id) == ("document", "guide/setup.md", "installing-it")
    assert found["home"].doc_id == "index.md"  # index.html names index.md: the same page saved another way
    assert found["top"].doc_id == "index.md"  # a path from the root
    assert found["up"].doc_id == "guide/index.md" and found["up"].section_id == "later"
    assert by_text(library.links("index.md"))["the guide"].doc_id == "guide/index.md"  # a folder: its index


def test_wikilinks_match_by_name_anywhere_with_alias_and_heading(notes):
    library, _ = notes
    home = by_text(library.links("index.md"))
    assert home["Daily log"].doc_id == "journal/daily-log.md"  # by file name, case and spaces as note tools match
    entry = by_text(library.links("guide/index.md"))["Tuesday's entry"]
    assert (entry.doc_id, entry.section_id) == ("journal/daily-log.md", "tuesday")


def test_external_missing_and_escaping_links(notes):
    library, _ = notes
    found = by_text(library.links("guide/index.md"))
    assert found["the web"].kind == "external" and found["the web"].url == "https://example.org/page?x=1"
    assert found["missing"].kind == "missing" and "nothere.md" in found["missing"].reason
    assert found["Ghost note"].kind == "missing"
    assert found["out"].kind == "missing" and "out of the corpus" in found["out"].reason
    broken = {(doc_id, link.target) for doc_id, link in library.broken_links()}
    assert broken == {("guide/index.md", "nothere.md"), ("guide/index.md", "[[Ghost note]]"), ("guide/index.md", "../../etc/passwd")}


def test_targets_outside_the_corpus_are_never_files():
    assert read_target("a/b.md", "file:///etc/passwd").outside
    assert read_target("a/b.md", "../../x.md").outside
    assert read_target("a/b.md", "//cdn.example.org/x.js").url == "//cdn.example.org/x.js"
    assert read_target("a/b.md", "mailto:someone@example.org").url
    assert read_target("a/b.md", "C:\\notes\\x.md").key  # a drive letter is a path, not a scheme
    assert read_target("a/b.md", "x%20y.md").key == "p:a/x y"


def test_document_keys_cover_path_folder_and_names():
    assert document_keys("guide/README.md", "The Guide") == ["p:guide/readme", "p:guide", "n:readme", "n:the guide"]


def test_backlinks_from_written_links(notes):
    library, _ = notes
    assert [s.doc_id for s in library.backlinks("guide/index.md")] == ["index.md", "journal/daily-log.md"]
    assert [s.doc_id for s in library.backlinks("journal/daily-log.md")] == ["guide/index.md", "index.md"]
    related = library.related(library.document("guide/setup.md"))
    assert [s.doc_id for s in related.backlinks] == ["guide/index.md"]


def test_sync_keeps_links_current_one_file_at_a_time(notes):
    library, root = notes
    write(root, "nothere.md", "# Elsewhere\n\nNot where the link points: it is relative to guide/.\n")
    write(root, "guide/nothere.md", "# Now here\n\nIt exists now.\n")
    library.sync()
    assert by_text(library.links("guide/index.md"))["missing"].doc_id == "guide/nothere.md"
    assert [s.doc_id for s in library.backlinks("guide/nothere.md")] == ["guide/index.md"]
    assert library.backlinks("nothere.md") == []
    (root / "guide" / "setup.md").unlink()
    library.sync()
    assert by_text(library.links("guide/index.md"))["setup"].kind == "missing"
    write(root, "index.md", "# Home\n\nNo links any more.\n")
    library.sync()
    assert [s.doc_id for s in library.backlinks("guide/index.md")] == ["journal/daily-log.md"]


def test_bare_urls_in_plain_text_are_links():
    document = parse_text(
        "Notes\n\nSee https://example.com/a_(b). Or www.example.net, or (http://example.org/x).\n",
        doc_id="n.log", path="n.log", fmt="text",
    )
    marks = [(s.text[m.start : m.end], m.info) for s in document.sections for m in s.marks if m.kind == "link"]
    assert marks == [
        ("https://example.com/a_(b)", "https://example.com/a_(b)"),
        ("www.example.net", "http://www.example.net"),
        ("http://example.org/x", "http://example.org/x"),
    ]


def test_plain_text_urls_resolve_as_external(notes):
    library, _ = notes
    kinds = {link.text: link.resolved.kind for link in library.links("plain.txt")}
    assert kinds == {"https://example.com/repo/(stable)": "external", "www.example.net": "external"}


def test_html_links_and_ids(tmp_path):
    root = tmp_path / "site"
    write(root, "docs/a.html", "<html><head><title>Page A</title></head><body><h1>Page A</h1>"
          "<p>Go to <a href='b.html#usage'>B's usage</a> or <a href=\"../site.md\">x</a>.</p></body></html>")
    write(root, "docs/b.html", "<html><head><title>Page B</title></head><body><h1>Page B</h1>"
          "<h2 id='usage'>Usage</h2><p>Words of usage.</p></body></html>")
    library = Library([root], index_dir=tmp_path / "index")
    library.sync()
    found = by_text(library.links("docs/a.html"))
    assert (found["B's usage"].doc_id, found["B's usage"].section_id) == ("docs/b.html", "usage")
    assert found["x"].kind == "missing"
    assert [s.doc_id for s in library.backlinks("docs/b.html")] == ["docs/a.html"]
    library.close()


def test_hostile_link_text_and_targets_are_kept_as_data(tmp_path):
    root = tmp_path / "h"
    write(root, "a.md", "# A\n\n[reset\x1bc now\x9b2J [bold]](b.md) and [[b|bee\x07]] and [run](<$(touch pwned).md>) "
          "and [js](javascript:alert(1)).\n")
    write(root, "b.md", "# B\n\nText.\n")
    library = Library([root], index_dir=tmp_path / "index")
    library.sync()
    found = {link.target: link for link in library.links("a.md")}
    assert found["b.md"].text == "reset\x1bc now\x9b2J [bold]"  # data, as written; the faces make it inert
    assert found["b.md"].resolved.doc_id == "b.md"
    assert found["[[b|bee\x07]]"].resolved.doc_id == "b.md"
    assert found["$(touch pwned).md"].resolved.kind == "missing"
    assert "javascript:alert(1)" not in found  # markdown-it refuses the scheme: the words stay words
    assert not (tmp_path / "pwned").exists() and not (root / "pwned").exists()
    library.close()


def test_markdown_reference_links_autolinks_and_bare_urls_but_not_in_code():
    document = parse_text(
        "# Refs\n\nSee [the spec][spec], <https://example.org/auto> and https://example.org/bare.\n\n"
        "`https://example.org/in-code` and\n\n```\nhttps://example.org/in-block\n```\n\n[spec]: https://example.org/spec\n",
        doc_id="r.md", path="r.md", fmt="markdown",
    )
    links = [(s.text[m.start : m.end], m.info) for s in document.sections for m in s.marks if m.kind == "link"]
    assert links == [
        ("the spec", "https://example.org/spec"),
        ("https://example.org/auto", "https://example.org/auto"),
        ("https://example.org/bare", "https://example.org/bare"),
    ]


def test_rst_doc_roles_resolve_and_label_references_are_not_broken(tmp_path):
    root = tmp_path / "rst"
    write(root, "guide/start.rst", "Start\n=====\n\nRead :doc:`the setup <setup>`, :doc:`/index` and :ref:`some-label`.\n")
    write(root, "guide/setup.rst", "Setup\n=====\n\nSteps.\n")
    write(root, "index.rst", "Index\n=====\n\nHome.\n")
    library = Library([root], index_dir=tmp_path / "index")
    library.sync()
    found = by_text(library.links("guide/start.rst"))
    assert found["the setup"].doc_id == "guide/setup.rst" and found["/index"].doc_id == "index.rst"
    assert found["some-label"].kind == "missing" and "label" in found["some-label"].reason
    assert library.broken_links() == []
    library.close()


def test_linkgit_names_the_manual_page_beside_it():
    assert read_target("git-log.txt", "linkgit:git-commit").key == "p:git-commit"
    assert read_target("howto/a.txt", "linkgit:git-commit").key == "p:howto/git-commit"


def test_html_ids_anywhere_in_a_section_name_it(tmp_path):
    root = tmp_path / "api"
    write(root, "lib/codec.html", "<html><head><title>codec</title></head><body><section id='module-codec'><h1>codec</h1>"
          "<p>Encoders.</p><section id='basic-use'><h2>Basic use</h2><p>Call it.</p>"
          "<dl><dt id='codec.dumps'>dumps(obj)</dt><dd>Serialize obj.</dd></dl></section>"
          "<section id='id7'><h2>Errors</h2><p>Raised <a name='codec.Error'></a>when bad.</p></section></section></body></html>")
    write(root, "index.md", "# Index\n\n[dumps](lib/codec.html#codec.dumps), [errors](lib/codec.html#id7), "
          "[Error](lib/codec.html#codec.Error), [module](lib/codec.html#module-codec), [title](lib/codec.html#codec).\n")
    library = Library([root], index_dir=tmp_path / "index")
    library.sync()
    found = {link.text: link.resolved.section_id for link in library.links("index.md")}
    assert found == {"dumps": "basic-use", "errors": "errors", "Error": "errors", "module": "lead", "title": "lead"}
    library.close()


def test_the_file_written_wins_over_its_twin(tmp_path):
    root = tmp_path / "twins"
    write(root, "git-commit.txt", "git-commit(1)\n=============\n\nNAME\n----\ngit-commit - Record changes\n")
    write(root, "git-commit.html", "<html><head><title>git-commit(1)</title></head><body><h1>git-commit(1)</h1>"
          "<h2 id='_name'>NAME</h2><p>Record changes.</p></body></html>")
    write(root, "index.md", "# Index\n\n[html](git-commit.html#_name), [text](git-commit.txt), [either](git-commit).\n")
    library = Library([root], index_dir=tmp_path / "index")
    library.sync()
    found = {link.text: (link.resolved.doc_id, link.resolved.section_id) for link in library.links("index.md")}
    assert found["html"] == ("git-commit.html", "name") and found["text"] == ("git-commit.txt", None)
    assert found["either"][0] in ("git-commit.html", "git-commit.txt")
    library.close()


def test_asciidoc_anchors_name_their_sections(tmp_path):
    root = tmp_path / "adoc"
    write(root, "guide.adoc", "Guide\n=====\n\nSee <<mailing,the list>> and <<def_commit,commits>>.\n\n"
          "[[mailing]]\nSending patches\n---------------\n\nMail them.\n\nTerms\n-----\n\n[[def_commit]]commit::\n   A snapshot.\n")
    library = Library([root], index_dir=tmp_path / "index")
    library.sync()
    found = {link.text: link.resolved.section_id for link in library.links("guide.adoc")}
    assert found == {"the list": "sending-patches", "commits": "terms"}
    library.close()
