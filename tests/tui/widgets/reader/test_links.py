"""The document's links in reading order, without an app: what Tab and Shift+Tab step through."""

from __future__ import annotations

from search.model import Document, Section
from tui.widgets.reader.blocks import Blocks
from tui.widgets.reader.layout import Layout
from tui.widgets.reader.links import Links

from .marked import marked


def linked_document(sections: int = 4, per_section: int = 5) -> Document:
    """Sections of paragraphs, one link each, numbered through the document; every
    other paragraph long enough to wrap."""
    made = []
    number = 0
    for s in range(sections):
        parts = []
        for p in range(per_section):
            filler = " ".join(["text"] * (40 if p % 2 else 4))
            parts.append(("", "", f"Paragraph {number} with link {number} in it, {filler}.", ((f"link {number}", "link", f"t{number}.md"),)))
            number += 1
        text, marks = marked(parts)
        made.append(Section(f"s{s}", f"Section {s}" if s else "", 2 if s else 0, text, marks))
    return Document("links.md", "links.md", title="Links", sections=tuple(made))


def layout(document: Document, column: int = 60) -> tuple[Links, Layout]:
    blocks = Blocks.of(document)
    return Links(blocks), Layout(blocks, column)


def test_links_are_numbered_in_reading_order_with_their_lines_and_sections():
    links, lines = layout(linked_document())
    assert len(links) == 20
    assert [links.target(i) for i in range(len(links))] == [f"t{i}.md" for i in range(20)]
    starts = [links.line_of(i, lines) for i in range(len(links))]
    assert starts == sorted(starts) and len(set(starts)) == 20
    for i in range(len(links)):
        block, start, end = links.span(i, lines)
        assert lines.block(block).text[start:end] == f"link {i}"
        assert lines.text_of(links.line_of(i, lines)).find(f"link {i}") >= 0
    assert [links.section(i) for i in (0, 4, 5, 19)] == [0, 0, 1, 3]


def test_tab_counts_from_the_selection_on_screen_else_from_the_top():
    links, lines = layout(linked_document())
    height = 10
    assert links.next_from(0, height, lines) == 0  # nothing selected: the first on screen
    links.selected = 0
    assert links.next_from(0, height, lines) == 1
    links.selected = 19
    assert links.next_from(0, height, lines) == 0  # selected but off screen: from the top again
    top = links.line_of(7, lines)
    assert links.next_from(top, height, lines) == 7
    assert links.next_from(links.line_of(19, lines), height, lines) is None  # the last one is selected
    links.selected = None
    bottom = lines.line_count
    assert links.next_from(bottom, height, lines) is None  # nothing at or below the top


def test_shift_tab_counts_back_from_the_selection_else_from_the_bottom_of_the_screen():
    links, lines = layout(linked_document())
    height = 10
    assert links.previous_from(0, height, lines) == links.last_until(height - 1, lines)
    links.selected = 0
    assert links.previous_from(0, height, lines) is None  # the first link: stays
    top = links.line_of(12, lines)
    links.selected = 12
    assert links.previous_from(top, height, lines) == 11
    links.selected = None
    assert links.previous_from(top, height, lines) == links.last_until(top + height - 1, lines)
    assert links.first_from(lines.line_count, lines) is None
    assert links.last_until(-1, lines) is None


def test_a_document_without_links_has_none():
    links, lines = layout(Document("p.md", "p.md", title="Plain", sections=(Section("lead", "", 0, "No links here."),)))
    assert len(links) == 0
    assert links.next_from(0, 10, lines) is None and links.previous_from(0, 10, lines) is None
