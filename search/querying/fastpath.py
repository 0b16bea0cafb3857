"""Ranked search of plain words without Whoosh's tree of matchers.

Most queries are a few words, which the parser makes into an ``And`` with, per word,
an ``Or`` over the text fields. Whoosh answers them by walking a tree of matchers one
posting at a time, several Python calls per node and posting: two common words took
50 ms at 10,000 documents, nearly all of it in that walk. Here each term's postings
are read a block at a time, scored with the same BM25F function and statistics
(``scoring.DocumentBM25F``), and combined in dicts. The documents are the same and so
are the scores, up to the last bit of a sum that Whoosh adds up in another order.

Only that shape is taken: words and their fields, phrases, the word sets that
fuzzy words and patterns become (``fuzzy.WordSet``, one constant score), and the
terms a date range becomes (``dates.DateSet``, likewise). NOT,
ranges, filters, phrases with slop and the any-word fallback (whose ``Or`` scales
scores by how many words matched) go to Whoosh, as does anything not recognised.

Postings and lengths are read through ``whoosh_ext.postings``, which reaches into
Whoosh's codec. That is done only on the Whoosh version it was read from
(``whoosh_ext.is_tested_version``) and on segments of Whoosh's own codec; anywhere
else Whoosh's own search answers. Nothing here catches an error: a fault in this
scoring shows, it is not quietly answered another way.
"""

from __future__ import annotations

import heapq
import os
from dataclasses import dataclass

from whoosh import query as q
from whoosh.util.numeric import byte_to_length

from ..whoosh_ext import is_tested_version
from ..whoosh_ext.postings import (
    ids_of,
    is_plain_segment,
    length_bytes,
    postings_within,
    term_info,
    term_infos_from,
    term_postings,
)
from .dates import DateSet
from .fuzzy import Excluded, WordSet

_LENGTHS = [byte_to_length(b) if b else 1 for b in range(256)]  # a stored length byte -> length (0: unknown -> 1)


@dataclass(frozen=True)
class _Leaf:
    kind: str  # "term" (scored), "set" (a word set: one constant score), "phrase" or "dates" (a set of terms of several fields)
    field: str
    words: tuple[str, ...]  # the term; the set's terms; the phrase's terms in order
    boost: float = 1.0  # a term's or phrase's boost; a set's constant score
    terms: tuple[tuple[str, bytes], ...] = ()  # the (field, term) pairs of "dates"


def _leaf(node) -> _Leaf | None:
    if type(node) is q.Term and isinstance(node.text, str):
        return _Leaf("term", node.fieldname, (node.text,), float(node.boost))
    if type(node) is q.ConstantScoreQuery and type(node.child) in (WordSet, q.Or, q.Term):
        # A fuzzy word's or pattern's words, a year or month (date:2024), years (date:[2020 to 2024]).
        terms = [node.child] if type(node.child) is q.Term else node.child.subqueries
        if any(type(t) is not q.Term or not isinstance(t.text, str) for t in terms) or len({t.fieldname for t in terms}) > 1:
            return None
        field = terms[0].fieldname if terms else ""  # no words: matches nothing
        return _Leaf("set", field, tuple(t.text for t in terms), float(node.score))
    if type(node) is q.Phrase and node.slop == 1 and node.words and all(isinstance(w, str) for w in node.words):
        return _Leaf("phrase", node.fieldname, tuple(node.words), float(node.boost))
    if type(node) is q.ConstantScoreQuery and type(node.child) is DateSet:
        # A date range: the year, month and day terms the index holds in it (``dates``).
        return _Leaf("dates", "", (), float(node.score), node.child.terms)
    return None


def _plain_or(node) -> bool:
    return type(node) is q.Or and node.boost == 1.0 and not node.scale and not node.minmatch


def _alternatives(node) -> list:
    """An ``Or``'s alternatives, nested ``Or``s flattened (``(a* OR b*)``: each pattern over each field).

    An ``Or`` scores a document by the sum of what matched, so the flat sum is the same.
    """
    if not _plain_or(node):
        return [node]
    return [leaf for child in node.subqueries for leaf in _alternatives(child)]


