"""How text becomes index terms, at index time and at query time, in one place.

A reader searches for what they see written: ``2.3.5``, ``json.dumps``, ``C++``,
``e-mail``, ``--force``, ``北京``. Splitting on every dot and dash lost those (``C++``
was the too-short word "c"; ``json.dumps`` one stem nobody types), and a run of
Chinese or Japanese, written without spaces, was one token no query could match.

So a text is cut into *slots*, each one position, each holding one or more terms:

- a plain word: its stem, as before ("talks" -> "talk"), in the document's
  language (``languages``), English stop words dropped;
- a compound (words joined by ``.``, ``-``, ``_``, ending in ``++`` or ``#``, or
  led by ``-``/``--``): the compound itself, lowercased and unstemmed, and at the
  same position each of its words as a plain word (so ``dumps`` still finds
  ``json.dumps``), and a version it starts with, with and without its "v"
  (``v2.3.5`` also gives ``2.3.5``, ``2.3.5.txt`` gives ``2.3.5``); words joined
  by hyphens only are one word joined up (``e-mail`` -> "email", which is also
  what a query for ``e-mail`` or ``email`` asks for);
- a run of CJK characters (Han, Hiragana, Katakana, Hangul): overlapping bigrams,
  one slot each, as Lucene's CJKBigramFilter does (a lone character: itself).

At query time only each slot's first term is kept: the compound as one term, a
CJK run as its bigrams (which the field makes a phrase). ``analysis`` computes the
same slots at index time without Whoosh's token objects; ``WordTokenizer`` is the
Whoosh analyzer the schema names, for queries and for Whoosh's own indexing.

Folding: case by ``str.casefold`` and accents by removing combining marks of the
Latin, Greek, Cyrillic, Hebrew and Arabic scripts (Cyrillic "й" kept; "ё" is "е"),
then Whoosh's ``accent_map`` for letters like "ø". Memoized per written word, so a
build pays for it once per distinct word.
"""

from __future__ import annotations

import re
import unicodedata

from whoosh.analysis import STOP_WORDS, CharsetFilter, LowercaseFilter, RegexTokenizer, StemFilter, StopFilter, Token
from whoosh.analysis.tokenizers import Tokenizer
from whoosh.lang.porter import stem as _porter_stem
from whoosh.support.charset import accent_map

from .languages import ENGLISH, stemmer

# Han (with CJK extensions and compatibility), Hiragana, Katakana (and half-width),
# Hangul syllables and jamo, and the iteration marks 々〆〇.
CJK_CHARS = (
    "\u1100-\u11ff\u2e80-\u2fdf\u3005-\u3007\u3021-\u3029\u3040-\u30ff\u3130-\u318f\u31f0-\u31ff"
    "\u3400-\u4dbf\u4e00-\u9fff\ua960-\ua97f\uac00-\ud7ff\uf900-\ufaff\uff66-\uff9f\U00020000-\U0003134f"
)
_CJK_RUN = re.compile(f"[{CJK_CHARS}]")
_LETTER = rf"[^\W{CJK_CHARS}]"  # a word character that is not CJK

# A word, with the compounds' joints and ends (see the module's doc); a CJK run; a
# word led by dashes. A word first: the scan tries it at every character, and
# this order kept the pass as fast as the plain word pattern was.
_JOINED = rf"{_LETTER}+(?:[.\-]{_LETTER}+)*(?:\+\+|#(?!\w))?"
WORD_PATTERN = rf"{_JOINED}|[{CJK_CHARS}]+|(?<![\w.+#-])--?(?=[^\W\d_]){_JOINED}"
WORD = re.compile(WORD_PATTERN)

_STOPS = frozenset(STOP_WORDS)
_MIN_LENGTH = 2
_PARTS = re.compile(r"[^\W_]+")
_HYPHENATED = re.compile(r"[^\W_]+(?:-[^\W_]+)+")
_VERSION = re.compile(r"(v?)(\d+(?:\.\d+)+)(?![\d.]*\d)")  # at the start: v2.3.5, 2.3.5.txt, 2.3.5-beta
_MARKS = re.compile("[\u0300-\u0305\u0307-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
                    "\u0591-\u05c7\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed]|(?<![\u0438\u0418])\u0306")

Term = tuple[str, int, int]  # term, start and end within the written word
Slot = tuple[Term, ...]

Entry = "str | tuple[Slot, ...]"  # what ``entry`` returns
_SLOTS_BY_LANGUAGE: dict[str, dict] = {ENGLISH: {}}  # language -> word as written -> its entry
_MEMO_LIMIT = 500_000


def memo(lang: str = ENGLISH) -> dict:
    """The memo of written words' entries (``entry``) for documents in ``lang``."""
    found = _SLOTS_BY_LANGUAGE.get(lang)
    if found is None:
        found = _SLOTS_BY_LANGUAGE[lang] = {}
    return found


def fold(word: str) -> str:
    """Case and accents folded: "Café" -> "cafe", "Straße" -> "strasse", "ёлка" -> "елка"."""
    if word.isascii():
        return word.lower()
    decomposed = unicodedata.normalize("NFKD", word)
    stripped = _MARKS.sub("", decomposed)
    return unicodedata.normalize("NFC", stripped.casefold()).translate(accent_map)


