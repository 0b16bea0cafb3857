"""Text that attacks the terminal: a document is data, shown and never obeyed.

The hostile corpus (``tests.hostile.write_hostile_corpus``) carries escape sequences
(CSI, OSC 52 clipboard, OSC 8 links, OSC 0 window title, DCS), BEL, backspace, C1
controls, a bidi override and Rich/Textual markup in every field and in file names.
Wherever readingroom shows them (the command line's text and JSON, the app at 80x24
and 200x60, a real terminal in tmux) nothing of them may reach the terminal as a
control: C0 controls show as control pictures (ESC as ␛), C1 controls as U+FFFD, bidi
controls are dropped, and markup shows as typed.
"""

from __future__ import annotations

import json
import os
import subprocess
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests import hostile
from tests.hostile import ATTACK, MARKUP_LITERALS, WORD, raw_controls, shown, terminal_controls
from tests.tmux import SCRIPT, TmuxTerminal, app_command
from tui.sanitize import json_dumps, visible, visible_in_place, visible_markup, visible_path


# Pieces of the attack as they must show: each placeholder run, and markup as typed.
# (Only pieces without spaces: a long line may wrap at any space.)
SHOWN_PIECES = (
    "\u241b[2J\u241b[31m",  # CSI
    "\u241b]52;c;aGVsbG8=\u2407",  # OSC 52
    "\u241b]8;;http://evil\u241b\\x\u241b]8;;\u241b\\",  # OSC 8
    "\u241b]0;pwned\u2407",  # OSC 0
    "\u241bPq#0;2;0;0;0\u241b\\",  # DCS
    "\u2407\u2408",  # BEL, backspace
    "\ufffd2J\ufffd0;pwned\ufffd",  # C1: CSI, OSC, ST
    "[link=file:///etc/passwd]y[/link]",
    "red]x[/]",
)


def test_the_expected_pieces_are_what_sanitize_makes_of_the_attack():
    line = shown(ATTACK)
    for piece in SHOWN_PIECES:
        assert piece in line
    assert "\u202e" not in line and terminal_controls(line) == []


# -- the corpus ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> hostile.HostileCorpus:
    return hostile.write_hostile_corpus(tmp_path_factory.mktemp("hostile") / "corpus")


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("hostile-index") / "ix"


# -- the command line ------------------------------------------------------------------


def run(*args: str, index_dir: Path) -> subprocess.CompletedProcess:
    """The installed script, output kept as raw bytes; wide lines so nothing wraps."""
    assert SCRIPT, "the readingroom console script is not installed"
    env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE")}
    env.update({"READINGROOM_INDEX_DIR": str(index_dir), "COLUMNS": "4000"})
    return subprocess.run([SCRIPT, *args], capture_output=True, timeout=120, env=env)


def assert_shown_safely(data: bytes, *, pieces=SHOWN_PIECES) -> str:
    """Raw output with nothing a terminal would obey, and the attack shown as placeholders."""
    assert raw_controls(data) == []
    text = data.decode("utf-8")
    assert "\u202e" not in text
    for piece in pieces:
        assert piece in text, f"{piece!r} is not shown"
    return text


def test_index_lists_a_skipped_hostile_name_as_placeholders(corpus, index_dir):
    result = run("index", str(corpus.folder), index_dir=index_dir)
    assert result.returncode == 0, result.stderr
    text = assert_shown_safely(result.stdout, pieces=())
    assert raw_controls(result.stderr) == []
    assert f"skipped {visible_path(corpus.binary_id)}: binary file" in text
    assert "\u241b]0;pwned\u2407\u241b[2J\ufffd2J\u2408[bold red]n[link=file:x].txt" in text


def test_search_prints_hostile_text_as_placeholders(corpus, index_dir):
    result = run("search", WORD, "-c", str(corpus.folder), index_dir=index_dir)
    assert result.returncode == 0, result.stderr
    text = assert_shown_safely(result.stdout)
    assert raw_controls(result.stderr) == []
    assert shown(corpus.article_title) in text
    assert visible_path(corpus.article_id) + " > " + shown(corpus.heading) in text
    assert shown(corpus.related_title) in text
    for literal in MARKUP_LITERALS:
        assert literal in text


