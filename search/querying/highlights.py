"""Which words of a query matched, and where: highlights from the offsets in the postings.

Documents are ranked by BM25F over their document records. For the hits on screen
only, the words that matched are read back from the postings of the document
record's body, with their character offsets (stored with ``chars=True``), and
mapped onto the document's sections (``storage.records.layout``): that names a
hit's best section, counts matches per section and places highlights, with no
text analyzed twice.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..model import Document
from ..storage.analysis import analyze
from ..storage.languages import detect
from ..storage.records import layout
from ..storage.tokens import WORD, slots

if TYPE_CHECKING:
    from .querytext import ParsedQuery
    from .view import View

Span = tuple[int, int]

# The most occurrences of one word read back for one document: what a hit's best
# section and match counts are worked out from, and what the reader highlights
# and steps through with n / N. A word on each of a million lines took seconds
# to place; the first 100,000 show where a document matches as well.
MAX_SPANS = 100_000
# For a hit in a list of results, fewer do: its section and snippet are chosen by
# where the query's words meet, and a word that a document holds a thousand times
# has told that long before. (A word on each of 300,000 lines took 1.6 s per hit.)
HIT_SPANS = 1_000


class Highlighter:
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

    def spans(
        self, searcher, docnums: list[int], bodies: dict[int, str] | None = None, most: int | None = None
    ) -> dict[int, list[tuple[str, int, int]]]:
        """docnum -> [(word, start, end), ...] in the body of each document record.

        A phrase occurrence is one span from its first word to its last. ``bodies``
        (docnum -> the body text the record was indexed from) lets many words be
        found by analysing the text once, with the offsets the postings would give.
        """
        most = MAX_SPANS if most is None else most  # at most this many occurrences of a word
        found: dict[int, list[tuple[str, int, int]]] = defaultdict(list)
        if bodies is not None and len(self.terms) > self.READ_BODIES_ABOVE and set(docnums) <= set(bodies):
            for docnum in docnums:
                body = bodies[docnum]
                found[docnum].extend((t, s, e) for t, _, s, e in analyze(body, lang=detect(body)) if t in self.terms)
                del found[docnum][most:]
        else:
            for word in self.terms:
                crowded = []
                for docnum, chars in _postings(searcher, "body", word, docnums, most=most):
                    if chars is None:
                        crowded.append(docnum)
                    else:
                        found[docnum].extend((word, s, e) for _, s, e in chars)
                for docnum in crowded:
                    if bodies is not None and docnum in bodies:
                        found[docnum].extend(_first_occurrences(bodies[docnum], word, most))
                    else:
                        chars = dict(_postings(searcher, "body", word, [docnum])).get(docnum, ())
                        found[docnum].extend((word, s, e) for _, s, e in chars[:most])
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


def _first_occurrences(body: str, term: str, most: int) -> list[tuple[str, int, int]]:
    """The first ``most`` occurrences of ``term`` in ``body``, found by reading it.

    For a word a document holds a million times: decoding all its offsets from
    the postings held 200 MB for the 100,000 that are used.
    """
    out: list[tuple[str, int, int]] = []
    lang = detect(body)
    for match in WORD.finditer(body):
        base = match.start()
        for slot in slots(match.group(), lang):
            for found, start, end in slot:
                if found == term:
                    out.append((term, base + start, base + end))
                    if len(out) >= most:
                        return out
    return out


def _postings(searcher, field: str, word: str, docnums: list[int], most: int | None = None):
    """(docnum, [(position, start, end), ...]) for the docnums where the word occurs.

    With ``most``, a document holding the word more often than that yields None
    instead of its offsets (the caller reads them from the text).
    """
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
            if most is not None and matcher.weight() > most:
                yield docnum, None
            else:
                yield docnum, matcher.value_as("characters")


@dataclass
class Placed:
    """The matches of one document, by section."""

    per_section: dict[str, dict[str, list[Span]]]  # section id -> "title"/"text" -> spans
    scores: dict[str, float]

    def best(self) -> str | None:
        if not self.scores:
            return None
        return max(self.scores, key=lambda sid: self.scores[sid])  # first best in document order

    def ranked(self) -> list[str]:
        """The matching sections, best first (ties in document order), as ``best`` ranks them."""
        order = {sid: i for i, sid in enumerate(self.scores)}
        return sorted(self.scores, key=lambda sid: (-self.scores[sid], order[sid]))

    def counts(self, order: list[str]) -> list[tuple[str, int]]:
        out = []
        for sid in order:
            parts = self.per_section.get(sid)
            if parts:
                out.append((sid, sum(len(spans) for spans in parts.values())))
        return out


# A section's score, word by word: its rarity times (TITLE_WEIGHT if the section's
# title holds it) plus its saturated count in the text, shorter texts counting more
# (BM25's K1 and B); times the share of the query's rarity the section holds, squared,
# so that the section with the most of the query's words, in its title above all, wins.
TITLE_WEIGHT = 3.0
SECTION_K1 = 1.2
SECTION_B = 0.75
SHARE_POWER = 2.0


def _title_words(title: str) -> int:
    """How many indexed words a title has (stop words and one-letter words aside), at least 1."""
    from ..storage.analysis import analyze

    return max(1, len(analyze(title)))


def place(document, spans, weights, where) -> Placed:
    """Map body offsets onto sections (``where``: the document's layout) and score each section (see above)."""
    per_section: dict[str, dict[str, list[Span]]] = {}
    in_title: dict[str, set[str]] = defaultdict(set)
    in_text: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for word, start, end in sorted(spans, key=lambda item: item[1]):
        placed = where.locate(start, end)
        if placed is None:
            continue
        sid, part, s, e = placed
        per_section.setdefault(sid, {}).setdefault(part, []).append((s, e))
        if part == "title":
            in_title[sid].add(word)
        else:
            in_text[sid][word] += 1
    lengths = [span.text_end - span.text_start for span in where.sections]
    average = (sum(lengths) / len(lengths)) if lengths else 1.0
    whole = sum(weights.values()) or 1.0
    titles = {section.id: section.title for section in document.sections}
    scores = {}
    for span, length in zip(where.sections, lengths):  # document order, so ties go to the earlier section
        titled, counted = in_title.get(span.id, ()), in_text.get(span.id, {})
        if not titled and not counted:
            continue
        norm = SECTION_K1 * ((1 - SECTION_B) + SECTION_B * length / (average or 1.0))
        # A title that is little more than the query's words names the section better
        # than a long one that mentions them: "Capturing the Environment" over
        # "Moving Captured Values Out of Closures" for "closures capturing the environment".
        exact = 0.5 + 0.5 * min(1.0, len(titled) / _title_words(titles.get(span.id, ""))) if titled else 0.0
        score = 0.0
        held = 0.0
        for word in set(titled) | set(counted):
            weight = weights.get(word, 1.0)
            tf = counted.get(word, 0)
            score += weight * ((TITLE_WEIGHT * exact if word in titled else 0.0) + tf * (SECTION_K1 + 1) / (tf + norm))
            held += weight
        scores[span.id] = score * min(1.0, held / whole) ** SHARE_POWER
    _parents_first(document.sections, in_title, scores)
    return Placed(per_section, scores)


def _parents_first(sections, in_title, scores: dict[str, float]) -> None:
    """A section whose title holds the same query words as its parent's does not outrank the parent.

    "defaultdict" names both "defaultdict objects" and, under it, "defaultdict
    Examples"; the reader asked for the first, and finds the second by reading on.
    A child whose title holds more of the query ("Capturing the Environment" under
    "Closures", for "closures capturing the environment") keeps its own score.
    """
    ancestors: list = []  # the open sections above the current one, outermost first
    for section in sections:
        while ancestors and ancestors[-1].level >= section.level:
            ancestors.pop()
        words = in_title.get(section.id)
        if words and section.id in scores:
            for parent in reversed(ancestors):
                if parent.id in scores and in_title.get(parent.id) == words:
                    scores[section.id] = min(scores[section.id], scores[parent.id] * 0.99)
                    break
        if section.level > 0:
            ancestors.append(section)


def matches(view: "View", document: Document | None, parsed: "ParsedQuery") -> dict[str, tuple[tuple[str, int, int], ...]]:
    """Every match of a query in one document: section id -> (part, start, end).

    ``part`` is ``"title"`` (offsets into the section title) or ``"text"`` (into the
    section text). The reader uses it to highlight and to step with n / N.
    ``document`` is the document as the store holds it (None: not there).
    """
    if parsed.query is None or document is None:
        return {}
    searcher = view.searcher
    docnum = searcher.document_number(rid=document.doc_id)
    if docnum is None:
        return {}
    highlighter = Highlighter(parsed.query, searcher)
    where = layout(document)
    spans = highlighter.spans(searcher, [docnum], {docnum: where.body})
    placed = place(document, spans.get(docnum, ()), highlighter.weights, where)
    out = {}
    for section in document.sections:
        parts = placed.per_section.get(section.id)
        if parts:
            spans = [("title", s, e) for s, e in sorted(set(parts.get("title", [])))]
            spans += [("text", s, e) for s, e in sorted(set(parts.get("text", [])))]
            out[section.id] = tuple(spans)
    return out
