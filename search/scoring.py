"""BM25F over documents, not over index records.

Whoosh's BM25F takes the number of documents (for idf) and the average field length
from every record of the index. Here a document is one record among its section
records, so those statistics moved with how many sections the corpus happened to
have: removing or adding section records shifted every score, and with them the
order of results for queries of several words. Counting only the records that can
hold a field (document records for document fields, section records for section
titles) makes ranking depend on the documents alone.
"""

from __future__ import annotations

from math import log

from whoosh.scoring import BM25F, BM25FScorer, WeightScorer

SECTION_FIELDS = frozenset({"sid", "stitle"})


def _records(searcher, fieldname: str) -> int:
    """How many records can hold ``fieldname``, cached on the (top-level) searcher."""
    counts = getattr(searcher, "_readingroom_counts", None)
    if counts is None:
        documents = sum(searcher.doc_frequency("kind", kind) for kind in ("full", "summary"))
        counts = (max(documents, 1), max(searcher.doc_count_all() - documents, 1))
        searcher._readingroom_counts = counts
    return counts[1] if fieldname in SECTION_FIELDS else counts[0]


class _Scorer(BM25FScorer):
    def __init__(self, searcher, fieldname, text, B, K1, qf=1):
        parent = searcher.get_parent()
        self.idf = parent.idf(fieldname, text)
        self.avgfl = (parent.field_length(fieldname) / _records(parent, fieldname)) or 1
        self.B = B
        self.K1 = K1
        self.qf = qf
        self.setup(searcher, fieldname, text)


class DocumentBM25F(BM25F):
    def idf(self, searcher, fieldname, text):
        parent = searcher.get_parent()
        n = parent.doc_frequency(fieldname, text)
        return log(_records(parent, fieldname) / (n + 1)) + 1

    def scorer(self, searcher, fieldname, text, qf=1):
        if not searcher.schema[fieldname].scorable:
            return WeightScorer.for_(searcher, fieldname, text)
        B = self._field_B.get(fieldname, self.B)
        return _Scorer(searcher, fieldname, text, B, self.K1, qf=qf)