def test_show_prints_every_field_as_placeholders(corpus, index_dir):
    result = run("show", corpus.article_id, "-c", str(corpus.folder), index_dir=index_dir)
    assert result.returncode == 0, result.stderr
    text = assert_shown_safely(result.stdout)
    assert raw_controls(result.stderr) == []
    lines = text.splitlines()
    for field in (corpus.article_title, corpus.heading, corpus.caption, corpus.body):
        assert shown(field) in lines, field
    assert any(shown(corpus.related_title) in line for line in lines)
    assert any(shown(corpus.type) in line and shown(corpus.author) in line for line in lines)
    for literal in MARKUP_LITERALS:
        assert literal in text


def test_a_hostile_argument_is_echoed_as_placeholders_in_an_error(corpus, index_dir):
    result = run("show", f"missing {ATTACK}", "-c", str(corpus.folder), index_dir=index_dir)
    assert result.returncode == 2
    assert raw_controls(result.stderr) == [] and "\u202e" not in result.stderr.decode()
    # (A first run on this corpus also notes the skipped binary file, on a line before.)
    assert result.stderr.decode().splitlines()[-1].startswith("readingroom: no document")


def test_a_hostile_query_is_never_echoed_raw(corpus, index_dir):
    result = run("search", f"{WORD} {ATTACK}", "-c", str(corpus.folder), index_dir=index_dir)
    assert raw_controls(result.stdout) == [] and raw_controls(result.stderr) == []
    result = run("search", f"{WORD} {ATTACK}", "-c", str(corpus.folder), "--json", index_dir=index_dir)
    assert raw_controls(result.stdout) == [] and raw_controls(result.stderr) == []
    assert json.loads(result.stdout)["query"] == f"{WORD} {ATTACK}"


def test_in_colour_the_only_escapes_are_readingrooms_own_and_highlights_stay_on_their_words(tmp_path):
    """FORCE_COLOR: the output has SGR colour codes of its own; nothing else may be an
    escape, and the highlighted word is the one searched for even after a dropped bidi
    override earlier in the snippet."""
    import re

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "bidi.txt").write_text(
        f"Bidi \u202e\u202e\u202e flipped \x1b[2J then the quokkaword and {ATTACK} quokkaword again.\n", encoding="utf-8"
    )
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE")}
    env.update({"FORCE_COLOR": "1", "COLUMNS": "4000", "READINGROOM_INDEX_DIR": str(tmp_path / "ix")})
    result = subprocess.run([SCRIPT, "search", "quokkaword", "-c", str(corpus)], capture_output=True, timeout=120, env=env)
    assert result.returncode == 0, result.stderr
    output = result.stdout.decode("utf-8")
    sgr = re.compile(r"\x1b\[[0-9;]*m")
    assert "\x1b[" in output  # colour is on
    highlighted = re.findall(r"\x1b\[[0-9;]*7[0-9;]*m([^\x1b]*)\x1b\[0m", output)  # reversed: the highlights
    assert highlighted and set(highlighted) == {"quokkaword"}, highlighted
    assert raw_controls(sgr.sub("", output).encode("utf-8")) == []


def assert_json_escaped(data: bytes) -> dict:
    """JSON that parses, and whose raw bytes hold no ESC, BEL, BS, C1 or bidi character."""
    assert raw_controls(data) == []
    assert "\u202e".encode() not in data
    assert b"\\u001b" in data and b"\\u009b" in data and b"\\u202e" in data
    return json.loads(data)


def test_search_json_carries_the_original_text_escaped(corpus, index_dir):
    result = run("search", WORD, "-c", str(corpus.folder), "--json", index_dir=index_dir)
    assert result.returncode == 0, result.stderr
    data = assert_json_escaped(result.stdout)
    hits = {hit["doc_id"]: hit for hit in data["hits"]}
    article = hits[corpus.article_id]
    assert article["title"] == corpus.article_title
    assert article["section"]["title"] == corpus.heading
    assert article["type"] == corpus.type and article["topics"] == [corpus.topic]
    assert article["path"] == str(corpus.folder / corpus.article_id)
    assert ATTACK in article["snippet"]
    for start, end in article["highlights"]:
        assert article["snippet"][start:end].casefold() == WORD