def without_excluded(query) -> tuple[object, Excluded | None]:
    """``a AND NOT b`` as (a, what b takes away); any other query as (query, None)."""
    if type(query) is q.AndNot and type(query.b) is Excluded and query.boost == 1.0:
        return query.a, query.b
    return query, None


def clauses(query) -> list[list[_Leaf]] | None:
    """The query as clauses that must all match, each a list of alternatives; None if it is not that shape."""
    parts = query.subqueries if type(query) is q.And and query.boost == 1.0 else [query]
    out = []
    for part in parts:
        if type(part) is q.Or:
            if not _plain_or(part):
                return None
            alternatives = _alternatives(part)
        else:
            alternatives = [part]
        leaves = [_leaf(node) for node in alternatives]
        if not leaves or any(leaf is None for leaf in leaves):
            return None
        out.append(leaves)
    return out or None


class FastHit:
    """One hit, as much of ``whoosh.searching.Hit`` as the rest of the engine reads."""

    __slots__ = ("_searcher", "docnum", "score")

    def __init__(self, searcher, docnum: int, score: float) -> None:
        self._searcher = searcher
        self.docnum = docnum
        self.score = score

    def __getitem__(self, name: str):
        return self._searcher.stored_fields(self.docnum)[name]


class FastResults:
    """The top hits and the exact number of matching documents."""

    def __init__(self, hits: list[FastHit], total: int) -> None:
        self._hits = hits
        self._total = total

    def __len__(self) -> int:
        return self._total

    def __iter__(self):
        return iter(self._hits)

    def is_empty(self) -> bool:
        return self._total == 0


def _term_scores(searcher, sub, reader, field: str, btext: bytes, ids, weights, only=None) -> dict[int, float]:
    """Docnum -> the term's BM25F score (before boosts), for ``only`` those documents if given."""
    scorer = searcher.weighting.scorer(sub, field, btext)
    idf, avgfl, b, k1 = scorer.idf, scorer.avgfl, scorer.B, scorer.K1
    lengths = length_bytes(reader, field)
    out: dict[int, float] = {}
    for docnum, tf in zip(ids, weights):
        if only is None or docnum in only:
            fl = _LENGTHS[lengths[docnum]]
            # Whoosh's scoring.bm25, as BM25FScorer.score calls it.
            out[docnum] = idf * ((tf * (k1 + 1)) / (tf + k1 * ((1 - b) + b * fl / avgfl)))
    return out


def _tree_sum(values: list[float]) -> float:
    """A sum grouped as Whoosh's ``make_binary_tree`` of intersections adds it."""
    if len(values) == 1:
        return values[0]
    half = len(values) // 2
    return _tree_sum(values[:half]) + _tree_sum(values[half:])


class _Found:
    """One alternative in one segment: its documents, and how to score them."""

    def __init__(self, leaf: _Leaf, ids, weights=None, scores: dict[int, float] | None = None) -> None:
        self.leaf = leaf
        self.ids = ids
        self.weights = weights
        self.scores = scores  # a phrase's, computed while matching it
        self.pending = None  # a phrase's words' postings, until it is scored


WALK_ABOVE = 32  # words in a set past which a segment's terms are walked, not looked up


def _word_set_ids(reader, field: str, btexts: list[bytes]) -> set[int]:
    """The documents of a segment that hold any of a word set's terms in ``field``.

    A pattern's hundreds of words mostly share a beginning ("fla*"): walking the
    segment's terms from that beginning reads each term and its postings' address
    once, where looking each word up cost a hash probe (and, for a missing word,
    an exception) per word, segment and field: 0.3 s for "fla*" at 50,000 documents.
    """
    ids: set[int] = set()
    prefix = os.path.commonprefix(btexts) if len(btexts) > WALK_ABOVE else b""
    if len(prefix) >= 2:
        wanted = set(btexts)
        for term, info in term_infos_from(reader, field, prefix):
            if not term.startswith(prefix):
                break
            if term in wanted:
                ids.update(ids_of(reader, field, info))
        return ids
    for btext in btexts:
        info = term_info(reader, field, btext)
        if info is not None:
            ids.update(ids_of(reader, field, info))
    return ids


