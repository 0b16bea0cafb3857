"""A document cut into display blocks, and how each block's offsets drift from its source.

A block is one run of text the reader shows: the title, a meta line, a heading, a
caption, a paragraph, or what the document marked (``Section.marks``): a code
block, a table, a list item, a quote, a defined term, each drawn its own way
(``code.py``, ``table.py``), and the inline code and links inside. Its text is made safe once (``tui.sanitize``), here, and
never again: document text is data. Sanitizing can change lengths (a tab becomes
four spaces, bidi controls vanish), so a block keeps a small table of where its
display text drifts from its source (a `Shift`), and match spans, which are source
offsets, are translated through it.

Plain Python (no Textual): built once per document, independent of the pane's
width except for tables, whose two forms (aligned, folded) `Block.at` picks.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from typing import Sequence

from search.model import BLOCK_MARKS, Document, Mark

from .code import code_display
from .shift import Shift, display, to_display, to_source
from .table import FOLD_HANG, Table
from .wrap import cells

__all__ = [
    "SUMMARY_NOTE",
    "Block",
    "Blocks",
    "Link",
    "make_block",
    "pieces",
    "Shift",
    "display",
    "paragraphs",
    "to_display",
    "to_source",
]

SUMMARY_NOTE = "Summary of a linked publication (not a file in this corpus)"

# Paragraphs are separated by one or more blank lines (a line of spaces is blank too).
_PARAGRAPH_BREAK = re.compile(r"\n(?:[ \t\r\f\v]*\n)+")


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


InlineSpan = tuple[int, int, str]
"""(display start, display end, component class) of a styled stretch of a block."""

Link = tuple[int, int, str]
"""(display start, display end, target exactly as the document wrote it)."""

_INLINE_STYLE = {"icode": "reader--icode", "link": "reader--link"}
_KIND_STYLE = {"code": "reader--code", "quote": "reader--quote", "term": "reader--term"}
# A list item's marker: a bullet, a number or a letter with its dot or bracket.
_MARKER = re.compile(r"(?:[•◦▪‣*+-]|\(?\w{1,4}[.)])[ ]+")

QUOTE_INDENT = 2
"""Cells before a quote's text: its bar "▌" and a space."""
ITEM_INDENT = 2
"""Cells a list item is indented by for each level of depth."""
MAX_DEPTH = 6
"""The deepest a list item is indented: deeper ones line up with it (the column stays readable)."""


