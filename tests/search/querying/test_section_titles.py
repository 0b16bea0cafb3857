"""Sections found by their titles across the library, as the command palette asks while the user types."""

from __future__ import annotations


def test_sections_are_found_by_title_across_the_library(small_library):
    found = small_library.find_sections("verification")
    assert [(m.doc_id, m.section_id) for m in found] == [("page.html", "verification")]
    assert found[0].doc_title == "Ceasefire Monitoring Handbook"
    # the last word may be unfinished: the palette asks while the user types
    assert ("sanctions.txt", "how-will-china-respond") in {(m.doc_id, m.section_id) for m in small_library.find_sections("china resp")}
    assert small_library.find_sections("") == []
