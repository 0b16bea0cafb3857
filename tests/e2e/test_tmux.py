"""The installed ``readingroom`` in a real terminal (tmux), typed at as a person would.

Each test starts the console script in its own tmux server, sends keys with
``send-keys`` and reads the screen with ``capture-pane``. Waiting is polling the
screen for the text a person would wait for, with a deadline.
"""

from __future__ import annotations

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
    screen = term.wait_for("Focused pane: SearchBox")
    assert "Delete character left" in screen
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
