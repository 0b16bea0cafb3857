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

from ..whoosh_ext.memo import kept

SECTION_FIELDS = frozenset({"sid", "stitle"})


def _records(searcher, fieldname: str) -> int:
    """How many records can hold ``fieldname``, counted once per (top-level) searcher."""
    counts = kept(searcher, "counts", lambda: _count_records(searcher))
    return counts[1] if fieldname in SECTION_FIELDS else counts[0]


def _count_records(searcher) -> tuple[int, int]:
    """(document records, section records), each at least 1."""
    documents = sum(searcher.doc_frequency("kind", kind) for kind in ("full", "summary"))
    return max(documents, 1), max(searcher.doc_count_all() - documents, 1)


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
    def __init__(self, B=0.75, K1=1.2, **kwargs) -> None:
        super().__init__(B=B, K1=K1, **kwargs)
        # Per-field B, as BM25F takes it ("body_B=0.5"), kept here rather than read from Whoosh's private copy.
        self.field_b = {name[:-2]: value for name, value in kwargs.items() if name.endswith("_B")}

    def idf(self, searcher, fieldname, text):
        parent = searcher.get_parent()
        n = parent.doc_frequency(fieldname, text)
        return log(_records(parent, fieldname) / (n + 1)) + 1

    def scorer(self, searcher, fieldname, text, qf=1):
        if not searcher.schema[fieldname].scorable:
            return WeightScorer.for_(searcher, fieldname, text)
        B = self.field_b.get(fieldname, self.B)
        return _Scorer(searcher, fieldname, text, B, self.K1, qf=qf)
