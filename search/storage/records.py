"""Documents as Whoosh records: one for the whole document, one per section.

``layout`` fixes where each section's title and text sit in the document record's
body, so that a character offset stored in the index can be turned back into
"section X, characters a to b of its text" at query time. It is the single place
both sides use: change it and bump the schema version.
"""

from __future__ import annotations

import bisect
import functools
from dataclasses import dataclass
from typing import Iterator

from .analysis import text_postings
from .languages import ENGLISH, detect
from ..model import Document, RelatedLink, Section
from .schema import Analyzed

PART_SEPARATOR = "\n\n"


@dataclass(frozen=True)
class SectionSpan:
    """Where a section's title and text lie in the body string."""

    id: str
    title_start: int
    title_end: int
    text_start: int
    text_end: int


@dataclass(frozen=True)
class Layout:
    body: str
    sections: tuple[SectionSpan, ...]

    @functools.cached_property
    def _starts(self) -> list[int]:
        """Where each section begins, built once: a hit with a match in each of
        100,000 sections rebuilt this list for every match, and never answered."""
        return [span.title_start for span in self.sections]

    def locate(self, start: int, end: int) -> tuple[str, str, int, int] | None:
        """(section id, "title" or "text", start, end) relative to that part, or None.

        None for offsets in a caption (captions are searched, not highlighted).
        """
        index = bisect.bisect_right(self._starts, start) - 1
        if index < 0:
            return None
        span = self.sections[index]
        if span.title_start <= start and end <= span.title_end and span.title_end > span.title_start:
            return span.id, "title", start - span.title_start, end - span.title_start
        if span.text_start <= start and end <= span.text_end:
            return span.id, "text", start - span.text_start, end - span.text_start
        return None


def layout(document: Document) -> Layout:
    """Section titles and texts, then captions, separated by blank lines."""
    pieces: list[str] = []
    spans: list[SectionSpan] = []
    offset = 0

    def add(text: str) -> tuple[int, int]:
        nonlocal offset
        if pieces:
            pieces.append(PART_SEPARATOR)
            offset += len(PART_SEPARATOR)
        start = offset
        pieces.append(text)
        offset += len(text)
        return start, offset

    for section in document.sections:
        if section.title:
            title_start, title_end = add(section.title)
        else:
            title_start = title_end = offset
        text_start, text_end = add(section.text)
        spans.append(SectionSpan(section.id, title_start, title_end, text_start, text_end))
    for caption in document.captions:
        add(caption.text)
    return Layout("".join(pieces), tuple(spans))


def _topic_facet(topics) -> str:
    return ",".join(t.replace(",", " ") for t in topics if t.strip())


def date_number(date: str) -> int | None:
    """"2024-11-14" -> 20241114, "2024-11" -> 20241100, "2024" -> 20240000."""
    digits = date.replace("-", "")
    if not digits.isdigit() or len(digits) not in (4, 6, 8):
        return None
    return int(digits.ljust(8, "0"))


LEAD_CHARS = 300


def lead_text(document: Document) -> str:
    """A document's opening words: its first paragraph of text, up to ``LEAD_CHARS`` (whole words).

    A manual page opens by saying what it is ("git-blame - Show what revision and
    author last modified each line of a file"), a command page likewise ("Archiving
    utility."), a library page with its summary: words that say what the document
    is about, which a reader's question often repeats.
    """
    for section in document.sections:
        for paragraph in section.text.split("\n\n"):
            paragraph = paragraph.strip()
            if paragraph:
                if len(paragraph) <= LEAD_CHARS:
                    return paragraph
                cut = paragraph.rfind(" ", 0, LEAD_CHARS)
                return paragraph[: cut if cut > 0 else LEAD_CHARS]
    return ""


@functools.lru_cache(maxsize=1)
def _schema_formats() -> dict:
    from .schema import ANALYZED_FIELDS, build_schema

    schema = build_schema()
    return {name: schema[name].format for name in ANALYZED_FIELDS}


