"""What the app remembers between runs survives a failed write and a damaged file.

``tui.state.UserState`` is one JSON file. A save that fails half-way (a full disk)
must leave the previous file whole, and a file that cannot be read back must be set
aside, not crash the app or be silently overwritten. Every test uses a state file
under tmp_path; the user's own ~/.local/share is never touched (tests/conftest.py
also points XDG_DATA_HOME elsewhere).
"""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tui.state import MAX_BOOKMARKS, MAX_HISTORY, MAX_POSITIONS, MAX_QUERIES, Bookmark, Position, UserState

REPO = Path(__file__).resolve().parent.parent


def saved_state(path: Path) -> UserState:
    state = UserState.load(path)
    state.settings["theme"] = "light"
    state.remember_position("corpus-a", "notes/café.md", Position("décisions", 12))
    state.remember_visit("corpus-a", "notes/café.md")
    assert state.save() is None
    return state


# -- saving is atomic ------------------------------------------------------------------

# A real failed write, not a mock: the kernel's file-size limit makes the write of a
# big state fail part-way through (EFBIG, as a full disk gives ENOSPC).
SAVE_UNDER_A_SIZE_LIMIT = """
import resource, signal, sys
from pathlib import Path
from tui.state import Position, UserState
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
state = UserState.load(Path(sys.argv[1]))
for n in range(MAX):
    state.remember_position("corpus-a", f"doc-{n:05d}.txt", Position("a-section-id", n))
resource.setrlimit(resource.RLIMIT_FSIZE, (8192, 8192))
print(state.save())
"""


def test_a_save_that_fails_part_way_leaves_the_previous_file_whole(tmp_path):
    path = tmp_path / "state.json"
    saved_state(path)
    before = path.read_bytes()
    assert len(before) < 8192
    code = SAVE_UNDER_A_SIZE_LIMIT.replace("MAX", str(MAX_POSITIONS))
    run = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, cwd=REPO, timeout=60)
    assert run.returncode == 0, run.stderr
    problem = run.stdout.strip()
    assert problem.startswith("Could not save state to") and "\n" not in problem
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["state.json"], "no temporary file is left behind"
    assert UserState.load(path).position("corpus-a", "notes/café.md") == Position("décisions", 12)


def test_a_save_whose_flush_to_disk_fails_is_not_renamed_over_the_old_one(tmp_path, monkeypatch):
    """fsync is where a full disk or a lost NFS server shows up after every byte was written."""
    path = tmp_path / "state.json"
    saved_state(path)
    before = path.read_bytes()

    def no_room(fd):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", no_room)
    state = UserState.load(path)
    state.remember_visit("corpus-a", "another.txt")
    problem = state.save()
    assert problem and "No space left on device" in problem
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["state.json"]


# -- a damaged file is set aside ---------------------------------------------------------

DAMAGED = {
    "garbage bytes": b"\xff\xfe\x00\x01\x89PNG\r\n\x1a\n\x80\x81",
    "half a file": b'{"version": 1, "positions": {"corpus-a": {"x.txt": {"section": "s", "y"',
    "empty": b"",
    "a list": b"[1, 2, 3]",
    "positions a number": b'{"positions": 5}',
    "history a number": b'{"history": {"corpus-a": 5}}',
    "a position not an object": b'{"positions": {"corpus-a": {"x.txt": 5}}}',
    "a line number too big": b'{"positions": {"corpus-a": {"x.txt": {"section": "s", "y": 1e400}}}}',
    "nested too deep": b"[" * 100_000,
    "queries a number": b'{"queries": 5}',
    "a bookmark without its document": b'{"bookmarks": {"corpus-a": [{"section": "s"}]}}',
    "a bookmark not an object": b'{"bookmarks": {"corpus-a": ["x.txt"]}}',
}


@pytest.mark.parametrize("content", DAMAGED.values(), ids=DAMAGED.keys())
def test_a_damaged_state_file_is_set_aside_and_the_state_starts_clean(tmp_path, content):
    path = tmp_path / "state.json"
    path.write_bytes(content)
    state = UserState.load(path)
    assert (state.settings, state.positions, state.history) == ({}, {}, {})
    aside = list(tmp_path.glob("state.json.corrupt-*"))
    assert len(aside) == 1 and aside[0].read_bytes() == content, "the damaged file is kept for a post-mortem"
    assert not path.exists()
    assert state.message and "\n" not in state.message and len(state.message) < 300
    assert "unreadable" in state.message and aside[0].name in state.message
    # the next save writes a good file again, and the file set aside stays
    state.remember_visit("corpus-a", "x.txt")
    assert state.save() is None
    again = UserState.load(path)
    assert again.message is None and again.history == {"corpus-a": ["x.txt"]}
    assert aside[0].exists()


