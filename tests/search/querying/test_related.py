"""More like this: documents that share a document's distinctive words."""

from __future__ import annotations

from search import Library
from tests.conftest import article, write_article


def test_more_like_this_prefers_documents_sharing_distinctive_words(tmp_path):
    corpus = tmp_path / "c"
    write_article(corpus, "a.txt", article("Glaciers retreat as alpine glaciers melt; meltwater floods valleys below the glaciers."))
    write_article(corpus, "b.txt", article("Meltwater from glaciers feeds rivers; glaciers shrink every summer in the alpine valleys."))
    write_article(corpus, "c.txt", article("Bond markets and interest rates moved after the central bank decision."))
    library = Library([corpus], index_dir=tmp_path / "ix")
    library.sync()
    similar = library.more_like_this("a.txt")
    assert similar and similar[0].doc_id == "b.txt"
    assert all(s.doc_id != "a.txt" for s in similar)
