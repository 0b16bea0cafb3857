"""Sections anywhere in the library whose titles hold the words (the section records)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..model import SectionMatch
from .querytext import clean

if TYPE_CHECKING:
    from .view import View

_WORDS = re.compile(r"\w+")


def title_words(text: str) -> list[str]:
    """The words to look for, lowercased; none means nothing to search."""
    cleaned, _ = clean(text)
    return _WORDS.findall(cleaned.lower())


def find_sections(view: "View", words: list[str], limit: int = 20) -> list[SectionMatch]:
    """Sections whose titles hold the words (``title_words``), across the library.

    Every word counts (OR), more of them and rarer ones rank higher, and the last
    word may be the start of one ("diplo" finds "Diplomacy"), since this answers
    as the user types in the command palette.
    """
    from whoosh import query as q

    searcher = view.searcher
    field = searcher.schema["stitle"]
    clauses = []
    for position, word in enumerate(words):
        terms = list(field.process_text(word, mode="query"))
        if not terms:
            continue
        clauses.append(q.Term("stitle", terms[0]))
        if position == len(words) - 1 and len(word) >= 2:
            clauses.append(q.Prefix("stitle", word))
    if not clauses:
        return []
    results = searcher.search(q.Or(clauses), limit=limit)
    found = [(r["doc_id"], r.get("sid"), r.score) for r in results]
    store = view.store
    summaries = store.summaries({doc_id for doc_id, _, _ in found})
    out = []
    # One unpacking and one id table per document, however many of its sections matched:
    # twenty sections of one 3 MB document unpacked it twenty times.
    by_id: dict[str, dict] = {}
    for doc_id, sid, score in found:
        if doc_id not in by_id:
            document = store.document(doc_id) if doc_id in summaries else None
            by_id[doc_id] = {s.id: s for s in document.sections} if document is not None else {}
        section = by_id[doc_id].get(sid) if sid else None
        if section is not None:
            out.append(SectionMatch(doc_id, sid, section.title, summaries[doc_id].title, round(float(score), 4)))
    return out
