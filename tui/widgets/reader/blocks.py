"""A document cut into display blocks, and how each block's offsets drift from its source.

A block is one run of text the reader shows: the title, a meta line, a heading, a
caption, a paragraph. Its text is made safe once (``tui.sanitize``), here, and
never again: document text is data. Sanitizing can change lengths (a tab becomes
four spaces, bidi controls vanish), so a block keeps a small table of where its
display text drifts from its source (a `Shift`), and match spans, which are source
offsets, are translated through it.

Plain Python (no Textual): independent of the pane's width, built once per document.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from search.model import Document
from tui.sanitize import visible, visible_block

__all__ = [
    "SUMMARY_NOTE",
    "Block",
    "Blocks",
    "Shift",
    "display",
    "paragraphs",
    "to_display",
    "to_source",
]

SUMMARY_NOTE = "Summary of a linked publication (not a file in this corpus)"

# Characters whose sanitized form is not exactly one character long (see sanitize.py).
_SHIFTING = re.compile("[\t\u202a-\u202e\u2066-\u2069]")
# Paragraphs are separated by one or more blank lines (a line of spaces is blank too).
_PARAGRAPH_BREAK = re.compile(r"\n(?:[ \t\r\f\v]*\n)+")


Shift = tuple[list[int], list[int]]
"""Source offsets of length-changing characters, and the running drift after each."""


def display(source: str, *, multiline: bool) -> tuple[str, Shift | None]:
    """The safe display text of ``source`` and how its offsets drift from the source.

    The shift is None when every character maps to exactly one (the common case,
    which then costs nothing to translate).
    """
    text = visible_block(source) if multiline else visible(source)
    if not _SHIFTING.search(source) and len(text) == len(source):
        return text, None
    positions: list[int] = []
    drifts: list[int] = []
    drift = 0
    tab = 3 if multiline else 0
    for match in _SHIFTING.finditer(source):
        drift += tab if match.group() == "\t" else -1
        positions.append(match.start())
        drifts.append(drift)
    if len(source) + drift != len(text):
        # The sanitizer maps something differently than assumed: measure each char.
        make_visible = visible_block if multiline else visible
        positions, drifts, drift = [], [], 0
        for index, char in enumerate(source):
            change = len(make_visible(char)) - 1
            if change:
                drift += change
                positions.append(index)
                drifts.append(drift)
    return text, (positions, drifts)


def to_display(shift: Shift | None, offset: int) -> int:
    """The display offset where source ``offset`` shows."""
    if shift is None:
        return offset
    positions, drifts = shift
    index = bisect_left(positions, offset)
    return offset + (drifts[index - 1] if index else 0)


def to_source(shift: Shift | None, offset: int, length: int) -> int:
    """The source offset that shows at display ``offset`` (the inverse of `to_display`).

    ``length`` is the source's length. The answer is the first source offset shown
    at or after ``offset``: inside an expanded tab, the character after the tab; a
    dropped character (a bidi control) shares its place with the one after it, and
    the dropped one is the answer.
    """
    if shift is None:
        return offset
    return bisect_left(range(length + 1), offset, key=lambda source: to_display(shift, source))


def paragraphs(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each paragraph of a section's text (blank-line separated).

    Blank lines around a paragraph, and trailing whitespace, are not part of it.
    """
    spans: list[tuple[int, int]] = []
    start = 0
    for match in [*_PARAGRAPH_BREAK.finditer(text), None]:
        end = len(text) if match is None else match.start()
        while start < end and text[start] == "\n":
            start += 1
        stop = end
        while stop > start and text[stop - 1] in " \t\r\n\f\v":
            stop -= 1
        if stop > start:
            spans.append((start, stop))
        if match is not None:
            start = match.end()
    return spans


@dataclass(slots=True)
class Block:
    """One run of display text: a title, a meta line, a heading, a caption, a paragraph."""

    text: str
    style: str  # component class, "" for body text
    section: int  # index into document.sections; -1 for the document header
    part: str  # "title" / "text" when matches can land here, else ""
    origin: int  # offset of the block's first character in the section title / text
    length: int  # length of that source
    shift: Shift | None
    gap: bool  # a blank line before it

    def to_display(self, offset: int) -> int:
        """Display offset in ``text`` of offset ``offset`` of this block's source."""
        return to_display(self.shift, offset)

    def to_source(self, offset: int) -> int:
        """Offset in this block's source of display offset ``offset``."""
        return to_source(self.shift, offset, self.length)


