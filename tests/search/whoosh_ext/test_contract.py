"""The Whoosh internals ``search/whoosh_ext`` relies on are still there and still mean the same.

Each test names the internal it holds, so that a Whoosh upgrade that changes one
fails here with its name, not somewhere deep in a search or a sync. They compare
what the internal gives with what Whoosh's public API gives for the same index: a
real index on disk, of more postings per word than one block holds (128).
"""

from __future__ import annotations

import importlib.metadata
import inspect
import re

import pytest

from search.whoosh_ext import TESTED_VERSION, installed_version, is_tested_version
from tests.conftest import REPO

WORDS = 300  # files holding the word "harbour": three blocks of postings


def internal(owner, name: str, module: str):
    """``owner.name``, or a failure saying which internal Whoosh changed and who relies on it."""
    label = owner.__name__ if isinstance(owner, type) or inspect.ismodule(owner) else type(owner).__name__
    assert hasattr(owner, name), f"Whoosh changed: {label}.{name} is gone, and search/whoosh_ext/{module} relies on it"
    return getattr(owner, name)


@pytest.fixture(scope="module")
def library(tmp_path_factory):
    from search import Library

    root = tmp_path_factory.mktemp("contract")
    corpus = root / "corpus"
    corpus.mkdir()
    for number in range(WORDS):
        extra = " Harbourmaster harbours." if number % 3 == 0 else ""
        (corpus / f"{number:04d}.txt").write_text(f"Harbour note number {number} about tugs.{extra}\n", encoding="utf-8")
    library = Library([corpus], index_dir=root / "index", workers=1)
    library.sync()
    yield library
    library.close()


def segments(library):
    return [reader for reader, _ in library.searcher().reader().leaf_readers()] or [library.searcher().reader()]


def biggest(library):
    return max(segments(library), key=lambda reader: reader.doc_count_all())


# -- the version ------------------------------------------------------------------------


def test_the_installed_whoosh_is_the_one_the_internals_were_read_from():
    pin = re.search(r'"whoosh-reloaded==([\d.]+)"', (REPO / "pyproject.toml").read_text(encoding="utf-8"))
    assert pin, "pyproject.toml no longer pins whoosh-reloaded exactly"
    pinned = tuple(int(part) for part in pin.group(1).split("."))
    assert pinned == TESTED_VERSION, (
        f"pyproject.toml pins Whoosh {pin.group(1)} but search/whoosh_ext says it was read from "
        f"{TESTED_VERSION}: check every contract here against the new version, then move TESTED_VERSION"
    )
    assert importlib.metadata.version("whoosh-reloaded") == pin.group(1)
    assert installed_version() == TESTED_VERSION and is_tested_version()


def test_the_codec_names_the_readers_use_are_there():
    import whoosh.codec.whoosh3 as w3

    for name in ("LENGTHS_COLUMN", "W3LeafMatcher", "W3TermsReader", "_lenfield"):
        internal(w3, name, "postings.py")
    assert w3._lenfield("body") != w3._lenfield("title"), "whoosh.codec.whoosh3._lenfield no longer names a column per field"


# -- reading a segment --------------------------------------------------------------------


def test_a_segment_reader_keeps_its_term_table_in_terms(library):
    from whoosh.codec.whoosh3 import W3TermsReader
    from whoosh.reading import SegmentReader

    from search.whoosh_ext.postings import is_plain_segment

    for reader in segments(library):
        assert isinstance(reader, SegmentReader)
        terms = internal(reader, "_terms", "postings.py")
        assert isinstance(terms, W3TermsReader), f"SegmentReader._terms is a {type(terms).__name__}, not a W3TermsReader"
        for name in ("matcher", "term_info", "items_from", "_codec", "_postfile"):
            internal(terms, name, "postings.py")
        assert is_plain_segment(reader)