def _find(searcher, sub, reader, leaf: _Leaf) -> _Found:
    field = leaf.field
    btexts = [word.encode("utf-8") for word in leaf.words]
    if leaf.kind == "set":
        return _Found(leaf, _word_set_ids(reader, field, btexts) if field else set())
    if leaf.kind == "dates":
        ids: set[int] = set()
        for name in dict.fromkeys(name for name, _ in leaf.terms):
            ids |= _word_set_ids(reader, name, [term for other, term in leaf.terms if other == name])
        return _Found(leaf, ids)
    if any((field, btext) not in reader for btext in btexts):
        return _Found(leaf, ())
    if leaf.kind == "term":
        ids, weights = term_postings(reader, field, btexts[0])
        return _Found(leaf, ids, weights)
    found = _phrase_words(reader, leaf, btexts)
    return _phrase(searcher, sub, reader, found) if found.ids else found


def _phrase_words(reader, leaf: _Leaf, btexts: list[bytes]) -> _Found:
    """Documents where the words stand next to each other in order (Whoosh's ``Phrase``, slop 1), not yet scored.

    Word by word, rarest first: the rarest is read whole, each other word only in
    the blocks of postings where the documents left are, and a document stays only
    where the words read so far stand in the phrase's order. Twenty common words
    are read where the phrase may still be, not whole (0.34 s became 0.1 s at
    10,000 documents). The postings read are kept for scoring (``_phrase``).
    """
    field = leaf.field
    decode = reader.schema[field].format.decode_positions
    order = sorted(range(len(btexts)), key=lambda i: reader.doc_frequency(field, btexts[i]))
    postings: list = [((), (), ())] * len(btexts)
    first = order[0]
    postings[first] = term_postings(reader, field, btexts[first], values=True)
    # The rarest word's positions are decoded only in the documents the next word is in too.
    undecoded = dict(zip(postings[first][0], postings[first][2]))
    starts: dict[int, set[int]] | None = None  # docnum -> where the phrase may start in it
    for step, index in enumerate(order[1:], 1):
        wanted = set(undecoded) if starts is None else set(starts)
        postings[index] = postings_within(reader, field, btexts[index], wanted, key=tuple(btexts[i] for i in order[:step]))
        narrowed: dict[int, set[int]] = {}
        ids, _, raw = postings[index]
        for docnum, value in zip(ids, raw):
            if docnum in wanted:
                before = starts[docnum] if starts is not None else {p - first for p in decode(undecoded[docnum])}
                here = {position - index for position in decode(value)} & before
                if here:
                    narrowed[docnum] = here
        starts = narrowed
        if not starts:
            return _Found(leaf, ())
    found = _Found(leaf, set(undecoded) if starts is None else set(starts))
    found.pending = postings
    return found


def _phrase(searcher, sub, reader, found: _Found) -> _Found:
    """A phrase's documents (``_phrase_words``) scored: the sum of the words' scores, as Whoosh's ``SpanNear2`` gives it."""
    leaf = found.leaf
    field = leaf.field
    btexts = [word.encode("utf-8") for word in leaf.words]
    postings = found.pending
    matched = found.ids
    per_word = [
        _term_scores(searcher, sub, reader, field, btext, ids, weights, matched)
        for btext, (ids, weights, _) in zip(btexts, postings)
    ]
    boost = leaf.boost
    scores = {}
    for docnum in matched:
        value = _tree_sum([word[docnum] for word in per_word])
        scores[docnum] = value * boost if boost != 1.0 else value
    return _Found(leaf, matched, scores=scores)


