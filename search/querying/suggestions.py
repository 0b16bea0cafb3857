""""Did you mean": the query with each word the corpus lacks replaced by its closest common word.

The words are the corpus's vocabulary (``spelling.Speller``), read from the store
only when a query has a word worth checking.
"""

from __future__ import annotations

from typing import Callable

from .querytext import clean, spellable_words
from .spelling import Speller


def suggestion(speller: Callable[[], Speller], text: str) -> str | None:
    """``text`` (already cleaned) with its misspelled words fixed, or None when none is."""
    words = spellable_words(text)
    if not words:
        return None
    from whoosh.support.charset import accent_map

    spell = speller()
    pieces, last, changed = [], 0, False
    for match in words:
        word = match.group(0)
        folded = word.lower().translate(accent_map)
        fix = spell.suggest(folded)
        if fix and fix != folded:
            if word[:1].isupper():
                fix = fix[:1].upper() + fix[1:]
            pieces.append(text[last : match.start()])
            pieces.append(fix)
            last = match.end()
            changed = True
    if not changed:
        return None
    pieces.append(text[last:])
    return "".join(pieces)


def suggest(speller: Callable[[], Speller], text: str) -> str | None:
    """The suggestion for a query as the user typed it."""
    cleaned, _ = clean(text)
    return suggestion(speller, cleaned)