@dataclass(slots=True)
class Blocks:
    """A document's blocks, in reading order, and where each section's are.

    ``Blocks.of(None)`` is the empty layout of the placeholder.
    """

    blocks: list[Block] = field(default_factory=list)
    section_first_block: list[int] = field(default_factory=list)
    """Per section: the index of its first block (its heading, else its first caption or paragraph)."""
    heading_block: dict[int, int] = field(default_factory=dict)
    """Section index -> its heading's block, for the sections that show a heading."""
    text_blocks: dict[int, list[int]] = field(default_factory=dict)
    """Section index -> the blocks of its paragraphs."""
    text_origins: dict[int, list[int]] = field(default_factory=dict)
    """Section index -> where each of those paragraphs starts in the section's text."""

    def __len__(self) -> int:
        return len(self.blocks)

    def __getitem__(self, index: int) -> Block:
        return self.blocks[index]

    @classmethod
    def of(cls, document: Document | None) -> Blocks:
        """Cut ``document`` into display blocks; independent of the width."""
        made = cls()
        if document is None:
            return made
        blocks = made.blocks

        def add(
            source: str,
            style: str,
            *,
            section: int = -1,
            part: str = "",
            origin: int = 0,
            multiline: bool = False,
            gap: bool = True,
        ) -> int:
            text, shift = display(source, multiline=multiline)
            blocks.append(Block(text, style, section, part, origin, len(source), shift, gap))
            return len(blocks) - 1

        add(document.title or document.doc_id, "reader--title", gap=False)
        meta = [
            document.date,
            ", ".join(document.authors),
            document.type,
            ", ".join(document.topics),
        ]
        meta_line = " · ".join(part for part in meta if part)
        if meta_line:
            add(meta_line, "reader--meta", gap=False)
        if document.kind == "summary":
            add(SUMMARY_NOTE, "reader--meta", gap=False)
        if document.url:
            add(document.url, "reader--meta", gap=False)

        section_ids = {section.id for section in document.sections}
        captions: dict[str, list[str]] = {}
        for caption in document.captions:
            owner = caption.section_id if caption.section_id in section_ids else ""
            captions.setdefault(owner, []).append(caption.text)
        if document.sections:
            # Captions of unknown sections are shown with the first one: nothing is lost.
            captions.setdefault(document.sections[0].id, []).extend(captions.pop("", []))

        for index, section in enumerate(document.sections):
            made.section_first_block.append(len(blocks))
            if section.title:
                style = "reader--heading-1" if section.level <= 1 else "reader--heading-2"
                made.heading_block[index] = add(section.title, style, section=index, part="title")
            for caption in captions.get(section.id, ()):
                add(caption, "reader--caption", section=index)
            text_blocks: list[int] = []
            origins: list[int] = []
            text = section.text
            for start, end in paragraphs(text):
                text_blocks.append(
                    add(text[start:end], "", section=index, part="text", origin=start, multiline=True)
                )
                origins.append(start)
            made.text_blocks[index] = text_blocks
            made.text_origins[index] = origins
        return made

    def locate(self, section: int, part: str, start: int) -> tuple[int, int] | None:
        """``(block, display offset)`` where source offset ``start`` of a section's
        title or text is shown; None when that part shows nowhere (an untitled
        section's title, a text of blank lines).

        An offset between two paragraphs (in the blank lines) shows at the start
        of the paragraph after.
        """
        if part == "title":
            heading = self.heading_block.get(section)
            candidates = [] if heading is None else [heading]
        else:
            candidates = self.text_blocks.get(section, [])
            origins = self.text_origins.get(section, [])
            at = max(0, bisect_right(origins, start) - 1)
            candidates = candidates[at : at + 2]
        for block_index in candidates:
            block = self.blocks[block_index]
            if start < block.origin + block.length or block_index == candidates[-1]:
                offset = min(max(start - block.origin, 0), block.length)
                return block_index, to_display(block.shift, offset)
        return None
