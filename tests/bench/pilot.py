"""The app driven in-process with Textual's Pilot: typing latency and memory while searching.

Keystroke to results: the time from the last key of a query reaching the app to the
results of that query being on screen. It includes handling the key, the search
box's debounce, the search worker and the refresh that draws the list: what a user
waits for after the last letter.

The clock does not start when ``pilot.press`` returns: Pilot waits until the process
is idle after every key (at least two 20 ms sleeps, and as long as a thread is busy),
so by then the search has usually run and the figure would be Pilot's own waiting.
Instead the first keys are typed with ``pilot.press``, the app is left to settle,
and the last key is posted as a ``Key`` event with the clock started just before.
The clock stops once the frame that draws the results has been handed to the
terminal (``ResultsList.when_drawn``), not after another ``pilot.pause()``, which
would add its own 20 ms sleep. Not in a ``call_after_refresh`` callback either: that
runs when the screen has nothing pending, which can be before the list's update has
reached the screen (too early) or a frame after the one that showed the results
(8-30 ms too late); both were seen. The hook is set from the app's own results
handler (wrapped here, ``_hook_results``): the harness does not poll, since a loop waking
every half millisecond in the app's thread takes the interpreter from the search
thread and made searches in the app measure two to three times slower than alone.
"""

from __future__ import annotations

import asyncio
import tempfile
import time
import unicodedata
from pathlib import Path

from tests.bench.measure import current_rss_mb, summary
from tests.waiting import wait_for_workers

SIZE = (120, 40)
READY_TIMEOUT = 300.0  # listing 50,000 documents and checking the files takes a while
RESULT_TIMEOUT = 10.0
SETTLE = 0.05  # longer than the search box's debounce: the prefix's search has started by then
_waiting: dict[str, asyncio.Future] = {}  # query -> the future its results on screen resolve
TYPED_CATEGORIES = ("common", "rare", "two_words", "phrase")


def keys_for(text: str) -> list[str]:
    return ["space" if ch == " " else ch for ch in text]


def typed_queries(count: int, categories: tuple[str, ...] | None = TYPED_CATEGORIES) -> list[str]:
    """The first ``count`` queries of the mix in those categories (all if None), in mix order."""
    from tests.bench.steps import query_mix

    return [q for c, q in query_mix() if categories is None or c in categories][:count]


def _app(corpus: str, index: str, scratch: Path):
    from tui.app import ReadingRoom

    return ReadingRoom(
        [corpus],
        index_dir=index,
        state_path=scratch / "state.json",
        keymap_path=scratch / "keymap.toml",
    )


def _browser(app):
    from tui.screens.browser import BrowserScreen

    return next(s for s in app.screen_stack if isinstance(s, BrowserScreen))


async def _settle(pilot, condition, timeout: float) -> None:
    """Wait for workers and messages until ``condition`` holds (bounded by ``timeout``)."""
    app = pilot.app
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        await wait_for_workers(app)
        await pilot.pause()
        if condition():
            await wait_for_workers(app)
            await pilot.pause()
            return
        await pilot.pause(0.02)
    raise TimeoutError("the app did not reach the expected state")


async def _ready(pilot) -> object:
    """The browser screen, once the library is listed and the start-up sync has finished."""
    await _settle(pilot, lambda: bool(_browser(pilot.app).library_items), READY_TIMEOUT)
    return _browser(pilot.app)


async def _clear(pilot, screen) -> None:
    """Focus the search box and empty it, waiting until the library list is back."""
    from textual.widgets import ContentSwitcher

    screen.action_focus_search()
    await pilot.pause()
    screen.search_box.value = ""
    switcher = screen.query_one("#left-switcher", ContentSwitcher)
    await _settle(pilot, lambda: switcher.current == "library" and not screen.results_query, RESULT_TIMEOUT)


def key_event(character: str):
    """The ``Key`` event a terminal sends for one typed character (as Pilot builds it)."""
    from textual import events

    if character.isalnum():
        return events.Key(character, character)
    name = unicodedata.name(character).lower().replace("-", "_").replace(" ", "_")  # " " -> "space"
    return events.Key(name, character)


async def _idle(pilot) -> None:
    """Let the app finish what the keys so far started: debounce, search worker, refresh."""
    await pilot.pause()
    await asyncio.sleep(SETTLE)
    await wait_for_workers(pilot.app)
    await pilot.pause()


