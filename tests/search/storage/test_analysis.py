"""Postings computed ahead of Whoosh are Whoosh's, byte for byte, however they are grouped."""

from __future__ import annotations

import random

from search.storage.analysis import analyze, posting_values, text_postings
from search.storage.schema import ANALYZED_FIELDS, build_schema

WORDS = ["line", "the", "Zebra", "U.S.", "talks", "a", "naïve", "x1", "12", "Café", "running", "ran"]
# Compounds, flags, versions, CJK runs (with a repeated bigram), other scripts, marks.
SHAPES = [
    "v2.3.5", "2.3.5.txt", "json.dumps", "os.path.join", "C++", "c#", "e-mail", "--force", "-x", "__init__",
    "snake_case", "foo/bar", "北京是中国的首都", "東京都に住んでいます", "ああああ", "한국어", "京", "книги", "Ёлка",
    "ΣΟΦΊΑ", "Straße", "ﬁle", "Ｆｕｌｌ", "العربية", "été", "abc北京def", "1990-2000", "a.b.", "--", "x-",
]


def _texts():
    generator = random.Random(7)
    yield ""
    yield "the a of"  # stop words only
    for _ in range(40):
        yield " ".join(generator.choice(WORDS) for _ in range(generator.randint(1, 300)))
    for _ in range(40):
        words = WORDS + SHAPES
        yield " ".join(generator.choice(words) for _ in range(generator.randint(1, 300)))
        yield "".join(generator.choice(words + [" ", ".", "-", "+"]) for _ in range(generator.randint(1, 200)))


def test_text_postings_equal_whooshs_own_for_every_analyzed_field():
    schema = build_schema()
    for name in ANALYZED_FIELDS:
        field = schema[name]
        for text in _texts():
            if not text:
                continue
            ours = sorted(text_postings(text, field.format))
            whooshs = sorted(field.format.word_values(text, field.analyzer, mode="index"))
            assert [(w.encode() if isinstance(w, str) else w, n, wt, v) for w, n, wt, v in whooshs] == ours, name


def test_text_postings_collect_the_same_spelling_words_as_analyze():
    schema = build_schema()
    for text in _texts():
        grouped: set[str] = set()
        listed: set[str] = set()
        assert text_postings(text, schema["body"].format, grouped) == posting_values(analyze(text, words=listed), schema["body"].format)
        assert grouped == listed


def test_text_postings_equal_whooshs_own_in_other_languages():
    schema = build_schema()
    field = schema["body"]
    words = WORDS + SHAPES + ["Häuser", "Gärten", "chevaux", "книги", "книга", "الكتاب", "maisons"]
    generator = random.Random(11)
    for lang in ("de", "fr", "ru", "ar", "es", "nl", "sv"):
        for _ in range(10):
            text = " ".join(generator.choice(words) for _ in range(generator.randint(1, 200)))
            ours = sorted(text_postings(text, field.format, lang=lang))
            whooshs = sorted(field.format.word_values(text, field.analyzer, mode="index", lang=lang))
            assert [(w.encode() if isinstance(w, str) else w, n, wt, v) for w, n, wt, v in whooshs] == ours, lang


def test_the_spelling_vocabulary_holds_words_not_bigrams_nor_compounds():
    from search.storage.analysis import spelling_words

    assert spelling_words("北京是首都 json.dumps Café x1 abc e-mail --force Ёлка 12") == {"json", "dumps", "cafe", "abc", "mail", "force", "елка"}
