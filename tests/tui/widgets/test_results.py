"""The results list: cards of hits, the count, "Did you mean", driven with keys at 80x24."""

from __future__ import annotations

from search.model import SearchResult, SectionRef
from tui.widgets.results import HitCard, ResultsList

from .lists_host import HOSTILE, UNSAFE, Host, lines_of, make_hit, make_result, styles_of, text_of


async def test_results_header_counts_and_timing():
    results = ResultsList()
    app = Host(results)
    async with app.run_test(size=(80, 24)) as pilot:
        results.show_result(make_result(3))
        await pilot.pause()
        assert lines_of(results)[0] == "3 results, 8 ms"
        results.show_result(make_result(3), show_timing=False)
        await pilot.pause()
        assert lines_of(results)[0] == "3 results"
        results.show_result(make_result(1), show_timing=False)
        await pilot.pause()
        assert lines_of(results)[0] == "1 result"
        assert results.border_title == "Results"


async def test_results_vim_keys_move_and_enter_opens_the_hit():
    results = ResultsList()
    app = Host(results)
    async with app.run_test(size=(80, 24)) as pilot:
        results.show_result(make_result(3))
        results.focus()
        await pilot.pause()
        assert results.highlighted_hit.doc_id == "doc0.txt"
        await pilot.press("j")
        assert results.highlighted_hit.doc_id == "doc1.txt"
        await pilot.press("down")
        assert results.highlighted_hit.doc_id == "doc2.txt"
        await pilot.press("k")
        assert results.highlighted_hit.doc_id == "doc1.txt"
        await pilot.press("G")
        assert results.highlighted_hit.doc_id == "doc2.txt"
        await pilot.press("g")
        assert results.highlighted_hit.doc_id == "doc0.txt"
        await pilot.press("j", "enter")
        await pilot.pause()
        [opened] = app.posted(ResultsList.Opened)
        assert opened.hit.doc_id == "doc1.txt" and opened.index == 1
        assert opened.control is results


async def test_results_did_you_mean_is_selectable():
    results = ResultsList()
    app = Host(results)
    async with app.run_test(size=(80, 24)) as pilot:
        results.show_result(make_result(2, suggestion="pyongyang", notice="An unbalanced quote was ignored."))
        results.focus()
        await pilot.pause()
        text = text_of(results)
        assert "Did you mean: pyongyang" in text
        assert "An unbalanced quote was ignored." in text
        await pilot.press("k")  # from the first hit up to the suggestion
        assert results.highlighted_hit is None
        await pilot.press("enter")
        await pilot.pause()
        [chosen] = app.posted(ResultsList.SuggestionChosen)
        assert chosen.query == "pyongyang"
        assert app.posted(ResultsList.Opened) == []


async def test_results_empty_and_error():
    results = ResultsList()
    app = Host(results)
    async with app.run_test(size=(80, 24)) as pilot:
        results.show_result(SearchResult(query="pyongyanq", suggestion="pyongyang"))
        results.focus()
        await pilot.pause()
        assert lines_of(results)[:2] == ["No results", "Did you mean: pyongyang"]
        await pilot.press("enter")
        await pilot.pause()
        assert [m.query for m in app.posted(ResultsList.SuggestionChosen)] == ["pyongyang"]

        error = "Unbalanced parenthesis after 'korea ('"
        results.show_result(SearchResult(query="korea (", error=error, hits=make_result(2).hits))
        await pilot.pause()
        assert lines_of(results)[0] == error
        assert results.hits == () and results.highlighted_hit is None
        assert "Document" not in text_of(results)
        await pilot.press("enter", "j", "G")
        assert app.posted(ResultsList.Opened) == []

        results.clear()
        await pilot.pause()
        assert results.hits == () and text_of(results).strip() == ""


async def test_results_card_shows_breadcrumb_meta_and_highlighted_snippet():
    results = ResultsList()
    app = Host(results)
    async with app.run_test(size=(80, 24)) as pilot:
        summary = make_hit(1, kind="summary")
        results.show_result(SearchResult("party", (make_hit(0), summary), 2, 3.0))
        await pilot.pause()
        lines = lines_of(results)
        assert lines[2] == "Document 0"  # lead section: just the document
        assert lines[3] == "2024-01-01 · Analysis"
        assert lines[4] == "The Party Congress in Pyongyang set a plan."
        assert lines[6] == "Document 1 > What did the Party Congress decide?"
        assert lines[7] == "2024-02-01 · Analysis · summary"

        card = results.get_option_at_index(1).prompt
        assert isinstance(card, HitCard)
        words = [card.snippet.plain[s.start : s.end] for s in card.snippet.spans]
        assert words == ["Party", "Pyongyang"]
        assert all(s.style == ".results--highlight" for s in card.snippet.spans)
        # Matched words are drawn reversed and bold: visible without colour.
        assert all(s.reverse and s.bold for s in styles_of(results, 4, "Party"))
        assert not any(s.reverse for s in styles_of(results, 4, "Congress"))


