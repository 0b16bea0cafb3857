"""The shared words of readingroom: what a document, a section, a link and a hit are.

Everything here is a frozen dataclass so that values can cross threads (the TUI runs
searches in workers) and be cached without anyone mutating them behind our back.
Dates are ISO strings of whatever precision the source gave ("2024", "2021-01",
"2024-11-14"), or "" when unknown; a reader never has to guess a timezone.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Literal

Kind = Literal["full", "summary"]


MarkKind = Literal["code", "table", "item", "quote", "term", "icode", "link"]
BLOCK_MARKS = frozenset({"code", "table", "item", "quote", "term"})


@dataclass(frozen=True, slots=True)
class Mark:
    """What a stretch of a section's text was in its document, for the reader to show it so.

    Offsets are into ``Section.text``. Block marks cover one whole paragraph (or,
    for code, a run of lines that may hold blank lines):

    - ``code``: verbatim lines; ``info`` is the language ("" when unknown).
    - ``table``: one line per row, cells separated by a tab; ``info`` is
      "header" when the first row is the table's header.
    - ``item``: a list item; ``info`` is its depth ("1" at the top). Its marker
      ("•", "3.") is part of the text.
    - ``quote``: a quoted paragraph. ``term``: a defined term (a ``<dt>``).

    Inline marks lie inside a paragraph: ``icode`` (inline code) and ``link``
    (``info`` is the target exactly as the document wrote it).

    The text alone is what is searched, shown in snippets and copied; marks only
    change how the reader draws it, so a reader that ignores them loses nothing.
    """

    start: int
    end: int
    kind: MarkKind
    info: str = ""


@dataclass(frozen=True)
class Section:
    """A run of body text under one heading.

    The lead (text before the first heading) is a section too, with id ``"lead"``,
    an empty title and level 0, so every line of body text belongs to a section.
    ``text`` keeps paragraphs separated by a blank line; ``marks`` (sorted by
    start) say which of them are code, tables, list items... (see `Mark`).
    """

    id: str
    title: str
    level: int
    text: str
    marks: tuple[Mark, ...] = ()


@dataclass(frozen=True)
class Caption:
    """A photo caption, kept once, with the section it appeared in."""

    text: str
    section_id: str


@dataclass(frozen=True)
class RelatedLink:
    """An entry of a document's related block ("Related Publications" and kin).

    ``target`` is the doc_id the link leads to: the full document in the corpus with
    the same normalized title, or else the summary document made from this entry. It
    is None only before the index has resolved it.
    """

    title: str
    date: str = ""
    type: str = ""
    topics: tuple[str, ...] = ()
    authors: tuple[str, ...] = ()
    summary: str = ""
    target: str | None = None


@dataclass(frozen=True)
class Document:
    """One file of the corpus (kind ``full``) or one related entry (kind ``summary``).

    ``doc_id`` is the path relative to the corpus root with ``/`` separators; a
    summary document's id is ``summary:<normalized title>``.
    """

    doc_id: str
    path: str
    kind: Kind = "full"
    title: str = ""
    date: str = ""
    type: str = ""
    topics: tuple[str, ...] = ()
    authors: tuple[str, ...] = ()
    url: str = ""
    sections: tuple[Section, ...] = ()
    captions: tuple[Caption, ...] = ()
    related: tuple[RelatedLink, ...] = ()
    # Names a link's #anchor may use for a section besides its id: an HTML page's
    # ids (Sphinx's "json.dumps", a <section id>), as (name, section id).
    anchors: tuple[tuple[str, str], ...] = ()

    def section(self, section_id: str) -> Section | None:
        for section in self.sections:
            if section.id == section_id:
                return section
        return None

    @property
    def text(self) -> str:
        """All body text (sections and captions), the words a search looks at."""
        parts = [s.title + "\n\n" + s.text if s.title else s.text for s in self.sections]
        parts.extend(c.text for c in self.captions)
        return "\n\n".join(p for p in parts if p)


@dataclass(frozen=True)
class SectionRef:
    """Names a section of a hit without carrying its text."""

    id: str
    title: str


MATCHING_SECTIONS = 20  # a hit names at most this many of its matching sections


@dataclass(frozen=True)
class Hit:
    """One ranked document of a search.

    ``snippet`` is plain text; ``highlights`` are (start, end) character offsets into
    it, never markup. ``section_matches`` maps section id to how many query words
    matched there, in document order, for the outline. ``sections`` are the matching
    sections ranked as the hit's own ``section`` was chosen, best first (at most
    ``MATCHING_SECTIONS``), so a reader can go to another one from the results.
    """

    doc_id: str
    title: str
    path: str
    kind: Kind
    date: str
    type: str
    topics: tuple[str, ...]
    score: float
    section: SectionRef | None
    snippet: str
    highlights: tuple[tuple[int, int], ...]
    section_matches: tuple[tuple[str, int], ...] = ()
    sections: tuple[SectionRef, ...] = ()


@dataclass(frozen=True)
class SearchResult:
    """The answer to one query.

    ``relaxed`` is True when no document held all the words, so documents were ranked
    by any of them instead. ``error`` is a one-line explanation when the query could
    not be read at all; ``hits`` is then empty. ``notice`` explains a lenient reading
    (an unknown field searched as words, an unbalanced quote ignored).

    ``searched`` is the query that was run when it is not what was typed: a query
    that found nothing, or only documents with some of its words, is run again
    spelled as ``suggestion`` says when that finds better, and the hits are that
    query's. ``query`` stays what was typed; searching with ``as_typed`` runs it
    unchanged.
    """

    query: str
    hits: tuple[Hit, ...] = ()
    total: int = 0
    took_ms: float = 0.0
    suggestion: str | None = None
    relaxed: bool = False
    error: str | None = None
    notice: str | None = None
    searched: str | None = None


@dataclass(frozen=True)
class Similar:
    """A document related to another by content (more like this) or by a link."""

    doc_id: str
    title: str
    score: float = 0.0


@dataclass(frozen=True)
class Reading:
    """A document opened for reading, with where a query matched in it.

    ``matches`` maps a section id to its matches in document order, each
    ``(part, start, end)``: ``part`` is ``"title"`` (offsets into the section's title)
    or ``"text"`` (into its text). Empty when there was no query, or it matched nothing.
    """

    document: Document
    matches: dict[str, tuple[tuple[str, int, int], ...]]


LinkKind = Literal["document", "external", "missing"]


@dataclass(frozen=True)
class LinkTarget:
    """Where a link written in a document leads, resolved against the corpus as it is now.

    ``document``: a document of the corpus (``doc_id``), at the section its anchor
    names (``section_id``; None for the top, or when no section has that name).
    ``external``: a URL outside the corpus (``url``), never opened as a file.
    ``missing``: a link into the corpus whose file is not there; ``reason`` says what
    was looked for, in words for the status line.
    """

    kind: LinkKind
    doc_id: str = ""
    section_id: str | None = None
    url: str = ""
    reason: str = ""


@dataclass(frozen=True)
class DocLink:
    """A link as its document wrote it: the words shown, the target as written, where it was."""

    text: str
    target: str
    section_id: str  # the section of the linking document that holds it
    resolved: LinkTarget


@dataclass(frozen=True)
class Related:
    """What a document is related to: documents like it, documents that link to it, and its own links."""

    similar: list[Similar]
    backlinks: list[Similar]
    links: list[DocLink] = field(default_factory=list)


@dataclass(frozen=True)
class SectionMatch:
    """A section found by its title, anywhere in the library."""

    doc_id: str
    section_id: str
    title: str
    doc_title: str
    score: float = 0.0


@dataclass(frozen=True)
class Facets:
    """Counts of values among the documents a query finds: types and topics most frequent first, years newest first."""

    types: tuple[tuple[str, int], ...] = ()
    topics: tuple[tuple[str, int], ...] = ()
    years: tuple[tuple[str, int], ...] = ()


@dataclass(frozen=True)
class Skipped:
    """A file the sync could not index, and why, in words a user understands."""

    path: str
    reason: str


@dataclass(frozen=True)
class SyncReport:
    TOUCHED_LISTED = 10_000

    added: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0
    skipped: tuple[Skipped, ...] = ()
    rebuilt: bool = False
    message: str | None = None
    # The index could not be written (a full disk, a read-only folder with changed
    # files): ``message`` says why, and ``readingroom index`` exits 2.
    write_failed: bool = False
    # The documents this sync updated or removed, so that an open one can be shown
    # again; None when there were too many to list (``TOUCHED_LISTED``).
    touched: tuple[str, ...] | None = ()

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.removed)


@dataclass(frozen=True, slots=True)
class DocumentSummary:
    """What the library list shows for a document, without its text."""

    doc_id: str
    title: str
    kind: Kind
    date: str
    type: str
    topics: tuple[str, ...] = field(default=())
    path: str = ""


@functools.lru_cache(maxsize=65536)
def normalize_title(title: str) -> str:
    """The key under which two titles count as the same publication.

    Case, accents, curly versus straight quotes and punctuation differ between a
    page and the pages that link to it; words do not.
    """
    import unicodedata

    folded = unicodedata.normalize("NFKD", title.casefold())
    out: list[str] = []
    space = False
    for ch in folded:
        if unicodedata.combining(ch):
            continue
        if ch.isalnum():
            if space and out:
                out.append(" ")
            out.append(ch)
            space = False
        elif ch in "'\u2019\u2018":
            continue  # "Korea's" and "Korea’s" and "Koreas" are one title
        else:
            space = True
    return "".join(out)


def to_dict(value) -> dict:
    """A plain JSON-ready dict of any of the dataclasses above (tuples become lists)."""
    if isinstance(value, Document):  # the hot path of a sync: spelled out, 5x faster than asdict
        return {
            "doc_id": value.doc_id,
            "path": value.path,
            "kind": value.kind,
            "title": value.title,
            "date": value.date,
            "type": value.type,
            "topics": list(value.topics),
            "authors": list(value.authors),
            "url": value.url,
            "sections": [_section_dict(s) for s in value.sections],
            "captions": [{"text": c.text, "section_id": c.section_id} for c in value.captions],
            "related": [to_dict(link) for link in value.related],
            **({"anchors": [list(a) for a in value.anchors]} if value.anchors else {}),
        }
    if isinstance(value, RelatedLink):
        return {
            "title": value.title,
            "date": value.date,
            "type": value.type,
            "topics": list(value.topics),
            "authors": list(value.authors),
            "summary": value.summary,
            "target": value.target,
        }
    from dataclasses import asdict

    return asdict(value)


def _section_dict(section: Section) -> dict:
    data = {"id": section.id, "title": section.title, "level": section.level, "text": section.text}
    if section.marks:  # most sections have none: no key, no bytes
        data["marks"] = [[m.start, m.end, m.kind, m.info] for m in section.marks]
    return data


def document_from_dict(data: dict, marks: bool = True) -> Document:
    """The inverse of ``to_dict`` for a Document, tolerant of missing keys.

    ``marks=False`` leaves the sections' marks out: a search's hits read only
    titles and texts, and a documentation page can hold thousands of marks.
    """
    return Document(
        doc_id=data["doc_id"],
        path=data.get("path", ""),
        kind=data.get("kind", "full"),
        title=data.get("title", ""),
        date=data.get("date", ""),
        type=data.get("type", ""),
        topics=tuple(data.get("topics", ())),
        authors=tuple(data.get("authors", ())),
        url=data.get("url", ""),
        sections=tuple(
            Section(
                s["id"],
                s.get("title", ""),
                s.get("level", 0),
                s.get("text", ""),
                tuple(Mark(*mark) for mark in s.get("marks", ())) if marks else (),
            )
            for s in data.get("sections", ())
        ),
        captions=tuple(
            Caption(c["text"], c.get("section_id", "lead")) for c in data.get("captions", ())
        ),
        related=tuple(link_from_dict(r) for r in data.get("related", ())),
        anchors=tuple((a[0], a[1]) for a in data.get("anchors", ())),
    )


def link_from_dict(data: dict) -> RelatedLink:
    """The inverse of ``to_dict`` for a RelatedLink, tolerant of missing keys."""
    return RelatedLink(
        title=data["title"],
        date=data.get("date", ""),
        type=data.get("type", ""),
        topics=tuple(data.get("topics", ())),
        authors=tuple(data.get("authors", ())),
        summary=data.get("summary", ""),
        target=data.get("target"),
    )
