"""Text in every script is found: CJK runs by bigrams, case and accents folded, in a real index."""

from __future__ import annotations

import pytest

from .written import found, indexed

DOCS = {
    # Written for this test: a note on a capital city, in Chinese.
    "beijing.txt": "城市\n\n北京是中国的首都。北京有很多公园，中华人民共和国的政府也在这里。\n",
    # A note on daily life, in Japanese.
    "tokyo.txt": "毎日\n\n東京都に住んでいます。毎朝、電車で会社に行きます。\n",
    # Separate words that share characters with the Chinese one, not adjacent.
    "bookshop.txt": "书店\n\n人民公园旁边有一家中华书局。\n",
    "english.txt": "Capitals\n\nBeijing and Tokyo are large capitals with busy trains.\n",
    "accents.txt": "Menu\n\nThe CAFÉ on the corner serves a naïve cake; the ΣΟΦΊΑ of cooks; Straße.\n",
    "russian.txt": "Лес\n\nЁлка стоит в лесу.\n",
}


@pytest.fixture(scope="module")
def library(tmp_path_factory):
    library = indexed(tmp_path_factory.mktemp("scripts"), DOCS)
    yield library
    library.close()


def test_a_chinese_word_is_found_inside_a_run_without_spaces(library):
    assert found(library, "北京") == {"beijing.txt"}
    assert found(library, "首都") == {"beijing.txt"}


def test_a_longer_chinese_query_needs_its_characters_adjacent(library):
    assert found(library, "中华人民") == {"beijing.txt"}  # bookshop.txt has 中华 and 人民 apart
    assert found(library, "人民") == {"beijing.txt", "bookshop.txt"}


def test_a_japanese_word_is_found_inside_a_sentence(library):
    assert found(library, "電車") == {"tokyo.txt"}
    assert found(library, "住んで") == {"tokyo.txt"}
    assert found(library, "東京") == {"tokyo.txt"}


def test_cjk_and_english_words_together(library):
    assert found(library, "北京 首都") == {"beijing.txt"}
    assert found(library, "trains") == {"english.txt"}


def test_cjk_matches_are_highlighted_where_they_are(library):
    hit = library.search("北京").hits[0]
    assert hit.highlights
    assert {hit.snippet[s:e] for s, e in hit.highlights} == {"北京"}
    hit = library.search("中华人民").hits[0]
    assert {hit.snippet[s:e] for s, e in hit.highlights} == {"中华人民"}


def test_no_did_you_mean_for_cjk_words(library):
    assert library.search("北京").suggestion is None
    assert library.search("南京").suggestion is None  # found nowhere, still no suggestion
    assert library.suggest("上海") is None


def test_case_and_accents_fold_in_every_script(library):
    assert found(library, "cafe") == {"accents.txt"}
    assert found(library, "Café") == {"accents.txt"}
    assert found(library, "naive") == {"accents.txt"}
    assert found(library, "σοφια") == {"accents.txt"}
    assert found(library, "strasse") == {"accents.txt"}
    assert found(library, "елка") == {"russian.txt"}
    assert found(library, "ЁЛКА") == {"russian.txt"}


def test_cjk_queries_keep_the_fast_shape(library):
    from search.querying import fastpath
    from search.querying.querytext import read_query

    searcher = library.searcher()
    for text in ("北京", "中华人民", "住んで 電車", "北京 trains"):
        parsed = read_query(library._view(), text)
        assert fastpath.clauses(parsed.query) is not None, (text, parsed.query)
        assert fastpath.run(searcher, parsed.query, 20) is not None, text
