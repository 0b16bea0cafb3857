"""The command line keeps the shell's habits, run as the installed console script.

Errors are status 2 and one line on stderr (a path that names nothing, a mistyped
command); ``search`` answers 1 when nothing is found, as grep does; a reader that
leaves early is no error; output into a pipe is never wrapped; ``index --json``
prints its report; ``show PATH`` finds the corpus of a file without ``-c``.
"""

from __future__ import annotations

import fcntl
import json
import os
import pty
import struct
import subprocess
import termios
from pathlib import Path

import pytest

from .test_cli import SCRIPT, run

LONG_LINE = (
    "The harbour cranes lift containers at dawn while the harbour pilots guide every ship through "
    "the long channel past the breakwater, and the lighthouse keepers count them from the tower."
)


@pytest.fixture
def index_env(tmp_path):
    return {"READINGROOM_INDEX_DIR": str(tmp_path / "ix")}


def one_error_line(result) -> str:
    assert result.returncode == 2, (result.returncode, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    return lines[0]


@pytest.fixture
def harbour(tmp_path) -> Path:
    corpus = tmp_path / "harbour"
    corpus.mkdir()
    (corpus / "a.md").write_text(f"# Harbour\n\n{LONG_LINE}\n", encoding="utf-8")
    return corpus


# -- 1. errors ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ("index", "/nonexistent"),
        ("index", "{corpus}", "/nonexistent"),
        ("search", "x", "-c", "/nonexistent"),
        ("show", "a.md", "-c", "/nonexistent"),
        ("links", "--broken", "-c", "/nonexistent"),
        ("/nonexistent",),
        ("-q", "harbour", "/nonexistent"),
    ],
)
def test_a_path_that_names_nothing_is_an_error(index_env, harbour, args):
    args = [arg.replace("{corpus}", str(harbour)) for arg in args]
    result = run(*args, env_extra=index_env)
    assert one_error_line(result) == "readingroom: no such folder or file: /nonexistent"
    assert result.stdout == ""
    assert not Path(index_env["READINGROOM_INDEX_DIR"]).exists(), "nothing indexed for a corpus that is not there"


@pytest.mark.parametrize(
    "args, line",
    [
        (("serch", "foo"), "readingroom: serch is not a command (did you mean search?) nor a folder or file"),
        (("indx",), "readingroom: indx is not a command (did you mean index?) nor a folder or file"),
        (("bogus",), "readingroom: bogus is not a command (commands: index, search, show, links) nor a folder or file"),
        (("./bogus",), "readingroom: no such folder or file: ./bogus"),
    ],
)
def test_a_first_word_that_is_neither_a_command_nor_a_path_says_so(tmp_path, index_env, args, line):
    result = run(*args, env_extra=index_env, cwd=tmp_path)
    assert one_error_line(result) == line
    assert result.stdout == ""


def test_a_first_word_that_is_an_existing_folder_is_still_browsed_not_refused(tmp_path):
    """`readingroom notes --help`: the folder exists, so it is a path and the browser's parser answers."""
    (tmp_path / "serch").mkdir()
    result = run("serch", "--help", cwd=tmp_path)
    assert result.returncode == 0 and "usage: readingroom" in result.stdout


# -- 2. a closed pipe --------------------------------------------------------------


@pytest.fixture
def many(tmp_path, index_env) -> Path:
    """600 matching documents: their hits are far more than a pipe's buffer holds."""
    corpus = tmp_path / "many"
    corpus.mkdir()
    for number in range(600):
        (corpus / f"n{number:03}.md").write_text(f"# Harbour note {number}\n\n{LONG_LINE}\n", encoding="utf-8")
    built = run("index", str(corpus), env_extra=index_env)
    assert built.returncode == 0, built.stderr
    return corpus


@pytest.mark.parametrize("json_output", [False, True])
def test_a_reader_that_leaves_early_is_no_error(many, index_env, json_output):
    """`readingroom search harbour | head -3`: the reader reads a little and closes the pipe."""
    command = [SCRIPT, "search", "harbour", "-c", str(many), "--limit", "1000"] + (["--json"] if json_output else [])
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env={**os.environ, **index_env}
    )
    try:
        first = [process.stdout.readline() for _ in range(3)]
        process.stdout.close()  # what `head -3` does once it has its lines
        stderr = process.stderr.read().decode()
        process.wait(timeout=120)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert first[0].strip()
    assert process.returncode == 0, stderr
    assert stderr == ""  # no traceback, no "Broken pipe", no "Exception ignored"


