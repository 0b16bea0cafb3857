"""Whoosh's segment writer, with the costs of a full build taken out.

Profiling a 2,000-document build showed, per posting written: the external sort of
Whoosh's posting pool, a lookup of the document's field length through Whoosh's
column reader (about a sixth of the build), a call of ``add_posting`` with its
checks, and zlib at level 3 on every posting block. Here postings are gathered per
term (``TermPool``), the lengths of a field are read once per segment into a list,
each block is assembled whole (``write_terms``), and only lists of several postings
are compressed, at level 1 (readers decompress any level, or none, the same way).
The files on disk are Whoosh's own format, read by Whoosh's own readers.

That means working inside Whoosh's ``SegmentWriter``, through members it does not
document, each held by a contract test: the steps of a commit (``_check_state``,
``_merge_segments``, ``_added``, ``_finalize_segment``, ``_close_segment``,
``_commit_toc``, ``_finish``, ``_flush_segment``, ``_tempstorage``), the posting
pool it feeds (``pool.add``), the lock flag (``_lk``), the per-document reader's
``_cached_reader`` of the lengths column, and the postings writer's block
(``_postwriter``: ``_blocklimit``, ``_compression``, ``_ids``, ``_weights``,
``_values``, ``_maxweight``, ``_minlength``, ``_maxlength``, ``_write_block``).
Indexing code uses only ``FastSegmentWriter`` and names of its own: ``commit_with``,
``keep_temp``, ``lock=False``, and ``finish_segment`` / ``abandon_segment`` for the
segment workers.
"""

from __future__ import annotations

import os

from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3Codec, _lenfield
from whoosh.util.numeric import byte_to_length
from whoosh.writing import SegmentWriter

_LENGTHS = [byte_to_length(b) for b in range(256)]
COMPRESSION = 1
COMPRESS_FROM = 8  # postings in a term's list before its blocks are compressed


class _Lengths:
    """``doc_field_length`` answered from lists read once per field."""

    def __init__(self, reader) -> None:
        self._reader = reader
        self._fields: dict[str, list[int]] = {}

    def doc_field_length(self, docnum: int, fieldname: str, default: int = 0) -> int:
        lengths = self._fields.get(fieldname)
        if lengths is None:
            lengths = self._load(fieldname)
        if docnum < len(lengths):
            return lengths[docnum] or default
        return default

    def field(self, fieldname: str) -> list[int]:
        """Every document's length of ``fieldname`` (0 where it has none)."""
        lengths = self._fields.get(fieldname)
        return self._load(fieldname) if lengths is None else lengths

    def _load(self, fieldname: str) -> list[int]:
        reader = self._reader
        count = reader.doc_count_all()
        column = reader._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
        if column is None:
            lengths = [0] * count
        else:
            lengths = [_LENGTHS[b] if b else 0 for b in (column[d] for d in range(count))]
        self._fields[fieldname] = lengths
        return lengths

    def close(self) -> None:
        self._reader.close()


class TermPool:
    """Postings gathered per term in memory, instead of Whoosh's external sort.

    Whoosh's pool keeps every posting as a tuple, sorts them all at the end and,
    past its memory limit, pickles sorted runs to disk and merges them back: about
    a fifth of a build. Postings here are appended to a list per (field, term);
    document numbers only grow, so each list is already in order and only the
    terms need sorting.

    Memory stays bounded: past ``limit`` postings (a merge of big segments, a
    huge batch) the pool hands everything to Whoosh's own external-sort pool and
    carries on through it.
    """

    def __init__(self, writer, limit: int = 3_000_000) -> None:
        self._writer = writer
        self._limit = limit
        self._count = 0
        self._terms: dict[tuple[str, bytes], list] = {}
        self._spilled = None
        self.fieldnames: set[str] = set()

    def add(self, item) -> None:
        if self._spilled is not None:
            self._spilled.add(item)
            self.fieldnames.add(item[0])
            return
        fieldname, tbytes, docnum, weight, vbytes = item
        key = (fieldname, tbytes)
        postings = self._terms.get(key)
        if postings is None:
            self._terms[key] = [(docnum, weight, vbytes)]
            self.fieldnames.add(fieldname)
        else:
            postings.append((docnum, weight, vbytes))
        self._count += 1
        if self._count > self._limit:
            self._spill()

    def _spill(self) -> None:
        from whoosh.writing import PostingPool

        writer = self._writer
        pool = PostingPool(writer._tempstorage, writer.newsegment, limitmb=128)
        for (fieldname, tbytes), postings in self._terms.items():
            for docnum, weight, vbytes in postings:
                pool.add((fieldname, tbytes, docnum, weight, vbytes))
        self._terms = {}
        self._spilled = pool

    @property
    def spilled(self) -> bool:
        return self._spilled is not None

    def sorted_terms(self):
        """((field, term bytes), [(docnum, weight, value), ...]) in term order (unspilled pools)."""
        terms = self._terms
        for key in sorted(terms):
            yield key, terms[key]

    def iter_postings(self):
        if self._spilled is not None:
            yield from self._spilled.iter_postings()
            return
        terms = self._terms
        for key in sorted(terms):
            fieldname, tbytes = key
            for docnum, weight, vbytes in terms[key]:
                yield fieldname, tbytes, docnum, weight, vbytes

    def cleanup(self) -> None:
        self._terms = {}
        if self._spilled is not None:
            self._spilled.cleanup()


