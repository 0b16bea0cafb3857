"""Queries against a Library: ranked hits, highlights, suggestions, related, facets.

Documents are ranked by BM25F over their document records. For the hits on screen
only, the section records of each hit are read back to name its best section, count
matches per section and place highlights, straight from the character offsets stored
in the postings: no text is analyzed twice.
"""

from __future__ import annotations

import math
import time
from collections import defaultdict
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from .model import Facets, Hit, SearchResult, SectionMatch, SectionRef, Similar
from .querytext import ParsedQuery, parse, spellable_words
from .analysis import analyze
from .records import layout
from .snippet import make_snippet
from .spelling import Speller

if TYPE_CHECKING:
    from .index import Library

FEW_RESULTS = 3  # below this many hits, a "did you mean" is worth offering

Span = tuple[int, int]


# -- which words matched, and where --------------------------------------------------


class _Highlighter:
    """The body terms a query matched, and where they lie in a document record.

    Plain terms are highlighted wherever they occur; the words of a phrase only
    where they occur as that phrase, so "party congress" does not light up every
    lone "party". Offsets come from the postings (stored with ``chars=True``).
    """

    def __init__(self, query, searcher) -> None:
        from whoosh import query as q

        from .fuzzy import WordSet

        reader = searcher.reader()
        self.terms: set[str] = set()
        self.phrases: list[tuple[str, ...]] = []
        set_terms: set[str] = set()
        for leaf in _leaves_and_word_sets(query, WordSet):
            if isinstance(leaf, WordSet):
                # A fuzzy word's or pattern's words: taken as they are (they come
                # from the vocabulary), all of one weight, as they score alike.
                set_terms.update(t.text for t in leaf.subqueries if t.fieldname == "body")
                continue
            if isinstance(leaf, q.Phrase):
                if leaf.fieldname == "body":
                    self.phrases.append(tuple(leaf.words))
                continue
            try:
                found = leaf.existing_terms(reader, phrases=False, expand=True)
            except Exception:  # a pattern too broad to expand: nothing to highlight
                continue
            for fieldname, text in found:
                if fieldname == "body":
                    self.terms.add(text.decode("utf-8") if isinstance(text, bytes) else text)
        words = self.terms | {w for phrase in self.phrases for w in phrase}
        self.weights = {w: searcher.idf("body", w) for w in words}
        for word in set_terms - words:
            self.weights[word] = 1.0
        self.terms |= set_terms

    # Past this many words (a pattern, a fuzzy word), reading the hits' bodies again
    # is cheaper than opening each word's postings in each segment.
    READ_BODIES_ABOVE = 24

    def spans(self, searcher, docnums: list[int], bodies: dict[int, str] | None = None) -> dict[int, list[tuple[str, int, int]]]:
        """docnum -> [(word, start, end), ...] in the body of each document record.

        A phrase occurrence is one span from its first word to its last. ``bodies``
        (docnum -> the body text the record was indexed from) lets many words be
        found by analysing the text once, with the offsets the postings would give.
        """
        found: dict[int, list[tuple[str, int, int]]] = defaultdict(list)
        if bodies is not None and len(self.terms) > self.READ_BODIES_ABOVE and set(docnums) <= set(bodies):
            for docnum in docnums:
                found[docnum].extend((t, s, e) for t, _, s, e in analyze(bodies[docnum]) if t in self.terms)
        else:
            for word in self.terms:
                for docnum, chars in _postings(searcher, "body", word, docnums):
                    found[docnum].extend((word, s, e) for _, s, e in chars)
        for words in self.phrases:
            occurrences = {w: dict(_postings(searcher, "body", w, docnums)) for w in set(words)}
            for docnum in docnums:
                per_word = [occurrences[w].get(docnum) for w in words]
                if any(p is None for p in per_word):
                    continue
                positions = [{pos: (s, e) for pos, s, e in chars} for chars in per_word]
                for start_pos in positions[0]:
                    if all(start_pos + k in positions[k] for k in range(len(words))):
                        first = positions[0][start_pos]
                        last = positions[-1][start_pos + len(words) - 1]
                        found[docnum].append((words[0], first[0], last[1]))
        return found


