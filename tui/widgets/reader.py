"""The document reading pane.

A `Reader` shows one `Document` as a column of wrapped text and is where a reader
spends most of their time, often over SSH in an 80x24 terminal. It is a Line API
widget (like toolong's log view): the document is cut into blocks once (title, meta,
headings, captions, paragraphs), each block's display text is made safe once, and
wrapping stores only ``(block, start, end)`` per visual line. Segments are made for
a line only when the terminal asks for it, so a multi-megabyte document opens as
fast as a short one and scrolling costs the same anywhere in it.

Document text is data, never markup: every string that reaches a `Segment` has been
through `tui.sanitize.visible` / `visible_block`, and it is put in a Segment as
plain text (no Rich markup parsing, no console control codes).

Matches (the query's, from the engine, or the reader's own `/` find) are character
spans into a section's title or text. Sanitizing can change lengths (a tab becomes
four spaces, bidi controls vanish), so each block keeps a small table of where its
display text drifts from its source, and spans are translated through it.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from typing import ClassVar, Mapping, Sequence

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual.actions import SkipAction
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.events import Resize
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from search.model import Document
from tui.sanitize import visible, visible_block

__all__ = ["Reader", "MatchSpans"]

MatchSpans = Mapping[str, Sequence[tuple[str, int, int]]]
"""Section id -> ``(part, start, end)`` spans; part is ``"title"`` or ``"text"``."""

MEASURE = 100
"""Widest text column, in cells: longer lines are hard to follow back to their start."""

CONTEXT = 3
"""Lines kept above a match scrolled into view, so it is read in its sentence."""

SUMMARY_NOTE = "Summary of a linked publication (not a file in this corpus)"
PLACEHOLDER = "Open a document: type a query, or pick one from the library"

# Characters whose sanitized form is not exactly one character long (see sanitize.py).
_SHIFTING = re.compile("[\t\u202a-\u202e\u2066-\u2069]")
# Paragraphs are separated by one or more blank lines (a line of spaces is blank too).
_PARAGRAPH_BREAK = re.compile(r"\n(?:[ \t\r\f\v]*\n)+")
_WORD = re.compile(r"[^ ]+")

_narrow: frozenset[str] | None = None


def _narrow_chars() -> frozenset[str]:
    """Characters that always take exactly one cell, on their own and in any company.

    A line made only of these is measured by ``len``, which keeps wrapping fast for
    the common case of Latin text with curly quotes and dashes (not ASCII, but not
    wide either). Everything else is measured with ``rich.cells.cell_len``.
    """
    global _narrow
    if _narrow is None:
        chars = {"\n"}
        for code in range(0x20, 0x3000):
            char = chr(code)
            if unicodedata.category(char) in ("Mn", "Me", "Cf", "Cc", "Cs", "Zl", "Zp"):
                continue
            if cell_len(char) == 1:
                chars.add(char)
        _narrow = frozenset(chars)
    return _narrow


def _cells(text: str) -> int:
    return len(text) if text.isascii() else cell_len(text)


# ---------------------------------------------------------------------------
# Display text and offsets


Shift = tuple[list[int], list[int]]
"""Source offsets of length-changing characters, and the running drift after each."""


def _display(source: str, *, multiline: bool) -> tuple[str, Shift | None]:
    """The safe display text of ``source`` and how its offsets drift from the source."""
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


def _to_display(shift: Shift | None, offset: int) -> int:
    if shift is None:
        return offset
    positions, drifts = shift
    index = bisect_left(positions, offset)
    return offset + (drifts[index - 1] if index else 0)


def _to_source(shift: Shift | None, offset: int, length: int) -> int:
    """The source offset that shows at display ``offset`` (the inverse of `_to_display`)."""
    if shift is None:
        return offset
    return bisect_left(range(length + 1), offset, key=lambda source: _to_display(shift, source))


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each paragraph of a section's text (blank-line separated)."""
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


# ---------------------------------------------------------------------------
# Wrapping


def wrap_offsets(text: str, width: int) -> list[tuple[int, int]]:
    """Visual lines of ``text`` at ``width`` cells, as ``(start, end)`` offsets.

    Words wrap at spaces, words wider than the line are cut, ``"\\n"`` always
    breaks. Pure Python but mostly ``str.rfind``: a 2 MB text wraps in well under a
    second.
    """
    starts: list[int] = []
    ends: list[int] = []
    _wrap_into(text, max(1, width), starts, ends)
    return list(zip(starts, ends))


