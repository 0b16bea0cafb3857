"""Which files of a corpus are documents, and the ids they get."""

from __future__ import annotations

from search import Library
from tests.conftest import article, write_article


def test_several_roots_keep_their_documents_apart(tmp_path):
    one, two = tmp_path / "one", tmp_path / "two"
    write_article(one, "notes.txt", article("Harbour cranes at dawn."))
    write_article(two, "notes.txt", article("Harbour tugs at dusk."))
    library = Library([one, two], index_dir=tmp_path / "ix")
    library.sync()
    assert sorted(h.doc_id for h in library.search("harbour").hits) == ["one/notes.txt", "two/notes.txt"]


def test_the_walk_finds_the_same_sidecars_as_sidecar_for(tmp_path):
    """The walk reads sidecars off the folder listing; it must agree with ``sidecar_for``."""
    from search.indexing.corpus import sidecar_signature, walk

    names = ["a.txt", "a.meta.json", "b.txt", "b.txt.meta.json", "c.", "c..meta.json", "d", "d.meta.json", "e.md"]
    for name in names:
        (tmp_path / name).write_text("{}" if name.endswith(".meta.json") else "Some text.\n", encoding="utf-8")
    (tmp_path / "e.meta.json").mkdir()  # a folder is not a sidecar
    found = {f.doc_id: f.sidecar for f in walk([tmp_path], [])}
    assert set(found) == {"a.txt", "b.txt", "c.", "d", "e.md"}
    for doc_id, sidecar in found.items():
        assert sidecar == sidecar_signature(tmp_path / doc_id), doc_id
    assert found["a.txt"].startswith("a.meta.json:") and found["b.txt"].startswith("b.txt.meta.json:")
    assert found["d"].startswith("d.meta.json:") and found["e.md"] == ""