def _add_scores(scores: dict[int, float], searcher, sub, reader, found: _Found) -> None:
    """Add one alternative's share to the documents in ``scores`` (the candidates)."""
    leaf = found.leaf
    if leaf.kind in ("set", "dates"):
        for docnum in found.ids:
            if docnum in scores:
                scores[docnum] += leaf.boost
        return
    if leaf.kind == "phrase":
        for docnum, value in (found.scores or {}).items():
            if docnum in scores:
                scores[docnum] += value
        return
    if not found.ids:
        return
    btext = leaf.words[0].encode("utf-8")
    boost = leaf.boost
    for docnum, value in _term_scores(searcher, sub, reader, leaf.field, btext, found.ids, found.weights, scores).items():
        scores[docnum] += value * boost if boost != 1.0 else value  # Term's boost, as WrappingMatcher applies it


def _segment_scores(searcher, sub, parsed: list[list[_Leaf]], excluded: Excluded | None = None) -> dict[int, float]:
    """Segment docnum -> score, for the documents that match every clause and are not ``excluded``.

    Documents first (every clause's ids, intersected), scores after, for those
    only: two common words each match thousands, both a few hundred.
    """
    reader = sub.reader()
    found = []
    candidates: set[int] | None = None
    for leaves in parsed:
        alternatives = [_find(searcher, sub, reader, leaf) for leaf in leaves]
        docs = set().union(*(alternative.ids for alternative in alternatives))
        candidates = docs if candidates is None else candidates & docs
        if not candidates:
            return {}
        found.append(alternatives)
    if excluded is not None:
        candidates -= excluded.ids(sub)
        if not candidates:
            return {}
    if reader.has_deletions():
        candidates = {docnum for docnum in candidates if not reader.is_deleted(docnum)}
    total: dict[int, float] | None = None
    for alternatives in found:
        # Summed field by field; Whoosh's tree of matchers may group the same sum
        # differently, which can change its last bit, never the order of distinct scores.
        scores = dict.fromkeys(candidates, 0.0)
        for alternative in alternatives:
            _add_scores(scores, searcher, sub, reader, alternative)
        total = scores if total is None else {docnum: value + scores[docnum] for docnum, value in total.items()}
    return total or {}


# -- every word counts, none is required --------------------------------------------------


def _optional(leaves: list[_Leaf]) -> bool:
    """A bare word (one term over several fields) may be missing; a phrase, a field or a pattern may not."""
    return len({leaf.field for leaf in leaves}) > 1 and all(leaf.kind == "term" for leaf in leaves)


def _rare(searcher, leaves: list[_Leaf]) -> bool:
    """A bare word that some documents have and most don't: one a hit should hold."""
    body = [leaf for leaf in leaves if leaf.field == "body"] or leaves
    frequency = max(searcher.doc_frequency(leaf.field, leaf.words[0]) for leaf in body)
    return 0 < frequency <= COMMON * _documents(searcher)


def _documents(searcher) -> int:
    from .scoring import _records

    return _records(searcher, "body")


def _clause_weight(searcher, leaves: list[_Leaf]) -> float:
    """How much a clause counts towards a document's share of the query: the rarity of its word.

    The body holds every word of a document (titles included), so its idf says how
    rare the word is; a word seen in most documents ("how", "does") weighs little,
    and one no document has weighs nothing: it cannot tell documents apart.
    """
    terms = [leaf for leaf in leaves if leaf.kind == "term"]
    if terms and not any(searcher.doc_frequency(leaf.field, leaf.words[0]) for leaf in terms):
        return 0.0
    if not terms:
        return 1.0  # a phrase, a pattern or dates: required, so every candidate holds it anyway
    chosen = [leaf for leaf in terms if leaf.field == "body"] or terms
    return max(searcher.weighting.idf(searcher, leaf.field, leaf.words[0]) for leaf in chosen)


