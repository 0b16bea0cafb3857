"""Keys typed before the screen has caught up go where the user sent them.

Over SSH, Enter and the next keys arrive together: the document opened by Enter
loads after the user has already pressed ``s`` and started typing, and the
message of an Escape in the search box may arrive after ``s`` brought the focus
back. Neither may move the focus away from where the user put it last.
"""

from __future__ import annotations

from tests.conftest import SEED_ID
from tui.widgets.search_box import SearchBox

from ..conftest import browser, send_burst, settle


async def test_a_document_that_loads_late_does_not_take_the_focus_from_the_search_box(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = browser(app)
        await settle(pilot, lambda: screen.library_items)
        screen.library_list.focus()
        await pilot.pause()
        # Enter on a document, then ``s`` before it has loaded: nothing runs between the two.
        screen.open_document(SEED_ID)
        screen.action_focus_search()
        await settle(pilot, lambda: screen.current_document is not None)
        assert screen.current_document.doc_id == SEED_ID
        assert isinstance(app.focused, SearchBox)
        await pilot.press("k", "o")
        assert screen.search_box.value == "ko"


async def test_a_document_opened_from_a_list_takes_the_focus_when_the_user_waited(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = browser(app)
        await settle(pilot, lambda: screen.library_items)
        screen.library_list.focus()
        await pilot.pause()
        screen.open_document(SEED_ID)
        await settle(pilot, lambda: screen.current_document is not None)
        assert app.focused is screen.reader


async def test_an_escape_from_an_earlier_stay_in_the_search_box_does_not_move_the_focus(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = browser(app)
        await settle(pilot, lambda: screen.library_items)
        screen.action_focus_search()
        await settle(pilot, lambda: isinstance(app.focused, SearchBox))
        box = screen.search_box
        box.post_message(SearchBox.Left(box.visit - 1))  # the Escape of the stay before this one
        await settle(pilot)
        assert isinstance(app.focused, SearchBox)
        box.post_message(SearchBox.Left(box.visit))  # this stay's Escape
        await settle(pilot, lambda: not isinstance(app.focused, SearchBox))


def _burst(app, keys) -> None:
    send_burst(app, [(key, key if len(key) == 1 else None) for key in keys])


async def test_editing_keys_typed_together_apply_in_order_in_the_search_box(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = browser(app)
        await settle(pilot, lambda: screen.library_items)
        screen.action_focus_search()
        await settle(pilot, lambda: isinstance(app.focused, SearchBox))
        _burst(app, ["z", "e", "b", "r", "a", "backspace", "backspace", "backspace", "k", "o", "left", "left", "x", "end", "y"])
        await settle(pilot, lambda: screen.search_box.value == "zexkoy")
        assert screen.search_box.value == "zexkoy"


async def test_editing_keys_typed_together_apply_in_order_in_the_find_bar(make_app):
    from tui.widgets.find_bar import FindBar

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = browser(app)
        await settle(pilot, lambda: screen.library_items)
        screen.open_document(SEED_ID)
        await settle(pilot, lambda: screen.current_document is not None)
        await pilot.press("slash")
        await settle(pilot, lambda: isinstance(app.focused, FindBar))
        _burst(app, ["k", "o", "r", "x", "backspace", "e", "a"])
        await settle(pilot, lambda: app.focused.value == "korea")
        assert app.focused.value == "korea"


async def _reading(pilot, app):
    screen = browser(app)
    await settle(pilot, lambda: screen.library_items)
    screen.open_document(SEED_ID)
    await settle(pilot, lambda: screen.current_document is not None and app.focused is screen.reader)
    return screen


async def test_a_find_typed_in_one_burst_goes_to_the_find_bar(make_app):
    from tui.widgets.find_bar import FindBar

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _reading(pilot, app)
        top = screen.reader.scroll_y
        # ``/`` and the word arrive together: none of the letters is a reader command
        # (``n`` would jump to a match, ``G`` to the end).
        _burst(app, ["slash", "x", "n", "G", "q"])
        await settle(pilot, lambda: isinstance(app.focused, FindBar) and app.focused.value == "xnGq")
        assert app.focused.value == "xnGq"
        await settle(pilot, lambda: screen.reader.find_text == "xnGq")
        assert screen.reader.scroll_y == top  # found nowhere: the reader stayed where it was


async def test_a_new_query_typed_in_one_burst_from_the_reader_replaces_the_old_one(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _reading(pilot, app)
        screen.search_box.value = "okapi"
        # ``s``, Ctrl+U (clear the line) and a word, as a shell user types them.
        _burst(app, ["s", "ctrl+u", "k", "o", "r", "e", "a"])
        await settle(pilot, lambda: isinstance(app.focused, SearchBox) and screen.search_box.value == "korea")
        assert screen.search_box.value == "korea"


async def test_in_the_search_box_the_keys_that_move_the_focus_are_letters(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _reading(pilot, app)
        screen.action_focus_search()
        await settle(pilot, lambda: isinstance(app.focused, SearchBox))
        screen.search_box.value = ""
        # In the search box the digits and ``s`` are letters of the query.
        send_burst(app, [("s", "s"), ("2", "2"), ("slash", "/")])
        await settle(pilot, lambda: screen.search_box.value == "s2/")
        assert isinstance(app.focused, SearchBox)
