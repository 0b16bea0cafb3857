""""Did you mean": the query with each word the corpus lacks replaced by its closest common word.

The words are the corpus's vocabulary (``spelling.Speller``), read from the store
only when a query has a word worth checking.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from .querytext import clean, spellable_words
from .spelling import Speller


# A fix is run in place of what was typed only when each word it changes has at
# least this many letters: "bar" -> "war" is as likely a word the corpus lacks as a typo.
CONFIDENT_LENGTH = 4


@dataclass(frozen=True)
class Respelling:
    text: str  # the query with its fixes
    confident: bool  # sure enough to be searched instead of what was typed


def respelling(speller: Callable[[], Speller], text: str) -> Respelling | None:
    """``text`` (already cleaned) with its misspelled words fixed, or None when none is."""
    words = spellable_words(text)
    if not words:
        return None
    from whoosh.support.charset import accent_map

    spell = speller()
    pieces, last, changed, confident = [], 0, False, True
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
            confident = confident and len(word) >= CONFIDENT_LENGTH
    if not changed:
        return None
    pieces.append(text[last:])
    return Respelling("".join(pieces), confident)


def suggestion(speller: Callable[[], Speller], text: str) -> str | None:
    """``text`` (already cleaned) with its misspelled words fixed, or None when none is."""
    found = respelling(speller, text)
    return found.text if found else None


def suggest(speller: Callable[[], Speller], text: str) -> str | None:
    """The suggestion for a query as the user typed it."""
    cleaned, _ = clean(text)
    return suggestion(speller, cleaned)
