"""The Whoosh schema: which fields a record has and how their words are analyzed.

Two kinds of record share one index. A *document* record carries every word of a
document, with positions (for phrases) and character offsets (for highlights), so
BM25F ranks whole documents, a query whose words lie in different sections still
finds its document, and the hit's best section, its per-section match counts and its
highlights all come from the offsets of the words that matched, mapped onto the
sections (``records.layout``), without analyzing any text again. A *section* record
carries one section's id and title. Section bodies are not indexed a second time:
doing so doubled the postings a build writes, for answers the document record's
offsets already give.

The two kinds use different field names, so a query over document fields never
matches a section record and needs no filter.

Bump ``SCHEMA_VERSION`` whenever a field or an analyzer changes: an index built by
another version is rebuilt from the corpus on the next sync.
"""

from __future__ import annotations

from whoosh.fields import ID, KEYWORD, NUMERIC, TEXT, Schema

from .tokens import WORD_PATTERN, WordTokenizer

# 5: sections carry marks (code, tables, lists, inline code, links: model.Mark).
# 6: compounds (2.3.5, json.dumps, C++, e-mail), CJK bigrams, case and accent folding
#    of every script (``tokens``), the document's path as words (``path``), and each
#    document's words stemmed in its language (``languages``, ``lang``); the lead
#    field (a document's opening words, ``records.lead_text``).
# 7: links written in documents kept by key (doclinks): wikilinks, bare URLs in plain text
# 8: the names each document writes as inline code (doclinks.mentions), for ranking; an FAQ's
#    questions written as defined terms searched as headings (``records.asked_terms``)
SCHEMA_VERSION = 8

__all__ = ["WORD_PATTERN", "SCHEMA_VERSION", "build_schema", "text_analyzer"]


def text_analyzer():
    """Case- and accent-insensitive words with stemming ("talks" ~ "talk"), compounds
    kept whole beside their words, CJK as bigrams: ``tokens``."""
    return WordTokenizer()


class Analyzed:
    """Postings computed ahead of time by ``storage.analysis`` for one field value."""

    __slots__ = ("values",)

    def __init__(self, values) -> None:
        self.values = values


class PreAnalyzedText(TEXT):
    """A TEXT field that takes ``Analyzed`` postings as they are, or text as usual.

    Queries go through the field's analyzer like any TEXT field; only indexing
    skips it when the postings were computed already (in a worker process). A
    word typed without spaces that the analyzer cuts into several (a CJK run's
    bigrams, "foo/bar") is searched as a phrase of them.
    """

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("multitoken_query", "phrase")
        super().__init__(**kwargs)

    def index(self, value, **kwargs):
        if isinstance(value, Analyzed):
            return iter(value.values)
        return super().index(value, **kwargs)


def build_schema() -> Schema:
    text = text_analyzer()
    return Schema(
        # Both records
        doc_id=ID(stored=True),
        # Document records only
        rid=ID(unique=True),  # the doc_id again: finds a document's own record
        kind=ID(),  # "full" or "summary"
        title=PreAnalyzedText(analyzer=text),
        section=PreAnalyzedText(analyzer=text),  # every section title of the document
        lead=PreAnalyzedText(analyzer=text),  # the document's opening words: what it says it is (records.lead_text)
        body=PreAnalyzedText(analyzer=text, chars=True),  # titles, texts, captions: see records.layout
        topic=PreAnalyzedText(analyzer=text),
        type=PreAnalyzedText(analyzer=text),
        author=PreAnalyzedText(analyzer=text),
        path=PreAnalyzedText(analyzer=text),  # the words of the relative path: ``records.path_words``
        lang=ID(),  # the language the document's words were stemmed in: ``languages.detect``
        date=ID(),  # never written: lets the parser read date:...; rewritten to date_num
        date_num=NUMERIC(int, bits=32, signed=False, shift_step=8),  # 20241114; 20241100 for "2024-11"
        year=ID(),  # "2024": date:2024 is one term, and year ranges a handful
        month=ID(),  # "2024-11"
        type_facet=ID(),
        topic_facet=KEYWORD(commas=True, lowercase=False),
        # Section records: each section's id and title
        sid=ID(stored=True),
        stitle=PreAnalyzedText(analyzer=text, phrase=False),
    )


# Fields whose postings ``records`` may compute ahead of Whoosh.
ANALYZED_FIELDS = ("title", "section", "lead", "body", "topic", "type", "author", "path", "stitle")

# Fields a bare word searches, with how much a match in each counts.
FIELD_BOOSTS = {
    "title": 3.0,
    "section": 2.0,
    "lead": 2.0,
    "body": 1.0,
    "topic": 1.5,
    "type": 1.0,
    "author": 1.0,
    "path": 1.0,
}
