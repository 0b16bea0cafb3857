"""Documents with marked blocks (code, tables, lists, quotes, terms, inline code, links), for the reader's tests.

Written for these tests in the shape a parser gives them (``Section.marks`` over
the section's text): nothing here is taken from a real document.
"""

from __future__ import annotations

from search.model import Document, Mark, Section

Part = tuple[str, str, str, tuple[tuple[str, str, str], ...]]
"""(block kind or "", its info, the paragraph's text, inline marks as (the text marked, kind, info))."""


def marked(parts: list[Part]) -> tuple[str, tuple[Mark, ...]]:
    """A section's text (paragraphs apart by a blank line) and its marks, sorted by start."""
    text = ""
    marks: list[Mark] = []
    for kind, info, body, inline in parts:
        if text:
            text += "\n\n"
        at = len(text)
        text += body
        if kind:
            marks.append(Mark(at, at + len(body), kind, info))
        for sub, sub_kind, sub_info in inline:
            start = body.index(sub)
            marks.append(Mark(at + start, at + start + len(sub), sub_kind, sub_info))
    marks.sort(key=lambda mark: (mark.start, -mark.end))
    return text, tuple(marks)


CODE = (
    "def shelve(book, shelf=None):\n"
    '    """Put a book back where it belongs."""\n'
    "\n"
    "\tif shelf is None:  # no shelf given: the book's own, which the catalogue keeps for every title\n"
    "\t\tshelf = book.home\n"
    "    return shelf.put(book)"
)

TABLE = "Key\tAction\tWhere\nj\tdown one line\treader\nn\tnext match\treader, results"

WIDE_TABLE = (
    "Name\tKind\tDefault\tSince\tScope\tMeaning\n"
    "columns\tinteger\t80\t1.0\tpane\tthe width text wraps to, in terminal cells\n"
    "theme\tstring\tdark\t1.2\tapp\twhich colours the reader uses for code and links\n"
    "history\tboolean\ttrue\t2.0\tsession\twhether earlier queries come back with the up arrow"
)


def blocks_document() -> Document:
    """One of each block, a little of everything a reader meets in documentation."""
    lead, lead_marks = marked(
        [
            ("", "", "Call shelve() with a book; the catalogue page says more.",
             (("shelve()", "icode", ""), ("the catalogue page", "link", "catalogue.html#shelves"))),
            ("code", "python", CODE, ()),
            ("", "", "The keys, as a table:", ()),
            ("table", "header", TABLE, ()),
        ]
    )
    lists, list_marks = marked(
        [
            ("item", "1", "• Shelves are numbered from the door, and a long item wraps under its own text, not under its bullet.", ()),
            ("item", "2", "• A nested item, one level in.", ()),
            ("item", "1", "2. A numbered item after it.", ()),
            ("quote", "", "A quotation from a librarian, set apart with a bar so that it reads as someone else's words.", ()),
            ("term", "", "Shelf mark", ()),
            ("", "", "The code on a book's spine that says where it goes.", ()),
        ]
    )
    return Document(
        "blocks.md",
        "blocks.md",
        title="Reading Blocks",
        sections=(
            Section("lead", "", 0, lead, lead_marks),
            Section("lists", "Lists and quotes", 2, lists, list_marks),
        ),
    )


def wide_table_document() -> Document:
    text, marks = marked([("", "", "Settings:", ()), ("table", "header", WIDE_TABLE, ())])
    return Document("t.md", "t.md", title="Settings", sections=(Section("lead", "", 0, text, marks),))
