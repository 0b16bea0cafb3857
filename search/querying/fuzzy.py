"""Fuzzy words and patterns that stay fast on a large vocabulary.

A search first resolves them against the corpus's vocabulary of written words
(``resolve``, the same vocabulary "did you mean" uses, held in memory): ``runing~``
becomes the words one edit from what was typed ("running", "ruling"), and
``organiz*`` the words that begin so ("organization", "organize"), each then
analysed like any query word. Whoosh matched both against stems, so ``organiz*``
missed "organization" (stem "organ") and ``runing~`` looked near "rune"; and it
expanded them again in every segment, for every field, and once more to highlight.
The classes below remain for what the vocabulary does not hold (words with
digits, fields other than text), and are Whoosh's way made bounded:

Whoosh expands ``word~`` by computing an edit distance against every indexed word
sharing its first letter, and ``con*`` into every word with that prefix (thousands
at 50,000 documents), then unions their postings. Here a one-edit fuzzy word of
plain letters tries the few hundred strings one edit away and keeps those the index
holds; two edits (or other scripts) fall back to a scan, bounded by word length. A pattern keeps its most frequent
expansions, up to a limit, so that ``c*`` answers in bounded time; the limit is
reported to the user (``searching._patterns_limited``).
"""

from __future__ import annotations

import re

from whoosh import query as q

from ..storage.analysis import term_of
from ..storage.tokens import plain_term
from ..storage.schema import ANALYZED_FIELDS
from ..whoosh_ext.memo import kept
from ..whoosh_ext.postings import ids_of, is_plain_segment, term_info
from ..whoosh_ext.queries import ExpandingFuzzyTerm, RewrappingQuery, expansions
from .spelling import Speller, _edits1, distance
from .stems import languages_in


class BoundedFuzzyTerm(ExpandingFuzzyTerm):
    def words(self, ixreader):
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
    return LimitedPattern(pattern, limit)


_PATTERNS_KEPT = 256  # patterns whose words a reader keeps (a few hundred words each)


class LimitedPattern(RewrappingQuery):
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
        for count, _ in enumerate(expansions(self.child, reader), 1):
            if count > self.limit:
                return True
        return False

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.child!r}, {self.limit})"

    def __eq__(self, other) -> bool:
        return type(other) is type(self) and other.child == self.child and other.limit == self.limit

    def __hash__(self) -> int:
        return hash((type(self).__name__, self.child, self.limit))

    def rewrap(self, child):
        return type(self)(child, self.limit)

    def estimate_size(self, ixreader) -> int:
        # Whoosh balances a tree of unions by it, and would expand the pattern again
        # for every segment to count its documents: the bound is estimate enough.
        return self.limit

    def expansions(self, reader) -> list:
        """The pattern's words in ``reader``, the commonest ``limit`` of them; worked out once per reader.

        Each segment asks the whole index's reader (so that every segment searches
        the same words), and the any-word fallback asks again: eight digit patterns
        walked the merged term lists 64 times, 0.5 s at 10,000 documents.
        """
        cache = kept(reader, "pattern_words", dict)
        key = (self.child.fieldname, type(self.child).__name__, self.child.text, self.limit)
        if key not in cache:
            if len(cache) >= _PATTERNS_KEPT:
                cache.clear()
            cache[key] = self._expand(reader)
        return cache[key]

    def _expand(self, reader) -> list:
        words = list(expansions(self.child, reader))
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


