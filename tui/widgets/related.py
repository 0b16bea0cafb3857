"""Where to go from the open document: its own related links, similar documents, backlinks.

The document's related links are known at once; "More like this" and "Linked from"
come later from a worker. Until then their groups show "…", and when they arrive the
list is rebuilt in place: the cursor stays on the entry it was on and the view does
not jump, so a reader moving through "Related" is not thrown about.

Group headers are disabled options, so the cursor steps over them.
"""

from __future__ import annotations

from typing import ClassVar, Sequence

from textual.binding import BindingType
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from search.model import Document, RelatedLink, Similar
from tui.sanitize import visible, visible_path
from tui.widgets.results import KeepsReverse, LineStack
from tui.widgets.list_keys import list_bindings
from tui.widgets.paging import PagesWhenLaidOut

GROUPS = (("related", "Related"), ("more", "More like this"), ("linked", "Linked from"))

Target = tuple[str, int, str]
"""(group, position in the group, doc_id) of a selectable entry."""


class RelatedPane(KeepsReverse, PagesWhenLaidOut, OptionList):
    """Three groups of documents to follow; Enter opens the one under the cursor."""

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

    def __init__(self, *, name: str | None = None, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(name=name, id=id, classes=classes, markup=False)
        self.border_title = "Related"
        self._document: Document | None = None
        self._related: tuple[RelatedLink, ...] = ()
        self._more: tuple[Similar, ...] | None = None
        self._linked: tuple[Similar, ...] | None = None
        self._targets: list[Target | None] = []
        self.clear()

    @property
    def document(self) -> Document | None:
        return self._document

    @property
    def highlighted_doc_id(self) -> str | None:
        target = self._target_at(self.highlighted)
        return None if target is None else target[2]

    def clear(self) -> None:
        """No document: say so."""
        self._document = None
        self._related = ()
        self._more = self._linked = None
        self._targets = [None]
        self.set_options([Option(Content.styled("No document open", ".related--empty"), disabled=True)])

    def show_document(self, document: Document) -> None:
        """Show ``document``'s related links; the other two groups wait ("…")."""
        self._document = document
        self._related = tuple(document.related)
        self._more = None
        self._linked = None
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

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option_list is not self:
            return
        event.stop()
        target = self._target_at(event.option_index)
        if target is not None:
            message = self.Follow(target[2])
            message.related_pane = self
            self.post_message(message)
