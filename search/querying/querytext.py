"""Reading what a user typed as a Whoosh query, leniently.

A reader types "what happened at the party congress", a half-closed quote, a field
that does not exist or a lone NOT. None of that may raise: it is read as well as it
can be, and what was bent to read it is said in one line (``notice``). Only a query
with nothing searchable left is refused (``error``).
"""

from __future__ import annotations

import calendar
import re
import threading
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from ..storage.schema import ANALYZED_FIELDS, FIELD_BOOSTS
from ..storage.tokens import has_cjk

if TYPE_CHECKING:
    from .view import View

MAX_QUERY_CHARS = 1000
MAX_EDITS = 2  # "the~5" would be every short word of the corpus: a fuzzy word reaches at most this far

FIELD_ALIASES = {
    "topic": ["topics", "tag", "tags"],
    "author": ["authors", "by"],
    "section": ["sections", "heading"],
}
KNOWN_FIELDS = set(FIELD_BOOSTS) | {"date"} | {a for names in FIELD_ALIASES.values() for a in names}
FIELD_NAMES_FOR_HELP = "title, section, topic, type, author, path, date"

# Lone surrogates too: Python makes them of invalid UTF-8 in a command-line argument,
# and no index term can hold one.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_FIELD = re.compile(r"(?<![\w:])([A-Za-z_][\w-]*):(?=\S)")
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_OPERATOR = re.compile(r"\b(AND|OR|NOT|ANDNOT|ANDMAYBE)\b")
_BRACKETS = re.compile(r"[()\[\]{}]")

_local = threading.local()


@dataclass(frozen=True)
class ParsedQuery:
    query: object | None  # a whoosh.query.Query, or None when nothing can be searched
    text: str  # the text actually parsed, after cleaning
    notices: tuple[str, ...] = ()
    error: str | None = None
    limited: bool = False  # a pattern matched more words than were searched

    @property
    def notice(self) -> str | None:
        return " ".join(self.notices) if self.notices else None

    @property
    def explicit_operators(self) -> bool:
        return bool(_OPERATOR.search(self.text))


def _parser(schema, any_word: bool):
    """A per-thread parser: Whoosh parsers are cheap but not documented as thread-safe."""
    key = "any" if any_word else "all"
    cache = getattr(_local, "parsers", None)
    if cache is None or cache.get("schema") is not schema:
        cache = {"schema": schema}
        _local.parsers = cache
    if key not in cache:
        from whoosh import qparser

        group = qparser.OrGroup.factory(0.9) if any_word else qparser.AndGroup
        parser = qparser.MultifieldParser(list(FIELD_BOOSTS), schema, fieldboosts=FIELD_BOOSTS, group=group)
        parser.remove_plugin_class(qparser.SingleQuotePlugin)  # "Korea's" is a word, not a quote
        parser.add_plugin(qparser.FuzzyTermPlugin())
        parser.add_plugin(qparser.FieldAliasPlugin(FIELD_ALIASES))
        cache[key] = parser
    return cache[key]


def _outside_quotes(text: str, pattern: re.Pattern, replace) -> str:
    parts = text.split('"')
    for i in range(0, len(parts), 2):  # even parts lie outside quotes
        parts[i] = pattern.sub(replace, parts[i])
    return '"'.join(parts)


def clean(text: str) -> tuple[str, list[str]]:
    """Control characters out, length bounded, quotes balanced, unknown fields as words."""
    notices: list[str] = []
    text = _CONTROL.sub(" ", text)
    if len(text) > MAX_QUERY_CHARS:
        text = text[:MAX_QUERY_CHARS]
        notices.append(f"Query cut to its first {MAX_QUERY_CHARS:,} characters.")
    if text.count('"') % 2:
        index = text.rfind('"')
        text = text[:index] + " " + text[index + 1 :]
        notices.append("Unbalanced quote ignored.")
    unknown: list[str] = []

    def unknown_field(match: re.Match) -> str:
        name = match.group(1)
        if name.lower() in KNOWN_FIELDS:
            return name.lower() + ":"
        unknown.append(name)
        return name + " "

    text = _outside_quotes(text, _FIELD, unknown_field)
    if unknown:
        names = ", ".join(f"{n}:" for n in dict.fromkeys(unknown))
        notices.append(f"No field {names}; searched as words (fields: {FIELD_NAMES_FOR_HELP}).")
    return text.strip(), notices


def _on_the_calendar(value: str) -> bool:
    """A month from 01 to 12 and a day that month has: 2024-13-45 is not a date."""
    year, *rest = (int(part) for part in value.split("-"))
    if rest and not 1 <= rest[0] <= 12:
        return False
    return len(rest) < 2 or 1 <= rest[1] <= calendar.monthrange(max(year, 1), rest[0])[1]


