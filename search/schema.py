"""The Whoosh schema: which fields a record has and how their words are analyzed.

Two kinds of record share one index. A *document* record carries every word of a
document, so a query whose words lie in different sections still finds it and BM25F
ranks whole documents. A *section* record carries one section's text with character
offsets, so a hit can name its best section and highlight it without analyzing the
text again. The two use different field names, so a query over document fields can
never match a section record and needs no filter.

Bump ``SCHEMA_VERSION`` whenever a field or an analyzer changes: an index built by
another version is rebuilt from the corpus on the next sync.
"""

from __future__ import annotations

from whoosh.analysis import (
    CharsetFilter,
    LowercaseFilter,
    RegexTokenizer,
    StemFilter,
    StopFilter,
)
from whoosh.fields import ID, KEYWORD, TEXT, Schema
from whoosh.support.charset import accent_map

SCHEMA_VERSION = 1

# Words, with dotted abbreviations ("U.S.") and wildcard stars kept together.
WORD_PATTERN = r"[\w\*]+(?:\.?[\w\*]+)*"


def text_analyzer():
    """Case- and accent-insensitive English words with stemming ("talks" ~ "talk")."""
    return (
        RegexTokenizer(WORD_PATTERN)
        | LowercaseFilter()
        | CharsetFilter(accent_map)
        | StopFilter()
        | StemFilter(cachesize=100_000)
    )


def word_analyzer():
    """Whole words, unstemmed: the vocabulary that spelling suggestions come from."""
    return (
        RegexTokenizer(r"[^\W\d_]{3,}")
        | LowercaseFilter()
        | CharsetFilter(accent_map)
    )


def build_schema() -> Schema:
    text = text_analyzer()
    return Schema(
        # Both records
        rid=ID(unique=True, stored=True),  # doc_id, or doc_id + RECORD_SEPARATOR + section id
        doc_id=ID(stored=True),
        # Document records: ranked by BM25F over these; positions for phrases only
        title=TEXT(analyzer=text),
        section=TEXT(analyzer=text),  # every section title of the document
        body=TEXT(analyzer=text),
        topic=TEXT(analyzer=text),
        type=TEXT(analyzer=text),
        author=TEXT(analyzer=text),
        date=ID(),  # ISO date of any precision, for prefixes and ranges
        kind=ID(),  # "full" or "summary"
        words=TEXT(analyzer=word_analyzer(), phrase=False),
        type_facet=ID(),
        topic_facet=KEYWORD(commas=True, lowercase=False),
        year=ID(),
        # Section records: never matched by a document query (their fields differ),
        # read only to name the best section and to place highlights.
        sid=ID(stored=True),
        stitle=TEXT(analyzer=text, chars=True),
        sbody=TEXT(analyzer=text, chars=True),
    )


RECORD_SEPARATOR = "\x1f"

# Fields a bare word searches, with how much a match in each counts.
FIELD_BOOSTS = {"title": 3.0, "section": 2.0, "body": 1.0, "topic": 1.5, "type": 1.0, "author": 1.0}

# Where the words of a document-record field are found in a section record.
SECTION_FIELDS = {"body": "sbody", "section": "stitle"}
