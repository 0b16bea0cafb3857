"""Where to go from the open document: its own related links, similar documents, backlinks,
and the links written in its text.

The document's related links are known at once; "More like this", "Linked from" and
"Links" come later from a worker (where a link leads is the engine's to say). Until
then their groups show "…", and when they arrive the list is rebuilt in place: the
cursor stays on the entry it was on and the view does not jump, so a reader moving
through "Related" is not thrown about.

A "Links" entry is the link's words and, dimmed, where it leads: the document (and
its section), the URL, or "missing". Every string is the document's data, shown as
text (``tui.sanitize``), never read as markup.

Group headers are disabled options, so the cursor steps over them.
"""

from __future__ import annotations

from typing import ClassVar, Mapping, Sequence

from textual.binding import BindingType
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from search.model import DocLink, Document, RelatedLink, Similar
from tui.sanitize import visible, visible_path
from tui.widgets.results import KeepsReverse, LineStack
from tui.widgets.list_keys import list_bindings
from tui.widgets.paging import PagesWhenLaidOut

GROUPS = (("related", "Related"), ("more", "More like this"), ("linked", "Linked from"), ("links", "Links"))

Target = tuple[str, int, str]
"""(group, position in the group, doc_id) of a selectable entry (a link's: its target as written)."""


def link_destination(link: DocLink, titles: Mapping[str, str], here: str | None) -> str:
    """Where a link leads, in a few words, safe to show: a document's title (or doc_id)
    and section, "this document", a URL, or "missing" and why."""
    resolved = link.resolved
    if resolved.kind == "document":
        if resolved.doc_id == here:
            place = "this document"
        else:
            place = visible(titles.get(resolved.doc_id, "")) or visible_path(resolved.doc_id) or "(untitled)"
        return f"{place} #{visible(resolved.section_id)}" if resolved.section_id else place
    if resolved.kind == "external":
        return visible(resolved.url) or visible(link.target)
    return f"missing: {visible(resolved.reason)}" if resolved.reason else "missing"