def _wrap_into(text: str, width: int, starts: list[int], ends: list[int]) -> None:
    # ASCII needs no table: building it takes 40 ms, which the first frame (the
    # placeholder) would otherwise pay.
    uniform = text.isascii()
    narrow = frozenset() if uniform else _narrow_chars()
    uniform = uniform or narrow.issuperset(text)
    position = 0
    size = len(text)
    while True:
        newline = text.find("\n", position)
        line_end = size if newline < 0 else newline
        if uniform or narrow.issuperset(text[position:line_end]):
            _wrap_uniform(text, position, line_end, width, starts, ends)
        else:
            _wrap_cells(text, position, line_end, width, starts, ends)
        if newline < 0:
            return
        position = newline + 1


def _wrap_uniform(
    text: str, position: int, line_end: int, width: int, starts: list[int], ends: list[int]
) -> None:
    """Wrap one hard line whose characters are all one cell wide."""
    emitted = False
    rfind = text.rfind
    while line_end - position > width:
        space = rfind(" ", position + 1, position + width + 1)
        if space > 0:
            end = space
            after = space + 1
            while after < line_end and text[after] == " ":
                after += 1
        else:
            end = after = position + width
        starts.append(position)
        ends.append(end)
        emitted = True
        position = after
    if position < line_end or not emitted:
        starts.append(position)
        ends.append(line_end)


def _wrap_cells(
    text: str, position: int, line_end: int, width: int, starts: list[int], ends: list[int]
) -> None:
    """Wrap one hard line with wide or zero-width characters, measuring each word."""
    line_start = position
    content_end = position
    used = 0
    for word in _WORD.finditer(text, position, line_end):
        word_start, word_end = word.span()
        word_width = cell_len(word.group())
        gap = word_start - content_end
        if used + gap + word_width <= width:
            used += gap + word_width
            content_end = word_end
            continue
        if content_end > line_start:
            starts.append(line_start)
            ends.append(content_end)
        line_start = content_end = word_start
        used = 0
        if word_width <= width:
            used = word_width
            content_end = word_end
            continue
        # A word wider than the line: cut it where the cells run out.
        piece_start = word_start
        for index in range(word_start, word_end):
            char_width = cell_len(text[index])
            if used + char_width > width and index > piece_start:
                starts.append(piece_start)
                ends.append(index)
                piece_start = index
                used = 0
            used += char_width
        line_start = piece_start
        content_end = word_end
    starts.append(line_start)
    ends.append(content_end)


# ---------------------------------------------------------------------------
# The widget


@dataclass(slots=True)
class _Block:
    """One run of display text: a title, a meta line, a heading, a caption, a paragraph."""

    text: str
    style: str  # component class, "" for body text
    section: int  # index into document.sections; -1 for the document header
    part: str  # "title" / "text" when matches can land here, else ""
    origin: int  # offset of the block's first character in the section title / text
    length: int  # length of that source
    shift: Shift | None
    gap: bool  # a blank line before it


class _ReaderMessage(Message):
    reader: "Reader | None" = None

    @property
    def control(self) -> "Reader | None":
        return self.reader


_UNSET = object()


