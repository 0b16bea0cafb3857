"""What the app remembers for the reader across runs: the queries searched (Up / Down
in the search box), the documents read last (first in the library), bookmarked
sections, and where reading stopped (``--resume``). Each survives a restart: two runs
of the app on the same state file; a damaged state file never stops the app."""

from __future__ import annotations

import json

from tests.conftest import SEED_ID
from tui.screens.bookmarks import BookmarksScreen
from tui.widgets.reader import Reader
from tui.widgets.results import ResultsList
from tui.widgets.search_box import SearchBox

from .conftest import browser, keys_for, search, settle

BIDEN = "what-can-we-expect-from-the-biden-administration"


def notes(app) -> list[str]:
    return [n.message for n in app._notifications]


async def open_and_wait(pilot, doc_id: str) -> None:
    screen = browser(pilot.app)
    screen.open_document(doc_id)
    await settle(pilot, lambda: screen.current_document is not None and screen.current_document.doc_id == doc_id)


# -- the queries searched --------------------------------------------------------------


async def test_up_and_down_walk_the_queries_searched_as_a_shell_does_across_a_restart(make_app, tmp_path):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = browser(app)
        await settle(pilot, lambda: screen.library_items)
        await search(pilot, "pyongyang")
        await pilot.press("enter")  # Enter records the query
        await search(pilot, "ceasefire")
        await pilot.press("escape", "enter")  # opening a hit records it too
        await settle(pilot, lambda: screen.current_document is not None)
        await search(pilot, "kenya elec")  # typed, never entered nor opened: not kept
        await pilot.press("escape", "q")
        await settle(pilot, lambda: not app.is_running)
    saved = json.loads((tmp_path / "state.json").read_text(encoding="utf-8"))
    assert saved["queries"] == ["pyongyang", "ceasefire"]

    again = make_app()
    async with again.run_test(size=(80, 24)) as pilot:
        screen = browser(again)
        box = screen.search_box
        assert isinstance(again.focused, SearchBox)
        await settle(pilot, lambda: screen.library_items)
        await pilot.press(*keys_for("clim"))  # being typed
        await pilot.press("up")
        assert box.value == "ceasefire" and box.cursor_position == len("ceasefire")
        await settle(pilot, lambda: screen.results_query == "ceasefire")  # a recalled query is searched
        await pilot.press("up")
        assert box.value == "pyongyang"
        await pilot.press("up")  # the oldest: Up stays
        assert box.value == "pyongyang"
        await pilot.press("down")
        assert box.value == "ceasefire"
        await pilot.press("down")  # past the newest: what was being typed
        assert box.value == "clim"
        assert isinstance(again.focused, SearchBox)
        await pilot.press("down")  # not walking the history: Down goes to the results, as before
        await settle(pilot)
        assert isinstance(again.focused, ResultsList)


async def test_a_recalled_query_edited_is_what_is_being_typed(make_app):
    app = make_app()
    app.user_state.queries[:] = ["harbour", "pyongyang"]
    async with app.run_test(size=(80, 24)) as pilot:
        screen = browser(app)
        box = screen.search_box
        await settle(pilot, lambda: screen.library_items)
        await pilot.press("up")
        assert box.value == "pyongyang"
        await pilot.press(*keys_for(" nuclear"))
        await pilot.press("up")  # from the newest again, the edited text kept as the draft
        assert box.value == "pyongyang"
        await pilot.press("down")
        assert box.value == "pyongyang nuclear"
        # Enter keeps it, once: the same query entered again moves to the end, it is not repeated
        await pilot.press("enter")
        await settle(pilot)
        screen.action_focus_search()
        box.value = "harbour"
        await pilot.press("enter")
        await settle(pilot)
        assert app.user_state.queries == ["pyongyang", "pyongyang nuclear", "harbour"]
        # Up right after Enter skips the query the box still shows
        screen.action_focus_search()
        await pilot.press("up")
        assert box.value == "pyongyang nuclear"


# -- the documents read last --------------------------------------------------------------


