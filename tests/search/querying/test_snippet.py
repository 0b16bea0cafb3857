"""The snippet of a hit: the window where the query's words meet, the rarest first."""

from __future__ import annotations

import re

from search.querying.snippet import make_snippet


def _spans(text: str, *words: str) -> list[tuple[int, int]]:
    return [m.span() for word in words for m in re.finditer(rf"\b{word}\b", text)]


def test_the_window_with_both_words_wins_over_one_word_many_times():
    text = " ".join(["harbour"] * 60) + " filler " * 80 + "harbour pilot " + "filler " * 80
    snippet, highlights = make_snippet(text, _spans(text, "harbour", "pilot"))
    assert "harbour pilot" in snippet
    assert {snippet[s:e] for s, e in highlights} == {"harbour", "pilot"}


def test_among_windows_with_one_word_the_rarest_word_is_shown():
    items = [f"item {i} entry" for i in range(3000)]
    text = " ".join(items)
    spans = _spans(text, "item")[:1000] + _spans(text, "2999")
    snippet, highlights = make_snippet(text, spans)
    assert "item 2999 entry" in snippet and snippet.startswith("\u2026")
    assert "2999" in {snippet[s:e] for s, e in highlights}


def test_a_short_text_is_whole_with_every_highlight():
    text = "a short section about the harbour"
    snippet, highlights = make_snippet(text, _spans(text, "harbour"))
    assert snippet == text and [snippet[s:e] for s, e in highlights] == ["harbour"]
