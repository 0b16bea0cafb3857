"""Indexing-time analysis, done once per document and handed to Whoosh ready-made.

Whoosh analyzes by passing a Token object through a chain of generators for every
word, and the posting values it then writes are built from those tokens again; on a
2-core machine that was about half of the build time. ``analyze`` produces the same
terms, positions and character offsets as ``schema.text_analyzer()`` (a test holds
the two equal on generated and random text) with one regular expression pass and
a memo of each written word's terms (``tokens.entry``), and ``posting_values`` encodes them with
Whoosh's own format code, so the index is byte-for-byte what Whoosh would write.
Queries are still analyzed by Whoosh's analyzer: the two must agree, and do.
"""

from __future__ import annotations

from collections import Counter
from pickle import dumps

from whoosh.system import pack_uint

from .languages import ENGLISH
from .tokens import WORD, memo, slots, vocabulary_words
from .tokens import entry as word_entry

Token = tuple[str, int, int, int]  # term, position, start char, end char


def term_of(word: str) -> str:
    """The term one word is indexed as first ("" for a stop word or a word too short):
    a plain word's stem, a compound whole, a CJK run's first bigram."""
    found = slots(word)
    return found[0][0][0] if found else ""


def _collect(written_forms: set[str], words: set[str]) -> None:
    """The vocabulary words of a text's distinct written words (``tokens.vocabulary_words``),
    an English word of letters taken straight: a call per word cost 3% of a build."""
    add = words.add
    for written in written_forms:
        if written.isascii():
            if written.isalpha():
                if len(written) > 2:
                    add(written.lower())
                continue
            if written.isalnum():
                continue  # letters and digits: not a word to suggest
        words.update(vocabulary_words(written))


def analyze(text: str, base: int = 0, words: set[str] | None = None, lang: str = ENGLISH) -> list[Token]:
    """(term, position, startchar, endchar) for each indexed term of ``text`` (``tokens``).

    Terms of one slot (a compound and its words) share a position; stop words
    leave no gap. ``base`` shifts the character offsets (for a text that is part
    of a longer one). ``words``, when given, collects the spelling vocabulary of
    the text on the way (``tokens.vocabulary_words``). ``lang`` is the language
    of the document (``languages.detect``), whose stemmer is used.
    """
    tokens: list[Token] = []
    append = tokens.append
    known = memo(lang).get
    position = -1
    written_forms: set[str] | None = set() if words is not None else None
    for match in WORD.finditer(text):
        written = match.group()
        if written_forms is not None:
            written_forms.add(written)
        found = known(written)
        if found is None:
            found = word_entry(written, lang)
        if found.__class__ is str:  # a plain word: one term over the whole word
            if found:
                position += 1
                start, end = match.span()
                append((found, position, start + base, end + base))
            continue
        start = match.start() + base
        for slot in found:
            position += 1
            for term, s, e in slot:
                append((term, position, start + s, start + e))
    if written_forms:
        _collect(written_forms, words)
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


def text_postings(text: str, fmt, words: set[str] | None = None, lang: str = ENGLISH) -> list[tuple[bytes, int, float, bytes]]:
    """``posting_values(analyze(text, words=words), fmt)``, without the list of tokens between them.

    For a Characters field (the body) the occurrences are grouped by term as they
    are found, as the flat deltas Whoosh's ``Characters.encode`` would compute,
    and each term's are encoded and let go in turn. An 8 MB log made 2 million
    tokens and as many entries again: 0.6 GB at the peak, about a third of that
    this way. The bytes are Whoosh's, as ``posting_values``'s are.
    """
    if type(fmt).__name__ != "Characters":
        return posting_values(analyze(text, words=words, lang=lang), fmt)
    grouped: dict[str, list[int]] = {}  # term -> [last position, last end, deltas...]
    position = -1
    written_forms: set[str] | None = set() if words is not None else None
    known = memo(lang).get
    for match in WORD.finditer(text):
        written = match.group()
        if written_forms is not None:
            written_forms.add(written)
        found_entry = known(written)
        if found_entry is None:
            found_entry = word_entry(written, lang)
        if found_entry.__class__ is str:  # a plain word: one term over the whole word
            if not found_entry:
                continue
            position += 1
            start, end = match.span()
            found = grouped.get(found_entry)
            if found is None:
                grouped[found_entry] = [position, end, position, start, end - start]
            else:
                found += (position - found[0], start - found[1], end - start)
                found[0] = position
                found[1] = end
            continue
        base = match.start()
        for slot in found_entry:
            position += 1
            for term, s, e in slot:
                start = base + s
                end = base + e
                found = grouped.get(term)
                if found is None:
                    grouped[term] = [position, end, position, start, end - start]
                else:
                    found += (position - found[0], start - found[1], end - start)
                    found[0] = position
                    found[1] = end
    if written_forms:
        _collect(written_forms, words)
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
