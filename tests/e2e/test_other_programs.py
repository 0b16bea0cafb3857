"""`o`, `e` and `y` in the installed ``readingroom`` in tmux, with real programs.

The "browsers" and the "editor" are scripts that record their argv; one named
``w3m`` stands for a terminal browser: it takes the terminal until Enter is
pressed, as a real one does until ``q``. The clipboard is tmux's own: with
``set-clipboard on`` tmux turns the app's OSC 52 into a paste buffer.
"""

from __future__ import annotations

import json
import shlex
import sys
import time
from pathlib import Path

import pytest

from tests.tmux import TmuxTerminal, app_command

HOSTILE = "Before\x1b[201~rm -rf ~\x1b[200~ then\x9b31m and\u202eevil end."


def program(folder: Path, name: str, interactive: bool) -> Path:
    """A script that records its argv to NAME.json; ``interactive`` ones show a line
    and wait for Enter, as a program that owns the terminal does."""
    folder.mkdir(parents=True, exist_ok=True)
    script = folder / name
    body = f"#!{sys.executable}\nimport json, sys\nopen({str(folder / (name + '.json'))!r}, 'w').write(json.dumps(sys.argv[1:]))\n"
    if interactive:
        body += f"print('FAKE-{name.upper()}-HAS-THE-TERMINAL', flush=True)\nsys.stdin.readline()\n"
    script.write_text(body)
    script.chmod(0o755)
    return script


def argv_of(script: Path, timeout: float = 10.0) -> list[str]:
    log = script.parent / (script.name + ".json")
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if log.exists() and log.read_text():
            return json.loads(log.read_text())
        time.sleep(0.05)
    raise AssertionError(f"{script.name} was never run")


@pytest.fixture
def corpus(tmp_path) -> Path:
    root = tmp_path / "corpus"
    root.mkdir()
    (root / "web.md").write_text("# Web\n\nA zebrafish page on the web.\n")
    (root / "web.meta.json").write_text(json.dumps({"url": "https://example.org/zebra?x=1&y=2"}))
    (root / "dash.md").write_text("# Dash\n\nAn okapi in disguise.\n")
    (root / "dash.meta.json").write_text(json.dumps({"url": "-dump"}))
    (root / "-R.md").write_text("# Option\n\nA narwhal named like an option.\n")
    (root / "hostile.md").write_text(f"# Hostile\n\nA quokka. {HOSTILE}\n")
    return root


@pytest.fixture
def terminal(tmp_path, corpus):
    opened: list[TmuxTerminal] = []

    def start(**env: str) -> TmuxTerminal:
        term = TmuxTerminal(100, 30, options={"set-clipboard": "on"})
        opened.append(term)
        quoted = {key: shlex.quote(value) for key, value in env.items()}
        term.start(app_command(tmp_path, shlex.quote(str(corpus)), quoted))
        term.wait_for("documents")
        return term

    yield start
    for term in opened:
        term.close()


def reading(term: TmuxTerminal, word: str, timeout: float = 20.0) -> str:
    """The screen once the document holding ``word`` is open in the reader alone
    (at this width an open document takes the screen), its matches counted."""
    deadline = time.monotonic() + timeout
    screen = ""
    while time.monotonic() < deadline:
        screen = term.screen()
        if word in screen and "match " in screen and "─ Results" not in screen and "─ Library" not in screen:
            return screen
        time.sleep(0.1)
    raise AssertionError(f"never read {word!r}:\n{screen}")


def open_hit(term: TmuxTerminal, word: str, first: bool = False) -> None:
    """Search for ``word`` (from the reader, or at the start) and open its one hit."""
    if not first:
        term.keys("s")  # from the reader: to the search box, which still holds the last query
        term.keys("C-u")
    # The library header: the index is built and listed (a query typed while the
    # first sync runs is answered from what is committed, which may be nothing yet).
    term.wait_for("documents")
    term.keys(word, literal=True)
    term.wait_for("1 result")
    term.keys("Escape")
    term.wait_for("Open")
    term.keys("Enter")
    reading(term, word)
    term.keys("2")


def test_o_e_and_y_hand_other_programs_only_safe_arguments(terminal, tmp_path):
    bin_dir = tmp_path / "bin"
    w3m = program(bin_dir, "w3m", interactive=True)
    vim = program(bin_dir, "vim", interactive=True)
    term = terminal(BROWSER=f"{tmp_path}/missing-browser:{w3m} -o display_link=1 %s", EDITOR=str(vim))

    # a terminal browser takes the terminal (the app is suspended) and gets the URL
    open_hit(term, "zebrafish", first=True)
    term.keys("o")
    term.wait_for("FAKE-W3M-HAS-THE-TERMINAL")
    term.keys("Enter")
    term.wait_for("FAKE-W3M-HAS-THE-TERMINAL", gone=True)
    term.wait_for("zebrafish")
    assert argv_of(w3m) == ["-o", "display_link=1", "https://example.org/zebra?x=1&y=2"]

    # a URL that is an option is refused, with its reason on screen
    (bin_dir / "w3m.json").unlink()
    open_hit(term, "okapi")
    term.keys("o")
    term.wait_for("Not opened: -dump is a")  # the reason follows, wrapped to the toast's width
    time.sleep(0.5)
    assert not (bin_dir / "w3m.json").exists()

    # the editor gets the file named like an option as its absolute path, after --
    # (and the line of the section read before it: the lead, line 1)
    open_hit(term, "narwhal")
    term.keys("e")
    term.wait_for("FAKE-VIM-HAS-THE-TERMINAL")
    term.keys("Enter")
    term.wait_for("FAKE-VIM-HAS-THE-TERMINAL", gone=True)
    term.wait_for("narwhal")
    assert argv_of(vim) == ["+1", "--", str(tmp_path / "corpus" / "-R.md")]

    # the clipboard (tmux's buffer, from OSC 52) gets the section without its escapes
    open_hit(term, "quokka")
    term.keys("y")
    term.wait_for("Copied the section")
    copied = term.tmux("show-buffer")
    assert "rm -rf ~" in copied and "quokka" in copied
    assert "\x1b" not in copied and "\x9b" not in copied and "\u202e" not in copied
    term.keys("q")
    term.wait_for("READINGROOM-EXITED-0")


def test_o_starts_a_graphical_browser_detached_and_the_app_keeps_running(terminal, tmp_path):
    firefox = program(tmp_path / "bin", "firefox", interactive=False)
    term = terminal(BROWSER=f"{firefox} --new-tab %s")
    open_hit(term, "zebrafish", first=True)
    term.keys("o")
    screen = term.wait_for("Opened with firefox")
    assert "zebrafish" in screen  # the app never left the screen
    assert argv_of(firefox) == ["--new-tab", "https://example.org/zebra?x=1&y=2"]
    term.keys("q")
    term.wait_for("READINGROOM-EXITED-0")
