"""Fuzzy words and patterns that stay fast on a large vocabulary.

Whoosh expands ``word~`` by computing an edit distance against every indexed word
sharing its first letter, and ``con*`` into every word with that prefix (thousands
at 50,000 documents), then unions their postings. Here a one-edit fuzzy word of
plain letters tries the few hundred strings one edit away and keeps those the index
holds; two edits (or other scripts) fall back to a scan, bounded by word length. A pattern keeps its most frequent
expansions, up to a limit, so that ``c*`` answers in bounded time; the limit is
reported to the user (``pattern_limited``).
"""

from __future__ import annotations

from whoosh import query as q

from .spelling import _edits1, distance

class BoundedFuzzyTerm(q.FuzzyTerm):
    def _btexts(self, ixreader):
        text, field, prefix = self.text, self.fieldname, self.prefixlength
        if self.maxdist <= 1 and text.isascii() and text.isalpha():
            candidates = {text} | _edits1(text)
            for candidate in sorted(candidates):
                if candidate[:prefix] == text[:prefix] and (field, candidate) in ixreader:
                    yield candidate
            return
        fieldobj = ixreader.schema[field]
        for btext in ixreader.expand_prefix(field, text[:prefix]):
            word = fieldobj.from_bytes(btext)
            if abs(len(word) - len(text)) <= self.maxdist and distance(word, text, self.maxdist) <= self.maxdist:
                yield word


def bounded_pattern(pattern, limit: int):
    """The pattern itself when it expands to few words; else an Or of the commonest."""
    return _LimitedPattern(pattern, limit)


class _LimitedPattern(q.WrappingQuery):
    """A Prefix or Wildcard limited to its ``limit`` most frequent expansions.

    It is a leaf: highlighting asks a leaf for its words, and must get the
    bounded list, not every expansion of the pattern.
    """

    def __init__(self, child, limit: int) -> None:
        super().__init__(child)
        self.limit = limit

    def is_leaf(self) -> bool:
        return True

    def children(self):
        return iter(())

    def limited(self, reader) -> bool:
        """Whether the pattern matches more words than the limit."""
        for count, _ in enumerate(self.child._btexts(reader), 1):
            if count > self.limit:
                return True
        return False

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.child!r}, {self.limit})"

    def __eq__(self, other) -> bool:
        return type(other) is type(self) and other.child == self.child and other.limit == self.limit

    def __hash__(self) -> int:
        return hash((type(self).__name__, self.child, self.limit))

    def _rewrap(self, child):
        return type(self)(child, self.limit)

    def expansions(self, reader) -> list:
        words = list(self.child._btexts(reader))
        if len(words) <= self.limit:
            return words
        field = self.child.fieldname
        words.sort(key=lambda w: -reader.doc_frequency(field, w))
        return words[: self.limit]

    def matcher(self, searcher, context=None):
        from whoosh.matching import NullMatcher
        from whoosh.searching import SearchContext

        reader = searcher.reader()
        field = self.child.fieldname
        words = self.expansions(searcher.get_parent().reader() if searcher.get_parent() is not searcher else reader)
        terms = [q.Term(field, w) for w in words if (field, w) in reader]
        if not terms:
            return NullMatcher()
        context = (context or SearchContext()).set(weighting=None)
        return q.Or(terms, boost=self.child.boost).matcher(searcher, context)

    def existing_terms(self, ixreader, phrases=True, expand=False, fieldname=None):
        if not expand:
            return self.child.existing_terms(ixreader, phrases, expand, fieldname)
        field = self.child.fieldname
        if fieldname is not None and fieldname != field:
            return set()
        return {(field, w if isinstance(w, bytes) else w.encode("utf-8")) for w in self.expansions(ixreader)}