async def test_results_highlights_survive_no_color(monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    results = ResultsList()
    app = Host(results)
    async with app.run_test(size=(80, 24)) as pilot:
        results.show_result(make_result(2))
        results.focus()
        await pilot.pause()
        assert app.no_color
        # The cursor's card is reversed; its matched words are underlined on top.
        assert all(s.reverse for s in styles_of(results, 2, "Document 0"))
        assert all(s.underline and s.bold for s in styles_of(results, 4, "Party"))
        assert not any(s.reverse for s in styles_of(results, 6, "Document 1"))
        assert all(s.underline and s.bold for s in styles_of(results, 8, "Party"))


def test_hit_card_stays_within_four_lines_when_narrow():
    long = make_hit(1, title="A very long title " * 12, snippet="word " * 200, highlights=((0, 4), (995, 999)))
    card = HitCard(long)
    for width in (30, 34, 40):
        lines = card.layout(width)
        assert len(lines) <= 4
        assert all(line.cell_length <= width for line in lines)
        assert lines[0].plain.endswith("…") and " > " in lines[0].plain
        assert lines[-1].plain.endswith("…")
    assert card.get_height({}, 30) == 4


def test_hit_card_keeps_highlights_on_their_words_when_text_is_cleaned():
    hit = make_hit(0, snippet="a\u202eb Party\x1b ends", highlights=((4, 9),))
    card = HitCard(hit)
    [span] = card.snippet.spans
    assert card.snippet.plain[span.start : span.end] == "Party"
    assert not UNSAFE.search(card.snippet.plain)


async def test_results_select_hit_and_index_of_post_nothing():
    results = ResultsList()
    app = Host(results)
    async with app.run_test(size=(80, 24)) as pilot:
        results.show_result(make_result(3))
        await pilot.pause()
        app.messages.clear()
        results.select_hit(2)
        await pilot.pause()
        assert results.highlighted_hit.doc_id == "doc2.txt"
        assert app.messages == []
        assert results.index_of("doc1.txt") == 1
        assert results.index_of("missing") is None
        results.select_hit(99)  # ignored
        assert results.highlighted_hit.doc_id == "doc2.txt"


async def test_results_hostile_titles_are_shown_literally():
    results = ResultsList()
    app = Host(results)
    async with app.run_test(size=(80, 24)) as pilot:
        hit = make_hit(
            1,
            title=HOSTILE,
            section=SectionRef("s", HOSTILE),
            snippet=HOSTILE,
            highlights=((0, 3),),
            type="\x1b]0;t\x07",
            date="",
        )
        results.show_result(SearchResult("x", (hit,), 1, 1.0, notice=HOSTILE))
        await pilot.pause()
        text = text_of(results)
        assert "[bold]x[/]" in text
        assert "␛[31mred␇" in text
        assert not UNSAFE.search(text)
        assert "evil" in text


def _with_sections(n: int, **changes):
    """A hit whose best section is "Plan" and which matches in three more."""
    sections = (
        SectionRef("plan", "Plan"),
        SectionRef("lead", ""),
        SectionRef("china", "How will China respond?"),
        SectionRef("trade", "Trade"),
    )
    matches = (("lead", 2), ("plan", 5), ("china", 3), ("trade", 1))
    values = dict(section=sections[0], sections=sections, section_matches=matches)
    values.update(changes)
    return make_hit(n, **values)


async def test_results_showing_results_for_runs_the_query_as_typed():
    results = ResultsList()
    app = Host(results)
    async with app.run_test(size=(80, 24)) as pilot:
        result = make_result(2, query="pyongyng", searched="pyongyang")
        results.show_result(result)
        results.focus()
        await pilot.pause()
        lines = lines_of(results)
        assert lines[:2] == ["2 results, 8 ms", "Showing results for pyongyang; search for pyongyng instead"]
        assert results.typed_query == "pyongyng"
        assert "Did you mean" not in text_of(results)
        await pilot.press("k", "enter")
        await pilot.pause()
        [chosen] = app.posted(ResultsList.AsTypedChosen)
        assert chosen.query == "pyongyng" and chosen.control is results
        assert app.posted(ResultsList.SuggestionChosen) == [] and app.posted(ResultsList.Opened) == []
        # As typed, the engine names its suggestion: back to "Did you mean".
        results.show_result(SearchResult(query="pyongyng", suggestion="pyongyang"))
        await pilot.pause()
        assert lines_of(results)[:2] == ["No results", "Did you mean: pyongyang"]
        assert results.typed_query is None


async def test_results_showing_results_for_keeps_query_text_as_data():
    results = ResultsList()
    app = Host(results)
    async with app.run_test(size=(120, 24)) as pilot:
        results.show_result(make_result(1, query="[bold]x[/] \x1b[31m", searched="[i]y[/]"))
        await pilot.pause()
        text = text_of(results)
        assert "Showing results for [i]y[/]; search for [bold]x[/] ␛[31m instead" in text
        assert not UNSAFE.search(text)


async def test_results_right_lists_other_sections_and_enter_opens_one():
    results = ResultsList()
    app = Host(results)
    async with app.run_test(size=(80, 24)) as pilot:
        results.show_result(SearchResult("plan", (_with_sections(1), make_hit(2)), 2, 1.0))
        results.focus()
        await pilot.pause()
        lines = lines_of(results)
        assert lines[2] == "Document 1 > Plan"
        assert lines[3] == "2024-02-01 · Analysis · 3 more sections"
        assert results.check_action("expand", ()) is True
        assert results.check_action("collapse", ()) is False  # Left stays Back
        await pilot.press("right")
        lines = lines_of(results)
        assert lines[5:8] == ["  › Beginning (2)", "  › How will China respond? (3)", "  › Trade (1)"]
        assert lines[8].startswith("─") and lines[9] == "Document 2"  # the rule, then the next card
        assert results.highlighted_hit.doc_id == "doc1.txt" and results.highlighted_section is None
        await pilot.press("l", "j")
        assert results.highlighted_section == "china"
        await pilot.press("enter")
        await pilot.pause()
        [opened] = app.posted(ResultsList.Opened)
        assert (opened.hit.doc_id, opened.index, opened.section_id) == ("doc1.txt", 0, "china")
        await pilot.press("j", "j")  # past the sections, onto the next hit
        assert results.highlighted_hit.doc_id == "doc2.txt"
        assert results.check_action("expand", ()) is False  # it has no other sections
        await pilot.press("k", "h")  # from a section line: fold, back on the card
        assert results.highlighted_hit.doc_id == "doc1.txt" and results.highlighted_section is None
        assert not results.is_expanded("doc1.txt")
        assert lines_of(results)[5].startswith("─")  # the rule under the card, then the next one
        assert lines_of(results)[6] == "Document 2"


async def test_results_the_rest_of_a_result_keeps_a_hit_open():
    results = ResultsList()
    app = Host(results)
    async with app.run_test(size=(80, 24)) as pilot:
        first = SearchResult("plan", (_with_sections(0), make_hit(1)), 3, 1.0)
        results.show_result(first)
        results.focus()
        await pilot.press("right", "l")
        results.show_result(SearchResult("plan", (*first.hits, make_hit(2)), 3, 1.0), keep_cursor=True)
        await pilot.pause()
        assert results.is_expanded("doc0.txt") and results.highlighted_section == "lead"
        results.show_result(first)  # a new query: everything folded
        assert not results.is_expanded("doc0.txt")


def test_hit_card_with_other_sections_stays_within_four_lines():
    hit = _with_sections(1, title="A very long title " * 12, snippet="word " * 200, highlights=((0, 4),))
    card = HitCard(hit)
    for width in (30, 40, 80):
        lines = card.layout(width)
        assert len(lines) == 4
        assert all(line.cell_length <= width for line in lines)


async def test_results_hostile_section_titles_in_the_list_are_data():
    results = ResultsList()
    app = Host(results)
    async with app.run_test(size=(80, 24)) as pilot:
        hit = _with_sections(0, sections=(SectionRef("plan", "Plan"), SectionRef("x", HOSTILE)))
        results.show_result(SearchResult("x", (hit,), 1, 1.0))
        results.focus()
        await pilot.press("right")
        text = text_of(results)
        assert "  › [bold]x[/] ␛[31mred␇" in text
        assert not UNSAFE.search(text)


async def test_results_expanding_the_last_hit_brings_its_sections_into_view():
    results = ResultsList()
    app = Host(results)
    async with app.run_test(size=(80, 24)) as pilot:
        hits = (*(make_hit(n) for n in range(4)), _with_sections(4))
        results.show_result(SearchResult("plan", hits, 5, 1.0))
        results.focus()
        await pilot.press("G")  # the last card, at the bottom of the pane
        assert results.highlighted_hit.doc_id == "doc4.txt"
        await pilot.press("right")
        lines = lines_of(results)
        assert "  › Trade (1)" in lines  # the last of its sections is on screen
        assert "Document 4 > Plan" in lines  # and so is its card
        assert results.highlighted_hit.doc_id == "doc4.txt" and results.highlighted_section is None