def test_term_postings_are_the_postings_whoosh_gives(library):
    """``_terms.matcher`` read a block at a time (``_read_ids``, ``_ids``, ... ``_next_block``)."""
    from whoosh.codec.whoosh3 import W3LeafMatcher

    from search.whoosh_ext.memo import PREFIX
    from search.whoosh_ext.postings import postings_within, term_postings

    reader = biggest(library)
    matcher = reader._terms.matcher("body", b"harbour", reader.schema["body"].format)
    assert type(matcher) is W3LeafMatcher, f"SegmentReader._terms.matcher gives a {type(matcher).__name__}"
    for name in ("_read_ids", "_ids", "_read_weights", "_weights", "_read_values", "_values", "_next_block", "_maxid"):
        internal(matcher, name, "postings.py")
    public = reader.postings("body", b"harbour")
    expected = []
    while public.is_active():
        expected.append((public.id(), public.weight(), public.value()))
        public.next()
    assert len(expected) > 2 * 128, "the word should span several blocks of postings"
    ids, weights, values = term_postings(reader, "body", b"harbour", values=True)
    assert list(zip(ids, weights, values)) == expected, "a block of W3LeafMatcher no longer holds the postings it reads"
    assert term_postings(reader, "body", b"nosuchword") == ((), ())
    # A block's header names its last id: the blocks that may hold a wanted id hold all its postings.
    wanted = {ids[0], ids[-1]}  # the first block and the last: not the ones between
    assert postings_within(reader, "body", b"harbour", wanted)[0] is ids  # the query's memo has it whole
    reader.__dict__.pop(PREFIX + "postings")  # a new query
    some_ids, some_weights, some_values = postings_within(reader, "body", b"harbour", wanted)
    assert wanted <= set(some_ids) and len(some_ids) < len(ids)
    assert set(zip(some_ids, some_weights, some_values)) <= set(expected)


def test_term_entries_lead_to_the_same_postings(library):
    """``_terms.term_info``, ``items_from`` and ``_codec.postings_reader(_postfile, info, format)``."""
    from search.whoosh_ext.postings import ids_of, term_info, term_infos_from

    reader = biggest(library)
    info = term_info(reader, "body", b"harbour")
    assert info is not None and term_info(reader, "body", b"nosuchword") is None
    assert ids_of(reader, "body", info) == list(reader.postings("body", b"harbour").all_ids())
    walked = []
    for term, entry in term_infos_from(reader, "body", b"harbour"):
        if not term.startswith(b"harbour"):
            break
        walked.append(term)
        assert ids_of(reader, "body", entry) == list(reader.postings("body", term).all_ids()), term
    assert walked == [t for t in reader.lexicon("body") if t.startswith(b"harbour")]
    assert len(walked) >= 2
    walked_field = [term for term, _ in term_infos_from(reader, "body", b"")]
    assert walked_field == list(reader.lexicon("body")), "items_from does not walk exactly the field's terms"


def test_the_lengths_column_holds_every_documents_field_length(library):
    """``_perdoc._cached_reader(_lenfield(field), LENGTHS_COLUMN)`` and its ``_count``, ``_fixedlen``, ``_dbfile``, ``_basepos``."""
    from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
    from whoosh.util.numeric import byte_to_length

    from search.whoosh_ext.postings import length_bytes

    reader = biggest(library)
    perdoc = internal(reader, "_perdoc", "postings.py")
    column = internal(perdoc, "_cached_reader", "postings.py")(_lenfield("body"), LENGTHS_COLUMN)
    assert column is not None, "the per-document reader has no lengths column for body"
    for name in ("_count", "_fixedlen", "_dbfile", "_basepos"):
        internal(column, name, "postings.py")
    lengths = length_bytes(reader, "body")
    assert len(lengths) == reader.doc_count_all()
    checked = 0
    for docnum in range(reader.doc_count_all()):
        expected = reader.doc_field_length(docnum, "body")
        if expected:
            assert byte_to_length(lengths[docnum]) == expected, docnum
            checked += 1
        else:
            assert lengths[docnum] == 0, docnum  # a section record: no body
    assert checked >= WORDS
    assert length_bytes(reader, "body") is lengths, "kept with the reader, read once"


