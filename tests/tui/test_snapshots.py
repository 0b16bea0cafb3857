"""How the main states look, at 80x24 and 120x40 (SVG snapshots, reviewed by eye).

Timings are hidden (``show_timing=False``) and the cursor does not blink, so the
pictures depend only on the corpus and the keys pressed.
"""

from __future__ import annotations

import pytest

from tests.conftest import SEED_ID

from .conftest import browser, keys_for, search, settle

SIZES = [(80, 24), (120, 40)]


async def _ready(pilot) -> None:
    app = pilot.app
    for widget in app.query("Input"):
        widget.cursor_blink = False
    await settle(pilot, lambda: browser(app).library_items)


async def _quiet(pilot) -> None:
    """No toasts left on screen and no cursor blinking."""
    pilot.app.clear_notifications()
    for widget in pilot.app.query("Input"):
        widget.cursor_blink = False
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_start_shows_the_library(snap_compare, make_app, size):
    async def run_before(pilot):
        await _ready(pilot)
        await _quiet(pilot)

    assert snap_compare(make_app(), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_results_of_a_query(snap_compare, make_app, size):
    async def run_before(pilot):
        await _ready(pilot)
        await search(pilot, "party congress")
        await _quiet(pilot)

    assert snap_compare(make_app(), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_reading_a_hit(snap_compare, make_app, size):
    async def run_before(pilot):
        await _ready(pilot)
        await search(pilot, "party congress")
        await pilot.press("escape", "enter")
        await settle(pilot, lambda: browser(pilot.app).current_document is not None)
        await _quiet(pilot)

    assert snap_compare(make_app(), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_help(snap_compare, make_app, size):
    async def run_before(pilot):
        await _ready(pilot)
        browser(pilot.app).open_document(SEED_ID)
        await settle(pilot, lambda: browser(pilot.app).current_document is not None)
        await pilot.press("question_mark")
        await _quiet(pilot)

    assert snap_compare(make_app(), terminal_size=size, run_before=run_before)


def test_outline_over_the_reader_at_80x24(snap_compare, make_app):
    async def run_before(pilot):
        await _ready(pilot)
        browser(pilot.app).open_document(SEED_ID, query="china")
        await settle(pilot, lambda: browser(pilot.app).current_document is not None)
        await pilot.press("f3")
        await _quiet(pilot)

    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=run_before)


def test_find_in_document_at_120x40(snap_compare, make_app):
    async def run_before(pilot):
        await _ready(pilot)
        browser(pilot.app).open_document(SEED_ID)
        await settle(pilot, lambda: browser(pilot.app).current_document is not None)
        await pilot.press("slash", *keys_for("pressure"), "enter", "n")
        await _quiet(pilot)

    assert snap_compare(make_app(), terminal_size=(120, 40), run_before=run_before)


def test_no_color_keeps_highlights_visible(snap_compare, make_app, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")

    async def run_before(pilot):
        await _ready(pilot)
        await search(pilot, "party congress")
        await pilot.press("escape", "enter")
        await settle(pilot, lambda: browser(pilot.app).current_document is not None)
        await _quiet(pilot)

    assert snap_compare(make_app(), terminal_size=(120, 40), run_before=run_before)


def test_a_hits_other_sections_at_80x24(snap_compare, make_app):
    async def run_before(pilot):
        await _ready(pilot)
        await search(pilot, "kim congress")
        await pilot.press("escape", "right", "l")
        await _quiet(pilot)

    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=run_before)


def test_showing_results_for_a_correction_at_80x24(snap_compare, make_app):
    async def run_before(pilot):
        await _ready(pilot)
        await search(pilot, "pyongyng")
        await pilot.press("escape")
        await _quiet(pilot)

    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=run_before)
