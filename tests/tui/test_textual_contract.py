"""What the app relies on in Textual beyond its plain public API, checked on the installed Textual.

``ReadingRoom.call_after_frame`` (the benchmark's ``paint`` and ``results`` marks, and
the moment the rest of a search may follow its first hits) runs its callbacks from
``App.post_display_hook``: public, and documented as "called immediately after a
display is done". It skips a display made inside a batch update, which sends nothing
to the terminal, by reading ``App._batch_count``: Textual 8.2 has no public way to
ask whether a batch is open. If an upgrade changes either, these tests fail and say
which; without them the marks would silently move or never come, and the rest of
every result would wait its full time-out.
"""

from __future__ import annotations

import inspect

from textual.app import App, ComposeResult
from textual.strip import Strip
from textual.widget import Widget

from .conftest import browser, hand_frames_to_the_driver, settle


class _Probe(Widget):
    """A one-line widget that notes each frame it is drawn in."""

    DEFAULT_CSS = "_Probe { height: 1; }"

    def __init__(self, events: list[str]) -> None:
        super().__init__()
        self.events = events

    def render_line(self, y: int) -> Strip:
        self.events.append("drawn")
        return Strip.blank(self.size.width)


class _Watched(App):
    def __init__(self) -> None:
        super().__init__()
        self.events: list[str] = []

    def compose(self) -> ComposeResult:
        yield _Probe(self.events)

    def post_display_hook(self) -> None:
        self.events.append("hook")


def test_textual_still_has_the_members_the_app_relies_on():
    assert "post_display_hook" in vars(App), "Textual no longer defines App.post_display_hook: see ReadingRoom.call_after_frame"
    assert list(inspect.signature(App.post_display_hook).parameters) == ["self"], (
        "App.post_display_hook takes arguments now: ReadingRoom.post_display_hook must follow"
    )
    batch_count = getattr(App(), "_batch_count", None)
    assert batch_count == 0, "Textual no longer counts open batch updates in App._batch_count: see ReadingRoom.post_display_hook"


async def test_post_display_hook_runs_after_each_frame_is_handed_to_the_terminal(monkeypatch):
    """Every frame that draws a widget is written to the terminal, and the hook runs
    after that write and before the next frame is drawn."""
    app = _Watched()
    hand_frames_to_the_driver(monkeypatch, lambda: app.events.append("written"))
    async with app.run_test(size=(40, 3)) as pilot:
        probe = app.query_one(_Probe)
        for _ in range(3):
            probe.refresh()
            await pilot.pause()
    events = app.events
    frames = [i for i, event in enumerate(events) if event == "drawn"]
    assert len(frames) >= 3, events
    for frame, following in zip(frames, frames[1:] + [len(events)]):
        between = events[frame:following]
        assert "written" in between, f"a frame was drawn but not written: {events}"
        written = between.index("written")
        assert "hook" in between[written:], f"post_display_hook did not run after a frame was written: {events}"
        assert "hook" not in between[:written], f"post_display_hook ran before the frame was written: {events}"


async def test_batch_updates_are_counted_where_the_app_reads_them():
    app = _Watched()
    async with app.run_test(size=(40, 3)) as pilot:
        await pilot.pause()
        assert app._batch_count == 0
        with app.batch_update():
            assert app._batch_count == 1
            with app.batch_update():
                assert app._batch_count == 2
        assert app._batch_count == 0


async def test_what_waits_for_a_frame_waits_out_a_batch_update(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, lambda: browser(app).library_items)
        ran: list[str] = []
        with app.batch_update():
            app.call_after_frame(lambda: ran.append("after frame"))
            app.post_display_hook()  # a display inside the batch: nothing reached the terminal
            assert ran == []
        browser(app).refresh()
        await settle(pilot, lambda: ran)
        assert ran == ["after frame"]