def _leaves_and_word_sets(query, word_set_class):
    """The query's leaves, with each word set whole instead of its many terms."""
    if isinstance(query, word_set_class) or query.is_leaf():
        yield query
        return
    for child in query.children():
        yield from _leaves_and_word_sets(child, word_set_class)


def _postings(searcher, field: str, word: str, docnums: list[int]):
    """(docnum, [(position, start, end), ...]) for the docnums where the word occurs."""
    reader = searcher.reader()
    btext = word.encode("utf-8")
    if (field, btext) not in reader:
        return
    matcher = reader.postings(field, btext)  # no scorer: only the offsets are read
    for docnum in sorted(docnums):
        if not matcher.is_active():
            return
        if matcher.id() < docnum:
            matcher.skip_to(docnum)
            if not matcher.is_active():
                return
        if matcher.id() == docnum:
            yield docnum, matcher.value_as("characters")


@dataclass
class _Placed:
    """The matches of one document, by section."""

    per_section: dict[str, dict[str, list[Span]]]  # section id -> "title"/"text" -> spans
    scores: dict[str, float]

    def best(self) -> str | None:
        if not self.scores:
            return None
        return max(self.scores, key=lambda sid: self.scores[sid])  # first best in document order

    def counts(self, order: list[str]) -> list[tuple[str, int]]:
        out = []
        for sid in order:
            parts = self.per_section.get(sid)
            if parts:
                out.append((sid, sum(len(spans) for spans in parts.values())))
        return out


def _place(document, spans, weights, where) -> _Placed:
    """Map body offsets onto sections (``where``: the document's layout); score sections by the rarity of their words."""
    per_section: dict[str, dict[str, list[Span]]] = {}
    words_in: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for word, start, end in sorted(spans, key=lambda item: item[1]):
        placed = where.locate(start, end)
        if placed is None:
            continue
        sid, part, s, e = placed
        per_section.setdefault(sid, {}).setdefault(part, []).append((s, e))
        words_in[sid][word] += 2 if part == "title" else 1
    scores = {}
    for span in where.sections:  # document order, so ties go to the earlier section
        counts = words_in.get(span.id)
        if counts:
            scores[span.id] = sum(weights.get(w, 1.0) * (1.0 + math.log(n)) for w, n in counts.items())
    return _Placed(per_section, scores)


# -- search ------------------------------------------------------------------------


def _filter_query(filters: dict[str, str] | None):
    if not filters:
        return None
    from whoosh import query as q

    fields = {"type": "type_facet", "topic": "topic_facet", "year": "year", "kind": "kind"}
    terms = [q.Term(fields[k], v) for k, v in filters.items() if v and k in fields]
    return q.And(terms) if terms else None


def search(library: "Library", text: str, *, limit: int = 20, filters: dict[str, str] | None = None) -> SearchResult:
    started = time.perf_counter()

    def took() -> float:
        return round((time.perf_counter() - started) * 1000, 2)

    searcher = library.searcher()
    parsed = _parse(library, searcher, text)
    if parsed.error:
        return SearchResult(query=text, error=parsed.error, notice=parsed.notice, took_ms=took())
    filter_query = _filter_query(filters)
    results = _run(searcher, parsed.query, limit, filter_query)
    relaxed = False
    used = parsed
    if results.is_empty() and not parsed.explicit_operators:
        loose = _parse(library, searcher, text, any_word=True)
        if loose.query is not None and repr(loose.query) != repr(parsed.query):
            loose_results = _run(searcher, loose.query, limit, filter_query)
            if not loose_results.is_empty():
                results, used, relaxed = loose_results, loose, True
    total = len(results)
    hits = _hits(library, searcher, used.query, results)
    if used.limited or _patterns_limited(used.query, searcher.reader()):
        from .querytext import MAX_PATTERN_WORDS

        used = replace(
            used,
            notices=used.notices + (f"A pattern matched more than {MAX_PATTERN_WORDS} words; the most common were searched.",),
        )
    suggestion = None
    if total < FEW_RESULTS or relaxed:
        suggestion = _suggestion(library, parsed.text)
    notice = used.notice
    if relaxed:
        extra = "No document has all the words; showing documents with any of them."
        notice = f"{extra} {notice}" if notice else extra
    return SearchResult(
        query=text,
        hits=tuple(hits),
        total=total,
        took_ms=took(),
        suggestion=suggestion,
        relaxed=relaxed,
        notice=notice,
    )


