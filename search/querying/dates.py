"""Date ranges answered from the dates the index holds, so that every range takes bounded time.

``date:[2020 to 2024]`` is a handful of year terms (``querytext._date_range``).
A range that is open (``date:{2020 TO}``) or ends inside a year (``date:[2020-03
TO 2022]``) was a numeric range over ``date_num``, which Whoosh expands into every
day, month and year term in it: at 50,000 documents an open range took 0.6 s and,
with a word no document has (the any-word fallback searches it twice), 1.3 s.

Such a range is parsed as a ``DateSpan`` and, once the searcher is known
(``bound``), becomes the terms the index actually holds: the year term of every
whole year in the range that some document has, the month term of every whole
month of the years it only partly covers, and the day terms (``date_num``) of the
at most two months it partly covers. A year, month and day term stand for the same
documents as the ``date_num`` values of that year, month or day, because every
date is an ISO date (``parse.dates``): a document with ``year`` 2021 has a
``date_num`` of 2021xxxx and the other way round. Whatever the range, that is at
most the years present, 22 month terms and two months of days.
"""

from __future__ import annotations

from whoosh import query as q

from .fuzzy import field_terms

DATE_FIELD = "date_num"


class DateSpan(q.NumericRange):
    """``date_num`` from ``low`` to ``high`` (20241114 for 2024-11-14), as a date range is parsed.

    Searched as it is, it is Whoosh's numeric range; ``bound`` makes it a ``DateSet``.
    """

    def __init__(self, low: int, high: int) -> None:
        super().__init__(DATE_FIELD, low, high, constantscore=True)


class DateSet(q.Query):
    """The documents holding any of a list of existing (field, term) pairs, all of one score.

    The pairs are few (see the module's docstring) but their documents many: their
    ids are gathered directly, with no scorer per term, as ``fuzzy.WordSet`` does.
    """

    def __init__(self, terms: tuple[tuple[str, bytes], ...]) -> None:
        self.terms = terms
        self.boost = 1.0

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.terms!r})"

    def __eq__(self, other) -> bool:
        return type(other) is type(self) and other.terms == self.terms

    def __hash__(self) -> int:
        return hash((type(self).__name__, self.terms))

    def is_leaf(self) -> bool:
        return True

    def field(self):
        return None

    def normalize(self):
        return self  # empty means "matches nothing", which And must keep

    def estimate_size(self, ixreader) -> int:
        return sum(ixreader.doc_frequency(field, term) for field, term in self.terms)

    def estimate_min_size(self, ixreader) -> int:
        return max((ixreader.doc_frequency(field, term) for field, term in self.terms), default=0)

    def existing_terms(self, ixreader, phrases=True, expand=False, fieldname=None):
        return {(f, t) for f, t in self.terms if (fieldname is None or f == fieldname) and (f, t) in ixreader}

    def matcher(self, searcher, context=None):
        from whoosh.matching import ListMatcher, NullMatcher

        reader = searcher.reader()
        ids: set[int] = set()
        for field, term in self.terms:
            if (field, term) in reader:
                ids.update(reader.postings(field, term).all_ids())
        if not ids:
            return NullMatcher()
        return ListMatcher(sorted(ids), all_weights=1.0)


def bound(query, searcher):
    """``query`` with each ``DateSpan`` made the ``DateSet`` of the terms this index holds in it."""
    if isinstance(query, DateSpan):
        return q.ConstantScoreQuery(DateSet(_terms(query.start, query.end, searcher)), score=query.boost)
    if query.is_leaf():
        return query
    return query.apply(lambda child: bound(child, searcher))


def _terms(low: int, high: int, searcher) -> tuple[tuple[str, bytes], ...]:
    years = field_terms(searcher, "year")
    months = field_terms(searcher, "month")
    found: list[tuple[str, bytes]] = []
    for text in sorted(years):
        if len(text) != 4 or not text.isdigit():
            continue
        first = int(text) * 10000
        last = first + 9999
        if last < low or first > high:
            continue
        if low <= first and last <= high:
            found.append(("year", text))
            continue
        # A year the range covers in part: its documents dated by the year alone,
        # its whole months, and the days of the months it covers in part.
        start, end = max(low, first), min(high, last)
        if start == first:
            found.extend(_days(first, first, searcher))
        for month in range(1, 13):
            month_first = first + month * 100
            month_last = month_first + 99
            if month_last < start or month_first > end:
                continue
            if start <= month_first and month_last <= end:
                name = f"{text.decode()}-{month:02d}".encode()
                if name in months:
                    found.append(("month", name))
            else:
                found.extend(_days(max(start, month_first), min(end, month_last), searcher))
    return tuple(found)


def _days(low: int, high: int, searcher) -> list[tuple[str, bytes]]:
    """The ``date_num`` values from ``low`` to ``high`` that some document has (a month at most)."""
    field = searcher.schema[DATE_FIELD]
    start, end = field.to_bytes(low), field.to_bytes(high)
    found = []
    for fieldname, term in searcher.reader().terms_from(DATE_FIELD, start):
        if fieldname != DATE_FIELD or term > end:
            break
        found.append((DATE_FIELD, term))
    return found