class Reader(ScrollView, can_focus=True, inherit_bindings=False):
    """A document, wrapped to the pane and read with `less`/`vim` keys.

    The text column is the pane width less a one-cell margin each side, capped at
    `MEASURE` cells and centred in wider panes.
    """

    ALLOW_SELECT = False  # the terminal's own selection stays usable (no mouse capture here)

    DEFAULT_CSS = """
    Reader {
        overflow-x: hidden;
        overflow-y: scroll;
    }
    """
    """Structural only: the widget wraps to its width, so it never scrolls sideways,
    and the vertical scrollbar is always there so the width does not change (and the
    text re-wrap) when a document becomes longer than the pane."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "reader--title",
        "reader--meta",
        "reader--heading-1",
        "reader--heading-2",
        "reader--caption",
        "reader--match",
        "reader--current-match",
        "reader--placeholder",
    }

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down,j", "line_down", "Down", id="reader.down", show=False),
        Binding("up,k", "line_up", "Up", id="reader.up", show=False),
        Binding("space,pagedown,f", "page_down", "Page down", id="reader.page_down", show=False),
        Binding("pageup,b", "page_up", "Page up", id="reader.page_up", show=False),
        Binding("ctrl+d", "half_page_down", "Half page down", id="reader.half_page_down", show=False),
        Binding("ctrl+u", "half_page_up", "Half page up", id="reader.half_page_up", show=False),
        Binding("home,g", "top", "Top", id="reader.top", show=False),
        Binding("end,G", "bottom", "Bottom", id="reader.bottom", show=False),
        Binding("right_square_bracket", "next_section", "Next section", id="reader.next_section", key_display="]"),
        Binding(
            "left_square_bracket",
            "previous_section",
            "Previous section",
            id="reader.previous_section",
            key_display="[",
            show=False,
        ),
        Binding("slash", "find", "Find", id="reader.find", key_display="/"),
        Binding("n", "next_match", "Next match", id="reader.next_match"),
        Binding("N", "previous_match", "Previous match", id="reader.previous_match", show=False),
        Binding("escape", "clear_find", "Clear find", id="reader.clear_find", show=False),
    ]

    placeholder: str = PLACEHOLDER
    """The hint shown while no document is open."""

    class SectionChanged(_ReaderMessage):
        """The section at the top of the viewport changed (the outline follows it)."""

        def __init__(self, section_id: str | None) -> None:
            self.section_id = section_id
            super().__init__()

    class MatchMoved(_ReaderMessage):
        """The current match or the number of matches changed ("3/14" follows it)."""

        def __init__(self, index: int, total: int) -> None:
            self.index = index
            self.total = total
            super().__init__()

    class PastLastMatch(_ReaderMessage):
        """`n` found no match below: the screen may carry on into the next document."""

    class PastFirstMatch(_ReaderMessage):
        """`N` found no match above: the screen may carry on into the previous document."""

    class FindRequested(_ReaderMessage):
        """The user pressed `/`: the screen shows the find bar."""

    def __init__(
        self,
        *,
        placeholder: str | None = None,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
        disabled: bool = False,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes, disabled=disabled)
        if placeholder is not None:
            self.placeholder = placeholder
        self._document: Document | None = None
        self._blocks: list[_Block] = []
        self._section_first_block: list[int] = []
        self._heading_block: dict[int, int] = {}
        self._text_blocks: dict[int, list[int]] = {}
        self._text_origins: dict[int, list[int]] = {}
        # Layout, one entry per visual line.
        self._line_block: list[int] = []
        self._line_start: list[int] = []
        self._line_end: list[int] = []
        self._block_lines: list[tuple[int, int]] = []
        self._section_line: list[int] = []
        self._column = 0  # width the layout was wrapped at, 0 when not laid out
        self._left = 1
        # Matches: the query's (the base set) and, while a find is active, the find's.
        self._base_matches: MatchSpans | None = None
        self._base_label = ""
        self._match_label = ""
        self._find_text = ""
        # Matches are kept as source offsets in document order (section, title before
        # text, start) and placed on lines only when drawn or visited, so that a find
        # with a hundred thousand hits in a large document still answers at once.
        self._match_starts: list[int] = []
        self._match_ends: list[int] = []
        self._match_bounds: list[int] = [0]  # section s: title [2s, 2s+1), text [2s+1, 2s+2)
        self._match_line_cache: dict[int, int] = {}
        self._current: int | None = None
        self._announced_match: tuple[int, int] = (0, 0)
        self._announced_section: object = _UNSET
        self._pending: tuple[int | None, str | None] | None = None
        self._strips: LRUCache[int, Strip] = LRUCache(1024)
        self.set_class(True, "-empty")

    # ------------------------------------------------------------------ public API

    @property
    def document(self) -> Document | None:
        """The document on show, or None while the placeholder is."""
        return self._document

    @property
    def match_label(self) -> str:
        """What the current match set is ("find" for the reader's own find, else the label given)."""
        return self._match_label

    @property
    def find_text(self) -> str:
        """The text of the active in-document find, "" when none is active."""
        return self._find_text

    def show(
        self,
        document: Document | None,
        *,
        section_id: str | None = None,
        matches: MatchSpans | None = None,
        scroll_y: int | None = None,
    ) -> None:
        """Display a document (None brings the placeholder back).

        ``scroll_y`` restores a remembered position and wins over ``section_id``, which
        puts that section's heading at the top; otherwise the top of the document.
        With both ``matches`` and ``section_id``, the first match of that section is
        made current, scrolling only if it is not on screen with the heading.
        """
        if document is not self._document:
            self._document = document
            self._build_blocks()
            self._column = 0
            self._announced_section = _UNSET  # a new outline wants to hear, even of "lead"
        self.set_class(document is None, "-empty")
        self._base_matches = matches
        self._base_label = self._match_label = ""
        self._find_text = ""
        self._pending = (scroll_y, section_id)
        self._install_matches(matches)
        self._layout()

    def set_matches(self, matches: MatchSpans | None, *, label: str = "") -> int:
        """Replace the match set (ending any find); returns how many are highlighted."""
        self._base_matches = matches
        self._base_label = self._match_label = label
        self._find_text = ""
        self._install_matches(matches)
        self._after_matches_changed()
        return self._match_count

    def clear_matches(self) -> None:
        """Remove every highlight, the query's included."""
        self.set_matches(None)

    def find(self, text: str) -> int:
        """Find ``text`` (case-insensitively) in the section titles and texts.

        The first match at or below the top of the viewport becomes current (the
        first of the document if there is none below) and is scrolled into view.
        Empty text ends the find and brings back the match set it replaced (the
        query's highlights). Returns the number of matches found.
        """
        document = self._document
        if document is None:
            return 0
        if not text:
            if self._find_text:
                self._restore_base_matches()
            return 0
        needle = text.casefold()
        found: dict[int, tuple[list[int], list[int], list[int], list[int]]] = {}
        for index, section in enumerate(document.sections):
            title = _find_folded(section.title, needle) if index in self._heading_block else ([], [])
            body = _find_folded(section.text, needle)
            if title[0] or body[0]:
                found[index] = (*title, *body)
        self._find_text = text
        self._match_label = "find"
        self._fill_matches(found)
        if self._match_count and self._column:
            index = self._first_match_at_line(self._top())
            self._current = index if index < self._match_count else 0
            self._reveal(self._current)
        elif self._match_count:
            self._current = 0
        self._after_matches_changed()
        return self._match_count

    def next_match(self) -> bool:
        """Make the next match current and scroll it into view.

        "Next" counts from the current match while it is on screen, else from the top
        of the viewport (as `less` does after scrolling). Posts `PastLastMatch` and
        returns False when there is none.
        """
        if self._current is not None and self._on_screen(self._match_line(self._current)):
            target = self._current + 1
        else:
            target = self._first_match_at_line(self._top())
        if target >= self._match_count:
            self._post(self.PastLastMatch())
            return False
        self._go_to_match(target)
        return True

    def previous_match(self) -> bool:
        """Like `next_match`, upwards; posts `PastFirstMatch` when there is none."""
        if self._current is not None and self._on_screen(self._match_line(self._current)):
            target = self._current - 1
        else:
            target = self._first_match_at_line(self._top() + self._viewport_height()) - 1
        if target < 0 or not self._match_count:
            self._post(self.PastFirstMatch())
            return False
        self._go_to_match(target)
        return True

    def first_match(self) -> bool:
        """Make the first match current (after opening the next document with `n`)."""
        if not self._match_count:
            return False
        self._go_to_match(0)
        return True

    def last_match(self) -> bool:
        """Make the last match current (after opening the previous document with `N`)."""
        if not self._match_count:
            return False
        self._go_to_match(self._match_count - 1)
        return True

    @property
    def match_position(self) -> tuple[int, int]:
        """(1-based index of the current match or 0, number of matches)."""
        return (0 if self._current is None else self._current + 1, self._match_count)

    def scroll_to_section(self, section_id: str) -> None:
        """Put the section's heading at the top (the lead: the top of the document)."""
        document = self._document
        if document is None:
            return
        if not self._column:
            self._pending = (None, section_id)
            return
        for index, section in enumerate(document.sections):
            if section.id == section_id:
                self._scroll_to_line(self._section_line[index])
                return

    def next_section(self) -> None:
        """Bring the next section's heading to the top."""
        index = bisect_right(self._section_line, self._top())
        if index < len(self._section_line):
            self._scroll_to_line(self._section_line[index])

    def previous_section(self) -> None:
        """Bring the previous heading above the top of the viewport to the top."""
        index = bisect_left(self._section_line, self._top()) - 1
        if index >= 0:
            self._scroll_to_line(self._section_line[index])

    @property
    def current_section_id(self) -> str | None:
        """The section whose text is at the top of the viewport."""
        document = self._document
        if document is None or not document.sections or not self._section_line:
            return None
        index = bisect_right(self._section_line, self._top()) - 1
        return document.sections[max(index, 0)].id

    def section_text(self, section_id: str | None = None) -> str:
        """The plain source text of a section (default: the current one), for copying.

        This is the document's own text, unsanitized: it goes to the clipboard
        (base64 in OSC 52), not to the screen.
        """
        document = self._document
        if document is None:
            return ""
        section = document.section(section_id or self.current_section_id or "")
        if section is None:
            return ""
        return f"{section.title}\n\n{section.text}" if section.title else section.text

    # ------------------------------------------------------------------ actions

    def action_line_down(self) -> None:
        self._scroll_to_line(self._top() + 1)

    def action_line_up(self) -> None:
        self._scroll_to_line(self._top() - 1)

    def action_page_down(self) -> None:
        self._scroll_to_line(self._top() + self._viewport_height())

    def action_page_up(self) -> None:
        self._scroll_to_line(self._top() - self._viewport_height())

    def action_half_page_down(self) -> None:
        self._scroll_to_line(self._top() + max(1, self._viewport_height() // 2))

    def action_half_page_up(self) -> None:
        self._scroll_to_line(self._top() - max(1, self._viewport_height() // 2))

    def action_top(self) -> None:
        self._scroll_to_line(0)

    def action_bottom(self) -> None:
        self._scroll_to_line(self.max_scroll_y)

    def action_next_section(self) -> None:
        self.next_section()

    def action_previous_section(self) -> None:
        self.previous_section()

    def action_find(self) -> None:
        self._post(self.FindRequested())

    def action_next_match(self) -> None:
        self.next_match()

    def action_previous_match(self) -> None:
        self.previous_match()

    def action_clear_find(self) -> None:
        """Escape ends a find; with no find active it belongs to whoever is above."""
        if not self._find_text:
            raise SkipAction()
        self._restore_base_matches()

    # ------------------------------------------------------------------ blocks

    def _build_blocks(self) -> None:
        """Cut the document into display blocks; independent of the width."""
        blocks: list[_Block] = []
        self._blocks = blocks
        self._section_first_block = []
        self._heading_block = {}
        self._text_blocks = {}
        self._text_origins = {}
        document = self._document
        if document is None:
            return

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
            text, shift = _display(source, multiline=multiline)
            blocks.append(_Block(text, style, section, part, origin, len(source), shift, gap))
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
            self._section_first_block.append(len(blocks))
            if section.title:
                style = "reader--heading-1" if section.level <= 1 else "reader--heading-2"
                self._heading_block[index] = add(section.title, style, section=index, part="title")
            for caption in captions.get(section.id, ()):
                add(caption, "reader--caption", section=index)
            text_blocks: list[int] = []
            origins: list[int] = []
            text = section.text
            for start, end in _paragraphs(text):
                text_blocks.append(
                    add(text[start:end], "", section=index, part="text", origin=start, multiline=True)
                )
                origins.append(start)
            self._text_blocks[index] = text_blocks
            self._text_origins[index] = origins

    # ------------------------------------------------------------------ layout

    def _text_width(self) -> int:
        return self.scrollable_content_region.width

    def _viewport_height(self) -> int:
        return max(1, self.scrollable_content_region.height)

    def _top(self) -> int:
        return round(self.scroll_y)

    def _layout(self) -> None:
        """Wrap to the current width (if it changed), then apply a pending position."""
        width = self._text_width()
        if self._document is None:
            self._pending = None
            self._line_block, self._line_start, self._line_end = [], [], []
            self._section_line = []
            self.virtual_size = Size(max(0, width), 0)
            self._scroll_to_line(0)
        if width <= 0 or self._document is None:
            self._strips.clear()
            self.refresh()
            self._announce_match()
            self._announce_section()
            return  # not sized yet: laid out on the first resize
        column = max(1, min(width - 2, MEASURE))
        self._left = max(1, (width - column) // 2) if width > 2 else 0
        if column != self._column:
            anchor = self._anchor() if self._pending is None and self._column else None
            self._wrap(column)
            self._match_line_cache.clear()
            self._update_virtual_size()
            if anchor is not None:
                self._scroll_to_line(self._line_of_anchor(anchor))
        else:
            self._update_virtual_size()
        self._strips.clear()
        if self._pending is not None:
            scroll_y, section_id = self._pending
            self._pending = None
            self._apply_position(scroll_y, section_id)
        self.refresh()
        self._announce_match()
        self._announce_section()

    def _wrap(self, column: int) -> None:
        line_block: list[int] = []
        starts: list[int] = []
        ends: list[int] = []
        block_lines: list[tuple[int, int]] = []
        for index, block in enumerate(self._blocks):
            if block.gap and starts:
                line_block.append(-1)
                starts.append(0)
                ends.append(0)
            first = len(starts)
            _wrap_into(block.text, column, starts, ends)
            line_block.extend([index] * (len(starts) - first))
            block_lines.append((first, len(starts)))
        self._line_block = line_block
        self._line_start = starts
        self._line_end = ends
        self._block_lines = block_lines
        total = len(starts)
        section_line = [
            block_lines[first][0] if first < len(block_lines) else total
            for first in self._section_first_block
        ]
        if section_line:
            section_line[0] = 0  # the header belongs to the first section
        self._section_line = section_line
        self._column = column

    def _update_virtual_size(self) -> None:
        """Lines of the document, plus room for the last heading to reach the top.

        Without that room `]` could not bring a short last section to the top, and
        the outline would never show it as the section being read.
        """
        height = len(self._line_start)
        if len(self._section_line) > 1:
            height = max(height, self._section_line[-1] + self._viewport_height())
        self.virtual_size = Size(self._text_width(), height)

    def _anchor(self) -> tuple[int, int] | None:
        """The text at the top of the viewport, as (block, display offset)."""
        top = self._top()
        for line in range(top, len(self._line_block)):
            block = self._line_block[line]
            if block >= 0:
                return block, self._line_start[line] if line == top else -1
        return None

    def _line_of_anchor(self, anchor: tuple[int, int]) -> int:
        block, offset = anchor
        if offset < 0:
            return max(0, self._block_lines[block][0] - 1)
        return self._line_of(block, offset)

    def _line_of(self, block: int, offset: int) -> int:
        first, stop = self._block_lines[block]
        return max(first, bisect_right(self._line_start, offset, first, stop) - 1)

    def _apply_position(self, scroll_y: int | None, section_id: str | None) -> None:
        document = self._document
        if document is None:
            return
        if scroll_y is not None:
            self._scroll_to_line(scroll_y)
            return
        if section_id is None:
            self._scroll_to_line(0)
            return
        self.scroll_to_section(section_id)
        for index, section in enumerate(document.sections):
            if section.id == section_id:
                first = self._match_bounds[2 * index]
                if first < self._match_bounds[2 * index + 2]:
                    self._current = first
                    self._reveal(first)
                break

    def _scroll_to_line(self, line: int) -> None:
        """Jump, never animate: over SSH every animation frame is a redraw to send."""
        if self.is_mounted:
            self.scroll_to(y=max(0, line), animate=False, force=True)

    def _on_screen(self, line: int) -> bool:
        top = self._top()
        return top <= line < top + self._viewport_height()

    def on_resize(self, event: Resize) -> None:
        if self._document is None:
            self._strips.clear()
            self.refresh()
            return
        self._layout()

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        self._announce_section()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._strips.clear()

    # ------------------------------------------------------------------ matches

    @property
    def _match_count(self) -> int:
        return len(self._match_starts)

    def _install_matches(self, matches: MatchSpans | None) -> None:
        """Take the engine's spans: clipped, deduplicated, in document order.

        Title spans of a section without a heading on screen (the lead) are dropped:
        a match the reader cannot see is not counted.
        """
        found: dict[int, tuple[list[int], list[int], list[int], list[int]]] = {}
        document = self._document
        if document is not None and matches:
            positions = {section.id: index for index, section in enumerate(document.sections)}
            spans: dict[int, tuple[set[tuple[int, int]], set[tuple[int, int]]]] = {}
            for section_id, section_spans in matches.items():
                index = positions.get(section_id)
                if index is None:
                    continue
                section = document.sections[index]
                title, text = spans.setdefault(index, (set(), set()))
                for part, start, end in section_spans:
                    if part == "title" and index in self._heading_block:
                        target, limit = title, len(section.title)
                    elif part == "text":
                        target, limit = text, len(section.text)
                    else:
                        continue
                    start, end = max(0, int(start)), min(limit, int(end))
                    if end > start:
                        target.add((start, end))
            for index, (title, text) in spans.items():
                title_spans, text_spans = sorted(title), sorted(text)
                found[index] = (
                    [span[0] for span in title_spans],
                    [span[1] for span in title_spans],
                    [span[0] for span in text_spans],
                    [span[1] for span in text_spans],
                )
        self._fill_matches(found)

    def _fill_matches(
        self, found: dict[int, tuple[list[int], list[int], list[int], list[int]]]
    ) -> None:
        """Replace the match set: per section index, title starts/ends and text starts/ends."""
        starts: list[int] = []
        ends: list[int] = []
        bounds: list[int] = []
        sections = self._document.sections if self._document is not None else ()
        for index in range(len(sections)):
            spans = found.get(index)
            bounds.append(len(starts))
            if spans:
                starts.extend(spans[0])
                ends.extend(spans[1])
            bounds.append(len(starts))
            if spans:
                starts.extend(spans[2])
                ends.extend(spans[3])
        bounds.append(len(starts))
        self._match_starts = starts
        self._match_ends = ends
        self._match_bounds = bounds
        self._match_line_cache.clear()
        self._current = None
        self._strips.clear()
        self.refresh()

    def _match_range(self, block: _Block) -> tuple[int, int]:
        """The indexes of the matches that may fall in a block."""
        if block.section < 0 or not block.part:
            return 0, 0
        first = 2 * block.section + (0 if block.part == "title" else 1)
        return self._match_bounds[first], self._match_bounds[first + 1]

    def _match_line(self, index: int) -> int:
        """The visual line where match ``index`` starts."""
        line = self._match_line_cache.get(index)
        if line is not None:
            return line
        if not self._column:
            return 0
        position = bisect_right(self._match_bounds, index) - 1
        section, part = divmod(position, 2)
        start = self._match_starts[index]
        if part == 0:
            candidates = [self._heading_block[section]]
        else:
            candidates = self._text_blocks.get(section, [])
            origins = self._text_origins[section]
            at = max(0, bisect_right(origins, start) - 1)
            candidates = candidates[at : at + 2]
        line = self._section_line[section]
        for block_index in candidates:
            block = self._blocks[block_index]
            if start < block.origin + block.length or block_index == candidates[-1]:
                offset = min(max(start - block.origin, 0), block.length)
                line = self._line_of(block_index, _to_display(block.shift, offset))
                break
        self._match_line_cache[index] = line
        return line

    def _first_match_at_line(self, line: int) -> int:
        """Index of the first match that starts on ``line`` or below (the count if none)."""
        total = self._match_count
        lines = len(self._line_block)
        while line < lines and self._line_block[line] < 0:
            line += 1
        if line >= lines:
            return total
        block = self._blocks[self._line_block[line]]
        if block.section < 0:
            return 0
        if not block.part:  # a caption: the section's text comes next
            return self._match_bounds[2 * block.section + 1]
        low, high = self._match_range(block)
        source = block.origin + _to_source(block.shift, self._line_start[line], block.length)
        return bisect_left(self._match_starts, source, low, high)

    def _go_to_match(self, index: int) -> None:
        self._current = index
        self._reveal(index)
        self._strips.clear()
        self.refresh()
        self._announce_match()

    def _reveal(self, index: int) -> None:
        """Scroll a match into view with a few lines of context above, if it is not on screen."""
        line = self._match_line(index)
        if not self._on_screen(line):
            context = min(CONTEXT, self._viewport_height() // 4)
            self._scroll_to_line(line - context)

    def _restore_base_matches(self) -> None:
        self._find_text = ""
        self._match_label = self._base_label
        self._install_matches(self._base_matches)
        self._after_matches_changed()

    def _after_matches_changed(self) -> None:
        self._strips.clear()
        self.refresh()
        self._announce_match()

    # ------------------------------------------------------------------ messages

    def _post(self, message: _ReaderMessage) -> None:
        message.reader = self
        self.post_message(message)

    def _announce_match(self) -> None:
        position = self.match_position
        if position != self._announced_match:
            self._announced_match = position
            self._post(self.MatchMoved(*position))

    def _announce_section(self) -> None:
        if self._document is not None and not self._column:
            return
        section_id = self.current_section_id
        if section_id != self._announced_section:
            self._announced_section = section_id
            self._post(self.SectionChanged(section_id))

    # ------------------------------------------------------------------ rendering

    def _style(self, name: str) -> Style:
        """A component's style over the pane's own background.

        The full component style has its colour blended properly (``$text-muted`` is
        translucent); the pane's style brings the background, focus tint included.
        """
        full = self.get_component_rich_style(name)
        partial = self.get_component_rich_style(name, partial=True)
        return self.rich_style + partial + Style.from_color(full.color)

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        if self._document is None or not self._column:
            return self._placeholder_line(y, width)
        line = self._top() + y
        strip = self._strips.get(line)
        if strip is None or strip.cell_length != width:
            strip = self._render_document_line(line, width)
            self._strips[line] = strip
        return strip

    def _render_document_line(self, line: int, width: int) -> Strip:
        base = self.rich_style
        if line >= len(self._line_block) or self._line_block[line] < 0:
            return Strip.blank(width, base)
        block_index = self._line_block[line]
        block = self._blocks[block_index]
        start = self._line_start[line]
        end = self._line_end[line]
        text = block.text
        style = self._style(block.style) if block.style else base
        segments = [Segment(" " * self._left, base)] if self._left else []
        highlights = self._highlights_in(block, start, end)
        if highlights:
            match_style = style + self.get_component_rich_style("reader--match", partial=True)
            current_style = style + self.get_component_rich_style(
                "reader--current-match", partial=True
            )
            position = start
            for span_start, span_end, number in highlights:
                if span_start >= end:
                    break
                if span_end <= position:
                    continue
                span_start = max(span_start, position)
                span_end = min(span_end, end)
                if span_start > position:
                    segments.append(Segment(text[position:span_start], style))
                segments.append(
                    Segment(
                        text[span_start:span_end],
                        current_style if number == self._current else match_style,
                    )
                )
                position = span_end
            if position < end:
                segments.append(Segment(text[position:end], style))
        else:
            segments.append(Segment(text[start:end], style))
        used = self._left + _cells(text[start:end])
        if used < width:
            segments.append(Segment(" " * (width - used), base))
        strip = Strip(segments, max(used, width))
        return strip.crop(0, width) if used > width else strip

    def _highlights_in(self, block: _Block, start: int, end: int) -> list[tuple[int, int, int]]:
        """(display start, display end, match index) of the matches on part of a block."""
        low, high = self._match_range(block)
        if low >= high or end <= start:
            return []
        starts, ends = self._match_starts, self._match_ends
        source_low = block.origin + _to_source(block.shift, start, block.length)
        source_high = block.origin + _to_source(block.shift, end, block.length)
        index = bisect_left(starts, source_low, low, high)
        while index > low and ends[index - 1] > source_low:
            index -= 1
        spans = []
        shift, origin, length = block.shift, block.origin, block.length
        while index < high and starts[index] < source_high:
            span_start = max(start, _to_display(shift, max(starts[index] - origin, 0)))
            span_end = min(end, _to_display(shift, min(ends[index] - origin, length)))
            if span_end > span_start:
                spans.append((span_start, span_end, index))
            index += 1
        return spans

    def _placeholder_line(self, y: int, width: int) -> Strip:
        base = self.rich_style
        hint = visible(self.placeholder)
        column = max(1, min(width - 2, MEASURE))
        pieces = wrap_offsets(hint, column)
        first = max(0, (self._viewport_height() - len(pieces)) // 2)
        if width <= 0 or not first <= y < first + len(pieces):
            return Strip.blank(width, base)
        start, end = pieces[y - first]
        text = hint[start:end]
        used = _cells(text)
        left = max(0, (width - used) // 2)
        segments = [
            Segment(" " * left, base),
            Segment(text, self._style("reader--placeholder")),
            Segment(" " * max(0, width - left - used), base),
        ]
        return Strip(segments, max(width, left + used)).crop(0, width)


def _find_folded(source: str, needle: str) -> tuple[list[int], list[int]]:
    """Starts and ends of the non-overlapping case-insensitive (casefold) occurrences."""
    if not source or not needle:
        return [], []
    folded = source.casefold()
    size = len(needle)
    find = folded.find
    starts: list[int] = []
    position = find(needle)
    while position >= 0:
        starts.append(position)
        position = find(needle, position + size)
    if len(folded) == len(source):
        return starts, [start + size for start in starts]
    # Folding changed lengths ("ß" -> "ss"): map folded offsets back to the source.
    owners: list[int] = []
    for index, char in enumerate(source):
        owners.extend([index] * len(char.casefold()))
    return [owners[start] for start in starts], [owners[start + size - 1] + 1 for start in starts]
