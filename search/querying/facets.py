"""Types, topics and years among the documents a query finds, most frequent first."""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from ..model import Facets
from .querytext import read_query

if TYPE_CHECKING:
    from ..storage.store import Store
    from .view import View


def _count(values) -> tuple[tuple[str, int], ...]:
    counts: dict[str, int] = defaultdict(int)
    for value in values:
        if value:
            counts[value] += 1
    return tuple(sorted(counts.items(), key=lambda item: (-item[1], item[0])))


def all_facets(store: "Store") -> Facets:
    """The facets of the whole library, from the store's summaries (no search)."""
    items = list(store.summaries().values())
    return Facets(
        types=_count(d.type for d in items),
        topics=_count(t for d in items for t in d.topics),
        years=_count(d.date[:4] for d in items),
    )


def query_facets(view: "View", text: str) -> Facets:
    """The facets of the documents a query finds."""
    parsed = read_query(view, text)
    if parsed.query is None:
        return Facets()
    from whoosh import sorting

    groups = {
        "type": sorting.FieldFacet("type_facet"),
        "topic": sorting.FieldFacet("topic_facet", allow_overlap=True),
        "year": sorting.FieldFacet("year"),
    }
    results = view.searcher.search(parsed.query, limit=1, groupedby=groups, maptype=sorting.Count)

    def ordered(name):
        return tuple(
            sorted(
                ((k, v) for k, v in results.groups(name).items() if k),
                key=lambda item: (-item[1], item[0]),
            )
        )

    return Facets(types=ordered("type"), topics=ordered("topic"), years=ordered("year"))