def _segment_soft_scores(
    searcher,
    sub,
    parsed: list[list[_Leaf]],
    weights: list[float],
    optional: list[bool],
    power: float,
    least: float,
    important: list[bool],
) -> tuple[dict[int, float], set[int]]:
    """Segment docnum -> score for documents with every required clause and at least ``least`` of the weight.

    A document's score is its BM25F sum over the clauses it matches, times its
    share of the clauses' weight raised to ``power``: documents that hold more of
    the rare words of the query come first, a missing common word costs little.
    Also returns the documents that match every clause.
    """
    reader = sub.reader()
    found = []
    required: set[int] | None = None
    matched: list[set[int]] = []
    for leaves, may_miss in zip(parsed, optional):
        alternatives = [_find(searcher, sub, reader, leaf) for leaf in leaves]
        docs = set().union(*(alternative.ids for alternative in alternatives))
        matched.append(docs)
        if not may_miss:
            required = docs if required is None else required & docs
            if not required:
                return {}, set()
        found.append(alternatives)
    candidates = set().union(*matched) if required is None else set(required)
    if reader.has_deletions():
        candidates = {docnum for docnum in candidates if not reader.is_deleted(docnum)}
    whole = sum(weights) or 1.0
    share = dict.fromkeys(candidates, 0.0)
    for docs, weight in zip(matched, weights):
        for docnum in docs & candidates if len(docs) > len(candidates) else docs:
            if docnum in share:
                share[docnum] += weight
    kept = {docnum for docnum, value in share.items() if value / whole >= least - 1e-9}
    total: dict[int, float] = dict.fromkeys(kept, 0.0)
    for alternatives in found:
        scores = dict.fromkeys(kept, 0.0)
        for alternative in alternatives:
            _add_scores(scores, searcher, sub, reader, alternative)
        for docnum, value in scores.items():
            total[docnum] += value
    everything = set(kept).intersection(*matched) if matched else set(kept)
    for docnum in total:
        total[docnum] *= (share[docnum] / whole) ** power
    _reward_neighbours(reader, parsed, total)
    needed = [docs for docs, wanted in zip(matched, important) if wanted]
    if needed and COMPLETE_FIRST:
        for docnum in set(kept).intersection(*needed):
            total[docnum] *= COMPLETE_FIRST
    return total, everything


NEIGHBOURS_CHECKED = 100  # the best documents of a segment whose word positions are read for the bonus
# Per field, how much more a document scores where every pair of the query's consecutive
# words stands together there: in the body 2x; in the title, a heading or the opening
# words, which say what a document or a section is about, more again.
NEIGHBOUR_BONUS = {"body": 1.0, "title": 1.0, "section": 1.0, "lead": 1.0}


def _reward_neighbours(reader, parsed: list[list[_Leaf]], scores: dict[int, float]) -> None:
    """Raise the best documents where the query's words stand next to each other, in its order.

    "list block devices" is best answered where "block devices" is written, not
    where "block" and "devices" are pages apart; "multiple working trees" by the page
    whose opening line says "Manage multiple working trees". Positions skip stop
    words, so "search for a pattern" counts "search" and "pattern" as neighbours.
    Only the ``NEIGHBOURS_CHECKED`` best documents are read.
    """
    if not scores:
        return
    best = heapq.nlargest(NEIGHBOURS_CHECKED, scores, key=scores.get)
    wanted = set(best)
    factor = dict.fromkeys(best, 1.0)
    for field, bonus in NEIGHBOUR_BONUS.items():
        if not bonus or field not in reader.schema:
            continue
        words = []
        for leaves in parsed:
            found = [leaf for leaf in leaves if leaf.field == field and leaf.kind == "term"]
            words.append(found[0].words[0] if found else None)
        pairs = [(a, b) for a, b in zip(words, words[1:]) if a and b and a != b]
        if not pairs:
            continue
        for docnum, together in _pairs_together(reader, field, pairs, wanted).items():
            factor[docnum] += bonus * together / len(pairs)
    for docnum, value in factor.items():
        if value != 1.0:
            scores[docnum] *= value


