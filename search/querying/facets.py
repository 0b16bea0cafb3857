"""Types, topics and years among the documents a query finds.

Types and topics come most frequent first; years newest first (a reader looks for a
year by its place in time, not by how many documents it holds).

With filters (a group's chosen value: ``{"type": "Report"}``, as the library's ``f``
narrows it), each group is counted among the documents that pass the *other*
groups' filters: with type X chosen, the topics and years are those of the
documents of type X, and the types are what choosing another type instead would
give (a group's own filter is replaced when another of its values is chosen, so
counting it under itself would show only X). A type or topic matches regardless
of case, a year exactly: the library list filters the same way.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from ..model import DocumentSummary, Facets
from .querytext import read_query

if TYPE_CHECKING:
    from ..storage.store import Store
    from .view import View

GROUPS = ("type", "topic", "year")


def _by_count(counts: Mapping[str, int]) -> tuple[tuple[str, int], ...]:
    return tuple(sorted(((k, v) for k, v in counts.items() if k), key=lambda item: (-item[1], item[0])))


def _newest_first(counts: Mapping[str, int]) -> tuple[tuple[str, int], ...]:
    return tuple(sorted(((k, v) for k, v in counts.items() if k), reverse=True))


def _filters(filters: Mapping[str, str] | None) -> dict[str, str]:
    """The filters that narrow anything (known groups, non-blank values)."""
    return {group: value for group, value in (filters or {}).items() if group in GROUPS and value}


def summary_facets(items: Iterable[DocumentSummary], filters: Mapping[str, str] | None = None) -> Facets:
    """The facets of ``items``, each group counted under the other groups' filters."""
    chosen = _filters(filters)
    wanted_type = chosen.get("type", "").casefold()
    wanted_topic = chosen.get("topic", "").casefold()
    wanted_year = chosen.get("year", "")
    types: dict[str, int] = defaultdict(int)
    topics: dict[str, int] = defaultdict(int)
    years: dict[str, int] = defaultdict(int)
    for item in items:
        year = item.date[:4]
        if len(year) != 4 or not year.isdigit():
            year = ""
        type_ok = not wanted_type or item.type.casefold() == wanted_type
        topic_ok = not wanted_topic or any(t.casefold() == wanted_topic for t in item.topics)
        year_ok = not wanted_year or year == wanted_year
        if topic_ok and year_ok:
            types[item.type] += 1
        if type_ok and year_ok:
            for topic in set(item.topics):
                topics[topic] += 1
        if type_ok and topic_ok:
            years[year] += 1
    return Facets(types=_by_count(types), topics=_by_count(topics), years=_newest_first(years))


def all_facets(store: "Store", filters: Mapping[str, str] | None = None) -> Facets:
    """The facets of the whole library, from the store's summaries (no search)."""
    return summary_facets(store.summaries().values(), filters)


def _filter_query(view: "View", group: str, value: str):
    """The documents whose ``group`` is ``value`` (a type or topic in any case)."""
    from whoosh import query

    if group == "year":
        return query.Term("year", value)
    field = "type_facet" if group == "type" else "topic_facet"
    if group == "topic":
        value = value.replace(",", " ")  # as the index writes a topic (records._topic_facet)
    wanted = value.casefold()
    terms = [term for term in view.searcher.reader().field_terms(field) if term.casefold() == wanted]
    if not terms:
        return query.NullQuery
    return query.Or([query.Term(field, term) for term in terms])


def query_facets(view: "View", text: str, filters: Mapping[str, str] | None = None) -> Facets:
    """The facets of the documents a query finds, each group counted under the other groups' filters."""
    parsed = read_query(view, text)
    if parsed.query is None:
        return Facets()
    from whoosh import query, sorting

    chosen = _filters(filters)
    fields = {
        "type": sorting.FieldFacet("type_facet"),
        "topic": sorting.FieldFacet("topic_facet", allow_overlap=True),
        "year": sorting.FieldFacet("year"),
    }
    narrowing = {group: _filter_query(view, group, value) for group, value in chosen.items()}
    # The groups counted under the same filters share a search: with no filter, all three one.
    by_filters: dict[tuple[str, ...], list[str]] = defaultdict(list)
    for group in GROUPS:
        by_filters[tuple(other for other in narrowing if other != group)].append(group)
    counted: dict[str, dict[str, int]] = {}
    for others, groups in by_filters.items():
        kwargs = {"filter": query.And([narrowing[other] for other in others])} if others else {}
        results = view.searcher.search(
            parsed.query, limit=1, groupedby={g: fields[g] for g in groups}, maptype=sorting.Count, **kwargs
        )
        for group in groups:
            counted[group] = dict(results.groups(group))
    return Facets(
        types=_by_count(counted["type"]),
        topics=_by_count(counted["topic"]),
        years=_newest_first(counted["year"]),
    )