def test_an_empty_index_is_not_a_plain_segment(tmp_path):
    from search import Library
    from search.whoosh_ext.postings import is_plain_segment

    (tmp_path / "c").mkdir()
    library = Library([tmp_path / "c"], index_dir=tmp_path / "ix")
    library.sync()
    assert not any(is_plain_segment(sub.reader()) for sub, _ in library.searcher().leaf_searchers())
    assert library.search("date:2024").total == 0 and library.search("harbour").total == 0


# -- values kept with a searcher ------------------------------------------------------------


def test_searchers_and_readers_take_values_of_ours(library):
    from search.whoosh_ext.memo import PREFIX, kept

    searcher = library.searcher()
    for owner in (searcher, searcher.reader(), biggest(library)):
        assert hasattr(owner, "__dict__"), f"{type(owner).__name__} no longer has a __dict__ to keep values in"
        assert not [name for name in vars(type(owner)) if name.startswith(PREFIX)], f"Whoosh uses {PREFIX}* names"
    made = []
    first = kept(searcher, "contract", lambda: made.append(1) or object())
    assert kept(searcher, "contract", object) is first and made == [1]


# -- the hooks of query classes ----------------------------------------------------------------


def test_a_multi_term_query_is_expanded_through_btexts(library):
    """``Prefix._btexts(reader)``: the words a pattern stands for in a reader."""
    from whoosh import query as q

    from search.whoosh_ext.queries import expansions

    reader = biggest(library)
    internal(q.Prefix, "_btexts", "queries.py")
    assert sorted(expansions(q.Prefix("body", "harbour"), reader)) == sorted(reader.expand_prefix("body", "harbour"))


def test_a_fuzzy_term_matches_the_words_btexts_gives(library):
    """Whoosh's FuzzyTerm asks ``_btexts`` for its words, to match and to list its terms."""
    from whoosh import query as q

    from search.whoosh_ext.queries import ExpandingFuzzyTerm

    internal(q.FuzzyTerm, "_btexts", "queries.py")

    class OnlyTugs(ExpandingFuzzyTerm):
        def words(self, reader):
            return iter(["tug"])

    searcher = library.searcher()
    fuzzy = OnlyTugs("body", "zzz")
    assert len(list(searcher.docs_for_query(fuzzy))) == WORDS
    assert {text for _, text in fuzzy.existing_terms(searcher.reader(), expand=True)} == {b"tug"}


def test_a_wrapping_query_is_rebuilt_through_rewrap():
    """``WrappingQuery.apply`` and ``with_boost`` rebuild the query with ``_rewrap(child)``."""
    from whoosh import query as q

    from search.whoosh_ext.queries import RewrappingQuery

    internal(q.WrappingQuery, "_rewrap", "queries.py")

    class Limited(RewrappingQuery):
        def __init__(self, child, limit):
            super().__init__(child)
            self.limit = limit

        def rewrap(self, child):
            return type(self)(child, self.limit)

    query = Limited(q.Term("body", "harbour"), 7)
    for rebuilt in (query.apply(lambda child: child), query.with_boost(2.0)):
        assert type(rebuilt) is Limited and rebuilt.limit == 7


# -- the segment writer -------------------------------------------------------------------------


def _whoosh_index(folder):
    from whoosh.fields import ID, TEXT, Schema
    from whoosh.filedb.filestore import FileStorage

    folder.mkdir()
    return FileStorage(str(folder), supports_mmap=False).create_index(Schema(path=ID(stored=True), body=TEXT(chars=True)))


def test_the_segment_writer_has_the_steps_of_a_commit():
    from whoosh.writing import SegmentWriter

    for name in ("_check_state", "_merge_segments", "_finalize_segment", "_close_segment", "_commit_toc", "_finish", "_flush_segment"):
        internal(SegmentWriter, name, "writer.py")
    assert list(inspect.signature(SegmentWriter._merge_segments).parameters) == ["self", "mergetype", "optimize", "merge"]
    assert list(inspect.signature(SegmentWriter._commit_toc).parameters) == ["self", "segments"]
    assert "_lk" in inspect.signature(SegmentWriter.__init__).parameters, "SegmentWriter no longer takes _lk"