def plain_term(word: str, lang: str = ENGLISH) -> str:
    """The stem of one plain word, or "" for a stop word or a word too short.

    English folds, then stems (Porter); another language stems the word with its
    accents, as its Snowball rules expect ("Häuser" -> "haus"), then folds the stem.
    """
    folded = fold(word)
    if len(folded) < _MIN_LENGTH or folded in _STOPS:
        return ""
    if lang == ENGLISH:
        return _porter_stem(folded)
    return fold(stemmer(lang)(word.casefold())) or folded


def is_cjk(text: str) -> bool:
    """Whether a word as the pattern found it is a CJK run (it then holds nothing else)."""
    return _CJK_RUN.match(text) is not None


def has_cjk(text: str) -> bool:
    return _CJK_RUN.search(text) is not None


def _compound(written: str, lang: str) -> Slot:
    folded = fold(written)
    if _HYPHENATED.fullmatch(written):
        head = plain_term(written.replace("-", ""), lang) or folded.replace("-", "")
    else:
        head = folded
    terms = [(head, 0, len(written))]
    seen = {head}
    version = _VERSION.match(folded)
    if version is not None:
        lead, number = version.groups()
        for term, start in ((lead + number, 0), (number, len(lead))):
            if term not in seen:
                seen.add(term)
                terms.append((term, start, version.end()))
    for part in _PARTS.finditer(written):
        term = plain_term(part.group(), lang)
        if term and term not in seen:
            seen.add(term)
            terms.append((term, part.start(), part.end()))
    return tuple(terms)


def entry(written: str, lang: str = ENGLISH) -> str | tuple[Slot, ...]:
    """What one word as the pattern found it is indexed as, in a document in ``lang``:
    a plain word's term as a string ("" for a stop word), or else its slots.

    Memoized per language (CJK runs are not); the string form lets ``analysis``
    take the common case, one term spanning the word, without building slots.
    """
    known = memo(lang)
    found = known.get(written)
    if found is not None:
        return found
    if is_cjk(written):
        if len(written) == 1:
            return (((written, 0, 1),),)
        return tuple(((written[i : i + 2], i, i + 2),) for i in range(len(written) - 1))
    if not written.isalnum() and _PARTS.search(written):  # a joint, a leading dash, "++", "#" or "_"
        found = (_compound(written, lang),)
    else:
        found = plain_term(written, lang)
    if len(known) > _MEMO_LIMIT:
        known.clear()
    known[written] = found
    return found


def slots(written: str, lang: str = ENGLISH) -> tuple[Slot, ...]:
    """The slots of one word as the pattern found it, in a document in ``lang``."""
    found = entry(written, lang)
    if found.__class__ is str:
        return (((found, 0, len(written)),),) if found else ()
    return found


def vocabulary_words(written: str):
    """The spelling vocabulary's words in one written word: its alphabetic words of 3
    letters or more, folded; none of a CJK run (a bigram is not a word to suggest)."""
    if is_cjk(written):
        return ()
    if written.isalpha():
        return (fold(written),) if len(written) > 2 else ()
    return tuple(fold(p) for p in _PARTS.findall(written) if len(p) > 2 and p.isalpha())


def tokens(text: str, query: bool = False, lang: str = ENGLISH):
    """(term, position, start, end) for each term of ``text``: the index's view, or
    with ``query`` the query's (each slot's first term only). Stop words leave no gap."""
    position = -1
    for match in WORD.finditer(text):
        start = match.start()
        for slot in slots(match.group(), lang):
            position += 1
            if query:
                term, s, e = slot[0]
                yield term, position, start + s, start + e
            else:
                for term, s, e in slot:
                    yield term, position, start + s, start + e


# Patterns and fuzzy words reach the analyzer whole (tokenize=False): they are read
# as before, a word lowercased, folded and stemmed, and resolved from the vocabulary.
_WHOLE = RegexTokenizer() | LowercaseFilter() | CharsetFilter(accent_map) | StopFilter() | StemFilter(cachesize=10_000)


def stem_alternatives(text: str, langs) -> dict[str, dict[str, str]]:
    """For each plain word of a query: its English term -> {language: its term there},
    for the languages in ``langs`` whose stem of it differs."""
    out: dict[str, dict[str, str]] = {}
    for match in WORD.finditer(text):
        written = match.group()
        if not written.isalpha() or is_cjk(written):
            continue
        english = plain_term(written)
        if not english:
            continue
        for lang in langs:
            if lang != ENGLISH:
                term = plain_term(written, lang)
                if term and term != english:
                    out.setdefault(english, {})[lang] = term
    return out


class WordTokenizer(Tokenizer):
    """The schema's analyzer: ``tokens`` as Whoosh tokens (mode "index" or "query").

    ``lang`` (a keyword of the call) names a document's language; queries are
    analyzed in English and searched in the other languages' stems too
    (``stem_alternatives``).
    """

    def __call__(self, value, positions=False, chars=False, keeporiginal=False, removestops=True,
                 start_pos=0, start_char=0, tokenize=True, mode="", lang=ENGLISH, **kwargs):
        if not tokenize:
            yield from _WHOLE(value, positions=positions, chars=chars, keeporiginal=keeporiginal,
                              removestops=removestops, start_pos=start_pos, start_char=start_char,
                              tokenize=False, mode=mode, **kwargs)
            return
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        for term, position, start, end in tokens(value, query=mode == "query", lang=lang):
            token.text = term
            token.boost = 1.0
            token.stopped = False
            if keeporiginal:
                token.original = value[start:end]
            if positions:
                token.pos = start_pos + position
            if chars:
                token.startchar = start_char + start
                token.endchar = start_char + end
            yield token
