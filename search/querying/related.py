"""Documents like this one: those that share its most distinctive words (Whoosh's ``more_like``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..model import Document, Similar
from ..storage.analysis import text_postings
from ..storage.languages import ENGLISH, detect
from ..storage.records import layout
from ..storage.schema import Analyzed

if TYPE_CHECKING:
    from .view import View

# The most of a document's text read for its distinctive words. Whoosh analyzes it
# word by word: all 3 MB of a file of 100,000 headings took 7 s, while the words
# that stand out in a document stand out in its first 100,000 characters too.
MORE_LIKE_CHARS = 100_000


def more_like_this(view: "View", document: Document, limit: int = 5) -> list[Similar]:
    """Documents whose distinctive words this one shares, best first, never itself."""
    searcher = view.searcher
    docnum = searcher.document_number(rid=document.doc_id)
    if docnum is None:
        return []
    text = (document.title + "\n" + document.text)[:MORE_LIKE_CHARS]
    if not text.strip():
        return []
    lang = detect(layout(document).body)  # as the document's record was stemmed (``records``)
    if lang != ENGLISH:
        # Whoosh's analysis is English's: hand it the words as this language stems them.
        text = Analyzed(text_postings(text, searcher.schema["body"].format, lang=lang))
    results = searcher.more_like(docnum, "body", text=text, top=limit, numterms=12)
    ids = [(r["doc_id"], r.score) for r in results]
    summaries = view.store.summaries([i for i, _ in ids])
    return [Similar(i, summaries[i].title, round(float(s), 4)) for i, s in ids if i in summaries]
