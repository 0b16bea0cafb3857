"""Library.sync: incremental, and summary documents that follow the corpus."""

from __future__ import annotations

import threading

import pytest

from search import Library, normalize_title
from search.indexing import batches as batches_module
from search.indexing import plan as plan_module
from search.indexing import prepare as prepare_module
from search.storage.schema import SCHEMA_VERSION
from tests.conftest import SEEDS, SEED_ID, article, bump_mtime, write_article


def _whoosh_generation(library) -> int:
    return library._index().latest_generation()


def test_seed_sync_indexes_the_article_and_a_summary_per_related_entry(tmp_path):
    library = Library([SEEDS], index_dir=tmp_path / "ix")
    report = library.sync()
    assert report.added == 1 and report.skipped == ()
    assert library._store().count("full") == 1
    assert library._store().count("summary") == 4
    document = library.document(SEED_ID)
    assert all(link.target and link.target.startswith("summary:") for link in document.related)
    summary = library.document(document.related[0].target)
    assert summary.kind == "summary"
    assert summary.title == document.related[0].title
    assert "10,000 troops" in summary.sections[0].text


def test_nothing_changed_means_nothing_parsed_and_nothing_written(small_corpus, tmp_path, monkeypatch):
    library = Library([small_corpus], index_dir=tmp_path / "ix")
    library.sync()
    generation = _whoosh_generation(library)

    def must_not_parse(*args, **kwargs):
        raise AssertionError("a file was parsed although nothing changed")

    monkeypatch.setattr(prepare_module, "parse_file", must_not_parse)
    report = library.sync()
    assert (report.added, report.updated, report.removed) == (0, 0, 0)
    assert report.unchanged == 4
    assert _whoosh_generation(library) == generation


def test_add_change_delete(small_corpus, tmp_path):
    library = Library([small_corpus], index_dir=tmp_path / "ix")
    library.sync()
    assert library.search("zanzibar").total == 0

    write_article(small_corpus, "new.txt", article("Zanzibar trade routes and the spice economy."))
    report = library.sync()
    assert (report.added, report.updated, report.removed) == (1, 0, 0)
    assert [h.doc_id for h in library.search("zanzibar").hits] == ["new.txt"]

    path = small_corpus / "new.txt"
    path.write_text(article("Madagascar vanilla farms after the cyclone."), encoding="utf-8")
    bump_mtime(path)
    report = library.sync()
    assert (report.added, report.updated, report.removed) == (0, 1, 0)
    assert library.search("zanzibar").total == 0
    assert [h.doc_id for h in library.search("vanilla").hits] == ["new.txt"]

    path.unlink()
    report = library.sync()
    assert (report.added, report.updated, report.removed) == (0, 0, 1)
    assert library.search("vanilla").total == 0


def test_a_new_mtime_with_the_same_bytes_is_not_reparsed(small_corpus, tmp_path, monkeypatch):
    library = Library([small_corpus], index_dir=tmp_path / "ix")
    library.sync()
    bump_mtime(small_corpus / "climate.txt")
    monkeypatch.setattr(prepare_module, "parse_file", lambda *a, **k: pytest.fail("reparsed unchanged bytes"))
    report = library.sync()
    assert not report.changed
    # and the new mtime is remembered, so the next sync does not even hash it
    hashed = []
    monkeypatch.setattr(plan_module, "hash_file", lambda path: hashed.append(path) or "x")
    library.sync()
    assert hashed == []


def test_a_changed_sidecar_reparses_its_document(small_corpus, tmp_path):
    library = Library([small_corpus], index_dir=tmp_path / "ix")
    library.sync()
    sidecar = small_corpus / "climate.meta.json"
    sidecar.write_text('{"title": "Oceans and Security"}', encoding="utf-8")
    bump_mtime(sidecar)
    report = library.sync()
    assert report.updated == 1
    assert library.document("climate.txt").title == "Oceans and Security"


def test_a_schema_version_change_rebuilds(small_corpus, tmp_path):
    library = Library([small_corpus], index_dir=tmp_path / "ix")
    library.sync()
    store = library._store()
    store.set_meta("schema_version", str(SCHEMA_VERSION - 1))
    store.commit()
    report = library.sync()
    assert report.rebuilt and report.added == 4
    assert library.search("ceasefire").total == 1


def test_summary_gives_way_to_a_full_document_and_comes_back(small_corpus, tmp_path):
    library = Library([small_corpus], index_dir=tmp_path / "ix")
    library.sync()
    kenya = "summary:" + normalize_title("Elections in Kenya")
    path = write_article(small_corpus, "kenya.txt", article("The full story of the vote."), {"title": "Elections in Kenya"})
    library.sync()
    assert not library._store().has_document(kenya)
    assert {l.target for l in library.document("climate.txt").related} == {"kenya.txt"}
    path.unlink()
    library.sync()
    assert library._store().has_document(kenya)
    assert {l.target for l in library.document("climate.txt").related} == {kenya}


def test_a_cancelled_sync_keeps_what_it_indexed(tmp_path):
    corpus = tmp_path / "c"
    for number in range(12):
        write_article(corpus, f"doc{number:02}.txt", article(f"Document number {number} about harbours."))
    library = Library([corpus], index_dir=tmp_path / "ix")
    cancel = threading.Event()

    def progress(done, total, doc_id):
        if done == 5:
            cancel.set()

    report = library.sync(progress=progress, cancel=cancel)
    assert report.added == 5 and report.message
    again = Library([corpus], index_dir=tmp_path / "ix")
    report = again.sync()
    assert report.added == 7 and report.unchanged == 5
    assert again.search("harbours", limit=50).total == 12


@pytest.mark.stress
def test_segment_workers_committing_in_several_batches_lose_nothing(tmp_path, monkeypatch):
    """Commits happen while workers still write: none of their files may be swept away."""
    from search.indexing.prepare import POOL_THRESHOLD
    from tests.bench.corpus import generate

    generate(POOL_THRESHOLD + 40, tmp_path / "corpus", seed=11)
    monkeypatch.setattr(batches_module, "SEGMENT_DOCUMENTS", 60)
    monkeypatch.setattr(batches_module, "COMMIT_SEGMENTS", 2)
    seen = []
    library = Library([tmp_path / "corpus"], index_dir=tmp_path / "ix", workers=2)
    report = library.sync(progress=lambda done, total, doc_id: seen.append(done))
    assert report.added == POOL_THRESHOLD + 40 and not report.skipped
    assert seen and seen[-1] == POOL_THRESHOLD + 40
    store = library._store()
    searcher = library.searcher()
    indexed = {searcher.stored_fields(n)["doc_id"] for n in searcher.reader().all_doc_ids()}
    assert indexed == set(store.iter_doc_ids())  # every document, summaries too, nothing extra
    single = Library([tmp_path / "corpus"], index_dir=tmp_path / "ix1", workers=1)
    single.sync()
    for query in ("security", '"peace talks"', "type:analysis", "date:[2018 to 2020]"):
        assert library.search(query).total == single.search(query).total, query
