"""Indexing-time analysis, done once per document and handed to Whoosh ready-made.

Whoosh analyzes by passing a Token object through a chain of generators for every
word, and the posting values it then writes are built from those tokens again; on a
2-core machine that was about half of the build time. ``analyze`` produces the same
terms, positions and character offsets as ``schema.text_analyzer()`` (a test holds
the two equal on generated and random text) with one regular expression pass, a
stop-word set and a memo of stems, and ``posting_values`` encodes them with
Whoosh's own format code, so the index is byte-for-byte what Whoosh would write.
Queries are still analyzed by Whoosh's analyzer: the two must agree, and do.
"""

from __future__ import annotations

import re
from collections import Counter
from pickle import dumps

from whoosh.analysis import STOP_WORDS
from whoosh.system import pack_uint
from whoosh.lang.porter import stem as _porter_stem
from whoosh.support.charset import accent_map

from .schema import WORD_PATTERN

_WORD = re.compile(WORD_PATTERN)
_STOPS = frozenset(STOP_WORDS)
_MIN_LENGTH = 2
_TERMS: dict[str, str] = {}  # a word as written -> its term, or "" for a stop word
_MEMO_LIMIT = 500_000

Token = tuple[str, int, int, int]  # term, position, start char, end char


def _term(raw: str) -> str:
    """Lowercase, fold accents, drop stop and short words, stem: Whoosh's chain."""
    word = raw.lower().translate(accent_map)
    term = "" if len(word) < _MIN_LENGTH or word in _STOPS else _porter_stem(word)
    if len(_TERMS) > _MEMO_LIMIT:
        _TERMS.clear()
    _TERMS[raw] = term
    return term


def term_of(word: str) -> str:
    """The term one word is indexed as ("" for a stop word or a word too short)."""
    term = _TERMS.get(word)
    return _term(word) if term is None else term


def analyze(text: str, base: int = 0, words: set[str] | None = None) -> list[Token]:
    """(term, position, startchar, endchar) for each indexed word of ``text``.

    Positions follow Whoosh's StopFilter(renumber=True): the first kept word keeps
    its raw position, the words after it count up by one, stop words leave no gap.
    ``base`` shifts the character offsets (for a text that is part of a longer one).
    ``words``, when given, collects the spelling vocabulary of the text on the way
    (whole alphabetic words of three letters or more, lowercased, accents folded).
    """
    tokens: list[Token] = []
    append = tokens.append
    known = _TERMS.get
    position = None
    written_forms: set[str] | None = set() if words is not None else None
    for raw, match in enumerate(_WORD.finditer(text)):
        written = match.group()
        term = known(written)
        if term is None:
            term = _term(written)
        if written_forms is not None:
            written_forms.add(written)
        if not term:
            continue
        position = raw if position is None else position + 1
        start, end = match.span()
        append((term, position, start + base, end + base))
    if written_forms:
        words.update(w.lower().translate(accent_map) for w in written_forms if len(w) > 2 and w.isalpha())
    return tokens


def posting_values(tokens: list[Token], fmt) -> list[tuple[bytes, int, float, bytes]]:
    """What ``FieldType.index`` returns: (term bytes, frequency, weight, value bytes).

    ``fmt`` is the field's Whoosh format (Frequency, Positions or Characters); its
    own encoding builds the value bytes so readers decode them as usual.
    """
    kind = type(fmt).__name__
    if kind == "Frequency":
        counts = Counter(term for term, _, _, _ in tokens)
        boost = fmt.field_boost
        return [(term.encode("utf-8"), n, n * boost, pack_uint(n)) for term, n in counts.items()]
    grouped: dict[str, list] = {}
    with_chars = kind == "Characters"
    for term, position, start, end in tokens:
        entry = (position, start, end) if with_chars else position
        found = grouped.get(term)
        if found is None:
            grouped[term] = [entry]
        else:
            found.append(entry)
    boost = fmt.field_boost
    encode = fmt.encode
    return [(term.encode("utf-8"), len(entries), len(entries) * boost, encode(entries)) for term, entries in grouped.items()]


def text_postings(text: str, fmt, words: set[str] | None = None) -> list[tuple[bytes, int, float, bytes]]:
    """``posting_values(analyze(text, words=words), fmt)``, without the list of tokens between them.

    For a Characters field (the body) the occurrences are grouped by term as they
    are found, as the flat deltas Whoosh's ``Characters.encode`` would compute,
    and each term's are encoded and let go in turn. An 8 MB log made 2 million
    tokens and as many entries again: 0.6 GB at the peak, about a third of that
    this way. The bytes are Whoosh's, as ``posting_values``'s are.
    """
    if type(fmt).__name__ != "Characters":
        return posting_values(analyze(text, words=words), fmt)
    grouped: dict[str, list[int]] = {}  # term -> [last position, last end, deltas...]
    known = _TERMS.get
    position = None
    written_forms: set[str] | None = set() if words is not None else None
    for raw, match in enumerate(_WORD.finditer(text)):
        written = match.group()
        term = known(written)
        if term is None:
            term = _term(written)
        if written_forms is not None:
            written_forms.add(written)
        if not term:
            continue
        position = raw if position is None else position + 1
        start, end = match.span()
        found = grouped.get(term)
        if found is None:
            grouped[term] = [position, end, position, start, end - start]
        else:
            found += (position - found[0], start - found[1], end - start)
            found[0] = position
            found[1] = end
    if written_forms:
        words.update(w.lower().translate(accent_map) for w in written_forms if len(w) > 2 and w.isalpha())
    boost = fmt.field_boost
    out = []
    for term in list(grouped):
        flat = grouped.pop(term)
        deltas = iter(flat[2:])
        del flat
        entries = list(zip(deltas, deltas, deltas))
        count = len(entries)
        out.append((term.encode("utf-8"), count, count * boost, pack_uint(count) + dumps(entries, 2)))
    return out


def spelling_words(text: str) -> set[str]:
    """The distinct whole words of a text, as the spelling vocabulary counts them."""
    words: set[str] = set()
    analyze(text, words=words)
    return words
