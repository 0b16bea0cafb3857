"""The interface the corpus walker uses: candidates, sidecars, parse_file and its errors."""

from __future__ import annotations

import json
import re
import os
import pathlib

import pytest

from search.errors import UnreadableFile
from search.parse import format_for, is_candidate, parse_file, parse_text, sidecar_for

FIXTURES = pathlib.Path(__file__).resolve().parent / "fixtures"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("story.txt", True),
        ("notes.md", True),
        ("no_suffix", True),
        ("story.meta.json", False),
        ("story.txt.meta.json", False),
        (".hidden.txt", False),
        ("story.txt~", False),
    ],
)
def test_is_candidate(name, expected):
    assert is_candidate(pathlib.Path("corpus") / name) is expected


def test_sidecar_for_prefers_stem_then_full_name(tmp_path):
    doc = tmp_path / "x.txt"
    doc.write_text("text")
    assert sidecar_for(doc) is None
    (tmp_path / "x.txt.meta.json").write_text("{}")
    assert sidecar_for(doc) == tmp_path / "x.txt.meta.json"
    (tmp_path / "x.meta.json").write_text("{}")
    assert sidecar_for(doc) == tmp_path / "x.meta.json"


def test_sidecar_named_after_the_full_name_is_read(tmp_path):
    doc = tmp_path / "x.txt"
    doc.write_text("Body sentence of the document.\n")
    (tmp_path / "x.txt.meta.json").write_text(json.dumps({"title": "From Sidecar", "date": "2020-02-03"}))
    document = parse_file(doc, "x.txt")
    assert (document.title, document.date) == ("From Sidecar", "2020-02-03")


def test_a_broken_sidecar_is_ignored(tmp_path):
    doc = tmp_path / "x.txt"
    doc.write_text("Body sentence of the document.\n")
    (tmp_path / "x.meta.json").write_text("{not json")
    assert parse_file(doc, "x.txt").title == "Body sentence of the document"


@pytest.mark.parametrize(
    ("name", "content", "fmt"),
    [
        ("a.txt", "<!DOCTYPE html><html><p>x</p></html>", "html"),
        ("a.txt", "  <html lang=en><p>x</p>", "html"),
        ("a.txt", "Intro\n\n# Heading\n\ntext", "markdown"),
        ("a.txt", "---\ntitle: x\n---\ntext", "markdown"),
        ("a.txt", "Plain scraped article.\n\nWhat now?\n\nText.", "article"),
        ("a.md", "no headings at all", "markdown"),
        ("a.markdown", "x", "markdown"),
        ("a.HTML", "x", "html"),
        ("a.htm", "x", "html"),
        ("a.xhtml", "x", "html"),
        ("a.log", "<html>", "text"),
        ("a.rst", "# not markdown here", "rst"),
        ("a.txt", ":orphan:\n\nTitle\n=====\n\nText.", "rst"),
        ("a.txt", "Intro.\n\n.. note::\n\n   Careful.\n", "rst"),
        ("a.txt", "Git v2.3.5 Release Notes\n========================\n\nFixes since v2.3.4\n", "text"),
        ("a.txt", "A line of an article.\n---\n\nMore of it, after a rule under a long line of prose.\n", "article"),
        ("a.txt", "Share\n***\n\nThe article goes on after a rule under a short line.\n", "article"),
        ("README", "x", "text"),
    ],
)
def test_format_by_suffix_and_sniffing(name, content, fmt):
    assert format_for(pathlib.Path(name), content) == fmt


def test_empty_file_is_a_document_titled_after_the_file(tmp_path):
    empty = tmp_path / "Meeting notes.txt"
    empty.write_bytes(b"")
    document = parse_file(empty, "Meeting notes.txt")
    assert document.title == "Meeting notes"
    assert document.sections == () and document.related == () and document.captions == ()
    assert document.kind == "full" and document.doc_id == "Meeting notes.txt" and document.path == str(empty)


def test_binary_file_is_unreadable(tmp_path):
    binary = tmp_path / "image.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    with pytest.raises(UnreadableFile, match="binary"):
        parse_file(binary, "image.txt")


def test_missing_file_is_unreadable(tmp_path):
    with pytest.raises(UnreadableFile, match="no longer exists"):
        parse_file(tmp_path / "gone.txt", "gone.txt")


def test_directory_is_unreadable(tmp_path):
    with pytest.raises(UnreadableFile, match="directory"):
        parse_file(tmp_path, "dir")


def _parse_as_unprivileged(path):
    """parse_file's answer in a process that file modes apply to (root reads all).

    As root, a forked child gives up root for the nobody user before parsing; its
    outcome comes back through a pipe.
    """
    if os.geteuid() != 0:
        try:
            parse_file(path, path.name)
            return "parsed"
        except UnreadableFile as error:
            return str(error)
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: drop root, parse, report, leave without cleanup
        os.close(read_end)
        try:
            os.setgroups([])
            os.setgid(65534)
            os.setuid(65534)
            try:
                parse_file(path, path.name)
                answer = "parsed"
            except UnreadableFile as error:
                answer = str(error)
        except BaseException as error:  # noqa: BLE001 - report anything to the parent
            answer = f"child failed: {error!r}"
        os.write(write_end, answer.encode("utf-8"))
        os._exit(0)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as pipe:
        answer = pipe.read().decode("utf-8")
    os.waitpid(pid, 0)
    return answer


