"""The app under things going wrong: nasty queries, a damaged state file, quitting mid-sync.

Each test drives the real app with Pilot on a real corpus and index in tmp_path.
"""

from __future__ import annotations

import json
import time

import pytest
from textual import events
from textual.widgets import ProgressBar

from search import Library
from tests.bench.corpus import generate
from tests.conftest import SEED_ID
from tui.state import UserState

from .conftest import browser, keys_for, search, settle


def result_lines(screen) -> list[str]:
    results = screen.results
    return [str(results.get_option_at_index(i).prompt) for i in range(results.option_count)]


def failures(app) -> list[str]:
    """Toasts saying a worker raised (the browser turns an exception into one)."""
    return [n.message for n in app._notifications if n.title == "Something went wrong"]


# -- nasty queries ---------------------------------------------------------------------


LONG_PASTE = " ".join(["ceasefire", "monitoring", "verification", "patrols", '"line'] * 200)[:5000]
NASTY = [
    # (how it arrives, text, the first hit or None, a line the results pane must show)
    ("typed", '"north korea', SEED_ID, "Unbalanced quote ignored"),
    ("typed", "((ceasefire", "page.html", "1 result"),
    ("typed", "date:2024-13-45", None, "Not a date: '2024-13-45'"),
    ("typed", "foo:bar ceasefire", "page.html", "No field foo:"),
    ("pasted", "\x1b[2J\x1b]52;c;cHduZWQ=\x07ceasefire\x00\x08\u202e", "page.html", "1 result"),
    ("pasted", LONG_PASTE, "page.html", "Query cut to its first 1,000 characters"),
    ("pasted", 'AND OR NOT ( ) " * ? ~ ^ : [ ] { } TO ' * 130, None, "Query cut to its first 1,000 characters"),
]


async def test_nasty_queries_in_the_search_box_get_an_answer_and_the_app_stays_usable(make_app):
    """Typed and pasted junk gets hits or a message in the results pane, and the app
    goes on working: a normal search and opening a hit still work after it."""
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = browser(app)
        await settle(pilot, lambda: screen.library_items)
        for how, text, first_hit, line in NASTY:
            screen.action_focus_search()
            await pilot.pause()
            screen.search_box.value = ""
            started = time.monotonic()
            if how == "typed":
                await pilot.press(*keys_for(text))
            else:
                app.post_message(events.Paste(text))  # as the terminal delivers a bracketed paste
            await settle(pilot, lambda: screen.search_box.value == text and screen.results_query == text)
            assert time.monotonic() - started < 10, f"{text[:40]!r}: no answer in time"
            hits = [hit.doc_id for hit in screen.results.hits]
            assert (hits[0] if hits else None) == first_hit, (text[:40], hits[:3])
            assert any(line in shown for shown in result_lines(screen)), (text[:40], result_lines(screen)[:3])
        assert not failures(app)
        await search(pilot, "ceasefire")
        assert [hit.doc_id for hit in screen.results.hits] == ["page.html"]
        await pilot.press("escape", "enter")
        await settle(pilot, lambda: screen.current_document is not None)
        assert screen.current_document.doc_id == "page.html"


# -- a damaged state file ----------------------------------------------------------------


async def test_the_app_starts_on_a_damaged_state_file_and_says_it_was_set_aside(make_app, tmp_path):
    state_file = tmp_path / "state.json"
    state_file.write_bytes(b"\x00\xff{\"positions\": [garbage")
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = browser(app)
        await settle(pilot, lambda: screen.library_items)
        notes = [n.message for n in app._notifications]
        assert any("unreadable" in n and "state.json.corrupt-" in n for n in notes), notes
        await search(pilot, "ceasefire")
        assert screen.results.hits
        await pilot.press("escape", "q")
    assert UserState.load(state_file).message is None, "quitting wrote a good state file again"
    assert len(list(tmp_path.glob("state.json.corrupt-*"))) == 1


async def test_a_saved_setting_the_app_does_not_know_is_ignored(make_app, tmp_path):
    """A state written by another version (a sort order this one lacks) must not stop the app."""
    (tmp_path / "state.json").write_text(json.dumps({"settings": {"library_sort": "by-colour", "theme": 7}}))
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = browser(app)
        await settle(pilot, lambda: screen.library_items)
        assert screen.library_list.sort == "date"
        assert app.theme == "textual-dark"
        assert not failures(app)


# -- quitting while the index is being built ---------------------------------------------


def fresh_process_tracker() -> None:
    """Stop multiprocessing's resource tracker if an earlier test in this process started it.

    A fresh ``readingroom`` starts it from inside the running app, where sys.stderr is
    Textual's capture; that once made every worker spawn fail. A tracker left over from
    another test would hide exactly that.
    """
    from multiprocessing import resource_tracker

    stop = getattr(resource_tracker._resource_tracker, "_stop", None)
    if stop is not None:
        stop()


@pytest.mark.stress  # a 1,500-file first sync in worker processes, stopped part-way
async def test_quitting_during_a_sync_keeps_what_was_indexed(make_app, tmp_path):
    """q during a long first sync: the app quits promptly, and the next sync carries on
    from what was committed instead of starting over."""
    corpus = tmp_path / "big"
    files = generate(1500, corpus, seed=11)  # enough for the sync to use worker processes
    fresh_process_tracker()
    app = make_app(paths=[corpus])
    async with app.run_test(size=(120, 40)) as pilot:
        bar = app.query_one("#sync-bar", ProgressBar)
        deadline = time.monotonic() + 60
        while not (bar.progress and bar.progress >= 50) and time.monotonic() < deadline:
            await pilot.pause(0.05)  # not settle(): that would wait for the sync to finish
        worker = browser(app).sync_worker
        assert bar.progress and worker is not None and not worker.is_finished, "the sync must still be running"
        started = time.monotonic()
        await pilot.press("escape", "q")
        while app.is_running and time.monotonic() - started < 30:
            await pilot.pause(0.05)
        quit_took = time.monotonic() - started
    assert quit_took < 15, f"quitting took {quit_took:.1f} s"
    assert worker.is_finished

    library = Library([corpus], index_dir=tmp_path / "index")
    try:
        report = library.sync()  # no wait: the quitting app must have let go of the index
        assert report.message is None, report.message
        assert not report.rebuilt
        assert report.unchanged > 0, "what was indexed before quitting is kept"
        assert report.added > 0, "the sync was stopped part-way"
        assert report.unchanged + report.added == len(files)
        assert library.count("full") == len(files)
        assert library.sync().changed is False
    finally:
        library.close()