def test_a_commit_goes_through_the_steps_the_fast_writer_overrides(tmp_path):
    """``commit`` calls ``_flush_segment``, ``_commit_toc`` and ``_finish``; documents reach ``pool.add``."""
    from search.whoosh_ext.writer import FastSegmentWriter

    ix = _whoosh_index(tmp_path / "ix")
    calls = []

    class Recording(FastSegmentWriter):
        def _flush_segment(self):
            calls.append("_flush_segment")
            super()._flush_segment()

        def _commit_toc(self, segments):
            calls.append("_commit_toc")
            super()._commit_toc(segments)

        def _finish(self):
            calls.append("_finish")
            super()._finish()

    writer = Recording(ix)
    for name in ("_tempstorage", "_added", "pool"):
        internal(writer, name, "writer.py")
    added = []
    real_add = writer.pool.add
    writer.pool.add = lambda item: added.append(item) or real_add(item)
    writer.add_document(path="a", body="harbour tugs harbour")
    assert writer._added is True, "SegmentWriter._added no longer says a document was added"
    assert ("body", b"harbour", 0) == added[0][:3] and len(added[0]) == 5, "SegmentWriter.pool.add takes other postings"
    writer.commit()
    assert calls == ["_flush_segment", "_commit_toc", "_finish"], calls
    from whoosh import query as q

    with ix.searcher() as searcher:
        assert [hit["path"] for hit in searcher.search(q.Term("body", "harbour"))] == ["a"]


def test_the_postings_writer_block_is_assembled_in_postwriter(tmp_path):
    """``fieldwriter._postwriter``: ``_blocklimit``, ``_compression``, ``_ids`` ... ``_write_block``."""
    from search.whoosh_ext.writer import FastSegmentWriter

    ix = _whoosh_index(tmp_path / "ix")
    writer = FastSegmentWriter(ix)
    try:
        writer.fieldwriter.start_field("body", ix.schema["body"])
        writer.fieldwriter.start_term(b"harbour")
        postwriter = internal(writer.fieldwriter, "_postwriter", "writer.py")
        for name in ("_blocklimit", "_write_block"):
            internal(postwriter, name, "writer.py")
        assert isinstance(postwriter._blocklimit, int) and postwriter._blocklimit > 1
        for name in ("_compression", "_ids", "_weights", "_values", "_maxweight", "_minlength", "_maxlength"):
            internal(postwriter, name, "writer.py")
    finally:
        writer.cancel()


def test_a_worker_segment_is_written_unlocked_and_committed_by_the_main_writer(tmp_path):
    """``_lk=False`` writes beside a locked writer; ``_finalize_segment`` makes a segment it can commit."""
    from search.whoosh_ext.writer import FastSegmentWriter

    ix = _whoosh_index(tmp_path / "ix")
    main = FastSegmentWriter(ix, keep_temp=True)
    worker = FastSegmentWriter(ix, lock=False)  # the lock is the main writer's: no LockError
    worker.add_document(path="from-worker", body="harbour")
    segment = worker.finish_segment()
    assert segment.doc_count_all() == 1
    idle = FastSegmentWriter(ix, lock=False)
    idle.abandon_segment()
    main.add_document(path="from-main", body="harbour")
    main.keep_temp = False
    main.commit_with([segment])
    from whoosh import query as q

    with ix.searcher() as searcher:
        assert sorted(hit["path"] for hit in searcher.search(q.Term("body", "harbour"))) == ["from-main", "from-worker"]


# -- signed: the table of contents and the storage ------------------------------------


def test_the_table_of_contents_has_the_names_signed_reads_and_writes():
    from whoosh.index import TOC, FileIndex, clean_files

    for name in ("_latest_generation", "_filename", "_segment_pattern", "read", "write"):
        internal(TOC, name, "signed.py")
    assert TOC._filename("MAIN", 7) == "_MAIN_7.toc"
    assert TOC._segment_pattern("MAIN").match("MAIN_abc123.seg").group(1) == "MAIN_abc123"
    assert not TOC._segment_pattern("MAIN").match("_MAIN_7.mac"), "clean_files would delete signatures"
    assert not TOC._pattern("MAIN").match("_MAIN_7.mac")
    assert list(inspect.signature(TOC.read).parameters) == ["storage", "indexname", "gen", "schema"]
    assert list(inspect.signature(clean_files).parameters) == ["storage", "indexname", "gen", "segments"]
    internal(FileIndex, "_read_toc", "signed.py")


