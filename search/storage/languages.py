"""A document's language, guessed cheaply, so its words are stemmed by its own rules.

English stems ("talks" -> "talk") did nothing for "книги" or "Häuser": a reader
typing another form of a Russian or German word found nothing. Whoosh ships
Snowball stemmers for a dozen languages (and ISRI for Arabic); using one needs the
document's language, which is guessed from the start of its text:

- by script for Cyrillic (Russian's stemmer) and Arabic;
- for Latin script, by which language's stop words make up the largest share of
  its first words ("the", "und", "une", "och"), a word shared by several languages
  counting for each a share: the commonest words of a language are few and say
  which one it is. English unless another leads.

A query does not know the language of the documents it will find, so each of its
words is searched in the stems of every language the index holds (``querytext``).
"""

from __future__ import annotations

import re
from collections import Counter

ENGLISH = "en"
# Latin-script languages with both a stemmer and a stop-word list in Whoosh.
LATIN = ("da", "de", "en", "es", "fi", "fr", "hu", "it", "nl", "no", "pt", "sv")
SAMPLE_CHARS = 12_000  # about 2,000 words: enough to tell, cheap to read
MIN_SHARE = 0.08  # stop words of the leading language among the sample's words
MIN_STOP_WORDS = 2.0  # and at least this many: "x y z" is not Spanish

_WORDS = re.compile(r"[^\W\d_]+")
_CYRILLIC = re.compile("[\u0400-\u04ff]")
_ARABIC = re.compile("[\u0600-\u06ff]")
_LATIN_LETTER = re.compile("[A-Za-z\u00c0-\u024f]")
_STOP_TABLE: dict[str, tuple[str, ...]] | None = None
_STEMMERS: dict[str, object] = {}


def _stop_table() -> dict[str, tuple[str, ...]]:
    """word -> the Latin-script languages it is a stop word of."""
    global _STOP_TABLE
    if _STOP_TABLE is None:
        from whoosh.lang import stopwords_for_language

        table: dict[str, list[str]] = {}
        for lang in LATIN:
            for word in stopwords_for_language(lang):
                table.setdefault(word.casefold(), []).append(lang)
        _STOP_TABLE = {word: tuple(langs) for word, langs in table.items()}
    return _STOP_TABLE


# English's commonest words, a sixth of a usual English text; under a twentieth of
# any other language's. Counting them takes a few string scans, where splitting the
# sample into words cost 4% of a build of 2,000 English documents.
_ENGLISH_MARKS = (" the ", " and ", " of ", " to ", " in ", " is ")
ENGLISH_SHARE = 0.06
QUICK_CHARS = 4_000


def _plainly_english(text: str) -> bool:
    sample = text[:QUICK_CHARS]
    spaces = sample.count(" ") + 1
    return sum(sample.count(mark) for mark in _ENGLISH_MARKS) >= ENGLISH_SHARE * spaces


def detect(text: str) -> str:
    """The two-letter code of the language ``text`` seems written in ("en" when unsure)."""
    if _plainly_english(text):
        return ENGLISH
    sample = text[:SAMPLE_CHARS]
    if not sample.isascii():
        cyrillic = len(_CYRILLIC.findall(sample))
        arabic = len(_ARABIC.findall(sample))
        if cyrillic or arabic:
            latin = len(_LATIN_LETTER.findall(sample))
            if cyrillic > latin and cyrillic >= arabic:
                return "ru"
            if arabic > latin:
                return "ar"
    counts = Counter(_WORDS.findall(sample.casefold()))
    total = sum(counts.values())
    if not total:
        return ENGLISH
    table = _stop_table()
    scores = dict.fromkeys(LATIN, 0.0)
    for word, n in counts.items():
        langs = table.get(word, ())
        for lang in langs:
            scores[lang] += n / len(langs)  # "de" says less than "und"
    best = max(LATIN, key=lambda lang: (scores[lang], lang == ENGLISH))
    lead = scores[best]
    if best == ENGLISH or lead < MIN_STOP_WORDS or lead < MIN_SHARE * total or lead <= scores[ENGLISH]:
        return ENGLISH
    return best


def stemmer(lang: str):
    """The stem function of a language other than English (Snowball, ISRI for Arabic)."""
    found = _STEMMERS.get(lang)
    if found is None:
        from whoosh.lang import stemmer_for_language

        found = _STEMMERS[lang] = stemmer_for_language(lang)
    return found
