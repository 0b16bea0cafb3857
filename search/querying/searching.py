"""Ranked hits for what a user typed: one search, its hits built as they are asked for.

Documents are ranked by BM25F over their document records (``scoring``). Plain
words are ranked by each word's share of the query (``fastpath.run_soft``): a
document needs most of the query's rarity, not every word, and one with every word,
or with the words side by side, comes first. Anything else (written operators,
filters) goes through the strict search (``fastpath.run``, else Whoosh's collector),
and a query that finds nothing with all its words is searched again with any of
them. Either way a query that no document answers whole is run again as its
spelling suggestion when that answers better (``SearchResult.searched``), and it
says so. The hits on screen are built from that one search in steps
(``search_in_steps``): the first few, then the rest, so that a caller can show the
first ones before the others are highlighted.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Collection, Iterator

from ..model import MATCHING_SECTIONS, Hit, SearchResult, SectionRef
from ..storage.records import layout
from ..whoosh_ext.postings import forget_postings
from . import prior
from .highlights import HIT_SPANS, Highlighter, place
from .querytext import read_query

PATTERN_CUT = "A pattern matched more words than one search reads; the most common of them were searched."
from .snippet import make_snippet
from .suggestions import respellings

if TYPE_CHECKING:
    from .view import View



class _Clock:
    """Milliseconds the engine spent on a search, not counting the pauses between its steps."""

    def __init__(self) -> None:
        self.spent = 0.0
        self.started = time.perf_counter()

    def took(self) -> float:
        now = time.perf_counter()
        self.spent += now - self.started
        self.started = now
        return round(self.spent * 1000, 2)

    def resume(self) -> None:
        self.started = time.perf_counter()


def search(
    view: "View",
    text: str,
    *,
    limit: int = 20,
    filters: dict[str, str] | None = None,
    as_typed: bool = False,
    exclude: Collection[str] = (),
) -> SearchResult:
    """The first ``limit`` hits, leaving out the documents ``exclude`` names (hits shown already).

    With ``exclude`` the search ranks ``limit`` more documents than it leaves out and
    returns those it did not leave out, best first: the next page of a result the
    caller is showing. (Not an offset: the lift for named pages, ``prior.lifted``,
    reorders the documents it ranks, so the 60th of a longer ranking can come before
    the 50th; leaving out what was shown reaches every document once.)
    """
    return next(
        search_in_steps(view, text, first=limit, limit=limit, filters=filters, as_typed=as_typed, exclude=exclude)
    )


@dataclass
class _Ranked:
    """One query's matches: with every word, or (``relaxed``) with any of them."""

    parsed: object  # the ParsedQuery that ran
    results: object  # Whoosh's Results or the fast path's
    relaxed: bool
    by_share: bool = False  # ranked by each word's share (most of the words), not any word

    @property
    def total(self) -> int:
        return len(self.results)


def _rank(view: "View", parsed, text: str, wanted: int, filter_query) -> _Ranked:
    """Plain words by their share of the query (``fastpath.run_soft``); else every word, then any.

    Operators written out (AND, OR, NOT) mean what they say: no word is made optional.
    """
    soft = None
    if filter_query is None and not parsed.explicit_operators:
        from . import fastpath

        soft = fastpath.run_soft(view.searcher, parsed.query, wanted)
        if soft is not None and not soft[0].is_empty():
            results, complete = soft
            return _Ranked(parsed, prior.lifted(view, results, text), not complete, by_share=True)
        # Nothing by share: a phrase or pattern no document has (a pasted "52;c;x" is read as
        # the phrase "52 c x") is required; any word of the query may still answer.
    results = soft[0] if soft is not None else _run(view.searcher, parsed.query, wanted, filter_query)
    if results.is_empty() and not parsed.explicit_operators:
        loose = read_query(view, text, any_word=True)
        if loose.query is not None and repr(loose.query) != repr(parsed.query):
            loose_results = _run(view.searcher, loose.query, wanted, filter_query)
            if not loose_results.is_empty():
                return _Ranked(loose, loose_results, True)
    return _Ranked(parsed, results, False)


