"""A segment's postings and field lengths, read whole instead of a posting at a time.

Whoosh's public matchers hand out one posting per call (``id()``, ``weight()``,
``next()``), several Python calls per posting; its codec decodes a whole block of
postings at once underneath. Here that block is taken as it is decoded, and a
field's stored lengths (one byte per document) are read as one string instead of
one lookup per document (that lookup was half the time of a query). Only
``querying.fastpath`` uses this, and only for segments of Whoosh's own codec
(``is_plain_segment``).

The internals used, each held by a contract test: ``SegmentReader._terms`` (the
term table: ``matcher``, ``term_info``, ``items_from``, ``_codec.postings_reader``
and ``_postfile``); ``W3LeafMatcher``'s block members (``_read_ids``, ``_ids``,
``_read_weights``, ``_weights``, ``_read_values``, ``_values``, ``_next_block``,
``_maxid``);
the lengths column (``_perdoc._cached_reader``, ``_lenfield``, ``LENGTHS_COLUMN``,
and the column reader's ``_count``, ``_fixedlen``, ``_dbfile``, ``_basepos``).
"""

from __future__ import annotations

from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3LeafMatcher, W3TermsReader, _lenfield
from whoosh.reading import SegmentReader, TermNotFound

from .memo import PREFIX, kept


def is_plain_segment(reader) -> bool:
    """Whether ``reader`` is one segment written in Whoosh's own codec, the kind read here.

    An empty index has no segment (Whoosh gives an ``EmptyReader``): Whoosh answers it.
    """
    return isinstance(reader, SegmentReader) and isinstance(getattr(reader, "_terms", None), W3TermsReader)


MEMO_POSTINGS = 400_000  # postings one query's memo keeps, over all its terms and segments


def forget_postings(searcher) -> None:
    """Begin a query: what ``term_postings`` remembered for the last one goes.

    One query reads a word's postings more than once: the search by share, the
    search with every word, the one with any word and the respelled one each read
    them again, and ten phrases cost twice what they should. A memo kept for one
    query (on each segment's reader, so it goes with the index generation) reads
    each once; it is dropped when the next query begins, and bounded meanwhile.
    """
    for reader, _ in searcher.reader().leaf_readers():
        reader.__dict__.pop(PREFIX + "postings", None)


def term_postings(reader, field: str, btext: bytes, values: bool = False):
    """(ids, weights[, values]) of a term in one segment, deleted documents left in; empty without it.

    The lists are shared with the query's memo: read them, never change them.
    """
    memo = kept(reader, "postings", _Memo)
    found = memo.get((field, btext, True)) or (None if values else memo.get((field, btext, False)))
    if found is not None:
        return found if values or len(found) == 2 else found[:2]
    matcher = _matcher(reader, field, btext)
    if matcher is None:
        return ((), (), ()) if values else ((), ())
    found = read_postings(matcher, weights=True, values=values)
    memo.keep((field, btext, values), found)
    return found


def postings_within(reader, field: str, btext: bytes, wanted: set[int], key: tuple = ()):
    """(ids, weights, values) of a term's blocks of postings that may hold one of ``wanted``.

    A block's header names its last id, so a block with none of ``wanted`` is passed
    unread: the twenty common words of a phrase are read where its rarest word is,
    not whole. The lists hold every posting of ``wanted`` and others of the same
    blocks. ``key`` names what ``wanted`` was made from (the words read before this
    one), under which the query's memo keeps the lists; without it they are not kept.
    """
    memo = kept(reader, "postings", _Memo)
    found = memo.get((field, btext, True)) or (memo.get((field, btext, key)) if key else None)
    if found is not None:
        return found
    matcher = _matcher(reader, field, btext)
    if matcher is None:
        return (), (), ()
    if type(matcher) is not W3LeafMatcher:
        return read_postings(matcher, weights=True, values=True)
    ordered = sorted(wanted)
    ids: list[int] = []
    weights: list[float] = []
    raw: list = []
    at = 0  # the first of ``ordered`` not yet past
    low = 0  # the least id the current block can hold
    while matcher.is_active() and at < len(ordered):
        high = matcher._maxid
        while at < len(ordered) and ordered[at] < low:
            at += 1
        if at < len(ordered) and ordered[at] <= high:
            matcher._read_ids()
            ids.extend(matcher._ids)
            matcher._read_weights()
            weights.extend(matcher._weights)
            matcher._read_values()
            raw.extend(matcher._values)
        low = high + 1
        matcher._next_block()
    found = (ids, weights, raw)
    if key:
        memo.keep((field, btext, key), found)
    return found


def _matcher(reader, field: str, btext: bytes):
    """The segment's own matcher of a term's postings (no scorer), or None without the term."""
    try:
        return reader._terms.matcher(field, btext, reader.schema[field].format)
    except TermNotFound:
        return None


class _Memo(dict):
    """A query's postings by (field, term, with values), up to ``MEMO_POSTINGS`` of them."""

    size = 0

    def keep(self, key, postings) -> None:
        count = len(postings[0])
        if self.size + count <= MEMO_POSTINGS:
            self[key] = postings
            self.size += count


def read_postings(matcher, *, weights: bool, values: bool = False):
    """All of a posting list: (ids, weights[, values]), or just the ids; a block at a time where it can."""
    ids: list[int] = []
    found_weights: list[float] = []
    raw: list = []
    if type(matcher) is W3LeafMatcher:
        while matcher.is_active():
            matcher._read_ids()
            ids.extend(matcher._ids)
            if weights:
                matcher._read_weights()
                found_weights.extend(matcher._weights)
            if values:
                matcher._read_values()
                raw.extend(matcher._values)
            matcher._next_block()
    else:
        while matcher.is_active():
            ids.append(matcher.id())
            if weights:
                found_weights.append(matcher.weight())
            if values:
                raw.append(matcher.value())
            matcher.next()
    if not weights:
        return ids
    return (ids, found_weights, raw) if values else (ids, found_weights)


def term_info(reader, field: str, btext: bytes):
    """The term's entry in the segment's term table (where its postings are), or None."""
    try:
        return reader._terms.term_info(field, btext)
    except TermNotFound:
        return None


def term_infos_from(reader, field: str, prefix: bytes):
    """(term, entry) for the field's terms from ``prefix`` on, in order, to the end of the field."""
    for (fieldname, term), info in reader._terms.items_from(field, prefix):
        if fieldname != field:
            return
        yield term, info


def ids_of(reader, field: str, info) -> list[int]:
    """The document ids of a posting list whose term entry is in hand (no second lookup)."""
    terms = reader._terms
    return read_postings(terms._codec.postings_reader(terms._postfile, info, reader.schema[field].format), weights=False)


def length_bytes(reader, field: str) -> bytes:
    """The field's stored length byte of every document of a segment, read once and kept.

    (What ``doc_field_length`` looks up one document at a time: that lookup was half
    the time of a query.) A byte of 0 means no length is known.
    """
    cache = kept(reader, "lengths", dict)
    found = cache.get(field)
    if found is None:
        count = reader.doc_count_all()
        column = reader._perdoc._cached_reader(_lenfield(field), LENGTHS_COLUMN)
        if column is None:
            found = bytes(count)
        else:
            stored = column._count * column._fixedlen
            found = bytes(column._dbfile.get(column._basepos, stored)) + bytes(count - column._count)
        cache[field] = found
    return found
