"""Plain text that is not a scraped article -> Document.

Which files land here (see ``search.parse.format_for``): every suffix that is not
``.txt``/``.text`` (sniffed), Markdown or HTML: ``.log``, ``.csv``, ``.rst``, ``.org``,
source code, files without a suffix. Their line structure means something (a log
line, a CSV row, a verse), so paragraphs are the blank-line separated blocks with
their lines kept, not re-flowed.

The only headings recognised are underlined ones (reStructuredText and setext style:
a short line, then a line of one repeated ``= - ~ ^ * # +``), since nothing else
marks a heading in plain text without guessing. Levels follow the order in which
underline characters first appear, as reStructuredText defines them.
"""

from __future__ import annotations

from search.model import Document, normalize_title
from search.parse import lines as shape
from search.parse.sections import document_from_blocks
from search.parse.sidecar import Metadata

_UNDERLINE_CHARS = frozenset("=-~^*#+")


def parse(text: str, *, doc_id: str, path: str, meta: Metadata) -> Document:
    blocks = _blocks(text)
    title = meta.title
    first = blocks[0] if blocks else None
    if first is not None:
        kind, content, _ = first
        single_line = "\n" not in content
        if title:
            if single_line and normalize_title(content) == normalize_title(title):
                blocks = blocks[1:]
        elif kind == "heading" or (
            single_line and shape.reads_as_title(content) and len(blocks) > 1
        ):
            title = content
            blocks = blocks[1:]

    return document_from_blocks(blocks, doc_id=doc_id, path=path, title=title, meta=meta, first_line_only=True)


def _blocks(text: str) -> list[tuple[str, str, int]]:
    lines = [line.strip() for line in text.split("\n")]
    blocks: list[tuple[str, str, int]] = []
    levels: dict[str, int] = {}
    paragraph: list[str] = []

    def flush() -> None:
        if paragraph:
            blocks.append(("paragraph", "\n".join(paragraph), 0))
            paragraph.clear()

    i = 0
    while i < len(lines):
        line = lines[i]
        following = lines[i + 1] if i + 1 < len(lines) else ""
        if line and _underlines(following, line):
            if paragraph and paragraph[-1] == following:
                paragraph.pop()  # the overline of an over-and-underlined title
            flush()
            level = levels.setdefault(following[0], len(levels) + 1)
            blocks.append(("heading", line, level))
            i += 2
            continue
        if line:
            paragraph.append(line)
        else:
            flush()
        i += 1
    flush()
    return blocks


def _underlines(candidate: str, title: str) -> bool:
    return (
        len(candidate) >= max(3, len(title) // 2)
        and len(set(candidate)) == 1
        and candidate[0] in _UNDERLINE_CHARS
        and not (len(set(title)) == 1 and title[0] in _UNDERLINE_CHARS)
        and len(title) <= 100
        and shape.words(title) <= 16
        and any(ch.isalnum() for ch in title)
    )
