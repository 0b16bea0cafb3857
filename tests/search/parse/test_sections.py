"""The formats that read their documents as blocks end the same way: the same sections, the same found title."""

from __future__ import annotations

from search.parse import parse_text

HTML = "<html><body><p>The harbour opens at dawn. Boats leave.</p><h2>Tides</h2><p>High water at noon.</p></body></html>"
MARKDOWN = "The harbour opens at dawn. Boats leave.\n\n## Tides\n\nHigh water at noon.\n"
PLAIN = "The harbour opens at dawn. Boats leave.\n\nTides\n-----\n\nHigh water at noon.\n"


def test_html_markdown_and_plain_text_make_the_same_document_of_the_same_text():
    documents = [parse_text(text, doc_id="a", fmt=fmt) for text, fmt in [(HTML, "html"), (MARKDOWN, "markdown"), (PLAIN, "text")]]
    assert {d.title for d in documents} == {"The harbour opens at dawn"}
    shapes = [[(s.id, s.title, s.text) for s in d.sections] for d in documents]
    assert shapes[0] == shapes[1] == shapes[2] == [
        ("lead", "", "The harbour opens at dawn. Boats leave."),
        ("tides", "Tides", "High water at noon."),
    ]


def test_plain_text_takes_a_found_title_from_the_first_line_only():
    """Plain text keeps its lines as written (a log, a verse): the title does not run on into the second."""
    verse = "a harbour at dawn, the boats\nleave one by one. The tide turns.\n\nMore lines follow here.\n"
    assert parse_text(verse, doc_id="v", fmt="text").title == "a harbour at dawn, the boats"
    assert parse_text(verse, doc_id="v", fmt="markdown").title == "a harbour at dawn, the boats leave one by one"
