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


OTHER_FIXES = 2  # other fixes of one word tried against the corpus ("blok": "blob" or "block"?)


def respellings(speller: Callable[[], Speller], text: str, others: int = OTHER_FIXES) -> list[Respelling]:
    """The best respelling of ``text`` first, then up to ``others`` that change one fix for the next best.

    The speller ranks a word's fixes by edits and by how common they are, blind to
    the rest of the query; the caller can try the others and keep the one the
    corpus answers whole.
    """
    words = spellable_words(text)
    if not words:
        return []
    from whoosh.support.charset import accent_map

    spell = speller()
    changes = []  # (match, fixes, confident)
    for match in words:
        word = match.group(0)
        folded = word.lower().translate(accent_map)
        fixes = [fix for fix in spell.fixes(folded, 1 + others) if fix != folded]
        if fixes:
            if word[:1].isupper():
                fixes = [fix[:1].upper() + fix[1:] for fix in fixes]
            changes.append((match, fixes, len(word) >= CONFIDENT_LENGTH))
    if not changes:
        return []
    confident = all(sure for _, _, sure in changes)

    def written(choice: dict[int, str]) -> str:
        pieces, last = [], 0
        for index, (match, fixes, _) in enumerate(changes):
            pieces.append(text[last : match.start()])
            pieces.append(choice.get(index, fixes[0]))
            last = match.end()
        pieces.append(text[last:])
        return "".join(pieces)

    out = [Respelling(written({}), confident)]
    for index, (_, fixes, _) in enumerate(changes):
        for other in fixes[1:]:
            if len(out) > others:
                return out
            out.append(Respelling(written({index: other}), confident))
    return out


def suggestion(speller: Callable[[], Speller], text: str) -> str | None:
    """``text`` (already cleaned) with its misspelled words fixed, or None when none is."""
    found = respellings(speller, text, others=0)
    return found[0].text if found else None


def suggest(speller: Callable[[], Speller], text: str) -> str | None:
    """The suggestion for a query as the user typed it."""
    cleaned, _ = clean(text)
    return suggestion(speller, cleaned)
