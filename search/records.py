"""Documents as Whoosh records: one for the whole document, one per section.

Kept apart from the index so that the fields written here and the fields the schema
declares can be read side by side, and so that a summary document is built the
same way every time (a sync compares it with the stored one to skip rewriting it).
"""

from __future__ import annotations

from typing import Iterator

from .model import Document, RelatedLink, Section
from .schema import RECORD_SEPARATOR


def _topic_facet(topics) -> str:
    return ",".join(t.replace(",", " ") for t in topics if t.strip())


def document_records(document: Document) -> Iterator[dict]:
    """The document record first, then its sections in order."""
    section_titles = "\n".join(s.title for s in document.sections if s.title)
    yield {
        "rid": document.doc_id,
        "doc_id": document.doc_id,
        "kind": document.kind,
        "title": document.title,
        "section": section_titles,
        "body": document.text,
        "topic": "\n".join(document.topics),
        "type": document.type,
        "author": "\n".join(document.authors),
        "date": document.date,
        "words": document.title + "\n" + section_titles + "\n" + document.text,
        "type_facet": document.type,
        "topic_facet": _topic_facet(document.topics),
        "year": document.date[:4],
    }
    for section in document.sections:
        yield {
            "rid": document.doc_id + RECORD_SEPARATOR + section.id,
            "doc_id": document.doc_id,
            "sid": section.id,
            "stitle": section.title,
            "sbody": section.text,
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