class RelatedPane(KeepsReverse, PagesWhenLaidOut, OptionList):
    """Four groups of places to follow; Enter opens the one under the cursor."""

    BINDINGS: ClassVar[list[BindingType]] = list_bindings("related", "Follow", "follow")

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "related--group",
        "related--count",
        "related--title",
        "related--meta",
        "related--none",
        "related--pending",
        "related--empty",
    }

    class Follow(Message):
        """The reader chose an entry; ``doc_id`` is the document to open."""

        def __init__(self, doc_id: str) -> None:
            super().__init__()
            self.doc_id = doc_id
            self.related_pane: RelatedPane | None = None

        @property
        def control(self) -> RelatedPane | None:
            return self.related_pane

    class FollowLink(Message):
        """The reader chose an entry of "Links": ``link`` is the link, already resolved."""

        def __init__(self, link: DocLink) -> None:
            super().__init__()
            self.link = link
            self.related_pane: RelatedPane | None = None

        @property
        def control(self) -> RelatedPane | None:
            return self.related_pane

    def __init__(self, *, name: str | None = None, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(name=name, id=id, classes=classes, markup=False)
        self.border_title = "Related"
        self._document: Document | None = None
        self._related: tuple[RelatedLink, ...] = ()
        self._more: tuple[Similar, ...] | None = None
        self._linked: tuple[Similar, ...] | None = None
        self._links: tuple[DocLink, ...] | None = None
        self._titles: Mapping[str, str] = {}
        self._targets: list[Target | None] = []
        self.clear()

    @property
    def document(self) -> Document | None:
        return self._document

    @property
    def highlighted_doc_id(self) -> str | None:
        """The document the entry under the cursor opens (None for a link that leads out)."""
        target = self._target_at(self.highlighted)
        if target is None:
            return None
        if target[0] == "links":
            resolved = self._link_at(target).resolved
            return resolved.doc_id if resolved.kind == "document" else None
        return target[2]

    @property
    def links(self) -> tuple[DocLink, ...] | None:
        """The document's own links as listed (None until they arrive)."""
        return self._links

    def clear(self) -> None:
        """No document: say so."""
        self._document = None
        self._related = ()
        self._more = self._linked = self._links = None
        self._targets = [None]
        self.set_options([Option(Content.styled("No document open", ".related--empty"), disabled=True)])

    def show_document(self, document: Document) -> None:
        """Show ``document``'s related links; the other two groups wait ("…")."""
        self._document = document
        self._related = tuple(document.related)
        self._more = None
        self._linked = None
        self._links = None
        self._rebuild()
        self.highlighted = self._first_enabled()

    def set_more_like_this(self, items: Sequence[Similar]) -> None:
        """Fill "More like this", keeping the cursor on its entry."""
        if self._document is None:
            return
        self._more = tuple(items)
        self._rebuild_in_place()

    def set_backlinks(self, items: Sequence[Similar]) -> None:
        """Fill "Linked from", keeping the cursor on its entry."""
        if self._document is None:
            return
        self._linked = tuple(items)
        self._rebuild_in_place()

    def set_links(self, links: Sequence[DocLink], titles: Mapping[str, str] | None = None) -> None:
        """Fill "Links" with the document's own links, keeping the cursor on its entry.

        ``titles``: doc_id -> title, to name the documents they lead to (else their doc_id).
        """
        if self._document is None:
            return
        self._links = tuple(links)
        self._titles = titles or {}
        self._rebuild_in_place()

    # -- building ----------------------------------------------------------------------

    def _rebuild_in_place(self) -> None:
        before = self._target_at(self.highlighted)
        old_index = self.highlighted
        scroll_y = self.scroll_y
        with self.prevent(OptionList.OptionHighlighted):
            self._rebuild()
            if self.is_mounted:
                self.scroll_to(y=scroll_y, animate=False, immediate=True)
            self.highlighted = self._find(before, old_index)

    def _find(self, before: Target | None, old_index: int | None) -> int | None:
        if before is not None:
            for index, target in enumerate(self._targets):
                if target == before:
                    return index
            group, _, doc_id = before
            for index, target in enumerate(self._targets):
                if target is not None and target[0] == group and target[2] == doc_id:
                    return index
        if old_index is not None:
            for index in range(min(old_index, len(self._targets) - 1), len(self._targets)):
                if self._targets[index] is not None:
                    return index
        return self._first_enabled()

    def _first_enabled(self) -> int | None:
        for index, target in enumerate(self._targets):
            if target is not None:
                return index
        return None

    def _rebuild(self) -> None:
        options: list[Option] = []
        targets: list[Target | None] = []

        def header(label: str, count: int | None) -> None:
            prompt = Content.assemble(
                (label, ".related--group"),
                (f"  {count}" if count else "", ".related--count"),
            )
            options.append(Option(prompt, disabled=True))
            targets.append(None)

        def note(text: str, style: str) -> None:
            options.append(Option(Content.styled(text, style), disabled=True))
            targets.append(None)

        for group, label in GROUPS:
            if group == "related":
                header(label, len(self._related))
                if not self._related:
                    note("none", ".related--none")
                for position, link in enumerate(self._related):
                    meta = " · ".join(part for part in (visible(link.date), visible(link.type)) if part)
                    prompt = LineStack(
                        (Content.styled(visible(link.title) or "(untitled)", ".related--title"), 2),
                        (Content.styled(meta, ".related--meta"), 1),
                    )
                    options.append(Option(prompt, disabled=link.target is None))
                    targets.append(None if link.target is None else (group, position, link.target))
                continue
            if group == "links":
                links = self._links
                header(label, None if links is None else len(links))
                if links is None:
                    note("…", ".related--pending")
                elif not links:
                    note("none", ".related--none")
                here = self._document.doc_id if self._document is not None else None
                for position, link in enumerate(links or ()):
                    words = visible(link.text).strip() or visible(link.target) or "(no text)"
                    prompt = LineStack(
                        (Content.styled(words, ".related--title"), 2),
                        (Content.styled(link_destination(link, self._titles, here), ".related--meta"), 1),
                    )
                    options.append(Option(prompt))
                    targets.append((group, position, link.target))
                continue
            items = self._more if group == "more" else self._linked
            header(label, None if items is None else len(items))
            if items is None:
                note("…", ".related--pending")
            elif not items:
                note("none", ".related--none")
            else:
                for position, item in enumerate(items):
                    title = visible(item.title) or visible_path(item.doc_id) or "(untitled)"
                    options.append(Option(LineStack((Content.styled(title, ".related--title"), 2))))
                    targets.append((group, position, item.doc_id))
        self._targets = targets
        self.set_options(options)

    def _target_at(self, index: int | None) -> Target | None:
        if index is None or not 0 <= index < len(self._targets):
            return None
        return self._targets[index]

    def _link_at(self, target: Target) -> DocLink:
        return (self._links or ())[target[1]]

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option_list is not self:
            return
        event.stop()
        target = self._target_at(event.option_index)
        if target is None:
            return
        message: RelatedPane.Follow | RelatedPane.FollowLink
        if target[0] == "links":
            message = self.FollowLink(self._link_at(target))
        else:
            message = self.Follow(target[2])
        message.related_pane = self
        self.post_message(message)