def test_show_json_carries_the_original_text_escaped(corpus, index_dir):
    result = run("show", corpus.article_id, "-c", str(corpus.folder), "--json", index_dir=index_dir)
    assert result.returncode == 0, result.stderr
    data = assert_json_escaped(result.stdout)
    assert data["doc_id"] == corpus.article_id and data["title"] == corpus.article_title
    assert data["type"] == corpus.type and data["authors"] == [corpus.author] and data["topics"] == [corpus.topic]
    sections = {section["title"]: section["text"] for section in data["sections"]}
    assert corpus.body in sections[corpus.heading]
    assert [caption["text"] for caption in data["captions"]] == [corpus.caption]
    [related] = data["related"]
    assert related["title"] == corpus.related_title and related["summary"] == corpus.related_summary


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=40))
def test_json_dumps_keeps_any_text_and_escapes_what_a_terminal_obeys(text):
    dumped = json_dumps({"text": text})
    assert json.loads(dumped) == {"text": text}
    assert terminal_controls(dumped) == []


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab []/\\=@:$#{}\x1b\x07\x9b\u202e")), max_size=30))
def test_visible_markup_reads_back_as_the_visible_text(text):
    from textual.content import Content

    content = Content.from_markup(visible_markup(text))
    assert content.plain == visible(text) and not content.spans


# -- the app ---------------------------------------------------------------------------

SIZES = [(80, 24), (200, 60)]


def make_app(corpus: hostile.HostileCorpus, tmp_path: Path, query: str | None = None):
    """The app on the hostile corpus, with its own index, state and keymap files."""
    from tui.app import ReadingRoom

    return ReadingRoom(
        [str(corpus.folder)],
        index_dir=str(tmp_path / "index"),
        query=query,
        state_path=tmp_path / "state.json",
        keymap_path=tmp_path / "keymap.toml",
        show_timing=False,
    )


def drawn(app) -> str:
    """What the screen would draw now, after checking no piece of it is a control.

    Every strip of the screen (toasts and modal screens included) is checked: no
    control segment, no hyperlink style (markup's ``[link=...]`` would make one), and
    no character a terminal obeys. The SVG screenshot is checked as well.
    """
    strips = app.screen._compositor.render_strips()
    for strip in strips:
        for segment in strip:
            assert segment.control is None, segment
            assert not (segment.style and segment.style.link), segment
    text = "\n".join(strip.text for strip in strips)
    assert terminal_controls(text) == [], text
    svg = app.export_screenshot()
    assert terminal_controls(svg) == []
    assert "&#27;" not in svg and "&#x1b;" not in svg.lower() and "&#155;" not in svg
    return text


def assert_placeholders(text: str, pieces=SHOWN_PIECES) -> None:
    missing = [piece for piece in pieces if piece not in text]
    assert not missing, f"not on screen: {missing}\n{text}"


def query_highlights(app) -> list[str]:
    """The highlighted words on the reader's screen (matches are drawn reversed)."""
    from tui.widgets.reader import Reader

    reader = app.query_one(Reader)
    return [
        segment.text.casefold()
        for y in range(reader.scrollable_content_region.height)
        for segment in reader.render_line(y)
        if segment.style and segment.style.reverse
    ]


