"""Command palette providers: go to a document, go to a section of the open one.

Both work on what the browser already holds in memory (the library listing, the open
document), so the palette answers as fast as the user types, with Textual's fuzzy
matcher. Titles are shown through ``visible`` and as ``Text``: a title is data, and
the palette must not interpret its brackets as markup.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from rich.text import Text
from textual.command import DiscoveryHit, Hit, Hits, Provider

from .sanitize import visible, visible_markup, visible_path

if TYPE_CHECKING:
    from .screens.browser import BrowserScreen

MAX_HITS = 40


def _highlighted(matcher, text: str):
    """``matcher.highlight`` without reading ``text`` as markup (a title is data)."""
    from textual.content import Content

    content = Content(text)
    offsets = matcher.fuzzy_search.match(matcher.query, text)[1] if matcher.query else ()
    for offset in offsets:
        content = content.stylize(matcher.match_style, offset, offset + 1)
    return content


def _browser(provider: Provider) -> "BrowserScreen | None":
    from .screens.browser import BrowserScreen

    screen = provider.screen
    if isinstance(screen, BrowserScreen):
        return screen
    for candidate in reversed(provider.app.screen_stack):
        if isinstance(candidate, BrowserScreen):
            return candidate
    return None


class DocumentCommands(Provider):
    """"Go to document…": every document of the library by title."""

    async def search(self, query: str) -> Hits:
        browser = _browser(self)
        if browser is None:
            return
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
        if browser is None:
            return
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

    def _sections(self):
        browser = _browser(self)
        if browser is None or browser.current_document is None:
            return browser, []
        sections = [(visible(s.title) or "Top", s.id) for s in browser.current_document.sections]
        return browser, sections

    async def search(self, query: str) -> Hits:
        import asyncio

        browser, sections = self._sections()
        if browser is None:
            return
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
        library = self.app.library
        words = query.lower().replace("go to section", " ").strip(" :")
        if library is None or len(words) < 3:
            return
        try:
            found = await asyncio.to_thread(library.find_sections, words, 15)
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
