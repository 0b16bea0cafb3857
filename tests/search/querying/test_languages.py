"""A word is found in another form of it, in Russian, German and French documents, in a real index."""

from __future__ import annotations

import pytest

from .written import found, indexed

# Written for this test.
DOCS = {
    "library.txt": "Библиотека\n\nВ нашей библиотеке много старых книг. Каждая книга стоит на своей полке, "
    "и читатели часто берут их домой на неделю.\n",
    "town.txt": "Die Stadt\n\nIn der Stadt stehen viele alte Häuser, und die Gärten sind im Sommer grün. "
    "Wer durch die Straßen geht, sieht auch einen Brunnen.\n",
    "farm.txt": "La ferme\n\nLes chevaux de la ferme courent dans les prés et le soir ils rentrent. "
    "Une maison est près des champs, et les enfants sont contents.\n",
    "english.txt": "Gardens\n\nThe old houses of the town have gardens where the children play.\n",
}


@pytest.fixture(scope="module")
def library(tmp_path_factory):
    library = indexed(tmp_path_factory.mktemp("languages"), DOCS)
    yield library
    library.close()


def test_a_russian_word_in_another_form(library):
    assert found(library, "книги") == {"library.txt"}  # the text says книг and книга
    assert found(library, "библиотека") == {"library.txt"}  # the text says библиотеке
    assert found(library, "полки") == {"library.txt"}


def test_a_german_word_in_another_form(library):
    assert found(library, "Haus") == {"town.txt"}  # the text says Häuser
    assert found(library, "Garten") == {"town.txt"}  # the text says Gärten


def test_a_french_word_in_another_form(library):
    assert found(library, "cheval") == {"farm.txt"}  # the text says chevaux
    assert found(library, "maisons") == {"farm.txt"}
    assert found(library, "enfant") == {"farm.txt"}


def test_english_is_stemmed_as_before(library):
    assert found(library, "house") == {"english.txt"}
    assert found(library, "garden") == {"english.txt"}


def test_a_phrase_in_another_language(library):
    assert found(library, '"старых книги"') == {"library.txt"}


def test_the_other_form_is_highlighted(library):
    hit = library.search("книги").hits[0]
    assert {hit.snippet[s:e] for s, e in hit.highlights} == {"книг", "книга"}


def test_queries_over_several_languages_keep_the_fast_shape(library):
    from search.querying import fastpath
    from search.querying.querytext import read_query

    searcher = library.searcher()
    for text in ("книги", "Haus Garten", '"старых книги"', "cheval maisons", "北京 Haus", "2.3.5 книги"):
        parsed = read_query(library._view(), text)
        assert fastpath.clauses(parsed.query) is not None, (text, parsed.query)
        assert fastpath.run(searcher, parsed.query, 20) is not None, text


def test_more_like_this_in_another_language(tmp_path):
    from search import Library

    corpus = tmp_path / "c"
    corpus.mkdir()
    texts = {
        "a.txt": "Ледники\n\nЛедники тают каждое лето, и талая вода ледников наполняет реки в долинах под горами.\n",
        "b.txt": "Горы\n\nЛедник отступает каждый год, и талые воды ледника текут по долине к реке.\n",
        "c.txt": "Банк\n\nРынок облигаций и процентные ставки изменились после решения центрального банка.\n",
    }
    for name, text in texts.items():
        (corpus / name).write_text(text, encoding="utf-8")
    library = Library([corpus], index_dir=tmp_path / "ix")
    library.sync()
    try:
        similar = library.more_like_this("a.txt")
        assert similar and similar[0].doc_id == "b.txt"
    finally:
        library.close()


def test_patterns_find_words_of_another_language(library):
    assert found(library, "библиотек*") == {"library.txt"}  # the vocabulary's "библиотеке"
    assert found(library, "Häus*") == {"town.txt"}