def reader_text(app) -> str:
    """The reader's lines joined without their line breaks and margins.

    The reader wraps a run without spaces anywhere, so a placeholder run can be cut
    at the end of a line; joined, each piece reads whole again.
    """
    from tui.widgets.reader import Reader

    reader = app.query_one(Reader)
    lines = [reader.render_line(y).text.strip() for y in range(reader.scrollable_content_region.height)]
    return "".join(lines)


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "200x60"])
async def test_the_app_shows_hostile_text_as_placeholders_everywhere(corpus, tmp_path, size):
    from tests.tui.conftest import browser, search, settle

    app = make_app(corpus, tmp_path)
    async with app.run_test(size=size, notifications=True) as pilot:
        screen = browser(app)
        await settle(pilot, lambda: len(screen.library_items) >= 3)
        # the library list
        library = drawn(app)
        assert "Hostile zorblax title \u241b[2J" in library
        assert [item.path for item in screen.skipped] != []  # the binary file, by name
        # the results
        await search(pilot, WORD)
        results = drawn(app)
        assert "Body text with zorblax" in results and "\u241b[2J" in results
        # the hit, open in the reader
        await pilot.press("escape", "enter")
        await settle(pilot, lambda: screen.current_document is not None)
        await settle(pilot)
        assert screen.current_document.doc_id == corpus.article_id
        reader = drawn(app)
        assert query_highlights(app) and set(query_highlights(app)) == {WORD}
        assert_placeholders(reader, hostile.PLACEHOLDERS + ("[link=file:///etc/passwd]y[/link]",))
        assert_placeholders(reader_text(app))
        assert "Why does zorblax" in reader
        # outline and related panes (folded away at 80 columns: F3 brings them)
        if screen.narrow:
            await pilot.press("f3")
            await settle(pilot)
        panes = drawn(app)
        assert "Outline" in panes and "Related" in panes
        assert "Linked zorblax" in panes and "\u241b[2J" in panes
        # a related link followed: the summary document
        await pilot.press("4", "enter")
        await settle(pilot, lambda: screen.current_document.kind == "summary")
        await settle(pilot)
        summary = drawn(app)
        assert "Summary of zorblax" in summary
        assert_placeholders(summary, hostile.PLACEHOLDERS)
        assert_placeholders(reader_text(app))
        # back to the library list
        await pilot.press("s")
        screen.search_box.value = ""
        await settle(pilot, lambda: not screen.results_query)
        await pilot.press("escape")
        await settle(pilot)
        listed = drawn(app)
        assert "Notes zorblax \u241b[2J" in listed and "\u202e" not in listed
        # its filter picker: types and topics from the documents
        await pilot.press("f")
        await settle(pilot)
        picker = drawn(app)
        assert "Filter the library" in picker
        assert picker.count("\u241b[2J\u241b[31m") >= 2  # the hostile type and topic
        assert "[link=file:///etc/passwd]y[/link]" in picker
        await pilot.press("escape")


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "200x60"])
async def test_find_in_a_hostile_document_highlights_the_words_found(corpus, tmp_path, size):
    """`/` finds words before and after placeholders and a dropped bidi override;
    the highlight covers exactly the word, so offsets still line up."""
    from tests.tui.conftest import browser, keys_for, settle
    from tui.widgets.reader import Reader

    app = make_app(corpus, tmp_path)
    async with app.run_test(size=size, notifications=True) as pilot:
        screen = browser(app)
        await settle(pilot, lambda: screen.library_items)
        screen.open_document(corpus.article_id)
        await settle(pilot, lambda: screen.current_document is not None)
        reader = app.query_one(Reader)
        sections = screen.current_document.sections
        for word in ("zorblax", "pwned", "passwd", "inside", "attack"):
            count = sum(s.title.casefold().count(word) + s.text.casefold().count(word) for s in sections)
            assert count >= 1
            await pilot.press("slash")
            screen.query_one("#find").value = ""
            await pilot.press(*keys_for(word))
            await settle(pilot)
            assert reader.match_position[1] == count, word
            await pilot.press("enter")
            drawn(app)
            for _ in range(count):
                await settle(pilot)
                highlighted = query_highlights(app)
                assert highlighted, word
                assert set(highlighted) <= {word, *_pieces(word)}, (word, highlighted)
                await pilot.press("n")
            await pilot.press("escape")