def path_words(doc_id: str) -> str:
    """The words a document's path is searched by: each folder, the file name and its stem.

    "notes/release/2.3.5.txt" -> "notes release 2.3.5.txt 2.3.5": ``path:release``,
    ``2.3.5`` and ``2.3.5.txt`` all find it (the analyzer splits "2.3.5.txt" too,
    ``tokens``). A related entry that is no file has no path.
    """
    parts = [part for part in doc_id.split("/") if part]
    if not parts:
        return ""
    name = parts[-1]
    stem = name.rsplit(".", 1)[0] if "." in name.strip(".") else ""
    return "\n".join(parts + ([stem] if stem and stem != name else []))


ASKED_CHARS = 250  # a defined term longer than this is a paragraph that happens to end in "?"


def asked_terms(document: Document) -> list[str]:
    """Defined terms that are questions: an FAQ's entries, searched like its headings.

    gitfaq and many FAQs write each question as a term ("I've made a mistake in the
    last commit. How do I change it?::") over its answer, not as a heading; a reader
    asking that question should find the page as if it were one.
    """
    found = []
    for section in document.sections:
        for mark in section.marks:
            if mark.kind == "term" and mark.end - mark.start <= ASKED_CHARS:
                term = section.text[mark.start : mark.end].strip().rstrip(":").rstrip()
                if term.endswith("?"):
                    found.append(term)
    return found


def document_records(document: Document, formats: dict | None = None, words: set[str] | None = None) -> Iterator[dict]:
    """The document record first, then one record per titled section.

    ``formats`` maps text fields to their Whoosh formats; when given, those fields
    are analyzed here (in a worker process, during a big sync) and handed to the
    writer as postings. Without it, Whoosh analyzes them as usual. ``words``
    collects the document's spelling vocabulary (title and body) on the way.

    The document's words are stemmed in the language its body seems written in
    (``languages.detect``; the highlighter guesses it again from the same body).
    Whoosh's own analysis knows only English, so another language's postings are
    always computed here.
    """
    section_titles = "\n".join([*(s.title for s in document.sections if s.title), *asked_terms(document)])
    body = layout(document).body
    lang = detect(body)
    if formats is None and lang != ENGLISH:
        formats = _schema_formats()

    def text(field: str, value: str):
        if formats is None or not value:
            return value
        collect = words if field in ("title", "body") else None
        return Analyzed(text_postings(value, formats[field], words=collect, lang=lang))

    record = {
        "rid": document.doc_id,
        "doc_id": document.doc_id,
        "kind": document.kind,
        "title": text("title", document.title),
        "section": text("section", section_titles),
        "lead": text("lead", lead_text(document)),
        "body": text("body", body),
        "topic": text("topic", "\n".join(document.topics)),
        "type": text("type", document.type),
        "author": text("author", "\n".join(document.authors)),
        "path": text("path", path_words(document.doc_id) if document.kind == "full" else ""),
        "year": document.date[:4],
        "month": document.date[:7] if len(document.date) >= 7 else "",
        "lang": lang,
        "type_facet": document.type,
        "topic_facet": _topic_facet(document.topics),
    }
    number = date_number(document.date)
    if number is not None:
        record["date_num"] = number
    yield {key: value for key, value in record.items() if value != ""}
    for section in document.sections:
        if not section.title:
            continue  # a lead has no title to find it by; its words are on the document record
        yield {
            "doc_id": document.doc_id,
            "sid": section.id,
            "stitle": text("stitle", section.title),
        }


def summary_document(doc_id: str, link: RelatedLink) -> Document:
    """A related entry that names no document of the corpus, made readable on its own."""
    sections = (Section("lead", "", 0, link.summary),) if link.summary else ()
    return Document(
        doc_id=doc_id,
        path="",
        kind="summary",
        title=link.title,
        date=link.date,
        type=link.type,
        topics=link.topics,
        authors=link.authors,
        sections=sections,
    )
