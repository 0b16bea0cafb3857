"""What the engine's answers look like on their way to the browser screen: messages, as data.

The session (``tui.session``) runs in the screen's thread workers and posts these;
the screen handles each on the app's thread and tells the panes what to show. They
are plain dataclasses so that a test, a log line or the debugger shows what a worker
said, field by field, and so that nothing in them does anything: a message carries
the engine's answer and the request it answers, never a callback into a pane.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from search import Document, DocumentSummary, Facets, SearchResult, Similar, SyncReport
    from search.model import DocLink, LinkTarget


@dataclass
class OpenRequest:
    """A document to open, and where in it: what ``DocumentLoaded`` answers."""

    doc_id: str
    section_id: str | None = None
    query: str = ""
    scroll_y: int | None = None
    match: str | None = None  # "first" / "last": where n/N carried on from
    record: bool = True  # leave a history entry for the page being left
    column: int = 0  # the reader's text column when asked: the worker lays the document out at it


@dataclass
class LibraryOpened(Message):
    """The index is open (whatever state it is in): time to bring it in step with the files."""

    problem: str | None = None  # one line about the index folder, if it was not fine


@dataclass
class LibraryListed(Message):
    items: list[DocumentSummary]
    facets: Facets


@dataclass
class SyncProgressed(Message):
    done: int
    total: int


@dataclass
class DocumentReloaded(Message):
    """The open document read again after a sync changed its file; None when the file is gone."""

    doc_id: str
    document: Document | None


@dataclass
class SyncCommitted(Message):
    """A long sync committed what it has read so far: it can be searched while the rest is read."""

    done: int
    total: int


@dataclass
class SyncPhase(Message):
    """What a sync is doing once every file is read ("Saving the index…")."""

    text: str


@dataclass
class SyncWaiting(Message):
    """Another readingroom holds the index's lock; this one waits for it."""


@dataclass
class SyncFinished(Message):
    report: SyncReport
    problem: str | None = None  # the index folder's problem, already shown when it opened
    found: str | None = None  # damage this sync found (the index was set aside and rebuilt), to show


@dataclass
class IndexSetAside(Message):
    """The index turned out damaged or removed during the session and was set aside: say so, rebuild."""

    note: str


@dataclass
class SearchFinished(Message):
    result: SearchResult
    more: bool = False  # the rest of a result whose first hits are already shown
    shown: threading.Event | None = None  # set once the result is on screen (or will not be)
    as_typed: bool = False  # the query was run as typed, with no spelling correction


@dataclass
class MoreHitsLoaded(Message):
    """The next page of a result shown: hits of the same search beyond the ones listed."""

    result: SearchResult  # its hits are those not listed yet, best first; its total, the search's
    after: int  # how many hits were listed when they were asked for
    as_typed: bool = False


@dataclass
class DocumentLoaded(Message):
    request: OpenRequest
    document: Document
    matches: dict
    prepared: object = None  # the document made ready for the reader (``reader.prepared.Prepared``)
    # Set once the screen has shown the document: the same trip then finds its
    # related documents, which must not compete with showing it.
    shown: threading.Event = field(default_factory=threading.Event)


@dataclass
class RelatedLoaded(Message):
    doc_id: str
    similar: list[Similar]
    backlinks: list[Similar]
    links: list[DocLink] = field(default_factory=list)  # the document's own links, resolved


@dataclass
class LinkResolved(Message):
    """Where a link of an open document leads: what ``Session.follow_link`` answers."""

    doc_id: str  # the document the link is written in
    target: str  # the target exactly as written
    resolved: LinkTarget
