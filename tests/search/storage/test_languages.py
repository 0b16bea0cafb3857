"""A document's language is told from its script or its commonest words."""

from __future__ import annotations

from search.storage.languages import detect


def test_scripts_name_their_language():
    assert detect("В нашей библиотеке много старых книг, и каждая стоит на полке.") == "ru"
    assert detect("الكتاب على الطاولة في المكتبة القديمة") == "ar"


def test_latin_languages_by_their_common_words():
    assert detect("In der Stadt stehen viele alte Häuser, und die Gärten sind im Sommer grün.") == "de"
    assert detect("Les chevaux de la ferme courent dans les prés et le soir ils rentrent. Une maison est là.") == "fr"
    assert detect("El perro de la casa corre por el campo y los niños juegan con él.") == "es"
    assert detect("De hond van het huis loopt door de velden en de kinderen spelen met hem.") == "nl"


def test_english_when_unsure():
    assert detect("The old houses of the town have gardens where the children play.") == "en"
    assert detect("") == "en"
    assert detect("2024 1.2.3 x y z") == "en"
    assert detect("北京是中国的首都") == "en"  # bigrams: no stemmer to choose
