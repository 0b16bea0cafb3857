"""Reading what a user typed as a Whoosh query, leniently.

A reader types "what happened at the party congress", a half-closed quote, a field
that does not exist or a lone NOT. None of that may raise: it is read as well as it
can be, and what was bent to read it is said in one line (``notice``). Only a query
with nothing searchable left is refused (``error``).
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass

from .schema import FIELD_BOOSTS

MAX_QUERY_CHARS = 1000

FIELD_ALIASES = {
    "topic": ["topics", "tag", "tags"],
    "author": ["authors", "by"],
    "section": ["sections", "heading"],
}
KNOWN_FIELDS = set(FIELD_BOOSTS) | {"date"} | {a for names in FIELD_ALIASES.values() for a in names}
FIELD_NAMES_FOR_HELP = "title, section, topic, type, author, date"

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")
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


def _date_bounds(value: str) -> tuple[int, int] | None:
    """The date_num range a written date covers: a year, a month or a day."""
    value = value.rstrip("*")
    if not _DATE.match(value):
        return None
    digits = value.replace("-", "")
    return int(digits.ljust(8, "0")), int(digits.ljust(8, "9"))


def _rewrite_dates(query, bad: list[str]):
    """``date:...`` terms and ranges become numeric ranges over the ``date_num`` field.

    ``date:2024`` means any date in 2024 (20240000-20249999); a range's end includes
    its whole period. A numeric range is a handful of index terms, where a range over
    ISO strings was hundreds.
    """
    from whoosh import query as q

    if isinstance(query, (q.Term, q.Prefix, q.Wildcard)) and query.fieldname == "date":
        bounds = _date_bounds(str(query.text))
        if bounds is None:
            bad.append(str(query.text))
            return q.NullQuery
        return q.NumericRange("date_num", bounds[0], bounds[1], boost=query.boost, constantscore=True)
    if isinstance(query, q.TermRange) and query.fieldname == "date":
        low = _date_bounds(str(query.start)) if query.start is not None else (0, 0)
        high = _date_bounds(str(query.end)) if query.end is not None else (99999999, 99999999)
        if low is None or high is None:
            bad.append(str(query.start if low is None else query.end))
            return q.NullQuery
        return q.NumericRange("date_num", low[0], high[1], constantscore=True)
    if isinstance(query, (q.Prefix, q.Wildcard)) and not isinstance(query, q.FuzzyTerm):
        # Patterns score the same for every match (boost per field). Whoosh does so
        # only when a pattern expands to several words in a segment, and scores a
        # single word by BM25: the answer then depended on how the index happened
        # to be cut into segments.
        return q.ConstantScoreQuery(query, score=query.boost)
    if isinstance(query, q.FuzzyTerm) and query.prefixlength < 1:
        # A fuzzy term must keep its first letter: without that Whoosh walks the
        # whole vocabulary, which at 50,000 documents takes seconds.
        return q.FuzzyTerm(query.fieldname, query.text, boost=query.boost, maxdist=query.maxdist, prefixlength=1)
    if query.is_leaf():
        return query
    return query.apply(lambda child: _rewrite_dates(child, bad))


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
    parsed = _rewrite_dates(parsed, bad_dates)
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
