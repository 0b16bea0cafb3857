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
from typing import TYPE_CHECKING

from .model import Facets, Hit, SearchResult, SectionRef, Similar
from .querytext import ParsedQuery, parse, spellable_words
from .schema import SECTION_FIELDS
from .snippet import make_snippet
from .spelling import Speller

if TYPE_CHECKING:
    from .index import Library

FEW_RESULTS = 3  # below this many hits, a "did you mean" is worth offering

Span = tuple[int, int]


# -- which words to highlight ------------------------------------------------------


class _Highlighter:
    """The index terms a query matched, in section-record fields.

    Plain terms are highlighted wherever they occur; the words of a phrase only
    where they occur as that phrase, so "party congress" does not light up every
    lone "party".
    """

    def __init__(self, query, reader) -> None:
        from whoosh import query as q

        self.terms: set[tuple[str, str]] = set()
        self.phrases: list[tuple[str, tuple[str, ...]]] = []
        for leaf in query.leaves():
            if isinstance(leaf, q.Phrase):
                field = SECTION_FIELDS.get(leaf.fieldname)
                if field:
                    self.phrases.append((field, tuple(leaf.words)))
                continue
            try:
                found = leaf.existing_terms(reader, phrases=False, expand=True)
            except Exception:  # a pattern too broad to expand: nothing to highlight
                continue
            for fieldname, text in found:
                field = SECTION_FIELDS.get(fieldname)
                if field:
                    word = text.decode("utf-8") if isinstance(text, bytes) else text
                    self.terms.add((field, word))

    def spans(self, searcher, docnums: list[int]) -> dict[int, dict[str, list[Span]]]:
        """docnum -> field -> spans, for the given section records."""
        found: dict[int, dict[str, list[Span]]] = defaultdict(lambda: defaultdict(list))
        for field, word in self.terms:
            for docnum, chars in _postings(searcher, field, word, docnums):
                found[docnum][field].extend((s, e) for _, s, e in chars)
        for field, words in self.phrases:
            occurrences = {w: dict(_postings(searcher, field, w, docnums)) for w in set(words)}
            for docnum in docnums:
                per_word = [occurrences[w].get(docnum) for w in words]
                if any(p is None for p in per_word):
                    continue
                positions = [{pos: (s, e) for pos, s, e in chars} for chars in per_word]
                for start_pos in positions[0]:
                    if all(start_pos + k in positions[k] for k in range(len(words))):
                        found[docnum][field].extend(positions[k][start_pos + k] for k in range(len(words)))
        return found


def _postings(searcher, field: str, word: str, docnums: list[int]):
    """(docnum, [(position, start, end), ...]) for the docnums where the word occurs."""
    try:
        matcher = searcher.postings(field, word)
    except Exception:  # the word is not in this field at all
        return
    for docnum in sorted(docnums):
        if not matcher.is_active():
            return
        if matcher.id() < docnum:
            matcher.skip_to(docnum)
            if not matcher.is_active():
                return
        if matcher.id() == docnum:
            yield docnum, matcher.value_as("characters")


# -- sections of a document --------------------------------------------------------


def _section_records(searcher, doc_id: str) -> list[tuple[int, str]]:
    """(docnum, section id) of a document's section records, in document order."""
    records = []
    for docnum in searcher.document_numbers(doc_id=doc_id):
        stored = searcher.stored_fields(docnum)
        if stored.get("sid") is not None:
            records.append((docnum, stored["sid"]))
    records.sort()
    return records


def _dedupe(spans: list[Span]) -> list[Span]:
    return sorted(set(spans))


def _best_section(searcher, per_record: dict[int, dict[str, list[Span]]], records):
    """The section that holds the most, and the rarest, query words."""
    best, best_score = None, 0.0
    for docnum, sid in records:
        fields = per_record.get(docnum)
        if not fields:
            continue
        score = 0.0
        for field, spans in fields.items():
            weight = 2.0 if field == "stitle" else 1.0
            score += weight * (1.0 + math.log(len(set(spans))))
        if score > best_score:
            best, best_score = (docnum, sid), score
    return best


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
    parsed = parse(text, searcher.schema)
    if parsed.error:
        return SearchResult(query=text, error=parsed.error, notice=parsed.notice, took_ms=took())
    filter_query = _filter_query(filters)
    results = searcher.search(parsed.query, limit=limit, filter=filter_query)
    relaxed = False
    used = parsed
    if results.is_empty() and not parsed.explicit_operators:
        loose = parse(text, searcher.schema, any_word=True)
        if loose.query is not None and repr(loose.query) != repr(parsed.query):
            loose_results = searcher.search(loose.query, limit=limit, filter=filter_query)
            if not loose_results.is_empty():
                results, used, relaxed = loose_results, loose, True
    total = len(results)
    hits = _hits(library, searcher, used.query, results)
    suggestion = None
    if total < FEW_RESULTS or relaxed:
        suggestion = _suggestion(library, searcher, parsed.text)
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


