"""Facets: types, topics and years among the documents a query finds."""

from __future__ import annotations


def test_facets_count_types_topics_and_years(small_library):
    everything = small_library.facets("")
    assert ("Analysis", 2) in everything.types  # sanctions + the Kenya summary
    assert dict(everything.topics)["Global Policy"] == 1
    assert dict(everything.years)["2024"] == 1
    found = small_library.facets("security")
    assert {t for t, _ in found.types} <= {"Report", "Analysis", "Notes", ""}
    assert sum(n for _, n in found.years) <= small_library.search("security").total
