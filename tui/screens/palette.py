"""The browser's command palette: go to a document, go to a section, the browser's commands.

The providers are the browser screen's (``BrowserScreen.COMMANDS``): Textual asks
them only when the palette is opened over the browser, and ``Provider.screen`` is
that browser. Documents and the open document's sections come from what the browser
already holds in memory, so the palette answers as fast as the user types, with
Textual's fuzzy matcher; sections of other documents come from the index, in a
thread. Titles are shown through ``visible`` and as ``Text``: a title is data, and
the palette must not interpret its brackets as markup.

A command's text names the keys that run it as the user has them (their keymap
applied, read from the screen's active bindings when the palette asks), never a key
written here.

This module does not import the browser (the browser imports it): what it needs of
the screen is ``Browser`` below.
"""

from __future__ import annotations

import asyncio
from functools import partial
from typing import TYPE_CHECKING, Callable, Protocol, Sequence, cast

from rich.text import Text
from textual import on
from textual.binding import Binding
from textual.command import CommandList, CommandPalette, DiscoveryHit, Hit, Hits, Provider
from textual.widgets import Input, OptionList

from ..keymap import key_hint
from ..sanitize import visible, visible_markup, visible_path
from ..widgets.closing import ClosesOnce
from ..widgets.paging import page

if TYPE_CHECKING:
    from textual.screen import Screen

    from search import Document, DocumentSummary, SectionMatch

MAX_HITS = 40


class Palette(ClosesOnce, CommandPalette):
    """Textual's command palette, with page keys that wait for its list to have a size.

    The palette's list gets a height only once its first commands arrive and a
    layout has run; PageUp/PageDown typed right after ctrl+p (over SSH the keys
    arrive together) reached Textual's ``OptionList._move_page`` before that and
    ended the app with ``KeyError``. The same keys here go through ``page``.

    Keys that arrive together with the one that closes the palette still reach it
    before it leaves the screen. The monkey test found two ways that ended the
    app: a letter started a new search whose worker filled a command list that
    was already gone (``NoMatches`` on ``CommandList``: ctrl+p, Enter and a letter
    at once), and a second Enter chose a second command and dismissed the palette
    twice (``ScreenStackError``). It closes once (``ClosesOnce``), and from then on
    what is typed is neither searched nor chosen.
    """

    BINDINGS = [
        Binding("pagedown", "page(1)", "Next page", show=False),
        Binding("pageup", "page(-1)", "Previous page", show=False),
    ]

    def action_page(self, direction: int) -> None:
        page(self.query_one(CommandList), direction)

    @on(Input.Changed)
    @on(Input.Submitted)
    @on(OptionList.OptionSelected)
    def _arrived_while_closing(self, event) -> None:
        if self.closing:
            event.stop()
            event.prevent_default()  # Textual's handlers (a new search, a choice) are not run


class Browser(Protocol):
    """What the palette uses of the browser screen."""

    library_items: Sequence[DocumentSummary]
    current_document: Document | None

    def open_document(self, doc_id: str, *, section_id: str | None = None) -> None: ...

    def jump_to_section(self, section_id: str) -> None: ...

    def find_sections(self, text: str, limit: int) -> list[SectionMatch]: ...

    def action_toggle_left(self) -> None: ...

    def action_toggle_right(self) -> None: ...

    def action_find(self) -> None: ...

    def action_copy_section(self) -> None: ...

    def action_copy_location(self) -> None: ...

    def action_show_skipped(self) -> None: ...

    def action_bookmark(self) -> None: ...

    def action_show_bookmarks(self) -> None: ...

    def action_reindex(self) -> None: ...


def _highlighted(matcher, text: str):
    """``matcher.highlight`` without reading ``text`` as markup (a title is data)."""
    from textual.content import Content

    content = Content(text)
    offsets = matcher.fuzzy_search.match(matcher.query, text)[1] if matcher.query else ()
    for offset in offsets:
        content = content.stylize(matcher.match_style, offset, offset + 1)
    return content


def _browser(provider: Provider) -> Browser:
    """The browser the palette was opened over (these providers are only the browser's)."""
    return cast(Browser, provider.screen)