def _hook_results() -> None:
    """Make the browser's results handler stop the clock of a query someone waits for."""
    from tui.screens.browser import BrowserScreen

    if getattr(BrowserScreen, "_bench_hooked", False):
        return
    handler = BrowserScreen.on_search_finished

    def on_search_finished(self, message) -> None:
        handler(self, message)
        waiter = _waiting.get(self.results_query)
        if waiter is not None and not waiter.done():
            self.results.when_drawn(lambda: waiter.done() or waiter.set_result(time.perf_counter()))

    BrowserScreen.on_search_finished = on_search_finished
    BrowserScreen._bench_hooked = True


async def type_query(pilot, screen, query: str) -> float | None:
    """Type ``query``; seconds from its last key reaching the app to its results on screen."""
    app = pilot.app
    _hook_results()
    await _clear(pilot, screen)
    if len(query) > 1:
        await pilot.press(*keys_for(query[:-1]))
        await _idle(pilot)
    shown = asyncio.get_running_loop().create_future()
    _waiting[query] = shown
    t0 = time.perf_counter()
    app.post_message(key_event(query[-1]))
    try:
        t1 = await asyncio.wait_for(shown, RESULT_TIMEOUT)
    except asyncio.TimeoutError:
        return None
    finally:
        _waiting.pop(query, None)
    await _idle(pilot)
    return t1 - t0


async def _keystrokes(corpus: str, index: str, scratch: Path, count: int) -> dict:
    app = _app(corpus, index, scratch)
    rows = []
    async with app.run_test(size=SIZE) as pilot:
        screen = await _ready(pilot)
        listed_rss = current_rss_mb()
        for query in typed_queries(count):
            seconds = await type_query(pilot, screen, query)
            rows.append({"query": query, "ms": None if seconds is None else round(seconds * 1000, 3)})
    times = [row["ms"] for row in rows if row["ms"] is not None]
    from textual.constants import MAX_FPS

    return {
        "queries": len(rows),
        "max_fps": MAX_FPS,  # the frame rate the app drew at: tui sets it before Textual is imported
        "timed_out": sum(1 for row in rows if row["ms"] is None),
        "timing": summary(times),
        "rss_after_listing_mb": listed_rss,
        "rows": rows,
    }


def measure_keystrokes(corpus: str, index: str, work: Path, count: int = 40) -> dict:
    """Last key press to results on screen for ``count`` typed queries (word, two-word, phrase)."""
    work.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=work, prefix="pilot-") as scratch:
        return asyncio.run(_keystrokes(corpus, index, Path(scratch), count))


async def _open_first_hit(pilot, screen) -> bool:
    """Escape to the results, Enter on the first hit; wait until the reader shows a document."""
    before = screen.current_document
    await pilot.press("escape", "enter")
    try:
        await _settle(pilot, lambda: screen.current_document is not None and screen.current_document is not before, RESULT_TIMEOUT)
    except TimeoutError:
        return False
    return True


async def _memory(corpus: str, index: str, scratch: Path, queries: int, opens: int) -> dict:
    app = _app(corpus, index, scratch)
    typed, opened, timings = 0, 0, []
    async with app.run_test(size=SIZE) as pilot:
        screen = await _ready(pilot)
        listed_rss = current_rss_mb()
        mix = typed_queries(queries, categories=None)
        every = max(1, len(mix) // (opens + 1))
        for number, query in enumerate(mix):
            seconds = await type_query(pilot, screen, query)
            typed += 1
            if seconds is not None:
                timings.append(seconds * 1000)
            # Open a hit every few queries; a query without hits passes its turn on.
            due = opened < opens and number >= every * (opened + 1) - 1
            if due and seconds is not None and screen.results.hits:
                opened += await _open_first_hit(pilot, screen)
        end_rss = current_rss_mb()
    return {
        "queries": typed,
        "opened": opened,
        "keystroke_timing": summary(timings),
        "rss_after_listing_mb": listed_rss,
        "rss_at_end_mb": end_rss,
    }


def measure_app_memory(corpus: str, index: str, work: Path, queries: int = 30, opens: int = 5) -> dict:
    """Type ``queries`` queries of the mix and open ``opens`` hits; the step reports peak RSS."""
    work.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=work, prefix="pilot-") as scratch:
        return asyncio.run(_memory(corpus, index, Path(scratch), queries, opens))
