"""The document reading pane: the `Reader` widget.

A `Reader` shows one `Document` as a column of wrapped text and is where a reader
spends most of their time, often over SSH in an 80x24 terminal. It is a Line API
widget (like toolong's log view), and, like toolong, it keeps its model in plain
modules beside it: the document is cut into `Blocks` once (each block's display
text made safe once), a `Layout` wraps them to the column storing only
``(block, start, end)`` per visual line, and `Matches` holds the match set and its
cursor. This module only turns those into Segments, for a line only when the
terminal asks for it, so a multi-megabyte document opens as fast as a short one
and scrolling costs the same anywhere in it; and it turns keys into scrolling.

Links are followed from the keyboard, as in w3m and lynx: Tab and Shift+Tab select
the next and previous link (``links.py`` numbers them), the selected one drawn
reversed; Enter asks the screen to follow it (`FollowLink`): where a link leads is
the engine's to say, not the reader's.

Blocks the document marked are drawn their own way: a code block on its own
background, indented, its cut lines marked ("↩" at the right edge, "↪" in the
gutter of the line that carries on) and its tokens coloured from Rich's ANSI
themes; a list item indented by depth with its wrapped lines hanging after the
marker; a quote behind a bar; a table as ``table.py`` lays it out. Each visual
line's styles are laid over one another (``spans.layered``): the block's, its
inline code and links, syntax, then matches, so a match is exact wherever it is.

Document text is data, never markup: every string that reaches a `Segment` has been
through `tui.sanitize.visible` / `visible_block` (in `blocks.py`, and here for the
placeholder), and it is put in a Segment as plain text (no Rich markup parsing, no
console control codes).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from typing import ClassVar

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
from tui.sanitize import visible

from .blocks import Block, Blocks
from .code import token_style, tokens
from .layout import Anchor, Layout
from .links import Links
from .matches import Matches, MatchSpans
from .prepared import Prepared
from .spans import layered
from .wrap import cells, wrap_offsets

__all__ = ["CONTEXT", "MEASURE", "PLACEHOLDER", "Reader"]

MEASURE = 100
"""Widest text column, in cells: longer lines are hard to follow back to their start."""

CONTEXT = 3
"""Lines kept above a match scrolled into view, so it is read in its sentence."""

WRAP_IN_WORKER_ABOVE = 20_000
"""Blocks past which a document is wrapped in a thread, not while keys wait."""

PLACEHOLDER = "Open a document: type a query, or pick one from the library"

CONTINUED = "↪"
"""In a code block's gutter: this visual line carries on the line above (it was cut)."""
CUT = "↩"
"""At a code block's right edge: this line was cut here and carries on below."""
QUOTE_BAR = "▌"


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
        "reader--code",
        "reader--icode",
        "reader--link",
        "reader--link-selected",
        "reader--table-header",
        "reader--table-rule",
        "reader--quote",
        "reader--quote-bar",
        "reader--term",
    }

    BINDINGS: ClassVar[list[BindingType]] = [
        # less and vim: Ctrl+e / Ctrl+y a line, Ctrl+f / Ctrl+b a page, besides j, k, Space, b.
        Binding("down,j,ctrl+e", "line_down", "Down", id="reader.down", show=False),
        Binding("up,k,ctrl+y", "line_up", "Up", id="reader.up", show=False),
        Binding("space,pagedown,f,ctrl+f", "page_down", "Page down", id="reader.page_down", show=False),
        Binding("pageup,b,ctrl+b", "page_up", "Page up", id="reader.page_up", show=False),
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
        # Tab and Shift+Tab walk the links (as in w3m and lynx) while the reader has the
        # focus; the digits still move the focus between panes.
        Binding("tab", "next_link", "Next link (stays at the last)", id="reader.next_link", show=False),
        Binding(
            "shift+tab", "previous_link", "Previous link (stays at the first)", id="reader.previous_link", show=False
        ),
        Binding("enter", "follow_link", "Follow the selected link", id="reader.follow_link", show=False),
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
        """`n` found no match below: the screen may carry on into the next document.

        Only for the query's matches (or none): a find typed with `/` wraps round
        within the document instead (`FindWrapped`)."""

    class PastFirstMatch(_ReaderMessage):
        """`N` found no match above: the screen may carry on into the previous document."""

    class FindWrapped(_ReaderMessage):
        """`n` past the last match of a find went on at the first (``at_top``), or `N`
        past the first went on at the last, as in vim; ``text`` says so in vim's words."""

        def __init__(self, at_top: bool) -> None:
            self.at_top = at_top
            super().__init__()

        @property
        def text(self) -> str:
            return "search hit BOTTOM, continuing at TOP" if self.at_top else "search hit TOP, continuing at BOTTOM"

    class FindRequested(_ReaderMessage):
        """The user pressed `/`: the screen shows the find bar."""

    class LinkSelected(_ReaderMessage):
        """The selected link changed: ``target`` as written (None: no link is selected now),
        ``index`` its 1-based number among the document's ``total`` links."""

        def __init__(self, target: str | None, index: int = 0, total: int = 0) -> None:
            self.target = target
            self.index = index
            self.total = total
            super().__init__()

    class NoLinkThere(_ReaderMessage):
        """Tab, Shift+Tab or Enter had no link to go to. ``where``: "none" (the document
        has no links), "last" (none after), "first" (none before) or "unselected"
        (Enter with no link selected)."""

        def __init__(self, where: str) -> None:
            self.where = where
            super().__init__()

    class FollowLink(_ReaderMessage):
        """Enter on the selected link: ``target`` exactly as the document wrote it, and
        ``section_id``, the section it is written in (the screen asks the engine where it leads)."""

        def __init__(self, target: str, section_id: str | None) -> None:
            self.target = target
            self.section_id = section_id
            super().__init__()

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
        self._blocks = Blocks()
        self._lines = Layout()
        """The blocks wrapped to the current column; empty until the width is known."""
        self._left = 1
        # Matches: the query's (the base set) and, while a find is active, the find's.
        self._base_matches: MatchSpans | None = None
        self._base_label = ""
        self._match_label = ""
        self._find_text = ""
        self._matches = Matches()
        self._announced_match: tuple[int, int] = (0, 0)
        self._announced_section: object = _UNSET
        self._pending: tuple[int | None, str | None] | None = None
        self._wrapping: tuple[int, int] | None = None  # (id of the blocks, column) a worker is wrapping
        self._strips: LRUCache[int, Strip] = LRUCache(1024)
        self._links: Links | None = None  # made on the first Tab, for the blocks on show
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
        prepared: Prepared | None = None,
    ) -> None:
        """Display a document (None brings the placeholder back).

        ``scroll_y`` restores a remembered position and wins over ``section_id``, which
        puts that section's heading at the top; otherwise the top of the document.
        With both ``matches`` and ``section_id``, the first match of that section is
        made current, scrolling only if it is not on screen with the heading.
        ``prepared`` is this document made ready by a worker (``prepared.prepare``):
        its blocks, layout and matches are used instead of computed here.
        """
        if prepared is not None and prepared.document is not document:
            prepared = None
        if document is not self._document:
            self.clear_link()
            self._document = document
            self._blocks = prepared.blocks if prepared is not None else Blocks.of(document)
            self._lines = prepared.layout if prepared is not None else Layout()
            self._links = None
            self._announced_section = _UNSET  # a new outline wants to hear, even of "lead"
        self.set_class(document is None, "-empty")
        self._base_matches = matches
        self._base_label = self._match_label = ""
        self._find_text = ""
        self._pending = (scroll_y, section_id)
        if prepared is not None and prepared.blocks is self._blocks and prepared.spans is matches:
            self._set_match_set(prepared.matches)
        else:
            self._install_matches(matches)
        self._layout()

    @property
    def laid_out(self) -> bool:
        """Whether the document is wrapped to the pane's width (not while a thread still wraps it)."""
        return self._document is not None and bool(self._lines) and self._lines.column == self.text_column

    @property
    def text_column(self) -> int:
        """The width text is wrapped to now, in cells (0 before the first layout)."""
        width = self._text_width()
        return max(1, min(width - 2, MEASURE)) if width > 0 else 0

    def set_matches(self, matches: MatchSpans | None, *, label: str = "") -> int:
        """Replace the match set (ending any find); returns how many are highlighted."""
        self._base_matches = matches
        self._base_label = self._match_label = label
        self._find_text = ""
        self._install_matches(matches)
        self._after_matches_changed()
        return len(self._matches)

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
        self._find_text = text
        self._match_label = "find"
        self._set_match_set(Matches.find(text, document, self._blocks))
        matches = self._matches
        if matches.count and self._lines:
            index = matches.first_at_line(self._top(), self._lines)
            matches.current = index if index < matches.count else 0
            self._reveal(matches.current)
        elif matches.count:
            matches.current = 0
        self._after_matches_changed()
        return matches.count

    def next_match(self) -> bool:
        """Make the next match current and scroll it into view.

        "Next" counts from the current match while it is on screen, else from the top
        of the viewport (as `less` does after scrolling). Past the last match of a
        find (`/`) it wraps round to the first, as vim does, and posts `FindWrapped`.
        Past the last of the query's matches (or with none) it posts `PastLastMatch`
        and returns False: the screen decides what follows (the next result).
        """
        target = self._matches.next_from(self._top(), self._viewport_height(), self._lines)
        if target is None:
            if self._wrap_find(at_top=True):
                return True
            self._post(self.PastLastMatch())
            return False
        self._go_to_match(target)
        return True

    def previous_match(self) -> bool:
        """Like `next_match`, upwards: a find wraps round to the last match
        (`FindWrapped`); otherwise posts `PastFirstMatch` when there is none above."""
        target = self._matches.previous_from(self._top(), self._viewport_height(), self._lines)
        if target is None:
            if self._wrap_find(at_top=False):
                return True
            self._post(self.PastFirstMatch())
            return False
        self._go_to_match(target)
        return True

    def _wrap_find(self, *, at_top: bool) -> bool:
        """Past an end of a find's matches: to the other end, said with `FindWrapped`."""
        if not self._find_text:
            return False
        target = self._matches.first() if at_top else self._matches.last()
        if target is None:
            return False  # the find found nothing: there is nowhere to wrap to
        self._go_to_match(target)
        self._post(self.FindWrapped(at_top))
        return True

    def first_match(self) -> bool:
        """Make the first match current (after opening the next document with `n`)."""
        target = self._matches.first()
        if target is None:
            return False
        self._go_to_match(target)
        return True

    def last_match(self) -> bool:
        """Make the last match current (after opening the previous document with `N`)."""
        target = self._matches.last()
        if target is None:
            return False
        self._go_to_match(target)
        return True

    @property
    def match_position(self) -> tuple[int, int]:
        """(1-based index of the current match or 0, number of matches)."""
        return self._matches.position

    def scroll_to_section(self, section_id: str) -> None:
        """Put the section's heading at the top (the lead: the top of the document)."""
        document = self._document
        if document is None:
            return
        if not self._lines:
            self._pending = (None, section_id)
            return
        for index, section in enumerate(document.sections):
            if section.id == section_id:
                self._scroll_to_line(self._lines.section_line[index])
                return

    def next_section(self) -> None:
        """Bring the next section's heading to the top."""
        line = self._lines.next_section_line(self._top())
        if line is not None:
            self._scroll_to_line(line)

    def previous_section(self) -> None:
        """Bring the previous heading above the top of the viewport to the top."""
        line = self._lines.previous_section_line(self._top())
        if line is not None:
            self._scroll_to_line(line)

    @property
    def current_section_id(self) -> str | None:
        """The section whose text is at the top of the viewport."""
        document = self._document
        if document is None or not document.sections:
            return None
        index = self._lines.section_at(self._top())
        return None if index is None else document.sections[index].id

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

    # -- links

    @property
    def selected_link(self) -> tuple[str, str | None] | None:
        """``(target as written, id of the section it is in)`` of the selected link, or None."""
        links = self._links
        if links is None or links.selected is None or self._document is None:
            return None
        section = links.section(links.selected)
        sections = self._document.sections
        section_id = sections[section].id if 0 <= section < len(sections) else None
        return links.target(links.selected), section_id

    def next_link(self) -> bool:
        """Select the next link (Tab), scrolling it into view; False when there is none.

        "Next" counts from the selected link while it is on screen, else from the top
        of the viewport (as `n` does for matches). At the last link the selection
        stays and `NoLinkThere("last")` is posted.
        """
        return self._step_link(+1)

    def previous_link(self) -> bool:
        """Select the previous link (Shift+Tab); at the first it stays (`NoLinkThere("first")`)."""
        return self._step_link(-1)

    def follow_link(self) -> bool:
        """Post `FollowLink` for the selected link (Enter); `NoLinkThere("unselected")` if none is."""
        selected = self.selected_link
        if selected is None:
            self._post(self.NoLinkThere("unselected"))
            return False
        self._post(self.FollowLink(*selected))
        return True

    def clear_link(self) -> None:
        """Select no link."""
        links = self._links
        if links is not None and links.selected is not None:
            links.selected = None
            self._strips.clear()
            self.refresh()
            self._post(self.LinkSelected(None))

    def _all_links(self) -> Links:
        links = self._links
        if links is None or links.blocks is not self._blocks:
            links = self._links = Links(self._blocks)
        return links

    def _step_link(self, step: int) -> bool:
        if self._document is None:
            raise SkipAction()  # nothing on show: the key keeps its other meaning (the focus moves)
        links = self._all_links()
        if not links:
            self._post(self.NoLinkThere("none"))
            return False
        lines = self._lines
        if not lines:
            return False  # not laid out yet: no line to count from
        top, height = self._top(), self._viewport_height()
        found = links.next_from(top, height, lines) if step > 0 else links.previous_from(top, height, lines)
        if found is None:
            self._post(self.NoLinkThere("last" if step > 0 else "first"))
            return False
        links.selected = found
        line = links.line_of(found, lines)
        if not self._on_screen(line):
            context = min(CONTEXT, height // 4)
            # Down: a few lines above it, the links after it below; up: the other way round.
            y = line - context if line >= top else line - height + 1 + context
            self.scroll_to(y=max(0, y), animate=False, force=True, immediate=True)
        self._strips.clear()
        self.refresh()
        self._post(self.LinkSelected(links.target(found), found + 1, len(links)))
        return True

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

    def action_next_link(self) -> None:
        self.next_link()

    def action_previous_link(self) -> None:
        self.previous_link()

    def action_follow_link(self) -> None:
        if self._document is None:
            raise SkipAction()
        self.follow_link()

    def action_clear_find(self) -> None:
        """Escape ends a find; with no find active it belongs to whoever is above."""
        if not self._find_text:
            raise SkipAction()
        self._restore_base_matches()

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
            self._lines = Layout()
            self.virtual_size = Size(max(0, width), 0)
            self._scroll_to_line(0)
        if width <= 0 or self._document is None:
            self._strips.clear()
            self.refresh()
            self._announce_match()
            self._announce_section()
            return  # not sized yet: laid out on the first resize
        column = self.text_column
        self._left = max(1, (width - column) // 2) if width > 2 else 0
        if column != self._lines.column:
            if len(self._blocks) > WRAP_IN_WORKER_ABOVE and self.is_mounted:
                self._wrap_in_worker(column)
                if self._lines:  # the layout a worker prepared at another width: shown meanwhile
                    self._update_virtual_size()
                    self._strips.clear()
                    self.refresh()
                return
            self._take_layout(Layout(self._blocks, column))
            return
        self._update_virtual_size()
        self._finish_layout()

    def _wrap_in_worker(self, column: int) -> None:
        """Wrap a big document in a thread; the old layout stays on screen meanwhile.

        Wrapping 200,000 paragraphs takes a second or more: on this thread it
        held every key (``q`` too) until it was done.
        """
        blocks = self._blocks
        if self._wrapping == (id(blocks), column):
            return
        self._wrapping = (id(blocks), column)

        def wrap() -> None:
            lines = Layout(blocks, column)
            try:
                self.app.call_from_thread(self._wrapped, blocks, lines)
            except RuntimeError:  # the app is closing: nothing left to show it on
                pass

        self.run_worker(wrap, thread=True, exclusive=True, group="reader-wrap", exit_on_error=False)

    def _wrapped(self, blocks: Blocks, lines: Layout) -> None:
        if self._wrapping == (id(blocks), lines.column):
            self._wrapping = None
        if blocks is not self._blocks:
            return  # another document came meanwhile
        if lines.column != self.text_column:
            self._layout()  # resized meanwhile: wrap again
            return
        self._take_layout(lines)

    def _take_layout(self, lines: Layout) -> None:
        """Show ``lines``, keeping the text at the top where it is (unless a position is pending)."""
        anchor: Anchor | None = None
        if self._pending is None and self._lines and self._lines.blocks is lines.blocks:
            anchor = self._lines.anchor(self._top())
        self._lines = lines
        self._update_virtual_size()
        if anchor is not None:
            self._scroll_to_line(self._lines.line_of_anchor(anchor))
        self._finish_layout()

    def _finish_layout(self) -> None:
        self._strips.clear()
        if self._pending is not None:
            scroll_y, section_id = self._pending
            self._pending = None
            self._apply_position(scroll_y, section_id)
        self.refresh()
        self._announce_match()
        self._announce_section()

    def _update_virtual_size(self) -> None:
        """The document's lines, and room for the last heading to reach the top (see `Layout`)."""
        self.virtual_size = Size(self._text_width(), self._lines.scroll_height(self._viewport_height()))

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
                first = self._matches.first_in_section(index)
                if first is not None:
                    self._matches.current = first
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
        links = self._links
        if links is not None and links.selected is not None and self._lines:
            if not self._on_screen(links.line_of(links.selected, self._lines)):
                self.clear_link()  # scrolled away by other keys: the selection goes with the screen

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._strips.clear()

    # ------------------------------------------------------------------ matches

    def _install_matches(self, matches: MatchSpans | None) -> None:
        """Take the engine's spans (see `Matches.from_spans`)."""
        self._set_match_set(Matches.from_spans(matches, self._document, self._blocks))

    def _set_match_set(self, matches: Matches) -> None:
        """Replace the match set; none is current."""
        self._matches = matches
        self._strips.clear()
        self.refresh()

    def _match_line(self, index: int) -> int:
        """The visual line where match ``index`` starts."""
        return self._matches.line_of(index, self._lines)

    def _go_to_match(self, index: int) -> None:
        self._matches.current = index
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
        if self._document is not None and not self._lines:
            return
        section_id = self.current_section_id
        if section_id != self._announced_section:
            self._announced_section = section_id
            self._post(self.SectionChanged(section_id))

    # ------------------------------------------------------------------ rendering

    def _style(self, name: str) -> Style:
        """A component's style over the pane's own background.

        The full component style has its colour blended properly (``$text-muted`` is
        translucent); the pane's style brings the background, focus tint included,
        unless the component has its own (a code block's).
        """
        full = self.get_component_rich_style(name)
        partial = self.get_component_rich_style(name, partial=True)
        background = full.bgcolor if partial.bgcolor is not None else None
        return self.rich_style + partial + Style.from_color(full.color, background)

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        if self._document is None or not self._lines:
            return self._placeholder_line(y, width)
        line = self._top() + y
        strip = self._strips.get(line)
        if strip is None or strip.cell_length != width:
            strip = self._render_document_line(line, width)
            self._strips[line] = strip
        return strip

    def _overlay(self, name: str) -> Style:
        """A component's own style, to lay over a piece of text (its background blended)."""
        partial = self.get_component_rich_style(name, partial=True)
        if partial.bgcolor is None:
            return partial
        return partial + Style(bgcolor=self.get_component_rich_style(name).bgcolor)

    def _dark(self) -> bool:
        try:
            return self.app.current_theme.dark
        except Exception:  # no app (a test of the widget alone): the default theme is dark
            return True

    def _render_document_line(self, line: int, width: int) -> Strip:
        base = self.rich_style
        lines = self._lines
        if line >= lines.line_count or lines.line_block[line] < 0:
            return Strip.blank(width, base)
        block = lines.block(lines.line_block[line])
        start = lines.line_start[line]
        end = lines.line_end[line]
        text = block.text
        style = self._style(block.style) if block.style else base
        segments = [Segment(" " * self._left, base)] if self._left else []
        used = self._left
        kind = block.kind
        hard = start == 0 or text[start - 1] == "\n"  # the first visual line of a line of the text
        if kind == "code":
            edge = style + Style(dim=True)
            segments.append(Segment(" ", base))
            segments.append(Segment(" " if hard else CONTINUED, edge))
            used += 2
        elif kind == "quote":
            segments.append(Segment(QUOTE_BAR, self._style("reader--quote-bar")))
            segments.append(Segment(" " * (block.indent - 1), base))
            used += block.indent
        elif kind:
            prefix = block.indent if (start == 0 if kind == "item" else hard) else block.hang
            if prefix:
                segments.append(Segment(" " * prefix, base))
                used += prefix
        for piece_start, piece_end, styles in layered(start, end, self._layers(block, start, end, lines.line_block[line])):
            piece_style = style
            for extra in styles:
                piece_style = piece_style + extra
            segments.append(Segment(text[piece_start:piece_end], piece_style))
        used += cells(text[start:end])
        if kind == "code":
            room = self._left + lines.column - 1 - used
            if room > 0:
                segments.append(Segment(" " * room, style))
                used += room
            cut = end < len(text) and text[end] != "\n"
            segments.append(Segment(CUT if cut else " ", style + Style(dim=True)))
            used += 1
        if used < width:
            segments.append(Segment(" " * (width - used), base))
        strip = Strip(segments, max(used, width))
        return strip.crop(0, width) if used > width else strip

    def _layers(self, block: Block, start: int, end: int, index: int = -1) -> list[tuple[int, int, Style]]:
        """The styled spans on ``block.text[start:end]``: inline marks, syntax, matches, and
        the selected link (in that order); ``index`` is the block's."""
        layers: list[tuple[int, int, Style]] = []
        spans = block.spans
        if spans:
            memo = block.memo
            starts = memo.get("span_starts")
            if starts is None:
                starts = memo["span_starts"] = [span[0] for span in spans]
            high = bisect_left(starts, end)
            low = max(0, bisect_left(starts, start) - 4)  # a span begun before, or nested in another
            overlay = self._overlay
            layers.extend((s, e, overlay(name)) for s, e, name in spans[low:high] if e > start)
        if block.kind == "code" and block.info:
            memo = block.memo
            found = memo.get("tokens", False)
            if found is False:
                found = memo["tokens"] = tokens(block.text, block.info)
            if found is not None:
                token_starts, token_ends, types = found
                dark = self._dark()
                low = max(0, bisect_right(token_starts, start) - 1)
                high = bisect_left(token_starts, end)
                layers.extend(
                    (token_starts[i], token_ends[i], token_style(types[i], dark)) for i in range(low, high)
                )
        highlights = self._matches.highlights(block, start, end)
        if highlights:
            current = self._matches.current
            match_style = self.get_component_rich_style("reader--match", partial=True)
            current_style = self.get_component_rich_style("reader--current-match", partial=True)
            layers.extend(
                (s, e, current_style if number == current else match_style) for s, e, number in highlights
            )
        links = self._links
        if links is not None and links.selected is not None:
            span = links.span(links.selected, self._lines)
            if span is not None and span[0] == index and span[1] < end and span[2] > start:
                layers.append((span[1], span[2], self._overlay("reader--link-selected")))
        return layers

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
        used = cells(text)
        left = max(0, (width - used) // 2)
        segments = [
            Segment(" " * left, base),
            Segment(text, self._style("reader--placeholder")),
            Segment(" " * max(0, width - left - used), base),
        ]
        return Strip(segments, max(width, left + used)).crop(0, width)
