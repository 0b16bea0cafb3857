"""How much the corpus refers to a document: a lift for the pages other documents name or link to.

Words alone cannot tell ``grep`` from ``zipgrep`` for "search for a pattern in
files": both pages say it, and the shorter one wins on length. What tells them apart
is that forty pages write `grep` and none writes `zipgrep`. Each document is known
by its name (its file name's stem, ``doclinks.name_of``); the store counts the other
documents that write that name as inline code (``doclinks.mentions``) or link to the
document (``doc_links``; git's manual pages refer to each other by ``linkgit:``, a
book's chapters by links). A hit's score is multiplied by
``1 + LIFT * log2(1 + referrers)``: a page one other document refers to gains a
little, one a hundred refer to gains several times that, and in a corpus without
inline code or links (plain text) nothing changes.

Only the hits already ranked first by their words are reordered (the ``wanted``
best of the share ranking): a lift chooses among pages that answer the words, it
never brings in one that does not.
"""

from __future__ import annotations

import math
import re
from typing import TYPE_CHECKING

from ..doclinks import name_of

if TYPE_CHECKING:
    from .view import View

LIFT = 0.1  # how much each doubling of the documents that name a page adds to its score
MOST = 1 << 20  # referrers past this many count as this many


_WORD = re.compile(r"[^\W_]+")


def lifted(view: "View", results, text: str):
    """``results`` (the fast path's) reordered by each hit's score times its lift; the same hits and total.

    A page whose name the query writes ("everyday git commands": ``git``) is not
    lifted: its name already counts as a word of the query, and the reader who
    names a page does not need the corpus to say it is central.
    """
    from .fastpath import FastHit, FastResults

    hits = list(results)
    if len(hits) < 2 or not LIFT:
        return results
    asked = set(_WORD.findall(text.lower()))
    named = {}  # doc_id -> name, for the hits that may be lifted
    doc_ids = {}
    for hit in hits:
        doc_id = doc_ids[hit.docnum] = hit["doc_id"]
        name = name_of(doc_id)
        parts = set(_WORD.findall(name))
        if name and not (parts and parts <= asked):
            named[doc_id] = name
    counts = view.store.referrer_counts(named)
    if not counts:
        return results
    rescored = [
        FastHit(hit._searcher, hit.docnum, hit.score * (1 + LIFT * math.log2(1 + min(MOST, counts.get(doc_ids[hit.docnum], 0)))))
        for hit in hits
    ]
    rescored.sort(key=lambda hit: (-hit.score, hit.docnum))
    return FastResults(rescored, len(results))