class WordSet(q.Or):
    """The terms a fuzzy word or pattern stands for, as one matcher of their documents.

    It only says which documents match: the ``ConstantScoreQuery`` around it gives
    the score, so no term needs Whoosh's per-term scorer set up (a third of the
    time of a pattern of a few hundred words).
    """

    def normalize(self):
        return self  # empty means "matches nothing", which And must keep

    def matcher(self, searcher, context=None):
        from whoosh.matching import ListMatcher, NullMatcher

        ids = self.ids(searcher.reader())
        if not ids:
            return NullMatcher()
        return ListMatcher(sorted(ids), all_weights=1.0)

    def ids(self, reader) -> set[int]:
        """The documents of ``reader`` that hold any of the terms, deleted ones left out."""
        ids: set[int] = set()
        plain = is_plain_segment(reader)
        for term in self.subqueries:
            btext = term.text.encode("utf-8")
            if plain:
                # A block of ids at a time (thirty common words NOTed read 366,000
                # postings: 0.6 s one posting at a time); deletions are taken out below.
                info = term_info(reader, term.fieldname, btext)
                if info is not None:
                    ids.update(ids_of(reader, term.fieldname, info))
            elif (term.fieldname, btext) in reader:
                ids.update(reader.postings(term.fieldname, btext).all_ids())
        if plain and ids:
            ids -= reader.deleted_docs_set
        return ids


_PATTERN_SYMBOLS = re.compile(r"[*?]")


# Fields whose vocabulary grows with the corpus: reading one whole (the lead's
# 48,000 words at 10,000 documents took 0.8 s) costs more than asking each segment.
_LARGE_FIELDS = ("body", "title", "lead", "path")


def field_terms(searcher, field: str) -> frozenset[bytes] | None:
    """Every term of a field, for the small fields (None for the body and titles).

    Kept on the searcher, so once per index generation and thread. A pattern's
    words come from titles and bodies; most are in no topic, type, author or
    section title, and asking each segment about each of them cost more than the
    rest of the query.
    """
    if field in _LARGE_FIELDS:
        return None  # asked segment by segment instead (reading the title lexicon took 1.5 s at 50,000)
    cache = kept(searcher, "field_terms", dict)
    if field not in cache:
        cache[field] = frozenset(searcher.reader().lexicon(field))
    return cache[field]


def _written(leaf) -> tuple:
    if isinstance(leaf, BoundedFuzzyTerm):
        return ("~", getattr(leaf, "written", None) or leaf.text, leaf.maxdist)
    return (type(leaf.child).__name__, str(leaf.child.text).lower())


def _expanding_leaves(query):
    for leaf in query.leaves():
        if isinstance(leaf, q.ConstantScoreQuery) and isinstance(leaf.child, (BoundedFuzzyTerm, LimitedPattern)):
            yield leaf.child
        elif isinstance(leaf, (BoundedFuzzyTerm, LimitedPattern)):
            yield leaf