def _pairs_together(reader, field: str, pairs: list[tuple[str, str]], wanted: set[int]) -> dict[int, int]:
    """For each of ``wanted`` documents, how many of ``pairs`` stand side by side in ``field``."""
    decode = reader.schema[field].format.decode_positions
    positions: dict[str, dict[int, bytes]] = {}
    for word in dict.fromkeys(w for pair in pairs for w in pair):
        btext = word.encode("utf-8")
        if (field, btext) not in reader:
            positions[word] = {}
            continue
        ids, _, raw = term_postings(reader, field, btext, values=True)
        positions[word] = {d: v for d, v in zip(ids, raw) if d in wanted}
    decoded: dict[tuple[str, int], set[int]] = {}

    def at(word: str, docnum: int) -> set[int]:
        key = (word, docnum)
        found = decoded.get(key)
        if found is None:
            found = decoded[key] = set(decode(positions[word][docnum]))
        return found

    counts: dict[int, int] = {}
    for docnum in wanted:
        together = 0
        for first, second in pairs:
            if docnum in positions[first] and docnum in positions[second]:
                following = at(second, docnum)
                if any(p + 1 in following for p in at(first, docnum)):
                    together += 1
        if together:
            counts[docnum] = together
    return counts


COMMON = 0.2  # a word in more than this share of the documents is common: it may be missing from the first hits
COMPLETE_FIRST = 1000.0  # documents with every word that is not common come first (their scores times this)
POWER = 2.0  # how steeply a document's score falls with the share of the query's weight it lacks
LEAST = 0.5  # the share of the query's weight a document must hold to be a hit at all


def run_soft(searcher, query, limit: int) -> tuple[FastResults, bool] | None:
    """Top hits by every word's share (see ``_segment_soft_scores``), and whether any document has every word.

    None when the query is not plain words (Whoosh answers it, strictly), or has no
    optional word.
    """
    parsed = clauses(query)
    if parsed is None or not is_tested_version():
        return None
    optional = [_optional(leaves) for leaves in parsed]
    if not any(optional) or len(parsed) < 2:
        return None
    leaves_of = searcher.leaf_searchers()
    if not all(is_plain_segment(sub.reader()) for sub, _ in leaves_of):
        return None
    weights = [_clause_weight(searcher, leaves) for leaves in parsed]
    important = [not may_miss or _rare(searcher, leaves) for leaves, may_miss in zip(parsed, optional)]
    ranked: list[tuple[float, int]] = []
    complete = False
    for sub, offset in leaves_of:
        scores, everything = _segment_soft_scores(searcher, sub, parsed, weights, optional, POWER, LEAST, important)
        complete = complete or bool(everything)
        ranked.extend((-value, offset + docnum) for docnum, value in scores.items())
    top = heapq.nsmallest(limit, ranked)
    return FastResults([FastHit(searcher, docnum, -negative) for negative, docnum in top], len(ranked)), complete


def run(searcher, query, limit: int) -> FastResults | None:
    """Top ``limit`` hits and the total, or None when Whoosh runs the query instead.

    Whoosh runs it when it is not plain words, when the installed Whoosh is not the
    version this was written against, or when a segment is not of Whoosh's own codec
    (an empty index has none).
    """
    positive, excluded = without_excluded(query)
    parsed = clauses(positive)
    if parsed is None or not is_tested_version():
        return None
    leaves = searcher.leaf_searchers()
    if not all(is_plain_segment(sub.reader()) for sub, _ in leaves):
        return None
    ranked: list[tuple[float, int]] = []
    for sub, offset in leaves:
        ranked.extend((-value, offset + docnum) for docnum, value in _segment_scores(searcher, sub, parsed, excluded).items())
    total = len(ranked)
    top = heapq.nsmallest(limit, ranked)  # best score first; equal scores by docnum, as Whoosh orders them
    return FastResults([FastHit(searcher, docnum, -negative) for negative, docnum in top], total)