def _hits(library, searcher, query, results) -> list[Hit]:
    if results.is_empty():
        return []
    highlighter = _Highlighter(query, searcher.reader())
    found = [(r["doc_id"], r.score) for r in results]
    summaries = library.summaries([doc_id for doc_id, _ in found])
    store = library._store()
    hits = []
    for doc_id, score in found:
        summary = summaries.get(doc_id)
        if summary is None:  # indexed by a sync that has not committed its store yet
            continue
        records = _section_records(searcher, doc_id)
        per_record = highlighter.spans(searcher, [docnum for docnum, _ in records])
        document = store.document(doc_id)
        section_ref = None
        snippet, highlights = "", ()
        best = _best_section(searcher, per_record, records)
        counts = []
        for docnum, sid in records:
            fields = per_record.get(docnum, {})
            count = sum(len(set(spans)) for spans in fields.values())
            if count:
                counts.append((sid, count))
        if document is not None:
            if best is not None:
                section = document.section(best[1])
                if section is not None:
                    section_ref = SectionRef(section.id, section.title)
                    snippet, highlights = make_snippet(section.text, _dedupe(per_record[best[0]].get("sbody", [])))
                    if not snippet and section.title:
                        snippet, highlights = make_snippet(section.title, _dedupe(per_record[best[0]].get("stitle", [])))
            if not snippet and document.sections:
                section = document.sections[0]
                snippet, highlights = make_snippet(section.text, ())
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
                section_matches=tuple(counts),
            )
        )
    return hits


def matches(library: "Library", doc_id: str, text: str) -> dict[str, tuple[tuple[str, int, int], ...]]:
    """Every match of a query in one document: section id -> (part, start, end).

    ``part`` is ``"title"`` (offsets into the section title) or ``"text"`` (into the
    section text). The reader uses it to highlight and to step with n / N.
    """
    searcher = library.searcher()
    parsed = parse(text, searcher.schema)
    if parsed.query is None:
        return {}
    highlighter = _Highlighter(parsed.query, searcher.reader())
    records = _section_records(searcher, doc_id)
    per_record = highlighter.spans(searcher, [docnum for docnum, _ in records])
    out = {}
    for docnum, sid in records:
        fields = per_record.get(docnum)
        if not fields:
            continue
        spans = [("title", s, e) for s, e in _dedupe(fields.get("stitle", []))]
        spans += [("text", s, e) for s, e in _dedupe(fields.get("sbody", []))]
        out[sid] = tuple(spans)
    return out


# -- did you mean ------------------------------------------------------------------


def speller(library: "Library", searcher) -> Speller:
    """The vocabulary of the index as it is now, read once per index generation."""
    generation = searcher.reader().generation() if hasattr(searcher.reader(), "generation") else None
    key = (id(searcher.ix) if hasattr(searcher, "ix") else None, generation, searcher.doc_count_all())
    cached = getattr(library, "_speller_cache", None)
    if cached is not None and cached[0] == key:
        return cached[1]
    pairs = (
        (text.decode("utf-8") if isinstance(text, bytes) else text, info.doc_frequency())
        for text, info in searcher.reader().iter_field("words")
    )
    result = Speller.from_pairs(pairs)
    library._speller_cache = (key, result)
    return result


def _suggestion(library, searcher, text: str) -> str | None:
    words = spellable_words(text)
    if not words:
        return None
    from whoosh.support.charset import accent_map

    spell = speller(library, searcher)
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
    searcher = library.searcher()
    from .querytext import clean

    cleaned, _ = clean(text)
    return _suggestion(library, searcher, cleaned)


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
    parsed: ParsedQuery = parse(text, searcher.schema)
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