def resolve(query, speller: Speller, limit: int, searcher=None, postings: int | None = None) -> tuple[object, bool]:
    """``query`` with its fuzzy words and patterns made into ``WordSet``s; and whether a pattern was cut.

    A pattern keeps at most ``limit`` words, and the fuzzy words and patterns of
    the query together words whose document frequencies add up to ``postings``:
    the most common first, since they find the most documents for the postings read.
    A part the vocabulary cannot answer (digits, a field that is not text) is left
    for Whoosh, as it was parsed. With a ``searcher``, terms a field lacks are
    dropped here rather than looked up in every segment.
    """
    limited = False
    found_for: dict[tuple, list[str] | None] = {}  # the parser repeats each word for every field
    expanding = {_written(leaf) for leaf in _expanding_leaves(query)}
    share = postings // max(1, len(expanding)) if postings else None

    def words_for(leaf) -> list[str] | None:
        key = _written(leaf)
        if key not in found_for:
            found_for[key] = _budgeted(_words_for(leaf), share)
        return found_for[key]

    def _budgeted(words: list[str] | None, budget: int | None) -> list[str] | None:
        nonlocal limited
        if words is None or budget is None:
            return words
        ranked = sorted((w for w in words if term_of(w)), key=lambda w: -speller.frequencies.get(w, 0))  # no stop words
        kept, spent = [], 0
        for word in ranked:
            cost = speller.frequencies.get(word, 0)
            if kept and spent + cost > budget:
                limited = True
                break
            kept.append(word)
            spent += cost
        return kept

    def _words_for(leaf) -> list[str] | None:
        nonlocal limited
        if isinstance(leaf, BoundedFuzzyTerm):
            word = getattr(leaf, "written", None) or leaf.text
            if not word.isalpha():
                return None
            near = speller.near(word, leaf.maxdist)
            if len(word) < 3:
                near.add(word.lower())  # shorter than any word the vocabulary keeps
            return sorted(near)
        text = leaf.child.text.lower()
        literal = _PATTERN_SYMBOLS.split(text, 1)[0] if isinstance(leaf.child, q.Wildcard) else text
        letters = _PATTERN_SYMBOLS.sub("", text)
        if (literal and not literal.isalpha()) or (letters and not letters.isalpha()):
            return None
        pattern = None
        if isinstance(leaf.child, q.Wildcard):
            pattern = re.compile("".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in text))
        found, over = speller.completions(literal, pattern, limit)
        limited = limited or over
        if isinstance(leaf.child, q.Prefix) and literal not in found:
            found.append(literal)  # a word shorter than the vocabulary keeps (two letters)
        return found

    # A word of the vocabulary stands for its term in each language the index holds
    # (``stems``): "библиотеке" is "библиотек" in a Russian document.
    langs = languages_in(searcher.reader()) if searcher is not None else []

    def visit(node):
        if isinstance(node, q.ConstantScoreQuery) and isinstance(node.child, (BoundedFuzzyTerm, LimitedPattern)):
            leaf = node.child
            field = leaf.fieldname if isinstance(leaf, BoundedFuzzyTerm) else leaf.child.fieldname
            words = words_for(leaf) if field in ANALYZED_FIELDS else None
            if words is None:
                return node
            terms = sorted({term for word in words for term in (term_of(word), *(plain_term(word, lang) for lang in langs)) if term})
            known = field_terms(searcher, field) if searcher is not None else None
            if known is not None:
                terms = [term for term in terms if term.encode("utf-8") in known]
            return q.ConstantScoreQuery(WordSet([q.Term(field, term) for term in terms]), score=node.score)
        if node.is_leaf():
            return node
        return node.apply(visit)

    return visit(query), limited


class Excluded(RewrappingQuery):
    """What a NOT takes away: the documents of its query, gathered once.

    Taking away needs no score. Whoosh walks a tree of union matchers (a pattern
    over nine fields is eighteen of them) past every candidate document:
    ``(a* OR b*) AND NOT (c* OR d*)`` took 1.1 s at 10,000 documents. Here the
    words under the NOT are read as one ``WordSet``, a block of postings at a time;
    any other shape has its matches listed once.
    """

    def matcher(self, searcher, context=None):
        from whoosh.matching import ListMatcher, NullMatcher

        ids = sorted(self.ids(searcher, context))
        return ListMatcher(ids, all_weights=1.0) if ids else NullMatcher()

    def ids(self, searcher, context=None) -> set[int]:
        """The documents taken away, in ``searcher``'s numbering (deleted ones may be among them)."""
        terms = _plain_terms(self.child)
        if terms is not None:
            return WordSet(terms).ids(searcher.reader())
        return set(self.child.matcher(searcher, context).all_ids())


def _plain_terms(query) -> list | None:
    """The terms of an ``Or`` of words and word sets (constant-scored or not), or None for any other shape."""
    terms: list = []

    def gather(node) -> bool:
        if type(node) is q.Term:
            terms.append(node)
            return True
        if node is q.NullQuery:  # a word left out of a long query (``querytext._cap_words``)
            return True
        if type(node) is q.ConstantScoreQuery:
            return gather(node.child)
        return type(node) in (q.Or, WordSet) and all(gather(child) for child in node.subqueries)

    return terms if gather(query) else None

