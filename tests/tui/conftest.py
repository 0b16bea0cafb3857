"""The real app on a real corpus and index on disk, driven with Pilot."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from textual.drivers.headless_driver import HeadlessDriver

from tests.conftest import SEED_ID, SEEDS, write_library
from tests.waiting import wait_for_workers


@pytest.fixture
def app_corpus(tmp_path) -> Path:
    corpus = write_library(tmp_path / "corpus")
    for name in (SEED_ID, SEED_ID.replace(".txt", ".meta.json")):
        shutil.copy(SEEDS / name, corpus / name)
    return corpus


@pytest.fixture
def make_app(app_corpus, tmp_path):
    """A ReadingRoom with its own index, state and keymap files; nothing is shared."""

    def make(query: str | None = None, paths=None, **kwargs):
        from tui.app import ReadingRoom

        kwargs.setdefault("show_timing", False)
        return ReadingRoom(
            [str(p) for p in (paths or [app_corpus])],
            index_dir=str(tmp_path / "index"),
            query=query,
            state_path=tmp_path / "state.json",
            keymap_path=tmp_path / "keymap.toml",
            **kwargs,
        )

    return make


async def settle(pilot, condition=None, attempts: int = 200) -> None:
    """Wait for workers and the message queue, until ``condition`` holds.

    Waits on events (workers finishing, messages processed), never on a fixed
    sleep; the loop bound only keeps a broken test from hanging.
    """
    app = pilot.app
    for _ in range(attempts):
        await wait_for_workers(app)
        await pilot.pause()
        if condition is None or condition():
            await wait_for_workers(app)
            await pilot.pause()
            return
        await pilot.pause(0.02)
    raise AssertionError("the app did not reach the expected state")


def browser(app):
    from tui.screens.browser import BrowserScreen

    return next(s for s in app.screen_stack if isinstance(s, BrowserScreen))


def keys_for(text: str) -> list[str]:
    return ["space" if ch == " " else ch for ch in text]


async def search(pilot, text: str) -> None:
    """Type a query and wait until its results are on screen."""
    screen = browser(pilot.app)
    screen.action_focus_search()
    await pilot.pause()
    screen.search_box.value = ""
    await pilot.press(*keys_for(text))
    await settle(pilot, lambda: screen.results_query == text)


def hand_frames_to_the_driver(monkeypatch, on_write) -> None:
    """Let the headless driver receive each frame as a terminal's driver does, and
    call ``on_write`` when it does: the moment a frame goes to the terminal.

    (Headless, Textual renders frames but never hands them over.)
    """
    monkeypatch.setattr(HeadlessDriver, "is_headless", property(lambda self: False))
    monkeypatch.setattr(HeadlessDriver, "write", lambda self, data: on_write())


def send_burst(app, keys) -> None:
    """Hand every key, (name, character) pairs, to the driver at once, as a terminal's bytes arrive over SSH."""
    from textual import events

    driver = app._driver
    for key, character in keys:
        event = events.Key(key, character)
        event.set_sender(app)
        driver.send_message(event)
