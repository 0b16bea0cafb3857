"""The open app follows its folder: saved, new and deleted files show without a restart."""

from __future__ import annotations

from pathlib import Path

import pytest

from tui.host import watch
from tui.widgets.reader import Reader
from tui.widgets.sync_status import SyncStatus

from .conftest import browser, search, settle

WAIT = 600  # settle's attempts: about twelve seconds at most, for a change to be seen and indexed


def hit_ids(screen) -> set[str]:
    return {hit.doc_id for hit in screen.results.hits}


async def watching(pilot, screen) -> None:
    await settle(pilot, lambda: screen.library_items and screen._watcher is not None and not screen._syncing)


@pytest.mark.parametrize("mode", ["events", "poll"])
async def test_new_changed_and_deleted_files_are_found_while_the_app_is_open(make_app, app_corpus, monkeypatch, mode):
    monkeypatch.setenv("READINGROOM_WATCH", mode)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = browser(app)
        await watching(pilot, screen)
        assert screen._watcher.polling is (mode == "poll")
        await search(pilot, "quokkas")
        assert hit_ids(screen) == set()
        (app_corpus / "fresh.md").write_text("# Fresh\n\nNotes on quokkas and their islands.\n", encoding="utf-8")
        await settle(pilot, lambda: "fresh.md" in hit_ids(screen), attempts=WAIT)
        (app_corpus / "fresh.md").unlink()
        await settle(pilot, lambda: "fresh.md" not in hit_ids(screen) and not screen._syncing, attempts=WAIT)
        assert screen.results.hits == [] or "fresh.md" not in hit_ids(screen)


async def test_the_open_document_is_shown_again_in_place_when_its_file_changes(make_app, app_corpus, monkeypatch):
    monkeypatch.setenv("READINGROOM_WATCH", "events")
    note = app_corpus / "long.md"
    note.write_text("# Long note\n\n" + "\n\n".join(f"Paragraph {n} of the note." for n in range(80)) + "\n", encoding="utf-8")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = browser(app)
        await watching(pilot, screen)
        screen.open_document("long.md")
        await settle(pilot, lambda: screen.current_document is not None)
        reader = app.query_one(Reader)
        reader.focus()
        await pilot.press("space", "space")
        await settle(pilot)
        line = int(reader.scroll_y)
        assert line > 0
        with note.open("a", encoding="utf-8") as out:
            out.write("\nA closing paragraph about albatrosses.\n")
        await settle(pilot, lambda: "albatrosses" in reader.document.text, attempts=WAIT)
        assert screen.current_document.doc_id == "long.md"
        assert int(reader.scroll_y) == line  # the same place, not the top
        assert screen.history.back(screen.current_visit()) is None  # a refresh is not a visit


async def test_reindex_from_the_palette_when_nothing_watches(make_app, app_corpus):
    app = make_app()  # READINGROOM_WATCH=off, as every test but these has it
    async with app.run_test(size=(120, 40)) as pilot:
        screen = browser(app)
        await settle(pilot, lambda: screen.library_items and not screen._syncing)
        assert screen._watcher is not None and screen._watcher._thread is None  # off: nothing started
        (app_corpus / "later.md").write_text("# Later\n\nWombats arrive.\n", encoding="utf-8")
        await search(pilot, "wombats")
        assert hit_ids(screen) == set()
        screen.action_reindex()
        await settle(pilot, lambda: "later.md" in hit_ids(screen), attempts=WAIT)


async def test_searching_while_the_first_index_is_built(make_app, tmp_path, monkeypatch):
    from search.indexing import batches

    corpus = tmp_path / "many"
    corpus.mkdir()
    for n in range(60):
        (corpus / f"n{n:02}.md").write_text(f"# Note {n}\n\nMarmots, entry {n}.\n", encoding="utf-8")
    monkeypatch.setattr(batches, "FIRST_COMMIT_SECONDS", 0.0)
    monkeypatch.setattr(batches, "COMMIT_SECONDS", 0.0)
    app = make_app(query="marmots", paths=[corpus])
    labels: list[str] = []
    async with app.run_test(size=(120, 40)) as pilot:
        screen = browser(app)
        status = screen.query_one(SyncStatus)
        original = status.committed

        def committed(done: int, total: int) -> None:
            original(done, total)
            labels.append(str(status.query_one("#sync-label").render()))

        status.committed = committed
        await settle(pilot, lambda: not screen._syncing and len(screen.results.hits) >= 20)
    assert labels and all("results so far" in label for label in labels)


def test_network_file_systems_are_polled(tmp_path):
    mounts = tmp_path / "mounts"
    mounts.write_text(
        "rootfs / ext4 rw 0 0\nserver:/export /mnt/share nfs4 rw 0 0\n//host/docs /mnt/my\\040docs cifs rw 0 0\n",
        encoding="utf-8",
    )
    assert watch.file_system_of(Path("/mnt/share/notes"), str(mounts)) == "nfs4"
    assert watch.file_system_of(Path("/mnt/my docs/a"), str(mounts)) == "cifs"
    assert watch.file_system_of(Path("/home/me"), str(mounts)) == "ext4"
    assert watch.file_system_of(Path("/mnt/sharefoo"), str(mounts)) == "ext4"  # a prefix is not a mount


def test_the_watch_mode_comes_from_the_environment(monkeypatch):
    for value, expected in (("off", "off"), ("0", "off"), ("poll", "poll"), ("", "events"), ("events", "events")):
        monkeypatch.setenv("READINGROOM_WATCH", value)
        assert watch.mode() == expected