def _most_answered(view: "View", fixes, filter_query):
    """(text, parsed query) of the fix the corpus answers whole in the most documents; the first on a tie.

    "list blok devices": "blob" is the commoner word, but "list block devices" is
    written far more often. Counting takes the strict search of each fix (documents
    with every word: an intersection), cheaper than ranking each by share.
    """
    readable = []
    for fix in fixes:
        parsed = read_query(view, fix.text)
        if not parsed.error and parsed.query is not None:
            readable.append((fix.text, parsed))
    if len(readable) < 2:
        return readable[0] if readable else None
    # max keeps the first of equals: the speller's order decides a tie.
    return max(readable, key=lambda chosen: len(_run(view.searcher, chosen[1].query, 1, filter_query)))


def _better(corrected: _Ranked, typed: _Ranked) -> bool:
    """Whether the suggestion's hits should be shown instead of the typed query's."""
    if corrected.total == 0:
        return False
    if typed.total == 0:
        return True
    return typed.relaxed and not corrected.relaxed


def search_in_steps(
    view: "View",
    text: str,
    *,
    first: int = 10,
    limit: int = 50,
    filters: dict[str, str] | None = None,
    as_typed: bool = False,
    exclude: Collection[str] = (),
) -> Iterator[SearchResult]:
    """The result with the first ``first`` hits, then (only if more matched) with up to ``limit``.

    One parse and one search: both results carry its total, notices and suggestion,
    and the second one's first hits are the first one's. The rest of the hits are
    built only when the second result is asked for. Ask for both in the thread
    that asked for the first.

    A query that finds nothing, or only documents with some of its words, is run
    again with the suggestion's spelling, and its hits are shown instead when they
    are better (``SearchResult.searched``), unless ``as_typed``. ``exclude``: doc ids
    to leave out of the hits (see ``search``); the total still counts them.
    """
    clock = _Clock()
    searcher = view.searcher
    forget_postings(searcher)
    parsed = read_query(view, text)
    if parsed.error:
        yield SearchResult(query=text, error=parsed.error, notice=parsed.notice, took_ms=clock.took())
        return
    filter_query = _filter_query(filters)
    exclude = frozenset(exclude)
    wanted = max(first, limit) + len(exclude)
    ranked = _rank(view, parsed, text, wanted, filter_query)
    did_you_mean = None
    searched = None
    # A query whose every word some document holds is not respelled: "side" is not "site".
    fixes = []
    if ranked.total == 0 or ranked.relaxed:
        fixes = respellings(view.speller, parsed.text)
    if fixes:
        did_you_mean = fixes[0].text
    if fixes and fixes[0].confident and not as_typed:
        chosen = _most_answered(view, fixes, filter_query)
        if chosen is not None:
            fix_text, corrected_query = chosen
            corrected = _rank(view, corrected_query, fix_text, wanted, filter_query)
            if _better(corrected, ranked):
                # What was bent to read the typed query (a field that does not exist) is still said.
                kept = tuple(n for n in parsed.notices if n not in corrected.parsed.notices)
                corrected.parsed = replace(corrected.parsed, notices=kept + corrected.parsed.notices)
                ranked, searched = corrected, fix_text
    used, relaxed, results, by_share = ranked.parsed, ranked.relaxed, ranked.results, ranked.by_share
    total = ranked.total
    hit_list = [] if results.is_empty() else list(results)
    if exclude:
        hit_list = [r for r in hit_list if r["doc_id"] not in exclude]
    highlighter = Highlighter(used.query, searcher) if hit_list else None
    hits = _hits(view, highlighter, hit_list[:first])
    if used.limited or _patterns_limited(used.query, searcher.reader()):
        used = replace(used, notices=used.notices + (PATTERN_CUT,))
    notice = used.notice
    if relaxed:
        extra = "No document has all the words; showing documents with " + ("most" if by_share else "any") + " of them."
        notice = f"{extra} {notice}" if notice else extra
    result = SearchResult(
        query=text,
        hits=tuple(hits),
        total=total,
        took_ms=clock.took(),
        suggestion=None if searched else did_you_mean,
        relaxed=relaxed,
        notice=notice,
        searched=searched,
    )
    yield result
    if total <= first or limit <= first:
        return
    clock.resume()
    more = _hits(view, highlighter, hit_list[first:limit])
    yield replace(result, hits=result.hits + tuple(more), took_ms=clock.took())


