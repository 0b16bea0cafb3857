"""The hooks Whoosh's query classes call, for queries of readingroom's own.

``querying.fuzzy`` bounds fuzzy words and patterns. Whoosh asks a multi-term query
for its words through ``_btexts(reader)`` (to match, simplify, list its terms), and
rebuilds a wrapping query through ``_rewrap(child)`` (``apply``, ``with_boost``).
Both are undocumented; here they get names of their own:

- ``expansions(query, reader)``: the words a Prefix, Wildcard or fuzzy word stands
  for in a reader, as Whoosh expands it;
- ``ExpandingFuzzyTerm``: a FuzzyTerm whose words come from its ``words(reader)``;
- ``RewrappingQuery``: a WrappingQuery that keeps its own arguments (``rewrap``)
  when Whoosh rebuilds it around a new child.
"""

from __future__ import annotations

from whoosh import query as q


def expansions(query, reader):
    """The words (bytes or text, as Whoosh yields them) a multi-term query stands for in ``reader``."""
    return query._btexts(reader)


class ExpandingFuzzyTerm(q.FuzzyTerm):
    """A FuzzyTerm whose words in a reader are what ``words(reader)`` yields."""

    def words(self, reader):
        raise NotImplementedError(type(self).__name__)

    def _btexts(self, ixreader):
        return self.words(ixreader)


class RewrappingQuery(q.WrappingQuery):
    """A WrappingQuery rebuilt by ``rewrap(child)``, so arguments besides the child survive."""

    def rewrap(self, child):
        return type(self)(child)

    def _rewrap(self, child):
        return self.rewrap(child)
