"""A seeded random-key test ("monkey"): thousands of keys typed fast, and the app lives.

Keys arrive as they do over SSH, several at once: each burst is handed to the
driver in one go, without waiting for the screen between keys; only between
bursts does the test let the app catch up. Every burst starts from a place
chosen in turn (the library, the results, the reader, the outline, the related
pane, the palette, help, the skipped files, the filter picker, the find bar) and
goes on at random from there, so every screen, pane, modal and the palette gets
its share of junk at 80x24 and at 40x15.

What is kept out, and why:

- ``q`` and ``ctrl+q`` quit (that is their job) and ``ctrl+c`` asks to quit; they
  are not in the key set. Textual's own "Quit" and "Screenshot" palette commands
  (a random Enter in the palette can run them) are left out of the palette by
  ``MonkeyRoom`` below: the first ends the app on purpose, the second writes files.
- ``e`` (edit) and ``o`` (open the URL) stay in. They are neutralised with real,
  harmless programs: ``EDITOR``, ``VISUAL`` and ``BROWSER`` are ``true``, and no
  ``DISPLAY`` / ``WAYLAND_DISPLAY`` is set, so no graphical browser is tried.
  Under Pilot the headless driver cannot suspend, so the app says "Cannot hand
  the terminal over here" instead of running even those.

The seed is printed in every failure message; ``READINGROOM_MONKEY_SEED`` replays
another one.
"""

from __future__ import annotations

import os
import random
import time
from pathlib import Path

import pytest

from tests.conftest import SEED_ID

from .conftest import browser, send_burst, settle

pytestmark = pytest.mark.stress

SEED = int(os.environ.get("READINGROOM_MONKEY_SEED", "20261202"))
KEYS_PER_RUN = 1250
SIZES = [(80, 24), (40, 15)]
RUNS = [(size, part) for size in SIZES for part in (1, 2)]  # 5,000 keys in all, in four tests that can run side by side