@dataclass(slots=True)
class Block:
    """One run of display text: a title, a meta line, a heading, a caption, a paragraph,
    or one of the blocks a document marked (code, a table, a list item, a quote, a term).

    ``indent`` and ``hang`` are the cells before its first line and before the lines
    that carry a line on (a list item's text after its marker); the layout wraps it
    that much narrower. ``spans`` are its inline styles and ``links`` its links, in
    display offsets (`Link` keeps the target for following links later).
    """

    text: str
    style: str  # component class, "" for body text
    section: int  # index into document.sections; -1 for the document header
    part: str  # "title" / "text" when matches can land here, else ""
    origin: int  # offset of the block's first character in the section title / text
    length: int  # length of that source
    shift: Shift | None
    gap: bool  # a blank line before it
    kind: str = ""  # "", or the block mark: code, table, item, quote, term
    info: str = ""  # the mark's info: a code block's language, a list item's depth...
    indent: int = 0
    hang: int = 0
    spans: Sequence[InlineSpan] = ()
    links: Sequence[Link] = ()
    table: Table | None = None
    inline: tuple[Mark, ...] = ()  # inline marks, offsets into this block's source
    fillers: Sequence[tuple[int, int]] = ()  # display-only text (a table's padding, rules, labels)
    cache: dict | None = None  # made on first use (`memo`): a code block's tokens, a table's forms

    def to_display(self, offset: int) -> int:
        """Display offset in ``text`` of offset ``offset`` of this block's source."""
        return to_display(self.shift, offset)

    def to_source(self, offset: int) -> int:
        """Offset in this block's source of display offset ``offset``."""
        return to_source(self.shift, offset, self.length)

    @property
    def memo(self) -> dict:
        """What is worked out for this block when first needed (most blocks never need it)."""
        if self.cache is None:
            self.cache = {}
        return self.cache

    @property
    def verbatim(self) -> bool:
        """Whether its lines are cut at the column rather than wrapped at words (code)."""
        return self.kind == "code"

    def at(self, column: int) -> Block:
        """This block as shown in a text column of ``column`` cells.

        Only a table depends on the width: aligned where its columns fit, its last
        column wrapped where only that one is too wide, folded where even that is
        not enough (see ``table.py``). Both forms are made once, when first
        asked for, and kept.
        """
        table = self.table
        if table is None:
            return self
        last = None
        if table.width <= column:
            form = "aligned"
        else:
            last = table.last_room(column)
            form = "folded" if last is None else f"aligned-{last}"
        memo = self.memo
        shown = memo.get(form)
        if shown is None:
            if len(memo) > 8:  # forms of widths long gone (many resizes): keep the two fixed ones
                for key in [key for key in memo if key.startswith("aligned-")]:
                    del memo[key]
            text, shift, styled, fillers = table.folded() if form == "folded" else table.aligned(last)
            spans, links = _inline_spans(self.inline, shift, len(text))
            shown = Block(
                text, self.style, self.section, self.part, self.origin, self.length, shift, self.gap,
                kind="table", info=form, hang=FOLD_HANG if form == "folded" else 0,
                spans=sorted(styled + spans), links=links, inline=self.inline, fillers=fillers,
            )
            memo[form] = shown
        return shown


def _inline_spans(inline: tuple[Mark, ...], shift: Shift | None, size: int) -> tuple[list[InlineSpan], list[Link]]:
    """Inline marks (source offsets of a block) as styled display spans, and its links."""
    spans: list[InlineSpan] = []
    links: list[Link] = []
    for mark in inline:
        style = _INLINE_STYLE.get(mark.kind)
        if style is None:
            continue
        start = min(to_display(shift, mark.start), size)
        end = min(to_display(shift, mark.end), size)
        if end > start:
            spans.append((start, end, style))
            if mark.kind == "link":
                links.append((start, end, mark.info))
    return spans, links


Piece = tuple[int, int, "Mark | None", tuple[Mark, ...]]
"""(start, end, its block mark or None, the inline marks inside) of a section's text."""


def pieces(text: str, marks: tuple[Mark, ...]) -> list[Piece]:
    """A section's text cut into the paragraphs the reader shows, with their marks.

    A block mark is one piece even when it holds blank lines (code); the text
    between block marks is cut at blank lines. Marks that overlap an earlier one,
    or fall outside the text, are ignored: a reader that ignores marks loses nothing.
    """
    if not marks:
        return [(start, end, None, ()) for start, end in paragraphs(text)]
    size = len(text)
    blocks: list[Mark] = []
    inline: list[Mark] = []
    for mark in marks:
        if not 0 <= mark.start < mark.end <= size:
            continue
        if mark.kind in BLOCK_MARKS:
            if not blocks or mark.start >= blocks[-1].end:
                blocks.append(mark)
        else:
            inline.append(mark)
    spans: list[tuple[int, int, Mark | None]] = []
    marks_left = iter(blocks)
    mark = next(marks_left, None)
    emitted = False  # whether ``mark`` is in ``spans`` yet
    for start, end in paragraphs(text):
        while mark is not None and start >= mark.end:
            if not emitted:
                spans.append(_whole(text, mark))
            mark, emitted = next(marks_left, None), False
        if mark is None or end <= mark.start:
            spans.append((start, end, None))
            continue
        if start < mark.start:  # text before the mark, in the same paragraph
            spans.append((start, mark.start, None))
        if not emitted:
            spans.append(_whole(text, mark))
            emitted = True
        if end > mark.end:  # text after the mark, in the same paragraph
            spans.append((mark.end, end, None))
    while mark is not None:
        if not emitted:
            spans.append(_whole(text, mark))
        mark, emitted = next(marks_left, None), False
    if not inline:
        return [(start, end, mark, ()) for start, end, mark in spans]
    inline.sort(key=lambda mark: mark.start)
    inline_starts = [mark.start for mark in inline]
    made: list[Piece] = []
    for start, end, mark in spans:
        low = bisect_left(inline_starts, start)
        high = bisect_left(inline_starts, end, low)
        inside = tuple(
            Mark(m.start - start, min(m.end, end) - start, m.kind, m.info) for m in inline[low:high]
        ) if high > low else ()
        made.append((start, end, mark, inside))
    return made