def _parse(library: Library, searcher, text: str, *, any_word: bool = False) -> ParsedQuery:
    """``parse``, with fuzzy words and patterns resolved from the vocabulary (``fuzzy.resolve``)."""
    from .fuzzy import BoundedFuzzyTerm, _LimitedPattern, resolve
    from .querytext import MAX_PATTERN_WORDS

    parsed = parse(text, searcher.schema, any_word=any_word)
    if parsed.query is None or not any(
        isinstance(leaf, (BoundedFuzzyTerm, _LimitedPattern)) for leaf in parsed.query.leaves()
    ):
        return parsed
    query, limited = resolve(parsed.query, speller(library), MAX_PATTERN_WORDS, searcher)
    return replace(parsed, query=query, limited=limited)


def _patterns_limited(query, reader) -> bool:
    from .fuzzy import _LimitedPattern

    return any(isinstance(leaf, _LimitedPattern) and leaf.limited(reader) for leaf in query.leaves())


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


def _hits(library, searcher, query, results) -> list[Hit]:
    if results.is_empty():
        return []
    highlighter = _Highlighter(query, searcher)
    found = [(r.docnum, r["doc_id"], r.score) for r in results]
    summaries = library.summaries([doc_id for _, doc_id, _ in found])
    store = library._store()
    documents = {docnum: store.document(doc_id) for docnum, doc_id, _ in found}
    layouts = {docnum: layout(document) for docnum, document in documents.items() if document is not None}
    spans = highlighter.spans(searcher, [docnum for docnum, _, _ in found], {d: where.body for d, where in layouts.items()})
    hits = []
    for docnum, doc_id, score in found:
        summary = summaries.get(doc_id)
        document = documents[docnum]
        if summary is None or document is None:  # indexed by a sync not yet committed to the store
            continue
        placed = _place(document, spans.get(docnum, ()), highlighter.weights, layouts[docnum])
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
            )
        )
    return hits


def matches(library: "Library", doc_id: str, text: str) -> dict[str, tuple[tuple[str, int, int], ...]]:
    """Every match of a query in one document: section id -> (part, start, end).

    ``part`` is ``"title"`` (offsets into the section title) or ``"text"`` (into the
    section text). The reader uses it to highlight and to step with n / N.
    """
    searcher = library.searcher()
    parsed = _parse(library, searcher, text)
    document = library._store().document(doc_id)
    docnum = searcher.document_number(rid=doc_id)
    if parsed.query is None or document is None or docnum is None:
        return {}
    highlighter = _Highlighter(parsed.query, searcher)
    where = layout(document)
    spans = highlighter.spans(searcher, [docnum], {docnum: where.body})
    placed = _place(document, spans.get(docnum, ()), highlighter.weights, where)
    out = {}
    for section in document.sections:
        parts = placed.per_section.get(section.id)
        if parts:
            spans = [("title", s, e) for s, e in sorted(set(parts.get("title", [])))]
            spans += [("text", s, e) for s, e in sorted(set(parts.get("text", [])))]
            out[section.id] = tuple(spans)
    return out


# -- did you mean ------------------------------------------------------------------


def speller(library: "Library") -> Speller:
    """The corpus vocabulary, read from the store once per sync that changed it."""
    store = library._store()
    version = store.get_meta("vocabulary_version")
    cached = getattr(library, "_speller_cache", None)
    if cached is not None and cached[0] == version:
        return cached[1]
    result = Speller(store.vocabulary())
    library._speller_cache = (version, result)
    return result


def _suggestion(library, text: str) -> str | None:
    words = spellable_words(text)
    if not words:
        return None
    from whoosh.support.charset import accent_map

    spell = speller(library)
    pieces, last, changed = [], 0, False
    for match in words:
        word = match.group(0)
        folded = word.lower().translate(accent_map)
        fix = spell.suggest(folded)
        if fix and fix != folded:
            if word[:1].isupper():
                fix = fix[:1].upper() + fix[1:]
            pieces.append(text[last : match.start()])
            pieces.append(fix)
            last = match.end()
            changed = True
    if not changed:
        return None
    pieces.append(text[last:])
    return "".join(pieces)


