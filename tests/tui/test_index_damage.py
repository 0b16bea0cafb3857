"""The app when its index is damaged or removed during the session: one plain line, a rebuild, results.

Pilot drives the real app on a real corpus and index in tmp_path; the index is
damaged on disk while the app has it open.
"""

from __future__ import annotations

import shutil

from tests.search.storage.test_damage import corrupt_pages

from .conftest import browser, search, settle


def toasts(app) -> list[str]:
    return [n.message for n in app._notifications]


def failures(app) -> list[str]:
    return [n.message for n in app._notifications if n.title == "Something went wrong"]


async def test_the_index_folder_removed_while_the_app_runs_is_rebuilt_and_said_so(make_app, tmp_path):
    app = make_app()
    index = tmp_path / "index"
    async with app.run_test(size=(80, 24)) as pilot:
        screen = browser(app)
        await settle(pilot, lambda: screen.library_items and screen.sync_worker and screen.sync_worker.is_finished)
        await search(pilot, "ceasefire")
        assert [hit.doc_id for hit in screen.results.hits] == ["page.html"]
        shutil.rmtree(index)
        await search(pilot, "verification")
        await settle(pilot, lambda: screen.sync_worker.is_finished and screen.results.hits)
        assert "page.html" in [hit.doc_id for hit in screen.results.hits]
        assert any("The index folder was removed" in message for message in toasts(app))
        assert not failures(app), failures(app)
        assert not any("EmptyIndexError" in message for message in toasts(app))
        assert (index / "whoosh").is_dir() and (index / "library.sqlite").is_file()
        await search(pilot, "ceasefire")
        assert [hit.doc_id for hit in screen.results.hits] == ["page.html"]


async def test_a_database_page_gone_bad_during_the_session_is_one_line_and_a_rebuild(make_app, tmp_path):
    app = make_app()
    index = tmp_path / "index"
    async with app.run_test(size=(80, 24)) as pilot:
        screen = browser(app)
        await settle(pilot, lambda: screen.library_items and screen.sync_worker and screen.sync_worker.is_finished)
        corrupt_pages(index / "library.sqlite", "documents")
        await search(pilot, "ceasefire")
        await settle(pilot, lambda: screen.sync_worker.is_finished and screen.results.hits)
        assert [hit.doc_id for hit in screen.results.hits] == ["page.html"]
        notes = [message for message in toasts(app) if "damaged" in message]
        assert len(notes) == 1 and "malformed" in notes[0] and "\n" not in notes[0]
        assert not failures(app), failures(app)
        assert list(index.glob("library.sqlite.damaged-*")) and list(index.glob("whoosh.damaged-*"))


async def test_the_app_opens_on_a_corrupt_database_and_answers_its_query(make_app, tmp_path):
    from search import Library

    corpus = tmp_path / "corpus"
    index = tmp_path / "index"
    library = Library([corpus], index_dir=index)
    library.sync()
    library.close()
    corrupt_pages(index / "library.sqlite", "documents")
    app = make_app(query="ceasefire")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = browser(app)
        await settle(pilot, lambda: screen.sync_worker and screen.sync_worker.is_finished and screen.results.hits)
        assert [hit.doc_id for hit in screen.results.hits] == ["page.html"]
        # The first listing and the query both find the damage: it is said once.
        assert len([message for message in toasts(app) if "damaged" in message]) == 1, toasts(app)
        assert not failures(app), failures(app)