def _whole(text: str, mark: Mark) -> tuple[int, int, Mark]:
    """A block mark's span, without the line breaks it may end with."""
    end = mark.end
    while end > mark.start and text[end - 1] in "\n\r":
        end -= 1
    return mark.start, end, mark


def make_block(source: str, section: int, origin: int, mark: Mark | None, inline: tuple[Mark, ...], gap: bool) -> Block:
    """The block of one piece of a section's text (see `pieces`)."""
    kind = mark.kind if mark is not None else ""
    info = mark.info if mark is not None else ""
    length = len(source)
    if kind == "code":
        text, shift = code_display(source)
        return Block(text, "reader--code", section, "text", origin, length, shift, gap, kind=kind, info=info)
    if kind == "table":
        table = Table.of(source, info == "header")
        block = Block("", "", section, "text", origin, length, None, gap, kind=kind, info=info, table=table, inline=inline)
        aligned = block.at(table.width)  # the width-free form, for what asks without a column
        block.text, block.shift, block.spans, block.links = aligned.text, aligned.shift, aligned.spans, aligned.links
        block.fillers = aligned.fillers
        return block
    text, shift = display(source, multiline=True)
    spans, links = _inline_spans(inline, shift, len(text))
    block = Block(
        text, _KIND_STYLE.get(kind, ""), section, "text", origin, length, shift, gap,
        kind=kind, info=info, spans=spans, links=links, inline=inline,
    )
    if kind == "item":
        depth = min(max(int(info) if info.isdigit() else 1, 1), MAX_DEPTH)
        block.indent = ITEM_INDENT * depth
        marker = _MARKER.match(text)
        width = cells(marker.group()) if marker is not None else 0
        block.hang = block.indent + (width if width <= 8 else 2)
    elif kind == "quote":
        block.indent = block.hang = QUOTE_INDENT
    return block


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
            previous = ""
            for start, end, mark, inline in pieces(text, section.marks):
                if mark is None and not inline:  # most paragraphs: the short way
                    add(text[start:end], "", section=index, part="text", origin=start, multiline=True)
                    kind = ""
                else:
                    kind = mark.kind if mark is not None else ""
                    # A list reads as a list: its items are not set apart by blank lines.
                    gap = not (kind == "item" and previous == "item")
                    blocks.append(make_block(text[start:end], index, start, mark, inline, gap))
                text_blocks.append(len(blocks) - 1)
                origins.append(start)
                previous = kind
            made.text_blocks[index] = text_blocks
            made.text_origins[index] = origins
        return made

    def locate(self, section: int, part: str, start: int) -> tuple[int, int] | None:
        """``(block, display offset)`` where source offset ``start`` of a section's
        title or text is shown; None when that part shows nowhere (an untitled
        section's title, a text of blank lines).

        An offset between two paragraphs (in the blank lines) shows at the start
        of the paragraph after. The display offset is the block's width-free form
        (a table aligned); ``Layout.locate`` gives it as laid out.
        """
        place = self.locate_source(section, part, start)
        if place is None:
            return None
        block_index, offset = place
        return block_index, to_display(self.blocks[block_index].shift, offset)

    def locate_source(self, section: int, part: str, start: int) -> tuple[int, int] | None:
        """``(block, offset in that block's source)`` of `locate`."""
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
                return block_index, min(max(start - block.origin, 0), block.length)
        return None