# -- what is remembered comes back ---------------------------------------------------------


def test_positions_history_and_settings_round_trip(tmp_path):
    path = tmp_path / "state" / "state.json"  # the folder is made on first save
    state = UserState.load(path)
    assert state.message is None
    state.settings.update(theme="light", library_sort="title")
    state.remember_position("corpus-a", "notes/café.md", Position("décisions", 12))
    state.remember_position("corpus-a", "page.html", Position(None, 0))
    state.remember_position("corpus-b", "页.txt", Position("第一", 3))
    state.remember_position("corpus-a", "notes/café.md", Position("agenda", 40))  # moved on: most recent last
    for doc in ("a.txt", "b.txt", "a.txt"):
        state.remember_visit("corpus-a", doc)
    assert state.save() is None
    json.loads(path.read_text(encoding="utf-8"))

    loaded = UserState.load(path)
    assert loaded.message is None
    assert loaded.settings == {"theme": "light", "library_sort": "title"}
    assert loaded.positions == {
        "corpus-a": {"page.html": Position(None, 0), "notes/café.md": Position("agenda", 40)},
        "corpus-b": {"页.txt": Position("第一", 3)},
    }
    assert list(loaded.positions["corpus-a"]) == ["page.html", "notes/café.md"]
    assert loaded.history == {"corpus-a": ["b.txt", "a.txt"]}


def test_the_file_keeps_the_most_recent_positions_and_visits(tmp_path):
    path = tmp_path / "state.json"
    state = UserState.load(path)
    for n in range(MAX_POSITIONS + 10):
        state.remember_position("c", f"{n}.txt", Position(None, n))
    for n in range(MAX_HISTORY + 10):
        state.remember_visit("c", f"{n}.txt")
    assert state.save() is None
    loaded = UserState.load(path)
    assert len(loaded.positions["c"]) == MAX_POSITIONS and "9.txt" not in loaded.positions["c"]
    assert loaded.position("c", f"{MAX_POSITIONS + 9}.txt") == Position(None, MAX_POSITIONS + 9)
    assert loaded.history["c"] == [f"{n}.txt" for n in range(10, MAX_HISTORY + 10)]


def test_queries_are_kept_newest_last_once_each_and_bounded(tmp_path):
    path = tmp_path / "state.json"
    state = UserState.load(path)
    for query in ("harbour", "  ", "", "pyongyang", "harbour"):
        state.remember_query(query)
    assert state.queries == ["pyongyang", "harbour"]  # blank ones are not kept; a repeat moves to the end
    for n in range(MAX_QUERIES + 5):
        state.remember_query(f"q{n}")
    assert state.save() is None
    loaded = UserState.load(path)
    assert len(loaded.queries) == MAX_QUERIES
    assert loaded.queries[0] == "q5" and loaded.queries[-1] == f"q{MAX_QUERIES + 4}"


def test_bookmarks_round_trip_once_each_and_bounded(tmp_path):
    path = tmp_path / "state.json"
    state = UserState.load(path)
    mark = Bookmark("notes/café.md", "décisions", "Meeting notes", "Décisions", 1700000000.5)
    assert state.add_bookmark("corpus-a", mark)
    assert not state.add_bookmark("corpus-a", Bookmark("notes/café.md", "décisions"))  # that section already
    assert state.add_bookmark("corpus-a", Bookmark("page.html", None, "Handbook"))
    assert state.add_bookmark("corpus-b", Bookmark("x.txt", "s"))
    assert state.save() is None
    loaded = UserState.load(path)
    assert loaded.message is None
    assert loaded.bookmarks_of("corpus-a") == [mark, Bookmark("page.html", None, "Handbook")]
    assert loaded.remove_bookmark("corpus-a", "page.html", None)
    assert not loaded.remove_bookmark("corpus-a", "page.html", None)
    assert loaded.bookmarks_of("corpus-a") == [mark] and loaded.bookmarks_of("nowhere") == []
    for n in range(MAX_BOOKMARKS + 3):
        loaded.add_bookmark("corpus-c", Bookmark(f"{n}.txt", None))
    assert loaded.save() is None
    again = UserState.load(path)
    marks = again.bookmarks_of("corpus-c")
    assert len(marks) == MAX_BOOKMARKS and marks[0].doc_id == "3.txt"


def test_a_state_file_of_an_older_version_loads_with_no_queries_or_bookmarks(tmp_path):
    path = tmp_path / "state.json"
    path.write_text(json.dumps({"version": 1, "settings": {"theme": "light"}, "history": {"c": ["a.txt"]}}), encoding="utf-8")
    state = UserState.load(path)
    assert state.message is None and state.settings == {"theme": "light"}
    assert state.queries == [] and state.bookmarks == {} and state.recent_visits("c") == ["a.txt"]
