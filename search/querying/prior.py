"""How much the corpus refers to a document: a lift for the pages other documents name.

Words alone cannot tell ``grep`` from ``zipgrep`` for "search for a pattern in
files": both pages say it, and the shorter one wins on length. What tells them apart
is that forty pages write `grep` and none writes `zipgrep`. Each document is known
by its name (its file name's stem, ``doclinks.name_of``); the store counts the
documents that write that name as inline code (``doclinks.mentions``). A hit's
score is multiplied by ``1 + LIFT * log2(1 + mentions)``: a page named by one other
document gains a little, one named by a hundred gains several times that, and in a
corpus that writes no inline code (plain text) nothing changes.

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
MOST = 1 << 20  # mentions past this many count as this many


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
    names = {}
    for hit in hits:
        name = name_of(hit["doc_id"])
        parts = set(_WORD.findall(name))
        names[hit.docnum] = "" if parts and parts <= asked else name
    counts = view.store.mention_counts(sorted(set(names.values()) - {""}))
    if not counts:
        return results
    rescored = [
        FastHit(hit._searcher, hit.docnum, hit.score * (1 + LIFT * math.log2(1 + min(MOST, counts.get(names[hit.docnum], 0)))))
        for hit in hits
    ]
    rescored.sort(key=lambda hit: (-hit.score, hit.docnum))
    return FastResults(rescored, len(results))