def _date_bounds(value: str) -> tuple[int, int] | None:
    """The date_num range a written date covers: a year, a month or a day."""
    value = value.rstrip("*")
    if not _DATE.match(value) or not _on_the_calendar(value):
        return None
    digits = value.replace("-", "")
    return int(digits.ljust(8, "0")), int(digits.ljust(8, "9"))


MAX_YEARS = 200
# What one query may cost in patterns (``c*``, ``*tion``) and fuzzy words (``word~``),
# each of which stands for many words: at most MAX_EXPANDING of them, each for at
# most MAX_PATTERN_WORDS words whose documents add up to at most PATTERN_POSTINGS
# (shared among them), the most common words first. These keep any such query
# within a few hundred milliseconds whatever the corpus's size, since the work is
# reading postings; what is left out is said (``searching``).
MAX_EXPANDING = 8
MAX_PATTERN_WORDS = 256
PATTERN_POSTINGS = 100_000


def _date_query(value: str, boost: float):
    """``date:2024`` is one year term, ``date:2024-11`` one month term, a day a number."""
    from whoosh import query as q

    value = value.rstrip("*")
    if len(value) == 4:
        return q.ConstantScoreQuery(q.Term("year", value), score=boost)
    if len(value) == 7:
        return q.ConstantScoreQuery(q.Term("month", value), score=boost)
    low, high = _date_bounds(value)
    return q.NumericRange("date_num", low, high, boost=boost, constantscore=True)


def _date_range(start: str | None, end: str | None):
    """A range of whole years is a few year terms; finer or open ends a ``dates.DateSpan``.

    A numeric range over days expands to hundreds of index terms per segment: a
    search over ten years took seconds at 50,000 documents, the year terms take
    milliseconds. A DateSpan becomes, once the index is known, its years, months
    and days that the index holds (``dates.bound``).
    """
    from whoosh import query as q

    whole_years = all(v is None or len(v) == 4 for v in (start, end))
    if whole_years and start is not None and end is not None and 0 <= int(end) - int(start) < MAX_YEARS:
        years = [q.Term("year", str(y)) for y in range(int(start), int(end) + 1)]
        return q.ConstantScoreQuery(q.Or(years), score=1.0)
    from .dates import DateSpan

    low = _date_bounds(start)[0] if start is not None else 0
    high = _date_bounds(end)[1] if end is not None else 99999999
    return DateSpan(low, high)  # answered from the dates the index holds (``dates.bound``)


_FUZZY_WORD = re.compile(r"([^\W\d_]+)~")


def _written_fuzzy_words(text: str) -> dict[str, str]:
    """Each fuzzy word as typed (folded), by the stem Whoosh's parser turns it into.

    Fuzzy words are looked up among the words as written (``fuzzy.resolve``); the
    parser hands over only the stem ("running~" arrives as "runn").
    """
    from whoosh.support.charset import accent_map

    from ..storage.analysis import term_of

    found = {}
    for match in _FUZZY_WORD.finditer(text):
        written = match.group(1).lower().translate(accent_map)
        found.setdefault(term_of(written) or written, written)
    return found


def _range_words(query, ranged: list[str]):
    """A range outside ``date:`` searched as the words at its ends.

    Whoosh reads ``{2020 TO}`` (or a mistyped ``xdate:{2020 TO}``) on a text field as
    every word that sorts after "2020": the whole vocabulary, scored word by word,
    seconds of work for an answer nobody asked for. A range of words means nothing
    to a reader; its ends are the words they typed.
    """
    from whoosh import query as q

    from ..storage.analysis import analyze

    ends = [str(end) for end in (query.start, query.end) if end is not None]
    ranged.extend(ends)
    terms = [q.Term(query.fieldname, token[0], boost=query.boost) for end in ends for token in analyze(end)]
    if not terms:
        return q.NullQuery
    return terms[0] if len(terms) == 1 else q.And(terms)


def every_document(score: float = 1.0):
    """All document records (not section records), one constant score: what ``*`` means."""
    from whoosh import query as q

    return q.ConstantScoreQuery(q.Or([q.Term("kind", "full"), q.Term("kind", "summary")]), score=score)


_LETTERS_OR_SYMBOLS = re.compile(r"(?:[^\W\d_]|[*?])*")