class _NoDestroy:
    def destroy(self) -> None:
        pass


class FastSegmentWriter(SegmentWriter):
    """Whoosh's segment writer, writing the same files faster.

    ``lock=False`` is for a segment worker: the main process holds the index's
    lock, and the worker writes a segment of its own beside it.
    """

    def __init__(self, ix, *, keep_temp: bool = False, lock: bool = True, **kwargs) -> None:
        kwargs.setdefault("codec", W3Codec(compression=COMPRESSION))
        if not lock:
            kwargs["_lk"] = False
        super().__init__(ix, **kwargs)
        self._signing_key = getattr(ix, "key", None)  # a signed index (``signed``): sign each commit
        self.pool = TermPool(self)
        # Segment workers write into the index folder while this writer commits:
        # their temporary column files (in "MAIN.tmp") and their segment files,
        # which no table of contents names yet. Whoosh's commit deletes both as
        # leftovers; while workers run, a commit must leave them alone. The last
        # commit of the sync, after the workers stop, tidies up.
        self.keep_temp = keep_temp

    def _commit_toc(self, segments):
        if self._signing_key is not None:
            from .signed import write_toc

            write_toc(
                self.storage, self.indexname, self.schema, segments, self.generation, self._signing_key,
                clean=not self.keep_temp,
            )
            return
        if not self.keep_temp:
            return super()._commit_toc(segments)
        from whoosh.index import TOC

        TOC(self.schema, segments, self.generation).write(self.storage, self.indexname)

    def _finish(self):
        if self.keep_temp:
            temp, self._tempstorage = self._tempstorage, _NoDestroy()
            try:
                super()._finish()
            finally:
                self._tempstorage = temp
        else:
            super()._finish()

    def _flush_segment(self):
        self.perdocwriter.close()
        lengths = _Lengths(self.per_document_reader()) if self.codec.length_stats else None
        if self.pool.spilled:
            self.fieldwriter.add_postings(self.schema, lengths, self.pool.iter_postings())
        else:
            write_terms(self.fieldwriter, self.schema, lengths, self.pool.sorted_terms())
        self.fieldwriter.close()
        if lengths is not None:
            lengths.close()

    def commit_with(self, segments, *, merge: bool | None = None, then=None) -> None:
        """Commit, adding segments that worker processes wrote beside this writer.

        The same steps as ``SegmentWriter.commit`` (merge policy, own segment, TOC),
        with the workers' segments joined to the list: what Whoosh's own
        multiprocessing writer does with ``multisegment=True``. ``then`` is called
        once the table of contents is written, before the lock is released (the
        library commits its store there, so no process sees the one without the other).
        """
        self._check_state()
        # No merging while workers run: it would rewrite big segments here, in one
        # process, while the workers wait for the next share.
        if merge is None:
            merge = False if self.keep_temp else None
        policy = None if merge is False else merge_small_segments
        finalsegments = self._merge_segments(policy, None, merge)
        finalsegments.extend(segments)
        if self._added:
            finalsegments.append(self._finalize_segment())
        else:
            self._close_segment()
        self._commit_toc(finalsegments)
        try:
            if then is not None:
                then()
        finally:
            self._finish()

    def finish_segment(self):
        """In a segment worker: the segment written so far, closed, for the main process to commit."""
        return self._finalize_segment()

    def abandon_segment(self) -> None:
        """In a segment worker: close what was written without making it a segment."""
        self._close_segment()


SMALL_SEGMENT_RECORDS = 500


