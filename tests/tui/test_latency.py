"""What keeps a typed query's results quick to appear, checked as behaviour.

The benchmark (tests/bench) measures the time; these pin the mechanisms it relies
on, so that a change that undoes one fails here rather than as a slower figure.
"""

from __future__ import annotations

import gc

from textual.widget import Widget

from tui.widgets.results import ResultsList
from tui.widgets.search_box import SearchBox

from .conftest import browser, hand_frames_to_the_driver, keys_for, settle


async def test_the_collector_waits_from_the_key_to_the_drawn_results(make_app, monkeypatch):
    app = make_app()
    seen = []
    original_finished = browser_screen_class().on_search_finished

    def on_search_finished(self, message):
        seen.append(("results arrive", gc.isenabled()))
        original_finished(self, message)

    monkeypatch.setattr(browser_screen_class(), "on_search_finished", on_search_finished)
    assert gc.isenabled()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = browser(app)
        await settle(pilot, lambda: screen.library_items)
        await pilot.press(*keys_for("pyongyang"))
        await settle(pilot, lambda: screen.results_query == "pyongyang")
        seen.append(("results drawn", gc.isenabled()))
        # An emptied box lets it go too (no search is coming).
        screen._collector.hold()
        assert not gc.isenabled()
        screen.search_box.value = ""
        await settle(pilot)
        seen.append(("box emptied", gc.isenabled()))
    assert ("results arrive", False) in seen
    assert ("results arrive", True) not in seen
    assert seen[-2:] == [("results drawn", True), ("box emptied", True)]
    assert gc.isenabled()


def browser_screen_class():
    from tui.screens.browser import BrowserScreen

    return BrowserScreen


async def test_results_are_marked_shown_only_after_the_frame_that_draws_them(make_app, monkeypatch, tmp_path):
    """The ``results`` trace (and the release of the rest of a result) waits for the
    frame with the new list in it to go out, not for the screen to be merely idle."""
    monkeypatch.setenv("READINGROOM_TRACE", str(tmp_path / "trace"))
    app = make_app()
    events: list[str] = []
    original_show, original_render = ResultsList.show_result, ResultsList.render_lines

    def show_result(self, result, **kwargs):
        events.append("list filled")
        return original_show(self, result, **kwargs)

    def render_lines(self, crop):
        events.append("list drawn")
        return original_render(self, crop)

    monkeypatch.setattr(ResultsList, "show_result", show_result)
    monkeypatch.setattr(ResultsList, "render_lines", render_lines)
    original_trace = app.trace

    def trace(event):
        events.append(f"trace {event}")
        original_trace(event)

    hand_frames_to_the_driver(monkeypatch, lambda: events.append("frame out"))
    app.trace = trace
    async with app.run_test(size=(120, 40)) as pilot:
        screen = browser(app)
        await settle(pilot, lambda: screen.library_items)
        events.clear()
        await pilot.press(*keys_for("pyongyang"))
        await settle(pilot, lambda: screen.results_query == "pyongyang")
    first = events.index("trace results")
    filled = max(i for i, event in enumerate(events[:first]) if event == "list filled")
    after = events[filled:first]
    assert "list drawn" in after
    assert "frame out" in after[after.index("list drawn"):]


async def test_typing_in_the_search_box_repaints_it_without_laying_out_the_screen(make_app, monkeypatch):
    app = make_app()
    layouts = []
    original_refresh = Widget.refresh

    def refresh(self, *regions, layout=False, **kwargs):
        if layout and isinstance(self, SearchBox):
            layouts.append(self.value)
        return original_refresh(self, *regions, layout=layout, **kwargs)

    monkeypatch.setattr(Widget, "refresh", refresh)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = browser(app)
        await settle(pilot, lambda: screen.library_items)
        layouts.clear()
        await pilot.press(*keys_for("north korea"))
        await settle(pilot)
        assert layouts == []
        # Longer than the box: it still scrolls to keep the cursor in view. (Its
        # scroll bar state changes once, when the text first overflows: one layout.)
        await pilot.press(*keys_for(" sanctions and the party congress"))
        await settle(pilot)
        box = screen.search_box
        assert box.virtual_size.width > box.content_size.width
        assert box.scroll_x > 0
    assert len(layouts) <= 1