def _unbounded_pattern(text: str) -> bool:
    """A pattern with nothing fixed at its start and more than letters in it (``*1``, ``?-x``).

    A pattern of letters is matched against the vocabulary held in memory
    (``fuzzy.resolve``), whatever its shape. One with digits or other characters
    is left to Whoosh, which finds a pattern's words by its fixed start: with none,
    it tests every word of every field (5 s for ``*s`` at 10,000 documents).
    """
    return text[:1] in ("*", "?") and not _LETTERS_OR_SYMBOLS.fullmatch(text)


def _subtract_nots(query):
    """``a NOT b NOT c`` as a AND-NOT (b OR c).

    Whoosh answers each NOT by walking every document of the index past the
    postings of its word: thirty NOTs took 2.6 s at 10,000 documents. One union
    of the excluded words, taken away once, reads only their postings.
    """
    from whoosh import query as q

    from .fuzzy import Excluded

    if query.is_leaf() or isinstance(query, q.Not):
        return query
    query = query.apply(_subtract_nots)
    if type(query) is not q.And:
        return query
    nots = [child.query for child in query.subqueries if isinstance(child, q.Not)]
    if not nots:
        return query
    kept = [child for child in query.subqueries if not isinstance(child, q.Not)] or [every_document(0.0)]
    positive = kept[0] if len(kept) == 1 else q.And(kept)
    return q.AndNot(positive, Excluded(nots[0] if len(nots) == 1 else q.Or(nots)))


def _contains_not(query) -> bool:
    from whoosh import query as q

    if isinstance(query, q.Not):
        return True
    return not query.is_leaf() and any(_contains_not(child) for child in query.children())


def _rewrite_dates(
    query,
    bad: list[str],
    written: dict[str, str] | None = None,
    ranged: list[str] | None = None,
    skipped: list[str] | None = None,
    expanding: dict | None = None,
):
    """``date:...`` terms and ranges become year, month or day queries.

    Patterns and fuzzy words are bounded and scored the same in every segment;
    ranges on other fields become the words at their ends (``_range_words``).
    """
    from whoosh import query as q

    from .fuzzy import BoundedFuzzyTerm, bounded_pattern

    if isinstance(query, (q.Term, q.Prefix, q.Wildcard)) and query.fieldname == "date":
        value = str(query.text)
        if _date_bounds(value) is None:
            bad.append(value)
            return q.NullQuery
        return _date_query(value, query.boost)
    if isinstance(query, q.TermRange) and query.fieldname == "date":
        start = str(query.start) if query.start is not None else None
        end = str(query.end) if query.end is not None else None
        for value in (start, end):
            if value is not None and _date_bounds(value) is None:
                bad.append(value)
                return q.NullQuery
        return _date_range(start, end)
    if isinstance(query, q.TermRange):
        return _range_words(query, ranged if ranged is not None else [])
    if isinstance(query, (q.FuzzyTerm, q.Prefix, q.Wildcard)) and expanding is not None and not isinstance(query, q.Every):
        key = str(query.text) + ("*" if isinstance(query, q.Prefix) else "~" if isinstance(query, q.FuzzyTerm) else "")
        if key not in expanding["kept"]:
            if len(expanding["kept"]) >= MAX_EXPANDING:
                expanding["dropped"].setdefault(key, None)
                return q.NullQuery
            expanding["kept"].add(key)
    if isinstance(query, q.FuzzyTerm):
        # A fuzzy word keeps its first letter and finds its neighbours by lookup:
        # Whoosh computed an edit distance against every word of the field that
        # starts with that letter, which took seconds at 50,000 documents.
        if query.maxdist > MAX_EDITS and expanding is not None:
            expanding.setdefault("far", {})[str(query.text)] = None
        maxdist = min(query.maxdist, MAX_EDITS)
        fuzzy = BoundedFuzzyTerm(query.fieldname, query.text, boost=query.boost, maxdist=maxdist, prefixlength=1)
        fuzzy.written = (written or {}).get(query.text)
        return q.ConstantScoreQuery(fuzzy, score=query.boost)
    if isinstance(query, q.Every):
        # ``*`` (or ``title:*``): every document. Whoosh read every posting of every
        # word of the field to find them (26 s for ``*`` at 10,000 documents); the
        # kind of record names them in two terms.
        return every_document(query.boost)
    if isinstance(query, q.Wildcard) and not str(query.text).strip("*"):
        return every_document(query.boost)  # ``**``
    if isinstance(query, q.Wildcard) and _unbounded_pattern(str(query.text)):
        if skipped is not None:
            skipped.append(str(query.text))
        return q.NullQuery
    if isinstance(query, (q.Prefix, q.Wildcard)):
        # Patterns score the same for every match (boost per field). Whoosh does so
        # only when a pattern expands to several words in a segment, and scores a
        # single word by BM25: the answer then depended on how the index happened
        # to be cut into segments.
        return q.ConstantScoreQuery(bounded_pattern(query, MAX_PATTERN_WORDS), score=query.boost)
    if query.is_leaf():
        return query
    return query.apply(lambda child: _rewrite_dates(child, bad, written, ranged, skipped, expanding))