def test_the_whole_output_is_larger_than_a_pipe_holds(many, index_env):
    """What makes the test above meaningful: the writer cannot finish before the reader leaves."""
    result = run("search", "harbour", "-c", str(many), "--limit", "1000", env_extra=index_env)
    assert result.returncode == 0 and len(result.stdout.encode()) > 100_000  # a pipe holds 64 KiB on Linux


def test_head_in_a_real_shell_pipeline(many, index_env):
    script = f"{SCRIPT} search harbour -c {many} --limit 1000 | head -3; echo status=${{PIPESTATUS[0]}} >&2"
    done = subprocess.run(["bash", "-c", script], capture_output=True, text=True, timeout=120,
                          env={**os.environ, **index_env})
    assert len(done.stdout.splitlines()) == 3
    assert done.stderr.strip() == "status=0"


# -- 3. no wrapping into a pipe ----------------------------------------------------


def test_output_into_a_pipe_is_not_wrapped(harbour, index_env):
    result = run("search", "harbour", "-c", str(harbour), env_extra={**index_env, "COLUMNS": "40"})
    assert result.returncode == 0, result.stderr
    snippets = [line for line in result.stdout.splitlines() if "cranes" in line]
    assert len(snippets) == 1 and len(snippets[0]) > 80
    assert "past the breakwater" in snippets[0]
    shown = run("show", "a.md", "-c", str(harbour), env_extra={**index_env, "COLUMNS": "40"})
    assert LONG_LINE in shown.stdout.splitlines()


def test_output_on_a_terminal_still_wraps_at_its_width(harbour, index_env):
    """A person's terminal keeps today's rendering: lines wrapped at the terminal's width."""
    reader, writer = pty.openpty()
    fcntl.ioctl(writer, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 60, 0, 0))  # a terminal 60 columns wide
    env = {key: value for key, value in os.environ.items() if key not in ("COLUMNS", "LINES")}
    try:
        process = subprocess.Popen(
            [SCRIPT, "show", "a.md", "-c", str(harbour)],
            stdout=writer, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
            env={**env, **index_env, "TERM": "xterm", "NO_COLOR": "1"},
        )
        os.close(writer)
        writer = None
        shown = b""
        while True:
            try:
                chunk = os.read(reader, 65536)
            except OSError:  # EIO: the command has closed the terminal
                break
            if not chunk:
                break
            shown += chunk
        process.wait(timeout=120)
    finally:
        os.close(reader)
        if writer is not None:
            os.close(writer)
    assert process.returncode == 0, process.stderr.read()
    lines = [line for line in shown.decode().splitlines() if line.strip()]
    assert "cranes" in "".join(lines)
    assert max(len(line) for line in lines) <= 60


# -- 4. grep's statuses ------------------------------------------------------------


def test_search_exits_1_when_nothing_is_found_and_0_when_something_is(harbour, index_env):
    found = run("search", "cranes", "-c", str(harbour), env_extra=index_env)
    assert found.returncode == 0 and "cranes" in found.stdout
    nothing = run("search", "zeppelin", "-c", str(harbour), env_extra=index_env)
    assert nothing.returncode == 1 and nothing.stderr == ""
    assert nothing.stdout.startswith("0 results")
    as_json = run("search", "zeppelin", "-c", str(harbour), "--json", "--as-typed", env_extra=index_env)
    assert as_json.returncode == 1
    assert json.loads(as_json.stdout)["total"] == 0
    found_json = run("search", "cranes", "-c", str(harbour), "--json", env_extra=index_env)
    assert found_json.returncode == 0 and json.loads(found_json.stdout)["total"] == 1


def test_search_error_is_2_with_the_json_still_printed_and_one_line_on_stderr(harbour, index_env):
    result = run("search", "date:nonsense", "-c", str(harbour), "--json", env_extra=index_env)
    assert "not a date" in one_error_line(result).lower()
    assert json.loads(result.stdout)["error"]


# -- 5. index --json ---------------------------------------------------------------