def suggest(library: "Library", text: str) -> str | None:
    from .querytext import clean

    cleaned, _ = clean(text)
    return _suggestion(library, cleaned)


# -- related -----------------------------------------------------------------------


def more_like_this(library: "Library", doc_id: str, limit: int = 5) -> list[Similar]:
    """Documents whose distinctive words this one shares (Whoosh's more_like)."""
    searcher = library.searcher()
    docnum = searcher.document_number(rid=doc_id)
    document = library._store().document(doc_id)
    if docnum is None or document is None:
        return []
    text = document.title + "\n" + document.text
    if not text.strip():
        return []
    results = searcher.more_like(docnum, "body", text=text, top=limit, numterms=12)
    ids = [(r["doc_id"], r.score) for r in results]
    summaries = library.summaries([i for i, _ in ids])
    return [Similar(i, summaries[i].title, round(float(s), 4)) for i, s in ids if i in summaries]


# -- sections by title ------------------------------------------------------------


def find_sections(library: "Library", text: str, limit: int = 20) -> list[SectionMatch]:
    """Sections whose titles hold the words, across the library (section records).

    Every word counts (OR), more of them and rarer ones rank higher, and the last
    word may be the start of one ("diplo" finds "Diplomacy"), since this answers
    as the user types in the command palette.
    """
    from whoosh import query as q

    from .querytext import clean

    cleaned, _ = clean(text)
    words = [w for w in _WORDS.findall(cleaned.lower())]
    if not words:
        return []
    searcher = library.searcher()
    field = searcher.schema["stitle"]
    clauses = []
    for position, word in enumerate(words):
        terms = list(field.process_text(word, mode="query"))
        if not terms:
            continue
        clauses.append(q.Term("stitle", terms[0]))
        if position == len(words) - 1 and len(word) >= 2:
            clauses.append(q.Prefix("stitle", word))
    if not clauses:
        return []
    results = searcher.search(q.Or(clauses), limit=limit)
    found = [(r["doc_id"], r.get("sid"), r.score) for r in results]
    summaries = library.summaries({doc_id for doc_id, _, _ in found})
    store = library._store()
    out = []
    for doc_id, sid, score in found:
        document = store.document(doc_id) if doc_id in summaries else None
        section = document.section(sid) if document is not None and sid else None
        if section is not None:
            out.append(SectionMatch(doc_id, sid, section.title, summaries[doc_id].title, round(float(score), 4)))
    return out


_WORDS = __import__("re").compile(r"\w+")


# -- facets ------------------------------------------------------------------------


def _count(values) -> tuple[tuple[str, int], ...]:
    counts: dict[str, int] = defaultdict(int)
    for value in values:
        if value:
            counts[value] += 1
    return tuple(sorted(counts.items(), key=lambda item: (-item[1], item[0])))


def facets(library: "Library", text: str = "") -> Facets:
    """Types, topics and years among the documents a query finds (all, when empty)."""
    if not text.strip():
        items = library._store().summaries().values()
        items = list(items)
        return Facets(
            types=_count(d.type for d in items),
            topics=_count(t for d in items for t in d.topics),
            years=_count(d.date[:4] for d in items),
        )
    searcher = library.searcher()
    parsed: ParsedQuery = _parse(library, searcher, text)
    if parsed.query is None:
        return Facets()
    from whoosh import sorting

    groups = {
        "type": sorting.FieldFacet("type_facet"),
        "topic": sorting.FieldFacet("topic_facet", allow_overlap=True),
        "year": sorting.FieldFacet("year"),
    }
    results = searcher.search(parsed.query, limit=1, groupedby=groups, maptype=sorting.Count)

    def ordered(name):
        return tuple(
            sorted(
                ((k, v) for k, v in results.groups(name).items() if k),
                key=lambda item: (-item[1], item[0]),
            )
        )

    return Facets(types=ordered("type"), topics=ordered("topic"), years=ordered("year"))