def merge_small_segments(writer, segments):
    """Whoosh's merge policy, and besides it every segment under ``SMALL_SEGMENT_RECORDS`` records.

    Each sync that changes a file or two leaves a segment of a few records, and
    Whoosh's own policy (``MERGE_SMALL``) lets four of them pile up before it
    merges: every query pays a little for every segment. Rewriting a few hundred
    records costs a few milliseconds, so small ones are folded into this commit.
    """
    from whoosh.reading import SegmentReader
    from whoosh.writing import MERGE_SMALL

    kept = MERGE_SMALL(writer, segments)
    small = [segment for segment in kept if segment.doc_count_all() < SMALL_SEGMENT_RECORDS]
    if len(small) + (1 if writer._added else 0) < 2:
        return kept
    for segment in small:
        reader = SegmentReader(writer.storage, writer.schema, segment)
        writer.add_reader(reader)
        reader.close()
    return [segment for segment in kept if segment not in small]


def write_terms(fieldwriter, schema, lengths, terms) -> None:
    """Whoosh's ``FieldWriter.add_postings``, a block at a time instead of a posting at a time.

    ``add_postings`` calls ``add_posting`` for each posting (type checks, appends,
    running maxima: a tenth of a build). A term's postings are all here at once,
    so each block's lists and statistics are built whole and handed to Whoosh's
    own ``_write_block``: the same blocks, byte for byte, as ``add_posting`` makes.
    """
    from array import array

    last_field = None
    field_lengths = None
    for (fieldname, btext), postings in terms:
        if fieldname != last_field:
            if last_field is not None:
                fieldwriter.finish_field()
            fieldwriter.start_field(fieldname, schema[fieldname])
            last_field = fieldname
            field_lengths = lengths.field(fieldname) if lengths is not None else None
        fieldwriter.start_term(btext)
        writer = fieldwriter._postwriter
        limit = writer._blocklimit
        count = len(postings)
        # Most terms are rare: a block of a posting or two gains nothing from zlib
        # but costs a call; only lists long enough to shrink are compressed.
        writer._compression = COMPRESSION if count >= COMPRESS_FROM else 0
        for start in range(0, count, limit):
            chunk = postings[start : start + limit]
            ids = array("I", [posting[0] for posting in chunk])
            weights = array("f", [posting[1] for posting in chunk])
            writer._ids = ids
            writer._weights = weights
            writer._values = [posting[2] for posting in chunk if posting[2]]
            writer._maxweight = max(0, max(weights))
            if field_lengths is not None:
                known = [field_lengths[docnum] for docnum in ids if docnum < len(field_lengths) and field_lengths[docnum]]
            else:
                known = []
            writer._minlength = min(known) if known else None
            writer._maxlength = max(known) if known else 0
            if start + limit < count:
                writer._write_block()  # a full block with more to come; the last is written on finish
        fieldwriter.finish_term()
    if last_field is not None:
        fieldwriter.finish_field()


def drop_unfinished(ix, writer=None) -> None:
    """After a write failed (a full disk): delete what no committed generation names.

    A failed sync leaves the files it was writing: a segment's postings cut short,
    workers' segments no table of contents lists, the temporary folder
    (``MAIN.tmp``). Whoosh deletes such files only at its next commit; here they go
    at once, under the index's write lock, so a failed write leaves the folder as
    its last complete commit left it. Another writer holding the lock is left alone
    (the files may be its own). ``writer`` is the failed sync's: when its cancel
    failed too (the disk still full) it still holds the lock, a ``flock`` on its own
    descriptor that a second acquire in this process cannot take; then the files are
    cleaned under its lock, which is released after. Uses ``whoosh.index.clean_files``,
    ``TOC`` and the writer's ``writelock``.
    """
    import shutil

    from whoosh.index import TOC, clean_files

    storage = ix.storage
    folder = getattr(storage, "folder", "")
    if not folder:
        return  # an index in memory has no files to leave behind
    held = getattr(writer, "writelock", None)
    if held is not None and getattr(held, "fd", None) is not None:
        lock = held
    else:
        lock = ix.lock("WRITELOCK")
        if not lock.acquire(False):
            return
    try:
        generation = TOC._latest_generation(storage, ix.indexname)
        segments = ix._segments() if generation >= 0 else []
        clean_files(storage, ix.indexname, generation, segments)
        shutil.rmtree(os.path.join(folder, f"{ix.indexname}.tmp"), ignore_errors=True)
    finally:
        lock.release()