def parse(text: str, schema, *, any_word: bool = False) -> ParsedQuery:
    from whoosh import query as q

    cleaned, notices = clean(text)
    if not cleaned:
        return ParsedQuery(None, cleaned, tuple(notices), "Type some words to search for.")
    parser = _parser(schema, any_word)
    try:
        parsed = parser.parse(cleaned)
    except Exception:  # the parser is lenient; this is a last resort, not control flow
        parsed = q.NullQuery
    if parsed is q.NullQuery and _BRACKETS.search(cleaned):
        cleaned = _BRACKETS.sub(" ", cleaned)
        notices.append("Brackets ignored.")
        try:
            parsed = parser.parse(cleaned)
        except Exception:
            parsed = q.NullQuery
    if parsed is q.NullQuery and _OPERATOR.search(cleaned):
        # A lone operator ("NOT", "a AND"): search the remaining words, if any.
        cleaned = _OPERATOR.sub(" ", cleaned).strip()
        if cleaned:
            notices.append("Operators without words on both sides ignored.")
            try:
                parsed = parser.parse(cleaned)
            except Exception:
                parsed = q.NullQuery
    bad_dates: list[str] = []
    ranged: list[str] = []
    skipped: list[str] = []
    expanding: dict = {"kept": set(), "dropped": {}}
    written = _written_fuzzy_words(cleaned) if "~" in cleaned else None
    parsed = _rewrite_dates(parsed, bad_dates, written, ranged, skipped, expanding)
    if expanding["dropped"]:
        names = ", ".join(expanding["dropped"])
        notices.append(f"Only {MAX_EXPANDING} patterns and fuzzy words are searched at once; left out: {names}.")
    if expanding.get("far"):
        names = ", ".join(f"{name}~" for name in expanding["far"])
        notices.append(f"A fuzzy word finds words at most {MAX_EDITS} edits away; searched so: {names}.")
    if ranged:
        notices.append("Ranges work on dates only (date:[2020 to 2021]); the other range was searched as its words.")
    if skipped:
        names = ", ".join(dict.fromkeys(skipped))
        notices.append(f"A pattern that starts with * or ? may hold only letters; left out: {names}.")
    if parsed is not q.NullQuery:
        parsed = parsed.normalize()
    if parsed is not q.NullQuery and _contains_not(parsed):
        # NOT means "the documents without": Whoosh's NOT matches every record,
        # section records (which hold no document field) included.
        # (Not an And inside an And: Whoosh's flattening of one asks every part for
        # a boost, which a ConstantScoreQuery has not.)
        parts = list(parsed.subqueries) if type(parsed) is q.And else [parsed]
        parsed = _subtract_nots(q.And([every_document(0.0), *parts]).normalize())
    if bad_dates:
        message = (
            f"Not a date: {', '.join(repr(b) for b in bad_dates)}. "
            "Write date:2024, date:2024-11, date:2024-11-14 or date:[2020 to 2021]."
        )
        if parsed is q.NullQuery:
            return ParsedQuery(None, cleaned, tuple(notices), message)
        notices.append(message)
    if parsed is q.NullQuery:
        return ParsedQuery(
            None,
            cleaned,
            tuple(notices),
            "Nothing to search for: only very common words or operators. Try other words.",
        )
    return ParsedQuery(parsed, cleaned, tuple(notices))


_WORD = re.compile(r"[^\W\d_]{3,}")


def spellable_words(text: str) -> list[re.Match]:
    """The words of a query a spelling fix may replace: not operators, fields or patterns."""
    found = []
    for match in _WORD.finditer(text):
        end = match.end()
        following = text[end : end + 1]
        if following in (":", "*", "~", "?"):
            continue
        if match.start() > 0 and text[match.start() - 1] in "*?":
            continue
        if match.group(0) in ("AND", "OR", "NOT", "ANDNOT", "ANDMAYBE"):
            continue
        if has_cjk(match.group(0)):
            continue  # searched as bigrams: no word of the vocabulary to suggest
        found.append(match)
    return found


# A query's words, rarest first: the first MIN_WORDS always, then more up to
# MAX_WORDS while their documents (counted with repeats) add up to at most
# WORD_POSTINGS. Each word's postings are read in full, so a paste of common words
# costs in proportion to their documents: 32 words found in 3,000 documents each
# took 0.55 s at 10,000 documents, 13 of them 0.2 s.
MIN_WORDS = 12
MAX_WORDS = 32
WORD_POSTINGS = 40_000


