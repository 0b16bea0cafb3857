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

from ..storage.schema import FIELD_BOOSTS

if TYPE_CHECKING:
    from .view import View

MAX_QUERY_CHARS = 1000

FIELD_ALIASES = {
    "topic": ["topics", "tag", "tags"],
    "author": ["authors", "by"],
    "section": ["sections", "heading"],
}
KNOWN_FIELDS = set(FIELD_BOOSTS) | {"date"} | {a for names in FIELD_ALIASES.values() for a in names}
FIELD_NAMES_FOR_HELP = "title, section, topic, type, author, date"

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
MAX_PATTERN_WORDS = 1024


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


def _rewrite_dates(query, bad: list[str], written: dict[str, str] | None = None, ranged: list[str] | None = None):
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
    if isinstance(query, q.FuzzyTerm):
        # A fuzzy word keeps its first letter and finds its neighbours by lookup:
        # Whoosh computed an edit distance against every word of the field that
        # starts with that letter, which took seconds at 50,000 documents.
        fuzzy = BoundedFuzzyTerm(query.fieldname, query.text, boost=query.boost, maxdist=query.maxdist, prefixlength=1)
        fuzzy.written = (written or {}).get(query.text)
        return q.ConstantScoreQuery(fuzzy, score=query.boost)
    if isinstance(query, (q.Prefix, q.Wildcard)):
        # Patterns score the same for every match (boost per field). Whoosh does so
        # only when a pattern expands to several words in a segment, and scores a
        # single word by BM25: the answer then depended on how the index happened
        # to be cut into segments.
        return q.ConstantScoreQuery(bounded_pattern(query, MAX_PATTERN_WORDS), score=query.boost)
    if query.is_leaf():
        return query
    return query.apply(lambda child: _rewrite_dates(child, bad, written, ranged))


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
    parsed = _rewrite_dates(parsed, bad_dates, _written_fuzzy_words(cleaned) if "~" in cleaned else None, ranged)
    if ranged:
        notices.append("Ranges work on dates only (date:[2020 to 2021]); the other range was searched as its words.")
    if parsed is not q.NullQuery:
        parsed = parsed.normalize()
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
        found.append(match)
    return found


def read_query(view: "View", text: str, *, any_word: bool = False) -> ParsedQuery:
    """``parse``, against this index: fuzzy words and patterns resolved from the vocabulary
    (``fuzzy.resolve``), date ranges from the dates the index holds (``dates.bound``)."""
    from .dates import DateSpan, bound
    from .fuzzy import BoundedFuzzyTerm, LimitedPattern, resolve

    searcher = view.searcher
    parsed = parse(text, searcher.schema, any_word=any_word)
    if parsed.query is None:
        return parsed
    leaves = list(parsed.query.leaves())
    if any(isinstance(leaf, DateSpan) for leaf in leaves):
        parsed = replace(parsed, query=bound(parsed.query, searcher))
    if not any(isinstance(leaf, (BoundedFuzzyTerm, LimitedPattern)) for leaf in leaves):
        return parsed
    query, limited = resolve(parsed.query, view.speller(), MAX_PATTERN_WORDS, searcher)
    return replace(parsed, query=query, limited=limited)