async def test_the_library_lists_the_documents_read_last_first_across_a_restart(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = browser(app)
        await settle(pilot, lambda: screen.library_items)
        by_date = [item.doc_id for item in screen.library_list.visible_items]
        await open_and_wait(pilot, "notes/meeting.md")
        await open_and_wait(pilot, "climate.txt")
        # Back to the library (an empty query): the two come first, the latest on top
        await search(pilot, "x")
        screen.search_box.value = ""
        await settle(pilot)
        listed = [item.doc_id for item in screen.library_list.visible_items]
        assert listed[:2] == ["climate.txt", "notes/meeting.md"]
        assert sorted(listed) == sorted(by_date)  # every document once
        assert "2 recent first" in str(screen.library_list.query_one("#library-header").render())
        await pilot.press("escape", "q")
        await settle(pilot, lambda: not app.is_running)
    again = make_app()
    async with again.run_test(size=(80, 24)) as pilot:
        screen = browser(again)
        await settle(pilot, lambda: screen.library_items)
        listed = [item.doc_id for item in screen.library_list.visible_items]
        assert listed[:2] == ["climate.txt", "notes/meeting.md"]
        assert screen.library_list.highlighted_item.doc_id == "climate.txt"


# -- bookmarks -------------------------------------------------------------------------------


async def test_bookmarks_are_made_listed_read_and_removed_across_a_restart(make_app, tmp_path):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = browser(app)
        await settle(pilot, lambda: screen.library_items)
        await open_and_wait(pilot, SEED_ID)
        reader = app.query_one(Reader)
        await pilot.press("2", "]")
        first = reader.current_section_id
        await pilot.press("m")
        await pilot.press("m")  # the same section twice: kept once
        assert any(note.startswith("Already bookmarked") for note in notes(app))
        await pilot.press("]")
        second = reader.current_section_id
        assert second != first
        await pilot.press("m")
        # bookmarks are saved as they are made, with the reading positions
        saved = json.loads((tmp_path / "state.json").read_text(encoding="utf-8"))
        (marks,) = saved["bookmarks"].values()
        assert [(mark["doc"], mark["section"]) for mark in marks] == [(SEED_ID, first), (SEED_ID, second)]
        await pilot.press("q")

    again = make_app()
    async with again.run_test(size=(80, 24)) as pilot:
        screen = browser(again)
        await settle(pilot, lambda: screen.library_items)
        await open_and_wait(pilot, "climate.txt")
        await pilot.press("2", "B")
        await settle(pilot, lambda: isinstance(again.screen, BookmarksScreen))
        marks = again.screen
        assert [entry.bookmark.section_id for entry in marks.entries] == [second, first]  # newest first
        assert all(entry.title.startswith("North Korea") and not entry.missing for entry in marks.entries)
        await pilot.press("j", "enter")  # the older one
        await settle(pilot, lambda: screen.current_document.doc_id == SEED_ID)
        reader = again.query_one(Reader)
        assert reader.current_section_id == first
        await pilot.press("backspace")  # Back: where the bookmark was read from
        await settle(pilot, lambda: screen.current_document.doc_id == "climate.txt")
        # ' lists them too; d removes the one under the cursor
        await pilot.press("apostrophe")
        await settle(pilot, lambda: isinstance(again.screen, BookmarksScreen))
        await pilot.press("d")
        assert [entry.bookmark.section_id for entry in again.screen.entries] == [first]
        await pilot.press("escape")
        await settle(pilot, lambda: not isinstance(again.screen, BookmarksScreen))
        await pilot.press("q")
    saved = json.loads((tmp_path / "state.json").read_text(encoding="utf-8"))
    (marks,) = saved["bookmarks"].values()
    assert [mark["section"] for mark in marks] == [first]


async def test_a_bookmark_to_a_document_that_left_the_library_is_missing_and_can_be_removed(make_app, app_corpus):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = browser(app)
        await settle(pilot, lambda: screen.library_items)
        await open_and_wait(pilot, "climate.txt")
        await pilot.press("2", "m")
        await pilot.press("q")
    (app_corpus / "climate.txt").unlink()
    (app_corpus / "climate.meta.json").unlink()
    again = make_app()
    async with again.run_test(size=(80, 24)) as pilot:
        screen = browser(again)
        await settle(pilot, lambda: screen.library_items and "climate.txt" not in {i.doc_id for i in screen.library_items})
        await pilot.press("escape", "B")
        await settle(pilot, lambda: isinstance(again.screen, BookmarksScreen))
        (entry,) = again.screen.entries
        assert entry.missing and entry.title == "Climate Security in the Pacific"  # the title it had
        await pilot.press("enter")  # nothing to read: the list stays and says why
        await settle(pilot)
        assert isinstance(again.screen, BookmarksScreen)
        assert any("no longer in the library" in note for note in notes(again))
        await pilot.press("d")
        assert again.screen.entries == []
        await pilot.press("escape")
        await settle(pilot, lambda: not isinstance(again.screen, BookmarksScreen))
        assert again.user_state.bookmarks_of(again.corpus) == []


async def test_bookmark_titles_are_shown_as_text(make_app, app_corpus):
    (app_corpus / "odd.md").write_text(
        "# [bold red]Loud[/] \x1b[31mtitle\n\nWords.\n\n## [link=x]Part[/link] \x07two\n\nMore words.\n", encoding="utf-8"
    )
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = browser(app)
        await settle(pilot, lambda: "odd.md" in {i.doc_id for i in screen.library_items})
        await open_and_wait(pilot, "odd.md")
        await pilot.press("2", "G", "m", "B")
        await settle(pilot, lambda: isinstance(app.screen, BookmarksScreen))
        from tui.screens.bookmarks import BookmarkList

        shown = str(app.screen.query_one(BookmarkList).get_option_at_index(0).prompt)
        assert "[bold red]Loud[/]" in shown and "[link=x]Part[/link]" in shown
        assert "\x1b" not in shown and "\x07" not in shown


# -- where reading stopped -------------------------------------------------------------------


async def test_resume_opens_the_document_read_last_where_it_was_left(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = browser(app)
        await settle(pilot, lambda: screen.library_items)
        await open_and_wait(pilot, "climate.txt")
        await open_and_wait(pilot, SEED_ID)
        await pilot.press("2", "]", "]")
        reader = app.query_one(Reader)
        section, line = reader.current_section_id, int(reader.scroll_y)
        assert line > 0
        await pilot.press("q")
    again = make_app(resume=True)
    async with again.run_test(size=(80, 24)) as pilot:
        screen = browser(again)
        await settle(pilot, lambda: screen.current_document is not None)
        reader = again.query_one(Reader)
        assert screen.current_document.doc_id == SEED_ID
        assert (reader.current_section_id, int(reader.scroll_y)) == (section, line)
        assert isinstance(again.focused, Reader)
    plain = make_app()  # without --resume the app opens on the library, as always
    async with plain.run_test(size=(80, 24)) as pilot:
        screen = browser(plain)
        await settle(pilot, lambda: screen.library_items)
        assert screen.current_document is None


async def test_resume_with_nothing_read_says_so(make_app):
    app = make_app(resume=True)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = browser(app)
        await settle(pilot, lambda: screen.library_items and notes(app))
        assert screen.current_document is None
        assert "Nothing has been read in this library yet" in notes(app)


# -- a damaged state file ------------------------------------------------------------------


async def test_a_damaged_state_file_starts_the_app_clean(make_app, tmp_path):
    (tmp_path / "state.json").write_text(
        json.dumps({"queries": "not a list", "bookmarks": {"c": [{"section": "no doc"}]}}), encoding="utf-8"
    )
    app = make_app(resume=True)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = browser(app)
        await settle(pilot, lambda: screen.library_items)
        assert any("unreadable" in note for note in notes(app))
        await pilot.press("up")  # no history: nothing happens
        assert screen.search_box.value == ""
        await pilot.press("escape", "B")
        await settle(pilot, lambda: isinstance(app.screen, BookmarksScreen))
        assert app.screen.entries == []
        await pilot.press("escape")
        await open_and_wait(pilot, SEED_ID)
        await pilot.press("2", "m", "q")
    assert list(tmp_path.glob("state.json.corrupt-*")), "the damaged file is set aside"
    saved = json.loads((tmp_path / "state.json").read_text(encoding="utf-8"))
    assert len(next(iter(saved["bookmarks"].values()))) == 1