def test_index_json_prints_the_report(tmp_path, harbour, index_env):
    outside = tmp_path / "outside.md"
    outside.write_text("# Outside\n\nNot in the corpus.\n", encoding="utf-8")
    (harbour / "link.md").symlink_to(outside)
    first = run("index", str(harbour), "--json", env_extra=index_env)
    assert first.returncode == 0, first.stderr
    data = json.loads(first.stdout)
    assert {"added", "updated", "removed", "unchanged", "skipped", "rebuilt", "message"} <= set(data)
    assert (data["added"], data["updated"], data["removed"], data["unchanged"]) == (1, 0, 0, 0)
    assert data["skipped"] == [{"path": str(harbour / "link.md"), "reason": "link points outside the corpus"}]
    assert data["rebuilt"] is False and data["message"] is None
    assert data["documents"] == 1 and data["index_dir"]
    (harbour / "b.md").write_text("# Beta\n\nTugboats.\n", encoding="utf-8")
    again = json.loads(run("index", str(harbour), "--json", env_extra=index_env).stdout)
    assert (again["added"], again["unchanged"], again["documents"]) == (1, 1, 2)
    rebuilt = json.loads(run("index", str(harbour), "--json", "--rebuild", env_extra=index_env).stdout)
    assert rebuilt["rebuilt"] is True


def test_index_json_draws_no_progress_bar_on_a_terminal(many, index_env):
    """stderr a terminal, as for a person: with --json nothing but the report is drawn."""
    reader, writer = pty.openpty()
    try:
        result = subprocess.run(
            [SCRIPT, "index", str(many), "--json", "--rebuild"], stdout=subprocess.PIPE, stderr=writer,
            stdin=subprocess.DEVNULL, env={**os.environ, **index_env}, timeout=120,
        )
        os.close(writer)
        writer = None
        drawn = b""
        while True:
            try:
                chunk = os.read(reader, 65536)
            except OSError:
                break
            if not chunk:
                break
            drawn += chunk
    finally:
        os.close(reader)
        if writer is not None:
            os.close(writer)
    assert result.returncode == 0
    assert json.loads(result.stdout)["added"] == 600
    assert b"indexing" not in drawn and b"/600" not in drawn, drawn[-300:]


# -- 6. show PATH without -c -------------------------------------------------------


@pytest.fixture
def notes(tmp_path) -> Path:
    notes = tmp_path / "notes"
    (notes / "sub").mkdir(parents=True)
    (notes / "a.md").write_text("# Alpha\n\nSee [gamma](sub/c.md).\n", encoding="utf-8")
    (notes / "sub" / "c.md").write_text("# Gamma\n\nDeep down.\n", encoding="utf-8")
    return notes


def test_show_a_path_without_corpus_uses_the_files_folder(tmp_path, notes, index_env):
    """No index above the file: its own folder is the corpus (and has an index from then on)."""
    deep = run("show", "notes/sub/c.md", "--json", cwd=tmp_path, env_extra=index_env)
    assert deep.returncode == 0, deep.stderr
    assert json.loads(deep.stdout)["doc_id"] == "c.md"
    result = run("show", "./notes/a.md", "--json", cwd=tmp_path, env_extra=index_env)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["doc_id"] == "a.md" and data["title"] == "Alpha"
    again = run("show", "./notes/sub/c.md", "--json", cwd=tmp_path, env_extra=index_env)
    assert json.loads(again.stdout)["doc_id"] == "c.md"  # notes/ has an index now, but notes/sub/'s is nearer


@pytest.mark.parametrize("override", [True, False], ids=["READINGROOM_INDEX_DIR", "cache-dir"])
def test_show_a_path_finds_the_index_of_a_folder_above_it(tmp_path, notes, index_env, override):
    env = index_env if override else {}
    built = run("index", str(notes), env_extra=env)
    assert built.returncode == 0, built.stderr
    result = run("show", "./notes/sub/c.md", "--json", cwd=tmp_path, env_extra=env)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["doc_id"] == "sub/c.md"  # the indexed corpus: notes/, not notes/sub/
    assert [b["doc_id"] for b in data["backlinks"]] == ["a.md"]
    absolute = run("show", str(notes / "sub" / "c.md"), "--json", cwd="/", env_extra=env)
    assert json.loads(absolute.stdout)["doc_id"] == "sub/c.md"
    linked = run("links", "notes/sub/c.md", "--json", cwd=tmp_path, env_extra=env)
    assert linked.returncode == 0 and [b["doc_id"] for b in json.loads(linked.stdout)["backlinks"]] == ["a.md"]


def test_show_a_doc_id_that_is_no_file_here_still_means_the_default_corpus(tmp_path, index_env):
    from tests.conftest import SEED_ID

    result = run("show", SEED_ID, "--json", cwd=tmp_path, env_extra=index_env)
    assert result.returncode == 0 and json.loads(result.stdout)["doc_id"] == SEED_ID
