"""Links between documents: where a related entry leads, and which documents link here.

Backlinks are of both kinds: links written in documents (``doclinks``) and related entries.
A related entry ("Related Publications" and kin) names a publication by its title.
It leads to the full document of the corpus with the same normalized title, else
to the summary document made from the entry; it is resolved when the document is
read, so it follows the corpus as files come and go. The store keeps the links by
normalized title, so both directions are lookups, not searches.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from . import doclinks
from .model import Document, RelatedLink, Similar, normalize_title

if TYPE_CHECKING:
    from .storage.store import Store


def with_targets(store: "Store", document: Document) -> Document:
    """The document with each related link's target resolved against the corpus now."""
    if not document.related:
        return document
    links = []
    for link in document.related:
        key = normalize_title(link.title)
        target = store.full_document_with_key(key, other_than=document.doc_id)
        if target is None and store.has_document("summary:" + key):
            target = "summary:" + key
        links.append(RelatedLink(link.title, link.date, link.type, link.topics, link.authors, link.summary, target))
    return replace(document, related=tuple(links))


def backlinks(store: "Store", document: Document) -> list[Similar]:
    """The documents that link here: by a link written in them (``doclinks``) first, then by a related entry."""
    written = doclinks.linking_documents(store, document)
    summaries = store.summaries(written)
    found = [Similar(i, summaries[i].title) for i in written if i in summaries]
    seen = {s.doc_id for s in found}
    return found + [s for s in _entry_backlinks(store, document) if s.doc_id not in seen]


def _entry_backlinks(store: "Store", document: Document) -> list[Similar]:
    """The documents whose related entries lead to this one, by doc_id."""
    key = normalize_title(document.title)
    ids = [src for src in store.linking_documents(key) if src != document.doc_id]
    summaries = store.summaries(ids)
    return [Similar(i, summaries[i].title) for i in ids if i in summaries]
