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


def test_years_are_newest_first_not_by_count(small_library):
    for facets in (small_library.facets(""), small_library.facets("security OR pyongyang OR kenya OR notes")):
        years = [year for year, _ in facets.years]
        assert years == sorted(years, reverse=True) and len(years) >= 2


def test_the_counts_of_the_whole_library_narrow_with_the_filters(small_library):
    # Analysis: the sanctions article (Global Policy, 2023) and the Kenya summary
    # (Democracy & Governance, 2022).
    by_type = small_library.facets("", {"type": "analysis"})  # any case, as the library list filters
    assert dict(by_type.topics) == {"Global Policy": 1, "Democracy & Governance": 1}
    assert by_type.years == (("2023", 1), ("2022", 1))
    # A group's own filter does not narrow its own counts: the other types stay, to choose instead.
    assert dict(by_type.types) == dict(small_library.facets("").types)
    both = small_library.facets("", {"type": "Analysis", "year": "2022"})
    assert dict(both.topics) == {"Democracy & Governance": 1}
    assert dict(both.types) == {"Analysis": 1}  # 2022 holds the Kenya summary alone
    assert both.years == (("2023", 1), ("2022", 1))
    assert small_library.facets("", {"type": "Nothing"}).topics == ()
    assert small_library.facets("", {"colour": "red", "type": ""}) == small_library.facets("")


def test_the_counts_of_a_query_narrow_with_the_filters(small_library):
    query = "security OR pyongyang OR kenya OR verification"
    found = small_library.facets(query)
    assert {"Analysis", "Report"} <= {t for t, _ in found.types}
    by_type = small_library.facets(query, {"type": "report"})
    assert dict(by_type.topics) == {"Climate": 1} and by_type.years == (("2024", 1),)
    assert dict(by_type.types) == dict(found.types)
    by_topic = small_library.facets(query, {"topic": "global policy"})
    assert all(t != "Report" for t, _ in by_topic.types) and by_topic.years == (("2023", 1),)
    assert small_library.facets(query, {"topic": "No such topic"}).types == ()