class DocumentCommands(Provider):
    """"Go to document…": every document of the library by title."""

    async def search(self, query: str) -> Hits:
        browser = _browser(self)
        matcher = self.matcher(query)
        found = []
        for item in browser.library_items:
            title = visible(item.title) or visible_path(item.doc_id)
            score = matcher.match(title)
            if score > 0:
                found.append((score, title, item))
        found.sort(key=lambda entry: -entry[0])
        for score, title, item in found[:MAX_HITS]:
            yield Hit(
                score,
                _highlighted(matcher, title),
                partial(browser.open_document, item.doc_id),
                text=f"Go to document: {title}",
                help=visible_markup(" · ".join(x for x in (item.date, item.type, item.doc_id) if x)),
            )

    async def discover(self) -> Hits:
        browser = _browser(self)
        for item in browser.library_items[:MAX_HITS]:
            title = visible(item.title) or visible_path(item.doc_id)
            yield DiscoveryHit(
                Text("Go to document: ") + Text(title),
                partial(browser.open_document, item.doc_id),
                text=f"Go to document: {title}",
                help=visible_markup(" · ".join(x for x in (item.date, item.type) if x)),
            )


class SectionCommands(Provider):
    """"Go to section…": the sections of the open document, then any in the library.

    Sections of other documents are found by their titles through the index's
    section records, in a thread so the palette keeps up with typing.
    """

    def _sections(self) -> tuple[Browser, list[tuple[str, str]]]:
        browser = _browser(self)
        if browser.current_document is None:
            return browser, []
        sections = [(visible(s.title) or "Top", s.id) for s in browser.current_document.sections]
        return browser, sections

    async def search(self, query: str) -> Hits:
        browser, sections = self._sections()
        matcher = self.matcher(query)
        current = browser.current_document.doc_id if browser.current_document else None
        for title, section_id in sections:
            score = matcher.match(f"Go to section: {title}")
            if score > 0:
                yield Hit(
                    score,
                    _highlighted(matcher, f"Go to section: {title}"),
                    partial(browser.jump_to_section, section_id),
                    text=f"Go to section: {title}",
                )
        words = query.lower().replace("go to section", " ").strip(" :")
        if len(words) < 3:
            return
        try:
            found = await asyncio.to_thread(browser.find_sections, words, 15)
        except Exception:  # noqa: BLE001 - the palette must keep working whatever the index says
            return
        for match in found:
            if match.doc_id == current:
                continue
            label = f"Go to section: {visible(match.title)} — {visible(match.doc_title)}"
            yield Hit(
                min(0.99, 0.3 + match.score / 20),
                Text(label),
                partial(browser.open_document, match.doc_id, section_id=match.section_id),
                text=label,
            )

    async def discover(self) -> Hits:
        browser, sections = self._sections()
        for title, section_id in sections:
            yield DiscoveryHit(
                Text("Go to section: ") + Text(title),
                partial(browser.jump_to_section, section_id),
                text=f"Go to section: {title}",
            )


def browser_commands(screen: "Screen") -> list[tuple[str, str, Callable[[], object]]]:
    """(name, help, callback) for each of the browser's own commands, keys as bound now."""
    browser = cast(Browser, screen)
    return [
        ("Toggle results pane", "Show or hide the search and results pane" + key_hint(screen, "toggle_left"), browser.action_toggle_left),
        ("Toggle outline pane", "Show or hide the outline and related links" + key_hint(screen, "toggle_right"), browser.action_toggle_right),
        ("Find in document", "Search inside the open document" + key_hint(screen, "find", "reader.find"), browser.action_find),
        ("Copy section", "Copy the current section's text" + key_hint(screen, "copy_section"), browser.action_copy_section),
        ("Copy path or URL", "Copy where the document comes from" + key_hint(screen, "copy_location"), browser.action_copy_location),
        ("Skipped files", "The files the last indexing could not read, and why", browser.action_show_skipped),
        ("Bookmark this section", "Bookmark the section being read" + key_hint(screen, "bookmark"), browser.action_bookmark),
        ("Bookmarks", "The sections bookmarked: read one, or remove it" + key_hint(screen, "show_bookmarks"), browser.action_show_bookmarks),
        ("Re-index now", "Bring the index in step with the files at once (the folder is also watched)", browser.action_reindex),
    ]


class BrowserCommands(Provider):
    """The browser's commands (panes, find, copy, skipped files), beside the app's.

    They match by name and are listed by name, as Textual lists its own system
    commands; the help text says which keys run each one.
    """

    def _commands(self) -> list[tuple[str, str, Callable[[], object]]]:
        return browser_commands(self.screen)

    async def discover(self) -> Hits:
        for name, help_text, callback in sorted(self._commands(), key=lambda command: command[0]):
            yield DiscoveryHit(name, callback, help=visible_markup(help_text))

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, callback in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), callback, help=visible_markup(help_text))
