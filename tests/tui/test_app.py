"""Every flow of the browser, driven with Pilot as a user drives it with keys."""

from __future__ import annotations

import json

from textual.widgets import ContentSwitcher

from tests.conftest import SEED_ID
from tui.screens.help import help_rows
from tui.widgets.find_bar import FindBar
from tui.widgets.reader import Reader
from tui.widgets.results import ResultsList
from tui.widgets.search_box import SearchBox

from .conftest import browser, keys_for, search, settle

CONGRESS = "what-did-we-learn-out-of-the-recent-party-congress-in-north-korea"
BIDEN = "what-can-we-expect-from-the-biden-administration"


async def test_start_focuses_the_search_box_and_lists_the_library(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = browser(app)
        assert isinstance(app.focused, SearchBox)
        await settle(pilot, lambda: len(screen.library_list.visible_items) > 0)
        ids = {item.doc_id for item in screen.library_list.visible_items}
        assert {SEED_ID, "climate.txt", "sanctions.txt", "notes/meeting.md", "page.html"} <= ids
        assert screen.query_one("#left-switcher", ContentSwitcher).current == "library"


async def test_typing_searches_and_shows_ranked_hits(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, lambda: browser(app).library_items)
        await search(pilot, "pyongyang")
        screen = browser(app)
        assert screen.query_one("#left-switcher", ContentSwitcher).current == "results"
        hits = screen.results.hits
        assert {hit.doc_id for hit in hits} >= {SEED_ID, "sanctions.txt"}
        # Escape moves to the results, s comes back to the search box
        await pilot.press("escape")
        assert isinstance(app.focused, ResultsList)
        await pilot.press("s")
        assert isinstance(app.focused, SearchBox)


async def test_a_query_on_the_command_line_opens_with_its_results(make_app):
    app = make_app(query="ceasefire")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = browser(app)
        await settle(pilot, lambda: screen.results.hits)
        assert [hit.doc_id for hit in screen.results.hits] == ["page.html"]
        assert screen.search_box.value == "ceasefire"


async def test_enter_opens_the_hit_at_its_section_with_matches(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, lambda: browser(app).library_items)
        await search(pilot, "eighth party congress")
        screen = browser(app)
        await pilot.press("escape", "enter")
        await settle(pilot, lambda: screen.current_document is not None)
        reader = app.query_one(Reader)
        assert reader.document.doc_id == SEED_ID
        assert reader.current_section_id == CONGRESS
        index, total = reader.match_position
        assert total >= 3 and index >= 1
        assert isinstance(app.focused, Reader)
        assert "match" in str(screen.query_one("#status").render())
        # the outline counts matches per section
        assert screen.outline.highlighted_section == CONGRESS


async def test_n_walks_matches_and_carries_on_into_the_next_result(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, lambda: browser(app).library_items)
        await search(pilot, "pyongyang")
        screen = browser(app)
        first, second = screen.results.hits[0].doc_id, screen.results.hits[1].doc_id
        await pilot.press("escape", "enter")
        await settle(pilot, lambda: screen.current_document is not None)
        reader = app.query_one(Reader)
        assert reader.document.doc_id == first
        seen = [reader.match_position]
        for _ in range(reader.match_position[1] + 1):
            await pilot.press("n")
            await settle(pilot)
            seen.append(reader.match_position)
            if reader.document.doc_id == second:
                break
        assert reader.document.doc_id == second, seen
        assert reader.match_position[0] == 1
        # N from the first match goes back to the last match of the previous result
        await pilot.press("N")
        await settle(pilot, lambda: reader.document.doc_id == first)
        index, total = reader.match_position
        assert index == total


async def test_slash_finds_within_the_document(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = browser(app)
        await settle(pilot, lambda: screen.library_items)
        screen.open_document(SEED_ID)
        await settle(pilot, lambda: screen.current_document is not None)
        await pilot.press("slash")
        assert isinstance(app.focused, FindBar)
        await pilot.press(*keys_for("blinken"))
        reader = app.query_one(Reader)
        index, total = reader.match_position
        assert total == 5 and index == 1
        await pilot.press("enter")
        assert isinstance(app.focused, Reader)
        await pilot.press("n")
        assert reader.match_position == (2, 5)
        assert "match 2/5" in str(screen.query_one("#status").render())


async def test_outline_enter_jumps_to_the_section(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = browser(app)
        await settle(pilot, lambda: screen.library_items)
        screen.open_document(SEED_ID)
        await settle(pilot, lambda: screen.current_document is not None)
        await pilot.press("3")
        assert app.focused is screen.outline
        await pilot.press("G", "enter")
        reader = app.query_one(Reader)
        assert reader.current_section_id.startswith("given-rising-tensions")
        # ] and [ move by section in the reader, and the outline follows
        await pilot.press("2", "[")
        await settle(pilot)
        assert reader.current_section_id == "what-can-we-expect-from-the-biden-administration"
        assert screen.outline.highlighted_section == reader.current_section_id


async def test_follow_a_related_link_and_come_back_to_the_same_place(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = browser(app)
        await settle(pilot, lambda: screen.library_items)
        screen.open_document(SEED_ID)
        await settle(pilot, lambda: screen.current_document is not None)
        reader = app.query_one(Reader)
        await pilot.press("2", "space", "space")
        position = reader.scroll_y
        assert position > 0
        await pilot.press("4")
        assert app.focused is screen.related
        await pilot.press("enter")
        await settle(pilot, lambda: screen.current_document.doc_id != SEED_ID)
        assert screen.current_document.kind == "summary"
        assert screen.current_document.title.startswith("China’s Dilemmas")
        # the summary says who links to it
        await settle(pilot, lambda: screen.related.highlighted_doc_id is not None)
        await pilot.press("2", "backspace")
        await settle(pilot, lambda: screen.current_document.doc_id == SEED_ID)
        assert reader.scroll_y == position
        await pilot.press("L")
        await settle(pilot, lambda: screen.current_document.doc_id != SEED_ID)
        assert screen.current_document.kind == "summary"


async def test_library_sort_filter_and_open(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = browser(app)
        await settle(pilot, lambda: screen.library_items)
        await pilot.press("escape")
        library = screen.library_list
        assert library.sort == "date"
        dates = [item.date for item in library.visible_items if item.date]
        assert dates == sorted(dates, reverse=True)
        await pilot.press("S")
        titles = [item.title.casefold() for item in library.visible_items]
        assert library.sort == "title" and titles == sorted(titles)
        library.set_filter("type", "Report")
        await pilot.pause()
        assert [item.doc_id for item in library.visible_items] == ["climate.txt"]
        await pilot.press("F")
        assert len(library.visible_items) > 1
        await pilot.press("g", "enter")
        await settle(pilot, lambda: screen.current_document is not None)
        assert screen.current_document.doc_id == library.visible_items[0].doc_id


async def test_panes_collapse_at_80_columns_and_toggle(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = browser(app)
        await settle(pilot, lambda: screen.library_items)
        assert screen.narrow
        left, center, right = (screen.query_one(f"#{name}") for name in ("left", "center", "right"))
        assert left.display and not right.display  # nothing to read yet: the list has the screen
        screen.open_document(SEED_ID)
        await settle(pilot, lambda: screen.current_document is not None)
        reader = app.query_one(Reader)
        assert not left.display and not right.display
        assert reader.content_region.width >= 60
        await pilot.press("f3")
        await pilot.pause()
        assert right.display and app.focused is screen.outline
        await pilot.press("enter")  # jumping to a section gives the reader the screen back
        await pilot.pause()
        assert not right.display and app.focused is reader
        await pilot.press("f2")
        await pilot.pause()
        assert left.display and not center.display
        await pilot.press("f2")
        await pilot.pause()
        assert not left.display and center.display and app.focused is reader


async def test_panes_toggle_at_200_columns(make_app):
    app = make_app()
    async with app.run_test(size=(200, 60)) as pilot:
        screen = browser(app)
        await settle(pilot, lambda: screen.library_items)
        left, right = screen.query_one("#left"), screen.query_one("#right")
        assert not screen.narrow and left.display and right.display
        screen.open_document(SEED_ID)
        await settle(pilot, lambda: screen.current_document is not None)
        width = app.query_one(Reader).size.width
        await pilot.press("z", "t")
        await pilot.pause()
        assert not left.display and not right.display
        assert app.query_one(Reader).size.width > width
        await pilot.press("z")
        await pilot.pause()
        assert left.display


async def test_help_is_generated_from_the_bindings(make_app, tmp_path):
    (tmp_path / "keymap.toml").write_text('focus_search = "ctrl+f"\n"reader.down" = "j,down,ctrl+n"\n')
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = browser(app)
        await settle(pilot, lambda: screen.library_items)
        screen.open_document(SEED_ID)
        await settle(pilot, lambda: screen.current_document is not None)
        await pilot.press("question_mark")
        from tui.screens.help import HelpScreen

        assert isinstance(app.screen, HelpScreen)
        rows = {row.binding_id: row for row in app.screen.rows}
        assert rows["reader.next_section"].description == "Next section"
        assert rows["focus_search"].keys == ["^f"]
        assert "^n" in rows["reader.down"].keys
        assert any(row.where.startswith("Focused pane") for row in app.screen.rows)
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)
        # and the remapped key works
        await pilot.press("ctrl+f")
        assert isinstance(app.focused, SearchBox)


async def test_command_palette_goes_to_a_document_and_a_section(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = browser(app)
        await settle(pilot, lambda: screen.library_items)
        await pilot.press("escape", "ctrl+p")
        await pilot.press(*keys_for("ceasefire monitoring"))
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot, lambda: screen.current_document is not None)
        assert screen.current_document.doc_id == "page.html"
        await pilot.press("ctrl+p")
        await pilot.press(*keys_for("go to section verification"))
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert app.query_one(Reader).current_section_id == "verification"


async def test_copy_sends_the_section_and_the_location_to_the_clipboard(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = browser(app)
        await settle(pilot, lambda: screen.library_items)
        screen.open_document(SEED_ID, section_id=CONGRESS)
        await settle(pilot, lambda: screen.current_document is not None)
        await pilot.press("y")
        assert app.clipboard.startswith("What did we learn out of the recent Party Congress in North Korea?")
        assert "Singapore Agreement" in app.clipboard
        await pilot.press("Y")
        assert app.clipboard == "https://www.usip.org/publications/2021/01/north-korea-poses-old-challenges-new-us-administration"


async def test_a_malformed_query_shows_the_engines_message(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = browser(app)
        await settle(pilot, lambda: screen.library_items)
        await search(pilot, "date:nonsense")
        text = str(screen.results.get_option_at_index(0).prompt)
        assert "not a date" in text.lower()
        assert screen.results.hits == ()


def _entry(screen) -> str:
    """The selectable line about the spelling above the hits ("Showing results for", "Did you mean")."""
    results = screen.results
    for option in results.options:
        if option.id in ("as-typed", "suggestion"):
            return str(option.prompt)
    return ""


async def test_a_misspelled_query_shows_the_correction_and_can_run_as_typed(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = browser(app)
        await settle(pilot, lambda: screen.library_items)
        await search(pilot, "pyongyng")
        # Corrected at once: the hits are the suggestion's, the box keeps what was typed.
        assert screen.results.hits and not screen.results_as_typed
        assert screen.search_box.value == "pyongyng"
        assert _entry(screen) == "Showing results for pyongyang; search for pyongyng instead"
        await pilot.press("escape")
        assert screen.active_bindings["u"].binding.description == "Search as typed"  # in the footer too
        assert ("Browser", "search_as_typed") in {(row.where, row.binding_id) for row in help_rows(screen)}
        await pilot.press("g", "enter")  # the top entry: the words as typed
        await settle(pilot, lambda: screen.results_as_typed)
        assert screen.results.hits == ()
        assert screen.search_box.value == "pyongyng"
        assert _entry(screen) == "Did you mean: pyongyang"
        assert not any(b.binding.id == "search_as_typed" for b in screen.active_bindings.values())


async def test_did_you_mean_runs_the_suggestion_of_a_query_run_as_typed(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = browser(app)
        await settle(pilot, lambda: screen.library_items)
        await search(pilot, "pyongyng")
        await pilot.press("escape", "u")  # the browser's key for "search for ... instead"
        await settle(pilot, lambda: screen.results_as_typed)
        assert screen.results.hits == ()
        await pilot.press("g", "enter")
        await settle(pilot, lambda: screen.results_query == "pyongyang")
        assert screen.search_box.value == "pyongyang"
        assert screen.results.hits and not screen.results_as_typed
        assert _entry(screen) == ""  # spelled right: nothing to say about it


async def test_typing_again_after_as_typed_lets_the_correction_run(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = browser(app)
        await settle(pilot, lambda: screen.library_items)
        await search(pilot, "pyongyng")
        await pilot.press("escape", "u")
        await settle(pilot, lambda: screen.results_as_typed)
        await pilot.press("s", "enter")  # Enter on the same words keeps them as typed
        await settle(pilot)
        assert screen.results_as_typed and screen.results.hits == ()
        await search(pilot, "pyongyng ")
        assert not screen.results_as_typed and screen.results.hits
        assert _entry(screen).startswith("Showing results for pyongyang")


async def test_right_lists_a_hits_other_sections_and_enter_reads_one(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = browser(app)
        await settle(pilot, lambda: screen.library_items)
        await search(pilot, "kim congress")
        results = screen.results
        await pilot.press("escape")
        assert results.highlighted_hit.doc_id == SEED_ID and not results.is_expanded(SEED_ID)
        shown = results.option_count
        await pilot.press("right")
        assert results.is_expanded(SEED_ID)
        assert results.option_count == shown + 2  # the lead and the section on Biden
        lines = [str(results.get_option_at_index(i).prompt.plain) for i in range(shown - 1, shown + 2)]
        assert lines[1:] == ["  › Beginning (3)", "  › What can we expect from the Biden administration? (1)"]
        await pilot.press("l", "j")  # into the sections, then down to the second
        assert results.highlighted_section == BIDEN
        await pilot.press("enter")
        await settle(pilot, lambda: screen.current_document is not None)
        assert screen.reader.current_section_id == BIDEN
        assert screen.current_query == "kim congress"
        await pilot.press("1")  # back to the results: the cursor where it was
        assert results.highlighted_section == BIDEN
        await pilot.press("h")
        assert not results.is_expanded(SEED_ID)
        assert results.highlighted_hit.doc_id == SEED_ID and results.highlighted_section is None
        assert results.option_count == shown
        # Nothing left to fold: Left is the browser's Back again.
        assert not any(b.binding.id == "results.collapse" for b in screen.active_bindings.values())
        assert screen.active_bindings["left"].binding.id == "back"


async def test_reading_positions_survive_a_restart(make_app, tmp_path):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = browser(app)
        await settle(pilot, lambda: screen.library_items)
        screen.open_document(SEED_ID)
        await settle(pilot, lambda: screen.current_document is not None)
        await pilot.press("2", "]", "]")
        section = app.query_one(Reader).current_section_id
        await pilot.press("q")
    saved = json.loads((tmp_path / "state.json").read_text())
    assert any(SEED_ID in docs for docs in saved["positions"].values())
    again = make_app()
    async with again.run_test(size=(120, 40)) as pilot:
        screen = browser(again)
        await settle(pilot, lambda: screen.library_items)
        screen.open_document(SEED_ID)
        await settle(pilot, lambda: screen.current_document is not None)
        assert again.query_one(Reader).current_section_id == section


async def test_theme_toggle_is_remembered(make_app, tmp_path):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, lambda: browser(app).library_items)
        await pilot.press("f4")
        assert app.theme == "textual-light"
        await pilot.press("escape", "q")
    again = make_app()
    async with again.run_test(size=(80, 24)) as pilot:
        assert again.theme == "textual-light"


async def test_summary_documents_cannot_be_edited(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = browser(app)
        await settle(pilot, lambda: screen.library_items)
        summary = next(item.doc_id for item in screen.library_items if item.kind == "summary")
        screen.open_document(summary)
        await settle(pilot, lambda: screen.current_document is not None)
        await pilot.press("e")
        await pilot.pause()
        assert any("no file to edit" in n.message for n in app._notifications)


def test_the_app_module_does_not_import_whoosh_before_the_first_paint():
    """Whoosh costs 0.1-0.2 s to import: it must wait for the worker that opens the index."""
    import subprocess
    import sys

    code = (
        "import sys, tui.cli, tui.app, tui.screens.browser\n"
        "from tui.app import ReadingRoom\n"
        "screen = ReadingRoom().get_default_screen()\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'whoosh' or m == 'search.library'))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


async def test_paint_is_traced_after_the_first_frame_and_before_the_engine_opens(make_app, tmp_path, monkeypatch):
    """The benchmark's ``paint`` mark: written once the screen is laid out and drawn,
    and before the worker that imports the engine starts (it would slow the frame)."""
    trace = tmp_path / "trace"
    monkeypatch.setenv("READINGROOM_TRACE", str(trace))
    app = make_app()
    seen = {}
    drawn = []
    original_trace, original_ensure = app.trace, app.ensure_library
    original_render_line = SearchBox.render_line

    def render_line(self, y):
        drawn.append(y)
        return original_render_line(self, y)

    def trace_event(event):
        if event == "paint" and "search box drawn" not in seen:
            seen["search box drawn"] = bool(drawn)
            seen["engine open"] = app.library is not None
        original_trace(event)

    monkeypatch.setattr(SearchBox, "render_line", render_line)

    def ensure_library():
        seen.setdefault("traced before the engine", trace.exists() and "paint" in trace.read_text())
        return original_ensure()

    app.trace, app.ensure_library = trace_event, ensure_library
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, lambda: len(browser(app).library_list.visible_items) > 0)
        await pilot.press("question_mark")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
    assert seen == {"search box drawn": True, "engine open": False, "traced before the engine": True}
    assert [line.split()[0] for line in trace.read_text().splitlines()].count("paint") == 1


async def test_palette_finds_a_section_of_another_document_by_its_title(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = browser(app)
        await settle(pilot, lambda: screen.library_items)
        await pilot.press("escape", "ctrl+p")
        await pilot.press(*keys_for("verification"))
        await settle(pilot)
        await pilot.pause(0.2)  # the library-wide part answers from a thread
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot, lambda: screen.current_document is not None)
        assert screen.current_document.doc_id == "page.html"
        assert app.query_one(Reader).current_section_id == "verification"


async def test_skipped_files_are_listed_with_their_reason(make_app, app_corpus):
    (app_corpus / "picture.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = browser(app)
        await settle(pilot, lambda: screen.skipped)
        assert [s.path for s in screen.skipped] == ["picture.txt"]
        screen.action_show_skipped()
        await pilot.pause()
        from tui.screens.skipped import SkippedScreen

        assert isinstance(app.screen, SkippedScreen)
        prompt = str(app.screen.query_one("#skipped-list").get_option_at_index(0).prompt)
        assert "picture.txt" in prompt and "binary" in prompt
        await pilot.press("escape")
        assert not isinstance(app.screen, SkippedScreen)