def test_every_reader_searcher_and_writer_reads_the_toc_through_read_toc(tmp_path, monkeypatch):
    """``SignedFileIndex`` checks in ``_read_toc``: Whoosh must not read a table of contents any other way."""
    from whoosh.index import TOC

    from search.storage.private import index_key
    from search.storage.schema import build_schema
    from search.whoosh_ext import signed
    from search.whoosh_ext.writer import FastSegmentWriter

    storage = signed.PrivateFileStorage(str(tmp_path / "w")).create()
    ix = signed.create_index(storage, build_schema(), index_key())
    writer = FastSegmentWriter(ix)
    writer.add_document(doc_id="a", rid="a", kind="full", body="harbour")
    writer.commit()
    calls = []
    real = TOC.read

    def counted(*args, **kwargs):
        calls.append(type(args[0]).__name__)
        return real(*args, **kwargs)

    monkeypatch.setattr(TOC, "read", counted)
    ix.searcher().close()
    ix.reader().close()
    FastSegmentWriter(ix).cancel()
    assert calls and set(calls) == {"RamStorage"}, "Whoosh read a table of contents from disk unchecked"


def test_the_toc_is_written_through_create_file_and_rename_file_only(tmp_path):
    from whoosh.filedb.filestore import FileStorage
    from whoosh.index import TOC

    from search.storage.schema import build_schema

    storage = FileStorage(str(tmp_path)).create()
    used = []

    class Recording:
        def create_file(self, name, **kwargs):
            used.append("create_file")
            return storage.create_file(name, **kwargs)

        def rename_file(self, old, new, safe=False):
            used.append("rename_file")
            storage.rename_file(old, new, safe=safe)

    TOC(build_schema(), [], 3).write(Recording(), "MAIN")
    assert used == ["create_file", "rename_file"]
    assert TOC.read(storage, "MAIN", 3, schema=build_schema()).generation == 3


def test_file_storage_hands_out_the_file_and_folder_private_storage_changes(tmp_path):
    from whoosh.filedb.filestore import FileStorage, RamStorage

    storage = FileStorage(str(tmp_path / "s")).create()
    stream = storage.create_file("x")
    assert internal(stream, "file", "signed.py").fileno() >= 0
    stream.close()
    assert internal(storage.temp_storage("t.tmp"), "folder", "signed.py") == str(tmp_path / "s" / "t.tmp")
    assert isinstance(internal(RamStorage(), "files", "signed.py"), dict)


def test_a_failed_write_leaves_only_what_the_last_commit_names(tmp_path):
    """``drop_unfinished`` uses ``whoosh.index.clean_files``, ``TOC._latest_generation``
    and ``FileIndex._segments``: files of a segment no TOC names, and the temporary
    folder, go; the committed index stays whole and answers."""
    import whoosh.index
    from whoosh.index import TOC

    from search import Library
    from search.whoosh_ext.writer import drop_unfinished

    internal(whoosh.index, "clean_files", "writer.py")
    internal(TOC, "_latest_generation", "writer.py")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Harbour tugs.\n", encoding="utf-8")
    library = Library([corpus], index_dir=tmp_path / "index", workers=1)
    library.sync()
    ix = library._index()
    internal(ix, "_segments", "writer.py")
    folder = tmp_path / "index" / "whoosh"
    committed = sorted(p.name for p in folder.iterdir())
    (folder / "MAIN_abcdefghijklmnop.trm").write_bytes(b"cut short")  # a segment no TOC names
    (folder / "MAIN.tmp").mkdir()
    (folder / "MAIN.tmp" / "0.col").write_bytes(b"x")
    drop_unfinished(ix)
    assert sorted(p.name for p in folder.iterdir()) == committed
    assert [hit.doc_id for hit in library.search("harbour").hits] == ["a.txt"]
    library.close()
