"""Plain text: paragraphs with their lines, underlined headings only, the title rule."""

from __future__ import annotations

import pathlib

from search.parse import parse_file, parse_text

FIXTURES = pathlib.Path(__file__).resolve().parent / "fixtures"


def plain(text: str, meta: dict | None = None):
    return parse_text(text, doc_id="t.log", path="t.log", fmt="text", meta=meta)


def test_log_lines_stay_lines_in_one_lead_section():
    document = parse_file(FIXTURES / "server.log", "server.log")
    assert [s.id for s in document.sections] == ["lead"]
    assert document.sections[0].text == (
        "2024-05-01 10:00:01 INFO starting worker pool\n"
        "2024-05-01 10:00:02 WARN queue is empty\n\n"
        "2024-05-01 11:30:45 ERROR connection reset by peer"
    )
    assert document.title == "2024-05-01 10:00:01 INFO starting worker pool"


def test_underlined_headings_in_restructured_text():
    document = parse_file(FIXTURES / "guide.rst", "guide.rst")
    assert document.title == "Operator Guide"
    assert [(s.id, s.title, s.level) for s in document.sections] == [
        ("lead", "", 0),
        ("backups", "Backups", 1),
        ("restores", "Restores", 2),
    ]
    # reST joins a paragraph's lines, as its renderers do.
    assert document.section("backups").text == "Run the backup job every night. Check the log the next morning."
    assert "=" not in document.text


def test_no_guessing_of_other_headings():
    document = plain("Intro line of the file.\n\nQuestion line?\n\nAnswer text that follows the question.\n")
    assert [s.id for s in document.sections] == ["lead"]


def test_title_from_metadata_or_first_line():
    assert plain("Short Title\n\nBody text.\n").title == "Short Title"
    assert plain("Body text only.\n", meta={"title": "Given"}).title == "Given"
    assert plain("a,b,c\n1,2,3\n").title == "a,b,c"


def test_csv_rows_are_kept():
    document = plain("name,age\nann,31\nbob,42\n")
    assert document.sections[0].text == "name,age\nann,31\nbob,42"