def _pieces(word: str) -> set[str]:
    """A match may be cut where a line wraps: any split of the word, both parts."""
    return {word[:cut] for cut in range(1, len(word))} | {word[cut:] for cut in range(1, len(word))}


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "200x60"])
async def test_a_hostile_query_shows_as_placeholders_in_the_search_box(corpus, tmp_path, size):
    """A query given with -q (or pasted) is drawn with placeholders, and still searched as typed."""
    from tests.tui.conftest import browser, settle

    app = make_app(corpus, tmp_path, query=f"{WORD} {ATTACK}")
    async with app.run_test(size=size, notifications=True) as pilot:
        screen = browser(app)
        await settle(pilot, lambda: screen.results.hits)
        assert screen.search_box.value == f"{WORD} {ATTACK}"
        drawn(app)
        shown_value = visible_in_place(screen.search_box.value)
        assert shown_value.endswith(input_text(screen.search_box))  # scrolled to the cursor, at the end
        assert "\u241b]0;pwned\u2407" in shown_value and "\ufffd" in shown_value
        assert screen.search_box._cursor_offset == len(shown_value) + 1


def input_text(widget) -> str:
    """What an input box draws of its value (it scrolls to keep the cursor in view)."""
    return widget.render_line(0).text.strip()


async def test_text_pasted_into_the_find_bar_shows_as_placeholders_and_is_found(corpus, tmp_path):
    """y copies a section as it is (escapes and all); pasted into `/`, it finds itself."""
    from textual import events

    from tests.tui.conftest import browser, settle
    from tui.widgets.find_bar import FindBar
    from tui.widgets.reader import Reader

    app = make_app(corpus, tmp_path)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        screen = browser(app)
        await settle(pilot, lambda: screen.library_items)
        screen.open_document(corpus.article_id)
        await settle(pilot, lambda: screen.current_document is not None)
        await pilot.press("slash")
        find_bar = app.query_one(FindBar)
        find_bar.post_message(events.Paste(ATTACK))
        await settle(pilot, lambda: find_bar.value == ATTACK)
        await settle(pilot)
        drawn(app)
        assert input_text(find_bar) in visible_in_place(ATTACK) and "\u241b" in input_text(find_bar)
        assert app.query_one(Reader).match_position[1] == 3  # lead, heading and body
        highlighted = query_highlights(app)
        assert highlighted and all(run in visible(ATTACK).casefold() for run in highlighted), highlighted


async def test_the_command_palette_shows_hostile_titles_as_text(corpus, tmp_path):
    """Ctrl+P lists documents by title, with their date and type as help text."""
    from tests.tui.conftest import browser, keys_for, settle

    app = make_app(corpus, tmp_path)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        screen = browser(app)
        await settle(pilot, lambda: len(screen.library_items) >= 3)
        await pilot.press("ctrl+p")
        await settle(pilot)
        drawn(app)
        await pilot.press(*keys_for("zorb"))
        await pilot.pause(0.3)
        await settle(pilot)
        text = drawn(app)
        assert "Hostile zorblax title" in text and "\u241b[2J" in text


async def open_the_hit(pilot, app):
    from tests.tui.conftest import browser, search, settle

    screen = browser(app)
    await settle(pilot, lambda: screen.library_items)
    await search(pilot, WORD)
    await pilot.press("escape", "enter")
    await settle(pilot, lambda: screen.current_document is not None)
    return screen


async def test_the_copied_notice_shows_a_hostile_file_name_as_text(corpus, tmp_path):
    """Y copies the file's path and says so in a toast: "Copied <path>"."""
    from tests.tui.conftest import settle

    app = make_app(corpus, tmp_path)
    async with app.run_test(size=(200, 60), notifications=True) as pilot:
        screen = await open_the_hit(pilot, app)
        assert screen.current_document.doc_id == corpus.article_id
        await pilot.press("Y")
        await settle(pilot)
        text = drawn(app)
        assert "Copied " in text and "[bold red]n[link=file:x]" in text


async def test_the_next_document_notice_shows_a_hostile_title_as_text(corpus, tmp_path):
    """n past the last match opens the next result and names it in a toast."""
    from tests.tui.conftest import settle

    app = make_app(corpus, tmp_path)
    async with app.run_test(size=(200, 60), notifications=True) as pilot:
        screen = await open_the_hit(pilot, app)
        first = screen.current_document.doc_id
        for _ in range(10):
            await pilot.press("n")
            await settle(pilot)
            if screen.current_document.doc_id != first:
                break
        assert screen.current_document.doc_id != first
        text = drawn(app)
        assert "Next document:" in text and "␛[2J" in text