# (key name, character) as a terminal's driver reports them.
KEYS = (
    [(letter, letter) for letter in "abcdefghijklmnoprstuvwxyz"]
    + [(letter, letter) for letter in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"]
    + [(digit, digit) for digit in "0123456789"]
    + [
        ("enter", "\r"), ("escape", "\x1b"), ("tab", "\t"), ("shift+tab", None),
        ("up", None), ("down", None), ("left", None), ("right", None),
        ("pageup", None), ("pagedown", None), ("home", None), ("end", None),
        ("backspace", "\x7f"), ("delete", None),
        ("f1", None), ("f2", None), ("f3", None), ("f4", None),
        ("ctrl+p", None), ("ctrl+d", None), ("ctrl+u", None),
        ("slash", "/"), ("question_mark", "?"), ("space", " "),
        ("right_square_bracket", "]"), ("left_square_bracket", "["),
        ("colon", ":"), ("quotation_mark", '"'), ("asterisk", "*"), ("minus", "-"),
    ]
)
# Keys a user presses most, given more weight: motion, paging, escape, enter, the palette.
HOT = [("pagedown", None), ("pageup", None), ("down", None), ("up", None), ("enter", "\r"),
       ("escape", "\x1b"), ("tab", "\t"), ("ctrl+p", None)]

# Where a burst starts: keys typed (and then waited for) to get there.
PLACES = {
    "library": [],  # focused below, as a click on the library list does
    "results": [],  # a search, then the results focused, below
    "reader": ["escape", "1", "enter", "2"],
    "outline": ["escape", "1", "enter", "3"],
    "related": ["escape", "1", "enter", "4"],
    "palette": ["ctrl+p"],
    "palette, typed": ["ctrl+p", "g", "o"],
    "help": ["f1"],
    "skipped files": [],  # opened below as the palette's "Skipped files" command runs it
    "filter picker": [],  # opened below as the library's f opens it
    "find bar": ["escape", "1", "enter", "2", "slash"],
}
CHARACTERS = {"escape": "\x1b", "enter": "\r", "slash": "/", **{c: c for c in "0123456789abcdefghijklmnopqrstuvwxyz"}}


def monkey_room():
    import tui.app
    from tui.app import ReadingRoom

    class MonkeyRoom(ReadingRoom):
        """The app, without the two palette commands that end it or write files."""

        # The app's style sheets, found beside the app (a relative CSS_PATH is read
        # beside the module that defines the class: this one).
        CSS_PATH = [Path(tui.app.__file__).parent / path for path in ReadingRoom.CSS_PATH]

        def get_system_commands(self, screen):
            for command in super().get_system_commands(screen):
                if command.title not in ("Quit", "Screenshot"):
                    yield command

    return MonkeyRoom


def failures(app) -> list[str]:
    """Toasts saying a worker raised (the browser turns an exception into one)."""
    return [n.message for n in app._notifications if n.title == "Something went wrong"]


async def back_to_the_browser(pilot) -> None:
    """Escape out of whatever is open (palette, help, a modal), as a user does."""
    app = pilot.app
    for _ in range(20):
        if len(app.screen_stack) == 1:
            return
        send_burst(app, [("escape", "\x1b")])
        await pilot.pause()
    raise AssertionError(f"Escape did not lead back to the browser: {[type(s).__name__ for s in app.screen_stack]}")


def screen_name(app) -> str:
    return type(app.screen).__name__


@pytest.fixture
def harmless_programs(monkeypatch):
    for name in ("EDITOR", "VISUAL", "BROWSER"):
        monkeypatch.setenv(name, "true")
    for name in ("DISPLAY", "WAYLAND_DISPLAY"):
        monkeypatch.delenv(name, raising=False)


@pytest.mark.parametrize("size, part", RUNS, ids=[f"{w}x{h}-{part}" for (w, h), part in RUNS])
async def test_thousands_of_random_keys_typed_fast_never_end_the_app(size, part, app_corpus, tmp_path, harmless_programs):
    (app_corpus / "picture.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))  # something skipped
    app = monkey_room()(
        [str(app_corpus)],
        index_dir=str(tmp_path / "index"),
        state_path=tmp_path / "state.json",
        keymap_path=tmp_path / "keymap.toml",
        show_timing=False,
    )
    rng = random.Random(f"{SEED}-{size}-{part}")
    seen_screens: set[str] = set()
    seen_focus: set[str] = set()
    started = time.monotonic()
    async with app.run_test(size=size) as pilot:
        screen = browser(app)
        await settle(pilot, lambda: screen.library_items)
        sent = 0
        places = list(PLACES)
        burst_number = 0
        while sent < KEYS_PER_RUN:
            place = places[burst_number % len(places)]
            burst_number += 1
            # Back to the browser as a user gets there (Escape), then to the burst's place.
            await back_to_the_browser(pilot)
            if place == "skipped files":
                screen.action_show_skipped()
                await settle(pilot, lambda: screen_name(app) == "SkippedScreen")
            if place == "results":
                # The query is put in the box, not typed: typed after a burst, its
                # letters may reach whatever the burst left focused (a pane
                # appearing at 80x24 takes the focus a moment later).
                screen.action_focus_search()
                screen.search_box.value = "ceasefire OR korea OR climate"
                await settle(pilot, lambda: screen.results_query == "ceasefire OR korea OR climate")
                screen.action_focus_search()
                await pilot.pause()
                seen_focus.add(type(app.focused).__name__)
                send_burst(app, [rng.choice(KEYS) for _ in range(8)])  # typed fast into the search box
                await pilot.pause()
                screen.results.focus()
                await settle(pilot)  # (the eight keys may have opened the palette or a hit: no given focus)
            if place == "library":
                from textual.widgets import ContentSwitcher

                from tui.widgets.library_list import LibraryRows

                screen.search_box.value = ""  # an empty query shows the library, as a user clears the box
                switcher = screen.query_one("#left-switcher", ContentSwitcher)
                await settle(pilot, lambda: switcher.current == "library")
                rows = screen.query_one(LibraryRows)
                rows.focus()
                await settle(pilot, lambda: app.focused is rows)
            if place == "filter picker":
                from tui.widgets.library_list import LibraryList

                screen.query_one(LibraryList).action_pick_filter()
                await settle(pilot, lambda: screen_name(app) == "LibraryFilterPicker")
            # The way there is typed a key at a time, each waited for (an opened
            # document, say), so that every burst starts where it is meant to.
            for key in PLACES[place]:
                send_burst(app, [(key, CHARACTERS.get(key))])
                sent += 1
                await settle(pilot)
            seen_screens.add(screen_name(app))
            if app.focused is not None:
                seen_focus.add(type(app.focused).__name__)
            burst = [rng.choice(HOT) if rng.random() < 0.3 else rng.choice(KEYS) for _ in range(rng.randint(16, 48))]
            send_burst(app, burst)
            sent += len(burst)
            await pilot.pause()
            seen_screens.add(screen_name(app))
            if app.focused is not None:
                seen_focus.add(type(app.focused).__name__)
            if app.focused is not None:
                seen_focus.add(type(app.focused).__name__)
            context = f"seed {SEED}, size {size}, part {part}, burst {burst_number} from {place}: {[key for key, _ in burst]}"
            assert app.is_running and app.return_code is None, context
            assert not failures(app), (context, failures(app))
        # Still answering: back on the browser, a search gets its hit and a hit opens.
        # The last burst's keys may still be on their way (a document it opened is
        # loading, then takes the focus): settle before and after going back, and
        # put the query in the box rather than typing it, so no key lands elsewhere.
        for _ in range(5):
            await settle(pilot)
            await back_to_the_browser(pilot)
            await settle(pilot)
            if len(app.screen_stack) == 1:
                break
        screen.action_focus_search()
        screen.search_box.value = "ceasefire"
        await settle(pilot, lambda: screen.results_query == "ceasefire")
        assert "page.html" in [hit.doc_id for hit in screen.results.hits]
        screen.open_document(SEED_ID)
        await settle(pilot, lambda: screen.current_document is not None and screen.current_document.doc_id == SEED_ID)
        assert app.is_running
    assert app.return_code in (None, 0)
    elapsed = time.monotonic() - started
    # Every place was reached, so the keys went where they were meant to.
    for name in ("BrowserScreen", "Palette", "HelpScreen", "SkippedScreen", "LibraryFilterPicker"):
        assert name in seen_screens, (name, seen_screens)
    for name in ("LibraryRows", "ResultsList", "Reader", "Outline", "RelatedPane", "SearchBox", "CommandInput"):
        assert name in seen_focus, (name, seen_focus)
    print(f"{sent} keys at {size[0]}x{size[1]}: {elapsed:.1f} s")  # not asserted: the machine may be loaded