def test_permission_denied_is_unreadable(tmp_path):
    folder = tmp_path / "open"
    folder.mkdir()
    folder.chmod(0o755)
    tmp_path.chmod(0o755)
    locked = folder / "locked.txt"
    locked.write_text("secret")
    locked.chmod(0)
    try:
        assert "permission" in _parse_as_unprivileged(locked).lower()
    finally:
        locked.chmod(0o600)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_named_pipe_is_not_read(tmp_path):
    pipe = tmp_path / "pipe.txt"
    os.mkfifo(pipe)
    with pytest.raises(UnreadableFile, match="regular"):
        parse_file(pipe, "pipe.txt")


def test_large_file_is_read_up_to_max_bytes(tmp_path):
    big = tmp_path / "big.txt"
    big.write_text("First paragraph of the big file.\n\n" + "caf\u00e9 " * 1000, encoding="utf-8")
    document = parse_file(big, "big.txt", max_bytes=45)  # cuts the é of the 3rd word in half
    assert document.sections[0].text.startswith("First paragraph of the big file.")
    assert "\u00c3" not in document.text  # still decoded as UTF-8, not mojibake
    assert len(document.text) <= 45


def test_crlf_file(tmp_path):
    doc = tmp_path / "win.txt"
    doc.write_bytes(b"First line of prose here.\r\n\r\nSecond paragraph here.\r\n")
    assert parse_file(doc, "win.txt").sections[0].text == "First line of prose here.\n\nSecond paragraph here."


def test_parse_text_rejects_unknown_formats():
    with pytest.raises(ValueError):
        parse_text("x", doc_id="x", fmt="pdf")


def test_sidecar_fields_of_the_wrong_shape_are_ignored(tmp_path):
    doc = tmp_path / "x.txt"
    doc.write_text("Body sentence of the document.\n")
    (tmp_path / "x.meta.json").write_text(
        json.dumps({"title": ["not", "a", "string"], "date": "someday", "authors": [1, "Ann Lee"], "topics": 7})
    )
    document = parse_file(doc, "x.txt")
    assert document.title == "Body sentence of the document"
    assert document.date == ""
    assert document.authors == ("1", "Ann Lee")
    assert document.topics == ()


def test_a_sidecar_that_is_not_an_object_is_ignored(tmp_path):
    doc = tmp_path / "x.txt"
    doc.write_text("Body sentence of the document.\n")
    (tmp_path / "x.meta.json").write_text("[1, 2, 3]")
    assert parse_file(doc, "x.txt").title == "Body sentence of the document"


SVG = (
    '<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n'
    '<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n'
    "<!-- drawn by hand for this test -->\n"
    '<svg viewBox="0 0 10 10" xmlns="http://www.w3.org/2000/svg"><title>Two boxes</title>'
    '<rect x="1" y="1" width="3" height="3"/><text x="5" y="5">label</text></svg>\n'
)


@pytest.mark.parametrize("name", ["diagram.svg", "diagram.txt", "diagram", "diagram.xml"])
def test_an_svg_image_is_not_a_document_whatever_its_name(tmp_path, name):
    path = tmp_path / name
    path.write_text(SVG)
    with pytest.raises(UnreadableFile, match="^an SVG image, not a document$"):
        parse_file(path, name)


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("figure.eps", "%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 10 10\nnewpath\n", "a PostScript image"),
        ("page", "%!PS-Adobe-3.0\n%%Pages: 1\nshowpage\n", "a PostScript file"),
        ("icon.txt", '/* XPM */\nstatic char *icon[] = {\n"2 2 1 1",\n};\n', "an XPM image"),
        ("ca.txt", "-----BEGIN CERTIFICATE-----\nTUlJQ2Z6Q0NBZWlnQXdJQkFn\n-----END CERTIFICATE-----\n", "a key or certificate (PEM)"),
    ],
)
def test_other_text_formats_that_are_not_documents_say_what_they_are(tmp_path, name, content, reason):
    path = tmp_path / name
    path.write_text(content)
    with pytest.raises(UnreadableFile, match=f"^{re.escape(reason)}, not a document$"):
        parse_file(path, name)


def test_other_xml_and_a_page_with_inline_svg_are_still_read(tmp_path):
    data = tmp_path / "catalogue.xml"
    data.write_text('<?xml version="1.0"?>\n<catalogue><book>Bees of the valley</book></catalogue>\n')
    assert "Bees of the valley" in parse_file(data, "catalogue.xml").text
    page = tmp_path / "page.html"
    page.write_text("<!doctype html><html><body><h1>Logo page</h1><svg><rect/></svg><p>Words.</p></body></html>")
    assert parse_file(page, "page.html").title == "Logo page"