async def test_skipped_files_are_listed_in_the_app_with_hostile_names_as_text(corpus, tmp_path):
    """The sync's notice points to “Skipped files” in the command palette (ctrl+p)."""
    from tests.tui.conftest import browser, keys_for, settle

    app = make_app(corpus, tmp_path)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        screen = browser(app)
        await settle(pilot, lambda: screen.skipped)
        assert "Skipped files" in drawn(app)  # the notice
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*keys_for("skipped files"))
        await pilot.pause(0.3)
        await settle(pilot)
        assert "Skipped files" in drawn(app)
        await pilot.press("enter")
        await settle(pilot)
        text = drawn(app)
        assert "1 file skipped" in text
        assert "binary \u241b]0;pwned\u2407\u241b[2J\ufffd2J\u2408[bold red]n[link=file:x].txt" in text
        assert "binary file" in text


# -- a real terminal ---------------------------------------------------------------------


class Terminal(TmuxTerminal):
    """readingroom in its own tmux server, which would obey OSC 0 and OSC 52 if they came.

    ``set-clipboard on`` lets an application create tmux paste buffers with OSC 52,
    so an attack that got through would show as a buffer.
    """

    def __init__(self, tmp_path: Path, width: int, height: int, command: str) -> None:
        super().__init__(width, height, prefix="rr-hostile", options={"set-clipboard": "on", "allow-rename": "on"})
        self.title_before = self.title()
        self.start(command)

    def title(self) -> str:
        return self.tmux("display-message", "-p", "-t", "rr", "#{pane_title}").strip()

    def buffers(self) -> str:
        return self.tmux("list-buffers")


@pytest.fixture
def terminal(tmp_path):
    opened: list[Terminal] = []

    def start(width: int, height: int, command: str) -> Terminal:
        term = Terminal(tmp_path, width, height, command)
        opened.append(term)
        return term

    yield start
    for term in opened:
        term.close()


def test_the_tmux_check_sees_an_attack_that_gets_through(terminal, tmp_path):
    """The control experiment: the raw attack printed to the pane does set its title and
    a paste buffer, so their absence below means the app stopped it."""
    script = tmp_path / "attack.sh"
    script.write_text("printf '\\033]0;pwned\\007\\033]52;c;aGVsbG8=\\007'; sleep 600\n")
    term = terminal(80, 24, f"sh {script}")
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and not (term.title() == "pwned" and "hello" in term.buffers()):
        time.sleep(0.1)
    assert term.title() == "pwned"
    assert "hello" in term.buffers()


@pytest.mark.parametrize("size", [(80, 24), (200, 60)], ids=["80x24", "200x60"])
def test_in_tmux_the_attack_shows_as_placeholders_and_changes_nothing(terminal, tmp_path, size):
    corpus = hostile.write_hostile_corpus(tmp_path / "corpus")
    term = terminal(*size, app_command(tmp_path, str(corpus.folder), linger=600))
    term.wait_for("documents")
    screen = term.wait_for("\u241b[2J")  # the library, hostile titles and all
    assert "Hostile zorblax title" in screen
    term.keys(WORD, literal=True)
    term.wait_for("3 results")
    term.keys("Escape")
    term.wait_for("Open")
    term.keys("Enter")
    screen = term.wait_for("match ")
    assert "Why does zorblax" in screen
    assert "\u241b]0;pwned\u2407" in screen and "\u241b[2J\u241b[31m" in screen
    assert "\ufffd2J\ufffd0;pwned\ufffd" in screen and "[link=file:///etc/passwd]y[/link]" in screen
    assert terminal_controls(screen) == []
    if size[0] < 110:
        term.keys("F3")
        term.wait_for("Outline")
        screen = term.wait_for("Linked zorblax")  # the related pane fills in from a worker
    assert term.title() != "pwned" and term.title() == term.title_before
    assert term.buffers() == ""
    term.keys("q")
    term.wait_for("READINGROOM-EXITED-0")
    assert term.title() != "pwned" and term.buffers() == ""