def _filter_query(filters: dict[str, str] | None):
    if not filters:
        return None
    from whoosh import query as q

    fields = {"type": "type_facet", "topic": "topic_facet", "year": "year", "kind": "kind"}
    terms = [q.Term(fields[k], v) for k, v in filters.items() if v and k in fields]
    return q.And(terms) if terms else None


def _patterns_limited(query, reader) -> bool:
    from .fuzzy import LimitedPattern

    return any(isinstance(leaf, LimitedPattern) and leaf.limited(reader) for leaf in query.leaves())


def _run(searcher, query, limit, filter_query):
    """Top hits and the exact total in one pass over the matches.

    Plain words go the fast way (``fastpath``). Whoosh's collector, when not
    skipping by block quality, still "replaces" its matcher every few documents,
    which drops the fields that can no longer reach the top: the total then
    counted only part of the matches ("communities" said 1,158 of 6,116). With
    replacing off, every match is scored and counted once; block-quality skipping
    would find the top sooner but count the total with a second pass.
    """
    if filter_query is None:
        from . import fastpath

        fast = fastpath.run(searcher, query, limit)
        if fast is not None:
            return fast
    from whoosh.collectors import FilterCollector, TopCollector

    collector = TopCollector(limit=limit, usequality=False, replace=0)
    if filter_query is not None:
        collector = FilterCollector(collector, allow=filter_query)
    searcher.search_with_collector(query, collector)
    return collector.results()


def _hits(view: "View", highlighter: Highlighter | None, ranked: list) -> list[Hit]:
    """Hits for these ranked results (Whoosh's or the fast path's), in their order."""
    if not ranked:
        return []
    searcher, store = view.searcher, view.store
    found = [(r.docnum, r["doc_id"], r.score) for r in ranked]
    summaries = store.summaries([doc_id for _, doc_id, _ in found])
    documents = {docnum: store.document(doc_id, marks=False) for docnum, doc_id, _ in found}
    layouts = {docnum: layout(document) for docnum, document in documents.items() if document is not None}
    bodies = {d: where.body for d, where in layouts.items()}
    spans = highlighter.spans(searcher, [docnum for docnum, _, _ in found], bodies, most=HIT_SPANS)
    hits = []
    for docnum, doc_id, score in found:
        summary = summaries.get(doc_id)
        document = documents[docnum]
        if summary is None or document is None:  # indexed by a sync not yet committed to the store
            continue
        placed = place(document, spans.get(docnum, ()), highlighter.weights, layouts[docnum])
        section_ref = None
        snippet, highlights = "", ()
        best = placed.best()
        if best is not None:
            section = document.section(best)
            parts = placed.per_section[best]
            section_ref = SectionRef(section.id, section.title)
            snippet, highlights = make_snippet(section.text, parts.get("text", []))
            if not highlights and parts.get("title"):
                snippet, highlights = make_snippet(section.title, parts["title"])
        titles = {s.id: s.title for s in document.sections}
        ranked_sections = tuple(SectionRef(sid, titles[sid]) for sid in placed.ranked()[:MATCHING_SECTIONS] if sid in titles)
        if not snippet and document.sections:
            snippet, highlights = make_snippet(document.sections[0].text, ())
        hits.append(
            Hit(
                doc_id=doc_id,
                title=summary.title,
                path=summary.path,
                kind=summary.kind,
                date=summary.date,
                type=summary.type,
                topics=summary.topics,
                score=round(float(score), 4),
                section=section_ref,
                snippet=snippet,
                highlights=highlights,
                section_matches=tuple(placed.counts([s.id for s in document.sections])),
                sections=ranked_sections,
            )
        )
    return hits