def _rarest(words, frequency: dict) -> set:
    """The words a search keeps (see ``MIN_WORDS``)."""
    kept: set = set()
    spent = 0
    for word in sorted(words, key=lambda word: (frequency[word], word)):
        if len(kept) >= MAX_WORDS or (len(kept) >= MIN_WORDS and spent + frequency[word] > WORD_POSTINGS):
            break
        kept.add(word)
        spent += frequency[word]
    return kept


def _cap_words(query, reader) -> tuple[object, int]:
    """The query with only its rarest words (``_rarest``), and how many were left out.

    A pasted paragraph is a few hundred words, each read in full: 200 words took
    2-3 s at 10,000 documents. The rarest words say what the text is about; the
    common ones find everything and decide nothing.
    """
    from whoosh import query as q

    words = {leaf.text for leaf in query.leaves() if type(leaf) is q.Term and leaf.fieldname in ANALYZED_FIELDS}
    if len(words) <= MIN_WORDS:
        return query, 0
    frequency = {word: _frequency(reader, word) for word in words}
    kept = _rarest(words, frequency)
    if len(kept) == len(words):
        return query, 0

    def drop(node):
        if type(node) is q.Term and node.fieldname in ANALYZED_FIELDS and node.text not in kept:
            return q.NullQuery
        return node if node.is_leaf() else node.apply(drop)

    return drop(query).normalize(), len(words) - len(kept)


_SYNTAX = re.compile(r'["():*?~^\[\]{}+\\]|\b(?:AND|OR|NOT|ANDNOT|ANDMAYBE|TO)\b')


def _frequency(reader, term: str) -> int:
    return reader.doc_frequency("body", term) + reader.doc_frequency("title", term)


def _rarest_plain_words(text: str, reader) -> tuple[str, int]:
    """A paste of plain words cut to its rarest (``_rarest``), before the parser reads it.

    Parsing a thousand characters into a query per field took longer than the
    search (0.3 s); text with any query syntax is cut after parsing (``_cap_words``).
    """
    from ..storage.analysis import analyze

    if len(text.split()) <= MIN_WORDS or len(text) > 4 * MAX_QUERY_CHARS or _SYNTAX.search(text):
        return text, 0
    tokens = analyze(text[:MAX_QUERY_CHARS])
    distinct = {token[0] for token in tokens}
    if len(distinct) <= MIN_WORDS:
        return text, 0
    frequency = {term: _frequency(reader, term) for term in distinct}
    kept = _rarest(distinct, frequency)
    if len(kept) == len(distinct):
        return text, 0
    words = (text[token[2] : token[3]] for token in tokens if token[0] in kept)
    return " ".join(words), len(distinct) - len(kept)


def read_query(view: "View", text: str, *, any_word: bool = False) -> ParsedQuery:
    """``parse``, against this index: fuzzy words and patterns resolved from the vocabulary
    (``fuzzy.resolve``), date ranges from the dates the index holds (``dates.bound``), and
    words searched in the stems of the index's other languages too (``stems``)."""
    from .dates import DateSpan, bound
    from .fuzzy import BoundedFuzzyTerm, LimitedPattern, resolve
    from .stems import languages_in, with_stems

    searcher = view.searcher
    text, left_out = _rarest_plain_words(text, searcher.reader())
    parsed = parse(text, searcher.schema, any_word=any_word)
    if parsed.query is None:
        return parsed
    capped, left_in_query = _cap_words(parsed.query, searcher.reader())
    left_out += left_in_query
    if left_out:
        notice = (
            f"A search takes at most {MAX_WORDS} words, fewer when they are common; "
            f"the {left_out} most common of yours were left out."
        )
        parsed = replace(parsed, query=capped, notices=parsed.notices + (notice,))
    langs = languages_in(searcher.reader())
    if langs:
        parsed = replace(parsed, query=with_stems(parsed.query, parsed.text, langs))
    leaves = list(parsed.query.leaves())
    if any(isinstance(leaf, DateSpan) for leaf in leaves):
        parsed = replace(parsed, query=bound(parsed.query, searcher))
    if not any(isinstance(leaf, (BoundedFuzzyTerm, LimitedPattern)) for leaf in leaves):
        return parsed
    query, limited = resolve(parsed.query, view.speller(), MAX_PATTERN_WORDS, searcher, postings=PATTERN_POSTINGS)
    return replace(parsed, query=query, limited=limited)
