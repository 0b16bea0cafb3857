"""Links between documents: related entries lead to documents or summaries; backlinks lead back."""

from __future__ import annotations

from search import normalize_title


def test_related_links_point_to_full_documents_or_shared_summaries(small_library):
    sanctions = small_library.document("sanctions.txt")
    targets = {link.title: link.target for link in sanctions.related}
    # "Climate Security in the Pacific" is a document of the corpus: the link leads to it
    assert targets["Climate Security in the Pacific"] == "climate.txt"
    # "Elections in Kenya" is listed by two documents and exists in neither: one summary
    kenya = "summary:" + normalize_title("Elections in Kenya")
    assert targets["Elections in Kenya"] == kenya
    climate = small_library.document("climate.txt")
    assert climate.related[0].target == kenya
    assert small_library._store().count("summary") == 1
    assert small_library.search("kenya").total == 1
    assert not small_library._store().has_document("summary:" + normalize_title("Climate Security in the Pacific"))


def test_backlinks_name_the_documents_that_link_here(small_library):
    assert [s.doc_id for s in small_library.backlinks("climate.txt")] == ["sanctions.txt"]
    kenya = "summary:" + normalize_title("Elections in Kenya")
    assert sorted(s.doc_id for s in small_library.backlinks(kenya)) == ["climate.txt", "sanctions.txt"]
    assert small_library.backlinks("page.html") == []
