"""The installed ``readingroom`` in a real terminal (tmux), typed at as a person would.

Each test starts the console script in its own tmux server, sends keys with
``send-keys`` and reads the screen with ``capture-pane``. Waiting is polling the
screen for the text a person would wait for, with a deadline.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from tests.tmux import TmuxTerminal, app_command


class Terminal(TmuxTerminal):
    """The installed ``readingroom`` with ``args``, in fresh index, config, data and cache folders."""

    WAIT = 20.0

    def __init__(self, tmp_path: Path, width: int, height: int, env: dict[str, str], args: str = "") -> None:
        super().__init__(width, height)
        self.start(app_command(tmp_path, args, env))


@pytest.fixture
def terminal(tmp_path):
    opened: list[Terminal] = []

    def start(width: int = 80, height: int = 24, args: str = "", **env: str) -> Terminal:
        term = Terminal(tmp_path, width, height, env, args)
        opened.append(term)
        return term

    yield start
    for term in opened:
        term.close()


@pytest.mark.parametrize(
    "size, env",
    [
        ((80, 24), {}),
        ((80, 24), {"TERM": "screen-256color", "NO_COLOR": "1"}),
        ((200, 60), {"TERM": "tmux-256color"}),
    ],
    ids=["80x24-xterm", "80x24-screen-nocolor", "200x60-tmux"],
)
def test_search_open_follow_a_link_and_go_back(terminal, size, env):
    term = terminal(*size, **env)
    term.wait_for("documents")  # the library header: the index is built and listed
    term.keys("party congress", literal=True)
    screen = term.wait_for("1 result")
    assert "North Korea Poses Old Challenges" in screen
    term.keys("Escape")
    term.wait_for("Open")  # the results have focus (footer); Escape+Enter at once would read as alt+Enter
    term.keys("Enter")
    screen = term.wait_for("match ")
    assert "What did we learn out of the recent Party Congress" in screen
    assert "\x1b" not in screen
    # follow the first related link, a summary of a publication the article lists
    term.keys("4")
    term.wait_for("China’s Dilemmas Deepen")
    term.keys("Enter")
    screen = term.wait_for("Summary of a linked publication")
    assert "Kursk" in screen or "Pentagon" in screen
    # and back to the article, where we were
    term.keys("2")
    term.keys("BSpace")
    screen = term.wait_for("Summary of a linked publication", gone=True)
    term.wait_for("match ")
    assert "What did we learn out of the recent Party Congress" in term.screen()
    term.keys("q")
    term.wait_for("READINGROOM-EXITED-0")


def test_a_query_from_the_command_line_and_help(terminal):
    term = terminal(80, 24, args="-q 'pyongyang diplomacy'")
    screen = term.wait_for("1 result")
    assert "pyongyang diplomacy" in screen
    term.keys("F1")  # F1 works even while typing in the search box
    term.wait_for("Focused pane: SearchBox")
    screen = term.wait_for("Earlier query")  # the search box's own keys first: its history
    term.keys("Escape")
    term.wait_for("Focused pane", gone=True)
    term.keys("Escape")
    term.wait_for("Open")
    term.keys("Enter")
    term.wait_for("match ")
    term.keys("?")
    screen = term.wait_for("Focused pane")
    assert "Next section" in screen and "Page down" in screen
    term.keys("Escape")
    term.wait_for("Focused pane", gone=True)
    term.keys("q")
    term.wait_for("READINGROOM-EXITED-0")


def test_a_misspelled_query_is_corrected_and_can_be_searched_as_typed(terminal):
    term = terminal(80, 24)
    term.wait_for("documents")
    term.keys("pyongyng", literal=True)
    screen = term.wait_for("Showing results for pyongyang; search for pyongyng instead")
    assert "1 result" in screen and "North Korea Poses Old Challenges" in screen
    term.keys("Escape")
    screen = term.wait_for("Search as typed")  # the results have focus; the footer names the key
    term.keys("g")  # the top entry
    term.keys("Enter")
    screen = term.wait_for("Did you mean: pyongyang")
    assert "No results" in screen and "Showing results for" not in screen
    assert "North Korea Poses Old Challenges" not in screen
    assert "pyongyng" in screen.splitlines()[1]  # the box still holds what was typed
    term.keys("Enter")  # "Did you mean": the suggestion, spelled right
    screen = term.wait_for("1 result")
    assert "Did you mean" not in screen and "pyongyang" in screen.splitlines()[1]
    term.keys("q")
    term.wait_for("READINGROOM-EXITED-0")


def test_the_index_folder_removed_while_the_program_runs_is_rebuilt(terminal, tmp_path):
    import shutil

    term = terminal(80, 24)
    term.wait_for("documents")
    term.keys("party congress", literal=True)
    term.wait_for("1 result")
    shutil.rmtree(tmp_path / "index")
    term.keys("BSpace")  # the query changes: the next search finds the folder gone
    screen = term.wait_for("folder was removed")
    assert "EmptyIndexError" not in screen and "Traceback" not in screen
    # "party congres", answered from the rebuilt index: spelled as its suggestion says
    term.wait_for("Showing results for party congress; search for party congres instead", timeout=60)
    term.keys("s")
    screen = term.wait_for("Showing results for", gone=True)
    assert "1 result" in screen
    assert (tmp_path / "index" / "whoosh").is_dir()
    term.keys("Escape")
    term.wait_for("Open")
    term.keys("q")
    term.wait_for("READINGROOM-EXITED-0")


NOTE = "\n\n".join(
    ["# Zebra note", "The zebra crossing is where this note starts."]
    + [f"Paragraph {n} of the note, written so that the link below is off the first screen." for n in range(16)]
    + ["## Where to go", "From here, read [the other note](other.md#second-heading) next."]
    + [f"Closing paragraph {n} of the note." for n in range(16)]
) + "\n"
OTHER = "\n\n".join(
    ["# Other note", "The first words of the other note."]
    + [f"Filler {n} of the other note." for n in range(20)]
    + ["## Second heading", "The section the first note links to."]
) + "\n"


def test_tab_to_a_link_follow_it_and_come_back_to_the_same_line(terminal, tmp_path):
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "note.md").write_text(NOTE, encoding="utf-8")
    (notes / "other.md").write_text(OTHER, encoding="utf-8")
    term = terminal(80, 24, args=str(notes))
    term.wait_for("documents")
    term.keys("zebra", literal=True)
    term.wait_for("1 result")
    term.keys("Escape")
    term.wait_for("Open")
    term.keys("Enter")
    term.wait_for("The zebra crossing")
    term.keys("Tab")  # the link is below the screen: Tab brings it into view and selects it
    screen = term.wait_for("link 1/1 → other.md#second-heading")
    assert "From here, read the other note next." in screen
    reading = screen.splitlines()[:12]
    term.keys("Enter")
    screen = term.wait_for("The section the first note links to.")
    assert "Second heading" in screen and "From here, read" not in screen
    term.keys("BSpace")
    term.wait_for("The section the first note links to.", gone=True)
    screen = term.wait_for("From here, read the other note next.")
    assert screen.splitlines()[:12] == reading, "Backspace comes back to the same line"
    assert "\x1b" not in screen
    term.keys("q")
    term.wait_for("READINGROOM-EXITED-0")


def test_a_file_saved_while_the_program_runs_is_found_and_the_open_one_refreshed(terminal, tmp_path):
    notes = tmp_path / "live"
    notes.mkdir()
    (notes / "first.md").write_text("# First note\n\nSomething about herons.\n", encoding="utf-8")
    term = terminal(80, 24, args=str(notes), READINGROOM_WATCH="events")
    term.wait_for("documents")
    term.keys("kingfishers", literal=True)
    term.wait_for("No results")
    (notes / "second.md").write_text("# Second note\n\nKingfishers dive from the bank.\n", encoding="utf-8")
    term.wait_for("1 result")  # no restart, no key: the watcher saw the file
    term.keys("Escape")
    term.wait_for("Open")
    term.keys("Enter")
    term.wait_for("Kingfishers dive from the bank.")
    with (notes / "second.md").open("a", encoding="utf-8") as out:
        out.write("\nThey nest in burrows.\n")
    screen = term.wait_for("They nest in burrows.")  # the open document, shown again in place
    assert "Kingfishers dive from the bank." in screen
    term.keys("q")
    term.wait_for("READINGROOM-EXITED-0")


def test_a_query_searched_before_a_restart_comes_back_with_up_and_resume_reopens_the_document(terminal, tmp_path):
    term = terminal(80, 24)
    term.wait_for("documents")
    term.keys("party congress", literal=True)
    term.wait_for("1 result")
    term.keys("Escape")
    term.wait_for("Open")
    term.keys("Enter")
    term.wait_for("match ")
    term.keys("q")
    term.wait_for("READINGROOM-EXITED-0")
    # The same folders (state, index) again, with --resume: the document read last, where it was left
    term.start(app_command(tmp_path, "--resume"))
    screen = term.wait_for("What did we learn out of the recent Party Congress")
    assert "READINGROOM-EXITED" not in screen
    term.keys("s")
    term.wait_for("Search: words")  # the empty search box has the focus
    term.keys("Up")
    screen = term.wait_for("1 result")
    assert "party congress" in screen.splitlines()[1]
    term.keys("Escape")
    term.wait_for("Open")
    term.keys("q")
    term.wait_for("READINGROOM-EXITED-0")


def _changed(term: TmuxTerminal, before: str, timeout: float = 10.0) -> str:
    """The screen once it is no longer ``before`` (a key has been acted on)."""
    deadline = time.monotonic() + timeout
    screen, last = term.screen(), None
    while (screen == before or screen != last) and time.monotonic() < deadline:
        time.sleep(0.1)
        last, screen = screen, term.screen()  # changed, and drawn to the end (the same twice)
    assert screen != before, f"the screen never changed:\n{screen}"
    return screen


def _text(screen: str) -> list[str]:
    """The screen's lines short of the right edge (where the reader's scrollbar moves)."""
    return [line[:76].rstrip() for line in screen.splitlines()]


def test_less_keys_page_the_reader_and_find_wraps_round_like_vim(terminal):
    term = terminal(80, 24)
    term.wait_for("documents")
    term.keys("party congress", literal=True)
    term.wait_for("1 result")
    term.keys("Escape")
    term.wait_for("Open")
    term.keys("Enter")
    term.wait_for("match ")
    term.keys("g")  # the top of the document
    term.wait_for("North Korea Poses Old Challenges")
    start = _changed(term, "")
    # Space a page down (nothing of the first page left), b back to the very same screen
    term.keys("Space")
    paged = _changed(term, start)
    old = {line for line in _text(start)[:20] if len(line) > 20}
    assert not old & {line for line in _text(paged)[:20] if len(line) > 20}
    term.keys("b")
    assert _text(_changed(term, paged)) == _text(start)
    # Ctrl+d half a page: a line from the lower half of the screen moves up by half of it
    term.keys("C-d")
    halfway = _changed(term, start)
    lines, half = _text(start), _text(halfway)
    row = next(r for r in range(14, 21) if len(lines[r]) > 20 and lines.count(lines[r]) == 1)
    moved_to = half.index(lines[row])
    assert 9 <= row - moved_to <= 12  # half of the reader's 21 or so lines
    term.keys("C-u")
    assert _text(_changed(term, halfway)) == _text(start)
    # / finds; n past the last match goes round to the first, and says so as vim does
    term.keys("/")
    term.wait_for("Find in document")
    term.keys("blinken", literal=True)
    term.wait_for("/5")
    term.keys("Enter")
    for _ in range(5):
        term.keys("n")
    screen = term.wait_for("search hit BOTTOM, continuing at TOP")
    assert "match 1/5" in screen
    term.keys("N")
    screen = term.wait_for("search hit TOP, continuing at BOTTOM")
    term.wait_for("match 5/5")
    assert "Next document" not in term.screen()
    term.keys("q")
    term.wait_for("READINGROOM-EXITED-0")
